#!/bin/sh
# grid issue export: the cases with their whole histories as JSON Lines,
# and grid issue import of that output into an empty database with the
# same roster giving back the same `issue show` of every case and the
# same reports of every period, byte for byte.  GRID_EXPORT_CASES sets
# the ledger's size (the slow suite's twin runs 100,000).
. "$(dirname "$0")/lib.sh"

cases=${GRID_EXPORT_CASES:-1000}
export GRID_NOW=2026-03-01T09:00:00+08:00
gen --scale street --roster "$T/street.yaml" --ledger "$T/ledger.csv" --cases "$cases" --year 2025
A=$(db_new a)
B=$(db_new b)
C=$(db_new c)
for db in "$A" "$B" "$C"; do
	GRID_DB=$db run init -q
	GRID_DB=$db run -q import "$T/street.yaml"
done
is "$status" 0 "three databases with the same roster"

# ---- the source: a ledger, and cases moved through the workflow -------------
export GRID_DB="$A"
run issue export
is "$status" 0 "export of a database without cases"
is "$out" "" "writes nothing"
run -q issue import "$T/ledger.csv"
is "$status" 0 "the ledger of $cases cases imported"
U=410102001001001
add() { # add REF TITLE [UNIT]: prints the new id
	"$GRID" issue add --unit "${3:-$U}" --category ILLEGAL_BUSINESS --title "$2" --ref "$1" --detail "详情
第二行" --location "某路 1 号"
}
GRID_NOW=2026-02-01T08:00:00+08:00
export GRID_NOW
w1=$(add W1 占道经营)
w2=$(add W2 占道经营再报)
w3=$("$GRID" issue add --unit $U --category ILLEGAL_BUSINESS --title 无编号的案件)
w4=$(add W4 "quote \" and \\ backslash")
step() { # step TIME ARGS...: one workflow step at TIME
	t=$1
	shift
	GRID_NOW=$t "$GRID" case "$@" >/dev/null || echo "failed: case $*" >&2
}
step 2026-02-01T09:00:00+08:00 accept "$w1" --note 受理
step 2026-02-01T09:10:00+08:00 assign "$w1" --to D02 --note 派遣
step 2026-02-01T10:00:00+08:00 escalate "$w1" --note 上报街道
step 2026-02-02T10:00:00+08:00 resolve "$w1" --note 已处置
step 2026-02-02T11:00:00+08:00 reopen "$w1" --note 返工
step 2026-02-03T11:00:00+08:00 resolve "$w1" --note 再次处置
step 2026-02-04T11:00:00+08:00 close "$w1" --note 结案
step 2026-02-01T09:30:00+08:00 reject "$w2" --note 重复 --duplicate-of "$w1"
step 2026-02-01T09:40:00+08:00 accept "$w3"
step 2026-02-05T09:40:00+08:00 accept "$w4" --note "带引号"
is "$(db_sql "SELECT count(*) FROM event WHERE note IS NOT NULL")" 9 "the workflow wrote its notes"

run issue export
is "$status" 0 "export"
"$GRID" issue export >"$T/all.jsonl"
total=$((cases + 4))
is "$(wc -l <"$T/all.jsonl" | tr -d ' ')" "$total" "one line a case"
is "$(head -c 1 "$T/all.jsonl")" "{" "JSON Lines"
json_ok "$(sed -n "${w1}p" "$T/all.jsonl")" "a line is a JSON document"
jq_is "$(sed -n "${w1}p" "$T/all.jsonl")" 'len(d["events"])' 8 "with every event of its history"
jq_is "$(sed -n "${w1}p" "$T/all.jsonl")" 'd["events"][5]["note"]' 返工 "and its notes"
jq_is "$(sed -n "${w2}p" "$T/all.jsonl")" 'd["duplicate_of"]' W1 "a duplicate names the case it repeats by its ref"

# ---- the way back -------------------------------------------------------------
export GRID_DB="$B"
run issue import "$T/all.jsonl"
is "$status" 0 "import of the export"
is "$out" "issues: $total added, 0 unchanged" "every case added"
run verify
is "$status" 0 "grid verify passes after the import"

# Every case's show, as JSON and as text (the ids came back too).
# A large ledger: every 97th case, and the last ones (a process a show).
every=1
[ "$cases" -le 2000 ] || every=97
show_all() {
	i=1
	while [ "$i" -le "$total" ]; do
		"$GRID" issue show "$i" --format json
		if [ "$i" -ge "$w1" ]; then i=$((i + 1)); else i=$((i + every)); fi
	done | md5sum
}
is "$(GRID_DB=$B show_all)" "$(GRID_DB=$A show_all)" "issue show of every case (every ${every}th): byte for byte"
for id in 1 2 "$w1" "$w2" "$w3" "$w4" "$total"; do
	is "$(GRID_DB=$B "$GRID" issue show "$id")" "$(GRID_DB=$A "$GRID" issue show "$id")" "issue show $id as text"
done
is "$(GRID_DB=$B "$GRID" issue list --format json | md5sum)" "$(GRID_DB=$A "$GRID" issue list --format json | md5sum)" \
	"issue list of every case"
same=0
for m in 2025-01 2025-02 2025-03 2025-04 2025-05 2025-06 2025-07 2025-08 2025-09 2025-10 2025-11 2025-12 2026-02; do
	for cmd in "report monthly --month $m --format json" "stats closure --month $m --format json" \
		"rank --month $m --format json"; do
		# shellcheck disable=SC2086
		a=$(GRID_DB=$A "$GRID" $cmd | md5sum)
		# shellcheck disable=SC2086
		b=$(GRID_DB=$B "$GRID" $cmd | md5sum)
		[ "$a" = "$b" ] || { same=1; echo "# differs: $cmd"; }
	done
done
is "$same" 0 "report monthly, stats closure and rank of every month: byte for byte"
GRID_DB=$B "$GRID" issue export >"$T/again.jsonl"
check "the export of the copy is the export of the source" cmp -s "$T/all.jsonl" "$T/again.jsonl"

run issue import "$T/all.jsonl"
is "$status" 0 "the same export again"
is "$out" "issues: 0 added, $total unchanged" "every case unchanged"

# ---- filters -------------------------------------------------------------------
export GRID_DB="$A"
"$GRID" issue export --unit $U >"$T/unit.jsonl"
n=$("$GRID" issue list --unit $U --format csv | tail -n +2 | wc -l | tr -d ' ')
is "$(wc -l <"$T/unit.jsonl" | tr -d ' ')" "$n" "--unit: the cases found there and below"
is "$(grep -vc "\"unit\":\"$U" "$T/unit.jsonl")" 0 "and no other"
"$GRID" issue export --since 2025-03-01 --until 2025-04-01 >"$T/march.jsonl"
n=$("$GRID" issue list --since 2025-03-01 --until 2025-04-01 --format csv | tail -n +2 | wc -l | tr -d ' ')
is "$(wc -l <"$T/march.jsonl" | tr -d ' ')" "$n" "--since/--until: the cases reported then"
run issue export --unit NOPE
is "$status" 4 "an unknown unit: exit 4"

# ---- faults: nothing written -------------------------------------------------------
export GRID_DB="$C"
before=$(db_dump | md5sum)
{ head -n 2 "$T/all.jsonl"; echo '{"ref": "X1", '; sed -n 3p "$T/all.jsonl"; } >"$T/bad.jsonl"
run issue import "$T/bad.jsonl"
is "$status" 3 "a malformed JSON line: exit 3"
like "$err" "^grid: $T/bad.jsonl:3: malformed JSON" "named FILE:LINE"
is "$(db_dump | md5sum)" "$before" "nothing written"
sed -n 1p "$T/all.jsonl" | sed 's/"unit":"[0-9]*"/"unit":"NOPE"/' >"$T/unit.jsonl"
run issue import "$T/unit.jsonl"
is "$status" 3 "an unknown unit: exit 3"
like "$err" "$T/unit.jsonl:1: key 'unit': unknown unit 'NOPE'" "named by its key"
sed -n 1p "$T/all.jsonl" | sed 's/"action":"report"/"action":"fly"/' >"$T/act.jsonl"
run issue import "$T/act.jsonl"
like "$err" "$T/act.jsonl:1: key 'events\[0\].action': unknown action 'fly'" "an event's fault names the event"
printf '\n\n' >"$T/blank.jsonl"
sed -n 1p "$T/all.jsonl" | sed 's/"title":"[^"]*"/"title":5/' >>"$T/blank.jsonl"
run issue import "$T/blank.jsonl"
like "$err" "$T/blank.jsonl:3: key 'title': not a string" "blank lines count"
is "$(db_dump | md5sum)" "$before" "still nothing written"

me=$(id -un)
db_sql "UPDATE person SET login = NULL WHERE login = '$me'; UPDATE person SET login = '$me' WHERE pid = 'P000005';"
before=$(db_dump | md5sum)
run issue import "$T/all.jsonl"
is "$status" 6 "a leader may not import: exit 6"
one_error "a leader importing"
is "$(db_dump | md5sum)" "$before" "and nothing is written"
finish
