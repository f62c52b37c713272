/* Storage of household visits (field work; their counts per unit are in
 * fieldwork.c with the other measures). */
#include <string.h>

#include "../fieldwork.h"
#include "../sql.h"


/* Bind ?1..?4, the key of a visit: unit, household, person, time. */
static void bind_visit_key(struct sql_stmt *st, int64_t unit_id, const char *household, const char *person, int64_t at)
{
	sql_bind_int64(st, 1, unit_id);
	store_bind_text(st, 2, household);
	store_bind_text(st, 3, person);
	sql_bind_int64(st, 4, at);
}

int store_visit_insert(struct store *s, int64_t unit_id, const char *household, const char *person, int64_t at,
	const char *note, int64_t *id, int *added)
{
	static const char sql[] = "INSERT INTO visit (unit_id, household, person, at, note) VALUES (?1, ?2, ?3, ?4, ?5)"
				  /* No conflict target: a database made before
				   * visit_once inserts rather than fails. */
				  " ON CONFLICT DO NOTHING RETURNING id";
	static const char find[] = "SELECT id FROM visit WHERE unit_id = ?1 AND household = ?2 AND person = ?3 AND at = ?4";
	struct sql_stmt *st;
	int64_t new_id = 0;
	int rc;

	*added = 0;

	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	bind_visit_key(st, unit_id, household, person, at);
	store_bind_text(st, 5, note);
	if ((rc = store_read_int64(s, st, &new_id, added, "adding a visit")))
		return rc;
	if (*added) {
		if (id)
			*id = new_id;
		return GRID_OK;
	}
	if (!id)
		return GRID_OK;
	if ((rc = store_stmt(s, find, &st)))
		return rc;
	bind_visit_key(st, unit_id, household, person, at);
	*id = 0;
	return store_read_int64(s, st, id, NULL, "reading a visit");
}

/* ---- an import's visits ------------------------------------------------- */

/* PostgreSQL: the visits of an import go by COPY into a temporary table,
 * and one INSERT moves them, in the file's order, past those recorded
 * already -- instead of a round trip a visit.  SQLite inserts row by row,
 * which costs it nothing more. */
static const char stage_table[] =
	"CREATE TEMP TABLE IF NOT EXISTS s_visit (seq BIGINT PRIMARY KEY, unit_id BIGINT NOT NULL,\n"
	"  household TEXT NOT NULL, person TEXT NOT NULL, at BIGINT NOT NULL, note TEXT);\n"
	"DELETE FROM s_visit";
static const char stage_copy[] = "COPY s_visit (seq, unit_id, household, person, at, note) FROM STDIN";
static const char stage_move[] = "INSERT INTO visit (unit_id, household, person, at, note)\n"
				 "SELECT unit_id, household, person, at, note FROM s_visit ORDER BY seq\n"
				 "ON CONFLICT DO NOTHING";

int store_visit_stage_open(struct store *s, struct store_visit_stage *vs)
{
	memset(vs, 0, sizeof(*vs));
	vs->copy = store_engine(s) == SQL_PG;
	return vs->copy ? store_exec(s, stage_table) : GRID_OK;
}

int store_visit_stage(struct store *s, struct store_visit_stage *vs, int64_t unit_id, const char *household,
	const char *person, int64_t at, const char *note)
{
	struct sql_stmt *st;
	int added = 0, rc;

	if (!vs->copy) {
		if ((rc = store_visit_insert(s, unit_id, household, person, at, note, NULL, &added)))
			return rc;
		vs->rows++;
		vs->added += added;
		return GRID_OK;
	}
	if ((rc = store_copy_stmt(s, stage_copy, &st)))
		return rc;
	sql_bind_int64(st, 1, ++vs->rows);
	sql_bind_int64(st, 2, unit_id);
	store_bind_text(st, 3, household);
	store_bind_text(st, 4, person);
	sql_bind_int64(st, 5, at);
	store_bind_text(st, 6, note);
	return store_step_done(s, st, "adding a visit");
}

int store_visit_stage_close(struct store *s, struct store_visit_stage *vs)
{
	struct sql_stmt *st;
	int rc;

	if (!vs->copy || vs->rows == 0)
		return GRID_OK;
	if ((rc = store_stmt(s, stage_move, &st)) || (rc = store_step_done(s, st, "adding visits")))
		return rc;
	vs->added = store_changes(s);
	return GRID_OK;
}

struct visit_walk {
	grid_visit_cb cb;
	void *ctx;
};

static int visit_row(void *arg, struct sql_stmt *st)
{
	struct visit_walk *w = arg;
	grid_visit v;

	v.id = sql_int64(st, 0);
	v.unit = (const char *)sql_text(st, 1);
	v.household = (const char *)sql_text(st, 2);
	v.person = (const char *)sql_text(st, 3);
	v.at = sql_int64(st, 4);
	v.note = (const char *)sql_text(st, 5);
	return w->cb(w->ctx, &v);
}

int store_visit_list(struct store *s, int64_t lft, int64_t rgt, const grid_visit_filter *f, grid_visit_cb cb,
	void *ctx)
{
	static const char sql[] =
		"SELECT v.id, u.code, v.household, v.person, v.at, v.note\n"
		"FROM visit v JOIN unit u ON u.id = v.unit_id\n"
		"WHERE u.lft BETWEEN ?1 AND ?2 AND (v.at >= ?3 OR ?3 IS NULL) AND (v.at < ?4 OR ?4 IS NULL)\n"
		"  AND (v.person = ?5 OR ?5 IS NULL)\n"
		"ORDER BY v.at, v.id LIMIT ?6";
	struct visit_walk w = { cb, ctx };
	struct sql_stmt *st;
	int rc;

	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	sql_bind_int64(st, 1, lft);
	sql_bind_int64(st, 2, rgt);
	store_bind_opt_int(st, 3, f->since, f->since != 0);
	store_bind_opt_int(st, 4, f->until, f->until != 0);
	store_bind_text(st, 5, f->by);
	store_bind_limit(st, 6, f->limit);
	return store_rows(s, st, visit_row, &w, "listing visits");
}
