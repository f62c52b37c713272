/* The SQLite backend's private helpers, for the files of lib/store/sqlite/
 * only.
 *
 * All SQL of libgrid lives in this folder.  The rest of the library talks
 * to storage through the interface headers of lib/store/, so that another
 * backend (PostgreSQL for a city platform, lib/store/pg/) replaces this
 * folder and nothing else. */
#ifndef GRID_STORE_SQLITE_H
#define GRID_STORE_SQLITE_H

#include <sqlite3.h>

#include "../../history_hash.h"
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

/* ---- connection (connection.c) ----------------------------------------- */

/* Turn an SQLite result code into a library error, copying the message at
 * once (SQLite overwrites it with the next call).  WHAT says what failed. */
int store_error(struct store *s, int rc, const char *what);

/* Run SQL that returns no rows (schema, pragmas). */
int store_exec(struct store *s, const char *sql);

/* Column 0 of the first row of SQL, prepared for this one run and not
 * cached (the schema and journal pragmas, a few a connection), as text
 * into OUT (SIZE bytes, "" when there is no row).  Returns the SQLite
 * result code, SQLITE_OK or the error, and sets no library error: some
 * callers may ignore it. */
int store_pragma(struct store *s, const char *sql, char *out, size_t size);

/* ---- statements (statement.c) ------------------------------------------ */

/* A prepared statement for the string constant SQL, prepared once per
 * connection and reset with its bindings cleared on every call.  *out is
 * NULL on error (the library error is set). */
int store_stmt(struct store *s, const char *sql, sqlite3_stmt **out);

/* Bind a string that may be NULL; the text is copied. */
int store_bind_text(sqlite3_stmt *st, int i, const char *text);

/* Bind a string that may be NULL without copying it: it must stay as it
 * is until the statement is stepped (the import's rows, bound by the
 * million).  NULL leaves the parameter NULL, as store_stmt cleared it. */
int store_bind_static_text(sqlite3_stmt *st, int i, const char *text);

/* Bind an int64 that stands for NULL when HAS is 0. */
int store_bind_opt_int(sqlite3_stmt *st, int i, int64_t v, int has);

/* Bind the LIMIT of a list: LIMIT rows, or all of them (-1) when it is 0
 * or less, as the filters of the lists say. */
int store_bind_limit(sqlite3_stmt *st, int i, int64_t limit);

/* Step a statement that returns no rows; SQLITE_DONE becomes GRID_OK. */
int store_step_done(struct store *s, sqlite3_stmt *st, const char *what);

/* Step an INSERT: GRID_OK, 1 when a constraint refuses the row (a key
 * given twice, a reference to nothing), or the database's error (WHAT). */
int store_step_insert(struct store *s, sqlite3_stmt *st, const char *what);

/* Copy column I as a malloc'd string (NULL for SQL NULL). */
char *store_column_dup(sqlite3_stmt *st, int i);

/* Step ST to its first row: GRID_OK with *found 1 and ST on the row (read
 * the columns, then sqlite3_reset), or with *found 0 and ST reset; on an
 * error ST is reset and WHAT says what failed. */
int store_first_row(struct store *s, sqlite3_stmt *st, const char *what, int *found);

/* One-row scalar reads (SELECT count(*) …, SELECT title …): column 0 of
 * ST's first row into *OUT, ST reset after.  Without a row *OUT keeps its
 * value (int64) or is NULL (text, which is malloc'd; NULL for SQL NULL
 * too).  FOUND, when not NULL, says whether there was a row. */
int store_read_int64(struct store *s, sqlite3_stmt *st, int64_t *out, int *found, const char *what);
int store_read_text(struct store *s, sqlite3_stmt *st, char **out, int *found, const char *what);

/* The row loop: ROW is called with ST on each of its rows; a non-zero
 * return stops the loop and is returned as it is.  ST is reset at the end;
 * GRID_OK when the rows ran out, or the database's error (WHAT). */
typedef int (*store_row_fn)(void *ctx, sqlite3_stmt *row);
int store_rows(struct store *s, sqlite3_stmt *st, store_row_fn row, void *ctx, const char *what);

/* Step SQL (one text parameter, ?1 = KEY) to its first row: GRID_OK with
 * *row on it (read the columns, then sqlite3_reset), GRID_ENOTFOUND
 * "unknown WHAT 'KEY'" when there is none, or the database's error.  With
 * ROW NULL only whether there is one. */
int store_find(struct store *s, const char *sql, const char *key, const char *what, sqlite3_stmt **row);

/* ---- the history's chain (history.c) ------------------------------------ */

struct store_event;

/* The chain columns of one event being written: its id (given, so that
 * the hash covers it), its number within its issue and its hash. */
struct store_link {
	int64_t id, seq;
	unsigned char hash[HISTORY_HASH_BYTES];
};

/* The hashed content of event E written as ID, number SEQ of its issue
 * (the texts point into E). */
void store_event_content(const struct store_event *e, int64_t id, int64_t seq, struct history_content *c);

/* The id the next event gets (under the write lock). */
int store_chain_next_id(struct store *s, int64_t *id);

/* The hash and the seq of the latest event of issue ISSUE_ID, zero and 0
 * when it has none. */
int store_chain_tip(struct store *s, int64_t issue_id, unsigned char prev[HISTORY_HASH_BYTES], int64_t *seq);

/* Fold the hashes of LINKS, written in this order, into the head. */
int store_chain_head_add(struct store *s, const struct store_link *links, size_t n);

/* The migration's step in C: the chain of the events already there. */
int store_history_rehash(struct store *s);

#endif
