/* grid stats and grid rank: the measures of domain.md. */
#include "cli.h"
#include "stub.h"

#define PERIOD_USAGE "[--week W | --month M | --since T --until T]"

const struct cli_verb cli_stats_verbs[] = {
	{ "closure", cli_not_implemented, CLI_NEED_DB | CLI_FORMATS, "grid stats closure [--by category|unit|level] [--unit CODE] " PERIOD_USAGE " [--format FMT]", N_("Found, resolved and closure rate.") },
	{ "ontime", cli_not_implemented, CLI_NEED_DB | CLI_FORMATS, "grid stats ontime [--by category|unit|level] [--unit CODE] " PERIOD_USAGE " [--format FMT]", N_("Due, resolved on time and on-time rate.") },
	{ "rework", cli_not_implemented, CLI_NEED_DB | CLI_FORMATS, "grid stats rework [--by category|unit|level] [--unit CODE] " PERIOD_USAGE " [--format FMT]", N_("Reopened cases over resolved ones.") },
	{ "escalation", cli_not_implemented, CLI_NEED_DB | CLI_FORMATS, "grid stats escalation [--by category|unit|level] [--unit CODE] " PERIOD_USAGE " [--format FMT]", N_("Where resolved cases were resolved: the level found, one up, two or more up.") },
	{ "overdue", cli_not_implemented, CLI_NEED_DB | CLI_FORMATS, "grid stats overdue [--by category|unit|level] [--unit CODE] " PERIOD_USAGE " [--format FMT]", N_("Open cases past their due time.") },
	{ "visits", cmd_stats_visits, CLI_NEED_DB | CLI_FORMATS, "grid stats visits [--unit CODE] " PERIOD_USAGE " [--format FMT]", N_("Households visited over households registered.") },
	{ "diary", cmd_stats_diary, CLI_NEED_DB | CLI_FORMATS, "grid stats diary [--by person|unit] [--unit CODE] " PERIOD_USAGE " [--format FMT]", N_("Diary compliance and mean review score.") },
	{ NULL, NULL, 0, NULL, NULL },
};

const struct cli_verb cli_rank_verbs[] = {
	{ NULL, cli_not_implemented, CLI_NEED_DB | CLI_FORMATS, "grid rank " PERIOD_USAGE " [--level LEVEL] [--under CODE] [--format FMT]", N_("Rank the units of a level by weighted score.") },
	{ NULL, NULL, 0, NULL, NULL },
};
