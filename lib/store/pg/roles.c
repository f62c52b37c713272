/* grid init --roles on PostgreSQL: what the script needs is checked
 * first, so that a refusal says in one line what to do, then the script
 * (roles_text.c) runs in one transaction under the write lock. */
#include <stdlib.h>

#include "roles.h"

/* Does the session's role own the tables (or hold the rights of their
 * owner)?  The grants and the policies are the owner's to give. */
static int check_owner(struct store *s)
{
	static const char sql[] =
		"SELECT pg_catalog.pg_has_role(current_user, c.relowner, 'USAGE'),\n"
		"  pg_catalog.pg_get_userbyid(c.relowner), current_user\n"
		"FROM pg_catalog.pg_class c WHERE c.oid = pg_catalog.to_regclass('grid_meta')";
	struct sql_stmt *st;
	int rc, found, owns;
	char *owner, *user;

	if ((rc = store_stmt(s, sql, &st)) || (rc = store_first_row(s, st, "reading the tables' owner", &found)))
		return rc;
	if (!found)
		return grid_error_set(GRID_ENODB, "database '%s' has no grid tables; run 'grid init' first", s->where);
	owns = sql_int(st, 0);
	owner = store_column_dup(st, 1);
	user = store_column_dup(st, 2);
	sql_reset(st);
	rc = GRID_OK;
	if (!owner || !user)
		rc = GRID_EFAIL;
	else if (!owns)
		rc = grid_error_set(GRID_EPERM,
			"the tables of database '%s' belong to role '%s', not to '%s': only their owner may grant on them; "
			"run it as '%s'",
			s->where, owner, user, owner);
	free(owner);
	free(user);
	return rc;
}

/* A group role missing needs CREATEROLE to be made. */
static int check_createrole(struct store *s)
{
	static const char sql[] =
		"SELECT (SELECT string_agg(g, ', ' ORDER BY n)\n"
		"    FROM unnest(ARRAY['grid_admin', 'grid_leader', 'grid_staff', 'grid_viewer', 'grid_system'])\n"
		"      WITH ORDINALITY AS r(g, n)\n"
		"    WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = g)),\n"
		"  (SELECT rolcreaterole OR rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user),\n"
		"  current_user";
	struct sql_stmt *st;
	int rc, found, may;
	char *missing, *user;

	if ((rc = store_stmt(s, sql, &st)) || (rc = store_first_row(s, st, "reading the roles", &found)) || !found)
		return rc;
	may = sql_int(st, 1);
	missing = store_column_dup(st, 0);
	user = store_column_dup(st, 2);
	sql_reset(st);
	rc = GRID_OK;
	if (missing && !may)
		rc = grid_error_set(GRID_EPERM,
			"creating the group roles %s needs the CREATEROLE attribute, which role '%s' does not have: "
			"have a superuser run 'ALTER ROLE %s CREATEROLE', or create them (CREATE ROLE grid_admin NOLOGIN; …)",
			missing, user ? user : "", user ? user : "");
	else if (!user)
		rc = GRID_EFAIL;
	free(missing);
	free(user);
	return rc;
}

int pg_roles_renew(struct store *s)
{
	static const char sql[] = "SELECT pg_catalog.to_regprocedure('grid_me()') IS NOT NULL";
	struct sql_stmt *st;
	int64_t installed = 0;
	int rc, src;

	if ((rc = store_stmt(s, sql, &st)) || (rc = store_read_int64(s, st, &installed, NULL, "reading the roles")))
		return rc;
	if (installed && (src = s->drv->exec(s, pg_roles_script)) != SQL_DONE)
		return store_error(s, src, "granting on the new tables");
	return GRID_OK;
}

int pg_create_roles(struct store *s)
{
	int rc, src;

	if ((rc = store_begin(s)))
		return rc;
	if ((rc = check_owner(s)) == GRID_OK && (rc = check_createrole(s)) == GRID_OK &&
		(src = s->drv->exec(s, pg_roles_script)) != SQL_DONE)
		rc = store_error(s, src, "creating the roles and the rules of the server");
	return store_end(s, rc);
}
