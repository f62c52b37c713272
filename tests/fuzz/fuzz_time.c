/* Fuzz the time arguments: grid_time_parse, grid_date_parse and the
 * periods.  Besides "no crash", it checks what must hold of any time the
 * parser accepts: formatting it and parsing the text back gives the same
 * second; its ISO week and its month, named and parsed again, contain it. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fuzz.h"

/* 1900-01-01 .. 9000-01-01 UTC: years that format back in four digits
 * whatever the zone offset. */
#define SANE_MIN (-2208988800LL)
#define SANE_MAX (221845392000LL)

int LLVMFuzzerInitialize(int *argc, char ***argv);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	setenv("TZ", "Asia/Shanghai", 1);
	tzset();
	return 0;
}

static void check_time(int64_t t, const char *text)
{
	char buf[64], name[32];
	int64_t back = 0;
	grid_period p;
	time_t tt = (time_t)t;
	struct tm tm;

	if (t < SANE_MIN || t > SANE_MAX)
		return;
	/* Local mean time before 1901 is +08:05:43 in Shanghai: an offset
	 * with seconds, which ISO 8601 output cannot carry. */
	if (!localtime_r(&tt, &tm) || tm.tm_gmtoff % 60 != 0)
		return;
	grid_time_format(buf, sizeof(buf), t);
	if (grid_time_parse(&back, buf) != GRID_OK)
		fuzz_fail("'%s' parsed, formatted as '%s', which does not parse: %s", text, buf, grid_errmsg());
	if (back != t)
		fuzz_fail("'%s' parsed to %lld, formatted '%s', parsed back to %lld", text, (long long)t, buf,
			(long long)back);
	grid_week_name(name, sizeof(name), t);
	if (grid_period_week(&p, name, t) != GRID_OK)
		fuzz_fail("week name '%s' of '%s' does not parse: %s", name, text, grid_errmsg());
	if (!(p.since <= t && t < p.until))
		fuzz_fail("'%s' is not inside its week '%s'", text, name);
	if (p.until - p.since < 6 * 86400 || p.until - p.since > 8 * 86400)
		fuzz_fail("week '%s' is %lld seconds long", name, (long long)(p.until - p.since));
	if (grid_working_days(p.since, p.until) != 5)
		fuzz_fail("week '%s' has %d working days", name, grid_working_days(p.since, p.until));
	grid_date_format(buf, sizeof(buf), t);
	buf[7] = '\0'; /* YYYY-MM */
	if (grid_period_month(&p, buf, t) != GRID_OK)
		fuzz_fail("month '%s' of '%s' does not parse: %s", buf, text, grid_errmsg());
	if (!(p.since <= t && t < p.until) || p.as_of != t)
		fuzz_fail("'%s' is not inside its month '%s'", text, buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_strndup(data, size);
	char *second;
	int64_t t = 0;
	grid_period p;

	if (grid_time_parse(&t, text) == GRID_OK)
		check_time(t, text);
	else if (!*grid_errmsg())
		fuzz_fail("grid_time_parse refused '%s' without a message", text);
	if (grid_date_parse(&t, text) == GRID_OK)
		check_time(t, text);
	if (grid_period_week(&p, text, 0) == GRID_OK && !(p.since < p.until && p.as_of == (p.until > 0 ? 0 : p.until)))
		fuzz_fail("week '%s' is empty or its as-of is wrong", text);
	if (grid_period_month(&p, text, 0) == GRID_OK && !(p.since < p.until))
		fuzz_fail("month '%s' is empty", text);
	/* Two arguments for a range: split at the first newline. */
	if ((second = strchr(text, '\n'))) {
		*second++ = '\0';
		if (grid_period_range(&p, text, second, INT64_MAX) == GRID_OK && !(p.since < p.until))
			fuzz_fail("range '%s'..'%s' accepted though empty", text, second);
	}
	grid_error_clear();
	free(text);
	return 0;
}
