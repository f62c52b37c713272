/* The import of a roster file into an empty roster.
 *
 * With no departments, categories, units, people or assignments yet,
 * nothing can conflict with the database: the loader writes units, people
 * and assignments straight into the roster as it reads them, checking each
 * row as it goes (store_direct_* return 1 for any row the staged import
 * would refuse; the caller then rolls back and takes that path, which
 * places every problem). */
#include "../roster.h"
#include "roster_sql.h"
#include "../sql.h"

int store_roster_empty(struct store *s, int people, int *empty)
{
	static const char with_people[] =
		"SELECT EXISTS (SELECT 1 FROM department) OR EXISTS (SELECT 1 FROM category)\n"
		"  OR EXISTS (SELECT 1 FROM unit) OR EXISTS (SELECT 1 FROM assignment)";
	static const char without_people[] =
		"SELECT EXISTS (SELECT 1 FROM department) OR EXISTS (SELECT 1 FROM category)\n"
		"  OR EXISTS (SELECT 1 FROM unit) OR EXISTS (SELECT 1 FROM person) OR EXISTS (SELECT 1 FROM assignment)";
	struct sql_stmt *st;
	int64_t n = 1;
	int rc = store_stmt(s, people ? with_people : without_people, &st);

	if (rc == GRID_OK)
		rc = store_read_int64(s, st, &n, NULL, "counting the roster");
	*empty = rc == GRID_OK && n == 0;
	return rc;
}

int store_roster_direct(struct store *s)
{
	return store_engine(s) != SQL_PG;
}

int store_roster_bulk(struct store *s, int phase)
{
	/* PostgreSQL checks the keys of a load into empty tables as it goes. */
	static const struct sql_dialects fk_off = { "PRAGMA foreign_keys = OFF", NULL };
	static const struct sql_dialects fk_on = { "PRAGMA foreign_keys = ON", NULL };
	/* PostgreSQL builds no index on a table with checks still pending
	 * (the keys a merge deferred): run them first. */
	static const struct sql_dialects build = { ROSTER_BULK_INDEXES,
		"SET CONSTRAINTS ALL IMMEDIATE;\n" ROSTER_BULK_INDEXES };

	switch (phase) {
	case STORE_BULK_BEGIN:
		/* Outside a transaction, where the pragma has effect. */
		return store_exec_dialect(s, &fk_off);
	case STORE_BULK_WRITE:
		return store_exec(s, "DROP INDEX unit_parent; DROP INDEX unit_lft; DROP INDEX unit_depth;\n"
				     "DROP INDEX assignment_person");
	case STORE_BULK_INDEX:
		return store_exec_dialect(s, &build);
	default:
		return store_exec_dialect(s, &fk_on);
	}
}

/* Step a direct insert: a refused row (a constraint) is 1. */
static int direct_step(struct store *s, struct sql_stmt *st, const char *what)
{
	int rc = store_step_insert(s, st, what);

	sql_clear_bindings(st);
	return rc;
}

/* A key's id from SQL (taking the key as ?1), or 1 when there is none. */
static int lookup_id(struct store *s, const char *sql, const char *key, int64_t *id, int *depth)
{
	struct sql_stmt *st;
	int rc, found;

	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	store_bind_static_text(st, 1, key);
	if ((rc = store_first_row(s, st, "reading the roster", &found)))
		return rc;
	if (!found)
		return 1;
	*id = sql_int64(st, 0);
	if (depth)
		*depth = sql_int(st, 1);
	sql_reset(st);
	return GRID_OK;
}

int store_direct_unit_find(struct store *s, const char *code, int64_t *id, int *depth)
{
	return lookup_id(s, "SELECT id, depth FROM unit WHERE code = ?1", code, id, depth);
}

int store_direct_department_find(struct store *s, const char *code, int64_t *id)
{
	return lookup_id(s, "SELECT id FROM department WHERE code = ?1", code, id, NULL);
}

int store_direct_unit(struct store *s, const struct stage_unit *u, int depth, int64_t parent_id, int64_t *id)
{
	static const char sql[] =
		"INSERT INTO unit(code, name, depth, parent_id, households, population, lat, long, address)\n"
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id";
	struct sql_stmt *st;
	int rc;

	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	store_bind_static_text(st, 1, u->code);
	store_bind_static_text(st, 2, u->name);
	sql_bind_int64(st, 3, depth);
	store_bind_opt_int(st, 4, parent_id, parent_id > 0);
	store_bind_opt_int(st, 5, u->households, u->households >= 0);
	store_bind_opt_int(st, 6, u->population, u->population >= 0);
	store_bind_position(st, 7, u->has_position, u->lat, u->lon);
	store_bind_static_text(st, 9, u->address);
	rc = sql_step(st);
	if (rc == SQL_ECONSTRAINT || rc == SQL_DONE) {
		sql_reset(st);
		sql_clear_bindings(st);
		return 1;
	}
	if (rc != SQL_ROW) {
		sql_reset(st);
		return store_error(s, rc, "writing units");
	}
	*id = sql_int64(st, 0);
	sql_reset(st);
	sql_clear_bindings(st);
	return GRID_OK;
}

int store_direct_person(struct store *s, const struct stage_person *p, int64_t dept_id)
{
	static const char sql[] =
		"INSERT INTO person(pid, name, login, phone, roles, department_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
	struct sql_stmt *st;
	int rc;

	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	store_bind_static_text(st, 1, p->pid);
	store_bind_static_text(st, 2, p->name);
	store_bind_static_text(st, 3, p->login);
	store_bind_static_text(st, 4, p->phone);
	sql_bind_int64(st, 5, (int)p->roles);
	store_bind_opt_int(st, 6, dept_id, dept_id > 0);
	return direct_step(s, st, "writing people");
}

int store_direct_assignment(struct store *s, int64_t unit_id, const struct stage_assignment *a)
{
	/* An unknown person leaves a NULL, which NOT NULL refuses. */
	static const char sql[] =
		"INSERT INTO assignment(unit_id, person_id, duty)\n"
		"VALUES (?1, (SELECT id FROM person WHERE pid = ?2), ?3)";
	struct sql_stmt *st;
	int rc;

	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	sql_bind_int64(st, 1, unit_id);
	store_bind_static_text(st, 2, a->person);
	store_bind_static_text(st, 3, a->duty);
	return direct_step(s, st, "writing assignments");
}
