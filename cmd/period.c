/* The period options --week, --month, --since and --until of the
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
	int given = (week != NULL) + (month != NULL) + (since != NULL || until != NULL);
	int rc;

	if (given > 1)
		return cli_usage_error(c, _("give one period: --week, --month, or --since with --until"));
	if (week)
		rc = grid_period_week(out, week, c->now);
	else if (month)
		rc = grid_period_month(out, month, c->now);
	else if (since || until) {
		if (!since || !until)
			return cli_usage_error(c, _("--since and --until go together"));
		rc = grid_period_range(out, since, until, c->now);
	} else {
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

int cli_period_of(const struct cli *c, grid_period *out, const struct cli_period_args *p, int weekly)
{
	return cli_period(c, out, p->week, p->month, p->since, p->until, weekly);
}
