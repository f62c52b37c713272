/* grid init: create the database, or upgrade an older schema; the OS user
 * becomes the first admin.  With --group the database is the office's:
 * owned by an operating-system group its staff belong to. */
#include <grp.h>

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

/* Give the open database to GROUP (gid GID) and say how staff join it. */
static int share_database(struct cli *c, const char *group, unsigned gid)
{
	unsigned done;
	int rc;

	if ((rc = grid_db_share(c->db, gid, &done)))
		return cli_fail(rc);
	if (done & GRID_SHARE_FOLDER_LEFT)
		cli_warn(c, _("the folder of %s holds other files, so grid left its group and mode as they are: the -wal "
			"and -shm files SQLite makes there take each writer's own group; give the database a folder of its "
			"own"), c->db_path);
	if (!c->quiet)
		fprintf(stderr, _("grid: database %s is shared with group '%s': add staff with 'usermod -aG %s LOGIN' "
			"and give each a person with their login (grid-yaml(5))\n"), c->db_path, group, group);
	return EXIT_OK;
}

static int cmd_init(struct cli *c, int argc, char **argv)
{
	enum { O_GROUP = 1 };
	static const struct cli_opt opts[] = {
		{ "group", 0, ARG_REQUIRED, O_GROUP },
		{ NULL, 0, ARG_NONE, 0 },
	};
	struct cli_args it;
	const struct group *gr = NULL;
	const char *arg, *group = NULL;
	int opt, rc, created = 0, made;
	int found;

	cli_args_init(&it, c, argc, argv, opts);
	while ((opt = cli_next(&it, &arg)) > 0)
		if (opt == O_GROUP)
			group = arg;
	if ((rc = cli_args_done(&it, opt)) >= 0)
		return rc;
	if ((rc = cli_setup(c)) || (rc = cli_want_positional(&it, 0, "")))
		return rc;
	if (group && !(gr = getgrnam(group)))
		return cli_usage_error(c, _("unknown group '%s'"), group);
	/* A shared database is made group-owned from its first byte. */
	if (gr && (rc = grid_db_create_shared(c->db_path, (unsigned)gr->gr_gid, &made)))
		return cli_fail(rc);
	/* Not the setup's opening: init creates and migrates. */
	if ((rc = grid_db_open(&c->db, c->db_path, GRID_OPEN_CREATE | GRID_OPEN_MIGRATE)))
		return cli_fail(rc);
	found = grid_db_schema_found(c->db);
	if ((rc = grid_db_ensure_admin(c->db, cli_os_login(), &created)))
		return cli_fail(rc);
	if (!c->quiet)
		print_init_outcome(c, found, created);
	return gr ? share_database(c, group, (unsigned)gr->gr_gid) : EXIT_OK;
}

const struct cli_verb cli_init_verbs[] = {
	{ NULL, cmd_init, 0, "grid init [--group NAME]", N_("Create the database, or upgrade an older schema; the OS user becomes the first admin.") },
	{ NULL, NULL, 0, NULL, NULL },
};
