/* grid init: create the database, or upgrade an older schema; the OS user
 * becomes the first admin. */
#include "cli.h"

static void print_init_outcome(const struct cli *c, int found, int created)
{
	if (found == 0)
		fprintf(stderr, _("grid: created database %s (schema %d)\n"), c->db_path, grid_schema_version());
	else if (found < grid_schema_version())
		fprintf(stderr, _("grid: upgraded database %s from schema %d to %d\n"), c->db_path, found,
			grid_schema_version());
	else
		fprintf(stderr, _("grid: database %s is up to date (schema %d)\n"), c->db_path, found);
	if (created)
		fprintf(stderr, _("grid: '%s' is the first admin\n"), cli_os_login());
}

static int cmd_init(struct cli *c, int argc, char **argv)
{
	struct cli_args it;
	int rc, created = 0;
	int found;

	if ((rc = cli_args_none(&it, c, argc, argv)) >= 0)
		return rc;
	if ((rc = cli_setup(c)) || (rc = cli_want_positional(&it, 0, "")))
		return rc;
	/* Not the setup's opening: init creates and migrates. */
	if ((rc = grid_db_open(&c->db, c->db_path, GRID_OPEN_CREATE | GRID_OPEN_MIGRATE)))
		return cli_fail(rc);
	found = grid_db_schema_found(c->db);
	if ((rc = grid_db_ensure_admin(c->db, cli_os_login(), &created)))
		return cli_fail(rc);
	if (!c->quiet)
		print_init_outcome(c, found, created);
	return EXIT_OK;
}

const struct cli_verb cli_init_verbs[] = {
	{ NULL, cmd_init, 0, "grid init", N_("Create the database, or upgrade an older schema; the OS user becomes the first admin.") },
	{ NULL, NULL, 0, NULL, NULL },
};
