/* The SQL of a copy from one database into another (lib/store/copy.h):
 * a table's rows read as columns, DEST's rows by their keys, and writes,
 * the large tables in batches (COPY on PostgreSQL as the ledger's bulk
 * load in issue.c; multi-row INSERTs on SQLite). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../copy.h"
#include "../issue.h"
#include "../pg/pg.h"
#include "../sql.h"

/* ---- the tables ----------------------------------------------------------- */

/* What a copy knows of a table: the kinds of its columns ('i' integer,
 * 't' text, 'b' blob), how many of them are written, its rows read (a
 * page after ?1, ?2 rows, when PAGED), and its writes. */
struct table {
	const char *name;
	const char *kinds;
	int nwrite;
	int paged;
	const char *each;
	const char *insert;   /* one row */
	const char *insert16; /* SQLite: sixteen rows, those with a NULL id left out */
	const char *copy;     /* PostgreSQL */
	const char *next_id;
};

#define P4(x) x "," x "," x "," x
#define P16(x) P4(x) "," P4(x) "," P4(x) "," P4(x)

/* Sixteen rows of N values a statement; a row not bound (its id NULL)
 * is not written, so that the last batch may be shorter. */
#define INSERT16(table, cols, values) \
	"INSERT INTO " table "(" cols ")\nSELECT * FROM (VALUES " P16(values) ") WHERE column1 IS NOT NULL"

#define ISSUE_COLS \
	"id, ref, unit_id, handling_unit_id, category_id, title, detail, location, reported_by, reported_at,\n" \
	"  status, accepted_at, due_at, resolved_at, closed_at, handler, handler_kind, duplicate_of, reopened, changed_at,\n" \
	"  lat, long"
#define EVENT_COLS \
	"id, issue_id, at, actor, recorded_by, action, from_status, to_status, handling_unit_id, due_at, note,\n" \
	"  on_behalf, seq, hash"
#define VISIT_COLS "id, unit_id, household, person, at, note"
#define DIARY_COLS "id, unit_id, person, date, text, score, review_note, reviewed_by, reviewed_at"

#define INDICATOR_SELECT "SELECT id, code, name, measure FROM indicator"
#define TARGET_SELECT \
	"SELECT t.id, t.indicator_id, t.year, t.unit_id, t.value, t.decimals, t.set_by, t.set_at, i.code, u.code\n" \
	"FROM target t JOIN indicator i ON i.id = t.indicator_id LEFT JOIN unit u ON u.id = t.unit_id"
#define FIGURE_COLS "id, indicator_id, unit_id, as_of, value, decimals, recorded_by, recorded_at"
#define FIGURE_SELECT \
	"SELECT f.id, f.indicator_id, f.unit_id, f.as_of, f.value, f.decimals, f.recorded_by, f.recorded_at, i.code\n" \
	"FROM target_record f JOIN indicator i ON i.id = f.indicator_id"
#define PROJECT_SELECT \
	"SELECT p.id, p.code, p.name, p.level, p.stage, p.investment, p.unit_id, p.person, p.created_at,\n" \
	"  p.changed_at, u.code\n" \
	"FROM project p LEFT JOIN unit u ON u.id = p.unit_id"
#define PROJECT_EVENT_COLS \
	"id, project_id, at, kind, date, stage, investment, note, actor, recorded_by, name, level, unit, person"

#define V6 "(?,?,?,?,?,?)"
#define V9 "(?,?,?,?,?,?,?,?,?)"
#define V14 "(?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
#define V22 "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"

static const struct table tables[SC_TABLES] = {
	[SC_LEVEL] = { "level", "it", 2, 0, "SELECT depth, name FROM level ORDER BY depth",
		"INSERT INTO level(depth, name) VALUES (?1, ?2)", NULL, NULL, NULL },
	[SC_DEPARTMENT] = { "department", "itt", 3, 0, "SELECT id, code, name FROM department ORDER BY id",
		"INSERT INTO department(id, code, name) VALUES (?1, ?2, ?3) RETURNING id", NULL, NULL, NULL },
	[SC_CATEGORY] = { "category", "ittiit", 5, 0,
		"SELECT c.id, c.code, c.name, c.deadline_hours, c.department_id, d.code\n"
		"FROM category c LEFT JOIN department d ON d.id = c.department_id ORDER BY c.id",
		"INSERT INTO category(id, code, name, deadline_hours, department_id) VALUES (?1, ?2, ?3, ?4, ?5)\n"
		"RETURNING id",
		NULL, NULL, NULL },
	/* Parents before their children: by depth, then in tree order. */
	[SC_UNIT] = { "unit", "ittiiiiiirrttt", 12, 0,
		"SELECT u.id, u.code, u.name, u.depth, u.parent_id, u.households, u.population, u.lft, u.rgt, u.lat,\n"
		"  u.long, u.address, l.name, p.code\n"
		"FROM unit u LEFT JOIN level l ON l.depth = u.depth LEFT JOIN unit p ON p.id = u.parent_id\n"
		"ORDER BY u.depth, u.lft, u.code",
		"INSERT INTO unit(id, code, name, depth, parent_id, households, population, lft, rgt, lat, long, address)\n"
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) RETURNING id",
		NULL, NULL, NULL },
	[SC_PERSON] = { "person", "ittttiit", 7, 0,
		"SELECT p.id, p.pid, p.name, p.login, p.phone, p.roles, p.department_id, d.code\n"
		"FROM person p LEFT JOIN department d ON d.id = p.department_id ORDER BY p.id",
		"INSERT INTO person(id, pid, name, login, phone, roles, department_id)\n"
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
		NULL, NULL, NULL },
	[SC_ASSIGNMENT] = { "assignment", "iit", 3, 0,
		"SELECT unit_id, person_id, duty FROM assignment ORDER BY unit_id, person_id, duty",
		"INSERT INTO assignment(unit_id, person_id, duty) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING", NULL, NULL,
		NULL },
	[SC_SETTING] = { "setting", "tt", 2, 0, "SELECT key, value FROM setting ORDER BY key",
		"INSERT INTO setting(key, value) VALUES (?1, ?2)", NULL, NULL, NULL },
	[SC_ISSUE] = { "issue", "itiiittttitiiiittiiirr", 22, 1,
		"SELECT " ISSUE_COLS " FROM issue WHERE id > ?1 ORDER BY id LIMIT ?2", NULL,
		INSERT16("issue", ISSUE_COLS, V22), "COPY issue(" ISSUE_COLS ") FROM STDIN",
		"SELECT coalesce(max(id), 0) + 1 FROM issue" },
	/* Read by store_history_scan. */
	[SC_EVENT] = { "event", "iiitttttiitiib", 14, 1, NULL, NULL, INSERT16("event", EVENT_COLS, V14),
		"COPY event(" EVENT_COLS ") FROM STDIN", "SELECT coalesce(max(id), 0) + 1 FROM event" },
	[SC_VISIT] = { "visit", "iittit", 6, 1,
		"SELECT " VISIT_COLS " FROM visit WHERE id > ?1 ORDER BY id LIMIT ?2", NULL,
		INSERT16("visit", VISIT_COLS, V6), "COPY visit(" VISIT_COLS ") FROM STDIN",
		"SELECT coalesce(max(id), 0) + 1 FROM visit" },
	[SC_DIARY] = { "diary", "iitttitti", 9, 1,
		"SELECT " DIARY_COLS " FROM diary WHERE id > ?1 ORDER BY id LIMIT ?2", NULL,
		INSERT16("diary", DIARY_COLS, V9), "COPY diary(" DIARY_COLS ") FROM STDIN",
		"SELECT coalesce(max(id), 0) + 1 FROM diary" },
	/* The year's work: small tables, a row at a time. */
	[SC_INDICATOR] = { "indicator", "ittt", 4, 0, INDICATOR_SELECT " ORDER BY id",
		"INSERT INTO indicator(id, code, name, measure) VALUES (?1, ?2, ?3, ?4) RETURNING id", NULL, NULL, NULL },
	[SC_TARGET] = { "target", "iiiiiititt", 8, 0, TARGET_SELECT " ORDER BY t.id",
		"INSERT INTO target(id, indicator_id, year, unit_id, value, decimals, set_by, set_at)\n"
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id",
		NULL, NULL, NULL },
	[SC_FIGURE] = { "target_record", "iiitiitit", 8, 0, FIGURE_SELECT " ORDER BY f.id",
		"INSERT INTO target_record(" FIGURE_COLS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id", NULL,
		NULL, NULL },
	[SC_PROJECT] = { "project", "ittttiitiit", 10, 0, PROJECT_SELECT " ORDER BY p.id",
		"INSERT INTO project(id, code, name, level, stage, investment, unit_id, person, created_at, changed_at)\n"
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) RETURNING id",
		NULL, NULL, NULL },
	[SC_PROJECT_EVENT] = { "project_event", "iiitttittttttt", 14, 0,
		"SELECT " PROJECT_EVENT_COLS " FROM project_event ORDER BY id",
		"INSERT INTO project_event(" PROJECT_EVENT_COLS ")\n"
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14) RETURNING id",
		NULL, NULL, NULL },
	[SC_ISSUE_REF] = { "issue", "it", 0, 1,
		"SELECT id, ref FROM issue WHERE id > ?1 AND ref IS NOT NULL ORDER BY id LIMIT ?2", NULL, NULL, NULL,
		NULL },
	[SC_ISSUE_KEY] = { "issue", "iiit", 0, 1,
		"SELECT id, unit_id, reported_at, title FROM issue WHERE id > ?1 AND ref IS NULL ORDER BY id LIMIT ?2",
		NULL, NULL, NULL, NULL },
};

/* The emptiness of each table, one text a table (statements are cached
 * by the address of their text). */
static const char *const empty_sql[SC_TABLES] = {
	[SC_LEVEL] = "SELECT NOT EXISTS (SELECT 1 FROM level)",
	[SC_DEPARTMENT] = "SELECT NOT EXISTS (SELECT 1 FROM department)",
	[SC_CATEGORY] = "SELECT NOT EXISTS (SELECT 1 FROM category)",
	[SC_UNIT] = "SELECT NOT EXISTS (SELECT 1 FROM unit)",
	[SC_PERSON] = "SELECT NOT EXISTS (SELECT 1 FROM person)",
	[SC_ASSIGNMENT] = "SELECT NOT EXISTS (SELECT 1 FROM assignment)",
	[SC_SETTING] = "SELECT NOT EXISTS (SELECT 1 FROM setting)",
	[SC_ISSUE] = "SELECT NOT EXISTS (SELECT 1 FROM issue)",
	[SC_EVENT] = "SELECT NOT EXISTS (SELECT 1 FROM event)",
	[SC_VISIT] = "SELECT NOT EXISTS (SELECT 1 FROM visit)",
	[SC_DIARY] = "SELECT NOT EXISTS (SELECT 1 FROM diary)",
	[SC_INDICATOR] = "SELECT NOT EXISTS (SELECT 1 FROM indicator)",
	[SC_TARGET] = "SELECT NOT EXISTS (SELECT 1 FROM target)",
	[SC_FIGURE] = "SELECT NOT EXISTS (SELECT 1 FROM target_record)",
	[SC_PROJECT] = "SELECT NOT EXISTS (SELECT 1 FROM project)",
	[SC_PROJECT_EVENT] = "SELECT NOT EXISTS (SELECT 1 FROM project_event)",
	[SC_ISSUE_REF] = "SELECT NOT EXISTS (SELECT 1 FROM issue WHERE ref IS NOT NULL)",
	[SC_ISSUE_KEY] = "SELECT NOT EXISTS (SELECT 1 FROM issue WHERE ref IS NULL)",
};

/* The lookups: their table (the columns of the row found), SQL, and the
 * columns of the key row bound to ?1, ?2, … */
static const struct {
	enum store_copy_table t;
	const char *sql;
	int nkeys;
	int key[6];
} finds[] = {
	[SF_LEVEL_DEPTH] = { SC_LEVEL, "SELECT depth, name FROM level WHERE depth = ?1", 1, { LV_DEPTH } },
	[SF_LEVEL_NAME] = { SC_LEVEL, "SELECT depth, name FROM level WHERE name = ?1", 1, { LV_NAME } },
	[SF_DEPARTMENT] = { SC_DEPARTMENT, "SELECT id, code, name FROM department WHERE code = ?1", 1, { DP_CODE } },
	[SF_CATEGORY] = { SC_CATEGORY,
		"SELECT c.id, c.code, c.name, c.deadline_hours, c.department_id, d.code\n"
		"FROM category c LEFT JOIN department d ON d.id = c.department_id WHERE c.code = ?1",
		1, { CT_CODE } },
	[SF_UNIT] = { SC_UNIT,
		"SELECT u.id, u.code, u.name, u.depth, u.parent_id, u.households, u.population, u.lft, u.rgt, u.lat,\n"
		"  u.long, u.address, l.name, p.code\n"
		"FROM unit u LEFT JOIN level l ON l.depth = u.depth LEFT JOIN unit p ON p.id = u.parent_id\n"
		"WHERE u.code = ?1",
		1, { UN_CODE } },
	[SF_PERSON] = { SC_PERSON,
		"SELECT p.id, p.pid, p.name, p.login, p.phone, p.roles, p.department_id, d.code\n"
		"FROM person p LEFT JOIN department d ON d.id = p.department_id WHERE p.pid = ?1",
		1, { PS_PID } },
	[SF_PERSON_LOGIN] = { SC_PERSON,
		"SELECT p.id, p.pid, p.name, p.login, p.phone, p.roles, p.department_id, d.code\n"
		"FROM person p LEFT JOIN department d ON d.id = p.department_id WHERE p.login = ?1",
		1, { PS_LOGIN } },
	[SF_SETTING] = { SC_SETTING, "SELECT key, value FROM setting WHERE key = ?1", 1, { ST_KEY } },
	[SF_VISIT] = { SC_VISIT,
		"SELECT " VISIT_COLS " FROM visit WHERE unit_id = ?1 AND household = ?2 AND person = ?3 AND at = ?4", 4,
		{ VS_UNIT_ID, VS_HOUSEHOLD, VS_PERSON, VS_AT } },
	[SF_DIARY] = { SC_DIARY,
		"SELECT " DIARY_COLS " FROM diary WHERE unit_id = ?1 AND person = ?2 AND date = ?3", 3,
		{ DI_UNIT_ID, DI_PERSON, DI_DATE } },
	[SF_ISSUE_KEY] = { SC_ISSUE_KEY,
		"SELECT id, unit_id, reported_at, title FROM issue\n"
		"WHERE unit_id = ?1 AND reported_at = ?2 AND title = ?3 AND ref IS NULL",
		3, { IK_UNIT_ID, IK_REPORTED_AT, IK_TITLE } },
	[SF_INDICATOR] = { SC_INDICATOR, INDICATOR_SELECT " WHERE code = ?1", 1, { IN_CODE } },
	/* A target for the whole database has no unit: coalesce matches it. */
	[SF_TARGET] = { SC_TARGET,
		TARGET_SELECT "\nWHERE t.indicator_id = ?1 AND t.year = ?2 AND coalesce(t.unit_id, 0) = coalesce(?3, 0)", 3,
		{ TG_INDICATOR_ID, TG_YEAR, TG_UNIT_ID } },
	[SF_FIGURE] = { SC_FIGURE,
		FIGURE_SELECT "\n"
		"WHERE f.indicator_id = ?1 AND coalesce(f.unit_id, 0) = coalesce(?2, 0) AND f.as_of = ?3 AND f.value = ?4\n"
		"  AND f.decimals = ?5 AND f.recorded_at = ?6",
		6, { FG_INDICATOR_ID, FG_UNIT_ID, FG_AS_OF, FG_VALUE, FG_DECIMALS, FG_RECORDED_AT } },
	[SF_PROJECT] = { SC_PROJECT, PROJECT_SELECT " WHERE p.code = ?1", 1, { PJ_CODE } },
};

/* ---- rows and statements ---------------------------------------------------- */

static void read_row(struct sql_stmt *st, const char *kinds, struct store_copy_row *r)
{
	for (int k = 0; kinds[k]; k++) {
		r->null[k] = (unsigned char)sql_is_null(st, k);
		r->v[k] = 0;
		r->t[k] = NULL;
		if (kinds[k] == 'i') {
			r->v[k] = r->null[k] ? 0 : sql_int64(st, k);
		} else if (kinds[k] == 'r') {
			double d = r->null[k] ? 0 : sql_double(st, k);

			memcpy(&r->v[k], &d, sizeof(d));
		} else if (kinds[k] == 't') {
			r->t[k] = sql_text(st, k);
		} else {
			size_t n = 0;

			r->t[k] = sql_blob(st, k, &n);
			r->v[k] = (int64_t)n;
		}
	}
}

/* Bind column K of R to parameter P of ST: texts copied unless STATIC
 * (they must then live until the step). */
static int bind_col(struct sql_stmt *st, int p, char kind, const struct store_copy_row *r, int k, int is_static)
{
	if (kind == 'i')
		return r->null[k] ? sql_bind_null(st, p) : sql_bind_int64(st, p, r->v[k]);
	if (kind == 'r') {
		double d;

		memcpy(&d, &r->v[k], sizeof(d));
		return r->null[k] ? sql_bind_null(st, p) : sql_bind_double(st, p, d);
	}
	if (!r->t[k])
		return sql_bind_null(st, p);
	if (kind == 'b')
		return sql_bind_blob(st, p, r->t[k], (size_t)r->v[k]);
	return st->drv->bind_text(st, p, r->t[k], is_static);
}

static int bind_row(struct sql_stmt *st, int base, const struct table *t, const struct store_copy_row *r,
	int is_static)
{
	int rc;

	for (int k = 0; k < t->nwrite; k++)
		if ((rc = bind_col(st, base + k + 1, t->kinds[k], r, k, is_static)) != SQL_DONE)
			return rc;
	return SQL_DONE;
}

/* ---- reading ---------------------------------------------------------------- */

int store_copy_is_file(const char *name, const char **path)
{
	if (strncmp(name, "sqlite:", 7) == 0) {
		*path = name + 7;
		return 1;
	}
	*path = name;
	return !pg_is_conninfo(name);
}

int store_holds_data(struct store *s, int *yes)
{
	static const char sql[] =
		"SELECT CASE WHEN EXISTS (SELECT 1 FROM unit) OR EXISTS (SELECT 1 FROM issue) THEN 1 ELSE 0 END";
	struct sql_stmt *st;
	int64_t v = 0;
	int rc;

	*yes = 0;
	if ((rc = store_stmt(s, sql, &st)) || (rc = store_read_int64(s, st, &v, NULL, "reading the database")))
		return rc;
	*yes = v != 0;
	return GRID_OK;
}

int store_copy_read_begin(struct store *s)
{
	static const struct sql_dialects begin = { "BEGIN", "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" };

	return store_exec_dialect(s, &begin);
}

void store_copy_read_end(struct store *s)
{
	/* Nothing was written: its end has nothing to report. */
	s->drv->exec(s, "COMMIT");
}

int store_copy_same_server_db(struct store *a, struct store *b, int *same)
{
	/* The backend of A (its pid and start, in microseconds: not a text
	 * that the session's time zone spells) as B's server sees it, in B's
	 * database. */
	static const char mine[] =
		"SELECT pid || ' ' || (extract(epoch FROM backend_start) * 1000000)::bigint FROM pg_stat_activity\n"
		"WHERE pid = pg_backend_pid()";
	static const char seen[] =
		"SELECT count(*) FROM pg_stat_activity\n"
		"WHERE pid || ' ' || (extract(epoch FROM backend_start) * 1000000)::bigint = ?1\n"
		"  AND datname = current_database()";
	struct sql_stmt *st;
	char *me = NULL;
	int64_t n = 0;
	int rc;

	*same = 0;
	if (store_engine(a) != SQL_PG || store_engine(b) != SQL_PG)
		return GRID_OK;
	if ((rc = store_stmt(a, mine, &st)) || (rc = store_read_text(a, st, &me, NULL, "reading the session")))
		return rc;
	if (me && !(rc = store_stmt(b, seen, &st))) {
		store_bind_static_text(st, 1, me);
		rc = store_read_int64(b, st, &n, NULL, "reading the sessions");
	}
	free(me);
	*same = n > 0;
	return rc;
}

struct each {
	const struct table *t;
	store_copy_row_cb cb;
	void *ctx;
	int64_t last, rows;
};

static int each_row(void *arg, struct sql_stmt *st)
{
	struct each *w = arg;
	struct store_copy_row r;

	read_row(st, w->t->kinds, &r);
	w->last = r.v[0];
	w->rows++;
	return w->cb(w->ctx, &r);
}

/* PostgreSQL's driver holds a whole result in memory: the large tables
 * come a page at a time, each after the last id of the one before. */
#define PAGE 10000

int store_copy_each(struct store *s, enum store_copy_table t, store_copy_row_cb cb, void *ctx)
{
	struct each w = { &tables[t], cb, ctx, INT64_MIN, 0 };
	struct sql_stmt *st;
	int rc;

	do {
		w.rows = 0;
		if ((rc = store_stmt(s, w.t->each, &st)))
			return rc;
		if (w.t->paged) {
			sql_bind_int64(st, 1, w.last);
			sql_bind_int64(st, 2, PAGE);
		}
		if ((rc = store_rows(s, st, each_row, &w, "reading the source")))
			return rc;
	} while (w.t->paged && w.rows == PAGE);
	return GRID_OK;
}

int store_copy_empty(struct store *s, enum store_copy_table t, int *empty)
{
	struct sql_stmt *st;
	int64_t yes = 0;
	int rc;

	*empty = 0;
	if ((rc = store_stmt(s, empty_sql[t], &st)) || (rc = store_read_int64(s, st, &yes, NULL, "reading the dest")))
		return rc;
	*empty = yes != 0;
	return GRID_OK;
}

int store_copy_next_id(struct store *s, enum store_copy_table t, int64_t *id)
{
	struct sql_stmt *st;
	int rc;

	*id = 1;
	if ((rc = store_stmt(s, tables[t].next_id, &st)))
		return rc;
	return store_read_int64(s, st, id, NULL, "reading the dest");
}

/* Keep the texts and blobs of R (columns KINDS) in F's buffer. */
static int keep_found(struct store_copy_found *f, const char *kinds, const struct store_copy_row *r)
{
	size_t need = 0, at = 0, len[STORE_COPY_COLS];

	f->r = *r;
	for (int k = 0; kinds[k]; k++) {
		len[k] = !r->t[k] ? 0 : kinds[k] == 'b' ? (size_t)r->v[k] : strlen(r->t[k]) + 1;
		need += len[k];
	}
	if (need > f->cap) {
		char *p = realloc(f->buf, need);

		if (!p)
			return grid_error_oom();
		f->buf = p;
		f->cap = need;
	}
	for (int k = 0; kinds[k]; k++) {
		if (!r->t[k])
			continue;
		memcpy(f->buf + at, r->t[k], len[k]);
		f->r.t[k] = f->buf + at;
		at += len[k];
	}
	return GRID_OK;
}

int store_copy_find(struct store *s, enum store_copy_find f, const struct store_copy_row *key,
	struct store_copy_found *out, int *found)
{
	const struct table *t = &tables[finds[f].t];
	struct store_copy_row r;
	struct sql_stmt *st;
	int rc;

	*found = 0;
	if ((rc = store_stmt(s, finds[f].sql, &st)))
		return rc;
	for (int i = 0; i < finds[f].nkeys; i++) {
		int k = finds[f].key[i];

		bind_col(st, i + 1, t->kinds[k], key, k, 0);
	}
	if ((rc = store_first_row(s, st, "reading the dest", found)) || !*found)
		return rc;
	read_row(st, t->kinds, &r);
	rc = keep_found(out, t->kinds, &r);
	sql_reset(st);
	return rc;
}

void store_copy_found_free(struct store_copy_found *f)
{
	free(f->buf);
	memset(f, 0, sizeof(*f));
}

/* ---- writing ---------------------------------------------------------------- */

int store_copy_insert(struct store *s, enum store_copy_table t, const struct store_copy_row *r, int64_t *id)
{
	const struct table *tb = &tables[t];
	struct sql_stmt *st;
	int rc;

	*id = 0;
	if ((rc = store_stmt(s, tb->insert, &st)))
		return rc;
	if ((rc = bind_row(st, 0, tb, r, 1)) != SQL_DONE)
		return store_error(s, rc, "writing the dest");
	rc = sql_step(st);
	if (rc == SQL_ROW)
		*id = sql_int64(st, 0);
	sql_reset(st);
	if (rc == SQL_ROW || rc == SQL_DONE) {
		/* An assignment already there wrote nothing. */
		if (t == SC_ASSIGNMENT)
			*id = store_changes(s) > 0;
		return GRID_OK;
	}
	return rc == SQL_ECONSTRAINT ? 1 : store_error(s, rc, "writing the dest");
}

void store_copy_out_init(struct store_copy_out *o, struct store *s, enum store_copy_table t)
{
	memset(o, 0, sizeof(*o));
	o->s = s;
	o->t = t;
}

#define BATCH 16

int store_copy_put(struct store_copy_out *o, const struct store_copy_row *r)
{
	const struct table *t = &tables[o->t];
	int rc;

	if (store_engine(o->s) == SQL_PG) {
		/* A statement of COPY takes the row as it is stepped. */
		if ((rc = store_copy_stmt(o->s, t->copy, &o->st)))
			return rc;
		if ((rc = bind_row(o->st, 0, t, r, 1)) != SQL_DONE)
			return store_error(o->s, rc, "writing the dest");
		return store_step_done(o->s, o->st, "writing the dest");
	}
	/* SQLite: the texts are copied as they are bound, sixteen rows to a
	 * statement. */
	if (o->pending == 0 && (rc = store_stmt(o->s, t->insert16, &o->st)))
		return rc;
	if ((rc = bind_row(o->st, o->pending * t->nwrite, t, r, 0)) != SQL_DONE)
		return store_error(o->s, rc, "writing the dest");
	if (++o->pending < BATCH)
		return GRID_OK;
	o->pending = 0;
	return store_step_done(o->s, o->st, "writing the dest");
}

int store_copy_put_end(struct store_copy_out *o)
{
	if (o->pending == 0)
		return GRID_OK;
	o->pending = 0;
	return store_step_done(o->s, o->st, "writing the dest");
}

#define Q16 "?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?"
#define Q256 P16(Q16)

int store_copy_refs_taken(struct store *s, const char *const *refs, size_t n, int64_t *count)
{
	static const char sql[] = "SELECT count(*) FROM issue WHERE ref IN (" Q256 ")";
	struct sql_stmt *st;
	int rc;

	*count = 0;
	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	for (size_t i = 0; i < n && i < STORE_COPY_REFS; i++)
		store_bind_static_text(st, (int)i + 1, refs[i]);
	return store_read_int64(s, st, count, NULL, "reading the dest");
}

int store_copy_set_duplicate(struct store *s, int64_t id, int64_t dup)
{
	static const char sql[] = "UPDATE issue SET duplicate_of = ?2 WHERE id = ?1";
	struct sql_stmt *st;
	int rc;

	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	sql_bind_int64(st, 1, id);
	sql_bind_int64(st, 2, dup);
	return store_step_done(s, st, "writing the dest");
}

int store_copy_chain_hold(struct store *s, int64_t *next_id)
{
	int rc;

	if ((rc = store_chain_hold(s)))
		return rc;
	return store_chain_next_id(s, next_id);
}

int store_copy_chain_add(struct store *s, int64_t id, int64_t seq, const unsigned char *hash)
{
	struct store_link link;

	link.id = id;
	link.seq = seq;
	memcpy(link.hash, hash, HISTORY_HASH_BYTES);
	return store_chain_head_add(s, &link, 1);
}

int store_copy_head(struct store *s, const unsigned char *head, int64_t events)
{
	static const char sql[] = "INSERT INTO history_head(id, head, events) VALUES (1, ?1, ?2)\n"
				  "ON CONFLICT(id) DO UPDATE SET head = excluded.head, events = excluded.events";
	struct sql_stmt *st;
	int rc;

	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	sql_bind_blob(st, 1, head, HISTORY_HASH_BYTES);
	sql_bind_int64(st, 2, events);
	return store_step_done(s, st, "writing the history's head");
}

static int key_row(void *arg, struct sql_stmt *st)
{
	struct store_bulk *b = arg;
	const char *table = sql_text(st, 0), *name = sql_text(st, 1), *def = sql_text(st, 2);
	size_t n;

	if (b->n >= sizeof(b->name) / sizeof(b->name[0]))
		return GRID_OK;
	n = strlen(table) + strlen(name) + strlen(def) + 40;
	if (!(b->name[b->n] = malloc(n)) || !(b->definition[b->n] = malloc(n))) {
		free(b->name[b->n]);
		b->name[b->n] = NULL;
		return grid_error_oom();
	}
	snprintf(b->name[b->n], n, "ALTER TABLE %s DROP CONSTRAINT \"%s\"", table, name);
	snprintf(b->definition[b->n], n, "ALTER TABLE %s ADD CONSTRAINT \"%s\" %s", table, name, def);
	b->n++;
	return GRID_OK;
}

int store_copy_keys_aside(struct store *s, struct store_bulk *b)
{
	static const char sql[] =
		"SELECT c.conrelid::regclass::text, c.conname, pg_catalog.pg_get_constraintdef(c.oid)\n"
		"FROM pg_catalog.pg_constraint c\n"
		"WHERE c.contype = 'f' AND c.conparentid = 0 AND c.conrelid IN ('issue'::regclass, 'event'::regclass)\n"
		"ORDER BY 1, 2";
	struct sql_stmt *st;
	int rc, empty = 0;

	memset(b, 0, sizeof(*b));
	if (store_engine(s) != SQL_PG)
		return GRID_OK;
	if ((rc = store_issues_empty(s, &empty)) || !empty)
		return rc;
	if ((rc = store_stmt(s, sql, &st)) || (rc = store_rows(s, st, key_row, b, "reading the schema")))
		return rc;
	for (size_t i = 0; i < b->n; i++)
		if ((rc = store_exec(s, b->name[i])))
			return rc;
	return GRID_OK;
}

int store_copy_analyze(struct store *s)
{
	/* The events too: the new ids are past what the statistics know,
	 * and without them the paged reads of the history (verify's, the
	 * next copy's) sort the whole table for every page. */
	static const struct sql_dialects analyze = {
		NULL,
		"ANALYZE unit, person, assignment, category, issue, event, visit, diary, indicator, target, target_record,\n"
		"  project, project_event",
	};

	return store_exec_dialect(s, &analyze);
}
