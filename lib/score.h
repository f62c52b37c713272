/* Weighted scores of grid-metrics(7): the ranking's formula, shared by
 * grid_rank (lib/stats.c) and the yearly evaluation (lib/eval.c) so that
 * both score alike.  Not installed. */
#ifndef GRID_SCORE_H
#define GRID_SCORE_H

#include <stddef.h>
#include <stdint.h>

#include "grid/common.h"

/* Scores closer than this are equal: the same rates reached by another
 * order of floating-point operations must not decide a rank or a rating. */
#define SCORE_EPS 1e-9

/* The weighted mean of the rates NUM[k]/DEN[k] that have data (DEN > 0)
 * and weight (W > 0), the rest left out and the weights rescaled, into
 * *out; returns 0 (and *out 0) when no rate counts. */
int score_weighted(const int64_t *num, const int64_t *den, const double *w, size_t n, double *out);

/* The number of setting KEY into *out, DFLT when unset; GRID_EINPUT when
 * it is not a number from 0 to MAX (HUGE_VAL for a weight, else 1). */
int score_setting(grid_db *db, const char *key, double dflt, double max, double *out);

#endif
