/* The weekly, monthly and yearly notice, read in one call.
 *
 * Every section is a measure of the stats and field modules over one
 * period and scope.  What the notice adds are two rules of its own: it
 * goes out without a ranking rather than not at all when the roster lacks
 * the ranking level (a new database, or levels named otherwise), and it
 * lists the most overdue cases only, counting the rest.  A year's notice
 * is the same notice over a calendar year, with the year's evaluation
 * (eval.c) beside it.  The year's targets (target.c) and key projects
 * (project.c) come with every notice whose database holds any. */
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "grid/field.h"
#include "grid/report.h"
#include "grid/roster.h"
#include "internal.h"
#include "store/store.h"
#include "strpool.h"

/* The report and the strings its rows point to. */
struct report {
	grid_report pub;          /* first: grid_report_free is given its address */
	struct strpool strs;
	size_t capcategories, capunits, capranking, capoverdue;
};

/* Returned by a callback to stop a listing early; no GRID_E* code. */
#define LIST_STOP 1

/* A copy of S that the report owns into *out; NULL stays NULL. */
static int keep(struct report *r, const char *s, const char **out)
{
	*out = NULL;
	if (!s)
		return GRID_OK;
	return (*out = strpool_keep(&r->strs, s)) ? GRID_OK : GRID_EFAIL;
}

/* Where the rows of one grid_stats_cases call go. */
struct row_sink {
	struct report *r;
	grid_stats_row **rows;
	size_t *n, *cap;
};

static int add_row(void *ctx, const grid_stats_row *row)
{
	struct row_sink *s = ctx;
	grid_stats_row *v = grid_array_room(*s->rows, *s->n, s->cap, sizeof(*v), 16);
	int rc;

	if (!v)
		return GRID_EFAIL;
	*s->rows = v;
	v[*s->n] = *row;
	if ((rc = keep(s->r, row->key, &v[*s->n].key)) || (rc = keep(s->r, row->name, &v[*s->n].name)))
		return rc;
	(*s->n)++;
	return GRID_OK;
}

static int add_rank(void *ctx, const grid_rank_row *row)
{
	struct report *r = ctx;
	grid_rank_row *v = grid_array_room(r->pub.ranking, r->pub.nranking, &r->capranking, sizeof(*v), 16);
	int rc;

	if (!v)
		return GRID_EFAIL;
	r->pub.ranking = v;
	v[r->pub.nranking] = *row;
	if ((rc = keep(r, row->unit, &v[r->pub.nranking].unit)) || (rc = keep(r, row->name, &v[r->pub.nranking].name)))
		return rc;
	r->pub.nranking++;
	return GRID_OK;
}

static int add_overdue(void *ctx, const grid_overdue *o)
{
	struct report *r = ctx;
	grid_overdue *v;
	size_t n = r->pub.noverdue;
	int rc;

	if (n >= GRID_REPORT_OVERDUE_MAX)
		return LIST_STOP;
	if (!(v = grid_array_room(r->pub.overdue, n, &r->capoverdue, sizeof(*v), 16)))
		return GRID_EFAIL;
	r->pub.overdue = v;
	v[n] = *o;
	if ((rc = keep(r, o->unit, &v[n].unit)) || (rc = keep(r, o->unit_name, &v[n].unit_name)) ||
		(rc = keep(r, o->category, &v[n].category)) || (rc = keep(r, o->title, &v[n].title)))
		return rc;
	r->pub.noverdue++;
	return GRID_OK;
}

/* The totals and the two tables of case measures, then the visit and
 * diary counters of the totals. */
static int read_measures(grid_db *db, const grid_stats_query *q, struct report *r)
{
	struct row_sink cats = { r, &r->pub.categories, &r->pub.ncategories, &r->capcategories };
	struct row_sink units = { r, &r->pub.units, &r->pub.nunits, &r->capunits };
	grid_stats_query uq = *q;
	grid_measure visits, diary;
	int rc;

	uq.by = GRID_BY_UNIT;
	if ((rc = grid_stats_cases(db, q, add_row, &cats, &r->pub.total)) ||
		(rc = grid_stats_cases(db, &uq, add_row, &units, NULL)) ||
		(rc = grid_stats_visits(db, &uq, NULL, NULL, &visits)) ||
		(rc = grid_stats_diary(db, &uq, NULL, NULL, &diary)))
		return rc;
	r->pub.total.households = visits.households;
	r->pub.total.visited = visits.visited;
	r->pub.total.expected = diary.expected;
	r->pub.total.written = diary.written;
	r->pub.total.scored = diary.scored;
	r->pub.total.score_sum = diary.score_sum;
	return GRID_OK;
}

/* The ranking of grid_rank over the notice's period and scope.  The scope
 * is known to exist by now: GRID_ENOTFOUND is the ranking level missing
 * from the roster, which leaves the notice without a ranking. */
static int read_ranking(grid_db *db, const grid_stats_query *q, struct report *r)
{
	grid_rank_query rq = GRID_RANK_QUERY_INIT;
	char *level = NULL;
	int rc;

	if ((rc = grid_rank_level(db, NULL, &level)))
		return rc;
	rc = keep(r, level, &r->pub.level);
	free(level);
	if (rc)
		return rc;
	rq.period = q->period;
	rq.under = q->unit;
	rq.level = r->pub.level;
	if ((rc = grid_rank(db, &rq, add_rank, r)) != GRID_ENOTFOUND)
		return rc;
	r->pub.nranking = 0;
	if ((rc = keep(r, grid_errmsg(), &r->pub.no_ranking)))
		return rc;
	grid_error_clear();
	return GRID_OK;
}

/* The case measures of the totals over the period before, for the
 * change the opening paragraph states (环比). */
static int read_previous(grid_db *db, const grid_stats_query *q, struct report *r)
{
	grid_stats_query pq = *q;

	grid_period_previous(&r->pub.previous_period, &q->period);
	pq.period = r->pub.previous_period;
	return grid_stats_cases(db, &pq, NULL, NULL, &r->pub.previous);
}

/* The settings of the notice's header and foot (grid-yaml(5)). */
static int read_settings(grid_db *db, struct report *r)
{
	static const char *const keys[] = { "notice.office", "notice.title", "notice.issuer", "notice.numbering" };
	const char *numbering = NULL;
	const char **out[] = { &r->pub.office, &r->pub.title, &r->pub.issuer, &numbering };
	size_t i;
	int rc = GRID_OK;

	for (i = 0; i < GRID_ARRAY_SIZE(keys) && rc == GRID_OK; i++) {
		char *v = NULL;

		if ((rc = store_setting_get(db->store, keys[i], &v)) == GRID_OK)
			rc = keep(r, v, out[i]);
		free(v);
	}
	r->pub.numbered = !numbering || strcmp(numbering, "none") != 0;
	return rc;
}

/* The most overdue cases, and how many more the totals count. */
static int read_overdue(grid_db *db, const grid_stats_query *q, struct report *r)
{
	int rc = grid_stats_overdue_list(db, q, add_overdue, r);

	if (rc != GRID_OK && rc != LIST_STOP)
		return rc;
	if (r->pub.total.overdue > (int64_t)r->pub.noverdue)
		r->pub.overdue_more = r->pub.total.overdue - (int64_t)r->pub.noverdue;
	return GRID_OK;
}

static int copy_unit_name(void *ctx, const grid_unit *u)
{
	struct report *r = ctx;
	int rc;

	/* The scope comes first in tree order. */
	if (strcmp(u->code, r->pub.unit) == 0 && (rc = keep(r, u->name, &r->pub.unit_name)))
		return rc;
	return LIST_STOP;
}

/* The scope's code and name. */
static int read_scope(grid_db *db, const char *unit, struct report *r)
{
	grid_unit_filter f = GRID_UNIT_FILTER_INIT;
	int rc;

	if (!unit)
		return GRID_OK;
	if ((rc = keep(r, unit, &r->pub.unit)))
		return rc;
	f.under = unit;
	rc = grid_unit_list(db, &f, copy_unit_name, r);
	return rc == LIST_STOP ? GRID_OK : rc;
}

/* Is P the calendar period MAKE makes of the first LEN characters of
 * its first day's date ("2026" for a year, "2026-05" for a month)? */
static int calendar_period(const grid_period *p, size_t len,
	int (*make)(grid_period *out, const char *text, int64_t now))
{
	char date[32];
	grid_period c;

	grid_date_format(date, sizeof(date), p->since);
	date[len] = '\0';
	if (make(&c, date, p->as_of) != GRID_OK) {
		grid_error_clear();
		return 0;
	}
	return c.since == p->since && c.until == p->until;
}

/* The calendar year P is; 0 for any other period. */
static int calendar_year(const grid_period *p)
{
	char date[32];

	grid_date_format(date, sizeof(date), p->since);
	return calendar_period(p, 4, grid_period_year) ? atoi(date) : 0;
}

static int calendar_month(const grid_period *p)
{
	return calendar_period(p, 7, grid_period_month);
}

/* The year's evaluation when the period is one, over the same scope and
 * as-of, with the reserve cadres; none without a ranking level, as the
 * teams are the ranking's. */
static int read_eval(grid_db *db, const grid_report_query *query, struct report *r)
{
	grid_eval_query eq = GRID_EVAL_QUERY_INIT;

	if (r->pub.no_ranking || !(eq.year = calendar_year(&query->period)))
		return GRID_OK;
	eq.now = query->period.as_of;
	eq.unit = query->unit;
	eq.reserve = 1;
	return grid_eval_build(db, &eq, &r->pub.eval);
}

/* Is the unit CODE at the top of the tree (*top)?  Its notice is then
 * the whole database's: the targets and projects set without a unit are
 * its own. */
static int scope_is_top(grid_db *db, const char *code, int *top)
{
	struct store_unit_ref u;
	int rc;

	*top = 1;
	if (!code)
		return GRID_OK;
	if ((rc = store_unit_find(db->store, code, &u)))
		return rc;
	*top = u.parent_id == 0;
	return GRID_OK;
}

/* For a calendar month or year, the targets of the year the period ends
 * in, as of its last day (or of now, when earlier), and the key projects
 * as of then, in the notice's scope: the unit and the units below it, and
 * those without a unit when the unit is at the top; each left NULL when
 * there is none, and for a week or a range. */
static int read_year_work(grid_db *db, const grid_report_query *query, struct report *r)
{
	grid_target_query tq = GRID_TARGET_QUERY_INIT;
	grid_project_query pq = GRID_PROJECT_QUERY_INIT;
	const grid_period *p = &query->period;
	char date[16];
	int rc, top;

	if (!calendar_month(p) && !calendar_year(p))
		return GRID_OK;
	if ((rc = scope_is_top(db, query->unit, &top)))
		return rc;
	/* until is exclusive: the last day is the one before it. */
	grid_date_format(date, sizeof(date), p->as_of < p->until ? p->as_of : p->until - 1);
	tq.as_of = date;
	tq.unit = query->unit;
	tq.below = 1;
	tq.whole = top;
	if ((rc = grid_target_progress(db, &tq, &r->pub.targets)))
		return rc;
	if (r->pub.targets->nrows == 0) {
		grid_target_progress_free(r->pub.targets);
		r->pub.targets = NULL;
	}
	pq.unit = query->unit;
	pq.whole = top;
	/* As the targets: an event at the period's exclusive end is not its. */
	pq.as_of = p->as_of < p->until ? p->as_of : p->until - 1;
	if ((rc = grid_project_list_build(db, &pq, &r->pub.projects)))
		return rc;
	if (r->pub.projects->nprojects == 0) {
		grid_project_list_free(r->pub.projects);
		r->pub.projects = NULL;
	}
	return GRID_OK;
}

int grid_report_build(grid_db *db, const grid_report_query *query, grid_report **out)
{
	grid_stats_query q = GRID_STATS_QUERY_INIT;
	struct report *r;
	int rc;

	*out = NULL;
	if (!query || query->version != GRID_REPORT_QUERY_VERSION)
		return grid_error_set(GRID_EUSAGE, "unsupported report query version");
	if (!(r = calloc(1, sizeof(*r))))
		return grid_error_oom();
	r->pub.period = query->period;
	q.period = query->period;
	q.unit = query->unit;
	/* The first measure checks the scope: an unknown unit fails here
	 * as in every measure, before the ranking could take it for a
	 * missing level. */
	if ((rc = read_measures(db, &q, r)) ||
		(rc = read_ranking(db, &q, r)) ||
		(rc = read_overdue(db, &q, r)) ||
		(rc = read_scope(db, query->unit, r)) ||
		(rc = read_previous(db, &q, r)) ||
		(rc = read_settings(db, r)) ||
		(rc = read_eval(db, query, r)) ||
		(rc = read_year_work(db, query, r))) {
		grid_report_free(&r->pub);
		return rc;
	}
	*out = &r->pub;
	return GRID_OK;
}

void grid_report_free(grid_report *report)
{
	struct report *r = (struct report *)report;

	if (!r)
		return;
	strpool_free(&r->strs);
	grid_eval_free(r->pub.eval);
	grid_target_progress_free(r->pub.targets);
	grid_project_list_free(r->pub.projects);
	free(r->pub.categories);
	free(r->pub.units);
	free(r->pub.ranking);
	free(r->pub.overdue);
	free(r);
}
