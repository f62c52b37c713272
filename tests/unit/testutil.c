#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "testutil.h"

static char dir[256];
static char path[300];

void tu_set_tz(const char *tz)
{
	setenv("TZ", tz, 1);
	tzset();
}

static void make_dir(void)
{
	if (dir[0])
		return;
	snprintf(dir, sizeof(dir), "/tmp/grid-unit-XXXXXX");
	if (!mkdtemp(dir))
		abort();
}

grid_db *tu_db_new(void)
{
	static int n;
	grid_db *db = NULL;
	int created = 0;

	make_dir();
	snprintf(path, sizeof(path), "%s/t%d.db", dir, n++);
	assert_int_equal(grid_db_open(&db, path, GRID_OPEN_CREATE | GRID_OPEN_MIGRATE), GRID_OK);
	assert_int_equal(grid_db_ensure_admin(db, "tester", &created), GRID_OK);
	assert_int_equal(grid_db_set_actor(db, "tester"), GRID_OK);
	return db;
}

void tu_db_close(grid_db *db)
{
	char side[320];

	grid_db_close(db);
	unlink(path);
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
}

const char *tu_db_path(void)
{
	return path;
}

const char *tu_write_file(const char *name, const char *text)
{
	static char file[400];
	FILE *f;

	make_dir();
	snprintf(file, sizeof(file), "%s/%s", dir, name);
	f = fopen(file, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return file;
}

static sqlite3 *raw;

void tu_sql(const char *sql)
{
	char *err = NULL;

	if (sqlite3_exec(raw, sql, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s: %s", sql, err);
}

grid_db *tu_db_seeded(const char *seed_sql)
{
	grid_db *db;

	tu_set_tz("Asia/Shanghai");
	db = tu_db_new();
	assert_int_equal(sqlite3_open(tu_db_path(), &raw), SQLITE_OK);
	tu_sql(seed_sql);
	return db;
}

void tu_db_seeded_close(grid_db *db)
{
	sqlite3_close(raw);
	raw = NULL;
	tu_db_close(db);
}

int64_t tu_time(const char *text)
{
	int64_t t = 0;

	assert_int_equal(grid_time_parse(&t, text), GRID_OK);
	return t;
}
