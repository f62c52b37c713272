/* grid issue export: every case with its whole history as JSON Lines,
 * the format grid_issue_import reads back (lib/case_import.c).
 *
 * The cases are read a page at a time by id, and the events of a page's
 * id range in one query by issue, merged into their cases: memory stays
 * flat at any size, and no engine is asked for two open results at once. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "grid/issue.h"
#include "grid/time.h"
#include "internal.h"
#include "store/copy.h"
#include "store/issue.h"

#define PAGE 1000

struct page {
	json_t *doc[PAGE];
	int64_t id[PAGE], dup[PAGE];
	int n, at;  /* cases read; the case the events merge into */
	int failed; /* out of memory */
};

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *time_or_null(int64_t t)
{
	char iso[40];

	if (!t)
		return json_null();
	grid_time_format(iso, sizeof(iso), t);
	return json_string(iso);
}

/* Set KEY of O to V (taken); failures are counted in P. */
static void put(struct page *p, json_t *o, const char *key, json_t *v)
{
	if (!v || json_object_set_new(o, key, v))
		p->failed = 1;
}

static int page_issue(void *ctx, const grid_issue *is)
{
	struct page *p = ctx;
	json_t *o = json_object();

	if (!o) {
		p->failed = 1;
		return 0;
	}
	p->doc[p->n] = o;
	p->id[p->n] = is->id;
	p->dup[p->n] = is->duplicate_of;
	p->n++;
	put(p, o, "id", json_integer((json_int_t)is->id));
	put(p, o, "ref", str_or_null(is->ref));
	put(p, o, "unit", json_string(is->unit));
	put(p, o, "handling_unit", json_string(is->handling_unit));
	put(p, o, "category", json_string(is->category));
	put(p, o, "title", json_string(is->title));
	put(p, o, "detail", str_or_null(is->detail));
	put(p, o, "location", str_or_null(is->location));
	put(p, o, "lat", is->has_position ? json_real(is->lat) : json_null());
	put(p, o, "long", is->has_position ? json_real(is->lon) : json_null());
	put(p, o, "status", json_string(is->status));
	put(p, o, "reported_by", str_or_null(is->reported_by));
	put(p, o, "reported_at", time_or_null(is->reported_at));
	put(p, o, "accepted_at", time_or_null(is->accepted_at));
	put(p, o, "due_at", time_or_null(is->due_at));
	put(p, o, "resolved_at", time_or_null(is->resolved_at));
	put(p, o, "closed_at", time_or_null(is->closed_at));
	put(p, o, "handler", str_or_null(is->handler));
	put(p, o, "handler_kind", str_or_null(is->handler_kind));
	put(p, o, "duplicate_of", json_null());
	put(p, o, "reopened", json_integer(is->reopened));
	put(p, o, "events", json_array());
	return 0;
}

/* An event, into its case: the events come by issue id, as the cases. */
static int page_event(void *ctx, int64_t issue_id, const grid_event *ev)
{
	struct page *p = ctx;
	json_t *e;

	while (p->at < p->n && p->id[p->at] < issue_id)
		p->at++;
	if (p->at == p->n || p->id[p->at] != issue_id)
		return 0; /* a case in the range that the filter leaves out */
	if (!(e = json_object()) || json_array_append_new(json_object_get(p->doc[p->at], "events"), e)) {
		p->failed = 1;
		return 0;
	}
	put(p, e, "at", time_or_null(ev->at));
	put(p, e, "actor", str_or_null(ev->actor));
	put(p, e, "recorded_by", str_or_null(ev->recorded_by));
	put(p, e, "on_behalf", ev->on_behalf < 0 ? json_null() : json_boolean(ev->on_behalf));
	put(p, e, "action", json_string(ev->action));
	put(p, e, "from", str_or_null(ev->from));
	put(p, e, "to", json_string(ev->to));
	put(p, e, "handling_unit", json_string(ev->handling_unit));
	put(p, e, "due_at", time_or_null(ev->due_at));
	put(p, e, "note", str_or_null(ev->note));
	return 0;
}

static int ref_of(void *ctx, const grid_issue *is)
{
	json_t **ref = ctx;

	*ref = is->ref ? json_string(is->ref) : json_integer((json_int_t)is->id);
	return 0;
}

/* A duplicate names the case it repeats by its ref (an id only when that
 * case has none), since ids need not survive the way back. */
static int page_duplicates(struct store *s, struct page *p)
{
	int i, rc;

	for (i = 0; i < p->n; i++) {
		json_t *ref = NULL;

		if (!p->dup[i])
			continue;
		if ((rc = store_issue_get(s, p->dup[i], ref_of, &ref)))
			return rc;
		put(p, p->doc[i], "duplicate_of", ref);
	}
	return GRID_OK;
}

static int page_write(struct page *p, FILE *out)
{
	int i;

	for (i = 0; i < p->n; i++) {
		if (json_dumpf(p->doc[i], out, JSON_COMPACT | JSON_PRESERVE_ORDER) ||
		    putc('\n', out) == EOF)
			return grid_error_set(GRID_EFAIL, "cannot write the export");
	}
	return GRID_OK;
}

static void page_clear(struct page *p)
{
	int i;

	for (i = 0; i < p->n; i++)
		json_decref(p->doc[i]);
	p->n = p->at = 0;
}

static int export_pages(struct store *s, const struct store_issue_query *q, struct page *p, FILE *out)
{
	int64_t after = 0;
	int rc;

	for (;;) {
		page_clear(p);
		if ((rc = store_issue_page(s, q, after, PAGE, page_issue, p)))
			return rc;
		if (p->n == 0)
			return GRID_OK;
		if ((rc = store_event_range(s, p->id[0], p->id[p->n - 1], page_event, p)) ||
		    (rc = page_duplicates(s, p)))
			return rc;
		if (p->failed)
			return grid_error_oom();
		if ((rc = page_write(p, out)))
			return rc;
		after = p->id[p->n - 1];
	}
}

int grid_issue_export(grid_db *db, const grid_issue_filter *f, FILE *out)
{
	struct store_issue_query q;
	struct page *p;
	int rc;

	memset(&q, 0, sizeof(q));
	if (f->unit && (rc = grid_issue_query_unit(db, f->unit, &q)))
		return rc;
	q.since = f->since;
	q.until = f->until;
	if (!(p = calloc(1, sizeof(*p))))
		return grid_error_oom();
	/* One snapshot: a case and its events as of the same moment. */
	if ((rc = store_copy_read_begin(db->store)) == GRID_OK) {
		rc = export_pages(db->store, &q, p, out);
		store_copy_read_end(db->store);
	}
	page_clear(p);
	free(p);
	if (rc == GRID_OK && fflush(out))
		rc = grid_error_set(GRID_EFAIL, "cannot write the export");
	return rc;
}
