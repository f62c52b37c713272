# The street of examples/street.yaml for the notice's tests (t_notice.sh,
# t_print.sh); source it after lib.sh.  notice_seed DB loads into DB (grid
# init first) the example roster with its notice settings, October 2026's
# ledger, four September cases (two resolved) for the change on the
# previous month, and nine work-safety cases (due in 24 hours) accepted in
# week 2026-W45 and never resolved: the weekly notice of 2026-W45 lists
# them overdue, with the ledger's seven cases open since October.

notice_seed() {
	GRID_DB=$1 "$GRID" init >/dev/null 2>&1 &&
		GRID_DB=$1 "$GRID" -q import "$SRCDIR/examples/street.yaml" >/dev/null &&
		GRID_DB=$1 "$GRID" -q --now 2026-11-01T08:00 issue import "$SRCDIR/examples/ledger-2026-10.csv" >/dev/null ||
		return 1
	for i in 1 2 3 4; do
		id=$(GRID_DB=$1 "$GRID" --now "2026-09-0${i}T09:00" issue add --unit "41010201100${i}001" \
			--category OTHER --title "九月问题$i" --reported-by P038 --accept) || return 1
		if [ "$i" -le 2 ]; then
			GRID_DB=$1 "$GRID" -q --now "2026-09-0${i}T14:00" case assign "$id" --to P038 >/dev/null &&
				GRID_DB=$1 "$GRID" -q --now "2026-09-0${i}T15:00" --as P038 case resolve "$id" --note 已处理 >/dev/null ||
				return 1
		fi
	done
	# Long names and titles: the overdue table must keep them readable.
	for i in 1 2 3 4 5 6 7 8 9; do
		GRID_DB=$1 "$GRID" -q --now "2026-11-0$((2 + (i - 1) % 6))T08:3$i" issue add \
			--unit "4101020110$(printf %02d "$i")002" --category WORK_SAFETY \
			--title "楼顶私搭乱建彩钢房第${i}处，占用消防通道并遮挡邻居采光" \
			--reported-by P038 --accept >/dev/null || return 1
	done
}
