#!/bin/sh
# bench/issues.sh GRID: the cost of the case workflow's writes.
#  1. `grid issue add`, one process per issue, against the same insert done
#     by the sqlite3 shell (one issue row and its report event, one
#     transaction): the target is within 1.5x.
#  2. `grid issue import` of a city ledger of tests/data/gencity.py, N rows
#     (default 1,000,000): the target is at least 200,000 rows/s.
# Figures are printed, not asserted.  Data goes to bench/data/ (git-ignored).
set -eu
. "$(dirname "$0")/lib.sh"
runs=${RUNS:-50}
N=${N:-1000000}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/grid-bench-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export TZ=Asia/Shanghai LC_ALL=C.UTF-8
unset GRID_ACTOR GRID_NOW

now_ns() { date +%s%N; }

# seed_roster DB YAML: the roster the issues refer to.  No other way in:
# a bench of a database grid did not load would say nothing about grid.
seed_roster() {
	if ! GRID_DB=$1 "$grid" -q import "$2" >/dev/null 2>"$tmp/import.err"; then
		echo "bench/issues.sh: grid import $2 failed:" >&2
		cat "$tmp/import.err" >&2
		exit 1
	fi
	echo "roster: grid import $(basename "$2")"
}

# ---- 1. one-shot issue add ----------------------------------------------------
gen_roster "$data/street-gencity.yaml" --scale street
db="$tmp/street.db"
GRID_DB=$db "$grid" -q init
seed_roster "$db" "$data/street-gencity.yaml"
unit=$(sqlite3 "$db" "SELECT code FROM unit ORDER BY depth DESC, code LIMIT 1")
unit_id=$(sqlite3 "$db" "SELECT id FROM unit WHERE code = '$unit'")
add_grid="$grid --db $db issue add --unit $unit --category WORK_SAFETY --title bench"
add_sql="sqlite3 $db \"BEGIN IMMEDIATE; INSERT INTO issue(unit_id,handling_unit_id,category_id,title,reported_at,status) SELECT $unit_id,$unit_id,id,'bench',unixepoch(),'reported' FROM category WHERE code='WORK_SAFETY'; INSERT INTO event(issue_id,at,action,to_status,handling_unit_id) VALUES (last_insert_rowid(),unixepoch(),'report','reported',$unit_id); COMMIT;\""
if command -v hyperfine >/dev/null 2>&1; then
	hyperfine -N --warmup 5 --runs "$runs" --export-json "$tmp/add.json" "$add_grid" "$add_sql" >/dev/null
	python3 - "$tmp/add.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
g, s = r[0]["mean"] * 1000, r[1]["mean"] * 1000
print("issue add (hyperfine, %d runs): grid %.2f ms, sqlite3 %.2f ms, ratio %.2f (target <= 1.5)"
      % (len(r[0]["times"]), g, s, g / s))
PY
else
	t0=$(now_ns); i=0
	while [ $i -lt "$runs" ]; do sh -c "$add_grid" >/dev/null; i=$((i + 1)); done
	t1=$(now_ns); i=0
	while [ $i -lt "$runs" ]; do sh -c "$add_sql" >/dev/null; i=$((i + 1)); done
	t2=$(now_ns)
	awk -v g=$((t1 - t0)) -v s=$((t2 - t1)) -v n="$runs" 'BEGIN {
		printf "issue add (loop of %d, via sh -c): grid %.2f ms, sqlite3 %.2f ms, ratio %.2f (target <= 1.5)\n",
			n, g / n / 1e6, s / n / 1e6, g / s }'
fi

# ---- 2. the city ledger (a million rows unless N says otherwise) ----------------
gen_roster "$data/city-gencity.yaml" --scale city
gen_ledger "$data/ledger-$N.csv" "$N"
db="$tmp/city.db"
GRID_DB=$db "$grid" -q init
seed_roster "$db" "$data/city-gencity.yaml"
rows=$(($(wc -l <"$data/ledger-$N.csv") - 1))
t0=$(now_ns)
# The CPU time as well as the wall time: on a shared machine the wall time
# mostly says how busy the other processes were.
python3 -c '
import resource, subprocess, sys
subprocess.run(sys.argv[1:], check=True)
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print("cpu: %.2f s user, %.2f s system" % (r.ru_utime, r.ru_stime))' env GRID_DB="$db" "$grid" issue import "$data/ledger-$N.csv"
t1=$(now_ns)
awk -v ns=$((t1 - t0)) -v n="$rows" 'BEGIN {
	printf "issue import: %d rows in %.2f s = %.0f rows/s (target >= 200000)\n", n, ns / 1e9, n / (ns / 1e9) }'
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "events: $(sqlite3 "$db" 'SELECT count(*) FROM event'), database $(du -m "$db" | cut -f1) MB," \
	"journal mode after: $(sqlite3 "$db" 'PRAGMA journal_mode')"
