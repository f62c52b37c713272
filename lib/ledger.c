/* Loading a ledger (台账) of issues from CSV, all or nothing.
 *
 * One transaction, statements prepared once, and the roster held in
 * memory as hash maps code -> row id, so that a million-row ledger is
 * bound by SQLite's insert speed rather than by lookups.  Every line is
 * checked even after an error (up to MAX_ERRORS are reported), and valid
 * rows are still inserted so that a ref repeated inside the file is seen;
 * the transaction is rolled back when anything was wrong. */
#include <csv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grid/issue.h"
#include "grid/text.h"
#include "grid/time.h"
#include "internal.h"
#include "store/issue.h"

#define MAX_ERRORS 20

/* ---- a string -> (id, extra) hash map ------------------------------------ */

struct map_ent {
	char *key;
	uint64_t hash; /* compared first: a probe past another key reads no string */
	int64_t id, extra;
};

/* The keys live in chunks, side by side: a lookup that matches reads its
 * key from memory near its neighbours' rather than from its own block. */
struct map_chunk {
	struct map_chunk *next;
	size_t used, size;
	char text[];
};

struct map {
	struct map_ent *ents;
	size_t cap, n;
	struct map_chunk *chunks;
};

static char *map_keep(struct map *m, const char *key)
{
	size_t n = strlen(key) + 1;
	struct map_chunk *c = m->chunks;
	char *d;

	if (!c || c->size - c->used < n) {
		size_t size = n > 65536 ? n : 65536;

		if (!(c = malloc(sizeof(*c) + size))) {
			grid_error_oom();
			return NULL;
		}
		c->next = m->chunks;
		c->used = 0;
		c->size = size;
		m->chunks = c;
	}
	d = c->text + c->used;
	memcpy(d, key, n);
	c->used += n;
	return d;
}

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	/* FNV's low bits mix poorly for codes that differ in one digit, and
	 * the table index is the low bits: finish with murmur3's fmix64. */
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdu;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53u;
	h ^= h >> 33;
	return h;
}

static int map_grow(struct map *m)
{
	struct map old = *m;
	size_t i;

	m->cap = old.cap ? old.cap * 2 : 256;
	if (!(m->ents = calloc(m->cap, sizeof(*m->ents)))) {
		*m = old;
		return grid_error_oom();
	}
	for (i = 0; i < old.cap; i++) {
		if (old.ents[i].key) {
			size_t j = (size_t)old.ents[i].hash & (m->cap - 1);

			while (m->ents[j].key)
				j = (j + 1) & (m->cap - 1);
			m->ents[j] = old.ents[i];
		}
	}
	free(old.ents);
	return GRID_OK;
}

static int map_put(void *ctx, const char *key, int64_t id, int64_t extra)
{
	struct map *m = ctx;
	uint64_t h = hash(key);
	size_t j;

	if ((m->n + 1) * 2 > m->cap && map_grow(m))
		return GRID_EFAIL;
	j = (size_t)h & (m->cap - 1);
	while (m->ents[j].key)
		j = (j + 1) & (m->cap - 1);
	if (!(m->ents[j].key = map_keep(m, key)))
		return GRID_EFAIL;
	m->ents[j].hash = h;
	m->ents[j].id = id;
	m->ents[j].extra = extra;
	m->n++;
	return GRID_OK;
}

/* The entry of KEY, whose hash is H. */
static const struct map_ent *map_get_h(const struct map *m, const char *key, uint64_t h)
{
	size_t j;

	if (!m->cap)
		return NULL;
	j = (size_t)h & (m->cap - 1);
	while (m->ents[j].key) {
		if (m->ents[j].hash == h && strcmp(m->ents[j].key, key) == 0)
			return &m->ents[j];
		j = (j + 1) & (m->cap - 1);
	}
	return NULL;
}

static const struct map_ent *map_get(const struct map *m, const char *key)
{
	return map_get_h(m, key, hash(key));
}

/* Ask the cache for the slot of hash H, to be read a little later: the
 * big maps miss the cache on nearly every row. */
static void map_prefetch(const struct map *m, uint64_t h)
{
	if (m->cap)
		__builtin_prefetch(&m->ents[(size_t)h & (m->cap - 1)]);
}

static void map_free(struct map *m)
{
	struct map_chunk *c, *next;

	for (c = m->chunks; c; c = next) {
		next = c->next;
		free(c);
	}
	free(m->ents);
}

/* ---- the refs seen: a set of 64-bit hashes --------------------------------
 *
 * A million refs as strings cost a million allocations and a string
 * compare on every probe.  Only "seen before?" is asked, and a yes is
 * checked against the database (store_issue_by_ref) anyway: a collision
 * of two hashes costs a lookup, never a wrong answer. */

struct hset {
	uint64_t *h; /* 0: empty slot */
	size_t cap, n;
};

static uint64_t hset_key(const char *s)
{
	uint64_t h = hash(s);

	return h ? h : 1;
}

static int hset_grow(struct hset *t)
{
	struct hset old = *t;
	size_t i;

	t->cap = old.cap ? old.cap * 2 : 1024;
	if (!(t->h = calloc(t->cap, sizeof(*t->h)))) {
		*t = old;
		return grid_error_oom();
	}
	for (i = 0; i < old.cap; i++) {
		if (old.h[i]) {
			size_t j = (size_t)old.h[i] & (t->cap - 1);

			while (t->h[j])
				j = (j + 1) & (t->cap - 1);
			t->h[j] = old.h[i];
		}
	}
	free(old.h);
	return GRID_OK;
}

static void hset_prefetch(const struct hset *t, uint64_t k)
{
	if (t->cap)
		__builtin_prefetch(&t->h[(size_t)k & (t->cap - 1)]);
}

static int hset_has(const struct hset *t, uint64_t k)
{
	size_t j;

	if (!t->cap)
		return 0;
	for (j = (size_t)k & (t->cap - 1); t->h[j]; j = (j + 1) & (t->cap - 1))
		if (t->h[j] == k)
			return 1;
	return 0;
}

static int hset_add(struct hset *t, uint64_t k)
{
	size_t j;

	if ((t->n + 1) * 2 > t->cap && hset_grow(t))
		return GRID_EFAIL;
	for (j = (size_t)k & (t->cap - 1); t->h[j]; j = (j + 1) & (t->cap - 1))
		if (t->h[j] == k)
			return GRID_OK;
	t->h[j] = k;
	t->n++;
	return GRID_OK;
}

/* store_code_cb for the refs already in the database. */
static int hset_put_ref(void *ctx, const char *ref, int64_t id, int64_t extra)
{
	(void)id;
	(void)extra;
	return hset_add(ctx, hset_key(ref));
}

/* ---- columns ------------------------------------------------------------- */

enum col {
	C_REF, C_UNIT, C_CATEGORY, C_TITLE, C_DETAIL, C_LOCATION, C_REPORTED_BY, C_REPORTED_AT, C_STATUS,
	C_ACCEPTED_AT, C_RESOLVED_AT, C_CLOSED_AT, C_HANDLER, NCOLS
};

static const char *const col_names[NCOLS] = {
	"ref", "unit", "category", "title", "detail", "location", "reported_by", "reported_at", "status",
	"accepted_at", "resolved_at", "closed_at", "handler",
};

static const int col_required[NCOLS] = {
	[C_REF] = 1, [C_UNIT] = 1, [C_CATEGORY] = 1, [C_TITLE] = 1, [C_REPORTED_AT] = 1,
};

struct field {
	char *s;
	size_t len, cap;
	long line; /* where the field starts */
};

/* A row waiting for its batch: its strings copied into BUF, since the
 * parser reuses the field buffers for the next line. */
struct pending {
	char *buf;
	size_t cap;
};

struct ledger {
	grid_db *db;
	const grid_ledger_opts *o;
	grid_ledger_result *res;
	struct map units, categories, people, departments;
	struct hset refs;   /* refs in the database, and those added so far */
	struct store_issue_row rows[STORE_ISSUE_BATCH]; /* contiguous: one statement binds them all */
	struct pending pend[STORE_ISSUE_BATCH];
	int npend;
	struct store_event ev[STORE_ISSUE_BATCH * 5]; /* report, accept, assign, resolve, close */
	size_t nev;
	int64_t next_id, first_id;
	long *added_line;   /* line of the row added as issue first_id + i */
	size_t added_cap;
	int colmap[NCOLS + 32]; /* file column -> enum col */
	int colidx[NCOLS];  /* enum col -> file column, -1 when absent */
	int nfilecols;
	int header_done;
	struct field fields[NCOLS + 32];
	int nfields;        /* fields seen in the current row */
	int toomany;
	long line;          /* line where the current row starts */
	long row_newlines;  /* newlines inside quoted fields of the row */
	int row_nul;        /* 1 + the field of the row with a NUL byte, or 0 */
	int last_term;      /* the character that ended the last row */
	int at_row_start;   /* libcsv's last event was the end of a row at an LF */
	int64_t now;
	long errors, conflicts;
	int fatal;          /* an error that is not about one line (I/O, SQL) */
	int header_bad;
};

static void line_error(struct ledger *l, long line, int conflict, const char *fmt, ...) GRID_PRINTF(4, 5);

static void line_error(struct ledger *l, long line, int conflict, const char *fmt, ...)
{
	char msg[600];
	char *p;
	int n;
	va_list ap;

	l->errors++;
	if (conflict)
		l->conflicts++;
	if (l->errors > MAX_ERRORS || !l->o->on_error)
		return;
	n = snprintf(msg, sizeof(msg), "%s:%ld: ", l->o->name ? l->o->name : "-", line);
	va_start(ap, fmt);
	vsnprintf(msg + n, sizeof(msg) - (size_t)n, fmt, ap);
	va_end(ap);
	/* The message quotes what the file holds: a newline there must not
	 * start a line of its own that looks like another message. */
	for (p = msg; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	l->o->on_error(l->o->ctx, msg);
}

/* A fault of column C of the current row, at the line where its field
 * starts (the row's line when the file has no such column):
 * "FILE:LINE: column 'title': MESSAGE", the shape of `grid visit import`. */
static void col_error(struct ledger *l, enum col c, int conflict, const char *fmt, ...) GRID_PRINTF(4, 5);

static void col_error(struct ledger *l, enum col c, int conflict, const char *fmt, ...)
{
	char msg[500];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	line_error(l, l->colidx[c] >= 0 ? l->fields[l->colidx[c]].line : l->line, conflict, "column '%s': %s",
		col_names[c], msg);
}

/* "a" or "an" before a status. */
static const char *article(const char *status)
{
	return status[0] == 'a' ? "an" : "a";
}

static void on_field(void *data, size_t len, void *ctx)
{
	struct ledger *l = ctx;
	struct field *f;
	const char *nl = len ? memchr(data, '\n', len) : NULL;

	long line = l->line + l->row_newlines;

	l->at_row_start = 0;
	for (; nl; nl = memchr(nl + 1, '\n', len - (size_t)(nl + 1 - (const char *)data)))
		l->row_newlines++;
	if (len && !l->row_nul && memchr(data, '\0', len))
		l->row_nul = 1 + l->nfields;
	if (l->nfields >= (int)GRID_ARRAY_SIZE(l->fields)) {
		l->toomany = 1;
		return;
	}
	f = &l->fields[l->nfields++];
	f->line = line;
	if (len + 1 > f->cap) {
		char *s = realloc(f->s, len + 64);

		if (!s) {
			l->fatal = grid_error_oom();
			return;
		}
		f->s = s;
		f->cap = len + 64;
	}
	/* RFC 4180 breaks lines with CR LF, inside quoted fields too: such a
	 * break is a newline.  (Unquoted, a CR ends the row in libcsv, and
	 * the fast split takes no line with a CR.) */
	if (len && memchr(data, '\r', len)) {
		const char *s = data;
		size_t i, n = 0;

		for (i = 0; i < len; i++)
			if (!(s[i] == '\r' && i + 1 < len && s[i + 1] == '\n'))
				f->s[n++] = s[i];
		len = n;
	} else {
		memcpy(f->s, data, len);
	}
	f->s[len] = '\0';
	f->len = len;
}

static void read_header(struct ledger *l)
{
	int seen[NCOLS] = { 0 };
	int i, c;

	l->header_done = 1;
	l->nfilecols = l->nfields;
	for (c = 0; c < NCOLS; c++)
		l->colidx[c] = -1;
	if (l->toomany) {
		line_error(l, l->line, 0, "too many columns");
		l->header_bad = 1;
		return;
	}
	for (i = 0; i < l->nfields; i++) {
		const char *name = l->fields[i].s;

		/* A byte-order mark from a spreadsheet is not part of the name. */
		if (i == 0 && strncmp(name, "\xEF\xBB\xBF", 3) == 0)
			name += 3;
		for (c = 0; c < NCOLS && strcmp(name, col_names[c]) != 0; c++)
			;
		if (c == NCOLS) {
			line_error(l, l->line, 0, "unknown column '%s'", name);
			l->header_bad = 1;
			continue;
		}
		if (seen[c]++) {
			line_error(l, l->line, 0, "column '%s' is given twice", name);
			l->header_bad = 1;
		}
		l->colmap[i] = c;
		l->colidx[c] = i;
	}
	for (c = 0; c < NCOLS; c++) {
		if (col_required[c] && !seen[c]) {
			line_error(l, l->line, 0, "missing column '%s'", col_names[c]);
			l->header_bad = 1;
		}
	}
}

/* The row's value of column C, or NULL when absent or empty. */
static const char *value(struct ledger *l, const char *row[NCOLS], enum col c)
{
	(void)l;
	return row[c] && *row[c] ? row[c] : NULL;
}

static int time_field(struct ledger *l, const char *row[NCOLS], enum col c, int64_t *out)
{
	const char *v = value(l, row, c);

	*out = 0;
	if (!v)
		return 0;
	if (grid_time_parse(out, v)) {
		col_error(l, c, 0, "malformed time '%s'", v);
		return -1;
	}
	if (*out > l->now) {
		col_error(l, c, 0, "time '%s' is later than now", v);
		return -1;
	}
	return 0;
}

static int text_field(struct ledger *l, const char *row[NCOLS], enum col c, enum grid_text_kind kind)
{
	const char *v = row[c];
	char why[128];

	if (!v)
		return 0;
	if (grid_text_check(v, strlen(v), kind, why, sizeof(why))) {
		col_error(l, c, 0, "value %s", why);
		return -1;
	}
	return 0;
}

/* Do the timestamps agree with STATUS, and are they in order?  Each
 * fault names the column to change. */
static int check_times(struct ledger *l, const char *status, int64_t rep, int64_t acc, int64_t res, int64_t clo)
{
	/* Which of accepted_at, resolved_at, closed_at each status has. */
	static const struct {
		const char *status;
		int has[3];
	} rules[] = {
		{ "reported", { 0, 0, 0 } }, { "rejected", { 0, 0, 0 } }, { "accepted", { 1, 0, 0 } },
		{ "assigned", { 1, 0, 0 } }, { "resolved", { 1, 1, 0 } }, { "closed", { 1, 1, 1 } },
	};
	const int64_t t[3] = { acc, res, clo };
	const enum col tc[3] = { C_ACCEPTED_AT, C_RESOLVED_AT, C_CLOSED_AT };
	size_t r, i;

	for (r = 0; strcmp(rules[r].status, status) != 0; r++)
		;
	for (i = 0; i < 3; i++) {
		if (rules[r].has[i] && !t[i]) {
			col_error(l, tc[i], 0, "%s %s issue needs a time here", article(status), status);
			return -1;
		}
		if (!rules[r].has[i] && t[i]) {
			col_error(l, tc[i], 0, "%s %s issue has no time here", article(status), status);
			return -1;
		}
	}
	/* Present times only, and each one needs the one before it. */
	if (acc && acc < rep) {
		col_error(l, C_ACCEPTED_AT, 0, "earlier than reported_at");
		return -1;
	}
	if (res && res < acc) {
		col_error(l, C_RESOLVED_AT, 0, "earlier than accepted_at");
		return -1;
	}
	if (clo && clo < res) {
		col_error(l, C_CLOSED_AT, 0, "earlier than resolved_at");
		return -1;
	}
	return 0;
}

static void event(struct store_event *ev, size_t *n, int64_t id, int64_t at, const char *actor, const char *action,
	const char *from, const char *to, int64_t unit_id, int64_t due_at)
{
	struct store_event *e = &ev[(*n)++];

	e->issue_id = id;
	e->at = at;
	e->actor = actor;
	e->action = action;
	e->from = from;
	e->to = to;
	e->unit_id = unit_id;
	e->due_at = due_at;
	e->note = NULL;
}

/* Write the pending rows and their events: a whole batch in one
 * statement each, a partial one row by row. */
static int flush(struct ledger *l)
{
	int64_t id;
	int i, rc = GRID_OK;

	if (l->npend == STORE_ISSUE_BATCH)
		rc = store_issue_insert_batch(l->db->store, l->rows);
	else
		for (i = 0; rc == GRID_OK && i < l->npend; i++)
			rc = store_issue_insert(l->db->store, &l->rows[i], &id);
	if (rc == GRID_OK)
		rc = store_event_add_batch(l->db->store, l->ev, l->nev);
	l->npend = 0;
	l->nev = 0;
	return rc;
}

/* Copy S into P's buffer at *used; NULL stays NULL. */
static const char *keep(struct pending *p, size_t *used, const char *s)
{
	size_t n;
	char *d;

	if (!s)
		return NULL;
	n = strlen(s) + 1;
	d = p->buf + *used;
	memcpy(d, s, n);
	*used += n;
	return d;
}

static int queue(struct ledger *l, struct store_issue_row *r)
{
	struct pending *p = &l->pend[l->npend];
	struct store_issue_row *q = &l->rows[l->npend];
	const char *strs[6] = { r->ref, r->title, r->detail, r->location, r->reported_by, r->handler };
	size_t need = 0, used = 0;
	int i;

	for (i = 0; i < 6; i++)
		need += strs[i] ? strlen(strs[i]) + 1 : 0;
	if (need > p->cap) {
		char *buf = realloc(p->buf, need + 256);

		if (!buf)
			return grid_error_oom();
		p->buf = buf;
		p->cap = need + 256;
	}
	*q = *r;
	q->ref = keep(p, &used, r->ref);
	q->title = keep(p, &used, r->title);
	q->detail = keep(p, &used, r->detail);
	q->location = keep(p, &used, r->location);
	q->reported_by = keep(p, &used, r->reported_by);
	q->handler = keep(p, &used, r->handler);
	l->npend++;
	return GRID_OK;
}

/* The status column's text as a constant: the row's buffer is reused. */
static const char *status_const(const char *s)
{
	static const char *const known[] = { "reported", "accepted", "assigned", "resolved", "closed", "rejected" };
	size_t i;

	for (i = 0; i < GRID_ARRAY_SIZE(known); i++)
		if (strcmp(s, known[i]) == 0)
			return known[i];
	return NULL;
}

/* Remember that issue ID came from the current line, for a ref that
 * comes again further down (the id itself is rolled back with the rest
 * when anything is wrong, so no message may name it). */
static int note_line(struct ledger *l, int64_t id)
{
	size_t i = (size_t)(id - l->first_id);

	if (i >= l->added_cap) {
		size_t cap = l->added_cap ? l->added_cap * 2 : 4096;
		long *v = realloc(l->added_line, cap * sizeof(*v));

		if (!v)
			return grid_error_oom();
		l->added_line = v;
		l->added_cap = cap;
	}
	l->added_line[i] = l->line;
	return GRID_OK;
}

static void read_row(struct ledger *l)
{
	const char *row[NCOLS] = { NULL };
	const struct map_ent *unit, *cat, *dept = NULL;
	struct store_issue_row r;
	const char *status, *handler, *by;
	int64_t rep, acc, res, clo, id = 0, old_unit = 0, old_cat = 0, old_rep = 0;
	uint64_t ref_key, unit_hash;
	char old_status[16];
	char *old_title = NULL;
	int i, bad = 0, rc;

	if (l->toomany || l->nfields != l->nfilecols) {
		line_error(l, l->line, 0, "%d fields where the header has %d", l->nfields, l->nfilecols);
		return;
	}
	for (i = 0; i < l->nfields; i++)
		row[l->colmap[i]] = l->fields[i].s;
	for (i = 0; i < NCOLS; i++) {
		if (col_required[i] && !value(l, row, (enum col)i)) {
			col_error(l, (enum col)i, 0, "value is empty");
			return;
		}
	}
	/* The checks of the text below give the slots time to arrive. */
	ref_key = hset_key(row[C_REF]);
	hset_prefetch(&l->refs, ref_key);
	unit_hash = hash(row[C_UNIT]);
	map_prefetch(&l->units, unit_hash);
	if (text_field(l, row, C_REF, GRID_TEXT_CODE) || text_field(l, row, C_TITLE, GRID_TEXT_TITLE) ||
	    text_field(l, row, C_DETAIL, GRID_TEXT_NOTE) || text_field(l, row, C_LOCATION, GRID_TEXT_SHORT))
		return;
	if (!(unit = map_get_h(&l->units, row[C_UNIT], unit_hash))) {
		col_error(l, C_UNIT, 0, "unknown unit '%s'", row[C_UNIT]);
		bad = 1;
	}
	if (!(cat = map_get(&l->categories, row[C_CATEGORY]))) {
		col_error(l, C_CATEGORY, 0, "unknown category '%s'", row[C_CATEGORY]);
		bad = 1;
	}
	by = value(l, row, C_REPORTED_BY);
	if (by && !map_get(&l->people, by)) {
		col_error(l, C_REPORTED_BY, 0, "unknown person '%s'", by);
		bad = 1;
	}
	handler = value(l, row, C_HANDLER);
	if (handler && !map_get(&l->people, handler) && !(dept = map_get(&l->departments, handler))) {
		col_error(l, C_HANDLER, 0, "no person or department '%s'", handler);
		bad = 1;
	}
	if (time_field(l, row, C_REPORTED_AT, &rep) | time_field(l, row, C_ACCEPTED_AT, &acc) |
	    time_field(l, row, C_RESOLVED_AT, &res) | time_field(l, row, C_CLOSED_AT, &clo))
		return;
	status = value(l, row, C_STATUS);
	if (status && !status_const(status)) {
		col_error(l, C_STATUS, 0, "unknown status '%s'", status);
		return;
	}
	if (status)
		status = status_const(status);
	if (!status)
		status = clo ? "closed" : res ? "resolved" : handler ? "assigned" : acc ? "accepted" : "reported";
	if (check_times(l, status, rep, acc, res, clo))
		return;
	/* The handler is the one a case is assigned to.  Paper ledgers often
	 * do not say who handled a case, and cli.md makes the column optional:
	 * an assigned, resolved or closed row without one is assigned to
	 * nobody named.  Reported, rejected and accepted cases have none. */
	if (handler && (strcmp(status, "reported") == 0 || strcmp(status, "rejected") == 0 ||
			       strcmp(status, "accepted") == 0)) {
		col_error(l, C_HANDLER, 0, "%s %s issue has no handler", article(status), status);
		return;
	}
	if (bad)
		return;
	/* A ref seen before may wait in the batch: write it, then look. */
	if (hset_has(&l->refs, ref_key) && ((rc = flush(l)) ||
	    (rc = store_issue_by_ref(l->db->store, row[C_REF], &id, &old_unit, &old_cat, &old_title, &old_rep,
		     old_status)))) {
		l->fatal = rc;
		return;
	}
	if (id) {
		if (old_unit == unit->id && old_cat == cat->id && old_rep == rep && strcmp(old_title, row[C_TITLE]) == 0 &&
		    strcmp(old_status, status) == 0)
			l->res->unchanged++;
		else if (id >= l->first_id)
			col_error(l, C_REF, 1, "'%s' repeats line %ld, with different data", row[C_REF],
				l->added_line[id - l->first_id]);
		else
			col_error(l, C_REF, 1, "'%s' is already in the database, with different data", row[C_REF]);
		free(old_title);
		return;
	}
	memset(&r, 0, sizeof(r));
	r.ref = row[C_REF];
	r.unit_id = r.handling_unit_id = unit->id;
	r.category_id = cat->id;
	r.title = row[C_TITLE];
	r.detail = value(l, row, C_DETAIL);
	r.location = value(l, row, C_LOCATION);
	r.reported_by = by;
	r.reported_at = rep;
	r.status = status;
	r.accepted_at = acc;
	r.due_at = acc ? acc + cat->extra * 3600 : 0;
	r.resolved_at = res;
	r.closed_at = clo;
	r.handler = handler;
	r.handler_kind = handler ? (dept ? "department" : "person") : NULL;
	/* The latest of the events written below (check_times put them in
	 * order), with the row: no UPDATE per issue. */
	r.changed_at = clo ? clo : res ? res : acc ? acc : rep;
	r.id = id = l->next_id++;
	if ((rc = queue(l, &r)) || (rc = note_line(l, id))) {
		l->fatal = rc;
		return;
	}
	/* Each timestamp is an event, and the events make a history the
	 * workflow could have recorded: each starts where the last one
	 * ended.  A case is assigned when it is accepted: a resolved or
	 * closed row gets its assign event then too, with or without a
	 * handler, so that the resolve starts from assigned. */
	by = l->rows[l->npend - 1].reported_by;
	event(l->ev, &l->nev, id, rep, by ? by : l->db->actor, "report", NULL, "reported", unit->id, 0);
	if (strcmp(status, "rejected") == 0)
		event(l->ev, &l->nev, id, rep, l->db->actor, "reject", "reported", "rejected", unit->id, 0);
	if (acc)
		event(l->ev, &l->nev, id, acc, l->db->actor, "accept", "reported", "accepted", unit->id, r.due_at);
	if (strcmp(status, "assigned") == 0 || res)
		event(l->ev, &l->nev, id, acc, l->db->actor, "assign", "accepted", "assigned", unit->id, r.due_at);
	if (res)
		event(l->ev, &l->nev, id, res, l->db->actor, "resolve", "assigned", "resolved", unit->id, r.due_at);
	if (clo)
		event(l->ev, &l->nev, id, clo, l->db->actor, "close", "resolved", "closed", unit->id, r.due_at);
	if (l->npend == STORE_ISSUE_BATCH && (rc = flush(l))) {
		l->fatal = rc;
		return;
	}
	if ((rc = hset_add(&l->refs, ref_key))) {
		l->fatal = rc;
		return;
	}
	l->res->added++;
}

static void on_row(int c, void *ctx)
{
	struct ledger *l = ctx;
	int prev = l->last_term;

	/* CSV_REPALL_NL reports every line end, so that blank lines count
	 * in the line numbers; the LF of a CRLF comes as an empty row. */
	l->last_term = c;
	l->at_row_start = c == '\n';
	if (l->nfields == 0 && !l->toomany) {
		if (!(c == '\n' && prev == '\r'))
			l->line++;
		return;
	}
	if (!l->fatal && l->row_nul) {
		int f = l->row_nul - 1;

		if (l->header_done && !l->header_bad && f < l->nfilecols)
			line_error(l, l->fields[f].line, 0, "column '%s': a NUL byte inside the value",
				col_names[l->colmap[f]]);
		else
			line_error(l, l->line, 0, "a NUL byte inside a field");
		if (!l->header_done) {
			l->header_done = 1;
			l->header_bad = 1;
		}
	} else if (!l->fatal) {
		if (!l->header_done)
			read_header(l);
		else if (!l->header_bad)
			read_row(l);
	}
	l->line += 1 + l->row_newlines;
	l->row_newlines = 0;
	l->row_nul = 0;
	l->nfields = 0;
	l->toomany = 0;
}

#define PLAIN_MAX_FIELDS 64

static int edge_space(char c)
{
	return c == ' ' || c == '\t';
}

/* Is LINE (its LF not included) one that libcsv would split at every
 * comma and hand over as it stands: no quote, no CR, no space or tab at
 * either end of a field (libcsv trims those), and at most
 * PLAIN_MAX_FIELDS fields?  Then END[i] is where field i ends, *n the
 * count. */
static int plain_line(const char *line, size_t len, const char *end[PLAIN_MAX_FIELDS], int *n)
{
	const char *f = line, *stop = line + len, *comma;

	*n = 0;
	if (!len)
		return 1;
	if (memchr(line, '"', len) || memchr(line, '\r', len))
		return 0;
	for (;;) {
		const char *e = (comma = memchr(f, ',', (size_t)(stop - f))) ? comma : stop;

		if (*n == PLAIN_MAX_FIELDS || (e > f && (edge_space(f[0]) || edge_space(e[-1]))))
			return 0;
		end[(*n)++] = e;
		if (!comma)
			return 1;
		f = comma + 1;
	}
}

/* Parse the whole lines of BUF[0..N), or all of it when ALL (the end of
 * the file, or one line that fills the buffer); *used says how much.
 * libcsv spends some forty instructions a byte, so a plain line (see
 * above) met at the start of a row is split here, with the callbacks
 * libcsv would make, and everything else goes through libcsv.  -1 when
 * libcsv finds the CSV malformed. */
static int feed(struct ledger *l, struct csv_parser *p, const char *buf, size_t n, int all, size_t *used)
{
	const char *ends[PLAIN_MAX_FIELDS];
	size_t pos = 0;
	int nends;

	while (pos < n && !l->fatal) {
		const char *line = buf + pos, *end = memchr(line, '\n', n - pos);
		size_t len;

		if (!end)
			break;
		len = (size_t)(end - line);
		if (l->at_row_start && plain_line(line, len, ends, &nends)) {
			const char *f = line;
			int i;

			for (i = 0; i < nends; f = ends[i++] + 1)
				on_field((void *)f, (size_t)(ends[i] - f), l);
			on_row('\n', l);
		} else {
			/* on_row sets at_row_start again when the LF ends the row
			 * (and not a quoted field). */
			l->at_row_start = 0;
			if (csv_parse(p, line, len + 1, on_field, on_row, l) != len + 1)
				return -1;
		}
		pos += len + 1;
	}
	if (all || (pos == 0 && !l->fatal)) {
		if (pos < n && csv_parse(p, buf + pos, n - pos, on_field, on_row, l) != n - pos)
			return -1;
		/* A row may be open in libcsv. */
		l->at_row_start = 0;
		pos = n;
	}
	*used = pos;
	return 0;
}

/* Say why libcsv stopped, at the line where the field it was reading
 * opened (the newlines of the fields before it in the row are counted,
 * its own not yet).  AT_END: csv_fini found the file ending inside it. */
static void csv_fault(struct ledger *l, struct csv_parser *p, int at_end)
{
	char col[GRID_MAX_CODE_BYTES + 16] = "";
	const char *why;

	if (csv_error(p) == CSV_ENOMEM) {
		l->fatal = grid_error_oom();
		return;
	}
	if (csv_error(p) != CSV_EPARSE)
		why = csv_strerror(csv_error(p));
	else if (at_end)
		why = "unbalanced quote: the quoted field is never closed";
	else if (p->quoted)
		why = "text after the closing quote (a quote inside a quoted field is written twice)";
	else
		why = "a quote inside an unquoted field (quote the field and write the quote twice)";
	if (l->header_done && !l->header_bad && l->nfields < l->nfilecols)
		snprintf(col, sizeof(col), "column '%s': ", col_names[l->colmap[l->nfields]]);
	line_error(l, l->line + l->row_newlines, 0, "%smalformed CSV: %s", col, why);
}

int grid_issue_import(grid_db *db, FILE *f, const grid_ledger_opts *o, grid_ledger_result *res)
{
	struct ledger l;
	struct csv_parser p;
	char buf[65536];
	const char *name = o->name ? o->name : "-";
	size_t n, i, have = 0;
	struct store_bulk indexes = { { NULL }, { NULL }, 0 };
	int rc, parser = 0, bulk = 0, rollback_journal = 0;

	res->added = res->unchanged = 0;
	memset(&l, 0, sizeof(l));
	l.db = db;
	l.o = o;
	l.res = res;
	l.line = 1;
	l.now = grid_db_now(db);
	if ((rc = grid_require_role(db, GRID_ROLE_ADMIN, "issue import")))
		return rc;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL) != 0)
		return grid_error_oom();
	parser = 1;
	/* store_bulk_end undoes what a failed store_bulk_begin did. */
	bulk = 1;
	if ((rc = store_bulk_begin(db->store, !o->dry_run, &rollback_journal)))
		goto done;
	if ((rc = store_begin(db->store)))
		goto done;
	if ((rc = store_issue_next_id(db->store, &l.next_id)) ||
	    (rc = store_bulk_drop_indexes(db->store, &indexes)) ||
	    (rc = store_issue_ref_each(db->store, hset_put_ref, &l.refs)) ||
	    (rc = store_unit_each(db->store, map_put, &l.units)) ||
	    (rc = store_category_each(db->store, map_put, &l.categories)) ||
	    (rc = store_person_each(db->store, map_put, &l.people)) ||
	    (rc = store_department_each(db->store, map_put, &l.departments)))
		goto done;
	l.first_id = l.next_id;
	l.at_row_start = 1;
	while (!l.fatal) {
		size_t used;

		n = fread(buf + have, 1, sizeof(buf) - have, f);
		have += n;
		if (feed(&l, &p, buf, have, n == 0, &used)) {
			csv_fault(&l, &p, 0);
			goto checked;
		}
		memmove(buf, buf + used, have - used);
		have -= used;
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		rc = grid_error_set(GRID_EFAIL, "cannot read '%s'", name);
		goto done;
	}
	if (!l.fatal && csv_fini(&p, on_field, on_row, &l) != 0)
		csv_fault(&l, &p, 1);
checked:
	if (!l.fatal && !l.errors)
		l.fatal = flush(&l);
	if (l.fatal) {
		rc = l.fatal;
		goto done;
	}
	if (!l.header_done)
		line_error(&l, 1, 0, "no header row");
	if (l.errors) {
		rc = grid_error_set(l.errors == l.conflicts ? GRID_ECONFLICT : GRID_EINPUT,
			"%s: %ld error%s%s; nothing was imported", name, l.errors, l.errors == 1 ? "" : "s",
			l.errors > MAX_ERRORS ? " (the first 20 shown)" : "");
		goto done;
	}
	/* A dry run rolls back: building the indexes would be wasted. */
	if (!o->dry_run)
		rc = store_bulk_index(db->store, &indexes);
done:
	if (o->dry_run && rc == GRID_OK)
		store_end(db->store, GRID_EFAIL);
	else
		rc = store_end(db->store, rc);
	if (bulk)
		store_bulk_end(db->store, rollback_journal);
	if (rc)
		res->added = res->unchanged = 0;
	for (i = 0; i < GRID_ARRAY_SIZE(l.fields); i++)
		free(l.fields[i].s);
	map_free(&l.units);
	map_free(&l.categories);
	map_free(&l.people);
	map_free(&l.departments);
	free(l.refs.h);
	free(l.added_line);
	for (i = 0; i < STORE_ISSUE_BATCH; i++)
		free(l.pend[i].buf);
	store_bulk_free(&indexes);
	if (parser)
		csv_free(&p);
	return rc;
}
