#!/bin/sh
# bench/pg.sh GRID: the PostgreSQL engine against its baselines, on a
# throwaway local server (tests/pg/server.sh in a temporary folder, stopped
# and removed at exit), in one run:
#  1. concurrency: WORKERS (16) processes at once, each OPS (100) times
#     `grid issue add` then `grid case accept/assign/resolve/close` of the
#     case it added, against one database: every command that exited 0 is
#     in the history (issues and events counted one by one), no id twice,
#     `grid verify` passes; the throughput beside the same on a SQLite file.
#  2. `grid issue import` of the city ledger (N cases, default 1,000,000)
#     against psql's \copy of the same rows (dumped from a grid import) into
#     the same tables, indexes, keys and triggers (grid init + the roster):
#     the target is within 1.5x; an index grid's load leaves invalid is
#     then built and timed, so that both end with the same indexes; the
#     server's time by statement, and SQLite's import time, beside.
#  3. `grid stats closure --month` (2025-12, and 2025-06, a month with much
#     history after it) and `grid rank` over the year 2025, each against
#     hand-written SQL in psql computing the same numbers (grid-metrics(7)),
#     checked equal: the target is within 2x of the faster hand query.
#  4. `grid report monthly --month 2025-12`: the target is under 1 s.
#  5. The plans of grid's queries behind 3 and 4 (auto_explain: EXPLAIN
#     ANALYZE, BUFFERS of each statement as grid runs it), one line each,
#     and where the server spent the imports' time, in bench/data/pg-plans.txt.
# Figures are printed, not asserted; times are wall clock of whole
# processes (where it says best of 3: the fastest of 3 runs, taken in turn
# with what they are compared with), so the machine's load shows in them:
# the load average is printed last.
#
#   sh bench/pg.sh path/to/grid    (N=100000 for a smaller ledger;
#                                   WORKERS=16 OPS=100 for part 1)
#
# Takes about 20 minutes at N=1,000,000 on 2 cores (5 of them part 1,
# three loads of the ledger into PostgreSQL and one into SQLite, with about
# 0.9 GB of dumps and 5 GB of databases in the temporary folders); under 2
# at N=20000 WORKERS=2 OPS=3.  The roster and ledger come from
# tests/data/gencity.py into bench/data/ (git-ignored) and are reused; the
# databases live and die with the server.
#
# The server is tests/pg/server.sh's, with three settings changed for the
# run: fsync on (server.sh turns it off for the tests; writes are compared
# with SQLite's synchronous=FULL), autovacuum off (so that one load's
# autovacuum does not run during the next timed one: the database the
# measures read gets VACUUM ANALYZE, untimed, as autovacuum would give it) and
# log_min_duration_statement = 100 ms (the log says where the imports'
# time went).  Everything else is PostgreSQL's default, jit included.
# session_user must be a person's login (grid's identity), so the commands
# run as the superuser role named after the OS login, made when missing.
set -eu
. "$(dirname "$0")/lib.sh"
N=${N:-1000000}
WORKERS=${WORKERS:-16}
OPS=${OPS:-100}
export TZ=Asia/Shanghai LC_ALL=C.UTF-8
unset GRID_ACTOR GRID_NOW GRID_DB PGDATABASE PGPORT PGSERVICE PGOPTIONS PGHOSTADDR PGPASSWORD
plans=$data/pg-plans.txt

if ! command -v psql >/dev/null 2>&1; then
	echo "bench/pg.sh: psql not found (Debian: postgresql-client)" >&2
	exit 1
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/grid-bench-pg-XXXXXX")
# The server's own folder: server.sh gives it to the cluster's owner.
srv=$(mktemp -d "${TMPDIR:-/tmp}/grid-bench-pgsrv-XXXXXX")
cleanup() {
	sh "$REPO/tests/pg/server.sh" stop "$srv" >/dev/null 2>&1 || :
	rm -rf "$tmp" "$srv"
}
trap cleanup EXIT
trap 'exit 130' HUP INT PIPE TERM

PGHOST=$(sh "$REPO/tests/pg/server.sh" start "$srv")
export PGHOST
me=$(id -un)
PGUSER=postgres psql -X -q -At -v ON_ERROR_STOP=1 -v me="$me" postgres >/dev/null <<'SQL'
SELECT format('CREATE ROLE %I SUPERUSER LOGIN', :'me') WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'me') \gexec
SQL
export PGUSER="$me"
log=$srv/server.log

# q DB SQL: one value (or rows, unaligned, '|' between fields)
q() {
	psql -X -q -At -v ON_ERROR_STOP=1 -c "$2" "$1"
}
q postgres "ALTER SYSTEM SET fsync = on" >/dev/null
q postgres "ALTER SYSTEM SET autovacuum = off" >/dev/null
q postgres "ALTER SYSTEM SET log_min_duration_statement = '100ms'" >/dev/null
q postgres "SELECT pg_reload_conf()" >/dev/null

# grid_at DB ARGS...: grid on the PostgreSQL database DB
grid_at() {
	db=$1
	shift
	GRID_DB="host=$PGHOST dbname=$db" "$grid" "$@"
}

# must WHAT CMD...: CMD, or the bench stops saying what failed
must() {
	what=$1
	shift
	if ! "$@" >"$tmp/must.out" 2>&1; then
		echo "bench/pg.sh: $what failed:" >&2
		tail -n 20 "$tmp/must.out" >&2
		exit 1
	fi
}

# new_pg DB ROSTER: a new PostgreSQL database made by grid init, with ROSTER
new_pg() {
	must "createdb $1" q postgres "CREATE DATABASE \"$1\""
	must "grid init ($1)" grid_at "$1" -q init
	must "grid import $2 ($1)" grid_at "$1" -q import "$2"
}

# new_sqlite FILE ROSTER: the same on a SQLite file
new_sqlite() {
	must "grid init ($1)" env GRID_DB="$1" "$grid" -q init
	must "grid import $2 ($1)" env GRID_DB="$1" "$grid" -q import "$2"
}

ns() { date +%s%N; }
# secs NS: nanoseconds as seconds, 2 decimals
secs() { awk -v t="$1" 'BEGIN { printf "%.2f", t / 1e9 }'; }
# ratio A B: A / B, 2 decimals
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
# lines: the log's current length, to read what comes after it
lines() { wc -l <"$log" | tr -d ' '; }

# timed CMD...: run CMD once (stdout to $tmp/out), print its wall time in ns
timed() {
	t0=$(ns)
	"$@" >"$tmp/out"
	echo $(($(ns) - t0))
}

# least A B: the smaller of A and B; an empty A is none
least() { if [ -z "$1" ] || [ "$2" -lt "$1" ]; then echo "$2"; else echo "$1"; fi; }

# ---- 1. concurrency ---------------------------------------------------------
street=$data/street-gencity.yaml
gen_roster "$street" --scale street
new_pg conc "$street"
new_sqlite "$tmp/conc.db" "$street"
# One grid unit per worker (taken again from the first when the workers
# outnumber them), and its grid head to assign the cases to.
q conc "SELECT u.code, min(p.pid) FROM unit u JOIN assignment a ON a.unit_id = u.id
	JOIN person p ON p.id = a.person_id
	WHERE u.depth = (SELECT max(depth) FROM unit) AND a.duty = 'grid_head'
	GROUP BY u.code ORDER BY u.code" >"$tmp/units"
nunits=$(wc -l <"$tmp/units")

# worker W LOG ERR: in a subshell, with wdb the database: OPS cases, each
# added then moved to closed; LOG gets "ACTION ID" for every command that
# exited 0, "fail ACTION STATUS" for one that did not (the case's later
# steps are then left out), ERR their messages
worker() {
	w=$1 wlog=$2 werr=$3
	line=$(sed -n "$((w % nunits + 1))p" "$tmp/units")
	unit=${line%|*} to=${line#*|}
	i=0
	: >"$wlog"
	while [ "$i" -lt "$OPS" ]; do
		i=$((i + 1))
		if id=$(GRID_DB=$wdb "$grid" -q issue add --unit "$unit" --category WORK_SAFETY \
			--title "bench $w.$i" 2>>"$werr"); then
			echo "report $id" >>"$wlog"
		else
			echo "fail report $?" >>"$wlog"
			continue
		fi
		for v in accept assign resolve close; do
			opt=
			[ "$v" != assign ] || opt="--to $to"
			# shellcheck disable=SC2086 # opt is empty or two words
			if GRID_DB=$wdb "$grid" -q case "$v" "$id" $opt >/dev/null 2>>"$werr"; then
				echo "$v $id" >>"$wlog"
			else
				echo "fail $v $?" >>"$wlog"
				break
			fi
		done
	done
}

# concurrent ENGINE DB: run the workers at once, check, print a line
concurrent() {
	engine=$1
	t0=$(ns)
	w=0
	while [ "$w" -lt "$WORKERS" ]; do
		(wdb=$2; worker "$w" "$tmp/$engine.log.$w" "$tmp/$engine.err.$w") &
		w=$((w + 1))
	done
	wait
	wall=$(($(ns) - t0))
	cat "$tmp/$engine".log.[0-9]* | grep -v '^fail' | LC_ALL=C sort >"$tmp/$engine.ok" || :
	cat "$tmp/$engine".log.[0-9]* | grep '^fail' | cut -d' ' -f2- | sort | uniq -c |
		awk '{ printf "%s%s exit %s x%d", (NR > 1 ? ", " : ""), $2, $3, $1 }' >"$tmp/$engine.fails" || :
	ok=$(wc -l <"$tmp/$engine.ok")
	adds=$(grep -c '^report ' "$tmp/$engine.ok" || :)
	dup=$(grep '^report ' "$tmp/$engine.ok" | cut -d' ' -f2 | sort | uniq -d | wc -l)
	if [ "$engine" = postgresql ]; then
		issues=$(q conc "SELECT count(*) FROM issue")
		q conc "SELECT action || ' ' || issue_id FROM event" | LC_ALL=C sort >"$tmp/$engine.db"
		vrc=0
		grid_at conc verify >/dev/null 2>"$tmp/verify.err" || vrc=$?
	else
		issues=$(sqlite3 "$2" "SELECT count(*) FROM issue")
		sqlite3 "$2" "SELECT action || ' ' || issue_id FROM event" | LC_ALL=C sort >"$tmp/$engine.db"
		vrc=0
		GRID_DB=$2 "$grid" verify >/dev/null 2>"$tmp/verify.err" || vrc=$?
	fi
	events=$(wc -l <"$tmp/$engine.db")
	lost=$(LC_ALL=C comm -23 "$tmp/$engine.ok" "$tmp/$engine.db" | wc -l)
	extra=$(LC_ALL=C comm -13 "$tmp/$engine.ok" "$tmp/$engine.db" | wc -l)
	[ "$vrc" = 0 ] && verdict=passes || verdict="FAILS (exit $vrc: $(head -n 1 "$tmp/verify.err"))"
	fails=$(cat "$tmp/$engine.fails")
	[ -z "$fails" ] || fails="$fails; first: $(cat "$tmp/$engine".err.[0-9]* | head -n 1)"
	printf '  %-10s %5d of %d commands exited 0 in %6s s = %4.0f operations/s%s\n' "$engine:" "$ok" \
		$((WORKERS * OPS * 5)) "$(secs "$wall")" "$(awk -v n="$ok" -v t="$wall" 'BEGIN { print n / (t / 1e9) }')" \
		"${fails:+ (not: $fails)}"
	printf '  %-10s issues %d for %d adds, events %d for %d commands: %d lost, %d duplicate ids, %d unexplained; grid verify %s\n' \
		"" "$issues" "$adds" "$events" "$ok" "$lost" "$dup" "$extra" "$verdict"
	echo "$ok $wall" >"$tmp/$engine.rate"
}

echo "1. concurrency: $WORKERS processes at once, each $OPS x (grid issue add, case accept, assign, resolve, close)"
concurrent postgresql "host=$PGHOST dbname=conc"
concurrent sqlite "$tmp/conc.db"
read -r pok pwall <"$tmp/postgresql.rate"
read -r sok swall <"$tmp/sqlite.rate"
echo "  throughput PostgreSQL / SQLite: $(ratio "$(awk -v n="$pok" -v t="$pwall" 'BEGIN { print n / t * 1e9 }')" \
	"$(awk -v n="$sok" -v t="$swall" 'BEGIN { print n / t * 1e9 }')")"
q postgres "DROP DATABASE conc" >/dev/null

# ---- 2. the ledger: grid issue import against psql's \copy ------------------
city=$data/city-gencity.yaml
ledger=$data/ledger-$N.csv
gen_roster "$city" --scale city
gen_ledger "$ledger" "$N"
rows=$(($(wc -l <"$ledger") - 1))

# server_time FROM: the time of the statements the server logged (those
# of 100 ms or more) after line FROM of its log, by their first two words
server_time() {
	tail -n +"$(($1 + 1))" "$log" |
		sed -n 's/.*duration: \([0-9.]*\) ms  \(statement\|execute [^:]*\): *\([A-Za-z]*\) *\([A-Za-z_]*\).*/\1 \3 \4/p' |
		awk '{ k = $2 " " $3; t[k] += $1; n[k]++; all += $1 }
			END { for (k in t) printf "%.1f s %s (%d)\n", t[k] / 1000, k, n[k]; printf "%.1f s in all\n", all / 1000 }' |
		sort -rn | tr '\n' ';' | sed 's/;$//; s/;/; /g'
}

# index_state DB: the indexes of issue and event (and event's partitions):
# how many are valid, and the invalid ones by name
index_state() {
	q "$1" "SELECT count(*) FILTER (WHERE x.indisvalid) || ' valid'
		|| coalesce(', invalid: ' || string_agg(i.relname::text, ', ') FILTER (WHERE NOT x.indisvalid), '')
		FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
		WHERE t.relname = 'issue' OR t.relname ~ '^event'"
}

# The database the measures read: the ledger as grid imports it.
new_pg city "$city"
q city CHECKPOINT >/dev/null
first=$(timed grid_at city -q issue import "$ledger")
q city "VACUUM ANALYZE" >/dev/null

# The same rows from psql: dumped, then copied into a database made as the
# first (grid init + the roster: the same tables, indexes, keys, triggers).
for t in issue event; do
	cols=$(q city "SELECT string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position)
		FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = '$t'")
	echo "$cols" >"$tmp/$t.cols"
	must "dumping $t" psql -X -q -v ON_ERROR_STOP=1 -c "\\copy (SELECT $cols FROM $t ORDER BY id) TO '$tmp/$t.copy'" city
done
# The history's head, one row (grid init makes it), written as grid does.
head=$(q city "SELECT format('%s, %L::bytea, %s', id, head, events) FROM history_head")
new_pg city_copy "$city"
q city_copy CHECKPOINT >/dev/null
from=$(lines)
copy_ns=$(timed psql -X -q -1 -v ON_ERROR_STOP=1 \
	-c "\\copy issue($(cat "$tmp/issue.cols")) FROM '$tmp/issue.copy'" \
	-c "\\copy event($(cat "$tmp/event.cols")) FROM '$tmp/event.copy'" \
	-c "INSERT INTO history_head(id, head, events) VALUES ($head)
		ON CONFLICT (id) DO UPDATE SET head = excluded.head, events = excluded.events" city_copy)
copy_server=$(server_time "$from")
rm -f "$tmp"/*.copy

# grid's import into a third database, made the same way.
new_pg city_grid "$city"
q city_grid CHECKPOINT >/dev/null
from=$(lines)
grid_ns=$(timed grid_at city_grid -q issue import "$ledger")
grid_server=$(server_time "$from")
idx_grid=$(index_state city_grid)
# An index grid's load left invalid (a partitioned one rebuilt ON ONLY its
# parent, without its partitions') is built as the load found it, timed:
# the indexes psql's load kept up are then all there.
q city_grid "SELECT 'DROP INDEX ' || x.indexrelid::regclass || '; '
		|| replace(pg_get_indexdef(x.indexrelid), ' ON ONLY ', ' ON ') || ';'
	FROM pg_index x JOIN pg_class t ON t.oid = x.indrelid
	WHERE NOT x.indisvalid AND (t.relname = 'issue' OR t.relname ~ '^event')" >"$tmp/repair.sql"
repair_ns=0
if [ -s "$tmp/repair.sql" ]; then
	repair_what=$(sed 's/^DROP INDEX \([^;]*\);.*/\1/' "$tmp/repair.sql" | tr '\n' ' ')
	repair_ns=$(timed psql -X -q -1 -v ON_ERROR_STOP=1 -f "$tmp/repair.sql" city_grid)
fi

same() {
	q "$1" "SELECT (SELECT count(*) FROM issue) || ' issues, ' || (SELECT count(*) FROM event) || ' events, head '
		|| (SELECT substr(encode(head, 'hex'), 1, 12) FROM history_head)"
}
s_first=$(same city) s_copy=$(same city_copy) s_grid=$(same city_grid)
idx_copy=$(index_state city_copy)
q postgres "DROP DATABASE city_copy" >/dev/null
q postgres "DROP DATABASE city_grid" >/dev/null

# SQLite's import of the same ledger, into a new file.
new_sqlite "$tmp/city.db" "$city"
lite_ns=$(timed env GRID_DB="$tmp/city.db" "$grid" -q issue import "$ledger")
s_lite=$(sqlite3 "$tmp/city.db" "SELECT (SELECT count(*) FROM issue) || ' issues, ' || (SELECT count(*) FROM event) || ' events'")
rm -f "$tmp"/city.db*

echo "2. grid issue import of the city ledger, $rows cases ($ledger)"
printf '  %-46s %7s s   %s\n' "grid issue import, PostgreSQL:" "$(secs "$grid_ns")" "$s_grid"
printf '  %-46s %7s s   %s\n' "psql \\copy of the same rows (baseline):" "$(secs "$copy_ns")" "$s_copy"
printf '  %-46s %7s    (target <= 1.5)\n' "ratio grid / psql:" "$(ratio "$grid_ns" "$copy_ns")"
if [ "$repair_ns" -gt 0 ]; then
	printf '  %-46s %7s s   ratio %s, grid with the indexes psql kept\n' "+ building ${repair_what}as the load found it:" \
		"$(secs "$repair_ns")" "$(ratio $((grid_ns + repair_ns)) "$copy_ns")"
fi
printf '  %-46s %7s s   %s\n' "grid issue import, PostgreSQL, first load:" "$(secs "$first")" "$s_first"
printf '  %-46s %7s s   %s\n' "grid issue import, SQLite:" "$(secs "$lite_ns")" "$s_lite"
echo "  indexes of issue and event after the load: psql $idx_copy; grid $idx_grid"
echo "  server time, grid: $grid_server"
echo "  server time, psql: $copy_server"

# ---- 3. the measures against hand-written SQL ---------------------------------
# A fortnight after the ledger's year, so that every case in it is past.
export GRID_NOW=2026-01-15
# The hand SQL, in psql, takes :since, :until and :asof (Unix seconds; as-of
# is until, now being later).  Its session turns jit off, as grid's own
# connection does (and as one who writes such a query by hand would after
# one look at EXPLAIN).  Two formulations of each: from the history alone
# (grid-metrics(7) word for word: a case is at as-of what its last event
# at or before as-of made it), and from the issue rows, which are where
# their history leads (the history is append-only and every write keeps
# the row and changed_at, the time of the last event), reading the history
# only of the cases changed after as-of.
cat >"$tmp/closure-history.sql" <<'SQL'
SET jit = off;
WITH last AS (
  SELECT DISTINCT ON (e.issue_id) e.issue_id, e.to_status
  FROM issue i JOIN event e ON e.issue_id = i.id
  WHERE i.reported_at >= :since AND i.reported_at < :until AND e.at <= :asof
  ORDER BY e.issue_id, e.at DESC, e.id DESC)
SELECT c.code, count(*) AS found, count(*) FILTER (WHERE l.to_status IN ('resolved', 'closed')) AS resolved
FROM issue i JOIN category c ON c.id = i.category_id LEFT JOIN last l ON l.issue_id = i.id
WHERE i.reported_at >= :since AND i.reported_at < :until AND i.reported_at <= :asof
  AND coalesce(l.to_status, 'reported') <> 'rejected'
GROUP BY c.code ORDER BY c.code;
SQL
cat >"$tmp/closure-rows.sql" <<'SQL'
SET jit = off;
WITH late AS (
  SELECT DISTINCT ON (e.issue_id) e.issue_id, e.to_status
  FROM issue i JOIN event e ON e.issue_id = i.id
  WHERE i.reported_at >= :since AND i.reported_at < :until AND e.at <= :asof
    AND (i.changed_at > :asof OR i.changed_at IS NULL)
  ORDER BY e.issue_id, e.at DESC, e.id DESC)
SELECT c.code, count(*) AS found,
       count(*) FILTER (WHERE coalesce(l.to_status, i.status) IN ('resolved', 'closed')) AS resolved
FROM issue i JOIN category c ON c.id = i.category_id LEFT JOIN late l ON l.issue_id = i.id
WHERE i.reported_at >= :since AND i.reported_at < :until AND i.reported_at <= :asof
  AND (i.changed_at <= :asof OR l.issue_id IS NOT NULL)
  AND coalesce(l.to_status, i.status) <> 'rejected'
GROUP BY c.code ORDER BY c.code;
SQL
# The ranking's closure and on-time rates per unit of the ranking level
# (setting ranking.level, else community), each case counted in the unit
# of that level above the unit where it was found.  hist: the events up to
# as-of with the status before each (lag) and the due time in force after
# it (the last one set: count(due_at) numbers the stretches that share
# one); a resolution is an event to resolved, or to closed from a status
# not done, and it was on time when no due time was in force or it came
# no later than that.
rank_sql() { # HISTORY_FILTER CURRENT_ROWS
	cat <<SQL
SET jit = off;
WITH RECURSIVE lv(unit_id, code) AS (
  SELECT id, code FROM unit WHERE depth = (SELECT depth FROM level WHERE name =
    coalesce((SELECT value FROM setting WHERE key = 'ranking.level'), 'community'))
  UNION ALL SELECT u.id, lv.code FROM unit u JOIN lv ON u.parent_id = lv.unit_id),
hist AS (
  SELECT e.issue_id, e.at, e.id, e.to_status, e.due_at,
         lag(e.to_status) OVER w AS prev, count(e.due_at) OVER w AS g
  FROM issue i JOIN event e ON e.issue_id = i.id
  WHERE i.reported_at >= :since AND i.reported_at < :until AND i.reported_at <= :asof AND e.at <= :asof $1
  WINDOW w AS (PARTITION BY e.issue_id ORDER BY e.at, e.id)),
f AS (
  SELECT issue_id, at, id, to_status,
         first_value(due_at) OVER (PARTITION BY issue_id, g ORDER BY at, id) AS due,
         to_status = 'resolved' OR (to_status = 'closed' AND coalesce(prev, '') NOT IN ('resolved', 'closed')) AS resolution
  FROM hist),
st AS (SELECT DISTINCT ON (issue_id) issue_id, to_status AS status, due FROM f ORDER BY issue_id, at DESC, id DESC),
rs AS (SELECT DISTINCT ON (issue_id) issue_id, due IS NULL OR at <= due AS on_time FROM f WHERE resolution
       ORDER BY issue_id, at DESC, id DESC),
s AS (
  $2
  SELECT i.unit_id, st.status, st.due, coalesce(rs.on_time, true) AS on_time
  FROM st JOIN issue i ON i.id = st.issue_id LEFT JOIN rs ON rs.issue_id = st.issue_id),
per_unit AS (
  SELECT unit_id, count(*) AS found, count(*) FILTER (WHERE status IN ('resolved', 'closed')) AS resolved,
         count(*) FILTER (WHERE status IN ('resolved', 'closed')
                             OR (status IN ('accepted', 'assigned') AND due < :asof)) AS due,
         count(*) FILTER (WHERE status IN ('resolved', 'closed') AND on_time) AS on_time
  FROM s WHERE status <> 'rejected' GROUP BY unit_id)
SELECT lv.code, round(sum(resolved) / sum(found), 9), round(sum(on_time) / nullif(sum(due), 0), 9)
FROM per_unit JOIN lv USING (unit_id) GROUP BY lv.code HAVING sum(found) > 0 ORDER BY lv.code;
SQL
}
rank_sql "" "" >"$tmp/rank-history.sql"
rank_sql "AND (i.changed_at > :asof OR i.changed_at IS NULL)" "SELECT i.unit_id, i.status, i.due_at AS due,
    i.due_at IS NULL OR i.resolved_at IS NULL OR i.resolved_at <= i.due_at AS on_time
  FROM issue i WHERE i.reported_at >= :since AND i.reported_at < :until AND i.reported_at <= :asof
    AND i.changed_at <= :asof
  UNION ALL" >"$tmp/rank-rows.sql"

# hand FILE SINCE UNTIL: the hand SQL of FILE over [SINCE, UNTIL)
hand() {
	since=$(date -d "$2T00:00" +%s) until=$(date -d "$3T00:00" +%s)
	psql -X -q -At -F, -v ON_ERROR_STOP=1 -v since="$since" -v until="$until" -v asof="$until" -f "$tmp/$1.sql" city
}

# grid_csv ARGS...: grid's closure table as code,found,resolved (the
# categories with cases)
closure_csv() {
	grid_at city stats closure --format csv "$@" | awk -F, 'NR > 1 && $3 > 0 { print $1 "," $3 "," $4 }' | LC_ALL=C sort
}
# rank_csv ARGS...: grid's ranking as unit,closure,on_time to 9 decimals
# (the units with cases)
rank_csv() {
	grid_at city rank --format json "$@" | python3 -c '
import json, sys
f = lambda v: "" if v is None else "%.9f" % v
for r in sorted(json.load(sys.stdin)["rows"], key=lambda r: r["unit"].encode()):
    if r["closure_rate"] is not None:
        print("%s,%s,%s" % (r["unit"], f(r["closure_rate"]), f(r["on_time_rate"])))'
}

# measure LABEL GRIDFN HISTORY ROWS SINCE UNTIL GRIDARGS...: time grid and
# the two hand queries, compare their numbers, print the lines
measure() {
	label=$1 fn=$2 hist=$3 rows_sql=$4 since=$5 until=$6
	shift 6
	# In turn, so that a change in the machine's load falls on both.
	g='' r=''
	for i in 1 2 3; do
		g=$(least "$g" "$(timed "$fn" "$@")")
		mv "$tmp/out" "$tmp/grid.out"
		r=$(least "$r" "$(timed hand "$rows_sql" "$since" "$until")")
		mv "$tmp/out" "$tmp/rows.out"
	done
	h=$(timed hand "$hist" "$since" "$until")
	mv "$tmp/out" "$tmp/hist.out"
	cmp -s "$tmp/grid.out" "$tmp/rows.out" && r_same=yes || r_same="NO ($(diff "$tmp/grid.out" "$tmp/rows.out" | grep -c '^[<>]') lines differ)"
	cmp -s "$tmp/grid.out" "$tmp/hist.out" && h_same=yes || h_same="NO ($(diff "$tmp/grid.out" "$tmp/hist.out" | grep -c '^[<>]') lines differ)"
	[ "$r" -le "$h" ] && yard=$r || yard=$h
	printf '  %-52s %6s s   (%d rows compared)\n' "$label:" "$(secs "$g")" "$(wc -l <"$tmp/grid.out")"
	printf '  %-52s %6s s   same numbers as grid: %s\n' "hand SQL, rows + history after as-of:" "$(secs "$r")" "$r_same"
	printf '  %-52s %6s s   same numbers as grid: %s\n' "hand SQL, history alone (one run):" "$(secs "$h")" "$h_same"
	printf '  %-52s %6s     (target <= 2)\n' "ratio grid / faster hand SQL:" "$(ratio "$g" "$yard")"
}

echo "3. the measures over $rows cases, now $GRID_NOW (best of 3; hand SQL in psql with jit off)"
measure "grid stats closure --month 2025-12" closure_csv closure-history closure-rows 2025-12-01 2026-01-01 --month 2025-12
measure "grid stats closure --month 2025-06" closure_csv closure-history closure-rows 2025-06-01 2025-07-01 --month 2025-06
measure "grid rank --since 2025-01-01 --until 2026-01-01" rank_csv rank-history rank-rows 2025-01-01 2026-01-01 \
	--since 2025-01-01 --until 2026-01-01

# ---- 4. the monthly notice ----------------------------------------------------
report() { grid_at city report monthly --month 2025-12; }
r=''
for i in 1 2 3; do r=$(least "$r" "$(timed report)"); done
echo "4. the monthly notice (best of 3)"
printf '  %-52s %6s s   (target < 1 s)\n' "grid report monthly --month 2025-12:" "$(secs "$r")"

# ---- 5. the plans -------------------------------------------------------------
# One more run of each command with auto_explain logging every statement's
# EXPLAIN (ANALYZE, BUFFERS) as grid runs it (parameters bound), summed up
# one line each: the top node, the time, JIT, the indexes and the scans of
# whole tables.  Then the imports' server time, then the plans in full.
summarize() { # CMD: the summaries of the plans logged after line $from
	tail -n +"$((from + 1))" "$log" | awk -v cmd="$1" '
	function label(s) {
		if (s ~ /FROM unit ORDER BY lft/) return "stats.c store_stats_units"
		if (s ~ /CASE WHEN i\.status IN/) return "stats.c store_stats_current (CURRENT_COLS)"
		if (s ~ /LEFT JOIN event e/ && s ~ /UNION ALL/) return "stats.c store_stats_scan (SCAN_TIME)"
		if (s ~ /LEFT JOIN event e/) return "stats.c store_stats_scan (SCAN_PROBE)"
		if (s ~ /i\.due_at < \$3/) return "stats.c store_stats_open_overdue (OPEN_COLS)"
		if (s ~ /min\(reported_at\)/) return "stats.c store_stats_first_reported"
		if (s ~ /FROM unit WHERE lft BETWEEN/) return "fieldwork.c the units in scope"
		if (s ~ /FROM assignment a JOIN unit u/) return "fieldwork.c the grid_head posts"
		if (s ~ /FROM visit v JOIN unit u/) return "fieldwork.c the households visited"
		if (s ~ /FROM diary d JOIN unit u/) return "fieldwork.c the diaries"
		gsub(/[ \t]+/, " ", s)
		return substr(s, 1, 60)
	}
	function flush(  name, rows) {
		if (dur == "")
			return
		if (dur + 0 >= 1 || label(q) ~ /^stats\.c/) {
			name = top
			sub(/^[ \t]*/, "", name)
			sub(/  \(cost=.*/, "", name)
			rows = top
			sub(/.* rows=/, "", rows)
			sub(/ .*/, "", rows)
			printf "%.1f\t%-16s %-44s %9.1f ms  top: %s (rows %s)%s  indexes: %s  whole scans: %s\n",
				dur, cmd, label(q), dur, name, rows, jit == "" ? "" : "  JIT " jit " ms", idx == "" ? "-" : idx, seq == "" ? "-" : seq
		}
		dur = ""
	}
	/ LOG:  duration: [0-9.]+ ms  plan:/ {
		flush()
		dur = $0
		sub(/.*duration: /, "", dur)
		sub(/ ms.*/, "", dur)
		q = top = idx = seq = jit = ""
		next
	}
	dur != "" && /^\t/ {
		if (q == "" && /^\tQuery Text: /) { q = substr($0, 14); next }
		if (top == "" && /\(cost=/) top = $0
		if (match($0, / using [^ ]+ on [^ ]+/)) {
			i = substr($0, RSTART + 7, RLENGTH - 7)
			sub(/ on .*/, "", i)
			if (index(" " idx ",", " " i ",") == 0) idx = idx (idx == "" ? "" : ", ") i
		}
		if (match($0, /Seq Scan on [^ ]+/) && $0 !~ /never executed/ && $0 !~ / rows=0 loops/) {
			t = substr($0, RSTART + 12, RLENGTH - 12)
			r = $0
			sub(/.*actual time=[^ ]* rows=/, "", r)
			sub(/\).*/, "", r)
			seq = seq (seq == "" ? "" : ", ") t " (rows=" r ")"
		}
		if (/Timing: .*Total [0-9.]+ ms/) { jit = $0; sub(/.*Total /, "", jit); sub(/ ms.*/, "", jit) }
		next
	}
	dur != "" { flush() }
	END { flush() }'
}
explain_opts="-c session_preload_libraries=auto_explain -c auto_explain.log_min_duration=0"
explain_opts="$explain_opts -c auto_explain.log_analyze=on -c auto_explain.log_buffers=on -c log_min_duration_statement=-1"
{
	echo "# bench/pg.sh, $(date -u +%Y-%m-%dT%H:%MZ): $(q postgres 'SHOW server_version'), $rows cases, now $GRID_NOW"
	echo "# jit=$(q postgres 'SHOW jit') jit_above_cost=$(q postgres 'SHOW jit_above_cost')" \
		"work_mem=$(q postgres 'SHOW work_mem') shared_buffers=$(q postgres 'SHOW shared_buffers')"
	echo "# indexes of issue and event (and its partitions) in the database measured: $(index_state city)"
	echo
	echo "## grid's statements (auto_explain: EXPLAIN ANALYZE, BUFFERS), one line each (those of 1 ms or more, and stats.c's)"
} >"$plans"
: >"$tmp/plans.full"
set -- "stats closure --month 2025-12" "stats closure --month 2025-06" \
	"rank --since 2025-01-01 --until 2026-01-01" "report monthly --month 2025-12"
echo "5. plans of grid's queries (auto_explain, one more run of each): $plans"
for c in "$@"; do
	from=$(lines)
	# shellcheck disable=SC2086 # c is the command's words
	PGOPTIONS=$explain_opts grid_at city $c >/dev/null
	summarize "$(echo "${c%% -*}" | tr ' ' _)" >"$tmp/summary"
	cut -f2- "$tmp/summary" >>"$plans"
	{
		echo "### grid $c"
		tail -n +"$((from + 1))" "$log"
	} >>"$tmp/plans.full"
	slow=$(sort -rn "$tmp/summary" | head -n 1 | cut -f2- | sed 's/^[^ ]* *//; s/  indexes:.*//; s/   */ /g')
	printf '  %-46s slowest: %s\n' "grid $c:" "$slow"
done
{
	echo
	echo "## where the server spent the imports' time (statements of 100 ms or more, log_min_duration_statement)"
	echo "grid issue import: $grid_server"
	printf 'psql \\copy:        %s\n' "$copy_server"
	echo
	echo "## the plans in full"
	cat "$tmp/plans.full"
} >>"$plans"

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) processors"
