# bench/lib.sh: sourced by a bench script run as `sh bench/NAME.sh GRID`:
# sets grid (the binary, made absolute), here (bench/) and REPO, and makes
# the benches' data.
#
# Everything comes from the repository's own generator, so that a clone
# benches with nothing beside it.  Files go to bench/data/ (git-ignored) and
# are reused.  Their names are new, so that files an older generator left
# there are never taken for them, and a file older than the generator is
# made anew, since the generator's output changes when its source does.

grid=$(cd "$(dirname "${1:?usage: sh bench/NAME.sh path/to/grid}")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
REPO=$(dirname "$here")
gencity=$REPO/tests/data/gencity.py
data=$REPO/bench/data
mkdir -p "$data"
if [ ! -f "$gencity" ]; then
	echo "bench: $gencity not found: the benches need the repository's generator" >&2
	exit 1
fi

# stale FILE: FILE is missing, empty or older than the generator
stale() {
	[ ! -s "$1" ] || [ -n "$(find "$gencity" -newer "$1")" ]
}

# gen_roster FILE ARGS...: FILE is the roster of `gencity.py ARGS...`.
# Written aside and renamed, so that an interrupted run leaves no half file
# that would pass for a whole one.
gen_roster() {
	gen_out=$1
	shift
	stale "$gen_out" || return 0
	echo "generating $gen_out" >&2
	if ! python3 "$gencity" "$@" --roster "$gen_out.part" >&2; then
		rm -f "$gen_out.part"
		echo "bench: python3 $gencity $* failed" >&2
		exit 1
	fi
	mv "$gen_out.part" "$gen_out"
}

# gen_ledger FILE N: FILE is a ledger of N cases over the city roster of
# gen_roster ... --scale city (the same seed, so every unit it names is
# there), over the generator's default year, 2025.
gen_ledger() {
	stale "$1" || return 0
	echo "generating $1" >&2
	if ! python3 "$gencity" --scale city --roster /dev/null --ledger "$1.part" --cases "$2" >&2; then
		rm -f "$1.part"
		echo "bench: python3 $gencity --scale city --ledger $1 --cases $2 failed" >&2
		exit 1
	fi
	mv "$1.part" "$1"
}
