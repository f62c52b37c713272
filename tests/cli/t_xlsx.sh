#!/bin/sh
# Output for spreadsheets: --format xlsx read back with openpyxl and
# compared cell by cell with the same command's JSON; --bom and
# --format csv-excel byte by byte; the formula guard of csv and tsv.
. "$(dirname "$0")/lib.sh"

# Debian's python3 has openpyxl (python3-openpyxl); the python3 on PATH
# may be another one without it.
PY=/usr/bin/python3
if ! "$PY" -c 'import openpyxl' 2>/dev/null; then
	echo "Bail out! /usr/bin/python3 has no openpyxl (apt-get install python3-openpyxl)"
	exit 1
fi

export GRID_NOW=2026-12-15T12:00
D=410102 S=410102001 C1=410102001001 G11=410102001001001 C2=410102001002 G21=410102001002001

run init -q
is "$status" 0 "init"
cat >"$T/roster.yaml" <<YAML
version: 1
levels: [district, street, community, grid]
categories:
  - {code: WORK_SAFETY, name: 安全生产, deadline_hours: 24}
  - {code: OTHER, name: 其它, deadline_hours: 120}
units:
  - code: "$D"
    name: 中原区
    level: district
    children:
      - code: "$S"
        name: 秦岭路街道
        level: street
        children:
          - {code: "$C1", name: 龙源社区, level: community, children: [
              {code: "$G11", name: 龙源社区第1网格, level: grid, households: 30}]}
          - {code: "$C2", name: 第二社区, level: community, children: [
              {code: "$G21", name: 第2社区第1网格, level: grid, households: 50}]}
people:
  - {id: P1, name: 张伟, roles: [grid_head]}
  - {id: P2, name: 李娜, roles: [grid_member, grid_head]}
  - {id: L1, name: 王强, roles: [leader]}
assignments:
  - {unit: "$G11", person: P1, duty: grid_head}
  - {unit: "$G21", person: P2, duty: grid_head}
  - {unit: "$S", person: L1, duty: leader}
settings:
  ranking: {level: community, weights: {closure: 0.4, on_time: 0.3, visits: 0.2, diary: 0.1}}
YAML
run import -q "$T/roster.yaml"
is "$status" 0 "the roster imports"

# Cases: titles a spreadsheet would run as formulas, a resolved one, and
# open ones past due at the end of November.
add_issue() {
	"$GRID" issue add --accept --unit "$1" --category "$2" --title "$3" --at "$4" --now "$4" --as L1 >/dev/null
}
add_issue "$G11" WORK_SAFETY '=1+2' 2026-11-02T09:00 &&
	add_issue "$G11" WORK_SAFETY '-5 lost' 2026-11-03T10:30 &&
	add_issue "$G21" OTHER '@SUM(A1)' 2026-11-04T11:00 &&
	add_issue "$G21" OTHER '+x, "quoted"' 2026-11-05T12:00 &&
	add_issue "$G11" OTHER '井盖缺失 plain' 2026-11-06T08:15
is "$?" 0 "five issues"
"$GRID" case assign 1 --to P1 --as L1 --now 2026-11-02T10:00 >/dev/null &&
	"$GRID" case resolve 1 --as P1 --now 2026-11-02T12:00 >/dev/null
is "$?" 0 "issue 1 resolved"
"$GRID" visit add --unit "$G11" --household 3-201 --as P1 --at 2026-11-03T09:00 >/dev/null &&
	"$GRID" log add --unit "$G11" --text 走访三户 --date 2026-11-02 --as P1 >/dev/null &&
	"$GRID" log review 1 --score 80 --as L1 >/dev/null
is "$?" 0 "a visit and a reviewed diary entry"

# ---- the reader ----------------------------------------------------------------
# xlsx_vs_json XLSX JSON [PYEXPR]: every cell of the first sheet against
# the rows of the JSON (d, or PYEXPR over d): a JSON string a string, a
# time a date cell in local time, a whole number a number, a rate a number
# shown 0.00%, null an empty cell, a list its items joined.  Prints "ok"
# or the first difference.
cat >"$T/compare.py" <<'PY'
import datetime, json, re, sys
import openpyxl

REAL_KEYS = {"mean_score"}
ISO_TIME = re.compile(r"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)[+-]\d\d:\d\d$")
ISO_DATE = re.compile(r"^\d{4}-\d\d-\d\d$")

def want(key, v, cell):
    """None when cell holds v as its type says, else what is wrong."""
    got, fmt = cell.value, cell.number_format
    if v is None or v == "":
        return None if got is None else "want empty, got %r" % (got,)
    if isinstance(v, bool):
        return None if got is v else "want bool %r, got %r" % (v, got)
    if isinstance(v, int):
        return None if type(got) in (int, float) and got == v else "want number %r, got %r" % (v, got)
    if isinstance(v, float):
        pct = "0.00" if key in REAL_KEYS else "0.00%"
        if type(got) not in (int, float) or abs(got - v) > 1e-12:
            return "want %r, got %r" % (v, got)
        return None if fmt == pct else "want format %s, got %s" % (pct, fmt)
    if isinstance(v, list):
        return None if got == ", ".join(v) else "want %r, got %r" % (", ".join(v), got)
    m = ISO_TIME.match(v)
    if m:
        t = datetime.datetime.fromisoformat(m.group(1))
        if got != t or fmt != "yyyy-mm-dd hh:mm":
            return "want time %s, got %r (%s)" % (t, got, fmt)
        return None
    if ISO_DATE.match(v):
        t = datetime.datetime.fromisoformat(v)
        return None if got == t and fmt == "yyyy-mm-dd" else "want date %s, got %r (%s)" % (t, got, fmt)
    return None if type(got) is str and got == v else "want text %r, got %r" % (v, got)

def compare(ws, rows, note=None):
    cells = list(ws.iter_rows())
    data = cells[1:]
    if note is not None:
        if [c.value for c in cells[-1]][0] != note:
            return "want the note %r under the table" % note
        data = cells[1:-2]
    if len(data) != len(rows):
        return "%s: %d rows, want %d" % (ws.title, len(data), len(rows))
    for r, (row, obj) in enumerate(zip(data, rows), 2):
        if len(row) != len(obj):
            return "%s row %d: %d cells, want %d" % (ws.title, r, len(row), len(obj))
        for (key, v), cell in zip(obj.items(), row):
            bad = want(key, v, cell)
            if bad:
                return "%s %s (%s): %s" % (ws.title, cell.coordinate, key, bad)
    if ws.freeze_panes != "A2":
        return "%s: frozen at %s, want A2" % (ws.title, ws.freeze_panes)
    if not all(c.font.b for c in cells[0]):
        return "%s: the header row is not bold" % ws.title
    return None

if __name__ == "__main__":
    wb = openpyxl.load_workbook(sys.argv[1])
    d = json.load(open(sys.argv[2], encoding="utf-8"))
    rows = eval(sys.argv[3]) if len(sys.argv) > 3 else d
    print(compare(wb.worksheets[0], rows) or "ok")
PY

# xlsx_cmd NAME ARGS...: run grid ARGS --format xlsx into $T/NAME.xlsx
# and grid ARGS --format json into $T/NAME.json.
xlsx_cmd() {
	name=$1
	shift
	"$GRID" "$@" --format xlsx >"$T/$name.xlsx" 2>"$T/stderr"
	status=$?
	"$GRID" "$@" --format json >"$T/$name.json"
}

# xlsx_py NAME PYEXPR: evaluate PYEXPR with wb the workbook $T/NAME.xlsx
xlsx_py() {
	"$PY" -c "import openpyxl; wb = openpyxl.load_workbook('$T/$1.xlsx'); ws = wb.worksheets[0]; print($2)" 2>&1
}

xlsx_same() {
	is "$("$PY" "$T/compare.py" "$T/$1.xlsx" "$T/$1.json" ${3:+"$3"})" ok "$2"
}

# ---- lists ---------------------------------------------------------------------
xlsx_cmd units unit list
is "$status" 0 "unit list --format xlsx"
check "the output is a zip archive (PK)" sh -c "head -c 2 '$T/units.xlsx' | grep -q PK"
xlsx_same units "unit list: every cell as JSON, codes as text"
is "$(xlsx_py units 'type(ws["A2"].value).__name__, ws["A2"].value')" "str 410102" "a code reads back as text"
is "$(xlsx_py units '[c.value for c in ws[1]]')" "['CODE', 'NAME', 'LEVEL', 'PARENT', 'HOUSEHOLDS', 'POPULATION']" \
	"English headings under C: the column titles"
is "$(xlsx_py units 'ws.auto_filter.ref')" "A1:F7" "an autofilter over the table"
# 龙源社区第1网格: 7 CJK characters and a digit, 15 cells wide; a fifth
# more for readers without the default font, + 2: 20.
is "$(xlsx_py units 'int(ws.column_dimensions["B"].width)')" "20" "the name column fits its CJK names (2 cells each)"
is "$(xlsx_py units 'wb.sheetnames')" "['Sheet1']" "one sheet for a table"

xlsx_cmd issues issue list
is "$status" 0 "issue list --format xlsx"
xlsx_same issues "issue list: times as date cells in local time, titles as text"
is "$(xlsx_py issues 'sorted(r[0].value for r in ws.iter_rows(min_row=2, min_col=6, max_col=6))')" \
	"['+x, \"quoted\"', '-5 lost', '=1+2', '@SUM(A1)', '井盖缺失 plain']" \
	"titles like formulas stay the titles: string cells, no guard needed"

xlsx_cmd people person list
xlsx_same people "person list: the roles list joined"
xlsx_cmd diary log list
xlsx_same diary "log list: the date as a date cell"
xlsx_cmd visits visit list
xlsx_same visits "visit list"
xlsx_cmd who who "$G11"
xlsx_same who "who"
xlsx_cmd tree unit tree
is "$status" 0 "unit tree --format xlsx: the rows"
is "$(xlsx_py tree 'ws.max_row, ws["A2"].value')" "7 410102" "unit tree: a row per unit"

# ---- stats, rank --------------------------------------------------------------
xlsx_cmd closure stats closure --month 2026-11
xlsx_same closure "stats closure: rates as percent cells" 'd["rows"]'
is "$(xlsx_py closure '[c.value for c in ws[1]]')" "['CATEGORY', 'NAME', 'FOUND', 'RESOLVED', 'CLOSURE RATE']" "stats headings"
xlsx_cmd closure_unit stats closure --month 2026-11 --by unit --unit "$S"
xlsx_same closure_unit "stats closure by unit: the codes as text" 'd["rows"]'
xlsx_cmd diarystats stats diary --month 2026-11
xlsx_same diarystats "stats diary: the mean score a number shown 0.00" 'd["rows"]'
xlsx_cmd visitstats stats visits --month 2026-11
xlsx_same visitstats "stats visits" 'd["rows"]'
xlsx_cmd rank rank --month 2026-11
is "$status" 0 "rank --format xlsx"
xlsx_same rank "rank: every cell as JSON" 'd["rows"]'

# The same data and --now: the same bytes.
"$GRID" rank --month 2026-11 --format xlsx >"$T/rank2.xlsx"
check "the same data gives the same bytes" cmp "$T/rank.xlsx" "$T/rank2.xlsx"
is "$(xlsx_py rank 'wb.properties.created')" "2026-12-15 04:00:00" "dated by --now (UTC), not the clock"

# ---- report: one sheet per table ------------------------------------------------
xlsx_cmd report report monthly --month 2026-11
is "$status" 0 "report monthly --format xlsx"
is "$(xlsx_py report 'wb.sheetnames')" "['Totals', 'By category', 'By unit', 'Ranking', 'Overdue cases']" \
	"a sheet per table, named by its title"
cat >"$T/report.py" <<PY
import json, sys
sys.path.insert(0, "$T")
import openpyxl
from compare import compare
wb = openpyxl.load_workbook("$T/report.xlsx")
d = json.load(open("$T/report.json", encoding="utf-8"))
tables = [[d["total"]], d["categories"], d["units"], d["ranking"], d["overdue"]]
# The sheet shows the ranking's marks in words, as the text format does.
for row in d["ranking"]:
    row["mark"] = {"top": "top 3", "bottom": "bottom 3"}.get(row["mark"])
for ws, rows in zip(wb.worksheets, tables):
    bad = compare(ws, rows)
    if bad:
        print(bad)
        break
else:
    print("ok", len(wb.worksheets), wb.properties.title)
PY
is "$("$PY" "$T/report.py")" "ok 5 Monthly notice 2026-11" "every sheet's cells as the JSON's tables"
is "$(xlsx_py report 'wb["Overdue cases"].max_row, wb["Overdue cases"]["G2"].number_format, type(wb["Overdue cases"]["B2"].value).__name__')" \
	"5 yyyy-mm-dd hh:mm str" "overdue: due times date cells, unit codes text"

# ---- zh_CN ----------------------------------------------------------------------
zhrun() {
	env -u LC_ALL -u LANGUAGE LANG=zh_CN.UTF-8 "$GRID" "$@" >"$T/zh.xlsx" 2>"$T/stderr" </dev/null
	status=$?
}
if ! zh_locale; then
	skip "no zh_CN.UTF-8 locale and no localedef"
else
	zhrun stats closure --month 2026-11 --format xlsx
	is "$status" 0 "stats closure xlsx under zh_CN"
	is "$(xlsx_py zh '[c.value for c in ws[1]]')" "['事项类别', '名称', '发现数', '办结数', '办结率']" "Chinese headings under zh_CN"
	zhrun report monthly --month 2026-11 --format xlsx
	is "$(xlsx_py zh 'wb.sheetnames')" "['合计', '按事项类别', '按网格单元', '排名', '超期案件']" "Chinese sheet names under zh_CN"
fi

# ---- refusals -------------------------------------------------------------------
run rank --month 2026-11 --format xlsx --unknown
is "$status" 2 "a bad option with xlsx: exit 2"
run import "$T/roster.yaml" --format xlsx
is "$status" 2 "import has no xlsx: its counts are not a table"
like "$err" "unknown format 'xlsx'" "import: unknown format"
run db copy a b --format csv-excel
is "$status" 2 "db copy has no csv-excel"
run doctor --format xlsx
is "$status" 2 "doctor (one document) has no xlsx"
run unit list --bom
is "$status" 2 "--bom without csv or tsv: exit 2"
one_error "--bom alone"
run unit list --bom --format json
is "$status" 2 "--bom with json: exit 2"
if command -v script >/dev/null 2>&1; then
	script -qec "'$GRID' unit list --format xlsx" /dev/null </dev/null >"$T/tty.out" 2>&1
	tty_status=$?
	is "$tty_status" 2 "xlsx to a terminal: exit 2"
	like "$(tr -d '\r' <"$T/tty.out")" "^grid: unit list: will not write a spreadsheet to a terminal" \
		"xlsx to a terminal: refused with one line"
	unlike "$(cat "$T/tty.out")" "PK" "nothing of the archive on the terminal"
	sum_before=$(db_checksum)
	script -qec "'$GRID' case sweep --format xlsx --as L1" /dev/null </dev/null >/dev/null 2>&1
	is "$(db_checksum)" "$sum_before" "case sweep refused before it escalates anything"
fi
run unit list --format xlsx --unit-not-there
is "$(cat "$T/stdout" | wc -c | tr -d ' ')" 0 "a usage error leaves stdout empty"
run who 999999 --format xlsx
is "$status" 4 "who of an unknown unit: exit 4"
is "$(wc -c <"$T/stdout" | tr -d ' ')" 0 "nothing on stdout"
TMPDIR=$T/none run unit list --format xlsx
is "$status" 1 "no temporary folder: exit 1"
like "$err" "^grid: cannot write the spreadsheet: " "the error names the spreadsheet"
one_error "no temporary folder"
is "$(wc -c <"$T/stdout" | tr -d ' ')" 0 "nothing on stdout when the workbook cannot be written"
mkdir "$T/tmp"
TMPDIR=$T/tmp "$GRID" unit list --format xlsx >"$T/units2.xlsx"
is "$(ls -A "$T/tmp")" "" "the workbook's temporary file is removed"
TMPDIR=$T/tmp run person list --unit 999999 --format xlsx
is "$status" 4 "a listing that fails after the workbook was begun: exit 4"
is "$(wc -c <"$T/stdout" | tr -d ' ')$(ls -A "$T/tmp")" "0" "nothing on stdout, the temporary file removed"
check "written through \$TMPDIR all the same" cmp "$T/units.xlsx" "$T/units2.xlsx"

# ---- --bom, csv-excel, the formula guard ---------------------------------------
crlf() { printf '%s\r\n' "$@"; }
"$GRID" stats closure --month 2026-11 --format csv >"$T/plain.csv"
"$GRID" stats closure --month 2026-11 --format csv --bom >"$T/bom.csv"
printf '\357\273\277' >"$T/want.csv" && cat "$T/plain.csv" >>"$T/want.csv"
check "--bom: the BOM, then csv byte for byte" cmp "$T/bom.csv" "$T/want.csv"
"$GRID" stats closure --month 2026-11 --format csv >"$T/plain2.csv"
crlf 'key,name,found,resolved,rate' 'WORK_SAFETY,安全生产,2,1,0.5' 'OTHER,其它,3,0,0' >"$T/want.csv"
check "plain csv unchanged: keys, fractions, no BOM" cmp "$T/plain2.csv" "$T/want.csv"
"$GRID" --now 2026-12-15T12:00 unit list --bom --format tsv >"$T/bom.tsv"
is "$(head -c 3 "$T/bom.tsv" | od -An -tx1 | tr -d ' ')" "efbbbf" "--bom with tsv"
{ printf '\357\273\277'; crlf '事项类别,名称,发现数,办结数,办结率' 'WORK_SAFETY,安全生产,2,1,50.00%' 'OTHER,其它,3,0,0.00%'; } >"$T/want.csv"
if zh_locale; then
	env -u LC_ALL -u LANGUAGE LANG=zh_CN.UTF-8 "$GRID" stats closure --month 2026-11 --format csv-excel >"$T/excel.csv"
	check "csv-excel under zh_CN: BOM, Chinese headings, percent text, CRLF" cmp "$T/excel.csv" "$T/want.csv"
else
	skip "no zh_CN.UTF-8 locale and no localedef"
fi
"$GRID" stats closure --month 2026-11 --by unit --unit "$S" --format csv-excel >"$T/excel.csv"
{ printf '\357\273\277'; crlf 'UNIT,NAME,FOUND,RESOLVED,CLOSURE RATE' \
	'"=""410102001001""",龙源社区,3,1,33.33%' '"=""410102001002""",第二社区,2,0,0.00%'; } >"$T/want.csv"
check "csv-excel: a 12-digit code as =\"…\" so Excel keeps it text" cmp "$T/excel.csv" "$T/want.csv"
"$GRID" issue list --format csv-excel >"$T/excel.csv"
like "$(sed -n 2p "$T/excel.csv")" '^5,,"=""410102001001001""",.*,2026-11-06 08:15:00,2026-11-06 08:15:00,2026-11-11 08:15:00,,,' \
	"csv-excel: times as Excel reads them, local, no offset"
"$GRID" unit list --format csv-excel --bom >"$T/excel2.csv"
is "$(head -c 6 "$T/excel2.csv" | od -An -tx1 | tr -d ' ')" "efbbbf434f44" "csv-excel with --bom: one BOM"

run issue list --format tsv
like "$out" "	'=1\\+2	" "tsv: a title starting with = gets a leading '"
like "$out" "	'-5 lost	" "tsv: - guarded"
like "$out" "	'@SUM\\(A1\\)	" "tsv: @ guarded"
like "$out" "	'\\+x, \"quoted\"	" "tsv: + guarded"
like "$out" "	井盖缺失 plain	" "tsv: other text as it is"
run issue list --format csv
like "$out" ",'=1\\+2," "csv: the same guard as before"
like "$out" ",\"'\\+x, \"\"quoted\"\"\"," "csv: guard inside the quotes"

finish
