/* Shared by the fuzz targets and the replay driver: the libFuzzer entry
 * point and a scratch database with a small roster. */
#ifndef GRID_FUZZ_H
#define GRID_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "grid/grid.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A NUL-terminated copy of DATA (bytes after an inner NUL are kept but
 * unseen by C string functions).  Aborts when memory runs out. */
char *fuzz_strndup(const uint8_t *data, size_t size);

/* Write DATA to a scratch file and return its path (static). */
const char *fuzz_write_file(const char *name, const uint8_t *data, size_t size);

/* The scratch database, made on first use in a temporary folder: created,
 * migrated, an admin acting, the small roster of fuzz_util.c loaded.  Its
 * bytes are kept so that fuzz_db_reset() can put it back after an input
 * that changed it, which keeps every run independent of the ones before. */
grid_db *fuzz_db(void);
void fuzz_db_reset(void);

/* Run PRAGMA integrity_check and foreign_key_check on the scratch
 * database through a connection of its own; abort unless both are clean
 * (an importer that turns constraints off must not let a bad row in). */
void fuzz_db_check(void);

/* Close the database and remove the folder (the replay driver calls it so
 * that LeakSanitizer sees only the library's own leaks). */
void fuzz_teardown(void);

/* FUZZ_VERBOSE is set: targets print each outcome (to check that a
 * corpus exercises what it should). */
int fuzz_verbose(void);

/* FUZZ_LAX is set: skip the checks of message form (one line), so that a
 * fuzz run that already found such a problem goes on looking for worse. */
int fuzz_lax(void);

/* abort() with a message: a property the target checks does not hold. */
void fuzz_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

#endif
