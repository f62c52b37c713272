/* grid backup FILE and grid restore FILE: the database into a file while
 * writers go on, and back (grid-backup(1)). */
#include "cli.h"

/* The failure RC of a backup or restore into the file or database
 * TARGET: a refusal to replace it names the option that would (a
 * server's database is never replaced). */
static int backup_fail(int rc, const char *target)
{
	if (rc != GRID_ECONFLICT || grid_db_is_server(target))
		return cli_fail(rc);
	cli_error(_("%s (use --force to replace it)"), cli_errmsg());
	return EXIT_CONFLICT;
}

/* Read FILE and --force; -1 to go on, else the exit status (0 after
 * --help). */
static int backup_args(struct cli *c, int argc, char **argv, unsigned *flags, const char **file)
{
	enum { OPT_FORCE = 1 };
	static const struct cli_opt opts[] = {
		{ "force", 'f', ARG_NONE, OPT_FORCE },
		{ NULL, 0, ARG_NONE, 0 },
	};
	struct cli_args it;
	const char *arg;
	int id, rc;

	*flags = 0;
	cli_args_init(&it, c, argc, argv, opts);
	while ((id = cli_next(&it, &arg)) > 0)
		if (id == OPT_FORCE)
			*flags |= GRID_BACKUP_FORCE;
	if ((rc = cli_args_done(&it, id)) >= 0)
		return rc;
	if ((rc = cli_setup(c)) || (rc = cli_want_positional(&it, 1, "FILE")))
		return rc;
	*file = it.pos[0];
	return -1;
}

static int cmd_backup(struct cli *c, int argc, char **argv)
{
	const char *file;
	unsigned flags;
	int rc;

	if ((rc = backup_args(c, argc, argv, &flags, &file)) >= 0)
		return rc;
	if ((rc = grid_db_backup(c->db_path, file, flags)))
		return backup_fail(rc, file);
	if (!c->quiet)
		fprintf(stderr, _("grid: backed up %s into %s\n"), c->db_path, file);
	return EXIT_OK;
}

static int cmd_restore(struct cli *c, int argc, char **argv)
{
	const char *file;
	unsigned flags;
	int rc;

	if ((rc = backup_args(c, argc, argv, &flags, &file)) >= 0)
		return rc;
	if ((rc = grid_db_restore(file, c->db_path, flags)))
		return backup_fail(rc, c->db_path);
	if (!c->quiet)
		fprintf(stderr, _("grid: restored %s from %s\n"), c->db_path, file);
	return EXIT_OK;
}

const struct cli_verb cli_backup_verbs[] = {
	{ NULL, cmd_backup, 0, "grid backup FILE [--force]",
	  N_("Copy the database into the new file FILE (mode 0600) while others go on writing.") },
	{ NULL, NULL, 0, NULL, NULL },
};

const struct cli_verb cli_restore_verbs[] = {
	{ NULL, cmd_restore, 0, "grid restore FILE [--force]",
	  N_("Make the database what the backup FILE holds; --force replaces units and cases it holds.") },
	{ NULL, NULL, 0, NULL, NULL },
};
