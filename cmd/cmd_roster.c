/* grid import, export, unit, person, who: the roster. */
#include <string.h>

#include "cli.h"
#include "stub.h"

static const struct out_col unit_cols[] = {
	{ "code", N_("CODE"), OUT_STR },
	{ "name", N_("NAME"), OUT_STR },
	{ "level", N_("LEVEL"), OUT_STR },
	{ "parent", N_("PARENT"), OUT_STR },
	{ "households", N_("HOUSEHOLDS"), OUT_INT },
	{ "population", N_("POPULATION"), OUT_INT },
};

static int print_unit(void *ctx, const grid_unit *u)
{
	struct out_val v[6];

	v[0] = out_str(u->code);
	v[1] = out_str(u->name);
	v[2] = out_str(u->level);
	v[3] = out_str(u->parent);
	v[4] = u->households < 0 ? out_null() : out_int(u->households);
	v[5] = u->population < 0 ? out_null() : out_int(u->population);
	out_row(ctx, v);
	return 0;
}

static int cmd_unit_list(struct cli *c, int argc, char **argv)
{
	enum { OPT_LEVEL = 1, OPT_UNDER };
	static const struct cli_opt opts[] = {
		{ "level", 0, ARG_REQUIRED, OPT_LEVEL },
		{ "under", 0, ARG_REQUIRED, OPT_UNDER },
		{ NULL, 0, ARG_NONE, 0 },
	};
	grid_unit_filter filter = GRID_UNIT_FILTER_INIT;
	struct cli_args it;
	struct out *o;
	const char *arg;
	int id, rc;

	cli_args_init(&it, c, argc, argv, opts);
	while ((id = cli_next(&it, &arg)) > 0) {
		if (id == OPT_LEVEL)
			filter.level = arg;
		else if (id == OPT_UNDER)
			filter.under = arg;
	}
	if ((rc = cli_args_done(&it, id)) >= 0)
		return rc;
	if ((rc = cli_want_positional(&it, 0, "")))
		return rc;
	o = out_begin(c, unit_cols, sizeof(unit_cols) / sizeof(unit_cols[0]));
	if (!o)
		return out_end(o);
	rc = grid_unit_list(c->db, &filter, print_unit, o);
	if (rc) {
		out_end(o);
		return cli_fail(rc);
	}
	return out_end(o);
}

const struct cli_verb cli_import_verbs[] = {
	{ NULL, cli_not_implemented, CLI_NEED_DB, "grid import FILE|- [--dry-run] [--prune]",
	  N_("Load levels, categories, departments, units, people, assignments and settings from YAML.") },
	{ NULL, NULL, 0, NULL, NULL },
};

const struct cli_verb cli_export_verbs[] = {
	{ NULL, cli_not_implemented, CLI_NEED_DB | CLI_EXPORT_FORMATS, "grid export [--format yaml|json]",
	  N_("Write the roster back in the import format.") },
	{ NULL, NULL, 0, NULL, NULL },
};

const struct cli_verb cli_unit_verbs[] = {
	{ "list", cmd_unit_list, CLI_NEED_DB | CLI_FORMATS, "grid unit list [--level LEVEL] [--under CODE] [--format FMT]",
	  N_("List units in tree order.") },
	{ "show", cli_not_implemented, CLI_NEED_DB | CLI_FORMATS, "grid unit show CODE [--format FMT]",
	  N_("Show one unit.") },
	{ "tree", cli_not_implemented, CLI_NEED_DB | CLI_FORMATS, "grid unit tree [CODE] [--format FMT]",
	  N_("Draw the unit tree.") },
	{ NULL, NULL, 0, NULL, NULL },
};

const struct cli_verb cli_person_verbs[] = {
	{ "list", cli_not_implemented, CLI_NEED_DB | CLI_FORMATS, "grid person list [--unit CODE] [--role ROLE] [--format FMT]",
	  N_("List people.") },
	{ "show", cli_not_implemented, CLI_NEED_DB | CLI_FORMATS, "grid person show ID [--format FMT]",
	  N_("Show one person and their assignments.") },
	{ NULL, NULL, 0, NULL, NULL },
};

const struct cli_verb cli_who_verbs[] = {
	{ NULL, cli_not_implemented, CLI_NEED_DB | CLI_FORMATS, "grid who CODE [--format FMT]",
	  N_("The responsibility chain of a unit: every assignment on it and its ancestors, nearest first.") },
	{ NULL, NULL, 0, NULL, NULL },
};
