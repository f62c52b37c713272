/* grid visit and grid log: household visits and duty diaries, and the
 * stats verbs over them (grid stats visits, grid stats diary). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

/* ---- shared ---------------------------------------------------------------- */

/* Read FILE ("-" for standard input) whole into a malloc'd buffer. */
static int read_input(const char *file, char **data, size_t *len)
{
	FILE *f = strcmp(file, "-") == 0 ? stdin : fopen(file, "rb");
	size_t cap = 65536, n = 0;
	char *buf = NULL;
	struct stat sb;
	int rc = EXIT_FAIL;

	if (!f) {
		cli_error(_("cannot open '%s': %s"), file, strerror(errno));
		return EXIT_FAIL;
	}
	if (fstat(fileno(f), &sb) == 0 && S_ISDIR(sb.st_mode)) {
		cli_error(_("'%s' is a folder, not a CSV file"), file);
		rc = EXIT_INPUT;
		goto done;
	}
	buf = malloc(cap);
	while (buf) {
		size_t got = fread(buf + n, 1, cap - n, f);

		n += got;
		if (n < cap) {
			if (ferror(f)) {
				cli_error(_("cannot read '%s': %s"), file, strerror(errno));
				goto done;
			}
			break;
		}
		cap *= 2;
		{
			char *v = realloc(buf, cap);

			if (!v) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = v;
		}
	}
	if (!buf) {
		cli_error(_("out of memory reading '%s'"), file);
		goto done;
	}
	*data = buf;
	*len = n;
	buf = NULL;
	rc = 0;
done:
	free(buf);
	if (f != stdin)
		fclose(f);
	return rc;
}

static int parse_time_opt(const struct cli *c, const char *opt, const char *text, int64_t *out)
{
	if (grid_time_parse(out, text)) {
		cli_usage_error(c, "--%s: %s", opt, grid_errmsg());
		return EXIT_USAGE;
	}
	return 0;
}

static int parse_date_opt(const struct cli *c, const char *opt, const char *text, char *buf, size_t size)
{
	int64_t t;

	if (grid_date_parse(&t, text)) {
		cli_usage_error(c, "--%s: %s", opt, grid_errmsg());
		return EXIT_USAGE;
	}
	grid_date_format(buf, size, t);
	return 0;
}

/* ---- grid visit ---------------------------------------------------------- */

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
	if ((rc = cli_want_positional(&it, 0, "")))
		return rc;
	if (!v.unit)
		return cli_usage_error(c, _("missing --unit"));
	if (!v.household)
		return cli_usage_error(c, _("missing --household"));
	if (at && (rc = parse_time_opt(c, "at", at, &v.at)))
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

static int cmd_visit_import(struct cli *c, int argc, char **argv)
{
	enum { OPT_DRY_RUN = 1 };
	static const struct cli_opt opts[] = {
		{ "dry-run", 'n', ARG_NONE, OPT_DRY_RUN },
		{ NULL, 0, ARG_NONE, 0 },
	};
	struct cli_args it;
	const char *arg, *file;
	unsigned flags = 0;
	char *data = NULL;
	size_t len = 0;
	int64_t added = 0, unchanged = 0;
	int opt, rc, nerrors = 0;

	cli_args_init(&it, c, argc, argv, opts);
	while ((opt = cli_next(&it, &arg)) > 0)
		if (opt == OPT_DRY_RUN)
			flags |= GRID_IMPORT_DRY_RUN;
	if ((rc = cli_args_done(&it, opt)) >= 0)
		return rc;
	if ((rc = cli_want_positional(&it, 1, "FILE")))
		return rc;
	file = it.pos[0];
	if ((rc = read_input(file, &data, &len)))
		return rc;
	rc = grid_visit_import_counts(c->db, strcmp(file, "-") == 0 ? "<stdin>" : file, data, len, flags,
		print_import_error, &nerrors, &added, &unchanged);
	free(data);
	/* A single error is its own one-line message; several get a summary. */
	if (rc == GRID_EINPUT && nerrors == 1)
		return EXIT_INPUT;
	if (rc)
		return cli_fail(rc);
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
	long long n;
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
	if ((rc = cli_want_positional(&it, 0, "")))
		return rc;
	if (since && (rc = parse_time_opt(c, "since", since, &f.since)))
		return rc;
	if (until && (rc = parse_time_opt(c, "until", until, &f.until)))
		return rc;
	if (limit) {
		if ((rc = cli_parse_int(c, "limit", limit, 1, INT64_MAX, &n)))
			return rc;
		f.limit = n;
	}
	o = out_begin(c, visit_cols, sizeof(visit_cols) / sizeof(visit_cols[0]));
	if (!o)
		return out_end(o);
	if ((rc = grid_visit_list(c->db, &f, print_visit, o))) {
		out_discard(o);
		return cli_fail(rc);
	}
	return out_end(o);
}

/* ---- grid log ------------------------------------------------------------ */

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
	if ((rc = cli_want_positional(&it, 0, "")))
		return rc;
	if (!d.unit)
		return cli_usage_error(c, _("missing --unit"));
	if (!d.text)
		return cli_usage_error(c, _("missing --text"));
	if (d.date) {
		if ((rc = parse_date_opt(c, "date", d.date, date, sizeof(date))))
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

static int cmd_log_list(struct cli *c, int argc, char **argv)
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
	grid_diary_filter f = GRID_DIARY_FILTER_INIT;
	const char *since = NULL, *until = NULL, *month = NULL, *limit = NULL, *arg;
	char since_buf[16], until_buf[16];
	struct cli_args it;
	struct out *o;
	long long n;
	int opt, rc;

	cli_args_init(&it, c, argc, argv, opts);
	while ((opt = cli_next(&it, &arg)) > 0) {
		if (opt == OPT_UNIT)
			f.unit = arg;
		else if (opt == OPT_BY)
			f.by = arg;
		else if (opt == OPT_SINCE)
			since = arg;
		else if (opt == OPT_UNTIL)
			until = arg;
		else if (opt == OPT_MONTH)
			month = arg;
		else if (opt == OPT_LIMIT)
			limit = arg;
	}
	if ((rc = cli_args_done(&it, opt)) >= 0)
		return rc;
	if ((rc = cli_want_positional(&it, 0, "")))
		return rc;
	if (month && (since || until))
		return cli_usage_error(c, _("give --month or --since/--until, not both"));
	if (month) {
		grid_period p;

		if (grid_period_month(&p, month, c->now))
			return cli_usage_error(c, "--month: %s", grid_errmsg());
		grid_date_format(since_buf, sizeof(since_buf), p.since);
		grid_date_format(until_buf, sizeof(until_buf), p.until);
		f.since = since_buf;
		f.until = until_buf;
	}
	if (since) {
		if ((rc = parse_date_opt(c, "since", since, since_buf, sizeof(since_buf))))
			return rc;
		f.since = since_buf;
	}
	if (until) {
		if ((rc = parse_date_opt(c, "until", until, until_buf, sizeof(until_buf))))
			return rc;
		f.until = until_buf;
	}
	if (limit) {
		if ((rc = cli_parse_int(c, "limit", limit, 1, INT64_MAX, &n)))
			return rc;
		f.limit = n;
	}
	o = out_begin(c, diary_cols, sizeof(diary_cols) / sizeof(diary_cols[0]));
	if (!o)
		return out_end(o);
	if ((rc = grid_diary_list(c->db, &f, print_diary, o))) {
		out_discard(o);
		return cli_fail(rc);
	}
	return out_end(o);
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
	if ((rc = cli_want_positional(&it, 1, "ID")))
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
	if ((rc = cli_want_positional(&it, 0, "")))
		return rc;
	if (!month)
		return cli_usage_error(c, _("missing --month"));
	if (grid_period_month(&p, month, c->now))
		return cli_usage_error(c, "--month: %s", grid_errmsg());
	if (per && (rc = cli_parse_int(c, "per-person", per, 1, 1000, &n)))
		return rc;
	if (seed_text && (rc = cli_parse_int(c, "seed", seed_text, 0, INT64_MAX, &seed)))
		return rc;
	o = out_begin(c, diary_cols, sizeof(diary_cols) / sizeof(diary_cols[0]));
	if (!o)
		return out_end(o);
	rc = grid_diary_sample(c->db, month, (int)n, seed_text ? (uint64_t)seed : grid_diary_seed(month), print_diary,
		o);
	if (rc) {
		out_discard(o);
		return cli_fail(rc);
	}
	return out_end(o);
}

/* ---- grid stats visits | diary -------------------------------------------- */

enum stats_kind { STATS_VISITS, STATS_DIARY };

static const struct out_col visits_cols[] = {
	{ "key", N_("UNIT"), OUT_STR },
	{ "name", N_("NAME"), OUT_STR },
	{ "households", N_("HOUSEHOLDS"), OUT_INT },
	{ "visited", N_("VISITED"), OUT_INT },
	{ "rate", N_("VISIT RATE"), OUT_RATE },
};

static const struct out_col diary_unit_cols[] = {
	{ "key", N_("UNIT"), OUT_STR },
	{ "name", N_("NAME"), OUT_STR },
	{ "expected", N_("EXPECTED"), OUT_INT },
	{ "written", N_("WRITTEN"), OUT_INT },
	{ "rate", N_("COMPLIANCE"), OUT_RATE },
	{ "mean_score", N_("MEAN SCORE"), OUT_REAL },
};

static const struct out_col diary_person_cols[] = {
	{ "key", N_("PERSON"), OUT_STR },
	{ "name", N_("NAME"), OUT_STR },
	{ "expected", N_("EXPECTED"), OUT_INT },
	{ "written", N_("WRITTEN"), OUT_INT },
	{ "rate", N_("COMPLIANCE"), OUT_RATE },
	{ "mean_score", N_("MEAN SCORE"), OUT_REAL },
};

struct stats_out {
	enum stats_kind kind;
	const struct out_col *cols;
	size_t ncols;
	json_t *rows;       /* JSON: the rows array */
	struct out *table;  /* other formats */
};

/* Values of a row; vals[0..1] are key and name. */
static void measure_vals(enum stats_kind kind, const grid_measure *m, struct out_val *v)
{
	if (kind == STATS_VISITS) {
		v[2] = out_int(m->households);
		v[3] = out_int(m->visited);
		v[4] = out_rate(m->visited, m->households);
		return;
	}
	v[2] = out_int(m->expected);
	v[3] = out_int(m->written);
	/* Compliance is capped at 1: entries beyond one a working day do not
	 * make up for missing ones elsewhere in the report. */
	v[4] = out_rate(m->written < m->expected ? m->written : m->expected, m->expected);
	v[5] = m->scored ? out_real((double)m->score_sum / (double)m->scored) : out_null();
}

static int stats_row(void *ctx, const grid_stats_row *row)
{
	struct stats_out *so = ctx;
	struct out_val v[6];

	v[0] = out_str(row->key);
	v[1] = out_str(row->name);
	measure_vals(so->kind, &row->m, v);
	if (so->rows)
		json_array_append_new(so->rows, out_json_row(so->cols, so->ncols, v));
	else
		out_row(so->table, v);
	return 0;
}

static int run_stats(struct cli *c, int argc, char **argv, enum stats_kind kind)
{
	enum { OPT_UNIT = 1, OPT_BY, OPT_WEEK, OPT_MONTH, OPT_SINCE, OPT_UNTIL };
	static const struct cli_opt visit_opts[] = {
		{ "unit", 0, ARG_REQUIRED, OPT_UNIT },
		{ "by", 0, ARG_REQUIRED, OPT_BY },
		{ "week", 0, ARG_REQUIRED, OPT_WEEK },
		{ "month", 0, ARG_REQUIRED, OPT_MONTH },
		{ "since", 0, ARG_REQUIRED, OPT_SINCE },
		{ "until", 0, ARG_REQUIRED, OPT_UNTIL },
		{ NULL, 0, ARG_NONE, 0 },
	};
	static const struct cli_opt diary_opts[] = {
		{ "unit", 0, ARG_REQUIRED, OPT_UNIT },
		{ "by", 0, ARG_REQUIRED, OPT_BY },
		{ "week", 0, ARG_REQUIRED, OPT_WEEK },
		{ "month", 0, ARG_REQUIRED, OPT_MONTH },
		{ "since", 0, ARG_REQUIRED, OPT_SINCE },
		{ "until", 0, ARG_REQUIRED, OPT_UNTIL },
		{ NULL, 0, ARG_NONE, 0 },
	};
	grid_stats_query q = GRID_STATS_QUERY_INIT;
	const char *week = NULL, *month = NULL, *since = NULL, *until = NULL, *arg;
	struct stats_out so;
	struct cli_args it;
	grid_measure total;
	struct out_val v[6];
	char iso[40];
	json_t *doc = NULL, *tot;
	size_t i;
	int opt, rc;

	memset(&so, 0, sizeof(so));
	so.kind = kind;
	q.by = kind == STATS_DIARY ? GRID_BY_PERSON : GRID_BY_UNIT;
	cli_args_init(&it, c, argc, argv, kind == STATS_DIARY ? diary_opts : visit_opts);
	while ((opt = cli_next(&it, &arg)) > 0) {
		if (opt == OPT_UNIT)
			q.unit = arg;
		else if (opt == OPT_WEEK)
			week = arg;
		else if (opt == OPT_MONTH)
			month = arg;
		else if (opt == OPT_SINCE)
			since = arg;
		else if (opt == OPT_UNTIL)
			until = arg;
		else if (opt == OPT_BY && kind == STATS_VISITS) {
			/* Visits are counted per household of a unit: no other grouping. */
			if (strcmp(arg, "unit") != 0)
				return cli_usage_error(c, _("--by takes unit, not '%s'"), arg);
		} else if (opt == OPT_BY) {
			if (strcmp(arg, "person") == 0)
				q.by = GRID_BY_PERSON;
			else if (strcmp(arg, "unit") == 0)
				q.by = GRID_BY_UNIT;
			else
				return cli_usage_error(c, _("--by takes person or unit, not '%s'"), arg);
		}
	}
	if ((rc = cli_args_done(&it, opt)) >= 0)
		return rc;
	if ((rc = cli_want_positional(&it, 0, "")))
		return rc;
	if ((rc = cli_period(c, &q.period, week, month, since, until, 0)))
		return rc;
	if (kind == STATS_VISITS) {
		so.cols = visits_cols;
		so.ncols = sizeof(visits_cols) / sizeof(visits_cols[0]);
	} else {
		so.cols = q.by == GRID_BY_PERSON ? diary_person_cols : diary_unit_cols;
		so.ncols = sizeof(diary_unit_cols) / sizeof(diary_unit_cols[0]);
	}
	if (c->format == FMT_JSON) {
		so.rows = json_array();
	} else {
		so.table = out_begin(c, so.cols, so.ncols);
		if (!so.table)
			return out_end(so.table);
	}
	rc = kind == STATS_VISITS ? grid_stats_visits(c->db, &q, stats_row, &so, &total)
				  : grid_stats_diary(c->db, &q, stats_row, &so, &total);
	if (rc) {
		if (so.rows)
			json_decref(so.rows);
		else
			out_discard(so.table);
		return cli_fail(rc);
	}
	v[0] = out_str("");
	v[1] = out_str(_("total"));
	measure_vals(kind, &total, v);
	if (!so.rows) {
		/* A total row is for the eye: csv and tsv carry rows only, as
		 * the case measures do, so that summing a column is right. */
		if (c->format == FMT_TEXT)
			out_row(so.table, v);
		return out_end(so.table);
	}
	doc = json_object();
	grid_time_format(iso, sizeof(iso), q.period.since);
	json_object_set_new(doc, "since", json_string(iso));
	grid_time_format(iso, sizeof(iso), q.period.until);
	json_object_set_new(doc, "until", json_string(iso));
	grid_time_format(iso, sizeof(iso), q.period.as_of);
	json_object_set_new(doc, "as_of", json_string(iso));
	json_object_set_new(doc, "unit", q.unit ? json_string(q.unit) : json_null());
	json_object_set_new(doc, "by", json_string(q.by == GRID_BY_PERSON ? "person" : "unit"));
	json_object_set_new(doc, "rows", so.rows);
	tot = json_object();
	for (i = 2; i < so.ncols; i++)
		json_object_set_new(tot, so.cols[i].key, out_json_value(&so.cols[i], &v[i]));
	json_object_set_new(doc, "total", tot);
	return out_json_dump(doc);
}

int cmd_stats_visits(struct cli *c, int argc, char **argv)
{
	return run_stats(c, argc, argv, STATS_VISITS);
}

int cmd_stats_diary(struct cli *c, int argc, char **argv)
{
	return run_stats(c, argc, argv, STATS_DIARY);
}

const struct cli_verb cli_visit_verbs[] = {
	{ "add", cmd_visit_add, CLI_NEED_DB, "grid visit add --unit CODE --household H [--by ID] [--at TIME] [--note TEXT]", N_("Record a household visit; prints its id.") },
	{ "import", cmd_visit_import, CLI_NEED_DB, "grid visit import FILE.csv|- [--dry-run]", N_("Load visits from CSV, all or nothing.") },
	{ "list", cmd_visit_list, CLI_NEED_DB | CLI_FORMATS, "grid visit list [--unit CODE] [--since T] [--until T] [--by ID] [--limit N] [--format FMT]", N_("List visits.") },
	{ NULL, NULL, 0, NULL, NULL },
};

const struct cli_verb cli_log_verbs[] = {
	{ "add", cmd_log_add, CLI_NEED_DB, "grid log add --unit CODE --text TEXT [--by ID] [--date DATE] [--replace]", N_("Write a duty diary entry; prints its id.") },
	{ "list", cmd_log_list, CLI_NEED_DB | CLI_FORMATS, "grid log list [--unit CODE] [--by ID] [--since D] [--until D] [--month M] [--limit N] [--format FMT]", N_("List diary entries.") },
	{ "review", cmd_log_review, CLI_NEED_DB, "grid log review ID --score 0..100 [--note TEXT]", N_("Score a diary entry.") },
	{ "sample", cmd_log_sample, CLI_NEED_DB | CLI_FORMATS, "grid log sample --month M [--per-person N] [--seed S] [--format FMT]", N_("Pick entries for the monthly spot check.") },
	{ NULL, NULL, 0, NULL, NULL },
};
