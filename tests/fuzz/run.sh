#!/bin/sh
# make fuzz: build the libFuzzer targets with clang (ASan + UBSan) in
# build-fuzz and run each for a bounded time on a copy of its seed corpus.
#
#   FUZZ_SECONDS=30   time per target (libFuzzer -max_total_time)
#   FUZZ_TARGETS="time yaml"   which targets (default: every one built)
#   FUZZ_BUILD=build-fuzz      the build folder
#
# New inputs found are left in $FUZZ_BUILD/corpus/NAME (not committed: copy
# the interesting ones into tests/fuzz/corpus/NAME by hand).  A crash leaves
# crash-* in $FUZZ_BUILD/artifacts/NAME/ and makes this script exit 1;
# replay it with  $FUZZ_BUILD/tests/fuzz/fuzz_NAME FILE.
set -u
cd "$(dirname "$0")/../.."
SECONDS_EACH=${FUZZ_SECONDS:-30}
B=${FUZZ_BUILD:-build-fuzz}
SUDO=
[ "$(id -u)" = 0 ] || SUDO=sudo

# clang and its runtime libraries (libFuzzer, the sanitizers) are Debian packages.
missing=
for p in clang libclang-rt-14-dev; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed' || missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "fuzz: installing$missing"
	$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing || exit 1
fi

if [ ! -f "$B/build.ninja" ]; then
	# werror off: clang warns about things gcc does not, and a fuzz run
	# should not stop on a warning.
	CC=clang meson setup "$B" -Dfuzz=true -Dwerror=false -Dbuildtype=debugoptimized -Db_lundef=false || exit 1
fi
ninja -C "$B" -j2 || exit 1

targets=${FUZZ_TARGETS:-$(ls "$B"/tests/fuzz/ | sed -n 's/^fuzz_\([a-z_]*\)$/\1/p')}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
export TZ=Asia/Shanghai
# The scratch databases on tmpfs: the importers' fsyncs cost nothing there.
if [ -z "${TMPDIR:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ]; then
	export TMPDIR=/dev/shm
fi
failed=
for t in $targets; do
	exe="$B/tests/fuzz/fuzz_$t"
	[ -x "$exe" ] || { echo "fuzz: no target '$t'"; failed="$failed $t"; continue; }
	corpus="$B/corpus/$t"
	artifacts="$B/artifacts/$t"
	mkdir -p "$corpus" "$artifacts"
	cp -n tests/fuzz/corpus/"$t"/* "$corpus"/ 2>/dev/null
	dict=
	[ -f "tests/fuzz/$t.dict" ] && dict="-dict=tests/fuzz/$t.dict"
	echo "fuzz: $t for ${SECONDS_EACH}s"
	if "$exe" $dict -max_total_time="$SECONDS_EACH" -max_len=65536 -rss_limit_mb=2048 -timeout=10 \
		-print_final_stats=1 -artifact_prefix="$artifacts/" "$corpus" >"$B/fuzz-$t.log" 2>&1; then
		echo "fuzz: $t ok: $(grep -E '^stat::number_of_executed_units' "$B/fuzz-$t.log" | awk '{print $2}') runs," \
			"$(ls "$corpus" | wc -l) inputs in the corpus"
	else
		echo "fuzz: $t FAILED; see $B/fuzz-$t.log:"
		grep -E 'ERROR|SUMMARY|property violated|Test unit written' "$B/fuzz-$t.log" | head -5
		failed="$failed $t"
	fi
done
if [ -n "$failed" ]; then
	echo "fuzz: failed:$failed"
	exit 1
fi
echo "fuzz: every target ran ${SECONDS_EACH}s without a crash"
