/* Unit tests of the arithmetic of targets against the schedule
 * (grid-metrics(7), "Targets and the schedule"): by hand-computed
 * figures, the seed's first. */
#include <string.h>

#include "target_calc.h"
#include "testutil.h"

/* AMOUNT written as grid_decimal_parse reads it. */
static grid_decimal amount(const char *text)
{
	grid_decimal d = { 0, 0 };

	assert_int_equal(grid_decimal_parse(text, &d), GRID_OK);
	return d;
}

/* A row of TARGET with the figure ACTUAL on AS_OF (NULL: none), and
 * LAST (NULL: none), computed BY. */
static grid_target_row row(const char *target, const char *actual, const char *as_of, const char *last,
	grid_target_schedule by)
{
	grid_target_row r;

	memset(&r, 0, sizeof r);
	r.target = amount(target);
	if (actual) {
		r.has_actual = 1;
		r.actual = amount(actual);
		r.as_of = as_of;
	}
	if (last) {
		r.has_last = 1;
		r.last = amount(last);
	}
	target_compute(&r, by);
	return r;
}

/* D as written with its decimals. */
static const char *text(char *buf, grid_decimal d)
{
	return grid_decimal_format(buf, d.value, d.decimals);
}

static void test_elapsed(void **state)
{
	int64_t n, d;

	(void)state;
	target_elapsed(GRID_SCHEDULE_MONTHS, 2026, 5, 31, &n, &d);
	assert_true(n == 5 && d == 12);
	target_elapsed(GRID_SCHEDULE_MONTHS, 2026, 5, 30, &n, &d); /* May not complete yet */
	assert_true(n == 4 && d == 12);
	target_elapsed(GRID_SCHEDULE_MONTHS, 2026, 1, 1, &n, &d);
	assert_true(n == 0 && d == 12);
	target_elapsed(GRID_SCHEDULE_MONTHS, 2024, 2, 29, &n, &d); /* leap February ends on the 29th */
	assert_true(n == 2 && d == 12);
	target_elapsed(GRID_SCHEDULE_MONTHS, 2026, 12, 31, &n, &d);
	assert_true(n == 12 && d == 12);
	target_elapsed(GRID_SCHEDULE_DAYS, 2026, 5, 31, &n, &d);
	assert_true(n == 151 && d == 365);
	target_elapsed(GRID_SCHEDULE_DAYS, 2024, 5, 31, &n, &d);
	assert_true(n == 152 && d == 366);
	target_elapsed(GRID_SCHEDULE_DAYS, 2026, 1, 1, &n, &d);
	assert_true(n == 1 && d == 365);
}

static void test_date(void **state)
{
	static const char *const bad[] = { "2026-02-29", "2026-13-01", "2026-00-10", "0000-01-01", "2026-5-31",
		"2026/05/31", "2026-05-31T00:00", " 2026-05-31", "", NULL };
	int y, m, d;

	(void)state;
	assert_int_equal(target_date_parse("2024-02-29", &y, &m, &d), GRID_OK);
	assert_true(y == 2024 && m == 2 && d == 29);
	assert_int_equal(target_date_parse("9999-12-31", &y, &m, &d), GRID_OK);
	for (size_t i = 0; bad[i]; i++)
		assert_int_equal(target_date_parse(bad[i], &y, &m, &d), GRID_EUSAGE);
	assert_int_equal(target_date_parse(NULL, &y, &m, &d), GRID_EUSAGE);
}

/* 财税收入累计完成11029万元，占目标任务23329万元的47.28%，超进度5.6个百分点，超收1308万元. */
static void test_seed(void **state)
{
	grid_target_row r = row("23329", "11029", "2026-05-31", NULL, GRID_SCHEDULE_MONTHS);
	char buf[GRID_DECIMAL_BUFSZ];

	(void)state;
	assert_true(r.completion.has && r.completion.num == 110290000 && r.completion.den == 233290000);
	assert_string_equal(text(buf, r.completion.percent), "47.28");
	assert_true(r.completion.millionths == 472759);
	assert_true(r.schedule.has && r.schedule.num == 5 && r.schedule.den == 12);
	assert_string_equal(text(buf, r.schedule.percent), "41.67");
	assert_true(r.schedule.millionths == 416667);
	assert_true(r.has_points);
	assert_string_equal(text(buf, r.points), "5.6");
	assert_true(r.has_over);
	assert_string_equal(text(buf, r.due), "9721");
	assert_string_equal(text(buf, r.over), "1308");
	assert_false(r.yoy.has);

	/* The other three of the seed. */
	r = row("140160", "50022", "2026-05-31", NULL, GRID_SCHEDULE_MONTHS);
	assert_string_equal(text(buf, r.completion.percent), "35.69");
	r = row("121000", "44044", "2026-05-31", NULL, GRID_SCHEDULE_MONTHS);
	assert_string_equal(text(buf, r.completion.percent), "36.40");
	assert_true(r.completion.millionths == 364000);
	r = row("60000", "28218", "2026-05-31", "25098", GRID_SCHEDULE_MONTHS);
	assert_true(r.yoy.has && r.yoy.num == 31200000 && r.yoy.den == 250980000);
	assert_string_equal(text(buf, r.yoy.percent), "12.43");
	assert_true(r.yoy.millionths == 124313);
}

/* By days: 151/365; points (11029·365 − 23329·151)·1000 / (23329·365) =
 * 59.06 tenths, +5.9; due 23329·151/365 = 9651.18, up to 9652. */
static void test_days(void **state)
{
	grid_target_row r = row("23329", "11029", "2026-05-31", NULL, GRID_SCHEDULE_DAYS);
	char buf[GRID_DECIMAL_BUFSZ];

	(void)state;
	assert_string_equal(text(buf, r.schedule.percent), "41.37");
	assert_true(r.schedule.millionths == 413699);
	assert_string_equal(text(buf, r.points), "5.9");
	assert_string_equal(text(buf, r.due), "9652");
	assert_string_equal(text(buf, r.over), "1377");
}

/* Points from the exact difference, not from the rounded percentages:
 * 1/3 of the target at a quarter of the year.  The percentages 33.33% and
 * 25.00% would say 8.33, +8.3; exactly it is 8.3333…, +8.3; and at 8.35
 * exactly it rounds away from zero. */
static void test_points(void **state)
{
	grid_target_row r;
	char buf[GRID_DECIMAL_BUFSZ];

	(void)state;
	r = row("3", "1", "2026-03-31", NULL, GRID_SCHEDULE_MONTHS);
	assert_string_equal(text(buf, r.points), "8.3");
	/* 33.35% against 25%: 8.35 points, half away from zero: 8.4 (the
	 * rounded percentages agree here; behind it is -8.4). */
	r = row("10000", "3335", "2026-03-31", NULL, GRID_SCHEDULE_MONTHS);
	assert_string_equal(text(buf, r.points), "8.4");
	r = row("10000", "1665", "2026-03-31", NULL, GRID_SCHEDULE_MONTHS);
	assert_string_equal(text(buf, r.points), "-8.4");
	/* Where the rounded percentages would mislead: 41.6749…% against
	 * 41.6666…% (5/12) is 0.0083 points: 0.0, while 41.67 − 41.67 = 0.00
	 * and 41.68 − 41.67 would be 0.01. */
	r = row("120000", "50009.99", "2026-05-31", NULL, GRID_SCHEDULE_MONTHS);
	assert_string_equal(text(buf, r.completion.percent), "41.67");
	assert_string_equal(text(buf, r.points), "0.0");
	/* Behind: 30% at 5/12, −11.666… points: -11.7; over 30000 − 41667. */
	r = row("100000", "30000", "2026-05-31", NULL, GRID_SCHEDULE_MONTHS);
	assert_string_equal(text(buf, r.points), "-11.7");
	assert_string_equal(text(buf, r.due), "41667");
	assert_string_equal(text(buf, r.over), "-11667");
}

/* The amount due is rounded up to the target's decimals; over has the
 * decimals of the figure or the target, the more. */
static void test_due(void **state)
{
	grid_target_row r;
	char buf[GRID_DECIMAL_BUFSZ];

	(void)state;
	r = row("5000.50", "11000", "2026-05-31", NULL, GRID_SCHEDULE_DAYS);
	assert_string_equal(text(buf, r.due), "2068.70"); /* 5000.50 × 151/365 = 2068.70 exactly */
	assert_string_equal(text(buf, r.over), "8931.30");
	r = row("100", "40.125", "2026-05-31", NULL, GRID_SCHEDULE_MONTHS);
	assert_string_equal(text(buf, r.due), "42"); /* 41.666… up to 42 */
	assert_string_equal(text(buf, r.over), "-1.875");
	r = row("100.0", "40", "2026-05-31", NULL, GRID_SCHEDULE_MONTHS);
	assert_string_equal(text(buf, r.due), "41.7");
	assert_string_equal(text(buf, r.over), "-1.7");
	/* At the year's end everything is due. */
	r = row("23329", "23329", "2026-12-31", NULL, GRID_SCHEDULE_MONTHS);
	assert_string_equal(text(buf, r.due), "23329");
	assert_string_equal(text(buf, r.over), "0");
	assert_string_equal(text(buf, r.points), "0.0");
	assert_string_equal(text(buf, r.completion.percent), "100.00");
}

/* Nothing to divide by, or nothing to compare with: undefined, not zero. */
static void test_undefined(void **state)
{
	grid_target_row r;
	char buf[GRID_DECIMAL_BUFSZ];

	(void)state;
	r = row("23329", NULL, NULL, "100", GRID_SCHEDULE_MONTHS);
	assert_false(r.completion.has || r.schedule.has || r.has_points || r.has_over || r.yoy.has);
	r = row("0", "15", "2026-05-31", NULL, GRID_SCHEDULE_MONTHS);
	assert_false(r.completion.has || r.has_points);
	assert_true(r.schedule.has && r.has_over);
	assert_string_equal(text(buf, r.due), "0");
	assert_string_equal(text(buf, r.over), "15");
	r = row("100", "15", "2026-05-31", "0", GRID_SCHEDULE_MONTHS);
	assert_false(r.yoy.has);
	r = row("100", "15", "2026-05-31", "-5", GRID_SCHEDULE_MONTHS);
	assert_false(r.yoy.has);
	/* A fall: (90 − 120) / 120 = −25%. */
	r = row("100", "90", "2026-05-31", "120", GRID_SCHEDULE_MONTHS);
	assert_string_equal(text(buf, r.yoy.percent), "-25.00");
	assert_true(r.yoy.millionths == -250000);
}

/* The largest amounts stay exact or undefined, never wrong. */
static void test_large(void **state)
{
	grid_target_row r;
	char buf[GRID_DECIMAL_BUFSZ];

	(void)state;
	r = row("10000000000000", "5000000000000", "2026-12-31", NULL, GRID_SCHEDULE_DAYS);
	assert_string_equal(text(buf, r.completion.percent), "50.00");
	assert_string_equal(text(buf, r.points), "-50.0");
	assert_string_equal(text(buf, r.due), "10000000000000");
	assert_string_equal(text(buf, r.over), "-5000000000000");
	r = row("0.0001", "10000000000000", "2026-05-31", NULL, GRID_SCHEDULE_DAYS);
	assert_false(r.completion.has); /* 10^19 %: beyond 64 bits */
	assert_false(r.has_points);
	assert_true(r.has_over);
	r = row("10000000000000", "-10000000000000", "2026-12-31", NULL, GRID_SCHEDULE_DAYS);
	assert_true(r.has_over); /* −2·10^17 ten-thousandths still fits */
	assert_string_equal(text(buf, r.over), "-20000000000000");
	assert_string_equal(text(buf, r.completion.percent), "-100.00");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_elapsed),
		cmocka_unit_test(test_date),
		cmocka_unit_test(test_seed),
		cmocka_unit_test(test_days),
		cmocka_unit_test(test_points),
		cmocka_unit_test(test_due),
		cmocka_unit_test(test_undefined),
		cmocka_unit_test(test_large),
	};

	return cmocka_run_group_tests_name("target", tests, NULL, NULL);
}
