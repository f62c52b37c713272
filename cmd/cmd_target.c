/* grid target: the year's targets, the figures recorded against them,
 * and where they stand against the schedule. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "measures.h"

/* Parse the amount given with --OPT into *out: a usage error naming the
 * option, as for any malformed option value. */
static int parse_amount(const struct cli *c, const char *opt, const char *text, grid_decimal *out)
{
	if (grid_decimal_parse(text, out))
		return cli_usage_error(c, "--%s: %s", opt, cli_errmsg());
	return 0;
}

static int cmd_target_set(struct cli *c, int argc, char **argv)
{
	enum { OPT_YEAR = 1, OPT_VALUE, OPT_UNIT, OPT_NAME, OPT_MEASURE };
	static const struct cli_opt opts[] = {
		{ "year", 0, ARG_REQUIRED, OPT_YEAR },
		{ "value", 0, ARG_REQUIRED, OPT_VALUE },
		{ "unit", 0, ARG_REQUIRED, OPT_UNIT },
		{ "name", 0, ARG_REQUIRED, OPT_NAME },
		{ "measure", 0, ARG_REQUIRED, OPT_MEASURE },
		{ NULL, 0, ARG_NONE, 0 },
	};
	grid_target_set_opts o = GRID_TARGET_SET_OPTS_INIT;
	const char *year = NULL, *value = NULL, *arg;
	struct cli_args it;
	long long y = 0;
	int64_t id;
	int opt, rc;

	cli_args_init(&it, c, argc, argv, opts);
	while ((opt = cli_next(&it, &arg)) > 0) {
		if (opt == OPT_YEAR)
			year = arg;
		else if (opt == OPT_VALUE)
			value = arg;
		else if (opt == OPT_UNIT)
			o.unit = arg;
		else if (opt == OPT_NAME)
			o.name = arg;
		else
			o.measure = arg;
	}
	if ((rc = cli_args_done(&it, opt)) >= 0)
		return rc;
	if ((rc = cli_setup(c)) || (rc = cli_want_positional(&it, 1, "INDICATOR")))
		return rc;
	if (!year)
		return cli_usage_error(c, _("missing --year"));
	if (!value)
		return cli_usage_error(c, _("missing --value"));
	if ((rc = cli_parse_int(c, "year", year, 1, 9999, &y)) || (rc = parse_amount(c, "value", value, &o.value)) ||
		(rc = measure_check_arg(c, "--unit", o.unit, GRID_TEXT_CODE)))
		return rc;
	o.indicator = it.pos[0];
	o.year = (int)y;
	if ((rc = grid_target_set(c->db, &o, &id)))
		return cli_fail(rc);
	out_id(id);
	return EXIT_OK;
}

static int cmd_target_record(struct cli *c, int argc, char **argv)
{
	enum { OPT_AS_OF = 1, OPT_VALUE, OPT_UNIT };
	static const struct cli_opt opts[] = {
		{ "as-of", 0, ARG_REQUIRED, OPT_AS_OF },
		{ "value", 0, ARG_REQUIRED, OPT_VALUE },
		{ "unit", 0, ARG_REQUIRED, OPT_UNIT },
		{ NULL, 0, ARG_NONE, 0 },
	};
	grid_target_record_opts o = GRID_TARGET_RECORD_OPTS_INIT;
	const char *as_of = NULL, *value = NULL, *arg;
	char date[16];
	struct cli_args it;
	int64_t id;
	int opt, rc;

	cli_args_init(&it, c, argc, argv, opts);
	while ((opt = cli_next(&it, &arg)) > 0) {
		if (opt == OPT_AS_OF)
			as_of = arg;
		else if (opt == OPT_VALUE)
			value = arg;
		else
			o.unit = arg;
	}
	if ((rc = cli_args_done(&it, opt)) >= 0)
		return rc;
	if ((rc = cli_setup(c)) || (rc = cli_want_positional(&it, 1, "INDICATOR")))
		return rc;
	if (!as_of)
		return cli_usage_error(c, _("missing --as-of"));
	if (!value)
		return cli_usage_error(c, _("missing --value"));
	if ((rc = cli_parse_date(c, "as-of", as_of, date, sizeof date)) ||
		(rc = parse_amount(c, "value", value, &o.value)) ||
		(rc = measure_check_arg(c, "--unit", o.unit, GRID_TEXT_CODE)))
		return rc;
	o.indicator = it.pos[0];
	o.as_of = date;
	if ((rc = grid_target_record(c->db, &o, &id)))
		return cli_fail(rc);
	out_id(id);
	return EXIT_OK;
}

/* ---- progress -------------------------------------------------------------- */

/* Every column, as json, csv, tsv and xlsx write them. */
const struct out_col cli_target_cols[CLI_TARGET_NCOLS] = {
	{ "indicator", N_("INDICATOR"), OUT_STR },
	{ "name", N_("NAME"), OUT_STR },
	{ "measure", N_("MEASURE"), OUT_STR },
	{ "unit", N_("UNIT"), OUT_STR },
	{ "unit_name", N_("UNIT NAME"), OUT_STR },
	{ "target", N_("TARGET"), OUT_DECIMAL },
	{ "actual", N_("ACTUAL"), OUT_DECIMAL },
	{ "as_of", N_("AS OF"), OUT_DATE },
	{ "completion", N_("COMPLETION"), OUT_RATE },
	{ "schedule", N_("SCHEDULE"), OUT_RATE },
	{ "points", N_("POINTS AHEAD"), OUT_DECIMAL },
	{ "due", N_("AMOUNT DUE"), OUT_DECIMAL },
	{ "over", N_("OVER"), OUT_DECIMAL },
	{ "last_year", N_("SAME DAY LAST YEAR"), OUT_DECIMAL },
	{ "last_year_as_of", N_("LAST YEAR AS OF"), OUT_DATE },
	{ "yoy", N_("YOY"), OUT_RATE },
};

#define NPROGRESS CLI_TARGET_NCOLS

/* The columns text shows, of cli_target_cols: a person reads the figure's
 * date and the amounts without the unit's name, the amount due and last
 * year's date. */
static const size_t text_pick[] = { 0, 1, 2, 3, 5, 6, 7, 8, 9, 10, 12, 13, 15 };

#define NTEXT (sizeof(text_pick) / sizeof(text_pick[0]))

/* D as written; with SIGN (text), a plus before a positive amount. */
static const char *amount(char *buf, grid_decimal d, int sign)
{
	if (sign && d.value > 0) {
		buf[0] = '+';
		grid_decimal_format(buf + 1, d.value, d.decimals);
		return buf;
	}
	return grid_decimal_format(buf, d.value, d.decimals);
}

static struct out_val amount_val(char *buf, int has, grid_decimal d, int sign)
{
	return has ? out_decimal(amount(buf, d, sign)) : out_null();
}

/* A rate: text shows the library's percentage (47.28%), json, csv and tsv
 * the fraction to six decimals (0.472759), xlsx a percent cell. */
static struct out_val rate_val(char *buf, size_t size, const grid_target_ratio *r)
{
	uint64_t m;
	struct out_val v;

	if (!r->has)
		return out_null();
	m = r->millionths < 0 ? -(uint64_t)r->millionths : (uint64_t)r->millionths;
	snprintf(buf, size, "%s%llu.%06llu", r->millionths < 0 ? "-" : "", (unsigned long long)(m / 1000000),
		(unsigned long long)(m % 1000000));
	/* Hundredths of a percent over 10000: the text rounds nothing more. */
	v = out_rate(r->percent.value / 100, 10000);
	v.d = (double)r->millionths / 1e6;
	v.s = buf;
	return v;
}

void cli_target_vals(int text, const grid_target_row *r, struct cli_target_text *t, struct out_val *v)
{
	v[0] = out_str(r->indicator);
	v[1] = out_str(r->name);
	v[2] = out_str(r->measure);
	v[3] = out_str(r->unit);
	v[4] = out_str(r->unit_name);
	v[5] = amount_val(t->target, 1, r->target, 0);
	v[6] = amount_val(t->actual, r->has_actual, r->actual, 0);
	v[7] = out_str(r->as_of);
	v[8] = rate_val(t->rates[0], sizeof t->rates[0], &r->completion);
	v[9] = rate_val(t->rates[1], sizeof t->rates[1], &r->schedule);
	v[10] = amount_val(t->points, r->has_points, r->points, text);
	v[11] = amount_val(t->due, r->has_over, r->due, 0);
	v[12] = amount_val(t->over, r->has_over, r->over, text);
	v[13] = amount_val(t->last, r->has_last, r->last, 0);
	v[14] = out_str(r->last_as_of);
	v[15] = rate_val(t->rates[2], sizeof t->rates[2], &r->yoy);
}

static int print_progress_json(const struct cli *c, const grid_targets *p)
{
	json_t *doc = json_object(), *rows = json_array();
	struct out_val v[NPROGRESS];
	struct cli_target_text t;
	size_t i;

	json_object_set_new(doc, "year", json_integer(p->year));
	json_object_set_new(doc, "as_of", json_string(p->as_of));
	json_object_set_new(doc, "schedule_by", json_string(grid_target_schedule_name(p->schedule)));
	for (i = 0; i < p->nrows; i++) {
		cli_target_vals(c->format == FMT_TEXT, &p->rows[i], &t, v);
		json_array_append_new(rows, out_json_row(cli_target_cols, NPROGRESS, v));
	}
	json_object_set_new(doc, "rows", rows);
	return out_json_dump(doc);
}

static int print_progress(struct cli *c, const grid_targets *p)
{
	static struct out_col text_cols[NTEXT];
	struct out_val v[NPROGRESS], tv[NTEXT];
	int text = c->format == FMT_TEXT;
	struct cli_target_text t;
	struct out *o;
	size_t i, k;

	if (c->format == FMT_JSON)
		return print_progress_json(c, p);
	for (k = 0; k < NTEXT; k++)
		text_cols[k] = cli_target_cols[text_pick[k]];
	if (text)
		printf(p->schedule == GRID_SCHEDULE_DAYS ? _("Targets of %d as of %s, the schedule by days\n")
							 : _("Targets of %d as of %s, the schedule by months\n"),
			p->year, p->as_of);
	if (!(o = out_begin(c, text ? text_cols : cli_target_cols, text ? NTEXT : NPROGRESS)))
		return out_end(o);
	for (i = 0; i < p->nrows; i++) {
		cli_target_vals(c->format == FMT_TEXT, &p->rows[i], &t, v);
		for (k = 0; text && k < NTEXT; k++)
			tv[k] = v[text_pick[k]];
		out_row(o, text ? tv : v);
	}
	return out_end(o);
}

static int cmd_target_progress(struct cli *c, int argc, char **argv)
{
	enum { OPT_AS_OF = 1, OPT_YEAR, OPT_UNIT };
	static const struct cli_opt opts[] = {
		{ "as-of", 0, ARG_REQUIRED, OPT_AS_OF },
		{ "year", 0, ARG_REQUIRED, OPT_YEAR },
		{ "unit", 0, ARG_REQUIRED, OPT_UNIT },
		{ NULL, 0, ARG_NONE, 0 },
	};
	grid_target_query q = GRID_TARGET_QUERY_INIT;
	const char *as_of = NULL, *year = NULL, *arg;
	grid_targets *p = NULL;
	char date[16];
	struct cli_args it;
	long long y = 0;
	int opt, rc;

	cli_args_init(&it, c, argc, argv, opts);
	while ((opt = cli_next(&it, &arg)) > 0) {
		if (opt == OPT_AS_OF)
			as_of = arg;
		else if (opt == OPT_YEAR)
			year = arg;
		else
			q.unit = arg;
	}
	if ((rc = cli_args_done(&it, opt)) >= 0)
		return rc;
	if ((rc = cli_setup(c)) || (rc = cli_want_positional(&it, 0, "")) ||
		(as_of && (rc = cli_parse_date(c, "as-of", as_of, date, sizeof date))) ||
		(year && (rc = cli_parse_int(c, "year", year, 1, 9999, &y))) ||
		(rc = measure_check_arg(c, "--unit", q.unit, GRID_TEXT_CODE)))
		return rc;
	if (as_of && year && atoi(date) != y)
		return cli_usage_error(c, _("--as-of %s is not in --year %s"), date, year);
	q.as_of = as_of ? date : NULL;
	q.year = (int)y;
	if ((rc = grid_target_progress(c->db, &q, &p)))
		return cli_fail(rc);
	rc = print_progress(c, p);
	grid_target_progress_free(p);
	return rc;
}

/* ---- list and log ---------------------------------------------------------- */

static const struct out_col list_cols[] = {
	{ "year", N_("YEAR"), OUT_INT },
	{ "indicator", N_("INDICATOR"), OUT_STR },
	{ "name", N_("NAME"), OUT_STR },
	{ "measure", N_("MEASURE"), OUT_STR },
	{ "unit", N_("UNIT"), OUT_STR },
	{ "target", N_("TARGET"), OUT_DECIMAL },
	{ "set_by", N_("SET BY"), OUT_STR },
	{ "set_at", N_("SET AT"), OUT_TIME },
};

static int print_item(void *ctx, const grid_target_item *t)
{
	char value[GRID_DECIMAL_BUFSZ];
	struct out_val v[8];

	v[0] = out_int(t->year);
	v[1] = out_str(t->indicator);
	v[2] = out_str(t->name);
	v[3] = out_str(t->measure);
	v[4] = out_str(t->unit);
	v[5] = out_decimal(amount(value, t->value, 0));
	v[6] = out_str(t->set_by);
	v[7] = out_time(t->set_at, 1);
	out_row(ctx, v);
	return 0;
}

static int cmd_target_list(struct cli *c, int argc, char **argv)
{
	enum { OPT_YEAR = 1 };
	static const struct cli_opt opts[] = {
		{ "year", 0, ARG_REQUIRED, OPT_YEAR },
		{ NULL, 0, ARG_NONE, 0 },
	};
	const char *year = NULL, *arg;
	struct cli_args it;
	struct out *o;
	long long y = 0;
	int opt, rc;

	cli_args_init(&it, c, argc, argv, opts);
	while ((opt = cli_next(&it, &arg)) > 0)
		year = arg;
	if ((rc = cli_args_done(&it, opt)) >= 0)
		return rc;
	if ((rc = cli_setup(c)) || (rc = cli_want_positional(&it, 0, "")) ||
		(year && (rc = cli_parse_int(c, "year", year, 1, 9999, &y))))
		return rc;
	if (!(o = out_begin(c, list_cols, sizeof(list_cols) / sizeof(list_cols[0]))))
		return out_end(o);
	return out_finish(o, grid_target_list(c->db, (int)y, print_item, o));
}

static const struct out_col log_cols[] = {
	{ "id", N_("ID"), OUT_INT },
	{ "indicator", N_("INDICATOR"), OUT_STR },
	{ "unit", N_("UNIT"), OUT_STR },
	{ "as_of", N_("AS OF"), OUT_DATE },
	{ "value", N_("FIGURE"), OUT_DECIMAL },
	{ "recorded_by", N_("RECORDED BY"), OUT_STR },
	{ "recorded_at", N_("RECORDED AT"), OUT_TIME },
	{ "superseded", N_("CORRECTED LATER"), OUT_BOOL },
};

static int print_figure(void *ctx, const grid_target_figure *f)
{
	char value[GRID_DECIMAL_BUFSZ];
	struct out_val v[8];

	v[0] = out_int(f->id);
	v[1] = out_str(f->indicator);
	v[2] = out_str(f->unit);
	v[3] = out_str(f->as_of);
	v[4] = out_decimal(amount(value, f->value, 0));
	v[5] = out_str(f->recorded_by);
	v[6] = out_time(f->recorded_at, 1);
	v[7] = out_bool(f->superseded);
	out_row(ctx, v);
	return 0;
}

static int cmd_target_log(struct cli *c, int argc, char **argv)
{
	struct cli_args it;
	struct out *o;
	int rc;

	if ((rc = cli_args_none(&it, c, argc, argv)) >= 0)
		return rc;
	if ((rc = cli_setup(c)) || (rc = cli_want_positional(&it, 1, "INDICATOR")))
		return rc;
	if (!(o = out_begin(c, log_cols, sizeof(log_cols) / sizeof(log_cols[0]))))
		return out_end(o);
	return out_finish(o, grid_target_log(c->db, it.pos[0], print_figure, o));
}

const struct cli_verb cli_target_verbs[] = {
	{ "set", cmd_target_set, CLI_NEED_DB,
		"grid target set INDICATOR --year Y --value V [--unit CODE] [--name NAME] [--measure TEXT]",
		N_("Set a year's target of an indicator; prints its id.") },
	{ "record", cmd_target_record, CLI_NEED_DB, "grid target record INDICATOR --as-of DATE --value V [--unit CODE]",
		N_("Record a cumulative figure from 1 January to a date; prints its id.") },
	{ "progress", cmd_target_progress, CLI_NEED_DB | CLI_FORMATS,
		"grid target progress [--as-of DATE] [--year Y] [--unit CODE] [--format FMT]",
		N_("Where each target of the year stands against the schedule.") },
	{ "list", cmd_target_list, CLI_NEED_DB | CLI_FORMATS, "grid target list [--year Y] [--format FMT]",
		N_("List the targets as set, with who set them.") },
	{ "log", cmd_target_log, CLI_NEED_DB | CLI_FORMATS, "grid target log INDICATOR [--format FMT]",
		N_("List an indicator's figures as recorded, corrections included.") },
	{ NULL, NULL, 0, NULL, NULL },
};
