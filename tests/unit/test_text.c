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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_display_width),
		cmocka_unit_test(test_rate_format),
		cmocka_unit_test(test_text_check),
	};

	return cmocka_run_group_tests_name("text", tests, NULL, NULL);
}
