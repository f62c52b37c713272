/* Storage of field work: household visits and duty diaries. */
#include "sqlite.h"
#include "../fieldwork.h"

const char store_schema_field_v1[] =
	"CREATE TABLE visit (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  unit_id INTEGER NOT NULL REFERENCES unit(id),\n"
	"  household TEXT NOT NULL,\n"
	"  person TEXT NOT NULL,\n"
	"  at INTEGER NOT NULL,\n"
	"  note TEXT\n"
	");\n"
	"CREATE INDEX visit_unit_at ON visit(unit_id, at);\n"
	"CREATE UNIQUE INDEX visit_once ON visit(unit_id, household, person, at);\n"
	"CREATE INDEX visit_at ON visit(at);\n"
	"CREATE TABLE diary (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  unit_id INTEGER NOT NULL REFERENCES unit(id),\n"
	"  person TEXT NOT NULL,\n"
	"  date TEXT NOT NULL,\n"
	"  text TEXT NOT NULL,\n"
	"  score INTEGER CHECK (score BETWEEN 0 AND 100),\n"
	"  review_note TEXT,\n"
	"  reviewed_by TEXT,\n"
	"  reviewed_at INTEGER,\n"
	"  UNIQUE (person, date, unit_id)\n"
	");\n"
	"CREATE INDEX diary_date ON diary(date);\n";

int store_field_unit(struct store *s, const char *code, int64_t *id, int64_t *lft, int64_t *rgt)
{
	struct store_unit_ref u;
	int rc = store_unit_find(s, code, &u);

	if (rc)
		return rc;
	if (id)
		*id = u.id;
	if (lft)
		*lft = u.lft;
	if (rgt)
		*rgt = u.rgt;
	return GRID_OK;
}

int store_field_person(struct store *s, const char *id)
{
	static const char sql[] = "SELECT 1 FROM person WHERE pid = ?1";
	sqlite3_stmt *st;
	int rc;

	if ((rc = store_find(s, sql, id, "person", &st)))
		return rc;
	sqlite3_reset(st);
	return GRID_OK;
}

int store_field_assigned(struct store *s, const char *person, int64_t lft, int64_t rgt, int *yes)
{
	static const char sql[] =
		"SELECT 1 FROM assignment a JOIN person p ON p.id = a.person_id JOIN unit u ON u.id = a.unit_id\n"
		"WHERE p.pid = ?1 AND u.lft <= ?2 AND u.rgt >= ?3 LIMIT 1";
	sqlite3_stmt *st;
	int rc;

	*yes = 0;
	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	store_bind_text(st, 1, person);
	sqlite3_bind_int64(st, 2, lft);
	sqlite3_bind_int64(st, 3, rgt);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW) {
		*yes = 1;
		return GRID_OK;
	}
	return rc == SQLITE_DONE ? GRID_OK : store_error(s, rc, "reading assignments");
}

int store_field_level(struct store *s, const char *name, int *depth)
{
	static const char sql[] = "SELECT depth FROM level WHERE name = ?1";
	sqlite3_stmt *st;
	int rc;

	if ((rc = store_find(s, sql, name, "level", &st)))
		return rc;
	*depth = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return GRID_OK;
}

int store_visit_insert(struct store *s, int64_t unit_id, const char *household, const char *person, int64_t at,
	const char *note, int64_t *id, int *added)
{
	static const char sql[] = "INSERT INTO visit (unit_id, household, person, at, note) VALUES (?1, ?2, ?3, ?4, ?5)"
				  /* No conflict target: a database made before
				   * visit_once inserts rather than fails. */
				  " ON CONFLICT DO NOTHING";
	static const char find[] = "SELECT id FROM visit WHERE unit_id = ?1 AND household = ?2 AND person = ?3 AND at = ?4";
	sqlite3_stmt *st;
	int rc;

	*added = 0;

	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	sqlite3_bind_int64(st, 1, unit_id);
	store_bind_text(st, 2, household);
	store_bind_text(st, 3, person);
	sqlite3_bind_int64(st, 4, at);
	store_bind_text(st, 5, note);
	if ((rc = store_step_done(s, st, "adding a visit")))
		return rc;
	if (sqlite3_changes(s->sql) > 0) {
		*added = 1;
		if (id)
			*id = sqlite3_last_insert_rowid(s->sql);
		return GRID_OK;
	}
	if (!id)
		return GRID_OK;
	if ((rc = store_stmt(s, find, &st)))
		return rc;
	sqlite3_bind_int64(st, 1, unit_id);
	store_bind_text(st, 2, household);
	store_bind_text(st, 3, person);
	sqlite3_bind_int64(st, 4, at);
	rc = sqlite3_step(st);
	*id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? GRID_OK : store_error(s, rc, "reading a visit");
}

int store_visit_list(struct store *s, int64_t lft, int64_t rgt, const grid_visit_filter *f, grid_visit_cb cb,
	void *ctx)
{
	static const char sql[] =
		"SELECT v.id, u.code, v.household, v.person, v.at, v.note\n"
		"FROM visit v JOIN unit u ON u.id = v.unit_id\n"
		"WHERE u.lft BETWEEN ?1 AND ?2 AND (?3 IS NULL OR v.at >= ?3) AND (?4 IS NULL OR v.at < ?4)\n"
		"  AND (?5 IS NULL OR v.person = ?5)\n"
		"ORDER BY v.at, v.id LIMIT ?6";
	sqlite3_stmt *st;
	int rc;

	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	sqlite3_bind_int64(st, 1, lft);
	sqlite3_bind_int64(st, 2, rgt);
	store_bind_opt_int(st, 3, f->since, f->since != 0);
	store_bind_opt_int(st, 4, f->until, f->until != 0);
	store_bind_text(st, 5, f->by);
	sqlite3_bind_int64(st, 6, f->limit > 0 ? f->limit : -1);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		grid_visit v;
		int stop;

		v.id = sqlite3_column_int64(st, 0);
		v.unit = (const char *)sqlite3_column_text(st, 1);
		v.household = (const char *)sqlite3_column_text(st, 2);
		v.person = (const char *)sqlite3_column_text(st, 3);
		v.at = sqlite3_column_int64(st, 4);
		v.note = (const char *)sqlite3_column_text(st, 5);
		if ((stop = cb(ctx, &v))) {
			sqlite3_reset(st);
			return stop;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? GRID_OK : store_error(s, rc, "listing visits");
}

int store_diary_find(struct store *s, int64_t unit_id, const char *person, const char *date, int64_t *id)
{
	static const char sql[] = "SELECT id FROM diary WHERE person = ?1 AND date = ?2 AND unit_id = ?3";
	sqlite3_stmt *st;
	int rc;

	*id = 0;
	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	store_bind_text(st, 1, person);
	store_bind_text(st, 2, date);
	sqlite3_bind_int64(st, 3, unit_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? GRID_OK : store_error(s, rc, "reading the diary");
}

int store_diary_insert(struct store *s, int64_t unit_id, const char *person, const char *date, const char *text,
	int64_t *id)
{
	static const char sql[] = "INSERT INTO diary (unit_id, person, date, text) VALUES (?1, ?2, ?3, ?4)";
	sqlite3_stmt *st;
	int rc;

	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	sqlite3_bind_int64(st, 1, unit_id);
	store_bind_text(st, 2, person);
	store_bind_text(st, 3, date);
	store_bind_text(st, 4, text);
	if ((rc = store_step_done(s, st, "adding a diary entry")))
		return rc;
	*id = sqlite3_last_insert_rowid(s->sql);
	return GRID_OK;
}

int store_diary_replace(struct store *s, int64_t id, const char *text)
{
	static const char sql[] =
		"UPDATE diary SET text = ?2, score = NULL, review_note = NULL, reviewed_by = NULL, reviewed_at = NULL\n"
		"WHERE id = ?1";
	sqlite3_stmt *st;
	int rc;

	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	sqlite3_bind_int64(st, 1, id);
	store_bind_text(st, 2, text);
	return store_step_done(s, st, "replacing a diary entry");
}

int store_diary_review(struct store *s, int64_t id, int score, const char *note, const char *by, int64_t at)
{
	static const char sql[] =
		"UPDATE diary SET score = ?2, review_note = ?3, reviewed_by = ?4, reviewed_at = ?5 WHERE id = ?1";
	sqlite3_stmt *st;
	int rc;

	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, score);
	store_bind_text(st, 3, note);
	store_bind_text(st, 4, by);
	sqlite3_bind_int64(st, 5, at);
	if ((rc = store_step_done(s, st, "reviewing a diary entry")))
		return rc;
	if (sqlite3_changes(s->sql) == 0)
		return grid_error_set(GRID_ENOTFOUND, "unknown diary entry %lld", (long long)id);
	return GRID_OK;
}

static int diary_rows(struct store *s, sqlite3_stmt *st, grid_diary_cb cb, void *ctx)
{
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		grid_diary d;
		int stop;

		d.id = sqlite3_column_int64(st, 0);
		d.unit = (const char *)sqlite3_column_text(st, 1);
		d.person = (const char *)sqlite3_column_text(st, 2);
		d.date = (const char *)sqlite3_column_text(st, 3);
		d.text = (const char *)sqlite3_column_text(st, 4);
		d.score = sqlite3_column_type(st, 5) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 5);
		d.reviewed_by = (const char *)sqlite3_column_text(st, 6);
		if ((stop = cb(ctx, &d))) {
			sqlite3_reset(st);
			return stop;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? GRID_OK : store_error(s, rc, "listing diary entries");
}

int store_diary_list(struct store *s, int64_t lft, int64_t rgt, const grid_diary_filter *f, grid_diary_cb cb,
	void *ctx)
{
	static const char sql[] =
		"SELECT d.id, u.code, d.person, d.date, d.text, d.score, d.reviewed_by\n"
		"FROM diary d JOIN unit u ON u.id = d.unit_id\n"
		"WHERE u.lft BETWEEN ?1 AND ?2 AND (?3 IS NULL OR d.date >= ?3) AND (?4 IS NULL OR d.date < ?4)\n"
		"  AND (?5 IS NULL OR d.person = ?5)\n"
		"ORDER BY d.date, d.id LIMIT ?6";
	sqlite3_stmt *st;
	int rc;

	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	sqlite3_bind_int64(st, 1, lft);
	sqlite3_bind_int64(st, 2, rgt);
	store_bind_text(st, 3, f->since);
	store_bind_text(st, 4, f->until);
	store_bind_text(st, 5, f->by);
	sqlite3_bind_int64(st, 6, f->limit > 0 ? f->limit : -1);
	return diary_rows(s, st, cb, ctx);
}

int store_diary_month(struct store *s, const char *since, const char *until, grid_diary_cb cb, void *ctx)
{
	static const char sql[] =
		"SELECT d.id, u.code, d.person, d.date, d.text, d.score, d.reviewed_by\n"
		"FROM diary d JOIN unit u ON u.id = d.unit_id\n"
		"WHERE d.date >= ?1 AND d.date < ?2\n"
		"ORDER BY d.person, d.id";
	sqlite3_stmt *st;
	int rc;

	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	store_bind_text(st, 1, since);
	store_bind_text(st, 2, until);
	return diary_rows(s, st, cb, ctx);
}

int store_field_units(struct store *s, int64_t lft, int64_t rgt,
	int (*cb)(void *ctx, const struct store_field_unit *u), void *ctx)
{
	static const char sql[] =
		"SELECT lft, rgt, depth, households, code, name FROM unit WHERE lft BETWEEN ?1 AND ?2 ORDER BY lft";
	sqlite3_stmt *st;
	int rc;

	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	sqlite3_bind_int64(st, 1, lft);
	sqlite3_bind_int64(st, 2, rgt);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_field_unit u;
		int stop;

		u.lft = sqlite3_column_int64(st, 0);
		u.rgt = sqlite3_column_int64(st, 1);
		u.depth = sqlite3_column_int(st, 2);
		u.households = sqlite3_column_type(st, 3) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 3);
		u.code = (const char *)sqlite3_column_text(st, 4);
		u.name = (const char *)sqlite3_column_text(st, 5);
		if ((stop = cb(ctx, &u))) {
			sqlite3_reset(st);
			return stop;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? GRID_OK : store_error(s, rc, "reading units");
}

/* Rows of (lft, n) for the count queries. */
static int lft_counts(struct store *s, sqlite3_stmt *st, int (*cb)(void *ctx, int64_t lft, int64_t n), void *ctx,
	const char *what)
{
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int stop = cb(ctx, sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1));

		if (stop) {
			sqlite3_reset(st);
			return stop;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? GRID_OK : store_error(s, rc, what);
}

int store_visit_counts(struct store *s, int64_t lft, int64_t rgt, int64_t since, int64_t until,
	int (*cb)(void *ctx, int64_t lft, int64_t n), void *ctx)
{
	static const char sql[] =
		"SELECT u.lft, COUNT(DISTINCT v.household) FROM visit v JOIN unit u ON u.id = v.unit_id\n"
		"WHERE v.at >= ?3 AND v.at < ?4 AND u.lft BETWEEN ?1 AND ?2\n"
		"GROUP BY v.unit_id ORDER BY u.lft";
	sqlite3_stmt *st;
	int rc;

	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	sqlite3_bind_int64(st, 1, lft);
	sqlite3_bind_int64(st, 2, rgt);
	sqlite3_bind_int64(st, 3, since);
	sqlite3_bind_int64(st, 4, until);
	return lft_counts(s, st, cb, ctx, "counting visits");
}

int store_head_counts(struct store *s, int64_t lft, int64_t rgt, int (*cb)(void *ctx, int64_t lft, int64_t n),
	void *ctx)
{
	static const char sql[] =
		"SELECT u.lft, COUNT(*) FROM assignment a JOIN unit u ON u.id = a.unit_id\n"
		"WHERE a.duty = 'grid_head' AND u.lft BETWEEN ?1 AND ?2\n"
		"GROUP BY a.unit_id ORDER BY u.lft";
	sqlite3_stmt *st;
	int rc;

	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	sqlite3_bind_int64(st, 1, lft);
	sqlite3_bind_int64(st, 2, rgt);
	return lft_counts(s, st, cb, ctx, "counting grid heads");
}

/* An entry that counts as written: on a working day (Monday to Friday)
 * by a person holding grid_head on the entry's unit.  Entries are unique
 * per person, date and unit, so a post never counts more than its days. */
#define DIARY_COUNTS                                                                                      \
	"(strftime('%w', d.date) NOT IN ('0','6') AND EXISTS (SELECT 1 FROM assignment a"                   \
	" JOIN person hp ON hp.id = a.person_id WHERE a.unit_id = d.unit_id AND a.duty = 'grid_head'"      \
	" AND hp.pid = d.person))"

int store_diary_counts(struct store *s, int64_t lft, int64_t rgt, const char *since, const char *until,
	int (*cb)(void *ctx, int64_t lft, int64_t written, int64_t scored, int64_t score_sum), void *ctx)
{
	static const char sql[] =
		"SELECT u.lft, SUM(" DIARY_COUNTS "), COUNT(d.score), COALESCE(SUM(d.score), 0)\n"
		"FROM diary d JOIN unit u ON u.id = d.unit_id\n"
		"WHERE d.date >= ?3 AND d.date < ?4 AND u.lft BETWEEN ?1 AND ?2\n"
		"GROUP BY d.unit_id ORDER BY u.lft";
	sqlite3_stmt *st;
	int rc;

	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	sqlite3_bind_int64(st, 1, lft);
	sqlite3_bind_int64(st, 2, rgt);
	store_bind_text(st, 3, since);
	store_bind_text(st, 4, until);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int stop = cb(ctx, sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1), sqlite3_column_int64(st, 2),
			sqlite3_column_int64(st, 3));

		if (stop) {
			sqlite3_reset(st);
			return stop;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? GRID_OK : store_error(s, rc, "counting diary entries");
}

int store_diary_persons(struct store *s, int64_t lft, int64_t rgt, const char *since, const char *until,
	int (*cb)(void *ctx, const struct store_diary_person *p), void *ctx)
{
	static const char sql[] =
		"SELECT x.pid, p.name, SUM(x.h), SUM(x.w), SUM(x.sc), SUM(x.ss) FROM (\n"
		"  SELECT p.pid AS pid, 1 AS h, 0 AS w, 0 AS sc, 0 AS ss\n"
		"  FROM assignment a JOIN person p ON p.id = a.person_id JOIN unit u ON u.id = a.unit_id\n"
		"  WHERE a.duty = 'grid_head' AND u.lft BETWEEN ?1 AND ?2\n"
		"  UNION ALL\n"
		"  SELECT d.person, 0, " DIARY_COUNTS ", d.score IS NOT NULL, COALESCE(d.score, 0)\n"
		"  FROM diary d JOIN unit u ON u.id = d.unit_id\n"
		"  WHERE d.date >= ?3 AND d.date < ?4 AND u.lft BETWEEN ?1 AND ?2\n"
		") x LEFT JOIN person p ON p.pid = x.pid\n"
		"GROUP BY x.pid ORDER BY x.pid";
	sqlite3_stmt *st;
	int rc;

	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	sqlite3_bind_int64(st, 1, lft);
	sqlite3_bind_int64(st, 2, rgt);
	store_bind_text(st, 3, since);
	store_bind_text(st, 4, until);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_diary_person p;
		int stop;

		p.id = (const char *)sqlite3_column_text(st, 0);
		p.name = (const char *)sqlite3_column_text(st, 1);
		p.heads = sqlite3_column_int64(st, 2);
		p.written = sqlite3_column_int64(st, 3);
		p.scored = sqlite3_column_int64(st, 4);
		p.score_sum = sqlite3_column_int64(st, 5);
		if ((stop = cb(ctx, &p))) {
			sqlite3_reset(st);
			return stop;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? GRID_OK : store_error(s, rc, "counting diary entries");
}
