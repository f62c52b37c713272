#!/bin/sh
# make demo: a fresh database, the example street office (examples/street.yaml),
# October 2026 as the office lived it — a paper ledger migrated from CSV, household
# visits, duty diaries, and a few cases moved through the workflow by hand — then
# the monthly notice.  Every step pins the clock with --now, so the output is the
# same on every run.
set -eu
grid=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
work=${DEMO_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/grid-demo-XXXXXX")}
export GRID_DB="$work/demo.db" TZ=Asia/Shanghai
unset GRID_ACTOR GRID_NOW
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "grid init            # the OS user becomes the first admin"
"$grid" init

step "grid import examples/street.yaml"
"$grid" import "$here/street.yaml"

step "grid unit tree 410102011001     # one community and its four grids"
"$grid" unit tree 410102011001

step "grid who 410102011001003        # for any place, who answers for it"
"$grid" who 410102011001003

step "grid issue import examples/ledger-2026-10.csv   # October's paper ledger (台账)"
"$grid" --now 2026-11-01T08:00 issue import "$here/ledger-2026-10.csv"

step "grid visit import -             # October's household visits (入户)"
python3 "$here/visits.py" "$here/street.yaml" 2026-10 | "$grid" --now 2026-11-01T08:00 visit import -

step "grid log add …                  # each grid head's duty diary (民情日志), per grid, most working days"
n=0
# One diary per grid-head post: a head of two grids keeps one for each.
"$grid" person list --role grid_head --format tsv | awk -F'\t' 'NR > 1 { print $1 }' >"$work/heads"
while read -r head; do
	for unit in $("$grid" person show "$head" --format json | python3 -c \
		'import json,sys; print(" ".join(a["unit"] for a in json.load(sys.stdin)["assignments"] if a["duty"] == "grid_head"))'); do
		for day in 01 02 05 06 07 08 09 12 13 14 15 16 19 20 21 22 23 26 27 28 29 30; do
			# Every post misses some days; how many depends on the unit.
			h=$(printf '%s%s' "$unit" "$day" | cksum | cut -d' ' -f1)
			[ $((h % (5 + ${#head} % 3 + ${unit#"${unit%?}"}))) -eq 0 ] && continue
			"$grid" --now "2026-10-${day}T18:00" --as "$head" -q log add --unit "$unit" \
				--text "走访居民，排查安全隐患，处理邻里纠纷" --date "2026-10-$day" >/dev/null
			n=$((n + 1))
		done
	done
done <"$work/heads"
rm -f "$work/heads"
echo "$n diary entries"

step "a case by hand: report → accept → assign → resolve → close"
id=$("$grid" --now 2026-10-28T09:10 --as P038 issue add --unit 410102011001001 \
	--category WORK_SAFETY --title "消防通道堵塞" --location "3号楼东侧")
echo "reported issue $id"
"$grid" --now 2026-10-28T09:30 case accept "$id" --note "属实，立案"
"$grid" --now 2026-10-28T09:40 case assign "$id" --to P038
"$grid" --now 2026-10-28T15:00 --as P038 case resolve "$id" --note "已联系物业清理"
"$grid" --now 2026-10-29T10:00 case close "$id" --note "核查通过，结案"
"$grid" issue show "$id"

step "an overdue case goes up a level: grid case sweep (cron)"
id2=$("$grid" --now 2026-10-27T10:00 issue add --unit 410102011001001 \
	--category ILLEGAL_CONSTRUCTION --title "楼顶私搭乱建" --reported-by P038 --accept)
echo "reported and accepted issue $id2, due in 48 hours"
"$grid" --now 2026-10-31T08:00 case sweep
"$grid" --now 2026-10-31T08:01 case sweep

step "grid stats closure --month 2026-10"
"$grid" --now 2026-11-02T09:00 stats closure --month 2026-10

step "grid rank --month 2026-10"
"$grid" --now 2026-11-02T09:00 rank --month 2026-10

step "grid report monthly --month 2026-10 --unit 410102011   # the street's notice"
"$grid" --now 2026-11-02T09:00 report monthly --month 2026-10 --unit 410102011
"$grid" --now 2026-11-02T09:00 report monthly --month 2026-10 --unit 410102011 --format html >"$work/notice-2026-10.html"

printf '\nThe printable notice: %s\nThe database: %s (try: GRID_DB=%s %s issue list)\n' \
	"$work/notice-2026-10.html" "$GRID_DB" "$GRID_DB" "$grid"
