/* Unit tests of time parsing, ISO weeks, months and local boundaries. */
#include <string.h>

#include "testutil.h"

static int64_t parse(const char *s)
{
	int64_t t = 0;

	assert_int_equal(grid_time_parse(&t, s), GRID_OK);
	return t;
}

static void test_parse_forms(void **state)
{
	int64_t t;

	(void)state;
	tu_set_tz("Asia/Shanghai");
	/* 2026-11-03T10:00:00+08:00 is 1793671200 */
	assert_int_equal(parse("2026-11-03T10:00:00+08:00"), 1793671200);
	assert_int_equal(parse("2026-11-03T10:00+08:00"), 1793671200);
	assert_int_equal(parse("2026-11-03T02:00:00Z"), 1793671200);
	assert_int_equal(parse("2026-11-03T10:00:00+0800"), 1793671200);
	assert_int_equal(parse("2026-11-03T10:00:00"), 1793671200);
	assert_int_equal(parse("2026-11-03 10:00"), 1793671200);
	assert_int_equal(parse("2026-11-03"), 1793671200 - 10 * 3600);
	assert_int_equal(parse("2026-11-02T21:30:00-04:30"), 1793671200);
	assert_int_equal(grid_time_parse(&t, "2026-13-01"), GRID_EUSAGE);
	assert_int_equal(grid_time_parse(&t, "2026-02-29"), GRID_EUSAGE);
	assert_int_equal(grid_time_parse(&t, "2024-02-29"), GRID_OK);
	assert_int_equal(grid_time_parse(&t, "2026-11-03T24:00"), GRID_EUSAGE);
	assert_int_equal(grid_time_parse(&t, "2026-11-03T10"), GRID_EUSAGE);
	assert_int_equal(grid_time_parse(&t, "2026-11-03T10:00+8"), GRID_EUSAGE);
	assert_int_equal(grid_time_parse(&t, "yesterday"), GRID_EUSAGE);
	assert_int_equal(grid_time_parse(&t, ""), GRID_EUSAGE);
	assert_int_equal(grid_time_parse(&t, "2026-11-03x"), GRID_EUSAGE);
	assert_non_null(strstr(grid_errmsg(), "2026-11-03x"));
}

static void test_format(void **state)
{
	char buf[40];

	(void)state;
	tu_set_tz("Asia/Shanghai");
	grid_time_format(buf, sizeof(buf), 1793671200);
	assert_string_equal(buf, "2026-11-03T10:00:00+08:00");
	tu_set_tz("America/New_York");
	grid_time_format(buf, sizeof(buf), 1793671200);
	assert_string_equal(buf, "2026-11-02T21:00:00-05:00");
	tu_set_tz("UTC");
	grid_time_format(buf, sizeof(buf), 0);
	assert_string_equal(buf, "1970-01-01T00:00:00+00:00");
}

static void expect_period(const char *tz, int weekly, const char *text, const char *since, const char *until)
{
	grid_period p;
	char a[40], b[40];

	tu_set_tz(tz);
	if (weekly)
		assert_int_equal(grid_period_week(&p, text, INT64_MAX / 2), GRID_OK);
	else
		assert_int_equal(grid_period_month(&p, text, INT64_MAX / 2), GRID_OK);
	grid_time_format(a, sizeof(a), p.since);
	grid_time_format(b, sizeof(b), p.until);
	assert_string_equal(a, since);
	assert_string_equal(b, until);
	assert_int_equal(p.as_of, p.until);
}

static void test_weeks(void **state)
{
	grid_period p;

	(void)state;
	expect_period("Asia/Shanghai", 1, "2026-W48", "2026-11-23T00:00:00+08:00", "2026-11-30T00:00:00+08:00");
	expect_period("Asia/Shanghai", 1, "2026-W01", "2025-12-29T00:00:00+08:00", "2026-01-05T00:00:00+08:00");
	expect_period("Asia/Shanghai", 1, "2026-W53", "2026-12-28T00:00:00+08:00", "2027-01-04T00:00:00+08:00");
	expect_period("Asia/Shanghai", 1, "2020-W53", "2020-12-28T00:00:00+08:00", "2021-01-04T00:00:00+08:00");
	expect_period("Asia/Shanghai", 1, "2021-W01", "2021-01-04T00:00:00+08:00", "2021-01-11T00:00:00+08:00");
	/* A week across the spring DST change is 167 hours long. */
	expect_period("Europe/Berlin", 1, "2026-W13", "2026-03-23T00:00:00+01:00", "2026-03-30T00:00:00+02:00");
	tu_set_tz("Asia/Shanghai");
	/* 2026 starts on a Thursday, so it has 53 ISO weeks; 2025 and 2027 have 52. */
	assert_int_equal(grid_period_week(&p, "2026-W53", 0), GRID_OK);
	assert_int_equal(grid_period_week(&p, "2027-W53", 0), GRID_EUSAGE);
	assert_int_equal(grid_period_week(&p, "2025-W53", 0), GRID_EUSAGE);
	assert_non_null(strstr(grid_errmsg(), "52"));
	assert_int_equal(grid_period_week(&p, "2026-W00", 0), GRID_EUSAGE);
	assert_int_equal(grid_period_week(&p, "2026W48", 0), GRID_EUSAGE);
	assert_int_equal(grid_period_week(&p, "2026-W4", 0), GRID_EUSAGE);
}

static void test_months(void **state)
{
	grid_period p;

	(void)state;
	expect_period("Asia/Shanghai", 0, "2026-11", "2026-11-01T00:00:00+08:00", "2026-12-01T00:00:00+08:00");
	expect_period("Asia/Shanghai", 0, "2026-12", "2026-12-01T00:00:00+08:00", "2027-01-01T00:00:00+08:00");
	expect_period("America/New_York", 0, "2026-11", "2026-11-01T00:00:00-04:00", "2026-12-01T00:00:00-05:00");
	expect_period("America/New_York", 0, "2026-03", "2026-03-01T00:00:00-05:00", "2026-04-01T00:00:00-04:00");
	tu_set_tz("Asia/Shanghai");
	assert_int_equal(grid_period_month(&p, "2024-13", 0), GRID_EUSAGE);
	assert_int_equal(grid_period_month(&p, "2024-00", 0), GRID_EUSAGE);
	assert_int_equal(grid_period_month(&p, "2024-1", 0), GRID_EUSAGE);
}

/* The bounds of a quarter or a year, KIND 'q' or 'y', in zone TZ. */
static void expect_long_period(const char *tz, char kind, const char *text, const char *since, const char *until)
{
	grid_period p;
	char a[40], b[40];

	tu_set_tz(tz);
	if (kind == 'q')
		assert_int_equal(grid_period_quarter(&p, text, INT64_MAX / 2), GRID_OK);
	else
		assert_int_equal(grid_period_year(&p, text, INT64_MAX / 2), GRID_OK);
	grid_time_format(a, sizeof(a), p.since);
	grid_time_format(b, sizeof(b), p.until);
	assert_string_equal(a, since);
	assert_string_equal(b, until);
}

static void test_quarters_and_years(void **state)
{
	grid_period p;

	(void)state;
	expect_long_period("Asia/Shanghai", 'q', "2026-Q1", "2026-01-01T00:00:00+08:00", "2026-04-01T00:00:00+08:00");
	expect_long_period("Asia/Shanghai", 'q', "2026-q4", "2026-10-01T00:00:00+08:00", "2027-01-01T00:00:00+08:00");
	/* The second quarter starts in winter time and ends in summer time. */
	expect_long_period("America/New_York", 'q', "2026-Q2", "2026-04-01T00:00:00-04:00", "2026-07-01T00:00:00-04:00");
	expect_long_period("America/New_York", 'q', "2026-Q1", "2026-01-01T00:00:00-05:00", "2026-04-01T00:00:00-04:00");
	expect_long_period("Asia/Shanghai", 'y', "2025", "2025-01-01T00:00:00+08:00", "2026-01-01T00:00:00+08:00");
	expect_long_period("America/New_York", 'y', "2026", "2026-01-01T00:00:00-05:00", "2027-01-01T00:00:00-05:00");
	tu_set_tz("Asia/Shanghai");
	assert_int_equal(grid_period_quarter(&p, "2026-Q0", 0), GRID_EUSAGE);
	assert_int_equal(grid_period_quarter(&p, "2026-Q5", 0), GRID_EUSAGE);
	assert_int_equal(grid_period_quarter(&p, "2026-2", 0), GRID_EUSAGE);
	assert_int_equal(grid_period_quarter(&p, "2026-Q12", 0), GRID_EUSAGE);
	assert_int_equal(grid_period_year(&p, "26", 0), GRID_EUSAGE);
	assert_int_equal(grid_period_year(&p, "2026-01", 0), GRID_EUSAGE);
	assert_int_equal(grid_period_year(&p, "", 0), GRID_EUSAGE);
}

static void test_as_of_and_last(void **state)
{
	grid_period p;
	char a[40], b[40];
	int64_t now;

	(void)state;
	tu_set_tz("Asia/Shanghai");
	now = parse("2026-11-27T12:00");
	assert_int_equal(grid_period_month(&p, "2026-11", now), GRID_OK);
	assert_int_equal(p.as_of, now);
	grid_period_last_month(&p, now);
	grid_time_format(a, sizeof(a), p.since);
	grid_time_format(b, sizeof(b), p.until);
	assert_string_equal(a, "2026-10-01T00:00:00+08:00");
	assert_string_equal(b, "2026-11-01T00:00:00+08:00");
	grid_period_last_week(&p, now); /* Friday of W48 -> W47 */
	grid_time_format(a, sizeof(a), p.since);
	assert_string_equal(a, "2026-11-16T00:00:00+08:00");
	grid_period_last_month(&p, parse("2027-01-05"));
	grid_time_format(a, sizeof(a), p.since);
	assert_string_equal(a, "2026-12-01T00:00:00+08:00");
	assert_int_equal(grid_period_range(&p, "2026-11-05", "2026-11-01", now), GRID_EUSAGE);
	assert_int_equal(grid_period_range(&p, "2026-11-01", "2026-11-05T12:00", now), GRID_OK);
	assert_int_equal(p.until - p.since, 4 * 86400 + 12 * 3600);
}

/* The period before P, as "SINCE UNTIL" in local time. */
static void expect_previous(const grid_period *p, const char *since, const char *until)
{
	grid_period before;
	char a[40], b[40];

	grid_period_previous(&before, p);
	grid_time_format(a, sizeof(a), before.since);
	grid_time_format(b, sizeof(b), before.until);
	assert_string_equal(a, since);
	assert_string_equal(b, until);
}

static void test_previous(void **state)
{
	grid_period p, before;
	int64_t now;

	(void)state;
	tu_set_tz("Asia/Shanghai");
	now = parse("2027-03-01");
	assert_int_equal(grid_period_month(&p, "2026-03", now), GRID_OK);
	expect_previous(&p, "2026-02-01T00:00:00+08:00", "2026-03-01T00:00:00+08:00");
	/* the year before a year, the quarter before a quarter: calendar
	 * months, not days (2024 has 366 of them, Q1 90 to Q2's 91) */
	assert_int_equal(grid_period_year(&p, "2025", now), GRID_OK);
	expect_previous(&p, "2024-01-01T00:00:00+08:00", "2025-01-01T00:00:00+08:00");
	assert_int_equal(grid_period_year(&p, "2026", now), GRID_OK);
	expect_previous(&p, "2025-01-01T00:00:00+08:00", "2026-01-01T00:00:00+08:00");
	assert_int_equal(grid_period_quarter(&p, "2026-Q2", now), GRID_OK);
	expect_previous(&p, "2026-01-01T00:00:00+08:00", "2026-04-01T00:00:00+08:00");
	assert_int_equal(grid_period_week(&p, "2026-W01", now), GRID_OK);
	expect_previous(&p, "2025-12-22T00:00:00+08:00", "2025-12-29T00:00:00+08:00");
	/* read as far into it as P is read into P: March 1st */
	assert_int_equal(grid_period_year(&p, "2026", parse("2026-03-01")), GRID_OK);
	grid_period_previous(&before, &p);
	assert_int_equal(before.as_of, before.since + 59 * 86400);
}

static void test_week_names_and_working_days(void **state)
{
	char buf[16];

	(void)state;
	tu_set_tz("Asia/Shanghai");
	grid_week_name(buf, sizeof(buf), parse("2026-11-27"));
	assert_string_equal(buf, "2026-W48");
	grid_week_name(buf, sizeof(buf), parse("2021-01-03"));
	assert_string_equal(buf, "2020-W53");
	grid_week_name(buf, sizeof(buf), parse("2025-12-29"));
	assert_string_equal(buf, "2026-W01");
	/* November 2026: 30 days, 21 of them Monday to Friday. */
	assert_int_equal(grid_working_days(parse("2026-11-01"), parse("2026-12-01")), 21);
	assert_int_equal(grid_working_days(parse("2026-11-23"), parse("2026-11-30")), 5);
	assert_int_equal(grid_working_days(parse("2026-11-28"), parse("2026-11-30")), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_forms),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_weeks),
		cmocka_unit_test(test_months),
		cmocka_unit_test(test_quarters_and_years),
		cmocka_unit_test(test_as_of_and_last),
		cmocka_unit_test(test_week_names_and_working_days),
		cmocka_unit_test(test_previous),
	};

	return cmocka_run_group_tests_name("time", tests, NULL, NULL);
}
