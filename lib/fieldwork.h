/* What household visits (visit.c) and duty diaries (diary.c) share: who
 * may record field work on a unit, the units and person a list is scoped
 * to, and the sum of their measures.  Not installed. */
#ifndef GRID_FIELDWORK_H
#define GRID_FIELDWORK_H

#include <stdint.h>

#include "grid/stats.h"
#include "internal.h"

/* Who may record visits and diary entries. */
#define FIELDWORK_WRITERS (GRID_ROLE_ADMIN | GRID_ROLE_LEADER | GRID_ROLE_GRID_HEAD | GRID_ROLE_GRID_MEMBER)
/* Who may import visits and review diary entries. */
#define FIELDWORK_REVIEWERS (GRID_ROLE_ADMIN | GRID_ROLE_LEADER)

/* The unit (code UNIT, id *UNIT_ID) and the person (*WHO: BY, or the
 * acting person when BY is NULL) of a record that WHAT ("visit add")
 * writes, both known; GRID_EPERM unless the acting person may write it:
 * an admin always; for someone else only an admin or a leader; the others
 * only on units where they (or an ancestor unit) are assigned. */
int fieldwork_writer(grid_db *db, const char *unit, const char *by, const char *what, int64_t *unit_id,
	const char **who);

/* The nested-set bounds of UNIT and its descendants; all units when UNIT
 * is NULL.  GRID_ENOTFOUND for an unknown unit. */
int fieldwork_scope(grid_db *db, const char *unit, int64_t *lft, int64_t *rgt);

/* fieldwork_scope for a list filtered by UNIT and person BY (either may be
 * NULL): GRID_ENOTFOUND for an unknown unit or person. */
int fieldwork_list_scope(grid_db *db, const char *unit, const char *by, int64_t *lft, int64_t *rgt);

/* Add the counters of field work in M (households to score_sum) to TO's. */
void fieldwork_measure_add(grid_measure *to, const grid_measure *m);

#endif
