/* The scratch database and small helpers of the fuzz targets. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "fuzz.h"

static char dir[256];
static char db_path[320];
static grid_db *db;
static uint8_t *pristine; /* the database file right after setup */
static size_t pristine_size;

void fuzz_fail(const char *fmt, ...)
{
	va_list ap;

	fputs("fuzz: property violated: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

int fuzz_verbose(void)
{
	static int v = -1;

	if (v < 0)
		v = getenv("FUZZ_VERBOSE") != NULL;
	return v;
}

int fuzz_lax(void)
{
	static int v = -1;

	if (v < 0)
		v = getenv("FUZZ_LAX") != NULL;
	return v;
}

char *fuzz_strndup(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	if (size)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

static void make_dir(void)
{
	if (dir[0])
		return;
	snprintf(dir, sizeof(dir), "%s/grid-fuzz-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(dir))
		fuzz_fail("cannot make a scratch folder");
	/* libFuzzer ends with exit(): remove the folder then too. */
	atexit(fuzz_teardown);
}

const char *fuzz_write_file(const char *name, const uint8_t *data, size_t size)
{
	static char file[400];
	FILE *f;

	make_dir();
	snprintf(file, sizeof(file), "%s/%s", dir, name);
	if (!(f = fopen(file, "wb")) || (size && fwrite(data, 1, size, f) != size) || fclose(f) != 0)
		fuzz_fail("cannot write '%s'", file);
	return file;
}

/* Writes the small roster into the database at PATH (fuzz_roster.c). */
int fuzz_load_roster(const char *path);

static void open_db(void)
{
	if (grid_db_open(&db, db_path, GRID_OPEN_CREATE | GRID_OPEN_MIGRATE) != GRID_OK ||
	    grid_db_set_actor(db, "fuzzer") != GRID_OK)
		fuzz_fail("cannot open the scratch database: %s", grid_errmsg());
	grid_db_set_now(db, 1795000000); /* 2026-11-18, a fixed clock: runs repeat */
	grid_db_set_busy_timeout(db, 100);
}

static void remove_sidecars(void)
{
	char side[340];

	snprintf(side, sizeof(side), "%s-wal", db_path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", db_path);
	unlink(side);
}

grid_db *fuzz_db(void)
{
	int created = 0;
	FILE *f;

	if (db)
		return db;
	setenv("TZ", "Asia/Shanghai", 1);
	make_dir();
	snprintf(db_path, sizeof(db_path), "%s/fuzz.db", dir);
	if (grid_db_open(&db, db_path, GRID_OPEN_CREATE | GRID_OPEN_MIGRATE) != GRID_OK ||
	    grid_db_ensure_admin(db, "fuzzer", &created) != GRID_OK || grid_db_set_actor(db, "fuzzer") != GRID_OK)
		fuzz_fail("cannot create the scratch database: %s", grid_errmsg());
	if (fuzz_load_roster(db_path) != GRID_OK)
		fuzz_fail("cannot load the fuzz roster: %s", grid_errmsg());
	/* Closing checkpoints the WAL, so the main file alone is the state. */
	grid_db_close(db);
	db = NULL;
	if (!(f = fopen(db_path, "rb")) || fseek(f, 0, SEEK_END) != 0)
		fuzz_fail("cannot read back the scratch database");
	pristine_size = (size_t)ftell(f);
	rewind(f);
	if (!(pristine = malloc(pristine_size)) || fread(pristine, 1, pristine_size, f) != pristine_size)
		fuzz_fail("cannot read back the scratch database");
	fclose(f);
	open_db();
	return db;
}

void fuzz_db_reset(void)
{
	FILE *f;

	if (!db)
		return;
	grid_db_close(db);
	db = NULL;
	remove_sidecars();
	if (!(f = fopen(db_path, "wb")) || fwrite(pristine, 1, pristine_size, f) != pristine_size || fclose(f) != 0)
		fuzz_fail("cannot restore the scratch database");
	open_db();
}

static int first_row(void *ctx, int n, char **values, char **names)
{
	char *out = ctx;

	(void)names;
	if (!out[0])
		snprintf(out, 256, "%s", n > 0 && values[0] ? values[0] : "(null)");
	else if (strcmp(out, "ok") != 0 || !values[0] || strcmp(values[0], "ok") != 0)
		snprintf(out, 256, "%s", "several problems");
	return 0;
}

void fuzz_db_check(void)
{
	char ic[256] = "", fk[256] = "";
	sqlite3 *sql = NULL;

	if (sqlite3_open_v2(db_path, &sql, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
	    sqlite3_exec(sql, "PRAGMA integrity_check", first_row, ic, NULL) != SQLITE_OK ||
	    sqlite3_exec(sql, "PRAGMA foreign_key_check", first_row, fk, NULL) != SQLITE_OK)
		fuzz_fail("cannot check the scratch database: %s", sqlite3_errmsg(sql));
	sqlite3_close(sql);
	if (strcmp(ic, "ok") != 0)
		fuzz_fail("integrity_check: %s", ic);
	if (fk[0])
		fuzz_fail("foreign_key_check: a row of table %s has no parent", fk);
}

void fuzz_teardown(void)
{
	char path[400];

	grid_db_close(db);
	db = NULL;
	free(pristine);
	pristine = NULL;
	if (!dir[0])
		return;
	if (db_path[0]) {
		unlink(db_path);
		remove_sidecars();
	}
	/* Targets write their inputs under these names. */
	snprintf(path, sizeof(path), "%s/input", dir);
	unlink(path);
	rmdir(dir);
	dir[0] = '\0';
}
