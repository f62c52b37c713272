/* Storage of issues and their append-only history. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../issue.h"
#include "schema.h"
#include "sqlite.h"

/* People and handlers are kept by their text ids, not by row references:
 * the history must read the same after a person leaves the roster.
 * changed_at is the time of the issue's latest event, kept by every path
 * that writes one, so that the measures find the issues changed after
 * an as-of time from an index of issues rather than of every event; NULL
 * (a row written by other means) sends them to the history. */
const char store_schema_issue_v1[] =
	"CREATE TABLE issue (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  ref TEXT UNIQUE,\n"
	"  unit_id INTEGER NOT NULL REFERENCES unit(id),\n"
	"  handling_unit_id INTEGER NOT NULL REFERENCES unit(id),\n"
	"  category_id INTEGER NOT NULL REFERENCES category(id),\n"
	"  title TEXT NOT NULL,\n"
	"  detail TEXT,\n"
	"  location TEXT,\n"
	"  reported_by TEXT,\n"
	"  reported_at INTEGER NOT NULL,\n"
	"  status TEXT NOT NULL CHECK (status IN\n"
	"    ('reported','accepted','assigned','resolved','closed','rejected')),\n"
	"  accepted_at INTEGER,\n"
	"  due_at INTEGER,\n"
	"  resolved_at INTEGER,\n"
	"  closed_at INTEGER,\n"
	"  handler TEXT,\n"
	"  handler_kind TEXT CHECK (handler_kind IN ('person','department')),\n"
	"  duplicate_of INTEGER REFERENCES issue(id),\n"
	"  reopened INTEGER NOT NULL DEFAULT 0,\n"
	"  changed_at INTEGER\n"
	");\n"
	"CREATE INDEX issue_unit ON issue(unit_id, reported_at);\n"
	"CREATE INDEX issue_changed ON issue(changed_at);\n"
	"CREATE INDEX issue_open_due ON issue(due_at) WHERE status IN ('accepted','assigned');\n"
	"CREATE TABLE event (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  issue_id INTEGER NOT NULL REFERENCES issue(id),\n"
	"  at INTEGER NOT NULL,\n"
	"  actor TEXT,\n"
	"  action TEXT NOT NULL,\n"
	"  from_status TEXT,\n"
	"  to_status TEXT NOT NULL,\n"
	"  handling_unit_id INTEGER NOT NULL REFERENCES unit(id),\n"
	"  due_at INTEGER,\n"
	"  note TEXT\n"
	");\n"
	"CREATE INDEX event_issue ON event(issue_id, at);\n"
	"CREATE TRIGGER event_no_update BEFORE UPDATE ON event\n"
	"BEGIN SELECT RAISE(ABORT, 'the history is append-only'); END;\n"
	"CREATE TRIGGER event_no_delete BEFORE DELETE ON event\n"
	"BEGIN SELECT RAISE(ABORT, 'the history is append-only'); END;\n";

/* ---- roster lookups ----------------------------------------------------- */

static int64_t col_time(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? 0 : sqlite3_column_int64(st, i);
}

static void bind_time(sqlite3_stmt *st, int i, int64_t t)
{
	store_bind_opt_int(st, i, t, t != 0);
}

int store_unit_get(struct store *s, int64_t id, struct store_unit_ref *u, char **code)
{
	static const char sql[] = "SELECT id, parent_id, lft, rgt, code FROM unit WHERE id = ?1";
	sqlite3_stmt *st;
	int rc;

	if (code)
		*code = NULL;
	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		u->id = sqlite3_column_int64(st, 0);
		u->parent_id = col_time(st, 1);
		u->lft = sqlite3_column_int64(st, 2);
		u->rgt = sqlite3_column_int64(st, 3);
		if (code && !(*code = store_column_dup(st, 4)))
			rc = SQLITE_NOMEM;
		else
			rc = SQLITE_DONE;
		sqlite3_reset(st);
		return rc == SQLITE_DONE ? GRID_OK : GRID_EFAIL;
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return grid_error_set(GRID_ENOTFOUND, "unknown unit #%lld", (long long)id);
	return store_error(s, rc, "reading units");
}

int store_category_find(struct store *s, const char *code, int64_t *id, int *deadline_hours)
{
	static const char sql[] = "SELECT id, deadline_hours FROM category WHERE code = ?1";
	sqlite3_stmt *st;
	int rc;

	if ((rc = store_find(s, sql, code, "category", &st)))
		return rc;
	*id = sqlite3_column_int64(st, 0);
	*deadline_hours = sqlite3_column_int(st, 1);
	sqlite3_reset(st);
	return GRID_OK;
}

int store_category_get(struct store *s, int64_t id, int *deadline_hours, char **code)
{
	static const char sql[] = "SELECT deadline_hours, code FROM category WHERE id = ?1";
	sqlite3_stmt *st;
	int rc;

	if (code)
		*code = NULL;
	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*deadline_hours = sqlite3_column_int(st, 0);
		rc = (code && !(*code = store_column_dup(st, 1))) ? SQLITE_NOMEM : SQLITE_DONE;
		sqlite3_reset(st);
		return rc == SQLITE_DONE ? GRID_OK : GRID_EFAIL;
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return grid_error_set(GRID_ENOTFOUND, "unknown category #%lld", (long long)id);
	return store_error(s, rc, "reading categories");
}

int store_person_find(struct store *s, const char *pid, unsigned *roles, int64_t *dept_id)
{
	static const char sql[] = "SELECT roles, department_id FROM person WHERE pid = ?1";
	sqlite3_stmt *st;
	int rc;

	if ((rc = store_find(s, sql, pid, "person", &st)))
		return rc;
	if (roles)
		*roles = (unsigned)sqlite3_column_int(st, 0);
	if (dept_id)
		*dept_id = col_time(st, 1);
	sqlite3_reset(st);
	return GRID_OK;
}

int store_department_find(struct store *s, const char *code, int64_t *id)
{
	static const char sql[] = "SELECT id FROM department WHERE code = ?1";
	sqlite3_stmt *st;
	int rc;

	*id = 0;
	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		rc = SQLITE_DONE;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? GRID_OK : store_error(s, rc, "reading departments");
}

int store_person_covers_unit(struct store *s, const char *pid, int64_t unit_id, int *yes)
{
	static const char sql[] =
		"SELECT EXISTS (SELECT 1 FROM person p JOIN assignment a ON a.person_id = p.id\n"
		"  JOIN unit au ON au.id = a.unit_id JOIN unit t ON t.id = ?2\n"
		"  WHERE p.pid = ?1 AND t.lft BETWEEN au.lft AND au.rgt)";
	sqlite3_stmt *st;
	int rc;

	*yes = 0;
	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	sqlite3_bind_text(st, 1, pid, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, unit_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*yes = sqlite3_column_int(st, 0);
		rc = SQLITE_DONE;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? GRID_OK : store_error(s, rc, "reading assignments");
}

/* ---- issues ------------------------------------------------------------- */

static void copy_text(char *dst, size_t size, sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	snprintf(dst, size, "%s", t ? (const char *)t : "");
}

int store_issue_load(struct store *s, int64_t id, struct store_issue_state *is)
{
	static const char sql[] =
		"SELECT id, unit_id, handling_unit_id, category_id, reported_at, accepted_at, due_at,\n"
		"  resolved_at, closed_at, duplicate_of, status, handler, handler_kind, reopened\n"
		"FROM issue WHERE id = ?1";
	sqlite3_stmt *st;
	int rc;

	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		is->id = sqlite3_column_int64(st, 0);
		is->unit_id = sqlite3_column_int64(st, 1);
		is->handling_unit_id = sqlite3_column_int64(st, 2);
		is->category_id = sqlite3_column_int64(st, 3);
		is->reported_at = col_time(st, 4);
		is->accepted_at = col_time(st, 5);
		is->due_at = col_time(st, 6);
		is->resolved_at = col_time(st, 7);
		is->closed_at = col_time(st, 8);
		is->duplicate_of = col_time(st, 9);
		copy_text(is->status, sizeof(is->status), st, 10);
		copy_text(is->handler, sizeof(is->handler), st, 11);
		copy_text(is->handler_kind, sizeof(is->handler_kind), st, 12);
		is->reopened = sqlite3_column_int(st, 13);
		sqlite3_reset(st);
		return GRID_OK;
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return grid_error_set(GRID_ENOTFOUND, "unknown issue %lld", (long long)id);
	return store_error(s, rc, "reading an issue");
}

int store_issue_exists(struct store *s, int64_t id)
{
	static const char sql[] = "SELECT 1 FROM issue WHERE id = ?1";
	sqlite3_stmt *st;
	int rc;

	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return GRID_OK;
	if (rc == SQLITE_DONE)
		return grid_error_set(GRID_ENOTFOUND, "unknown issue %lld", (long long)id);
	return store_error(s, rc, "reading an issue");
}

int store_issue_save(struct store *s, const struct store_issue_state *is)
{
	static const char sql[] =
		"UPDATE issue SET handling_unit_id = ?2, category_id = ?3, status = ?4, accepted_at = ?5,\n"
		"  due_at = ?6, resolved_at = ?7, closed_at = ?8, handler = ?9, handler_kind = ?10,\n"
		"  duplicate_of = ?11, reopened = ?12 WHERE id = ?1";
	sqlite3_stmt *st;
	int rc;

	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	sqlite3_bind_int64(st, 1, is->id);
	sqlite3_bind_int64(st, 2, is->handling_unit_id);
	sqlite3_bind_int64(st, 3, is->category_id);
	sqlite3_bind_text(st, 4, is->status, -1, SQLITE_STATIC);
	bind_time(st, 5, is->accepted_at);
	bind_time(st, 6, is->due_at);
	bind_time(st, 7, is->resolved_at);
	bind_time(st, 8, is->closed_at);
	store_bind_text(st, 9, is->handler[0] ? is->handler : NULL);
	store_bind_text(st, 10, is->handler_kind[0] ? is->handler_kind : NULL);
	bind_time(st, 11, is->duplicate_of);
	sqlite3_bind_int(st, 12, is->reopened);
	return store_step_done(s, st, "updating an issue");
}

/* The values of one issue row: ?1 id (NULL: the next rowid), then the
 * columns in the order of ISSUE_INSERT. */
#define ISSUE_INSERT \
	"INSERT INTO issue(id, ref, unit_id, handling_unit_id, category_id, title, detail, location,\n" \
	"  reported_by, reported_at, status, accepted_at, due_at, resolved_at, closed_at, handler, handler_kind,\n" \
	"  changed_at)\n" \
	"VALUES "
#define IV "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
#define IV4 IV "," IV "," IV "," IV
#define IV16 IV4 "," IV4 "," IV4 "," IV4

static void bind_issue(sqlite3_stmt *st, int b, const struct store_issue_row *r)
{
	/* SQLITE_STATIC: the strings outlive the step, which copies them. */
	store_bind_opt_int(st, b + 1, r->id, r->id != 0);
	if (r->ref)
		sqlite3_bind_text(st, b + 2, r->ref, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, b + 3, r->unit_id);
	sqlite3_bind_int64(st, b + 4, r->handling_unit_id);
	sqlite3_bind_int64(st, b + 5, r->category_id);
	sqlite3_bind_text(st, b + 6, r->title, -1, SQLITE_STATIC);
	if (r->detail)
		sqlite3_bind_text(st, b + 7, r->detail, -1, SQLITE_STATIC);
	if (r->location)
		sqlite3_bind_text(st, b + 8, r->location, -1, SQLITE_STATIC);
	if (r->reported_by)
		sqlite3_bind_text(st, b + 9, r->reported_by, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, b + 10, r->reported_at);
	sqlite3_bind_text(st, b + 11, r->status, -1, SQLITE_STATIC);
	bind_time(st, b + 12, r->accepted_at);
	bind_time(st, b + 13, r->due_at);
	bind_time(st, b + 14, r->resolved_at);
	bind_time(st, b + 15, r->closed_at);
	if (r->handler)
		sqlite3_bind_text(st, b + 16, r->handler, -1, SQLITE_STATIC);
	if (r->handler_kind)
		sqlite3_bind_text(st, b + 17, r->handler_kind, -1, SQLITE_STATIC);
	bind_time(st, b + 18, r->changed_at);
}

int store_issue_insert(struct store *s, const struct store_issue_row *r, int64_t *id)
{
	static const char sql[] = ISSUE_INSERT IV;
	sqlite3_stmt *st;
	int rc;

	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	bind_issue(st, 0, r);
	if ((rc = store_step_done(s, st, "adding an issue")))
		return rc;
	*id = sqlite3_last_insert_rowid(s->sql);
	return GRID_OK;
}

int store_issue_insert_batch(struct store *s, const struct store_issue_row *r)
{
	static const char sql[] = ISSUE_INSERT IV16 "," IV16;
	sqlite3_stmt *st;
	int i, rc;

	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	for (i = 0; i < STORE_ISSUE_BATCH; i++)
		bind_issue(st, i * 18, &r[i]);
	return store_step_done(s, st, "adding issues");
}

int store_issue_next_id(struct store *s, int64_t *id)
{
	static const char sql[] = "SELECT ifnull(max(id), 0) + 1 FROM issue";
	sqlite3_stmt *st;
	int rc;

	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? GRID_OK : store_error(s, rc, "reading issues");
}

int store_issue_by_ref(struct store *s, const char *ref, int64_t *id, int64_t *unit_id, int64_t *category_id,
	char **title, int64_t *reported_at, char status[16])
{
	static const char sql[] =
		"SELECT id, unit_id, category_id, title, reported_at, status FROM issue WHERE ref = ?1";
	sqlite3_stmt *st;
	int rc;

	*id = 0;
	if (title)
		*title = NULL;
	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	sqlite3_bind_text(st, 1, ref, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		if (unit_id)
			*unit_id = sqlite3_column_int64(st, 1);
		if (category_id)
			*category_id = sqlite3_column_int64(st, 2);
		if (reported_at)
			*reported_at = sqlite3_column_int64(st, 4);
		if (status)
			copy_text(status, 16, st, 5);
		rc = (title && !(*title = store_column_dup(st, 3))) ? SQLITE_NOMEM : SQLITE_DONE;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? GRID_OK : store_error(s, rc, "reading an issue");
}

int store_event_add(struct store *s, const struct store_event *e)
{
	static const char changed_sql[] =
		"UPDATE issue SET changed_at = max(ifnull(changed_at, 0), ?2) WHERE id = ?1";
	static const char sql[] =
		"INSERT INTO event(issue_id, at, actor, action, from_status, to_status, handling_unit_id, due_at, note)\n"
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
	sqlite3_stmt *st;
	int rc;

	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	sqlite3_bind_int64(st, 1, e->issue_id);
	sqlite3_bind_int64(st, 2, e->at);
	if (e->actor)
		sqlite3_bind_text(st, 3, e->actor, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, e->action, -1, SQLITE_STATIC);
	if (e->from)
		sqlite3_bind_text(st, 5, e->from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, e->to, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, e->unit_id);
	bind_time(st, 8, e->due_at);
	if (e->note)
		sqlite3_bind_text(st, 9, e->note, -1, SQLITE_STATIC);
	if ((rc = store_step_done(s, st, "writing the history")))
		return rc;
	/* In the event's transaction: changed_at never lags the history. */
	if ((rc = store_stmt(s, changed_sql, &st)))
		return rc;
	sqlite3_bind_int64(st, 1, e->issue_id);
	sqlite3_bind_int64(st, 2, e->at);
	return store_step_done(s, st, "updating an issue");
}

/* Up to four events in one statement: the ledger import writes every
 * event of an issue at once, and one statement run costs less than four. */
#define EVENT_INSERT "INSERT INTO event(issue_id, at, actor, action, from_status, to_status, handling_unit_id, due_at, note)\nVALUES "
#define EVENT_VALUES "(?, ?, ?, ?, ?, ?, ?, ?, ?)"

int store_event_add_many(struct store *s, const struct store_event *ev, int n)
{
	static const char sql1[] = EVENT_INSERT EVENT_VALUES;
	static const char sql2[] = EVENT_INSERT EVENT_VALUES "," EVENT_VALUES;
	static const char sql3[] = EVENT_INSERT EVENT_VALUES "," EVENT_VALUES "," EVENT_VALUES;
	static const char sql4[] = EVENT_INSERT EVENT_VALUES "," EVENT_VALUES "," EVENT_VALUES "," EVENT_VALUES;
	static const char *const sqls[] = { sql1, sql2, sql3, sql4 };
	sqlite3_stmt *st;
	int i, rc;

	if (n < 1 || n > 4)
		return grid_error_set(GRID_EFAIL, "internal: %d events in one statement", n);
	if ((rc = store_stmt(s, sqls[n - 1], &st)))
		return rc;
	for (i = 0; i < n; i++) {
		const struct store_event *e = &ev[i];
		int b = i * 9;

		sqlite3_bind_int64(st, b + 1, e->issue_id);
		sqlite3_bind_int64(st, b + 2, e->at);
		if (e->actor)
			sqlite3_bind_text(st, b + 3, e->actor, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, b + 4, e->action, -1, SQLITE_STATIC);
		if (e->from)
			sqlite3_bind_text(st, b + 5, e->from, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, b + 6, e->to, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, b + 7, e->unit_id);
		bind_time(st, b + 8, e->due_at);
		if (e->note)
			sqlite3_bind_text(st, b + 9, e->note, -1, SQLITE_STATIC);
	}
	return store_step_done(s, st, "writing the history");
}

#define EV4 EVENT_VALUES "," EVENT_VALUES "," EVENT_VALUES "," EVENT_VALUES
#define EV16 EV4 "," EV4 "," EV4 "," EV4

static void bind_event(sqlite3_stmt *st, int b, const struct store_event *e)
{
	sqlite3_bind_int64(st, b + 1, e->issue_id);
	sqlite3_bind_int64(st, b + 2, e->at);
	if (e->actor)
		sqlite3_bind_text(st, b + 3, e->actor, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, b + 4, e->action, -1, SQLITE_STATIC);
	if (e->from)
		sqlite3_bind_text(st, b + 5, e->from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, b + 6, e->to, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, b + 7, e->unit_id);
	bind_time(st, b + 8, e->due_at);
	if (e->note)
		sqlite3_bind_text(st, b + 9, e->note, -1, SQLITE_STATIC);
}

int store_event_add_batch(struct store *s, const struct store_event *ev, size_t n)
{
	static const char sql[] = EVENT_INSERT EV16;
	sqlite3_stmt *st;
	int i, rc;

	for (; n >= 16; n -= 16, ev += 16) {
		if ((rc = store_stmt(s, sql, &st)))
			return rc;
		for (i = 0; i < 16; i++)
			bind_event(st, i * 9, &ev[i]);
		if ((rc = store_step_done(s, st, "writing the history")))
			return rc;
	}
	for (; n > 0; n -= (size_t)i, ev += i) {
		i = n > 4 ? 4 : (int)n;
		if ((rc = store_event_add_many(s, ev, i)))
			return rc;
	}
	return GRID_OK;
}

#define ISSUE_COLUMNS \
	"SELECT i.id, i.ref, fu.code, hu.code, c.code, i.title, i.detail, i.location, i.status,\n" \
	"  i.reported_by, i.reported_at, i.accepted_at, i.due_at, i.resolved_at, i.closed_at,\n" \
	"  i.handler, i.handler_kind, i.duplicate_of, i.reopened\n" \
	"FROM issue i JOIN unit fu ON fu.id = i.unit_id JOIN unit hu ON hu.id = i.handling_unit_id\n" \
	"  JOIN category c ON c.id = i.category_id\n"

static const char *col_text(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

static int walk_issues(struct store *s, sqlite3_stmt *st, grid_issue_cb cb, void *ctx, int *seen)
{
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		grid_issue is;
		int stop;

		is.id = sqlite3_column_int64(st, 0);
		is.ref = col_text(st, 1);
		is.unit = col_text(st, 2);
		is.handling_unit = col_text(st, 3);
		is.category = col_text(st, 4);
		is.title = col_text(st, 5);
		is.detail = col_text(st, 6);
		is.location = col_text(st, 7);
		is.status = col_text(st, 8);
		is.reported_by = col_text(st, 9);
		is.reported_at = col_time(st, 10);
		is.accepted_at = col_time(st, 11);
		is.due_at = col_time(st, 12);
		is.resolved_at = col_time(st, 13);
		is.closed_at = col_time(st, 14);
		is.handler = col_text(st, 15);
		is.handler_kind = col_text(st, 16);
		is.duplicate_of = col_time(st, 17);
		is.reopened = sqlite3_column_int(st, 18);
		if (seen)
			(*seen)++;
		if ((stop = cb(ctx, &is))) {
			sqlite3_reset(st);
			return stop;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? GRID_OK : store_error(s, rc, "listing issues");
}

int store_issue_list(struct store *s, const struct store_issue_query *q, grid_issue_cb cb, void *ctx)
{
	static const char sql[] = ISSUE_COLUMNS
		"WHERE (?1 IS NULL OR fu.lft BETWEEN ?1 AND ?2)\n"
		"  AND (?3 IS NULL OR instr(',' || ?3 || ',', ',' || i.status || ',') > 0)\n"
		"  AND (?4 IS NULL OR c.code = ?4)\n"
		"  AND (?5 IS NULL OR i.reported_at >= ?5)\n"
		"  AND (?6 IS NULL OR i.reported_at < ?6)\n"
		"  AND (?7 IS NULL OR (i.status IN ('accepted','assigned') AND i.due_at < ?7))\n"
		"  AND (?8 IS NULL OR i.handler = ?8)\n"
		"ORDER BY i.reported_at DESC, i.id DESC LIMIT ?9";
	sqlite3_stmt *st;
	int rc;

	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	store_bind_opt_int(st, 1, q->lft, q->by_unit);
	sqlite3_bind_int64(st, 2, q->rgt);
	store_bind_text(st, 3, q->status);
	store_bind_text(st, 4, q->category);
	bind_time(st, 5, q->since);
	bind_time(st, 6, q->until);
	bind_time(st, 7, q->overdue_now);
	store_bind_text(st, 8, q->handler);
	sqlite3_bind_int64(st, 9, q->limit > 0 ? q->limit : -1);
	return walk_issues(s, st, cb, ctx, NULL);
}

int store_issue_get(struct store *s, int64_t id, grid_issue_cb cb, void *ctx)
{
	static const char sql[] = ISSUE_COLUMNS "WHERE i.id = ?1";
	sqlite3_stmt *st;
	int rc, seen = 0;

	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = walk_issues(s, st, cb, ctx, &seen)))
		return rc;
	return seen ? GRID_OK : grid_error_set(GRID_ENOTFOUND, "unknown issue %lld", (long long)id);
}

int store_issue_history(struct store *s, int64_t id, grid_event_cb cb, void *ctx)
{
	static const char sql[] =
		"SELECT e.at, e.actor, e.action, e.from_status, e.to_status, u.code, e.due_at, e.note\n"
		"FROM event e JOIN unit u ON u.id = e.handling_unit_id WHERE e.issue_id = ?1 ORDER BY e.id";
	sqlite3_stmt *st;
	int rc;

	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		grid_event ev;
		int stop;

		ev.at = sqlite3_column_int64(st, 0);
		ev.actor = col_text(st, 1);
		ev.action = col_text(st, 2);
		ev.from = col_text(st, 3);
		ev.to = col_text(st, 4);
		ev.handling_unit = col_text(st, 5);
		ev.due_at = col_time(st, 6);
		ev.note = col_text(st, 7);
		if ((stop = cb(ctx, &ev))) {
			sqlite3_reset(st);
			return stop;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? GRID_OK : store_error(s, rc, "reading the history");
}

int store_issue_overdue(struct store *s, int64_t now, int64_t **ids, size_t *n)
{
	static const char sql[] =
		"SELECT id FROM issue WHERE status IN ('accepted','assigned') AND due_at < ?1 ORDER BY due_at, id";
	sqlite3_stmt *st;
	size_t cap = 0;
	int rc;

	*ids = NULL;
	*n = 0;
	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	sqlite3_bind_int64(st, 1, now);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			int64_t *more;

			cap = cap ? cap * 2 : 64;
			if (!(more = realloc(*ids, cap * sizeof(**ids)))) {
				sqlite3_reset(st);
				return grid_error_oom();
			}
			*ids = more;
		}
		(*ids)[(*n)++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? GRID_OK : store_error(s, rc, "reading open cases");
}

static int each(struct store *s, const char *sql, store_code_cb cb, void *ctx)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int stop = cb(ctx, col_text(st, 0), sqlite3_column_int64(st, 1), sqlite3_column_int64(st, 2));

		if (stop) {
			sqlite3_reset(st);
			return stop;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? GRID_OK : store_error(s, rc, "reading the roster");
}

int store_unit_each(struct store *s, store_code_cb cb, void *ctx)
{
	static const char sql[] = "SELECT code, id, 0 FROM unit";

	return each(s, sql, cb, ctx);
}

int store_category_each(struct store *s, store_code_cb cb, void *ctx)
{
	static const char sql[] = "SELECT code, id, deadline_hours FROM category";

	return each(s, sql, cb, ctx);
}

int store_person_each(struct store *s, store_code_cb cb, void *ctx)
{
	static const char sql[] = "SELECT pid, id, 0 FROM person";

	return each(s, sql, cb, ctx);
}

int store_department_each(struct store *s, store_code_cb cb, void *ctx)
{
	static const char sql[] = "SELECT code, id, 0 FROM department";

	return each(s, sql, cb, ctx);
}

int store_issue_ref_each(struct store *s, store_code_cb cb, void *ctx)
{
	static const char sql[] = "SELECT ref, id, 0 FROM issue WHERE ref IS NOT NULL";

	return each(s, sql, cb, ctx);
}

/* The journal mode as PRAGMA journal_mode[=MODE] leaves it, in OUT (lower
 * case); SQLITE_BUSY when another connection keeps the file open. */
static int journal_mode(struct store *s, const char *sql, char out[16])
{
	sqlite3_stmt *st;
	int rc;

	out[0] = '\0';
	if ((rc = sqlite3_prepare_v2(s->sql, sql, -1, &st, NULL)) != SQLITE_OK)
		return rc;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		copy_text(out, 16, st, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc;
}

int store_bulk_begin(struct store *s, int may_switch, int *rollback_journal)
{
	static const char empty_sql[] = "SELECT NOT EXISTS (SELECT 1 FROM issue)";
	sqlite3_stmt *st;
	char mode[16];
	int rc, empty;

	*rollback_journal = 0;
	/* The loader checks every reference against its in-memory roster, so
	 * SQLite's per-row foreign key lookups (two to three per row) only
	 * repeat that work.  The pragma is a no-op inside a transaction:
	 * this runs before store_begin.  Likewise the CHECKs of issue: the
	 * loader binds status and handler_kind from its own constants, and
	 * SQLite builds the IN list of each CHECK afresh for every row of a
	 * multi-row INSERT (callgrind: 21,000 instructions an issue row with
	 * the CHECKs, 8,600 without). */
	if ((rc = store_exec(s, "PRAGMA foreign_keys = OFF; PRAGMA ignore_check_constraints = ON;"
			       " PRAGMA cache_size = -262144")))
		return rc;
	if ((rc = journal_mode(s, "PRAGMA journal_mode", mode)) != SQLITE_OK)
		return store_error(s, rc, "reading the journal mode");
	/* A load killed in rollback mode (below) leaves the file so: its hot
	 * journal is rolled back by the next connection, the WAL comes back
	 * here.  When a reader keeps that from happening now, the load runs
	 * with the rollback journal, as safely, and store_bulk_end retries. */
	if (strcmp(mode, "wal") != 0) {
		rc = journal_mode(s, "PRAGMA journal_mode = WAL", mode);
		if (rc != SQLITE_OK && rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
			return store_error(s, rc, "restoring the write-ahead log");
		if (strcmp(mode, "wal") != 0)
			*rollback_journal = 1;
	}
	if (!may_switch)
		return GRID_OK;
	if ((rc = store_stmt(s, empty_sql, &st)))
		return rc;
	rc = sqlite3_step(st);
	empty = rc == SQLITE_ROW && sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return store_error(s, rc, "reading issues");
	if (!empty)
		return GRID_OK;
	/* Into an empty issue table nearly every page the load writes is
	 * new, and a rollback journal copies only pages that existed before:
	 * the data is written once, where the WAL takes each page and the
	 * checkpoint writes it again.  Leaving WAL mode needs the only
	 * connection to the file; when another one has it open, the load
	 * keeps the WAL.  A kill leaves a hot journal (synchronous=FULL),
	 * which the next connection rolls back. */
	rc = journal_mode(s, "PRAGMA journal_mode = DELETE", mode);
	if (rc == SQLITE_OK && strcmp(mode, "delete") == 0)
		*rollback_journal = 1;
	else if (rc != SQLITE_OK && rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
		return store_error(s, rc, "leaving the write-ahead log");
	return GRID_OK;
}

/* Inside the load's transaction: when the issue table is empty, every
 * secondary index of issue and event (this file's and those other
 * concerns add, such as the measures' covering index) is dropped, and
 * store_bulk_index() builds them again from their stored SQL, sorted,
 * once at the end, which costs less than keeping them row by row.  A
 * rollback restores them with everything else.  The UNIQUE index of ref
 * stays: the load relies on it. */
int store_bulk_drop_indexes(struct store *s, struct store_bulk *b)
{
	static const char empty_sql[] = "SELECT NOT EXISTS (SELECT 1 FROM issue)";
	static const char list_sql[] =
		"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('issue', 'event')\n"
		"  AND sql IS NOT NULL";
	sqlite3_stmt *st;
	int rc, empty;

	memset(b, 0, sizeof(*b));
	if ((rc = store_stmt(s, empty_sql, &st)))
		return rc;
	rc = sqlite3_step(st);
	empty = rc == SQLITE_ROW && sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return store_error(s, rc, "reading issues");
	if (!empty)
		return GRID_OK;
	if ((rc = store_stmt(s, list_sql, &st)))
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && b->n < GRID_ARRAY_SIZE(b->sql)) {
		char *name = store_column_dup(st, 0), *sql = store_column_dup(st, 1);

		if (!name || !sql) {
			free(name);
			free(sql);
			sqlite3_reset(st);
			return GRID_EFAIL;
		}
		b->name[b->n] = name;
		b->sql[b->n++] = sql;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_error(s, rc, "reading the schema");
	for (size_t i = 0; i < b->n; i++) {
		char drop[200];

		snprintf(drop, sizeof(drop), "DROP INDEX \"%s\"", b->name[i]);
		if ((rc = store_exec(s, drop)))
			return rc;
	}
	return GRID_OK;
}

int store_bulk_index(struct store *s, const struct store_bulk *b)
{
	int rc;

	for (size_t i = 0; i < b->n; i++)
		if ((rc = store_exec(s, b->sql[i])))
			return rc;
	return GRID_OK;
}

void store_bulk_free(struct store_bulk *b)
{
	for (size_t i = 0; i < b->n; i++) {
		free(b->name[i]);
		free(b->sql[i]);
	}
	b->n = 0;
}

void store_bulk_end(struct store *s, int rollback_journal)
{
	char mode[16];

	store_exec(s, "PRAGMA foreign_keys = ON; PRAGMA ignore_check_constraints = OFF; PRAGMA cache_size = -2000");
	/* The data is committed or rolled back by now: a failure here leaves
	 * only the mode, which the next load restores, and must not report
	 * the import as failed.  Entering WAL mode waits for readers through
	 * the busy handler like any write. */
	if (rollback_journal)
		journal_mode(s, "PRAGMA journal_mode = WAL", mode);
}
