/* Storage of the Open311 documents: the categories as services, and the
 * cases with what their requests need, a page at a time. */
#include "../open311.h"
#include "../sql.h"

struct service_walk {
	grid_open311_service_cb cb;
	void *ctx;
};

static int service_row(void *arg, struct sql_stmt *st)
{
	struct service_walk *w = arg;
	grid_open311_service sv;

	sv.code = sql_text(st, 0);
	sv.name = sql_text(st, 1);
	sv.group = sql_text(st, 2);
	return w->cb(w->ctx, &sv);
}

int store_open311_services(struct store *s, grid_open311_service_cb cb, void *ctx)
{
	static const char sql[] =
		"SELECT c.code, c.name, d.name FROM category c LEFT JOIN department d ON d.id = c.department_id\n"
		"ORDER BY c.code";
	struct service_walk w = { cb, ctx };
	struct sql_stmt *st;
	int rc;

	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	return store_rows(s, st, service_row, &w, "listing categories");
}

struct request_walk {
	store_open311_cb cb;
	void *ctx;
};

static int request_row(void *arg, struct sql_stmt *st)
{
	struct request_walk *w = arg;
	struct store_open311_row r;

	r.id = sql_int64(st, 0);
	r.status = sql_text(st, 1);
	r.last_note = sql_text(st, 2);
	r.category = sql_text(st, 3);
	r.category_name = sql_text(st, 4);
	r.title = sql_text(st, 5);
	r.detail = sql_text(st, 6);
	r.location = sql_text(st, 7);
	r.unit = sql_text(st, 8);
	r.handling_unit = sql_text(st, 9);
	r.handling_unit_name = sql_text(st, 10);
	r.reported_at = sql_int64_or0(st, 11);
	r.changed_at = sql_int64_or0(st, 12);
	r.due_at = sql_int64_or0(st, 13);
	r.unit_address = sql_text(st, 14);
	r.has_position = !sql_is_null(st, 15) && !sql_is_null(st, 16);
	r.lat = r.has_position ? sql_double(st, 15) : 0;
	r.lon = r.has_position ? sql_double(st, 16) : 0;
	return w->cb(w->ctx, &r);
}

int store_open311_page(struct store *s, const struct store_open311_query *q, int64_t before, long long n,
	store_open311_cb cb, void *ctx)
{
	/* The last event's note by its id: the history's own order, as
	 * `issue show` lists it.  The position is the case's when it has one,
	 * else its unit's: the two columns from the same row. */
	static const char sql[] =
		"SELECT i.id, i.status,\n"
		"  (SELECT e.note FROM event e WHERE e.issue_id = i.id ORDER BY e.id DESC LIMIT 1),\n"
		"  c.code, c.name, i.title, i.detail, i.location, fu.code, hu.code, hu.name,\n"
		"  i.reported_at, i.changed_at, i.due_at, fu.address,\n"
		"  CASE WHEN i.lat IS NOT NULL THEN i.lat ELSE fu.lat END,\n"
		"  CASE WHEN i.lat IS NOT NULL THEN i.long ELSE fu.long END\n"
		"FROM issue i JOIN unit fu ON fu.id = i.unit_id JOIN unit hu ON hu.id = i.handling_unit_id\n"
		"  JOIN category c ON c.id = i.category_id\n"
		"WHERE (i.id < ?1 OR ?1 = 0)\n"
		"  AND (?2 = 0 OR (?2 = 1 AND i.status NOT IN ('closed','rejected'))\n"
		"    OR (?2 = 2 AND i.status IN ('closed','rejected')))\n"
		"  AND (i.reported_at >= ?3 OR ?3 IS NULL)\n"
		"  AND (i.reported_at < ?4 OR ?4 IS NULL)\n"
		"  AND (fu.lft BETWEEN ?5 AND ?6 OR ?5 IS NULL)\n"
		"ORDER BY i.id DESC LIMIT ?7";
	struct request_walk w = { cb, ctx };
	struct sql_stmt *st;
	int rc;

	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	sql_bind_int64(st, 1, before);
	sql_bind_int64(st, 2, q->status);
	store_bind_opt_int(st, 3, q->since, q->since != 0);
	store_bind_opt_int(st, 4, q->until, q->until != 0);
	store_bind_opt_int(st, 5, q->lft, q->by_unit);
	sql_bind_int64(st, 6, q->rgt);
	store_bind_limit(st, 7, n);
	return store_rows(s, st, request_row, &w, "listing issues");
}
