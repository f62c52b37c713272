/* The one parser of options: the global options before the noun
 * (`grid --db X issue list`) and a verb's options with the global ones
 * after it (`grid issue list --db X`).  It reads options and nothing else:
 * cli_setup() acts on them. */
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* Options every verb accepts, wherever they stand. */
enum {
	GOPT_DB = 1000,
	GOPT_AS,
	GOPT_NOW,
	GOPT_QUIET,
	GOPT_HELP,
	GOPT_FORMAT,
	GOPT_VERSION,
	GOPT_BOM,
	GOPT_NO_HOOKS,
};

#define GLOBAL_OPTS \
	{ "db", 0, ARG_REQUIRED, GOPT_DB }, \
	{ "as", 0, ARG_REQUIRED, GOPT_AS }, \
	{ "now", 0, ARG_REQUIRED, GOPT_NOW }, \
	{ "quiet", 'q', ARG_NONE, GOPT_QUIET }, \
	{ "no-hooks", 0, ARG_NONE, GOPT_NO_HOOKS }, \
	{ "help", 'h', ARG_NONE, GOPT_HELP }

/* Before the noun there is no verb to take --format yet. */
static const struct cli_opt before_noun_opts[] = {
	GLOBAL_OPTS,
	{ "version", 0, ARG_NONE, GOPT_VERSION },
	{ NULL, 0, ARG_NONE, 0 },
};

static const struct cli_opt after_verb_opts[] = {
	GLOBAL_OPTS,
	{ "format", 0, ARG_REQUIRED, GOPT_FORMAT },
	{ "bom", 0, ARG_NONE, GOPT_BOM },
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
	it->globals = after_verb_opts;
	it->pos = c->posbuf;
}

void cli_args_init_global(struct cli_args *it, struct cli *c, int argc, char **argv)
{
	cli_args_init(it, c, argc, argv, NULL);
	it->globals = before_noun_opts;
	it->before_noun = 1;
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

/* An option grid does not take, typed as A: before the noun named whole;
 * after the verb with the command, a long one by its NAME of LEN bytes. */
static void unknown_option(const struct cli_args *it, const char *a, const char *name, size_t len)
{
	if (it->before_noun)
		cli_error(_("unknown option '%s' (see 'grid --help')"), a);
	else if (name)
		cli_usage_error(it->c, _("unknown option '--%.*s'"), (int)len, name);
	else
		cli_usage_error(it->c, _("unknown option '%s'"), a);
}

/* The option A names, with *value set for --name=value; NULL when there
 * is none (the error printed). */
static const struct cli_opt *find_option(const struct cli_args *it, const char *a, const char **value)
{
	const struct cli_opt *opt = NULL;

	*value = NULL;
	if (a[1] == '-') {
		const char *name = a + 2;
		const char *eq = strchr(name, '=');
		size_t len = eq ? (size_t)(eq - name) : strlen(name);

		if (!(opt = find_long(it->opts, name, len)) && !(opt = find_long(it->globals, name, len))) {
			unknown_option(it, a, name, len);
			return NULL;
		}
		if (eq && opt->arg == ARG_NONE) {
			if (it->before_noun)
				unknown_option(it, a, NULL, 0);
			else
				cli_usage_error(it->c, _("option '--%s' takes no value"), opt->name);
			return NULL;
		}
		*value = eq ? eq + 1 : NULL;
		return opt;
	}
	if (a[1] != '\0' && a[2] == '\0' && !(opt = find_short(it->opts, a[1])))
		opt = find_short(it->globals, a[1]);
	if (!opt)
		unknown_option(it, a, NULL, 0);
	return opt;
}

/* Whether the running verb prints its tables through out_*, which the
 * formats for a spreadsheet (xlsx, csv-excel, --bom) need. */
static int takes_sheets(const struct cli *c)
{
	unsigned flags = c->verb ? c->verb->flags : 0;

	return (flags & (CLI_FORMATS | CLI_REPORT_FORMATS)) && !(flags & CLI_NO_SHEETS);
}

static int parse_format(struct cli_args *it, const char *value)
{
	static const struct {
		const char *name;
		enum cli_format format;
		unsigned flags;
		int sheet;   /* for a spreadsheet: not where CLI_NO_SHEETS */
	} formats[] = {
		{ "text", FMT_TEXT, CLI_FORMATS | CLI_REPORT_FORMATS | CLI_DOCUMENT_FORMATS, 0 },
		{ "json", FMT_JSON, CLI_FORMATS | CLI_REPORT_FORMATS | CLI_EXPORT_FORMATS | CLI_DOCUMENT_FORMATS |
			  CLI_GEOREPORT_FORMATS, 0 },
		{ "csv", FMT_CSV, CLI_FORMATS, 0 },
		{ "tsv", FMT_TSV, CLI_FORMATS, 0 },
		/* csv-excel is csv with c->excel: every route csv takes, it takes. */
		{ "csv-excel", FMT_CSV, CLI_FORMATS, 1 },
		{ "xlsx", FMT_XLSX, CLI_FORMATS | CLI_REPORT_FORMATS, 1 },
		{ "html", FMT_HTML, CLI_REPORT_FORMATS, 0 },
		{ "md", FMT_MD, CLI_REPORT_FORMATS, 0 },
		{ "yaml", FMT_YAML, CLI_EXPORT_FORMATS, 0 },
		{ "xml", FMT_XML, CLI_GEOREPORT_FORMATS, 0 },
	};
	unsigned flags = it->c->verb ? it->c->verb->flags : 0;
	size_t i;

	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		if (strcmp(value, formats[i].name) == 0 && (formats[i].flags & flags) &&
			(!formats[i].sheet || takes_sheets(it->c))) {
			it->c->format = formats[i].format;
			it->c->excel = strcmp(value, "csv-excel") == 0;
			return 0;
		}
	}
	cli_usage_error(it->c, _("unknown format '%s'"), value);
	return -1;
}

/* Say that the option typed as A (named NAME) needs a value. */
static void value_missing(struct cli_args *it, const char *a, const char *name)
{
	if (it->before_noun)
		cli_error(_("option '%s' needs a value"), a);
	else
		cli_usage_error(it->c, _("option '--%s' needs a value"), name);
}

/* Apply a global option; returns CLI_END to go on, or CLI_ERROR, CLI_HELP
 * or CLI_VERSION. */
static int apply_global(struct cli_args *it, int id, const char *arg)
{
	struct cli *c = it->c;

	switch (id) {
	case GOPT_DB:
		c->db_path = arg;
		break;
	case GOPT_AS:
		/* An empty id is a value left out (--as "$UNSET"), not a person. */
		if (!*arg) {
			value_missing(it, "--as", "as");
			return CLI_ERROR;
		}
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
	case GOPT_NO_HOOKS:
		c->no_hooks = 1;
		break;
	case GOPT_HELP:
		return CLI_HELP;
	case GOPT_VERSION:
		return CLI_VERSION;
	case GOPT_BOM:
		if (!takes_sheets(c) || !(c->verb->flags & CLI_FORMATS)) {
			cli_usage_error(c, _("unknown option '%s'"), "--bom");
			return CLI_ERROR;
		}
		c->bom = 1;
		break;
	case GOPT_FORMAT:
		if (!(c->verb->flags & (CLI_FORMATS | CLI_REPORT_FORMATS | CLI_EXPORT_FORMATS | CLI_DOCUMENT_FORMATS |
				      CLI_GEOREPORT_FORMATS))) {
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

/* The value of option OPT, typed as A, from the next argument; NULL when
 * there is none (the error printed). */
static const char *next_value(struct cli_args *it, const char *a, const struct cli_opt *opt)
{
	if (it->i < it->argc)
		return it->argv[it->i++];
	value_missing(it, a, opt->name);
	return NULL;
}

/* A positional argument: before the noun, the noun itself. */
static int is_positional(const struct cli_args *it, const char *a)
{
	if (it->before_noun)
		return a[0] != '-';
	return it->only_pos || a[0] != '-' || a[1] == '\0';
}

int cli_next(struct cli_args *it, const char **arg)
{
	*arg = NULL;
	while (it->i < it->argc) {
		const char *a = it->argv[it->i];
		const struct cli_opt *opt;
		const char *value;
		int rc;

		if (is_positional(it, a)) {
			if (it->before_noun)
				return CLI_END;
			it->pos[it->npos++] = it->argv[it->i++];
			continue;
		}
		it->i++;
		if (!it->before_noun && strcmp(a, "--") == 0) {
			it->only_pos = 1;
			continue;
		}
		if (!(opt = find_option(it, a, &value)))
			return CLI_ERROR;
		if (opt->arg == ARG_REQUIRED && !value && !(value = next_value(it, a, opt)))
			return CLI_ERROR;
		if (opt->id < GOPT_DB) {
			*arg = value;
			return opt->id;
		}
		if ((rc = apply_global(it, opt->id, value)) != CLI_END)
			return rc;
	}
	return CLI_END;
}

int cli_args_done(struct cli_args *it, int last)
{
	if (last == CLI_HELP) {
		cli_print_usage(it->c, stdout);
		return EXIT_OK;
	}
	if (last == CLI_ERROR)
		return EXIT_USAGE;
	/* Checked once all options are read: --bom may come before --format. */
	if (it->c->bom && it->c->format != FMT_CSV && it->c->format != FMT_TSV)
		return cli_usage_error(it->c, "%s", _("--bom goes with --format csv or tsv"));
	/* Before any work is done (case sweep writes): a zip archive would
	 * garble the terminal, as curl refuses binary output to one. */
	if (it->c->format == FMT_XLSX && isatty(STDOUT_FILENO))
		return cli_usage_error(it->c, "%s",
			_("will not write a spreadsheet to a terminal: redirect it to a file (> FILE.xlsx)"));
	return -1;
}

int cli_args_none(struct cli_args *it, struct cli *c, int argc, char **argv)
{
	const char *arg;
	int id;

	cli_args_init(it, c, argc, argv, NULL);
	while ((id = cli_next(it, &arg)) > 0)
		;
	return cli_args_done(it, id);
}

int cli_want_positional(struct cli_args *it, int n, const char *what)
{
	if (it->npos < n)
		return cli_usage_error(it->c, _("missing %s"), what);
	if (it->npos > n)
		return cli_usage_error(it->c, _("unexpected argument '%s'"), it->pos[n]);
	return 0;
}
