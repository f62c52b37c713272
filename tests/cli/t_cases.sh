#!/bin/sh
# Issues and the case workflow: every transition and refusal, history,
# sweep, permissions, the ledger import, --ref, parallel writers, CSV.
. "$(dirname "$0")/lib.sh"

run init -q
is "$status" 0 "init"
me=$(id -un)

# The roster: a district, a street, two communities, three grids.  P1
# leads community 001, P2 is a member on grid 001001, P3 is staff of D003,
# P4 a viewer, P5 heads grid 002001, P6 leads the street, P7 is staff of D014.
cat >"$T/roster.yaml" <<'YAML'
version: 1
levels: [district, street, community, grid]
departments:
  - {code: D003, name: 应急管理局}
  - {code: D014, name: 卫生健康委员会}
categories:
  - {code: WORK_SAFETY, name: 安全生产, deadline_hours: 24, department: D003}
  - {code: OTHER, name: 其它, deadline_hours: 120, department: D014}
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
              - {code: "410102001001002", name: 龙源2, level: grid}
          - code: "410102001002"
            name: 桐柏社区
            level: community
            children:
              - {code: "410102001002001", name: 桐柏1, level: grid}
people:
  - {id: P1, name: Leader, login: p1, roles: [leader]}
  - {id: P2, name: Member, login: p2, roles: [grid_member]}
  - {id: P3, name: Staff, login: p3, roles: [dept_staff], department: D003}
  - {id: P4, name: Viewer, login: p4, roles: [viewer]}
  - {id: P5, name: Head, login: p5, roles: [grid_head]}
  - {id: P6, name: Street leader, login: p6, roles: [leader]}
  - {id: P7, name: Other staff, login: p7, roles: [dept_staff], department: D014}
assignments:
  - {unit: "410102001001", person: P1, duty: first_secretary}
  - {unit: "410102001001001", person: P2, duty: grid_member}
  - {unit: "410102001002001", person: P5, duty: grid_head}
  - {unit: "410102001", person: P6, duty: leader}
YAML
run -q import "$T/roster.yaml"
is "$status" 0 "import the roster"
G1=410102001001001
G3=410102001002001
NOW=2026-11-02T09:00:00+08:00
export GRID_NOW=$NOW

# snapshot: the issue rows and the history, to prove a refusal changed nothing
snap() { db_sql 'SELECT * FROM issue ORDER BY id; SELECT * FROM event ORDER BY id;' | md5sum; }
status_of() { db_sql "SELECT status FROM issue WHERE id = $1"; }

# ---- add --------------------------------------------------------------------
run issue add --unit $G1 --category WORK_SAFETY --title 消防通道堵塞 --detail "堆放杂物
两处" --location 3号楼
is "$status" 0 "issue add: exit 0"
like "$out" '^[0-9]+$' "issue add prints the id alone"
a=$out
is "$(status_of "$a")" reported "a new issue is reported"
is "$(db_sql "SELECT reported_by FROM issue WHERE id=$a")" "$me" "reported_by defaults to the actor"

run issue add --unit $G1 --category OTHER
is "$status" 2 "missing --title: exit 2"
one_error "missing --title"
run issue add --category OTHER --title x
is "$status" 2 "missing --unit: exit 2"
run issue add --unit $G1 --title x
is "$status" 2 "missing --category: exit 2"
before=$(snap)
run issue add --unit 999 --category OTHER --title x
is "$status" 4 "unknown unit: exit 4"
like "$err" "unknown unit '999'" "the message names the unit"
run issue add --unit $G1 --category NOPE --title x
is "$status" 4 "unknown category: exit 4"
run issue add --unit $G1 --category OTHER --title x --reported-by P999
is "$status" 4 "unknown reporter: exit 4"
run issue add --unit $G1 --category OTHER --title x --at 2026-11-03T00:00:00+08:00
is "$status" 3 "--at after now: exit 3"
run issue add --unit $G1 --category OTHER --title x --at yesterday
is "$status" 2 "malformed --at: exit 2"
long=$(python3 -c 'print("长" * 501)')
run issue add --unit $G1 --category OTHER --title "$long"
is "$status" 3 "a title over 500 characters: exit 3"
like "$err" "title" "the message names the title"
run issue add --unit $G1 --category OTHER --title "$(printf 'a\001b')"
is "$status" 3 "a control character in the title: exit 3"
is "$(snap)" "$before" "refused adds wrote nothing"

# --ref: idempotent, and a conflict when the data differ
run issue add --unit $G1 --category OTHER --title 井盖缺失 --ref R-1
r1=$out
run issue add --unit $G1 --category OTHER --title 井盖缺失 --ref R-1
is "$status" 0 "the same ref again: exit 0"
is "$out" "$r1" "the same ref again prints the existing id"
is "$(db_sql "SELECT count(*) FROM issue WHERE ref='R-1'")" 1 "the same ref again adds nothing"
run issue add --unit $G1 --category OTHER --title 别的 --ref R-1
is "$status" 5 "the same ref with another title: exit 5"
one_error "ref conflict"

# ---- every transition ---------------------------------------------------------
before=$(snap)
for verb in assign resolve close reopen; do
	case $verb in
	assign) run case assign "$a" --to P3 ;;
	reopen) run case reopen "$a" --note again ;;
	*) run case $verb "$a" ;;
	esac
	is "$status" 5 "$verb a reported case: exit 5"
done
like "$err" "it is reported" "the refusal names the state"
is "$(snap)" "$before" "refused transitions changed nothing"
run case accept 99999
is "$status" 4 "unknown issue: exit 4"
run case accept abc
is "$status" 2 "malformed id: exit 2"
run case reject "$a"
is "$status" 2 "reject without --note: exit 2"

run case accept "$a" --note ok
is "$status" 0 "accept: exit 0"
is "$out" "$a" "accept prints the id"
is "$(status_of "$a")" accepted "accepted"
is "$(db_sql "SELECT due_at - accepted_at FROM issue WHERE id=$a")" 86400 "due = accepted + 24 h"
run case accept "$a"
is "$status" 5 "accept twice: exit 5"
run case resolve "$a"
is "$status" 5 "resolve an accepted case: exit 5"
run case assign "$a" --to NOBODY
is "$status" 4 "assign to an unknown handler: exit 4"
run case assign "$a" --to P2
is "$status" 0 "assign to a person"
is "$(db_sql "SELECT handler || ':' || handler_kind FROM issue WHERE id=$a")" "P2:person" "handler is the person"
run case assign "$a" --to D003 --note "部门处理"
is "$status" 0 "reassign to a department"
is "$(db_sql "SELECT handler || ':' || handler_kind FROM issue WHERE id=$a")" "D003:department" \
	"handler is the department"
run case resolve "$a" --note 已清理
is "$status" 0 "resolve"
run case reopen "$a"
is "$status" 2 "reopen without --note: exit 2"
run case reopen "$a" --note 未清理干净
is "$status" 0 "reopen"
is "$(db_sql "SELECT status || ':' || reopened FROM issue WHERE id=$a")" "assigned:1" "reopen counts rework"
run case resolve "$a"
run case close "$a"
is "$status" 0 "close"
is "$(status_of "$a")" closed "closed"
before=$(snap)
for verb in accept escalate resolve close; do
	run case $verb "$a"
	is "$status" 5 "$verb a closed case: exit 5"
done
is "$(snap)" "$before" "nothing changes a closed case"

run issue show "$a" --format json
json_ok "$out" "issue show --format json"
jq_is "$out" "' '.join(e['action'] for e in d['history'])" \
	"report accept assign assign resolve reopen resolve close" "the history has every change"
jq_is "$out" "sorted(d)" \
	"['accepted_at', 'category', 'closed_at', 'due_at', 'duplicate_of', 'handler', 'handling_unit', 'history', 'id', 'lat', 'long', 'ref', 'reopened', 'reported_at', 'reported_by', 'resolved_at', 'status', 'title', 'unit']" \
	"issue keys of grid-issue(1), with duplicate_of and reopened added"
jq_is "$out" "(d['duplicate_of'], d['reopened'])" "(None, 1)" "show: no duplicate, reopened once"
jq_is "$out" "all(set(e) >= {'at','actor','action','from','to','note'} for e in d['history'])" True "history keys"
jq_is "$out" "[e['due_at'] is not None for e in d['history'] if e['action']=='resolve']" "[True, True]" \
	"resolve events carry the due time in force"
run issue show "$a"
is "$status" 0 "issue show (text)"
like "$out" "未清理干净" "text show has the history notes"
run issue show 99999
is "$status" 4 "show an unknown issue: exit 4"

# reject, duplicates
run issue add --unit $G1 --category OTHER --title 重复
d=$out
run case reject "$d" --note 重复 --duplicate-of 99999
is "$status" 4 "--duplicate-of an unknown issue: exit 4"
is "$(status_of "$d")" reported "a refused reject changed nothing"
run case reject "$d" --note 重复 --duplicate-of "$a"
is "$status" 0 "reject as a duplicate"
is "$(db_sql "SELECT status || ':' || duplicate_of FROM issue WHERE id=$d")" "rejected:$a" \
	"rejected with the duplicate recorded"
run issue show "$d" --format json
jq_is "$out" "d['duplicate_of']" "$a" "issue show JSON names the original"
# the original must stay open: a rejected one (a cycle included) is refused
run issue add --unit $G1 --category OTHER --title 再重复
d2=$out
before=$(snap)
run case reject "$a" --note 重复 --duplicate-of "$d"
is "$status" 5 "a closed case cannot be rejected at all: exit 5"
run case reject "$d2" --note 重复 --duplicate-of "$d"
is "$status" 5 "--duplicate-of a rejected issue: exit 5"
one_error "rejected original"
like "$err" "issue $d is rejected" "the message names the rejected original"
run case reject "$d2" --note 重复 --duplicate-of "$d2"
is "$status" 3 "--duplicate-of itself: exit 3"
is "$(snap)" "$before" "refused duplicates changed nothing"
run case accept "$d"
is "$status" 5 "accept a rejected case: exit 5"

# accept --category reclassifies first; --accept on add
run issue add --unit $G1 --category OTHER --title 燃气泄漏
c=$out
run case accept "$c" --category WORK_SAFETY
is "$(db_sql "SELECT c.code FROM issue i JOIN category c ON c.id=i.category_id WHERE i.id=$c")" \
	WORK_SAFETY "accept --category reclassifies"
is "$(db_list "SELECT action FROM event WHERE issue_id=$c ORDER BY id" ' ')" \
	"report reclassify accept" "the reclassification is in the history"
run issue add --unit $G1 --category OTHER --title 路灯 --accept
is "$(status_of "$out")" accepted "issue add --accept"

# ---- escalation ----------------------------------------------------------------
run issue add --unit $G1 --category WORK_SAFETY --title 上报
e=$out
for want in 410102001001 410102001 410102; do
	run case escalate "$e"
	is "$(db_sql "SELECT u.code FROM issue i JOIN unit u ON u.id=i.handling_unit_id WHERE i.id=$e")" \
		"$want" "escalate to $want"
done
is "$(status_of "$e")" reported "escalation keeps the state"
before=$(snap)
run case escalate "$e"
is "$status" 5 "escalate at the top: exit 5"
like "$err" "top" "the message says it is the top"
is "$(snap)" "$before" "escalating at the top changed nothing"
is "$(db_sql "SELECT u.code FROM issue i JOIN unit u ON u.id=i.unit_id WHERE i.id=$e")" "$G1" \
	"the unit where found never changes"

# ---- history is append-only ------------------------------------------------------
db_sql "UPDATE event SET note='x' WHERE issue_id=$a" 2>"$T/sqlerr"
isnt=$?
is "$([ $isnt -ne 0 ] && echo refused)" refused "UPDATE on the history fails"
like "$(cat "$T/sqlerr")" "append-only" "the trigger says why"
db_sql "DELETE FROM event WHERE issue_id=$a" 2>/dev/null
is "$([ $? -ne 0 ] && echo refused)" refused "DELETE on the history fails"

# ---- permissions -------------------------------------------------------------------
run issue add --as P2 --unit $G1 --category OTHER --title 成员上报
is "$status" 0 "a grid member adds on their unit"
m=$out
before=$(snap)
run issue add --as P2 --unit $G3 --category OTHER --title 越界
is "$status" 6 "a grid member cannot add on another unit: exit 6"
run issue add --as P4 --unit $G1 --category OTHER --title 只读
is "$status" 6 "a viewer cannot add: exit 6"
run case accept "$m" --as P2
is "$status" 6 "a grid member cannot accept: exit 6"
is "$(snap)" "$before" "refusals changed nothing"
run case accept "$m" --as P1
is "$status" 0 "a leader accepts on their community"
run case assign "$m" --as P1 --to P2
run case resolve "$m" --as P3
is "$status" 6 "dept staff cannot resolve a case assigned to someone else: exit 6"
run case resolve "$m" --as P2
is "$status" 0 "the assignee resolves"
run issue add --unit $G3 --category WORK_SAFETY --title 桐柏
t=$out
run case accept "$t" --as P1
is "$status" 6 "a leader cannot act outside their units: exit 6"
run case accept "$t" --as P6
is "$status" 0 "a street leader acts below the street"
run case assign "$t" --to D003
run case resolve "$t" --as P7
is "$status" 6 "staff of another department cannot resolve: exit 6"
run case resolve "$t" --as P3
is "$status" 0 "staff of the assigned department resolve"
# nobody acting: an OS user that is not a person
db_sql "UPDATE person SET login = NULL WHERE pid = '$me'"
before=$(snap)
run issue add --unit $G1 --category OTHER --title 无人
is "$status" 6 "nobody acting: exit 6"
one_error "nobody acting"
run case escalate "$t"
is "$status" 6 "nobody acting cannot move a case: exit 6"
is "$(snap)" "$before" "nothing written without an actor"
run case sweep --now 2026-11-03T10:00:00+08:00 --format json
is "$status" 6 "the sweep with nobody acting: exit 6, like every write"
one_error "sweep with nobody acting"
like "$err" "login '$me' is no person's: add it as the login of a person in the roster" \
	"the message says which login to add to the roster"
is "$out" "" "a refused sweep prints no table"
is "$(snap)" "$before" "a sweep with nobody acting changed nothing"
run case sweep --now 2026-11-03T10:00:00+08:00 --format json --as P6
is "$status" 6 "a login that is no person's may not act for another with --as either"
is "$(snap)" "$before" "so that sweep changed nothing"
run issue list
is "$status" 0 "reading needs no actor"
db_sql "UPDATE person SET login = '$me' WHERE pid = '$me'"
run case sweep --now 2026-11-03T10:00:00+08:00 --format json --as P6
is "$status" 0 "the same sweep by the admin acting for P6"
jq_is "$out" "[r['id'] for r in d]" "[$c]" "the sweep escalates the one case past due"
is "$(db_sql "SELECT actor FROM event WHERE issue_id = $c AND action = 'escalate'")" P6 \
	"its event names the person who swept"

# ---- sweep ------------------------------------------------------------------------
run issue add --unit $G1 --category WORK_SAFETY --title 超期 --accept --now 2026-11-03T09:00:00+08:00 \
	--at 2026-11-03T08:00:00+08:00
s1=$out
run case sweep --now 2026-11-04T08:59:00+08:00 --dry-run --format json
jq_is "$out" "[r['id'] for r in d if r['id']==$s1]" "[]" "nothing is past due before the deadline"
run case sweep --now 2026-11-04T09:00:01+08:00 --dry-run --format json
jq_is "$out" "[r['id'] for r in d if r['id']==$s1]" "[$s1]" "dry run names the overdue case"
is "$(db_sql "SELECT u.code FROM issue i JOIN unit u ON u.id=i.handling_unit_id WHERE i.id=$s1")" \
	"$G1" "dry run writes nothing"
run case sweep --now 2026-11-04T09:00:01+08:00 --format json
is "$status" 0 "sweep: exit 0"
jq_is "$out" "[(r['id'], r['from_unit'], r['to_unit']) for r in d if r['id']==$s1]" \
	"[($s1, '$G1', '410102001001')]" "sweep escalates one level"
run case sweep --now 2026-11-04T09:00:02+08:00 --format json
jq_is "$out" "[r['id'] for r in d if r['id']==$s1]" "[]" "a second sweep does nothing (due was reset)"
is "$(db_sql "SELECT due_at FROM issue WHERE id=$s1")" \
	"$(( $(date -d 2026-11-04T09:00:01+08:00 +%s) + 86400 ))" "escalation resets the due time"
run case sweep --now 2026-11-05T09:00:02+08:00 --format tsv
like "$out" "$s1" "the next day's sweep escalates again"
is "$(printf '%s\n' "$out" | head -n 1)" "$(printf 'id\tfrom_unit\tto_unit\tdue_at\tswept_at')" \
	"the sweep's columns end with the time of the run"
is "$(printf '%s\n' "$out" | awk -F '\t' -v id="$s1" '$1 == id { print $5 }')" "2026-11-05T09:00:02+08:00" \
	"each row carries the time of its run"
run case sweep --now 2026-11-05T09:00:03+08:00 --format tsv
is "$status" 0 "a sweep with nothing past due: exit 0"
is "$out" "" "it prints nothing on stdout, not even a heading"
is "$err" "grid: 2026-11-05T09:00:03+08:00: no case past its due time" "stderr says so, with the time of the run"
run -q case sweep --now 2026-11-05T09:00:04+08:00
is "$out$err" "" "-q: an empty sweep prints nothing at all"
run case sweep --now 2026-11-05T09:00:05+08:00 --format json
is "$out" "[]" "in JSON an empty sweep is still a document"
run case sweep --now 2026-11-06T09:00:03+08:00
run case sweep --now 2026-11-07T09:00:04+08:00
is "$status" 0 "a case at the top is not an error"
like "$err" "top" "a case at the top is reported on stderr"
run case sweep --as P2 --now 2026-11-08T09:00:00+08:00
is "$status" 6 "a grid member cannot sweep: exit 6"

# ---- list filters -------------------------------------------------------------------
run issue list --format json
json_ok "$out" "issue list --format json"
n_all=$(db_sql "SELECT count(*) FROM issue")
jq_is "$out" "len(d)" "$n_all" "list shows every issue"
jq_is "$out" "[x['reported_at'] for x in d] == sorted([x['reported_at'] for x in d], reverse=True)" True \
	"newest first"
run issue list --unit 410102001002 --format json
jq_is "$out" "sorted(set(x['unit'] for x in d))" "['$G3']" "--unit takes descendants"
run issue list --status rejected --format json
jq_is "$out" "[x['id'] for x in d]" "[$d]" "--status"
run issue list --status closed,rejected --format json
jq_is "$out" "len(d)" 2 "--status with a list"
run issue list --status bogus
is "$status" 2 "unknown status: exit 2"
run issue list --unit 999
is "$status" 4 "unknown unit in a filter: exit 4"
run issue list --handler D003 --format json
jq_is "$out" "sorted(x['id'] for x in d)" "[$a, $t]" "--handler"
run issue list --limit 2 --format json
jq_is "$out" "len(d)" 2 "--limit"
run issue list --overdue --now 2026-12-30T00:00:00+08:00 --format json
jq_is "$out" "all(x['status'] in ('accepted','assigned') for x in d) and len(d) > 0" True "--overdue"
run issue list --since 2026-11-03 --until 2026-11-04 --format json
jq_is "$out" "[x['id'] for x in d]" "[$s1]" "--since/--until on reported_at"

# CSV formula guard and TSV
run issue add --unit $G1 --category OTHER --title "=1+1"
run issue list --format csv
like "$out" "^id,ref,unit" "csv header"
like "$out" ",'=1\+1," "csv formula guard"
unlike "$out" ',=1\+1' "no bare formula in csv"
run issue list --format tsv
like "$out" "^id	ref	unit" "tsv header"

# ---- history runs forward ----------------------------------------------------------
run issue add --unit $G1 --category WORK_SAFETY --title 时序 --at 2026-11-05T10:00:00+08:00 \
	--now 2026-11-05T10:00:00+08:00
f=$out
before=$(snap)
run case accept "$f" --now 2026-11-01T08:00:00+08:00
is "$status" 5 "accept before the report: exit 5"
one_error "time before the last event"
is "$err" "grid: issue $f: the time 2026-11-01 08:00 is before its last event (2026-11-05 10:00); history runs forward" \
	"the message names both times"
run case escalate "$f" --now 2026-11-05T09:59:00+08:00
is "$status" 5 "escalate before the report: exit 5"
run case reject "$f" --note 不是 --now 2026-11-04
is "$status" 5 "reject before the report: exit 5"
is "$(snap)" "$before" "actions back in time changed nothing"
run case accept "$f" --now 2026-11-05T10:00:00+08:00
is "$status" 0 "an action at the time of the last event is fine"
run case assign "$f" --to P2 --now 2026-11-06T12:00:00+08:00
before=$(snap)
for step in "resolve" "assign --to P3" "escalate"; do
	# shellcheck disable=SC2086
	run case $step "$f" --now 2026-11-06T11:00:00+08:00
	is "$status" 5 "$step before the assignment: exit 5"
done
# past due (11-06 10:00) but assigned at 12:00: a sweep at 11:00 leaves it alone
run case sweep --dry-run --now 2026-11-06T11:00:00+08:00 --format json
is "$status" 0 "a sweep with a case whose last event is later: exit 0"
jq_is "$out" "[r['id'] for r in d if r['id'] == $f]" "[]" "the later case is not listed"
like "$err" "case $f has an event at 2026-11-06 12:00, later than now: not escalated" "it is named on stderr"
is "$(snap)" "$before" "nothing went back in time"
run case resolve "$f" --as P2 --now 2026-11-06T12:30:00+08:00
is "$status" 0 "forward again: resolve"

# ---- --handler, --to, --ref --accept -------------------------------------------------------
before=$(snap)
run issue list --handler NOPE --format csv
is "$status" 4 "--handler neither a person nor a department: exit 4"
one_error "unknown handler"
like "$err" "no person or department 'NOPE'" "the message names the handler"
is "$out" "" "no header for an unknown handler"
run issue list --handler P4 --format json
is "$status" 0 "--handler a person with no cases: exit 0"
is "$out" "[]" "an empty list"

# a person whose id is a department's code; a person with no role
printf 'people:
  - {id: D014, name: 同名人, roles: [grid_member]}
  - {id: N0, name: 无角色, roles: []}
' \
	>"$T/amb.yaml"
run -q import "$T/amb.yaml"
is "$status" 0 "import a person named like a department"
run issue add --unit $G1 --category OTHER --title 指派 --accept
g=$out
before=$(snap)
run case assign "$g" --to D014
is "$status" 2 "--to both a person and a department: exit 2"
one_error "ambiguous --to"
like "$err" "'D014' is both a person and a department; say which with --to-person D014 or --to-dept D014" \
	"the message says how to choose"
run case assign "$g" --to D014 --to-dept D014
is "$status" 2 "two targets: exit 2"
run case assign "$g" --to-person D003
is "$status" 4 "--to-person a department: exit 4"
like "$err" "unknown person 'D003'" "named as a person"
run case assign "$g" --to-dept P2
is "$status" 4 "--to-dept a person: exit 4"
like "$err" "unknown department 'P2'" "named as a department"
run case assign "$g" --to P4
is "$status" 5 "assign to a viewer: exit 5"
one_error "assign to a viewer"
like "$err" "person 'P4' cannot resolve" "the message names the viewer"
run case assign "$g" --to-person N0
is "$status" 5 "assign to a person with no role: exit 5"
like "$err" "person 'N0'" "the message names the person"
is "$(snap)" "$before" "refused assignments changed nothing"
run case assign "$g" --to-dept D014
is "$status" 0 "--to-dept"
is "$(db_sql "SELECT handler || ':' || handler_kind FROM issue WHERE id=$g")" "D014:department" \
	"--to-dept assigns the department"
run case assign "$g" --to-person D014
is "$(db_sql "SELECT handler || ':' || handler_kind FROM issue WHERE id=$g")" "D014:person" \
	"--to-person assigns the person"
run case assign "$g" --to P3
is "$(db_sql "SELECT handler || ':' || handler_kind FROM issue WHERE id=$g")" "P3:person" \
	"--to stays as it was when the name is one thing"

run issue add --unit $G1 --category OTHER --title 编号 --ref R-ACC
h=$out
run issue add --unit $G1 --category OTHER --title 编号 --ref R-ACC --accept --as P2
is "$status" 6 "--ref --accept by a grid member: exit 6"
is "$(status_of "$h")" reported "still reported"
run issue add --unit $G1 --category OTHER --title 编号 --ref R-ACC --accept
is "$status" 0 "--ref R --accept on a reported R: exit 0"
is "$out" "$h" "it prints the existing id"
is "$(status_of "$h")" accepted "and accepts it"
before=$(snap)
run issue add --unit $G1 --category OTHER --title 编号 --ref R-ACC --accept
is "$out:$(snap)" "$h:$before" "again: the same id, nothing written"
run issue add --unit $G1 --category OTHER --title 拒绝 --ref R-REJ
run case reject "$out" --note 不是
run issue add --unit $G1 --category OTHER --title 拒绝 --ref R-REJ --accept
is "$status" 5 "--ref --accept on a rejected issue: exit 5"
one_error "rejected ref"

# ---- csv and tsv are tables ------------------------------------------------------------------
run issue show "$a" --format csv
is "$status" 0 "issue show --format csv"
is "$(printf '%s\n' "$out" | head -1 | tr -d '\r')" "at,actor,action,from,to,handling_unit,due_at,note,recorded_by" "csv: the history's header"
is "$(printf '%s\n' "$out" | python3 -c 'import csv,sys; print(" ".join(r["action"] for r in csv.DictReader(sys.stdin)))')" \
	"report accept assign assign resolve reopen resolve close" "csv: one row per event"
run issue show "$a" --format tsv
is "$(printf '%s\n' "$out" | awk -F'\t' 'NR > 1 { print $3 }' | tr '\n' ' ')" \
	"report accept assign assign resolve reopen resolve close " "tsv: one row per event"
run issue show 99999 --format csv
is "$status:$out" "4:" "issue show csv of an unknown issue: exit 4, nothing on stdout"
run unit tree --format csv
is "$status" 0 "unit tree --format csv"
out=$(printf '%s' "$out" | tr -d '\r')   # RFC 4180 lines end in CRLF
is "$out" "code,name,level,parent,depth
410102,中原区,district,,0
410102001,韩寺镇,street,410102,1
410102001001,龙源社区,community,410102001,2
$G1,龙源1,grid,410102001001,3
410102001001002,龙源2,grid,410102001001,3
410102001002,桐柏社区,community,410102001,2
$G3,桐柏1,grid,410102001002,3" "unit tree csv: flat rows in tree order"
run unit tree 410102001002 --format tsv
is "$out" "code	name	level	parent	depth
410102001002	桐柏社区	community	410102001	0
$G3	桐柏1	grid	410102001002	1" "unit tree tsv under a unit: depth counts from it"
run unit tree 999 --format csv
is "$status:$out" "4:" "unit tree csv of an unknown unit: exit 4, nothing on stdout"
run person show P2 --format csv
is "$(printf '%s' "$out" | tr -d '\r')" "id,name,login,phone,roles,department
P2,Member,p2,,grid_member," "person show csv: the person's row"
run person show P3 --format tsv
is "$out" "id	name	login	phone	roles	department
P3	Staff	p3		dept_staff	D003" "person show tsv: the person's row"
run person show P999 --format csv
is "$status:$out" "4:" "person show csv of an unknown person: exit 4, nothing on stdout"
run person show P2 --format json
jq_is "$out" "(d['id'], [x['unit'] for x in d['assignments']])" "('P2', ['$G1'])" "person show json keeps the assignments"
run person show P2
like "$out" "^ID: +P2" "person show text: labels as issue show has them"
run unit show $G1
like "$out" "^CODE: +$G1" "unit show text: labels as issue show has them"
run import "$T"
is "$status" 3 "import a folder: exit 3"
one_error "import a folder"
like "$err" "is a folder" "the message says it is a folder"

# ---- ledger import ----------------------------------------------------------------------
cat >"$T/ok.csv" <<'CSV'
ref,unit,category,title,reported_at,status,accepted_at,resolved_at,closed_at,handler
L1,410102001001001,WORK_SAFETY,台账一,2026-10-01T09:00:00+08:00,closed,2026-10-01T10:00:00+08:00,2026-10-02T09:00:00+08:00,2026-10-03 09:00,P2
L2,410102001002001,OTHER,"台账,二",2026-10-05,reported,,,,
L3,410102001002001,OTHER,台账三,2026-10-05 08:00,assigned,2026-10-05 09:00,,,D014
CSV
run issue import "$T/ok.csv" --dry-run
is "$status" 0 "import --dry-run"
like "$out" "3 added" "dry run counts"
is "$(db_sql "SELECT count(*) FROM issue WHERE ref LIKE 'L%'")" 0 "dry run writes nothing"
run issue import "$T/ok.csv"
is "$status" 0 "import"
like "$out" "3 added, 0 unchanged" "import counts"
l1=$(db_sql "SELECT id FROM issue WHERE ref='L1'")
is "$(db_list "SELECT action || '>' || to_status FROM event WHERE issue_id=$l1 ORDER BY id" ' ')" \
	"report>reported accept>accepted assign>assigned resolve>resolved close>closed" \
	"each timestamp is a history event, and a resolved case was assigned at its accept"
is "$(db_sql "SELECT due_at - accepted_at FROM issue WHERE id=$l1")" 86400 "imported due time"
is "$(db_sql "SELECT count(*) FROM event WHERE issue_id=$l1 AND action='resolve' AND due_at IS NOT NULL")" \
	1 "the imported resolve carries the due time"
is "$(db_sql "SELECT title FROM issue WHERE ref='L2'")" "台账,二" "quoted fields"
run issue import "$T/ok.csv"
like "$out" "0 added, 3 unchanged" "importing again changes nothing"
run -q issue import "$T/ok.csv"
is "$status:$out$err" "0:" "-q: the import's summary is not printed"
run_in "$T/ok.csv" issue import -
is "$status" 0 "import from stdin"

before=$(snap)
cat >"$T/bad.csv" <<'CSV'
ref,unit,category,title,reported_at,status,accepted_at,resolved_at,closed_at
B1,410102001001001,WORK_SAFETY,好的,2026-10-01T09:00:00+08:00,reported,,,
B2,999,WORK_SAFETY,坏单元,2026-10-01T09:00:00+08:00,reported,,,
B3,410102001001001,WORK_SAFETY,缺时间,2026-10-01T09:00:00+08:00,closed,2026-10-01T10:00:00+08:00,,
B4,410102001001001,WORK_SAFETY,乱序,2026-10-02T09:00:00+08:00,accepted,2026-10-01T10:00:00+08:00,,
B5,410102001001001,WORK_SAFETY,未来,2026-12-01T09:00:00+08:00,reported,,,
B6,410102001001001,WORK_SAFETY,坏时间,tomorrow,reported,,,
L1,410102001001001,WORK_SAFETY,改了,2026-10-01T09:00:00+08:00,closed,2026-10-01T10:00:00+08:00,2026-10-02T09:00:00+08:00,2026-10-03 09:00
CSV
run issue import "$T/bad.csv"
is "$status" 3 "a bad ledger: exit 3"
like "$err" "bad.csv:3: column 'unit': unknown unit '999'" "FILE:LINE: column for an unknown unit"
like "$err" "bad.csv:4: column 'resolved_at': a closed issue needs a time here" "FILE:LINE: column for missing times"
like "$err" "bad.csv:5: column 'accepted_at': earlier than reported_at" "FILE:LINE: column for times out of order"
like "$err" "bad.csv:6: column 'reported_at': time .* is later than now" "FILE:LINE: column for a future time"
like "$err" "bad.csv:7: column 'reported_at': malformed time 'tomorrow'" "FILE:LINE: column for a malformed time"
like "$err" "bad.csv:8: column 'ref': 'L1' is already in the database, with different data" \
	"FILE:LINE: column for a ref with other data"
is "$(snap)" "$before" "a bad ledger writes nothing, not even its good lines"
printf 'ref,unit,category,title,reported_at,colour\n' >"$T/col.csv"
run issue import "$T/col.csv"
is "$status" 3 "an unknown column: exit 3"
like "$err" "col.csv:1: unknown column 'colour'" "the unknown column is named"
printf 'ref,unit,category,reported_at\n' >"$T/miss.csv"
run issue import "$T/miss.csv"
like "$err" "miss.csv:1: missing column 'title'" "a missing required column is named"
printf 'ref,unit,category,title,reported_at\nX1,%s,OTHER,"多行\n标题",2026-10-01\nX2,999,OTHER,t,2026-10-01\n' \
	"$G1" >"$T/nl.csv"
run issue import "$T/nl.csv"
like "$err" "nl.csv:4: column 'unit': unknown unit" "line numbers count newlines inside quoted fields"
printf 'ref,unit,category,title,reported_at\nZ1,%s,OTHER,a\000b,2026-10-01\n' "$G1" >"$T/nul.csv"
run issue import "$T/nul.csv"
is "$status" 3 "a NUL byte inside a field: exit 3"
like "$err" "nul.csv:2: column 'title': a NUL byte" "the NUL byte is named with its line and column"
printf '"colour\ngrid: forged",ref,unit,category,title,reported_at\n' >"$T/forged.csv"
run issue import "$T/forged.csv"
is "$status" 3 "a column name with a newline: exit 3"
unlike "$err" "^grid: forged" "a newline in the file cannot forge a message line"
printf 'ref,unit,category,title,reported_at\r\n\r\nY1,%s,OTHER,a,2026-10-01\r\n\r\nY2,999,OTHER,b,2026-10-01\r\n' \
	"$G1" >"$T/blank.csv"
run issue import "$T/blank.csv"
like "$err" "blank.csv:5: column 'unit': unknown unit" "blank lines and CRLF count in the line numbers"

# imported histories are possible histories (QA #3)
cat >"$T/hist.csv" <<CSV
ref,unit,category,title,reported_at,status,accepted_at,resolved_at,closed_at,handler
HI1,$G1,OTHER,t,2026-10-01T08:00,closed,2026-10-01T09:00,2026-10-01T10:00,2026-10-01T11:00,
HI2,$G1,OTHER,t,2026-10-01T08:00,resolved,2026-10-01T09:00,2026-10-01T10:00,,D014
HI3,$G1,OTHER,t,2026-10-01T08:00,assigned,2026-10-01T09:00,,,P2
CSV
run issue import "$T/hist.csv"
is "$status" 0 "a closed row without a handler, a resolved one with one, an assigned one"
is "$(db_sql "SELECT count(*) FROM event e JOIN issue i ON i.id = e.issue_id WHERE i.ref LIKE 'HI%' \
	AND e.action <> 'report' AND e.from_status IS DISTINCT FROM (SELECT p.to_status FROM event p WHERE \
	p.issue_id = e.issue_id AND (p.at < e.at OR (p.at = e.at AND p.id < e.id)) ORDER BY p.at DESC, p.id DESC LIMIT 1)")" \
	0 "every imported event starts where the one before it ended"
is "$(db_list "SELECT i.ref || ':' || coalesce(i.handler, '-') || ':' || CASE WHEN e.at = i.accepted_at THEN 1 ELSE 0 END \
	FROM issue i JOIN event e ON e.issue_id = i.id AND e.action = 'assign' WHERE i.ref LIKE 'HI%' ORDER BY i.ref" ' ')" \
	"HI1:-:1 HI2:D014:1 HI3:P2:1" "each gets its assign event at accepted_at, to the handler when there is one"
before=$(snap)
printf 'ref,unit,category,title,reported_at,status,accepted_at,handler\nHJ1,%s,OTHER,t,2026-10-01,assigned,2026-10-01T09:00,\n' \
	"$G1" >"$T/nohandler.csv"
run issue import "$T/nohandler.csv"
is "$status" 0 "an assigned row without a handler imports (paper ledgers write them; the column is optional)"
is "$(db_sql "SELECT status || ':' || coalesce(handler, '-') FROM issue WHERE ref = 'HJ1'"):$(db_list \
	"SELECT e.action FROM issue i JOIN event e ON e.issue_id = i.id WHERE i.ref = 'HJ1' ORDER BY e.id")" \
	"assigned:-:report,accept,assign" "it is assigned to nobody named, with a possible history"
before=$(snap)
printf 'ref,unit,category,title,reported_at,status,accepted_at,handler\nHJ2,%s,OTHER,t,2026-10-01,accepted,2026-10-01T09:00,P2\n' \
	"$G1" >"$T/acchandler.csv"
run issue import "$T/acchandler.csv"
like "$err" "acchandler.csv:2: column 'handler': an accepted issue has no handler" "an accepted issue: 'an'"
is "$(snap)" "$before" "refused histories write nothing"

# CSV details (QA #9, #10 and the rough edges)
printf 'ref,unit,category,title,detail,reported_at\r\nCR1,%s,OTHER,t,"line1\r\nline2",2026-10-01 08:00\r\n' "$G1" \
	>"$T/crlf.csv"
run issue import "$T/crlf.csv"
is "$status" 0 "CR LF inside a quoted field is a newline"
is "$(printf '%s' "$(db_sql "SELECT detail FROM issue WHERE ref='CR1'")" | od -An -tx1 | tr -d ' \n' | tr a-f A-F)" \
	"6C696E65310A6C696E6532" "stored as LF"
before=$(snap)
printf 'ref,unit,category,title,reported_at\nK1,%s,OTHER,t,2026-10-01\nK1,%s,OTHER,other,2026-10-01\n' "$G1" "$G1" \
	>"$T/dd.csv"
run issue import "$T/dd.csv"
is "$status" 5 "a ref repeated with other data: exit 5"
like "$err" "dd.csv:3: column 'ref': 'K1' repeats line 2, with different data" "it names the line, not a rolled-back id"
unlike "$err" "issue [0-9]" "no issue id that never was"
printf 'ref,unit,category,title,detail,reported_at\nU1,%s,OTHER,t,"one\ntwo,2026-10-01\n' "$G1" >"$T/open.csv"
run issue import "$T/open.csv"
is "$status" 3 "an unbalanced quote: exit 3"
like "$err" "open.csv:2: column 'detail': malformed CSV: unbalanced quote" "named where the quote opened"
unlike "$err" "strict" "not libcsv's wording"
is "$(snap)" "$before" "refused files write nothing"

run issue import "$T/ok.csv" --as P1
is "$status" 6 "import is admin only: exit 6"
run issue import "$T/none.csv"
is "$status" 4 "a missing file: exit 4"

# the generator's ledger, on its street roster: a year of cases in every state
saved_db=$GRID_DB
export GRID_DB="$(db_new street)"
"$GRID" -q init
gen --scale street --ledger "$T/street.csv" --cases 2000 --year 2025 >"$T/street.yaml"
"$GRID" -q import "$T/street.yaml" >/dev/null
run issue import "$T/street.csv" --now 2026-11-02T09:00:00+08:00
is "$status" 0 "import the generator's ledger"
like "$out" "2000 added, 0 unchanged" "every case of the generator's ledger"
is "$(db_sql "SELECT count(DISTINCT status) FROM issue")" 6 "the ledger holds cases in all six states"
is "$(db_sql "SELECT e.issue_id, e.action FROM event e JOIN issue i ON i.id = e.issue_id \
	WHERE i.status = 'closed' ORDER BY e.issue_id, e.at, e.id" |
	awk -F'|' '{ a[$1] = a[$1] " " $2 } END { for (k in a) if (a[k] != " report accept assign resolve close") n++; print n + 0 }')" \
	0 "closed cases have five events, in order"
is "$(db_sql "SELECT count(*) FROM issue WHERE status IN ('assigned','resolved','closed') \
	AND handler IS NULL")" 0 "every handled case names its handler"
export GRID_DB=$saved_db

# ---- parallel writers ------------------------------------------------------------------
before_n=$(db_sql "SELECT count(*) FROM issue")
export GRID_BUSY_TIMEOUT=30000
for w in 1 2 3 4; do
	(
		i=0
		while [ $i -lt 25 ]; do
			"$GRID" issue add --unit $G1 --category OTHER --title "并发 $w $i" >>"$T/ids.$w" 2>>"$T/perr"
			i=$((i + 1))
		done
	) &
done
# meanwhile, move cases
"$GRID" case accept "$r1" >/dev/null 2>>"$T/perr" &
wait
is "$(cat "$T"/ids.* | sort -u | wc -l)" 100 "4 x 25 parallel adds give 100 distinct ids"
is "$(db_sql "SELECT count(*) FROM issue")" "$((before_n + 100))" "no add was lost"
is "$(cat "$T/perr")" "" "no parallel writer failed"
is "$(db_sql "SELECT count(*) FROM issue i WHERE NOT EXISTS (SELECT 1 FROM event e WHERE e.issue_id=i.id)")" \
	0 "every issue has its report event"

# ---- as-of with changed_at kept by the workflow ------------------------------
# The measures find the cases changed after as-of by issue.changed_at; here
# every write is the real workflow's, so no row falls back to the history.
# A past month reads the same after `grid case` acts on its cases (were
# changed_at not kept, the reopened case would count as unresolved).
saved_db=$GRID_DB
export GRID_DB="$(db_new asof)"
run init -q
run -q import "$T/roster.yaml"
is "$status" 0 "as-of: a fresh database with the roster"
export GRID_NOW=2026-10-05T09:00:00+08:00
run issue add --unit $G1 --category WORK_SAFETY --title 一; x1=$out
run issue add --unit $G1 --category OTHER --title 二 --accept; x2=$out
run issue add --unit $G3 --category OTHER --title 三; x3=$out
run issue add --unit $G3 --category WORK_SAFETY --title 四 --accept; x4=$out
export GRID_NOW=2026-10-06T09:00:00+08:00
run case accept "$x1"
run case assign "$x1" --to P2
run case resolve "$x1" --note done
export GRID_NOW=2026-11-03T09:00:00+08:00
run stats closure --month 2026-10 --format json
oct_closure=$out
jq_is "$out" 'd["total"]["found"], d["total"]["resolved"]' "4 1" \
	"as-of: October before the later writes"
run report monthly --month 2026-10 --format json
oct_report=$out
export GRID_NOW=2026-11-04T09:00:00+08:00
run case reopen "$x1" --note again
is "$status" 0 "as-of: reopen after the month"
run case assign "$x2" --to P2
run case resolve "$x2"
is "$status" 0 "as-of: resolve after the month"
run case accept "$x3"
is "$status" 0 "as-of: accept after the month"
run case escalate "$x4"
is "$status" 0 "as-of: escalate after the month"
is "$(db_sql "SELECT count(*) FROM issue i WHERE changed_at IS DISTINCT FROM (SELECT max(at) FROM event e WHERE e.issue_id = i.id)")" \
	0 "as-of: every issue's changed_at is its latest event"
is "$(db_sql "SELECT count(*) FROM issue WHERE changed_at > $(date -d 2026-11-01T00:00:00+08:00 +%s)")" \
	4 "as-of: the four cases changed after October"
export GRID_NOW=2026-11-20T09:00:00+08:00
run stats closure --month 2026-10 --format json
is "$out" "$oct_closure" "as-of: October's closure reads the same after the workflow changed its cases"
run report monthly --month 2026-10 --format json
is "$out" "$oct_report" "as-of: October's monthly report reads the same"
run stats closure --month 2026-11 --format json
jq_is "$out" 'd["total"]["found"]' "0" "as-of: November has none of October's cases"
export GRID_DB=$saved_db GRID_NOW=$NOW

finish
