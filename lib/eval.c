/* The yearly evaluation (grid-metrics(7), "Yearly evaluation"): the
 * teams are the ranking of the year (grid_rank, its score unchanged), the
 * top of them rated advanced; the grid workers are scored by the
 * ranking's formula (score.h) over their units' case and visit counters,
 * summed, and their own diary counters, and rated against two thresholds. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "grid/eval.h"
#include "grid/field.h"
#include "score.h"
#include "store/roster.h"
#include "store/store.h"
#include "strpool.h"

/* The evaluation with the strings it owns. */
struct eval_full {
	grid_eval pub;
	struct strpool strs;
};

/* A copy of S ("" for NULL) owned by E; NULL when memory ran out (error set). */
static char *keep(struct eval_full *e, const char *s)
{
	return strpool_keep(&e->strs, s ? s : "");
}

const char *grid_eval_rating_name(grid_eval_rating rating)
{
	switch (rating) {
	case GRID_EVAL_EXCELLENT:
		return "excellent";
	case GRID_EVAL_PASS:
		return "pass";
	case GRID_EVAL_FAIL:
		return "fail";
	default:
		return NULL;
	}
}

/* ---- settings ------------------------------------------------------------ */

/* eval.advanced.top: a whole number, -1 when unset. */
static int setting_top(grid_db *db, int64_t *out)
{
	char *v = NULL, *end;
	long long n;
	int rc;

	*out = -1;
	if ((rc = store_setting_get(db->store, "eval.advanced.top", &v)) || !v)
		return rc;
	n = strtoll(v, &end, 10);
	if (end == v || *end || n < 0)
		rc = grid_error_set(GRID_EINPUT, "setting '%s' is not a whole number: '%s'", "eval.advanced.top", v);
	else
		*out = n;
	free(v);
	return rc;
}

static int eval_settings(grid_db *db, grid_eval *e)
{
	static const char *const keys[5] = { "eval.person.weight.closure", "eval.person.weight.on_time",
		"eval.person.weight.visits", "eval.person.weight.diary", "eval.person.weight.review" };
	static const double dflt[5] = { 0.25, 0.2, 0.2, 0.15, 0.2 };
	size_t k;
	int rc;

	if ((rc = setting_top(db, &e->top)) ||
		(rc = score_setting(db, "eval.advanced.share", -1, 1, &e->share)) ||
		(rc = score_setting(db, "eval.person.excellent", 0.9, 1, &e->excellent)) ||
		(rc = score_setting(db, "eval.person.pass", 0.6, 1, &e->pass)))
		return rc;
	for (k = 0; k < 5; k++)
		if ((rc = score_setting(db, keys[k], dflt[k], 1, &e->weights[k])))
			return rc;
	/* Neither limit set: the top three, as the seed's offices award. */
	if (e->top < 0 && e->share < 0)
		e->top = 3;
	return GRID_OK;
}

/* ---- teams --------------------------------------------------------------- */

struct team_set {
	struct eval_full *e;
	size_t cap;
};

static int on_team(void *ctx, const grid_rank_row *row)
{
	struct team_set *t = ctx;
	grid_eval *e = &t->e->pub;
	grid_eval_team *v = grid_array_room(e->teams, e->nteams, &t->cap, sizeof(*v), 16);

	if (!v)
		return GRID_EFAIL;
	e->teams = v;
	v[e->nteams].row = *row;
	v[e->nteams].advanced = 0;
	if (!(v[e->nteams].row.unit = keep(t->e, row->unit)) || !(v[e->nteams].row.name = keep(t->e, row->name)))
		return GRID_EFAIL;
	e->nteams++;
	return GRID_OK;
}

/* The number of teams rated advanced: the top TOP, or the top SHARE of
 * the teams with a score (rounded down), the smaller when both are set;
 * only a team with a score is rated. */
static int64_t advanced_count(const grid_eval *e)
{
	int64_t scored = 0, n = -1;
	size_t i;

	for (i = 0; i < e->nteams; i++)
		scored += e->teams[i].row.has_score;
	if (e->top >= 0)
		n = e->top;
	if (e->share >= 0) {
		int64_t s = (int64_t)(e->share * (double)scored + SCORE_EPS);

		n = n < 0 || s < n ? s : n;
	}
	return n < scored ? n : scored;
}

static int eval_teams(grid_db *db, const grid_eval_query *query, struct eval_full *full)
{
	grid_rank_query q = GRID_RANK_QUERY_INIT;
	struct team_set t = { full, 0 };
	grid_eval *e = &full->pub;
	int64_t i;
	int rc;

	q.period = e->period;
	q.level = e->level;
	q.under = query->unit;
	if ((rc = grid_rank(db, &q, on_team, &t)))
		return rc;
	e->advanced = advanced_count(e);
	/* grid_rank's order puts the teams with a score first. */
	for (i = 0; i < e->advanced; i++)
		e->teams[i].advanced = 1;
	return GRID_OK;
}

/* ---- people -------------------------------------------------------------- */

/* A unit of the roster, and the counters of its row. */
struct unit_info {
	char *code;
	char *level;
	int64_t depth;
	int in_scope;
	grid_measure m;
};

/* A grid worker's duty: person PID on unit UNIT. */
struct duty {
	char *pid;
	char *unit;
};

struct name {
	char *pid;
	char *name;
};

struct roster {
	struct unit_info *units; /* by code */
	size_t nunits, ucap;
	struct duty *duties;     /* by person, then unit; duplicates removed */
	size_t nduties, dcap;
	struct name *names;      /* by pid */
	size_t nnames, ncap;
};

static int on_unit(void *ctx, const char *const *c, int n)
{
	struct roster *r = ctx;
	struct unit_info *v = grid_array_room(r->units, r->nunits, &r->ucap, sizeof(*v), 64);

	(void)n;
	if (!v)
		return GRID_EFAIL;
	r->units = v;
	memset(&v[r->nunits], 0, sizeof(*v));
	v[r->nunits].depth = strtoll(c[5], NULL, 10);
	v[r->nunits].code = grid_strdup(c[0]);
	v[r->nunits].level = grid_strdup(c[2]);
	r->nunits++;
	return v[r->nunits - 1].code && v[r->nunits - 1].level ? GRID_OK : grid_error_oom();
}

static int on_duty(void *ctx, const char *const *c, int n)
{
	struct roster *r = ctx;
	struct duty *v;

	(void)n;
	if (strcmp(c[2], "grid_head") && strcmp(c[2], "grid_member"))
		return GRID_OK;
	if (!(v = grid_array_room(r->duties, r->nduties, &r->dcap, sizeof(*v), 64)))
		return GRID_EFAIL;
	r->duties = v;
	v[r->nduties].pid = grid_strdup(c[1]);
	v[r->nduties].unit = grid_strdup(c[0]);
	r->nduties++;
	return v[r->nduties - 1].pid && v[r->nduties - 1].unit ? GRID_OK : grid_error_oom();
}

static int on_name(void *ctx, const char *const *c, int n)
{
	struct roster *r = ctx;
	struct name *v = grid_array_room(r->names, r->nnames, &r->ncap, sizeof(*v), 64);

	(void)n;
	if (!v)
		return GRID_EFAIL;
	r->names = v;
	v[r->nnames].pid = grid_strdup(c[0]);
	v[r->nnames].name = grid_strdup(c[1]);
	r->nnames++;
	return v[r->nnames - 1].pid && v[r->nnames - 1].name ? GRID_OK : grid_error_oom();
}

static int cmp_unit(const void *a, const void *b)
{
	return strcmp(((const struct unit_info *)a)->code, ((const struct unit_info *)b)->code);
}

static int cmp_duty(const void *a, const void *b)
{
	const struct duty *x = a, *y = b;
	int c = strcmp(x->pid, y->pid);

	return c ? c : strcmp(x->unit, y->unit);
}

static struct unit_info *unit_of(const struct roster *r, const char *code)
{
	struct unit_info key;

	key.code = (char *)code;
	return r->nunits ? bsearch(&key, r->units, r->nunits, sizeof(key), cmp_unit) : NULL;
}

static void roster_free(struct roster *r)
{
	size_t i;

	for (i = 0; i < r->nunits; i++) {
		free(r->units[i].code);
		free(r->units[i].level);
	}
	for (i = 0; i < r->nduties; i++) {
		free(r->duties[i].pid);
		free(r->duties[i].unit);
	}
	for (i = 0; i < r->nnames; i++) {
		free(r->names[i].pid);
		free(r->names[i].name);
	}
	free(r->units);
	free(r->duties);
	free(r->names);
}

static int roster_read(grid_db *db, struct roster *r)
{
	size_t i, j;
	int rc;

	if ((rc = store_export_rows(db->store, STORE_EXPORT_UNITS, on_unit, r)) ||
		(rc = store_export_rows(db->store, STORE_EXPORT_ASSIGNMENTS, on_duty, r)) ||
		(rc = store_export_rows(db->store, STORE_EXPORT_PEOPLE, on_name, r)))
		return rc;
	if (r->nunits)
		qsort(r->units, r->nunits, sizeof(*r->units), cmp_unit);
	if (r->nduties)
		qsort(r->duties, r->nduties, sizeof(*r->duties), cmp_duty);
	/* A head and member of the same unit counts the unit once. */
	for (i = j = 0; i < r->nduties; i++) {
		if (j && !cmp_duty(&r->duties[j - 1], &r->duties[i])) {
			free(r->duties[i].pid);
			free(r->duties[i].unit);
			continue;
		}
		r->duties[j++] = r->duties[i];
	}
	r->nduties = j;
	return GRID_OK;
}

/* Add the counters of FROM to TO. */
static void measure_add(grid_measure *to, const grid_measure *from)
{
	to->found += from->found;
	to->resolved += from->resolved;
	to->due += from->due;
	to->on_time += from->on_time;
	to->reopened += from->reopened;
	to->at_level += from->at_level;
	to->one_up += from->one_up;
	to->two_up += from->two_up;
	to->overdue += from->overdue;
	to->households += from->households;
	to->visited += from->visited;
	to->expected += from->expected;
	to->written += from->written;
	to->scored += from->scored;
	to->score_sum += from->score_sum;
}

/* Add a unit row's counters (cases, or visits) to its unit. */
static int on_unit_row(void *ctx, const grid_stats_row *row)
{
	struct unit_info *u = unit_of(ctx, row->key);

	if (!u)
		return GRID_OK;
	u->in_scope = 1;
	/* grid_stats_cases fills the case counters, grid_stats_visits the
	 * visit counters; each leaves the others zero. */
	measure_add(&u->m, &row->m);
	return GRID_OK;
}

/* The case and visit counters of every unit in scope of the levels that
 * have a grid worker: one pass of each measure per level (a roster has a
 * handful), not one per unit. */
static int unit_measures(grid_db *db, const grid_period *period, const char *scope, struct roster *r)
{
	grid_stats_query q = GRID_STATS_QUERY_INIT;
	struct unit_info *s = scope ? unit_of(r, scope) : NULL;
	const char **done = NULL, **v;
	size_t i, j, ndone = 0, cap = 0;
	int rc = GRID_OK;

	if (scope && !s)
		return grid_error_set(GRID_ENOTFOUND, "unknown unit '%s'", scope);
	q.period = *period;
	q.unit = scope;
	q.by = GRID_BY_UNIT;
	q.no_overdue = 1;
	for (i = 0; i < r->nduties && !rc; i++) {
		struct unit_info *u = unit_of(r, r->duties[i].unit);

		for (j = 0; u && j < ndone && strcmp(done[j], u->level); j++)
			;
		/* A level above the scope has no unit in it. */
		if (!u || j < ndone || (s && u->depth < s->depth))
			continue;
		if (!(v = grid_array_room(done, ndone, &cap, sizeof(*v), 8))) {
			rc = GRID_EFAIL;
			break;
		}
		done = v;
		done[ndone++] = q.level = u->level;
		if (!(rc = grid_stats_cases(db, &q, on_unit_row, r, NULL)))
			rc = grid_stats_visits(db, &q, on_unit_row, r, NULL);
	}
	free(done);
	return rc;
}

/* The name of person PID (the export lists people by pid). */
static const char *name_of(const struct roster *r, const char *pid)
{
	size_t lo = 0, hi = r->nnames;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(r->names[mid].pid, pid);

		if (!c)
			return r->names[mid].name;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return pid;
}

struct people {
	struct eval_full *e;
	grid_eval_person *v;
	size_t n, cap;
};

/* One person of the duties [first, end): their units in scope, the
 * counters summed; nobody when none is in scope. */
static int add_person(struct people *p, const struct roster *r, size_t first, size_t end)
{
	grid_eval_person *v, *x;
	const char **units;
	size_t i;

	if (!(units = calloc(end - first + 1, sizeof(*units))))
		return grid_error_oom();
	if (!(v = grid_array_room(p->v, p->n, &p->cap, sizeof(*v), 32))) {
		free(units);
		return GRID_EFAIL;
	}
	p->v = v;
	x = &v[p->n];
	memset(x, 0, sizeof(*x));
	for (i = first; i < end; i++) {
		const struct unit_info *u = unit_of(r, r->duties[i].unit);

		if (!u || !u->in_scope)
			continue;
		if (!(units[x->nunits++] = keep(p->e, u->code)))
			break;
		measure_add(&x->m, &u->m);
	}
	if (i < end || !x->nunits || !(x->id = keep(p->e, r->duties[first].pid)) ||
		!(x->name = keep(p->e, name_of(r, r->duties[first].pid)))) {
		free(units);
		return i < end || x->nunits ? GRID_EFAIL : GRID_OK;
	}
	x->units = units;
	p->n++;
	return GRID_OK;
}

static int cmp_person(const void *a, const void *b)
{
	return strcmp(((const grid_eval_person *)a)->id, ((const grid_eval_person *)b)->id);
}

/* Add the person's own diary counters; the units' diaries are not theirs. */
static int on_diary(void *ctx, const grid_stats_row *row)
{
	struct people *p = ctx;
	grid_eval_person key, *hit;

	key.id = row->key;
	if (!p->n || !(hit = bsearch(&key, p->v, p->n, sizeof(key), cmp_person)))
		return GRID_OK;
	hit->m.expected += row->m.expected;
	hit->m.written += row->m.written;
	hit->m.scored += row->m.scored;
	hit->m.score_sum += row->m.score_sum;
	return GRID_OK;
}

/* A person's score by the ranking's formula over five components, and
 * the rating: a score within SCORE_EPS of a threshold reaches it. */
static void rate(grid_eval_person *x, const grid_eval *e)
{
	const grid_measure *m = &x->m;
	int64_t num[5], den[5];

	num[0] = m->resolved, den[0] = m->found;
	num[1] = m->on_time, den[1] = m->due;
	num[2] = m->visited, den[2] = m->households;
	num[3] = grid_diary_compliant(m), den[3] = m->expected;
	num[4] = m->score_sum, den[4] = 100 * m->scored;
	x->has_score = score_weighted(num, den, e->weights, 5, &x->score);
	if (!x->has_score)
		x->rating = GRID_EVAL_NONE;
	else if (x->score >= e->excellent - SCORE_EPS)
		x->rating = GRID_EVAL_EXCELLENT;
	else if (x->score >= e->pass - SCORE_EPS)
		x->rating = GRID_EVAL_PASS;
	else
		x->rating = GRID_EVAL_FAIL;
}

static void people_free(grid_eval_person *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free((void *)v[i].units);
	free(v);
}

/* The grid workers of scope SCOPE over PERIOD, scored and rated, by id. */
static int eval_people(grid_db *db, struct eval_full *full, const grid_period *period, const char *scope,
	struct people *p)
{
	grid_stats_query q = GRID_STATS_QUERY_INIT;
	struct roster r;
	size_t i, j;
	int rc;

	memset(&r, 0, sizeof r);
	p->e = full;
	if ((rc = roster_read(db, &r)) || (rc = unit_measures(db, period, scope, &r)))
		goto done;
	for (i = 0; i < r.nduties; i = j) {
		for (j = i + 1; j < r.nduties && !strcmp(r.duties[j].pid, r.duties[i].pid); j++)
			;
		if ((rc = add_person(p, &r, i, j)))
			goto done;
	}
	q.period = *period;
	q.unit = scope;
	q.by = GRID_BY_PERSON;
	if ((rc = grid_stats_diary(db, &q, on_diary, p, NULL)))
		goto done;
	for (i = 0; i < p->n; i++)
		rate(&p->v[i], &full->pub);
done:
	roster_free(&r);
	return rc;
}

/* Mark the reserve cadres: excellent this year and in PREV. */
static void mark_reserve(grid_eval *e, const struct people *prev)
{
	size_t i;

	for (i = 0; i < e->npeople; i++) {
		grid_eval_person *x = &e->people[i];
		const grid_eval_person *hit =
			prev->n ? bsearch(x, prev->v, prev->n, sizeof(*x), cmp_person) : NULL;

		x->previous = hit ? hit->rating : GRID_EVAL_NONE;
		x->reserve = x->rating == GRID_EVAL_EXCELLENT && x->previous == GRID_EVAL_EXCELLENT;
	}
}

/* The period of calendar year YEAR as of NOW. */
static int year_period(grid_period *out, int year, int64_t now)
{
	char text[16];

	if (year < 1 || year > 9999)
		return grid_error_set(GRID_EUSAGE, "year %d is not from 1 to 9999", year);
	snprintf(text, sizeof text, "%04d", year);
	return grid_period_year(out, text, now);
}

static int eval_run(grid_db *db, const grid_eval_query *query, struct eval_full *full)
{
	grid_eval *e = &full->pub;
	struct people p = { NULL, NULL, 0, 0 }, prev = { NULL, NULL, 0, 0 };
	grid_period before;
	char *level = NULL;
	int rc;

	e->year = query->year;
	if ((rc = year_period(&e->period, query->year, query->now)) || (rc = eval_settings(db, e)) ||
		(rc = grid_rank_level(db, NULL, &level)) || !(e->level = keep(full, level)))
		goto done;
	if ((rc = eval_teams(db, query, full)) || (rc = eval_people(db, full, &e->period, query->unit, &p)))
		goto done;
	e->people = p.v, e->npeople = p.n;
	p.v = NULL, p.n = 0;
	if (query->reserve && query->year > 1) {
		if ((rc = year_period(&before, query->year - 1, query->now)) ||
			(rc = eval_people(db, full, &before, query->unit, &prev)))
			goto done;
		mark_reserve(e, &prev);
	}
done:
	if (!rc && !e->level)
		rc = GRID_EFAIL;
	people_free(p.v, p.n);
	people_free(prev.v, prev.n);
	free(level);
	return rc;
}

int grid_eval_build(grid_db *db, const grid_eval_query *query, grid_eval **out)
{
	struct eval_full *full;
	int rc;

	*out = NULL;
	if (!query || query->version != GRID_EVAL_QUERY_VERSION)
		return grid_error_set(GRID_EUSAGE, "unsupported eval query version");
	if (!(full = calloc(1, sizeof(*full))))
		return grid_error_oom();
	if ((rc = eval_run(db, query, full))) {
		grid_eval_free(&full->pub);
		return rc;
	}
	*out = &full->pub;
	return GRID_OK;
}

void grid_eval_free(grid_eval *eval)
{
	struct eval_full *full = (struct eval_full *)eval;

	if (!eval)
		return;
	strpool_free(&full->strs);
	free(eval->teams);
	people_free(eval->people, eval->npeople);
	free(full);
}
