/* libgrid: the measures of domain.md — closure, on-time, rework,
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
} grid_stats_query;

#define GRID_STATS_QUERY_VERSION 1
#define GRID_STATS_QUERY_INIT { GRID_STATS_QUERY_VERSION, { 0, 0, 0 }, NULL, GRID_BY_CATEGORY, NULL }

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
	int64_t overdue;     /* open (accepted/assigned) past due at as-of */
	int64_t households;  /* registered in scope */
	int64_t visited;     /* distinct households visited in the period */
	int64_t expected;    /* diary entries expected (grid heads x working days) */
	int64_t written;     /* diary entries written in the period */
	int64_t scored;      /* entries with a review score */
	int64_t score_sum;   /* sum of review scores */
} grid_measure;

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

#ifdef __cplusplus
}
#endif
#endif
