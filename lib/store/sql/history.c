/* The history's hash chain in SQLite: the columns and the head table of
 * schema version 2, the chain links of new events (issue.c's inserts),
 * the hashing of the events a database held before version 2, and the
 * reads of grid verify.  The encoding and the hash are lib/history_hash.c. */
#include <stdint.h>
#include <string.h>

#include "../history.h"
#include "../issue.h"
#include "../sql.h"


/* The trigger of version 1, which the migration lifts to write the chain
 * of the events already there: the same text, so that sqlite_schema
 * reads as before. */
static const char no_update_trigger[] =
	"CREATE TRIGGER event_no_update BEFORE UPDATE ON event\n"
	"BEGIN SELECT RAISE(ABORT, 'the history is append-only'); END;\n";

#define EVENT_ROW_COLUMNS \
	"SELECT id, issue_id, at, actor, recorded_by, action, from_status, to_status, handling_unit_id,\n" \
	"  due_at, note, on_behalf, seq, hash FROM event"

void store_event_content(const struct store_event *e, int64_t id, int64_t seq, struct history_content *c)
{
	const char *t[HT_COUNT] = { e->actor, e->recorded_by, e->action, e->from, e->to, e->note };

	c->id = id;
	c->issue_id = e->issue_id;
	c->seq = seq;
	c->at = e->at;
	c->unit_id = e->unit_id;
	/* As issue.c binds it: 0 is NULL. */
	c->due_at = e->due_at;
	c->has_due = e->due_at != 0;
	c->on_behalf = e->on_behalf != 0;
	for (int i = 0; i < HT_COUNT; i++) {
		c->text[i] = t[i];
		c->len[i] = t[i] ? strlen(t[i]) : 0;
	}
}

int store_chain_next_id(struct store *s, int64_t *id)
{
	static const char sql[] = "SELECT coalesce(max(id), 0) + 1 FROM event";
	struct sql_stmt *st;
	int rc;

	*id = 1;
	if (s->chain.valid) {
		*id = s->chain.next_id;
		return GRID_OK;
	}
	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	return store_read_int64(s, st, id, NULL, "reading the history");
}

int store_chain_tip(struct store *s, int64_t issue_id, unsigned char prev[HISTORY_HASH_BYTES], int64_t *seq)
{
	static const char sql[] = "SELECT hash, seq FROM event WHERE issue_id = ?1 ORDER BY id DESC LIMIT 1";
	struct sql_stmt *st;
	const void *p;
	size_t n;
	int rc, found;

	memcpy(prev, history_zero, HISTORY_HASH_BYTES);
	*seq = 0;
	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	sql_bind_int64(st, 1, issue_id);
	if ((rc = store_first_row(s, st, "reading the history", &found)) || !found)
		return rc;
	/* A hash of another size (a row written by other means) chains on
	 * from zero: grid verify reports the row. */
	if ((p = sql_blob(st, 0, &n)) && n == HISTORY_HASH_BYTES)
		memcpy(prev, p, HISTORY_HASH_BYTES);
	*seq = sql_int64(st, 1);
	sql_reset(st);
	return GRID_OK;
}

int store_history_head(struct store *s, unsigned char head[HISTORY_HASH_BYTES], int64_t *events, int *found)
{
	static const char sql[] = "SELECT head, events FROM history_head WHERE id = 1";
	static const struct sql_dialects head_table = {
		"SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'history_head'",
		"SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema() AND tablename = 'history_head'",
	};
	struct sql_stmt *st;
	const void *p;
	size_t n;
	int64_t tables = 0;
	int rc;

	memcpy(head, history_zero, HISTORY_HASH_BYTES);
	*events = 0;
	*found = 0;
	/* A dropped table is a head deleted out of band, as a deleted row is:
	 * grid verify says so rather than "no such table". */
	if ((rc = store_stmt_dialect(s, &head_table, &st)) ||
		(rc = store_read_int64(s, st, &tables, NULL, "reading the history's head")) || tables == 0)
		return rc;
	if ((rc = store_stmt(s, sql, &st)) || (rc = store_first_row(s, st, "reading the history's head", found)) ||
		!*found)
		return rc;
	if ((p = sql_blob(st, 0, &n)) && n == HISTORY_HASH_BYTES)
		memcpy(head, p, HISTORY_HASH_BYTES);
	*events = sql_int64(st, 1);
	sql_reset(st);
	return GRID_OK;
}

static int write_head(struct store *s, const unsigned char head[HISTORY_HASH_BYTES], int64_t events)
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

int store_chain_hold(struct store *s)
{
	struct store_chain c = { 0 };
	int rc, found;

	if (s->chain.valid)
		return GRID_OK;
	if ((rc = store_chain_next_id(s, &c.next_id)) || (rc = store_history_head(s, c.head, &c.events, &found)))
		return rc;
	c.valid = 1;
	s->chain = c;
	return GRID_OK;
}

int store_chain_sync(struct store *s)
{
	int rc = GRID_OK;

	if (s->chain.valid && s->chain.dirty) {
		/* Written through a statement, which sends the rows first. */
		s->chain.valid = 0;
		rc = write_head(s, s->chain.head, s->chain.events);
	}
	s->chain.valid = 0;
	return rc;
}

int store_chain_head_add(struct store *s, const struct store_link *links, size_t n)
{
	unsigned char head[HISTORY_HASH_BYTES];
	int64_t events;
	int rc, found;

	if (s->chain.valid) {
		for (size_t i = 0; i < n; i++)
			if ((rc = history_head_next(s->chain.head, links[i].hash)))
				return rc;
		s->chain.events += (int64_t)n;
		if (n > 0)
			s->chain.next_id = links[n - 1].id + 1;
		s->chain.dirty = 1;
		return GRID_OK;
	}
	if ((rc = store_history_head(s, head, &events, &found)))
		return rc;
	for (size_t i = 0; i < n; i++)
		if ((rc = history_head_next(head, links[i].hash)))
			return rc;
	return write_head(s, head, events + (int64_t)n);
}

/* ---- reading every event ------------------------------------------------ */

struct scan {
	store_event_row_cb cb;
	void *ctx;
	int64_t last; /* the id of the last row read */
	int64_t rows; /* the rows of the page read */
};

static void column_text(struct sql_stmt *st, int i, struct history_content *c, enum history_text t)
{
	c->text[t] = (const char *)sql_text(st, i);
	c->len[t] = c->text[t] ? strlen(c->text[t]) : 0;
}

static void column_blob(struct sql_stmt *st, int i, const unsigned char **p, size_t *n)
{
	*p = sql_blob(st, i, n);
	if (!*p)
		*n = 0;
}

static int scan_row(void *arg, struct sql_stmt *st)
{
	struct scan *w = arg;
	struct store_event_row r;

	r.c.id = sql_int64(st, 0);
	r.c.issue_id = sql_int64(st, 1);
	r.c.at = sql_int64(st, 2);
	column_text(st, 3, &r.c, HT_ACTOR);
	column_text(st, 4, &r.c, HT_RECORDED_BY);
	column_text(st, 5, &r.c, HT_ACTION);
	column_text(st, 6, &r.c, HT_FROM);
	column_text(st, 7, &r.c, HT_TO);
	r.c.unit_id = sql_int64(st, 8);
	r.c.has_due = !sql_is_null(st, 9);
	r.c.due_at = r.c.has_due ? sql_int64(st, 9) : 0;
	column_text(st, 10, &r.c, HT_NOTE);
	r.c.on_behalf = sql_is_null(st, 11) ? -1 : sql_int64(st, 11) != 0;
	r.has_seq = !sql_is_null(st, 12);
	r.c.seq = sql_int64(st, 12);
	column_blob(st, 13, &r.hash, &r.hash_len);
	w->last = r.c.id;
	w->rows++;
	return w->cb(w->ctx, &r);
}

/* Events a page: PostgreSQL's driver holds a whole result in memory, so
 * millions of events are read a page at a time, each from the last id of
 * the one before (in a read transaction, as verify's and a copy's are,
 * the pages are of one moment). */
#define SCAN_PAGE 10000

int store_history_scan(struct store *s, store_event_row_cb cb, void *ctx)
{
	static const char sql[] = EVENT_ROW_COLUMNS " WHERE id > ?1 ORDER BY id LIMIT ?2";
	struct scan w = { cb, ctx, INT64_MIN, 0 };
	struct sql_stmt *st;
	int rc;

	do {
		w.rows = 0;
		if ((rc = store_stmt(s, sql, &st)))
			return rc;
		sql_bind_int64(st, 1, w.last);
		sql_bind_int64(st, 2, SCAN_PAGE);
		if ((rc = store_rows(s, st, scan_row, &w, "reading the history")))
			return rc;
	} while (w.rows == SCAN_PAGE);
	return GRID_OK;
}

int store_history_read(struct store *s, unsigned char head[HISTORY_HASH_BYTES], int64_t *events, int *found,
	store_event_row_cb cb, void *ctx)
{
	/* A deferred BEGIN: a read transaction, which a reader without the
	 * right to write may hold, and which no writer waits for (WAL). */
	static const struct sql_dialects begin_read = {
		"BEGIN",
		"BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
	};
	int rc;

	if ((rc = store_exec(s, store_engine(s) == SQL_PG ? begin_read.pg : begin_read.sqlite)))
		return rc;
	if (!(rc = store_history_head(s, head, events, found)))
		rc = store_history_scan(s, cb, ctx);
	/* Nothing was written: the end cannot fail in a way to report, and
	 * must not replace the error of the read. */
	s->drv->exec(s, rc ? "ROLLBACK" : "COMMIT");
	return rc;
}

/* ---- the migration to version 2 ----------------------------------------- */

struct rehash {
	struct store *s;
	struct history_tips tips;
	unsigned char head[HISTORY_HASH_BYTES];
	int64_t events;
};

static int rehash_row(void *arg, const struct store_event_row *r)
{
	static const char sql[] = "UPDATE event SET seq = ?2, hash = ?3 WHERE id = ?1";
	struct rehash *h = arg;
	struct history_tip *tip = history_tip(&h->tips, r->c.issue_id);
	struct history_content c = r->c;
	unsigned char hash[HISTORY_HASH_BYTES];
	struct sql_stmt *st;
	int rc;

	if (!tip)
		return GRID_EFAIL;
	c.seq = tip->last_seq + 1;
	if ((rc = history_event_hash(&c, tip->last, hash)) || (rc = history_head_next(h->head, hash)) ||
		(rc = store_stmt(h->s, sql, &st)))
		return rc;
	sql_bind_int64(st, 1, r->c.id);
	sql_bind_int64(st, 2, c.seq);
	sql_bind_blob(st, 3, hash, HISTORY_HASH_BYTES);
	history_tip_advance(tip, r->c.id, c.seq, hash);
	h->events++;
	return store_step_done(h->s, st, "hashing the history");
}

/* The chain of the events written before version 2, in id order (the
 * order they were written), in the migration's transaction: the
 * append-only trigger is lifted for it and put back as it was. */
int store_history_rehash(struct store *s)
{
	struct rehash h;
	int rc;

	memset(&h, 0, sizeof(h));
	h.s = s;
	if ((rc = store_exec(s, "DROP TRIGGER event_no_update")))
		return rc;
	rc = store_history_scan(s, rehash_row, &h);
	history_tips_free(&h.tips);
	if (rc == GRID_OK)
		rc = write_head(s, h.head, h.events);
	if (rc == GRID_OK)
		rc = store_exec(s, no_update_trigger);
	return rc;
}
