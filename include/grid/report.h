/* libgrid: the weekly, monthly and yearly notice (每周梳理统计,每月排序通报,
 * 年度通报) as plain data.  One call reads every section of grid-report(1) over a
 * period and a scope; the caller renders it in the format it likes. */
#ifndef GRID_REPORT_H
#define GRID_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "common.h"
#include "eval.h"
#include "project.h"
#include "stats.h"
#include "target.h"
#include "time.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct grid_report_query {
	unsigned version;    /* GRID_REPORT_QUERY_VERSION */
	grid_period period;  /* [since, until) and the as-of time */
	const char *unit;    /* scope: this unit and its descendants; NULL for every unit */
} grid_report_query;

#define GRID_REPORT_QUERY_VERSION 1
#define GRID_REPORT_QUERY_INIT { GRID_REPORT_QUERY_VERSION, { 0, 0, 0 }, NULL }

/* A notice lists this many overdue cases at most, the most overdue;
 * grid_stats_overdue_list has them all. */
#define GRID_REPORT_OVERDUE_MAX 100

/* The notice.  Every string and array belongs to the report and lives
 * until grid_report_free; the caller reads it and changes nothing. */
typedef struct grid_report {
	grid_period period;
	const char *unit;            /* the scope unit's code, NULL for every unit */
	const char *unit_name;       /* its name; NULL with no scope */
	/* The case measures (found … overdue) of grid_stats_cases, the visit
	 * counters (households, visited) of grid_stats_visits and the diary
	 * counters (expected, written, scored, score_sum) of grid_stats_diary,
	 * each over the whole scope. */
	grid_measure total;
	grid_stats_row *categories;  /* the case measures by category */
	size_t ncategories;
	grid_stats_row *units;       /* … by child of the scope (GRID_BY_UNIT) */
	size_t nunits;
	const char *level;           /* the level ranked (grid_rank_level) */
	const char *no_ranking;      /* NULL, or why there is no ranking: that level
	                              * is not in the roster (the notice goes out
	                              * without its ranking rather than not at all) */
	grid_rank_row *ranking;      /* the units of that level in scope, as grid_rank */
	size_t nranking;
	grid_overdue *overdue;       /* the most overdue cases first, at most GRID_REPORT_OVERDUE_MAX */
	size_t noverdue;
	int64_t overdue_more;        /* overdue cases past those listed; 0 when the list is whole */
	/* The fields below were added after 0.1.0's first notice: new fields go at the end. */
	grid_period previous_period; /* the period before (grid_period_previous) */
	grid_measure previous;       /* the case measures of the totals over it, for 环比 */
	/* The roster's settings notice.office, notice.title and notice.issuer
	 * (grid-yaml(5)); NULL when unset. */
	const char *office;          /* the office the notice is of, its header */
	const char *title;           /* the notice's title */
	const char *issuer;          /* the issuing body, at the foot */
	int numbered;                /* 1 unless notice.numbering is "none": 2026年第10期 */
	/* Added with the yearly notice.  When the period is a calendar year
	 * (as grid_period_year makes it), the year's evaluation: grid_eval_build
	 * of that year over the notice's scope and as-of, the reserve cadres
	 * marked (query.reserve).  NULL for any other period, and when the
	 * roster lacks the ranking level (no_ranking): no teams to rate. */
	grid_eval *eval;
	/* Added with targets and key projects.  When the period is a
	 * calendar month or year: the targets of the year it ends in, with
	 * the figures recorded up to its last day (or now), and the key
	 * projects as they stood then, in the notice's scope (the unit and
	 * those below it); NULL when the database holds none, and for any
	 * other period. */
	grid_targets *targets;
	grid_project_list *projects;
} grid_report;

/* Read the notice of QUERY into *out (free with grid_report_free).  An
 * unknown unit: GRID_ENOTFOUND; a malformed ranking weight or eval
 * setting: GRID_EINPUT.  A missing ranking level is no error: see
 * grid_report.no_ranking.  A calendar year's period adds its evaluation
 * (grid_report.eval), the year before it the period compared with. */
GRID_API int grid_report_build(grid_db *db, const grid_report_query *query, grid_report **out);

/* Free a report of grid_report_build; NULL is accepted. */
GRID_API void grid_report_free(grid_report *report);

#ifdef __cplusplus
}
#endif
#endif
