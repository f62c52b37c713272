/* grid help: show a manual page.
 *
 * It finds the page and hands it to man(1) or mandoc(1); nothing the user
 * types reaches a shell: the page name is looked up in the noun table and
 * the programs are started with posix_spawnp and an argument vector. */
#include <errno.h>
#include <langinfo.h>
#include <limits.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "config.h"

extern char **environ;

/* ---- grid help --------------------------------------------------------- */

/* Pages that document no command but are reached through `grid help`. */
static const struct {
	const char *topic;
	const char *page;
	int section;
} help_topics[] = {
	{ "hooks", "grid-hooks", 5 },
	{ "yaml", "grid-yaml", 5 },
	{ "metrics", "grid-metrics", 7 },
};

static int is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* The folder of the running binary, or "" when unknown. */
static void exe_dir(char *buf, size_t size)
{
	ssize_t n = readlink("/proc/self/exe", buf, size - 1);
	char *slash;

	if (n <= 0) {
		buf[0] = '\0';
		return;
	}
	buf[n] = '\0';
	slash = strrchr(buf, '/');
	if (slash)
		*slash = '\0';
	else
		buf[0] = '\0';
}

/* True when DIR lies inside the build tree this binary was built in. */
static int in_build_tree(const char *dir)
{
	char root[PATH_MAX];
	char *slash;
	size_t len;

	/* GRID_BUILD_LOCALEDIR is BUILDROOT/po. */
	snprintf(root, sizeof(root), "%s", GRID_BUILD_LOCALEDIR);
	slash = strrchr(root, '/');
	if (!slash)
		return 0;
	*slash = '\0';
	len = strlen(root);
	return len > 0 && strncmp(dir, root, len) == 0 && (dir[len] == '/' || dir[len] == '\0');
}

/* Find PAGE.SECTION: the source tree's man/ for a binary in the build tree;
 * else the installed manual, first beside the binary (PREFIX/bin/../share/man,
 * which also holds for a DESTDIR or relocated install), then GRID_MANDIR. */
static int find_page(char *out, size_t size, const char *page, int section)
{
	char dir[PATH_MAX];

	exe_dir(dir, sizeof(dir));
	if (*dir && in_build_tree(dir) &&
		(size_t)snprintf(out, size, "%s/%s.%d", GRID_SOURCE_MANDIR, page, section) < size && is_file(out))
		return 0;
	if (*dir && (size_t)snprintf(out, size, "%s/../share/man/man%d/%s.%d", dir, section, page, section) < size &&
		is_file(out))
		return 0;
	if ((size_t)snprintf(out, size, "%s/man%d/%s.%d", GRID_MANDIR, section, page, section) < size && is_file(out))
		return 0;
	return -1;
}

/* The children get SIGPIPE back (grid ignores it), so that a pager that
 * quits early ends man or mandoc as it would from a shell. */
static int spawn(pid_t *pid, char *const argv[], const posix_spawn_file_actions_t *fa)
{
	posix_spawnattr_t attr;
	sigset_t set;
	int rc;

	if ((rc = posix_spawnattr_init(&attr)))
		return rc;
	sigemptyset(&set);
	sigaddset(&set, SIGPIPE);
	posix_spawnattr_setsigdefault(&attr, &set);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF);
	rc = posix_spawnp(pid, argv[0], fa, &attr, argv, environ);
	posix_spawnattr_destroy(&attr);
	return rc;
}

/* Run ARGV with stdout to OUT_FD (or inherited when -1); returns its wait
 * status, or -1 when it could not start (not installed). */
static int spawn_wait(char *const argv[], int out_fd)
{
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int st, rc;

	if (posix_spawn_file_actions_init(&fa))
		return -1;
	if (out_fd >= 0)
		posix_spawn_file_actions_adddup2(&fa, out_fd, STDOUT_FILENO);
	rc = spawn(&pid, argv, &fa);
	posix_spawn_file_actions_destroy(&fa);
	if (out_fd >= 0)
		close(out_fd);
	if (rc)
		return -1;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	return st;
}

/* Copy FD to stdout without the backspace overstriking of mandoc's bold and
 * underline, so that `grid help issue | grep` sees plain text. */
static int copy_plain(int fd)
{
	char in[8192], out[8192];
	size_t n = 0;
	ssize_t got;
	int err = 0;

	while ((got = read(fd, in, sizeof(in))) != 0) {
		ssize_t k;

		if (got < 0) {
			if (errno == EINTR)
				continue;
			err = 1;
			break;
		}
		for (k = 0; k < got; k++) {
			if (in[k] == '\b') {
				/* Drop the character before it, all of its UTF-8 bytes. */
				while (n > 0 && ((unsigned char)out[n - 1] & 0xC0) == 0x80)
					n--;
				if (n > 0)
					n--;
				continue;
			}
			/* Flush only at a line end: an overstrike never crosses one. */
			if (n == sizeof(out)) {
				fwrite(out, 1, n, stdout);
				n = 0;
			}
			out[n++] = in[k];
			if (in[k] == '\n') {
				fwrite(out, 1, n, stdout);
				n = 0;
			}
		}
	}
	fwrite(out, 1, n, stdout);
	return err;
}

/* mandoc to a pipe that copy_plain() reads: stdout is no terminal. */
static int render_mandoc_plain(const char *path, const char *device)
{
	char *argv[] = { "mandoc", (char *)device, (char *)path, NULL };
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int p[2], st, rc, err;

	if (pipe(p))
		return -1;
	if (posix_spawn_file_actions_init(&fa)) {
		close(p[0]);
		close(p[1]);
		return -1;
	}
	posix_spawn_file_actions_adddup2(&fa, p[1], STDOUT_FILENO);
	posix_spawn_file_actions_addclose(&fa, p[0]);
	rc = spawn(&pid, argv, &fa);
	posix_spawn_file_actions_destroy(&fa);
	close(p[1]);
	if (rc) {
		close(p[0]);
		return -1;
	}
	err = copy_plain(p[0]);
	close(p[0]);
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	return err ? 1 << 8 : st;
}

static int print_raw(const char *path)
{
	char buf[8192];
	size_t n;
	FILE *f = fopen(path, "r");

	if (!f) {
		cli_error(_("cannot read '%s': %s"), path, strerror(errno));
		return EXIT_FAIL;
	}
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		fwrite(buf, 1, n, stdout);
	fclose(f);
	return EXIT_OK;
}

static int show_page(const char *path)
{
	int tty = isatty(STDOUT_FILENO);
	const char *codeset = nl_langinfo(CODESET);
	const char *device = codeset && strcmp(codeset, "UTF-8") == 0 ? "-Tutf8" : "-Tascii";
	int st;

	fflush(stdout);
	if (tty) {
		char *man_argv[] = { "man", "-l", (char *)path, NULL };
		char *mandoc_argv[] = { "mandoc", (char *)device, (char *)path, NULL };

		st = spawn_wait(man_argv, -1);
		if (st == -1)
			st = spawn_wait(mandoc_argv, -1);
	} else {
		st = render_mandoc_plain(path, device);
	}
	if (st == -1)
		return print_raw(path);
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		return EXIT_OK;
	cli_error(_("cannot show the manual page '%s'"), path);
	return EXIT_FAIL;
}

/* The page of TOPIC (a noun, a help topic, "grid" or NULL) into PAGE and
 * *section; -1 when there is none. */
static int page_of_topic(const char *topic, char *page, size_t size, int *section)
{
	const struct cli_noun *n;
	size_t i;

	*section = 1;
	/* `grid help grid-issue` is as good as `grid help issue`. */
	if (topic && strncmp(topic, "grid-", 5) == 0)
		topic += 5;
	if (!topic || strcmp(topic, "grid") == 0) {
		snprintf(page, size, "grid");
		return 0;
	}
	for (n = cli_nouns; n->name; n++) {
		if (strcmp(n->name, topic) == 0) {
			snprintf(page, size, "grid-%s", n->name);
			return 0;
		}
	}
	for (i = 0; i < sizeof(help_topics) / sizeof(help_topics[0]); i++) {
		if (strcmp(help_topics[i].topic, topic) == 0) {
			snprintf(page, size, "%s", help_topics[i].page);
			*section = help_topics[i].section;
			return 0;
		}
	}
	return -1;
}

static int cmd_help(struct cli *c, int argc, char **argv)
{
	struct cli_args it;
	char page[128], path[PATH_MAX];
	int rc, section;

	if ((rc = cli_args_none(&it, c, argc, argv)) >= 0)
		return rc;
	if ((rc = cli_setup(c)))
		return rc;
	if (it.npos > 1)
		return cli_usage_error(c, _("unexpected argument '%s'"), it.pos[1]);
	if (page_of_topic(it.npos ? it.pos[0] : NULL, page, sizeof(page), &section)) {
		cli_error(_("no manual page for '%s' (see 'grid --help')"), it.pos[0]);
		return EXIT_USAGE;
	}
	if (find_page(path, sizeof(path), page, section)) {
		cli_error(_("manual page %s(%d) is not installed"), page, section);
		return EXIT_FAIL;
	}
	return show_page(path);
}

const struct cli_verb cli_help_verbs[] = {
	{ NULL, cmd_help, 0, "grid help [COMMAND]", N_("Show the manual page of a command.") },
	{ NULL, NULL, 0, NULL, NULL },
};
