/* Unit tests of the field module. */
#include "testutil.h"

static void test_placeholder(void **state)
{
	grid_db *db = tu_db_new();

	(void)state;
	assert_non_null(db);
	tu_db_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_placeholder),
	};

	return cmocka_run_group_tests_name("field", tests, NULL, NULL);
}
