#!/bin/sh
# Hooks (grid-hooks(5)): which run after which command, in what order,
# what they read, and that a hook failing, hanging or writing never
# undoes or fails the command that committed.
. "$(dirname "$0")/lib.sh"

run init -q
is "$status" 0 "init"
cat >"$T/roster.yaml" <<'YAML'
version: 1
levels: [street, community, grid]
departments:
  - {code: D003, name: 应急管理局}
categories:
  - {code: WORK_SAFETY, name: 安全生产, deadline_hours: 24, department: D003}
units:
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
  - {id: P3, name: Staff, login: p3, roles: [dept_staff], department: D003}
YAML
run -q import "$T/roster.yaml"
is "$status" 0 "import the roster"
G=410102001001001
export GRID_NOW=2026-11-02T09:00:00+08:00
H="$T/config/grid/hooks"
mkdir -p "$H"

# hook NAME BODY: an executable hook NAME in the hooks folder.
hook() {
	printf '#!/bin/sh\n%s\n' "$2" >"$H/$1"
	chmod +x "$H/$1"
}
# The recorder: its name and argv appended to $T/order, its payload kept.
RECORD='echo "$(basename "$0") $*" >>"'"$T"'/order"; cat >"'"$T"'/payload-$(basename "$0")"'
for e in add accept assign escalate resolve close reopen reject sweep; do
	hook post-$e "$RECORD"
done
# payload NAME EXPR: EXPR over the payload d that hook NAME read.
payload() {
	python3 -c "import json,sys; d=json.loads(sys.stdin.read()); print($2)" <"$T/payload-$1" 2>&1
}

# ---- order and payload across a workflow ----------------------------------------
run issue add --unit $G --category WORK_SAFETY --title 消防通道堵塞
is "$status" 0 "issue add: exit 0"
id=$out
is "$id" "$(printf '%s' "$out" | grep -E '^[0-9]+$')" "grid's standard output is its own: the id alone"
run case accept "$id" --note 收到
run case assign "$id" --to P3
run case escalate "$id" --note 上报街道
run case resolve "$id"
run case reopen "$id" --note 返工
run case resolve "$id"
run case close "$id"
is "$status" 0 "the workflow ran"
is "$(cat "$T/order")" "post-add api:1 command:issue add
post-accept api:1 command:case accept
post-assign api:1 command:case assign
post-escalate api:1 command:case escalate
post-resolve api:1 command:case resolve
post-reopen api:1 command:case reopen
post-resolve api:1 command:case resolve
post-close api:1 command:case close" "one hook per event, in order, with api:1 and the command in argv"
is "$(wc -l <"$T/payload-post-escalate")" 1 "the payload is one line"
is "$(payload post-escalate "d['id'], d['status'], d['handling_unit']")" "$id assigned 410102001001" \
	"the payload is the issue after the event"
is "$(payload post-escalate "d['event']['action'], d['event']['actor'], d['event']['note']")" \
	"escalate $(id -un) 上报街道" "and the event just recorded"
is "$(payload post-escalate "d['event'] == d['history'][-1], [e['action'] for e in d['history']]")" \
	"True ['report', 'accept', 'assign', 'escalate']" "with the history, as issue show --format json"
"$GRID" issue show "$id" --format json >"$T/show.json"
is "$(payload post-close "json.dumps({k: v for k, v in d.items() if k != 'event'}, ensure_ascii=False)")" \
	"$(python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin), ensure_ascii=False))' <"$T/show.json")" \
	"apart from the event, the payload is issue show --format json"
is "$(payload post-add "d['status'], d['event']['action']")" "reported report" "post-add's event is the report"

# issue add --accept: post-add, then post-accept
: >"$T/order"
run issue add --unit $G --category WORK_SAFETY --title 井盖缺失 --accept
b=$out
is "$(cut -d' ' -f1 "$T/order" | tr '\n' ' ')" "post-add post-accept " "add --accept: post-add then post-accept"
is "$(payload post-add "d['status'], d['event']['action']")" "accepted report" "both read the issue as it is"
is "$(payload post-accept "d['event']['action']")" "accept" "post-accept's event is the accept"

# issue add --ref: an issue that is there already was not added again
run -q issue add --unit $G --category WORK_SAFETY --title 路灯不亮 --ref R-1 --no-hooks
: >"$T/order"
run issue add --unit $G --category WORK_SAFETY --title 路灯不亮 --ref R-1
is "$(cat "$T/order")" "" "issue add --ref of an issue already there: no post-add"
run issue add --unit $G --category WORK_SAFETY --title 路灯不亮 --ref R-1 --accept
is "$(cut -d' ' -f1 "$T/order")" "post-accept" "and with --accept, only post-accept when it accepted it"
: >"$T/order"
run issue add --unit $G --category WORK_SAFETY --title 路灯不亮 --ref R-1 --accept --now 2026-11-02T09:30:00+08:00
is "$status$(cat "$T/order")" 0 "none when it was accepted already"

# ---- what runs no hook ----------------------------------------------------------
: >"$T/order"
run --no-hooks case assign "$b" --to P3
is "$status" 0 "--no-hooks before the noun"
run case escalate "$b" --no-hooks
is "$status" 0 "--no-hooks after the verb"
run case resolve 99999
is "$status" 4 "a command that fails"
run issue list
run case sweep --dry-run --now 2026-11-05T09:00:00+08:00
is "$status" 0 "a dry sweep"
is "$(cat "$T/order")" "" "no hook ran: --no-hooks, a failed command, a read, a dry run"

# ---- the sweep ------------------------------------------------------------------
run issue add --unit $G --category WORK_SAFETY --title 超期 --accept --no-hooks
c=$out
: >"$T/order"
run case sweep --now 2026-11-05T09:00:00+08:00 --format json
is "$status" 0 "the sweep"
is "$(grep -c '^post-sweep ' "$T/order")" 3 "post-sweep once per case escalated"
jq_is "$out" "len(d)" 3 "as many as the sweep printed"
like "$(cat "$T/order")" "^post-sweep api:1 command:case sweep$" "with command:case sweep"
is "$(payload post-sweep "d['event']['action']")" escalate "its event is the escalation"
export GRID_NOW=2026-11-05T10:00:00+08:00

# ---- a failing hook -------------------------------------------------------------
hook post-accept 'cat >/dev/null; exit 3'
run issue add --unit $G --category WORK_SAFETY --title 失败的钩子 --accept
is "$status" 0 "a failing hook: the command still exits 0"
d=$out
like "$d" '^[0-9]+$' "and prints the id"
is "$(db_sql "SELECT status FROM issue WHERE id = $d")" accepted "its write stays committed"
is "$err" "grid: warning: hook post-accept: exited with status 3" "one warning naming the hook and its status"
run -q case assign "$d" --to P3
hook post-assign 'kill -TERM $$'
run -q case assign "$d" --to P3
is "$status" 0 "a hook killed by a signal"
is "$err" "grid: warning: hook post-assign: killed by signal 15" "is said, under -q too"
hook post-assign 'echo to-stdout; echo to-stderr >&2'
run case assign "$d" --to P3
is "$out" "$d" "a hook's output never mixes with grid's standard output"
is "$err" "to-stdout
to-stderr" "it goes to grid's standard error"

# ---- a hook past GRID_HOOK_TIMEOUT ----------------------------------------------
hook post-resolve 'sleep 60 & echo $! >"'"$T"'/child.pid"; sleep 60'
start=$(date +%s)
GRID_HOOK_TIMEOUT=1 run case resolve "$d"
took=$(($(date +%s) - start))
is "$status" 0 "a hook past its time: the command exits 0"
is "$err" "grid: warning: hook post-resolve: still running after 1 s: killed, with the processes it started" \
	"one warning"
check "grid returned long before the hook's sleep would end ($took s)" test "$took" -lt 30
is "$(db_sql "SELECT status FROM issue WHERE id = $d")" resolved "the write stays committed"
# alive PID: a process that is neither gone nor a zombie waiting for init.
alive() { case $(ps -o stat= -p "$1" 2>/dev/null) in "" | Z*) return 1 ;; esac; }
child=$(cat "$T/child.pid")
n=0
while alive "$child" && [ $n -lt 50 ]; do sleep 0.1; n=$((n + 1)); done
check "the hook's child was killed too" sh -c "! ps -o stat= -p $child | grep -qv '^Z'"
hook post-resolve "$RECORD"
GRID_HOOK_TIMEOUT=soon run case reopen "$d" --note 再修
like "$err" "^grid: warning: GRID_HOOK_TIMEOUT 'soon' is not a number of seconds" "a bad GRID_HOOK_TIMEOUT is said"
is "$status" 0 "and the default used"

# ---- a hook that runs grid again ------------------------------------------------
hook post-escalate '
id=$(python3 -c "import json,sys; print(json.load(sys.stdin)[\"id\"])")
"'"$GRID"'" issue list --format csv >"'"$T"'/nested.csv" 2>"'"$T"'/nested.err" || exit 9
"'"$GRID"'" case assign "$id" --to P3 --note 钩子指派 >/dev/null 2>>"'"$T"'/nested.err" || exit 8'
: >"$T/order"
run case escalate "$d"
is "$status" 0 "a hook that reads and writes through grid"
is "$err" "" "works: no busy database, no warning"
like "$(cat "$T/nested.csv")" "^$d,.*,assigned," "the hook read the database after the commit"
is "$(db_sql "SELECT action FROM event WHERE issue_id = $d ORDER BY id DESC LIMIT 1")" assign "and wrote to it"
is "$(cat "$T/order")" "" "the grid a hook runs runs no hook itself (no loop)"

# ---- the folder -----------------------------------------------------------------
printf '#!/bin/sh\nexit 0\n' >"$H/post-close"
chmod -x "$H/post-close"
run case resolve "$d"
run case close "$d"
is "$status" 0 "a hook that is not executable"
is "$err" "grid: warning: hook post-close: not an executable file: ignored" "is ignored, with a warning"
mkdir -p "$T/other"
printf '#!/bin/sh\necho other "$@" >>"%s/order"\n' "$T" >"$T/other/post-add"
chmod +x "$T/other/post-add"
: >"$T/order"
GRID_HOOKS_DIR="$T/other" run issue add --unit $G --category WORK_SAFETY --title 别处
is "$(cat "$T/order")" "other api:1 command:issue add" "GRID_HOOKS_DIR names another folder"
rm -rf "$H"
run issue add --unit $G --category WORK_SAFETY --title 无钩子
is "$status$err" 0 "no hooks folder: nothing said"

# The example post-escalate posts the payload with curl to GRID_WEBHOOK_URL.
mkdir -p "$T/bin"
printf '#!/bin/sh\necho "$@" >"%s/curl.args"; cat >"%s/curl.body"\n' "$T" "$T" >"$T/bin/curl"
chmod +x "$T/bin/curl"
mkdir -p "$H"
cp "$SRCDIR/examples/hooks/post-escalate" "$H/"
e=$out
run case accept "$e"
PATH="$T/bin:$PATH" GRID_WEBHOOK_URL=https://example.invalid/hook run case escalate "$e"
is "$status$err" 0 "the example hook"
like "$(cat "$T/curl.args")" "https://example.invalid/hook$" "posts to GRID_WEBHOOK_URL"
is "$(python3 -c 'import json,sys; print(json.load(sys.stdin)["event"]["action"])' <"$T/curl.body")" escalate \
	"the payload as it read it"
GRID_WEBHOOK_URL= run case escalate "$e"
like "$err" "^grid: warning: hook post-escalate: exited with status" "without GRID_WEBHOOK_URL it fails, said"

finish
