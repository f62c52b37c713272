/* The statement layer under the store: one driver table per database
 * engine (lib/store/sqlite/driver.c, lib/store/pg/driver.c) and the SQL
 * both run (lib/store/sql/), in the manner of Dovecot's lib-sql.
 *
 * The queries are written once, with SQLite's numbered parameters ?1, ?2
 * (the PostgreSQL driver turns them into $1, $2 when it prepares them),
 * and in the SQL the two engines share.  A query the engines spell
 * differently is a struct sql_dialects with one text for each.
 *
 * A driver's errors come back as classes, as FreeRADIUS rlm_sql sorts
 * them: a constraint refused the row, the database is busy or the
 * transaction lost a serialization race (retry), the connection is gone,
 * or anything else; the driver's own words are kept in the store for the
 * message.  For the files of lib/store/ only. */
#ifndef GRID_STORE_SQL_H
#define GRID_STORE_SQL_H

#include <stddef.h>
#include <stdint.h>

#include "../history_hash.h"
#include "../internal.h"
#include "store.h"

/* What stepping a statement gives: a row, the end, or an error class. */
enum sql_step {
	SQL_ROW = 1,
	SQL_DONE = 0,
	SQL_ECONSTRAINT = -1, /* a key given twice, a reference to nothing, a CHECK */
	SQL_EBUSY = -2,       /* a lock not granted in time */
	SQL_ERETRY = -3,      /* serialization failure or deadlock: run the transaction again */
	SQL_ELOST = -4,       /* the connection or the server is gone */
	SQL_EREADONLY = -5,   /* this user may not write */
	SQL_EFULL = -6,       /* disk full */
	SQL_ENOTADB = -7,     /* the file or database is not one of ours */
	SQL_EPERM = -8,       /* the server refused this user (a grant, a row policy) */
	SQL_EFAIL = -9,       /* anything else */
};

enum sql_engine { SQL_SQLITE, SQL_PG };

/* One query spelt for each engine; the store prepares the one it runs. */
struct sql_dialects {
	const char *sqlite;
	const char *pg;
};

struct sql_stmt;

/* A driver: the operations of one engine on its connection and its
 * statements.  Errors are enum sql_step classes with the driver's message
 * left in the store (store->errmsg). */
struct sql_driver {
	const char *name;
	enum sql_engine engine;
	int (*prepare)(struct store *s, const char *sql, struct sql_stmt **out);
	void (*finalize)(struct sql_stmt *st);
	/* Bindings count from 1.  bind_text copies unless STATIC, when the
	 * text must stay as it is until the statement is stepped. */
	int (*bind_int64)(struct sql_stmt *st, int i, int64_t v);
	int (*bind_double)(struct sql_stmt *st, int i, double v);
	int (*bind_text)(struct sql_stmt *st, int i, const char *text, int is_static);
	int (*bind_blob)(struct sql_stmt *st, int i, const void *p, size_t n);
	int (*bind_null)(struct sql_stmt *st, int i);
	int (*step)(struct sql_stmt *st);
	/* Forget the result; the bindings stay, as SQLite's reset keeps them. */
	void (*reset)(struct sql_stmt *st);
	void (*clear_bindings)(struct sql_stmt *st);
	/* The number of result columns of the statement. */
	int (*column_count)(struct sql_stmt *st);
	/* The number of parameters of the statement (the highest ?N). */
	int (*param_count)(struct sql_stmt *st);
	/* The rows the last INSERT, UPDATE or DELETE of the connection changed. */
	int64_t (*changes)(struct store *s);
	int (*column_is_null)(struct sql_stmt *st, int i);
	int64_t (*column_int64)(struct sql_stmt *st, int i);
	double (*column_double)(struct sql_stmt *st, int i);
	/* NULL for SQL NULL; valid until the next step or reset. */
	const char *(*column_text)(struct sql_stmt *st, int i);
	const void *(*column_blob)(struct sql_stmt *st, int i, size_t *n);
	/* Run SQL (one or more statements, no parameters, no rows). */
	int (*exec)(struct store *s, const char *sql);
	/* The write transaction: it holds the store's write lock (SQLite's
	 * BEGIN IMMEDIATE, a PostgreSQL advisory lock) until commit or
	 * rollback, so writers run one after another as on one file. */
	int (*begin)(struct store *s);
	int (*commit)(struct store *s);
	void (*rollback)(struct store *s);
	void (*close)(struct store *s);
	/* How long a writer waits for the write lock before SQL_EBUSY. */
	void (*busy_timeout)(struct store *s, int ms);
	/* Send the rows statements of COPY have gathered (NULL: the engine
	 * has no such statements).  The store calls it before any other
	 * statement, so that every read sees every row written. */
	int (*flush)(struct store *s);
};

/* Every statement starts with its driver. */
struct sql_stmt {
	const struct sql_driver *drv;
	struct store *store;
};

struct stmt_slot {
	const char *sql; /* identity: the address of a string constant */
	struct sql_stmt *stmt;
};

#define STORE_STMT_SLOTS 256

/* The history chain's next event id, head and count, kept in memory by a
 * bulk load for the length of its transaction (which holds the write
 * lock, so nothing else moves them) and written once at its end. */
struct store_chain {
	int valid, dirty;
	int64_t next_id, events;
	unsigned char head[HISTORY_HASH_BYTES];
};

struct store {
	const struct sql_driver *drv;
	void *conn;          /* the driver's connection */
	int in_tx;
	char errmsg[512];    /* the driver's words for its last error */
	char *where;         /* the file or the server, for messages */
	char *session_user;  /* the server's authenticated user, NULL for a file */
	int err_not_null;    /* the last constraint refused was a NOT NULL */
	int copy_pending;    /* rows wait in statements of COPY (drv->flush) */
	int retryable;       /* the last error undid a transaction another writer crossed */
	int copy_mode;       /* bulk rows by COPY: 0 not asked yet, 1 yes, 2 no (row security) */
	struct stage_keys *stage_keys; /* the keys a roster import staged by COPY (roster_import.c) */
	struct store_chain chain;
	struct stmt_slot slots[STORE_STMT_SLOTS];
};

/* ---- statements (lib/store/sql/statement.c) ------------------------------ */

/* Turn an error class into a library error naming WHAT failed. */
int store_error(struct store *s, int rc, const char *what);

/* Run SQL that returns no rows. */
int store_exec(struct store *s, const char *sql);

/* Run the engine's text of Q, when it has one (NULL: nothing to do on
 * that engine). */
int store_exec_dialect(struct store *s, const struct sql_dialects *q);

/* A prepared statement for the string constant SQL, prepared once per
 * connection and reset with its bindings cleared on every call.  *out is
 * NULL on error (the library error is set). */
int store_stmt(struct store *s, const char *sql, struct sql_stmt **out);
/* A statement of COPY (PostgreSQL: "COPY table(columns) FROM STDIN"):
 * each step sends the row bound, as one of an INSERT would be, but the
 * rows wait in the statement until the next other statement, the end of
 * the transaction or a few megabytes (drv->flush). */
int store_copy_stmt(struct store *s, const char *sql, struct sql_stmt **out);
/* The same for the engine's text of Q. */
int store_stmt_dialect(struct store *s, const struct sql_dialects *q, struct sql_stmt **out);

/* Bindings: a string that may be NULL (copied), one that may be NULL and
 * stays as it is until the step (the import's rows, by the million), an
 * int64 that stands for NULL when HAS is 0, and the LIMIT of a list (all
 * rows when it is 0 or less). */
int store_bind_text(struct sql_stmt *st, int i, const char *text);
int store_bind_static_text(struct sql_stmt *st, int i, const char *text);
int store_bind_opt_int(struct sql_stmt *st, int i, int64_t v, int has);
/* A position: LAT to parameter I and LON to I + 1, both NULL without HAS. */
int store_bind_position(struct sql_stmt *st, int i, int has, double lat, double lon);
int store_bind_limit(struct sql_stmt *st, int i, int64_t limit);

static inline int sql_bind_int64(struct sql_stmt *st, int i, int64_t v)
{
	return st->drv->bind_int64(st, i, v);
}
static inline int sql_bind_double(struct sql_stmt *st, int i, double v)
{
	return st->drv->bind_double(st, i, v);
}
static inline int sql_bind_blob(struct sql_stmt *st, int i, const void *p, size_t n)
{
	return st->drv->bind_blob(st, i, p, n);
}
static inline int sql_bind_null(struct sql_stmt *st, int i)
{
	return st->drv->bind_null(st, i);
}
static inline int sql_step(struct sql_stmt *st)
{
	return st->drv->step(st);
}
static inline void sql_reset(struct sql_stmt *st)
{
	st->drv->reset(st);
}
static inline int sql_param_count(struct sql_stmt *st)
{
	return st->drv->param_count(st);
}
static inline int sql_column_count(struct sql_stmt *st)
{
	return st->drv->column_count(st);
}
static inline void sql_clear_bindings(struct sql_stmt *st)
{
	st->drv->clear_bindings(st);
}
static inline int64_t store_changes(struct store *s)
{
	return s->drv->changes(s);
}
static inline int sql_is_null(struct sql_stmt *st, int i)
{
	return st->drv->column_is_null(st, i);
}
static inline int64_t sql_int64(struct sql_stmt *st, int i)
{
	return st->drv->column_int64(st, i);
}
static inline int sql_int(struct sql_stmt *st, int i)
{
	return (int)st->drv->column_int64(st, i);
}
/* An integer column that may be NULL, read as 0: a time not set yet, a
 * row with no parent. */
static inline int64_t sql_int64_or0(struct sql_stmt *st, int i)
{
	return sql_is_null(st, i) ? 0 : sql_int64(st, i);
}
static inline double sql_double(struct sql_stmt *st, int i)
{
	return st->drv->column_double(st, i);
}
static inline const char *sql_text(struct sql_stmt *st, int i)
{
	return st->drv->column_text(st, i);
}
static inline const void *sql_blob(struct sql_stmt *st, int i, size_t *n)
{
	return st->drv->column_blob(st, i, n);
}

/* The engine the store runs on. */
static inline enum sql_engine store_engine(const struct store *s)
{
	return s->drv->engine;
}

/* Step a statement that returns no rows; SQL_DONE becomes GRID_OK. */
int store_step_done(struct store *s, struct sql_stmt *st, const char *what);

/* Step an INSERT: GRID_OK, 1 when a constraint refuses the row (a key
 * given twice, a reference to nothing), or the database's error (WHAT). */
int store_step_insert(struct store *s, struct sql_stmt *st, const char *what);

/* Copy column I as a malloc'd string (NULL for SQL NULL). */
char *store_column_dup(struct sql_stmt *st, int i);

/* Step ST to its first row: GRID_OK with *found 1 and ST on the row (read
 * the columns, then sql_reset), or with *found 0 and ST reset; on an
 * error ST is reset and WHAT says what failed. */
int store_first_row(struct store *s, struct sql_stmt *st, const char *what, int *found);

/* One-row scalar reads (SELECT count(*) …, SELECT title …): column 0 of
 * ST's first row into *OUT, ST reset after.  Without a row *OUT keeps its
 * value (int64) or is NULL (text, which is malloc'd; NULL for SQL NULL
 * too).  FOUND, when not NULL, says whether there was a row. */
int store_read_int64(struct store *s, struct sql_stmt *st, int64_t *out, int *found, const char *what);
int store_read_text(struct store *s, struct sql_stmt *st, char **out, int *found, const char *what);

/* The row loop: ROW is called with ST on each of its rows; a non-zero
 * return stops the loop and is returned as it is.  ST is reset at the end;
 * GRID_OK when the rows ran out, or the database's error (WHAT). */
typedef int (*store_row_fn)(void *ctx, struct sql_stmt *row);
int store_rows(struct store *s, struct sql_stmt *st, store_row_fn row, void *ctx, const char *what);

/* Step SQL (one text parameter, ?1 = KEY) to its first row: GRID_OK with
 * *row on it (read the columns, then sql_reset), GRID_ENOTFOUND
 * "unknown WHAT 'KEY'" when there is none (WHAT, a noun marked N_, is
 * translated there), or the database's error.  With
 * ROW NULL only whether there is one. */
int store_find(struct store *s, const char *sql, const char *key, const char *what, struct sql_stmt **row);

/* Is the issue table empty? */
int store_issues_empty(struct store *s, int *empty);

/* May a bulk load send its rows by COPY?  PostgreSQL refuses COPY into a
 * table whose row-level security holds for the session user (a grid_admin
 * who is not the tables' owner): those take multi-row INSERTs. */
int store_may_copy(struct store *s, int *yes);

/* Forget the keys a roster import staged (lib/store/sql/roster_import.c). */
void store_stage_keys_free(struct store *s);

/* Finalize every cached statement and close the connection. */
void store_release(struct store *s);

/* ---- the history's chain (lib/store/sql/history.c) ----------------------- */

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

/* Keep the chain in memory from now to the end of the transaction (the
 * bulk load): store_chain_next_id and store_chain_head_add then read and
 * write s->chain, and store_chain_sync writes it back. */
int store_chain_hold(struct store *s);
/* Write a chain held in memory back, and read the database again from
 * now on (before a single event is written, and before commit). */
int store_chain_sync(struct store *s);

/* Send the rows gathered for COPY, if any. */
int store_flush(struct store *s);

/* The migration's step in C: the chain of the events already there. */
int store_history_rehash(struct store *s);

#endif
