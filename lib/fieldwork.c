/* What household visits and duty diaries share: who may record field
 * work on a unit, the scope of a list, the sum of their measures. */
#include <string.h>

#include "fieldwork.h"
#include "store/fieldwork.h"

/* Who may write field records on the unit bounded by LFT/RGT for person
 * BY: an admin always; someone else's only an admin or a leader; the
 * others only on units where they (or an ancestor unit) are assigned. */
static int may_write(grid_db *db, const char *by, const char *unit, int64_t lft, int64_t rgt, const char *what)
{
	int yes = 0;
	int rc;

	if ((rc = grid_require_role(db, FIELDWORK_WRITERS, what)))
		return rc;
	if (db->actor_roles & GRID_ROLE_ADMIN)
		return GRID_OK;
	if (strcmp(by, db->actor) != 0 && !(db->actor_roles & GRID_ROLE_LEADER))
		return grid_error_set(GRID_EPERM, "%s: only an admin or a leader may record for someone else ('%s')", what,
			by);
	if ((rc = store_fieldwork_assigned(db->store, db->actor, lft, rgt, &yes)))
		return rc;
	if (!yes)
		return grid_error_set(GRID_EPERM, "%s: person '%s' has no assignment on unit '%s' or above it", what,
			db->actor, unit);
	return GRID_OK;
}

int fieldwork_writer(grid_db *db, const char *unit, const char *by, const char *what, int64_t *unit_id,
	const char **who)
{
	int64_t lft, rgt;
	int rc;

	if ((rc = store_fieldwork_unit(db->store, unit, unit_id, &lft, &rgt)))
		return rc;
	*who = by ? by : db->actor;
	if (!*who)
		return grid_require_role(db, FIELDWORK_WRITERS, what);
	if ((rc = store_fieldwork_person(db->store, *who)))
		return rc;
	return may_write(db, *who, unit, lft, rgt, what);
}

int fieldwork_scope(grid_db *db, const char *unit, int64_t *lft, int64_t *rgt)
{
	*lft = INT64_MIN;
	*rgt = INT64_MAX;
	return unit ? store_fieldwork_unit(db->store, unit, NULL, lft, rgt) : GRID_OK;
}

int fieldwork_list_scope(grid_db *db, const char *unit, const char *by, int64_t *lft, int64_t *rgt)
{
	int rc;

	if ((rc = fieldwork_scope(db, unit, lft, rgt)))
		return rc;
	return by ? store_fieldwork_person(db->store, by) : GRID_OK;
}

void fieldwork_measure_add(grid_measure *to, const grid_measure *m)
{
	to->households += m->households;
	to->visited += m->visited;
	to->expected += m->expected;
	to->written += m->written;
	to->scored += m->scored;
	to->score_sum += m->score_sum;
}
