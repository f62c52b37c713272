#!/bin/sh
# The notice an office posts (grid-report(1)): the header from the roster's
# notice settings, the number in the year, the period in the catalogue's
# date forms, the opening paragraph with the change on the previous
# period, the ranking's first and last three marked, names in print and
# codes in JSON, the overdue list with "and N more", the foot; zh_CN and C.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/notice_seed.sh"

street=$(db_new street)
export GRID_DB="$street"
notice_seed "$GRID_DB"
is "$?" 0 "the example street, its October ledger, September's and week 45's cases"
zh_setup

# ---- the header and the foot: settings of examples/street.yaml ---------------
run report monthly --month 2026-10 --unit 410102011
is "$status" 0 "report monthly"
is "$(printf '%s\n' "$out" | sed -n 1,3p)" "中原区棉纺路街道办事处
网格化管理工作通报
No. 10 of 2026 (Monthly notice)" "the header: office, title, the month's number in the year"
like "$out" '^period: +2026-10-01 to 10-31$' "C locale: the first and the last day, not until"
like "$out" '^scope: +棉纺路街道$' "the scope by name"
is "$(printf '%s\n' "$out" | tail -2)" "中原区棉纺路街道网格化服务管理中心
2026-11-01" "the foot: the issuing body and the as-of date"
unlike "$out" 'ILLEGAL_|WORK_SAFETY|4101020110' "in print, categories and units by name, no codes"

# ---- the opening paragraph and 环比 --------------------------------------------
run report monthly --month 2026-10 --unit 410102011 --format json
j=$out
jq_is "$j" 'd["previous"]["since"], d["previous"]["until"], d["previous"]["total"]["found"], d["previous"]["total"]["resolved"]' \
	"2026-09-01T00:00:00+08:00 2026-10-01T00:00:00+08:00 4 2" "json: the previous month and its totals"
jq_is "$j" 'd["total"]["found"], d["total"]["resolved"]' "60 50" "json: October's totals"
like "$out" '"opening":"This month 60 cases were found \(4 the month before\) and 50 resolved, a closure rate of 83\.33%, up 33\.33 points on the previous period;' \
	"the opening sentence: the figures and the change in points (83.33% - 50.00%)"
jq_is "$j" 'd["header"]["office"], d["header"]["year"], d["header"]["number"], d["header"]["issuer"]' \
	"中原区棉纺路街道办事处 2026 10 中原区棉纺路街道网格化服务管理中心" "json: the header's raw fields"
jq_is "$j" '[c["key"] for c in d["categories"]][:2], d["overdue"][0]["category"], d["overdue"][0]["category_name"]' \
	"['ILLEGAL_PRODUCTION', 'ILLEGAL_BUSINESS'] OTHER 其它" "json keeps the codes beside the names"

# ---- the ranking: first three and last three -------------------------------------
jq_is "$j" '[(r["rank"], r["mark"]) for r in d["ranking"]]' \
	"[(1, 'top'), (2, 'top'), (3, 'top'), (4, None), (5, None), (6, None), (7, None), (8, None), (9, 'bottom'), (10, 'bottom'), (11, 'bottom')]" \
	"json: eleven communities, the first three and the last three marked"
run report monthly --month 2026-10 --unit 410102011
like "$out" '^ +1 +[^ ]+社区 .* top 3$' "text: the first marked"
like "$out" '^ +11 +[^ ]+社区 .* bottom 3$' "text: the last marked"
run report monthly --month 2026-10 --unit 410102011001 --format json
jq_is "$out" 'd["level"], len(d["ranking"])' "community 1" "one community ranked"
jq_is "$out" '[r["mark"] for r in d["ranking"]]' "[None]" "a ranking of one marks none"

# ---- the weekly notice: the ISO week's number, the overdue list ----------------
run report weekly --week 2026-W45 --unit 410102011 --format json
jq_is "$out" 'd["header"]["number"], d["header"]["period_text"], d["previous"]["since"]' \
	"45 2026-11-02 to 11-08 2026-10-26T00:00:00+08:00" "weekly: numbered by ISO week, the previous week"
jq_is "$out" 'len(d["overdue"]), d["overdue_more"], d["overdue"][-1]["days_overdue"]' "17 0 1" \
	"weekly: 17 overdue at as-of, an hour late counts as a day"
like "$out" '"opening":"This week 9 cases were found \(9 the week before\) and 0 resolved, a closure rate of 0\.00%, down 66\.67 points' \
	"weekly: the change against the week before"

# ---- no notice settings: a generic title, no office ------------------------------
export GRID_DB="$(db_new bare)"
run init
run -q import "$SRCDIR/examples/street.yaml"
db_sql "DELETE FROM setting WHERE key LIKE 'notice.%'" >/dev/null
run report monthly --month 2026-10
is "$(printf '%s\n' "$out" | sed -n 1,2p)" "Grid management notice
No. 10 of 2026 (Monthly notice)" "no settings: the generic title, still numbered"
like "$out" '^scope: +every unit$' "no scope: every unit"
is "$(printf '%s\n' "$out" | tail -1)" "2026-11-01" "no settings: the foot is the date alone"
like "$out" "No case was found this month" "an empty month says so"
run report monthly --month 2026-10 --format json
jq_is "$out" 'd["header"]["office"], d["header"]["issuer"], d["header"]["foot"]' "None None None" "json: the settings null"
printf 'settings:\n  notice: {numbering: none, office: 某办事处}\n' >"$T/numbering.yaml"
run -q import "$T/numbering.yaml"
is "$status" 0 "import numbering: none"
run report monthly --month 2026-10
is "$(printf '%s\n' "$out" | sed -n 1,3p)" "某办事处
Grid management notice
Monthly notice" "numbering none: the kind alone; the office is the foot too"
is "$(printf '%s\n' "$out" | tail -2 | head -1)" "某办事处" "no issuer: the office signs"
run export
like "$out" '^  notice:$' "export writes the notice settings"
like "$out" '^    numbering: none$' "... numbering among them"
printf 'settings:\n  notice: {numbering: monthly}\n' >"$T/bad.yaml"
run import "$T/bad.yaml"
is "$status" 3 "a numbering other than year or none: exit 3"
like "$err" "unknown numbering 'monthly': year or none" "the message names the values"

# ---- the long overdue list: "and N more" ---------------------------------------
export GRID_DB="$(db_new many)"
run init
run -q import "$SRCDIR/examples/street.yaml"
i=0
while [ $i -lt 103 ]; do
	printf 'TZ-%03d,410102011001001,WORK_SAFETY,第%d件,2026-10-01T08:00:00+08:00,accepted,2026-10-01T09:00:00+08:00,,,\n' $i $i
	i=$((i + 1))
done | { echo "ref,unit,category,title,reported_at,status,accepted_at,resolved_at,closed_at,handler"; cat; } >"$T/many.csv"
run -q --now 2026-11-01T08:00 issue import "$T/many.csv"
is "$status" 0 "103 open cases, all overdue in October"
run report monthly --month 2026-10 --format json
jq_is "$out" 'len(d["overdue"]), d["overdue_more"]' "100 3" "json: the 100 most overdue and the count of the rest"
run report monthly --month 2026-10
like "$out" '^… and 3 more: grid issue list --overdue$' "text: and 3 more"
run report monthly --month 2026-10 --format md
like "$out" '^… and 3 more' "md: and 3 more"
run report monthly --month 2026-10 --format html
like "$out" '<p class="more">… and 3 more' "html: and 3 more"
"$GRID" report monthly --month 2026-10 --format xlsx >"$T/many.xlsx"
is "$?" 0 "xlsx: a cut overdue list writes (the filter set before the note under it)"
is "$(/usr/bin/python3 -c "import openpyxl,sys; ws = openpyxl.load_workbook(sys.argv[1])['Overdue cases']; print(ws.max_row, ws.auto_filter.ref, ws.cell(ws.max_row, 1).value)" "$T/many.xlsx" 2>&1)" \
	"103 A1:H101 … and 3 more: grid issue list --overdue" "xlsx: the 100 rows filtered, and 3 more under them"

# ---- zh_CN: the same notice in Chinese --------------------------------------------
if [ -z "$zh" ]; then
	echo "ok $((ntest + 1)) # SKIP no zh_CN.UTF-8 locale and no localedef"
	ntest=$((ntest + 1))
else
	zhrun report monthly --month 2026-10
	like "$out" '…另有 3 件' "zh_CN: and N more"
	export GRID_DB="$street"
	zhrun report monthly --month 2026-10 --unit 410102011
	like "$out" '^2026年第10期（月通报）$' "zh_CN: 2026年第10期"
	like "$out" '2026年10月1日至10月31日' "zh_CN: the period as 2026年10月1日至10月31日"
	like "$out" '^本月共排查问题60起（上月4起），已办结50起，办结率83\.33%，环比上升33\.33个百分点；' \
		"zh_CN: the opening paragraph and 环比"
	like "$out" '前三名$' "zh_CN: the first three marked"
	like "$out" '后三名$' "zh_CN: the last three marked"
	is "$(printf '%s\n' "$out" | tail -1)" "2026年11月1日" "zh_CN: the date at the foot"
	zhrun report weekly --week 2026-W45 --unit 410102011
	like "$out" '^2026年第45期（周通报）$' "zh_CN: the week's number"
	like "$out" '环比下降66\.67个百分点' "zh_CN: a fall in points"
	zhrun report monthly --month 2026-10 --unit 410102011 --format html
	like "$out" '<html lang="zh-CN">' "zh_CN: the page's language"
	zhrun report monthly --month 2026-10 --unit 410102011 --format json
	jq_is "$out" 'd["header"]["number"], [r["mark"] for r in d["ranking"]][0], d["total"]["found"]' "10 top 60" \
		"zh_CN: JSON keeps raw numbers and codes"
fi

finish
