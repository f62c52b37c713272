/* The core of the interface beyond the connection (lib/store/store.h):
 * settings, the one lookup of a unit by code, and the people the handle
 * itself needs (the actor, the first admin). */
#include "schema.h"
#include "sqlite.h"

const char store_schema_core_v1[] =
	"PRAGMA application_id = 1196575044;\n" /* 0x47524944, "GRID" */
	"CREATE TABLE setting (\n"
	"  key TEXT PRIMARY KEY,\n"
	"  value TEXT NOT NULL\n"
	") WITHOUT ROWID;\n";

int store_unit_find(struct store *s, const char *code, struct store_unit_ref *u)
{
	static const char sql[] = "SELECT id, parent_id, lft, rgt FROM unit WHERE code = ?1";
	sqlite3_stmt *st;
	int rc;

	if ((rc = store_find(s, sql, code, "unit", &st)))
		return rc;
	u->id = sqlite3_column_int64(st, 0);
	u->parent_id = sqlite3_column_type(st, 1) == SQLITE_NULL ? 0 : sqlite3_column_int64(st, 1);
	u->lft = sqlite3_column_int64(st, 2);
	u->rgt = sqlite3_column_int64(st, 3);
	sqlite3_reset(st);
	return GRID_OK;
}

int store_setting_get(struct store *s, const char *key, char **out)
{
	static const char sql[] = "SELECT value FROM setting WHERE key = ?1";
	sqlite3_stmt *st;
	int rc;

	*out = NULL;
	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	return store_read_text(s, st, out, NULL, "reading a setting");
}

int store_setting_put(struct store *s, const char *key, const char *value)
{
	static const char sql[] =
		"INSERT INTO setting(key, value) VALUES (?1, ?2) "
		"ON CONFLICT(key) DO UPDATE SET value = excluded.value";
	sqlite3_stmt *st;
	int rc;

	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	return store_step_done(s, st, "writing a setting");
}

int store_person_roles(struct store *s, const char *id, unsigned *roles)
{
	static const char sql[] = "SELECT roles FROM person WHERE pid = ?1";
	sqlite3_stmt *st;
	int rc;

	if ((rc = store_find(s, sql, id, "person", &st)))
		return rc;
	*roles = (unsigned)sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return GRID_OK;
}

int store_person_by_login(struct store *s, const char *login, char **id, unsigned *roles)
{
	static const char sql[] = "SELECT pid, roles FROM person WHERE login = ?1";
	sqlite3_stmt *st;
	int rc, found;

	*id = NULL;
	*roles = 0;
	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
	if ((rc = store_first_row(s, st, "reading a person", &found)) || !found)
		return rc;
	*id = store_column_dup(st, 0);
	*roles = (unsigned)sqlite3_column_int(st, 1);
	sqlite3_reset(st);
	return *id ? GRID_OK : GRID_EFAIL;
}

int store_has_admin(struct store *s, int *yes)
{
	static const char sql[] = "SELECT EXISTS (SELECT 1 FROM person WHERE roles & 1)";
	sqlite3_stmt *st;
	int64_t n = 0;
	int rc;

	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	rc = store_read_int64(s, st, &n, NULL, "reading people");
	*yes = n != 0;
	return rc;
}

int store_add_first_admin(struct store *s, const char *login)
{
	static const char sql[] =
		"INSERT INTO person(pid, name, login, roles) VALUES (?1, ?1, ?1, 1) "
		"ON CONFLICT(pid) DO UPDATE SET roles = roles | 1, login = ?1";
	sqlite3_stmt *st;
	int rc;

	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
	return store_step_done(s, st, "adding the first admin");
}
