/* Unit tests of text checks, display width and rate formatting. */
#include <string.h>

#include "testutil.h"

static void test_display_width(void **state)
{
	(void)state;
	assert_int_equal(grid_display_width(""), 0);
	assert_int_equal(grid_display_width("abc"), 3);
	assert_int_equal(grid_display_width("安全生产"), 8);
	assert_int_equal(grid_display_width("A网格1"), 6);
	assert_int_equal(grid_display_width("ＡＢ"), 4);          /* fullwidth forms */
	assert_int_equal(grid_display_width("e\xcc\x81"), 1);     /* e + combining acute */
	assert_int_equal(grid_display_width("\xff" "a"), 2);      /* invalid byte counts one */
}

static void test_rate_format(void **state)
{
	char buf[32];

	(void)state;
	grid_rate_format(buf, sizeof(buf), 790, 805);
	assert_string_equal(buf, "98.14%");
	grid_rate_format(buf, sizeof(buf), 782, 796);
	assert_string_equal(buf, "98.24%");
	grid_rate_format(buf, sizeof(buf), 207, 209);
	assert_string_equal(buf, "99.04%");
	grid_rate_format(buf, sizeof(buf), 0, 0);
	assert_string_equal(buf, "-");
	grid_rate_format(buf, sizeof(buf), 1, 8);      /* 12.5% exactly */
	assert_string_equal(buf, "12.50%");
	grid_rate_format(buf, sizeof(buf), 1, 80000);  /* 0.00125% -> half rounds away from zero */
	assert_string_equal(buf, "0.00%");
	grid_rate_format(buf, sizeof(buf), 1, 40000);  /* 0.0025% */
	assert_string_equal(buf, "0.00%");
	grid_rate_format(buf, sizeof(buf), 1, 20000);  /* 0.005% rounds up to 0.01% */
	assert_string_equal(buf, "0.01%");
	grid_rate_format(buf, sizeof(buf), 5, 5);
	assert_string_equal(buf, "100.00%");
}

static void expect_bad(const char *s, enum grid_text_kind kind, const char *why_part)
{
	char why[96];

	assert_int_equal(grid_text_check(s, strlen(s), kind, why, sizeof(why)), GRID_EINPUT);
	assert_non_null(strstr(why, why_part));
}

static void test_text_check(void **state)
{
	char why[96], big[700];

	(void)state;
	assert_int_equal(grid_text_check("P0001", 5, GRID_TEXT_CODE, why, sizeof(why)), GRID_OK);
	expect_bad("", GRID_TEXT_CODE, "empty");
	memset(big, 'a', 65);
	big[65] = '\0';
	expect_bad(big, GRID_TEXT_CODE, "64 bytes");
	expect_bad("a\x01" "b", GRID_TEXT_NAME, "control");
	expect_bad("a\nb", GRID_TEXT_TITLE, "control");
	assert_int_equal(grid_text_check("a\nb\tc", 5, GRID_TEXT_NOTE, why, sizeof(why)), GRID_OK);
	expect_bad("\xc3\x28", GRID_TEXT_NAME, "UTF-8");
	expect_bad("\xed\xa0\x80", GRID_TEXT_NAME, "UTF-8");  /* a surrogate */
	expect_bad("\xc0\xaf", GRID_TEXT_NAME, "UTF-8");      /* overlong */
	/* 200 Chinese characters are a valid name, 201 are not. */
	big[0] = '\0';
	for (int i = 0; i < 200; i++)
		strcat(big, "网");
	assert_int_equal(grid_text_check(big, strlen(big), GRID_TEXT_NAME, why, sizeof(why)), GRID_OK);
	strcat(big, "格");
	expect_bad(big, GRID_TEXT_NAME, "200 characters");
	assert_int_equal(grid_utf8_length("网格a", strlen("网格a")), 3);
	assert_int_equal(grid_utf8_length("\xff", 1), -1);
}

/* Amounts parse exactly and print as written; anything else is refused. */
static void test_decimal(void **state)
{
	static const char *const bad[] = { "", "-", "1.", ".5", "1.23456", "1,308", "+1", "1e3", " 1", "1 ",
		"900000000000001", NULL };
	char buf[GRID_DECIMAL_BUFSZ];
	grid_decimal d;

	(void)state;
	assert_int_equal(grid_decimal_parse("23329", &d), GRID_OK);
	assert_true(d.value == INT64_C(233290000) && d.decimals == 0);
	assert_int_equal(grid_decimal_parse("-0.0125", &d), GRID_OK);
	assert_true(d.value == -125 && d.decimals == 4);
	assert_string_equal(grid_decimal_format(buf, d.value, d.decimals), "-0.0125");
	assert_string_equal(grid_decimal_format(buf, d.value, 2), "-0.01");
	assert_string_equal(grid_decimal_format(buf, 15000, 0), "2");    /* 1.5 → 2, half away */
	assert_string_equal(grid_decimal_format(buf, -15000, 0), "-2");
	assert_string_equal(grid_decimal_format(buf, 10500, 2), "1.05");
	/* Ten trillion units is the largest amount, fractions included. */
	assert_int_equal(grid_decimal_parse("10000000000000", &d), GRID_OK);
	assert_int_equal(grid_decimal_parse("-10000000000000.0000", &d), GRID_OK);
	assert_int_equal(grid_decimal_parse("10000000000000.0001", &d), GRID_EINPUT);
	assert_int_equal(grid_decimal_parse("10000000000001", &d), GRID_EINPUT);
	for (size_t i = 0; bad[i]; i++)
		assert_int_equal(grid_decimal_parse(bad[i], &d), GRID_EINPUT);
}

/* The seed's scheduled revenue: 23,329 × 5/12 = 9,720.42, up to 9,721. */
static void test_muldiv(void **state)
{
	int64_t out;

	(void)state;
	assert_int_equal(grid_muldiv(23329, 5, 12, GRID_ROUND_CEIL, &out), GRID_OK);
	assert_true(out == 9721);
	assert_int_equal(grid_muldiv(23329, 5, 12, GRID_ROUND_FLOOR, &out), GRID_OK);
	assert_true(out == 9720);
	assert_int_equal(grid_muldiv(23329, 5, 12, GRID_ROUND_HALF_AWAY, &out), GRID_OK);
	assert_true(out == 9720);
	assert_int_equal(grid_muldiv(-5, 1, 2, GRID_ROUND_HALF_AWAY, &out), GRID_OK);
	assert_true(out == -3);
	assert_int_equal(grid_muldiv(-5, 1, 2, GRID_ROUND_CEIL, &out), GRID_OK);
	assert_true(out == -2);
	assert_int_equal(grid_muldiv(5, 1, -2, GRID_ROUND_FLOOR, &out), GRID_OK);
	assert_true(out == -3);
	/* The product of two large amounts is exact before the division. */
	assert_int_equal(grid_muldiv(INT64_C(9000000000000000000), 10, 100, GRID_ROUND_HALF_AWAY, &out), GRID_OK);
	assert_true(out == INT64_C(900000000000000000));
	assert_int_equal(grid_muldiv(INT64_MAX, 2, 1, GRID_ROUND_CEIL, &out), GRID_EINPUT);
	assert_int_equal(grid_muldiv(1, 1, 0, GRID_ROUND_CEIL, &out), GRID_EINPUT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_display_width),
		cmocka_unit_test(test_rate_format),
		cmocka_unit_test(test_text_check),
		cmocka_unit_test(test_decimal),
		cmocka_unit_test(test_muldiv),
	};

	return cmocka_run_group_tests_name("text", tests, NULL, NULL);
}
