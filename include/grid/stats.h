/* libgrid: the measures of grid-metrics(7) — closure, on-time, rework,
 * escalation, overdue — over a period and a scope, and the ranking. */
#ifndef GRID_STATS_H
#define GRID_STATS_H

#include <stdint.h>

#include "common.h"
#include "time.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum grid_stats_by {
	GRID_BY_CATEGORY, /* one row per category */
	GRID_BY_UNIT,     /* one row per child of the scope unit (or per unit of query.level) */
	GRID_BY_LEVEL,    /* one row per level of the handling unit */
	GRID_BY_PERSON,   /* one row per person (diary) */
} grid_stats_by;

typedef struct grid_stats_query {
	unsigned version;    /* GRID_STATS_QUERY_VERSION */
	grid_period period;  /* [since, until) and the as-of time */
	const char *unit;    /* scope: this unit and its descendants; NULL for every unit */
	grid_stats_by by;
	const char *level;   /* with GRID_BY_UNIT: rows are the units of this level in scope */
	int no_overdue;      /* 1: leave overdue 0; it reads every case reported by as-of,
	                      * a pass of its own that the other measures do not need */
} grid_stats_query;

#define GRID_STATS_QUERY_VERSION 2
#define GRID_STATS_QUERY_INIT { GRID_STATS_QUERY_VERSION, { 0, 0, 0 }, NULL, GRID_BY_CATEGORY, NULL, 0 }

/* Every counter of every measure; each stats function fills its own and
 * leaves the rest zero, so that rank can merge rows by key. */
typedef struct grid_measure {
	int64_t found;       /* reported in the period, in scope, not rejected */
	int64_t resolved;    /* of found: resolved or closed at as-of */
	int64_t due;         /* of found: resolved by as-of + open past their due time */
	int64_t on_time;     /* resolved no later than the due time in force then */
	int64_t reopened;    /* of resolved: reopened at least once */
	int64_t at_level;    /* of resolved: resolved at the level where found */
	int64_t one_up;      /* … one level up */
	int64_t two_up;      /* … two or more levels up */
	int64_t overdue;     /* open (accepted/assigned) past due at as-of, of every case
	                      * reported at or before as-of (not only the period's) */
	int64_t households;  /* registered in scope */
	int64_t visited;     /* distinct households visited in the period, capped at households */
	int64_t expected;    /* diary entries expected (grid_head posts x working days) */
	int64_t written;     /* of those: entries on working days by the post holder */
	int64_t scored;      /* entries with a review score */
	int64_t score_sum;   /* sum of review scores */
} grid_measure;

/* The diary entries that count for compliance: M's written capped at its
 * expected, so that diary compliance (this / expected, grid-metrics(7))
 * never passes 1.  Every diary compliance of libgrid and grid is this. */
GRID_API int64_t grid_diary_compliant(const grid_measure *m);

/* A row; strings live until the callback returns. */
typedef struct grid_stats_row {
	const char *key;     /* category code, unit code, level name, person id */
	const char *name;    /* its name */
	grid_measure m;
} grid_stats_row;

/* Called once per row in a stable order; non-zero stops and is returned. */
typedef int (*grid_stats_cb)(void *ctx, const grid_stats_row *row);

/* The case measures (found … overdue) by QUERY->by; *total (may be NULL)
 * gets the totals over the scope.  An unknown unit or level: GRID_ENOTFOUND. */
GRID_API int grid_stats_cases(grid_db *db, const grid_stats_query *query, grid_stats_cb cb, void *ctx,
	grid_measure *total);

/* One open case past its due time at as-of (grid_stats_overdue_list);
 * strings live until the callback returns. */
typedef struct grid_overdue {
	int64_t id;
	const char *unit;       /* where found */
	const char *unit_name;
	const char *category;
	const char *title;
	int64_t due_at;         /* the due time in force at as-of */
} grid_overdue;

typedef int (*grid_overdue_cb)(void *ctx, const grid_overdue *row);

/* The cases counted by the overdue measure of QUERY (in scope, reported
 * at or before as-of, open and past due at as-of), most overdue first. */
GRID_API int grid_stats_overdue_list(grid_db *db, const grid_stats_query *query, grid_overdue_cb cb, void *ctx);

typedef struct grid_rank_query {
	unsigned version;    /* GRID_RANK_QUERY_VERSION */
	grid_period period;
	const char *level;   /* NULL: setting ranking.level, else "community" */
	const char *under;   /* scope unit, or NULL for every unit */
} grid_rank_query;

#define GRID_RANK_QUERY_VERSION 1
#define GRID_RANK_QUERY_INIT { GRID_RANK_QUERY_VERSION, { 0, 0, 0 }, NULL, NULL }

/* A ranked unit; strings live until the callback returns.  The rates are
 * M's ratios: closure resolved/found, on-time on_time/due, visits
 * visited/households, diary grid_diary_compliant/expected. */
typedef struct grid_rank_row {
	int rank;            /* 1, 2, 3 … in the order of grid-metrics(7) */
	const char *unit;
	const char *name;
	int has_score;       /* 0 when no component has data */
	double score;        /* weighted mean in 0..1 */
	grid_measure m;
} grid_rank_row;

typedef int (*grid_rank_cb)(void *ctx, const grid_rank_row *row);

/* The level a ranking uses: LEVEL when given, else the setting
 * ranking.level, else "community".  *out is malloc'd (grid_free). */
GRID_API int grid_rank_level(grid_db *db, const char *level, char **out);

/* Rank every unit of the level in scope by weighted score (weights from
 * the settings ranking.weight.*, default 0.4/0.3/0.2/0.1); components
 * without data are left out and the rest rescaled.  An unknown level or
 * unit: GRID_ENOTFOUND; a malformed weight setting: GRID_EINPUT. */
GRID_API int grid_rank(grid_db *db, const grid_rank_query *query, grid_rank_cb cb, void *ctx);

#ifdef __cplusplus
}
#endif
#endif
