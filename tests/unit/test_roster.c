/* Unit tests of the roster: import (every rule with its place in the
 * file), upsert counts, dry run, prune, export round trip, listings. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "testutil.h"

/* Problems reported by an import, one a line. */
static char problems[8192];
static int nproblems;
static char notices[1024];

static void collect(void *ctx, int code, const char *msg)
{
	(void)ctx;
	if (code == GRID_OK) {
		strncat(notices, msg, sizeof notices - strlen(notices) - 2);
		strcat(notices, "\n");
		return;
	}
	nproblems++;
	strncat(problems, msg, sizeof problems - strlen(problems) - 2);
	strcat(problems, "\n");
}

static int import_opts(grid_db *db, const char *text, int dry_run, int prune, grid_import_result *res)
{
	grid_import_opts o = GRID_IMPORT_OPTS_INIT;

	problems[0] = notices[0] = 0;
	nproblems = 0;
	o.dry_run = dry_run;
	o.prune = prune;
	o.report = collect;
	return grid_roster_import(db, text ? tu_write_file("r.yaml", text) : "-", &o, res);
}

static int import(grid_db *db, const char *text, grid_import_result *res)
{
	return import_opts(db, text, 0, 0, res);
}

static const char base[] =
	"version: 1\n"
	"levels: [district, street, community, grid]\n"
	"categories:\n"
	"  - {code: WORK_SAFETY, name: 安全生产, deadline_hours: 24, department: D1}\n"
	"departments:\n"
	"  - {code: D1, name: 应急管理局}\n"
	"units:\n"
	"  - code: \"410102\"\n"
	"    name: 中原区\n"
	"    level: district\n"
	"    children:\n"
	"      - {code: \"410102001\", name: 秦岭路街道, level: street, children: [\n"
	"          {code: \"410102001001\", name: 社区一, level: community, households: 20, population: 60}]}\n"
	"  - {code: \"410102001001001\", name: 一网格, level: grid, parent: \"410102001001\", households: 10}\n"
	"people:\n"
	"  - {id: P1, name: 张伟, login: zhangwei, phone: \"13800000001\", roles: [grid_head]}\n"
	"  - {id: P2, name: 李娜, roles: [dept_staff, viewer], department: D1}\n"
	"assignments:\n"
	"  - {unit: \"410102001001\", person: P1, duty: first_secretary}\n"
	"  - {unit: \"410102001001001\", person: P1, duty: grid_head}\n"
	"  - {unit: \"410102001001001\", person: P2, duty: sent_down}\n"
	"settings:\n"
	"  ranking: {level: community, weights: {closure: 0.4, on_time: 0.3, visits: 0.2, diary: 0.1}}\n"
	"  timezone: Asia/Shanghai\n";

static void assert_counts(const grid_import_result *r, int sec, int64_t a, int64_t u, int64_t c, int64_t d)
{
	assert_true(r->sections[sec].present);
	assert_int_equal(r->sections[sec].added, a);
	assert_int_equal(r->sections[sec].updated, u);
	assert_int_equal(r->sections[sec].unchanged, c);
	assert_int_equal(r->sections[sec].removed, d);
}

static int count_unit(void *ctx, const grid_unit *u)
{
	(void)u;
	++*(int *)ctx;
	return 0;
}

static int units(grid_db *db)
{
	int n = 0;

	assert_int_equal(grid_unit_list(db, NULL, count_unit, &n), GRID_OK);
	return n;
}

/* The whole export as a malloc'd string. */
static char *export_text(grid_db *db, enum grid_export_format fmt)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(grid_roster_export(db, fmt, f), GRID_OK);
	fclose(f);
	return buf;
}

static void test_import_and_reimport(void **state)
{
	grid_db *db = tu_db_new();
	grid_import_result r;
	char *tz = NULL;

	(void)state;
	assert_int_equal(import(db, base, &r), GRID_OK);
	assert_int_equal(nproblems, 0);
	assert_counts(&r, GRID_SECTION_LEVELS, 4, 0, 0, 0);
	assert_counts(&r, GRID_SECTION_UNITS, 4, 0, 0, 0);
	assert_counts(&r, GRID_SECTION_PEOPLE, 2, 0, 0, 0);
	assert_counts(&r, GRID_SECTION_ASSIGNMENTS, 3, 0, 0, 0);
	assert_counts(&r, GRID_SECTION_SETTINGS, 6, 0, 0, 0);
	assert_int_equal(units(db), 4);
	assert_int_equal(grid_setting_get(db, "ranking.weight.on_time", &tz), GRID_OK);
	assert_string_equal(tz, "0.3");
	grid_free(tz);
	assert_int_equal(grid_setting_get(db, "timezone", &tz), GRID_OK);
	assert_string_equal(tz, "Asia/Shanghai");
	grid_free(tz);

	/* The same file again: everything unchanged. */
	assert_int_equal(import(db, base, &r), GRID_OK);
	assert_counts(&r, GRID_SECTION_UNITS, 0, 0, 4, 0);
	assert_counts(&r, GRID_SECTION_PEOPLE, 0, 0, 2, 0);
	assert_counts(&r, GRID_SECTION_ASSIGNMENTS, 0, 0, 3, 0);
	assert_counts(&r, GRID_SECTION_SETTINGS, 0, 0, 6, 0);

	/* A change is an update; sections not in the file are left alone. */
	assert_int_equal(import(db, "people:\n  - {id: P1, name: 张伟, login: zw, roles: [grid_head]}\n", &r), GRID_OK);
	assert_counts(&r, GRID_SECTION_PEOPLE, 0, 1, 0, 0);
	assert_false(r.sections[GRID_SECTION_UNITS].present);
	assert_int_equal(units(db), 4);
	tu_db_close(db);
}

/* The login of each person, "id=login id=login", in id order. */
static int login_row(void *ctx, const grid_person *p)
{
	char *out = ctx;

	snprintf(out + strlen(out), 256 - strlen(out), "%s%s=%s", *out ? " " : "", p->id, p->login ? p->login : "-");
	return 0;
}

static const char *logins(grid_db *db)
{
	static char out[256];

	out[0] = 0;
	assert_int_equal(grid_person_list(db, NULL, login_row, out), GRID_OK);
	return out;
}

static void test_logins(void **state)
{
	grid_db *db = tu_db_new();
	grid_import_result r;
	char *before, *after;

	(void)state;
	assert_int_equal(import(db, base, &r), GRID_OK);
	assert_int_equal(import(db, "people:\n  - {id: P2, name: 李娜, login: lina, roles: [dept_staff, viewer], "
				  "department: D1}\n", &r), GRID_OK);
	assert_string_equal(logins(db), "P1=zhangwei P2=lina tester=tester");

	/* Two people swap their logins; a third takes the admin's, who moves on. */
	assert_int_equal(import(db, "people:\n"
				  "  - {id: P1, name: 张伟, login: lina, phone: \"13800000001\", roles: [grid_head]}\n"
				  "  - {id: P2, name: 李娜, login: zhangwei, roles: [dept_staff, viewer], department: D1}\n",
			     &r), GRID_OK);
	assert_counts(&r, GRID_SECTION_PEOPLE, 0, 2, 0, 0);
	assert_string_equal(logins(db), "P1=lina P2=zhangwei tester=tester");
	assert_int_equal(import(db, "people:\n  - {id: tester, name: T, login: t2, roles: [admin]}\n"
				  "  - {id: P3, name: 王五, login: tester}\n"
				  "  - {id: P1, name: 张伟, phone: \"13800000001\", roles: [grid_head]}\n",
			     &r), GRID_OK);
	assert_counts(&r, GRID_SECTION_PEOPLE, 1, 2, 0, 0);
	assert_string_equal(logins(db), "P1=- P2=zhangwei P3=tester tester=t2");

	/* A login held by someone the file does not name: placed, not a raw
	 * constraint; nothing written. */
	before = export_text(db, GRID_EXPORT_YAML);
	assert_int_equal(import(db, "people:\n  - {id: P1, name: 张伟, login: zhangwei}\n", &r), GRID_EINPUT);
	assert_non_null(strstr(grid_errmsg(), "r.yaml:2:31: login 'zhangwei' is already used by person 'P2'"));
	assert_int_equal(nproblems, 1);
	after = export_text(db, GRID_EXPORT_YAML);
	assert_string_equal(before, after);
	free(before);
	free(after);
	tu_db_close(db);
}

struct who_rows {
	int n;
	char first_unit[32], last_level[32];
};

static int who_row(void *ctx, const grid_duty *d)
{
	struct who_rows *w = ctx;

	if (w->n++ == 0)
		snprintf(w->first_unit, sizeof w->first_unit, "%s", d->unit);
	snprintf(w->last_level, sizeof w->last_level, "%s", d->level);
	return 0;
}

static int person_row(void *ctx, const grid_person *p)
{
	struct who_rows *w = ctx;

	if (w->n++ == 0)
		snprintf(w->first_unit, sizeof w->first_unit, "%s|%u|%s", p->id, p->roles, p->department ? p->department : "-");
	return 0;
}

static void test_listings(void **state)
{
	grid_db *db = tu_db_new();
	grid_import_result r;
	grid_person_filter pf = GRID_PERSON_FILTER_INIT;
	struct who_rows w = { 0, "", "" };
	int64_t children = -1, assignments = -1;

	(void)state;
	assert_int_equal(import(db, base, &r), GRID_OK);
	assert_int_equal(grid_who(db, "410102001001001", who_row, &w), GRID_OK);
	assert_int_equal(w.n, 3);
	assert_string_equal(w.first_unit, "410102001001001");
	assert_string_equal(w.last_level, "community");
	assert_int_equal(grid_who(db, "nope", who_row, &w), GRID_ENOTFOUND);
	assert_int_equal(grid_unit_counts(db, "410102001", &children, &assignments), GRID_OK);
	assert_int_equal(children, 1);
	assert_int_equal(assignments, 0);
	memset(&w, 0, sizeof w);
	pf.id = "P2";
	assert_int_equal(grid_person_list(db, &pf, person_row, &w), GRID_OK);
	assert_string_equal(w.first_unit, "P2|48|D1");
	pf.id = "P9";
	assert_int_equal(grid_person_list(db, &pf, person_row, &w), GRID_ENOTFOUND);
	memset(&w, 0, sizeof w);
	pf.id = NULL;
	pf.unit = "410102001001";
	assert_int_equal(grid_person_list(db, &pf, person_row, &w), GRID_OK);
	assert_int_equal(w.n, 2);
	tu_db_close(db);
}

/* Each rule, with the place it is reported at. */
static const struct {
	const char *yaml;
	const char *want;
} bad[] = {
	{ "departments:\n  - {code: D1, name: x, colour: red}\n", "r.yaml:2:25: unknown key 'colour' in a department" },
	{ "units:\n  - {code: 410102, name: x, level: district}\n", "r.yaml:2:12: 'code' must be a string" },
	{ "people:\n  - {id: 7, name: x}\n", "r.yaml:2:10: 'id' must be a string" },
	{ "departments:\n  - {code: D1, name: a}\n  - {code: D1, name: b}\n",
	  "r.yaml:3:12: duplicate department code 'D1' (first at line 2)" },
	{ "departments:\n  - {code: D1}\n", "r.yaml:2:5: missing 'name' in a department" },
	{ "departments:\n  - {code: D1, name: a, name: b}\n", "r.yaml:2:25: duplicate key 'name'" },
	{ "categories:\n  - {code: C, name: c, deadline_hours: 0}\n", "r.yaml:2:40: 'deadline_hours' must be a whole number from 1 to 100000" },
	{ "categories:\n  - {code: C, name: c, deadline_hours: 9223372036854775807}\n",
	  "r.yaml:2:40: 'deadline_hours' must be a whole number from 1 to 100000" },
	{ "categories:\n  - {code: C, name: c, deadline_hours: 2, department: D404}\n",
	  "r.yaml:2:55: unknown department 'D404'" },
	{ "units:\n  - {code: \"1\", name: x, level: district, population: -5}\n",
	  "r.yaml:2:55: 'population' must be a whole number from 0 to 1000000000" },
	{ "units: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n",
	  "r.yaml:1:47: lists and mappings nested deeper than 40 levels" },
	/* a newline quoted from the file does not start a line of its own */
	{ "\"colour\\nforged\": 1\n", "r.yaml:1:1: unknown key 'colour?forged' in 'the roster'" },
	{ "units:\n  - {code: \"1\", name: x, level: county}\n", "r.yaml:2:33: unknown level 'county'" },
	{ "units:\n  - {code: \"1\", name: x, level: street}\n",
	  "r.yaml:2:33: unit '1' has no parent, so its level must be the top level 'district', not 'street'" },
	{ "units:\n  - {code: \"1\", name: x, level: district, children: [{code: \"2\", name: y, level: grid}]}\n",
	  "r.yaml:2:82: level 'grid' of unit '2' is not the one right below its parent's level 'district'" },
	{ "units:\n  - {code: \"2\", name: y, level: street, parent: \"9\"}\n", "r.yaml:2:49: unknown parent unit '9'" },
	{ "units:\n  - {code: \"1\", name: x, level: district, children: [{code: \"2\", name: y, level: street, parent: \"1\"}]}\n",
	  "r.yaml:2:98: 'parent' is not allowed on a unit nested under 'children'" },
	{ "people:\n  - {id: P1, name: x, roles: [king]}\n", "r.yaml:2:31: unknown role 'king'" },
	{ "people:\n  - {id: P1, name: x, login: a}\n  - {id: P2, name: y, login: a}\n",
	  "r.yaml:3:30: login 'a' is already used by person 'P1'" },
	{ "people:\n  - {id: P1, name: x, login: tester}\n", "r.yaml:2:30: login 'tester' is already used by person 'tester'" },
	{ "people:\n  - {id: P1, name: x, roles: [admin, viewer, admin]}\n", "r.yaml:2:46: duplicate role 'admin'" },
	{ "people:\n  - {id: P1, name: \"  \"}\n", "r.yaml:2:20: 'name' is blank" },
	{ "departments:\n  - {code: D1, name: \"\xe3\x80\x80 \"}\n", "r.yaml:2:22: 'name' is blank" },
	{ "settings: {timezone: Mars/Olympus}\n", "r.yaml:1:22: unknown time zone 'Mars/Olympus'" },
	{ "settings:\n  timezone: Asia\n", "r.yaml:2:13: unknown time zone 'Asia'" },
	{ "settings:\n  timezone: ../zoneinfo/UTC\n", "r.yaml:2:13: unknown time zone '../zoneinfo/UTC'" },
	{ "settings:\n  timezone: CST-8\n", "r.yaml:2:13: unknown time zone 'CST-8'" },
	{ "version: \"1\"\n", "r.yaml:1:10: 'version' must be a number, as in version: 1" },
	/* libyaml places bad bytes by offset alone */
	{ "departments:\n  - {code: D1, name: a}\n  - {code: D2, name: \"b\xff\"}\n", "r.yaml:3:24: invalid" },
	{ "\xef\xbb\xbf" "departments: [{code: D9, name: \"\xff\"}]\n", "r.yaml:1:33: invalid" },
	{ "assignments:\n  - {unit: \"404\", person: tester, duty: x}\n", "r.yaml:2:12: unknown unit '404'" },
	{ "assignments:\n  - {unit: \"410102\", person: P1, duty: x}\n  - {unit: \"410102\", person: P1, duty: x}\n",
	  "r.yaml:3:5: duplicate assignment of 'P1' as 'x' on unit '410102' (first at line 2)" },
	/* the same, already in the database */
	{ "assignments:\n  - {unit: \"410102001001\", person: P1, duty: first_secretary}\n"
	  "  - {unit: \"410102001001\", person: P1, duty: first_secretary}\n",
	  "r.yaml:3:5: duplicate assignment of 'P1' as 'first_secretary' on unit '410102001001' (first at line 2)" },
	{ "people:\n  - {id: P7, name: x, department: NOPE}\n"
	  "assignments:\n  - {unit: \"410102\", person: P1, duty: x}\n  - {unit: \"410102\", person: P1, duty: x}\n",
	  "r.yaml:5:5: duplicate assignment of 'P1' as 'x'" },
	{ "assignments:\n  - {unit: \"410102\", person: nobody, duty: x}\n", "r.yaml:2:30: unknown person 'nobody'" },
	{ "settings:\n  ranking: {weights: {diary: -0.1}}\n", "r.yaml:2:30: weight 'diary' must be a number from 0 to 1" },
	{ "settings:\n  ranking: {level: county}\n", "r.yaml:2:20: unknown level 'county'" },
	{ "settings:\n  colour: red\n", "r.yaml:2:3: unknown key 'colour' in 'settings'" },
	{ "version: 2\n", "r.yaml:1:10: unsupported version '2'" },
	{ "levels: [a, b, a]\n", "r.yaml:1:16: duplicate level 'a'" },
	{ "departments:\n  - &x {code: D1, name: a}\n", "r.yaml:2:5: anchors (&x) are not allowed" },
	{ "departments:\n  - {code: D1, name: a}\n  - *x\n", "r.yaml:3:5:" },
	{ "people:\n  - {<<: {id: P}, name: x}\n", "r.yaml:2:6: merge keys (<<) are not allowed" },
	{ "units: [\n", "r.yaml:2:1: " },
	{ "- a\n- b\n", "r.yaml:1:1: a roster is a mapping of sections" },
	{ "departments: {code: D1}\n", "r.yaml:1:14: 'departments' must be a list" },
	{ "people:\n  - {id: P1, name: \"a\\x01b\"}\n", "r.yaml:2:20: 'name' has a control character" },
	{ "departments:\n  - {code: D1, name: a}\n---\ndepartments: []\n", "r.yaml:3:1: a roster is one YAML document" },
};

static void test_validation(void **state)
{
	grid_db *db = tu_db_new();
	grid_import_result r;
	char *before, *after;
	size_t i;
	int failed = 0;

	(void)state;
	assert_int_equal(import(db, base, &r), GRID_OK);
	before = export_text(db, GRID_EXPORT_YAML);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int rc = import(db, bad[i].yaml, &r);

		if (rc != GRID_EINPUT || !strstr(problems, bad[i].want)) {
			print_message("case %zu: rc %d, want '%s', got:\n%s", i, rc, bad[i].want, problems);
			failed++;
			continue;
		}
		assert_string_equal(grid_errmsg(), strtok(problems, "\n"));
	}
	assert_int_equal(failed, 0);
	after = export_text(db, GRID_EXPORT_YAML);
	assert_string_equal(before, after);
	free(before);
	free(after);
	tu_db_close(db);
}

static void test_many_problems_and_utf8(void **state)
{
	grid_db *db = tu_db_new();
	grid_import_result r;
	char text[4096] = "people:\n";
	int i;

	(void)state;
	for (i = 0; i < 30; i++)
		snprintf(text + strlen(text), sizeof text - strlen(text), "  - {id: Q%d, name: x, roles: [nope]}\n", i);
	assert_int_equal(import(db, text, &r), GRID_EINPUT);
	/* 20 problems, then one line saying it stopped */
	assert_int_equal(nproblems, GRID_IMPORT_MAX_ERRORS + 1);
	assert_non_null(strstr(problems, "stopped after 20 problems"));
	assert_int_equal(import(db, "departments:\n  - {code: D1, name: \"\xff\"}\n", &r), GRID_EINPUT);
	assert_int_equal(nproblems, 1);
	assert_non_null(strstr(problems, "r.yaml:2:23: invalid"));
	tu_db_close(db);
}

static void test_dry_run(void **state)
{
	grid_db *db = tu_db_new();
	grid_import_result r;

	(void)state;
	assert_int_equal(import_opts(db, base, 1, 0, &r), GRID_OK);
	assert_counts(&r, GRID_SECTION_UNITS, 4, 0, 0, 0);
	assert_int_equal(units(db), 0);
	assert_int_equal(grid_unit_counts(db, "410102", NULL, NULL), GRID_ENOTFOUND);
	tu_db_close(db);
}

static void exec_sql(const char *sql)
{
	tu_sql(sql);
}

static void test_prune(void **state)
{
	grid_db *db = tu_db_new();
	grid_import_result r;
	char *before, *after;

	(void)state;
	assert_int_equal(import(db, base, &r), GRID_OK);
	assert_int_equal(import(db, "units:\n  - {code: \"410102001001002\", name: 二网格, level: grid, parent: \"410102001001\"}\n"
				  "people:\n  - {id: P3, name: 王五}\n", &r), GRID_OK);
	assert_int_equal(units(db), 5);
	assert_int_equal(import_opts(db, base, 0, 1, &r), GRID_OK);
	assert_counts(&r, GRID_SECTION_UNITS, 0, 0, 4, 1);
	/* P3 goes; the acting person 'tester' is not in the file but stays */
	assert_counts(&r, GRID_SECTION_PEOPLE, 0, 0, 2, 1);
	assert_non_null(strstr(notices, "kept person 'tester'"));
	assert_int_equal(units(db), 4);

	/* A unit with an issue is not removed: conflict, nothing written. */
	exec_sql("INSERT INTO issue(unit_id, handling_unit_id, category_id, title, reported_at, status)\n"
		 "SELECT u.id, u.id, c.id, 't', 0, 'reported' FROM unit u, category c WHERE u.code = '410102001001001'");
	before = export_text(db, GRID_EXPORT_YAML);
	assert_int_equal(import_opts(db, "units:\n  - {code: \"410102\", name: 中原区, level: district}\n", 0, 1, &r),
		GRID_ECONFLICT);
	assert_non_null(strstr(grid_errmsg(), "'410102001001001'"));
	after = export_text(db, GRID_EXPORT_YAML);
	assert_string_equal(before, after);
	free(before);
	free(after);
	tu_db_close(db);
}

/* Handlers of open cases stay; assignments that go with people or units
 * are counted. */
static void test_prune_handlers(void **state)
{
	static const char p1_only[] = "people:\n  - {id: P1, name: 张伟, login: zhangwei, phone: \"13800000001\", "
				      "roles: [grid_head]}\n";
	grid_db *db = tu_db_new();
	grid_import_result r;
	char *before, *after;
	const char *st;

	(void)state;
	assert_int_equal(import(db, base, &r), GRID_OK);
	/* issue 1 handled by P2, issue 2 by department D1 */
	exec_sql("INSERT INTO issue(id, unit_id, handling_unit_id, category_id, title, reported_at, status, handler,\n"
		 "  handler_kind)\n"
		 "SELECT 1, u.id, u.id, c.id, 't', 0, 'assigned', 'P2', 'person' FROM unit u, category c\n"
		 "WHERE u.code = '410102001001001';\n"
		 "INSERT INTO issue(id, unit_id, handling_unit_id, category_id, title, reported_at, status, handler,\n"
		 "  handler_kind)\n"
		 "SELECT 2, u.id, u.id, c.id, 't', 0, 'resolved', 'D1', 'department' FROM unit u, category c\n"
		 "WHERE u.code = '410102001001001'");
	before = export_text(db, GRID_EXPORT_YAML);
	assert_int_equal(import_opts(db, p1_only, 0, 1, &r), GRID_ECONFLICT);
	assert_string_equal(grid_errmsg(), "cannot remove person 'P2': they handle open issue 1 (assigned); keep them "
					   "in the file until it is closed or assigned elsewhere");
	assert_int_equal(import_opts(db, "departments:\n  - {code: D2, name: x}\n", 0, 1, &r), GRID_ECONFLICT);
	assert_string_equal(grid_errmsg(), "cannot remove department 'D1': it handles open issue 2 (resolved); keep it "
					   "in the file until it is closed or assigned elsewhere");
	after = export_text(db, GRID_EXPORT_YAML);
	assert_string_equal(before, after);
	free(after);

	/* Each open status counts; closed and rejected cases do not. */
	for (st = "accepted\0resolved\0"; *st; st += strlen(st) + 1) {
		char sql[128];

		snprintf(sql, sizeof sql, "UPDATE issue SET status = '%s' WHERE id = 1", st);
		exec_sql(sql);
		assert_int_equal(import_opts(db, p1_only, 0, 1, &r), GRID_ECONFLICT);
		assert_non_null(strstr(grid_errmsg(), "person 'P2'"));
	}
	exec_sql("UPDATE issue SET status = 'closed' WHERE id = 1");
	/* Dry run: the counts, with P2's one assignment though the file has none. */
	assert_int_equal(import_opts(db, p1_only, 1, 1, &r), GRID_OK);
	assert_counts(&r, GRID_SECTION_PEOPLE, 0, 0, 1, 1);
	assert_counts(&r, GRID_SECTION_ASSIGNMENTS, 0, 0, 0, 1);
	after = export_text(db, GRID_EXPORT_YAML);
	assert_string_equal(before, after);
	free(before);
	free(after);

	/* A unit's assignments go with it, counted. */
	exec_sql("UPDATE issue SET status = 'rejected' WHERE id = 2");
	assert_int_equal(import_opts(db, p1_only, 0, 1, &r), GRID_OK);
	assert_counts(&r, GRID_SECTION_ASSIGNMENTS, 0, 0, 0, 1);
	assert_false(r.sections[GRID_SECTION_UNITS].present);
	assert_int_equal(import(db, "units:\n  - {code: \"410102001001002\", name: 二网格, level: grid, "
				  "parent: \"410102001001\"}\n"
				  "assignments:\n  - {unit: \"410102001001002\", person: P1, duty: grid_head}\n", &r),
		GRID_OK);
	assert_int_equal(import_opts(db, "units:\n  - code: \"410102\"\n    name: 中原区\n    level: district\n"
				       "    children:\n      - {code: \"410102001\", name: 秦岭路街道, level: street, children: [\n"
				       "          {code: \"410102001001\", name: 社区一, level: community, households: 20, "
				       "population: 60}]}\n"
				       "  - {code: \"410102001001001\", name: 一网格, level: grid, parent: \"410102001001\", "
				       "households: 10}\n",
			     0, 1, &r),
		GRID_OK);
	assert_counts(&r, GRID_SECTION_UNITS, 0, 0, 4, 1);
	assert_counts(&r, GRID_SECTION_ASSIGNMENTS, 0, 0, 0, 1);
	/* Nothing to remove: no assignments line. */
	assert_int_equal(import_opts(db, p1_only, 0, 1, &r), GRID_OK);
	assert_false(r.sections[GRID_SECTION_ASSIGNMENTS].present);
	tu_db_close(db);
}

static void test_round_trip(void **state)
{
	grid_db *db = tu_db_new();
	grid_import_result r;
	char *one, *two;
	int i;

	(void)state;
	assert_int_equal(import(db, base, &r), GRID_OK);
	one = export_text(db, GRID_EXPORT_YAML);
	/* export then import on the same database changes nothing */
	assert_int_equal(import(db, one, &r), GRID_OK);
	for (i = 0; i < GRID_SECTION_COUNT; i++) {
		assert_int_equal(r.sections[i].added, 0);
		assert_int_equal(r.sections[i].updated, 0);
	}
	tu_db_close(db);
	db = tu_db_new();
	assert_int_equal(import(db, one, &r), GRID_OK);
	two = export_text(db, GRID_EXPORT_YAML);
	assert_string_equal(one, two);
	assert_non_null(strstr(one, "code: \"410102\""));
	assert_non_null(strstr(one, "phone: \"13800000001\""));
	free(two);
	/* JSON carries the same roster, and YAML reads it back */
	two = export_text(db, GRID_EXPORT_JSON);
	assert_non_null(strstr(two, "\"code\": \"410102001001001\""));
	assert_int_equal(import(db, two, &r), GRID_OK);
	assert_counts(&r, GRID_SECTION_UNITS, 0, 0, 4, 0);
	free(one);
	free(two);
	tu_db_close(db);
}

static void test_permissions(void **state)
{
	grid_db *db = tu_db_new();
	grid_import_result r;

	(void)state;
	assert_int_equal(import(db, base, &r), GRID_OK);
	assert_int_equal(grid_db_set_actor(db, "P1"), GRID_OK);
	/* refused before the file is even opened */
	assert_int_equal(grid_roster_import(db, "/nonexistent/roster.yaml", NULL, &r), GRID_EPERM);
	assert_int_equal(import(db, base, &r), GRID_EPERM);
	tu_db_close(db);
}

/* examples/street.yaml of this source tree (meson names its root). */
static const char *example_path(void)
{
	return TEST_SOURCE_ROOT "/examples/street.yaml";
}

static void test_example(void **state)
{
	grid_db *db = tu_db_new();
	grid_import_result r;
	grid_import_opts o = GRID_IMPORT_OPTS_INIT;

	(void)state;
	o.report = collect;
	problems[0] = 0;
	assert_int_equal(grid_roster_import(db, example_path(), &o, &r), GRID_OK);
	assert_counts(&r, GRID_SECTION_UNITS, 57, 0, 0, 0);
	assert_counts(&r, GRID_SECTION_CATEGORIES, 7, 0, 0, 0);
	tu_db_close(db);
}

/* ---- the fast way into an empty roster, and the staged way ------------
 *
 * A file into an empty roster is written straight into it; a pipe cannot
 * be read twice, so it is always staged.  Both must give the same result:
 * the same problems at the same places, counts and roster. */

static int import_piped(grid_db *db, const char *text, grid_import_result *res)
{
	int fd[2], saved = dup(0), rc;

	assert_true(saved >= 0);
	assert_int_equal(pipe(fd), 0);
	assert_int_equal(write(fd[1], text, strlen(text)), (ssize_t)strlen(text));
	close(fd[1]);
	assert_int_equal(dup2(fd[0], 0), 0);
	close(fd[0]);
	clearerr(stdin);
	rc = import_opts(db, NULL, 0, 0, res);
	dup2(saved, 0);
	close(saved);
	clearerr(stdin);
	return rc;
}

struct outcome {
	int rc;
	grid_import_result r;
	char problems[8192];
	char *roster;
};

static void import_fresh(const char *before, const char *text, int piped, struct outcome *o)
{
	grid_db *db = tu_db_new();
	const char *line;

	memset(o, 0, sizeof *o);
	if (before)
		assert_int_equal(import(db, before, &o->r), GRID_OK);
	o->rc = piped ? import_piped(db, text, &o->r) : import(db, text, &o->r);
	/* the file named alike: "r.yaml:" for its path or "<stdin>:" */
	for (line = problems; *line;) {
		const char *end = strchr(line, '\n'), *colon = strchr(line, ':');
		size_t n = strlen(o->problems);

		if (!end)
			end = line + strlen(line);
		if (colon && colon < end)
			snprintf(o->problems + n, sizeof o->problems - n, "r.yaml%.*s\n", (int)(end - colon), colon);
		line = *end ? end + 1 : end;
	}
	o->roster = export_text(db, GRID_EXPORT_YAML);
	if (o->rc == GRID_OK && tu_engine_pg()) {
		/* the same on the server: the indexes, and the roster's references */
		assert_int_equal(tu_sql_int("SELECT count(*) FROM pg_indexes WHERE schemaname = current_schema() AND\n"
					    "  indexname IN ('unit_parent', 'unit_lft', 'unit_depth', 'assignment_person')"),
			4);
		assert_int_equal(tu_sql_int("SELECT\n"
					    " (SELECT count(*) FROM category c WHERE c.department_id IS NOT NULL AND\n"
					    "   NOT EXISTS (SELECT 1 FROM department d WHERE d.id = c.department_id)) +\n"
					    " (SELECT count(*) FROM person p WHERE p.department_id IS NOT NULL AND\n"
					    "   NOT EXISTS (SELECT 1 FROM department d WHERE d.id = p.department_id)) +\n"
					    " (SELECT count(*) FROM unit u WHERE NOT EXISTS (SELECT 1 FROM level l WHERE l.depth = u.depth)\n"
					    "   OR (u.parent_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM unit p WHERE p.id = u.parent_id))) +\n"
					    " (SELECT count(*) FROM assignment a WHERE NOT EXISTS (SELECT 1 FROM unit u WHERE u.id = a.unit_id)\n"
					    "   OR NOT EXISTS (SELECT 1 FROM person p WHERE p.id = a.person_id))"),
			0);
	} else if (o->rc == GRID_OK) {
		sqlite3 *h;
		sqlite3_stmt *st;

		/* the indexes built after the rows, and every reference sound */
		assert_int_equal(sqlite3_open(tu_db_path(), &h), SQLITE_OK);
		assert_int_equal(sqlite3_prepare_v2(h,
					 "SELECT (SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name IN\n"
					 "  ('unit_parent', 'unit_lft', 'unit_depth', 'assignment_person')),\n"
					 "  (SELECT count(*) FROM pragma_foreign_key_check)",
				 -1, &st, NULL),
			SQLITE_OK);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		assert_int_equal(sqlite3_column_int(st, 0), 4);
		assert_int_equal(sqlite3_column_int(st, 1), 0);
		sqlite3_finalize(st);
		sqlite3_close(h);
	}
	tu_db_close(db);
}

/* Each a whole roster into an empty database: the fast way takes some, and
 * hands the others to the staged way (forward references, sections in
 * another order, a key after the children, a person already there). */
static const char *const fresh_cases[] = {
	base,
	/* sections in another order */
	"units:\n  - {code: \"1\", name: a, level: district, children: [{code: \"2\", name: b, level: street}]}\n"
	"people:\n  - {id: P1, name: x, department: D1}\n"
	"assignments:\n  - {unit: \"2\", person: P1, duty: d}\n"
	"departments:\n  - {code: D1, name: d}\n"
	"levels: [district, street]\n",
	"assignments:\n  - {unit: \"1\", person: P1, duty: d}\n"
	"people:\n  - {id: P1, name: x}\n"
	"units:\n  - {code: \"1\", name: a, level: district}\n"
	"levels: [district]\n",
	/* a parent further down; the children before the name; a key after them */
	"levels: [district, street, community]\n"
	"units:\n  - {code: \"3\", name: c, level: street, parent: \"1\"}\n"
	"  - {code: \"1\", children: [{code: \"2\", name: b, level: street}], name: a, level: district}\n"
	"  - {code: \"4\", name: d, level: district, children: [{code: \"5\", name: e, level: street}], population: 9}\n",
	/* the acting person, already in the database */
	"people:\n  - {id: tester, name: T, login: tester, roles: [admin]}\n  - {id: P1, name: x}\n"
	"assignments:\n  - {unit: \"1\", person: tester, duty: d}\n"
	"levels: [district]\nunits:\n  - {code: \"1\", name: a, level: district}\n",
	/* the acting person's login given to another, who gets a new one */
	"levels: [district]\nunits:\n  - {code: \"1\", name: a, level: district}\n"
	"people:\n  - {id: P1, name: x, login: tester}\n  - {id: tester, name: T, login: t2, roles: [admin]}\n"
	"settings: {timezone: UTC}\n",
	/* problems only the end of the file shows */
	"levels: [district, street]\n"
	"units:\n  - {code: \"1\", name: a, level: district, children: [{code: \"2\", name: b, level: district}]}\n"
	"  - {code: \"1\", name: a, level: district}\n",
	"levels: [district]\nunits:\n  - {code: \"1\", name: a, level: district}\n"
	"people:\n  - {id: P1, name: x, login: l}\n  - {id: P2, name: y, login: l}\n  - {id: P1, name: z}\n"
	"  - {id: P3, name: z, department: D9}\n"
	"assignments:\n  - {unit: \"1\", person: P1, duty: d}\n  - {unit: \"1\", person: P1, duty: d}\n"
	"  - {unit: \"9\", person: P1, duty: d}\n  - {unit: \"1\", person: P9, duty: d}\n",
	"levels: [district, street]\n"
	"units:\n  - {code: \"2\", name: b, level: street, parent: \"9\"}\n  - {code: \"3\", name: c, level: street}\n",
	"levels: [district]\nunits:\n  - {code: \"1\", name: a, level: district}\n"
	"settings:\n  ranking: {level: street}\n",
	"levels: [district]\nunits:\n  - {code: \"1\", name: a, level: district}\nunits: []\n",
	"levels: [district]\nunits:\n  - {code: \"1\", name: a, level: district}\npeople: [\n",
	/* a login the database's person holds; a zone that does not exist */
	"levels: [district]\nunits:\n  - {code: \"1\", name: a, level: district}\n"
	"people:\n  - {id: P1, name: x, login: tester, roles: [admin, admin]}\n  - {id: P2, name: \" \"}\n"
	"settings: {timezone: Mars/Olympus}\n",
	"levels: [district]\nunits:\n  - {code: \"1\", name: a, level: district}\n"
	"people:\n  - {id: P1, name: x, login: tester}\n",
};

static void test_fast_and_staged_agree(void **state)
{
	static struct outcome fast, staged;
	size_t i, j;

	(void)state;
	for (i = 0; i <= sizeof fresh_cases / sizeof fresh_cases[0]; i++) {
		/* last, units read against the database's levels and settings */
		const char *before = i == sizeof fresh_cases / sizeof fresh_cases[0]
			? "levels: [district, street]\nsettings: {timezone: Asia/Shanghai}\n" : NULL;
		const char *text = before ? "units:\n  - {code: \"1\", name: a, level: district, children: [\n"
					    "      {code: \"2\", name: b, level: street, households: 3}]}\n"
					    "  - {code: \"3\", name: c, level: street, parent: \"1\"}\n"
					  : fresh_cases[i];

		import_fresh(before, text, 0, &fast);
		import_fresh(before, text, 1, &staged);
		if (fast.rc != staged.rc || strcmp(fast.problems, staged.problems))
			fail_msg("case %zu: fast %d:\n%s\nstaged %d:\n%s", i, fast.rc, fast.problems, staged.rc,
				staged.problems);
		for (j = 0; j < GRID_SECTION_COUNT; j++)
			assert_memory_equal(&fast.r.sections[j], &staged.r.sections[j], sizeof fast.r.sections[j]);
		assert_string_equal(fast.roster, staged.roster);
		/* the first cases import; the last ones are refused */
		assert_int_equal(fast.rc, i < 6 || before ? GRID_OK : GRID_EINPUT);
		free(fast.roster);
		free(staged.roster);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_import_and_reimport),
		cmocka_unit_test(test_listings),
		cmocka_unit_test(test_validation),
		cmocka_unit_test(test_many_problems_and_utf8),
		cmocka_unit_test(test_dry_run),
		cmocka_unit_test(test_prune),
		cmocka_unit_test(test_prune_handlers),
		cmocka_unit_test(test_logins),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_permissions),
		cmocka_unit_test(test_example),
		cmocka_unit_test(test_fast_and_staged_agree),
	};

	tu_set_tz("Asia/Shanghai");
	return cmocka_run_group_tests_name("roster", tests, NULL, NULL);
}
