/* Unit tests of the error model, opening and migrating the database, and
 * who acts (grid_db_act). */
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
	if (!tu_engine_pg()) { /* the file's mode; a server keeps its own files */
		assert_int_equal(stat(tu_db_path(), &sb), 0);
		assert_int_equal(sb.st_mode & 0777, 0600);
	}
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
	char path[600];

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

static void test_newer_schema_refused(void **state)
{
	grid_db *db = tu_db_new();
	char path[600];

	(void)state;
	snprintf(path, sizeof(path), "%s", tu_db_path());
	grid_db_close(db);
	tu_set_schema_version(path, grid_schema_version() + 1);
	assert_int_equal(grid_db_open(&db, path, 0), GRID_ENODB);
	assert_non_null(strstr(grid_errmsg(), "newer"));
	assert_int_equal(grid_db_open(&db, path, GRID_OPEN_CREATE | GRID_OPEN_MIGRATE), GRID_ENODB);
	tu_set_schema_version(path, grid_schema_version());
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
	assert_int_equal(grid_role_parse("delegate"), GRID_ROLE_DELEGATE);
	assert_int_equal(grid_role_parse("system"), GRID_ROLE_SYSTEM);
	assert_string_equal(grid_role_name(GRID_ROLE_SYSTEM), "system");
	assert_null(grid_role_name(GRID_ROLE_ADMIN | GRID_ROLE_LEADER));
}

/* A database where the OS login "tester" is the admin, "head" heads a
 * grid, "desk" is a delegate, "view" a viewer and "cron" the system. */
static grid_db *people_db(void)
{
	static const char roster[] =
		"version: 1\n"
		"levels: [district, grid]\n"
		"categories:\n"
		"  - {code: OTHER, name: Other, deadline_hours: 24}\n"
		"units:\n"
		"  - code: D1\n"
		"    name: District\n"
		"    level: district\n"
		"    children:\n"
		"      - {code: G1, name: Grid, level: grid}\n"
		"people:\n"
		"  - {id: P1, name: Head, login: head, roles: [grid_head]}\n"
		"  - {id: P2, name: Desk, login: desk, roles: [delegate]}\n"
		"  - {id: P3, name: View, login: view, roles: [viewer]}\n"
		"  - {id: S1, name: Cron, login: cron, roles: [system]}\n"
		"assignments:\n"
		"  - {unit: G1, person: P1, duty: grid_head}\n";
	grid_db *db = tu_db_new();
	grid_import_opts o = GRID_IMPORT_OPTS_INIT;
	grid_import_result r;

	assert_int_equal(grid_roster_import(db, tu_write_file("people.yaml", roster), &o, &r), GRID_OK);
	return db;
}

/* LOGIN runs *DB (tu_login: on PostgreSQL a role of the server) and acts
 * for AS: RC, and ACTOR acting after. */
static void assert_acts(grid_db **db, const char *login, const char *as, int rc, const char *actor)
{
	tu_login(db, login);
	assert_int_equal(grid_db_act(*db, as), rc);
	if (actor)
		assert_string_equal(grid_db_actor(*db), actor);
	else
		assert_null(grid_db_actor(*db));
}

static void test_act_on_behalf(void **state)
{
	grid_db *db = people_db();

	(void)state;
	assert_acts(&db, "tester", NULL, GRID_OK, "tester");
	assert_acts(&db, "tester", "P1", GRID_OK, "P1");
	assert_true(grid_db_actor_roles(db) & GRID_ROLE_GRID_HEAD);
	assert_acts(&db, "head", NULL, GRID_OK, "P1");
	assert_acts(&db, "head", "P1", GRID_OK, "P1");
	assert_acts(&db, "head", "tester", GRID_EPERM, NULL);
	assert_non_null(strstr(grid_errmsg(), "login 'head' (person P1) may not act for 'tester'"));
	assert_acts(&db, "desk", "P1", GRID_OK, "P1");
	assert_acts(&db, "view", "P1", GRID_EPERM, NULL);
	assert_acts(&db, "cron", "P1", GRID_EPERM, NULL);
	assert_acts(&db, "tester", "nobody", GRID_ENOTFOUND, NULL);
	assert_acts(&db, "view", "nobody", GRID_ENOTFOUND, NULL);
	tu_db_close(db);
}

static void test_act_unknown_login(void **state)
{
	grid_db *db = people_db();
	grid_issue_new n = GRID_ISSUE_NEW_INIT;
	int64_t id;

	(void)state;
	assert_acts(&db, "zhang", NULL, GRID_OK, NULL);
	n.unit = "G1";
	n.category = "OTHER";
	n.title = "t";
	assert_int_equal(grid_issue_add(&id, NULL, db, &n), GRID_EPERM);
	assert_non_null(strstr(grid_errmsg(), "login 'zhang' is no person's: add it as the login of a person"));
	assert_acts(&db, "zhang", "P1", GRID_EPERM, NULL);
	assert_non_null(strstr(grid_errmsg(), "login 'zhang' is no person's"));
	/* No login at all (on a server the session user stays, no person's either). */
	assert_int_equal(grid_db_set_login(db, NULL), GRID_OK);
	assert_int_equal(grid_db_act(db, "P1"), GRID_EPERM);
	tu_db_close(db);
}

static int count_swept(void *ctx, const grid_sweep_row *row)
{
	int *n = ctx;

	*n += row->to_unit != NULL;
	return 0;
}

/* The system person sweeps, and writes nothing else; a delegate acting
 * for nobody but themselves may write nothing either. */
static void test_system_and_delegate_rights(void **state)
{
	grid_db *db = people_db();
	grid_issue_new n = GRID_ISSUE_NEW_INIT;
	grid_import_opts o = GRID_IMPORT_OPTS_INIT;
	grid_import_result r;
	int64_t id;
	int swept = 0;

	(void)state;
	n.unit = "G1";
	n.category = "OTHER";
	n.title = "t";
	assert_acts(&db, "head", NULL, GRID_OK, "P1");
	assert_int_equal(grid_issue_add(&id, NULL, db, &n), GRID_OK);
	assert_acts(&db, "tester", NULL, GRID_OK, "tester");
	assert_int_equal(grid_case_act(db, id, GRID_CASE_ACCEPT, NULL), GRID_OK);
	grid_db_set_now(db, grid_db_now(db) + 25 * 3600);
	assert_acts(&db, "cron", NULL, GRID_OK, "S1");
	assert_int_equal(grid_case_sweep(db, 0, count_swept, &swept), GRID_OK);
	assert_int_equal(swept, 1);
	assert_int_equal(grid_issue_add(&id, NULL, db, &n), GRID_EPERM);
	assert_int_equal(grid_case_act(db, id, GRID_CASE_ACCEPT, NULL), GRID_EPERM);
	assert_int_equal(grid_roster_import(db, tu_write_file("v.yaml", "version: 1\n"), &o, &r), GRID_EPERM);
	assert_acts(&db, "desk", NULL, GRID_OK, "P2");
	assert_int_equal(grid_issue_add(&id, NULL, db, &n), GRID_EPERM);
	assert_int_equal(grid_case_sweep(db, 1, NULL, NULL), GRID_EPERM);
	tu_db_close(db);
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
		cmocka_unit_test(test_act_on_behalf),
		cmocka_unit_test(test_act_unknown_login),
		cmocka_unit_test(test_system_and_delegate_rights),
	};

	return cmocka_run_group_tests_name("db", tests, NULL, NULL);
}
