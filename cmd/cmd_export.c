/* grid export: the roster back in the import format, YAML or JSON. */
#include "cli.h"

static int cmd_export(struct cli *c, int argc, char **argv)
{
	struct cli_args it;
	int rc;

	if ((rc = cli_args_none(&it, c, argc, argv)) >= 0)
		return rc;
	if ((rc = cli_setup(c)) || (rc = cli_want_positional(&it, 0, "")))
		return rc;
	rc = grid_roster_export(c->db, c->format == FMT_JSON ? GRID_EXPORT_JSON : GRID_EXPORT_YAML, stdout);
	return rc ? cli_fail(rc) : EXIT_OK;
}

const struct cli_verb cli_export_verbs[] = {
	{ NULL, cmd_export, CLI_NEED_DB | CLI_EXPORT_FORMATS, "grid export [--format yaml|json]",
	  N_("Write the roster back in the import format.") },
	{ NULL, NULL, 0, NULL, NULL },
};
