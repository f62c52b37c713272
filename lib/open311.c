/* The cases as Open311 GeoReport v2 service requests: the mapping from
 * the workflow's fields to the specification's (grid-open311(1)).
 *
 * The states fold as FixMyStreet folds its own: every state a case can
 * still move on from is "open" (resolved included, since it waits for
 * the close and may be sent back for rework), closed and rejected are
 * "closed".  The cases are read a page at a time, so that memory stays
 * flat on every engine; all the pages in one read transaction, so that
 * a case written meanwhile is neither lost nor listed twice. */
#include <stdlib.h>
#include <string.h>

#include "grid/open311.h"
#include "internal.h"
#include "store/copy.h"
#include "store/issue.h"
#include "store/open311.h"

#define PAGE 500

int grid_open311_services(grid_db *db, grid_open311_service_cb cb, void *ctx)
{
	return store_open311_services(db->store, cb, ctx);
}

/* Whether STATUS is one the workflow can still move on from. */
static int is_open(const char *status)
{
	return strcmp(status, "closed") != 0 && strcmp(status, "rejected") != 0;
}

struct request_walk {
	grid_open311_request_cb cb;
	void *ctx;
	long long n;      /* rows of the page */
	int64_t last_id;  /* the oldest of the page */
};

/* TITLE: DETAIL, as FixMyStreet describes a report, into a malloc'd
 * string; *out NULL when there is no detail (the title alone). */
static int describe(const struct store_open311_row *r, char **out)
{
	size_t a, b;

	*out = NULL;
	if (!r->detail || !*r->detail)
		return GRID_OK;
	a = strlen(r->title);
	b = strlen(r->detail);
	if (!(*out = malloc(a + b + 3)))
		return grid_error_oom();
	memcpy(*out, r->title, a);
	memcpy(*out + a, ": ", 2);
	memcpy(*out + a + 2, r->detail, b + 1);
	return GRID_OK;
}

static int request_row(void *ctx, const struct store_open311_row *r)
{
	struct request_walk *w = ctx;
	grid_open311_request q;
	char *desc;
	int rc;

	w->n++;
	w->last_id = r->id;
	if ((rc = describe(r, &desc)))
		return rc;
	memset(&q, 0, sizeof(q));
	q.id = r->id;
	q.status = is_open(r->status) ? "open" : "closed";
	q.grid_status = r->status;
	q.status_notes = r->last_note;
	q.service_code = r->category;
	q.service_name = r->category_name;
	q.description = desc ? desc : r->title;
	q.agency_code = r->handling_unit;
	q.agency_name = r->handling_unit_name;
	q.requested_at = r->reported_at;
	q.updated_at = r->changed_at ? r->changed_at : r->reported_at;
	q.expected_at = r->due_at;
	q.address = r->location && *r->location ? r->location : r->unit_address;
	q.address_id = r->unit;
	q.has_position = r->has_position;
	q.lat = r->lat;
	q.lon = r->lon;
	rc = w->cb(w->ctx, &q);
	free(desc);
	return rc;
}

static int request_pages(struct store *s, const struct store_open311_query *sq, struct request_walk *w)
{
	int64_t before = 0;
	int rc;

	for (;;) {
		w->n = 0;
		if ((rc = store_open311_page(s, sq, before, PAGE, request_row, w)))
			return rc;
		if (w->n < PAGE)
			return GRID_OK;
		before = w->last_id;
	}
}

int grid_open311_requests(grid_db *db, const grid_open311_query *q, grid_open311_request_cb cb, void *ctx)
{
	struct store_open311_query sq;
	struct store_issue_query uq;
	struct request_walk w = { cb, ctx, 0, 0 };
	int rc;

	memset(&sq, 0, sizeof(sq));
	memset(&uq, 0, sizeof(uq));
	if (q->unit && (rc = grid_issue_query_unit(db, q->unit, &uq)))
		return rc;
	sq.status = q->status == GRID_OPEN311_OPEN ? 1 : q->status == GRID_OPEN311_CLOSED ? 2 : 0;
	sq.since = q->since;
	sq.until = q->until;
	sq.by_unit = uq.by_unit;
	sq.lft = uq.lft;
	sq.rgt = uq.rgt;
	if ((rc = store_copy_read_begin(db->store)))
		return rc;
	rc = request_pages(db->store, &sq, &w);
	store_copy_read_end(db->store);
	return rc;
}
