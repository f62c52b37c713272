/* Storage of issues and their append-only history. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../array.h"
#include "../issue.h"
#include "../sql.h"

/* ---- roster lookups ----------------------------------------------------- */

static void bind_time(struct sql_stmt *st, int i, int64_t t)
{
	store_bind_opt_int(st, i, t, t != 0);
}

/* Step SQL (?1 = ID) to its first row: GRID_OK with *row on it (read the
 * columns, then sql_reset), GRID_ENOTFOUND "unknown WHAT #ID" when
 * there is none, or the database's error (READING). */
static int find_by_id(struct store *s, const char *sql, int64_t id, const char *what, const char *reading,
	struct sql_stmt **row)
{
	struct sql_stmt *st;
	int rc, found;

	/* Set on every path: the compiler cannot see that grid_error_set()
	 * (another file) never returns GRID_OK (gcc -O3, -Wmaybe-uninitialized). */
	*row = NULL;
	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	sql_bind_int64(st, 1, id);
	if ((rc = store_first_row(s, st, reading, &found)))
		return rc;
	if (!found)
		return grid_error_set(GRID_ENOTFOUND, "unknown %s #%lld", _(what), (long long)id);
	*row = st;
	return GRID_OK;
}

int store_unit_get(struct store *s, int64_t id, struct store_unit_ref *u, char **code)
{
	static const char sql[] = "SELECT id, parent_id, lft, rgt, code FROM unit WHERE id = ?1";
	struct sql_stmt *st;
	int rc;

	if (code)
		*code = NULL;
	if ((rc = find_by_id(s, sql, id, N_("unit"), "reading units", &st)))
		return rc;
	u->id = sql_int64(st, 0);
	u->parent_id = sql_int64_or0(st, 1);
	u->lft = sql_int64(st, 2);
	u->rgt = sql_int64(st, 3);
	rc = code && !(*code = store_column_dup(st, 4)) ? GRID_EFAIL : GRID_OK;
	sql_reset(st);
	return rc;
}

int store_category_find(struct store *s, const char *code, int64_t *id, int *deadline_hours)
{
	static const char sql[] = "SELECT id, deadline_hours FROM category WHERE code = ?1";
	struct sql_stmt *st;
	int rc;

	if ((rc = store_find(s, sql, code, N_("category"), &st)))
		return rc;
	*id = sql_int64(st, 0);
	*deadline_hours = sql_int(st, 1);
	sql_reset(st);
	return GRID_OK;
}

int store_category_get(struct store *s, int64_t id, int *deadline_hours, char **code)
{
	static const char sql[] = "SELECT deadline_hours, code FROM category WHERE id = ?1";
	struct sql_stmt *st;
	int rc;

	if (code)
		*code = NULL;
	if ((rc = find_by_id(s, sql, id, N_("category"), "reading categories", &st)))
		return rc;
	*deadline_hours = sql_int(st, 0);
	rc = code && !(*code = store_column_dup(st, 1)) ? GRID_EFAIL : GRID_OK;
	sql_reset(st);
	return rc;
}

int store_person_find(struct store *s, const char *pid, unsigned *roles, int64_t *dept_id)
{
	static const char sql[] = "SELECT roles, department_id FROM person WHERE pid = ?1";
	struct sql_stmt *st;
	int rc;

	if ((rc = store_find(s, sql, pid, N_("person"), &st)))
		return rc;
	if (roles)
		*roles = (unsigned)sql_int(st, 0);
	if (dept_id)
		*dept_id = sql_int64_or0(st, 1);
	sql_reset(st);
	return GRID_OK;
}

int store_department_find(struct store *s, const char *code, int64_t *id)
{
	static const char sql[] = "SELECT id FROM department WHERE code = ?1";
	struct sql_stmt *st;
	int rc;

	*id = 0;
	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	store_bind_static_text(st, 1, code);
	return store_read_int64(s, st, id, NULL, "reading departments");
}

int store_person_covers_unit(struct store *s, const char *pid, int64_t unit_id, int *yes)
{
	static const char sql[] =
		"SELECT EXISTS (SELECT 1 FROM person p JOIN assignment a ON a.person_id = p.id\n"
		"  JOIN unit au ON au.id = a.unit_id JOIN unit t ON t.id = ?2\n"
		"  WHERE p.pid = ?1 AND t.lft BETWEEN au.lft AND au.rgt)";
	struct sql_stmt *st;
	int64_t n = 0;
	int rc;

	*yes = 0;
	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	store_bind_static_text(st, 1, pid);
	sql_bind_int64(st, 2, unit_id);
	rc = store_read_int64(s, st, &n, NULL, "reading assignments");
	*yes = n != 0;
	return rc;
}

/* ---- issues ------------------------------------------------------------- */

static void copy_text(char *dst, size_t size, struct sql_stmt *st, int i)
{
	const char *t = sql_text(st, i);

	snprintf(dst, size, "%s", t ? (const char *)t : "");
}

int store_issue_load(struct store *s, int64_t id, struct store_issue_state *is)
{
	static const char sql[] =
		"SELECT id, unit_id, handling_unit_id, category_id, reported_at, accepted_at, due_at,\n"
		"  resolved_at, closed_at, duplicate_of, status, handler, handler_kind, reopened\n"
		"FROM issue WHERE id = ?1";
	struct sql_stmt *st;
	int rc, found;

	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	sql_bind_int64(st, 1, id);
	if ((rc = store_first_row(s, st, "reading an issue", &found)))
		return rc;
	if (!found)
		return grid_error_set(GRID_ENOTFOUND, "unknown issue %lld", (long long)id);
	is->id = sql_int64(st, 0);
	is->unit_id = sql_int64(st, 1);
	is->handling_unit_id = sql_int64(st, 2);
	is->category_id = sql_int64(st, 3);
	is->reported_at = sql_int64_or0(st, 4);
	is->accepted_at = sql_int64_or0(st, 5);
	is->due_at = sql_int64_or0(st, 6);
	is->resolved_at = sql_int64_or0(st, 7);
	is->closed_at = sql_int64_or0(st, 8);
	is->duplicate_of = sql_int64_or0(st, 9);
	copy_text(is->status, sizeof(is->status), st, 10);
	copy_text(is->handler, sizeof(is->handler), st, 11);
	copy_text(is->handler_kind, sizeof(is->handler_kind), st, 12);
	is->reopened = sql_int(st, 13);
	sql_reset(st);
	return GRID_OK;
}

int store_issue_exists(struct store *s, int64_t id)
{
	static const char sql[] = "SELECT 1 FROM issue WHERE id = ?1";
	struct sql_stmt *st;
	int64_t one = 0;
	int rc, found;

	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	sql_bind_int64(st, 1, id);
	if ((rc = store_read_int64(s, st, &one, &found, "reading an issue")))
		return rc;
	return found ? GRID_OK : grid_error_set(GRID_ENOTFOUND, "unknown issue %lld", (long long)id);
}

int store_issue_save(struct store *s, const struct store_issue_state *is)
{
	static const char sql[] =
		"UPDATE issue SET handling_unit_id = ?2, category_id = ?3, status = ?4, accepted_at = ?5,\n"
		"  due_at = ?6, resolved_at = ?7, closed_at = ?8, handler = ?9, handler_kind = ?10,\n"
		"  duplicate_of = ?11, reopened = ?12 WHERE id = ?1";
	struct sql_stmt *st;
	int rc;

	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	sql_bind_int64(st, 1, is->id);
	sql_bind_int64(st, 2, is->handling_unit_id);
	sql_bind_int64(st, 3, is->category_id);
	store_bind_static_text(st, 4, is->status);
	bind_time(st, 5, is->accepted_at);
	bind_time(st, 6, is->due_at);
	bind_time(st, 7, is->resolved_at);
	bind_time(st, 8, is->closed_at);
	store_bind_text(st, 9, is->handler[0] ? is->handler : NULL);
	store_bind_text(st, 10, is->handler_kind[0] ? is->handler_kind : NULL);
	bind_time(st, 11, is->duplicate_of);
	sql_bind_int64(st, 12, is->reopened);
	return store_step_done(s, st, "updating an issue");
}

/* The values of one issue row: ?1 id (NULL: the next rowid), then the
 * columns in the order of ISSUE_INSERT. */
#define ISSUE_INSERT \
	"INSERT INTO issue(id, ref, unit_id, handling_unit_id, category_id, title, detail, location,\n" \
	"  reported_by, reported_at, status, accepted_at, due_at, resolved_at, closed_at, handler, handler_kind,\n" \
	"  changed_at, lat, long)\n" \
	"VALUES "
#define IV "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
#define IV_N 20 /* the parameters of IV */
#define IV4 IV "," IV "," IV "," IV
#define IV16 IV4 "," IV4 "," IV4 "," IV4

static void bind_issue(struct sql_stmt *st, int b, const struct store_issue_row *r)
{
	/* Static texts: the strings outlive the step, which copies them. */
	store_bind_opt_int(st, b + 1, r->id, r->id != 0);
	store_bind_static_text(st, b + 2, r->ref);
	sql_bind_int64(st, b + 3, r->unit_id);
	sql_bind_int64(st, b + 4, r->handling_unit_id);
	sql_bind_int64(st, b + 5, r->category_id);
	store_bind_static_text(st, b + 6, r->title);
	store_bind_static_text(st, b + 7, r->detail);
	store_bind_static_text(st, b + 8, r->location);
	store_bind_static_text(st, b + 9, r->reported_by);
	sql_bind_int64(st, b + 10, r->reported_at);
	store_bind_static_text(st, b + 11, r->status);
	bind_time(st, b + 12, r->accepted_at);
	bind_time(st, b + 13, r->due_at);
	bind_time(st, b + 14, r->resolved_at);
	bind_time(st, b + 15, r->closed_at);
	store_bind_static_text(st, b + 16, r->handler);
	store_bind_static_text(st, b + 17, r->handler_kind);
	bind_time(st, b + 18, r->changed_at);
	store_bind_position(st, b + 19, r->has_position, r->lat, r->lon);
}

int store_issue_insert(struct store *s, const struct store_issue_row *r, int64_t *id)
{
	static const char sql[] = ISSUE_INSERT IV " RETURNING id";
	struct sql_stmt *st;
	int rc;

	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	bind_issue(st, 0, r);
	return store_read_int64(s, st, id, NULL, "adding an issue");
}

/* PostgreSQL takes a bulk load's rows fastest by COPY. */
#define ISSUE_COPY \
	"COPY issue(id, ref, unit_id, handling_unit_id, category_id, title, detail, location,\n" \
	"  reported_by, reported_at, status, accepted_at, due_at, resolved_at, closed_at, handler, handler_kind,\n" \
	"  changed_at, lat, long) FROM STDIN"

static int copy_issues(struct store *s, const struct store_issue_row *r)
{
	struct sql_stmt *st;
	int i, rc;

	if ((rc = store_copy_stmt(s, ISSUE_COPY, &st)))
		return rc;
	for (i = 0; i < STORE_ISSUE_BATCH; i++) {
		bind_issue(st, 0, &r[i]);
		if ((rc = store_step_done(s, st, "adding issues")))
			return rc;
	}
	return GRID_OK;
}

int store_issue_insert_batch(struct store *s, const struct store_issue_row *r)
{
	static const char sql[] = ISSUE_INSERT IV16 "," IV16;
	struct sql_stmt *st;
	int i, rc, copy;

	if ((rc = store_may_copy(s, &copy)))
		return rc;
	if (copy)
		return copy_issues(s, r);
	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	for (i = 0; i < STORE_ISSUE_BATCH; i++)
		bind_issue(st, i * IV_N, &r[i]);
	return store_step_done(s, st, "adding issues");
}

int store_issue_next_id(struct store *s, int64_t *id)
{
	static const char sql[] = "SELECT coalesce(max(id), 0) + 1 FROM issue";
	struct sql_stmt *st;
	int rc;

	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	return store_read_int64(s, st, id, NULL, "reading issues");
}

int store_issue_by_ref(struct store *s, const char *ref, int64_t *id, int64_t *unit_id, int64_t *category_id,
	char **title, int64_t *reported_at, char status[16])
{
	static const char sql[] =
		"SELECT id, unit_id, category_id, title, reported_at, status FROM issue WHERE ref = ?1";
	struct sql_stmt *st;
	int rc, found;

	*id = 0;
	if (title)
		*title = NULL;
	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	store_bind_static_text(st, 1, ref);
	if ((rc = store_first_row(s, st, "reading an issue", &found)) || !found)
		return rc;
	*id = sql_int64(st, 0);
	if (unit_id)
		*unit_id = sql_int64(st, 1);
	if (category_id)
		*category_id = sql_int64(st, 2);
	if (reported_at)
		*reported_at = sql_int64(st, 4);
	if (status)
		copy_text(status, 16, st, 5);
	rc = title && !(*title = store_column_dup(st, 3)) ? GRID_EFAIL : GRID_OK;
	sql_reset(st);
	return rc;
}

/* Bind event E, chained by K, to the fourteen parameters after B, in
 * the order of EVENT_INSERT. */
static void bind_event(struct sql_stmt *st, int b, const struct store_event *e, const struct store_link *k)
{
	sql_bind_int64(st, b + 1, k->id);
	sql_bind_int64(st, b + 2, e->issue_id);
	sql_bind_int64(st, b + 3, e->at);
	store_bind_static_text(st, b + 4, e->actor);
	store_bind_static_text(st, b + 5, e->recorded_by);
	store_bind_static_text(st, b + 6, e->action);
	store_bind_static_text(st, b + 7, e->from);
	store_bind_static_text(st, b + 8, e->to);
	sql_bind_int64(st, b + 9, e->unit_id);
	bind_time(st, b + 10, e->due_at);
	store_bind_static_text(st, b + 11, e->note);
	sql_bind_int64(st, b + 12, e->on_behalf != 0);
	sql_bind_int64(st, b + 13, k->seq);
	sql_bind_blob(st, b + 14, k->hash, HISTORY_HASH_BYTES);
}

/* Up to sixteen events in one statement: the ledger import writes every
 * event of a batch of issues at once, and one statement run costs less
 * than many. */
#define EVENT_INSERT \
	"INSERT INTO event(id, issue_id, at, actor, recorded_by, action, from_status, to_status,\n" \
	"  handling_unit_id, due_at, note, on_behalf, seq, hash)\nVALUES "
#define EVENT_VALUES "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
#define EVENT_PARAMS 14
#define EV4 EVENT_VALUES "," EVENT_VALUES "," EVENT_VALUES "," EVENT_VALUES
#define EV16 EV4 "," EV4 "," EV4 "," EV4

/* Event E's link K as event ID, number SEQ of its issue, chained from
 * PREV. */
static int link_event(const struct store_event *e, int64_t id, int64_t seq, const unsigned char *prev,
	struct store_link *k)
{
	struct history_content c;

	k->id = id;
	k->seq = seq;
	store_event_content(e, id, seq, &c);
	return history_event_hash(&c, prev, k->hash);
}

int store_event_add(struct store *s, const struct store_event *e)
{
	static const char changed_sql[] =
		"UPDATE issue SET changed_at = CASE WHEN changed_at > ?2 THEN changed_at ELSE ?2 END WHERE id = ?1";
	static const char sql[] = EVENT_INSERT EVENT_VALUES;
	unsigned char prev[HISTORY_HASH_BYTES];
	struct store_link k;
	struct sql_stmt *st;
	int64_t id, seq;
	int rc;

	if ((rc = store_chain_sync(s)) || (rc = store_chain_next_id(s, &id)) ||
		(rc = store_chain_tip(s, e->issue_id, prev, &seq)) ||
		(rc = link_event(e, id, seq + 1, prev, &k)) || (rc = store_stmt(s, sql, &st)))
		return rc;
	bind_event(st, 0, e, &k);
	if ((rc = store_step_done(s, st, "writing the history")) || (rc = store_chain_head_add(s, &k, 1)))
		return rc;
	/* In the event's transaction: changed_at never lags the history. */
	if ((rc = store_stmt(s, changed_sql, &st)))
		return rc;
	sql_bind_int64(st, 1, e->issue_id);
	sql_bind_int64(st, 2, e->at);
	return store_step_done(s, st, "updating an issue");
}

#define EVENT_COPY \
	"COPY event(id, issue_id, at, actor, recorded_by, action, from_status, to_status,\n" \
	"  handling_unit_id, due_at, note, on_behalf, seq, hash) FROM STDIN"

/* Write N events by COPY (PostgreSQL). */
static int copy_events(struct store *s, const struct store_event *ev, const struct store_link *k, size_t n)
{
	struct sql_stmt *st;
	int rc;

	if ((rc = store_copy_stmt(s, EVENT_COPY, &st)))
		return rc;
	for (size_t i = 0; i < n; i++) {
		bind_event(st, 0, &ev[i], &k[i]);
		if ((rc = store_step_done(s, st, "writing the history")))
			return rc;
	}
	return GRID_OK;
}

/* Write N (1, 4 or 16) events at once. */
static int insert_events(struct store *s, const struct store_event *ev, const struct store_link *k, int n)
{
	static const char sql1[] = EVENT_INSERT EVENT_VALUES;
	static const char sql4[] = EVENT_INSERT EV4;
	static const char sql16[] = EVENT_INSERT EV16;
	struct sql_stmt *st;
	int i, rc;

	if ((rc = store_stmt(s, n == 16 ? sql16 : n == 4 ? sql4 : sql1, &st)))
		return rc;
	for (i = 0; i < n; i++)
		bind_event(st, i * EVENT_PARAMS, &ev[i], &k[i]);
	return store_step_done(s, st, "writing the history");
}

/* The links of N events of new issues written from id ID on: each chains
 * from the event before it, and numbers on from it, when that is of the
 * same issue, else it is the first of its issue. */
static int link_batch(const struct store_event *ev, size_t n, int64_t id, struct store_link *k)
{
	int rc;

	for (size_t i = 0; i < n; i++) {
		int same = i > 0 && ev[i].issue_id == ev[i - 1].issue_id;

		if ((rc = link_event(&ev[i], id + (int64_t)i, same ? k[i - 1].seq + 1 : 1,
			     same ? k[i - 1].hash : history_zero, &k[i])))
			return rc;
	}
	return GRID_OK;
}

int store_event_add_batch(struct store *s, const struct store_event *ev, size_t n)
{
	struct store_link *k;
	size_t done = 0, step;
	int64_t id;
	int rc;

	if (n == 0)
		return GRID_OK;
	if (!(k = malloc(n * sizeof(*k))))
		return grid_error_oom();
	if (!(rc = store_chain_hold(s)) && !(rc = store_chain_next_id(s, &id)) && !(rc = link_batch(ev, n, id, k))) {
		int copy = 0;

		if ((rc = store_may_copy(s, &copy)) == GRID_OK && copy) {
			rc = copy_events(s, ev, k, n);
			done = n;
		}
		for (; rc == GRID_OK && done < n; done += step) {
			step = n - done >= 16 ? 16 : n - done >= 4 ? 4 : 1;
			rc = insert_events(s, ev + done, k + done, (int)step);
		}
		if (rc == GRID_OK)
			rc = store_chain_head_add(s, k, n);
	}
	free(k);
	return rc;
}

#define ISSUE_COLUMNS \
	"SELECT i.id, i.ref, fu.code, hu.code, c.code, i.title, i.detail, i.location, i.status,\n" \
	"  i.reported_by, i.reported_at, i.accepted_at, i.due_at, i.resolved_at, i.closed_at,\n" \
	"  i.handler, i.handler_kind, i.duplicate_of, i.reopened, i.lat, i.long\n" \
	"FROM issue i JOIN unit fu ON fu.id = i.unit_id JOIN unit hu ON hu.id = i.handling_unit_id\n" \
	"  JOIN category c ON c.id = i.category_id\n"

struct issue_walk {
	grid_issue_cb cb;
	void *ctx;
	int seen;
};

static int issue_row(void *arg, struct sql_stmt *st)
{
	struct issue_walk *w = arg;
	grid_issue is;

	is.id = sql_int64(st, 0);
	is.ref = sql_text(st, 1);
	is.unit = sql_text(st, 2);
	is.handling_unit = sql_text(st, 3);
	is.category = sql_text(st, 4);
	is.title = sql_text(st, 5);
	is.detail = sql_text(st, 6);
	is.location = sql_text(st, 7);
	is.status = sql_text(st, 8);
	is.reported_by = sql_text(st, 9);
	is.reported_at = sql_int64_or0(st, 10);
	is.accepted_at = sql_int64_or0(st, 11);
	is.due_at = sql_int64_or0(st, 12);
	is.resolved_at = sql_int64_or0(st, 13);
	is.closed_at = sql_int64_or0(st, 14);
	is.handler = sql_text(st, 15);
	is.handler_kind = sql_text(st, 16);
	is.duplicate_of = sql_int64_or0(st, 17);
	is.reopened = sql_int(st, 18);
	is.has_position = !sql_is_null(st, 19) && !sql_is_null(st, 20);
	is.lat = is.has_position ? sql_double(st, 19) : 0;
	is.lon = is.has_position ? sql_double(st, 20) : 0;
	w->seen++;
	return w->cb(w->ctx, &is);
}

int store_issue_list(struct store *s, const struct store_issue_query *q, grid_issue_cb cb, void *ctx)
{
	static const char sql[] = ISSUE_COLUMNS
		"WHERE (fu.lft BETWEEN ?1 AND ?2 OR ?1 IS NULL)\n"
		"  AND (',' || ?3 || ',' LIKE '%,' || i.status || ',%' OR ?3 IS NULL)\n"
		"  AND (c.code = ?4 OR ?4 IS NULL)\n"
		"  AND (i.reported_at >= ?5 OR ?5 IS NULL)\n"
		"  AND (i.reported_at < ?6 OR ?6 IS NULL)\n"
		"  AND ((i.status IN ('accepted','assigned') AND i.due_at < ?7) OR ?7 IS NULL)\n"
		"  AND (i.handler = ?8 OR ?8 IS NULL)\n"
		"ORDER BY i.reported_at DESC, i.id DESC LIMIT ?9";
	struct issue_walk w = { cb, ctx, 0 };
	struct sql_stmt *st;
	int rc;

	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	store_bind_opt_int(st, 1, q->lft, q->by_unit);
	sql_bind_int64(st, 2, q->rgt);
	store_bind_text(st, 3, q->status);
	store_bind_text(st, 4, q->category);
	bind_time(st, 5, q->since);
	bind_time(st, 6, q->until);
	bind_time(st, 7, q->overdue_now);
	store_bind_text(st, 8, q->handler);
	store_bind_limit(st, 9, q->limit);
	return store_rows(s, st, issue_row, &w, "listing issues");
}

int store_issue_get(struct store *s, int64_t id, grid_issue_cb cb, void *ctx)
{
	static const char sql[] = ISSUE_COLUMNS "WHERE i.id = ?1";
	struct issue_walk w = { cb, ctx, 0 };
	struct sql_stmt *st;
	int rc;

	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	sql_bind_int64(st, 1, id);
	if ((rc = store_rows(s, st, issue_row, &w, "listing issues")))
		return rc;
	return w.seen ? GRID_OK : grid_error_set(GRID_ENOTFOUND, "unknown issue %lld", (long long)id);
}

struct event_walk {
	grid_event_cb cb;
	void *ctx;
};

/* The columns of EVENT_COLUMNS from column B on into EV. */
static void event_cols(struct sql_stmt *st, int b, grid_event *ev)
{
	ev->at = sql_int64(st, b);
	ev->actor = sql_text(st, b + 1);
	ev->action = sql_text(st, b + 2);
	ev->from = sql_text(st, b + 3);
	ev->to = sql_text(st, b + 4);
	ev->handling_unit = sql_text(st, b + 5);
	ev->due_at = sql_int64_or0(st, b + 6);
	ev->note = sql_text(st, b + 7);
	ev->recorded_by = sql_text(st, b + 8);
	ev->on_behalf = sql_is_null(st, b + 9) ? -1 : sql_int(st, b + 9) != 0;
}

#define EVENT_COLUMNS \
	"e.at, e.actor, e.action, e.from_status, e.to_status, u.code, e.due_at, e.note, e.recorded_by,\n" \
	"  e.on_behalf\n" \
	"FROM event e JOIN unit u ON u.id = e.handling_unit_id\n"

static int event_row(void *arg, struct sql_stmt *st)
{
	struct event_walk *w = arg;
	grid_event ev;

	event_cols(st, 0, &ev);
	return w->cb(w->ctx, &ev);
}

int store_issue_history(struct store *s, int64_t id, grid_event_cb cb, void *ctx)
{
	static const char sql[] = "SELECT " EVENT_COLUMNS "WHERE e.issue_id = ?1 ORDER BY e.id";
	struct event_walk w = { cb, ctx };
	struct sql_stmt *st;
	int rc;

	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	sql_bind_int64(st, 1, id);
	return store_rows(s, st, event_row, &w, "reading the history");
}

struct id_list {
	int64_t *ids;
	size_t n, cap;
};

static int id_row(void *arg, struct sql_stmt *st)
{
	struct id_list *l = arg;
	int64_t *more;

	if (!(more = grid_array_room(l->ids, l->n, &l->cap, sizeof(*more), 64)))
		return GRID_EFAIL;
	l->ids = more;
	l->ids[l->n++] = sql_int64(st, 0);
	return 0;
}

int store_issue_overdue(struct store *s, int64_t now, int64_t **ids, size_t *n)
{
	static const char sql[] =
		"SELECT id FROM issue WHERE status IN ('accepted','assigned') AND due_at < ?1 ORDER BY due_at, id";
	struct id_list l = { NULL, 0, 0 };
	struct sql_stmt *st;
	int rc;

	*ids = NULL;
	*n = 0;
	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	sql_bind_int64(st, 1, now);
	rc = store_rows(s, st, id_row, &l, "reading open cases");
	*ids = l.ids;
	*n = l.n;
	return rc;
}

struct code_walk {
	store_code_cb cb;
	void *ctx;
};

static int code_row(void *arg, struct sql_stmt *st)
{
	struct code_walk *w = arg;

	return w->cb(w->ctx, sql_text(st, 0), sql_int64(st, 1), sql_int64(st, 2));
}

static int each(struct store *s, const char *sql, store_code_cb cb, void *ctx)
{
	struct code_walk w = { cb, ctx };
	struct sql_stmt *st;
	int rc;

	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	return store_rows(s, st, code_row, &w, "reading the roster");
}

int store_unit_each(struct store *s, store_code_cb cb, void *ctx)
{
	return each(s, "SELECT code, id, 0 FROM unit", cb, ctx);
}

int store_category_each(struct store *s, store_code_cb cb, void *ctx)
{
	return each(s, "SELECT code, id, deadline_hours FROM category", cb, ctx);
}

int store_person_each(struct store *s, store_code_cb cb, void *ctx)
{
	return each(s, "SELECT pid, id, 0 FROM person", cb, ctx);
}

int store_department_each(struct store *s, store_code_cb cb, void *ctx)
{
	return each(s, "SELECT code, id, 0 FROM department", cb, ctx);
}

int store_issue_ref_each(struct store *s, store_code_cb cb, void *ctx)
{
	return each(s, "SELECT ref, id, 0 FROM issue WHERE ref IS NOT NULL", cb, ctx);
}

int store_issue_page(struct store *s, const struct store_issue_query *q, int64_t after, long long n, grid_issue_cb cb,
	void *ctx)
{
	static const char sql[] = ISSUE_COLUMNS
		"WHERE i.id > ?5 AND (fu.lft BETWEEN ?1 AND ?2 OR ?1 IS NULL)\n"
		"  AND (i.reported_at >= ?3 OR ?3 IS NULL)\n"
		"  AND (i.reported_at < ?4 OR ?4 IS NULL)\n"
		"ORDER BY i.id LIMIT ?6";
	struct issue_walk w = { cb, ctx, 0 };
	struct sql_stmt *st;
	int rc;

	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	store_bind_opt_int(st, 1, q->lft, q->by_unit);
	sql_bind_int64(st, 2, q->rgt);
	bind_time(st, 3, q->since);
	bind_time(st, 4, q->until);
	sql_bind_int64(st, 5, after);
	store_bind_limit(st, 6, n);
	return store_rows(s, st, issue_row, &w, "listing issues");
}

struct event_range_walk {
	store_event_range_cb cb;
	void *ctx;
};

static int event_range_row(void *arg, struct sql_stmt *st)
{
	struct event_range_walk *w = arg;
	grid_event ev;

	event_cols(st, 1, &ev);
	return w->cb(w->ctx, sql_int64(st, 0), &ev);
}

int store_event_range(struct store *s, int64_t first, int64_t last, store_event_range_cb cb, void *ctx)
{
	static const char sql[] =
		"SELECT e.issue_id, " EVENT_COLUMNS "WHERE e.issue_id BETWEEN ?1 AND ?2 ORDER BY e.issue_id, e.id";
	struct event_range_walk w = { cb, ctx };
	struct sql_stmt *st;
	int rc;

	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	sql_bind_int64(st, 1, first);
	sql_bind_int64(st, 2, last);
	return store_rows(s, st, event_range_row, &w, "reading the history");
}
