/* The SQLite driver of the statement layer (lib/store/sql.h): thin
 * wrappers of the sqlite3_* calls, and SQLite's result codes sorted into
 * the layer's error classes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sqlite.h"

struct sqlite_stmt {
	struct sql_stmt base;
	sqlite3_stmt *st;
};

#define ST(x) (((struct sqlite_stmt *)(x))->st)

int sqlite_error_class(struct store *s, int rc)
{
	sqlite3 *db = s ? sqlite_db(s) : NULL;

	if (s) {
		snprintf(s->errmsg, sizeof(s->errmsg), "%s", db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
		s->err_not_null = rc == SQLITE_CONSTRAINT_NOTNULL;
	}
	switch (rc & 0xff) {
	case SQLITE_CONSTRAINT:
		return SQL_ECONSTRAINT;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return SQL_EBUSY;
	case SQLITE_NOTADB:
		return SQL_ENOTADB;
	case SQLITE_FULL:
		return SQL_EFULL;
	case SQLITE_READONLY:
		return SQL_EREADONLY;
	case SQLITE_PERM:
	case SQLITE_AUTH:
		return SQL_EPERM;
	default:
		return SQL_EFAIL;
	}
}

static int sqlite_prepare(struct store *s, const char *sql, struct sql_stmt **out)
{
	struct sqlite_stmt *st = calloc(1, sizeof(*st));
	int rc;

	*out = NULL;
	if (!st) {
		snprintf(s->errmsg, sizeof(s->errmsg), "out of memory");
		return SQL_EFAIL;
	}
	rc = sqlite3_prepare_v3(sqlite_db(s), sql, -1, SQLITE_PREPARE_PERSISTENT, &st->st, NULL);
	if (rc != SQLITE_OK) {
		free(st);
		return sqlite_error_class(s, rc);
	}
	st->base.drv = &sqlite_driver;
	st->base.store = s;
	*out = &st->base;
	return SQL_DONE;
}

static void sqlite_finalize(struct sql_stmt *st)
{
	sqlite3_finalize(ST(st));
	free(st);
}

static int bind_result(struct sql_stmt *st, int rc)
{
	return rc == SQLITE_OK ? SQL_DONE : sqlite_error_class(st->store, rc);
}

static int sqlite_bind_int64(struct sql_stmt *st, int i, int64_t v)
{
	return bind_result(st, sqlite3_bind_int64(ST(st), i, v));
}

static int sqlite_bind_double(struct sql_stmt *st, int i, double v)
{
	return bind_result(st, sqlite3_bind_double(ST(st), i, v));
}

static int sqlite_bind_text(struct sql_stmt *st, int i, const char *text, int is_static)
{
	return bind_result(st, sqlite3_bind_text(ST(st), i, text, -1, is_static ? SQLITE_STATIC : SQLITE_TRANSIENT));
}

static int sqlite_bind_blob(struct sql_stmt *st, int i, const void *p, size_t n)
{
	return bind_result(st, sqlite3_bind_blob(ST(st), i, p, (int)n, SQLITE_TRANSIENT));
}

static int sqlite_bind_null(struct sql_stmt *st, int i)
{
	return bind_result(st, sqlite3_bind_null(ST(st), i));
}

static int sqlite_step(struct sql_stmt *st)
{
	int rc = sqlite3_step(ST(st));

	if (rc == SQLITE_ROW)
		return SQL_ROW;
	if (rc == SQLITE_DONE)
		return SQL_DONE;
	return sqlite_error_class(st->store, rc);
}

static void sqlite_reset(struct sql_stmt *st)
{
	sqlite3_reset(ST(st));
}

static void sqlite_clear_bindings(struct sql_stmt *st)
{
	sqlite3_clear_bindings(ST(st));
}

static int sqlite_column_count(struct sql_stmt *st)
{
	return sqlite3_column_count(ST(st));
}

static int sqlite_param_count(struct sql_stmt *st)
{
	return sqlite3_bind_parameter_count(ST(st));
}

static int64_t sqlite_changes(struct store *s)
{
	return sqlite3_changes64(sqlite_db(s));
}

static int sqlite_column_is_null(struct sql_stmt *st, int i)
{
	return sqlite3_column_type(ST(st), i) == SQLITE_NULL;
}

static int64_t sqlite_column_int64(struct sql_stmt *st, int i)
{
	return sqlite3_column_int64(ST(st), i);
}

static double sqlite_column_double(struct sql_stmt *st, int i)
{
	return sqlite3_column_double(ST(st), i);
}

static const char *sqlite_column_text(struct sql_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(ST(st), i);
}

static const void *sqlite_column_blob(struct sql_stmt *st, int i, size_t *n)
{
	const void *p = sqlite3_column_blob(ST(st), i);

	*n = (size_t)sqlite3_column_bytes(ST(st), i);
	return p;
}

static int sqlite_exec(struct store *s, const char *sql)
{
	int rc = sqlite3_exec(sqlite_db(s), sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? SQL_DONE : sqlite_error_class(s, rc);
}

static int sqlite_begin(struct store *s)
{
	return sqlite_exec(s, "BEGIN IMMEDIATE");
}

static int sqlite_commit(struct store *s)
{
	return sqlite_exec(s, "COMMIT");
}

static void sqlite_rollback(struct store *s)
{
	sqlite3_exec(sqlite_db(s), "ROLLBACK", NULL, NULL, NULL);
}

static void sqlite_close(struct store *s)
{
	sqlite3_close(sqlite_db(s));
	s->conn = NULL;
}

static void sqlite_busy_timeout(struct store *s, int ms)
{
	sqlite3_busy_timeout(sqlite_db(s), ms);
}

const struct sql_driver sqlite_driver = {
	.name = "sqlite",
	.engine = SQL_SQLITE,
	.prepare = sqlite_prepare,
	.finalize = sqlite_finalize,
	.bind_int64 = sqlite_bind_int64,
	.bind_double = sqlite_bind_double,
	.bind_text = sqlite_bind_text,
	.bind_blob = sqlite_bind_blob,
	.bind_null = sqlite_bind_null,
	.step = sqlite_step,
	.reset = sqlite_reset,
	.clear_bindings = sqlite_clear_bindings,
	.column_count = sqlite_column_count,
	.param_count = sqlite_param_count,
	.changes = sqlite_changes,
	.column_is_null = sqlite_column_is_null,
	.column_int64 = sqlite_column_int64,
	.column_double = sqlite_column_double,
	.column_text = sqlite_column_text,
	.column_blob = sqlite_column_blob,
	.exec = sqlite_exec,
	.begin = sqlite_begin,
	.commit = sqlite_commit,
	.rollback = sqlite_rollback,
	.close = sqlite_close,
	.busy_timeout = sqlite_busy_timeout,
};
