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

/* Write TEXT to a fresh temporary file and return its path (static buffer). */
const char *tu_write_file(const char *name, const char *text);

#endif
