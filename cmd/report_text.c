/* grid report --format text: the notice for a terminal or a plain page. */
#include "report_render.h"

/* The totals are one row of many measures: shown as label/value pairs, so
 * that the notice fits a terminal and an A4 page. */
static void totals_text(const struct notice_table *t)
{
	char buf[64];
	size_t i;

	for (i = 0; t->nrows && i < t->ncols; i++)
		out_kv(_(t->cols[i].title), out_text_cell(&t->cols[i], &t->vals[i], buf, sizeof(buf)));
}

int report_text(struct cli *c, const struct notice *n)
{
	struct notice_times tm;
	char more[96];
	size_t i, r;
	int rc = EXIT_OK;

	notice_times(n, &tm);
	printf("%s %s\n", notice_title(n), n->label);
	out_kv(_("unit"), n->report->unit ? n->report->unit : _("(all)"));
	out_kv(_("since"), tm.since);
	out_kv(_("until"), tm.until);
	out_kv(_("as of"), tm.as_of);
	printf("\n%s\n", _(n->tables[T_TOTALS].title));
	totals_text(&n->tables[T_TOTALS]);
	for (i = T_TOTALS + 1; i < NTABLES && rc == EXIT_OK; i++) {
		const struct notice_table *t = &n->tables[i];
		struct out *o;

		printf("\n%s\n", _(t->title));
		if (!(o = out_begin(c, t->cols, t->ncols)))
			return out_end(o);
		for (r = 0; r < t->nrows; r++)
			out_row(o, &t->vals[r * t->ncols]);
		rc = out_end(o);
	}
	if (notice_overdue_more(n, more, sizeof(more)))
		printf("%s\n", more);
	return rc;
}
