/* The server's own enforcement of who may do what on PostgreSQL (grid
 * init --roles): the group roles, the grants, the row-level security
 * policies and their helper functions.  For the files of lib/store/ only. */
#ifndef GRID_STORE_PG_ROLES_H
#define GRID_STORE_PG_ROLES_H

#include "../sql.h"

/* The group roles, in the order messages name them. */
#define PG_GROUP_ROLES "grid_admin, grid_leader, grid_staff, grid_viewer, grid_system"

/* The script (roles_text.c): idempotent, run in one transaction by the
 * owner of the tables, with the group roles' creation first. */
extern const char pg_roles_script[];

/* Create the group roles that are missing, then grant, enable row-level
 * security and (re)create the policies and their functions, all in one
 * transaction under the write lock (store_create_roles' work on
 * PostgreSQL).  GRID_EPERM, nothing done, when the session's role does
 * not own the tables, or when a group role is missing and it may not
 * create roles (CREATEROLE). */
int pg_create_roles(struct store *s);

/* In the transaction of a schema upgrade by the tables' owner: when grid
 * init --roles was run on the database, run its script again, so that the
 * new tables get their grants and the roles keep working. */
int pg_roles_renew(struct store *s);

#endif
