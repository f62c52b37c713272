/* The roster: listing units, people and responsibility chains. */
#include "internal.h"
#include "store/roster.h"

int grid_unit_list(grid_db *db, const grid_unit_filter *filter, grid_unit_cb cb, void *ctx)
{
	grid_unit_filter none = GRID_UNIT_FILTER_INIT;

	return store_unit_list(db->store, filter ? filter : &none, cb, ctx);
}

int grid_unit_counts(grid_db *db, const char *code, int64_t *children, int64_t *assignments)
{
	int64_t c = 0, a = 0;
	int rc = store_unit_counts(db->store, code, &c, &a);

	if (children)
		*children = c;
	if (assignments)
		*assignments = a;
	return rc;
}

int grid_person_list(grid_db *db, const grid_person_filter *filter, grid_person_cb cb, void *ctx)
{
	grid_person_filter none = GRID_PERSON_FILTER_INIT;

	return store_person_list(db->store, filter ? filter : &none, cb, ctx);
}

int grid_person_duties(grid_db *db, const char *id, grid_duty_cb cb, void *ctx)
{
	return store_person_duties(db->store, id, cb, ctx);
}

int grid_who(grid_db *db, const char *code, grid_duty_cb cb, void *ctx)
{
	return store_who(db->store, code, cb, ctx);
}
