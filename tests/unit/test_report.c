/* Unit tests of the notice (grid_report_build): its sections are the
 * measures of the stats and field modules over the same query, and its own
 * rules hold — the overdue list cut at GRID_REPORT_OVERDUE_MAX with the
 * rest counted, the diary compliance capped, a missing ranking level
 * leaving the notice without a ranking rather than without a notice. */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "testutil.h"

/* district 1 > street 2 > communities 3 (grids 4, 5), 6 (grid 7), 8;
 * P1 is grid head of G11, with households there and in G21. */
static const char roster_sql[] =
	"INSERT INTO level (depth, name) VALUES (0,'district'),(1,'street'),(2,'community'),(3,'grid');"
	"INSERT INTO category (id, code, name, deadline_hours) VALUES"
	" (1,'WORK_SAFETY','安全生产',24),(2,'OTHER','其它',120);"
	"INSERT INTO unit (id, code, name, depth, parent_id, households, lft, rgt) VALUES"
	" (1,'410102','中原区',0,NULL,NULL,1,16),"
	" (2,'410102001','秦岭路街道',1,1,NULL,2,15),"
	" (3,'410102001001','C1',2,2,NULL,3,8),"
	" (4,'410102001001001','G11',3,3,40,4,5),"
	" (5,'410102001001002','G12',3,3,NULL,6,7),"
	" (6,'410102001002','C2',2,2,NULL,9,12),"
	" (7,'410102001002001','G21',3,6,60,10,11),"
	" (8,'410102001003','C3',2,2,NULL,13,14);"
	"INSERT INTO person (id, pid, name, roles) VALUES (10,'P1','张伟',4);"
	"INSERT INTO assignment (unit_id, person_id, duty) VALUES (4,10,'grid_head');";

/* Issue ID found at UNIT in category CAT at AT; accepted at once with a
 * due time DUE hours later, and resolved RESOLVED hours after AT unless
 * RESOLVED is negative (then it stays open). */
static void issue(int id, int unit, int cat, const char *at, int due, int resolved)
{
	long long t = (long long)tu_time(at), d = t + due * 3600LL, r = t + resolved * 3600LL;
	char res[32] = "NULL";
	char *q;

	if (resolved >= 0)
		snprintf(res, sizeof(res), "%lld", r);
	q = sqlite3_mprintf("INSERT INTO issue (id, unit_id, handling_unit_id, category_id, title, reported_at, status,"
			    " accepted_at, due_at, resolved_at) VALUES (%d, %d, %d, %d, 'issue %d', %lld, %Q, %lld, %lld, %s);"
			    "INSERT INTO event (issue_id, at, action, to_status, handling_unit_id)"
			    " VALUES (%d, %lld, 'report', 'reported', %d);"
			    "INSERT INTO event (issue_id, at, action, from_status, to_status, handling_unit_id, due_at)"
			    " VALUES (%d, %lld, 'accept', 'reported', 'accepted', %d, %lld);",
		id, unit, unit, cat, id, t, resolved < 0 ? "accepted" : "resolved", t, d, res, id, t, unit, id, t, unit, d);
	tu_sql(q);
	sqlite3_free(q);
	if (resolved < 0)
		return;
	q = sqlite3_mprintf("INSERT INTO event (issue_id, at, action, from_status, to_status, handling_unit_id, due_at)"
			    " VALUES (%d, %lld, 'resolve', 'accepted', 'resolved', %d, %lld);",
		id, r, unit, d);
	tu_sql(q);
	sqlite3_free(q);
}

static void same_measure(const grid_measure *a, const grid_measure *b)
{
	assert_int_equal(a->found, b->found);
	assert_int_equal(a->resolved, b->resolved);
	assert_int_equal(a->due, b->due);
	assert_int_equal(a->on_time, b->on_time);
	assert_int_equal(a->reopened, b->reopened);
	assert_int_equal(a->at_level, b->at_level);
	assert_int_equal(a->one_up, b->one_up);
	assert_int_equal(a->two_up, b->two_up);
	assert_int_equal(a->overdue, b->overdue);
}

struct rows {
	size_t n;
	char key[8][32];
	grid_measure m[8];
};

static int collect(void *ctx, const grid_stats_row *row)
{
	struct rows *r = ctx;

	assert_true(r->n < 8);
	snprintf(r->key[r->n], sizeof(r->key[0]), "%s", row->key);
	r->m[r->n++] = row->m;
	return 0;
}

/* The report's tables against grid_stats_cases over the same query. */
static void same_rows(const struct rows *want, const grid_stats_row *got, size_t n)
{
	size_t i;

	assert_int_equal(n, want->n);
	for (i = 0; i < n; i++) {
		assert_string_equal(got[i].key, want->key[i]);
		same_measure(&got[i].m, &want->m[i]);
	}
}

/* November: resolved on time, resolved late, open past due, open not yet
 * due, in two categories and two communities. */
static void november(void)
{
	issue(1, 4, 1, "2026-11-02T10:00", 24, 2);
	issue(2, 5, 2, "2026-11-03T10:00", 24, 48);
	issue(3, 7, 1, "2026-11-04T10:00", 24, -1);
	issue(4, 7, 2, "2026-11-30T10:00", 120, -1);
}

static void check_against_stats(grid_db *db, const char *unit)
{
	grid_report_query rq = GRID_REPORT_QUERY_INIT;
	grid_stats_query q = GRID_STATS_QUERY_INIT;
	grid_measure cases, visits, diary;
	struct rows cats = { 0 }, units = { 0 };
	grid_report *r = NULL;

	assert_int_equal(grid_period_month(&rq.period, "2026-11", tu_time("2026-12-10")), GRID_OK);
	rq.unit = unit;
	q.period = rq.period;
	q.unit = unit;
	assert_int_equal(grid_report_build(db, &rq, &r), GRID_OK);
	assert_int_equal(grid_stats_cases(db, &q, collect, &cats, &cases), GRID_OK);
	same_measure(&r->total, &cases);
	same_rows(&cats, r->categories, r->ncategories);
	q.by = GRID_BY_UNIT;
	assert_int_equal(grid_stats_cases(db, &q, collect, &units, NULL), GRID_OK);
	same_rows(&units, r->units, r->nunits);
	assert_int_equal(grid_stats_visits(db, &q, NULL, NULL, &visits), GRID_OK);
	assert_int_equal(grid_stats_diary(db, &q, NULL, NULL, &diary), GRID_OK);
	assert_int_equal(r->total.households, visits.households);
	assert_int_equal(r->total.visited, visits.visited);
	assert_int_equal(r->total.expected, diary.expected);
	assert_int_equal(r->total.written, diary.written);
	assert_true(r->period.since == rq.period.since && r->period.as_of == rq.period.as_of);
	assert_string_equal(r->level, "community");
	assert_null(r->no_ranking);
	grid_report_free(r);
}

static void test_totals(void **state)
{
	grid_db *db = tu_db_seeded(roster_sql);
	grid_report_query rq = GRID_REPORT_QUERY_INIT;
	grid_report *r = NULL;

	(void)state;
	november();
	check_against_stats(db, NULL);
	check_against_stats(db, "410102001");
	check_against_stats(db, "410102001002");
	/* By hand: 4 found, 2 resolved (1 on time), issue 3 overdue. */
	assert_int_equal(grid_period_month(&rq.period, "2026-11", tu_time("2026-12-10")), GRID_OK);
	rq.unit = "410102001";
	assert_int_equal(grid_report_build(db, &rq, &r), GRID_OK);
	assert_int_equal(r->total.found, 4);
	assert_int_equal(r->total.resolved, 2);
	assert_int_equal(r->total.on_time, 1);
	assert_int_equal(r->total.overdue, 1);
	assert_int_equal(r->total.households, 100);
	assert_string_equal(r->unit, "410102001");
	assert_string_equal(r->unit_name, "秦岭路街道");
	assert_int_equal(r->nranking, 3);
	assert_int_equal(r->noverdue, 1);
	assert_int_equal(r->overdue[0].id, 3);
	assert_string_equal(r->overdue[0].unit, "410102001002001");
	assert_string_equal(r->overdue[0].title, "issue 3");
	assert_int_equal(r->overdue_more, 0);
	grid_report_free(r);
	/* Every unit: no scope. */
	rq.unit = NULL;
	assert_int_equal(grid_report_build(db, &rq, &r), GRID_OK);
	assert_null(r->unit);
	assert_null(r->unit_name);
	grid_report_free(r);
	tu_db_seeded_close(db);
}

/* A calendar year's notice carries the year's evaluation, its teams the
 * ranking's, and compares with the year before; a month's has none. */
static void test_year(void **state)
{
	grid_db *db = tu_db_seeded(roster_sql);
	grid_report_query rq = GRID_REPORT_QUERY_INIT;
	grid_report *r = NULL;
	grid_period before;
	size_t i;

	(void)state;
	november();
	assert_int_equal(grid_period_month(&rq.period, "2026-11", tu_time("2027-01-10")), GRID_OK);
	assert_int_equal(grid_report_build(db, &rq, &r), GRID_OK);
	assert_null(r->eval);
	grid_report_free(r);
	assert_int_equal(grid_period_year(&rq.period, "2026", tu_time("2027-01-10")), GRID_OK);
	rq.unit = "410102001";
	assert_int_equal(grid_report_build(db, &rq, &r), GRID_OK);
	assert_non_null(r->eval);
	assert_int_equal(r->eval->year, 2026);
	assert_true(r->eval->period.since == r->period.since && r->eval->period.as_of == r->period.as_of);
	assert_int_equal(r->eval->nteams, r->nranking);
	for (i = 0; i < r->nranking; i++)
		assert_string_equal(r->eval->teams[i].row.unit, r->ranking[i].unit);
	assert_int_equal(r->total.found, 4);
	assert_int_equal(grid_period_year(&before, "2025", tu_time("2027-01-10")), GRID_OK);
	assert_true(r->previous_period.since == before.since && r->previous_period.until == before.until);
	grid_report_free(r);
	tu_db_seeded_close(db);
}

/* 105 cases overdue at G11 (issue 1 the most), 2 more at G21. */
static void test_overdue_cut(void **state)
{
	grid_db *db = tu_db_seeded(roster_sql);
	grid_report_query rq = GRID_REPORT_QUERY_INIT;
	grid_report *r = NULL;
	char at[32];
	int i;

	(void)state;
	tu_sql("BEGIN");
	for (i = 1; i <= 107; i++) {
		snprintf(at, sizeof(at), "2026-11-%02dT%02d:%02d", 2 + i / 60, 8, i % 60);
		issue(i, i <= 105 ? 4 : 7, 1, at, 24, -1);
	}
	tu_sql("COMMIT");
	assert_int_equal(grid_period_month(&rq.period, "2026-11", tu_time("2026-12-10")), GRID_OK);
	assert_int_equal(grid_report_build(db, &rq, &r), GRID_OK);
	assert_int_equal(r->total.overdue, 107);
	assert_int_equal(r->noverdue, GRID_REPORT_OVERDUE_MAX);
	assert_int_equal(r->overdue_more, 7);
	assert_int_equal(r->overdue[0].id, 1);
	assert_int_equal(r->overdue[99].id, 100);
	grid_report_free(r);
	/* A scope with fewer: the whole list, nothing more. */
	rq.unit = "410102001002";
	assert_int_equal(grid_report_build(db, &rq, &r), GRID_OK);
	assert_int_equal(r->noverdue, 2);
	assert_int_equal(r->overdue_more, 0);
	assert_int_equal(r->overdue[0].id, 106);
	grid_report_free(r);
	tu_db_seeded_close(db);
}

static void test_diary_capped(void **state)
{
	grid_db *db = tu_db_seeded(roster_sql);
	grid_report_query rq = GRID_REPORT_QUERY_INIT;
	grid_measure m = { 0 };
	grid_report *r = NULL;
	size_t i;

	(void)state;
	m.expected = 5;
	m.written = 3;
	assert_int_equal(grid_diary_compliant(&m), 3);
	m.written = 7;
	assert_int_equal(grid_diary_compliant(&m), 5);
	/* W46 (9–13 Nov): P1 writes every working day, and a second row for
	 * Monday written by other means than libgrid (its date carries a
	 * time) lifts written past the five expected. */
	tu_sql("INSERT INTO diary (unit_id, person, date, text) VALUES (4,'P1','2026-11-09','d'),(4,'P1','2026-11-10','d'),"
	     "(4,'P1','2026-11-11','d'),(4,'P1','2026-11-12','d'),(4,'P1','2026-11-13','d'),"
	     "(4,'P1','2026-11-09T00:00','d');"
	     "INSERT INTO setting (key, value) VALUES ('ranking.weight.closure','0'),('ranking.weight.on_time','0'),"
	     "('ranking.weight.visits','0'),('ranking.weight.diary','1');");
	assert_int_equal(grid_period_week(&rq.period, "2026-W46", tu_time("2026-12-10")), GRID_OK);
	assert_int_equal(grid_report_build(db, &rq, &r), GRID_OK);
	assert_int_equal(r->total.expected, 5);
	assert_int_equal(r->total.written, 6);
	assert_int_equal(grid_diary_compliant(&r->total), 5);
	/* The ranking scores the capped compliance: C1 exactly 1, not 1.2. */
	assert_true(r->nranking > 0);
	assert_string_equal(r->ranking[0].unit, "410102001001");
	assert_int_equal(r->ranking[0].m.written, 6);
	assert_true(r->ranking[0].has_score);
	assert_true(r->ranking[0].score == 1.0);
	for (i = 1; i < r->nranking; i++)
		assert_false(r->ranking[i].has_score);
	grid_report_free(r);
	tu_db_seeded_close(db);
}

static void test_no_ranking(void **state)
{
	grid_db *db = tu_db_seeded(roster_sql);
	grid_report_query rq = GRID_REPORT_QUERY_INIT;
	grid_report *r = NULL;

	(void)state;
	november();
	assert_int_equal(grid_period_month(&rq.period, "2026-11", tu_time("2026-12-10")), GRID_OK);
	tu_sql("INSERT INTO setting (key, value) VALUES ('ranking.level','village');");
	assert_int_equal(grid_report_build(db, &rq, &r), GRID_OK);
	assert_string_equal(r->level, "village");
	assert_non_null(r->no_ranking);
	assert_string_equal(r->no_ranking, "unknown level 'village'");
	assert_int_equal(r->nranking, 0);
	/* The rest of the notice is there. */
	assert_int_equal(r->total.found, 4);
	assert_int_equal(r->ncategories, 2);
	assert_int_equal(r->noverdue, 1);
	grid_report_free(r);
	/* Only the missing level is forgiven: a malformed weight still
	 * fails the notice. */
	tu_sql("INSERT INTO setting (key, value) VALUES ('ranking.weight.diary','heavy');");
	assert_int_equal(grid_report_build(db, &rq, &r), GRID_EINPUT);
	assert_null(r);
	tu_db_seeded_close(db);
}

/* The previous period (环比): the month before, its as-of as late after
 * its end as this one's; a week's is the week before.  And the notice
 * settings, NULL when unset. */
static void test_previous_and_settings(void **state)
{
	grid_db *db = tu_db_seeded(roster_sql);
	grid_report_query rq = GRID_REPORT_QUERY_INIT;
	grid_report *r = NULL;

	(void)state;
	november();
	issue(20, 4, 1, "2026-10-05T10:00", 24, 2);
	issue(21, 4, 2, "2026-10-06T10:00", 24, -1);
	/* resolved on 1 December: after October's as-of, so open then */
	issue(22, 5, 2, "2026-10-30T10:00", 24, 24 * 32);
	assert_int_equal(grid_period_month(&rq.period, "2026-11", tu_time("2026-12-10")), GRID_OK);
	assert_int_equal(grid_report_build(db, &rq, &r), GRID_OK);
	assert_true(r->previous_period.since == tu_time("2026-10-01T00:00"));
	assert_true(r->previous_period.until == tu_time("2026-11-01T00:00"));
	assert_true(r->previous_period.as_of == tu_time("2026-11-01T00:00"));
	assert_int_equal(r->previous.found, 3);
	assert_int_equal(r->previous.resolved, 1);
	assert_null(r->office);
	assert_null(r->title);
	assert_null(r->issuer);
	assert_int_equal(r->numbered, 1);
	grid_report_free(r);
	tu_sql("INSERT INTO setting (key, value) VALUES ('notice.office','中原区秦岭路街道办事处'),"
	       " ('notice.title','网格化管理工作通报'), ('notice.numbering','none');");
	assert_int_equal(grid_period_week(&rq.period, "2026-W45", tu_time("2026-12-10")), GRID_OK);
	assert_int_equal(grid_report_build(db, &rq, &r), GRID_OK);
	assert_true(r->previous_period.since == tu_time("2026-10-26T00:00"));
	assert_true(r->previous_period.until == rq.period.since);
	assert_string_equal(r->office, "中原区秦岭路街道办事处");
	assert_string_equal(r->title, "网格化管理工作通报");
	assert_null(r->issuer);
	assert_int_equal(r->numbered, 0);
	grid_report_free(r);
	/* January's previous month is December of the year before. */
	assert_int_equal(grid_period_month(&rq.period, "2027-01", tu_time("2027-02-01T00:00")), GRID_OK);
	assert_int_equal(grid_report_build(db, &rq, &r), GRID_OK);
	assert_true(r->previous_period.since == tu_time("2026-12-01T00:00"));
	grid_report_free(r);
	tu_db_seeded_close(db);
}

/* A new database has no levels: the default level is missing too. */
static void test_empty_and_errors(void **state)
{
	grid_db *db;
	grid_report_query rq = GRID_REPORT_QUERY_INIT;
	grid_report *r = NULL;

	(void)state;
	tu_set_tz("Asia/Shanghai");
	db = tu_db_new();
	assert_int_equal(grid_period_month(&rq.period, "2026-11", tu_time("2026-12-10")), GRID_OK);
	assert_int_equal(grid_report_build(db, &rq, &r), GRID_OK);
	assert_string_equal(r->no_ranking, "unknown level 'community'");
	assert_int_equal(r->ncategories + r->nunits + r->nranking + r->noverdue, 0);
	assert_int_equal(r->overdue_more, 0);
	grid_report_free(r);
	rq.unit = "nope";
	assert_int_equal(grid_report_build(db, &rq, &r), GRID_ENOTFOUND);
	assert_null(r);
	assert_string_equal(grid_errmsg(), "unknown unit 'nope'");
	rq.version = 0;
	assert_int_equal(grid_report_build(db, &rq, &r), GRID_EUSAGE);
	grid_report_free(NULL);
	tu_db_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_totals),
		cmocka_unit_test(test_year),
		cmocka_unit_test(test_overdue_cut),
		cmocka_unit_test(test_diary_capped),
		cmocka_unit_test(test_no_ranking),
		cmocka_unit_test(test_empty_and_errors),
		cmocka_unit_test(test_previous_and_settings),
	};

	return cmocka_run_group_tests_name("report", tests, NULL, NULL);
}
