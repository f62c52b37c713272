/* Field work beside its visits (visit.c) and diaries (diary.c): the roster
 * lookups the checks of field work need, and the measures, per unit in
 * tree (lft) order and per person, that count visits, grid heads and
 * diary entries. */
#include "../fieldwork.h"
#include "../sql.h"

int store_fieldwork_unit(struct store *s, const char *code, int64_t *id, int64_t *lft, int64_t *rgt)
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

int store_fieldwork_person(struct store *s, const char *id)
{
	static const char sql[] = "SELECT 1 FROM person WHERE pid = ?1";

	return store_find(s, sql, id, N_("person"), NULL);
}

int store_fieldwork_assigned(struct store *s, const char *person, int64_t lft, int64_t rgt, int *yes)
{
	static const char sql[] =
		"SELECT 1 FROM assignment a JOIN person p ON p.id = a.person_id JOIN unit u ON u.id = a.unit_id\n"
		"WHERE p.pid = ?1 AND u.lft <= ?2 AND u.rgt >= ?3 LIMIT 1";
	struct sql_stmt *st;
	int64_t one = 0;
	int rc;

	*yes = 0;
	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	store_bind_text(st, 1, person);
	sql_bind_int64(st, 2, lft);
	sql_bind_int64(st, 3, rgt);
	return store_read_int64(s, st, &one, yes, "reading assignments");
}

int store_fieldwork_level(struct store *s, const char *name, int *depth)
{
	static const char sql[] = "SELECT depth FROM level WHERE name = ?1";
	struct sql_stmt *st;
	int rc;

	if ((rc = store_find(s, sql, name, N_("level"), &st)))
		return rc;
	*depth = sql_int(st, 0);
	sql_reset(st);
	return GRID_OK;
}

/* ---- measures ----------------------------------------------------------- */

struct unit_walk {
	int (*cb)(void *ctx, const struct store_fieldwork_unit *u);
	void *ctx;
};

static int unit_row(void *arg, struct sql_stmt *st)
{
	struct unit_walk *w = arg;
	struct store_fieldwork_unit u;

	u.lft = sql_int64(st, 0);
	u.rgt = sql_int64(st, 1);
	u.depth = sql_int(st, 2);
	u.households = sql_is_null(st, 3) ? -1 : sql_int64(st, 3);
	u.code = (const char *)sql_text(st, 4);
	u.name = (const char *)sql_text(st, 5);
	return w->cb(w->ctx, &u);
}

int store_fieldwork_units(struct store *s, int64_t lft, int64_t rgt,
	int (*cb)(void *ctx, const struct store_fieldwork_unit *u), void *ctx)
{
	static const char sql[] =
		"SELECT lft, rgt, depth, households, code, name FROM unit WHERE lft BETWEEN ?1 AND ?2 ORDER BY lft";
	struct unit_walk w = { cb, ctx };
	struct sql_stmt *st;
	int rc;

	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	sql_bind_int64(st, 1, lft);
	sql_bind_int64(st, 2, rgt);
	return store_rows(s, st, unit_row, &w, "reading units");
}

/* Rows of (lft, n) for the count queries. */
struct lft_walk {
	int (*cb)(void *ctx, int64_t lft, int64_t n);
	void *ctx;
};

static int lft_count_row(void *arg, struct sql_stmt *st)
{
	struct lft_walk *w = arg;

	return w->cb(w->ctx, sql_int64(st, 0), sql_int64(st, 1));
}

/* SQL with the units' lft range as ?1..?2 and, where it has them, the
 * time range as ?3..?4, as rows of (lft, n). */
static int lft_counts(struct store *s, const char *sql, int64_t lft, int64_t rgt, int64_t since, int64_t until,
	int (*cb)(void *ctx, int64_t lft, int64_t n), void *ctx, const char *what)
{
	struct lft_walk w = { cb, ctx };
	struct sql_stmt *st;
	int rc;

	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	sql_bind_int64(st, 1, lft);
	sql_bind_int64(st, 2, rgt);
	if (sql_param_count(st) >= 4) {
		sql_bind_int64(st, 3, since);
		sql_bind_int64(st, 4, until);
	}
	return store_rows(s, st, lft_count_row, &w, what);
}

int store_visit_counts(struct store *s, int64_t lft, int64_t rgt, int64_t since, int64_t until,
	int (*cb)(void *ctx, int64_t lft, int64_t n), void *ctx)
{
	static const char sql[] =
		"SELECT u.lft, COUNT(DISTINCT v.household) FROM visit v JOIN unit u ON u.id = v.unit_id\n"
		"WHERE v.at >= ?3 AND v.at < ?4 AND u.lft BETWEEN ?1 AND ?2\n"
		"GROUP BY u.lft ORDER BY u.lft";

	return lft_counts(s, sql, lft, rgt, since, until, cb, ctx, "counting visits");
}

int store_head_counts(struct store *s, int64_t lft, int64_t rgt, int (*cb)(void *ctx, int64_t lft, int64_t n),
	void *ctx)
{
	static const char sql[] =
		"SELECT u.lft, COUNT(*) FROM assignment a JOIN unit u ON u.id = a.unit_id\n"
		"WHERE a.duty = 'grid_head' AND u.lft BETWEEN ?1 AND ?2\n"
		"GROUP BY u.lft ORDER BY u.lft";

	return lft_counts(s, sql, lft, rgt, 0, 0, cb, ctx, "counting grid heads");
}

/* An entry that counts as written: on a working day (Monday to Friday)
 * by a person holding grid_head on the entry's unit.  Entries are unique
 * per person, date and unit, so a post never counts more than its days. */
#define DIARY_COUNTS(weekday)                                                                          \
	"CAST((" weekday " AND EXISTS (SELECT 1 FROM assignment a"                                          \
	" JOIN person hp ON hp.id = a.person_id WHERE a.unit_id = d.unit_id AND a.duty = 'grid_head'"    \
	" AND hp.pid = d.person)) AS INTEGER)"
/* Monday to Friday, as each engine tells the day of a date. */
#define WEEKDAY_SQLITE "strftime('%w', d.date) NOT IN ('0','6')"
#define WEEKDAY_PG "extract(isodow FROM CAST(d.date AS date)) < 6"

/* Run the diary measure SQL over its scope, ?1..?2 the units' lft and
 * ?3..?4 the dates, with ROW on each row. */
static int diary_measure(struct store *s, const struct sql_dialects *sql, int64_t lft, int64_t rgt, const char *since,
	const char *until, store_row_fn row, void *walk)
{
	struct sql_stmt *st;
	int rc;

	if ((rc = store_stmt_dialect(s, sql, &st)))
		return rc;
	sql_bind_int64(st, 1, lft);
	sql_bind_int64(st, 2, rgt);
	store_bind_text(st, 3, since);
	store_bind_text(st, 4, until);
	return store_rows(s, st, row, walk, "counting diary entries");
}

struct diary_count_walk {
	int (*cb)(void *ctx, int64_t lft, int64_t written, int64_t scored, int64_t score_sum);
	void *ctx;
};

static int diary_count_row(void *arg, struct sql_stmt *st)
{
	struct diary_count_walk *w = arg;

	return w->cb(w->ctx, sql_int64(st, 0), sql_int64(st, 1), sql_int64(st, 2),
		sql_int64(st, 3));
}

int store_diary_counts(struct store *s, int64_t lft, int64_t rgt, const char *since, const char *until,
	int (*cb)(void *ctx, int64_t lft, int64_t written, int64_t scored, int64_t score_sum), void *ctx)
{
#define DIARY_UNIT_COUNTS(weekday)                                                         \
	"SELECT u.lft, SUM(" DIARY_COUNTS(weekday) "), COUNT(d.score), COALESCE(SUM(d.score), 0)\n" \
	"FROM diary d JOIN unit u ON u.id = d.unit_id\n"                                         \
	"WHERE d.date >= ?3 AND d.date < ?4 AND u.lft BETWEEN ?1 AND ?2\n"                      \
	"GROUP BY u.lft ORDER BY u.lft"
	static const struct sql_dialects sql = { DIARY_UNIT_COUNTS(WEEKDAY_SQLITE), DIARY_UNIT_COUNTS(WEEKDAY_PG) };
	struct diary_count_walk w = { cb, ctx };

	return diary_measure(s, &sql, lft, rgt, since, until, diary_count_row, &w);
}

struct diary_person_walk {
	int (*cb)(void *ctx, const struct store_diary_person *p);
	void *ctx;
};

static int diary_person_row(void *arg, struct sql_stmt *st)
{
	struct diary_person_walk *w = arg;
	struct store_diary_person p;

	p.id = (const char *)sql_text(st, 0);
	p.name = (const char *)sql_text(st, 1);
	p.heads = sql_int64(st, 2);
	p.written = sql_int64(st, 3);
	p.scored = sql_int64(st, 4);
	p.score_sum = sql_int64(st, 5);
	return w->cb(w->ctx, &p);
}

int store_diary_persons(struct store *s, int64_t lft, int64_t rgt, const char *since, const char *until,
	int (*cb)(void *ctx, const struct store_diary_person *p), void *ctx)
{
#define DIARY_PERSON_COUNTS(weekday)                                                               \
	"SELECT x.pid, min(p.name), SUM(x.h), SUM(x.w), SUM(x.sc), SUM(x.ss) FROM (\n"                 \
	"  SELECT p.pid AS pid, 1 AS h, 0 AS w, 0 AS sc, 0 AS ss\n"                                     \
	"  FROM assignment a JOIN person p ON p.id = a.person_id JOIN unit u ON u.id = a.unit_id\n"    \
	"  WHERE a.duty = 'grid_head' AND u.lft BETWEEN ?1 AND ?2\n"                                   \
	"  UNION ALL\n"                                                                                 \
	"  SELECT d.person, 0, " DIARY_COUNTS(weekday) ", CAST(d.score IS NOT NULL AS INTEGER),\n"      \
	"    COALESCE(d.score, 0)\n"                                                                    \
	"  FROM diary d JOIN unit u ON u.id = d.unit_id\n"                                             \
	"  WHERE d.date >= ?3 AND d.date < ?4 AND u.lft BETWEEN ?1 AND ?2\n"                           \
	") x LEFT JOIN person p ON p.pid = x.pid\n"                                                     \
	"GROUP BY x.pid ORDER BY x.pid"
	static const struct sql_dialects sql = { DIARY_PERSON_COUNTS(WEEKDAY_SQLITE), DIARY_PERSON_COUNTS(WEEKDAY_PG) };
	struct diary_person_walk w = { cb, ctx };

	return diary_measure(s, &sql, lft, rgt, since, until, diary_person_row, &w);
}
