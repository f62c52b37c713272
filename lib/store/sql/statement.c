/* Statements over any driver: the per-connection cache of prepared
 * statements, binding, the shared ways of stepping them (to the end, to
 * one row, through every row) and the library errors of the driver's
 * error classes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../sql.h"

int store_error(struct store *s, int rc, const char *what)
{
	const char *msg = s && s->errmsg[0] ? s->errmsg : "unknown error";

	/* WHAT, a literal of the callers ("reading units"), is in the catalogue. */
	what = _(what);

	if (s)
		s->retryable = rc == SQL_ERETRY;
	switch (rc) {
	case SQL_EBUSY:
		return grid_error_set(GRID_EBUSY, "database is busy (%s); try again later", what);
	case SQL_ERETRY:
		return grid_error_set(GRID_EBUSY, "%s: another writer changed the same rows at once (%s); try again", what, msg);
	case SQL_ENOTADB:
		return grid_error_set(GRID_ENODB, "not a grid database (%s)", what);
	case SQL_EFULL:
		return grid_error_set(GRID_EFAIL, "disk full (%s)", what);
	case SQL_ELOST:
		return grid_error_set(GRID_EFAIL, "%s: the connection to the database was lost (%s)", what, msg);
	case SQL_EPERM:
		return grid_error_set(GRID_EPERM, "%s: the database refused this user (%s)", what, msg);
	case SQL_EREADONLY:
		/* Say which database and why, not the driver's "attempt to
		 * write a readonly database": a staff member of a shared
		 * database whose file lost its group write bit meets this. */
		return grid_error_set(GRID_EFAIL, "%s: the database '%s' is read-only for this user (check its permissions)",
			what, s && s->where ? s->where : "");
	default:
		return grid_error_set(GRID_EFAIL, "%s: %s", what, msg);
	}
}

int store_flush(struct store *s)
{
	int rc;

	if (!s->copy_pending)
		return GRID_OK;
	s->copy_pending = 0;
	rc = s->drv->flush(s);
	return rc == SQL_DONE ? GRID_OK : store_error(s, rc, "writing rows");
}

int store_exec(struct store *s, const char *sql)
{
	int rc = store_flush(s);

	if (rc)
		return rc;
	rc = s->drv->exec(s, sql);

	return rc == SQL_DONE ? GRID_OK : store_error(s, rc, "database");
}

int store_exec_dialect(struct store *s, const struct sql_dialects *q)
{
	const char *sql = store_engine(s) == SQL_PG ? q->pg : q->sqlite;

	return sql ? store_exec(s, sql) : GRID_OK;
}

static size_t slot_hash(const char *sql)
{
	uintptr_t p = (uintptr_t)sql;

	return (size_t)((p >> 3) ^ (p >> 11)) % STORE_STMT_SLOTS;
}

/* A statement the engine refuses is the program's fault, not the user's:
 * the message quotes its start for the report. */
static int prepare_error(struct store *s, int rc, const char *sql)
{
	size_t n = strcspn(sql, "\n");

	if (rc != SQL_EFAIL)
		return store_error(s, rc, "prepare");
	return grid_error_set(GRID_EFAIL, "internal: the database refused the statement '%.*s%s': %s",
		(int)(n < 72 ? n : 72), sql, sql[n] || n > 72 ? "…" : "", s->errmsg);
}

static int cached_stmt(struct store *s, const char *sql, struct sql_stmt **out)
{
	size_t h = slot_hash(sql);
	size_t i;
	int rc;

	for (i = 0; i < STORE_STMT_SLOTS; i++) {
		struct stmt_slot *slot = &s->slots[(h + i) % STORE_STMT_SLOTS];

		if (slot->sql == sql) {
			sql_reset(slot->stmt);
			sql_clear_bindings(slot->stmt);
			*out = slot->stmt;
			return GRID_OK;
		}
		if (!slot->sql) {
			if ((rc = s->drv->prepare(s, sql, &slot->stmt)) != SQL_DONE) {
				slot->stmt = NULL;
				return prepare_error(s, rc, sql);
			}
			slot->sql = sql;
			*out = slot->stmt;
			return GRID_OK;
		}
	}
	return grid_error_set(GRID_EFAIL, "internal: statement cache is full");
}

int store_stmt(struct store *s, const char *sql, struct sql_stmt **out)
{
	int rc;

	*out = NULL;
	if ((rc = store_flush(s)))
		return rc;
	return cached_stmt(s, sql, out);
}

int store_copy_stmt(struct store *s, const char *sql, struct sql_stmt **out)
{
	*out = NULL;
	return cached_stmt(s, sql, out);
}

int store_stmt_dialect(struct store *s, const struct sql_dialects *q, struct sql_stmt **out)
{
	return store_stmt(s, store_engine(s) == SQL_PG ? q->pg : q->sqlite, out);
}

void store_release(struct store *s)
{
	size_t i;

	store_stage_keys_free(s);
	for (i = 0; i < STORE_STMT_SLOTS; i++) {
		if (s->slots[i].stmt)
			s->drv->finalize(s->slots[i].stmt);
		s->slots[i].stmt = NULL;
		s->slots[i].sql = NULL;
	}
	s->drv->close(s);
}

int store_bind_text(struct sql_stmt *st, int i, const char *text)
{
	return text ? st->drv->bind_text(st, i, text, 0) : sql_bind_null(st, i);
}

int store_bind_static_text(struct sql_stmt *st, int i, const char *text)
{
	return text ? st->drv->bind_text(st, i, text, 1) : SQL_DONE;
}

int store_bind_position(struct sql_stmt *st, int i, int has, double lat, double lon)
{
	int rc = has ? sql_bind_double(st, i, lat) : sql_bind_null(st, i);

	if (rc != SQL_DONE)
		return rc;
	return has ? sql_bind_double(st, i + 1, lon) : sql_bind_null(st, i + 1);
}

int store_bind_opt_int(struct sql_stmt *st, int i, int64_t v, int has)
{
	return has ? sql_bind_int64(st, i, v) : sql_bind_null(st, i);
}

int store_bind_limit(struct sql_stmt *st, int i, int64_t limit)
{
	/* SQLite takes -1 for no limit, PostgreSQL NULL. */
	if (limit > 0)
		return sql_bind_int64(st, i, limit);
	return st->drv->engine == SQL_PG ? sql_bind_null(st, i) : sql_bind_int64(st, i, -1);
}

int store_step_done(struct store *s, struct sql_stmt *st, const char *what)
{
	int rc = sql_step(st);

	sql_reset(st);
	return rc == SQL_DONE ? GRID_OK : store_error(s, rc, what);
}

int store_step_insert(struct store *s, struct sql_stmt *st, const char *what)
{
	int rc = sql_step(st);

	sql_reset(st);
	if (rc == SQL_DONE || rc == SQL_ROW)
		return GRID_OK;
	return rc == SQL_ECONSTRAINT ? 1 : store_error(s, rc, what);
}

char *store_column_dup(struct sql_stmt *st, int i)
{
	const char *t = sql_text(st, i);

	return t ? grid_strdup(t) : NULL;
}

int store_first_row(struct store *s, struct sql_stmt *st, const char *what, int *found)
{
	int rc = sql_step(st);

	*found = rc == SQL_ROW;
	if (rc == SQL_ROW)
		return GRID_OK;
	sql_reset(st);
	return rc == SQL_DONE ? GRID_OK : store_error(s, rc, what);
}

int store_read_int64(struct store *s, struct sql_stmt *st, int64_t *out, int *found, const char *what)
{
	int rc, row;

	if ((rc = store_first_row(s, st, what, &row)))
		return rc;
	if (found)
		*found = row;
	if (row) {
		*out = sql_int64(st, 0);
		sql_reset(st);
	}
	return GRID_OK;
}

int store_read_text(struct store *s, struct sql_stmt *st, char **out, int *found, const char *what)
{
	int rc, row;

	*out = NULL;
	if ((rc = store_first_row(s, st, what, &row)))
		return rc;
	if (found)
		*found = row;
	if (!row)
		return GRID_OK;
	if (!sql_is_null(st, 0) && !(*out = store_column_dup(st, 0)))
		rc = GRID_EFAIL; /* grid_strdup has said why */
	sql_reset(st);
	return rc;
}

int store_rows(struct store *s, struct sql_stmt *st, store_row_fn row, void *ctx, const char *what)
{
	int rc, stop = 0;

	while ((rc = sql_step(st)) == SQL_ROW && !(stop = row(ctx, st)))
		;
	sql_reset(st);
	if (stop)
		return stop;
	return rc == SQL_DONE ? GRID_OK : store_error(s, rc, what);
}

int store_find(struct store *s, const char *sql, const char *key, const char *what, struct sql_stmt **row)
{
	char reading[64];
	struct sql_stmt *st;
	int rc, found;

	if (row)
		*row = NULL;
	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	store_bind_static_text(st, 1, key);
	snprintf(reading, sizeof(reading), _("reading %s"), _(what));
	if ((rc = store_first_row(s, st, reading, &found)))
		return rc;
	if (!found)
		return grid_error_set(GRID_ENOTFOUND, "unknown %s '%s'", _(what), key);
	if (row)
		*row = st;
	else
		sql_reset(st);
	return GRID_OK;
}
