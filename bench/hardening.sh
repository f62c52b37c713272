#!/bin/sh
# Hardening at scale, too slow for the test suite: a city roster imported
# under a 512 MB address-space limit, killed at many points, and the cost of
# hostile inputs as they grow (a quadratic one shows as time x4 per doubling).
#
#   sh bench/hardening.sh path/to/grid      (KILLS=40 by default)
#
# The rosters come from tests/data/gencity.py into bench/data/ (git-ignored)
# and are reused; the databases and the hostile inputs go to a temporary
# folder, removed afterwards.  Not -e: a refused or killed import is what
# is measured here, not a reason to stop.
set -u
. "$(dirname "$0")/lib.sh"
KILLS=${KILLS:-40}
T=$(mktemp -d "${TMPDIR:-/tmp}/grid-bench-hard-XXXXXX")
trap 'rm -rf "$T"' EXIT
export TZ=Asia/Shanghai GRID_DB="$T/g.db"

ms() { date +%s%3N; }

# timed LABEL CMD...: run under ulimit -v 512 MB, print seconds and max RSS.
timed() {
	label=$1
	shift
	(ulimit -v 524288; /usr/bin/time -f "%e %M %x" "$@" >/dev/null 2>"$T/err") 2>/dev/null
	set -- $(tail -n 1 "$T/err")
	printf '%-44s %6s s  %7s KB  exit %s\n' "$label" "$1" "$2" "$3"
}

city=$data/city-gencity.yaml
district=$data/district-gencity-seed7.yaml
gen_roster "$city" --scale city
gen_roster "$district" --scale district --seed 7
echo "city roster: $(wc -c <"$city") bytes"

"$grid" init -q
timed "import city (new database)" "$grid" import -q "$city"
timed "import city again (all unchanged)" "$grid" import -q "$city"
timed "export city" "$grid" export
timed "import district --prune over city" "$grid" import -q --prune "$district"

# ---- SIGKILL across a city import ---------------------------------------
# Over a fresh database: after each kill, either no roster or the whole city.
rm -f "$T"/g.db*
"$grid" init -q
sqlite3 "$GRID_DB" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
cp "$GRID_DB" "$T/base.db"
"$grid" export | md5sum >"$T/old.sum"
t0=$(ms)
GRID_DB="$T/full.db" sh -c 'cp "$0" "$GRID_DB" && "$1" import -q "$2" >/dev/null' "$T/base.db" "$grid" "$city"
full=$(($(ms) - t0))
GRID_DB="$T/full.db" "$grid" export | md5sum >"$T/new.sum"
old=0 new=0 bad=0 k=0
while [ "$k" -lt "$KILLS" ]; do
	rm -f "$T"/kill.db*
	cp "$T/base.db" "$T/kill.db"
	secs=$(awk "BEGIN { printf \"%.3f\", $full * 1.3 * $k / $KILLS / 1000 }")
	GRID_DB="$T/kill.db" "$grid" import -q "$city" >/dev/null 2>&1 &
	pid=$!
	sleep "$secs"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	if [ "$(sqlite3 "$T/kill.db" 'PRAGMA integrity_check')" != ok ]; then
		bad=$((bad + 1))
	else
		sum=$(GRID_DB="$T/kill.db" "$grid" export | md5sum)
		if [ "$sum" = "$(cat "$T/old.sum")" ]; then old=$((old + 1))
		elif [ "$sum" = "$(cat "$T/new.sum")" ]; then new=$((new + 1))
		else bad=$((bad + 1)); fi
	fi
	k=$((k + 1))
done
echo "city import into a new database (${full} ms) killed $KILLS times: $old old, $new new, $bad broken or mixed"

# ---- hostile inputs as they grow ---------------------------------------------
rm -f "$T"/g.db*
"$grid" init -q
for n in 5000 10000 20000 40000; do
	python3 -c "import sys; n=$n; sys.stdout.write('version: 1\nunits: ' + '['*n + ']'*n + '\n')" >"$T/flow.yaml"
	timed "YAML flow nesting $n deep" timeout 120 "$grid" import -q "$T/flow.yaml"
done
for n in 100000 1000000; do
	python3 -c "import sys; n=$n; sys.stdout.write('version: 1\nunits:\n' + '- '*n + 'x\n')" >"$T/block.yaml"
	timed "YAML block nesting $n deep" timeout 120 "$grid" import -q "$T/block.yaml"
done
for n in 1000000 50000000; do
	python3 -c "import sys; n=$n; sys.stdout.write('version: 1\npeople:\n  - {id: P1, name: \"' + 'x'*n + '\"}\n')" >"$T/name.yaml"
	timed "YAML name of $n characters" "$grid" import -q "$T/name.yaml"
done
unit=$(sqlite3 "$GRID_DB" "SELECT code FROM unit LIMIT 1")
for n in 10000 100000; do
	python3 -c "import sys; n=$n; sys.stdout.write(','.join('c%d' % i for i in range(n)) + '\n' + ','.join('1' * n) + '\n')" >"$T/cols.csv"
	timed "visit CSV with $n columns" "$grid" visit import "$T/cols.csv"
	timed "issue CSV with $n columns" "$grid" issue import "$T/cols.csv"
done
for n in 1000000 50000000; do
	python3 -c "import sys; n=$n; sys.stdout.write('unit,household,by,at,note\n$unit,1,x,2026-11-03,' + 'n'*n + '\n')" >"$T/field.csv"
	timed "visit CSV with a field of $n bytes" "$grid" visit import "$T/field.csv"
	python3 -c "import sys; n=$n; sys.stdout.write('ref,unit,category,reported_at,title\nR1,$unit,C,2026-11-03,' + 't'*n + '\n')" >"$T/field.csv"
	timed "issue CSV with a field of $n bytes" "$grid" issue import "$T/field.csv"
done
