/* Helpers shared by the cmocka unit tests.
 *
 * The tests run on either engine: SQLite files (the default), or
 * PostgreSQL when GRID_TEST_ENGINE=pg, where each database is one of the
 * test's own on the server PGHOST names (created, and dropped when closed)
 * or, when PGHOST is unset, on a server the test starts for itself
 * (tests/pg/server.sh) and stops when it ends. */
#ifndef GRID_TESTUTIL_H
#define GRID_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "grid/grid.h"

/* Set TZ for the test and reload the zone. */
void tu_set_tz(const char *tz);

/* Is the test on PostgreSQL (GRID_TEST_ENGINE=pg)?  Checks about SQLite
 * files themselves run only when it is not. */
int tu_engine_pg(void);

/* A fresh database in a temporary folder (or on the server), created and
 * migrated, with the OS user as admin and acting.  Free with tu_db_close. */
grid_db *tu_db_new(void);
void tu_db_close(grid_db *db);

/* The name of the last database tu_db_new made, as grid_db_open takes
 * it: a file's path, or a PostgreSQL connection string. */
const char *tu_db_path(void);

/* A fresh database (as tu_db_new) in Asia/Shanghai, seeded by running
 * SEED_SQL on a second, raw connection that tu_sql() then uses: for
 * tests that lay out rows the commands could not write directly.  Close
 * both with tu_db_seeded_close. */
grid_db *tu_db_seeded(const char *seed_sql);
void tu_db_seeded_close(grid_db *db);

/* Run SQL on a raw connection (sqlite3, or libpq on PostgreSQL) to the
 * last database tu_db_new made, opened on first use and closed with the
 * database; fails the test on error.  On PostgreSQL the id sequences are
 * moved past the ids the SQL wrote, as SQLite's rowids follow by
 * themselves. */
void tu_sql(const char *sql);

/* The same, returning 0 when SQL ran and -1 when it failed (its error in
 * tu_sql_error()), for SQL that is to be refused. */
int tu_sql_try(const char *sql);
const char *tu_sql_error(void);

/* Column 0 of the first row of SQL as text ("" for no row or NULL; a
 * static buffer), or as a number. */
const char *tu_sql_text(const char *sql);
long long tu_sql_int(const char *sql);

/* Column 0 of every row of SQL joined by SEP (a static buffer): what
 * group_concat or string_agg would give, which the engines spell apart. */
const char *tu_sql_list(const char *sql, const char *sep);

/* SQL that drops the trigger NAME on TABLE, in the engine's words (the
 * history's SQLite triggers event_no_update and event_no_delete are one
 * on PostgreSQL, event_append_only). */
const char *tu_drop_trigger(const char *name, const char *table);

/* Set the schema version the database records (SQLite's user_version,
 * PostgreSQL's grid_meta) on a database no handle has open. */
void tu_set_schema_version(const char *path, int version);

/* The handle *DB now runs as the operating-system login LOGIN: its
 * grid_db_set_login() on SQLite; on PostgreSQL, where the login is the
 * server's session user, *DB is opened again as the role LOGIN (made a
 * superuser of the throwaway server when missing), its clock kept. */
void tu_login(grid_db **db, const char *login);

/* TEXT (any form grid_time_parse takes) as Unix seconds; fails the test
 * when it does not parse. */
int64_t tu_time(const char *text);

/* Write TEXT to a fresh temporary file and return its path (static buffer). */
const char *tu_write_file(const char *name, const char *text);

#endif
