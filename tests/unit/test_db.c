/* Unit tests of the error model, opening and migrating the database. */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"

static void test_strerror_and_errmsg(void **state)
{
	grid_db *db = NULL;

	(void)state;
	assert_string_equal(grid_strerror(GRID_ENOTFOUND), "not found");
	assert_string_equal(grid_strerror(GRID_EBUSY), "database busy");
	grid_error_clear();
	assert_string_equal(grid_errmsg(), "");
	assert_int_equal(grid_db_open(&db, "/nonexistent-dir/x.db", 0), GRID_ENODB);
	assert_null(db);
	assert_non_null(strstr(grid_errmsg(), "grid init"));
}

static void test_create_mode_and_admin(void **state)
{
	grid_db *db;
	struct stat sb;
	mode_t old = umask(0);

	(void)state;
	db = tu_db_new();
	umask(old);
	assert_int_equal(stat(tu_db_path(), &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_string_equal(grid_db_actor(db), "tester");
	assert_true(grid_db_actor_roles(db) & GRID_ROLE_ADMIN);
	assert_int_equal(grid_db_schema_found(db), 0);
	assert_int_equal(grid_db_set_actor(db, "nobody"), GRID_ENOTFOUND);
	tu_db_close(db);
}

static void test_reopen_is_idempotent(void **state)
{
	grid_db *db = tu_db_new();
	int created = 1;
	char path[300];

	(void)state;
	snprintf(path, sizeof(path), "%s", tu_db_path());
	grid_db_close(db);
	assert_int_equal(grid_db_open(&db, path, GRID_OPEN_CREATE | GRID_OPEN_MIGRATE), GRID_OK);
	assert_int_equal(grid_db_schema_found(db), grid_schema_version());
	assert_int_equal(grid_db_ensure_admin(db, "someone-else", &created), GRID_OK);
	assert_int_equal(created, 0);
	assert_int_equal(grid_db_set_actor_login(db, "someone-else"), GRID_OK);
	assert_null(grid_db_actor(db));
	tu_db_close(db);
}

static void set_user_version(const char *path, int v)
{
	sqlite3 *s;
	char sql[64];

	assert_int_equal(sqlite3_open(path, &s), SQLITE_OK);
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", v);
	assert_int_equal(sqlite3_exec(s, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(s);
}

static void test_newer_schema_refused(void **state)
{
	grid_db *db = tu_db_new();
	char path[300];

	(void)state;
	snprintf(path, sizeof(path), "%s", tu_db_path());
	grid_db_close(db);
	set_user_version(path, grid_schema_version() + 1);
	assert_int_equal(grid_db_open(&db, path, 0), GRID_ENODB);
	assert_non_null(strstr(grid_errmsg(), "newer"));
	assert_int_equal(grid_db_open(&db, path, GRID_OPEN_CREATE | GRID_OPEN_MIGRATE), GRID_ENODB);
	set_user_version(path, grid_schema_version());
	assert_int_equal(grid_db_open(&db, path, 0), GRID_OK);
	tu_db_close(db);
}

static void test_not_a_database(void **state)
{
	grid_db *db = NULL;
	const char *path = tu_write_file("junk.db", "this is not a database, just text that is long enough");

	(void)state;
	assert_int_equal(grid_db_open(&db, path, 0), GRID_ENODB);
	assert_int_equal(grid_db_open(&db, path, GRID_OPEN_CREATE), GRID_ENODB);
	unlink(path);
}

static void test_roles(void **state)
{
	(void)state;
	assert_int_equal(grid_role_parse("admin"), GRID_ROLE_ADMIN);
	assert_int_equal(grid_role_parse("grid_member"), GRID_ROLE_GRID_MEMBER);
	assert_int_equal(grid_role_parse("king"), 0);
	assert_string_equal(grid_role_name(GRID_ROLE_VIEWER), "viewer");
	assert_null(grid_role_name(GRID_ROLE_ADMIN | GRID_ROLE_LEADER));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strerror_and_errmsg),
		cmocka_unit_test(test_create_mode_and_admin),
		cmocka_unit_test(test_reopen_is_idempotent),
		cmocka_unit_test(test_newer_schema_refused),
		cmocka_unit_test(test_not_a_database),
		cmocka_unit_test(test_roles),
	};

	return cmocka_run_group_tests_name("db", tests, NULL, NULL);
}
