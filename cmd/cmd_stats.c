/* grid stats: the measures of grid-metrics(7) over a period.  The case measures
 * (closure, ontime, rework, escalation, overdue) group by category, unit
 * or level; the field measures (visits, diary) by unit or person. */
#include <string.h>

#include "cli.h"
#include "measures.h"

/* The options of every stats verb: --by, --unit and the period. */
struct stats_args {
	grid_stats_query q;
	const char *by;     /* --by, when the verb reads it after setup */
	struct cli_period_args period;
};

/* How a verb takes --by as it comes: into *by, or a usage error. */
typedef int (*stats_by_reader)(const struct cli *c, const char *arg, grid_stats_by *by);

/* Read the options into A, set up, and check there is no argument.
 * READ_BY takes --by as it comes; without it --by is kept in A->by.
 * Returns -1 to go on, or the exit status. */
static int read_stats_args(struct cli *c, int argc, char **argv, struct stats_args *a, stats_by_reader read_by)
{
	enum { OPT_BY = 1, OPT_UNIT };
	static const struct cli_opt opts[] = {
		{ "by", 0, ARG_REQUIRED, OPT_BY },
		{ "unit", 0, ARG_REQUIRED, OPT_UNIT },
		CLI_PERIOD_OPTS,
		{ NULL, 0, ARG_NONE, 0 },
	};
	struct cli_args it;
	const char *arg;
	int id, rc;

	cli_args_init(&it, c, argc, argv, opts);
	while ((id = cli_next(&it, &arg)) > 0) {
		if (id == OPT_UNIT)
			a->q.unit = arg;
		else if (id == OPT_BY && read_by && (rc = read_by(c, arg, &a->q.by)))
			return rc;
		else if (id == OPT_BY)
			a->by = arg;
		else
			cli_period_arg(&a->period, id, arg);
	}
	if ((rc = cli_args_done(&it, id)) >= 0)
		return rc;
	if ((rc = cli_setup(c)) || (rc = cli_want_positional(&it, 0, "")))
		return rc;
	return -1;
}

/* The head of a stats document: the period, the unit and the grouping. */
static json_t *stats_doc(const grid_stats_query *q)
{
	json_t *doc = json_object();

	measure_json_period(doc, &q->period);
	json_object_set_new(doc, "unit", q->unit ? json_string(q->unit) : json_null());
	json_object_set_new(doc, "by", json_string(measure_by_name(q->by)));
	return doc;
}

/* ---- the case measures ----------------------------------------------------- */

static int case_by(const struct cli *c, const char *by, grid_stats_by *out)
{
	if (!by || strcmp(by, "category") == 0)
		*out = GRID_BY_CATEGORY;
	else if (strcmp(by, "unit") == 0)
		*out = GRID_BY_UNIT;
	else if (strcmp(by, "level") == 0)
		*out = GRID_BY_LEVEL;
	else
		return cli_usage_error(c, _("--by takes category, unit or level, not '%s'"), by);
	return 0;
}

/* The JSON document of KIND's rows and total. */
static int print_measures_json(enum measure_kind kind, const grid_stats_query *q, const struct measure_table *t,
	const struct out_col *cols, size_t ncols)
{
	json_t *doc = stats_doc(q), *rows = json_array();
	struct out_val vals[6];
	size_t i;

	for (i = 0; i < t->n; i++) {
		vals[0] = out_str(t->rows[i].key);
		vals[1] = out_str(t->rows[i].name);
		measure_vals(kind, &t->rows[i].m, vals + 2);
		json_array_append_new(rows, out_json_row(cols, ncols, vals));
	}
	json_object_set_new(doc, "rows", rows);
	measure_vals(kind, &t->total, vals);
	json_object_set_new(doc, "total", out_json_row(cols + 2, ncols - 2, vals));
	return out_json_dump(doc);
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
	if (c->format == FMT_JSON)
		return print_measures_json(kind, q, t, cols, nm + 2);
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
	struct stats_args a = { GRID_STATS_QUERY_INIT, NULL, CLI_PERIOD_ARGS_INIT };
	struct measure_table t = { 0 };
	int rc;

	if ((rc = read_stats_args(c, argc, argv, &a, NULL)) >= 0)
		return rc;
	if ((rc = case_by(c, a.by, &a.q.by)) || (rc = measure_check_arg(c, "--unit", a.q.unit, GRID_TEXT_CODE)) ||
		(rc = cli_period_of(c, &a.q.period, &a.period, 0)))
		return rc;
	a.q.no_overdue = kind != MEASURE_OVERDUE;
	if ((rc = grid_stats_cases(c->db, &a.q, measure_collect, &t, &t.total))) {
		measure_table_free(&t);
		return cli_fail(rc);
	}
	rc = print_measures(c, kind, &a.q, &t);
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

/* ---- the field measures: visits, diary ------------------------------------- */

enum field_kind { FIELD_VISITS, FIELD_DIARY };

static const struct out_col visits_cols[] = {
	{ "key", N_("UNIT"), OUT_STR },
	{ "name", N_("NAME"), OUT_STR },
	{ "households", N_("HOUSEHOLDS"), OUT_INT },
	{ "visited", N_("VISITED"), OUT_INT },
	{ "rate", N_("VISIT RATE"), OUT_RATE },
};

/* The diary's columns after the key, by unit or by person alike. */
#define DIARY_COLS \
	{ "name", N_("NAME"), OUT_STR }, \
	{ "expected", N_("EXPECTED"), OUT_INT }, \
	{ "written", N_("WRITTEN"), OUT_INT }, \
	{ "rate", N_("COMPLIANCE"), OUT_RATE }, \
	{ "mean_score", N_("MEAN SCORE"), OUT_REAL }

static const struct out_col diary_unit_cols[] = { { "key", N_("UNIT"), OUT_STR }, DIARY_COLS };
static const struct out_col diary_person_cols[] = { { "key", N_("PERSON"), OUT_STR }, DIARY_COLS };

struct field_out {
	enum field_kind kind;
	const struct out_col *cols;
	size_t ncols;
	json_t *rows;       /* JSON: the rows array */
	struct out *table;  /* other formats */
};

/* Visits are counted per household of a unit: no other grouping. */
static int visits_by(const struct cli *c, const char *arg, grid_stats_by *by)
{
	(void)by;
	if (strcmp(arg, "unit") != 0)
		return cli_usage_error(c, _("--by takes unit, not '%s'"), arg);
	return 0;
}

static int diary_by(const struct cli *c, const char *arg, grid_stats_by *by)
{
	if (strcmp(arg, "person") == 0)
		*by = GRID_BY_PERSON;
	else if (strcmp(arg, "unit") == 0)
		*by = GRID_BY_UNIT;
	else
		return cli_usage_error(c, _("--by takes person or unit, not '%s'"), arg);
	return 0;
}

/* Values of a row; v[0..1] are key and name. */
static void field_vals(enum field_kind kind, const grid_measure *m, struct out_val *v)
{
	if (kind == FIELD_VISITS) {
		v[2] = out_int(m->households);
		v[3] = out_int(m->visited);
		v[4] = out_rate(m->visited, m->households);
		return;
	}
	v[2] = out_int(m->expected);
	v[3] = out_int(m->written);
	v[4] = out_rate(grid_diary_compliant(m), m->expected);
	v[5] = m->scored ? out_real((double)m->score_sum / (double)m->scored) : out_null();
}

static int field_row(void *ctx, const grid_stats_row *row)
{
	struct field_out *fo = ctx;
	struct out_val v[6];

	v[0] = out_str(row->key);
	v[1] = out_str(row->name);
	field_vals(fo->kind, &row->m, v);
	if (fo->rows)
		json_array_append_new(fo->rows, out_json_row(fo->cols, fo->ncols, v));
	else
		out_row(fo->table, v);
	return 0;
}

/* Start the output of KIND grouped BY: a JSON rows array or a table.
 * Returns 0, or the exit status when memory ran out. */
static int field_out_begin(struct cli *c, struct field_out *fo, enum field_kind kind, grid_stats_by by)
{
	memset(fo, 0, sizeof(*fo));
	fo->kind = kind;
	if (kind == FIELD_VISITS) {
		fo->cols = visits_cols;
		fo->ncols = sizeof(visits_cols) / sizeof(visits_cols[0]);
	} else {
		fo->cols = by == GRID_BY_PERSON ? diary_person_cols : diary_unit_cols;
		fo->ncols = sizeof(diary_unit_cols) / sizeof(diary_unit_cols[0]);
	}
	if (c->format == FMT_JSON) {
		fo->rows = json_array();
		return 0;
	}
	fo->table = out_begin(c, fo->cols, fo->ncols);
	return fo->table ? 0 : out_end(fo->table);
}

/* The total after the rows: a text row, or the JSON document's total. */
static int field_out_end(struct cli *c, struct field_out *fo, const grid_stats_query *q, const grid_measure *total)
{
	struct out_val v[6];
	json_t *doc, *tot;
	size_t i;

	v[0] = out_str("");
	v[1] = out_str(_("total"));
	field_vals(fo->kind, total, v);
	if (!fo->rows) {
		/* A total row is for the eye: csv and tsv carry rows only, as
		 * the case measures do, so that summing a column is right. */
		if (c->format == FMT_TEXT)
			out_row(fo->table, v);
		return out_end(fo->table);
	}
	doc = stats_doc(q);
	json_object_set_new(doc, "rows", fo->rows);
	tot = json_object();
	for (i = 2; i < fo->ncols; i++)
		json_object_set_new(tot, fo->cols[i].key, out_json_value(&fo->cols[i], &v[i]));
	json_object_set_new(doc, "total", tot);
	return out_json_dump(doc);
}

static int run_field_measure(struct cli *c, int argc, char **argv, enum field_kind kind)
{
	struct stats_args a = { GRID_STATS_QUERY_INIT, NULL, CLI_PERIOD_ARGS_INIT };
	struct field_out fo;
	grid_measure total;
	int rc;

	a.q.by = kind == FIELD_DIARY ? GRID_BY_PERSON : GRID_BY_UNIT;
	if ((rc = read_stats_args(c, argc, argv, &a, kind == FIELD_DIARY ? diary_by : visits_by)) >= 0)
		return rc;
	if ((rc = cli_period_of(c, &a.q.period, &a.period, 0)) || (rc = field_out_begin(c, &fo, kind, a.q.by)))
		return rc;
	rc = kind == FIELD_VISITS ? grid_stats_visits(c->db, &a.q, field_row, &fo, &total)
				  : grid_stats_diary(c->db, &a.q, field_row, &fo, &total);
	if (rc) {
		if (fo.rows)
			json_decref(fo.rows);
		else
			out_discard(fo.table);
		return cli_fail(rc);
	}
	return field_out_end(c, &fo, &a.q, &total);
}

static int cmd_stats_visits(struct cli *c, int argc, char **argv)
{
	return run_field_measure(c, argc, argv, FIELD_VISITS);
}

static int cmd_stats_diary(struct cli *c, int argc, char **argv)
{
	return run_field_measure(c, argc, argv, FIELD_DIARY);
}

#define STATS_USAGE(verb, by) \
	"grid stats " verb " [--by " by "] [--unit CODE] " CLI_PERIOD_USAGE " [--format FMT]"
#define CASE_BY "category|unit|level"

const struct cli_verb cli_stats_verbs[] = {
	{ "closure", cmd_stats_closure, CLI_NEED_DB | CLI_FORMATS, STATS_USAGE("closure", CASE_BY), N_("Found, resolved and closure rate.") },
	{ "ontime", cmd_stats_ontime, CLI_NEED_DB | CLI_FORMATS, STATS_USAGE("ontime", CASE_BY), N_("Due, resolved on time and on-time rate.") },
	{ "rework", cmd_stats_rework, CLI_NEED_DB | CLI_FORMATS, STATS_USAGE("rework", CASE_BY), N_("Reopened cases over resolved ones.") },
	{ "escalation", cmd_stats_escalation, CLI_NEED_DB | CLI_FORMATS, STATS_USAGE("escalation", CASE_BY), N_("Where resolved cases were resolved: the level found, one up, two or more up.") },
	{ "overdue", cmd_stats_overdue, CLI_NEED_DB | CLI_FORMATS, STATS_USAGE("overdue", CASE_BY), N_("Open cases past their due time.") },
	{ "visits", cmd_stats_visits, CLI_NEED_DB | CLI_FORMATS, STATS_USAGE("visits", "unit"), N_("Households visited over households registered.") },
	{ "diary", cmd_stats_diary, CLI_NEED_DB | CLI_FORMATS, STATS_USAGE("diary", "person|unit"), N_("Diary compliance and mean review score.") },
	{ NULL, NULL, 0, NULL, NULL },
};
