/* Storage of the measures: the queries behind stats, rank and reports.
 *
 * The measures are computed in one pass over the history of the issues
 * reported in a period (lib/stats.c folds it); the roster is read once into
 * memory, so that grouping by unit, level or category costs no query per
 * group. */
#include <stdlib.h>
#include <string.h>

#include "sqlite.h"
#include "../store_stats.h"

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

int store_stats_scan(struct store *s, int64_t since, int64_t until, int64_t as_of, int64_t lo, int64_t hi,
	stats_event_cb cb, void *ctx)
{
	/* The outer loop walks issue_reported_at, the inner one event_issue
	 * (issue_id, at, rowid): the ORDER BY costs no sort. */
	static const char sql[] =
		"SELECT i.id, i.unit_id, i.category_id, e.at, e.action, e.to_status, e.handling_unit_id, e.due_at"
		" FROM issue i JOIN unit u ON u.id = i.unit_id"
		" LEFT JOIN event e ON e.issue_id = i.id AND e.at <= ?3"
		" WHERE i.reported_at >= ?1 AND i.reported_at < ?2 AND u.lft BETWEEN ?4 AND ?5"
		" ORDER BY i.reported_at, i.id, e.at, e.id";
	struct stats_event ev;
	int64_t last = 0;
	sqlite3_stmt *st;
	int rc;

	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	sqlite3_bind_int64(st, 1, since);
	sqlite3_bind_int64(st, 2, until);
	sqlite3_bind_int64(st, 3, as_of);
	sqlite3_bind_int64(st, 4, lo);
	sqlite3_bind_int64(st, 5, hi);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		ev.issue_id = sqlite3_column_int64(st, 0);
		ev.unit_id = sqlite3_column_int64(st, 1);
		ev.category_id = sqlite3_column_int64(st, 2);
		ev.at = sqlite3_column_int64(st, 3);
		ev.action = (const char *)sqlite3_column_text(st, 4);
		ev.to_status = (const char *)sqlite3_column_text(st, 5);
		ev.handling_unit_id = sqlite3_column_type(st, 6) == SQLITE_NULL ? ev.unit_id : sqlite3_column_int64(st, 6);
		ev.has_due = sqlite3_column_type(st, 7) != SQLITE_NULL;
		ev.due_at = sqlite3_column_int64(st, 7);
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
