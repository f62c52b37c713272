/* Unit tests of the history's hash chain: the encoding, the migration of
 * a schema-1 database (recorded_by and on_behalf unknown, the chain
 * computed), and grid_history_verify. */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "history_hash.h"
#include "testutil.h"

/* The fragments of schema version 1 (lib/store/sqlite/schema.h). */
extern const char store_schema_core_v1[], store_schema_roster_v1[], store_schema_issue_v1[],
	store_schema_visit_v1[], store_schema_diary_v1[], store_schema_stats_v1[];

static const char v1_data[] =
	"INSERT INTO level (depth, name) VALUES (0,'grid');"
	"INSERT INTO category (id,code,name,deadline_hours) VALUES (1,'OTHER','其它',120);"
	"INSERT INTO unit (id,code,name,depth,lft,rgt) VALUES (1,'G1','一网格',0,1,2);"
	"INSERT INTO person (id,pid,name,login,roles) VALUES (1,'tester','tester','tester',1);"
	"INSERT INTO issue (id,unit_id,handling_unit_id,category_id,title,reported_at,status) VALUES"
	" (1,1,1,1,'a',1000,'accepted'),(2,1,1,1,'b',2000,'reported');"
	"INSERT INTO event (issue_id,at,actor,action,from_status,to_status,handling_unit_id,due_at,note) VALUES"
	" (1,1000,'tester','report',NULL,'reported',1,NULL,NULL),"
	" (2,2000,'tester','report',NULL,'reported',1,NULL,'x'),"
	" (1,3000,'tester','accept','reported','accepted',1,9000,NULL);"
	"PRAGMA user_version = 1;";

static void exec_on(const char *path, const char *sql)
{
	sqlite3 *h = NULL;
	char *msg = NULL;

	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	if (sqlite3_exec(h, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("sql: %s", msg ? msg : "?");
	sqlite3_free(msg);
	sqlite3_close(h);
}

/* A database of schema 1 with three events, opened with the migration. */
static grid_db *open_v1(void)
{
	const char *v1[] = { store_schema_core_v1, store_schema_roster_v1, store_schema_issue_v1,
		store_schema_visit_v1, store_schema_diary_v1, store_schema_stats_v1, v1_data };
	grid_db *db = tu_db_new();
	char path[300];

	snprintf(path, sizeof(path), "%s", tu_db_path());
	grid_db_close(db);
	unlink(path);
	for (size_t i = 0; i < sizeof(v1) / sizeof(v1[0]); i++)
		exec_on(path, v1[i]);
	assert_int_equal(grid_db_open(&db, path, GRID_OPEN_MIGRATE), GRID_OK);
	assert_int_equal(grid_db_schema_found(db), 1);
	assert_int_equal(grid_db_set_actor(db, "tester"), GRID_OK);
	return db;
}

/* The same three events, written by grid itself: issue 1 reported (event
 * 1), issue 2 reported (event 2), issue 1 accepted (event 3).
 * On PostgreSQL, which has no schema 1. */
static grid_db *open_three(void)
{
	static const char roster[] =
		"version: 1\n"
		"levels: [grid]\n"
		"categories:\n"
		"  - {code: OTHER, name: 其它, deadline_hours: 120}\n"
		"units:\n"
		"  - {code: G1, name: 一网格, level: grid}\n";
	grid_db *db = tu_db_new();
	grid_import_opts io = GRID_IMPORT_OPTS_INIT;
	grid_import_result r;
	grid_issue_new in = GRID_ISSUE_NEW_INIT;
	grid_case_opts o = GRID_CASE_OPTS_INIT;
	int64_t id = 0;

	assert_int_equal(grid_roster_import(db, tu_write_file("three.yaml", roster), &io, &r), GRID_OK);
	in.unit = "G1";
	in.category = "OTHER";
	in.title = "a";
	grid_db_set_now(db, 1000);
	assert_int_equal(grid_issue_add(&id, NULL, db, &in), GRID_OK);
	assert_int_equal(id, 1);
	in.title = "b";
	grid_db_set_now(db, 2000);
	assert_int_equal(grid_issue_add(&id, NULL, db, &in), GRID_OK);
	assert_int_equal(id, 2);
	grid_db_set_now(db, 3000);
	assert_int_equal(grid_case_act(db, 1, GRID_CASE_ACCEPT, &o), GRID_OK);
	assert_int_equal(tu_sql_int("SELECT id FROM event WHERE issue_id = 1 AND action = 'accept'"), 3);
	grid_db_set_now(db, 0);
	return db;
}

/* The database of three events of the engine: schema 1's migrated on
 * SQLite, grid's own on PostgreSQL. */
static grid_db *open_fixture(void)
{
	return tu_engine_pg() ? open_three() : open_v1();
}

/* Run the SQL EDIT on the database with the trigger TRIGGER on event dropped first. */
static void tamper(const char *trigger, const char *edit)
{
	char sql[300];

	snprintf(sql, sizeof(sql), "%s %s", tu_drop_trigger(trigger, "event"), edit);
	tu_sql(sql);
}

struct seen {
	int n;
	grid_history_problem p[8];
};

static int collect(void *ctx, const grid_history_problem *p)
{
	struct seen *s = ctx;

	if (s->n < 8)
		s->p[s->n++] = *p;
	return 0;
}

static int count_unknown(void *ctx, const grid_event *ev)
{
	*(int *)ctx += ev->recorded_by == NULL && ev->on_behalf == -1;
	return 0;
}

static void test_migration_chains_old_events(void **state)
{
	grid_history_summary sum;
	struct seen s = { 0 };
	grid_db *db = open_v1();
	int unknown = 0;

	(void)state;
	assert_int_equal(grid_history_verify(db, collect, &s, &sum), GRID_OK);
	assert_int_equal(s.n, 0);
	assert_int_equal(sum.events, 3);
	assert_int_equal(sum.issues, 2);
	assert_true(sum.head_ok);
	assert_int_equal(grid_issue_history(db, 1, count_unknown, &unknown), GRID_OK);
	assert_int_equal(unknown, 2);
	/* The trigger is back: the history is append-only again. */
	assert_int_not_equal(tu_sql_try("UPDATE event SET note = 'y' WHERE id = 1"), 0);
	tu_db_close(db);
}

static void test_new_events_chain_on(void **state)
{
	grid_history_summary sum;
	struct seen s = { 0 };
	grid_db *db = open_fixture();
	int64_t id = 0;
	grid_issue_new in = GRID_ISSUE_NEW_INIT;
	grid_case_opts o = GRID_CASE_OPTS_INIT;

	(void)state;
	assert_int_equal(grid_db_set_login(db, "zhang"), GRID_OK);
	in.unit = "G1";
	in.category = "OTHER";
	in.title = "c";
	assert_int_equal(grid_issue_add(&id, NULL, db, &in), GRID_OK);
	assert_int_equal(grid_case_act(db, 2, GRID_CASE_ACCEPT, &o), GRID_OK);
	assert_int_equal(grid_history_verify(db, collect, &s, &sum), GRID_OK);
	assert_int_equal(s.n, 0);
	assert_int_equal(sum.events, 5);
	assert_true(sum.head_ok);
	/* Changed behind grid's back: named. */
	tamper("event_no_update", "UPDATE event SET at = at + 1 WHERE id = 2");
	assert_int_equal(grid_history_verify(db, collect, &s, &sum), GRID_OK);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.p[0].fault, GRID_HISTORY_CHANGED);
	assert_int_equal(s.p[0].issue_id, 2);
	assert_int_equal(s.p[0].event_id, 2);
	tu_db_close(db);
}

/* Deleting a middle event leaves a gap in its issue's seq: the event
 * after it is named as the one an event is missing before, not as
 * changed, though the hash it chains from is gone with the deleted one. */
static void test_deleted_middle_event_is_missing(void **state)
{
	grid_history_summary sum;
	struct seen s = { 0 };
	grid_db *db = open_fixture();
	grid_case_opts o = GRID_CASE_OPTS_INIT;

	(void)state;
	o.to = "tester";
	/* Issue 1: events 1, 3 and now 4. */
	assert_int_equal(grid_case_act(db, 1, GRID_CASE_ASSIGN, &o), GRID_OK);
	assert_int_equal(grid_history_verify(db, collect, &s, &sum), GRID_OK);
	assert_int_equal(s.n, 0);
	tamper("event_no_delete", "DELETE FROM event WHERE id = 3");
	assert_int_equal(grid_history_verify(db, collect, &s, &sum), GRID_OK);
	assert_int_equal(s.n, 2);
	assert_int_equal(s.p[0].fault, GRID_HISTORY_MISSING);
	assert_int_equal(s.p[0].issue_id, 1);
	assert_int_equal(s.p[0].event_id, 4);
	assert_int_equal(s.p[1].fault, GRID_HISTORY_HEAD);
	assert_int_equal(s.p[1].head_events, 4);
	assert_int_equal(s.p[1].found_events, 3);
	tu_db_close(db);
}

/* A seq changed, to a gap or to a repeat, is a changed event: its
 * content hashes right only with the seq it had. */
static void test_changed_seq_is_changed(void **state)
{
	static const char *const edits[] = {
		"UPDATE event SET seq = 3 WHERE id = 3",
		"UPDATE event SET seq = 1 WHERE id = 3",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(edits) / sizeof(edits[0]); i++) {
		grid_history_summary sum;
		struct seen s = { 0 };
		grid_db *db = open_fixture();

		tamper("event_no_update", edits[i]);
		assert_int_equal(grid_history_verify(db, collect, &s, &sum), GRID_OK);
		assert_int_equal(s.n, 1);
		assert_int_equal(s.p[0].fault, GRID_HISTORY_CHANGED);
		assert_int_equal(s.p[0].issue_id, 1);
		assert_int_equal(s.p[0].event_id, 3);
		tu_db_close(db);
	}
}

static void hash_of(const char *a, const char *b, unsigned char out[HISTORY_HASH_BYTES])
{
	struct history_content c;

	memset(&c, 0, sizeof(c));
	c.text[HT_ACTOR] = a;
	c.len[HT_ACTOR] = a ? strlen(a) : 0;
	c.text[HT_RECORDED_BY] = b;
	c.len[HT_RECORDED_BY] = b ? strlen(b) : 0;
	assert_int_equal(history_event_hash(&c, history_zero, out), GRID_OK);
}

static void test_encoding_is_unambiguous(void **state)
{
	unsigned char h1[HISTORY_HASH_BYTES], h2[HISTORY_HASH_BYTES];

	(void)state;
	hash_of("ab", NULL, h1);
	hash_of("a", "b", h2);
	assert_memory_not_equal(h1, h2, HISTORY_HASH_BYTES);
	hash_of("", NULL, h1);
	hash_of(NULL, NULL, h2);
	assert_memory_not_equal(h1, h2, HISTORY_HASH_BYTES);
	hash_of(NULL, "", h1);
	hash_of("", NULL, h2);
	assert_memory_not_equal(h1, h2, HISTORY_HASH_BYTES);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_encoding_is_unambiguous),
		cmocka_unit_test(test_new_events_chain_on),
		cmocka_unit_test(test_deleted_middle_event_is_missing),
		cmocka_unit_test(test_changed_seq_is_changed),
		/* Schema 1 is SQLite's alone: PostgreSQL starts at schema 2. */
		cmocka_unit_test(test_migration_chains_old_events),
	};
	size_t n = sizeof(tests) / sizeof(tests[0]);

	tu_set_tz("Asia/Shanghai");
	return _cmocka_run_group_tests("tests", tests, tu_engine_pg() ? n - 1 : n, NULL, NULL);
}
