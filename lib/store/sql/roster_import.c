/* The import of a roster file through staging tables.
 *
 * The loader streams the file into TEMP tables (each row with its place in
 * the file), checks them with set-based queries, then merges them into the
 * roster: one statement per section and step, whatever the file size.
 * TEMP tables have their own page cache that spills to a file, so memory
 * stays flat.  On PostgreSQL the rows go by COPY, and the keys staged are
 * kept in memory to find a key given twice (see key_seen). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../roster.h"
#include "roster_sql.h"
#include "../sql.h"

/* A staged row whose key is there already is not written (the engine
 * goes on: PostgreSQL would abort the whole transaction on the error);
 * stage_step finds it by the count of rows changed. */
#define STAGE_ONCE " ON CONFLICT DO NOTHING"

static const char stage_schema_sqlite[] =
	"CREATE TEMP TABLE IF NOT EXISTS s_level (depth INTEGER PRIMARY KEY, name TEXT NOT NULL,\n"
	"  line INTEGER, col INTEGER);\n"
	"CREATE TEMP TABLE IF NOT EXISTS s_dept (code TEXT PRIMARY KEY, name TEXT NOT NULL,\n"
	"  line INTEGER, col INTEGER);\n"
	"CREATE TEMP TABLE IF NOT EXISTS s_cat (code TEXT PRIMARY KEY, name TEXT NOT NULL,\n"
	"  hours INTEGER NOT NULL, dept TEXT, line INTEGER, col INTEGER, dline INTEGER, dcol INTEGER);\n"
	"CREATE TEMP TABLE IF NOT EXISTS s_unit (seq INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE,\n"
	"  name TEXT NOT NULL, level TEXT NOT NULL, parent TEXT, parent_seq INTEGER, households INTEGER,\n"
	"  population INTEGER, depth INTEGER, line INTEGER, col INTEGER, lline INTEGER, lcol INTEGER,\n"
	"  pline INTEGER, pcol INTEGER, lat REAL, long REAL, address TEXT);\n"
	"CREATE TEMP TABLE IF NOT EXISTS s_person (pid TEXT PRIMARY KEY, name TEXT NOT NULL, login TEXT,\n"
	"  phone TEXT, roles INTEGER NOT NULL, dept TEXT, line INTEGER, col INTEGER, lline INTEGER,\n"
	"  lcol INTEGER, dline INTEGER, dcol INTEGER) WITHOUT ROWID;\n"
	/* Assignments, the bulk of a roster, are only appended here: no index
	 * to keep up; duplicates are found by the merge (see merge_assignments). */
	"CREATE TEMP TABLE IF NOT EXISTS s_assign (unit TEXT NOT NULL, person TEXT NOT NULL,\n"
	"  duty TEXT NOT NULL, line INTEGER, col INTEGER, uline INTEGER, ucol INTEGER, pline INTEGER,\n"
	"  pcol INTEGER);\n"
	"CREATE TEMP TABLE IF NOT EXISTS s_setting (key TEXT PRIMARY KEY, value TEXT NOT NULL,\n"
	"  line INTEGER, col INTEGER);\n";

/* The same for PostgreSQL: text compared bytewise, as the roster's. */
static const char stage_schema_pg[] =
	"CREATE TEMP TABLE IF NOT EXISTS s_level (depth INTEGER PRIMARY KEY, name TEXT COLLATE \"C\" NOT NULL,\n"
	"  line INTEGER, col INTEGER);\n"
	"CREATE TEMP TABLE IF NOT EXISTS s_dept (code TEXT COLLATE \"C\" PRIMARY KEY, name TEXT COLLATE \"C\" NOT NULL,\n"
	"  line INTEGER, col INTEGER);\n"
	"CREATE TEMP TABLE IF NOT EXISTS s_cat (code TEXT COLLATE \"C\" PRIMARY KEY, name TEXT COLLATE \"C\" NOT NULL,\n"
	"  hours INTEGER NOT NULL, dept TEXT COLLATE \"C\", line INTEGER, col INTEGER, dline INTEGER, dcol INTEGER);\n"
	"CREATE TEMP TABLE IF NOT EXISTS s_unit (seq INTEGER PRIMARY KEY, code TEXT COLLATE \"C\" NOT NULL UNIQUE,\n"
	"  name TEXT COLLATE \"C\" NOT NULL, level TEXT COLLATE \"C\" NOT NULL, parent TEXT COLLATE \"C\", parent_seq INTEGER, households INTEGER,\n"
	"  population INTEGER, depth INTEGER, line INTEGER, col INTEGER, lline INTEGER, lcol INTEGER,\n"
	"  pline INTEGER, pcol INTEGER, lat double precision, long double precision, address TEXT COLLATE \"C\");\n"
	"CREATE TEMP TABLE IF NOT EXISTS s_person (pid TEXT COLLATE \"C\" PRIMARY KEY, name TEXT COLLATE \"C\" NOT NULL, login TEXT COLLATE \"C\",\n"
	"  phone TEXT COLLATE \"C\", roles INTEGER NOT NULL, dept TEXT COLLATE \"C\", line INTEGER, col INTEGER, lline INTEGER,\n"
	"  lcol INTEGER, dline INTEGER, dcol INTEGER);\n"
	/* Assignments, the bulk of a roster, are only appended here: no index
	 * to keep up; duplicates are found by the merge (see merge_assignments). */
	"CREATE TEMP TABLE IF NOT EXISTS s_assign (unit TEXT COLLATE \"C\" NOT NULL, person TEXT COLLATE \"C\" NOT NULL,\n"
	"  duty TEXT COLLATE \"C\" NOT NULL, line INTEGER, col INTEGER, uline INTEGER, ucol INTEGER, pline INTEGER,\n"
	"  pcol INTEGER);\n"
	"CREATE TEMP TABLE IF NOT EXISTS s_setting (key TEXT COLLATE \"C\" PRIMARY KEY, value TEXT COLLATE \"C\" NOT NULL,\n"
	"  line INTEGER, col INTEGER);\n";

static const struct sql_dialects stage_schema = { stage_schema_sqlite, stage_schema_pg };

static const char stage_clear[] =
	"DELETE FROM s_level; DELETE FROM s_dept; DELETE FROM s_cat; DELETE FROM s_unit;\n"
	"DELETE FROM s_person; DELETE FROM s_assign; DELETE FROM s_setting;";

/* PostgreSQL: the staged rows go by COPY, which cannot skip a key given
 * twice (the whole transaction would fail): the keys staged are kept in
 * memory instead, each with the line of its first row, so that a second
 * one is found as it comes and never sent. */
struct key_slot {
	char *key;
	int line;
};

struct key_set {
	size_t n, cap; /* cap: 0 or a power of two */
	struct key_slot *slots;
};

enum { KEYS_DEPT, KEYS_CAT, KEYS_UNIT, KEYS_PERSON, KEYS_N };

struct stage_keys {
	struct key_set set[KEYS_N];
};

static uint64_t key_hash(const char *k)
{
	uint64_t h = 14695981039346656037ULL;

	for (; *k; k++)
		h = (h ^ (unsigned char)*k) * 1099511628211ULL;
	return h;
}

static int key_grow(struct key_set *ks)
{
	size_t cap = ks->cap ? 2 * ks->cap : 1024;
	struct key_slot *slots = calloc(cap, sizeof *slots);

	if (!slots)
		return -1;
	for (size_t i = 0; i < ks->cap; i++) {
		if (ks->slots[i].key) {
			size_t j = key_hash(ks->slots[i].key) & (cap - 1);

			while (slots[j].key)
				j = (j + 1) & (cap - 1);
			slots[j] = ks->slots[i];
		}
	}
	free(ks->slots);
	ks->slots = slots;
	ks->cap = cap;
	return 0;
}

void store_stage_keys_free(struct store *s)
{
	struct stage_keys *k = s->stage_keys;

	if (!k)
		return;
	for (int i = 0; i < KEYS_N; i++) {
		for (size_t j = 0; j < k->set[i].cap; j++)
			free(k->set[i].slots[j].key);
		free(k->set[i].slots);
	}
	free(k);
	s->stage_keys = NULL;
}

/* Is KEY of set WHICH staged already?  1 with *FIRST_LINE the line of
 * its first row; else 0, and it is from now on, at LINE. */
static int key_seen(struct store *s, int which, const char *key, int line, int *first_line)
{
	struct key_set *ks;
	size_t i;

	if (!s->stage_keys && !(s->stage_keys = calloc(1, sizeof *s->stage_keys)))
		return grid_error_oom();
	ks = &s->stage_keys->set[which];
	if (2 * (ks->n + 1) > ks->cap && key_grow(ks))
		return grid_error_oom();
	for (i = key_hash(key) & (ks->cap - 1); ks->slots[i].key; i = (i + 1) & (ks->cap - 1)) {
		if (!strcmp(ks->slots[i].key, key)) {
			*first_line = ks->slots[i].line;
			return 1;
		}
	}
	if (!(ks->slots[i].key = strdup(key)))
		return grid_error_oom();
	ks->slots[i].line = line;
	ks->n++;
	return 0;
}

/* The statement that stages a row: on PostgreSQL the COPY (COPY_SQL,
 * its columns those of the INSERT, in order) once the key (of set WHICH,
 * -1 for none) is known new, else the INSERT (SQL).  *COPY says which. */
static int stage_stmt(struct store *s, const char *sql, const char *copy_sql, int which, const char *key, int line,
	int *first_line, int *copy, struct sql_stmt **st)
{
	int rc;

	*copy = store_engine(s) == SQL_PG;
	if (!*copy)
		return store_stmt(s, sql, st);
	if (which >= 0 && (rc = key_seen(s, which, key, line, first_line)))
		return rc;
	return store_copy_stmt(s, copy_sql, st);
}

int store_stage_open(struct store *s)
{
	int rc;

	/* Bounded caches (8 MB each for the staging tables and the roster):
	 * a larger file spills to disk instead of growing the process.
	 * Measured on a city roster: more cache buys no time. */
	static const struct sql_dialects caches = {
		"PRAGMA temp.cache_size = -8000; PRAGMA main.cache_size = -32000", NULL
	};

	store_stage_keys_free(s);
	if ((rc = store_exec_dialect(s, &caches)))
		return rc;
	if ((rc = store_exec_dialect(s, &stage_schema)))
		return rc;
	return store_exec(s, stage_clear);
}

/* The index --prune needs to look rows up in s_assign. */
static const char assign_key[] = "CREATE INDEX IF NOT EXISTS s_assign_key ON s_assign(unit, person, duty)";

void store_stage_close(struct store *s)
{
	int rc;

	store_stage_keys_free(s);
	rc = store_exec(s, stage_clear);

	if (rc == GRID_OK)
		rc = store_exec(s, "DROP INDEX IF EXISTS s_assign_key");

	(void)rc; /* the next import empties them again */
}

/* Step an INSERT into a staging table; a key already staged is 1, with the
 * line of the first row from FIRST_SQL (a query taking the key as ?1). */
static int stage_step(struct store *s, struct sql_stmt *st, const char *first_sql, const char *key, int *first_line)
{
	struct sql_stmt *q;
	int64_t line = 0;
	int rc = store_step_insert(s, st, "staging the roster");

	if (rc == GRID_OK && store_changes(s) == 0)
		rc = 1;
	if (rc != 1)
		return rc;
	if (!first_line)
		return store_error(s, SQL_ECONSTRAINT, "staging the roster");
	*first_line = 0;
	if (!first_sql)
		return 1;
	if ((rc = store_stmt(s, first_sql, &q)))
		return rc;
	store_bind_static_text(q, 1, key);
	if ((rc = store_read_int64(s, q, &line, NULL, "staging the roster")))
		return rc;
	*first_line = (int)line;
	return 1;
}

int store_stage_level(struct store *s, int depth, const char *name, int line, int col)
{
	static const char sql[] = "INSERT INTO s_level(depth, name, line, col) VALUES (?1, ?2, ?3, ?4)" STAGE_ONCE;
	struct sql_stmt *st;
	int rc;

	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	sql_bind_int64(st, 1, depth);
	store_bind_static_text(st, 2, name);
	sql_bind_int64(st, 3, line);
	sql_bind_int64(st, 4, col);
	return stage_step(s, st, NULL, NULL, NULL);
}

int store_stage_levels_from_db(struct store *s)
{
	return store_exec(s, "INSERT INTO s_level(depth, name) SELECT depth, name FROM level");
}

int store_stage_department(struct store *s, const char *code, const char *name, int line, int col, int *first_line)
{
	static const char sql[] = "INSERT INTO s_dept(code, name, line, col) VALUES (?1, ?2, ?3, ?4)" STAGE_ONCE;
	static const char copy_sql[] = "COPY s_dept(code, name, line, col) FROM STDIN";
	static const char first[] = "SELECT line FROM s_dept WHERE code = ?1";
	struct sql_stmt *st;
	int rc, copy;

	if ((rc = stage_stmt(s, sql, copy_sql, KEYS_DEPT, code, line, first_line, &copy, &st)))
		return rc;
	store_bind_static_text(st, 1, code);
	store_bind_static_text(st, 2, name);
	sql_bind_int64(st, 3, line);
	sql_bind_int64(st, 4, col);
	return copy ? store_step_done(s, st, "staging the roster") : stage_step(s, st, first, code, first_line);
}

int store_stage_category(struct store *s, const struct stage_category *c, int *first_line)
{
	static const char sql[] =
		"INSERT INTO s_cat(code, name, hours, dept, line, col, dline, dcol)\n"
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)" STAGE_ONCE;
	static const char copy_sql[] = "COPY s_cat(code, name, hours, dept, line, col, dline, dcol) FROM STDIN";
	static const char first[] = "SELECT line FROM s_cat WHERE code = ?1";
	struct sql_stmt *st;
	int rc, copy;

	if ((rc = stage_stmt(s, sql, copy_sql, KEYS_CAT, c->code, c->line, first_line, &copy, &st)))
		return rc;
	store_bind_static_text(st, 1, c->code);
	store_bind_static_text(st, 2, c->name);
	sql_bind_int64(st, 3, c->hours);
	store_bind_static_text(st, 4, c->dept);
	sql_bind_int64(st, 5, c->line);
	sql_bind_int64(st, 6, c->col);
	sql_bind_int64(st, 7, c->dline);
	sql_bind_int64(st, 8, c->dcol);
	return copy ? store_step_done(s, st, "staging the roster") : stage_step(s, st, first, c->code, first_line);
}

int store_stage_unit(struct store *s, const struct stage_unit *u, int *first_line)
{
	static const char sql[] =
		"INSERT INTO s_unit(seq, code, name, level, parent, parent_seq, households, population,\n"
		"  line, col, lline, lcol, pline, pcol, lat, long, address)\n"
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)" STAGE_ONCE;
	static const char copy_sql[] =
		"COPY s_unit(seq, code, name, level, parent, parent_seq, households, population,\n"
		"  line, col, lline, lcol, pline, pcol, lat, long, address) FROM STDIN";
	static const char first[] = "SELECT line FROM s_unit WHERE code = ?1";
	struct sql_stmt *st;
	int rc, copy;

	if ((rc = stage_stmt(s, sql, copy_sql, KEYS_UNIT, u->code, u->line, first_line, &copy, &st)))
		return rc;
	sql_bind_int64(st, 1, u->seq);
	store_bind_static_text(st, 2, u->code);
	store_bind_static_text(st, 3, u->name);
	store_bind_static_text(st, 4, u->level);
	store_bind_static_text(st, 5, u->parent);
	if (u->parent_seq > 0)
		sql_bind_int64(st, 6, u->parent_seq);
	store_bind_opt_int(st, 7, u->households, u->households >= 0);
	store_bind_opt_int(st, 8, u->population, u->population >= 0);
	sql_bind_int64(st, 9, u->line);
	sql_bind_int64(st, 10, u->col);
	sql_bind_int64(st, 11, u->lline);
	sql_bind_int64(st, 12, u->lcol);
	sql_bind_int64(st, 13, u->pline);
	sql_bind_int64(st, 14, u->pcol);
	store_bind_position(st, 15, u->has_position, u->lat, u->lon);
	store_bind_static_text(st, 17, u->address);
	return copy ? store_step_done(s, st, "staging the roster") : stage_step(s, st, first, u->code, first_line);
}

int store_stage_person(struct store *s, const struct stage_person *p, int *first_line)
{
	static const char sql[] =
		"INSERT INTO s_person(pid, name, login, phone, roles, dept, line, col, lline, lcol, dline, dcol)\n"
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)" STAGE_ONCE;
	static const char copy_sql[] =
		"COPY s_person(pid, name, login, phone, roles, dept, line, col, lline, lcol, dline, dcol) FROM STDIN";
	static const char first[] = "SELECT line FROM s_person WHERE pid = ?1";
	struct sql_stmt *st;
	int rc, copy;

	if ((rc = stage_stmt(s, sql, copy_sql, KEYS_PERSON, p->pid, p->line, first_line, &copy, &st)))
		return rc;
	store_bind_static_text(st, 1, p->pid);
	store_bind_static_text(st, 2, p->name);
	store_bind_static_text(st, 3, p->login);
	store_bind_static_text(st, 4, p->phone);
	sql_bind_int64(st, 5, (int)p->roles);
	store_bind_static_text(st, 6, p->dept);
	sql_bind_int64(st, 7, p->line);
	sql_bind_int64(st, 8, p->col);
	sql_bind_int64(st, 9, p->lline);
	sql_bind_int64(st, 10, p->lcol);
	sql_bind_int64(st, 11, p->dline);
	sql_bind_int64(st, 12, p->dcol);
	return copy ? store_step_done(s, st, "staging the roster") : stage_step(s, st, first, p->pid, first_line);
}

int store_stage_assignment(struct store *s, const struct stage_assignment *a)
{
	static const char sql[] =
		"INSERT INTO s_assign(unit, person, duty, line, col, uline, ucol, pline, pcol)\n"
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
	static const char copy_sql[] = "COPY s_assign(unit, person, duty, line, col, uline, ucol, pline, pcol) FROM STDIN";
	struct sql_stmt *st;
	int rc, copy;

	if ((rc = stage_stmt(s, sql, copy_sql, -1, NULL, 0, NULL, &copy, &st)))
		return rc;
	store_bind_static_text(st, 1, a->unit);
	store_bind_static_text(st, 2, a->person);
	store_bind_static_text(st, 3, a->duty);
	sql_bind_int64(st, 4, a->line);
	sql_bind_int64(st, 5, a->col);
	sql_bind_int64(st, 6, a->uline);
	sql_bind_int64(st, 7, a->ucol);
	sql_bind_int64(st, 8, a->pline);
	sql_bind_int64(st, 9, a->pcol);
	return copy ? store_step_done(s, st, "staging the roster") : stage_step(s, st, NULL, NULL, NULL);
}

int store_stage_setting(struct store *s, const char *key, const char *value, int line, int col)
{
	static const char sql[] = "INSERT INTO s_setting(key, value, line, col) VALUES (?1, ?2, ?3, ?4)" STAGE_ONCE;
	struct sql_stmt *st;
	int rc;

	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	store_bind_static_text(st, 1, key);
	store_bind_static_text(st, 2, value);
	sql_bind_int64(st, 3, line);
	sql_bind_int64(st, 4, col);
	return stage_step(s, st, NULL, NULL, NULL);
}

/* Set-based checks: each query yields (line, col, the values of the
 * message), the message its format (N_: translated where it is
 * formatted, check_row).  ?1..?3 say whether the database may satisfy a
 * department, unit, person reference. */
static const struct {
	const char *sql, *fmt;
} stage_checks[] = {
	{ "SELECT lline, lcol, level FROM s_unit WHERE depth IS NULL ORDER BY line, col", N_("unknown level '%s'") },
	{ "SELECT s.pline, s.pcol, s.parent FROM s_unit s\n"
	  "WHERE s.parent IS NOT NULL AND s.parent_seq IS NULL\n"
	  "  AND NOT EXISTS (SELECT 1 FROM s_unit p WHERE p.code = s.parent)\n"
	  "  AND NOT (?2 AND EXISTS (SELECT 1 FROM unit u WHERE u.code = s.parent)) ORDER BY s.line",
	  N_("unknown parent unit '%s'") },
	{ "SELECT lline, lcol, code, COALESCE((SELECT name FROM s_level WHERE depth = 0), ''), level\n"
	  "FROM s_unit WHERE parent IS NULL AND depth <> 0 ORDER BY line",
	  N_("unit '%s' has no parent, so its level must be the top level '%s', not '%s'") },
	{ "SELECT s.lline, s.lcol, s.level, s.code,\n"
	  "  COALESCE((SELECT name FROM s_level WHERE depth = COALESCE(p.depth, u.depth)), '')\n"
	  "FROM s_unit s LEFT JOIN s_unit p ON p.code = s.parent\n"
	  "LEFT JOIN unit u ON p.code IS NULL AND u.code = s.parent\n"
	  "WHERE s.parent IS NOT NULL AND s.depth IS NOT NULL AND COALESCE(p.depth, u.depth) IS NOT NULL\n"
	  "  AND s.depth <> COALESCE(p.depth, u.depth) + 1 ORDER BY s.line",
	  N_("level '%s' of unit '%s' is not the one right below its parent's level '%s'") },
	{ "SELECT dline, dcol, dept FROM s_cat c\n"
	  "WHERE dept IS NOT NULL AND NOT EXISTS (SELECT 1 FROM s_dept d WHERE d.code = c.dept)\n"
	  "  AND NOT (?1 AND EXISTS (SELECT 1 FROM department d WHERE d.code = c.dept)) ORDER BY line",
	  N_("unknown department '%s'") },
	{ "SELECT dline, dcol, dept FROM s_person p\n"
	  "WHERE dept IS NOT NULL AND NOT EXISTS (SELECT 1 FROM s_dept d WHERE d.code = p.dept)\n"
	  "  AND NOT (?1 AND EXISTS (SELECT 1 FROM department d WHERE d.code = p.dept)) ORDER BY line",
	  N_("unknown department '%s'") },
	/* One sort here instead of an index kept up to date while staging. */
	{ "SELECT lline, lcol, login, first\n"
	  "FROM (SELECT login, lline, lcol, line, first_value(pid) OVER w AS first, row_number() OVER w AS n\n"
	  "      FROM s_person WHERE login IS NOT NULL WINDOW w AS (PARTITION BY login ORDER BY line)) AS l\n"
	  "WHERE n > 1 ORDER BY line",
	  N_("login '%s' is already used by person '%s'") },
	{ "SELECT s.lline, s.lcol, s.login, p.pid\n"
	  "FROM s_person s JOIN person p ON p.login = s.login AND p.pid <> s.pid\n"
	  "WHERE NOT EXISTS (SELECT 1 FROM s_person o WHERE o.pid = p.pid) ORDER BY s.line",
	  N_("login '%s' is already used by person '%s'") },
	/* STAGE_CHECK_ASSIGN: the references and duplicates of assignments,
	 * the bulk of a roster, are caught by the merge itself where it can
	 * (see store_stage_merge); these three queries then run to place them. */
	{ "SELECT uline, ucol, unit FROM s_assign a\n"
	  "WHERE NOT EXISTS (SELECT 1 FROM s_unit u WHERE u.code = a.unit)\n"
	  "  AND NOT (?2 AND EXISTS (SELECT 1 FROM unit u WHERE u.code = a.unit)) ORDER BY line",
	  N_("unknown unit '%s'") },
	{ "SELECT pline, pcol, person FROM s_assign a\n"
	  "WHERE NOT EXISTS (SELECT 1 FROM s_person p WHERE p.pid = a.person)\n"
	  "  AND NOT (?3 AND EXISTS (SELECT 1 FROM person p WHERE p.pid = a.person)) ORDER BY line",
	  N_("unknown person '%s'") },
	{ "SELECT line, col, person, duty, unit, CAST(first AS TEXT)\n"
	  "FROM (SELECT unit, person, duty, line, col, first_value(line) OVER w AS first, row_number() OVER w AS n\n"
	  "      FROM s_assign WINDOW w AS (PARTITION BY unit, person, duty ORDER BY line, col)) AS a\n"
	  "WHERE n > 1 ORDER BY line",
	  N_("duplicate assignment of '%s' as '%s' on unit '%s' (first at line %s)") },
	{ "SELECT line, col, value FROM s_setting\n"
	  "WHERE key = 'ranking.level' AND value NOT IN (SELECT name FROM s_level)",
	  N_("unknown level '%s'") },
};

#define STAGE_CHECK_ASSIGN 8 /* the index of the first of the three */
#define STAGE_CHECK_ASSIGN_N 3

static void bind_refs(struct sql_stmt *st, unsigned dbrefs)
{
	int n = sql_param_count(st);

	if (n >= 1)
		sql_bind_int64(st, 1, !!(dbrefs & STORE_REF_DEPT));
	if (n >= 2)
		sql_bind_int64(st, 2, !!(dbrefs & STORE_REF_UNIT));
	if (n >= 3)
		sql_bind_int64(st, 3, !!(dbrefs & STORE_REF_PERSON));
}

/* The problems of one check query (its message FMT), until MAX in all. */
struct check_walk {
	store_problem_cb problem;
	void *ctx;
	const char *fmt;
	int *count, max;
};

enum { CHECKS_FULL = 1 }; /* a row function's stop: MAX reached */

/* Column I of a check's row as text, "" for a NULL or past the last. */
static const char *check_value(struct sql_stmt *st, int i)
{
	const char *t = i < sql_column_count(st) ? (const char *)sql_text(st, i) : NULL;

	return t ? t : "";
}

static int check_row(void *arg, struct sql_stmt *st)
{
	struct check_walk *w = arg;
	char msg[600];

	(*w->count)++;
	/* Every format takes the values after line and col, four at most; one
	 * that uses fewer ignores the rest, as C's formats do. */
	snprintf(msg, sizeof msg, _(w->fmt), check_value(st, 2), check_value(st, 3), check_value(st, 4),
		check_value(st, 5));
	w->problem(w->ctx, sql_int(st, 0), sql_int(st, 1), msg);
	return *w->count < w->max ? 0 : CHECKS_FULL;
}

static int run_checks(struct store *s, size_t from, size_t to, unsigned dbrefs, int max, store_problem_cb problem,
	void *ctx, int *count)
{
	struct check_walk w = { problem, ctx, NULL, count, max };
	struct sql_stmt *st;
	size_t i;
	int rc;

	for (i = from; i < to && *count < max; i++) {
		if ((rc = store_stmt(s, stage_checks[i].sql, &st)))
			return rc;
		w.fmt = stage_checks[i].fmt;
		bind_refs(st, dbrefs);
		rc = store_rows(s, st, check_row, &w, "checking the roster");
		if (rc != GRID_OK && rc != CHECKS_FULL)
			return rc;
	}
	return GRID_OK;
}

int store_stage_check_assignments(struct store *s, unsigned dbrefs, int max, store_problem_cb problem, void *ctx,
	int *count)
{
	*count = 0;
	return run_checks(s, STAGE_CHECK_ASSIGN, STAGE_CHECK_ASSIGN + STAGE_CHECK_ASSIGN_N, dbrefs, max, problem, ctx,
		count);
}

int store_stage_check(struct store *s, unsigned dbrefs, int all, int max, store_problem_cb problem, void *ctx,
	int *count)
{
	static const char fill[] =
		"UPDATE s_unit SET parent = (SELECT p.code FROM s_unit p WHERE p.seq = s_unit.parent_seq)\n"
		"WHERE parent_seq IS NOT NULL";
	static const char depth[] =
		"UPDATE s_unit SET depth = (SELECT depth FROM s_level l WHERE l.name = s_unit.level)";
	struct sql_stmt *st;
	int rc;

	*count = 0;
	if ((rc = store_stmt(s, fill, &st)) || (rc = store_step_done(s, st, "linking units")))
		return rc;
	if ((rc = store_stmt(s, depth, &st)) || (rc = store_step_done(s, st, "reading levels")))
		return rc;
	if ((rc = run_checks(s, 0, STAGE_CHECK_ASSIGN, dbrefs, max, problem, ctx, count)) ||
	    (all && (rc = run_checks(s, STAGE_CHECK_ASSIGN, STAGE_CHECK_ASSIGN + STAGE_CHECK_ASSIGN_N, dbrefs, max,
			     problem, ctx, count))))
		return rc;
	return run_checks(s, STAGE_CHECK_ASSIGN + STAGE_CHECK_ASSIGN_N, GRID_ARRAY_SIZE(stage_checks), dbrefs, max,
		problem, ctx, count);
}

/* The merge's and the prune's statements: SQL prepared, taking ACTOR as
 * ?1 if it has parameters. */
static int actor_stmt(struct store *s, const char *sql, const char *actor, struct sql_stmt **st)
{
	int rc = store_stmt(s, sql, st);

	if (rc == GRID_OK && sql_param_count(*st) >= 1)
		store_bind_text(*st, 1, actor);
	return rc;
}

/* A count (or any integer) from SQL, taking ACTOR as ?1 if it has parameters. */
static int query_count(struct store *s, const char *sql, const char *actor, int64_t *out)
{
	struct sql_stmt *st;
	int rc;

	if ((rc = actor_stmt(s, sql, actor, &st)))
		return rc;
	return store_read_int64(s, st, out, NULL, "counting the roster");
}

static int run(struct store *s, const char *sql, const char *actor, const char *what)
{
	struct sql_stmt *st;
	int rc;

	if ((rc = actor_stmt(s, sql, actor, &st)))
		return rc;
	return store_step_done(s, st, what);
}

/* run(), and the number of rows it changed into *N. */
static int run_n(struct store *s, const char *sql, const char *actor, const char *what, int64_t *n)
{
	int rc = run(s, sql, actor, what);

	if (rc == GRID_OK && n)
		*n = store_changes(s);
	return rc;
}

/* The first row of SQL (taking ACTOR as ?1, if it has parameters) as an
 * error CODE with message FMT (up to three %s, the row's columns), if any. */
static int refuse(struct store *s, const char *sql, int code, const char *fmt, const char *actor)
{
	char v[3][256];
	struct sql_stmt *st;
	int rc, found, i;

	if ((rc = actor_stmt(s, sql, actor, &st)))
		return rc;
	if ((rc = store_first_row(s, st, "checking the roster", &found)) || !found)
		return rc;
	for (i = 0; i < 3; i++)
		snprintf(v[i], sizeof v[i], "%s", check_value(st, i));
	sql_reset(st);
	/* A format that uses fewer values ignores the rest, as C's formats do. */
	return grid_error_set(code, fmt, v[0], v[1], v[2]);
}

/* One section's statements: the counts (added and updated only where
 * merge_section counts before writing), then the writes. */
struct merge_sql {
	const char *total, *added, *updated;
	const char *update, *insert;
	const char *clear; /* run before the update, uncounted; may be NULL */
	/* PostgreSQL's insert, when not INSERT: with the ids given (max + 1
	 * on, in the order SQLite's rowids take), so that the trigger that
	 * stands in for SQLite's rowid need not query the table row by row. */
	const char *insert_pg;
};

static const char *merge_insert(struct store *s, const struct merge_sql *m)
{
	return m->insert_pg && store_engine(s) == SQL_PG ? m->insert_pg : m->insert;
}

static const struct merge_sql merge_levels = {
	"SELECT count(*) FROM s_level",
	"SELECT count(*) FROM s_level s WHERE NOT EXISTS (SELECT 1 FROM level l WHERE l.depth = s.depth)",
	"SELECT count(*) FROM s_level s JOIN level l ON l.depth = s.depth WHERE l.name <> s.name",
	/* A name may move to another depth: clear the rows in the way first
	 * (foreign keys are deferred to the commit). */
	"DELETE FROM level WHERE EXISTS (SELECT 1 FROM s_level s\n"
	"  WHERE (s.depth = level.depth OR s.name = level.name) AND NOT (s.depth = level.depth AND s.name = level.name))",
	"INSERT INTO level(depth, name) SELECT depth, name FROM s_level s\n"
	"WHERE NOT EXISTS (SELECT 1 FROM level l WHERE l.depth = s.depth) ORDER BY depth",
	NULL,
	NULL,
};

static const struct merge_sql merge_depts = {
	"SELECT count(*) FROM s_dept",
	NULL,
	NULL,
	"UPDATE department SET name = s.name FROM s_dept s WHERE s.code = department.code AND department.name <> s.name",
	"INSERT INTO department(code, name) SELECT code, name FROM s_dept s\n"
	"WHERE NOT EXISTS (SELECT 1 FROM department d WHERE d.code = s.code) ORDER BY line",
	NULL,
	NULL,
};

#define S_DEPT "(SELECT id FROM department d WHERE d.code = s.dept)"
static const struct merge_sql merge_cats = {
	"SELECT count(*) FROM s_cat",
	NULL,
	NULL,
	"UPDATE category SET name = s.name, deadline_hours = s.hours, department_id = " S_DEPT "\n"
	"FROM s_cat s WHERE s.code = category.code AND (category.name <> s.name OR category.deadline_hours <> s.hours\n"
	"  OR category.department_id IS DISTINCT FROM " S_DEPT ")",
	"INSERT INTO category(code, name, deadline_hours, department_id) SELECT code, name, hours, " S_DEPT "\n"
	"FROM s_cat s WHERE NOT EXISTS (SELECT 1 FROM category c WHERE c.code = s.code) ORDER BY line",
	NULL,
	NULL,
};

static const struct merge_sql merge_people = {
	"SELECT count(*) FROM s_person",
	NULL,
	NULL,
	"UPDATE person SET name = s.name, login = s.login, phone = s.phone, roles = s.roles, department_id = " S_DEPT "\n"
	"FROM s_person s WHERE s.pid = person.pid AND (person.name <> s.name OR person.login IS DISTINCT FROM s.login\n"
	"  OR person.phone IS DISTINCT FROM s.phone OR person.roles <> s.roles OR person.department_id IS DISTINCT FROM " S_DEPT ")",
	/* An upsert rather than NOT EXISTS: a statement that reads its own
	 * target table first copies the rows it selects aside. */
	"INSERT INTO person(pid, name, login, phone, roles, department_id)\n"
	"SELECT pid, name, login, phone, roles, " S_DEPT " FROM s_person s WHERE true ORDER BY line\n"
	"ON CONFLICT (pid) DO NOTHING",
	/* Logins may move between people (two swap theirs): first free each
	 * login another person of the file takes, so that no row of the
	 * update clashes on the way.  The checks made sure that whoever held
	 * it is in the file with another login, so the update sets that one
	 * and counts the person as updated. */
	"UPDATE person SET login = NULL WHERE id IN (SELECT p.id FROM s_person s\n"
	"  JOIN person p ON p.login = s.login AND p.pid <> s.pid)",
	"INSERT INTO person(id, pid, name, login, phone, roles, department_id)\n"
	"SELECT m.id + row_number() OVER (ORDER BY s.line, s.col), s.pid, s.name, s.login, s.phone, s.roles, " S_DEPT "\n"
	"FROM s_person s CROSS JOIN (SELECT coalesce(max(id), 0) AS id FROM person) m\n"
	"WHERE NOT EXISTS (SELECT 1 FROM person p WHERE p.pid = s.pid) ORDER BY s.line, s.col\n"
	"ON CONFLICT (pid) DO NOTHING",
};

#define S_PARENT "(SELECT id FROM unit p WHERE p.code = s.parent)"
/* Whether unit U's place (schema 3) differs from the staged one's. */
#define UNIT_PLACE_DIFFERS(u) \
	u ".lat IS DISTINCT FROM s.lat OR " u ".long IS DISTINCT FROM s.long OR " u ".address IS DISTINCT FROM s.address"
static const struct merge_sql merge_units = {
	"SELECT count(*) FROM s_unit",
	"SELECT count(*) FROM s_unit s WHERE NOT EXISTS (SELECT 1 FROM unit u WHERE u.code = s.code)",
	"SELECT count(*) FROM s_unit s JOIN unit u ON u.code = s.code LEFT JOIN unit p ON p.id = u.parent_id\n"
	"WHERE u.name <> s.name OR u.depth <> s.depth OR u.households IS DISTINCT FROM s.households\n"
	"  OR u.population IS DISTINCT FROM s.population OR p.code IS DISTINCT FROM s.parent\n"
	"  OR " UNIT_PLACE_DIFFERS("u"),
	"UPDATE unit SET name = s.name, depth = s.depth, households = s.households, population = s.population,\n"
	"  parent_id = " S_PARENT ", lat = s.lat, long = s.long, address = s.address\n"
	"FROM s_unit s WHERE s.code = unit.code AND (unit.name <> s.name OR unit.depth <> s.depth\n"
	"  OR unit.households IS DISTINCT FROM s.households OR unit.population IS DISTINCT FROM s.population\n"
	"  OR unit.parent_id IS DISTINCT FROM " S_PARENT " OR " UNIT_PLACE_DIFFERS("unit") ")",
	/* Parents are linked by the update, run after this. */
	"INSERT INTO unit(code, name, depth, households, population, lat, long, address)\n"
	"SELECT code, name, depth, households, population, lat, long, address FROM s_unit s WHERE true ORDER BY seq\n"
	"ON CONFLICT (code) DO NOTHING",
	NULL,
	"INSERT INTO unit(id, code, name, depth, households, population, lat, long, address)\n"
	"SELECT m.id + row_number() OVER (ORDER BY s.seq), s.code, s.name, s.depth, s.households, s.population,\n"
	"  s.lat, s.long, s.address\n"
	"FROM s_unit s CROSS JOIN (SELECT coalesce(max(id), 0) AS id FROM unit) m\n"
	"WHERE NOT EXISTS (SELECT 1 FROM unit u WHERE u.code = s.code) ORDER BY s.seq\n"
	"ON CONFLICT (code) DO NOTHING",
};

#define ASSIGN_MATCH \
	"EXISTS (SELECT 1 FROM s_assign s WHERE s.unit = (SELECT code FROM unit WHERE id = a.unit_id)\n" \
	"  AND s.person = (SELECT pid FROM person WHERE id = a.person_id) AND s.duty = a.duty)"
static const struct merge_sql merge_assignments = {
	"SELECT count(*) FROM s_assign",
	NULL,
	NULL,
	NULL,
	/* An unknown unit or person leaves a NULL: NOT NULL fails; so does
	 * an assignment given twice in the file, found by the same sort that
	 * puts the rows in key order (they append to the tree instead of
	 * scattering).  Rows already there are skipped by the upsert. */
	"INSERT INTO assignment(unit_id, person_id, duty)\n"
	"SELECT CASE WHEN count(*) = 1 THEN u.id END, p.id, s.duty FROM s_assign s\n"
	"LEFT JOIN unit u ON u.code = s.unit LEFT JOIN person p ON p.pid = s.person WHERE true\n"
	"GROUP BY u.id, p.id, s.duty ORDER BY u.id, p.id, s.duty ON CONFLICT DO NOTHING",
	NULL,
	NULL,
};

static const struct merge_sql merge_settings = {
	"SELECT count(*) FROM s_setting",
	NULL,
	NULL,
	"UPDATE setting SET value = s.value FROM s_setting s WHERE s.key = setting.key AND setting.value <> s.value",
	"INSERT INTO setting(key, value) SELECT key, value FROM s_setting s\n"
	"WHERE NOT EXISTS (SELECT 1 FROM setting t WHERE t.key = s.key)",
	NULL,
	NULL,
};

/* Counts come from the rows each statement changes, except where the
 * writes do not map one to one onto "added" and "updated" (levels move
 * names around; new units are linked to their parents by the update):
 * there they are counted before the writes. */
static int merge_section(struct store *s, int counted, const struct merge_sql *m, const char *what,
	grid_import_counts *c)
{
	int64_t total = 0, n = 0;
	int rc;

	c->added = c->updated = 0;
	if ((rc = query_count(s, m->total, NULL, &total)))
		return rc;
	if (counted) {
		if ((rc = query_count(s, m->added, NULL, &c->added)) || (rc = query_count(s, m->updated, NULL, &c->updated)))
			return rc;
		/* Units: new rows first, so that the update can link every parent. */
		if (m == &merge_units &&
		    ((rc = run(s, merge_insert(s, m), NULL, what)) || (rc = run(s, m->update, NULL, what))))
			return rc;
		if (m != &merge_units &&
		    ((rc = run(s, m->update, NULL, what)) || (rc = run(s, merge_insert(s, m), NULL, what))))
			return rc;
	} else {
		if (m->clear && (rc = run(s, m->clear, NULL, what)))
			return rc;
		if (m->update && (rc = run_n(s, m->update, NULL, what, &c->updated)))
			return rc;
		if ((rc = run_n(s, merge_insert(s, m), NULL, what, &n)))
			return rc;
		c->added = n;
	}
	c->unchanged = total - c->added - c->updated;
	return GRID_OK;
}

#define HAS(sec) (present & (1u << (sec)))

/* Rows that --prune would remove but must stay, as refusals: each query
 * (taking the actor as ?1 where it has a parameter) names the first one. */
static const struct {
	int section;
	const char *sql, *fmt;
} prune_refusals[] = {
	{ GRID_SECTION_UNITS,
	  "SELECT code FROM unit u WHERE NOT EXISTS (SELECT 1 FROM s_unit s WHERE s.code = u.code)\n"
	  "  AND (EXISTS (SELECT 1 FROM issue i WHERE i.unit_id = u.id OR i.handling_unit_id = u.id)\n"
	  "    OR EXISTS (SELECT 1 FROM event e WHERE e.handling_unit_id = u.id)\n"
	  "    OR EXISTS (SELECT 1 FROM visit v WHERE v.unit_id = u.id)\n"
	  "    OR EXISTS (SELECT 1 FROM diary d WHERE d.unit_id = u.id)) ORDER BY code LIMIT 1",
	  N_("cannot remove unit '%s': it has issues, visits or diary entries; keep it in the file") },
	/* Targets the file does not name are gone by now (a targets section
	 * and --prune); figures are never removed. */
	{ GRID_SECTION_UNITS,
	  "SELECT code FROM unit u WHERE NOT EXISTS (SELECT 1 FROM s_unit s WHERE s.code = u.code)\n"
	  "  AND (EXISTS (SELECT 1 FROM target t WHERE t.unit_id = u.id)\n"
	  "    OR EXISTS (SELECT 1 FROM target_record r WHERE r.unit_id = u.id)) ORDER BY code LIMIT 1",
	  N_("cannot remove unit '%s': it has targets or recorded figures; keep it in the file") },
	{ GRID_SECTION_CATEGORIES,
	  "SELECT code FROM category c WHERE NOT EXISTS (SELECT 1 FROM s_cat s WHERE s.code = c.code)\n"
	  "  AND EXISTS (SELECT 1 FROM issue i WHERE i.category_id = c.id) ORDER BY code LIMIT 1",
	  N_("cannot remove category '%s': it has issues; keep it in the file") },
	/* The handler of an open case must stay: it is theirs to resolve, and
	 * nobody could act as them any more.  Closed and rejected cases keep
	 * the id as text in their history. */
	{ GRID_SECTION_PEOPLE,
	  "SELECT p.pid, CAST(i.id AS TEXT), i.status\n"
	  "FROM issue i JOIN person p ON p.pid = i.handler\n"
	  "WHERE i.handler_kind = 'person' AND i.status IN ('accepted','assigned','resolved')\n"
	  "  AND p.pid IS DISTINCT FROM ?1 AND NOT EXISTS (SELECT 1 FROM s_person s WHERE s.pid = p.pid)\n"
	  "ORDER BY p.pid, i.id LIMIT 1",
	  N_("cannot remove person '%s': they handle open issue %s (%s); keep them in the file until it is closed or "
	     "assigned elsewhere") },
	{ GRID_SECTION_DEPARTMENTS,
	  "SELECT d.code, CAST(i.id AS TEXT), i.status\n"
	  "FROM issue i JOIN department d ON d.code = i.handler\n"
	  "WHERE i.handler_kind = 'department' AND i.status IN ('accepted','assigned','resolved')\n"
	  "  AND NOT EXISTS (SELECT 1 FROM s_dept s WHERE s.code = d.code)\n"
	  "ORDER BY d.code, i.id LIMIT 1",
	  N_("cannot remove department '%s': it handles open issue %s (%s); keep it in the file until it is closed or "
	     "assigned elsewhere") },
	/* A key project's unit is a row reference, kept whatever its stage.
	 * Its person is an id as text: one not completed needs them, as an
	 * open case its handler; a completed one keeps the id. */
	{ GRID_SECTION_UNITS,
	  "SELECT u.code, p.code FROM project p JOIN unit u ON u.id = p.unit_id\n"
	  "WHERE NOT EXISTS (SELECT 1 FROM s_unit s WHERE s.code = u.code) ORDER BY u.code, p.code LIMIT 1",
	  N_("cannot remove unit '%s': it is the responsible unit of key project '%s'; keep it in the file or give the "
	     "project another unit") },
	{ GRID_SECTION_PEOPLE,
	  "SELECT pp.pid, p.code FROM project p JOIN person pp ON pp.pid = p.person\n"
	  "WHERE p.stage <> 'done' AND pp.pid IS DISTINCT FROM ?1\n"
	  "  AND NOT EXISTS (SELECT 1 FROM s_person s WHERE s.pid = pp.pid) ORDER BY pp.pid, p.code LIMIT 1",
	  N_("cannot remove person '%s': they are responsible for key project '%s', not completed; keep them in the file "
	     "or give the project another person") },
};

/* Remove the assignments, people and units the file no longer has.  A
 * person's or unit's assignments go with them, counted with the
 * assignments removed (that section then shows, even when the file has
 * none). */
static int prune_holders(struct store *s, unsigned present, const char *actor, grid_import_result *res)
{
	int64_t *assignments = &res->sections[GRID_SECTION_ASSIGNMENTS].removed;
	int64_t n = 0;
	int rc;

	if (HAS(GRID_SECTION_ASSIGNMENTS) && ((rc = store_exec(s, assign_key)) ||
	    (rc = run_n(s, "DELETE FROM assignment AS a WHERE NOT " ASSIGN_MATCH, NULL, "pruning assignments",
		     assignments))))
		return rc;
	if (HAS(GRID_SECTION_PEOPLE)) {
		if ((rc = run_n(s, "DELETE FROM assignment WHERE person_id IN (SELECT id FROM person p\n"
				   "  WHERE NOT EXISTS (SELECT 1 FROM s_person s WHERE s.pid = p.pid) AND p.pid IS DISTINCT FROM ?1)",
			     actor, "pruning people", &n)))
			return rc;
		*assignments += n;
		if ((rc = run_n(s, "DELETE FROM person WHERE NOT EXISTS (SELECT 1 FROM s_person s WHERE s.pid = person.pid)\n"
				   "  AND person.pid IS DISTINCT FROM ?1",
			     actor, "pruning people", &res->sections[GRID_SECTION_PEOPLE].removed)))
			return rc;
	}
	if (HAS(GRID_SECTION_UNITS)) {
		if ((rc = run_n(s, "DELETE FROM assignment WHERE unit_id IN (SELECT id FROM unit u\n"
				   "  WHERE NOT EXISTS (SELECT 1 FROM s_unit s WHERE s.code = u.code))",
			     NULL, "pruning units", &n)))
			return rc;
		*assignments += n;
		if ((rc = run_n(s, "DELETE FROM unit WHERE NOT EXISTS (SELECT 1 FROM s_unit s WHERE s.code = unit.code)",
			     NULL, "pruning units", &res->sections[GRID_SECTION_UNITS].removed)))
			return rc;
	}
	return GRID_OK;
}

/* Remove the categories, departments, levels and settings the file no
 * longer has: after the people and categories that could still refer to
 * a department are gone. */
static int prune_lists(struct store *s, unsigned present, grid_import_result *res)
{
	int rc;

	if (HAS(GRID_SECTION_CATEGORIES) &&
	    (rc = run_n(s, "DELETE FROM category WHERE NOT EXISTS (SELECT 1 FROM s_cat s WHERE s.code = category.code)",
			NULL, "pruning categories", &res->sections[GRID_SECTION_CATEGORIES].removed)))
		return rc;
	if (HAS(GRID_SECTION_DEPARTMENTS) &&
	    ((rc = refuse(s,
		      "SELECT d.code FROM department d WHERE NOT EXISTS (SELECT 1 FROM s_dept s WHERE s.code = d.code)\n"
		      "  AND (EXISTS (SELECT 1 FROM category c WHERE c.department_id = d.id)\n"
		      "    OR EXISTS (SELECT 1 FROM person p WHERE p.department_id = d.id)) ORDER BY d.code LIMIT 1",
		      GRID_ECONFLICT, N_("cannot remove department '%s': a category or person still belongs to it"), NULL)) ||
	     (rc = run_n(s, "DELETE FROM department WHERE NOT EXISTS (SELECT 1 FROM s_dept s WHERE s.code = department.code)",
			 NULL, "pruning departments", &res->sections[GRID_SECTION_DEPARTMENTS].removed))))
		return rc;
	if (HAS(GRID_SECTION_LEVELS) &&
	    (rc = run_n(s, "DELETE FROM level WHERE NOT EXISTS (SELECT 1 FROM s_level s WHERE s.depth = level.depth)",
			NULL, "pruning levels", &res->sections[GRID_SECTION_LEVELS].removed)))
		return rc;
	if (HAS(GRID_SECTION_SETTINGS) &&
	    (rc = run_n(s, "DELETE FROM setting WHERE key IN " ROSTER_SETTINGS "\n"
			   "  AND NOT EXISTS (SELECT 1 FROM s_setting s WHERE s.key = setting.key)", NULL, "pruning settings",
			&res->sections[GRID_SECTION_SETTINGS].removed)))
		return rc;
	return GRID_OK;
}

static int prune_rows(struct store *s, unsigned present, const char *actor, grid_import_result *res, int *actor_kept)
{
	int64_t n = 0;
	size_t i;
	int rc;

	for (i = 0; i < GRID_ARRAY_SIZE(prune_refusals); i++) {
		if (HAS(prune_refusals[i].section) &&
		    (rc = refuse(s, prune_refusals[i].sql, GRID_ECONFLICT, prune_refusals[i].fmt, actor)))
			return rc;
	}
	if (HAS(GRID_SECTION_PEOPLE) && actor) {
		if ((rc = query_count(s, "SELECT count(*) FROM person p WHERE p.pid = ?1\n"
					 "  AND NOT EXISTS (SELECT 1 FROM s_person s WHERE s.pid = p.pid)", actor, &n)))
			return rc;
		*actor_kept = n > 0;
	}
	if ((rc = prune_holders(s, present, actor, res)))
		return rc;
	return prune_lists(s, present, res);
}

/* Rows the file did not touch must still fit the tree and the levels. */
static const char *const after_checks[][2] = {
	{ "SELECT code FROM unit WHERE depth NOT IN (SELECT depth FROM level) ORDER BY code LIMIT 1",
	  N_("unit '%s' in the database would be left at a level that no longer exists") },
	{ "SELECT u.code FROM unit u JOIN unit p ON p.id = u.parent_id WHERE u.depth <> p.depth + 1 ORDER BY u.code LIMIT 1",
	  N_("unit '%s' in the database would no longer be at the level right below its parent's") },
	{ "SELECT code FROM unit WHERE parent_id IS NULL AND depth <> 0 ORDER BY code LIMIT 1",
	  N_("unit '%s' in the database would be left without a parent below the top level") },
	{ "SELECT value FROM setting WHERE key = 'ranking.level' AND value NOT IN (SELECT name FROM level)",
	  N_("the ranking level '%s' would no longer exist") },
};

int store_stage_merge(struct store *s, unsigned present, int prune, const char *actor, grid_import_result *res,
	int *actor_kept)
{
	static const struct {
		int section;
		const struct merge_sql *m;
		const char *what;
	} order[] = {
		{ GRID_SECTION_LEVELS, &merge_levels, N_("writing levels") },
		{ GRID_SECTION_DEPARTMENTS, &merge_depts, N_("writing departments") },
		{ GRID_SECTION_CATEGORIES, &merge_cats, N_("writing categories") },
		{ GRID_SECTION_PEOPLE, &merge_people, N_("writing people") },
		{ GRID_SECTION_UNITS, &merge_units, N_("writing units") },
		{ GRID_SECTION_ASSIGNMENTS, &merge_assignments, N_("writing assignments") },
		{ GRID_SECTION_SETTINGS, &merge_settings, N_("writing settings") },
	};
	static const struct sql_dialects defer = { "PRAGMA defer_foreign_keys = ON", "SET CONSTRAINTS ALL DEFERRED" };
	/* A merge of assignments that a NOT NULL refuses is not the end: the
	 * caller places the culprits with store_stage_check_assignments,
	 * which PostgreSQL runs only in a transaction not failed. */
	static const struct sql_dialects mark = { NULL, "SAVEPOINT merge_assignments" };
	static const struct sql_dialects undo = { NULL, "ROLLBACK TO SAVEPOINT merge_assignments" };
	size_t i;
	int rc;

	*actor_kept = 0;
	if ((rc = store_exec_dialect(s, &defer)))
		return rc;
	for (i = 0; i < GRID_ARRAY_SIZE(order); i++) {
		int sec = order[i].section;
		int assignments = sec == GRID_SECTION_ASSIGNMENTS;

		if (!HAS(sec))
			continue;
		if (assignments && (rc = store_exec_dialect(s, &mark)))
			return rc;
		rc = merge_section(s, sec == GRID_SECTION_LEVELS || sec == GRID_SECTION_UNITS, order[i].m, order[i].what,
			&res->sections[sec]);
		if (rc && assignments && s->err_not_null)
			return store_exec_dialect(s, &undo) ? rc : 1;
		if (rc)
			return rc;
	}
	if (prune && (rc = prune_rows(s, present, actor, res, actor_kept)))
		return rc;
	for (i = 0; i < GRID_ARRAY_SIZE(after_checks); i++) {
		if ((rc = refuse(s, after_checks[i][0], GRID_EINPUT, after_checks[i][1], NULL)))
			return rc;
	}
	return GRID_OK;
}

#undef HAS

int store_stage_merge_departments(struct store *s, grid_import_counts *c)
{
	return merge_section(s, 0, &merge_depts, "writing departments", c);
}
