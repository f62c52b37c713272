#!/bin/sh
# grid report yearly: the year's notice (grid-report(1)) — the monthly
# notice over a calendar year, numbered by the year, its opening compared
# with the year before (同比), and the year's evaluation (grid-eval(1)):
# the teams rated advanced, the grid workers rated excellent, the counts,
# the reserve cadres.  Two years of cases, figures computed by hand.
. "$(dirname "$0")/lib.sh"

export GRID_NOW=2027-01-16T12:00
run init -q
is "$status" 0 "init"

# Four communities of one grid each, ten households a grid (t_eval.sh's
# street).  H1 heads G1 (a diary is expected of a head); M1 is a member on
# G1 and G3; M2 a member on G2; M3 on G4; L1 leads the street and reviews
# the diaries; X1 has no duty.
cat >"$T/roster.yaml" <<'YAML'
version: 1
levels: [street, community, grid]
categories:
  - {code: OTHER, name: 其它, deadline_hours: 72}
units:
  - {code: S, name: 街道, level: street, children: [
      {code: C1, name: 社区一, level: community, children: [{code: G1, name: 一网格, level: grid, households: 10}]},
      {code: C2, name: 社区二, level: community, children: [{code: G2, name: 二网格, level: grid, households: 10}]},
      {code: C3, name: 社区三, level: community, children: [{code: G3, name: 三网格, level: grid, households: 10}]},
      {code: C4, name: 社区四, level: community, children: [{code: G4, name: 四网格, level: grid, households: 10}]}]}
people:
  - {id: H1, name: 张伟, roles: [grid_head]}
  - {id: L1, name: 王强, roles: [leader]}
  - {id: M1, name: 李娜, roles: [grid_member]}
  - {id: M2, name: 钱七, roles: [grid_member]}
  - {id: M3, name: 孙八, roles: [grid_member]}
  - {id: X1, name: 赵六, roles: [viewer]}
assignments:
  - {unit: G1, person: H1, duty: grid_head}
  - {unit: G1, person: M1, duty: grid_member}
  - {unit: G3, person: M1, duty: grid_member}
  - {unit: G2, person: M2, duty: grid_member}
  - {unit: G4, person: M3, duty: grid_member}
  - {unit: S, person: L1, duty: leader}
settings:
  ranking: {weights: {closure: 0.5, on_time: 0.5, visits: 0, diary: 0}}
  notice: {office: 某某街道办事处, title: 网格化管理工作通报, issuer: 某某街道网格化服务管理中心}
  eval:
    advanced: {top: 2}
    person:
      weights: {closure: 0.4, on_time: 0.2, visits: 0.2, diary: 0.1, review: 0.1}
      excellent: 0.9
      pass: 0.6
YAML
run import -q "$T/roster.yaml"
is "$status" 0 "the roster imports"

# Cases, from a ledger: due 72 hours after acceptance; closed the same day
# is on time, five days later late; accepted and never resolved is open.
# 2025: G1 4 on time; G2 2 on time; G3 2 on time, 1 late; G4 1 on time,
#       3 open: found 13, resolved 10.
# 2026: G1 3 on time; G2 2 on time, 1 late; G3 2 on time; G4 2 on time,
#       1 open: found 11, resolved 10.
python3 - "$T/ledger.csv" <<'PY'
import sys
rows = []
def late_day(day):
    y, m, d = day.split("-")
    return "%s-%s-%02d" % (y, m, int(d) + 5)
def case(g, day, status, late=False):
    n = len(rows) + 1
    if status == "closed":
        res = "%sT12:00" % (late_day(day) if late else day)
        rows.append("L%03d,%s,OTHER,t%d,%sT08:00,closed,%sT09:00,%s,%s" % (n, g, n, day, day, res, res))
    else:
        rows.append("L%03d,%s,OTHER,t%d,%sT08:00,accepted,%sT09:00,," % (n, g, n, day, day))
for k in range(4): case("G1", "2025-03-%02d" % (3 + k), "closed")
for k in range(2): case("G2", "2025-04-%02d" % (7 + k), "closed")
case("G3", "2025-05-05", "closed"); case("G3", "2025-05-06", "closed")
case("G3", "2025-05-07", "closed", late=True)
case("G4", "2025-06-02", "closed")
for k in range(3): case("G4", "2025-06-%02d" % (3 + k), "accepted")
for k in range(3): case("G1", "2026-02-%02d" % (2 + k), "closed")
case("G2", "2026-03-02", "closed"); case("G2", "2026-03-03", "closed")
case("G2", "2026-03-04", "closed", late=True)
case("G3", "2026-04-06", "closed"); case("G3", "2026-04-07", "closed")
case("G4", "2026-05-04", "closed"); case("G4", "2026-05-05", "closed")
case("G4", "2026-05-06", "accepted")
with open(sys.argv[1], "w") as f:
    f.write("ref,unit,category,title,reported_at,status,accepted_at,resolved_at,closed_at\n")
    f.write("\n".join(rows) + "\n")
PY
run issue import "$T/ledger.csv"
is "$status" 0 "the ledger imports: two years of cases"

# Visits: 2025 G1 all 10, G2 5, G3 all 10; 2026 G1, G2, G3 all 10; G4 none.
{
	echo "household,unit,by,at"
	for h in 1 2 3 4 5 6 7 8 9 10; do echo "h$h,G1,H1,2025-07-01T10:00"; done
	for h in 1 2 3 4 5; do echo "h$h,G2,M2,2025-07-01T10:00"; done
	for h in 1 2 3 4 5 6 7 8 9 10; do echo "h$h,G3,M1,2025-07-01T10:00"; done
	for g in 1 2 3; do
		for h in 1 2 3 4 5 6 7 8 9 10; do echo "h$h,G$g,M1,2026-07-01T10:00"; done
	done
} >"$T/visits.csv"
run visit import "$T/visits.csv"
is "$status" 0 "the visits import"

# Diaries: M1 writes two in 2025 (scored 100 and 90) and one in 2026
# (scored 100); H1 writes none.
review() { "$GRID" log review "$1" --score "$2" --as L1 >/dev/null || echo "review $1 failed" >&2; }
entry() { "$GRID" log add --unit "$1" --text "$2 $3" --date "$3" --as "$2"; }
review "$(entry G1 M1 2025-08-04)" 100
review "$(entry G3 M1 2025-08-05)" 90
review "$(entry G3 M1 2026-08-04)" 100

# ---- the header and the period -------------------------------------------------
run report yearly --year 2026
is "$status" 0 "report yearly --year 2026"
is "$(printf '%s\n' "$out" | sed -n 1,3p)" "某某街道办事处
网格化管理工作通报
Year 2026 (Yearly notice)" "the header: office, title, the year as the number"
like "$out" '^period: +2026-01-01 to 12-31$' "the period: the whole calendar year"
like "$out" '^scope: +every unit$' "no --unit: every unit"
like "$out" '^as of: +2027-01-01 00:00$' "a past year: as of its end"
is "$(printf '%s\n' "$out" | tail -2)" "某某街道网格化服务管理中心
2027-01-01" "the foot: the issuing body and the as-of date"
unlike "$out" '(^| )(C[1-4]|G[1-4]|OTHER|H1|M[1-3])( |$)' "in print, names, not codes"

# ---- the opening paragraph and 同比, by hand -------------------------------------
# 2026: 11 found (13 in 2025), 10 resolved: 90.91%; 10/11 - 10/13 =
# 20/143 = 13.986 points, up 13.99.  11 due, 9 on time (the late one and
# the open one not): 81.82%.  Open past due at the year's end: 2025's three
# and 2026's one.  30 of 40 households visited.  H1's diary: 261 working
# days in 2026 (52 weeks and a Thursday), none written.
is "$(printf '%s\n' "$out" | sed -n 9p)" "This year 11 cases were found (13 the year before) and 10 resolved, a closure rate of 90.91%, up 13.99 points on the year before; 11 were due, 9 of them resolved on time (81.82%); 4 cases are open past their due time. 30 of 40 households were visited (75.00%). 261 duty diary entries were expected, 0 written (0.00%)." \
	"the opening: the year's figures and the change on the year before"
run report yearly --year 2026 --format json
j=$out
jq_is "$j" 'd["kind"], d["period"], d["since"], d["until"], d["as_of"]' \
	"yearly 2026 2026-01-01T00:00:00+08:00 2027-01-01T00:00:00+08:00 2027-01-01T00:00:00+08:00" "json: the kind and the year"
jq_is "$j" 'd["previous"]["since"], d["previous"]["until"], d["previous"]["total"]["found"], d["previous"]["total"]["resolved"]' \
	"2025-01-01T00:00:00+08:00 2026-01-01T00:00:00+08:00 13 10" "json: the year before and its totals"
jq_is "$j" 'd["total"]["found"], d["total"]["resolved"], d["total"]["due"], d["total"]["on_time"], d["total"]["overdue"], d["total"]["visited"], d["total"]["expected"]' \
	"11 10 11 9 4 30 261" "json: the year's totals"
jq_is "$j" 'd["header"]["year"], d["header"]["number"], d["header"]["number_text"], d["header"]["period_text"]' \
	"2026 None Year 2026 (Yearly notice) 2026-01-01 to 12-31" "json: a year has no number in its year"
run report yearly --year 2025 --format json
# 2025 follows the leap year 2024: the year before is all of 2024, not
# 365 days back from 2025-01-01.
jq_is "$out" 'd["previous"]["since"], d["previous"]["until"], d["previous"]["as_of"]' \
	"2024-01-01T00:00:00+08:00 2025-01-01T00:00:00+08:00 2025-01-01T00:00:00+08:00" "2025: the year before is 2024, leap day and all"
like "$out" '"opening":"This year 13 cases were found \(0 the year before\) and 10 resolved, a closure rate of 76\.92%; 13 were due, 9 of them resolved on time \(69\.23%\); 3 cases are open past their due time\.' \
	"2025: nothing the year before, no change stated; 3 open past due at its end"

# ---- the ranking ---------------------------------------------------------------
# Closure 0.5, on-time 0.5: C1 1, C3 1 (tied: by code), C2 (1 + 2/3)/2,
# C4 (2/3 + 2/3)/2.
jq_is "$j" '[(r["rank"], r["unit"], round(r["score"], 6), r["mark"]) for r in d["ranking"]]' \
	"[(1, 'C1', 1.0, 'top'), (2, 'C3', 1.0, 'top'), (3, 'C2', 0.833333, 'bottom'), (4, 'C4', 0.666667, 'bottom')]" \
	"the year's ranking, the first and last two of four marked"
run rank --year 2026 --format json
is "$(printf '%s' "$out" | python3 -c "import json,sys; print([(r['unit'], r['score']) for r in json.load(sys.stdin)['rows']])")" \
	"$(printf '%s' "$j" | python3 -c "import json,sys; print([(r['unit'], r['score']) for r in json.load(sys.stdin)['ranking']])")" \
	"the ranking is grid rank --year 2026's"
jq_is "$j" '[c["key"] for c in d["categories"]], [u["key"] for u in d["units"]], [o["id"] for o in d["overdue"]]' \
	"['OTHER'] ['S'] [11, 12, 13, 24]" "categories, units and the overdue list as the monthly notice has them"

# ---- the evaluation --------------------------------------------------------------
# 2026, weights closure 0.4, on-time 0.2, visits 0.2, diary 0.1, review
# 0.1 (a component without data left out): H1 (G1) 1, 1, 1, diary 0 ->
# 0.8/0.9, pass; M1 (G1, G3) 1, 1, 1, review 1 -> 1, excellent (and in
# 2025: reserve); M2 (G2) 1, 2/3, 1 -> 0.7333/0.8 = 0.9167, excellent;
# M3 (G4) 2/3, 2/3, 0 -> 0.4/0.8 = 0.5, fail.  Top 2 teams: C1, C3.
jq_is "$j" '[d["evaluation"][k] for k in ("year", "level", "teams", "advanced", "grid_workers", "excellent", "pass", "fail", "unrated", "reserve")]' \
	"[2026, 'community', 4, 2, 4, 2, 1, 1, 0, 1]" "json: the evaluation's counts"
jq_is "$j" '[(t["rank"], t["unit"], t["name"], t["score"]) for t in d["evaluation"]["advanced_teams"]]' \
	"[(1, 'C1', '社区一', 1.0), (2, 'C3', '社区三', 1.0)]" "json: the advanced teams with their scores"
jq_is "$j" '[(p["person"], p["name"], p["units"], round(p["score"], 6)) for p in d["evaluation"]["excellent_workers"]]' \
	"[('M1', '李娜', ['G1', 'G3'], 1.0), ('M2', '钱七', ['G2'], 0.916667)]" "json: the excellent grid workers"
jq_is "$j" '[p["person"] for p in d["evaluation"]["reserve_cadres"]]' "['M1']" \
	"json: the reserve cadre, excellent in 2025 and 2026"
run report yearly --year 2026
is "$(printf '%s\n' "$out" | sed -n '/^Yearly evaluation$/{n;p;}')" \
	"In the evaluation of 2026, 2 of 4 teams rated advanced: 社区一, 社区三. Grid workers (4): 2 rated excellent (李娜, 钱七), 1 pass, 1 fail. Recommended as reserve cadres, excellent in both 2025 and 2026: 李娜." \
	"text: the evaluation's paragraph"
like "$out" '^ +1 +社区一 +100\.00%$' "text: advanced teams, by name with score"
like "$out" '^钱七 +91\.67%$' "text: excellent grid workers, by name with score"
is "$(printf '%s\n' "$out" | sed -n '/^Reserve cadres$/,/^$/p')" "Reserve cadres
GRID WORKER    SCORE
李娜         100.00%" "text: the reserve cadres"

# The evaluation agrees with grid eval year on the same data.
for y in 2025 2026; do
	run eval year $y --format json
	e=$out
	run eval year $y --reserve --format json
	r=$out
	want=$(python3 -c "
import json, sys
e, r = json.loads(sys.argv[1]), json.loads(sys.argv[2])
n = lambda k: sum(p['rating'] == k for p in e['people'])
print([t['unit'] for t in e['teams'] if t['rating']], [(p['person'], p['score']) for p in e['people'] if p['rating'] == 'excellent'],
      n('excellent'), n('pass'), n('fail'), n(None), [p['person'] for p in r['people']], e['advanced'], len(e['teams']))" "$e" "$r")
	run report yearly --year $y --format json
	jq_is "$out" "[t['unit'] for t in d['evaluation']['advanced_teams']], [(p['person'], p['score']) for p in d['evaluation']['excellent_workers']], d['evaluation']['excellent'], d['evaluation']['pass'], d['evaluation']['fail'], d['evaluation']['unrated'], [p['person'] for p in d['evaluation']['reserve_cadres']], d['evaluation']['advanced'], d['evaluation']['teams']" \
		"$want" "$y: the evaluation is grid eval year $y's"
done
run report yearly --year 2025
like "$out" "^In the evaluation of 2025, 2 of 4 teams rated advanced: 社区一, 社区二\. Grid workers \(4\): 1 rated excellent \(李娜\), 2 pass, 1 fail\. No grid worker was excellent in both 2024 and 2025\.$" \
	"2025: no reserve cadre (nobody was rated in 2024)"

# ---- the default year, as-of, reproducibility --------------------------------------
a=$("$GRID" report yearly --format json)
b=$("$GRID" report yearly --year 2026 --format json)
is "$a" "$b" "no --year: the last complete year (2026, on 2027-01-16)"
run --now 2026-06-15T12:00 report yearly --format json
jq_is "$out" 'd["period"], d["evaluation"]["year"]' "2025 2025" "no --year on 2026-06-15: 2025"
c=$("$GRID" --now 2031-03-01 report yearly --year 2026 --format json)
is "$c" "$b" "a past year reads the same whenever it runs (as of its end)"
# To April 1st: 2026's G1 and G2 cases, 6; 2025's to April 1st, G1's 4.
run --now 2026-04-01T00:00 report yearly --year 2026 --format json
jq_is "$out" 'd["as_of"], d["total"]["found"], d["previous"]["as_of"], d["previous"]["total"]["found"], d["evaluation"]["year"]' \
	"2026-04-01T00:00:00+08:00 6 2025-04-01T00:00:00+08:00 4 2026" \
	"the year running: as of now, compared with the year before as far in (to April 1st)"

# ---- scope -------------------------------------------------------------------------
run report yearly --year 2026 --unit C1 --format json
u=$out
run eval year 2026 --unit C1 --reserve --format json
r=$out
run eval year 2026 --unit C1 --format json
jq_is "$u" 'd["unit"], d["unit_name"], d["header"]["scope"], [x["unit"] for x in d["ranking"]], d["total"]["found"], d["previous"]["total"]["found"]' \
	"C1 社区一 社区一 ['C1'] 3 4" "--unit C1: its cases, its ranking"
jq_is "$u" "[t['unit'] for t in d['evaluation']['advanced_teams']], [p['person'] for p in d['evaluation']['excellent_workers']], d['evaluation']['grid_workers'], [p['person'] for p in d['evaluation']['reserve_cadres']]" \
	"$(python3 -c "
import json, sys
e, r = json.loads(sys.argv[1]), json.loads(sys.argv[2])
print([t['unit'] for t in e['teams'] if t['rating']], [p['person'] for p in e['people'] if p['rating'] == 'excellent'], len(e['people']), [p['person'] for p in r['people']])" "$out" "$r")" \
	"--unit C1: the evaluation is grid eval year 2026 --unit C1's"

# ---- every format --------------------------------------------------------------------
run report yearly --year 2026 --format md
like "$out" '^\*\*Year 2026 \(Yearly notice\)\*\*$' "md: the number"
like "$out" '^## Yearly evaluation$' "md: the evaluation's section"
like "$out" '^In the evaluation of 2026, 2 of 4 teams rated advanced' "md: its paragraph"
like "$out" '^### Advanced teams$' "md: its tables under it"
like "$out" '^\| 2 \| 社区三 \| 100\.00% \|$' "md: an advanced team"
like "$out" '^\| 李娜 \| 100\.00% \|$' "md: a grid worker"
run report yearly --year 2026 --format html
like "$out" '<div class="number">Year 2026 \(Yearly notice\)</div>' "html: the number"
like "$out" '<h2>Yearly evaluation</h2>' "html: the evaluation's section"
like "$out" '<p class="opening">In the evaluation of 2026, 2 of 4 teams rated advanced' "html: its paragraph"
like "$out" '<h3>Reserve cadres</h3>' "html: its tables"
like "$out" '<tr><td>钱七</td><td class="n">91\.67%</td></tr>' "html: an excellent grid worker"
like "$out" '<svg .*class="chart"' "html: the charts of the monthly notice"

PY=/usr/bin/python3
"$GRID" report yearly --year 2026 --format xlsx >"$T/y.xlsx"
is "$?" 0 "xlsx"
printf '%s' "$j" >"$T/y.json"
cat >"$T/xlsx.py" <<'PY'
import json, sys
import openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
d = json.load(open(sys.argv[2], encoding="utf-8"))
e = d["evaluation"]
print(wb.sheetnames)
print(wb.properties.title)
def rows(name):
    ws = wb[name]
    head = [c.value for c in ws[1]]
    out = []
    for r in ws.iter_rows(min_row=2, values_only=True):
        if all(v is None for v in r):
            break
        out.append(dict(zip(head, r)))
    return head, out
head, adv = rows("Advanced teams")
print(head, [(r["RANK"], r["CODE"], r["TEAM"], r["SCORE"]) for r in adv] ==
      [(t["rank"], t["unit"], t["name"], t["score"]) for t in e["advanced_teams"]])
for sheet, key in (("Excellent grid workers", "excellent_workers"), ("Reserve cadres", "reserve_cadres")):
    head, ws = rows(sheet)
    print(sheet, [(r["PERSON"], r["GRID WORKER"], r["UNITS"], round(r["SCORE"], 12)) for r in ws] ==
          [(p["person"], p["name"], ", ".join(p["units"]), round(p["score"], 12)) for p in e[key]])
ws = wb["Advanced teams"]
print(ws.cell(ws.max_row, 1).value == e["text"])
head, rank = rows("Ranking")
print([r["CODE"] for r in rank] == [r["unit"] for r in d["ranking"]])
PY
is "$("$PY" "$T/xlsx.py" "$T/y.xlsx" "$T/y.json" 2>&1)" "['Totals', 'By category', 'By unit', 'Ranking', 'Overdue cases', 'Advanced teams', 'Excellent grid workers', 'Reserve cadres']
Yearly notice 2026
['RANK', 'CODE', 'TEAM', 'SCORE'] True
Excellent grid workers True
Reserve cadres True
True
True" "xlsx: the notice's sheets and the evaluation's three, as the JSON; the paragraph under the advanced teams"

# ---- zh_CN ------------------------------------------------------------------------------
if zh_locale; then
	zhrun report yearly --year 2026
	is "$(printf '%s\n' "$out" | sed -n 3p)" "2026年度（年通报）" "zh_CN: 2026年度（年通报）"
	like "$out" '2026年1月1日至12月31日' "zh_CN: the period"
	like "$out" '^本年度共排查问题11起（上年13起），已办结10起，办结率90\.91%，同比上升13\.99个百分点；应按期办结11起，按期办结9起，按期办结率81\.82%；超期未办结4起。' \
		"zh_CN: the opening and 同比"
	like "$out" '^年度考核$' "zh_CN: 年度考核"
	like "$out" '^经2026年度考核，社区一、社区三等2个网格团队被评为先进网格团队（参评团队4个）。参评网格员4名，其中考核优秀2名（李娜、钱七）、合格1名、不合格1名。李娜连续两年（2025年度、2026年度）考核优秀，列入后备干部推荐人选。$' \
		"zh_CN: the evaluation's paragraph"
	like "$out" '^先进网格团队$' "zh_CN: 先进网格团队"
	like "$out" '^后备干部推荐人选$' "zh_CN: 后备干部推荐人选"
	is "$(printf '%s\n' "$out" | tail -1)" "2027年1月1日" "zh_CN: the date at the foot"
	zhrun report yearly --year 2025
	like "$out" '。无连续两年（2024年度、2025年度）考核优秀的网格员。$' "zh_CN: no reserve cadre"
	zhrun report yearly --year 2026 --format json
	jq_is "$out" 'd["kind"], d["evaluation"]["excellent"], d["ranking"][0]["mark"], d["evaluation"]["reserve_cadres"][0]["person"]' \
		"yearly 2 top M1" "zh_CN: JSON keeps raw numbers and codes"
	jq_is "$out" 'd["header"]["number_text"]' "2026年度（年通报）" "zh_CN: JSON's number as printed"
else
	skip "no zh_CN.UTF-8 locale"
fi

# ---- numbering none, no ranking level ---------------------------------------------
db_save full
printf 'settings:\n  notice: {numbering: none}\n' >"$T/numbering.yaml"
run -q import "$T/numbering.yaml"
run report yearly --year 2026
is "$(printf '%s\n' "$out" | sed -n 3p)" "Yearly notice" "numbering none: the kind alone"
db_restore full
# An empty database has no ranking level ('community' by default).
empty=$(db_new empty)
GRID_DB=$empty "$GRID" init -q
GRID_DB=$empty run report yearly --year 2026 --format json
is "$status" 0 "no ranking level: the notice still goes out"
like "$err" "warning: no ranking: unknown level 'community'" "... with a warning"
jq_is "$out" 'd["ranking"], d["evaluation"]' "[] None" "... without its ranking and evaluation"
GRID_DB=$empty run report yearly --year 2026
unlike "$out" "Yearly evaluation" "text: no evaluation section"
like "$out" "^No case was found this year; 0 cases are open past their due time\.$" "text: an empty year says so"

# ---- errors: one line, exit status, nothing written ------------------------------------
before=$(db_checksum)
for bad in 2026x 26 0 10000 2026-01; do
	run report yearly --year "$bad"
	is "$status:$out" "2:" "--year $bad: exit 2, nothing on stdout"
	one_error "--year $bad"
done
like "$err" "year" "the message names the year"
run report yearly --year 2026 --unit NOPE
is "$status:$out" "4:" "an unknown unit: exit 4, nothing on stdout"
one_error "unknown unit"
like "$err" "NOPE" "the message names the unit"
run report yearly --month 2026-10
is "$status" 2 "--month is not an option of the yearly notice: exit 2"
run report yearly 2026
is "$status" 2 "a positional year: exit 2"
run report yearly --year 2026 --format csv
is "$status" 2 "csv is not a notice format: exit 2"
is "$(db_checksum)" "$before" "the database is as it was"

finish
