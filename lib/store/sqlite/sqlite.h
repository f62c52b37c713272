/* The SQLite backend's private helpers, for the files of lib/store/ only.
 *
 * All SQL of libgrid lives in lib/store/.  The rest of the library talks to
 * storage through lib/store.h, so that another backend (PostgreSQL for a
 * city platform) replaces this folder and nothing else. */
#ifndef GRID_STORE_SQLITE_H
#define GRID_STORE_SQLITE_H

#include <sqlite3.h>

#include "../../internal.h"
#include "../store.h"

struct stmt_slot {
	const char *sql; /* identity: the address of a string constant */
	sqlite3_stmt *stmt;
};

#define STORE_STMT_SLOTS 256

struct store {
	sqlite3 *sql;
	int in_tx;
	struct stmt_slot slots[STORE_STMT_SLOTS];
};

/* A prepared statement for the string constant SQL, prepared once per
 * connection and reset with its bindings cleared on every call.  *out is
 * NULL on error (the library error is set). */
int store_stmt(struct store *s, const char *sql, sqlite3_stmt **out);

/* Turn an SQLite result code into a library error, copying the message at
 * once (SQLite overwrites it with the next call).  WHAT says what failed. */
int store_error(struct store *s, int rc, const char *what);

/* Run SQL that returns no rows (schema, pragmas). */
int store_exec(struct store *s, const char *sql);

/* Step SQL (one text parameter, ?1 = KEY) to its first row: GRID_OK with
 * *row on it (read the columns, then sqlite3_reset), GRID_ENOTFOUND
 * "unknown WHAT 'KEY'" when there is none, or the database's error. */
int store_find(struct store *s, const char *sql, const char *key, const char *what, sqlite3_stmt **row);

/* Bind a string that may be NULL; the text is copied. */
int store_bind_text(sqlite3_stmt *st, int i, const char *text);

/* Bind an int64 that stands for NULL when HAS is 0. */
int store_bind_opt_int(sqlite3_stmt *st, int i, int64_t v, int has);

/* Step a statement that returns no rows; SQLITE_DONE becomes GRID_OK. */
int store_step_done(struct store *s, sqlite3_stmt *st, const char *what);

/* Copy column I as a malloc'd string (NULL for SQL NULL). */
char *store_column_dup(sqlite3_stmt *st, int i);

/* The schema fragments of version 1, one per concern, concatenated in
 * this order by the migration. */
extern const char store_schema_core_v1[];
extern const char store_schema_roster_v1[];
extern const char store_schema_issue_v1[];
extern const char store_schema_field_v1[];
extern const char store_schema_stats_v1[];

/* Apply every migration newer than the file's user_version. */
int store_migrate(struct store *s, int from);

/* The newest schema version. */
int store_schema_latest(void);

#endif
