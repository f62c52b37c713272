#!/bin/sh
# grid eval year: the yearly evaluation of teams and grid workers, by
# hand-computed numbers over two years (grid-metrics(7), "Yearly evaluation").
. "$(dirname "$0")/lib.sh"

export GRID_NOW=2026-01-16T12:00
run init -q
is "$status" 0 "init"

# Four communities of one grid each, ten households a grid.  H1 heads G1
# (a diary is expected of a head); M1 is a member on G1 and G3 (two units
# combined); M2 a member on G2; M3 a member on G4; L1 leads the street
# and reviews the diaries; X1 has no duty and is no grid worker.
write_roster() {
	cat >"$T/roster.yaml" <<YAML
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
  eval:
$1
YAML
}
EVAL_DEFAULT='    advanced: {top: 2}
    person:
      weights: {closure: 0.4, on_time: 0.2, visits: 0.2, diary: 0.1, review: 0.1}
      excellent: 0.9
      pass: 0.6'
write_roster "$EVAL_DEFAULT"
run import -q --prune "$T/roster.yaml"
is "$status" 0 "the roster imports with eval settings"

# Cases, from a ledger: resolved within the 72 hours is on time.
# 2025: G1 4 on time; G2 2 on time; G3 3 resolved, 1 of them late; G4 1 on
# time and 3 open (past due at the year's end).  2026 (to Jan 16): G1 2,
# G2 2, G4 1, all on time.
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
for k in range(2): case("G1", "2026-01-%02d" % (5 + k), "closed")
for k in range(2): case("G2", "2026-01-%02d" % (7 + k), "closed")
case("G4", "2026-01-09", "closed")
with open(sys.argv[1], "w") as f:
    f.write("ref,unit,category,title,reported_at,status,accepted_at,resolved_at,closed_at\n")
    f.write("\n".join(rows) + "\n")
PY
run issue import "$T/ledger.csv"
is "$status" 0 "the ledger imports"

# Visits: 2025 G1 all 10 (H1), G2 5 (M2), G3 all 10 (M1); 2026 G1 10, G2
# 10, G3 8.
{
	echo "household,unit,by,at"
	for h in 1 2 3 4 5 6 7 8 9 10; do echo "h$h,G1,H1,2025-07-01T10:00"; done
	for h in 1 2 3 4 5; do echo "h$h,G2,M2,2025-07-01T10:00"; done
	for h in 1 2 3 4 5 6 7 8 9 10; do echo "h$h,G3,M1,2025-07-01T10:00"; done
	for h in 1 2 3 4 5 6 7 8 9 10; do echo "h$h,G1,H1,2026-01-12T10:00"; done
	for h in 1 2 3 4 5 6 7 8 9 10; do echo "h$h,G2,M2,2026-01-12T10:00"; done
	for h in 1 2 3 4 5 6 7 8; do echo "h$h,G3,M1,2026-01-12T10:00"; done
} >"$T/visits.csv"
run visit import "$T/visits.csv"
is "$status" 0 "the visits import"

# Diaries and their reviews: M1 2025 two entries scored 100 and 90, 2026
# one scored 80; M2 2026 one scored 50; H1 2026 six entries on working
# days (of 12 to Jan 16), one scored 50.
review() { "$GRID" log review "$1" --score "$2" --as L1 >/dev/null || echo "review $1 failed" >&2; }
entry() { "$GRID" log add --unit "$1" --text "$2 $3" --date "$3" --as "$2"; }
review "$(entry G1 M1 2025-08-04)" 100
review "$(entry G3 M1 2025-08-05)" 90
review "$(entry G3 M1 2026-01-13)" 80
review "$(entry G2 M2 2026-01-13)" 50
first=$(entry G1 H1 2026-01-05)
review "$first" 50
for d in 06 07 08 09 12; do entry G1 H1 2026-01-$d >/dev/null; done
entry G1 H1 2026-01-10 >/dev/null # a Saturday: not a working day, not counted
is "$(db_sql "SELECT count(*) FROM diary")" 11 "eleven diary entries"

# people KEY, teams KEY: "ID=VALUE ..." of the people (teams) of the JSON document in $out.
people() { printf '%s' "$out" | python3 -c "
import json,sys
d = json.load(sys.stdin)
print(' '.join('%s=%s' % (r['person'], r['$1']) for r in d['people']))"; }
teams() { printf '%s' "$out" | python3 -c "
import json,sys
d = json.load(sys.stdin)
print(' '.join('%s=%s' % (r['unit'], r['$1']) for r in d['teams']))"; }

# ---- teams: grid rank's scores, the top N or share advanced ------------------
for y in 2025 2026; do
	run rank --year $y --format json
	ranked=$(printf '%s' "$out" | python3 -c "import json,sys; print(' '.join('%s=%r' % (r['unit'], r['score']) for r in json.load(sys.stdin)['rows']))")
	run eval year $y --format json
	is "$status" 0 "eval year $y"
	got=$(printf '%s' "$out" | python3 -c "import json,sys; print(' '.join('%s=%r' % (r['unit'], r['score']) for r in json.load(sys.stdin)['teams']))")
	is "$got" "$ranked" "$y: the teams are grid rank --year $y, scores and order"
done
# 2025 by hand (closure 0.5, on-time 0.5): C1 1, C2 1 (tied: by code), C3
# (1 + 2/3)/2, C4 (1/4 + 1/4)/2.
run eval year 2025 --format json
is "$(teams rating)" "C1=advanced C2=advanced C3=None C4=None" "top 2: C1 and C2 advanced"
jq_is "$out" "d['advanced'], d['year'], d['level'], d['as_of']" "2 2025 community 2026-01-01T00:00:00+08:00" \
	"the document's year, level, count and as-of (the year's end)"
jq_is "$out" "round(d['teams'][2]['score'], 12)" "0.833333333333" "C3: (1 + 2/3) / 2"

advanced() { # SETTINGS: the teams rated advanced in 2025 under these eval settings
	write_roster "$1"
	"$GRID" import -q --prune "$T/roster.yaml" 2>/dev/null || echo "import failed" >&2
	"$GRID" eval year 2025 --format json | python3 -c "import json,sys; print(' '.join(r['unit'] for r in json.load(sys.stdin)['teams'] if r['rating']))"
}
is "$(advanced '    advanced: {share: 0.5}')" "C1 C2" "share 0.5 of 4: 2 advanced"
is "$(advanced '    advanced: {share: 0.74}')" "C1 C2" "share 0.74 of 4 is 2.96: rounded down, 2"
is "$(advanced '    advanced: {share: 0.75}')" "C1 C2 C3" "share 0.75 of 4: 3"
is "$(advanced '    advanced: {top: 1, share: 0.75}')" "C1" "top 1 and share 0.75: the smaller, 1"
is "$(advanced '    advanced: {top: 3, share: 0.5}')" "C1 C2" "top 3 and share 0.5: the smaller, 2"
is "$(advanced '    advanced: {top: 9}')" "C1 C2 C3 C4" "top 9 of 4: all"
is "$(advanced '    person: {pass: 0.6}')" "C1 C2 C3" "neither set: the top 3"
run --now 2026-01-16T12:00 eval year 2026 --format json
is "$(teams rating)" "C1=advanced C2=advanced C4=advanced C3=None" "2026: a team without a score is never advanced"
write_roster "$EVAL_DEFAULT"
run import -q --prune "$T/roster.yaml"

# ---- people --------------------------------------------------------------------
# Weights closure 0.4, on-time 0.2, visits 0.2, diary 0.1, review 0.1; a
# component without data is left out and the rest rescaled.
# 2025: H1 (G1): 1, 1, 1, diary 0/261 -> 0.8/0.9 = 0.888…, pass.
#       M1 (G1+G3): closure 7/7, on-time 6/7, visits 20/20, no diary
#       expected, review 190/200 -> (0.4 + 0.2*6/7 + 0.2 + 0.095)/0.9, excellent.
#       M2 (G2): 1, 1, 5/10, none, none -> 0.7/0.8 = 0.875, pass.
#       M3 (G4): 1/4, 1/4, 0/10 -> 0.15/0.8 = 0.1875, fail.
run eval year 2025 --format json
is "$(people rating)" "H1=pass M1=excellent M2=pass M3=fail" "2025 ratings"
is "$(printf '%s' "$out" | python3 -c "
import json,sys
d = json.load(sys.stdin)
want = {'H1': 0.8/0.9, 'M1': (0.4 + 0.2*6/7 + 0.2 + 0.095)/0.9, 'M2': 0.875, 'M3': 0.1875}
print(all(abs(r['score'] - want[r['person']]) < 1e-12 for r in d['people']), len(d['people']))")" "True 4" \
	"2025 scores by hand; X1 and L1 are no grid workers"
is "$(people units)" "H1=['G1'] M1=['G1', 'G3'] M2=['G2'] M3=['G4']" "each person's units"
jq_is "$out" "d['people'][1]['on_time_rate'], d['people'][1]['review_score'], d['people'][1]['diary_compliance']" \
	"0.857142857142857 0.95 None" "M1's two units combined: on-time 6/7, review 190/200, no diary expected"
# 2026 to Jan 16 (12 working days): H1 (G1): 1, 1, 1, diary 6/12, review
# 50 -> 0.4+0.2+0.2+0.05+0.05 = 0.9: exactly the threshold, excellent.
#       M1: 1, 1, 18/20, review 80 -> 0.86/0.9, excellent.
#       M2: 1, 1, 1, review 50 -> 0.85/0.9, excellent.  M3: 1, 1, 0 -> 0.75, pass.
run eval year 2026 --format json
is "$(people rating)" "H1=excellent M1=excellent M2=excellent M3=pass" "2026 ratings; H1 exactly at 0.9 is excellent"
jq_is "$out" "round(d['people'][0]['score'], 12), d['people'][0]['diary_compliance']" "0.9 0.5" \
	"H1 2026: 0.9, diary 6 of 12 working days (the Saturday does not count)"
run eval year 2026 --format json --reserve
is "$(people person)" "M1=M1" "--reserve: M1 alone, excellent in 2025 and 2026 (M2 and H1 only in 2026)"
is "$(people previous_rating)" "M1=excellent" "--reserve shows the year before's rating"
jq_is "$out" "'teams' in d" "False" "--reserve: people only"
run eval year 2026 --reserve
like "$out" "^M1 +李娜 +G1,G3 " "--reserve as text"
unlike "$out" "^(H1|M2)" "--reserve as text: nobody else"
# At 0.95 H1 and M2 fall to pass, M1 (0.955…) stays excellent.
write_roster '    person:
      weights: {closure: 0.4, on_time: 0.2, visits: 0.2, diary: 0.1, review: 0.1}
      excellent: 0.95
      pass: 0.76'
run import -q --prune "$T/roster.yaml"
run eval year 2026 --format json
is "$(people rating)" "H1=pass M1=excellent M2=pass M3=fail" "thresholds from the settings: excellent 0.95, pass 0.76"
write_roster "$EVAL_DEFAULT"
run import -q --prune "$T/roster.yaml"

# ---- scope, formats, reproducibility ---------------------------------------------
run eval year 2025 --unit C1 --format json
is "$(teams unit) / $(people units)" "C1=C1 / H1=['G1'] M1=['G1']" "--unit C1: its team, and the units of its workers in it"
run eval year 2025 --format csv
is "$(printf '%s\n' "$out" | head -1 | tr -d '\r')" "person,name,units,score,closure_rate,on_time_rate,visit_rate,diary_compliance,review_score,rating" \
	"csv: the people's table"
is "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" 5 "csv: a header and four people"
run eval year 2025 --format tsv --teams
like "$(printf '%s\n' "$out" | head -1)" "^rank	unit	name	score	.*	rating$" "tsv --teams: the teams' table"
like "$out" "C1	社区一	1(\.0)?	.*	advanced" "tsv --teams: C1 advanced"
run eval year 2025 --people --format json
jq_is "$out" "sorted(d)" "['advanced', 'as_of', 'level', 'people', 'since', 'until', 'year']" "--people: no teams"
run eval year 2025 --format xlsx
is "$status" 0 "xlsx"
run eval year 2025
like "$out" "^Teams of level community, 2025 \(2 advanced\)$" "text: the teams' heading"
like "$out" "^Grid workers, 2025$" "text: the people's heading"
like "$out" "^ +1 +C1 +社区一 +100\.00% .*advanced$" "text: C1 advanced"
like "$out" "^M3 +孙八 +G4 +18\.75% .* fail$" "text: M3 fails at 18.75%"
a=$("$GRID" --now 2026-01-16T12:00 eval year 2025 --format json)
b=$("$GRID" --now 2026-01-16T12:00 eval year 2025 --format json)
c=$("$GRID" --now 2027-03-01 eval year 2025 --format json)
is "$a" "$b" "the same --now: the same bytes"
is "$a" "$c" "a past year reads the same whenever it runs (as-of its end)"
run --now 2026-01-09T12:00 eval year 2026 --format json
jq_is "$out" "d['as_of'], d['people'][0]['diary_compliance']" "2026-01-09T12:00:00+08:00 0.714285714285714" \
	"--now moves the as-of: H1 wrote 5 of the 7 working days to Jan 9"

# ---- usage ---------------------------------------------------------------------
run eval year 2025 --teams --people
is "$status" 2 "--teams with --people: exit 2"
run eval year 0
is "$status" 2 "year 0: exit 2"
run eval year 2025x
is "$status" 2 "a malformed year: exit 2"
run eval year
is "$status" 2 "no year: exit 2"
run eval year 2025 --unit NOPE
is "$status" 4 "an unknown unit: exit 4"

# ---- settings: round trip, refusals ---------------------------------------------
run export
printf '%s\n' "$out" >"$T/exported.yaml"
like "$out" "^    advanced: \{top: 2\}$" "export: eval.advanced"
like "$out" "^      weights: \{closure: 0.4, on_time: 0.2, visits: 0.2, diary: 0.1, review: 0.1\}$" "export: the person weights"
like "$out" "^      excellent: 0.9$" "export: excellent"
run import --prune "$T/exported.yaml"
is "$status" 0 "the export imports back with --prune"
like "$out" "^settings +0 added +0 updated +[0-9]+ unchanged +0 removed$" "settings unchanged"
is "$("$GRID" export)" "$(cat "$T/exported.yaml")" "export, import, export: the same"
write_roster '    person: {excellent: 1.5}'
run import "$T/roster.yaml"
is "$status" 3 "excellent 1.5: exit 3"
like "$err" "roster\.yaml:28:25: 'excellent' must be a number from 0 to 1, not '1.5'" "FILE:LINE:COLUMN"
write_roster '    advanced: {top: -1, share: x}'
run import "$T/roster.yaml"
is "$status" 3 "top -1, share x: exit 3"
like "$err" "roster\.yaml:28:21: 'top' must be a whole number from 0 to" "top: a whole number"
like "$err" "roster\.yaml:28:32: 'share' must be a number from 0 to 1, not 'x'" "share: a number"
write_roster '    person: {weights: {review: 2, rigour: 1}}'
run import "$T/roster.yaml"
is "$status" 3 "a person weight over 1, an unknown weight: exit 3"
like "$err" "roster\.yaml:28:32: weight 'review' must be a number from 0 to 1, not '2'" "weight over 1"
like "$err" "roster\.yaml:28:35: unknown key 'rigour' in 'weights'" "unknown weight"
write_roster '    award: 10000'
run import "$T/roster.yaml"
like "$err" "roster\.yaml:28:5: unknown key 'award' in 'eval'" "unknown key in eval"
run eval year 2025 --format json
is "$(people rating)" "H1=pass M1=excellent M2=pass M3=fail" "a refused import changes nothing"

# ---- zh_CN ----------------------------------------------------------------------
if zh_locale; then
	zhrun eval year 2026
	like "$out" "先进" "zh_CN: 先进"
	like "$out" "^H1 .*优秀$" "zh_CN: 优秀"
	like "$out" "^M3 .*合格$" "zh_CN: 合格"
	zhrun --now 2026-01-16T12:00 eval year 2025
	like "$out" "^M3 .*不合格$" "zh_CN: 不合格"
	zhrun eval year 2025 --format json
	like "$out" '"rating": *"fail"' "zh_CN: JSON keeps the English keys"
else
	skip "no zh_CN.UTF-8 locale"
fi

finish
