/* Unit tests of the measures: every metric against hand-computed counts
 * over issues and histories written directly with SQL. */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "testutil.h"

/* No households and no grid heads: visit rate and diary compliance have
 * no data, so the rankings below rest on the case measures alone.
 * district 1 > street 2 > communities 3 (grids 4, 5), 6 (grid 7), 8 (grid 9), 10. */
static const char roster_sql[] =
	"INSERT INTO level (depth, name) VALUES (0,'district'),(1,'street'),(2,'community'),(3,'grid');"
	"INSERT INTO category (id, code, name, deadline_hours) VALUES"
	" (1,'WORK_SAFETY','安全生产',24),(2,'OTHER','其它',120);"
	"INSERT INTO unit (id, code, name, depth, parent_id, households, lft, rgt) VALUES"
	" (1,'410102','中原区',0,NULL,NULL,1,20),"
	" (2,'410102001','秦岭路街道',1,1,NULL,2,19),"
	" (3,'410102001001','C1',2,2,NULL,3,8),"
	" (4,'410102001001001','G11',3,3,NULL,4,5),"
	" (5,'410102001001002','G12',3,3,NULL,6,7),"
	" (6,'410102001002','C2',2,2,NULL,9,12),"
	" (7,'410102001002001','G21',3,6,NULL,10,11),"
	" (8,'410102001003','C3',2,2,NULL,13,16),"
	" (9,'410102001003001','G31',3,8,NULL,14,15),"
	" (10,'410102001004','C4',2,2,NULL,17,18);";

/* An issue and its report event. */
static void issue(int id, int unit, int cat, const char *at)
{
	char *q = sqlite3_mprintf("INSERT INTO issue (id, unit_id, handling_unit_id, category_id, title, reported_at, status)"
				  " VALUES (%d, %d, %d, %d, 'issue %d', %lld, 'reported');"
				  "INSERT INTO event (issue_id, at, action, from_status, to_status, handling_unit_id)"
				  " VALUES (%d, %lld, 'report', NULL, 'reported', %d);",
		id, unit, unit, cat, id, (long long)tu_time(at), id, (long long)tu_time(at), unit);

	tu_sql(q);
	sqlite3_free(q);
}

/* An event; DUE NULL for none.  The issue's columns follow it as the
 * cases module keeps them: status, handling unit, due time in force,
 * resolved_at (cleared by a reopen), the reopen count. */
static void event(int id, const char *at, const char *action, const char *from, const char *to, int hu, const char *due)
{
	long long t = (long long)tu_time(at);
	char dues[32] = "NULL";
	char *q;

	if (due)
		snprintf(dues, sizeof(dues), "%lld", (long long)tu_time(due));
	q = sqlite3_mprintf("INSERT INTO event (issue_id, at, action, from_status, to_status, handling_unit_id, due_at)"
			    " VALUES (%d, %lld, %Q, %Q, %Q, %d, %s);"
			    "UPDATE issue SET status = %Q, handling_unit_id = %d, due_at = coalesce(%s, due_at),"
			    " resolved_at = CASE WHEN %Q = 'resolved' THEN %lld WHEN %Q = 'reopen' THEN NULL ELSE resolved_at END,"
			    " reopened = reopened + CASE WHEN %Q = 'reopen' THEN 1 ELSE 0 END WHERE id = %d;",
		id, t, action, from, to, hu, dues, to, hu, dues, to, t, action, action, id);
	tu_sql(q);
	sqlite3_free(q);
}

/* The November scenario of the comments below; see also the totals. */
static void november(void)
{
	/* A: G11 safety, accepted, assigned, resolved on time, closed. */
	issue(1, 4, 1, "2026-11-02T10:00");
	event(1, "2026-11-02T11:00", "accept", "reported", "accepted", 4, "2026-11-03T11:00");
	event(1, "2026-11-02T12:00", "assign", "accepted", "assigned", 4, "2026-11-03T11:00");
	event(1, "2026-11-03T10:00", "resolve", "assigned", "resolved", 4, "2026-11-03T11:00");
	event(1, "2026-11-04T10:00", "close", "resolved", "closed", 4, "2026-11-03T11:00");
	/* B: the last second of the month, accepted, not yet due. */
	issue(2, 4, 1, "2026-11-30T23:59:59");
	event(2, "2026-11-30T23:59:59", "accept", "reported", "accepted", 4, "2026-12-01T23:59:59");
	/* C: the first second of December. */
	issue(3, 5, 1, "2026-12-01T00:00:00");
	/* D: G12 other, first second of November; escalated to C1 (new due),
	 * resolved there on time, reopened, resolved again late. */
	issue(4, 5, 2, "2026-11-01T00:00:00");
	event(4, "2026-11-01T08:00", "accept", "reported", "accepted", 5, "2026-11-06T08:00");
	event(4, "2026-11-07T00:00", "escalate", "accepted", "accepted", 3, "2026-11-12T00:00");
	event(4, "2026-11-07T01:00", "assign", "accepted", "assigned", 3, "2026-11-12T00:00");
	event(4, "2026-11-10T00:00", "resolve", "assigned", "resolved", 3, "2026-11-12T00:00");
	event(4, "2026-11-11T00:00", "reopen", "resolved", "assigned", 3, "2026-11-12T00:00");
	event(4, "2026-11-20T00:00", "resolve", "assigned", "resolved", 3, "2026-11-12T00:00");
	/* E: G21 safety, assigned and past due: overdue. */
	issue(5, 7, 1, "2026-11-10T09:00");
	event(5, "2026-11-10T10:00", "accept", "reported", "accepted", 7, "2026-11-11T10:00");
	event(5, "2026-11-10T11:00", "assign", "accepted", "assigned", 7, "2026-11-11T10:00");
	/* F: rejected: never found. */
	issue(6, 7, 2, "2026-11-10T09:00");
	event(6, "2026-11-10T12:00", "reject", "reported", "rejected", 7, NULL);
	/* G: G21 safety, escalated twice to the street, resolved in December. */
	issue(7, 7, 1, "2026-11-15T09:00");
	event(7, "2026-11-15T10:00", "accept", "reported", "accepted", 7, "2026-11-16T10:00");
	event(7, "2026-11-17T00:00", "escalate", "accepted", "accepted", 6, "2026-11-18T00:00");
	event(7, "2026-11-19T00:00", "escalate", "accepted", "accepted", 2, "2026-11-20T00:00");
	event(7, "2026-11-19T01:00", "assign", "accepted", "assigned", 2, "2026-11-20T00:00");
	event(7, "2026-12-05T00:00", "resolve", "assigned", "resolved", 2, "2026-11-20T00:00");
	/* H: the last second of October. */
	issue(8, 4, 1, "2026-10-31T23:59:59");
	/* I: G11 other, rejected only after the month: found in November. */
	issue(9, 4, 2, "2026-11-20T00:00");
	event(9, "2026-12-02T00:00", "reject", "reported", "rejected", 4, NULL);
}

struct rows {
	int n;
	char key[8][64];
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

static void month(grid_stats_query *q, const char *m, int64_t now)
{
	assert_int_equal(grid_period_month(&q->period, m, now), GRID_OK);
}

#define M(mm, fo, re, du, on, ro, al, o1, o2, ov)                                                   \
	do {                                                                                           \
		assert_int_equal((mm).found, fo);                                                      \
		assert_int_equal((mm).resolved, re);                                                   \
		assert_int_equal((mm).due, du);                                                        \
		assert_int_equal((mm).on_time, on);                                                    \
		assert_int_equal((mm).reopened, ro);                                                   \
		assert_int_equal((mm).at_level, al);                                                   \
		assert_int_equal((mm).one_up, o1);                                                     \
		assert_int_equal((mm).two_up, o2);                                                     \
		assert_int_equal((mm).overdue, ov);                                                    \
	} while (0)

static void test_by_category(void **state)
{
	grid_db *db = tu_db_seeded(roster_sql);
	grid_stats_query q = GRID_STATS_QUERY_INIT;
	struct rows r = { 0 };
	grid_measure total;

	(void)state;
	november();
	month(&q, "2026-11", tu_time("2027-01-01"));
	assert_int_equal(grid_stats_cases(db, &q, collect, &r, &total), GRID_OK);
	/* found A B D E G I; resolved A D; due A D + E G past due; on time A;
	 * reopened D; A at level, D one up; overdue E G. */
	M(total, 6, 2, 4, 1, 1, 1, 1, 0, 2);
	assert_int_equal(r.n, 2);
	assert_string_equal(r.key[0], "WORK_SAFETY");
	M(r.m[0], 4, 1, 3, 1, 0, 1, 0, 0, 2);
	assert_string_equal(r.key[1], "OTHER");
	M(r.m[1], 2, 1, 1, 0, 1, 0, 1, 0, 0);
	tu_db_seeded_close(db);
}

static void test_as_of_rule(void **state)
{
	grid_db *db = tu_db_seeded(roster_sql);
	grid_stats_query q = GRID_STATS_QUERY_INIT;
	grid_measure early, late;

	(void)state;
	november();
	/* Run on 1 December at midnight, and again a year later: the same. */
	month(&q, "2026-11", tu_time("2026-12-01T00:00"));
	assert_int_equal(q.period.as_of, tu_time("2026-12-01"));
	assert_int_equal(grid_stats_cases(db, &q, NULL, NULL, &early), GRID_OK);
	month(&q, "2026-11", tu_time("2027-12-01"));
	assert_int_equal(grid_stats_cases(db, &q, NULL, NULL, &late), GRID_OK);
	assert_memory_equal(&early, &late, sizeof(early));
	/* Mid-month, as-of is now: D resolved on 10 Nov, not yet reopened;
	 * A on time; E accepted at 10:00 and due tomorrow; B, G, I not yet. */
	month(&q, "2026-11", tu_time("2026-11-10T12:00"));
	assert_int_equal(grid_stats_cases(db, &q, NULL, NULL, &early), GRID_OK);
	/* found: only what was reported by as-of: A D E (F rejected). */
	M(early, 3, 2, 2, 2, 0, 1, 1, 0, 0);
	/* A range to 10 December: G resolved late, two levels up; C found;
	 * I rejected by then. */
	assert_int_equal(grid_period_range(&q.period, "2026-11-01", "2026-12-10", tu_time("2027-01-01")), GRID_OK);
	assert_int_equal(grid_stats_cases(db, &q, NULL, NULL, &late), GRID_OK);
	M(late, 6, 3, 5, 1, 1, 1, 1, 1, 2); /* B past due on 1 Dec too */
	tu_db_seeded_close(db);
}

/* The measures of each as-of query above, in Q's order. */
static void as_of_all(grid_db *db, grid_measure out[4])
{
	grid_stats_query q = GRID_STATS_QUERY_INIT;

	month(&q, "2026-11", tu_time("2026-12-01T00:00"));
	assert_int_equal(grid_stats_cases(db, &q, NULL, NULL, &out[0]), GRID_OK);
	month(&q, "2026-11", tu_time("2027-12-01"));
	assert_int_equal(grid_stats_cases(db, &q, NULL, NULL, &out[1]), GRID_OK);
	month(&q, "2026-11", tu_time("2026-11-10T12:00"));
	assert_int_equal(grid_stats_cases(db, &q, NULL, NULL, &out[2]), GRID_OK);
	assert_int_equal(grid_period_range(&q.period, "2026-11-01", "2026-12-10", tu_time("2027-01-01")), GRID_OK);
	assert_int_equal(grid_stats_cases(db, &q, NULL, NULL, &out[3]), GRID_OK);
}

/* issue.changed_at (the time of the latest event, kept by the workflow)
 * finds the cases changed after as-of; a row without it falls back to its
 * history.  Either way, and mixed, the measures are the same: for a
 * recent as-of (found by changed_at) and an old one (each case probed). */
static void test_as_of_changed_at(void **state)
{
	grid_db *db = tu_db_seeded(roster_sql);
	grid_measure none[4], some[4], all[4];

	(void)state;
	november();
	as_of_all(db, none);
	tu_sql("UPDATE issue SET changed_at = (SELECT max(at) FROM event e WHERE e.issue_id = issue.id) WHERE id % 2 = 1");
	as_of_all(db, some);
	assert_memory_equal(none, some, sizeof(none));
	tu_sql("UPDATE issue SET changed_at = (SELECT max(at) FROM event e WHERE e.issue_id = issue.id)");
	as_of_all(db, all);
	assert_memory_equal(none, all, sizeof(none));
	M(all[2], 3, 2, 2, 2, 0, 1, 1, 0, 0);
	/* The column is what decides: left at the report time, G (resolved
	 * on 5 December) would count as resolved in November. */
	tu_sql("UPDATE issue SET changed_at = reported_at");
	as_of_all(db, all);
	assert_int_equal(all[0].resolved, none[0].resolved + 1);
	tu_db_seeded_close(db);
}

static void test_edges_and_empty(void **state)
{
	grid_db *db = tu_db_seeded(roster_sql);
	grid_stats_query q = GRID_STATS_QUERY_INIT;
	grid_measure t;

	(void)state;
	november();
	/* October holds H alone (23:59:59 on the 31st). */
	month(&q, "2026-10", tu_time("2027-01-01"));
	assert_int_equal(grid_stats_cases(db, &q, NULL, NULL, &t), GRID_OK);
	M(t, 1, 0, 0, 0, 0, 0, 0, 0, 0);
	/* ISO week 2026-W49 (Monday 30 Nov – 6 Dec): B at 23:59:59 on the
	 * Monday, past due by the week's end, and C at 00:00:00 on 1 Dec.
	 * Overdue counts B and E, reported on 10 Nov and still open past due:
	 * every case reported by as-of, not only the week's. */
	assert_int_equal(grid_period_week(&q.period, "2026-W49", tu_time("2027-01-01")), GRID_OK);
	assert_int_equal(grid_stats_cases(db, &q, NULL, NULL, &t), GRID_OK);
	M(t, 2, 0, 1, 0, 0, 0, 0, 0, 2);
	/* Week 2026-W44 (26 Oct – Sunday 1 Nov): H, and D at 00:00:00 on
	 * Sunday 1 Nov, accepted and not yet due at the week's end. */
	assert_int_equal(grid_period_week(&q.period, "2026-W44", tu_time("2027-01-01")), GRID_OK);
	assert_int_equal(grid_stats_cases(db, &q, NULL, NULL, &t), GRID_OK);
	M(t, 2, 0, 0, 0, 0, 0, 0, 0, 0);
	/* An empty month: every count zero. */
	month(&q, "2025-01", tu_time("2027-01-01"));
	assert_int_equal(grid_stats_cases(db, &q, NULL, NULL, &t), GRID_OK);
	M(t, 0, 0, 0, 0, 0, 0, 0, 0, 0);
	tu_db_seeded_close(db);
}

static void test_by_unit_and_level(void **state)
{
	grid_db *db = tu_db_seeded(roster_sql);
	grid_stats_query q = GRID_STATS_QUERY_INIT;
	struct rows r = { 0 };
	grid_measure t;

	(void)state;
	november();
	month(&q, "2026-11", tu_time("2027-01-01"));
	q.by = GRID_BY_UNIT;
	/* No scope: the top units, here the district alone. */
	assert_int_equal(grid_stats_cases(db, &q, collect, &r, &t), GRID_OK);
	assert_int_equal(r.n, 1);
	assert_string_equal(r.key[0], "410102");
	assert_memory_equal(&r.m[0], &t, sizeof(t));
	/* The street's children. */
	memset(&r, 0, sizeof(r));
	q.unit = "410102001";
	assert_int_equal(grid_stats_cases(db, &q, collect, &r, &t), GRID_OK);
	assert_int_equal(r.n, 4);
	assert_string_equal(r.key[0], "410102001001");
	M(r.m[0], 4, 2, 2, 1, 1, 1, 1, 0, 0);
	assert_string_equal(r.key[1], "410102001002");
	M(r.m[1], 2, 0, 2, 0, 0, 0, 0, 0, 2);
	M(r.m[2], 0, 0, 0, 0, 0, 0, 0, 0, 0);
	/* Scope C2: E and G (F rejected). */
	memset(&r, 0, sizeof(r));
	q.unit = "410102001002";
	q.by = GRID_BY_CATEGORY;
	assert_int_equal(grid_stats_cases(db, &q, collect, &r, &t), GRID_OK);
	M(t, 2, 0, 2, 0, 0, 0, 0, 0, 2);
	/* By the level of the handling unit at as-of: G at the street, D at
	 * C1, A B E I on grids. */
	memset(&r, 0, sizeof(r));
	q.unit = NULL;
	q.by = GRID_BY_LEVEL;
	assert_int_equal(grid_stats_cases(db, &q, collect, &r, &t), GRID_OK);
	assert_int_equal(r.n, 4);
	assert_string_equal(r.key[1], "street");
	assert_int_equal(r.m[0].found, 0);
	assert_int_equal(r.m[1].found, 1);
	assert_int_equal(r.m[2].found, 1);
	assert_int_equal(r.m[3].found, 4);
	/* By unit of a level. */
	memset(&r, 0, sizeof(r));
	q.by = GRID_BY_UNIT;
	q.level = "grid";
	assert_int_equal(grid_stats_cases(db, &q, collect, &r, &t), GRID_OK);
	assert_int_equal(r.n, 4);
	assert_int_equal(r.m[0].found, 3); /* G11: A B I */
	/* Unknown unit, unknown level. */
	q.level = "village";
	assert_int_equal(grid_stats_cases(db, &q, NULL, NULL, &t), GRID_ENOTFOUND);
	assert_non_null(strstr(grid_errmsg(), "'village'"));
	q.level = NULL;
	q.unit = "999";
	assert_int_equal(grid_stats_cases(db, &q, NULL, NULL, &t), GRID_ENOTFOUND);
	assert_string_equal(grid_errmsg(), "unknown unit '999'");
	tu_db_seeded_close(db);
}

struct ranks {
	int n;
	char unit[8][64];
	int has[8];
	double score[8];
};

static int collect_rank(void *ctx, const grid_rank_row *row)
{
	struct ranks *r = ctx;

	assert_int_equal(row->rank, r->n + 1);
	snprintf(r->unit[r->n], sizeof(r->unit[0]), "%s", row->unit);
	r->has[r->n] = row->has_score;
	r->score[r->n++] = row->score;
	return 0;
}

static void test_rank(void **state)
{
	grid_db *db = tu_db_seeded(roster_sql);
	grid_rank_query q = GRID_RANK_QUERY_INIT;
	struct ranks r = { 0 };

	(void)state;
	/* December: C1 two found, both resolved, one on time (closure 1,
	 * on time 0.5); C2 one found open without due (closure 0, no on-time
	 * data); C3 one found resolved on time; C4 nothing. */
	issue(11, 4, 1, "2026-12-02T10:00");
	event(11, "2026-12-02T11:00", "accept", "reported", "accepted", 4, "2026-12-03T11:00");
	event(11, "2026-12-02T12:00", "resolve", "accepted", "resolved", 4, "2026-12-03T11:00");
	issue(12, 5, 1, "2026-12-02T10:00");
	event(12, "2026-12-02T11:00", "accept", "reported", "accepted", 5, "2026-12-03T11:00");
	event(12, "2026-12-04T12:00", "resolve", "accepted", "resolved", 5, "2026-12-03T11:00");
	issue(13, 7, 1, "2026-12-02T10:00");
	issue(14, 9, 1, "2026-12-02T10:00");
	event(14, "2026-12-02T11:00", "accept", "reported", "accepted", 9, "2026-12-03T11:00");
	event(14, "2026-12-02T12:00", "resolve", "accepted", "resolved", 9, "2026-12-03T11:00");
	assert_int_equal(grid_period_month(&q.period, "2026-12", tu_time("2027-01-01")), GRID_OK);
	assert_int_equal(grid_rank(db, &q, collect_rank, &r), GRID_OK);
	assert_int_equal(r.n, 4);
	/* C3 1.0; C1 (0.4*1 + 0.3*0.5)/0.7; C2 0 (closure alone); C4 none. */
	assert_string_equal(r.unit[0], "410102001003");
	assert_true(r.score[0] > 0.999999 && r.score[0] < 1.000001);
	assert_string_equal(r.unit[1], "410102001001");
	assert_true(r.score[1] > 0.55 / 0.7 - 1e-9 && r.score[1] < 0.55 / 0.7 + 1e-9);
	assert_string_equal(r.unit[2], "410102001002");
	assert_true(r.has[2] && r.score[2] == 0);
	assert_string_equal(r.unit[3], "410102001004");
	assert_false(r.has[3]);
	/* Weights on on-time alone: C1 0.5, C3 1, C2 and C4 no score —
	 * among those, C2 (closure 0) before C4 (no closure rate). */
	tu_sql("INSERT INTO setting (key, value) VALUES ('ranking.weight.closure','0'),('ranking.weight.on_time','1'),"
	     "('ranking.weight.visits','0'),('ranking.weight.diary','0');");
	memset(&r, 0, sizeof(r));
	assert_int_equal(grid_rank(db, &q, collect_rank, &r), GRID_OK);
	assert_string_equal(r.unit[0], "410102001003");
	assert_string_equal(r.unit[1], "410102001001");
	assert_false(r.has[2]);
	assert_string_equal(r.unit[2], "410102001002");
	assert_string_equal(r.unit[3], "410102001004");
	/* Ties on score 1: C4 and C2 get an on-time resolution each.  C3
	 * (closure 1/1) and C4 (1/1) tie on closure too: by code; C2 (1/2)
	 * follows them. */
	issue(15, 10, 1, "2026-12-05T10:00");
	event(15, "2026-12-05T11:00", "accept", "reported", "accepted", 10, "2026-12-06T11:00");
	event(15, "2026-12-05T12:00", "resolve", "accepted", "resolved", 10, "2026-12-06T11:00");
	issue(16, 7, 1, "2026-12-05T10:00");
	event(16, "2026-12-05T11:00", "accept", "reported", "accepted", 7, "2026-12-06T11:00");
	event(16, "2026-12-05T12:00", "resolve", "accepted", "resolved", 7, "2026-12-06T11:00");
	memset(&r, 0, sizeof(r));
	assert_int_equal(grid_rank(db, &q, collect_rank, &r), GRID_OK);
	assert_string_equal(r.unit[0], "410102001003");
	assert_string_equal(r.unit[1], "410102001004");
	assert_string_equal(r.unit[2], "410102001002");
	assert_string_equal(r.unit[3], "410102001001");
	/* Level from the setting; an unknown level; a bad weight. */
	tu_sql("INSERT INTO setting (key, value) VALUES ('ranking.level','grid');");
	memset(&r, 0, sizeof(r));
	assert_int_equal(grid_rank(db, &q, collect_rank, &r), GRID_OK);
	assert_int_equal(r.n, 4);
	q.level = "village";
	assert_int_equal(grid_rank(db, &q, NULL, NULL), GRID_ENOTFOUND);
	q.level = NULL;
	tu_sql("UPDATE setting SET value = 'heavy' WHERE key = 'ranking.weight.diary';");
	assert_int_equal(grid_rank(db, &q, NULL, NULL), GRID_EINPUT);
	assert_non_null(strstr(grid_errmsg(), "ranking.weight.diary"));
	tu_db_seeded_close(db);
}

struct od {
	int n;
	int64_t id[4];
};

static int collect_od(void *ctx, const grid_overdue *row)
{
	struct od *o = ctx;

	o->id[o->n++] = row->id;
	assert_non_null(row->title);
	return 0;
}

static void test_overdue_list(void **state)
{
	grid_db *db = tu_db_seeded(roster_sql);
	grid_stats_query q = GRID_STATS_QUERY_INIT;
	struct od o = { 0 };

	(void)state;
	november();
	month(&q, "2026-11", tu_time("2027-01-01"));
	assert_int_equal(grid_stats_overdue_list(db, &q, collect_od, &o), GRID_OK);
	/* E due 11 Nov before G due 20 Nov. */
	assert_int_equal(o.n, 2);
	assert_int_equal(o.id[0], 5);
	assert_int_equal(o.id[1], 7);
	tu_db_seeded_close(db);
}

/* grid-metrics(7): overdue = open at as-of and past the due time in force then,
 * whenever the case was reported.  A week in which nothing was reported
 * still has E (open, unchanged since) and G (resolved only after as-of:
 * its history decides) overdue; a later week keeps E, and B once due. */
static void test_overdue_old_cases(void **state)
{
	grid_db *db = tu_db_seeded(roster_sql);
	grid_stats_query q = GRID_STATS_QUERY_INIT;
	grid_measure t;
	struct od o = { 0 };
	struct rows r = { 0 };

	(void)state;
	november();
	/* W48: 23–29 Nov, as-of 30 Nov 00:00. */
	assert_int_equal(grid_period_week(&q.period, "2026-W48", tu_time("2027-01-01")), GRID_OK);
	assert_int_equal(grid_stats_cases(db, &q, NULL, NULL, &t), GRID_OK);
	M(t, 0, 0, 0, 0, 0, 0, 0, 0, 2);
	assert_int_equal(grid_stats_overdue_list(db, &q, collect_od, &o), GRID_OK);
	assert_int_equal(o.n, 2);
	assert_int_equal(o.id[0], 5); /* due 11 Nov */
	assert_int_equal(o.id[1], 7); /* due 20 Nov, in force at as-of */
	/* The same when run at once (as-of recent: found by the events after
	 * it) as a year later (by probing): two roads, one answer. */
	assert_int_equal(grid_period_week(&q.period, "2026-W48", tu_time("2026-12-06")), GRID_OK);
	assert_int_equal(grid_stats_cases(db, &q, NULL, NULL, &t), GRID_OK);
	assert_int_equal(t.overdue, 2);
	/* no_overdue skips that pass and leaves the other counters alone. */
	q.no_overdue = 1;
	assert_int_equal(grid_stats_cases(db, &q, NULL, NULL, &t), GRID_OK);
	M(t, 0, 0, 0, 0, 0, 0, 0, 0, 0);
	q.no_overdue = 0;
	/* By unit: E and G were found at G21, under C2. */
	q.by = GRID_BY_UNIT;
	q.unit = "410102001";
	assert_int_equal(grid_stats_cases(db, &q, collect, &r, &t), GRID_OK);
	assert_int_equal(r.n, 4);
	assert_string_equal(r.key[1], "410102001002");
	assert_int_equal(r.m[0].overdue, 0);
	assert_int_equal(r.m[1].overdue, 2);
	/* A scope without children is its own row, not an empty table. */
	memset(&r, 0, sizeof(r));
	q.unit = "410102001002001";
	assert_int_equal(grid_stats_cases(db, &q, collect, &r, &t), GRID_OK);
	assert_int_equal(r.n, 1);
	assert_string_equal(r.key[0], "410102001002001");
	assert_int_equal(r.m[0].overdue, 2);
	/* Rows of a level above the scope: there are none, and saying so
	 * beats an empty table. */
	q.unit = "410102001001";
	q.level = "street";
	assert_int_equal(grid_stats_cases(db, &q, collect, &r, &t), GRID_EUSAGE);
	assert_non_null(strstr(grid_errmsg(), "no units of level 'street' under '410102001001'"));
	q.level = NULL;
	/* W50: 7–13 Dec: E still open; B due 1 Dec; G resolved on 5 Dec. */
	q.by = GRID_BY_CATEGORY;
	q.unit = NULL;
	memset(&o, 0, sizeof(o));
	assert_int_equal(grid_period_week(&q.period, "2026-W50", tu_time("2027-01-01")), GRID_OK);
	assert_int_equal(grid_stats_overdue_list(db, &q, collect_od, &o), GRID_OK);
	assert_int_equal(o.n, 2);
	assert_int_equal(o.id[0], 5);
	assert_int_equal(o.id[1], 2);
	tu_db_seeded_close(db);
}

static void test_rate_format(void **state)
{
	char buf[16];

	(void)state;
	grid_rate_format(buf, sizeof(buf), 790, 805);
	assert_string_equal(buf, "98.14%");
	grid_rate_format(buf, sizeof(buf), 782, 796);
	assert_string_equal(buf, "98.24%");
	grid_rate_format(buf, sizeof(buf), 1, 8); /* 12.5% exactly */
	assert_string_equal(buf, "12.50%");
	grid_rate_format(buf, sizeof(buf), 1, 80000); /* 0.00125% rounds half up */
	assert_string_equal(buf, "0.00%");
	grid_rate_format(buf, sizeof(buf), 1, 0);
	assert_string_equal(buf, "-");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_by_category),
		cmocka_unit_test(test_as_of_rule),
		cmocka_unit_test(test_as_of_changed_at),
		cmocka_unit_test(test_edges_and_empty),
		cmocka_unit_test(test_by_unit_and_level),
		cmocka_unit_test(test_rank),
		cmocka_unit_test(test_overdue_list),
		cmocka_unit_test(test_overdue_old_cases),
		cmocka_unit_test(test_rate_format),
	};

	return cmocka_run_group_tests_name("stats", tests, NULL, NULL);
}
