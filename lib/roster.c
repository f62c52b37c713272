/* The roster: listing units, people and responsibility chains. */
#include "internal.h"
#include "store_roster.h"

int grid_unit_list(grid_db *db, const grid_unit_filter *filter, grid_unit_cb cb, void *ctx)
{
	grid_unit_filter none = GRID_UNIT_FILTER_INIT;

	return store_unit_list(db->store, filter ? filter : &none, cb, ctx);
}
