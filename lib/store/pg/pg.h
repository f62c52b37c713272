/* The PostgreSQL engine's private parts, for the files of lib/store/pg/
 * only: its driver over libpq (driver.c), the opening of a database by
 * its connection string (connection.c), its schema (schema.c,
 * schema_text.c) and its bulk loads (bulk.c).  The queries themselves are
 * lib/store/sql/, shared with the SQLite engine. */
#ifndef GRID_STORE_PG_H
#define GRID_STORE_PG_H

#include <libpq-fe.h>

#include "../sql.h"

extern const struct sql_driver pg_driver;

struct pg_stmt;

/* The driver's connection, s->conn of a PostgreSQL store. */
struct pg_conn {
	PGconn *pg;
	unsigned next_name; /* prepared statements are g1, g2, … */
	int64_t changes;    /* rows the last command changed */
	int lock_timeout_ms;
	/* The statements of COPY, in the order they were first used: a
	 * table's rows are sent before those of the tables referring to it,
	 * which a bulk load fills after it (issues, then their events). */
	struct pg_stmt *copy_first, *copy_last;
	size_t copy_bytes;
};

static inline PGconn *pg_db(struct store *s)
{
	return ((struct pg_conn *)s->conn)->pg;
}

/* The key of the advisory lock every writer takes first (pg_begin): the
 * store's write lock, as SQLite's BEGIN IMMEDIATE is on one file. */
#define PG_WRITE_LOCK_KEY 0x47524944 /* "GRID" */

/* The error class of a failed result RES (NULL: the connection's), by
 * its SQLSTATE, with the server's message kept in the store. */
int pg_error_class(struct store *s, const PGresult *res);

/* Does NAME select PostgreSQL: a postgres:// or postgresql:// URI, or a
 * libpq keyword/value string (host=… dbname=…, service=…)? */
int pg_is_conninfo(const char *name);

/* Open the database NAME (store_open's work for PostgreSQL). */
int pg_store_open(struct store **out, const char *conninfo, unsigned flags, int *schema_found);

/* The server's version, whether the session user is a superuser and
 * whether the group roles exist (store_server_facts). */
int pg_server_facts(struct store *s, struct store_server *out);

/* Run SQL (no parameters) and read column 0 of its first row as text into
 * OUT (SIZE bytes; "" when no row or NULL).  Returns SQL_DONE or an error
 * class with the message kept. */
int pg_query_text(struct store *s, const char *sql, char *out, size_t size);

#endif
