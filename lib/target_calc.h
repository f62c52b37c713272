/* The arithmetic of a target's progress (grid-metrics(7), "Targets and
 * the schedule"), apart from the database so that it can be tested by
 * itself.  Not installed. */
#ifndef GRID_TARGET_CALC_H
#define GRID_TARGET_CALC_H

#include "grid/target.h"

/* A calendar date YYYY-MM-DD of the years 1..9999 into *y, *m, *d:
 * GRID_EUSAGE "malformed date" otherwise (sets the library error). */
int target_date_parse(const char *text, int *y, int *m, int *d);

/* The share of the year gone on Y-M-D, counted BY, as *num / *den. */
void target_elapsed(grid_target_schedule by, int y, int m, int d, int64_t *num, int64_t *den);

/* Fill R's computed fields from R->target, R->actual and R->as_of
 * (has_actual), and R->last (has_last): completion, schedule, points,
 * due, over and yoy, each with its has flag.  R->as_of must be a valid
 * date when has_actual.  Amounts at the far end of the range, where a
 * product would leave 64 bits, leave the field undefined. */
void target_compute(grid_target_row *r, grid_target_schedule by);

#endif
