#!/bin/sh
# make bench: every benchmark in bench/, each against its baseline, in one run.
# Usage: sh bench/run.sh path/to/grid
# Data is generated into bench/data/ (git-ignored) by tests/data/gencity.py.
# bench/pg.sh starts a throwaway PostgreSQL server of its own (tests/pg/server.sh).
# PEER_LOAD, when set, names peer_load.py, the outside baseline of
# bench/import.sh; nothing here looks for files outside the repository.
set -eu
grid=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
for b in import issues measures hardening verify pg; do
	if [ -f "$here/$b.sh" ]; then
		echo "== bench/$b.sh"
		sh "$here/$b.sh" "$grid"
		echo
	fi
done
