/* grid visit and grid log: household visits and duty diaries. */
#include "cli.h"
#include "stub.h"

int cmd_stats_visits(struct cli *c, int argc, char **argv)
{
	return cli_not_implemented(c, argc, argv);
}

int cmd_stats_diary(struct cli *c, int argc, char **argv)
{
	return cli_not_implemented(c, argc, argv);
}

const struct cli_verb cli_visit_verbs[] = {
	{ "add", cli_not_implemented, CLI_NEED_DB, "grid visit add --unit CODE --household H [--by ID] [--at TIME] [--note TEXT]", N_("Record a household visit; prints its id.") },
	{ "import", cli_not_implemented, CLI_NEED_DB, "grid visit import FILE.csv|- [--dry-run]", N_("Load visits from CSV, all or nothing.") },
	{ "list", cli_not_implemented, CLI_NEED_DB | CLI_FORMATS, "grid visit list [--unit CODE] [--since T] [--until T] [--by ID] [--limit N] [--format FMT]", N_("List visits.") },
	{ NULL, NULL, 0, NULL, NULL },
};

const struct cli_verb cli_log_verbs[] = {
	{ "add", cli_not_implemented, CLI_NEED_DB, "grid log add --unit CODE --text TEXT [--by ID] [--date DATE] [--replace]", N_("Write a duty diary entry; prints its id.") },
	{ "list", cli_not_implemented, CLI_NEED_DB | CLI_FORMATS, "grid log list [--unit CODE] [--by ID] [--since T] [--until T] [--month M] [--limit N] [--format FMT]", N_("List diary entries.") },
	{ "review", cli_not_implemented, CLI_NEED_DB, "grid log review ID --score 0..100 [--note TEXT]", N_("Score a diary entry.") },
	{ "sample", cli_not_implemented, CLI_NEED_DB | CLI_FORMATS, "grid log sample --month M [--per-person N] [--seed S] [--format FMT]", N_("Pick entries for the monthly spot check.") },
	{ NULL, NULL, 0, NULL, NULL },
};
