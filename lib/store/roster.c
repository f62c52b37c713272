/* Storage of the roster: levels, departments, categories, units, people,
 * assignments. */
#include "sqlite.h"
#include "../store_roster.h"

/* Units form a tree; lft/rgt are nested-set bounds renumbered after every
 * change of the tree, so "U and its descendants" is one range scan.
 * Levels are numbered from 0 at the top; a unit's depth is its level. */
const char store_schema_roster_v1[] =
	"CREATE TABLE level (\n"
	"  depth INTEGER PRIMARY KEY,\n"
	"  name TEXT NOT NULL UNIQUE\n"
	");\n"
	"CREATE TABLE department (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  code TEXT NOT NULL UNIQUE,\n"
	"  name TEXT NOT NULL\n"
	");\n"
	"CREATE TABLE category (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  code TEXT NOT NULL UNIQUE,\n"
	"  name TEXT NOT NULL,\n"
	"  deadline_hours INTEGER NOT NULL CHECK (deadline_hours > 0),\n"
	"  department_id INTEGER REFERENCES department(id)\n"
	");\n"
	"CREATE TABLE unit (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  code TEXT NOT NULL UNIQUE,\n"
	"  name TEXT NOT NULL,\n"
	"  depth INTEGER NOT NULL REFERENCES level(depth),\n"
	"  parent_id INTEGER REFERENCES unit(id),\n"
	"  households INTEGER,\n"
	"  population INTEGER,\n"
	"  lft INTEGER NOT NULL DEFAULT 0,\n"
	"  rgt INTEGER NOT NULL DEFAULT 0\n"
	");\n"
	"CREATE INDEX unit_parent ON unit(parent_id);\n"
	"CREATE INDEX unit_lft ON unit(lft);\n"
	"CREATE INDEX unit_depth ON unit(depth);\n"
	/* roles: GRID_ROLE_* bits. */
	"CREATE TABLE person (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  pid TEXT NOT NULL UNIQUE,\n"
	"  name TEXT NOT NULL,\n"
	"  login TEXT UNIQUE,\n"
	"  phone TEXT,\n"
	"  roles INTEGER NOT NULL DEFAULT 0,\n"
	"  department_id INTEGER REFERENCES department(id)\n"
	");\n"
	"CREATE TABLE assignment (\n"
	"  unit_id INTEGER NOT NULL REFERENCES unit(id),\n"
	"  person_id INTEGER NOT NULL REFERENCES person(id),\n"
	"  duty TEXT NOT NULL,\n"
	"  PRIMARY KEY (unit_id, person_id, duty)\n"
	") WITHOUT ROWID;\n"
	"CREATE INDEX assignment_person ON assignment(person_id);\n";

static int unit_exists(struct store *s, const char *code)
{
	static const char sql[] = "SELECT 1 FROM unit WHERE code = ?1";
	sqlite3_stmt *st;
	int rc;

	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return GRID_OK;
	if (rc == SQLITE_DONE)
		return grid_error_set(GRID_ENOTFOUND, "unknown unit '%s'", code);
	return store_error(s, rc, "reading units");
}

static int level_exists(struct store *s, const char *name)
{
	static const char sql[] = "SELECT 1 FROM level WHERE name = ?1";
	sqlite3_stmt *st;
	int rc;

	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return GRID_OK;
	if (rc == SQLITE_DONE)
		return grid_error_set(GRID_ENOTFOUND, "unknown level '%s'", name);
	return store_error(s, rc, "reading levels");
}

int store_unit_list(struct store *s, const grid_unit_filter *f, grid_unit_cb cb, void *ctx)
{
	static const char sql[] =
		"SELECT u.code, u.name, l.name, p.code, u.depth, u.households, u.population\n"
		"FROM unit u JOIN level l ON l.depth = u.depth LEFT JOIN unit p ON p.id = u.parent_id\n"
		"WHERE (?1 IS NULL OR l.name = ?1)\n"
		"  AND (?2 IS NULL OR u.lft BETWEEN (SELECT lft FROM unit WHERE code = ?2)\n"
		"                               AND (SELECT rgt FROM unit WHERE code = ?2))\n"
		"ORDER BY u.lft, u.code";
	sqlite3_stmt *st;
	int rc;

	if (f->under && (rc = unit_exists(s, f->under)))
		return rc;
	if (f->level && (rc = level_exists(s, f->level)))
		return rc;
	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	store_bind_text(st, 1, f->level);
	store_bind_text(st, 2, f->under);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		grid_unit u;
		int stop;

		u.code = (const char *)sqlite3_column_text(st, 0);
		u.name = (const char *)sqlite3_column_text(st, 1);
		u.level = (const char *)sqlite3_column_text(st, 2);
		u.parent = (const char *)sqlite3_column_text(st, 3);
		u.depth = sqlite3_column_int(st, 4);
		u.households = sqlite3_column_type(st, 5) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 5);
		u.population = sqlite3_column_type(st, 6) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 6);
		if ((stop = cb(ctx, &u))) {
			sqlite3_reset(st);
			return stop;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? GRID_OK : store_error(s, rc, "listing units");
}
