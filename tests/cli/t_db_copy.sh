#!/bin/sh
# grid db copy (grid-db(1)): a street's database copied from SQLite into
# PostgreSQL and back prints the same bytes in every report; a DEST that
# means another thing by a code is refused and left as it was; two streets
# copied one after the other into one city database both verify and report
# as their sources; a source that does not verify, a missing one and a
# copy onto itself are refused.  Needs PostgreSQL: the server PGHOST
# names, or one of its own (tests/pg/server.sh), never a skip.
. "$(dirname "$0")/lib.sh"

# ---- the server --------------------------------------------------------------------
own_pg=
pg_dbs=
pg_cleanup() {
	for d in $pg_dbs; do
		PGUSER=postgres psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $d WITH (FORCE)" >/dev/null 2>&1
	done
	[ -z "$own_pg" ] || sh "$SRCDIR/tests/pg/server.sh" stop "$own_pg" >/dev/null 2>&1
}
# lib.sh's own cleanup, where it has one, runs this too; else a trap.
if command -v at_exit >/dev/null 2>&1; then
	at_exit pg_cleanup
else
	trap 'pg_cleanup; rm -rf "$T"' EXIT
fi
if [ -z "${PGHOST:-}" ]; then
	# The server runs as 'postgres' when the test is root: it must reach
	# its folder.
	[ "$(id -u)" != 0 ] || chmod 0711 "$T"
	if ! PGHOST=$(sh "$SRCDIR/tests/pg/server.sh" start "$T/pg"); then
		echo "Bail out! no PostgreSQL server: tests/pg/server.sh start failed"
		exit 1
	fi
	own_pg="$T/pg"
fi
export PGHOST
unset PGDATABASE PGSERVICE PGPORT PGPASSWORD
# Connected as a superuser role named after the OS login, the server's
# session_user is the login grid sees on SQLite.
me=$(id -un)
PGUSER=postgres psql -X -q -At -v ON_ERROR_STOP=1 -d postgres -v me="$me" >/dev/null 2>&1 <<'EOF'
SELECT format('CREATE ROLE %I SUPERUSER LOGIN', :'me')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'me') \gexec
EOF
export PGUSER="$me"

# pgdb NAME: a new database on the server, printed as grid's --db.
pgdb() {
	d=grid_t_dbcopy_$$_$1
	PGUSER=postgres psql -X -q -d postgres -c "CREATE DATABASE $d" >/dev/null 2>&1 || return 1
	pg_dbs="$pg_dbs $d"
	printf 'host=%s dbname=%s\n' "$PGHOST" "$d"
}
# pgsql DB SQL: psql on grid's --db DB, rows unaligned.
pgsql() {
	psql -X -q -At -v ON_ERROR_STOP=1 -d "$1" -c "$2"
}

# ---- a street with a history, visits and diaries ----------------------------------
src=$T/street.db
gen --scale street --roster "$T/street.yaml" --ledger "$T/street.csv" --cases 5000
run --db "$src" init
is "$status" 0 "init the source street"
run --db "$src" import "$T/street.yaml"
is "$status" 0 "import the street's roster"
run --db "$src" issue import "$T/street.csv"
is "$status" 0 "import its ledger of 5000 cases"

# Cases of today's workflow: one entered for a grid head (the history
# keeps both names), one rejected as the duplicate of a later one.
grid_units=$("$GRID" --db "$src" unit list --level grid --format tsv | tail -n +2 | cut -f1)
g1=$(printf '%s\n' "$grid_units" | sed -n 1p)
g2=$(printf '%s\n' "$grid_units" | sed -n 2p)
h1=$("$GRID" --db "$src" who "$g1" --format tsv | awk -F'\t' '$5 == "grid_head" {print $3; exit}')
a=$("$GRID" --db "$src" --now 2025-12-20T09:00 --as "$h1" issue add --unit "$g1" --category WORK_SAFETY \
	--title '消防通道堵塞' --detail '二号楼' 2>/dev/null)
b=$("$GRID" --db "$src" --now 2025-12-20T10:00 issue add --unit "$g1" --category WORK_SAFETY --title '消防通道堵塞')
"$GRID" --db "$src" --now 2025-12-20T11:00 case reject "$a" --note '重复' --duplicate-of "$b" >/dev/null 2>&1
"$GRID" --db "$src" --now 2025-12-20T12:00 case accept "$b" >/dev/null 2>&1
is "$("$GRID" --db "$src" issue list --status rejected --format tsv | grep -c "^$a	")" 1 \
	"a case rejected as the duplicate of a later one"
# Visits and diaries on two grids.
n=0
for g in "$g1" "$g2"; do
	for hh in 1 2 3 4 5 6; do
		"$GRID" --db "$src" visit add --unit "$g" --household "$g-$hh" --at "2025-06-1${hh}T10:00" \
			--note "入户 $hh" >/dev/null 2>&1 && n=$((n + 1))
	done
	for d in 02 03 05; do
		"$GRID" --db "$src" log add --unit "$g" --text "巡查 $d" --date "2025-06-$d" >/dev/null 2>&1 &&
			n=$((n + 1))
	done
done
is "$n" 18 "12 visits and 6 diary entries recorded"
did=$("$GRID" --db "$src" log list --format tsv | tail -n +2 | head -n 1 | cut -f1)
run --db "$src" log review "$did" --score 90 --note '认真'
is "$status" 0 "a diary entry scored"
run --db "$src" verify
is "$status" 0 "the source verifies"

# The year's work, rows as grid target and grid project write them:
# targets (one of a unit) with their figures (a correction of the same
# date included) and projects with their histories.
# year_rows DB: those rows with their references by code, one a line.
# (Every column a text, which both engines can put in one union.)
year_sql="SELECT 'i', code, coalesce(name, '-'), coalesce(measure, '-'), '', '', '', '' FROM indicator
UNION ALL SELECT 't', i.code, '' || t.year, coalesce(u.code, '-'), '' || t.value, '' || t.decimals,
  coalesce(t.set_by, '-'), '' || t.set_at
  FROM target t JOIN indicator i ON i.id = t.indicator_id LEFT JOIN unit u ON u.id = t.unit_id
UNION ALL SELECT 'f', i.code, coalesce(u.code, '-'), f.as_of, '' || f.value, '' || f.decimals,
  coalesce(f.recorded_by, '-'), '' || f.recorded_at
  FROM target_record f JOIN indicator i ON i.id = f.indicator_id LEFT JOIN unit u ON u.id = f.unit_id
UNION ALL SELECT 'p', p.code, p.name, p.level, p.stage, coalesce('' || p.investment, '-'), coalesce(u.code, '-'),
  '' || p.changed_at FROM project p LEFT JOIN unit u ON u.id = p.unit_id
UNION ALL SELECT 'e', p.code, '' || e.at, e.kind, coalesce(e.date, '-'), coalesce(e.stage, '-'), coalesce(e.note, '-'),
  coalesce(e.actor, '-') FROM project_event e JOIN project p ON p.id = e.project_id"
year_rows() {
	case $1 in
	host=*) pgsql "$1" "$year_sql" | sort ;;
	*) sqlite3 -separator '|' "$1" "$year_sql" | sort ;;
	esac
}
g1_id=$(sqlite3 "$src" "SELECT id FROM unit WHERE code = '$g1'")
year_insert="INSERT INTO indicator(id, code, name, measure) VALUES (1, 'revenue', '财税收入', '万元'),
  (2, 'retail', NULL, NULL);
INSERT INTO target(indicator_id, year, unit_id, value, decimals, set_by, set_at) VALUES
  (1, 2025, NULL, 233290000, 0, 'L1', 1735689600), (1, 2025, $g1_id, 12345000, 1, NULL, 1735689600),
  (2, 2025, NULL, 1401600000, 0, NULL, 1735689600);
INSERT INTO target_record(indicator_id, unit_id, as_of, value, decimals, recorded_by, recorded_at) VALUES
  (1, NULL, '2025-05-31', 110290000, 0, 'L1', 1748736000), (1, NULL, '2025-05-31', 110300000, 0, 'L1', 1748822400),
  (1, $g1_id, '2025-06-30', 5000, 4, NULL, 1751328000);
INSERT INTO project(code, name, level, stage, investment, unit_id, person, created_at, changed_at) VALUES
  ('XM1', '风和日丽四期', 'city', 'building', 1100000000, $g1_id, NULL, 1735689600, 1748736000),
  ('XM2', '望湖花园', 'street', 'planned', NULL, NULL, NULL, 1735689600, 1735689600);
INSERT INTO project_event(project_id, at, kind, date, stage, investment, note, actor, recorded_by) VALUES
  (1, 1735689600, 'add', NULL, 'planned', 1100000000, NULL, 'L1', 'root'),
  (1, 1748736000, 'milestone', '2025-05-30', NULL, NULL, '主体封顶', 'L1', 'root'),
  (2, 1735689600, 'add', NULL, 'planned', NULL, NULL, NULL, NULL);"
sqlite3 "$src" "$year_insert"
is "$(year_rows "$src" | wc -l)" 13 "(the source holds the year's rows)"

# The commands whose bytes must be the same from both, one a line.
cat >"$T/commands" <<EOF
export
export --format json
verify
verify --format json
unit list
person list
issue list
issue list --format json
issue show 1
issue show 2500
issue show 5000
issue show $a
issue show $b --format json
stats closure --month 2025-03
stats closure --month 2025-06 --format json
stats closure --month 2025-12 --by unit
stats ontime --month 2025-03
stats ontime --month 2025-06 --by level --format json
stats ontime --month 2025-11 --by unit
stats rework --month 2025-06
stats escalation --month 2025-06
stats overdue --month 2025-12
stats visits --month 2025-06
stats diary --month 2025-06 --format json
rank --month 2025-06
rank --month 2025-09 --format json
report monthly --month 2025-06
report monthly --month 2025-06 --format json
report monthly --month 2025-12 --format md
report weekly --week 2025-W24
report weekly --week 2025-W24 --format json
visit list
log list --format json
target progress --as-of 2025-06-30
target progress --as-of 2025-06-30 --format json
target list --year 2025
target log revenue
project list --format json
project show XM1 --format json
EOF
# outputs DB DIR: every command's stdout, stderr and status into DIR.
outputs() {
	mkdir -p "$2"
	i=0
	while read -r line; do
		i=$((i + 1))
		# shellcheck disable=SC2086 # the words of the line are the arguments
		"$GRID" --db "$1" --now 2026-01-05T08:00 $line >"$2/$i.out" 2>"$2/$i.err" </dev/null
		echo "$?" >>"$2/$i.out"
	done <"$T/commands"
}
# same_outputs DIR1 DIR2 WHAT: every command printed the same bytes.
same_outputs() {
	differ=
	i=0
	while read -r line; do
		i=$((i + 1))
		cmp -s "$1/$i.out" "$2/$i.out" && cmp -s "$1/$i.err" "$2/$i.err" || differ="$differ [$line]"
	done <"$T/commands"
	is "$differ" "" "$3"
}
outputs "$src" "$T/out.src"
failed=
i=0
while read -r line; do
	i=$((i + 1))
	[ "$(tail -n 1 "$T/out.src/$i.out")" = 0 ] && [ "$(wc -l <"$T/out.src/$i.out")" -gt 1 ] || failed="$failed [$line]"
done <"$T/commands"
is "$failed" "" "(every command compared prints something and exits 0 on the source)"

# ---- SQLite -> PostgreSQL -> SQLite ------------------------------------------------
pg1=$(pgdb street) || echo "Bail out! cannot create a database on $PGHOST"
run db copy "$src" "$pg1"
is "$status" 0 "db copy SQLite -> PostgreSQL"
like "$out" '^issues +5002 copied +0 already there' "one line a table: the issues"
like "$out" '^events +[0-9]+ copied' "and the events"
like "$out" '^visits +12 copied' "and the visits"
like "$out" '^figures +3 copied' "and the figures recorded against targets"
like "$out" '^project_events +3 copied' "and the projects' histories"
like "$out" 'as in the source' "into an empty database every id is kept"
run --db "$pg1" verify
is "$status" 0 "the copy verifies on PostgreSQL"
outputs "$pg1" "$T/out.pg"
same_outputs "$T/out.src" "$T/out.pg" "every report, list, show, export and verify prints the same bytes from SQLite and PostgreSQL"
is "$(pgsql "$pg1" "SELECT id || ' ' || seq || ' ' || encode(hash, 'hex') FROM event ORDER BY id" | md5sum)" \
	"$(sqlite3 "$src" "SELECT id || ' ' || seq || ' ' || lower(hex(hash)) FROM event ORDER BY id" | md5sum)" \
	"every event keeps its id, seq and hash"
is "$(pgsql "$pg1" "SELECT events || ' ' || encode(head, 'hex') FROM history_head")" \
	"$(sqlite3 "$src" "SELECT events || ' ' || lower(hex(head)) FROM history_head")" "and the head is the source's"
is "$(year_rows "$pg1")" "$(year_rows "$src")" "targets, figures, projects and their histories copied"

back=$T/back.db
run db copy -q "$pg1" "$back"
is "$status" 0 "db copy PostgreSQL -> SQLite, a new file"
is "$out" "" "-q: no summary"
outputs "$back" "$T/out.back"
same_outputs "$T/out.src" "$T/out.back" "and back in SQLite the same bytes again"
is "$(year_rows "$back")" "$(year_rows "$src")" "and the year's rows back in SQLite"
is "$(sqlite3 "$back" "SELECT group_concat(id) FROM (SELECT id FROM project_event ORDER BY id)")" "1,2,3" \
	"with their ids"
is "$(sqlite3 "$back" "SELECT id || ' ' || seq || ' ' || lower(hex(hash)) FROM event ORDER BY id" | md5sum)" \
	"$(sqlite3 "$src" "SELECT id || ' ' || seq || ' ' || lower(hex(hash)) FROM event ORDER BY id" | md5sum)" \
	"the events' ids, seqs and hashes after the round trip"
is "$(sqlite3 "$back" "PRAGMA journal_mode; PRAGMA foreign_key_check; PRAGMA integrity_check")" "wal
ok" "the new file is in WAL mode, its keys and pages sound"

run db copy --format json "$src" "$T/json.db"
jq_is "$out" "d['tables']['issues']['copied'], d['tables']['units']['present'], d['same_ids']" \
	"5002 0 True" "--format json: the counts per table"

# ---- a DEST that means another thing by a code -------------------------------------
pgc=$(pgdb conflict)
run --db "$pgc" init
is "$status" 0 "init another database on the server"
street=$(printf '%s\n' "$grid_units" | cut -c1-9 | sed -n 1p)
sname=$("$GRID" --db "$src" unit show "$street" --format tsv | tail -n +2 | cut -f2)
# The same roster but for the street's name, and a case of its own.
sed "s/name: $sname\$/name: 另一个街道/" "$T/street.yaml" >"$T/other.yaml"
run --db "$pgc" import "$T/other.yaml"
is "$status" 0 "a roster that names street $street otherwise"
"$GRID" --db "$pgc" --now 2025-12-20T09:00 issue add --unit "$g1" --category OTHER --title '路灯损坏' >/dev/null 2>&1
before=$("$GRID" --db "$pgc" export; "$GRID" --db "$pgc" issue list; "$GRID" --db "$pgc" verify;
	pgsql "$pgc" "SELECT count(*) FROM unit UNION ALL SELECT count(*) FROM event UNION ALL SELECT count(*) FROM setting")
run db copy "$src" "$pgc"
is "$status" 5 "a DEST holding another meaning of a code: exit 5"
one_error "the refusal"
like "$err" "unit '$street' is '另一个街道' in DEST, '$sname' in SOURCE" "names the first conflict"
after=$("$GRID" --db "$pgc" export; "$GRID" --db "$pgc" issue list; "$GRID" --db "$pgc" verify;
	pgsql "$pgc" "SELECT count(*) FROM unit UNION ALL SELECT count(*) FROM event UNION ALL SELECT count(*) FROM setting")
is "$after" "$before" "and DEST is as it was"

# The same roster, and a case whose ref DEST holds.
pgr=$(pgdb ref)
"$GRID" --db "$pgr" init >/dev/null 2>&1
"$GRID" --db "$pgr" import "$T/street.yaml" >/dev/null 2>&1
ref=$(sed -n 4000p "$T/street.csv" | cut -d, -f1)
sed -n "1p;4000p" "$T/street.csv" >"$T/one.csv"
run --db "$pgr" issue import "$T/one.csv"
is "$status" 0 "DEST holds case $ref"
run db copy "$src" "$pgr"
is "$status" 5 "a case whose ref DEST holds: exit 5"
like "$err" "case '$ref' is in DEST already" "names it"
is "$(pgsql "$pgr" "SELECT count(*) FROM issue")" 1 "no case was copied"

# The same street twice: its cases without a ref are DEST's already.
"$GRID" --db "$T/solo.db" init >/dev/null 2>&1
"$GRID" --db "$T/solo.db" import "$T/street.yaml" >/dev/null 2>&1
"$GRID" --db "$T/solo.db" --now 2025-12-20T09:00 issue add --unit "$g1" --category OTHER --title '路灯损坏' >/dev/null
"$GRID" --db "$T/solo.db" --now 2025-12-20T10:00 issue add --unit "$g2" --category OTHER --title '井盖缺失' >/dev/null
pgs=$(pgdb solo)
run db copy "$T/solo.db" "$pgs"
is "$status" 0 "a street whose cases have no ref"
run db copy "$T/solo.db" "$pgs"
is "$status" 5 "copied twice: exit 5"
like "$err" "case 1 of SOURCE \('路灯损坏', without a ref\) is in DEST already \(as issue 1\)" "naming its first case"
is "$(pgsql "$pgs" "SELECT count(*) FROM issue")" 2 "and no case twice"

# ---- the year's work twice ----------------------------------------------------------
# Into a DEST holding the same rows they are there already; a target that
# differs is refused, naming it, and DEST is left as it was.
"$GRID" --db "$T/year.db" init >/dev/null 2>&1
"$GRID" --db "$T/year.db" import "$T/street.yaml" >/dev/null 2>&1
sqlite3 "$T/year.db" "$(printf '%s' "$year_insert" | sed "s/$g1_id,/(SELECT id FROM unit WHERE code = '$g1'),/g")"
pgy=$(pgdb year)
run db copy "$T/year.db" "$pgy"
is "$status" 0 "the year's rows into an empty database"
run db copy --format json "$T/year.db" "$pgy"
is "$status" 0 "and again: nothing new"
jq_is "$out" "[d['tables'][t]['present'] for t in ('indicators', 'targets', 'figures', 'projects', 'project_events')], [d['tables'][t]['copied'] for t in ('indicators', 'targets', 'figures', 'projects', 'project_events')]" \
	"[2, 3, 3, 2, 3] [0, 0, 0, 0, 0]" "every row there already, none copied twice"
pgsql "$pgy" "UPDATE target SET value = 233300000 WHERE unit_id IS NULL AND year = 2025 AND indicator_id = 1" >/dev/null
before=$(year_rows "$pgy")
run db copy "$T/year.db" "$pgy"
is "$status" 5 "a target that differs: exit 5"
like "$err" "the 2025 target of 'revenue' for the whole is 23330 in DEST, 23329 in SOURCE" "names it"
is "$(year_rows "$pgy")" "$before" "and DEST is as it was"
# Into a DEST holding units already, SOURCE's whole is not DEST's: its
# target and figures of the whole database are refused, naming the first.
"$GRID" --db "$T/units.db" init >/dev/null 2>&1
"$GRID" --db "$T/units.db" import "$T/street.yaml" >/dev/null 2>&1
before=$(year_rows "$T/units.db"; sqlite3 "$T/units.db" "SELECT count(*) FROM unit")
run db copy "$T/year.db" "$T/units.db"
is "$status" 5 "a target of the whole into a DEST with units: exit 5"
like "$err" "the 2025 target of 'revenue' is of the whole of SOURCE" "names it"
is "$(year_rows "$T/units.db"; sqlite3 "$T/units.db" "SELECT count(*) FROM unit")" "$before" "and DEST is as it was"

# ---- two streets, one city -----------------------------------------------------------
gen --scale district --streets 2 --communities 6 --grids 20 --people 120 --roster "$T/district.yaml" \
	--ledger "$T/district.csv" --cases 3000
"$GRID" --db "$T/district.db" init >/dev/null 2>&1
"$GRID" --db "$T/district.db" import "$T/district.yaml" >/dev/null 2>&1
"$GRID" --db "$T/district.db" export --format json >"$T/district.json"
# Each street's roster: the district, the street's units and the people
# on them (and those on the district, or on none); its share of the ledger.
python3 - "$T" <<'EOF'
import json, sys
t = sys.argv[1]
d = json.load(open(t + "/district.json"))
top = d["units"][0]
for i, street in enumerate(top["children"]):
    code = street["code"]
    r = dict(d)
    r["units"] = [dict(top, children=[street])]
    mine = lambda u: u == top["code"] or u.startswith(code)
    r["assignments"] = [a for a in d["assignments"] if mine(a["unit"])]
    on = {a["person"] for a in r["assignments"]}
    anywhere = {a["person"] for a in d["assignments"]}
    r["people"] = [p for p in d["people"] if p["id"] in on or p["id"] not in anywhere]
    json.dump(r, open("%s/s%d.json" % (t, i + 1), "w"), ensure_ascii=False)
    with open(t + "/district.csv") as f, open("%s/s%d.csv" % (t, i + 1), "w") as o:
        head = f.readline()
        o.write(head)
        for line in f:
            if line.split(",")[1].startswith(code):
                o.write(line)
    open("%s/s%d.code" % (t, i + 1), "w").write(code + "\n")
EOF
city=$(pgdb city)
for s in 1 2; do
	"$GRID" --db "$T/s$s.db" init >/dev/null 2>&1
	"$GRID" --db "$T/s$s.db" import "$T/s$s.json" >/dev/null 2>&1
	run --db "$T/s$s.db" issue import "$T/s$s.csv"
	is "$status" 0 "street $s: its own database, roster and ledger"
done
run db copy "$T/s1.db" "$city"
is "$status" 0 "the first street into the city"
run db copy "$T/s2.db" "$city"
is "$status" 0 "the second street into the same city"
like "$out" '^units +[0-9]+ copied +1 already there' "the district was there already, the same"
like "$out" '^categories +0 copied +7 already there' "and the categories"
like "$out" 'chained again' "the second street's ids are the city's, its history chained again"
run --db "$city" verify
is "$status" 0 "the city verifies"
like "$out" "^history: $(($(grep -c . "$T/s1.csv") + $(grep -c . "$T/s2.csv") - 2)) issues|in $(($(grep -c . "$T/s1.csv") + $(grep -c . "$T/s2.csv") - 2)) issues" "with both streets' cases"
is "$("$GRID" --db "$city" issue list --format tsv | tail -n +2 | wc -l)" \
	"$(($(grep -c . "$T/s1.csv") + $(grep -c . "$T/s2.csv") - 2))" "every case of both"
# normalize: JSON with case ids left out, keys sorted.
normalize() {
	python3 -c '
import json, sys
def strip(x):
    if isinstance(x, dict):
        return {k: strip(v) for k, v in x.items() if k not in ("id", "ids", "issue", "issue_id")}
    if isinstance(x, list):
        return [strip(v) for v in x]
    return x
print(json.dumps(strip(json.load(sys.stdin)), sort_keys=True, ensure_ascii=False))'
}
for s in 1 2; do
	code=$(cat "$T/s$s.code")
	differ=
	for c in "stats closure --month 2025-04" "stats closure --month 2025-10 --by unit" \
		"stats ontime --month 2025-04" "stats ontime --month 2025-10 --by unit" "stats rework --month 2025-07" \
		"report monthly --month 2025-05" "report monthly --month 2025-11" "report weekly --week 2025-W30"; do
		# shellcheck disable=SC2086
		x=$("$GRID" --db "$T/s$s.db" --now 2026-01-05 $c --unit "$code" --format json | normalize)
		# shellcheck disable=SC2086
		y=$("$GRID" --db "$city" --now 2026-01-05 $c --unit "$code" --format json | normalize)
		[ -n "$x" ] && [ "$x" = "$y" ] || differ="$differ [$c]"
	done
	is "$differ" "" "street $s: its counts and rates in the city as in its own database"
	x=$("$GRID" --db "$T/s$s.db" issue list --unit "$code" --format tsv | cut -f2- | sort | md5sum)
	y=$("$GRID" --db "$city" issue list --unit "$code" --format tsv | cut -f2- | sort | md5sum)
	is "$y" "$x" "street $s: its cases in the city, but for their ids"
done

# ---- refused sources ----------------------------------------------------------------
run db copy "$T/nothing.db" "$T/new.db"
is "$status" 8 "a missing source: exit 8"
check "and nothing made" test ! -e "$T/new.db"
run db copy "$src" "$src"
is "$status" 2 "the source as the dest: exit 2"
run db copy "$src" "sqlite:$src"
is "$status" 2 "the same file named two ways: exit 2"
run db copy "$pg1" "$pg1 "
is "$status" 2 "the same server's database named two ways: exit 2"
run db copy "$src"
is "$status" 2 "no dest: exit 2"

cp "$src" "$T/tampered.db"
sqlite3 "$T/tampered.db" "DROP TRIGGER event_no_update; UPDATE event SET note = '已处理' WHERE id = 1234"
run db copy "$T/tampered.db" "$T/laundered.db"
is "$status" 3 "a source with a changed event is refused (exit 3)"
like "$err" "does not verify \(issue [0-9]+: event 1234 was changed" "naming the event"
check "and no file made" test ! -e "$T/laundered.db"
pgt=$(pgdb tampered)
run db copy "$T/tampered.db" "$pgt"
is "$status" 3 "also into PostgreSQL"
is "$(pgsql "$pgt" "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = 'public'")" 0 \
	"which is left without even a table"

finish
