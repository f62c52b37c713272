/* A bulk load of issues and their history (the ledger import,
 * lib/ledger.c) on either engine: the engine's settings for the load
 * (lib/store/sqlite/bulk.c; PostgreSQL needs none), and the secondary
 * indexes of issue and event, dropped for a load into empty tables and
 * built again once at its end. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../issue.h"
#include "../sql.h"
#include "../sqlite/sqlite.h"

int store_issues_empty(struct store *s, int *empty)
{
	static const char sql[] = "SELECT NOT EXISTS (SELECT 1 FROM issue)";
	struct sql_stmt *st;
	int64_t yes = 0;
	int rc;

	*empty = 0;
	if ((rc = store_stmt(s, sql, &st)) || (rc = store_read_int64(s, st, &yes, NULL, "reading issues")))
		return rc;
	*empty = yes != 0;
	return GRID_OK;
}

int store_may_copy(struct store *s, int *yes)
{
	static const char sql[] = "SELECT NOT (row_security_active('issue') OR row_security_active('event'))";
	struct sql_stmt *st;
	int64_t ok = 0;
	int rc;

	*yes = 0;
	if (store_engine(s) != SQL_PG)
		return GRID_OK;
	if (s->copy_mode == 0) {
		if ((rc = store_stmt(s, sql, &st)) || (rc = store_read_int64(s, st, &ok, NULL, "reading the session's rights")))
			return rc;
		s->copy_mode = ok ? 1 : 2;
	}
	*yes = s->copy_mode == 1;
	return GRID_OK;
}

int store_owns_tables(struct store *s, int *yes)
{
	static const char sql[] = "SELECT pg_catalog.pg_has_role(current_user, c.relowner, 'USAGE')\n"
				  "FROM pg_catalog.pg_class c WHERE c.oid = 'issue'::regclass";
	struct sql_stmt *st;
	int64_t owner = 0;
	int rc;

	*yes = 1;
	if (store_engine(s) != SQL_PG)
		return GRID_OK;
	if ((rc = store_stmt(s, sql, &st)) || (rc = store_read_int64(s, st, &owner, NULL, "reading the tables' owner")))
		return rc;
	*yes = owner != 0;
	return GRID_OK;
}

int store_bulk_begin(struct store *s, int may_switch, int *switched)
{
	*switched = 0;
	return store_engine(s) == SQL_SQLITE ? sqlite_bulk_begin(s, may_switch, switched) : GRID_OK;
}

void store_bulk_end(struct store *s, int switched)
{
	if (store_engine(s) == SQL_SQLITE)
		sqlite_bulk_end(s, switched);
}

/* A full store_bulk: the indexes past its room stay and are kept row by
 * row, as without the bulk load. */
enum { BULK_FULL = 1 };

static int index_row(void *arg, struct sql_stmt *st)
{
	struct store_bulk *b = arg;
	char *name, *sql;

	if (b->n >= GRID_ARRAY_SIZE(b->definition))
		return BULK_FULL;
	name = store_column_dup(st, 0);
	sql = store_column_dup(st, 1);
	if (!name || !sql) {
		free(name);
		free(sql);
		return GRID_EFAIL;
	}
	b->name[b->n] = name;
	b->definition[b->n++] = sql;
	return 0;
}

/* Inside the load's transaction: when the issue table is empty, every
 * secondary index of issue and event (this file's and those other
 * concerns add, such as the measures' covering index) is dropped, and
 * store_bulk_index() builds them again from their stored SQL, sorted,
 * once at the end, which costs less than keeping them row by row.  A
 * rollback restores them with everything else.  The UNIQUE index of ref
 * stays: the load relies on it. */
int store_bulk_drop_indexes(struct store *s, struct store_bulk *b)
{
	/* The indexes of their own, not those of a constraint (ref's
	 * UNIQUE, the keys), which the load relies on. */
	static const struct sql_dialects list = {
		"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('issue', 'event')\n"
		"  AND sql IS NOT NULL",
		/* A partitioned table's index reads "ON ONLY event": built so
		 * it would stay invalid and leave the partitions without. */
		"SELECT indexname, replace(indexdef, ' ON ONLY ', ' ON ') FROM pg_catalog.pg_indexes\n"
		"WHERE schemaname = current_schema() AND tablename IN ('issue', 'event')\n"
		"  AND indexname NOT IN (SELECT conname FROM pg_catalog.pg_constraint)",
	};
	struct sql_stmt *st;
	int rc, empty, owner;

	memset(b, 0, sizeof(*b));
	/* Only the tables' owner may drop their indexes: anyone else keeps
	 * them up row by row. */
	if ((rc = store_owns_tables(s, &owner)) || !owner)
		return rc;
	if ((rc = store_issues_empty(s, &empty)) || !empty)
		return rc;
	if ((rc = store_stmt_dialect(s, &list, &st)))
		return rc;
	rc = store_rows(s, st, index_row, b, "reading the schema");
	if (rc != GRID_OK && rc != BULK_FULL)
		return rc;
	for (size_t i = 0; i < b->n; i++) {
		char drop[200];

		snprintf(drop, sizeof(drop), "DROP INDEX \"%s\"", b->name[i]);
		if ((rc = store_exec(s, drop)))
			return rc;
	}
	return GRID_OK;
}

int store_bulk_index(struct store *s, const struct store_bulk *b)
{
	static const struct sql_dialects checks_now = { NULL, "SET CONSTRAINTS ALL IMMEDIATE" };
	int rc;

	if (b->n > 0 && (rc = store_exec_dialect(s, &checks_now)))
		return rc;
	for (size_t i = 0; i < b->n; i++)
		if ((rc = store_exec(s, b->definition[i])))
			return rc;
	return GRID_OK;
}

void store_bulk_free(struct store_bulk *b)
{
	for (size_t i = 0; i < b->n; i++) {
		free(b->name[i]);
		free(b->definition[i]);
	}
	b->n = 0;
}

