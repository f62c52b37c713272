/* grid: the command-line tool over libgrid.
 *
 * main() reads the global options, finds the noun and verb in the tables
 * below, runs the verb, and turns the outcome into an exit status.  After
 * every command stdout is flushed and checked, so that a closed pipe or a
 * full disk is an error rather than silent truncation (git's habit). */
#include <errno.h>
#include <locale.h>
#include <pwd.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "config.h"

const struct cli_noun cli_nouns[] = {
	{ "init", cli_init_verbs, N_("create or upgrade the database") },
	{ "import", cli_import_verbs, N_("load a roster from YAML") },
	{ "export", cli_export_verbs, N_("write the roster as YAML or JSON") },
	{ "unit", cli_unit_verbs, N_("the unit tree") },
	{ "person", cli_person_verbs, N_("people") },
	{ "who", cli_who_verbs, N_("who is responsible for a unit") },
	{ "issue", cli_issue_verbs, N_("report, list and show issues") },
	{ "case", cli_case_verbs, N_("move a case through its workflow") },
	{ "visit", cli_visit_verbs, N_("household visits") },
	{ "log", cli_log_verbs, N_("duty diaries and their spot checks") },
	{ "stats", cli_stats_verbs, N_("closure, on-time, rework and other statistics") },
	{ "rank", cli_rank_verbs, N_("rank the units of a level") },
	{ "report", cli_report_verbs, N_("the weekly or monthly notice") },
	{ "help", cli_help_verbs, N_("show the manual page of a command") },
	{ "completion", cli_completion_verbs, N_("print a shell completion script") },
	{ NULL, NULL, NULL },
};

static void print_overview(FILE *f)
{
	const struct cli_noun *n;

	fprintf(f, "%s: grid [--db PATH] [--as ID] [--now TIME] [-q] COMMAND [ARGS]\n", _("usage"));
	fprintf(f, "       grid --help | --version\n\n%s\n", _("Grid-based community management (网格化管理)."));
	fprintf(f, "\n%s\n", _("Commands:"));
	for (n = cli_nouns; n->name; n++)
		fprintf(f, "  %-11s %s\n", n->name, _(n->summary));
	fprintf(f, "\n%s\n", _("Run 'grid COMMAND --help' for a command's options, 'grid help COMMAND' for its manual."));
}

static void print_noun_usage(const struct cli_noun *n, FILE *f)
{
	const struct cli_verb *v;
	int width = 0;

	for (v = n->verbs; v->name; v++)
		if ((int)strlen(v->name) > width)
			width = (int)strlen(v->name);
	fprintf(f, "%s: grid %s VERB [OPTIONS]\n\n%s\n", _("usage"), n->name, _("Verbs:"));
	for (v = n->verbs; v->name; v++)
		fprintf(f, "  %-*s  %s\n", width, v->name, _(v->summary));
}

static const char *default_db_path(void)
{
	static char path[4096];
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");

	if (xdg && *xdg)
		snprintf(path, sizeof(path), "%s/grid/grid.db", xdg);
	else if (home && *home)
		snprintf(path, sizeof(path), "%s/.local/share/grid/grid.db", home);
	else
		snprintf(path, sizeof(path), "grid.db");
	return path;
}

/* The OS user name: the login that `grid init` makes the first admin and
 * that picks the actor when neither --as nor GRID_ACTOR is given. */
static const char *os_login(void)
{
	struct passwd *pw = getpwuid(geteuid());
	const char *user;

	if (pw && pw->pw_name && *pw->pw_name)
		return pw->pw_name;
	user = getenv("USER");
	return user && *user ? user : "root";
}

/* glibc takes an unknown zone name for UTC without a word; say so, since
 * every period boundary would move. */
static void check_timezone(const struct cli *c, const char *tz)
{
	char path[512];
	const char *dir = getenv("TZDIR");

	if (!tz || !*tz || tz[0] == ':' || !strchr(tz, '/'))
		return; /* empty, a file path, or a POSIX rule such as CST-8 */
	snprintf(path, sizeof(path), "%s/%s", dir && *dir ? dir : "/usr/share/zoneinfo", tz);
	if (access(path, R_OK) != 0)
		cli_warn(c, _("unknown time zone '%s': times are computed in UTC"), tz);
}

/* Take the time zone from the database's settings unless TZ is set. */
static int apply_timezone_setting(struct cli *c)
{
	char *tz = NULL;
	int rc;

	if (getenv("TZ")) {
		check_timezone(c, getenv("TZ"));
		return 0;
	}
	if ((rc = grid_setting_get(c->db, "timezone", &tz)))
		return cli_fail(rc);
	if (tz) {
		check_timezone(c, tz);
		setenv("TZ", tz, 1);
		tzset();
	}
	grid_free(tz);
	return 0;
}

static int open_database(struct cli *c, unsigned flags)
{
	const char *busy = getenv("GRID_BUSY_TIMEOUT");
	int rc = grid_db_open(&c->db, c->db_path, flags);

	if (rc)
		return cli_fail(rc);
	if (busy && *busy)
		grid_db_set_busy_timeout(c->db, atoi(busy));
	return apply_timezone_setting(c);
}

static int pick_actor(struct cli *c)
{
	int rc;

	if (c->as) {
		rc = grid_db_set_actor(c->db, c->as);
		if (rc == GRID_ENOTFOUND) {
			cli_error(_("unknown person '%s' given with --as or GRID_ACTOR"), c->as);
			return EXIT_NOTFOUND;
		}
	} else {
		rc = grid_db_set_actor_login(c->db, os_login());
	}
	return rc ? cli_fail(rc) : 0;
}

int cli_setup(struct cli *c)
{
	int64_t now;
	int rc;

	if (c->verb->flags & CLI_NEED_DB && !c->db) {
		if ((rc = open_database(c, 0)))
			return rc;
	}
	if (c->now_text) {
		if (grid_time_parse(&now, c->now_text)) {
			cli_error("%s: %s", c->now_from_env ? "GRID_NOW" : "--now", grid_errmsg());
			return EXIT_USAGE;
		}
		c->now = now;
	} else {
		c->now = (int64_t)time(NULL);
	}
	if (!c->db)
		return 0;
	grid_db_set_now(c->db, c->now);
	return pick_actor(c);
}

/* `grid init`: lives here because it is setup, not a noun of the domain. */
static int cmd_init(struct cli *c, int argc, char **argv)
{
	struct cli_args it;
	const char *arg;
	int id, rc, created = 0;
	int found;

	cli_args_init(&it, c, argc, argv, NULL);
	while ((id = cli_next(&it, &arg)) > 0)
		;
	if ((rc = cli_args_done(&it, id)) >= 0)
		return rc;
	if ((rc = cli_want_positional(&it, 0, "")))
		return rc;
	if ((rc = grid_db_open(&c->db, c->db_path, GRID_OPEN_CREATE | GRID_OPEN_MIGRATE)))
		return cli_fail(rc);
	found = grid_db_schema_found(c->db);
	if ((rc = grid_db_ensure_admin(c->db, os_login(), &created)))
		return cli_fail(rc);
	if (c->quiet)
		return EXIT_OK;
	if (found == 0)
		fprintf(stderr, _("grid: created database %s (schema %d)\n"), c->db_path, grid_schema_version());
	else if (found < grid_schema_version())
		fprintf(stderr, _("grid: upgraded database %s from schema %d to %d\n"), c->db_path, found,
			grid_schema_version());
	else
		fprintf(stderr, _("grid: database %s is up to date (schema %d)\n"), c->db_path, found);
	if (created)
		fprintf(stderr, _("grid: '%s' is the first admin\n"), os_login());
	return EXIT_OK;
}

const struct cli_verb cli_init_verbs[] = {
	{ NULL, cmd_init, 0, "grid init", N_("Create the database, or upgrade an older schema; the OS user becomes the first admin.") },
	{ NULL, NULL, 0, NULL, NULL },
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

/* Global options before the noun.  Returns the index of the noun, or a
 * negative exit status. */
static int read_global_options(struct cli *c, int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char **slot = NULL;

		if (a[0] != '-')
			return i;
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			print_overview(stdout);
			return -EXIT_OK - 100;
		}
		if (strcmp(a, "--version") == 0) {
			printf("grid %s (libgrid %s, schema %d)\n", GRID_VERSION, grid_version(), grid_schema_version());
			return -EXIT_OK - 100;
		}
		if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
			c->quiet = 1;
			c->progress = 0;
			continue;
		}
		if (strcmp(a, "--db") == 0)
			slot = &c->db_path;
		else if (strcmp(a, "--as") == 0)
			slot = &c->as;
		else if (strcmp(a, "--now") == 0) {
			slot = &c->now_text;
			c->now_from_env = 0;
		}
		if (slot) {
			if (i + 1 >= argc) {
				cli_error(_("option '%s' needs a value"), a);
				return -EXIT_USAGE;
			}
			*slot = argv[++i];
			continue;
		}
		if (strncmp(a, "--db=", 5) == 0)
			c->db_path = a + 5;
		else if (strncmp(a, "--as=", 5) == 0)
			c->as = a + 5;
		else if (strncmp(a, "--now=", 6) == 0) {
			c->now_text = a + 6;
			c->now_from_env = 0;
		}
		else {
			cli_error(_("unknown option '%s' (see 'grid --help')"), a);
			return -EXIT_USAGE;
		}
	}
	cli_error(_("no command given (see 'grid --help')"));
	return -EXIT_USAGE;
}

static int run(struct cli *c, int argc, char **argv)
{
	static char command[64];
	const struct cli_noun *noun;
	const struct cli_verb *verb;
	int i = read_global_options(c, argc, argv);

	if (i == -EXIT_OK - 100)
		return EXIT_OK;
	if (i < 0)
		return -i;
	if (!(noun = find_noun(argv[i]))) {
		cli_error(_("unknown command '%s' (see 'grid --help')"), argv[i]);
		return EXIT_USAGE;
	}
	if (!noun->verbs[0].name) {
		verb = &noun->verbs[0];
		snprintf(command, sizeof(command), "%s", noun->name);
	} else {
		if (i + 1 >= argc) {
			cli_error(_("'grid %s' needs a verb (see 'grid %s --help')"), noun->name, noun->name);
			return EXIT_USAGE;
		}
		if (strcmp(argv[i + 1], "--help") == 0 || strcmp(argv[i + 1], "-h") == 0) {
			print_noun_usage(noun, stdout);
			return EXIT_OK;
		}
		if (!(verb = find_verb(noun, argv[i + 1]))) {
			cli_error(_("unknown verb '%s' for '%s' (see 'grid %s --help')"), argv[i + 1], noun->name,
				noun->name);
			return EXIT_USAGE;
		}
		snprintf(command, sizeof(command), "%s %s", noun->name, verb->name);
		i++;
	}
	c->verb = verb;
	c->command = command;
	return verb->run(c, argc - i, argv + i);
}

int main(int argc, char **argv)
{
	struct cli c;
	const char *no_color = getenv("NO_COLOR");
	int status;

	/* Write errors are reported by the checks on stdout, not by a signal. */
	signal(SIGPIPE, SIG_IGN);
	setlocale(LC_ALL, "");
	/* Messages follow the locale; numbers in every format keep the '.'. */
	setlocale(LC_NUMERIC, "C");
	bindtextdomain(GETTEXT_PACKAGE, getenv("GRID_LOCALEDIR") ? getenv("GRID_LOCALEDIR") : GRID_LOCALEDIR);
	bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
	textdomain(GETTEXT_PACKAGE);

	memset(&c, 0, sizeof(c));
	c.db_path = getenv("GRID_DB");
	if (!c.db_path || !*c.db_path)
		c.db_path = default_db_path();
	c.as = getenv("GRID_ACTOR");
	if (c.as && !*c.as)
		c.as = NULL;
	c.now_text = getenv("GRID_NOW");
	if (c.now_text && !*c.now_text)
		c.now_text = NULL;
	c.now_from_env = c.now_text != NULL;
	c.color = isatty(STDOUT_FILENO) && !(no_color && *no_color);
	c.progress = isatty(STDERR_FILENO);
	c.posbuf = calloc((size_t)argc + 1, sizeof(char *));
	if (!c.posbuf) {
		cli_error("out of memory");
		return EXIT_FAIL;
	}

	status = run(&c, argc, argv);

	errno = 0;
	if (fflush(stdout) != 0 || ferror(stdout)) {
		/* A reader that went away (| head) needs no message; a full disk does. */
		if (status == EXIT_OK && errno != EPIPE)
			cli_error(_("cannot write the output: %s"), strerror(errno ? errno : EIO));
		if (status == EXIT_OK)
			status = EXIT_FAIL;
	}
	grid_db_close(c.db);
	free(c.posbuf);
	return status;
}
