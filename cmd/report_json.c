/* grid report --format json: the notice as one JSON document (grid-report(1)):
 * raw numbers and codes, and the words of the printed notice beside them. */
#include "measures.h"
#include "report_render.h"

static json_t *json_table(const struct notice_table *t)
{
	json_t *arr = json_array();
	size_t r;

	for (r = 0; r < t->nrows; r++)
		json_array_append_new(arr, out_json_row(t->cols, t->ncols, &t->vals[r * t->ncols]));
	return arr;
}

/* The ranking, each row's mark as a code ("top", "bottom" or null) rather
 * than the words the printed notice shows. */
static json_t *json_ranking(const struct notice *n)
{
	json_t *arr = json_table(&n->tables[T_RANKING]);
	size_t i;

	for (i = 0; i < json_array_size(arr); i++) {
		const char *code = notice_mark_code(n->marks[i]);

		json_object_set_new(json_array_get(arr, i), "mark", code ? json_string(code) : json_null());
	}
	return arr;
}

static json_t *json_text_or_null(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

/* The header and foot as printed, and the notice's number. */
static json_t *json_header(const struct notice *n)
{
	const struct notice_prose *p = &n->prose;

	/* A year's notice has no number in its year: null. */
	return json_pack("{s:o, s:s, s:o, s:i, s:o, s:s, s:s, s:s, s:o, s:s}",
		"office", json_text_or_null(n->report->office), "title", p->title,
		"issuer", json_text_or_null(n->report->issuer), "year", p->year,
		"number", n->kind == NOTICE_YEARLY ? json_null() : json_integer(p->number_in_year),
		"number_text", p->number, "period_text", p->period, "scope", p->scope,
		"foot", json_text_or_null(p->issuer), "issued", p->issued);
}

/* The period before and its totals' case measures. */
static json_t *json_previous(const struct notice *n)
{
	json_t *prev = json_object();

	measure_json_period(prev, &n->report->previous_period);
	json_object_set_new(prev, "total", out_json_row(n->previous.cols, n->previous.ncols, n->previous.vals));
	return prev;
}

/* The year's evaluation: its year and level, the counts, the three
 * lists, the paragraph as printed; null without one (no ranking level). */
static json_t *json_evaluation(const struct notice *n)
{
	const grid_eval *e = n->report->eval;
	const struct notice_ratings *k = &n->ratings;

	if (!e)
		return json_null();
	return json_pack("{s:i, s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:o, s:o, s:o, s:s}",
		"year", e->year, "level", e->level, "teams", (json_int_t)e->nteams, "advanced", (json_int_t)k->advanced,
		"grid_workers", (json_int_t)e->npeople, "excellent", (json_int_t)k->excellent,
		"pass", (json_int_t)k->pass, "fail", (json_int_t)k->fail, "unrated", (json_int_t)k->unrated,
		"reserve", (json_int_t)k->reserve,
		"advanced_teams", json_table(&n->tables[T_ADVANCED]),
		"excellent_workers", json_table(&n->tables[T_EXCELLENT]),
		"reserve_cadres", json_table(&n->tables[T_RESERVE]), "text", n->prose.evaluation);
}

/* The year's targets as `grid target progress` has them, with the
 * paragraph as printed; null without targets. */
static json_t *json_targets(const struct notice *n)
{
	const grid_targets *g = n->report->targets;

	if (!n->year.targets)
		return json_null();
	return json_pack("{s:i, s:s, s:s, s:s, s:o}", "year", g->year, "as_of", g->as_of, "schedule_by",
		grid_target_schedule_name(g->schedule), "text", n->year.targets, "rows", json_table(&n->tables[T_TARGETS]));
}

/* The key projects: their counts as `grid project list` has them, the
 * paragraph as printed, the list; null without projects. */
static json_t *json_projects(const struct notice *n)
{
	if (!n->year.projects)
		return json_null();
	return json_pack("{s:s, s:o, s:o}", "text", n->year.projects, "counts",
		cli_project_counts_json(&n->report->projects->counts), "rows", json_table(&n->tables[T_PROJECTS]));
}

int report_json(const struct notice *n)
{
	const struct notice_table *totals = &n->tables[T_TOTALS];
	const grid_report *r = n->report;
	json_t *doc = json_object();

	json_object_set_new(doc, "kind", json_string(notice_kind_code(n)));
	json_object_set_new(doc, "period", json_string(n->label));
	measure_json_period(doc, &r->period);
	json_object_set_new(doc, "unit", r->unit ? json_string(r->unit) : json_null());
	json_object_set_new(doc, "unit_name", json_text_or_null(r->unit_name));
	json_object_set_new(doc, "level", json_string(r->level));
	json_object_set_new(doc, "header", json_header(n));
	json_object_set_new(doc, "opening", json_string(n->prose.opening));
	json_object_set_new(doc, "total", out_json_row(totals->cols, totals->ncols, totals->vals));
	json_object_set_new(doc, "previous", json_previous(n));
	json_object_set_new(doc, "categories", json_table(&n->tables[T_CATEGORIES]));
	json_object_set_new(doc, "units", json_table(&n->tables[T_UNITS]));
	json_object_set_new(doc, "ranking", json_ranking(n));
	json_object_set_new(doc, "overdue", json_table(&n->tables[T_OVERDUE]));
	json_object_set_new(doc, "overdue_more", json_integer(r->overdue_more > 0 ? r->overdue_more : 0));
	if (n->kind != NOTICE_WEEKLY) {
		json_object_set_new(doc, "targets", json_targets(n));
		json_object_set_new(doc, "projects", json_projects(n));
	}
	if (n->kind == NOTICE_YEARLY)
		json_object_set_new(doc, "evaluation", json_evaluation(n));
	return out_json_dump(doc);
}
