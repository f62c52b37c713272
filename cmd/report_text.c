/* grid report --format text: the notice for a terminal or a plain page. */
#include <stdlib.h>

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

/* More columns than any table of the notice has. */
#define MAX_COLS 24

/* A table with the columns notice_col_shown keeps. */
static int table_text(struct cli *c, const struct notice_table *t)
{
	struct out_col cols[MAX_COLS];
	struct out_val row[MAX_COLS];
	size_t keep[MAX_COLS], n = 0, r, i;
	struct out *o;

	for (i = 0; i < t->ncols && n < MAX_COLS; i++)
		if (notice_col_shown(&t->cols[i])) {
			keep[n] = i;
			cols[n++] = t->cols[i];
		}
	if (!(o = out_begin(c, cols, n)))
		return out_end(o);
	for (r = 0; r < t->nrows; r++) {
		for (i = 0; i < n; i++)
			row[i] = t->vals[r * t->ncols + keep[i]];
		out_row(o, row);
	}
	return out_end(o);
}

/* The header: office, title, number; then the period, scope and as-of. */
static void head_text(const struct notice *n)
{
	const struct notice_prose *p = &n->prose;

	if (*p->office)
		printf("%s\n", p->office);
	printf("%s\n%s\n\n", p->title, p->number);
	out_kv(_("period"), p->period);
	out_kv(_("scope"), p->scope);
	out_kv(_("as of"), p->as_of);
	printf("\n%s\n", p->opening);
}

/* Tables FIRST up to END, each under its title. */
static int tables_text(struct cli *c, const struct notice *n, size_t first, size_t end)
{
	int rc = EXIT_OK;

	for (; first < end && rc == EXIT_OK; first++) {
		printf("\n%s\n", _(n->tables[first].title));
		rc = table_text(c, &n->tables[first]);
	}
	return rc;
}

/* Table T of the year's work under its title, after its paragraph P. */
static int year_text(struct cli *c, const struct notice *n, size_t t, const char *p)
{
	if (!p)
		return EXIT_OK;
	printf("\n%s\n%s\n", _(n->tables[t].title), p);
	return table_text(c, &n->tables[t]);
}

int report_text(struct cli *c, const struct notice *n)
{
	const struct notice_prose *p = &n->prose;
	int rc;

	head_text(n);
	printf("\n%s\n", _(n->tables[T_TOTALS].title));
	totals_text(&n->tables[T_TOTALS]);
	rc = tables_text(c, n, T_TOTALS + 1, NOTICE_BASE_TABLES);
	if (*p->more)
		printf("%s\n", p->more);
	if (rc == EXIT_OK)
		rc = year_text(c, n, T_TARGETS, n->year.targets);
	if (rc == EXIT_OK)
		rc = year_text(c, n, T_PROJECTS, n->year.projects);
	/* The year's evaluation: its paragraph, then its tables. */
	if (rc == EXIT_OK && p->evaluation) {
		printf("\n%s\n%s\n", _("Yearly evaluation"), p->evaluation);
		rc = tables_text(c, n, NOTICE_EVAL_FIRST, NTABLES);
	}
	printf("\n");
	if (*p->issuer)
		printf("%s\n", p->issuer);
	printf("%s\n", p->issued);
	return rc;
}
