#!/bin/sh
# Shell-level tests: grid stats, grid rank, grid report.
#
# The database is seeded with SQL (written by python3, run by db_sql) rather than
# `grid import` + `grid issue import`, so that every figure below is known
# by hand: the article's ledger for November 2026 (796 found, 782
# resolved), one for December with the totals it states (805 / 790), and a
# January with month edges and an overdue case with a hostile title.
. "$(dirname "$0")/lib.sh"
export GRID_NOW=2027-03-01

run init
is "$status" 0 "init"

python3 - <<'PY' >"$T/seed.sql"
import datetime
tz = datetime.timezone(datetime.timedelta(hours=8))
def T(s): return int(datetime.datetime.fromisoformat(s).replace(tzinfo=tz).timestamp())
def lit(v): return "NULL" if v is None else str(v) if isinstance(v, int) else "'" + v.replace("'", "''") + "'"
class DB:
    def executescript(self, sql): print(sql)
    def execute(self, sql, args):
        print(sql.replace("?", "%s") % tuple(lit(a) for a in args) + ";")
db = DB()
print("BEGIN;")
db.executescript("""
INSERT INTO level (depth, name) VALUES (0,'district'),(1,'street'),(2,'community'),(3,'grid');
INSERT INTO category (id, code, name, deadline_hours) VALUES
 (1,'ILLEGAL_PRODUCTION','非法生产',72),(2,'ILLEGAL_BUSINESS','非法经营',72),
 (3,'ILLEGAL_CONSTRUCTION','非法建设',48),(4,'WORK_SAFETY','安全生产',24),
 (5,'PETITION_STABILITY','信访稳定',24),(6,'GRASSROOTS_ORG','基层组织建设',168),(7,'OTHER','其它',120);
INSERT INTO unit (id, code, name, depth, parent_id, lft, rgt) VALUES
 (1,'410102','中原区',0,NULL,1,14),
 (2,'410102001','秦岭路街道',1,1,2,13),
 (3,'410102001001','龙源社区',2,2,3,6),
 (4,'410102001001001','龙源社区第1网格',3,3,4,5),
 (5,'410102001002','<b>&"社区''',2,2,7,10),
 (6,'410102001002001','第2社区第1网格',3,5,8,9),
 (7,'410102001003','空社区',2,2,11,12);
""")
nid = [0]
def issue(unit, cat, at, resolved, hu=None, title=None, reopen=False):
    nid[0] += 1; i = nid[0]; t = T(at); hu = hu or unit
    due = t + 25 * 3600
    res = (t + 30 * 3600 if reopen else t + 10800) if resolved else None
    # the columns the cases module keeps beside the history
    db.execute("INSERT INTO issue (id, unit_id, handling_unit_id, category_id, title, reported_at, status,"
               " accepted_at, due_at, resolved_at, closed_at, reopened) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
               (i, unit, hu, cat, title or 'issue %d' % i, t, 'closed' if resolved else 'accepted',
                t + 3600, due, res, t + 31 * 3600 if resolved else None, 1 if reopen else 0))
    ev = [(t, 'report', None, 'reported', unit, None), (t + 3600, 'accept', 'reported', 'accepted', unit, due)]
    if hu != unit:
        ev.append((t + 5400, 'escalate', 'accepted', 'accepted', hu, due))
    if resolved:
        ev += [(t + 7200, 'assign', 'accepted', 'assigned', hu, due), (t + 10800, 'resolve', 'assigned', 'resolved', hu, due)]
        if reopen:
            ev += [(t + 11000, 'reopen', 'resolved', 'assigned', hu, due),
                   (t + 30 * 3600, 'resolve', 'assigned', 'resolved', hu, due)]
        ev.append((t + 31 * 3600, 'close', 'resolved', 'closed', hu, due))
    for e in ev:
        db.execute("INSERT INTO event (issue_id, at, action, from_status, to_status, handling_unit_id, due_at)"
                   " VALUES (?,?,?,?,?,?,?)", (i,) + e)
counts = [(36, 36), (220, 219), (181, 171), (209, 207), (145, 144), (1, 1), (4, 4)]
# November: the article's rows, split over two communities.
for cat, (f, r) in enumerate(counts, 1):
    for k in range(f):
        issue(4 if k % 2 == 0 else 6, cat, '2026-11-%02dT09:00:00' % (1 + k % 28), k < r)
# December: the same rows plus 9 OTHER cases on community 2, 8 resolved
# (3 at the street, 2 of them reworked late): 805 / 790.
for cat, (f, r) in enumerate(counts, 1):
    for k in range(f):
        issue(4, cat, '2026-12-%02dT09:00:00' % (1 + k % 28), k < r)
for k in range(9):
    issue(6, 7, '2026-12-10T09:00:00', k < 8, hu=2 if k < 3 else None, reopen=k < 2)
# January: an overdue case with a hostile title; the month's last second
# (resolved only after the month) and the next month's first second.
issue(6, 4, '2027-01-05T09:00:00', False, title='<script>alert("x")</script> & 罐 | *')
issue(4, 4, '2027-01-31T23:59:59', True)
issue(4, 4, '2027-02-01T00:00:00', True)
print("COMMIT;")
PY
db_sql <"$T/seed.sql" >/dev/null
is "$?" 0 "seed the database"
db_analyze
sum_before=$(db_checksum)

# ---- closure: the article's table ----------------------------------------
run stats closure --month 2026-11 --format csv
is "$status" 0 "stats closure csv"
like "$out" "$(printf 'rate\r')" "csv lines end in CRLF"
is "$(printf '%s\n' "$out" | tr -d '\r')" "$(printf '%s\n' 'key,name,found,resolved,rate' \
	'ILLEGAL_PRODUCTION,非法生产,36,36,1' 'ILLEGAL_BUSINESS,非法经营,220,219,0.995455' \
	'ILLEGAL_CONSTRUCTION,非法建设,181,171,0.944751' 'WORK_SAFETY,安全生产,209,207,0.990431' \
	'PETITION_STABILITY,信访稳定,145,144,0.993103' 'GRASSROOTS_ORG,基层组织建设,1,1,1' 'OTHER,其它,4,4,1' | tr -d '\r')" \
	"every row of the article's table" 
run stats closure --month 2026-11
like "$out" '^total +796 +782 +98\.24%$' "article rows: total 796/782 = 98.24%"
like "$out" '^ILLEGAL_CONSTRUCTION +非法建设 +181 +171 +94\.48%$' "text row aligned with its rate"
run stats closure --month 2026-12 --format json
json_ok "$out" "closure json"
jq_is "$out" 'd["total"]["found"], d["total"]["resolved"], round(d["total"]["rate"], 5)' "805 790 0.98137" "December totals 805/790"
jq_is "$out" 'd["since"], d["until"], d["as_of"], d["unit"], d["by"]' \
	"2026-12-01T00:00:00+08:00 2027-01-01T00:00:00+08:00 2027-01-01T00:00:00+08:00 None category" "period keys"
jq_is "$out" 'sorted(d["rows"][0])' "['found', 'key', 'name', 'rate', 'resolved']" "closure row keys"
run stats closure --month 2026-12
like "$out" '^total +805 +790 +98\.14%$' "805/790 prints 98.14%"

# ---- by unit, level; scope --------------------------------------------------
run stats closure --month 2026-12 --by unit --unit 410102001 --format json
jq_is "$out" '[(r["key"], r["found"], r["resolved"], r["rate"] and round(r["rate"], 6)) for r in d["rows"]]' \
	"[('410102001001', 796, 782, 0.982412), ('410102001002', 9, 8, 0.888889), ('410102001003', 0, 0, None)]" \
	"by unit: one row per child, the empty one null"
run stats closure --month 2026-12 --by unit --format json
jq_is "$out" '[r["key"] for r in d["rows"]], d["unit"]' "['410102'] None" "by unit without scope: the top units"
run stats closure --month 2026-12 --unit 410102001002 --format json
jq_is "$out" 'd["total"]["found"], d["total"]["resolved"], d["unit"]' "9 8 410102001002" "scope: the unit and its descendants"
run stats closure --month 2026-12 --by level --format json
jq_is "$out" '[(r["key"], r["found"]) for r in d["rows"]]' \
	"[('district', 0), ('street', 3), ('community', 0), ('grid', 802)]" "by level of the handling unit"

# ---- on-time, rework, escalation, overdue ---------------------------------
run stats rework --month 2026-12 --format json
jq_is "$out" 'd["total"]["resolved"], d["total"]["reopened"], round(d["total"]["rate"], 6)' "790 2 0.002532" "rework 2/790"
run stats ontime --month 2026-12 --format json
jq_is "$out" 'd["total"]["due"], d["total"]["on_time"]' "805 788" "due: 790 resolved + 15 open past due; the two reworked cases were late"
jq_is "$out" 'sorted(d["total"])' "['due', 'on_time', 'rate']" "ontime total keys"
run stats escalation --month 2026-12 --format json
jq_is "$out" '[(r["key"], r["resolved"], r["at_level"], r["one_up"], r["two_up"]) for r in d["rows"] if r["key"] == "OTHER"]' \
	"[('OTHER', 12, 9, 0, 3)]" "escalation: three resolved two levels up"
run stats overdue --month 2027-01 --format json
# grid-metrics(7): open at as-of and past due, wherever reported: January's one
# plus the 14 cases left open in November and the 15 in December.
jq_is "$out" 'd["total"]["overdue"], sorted(d["rows"][0])' "30 ['key', 'name', 'overdue']" "overdue: every open case past due at as-of, not only January's"
run stats overdue --month 2027-02 --format json
jq_is "$out" 'd["total"]["overdue"]' "30" "a month with no case still has the old ones overdue"
run stats overdue --month 2026-11 --format json
jq_is "$out" 'd["total"]["overdue"]' "14" "November: its 14 open cases"
run stats ontime --month 2027-01 --format json
jq_is "$out" 'd["total"]["due"], d["total"]["on_time"], d["total"]["rate"]' "1 0 0.0" "due counts the open case past due"

# ---- edges, as-of, empty periods -------------------------------------------
run stats closure --month 2027-01 --format json
jq_is "$out" 'd["total"]["found"], d["total"]["resolved"]' "2 0" "23:59:59 on the last day is in, 00:00:00 next is out; resolved after as-of is not resolved"
run stats closure --month 2027-02 --format json
jq_is "$out" 'd["total"]["found"], d["total"]["resolved"]' "1 1" "the first second of February"
run stats closure --week 2027-W04 --format json
jq_is "$out" 'd["since"], d["total"]["found"]' "2027-01-25T00:00:00+08:00 1" "week 2027-W04 ends with Sunday the 31st at 23:59:59"
run stats closure --week 2027-W05 --format json
jq_is "$out" 'd["since"], d["total"]["found"]' "2027-02-01T00:00:00+08:00 1" "week 2027-W05 starts at 00:00:00 on Monday 1 February"
run stats closure --since 2027-01-31T23:59:59 --until 2027-02-01 --format json
jq_is "$out" 'd["total"]["found"]' "1" "--since/--until: until exclusive"
run stats closure --month 2031-01 --format json
jq_is "$out" 'd["total"]["found"], d["total"]["rate"], [r["rate"] for r in d["rows"]][:2]' "0 None [None, None]" "empty period: rate null"
run stats closure --month 2031-01
like "$out" '^total +0 +0 +-$' "empty period: rate '-' in text"
run --now 2027-02-01T00:00:00 report monthly --month 2027-01 --format json
first=$out
run --now 2030-06-01 report monthly --month 2027-01 --format json
is "$out" "$first" "a report re-run later reads the same (as-of rule)"
run --now 2027-01-20T12:00 stats closure --month 2027-01 --format json
jq_is "$out" 'd["as_of"], d["total"]["found"]' "2027-01-20T12:00:00+08:00 1" "mid-period: as_of is now; a case reported after it is not counted"

# ---- rank --------------------------------------------------------------------
run rank --month 2026-12 --format json
json_ok "$out" "rank json"
jq_is "$out" 'd["level"], [(r["rank"], r["unit"], r["score"] is None) for r in d["rows"]]' \
	"community [(1, '410102001001', False), (2, '410102001002', False), (3, '410102001003', True)]" \
	"rank: by score, no data last"
jq_is "$out" 'sorted(d["rows"][0])' \
	"['closure_rate', 'diary_compliance', 'name', 'on_time_rate', 'rank', 'score', 'unit', 'visit_rate']" "rank row keys"
jq_is "$out" 'round(d["rows"][1]["score"], 6), round(d["rows"][1]["on_time_rate"], 6)' "0.793651 0.666667" \
	"score rescaled over closure and on-time: (0.4*8/9 + 0.3*6/9)/0.7"
run rank --month 2026-12 --format csv
y=$out
run rank --year 2026 --format json
a=$out
run rank --since 2026-01-01 --until 2027-01-01 --format json
is "$a" "$out" "rank --year 2026: the ranking of January 1 to the next January 1"
run rank --quarter 2026-Q4 --format json
a=$out
run rank --since 2026-10-01 --until 2027-01-01 --format json
is "$a" "$out" "rank --quarter 2026-Q4: October 1 to January 1"
run stats closure --year 2026 --month 2026-12
is "$status" 2 "two periods at once: exit 2"
one_error "two periods"
run stats closure --quarter 2026-Q5
is "$status:$err" "2:grid: stats closure: malformed quarter '2026-Q5'; use YYYY-QN, e.g. 2026-Q2" \
	"a malformed quarter: exit 2, the form to use"
run rank --month 2026-12 --format csv
is "$out" "$y" "the month's ranking is as before"
like "$out" '^rank,unit,name,score,closure_rate,on_time_rate,visit_rate,diary_compliance' "rank csv header"
run rank --month 2026-12 --level grid --under 410102001002 --format json
jq_is "$out" '[r["unit"] for r in d["rows"]]' "['410102001002001']" "rank --level --under"
run rank --month 2026-12 --level village
is "$status" 4 "rank: unknown level exit 4"
one_error "unknown level"
run rank --month 2026-12 --level street --under 410102001001
is "$status" 2 "rank: a level above the scope: exit 2"
like "$err" "^grid: no units of level 'street' under '410102001001'" "rank: the message says why"
is "$out" "" "rank: nothing on stdout"
run stats closure --month 2026-12 --by unit --unit 410102001001001 --format csv
is "$(printf '%s\n' "$out" | tr -d '\r' | sed -n 2p)" "410102001001001,龙源社区第1网格,796,782,0.982412" "stats --by unit on a leaf: its own row"

# ---- errors --------------------------------------------------------------------
run stats closure --month 2026-13
is "$status" 2 "malformed month: exit 2"
one_error "malformed month"
run stats closure --week 2026-W60
is "$status" 2 "malformed week: exit 2"
run stats closure --month 2026-11 --week 2026-W48
is "$status" 2 "two periods: exit 2"
run stats closure --by person
is "$status" 2 "--by person: exit 2"
one_error "--by person"
run stats closure --unit 999
is "$status" 4 "unknown unit: exit 4"
is "$err" "grid: unknown unit '999'" "unknown unit message"
run stats closure --since 2026-11-01
is "$status" 2 "--since without --until: exit 2"
run report monthly --week 2026-W48
is "$status" 2 "report monthly takes no --week"
run report weekly --format csv
is "$status" 2 "report: csv is not a report format"
is "$(db_checksum)" "$sum_before" "reading commands leave the database unchanged"

# ---- report ------------------------------------------------------------------------
run report monthly --month 2026-12
is "$status" 0 "report monthly text"
like "$out" '^Grid management notice$' "text notice: the generic title with no notice settings"
like "$out" '^No\. 12 of 2026 \(Monthly notice\)$' "text notice: numbered by month in the year"
like "$out" '^period: +2026-12-01 to 12-31$' "text notice: the period's first and last day"
unlike "$out" 'ILLEGAL_|410102001001' "text notice: categories and units by name, no codes"
like "$out" '^FOUND: +805$' "text totals: found"
like "$out" '^RESOLVED: +790$' "text totals: resolved"
like "$out" '^CLOSURE RATE: +98\.14%$' "text totals: the closure rate of the seed's totals"
run report monthly --month 2027-01 --format md
like "$out" '^\| 1 \| 龙源社区 \|' "md ranking table: rank and name, the code left to JSON"
like "$out" '&lt;script&gt;alert\("x"\)&lt;/script&gt; &amp; 罐 \\\| \\\*' "md escapes the title: & < > as entities, | and * with a backslash"
unlike "$out" ' & 罐' "md: no raw ampersand"
run report monthly --month 2026-12 --format html
html=$out
is "$status" 0 "report html"
printf '%s' "$html" | python3 -c '
import sys, xml.etree.ElementTree as ET
from html.parser import HTMLParser
text = sys.stdin.read()
ET.fromstring(text.split("\n", 1)[1])  # well-formed once the doctype is off
class P(HTMLParser):
    void = {"meta", "br", "img", "rect", "hr", "link", "input"}
    def __init__(s):
        super().__init__(); s.stack = []
    def handle_starttag(s, t, a):
        if t not in s.void: s.stack.append(t)
    def handle_startendtag(s, t, a): pass
    def handle_endtag(s, t):
        assert s.stack and s.stack.pop() == t, t
p = P(); p.feed(text); p.close()
assert not p.stack, p.stack
'
is "$?" 0 "html is well-formed (xml.etree and a tag balance check)"
like "$html" '@page \{ size: A4' "html: printable A4"
like "$html" '<svg xmlns="http://www.w3.org/2000/svg"' "html: inline SVG charts"
unlike "$html" '(src|href)=|<script|<link' "html: no external assets, no script"
like "$html" '&lt;b&gt;&amp;&quot;社区&#39;' "html: unit names escaped"
run report monthly --month 2027-01 --format html
like "$out" '&lt;script&gt;alert\(&quot;x&quot;\)&lt;/script&gt; &amp; 罐' "html: titles escaped"
unlike "$out" '<script>' "html: no raw script"
run report monthly --month 2026-12 --format html
is "$out" "$html" "the same run twice: identical output"
run report weekly --week 2027-W01 --format json
jq_is "$out" 'd["kind"], d["period"], len(d["overdue"]), [(o["id"], o["unit"], o["category"]) for o in d["overdue"]][-1]' \
	"weekly 2027-W01 30 (1602, '410102001002001', 'WORK_SAFETY')" "report json: the overdue list holds the old open cases too"
jq_is "$out" '[o["due_at"] for o in d["overdue"]] == sorted(o["due_at"] for o in d["overdue"])' "True" "most overdue first"
jq_is "$out" 'sorted(d)' "['as_of', 'categories', 'header', 'kind', 'level', 'opening', 'overdue', 'overdue_more', 'period', 'previous', 'ranking', 'since', 'total', 'unit', 'unit_name', 'units', 'until']" "report json keys"
jq_is "$out" '[(k, d["total"][k]) for k in ("households", "visited", "visit_rate", "expected", "written", "diary_compliance")]' \
	"[('households', 0), ('visited', 0), ('visit_rate', None), ('expected', 0), ('written', 0), ('diary_compliance', None)]" \
	"report totals: visit rate and diary compliance with their counts"
jq_is "$out" '[(u["key"], u["found"], u["overdue"]) for u in d["units"]]' "[('410102', 1, 30)]" "report: by unit, the top units without --unit"
run report monthly --month 2026-12 --unit 410102001 --format json
jq_is "$out" '[(u["key"], u["found"], u["resolved"]) for u in d["units"]]' \
	"[('410102001001', 796, 782), ('410102001002', 9, 8), ('410102001003', 0, 0)]" "report: by unit, one row per child of the scope"
run report monthly --month 2026-12 --unit 410102001
like "$out" '^By unit$' "text report: a By unit section"
run report weekly --format json
jq_is "$out" 'd["period"], d["since"]' "2027-W08 2027-02-22T00:00:00+08:00" "no period: the last complete week"
run report monthly --format json
jq_is "$out" 'd["period"]' "2027-02" "no period: the last complete month"

# ---- the same through grid import, grid issue import and grid case -------
export GRID_DB="$(db_new real)"
unset GRID_NOW
run init
run import "$SRCDIR/examples/street.yaml"
is "$status" 0 "import the example street"
g=410102011001001
# December's ledger, migrated from paper: the article's rows plus 9 OTHER
# cases, 805 found and 790 resolved.
python3 - "$g" >"$T/ledger.csv" <<'PY'
import sys
g = sys.argv[1]
print("ref,unit,category,title,reported_at,status,accepted_at,resolved_at,closed_at")
counts = [("ILLEGAL_PRODUCTION", 36, 36), ("ILLEGAL_BUSINESS", 220, 219), ("ILLEGAL_CONSTRUCTION", 181, 171),
          ("WORK_SAFETY", 209, 207), ("PETITION_STABILITY", 145, 144), ("GRASSROOTS_ORG", 1, 1), ("OTHER", 13, 12)]
n = 0
for code, f, r in counts:
    for k in range(f):
        n += 1
        d = "2026-12-%02d" % (1 + k % 28)
        if k < r:
            print("L%04d,%s,%s,t%d,%sT09:00,closed,%sT10:00,%sT11:00,%sT12:00" % (n, g, code, n, d, d, d, d))
        else:
            print("L%04d,%s,%s,t%d,%sT09:00,accepted,%sT10:00,," % (n, g, code, n, d, d))
PY
run --now 2027-01-05 issue import "$T/ledger.csv"
is "$status" 0 "grid issue import of the ledger"
run --now 2027-01-05 stats closure --month 2026-12
like "$out" '^total +805 +790 +98\.14%$' "imported ledger: 805/790 prints 98.14%"
like "$out" '^ILLEGAL_CONSTRUCTION +非法建设 +181 +171 +94\.48%$' "imported ledger: a category row"

# November through the case commands, each at its own time.
add() { "$GRID" --now "$1" issue add --unit $g --category WORK_SAFETY --title "case $1" --at "$1"; }
c() {
	n=$1
	shift
	"$GRID" --now "$n" case "$@" >/dev/null 2>"$T/stderr" || echo "case $* at $n failed" >&2
}
# 1: resolved, reopened, resolved again after its due time, closed.
i1=$(add 2026-11-02T09:00)
c 2026-11-02T10:00 accept "$i1"; c 2026-11-02T11:00 assign "$i1" --to D03; c 2026-11-02T12:00 resolve "$i1"
c 2026-11-02T13:00 reopen "$i1" --note redo; c 2026-11-04T12:00 resolve "$i1"; c 2026-11-05T00:00 close "$i1"
# 2: escalated twice, to the street, resolved there in time.
i2=$(add 2026-11-03T09:00)
c 2026-11-03T10:00 accept "$i2"; c 2026-11-03T11:00 escalate "$i2"; c 2026-11-03T12:00 escalate "$i2"
c 2026-11-03T12:30 assign "$i2" --to D03; c 2026-11-03T13:00 resolve "$i2"
# 3: accepted, never handled: overdue.  4: rejected.
i3=$(add 2026-11-10T09:00); c 2026-11-10T10:00 accept "$i3"
i4=$(add 2026-11-11T09:00); c 2026-11-11T10:00 reject "$i4" --note duplicate
# 5: the month's last second, accepted only in December.
i5=$(add 2026-11-30T23:59:59); c 2026-12-01T08:00 accept "$i5"
# 6: assigned, past due at the month's end, resolved in December.
i6=$(add 2026-11-20T09:00)
c 2026-11-20T10:00 accept "$i6"; c 2026-11-20T11:00 assign "$i6" --to D03; c 2026-12-02T10:00 resolve "$i6"
# 7: December's first second.
add 2026-12-01T00:00 >/dev/null
for now in 2026-12-01T00:00 2027-06-01; do
	all=
	for m in closure ontime rework escalation overdue; do
		run --now $now stats $m --month 2026-11 --format json
		all="$all $(printf '%s' "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin)["total"]; print(" ".join("%s=%s" % (k, d[k]) for k in d if k != "rate"))')"
	done
	is "$all" " found=5 resolved=2 due=4 on_time=1 resolved=2 reopened=1 resolved=2 at_level=1 one_up=0 two_up=1 overdue=2" \
		"case commands, November as of $now: every measure by hand"
done

# ---- an empty database: every verb prints empty tables ----------------------
export GRID_DB="$(db_new empty)"
run init
for f in text json md html; do
	run report monthly --month 2026-11 --format $f
	is "$status" 0 "empty database: report monthly --format $f"
done
like "$err" "warning: no ranking: unknown level 'community'" "empty database: the notice says why it has no ranking"
run rank --month 2026-11 --level grid
is "$status" 4 "empty database: rank of an unknown level"
run stats closure --month 2026-11 --format json
jq_is "$out" 'd["rows"], d["total"]' "[] {'found': 0, 'resolved': 0, 'rate': None}" "empty database: stats closure"

# ---- a long overdue list: the notice lists the 100 most overdue ---------------------
export GRID_DB="$(db_new many)" GRID_NOW=2027-03-01
run init
python3 - <<'PY' >"$T/seed.sql"
import datetime
tz = datetime.timezone(datetime.timedelta(hours=8))
t0 = int(datetime.datetime(2026, 12, 1, 9, 0, tzinfo=tz).timestamp())
def lit(v): return "NULL" if v is None else str(v) if isinstance(v, int) else "'" + v.replace("'", "''") + "'"
class DB:
    def executescript(self, sql): print(sql)
    def execute(self, sql, args):
        print(sql.replace("?", "%s") % tuple(lit(a) for a in args) + ";")
db = DB()
print("BEGIN;")
db.executescript("""
INSERT INTO level (depth, name) VALUES (0,'street'),(1,'community');
INSERT INTO category (id, code, name, deadline_hours) VALUES (1,'OTHER','其它',24);
INSERT INTO unit (id, code, name, depth, parent_id, lft, rgt) VALUES (1,'S','街道',0,NULL,1,4),(2,'C','社区',1,1,2,3);
""")
for i in range(1, 106):
    t = t0 + i * 60   # issue 1 is the most overdue
    db.execute("INSERT INTO issue (id, unit_id, handling_unit_id, category_id, title, reported_at, status,"
               " accepted_at, due_at) VALUES (?,2,2,1,?,?,'accepted',?,?)", (i, 'case %d' % i, t, t, t + 86400))
    db.execute("INSERT INTO event (issue_id, at, action, to_status, handling_unit_id) VALUES (?,?,'report','reported',2)", (i, t))
    db.execute("INSERT INTO event (issue_id, at, action, from_status, to_status, handling_unit_id, due_at)"
               " VALUES (?,?,'accept','reported','accepted',2,?)", (i, t, t + 86400))
print("COMMIT;")
PY
db_sql <"$T/seed.sql" >/dev/null
db_analyze
run report monthly --month 2026-12 --format json
jq_is "$out" 'len(d["overdue"]), d["overdue_more"], d["total"]["overdue"], d["overdue"][0]["id"], d["overdue"][99]["id"]' \
	"100 5 105 1 100" "the notice lists the 100 most overdue and counts the rest"
run report monthly --month 2026-12
like "$out" "and 5 more: grid issue list --overdue" "the text notice says how many more and where to find them"
run report monthly --month 2026-12 --format html
like "$out" "and 5 more" "the HTML notice says how many more"

finish
