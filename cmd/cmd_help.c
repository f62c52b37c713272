/* grid help and grid completion.
 *
 * `grid help` finds a manual page and hands it to man(1) or mandoc(1);
 * nothing the user types reaches a shell: the page name is looked up in
 * the noun table and the programs are started with posix_spawnp and an
 * argument vector.  `grid completion bash` writes its tables from the noun
 * table and the usage texts at run time, so that the completion follows
 * the commands as they change. */
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

static int cmd_help(struct cli *c, int argc, char **argv)
{
	struct cli_args it;
	const struct cli_noun *n;
	const char *arg, *topic;
	char page[128], path[PATH_MAX];
	int id, rc, section = 1;
	size_t i;

	cli_args_init(&it, c, argc, argv, NULL);
	while ((id = cli_next(&it, &arg)) > 0)
		;
	if ((rc = cli_args_done(&it, id)) >= 0)
		return rc;
	if (it.npos > 1)
		return cli_usage_error(c, _("unexpected argument '%s'"), it.pos[1]);
	topic = it.npos ? it.pos[0] : NULL;
	/* `grid help grid-issue` is as good as `grid help issue`. */
	if (topic && strncmp(topic, "grid-", 5) == 0)
		topic += 5;
	if (!topic || strcmp(topic, "grid") == 0) {
		snprintf(page, sizeof(page), "grid");
	} else {
		page[0] = '\0';
		for (n = cli_nouns; n->name; n++)
			if (strcmp(n->name, topic) == 0)
				snprintf(page, sizeof(page), "grid-%s", n->name);
		for (i = 0; !page[0] && i < sizeof(help_topics) / sizeof(help_topics[0]); i++) {
			if (strcmp(help_topics[i].topic, topic) == 0) {
				snprintf(page, sizeof(page), "%s", help_topics[i].page);
				section = help_topics[i].section;
			}
		}
		if (!page[0]) {
			cli_error(_("no manual page for '%s' (see 'grid --help')"), it.pos[0]);
			return EXIT_USAGE;
		}
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

/* ---- grid completion bash ---------------------------------------------- */

/* What completes a value: a fixed word list, or one of these. */
#define KIND_UNIT "@unit"
#define KIND_PERSON "@person"
#define KIND_FILE "@file"
#define KIND_ANY "@any" /* free text: complete nothing */

static const char statuses[] = "reported accepted assigned resolved closed rejected";
static const char roles[] = "admin leader grid_head grid_member dept_staff viewer";

/* Copy a usage token without its brackets into BUF. */
static void strip_token(char *buf, size_t size, const char *tok, size_t len)
{
	while (len && (*tok == '[' || *tok == '('))
		tok++, len--;
	while (len && (tok[len - 1] == ']' || tok[len - 1] == ')'))
		len--;
	if (len >= size)
		len = size - 1;
	memcpy(buf, tok, len);
	buf[len] = '\0';
}

/* Next whitespace-separated token of *P, or 0 at the end. */
static size_t next_token(const char **p, const char **tok)
{
	const char *s = *p;
	size_t len = 0;

	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	*tok = s;
	while (s[len] && s[len] != ' ' && s[len] != '\t' && s[len] != '\n')
		len++;
	*p = s + len;
	return len;
}

static const char *format_words(unsigned flags)
{
	if (flags & CLI_REPORT_FORMATS)
		return "text json md html";
	if (flags & CLI_EXPORT_FORMATS)
		return "yaml json";
	return "text json csv tsv";
}

/* How to complete the value VALUE of option OPT. */
static void print_value_kind(const char *opt, const char *value, unsigned flags)
{
	if (strcmp(opt, "format") == 0)
		printf("%s", format_words(flags));
	else if (strcmp(opt, "status") == 0)
		printf("%s", statuses);
	else if (strcmp(opt, "role") == 0)
		printf("%s", roles);
	else if (strcmp(opt, "unit") == 0 || strcmp(opt, "under") == 0)
		printf(KIND_UNIT);
	else if (strcmp(opt, "by") == 0 && strchr(value, '|') &&
		strspn(value, "abcdefghijklmnopqrstuvwxyz_|") == strlen(value)) {
		/* --by category|unit|level: a list of words. */
		const char *s;

		for (s = value; *s; s++)
			putchar(*s == '|' ? ' ' : *s);
	} else if (strcmp(opt, "by") == 0 || strcmp(opt, "reported-by") == 0 || strcmp(opt, "handler") == 0 ||
		strcmp(opt, "to") == 0)
		printf(KIND_PERSON);
	else if (strncmp(value, "FILE", 4) == 0)
		printf(KIND_FILE);
	else
		printf(KIND_ANY);
}

/* True when the space-separated LIST holds WORD. */
static int has_word(const char *list, const char *word)
{
	size_t len = strlen(word);
	const char *s = list;

	while ((s = strstr(s, word)) != NULL) {
		if ((s == list || s[-1] == ' ') && (s[len] == ' ' || s[len] == '\0'))
			return 1;
		s += len;
	}
	return 0;
}

/* The case arms of one verb, KEY being "noun verb" or "noun". */
static void print_verb_tables(const char *key, const struct cli_verb *v, const char *noun)
{
	const char *p = v->usage ? v->usage : "";
	const char *tok;
	char word[128], opts[1024] = "", pos_kind[32] = "";
	size_t len, skip;
	int has_format = 0;

	/* Skip "grid NOUN [VERB]". */
	for (skip = v->name ? 3 : 2; skip > 0 && next_token(&p, &tok); skip--)
		;
	while ((len = next_token(&p, &tok)) > 0) {
		strip_token(word, sizeof(word), tok, len);
		if (strncmp(word, "--", 2) == 0) {
			char name[64], flag[68], value[128] = "";
			const char *q = p;
			const char *vtok;
			size_t vlen, nlen = strspn(word + 2, "abcdefghijklmnopqrstuvwxyz0123456789-");
			size_t used = strlen(opts);

			snprintf(name, sizeof(name), "%.*s", (int)nlen, word + 2);
			snprintf(flag, sizeof(flag), "--%s", name);
			if (!*name)
				continue;
			if (strcmp(name, "format") == 0)
				has_format = 1;
			if (!has_word(opts, flag))
				snprintf(opts + used, sizeof(opts) - used, "%s%s", used ? " " : "", flag);
			/* A value follows unless the option closed its bracket. */
			if (tok[len - 1] == ']' || !(vlen = next_token(&q, &vtok)))
				continue;
			strip_token(value, sizeof(value), vtok, vlen);
			if (!*value || value[0] == '-' || strcmp(value, "|") == 0)
				continue;
			p = q;
			printf("\t'%s --%s') echo '", key, name);
			print_value_kind(name, value, v->flags);
			printf("' ;;\n");
		} else if (!*pos_kind && *word && strcmp(word, "|") != 0 && word[0] != '-') {
			if (strcmp(word, "CODE") == 0)
				snprintf(pos_kind, sizeof(pos_kind), KIND_UNIT);
			else if (strcmp(word, "ID") == 0 && strcmp(noun, "person") == 0)
				snprintf(pos_kind, sizeof(pos_kind), KIND_PERSON);
			else if (strncmp(word, "FILE", 4) == 0)
				snprintf(pos_kind, sizeof(pos_kind), KIND_FILE);
			else if (strcmp(word, "COMMAND") == 0)
				snprintf(pos_kind, sizeof(pos_kind), "@help");
			else if (strcmp(word, "bash") == 0)
				snprintf(pos_kind, sizeof(pos_kind), "bash");
			else
				snprintf(pos_kind, sizeof(pos_kind), "-");
		}
	}
	if (!has_format && v->flags & (CLI_FORMATS | CLI_REPORT_FORMATS | CLI_EXPORT_FORMATS)) {
		size_t used = strlen(opts);

		snprintf(opts + used, sizeof(opts) - used, "%s--format", used ? " " : "");
		printf("\t'%s --format') echo '%s' ;;\n", key, format_words(v->flags));
	}
	printf("\t'%s') echo '%s' ;;\n", key, opts);
	if (*pos_kind && strcmp(pos_kind, "-") != 0)
		printf("\t'%s @') echo '%s' ;;\n", key, pos_kind);
}

static const char completion_body[] =
	"_grid_query() {\n"
	"\tlocal bin=${COMP_WORDS[0]}\n"
	"\tcase $bin in \"~/\"*) bin=$HOME/${bin#\"~/\"} ;; esac\n"
	"\t\"$bin\" ${_grid_db:+--db \"$_grid_db\"} -q \"$1\" list --format tsv 2>/dev/null </dev/null |\n"
	"\t\t{ read -r _ && cut -f1; }\n"
	"}\n"
	"\n"
	"_grid_words() {\n"
	"\tcase $1 in\n"
	"\t@unit) _grid_query unit ;;\n"
	"\t@person) _grid_query person ;;\n"
	"\t@help) echo \"$_grid_nouns yaml metrics\" ;;\n"
	"\t@any) ;;\n"
	"\t*) echo \"$1\" ;;\n"
	"\tesac\n"
	"}\n"
	"\n"
	"_grid_reply() {\n"
	"\tlocal cur=$1 kind=$2 w IFS=$' \\t\\n'\n"
	"\tif [ \"$kind\" = @file ]; then\n"
	"\t\tcompopt -o filenames 2>/dev/null\n"
	"\t\tmapfile -t COMPREPLY < <(compgen -f -- \"$cur\")\n"
	"\t\treturn\n"
	"\tfi\n"
	"\tw=$(_grid_words \"$kind\")\n"
	"\tmapfile -t COMPREPLY < <(compgen -W \"$w\" -- \"$cur\")\n"
	"}\n"
	"\n"
	"_grid() {\n"
	"\tlocal cur=${COMP_WORDS[COMP_CWORD]} prev= noun= verb= key kind i w\n"
	"\tlocal _grid_db=\n"
	"\tCOMPREPLY=()\n"
	"\t[ \"$COMP_CWORD\" -gt 0 ] && prev=${COMP_WORDS[COMP_CWORD-1]}\n"
	"\ti=1\n"
	"\twhile [ \"$i\" -lt \"$COMP_CWORD\" ]; do\n"
	"\t\tw=${COMP_WORDS[i]}\n"
	"\t\tcase $w in\n"
	"\t\t--db) _grid_db=${COMP_WORDS[i+1]}; i=$((i + 2)); continue ;;\n"
	"\t\t--as|--now) i=$((i + 2)); continue ;;\n"
	"\t\t-*) ;;\n"
	"\t\t*)\n"
	"\t\t\tif [ -z \"$noun\" ]; then\n"
	"\t\t\t\tnoun=$w\n"
	"\t\t\telif [ -z \"$verb\" ] && [ -n \"$(_grid_verbs \"$noun\")\" ]; then\n"
	"\t\t\t\tverb=$w\n"
	"\t\t\telse\n"
	"\t\t\t\tbreak\n"
	"\t\t\tfi ;;\n"
	"\t\tesac\n"
	"\t\ti=$((i + 1))\n"
	"\tdone\n"
	"\tcase $prev in\n"
	"\t--db) _grid_reply \"$cur\" @file; return ;;\n"
	"\t--as) _grid_reply \"$cur\" @person; return ;;\n"
	"\t--now) return ;;\n"
	"\tesac\n"
	"\tif [ -z \"$noun\" ]; then\n"
	"\t\tcase $cur in\n"
	"\t\t-*) _grid_reply \"$cur\" \"$_grid_globals --help --version\" ;;\n"
	"\t\t*) _grid_reply \"$cur\" \"$_grid_nouns\" ;;\n"
	"\t\tesac\n"
	"\t\treturn\n"
	"\tfi\n"
	"\tif [ -z \"$verb\" ] && [ -n \"$(_grid_verbs \"$noun\")\" ]; then\n"
	"\t\tcase $cur in\n"
	"\t\t-*) _grid_reply \"$cur\" --help ;;\n"
	"\t\t*) _grid_reply \"$cur\" \"$(_grid_verbs \"$noun\")\" ;;\n"
	"\t\tesac\n"
	"\t\treturn\n"
	"\tfi\n"
	"\tkey=$noun${verb:+ $verb}\n"
	"\tcase $prev in\n"
	"\t-*)\n"
	"\t\tkind=$(_grid_opts \"$key $prev\")\n"
	"\t\tif [ -n \"$kind\" ]; then\n"
	"\t\t\t_grid_reply \"$cur\" \"$kind\"\n"
	"\t\t\treturn\n"
	"\t\tfi ;;\n"
	"\tesac\n"
	"\tcase $cur in\n"
	"\t-*) _grid_reply \"$cur\" \"$(_grid_opts \"$key\") --help $_grid_globals\" ;;\n"
	"\t*)\n"
	"\t\tkind=$(_grid_opts \"$key @\")\n"
	"\t\t[ -n \"$kind\" ] && _grid_reply \"$cur\" \"$kind\" ;;\n"
	"\tesac\n"
	"}\n"
	"\n"
	"complete -F _grid grid\n";

static int cmd_completion(struct cli *c, int argc, char **argv)
{
	struct cli_args it;
	const struct cli_noun *n;
	const struct cli_verb *v;
	const char *arg;
	char key[128];
	int id, rc;

	cli_args_init(&it, c, argc, argv, NULL);
	while ((id = cli_next(&it, &arg)) > 0)
		;
	if ((rc = cli_args_done(&it, id)) >= 0)
		return rc;
	if (it.npos == 0)
		return cli_usage_error(c, _("missing SHELL"));
	if (strcmp(it.pos[0], "bash") != 0)
		return cli_usage_error(c, _("unknown shell '%s'; only bash is supported"), it.pos[0]);
	if ((rc = cli_want_positional(&it, 1, "SHELL")))
		return rc;

	printf("# bash completion for grid %s, written by 'grid completion bash'.\n", GRID_VERSION);
	printf("# Load it with: source <(grid completion bash)\n\n");
	printf("_grid_globals='--db --as --now -q --quiet'\n");
	printf("_grid_nouns='");
	for (n = cli_nouns; n->name; n++)
		printf("%s%s", n == cli_nouns ? "" : " ", n->name);
	printf("'\n\n_grid_verbs() {\n\tcase $1 in\n");
	for (n = cli_nouns; n->name; n++) {
		if (!n->verbs[0].name)
			continue;
		printf("\t%s) echo '", n->name);
		for (v = n->verbs; v->name; v++)
			printf("%s%s", v == n->verbs ? "" : " ", v->name);
		printf("' ;;\n");
	}
	printf("\tesac\n}\n\n");
	/* "noun verb" gives the options, "noun verb --opt" what completes the
	 * option's value, "noun verb @" what completes a positional argument. */
	printf("_grid_opts() {\n\tcase $1 in\n");
	for (n = cli_nouns; n->name; n++) {
		for (v = n->verbs; v->run; v++) {
			if (v->name)
				snprintf(key, sizeof(key), "%s %s", n->name, v->name);
			else
				snprintf(key, sizeof(key), "%s", n->name);
			print_verb_tables(key, v, n->name);
			if (!v->name)
				break;
		}
	}
	printf("\tesac\n}\n\n%s", completion_body);
	return EXIT_OK;
}

const struct cli_verb cli_completion_verbs[] = {
	{ NULL, cmd_completion, 0, "grid completion bash", N_("Print a bash completion script.") },
	{ NULL, NULL, 0, NULL, NULL },
};
