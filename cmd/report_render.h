/* grid report: the notice as tables of cells (cmd_report.c) and its
 * renderers, one file per format: report_text.c, report_json.c,
 * report_md.c, report_html.c. */
#ifndef GRID_CMD_REPORT_RENDER_H
#define GRID_CMD_REPORT_RENDER_H

#include "cli.h"

/* A section of the notice: NROWS rows of NCOLS cells, whose strings point
 * into the grid_report the notice was made from. */
struct notice_table {
	const char *title;           /* marked with N_(), translated when printed */
	const struct out_col *cols;
	size_t ncols;
	struct out_val *vals;        /* row r, column i: vals[r * ncols + i] */
	size_t nrows;
};

/* The sections, in the order of grid-report(1): totals (one row), by category, by
 * unit, ranking, overdue list. */
enum { T_TOTALS, T_CATEGORIES, T_UNITS, T_RANKING, T_OVERDUE, NTABLES };

/* The columns the HTML charts draw: by category, and the ranking. */
enum { CAT_COL_NAME = 1, CAT_COL_FOUND = 2, CAT_COL_RESOLVED = 3 };
enum { RANK_COL_RANK = 0, RANK_COL_NAME = 2, RANK_COL_SCORE = 3 };

struct notice {
	int weekly;
	char label[32];              /* 2026-W48 or 2026-11 */
	const grid_report *report;   /* period, scope, level, overdue_more */
	struct notice_table tables[NTABLES];
};

/* The notice's heading: "Weekly notice" or "Monthly notice", translated. */
const char *notice_title(const struct notice *n);

/* The period's bounds as text, for the heading of text, Markdown and HTML. */
struct notice_times {
	char since[40], until[40], as_of[40];
};
void notice_times(const struct notice *n, struct notice_times *t);

/* The line under a cut overdue list into BUF, or NULL when the list is whole. */
const char *notice_overdue_more(const struct notice *n, char *buf, size_t size);

/* Print the notice to stdout in one format; return the exit status. */
int report_text(struct cli *c, const struct notice *n);
int report_json(const struct notice *n);
int report_md(const struct notice *n);
int report_html(const struct notice *n);
int report_xlsx(const struct notice *n);

#endif
