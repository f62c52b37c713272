/* Targets against the schedule (grid-metrics(7), "Targets and the
 * schedule"): the year's targets, the cumulative figures recorded against
 * them, and where each stands on a day: completion, the share of the year
 * gone, points ahead or behind, the amount over or under what is due, and
 * the change on the same day of the year before.  Every share is computed
 * exactly from the integers of the amounts (decimal_wide.h) and rounded
 * once. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "decimal_wide.h"
#include "grid/target.h"
#include "grid/time.h"
#include "internal.h"
#include "store/target.h"
#include "strpool.h"
#include "target_calc.h"
#include "text_check.h"

#define TARGET_WRITERS (GRID_ROLE_ADMIN | GRID_ROLE_LEADER)

const char *grid_target_schedule_name(grid_target_schedule by)
{
	return by == GRID_SCHEDULE_DAYS ? "days" : "months";
}

/* ---- dates ------------------------------------------------------------------- */

int target_date_parse(const char *text, int *y, int *m, int *d)
{
	int rc;

	if (!text)
		return grid_error_set(GRID_EUSAGE, "malformed date '%s'; use YYYY-MM-DD", "");
	if ((rc = time_date_parts(text, y, m, d)))
		return rc;
	/* The year 0000 is none of the calendar's. */
	if (*y < 1)
		return grid_error_set(GRID_EUSAGE, "malformed date '%s'; use YYYY-MM-DD", text);
	return GRID_OK;
}

void target_elapsed(grid_target_schedule by, int y, int m, int d, int64_t *num, int64_t *den)
{
	int i, day = d;

	if (by == GRID_SCHEDULE_DAYS) {
		for (i = 1; i < m; i++)
			day += time_days_in_month(y, i);
		*num = day;
		*den = time_is_leap(y) ? 366 : 365;
		return;
	}
	/* The complete months: those whose last day is on or before the date. */
	*num = d == time_days_in_month(y, m) ? m : m - 1;
	*den = 12;
}

/* Today's local date (the handle's now) into BUF of 11 bytes. */
static void today(grid_db *db, char *buf)
{
	grid_date_format(buf, 11, grid_db_now(db));
}

/* ---- the arithmetic -------------------------------------------------------------- */

static int fits(decimal_wide x)
{
	return x <= INT64_MAX && x >= -INT64_MAX;
}

/* R = NUM / DEN (DEN > 0) with its two roundings; undefined when any part
 * leaves 64 bits. */
static void ratio(grid_target_ratio *r, decimal_wide num, decimal_wide den)
{
	int64_t hundredths = 0, millionths = 0;

	memset(r, 0, sizeof(*r));
	if (den <= 0 || !fits(num) || !fits(den) || decimal_wide_div(num * 10000, den, GRID_ROUND_HALF_AWAY, &hundredths) ||
		decimal_wide_div(num * 1000000, den, GRID_ROUND_HALF_AWAY, &millionths) || !fits((decimal_wide)hundredths * 100))
		return;
	r->has = 1;
	r->num = (int64_t)num;
	r->den = (int64_t)den;
	r->percent.value = hundredths * 100;
	r->percent.decimals = 2;
	r->millionths = millionths;
}

/* Points ahead (behind, negative) of the schedule ENUM/EDEN: (a/t − e) ×
 * 100 in tenths, from the exact difference a·EDEN − t·ENUM over t·EDEN,
 * not from the rounded percentages. */
static void points(grid_target_row *r, int64_t enm, int64_t eden)
{
	decimal_wide a = r->actual.value, t = r->target.value;
	int64_t tenths;

	if (decimal_wide_div((a * eden - t * enm) * 1000, t * eden, GRID_ROUND_HALF_AWAY, &tenths) ||
		!fits((decimal_wide)tenths * 1000))
		return;
	r->has_points = 1;
	r->points.value = tenths * 1000;
	r->points.decimals = 1;
}

/* The amount due, target × e rounded up to the target's decimals (an
 * amount due is due whole), and the figure over it. */
static void over(grid_target_row *r, int64_t enm, int64_t eden)
{
	static const int64_t unit[] = { 10000, 1000, 100, 10, 1 };
	int dt = r->target.decimals < 0 || r->target.decimals > 4 ? 0 : r->target.decimals;
	int64_t due_units;
	decimal_wide due, diff;

	if (decimal_wide_div((decimal_wide)r->target.value * enm, (decimal_wide)eden * unit[dt], GRID_ROUND_CEIL,
		    &due_units))
		return;
	due = (decimal_wide)due_units * unit[dt];
	diff = (decimal_wide)r->actual.value - due;
	if (!fits(due) || !fits(diff))
		return;
	r->has_over = 1;
	r->due.value = (int64_t)due;
	r->due.decimals = dt;
	r->over.value = (int64_t)diff;
	r->over.decimals = r->actual.decimals > dt ? r->actual.decimals : dt;
}

void target_compute(grid_target_row *r, grid_target_schedule by)
{
	int64_t enm, eden;
	int y, m, d;

	memset(&r->completion, 0, sizeof(r->completion));
	memset(&r->schedule, 0, sizeof(r->schedule));
	memset(&r->yoy, 0, sizeof(r->yoy));
	r->has_points = r->has_over = 0;
	if (!r->has_actual || target_date_parse(r->as_of, &y, &m, &d))
		return;
	target_elapsed(by, y, m, d, &enm, &eden);
	ratio(&r->schedule, enm, eden);
	over(r, enm, eden);
	/* A target of 0 has no completion and no points: nothing to divide by. */
	if (r->target.value > 0) {
		ratio(&r->completion, r->actual.value, r->target.value);
		points(r, enm, eden);
	}
	if (r->has_last && r->last.value > 0)
		ratio(&r->yoy, (decimal_wide)r->actual.value - r->last.value, r->last.value);
}

/* ---- writing ------------------------------------------------------------------- */

/* An amount as grid_decimal_parse makes them. */
static int check_amount(const grid_decimal *v)
{
	if (v->decimals < 0 || v->decimals > GRID_DECIMAL_MAX_DECIMALS)
		return grid_error_set_field(grid_error_set(GRID_EINPUT, "an amount with %d decimals; at most %d",
			v->decimals, GRID_DECIMAL_MAX_DECIMALS), "value");
	return GRID_OK;
}

/* The id of unit CODE into *id (HAS 0 for NULL, the whole). */
static int unit_id(grid_db *db, const char *code, int *has, int64_t *id)
{
	struct store_unit_ref u;
	int rc;

	*has = 0;
	*id = 0;
	if (!code)
		return GRID_OK;
	if ((rc = store_unit_find(db->store, code, &u)))
		return grid_error_set_field(rc, "unit");
	*has = 1;
	*id = u.id;
	return GRID_OK;
}

struct set_write {
	const grid_target_set_opts *o;
	int64_t *id;
};

static int set_body(grid_db *db, void *arg)
{
	struct set_write *w = arg;
	struct store_target_put t;
	int rc;

	memset(&t, 0, sizeof t);
	t.year = w->o->year;
	t.value = w->o->value;
	t.set_by = db->actor;
	t.set_at = grid_db_now(db);
	if ((rc = unit_id(db, w->o->unit, &t.has_unit, &t.unit_id)) ||
		(rc = store_indicator_put(db->store, w->o->indicator, w->o->name, w->o->measure, &t.indicator_id)))
		return rc;
	return store_target_put(db->store, &t, w->id);
}

int grid_target_set(grid_db *db, const grid_target_set_opts *opts, int64_t *id)
{
	struct set_write w = { opts, id };
	int rc;

	*id = 0;
	if (!opts || opts->version != GRID_TARGET_SET_OPTS_VERSION)
		return grid_error_set(GRID_EUSAGE, "unsupported target options version");
	if ((rc = grid_text_check_named("indicator", opts->indicator, GRID_TEXT_CODE, 1)) ||
		(rc = grid_text_check_named("name", opts->name, GRID_TEXT_NAME, 0)) ||
		(rc = grid_text_check_named("measure", opts->measure, GRID_TEXT_NAME, 0)) ||
		(rc = check_amount(&opts->value)))
		return rc;
	if (opts->year < 1 || opts->year > 9999)
		return grid_error_set_field(grid_error_set(GRID_EUSAGE, "year %d is not from 1 to 9999", opts->year),
			"year");
	if (opts->value.value < 0)
		return grid_error_set_field(grid_error_set(GRID_EINPUT, "a target is not negative"), "value");
	if ((rc = grid_require_role(db, TARGET_WRITERS, "target set")))
		return rc;
	return grid_db_write(db, set_body, &w);
}

struct record_write {
	const grid_target_record_opts *o;
	int64_t *id;
};

static int record_body(grid_db *db, void *arg)
{
	struct record_write *w = arg;
	struct store_figure_put f;
	int rc;

	memset(&f, 0, sizeof f);
	f.as_of = w->o->as_of;
	f.value = w->o->value;
	f.recorded_by = db->actor;
	f.recorded_at = grid_db_now(db);
	if ((rc = store_indicator_find(db->store, w->o->indicator, &f.indicator_id)))
		return grid_error_set_field(rc, "indicator");
	if ((rc = unit_id(db, w->o->unit, &f.has_unit, &f.unit_id)))
		return rc;
	return store_figure_insert(db->store, &f, w->id);
}

int grid_target_record(grid_db *db, const grid_target_record_opts *opts, int64_t *id)
{
	struct record_write w = { opts, id };
	char now[11];
	int y, m, d, rc;

	*id = 0;
	if (!opts || opts->version != GRID_TARGET_RECORD_OPTS_VERSION)
		return grid_error_set(GRID_EUSAGE, "unsupported target options version");
	if ((rc = grid_text_check_named("indicator", opts->indicator, GRID_TEXT_CODE, 1)) ||
		(rc = check_amount(&opts->value)))
		return rc;
	if ((rc = target_date_parse(opts->as_of, &y, &m, &d)))
		return grid_error_set_field(rc, "as_of");
	today(db, now);
	if (strcmp(opts->as_of, now) > 0)
		return grid_error_set_field(grid_error_set(GRID_EINPUT, "the figure's date %s is after today, %s",
			opts->as_of, now), "as_of");
	if ((rc = grid_require_role(db, TARGET_WRITERS, "target record")))
		return rc;
	return grid_db_write(db, record_body, &w);
}

/* ---- progress -------------------------------------------------------------------- */

/* The keys of a row, to read its figures by. */
struct row_key {
	int64_t indicator_id, unit_id;
	int has_unit;
};

/* The result with the strings it owns. */
struct targets_full {
	grid_targets pub;
	struct strpool strs;
	size_t cap;
	struct row_key *keys; /* one a row */
	size_t kcap;
};

/* A copy of S kept by F, NULL for NULL; *failed set when memory ran out. */
static const char *keep(struct targets_full *f, const char *s, int *failed)
{
	const char *k;

	if (!s)
		return NULL;
	if (!(k = strpool_keep(&f->strs, s)))
		*failed = 1;
	return k;
}

static int on_target(void *ctx, const struct store_target_row *t)
{
	struct targets_full *f = ctx;
	grid_targets *p = &f->pub;
	grid_target_row *v;
	struct row_key *k;
	int failed = 0;

	if (!(v = grid_array_room(p->rows, p->nrows, &f->cap, sizeof(*v), 16)))
		return GRID_EFAIL;
	p->rows = v;
	if (!(k = grid_array_room(f->keys, p->nrows, &f->kcap, sizeof(*k), 16)))
		return GRID_EFAIL;
	f->keys = k;
	k[p->nrows].indicator_id = t->indicator_id;
	k[p->nrows].unit_id = t->unit_id;
	k[p->nrows].has_unit = t->has_unit;
	v = &p->rows[p->nrows++];
	memset(v, 0, sizeof(*v));
	v->indicator = keep(f, t->indicator, &failed);
	v->name = keep(f, t->name, &failed);
	v->measure = keep(f, t->measure, &failed);
	v->unit = keep(f, t->unit, &failed);
	v->unit_name = keep(f, t->unit_name, &failed);
	v->target = t->value;
	return failed ? GRID_EFAIL : GRID_OK;
}

/* Row I's figure of the year to the as-of date, and last year's at the
 * same day of the year. */
static int row_figures(grid_db *db, struct targets_full *f, size_t i)
{
	grid_target_row *r = &f->pub.rows[i];
	const struct row_key *k = &f->keys[i];
	char since[32], until[32], as_of[11];
	int found = 0, failed = 0, y, m, d, rc;

	snprintf(since, sizeof since, "%04d-01-01", f->pub.year);
	if ((rc = store_figure_latest(db->store, k->indicator_id, k->has_unit, k->unit_id, since,
		     f->pub.as_of, &found, &r->actual, as_of)) || !found)
		return rc;
	r->has_actual = 1;
	r->as_of = keep(f, as_of, &failed);
	if (failed || target_date_parse(as_of, &y, &m, &d))
		return GRID_EFAIL;
	if (y == 1)
		return GRID_OK;
	/* The same day a year before; 29 February's is the 28th. */
	snprintf(since, sizeof since, "%04d-01-01", y - 1);
	snprintf(until, sizeof until, "%04d-%02d-%02d", y - 1, m, m == 2 && d == 29 ? 28 : d);
	if ((rc = store_figure_latest(db->store, k->indicator_id, k->has_unit, k->unit_id, since, until,
		     &found, &r->last, as_of)) || !found)
		return rc;
	r->has_last = 1;
	r->last_as_of = keep(f, as_of, &failed);
	return failed ? GRID_EFAIL : GRID_OK;
}

/* Setting target.schedule: months (the default) or days. */
static int schedule_setting(grid_db *db, grid_target_schedule *by)
{
	char *v = NULL;
	int rc;

	*by = GRID_SCHEDULE_MONTHS;
	if ((rc = store_setting_get(db->store, "target.schedule", &v)) || !v)
		return rc;
	if (!strcmp(v, "days"))
		*by = GRID_SCHEDULE_DAYS;
	else if (strcmp(v, "months"))
		rc = grid_error_set(GRID_EINPUT, "setting '%s' is not months or days: '%s'", "target.schedule", v);
	free(v);
	return rc;
}

/* The year and the as-of date of QUERY into P. */
static int query_dates(grid_db *db, const grid_target_query *q, grid_targets *p)
{
	char now[11], end[32];
	int y, m, d, rc;

	today(db, now);
	if (q->as_of) {
		if ((rc = target_date_parse(q->as_of, &y, &m, &d)))
			return grid_error_set_field(rc, "as_of");
		if (q->year && q->year != y)
			return grid_error_set_field(grid_error_set(GRID_EUSAGE, "the as-of date %s is not in %d", q->as_of,
				q->year), "as_of");
		p->year = y;
		snprintf(p->as_of, sizeof p->as_of, "%s", q->as_of);
		return GRID_OK;
	}
	p->year = q->year ? q->year : atoi(now);
	if (p->year < 1 || p->year > 9999)
		return grid_error_set_field(grid_error_set(GRID_EUSAGE, "year %d is not from 1 to 9999", p->year), "year");
	snprintf(end, sizeof end, "%04d-12-31", p->year);
	/* Both are dates of ten characters. */
	memcpy(p->as_of, strcmp(now, end) < 0 ? now : end, 10);
	p->as_of[10] = '\0';
	/* A year not begun is read as of its first day: its targets, no
	 * figure yet. */
	if (strncmp(p->as_of, end, 4) != 0)
		snprintf(p->as_of, sizeof p->as_of, "%04d-01-01", p->year);
	return GRID_OK;
}

static int progress_run(grid_db *db, const grid_target_query *q, struct targets_full *f)
{
	int has_unit = 0;
	int64_t uid = 0;
	size_t i;
	int rc;

	if ((rc = query_dates(db, q, &f->pub)) || (rc = unit_id(db, q->unit, &has_unit, &uid)) ||
		(rc = schedule_setting(db, &f->pub.schedule)) ||
		(rc = store_target_rows(db->store, f->pub.year, has_unit, uid, q->below, q->whole, on_target, f)))
		return rc;
	for (i = 0; i < f->pub.nrows; i++) {
		if ((rc = row_figures(db, f, i)))
			return rc;
		target_compute(&f->pub.rows[i], f->pub.schedule);
	}
	return GRID_OK;
}

static void targets_free(struct targets_full *f)
{
	strpool_free(&f->strs);
	free(f->pub.rows);
	free(f->keys);
	free(f);
}

int grid_target_progress(grid_db *db, const grid_target_query *query, grid_targets **out)
{
	struct targets_full *f;
	int rc;

	*out = NULL;
	if (!query || query->version != GRID_TARGET_QUERY_VERSION)
		return grid_error_set(GRID_EUSAGE, "unsupported target query version");
	if (!(f = calloc(1, sizeof(*f))))
		return grid_error_oom();
	if ((rc = progress_run(db, query, f))) {
		targets_free(f);
		return rc;
	}
	*out = &f->pub;
	return GRID_OK;
}

void grid_target_progress_free(grid_targets *targets)
{
	if (targets)
		targets_free((struct targets_full *)targets);
}

/* ---- listings ---------------------------------------------------------------------- */

int grid_target_list(grid_db *db, int year, grid_target_item_cb cb, void *ctx)
{
	if (year < 0 || year > 9999)
		return grid_error_set_field(grid_error_set(GRID_EUSAGE, "year %d is not from 1 to 9999", year), "year");
	return store_target_list(db->store, year, cb, ctx);
}

int grid_target_log(grid_db *db, const char *indicator, grid_target_figure_cb cb, void *ctx)
{
	int64_t id;
	int rc;

	if ((rc = grid_text_check_named("indicator", indicator, GRID_TEXT_CODE, 1)))
		return rc;
	if ((rc = store_indicator_find(db->store, indicator, &id)))
		return grid_error_set_field(rc, "indicator");
	return store_figure_log(db->store, id, cb, ctx);
}
