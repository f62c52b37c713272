/* grid visit: household visits. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int cmd_visit_add(struct cli *c, int argc, char **argv)
{
	enum { OPT_UNIT = 1, OPT_HOUSEHOLD, OPT_BY, OPT_AT, OPT_NOTE };
	static const struct cli_opt opts[] = {
		{ "unit", 0, ARG_REQUIRED, OPT_UNIT },
		{ "household", 0, ARG_REQUIRED, OPT_HOUSEHOLD },
		{ "by", 0, ARG_REQUIRED, OPT_BY },
		{ "at", 0, ARG_REQUIRED, OPT_AT },
		{ "note", 0, ARG_REQUIRED, OPT_NOTE },
		{ NULL, 0, ARG_NONE, 0 },
	};
	grid_visit_opts v = GRID_VISIT_OPTS_INIT;
	const char *at = NULL, *arg;
	struct cli_args it;
	int64_t id;
	int opt, rc;

	cli_args_init(&it, c, argc, argv, opts);
	while ((opt = cli_next(&it, &arg)) > 0) {
		if (opt == OPT_UNIT)
			v.unit = arg;
		else if (opt == OPT_HOUSEHOLD)
			v.household = arg;
		else if (opt == OPT_BY)
			v.by = arg;
		else if (opt == OPT_AT)
			at = arg;
		else if (opt == OPT_NOTE)
			v.note = arg;
	}
	if ((rc = cli_args_done(&it, opt)) >= 0)
		return rc;
	if ((rc = cli_setup(c)) || (rc = cli_want_positional(&it, 0, "")))
		return rc;
	if (!v.unit)
		return cli_usage_error(c, _("missing --unit"));
	if (!v.household)
		return cli_usage_error(c, _("missing --household"));
	if (at && (rc = cli_parse_time(c, "at", at, &v.at)))
		return rc;
	if ((rc = grid_visit_add(&id, c->db, &v)))
		return cli_fail(rc);
	out_id(id);
	return EXIT_OK;
}

static void print_import_error(void *ctx, const char *message)
{
	int *n = ctx;

	(*n)++;
	cli_error("%s", message);
}

/* Import the visits of PATH ("-" for standard input) with FLAGS into the
 * counts; returns 0 or the exit status with the errors printed. */
static int import_visits(struct cli *c, const char *path, unsigned flags, int64_t *added, int64_t *unchanged)
{
	char *data = NULL;
	size_t len = 0;
	FILE *f;
	int rc, nerrors = 0;

	if ((rc = cli_open_csv(path, EXIT_FAIL, &f)))
		return rc;
	rc = cli_read_all(f, path, &data, &len);
	cli_close_input(f);
	if (rc)
		return rc;
	rc = grid_visit_import_counts(c->db, strcmp(path, "-") == 0 ? "<stdin>" : path, data, len, flags,
		print_import_error, &nerrors, added, unchanged);
	free(data);
	/* A single error is its own one-line message; several get a summary. */
	if (rc == GRID_EINPUT && nerrors == 1)
		return EXIT_INPUT;
	return rc ? cli_fail(rc) : 0;
}

static int cmd_visit_import(struct cli *c, int argc, char **argv)
{
	enum { OPT_DRY_RUN = 1 };
	static const struct cli_opt opts[] = {
		{ "dry-run", 'n', ARG_NONE, OPT_DRY_RUN },
		{ NULL, 0, ARG_NONE, 0 },
	};
	struct cli_args it;
	const char *arg;
	unsigned flags = 0;
	int64_t added = 0, unchanged = 0;
	int opt, rc;

	cli_args_init(&it, c, argc, argv, opts);
	while ((opt = cli_next(&it, &arg)) > 0)
		if (opt == OPT_DRY_RUN)
			flags |= GRID_IMPORT_DRY_RUN;
	if ((rc = cli_args_done(&it, opt)) >= 0)
		return rc;
	if ((rc = cli_setup(c)) || (rc = cli_want_positional(&it, 1, "FILE")) ||
		(rc = import_visits(c, it.pos[0], flags, &added, &unchanged)))
		return rc;
	if (!c->quiet)
		printf(_("visits: %lld added, %lld unchanged\n"), (long long)added, (long long)unchanged);
	if ((flags & GRID_IMPORT_DRY_RUN) && !c->quiet)
		fprintf(stderr, "%s\n", _("grid: dry run: nothing was written"));
	return EXIT_OK;
}

static const struct out_col visit_cols[] = {
	{ "id", N_("ID"), OUT_INT },
	{ "unit", N_("UNIT"), OUT_STR },
	{ "household", N_("HOUSEHOLD"), OUT_STR },
	{ "person", N_("PERSON"), OUT_STR },
	{ "at", N_("AT"), OUT_TIME },
	{ "note", N_("NOTE"), OUT_STR },
};

static int print_visit(void *ctx, const grid_visit *v)
{
	struct out_val val[6];

	val[0] = out_int(v->id);
	val[1] = out_str(v->unit);
	val[2] = out_str(v->household);
	val[3] = out_str(v->person);
	val[4] = out_time(v->at, 1);
	val[5] = out_str(v->note);
	out_row(ctx, val);
	return 0;
}

static int cmd_visit_list(struct cli *c, int argc, char **argv)
{
	enum { OPT_UNIT = 1, OPT_SINCE, OPT_UNTIL, OPT_BY, OPT_LIMIT };
	static const struct cli_opt opts[] = {
		{ "unit", 0, ARG_REQUIRED, OPT_UNIT },
		{ "since", 0, ARG_REQUIRED, OPT_SINCE },
		{ "until", 0, ARG_REQUIRED, OPT_UNTIL },
		{ "by", 0, ARG_REQUIRED, OPT_BY },
		{ "limit", 0, ARG_REQUIRED, OPT_LIMIT },
		{ NULL, 0, ARG_NONE, 0 },
	};
	grid_visit_filter f = GRID_VISIT_FILTER_INIT;
	const char *since = NULL, *until = NULL, *limit = NULL, *arg;
	struct cli_args it;
	struct out *o;
	long long n = 0;
	int opt, rc;

	cli_args_init(&it, c, argc, argv, opts);
	while ((opt = cli_next(&it, &arg)) > 0) {
		if (opt == OPT_UNIT)
			f.unit = arg;
		else if (opt == OPT_SINCE)
			since = arg;
		else if (opt == OPT_UNTIL)
			until = arg;
		else if (opt == OPT_BY)
			f.by = arg;
		else if (opt == OPT_LIMIT)
			limit = arg;
	}
	if ((rc = cli_args_done(&it, opt)) >= 0)
		return rc;
	if ((rc = cli_setup(c)) || (rc = cli_want_positional(&it, 0, "")) ||
		(since && (rc = cli_parse_time(c, "since", since, &f.since))) ||
		(until && (rc = cli_parse_time(c, "until", until, &f.until))) ||
		(limit && (rc = cli_parse_int(c, "limit", limit, 1, INT64_MAX, &n))))
		return rc;
	if (limit)
		f.limit = n;
	o = out_begin(c, visit_cols, sizeof(visit_cols) / sizeof(visit_cols[0]));
	if (!o)
		return out_end(o);
	return out_finish(o, grid_visit_list(c->db, &f, print_visit, o));
}

const struct cli_verb cli_visit_verbs[] = {
	{ "add", cmd_visit_add, CLI_NEED_DB, "grid visit add --unit CODE --household H [--by ID] [--at TIME] [--note TEXT]", N_("Record a household visit; prints its id.") },
	{ "import", cmd_visit_import, CLI_NEED_DB, "grid visit import FILE.csv|- [--dry-run]", N_("Load visits from CSV, all or nothing.") },
	{ "list", cmd_visit_list, CLI_NEED_DB | CLI_FORMATS, "grid visit list [--unit CODE] [--since T] [--until T] [--by ID] [--limit N] [--format FMT]", N_("List visits.") },
	{ NULL, NULL, 0, NULL, NULL },
};
