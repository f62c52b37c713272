/* Storage of targets: the indicators, the targets set for a year and a
 * unit (or the whole database), the figures recorded against them (an
 * append-only table: a correction is a later row for the same date), and
 * the targets section of a roster import. */
#include <stdio.h>
#include <string.h>

#include "../sql.h"
#include "../target.h"

/* An amount from columns I (ten-thousandths) and I + 1 (its decimals). */
static grid_decimal col_amount(struct sql_stmt *st, int i)
{
	grid_decimal d;

	d.value = sql_int64(st, i);
	d.decimals = sql_int(st, i + 1);
	return d;
}

/* ---- indicators and targets ------------------------------------------------ */

int store_indicator_find(struct store *s, const char *code, int64_t *id)
{
	static const char sql[] = "SELECT id FROM indicator WHERE code = ?1";
	struct sql_stmt *st;
	int rc;

	if ((rc = store_find(s, sql, code, N_("indicator"), &st)))
		return rc;
	*id = sql_int64(st, 0);
	sql_reset(st);
	return GRID_OK;
}

int store_indicator_put(struct store *s, const char *code, const char *name, const char *measure, int64_t *id)
{
	static const char find[] = "SELECT id FROM indicator WHERE code = ?1";
	static const char insert[] = "INSERT INTO indicator(code, name, measure) VALUES (?1, ?2, ?3) RETURNING id";
	static const char update[] =
		"UPDATE indicator SET name = coalesce(?2, name), measure = coalesce(?3, measure) WHERE id = ?1";
	struct sql_stmt *st;
	int rc, found = 0;

	if ((rc = store_stmt(s, find, &st)))
		return rc;
	store_bind_static_text(st, 1, code);
	if ((rc = store_read_int64(s, st, id, &found, "reading an indicator")))
		return rc;
	if (!found) {
		if ((rc = store_stmt(s, insert, &st)))
			return rc;
		store_bind_static_text(st, 1, code);
		store_bind_text(st, 2, name);
		store_bind_text(st, 3, measure);
		return store_read_int64(s, st, id, NULL, "adding an indicator");
	}
	if (!name && !measure)
		return GRID_OK;
	if ((rc = store_stmt(s, update, &st)))
		return rc;
	sql_bind_int64(st, 1, *id);
	store_bind_text(st, 2, name);
	store_bind_text(st, 3, measure);
	return store_step_done(s, st, "writing an indicator");
}

int store_target_put(struct store *s, const struct store_target_put *t, int64_t *id)
{
	static const char find[] =
		"SELECT id FROM target WHERE indicator_id = ?1 AND year = ?2\n"
		"  AND (unit_id = ?3 OR (unit_id IS NULL AND ?3 IS NULL))";
	static const char update[] = "UPDATE target SET value = ?2, decimals = ?3, set_by = ?4, set_at = ?5 WHERE id = ?1";
	static const char insert[] =
		"INSERT INTO target(indicator_id, year, unit_id, value, decimals, set_by, set_at)\n"
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id";
	struct sql_stmt *st;
	int rc, found = 0;

	if ((rc = store_stmt(s, find, &st)))
		return rc;
	sql_bind_int64(st, 1, t->indicator_id);
	sql_bind_int64(st, 2, t->year);
	store_bind_opt_int(st, 3, t->unit_id, t->has_unit);
	if ((rc = store_read_int64(s, st, id, &found, "reading a target")))
		return rc;
	if (found) {
		if ((rc = store_stmt(s, update, &st)))
			return rc;
		sql_bind_int64(st, 1, *id);
		sql_bind_int64(st, 2, t->value.value);
		sql_bind_int64(st, 3, t->value.decimals);
		store_bind_text(st, 4, t->set_by);
		sql_bind_int64(st, 5, t->set_at);
		return store_step_done(s, st, "writing a target");
	}
	if ((rc = store_stmt(s, insert, &st)))
		return rc;
	sql_bind_int64(st, 1, t->indicator_id);
	sql_bind_int64(st, 2, t->year);
	store_bind_opt_int(st, 3, t->unit_id, t->has_unit);
	sql_bind_int64(st, 4, t->value.value);
	sql_bind_int64(st, 5, t->value.decimals);
	store_bind_text(st, 6, t->set_by);
	sql_bind_int64(st, 7, t->set_at);
	return store_read_int64(s, st, id, NULL, "adding a target");
}

int store_figure_insert(struct store *s, const struct store_figure_put *f, int64_t *id)
{
	static const char sql[] =
		"INSERT INTO target_record(indicator_id, unit_id, as_of, value, decimals, recorded_by, recorded_at)\n"
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id";
	struct sql_stmt *st;
	int rc;

	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	sql_bind_int64(st, 1, f->indicator_id);
	store_bind_opt_int(st, 2, f->unit_id, f->has_unit);
	store_bind_text(st, 3, f->as_of);
	sql_bind_int64(st, 4, f->value.value);
	sql_bind_int64(st, 5, f->value.decimals);
	store_bind_text(st, 6, f->recorded_by);
	sql_bind_int64(st, 7, f->recorded_at);
	return store_read_int64(s, st, id, NULL, "recording a figure");
}

/* ---- reading ----------------------------------------------------------------- */

struct target_walk {
	int (*cb)(void *ctx, const struct store_target_row *row);
	void *ctx;
};

static int target_row(void *arg, struct sql_stmt *st)
{
	struct target_walk *w = arg;
	struct store_target_row r;

	r.indicator_id = sql_int64(st, 0);
	r.has_unit = !sql_is_null(st, 1);
	r.unit_id = sql_int64_or0(st, 1);
	r.indicator = sql_text(st, 2);
	r.name = sql_text(st, 3);
	r.measure = sql_text(st, 4);
	r.unit = sql_text(st, 5);
	r.unit_name = sql_text(st, 6);
	r.value = col_amount(st, 7);
	return w->cb(w->ctx, &r);
}

int store_target_rows(struct store *s, int year, int has_unit, int64_t unit_id, int below, int whole,
	int (*cb)(void *ctx, const struct store_target_row *row), void *ctx)
{
	/* The units below are those inside the unit's nested-set bounds. */
	static const char sql[] =
		"SELECT t.indicator_id, t.unit_id, i.code, i.name, i.measure, u.code, u.name, t.value, t.decimals\n"
		"FROM target t JOIN indicator i ON i.id = t.indicator_id LEFT JOIN unit u ON u.id = t.unit_id\n"
		"WHERE t.year = ?1 AND (t.unit_id = ?2 OR ?2 IS NULL OR (?3 = 1 AND t.unit_id IN\n"
		"  (SELECT d.id FROM unit d JOIN unit a ON d.lft BETWEEN a.lft AND a.rgt WHERE a.id = ?2))\n"
		"  OR (?4 = 1 AND t.unit_id IS NULL))\n"
		"ORDER BY i.id, t.unit_id IS NOT NULL, u.code";
	struct target_walk w = { cb, ctx };
	struct sql_stmt *st;
	int rc;

	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	sql_bind_int64(st, 1, year);
	store_bind_opt_int(st, 2, unit_id, has_unit);
	sql_bind_int64(st, 3, below != 0);
	sql_bind_int64(st, 4, whole != 0);
	return store_rows(s, st, target_row, &w, "reading targets");
}

int store_figure_latest(struct store *s, int64_t indicator_id, int has_unit, int64_t unit_id, const char *since,
	const char *until, int *found, grid_decimal *value, char *as_of)
{
	/* The index target_record_as_of (indicator_id, as_of) finds it.  Of
	 * a date's figures the last recorded wins: by the time of recording,
	 * which a copy between databases keeps, then by id. */
	static const char sql[] =
		"SELECT value, decimals, as_of FROM target_record\n"
		"WHERE indicator_id = ?1 AND (unit_id = ?2 OR (unit_id IS NULL AND ?2 IS NULL))\n"
		"  AND as_of >= ?3 AND as_of <= ?4\n"
		"ORDER BY as_of DESC, recorded_at DESC, id DESC LIMIT 1";
	struct sql_stmt *st;
	int rc;

	*found = 0;
	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	sql_bind_int64(st, 1, indicator_id);
	store_bind_opt_int(st, 2, unit_id, has_unit);
	store_bind_static_text(st, 3, since);
	store_bind_static_text(st, 4, until);
	if ((rc = store_first_row(s, st, "reading figures", found)) || !*found)
		return rc;
	*value = col_amount(st, 0);
	snprintf(as_of, 11, "%s", sql_text(st, 2));
	sql_reset(st);
	return GRID_OK;
}

struct item_walk {
	grid_target_item_cb cb;
	void *ctx;
};

static int item_row(void *arg, struct sql_stmt *st)
{
	struct item_walk *w = arg;
	grid_target_item t;

	t.indicator = sql_text(st, 0);
	t.name = sql_text(st, 1);
	t.measure = sql_text(st, 2);
	t.year = sql_int(st, 3);
	t.unit = sql_text(st, 4);
	t.value = col_amount(st, 5);
	t.set_by = sql_text(st, 7);
	t.set_at = sql_int64(st, 8);
	return w->cb(w->ctx, &t);
}

int store_target_list(struct store *s, int year, grid_target_item_cb cb, void *ctx)
{
	static const char sql[] =
		"SELECT i.code, i.name, i.measure, t.year, u.code, t.value, t.decimals, t.set_by, t.set_at\n"
		"FROM target t JOIN indicator i ON i.id = t.indicator_id LEFT JOIN unit u ON u.id = t.unit_id\n"
		"WHERE t.year = ?1 OR ?1 = 0\n"
		"ORDER BY t.year, i.id, t.unit_id IS NOT NULL, u.code";
	struct item_walk w = { cb, ctx };
	struct sql_stmt *st;
	int rc;

	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	sql_bind_int64(st, 1, year);
	return store_rows(s, st, item_row, &w, "reading targets");
}

struct figure_walk {
	grid_target_figure_cb cb;
	void *ctx;
};

static int figure_row(void *arg, struct sql_stmt *st)
{
	struct figure_walk *w = arg;
	grid_target_figure f;

	f.id = sql_int64(st, 0);
	f.indicator = sql_text(st, 1);
	f.unit = sql_text(st, 2);
	f.as_of = sql_text(st, 3);
	f.value = col_amount(st, 4);
	f.recorded_by = sql_text(st, 6);
	f.recorded_at = sql_int64(st, 7);
	f.superseded = sql_int(st, 8);
	return w->cb(w->ctx, &f);
}

int store_figure_log(struct store *s, int64_t indicator_id, grid_target_figure_cb cb, void *ctx)
{
	static const char sql[] =
		"SELECT r.id, i.code, u.code, r.as_of, r.value, r.decimals, r.recorded_by, r.recorded_at,\n"
		"  CASE WHEN EXISTS (SELECT 1 FROM target_record n WHERE n.indicator_id = r.indicator_id\n"
		"    AND n.as_of = r.as_of AND (n.unit_id = r.unit_id OR (n.unit_id IS NULL AND r.unit_id IS NULL))\n"
		"    AND (n.recorded_at > r.recorded_at OR (n.recorded_at = r.recorded_at AND n.id > r.id)))\n"
		"  THEN 1 ELSE 0 END\n"
		"FROM target_record r JOIN indicator i ON i.id = r.indicator_id LEFT JOIN unit u ON u.id = r.unit_id\n"
		"WHERE r.indicator_id = ?1\n"
		"ORDER BY r.unit_id IS NOT NULL, u.code, r.as_of, r.recorded_at, r.id";
	struct figure_walk w = { cb, ctx };
	struct sql_stmt *st;
	int rc;

	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	sql_bind_int64(st, 1, indicator_id);
	return store_rows(s, st, figure_row, &w, "reading figures");
}

/* ---- the targets section of a roster import ---------------------------------- */

static const struct sql_dialects stage_schema = {
	"CREATE TEMP TABLE IF NOT EXISTS s_target (indicator TEXT NOT NULL, name TEXT, measure TEXT,\n"
	"  year INTEGER NOT NULL, unit TEXT, value INTEGER NOT NULL, decimals INTEGER NOT NULL, line INTEGER,\n"
	"  col INTEGER, uline INTEGER, ucol INTEGER, nline INTEGER, ncol INTEGER, mline INTEGER, mcol INTEGER);\n"
	"DELETE FROM s_target",
	/* Text compared bytewise, as the roster's. */
	"CREATE TEMP TABLE IF NOT EXISTS s_target (indicator TEXT COLLATE \"C\" NOT NULL, name TEXT COLLATE \"C\",\n"
	"  measure TEXT COLLATE \"C\", year BIGINT NOT NULL, unit TEXT COLLATE \"C\", value BIGINT NOT NULL,\n"
	"  decimals BIGINT NOT NULL, line BIGINT, col BIGINT, uline BIGINT, ucol BIGINT, nline BIGINT, ncol BIGINT,\n"
	"  mline BIGINT, mcol BIGINT);\n"
	"DELETE FROM s_target",
};

int store_target_stage_open(struct store *s)
{
	return store_exec_dialect(s, &stage_schema);
}

void store_target_stage_close(struct store *s)
{
	(void)store_exec(s, "DELETE FROM s_target"); /* the next import empties it again */
}

int store_target_stage(struct store *s, const struct stage_target *t)
{
	static const char sql[] =
		"INSERT INTO s_target(indicator, name, measure, year, unit, value, decimals, line, col, uline, ucol,\n"
		"  nline, ncol, mline, mcol) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)";
	struct sql_stmt *st;
	int rc;

	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	store_bind_static_text(st, 1, t->indicator);
	store_bind_static_text(st, 2, t->name);
	store_bind_static_text(st, 3, t->measure);
	sql_bind_int64(st, 4, t->year);
	store_bind_static_text(st, 5, t->unit);
	sql_bind_int64(st, 6, t->value.value);
	sql_bind_int64(st, 7, t->value.decimals);
	sql_bind_int64(st, 8, t->line);
	sql_bind_int64(st, 9, t->col);
	sql_bind_int64(st, 10, t->uline);
	sql_bind_int64(st, 11, t->ucol);
	sql_bind_int64(st, 12, t->nline);
	sql_bind_int64(st, 13, t->ncol);
	sql_bind_int64(st, 14, t->mline);
	sql_bind_int64(st, 15, t->mcol);
	return store_step_done(s, st, "staging the roster");
}

/* The checks: each row is (line, col, values of the message); the unit
 * check takes ?1, whether a unit of the database will do. */
enum { CHECK_UNIT, CHECK_TWICE, CHECK_NAME, CHECK_MEASURE, CHECK_N };

static const char *const check_sql[CHECK_N] = {
	[CHECK_UNIT] = "SELECT uline, ucol, unit FROM s_target t\n"
		       "WHERE unit IS NOT NULL AND NOT EXISTS (SELECT 1 FROM s_unit u WHERE u.code = t.unit)\n"
		       "  AND NOT (?1 AND EXISTS (SELECT 1 FROM unit u WHERE u.code = t.unit)) ORDER BY line, col",
	[CHECK_TWICE] = "SELECT line, col, indicator, CAST(year AS TEXT), CAST(first AS TEXT), unit\n"
			"FROM (SELECT indicator, year, unit, line, col, first_value(line) OVER w AS first,\n"
			"        row_number() OVER w AS n\n"
			"      FROM s_target WINDOW w AS (PARTITION BY indicator, year, unit ORDER BY line, col)) AS a\n"
			"WHERE n > 1 ORDER BY line, col",
	[CHECK_NAME] = "SELECT nline, ncol, indicator, name, first, CAST(first_line AS TEXT)\n"
		       "FROM (SELECT indicator, name, line, col, nline, ncol, first_value(name) OVER w AS first,\n"
		       "        first_value(line) OVER w AS first_line\n"
		       "      FROM s_target WHERE name IS NOT NULL\n"
		       "      WINDOW w AS (PARTITION BY indicator ORDER BY line, col)) AS a\n"
		       "WHERE name <> first ORDER BY line, col",
	[CHECK_MEASURE] = "SELECT mline, mcol, indicator, measure, first, CAST(first_line AS TEXT)\n"
			  "FROM (SELECT indicator, measure, line, col, mline, mcol, first_value(measure) OVER w AS first,\n"
			  "        first_value(line) OVER w AS first_line\n"
			  "      FROM s_target WHERE measure IS NOT NULL\n"
			  "      WINDOW w AS (PARTITION BY indicator ORDER BY line, col)) AS a\n"
			  "WHERE measure <> first ORDER BY line, col",
};

struct check_walk {
	int which;
	store_problem_cb problem;
	void *ctx;
	int *count, max;
};

/* Column I as text, "" for NULL. */
static const char *check_text(struct sql_stmt *st, int i)
{
	const char *t = sql_text(st, i);

	return t ? t : "";
}

static int check_row(void *arg, struct sql_stmt *st)
{
	struct check_walk *w = arg;
	const char *a = check_text(st, 2), *b = check_text(st, 3), *c = check_text(st, 4);
	char msg[700];

	switch (w->which) {
	case CHECK_UNIT:
		snprintf(msg, sizeof msg, _("unknown unit '%s'"), a);
		break;
	case CHECK_TWICE:
		if (sql_is_null(st, 5))
			snprintf(msg, sizeof msg, _("duplicate target of '%s' for %s (first at line %s)"), a, b, c);
		else
			snprintf(msg, sizeof msg, _("duplicate target of '%s' for %s on unit '%s' (first at line %s)"), a, b,
				check_text(st, 5), c);
		break;
	case CHECK_NAME:
		snprintf(msg, sizeof msg, _("indicator '%s' is named '%s' here and '%s' at line %s"), a, b, c,
			check_text(st, 5));
		break;
	default:
		snprintf(msg, sizeof msg, _("indicator '%s' is measured in '%s' here and '%s' at line %s"), a, b, c,
			check_text(st, 5));
		break;
	}
	w->problem(w->ctx, sql_int(st, 0), sql_int(st, 1), msg);
	return ++*w->count < w->max ? 0 : 1;
}

int store_target_stage_check(struct store *s, int unit_db, int max, store_problem_cb problem, void *ctx,
	int *count)
{
	struct check_walk w = { 0, problem, ctx, count, max };
	struct sql_stmt *st;
	int rc;

	for (w.which = 0; w.which < CHECK_N && *count < max; w.which++) {
		if ((rc = store_stmt(s, check_sql[w.which], &st)))
			return rc;
		if (w.which == CHECK_UNIT)
			sql_bind_int64(st, 1, unit_db != 0);
		rc = store_rows(s, st, check_row, &w, "checking the roster");
		if (rc < 0)
			return rc;
	}
	return GRID_OK;
}

/* A staged target s (its indicator i, its unit u, NULL for the whole, or
 * for a unit not in the database yet) is target T. */
#define STAGED "s_target s JOIN indicator i ON i.code = s.indicator LEFT JOIN unit u ON u.code = s.unit"
#define SAME_TARGET(t) \
	"i.id = " t ".indicator_id AND s.year = " t ".year\n" \
	"  AND ((s.unit IS NULL AND " t ".unit_id IS NULL) OR u.id = " t ".unit_id)"

int store_target_prune(struct store *s, grid_import_counts *c)
{
	static const char sql[] = "DELETE FROM target WHERE NOT EXISTS (SELECT 1 FROM " STAGED "\n"
				  "  WHERE " SAME_TARGET("target") ")";
	struct sql_stmt *st;
	int rc;

	if ((rc = store_stmt(s, sql, &st)) || (rc = store_step_done(s, st, "pruning targets")))
		return rc;
	c->removed = store_changes(s);
	return GRID_OK;
}

/* Run SQL, binding ACTOR and NOW as ?1 and ?2 where it has them; *n the
 * rows it changed. */
static int merge_run(struct store *s, const char *sql, const char *actor, int64_t now, int64_t *n)
{
	struct sql_stmt *st;
	int rc;

	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	if (sql_param_count(st) >= 2) {
		store_bind_text(st, 1, actor);
		sql_bind_int64(st, 2, now);
	}
	if ((rc = store_step_done(s, st, "writing targets")))
		return rc;
	if (n)
		*n = store_changes(s);
	return GRID_OK;
}

int store_target_merge(struct store *s, const char *actor, int64_t now, grid_import_counts *c)
{
	/* The file names an indicator's name and measure once at most (the
	 * checks): max() picks it out of its rows. */
	static const char new_indicators[] =
		"INSERT INTO indicator(code, name, measure)\n"
		"SELECT indicator, max(name), max(measure) FROM s_target s\n"
		"WHERE NOT EXISTS (SELECT 1 FROM indicator i WHERE i.code = s.indicator)\n"
		"GROUP BY indicator ORDER BY min(line)";
	static const char renamed[] =
		"UPDATE indicator SET name = coalesce(s.name, indicator.name), measure = coalesce(s.measure, indicator.measure)\n"
		"FROM (SELECT indicator AS code, max(name) AS name, max(measure) AS measure FROM s_target GROUP BY indicator) s\n"
		"WHERE s.code = indicator.code AND ((s.name IS NOT NULL AND s.name IS DISTINCT FROM indicator.name)\n"
		"  OR (s.measure IS NOT NULL AND s.measure IS DISTINCT FROM indicator.measure))";
	static const char changed[] =
		"UPDATE target SET value = s.value, decimals = s.decimals, set_by = CAST(?1 AS TEXT), set_at = CAST(?2 AS BIGINT)\n"
		"FROM " STAGED "\n"
		"WHERE " SAME_TARGET("target") " AND (target.value <> s.value OR target.decimals <> s.decimals)";
	static const char added[] =
		"INSERT INTO target(indicator_id, year, unit_id, value, decimals, set_by, set_at)\n"
		"SELECT i.id, s.year, u.id, s.value, s.decimals, CAST(?1 AS TEXT), CAST(?2 AS BIGINT) FROM " STAGED "\n"
		"WHERE NOT EXISTS (SELECT 1 FROM target t WHERE " SAME_TARGET("t") ") ORDER BY s.line, s.col";
	struct sql_stmt *st;
	int64_t total = 0;
	int rc;

	if ((rc = store_stmt(s, "SELECT count(*) FROM s_target", &st)) ||
		(rc = store_read_int64(s, st, &total, NULL, "counting targets")))
		return rc;
	if ((rc = merge_run(s, new_indicators, NULL, 0, NULL)) || (rc = merge_run(s, renamed, NULL, 0, NULL)) ||
		(rc = merge_run(s, changed, actor, now, &c->updated)) || (rc = merge_run(s, added, actor, now, &c->added)))
		return rc;
	c->unchanged = total - c->added - c->updated;
	return GRID_OK;
}

/* ---- export -------------------------------------------------------------------- */

struct export_walk {
	store_row_cb cb;
	void *ctx;
};

static int export_row(void *arg, struct sql_stmt *st)
{
	struct export_walk *w = arg;
	char value[GRID_DECIMAL_BUFSZ];
	const char *cols[6];
	grid_decimal d = col_amount(st, 5);
	int i;

	for (i = 0; i < 5; i++)
		cols[i] = sql_text(st, i);
	cols[5] = grid_decimal_format(value, d.value, d.decimals);
	return w->cb(w->ctx, cols, 6);
}

int store_target_export(struct store *s, store_row_cb cb, void *ctx)
{
	static const char sql[] =
		"SELECT i.code, i.name, i.measure, CAST(t.year AS TEXT), u.code, t.value, t.decimals\n"
		"FROM target t JOIN indicator i ON i.id = t.indicator_id LEFT JOIN unit u ON u.id = t.unit_id\n"
		"ORDER BY i.id, t.year, t.unit_id IS NOT NULL, u.code";
	struct export_walk w = { cb, ctx };
	struct sql_stmt *st;
	int rc;

	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	return store_rows(s, st, export_row, &w, "reading targets");
}
