/* Storage of household visits (field work; their counts per unit are in
 * fieldwork.c with the other measures). */
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
