/* Storage of the measures: the queries behind stats, rank and reports.
 *
 * The measures are computed in one pass over the history of the issues
 * reported in a period (lib/stats.c folds it); the roster is read once into
 * memory, so that grouping by unit, level or category costs no query per
 * group. */
#include <stdlib.h>
#include <string.h>

#include "../stats.h"
#include "schema.h"
#include "sqlite.h"

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

int store_stats_units(struct store *s, struct stats_unit **out, size_t *n)
{
	static const char sql[] = "SELECT id, coalesce(parent_id, 0), lft, rgt, coalesce(households, 0), depth, code, name"
				  " FROM unit ORDER BY lft, id";
	struct stats_unit *v = NULL, *nv;
	size_t len = 0, cap = 0;
	sqlite3_stmt *st;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (len == cap) {
			cap = cap ? cap * 2 : 64;
			if (!(nv = realloc(v, cap * sizeof(*v)))) {
				rc = grid_error_oom();
				goto done;
			}
			v = nv;
		}
		nv = &v[len];
		nv->id = sqlite3_column_int64(st, 0);
		nv->parent_id = sqlite3_column_int64(st, 1);
		nv->lft = sqlite3_column_int64(st, 2);
		nv->rgt = sqlite3_column_int64(st, 3);
		nv->households = sqlite3_column_int64(st, 4);
		nv->depth = sqlite3_column_int(st, 5);
		nv->code = store_column_dup(st, 6);
		nv->name = store_column_dup(st, 7);
		len++;
		if (!nv->code || !nv->name) {
			rc = grid_error_oom();
			goto done;
		}
	}
	rc = rc == SQLITE_DONE ? GRID_OK : store_error(s, rc, "reading units");
done:
	sqlite3_reset(st);
	if (rc) {
		store_stats_units_free(v, len);
		return rc;
	}
	*out = v;
	*n = len;
	return GRID_OK;
}

static int named(struct store *s, const char *sql, const char *what, struct stats_named **out, size_t *n)
{
	struct stats_named *v = NULL, *nv;
	size_t len = 0, cap = 0;
	sqlite3_stmt *st;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (len == cap) {
			cap = cap ? cap * 2 : 16;
			if (!(nv = realloc(v, cap * sizeof(*v)))) {
				rc = grid_error_oom();
				goto done;
			}
			v = nv;
		}
		v[len].id = sqlite3_column_int64(st, 0);
		v[len].code = store_column_dup(st, 1);
		v[len].name = store_column_dup(st, 2);
		len++;
		if (!v[len - 1].code || !v[len - 1].name) {
			rc = grid_error_oom();
			goto done;
		}
	}
	rc = rc == SQLITE_DONE ? GRID_OK : store_error(s, rc, what);
done:
	sqlite3_reset(st);
	if (rc) {
		store_stats_named_free(v, len);
		return rc;
	}
	*out = v;
	*n = len;
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

/* The issues changed after as-of come from issue_changed (issue.c); the
 * counts of a long period, and the probe of each issue of an old one,
 * read a covering index of the issues instead of their rows. */
const char store_schema_stats_v1[] =
	"CREATE INDEX issue_measures ON issue(reported_at, status, unit_id, category_id, handling_unit_id,\n"
	"  due_at, resolved_at, reopened, changed_at);\n";

#define CURRENT_COLS                                                                                      \
	"SELECT i.unit_id, i.category_id, i.handling_unit_id,"                                            \
	" CASE WHEN i.status IN ('resolved','closed') THEN 1 WHEN i.status IN ('accepted','assigned')"    \
	" THEN 2 ELSE 0 END, i.due_at, i.resolved_at, i.reopened"                                         \
	" FROM issue i WHERE i.reported_at >= ?1 AND i.reported_at < ?2 AND i.status <> 'rejected'"

int store_stats_current(struct store *s, int64_t since, int64_t until, int scoped, int64_t lo, int64_t hi,
	stats_current_cb cb, void *ctx)
{
	/* Counted in C rather than with GROUP BY: a year's million issues
	 * sort slower than they fold. */
	static const char all[] = CURRENT_COLS;
	static const char in_scope[] = CURRENT_COLS " AND i.unit_id IN (SELECT id FROM unit WHERE lft BETWEEN ?3 AND ?4)";
	struct stats_current c;
	sqlite3_stmt *st;
	int rc;

	if ((rc = store_stmt(s, scoped ? in_scope : all, &st)))
		return rc;
	sqlite3_bind_int64(st, 1, since);
	sqlite3_bind_int64(st, 2, until);
	if (scoped) {
		sqlite3_bind_int64(st, 3, lo);
		sqlite3_bind_int64(st, 4, hi);
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		c.unit_id = sqlite3_column_int64(st, 0);
		c.category_id = sqlite3_column_int64(st, 1);
		c.handling_unit_id = sqlite3_column_int64(st, 2);
		c.state = sqlite3_column_int(st, 3);
		c.has_due = sqlite3_column_type(st, 4) != SQLITE_NULL;
		c.due_at = sqlite3_column_int64(st, 4);
		c.has_resolved = sqlite3_column_type(st, 5) != SQLITE_NULL;
		c.resolved_at = sqlite3_column_int64(st, 5);
		c.reopened = sqlite3_column_int(st, 6);
		if ((rc = cb(ctx, &c)))
			goto done;
	}
	rc = rc == SQLITE_DONE ? GRID_OK : store_error(s, rc, "counting issues");
done:
	sqlite3_reset(st);
	return rc;
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
	struct stats_event ev;
	int64_t last = 0;
	sqlite3_stmt *st;
	int rc;

	if ((rc = store_stmt(s, sql[probe != 0][scoped != 0], &st)))
		return rc;
	sqlite3_bind_int64(st, 1, since);
	sqlite3_bind_int64(st, 2, until);
	sqlite3_bind_int64(st, 3, as_of);
	if (scoped) {
		sqlite3_bind_int64(st, 4, lo);
		sqlite3_bind_int64(st, 5, hi);
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		ev.issue_id = sqlite3_column_int64(st, 0);
		ev.unit_id = sqlite3_column_int64(st, 1);
		ev.category_id = sqlite3_column_int64(st, 2);
		ev.cur_status = (const char *)sqlite3_column_text(st, 3);
		ev.cur_hu = sqlite3_column_int64(st, 4);
		ev.cur_has_due = sqlite3_column_type(st, 5) != SQLITE_NULL;
		ev.cur_due = sqlite3_column_int64(st, 5);
		ev.cur_has_resolved = sqlite3_column_type(st, 6) != SQLITE_NULL;
		ev.cur_resolved_at = sqlite3_column_int64(st, 6);
		ev.cur_reopened = sqlite3_column_int(st, 7);
		ev.at = sqlite3_column_int64(st, 8);
		ev.action = (const char *)sqlite3_column_text(st, 9);
		ev.to_status = (const char *)sqlite3_column_text(st, 10);
		ev.handling_unit_id = sqlite3_column_type(st, 11) == SQLITE_NULL ? ev.unit_id : sqlite3_column_int64(st, 11);
		ev.has_due = sqlite3_column_type(st, 12) != SQLITE_NULL;
		ev.due_at = sqlite3_column_int64(st, 12);
		ev.first = ev.issue_id != last;
		last = ev.issue_id;
		if ((rc = cb(ctx, &ev)))
			goto done;
	}
	rc = rc == SQLITE_DONE ? GRID_OK : store_error(s, rc, "reading the history");
done:
	sqlite3_reset(st);
	return rc;
}

int store_stats_open_overdue(struct store *s, int64_t since, int64_t until, int64_t as_of, int scoped, int64_t lo,
	int64_t hi, stats_open_cb cb, void *ctx)
{
#define OPEN_COLS                                                                                         \
	"SELECT i.id, i.unit_id, i.category_id, i.due_at, i.handling_unit_id, i.title FROM issue i"       \
	" WHERE i.status IN ('accepted','assigned') AND i.due_at < ?3"          \
	" AND +i.reported_at >= ?1 AND +i.reported_at < ?2"
	static const char all[] = OPEN_COLS;
	/* The unary + keep the planner on issue_open_due: the open cases are
	 * few, the cases of a scope many. */
	static const char in_scope[] = OPEN_COLS " AND +i.unit_id IN (SELECT id FROM unit WHERE lft BETWEEN ?4 AND ?5)";
	struct stats_open o;
	sqlite3_stmt *st;
	int rc;

	if ((rc = store_stmt(s, scoped ? in_scope : all, &st)))
		return rc;
	sqlite3_bind_int64(st, 1, since);
	sqlite3_bind_int64(st, 2, until);
	sqlite3_bind_int64(st, 3, as_of);
	if (scoped) {
		sqlite3_bind_int64(st, 4, lo);
		sqlite3_bind_int64(st, 5, hi);
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		o.id = sqlite3_column_int64(st, 0);
		o.unit_id = sqlite3_column_int64(st, 1);
		o.category_id = sqlite3_column_int64(st, 2);
		o.due_at = sqlite3_column_int64(st, 3);
		o.handling_unit_id = sqlite3_column_type(st, 4) == SQLITE_NULL ? o.unit_id : sqlite3_column_int64(st, 4);
		o.title = (const char *)sqlite3_column_text(st, 5);
		if ((rc = cb(ctx, &o)))
			goto done;
	}
	rc = rc == SQLITE_DONE ? GRID_OK : store_error(s, rc, "reading overdue issues");
done:
	sqlite3_reset(st);
	return rc;
}

int store_stats_first_reported(struct store *s, int64_t *at)
{
	static const char sql[] = "SELECT min(reported_at) FROM issue";
	sqlite3_stmt *st;
	int rc;

	*at = 0;
	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*at = sqlite3_column_int64(st, 0);
		rc = GRID_OK;
	} else
		rc = store_error(s, rc, "reading issues");
	sqlite3_reset(st);
	return rc;
}

int store_stats_issue_title(struct store *s, int64_t id, char **title)
{
	static const char sql[] = "SELECT title FROM issue WHERE id = ?1";
	sqlite3_stmt *st;
	int rc;

	*title = NULL;
	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		if (!(*title = store_column_dup(st, 0)))
			rc = grid_error_oom();
		else
			rc = GRID_OK;
	} else if (rc == SQLITE_DONE)
		rc = grid_error_set(GRID_ENOTFOUND, "unknown issue '%lld'", (long long)id);
	else
		rc = store_error(s, rc, "reading an issue");
	sqlite3_reset(st);
	return rc;
}
