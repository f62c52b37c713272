/* Duty diaries (民情日志): writing the day's entry, listing, reviewing,
 * the monthly spot check, and their measures (entries written against
 * those expected, review scores). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "fieldwork.h"
#include "grid/field.h"
#include "grid/text.h"
#include "grid/time.h"
#include "internal.h"
#include "store/fieldwork.h"
#include "text_check.h"
#include "unit_tree.h"

/* The first local date whose midnight is at or after T, as YYYY-MM-DD. */
static void date_ceil(char *buf, size_t size, int64_t t)
{
	int64_t midnight = 0;

	grid_date_format(buf, size, t);
	if (grid_date_parse(&midnight, buf) == GRID_OK && midnight < t)
		grid_date_format(buf, size, midnight + 36 * 3600);
}

/* The entry's date into DATE: OPTS's, or today; never later than today. */
static int entry_date(grid_db *db, const grid_diary_opts *opts, char *date, size_t size)
{
	char today[16];
	int64_t midnight;
	int rc;

	grid_date_format(today, sizeof(today), grid_db_now(db));
	if (!opts->date) {
		snprintf(date, size, "%s", today);
		return GRID_OK;
	}
	if ((rc = grid_date_parse(&midnight, opts->date)))
		return rc;
	grid_date_format(date, size, midnight);
	if (strcmp(date, today) > 0)
		return grid_error_set(GRID_EINPUT, "diary date '%s' is in the future", date);
	return GRID_OK;
}

/* The entry of person BY on DATE, written or replacing the one there: a
 * write grid_db_write may run again. */
struct entry_write {
	const grid_diary_opts *opts;
	int64_t unit_id, *out;
	const char *by, *date;
};

static int entry_write_body(grid_db *db, void *arg)
{
	struct entry_write *w = arg;
	int64_t existing = 0;
	int rc = store_diary_find(db->store, w->unit_id, w->by, w->date, &existing);

	if (rc)
		return rc;
	if (existing && !w->opts->replace)
		return grid_error_set_field(grid_error_set(GRID_ECONFLICT,
			"person '%s' already wrote the entry of %s on unit '%s' (id %lld); set replace to replace it", w->by,
			w->date, w->opts->unit, (long long)existing), "replace");
	if (existing) {
		*w->out = existing;
		return store_diary_replace(db->store, existing, w->opts->text);
	}
	return store_diary_insert(db->store, w->unit_id, w->by, w->date, w->opts->text, w->out);
}

static int write_entry(grid_db *db, const grid_diary_opts *opts, int64_t unit_id, const char *by, const char *date,
	int64_t *out)
{
	struct entry_write w = { opts, unit_id, out, by, date };

	return grid_db_write(db, entry_write_body, &w);
}

int grid_diary_add(int64_t *out, grid_db *db, const grid_diary_opts *opts)
{
	char date[16];
	int64_t unit_id;
	const char *by;
	int rc;

	*out = 0;
	if (!opts->unit || !*opts->unit)
		return grid_error_set_field(grid_error_set(GRID_EUSAGE, "a diary entry needs a unit"), "unit");
	if ((rc = grid_text_check_named("text", opts->text, GRID_TEXT_NOTE, 1)) ||
		(rc = entry_date(db, opts, date, sizeof(date))) ||
		(rc = fieldwork_writer(db, opts->unit, opts->by, "log add", &unit_id, &by)))
		return rc;
	return write_entry(db, opts, unit_id, by, date, out);
}

int grid_diary_list(grid_db *db, const grid_diary_filter *filter, grid_diary_cb cb, void *ctx)
{
	grid_diary_filter none = GRID_DIARY_FILTER_INIT;
	int64_t lft, rgt;
	int rc;

	if (!filter)
		filter = &none;
	if ((rc = fieldwork_list_scope(db, filter->unit, filter->by, &lft, &rgt)))
		return rc;
	return store_diary_list(db->store, lft, rgt, filter, cb, ctx);
}

int grid_diary_review(grid_db *db, int64_t id, int score, const char *note)
{
	int rc;

	if (score < 0 || score > 100)
		return grid_error_set(GRID_EUSAGE, "score %d is outside 0..100", score);
	if ((rc = grid_text_check_named("note", note, GRID_TEXT_NOTE, 0)))
		return rc;
	if ((rc = grid_require_role(db, FIELDWORK_REVIEWERS, "log review")))
		return rc;
	if ((rc = store_begin(db->store)))
		return rc;
	rc = store_diary_review(db->store, id, score, note && *note ? note : NULL, db->actor, grid_db_now(db));
	return store_end(db->store, rc);
}

/* ---- the monthly spot check --------------------------------------------- */

#define FNV_OFFSET 14695981039346656037ULL
#define FNV_PRIME 1099511628211ULL

static uint64_t fnv1a(uint64_t h, const unsigned char *p, size_t n)
{
	while (n--) {
		h ^= *p++;
		h *= FNV_PRIME;
	}
	return h;
}

uint64_t grid_diary_seed(const char *month)
{
	return fnv1a(FNV_OFFSET, (const unsigned char *)month, strlen(month));
}

uint64_t grid_diary_rank(uint64_t seed, int64_t id)
{
	unsigned char b[16];
	uint64_t u = (uint64_t)id;
	int i;

	for (i = 0; i < 8; i++) {
		b[i] = (unsigned char)(seed >> (8 * i));
		b[8 + i] = (unsigned char)(u >> (8 * i));
	}
	return fnv1a(FNV_OFFSET, b, sizeof(b));
}

struct pick {
	grid_diary d;   /* strings owned */
	uint64_t rank;
};

/* The entries of one person at a time, picked from when the next person's
 * first entry comes. */
struct sample {
	struct pick *v;
	size_t n, cap;
	int per_person;
	uint64_t seed;
	grid_diary_cb cb;
	void *ctx;
};

static void pick_clear(struct sample *s)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		free((char *)s->v[i].d.unit);
		free((char *)s->v[i].d.person);
		free((char *)s->v[i].d.date);
		free((char *)s->v[i].d.text);
		free((char *)s->v[i].d.reviewed_by);
	}
	s->n = 0;
}

static int by_rank(const void *a, const void *b)
{
	const struct pick *x = a, *y = b;

	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	return (x->d.id > y->d.id) - (x->d.id < y->d.id);
}

static int by_id(const void *a, const void *b)
{
	const struct pick *x = a, *y = b;

	return (x->d.id > y->d.id) - (x->d.id < y->d.id);
}

/* Emit the picks of the person gathered so far. */
static int sample_flush(struct sample *s)
{
	size_t i, n = s->n < (size_t)s->per_person ? s->n : (size_t)s->per_person;
	int rc = 0;

	qsort(s->v, s->n, sizeof(*s->v), by_rank);
	qsort(s->v, n, sizeof(*s->v), by_id);
	for (i = 0; i < n && !rc; i++)
		rc = s->cb(s->ctx, &s->v[i].d);
	pick_clear(s);
	return rc;
}

static char *dup_or_null(const char *p)
{
	return p ? strdup(p) : NULL;
}

static int sample_row(void *ctx, const grid_diary *d)
{
	struct sample *s = ctx;
	struct pick *p, *v;
	int rc;

	if (s->n && strcmp(s->v[0].d.person, d->person) != 0 && (rc = sample_flush(s)))
		return rc;
	if (!(v = grid_array_room(s->v, s->n, &s->cap, sizeof(*v), 32)))
		return GRID_EFAIL;
	s->v = v;
	p = &s->v[s->n];
	p->d = *d;
	p->d.unit = dup_or_null(d->unit);
	p->d.person = dup_or_null(d->person);
	p->d.date = dup_or_null(d->date);
	p->d.text = dup_or_null(d->text);
	p->d.reviewed_by = dup_or_null(d->reviewed_by);
	p->rank = grid_diary_rank(s->seed, d->id);
	s->n++;
	if (!p->d.unit || !p->d.person || !p->d.date || !p->d.text || (d->reviewed_by && !p->d.reviewed_by))
		return grid_error_oom();
	return 0;
}

int grid_diary_sample(grid_db *db, const char *month, int per_person, uint64_t seed, grid_diary_cb cb, void *ctx)
{
	struct sample s;
	grid_period p;
	char since[16], until[16];
	int rc;

	if (per_person < 1)
		return grid_error_set_field(grid_error_set(GRID_EUSAGE, "per_person must be at least 1"), "per_person");
	if ((rc = grid_period_month(&p, month, grid_db_now(db))))
		return rc;
	date_ceil(since, sizeof(since), p.since);
	date_ceil(until, sizeof(until), p.until);
	memset(&s, 0, sizeof(s));
	s.per_person = per_person;
	s.seed = seed;
	s.cb = cb;
	s.ctx = ctx;
	rc = store_diary_month(db->store, since, until, sample_row, &s);
	if (rc == GRID_OK && s.n)
		rc = sample_flush(&s);
	pick_clear(&s);
	free(s.v);
	return rc;
}

/* ---- measures ------------------------------------------------------------- */

struct diary_measure {
	struct unit_tree t;
	int64_t days;      /* working days of the period: entries expected of each grid head */
	grid_stats_cb cb;
	void *ctx;
	grid_measure sum;
};

static int add_heads(void *ctx, int64_t lft, int64_t n)
{
	struct diary_measure *d = ctx;
	struct unit_node *x = unit_tree_find(&d->t, lft);

	if (x)
		x->m.expected = n * d->days;
	return 0;
}

static int add_written(void *ctx, int64_t lft, int64_t written, int64_t scored, int64_t score_sum)
{
	struct diary_measure *d = ctx;
	struct unit_node *x = unit_tree_find(&d->t, lft);

	if (x) {
		x->m.written = written;
		x->m.scored = scored;
		x->m.score_sum = score_sum;
	}
	return 0;
}

static int person_row(void *ctx, const struct store_diary_person *p)
{
	struct diary_measure *d = ctx;
	grid_stats_row r;

	memset(&r, 0, sizeof(r));
	r.key = p->id;
	r.name = p->name ? p->name : "";
	r.m.expected = p->heads * d->days;
	r.m.written = p->written;
	r.m.scored = p->scored;
	r.m.score_sum = p->score_sum;
	fieldwork_measure_add(&d->sum, &r.m);
	return d->cb ? d->cb(d->ctx, &r) : 0;
}

/* The measures by unit: counts per unit, rolled up the tree of the scope. */
static int by_unit(grid_db *db, struct diary_measure *d, const grid_stats_query *query, int64_t lft, int64_t rgt,
	const char *since, const char *until, grid_measure *total)
{
	int rc;

	if ((rc = unit_tree_load(db, &d->t, lft, rgt)) ||
		(rc = store_head_counts(db->store, lft, rgt, add_heads, d)) ||
		(rc = store_diary_counts(db->store, lft, rgt, since, until, add_written, d)))
		return rc;
	unit_tree_rollup(&d->t, 0);
	return unit_tree_emit(db, &d->t, query, d->cb, d->ctx, total);
}

int grid_stats_diary(grid_db *db, const grid_stats_query *query, grid_stats_cb cb, void *ctx,
	grid_measure *total)
{
	struct diary_measure d;
	char since[16], until[16];
	int64_t lft, rgt, end;
	int rc;

	if (total)
		memset(total, 0, sizeof(*total));
	memset(&d, 0, sizeof(d));
	d.cb = cb;
	d.ctx = ctx;
	/* Days after the as-of time are not expected yet, nor counted. */
	end = query->period.until;
	if (query->period.as_of && query->period.as_of < end)
		end = query->period.as_of;
	d.days = grid_working_days(query->period.since, end);
	date_ceil(since, sizeof(since), query->period.since);
	date_ceil(until, sizeof(until), end);
	if ((rc = fieldwork_scope(db, query->unit, &lft, &rgt)))
		goto done;
	if (query->by != GRID_BY_PERSON) {
		rc = by_unit(db, &d, query, lft, rgt, since, until, total);
		goto done;
	}
	rc = store_diary_persons(db->store, lft, rgt, since, until, person_row, &d);
	if (rc == GRID_OK && total)
		*total = d.sum;
done:
	unit_tree_free(&d.t);
	return rc;
}
