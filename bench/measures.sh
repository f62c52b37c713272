#!/bin/sh
# bench/measures.sh: the measures over 1,000,000 issues against hand-written
# SQL in sqlite3.  Usage: sh bench/measures.sh path/to/grid (N=100000 for
# fewer issues)
#
# Data: tests/data/gencity.py --scale city --cases N (a year, 2025: the same
# ledger as bench/issues.sh), in bench/data/ (git-ignored), loaded with
# `grid import` + `grid issue import` into a database kept there for the
# next run.  Figures are the median of 5 runs, wall clock; the machine's load
# shows in them.
set -eu
. "$(dirname "$0")/lib.sh"
N=${N:-1000000}
roster=$data/city-gencity.yaml
ledger=$data/ledger-$N.csv
# A fortnight after the ledger's year, so that every case in it is past.
export TZ=Asia/Shanghai GRID_NOW=2026-01-15 GRID_DB="$data/measures-$N.db"

# load ARGS...: grid ARGS..., or the script stops and leaves no database
load() {
	if ! "$grid" -q "$@" >/dev/null 2>"$GRID_DB.err"; then
		echo "bench/measures.sh: grid $* failed:" >&2
		cat "$GRID_DB.err" >&2
		rm -f "$GRID_DB" "$GRID_DB-wal" "$GRID_DB-shm" "$GRID_DB.err"
		exit 1
	fi
	rm -f "$GRID_DB.err"
}

gen_roster "$roster" --scale city
gen_ledger "$ledger" "$N"
# The stamp is written once the load is complete: a load cut short, or one
# from older data, is never measured.
if [ ! -f "$GRID_DB.loaded" ] || [ -n "$(find "$roster" "$ledger" -newer "$GRID_DB.loaded")" ]; then
	rm -f "$GRID_DB" "$GRID_DB-wal" "$GRID_DB-shm" "$GRID_DB.loaded"
	load init
	load import "$roster"
	load issue import "$ledger"
	echo "loaded with grid import + grid issue import"
	sqlite3 "$GRID_DB" ANALYZE
	touch "$GRID_DB.loaded"
fi
# A database loaded by an older grid is brought to this one's schema, as a
# user's would be.
load init

# median WHAT CMD...: run 5 times, print the median wall time in ms
median() {
	what=$1
	shift
	for i in 1 2 3 4 5; do
		t0=$(date +%s%N)
		"$@" >/dev/null
		t1=$(date +%s%N)
		echo $(((t1 - t0) / 1000000))
	done | sort -n | sed -n 3p | {
		read -r ms
		printf '%-58s %6s ms\n' "$what" "$ms"
	}
}

jun0=$(date -d 2025-06-01T00:00+08:00 +%s)
jun1=$(date -d 2025-07-01T00:00+08:00 +%s)
dec0=$(date -d 2025-12-01T00:00+08:00 +%s)
dec1=$(date -d 2026-01-01T00:00+08:00 +%s)
hand() {
	sqlite3 "$GRID_DB" "SELECT c.code, count(*), sum(i.status IN ('resolved','closed')) FROM issue i
		JOIN category c ON c.id = i.category_id WHERE i.reported_at >= $1 AND i.reported_at < $2
		AND i.status <> 'rejected' GROUP BY c.id"
}
echo "issues: $(sqlite3 "$GRID_DB" 'SELECT count(*) FROM issue'), events: $(sqlite3 "$GRID_DB" 'SELECT count(*) FROM event')"
median "sqlite3: hand-written closure by category, 2025-12" hand "$dec0" "$dec1"
median "grid stats closure --month 2025-12" "$grid" stats closure --month 2025-12
median "sqlite3: hand-written closure by category, 2025-06" hand "$jun0" "$jun1"
median "grid stats closure --month 2025-06 (history after it)" "$grid" stats closure --month 2025-06
median "grid stats ontime --month 2025-12 --by unit" "$grid" stats ontime --month 2025-12 --by unit
median "grid rank --since 2025-01-01 --until 2026-01-01 (year)" "$grid" rank --since 2025-01-01 --until 2026-01-01
median "grid report monthly --month 2025-12 --format html" "$grid" report monthly --month 2025-12 --format html
median "grid report weekly --week 2025-W50 --format html" "$grid" report weekly --week 2025-W50 --format html
