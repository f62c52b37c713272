#!/bin/sh
# grid target: the year's targets against the schedule, by the seed's
# figures and hand-computed ones (grid-metrics(7), "Targets and the
# schedule"): 财税收入累计完成11029万元，占目标任务23329万元的47.28%，超进度5.6个百分点，
# 超收1308万元 … 规模以上工业增加值同比增长12.43% … 社会消费品零售总额占目标任务35.69% …
# 固定资产投资额占目标任务36.40%.
. "$(dirname "$0")/lib.sh"

export GRID_NOW=2026-06-02T10:00
run init -q
is "$status" 0 "init"
me=$(id -un)

cat >"$T/roster.yaml" <<YAML
version: 1
levels: [street, community]
units:
  - {code: S, name: 街道, level: street, children: [
      {code: C1, name: 社区一, level: community},
      {code: C2, name: 社区二, level: community}]}
people:
  - {id: $me, name: 管理员, login: $me, roles: [admin]}
  - {id: L1, name: 王强, roles: [leader]}
  - {id: H1, name: 张伟, roles: [grid_head]}
  - {id: V1, name: 赵六, roles: [viewer]}
YAML
run import -q "$T/roster.yaml"
is "$status" 0 "the roster imports"

# ---- set and record ------------------------------------------------------------
run target set revenue --year 2026 --value 23329 --name 财税收入 --measure 万元
is "$status:$out" "0:1" "set: the first target's id"
run target record revenue --as-of 2026-05-31 --value 11029
is "$status:$out" "0:1" "record: the first figure's id"
"$GRID" target set industry --year 2026 --value 60000 --name 规模以上工业增加值 --measure 万元 >/dev/null
"$GRID" target set retail --year 2026 --value 140160 --name 社会消费品零售总额 --measure 万元 >/dev/null
run --as L1 target set fixed --year 2026 --value 121000 --name 固定资产投资额 --measure 万元
is "$status" 0 "a leader may set a target"
"$GRID" target set industry --year 2025 --value 50000 >/dev/null
"$GRID" target record industry --as-of 2025-05-31 --value 25098 >/dev/null
"$GRID" target record industry --as-of 2026-05-31 --value 28218 >/dev/null
"$GRID" target record retail --as-of 2026-05-31 --value 50022 >/dev/null
run --as L1 target record fixed --as-of 2026-05-31 --value 44044
is "$status" 0 "a leader may record a figure"
"$GRID" target set revenue --year 2026 --unit C1 --value 5000 >/dev/null
is "$(db_sql "SELECT count(*) FROM indicator") $(db_sql "SELECT count(*) FROM target") $(db_sql "SELECT count(*) FROM target_record")" \
	"4 6 5" "four indicators, six targets, five figures"
is "$(db_sql "SELECT set_by FROM target WHERE indicator_id = (SELECT id FROM indicator WHERE code = 'fixed')")" "L1" \
	"set_by: the acting person"
run target set revenue --year 2026 --value 23329
is "$(db_sql "SELECT name, measure FROM indicator WHERE code = 'revenue'")" "财税收入|万元" \
	"set without --name or --measure keeps them"

# ---- progress: the seed ----------------------------------------------------------
# row JSON INDICATOR [UNIT] KEYS...: the values of KEYS of that row, space-separated.
row() {
	printf '%s' "$1" | python3 -c "
import json, sys
d = json.load(sys.stdin)
ind, unit, keys = sys.argv[1], sys.argv[2] or None, sys.argv[3:]
r = [r for r in d['rows'] if r['indicator'] == ind and r['unit'] == unit][0]
print(' '.join(repr(r[k]) if not isinstance(r[k], str) else r[k] for k in keys))" "$2" "$3" $4
}
run target progress --as-of 2026-05-31 --format json
is "$status" 0 "progress --format json"
jq_is "$out" "d['year'], d['as_of'], d['schedule_by'], len(d['rows'])" "2026 2026-05-31 months 5" \
	"the document: year, as-of, schedule by months, five targets of 2026"
is "$(row "$out" revenue '' 'actual as_of target completion schedule points due over last_year yoy')" \
	"11029 2026-05-31 23329 0.472759 0.416667 5.6 9721 1308 None None" \
	"revenue: 47.28% done, schedule 5/12, 5.6 points ahead, 9721 due, 1308 over"
is "$(row "$out" industry '' 'actual completion last_year last_year_as_of yoy')" \
	"28218 0.4703 25098 2025-05-31 0.124313" "industry: year on year 3120/25098 = 12.43%"
is "$(row "$out" retail '' 'completion points over')" "0.356892 -6.0 -8378" "retail: 35.69%, 6.0 points behind"
is "$(row "$out" fixed '' 'completion due over')" "0.364 50417 -6373" "fixed investment: 36.40%"
is "$(row "$out" revenue C1 'unit_name target actual as_of completion schedule points due over yoy')" \
	"社区一 5000 None None None None None None None None" "a target without a figure: empty, not zero"
jq_is "$out" "[r['indicator'] + '/' + str(r['unit']) for r in d['rows']]" \
	"['revenue/None', 'revenue/C1', 'industry/None', 'retail/None', 'fixed/None']" \
	"rows by indicator as made, the whole before its units"
like "$out" '"target":23329,"actual":11029,' "JSON: amounts as exact numbers"
like "$out" '"completion":0.472759,"schedule":0.416667,"points":5.6,"due":9721,"over":1308,' \
	"JSON: fractions with six decimals, points with one"

run target progress --as-of 2026-05-31 --format csv
keys=$("$GRID" target progress --as-of 2026-05-31 --format json | python3 -c "import json,sys; print(','.join(json.load(sys.stdin)['rows'][0]))")
is "$(printf '%s\n' "$out" | head -1 | tr -d '\r')" "$keys" "csv: the header is the JSON keys"
is "$(printf '%s\n' "$out" | sed -n 2p | tr -d '\r')" \
	"revenue,财税收入,万元,,,23329,11029,2026-05-31,0.472759,0.416667,5.6,9721,1308,,," "csv: the revenue row, exact"
is "$(printf '%s\n' "$out" | sed -n 3p | tr -d '\r')" "revenue,财税收入,万元,C1,社区一,5000,,,,,,,,,," \
	"csv: a target without a figure is empty"
like "$out" "^retail,.*,-6\.0,58400,-8378,,," "csv: a negative number is not guarded"
run target progress --as-of 2026-05-31 --format tsv
like "$out" "^industry	规模以上工业增加值	万元			60000	28218	2026-05-31	0.470300	0.416667	5.4	25000	3218	25098	2025-05-31	0.124313$" \
	"tsv: the industry row"

run target progress --as-of 2026-05-31
is "$status" 0 "progress as text"
like "$out" "^Targets of 2026 as of 2026-05-31, the schedule by months$" "text: the heading"
like "$out" "^revenue +财税收入 +万元 +23329 +11029 +2026-05-31 +47\.28% +41\.67% +\+5\.6 +\+1308 +- +-$" \
	"text: 47.28%, 41.67%, +5.6 points, +1308 over"
like "$out" "^industry .* 47\.03% +41\.67% +\+5\.4 +\+3218 +25098 +12\.43%$" "text: year on year 12.43%"
like "$out" "^retail .* 35\.69% .* -6\.0 +-8378 " "text: behind, with a minus"
like "$out" "^fixed .* 36\.40% " "text: 36.40%"
like "$out" "^revenue +财税收入 +万元 +C1 +5000 +- +- +- +- +- +- +-$" "text: no figure, dashes"
run target progress --as-of 2026-05-31 --format xlsx
is "$status" 0 "progress as xlsx"

# The default as-of is today (GRID_NOW); --year alone: the year's end, or today.
run target progress --format json
jq_is "$out" "d['as_of'], d['year']" "2026-06-02 2026" "no --as-of: today"
run target progress --year 2025 --format json
jq_is "$out" "d['as_of'], [(r['indicator'], r['actual'], r['completion']) for r in d['rows']]" \
	"2025-12-31 [('industry', 25098, 0.50196)]" "--year 2025: as of its last day"
run target progress --year 2027 --format json
jq_is "$out" "d['as_of'], d['year'], d['rows']" "2027-01-01 2027 []" "--year not begun: as of its first day"
run --now 2026-03-01 target progress --format json
jq_is "$out" "d['as_of'], [r['actual'] for r in d['rows']]" "2026-03-01 [None, None, None, None, None]" \
	"before the figures' date: none yet"
run target progress --as-of 2026-05-31 --unit C1 --format json
jq_is "$out" "[(r['indicator'], r['unit']) for r in d['rows']]" "[('revenue', 'C1')]" "--unit: that unit's targets"

# ---- a correction, a mid-month figure --------------------------------------------------
run target record revenue --as-of 2026-05-31 --value 11030
is "$status" 0 "a correction is a second figure for the same date"
run target progress --as-of 2026-05-31 --format json
is "$(row "$out" revenue '' 'actual over')" "11030 1309" "the correction wins"
run target log revenue --format json
jq_is "$out" "[(r['as_of'], r['value'], r['superseded'], r['recorded_by']) for r in d]" \
	"[('2026-05-31', 11029, True, '$me'), ('2026-05-31', 11030, False, '$me')]" "log: both, the first superseded"
run --now 2026-06-16 target record revenue --as-of 2026-06-15 --value 12000
is "$status" 0 "record a figure of mid-June"
# Mid-June: the figure's date drives the schedule, not the as-of date.  By
# months June is not complete: 5/12; (12000·12 − 23329·5)·1000/(23329·12)
# = 97.7 tenths, +9.8; over 12000 − 9721 = 2279.
run target progress --as-of 2026-06-30 --format json
is "$(row "$out" revenue '' 'actual as_of schedule points over')" "12000 2026-06-15 0.416667 9.8 2279" \
	"as of 30 June with a figure of 15 June: the schedule at 15 June (5 of 12 months)"
run target progress --as-of 2026-06-10 --format json
is "$(row "$out" revenue '' 'actual as_of')" "11030 2026-05-31" "as of 10 June: the figure of 31 May"

# ---- the schedule by days ------------------------------------------------------------------
cat "$T/roster.yaml" >"$T/days.yaml"
printf 'settings:\n  target: {schedule: days}\n' >>"$T/days.yaml"
run import -q "$T/days.yaml"
is "$status" 0 "setting target.schedule: days"
# 31 May 2026 is day 151 of 365: 41.37%; (11030·365 − 23329·151)·1000 /
# (23329·365) = 59.2 tenths, +5.9; due 23329·151/365 = 9651.18, up to 9652.
run target progress --as-of 2026-05-31 --format json
jq_is "$out" "d['schedule_by']" "days" "schedule_by: days"
is "$(row "$out" revenue '' 'schedule points due over')" "0.413699 5.9 9652 1378" "by days: 151/365, +5.9, 9652 due"
# 15 June is day 166: 45.48%; (12000·365 − 23329·166)·1000/(23329·365) = 59.6 tenths.
run target progress --as-of 2026-06-30 --format json
is "$(row "$out" revenue '' 'schedule points due over')" "0.454795 6.0 10610 1390" "by days, 15 June: 166/365"
run target progress --as-of 2026-06-30
like "$out" "^Targets of 2026 as of 2026-06-30, the schedule by days$" "text: the schedule by days"
run export
like "$out" "^  target: \{schedule: days\}$" "export: the setting"
run import -q "$T/roster.yaml"
run target progress --as-of 2026-05-31 --format json
jq_is "$out" "d['schedule_by']" "days" "a roster without the setting keeps it"
cat "$T/roster.yaml" >"$T/zone.yaml"
printf 'settings:\n  timezone: Asia/Shanghai\n' >>"$T/zone.yaml"
run import -q --prune "$T/zone.yaml"
run target progress --as-of 2026-05-31 --format json
jq_is "$out" "d['schedule_by']" "months" "--prune with settings but not this one: back to months"

# ---- a target of 0, 29 February, decimals -----------------------------------------------------
"$GRID" target set complaints --year 2026 --value 0 --name 投诉 --measure 件 >/dev/null
"$GRID" target record complaints --as-of 2026-05-31 --value 3 >/dev/null
run target progress --as-of 2026-05-31 --format json
is "$(row "$out" complaints '' 'completion points due over')" "None None 0 3" \
	"a target of 0: no completion nor points, 0 due"
"$GRID" target set visits --year 2024 --value 1000.5 --name 走访 --measure 户 >/dev/null
"$GRID" target record visits --as-of 2023-02-28 --value 100 >/dev/null
"$GRID" target record visits --as-of 2023-03-01 --value 999 >/dev/null
"$GRID" target record visits --as-of 2024-02-29 --value 160.25 >/dev/null
run target progress --year 2024 --format json
# By months 2/12 (February ends on the 29th): due 1000.5/6 = 166.75 up to
# one decimal 166.8; over 160.25 − 166.8 = −6.55; last year at 28 Feb 2023.
is "$(row "$out" visits '' 'target actual schedule due over last_year last_year_as_of yoy')" \
	"1000.5 160.25 0.166667 166.8 -6.55 100 2023-02-28 0.6025" \
	"29 February: last year's 28th; the due rounded up to the target's decimal; over with two"
run target progress --year 2024
like "$out" "^visits +走访 +户 +1000\.5 +160\.25 +2024-02-29 +16\.02% +16\.67% +-0\.6 +-6\.55 +100 +60\.25%$" \
	"text: the amounts as written"

# ---- list -----------------------------------------------------------------------------
run target list --year 2026 --format json
jq_is "$out" "[(r['indicator'], r['unit'], r['target'], r['set_by']) for r in d]" \
	"[('revenue', None, 23329, '$me'), ('revenue', 'C1', 5000, '$me'), ('industry', None, 60000, '$me'), ('retail', None, 140160, '$me'), ('fixed', None, 121000, 'L1'), ('complaints', None, 0, '$me')]" \
	"list --year 2026: the targets as set, with who set them"
run target list --format csv
is "$(printf '%s\n' "$out" | head -1 | tr -d '\r')" "year,indicator,name,measure,unit,target,set_by,set_at" "list: csv header"
is "$(printf '%s\n' "$out" | sed -n 2p | cut -d, -f1-6)" "2024,visits,走访,户,,1000.5" "list: by year"

# ---- zh_CN ---------------------------------------------------------------------------------
if zh_locale; then
	zhrun target progress --as-of 2026-05-31
	like "$out" "^2026年目标任务完成情况（截至2026-05-31，时间进度按月计）$" "zh_CN: the heading"
	like "$out" "^指标 +名称 +计量单位 +网格单元 +目标 +实际 +截至 +完成 +时间进度 +超/欠进度\(百分点\) +超/欠 +上年同期 +同比$" \
		"zh_CN: the titles"
	like "$out" "^revenue +财税收入 +万元 +23329 +11030 +2026-05-31 +47\.28% +41\.67% +\+5\.6 +\+1309 " "zh_CN: the row"
	zhrun target progress --as-of 2026-05-31 --format csv
	like "$out" "^indicator,name,measure,unit," "zh_CN: csv keeps the keys"
	zhrun target set revenue --year 2026 --value 1,308
	like "$err" "^grid: target set: --value: '1,308' 不是最多 4 位小数的数" "zh_CN: the error"
else
	skip "no zh_CN.UTF-8 locale"
fi

# ---- errors: one line, the status, nothing changed --------------------------------------------
before=$(db_dump)
# refused STATUS WHAT ARGS...: grid ARGS exits STATUS with one error line.
refused() {
	want=$1 what=$2
	shift 2
	run "$@"
	is "$status" "$want" "$what: exit $want"
	one_error "$what"
}
refused 4 "record of an unknown indicator" target record nope --as-of 2026-05-31 --value 1
like "$err" "unknown indicator 'nope'" "the unknown indicator is named"
refused 4 "set for an unknown unit" target set revenue --year 2026 --value 1 --unit NOPE
like "$err" "unknown unit 'NOPE'" "the unknown unit is named"
refused 4 "record for an unknown unit" target record revenue --as-of 2026-05-31 --value 1 --unit NOPE
refused 4 "progress of an unknown unit" target progress --unit NOPE
refused 4 "log of an unknown indicator" target log nope
refused 2 "a value with a thousands separator" target set revenue --year 2026 --value 1,308
like "$err" "--value: '1,308' is not a number with at most 4 decimals" "the option and the value are named"
refused 2 "a value with five decimals" target record revenue --as-of 2026-05-31 --value 12.34567
refused 2 "a value in words" target set revenue --year 2026 --value lots
refused 2 "30 February" target record revenue --as-of 2026-02-30 --value 1
like "$err" "--as-of: malformed date '2026-02-30'" "the date's option is named"
refused 2 "a date with slashes" target progress --as-of 2026/05/31
refused 2 "year 0" target set revenue --year 0 --value 1
like "$err" "--year takes a whole number from 1 to 9999, not '0'" "the year's range"
refused 2 "year 10000" target progress --year 10000
refused 2 "an as-of date outside --year" target progress --year 2025 --as-of 2026-05-31
refused 2 "set without --year" target set revenue --value 1
refused 2 "record without --as-of" target record revenue --value 1
refused 2 "set without an indicator" target set --year 2026 --value 1
refused 3 "a negative target" target set revenue --year 2026 --value -1
refused 3 "a figure dated after today" target record revenue --as-of 2026-06-03 --value 1
like "$err" "after today, 2026-06-02" "today is named"
refused 3 "an indicator code with a space at its end" target set "revenue " --year 2026 --value 1
refused 6 "a viewer sets a target" --as V1 target set revenue --year 2026 --value 1
like "$err" "person 'V1' does not have the role" "the person is named"
refused 6 "a grid head records a figure" --as H1 target record revenue --as-of 2026-05-31 --value 1
is "$(db_dump)" "$before" "every refusal left the database as it was"

# The figures are append-only, whoever asks.
if db_sql "UPDATE target_record SET value = 1" >/dev/null 2>&1; then
	is "updated" "refused" "UPDATE target_record is refused"
else
	is "refused" "refused" "UPDATE target_record is refused"
fi
if db_sql "DELETE FROM target_record" >/dev/null 2>&1; then
	is "deleted" "refused" "DELETE FROM target_record is refused"
else
	is "refused" "refused" "DELETE FROM target_record is refused"
fi

# ---- the roster's targets section --------------------------------------------------------------
run export
printf '%s\n' "$out" >"$T/exported.yaml"
like "$out" "^targets:$" "export: a targets section"
like "$out" "^- \{indicator: revenue, name: 财税收入, measure: 万元, year: 2026, value: 23329\}$" \
	"export: the indicator's name and measure on its first target"
like "$out" "^- \{indicator: revenue, year: 2026, unit: C1, value: 5000\}$" "export: a unit's target"
like "$out" "^- \{indicator: visits, name: 走访, measure: 户, year: 2024, value: 1000.5\}$" \
	"export: the decimals as written"
run import "$T/exported.yaml"
is "$status" 0 "the export imports back"
like "$out" "^targets +0 added +0 updated +8 unchanged +0 removed$" "targets unchanged"
run export
is "$out" "$(cat "$T/exported.yaml")" "import, export, import, export: a fixed point"
run export --format json
printf '%s\n' "$out" >"$T/exported.json"
jq_is "$out" "d['targets'][0]" \
	"{'indicator': 'revenue', 'name': '财税收入', 'measure': '万元', 'year': 2026, 'value': 23329}" \
	"export --format json: the targets"
run import "$T/exported.json"
is "$status" 0 "the JSON export imports back"

# A new file: one target changed, one added, one left out; the indicator renamed.
figures=$(db_sql "SELECT count(*) FROM target_record")
cat "$T/roster.yaml" >"$T/targets.yaml"
cat >>"$T/targets.yaml" <<'YAML'
targets:
  - {indicator: revenue, name: 一般公共预算收入, measure: 万元, year: 2026, value: 24000}
  - {indicator: revenue, year: 2026, unit: C1, value: 5000}
  - {indicator: revenue, year: 2026, unit: C2, value: 4000.25}
  - {indicator: industry, year: 2026, value: 60000}
  - {indicator: industry, year: 2025, value: 50000}
  - {indicator: retail, year: 2026, value: 140160}
  - {indicator: fixed, year: 2026, value: 121000}
  - {indicator: visits, year: 2024, value: 1000.5}
  - {indicator: newone, name: 新指标, year: 2026, value: 7}
YAML
run import "$T/targets.yaml"
is "$status" 0 "import a targets section without --prune"
like "$out" "^targets +2 added +1 updated +6 unchanged +0 removed$" "2 added, 1 updated, the rest unchanged"
is "$(db_sql "SELECT count(*) FROM target WHERE indicator_id = (SELECT id FROM indicator WHERE code = 'complaints')")" 1 \
	"without --prune, a target not in the file stays"
is "$(db_sql "SELECT name FROM indicator WHERE code = 'revenue'")" "一般公共预算收入" "the indicator renamed"
is "$(db_sql "SELECT value, decimals FROM target t JOIN unit u ON u.id = t.unit_id WHERE u.code = 'C2'")" "40002500|2" \
	"a unit's target, in ten-thousandths with its decimals"
run target progress --as-of 2026-05-31 --format json
is "$(row "$out" revenue '' 'target completion')" "24000 0.459583" "the imported target counts: 11030/24000"
run import --prune "$T/targets.yaml"
is "$status" 0 "import --prune"
like "$out" "^targets +0 added +0 updated +9 unchanged +1 removed$" "--prune removes the target the file does not name"
is "$(db_sql "SELECT count(*) FROM target_record")" "$figures" "the figures are never removed"
run import --prune "$T/roster.yaml"
is "$status" 0 "--prune without a targets section"
is "$(db_sql "SELECT count(*) FROM target")" 9 "without the section the targets stay"
run import --prune --dry-run "$T/exported.yaml"
is "$status" 0 "--dry-run"
is "$(db_sql "SELECT count(*) FROM target")" 9 "--dry-run writes nothing"

# Problems in the section: line and column, and nothing written.
before=$(db_dump)
cat "$T/roster.yaml" >"$T/bad.yaml"
cat >>"$T/bad.yaml" <<'YAML'
targets:
  - {indicator: revenue, name: 财税收入, year: 2026, value: 23329}
  - {indicator: revenue, year: 2026, value: "5000"}
  - {indicator: revenue, year: 2026, unit: C9, value: 12.34567}
  - {indicator: x, year: 10000, value: 1}
  - {indicator: x, year: 2026, value: 1}
  - {indicator: x, year: 2026, value: 2}
  - {indicator: x, name: 一, year: 2027, value: 1}
  - {indicator: x, name: 二, year: 2028, value: 1}
  - {indicator: 42, year: 2026, value: 1}
  - {indicator: yy, year: 2026}
  - {indicator: z, year: 2026, value: 1, colour: red}
  - {indicator: neg, year: 2026, value: -23329}
settings:
  target: {schedule: weeks}
YAML
run import "$T/bad.yaml"
is "$status" 3 "a targets section with problems: exit 3"
like "$err" "bad\.yaml:14:45: 'value' must be a number, not a quoted string" "a quoted value"
like "$err" "bad\.yaml:15:55: 'value' must be a number from 0 to 10000000000000 with at most 4 decimals, not '12\.34567'" "five decimals"
like "$err" "bad\.yaml:24:41: 'value' must be a number from 0 to 10000000000000 with at most 4 decimals, not '-23329'" \
	"a negative target, refused as target set refuses it"
like "$err" "bad\.yaml:16:26: 'year' must be a whole number from 1 to 9999, not '10000'" "the year's range"
like "$err" "bad\.yaml:21:17: 'indicator' must be a string" "a bare number for a code"
like "$err" "bad\.yaml:22:5: missing 'value' in a target" "a missing value"
like "$err" "bad\.yaml:23:42: unknown key 'colour' in a target" "an unknown key"
like "$err" "bad\.yaml:26:22: unknown schedule 'weeks': months or days" "an unknown schedule"
is "$(db_dump)" "$before" "nothing written"
# The checks over the whole section, once each record reads.
sed -i -e '/"5000"/d' -e '/12.34567/d' -e '/10000/d' -e '/indicator: 42/d' -e '/indicator: yy,/d' -e '/colour/d' -e '/-23329/d' \
	-e '/weeks/d' -e '/^settings:/d' "$T/bad.yaml"
printf '  - {indicator: revenue, year: 2026, unit: C9, value: 1}\n' >>"$T/bad.yaml"
run import "$T/bad.yaml"
is "$status" 3 "references, duplicates, names: exit 3"
like "$err" "bad\.yaml:18:44: unknown unit 'C9'" "an unknown unit"
like "$err" "bad\.yaml:15:5: duplicate target of 'x' for 2026 \(first at line 14\)" "a target given twice"
like "$err" "bad\.yaml:17:26: indicator 'x' is named '二' here and '一' at line 16" "two names for one indicator"
is "$(db_dump)" "$before" "nothing written"

# A unit with targets or figures is not pruned away.
cat >"$T/noc1.yaml" <<YAML
units:
  - {code: S, name: 街道, level: street, children: [{code: C2, name: 社区二, level: community}]}
YAML
run import --prune "$T/noc1.yaml"
is "$status" 5 "--prune of a unit with a target: exit 5"
like "$err" "cannot remove unit 'C1': it has targets or recorded figures" "the unit is named"
is "$(db_dump)" "$before" "nothing written"
run target record revenue --as-of 2026-05-31 --value 100 --unit C2
cat >>"$T/noc1.yaml" <<'YAML'
targets: []
YAML
sed -i 's/code: C2, name: 社区二/code: C1, name: 社区一/' "$T/noc1.yaml"
run import --prune "$T/noc1.yaml"
is "$status" 5 "--prune of a unit whose targets go but that has figures: exit 5"
like "$err" "cannot remove unit 'C2': it has targets or recorded figures" "the unit with figures is named"

# ---- who may import targets ------------------------------------------------------------------
run --as L1 import "$T/targets.yaml"
is "$status" 6 "a leader may not import the roster"

finish
