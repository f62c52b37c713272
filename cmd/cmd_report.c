/* grid report: the weekly, monthly and yearly notice (每周梳理统计,
 * 每月排序通报, 年度通报).
 *
 * One document in four formats: text, JSON, GitHub Markdown, and a single
 * self-contained printable HTML page with inline SVG charts.  The same
 * data prints the same bytes: nothing depends on the clock but through
 * --now.  libgrid reads the notice (grid_report_build); here it becomes
 * tables of cells, which report_FORMAT.c print. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "measures.h"
#include "report_render.h"

/* The columns measure_row fills: found … on-time rate. */
#define MEASURE_ROW_COLS \
	{ "found", N_("FOUND"), OUT_INT }, \
	{ "resolved", N_("RESOLVED"), OUT_INT }, \
	{ "closure_rate", N_("CLOSURE RATE"), OUT_RATE }, \
	{ "due", N_("DUE"), OUT_INT }, \
	{ "on_time", N_("ON TIME"), OUT_INT }, \
	{ "on_time_rate", N_("ON-TIME RATE"), OUT_RATE }

static const struct out_col total_cols[] = {
	MEASURE_ROW_COLS,
	{ "reopened", N_("REOPENED"), OUT_INT },
	{ "rework_rate", N_("REWORK"), OUT_RATE },
	{ "at_level", N_("AT LEVEL"), OUT_INT },
	{ "one_up", N_("ONE UP"), OUT_INT },
	{ "two_up", N_("TWO+ UP"), OUT_INT },
	{ "overdue", N_("OVERDUE"), OUT_INT },
	{ "households", N_("HOUSEHOLDS"), OUT_INT },
	{ "visited", N_("VISITED"), OUT_INT },
	{ "visit_rate", N_("VISIT RATE"), OUT_RATE },
	{ "expected", N_("EXPECTED"), OUT_INT },
	{ "written", N_("WRITTEN"), OUT_INT },
	{ "diary_compliance", N_("DIARY"), OUT_RATE },
};
#define NTOTAL (sizeof(total_cols) / sizeof(total_cols[0]))
#define NTOTAL_CASES 12 /* total_cols up to overdue: the case measures */

/* The columns category_row fills after the key and name: the case measures of a
 * category, or of a unit (one row per child of the scope). */
#define GROUP_COLS \
	MEASURE_ROW_COLS, \
	{ "reopened", N_("REOPENED"), OUT_INT }, \
	{ "overdue", N_("OVERDUE"), OUT_INT }

/* The code column (key) is left to JSON and spreadsheets
 * (notice_col_shown); the name column heads the row in print. */
static const struct out_col category_cols[] = { { "key", N_("CODE"), OUT_STR },
	{ "name", N_("CATEGORY"), OUT_STR }, GROUP_COLS };
static const struct out_col unit_cols[] = { { "key", N_("CODE"), OUT_STR },
	{ "name", N_("UNIT"), OUT_STR }, GROUP_COLS };
#define NGROUP (sizeof(category_cols) / sizeof(category_cols[0]))

/* The columns rank_vals fills (RANK_COLS, but the name headed as the
 * unit, as the code is not printed), then ranking_row's. */
static const struct out_col ranking_cols[] = {
	{ "rank", N_("RANK"), OUT_INT },
	{ "unit", N_("CODE"), OUT_STR },
	{ "name", N_("UNIT"), OUT_STR },
	{ "score", N_("SCORE"), OUT_RATE },
	{ "closure_rate", N_("CLOSURE RATE"), OUT_RATE },
	{ "on_time_rate", N_("ON-TIME RATE"), OUT_RATE },
	{ "visit_rate", N_("VISIT RATE"), OUT_RATE },
	{ "diary_compliance", N_("DIARY"), OUT_RATE },
	{ "found", N_("FOUND"), OUT_INT },
	{ "resolved", N_("RESOLVED"), OUT_INT },
	{ "overdue", N_("OVERDUE"), OUT_INT },
	{ "mark", N_("MARK"), OUT_STR },
};
#define NRANK (sizeof(ranking_cols) / sizeof(ranking_cols[0]))

static const struct out_col overdue_cols[] = {
	{ "id", N_("ID"), OUT_INT },
	{ "unit", N_("UNIT CODE"), OUT_STR },
	{ "unit_name", N_("UNIT"), OUT_STR },
	{ "category", N_("CATEGORY CODE"), OUT_STR },
	{ "category_name", N_("CATEGORY"), OUT_STR },
	{ "title", N_("TITLE"), OUT_STR },
	{ "due_at", N_("DUE AT"), OUT_TIME },
	{ "days_overdue", N_("DAYS OVERDUE"), OUT_INT },
};
#define NOVERDUE (sizeof(overdue_cols) / sizeof(overdue_cols[0]))

/* The yearly evaluation's tables: the teams rated advanced, and the grid
 * workers (those rated excellent, the reserve cadres). */
static const struct out_col advanced_cols[] = {
	{ "rank", N_("RANK"), OUT_INT },
	{ "unit", N_("CODE"), OUT_STR },
	{ "name", N_("TEAM"), OUT_STR },
	{ "score", N_("SCORE"), OUT_RATE },
};
#define NADVANCED (sizeof(advanced_cols) / sizeof(advanced_cols[0]))

static const struct out_col worker_cols[] = {
	{ "person", N_("PERSON"), OUT_STR },
	{ "name", N_("GRID WORKER"), OUT_STR },
	{ "units", N_("UNITS"), OUT_LIST },
	{ "score", N_("SCORE"), OUT_RATE },
};
#define NWORKER (sizeof(worker_cols) / sizeof(worker_cols[0]))

/* ---- the notice as tables ----------------------------------------------- */

const char *notice_title(const struct notice *n)
{
	return n->kind == NOTICE_WEEKLY ? _("Weekly notice") :
		n->kind == NOTICE_YEARLY ? _("Yearly notice") : _("Monthly notice");
}

const char *notice_kind_code(const struct notice *n)
{
	return n->kind == NOTICE_WEEKLY ? "weekly" : n->kind == NOTICE_YEARLY ? "yearly" : "monthly";
}

int notice_has(const struct notice *n, size_t t)
{
	return t < NTABLES && n->tables[t].title != NULL;
}

int notice_col_shown(const struct out_col *col)
{
	/* The codes, and of a target the amount due and last year's date,
	 * which its points and figure say for a reader. */
	static const char *const codes[] = { "key", "unit", "category", "person", "units", "code", "indicator", "due",
		"last_year_as_of" };
	size_t i;

	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
		if (!strcmp(col->key, codes[i]))
			return 0;
	return 1;
}

int notice_table_alloc(struct notice_table *t, const char *title, const struct out_col *cols, size_t ncols,
	size_t nrows)
{
	t->title = title;
	t->cols = cols;
	t->ncols = ncols;
	t->nrows = nrows;
	t->vals = calloc(nrows ? nrows * ncols : 1, sizeof(*t->vals));
	return t->vals ? 0 : -1;
}

/* The first measures of a row: found … on-time rate. */
static void measure_row(struct out_val *v, const grid_measure *m)
{
	v[0] = out_int(m->found);
	v[1] = out_int(m->resolved);
	v[2] = out_rate(m->resolved, m->found);
	v[3] = out_int(m->due);
	v[4] = out_int(m->on_time);
	v[5] = out_rate(m->on_time, m->due);
}

/* The case measures of total_cols (NTOTAL_CASES): found … overdue. */
static void cases_row(struct out_val *v, const grid_measure *m)
{
	measure_row(v, m);
	v[6] = out_int(m->reopened);
	v[7] = out_rate(m->reopened, m->resolved);
	v[8] = out_int(m->at_level);
	v[9] = out_int(m->one_up);
	v[10] = out_int(m->two_up);
	v[11] = out_int(m->overdue);
}

static void totals_row(struct out_val *v, const grid_measure *m)
{
	cases_row(v, m);
	v[12] = out_int(m->households);
	v[13] = out_int(m->visited);
	v[14] = out_rate(m->visited, m->households);
	v[15] = out_int(m->expected);
	v[16] = out_int(m->written);
	v[17] = out_rate(grid_diary_compliant(m), m->expected);
}

/* A row of category_cols (and unit_cols). */
static void category_row(struct out_val *v, const grid_stats_row *row)
{
	v[0] = out_str(row->key);
	v[1] = out_str(row->name ? row->name : row->key);
	measure_row(v + 2, &row->m);
	v[8] = out_int(row->m.reopened);
	v[9] = out_int(row->m.overdue);
}

static void ranking_row(struct out_val *v, const grid_rank_row *r, enum notice_mark mark)
{
	rank_vals(r, v);
	v[8] = out_int(r->m.found);
	v[9] = out_int(r->m.resolved);
	v[10] = out_int(r->m.overdue);
	v[RANK_COL_MARK] = mark == MARK_TOP ? out_str(_("top 3")) :
		mark == MARK_BOTTOM ? out_str(_("bottom 3")) : out_str("");
}

/* The name of category CODE, from the notice's table by category. */
static const char *category_name(const grid_report *r, const char *code)
{
	size_t i;

	for (i = 0; i < r->ncategories; i++)
		if (!strcmp(r->categories[i].key, code))
			return r->categories[i].name;
	return code;
}

static void overdue_row(struct out_val *v, const grid_overdue *o, const grid_report *r)
{
	v[0] = out_int(o->id);
	v[1] = out_str(o->unit);
	v[2] = out_str(o->unit_name);
	v[3] = out_str(o->category);
	v[4] = out_str(category_name(r, o->category));
	v[5] = out_str(o->title);
	v[6] = out_time(o->due_at, 1);
	/* the days past due at as-of, a day begun counting: an hour late is 1 */
	v[7] = out_int((long long)((r->period.as_of - o->due_at + 86399) / 86400));
}

static void advanced_row(struct out_val *v, const grid_eval_team *t)
{
	v[0] = out_int(t->row.rank);
	v[1] = out_str(t->row.unit);
	v[2] = out_str(t->row.name);
	v[3] = t->row.has_score ? out_real(t->row.score) : out_null();
}

static void worker_row(struct out_val *v, const grid_eval_person *p)
{
	v[0] = out_str(p->id);
	v[1] = out_str(p->name);
	v[2] = out_list(p->units, p->nunits);
	v[3] = p->has_score ? out_real(p->score) : out_null();
}

/* The evaluation's tables (N->ratings counted their rows); 0, or -1
 * when memory ran out. */
static int eval_tables(struct notice *n, const grid_eval *e)
{
	struct notice_table *t = n->tables;
	size_t i, a = 0, x = 0, r = 0;

	if (notice_table_alloc(&t[T_ADVANCED], N_("Advanced teams"), advanced_cols, NADVANCED, (size_t)n->ratings.advanced) ||
		notice_table_alloc(&t[T_EXCELLENT], N_("Excellent grid workers"), worker_cols, NWORKER,
			(size_t)n->ratings.excellent) ||
		notice_table_alloc(&t[T_RESERVE], N_("Reserve cadres"), worker_cols, NWORKER, (size_t)n->ratings.reserve))
		return -1;
	for (i = 0; i < e->nteams; i++)
		if (e->teams[i].advanced)
			advanced_row(&t[T_ADVANCED].vals[a++ * NADVANCED], &e->teams[i]);
	for (i = 0; i < e->npeople; i++) {
		if (e->people[i].rating == GRID_EVAL_EXCELLENT)
			worker_row(&t[T_EXCELLENT].vals[x++ * NWORKER], &e->people[i]);
		if (e->people[i].reserve)
			worker_row(&t[T_RESERVE].vals[r++ * NWORKER], &e->people[i]);
	}
	return 0;
}

/* The sections of R as tables of cells; 0, or -1 when memory ran out. */
static int notice_tables(struct notice *n, const grid_report *r)
{
	struct notice_table *t = n->tables;
	size_t i;

	if (notice_table_alloc(&t[T_TOTALS], N_("Totals"), total_cols, NTOTAL, 1) ||
		notice_table_alloc(&t[T_CATEGORIES], N_("By category"), category_cols, NGROUP, r->ncategories) ||
		notice_table_alloc(&t[T_UNITS], N_("By unit"), unit_cols, NGROUP, r->nunits) ||
		notice_table_alloc(&t[T_RANKING], N_("Ranking"), ranking_cols, NRANK, r->nranking) ||
		notice_table_alloc(&t[T_OVERDUE], N_("Overdue cases"), overdue_cols, NOVERDUE, r->noverdue) ||
		notice_table_alloc(&n->previous, N_("Previous period"), total_cols, NTOTAL_CASES, 1))
		return -1;
	totals_row(t[T_TOTALS].vals, &r->total);
	cases_row(n->previous.vals, &r->previous);
	for (i = 0; i < r->ncategories; i++)
		category_row(&t[T_CATEGORIES].vals[i * NGROUP], &r->categories[i]);
	for (i = 0; i < r->nunits; i++)
		category_row(&t[T_UNITS].vals[i * NGROUP], &r->units[i]);
	for (i = 0; i < r->nranking; i++)
		ranking_row(&t[T_RANKING].vals[i * NRANK], &r->ranking[i], n->marks[i]);
	for (i = 0; i < r->noverdue; i++)
		overdue_row(&t[T_OVERDUE].vals[i * NOVERDUE], &r->overdue[i], r);
	return r->eval ? eval_tables(n, r->eval) : 0;
}

/* ---- the verbs ---------------------------------------------------------- */

/* The notice's name: 2026-W48 for a week, 2026-11 for a month, 2026 for
 * a year. */
static void notice_label(struct notice *n, const grid_period *p)
{
	if (n->kind == NOTICE_WEEKLY)
		grid_week_name(n->label, sizeof(n->label), p->since);
	else {
		grid_date_format(n->label, sizeof(n->label), p->since);
		n->label[n->kind == NOTICE_YEARLY ? 4 : 7] = '\0';
	}
}

static int print_notice(struct cli *c, struct notice *n, const grid_report *r)
{
	size_t i;
	int rc;

	if (r->no_ranking)
		cli_warn(c, _("no ranking: %s (set ranking.level)"), r->no_ranking);
	n->report = r;
	if (notice_prose(n) || notice_tables(n, r) || notice_year_work(n, c->format)) {
		cli_error("out of memory");
		rc = EXIT_FAIL;
	} else if (c->format == FMT_JSON)
		rc = report_json(n);
	else if (c->format == FMT_MD)
		rc = report_md(n);
	else if (c->format == FMT_HTML)
		rc = report_html(n);
	else if (c->format == FMT_XLSX)
		rc = report_xlsx(n);
	else
		rc = report_text(c, n);
	for (i = 0; i < NTABLES; i++)
		free(n->tables[i].vals);
	notice_prose_free(n);
	notice_year_free(n);
	free(n->previous.vals);
	return rc;
}

/* The options of each kind: its period, and the scope. */
enum { OPT_PERIOD = 1, OPT_UNIT };
static const struct cli_opt week_opts[] = {
	{ "week", 0, ARG_REQUIRED, OPT_PERIOD },
	{ "unit", 0, ARG_REQUIRED, OPT_UNIT },
	{ NULL, 0, ARG_NONE, 0 },
};
static const struct cli_opt month_opts[] = {
	{ "month", 0, ARG_REQUIRED, OPT_PERIOD },
	{ "unit", 0, ARG_REQUIRED, OPT_UNIT },
	{ NULL, 0, ARG_NONE, 0 },
};
static const struct cli_opt year_opts[] = {
	{ "year", 0, ARG_REQUIRED, OPT_PERIOD },
	{ "unit", 0, ARG_REQUIRED, OPT_UNIT },
	{ NULL, 0, ARG_NONE, 0 },
};

/* The year of --year (the year before NOW's without one) as a period;
 * a calendar year is what grid_report_build evaluates. */
static int year_period(struct cli *c, const char *arg, grid_period *out)
{
	struct cli_period_args p = CLI_PERIOD_ARGS_INIT;
	char last[32];
	long long year;
	int rc;

	if (!arg) {
		/* The last complete year, as monthly's last complete month. */
		grid_date_format(last, sizeof(last), c->now);
		snprintf(last, sizeof(last), "%04d", atoi(last) - 1);
		arg = last;
	}
	if ((rc = cli_parse_int(c, "year", arg, 1, 9999, &year)))
		return rc;
	p.year = arg;
	return cli_period_of(c, out, &p, 0);
}

/* The period of KIND's option ARG (NULL: the last complete one). */
static int notice_period(struct cli *c, enum notice_kind kind, const char *arg, grid_period *out)
{
	if (kind == NOTICE_YEARLY)
		return year_period(c, arg, out);
	return cli_period(c, out, kind == NOTICE_WEEKLY ? arg : NULL, kind == NOTICE_MONTHLY ? arg : NULL, NULL,
		NULL, kind == NOTICE_WEEKLY);
}

static int run_report(struct cli *c, int argc, char **argv, enum notice_kind kind)
{
	static const struct cli_opt *const opts[] = { week_opts, month_opts, year_opts };
	grid_report_query q = GRID_REPORT_QUERY_INIT;
	struct notice n;
	grid_report *r;
	const char *period = NULL, *arg;
	struct cli_args it;
	int id, rc;

	memset(&n, 0, sizeof(n));
	n.kind = kind;
	cli_args_init(&it, c, argc, argv, opts[kind]);
	while ((id = cli_next(&it, &arg)) > 0) {
		if (id == OPT_PERIOD)
			period = arg;
		else if (id == OPT_UNIT)
			q.unit = arg;
	}
	if ((rc = cli_args_done(&it, id)) >= 0)
		return rc;
	if ((rc = cli_setup(c)))
		return rc;
	if ((rc = cli_want_positional(&it, 0, "")))
		return rc;
	if ((rc = measure_check_arg(c, "--unit", q.unit, GRID_TEXT_CODE)))
		return rc;
	if ((rc = notice_period(c, kind, period, &q.period)))
		return rc;
	notice_label(&n, &q.period);
	if ((rc = grid_report_build(c->db, &q, &r)))
		return cli_fail(rc);
	rc = print_notice(c, &n, r);
	grid_report_free(r);
	return rc;
}

static int cmd_report_weekly(struct cli *c, int argc, char **argv)
{
	return run_report(c, argc, argv, NOTICE_WEEKLY);
}

static int cmd_report_monthly(struct cli *c, int argc, char **argv)
{
	return run_report(c, argc, argv, NOTICE_MONTHLY);
}

static int cmd_report_yearly(struct cli *c, int argc, char **argv)
{
	return run_report(c, argc, argv, NOTICE_YEARLY);
}

const struct cli_verb cli_report_verbs[] = {
	{ "weekly", cmd_report_weekly, CLI_NEED_DB | CLI_REPORT_FORMATS, "grid report weekly [--week W] [--unit CODE] [--format text|json|md|html|xlsx]", N_("The weekly notice.") },
	{ "monthly", cmd_report_monthly, CLI_NEED_DB | CLI_REPORT_FORMATS, "grid report monthly [--month M] [--unit CODE] [--format text|json|md|html|xlsx]", N_("The monthly notice.") },
	{ "yearly", cmd_report_yearly, CLI_NEED_DB | CLI_REPORT_FORMATS, "grid report yearly [--year YYYY] [--unit CODE] [--format text|json|md|html|xlsx]", N_("The yearly notice, with the year's evaluation.") },
	{ NULL, NULL, 0, NULL, NULL },
};
