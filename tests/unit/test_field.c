/* Unit tests of the field module: visits, diaries, their measures. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

/* A district, a street, two communities and three grids:
 *   C1 states 100 households (its grids say 30 + 40: not added);
 *   C2 states none, so its one grid's 50 count.
 * P1 heads G11; P2 is a member on C2 and heads G21; L1 leads the street;
 * V1 is a viewer; Q1 heads G12. */
static const char roster_sql[] =
	"INSERT INTO level (depth, name) VALUES (0,'district'),(1,'street'),(2,'community'),(3,'grid');"
	"INSERT INTO unit (id,code,name,depth,parent_id,households,lft,rgt) VALUES"
	" (1,'D','区',0,NULL,NULL,1,14),(2,'S','街道',1,1,NULL,2,13),"
	" (3,'C1','社区一',2,2,100,3,8),(4,'G11','一网格',3,3,30,4,5),(5,'G12','二网格',3,3,40,6,7),"
	" (6,'C2','社区二',2,2,NULL,9,12),(7,'G21','三网格',3,6,50,10,11);"
	"INSERT INTO person (id,pid,name,roles) VALUES (10,'P1','张伟',4),(11,'P2','李娜',8),"
	" (12,'L1','王强',2),(13,'V1','赵六',32),(14,'Q1','钱七',4);"
	"INSERT INTO assignment (unit_id, person_id, duty) VALUES (4,10,'grid_head'),(6,11,'grid_member'),(7,11,'grid_head'),"
	" (2,12,'leader'),(5,14,'grid_head');";

static void exec_sql(const char *sql)
{
	tu_sql(sql);
}

static long long count_rows(const char *table)
{
	char sql[100];

	snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM %s", table);
	return tu_sql_int(sql);
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
	exec_sql(roster_sql);
	grid_db_set_now(db, at("2026-12-15T12:00"));
	return db;
}

static int visit(grid_db *db, const char *as, const char *unit, const char *household, const char *by,
	const char *when)
{
	grid_visit_opts v = GRID_VISIT_OPTS_INIT;
	int64_t id = 0;
	int rc;

	assert_int_equal(grid_db_set_actor(db, as), GRID_OK);
	v.unit = unit;
	v.household = household;
	v.by = by;
	v.at = when ? at(when) : 0;
	rc = grid_visit_add(&id, db, &v);
	if (rc == GRID_OK)
		assert_true(id > 0);
	else
		assert_int_equal(id, 0);
	return rc;
}

static void test_visit_permissions(void **state)
{
	grid_db *db = setup();
	char longtext[300];

	(void)state;
	assert_int_equal(visit(db, "P1", "G11", "3-201", NULL, NULL), GRID_OK);
	/* a member of another community */
	assert_int_equal(visit(db, "P1", "G21", "1-101", NULL, NULL), GRID_EPERM);
	assert_non_null(strstr(grid_errmsg(), "G21"));
	/* assigned on the community: its grids are below */
	assert_int_equal(visit(db, "P2", "G21", "1-101", NULL, NULL), GRID_OK);
	assert_int_equal(visit(db, "P2", "C2", "1-102", NULL, NULL), GRID_OK);
	/* but not above it */
	assert_int_equal(visit(db, "P2", "S", "1-103", NULL, NULL), GRID_EPERM);
	assert_int_equal(visit(db, "V1", "G11", "1", NULL, NULL), GRID_EPERM);
	/* for someone else: leader or admin only */
	assert_int_equal(visit(db, "P1", "G11", "3-202", "P2", NULL), GRID_EPERM);
	assert_int_equal(visit(db, "L1", "G11", "3-202", "P1", NULL), GRID_OK);
	assert_int_equal(visit(db, "tester", "G21", "9", "P1", NULL), GRID_OK);
	assert_int_equal(visit(db, "tester", "G21", "9", "NOBODY", NULL), GRID_ENOTFOUND);
	assert_int_equal(visit(db, "tester", "NOWHERE", "9", NULL, NULL), GRID_ENOTFOUND);
	/* bad data */
	assert_int_equal(visit(db, "P1", "G11", "3-201", NULL, "2026-12-16"), GRID_EINPUT);
	assert_non_null(strstr(grid_errmsg(), "future"));
	assert_int_equal(visit(db, "P1", "G11", "", NULL, NULL), GRID_EINPUT);
	memset(longtext, 'x', 201);
	longtext[201] = '\0';
	assert_int_equal(visit(db, "P1", "G11", longtext, NULL, NULL), GRID_EINPUT);
	assert_int_equal(visit(db, "P1", "G11", "a\001b", NULL, NULL), GRID_EINPUT);
	assert_int_equal(count_rows("visit"), 5);
	tu_db_close(db);
}

struct rows {
	char key[8][32];
	grid_measure m[8];
	int n;
};

static int collect(void *ctx, const grid_stats_row *row)
{
	struct rows *r = ctx;

	assert_true(r->n < 8);
	snprintf(r->key[r->n], sizeof(r->key[0]), "%s", row->key);
	r->m[r->n++] = row->m;
	return 0;
}

static void test_visit_rate(void **state)
{
	grid_db *db = setup();
	grid_stats_query q = GRID_STATS_QUERY_INIT;
	grid_measure total;
	struct rows r;

	(void)state;
	assert_int_equal(visit(db, "P1", "G11", "3-201", NULL, "2026-11-03T09:00"), GRID_OK);
	assert_int_equal(visit(db, "P1", "G11", "3-201", NULL, "2026-11-10T09:00"), GRID_OK); /* same household */
	assert_int_equal(visit(db, "P1", "G11", "3-202", NULL, "2026-11-10T09:30"), GRID_OK);
	assert_int_equal(visit(db, "Q1", "G12", "3-201", NULL, "2026-11-11T09:30"), GRID_OK); /* other grid: counts */
	assert_int_equal(visit(db, "P2", "G21", "1", NULL, "2026-10-31T23:59"), GRID_OK);  /* before the period */
	assert_int_equal(visit(db, "P2", "G21", "2", NULL, "2026-11-30T23:59"), GRID_OK);
	assert_int_equal(visit(db, "P2", "G21", "3", NULL, "2026-12-01T00:00"), GRID_OK);  /* after it */
	assert_int_equal(grid_period_month(&q.period, "2026-11", grid_db_now(db)), GRID_OK);
	q.by = GRID_BY_UNIT;
	q.unit = "S";
	memset(&r, 0, sizeof(r));
	assert_int_equal(grid_stats_visits(db, &q, collect, &r, &total), GRID_OK);
	assert_int_equal(r.n, 2);
	assert_string_equal(r.key[0], "C1");
	assert_int_equal(r.m[0].households, 100); /* stated, not 30 + 40 */
	assert_int_equal(r.m[0].visited, 3);
	assert_string_equal(r.key[1], "C2");
	assert_int_equal(r.m[1].households, 50);  /* from its grid */
	assert_int_equal(r.m[1].visited, 1);
	assert_int_equal(total.households, 150);
	assert_int_equal(total.visited, 4);
	assert_int_equal(total.found, 0);

	/* per level, as rank asks */
	q.unit = NULL;
	q.level = "grid";
	memset(&r, 0, sizeof(r));
	assert_int_equal(grid_stats_visits(db, &q, collect, &r, &total), GRID_OK);
	assert_int_equal(r.n, 3);
	assert_string_equal(r.key[0], "G11");
	assert_int_equal(r.m[0].households, 30);
	assert_int_equal(r.m[0].visited, 2);
	assert_string_equal(r.key[1], "G12");
	assert_int_equal(r.m[1].visited, 1);
	assert_string_equal(r.key[2], "G21");
	assert_int_equal(r.m[2].visited, 1);
	assert_int_equal(total.households, 150);

	/* no scope: the top units */
	q.level = NULL;
	memset(&r, 0, sizeof(r));
	assert_int_equal(grid_stats_visits(db, &q, collect, &r, NULL), GRID_OK);
	assert_int_equal(r.n, 1);
	assert_string_equal(r.key[0], "D");

	/* More distinct households than registered: G11 (30) gets 40 more;
	 * " x1", "x1 " and "x1" are one.  G11 is capped at 30, and C1
	 * (100 stated) adds the capped figures: 30 + 1. */
	{
		char hh[16];
		int i;

		for (i = 0; i < 40; i++) {
			snprintf(hh, sizeof(hh), "x%d", i);
			assert_int_equal(visit(db, "P1", "G11", hh, NULL, "2026-11-20T09:00"), GRID_OK);
		}
		assert_int_equal(visit(db, "P1", "G11", " x1", NULL, "2026-11-21T09:00"), GRID_OK);
		assert_int_equal(visit(db, "P1", "G11", "x1\t ", NULL, "2026-11-22T09:00"), GRID_OK);
	}
	q.level = "grid";
	memset(&r, 0, sizeof(r));
	assert_int_equal(grid_stats_visits(db, &q, collect, &r, &total), GRID_OK);
	assert_int_equal(r.m[0].households, 30);
	assert_int_equal(r.m[0].visited, 30);
	q.level = NULL;
	q.unit = "S";
	memset(&r, 0, sizeof(r));
	assert_int_equal(grid_stats_visits(db, &q, collect, &r, &total), GRID_OK);
	assert_int_equal(r.m[0].visited, 31);
	assert_true(total.visited <= total.households);
	q.unit = NULL;
	q.level = "nosuch";
	assert_int_equal(grid_stats_visits(db, &q, collect, &r, NULL), GRID_ENOTFOUND);
	q.level = NULL;
	q.unit = "NOWHERE";
	assert_int_equal(grid_stats_visits(db, &q, collect, &r, NULL), GRID_ENOTFOUND);
	tu_db_close(db);
}

struct errs {
	char msg[24][200];
	int n;
};

static void keep_error(void *ctx, const char *message)
{
	struct errs *e = ctx;

	assert_true(e->n < 24);
	snprintf(e->msg[e->n++], sizeof(e->msg[0]), "%s", message);
}

static int import(grid_db *db, const char *csv, unsigned flags, struct errs *e, int64_t *added)
{
	memset(e, 0, sizeof(*e));
	return grid_visit_import(db, "v.csv", csv, strlen(csv), flags, keep_error, e, added);
}

static void test_visit_import(void **state)
{
	grid_db *db = setup();
	struct errs e;
	int64_t added = -1;

	(void)state;
	/* columns in any order, note optional, a quoted note over two lines */
	assert_int_equal(import(db,
				 "household,unit,at,by,note\n"
				 "3-201,G11,2026-11-03 09:00,P1,\"two\nlines\"\n"
				 "3-202,G11,2026-11-03T10:00,P1,\n"
				 "1-101,G21,2026-11-04,P2,ok\n",
				 GRID_IMPORT_DRY_RUN, &e, &added),
		GRID_OK);
	assert_int_equal(added, 3);
	assert_int_equal(count_rows("visit"), 0);
	assert_int_equal(import(db, "unit,household,by,at\r\nG11,3-201,P1,2026-11-03\r\n", 0, &e, &added), GRID_OK);
	assert_int_equal(added, 1);
	assert_int_equal(count_rows("visit"), 1);

	/* every bad row reported with its line; nothing written */
	assert_int_equal(import(db,
				 "unit,household,by,at,note\n"
				 "G11,3-201,P1,2026-11-03,\"a\nb\"\n"
				 "NOWHERE,3-201,P1,2026-11-03,\n"
				 "G11,,P1,2026-11-03,\n"
				 "G11,3-203,NOBODY,yesterday,\n"
				 "G11,3-204,P1,2027-01-01,\n"
				 "G11,3-205\n",
				 0, &e, &added),
		GRID_EINPUT);
	assert_int_equal(e.n, 6);
	assert_string_equal(e.msg[0], "v.csv:4: column 'unit': unknown unit 'NOWHERE'");
	assert_string_equal(e.msg[1], "v.csv:5: column 'household': value is empty");
	assert_string_equal(e.msg[2], "v.csv:6: column 'by': unknown person 'NOBODY'");
	assert_non_null(strstr(e.msg[3], "v.csv:6: column 'at': malformed time 'yesterday'"));
	assert_non_null(strstr(e.msg[4], "v.csv:7: column 'at': visit time '2027-01-01' is in the future"));
	assert_string_equal(e.msg[5], "v.csv:8: expected 5 fields, found 2");
	assert_non_null(strstr(grid_errmsg(), "6 errors; nothing was written"));
	assert_int_equal(count_rows("visit"), 1);

	assert_int_equal(import(db, "unit,household,who,at\nG11,1,P1,2026-11-03\n", 0, &e, &added), GRID_EINPUT);
	assert_int_equal(e.n, 1);
	assert_non_null(strstr(e.msg[0], "v.csv:1: unknown column 'who'"));
	assert_int_equal(import(db, "household,by,at\nG11,1,P1\n", 0, &e, &added), GRID_EINPUT);
	assert_int_equal(e.n, 1);
	assert_string_equal(e.msg[0], "v.csv:1: missing column 'unit'");
	assert_int_equal(import(db, "", 0, &e, &added), GRID_EINPUT);
	/* The line where the unclosed field starts, in plain words. */
	assert_int_equal(import(db, "unit,household,by,at\nG11,1,P1,2026-11-03\n\n\"G11,1,P1,2026-11-03\n", 0, &e, &added),
		GRID_EINPUT);
	assert_int_equal(e.n, 1);
	assert_string_equal(e.msg[0], "v.csv:4: malformed CSV: unbalanced quote");
	assert_int_equal(import(db, "unit,household,by,at\nG11,1,P1,2026-11-03\nG11,1,P1,2026-\"11\n", 0, &e, &added),
		GRID_EINPUT);
	assert_string_equal(e.msg[0], "v.csv:3: malformed CSV: unbalanced quote");
	/* A field over two lines: a fault in a later column names its own line. */
	assert_int_equal(import(db, "unit,note,household,by,at\nG11,\"a\nb\",1,P1,never\n", 0, &e, &added), GRID_EINPUT);
	assert_non_null(strstr(e.msg[0], "v.csv:3: column 'at': malformed time 'never'"));
	assert_int_equal(count_rows("visit"), 1);

	/* at most 20 listed */
	{
		char big[4000];
		size_t n = (size_t)snprintf(big, sizeof(big), "unit,household,by,at\n");
		int i;

		for (i = 0; i < 30; i++)
			n += (size_t)snprintf(big + n, sizeof(big) - n, "X,1,P1,2026-11-03\n");
		assert_int_equal(import(db, big, 0, &e, &added), GRID_EINPUT);
		assert_int_equal(e.n, 20);
		assert_non_null(strstr(grid_errmsg(), "30 errors"));
	}

	/* admin or leader only */
	assert_int_equal(grid_db_set_actor(db, "P1"), GRID_OK);
	assert_int_equal(import(db, "unit,household,by,at\nG11,1,P1,2026-11-03\n", 0, &e, &added), GRID_EPERM);
	assert_int_equal(grid_db_set_actor(db, "L1"), GRID_OK);
	assert_int_equal(import(db, "unit,household,by,at\nG11,1,P1,2026-11-03\n", 0, &e, &added), GRID_OK);
	assert_int_equal(count_rows("visit"), 2);

	/* Importing again adds nothing: identical visits (household text
	 * trimmed) are counted unchanged; a new one is added. */
	{
		static const char csv[] = "unit,household,by,at\nG11, 1 ,P1,2026-11-03\nG11,2,P1,2026-11-03\n";
		int64_t unchanged = -1;

		memset(&e, 0, sizeof(e));
		assert_int_equal(grid_visit_import_counts(db, "v.csv", csv, strlen(csv), 0, keep_error, &e, &added,
					 &unchanged),
			GRID_OK);
		assert_int_equal(added, 1);
		assert_int_equal(unchanged, 1);
		assert_int_equal(grid_visit_import_counts(db, "v.csv", csv, strlen(csv), 0, keep_error, &e, &added,
					 &unchanged),
			GRID_OK);
		assert_int_equal(added, 0);
		assert_int_equal(unchanged, 2);
		assert_int_equal(count_rows("visit"), 3);
	}
	tu_db_close(db);
}

static int diary(grid_db *db, const char *as, const char *unit, const char *date, const char *text, int replace,
	int64_t *id)
{
	grid_diary_opts d = GRID_DIARY_OPTS_INIT;
	int64_t dummy;

	assert_int_equal(grid_db_set_actor(db, as), GRID_OK);
	d.unit = unit;
	d.date = date;
	d.text = text;
	d.replace = replace;
	return grid_diary_add(id ? id : &dummy, db, &d);
}

struct entries {
	int64_t id[64];
	int score[64];
	char person[64][8];
	int n;
};

static int keep_entry(void *ctx, const grid_diary *d)
{
	struct entries *e = ctx;

	assert_true(e->n < 64);
	e->id[e->n] = d->id;
	e->score[e->n] = d->score;
	snprintf(e->person[e->n], sizeof(e->person[0]), "%s", d->person);
	e->n++;
	return 0;
}

static void test_diary_add_review(void **state)
{
	grid_db *db = setup();
	grid_diary_filter f = GRID_DIARY_FILTER_INIT;
	struct entries e;
	int64_t id = 0, id2 = 0;

	(void)state;
	assert_int_equal(diary(db, "P1", "G11", "2026-11-02", "走访三户", 0, &id), GRID_OK);
	assert_int_equal(diary(db, "P1", "G11", "2026-11-02", "again", 0, &id2), GRID_ECONFLICT);
	assert_non_null(strstr(grid_errmsg(), "set replace"));
	assert_int_equal(diary(db, "P1", "G21", "2026-11-02", "other community", 0, NULL), GRID_EPERM);
	assert_int_equal(diary(db, "V1", "G11", "2026-11-02", "viewer", 0, NULL), GRID_EPERM);
	assert_int_equal(diary(db, "P1", "G11", "2026-12-16", "tomorrow", 0, NULL), GRID_EINPUT);
	assert_int_equal(diary(db, "P1", "G11", "2026-12-15", "today", 0, NULL), GRID_OK);
	assert_int_equal(diary(db, "P1", "G11", NULL, "today again", 0, NULL), GRID_ECONFLICT);
	assert_int_equal(diary(db, "P1", "G11", "2026-13-01", "bad", 0, NULL), GRID_EUSAGE);
	assert_int_equal(diary(db, "P1", "G11", "2026-11-03", "", 0, NULL), GRID_EINPUT);

	/* review: leader or admin; 0..100; a known id */
	assert_int_equal(grid_db_set_actor(db, "P1"), GRID_OK);
	assert_int_equal(grid_diary_review(db, id, 80, NULL), GRID_EPERM);
	assert_int_equal(grid_db_set_actor(db, "L1"), GRID_OK);
	assert_int_equal(grid_diary_review(db, id, 101, NULL), GRID_EUSAGE);
	assert_int_equal(grid_diary_review(db, id, -1, NULL), GRID_EUSAGE);
	assert_int_equal(grid_diary_review(db, 9999, 50, NULL), GRID_ENOTFOUND);
	assert_int_equal(grid_diary_review(db, id, 100, "细致"), GRID_OK);
	memset(&e, 0, sizeof(e));
	f.since = "2026-11-01";
	f.until = "2026-12-01";
	assert_int_equal(grid_diary_list(db, &f, keep_entry, &e), GRID_OK);
	assert_int_equal(e.n, 1);
	assert_int_equal(e.score[0], 100);

	/* --replace keeps the id, replaces the text and clears the review */
	assert_int_equal(diary(db, "P1", "G11", "2026-11-02", "rewritten", 1, &id2), GRID_OK);
	assert_int_equal(id2, id);
	memset(&e, 0, sizeof(e));
	assert_int_equal(grid_diary_list(db, &f, keep_entry, &e), GRID_OK);
	assert_int_equal(e.score[0], -1);
	assert_int_equal(count_rows("diary"), 2);
	tu_db_close(db);
}

static void test_diary_sample(void **state)
{
	grid_db *db = setup();
	struct entries a, b, c;
	char date[16];
	int day, i, j, same;

	(void)state;
	for (day = 2; day <= 13; day++) {
		snprintf(date, sizeof(date), "2026-11-%02d", day);
		assert_int_equal(diary(db, "P1", "G11", date, "p1", 0, NULL), GRID_OK);
		if (day % 2)
			assert_int_equal(diary(db, "Q1", "G12", date, "q1", 0, NULL), GRID_OK);
	}
	assert_int_equal(diary(db, "P2", "G21", "2026-11-05", "one only", 0, NULL), GRID_OK);
	assert_int_equal(diary(db, "P1", "G11", "2026-10-30", "october", 0, NULL), GRID_OK);

	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	assert_int_equal(grid_diary_sample(db, "2026-11", 2, grid_diary_seed("2026-11"), keep_entry, &a), GRID_OK);
	assert_int_equal(grid_diary_sample(db, "2026-11", 2, grid_diary_seed("2026-11"), keep_entry, &b), GRID_OK);
	/* two per person, one for the person with one entry */
	assert_int_equal(a.n, 5);
	assert_int_equal(a.n, b.n);
	for (i = 0; i < a.n; i++)
		assert_int_equal(a.id[i], b.id[i]);
	assert_string_equal(a.person[0], "P1");
	assert_string_equal(a.person[1], "P1");
	assert_string_equal(a.person[2], "P2");
	assert_string_equal(a.person[3], "Q1");
	/* the picks are the lowest ranks of the person's entries */
	{
		uint64_t worst = grid_diary_rank(grid_diary_seed("2026-11"), a.id[0]);
		uint64_t r1 = grid_diary_rank(grid_diary_seed("2026-11"), a.id[1]);

		if (r1 > worst)
			worst = r1;
		memset(&c, 0, sizeof(c));
		assert_int_equal(grid_diary_sample(db, "2026-11", 100, 1, keep_entry, &c), GRID_OK);
		for (i = 0; i < c.n; i++)
			if (strcmp(c.person[i], "P1") == 0 && c.id[i] != a.id[0] && c.id[i] != a.id[1])
				assert_true(grid_diary_rank(grid_diary_seed("2026-11"), c.id[i]) > worst);
		assert_int_equal(c.n, 12 + 6 + 1); /* every November entry, none of October */
	}
	/* another seed picks differently for some seed */
	same = 1;
	for (i = 1; i < 20 && same; i++) {
		memset(&c, 0, sizeof(c));
		assert_int_equal(grid_diary_sample(db, "2026-11", 2, (uint64_t)i, keep_entry, &c), GRID_OK);
		assert_int_equal(c.n, 5);
		for (j = 0; j < c.n; j++)
			if (c.id[j] != a.id[j])
				same = 0;
	}
	assert_false(same);
	assert_int_equal(grid_diary_sample(db, "2026-11", 0, 1, keep_entry, &c), GRID_EUSAGE);
	assert_int_equal(grid_diary_sample(db, "2026-1", 2, 1, keep_entry, &c), GRID_EUSAGE);
	/* the documented hash: FNV-1a 64 */
	assert_true(grid_diary_seed("") == 14695981039346656037ULL);
	assert_true(grid_diary_seed("a") == 0xaf63dc4c8601ec8cULL);
	tu_db_close(db);
}

static void test_diary_stats(void **state)
{
	grid_db *db = setup();
	grid_stats_query q = GRID_STATS_QUERY_INIT;
	grid_measure total;
	struct rows r;
	char date[16];
	int day;

	(void)state;
	assert_int_equal(grid_working_days(at("2026-11-01"), at("2026-12-01")), 21);
	/* P1 writes every day of November, weekends too: 30 entries for 21 expected */
	for (day = 1; day <= 30; day++) {
		snprintf(date, sizeof(date), "2026-11-%02d", day);
		assert_int_equal(diary(db, "P1", "G11", date, "p1", 0, NULL), GRID_OK);
	}
	/* Q1 writes three, two reviewed; P2 (head of G21) writes none */
	assert_int_equal(diary(db, "Q1", "G12", "2026-11-02", "q", 0, NULL), GRID_OK);
	assert_int_equal(diary(db, "Q1", "G12", "2026-11-03", "q", 0, NULL), GRID_OK);
	assert_int_equal(diary(db, "Q1", "G12", "2026-12-01", "december", 0, NULL), GRID_OK);
	assert_int_equal(grid_db_set_actor(db, "L1"), GRID_OK);
	assert_int_equal(grid_diary_review(db, 31, 70, NULL), GRID_OK);
	assert_int_equal(grid_diary_review(db, 32, 95, NULL), GRID_OK);
	assert_int_equal(grid_diary_review(db, 1, 60, NULL), GRID_OK);

	assert_int_equal(grid_period_month(&q.period, "2026-11", grid_db_now(db)), GRID_OK);
	q.by = GRID_BY_PERSON;
	memset(&r, 0, sizeof(r));
	assert_int_equal(grid_stats_diary(db, &q, collect, &r, &total), GRID_OK);
	assert_int_equal(r.n, 3);
	assert_string_equal(r.key[0], "P1");
	assert_int_equal(r.m[0].expected, 21);
	assert_int_equal(r.m[0].written, 21); /* weekends do not count */
	assert_int_equal(r.m[0].scored, 1);
	assert_int_equal(r.m[0].score_sum, 60);
	assert_string_equal(r.key[1], "P2");
	assert_int_equal(r.m[1].expected, 21);
	assert_int_equal(r.m[1].written, 0);
	assert_string_equal(r.key[2], "Q1");
	assert_int_equal(r.m[2].written, 2);
	assert_int_equal(r.m[2].scored, 2);
	assert_int_equal(r.m[2].score_sum, 165);
	assert_int_equal(total.expected, 63);
	/* 21 + 0 + 2: P1's weekend entries cannot pay for P2's missing ones */
	assert_int_equal(total.written, 23);

	/* by unit: the heads of each community's subtree */
	q.by = GRID_BY_UNIT;
	q.unit = "S";
	memset(&r, 0, sizeof(r));
	assert_int_equal(grid_stats_diary(db, &q, collect, &r, &total), GRID_OK);
	assert_int_equal(r.n, 2);
	assert_string_equal(r.key[0], "C1");
	assert_int_equal(r.m[0].expected, 42);
	assert_int_equal(r.m[0].written, 23);
	assert_int_equal(r.m[0].scored, 3);
	assert_string_equal(r.key[1], "C2");
	assert_int_equal(r.m[1].expected, 21);
	assert_int_equal(r.m[1].written, 0);
	assert_int_equal(total.expected, 63);
	assert_int_equal(total.score_sum, 225);
	/* Diary rows leave the visit counters zero: rank adds rows up by key. */
	assert_int_equal(r.m[0].households, 0);
	assert_int_equal(r.m[1].households, 0);
	assert_int_equal(total.households, 0);

	/* the period still running: only working days up to now count */
	grid_db_set_now(db, at("2026-11-04T08:00"));
	assert_int_equal(grid_period_month(&q.period, "2026-11", grid_db_now(db)), GRID_OK);
	q.unit = "C1";
	q.level = "grid";
	memset(&r, 0, sizeof(r));
	assert_int_equal(grid_stats_diary(db, &q, collect, &r, &total), GRID_OK);
	assert_int_equal(r.n, 2);
	assert_string_equal(r.key[0], "G11");
	assert_int_equal(r.m[0].expected, 3); /* Mon 2, Tue 3, Wed 4 */
	assert_int_equal(r.m[0].written, 3);  /* Sun 1 .. Wed 4, less Sunday */
	tu_db_close(db);
}

/* Written counts the post holder's entries only: P2 heads G21 and is a
 * member on C2; entries on C2 are no grid_head post's.  A head of two
 * grids keeps two diaries. */
static void test_diary_posts(void **state)
{
	grid_db *db = setup();
	grid_stats_query q = GRID_STATS_QUERY_INIT;
	grid_measure total;
	struct rows r;

	(void)state;
	assert_int_equal(diary(db, "P2", "C2", "2026-11-02", "c2", 0, NULL), GRID_OK);
	assert_int_equal(diary(db, "P2", "C2", "2026-11-03", "c2", 0, NULL), GRID_OK);
	assert_int_equal(diary(db, "P2", "G21", "2026-11-04", "g21", 0, NULL), GRID_OK);
	assert_int_equal(grid_period_week(&q.period, "2026-W45", grid_db_now(db)), GRID_OK);
	q.by = GRID_BY_PERSON;
	q.unit = "C2";
	memset(&r, 0, sizeof(r));
	assert_int_equal(grid_stats_diary(db, &q, collect, &r, &total), GRID_OK);
	assert_int_equal(r.n, 1);
	assert_string_equal(r.key[0], "P2");
	assert_int_equal(r.m[0].expected, 5);
	assert_int_equal(r.m[0].written, 1);
	/* A second post: P2 heads C2 too, and its entries there count. */
	exec_sql("INSERT INTO assignment (unit_id, person_id, duty) VALUES (6,11,'grid_head');");
	memset(&r, 0, sizeof(r));
	assert_int_equal(grid_stats_diary(db, &q, collect, &r, &total), GRID_OK);
	assert_int_equal(r.m[0].expected, 10);
	assert_int_equal(r.m[0].written, 3);
	tu_db_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_visit_permissions),
		cmocka_unit_test(test_visit_rate),
		cmocka_unit_test(test_visit_import),
		cmocka_unit_test(test_diary_add_review),
		cmocka_unit_test(test_diary_sample),
		cmocka_unit_test(test_diary_stats),
		cmocka_unit_test(test_diary_posts),
	};

	return cmocka_run_group_tests_name("field", tests, NULL, NULL);
}
