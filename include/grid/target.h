/* libgrid: yearly targets (目标任务) and the cumulative figures recorded
 * against them, read against the calendar (时间进度): grid-target(1),
 * grid-metrics(7) "Targets and the schedule".
 *
 * Amounts are grid_decimal (decimal.h): exact integers in ten-thousandths
 * with the decimals they were written with.  Every share is computed from
 * those integers and rounded once, by the rules of grid-metrics(7), so a
 * renderer prints the fields below as they are and never recomputes. */
#ifndef GRID_TARGET_H
#define GRID_TARGET_H

#include <stddef.h>
#include <stdint.h>

#include "common.h"
#include "decimal.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- writing ------------------------------------------------------------- */

typedef struct grid_target_set_opts {
	unsigned version;        /* GRID_TARGET_SET_OPTS_VERSION */
	const char *indicator;   /* the indicator's code ("revenue"); made on its first target */
	int year;                /* 1..9999 */
	grid_decimal value;      /* the year's target, not negative */
	const char *unit;        /* a unit's code, or NULL for the whole database */
	const char *name;        /* the indicator's name (财税收入), or NULL to keep it */
	const char *measure;     /* its unit of measure (万元), or NULL to keep it */
} grid_target_set_opts;

#define GRID_TARGET_SET_OPTS_VERSION 1
#define GRID_TARGET_SET_OPTS_INIT { GRID_TARGET_SET_OPTS_VERSION, NULL, 0, { 0, 0 }, NULL, NULL, NULL }

/* Set (create or replace) the target of OPTS's indicator, year and unit,
 * as the acting person, who must be an admin or a leader (GRID_EPERM).
 * *id gets the target's id.  GRID_ENOTFOUND for an unknown unit;
 * GRID_EINPUT for a negative value or a malformed code or name;
 * GRID_EUSAGE for a year outside 1..9999.  On error nothing is written. */
GRID_API int grid_target_set(grid_db *db, const grid_target_set_opts *opts, int64_t *id);

typedef struct grid_target_record_opts {
	unsigned version;        /* GRID_TARGET_RECORD_OPTS_VERSION */
	const char *indicator;   /* an indicator that has been set (GRID_ENOTFOUND otherwise) */
	const char *as_of;       /* YYYY-MM-DD: the figure runs from 1 January of its year to this day */
	grid_decimal value;      /* the cumulative figure */
	const char *unit;        /* a unit's code, or NULL for the whole database */
} grid_target_record_opts;

#define GRID_TARGET_RECORD_OPTS_VERSION 1
#define GRID_TARGET_RECORD_OPTS_INIT { GRID_TARGET_RECORD_OPTS_VERSION, NULL, NULL, { 0, 0 }, NULL }

/* Record a cumulative figure, as the acting person (an admin or a leader,
 * else GRID_EPERM); *id gets its id.  Figures are never changed: a
 * correction is a later figure for the same date, which the readers take
 * instead.  GRID_ENOTFOUND for an unknown indicator or unit; GRID_EUSAGE
 * for a malformed date; GRID_EINPUT for a date after today. */
GRID_API int grid_target_record(grid_db *db, const grid_target_record_opts *opts, int64_t *id);

/* ---- progress -------------------------------------------------------------- */

/* How the schedule counts the year gone (setting target.schedule). */
typedef enum grid_target_schedule {
	GRID_SCHEDULE_MONTHS, /* the complete months to the date, of 12 (the default) */
	GRID_SCHEDULE_DAYS,   /* the day of the year, counted inclusive, of the year's days */
} grid_target_schedule;

/* The English key of BY: "months" or "days". */
GRID_API const char *grid_target_schedule_name(grid_target_schedule by);

typedef struct grid_target_query {
	unsigned version;    /* GRID_TARGET_QUERY_VERSION */
	const char *as_of;   /* YYYY-MM-DD, or NULL: the year's last day, or today when earlier */
	int year;            /* 0: as_of's year (today's without as_of); else as_of must lie in it */
	const char *unit;    /* only the targets of this unit; NULL: every target, the whole's and the units' */
	int below;           /* with unit: those of the units below it too (a notice's scope) */
	int whole;           /* with unit: the whole database's too (the unit is the top of the tree) */
} grid_target_query;

#define GRID_TARGET_QUERY_VERSION 1
#define GRID_TARGET_QUERY_INIT { GRID_TARGET_QUERY_VERSION, NULL, 0, NULL, 0, 0 }

/* A ratio computed exactly from integers, with the two roundings grid
 * prints, each from the exact ratio (neither is rounded from the other). */
typedef struct grid_target_ratio {
	int has;              /* 0: not defined (no figure yet, a target of 0, nothing last year) */
	int64_t num, den;     /* the exact ratio num/den, den > 0 */
	grid_decimal percent; /* num/den × 100 to 2 decimals, half away from zero: {472800, 2} prints
			       * "47.28" with grid_decimal_format */
	int64_t millionths;   /* num/den × 1 000 000, half away from zero: 472759 is JSON's 0.472759 */
} grid_target_ratio;

/* One target of the year and where it stands.  Every has_ flag 0 means
 * "not known": print it empty, never as zero. */
typedef struct grid_target_row {
	const char *indicator;   /* the indicator's code */
	const char *name;        /* its name (财税收入), NULL when it has none */
	const char *measure;     /* its unit of measure (万元), NULL when it has none */
	const char *unit;        /* the unit's code; NULL: the target of the whole database */
	const char *unit_name;   /* the unit's name; NULL for the whole */
	grid_decimal target;     /* the year's target */
	int has_actual;          /* a figure of the year is recorded, dated on or before the as-of date */
	grid_decimal actual;     /* the latest such figure (for its date, the last recorded) */
	const char *as_of;       /* its date, YYYY-MM-DD; NULL without one */
	grid_target_ratio completion; /* actual / target (完成): undefined without a figure or with a target of 0 */
	grid_target_ratio schedule;   /* the share of the year gone at as_of (时间进度) */
	int has_points;
	grid_decimal points;     /* (actual/target − schedule) × 100, one decimal, half away from zero:
				  * {56000, 1} is 5.6 points ahead (超进度), negative behind */
	int has_over;
	grid_decimal due;        /* target × schedule rounded up to the target's decimals (应完成) */
	grid_decimal over;       /* actual − due (超收 when positive, 欠 when negative), with the decimals
				  * of actual or target, the more */
	int has_last;
	grid_decimal last;       /* last year's figure at the same day (上年同期): the latest of the year
				  * before dated on or before as_of's month and day (29 February: 28) */
	const char *last_as_of;  /* its date; NULL without one */
	grid_target_ratio yoy;   /* (actual − last) / last (同比): undefined without both, or when last ≤ 0 */
} grid_target_row;

/* The targets of a year with their progress; everything belongs to it
 * until grid_target_progress_free. */
typedef struct grid_targets {
	int year;
	char as_of[11];                /* the as-of date, YYYY-MM-DD */
	grid_target_schedule schedule; /* setting target.schedule */
	grid_target_row *rows;         /* by indicator (in the order they were made), the whole before its
					* units, the units by code */
	size_t nrows;
} grid_targets;

/* The targets of QUERY's year, each with the latest figure dated from the
 * year's 1 January to the as-of date, into *out (free with
 * grid_target_progress_free).  GRID_ENOTFOUND for an unknown unit;
 * GRID_EUSAGE for a malformed date, a year outside 1..9999 or an as-of
 * date outside the year; GRID_EINPUT for a malformed target.schedule. */
GRID_API int grid_target_progress(grid_db *db, const grid_target_query *query, grid_targets **out);

/* Free a result of grid_target_progress; NULL is accepted. */
GRID_API void grid_target_progress_free(grid_targets *targets);

/* ---- listings -------------------------------------------------------------- */

/* A target as set; strings live until the callback returns. */
typedef struct grid_target_item {
	const char *indicator, *name, *measure; /* name and measure NULL when none */
	int year;
	const char *unit;        /* NULL: the whole database */
	grid_decimal value;
	const char *set_by;      /* the person who set it, NULL when not known */
	int64_t set_at;          /* when, Unix seconds */
} grid_target_item;

typedef int (*grid_target_item_cb)(void *ctx, const grid_target_item *item);

/* The targets of YEAR (0: of every year) by year, indicator and unit, the
 * whole first.  GRID_EUSAGE for a year outside 0..9999. */
GRID_API int grid_target_list(grid_db *db, int year, grid_target_item_cb cb, void *ctx);

/* A figure as recorded; strings live until the callback returns. */
typedef struct grid_target_figure {
	int64_t id;
	const char *indicator;
	const char *unit;        /* NULL: the whole database */
	const char *as_of;       /* YYYY-MM-DD */
	grid_decimal value;
	const char *recorded_by; /* the person, NULL when not known */
	int64_t recorded_at;     /* Unix seconds */
	int superseded;          /* 1: a later figure of the same unit and date corrects it */
} grid_target_figure;

typedef int (*grid_target_figure_cb)(void *ctx, const grid_target_figure *figure);

/* Every figure of INDICATOR as recorded, corrections included, by unit
 * (the whole first), date and the order they were recorded.
 * GRID_ENOTFOUND for an unknown indicator. */
GRID_API int grid_target_log(grid_db *db, const char *indicator, grid_target_figure_cb cb, void *ctx);

#ifdef __cplusplus
}
#endif
#endif
