/* grid report --format json: the notice as one JSON document (grid-report(1)). */
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

int report_json(const struct notice *n)
{
	const struct notice_table *totals = &n->tables[T_TOTALS];
	const grid_report *r = n->report;
	json_t *doc = json_object();

	json_object_set_new(doc, "kind", json_string(n->weekly ? "weekly" : "monthly"));
	json_object_set_new(doc, "period", json_string(n->label));
	measure_json_period(doc, &r->period);
	json_object_set_new(doc, "unit", r->unit ? json_string(r->unit) : json_null());
	json_object_set_new(doc, "level", json_string(r->level));
	json_object_set_new(doc, "total", out_json_row(totals->cols, totals->ncols, totals->vals));
	json_object_set_new(doc, "categories", json_table(&n->tables[T_CATEGORIES]));
	json_object_set_new(doc, "units", json_table(&n->tables[T_UNITS]));
	json_object_set_new(doc, "ranking", json_table(&n->tables[T_RANKING]));
	json_object_set_new(doc, "overdue", json_table(&n->tables[T_OVERDUE]));
	json_object_set_new(doc, "overdue_more", json_integer(r->overdue_more > 0 ? r->overdue_more : 0));
	return out_json_dump(doc);
}
