/* grid init: create the database, or upgrade an older schema; the OS user
 * (on a database server, the session's user) becomes the first admin.
 * With --group a database file is the office's: owned by an
 * operating-system group its staff belong to.  With --roles a PostgreSQL
 * database enforces the rules itself: group roles, grants and row-level
 * security. */
#include <grp.h>

#include "cli.h"

static void print_init_outcome(const struct cli *c, int found, int created, const char *admin)
{
	if (found == 0)
		fprintf(stderr, _("grid: created database %s (schema %d)\n"), c->db_path, grid_schema_version());
	else if (found < grid_schema_version())
		fprintf(stderr, _("grid: upgraded database %s from schema %d to %d\n"), c->db_path, found,
			grid_schema_version());
	else
		fprintf(stderr, _("grid: database %s is up to date (schema %d)\n"), c->db_path, found);
	if (created)
		fprintf(stderr, _("grid: '%s' is the first admin\n"), admin);
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

/* Make the server enforce the rules (--roles) and say how staff join. */
static int create_roles(struct cli *c)
{
	int rc = grid_db_create_roles(c->db);

	if (rc == GRID_EUSAGE)
		return cli_usage_error(c, _("--roles is for a PostgreSQL database; a SQLite database file is shared "
			"with the staff through an operating-system group: grid init --group NAME"));
	if (rc)
		return cli_fail(rc);
	if (!c->quiet)
		fprintf(stderr, _("grid: database %s enforces the rules itself (group roles grid_admin, grid_leader, "
			"grid_staff, grid_viewer, grid_system): give each member of staff a login role in one of them, "
			"'CREATE ROLE NAME LOGIN IN ROLE grid_staff', and a person with that login (grid-init(1))\n"),
			c->db_path);
	return EXIT_OK;
}

static int cmd_init(struct cli *c, int argc, char **argv)
{
	enum { O_GROUP = 1, O_ROLES };
	static const struct cli_opt opts[] = {
		{ "group", 0, ARG_REQUIRED, O_GROUP },
		{ "roles", 0, ARG_NONE, O_ROLES },
		{ NULL, 0, ARG_NONE, 0 },
	};
	struct cli_args it;
	const struct group *gr = NULL;
	const char *arg, *group = NULL;
	int opt, rc, created = 0, made, roles = 0;
	int found;

	cli_args_init(&it, c, argc, argv, opts);
	while ((opt = cli_next(&it, &arg)) > 0) {
		if (opt == O_GROUP)
			group = arg;
		else if (opt == O_ROLES)
			roles = 1;
	}
	if ((rc = cli_args_done(&it, opt)) >= 0)
		return rc;
	if ((rc = cli_setup(c)) || (rc = cli_want_positional(&it, 0, "")))
		return rc;
	if (group && roles)
		return cli_usage_error(c, _("--group and --roles do not go together: --group shares a SQLite database "
			"file, --roles makes a PostgreSQL server enforce the rules"));
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
	/* On a server the first admin is the session's user. */
	if ((rc = grid_db_set_login(c->db, cli_os_login())))
		return cli_fail(rc);
	if (!c->quiet)
		print_init_outcome(c, found, created, grid_db_login(c->db));
	if (roles)
		return create_roles(c);
	return gr ? share_database(c, group, (unsigned)gr->gr_gid) : EXIT_OK;
}

const struct cli_verb cli_init_verbs[] = {
	{ NULL, cmd_init, 0, "grid init [--group NAME | --roles]", N_("Create the database, or upgrade an older schema; the OS user becomes the first admin.") },
	{ NULL, NULL, 0, NULL, NULL },
};
