/* The SQLite engine's private parts, for the files of lib/store/sqlite/
 * only: its driver (driver.c), the opening of a database file
 * (connection.c), its schema (schema.c) and its bulk-load switches
 * (bulk.c).  The queries themselves are lib/store/sql/, shared with the
 * PostgreSQL engine. */
#ifndef GRID_STORE_SQLITE_H
#define GRID_STORE_SQLITE_H

#include <sqlite3.h>

#include "../sql.h"

extern const struct sql_driver sqlite_driver;

/* The SQLite connection of a store opened on a file. */
static inline sqlite3 *sqlite_db(struct store *s)
{
	return (sqlite3 *)s->conn;
}

/* The error class of SQLite result code RC, with the connection's message
 * kept in the store. */
int sqlite_error_class(struct store *s, int rc);

/* Open the database file PATH (store_open's work for SQLite). */
int sqlite_store_open(struct store **out, const char *path, unsigned flags, int *schema_found);

/* Column 0 of the first row of SQL, prepared for this one run and not
 * cached (the schema and journal pragmas, a few a connection), as text
 * into OUT (SIZE bytes, "" when there is no row).  Returns the SQLite
 * result code, SQLITE_OK or the error, and sets no library error: some
 * callers may ignore it. */
int store_pragma(struct store *s, const char *sql, char *out, size_t size);

/* SQLite's side of store_bulk_begin and store_bulk_end (issue.h). */
int sqlite_bulk_begin(struct store *s, int may_switch, int *switched);
void sqlite_bulk_end(struct store *s, int switched);

#endif
