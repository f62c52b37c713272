/* grid report --format html: the notice as one self-contained printable
 * page (A4), with inline SVG charts and no outside resources. */
#include <string.h>

#include "report_render.h"

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

/* A column's share of a table's width, by what it holds: names and
 * titles wide enough never to wrap a character a line, numbers narrow. */
static double col_weight(const struct out_col *col)
{
	static const struct {
		const char *key;
		double weight;
	} wide[] = { { "name", 2.2 }, { "unit_name", 2.4 }, { "category_name", 1.8 }, { "title", 4.0 },
		{ "due_at", 2.0 }, { "mark", 1.2 }, { "rank", 1.0 }, { "id", 0.8 }, { "days_overdue", 1.1 } };
	size_t i;

	for (i = 0; i < sizeof(wide) / sizeof(wide[0]); i++)
		if (!strcmp(col->key, wide[i].key))
			return wide[i].weight;
	return col->type == OUT_RATE ? 1.1 : 1.05;
}

/* The widths of the shown columns, in per cent of the table's. */
static void html_colgroup(const struct notice_table *t)
{
	double sum = 0;
	size_t i;

	for (i = 0; i < t->ncols; i++)
		if (notice_col_shown(&t->cols[i]))
			sum += col_weight(&t->cols[i]);
	printf("<colgroup>");
	for (i = 0; i < t->ncols; i++)
		if (notice_col_shown(&t->cols[i]))
			printf("<col style=\"width: %.1f%%\"/>", 100.0 * col_weight(&t->cols[i]) / sum);
	printf("</colgroup>\n");
}

/* A row's class: the ranking's first and last three are marked. */
static const char *row_class(const struct notice *n, const struct notice_table *t, size_t r)
{
	if (t != &n->tables[T_RANKING])
		return "";
	return n->marks[r] == MARK_TOP ? " class=\"top\"" : n->marks[r] == MARK_BOTTOM ? " class=\"bottom\"" : "";
}

static void html_row(const struct notice_table *t, size_t r)
{
	char buf[4096];
	size_t i;

	for (i = 0; i < t->ncols; i++) {
		int num = out_type_numeric(t->cols[i].type);

		if (!notice_col_shown(&t->cols[i]))
			continue;
		printf(num ? "<td class=\"n\">" : "<td>");
		html_text(out_text_cell(&t->cols[i], &t->vals[r * t->ncols + i], buf, sizeof(buf)));
		printf("</td>");
	}
}

static void html_table(const struct notice *n, const struct notice_table *t)
{
	size_t r, i, shown = 0;

	printf("<table class=\"rows\">\n");
	html_colgroup(t);
	printf("<thead><tr>");
	for (i = 0; i < t->ncols; i++)
		if (notice_col_shown(&t->cols[i])) {
			printf("<th>");
			html_text(_(t->cols[i].title));
			printf("</th>");
			shown++;
		}
	printf("</tr></thead>\n<tbody>\n");
	for (r = 0; r < t->nrows; r++) {
		printf("<tr%s>", row_class(n, t, r));
		html_row(t, r);
		printf("</tr>\n");
	}
	if (t->nrows == 0) {
		printf("<tr><td colspan=\"%zu\">", shown);
		html_text(_("(none)"));
		printf("</td></tr>\n");
	}
	printf("</tbody>\n</table>\n");
}

#define TOTALS_PER_ROW 3

/* Label/value pairs, three to a row. */
static void html_totals(const struct notice_table *t)
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
#define BAR_H 9

/* Found and resolved per category: two bars each, scaled to the largest. */
static void svg_categories(const struct notice_table *t)
{
	long long max = 1;
	size_t r;
	int h = (int)t->nrows * (2 * BAR_H + 6) + 30;

	for (r = 0; r < t->nrows; r++)
		if (t->vals[r * t->ncols + CAT_COL_FOUND].i > max)
			max = t->vals[r * t->ncols + CAT_COL_FOUND].i;
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
		int y = 24 + (int)r * (2 * BAR_H + 6);
		int span = CHART_W - LABEL_W - 60;
		int wf = (int)(v[CAT_COL_FOUND].i * span / max), wr = (int)(v[CAT_COL_RESOLVED].i * span / max);

		printf("<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", LABEL_W - 6, y + BAR_H + 4);
		html_text(v[CAT_COL_NAME].s);
		printf("</text>\n<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" class=\"found\"/>"
		       "<text x=\"%d\" y=\"%d\">%lld</text>\n",
			LABEL_W, y, wf, BAR_H, LABEL_W + wf + 4, y + BAR_H - 2, v[CAT_COL_FOUND].i);
		printf("<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" class=\"resolved\"/>"
		       "<text x=\"%d\" y=\"%d\">%lld</text>\n",
			LABEL_W, y + BAR_H, wr, BAR_H, LABEL_W + wr + 4, y + 2 * BAR_H - 2, v[CAT_COL_RESOLVED].i);
	}
	printf("</svg>\n");
}

/* The ranking: one bar per unit, its score out of 100%. */
static void svg_ranking(const struct notice_table *t)
{
	char buf[32];
	size_t r;
	int h = (int)t->nrows * (BAR_H + 5) + 10;

	printf("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\">\n",
		CHART_W, h, CHART_W, h);
	printf("<title>");
	html_text(_("Score by unit"));
	printf("</title>\n");
	for (r = 0; r < t->nrows; r++) {
		const struct out_val *v = &t->vals[r * t->ncols];
		int y = 6 + (int)r * (BAR_H + 5);
		int span = CHART_W - LABEL_W - 70;
		int w = v[RANK_COL_SCORE].null ? 0 : (int)(v[RANK_COL_SCORE].d * span + 0.5);

		printf("<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%lld. ", LABEL_W - 6, y + BAR_H - 2, v[RANK_COL_RANK].i);
		html_text(v[RANK_COL_NAME].s);
		printf("</text><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" class=\"score\"/><text x=\"%d\" y=\"%d\">",
			LABEL_W, y, w, BAR_H, LABEL_W + w + 4, y + BAR_H - 2);
		html_text(out_text_cell(&t->cols[RANK_COL_SCORE], &v[RANK_COL_SCORE], buf, sizeof(buf)));
		printf("</text>\n");
	}
	printf("</svg>\n");
}

/* A4 portrait with room to bind; fonts a Debian (fonts-noto-cjk),
 * Windows or macOS machine has, then the generic ones (grid-report(1)).
 * Fixed table layout with the widths of html_colgroup: no column is cut
 * and a name wraps, if ever, between words or at its end, never a
 * character a line. */
static const char html_style[] =
	"@page { size: A4 portrait; margin: 15mm 15mm 14mm 15mm; }\n"
	"html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }\n"
	"body { font-family: \"Noto Sans CJK SC\", \"Source Han Sans SC\", \"Microsoft YaHei\", \"PingFang SC\","
	" \"Hiragino Sans GB\", SimHei, \"WenQuanYi Micro Hei\", sans-serif;"
	" font-size: 10pt; line-height: 1.4; color: #000; margin: 0 auto; max-width: 180mm; }\n"
	".serif, header, footer { font-family: \"Noto Serif CJK SC\", \"Source Han Serif SC\", \"Songti SC\","
	" SimSun, STSong, serif; }\n"
	"header { text-align: center; color: #c00000; border-bottom: 2px solid #c00000; padding-bottom: 2mm; }\n"
	"header .office { font-size: 19pt; font-weight: bold; letter-spacing: 0.1em; }\n"
	"header h1 { font-size: 17pt; margin: 1mm 0; }\n"
	"header .number { font-size: 11pt; color: #000; }\n"
	"p.meta { margin: 3mm 0 1mm; } p.meta span { margin-right: 6mm; white-space: nowrap; }\n"
	"p.opening { text-indent: 2em; margin: 2mm 0 4mm; text-align: justify; }\n"
	"h2 { font-size: 12pt; border-left: 4px solid #c00000; padding-left: 2mm; margin: 4mm 0 1.5mm;"
	" break-after: avoid; page-break-after: avoid; }\n"
	"table { border-collapse: collapse; width: 100%; table-layout: fixed; font-size: 8.5pt; }\n"
	"tr { break-inside: avoid; page-break-inside: avoid; }\n"
	"thead { display: table-header-group; }\n"
	"th, td { border: 1px solid #888; padding: 0.4mm 0.8mm; text-align: left; vertical-align: top;"
	" word-break: normal; overflow-wrap: anywhere; }\n"
	"th { background: #eee; font-size: 7pt; overflow-wrap: break-word; text-transform: lowercase; }\n"
	"th::first-letter { text-transform: uppercase; }\n"
	"td.n { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }\n"
	"table.totals th { width: 22%; font-weight: normal; word-break: normal; } table.totals td { width: 11.3%; }\n"
	"tr.top td { background: #e3f1e3; } tr.bottom td { background: #fbe4e4; }\n"
	"h3 { font-size: 10.5pt; margin: 3mm 0 1mm; break-after: avoid; page-break-after: avoid; }\n"
	"p.more { font-style: italic; }\n"
	"footer { margin-top: 6mm; text-align: right; line-height: 1.8; break-inside: avoid; }\n"
	"svg.chart { display: block; margin: 1mm 0; width: 100%; height: auto; font-size: 9px; }\n"
	"svg .found { fill: #9db7d5; } svg .resolved { fill: #2f5f8f; } svg .score { fill: #c0392b; }\n";

/* A section's heading. */
static void html_h2(const char *title)
{
	printf("<h2>");
	html_text(_(title));
	printf("</h2>\n");
}

/* One "label: value" of the line under the header. */
static void html_meta(const char *label, const char *value)
{
	char buf[512];

	/* TRANSLATORS: a label and its value, as in "period: 2026-10-01 to 10-31". */
	snprintf(buf, sizeof(buf), _("%s: %s"), label, value);
	printf("<span>");
	html_text(buf);
	printf("</span>");
}

/* The page up to the opening paragraph: the office, the title and the
 * number under a red rule (a 红头 header), then period, scope, as-of. */
static void html_head(const struct notice *n)
{
	const struct notice_prose *p = &n->prose;

	/* TRANSLATORS: the language of the HTML notice, as in <html lang="…">. */
	printf("<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>", _("en"));
	html_text(p->title);
	printf(" %s</title>\n<style>\n%s</style>\n</head>\n<body>\n<header>\n", n->label, html_style);
	if (*p->office) {
		printf("<div class=\"office\">");
		html_text(p->office);
		printf("</div>\n");
	}
	printf("<h1>");
	html_text(p->title);
	printf("</h1>\n<div class=\"number\">");
	html_text(p->number);
	printf("</div>\n</header>\n<p class=\"meta\">");
	html_meta(_("period"), p->period);
	html_meta(_("scope"), p->scope);
	html_meta(_("as of"), p->as_of);
	printf("</p>\n<p class=\"opening\">");
	html_text(p->opening);
	printf("</p>\n");
}

/* The year's evaluation: its paragraph, then its tables, each under a
 * heading of its own. */
static void html_evaluation(const struct notice *n)
{
	size_t i;

	if (!n->prose.evaluation)
		return;
	html_h2(N_("Yearly evaluation"));
	printf("<p class=\"opening\">");
	html_text(n->prose.evaluation);
	printf("</p>\n");
	for (i = NOTICE_EVAL_FIRST; i < NTABLES; i++) {
		printf("<h3>");
		html_text(_(n->tables[i].title));
		printf("</h3>\n");
		html_table(n, &n->tables[i]);
	}
}

/* Table T of the year's work under its heading, after its paragraph P. */
static void html_year(const struct notice *n, size_t t, const char *p)
{
	if (!p)
		return;
	html_h2(n->tables[t].title);
	printf("<p class=\"opening\">");
	html_text(p);
	printf("</p>\n");
	html_table(n, &n->tables[t]);
}

/* The issuing body and the date of issue. */
static void html_foot(const struct notice *n)
{
	printf("<footer>\n");
	if (*n->prose.issuer) {
		printf("<div>");
		html_text(n->prose.issuer);
		printf("</div>\n");
	}
	printf("<div>");
	html_text(n->prose.issued);
	printf("</div>\n</footer>\n");
}

int report_html(const struct notice *n)
{
	const struct notice_table *t = n->tables;

	html_head(n);
	html_h2(t[T_TOTALS].title);
	html_totals(&t[T_TOTALS]);
	html_h2(t[T_CATEGORIES].title);
	/* The weekly notice is the short one: its tables, no charts. */
	if (n->kind != NOTICE_WEEKLY)
		svg_categories(&t[T_CATEGORIES]);
	html_table(n, &t[T_CATEGORIES]);
	html_h2(t[T_UNITS].title);
	html_table(n, &t[T_UNITS]);
	html_h2(t[T_RANKING].title);
	if (n->kind != NOTICE_WEEKLY)
		svg_ranking(&t[T_RANKING]);
	html_table(n, &t[T_RANKING]);
	html_h2(t[T_OVERDUE].title);
	html_table(n, &t[T_OVERDUE]);
	if (*n->prose.more) {
		printf("<p class=\"more\">");
		html_text(n->prose.more);
		printf("</p>\n");
	}
	html_year(n, T_TARGETS, n->year.targets);
	html_year(n, T_PROJECTS, n->year.projects);
	html_evaluation(n);
	html_foot(n);
	printf("</body>\n</html>\n");
	return EXIT_OK;
}
