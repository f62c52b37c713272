#!/bin/sh
# Both names in the history (actor and recorded_by) and the tamper-evident
# chain: grid verify on a fresh database, on a city-scale ledger, and
# after an event is changed, deleted or inserted behind grid's back.
. "$(dirname "$0")/lib.sh"

run init -q
is "$status" 0 "init"
me=$(id -un)

cat >"$T/roster.yaml" <<'YAML'
version: 1
levels: [district, street, community, grid]
categories:
  - {code: OTHER, name: 其它, deadline_hours: 120}
units:
  - code: "410102"
    name: 中原区
    level: district
    children:
      - code: "410102001"
        name: 韩寺镇
        level: street
        children:
          - code: "410102001001"
            name: 龙源社区
            level: community
            children:
              - {code: "410102001001001", name: 龙源1, level: grid}
people:
  - {id: P038, name: Head, login: p038, roles: [grid_head]}
assignments:
  - {unit: "410102001001001", person: P038, duty: grid_head}
YAML
run -q import "$T/roster.yaml"
is "$status" 0 "import the roster"
G1=410102001001001
export GRID_NOW=2026-11-02T09:00:00+08:00

run verify
is "$status:$out" "0:history: 0 events in 0 issues, all chains intact" "verify: an empty history is intact"

# ---- both names ----------------------------------------------------------------
# The OS user is the first admin; here it reports for the grid head.
run issue add --unit $G1 --category OTHER --title 电话报告 --as P038
is "$status" 0 "an admin adds an issue for a grid head"
a=$out
run issue add --unit $G1 --category OTHER --title 自己报告
b=$out
run issue show "$a"
like "$out" "P038 \\(entered by $me\\) +report" "text: the actor, and who entered it"
run issue show "$b"
like "$out" "  $me +report" "text: the actor alone when it is the login's own person"
unlike "$out" "entered by" "text: no 'entered by' for one's own event"
run issue show "$a" --format json
is "$(printf '%s' "$out" | python3 -c 'import json,sys; e=json.load(sys.stdin)["history"][0]; print(e["actor"], e["recorded_by"])')" \
	"P038 $me" "json: actor and recorded_by"
run issue show "$a" --format csv
is "$(printf '%s\n' "$out" | python3 -c 'import csv,sys; r=next(csv.DictReader(sys.stdin)); print(r["actor"], r["recorded_by"])')" \
	"P038 $me" "csv: actor and recorded_by"
run issue show "$a" --format tsv
is "$(printf '%s\n' "$out" | head -1 | tr '\t' ' ')" "at actor action from to handling_unit due_at note recorded_by" \
	"tsv: recorded_by is the last column"
run case accept "$a"
run case assign "$a" --to P038
run case resolve "$a" --note 已处理 --as P038
is "$status" 0 "resolve for the grid head"

run verify
is "$status:$out" "0:history: 5 events in 2 issues, all chains intact" "verify: a fresh database is intact"
is "$(db_list "SELECT seq FROM event WHERE issue_id = $a ORDER BY id")" \
	"1,2,3,4" "each event is numbered within its issue"
run verify --format json
is "$(printf '%s' "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["events"], d["issues"], d["intact"], d["problems"])')" \
	"5 2 True []" "verify --format json"
run -q verify
is "$status:$out" "0:" "verify -q: nothing on success"
run verify --format csv
is "$status" 2 "verify --format csv: exit 2"

# ---- tampering -----------------------------------------------------------------
db_save clean
restore() { db_restore clean; }
ev() { db_sql "SELECT id FROM event WHERE issue_id = $1 AND action = '$2'"; }
# unguard TRIGGER: SQL that drops the history's append-only trigger TRIGGER
# (SQLite's event_no_update and event_no_delete are PostgreSQL's one
# event_append_only).
unguard() {
	if is_pg "$GRID_DB"; then
		echo "DROP TRIGGER event_append_only ON event;"
	else
		echo "DROP TRIGGER $1;"
	fi
}

restore
e=$(ev "$a" accept)
db_sql "$(unguard event_no_update) UPDATE event SET note = 'fixed' WHERE id = $e"
run verify
is "$status:$out" "1:issue $a: event $e was changed" "an edited event: exit 1, named"

restore
e=$(ev "$a" accept)
r=$(ev "$a" assign)
db_sql "$(unguard event_no_delete) DELETE FROM event WHERE id = $e"
run verify
is "$status" 1 "a deleted event: exit 1"
like "$out" "^issue $a: an event before $r is missing$" "a deleted event: the one after it named"
unlike "$out" "was changed" "a deleted event in the middle: missing, not changed"
like "$out" "^history: the head counts 5 events, 4 found" "a deleted event: the head's count disagrees"

restore
db_sql "INSERT INTO event(issue_id, at, actor, action, from_status, to_status, handling_unit_id)
	SELECT $b, at + 60, 'P038', 'reject', 'reported', 'rejected', handling_unit_id FROM event WHERE issue_id = $b"
e=$(db_sql "SELECT max(id) FROM event")
run verify
is "$status:$out" "1:issue $b: event $e was inserted" "an inserted event: exit 1, named"

# The head deleted, its row or its table: the head named, not "run grid
# init" (the schema is current) nor every issue's first event as inserted.
for attack in "DELETE FROM history_head" "DROP TABLE history_head"; do
	restore
	db_sql "$attack"
	run verify
	is "$status:$out" "1:history: the head over the 5 events is missing: it was deleted" "$attack: exit 1, one line"
	is "$err" "" "$attack: no error besides"
	run verify --format json
	jq_is "$out" "d['intact'], d['problems']" \
		"False [{'fault': 'head', 'head_events': None, 'found_events': 5}]" "$attack: the JSON problem"
done

restore
run verify
is "$status" 0 "the copy is intact again"

# on_behalf flipped behind grid's back is a changed event.
e=$(ev "$a" report)
db_sql "$(unguard event_no_update) UPDATE event SET on_behalf = 0 WHERE id = $e"
run verify
is "$status:$out" "1:issue $a: event $e was changed" "on_behalf flipped: exit 1, named"

# ---- "entered by" belongs to the event, not to the roster of today --------------
# The OS login becomes the grid head's (the admin's is renamed): P038
# reports an issue of its own.  Then P038's login is renamed in turn: its
# own event still reads as its own, and the admin's entry for it (issue
# a) still reads as entered by the admin.
restore
db_sql "UPDATE person SET login = 'admin-old' WHERE login = '$me';
	UPDATE person SET login = '$me' WHERE pid = 'P038'"
run issue add --unit $G1 --category OTHER --title 网格长自己报告
is "$status" 0 "the grid head adds an issue of its own"
c=$out
run issue show "$c"
unlike "$out" "entered by" "the grid head's own event: no 'entered by'"
db_sql "UPDATE person SET login = 'p038-new' WHERE pid = 'P038'"
run issue show "$c"
like "$out" "  P038 +report" "after the grid head's login is renamed: its own event shows the actor alone"
unlike "$out" "entered by" "after the grid head's login is renamed: no 'entered by' on its own event"
run issue show "$a"
like "$out" "P038 \\(entered by $me\\) +report" "the admin's entry for the grid head still reads 'entered by'"
is "$(db_list "SELECT coalesce(CAST(CAST(on_behalf AS integer) AS text), 'null') FROM event
	WHERE issue_id IN ($a, $c) ORDER BY id")" "1,0,0,1,0" "on_behalf as written: the admin's entries for P038 (report, resolve), its own"
run verify
is "$status" 0 "a renamed login changes no event"

# ---- a city-scale ledger -----------------------------------------------------------
export GRID_DB="$(db_new city)" GRID_NOW=2026-01-10T00:00:00+08:00
python3 "$SRCDIR/tests/data/gencity.py" --scale city --roster "$T/city.yaml" --ledger "$T/city.csv" --cases 20000 2>/dev/null
run -q init
run -q import "$T/city.yaml"
run -q issue import "$T/city.csv"
is "$status" 0 "import a city ledger of 20,000 cases"
n=$(db_sql "SELECT count(*) FROM event")
run verify
is "$status:$out" "0:history: $n events in 20000 issues, all chains intact" "verify: the imported ledger is intact"
is "$(db_sql "SELECT count(*) FROM event WHERE recorded_by IS DISTINCT FROM '$me'")" 0 \
	"the import records the login with every event"
is "$(db_sql "SELECT count(*) FROM event WHERE CAST(on_behalf AS integer) IS DISTINCT FROM
	CASE WHEN action = 'report' AND actor IS DISTINCT FROM '$me' THEN 1 ELSE 0 END")" 0 \
	"the import: a report naming its reporter is entered on its behalf, the rest are the admin's own"
is "$(db_sql "SELECT count(*) FROM (SELECT seq, row_number() OVER (PARTITION BY issue_id ORDER BY id) AS n
	FROM event) e WHERE seq IS DISTINCT FROM n")" 0 \
	"the import numbers the events of each issue 1, 2, 3 ..."

finish
