/* grid report: the notice as tables of cells (cmd_report.c) and its
 * renderers, one file per format: report_text.c, report_json.c,
 * report_md.c, report_html.c, report_xlsx.c. */
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

/* The notice's kind: its verb. */
enum notice_kind { NOTICE_WEEKLY, NOTICE_MONTHLY, NOTICE_YEARLY };

/* The sections, in the order of grid-report(1): totals (one row), by category, by
 * unit, ranking, overdue list; then, in a monthly or yearly notice whose
 * database holds them, the targets and the key projects; then the yearly
 * notice's evaluation: the teams rated advanced, the grid workers rated
 * excellent, the reserve cadres. */
enum { T_TOTALS, T_CATEGORIES, T_UNITS, T_RANKING, T_OVERDUE, T_TARGETS, T_PROJECTS, T_ADVANCED, T_EXCELLENT,
	T_RESERVE, NTABLES };

/* The tables of every notice; the evaluation's are T_ADVANCED.. */
#define NOTICE_BASE_TABLES (T_OVERDUE + 1)
#define NOTICE_EVAL_FIRST T_ADVANCED

/* The columns the HTML charts draw: by category, and the ranking. */
enum { CAT_COL_NAME = 1, CAT_COL_FOUND = 2, CAT_COL_RESOLVED = 3 };
enum { RANK_COL_RANK = 0, RANK_COL_NAME = 2, RANK_COL_SCORE = 3, RANK_COL_MARK = 11 };

/* A ranking row's mark: among the first three, the last three, or neither. */
enum notice_mark { MARK_NONE, MARK_TOP, MARK_BOTTOM };

/* The words around the tables, in the message catalogue's language
 * (report_prose.c): what an office posts. */
struct notice_prose {
	char office[256];            /* notice.office, or "" */
	char title[256];             /* notice.title, or a generic title */
	char number[96];             /* 2026年第10期（月报）, or the kind alone when not numbered */
	char period[128];            /* 2026年10月1日至10月31日: the last day shown, not until */
	char as_of[64];              /* the date and time the figures are as of */
	char scope[256];             /* the scope's name, or every unit */
	char issuer[256];            /* notice.issuer, else notice.office, or "" */
	char issued[64];             /* the date of issue: the as-of date */
	char opening[2048];          /* the opening paragraph, from the figures */
	char more[128];              /* "… and N more" under a cut overdue list, or "" */
	int year, number_in_year;    /* 2026 and 10: the month, or the ISO week; 0 for a year */
	char *evaluation;            /* the evaluation's paragraph (malloc'd), NULL without one */
};

/* The counts of an evaluation: the teams rated advanced, the grid
 * workers by rating (unrated: no figures to rate), the reserve cadres. */
struct notice_ratings {
	long long advanced, excellent, pass, fail, unrated, reserve;
};

/* The year's work of a notice (report_year.c): the paragraphs of its
 * targets and key projects (malloc'd; NULL without them) and the texts
 * their cells point to. */
struct notice_year {
	char *targets, *projects;
	struct cli_target_text *target_texts;     /* one a target */
	char (*investments)[GRID_DECIMAL_BUFSZ];  /* one a project */
};

struct notice {
	enum notice_kind kind;
	char label[32];              /* 2026-W48, 2026-11 or 2026 */
	const grid_report *report;   /* period, scope, level, overdue_more */
	struct notice_table tables[NTABLES];
	struct notice_year year;     /* the targets' and projects' words, when there are any */
	struct notice_ratings ratings; /* of report->eval; zeros without one */
	struct notice_prose prose;
	enum notice_mark *marks;     /* one per ranking row */
	struct notice_table previous; /* the totals' case measures over the period before: one row */
};

/* The notice's kind: "Weekly notice", "Monthly notice" or "Yearly
 * notice", translated; and as the JSON code "weekly", "monthly", "yearly". */
const char *notice_title(const struct notice *n);
const char *notice_kind_code(const struct notice *n);

/* Fill N->prose, N->marks and N->ratings from N->report; 0, or -1 when
 * memory ran out.  notice_prose_free frees what it took. */
int notice_prose(struct notice *n);
void notice_prose_free(struct notice *n);

/* The mark of ranking row I of N (N->marks), as the JSON code: "top",
 * "bottom", or NULL. */
const char *notice_mark_code(enum notice_mark m);

/* Whether a column is shown in text, Markdown and HTML: a code column
 * (unit, category, person, a worker's units) is left to JSON and
 * spreadsheets, the name beside it is shown. */
int notice_col_shown(const struct out_col *col);

/* Room for NROWS rows of T's columns, titled TITLE; 0, or -1 when memory
 * ran out. */
int notice_table_alloc(struct notice_table *t, const char *title, const struct out_col *cols, size_t ncols,
	size_t nrows);

/* Is table T part of N (allocated: the year's work and the evaluation
 * are there only when the notice has them)? */
int notice_has(const struct notice *n, size_t t);

/* The targets' and key projects' tables and paragraphs of a monthly or
 * yearly notice, when its report has them, their cells as FORMAT writes
 * them (words or keys); 0, or -1 when memory ran out.  notice_year_free
 * frees what it took. */
int notice_year_work(struct notice *n, enum cli_format format);
void notice_year_free(struct notice *n);

/* Print the notice to stdout in one format; return the exit status. */
int report_text(struct cli *c, const struct notice *n);
int report_json(const struct notice *n);
int report_md(const struct notice *n);
int report_html(const struct notice *n);
int report_xlsx(const struct notice *n);

#endif
