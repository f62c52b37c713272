/* What a command needs around its options: the defaults the environment
 * gives before they are read, and after them the setup step (cli_setup)
 * that opens the database, reads the clock and picks the actor. */
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

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

/* The value of environment variable NAME, or NULL when unset or empty. */
static const char *env_value(const char *name)
{
	const char *v = getenv(name);

	return v && *v ? v : NULL;
}

int cli_init(struct cli *c, int argc)
{
	memset(c, 0, sizeof(*c));
	c->db_path = env_value("GRID_DB");
	if (!c->db_path)
		c->db_path = default_db_path();
	c->as = env_value("GRID_ACTOR");
	c->now_text = env_value("GRID_NOW");
	c->now_from_env = c->now_text != NULL;
	c->color = isatty(STDOUT_FILENO) && !env_value("NO_COLOR");
	c->progress = isatty(STDERR_FILENO);
	c->posbuf = calloc((size_t)argc + 1, sizeof(char *));
	if (!c->posbuf) {
		cli_error("%s", _("out of memory"));
		return EXIT_FAIL;
	}
	return 0;
}

const char *cli_os_login(void)
{
	struct passwd *pw = getpwuid(geteuid());
	const char *user;

	if (pw && pw->pw_name && *pw->pw_name)
		return pw->pw_name;
	user = getenv("USER");
	return user && *user ? user : "root";
}

/* Open the database; the library takes the time zone from its settings
 * unless TZ is set, and a zone it does not know is said here, since every
 * period boundary would move. */
static int open_database(struct cli *c)
{
	const char *busy = getenv("GRID_BUSY_TIMEOUT");
	const char *tz;
	int rc = grid_db_open(&c->db, c->db_path, 0);
	int known;

	if (rc)
		return cli_fail(rc);
	if (busy && *busy)
		grid_db_set_busy_timeout(c->db, atoi(busy));
	tz = grid_timezone(&known);
	if (!known)
		cli_warn(c, _("unknown time zone '%s': times are computed in UTC"), tz);
	return 0;
}

/* The OS login is the real identity; --as or GRID_ACTOR names the person
 * acted for, which the library allows or refuses before any command runs,
 * so a forbidden --as reads nothing either. */
static int pick_actor(struct cli *c)
{
	int rc;

	if ((rc = grid_db_set_login(c->db, cli_os_login())))
		return cli_fail(rc);
	rc = grid_db_act(c->db, c->as);
	if (rc == GRID_ENOTFOUND && c->as) {
		cli_error(_("unknown person '%s' given with --as or GRID_ACTOR"), c->as);
		return EXIT_NOTFOUND;
	}
	return rc ? cli_fail(rc) : 0;
}

int cli_setup(struct cli *c)
{
	int64_t now;
	int rc;

	if (c->verb->flags & CLI_NEED_DB && !c->db) {
		if ((rc = open_database(c)))
			return rc;
	}
	if (c->now_text) {
		if (grid_time_parse(&now, c->now_text)) {
			cli_error("%s: %s", c->now_from_env ? "GRID_NOW" : "--now", cli_errmsg());
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
