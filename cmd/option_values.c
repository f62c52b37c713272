/* The values of options and arguments: whole numbers, times, dates and
 * issue ids, each refused with a usage error that names the option. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>

#include "cli.h"

int cli_parse_int(const struct cli *c, const char *opt, const char *text, long long min, long long max,
	long long *out)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(text, &end, 10);
	if (errno || end == text || *end != '\0' || v < min || v > max)
		return cli_usage_error(c, _("--%s takes a whole number from %lld to %lld, not '%s'"), opt, min, max,
			text);
	*out = v;
	return 0;
}

int cli_parse_real(const struct cli *c, const char *opt, const char *text, double *out)
{
	/* main() keeps LC_NUMERIC at "C": 39.9 is 39.9 in every locale. */
	char *end;
	double v;

	errno = 0;
	v = strtod(text, &end);
	if (errno || end == text || *end != '\0' || !isfinite(v))
		return cli_usage_error(c, _("--%s takes a number, not '%s'"), opt, text);
	*out = v;
	return 0;
}

int cli_parse_time(const struct cli *c, const char *opt, const char *text, int64_t *out)
{
	if (grid_time_parse(out, text))
		return cli_usage_error(c, "--%s: %s", opt, cli_errmsg());
	return 0;
}

int cli_parse_date(const struct cli *c, const char *opt, const char *text, char *buf, size_t size)
{
	int64_t t;

	if (grid_date_parse(&t, text))
		return cli_usage_error(c, "--%s: %s", opt, cli_errmsg());
	grid_date_format(buf, size, t);
	return 0;
}

int cli_parse_issue_id(const struct cli *c, const char *what, const char *text, int64_t *out)
{
	char *end;
	long long v;

	/* Set on failure too: cli_usage_error() is in another file, so the
	 * compiler cannot tell that it never returns 0, and would see the
	 * callers' id read unset (gcc -O3, -Wmaybe-uninitialized). */
	*out = 0;
	errno = 0;
	v = strtoll(text, &end, 10);
	if (errno || end == text || *end || v <= 0)
		return cli_usage_error(c, _("%s must be an issue id (a positive whole number), not '%s'"), what, text);
	*out = v;
	return 0;
}
