/* Storage of duty diaries (field work): the entries, their review and
 * their listing; their counts per unit and person are in fieldwork.c with
 * the other measures. */
#include "../fieldwork.h"
#include "../sql.h"


int store_diary_find(struct store *s, int64_t unit_id, const char *person, const char *date, int64_t *id)
{
	static const char sql[] = "SELECT id FROM diary WHERE person = ?1 AND date = ?2 AND unit_id = ?3";
	struct sql_stmt *st;
	int rc;

	*id = 0;
	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	store_bind_text(st, 1, person);
	store_bind_text(st, 2, date);
	sql_bind_int64(st, 3, unit_id);
	return store_read_int64(s, st, id, NULL, "reading the diary");
}

int store_diary_insert(struct store *s, int64_t unit_id, const char *person, const char *date, const char *text,
	int64_t *id)
{
	static const char sql[] = "INSERT INTO diary (unit_id, person, date, text) VALUES (?1, ?2, ?3, ?4) RETURNING id";
	struct sql_stmt *st;
	int rc;

	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	sql_bind_int64(st, 1, unit_id);
	store_bind_text(st, 2, person);
	store_bind_text(st, 3, date);
	store_bind_text(st, 4, text);
	return store_read_int64(s, st, id, NULL, "adding a diary entry");
}

int store_diary_replace(struct store *s, int64_t id, const char *text)
{
	static const char sql[] =
		"UPDATE diary SET text = ?2, score = NULL, review_note = NULL, reviewed_by = NULL, reviewed_at = NULL\n"
		"WHERE id = ?1";
	struct sql_stmt *st;
	int rc;

	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	sql_bind_int64(st, 1, id);
	store_bind_text(st, 2, text);
	return store_step_done(s, st, "replacing a diary entry");
}

int store_diary_review(struct store *s, int64_t id, int score, const char *note, const char *by, int64_t at)
{
	static const char sql[] =
		"UPDATE diary SET score = ?2, review_note = ?3, reviewed_by = ?4, reviewed_at = ?5 WHERE id = ?1";
	struct sql_stmt *st;
	int rc;

	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	sql_bind_int64(st, 1, id);
	sql_bind_int64(st, 2, score);
	store_bind_text(st, 3, note);
	store_bind_text(st, 4, by);
	sql_bind_int64(st, 5, at);
	if ((rc = store_step_done(s, st, "reviewing a diary entry")))
		return rc;
	if (store_changes(s) == 0)
		return grid_error_set(GRID_ENOTFOUND, "unknown diary entry %lld", (long long)id);
	return GRID_OK;
}

#define DIARY_COLUMNS \
	"SELECT d.id, u.code, d.person, d.date, d.text, d.score, d.reviewed_by\n" \
	"FROM diary d JOIN unit u ON u.id = d.unit_id\n"

struct diary_walk {
	grid_diary_cb cb;
	void *ctx;
};

static int diary_row(void *arg, struct sql_stmt *st)
{
	struct diary_walk *w = arg;
	grid_diary d;

	d.id = sql_int64(st, 0);
	d.unit = (const char *)sql_text(st, 1);
	d.person = (const char *)sql_text(st, 2);
	d.date = (const char *)sql_text(st, 3);
	d.text = (const char *)sql_text(st, 4);
	d.score = sql_is_null(st, 5) ? -1 : sql_int(st, 5);
	d.reviewed_by = (const char *)sql_text(st, 6);
	return w->cb(w->ctx, &d);
}

int store_diary_list(struct store *s, int64_t lft, int64_t rgt, const grid_diary_filter *f, grid_diary_cb cb,
	void *ctx)
{
	static const char sql[] = DIARY_COLUMNS
		"WHERE u.lft BETWEEN ?1 AND ?2 AND (d.date >= ?3 OR ?3 IS NULL) AND (d.date < ?4 OR ?4 IS NULL)\n"
		"  AND (d.person = ?5 OR ?5 IS NULL)\n"
		"ORDER BY d.date, d.id LIMIT ?6";
	struct diary_walk w = { cb, ctx };
	struct sql_stmt *st;
	int rc;

	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	sql_bind_int64(st, 1, lft);
	sql_bind_int64(st, 2, rgt);
	store_bind_text(st, 3, f->since);
	store_bind_text(st, 4, f->until);
	store_bind_text(st, 5, f->by);
	store_bind_limit(st, 6, f->limit);
	return store_rows(s, st, diary_row, &w, "listing diary entries");
}

int store_diary_month(struct store *s, const char *since, const char *until, grid_diary_cb cb, void *ctx)
{
	static const char sql[] = DIARY_COLUMNS
		"WHERE d.date >= ?1 AND d.date < ?2\n"
		"ORDER BY d.person, d.id";
	struct diary_walk w = { cb, ctx };
	struct sql_stmt *st;
	int rc;

	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	store_bind_text(st, 1, since);
	store_bind_text(st, 2, until);
	return store_rows(s, st, diary_row, &w, "listing diary entries");
}
