/* The measures shared by `grid stats`, `grid rank` and `grid report`:
 * the columns and values of each measure, the rank columns, and the
 * pieces of their JSON documents. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "measures.h"

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
	/* Each rate says which: a reader of zh_CN looks for 办结率, not 比率. */
	{ "rate", N_("CLOSURE RATE"), OUT_RATE },
};
static const struct out_col ontime_cols[] = {
	{ "due", N_("DUE"), OUT_INT },
	{ "on_time", N_("ON TIME"), OUT_INT },
	{ "rate", N_("ON-TIME RATE"), OUT_RATE },
};
static const struct out_col rework_cols[] = {
	{ "resolved", N_("RESOLVED"), OUT_INT },
	{ "reopened", N_("REOPENED"), OUT_INT },
	{ "rate", N_("REWORK RATE"), OUT_RATE },
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

const struct out_col rank_cols[8] = { RANK_COLS };

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
	v[7] = out_rate(grid_diary_compliant(m), m->expected);
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
