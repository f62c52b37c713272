/* libgrid: field work — household visits and duty diaries. */
#ifndef GRID_FIELD_H
#define GRID_FIELD_H

#include <stdint.h>

#include "common.h"
#include "stats.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Visit measures (households, visited) by unit, shaped like
 * grid_stats_cases so that rank can merge them by key. */
GRID_API int grid_stats_visits(grid_db *db, const grid_stats_query *query, grid_stats_cb cb, void *ctx,
	grid_measure *total);

/* Diary measures (expected, written, scored, score_sum) by unit or person. */
GRID_API int grid_stats_diary(grid_db *db, const grid_stats_query *query, grid_stats_cb cb, void *ctx,
	grid_measure *total);

#ifdef __cplusplus
}
#endif
#endif
