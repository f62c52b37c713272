/* grid: the command-line tool over libgrid.
 *
 * main() reads the global options, finds the noun and verb in the command
 * table below, runs the verb, and turns the outcome into an exit status.
 * After every command stdout is flushed and checked, so that a closed pipe
 * or a full disk is an error rather than silent truncation (git's habit). */
#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "config.h"

/* The command table: each noun with its verbs (run function, setup flags,
 * usage and summary), the verb tables standing beside their code in
 * cmd_NOUN.c. */
const struct cli_noun cli_nouns[] = {
	{ "init", cli_init_verbs, N_("create or upgrade the database") },
	{ "doctor", cli_doctor_verbs, N_("check the database's modes, owners and journal") },
	{ "import", cli_import_verbs, N_("load a roster from YAML") },
	{ "export", cli_export_verbs, N_("write the roster as YAML or JSON") },
	{ "unit", cli_unit_verbs, N_("the unit tree") },
	{ "person", cli_person_verbs, N_("people") },
	{ "who", cli_who_verbs, N_("who is responsible for a unit") },
	{ "issue", cli_issue_verbs, N_("report, list and show issues") },
	{ "case", cli_case_verbs, N_("move a case through its workflow") },
	{ "visit", cli_visit_verbs, N_("household visits") },
	{ "log", cli_log_verbs, N_("duty diaries and their spot checks") },
	{ "open311", cli_open311_verbs, N_("the cases as Open311 GeoReport v2 documents") },
	{ "stats", cli_stats_verbs, N_("closure, on-time, rework and other statistics") },
	{ "rank", cli_rank_verbs, N_("rank the units of a level") },
	{ "eval", cli_eval_verbs, N_("the yearly evaluation of teams and grid workers") },
	{ "project", cli_project_verbs, N_("key projects, their milestones and counts") },
	{ "target", cli_target_verbs, N_("the year's targets against the schedule") },
	{ "report", cli_report_verbs, N_("the weekly or monthly notice") },
	{ "verify", cli_verify_verbs, N_("check that the history was not changed out of band") },
	{ "db", cli_db_verbs, N_("copy a whole database into another") },
	{ "backup", cli_backup_verbs, N_("copy the database into a file while others write") },
	{ "restore", cli_restore_verbs, N_("make the database a backup's") },
	{ "help", cli_help_verbs, N_("show the manual page of a command") },
	{ "completion", cli_completion_verbs, N_("print a shell completion script") },
	{ NULL, NULL, NULL },
};

static const struct cli_noun *find_noun(const char *name)
{
	const struct cli_noun *n;

	for (n = cli_nouns; n->name; n++)
		if (strcmp(n->name, name) == 0)
			return n;
	return NULL;
}

static const struct cli_verb *find_verb(const struct cli_noun *n, const char *name)
{
	const struct cli_verb *v;

	for (v = n->verbs; v->name; v++)
		if (strcmp(v->name, name) == 0)
			return v;
	return NULL;
}

/* Read the global options before the noun.  Returns the index of the
 * noun, or -1 with *status the exit status (--help, --version, errors). */
static int read_global_options(struct cli *c, int argc, char **argv, int *status)
{
	struct cli_args it;
	const char *arg;
	int id;

	cli_args_init_global(&it, c, argc, argv);
	while ((id = cli_next(&it, &arg)) > 0)
		;
	*status = EXIT_OK;
	switch (id) {
	case CLI_HELP:
		cli_print_overview(stdout);
		return -1;
	case CLI_VERSION:
		printf("grid %s (libgrid %s, schema %d)\n", GRID_VERSION, grid_version(), grid_schema_version());
		return -1;
	case CLI_ERROR:
		*status = EXIT_USAGE;
		return -1;
	}
	if (it.i >= argc) {
		cli_error(_("no command given (see 'grid --help')"));
		*status = EXIT_USAGE;
		return -1;
	}
	return it.i;
}

/* The verb of NOUN named at ARGV[*i] (none for a noun without verbs),
 * *i moved onto it; NULL with *status the exit status otherwise. */
static const struct cli_verb *pick_verb(const struct cli_noun *noun, int argc, char **argv, int *i, int *status)
{
	const struct cli_verb *verb;
	const char *name;

	if (!noun->verbs[0].name)
		return &noun->verbs[0];
	if (*i + 1 >= argc) {
		cli_error(_("'grid %s' needs a verb (see 'grid %s --help')"), noun->name, noun->name);
		*status = EXIT_USAGE;
		return NULL;
	}
	name = argv[*i + 1];
	if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) {
		cli_print_noun_usage(noun, stdout);
		*status = EXIT_OK;
		return NULL;
	}
	if (!(verb = find_verb(noun, name))) {
		cli_error(_("unknown verb '%s' for '%s' (see 'grid %s --help')"), name, noun->name, noun->name);
		*status = EXIT_USAGE;
		return NULL;
	}
	(*i)++;
	return verb;
}

static int run(struct cli *c, int argc, char **argv)
{
	static char command[64];
	const struct cli_noun *noun;
	const struct cli_verb *verb;
	int i, status;

	if ((i = read_global_options(c, argc, argv, &status)) < 0)
		return status;
	if (!(noun = find_noun(argv[i]))) {
		cli_error(_("unknown command '%s' (see 'grid --help')"), argv[i]);
		return EXIT_USAGE;
	}
	if (!(verb = pick_verb(noun, argc, argv, &i, &status)))
		return status;
	if (verb->name)
		snprintf(command, sizeof(command), "%s %s", noun->name, verb->name);
	else
		snprintf(command, sizeof(command), "%s", noun->name);
	c->verb = verb;
	c->command = command;
	/* The verb reads its options, then calls cli_setup(), then works. */
	return verb->run(c, argc - i, argv + i);
}

int main(int argc, char **argv)
{
	struct cli c;
	int status;

	/* Write errors are reported by the checks on stdout, not by a signal. */
	signal(SIGPIPE, SIG_IGN);
	setlocale(LC_ALL, "");
	/* Messages follow the locale; numbers in every format keep the '.'. */
	setlocale(LC_NUMERIC, "C");
	bindtextdomain(GETTEXT_PACKAGE, getenv("GRID_LOCALEDIR") ? getenv("GRID_LOCALEDIR") : GRID_LOCALEDIR);
	bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
	textdomain(GETTEXT_PACKAGE);

	if ((status = cli_init(&c, argc)))
		return status;
	status = run(&c, argc, argv);

	errno = 0;
	if (fflush(stdout) != 0 || ferror(stdout)) {
		/* A reader that went away (| head) needs no message; a full disk does. */
		if (status == EXIT_OK && errno != EPIPE)
			cli_error(_("cannot write the output: %s"), strerror(errno ? errno : EIO));
		if (status == EXIT_OK)
			status = EXIT_FAIL;
	}
	/* After the output: a hook's lines follow grid's, and only a command
	 * that succeeded committed anything. */
	if (status == EXIT_OK)
		cli_hooks_run(&c);
	grid_db_close(c.db);
	free(c.hooks);
	free(c.posbuf);
	return status;
}
