/* Helpers shared by the cmocka unit tests. */
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

/* A fresh database file in a temporary folder, created and migrated, with
 * the OS user as admin and acting.  Free with tu_db_close. */
grid_db *tu_db_new(void);
void tu_db_close(grid_db *db);

/* The path of the last database tu_db_new made. */
const char *tu_db_path(void);

/* A fresh database (as tu_db_new) in Asia/Shanghai, seeded by running
 * SEED_SQL on a second, raw SQLite connection that tu_sql() then uses:
 * for tests that lay out rows the commands could not write directly.
 * Close both with tu_db_seeded_close. */
grid_db *tu_db_seeded(const char *seed_sql);
void tu_db_seeded_close(grid_db *db);

/* Run SQL on the raw connection of tu_db_seeded; fails the test on error. */
void tu_sql(const char *sql);

/* TEXT (any form grid_time_parse takes) as Unix seconds; fails the test
 * when it does not parse. */
int64_t tu_time(const char *text);

/* Write TEXT to a fresh temporary file and return its path (static buffer). */
const char *tu_write_file(const char *name, const char *text);

#endif
