#!/bin/sh
# The year's work in the notice (grid-report(1)): a monthly or yearly
# notice whose database holds targets or key projects says where each
# target stands as of the period's last day and counts the projects as
# they stood then — the seed's sentences, word for word under zh_CN —
# in every format; the weekly notice and a database without them say
# nothing of either.
. "$(dirname "$0")/lib.sh"

export GRID_NOW=2026-05-02T09:00
run init -q
is "$status" 0 "init"
cat >"$T/roster.yaml" <<'YAML'
version: 1
levels: [street, community]
categories:
  - {code: OTHER, name: 其它, deadline_hours: 72}
units:
  - {code: S, name: 桐柏路街道, level: street, children: [
      {code: C1, name: 社区一, level: community},
      {code: C2, name: 社区二, level: community}]}
settings:
  ranking: {level: community}
  notice: {office: 桐柏路街道办事处}
YAML
run import -q "$T/roster.yaml"
is "$status" 0 "the roster"

# ---- without targets or projects -------------------------------------------------
run report monthly --month 2026-04 --format json
jq_is "$out" "(d['targets'], d['projects'])" "(None, None)" "none: the keys are null"
run report monthly --month 2026-04
unlike "$out" "Targets against the schedule|Key projects" "none: no section in text"

# ---- the seed's figures at the end of May, projects during May -------------------
"$GRID" target set revenue --year 2026 --value 23329 --name 财税收入 --measure 万元 >/dev/null
"$GRID" target set industry --year 2026 --value 60000 --name 规模以上工业增加值 --measure 万元 >/dev/null
"$GRID" target record industry --as-of 2025-05-31 --value 25098 >/dev/null
"$GRID" target set fixed --year 2026 --value 121000 --name 固定资产投资额 --measure 万元 >/dev/null
"$GRID" target set revenue --year 2026 --unit C1 --value 5000 >/dev/null
"$GRID" --now 2026-05-10T09:00 project add XM1 --name 风和日丽四期 --level district --stage building \
	--investment 110000 --unit C1 >/dev/null
"$GRID" --now 2026-05-10T09:00 project add XM2 --name 望湖花园 --level street --investment 80000 >/dev/null
"$GRID" --now 2026-05-20T09:00 project update XM1 --milestone 主体封顶 >/dev/null
# Recorded in June, the figures of the end of May.
export GRID_NOW=2026-06-03T09:00
"$GRID" target record revenue --as-of 2026-05-31 --value 11029 >/dev/null
"$GRID" target record industry --as-of 2026-05-31 --value 28218 >/dev/null
"$GRID" target record fixed --as-of 2026-05-31 --value 44044 >/dev/null
# A project added in June is not May's, even at its first instant.
"$GRID" project add XM3 --name 乐丁广场 --level street --investment 30000 --at 2026-06-01T00:00 >/dev/null

run report monthly --month 2026-05 --format json
is "$status" 0 "the monthly notice of May"
jq_is "$out" "(d['targets']['as_of'], d['targets']['schedule_by'], len(d['targets']['rows']))" \
	"('2026-05-31', 'months', 4)" "targets: as of the month's last day, by months, every target"
jq_is "$out" "[(r['indicator'], r['unit'], r['actual'], r['completion'], r['points'], r['over'], r['yoy']) for r in d['targets']['rows'] if r['unit'] is None]" \
	"[('revenue', None, 11029, 0.472759, 5.6, 1308, None), ('industry', None, 28218, 0.4703, 5.4, 3218, 0.124313), ('fixed', None, 44044, 0.364, -5.3, -6373, None)]" \
	"targets: the seed's 47.28%, 5.6 points and 1,308 over; 12.43% year on year; 36.40%"
jq_is "$out" "(d['targets']['rows'][1]['unit'], d['targets']['rows'][1]['actual'])" "('C1', None)" \
	"a unit's target without a figure, after the whole's of its indicator: null, not zero"
jq_is "$out" "(d['projects']['counts']['total'], [p['code'] for p in d['projects']['rows']], d['projects']['rows'][0]['milestone'])" \
	"(2, ['XM1', 'XM2'], '主体封顶')" "projects: those of May, as they stood at its end"
jq_is "$out" "(d['projects']['counts']['band_100m'], d['projects']['counts']['band_1b'], d['projects']['rows'][0]['investment'])" \
	"(2, 1, 110000)" "projects: the bands, the investment a number"

run report monthly --month 2026-05
like "$out" "As of 2026-05-31: 财税收入: 11029万元, 47.28% of the target 23329万元, 5.6 points ahead of schedule, 1308万元 over" \
	"text: the targets' paragraph in English"
like "$out" "固定资产投资额: 44044万元, 36.40% of the target 121000万元, 5.3 points behind schedule, 6373万元 short" \
	"behind the schedule, short"
like "$out" "社区一, 财税收入: the target 5000万元, no figure recorded yet" "a target without a figure"
like "$out" "2 key projects: 1 district, 1 street; 1 under construction, 1 planned; 2 of 100 million yuan and over, 1 of 1 billion yuan and over." \
	"the projects' sentence"
unlike "$out" "XM1|乐丁广场" "codes are JSON's; a project of June is not May's"

if zh_locale; then
	zhrun report monthly --month 2026-05
	like "$out" "截至2026年5月31日，财税收入累计完成11029万元，占目标任务23329万元的47.28%，超进度5.6个百分点，超1308万元；" \
		"zh_CN: the seed's sentence"
	like "$out" "规模以上工业增加值累计完成28218万元，占目标任务60000万元的47.03%，超进度5.4个百分点，超3218万元，同比增长12.43%；" \
		"zh_CN: year on year"
	like "$out" "落后进度5.3个百分点，欠6373万元" "zh_CN: behind the schedule"
	like "$out" "共有重点项目2个，其中区重点项目1个、街道重点项目1个；在建项目1个，规划建设项目1个；超亿元项目2个，超10亿项目1个。" \
		"zh_CN: the projects' sentence"
	like "$out" "目标任务完成情况" "zh_CN: the targets' heading"
else
	skip "no zh_CN.UTF-8 locale"
fi

# ---- every format ----------------------------------------------------------------
run report monthly --month 2026-05 --format md
like "$out" "## Targets against the schedule" "md: the targets' heading"
like "$out" "## Key projects" "md: the projects' heading"
run report monthly --month 2026-05 --format html
like "$out" "<h2>Targets against the schedule</h2>" "html: the targets' heading"
like "$out" "风和日丽四期" "html: the projects"
"$GRID" report monthly --month 2026-05 --format xlsx >"$T/may.xlsx"
is "$?" 0 "xlsx"
sheets=$(/usr/bin/python3 - "$T/may.xlsx" <<'PY'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
t = wb["Targets against the schedule"]
rows = list(t.iter_rows(values_only=True))
head = rows[0]
first = dict(zip(head, rows[1]))
p = wb["Key projects"]
print(first["TARGET"], first["ACTUAL"], round(first["COMPLETION"], 6), p.max_row >= 3)
PY
)
is "$sheets" "23329 11029 0.472759 True" "xlsx: the targets' and projects' sheets, numbers as numbers"

# ---- the year's notice, the week's, the scope -----------------------------------
export GRID_NOW=2027-01-05T09:00
run report yearly --year 2026 --format json
jq_is "$out" "(d['targets']['as_of'], d['projects']['counts']['total'])" "('2026-12-31', 3)" \
	"the yearly notice: as of the year's last day, every project of the year"
run report weekly --week 2026-W22 --format json
jq_is "$out" "('targets' in d, 'projects' in d)" "(False, False)" "the weekly notice says nothing of either"
run report monthly --month 2026-05 --unit C1 --format json
jq_is "$out" "([r['unit'] for r in d['targets']['rows']], [p['code'] for p in d['projects']['rows']])" \
	"(['C1'], ['XM1'])" "--unit: the unit's targets and projects"
run report monthly --month 2026-05 --unit S --format json
jq_is "$out" "([r['unit'] for r in d['targets']['rows']], [p['code'] for p in d['projects']['rows']])" \
	"([None, 'C1', None, None], ['XM1', 'XM2'])" \
	"--unit at the top of the tree: the whole database's too, as without --unit"
run report monthly --month 2026-05 --unit C2 --format json
jq_is "$out" "(d['targets'], d['projects'])" "(None, None)" "--unit: a unit with none has neither"
run report monthly --since 2026-05-01 --until 2026-06-01 --format json
is "$status" 2 "the notice takes no range (its period is a week, month or year)"
finish
