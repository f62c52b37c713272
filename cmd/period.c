/* The period options --week, --month, --quarter, --year, --since and --until of the
 * statistics verbs: kept while the options are read, then resolved. */
#include "cli.h"

int cli_period_arg(struct cli_period_args *p, int id, const char *arg)
{
	switch (id) {
	case CLI_OPT_WEEK:
		p->week = arg;
		return 1;
	case CLI_OPT_MONTH:
		p->month = arg;
		return 1;
	case CLI_OPT_QUARTER:
		p->quarter = arg;
		return 1;
	case CLI_OPT_YEAR:
		p->year = arg;
		return 1;
	case CLI_OPT_SINCE:
		p->since = arg;
		return 1;
	case CLI_OPT_UNTIL:
		p->until = arg;
		return 1;
	}
	return 0;
}

int cli_period(const struct cli *c, grid_period *out, const char *week, const char *month, const char *since,
	const char *until, int weekly)
{
	struct cli_period_args p = { week, month, NULL, NULL, since, until };

	return cli_period_of(c, out, &p, weekly);
}

/* The period of the one option given in P into *OUT: GRID_OK, or the
 * library's error; 1 when none was given. */
static int period_given(const struct cli *c, grid_period *out, const struct cli_period_args *p)
{
	if (p->week)
		return grid_period_week(out, p->week, c->now);
	if (p->month)
		return grid_period_month(out, p->month, c->now);
	if (p->quarter)
		return grid_period_quarter(out, p->quarter, c->now);
	if (p->year)
		return grid_period_year(out, p->year, c->now);
	if (p->since || p->until)
		return grid_period_range(out, p->since, p->until, c->now);
	return 1;
}

int cli_period_of(const struct cli *c, grid_period *out, const struct cli_period_args *p, int weekly)
{
	int given = (p->week != NULL) + (p->month != NULL) + (p->quarter != NULL) + (p->year != NULL) +
		(p->since != NULL || p->until != NULL);
	int rc;

	if (given > 1)
		return cli_usage_error(c, _("give one period: --week, --month, --quarter, --year, or --since with --until"));
	if ((p->since != NULL) != (p->until != NULL))
		return cli_usage_error(c, _("--since and --until go together"));
	if ((rc = period_given(c, out, p)) == 1) {
		if (weekly)
			grid_period_last_week(out, c->now);
		else
			grid_period_last_month(out, c->now);
		return 0;
	}
	if (rc) {
		cli_error("%s: %s", c->command, cli_errmsg());
		return EXIT_USAGE;
	}
	return 0;
}
