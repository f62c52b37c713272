/* Storage of key projects (grid-project(1)): the present state of each in
 * project, and its append-only history in project_event, from which a
 * list as of an earlier time reads the stage and investment then. */
#include <stdio.h>

#include "../project.h"
#include "../sql.h"

/* Copy the text of column I (NULL as "") into BUF of SIZE bytes. */
static void column_copy(struct sql_stmt *st, int i, char *buf, size_t size)
{
	const char *t = sql_text(st, i);

	snprintf(buf, size, "%s", t ? t : "");
}

int store_project_load(struct store *s, const char *code, struct store_project_state *p)
{
	static const char sql[] =
		"SELECT p.id, p.code, p.name, p.level, p.stage, p.investment, p.unit_id, p.person, p.created_at,\n"
		"  p.changed_at, u.code\n"
		"FROM project p LEFT JOIN unit u ON u.id = p.unit_id WHERE p.code = ?1";
	struct sql_stmt *st;
	int rc;

	if ((rc = store_find(s, sql, code, N_("key project"), &st)))
		return rc;
	p->id = sql_int64(st, 0);
	column_copy(st, 1, p->code, sizeof(p->code));
	column_copy(st, 2, p->name, sizeof(p->name));
	column_copy(st, 3, p->level, sizeof(p->level));
	column_copy(st, 4, p->stage, sizeof(p->stage));
	p->has_investment = !sql_is_null(st, 5);
	p->investment = sql_int64_or0(st, 5);
	p->unit_id = sql_int64_or0(st, 6);
	column_copy(st, 7, p->person, sizeof(p->person));
	p->created_at = sql_int64(st, 8);
	p->changed_at = sql_int64(st, 9);
	column_copy(st, 10, p->unit, sizeof(p->unit));
	sql_reset(st);
	return GRID_OK;
}

int store_project_exists(struct store *s, const char *code, int *yes)
{
	static const char sql[] = "SELECT 1 FROM project WHERE code = ?1";
	struct sql_stmt *st;
	int64_t one = 0;
	int rc;

	*yes = 0;
	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	store_bind_text(st, 1, code);
	return store_read_int64(s, st, &one, yes, "reading key projects");
}

/* Bind P's fields as ?2.. ?8: name, level, stage, investment, unit, person
 * and the time (created_at on insert, changed_at on save). */
static void bind_fields(struct sql_stmt *st, const struct store_project_state *p, int64_t at)
{
	store_bind_text(st, 2, p->name);
	store_bind_text(st, 3, p->level);
	store_bind_text(st, 4, p->stage);
	store_bind_opt_int(st, 5, p->investment, p->has_investment);
	store_bind_opt_int(st, 6, p->unit_id, p->unit_id != 0);
	store_bind_text(st, 7, *p->person ? p->person : NULL);
	sql_bind_int64(st, 8, at);
}

int store_project_insert(struct store *s, const struct store_project_state *p, int64_t *id)
{
	static const char sql[] =
		"INSERT INTO project (code, name, level, stage, investment, unit_id, person, created_at, changed_at)\n"
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8) RETURNING id";
	struct sql_stmt *st;
	int rc;

	*id = 0;
	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	store_bind_text(st, 1, p->code);
	bind_fields(st, p, p->created_at);
	return store_read_int64(s, st, id, NULL, "adding a key project");
}

int store_project_save(struct store *s, const struct store_project_state *p)
{
	static const char sql[] =
		"UPDATE project SET name = ?2, level = ?3, stage = ?4, investment = ?5, unit_id = ?6, person = ?7,\n"
		"  changed_at = ?8 WHERE id = ?1";
	struct sql_stmt *st;
	int rc;

	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	sql_bind_int64(st, 1, p->id);
	bind_fields(st, p, p->changed_at);
	return store_step_done(s, st, "changing a key project");
}

int store_project_event_add(struct store *s, const struct store_project_event *e)
{
	static const char sql[] =
		"INSERT INTO project_event (project_id, at, kind, date, stage, investment, note, actor, recorded_by,\n"
		"  name, level, unit, person)\n"
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)";
	struct sql_stmt *st;
	int rc;

	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	sql_bind_int64(st, 1, e->project_id);
	sql_bind_int64(st, 2, e->at);
	store_bind_text(st, 3, e->kind);
	store_bind_text(st, 4, e->date);
	store_bind_text(st, 5, e->stage);
	store_bind_opt_int(st, 6, e->investment, e->has_investment);
	store_bind_text(st, 7, e->note);
	store_bind_text(st, 8, e->actor);
	store_bind_text(st, 9, e->recorded_by);
	store_bind_text(st, 10, e->name);
	store_bind_text(st, 11, e->level);
	store_bind_text(st, 12, e->unit);
	store_bind_text(st, 13, e->person);
	return store_step_done(s, st, "recording a key project's history");
}

/* ---- the list ------------------------------------------------------------- */

struct row_walk {
	store_project_row_cb cb;
	void *ctx;
};

static int project_row(void *arg, struct sql_stmt *st)
{
	struct row_walk *w = arg;
	struct store_project_row r;

	r.code = sql_text(st, 0);
	r.name = sql_text(st, 1);
	r.level = sql_text(st, 2);
	r.stage = sql_text(st, 3);
	r.has_investment = !sql_is_null(st, 4);
	r.investment = sql_int64_or0(st, 4);
	r.unit = sql_text(st, 5);
	r.unit_name = sql_text(st, 6);
	r.person = sql_text(st, 7);
	r.person_name = sql_text(st, 8);
	r.milestone = sql_text(st, 9);
	r.milestone_date = sql_text(st, 10);
	r.created_at = sql_int64(st, 11);
	r.changed_at = sql_int64(st, 12);
	return w->cb(w->ctx, &r);
}

int store_project_list(struct store *s, const struct store_project_query *q, store_project_row_cb cb, void *ctx)
{
	/* ?1 the as-of time (NULL: the present state), ?2 the level, ?3 the
	 * stage, ?4..?5 the units' lft range (?7 1: and no unit), ?6 the code;
	 * NULL for any.  As
	 * of a time, the stage and investment are those of the latest add or
	 * update recorded by then (the project row's when there is none, a
	 * row written by other means), the milestone the latest recorded by
	 * then.  Events of a project run forward in time (lib/project.c), so
	 * the latest by id is the latest by time.  Each parameter is compared
	 * with a column before it is tested for NULL: PostgreSQL takes its
	 * type from the first use it meets. */
	static const char sql[] =
		"SELECT q.code, q.name, q.level, q.stage, q.investment, q.unit, q.unit_name, q.person, q.person_name,\n"
		"  m.note, m.date, q.created_at, q.changed_at\n"
		"FROM (SELECT p.id, p.code, p.name, p.level,\n"
		"    CASE WHEN ?1 IS NULL OR e.id IS NULL THEN p.stage ELSE e.stage END AS stage,\n"
		"    CASE WHEN ?1 IS NULL OR e.id IS NULL THEN p.investment ELSE e.investment END AS investment,\n"
		"    u.code AS unit, u.name AS unit_name, u.lft AS lft, p.person, pp.name AS person_name,\n"
		"    p.created_at, p.changed_at\n"
		"  FROM project p\n"
		"  LEFT JOIN unit u ON u.id = p.unit_id\n"
		"  LEFT JOIN person pp ON pp.pid = p.person\n"
		"  LEFT JOIN project_event e ON e.id = (SELECT max(x.id) FROM project_event x\n"
		"    WHERE x.project_id = p.id AND x.kind <> 'milestone' AND x.at <= ?1)\n"
		"  WHERE (p.created_at <= ?1 OR ?1 IS NULL) AND (p.level = ?2 OR ?2 IS NULL)\n"
		"    AND (p.code = ?6 OR ?6 IS NULL)) q\n"
		"LEFT JOIN project_event m ON m.id = (SELECT y.id FROM project_event y\n"
		"  WHERE y.project_id = q.id AND y.kind = 'milestone' AND (y.at <= ?1 OR ?1 IS NULL)\n"
		"  ORDER BY y.date DESC, y.id DESC LIMIT 1)\n"
		"WHERE (q.stage = ?3 OR ?3 IS NULL)\n"
		"  AND (q.lft BETWEEN ?4 AND ?5 OR ?4 IS NULL OR (?7 = 1 AND q.unit IS NULL))\n"
		"ORDER BY CASE q.level WHEN 'city' THEN 0 WHEN 'district' THEN 1 ELSE 2 END, q.code";
	struct row_walk w = { cb, ctx };
	struct sql_stmt *st;
	int rc;

	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	store_bind_opt_int(st, 1, q->as_of, q->as_of != 0);
	store_bind_text(st, 2, q->level);
	store_bind_text(st, 3, q->stage);
	store_bind_opt_int(st, 4, q->lft, q->has_unit);
	store_bind_opt_int(st, 5, q->rgt, q->has_unit);
	store_bind_text(st, 6, q->code);
	sql_bind_int64(st, 7, q->whole != 0);
	return store_rows(s, st, project_row, &w, "listing key projects");
}

/* ---- the history ---------------------------------------------------------- */

struct event_walk {
	store_project_event_cb cb;
	void *ctx;
};

static int event_row(void *arg, struct sql_stmt *st)
{
	struct event_walk *w = arg;
	struct store_project_event_row e;

	e.at = sql_int64(st, 0);
	e.kind = sql_text(st, 1);
	e.actor = sql_text(st, 2);
	e.recorded_by = sql_text(st, 3);
	e.stage = sql_text(st, 4);
	e.has_investment = !sql_is_null(st, 5);
	e.investment = sql_int64_or0(st, 5);
	e.date = sql_text(st, 6);
	e.note = sql_text(st, 7);
	e.name = sql_text(st, 8);
	e.level = sql_text(st, 9);
	e.unit = sql_text(st, 10);
	e.person = sql_text(st, 11);
	return w->cb(w->ctx, &e);
}

int store_project_events(struct store *s, int64_t project_id, store_project_event_cb cb, void *ctx)
{
	static const char sql[] =
		"SELECT at, kind, actor, recorded_by, stage, investment, date, note, name, level, unit, person\n"
		"FROM project_event WHERE project_id = ?1 ORDER BY id";
	struct event_walk w = { cb, ctx };
	struct sql_stmt *st;
	int rc;

	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	sql_bind_int64(st, 1, project_id);
	return store_rows(s, st, event_row, &w, "reading a key project's history");
}
