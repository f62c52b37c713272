#!/bin/sh
# Field work: household visits, duty diaries, their spot checks and stats.
. "$(dirname "$0")/lib.sh"

export GRID_NOW=2026-12-15T12:00
D=410102 S=410102001 C1=410102001001 G11=410102001001001 G12=410102001001002 C2=410102001002 G21=410102001002001

run init -q
is "$status" 0 "init"

# The roster: C1 states 100 households (its grids say 30 + 40, not added);
# C2 states none, so its grid's 50 count.  P1 heads G11, Q1 heads G12, P2
# is a member on C2 and heads G21, L1 leads the street, V1 only views.
cat >"$T/roster.yaml" <<YAML
version: 1
levels: [district, street, community, grid]
units:
  - code: "$D"
    name: 中原区
    level: district
    children:
      - code: "$S"
        name: 秦岭路街道
        level: street
        children:
          - {code: "$C1", name: 社区一, level: community, households: 100, children: [
              {code: "$G11", name: 一网格, level: grid, households: 30},
              {code: "$G12", name: 二网格, level: grid, households: 40}]}
          - {code: "$C2", name: 社区二, level: community, children: [
              {code: "$G21", name: 三网格, level: grid, households: 50}]}
people:
  - {id: P1, name: 张伟, roles: [grid_head]}
  - {id: P2, name: 李娜, roles: [grid_member]}
  - {id: Q1, name: 钱七, roles: [grid_head]}
  - {id: L1, name: 王强, roles: [leader]}
  - {id: V1, name: 赵六, roles: [viewer]}
assignments:
  - {unit: "$G11", person: P1, duty: grid_head}
  - {unit: "$G12", person: Q1, duty: grid_head}
  - {unit: "$C2", person: P2, duty: grid_member}
  - {unit: "$G21", person: P2, duty: grid_head}
  - {unit: "$S", person: L1, duty: leader}
YAML
run import -q "$T/roster.yaml"
is "$status" 0 "the roster imports"
run unit list --format json
jq_is "$out" "len(d)" 7 "the roster has 7 units"

nvisits() { "$GRID" visit list --format json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'; }

# ---- visit add ------------------------------------------------------------
run visit add --unit "$G11" --household 3-201 --as P1 --at 2026-11-03T09:00
is "$status" 0 "visit add by the grid head"
like "$out" '^[0-9]+$' "visit add prints the id alone"
run visit add --unit "$G21" --household 1-101 --as P1
is "$status" 6 "visit on another community's grid: exit 6"
one_error "permission"
like "$err" "$G21" "the message names the unit"
run visit add --unit "$G11" --household 3-202 --as V1
is "$status" 6 "a viewer may not record visits"
run visit add --unit "$G11" --household 3-202 --as P1 --by Q1
is "$status" 6 "--by someone else needs admin or leader"
run visit add --unit "$G11" --household 3-202 --as L1 --by P1 --at 2026-11-10T10:00 --note 独居老人
is "$status" 0 "a leader records a visit for P1"
run visit add --unit "$G11" --household 3-201 --as P1 --at 2026-11-10T09:00
is "$status" 0 "the same household again"
run visit add --unit "$G12" --household 3-201 --as Q1 --at 2026-11-11T09:00
is "$status" 0 "the same household text on another grid"
run visit add --unit "$G21" --household 7 --as P2 --at 2026-12-01T08:00
is "$status" 0 "a visit in December"
is "$(nvisits)" 5 "five visits stored"
run visit add --unit "$G11" --household 3-203 --as P1 --at 2026-12-16
is "$status" 3 "--at in the future: exit 3"
one_error "future"
run visit add --unit "$G11" --household 3-203 --as P1 --at yesterday
is "$status" 2 "malformed --at: exit 2"
run visit add --unit "$G11" --household "" --as P1
is "$status" 3 "empty household: exit 3"
run visit add --unit "$G11" --household "$(printf '%0201d' 0)" --as P1
is "$status" 3 "household over 200 characters: exit 3"
run visit add --household 1 --as P1
is "$status" 2 "missing --unit: exit 2"
run visit add --unit nowhere --household 1
is "$status" 4 "unknown unit: exit 4"
like "$err" "unknown unit 'nowhere'" "the message names the unit"
is "$(nvisits)" 5 "refused visits wrote nothing"

# ---- visit list -------------------------------------------------------------
run visit list --format json
jq_is "$out" "' '.join(sorted(d[0]))" "at household id note person unit" "visit keys exactly"
jq_is "$out" "[v['note'] for v in d]" "[None, None, '独居老人', None, None]" "the note is kept, null when none"
jq_is "$out" "d[0]['at']" "2026-11-03T09:00:00+08:00" "times in ISO 8601 with offset"
run visit list --unit "$C1" --since 2026-11-10 --until 2026-11-11 --format json
jq_is "$out" "len(d)" 2 "--unit with descendants, --since/--until"
run visit list --by Q1 --limit 1 --format json
jq_is "$out" "[v['unit'] for v in d]" "['$G12']" "--by and --limit"
run visit list --by NOBODY
is "$status" 4 "visit list --by an unknown person: exit 4"

# ---- visit import -------------------------------------------------------------
cat >"$T/good.csv" <<CSV
household,unit,by,at,note
1-102,$G21,P2,2026-11-20 10:00,"two
lines"
1-103,$G21,P2,2026-11-21T10:00,
CSV
run visit import "$T/good.csv" --dry-run
is "$status" 0 "import --dry-run"
is "$out" "visits: 2 added, 0 unchanged" "--dry-run prints the count"
is "$(nvisits)" 5 "--dry-run writes nothing"
run visit import "$T/good.csv" --as P2
is "$status" 6 "import by a grid member: exit 6"
run visit import "$T/good.csv"
is "$status" 0 "import"
is "$out" "visits: 2 added, 0 unchanged" "import prints the count added"
is "$(nvisits)" 7 "two visits added"
run visit import "$T/good.csv"
is "$out" "visits: 0 added, 2 unchanged" "importing the same file again adds nothing"
is "$(nvisits)" 7 "no visit twice"
printf 'unit,household,by,at\n%s,"  1-103 ",P2,2026-11-21T10:00\n%s,1-104,P2,2026-11-21T10:00\n' "$G21" "$G21" >"$T/again.csv"
run visit import "$T/again.csv"
is "$out" "visits: 1 added, 1 unchanged" "household text trimmed on import: the same visit"
is "$(nvisits)" 8 "one visit added"
printf 'unit,household,by,at,note\n%s,1-105,P2,2026-10-21T11:00,"tab\there, back\\slash"\n%s,1-105,P2,2026-10-21T11:00,\n' "$G21" "$G21" >"$T/twice.csv"
run visit import "$T/twice.csv"
is "$out" "visits: 1 added, 1 unchanged" "a visit twice in one file is added once"
is "$(db_sql "SELECT note FROM visit WHERE household = '1-105'")" "$(printf 'tab\there, back\\slash')" "its note kept byte for byte"
is "$(nvisits)" 9 "one visit added"
run -q visit import "$T/twice.csv"
is "$status:$out$err" "0:" "-q: the import's summary is not printed"
run visit add --unit "$G21" --household " 1-104	" --by P2 --at 2026-11-21T10:00
is "$status" 0 "visit add of a visit already recorded"
is "$out" "$(db_sql "SELECT id FROM visit WHERE household = '1-104'")" "visit add prints the existing id"
is "$(nvisits)" 9 "and adds nothing"
cat >"$T/bad.csv" <<CSV
unit,household,by,at
$G11,3-301,P1,2026-11-03
nowhere,3-302,P1,2026-11-03
$G11,,P1,2026-11-03
$G11,3-304,NOBODY,2026-11-03
$G11,3-305,P1,2027-01-01
CSV
run visit import "$T/bad.csv"
is "$status" 3 "bad CSV: exit 3"
like "$err" "bad\.csv:3: column 'unit': unknown unit 'nowhere'" "FILE:LINE for an unknown unit"
like "$err" "bad\.csv:4: column 'household': value is empty" "FILE:LINE for an empty household"
like "$err" "bad\.csv:5: column 'by': unknown person 'NOBODY'" "FILE:LINE for an unknown person"
like "$err" "bad\.csv:6: column 'at': .*future" "FILE:LINE for a future time"
unlike "$err" "bad\.csv:2" "the good line is not reported"
like "$err" "nothing was written" "the last line says nothing was written"
is "$(nvisits)" 9 "a bad file writes nothing"
printf 'unit,household,who,at\n%s,1,P1,2026-11-03\n' "$G11" >"$T/cols.csv"
run visit import "$T/cols.csv"
is "$status" 3 "unknown column: exit 3"
one_error "a single error is the one line"
like "$err" "cols\.csv:1: unknown column 'who'" "the unknown column is named"
printf 'unit,household,by,at\n%s,"1-1,P2,2026-11-22\n' "$G21" >"$T/quote.csv"
run visit import "$T/quote.csv"
is "$status" 3 "an unclosed quote: exit 3"
like "$err" "quote\.csv:2: malformed CSV: unbalanced quote\$" "the unclosed quote is reported at its line"
printf 'unit,household,by,at\n%s,1,P2,2026-11-22\n%s,2,P2,2026-11-22\n"%s,3,P2,2026-11-22\n' "$G21" "$G21" "$G21" >"$T/quote4.csv"
run visit import "$T/quote4.csv"
like "$err" "quote4\.csv:4: malformed CSV: unbalanced quote\$" "an unclosed quote on line 4 is reported at line 4"
printf 'unit,household,by,at\n"%s,1,P2,2026-11-22\n' "$G21" | "$GRID" visit import - >/dev/null 2>"$T/stdin.err"
like "$(cat "$T/stdin.err")" "<stdin>:2: malformed CSV: unbalanced quote" "from standard input: the line of the quote"
one_error "unclosed quote"
cp "$GRID" "$T/binary.csv"
run visit import "$T/binary.csv"
is "$status" 3 "a binary file: exit 3"
one_error "binary file"
unlike "$err" "$(printf '\001')" "no control characters in the message"
run visit import "$T"
is "$status" 3 "a folder: exit 3"
run visit import "$T/missing.csv"
is "$status" 1 "a missing file: exit 1"
is "$(nvisits)" 9 "refused files wrote nothing"
printf 'unit,household,by,at\n%s,1-104,P2,2026-11-22\n' "$G21" >"$T/stdin.csv"
run_in "$T/stdin.csv" visit import -
is "$out" "visits: 1 added, 0 unchanged" "import from standard input"

# ---- stats visits -------------------------------------------------------------
run stats visits --month 2026-11 --unit "$S" --format json
is "$status" 0 "stats visits"
jq_is "$out" "' '.join(sorted(d))" "as_of by rows since total unit until" "stats visits document keys"
jq_is "$out" "' '.join(sorted(d['rows'][0]))" "households key name rate visited" "stats visits row keys exactly"
jq_is "$out" "[(r['key'], r['households'], r['visited']) for r in d['rows']]" \
	"[('$C1', 100, 3), ('$C2', 50, 3)]" "a stated community total wins over its grids; distinct households per unit"
jq_is "$out" "(d['total']['households'], d['total']['visited'], d['total']['rate'])" "(150, 6, 0.04)" "the total"
jq_is "$out" "(d['by'], d['unit'])" "('unit', '$S')" "by and unit"
run stats visits --month 2026-11 --unit "$C1"
like "$out" "$G11 .* 30 +2 +6\.67%" "text rows per grid with the rate"
run stats visits --month 2026-11 --unit nowhere
is "$status" 4 "stats visits on an unknown unit: exit 4"
is "$out" "" "stats visits on an unknown unit: nothing on stdout"
run stats visits --month 2026-11 --unit "$C1" --by unit
is "$status" 0 "stats visits --by unit"
like "$out" "$G11 .* 30 +2 +6\.67%" "--by unit: the same rows"
run stats visits --month 2026-11 --by person
is "$status" 2 "stats visits --by person: exit 2"
like "$err" "^grid: stats visits: --by takes unit, not 'person'" "the message names the allowed value"
is "$out" "" "and stdout is empty"
run stats visits --month 2026-11 --unit "$S" --format csv
is "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" 3 "visits csv: header and rows, no total row"
unlike "$out" "total" "visits csv: no total"
run stats visits --month 2026-11 --unit "$S" --format tsv
unlike "$out" "total" "visits tsv: no total"
run stats visits --month 2026-11 --unit "$G11"
like "$out" "^$G11 .* 30 +2 +6\.67%" "a grid without children is its own row"

# ---- log add ------------------------------------------------------------------
run log add --unit "$G11" --text 走访三户 --date 2026-11-02 --as P1
is "$status" 0 "log add"
like "$out" '^[0-9]+$' "log add prints the id alone"
first=$out
run log add --unit "$G11" --text again --date 2026-11-02 --as P1
is "$status" 5 "a second entry the same day: exit 5"
one_error "conflict"
like "$err" "--replace" "the message says how to replace it"
run log add --unit "$G21" --text x --date 2026-11-02 --as P1
is "$status" 6 "an entry on another community's grid: exit 6"
run log add --unit "$G11" --text x --date 2026-12-16 --as P1
is "$status" 3 "a date in the future: exit 3"
run log add --unit "$G11" --text x --date 2026-11-31 --as P1
is "$status" 2 "a malformed date: exit 2"
run log add --unit "$G11" --text today --as P1
is "$status" 0 "the date defaults to today"
run log list --by P1 --since 2026-12-15 --format json
jq_is "$out" "d[0]['date']" "2026-12-15" "today is the local date of --now"

# ---- log review ---------------------------------------------------------------
run log review "$first" --score 80 --as P1
is "$status" 6 "a grid head may not review: exit 6"
run log review "$first" --score 101 --as L1
is "$status" 2 "score over 100: exit 2"
run log review "$first" --score -1 --as L1
is "$status" 2 "score under 0: exit 2"
run log review 9999 --score 50 --as L1
is "$status" 4 "unknown entry: exit 4"
run log review 1x --score 50 --as L1
is "$status" 2 "a malformed ID: exit 2"
like "$err" "^grid: log review: malformed diary entry ID '1x'" "the message calls it the ID argument"
unlike "$err" "--ID" "not an option"
run log review "$first" --score 80 --as L1 --note 细致
is "$status" 0 "a leader reviews"
run log list --format json --month 2026-11
jq_is "$out" "' '.join(sorted(d[0]))" "date id person reviewed_by score text unit" "diary keys exactly"
jq_is "$out" "(d[0]['score'], d[0]['reviewed_by'])" "(80, 'L1')" "the review is listed"
run log add --unit "$G11" --text 重写 --date 2026-11-02 --as P1 --replace
is "$out" "$first" "--replace keeps the id"
run log list --format json --month 2026-11
jq_is "$out" "(d[0]['text'], d[0]['score'], d[0]['reviewed_by'])" "('重写', None, None)" "--replace replaces the text and clears the review"

# ---- a month of entries --------------------------------------------------------
# P1 writes every day of November (30 for 21 working days); Q1 writes 3.
"$GRID" log add --unit "$G11" --text "p1 1" --date 2026-11-01 --as P1 >/dev/null
day=3
while [ "$day" -le 30 ]; do
	"$GRID" log add --unit "$G11" --text "p1 $day" --date "2026-11-$(printf %02d "$day")" --as P1 >/dev/null || echo "# log add $day failed"
	day=$((day + 1))
done
for d in 02 03 04; do "$GRID" log add --unit "$G12" --text "q1 $d" --date "2026-11-$d" --as Q1 >/dev/null; done
q=$("$GRID" log list --by Q1 --format json | python3 -c 'import json,sys; print(" ".join(str(e["id"]) for e in json.load(sys.stdin)))')
set -- $q
"$GRID" log review "$1" --score 70 --as L1 >/dev/null
"$GRID" log review "$2" --score 95 --as L1 >/dev/null

# ---- log sample ------------------------------------------------------------------
run log sample --month 2026-11 --format json
is "$status" 0 "log sample"
a=$out
jq_is "$a" "[e['person'] for e in d]" "['P1', 'P1', 'Q1', 'Q1']" "two per person by default"
jq_is "$a" "' '.join(sorted(d[0]))" "date id person reviewed_by score text unit" "sample keys as log list"
run log sample --month 2026-11 --format json
is "$out" "$a" "the same month twice picks the same entries"
run log sample --month 2026-11 --per-person 1 --format json
jq_is "$out" "[e['person'] for e in d]" "['P1', 'Q1']" "--per-person caps the picks"
differ=no
for s in 1 2 3 4 5 6 7 8; do
	b=$("$GRID" log sample --month 2026-11 --seed "$s" --format json)
	[ "$b" != "$a" ] && differ=yes
done
is "$differ" yes "another --seed picks differently"
run log sample --month 2026-11 --seed 5 --format json
b=$out
run log sample --month 2026-11 --seed 5 --format json
is "$out" "$b" "the same --seed picks the same"
run log sample
is "$status" 2 "log sample without --month: exit 2"
run log sample --month 2026-11 --per-person 0
is "$status" 2 "--per-person 0: exit 2"

# ---- stats diary ------------------------------------------------------------------
run stats diary --month 2026-11 --format json
is "$status" 0 "stats diary"
jq_is "$out" "' '.join(sorted(d['rows'][0]))" "expected key mean_score name rate written" "stats diary row keys exactly"
jq_is "$out" "[(r['key'], r['expected'], r['written'], round(r['rate'], 12)) for r in d['rows']]" \
	"[('P1', 21, 21, 1.0), ('P2', 21, 0, 0.0), ('Q1', 21, 3, 0.142857142857)]" \
	"21 working days in November; weekend entries do not count"
jq_is "$out" "[r['mean_score'] for r in d['rows']]" "[None, None, 82.5]" "mean review score, null when none"
jq_is "$out" "(d['total']['expected'], d['total']['written'], d['by'])" "(63, 24, 'person')" "diary total: one head's extra entries cannot pay for another's"
run stats diary --month 2026-11 --by unit --unit "$S" --format json
jq_is "$out" "[(r['key'], r['expected'], r['written']) for r in d['rows']]" \
	"[('$C1', 42, 24), ('$C2', 21, 0)]" "by unit: the heads of each subtree"
run stats diary --week 2026-W45 --by unit --unit "$C1"
like "$out" "$G11 .* 5 +5 +100\.00%" "a week: five working days, seven entries, five count"
run stats diary --month 2026-11 --by level
is "$status" 2 "stats diary --by level: exit 2"
run stats diary --month 2026-11 --format csv
unlike "$out" "total" "diary csv: no total row"
run stats diary --month 2026-11 --format tsv
unlike "$out" "total" "diary tsv: no total row"
run stats diary --month 2026-11
like "$out" "total" "diary text keeps the total row"

finish
