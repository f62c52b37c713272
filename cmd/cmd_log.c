/* grid log: duty diaries and their monthly spot checks. */
#include <errno.h>
#include <stdlib.h>

#include "cli.h"

static int cmd_log_add(struct cli *c, int argc, char **argv)
{
	enum { OPT_UNIT = 1, OPT_TEXT, OPT_BY, OPT_DATE, OPT_REPLACE };
	static const struct cli_opt opts[] = {
		{ "unit", 0, ARG_REQUIRED, OPT_UNIT },
		{ "text", 0, ARG_REQUIRED, OPT_TEXT },
		{ "by", 0, ARG_REQUIRED, OPT_BY },
		{ "date", 0, ARG_REQUIRED, OPT_DATE },
		{ "replace", 0, ARG_NONE, OPT_REPLACE },
		{ NULL, 0, ARG_NONE, 0 },
	};
	grid_diary_opts d = GRID_DIARY_OPTS_INIT;
	const char *arg;
	char date[16];
	struct cli_args it;
	int64_t id;
	int opt, rc;

	cli_args_init(&it, c, argc, argv, opts);
	while ((opt = cli_next(&it, &arg)) > 0) {
		if (opt == OPT_UNIT)
			d.unit = arg;
		else if (opt == OPT_TEXT)
			d.text = arg;
		else if (opt == OPT_BY)
			d.by = arg;
		else if (opt == OPT_DATE)
			d.date = arg;
		else if (opt == OPT_REPLACE)
			d.replace = 1;
	}
	if ((rc = cli_args_done(&it, opt)) >= 0)
		return rc;
	if ((rc = cli_setup(c)) || (rc = cli_want_positional(&it, 0, "")))
		return rc;
	if (!d.unit)
		return cli_usage_error(c, _("missing --unit"));
	if (!d.text)
		return cli_usage_error(c, _("missing --text"));
	if (d.date) {
		if ((rc = cli_parse_date(c, "date", d.date, date, sizeof(date))))
			return rc;
		d.date = date;
	}
	if ((rc = grid_diary_add(&id, c->db, &d)))
		return cli_fail(rc);
	out_id(id);
	return EXIT_OK;
}

static const struct out_col diary_cols[] = {
	{ "id", N_("ID"), OUT_INT },
	{ "unit", N_("UNIT"), OUT_STR },
	{ "person", N_("PERSON"), OUT_STR },
	{ "date", N_("DATE"), OUT_DATE },
	{ "text", N_("TEXT"), OUT_STR },
	{ "score", N_("SCORE"), OUT_INT },
	{ "reviewed_by", N_("REVIEWED BY"), OUT_STR },
};
#define NDIARY (sizeof(diary_cols) / sizeof(diary_cols[0]))

static int print_diary(void *ctx, const grid_diary *d)
{
	struct out_val val[7];

	val[0] = out_int(d->id);
	val[1] = out_str(d->unit);
	val[2] = out_str(d->person);
	val[3] = out_str(d->date);
	val[4] = out_str(d->text);
	val[5] = d->score < 0 ? out_null() : out_int(d->score);
	val[6] = out_str(d->reviewed_by);
	out_row(ctx, val);
	return 0;
}

/* The options of `log list` that need checking, as given. */
struct log_list_args {
	const char *since, *until, *month, *limit;
};

/* The dates of a log list in F: --month, or --since and --until, into the
 * buffers SINCE and UNTIL (16 bytes each). */
static int log_list_dates(const struct cli *c, const struct log_list_args *a, grid_diary_filter *f, char *since,
	char *until)
{
	int rc;

	if (a->month && (a->since || a->until))
		return cli_usage_error(c, _("give --month or --since/--until, not both"));
	if (a->month) {
		grid_period p;

		if (grid_period_month(&p, a->month, c->now))
			return cli_usage_error(c, "--month: %s", cli_errmsg());
		grid_date_format(since, 16, p.since);
		grid_date_format(until, 16, p.until);
		f->since = since;
		f->until = until;
	}
	if (a->since) {
		if ((rc = cli_parse_date(c, "since", a->since, since, 16)))
			return rc;
		f->since = since;
	}
	if (a->until) {
		if ((rc = cli_parse_date(c, "until", a->until, until, 16)))
			return rc;
		f->until = until;
	}
	return 0;
}

/* Read the options of `log list` into F and A, and set up.  Returns -1 to
 * go on, or the exit status. */
static int read_log_list_args(struct cli *c, int argc, char **argv, grid_diary_filter *f, struct log_list_args *a)
{
	enum { OPT_UNIT = 1, OPT_BY, OPT_SINCE, OPT_UNTIL, OPT_MONTH, OPT_LIMIT };
	static const struct cli_opt opts[] = {
		{ "unit", 0, ARG_REQUIRED, OPT_UNIT },
		{ "by", 0, ARG_REQUIRED, OPT_BY },
		{ "since", 0, ARG_REQUIRED, OPT_SINCE },
		{ "until", 0, ARG_REQUIRED, OPT_UNTIL },
		{ "month", 0, ARG_REQUIRED, OPT_MONTH },
		{ "limit", 0, ARG_REQUIRED, OPT_LIMIT },
		{ NULL, 0, ARG_NONE, 0 },
	};
	struct cli_args it;
	const char *arg;
	int opt, rc;

	cli_args_init(&it, c, argc, argv, opts);
	while ((opt = cli_next(&it, &arg)) > 0) {
		switch (opt) {
		case OPT_UNIT: f->unit = arg; break;
		case OPT_BY: f->by = arg; break;
		case OPT_SINCE: a->since = arg; break;
		case OPT_UNTIL: a->until = arg; break;
		case OPT_MONTH: a->month = arg; break;
		case OPT_LIMIT: a->limit = arg; break;
		}
	}
	if ((rc = cli_args_done(&it, opt)) >= 0)
		return rc;
	if ((rc = cli_setup(c)) || (rc = cli_want_positional(&it, 0, "")))
		return rc;
	return -1;
}

static int cmd_log_list(struct cli *c, int argc, char **argv)
{
	grid_diary_filter f = GRID_DIARY_FILTER_INIT;
	struct log_list_args a = { NULL, NULL, NULL, NULL };
	char since[16], until[16];
	struct out *o;
	long long n = 0;
	int rc;

	if ((rc = read_log_list_args(c, argc, argv, &f, &a)) >= 0)
		return rc;
	if ((rc = log_list_dates(c, &a, &f, since, until)) ||
		(a.limit && (rc = cli_parse_int(c, "limit", a.limit, 1, INT64_MAX, &n))))
		return rc;
	if (a.limit)
		f.limit = n;
	if (!(o = out_begin(c, diary_cols, NDIARY)))
		return out_end(o);
	return out_finish(o, grid_diary_list(c->db, &f, print_diary, o));
}

static int cmd_log_review(struct cli *c, int argc, char **argv)
{
	enum { OPT_SCORE = 1, OPT_NOTE };
	static const struct cli_opt opts[] = {
		{ "score", 0, ARG_REQUIRED, OPT_SCORE },
		{ "note", 0, ARG_REQUIRED, OPT_NOTE },
		{ NULL, 0, ARG_NONE, 0 },
	};
	const char *score = NULL, *note = NULL, *arg;
	struct cli_args it;
	long long id, s;
	char *end;
	int opt, rc;

	cli_args_init(&it, c, argc, argv, opts);
	while ((opt = cli_next(&it, &arg)) > 0) {
		if (opt == OPT_SCORE)
			score = arg;
		else if (opt == OPT_NOTE)
			note = arg;
	}
	if ((rc = cli_args_done(&it, opt)) >= 0)
		return rc;
	if ((rc = cli_setup(c)) || (rc = cli_want_positional(&it, 1, "ID")))
		return rc;
	/* cli_parse_int names an option: the ID is an argument. */
	errno = 0;
	id = strtoll(it.pos[0], &end, 10);
	if (errno || end == it.pos[0] || *end || id < 1)
		return cli_usage_error(c, _("malformed diary entry ID '%s'; the ID is a whole number from 1"), it.pos[0]);
	if (!score)
		return cli_usage_error(c, _("missing --score"));
	if ((rc = cli_parse_int(c, "score", score, 0, 100, &s)))
		return rc;
	if ((rc = grid_diary_review(c->db, id, (int)s, note)))
		return cli_fail(rc);
	out_id(id);
	return EXIT_OK;
}

static int cmd_log_sample(struct cli *c, int argc, char **argv)
{
	enum { OPT_MONTH = 1, OPT_PER_PERSON, OPT_SEED };
	static const struct cli_opt opts[] = {
		{ "month", 0, ARG_REQUIRED, OPT_MONTH },
		{ "per-person", 0, ARG_REQUIRED, OPT_PER_PERSON },
		{ "seed", 0, ARG_REQUIRED, OPT_SEED },
		{ NULL, 0, ARG_NONE, 0 },
	};
	const char *month = NULL, *per = NULL, *seed_text = NULL, *arg;
	long long n = 2, seed = 0;
	grid_period p;
	struct cli_args it;
	struct out *o;
	int opt, rc;

	cli_args_init(&it, c, argc, argv, opts);
	while ((opt = cli_next(&it, &arg)) > 0) {
		if (opt == OPT_MONTH)
			month = arg;
		else if (opt == OPT_PER_PERSON)
			per = arg;
		else if (opt == OPT_SEED)
			seed_text = arg;
	}
	if ((rc = cli_args_done(&it, opt)) >= 0)
		return rc;
	if ((rc = cli_setup(c)) || (rc = cli_want_positional(&it, 0, "")))
		return rc;
	if (!month)
		return cli_usage_error(c, _("missing --month"));
	if (grid_period_month(&p, month, c->now))
		return cli_usage_error(c, "--month: %s", cli_errmsg());
	if ((per && (rc = cli_parse_int(c, "per-person", per, 1, 1000, &n))) ||
		(seed_text && (rc = cli_parse_int(c, "seed", seed_text, 0, INT64_MAX, &seed))))
		return rc;
	if (!(o = out_begin(c, diary_cols, NDIARY)))
		return out_end(o);
	return out_finish(o, grid_diary_sample(c->db, month, (int)n,
		seed_text ? (uint64_t)seed : grid_diary_seed(month), print_diary, o));
}

const struct cli_verb cli_log_verbs[] = {
	{ "add", cmd_log_add, CLI_NEED_DB, "grid log add --unit CODE --text TEXT [--by ID] [--date DATE] [--replace]", N_("Write a duty diary entry; prints its id.") },
	{ "list", cmd_log_list, CLI_NEED_DB | CLI_FORMATS, "grid log list [--unit CODE] [--by ID] [--since D] [--until D] [--month M] [--limit N] [--format FMT]", N_("List diary entries.") },
	{ "review", cmd_log_review, CLI_NEED_DB, "grid log review ID --score 0..100 [--note TEXT]", N_("Score a diary entry.") },
	{ "sample", cmd_log_sample, CLI_NEED_DB | CLI_FORMATS, "grid log sample --month M [--per-person N] [--seed S] [--format FMT]", N_("Pick entries for the monthly spot check.") },
	{ NULL, NULL, 0, NULL, NULL },
};
