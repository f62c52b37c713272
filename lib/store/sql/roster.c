/* Storage of the roster: levels, departments, categories, units, people,
 * assignments.  Here their schema, the reads (lists, duties, the levels),
 * the nested-set numbering of the unit tree and the export; the import is
 * in roster_import.c (through staging tables) and roster_direct.c (into an
 * empty roster). */
#include <stdlib.h>

#include "../roster.h"
#include "roster_sql.h"
#include "../sql.h"


static int unit_exists(struct store *s, const char *code)
{
	struct store_unit_ref u;

	return store_unit_find(s, code, &u);
}

static int level_exists(struct store *s, const char *name)
{
	static const char sql[] = "SELECT 1 FROM level WHERE name = ?1";

	return store_find(s, sql, name, N_("level"), NULL);
}

struct unit_walk {
	grid_unit_cb cb;
	void *ctx;
};

static int unit_row(void *arg, struct sql_stmt *st)
{
	struct unit_walk *w = arg;
	grid_unit u;

	u.code = (const char *)sql_text(st, 0);
	u.name = (const char *)sql_text(st, 1);
	u.level = (const char *)sql_text(st, 2);
	u.parent = (const char *)sql_text(st, 3);
	u.depth = sql_int(st, 4);
	u.households = sql_is_null(st, 5) ? -1 : sql_int64(st, 5);
	u.population = sql_is_null(st, 6) ? -1 : sql_int64(st, 6);
	u.has_position = !sql_is_null(st, 7) && !sql_is_null(st, 8);
	u.lat = u.has_position ? sql_double(st, 7) : 0;
	u.lon = u.has_position ? sql_double(st, 8) : 0;
	u.address = (const char *)sql_text(st, 9);
	return w->cb(w->ctx, &u);
}

int store_unit_list(struct store *s, const grid_unit_filter *f, grid_unit_cb cb, void *ctx)
{
	static const char sql[] =
		"SELECT u.code, u.name, l.name, p.code, u.depth, u.households, u.population, u.lat, u.long, u.address\n"
		"FROM unit u JOIN level l ON l.depth = u.depth LEFT JOIN unit p ON p.id = u.parent_id\n"
		"WHERE (l.name = ?1 OR ?1 IS NULL)\n"
		"  AND (CAST(?2 AS TEXT) IS NULL OR u.lft BETWEEN (SELECT lft FROM unit WHERE code = ?2)\n"
		"                               AND (SELECT rgt FROM unit WHERE code = ?2))\n"
		"ORDER BY u.lft, u.code";
	struct unit_walk w = { cb, ctx };
	struct sql_stmt *st;
	int rc;

	if (f->under && (rc = unit_exists(s, f->under)))
		return rc;
	if (f->level && (rc = level_exists(s, f->level)))
		return rc;
	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	store_bind_text(st, 1, f->level);
	store_bind_text(st, 2, f->under);
	return store_rows(s, st, unit_row, &w, "listing units");
}

static int unit_id(struct store *s, const char *code, int64_t *id)
{
	struct store_unit_ref u;
	int rc = store_unit_find(s, code, &u);

	if (rc == GRID_OK)
		*id = u.id;
	return rc;
}

int store_unit_counts(struct store *s, const char *code, int64_t *children, int64_t *assignments)
{
	static const char sql[] =
		"SELECT (SELECT count(*) FROM unit WHERE parent_id = ?1),\n"
		"       (SELECT count(*) FROM assignment WHERE unit_id = ?1)";
	struct sql_stmt *st;
	int64_t id = 0;
	int rc, found;

	if ((rc = unit_id(s, code, &id)) || (rc = store_stmt(s, sql, &st)))
		return rc;
	sql_bind_int64(st, 1, id);
	if ((rc = store_first_row(s, st, "counting a unit's rows", &found)) || !found)
		return rc;
	*children = sql_int64(st, 0);
	*assignments = sql_int64(st, 1);
	sql_reset(st);
	return GRID_OK;
}

struct person_walk {
	grid_person_cb cb;
	void *ctx;
	int n;
};

static int person_row(void *arg, struct sql_stmt *st)
{
	struct person_walk *w = arg;
	grid_person p;

	w->n++;
	p.id = (const char *)sql_text(st, 0);
	p.name = (const char *)sql_text(st, 1);
	p.login = (const char *)sql_text(st, 2);
	p.phone = (const char *)sql_text(st, 3);
	p.roles = (unsigned)sql_int(st, 4);
	p.department = (const char *)sql_text(st, 5);
	return w->cb(w->ctx, &p);
}

int store_person_list(struct store *s, const grid_person_filter *f, grid_person_cb cb, void *ctx)
{
	static const char sql[] =
		"SELECT p.pid, p.name, p.login, p.phone, p.roles, d.code\n"
		"FROM person p LEFT JOIN department d ON d.id = p.department_id\n"
		"WHERE (p.pid = ?1 OR ?1 IS NULL)\n"
		"  AND (?2 = 0 OR (p.roles & ?2) <> 0)\n"
		"  AND (CAST(?3 AS TEXT) IS NULL OR EXISTS (SELECT 1 FROM assignment a JOIN unit u ON u.id = a.unit_id\n"
		"       WHERE a.person_id = p.id AND u.lft BETWEEN (SELECT lft FROM unit WHERE code = ?3)\n"
		"                                           AND (SELECT rgt FROM unit WHERE code = ?3)))\n"
		"ORDER BY p.pid";
	struct person_walk w = { cb, ctx, 0 };
	struct sql_stmt *st;
	int rc;

	if (f->unit && (rc = unit_exists(s, f->unit)))
		return rc;
	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	store_bind_text(st, 1, f->id);
	sql_bind_int64(st, 2, (int)f->roles);
	store_bind_text(st, 3, f->unit);
	if ((rc = store_rows(s, st, person_row, &w, "listing people")))
		return rc;
	if (f->id && w.n == 0)
		return grid_error_set(GRID_ENOTFOUND, "unknown person '%s'", f->id);
	return GRID_OK;
}

struct duty_walk {
	grid_duty_cb cb;
	void *ctx;
};

static int duty_row(void *arg, struct sql_stmt *st)
{
	struct duty_walk *w = arg;
	grid_duty d;

	d.unit = (const char *)sql_text(st, 0);
	d.unit_name = (const char *)sql_text(st, 1);
	d.level = (const char *)sql_text(st, 2);
	d.person = (const char *)sql_text(st, 3);
	d.name = (const char *)sql_text(st, 4);
	d.duty = (const char *)sql_text(st, 5);
	d.department = (const char *)sql_text(st, 6);
	return w->cb(w->ctx, &d);
}

static int duty_rows(struct store *s, struct sql_stmt *st, grid_duty_cb cb, void *ctx)
{
	struct duty_walk w = { cb, ctx };

	return store_rows(s, st, duty_row, &w, "listing assignments");
}

#define DUTY_COLUMNS \
	"SELECT u.code, u.name, l.name, p.pid, p.name, a.duty, d.code\n" \
	"FROM assignment a JOIN unit u ON u.id = a.unit_id JOIN level l ON l.depth = u.depth\n" \
	"JOIN person p ON p.id = a.person_id LEFT JOIN department d ON d.id = p.department_id\n"

int store_person_duties(struct store *s, const char *id, grid_duty_cb cb, void *ctx)
{
	static const char sql[] = DUTY_COLUMNS "WHERE p.pid = ?1 ORDER BY u.code, a.duty";
	struct sql_stmt *st;
	unsigned roles;
	int rc;

	if ((rc = store_person_roles(s, id, &roles)) || (rc = store_stmt(s, sql, &st)))
		return rc;
	store_bind_static_text(st, 1, id);
	return duty_rows(s, st, cb, ctx);
}

int store_who(struct store *s, const char *code, grid_duty_cb cb, void *ctx)
{
	/* The ancestors of U are the units whose range holds U's. */
	static const char sql[] = DUTY_COLUMNS
		"JOIN unit t ON t.code = ?1\n"
		"WHERE u.lft <= t.lft AND u.rgt >= t.rgt\n"
		"ORDER BY u.depth DESC, a.duty, p.pid";
	struct sql_stmt *st;
	int rc;

	if ((rc = unit_exists(s, code)) || (rc = store_stmt(s, sql, &st)))
		return rc;
	store_bind_static_text(st, 1, code);
	return duty_rows(s, st, cb, ctx);
}

/* The first row whose parent is P in PAR (sorted), or -1. */
static int64_t first_child(const int64_t *par, int64_t n, int64_t p)
{
	int64_t lo = 0, hi = n;

	while (lo < hi) {
		int64_t mid = lo + (hi - lo) / 2;

		if (par[mid] < p)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && par[lo] == p ? lo : -1;
}

/* The unit tree as the renumbering walks it.  Rows come by parent then
 * code, so each parent's children are one run of the arrays, found by
 * binary search; an explicit stack walks the tree depth first. */
struct unit_tree {
	int64_t n, read;
	int64_t *id, *par;           /* the rows */
	int64_t *stack, *next, *lft; /* the walk: a row, its next child, its lft */
	int64_t counter;             /* the last bound given */
	struct sql_stmt *up;            /* sets one unit's bounds */
};

static int tree_alloc(struct unit_tree *t)
{
	size_t size = (size_t)t->n * sizeof(int64_t);

	t->id = malloc(size);
	t->par = malloc(size);
	t->stack = malloc(size);
	t->next = malloc(size);
	t->lft = malloc(size);
	return t->id && t->par && t->stack && t->next && t->lft ? GRID_OK : grid_error_oom();
}

static void tree_free(struct unit_tree *t)
{
	free(t->id);
	free(t->par);
	free(t->stack);
	free(t->next);
	free(t->lft);
}

enum { TREE_FULL = 1 }; /* a row function's stop: the N rows counted are read */

static int tree_row(void *arg, struct sql_stmt *st)
{
	struct unit_tree *t = arg;

	t->id[t->read] = sql_int64(st, 0);
	t->par[t->read] = sql_int64(st, 1);
	return ++t->read < t->n ? 0 : TREE_FULL;
}

static int tree_read(struct store *s, struct unit_tree *t)
{
	static const char sql[] = "SELECT id, COALESCE(parent_id, 0) FROM unit ORDER BY COALESCE(parent_id, 0), code";
	struct sql_stmt *st;
	int rc;

	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	rc = store_rows(s, st, tree_row, t, "reading the unit tree");
	if (rc == TREE_FULL)
		return GRID_OK;
	return rc ? rc : store_error(s, SQL_EFAIL, "reading the unit tree");
}

/* Number the subtree of row R, writing each unit's bounds as the walk
 * leaves it. */
static int tree_number(struct store *s, struct unit_tree *t, int64_t r)
{
	int64_t top = 1;
	int rc;

	t->stack[0] = r;
	t->lft[0] = ++t->counter;
	t->next[0] = first_child(t->par, t->n, t->id[r]);
	while (top > 0) {
		int64_t k = top - 1, c = t->next[k];

		if (c >= 0 && c < t->n && t->par[c] == t->id[t->stack[k]] && top < t->n) {
			t->next[k] = c + 1;
			t->stack[top] = c;
			t->lft[top] = ++t->counter;
			t->next[top] = first_child(t->par, t->n, t->id[c]);
			top++;
			continue;
		}
		sql_bind_int64(t->up, 1, t->id[t->stack[k]]);
		sql_bind_int64(t->up, 2, t->lft[k]);
		sql_bind_int64(t->up, 3, ++t->counter);
		if ((rc = store_step_done(s, t->up, "numbering the unit tree")))
			return rc;
		top--;
	}
	return GRID_OK;
}

/* PostgreSQL: the bounds go by COPY into a temporary table, and one
 * UPDATE sets them, instead of a round trip a unit. */
static const char bounds_table[] =
	"CREATE TEMP TABLE IF NOT EXISTS s_bounds (id BIGINT PRIMARY KEY, lft BIGINT NOT NULL, rgt BIGINT NOT NULL);\n"
	"DELETE FROM s_bounds";
static const char bounds_copy[] = "COPY s_bounds(id, lft, rgt) FROM STDIN";
static const char bounds_set[] =
	"UPDATE unit SET lft = b.lft, rgt = b.rgt FROM s_bounds b\n"
	"WHERE b.id = unit.id AND (unit.lft <> b.lft OR unit.rgt <> b.rgt);\n"
	"DELETE FROM s_bounds";

int store_unit_renumber(struct store *s)
{
	static const char sql_count[] = "SELECT count(*) FROM unit";
	static const char sql_set[] = "UPDATE unit SET lft = ?2, rgt = ?3 WHERE id = ?1 AND (lft <> ?2 OR rgt <> ?3)";
	struct unit_tree t = { 0 };
	struct sql_stmt *st;
	int64_t r;
	int rc, pg = store_engine(s) == SQL_PG;

	if ((rc = store_stmt(s, sql_count, &st)) || (rc = store_read_int64(s, st, &t.n, NULL, "counting the roster")) ||
	    t.n == 0)
		return rc;
	if ((rc = tree_alloc(&t)) || (rc = tree_read(s, &t)))
		goto done;
	if (pg ? (rc = store_exec(s, bounds_table)) || (rc = store_copy_stmt(s, bounds_copy, &t.up))
	       : (rc = store_stmt(s, sql_set, &t.up)))
		goto done;
	for (r = first_child(t.par, t.n, 0); r >= 0 && r < t.n && t.par[r] == 0; r++)
		if ((rc = tree_number(s, &t, r)))
			break;
	if (rc == GRID_OK && pg)
		rc = store_exec(s, bounds_set);
done:
	tree_free(&t);
	return rc;
}

/* ---- export ------------------------------------------------------------ */

static const char *const export_sql[] = {
	[STORE_EXPORT_LEVELS] = "SELECT name FROM level ORDER BY depth",
	[STORE_EXPORT_CATEGORIES] = "SELECT c.code, c.name, c.deadline_hours, d.code FROM category c\n"
				    "LEFT JOIN department d ON d.id = c.department_id ORDER BY c.code",
	[STORE_EXPORT_DEPARTMENTS] = "SELECT code, name FROM department ORDER BY code",
	[STORE_EXPORT_UNITS] = "SELECT u.code, u.name, l.name, u.households, u.population, u.depth, u.lat, u.long,\n"
			       "  u.address FROM unit u JOIN level l ON l.depth = u.depth ORDER BY u.lft",
	[STORE_EXPORT_PEOPLE] = "SELECT p.pid, p.name, p.login, p.phone, p.roles, d.code FROM person p\n"
				"LEFT JOIN department d ON d.id = p.department_id ORDER BY p.pid",
	[STORE_EXPORT_ASSIGNMENTS] = "SELECT u.code, p.pid, a.duty FROM assignment a JOIN unit u ON u.id = a.unit_id\n"
				     "JOIN person p ON p.id = a.person_id ORDER BY u.code, p.pid, a.duty",
	[STORE_EXPORT_SETTINGS] = "SELECT key, value FROM setting WHERE key IN " ROSTER_SETTINGS " ORDER BY key",
};

/* Rows as text columns, for export and the level names. */
/* The most columns a text row has: the units' export. */
#define TEXT_COLS 9

struct text_walk {
	store_row_cb cb;
	void *ctx;
	int n; /* columns, at most TEXT_COLS */
};

static int text_row(void *arg, struct sql_stmt *st)
{
	struct text_walk *w = arg;
	const char *cols[TEXT_COLS];
	int i;

	for (i = 0; i < w->n; i++)
		cols[i] = (const char *)sql_text(st, i);
	return w->cb(w->ctx, cols, w->n);
}

static int text_rows(struct store *s, const char *sql, store_row_cb cb, void *ctx, const char *what)
{
	struct text_walk w = { cb, ctx, 0 };
	struct sql_stmt *st;
	int rc;

	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	w.n = sql_column_count(st);
	if (w.n > TEXT_COLS)
		w.n = TEXT_COLS;
	return store_rows(s, st, text_row, &w, what);
}

int store_export_rows(struct store *s, enum store_export_query q, store_row_cb cb, void *ctx)
{
	return text_rows(s, export_sql[q], cb, ctx, "exporting the roster");
}

int store_db_levels(struct store *s, store_row_cb cb, void *ctx)
{
	return text_rows(s, "SELECT name FROM level ORDER BY depth", cb, ctx, "reading levels");
}
