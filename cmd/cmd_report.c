/* grid report: the weekly and monthly notice (每周梳理统计,每月排序通报).
 *
 * One document in four formats: text, JSON, GitHub Markdown, and a single
 * self-contained printable HTML page with inline SVG charts.  The same
 * data prints the same bytes: nothing depends on the clock but through
 * --now. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "measures.h"

static const struct out_col total_cols[] = {
	{ "found", N_("FOUND"), OUT_INT },
	{ "resolved", N_("RESOLVED"), OUT_INT },
	{ "closure_rate", N_("CLOSURE RATE"), OUT_RATE },
	{ "due", N_("DUE"), OUT_INT },
	{ "on_time", N_("ON TIME"), OUT_INT },
	{ "on_time_rate", N_("ON-TIME RATE"), OUT_RATE },
	{ "reopened", N_("REOPENED"), OUT_INT },
	{ "rework_rate", N_("REWORK"), OUT_RATE },
	{ "at_level", N_("AT LEVEL"), OUT_INT },
	{ "one_up", N_("ONE UP"), OUT_INT },
	{ "two_up", N_("TWO+ UP"), OUT_INT },
	{ "overdue", N_("OVERDUE"), OUT_INT },
	{ "households", N_("HOUSEHOLDS"), OUT_INT },
	{ "visited", N_("VISITED"), OUT_INT },
	{ "visit_rate", N_("VISIT RATE"), OUT_RATE },
	{ "expected", N_("EXPECTED"), OUT_INT },
	{ "written", N_("WRITTEN"), OUT_INT },
	{ "diary_compliance", N_("DIARY"), OUT_RATE },
};
#define NTOTAL (sizeof(total_cols) / sizeof(total_cols[0]))

static const struct out_col category_cols[] = {
	{ "key", N_("CATEGORY"), OUT_STR },
	{ "name", N_("NAME"), OUT_STR },
	{ "found", N_("FOUND"), OUT_INT },
	{ "resolved", N_("RESOLVED"), OUT_INT },
	{ "closure_rate", N_("CLOSURE RATE"), OUT_RATE },
	{ "due", N_("DUE"), OUT_INT },
	{ "on_time", N_("ON TIME"), OUT_INT },
	{ "on_time_rate", N_("ON-TIME RATE"), OUT_RATE },
	{ "reopened", N_("REOPENED"), OUT_INT },
	{ "overdue", N_("OVERDUE"), OUT_INT },
};
#define NCAT (sizeof(category_cols) / sizeof(category_cols[0]))

/* One row per child of the scope: the case measures of category_cols. */
static const struct out_col unit_cols[] = {
	{ "key", N_("UNIT"), OUT_STR },
	{ "name", N_("NAME"), OUT_STR },
	{ "found", N_("FOUND"), OUT_INT },
	{ "resolved", N_("RESOLVED"), OUT_INT },
	{ "closure_rate", N_("CLOSURE RATE"), OUT_RATE },
	{ "due", N_("DUE"), OUT_INT },
	{ "on_time", N_("ON TIME"), OUT_INT },
	{ "on_time_rate", N_("ON-TIME RATE"), OUT_RATE },
	{ "reopened", N_("REOPENED"), OUT_INT },
	{ "overdue", N_("OVERDUE"), OUT_INT },
};

static const struct out_col ranking_cols[] = {
	{ "rank", N_("RANK"), OUT_INT },
	{ "unit", N_("UNIT"), OUT_STR },
	{ "name", N_("NAME"), OUT_STR },
	{ "score", N_("SCORE"), OUT_RATE },
	{ "closure_rate", N_("CLOSURE RATE"), OUT_RATE },
	{ "on_time_rate", N_("ON-TIME RATE"), OUT_RATE },
	{ "visit_rate", N_("VISIT RATE"), OUT_RATE },
	{ "diary_compliance", N_("DIARY"), OUT_RATE },
	{ "found", N_("FOUND"), OUT_INT },
	{ "resolved", N_("RESOLVED"), OUT_INT },
	{ "overdue", N_("OVERDUE"), OUT_INT },
};
#define NRANK (sizeof(ranking_cols) / sizeof(ranking_cols[0]))

static const struct out_col overdue_cols[] = {
	{ "id", N_("ID"), OUT_INT },
	{ "unit", N_("UNIT"), OUT_STR },
	{ "unit_name", N_("UNIT NAME"), OUT_STR },
	{ "category", N_("CATEGORY"), OUT_STR },
	{ "title", N_("TITLE"), OUT_STR },
	{ "due_at", N_("DUE AT"), OUT_TIME },
};
#define NOVERDUE (sizeof(overdue_cols) / sizeof(overdue_cols[0]))

/* A section of the notice: a table whose strings the table owns. */
struct table {
	const char *title;
	const struct out_col *cols;
	size_t ncols;
	struct out_val *vals;
	size_t nrows, cap;
	char **strs;
	size_t nstrs, capstrs;
	int failed;
};

static const char *keep(struct table *t, const char *s)
{
	char *d;

	if (!s)
		return NULL;
	if (t->nstrs == t->capstrs) {
		size_t cap = t->capstrs ? t->capstrs * 2 : 64;
		char **v = realloc(t->strs, cap * sizeof(*v));

		if (!v) {
			t->failed = 1;
			return "";
		}
		t->strs = v;
		t->capstrs = cap;
	}
	if (!(d = strdup(s))) {
		t->failed = 1;
		return "";
	}
	return t->strs[t->nstrs++] = d;
}

/* Room for one more row; NULL when memory ran out. */
static struct out_val *add_row(struct table *t)
{
	if (t->nrows == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;
		struct out_val *v = realloc(t->vals, cap * t->ncols * sizeof(*v));

		if (!v) {
			t->failed = 1;
			return NULL;
		}
		t->vals = v;
		t->cap = cap;
	}
	return &t->vals[t->nrows++ * t->ncols];
}

static void table_free(struct table *t)
{
	size_t i;

	for (i = 0; i < t->nstrs; i++)
		free(t->strs[i]);
	free(t->strs);
	free(t->vals);
}

static void measure_row(struct out_val *v, const grid_measure *m)
{
	v[0] = out_int(m->found);
	v[1] = out_int(m->resolved);
	v[2] = out_rate(m->resolved, m->found);
	v[3] = out_int(m->due);
	v[4] = out_int(m->on_time);
	v[5] = out_rate(m->on_time, m->due);
}

static int add_category(void *ctx, const grid_stats_row *row)
{
	struct table *t = ctx;
	struct out_val *v = add_row(t);

	if (!v)
		return GRID_EFAIL;
	v[0] = out_str(keep(t, row->key));
	v[1] = out_str(keep(t, row->name));
	measure_row(v + 2, &row->m);
	v[8] = out_int(row->m.reopened);
	v[9] = out_int(row->m.overdue);
	return 0;
}

static int add_rank(void *ctx, const grid_rank_row *r)
{
	struct table *t = ctx;
	struct out_val *v = add_row(t);

	if (!v)
		return GRID_EFAIL;
	rank_vals(r, v);
	v[1] = out_str(keep(t, r->unit));
	v[2] = out_str(keep(t, r->name));
	v[8] = out_int(r->m.found);
	v[9] = out_int(r->m.resolved);
	v[10] = out_int(r->m.overdue);
	return 0;
}

/* A printed notice lists the most overdue cases only (the library gives
 * them oldest due first); `grid issue list --overdue` has them all. */
#define OVERDUE_SHOWN 100
#define OVERDUE_STOP 1

static int add_overdue(void *ctx, const grid_overdue *o)
{
	struct table *t = ctx;
	struct out_val *v;

	if (t->nrows >= OVERDUE_SHOWN)
		return OVERDUE_STOP;
	if (!(v = add_row(t)))
		return GRID_EFAIL;
	v[0] = out_int(o->id);
	v[1] = out_str(keep(t, o->unit));
	v[2] = out_str(keep(t, o->unit_name));
	v[3] = out_str(keep(t, o->category));
	v[4] = out_str(keep(t, o->title));
	v[5] = out_time(o->due_at, 1);
	return 0;
}

/* The sections, in the order of cli.md: totals, by category, by unit,
 * ranking, overdue list. */
enum { T_TOTALS, T_CATEGORIES, T_UNITS, T_RANKING, T_OVERDUE, NTABLES };

struct notice {
	int weekly;
	char label[32];          /* 2026-W48 or 2026-11 */
	const char *unit;
	char *level;
	grid_period period;
	struct table tables[NTABLES];
	int64_t overdue_more;    /* overdue cases past the OVERDUE_SHOWN listed */
};

/* The line under a cut overdue list, or NULL when the list is whole. */
static const char *overdue_more_line(const struct notice *n, char *buf, size_t size)
{
	if (n->overdue_more <= 0)
		return NULL;
	snprintf(buf, size, _("… and %lld more: grid issue list --overdue"), (long long)n->overdue_more);
	return buf;
}

/* ---- text --------------------------------------------------------------- */

/* The totals are one row of many measures: shown as label/value pairs, so
 * that the notice fits a terminal and an A4 page. */
static void totals_text(const struct table *t)
{
	char buf[64];
	size_t i;

	for (i = 0; t->nrows && i < t->ncols; i++)
		out_kv(_(t->cols[i].title), out_text_cell(&t->cols[i], &t->vals[i], buf, sizeof(buf)));
}

static int print_text(struct cli *c, struct notice *n)
{
	char since[40], until[40], asof[40], more[96];
	size_t i, r;
	int rc = EXIT_OK;

	grid_time_format(since, sizeof(since), n->period.since);
	grid_time_format(until, sizeof(until), n->period.until);
	grid_time_format(asof, sizeof(asof), n->period.as_of);
	printf("%s %s\n", n->weekly ? _("Weekly notice") : _("Monthly notice"), n->label);
	out_kv(_("unit"), n->unit ? n->unit : _("(all)"));
	out_kv(_("since"), since);
	out_kv(_("until"), until);
	out_kv(_("as of"), asof);
	printf("\n%s\n", _(n->tables[T_TOTALS].title));
	totals_text(&n->tables[T_TOTALS]);
	for (i = T_TOTALS + 1; i < NTABLES && rc == EXIT_OK; i++) {
		struct table *t = &n->tables[i];
		struct out *o;

		printf("\n%s\n", _(t->title));
		if (!(o = out_begin(c, t->cols, t->ncols)))
			return out_end(o);
		for (r = 0; r < t->nrows; r++)
			out_row(o, &t->vals[r * t->ncols]);
		rc = out_end(o);
	}
	if (overdue_more_line(n, more, sizeof(more)))
		printf("%s\n", more);
	return rc;
}

/* ---- JSON --------------------------------------------------------------- */

static json_t *json_table(const struct table *t)
{
	json_t *arr = json_array();
	size_t r;

	for (r = 0; r < t->nrows; r++)
		json_array_append_new(arr, out_json_row(t->cols, t->ncols, &t->vals[r * t->ncols]));
	return arr;
}

static int print_json(struct notice *n)
{
	json_t *doc = json_object();

	json_object_set_new(doc, "kind", json_string(n->weekly ? "weekly" : "monthly"));
	json_object_set_new(doc, "period", json_string(n->label));
	measure_json_period(doc, &n->period);
	json_object_set_new(doc, "unit", n->unit ? json_string(n->unit) : json_null());
	json_object_set_new(doc, "level", json_string(n->level));
	json_object_set_new(doc, "total", out_json_row(total_cols, NTOTAL, n->tables[T_TOTALS].vals));
	json_object_set_new(doc, "categories", json_table(&n->tables[T_CATEGORIES]));
	json_object_set_new(doc, "units", json_table(&n->tables[T_UNITS]));
	json_object_set_new(doc, "ranking", json_table(&n->tables[T_RANKING]));
	json_object_set_new(doc, "overdue", json_table(&n->tables[T_OVERDUE]));
	json_object_set_new(doc, "overdue_more", json_integer(n->overdue_more > 0 ? n->overdue_more : 0));
	return out_json_dump(doc);
}

/* ---- Markdown ----------------------------------------------------------- */

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

static void md_table(const struct table *t)
{
	char buf[4096];
	size_t r, i;

	printf("\n## ");
	md_text(_(t->title));
	printf("\n\n|");
	for (i = 0; i < t->ncols; i++) {
		fputc(' ', stdout);
		md_text(_(t->cols[i].title));
		fputs(" |", stdout);
	}
	printf("\n|");
	for (i = 0; i < t->ncols; i++)
		fputs(t->cols[i].type == OUT_INT || t->cols[i].type == OUT_RATE ? " ---: |" : " --- |", stdout);
	fputc('\n', stdout);
	for (r = 0; r < t->nrows; r++) {
		fputc('|', stdout);
		for (i = 0; i < t->ncols; i++) {
			fputc(' ', stdout);
			md_text(out_text_cell(&t->cols[i], &t->vals[r * t->ncols + i], buf, sizeof(buf)));
			fputs(" |", stdout);
		}
		fputc('\n', stdout);
	}
	if (t->nrows == 0)
		printf("\n%s\n", _("(none)"));
}

static void md_totals(const struct table *t)
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

static int print_md(struct notice *n)
{
	char since[40], until[40], asof[40], more[96];
	size_t i;

	grid_time_format(since, sizeof(since), n->period.since);
	grid_time_format(until, sizeof(until), n->period.until);
	grid_time_format(asof, sizeof(asof), n->period.as_of);
	printf("# %s %s\n\n", n->weekly ? _("Weekly notice") : _("Monthly notice"), n->label);
	printf("- %s: ", _("unit"));
	md_text(n->unit ? n->unit : _("(all)"));
	printf("\n- %s: %s\n- %s: %s\n- %s: %s\n", _("since"), since, _("until"), until, _("as of"), asof);
	md_totals(&n->tables[T_TOTALS]);
	for (i = T_TOTALS + 1; i < NTABLES; i++)
		md_table(&n->tables[i]);
	if (overdue_more_line(n, more, sizeof(more))) {
		fputc('\n', stdout);
		md_text(more);
		fputc('\n', stdout);
	}
	return EXIT_OK;
}

/* ---- HTML --------------------------------------------------------------- */

static void html_text(const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&':
			fputs("&amp;", stdout);
			break;
		case '<':
			fputs("&lt;", stdout);
			break;
		case '>':
			fputs("&gt;", stdout);
			break;
		case '"':
			fputs("&quot;", stdout);
			break;
		case '\'':
			fputs("&#39;", stdout);
			break;
		default:
			fputc(*s, stdout);
		}
	}
}

static void html_table(const struct table *t)
{
	char buf[4096];
	size_t r, i;

	printf("<table>\n<thead><tr>");
	for (i = 0; i < t->ncols; i++) {
		printf("<th>");
		html_text(_(t->cols[i].title));
		printf("</th>");
	}
	printf("</tr></thead>\n<tbody>\n");
	for (r = 0; r < t->nrows; r++) {
		printf("<tr>");
		for (i = 0; i < t->ncols; i++) {
			int num = t->cols[i].type == OUT_INT || t->cols[i].type == OUT_RATE;

			printf(num ? "<td class=\"n\">" : "<td>");
			html_text(out_text_cell(&t->cols[i], &t->vals[r * t->ncols + i], buf, sizeof(buf)));
			printf("</td>");
		}
		printf("</tr>\n");
	}
	if (t->nrows == 0) {
		printf("<tr><td colspan=\"%zu\">", t->ncols);
		html_text(_("(none)"));
		printf("</td></tr>\n");
	}
	printf("</tbody>\n</table>\n");
}

#define TOTALS_PER_ROW 3

/* Label/value pairs, three to a row. */
static void html_totals(const struct table *t)
{
	char buf[64];
	size_t i;

	printf("<table class=\"totals\">\n<tbody>\n");
	for (i = 0; t->nrows && i < t->ncols; i++) {
		if (i % TOTALS_PER_ROW == 0)
			printf("<tr>");
		printf("<th>");
		html_text(_(t->cols[i].title));
		printf("</th><td class=\"n\">");
		html_text(out_text_cell(&t->cols[i], &t->vals[i], buf, sizeof(buf)));
		printf("</td>");
		if (i % TOTALS_PER_ROW == TOTALS_PER_ROW - 1 || i + 1 == t->ncols)
			printf("</tr>\n");
	}
	printf("</tbody>\n</table>\n");
}

#define CHART_W 640
#define LABEL_W 200
#define BAR_H 12

/* Found and resolved per category: two bars each, scaled to the largest. */
static void svg_categories(const struct table *t)
{
	long long max = 1;
	size_t r;
	int h = (int)t->nrows * (2 * BAR_H + 10) + 30;

	for (r = 0; r < t->nrows; r++)
		if (t->vals[r * t->ncols + 2].i > max)
			max = t->vals[r * t->ncols + 2].i;
	printf("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\">\n",
		CHART_W, h, CHART_W, h);
	printf("<title>");
	html_text(_("Found and resolved by category"));
	printf("</title>\n");
	printf("<rect x=\"%d\" y=\"4\" width=\"10\" height=\"10\" class=\"found\"/><text x=\"%d\" y=\"13\">", LABEL_W, LABEL_W + 14);
	html_text(_("found"));
	printf("</text><rect x=\"%d\" y=\"4\" width=\"10\" height=\"10\" class=\"resolved\"/><text x=\"%d\" y=\"13\">",
		LABEL_W + 110, LABEL_W + 124);
	html_text(_("resolved"));
	printf("</text>\n");
	for (r = 0; r < t->nrows; r++) {
		const struct out_val *v = &t->vals[r * t->ncols];
		int y = 24 + (int)r * (2 * BAR_H + 10);
		int span = CHART_W - LABEL_W - 60;
		int wf = (int)(v[2].i * span / max), wr = (int)(v[3].i * span / max);

		printf("<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", LABEL_W - 6, y + BAR_H + 4);
		html_text(v[1].s);
		printf("</text>\n<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" class=\"found\"/>"
		       "<text x=\"%d\" y=\"%d\">%lld</text>\n",
			LABEL_W, y, wf, BAR_H, LABEL_W + wf + 4, y + BAR_H - 2, v[2].i);
		printf("<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" class=\"resolved\"/>"
		       "<text x=\"%d\" y=\"%d\">%lld</text>\n",
			LABEL_W, y + BAR_H, wr, BAR_H, LABEL_W + wr + 4, y + 2 * BAR_H - 2, v[3].i);
	}
	printf("</svg>\n");
}

/* The ranking: one bar per unit, its score out of 100%. */
static void svg_ranking(const struct table *t)
{
	char buf[32];
	size_t r;
	int h = (int)t->nrows * (BAR_H + 8) + 10;

	printf("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\">\n",
		CHART_W, h, CHART_W, h);
	printf("<title>");
	html_text(_("Score by unit"));
	printf("</title>\n");
	for (r = 0; r < t->nrows; r++) {
		const struct out_val *v = &t->vals[r * t->ncols];
		int y = 6 + (int)r * (BAR_H + 8);
		int span = CHART_W - LABEL_W - 70;
		int w = v[3].null ? 0 : (int)(v[3].d * span + 0.5);

		printf("<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%lld. ", LABEL_W - 6, y + BAR_H - 2, v[0].i);
		html_text(v[2].s);
		printf("</text><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" class=\"score\"/><text x=\"%d\" y=\"%d\">",
			LABEL_W, y, w, BAR_H, LABEL_W + w + 4, y + BAR_H - 2);
		html_text(out_text_cell(&ranking_cols[3], &v[3], buf, sizeof(buf)));
		printf("</text>\n");
	}
	printf("</svg>\n");
}

static const char html_style[] =
	"@page { size: A4; margin: 15mm; }\n"
	"body { font-family: \"Noto Sans CJK SC\", \"Source Han Sans SC\", \"Microsoft YaHei\", \"PingFang SC\","
	" \"WenQuanYi Micro Hei\", SimSun, sans-serif;"
	" font-size: 10pt; color: #000; margin: 0 auto; max-width: 180mm; }\n"
	"h1 { font-size: 16pt; text-align: center; margin: 0 0 4mm; }\n"
	"h2 { font-size: 12pt; border-bottom: 1px solid #444; margin: 6mm 0 2mm; }\n"
	"table { border-collapse: collapse; width: 100%; page-break-inside: auto; }\n"
	"tr { page-break-inside: avoid; }\n"
	"th, td { border: 1px solid #888; padding: 1mm 2mm; text-align: left; }\n"
	"th { background: #eee; }\n"
	"table.totals th { width: 22%; font-weight: normal; } table.totals td { width: 11%; }\n"
	"td.n { text-align: right; font-variant-numeric: tabular-nums; }\n"
	"dl { display: grid; grid-template-columns: max-content auto; gap: 0 4mm; }\n"
	"dt { font-weight: bold; } dd { margin: 0; }\n"
	"svg.chart { display: block; margin: 2mm 0; max-width: 100%; height: auto; font-size: 10px; }\n"
	"svg .found { fill: #9db7d5; } svg .resolved { fill: #2f5f8f; } svg .score { fill: #c0392b; }\n"
	"@media print { h2 { page-break-after: avoid; } }\n";

static int print_html(struct notice *n)
{
	char since[40], until[40], asof[40], more[96];
	const char *title = n->weekly ? _("Weekly notice") : _("Monthly notice");

	grid_time_format(since, sizeof(since), n->period.since);
	grid_time_format(until, sizeof(until), n->period.until);
	grid_time_format(asof, sizeof(asof), n->period.as_of);
	printf("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>");
	html_text(title);
	printf(" %s</title>\n<style>\n%s</style>\n</head>\n<body>\n<h1>", n->label, html_style);
	html_text(title);
	printf(" %s</h1>\n<dl>\n<dt>", n->label);
	html_text(_("unit"));
	printf("</dt><dd>");
	html_text(n->unit ? n->unit : _("(all)"));
	printf("</dd>\n<dt>");
	html_text(_("since"));
	printf("</dt><dd>%s</dd>\n<dt>", since);
	html_text(_("until"));
	printf("</dt><dd>%s</dd>\n<dt>", until);
	html_text(_("as of"));
	printf("</dt><dd>%s</dd>\n</dl>\n", asof);
	printf("<h2>");
	html_text(_(n->tables[T_TOTALS].title));
	printf("</h2>\n");
	html_totals(&n->tables[T_TOTALS]);
	printf("<h2>");
	html_text(_(n->tables[T_CATEGORIES].title));
	printf("</h2>\n");
	svg_categories(&n->tables[T_CATEGORIES]);
	html_table(&n->tables[T_CATEGORIES]);
	printf("<h2>");
	html_text(_(n->tables[T_UNITS].title));
	printf("</h2>\n");
	html_table(&n->tables[T_UNITS]);
	printf("<h2>");
	html_text(_(n->tables[T_RANKING].title));
	printf("</h2>\n");
	svg_ranking(&n->tables[T_RANKING]);
	html_table(&n->tables[T_RANKING]);
	printf("<h2>");
	html_text(_(n->tables[T_OVERDUE].title));
	printf("</h2>\n");
	html_table(&n->tables[T_OVERDUE]);
	if (overdue_more_line(n, more, sizeof(more))) {
		printf("<p>");
		html_text(more);
		printf("</p>\n");
	}
	printf("</body>\n</html>\n");
	return EXIT_OK;
}

/* ---- the verbs ---------------------------------------------------------- */

static int run_report(struct cli *c, int argc, char **argv, int weekly)
{
	enum { OPT_WEEK = 1, OPT_MONTH, OPT_UNIT };
	static const struct cli_opt week_opts[] = {
		{ "week", 0, ARG_REQUIRED, OPT_WEEK },
		{ "unit", 0, ARG_REQUIRED, OPT_UNIT },
		{ NULL, 0, ARG_NONE, 0 },
	};
	static const struct cli_opt month_opts[] = {
		{ "month", 0, ARG_REQUIRED, OPT_MONTH },
		{ "unit", 0, ARG_REQUIRED, OPT_UNIT },
		{ NULL, 0, ARG_NONE, 0 },
	};
	grid_stats_query q = GRID_STATS_QUERY_INIT;
	grid_rank_query rq = GRID_RANK_QUERY_INIT;
	struct notice n;
	grid_stats_query uq;
	grid_measure total, visits, diary;
	const char *week = NULL, *month = NULL, *arg;
	struct out_val *v;
	struct cli_args it;
	size_t i;
	int id, rc;

	memset(&n, 0, sizeof(n));
	n.weekly = weekly;
	cli_args_init(&it, c, argc, argv, weekly ? week_opts : month_opts);
	while ((id = cli_next(&it, &arg)) > 0) {
		if (id == OPT_WEEK)
			week = arg;
		else if (id == OPT_MONTH)
			month = arg;
		else if (id == OPT_UNIT)
			n.unit = arg;
	}
	if ((rc = cli_args_done(&it, id)) >= 0)
		return rc;
	if ((rc = cli_setup(c)))
		return rc;
	if ((rc = cli_want_positional(&it, 0, "")))
		return rc;
	if ((rc = measure_check_arg(c, "--unit", n.unit, GRID_TEXT_CODE)))
		return rc;
	if ((rc = cli_period(c, &n.period, week, month, NULL, NULL, weekly)))
		return rc;
	if (weekly)
		grid_week_name(n.label, sizeof(n.label), n.period.since);
	else {
		grid_date_format(n.label, sizeof(n.label), n.period.since);
		n.label[7] = '\0';
	}
	n.tables[T_TOTALS] = (struct table){ .title = N_("Totals"), .cols = total_cols, .ncols = NTOTAL };
	n.tables[T_CATEGORIES] = (struct table){ .title = N_("By category"), .cols = category_cols, .ncols = NCAT };
	n.tables[T_UNITS] = (struct table){ .title = N_("By unit"), .cols = unit_cols, .ncols = NCAT };
	n.tables[T_RANKING] = (struct table){ .title = N_("Ranking"), .cols = ranking_cols, .ncols = NRANK };
	n.tables[T_OVERDUE] = (struct table){ .title = N_("Overdue cases"), .cols = overdue_cols, .ncols = NOVERDUE };
	q.period = n.period;
	q.unit = n.unit;
	rq.period = n.period;
	rq.under = n.unit;
	uq = q;
	uq.by = GRID_BY_UNIT;
	if ((rc = grid_stats_cases(c->db, &q, add_category, &n.tables[T_CATEGORIES], &total)) ||
		(rc = grid_stats_cases(c->db, &uq, add_category, &n.tables[T_UNITS], NULL)) ||
		(rc = grid_stats_visits(c->db, &uq, NULL, NULL, &visits)) ||
		(rc = grid_stats_diary(c->db, &uq, NULL, NULL, &diary)) ||
		(rc = grid_rank_level(c->db, NULL, &n.level)))
		goto failed;
	rq.level = n.level;
	/* The scope is known by now: a missing level is a roster without
	 * it (three levels named otherwise); the notice goes out without a
	 * ranking rather than not at all. */
	if ((rc = grid_rank(c->db, &rq, add_rank, &n.tables[T_RANKING])) == GRID_ENOTFOUND)
		cli_warn(c, _("no ranking: %s (set ranking.level)"), grid_errmsg());
	else if (rc)
		goto failed;
	rc = grid_stats_overdue_list(c->db, &q, add_overdue, &n.tables[T_OVERDUE]);
	if (rc != GRID_OK && rc != OVERDUE_STOP)
		goto failed;
	n.overdue_more = total.overdue - (int64_t)n.tables[T_OVERDUE].nrows;
	if (!(v = add_row(&n.tables[T_TOTALS]))) {
		rc = cli_fail(GRID_EFAIL);
		goto done;
	}
	measure_row(v, &total);
	v[6] = out_int(total.reopened);
	v[7] = out_rate(total.reopened, total.resolved);
	v[8] = out_int(total.at_level);
	v[9] = out_int(total.one_up);
	v[10] = out_int(total.two_up);
	v[11] = out_int(total.overdue);
	v[12] = out_int(visits.households);
	v[13] = out_int(visits.visited);
	v[14] = out_rate(visits.visited, visits.households);
	v[15] = out_int(diary.expected);
	v[16] = out_int(diary.written);
	/* As grid stats diary: capped at 1. */
	v[17] = out_rate(diary.written < diary.expected ? diary.written : diary.expected, diary.expected);
	for (i = 0; i < NTABLES; i++)
		if (n.tables[i].failed) {
			cli_error("out of memory");
			rc = EXIT_FAIL;
			goto done;
		}
	switch (c->format) {
	case FMT_JSON:
		rc = print_json(&n);
		break;
	case FMT_MD:
		rc = print_md(&n);
		break;
	case FMT_HTML:
		rc = print_html(&n);
		break;
	default:
		rc = print_text(c, &n);
		break;
	}
	goto done;
failed:
	rc = cli_fail(rc);
done:
	for (i = 0; i < NTABLES; i++)
		table_free(&n.tables[i]);
	grid_free(n.level);
	return rc;
}

static int cmd_report_weekly(struct cli *c, int argc, char **argv)
{
	return run_report(c, argc, argv, 1);
}

static int cmd_report_monthly(struct cli *c, int argc, char **argv)
{
	return run_report(c, argc, argv, 0);
}

const struct cli_verb cli_report_verbs[] = {
	{ "weekly", cmd_report_weekly, CLI_NEED_DB | CLI_REPORT_FORMATS, "grid report weekly [--week W] [--unit CODE] [--format text|json|md|html]", N_("The weekly notice.") },
	{ "monthly", cmd_report_monthly, CLI_NEED_DB | CLI_REPORT_FORMATS, "grid report monthly [--month M] [--unit CODE] [--format text|json|md|html]", N_("The monthly notice.") },
	{ NULL, NULL, 0, NULL, NULL },
};
