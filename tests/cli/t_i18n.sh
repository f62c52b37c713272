#!/bin/sh
# Chinese throughout: under LANG=zh_CN.UTF-8 a library error, the column
# headings, a status, an action, a role and a duty come out in Chinese;
# under the C locale the same are English, even with LANGUAGE asking for
# Chinese; JSON and CSV hold the machine's English identifiers either way.
. "$(dirname "$0")/lib.sh"

skip() {
	ntest=$((ntest + 1))
	echo "ok $ntest # SKIP $1"
}

run init -q
is "$status" 0 "init"
# init made the login running it an admin: it acts.
cat >"$T/roster.yaml" <<'YAML'
version: 1
levels: [street, community, grid]
departments:
  - {code: D1, name: 城管局}
categories:
  - {code: ROAD, name: 道路设施, deadline_hours: 24, department: D1}
units:
  - code: S1
    name: 韩寺镇
    level: street
    children:
      - code: C1
        name: 龙源社区
        level: community
        children:
          - {code: G1, name: 龙源1, level: grid}
people:
  - {id: P1, name: 张三, roles: [admin]}
assignments:
  - {unit: G1, person: P1, duty: grid_head}
YAML
run import "$T/roster.yaml"
is "$status" 0 "the roster"
like "$out" '^levels +3 added ' "the import's sections are English under C"
run issue add --unit G1 --category ROAD --title 井盖破损
is "$status" 0 "an issue"
run case accept 1
is "$status" 0 "accepted"

# The English of each check, under C.UTF-8 (lib.sh's locale).
run issue add --unit NOPE --category ROAD --title x
is "$status" 4 "an unknown unit: exit 4"
is "$err" "grid: unknown unit 'NOPE'" "the library's error is English under C"
run issue list --since 2026-13-45
is "$status" 2 "a bad time: exit 2"
like "$err" "malformed time '2026-13-45'; use YYYY-MM-DD" "the library's time error is English under C"
run issue list
like "$(printf '%s\n' "$out" | head -1)" '^ *ID +STATUS +UNIT ' "list headings are English under C"
like "$out" ' accepted ' "statuses are English under C"
run issue show 1
like "$out" '^STATUS: +accepted$' "issue show: the status is English under C"
like "$out" ' accept +reported +accepted ' "issue show: the action and statuses of the history are English under C"
run person list
like "$out" ' admin ' "roles are English under C"
run who G1
like "$out" ' grid_head ' "a common duty is English under C"
run stats closure
like "$(printf '%s\n' "$out" | head -1)" 'CLOSURE RATE$' "the rate column says which rate under C"
run issue list --format csv
c_csv=$out
run issue list --format json
c_json=$out

# LANGUAGE does not override the C locale: gettext reads it only when the
# locale is another (C.UTF-8 is another to glibc: there it may pick the
# catalogue even with no zh_CN locale generated).  The library's messages
# follow the command's either way: one domain, one binding, one locale.
LANGUAGE=zh_CN LC_ALL=C "$GRID" issue add --unit NOPE --category ROAD --title x >/dev/null 2>"$T/stderr"
is "$(cat "$T/stderr")" "grid: unknown unit 'NOPE'" "LANGUAGE=zh_CN under LC_ALL=C: the library's error stays English"
LANGUAGE=zh_CN "$GRID" issue add --unit NOPE --category ROAD --title x --nosuch >/dev/null 2>"$T/stderr"
cli_msg=$(cat "$T/stderr")
LANGUAGE=zh_CN "$GRID" issue add --unit NOPE --category ROAD --title x >/dev/null 2>"$T/stderr"
lib_msg=$(cat "$T/stderr")
case $cli_msg in
*未知选项*) like "$lib_msg" "未知网格单元 'NOPE'" "LANGUAGE=zh_CN under C.UTF-8: the library's error is Chinese as the command's" ;;
*) is "$lib_msg" "grid: unknown unit 'NOPE'" "LANGUAGE=zh_CN under C.UTF-8: the library's error is English as the command's" ;;
esac

zh_locale
if [ -z "$zh" ]; then
	skip "no zh_CN.UTF-8 locale and no localedef"
else
	zhrun issue add --unit NOPE --category ROAD --title x
	is "$status" 4 "an unknown unit under zh_CN: still exit 4"
	is "$err" "grid: 未知网格单元 'NOPE'" "the library's error is Chinese under zh_CN"
	one_error "the library's Chinese error"
	zhrun issue list --since 2026-13-45
	is "$status" 2 "a bad time under zh_CN: still exit 2"
	like "$err" "时间 '2026-13-45' 格式错误；请用 YYYY-MM-DD" "the library's time error is Chinese under zh_CN"
	zhrun issue list
	like "$(printf '%s\n' "$out" | head -1)" '^ *编号 +状态 +网格单元 ' "list headings are Chinese under zh_CN"
	like "$out" ' 已受理 ' "statuses are Chinese under zh_CN"
	unlike "$out" 'accepted' "no English status is left under zh_CN"
	zhrun issue show 1
	like "$out" '^状态: +已受理$' "issue show: the status is Chinese under zh_CN"
	like "$out" ' 受理 +已上报 +已受理 ' "issue show: the action and statuses of the history are Chinese under zh_CN"
	zhrun person list
	like "$out" ' 管理员 ' "roles are Chinese under zh_CN"
	zhrun import "$T/roster.yaml"
	like "$out" '^网格层级 新增 +0 +更新 +0 +未变 +3 ' "the import's sections are Chinese under zh_CN, aligned"
	zhrun who G1
	like "$out" ' 网格长 ' "a common duty is Chinese under zh_CN"
	zhrun stats closure
	like "$(printf '%s\n' "$out" | head -1)" '办结率$' "the closure rate is 办结率 under zh_CN"
	unlike "$out" '比率' "not 比率"
	zhrun stats ontime
	like "$(printf '%s\n' "$out" | head -1)" '按期办结率$' "the on-time rate is 按期办结率 under zh_CN"
	zhrun issue list --format csv
	is "$out" "$c_csv" "CSV, statuses included, is the same under zh_CN"
	zhrun issue list --format json
	is "$out" "$c_json" "JSON, statuses included, is the same under zh_CN"
fi

finish
