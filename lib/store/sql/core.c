/* The core of the interface beyond the connection (lib/store/store.h):
 * settings, the one lookup of a unit by code, and the people the handle
 * itself needs (the actor, the first admin). */
#include "../sql.h"


int store_unit_find(struct store *s, const char *code, struct store_unit_ref *u)
{
	static const char sql[] = "SELECT id, parent_id, lft, rgt FROM unit WHERE code = ?1";
	struct sql_stmt *st;
	int rc;

	if ((rc = store_find(s, sql, code, N_("unit"), &st)))
		return rc;
	u->id = sql_int64(st, 0);
	u->parent_id = sql_int64_or0(st, 1);
	u->lft = sql_int64(st, 2);
	u->rgt = sql_int64(st, 3);
	sql_reset(st);
	return GRID_OK;
}

int store_setting_get(struct store *s, const char *key, char **out)
{
	static const char sql[] = "SELECT value FROM setting WHERE key = ?1";
	struct sql_stmt *st;
	int rc;

	*out = NULL;
	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	store_bind_static_text(st, 1, key);
	return store_read_text(s, st, out, NULL, "reading a setting");
}

int store_setting_put(struct store *s, const char *key, const char *value)
{
	static const char sql[] =
		"INSERT INTO setting(key, value) VALUES (?1, ?2) "
		"ON CONFLICT(key) DO UPDATE SET value = excluded.value";
	struct sql_stmt *st;
	int rc;

	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	store_bind_static_text(st, 1, key);
	store_bind_static_text(st, 2, value);
	return store_step_done(s, st, "writing a setting");
}

int store_person_roles(struct store *s, const char *id, unsigned *roles)
{
	static const char sql[] = "SELECT roles FROM person WHERE pid = ?1";
	struct sql_stmt *st;
	int rc;

	if ((rc = store_find(s, sql, id, N_("person"), &st)))
		return rc;
	*roles = (unsigned)sql_int(st, 0);
	sql_reset(st);
	return GRID_OK;
}

int store_person_by_login(struct store *s, const char *login, char **id, unsigned *roles)
{
	static const char sql[] = "SELECT pid, roles FROM person WHERE login = ?1";
	struct sql_stmt *st;
	int rc, found;

	*id = NULL;
	*roles = 0;
	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	store_bind_static_text(st, 1, login);
	if ((rc = store_first_row(s, st, "reading a person", &found)) || !found)
		return rc;
	*id = store_column_dup(st, 0);
	*roles = (unsigned)sql_int(st, 1);
	sql_reset(st);
	return *id ? GRID_OK : GRID_EFAIL;
}

int store_has_admin(struct store *s, int *yes)
{
	static const char sql[] = "SELECT EXISTS (SELECT 1 FROM person WHERE (roles & 1) <> 0)";
	struct sql_stmt *st;
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
		"ON CONFLICT(pid) DO UPDATE SET roles = person.roles | 1, login = ?1";
	struct sql_stmt *st;
	int rc;

	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	store_bind_static_text(st, 1, login);
	return store_step_done(s, st, "adding the first admin");
}
