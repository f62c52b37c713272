/* Option parsing shared by every verb, errors, periods. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

void cli_error(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("grid: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void cli_warn(const struct cli *c, const char *fmt, ...)
{
	va_list ap;

	if (c->quiet)
		return;
	fprintf(stderr, "grid: %s", _("warning: "));
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int cli_fail(int rc)
{
	const char *msg = grid_errmsg();

	if (rc >= 0)
		rc = GRID_EFAIL;
	cli_error("%s", *msg ? msg : grid_strerror(rc));
	return rc < -8 ? EXIT_FAIL : -rc;
}

int cli_usage_error(const struct cli *c, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "grid: %s: ", c->command ? c->command : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, _(" (see 'grid %s --help')\n"), c->command ? c->command : "");
	return EXIT_USAGE;
}

void cli_print_usage(const struct cli *c, FILE *f)
{
	if (c->verb && c->verb->usage)
		fprintf(f, "%s: %s\n", _("usage"), c->verb->usage);
	if (c->verb && c->verb->summary)
		fprintf(f, "\n%s\n", _(c->verb->summary));
}

/* Options every verb accepts, wherever they stand. */
enum {
	GOPT_DB = 1000,
	GOPT_AS,
	GOPT_NOW,
	GOPT_QUIET,
	GOPT_HELP,
	GOPT_FORMAT,
};

static const struct cli_opt global_opts[] = {
	{ "db", 0, ARG_REQUIRED, GOPT_DB },
	{ "as", 0, ARG_REQUIRED, GOPT_AS },
	{ "now", 0, ARG_REQUIRED, GOPT_NOW },
	{ "quiet", 'q', ARG_NONE, GOPT_QUIET },
	{ "help", 'h', ARG_NONE, GOPT_HELP },
	{ "format", 0, ARG_REQUIRED, GOPT_FORMAT },
	{ NULL, 0, ARG_NONE, 0 },
};

void cli_args_init(struct cli_args *it, struct cli *c, int argc, char **argv, const struct cli_opt *opts)
{
	memset(it, 0, sizeof(*it));
	it->c = c;
	it->argc = argc;
	it->argv = argv;
	it->i = 1;
	it->opts = opts;
	it->pos = c->posbuf;
}

static const struct cli_opt *find_long(const struct cli_opt *opts, const char *name, size_t len)
{
	for (; opts && opts->name; opts++)
		if (strlen(opts->name) == len && strncmp(opts->name, name, len) == 0)
			return opts;
	return NULL;
}

static const struct cli_opt *find_short(const struct cli_opt *opts, char ch)
{
	for (; opts && opts->name; opts++)
		if (opts->short_name == ch)
			return opts;
	return NULL;
}

static int parse_format(struct cli_args *it, const char *value)
{
	static const struct {
		const char *name;
		enum cli_format format;
		unsigned flags;
	} formats[] = {
		{ "text", FMT_TEXT, CLI_FORMATS | CLI_REPORT_FORMATS },
		{ "json", FMT_JSON, CLI_FORMATS | CLI_REPORT_FORMATS | CLI_EXPORT_FORMATS },
		{ "csv", FMT_CSV, CLI_FORMATS },
		{ "tsv", FMT_TSV, CLI_FORMATS },
		{ "html", FMT_HTML, CLI_REPORT_FORMATS },
		{ "md", FMT_MD, CLI_REPORT_FORMATS },
		{ "yaml", FMT_YAML, CLI_EXPORT_FORMATS },
	};
	unsigned flags = it->c->verb ? it->c->verb->flags : 0;
	size_t i;

	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		if (strcmp(value, formats[i].name) == 0 && (formats[i].flags & flags)) {
			it->c->format = formats[i].format;
			return 0;
		}
	}
	cli_usage_error(it->c, _("unknown format '%s'"), value);
	return -1;
}

/* Apply a global option; returns CLI_END to go on, or CLI_ERROR/CLI_HELP. */
static int apply_global(struct cli_args *it, int id, const char *arg)
{
	struct cli *c = it->c;

	switch (id) {
	case GOPT_DB:
		c->db_path = arg;
		break;
	case GOPT_AS:
		c->as = arg;
		break;
	case GOPT_NOW:
		c->now_text = arg;
		c->now_from_env = 0;
		break;
	case GOPT_QUIET:
		c->quiet = 1;
		c->progress = 0;
		break;
	case GOPT_HELP:
		return CLI_HELP;
	case GOPT_FORMAT:
		if (!(c->verb->flags & (CLI_FORMATS | CLI_REPORT_FORMATS | CLI_EXPORT_FORMATS))) {
			cli_usage_error(c, _("unknown option '--format'"));
			return CLI_ERROR;
		}
		if (parse_format(it, arg))
			return CLI_ERROR;
		break;
	default:
		break;
	}
	return CLI_END;
}

int cli_next(struct cli_args *it, const char **arg)
{
	*arg = NULL;
	while (it->i < it->argc) {
		char *a = it->argv[it->i++];
		const struct cli_opt *opt = NULL;
		const char *value = NULL;
		char shortbuf[3] = "-?";

		if (it->only_pos || a[0] != '-' || a[1] == '\0') {
			it->pos[it->npos++] = a;
			continue;
		}
		if (strcmp(a, "--") == 0) {
			it->only_pos = 1;
			continue;
		}
		if (a[1] == '-') {
			const char *name = a + 2;
			const char *eq = strchr(name, '=');
			size_t len = eq ? (size_t)(eq - name) : strlen(name);

			opt = find_long(it->opts, name, len);
			if (!opt)
				opt = find_long(global_opts, name, len);
			if (!opt) {
				cli_usage_error(it->c, _("unknown option '--%.*s'"), (int)len, name);
				return CLI_ERROR;
			}
			if (eq) {
				if (opt->arg == ARG_NONE) {
					cli_usage_error(it->c, _("option '--%s' takes no value"), opt->name);
					return CLI_ERROR;
				}
				value = eq + 1;
			}
		} else {
			if (a[2] != '\0') {
				cli_usage_error(it->c, _("unknown option '%s'"), a);
				return CLI_ERROR;
			}
			opt = find_short(it->opts, a[1]);
			if (!opt)
				opt = find_short(global_opts, a[1]);
			if (!opt) {
				shortbuf[1] = a[1];
				cli_usage_error(it->c, _("unknown option '%s'"), shortbuf);
				return CLI_ERROR;
			}
		}
		if (opt->arg == ARG_REQUIRED && !value) {
			if (it->i >= it->argc) {
				cli_usage_error(it->c, _("option '--%s' needs a value"), opt->name);
				return CLI_ERROR;
			}
			value = it->argv[it->i++];
		}
		if (opt->id >= GOPT_DB) {
			int rc = apply_global(it, opt->id, value);

			if (rc != CLI_END)
				return rc;
			continue;
		}
		*arg = value;
		return opt->id;
	}
	return CLI_END;
}

int cli_args_done(struct cli_args *it, int last)
{
	int rc;

	if (last == CLI_HELP) {
		cli_print_usage(it->c, stdout);
		return EXIT_OK;
	}
	if (last == CLI_ERROR)
		return EXIT_USAGE;
	rc = cli_setup(it->c);
	return rc ? rc : -1;
}

int cli_want_positional(struct cli_args *it, int n, const char *what)
{
	if (it->npos < n)
		return cli_usage_error(it->c, _("missing %s"), what);
	if (it->npos > n)
		return cli_usage_error(it->c, _("unexpected argument '%s'"), it->pos[n]);
	return 0;
}

int cli_parse_int(const struct cli *c, const char *opt, const char *text, long long min, long long max,
	long long *out)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(text, &end, 10);
	if (errno || end == text || *end != '\0' || v < min || v > max)
		return cli_usage_error(c, _("--%s takes a whole number from %lld to %lld, not '%s'"), opt, min, max,
			text);
	*out = v;
	return 0;
}

int cli_period(const struct cli *c, grid_period *out, const char *week, const char *month, const char *since,
	const char *until, int weekly)
{
	int given = (week != NULL) + (month != NULL) + (since != NULL || until != NULL);
	int rc;

	if (given > 1)
		return cli_usage_error(c, _("give one period: --week, --month, or --since with --until"));
	if (week)
		rc = grid_period_week(out, week, c->now);
	else if (month)
		rc = grid_period_month(out, month, c->now);
	else if (since || until) {
		if (!since || !until)
			return cli_usage_error(c, _("--since and --until go together"));
		rc = grid_period_range(out, since, until, c->now);
	} else {
		if (weekly)
			grid_period_last_week(out, c->now);
		else
			grid_period_last_month(out, c->now);
		return 0;
	}
	if (rc) {
		cli_error("%s: %s", c->command, grid_errmsg());
		return EXIT_USAGE;
	}
	return 0;
}
