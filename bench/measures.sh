#!/bin/sh
# bench/measures.sh: the measures over 1,000,000 issues against hand-written
# SQL in sqlite3.  Usage: sh bench/measures.sh path/to/grid
#
# Data: gen_city.py --scale city --cases 1000000 (a year, 2024), in
# bench/data/ (git-ignored), loaded with `grid import` + `grid issue import`
# when they work, else by bench/measures_load.py (plain SQL inserts of the
# same rows and the history the cases module writes).  Figures are the
# median of 5 runs, wall clock; the machine's load shows in them.
set -eu
grid=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
SHARED="${SHARED:-$(cd "$here/../.." && pwd)/shared}"
data="$here/data"
mkdir -p "$data"
export TZ=Asia/Shanghai GRID_NOW=2025-01-15 GRID_DB="$data/measures.db"
N=${N:-1000000}

if [ ! -f "$data/cases-$N.csv" ]; then
	python3 "$SHARED/bench/gen_city.py" --scale city --out "$data/city.yaml" --csv-dir "$data/city_csv" \
		--cases "$N" --cases-out "$data/cases-$N.csv" >/dev/null
fi
if [ ! -f "$GRID_DB" ]; then
	"$grid" -q init
	if "$grid" -q import "$data/city.yaml" >/dev/null 2>&1 &&
		"$grid" -q issue import "$data/cases-$N.csv" >/dev/null 2>&1; then
		echo "loaded with grid import + grid issue import"
	else
		rm -f "$GRID_DB"
		"$grid" -q init
		python3 "$here/measures_load.py" "$GRID_DB" "$data/city_csv" "$data/cases-$N.csv"
		echo "loaded with bench/measures_load.py (grid import / grid issue import unavailable)"
	fi
	sqlite3 "$GRID_DB" ANALYZE
fi

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

jun0=$(date -d 2024-06-01T00:00+08:00 +%s)
jun1=$(date -d 2024-07-01T00:00+08:00 +%s)
dec0=$(date -d 2024-12-01T00:00+08:00 +%s)
dec1=$(date -d 2025-01-01T00:00+08:00 +%s)
hand() {
	sqlite3 "$GRID_DB" "SELECT c.code, count(*), sum(i.status IN ('resolved','closed')) FROM issue i
		JOIN category c ON c.id = i.category_id WHERE i.reported_at >= $1 AND i.reported_at < $2
		AND i.status <> 'rejected' GROUP BY c.id"
}
echo "issues: $(sqlite3 "$GRID_DB" 'SELECT count(*) FROM issue'), events: $(sqlite3 "$GRID_DB" 'SELECT count(*) FROM event')"
median "sqlite3: hand-written closure by category, 2024-12" hand "$dec0" "$dec1"
median "grid stats closure --month 2024-12" "$grid" stats closure --month 2024-12
median "sqlite3: hand-written closure by category, 2024-06" hand "$jun0" "$jun1"
median "grid stats closure --month 2024-06 (history after it)" "$grid" stats closure --month 2024-06
median "grid stats ontime --month 2024-12 --by unit" "$grid" stats ontime --month 2024-12 --by unit
median "grid rank --since 2024-01-01 --until 2025-01-01 (year)" "$grid" rank --since 2024-01-01 --until 2025-01-01
median "grid report monthly --month 2024-12 --format html" "$grid" report monthly --month 2024-12 --format html
median "grid report weekly --week 2024-W50 --format html" "$grid" report weekly --week 2024-W50 --format html
