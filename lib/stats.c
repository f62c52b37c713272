/* The measures of grid-metrics(7).
 *
 * Every measure reads the state of an issue at the as-of time: its last
 * event at or before as-of.  A report on a past period therefore reads the
 * same whenever it runs.  Most issues have not changed since as-of, and
 * for them the issue's own columns (status, handling unit, due time in
 * force, last resolution, reopen count) are that state: they are counted
 * from one pass over a covering index.  The few that changed after as-of
 * are found through the events by time, and their history up to as-of is
 * folded instead, with what their columns counted taken back out.
 *
 * The roster is read once; issues map to their row through arrays built
 * over the units in tree order, so a ranking of every community of a city
 * is one pass, not one query per unit. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "grid/common.h"
#include "grid/field.h"
#include "grid/stats.h"
#include "score.h"
#include "store/stats.h"
#include "store/store.h"

#define NONE SIZE_MAX

/* The period's measures fold the cases reported in the period; overdue
 * folds every case reported at or before as-of (grid-metrics(7): open at as-of
 * and past due, wherever it was reported). */
enum { PHASE_PERIOD, PHASE_OVERDUE };

struct idpos {
	int64_t id;
	size_t pos;
};

/* The state of the issue being folded. */
struct cur {
	int64_t id, unit_id, category_id;
	const char *status;      /* static string, NULL before the first event */
	int64_t hu;              /* handling unit at as-of */
	int64_t due;             /* due time in force */
	int has_due;
	int64_t res_at, res_hu, res_due; /* the last resolution */
	int res_has_due, has_res;
	int reopened;
	/* the issue's current columns */
	const char *cur_status;
	int64_t cur_hu, cur_due, cur_res_at;
	int cur_has_due, cur_has_res, cur_reopened;
};

struct overdue_item {
	int64_t id, due;
	size_t unit, cat;
	char *title;             /* NULL: read it by id */
};

struct fold {
	const grid_stats_query *q;
	int64_t as_of;
	struct stats_unit *units;
	size_t nunits;
	struct idpos *byid;
	size_t *posof;           /* unit id -> position, when the ids are dense */
	int64_t maxid;
	struct stats_named *cats, *levels;
	size_t ncats, nlevels;
	size_t *rowof;           /* GRID_BY_UNIT: unit position -> row */
	size_t *rowunit;         /* GRID_BY_UNIT: row -> unit position */
	grid_measure *rows;
	size_t nrows;
	grid_measure total;
	struct cur cur;
	int have_cur;
	int want_overdue;
	int phase;               /* PHASE_PERIOD, then PHASE_OVERDUE */
	struct overdue_item *od;
	size_t nod, capod;
	int64_t end, lo, hi;     /* the scan's end of period and scope */
	int scoped;
	int64_t *late;           /* ids of the issues changed after as-of */
	size_t nlate, caplate;
};

static int cmp_idpos(const void *a, const void *b)
{
	const struct idpos *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

static size_t unit_pos(const struct fold *f, int64_t id)
{
	struct idpos key = { id, 0 }, *hit;

	if (f->posof)
		return id >= 0 && id <= f->maxid ? f->posof[id] : NONE;

	hit = bsearch(&key, f->byid, f->nunits, sizeof(*f->byid), cmp_idpos);
	return hit ? hit->pos : NONE;
}

static size_t named_pos(const struct stats_named *v, size_t n, int64_t id)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (v[mid].id == id)
			return mid;
		if (v[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NONE;
}

static void fold_free(struct fold *f)
{
	store_stats_units_free(f->units, f->nunits);
	store_stats_named_free(f->cats, f->ncats);
	store_stats_named_free(f->levels, f->nlevels);
	free(f->byid);
	free(f->posof);
	free(f->rowof);
	free(f->rowunit);
	free(f->rows);
	for (size_t i = 0; i < f->nod; i++)
		free(f->od[i].title);
	free(f->od);
	free(f->late);
}

static const char *status_of(const char *s)
{
	static const char *const known[] = { "reported", "accepted", "assigned", "resolved", "closed", "rejected" };
	size_t i;

	for (i = 0; s && i < GRID_ARRAY_SIZE(known); i++)
		if (strcmp(s, known[i]) == 0)
			return known[i];
	return s ? "reported" : NULL;
}

static int is_done(const char *st)
{
	return st && (strcmp(st, "resolved") == 0 || strcmp(st, "closed") == 0);
}

static int is_open(const char *st)
{
	return st && (strcmp(st, "accepted") == 0 || strcmp(st, "assigned") == 0);
}

static size_t row_of(const struct fold *f, int64_t unit_id, int64_t category_id, int64_t hu)
{
	size_t p;

	switch (f->q->by) {
	case GRID_BY_CATEGORY:
		return named_pos(f->cats, f->ncats, category_id);
	case GRID_BY_UNIT:
		p = unit_pos(f, unit_id);
		return p == NONE ? NONE : f->rowof[p];
	case GRID_BY_LEVEL:
		p = unit_pos(f, hu);
		return p == NONE ? NONE : named_pos(f->levels, f->nlevels, f->units[p].depth);
	case GRID_BY_PERSON:
		break;
	}
	return NONE;
}

/* How many levels above the unit where found the handling unit is. */
static int levels_up(const struct fold *f, int64_t unit_id, int64_t hu)
{
	size_t pf = unit_pos(f, unit_id), ph = unit_pos(f, hu);

	return pf == NONE || ph == NONE ? 0 : f->units[pf].depth - f->units[ph].depth;
}

static void escalation(grid_measure *d, int up, int64_t n)
{
	if (up <= 0)
		d->at_level += n;
	else if (up == 1)
		d->one_up += n;
	else
		d->two_up += n;
}

static void add(grid_measure *m, const grid_measure *d, int sign)
{
	m->found += sign * d->found;
	m->resolved += sign * d->resolved;
	m->due += sign * d->due;
	m->on_time += sign * d->on_time;
	m->reopened += sign * d->reopened;
	m->at_level += sign * d->at_level;
	m->one_up += sign * d->one_up;
	m->two_up += sign * d->two_up;
	m->overdue += sign * d->overdue;
}

/* Count D into the row of (UNIT_ID, CATEGORY_ID, HU) and the total. */
static void count(struct fold *f, const grid_measure *d, int64_t unit_id, int64_t category_id, int64_t hu, int sign)
{
	size_t r = row_of(f, unit_id, category_id, hu);

	add(&f->total, d, sign);
	if (r != NONE && r < f->nrows)
		add(&f->rows[r], d, sign);
}

/* What an issue's current columns count: its state at as-of when it has
 * not changed since. */
static void current(const struct fold *f, const struct stats_current *c, grid_measure *d)
{
	memset(d, 0, sizeof(*d));
	d->found = 1;
	if (c->state == STATS_DONE) {
		d->resolved = d->due = 1;
		d->on_time = !c->has_due || !c->has_resolved || c->resolved_at <= c->due_at;
		d->reopened = c->reopened > 0;
		escalation(d, levels_up(f, c->unit_id, c->handling_unit_id), 1);
	} else if (c->state == STATS_OPEN && c->has_due && c->due_at < f->as_of)
		d->due = 1;
}

static int on_current(void *ctx, const struct stats_current *c)
{
	struct fold *f = ctx;
	grid_measure d;

	current(f, c, &d);
	count(f, &d, c->unit_id, c->category_id, c->handling_unit_id, 1);
	return GRID_OK;
}

static int push_overdue(struct fold *f, int64_t id, int64_t due, int64_t unit_id, int64_t category_id,
	const char *title)
{
	struct overdue_item *v = grid_array_room(f->od, f->nod, &f->capod, sizeof(*v), 64);

	if (!v)
		return GRID_EFAIL;
	f->od = v;
	f->od[f->nod].id = id;
	f->od[f->nod].due = due;
	f->od[f->nod].unit = unit_pos(f, unit_id);
	f->od[f->nod].cat = named_pos(f->cats, f->ncats, category_id);
	f->od[f->nod].title = NULL;
	/* Read with the row: one query per title costs a lock each. */
	if (title && !(f->od[f->nod].title = grid_strdup(title)))
		return grid_error_oom();
	f->nod++;
	return GRID_OK;
}

/* Note issue ID as changed after as-of: the overdue pass leaves it to
 * its history. */
static int push_late(struct fold *f, int64_t id)
{
	int64_t *v = grid_array_room(f->late, f->nlate, &f->caplate, sizeof(*v), 64);

	if (!v)
		return GRID_EFAIL;
	f->late = v;
	f->late[f->nlate++] = id;
	return GRID_OK;
}

/* An issue changed after as-of: its history up to as-of counts, and what
 * the totals read from its current columns is taken back out. */
static int finish(struct fold *f)
{
	struct cur *c = &f->cur;
	const char *st = c->status ? c->status : "reported";
	const char *now = status_of(c->cur_status);
	grid_measure d = { 0 }, cur = { 0 };
	int rc;

	if (!f->have_cur)
		return GRID_OK;
	f->have_cur = 0;
	if ((rc = push_late(f, c->id)))
		return rc;
	if (f->phase == PHASE_OVERDUE) {
		/* The open list leaves the late issues out: nothing to take back. */
		if (is_open(st) && c->has_due && c->due < f->as_of) {
			d.overdue = 1;
			count(f, &d, c->unit_id, c->category_id, c->hu, 1);
			if (f->want_overdue)
				return push_overdue(f, c->id, c->due, c->unit_id, c->category_id, NULL);
		}
		return GRID_OK;
	}
	if (now && strcmp(now, "rejected") != 0) {
		struct stats_current cc;

		cc.unit_id = c->unit_id;
		cc.category_id = c->category_id;
		cc.handling_unit_id = c->cur_hu;
		cc.state = is_done(now) ? STATS_DONE : is_open(now) ? STATS_OPEN : 0;
		cc.due_at = c->cur_due;
		cc.has_due = c->cur_has_due;
		cc.resolved_at = c->cur_res_at;
		cc.has_resolved = c->cur_has_res;
		cc.reopened = c->cur_reopened;
		current(f, &cc, &cur);
		count(f, &cur, c->unit_id, c->category_id, c->cur_hu, -1);
	}
	if (strcmp(st, "rejected") == 0)
		return GRID_OK;
	d.found = 1;
	if (is_done(st)) {
		d.resolved = 1;
		d.due = 1;
		/* Without a due time there was no deadline to miss. */
		d.on_time = !c->has_res || !c->res_has_due || c->res_at <= c->res_due;
		d.reopened = c->reopened;
		escalation(&d, levels_up(f, c->unit_id, c->has_res ? c->res_hu : c->hu), 1);
	} else if (is_open(st) && c->has_due && c->due < f->as_of)
		d.due = 1;
	count(f, &d, c->unit_id, c->category_id, c->hu, 1);
	return GRID_OK;
}

static int on_event(void *ctx, const struct stats_event *ev)
{
	struct fold *f = ctx;
	struct cur *c = &f->cur;
	const char *prev;
	int rc;

	if (ev->first || !f->have_cur) {
		if ((rc = finish(f)))
			return rc;
		memset(c, 0, sizeof(*c));
		c->id = ev->issue_id;
		c->unit_id = ev->unit_id;
		c->category_id = ev->category_id;
		c->hu = ev->unit_id;
		c->cur_status = status_of(ev->cur_status);
		c->cur_hu = ev->cur_hu;
		c->cur_due = ev->cur_due;
		c->cur_has_due = ev->cur_has_due;
		c->cur_res_at = ev->cur_resolved_at;
		c->cur_has_res = ev->cur_has_resolved;
		c->cur_reopened = ev->cur_reopened;
		f->have_cur = 1;
	}
	if (!ev->to_status)
		return GRID_OK;
	prev = c->status;
	c->status = status_of(ev->to_status);
	c->hu = ev->handling_unit_id;
	if (strcmp(c->status, "resolved") == 0 || (strcmp(c->status, "closed") == 0 && !is_done(prev))) {
		/* The due time in force when it was resolved: the one the
		 * event carries, or the one before it. */
		c->res_at = ev->at;
		c->res_hu = ev->handling_unit_id;
		c->res_has_due = ev->has_due || c->has_due;
		c->res_due = ev->has_due ? ev->due_at : c->due;
		c->has_res = 1;
	}
	if ((ev->action && strcmp(ev->action, "reopen") == 0) || (is_done(prev) && !is_done(c->status)))
		c->reopened = 1;
	if (ev->has_due) {
		c->due = ev->due_at;
		c->has_due = 1;
	}
	return GRID_OK;
}

static int find_unit(const struct fold *f, const char *code, size_t *pos)
{
	size_t i;

	for (i = 0; i < f->nunits; i++)
		if (strcmp(f->units[i].code, code) == 0) {
			*pos = i;
			return GRID_OK;
		}
	return grid_error_set(GRID_ENOTFOUND, "unknown unit '%s'", code);
}

static int find_level(const struct fold *f, const char *name, int *depth)
{
	size_t i;

	for (i = 0; i < f->nlevels; i++)
		if (strcmp(f->levels[i].name, name) == 0) {
			*depth = (int)f->levels[i].id;
			return GRID_OK;
		}
	return grid_error_set(GRID_ENOTFOUND, "unknown level '%s'", name);
}

static int cmp_id(const void *a, const void *b)
{
	const int64_t *x = a, *y = b;

	return *x < *y ? -1 : *x > *y;
}

/* An issue open and past due by its current columns: overdue at as-of
 * unless it changed after as-of (then its history decided already). */
static int on_open(void *ctx, const struct stats_open *o)
{
	struct fold *f = ctx;
	grid_measure d = { 0 };

	if (f->nlate && bsearch(&o->id, f->late, f->nlate, sizeof(*f->late), cmp_id))
		return GRID_OK;
	d.overdue = 1;
	count(f, &d, o->unit_id, o->category_id, o->handling_unit_id, 1);
	return f->want_overdue ? push_overdue(f, o->id, o->due_at, o->unit_id, o->category_id, o->title) : GRID_OK;
}

/* Overdue at as-of over every case reported at or before as-of: the
 * cases open now and past due (a partial index holds them), less those
 * changed after as-of, whose history up to as-of is folded instead.
 * Those are found through the events after as-of when as-of is recent,
 * else by probing each case not resolved by as-of. */
static int fold_overdue(grid_db *db, struct fold *f)
{
	int64_t first = 0, as_of = f->as_of, end = as_of < INT64_MAX ? as_of + 1 : as_of;
	int rc;

	f->phase = PHASE_OVERDUE;
	f->nlate = 0;
	f->have_cur = 0;
	if ((rc = store_stats_first_reported(db->store, &first)))
		return rc;
	if ((rc = store_stats_scan(db->store, INT64_MIN, end, as_of, f->scoped, f->lo, f->hi,
		     grid_db_now(db) - as_of > as_of - first, on_event, f)) ||
		(rc = finish(f)))
		return rc;
	return store_stats_open_overdue(db->store, INT64_MIN, end, as_of, f->scoped, f->lo, f->hi, on_open, f);
}

/* Map unit ids to their position in tree order: a sorted index, and a
 * direct table when the ids are dense enough (row ids of an imported
 * roster are: it saves a search per issue). */
static int index_units(struct fold *f)
{
	size_t i;

	if (!(f->byid = malloc((f->nunits + 1) * sizeof(*f->byid))))
		return grid_error_oom();
	for (i = 0; i < f->nunits; i++) {
		f->byid[i].id = f->units[i].id;
		f->byid[i].pos = i;
	}
	qsort(f->byid, f->nunits, sizeof(*f->byid), cmp_idpos);
	f->maxid = f->nunits ? f->byid[f->nunits - 1].id : 0;
	if (f->nunits && f->byid[0].id >= 0 && (uint64_t)f->maxid <= 4 * (uint64_t)f->nunits + 1024 &&
		(f->posof = malloc(((size_t)f->maxid + 1) * sizeof(*f->posof)))) {
		for (i = 0; i <= (size_t)f->maxid; i++)
			f->posof[i] = NONE;
		for (i = 0; i < f->nunits; i++)
			f->posof[f->byid[i].id] = f->byid[i].pos;
	}
	return GRID_OK;
}

/* GRID_BY_UNIT: one row per unit of level DEPTH in scope when DEPTH >= 0,
 * else per child of the scope (per top unit without one); every other
 * unit counts into the row of its nearest ancestor that has one. */
static int unit_rows(struct fold *f, size_t scope, int depth)
{
	size_t i;
	int leaf;

	if (!(f->rowof = malloc((f->nunits + 1) * sizeof(*f->rowof))) ||
		!(f->rowunit = malloc((f->nunits + 1) * sizeof(*f->rowunit))))
		return grid_error_oom();
	/* Units come in tree order, so a parent's row is known before its
	 * children inherit it.  A scope without children is its own row,
	 * rather than a table of nothing. */
	leaf = scope != NONE;
	for (i = 0; leaf && i < f->nunits; i++)
		leaf = f->units[i].parent_id != f->units[scope].id;
	for (i = 0; i < f->nunits; i++) {
		const struct stats_unit *u = &f->units[i];
		int row = depth >= 0 ? u->depth == depth && u->lft >= f->lo && u->lft <= f->hi
			: leaf	     ? i == scope
			: (scope == NONE ? u->parent_id == 0 : u->parent_id == f->units[scope].id);
		size_t pp = u->parent_id ? unit_pos(f, u->parent_id) : NONE;

		if (row)
			f->rowunit[f->nrows] = i;
		f->rowof[i] = row ? f->nrows++ : (pp != NONE && pp < i ? f->rowof[pp] : NONE);
	}
	return GRID_OK;
}

/* Pick the scope (f->lo, f->hi) and the rows of the query. */
static int fold_rows(struct fold *f)
{
	const grid_stats_query *q = f->q;
	size_t scope = NONE;
	int rc, depth = -1;

	f->lo = INT64_MIN;
	f->hi = INT64_MAX;
	if (q->unit) {
		if ((rc = find_unit(f, q->unit, &scope)))
			return rc;
		f->lo = f->units[scope].lft;
		f->hi = f->units[scope].rgt;
	}
	f->scoped = scope != NONE;
	if (q->by == GRID_BY_UNIT && q->level && (rc = find_level(f, q->level, &depth)))
		return rc;
	if (depth >= 0 && scope != NONE && depth < f->units[scope].depth)
		return grid_error_set(GRID_EUSAGE, "no units of level '%s' under '%s': that level is above it", q->level,
			q->unit);
	switch (q->by) {
	case GRID_BY_CATEGORY:
		f->nrows = f->ncats;
		break;
	case GRID_BY_LEVEL:
		f->nrows = f->nlevels;
		break;
	case GRID_BY_UNIT:
		if ((rc = unit_rows(f, scope, depth)))
			return rc;
		break;
	case GRID_BY_PERSON:
		return grid_error_set(GRID_EUSAGE, "the case measures cannot be grouped by person");
	}
	if (!(f->rows = calloc(f->nrows + 1, sizeof(*f->rows))))
		return grid_error_oom();
	return GRID_OK;
}

/* Read the roster, pick the scope and the rows, scan the history. */
static int fold_run(grid_db *db, const grid_stats_query *q, struct fold *f, int want_overdue, int want_period)
{
	int rc;

	memset(f, 0, sizeof(*f));
	f->q = q;
	f->as_of = q->period.as_of;
	f->want_overdue = want_overdue;
	if ((rc = store_stats_units(db->store, &f->units, &f->nunits)) ||
		(rc = store_stats_categories(db->store, &f->cats, &f->ncats)) ||
		(rc = store_stats_levels(db->store, &f->levels, &f->nlevels)) ||
		(rc = index_units(f)) ||
		(rc = fold_rows(f)))
		return rc;
	/* A case reported after as-of did not exist then: the period ends
	 * at as-of when as-of comes first. */
	f->end = q->period.as_of < q->period.until ? q->period.as_of + 1 : q->period.until;
	if (want_period &&
		((rc = store_stats_current(db->store, q->period.since, f->end, f->scoped, f->lo, f->hi, on_current, f)) ||
			(rc = store_stats_scan(db->store, q->period.since, f->end, q->period.as_of, f->scoped, f->lo, f->hi,
				 grid_db_now(db) - q->period.as_of > q->period.as_of - q->period.since, on_event, f)) ||
			(rc = finish(f))))
		return rc;
	return want_period && q->no_overdue ? GRID_OK : fold_overdue(db, f);
}

/* The key and name of row R. */
static void row_names(const struct fold *f, size_t r, const char **key, const char **name)
{
	switch (f->q->by) {
	case GRID_BY_CATEGORY:
		*key = f->cats[r].code;
		*name = f->cats[r].name;
		return;
	case GRID_BY_LEVEL:
		*key = f->levels[r].code;
		*name = f->levels[r].name;
		return;
	case GRID_BY_UNIT:
		*key = f->units[f->rowunit[r]].code;
		*name = f->units[f->rowunit[r]].name;
		return;
	case GRID_BY_PERSON:
		break;
	}
	*key = *name = "";
}

int grid_stats_cases(grid_db *db, const grid_stats_query *query, grid_stats_cb cb, void *ctx, grid_measure *total)
{
	struct fold f;
	size_t r;
	int rc;

	if (total)
		memset(total, 0, sizeof(*total));
	if (!query || query->version != GRID_STATS_QUERY_VERSION)
		return grid_error_set(GRID_EUSAGE, "unsupported stats query version");
	if ((rc = fold_run(db, query, &f, 0, 1)))
		goto done;
	for (r = 0; cb && r < f.nrows; r++) {
		grid_stats_row row;

		row_names(&f, r, &row.key, &row.name);
		row.m = f.rows[r];
		if ((rc = cb(ctx, &row)))
			goto done;
	}
	if (total)
		*total = f.total;
done:
	fold_free(&f);
	return rc;
}

static int cmp_overdue(const void *a, const void *b)
{
	const struct overdue_item *x = a, *y = b;

	if (x->due != y->due)
		return x->due < y->due ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

int grid_stats_overdue_list(grid_db *db, const grid_stats_query *query, grid_overdue_cb cb, void *ctx)
{
	grid_stats_query q;
	struct fold f;
	size_t i;
	int rc;

	if (!query || query->version != GRID_STATS_QUERY_VERSION)
		return grid_error_set(GRID_EUSAGE, "unsupported stats query version");
	q = *query;
	q.by = GRID_BY_CATEGORY;
	if ((rc = fold_run(db, &q, &f, 1, 0)))
		goto done;
	if (f.nod)
		qsort(f.od, f.nod, sizeof(*f.od), cmp_overdue);
	for (i = 0; i < f.nod; i++) {
		grid_overdue row;

		if (!f.od[i].title && (rc = store_stats_issue_title(db->store, f.od[i].id, &f.od[i].title)))
			goto done;
		row.id = f.od[i].id;
		row.unit = f.od[i].unit != NONE ? f.units[f.od[i].unit].code : "";
		row.unit_name = f.od[i].unit != NONE ? f.units[f.od[i].unit].name : "";
		row.category = f.od[i].cat != NONE ? f.cats[f.od[i].cat].code : "";
		row.title = f.od[i].title;
		row.due_at = f.od[i].due;
		rc = cb(ctx, &row);
		if (rc)
			goto done;
	}
done:
	fold_free(&f);
	return rc;
}

/* ---- ranking ------------------------------------------------------------ */

struct rank_item {
	char *unit;
	char *name;
	grid_measure m;
	int has_score;
	double score;
};

struct rank_set {
	struct rank_item *v;
	size_t n, cap;
};

static int rank_collect(void *ctx, const grid_stats_row *row)
{
	struct rank_set *s = ctx;
	struct rank_item *v = grid_array_room(s->v, s->n, &s->cap, sizeof(*v), 64);

	if (!v)
		return GRID_EFAIL;
	s->v = v;
	memset(&s->v[s->n], 0, sizeof(s->v[s->n]));
	s->v[s->n].m = row->m;
	s->v[s->n].unit = grid_strdup(row->key);
	s->v[s->n].name = grid_strdup(row->name);
	s->n++;
	if (!s->v[s->n - 1].unit || !s->v[s->n - 1].name)
		return grid_error_oom();
	return GRID_OK;
}

static int cmp_item_unit(const void *a, const void *b)
{
	return strcmp(((const struct rank_item *)a)->unit, ((const struct rank_item *)b)->unit);
}

/* Merge the field-work counters of a row into the unit with its key. */
static int rank_merge(void *ctx, const grid_stats_row *row)
{
	struct rank_set *s = ctx;
	struct rank_item key, *hit;

	if (!s->n)
		return GRID_OK;
	key.unit = (char *)row->key;
	hit = bsearch(&key, s->v, s->n, sizeof(*s->v), cmp_item_unit);
	if (hit) {
		hit->m.households += row->m.households;
		hit->m.visited += row->m.visited;
		hit->m.expected += row->m.expected;
		hit->m.written += row->m.written;
		hit->m.scored += row->m.scored;
		hit->m.score_sum += row->m.score_sum;
	}
	return GRID_OK;
}

static int cmp_rank(const void *a, const void *b)
{
	const struct rank_item *x = a, *y = b;

	if (x->has_score != y->has_score)
		return x->has_score ? -1 : 1;
	if (x->has_score && (x->score - y->score > SCORE_EPS || y->score - x->score > SCORE_EPS))
		return x->score > y->score ? -1 : 1;
	/* Higher closure rate first, compared exactly; no rate last. */
	if ((x->m.found > 0) != (y->m.found > 0))
		return x->m.found > 0 ? -1 : 1;
	if (x->m.found > 0) {
		long double l = (long double)x->m.resolved * (long double)y->m.found;
		long double r = (long double)y->m.resolved * (long double)x->m.found;

		if (l != r)
			return l > r ? -1 : 1;
	}
	return strcmp(x->unit, y->unit);
}

int grid_rank_level(grid_db *db, const char *level, char **out)
{
	char *v = NULL;
	int rc;

	*out = NULL;
	if (level)
		return (*out = grid_strdup(level)) ? GRID_OK : GRID_EFAIL;
	if ((rc = store_setting_get(db->store, "ranking.level", &v)))
		return rc;
	if (v && *v) {
		*out = v;
		return GRID_OK;
	}
	free(v);
	return (*out = grid_strdup("community")) ? GRID_OK : GRID_EFAIL;
}

int64_t grid_diary_compliant(const grid_measure *m)
{
	return m->written < m->expected ? m->written : m->expected;
}

/* The ranking's components, in the order of their weights. */
enum { W_CLOSURE, W_ON_TIME, W_VISITS, W_DIARY, NWEIGHTS };

/* The weights of the settings ranking.weight.*, or their defaults. */
static int weights(grid_db *db, double w[NWEIGHTS])
{
	static const char *const keys[NWEIGHTS] = { "ranking.weight.closure", "ranking.weight.on_time",
		"ranking.weight.visits", "ranking.weight.diary" };
	static const double dflt[NWEIGHTS] = { 0.4, 0.3, 0.2, 0.1 };
	size_t k;
	int rc;

	for (k = 0; k < NWEIGHTS; k++)
		if ((rc = score_setting(db, keys[k], dflt[k], HUGE_VAL, &w[k])))
			return rc;
	return GRID_OK;
}

/* The weighted mean of the rates that have data and weight; none such
 * leaves the unit without a score. */
static void score(struct rank_item *it, const double w[NWEIGHTS])
{
	const grid_measure *m = &it->m;
	int64_t num[NWEIGHTS], den[NWEIGHTS];

	num[W_CLOSURE] = m->resolved, den[W_CLOSURE] = m->found;
	num[W_ON_TIME] = m->on_time, den[W_ON_TIME] = m->due;
	num[W_VISITS] = m->visited, den[W_VISITS] = m->households;
	num[W_DIARY] = grid_diary_compliant(m), den[W_DIARY] = m->expected;
	it->has_score = score_weighted(num, den, w, NWEIGHTS, &it->score);
}

/* Every unit of LEVEL in scope with its case, visit and diary counters. */
static int rank_gather(grid_db *db, const grid_rank_query *query, const char *level, struct rank_set *set)
{
	grid_stats_query q = GRID_STATS_QUERY_INIT;
	int rc;

	q.period = query->period;
	q.unit = query->under;
	q.by = GRID_BY_UNIT;
	q.level = level;
	if ((rc = grid_stats_cases(db, &q, rank_collect, set, NULL)))
		return rc;
	if (set->n)
		qsort(set->v, set->n, sizeof(*set->v), cmp_item_unit);
	if ((rc = grid_stats_visits(db, &q, rank_merge, set, NULL)))
		return rc;
	return grid_stats_diary(db, &q, rank_merge, set, NULL);
}

static int rank_emit(const struct rank_set *set, grid_rank_cb cb, void *ctx)
{
	size_t i;
	int rc;

	for (i = 0; cb && i < set->n; i++) {
		grid_rank_row row;

		row.rank = (int)i + 1;
		row.unit = set->v[i].unit;
		row.name = set->v[i].name;
		row.has_score = set->v[i].has_score;
		row.score = set->v[i].score;
		row.m = set->v[i].m;
		if ((rc = cb(ctx, &row)))
			return rc;
	}
	return GRID_OK;
}

int grid_rank(grid_db *db, const grid_rank_query *query, grid_rank_cb cb, void *ctx)
{
	struct rank_set set = { NULL, 0, 0 };
	double w[NWEIGHTS];
	char *level = NULL;
	size_t i;
	int rc;

	if (!query || query->version != GRID_RANK_QUERY_VERSION)
		return grid_error_set(GRID_EUSAGE, "unsupported rank query version");
	if ((rc = weights(db, w)) ||
		(rc = grid_rank_level(db, query->level, &level)) ||
		(rc = rank_gather(db, query, level, &set)))
		goto done;
	for (i = 0; i < set.n; i++)
		score(&set.v[i], w);
	if (set.n)
		qsort(set.v, set.n, sizeof(*set.v), cmp_rank);
	rc = rank_emit(&set, cb, ctx);
done:
	for (i = 0; i < set.n; i++) {
		free(set.v[i].unit);
		free(set.v[i].name);
	}
	free(set.v);
	free(level);
	return rc;
}
