#!/bin/sh
# make bench: every benchmark in bench/, each against its baseline, in one run.
# Usage: sh bench/run.sh path/to/grid
# Data is generated into bench/data/ (git-ignored) by ../shared/bench/gen_city.py.
set -eu
grid=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
export SHARED="${SHARED:-$(cd "$here/../.." && pwd)/shared}"
mkdir -p "$here/data"
for b in import issues measures hardening; do
	if [ -f "$here/$b.sh" ]; then
		echo "== bench/$b.sh"
		sh "$here/$b.sh" "$grid"
		echo
	fi
done
