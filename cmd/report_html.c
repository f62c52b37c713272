/* grid report --format html: the notice as one self-contained printable
 * page (A4), with inline SVG charts and no outside resources. */
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

static void html_table(const struct notice_table *t)
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
#define BAR_H 12

/* Found and resolved per category: two bars each, scaled to the largest. */
static void svg_categories(const struct notice_table *t)
{
	long long max = 1;
	size_t r;
	int h = (int)t->nrows * (2 * BAR_H + 10) + 30;

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
		int y = 24 + (int)r * (2 * BAR_H + 10);
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

/* A section's heading. */
static void html_h2(const char *title)
{
	printf("<h2>");
	html_text(_(title));
	printf("</h2>\n");
}

/* The page up to the notice's name, period and scope. */
static void html_head(const struct notice *n)
{
	struct notice_times tm;
	const char *title = notice_title(n);

	notice_times(n, &tm);
	printf("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>");
	html_text(title);
	printf(" %s</title>\n<style>\n%s</style>\n</head>\n<body>\n<h1>", n->label, html_style);
	html_text(title);
	printf(" %s</h1>\n<dl>\n<dt>", n->label);
	html_text(_("unit"));
	printf("</dt><dd>");
	html_text(n->report->unit ? n->report->unit : _("(all)"));
	printf("</dd>\n<dt>");
	html_text(_("since"));
	printf("</dt><dd>%s</dd>\n<dt>", tm.since);
	html_text(_("until"));
	printf("</dt><dd>%s</dd>\n<dt>", tm.until);
	html_text(_("as of"));
	printf("</dt><dd>%s</dd>\n</dl>\n", tm.as_of);
}

int report_html(const struct notice *n)
{
	const struct notice_table *t = n->tables;
	char more[96];

	html_head(n);
	html_h2(t[T_TOTALS].title);
	html_totals(&t[T_TOTALS]);
	html_h2(t[T_CATEGORIES].title);
	svg_categories(&t[T_CATEGORIES]);
	html_table(&t[T_CATEGORIES]);
	html_h2(t[T_UNITS].title);
	html_table(&t[T_UNITS]);
	html_h2(t[T_RANKING].title);
	svg_ranking(&t[T_RANKING]);
	html_table(&t[T_RANKING]);
	html_h2(t[T_OVERDUE].title);
	html_table(&t[T_OVERDUE]);
	if (notice_overdue_more(n, more, sizeof(more))) {
		printf("<p>");
		html_text(more);
		printf("</p>\n");
	}
	printf("</body>\n</html>\n");
	return EXIT_OK;
}
