/* Unit tests of the issue module: the workflow, its refusals, history,
 * sweep, permissions, the ledger import. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

/* District D > street S > communities C1 (grids G11, G12) and C2 (G21).
 * L1 leads C1, M1 is a member on G11, H2 heads G21, T1 is staff of
 * department D1, T2 of D2, V1 a viewer. */
static const char roster_sql[] =
	"INSERT INTO level (depth, name) VALUES (0,'district'),(1,'street'),(2,'community'),(3,'grid');"
	"INSERT INTO department (id,code,name) VALUES (1,'D1','应急'),(2,'D2','卫健');"
	"INSERT INTO category (id,code,name,deadline_hours,department_id) VALUES"
	" (1,'WORK_SAFETY','安全生产',24,1),(2,'OTHER','其它',120,2);"
	"INSERT INTO unit (id,code,name,depth,parent_id,lft,rgt) VALUES"
	" (1,'D','区',0,NULL,1,14),(2,'S','街道',1,1,2,13),"
	" (3,'C1','社区一',2,2,3,8),(4,'G11','一网格',3,3,4,5),(5,'G12','二网格',3,3,6,7),"
	" (6,'C2','社区二',2,2,9,12),(7,'G21','三网格',3,6,10,11);"
	"INSERT INTO person (id,pid,name,roles,department_id) VALUES (10,'L1','王强',2,NULL),"
	" (11,'M1','李娜',8,NULL),(12,'H2','张伟',4,NULL),(13,'T1','赵六',16,1),(14,'T2','钱七',16,2),"
	" (15,'V1','孙八',32,NULL);"
	"INSERT INTO assignment (unit_id, person_id, duty) VALUES (3,10,'leader'),(4,11,'grid_member'),(7,12,'grid_head');";

static void exec_sql(const char *sql, int must_work)
{
	if (must_work)
		tu_sql(sql);
	else
		assert_int_not_equal(tu_sql_try(sql), 0);
}

/* One text value from the test database. */
static char *query(const char *fmt, ...)
{
	char sql[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(sql, sizeof(sql), fmt, ap);
	va_end(ap);
	return (char *)tu_sql_text(sql);
}

/* Every row of the query, joined by SEP. */
static const char *list(const char *sep, const char *fmt, ...)
{
	char sql[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(sql, sizeof(sql), fmt, ap);
	va_end(ap);
	return tu_sql_list(sql, sep);
}

/* The whole state of the issue tables, to prove a refusal wrote nothing. */
static char *snapshot(void)
{
	char *s = NULL;

	assert_true(asprintf(&s, "%s;%s",
			    list(";", "SELECT id || status || handling_unit_id || coalesce(CAST(due_at AS TEXT), '') || "
				      "coalesce(handler, '') FROM issue ORDER BY id"),
			    query("SELECT count(*) FROM event")) > 0);
	return s;
}

static void assert_unchanged(const char *before)
{
	char *now = snapshot();

	assert_string_equal(now, before);
	free(now);
}

/* TEXT's bytes in upper-case hex (a static buffer). */
static const char *hex(const char *text)
{
	static char buf[256];
	size_t n = 0;

	for (const unsigned char *p = (const unsigned char *)text; *p && n + 3 < sizeof(buf); p++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%02X", *p);
	buf[n] = '\0';
	return buf;
}

static int64_t at(const char *text)
{
	int64_t t = 0;

	assert_int_equal(grid_time_parse(&t, text), GRID_OK);
	return t;
}

static grid_db *setup(void)
{
	grid_db *db;

	tu_set_tz("Asia/Shanghai");
	db = tu_db_new();
	exec_sql(roster_sql, 1);
	grid_db_set_now(db, at("2026-11-02T09:00"));
	return db;
}

static int64_t add(grid_db *db, const char *unit, const char *category, const char *title)
{
	grid_issue_new n = GRID_ISSUE_NEW_INIT;
	int64_t id = 0;

	n.unit = unit;
	n.category = category;
	n.title = title;
	assert_int_equal(grid_issue_add(&id, NULL, db, &n), GRID_OK);
	assert_true(id > 0);
	return id;
}

static int act(grid_db *db, int64_t id, grid_case_action a, const char *note, const char *to)
{
	grid_case_opts o = GRID_CASE_OPTS_INIT;

	o.note = note;
	o.to = to;
	return grid_case_act(db, id, a, &o);
}

static const char *status(int64_t id)
{
	return query("SELECT status FROM issue WHERE id = %lld", (long long)id);
}

static void test_lifecycle(void **state)
{
	grid_db *db = setup();
	int64_t id = add(db, "G11", "WORK_SAFETY", "消防通道堵塞");

	(void)state;
	assert_string_equal(status(id), "reported");
	assert_int_equal(act(db, id, GRID_CASE_ACCEPT, NULL, NULL), GRID_OK);
	assert_string_equal(status(id), "accepted");
	assert_string_equal(query("SELECT due_at - accepted_at FROM issue WHERE id=%lld", (long long)id), "86400");
	assert_int_equal(act(db, id, GRID_CASE_ASSIGN, NULL, "M1"), GRID_OK);
	assert_string_equal(query("SELECT handler || handler_kind FROM issue WHERE id=%lld", (long long)id), "M1person");
	assert_int_equal(act(db, id, GRID_CASE_RESOLVE, "done", NULL), GRID_OK);
	assert_int_equal(act(db, id, GRID_CASE_REOPEN, "not done", NULL), GRID_OK);
	assert_string_equal(query("SELECT status || reopened || coalesce(CAST(resolved_at AS TEXT), '-') FROM issue WHERE id=%lld",
				    (long long)id), "assigned1-");
	assert_int_equal(act(db, id, GRID_CASE_RESOLVE, NULL, NULL), GRID_OK);
	assert_int_equal(act(db, id, GRID_CASE_CLOSE, NULL, NULL), GRID_OK);
	assert_string_equal(status(id), "closed");
	/* Every change is an event with the state it led to. */
	assert_string_equal(list(" ", "SELECT action || '>' || to_status FROM event WHERE issue_id=%lld ORDER BY id",
				    (long long)id),
		"report>reported accept>accepted assign>assigned resolve>resolved reopen>assigned resolve>resolved "
		"close>closed");
	assert_string_equal(query("SELECT count(*) FROM event WHERE issue_id=%lld AND action='resolve' AND "
				    "due_at = (SELECT due_at FROM issue WHERE id=%lld)", (long long)id, (long long)id), "2");
	tu_db_close(db);
}

static void test_invalid_transitions(void **state)
{
	static const struct {
		grid_case_action a;
		const char *note, *to;
	} moves[] = {
		{ GRID_CASE_ASSIGN, NULL, "M1" }, { GRID_CASE_RESOLVE, NULL, NULL }, { GRID_CASE_CLOSE, NULL, NULL },
		{ GRID_CASE_REOPEN, "x", NULL },
	};
	grid_db *db = setup();
	int64_t id = add(db, "G11", "OTHER", "t");
	char *before;
	size_t i;

	(void)state;
	before = snapshot();
	for (i = 0; i < sizeof(moves) / sizeof(moves[0]); i++) {
		assert_int_equal(act(db, id, moves[i].a, moves[i].note, moves[i].to), GRID_ECONFLICT);
		assert_non_null(strstr(grid_errmsg(), "it is reported"));
	}
	assert_unchanged(before);
	free(before);
	assert_int_equal(act(db, 9999, GRID_CASE_ACCEPT, NULL, NULL), GRID_ENOTFOUND);
	assert_int_equal(act(db, id, GRID_CASE_REJECT, NULL, NULL), GRID_EUSAGE);
	assert_int_equal(act(db, id, GRID_CASE_REJECT, "dup", NULL), GRID_OK);
	before = snapshot();
	assert_int_equal(act(db, id, GRID_CASE_ACCEPT, NULL, NULL), GRID_ECONFLICT);
	assert_int_equal(act(db, id, GRID_CASE_ESCALATE, NULL, NULL), GRID_ECONFLICT);
	assert_unchanged(before);
	free(before);
	tu_db_close(db);
}

static void test_escalate(void **state)
{
	grid_db *db = setup();
	int64_t id = add(db, "G11", "WORK_SAFETY", "t");
	char *before;

	(void)state;
	assert_int_equal(act(db, id, GRID_CASE_ACCEPT, NULL, NULL), GRID_OK);
	grid_db_set_now(db, at("2026-11-02T10:00"));
	assert_int_equal(act(db, id, GRID_CASE_ESCALATE, NULL, NULL), GRID_OK);
	assert_string_equal(query("SELECT handling_unit_id || ':' || unit_id FROM issue WHERE id=%lld", (long long)id), "3:4");
	assert_string_equal(query("SELECT due_at FROM issue WHERE id=%lld", (long long)id),
		query("SELECT %lld", (long long)(at("2026-11-02T10:00") + 86400)));
	assert_int_equal(act(db, id, GRID_CASE_ESCALATE, NULL, NULL), GRID_OK);
	assert_int_equal(act(db, id, GRID_CASE_ESCALATE, NULL, NULL), GRID_OK);
	before = snapshot();
	assert_int_equal(act(db, id, GRID_CASE_ESCALATE, NULL, NULL), GRID_ECONFLICT);
	assert_unchanged(before);
	free(before);
	/* A reported case has no due time; escalating it does not make one. */
	id = add(db, "G11", "WORK_SAFETY", "u");
	assert_int_equal(act(db, id, GRID_CASE_ESCALATE, NULL, NULL), GRID_OK);
	assert_string_equal(query("SELECT coalesce(CAST(due_at AS TEXT), 'none') FROM issue WHERE id=%lld", (long long)id), "none");
	tu_db_close(db);
}

static void test_history_append_only(void **state)
{
	grid_db *db = setup();
	int64_t id = add(db, "G11", "OTHER", "t");
	char sql[128];

	(void)state;
	snprintf(sql, sizeof(sql), "UPDATE event SET note = 'x' WHERE issue_id = %lld", (long long)id);
	exec_sql(sql, 0);
	snprintf(sql, sizeof(sql), "DELETE FROM event WHERE issue_id = %lld", (long long)id);
	exec_sql(sql, 0);
	assert_string_equal(query("SELECT count(*) FROM event WHERE issue_id=%lld", (long long)id), "1");
	tu_db_close(db);
}

static void test_ref(void **state)
{
	grid_issue_new n = GRID_ISSUE_NEW_INIT;
	grid_db *db = setup();
	int64_t a = 0, b = 0;
	int created = -1;

	(void)state;
	n.unit = "G11";
	n.category = "OTHER";
	n.title = "井盖";
	n.ref = "R1";
	assert_int_equal(grid_issue_add(&a, &created, db, &n), GRID_OK);
	assert_int_equal(created, 1);
	assert_int_equal(grid_issue_add(&b, &created, db, &n), GRID_OK);
	assert_int_equal(created, 0);
	assert_int_equal(a, b);
	n.title = "别的";
	assert_int_equal(grid_issue_add(&b, &created, db, &n), GRID_ECONFLICT);
	assert_string_equal(query("SELECT count(*) FROM issue"), "1");
	n.at = at("2026-11-03T00:00");
	n.ref = NULL;
	assert_int_equal(grid_issue_add(&b, NULL, db, &n), GRID_EINPUT);
	n.at = 0;
	n.unit = "NOPE";
	assert_int_equal(grid_issue_add(&b, NULL, db, &n), GRID_ENOTFOUND);
	assert_string_equal(query("SELECT count(*) FROM issue"), "1");
	tu_db_close(db);
}

static void test_permissions(void **state)
{
	grid_issue_new n = GRID_ISSUE_NEW_INIT;
	grid_db *db = setup();
	int64_t id, other, x = 0;
	char *before;

	(void)state;
	id = add(db, "G11", "OTHER", "t");
	other = add(db, "G21", "OTHER", "u");
	before = snapshot();
	assert_int_equal(grid_db_set_actor(db, "V1"), GRID_OK);
	n.unit = "G11";
	n.category = "OTHER";
	n.title = "v";
	assert_int_equal(grid_issue_add(&x, NULL, db, &n), GRID_EPERM);
	assert_int_equal(grid_db_set_actor(db, "M1"), GRID_OK);
	n.unit = "G21";
	assert_int_equal(grid_issue_add(&x, NULL, db, &n), GRID_EPERM);
	assert_int_equal(act(db, id, GRID_CASE_ACCEPT, NULL, NULL), GRID_EPERM);
	assert_int_equal(grid_db_set_actor(db, "L1"), GRID_OK);
	assert_int_equal(act(db, other, GRID_CASE_ACCEPT, NULL, NULL), GRID_EPERM);
	assert_unchanged(before);
	free(before);
	assert_int_equal(act(db, id, GRID_CASE_ACCEPT, NULL, NULL), GRID_OK);
	assert_int_equal(act(db, id, GRID_CASE_ASSIGN, NULL, "D1"), GRID_OK);
	assert_int_equal(grid_db_set_actor(db, "T2"), GRID_OK);
	assert_int_equal(act(db, id, GRID_CASE_RESOLVE, NULL, NULL), GRID_EPERM);
	assert_int_equal(grid_db_set_actor(db, "M1"), GRID_OK);
	assert_int_equal(act(db, id, GRID_CASE_RESOLVE, NULL, NULL), GRID_EPERM);
	assert_int_equal(grid_db_set_actor(db, "T1"), GRID_OK);
	assert_int_equal(act(db, id, GRID_CASE_RESOLVE, NULL, NULL), GRID_OK);
	assert_string_equal(query("SELECT actor FROM event WHERE issue_id=%lld AND action='resolve'", (long long)id), "T1");
	/* A grid head resolves what is assigned to them. */
	assert_int_equal(grid_db_set_actor(db, "tester"), GRID_OK);
	assert_int_equal(act(db, other, GRID_CASE_ACCEPT, NULL, NULL), GRID_OK);
	assert_int_equal(act(db, other, GRID_CASE_ASSIGN, NULL, "H2"), GRID_OK);
	assert_int_equal(grid_db_set_actor(db, "H2"), GRID_OK);
	assert_int_equal(act(db, other, GRID_CASE_RESOLVE, NULL, NULL), GRID_OK);
	assert_int_equal(act(db, other, GRID_CASE_CLOSE, NULL, NULL), GRID_EPERM);
	tu_db_close(db);
}

struct rows {
	int64_t ids[16];
	int n, skipped;
};

static int collect(void *ctx, const grid_sweep_row *r)
{
	struct rows *rows = ctx;

	if (!r->to_unit)
		rows->skipped++;
	else if (rows->n < 16)
		rows->ids[rows->n++] = r->id;
	return 0;
}

static void test_sweep(void **state)
{
	grid_db *db = setup();
	struct rows rows;
	int64_t id = add(db, "G11", "WORK_SAFETY", "t");
	int i;

	(void)state;
	add(db, "G11", "WORK_SAFETY", "reported only: never swept");
	assert_int_equal(act(db, id, GRID_CASE_ACCEPT, NULL, NULL), GRID_OK);
	grid_db_set_now(db, at("2026-11-03T08:59"));
	memset(&rows, 0, sizeof(rows));
	assert_int_equal(grid_case_sweep(db, 0, collect, &rows), GRID_OK);
	assert_int_equal(rows.n, 0);
	grid_db_set_now(db, at("2026-11-03T09:01"));
	assert_int_equal(grid_case_sweep(db, 1, collect, &rows), GRID_OK);
	assert_int_equal(rows.n, 1);
	assert_string_equal(query("SELECT handling_unit_id FROM issue WHERE id=%lld", (long long)id), "4");
	memset(&rows, 0, sizeof(rows));
	assert_int_equal(grid_case_sweep(db, 0, collect, &rows), GRID_OK);
	assert_int_equal(rows.n, 1);
	assert_int_equal(rows.ids[0], id);
	assert_string_equal(query("SELECT handling_unit_id FROM issue WHERE id=%lld", (long long)id), "3");
	memset(&rows, 0, sizeof(rows));
	assert_int_equal(grid_case_sweep(db, 0, collect, &rows), GRID_OK);
	assert_int_equal(rows.n, 0);
	for (i = 0; i < 3; i++) {
		grid_db_set_now(db, at("2026-11-03T09:01") + (i + 1) * (86400 + 60));
		memset(&rows, 0, sizeof(rows));
		assert_int_equal(grid_case_sweep(db, 0, collect, &rows), GRID_OK);
	}
	assert_int_equal(rows.n, 0);
	assert_int_equal(rows.skipped, 1);
	assert_string_equal(query("SELECT handling_unit_id FROM issue WHERE id=%lld", (long long)id), "1");
	assert_int_equal(grid_db_set_actor(db, "M1"), GRID_OK);
	assert_int_equal(grid_case_sweep(db, 0, collect, &rows), GRID_EPERM);
	tu_db_close(db);
}

/* The sweep writes history like any write: a real person acts, or nothing
 * happens; and a case with an event later than now is left alone. */
static void test_sweep_actor_and_time(void **state)
{
	grid_db *db = setup();
	struct rows rows;
	int64_t id = add(db, "G11", "WORK_SAFETY", "t");
	char *before;

	(void)state;
	assert_int_equal(act(db, id, GRID_CASE_ACCEPT, NULL, NULL), GRID_OK);
	grid_db_set_now(db, at("2026-11-03T12:00"));
	assert_int_equal(act(db, id, GRID_CASE_ASSIGN, NULL, "M1"), GRID_OK);
	assert_int_equal(grid_db_set_actor_login(db, "nobody"), GRID_OK);
	assert_null(grid_db_actor(db));
	before = snapshot();
	memset(&rows, 0, sizeof(rows));
	assert_int_equal(grid_case_sweep(db, 0, collect, &rows), GRID_EPERM);
	assert_non_null(strstr(grid_errmsg(), "nobody is acting"));
	assert_int_equal(rows.n + rows.skipped, 0);
	assert_unchanged(before);
	/* Past due (09:00) but assigned at 12:00: a sweep at 10:00 skips it. */
	assert_int_equal(grid_db_set_actor(db, "tester"), GRID_OK);
	grid_db_set_now(db, at("2026-11-03T10:00"));
	assert_int_equal(grid_case_sweep(db, 0, collect, &rows), GRID_OK);
	assert_int_equal(rows.n, 0);
	assert_int_equal(rows.skipped, 1);
	assert_unchanged(before);
	free(before);
	grid_db_set_now(db, at("2026-11-03T12:30"));
	memset(&rows, 0, sizeof(rows));
	assert_int_equal(grid_case_sweep(db, 0, collect, &rows), GRID_OK);
	assert_int_equal(rows.n, 1);
	assert_string_equal(query("SELECT actor FROM event WHERE issue_id=%lld AND action='escalate'", (long long)id),
		"tester");
	tu_db_close(db);
}

/* History runs forward: no transition at a time before the last event. */
static void test_time_forward(void **state)
{
	grid_db *db = setup();
	int64_t id = add(db, "G11", "WORK_SAFETY", "t");
	char *before;

	(void)state;
	before = snapshot();
	grid_db_set_now(db, at("2026-11-01T08:00"));
	assert_int_equal(act(db, id, GRID_CASE_ACCEPT, NULL, NULL), GRID_ECONFLICT);
	assert_string_equal(grid_errmsg(), "issue 1: the time 2026-11-01 08:00 is before its last event "
					   "(2026-11-02 09:00); history runs forward");
	assert_int_equal(act(db, id, GRID_CASE_ESCALATE, NULL, NULL), GRID_ECONFLICT);
	assert_int_equal(act(db, id, GRID_CASE_REJECT, "no", NULL), GRID_ECONFLICT);
	assert_unchanged(before);
	free(before);
	/* The same second as the last event is not earlier. */
	grid_db_set_now(db, at("2026-11-02T09:00"));
	assert_int_equal(act(db, id, GRID_CASE_ACCEPT, NULL, NULL), GRID_OK);
	grid_db_set_now(db, at("2026-11-02T11:00"));
	assert_int_equal(act(db, id, GRID_CASE_ASSIGN, NULL, "M1"), GRID_OK);
	before = snapshot();
	grid_db_set_now(db, at("2026-11-02T10:59:30"));
	assert_int_equal(act(db, id, GRID_CASE_RESOLVE, NULL, NULL), GRID_ECONFLICT);
	assert_non_null(strstr(grid_errmsg(), "10:59:30 is before its last event (2026-11-02 11:00:00)"));
	assert_unchanged(before);
	free(before);
	tu_db_close(db);
}

static void test_duplicates(void **state)
{
	grid_case_opts o = GRID_CASE_OPTS_INIT;
	grid_db *db = setup();
	int64_t a = add(db, "G11", "OTHER", "a"), b = add(db, "G11", "OTHER", "b"), c = add(db, "G11", "OTHER", "c");
	char *before;

	(void)state;
	o.note = "dup";
	o.duplicate_of = b;
	assert_int_equal(grid_case_act(db, a, GRID_CASE_REJECT, &o), GRID_OK);
	before = snapshot();
	/* A cycle: b as a duplicate of a, which is rejected. */
	o.duplicate_of = a;
	assert_int_equal(grid_case_act(db, b, GRID_CASE_REJECT, &o), GRID_ECONFLICT);
	assert_non_null(strstr(grid_errmsg(), "issue 1 is rejected"));
	assert_int_equal(grid_case_act(db, c, GRID_CASE_REJECT, &o), GRID_ECONFLICT);
	o.duplicate_of = c;
	assert_int_equal(grid_case_act(db, c, GRID_CASE_REJECT, &o), GRID_EINPUT);
	o.duplicate_of = 99;
	assert_int_equal(grid_case_act(db, c, GRID_CASE_REJECT, &o), GRID_ENOTFOUND);
	assert_unchanged(before);
	free(before);
	/* Any state but rejected may be the original. */
	assert_int_equal(act(db, b, GRID_CASE_ACCEPT, NULL, NULL), GRID_OK);
	o.duplicate_of = b;
	assert_int_equal(grid_case_act(db, c, GRID_CASE_REJECT, &o), GRID_OK);
	assert_string_equal(query("SELECT duplicate_of FROM issue WHERE id=%lld", (long long)c), "2");
	tu_db_close(db);
}

static void test_assign_targets(void **state)
{
	grid_case_opts o = GRID_CASE_OPTS_INIT;
	grid_db *db = setup();
	int64_t id = add(db, "G11", "OTHER", "t");
	char *before;

	(void)state;
	/* A person whose id is a department's code, and one with no role. */
	exec_sql("INSERT INTO person (id,pid,name,roles) VALUES (20,'D1','同名',8),(21,'N0','无',0)", 1);
	assert_int_equal(act(db, id, GRID_CASE_ACCEPT, NULL, NULL), GRID_OK);
	before = snapshot();
	assert_int_equal(act(db, id, GRID_CASE_ASSIGN, NULL, "D1"), GRID_EUSAGE);
	assert_non_null(strstr(grid_errmsg(), "'D1' is both a person and a department"));
	assert_string_equal(grid_errfield(), "to_kind");
	assert_int_equal(act(db, id, GRID_CASE_ASSIGN, NULL, "V1"), GRID_ECONFLICT);
	assert_non_null(strstr(grid_errmsg(), "person 'V1' cannot resolve"));
	assert_int_equal(act(db, id, GRID_CASE_ASSIGN, NULL, "N0"), GRID_ECONFLICT);
	assert_non_null(strstr(grid_errmsg(), "person 'N0'"));
	o.to = "D2";
	o.to_kind = GRID_HANDLER_PERSON;
	assert_int_equal(grid_case_act(db, id, GRID_CASE_ASSIGN, &o), GRID_ENOTFOUND);
	assert_string_equal(grid_errmsg(), "unknown person 'D2'");
	o.to = "M1";
	o.to_kind = GRID_HANDLER_DEPARTMENT;
	assert_int_equal(grid_case_act(db, id, GRID_CASE_ASSIGN, &o), GRID_ENOTFOUND);
	assert_string_equal(grid_errmsg(), "unknown department 'M1'");
	assert_unchanged(before);
	free(before);
	o.to = "D1";
	assert_int_equal(grid_case_act(db, id, GRID_CASE_ASSIGN, &o), GRID_OK);
	assert_string_equal(query("SELECT handler || ':' || handler_kind FROM issue WHERE id=%lld", (long long)id),
		"D1:department");
	o.to_kind = GRID_HANDLER_PERSON;
	assert_int_equal(grid_case_act(db, id, GRID_CASE_ASSIGN, &o), GRID_OK);
	assert_string_equal(query("SELECT handler || ':' || handler_kind FROM issue WHERE id=%lld", (long long)id),
		"D1:person");
	tu_db_close(db);
}

static void test_ref_accept(void **state)
{
	grid_issue_new n = GRID_ISSUE_NEW_INIT;
	grid_db *db = setup();
	int64_t a = 0, b = 0;
	int created = -1;
	char *before;

	(void)state;
	n.unit = "G11";
	n.category = "OTHER";
	n.title = "井盖";
	n.ref = "R1";
	assert_int_equal(grid_issue_add(&a, &created, db, &n), GRID_OK);
	assert_string_equal(status(a), "reported");
	n.accept = 1;
	/* A grid member may not accept, new or existing. */
	assert_int_equal(grid_db_set_actor(db, "M1"), GRID_OK);
	assert_int_equal(grid_issue_add(&b, &created, db, &n), GRID_EPERM);
	assert_string_equal(status(a), "reported");
	assert_int_equal(grid_db_set_actor(db, "tester"), GRID_OK);
	grid_db_set_now(db, at("2026-11-02T10:00"));
	assert_int_equal(grid_issue_add(&b, &created, db, &n), GRID_OK);
	assert_int_equal(b, a);
	assert_int_equal(created, 0);
	assert_string_equal(status(a), "accepted");
	assert_string_equal(list(" ", "SELECT action FROM event WHERE issue_id=%lld ORDER BY id", (long long)a),
		"report accept");
	/* Again: the end state holds, nothing more is written. */
	before = snapshot();
	assert_int_equal(grid_issue_add(&b, &created, db, &n), GRID_OK);
	assert_int_equal(b, a);
	assert_unchanged(before);
	free(before);
	/* A rejected one cannot be accepted. */
	n.ref = "R2";
	n.accept = 0;
	assert_int_equal(grid_issue_add(&a, &created, db, &n), GRID_OK);
	assert_int_equal(act(db, a, GRID_CASE_REJECT, "no", NULL), GRID_OK);
	n.accept = 1;
	assert_int_equal(grid_issue_add(&b, &created, db, &n), GRID_ECONFLICT);
	assert_non_null(strstr(grid_errmsg(), "rejected"));
	assert_string_equal(status(a), "rejected");
	tu_db_close(db);
}

struct errs {
	char text[4096];
	int n;
};

static void on_error(void *ctx, const char *msg)
{
	struct errs *e = ctx;
	size_t len = strlen(e->text);

	snprintf(e->text + len, sizeof(e->text) - len, "%s\n", msg);
	e->n++;
}

static int import_text(grid_db *db, const char *text, struct errs *e, grid_ledger_result *res)
{
	grid_ledger_opts o = GRID_LEDGER_OPTS_INIT;
	FILE *f = fopen(tu_write_file("l.csv", text), "r");
	int rc;

	assert_non_null(f);
	memset(e, 0, sizeof(*e));
	o.name = "l.csv";
	o.on_error = on_error;
	o.ctx = e;
	rc = grid_issue_import(db, f, &o, res);
	fclose(f);
	return rc;
}

static void test_import(void **state)
{
	grid_db *db = setup();
	grid_ledger_result res;
	struct errs e;
	char *before;

	(void)state;
	assert_int_equal(import_text(db,
				 "title,ref,unit,category,reported_at,status,accepted_at,resolved_at,closed_at,handler\n"
				 "一,A1,G11,WORK_SAFETY,2026-10-01 09:00,closed,2026-10-01 10:00,2026-10-01 12:00,"
				 "2026-10-02 09:00,T1\n"
				 "二,A2,G21,OTHER,2026-10-01,,,,,\n",
				 &e, &res),
		GRID_OK);
	assert_int_equal(res.added, 2);
	assert_string_equal(query("SELECT status FROM issue WHERE ref='A2'"), "reported");
	assert_string_equal(list(" ", "SELECT action FROM event e JOIN issue i ON i.id=e.issue_id "
				      "WHERE i.ref='A1' ORDER BY e.id"), "report accept assign resolve close");
	assert_string_equal(query("SELECT due_at - accepted_at FROM issue WHERE ref='A1'"), "86400");
	before = snapshot();
	assert_int_equal(import_text(db,
				 "ref,unit,category,title,reported_at,status,accepted_at\n"
				 "B1,G11,OTHER,好,2026-10-01,reported,\n"
				 "B2,G11,NOPE,坏,2026-10-01,reported,\n"
				 "B3,G11,OTHER,坏,2026-10-01,accepted,\n"
				 "A2,G21,OTHER,变了,2026-10-01,reported,\n"
				 "B4,G11,OTHER\n",
				 &e, &res),
		GRID_EINPUT);
	assert_non_null(strstr(e.text, "l.csv:3: column 'category': unknown category 'NOPE'"));
	assert_non_null(strstr(e.text, "l.csv:4: column 'accepted_at': an accepted issue needs a time here"));
	assert_non_null(strstr(e.text, "l.csv:5: column 'ref': 'A2' is already in the database, with different data"));
	assert_non_null(strstr(e.text, "l.csv:6: 3 fields where the header has 7"));
	assert_int_equal(e.n, 4);
	assert_unchanged(before);
	free(before);
	/* Only conflicts: GRID_ECONFLICT. */
	assert_int_equal(import_text(db, "ref,unit,category,title,reported_at\nA2,G21,OTHER,变了,2026-10-01\n", &e, &res),
		GRID_ECONFLICT);
	assert_int_equal(import_text(db, "ref,unit,category,title,reported_at,colour\n", &e, &res), GRID_EINPUT);
	assert_non_null(strstr(e.text, "l.csv:1: unknown column 'colour'"));
	assert_int_equal(grid_db_set_actor(db, "L1"), GRID_OK);
	assert_int_equal(import_text(db, "ref,unit,category,title,reported_at\n", &e, &res), GRID_EPERM);
	tu_db_close(db);
}

/* Every issue's changed_at is the time of its latest event: the measures
 * find the issues changed after an as-of time by it. */
static void assert_changed_at(void)
{
	assert_string_equal(query("SELECT count(*) FROM issue i WHERE changed_at IS DISTINCT FROM "
				  "(SELECT max(at) FROM event e WHERE e.issue_id = i.id)"), "0");
}

/* Each path that writes events keeps changed_at: the workflow (add, add
 * --accept, every transition, the sweep), the ledger's first load (bulk,
 * indexes rebuilt) and a later one (row by row into a filled table). */
static void test_changed_at(void **state)
{
	grid_db *db = setup();
	grid_issue_new n = GRID_ISSUE_NEW_INIT;
	grid_ledger_result res;
	struct rows rows;
	struct errs e;
	int64_t a, b, c;

	(void)state;
	assert_int_equal(import_text(db,
				 "ref,unit,category,title,reported_at,status,accepted_at,resolved_at,closed_at,handler\n"
				 "K1,G11,WORK_SAFETY,t,2026-10-01 08:00,closed,2026-10-01 09:00,2026-10-01 10:00,"
				 "2026-10-01 11:00,\n"
				 "K2,G11,WORK_SAFETY,t,2026-10-01 08:00,resolved,2026-10-01 09:00,2026-10-02 10:00,,D1\n"
				 "K3,G11,WORK_SAFETY,t,2026-10-01 08:00,assigned,2026-10-01 09:00,,,T1\n"
				 "K4,G11,WORK_SAFETY,t,2026-10-01 08:00,rejected,,,,\n"
				 "K5,G11,WORK_SAFETY,t,2026-10-03 08:00,,,,,\n",
				 &e, &res),
		GRID_OK);
	assert_int_equal(res.added, 5);
	assert_string_equal(query("SELECT count(*) FROM issue WHERE changed_at IS NULL"), "0");
	assert_string_equal(query("SELECT changed_at FROM issue WHERE ref = 'K1'"),
		query("SELECT %lld", (long long)at("2026-10-01T11:00")));
	assert_changed_at();
	/* The workflow, each step at a later time. */
	a = add(db, "G11", "WORK_SAFETY", "a");
	n.unit = "G21";
	n.category = "OTHER";
	n.title = "b";
	n.accept = 1;
	assert_int_equal(grid_issue_add(&b, NULL, db, &n), GRID_OK);
	c = add(db, "G11", "OTHER", "c");
	assert_changed_at();
	grid_db_set_now(db, at("2026-11-02T10:00"));
	assert_int_equal(act(db, a, GRID_CASE_ACCEPT, NULL, NULL), GRID_OK);
	assert_int_equal(act(db, c, GRID_CASE_REJECT, "dup", NULL), GRID_OK);
	grid_db_set_now(db, at("2026-11-02T11:00"));
	assert_int_equal(act(db, a, GRID_CASE_ASSIGN, NULL, "M1"), GRID_OK);
	assert_int_equal(act(db, b, GRID_CASE_ESCALATE, NULL, NULL), GRID_OK);
	grid_db_set_now(db, at("2026-11-02T12:00"));
	assert_int_equal(act(db, a, GRID_CASE_RESOLVE, NULL, NULL), GRID_OK);
	assert_int_equal(act(db, a, GRID_CASE_REOPEN, "no", NULL), GRID_OK);
	assert_changed_at();
	assert_string_equal(query("SELECT changed_at FROM issue WHERE id = %lld", (long long)a),
		query("SELECT %lld", (long long)at("2026-11-02T12:00")));
	/* The sweep escalates an overdue case, as an event. */
	grid_db_set_now(db, at("2026-11-05T09:00"));
	memset(&rows, 0, sizeof(rows));
	assert_int_equal(grid_case_sweep(db, 0, collect, &rows), GRID_OK);
	assert_true(rows.n > 0);
	assert_changed_at();
	/* A later load goes row by row into the filled table. */
	assert_int_equal(import_text(db,
				 "ref,unit,category,title,reported_at,status,accepted_at,resolved_at\n"
				 "K6,G21,OTHER,t,2026-10-05 08:00,resolved,2026-10-05 09:00,2026-10-06 10:00\n",
				 &e, &res),
		GRID_OK);
	assert_string_equal(query("SELECT changed_at FROM issue WHERE ref = 'K6'"),
		query("SELECT %lld", (long long)at("2026-10-06T10:00")));
	assert_string_equal(query("SELECT count(*) FROM issue WHERE changed_at IS NULL"), "0");
	assert_changed_at();
	tu_db_close(db);
}

/* Each event of an issue starts where the one before it ended: the
 * imported history is one the workflow could have recorded. */
static void assert_chained(void)
{
	assert_string_equal(query("SELECT count(*) FROM event e WHERE e.action <> 'report' AND coalesce(e.from_status, '') <> "
				  "coalesce((SELECT p.to_status FROM event p WHERE p.issue_id = e.issue_id AND "
				  "(p.at < e.at OR (p.at = e.at AND p.id < e.id)) ORDER BY p.at DESC, p.id DESC LIMIT 1), '')"),
		"0");
	assert_string_equal(query("SELECT count(*) FROM issue i WHERE status <> (SELECT e.to_status FROM event e "
				  "WHERE e.issue_id = i.id ORDER BY e.at DESC, e.id DESC LIMIT 1)"), "0");
}

static void test_import_history(void **state)
{
	grid_db *db = setup();
	grid_ledger_result res;
	struct errs e;
	char *before;

	(void)state;
	assert_int_equal(import_text(db,
				 "ref,unit,category,title,reported_at,status,accepted_at,resolved_at,closed_at,handler\n"
				 "H1,G11,WORK_SAFETY,t,2026-10-01 08:00,closed,2026-10-01 09:00,2026-10-01 10:00,"
				 "2026-10-01 11:00,\n"
				 "H2,G11,WORK_SAFETY,t,2026-10-01 08:00,resolved,2026-10-01 09:00,2026-10-02 10:00,,D1\n"
				 "H3,G11,WORK_SAFETY,t,2026-10-01 08:00,assigned,2026-10-01 09:00,,,T1\n"
				 "H4,G11,WORK_SAFETY,t,2026-10-01 08:00,rejected,,,,\n"
				 "H5,G11,WORK_SAFETY,t,2026-10-01 08:00,,2026-10-01 09:00,,,\n",
				 &e, &res),
		GRID_OK);
	assert_int_equal(res.added, 5);
	assert_chained();
	assert_string_equal(list(" ", "SELECT action || ':' || coalesce(from_status, '') || '>' || to_status "
				      "FROM event WHERE issue_id = (SELECT id FROM issue WHERE ref='H1') ORDER BY at, id"),
		"report:>reported accept:reported>accepted assign:accepted>assigned resolve:assigned>resolved "
		"close:resolved>closed");
	/* The assign is at accepted_at; a row without a handler keeps none. */
	assert_string_equal(query("SELECT CASE WHEN e.at = i.accepted_at THEN 1 ELSE 0 END FROM event e JOIN issue i ON i.id = e.issue_id "
				  "WHERE i.ref='H1' AND e.action='assign'"), "1");
	assert_string_equal(query("SELECT coalesce(handler, 'none') FROM issue WHERE ref='H1'"), "none");
	assert_string_equal(query("SELECT handler || ' ' || handler_kind FROM issue WHERE ref='H2'"), "D1 department");
	assert_string_equal(query("SELECT handler || ' ' || handler_kind FROM issue WHERE ref='H3'"), "T1 person");
	/* On time is judged by the due time the resolve event carries:
	 * H2, resolved 25 hours after accept with a 24-hour deadline, is late. */
	assert_string_equal(list(" ", "SELECT i.ref || ':' || CASE WHEN e.at <= e.due_at THEN 1 ELSE 0 END FROM event e "
				      "JOIN issue i ON i.id = e.issue_id WHERE e.action = 'resolve' ORDER BY i.ref"),
		"H1:1 H2:0");
	assert_string_equal(query("SELECT status FROM issue WHERE ref='H5'"), "accepted");

	before = snapshot();
	assert_int_equal(import_text(db,
				 "ref,unit,category,title,reported_at,status,accepted_at,resolved_at,closed_at,handler\n"
				 "J2,G11,OTHER,t,2026-10-01 08:00,accepted,2026-10-01 09:00,,,T1\n"
				 "J3,G11,OTHER,t,2026-10-01 08:00,closed,2026-10-01 09:00,,2026-10-01 11:00,\n"
				 "J4,G11,OTHER,t,2026-10-01 08:00,reported,,2026-10-01 09:00,,\n"
				 "J5,G11,OTHER,t,2026-10-01 08:00,resolved,2026-10-01 09:00,2026-10-01 07:00,,\n"
				 "J6,G11,OTHER,t,2026-10-01 08:00,closed,2026-10-01 09:00,2026-10-01 10:00,2026-10-01 09:30,\n"
				 "J7,G11,OTHER,t,2026-10-01 08:00,,,,,T1\n",
				 &e, &res),
		GRID_EINPUT);
	assert_non_null(strstr(e.text, "l.csv:2: column 'handler': an accepted issue has no handler\n"));
	assert_non_null(strstr(e.text, "l.csv:3: column 'resolved_at': a closed issue needs a time here\n"));
	assert_non_null(strstr(e.text, "l.csv:4: column 'resolved_at': a reported issue has no time here\n"));
	assert_non_null(strstr(e.text, "l.csv:5: column 'resolved_at': earlier than accepted_at\n"));
	assert_non_null(strstr(e.text, "l.csv:6: column 'closed_at': earlier than resolved_at\n"));
	/* Without status, a handler makes it assigned: then accepted_at is missing. */
	assert_non_null(strstr(e.text, "l.csv:7: column 'accepted_at': an assigned issue needs a time here\n"));
	assert_int_equal(e.n, 6);
	assert_unchanged(before);
	free(before);
	tu_db_close(db);
}

/* Errors name the column and the line where its field starts; CR LF
 * inside a quoted field is a newline. */
static void test_import_csv(void **state)
{
	grid_db *db = setup();
	grid_ledger_result res;
	struct errs e;
	char *before;

	(void)state;
	assert_int_equal(import_text(db,
				 "ref,unit,category,title,detail,reported_at\r\n"
				 "Q1,G11,OTHER,t,\"一\r\n二\",2026-10-01\r\n",
				 &e, &res),
		GRID_OK);
	assert_string_equal(hex(query("SELECT detail FROM issue WHERE ref='Q1'")), "E4B8800AE4BA8C");
	before = snapshot();
	/* A lone CR is still a control character, and a title has no newline. */
	assert_int_equal(import_text(db,
				 "ref,unit,category,title,detail,reported_at\n"
				 "Q2,G11,OTHER,t,\"a\rb\",2026-10-01\n"
				 "Q3,G11,OTHER,\"a\r\nb\",,2026-10-01\n"
				 "Q4,G11,OTHER,t,\"x\n\ny\",nope\n"
				 "Q5,\"G1\n1\",OTHER,t,,2026-10-01\n",
				 &e, &res),
		GRID_EINPUT);
	assert_non_null(strstr(e.text, "l.csv:2: column 'detail': value has a control character (U+000D)\n"));
	assert_non_null(strstr(e.text, "l.csv:3: column 'title': value has a control character (U+000A)\n"));
	/* reported_at starts two lines below its record. */
	assert_non_null(strstr(e.text, "l.csv:7: column 'reported_at': malformed time 'nope'\n"));
	assert_non_null(strstr(e.text, "l.csv:8: column 'unit': unknown unit 'G1?1'\n"));
	assert_int_equal(e.n, 4);
	/* A field left open: reported where its quote opened. */
	assert_int_equal(import_text(db,
				 "ref,unit,category,title,detail,reported_at\n"
				 "Q6,G11,OTHER,t,,2026-10-01\n"
				 "Q7,G11,OTHER,t,\"open\n\nstill,2026-10-01\n",
				 &e, &res),
		GRID_EINPUT);
	assert_string_equal(e.text, "l.csv:3: column 'detail': malformed CSV: unbalanced quote: the quoted field is "
				    "never closed\n");
	assert_int_equal(import_text(db, "ref,unit,category,title,detail,reported_at\nQ8,G11,OTHER,t,a\"b,2026-10-01\n",
				 &e, &res),
		GRID_EINPUT);
	assert_non_null(strstr(e.text, "l.csv:2: column 'detail': malformed CSV: a quote inside an unquoted field"));
	assert_int_equal(import_text(db,
				 "ref,unit,category,title,detail,reported_at\nQ9,G11,OTHER,t,\"a\n\"b,2026-10-01\n",
				 &e, &res),
		GRID_EINPUT);
	assert_non_null(strstr(e.text, "l.csv:2: column 'detail': malformed CSV: text after the closing quote"));
	assert_null(strstr(e.text, "strict"));
	assert_unchanged(before);
	free(before);
	tu_db_close(db);
}

/* More rows than one batch, and a ref repeated inside the file. */
static void test_import_batches(void **state)
{
	grid_db *db = setup();
	grid_ledger_result res;
	struct errs e;
	char *text = malloc(20000);
	size_t used;
	int i;

	(void)state;
	assert_non_null(text);
	used = (size_t)snprintf(text, 20000, "ref,unit,category,title,reported_at,status,accepted_at\n");
	for (i = 0; i < 70; i++)
		used += (size_t)snprintf(text + used, 20000 - used, "N%d,G%s,OTHER,t%d,2026-10-01,%s\n", i,
			i % 2 ? "11" : "21", i, i % 3 ? "reported," : "accepted,2026-10-02");
	snprintf(text + used, 20000 - used, "N5,G11,OTHER,t5,2026-10-01,reported,\n");
	assert_int_equal(import_text(db, text, &e, &res), GRID_OK);
	assert_int_equal(res.added, 70);
	assert_int_equal(res.unchanged, 1);
	assert_string_equal(query("SELECT count(*) FROM issue"), "70");
	assert_string_equal(query("SELECT count(*) FROM event"), "94"); /* 70 reports, 24 accepts */
	assert_string_equal(query("SELECT count(*) FROM issue i JOIN event e ON e.issue_id = i.id AND e.action = 'report' "
				  "WHERE i.title = 't' || substr(i.ref, 2)"), "70");
	/* A repeat with other data, inside the same batch as the first. */
	assert_int_equal(import_text(db, "ref,unit,category,title,reported_at\nM1,G11,OTHER,a,2026-10-01\n"
				     "M1,G11,OTHER,b,2026-10-01\n", &e, &res), GRID_ECONFLICT);
	/* The id M1 had is rolled back: the message names its line. */
	assert_non_null(strstr(e.text, "l.csv:3: column 'ref': 'M1' repeats line 2, with different data"));
	assert_null(strstr(e.text, "issue 71"));
	assert_string_equal(query("SELECT count(*) FROM issue"), "70");
	/* Indexes dropped for a first load are back. */
	if (tu_engine_pg())
		assert_string_equal(list(" ", "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() "
					      "AND tablename IN ('issue', 'event') AND indexname NOT IN "
					      "(SELECT conname FROM pg_constraint) ORDER BY indexname"),
			"event_issue issue_changed issue_measures issue_open_due issue_unit");
	else
		assert_string_equal(list(" ", "SELECT name FROM sqlite_master WHERE type = 'index' "
					      "AND tbl_name IN ('issue', 'event') AND sql IS NOT NULL ORDER BY name"),
			"event_issue issue_changed issue_measures issue_open_due issue_unit");
	free(text);
	tu_db_close(db);
}

struct list_ctx {
	int n;
	int64_t first;
};

static int count_issue(void *ctx, const grid_issue *is)
{
	struct list_ctx *l = ctx;

	if (!l->n++)
		l->first = is->id;
	return 0;
}

static void test_list(void **state)
{
	grid_issue_filter f = GRID_ISSUE_FILTER_INIT;
	grid_db *db = setup();
	struct list_ctx l = { 0, 0 };
	int64_t a = add(db, "G11", "OTHER", "a"), b;

	(void)state;
	grid_db_set_now(db, at("2026-11-02T10:00"));
	b = add(db, "G21", "WORK_SAFETY", "b");
	assert_int_equal(grid_issue_list(db, &f, count_issue, &l), GRID_OK);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.first, b);
	f.unit = "C1";
	memset(&l, 0, sizeof(l));
	assert_int_equal(grid_issue_list(db, &f, count_issue, &l), GRID_OK);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.first, a);
	f.unit = NULL;
	f.status = "reported,bogus";
	assert_int_equal(grid_issue_list(db, &f, count_issue, &l), GRID_EUSAGE);
	f.status = NULL;
	f.category = "WORK_SAFETY";
	memset(&l, 0, sizeof(l));
	assert_int_equal(grid_issue_list(db, &f, count_issue, &l), GRID_OK);
	assert_int_equal(l.first, b);
	/* --handler: a person or a department, else not found. */
	f.category = NULL;
	f.handler = "NOPE";
	memset(&l, 0, sizeof(l));
	assert_int_equal(grid_issue_list(db, &f, count_issue, &l), GRID_ENOTFOUND);
	assert_string_equal(grid_errmsg(), "no person or department 'NOPE'");
	assert_int_equal(l.n, 0);
	f.handler = "D2";
	assert_int_equal(grid_issue_list(db, &f, count_issue, &l), GRID_OK);
	assert_int_equal(l.n, 0);
	f.handler = "V1";
	assert_int_equal(grid_issue_list(db, &f, count_issue, &l), GRID_OK);
	assert_int_equal(l.n, 0);
	tu_db_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lifecycle),
		cmocka_unit_test(test_invalid_transitions),
		cmocka_unit_test(test_escalate),
		cmocka_unit_test(test_history_append_only),
		cmocka_unit_test(test_ref),
		cmocka_unit_test(test_permissions),
		cmocka_unit_test(test_sweep),
		cmocka_unit_test(test_sweep_actor_and_time),
		cmocka_unit_test(test_time_forward),
		cmocka_unit_test(test_duplicates),
		cmocka_unit_test(test_assign_targets),
		cmocka_unit_test(test_ref_accept),
		cmocka_unit_test(test_import),
		cmocka_unit_test(test_import_batches),
		cmocka_unit_test(test_import_history),
		cmocka_unit_test(test_import_csv),
		cmocka_unit_test(test_changed_at),
		cmocka_unit_test(test_list),
	};

	return cmocka_run_group_tests_name("issue", tests, NULL, NULL);
}
