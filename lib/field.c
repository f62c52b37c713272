/* Field work: household visits and duty diaries. */
#include <string.h>

#include "grid/field.h"
#include "internal.h"

/* Placeholders until field work lands: no rows, zero totals. */
int grid_stats_visits(grid_db *db, const grid_stats_query *query, grid_stats_cb cb, void *ctx,
	grid_measure *total)
{
	if (total)
		memset(total, 0, sizeof(*total));
	return GRID_OK;
}

int grid_stats_diary(grid_db *db, const grid_stats_query *query, grid_stats_cb cb, void *ctx,
	grid_measure *total)
{
	if (total)
		memset(total, 0, sizeof(*total));
	return GRID_OK;
}
