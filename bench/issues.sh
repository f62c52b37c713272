#!/bin/sh
# bench/issues.sh GRID: the cost of the case workflow's writes.
#  1. `grid issue add`, one process per issue, against the same insert done
#     by the sqlite3 shell (one issue row and its report event, one
#     transaction): the target is within 1.5x.
#  2. `grid issue import` of the 1,000,000-row city ledger of gen_city.py:
#     the target is at least 200,000 rows/s.
# Figures are printed, not asserted.  Data goes to bench/data/ (git-ignored).
set -eu
grid=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
SHARED="${SHARED:-$(cd "$here/../.." && pwd)/shared}"
gen="$SHARED/bench/gen_city.py"
data="$here/data"
runs=${RUNS:-50}
mkdir -p "$data"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/grid-bench-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export TZ=Asia/Shanghai LC_ALL=C.UTF-8
unset GRID_ACTOR GRID_NOW

now_ns() { date +%s%N; }

# seed_roster DB YAML CSV_DIR: `grid import` when it works, else the
# roster tables straight from gen_city.py's CSV (units, levels,
# categories, departments: what issues refer to).
seed_roster() {
	if GRID_DB=$1 "$grid" -q import "$2" >/dev/null 2>"$tmp/import.err"; then
		echo "roster: grid import $(basename "$2")"
		return
	fi
	echo "roster: grid import failed ($(head -c 120 "$tmp/import.err")); loading the CSV tables with python"
	python3 - "$1" "$3" <<'PY'
import csv, sqlite3, sys
db = sqlite3.connect(sys.argv[1]); d = sys.argv[2]
rows = list(csv.DictReader(open(d + "/grids.csv", encoding="utf-8")))
levels = []
for r in rows:
    if r["level"] not in levels:
        levels.append(r["level"])
db.executemany("INSERT INTO level VALUES (?,?)", list(enumerate(levels)))
ids = {r["code"]: i + 1 for i, r in enumerate(rows)}
kids = {}
for r in rows:
    kids.setdefault(r["parent_code"], []).append(r["code"])
lr, n, stack = {}, 0, [(c, 0) for c in reversed(kids.get("", []))]
while stack:
    c, state = stack.pop()
    n += 1
    if state == 0:
        lr[c] = [n, 0]
        stack.append((c, 1))
        stack.extend((k, 0) for k in reversed(kids.get(c, [])))
    else:
        lr[c][1] = n
db.executemany("INSERT INTO unit(id,code,name,depth,parent_id,households,lft,rgt) VALUES (?,?,?,?,?,?,?,?)",
               [(ids[r["code"]], r["code"], r["name"], levels.index(r["level"]), ids.get(r["parent_code"]),
                 int(r["households"] or 0), lr[r["code"]][0], lr[r["code"]][1]) for r in rows])
deps = list(csv.DictReader(open(d + "/departments.csv", encoding="utf-8")))
db.executemany("INSERT INTO department(code,name) VALUES (?,?)", [(r["code"], r["name"]) for r in deps])
db.executemany("INSERT INTO category(code,name,deadline_hours) VALUES (?,?,?)",
               [(r["code"], r["name"], int(r["deadline_hours"])) for r in
                csv.DictReader(open(d + "/categories.csv", encoding="utf-8"))])
db.commit()
PY
}

# ---- 1. one-shot issue add ----------------------------------------------------
[ -f "$data/street.yaml" ] || python3 "$gen" --scale street --out "$data/street.yaml" --csv-dir "$data/street_csv" 2>/dev/null
db="$tmp/street.db"
GRID_DB=$db "$grid" -q init
seed_roster "$db" "$data/street.yaml" "$data/street_csv"
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

# ---- 2. the million-row ledger ---------------------------------------------------
if [ ! -f "$data/cases.csv" ] || [ ! -f "$data/city.yaml" ]; then
	python3 "$gen" --scale city --out "$data/city.yaml" --csv-dir "$data/city_csv" --cases 1000000 \
		--cases-out "$data/cases.csv" 2>/dev/null
fi
db="$tmp/city.db"
GRID_DB=$db "$grid" -q init
seed_roster "$db" "$data/city.yaml" "$data/city_csv"
rows=$(($(wc -l <"$data/cases.csv") - 1))
t0=$(now_ns)
# The CPU time as well as the wall time: on a shared machine the wall time
# mostly says how busy the other processes were.
python3 -c '
import resource, subprocess, sys
subprocess.run(sys.argv[1:], check=True)
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print("cpu: %.2f s user, %.2f s system" % (r.ru_utime, r.ru_stime))' env GRID_DB="$db" "$grid" issue import "$data/cases.csv"
t1=$(now_ns)
awk -v ns=$((t1 - t0)) -v n="$rows" 'BEGIN {
	printf "issue import: %d rows in %.2f s = %.0f rows/s (target >= 200000)\n", n, ns / 1e9, n / (ns / 1e9) }'
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "events: $(sqlite3 "$db" 'SELECT count(*) FROM event'), database $(du -m "$db" | cut -f1) MB," \
	"journal mode after: $(sqlite3 "$db" 'PRAGMA journal_mode')"
