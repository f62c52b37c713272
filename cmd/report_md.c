/* grid report --format md: the notice as GitHub Markdown. */
#include "report_render.h"

/* GitHub Markdown reads entities and inline HTML in table cells: &, < and
 * > become entities (so "&amp;" stays as typed), | and \ are escaped as
 * are the marks of emphasis, code and links. */
static void md_text(const char *s)
{
	for (; *s; s++) {
		if (*s == '&')
			fputs("&amp;", stdout);
		else if (*s == '<')
			fputs("&lt;", stdout);
		else if (*s == '>')
			fputs("&gt;", stdout);
		else {
			if (*s == '|' || *s == '\\' || *s == '*' || *s == '_' || *s == '`' || *s == '[')
				fputc('\\', stdout);
			fputc(*s == '\n' || *s == '\r' || *s == '\t' ? ' ' : *s, stdout);
		}
	}
}

/* Table T under a heading of LEVEL ("##", or "###" within a section). */
static void md_table(const struct notice_table *t, const char *level)
{
	char buf[4096];
	size_t r, i;

	printf("\n%s ", level);
	md_text(_(t->title));
	printf("\n\n|");
	for (i = 0; i < t->ncols; i++)
		if (notice_col_shown(&t->cols[i])) {
			fputc(' ', stdout);
			md_text(_(t->cols[i].title));
			fputs(" |", stdout);
		}
	printf("\n|");
	for (i = 0; i < t->ncols; i++)
		if (notice_col_shown(&t->cols[i]))
			fputs(out_type_numeric(t->cols[i].type) ? " ---: |" : " --- |", stdout);
	fputc('\n', stdout);
	for (r = 0; r < t->nrows; r++) {
		fputc('|', stdout);
		for (i = 0; i < t->ncols; i++)
			if (notice_col_shown(&t->cols[i])) {
				fputc(' ', stdout);
				md_text(out_text_cell(&t->cols[i], &t->vals[r * t->ncols + i], buf, sizeof(buf)));
				fputs(" |", stdout);
			}
		fputc('\n', stdout);
	}
	if (t->nrows == 0)
		printf("\n%s\n", _("(none)"));
}

/* The totals as a table of label/value pairs. */
static void md_totals(const struct notice_table *t)
{
	char buf[64];
	size_t i;

	printf("\n## ");
	md_text(_(t->title));
	printf("\n\n| | |\n| --- | ---: |\n");
	for (i = 0; t->nrows && i < t->ncols; i++) {
		fputs("| ", stdout);
		md_text(_(t->cols[i].title));
		fputs(" | ", stdout);
		md_text(out_text_cell(&t->cols[i], &t->vals[i], buf, sizeof(buf)));
		fputs(" |\n", stdout);
	}
}

/* The header: office, title and number; the period, scope and as-of;
 * the opening paragraph. */
static void md_head(const struct notice *n)
{
	const struct notice_prose *p = &n->prose;

	printf("# ");
	if (*p->office) {
		md_text(p->office);
		fputc(' ', stdout);
	}
	md_text(p->title);
	printf("\n\n**");
	md_text(p->number);
	printf("**\n\n- %s: ", _("period"));
	md_text(p->period);
	printf("\n- %s: ", _("scope"));
	md_text(p->scope);
	printf("\n- %s: %s\n\n", _("as of"), p->as_of);
	md_text(p->opening);
	fputc('\n', stdout);
}

/* Table T of the year's work under its heading, after its paragraph P. */
static void md_year(const struct notice *n, size_t t, const char *p)
{
	if (!p)
		return;
	printf("\n## ");
	md_text(_(n->tables[t].title));
	printf("\n\n");
	md_text(p);
	fputc('\n', stdout);
	md_table(&n->tables[t], "###");
}

int report_md(const struct notice *n)
{
	const struct notice_prose *p = &n->prose;
	size_t i;

	md_head(n);
	md_totals(&n->tables[T_TOTALS]);
	for (i = T_TOTALS + 1; i < NOTICE_BASE_TABLES; i++)
		md_table(&n->tables[i], "##");
	if (*p->more) {
		fputc('\n', stdout);
		md_text(p->more);
		fputc('\n', stdout);
	}
	md_year(n, T_TARGETS, n->year.targets);
	md_year(n, T_PROJECTS, n->year.projects);
	/* The year's evaluation: its paragraph, then its tables. */
	if (p->evaluation) {
		printf("\n## ");
		md_text(_("Yearly evaluation"));
		printf("\n\n");
		md_text(p->evaluation);
		fputc('\n', stdout);
	}
	for (i = NOTICE_EVAL_FIRST; p->evaluation && i < NTABLES; i++)
		md_table(&n->tables[i], "###");
	printf("\n---\n\n");
	if (*p->issuer) {
		md_text(p->issuer);
		printf("  \n");
	}
	printf("%s\n", p->issued);
	return EXIT_OK;
}
