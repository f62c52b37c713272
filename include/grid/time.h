/* libgrid: time arguments, ISO weeks, months and their local boundaries.
 *
 * Times are Unix seconds.  "Local" means the time zone of the TZ
 * environment variable, as localtime(3) sees it. */
#ifndef GRID_TIME_H
#define GRID_TIME_H

#include <stdint.h>

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A half-open interval [since, until) and the as-of time of a report:
 * until, or now when now is earlier. */
typedef struct grid_period {
	int64_t since;
	int64_t until;
	int64_t as_of;
} grid_period;

/* Parse YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS], either with Z or ±HH:MM (or
 * ±HHMM) appended; a space may stand for the T.  Without a zone the time
 * is local.  GRID_EUSAGE with a message on anything else. */
GRID_API int grid_time_parse(int64_t *out, const char *text);

/* Parse a calendar date YYYY-MM-DD into its local midnight. */
GRID_API int grid_date_parse(int64_t *out, const char *text);

/* Write T as ISO 8601 local time with offset, 2026-11-03T10:00:00+08:00,
 * into BUF (at least 32 bytes). */
GRID_API void grid_time_format(char *buf, size_t size, int64_t t);

/* Write T's local calendar date, YYYY-MM-DD, into BUF (at least 11 bytes). */
GRID_API void grid_date_format(char *buf, size_t size, int64_t t);

/* The ISO week "2026-W48" (Monday 00:00 local to the next Monday). */
GRID_API int grid_period_week(grid_period *out, const char *text, int64_t now);

/* The calendar month "2026-11" (day 1 00:00 local to the next month). */
GRID_API int grid_period_month(grid_period *out, const char *text, int64_t now);

/* The quarter "2026-Q2" (April 1 00:00 local to July 1), and the year
 * "2026" (January 1 00:00 local to the next January 1). */
GRID_API int grid_period_quarter(grid_period *out, const char *text, int64_t now);
GRID_API int grid_period_year(grid_period *out, const char *text, int64_t now);

/* [since, until) from two time arguments; until must be after since. */
GRID_API int grid_period_range(grid_period *out, const char *since, const char *until, int64_t now);

/* The last complete ISO week, or calendar month, before NOW. */
GRID_API void grid_period_last_week(grid_period *out, int64_t now);
GRID_API void grid_period_last_month(grid_period *out, int64_t now);

/* The period before P into *OUT: as many calendar months before P when P
 * is whole months (the month before a month, the year before a year),
 * else as many local days (or, for bounds that are not midnights,
 * seconds) before it.  Its as-of lags its until as P's lags P's until, so
 * that a comparison reads both periods alike. */
GRID_API void grid_period_previous(grid_period *out, const grid_period *p);

/* Name the ISO week containing T, "2026-W48", into BUF (at least 9 bytes). */
GRID_API void grid_week_name(char *buf, size_t size, int64_t t);

/* The number of Monday–Friday days whose local midnight is in [since, until). */
GRID_API int grid_working_days(int64_t since, int64_t until);

#ifdef __cplusplus
}
#endif
#endif
