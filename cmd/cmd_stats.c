/* grid stats and grid rank: the measures of domain.md. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "measures.h"

#define PERIOD_USAGE "[--week W | --month M | --since T --until T]"
#define GRID_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

int measure_check_arg(const struct cli *c, const char *opt, const char *value, enum grid_text_kind kind)
{
	char why[128];

	if (!value || grid_text_check(value, strlen(value), kind, why, sizeof(why)) == GRID_OK)
		return 0;
	return cli_usage_error(c, "%s '%.64s' %s", opt, value, why);
}

static const struct out_col closure_cols[] = {
	{ "found", N_("FOUND"), OUT_INT },
	{ "resolved", N_("RESOLVED"), OUT_INT },
	{ "rate", N_("RATE"), OUT_RATE },
};
static const struct out_col ontime_cols[] = {
	{ "due", N_("DUE"), OUT_INT },
	{ "on_time", N_("ON TIME"), OUT_INT },
	{ "rate", N_("RATE"), OUT_RATE },
};
static const struct out_col rework_cols[] = {
	{ "resolved", N_("RESOLVED"), OUT_INT },
	{ "reopened", N_("REOPENED"), OUT_INT },
	{ "rate", N_("RATE"), OUT_RATE },
};
static const struct out_col escalation_cols[] = {
	{ "resolved", N_("RESOLVED"), OUT_INT },
	{ "at_level", N_("AT LEVEL"), OUT_INT },
	{ "one_up", N_("ONE UP"), OUT_INT },
	{ "two_up", N_("TWO+ UP"), OUT_INT },
};
static const struct out_col overdue_cols[] = {
	{ "overdue", N_("OVERDUE"), OUT_INT },
};

const struct out_col rank_cols[8] = {
	{ "rank", N_("RANK"), OUT_INT },
	{ "unit", N_("UNIT"), OUT_STR },
	{ "name", N_("NAME"), OUT_STR },
	{ "score", N_("SCORE"), OUT_RATE },
	{ "closure_rate", N_("CLOSURE RATE"), OUT_RATE },
	{ "on_time_rate", N_("ON-TIME RATE"), OUT_RATE },
	{ "visit_rate", N_("VISIT RATE"), OUT_RATE },
	{ "diary_compliance", N_("DIARY"), OUT_RATE },
};

const struct out_col *measure_cols(enum measure_kind kind, size_t *n)
{
	switch (kind) {
	case MEASURE_CLOSURE:
		*n = GRID_ARRAY_LEN(closure_cols);
		return closure_cols;
	case MEASURE_ONTIME:
		*n = GRID_ARRAY_LEN(ontime_cols);
		return ontime_cols;
	case MEASURE_REWORK:
		*n = GRID_ARRAY_LEN(rework_cols);
		return rework_cols;
	case MEASURE_ESCALATION:
		*n = GRID_ARRAY_LEN(escalation_cols);
		return escalation_cols;
	case MEASURE_OVERDUE:
		break;
	}
	*n = GRID_ARRAY_LEN(overdue_cols);
	return overdue_cols;
}

void measure_vals(enum measure_kind kind, const grid_measure *m, struct out_val *v)
{
	switch (kind) {
	case MEASURE_CLOSURE:
		v[0] = out_int(m->found);
		v[1] = out_int(m->resolved);
		v[2] = out_rate(m->resolved, m->found);
		return;
	case MEASURE_ONTIME:
		v[0] = out_int(m->due);
		v[1] = out_int(m->on_time);
		v[2] = out_rate(m->on_time, m->due);
		return;
	case MEASURE_REWORK:
		v[0] = out_int(m->resolved);
		v[1] = out_int(m->reopened);
		v[2] = out_rate(m->reopened, m->resolved);
		return;
	case MEASURE_ESCALATION:
		v[0] = out_int(m->resolved);
		v[1] = out_int(m->at_level);
		v[2] = out_int(m->one_up);
		v[3] = out_int(m->two_up);
		return;
	case MEASURE_OVERDUE:
		v[0] = out_int(m->overdue);
		return;
	}
}

void rank_vals(const grid_rank_row *r, struct out_val *v)
{
	const grid_measure *m = &r->m;

	v[0] = out_int(r->rank);
	v[1] = out_str(r->unit);
	v[2] = out_str(r->name);
	v[3] = r->has_score ? out_real(r->score) : out_null();
	v[4] = out_rate(m->resolved, m->found);
	v[5] = out_rate(m->on_time, m->due);
	v[6] = out_rate(m->visited, m->households);
	v[7] = out_rate(m->written < m->expected ? m->written : m->expected, m->expected);
}

int measure_collect(void *ctx, const grid_stats_row *row)
{
	struct measure_table *t = ctx;

	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;
		grid_stats_row *v = realloc(t->rows, cap * sizeof(*v));

		if (!v)
			return GRID_EFAIL;
		t->rows = v;
		t->cap = cap;
	}
	t->rows[t->n].key = strdup(row->key);
	t->rows[t->n].name = strdup(row->name);
	t->rows[t->n].m = row->m;
	t->n++;
	return t->rows[t->n - 1].key && t->rows[t->n - 1].name ? 0 : GRID_EFAIL;
}

void measure_table_free(struct measure_table *t)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		free((char *)t->rows[i].key);
		free((char *)t->rows[i].name);
	}
	free(t->rows);
	memset(t, 0, sizeof(*t));
}

void measure_json_period(json_t *doc, const grid_period *p)
{
	char buf[40];

	grid_time_format(buf, sizeof(buf), p->since);
	json_object_set_new(doc, "since", json_string(buf));
	grid_time_format(buf, sizeof(buf), p->until);
	json_object_set_new(doc, "until", json_string(buf));
	grid_time_format(buf, sizeof(buf), p->as_of);
	json_object_set_new(doc, "as_of", json_string(buf));
}

const char *measure_by_name(grid_stats_by by)
{
	switch (by) {
	case GRID_BY_CATEGORY:
		return "category";
	case GRID_BY_UNIT:
		return "unit";
	case GRID_BY_LEVEL:
		return "level";
	case GRID_BY_PERSON:
		return "person";
	}
	return "";
}

/* Print the stats document of KIND: JSON object, table with a total row
 * (text), or rows under a header (csv, tsv). */
static int print_measures(struct cli *c, enum measure_kind kind, const grid_stats_query *q,
	const struct measure_table *t)
{
	/* The key column says what the rows are; JSON and CSV keep "key". */
	static const char *const key_titles[] = {
		[GRID_BY_CATEGORY] = N_("CATEGORY"),
		[GRID_BY_UNIT] = N_("UNIT"),
		[GRID_BY_LEVEL] = N_("LEVEL"),
		[GRID_BY_PERSON] = N_("PERSON"),
	};
	struct out_col cols[6] = {
		{ "key", N_("KEY"), OUT_STR },
		{ "name", N_("NAME"), OUT_STR },
	};
	struct out_val vals[6];
	const struct out_col *mc;
	size_t nm, i;
	struct out *o;

	if ((size_t)q->by < sizeof(key_titles) / sizeof(key_titles[0]) && key_titles[q->by])
		cols[0].title = key_titles[q->by];
	mc = measure_cols(kind, &nm);
	memcpy(cols + 2, mc, nm * sizeof(*mc));
	if (c->format == FMT_JSON) {
		json_t *doc = json_object(), *rows = json_array();

		measure_json_period(doc, &q->period);
		json_object_set_new(doc, "unit", q->unit ? json_string(q->unit) : json_null());
		json_object_set_new(doc, "by", json_string(measure_by_name(q->by)));
		for (i = 0; i < t->n; i++) {
			vals[0] = out_str(t->rows[i].key);
			vals[1] = out_str(t->rows[i].name);
			measure_vals(kind, &t->rows[i].m, vals + 2);
			json_array_append_new(rows, out_json_row(cols, nm + 2, vals));
		}
		json_object_set_new(doc, "rows", rows);
		measure_vals(kind, &t->total, vals);
		json_object_set_new(doc, "total", out_json_row(mc, nm, vals));
		return out_json_dump(doc);
	}
	if (!(o = out_begin(c, cols, nm + 2)))
		return out_end(o);
	for (i = 0; i < t->n; i++) {
		vals[0] = out_str(t->rows[i].key);
		vals[1] = out_str(t->rows[i].name);
		measure_vals(kind, &t->rows[i].m, vals + 2);
		out_row(o, vals);
	}
	if (c->format == FMT_TEXT) {
		vals[0] = out_str(_("total"));
		vals[1] = out_str("");
		measure_vals(kind, &t->total, vals + 2);
		out_row(o, vals);
	}
	return out_end(o);
}

static int run_measure(struct cli *c, int argc, char **argv, enum measure_kind kind)
{
	enum { OPT_BY = 1, OPT_UNIT, OPT_WEEK, OPT_MONTH, OPT_SINCE, OPT_UNTIL };
	static const struct cli_opt opts[] = {
		{ "by", 0, ARG_REQUIRED, OPT_BY },
		{ "unit", 0, ARG_REQUIRED, OPT_UNIT },
		{ "week", 0, ARG_REQUIRED, OPT_WEEK },
		{ "month", 0, ARG_REQUIRED, OPT_MONTH },
		{ "since", 0, ARG_REQUIRED, OPT_SINCE },
		{ "until", 0, ARG_REQUIRED, OPT_UNTIL },
		{ NULL, 0, ARG_NONE, 0 },
	};
	grid_stats_query q = GRID_STATS_QUERY_INIT;
	struct measure_table t = { 0 };
	const char *week = NULL, *month = NULL, *since = NULL, *until = NULL, *by = NULL, *arg;
	struct cli_args it;
	int id, rc;

	cli_args_init(&it, c, argc, argv, opts);
	while ((id = cli_next(&it, &arg)) > 0) {
		switch (id) {
		case OPT_BY:
			by = arg;
			break;
		case OPT_UNIT:
			q.unit = arg;
			break;
		case OPT_WEEK:
			week = arg;
			break;
		case OPT_MONTH:
			month = arg;
			break;
		case OPT_SINCE:
			since = arg;
			break;
		case OPT_UNTIL:
			until = arg;
			break;
		}
	}
	if ((rc = cli_args_done(&it, id)) >= 0)
		return rc;
	if ((rc = cli_want_positional(&it, 0, "")))
		return rc;
	if (!by || strcmp(by, "category") == 0)
		q.by = GRID_BY_CATEGORY;
	else if (strcmp(by, "unit") == 0)
		q.by = GRID_BY_UNIT;
	else if (strcmp(by, "level") == 0)
		q.by = GRID_BY_LEVEL;
	else
		return cli_usage_error(c, _("--by takes category, unit or level, not '%s'"), by);
	if ((rc = measure_check_arg(c, "--unit", q.unit, GRID_TEXT_CODE)))
		return rc;
	if ((rc = cli_period(c, &q.period, week, month, since, until, 0)))
		return rc;
	q.no_overdue = kind != MEASURE_OVERDUE;
	if ((rc = grid_stats_cases(c->db, &q, measure_collect, &t, &t.total))) {
		measure_table_free(&t);
		return cli_fail(rc);
	}
	rc = print_measures(c, kind, &q, &t);
	measure_table_free(&t);
	return rc;
}

static int cmd_stats_closure(struct cli *c, int argc, char **argv)
{
	return run_measure(c, argc, argv, MEASURE_CLOSURE);
}

static int cmd_stats_ontime(struct cli *c, int argc, char **argv)
{
	return run_measure(c, argc, argv, MEASURE_ONTIME);
}

static int cmd_stats_rework(struct cli *c, int argc, char **argv)
{
	return run_measure(c, argc, argv, MEASURE_REWORK);
}

static int cmd_stats_escalation(struct cli *c, int argc, char **argv)
{
	return run_measure(c, argc, argv, MEASURE_ESCALATION);
}

static int cmd_stats_overdue(struct cli *c, int argc, char **argv)
{
	return run_measure(c, argc, argv, MEASURE_OVERDUE);
}

static int print_rank_row(void *ctx, const grid_rank_row *r)
{
	struct out_val vals[8];

	rank_vals(r, vals);
	out_row(ctx, vals);
	return 0;
}

static int json_rank_row(void *ctx, const grid_rank_row *r)
{
	struct out_val vals[8];

	rank_vals(r, vals);
	json_array_append_new(ctx, out_json_row(rank_cols, 8, vals));
	return 0;
}

static int cmd_rank(struct cli *c, int argc, char **argv)
{
	enum { OPT_LEVEL = 1, OPT_UNDER, OPT_WEEK, OPT_MONTH, OPT_SINCE, OPT_UNTIL };
	static const struct cli_opt opts[] = {
		{ "level", 0, ARG_REQUIRED, OPT_LEVEL },
		{ "under", 0, ARG_REQUIRED, OPT_UNDER },
		{ "week", 0, ARG_REQUIRED, OPT_WEEK },
		{ "month", 0, ARG_REQUIRED, OPT_MONTH },
		{ "since", 0, ARG_REQUIRED, OPT_SINCE },
		{ "until", 0, ARG_REQUIRED, OPT_UNTIL },
		{ NULL, 0, ARG_NONE, 0 },
	};
	grid_rank_query q = GRID_RANK_QUERY_INIT;
	const char *week = NULL, *month = NULL, *since = NULL, *until = NULL, *arg;
	char *level = NULL;
	struct cli_args it;
	struct out *o;
	int id, rc;

	cli_args_init(&it, c, argc, argv, opts);
	while ((id = cli_next(&it, &arg)) > 0) {
		switch (id) {
		case OPT_LEVEL:
			q.level = arg;
			break;
		case OPT_UNDER:
			q.under = arg;
			break;
		case OPT_WEEK:
			week = arg;
			break;
		case OPT_MONTH:
			month = arg;
			break;
		case OPT_SINCE:
			since = arg;
			break;
		case OPT_UNTIL:
			until = arg;
			break;
		}
	}
	if ((rc = cli_args_done(&it, id)) >= 0)
		return rc;
	if ((rc = cli_want_positional(&it, 0, "")))
		return rc;
	if ((rc = measure_check_arg(c, "--under", q.under, GRID_TEXT_CODE)) ||
		(rc = measure_check_arg(c, "--level", q.level, GRID_TEXT_NAME)))
		return rc;
	if ((rc = cli_period(c, &q.period, week, month, since, until, 1)))
		return rc;
	if ((rc = grid_rank_level(c->db, q.level, &level)))
		return cli_fail(rc);
	q.level = level;
	if (c->format == FMT_JSON) {
		json_t *doc = json_object(), *rows = json_array();

		measure_json_period(doc, &q.period);
		json_object_set_new(doc, "level", json_string(level));
		json_object_set_new(doc, "rows", rows);
		if ((rc = grid_rank(c->db, &q, json_rank_row, rows))) {
			json_decref(doc);
			grid_free(level);
			return cli_fail(rc);
		}
		grid_free(level);
		return out_json_dump(doc);
	}
	if (!(o = out_begin(c, rank_cols, 8))) {
		grid_free(level);
		return out_end(o);
	}
	rc = grid_rank(c->db, &q, print_rank_row, o);
	grid_free(level);
	if (rc) {
		out_discard(o);
		return cli_fail(rc);
	}
	return out_end(o);
}

const struct cli_verb cli_stats_verbs[] = {
	{ "closure", cmd_stats_closure, CLI_NEED_DB | CLI_FORMATS, "grid stats closure [--by category|unit|level] [--unit CODE] " PERIOD_USAGE " [--format FMT]", N_("Found, resolved and closure rate.") },
	{ "ontime", cmd_stats_ontime, CLI_NEED_DB | CLI_FORMATS, "grid stats ontime [--by category|unit|level] [--unit CODE] " PERIOD_USAGE " [--format FMT]", N_("Due, resolved on time and on-time rate.") },
	{ "rework", cmd_stats_rework, CLI_NEED_DB | CLI_FORMATS, "grid stats rework [--by category|unit|level] [--unit CODE] " PERIOD_USAGE " [--format FMT]", N_("Reopened cases over resolved ones.") },
	{ "escalation", cmd_stats_escalation, CLI_NEED_DB | CLI_FORMATS, "grid stats escalation [--by category|unit|level] [--unit CODE] " PERIOD_USAGE " [--format FMT]", N_("Where resolved cases were resolved: the level found, one up, two or more up.") },
	{ "overdue", cmd_stats_overdue, CLI_NEED_DB | CLI_FORMATS, "grid stats overdue [--by category|unit|level] [--unit CODE] " PERIOD_USAGE " [--format FMT]", N_("Open cases past their due time.") },
	{ "visits", cmd_stats_visits, CLI_NEED_DB | CLI_FORMATS, "grid stats visits [--by unit] [--unit CODE] " PERIOD_USAGE " [--format FMT]", N_("Households visited over households registered.") },
	{ "diary", cmd_stats_diary, CLI_NEED_DB | CLI_FORMATS, "grid stats diary [--by person|unit] [--unit CODE] " PERIOD_USAGE " [--format FMT]", N_("Diary compliance and mean review score.") },
	{ NULL, NULL, 0, NULL, NULL },
};

const struct cli_verb cli_rank_verbs[] = {
	{ NULL, cmd_rank, CLI_NEED_DB | CLI_FORMATS, "grid rank " PERIOD_USAGE " [--level LEVEL] [--under CODE] [--format FMT]", N_("Rank the units of a level by weighted score.") },
	{ NULL, NULL, 0, NULL, NULL },
};
