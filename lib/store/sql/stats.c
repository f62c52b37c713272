/* Storage of the measures: the queries behind stats, rank and reports.
 *
 * The measures are computed in one pass over the history of the issues
 * reported in a period (lib/stats.c folds it); the roster is read once into
 * memory, so that grouping by unit, level or category costs no query per
 * group. */
#include <stdlib.h>

#include "../../array.h"
#include "../stats.h"
#include "../sql.h"

void store_stats_units_free(struct stats_unit *u, size_t n)
{
	size_t i;

	for (i = 0; u && i < n; i++) {
		free(u[i].code);
		free(u[i].name);
	}
	free(u);
}

void store_stats_named_free(struct stats_named *v, size_t n)
{
	size_t i;

	for (i = 0; v && i < n; i++) {
		free(v[i].code);
		free(v[i].name);
	}
	free(v);
}

struct unit_array {
	struct stats_unit *v;
	size_t len, cap;
};

static int unit_row(void *arg, struct sql_stmt *st)
{
	struct unit_array *a = arg;
	struct stats_unit *u;

	if (!(u = grid_array_room(a->v, a->len, &a->cap, sizeof(*u), 64)))
		return GRID_EFAIL;
	a->v = u;
	u = &a->v[a->len++];
	u->id = sql_int64(st, 0);
	u->parent_id = sql_int64(st, 1);
	u->lft = sql_int64(st, 2);
	u->rgt = sql_int64(st, 3);
	u->households = sql_int64(st, 4);
	u->depth = sql_int(st, 5);
	u->code = store_column_dup(st, 6);
	u->name = store_column_dup(st, 7);
	return u->code && u->name ? 0 : grid_error_oom();
}

int store_stats_units(struct store *s, struct stats_unit **out, size_t *n)
{
	static const char sql[] = "SELECT id, coalesce(parent_id, 0), lft, rgt, coalesce(households, 0), depth, code, name"
				  " FROM unit ORDER BY lft, id";
	struct unit_array a = { NULL, 0, 0 };
	struct sql_stmt *st;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	if ((rc = store_rows(s, st, unit_row, &a, "reading units"))) {
		store_stats_units_free(a.v, a.len);
		return rc;
	}
	*out = a.v;
	*n = a.len;
	return GRID_OK;
}

struct named_array {
	struct stats_named *v;
	size_t len, cap;
};

static int named_row(void *arg, struct sql_stmt *st)
{
	struct named_array *a = arg;
	struct stats_named *v;

	if (!(v = grid_array_room(a->v, a->len, &a->cap, sizeof(*v), 16)))
		return GRID_EFAIL;
	a->v = v;
	v = &a->v[a->len++];
	v->id = sql_int64(st, 0);
	v->code = store_column_dup(st, 1);
	v->name = store_column_dup(st, 2);
	return v->code && v->name ? 0 : grid_error_oom();
}

static int named(struct store *s, const char *sql, const char *what, struct stats_named **out, size_t *n)
{
	struct named_array a = { NULL, 0, 0 };
	struct sql_stmt *st;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	if ((rc = store_rows(s, st, named_row, &a, what))) {
		store_stats_named_free(a.v, a.len);
		return rc;
	}
	*out = a.v;
	*n = a.len;
	return GRID_OK;
}

int store_stats_categories(struct store *s, struct stats_named **out, size_t *n)
{
	static const char sql[] = "SELECT id, code, name FROM category ORDER BY id";

	return named(s, sql, "reading categories", out, n);
}

int store_stats_levels(struct store *s, struct stats_named **out, size_t *n)
{
	static const char sql[] = "SELECT depth, name, name FROM level ORDER BY depth";

	return named(s, sql, "reading levels", out, n);
}


#define CURRENT_COLS                                                                                      \
	"SELECT i.unit_id, i.category_id, i.handling_unit_id,"                                            \
	" CASE WHEN i.status IN ('resolved','closed') THEN 1 WHEN i.status IN ('accepted','assigned')"    \
	" THEN 2 ELSE 0 END, i.due_at, i.resolved_at, i.reopened"                                         \
	" FROM issue i WHERE i.reported_at >= ?1 AND i.reported_at < ?2 AND i.status <> 'rejected'"

/* Bind the period ?1..?2, then AS_OF (when not NULL), then the scope's
 * lft bounds (when SCOPED), in that order of the parameters. */
static void bind_period(struct sql_stmt *st, int64_t since, int64_t until, const int64_t *as_of, int scoped, int64_t lo,
	int64_t hi)
{
	int i = 3;

	sql_bind_int64(st, 1, since);
	sql_bind_int64(st, 2, until);
	if (as_of)
		sql_bind_int64(st, i++, *as_of);
	if (scoped) {
		sql_bind_int64(st, i, lo);
		sql_bind_int64(st, i + 1, hi);
	}
}

struct current_walk {
	stats_current_cb cb;
	void *ctx;
};

static int current_row(void *arg, struct sql_stmt *st)
{
	struct current_walk *w = arg;
	struct stats_current c;

	c.unit_id = sql_int64(st, 0);
	c.category_id = sql_int64(st, 1);
	c.handling_unit_id = sql_int64(st, 2);
	c.state = sql_int(st, 3);
	c.has_due = !sql_is_null(st, 4);
	c.due_at = sql_int64(st, 4);
	c.has_resolved = !sql_is_null(st, 5);
	c.resolved_at = sql_int64(st, 5);
	c.reopened = sql_int(st, 6);
	return w->cb(w->ctx, &c);
}

int store_stats_current(struct store *s, int64_t since, int64_t until, int scoped, int64_t lo, int64_t hi,
	stats_current_cb cb, void *ctx)
{
	/* Counted in C rather than with GROUP BY: a year's million issues
	 * sort slower than they fold. */
	static const char all[] = CURRENT_COLS;
	static const char in_scope[] = CURRENT_COLS " AND i.unit_id IN (SELECT id FROM unit WHERE lft BETWEEN ?3 AND ?4)";
	struct current_walk w = { cb, ctx };
	struct sql_stmt *st;
	int rc;

	if ((rc = store_stmt(s, scoped ? in_scope : all, &st)))
		return rc;
	bind_period(st, since, until, NULL, scoped, lo, hi);
	return store_rows(s, st, current_row, &w, "counting issues");
}

#define SCAN_COLS                                                                                         \
	"SELECT i.id, i.unit_id, i.category_id, i.status, i.handling_unit_id, i.due_at, i.resolved_at,"   \
	" i.reopened, e.at, e.action, e.to_status, e.handling_unit_id, e.due_at"                          \
	" FROM issue i LEFT JOIN event e ON e.issue_id = i.id AND e.at <= ?3"                            \
	" WHERE i.reported_at >= ?1 AND i.reported_at < ?2"
#define SCAN_SCOPE " AND i.unit_id IN (SELECT id FROM unit WHERE lft BETWEEN ?4 AND ?5)"
/* A case resolved (or closed) by as-of and not reopened since changed
 * nothing that counts after as-of: closing it keeps every measure. */
#define SCAN_PROBE                                                                                        \
	" AND NOT (i.status IN ('resolved','closed') AND i.resolved_at <= ?3)"                            \
	" AND (i.changed_at > ?3 OR (i.changed_at IS NULL"                                                \
	" AND EXISTS (SELECT 1 FROM event x WHERE x.issue_id = i.id AND x.at > ?3)))"
/* A row without changed_at (written by other means than libgrid) is
 * decided by its history, through event_issue; issue_changed holds those
 * rows together, and none in a database libgrid wrote. */
#define SCAN_TIME                                                                                         \
	" AND i.id IN (SELECT id FROM issue WHERE changed_at > ?3 UNION ALL SELECT c.id FROM issue c"      \
	" WHERE c.changed_at IS NULL AND EXISTS (SELECT 1 FROM event x WHERE x.issue_id = c.id AND x.at > ?3))"
#define SCAN_ORDER " ORDER BY i.id, e.at, e.id"

struct scan_walk {
	stats_event_cb cb;
	void *ctx;
	int64_t last; /* the issue of the row before */
};

static int scan_row(void *arg, struct sql_stmt *st)
{
	struct scan_walk *w = arg;
	struct stats_event ev;

	ev.issue_id = sql_int64(st, 0);
	ev.unit_id = sql_int64(st, 1);
	ev.category_id = sql_int64(st, 2);
	ev.cur_status = (const char *)sql_text(st, 3);
	ev.cur_hu = sql_int64(st, 4);
	ev.cur_has_due = !sql_is_null(st, 5);
	ev.cur_due = sql_int64(st, 5);
	ev.cur_has_resolved = !sql_is_null(st, 6);
	ev.cur_resolved_at = sql_int64(st, 6);
	ev.cur_reopened = sql_int(st, 7);
	ev.at = sql_int64(st, 8);
	ev.action = (const char *)sql_text(st, 9);
	ev.to_status = (const char *)sql_text(st, 10);
	ev.handling_unit_id = sql_is_null(st, 11) ? ev.unit_id : sql_int64(st, 11);
	ev.has_due = !sql_is_null(st, 12);
	ev.due_at = sql_int64(st, 12);
	ev.first = ev.issue_id != w->last;
	w->last = ev.issue_id;
	return w->cb(w->ctx, &ev);
}

int store_stats_scan(struct store *s, int64_t since, int64_t until, int64_t as_of, int scoped, int64_t lo,
	int64_t hi, int probe, stats_event_cb cb, void *ctx)
{
	/* The issues changed after as-of: from issue_changed (few for a report
	 * on the period just ended), or by probing each issue of the period
	 * (an old period, with much history after it). */
	static const char *const sql[2][2] = {
		{ SCAN_COLS SCAN_TIME SCAN_ORDER, SCAN_COLS SCAN_TIME SCAN_SCOPE SCAN_ORDER },
		{ SCAN_COLS SCAN_PROBE SCAN_ORDER, SCAN_COLS SCAN_PROBE SCAN_SCOPE SCAN_ORDER },
	};
	struct scan_walk w = { cb, ctx, 0 };
	struct sql_stmt *st;
	int rc;

	if ((rc = store_stmt(s, sql[probe != 0][scoped != 0], &st)))
		return rc;
	bind_period(st, since, until, &as_of, scoped, lo, hi);
	return store_rows(s, st, scan_row, &w, "reading the history");
}

struct open_walk {
	stats_open_cb cb;
	void *ctx;
};

static int open_row(void *arg, struct sql_stmt *st)
{
	struct open_walk *w = arg;
	struct stats_open o;

	o.id = sql_int64(st, 0);
	o.unit_id = sql_int64(st, 1);
	o.category_id = sql_int64(st, 2);
	o.due_at = sql_int64(st, 3);
	o.handling_unit_id = sql_is_null(st, 4) ? o.unit_id : sql_int64(st, 4);
	o.title = (const char *)sql_text(st, 5);
	return w->cb(w->ctx, &o);
}

#define OPEN_COLS                                                                                         \
	"SELECT i.id, i.unit_id, i.category_id, i.due_at, i.handling_unit_id, i.title FROM issue i"       \
	" WHERE i.status IN ('accepted','assigned') AND i.due_at < ?3"          \
	" AND +i.reported_at >= ?1 AND +i.reported_at < ?2"

int store_stats_open_overdue(struct store *s, int64_t since, int64_t until, int64_t as_of, int scoped, int64_t lo,
	int64_t hi, stats_open_cb cb, void *ctx)
{
	static const char all[] = OPEN_COLS;
	/* The unary + keep the planner on issue_open_due: the open cases are
	 * few, the cases of a scope many. */
	static const char in_scope[] = OPEN_COLS " AND +i.unit_id IN (SELECT id FROM unit WHERE lft BETWEEN ?4 AND ?5)";
	struct open_walk w = { cb, ctx };
	struct sql_stmt *st;
	int rc;

	if ((rc = store_stmt(s, scoped ? in_scope : all, &st)))
		return rc;
	bind_period(st, since, until, &as_of, scoped, lo, hi);
	return store_rows(s, st, open_row, &w, "reading overdue issues");
}

int store_stats_first_reported(struct store *s, int64_t *at)
{
	static const char sql[] = "SELECT min(reported_at) FROM issue";
	struct sql_stmt *st;
	int rc;

	*at = 0;
	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	return store_read_int64(s, st, at, NULL, "reading issues");
}

int store_stats_issue_title(struct store *s, int64_t id, char **title)
{
	static const char sql[] = "SELECT title FROM issue WHERE id = ?1";
	struct sql_stmt *st;
	int rc, found;

	*title = NULL;
	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	sql_bind_int64(st, 1, id);
	if ((rc = store_read_text(s, st, title, &found, "reading an issue")))
		return rc;
	return found ? GRID_OK : grid_error_set(GRID_ENOTFOUND, "unknown issue '%lld'", (long long)id);
}
