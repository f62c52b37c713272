/* Statements: the per-connection cache of prepared statements, binding,
 * and the shared ways of stepping them (to the end, to one row, through
 * every row). */
#include <stdio.h>

#include "sqlite.h"

static size_t slot_hash(const char *sql)
{
	uintptr_t p = (uintptr_t)sql;

	return (size_t)((p >> 3) ^ (p >> 11)) % STORE_STMT_SLOTS;
}

int store_stmt(struct store *s, const char *sql, sqlite3_stmt **out)
{
	size_t h = slot_hash(sql);
	size_t i;
	int rc;

	*out = NULL;
	for (i = 0; i < STORE_STMT_SLOTS; i++) {
		struct stmt_slot *slot = &s->slots[(h + i) % STORE_STMT_SLOTS];

		if (slot->sql == sql) {
			sqlite3_reset(slot->stmt);
			sqlite3_clear_bindings(slot->stmt);
			*out = slot->stmt;
			return GRID_OK;
		}
		if (!slot->sql) {
			rc = sqlite3_prepare_v3(s->sql, sql, -1, SQLITE_PREPARE_PERSISTENT, &slot->stmt, NULL);
			if (rc != SQLITE_OK) {
				slot->stmt = NULL;
				return store_error(s, rc, "prepare");
			}
			slot->sql = sql;
			*out = slot->stmt;
			return GRID_OK;
		}
	}
	return grid_error_set(GRID_EFAIL, "internal: statement cache is full");
}

int store_bind_text(sqlite3_stmt *st, int i, const char *text)
{
	return text ? sqlite3_bind_text(st, i, text, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(st, i);
}

int store_bind_static_text(sqlite3_stmt *st, int i, const char *text)
{
	return text ? sqlite3_bind_text(st, i, text, -1, SQLITE_STATIC) : SQLITE_OK;
}

int store_bind_opt_int(sqlite3_stmt *st, int i, int64_t v, int has)
{
	return has ? sqlite3_bind_int64(st, i, v) : sqlite3_bind_null(st, i);
}

int store_bind_limit(sqlite3_stmt *st, int i, int64_t limit)
{
	return sqlite3_bind_int64(st, i, limit > 0 ? limit : -1);
}

int store_step_done(struct store *s, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	return rc == SQLITE_DONE ? GRID_OK : store_error(s, rc, what);
}

int store_step_insert(struct store *s, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return GRID_OK;
	return (rc & 0xff) == SQLITE_CONSTRAINT ? 1 : store_error(s, rc, what);
}

char *store_column_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	return t ? grid_strdup((const char *)t) : NULL;
}

int store_first_row(struct store *s, sqlite3_stmt *st, const char *what, int *found)
{
	int rc = sqlite3_step(st);

	*found = rc == SQLITE_ROW;
	if (rc == SQLITE_ROW)
		return GRID_OK;
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? GRID_OK : store_error(s, rc, what);
}

int store_read_int64(struct store *s, sqlite3_stmt *st, int64_t *out, int *found, const char *what)
{
	int rc, row;

	if ((rc = store_first_row(s, st, what, &row)))
		return rc;
	if (found)
		*found = row;
	if (row) {
		*out = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
	}
	return GRID_OK;
}

int store_read_text(struct store *s, sqlite3_stmt *st, char **out, int *found, const char *what)
{
	int rc, row;

	*out = NULL;
	if ((rc = store_first_row(s, st, what, &row)))
		return rc;
	if (found)
		*found = row;
	if (!row)
		return GRID_OK;
	if (sqlite3_column_type(st, 0) != SQLITE_NULL && !(*out = store_column_dup(st, 0)))
		rc = GRID_EFAIL; /* grid_strdup has said why */
	sqlite3_reset(st);
	return rc;
}

int store_rows(struct store *s, sqlite3_stmt *st, store_row_fn row, void *ctx, const char *what)
{
	int rc, stop = 0;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW && !(stop = row(ctx, st)))
		;
	sqlite3_reset(st);
	if (stop)
		return stop;
	return rc == SQLITE_DONE ? GRID_OK : store_error(s, rc, what);
}

int store_find(struct store *s, const char *sql, const char *key, const char *what, sqlite3_stmt **row)
{
	char reading[64];
	sqlite3_stmt *st;
	int rc, found;

	if (row)
		*row = NULL;
	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	snprintf(reading, sizeof(reading), "reading %s", what);
	if ((rc = store_first_row(s, st, reading, &found)))
		return rc;
	if (!found)
		return grid_error_set(GRID_ENOTFOUND, "unknown %s '%s'", what, key);
	if (row)
		*row = st;
	else
		sqlite3_reset(st);
	return GRID_OK;
}
