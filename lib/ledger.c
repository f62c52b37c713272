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

#include "array.h"
#include "case_import.h"
#include "code_map.h"
#include "grid/issue.h"
#include "grid/text.h"
#include "grid/time.h"
#include "internal.h"
#include "store/issue.h"

#define MAX_ERRORS 20

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
	uint64_t h = code_map_hash(s);

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
	struct code_map units, categories, people, departments;
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
	struct csv_parser parser;
	int64_t now;
	long errors, conflicts;
	int fatal;          /* an error that is not about one line (I/O, SQL) */
	int header_bad;
};

/* The input as messages name it. */
static const char *input_name(const struct ledger *l)
{
	return l->o->name ? l->o->name : "-";
}

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
	n = snprintf(msg, sizeof(msg), "%s:%ld: ", input_name(l), line);
	va_start(ap, fmt);
	vsnprintf(msg + n, sizeof(msg) - (size_t)n, _(fmt), ap);
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
	vsnprintf(msg, sizeof(msg), _(fmt), ap);
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
static const char *value(const char *const row[NCOLS], enum col c)
{
	return row[c] && *row[c] ? row[c] : NULL;
}

static int time_field(struct ledger *l, const char *const row[NCOLS], enum col c, int64_t *out)
{
	const char *v = value(row, c);

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

static int text_field(struct ledger *l, const char *const row[NCOLS], enum col c, enum grid_text_kind kind)
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

static void event(struct ledger *l, int64_t id, int64_t at, const char *actor, const char *action,
	const char *from, const char *to, int64_t unit_id, int64_t due_at)
{
	struct store_event *e = &l->ev[l->nev++];

	e->issue_id = id;
	e->at = at;
	e->actor = actor;
	e->recorded_by = l->db->login;
	/* The report of a row naming its reporter is the importer's entry
	 * on the reporter's behalf; the rest are the importer's own unless
	 * --as named another. */
	e->on_behalf = grid_db_on_behalf(l->db, actor);
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
	long *v;

	if (!(v = grid_array_room(l->added_line, i, &l->added_cap, sizeof(*v), 4096)))
		return GRID_EFAIL;
	l->added_line = v;
	l->added_line[i] = l->line;
	return GRID_OK;
}

/* A row as read: its values by column, then what they name and mean. */
struct row {
	const char *v[NCOLS];              /* NULL where the file has no such column */
	uint64_t ref_key, unit_hash;
	const struct code_map_ent *unit, *cat;
	const struct code_map_ent *dept;        /* the handler's, when it is a department */
	const char *by, *handler, *status; /* status: a constant (status_const) */
	int64_t rep, acc, res, clo;        /* reported_at … closed_at, 0 when not given */
};

/* The current row's fields into R->v, with the required ones present.
 * Their hash slots are asked for, to be read a little later. */
static int split_row(struct ledger *l, struct row *r)
{
	int i;

	memset(r->v, 0, sizeof(r->v));
	if (l->toomany || l->nfields != l->nfilecols) {
		line_error(l, l->line, 0, "%d fields where the header has %d", l->nfields, l->nfilecols);
		return -1;
	}
	for (i = 0; i < l->nfields; i++)
		r->v[l->colmap[i]] = l->fields[i].s;
	for (i = 0; i < NCOLS; i++) {
		if (col_required[i] && !value(r->v, (enum col)i)) {
			col_error(l, (enum col)i, 0, "value is empty");
			return -1;
		}
	}
	/* The checks of the text that come next give the slots time to arrive. */
	r->ref_key = hset_key(r->v[C_REF]);
	hset_prefetch(&l->refs, r->ref_key);
	r->unit_hash = code_map_hash(r->v[C_UNIT]);
	code_map_prefetch(&l->units, r->unit_hash);
	return 0;
}

static int check_texts(struct ledger *l, const struct row *r)
{
	return text_field(l, r->v, C_REF, GRID_TEXT_CODE) || text_field(l, r->v, C_TITLE, GRID_TEXT_TITLE) ||
	       text_field(l, r->v, C_DETAIL, GRID_TEXT_NOTE) || text_field(l, r->v, C_LOCATION, GRID_TEXT_SHORT);
}

/* Find the unit, category, reporter and handler the row names in the
 * roster; each one not found is an error.  1 when any is not found. */
static int look_up(struct ledger *l, struct row *r)
{
	int bad = 0;

	r->dept = NULL;
	if (!(r->unit = code_map_get_h(&l->units, r->v[C_UNIT], r->unit_hash))) {
		col_error(l, C_UNIT, 0, "unknown unit '%s'", r->v[C_UNIT]);
		bad = 1;
	}
	if (!(r->cat = code_map_get(&l->categories, r->v[C_CATEGORY]))) {
		col_error(l, C_CATEGORY, 0, "unknown category '%s'", r->v[C_CATEGORY]);
		bad = 1;
	}
	r->by = value(r->v, C_REPORTED_BY);
	if (r->by && !code_map_get(&l->people, r->by)) {
		col_error(l, C_REPORTED_BY, 0, "unknown person '%s'", r->by);
		bad = 1;
	}
	r->handler = value(r->v, C_HANDLER);
	if (r->handler && !code_map_get(&l->people, r->handler) && !(r->dept = code_map_get(&l->departments, r->handler))) {
		col_error(l, C_HANDLER, 0, "no person or department '%s'", r->handler);
		bad = 1;
	}
	return bad;
}

/* The row's times, and its status: the column's, or the one its times
 * say.  Both must agree, and the handler with the status. */
static int read_status(struct ledger *l, struct row *r)
{
	const char *status;

	if (time_field(l, r->v, C_REPORTED_AT, &r->rep) | time_field(l, r->v, C_ACCEPTED_AT, &r->acc) |
	    time_field(l, r->v, C_RESOLVED_AT, &r->res) | time_field(l, r->v, C_CLOSED_AT, &r->clo))
		return -1;
	status = value(r->v, C_STATUS);
	if (status && !status_const(status)) {
		col_error(l, C_STATUS, 0, "unknown status '%s'", status);
		return -1;
	}
	if (status)
		status = status_const(status);
	if (!status)
		status = r->clo ? "closed" : r->res ? "resolved" : r->handler ? "assigned" : r->acc ? "accepted" : "reported";
	r->status = status;
	if (check_times(l, status, r->rep, r->acc, r->res, r->clo))
		return -1;
	/* The handler is the one a case is assigned to.  Paper ledgers often
	 * do not say who handled a case, and grid-issue(1) makes the column optional:
	 * an assigned, resolved or closed row without one is assigned to
	 * nobody named.  Reported, rejected and accepted cases have none. */
	if (r->handler && (strcmp(status, "reported") == 0 || strcmp(status, "rejected") == 0 ||
			   strcmp(status, "accepted") == 0)) {
		col_error(l, C_HANDLER, 0, "%s %s issue has no handler", article(status), status);
		return -1;
	}
	return 0;
}

/* Is the row's ref an issue already, in the database or further up the
 * file?  Then the row is counted unchanged when its data is the same,
 * else it is a conflict; 1 either way (and when the lookup fails). */
static int ref_known(struct ledger *l, const struct row *r)
{
	int64_t id = 0, old_unit = 0, old_cat = 0, old_rep = 0;
	char old_status[16];
	char *old_title = NULL;
	int rc;

	/* A ref seen before may wait in the batch: write it, then look. */
	if (hset_has(&l->refs, r->ref_key) && ((rc = flush(l)) ||
	    (rc = store_issue_by_ref(l->db->store, r->v[C_REF], &id, &old_unit, &old_cat, &old_title, &old_rep,
		     old_status)))) {
		l->fatal = rc;
		return 1;
	}
	if (!id)
		return 0;
	if (old_unit == r->unit->id && old_cat == r->cat->id && old_rep == r->rep &&
	    strcmp(old_title, r->v[C_TITLE]) == 0 && strcmp(old_status, r->status) == 0)
		l->res->unchanged++;
	else if (id >= l->first_id)
		col_error(l, C_REF, 1, "'%s' repeats line %ld, with different data", r->v[C_REF],
			l->added_line[id - l->first_id]);
	else
		col_error(l, C_REF, 1, "'%s' is already in the database, with different data", r->v[C_REF]);
	free(old_title);
	return 1;
}

/* The issue of row R, as issue ID. */
static void issue_of(const struct row *r, int64_t id, struct store_issue_row *is)
{
	memset(is, 0, sizeof(*is));
	is->id = id;
	is->ref = r->v[C_REF];
	is->unit_id = is->handling_unit_id = r->unit->id;
	is->category_id = r->cat->id;
	is->title = r->v[C_TITLE];
	is->detail = value(r->v, C_DETAIL);
	is->location = value(r->v, C_LOCATION);
	is->reported_by = r->by;
	is->reported_at = r->rep;
	is->status = r->status;
	is->accepted_at = r->acc;
	is->due_at = r->acc ? r->acc + r->cat->extra * 3600 : 0;
	is->resolved_at = r->res;
	is->closed_at = r->clo;
	is->handler = r->handler;
	is->handler_kind = r->handler ? (r->dept ? "department" : "person") : NULL;
	/* The latest of the events add_events writes (check_times put them
	 * in order), with the row: no UPDATE per issue. */
	is->changed_at = r->clo ? r->clo : r->res ? r->res : r->acc ? r->acc : r->rep;
}

/* Each timestamp of issue IS is an event, and the events make a history
 * the workflow could have recorded: each starts where the last one
 * ended.  A case is assigned when it is accepted: a resolved or closed
 * row gets its assign event then too, with or without a handler, so that
 * the resolve starts from assigned. */
static void add_events(struct ledger *l, const struct store_issue_row *is)
{
	const char *actor = l->db->actor, *by = is->reported_by ? is->reported_by : actor;
	int64_t id = is->id, unit_id = is->unit_id, due = is->due_at;

	event(l, id, is->reported_at, by, "report", NULL, "reported", unit_id, 0);
	if (strcmp(is->status, "rejected") == 0)
		event(l, id, is->reported_at, actor, "reject", "reported", "rejected", unit_id, 0);
	if (is->accepted_at)
		event(l, id, is->accepted_at, actor, "accept", "reported", "accepted", unit_id, due);
	if (strcmp(is->status, "assigned") == 0 || is->resolved_at)
		event(l, id, is->accepted_at, actor, "assign", "accepted", "assigned", unit_id, due);
	if (is->resolved_at)
		event(l, id, is->resolved_at, actor, "resolve", "assigned", "resolved", unit_id, due);
	if (is->closed_at)
		event(l, id, is->closed_at, actor, "close", "resolved", "closed", unit_id, due);
}

/* Queue row R as the next issue, with its events; a full batch is
 * written at once. */
static void add_issue(struct ledger *l, const struct row *r)
{
	struct store_issue_row is;
	int rc;

	issue_of(r, l->next_id++, &is);
	if ((rc = queue(l, &is)) || (rc = note_line(l, is.id))) {
		l->fatal = rc;
		return;
	}
	/* The events point at the queued copy of the strings: the parser
	 * reuses R's. */
	add_events(l, &l->rows[l->npend - 1]);
	if ((l->npend == STORE_ISSUE_BATCH && (rc = flush(l))) || (rc = hset_add(&l->refs, r->ref_key))) {
		l->fatal = rc;
		return;
	}
	l->res->added++;
}

/* Check the current row; queue it as an issue when it is good and its
 * ref is new.  The checks go on after a fault, so that one pass lists
 * the faults of every row. */
static void read_row(struct ledger *l)
{
	struct row r;
	int bad;

	if (split_row(l, &r) || check_texts(l, &r))
		return;
	bad = look_up(l, &r);
	if (read_status(l, &r) || bad || ref_known(l, &r))
		return;
	add_issue(l, &r);
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
		why = _("unbalanced quote: the quoted field is never closed");
	else if (p->quoted)
		why = _("text after the closing quote (a quote inside a quoted field is written twice)");
	else
		why = _("a quote inside an unquoted field (quote the field and write the quote twice)");
	if (l->header_done && !l->header_bad && l->nfields < l->nfilecols)
		snprintf(col, sizeof(col), _("column '%s': "), col_names[l->colmap[l->nfields]]);
	line_error(l, l->line + l->row_newlines, 0, "%smalformed CSV: %s", col, why);
}

/* The roster into the hash maps, the refs already there, and the ids the
 * new issues get; the indexes dropped (into INDEXES) for the bulk load. */
static int load_roster(struct ledger *l, struct store_bulk *indexes)
{
	struct store *s = l->db->store;
	int rc;

	if ((rc = store_issue_next_id(s, &l->next_id)) || (rc = store_bulk_drop_indexes(s, indexes)) ||
	    (rc = store_issue_ref_each(s, hset_put_ref, &l->refs)) || (rc = store_unit_each(s, code_map_put, &l->units)) ||
	    (rc = store_category_each(s, code_map_put, &l->categories)) || (rc = store_person_each(s, code_map_put, &l->people)) ||
	    (rc = store_department_each(s, code_map_put, &l->departments)))
		return rc;
	l->first_id = l->next_id;
	return GRID_OK;
}

/* Read F to its end (or to a fault of its CSV), every row checked and
 * the good ones queued.  The faults of the input are counted in
 * l->errors; only a failure to read is returned. */
static int read_ledger(struct ledger *l, FILE *f, const char *pre, size_t npre)
{
	char buf[65536];
	size_t n, used, have = npre;

	memcpy(buf, pre, npre);
	l->at_row_start = 1;
	while (!l->fatal) {
		n = fread(buf + have, 1, sizeof(buf) - have, f);
		have += n;
		if (feed(l, &l->parser, buf, have, n == 0, &used)) {
			csv_fault(l, &l->parser, 0);
			return GRID_OK;
		}
		memmove(buf, buf + used, have - used);
		have -= used;
		if (n == 0)
			break;
	}
	if (ferror(f))
		return grid_error_set(GRID_EFAIL, "cannot read '%s'", input_name(l));
	if (!l->fatal && csv_fini(&l->parser, on_field, on_row, l) != 0)
		csv_fault(l, &l->parser, 1);
	return GRID_OK;
}

/* After reading: the last rows written when all was well, else the
 * error that says how many faults the file has. */
static int verdict(struct ledger *l)
{
	int code;

	if (!l->fatal && !l->errors)
		l->fatal = flush(l);
	if (l->fatal)
		return l->fatal;
	if (!l->header_done)
		line_error(l, 1, 0, "no header row");
	/* Whole sentences, not an "s" and a note pasted in: each is translated. */
	code = l->errors == l->conflicts ? GRID_ECONFLICT : GRID_EINPUT;
	if (l->errors == 1)
		return grid_error_set(code, "%s: 1 error; nothing was imported", input_name(l));
	if (l->errors > MAX_ERRORS)
		return grid_error_set(code, "%s: %ld errors (the first 20 shown); nothing was imported", input_name(l),
			l->errors);
	if (l->errors)
		return grid_error_set(code, "%s: %ld errors; nothing was imported", input_name(l), l->errors);
	return GRID_OK;
}

/* The import inside its bulk load and transaction, up to the commit. */
static int import_ledger(struct ledger *l, FILE *f, const char *pre, size_t npre, struct store_bulk *indexes,
	int *rollback_journal)
{
	struct store *s = l->db->store;
	int rc;

	if ((rc = store_bulk_begin(s, !l->o->dry_run, rollback_journal)) || (rc = store_begin(s)) ||
	    (rc = load_roster(l, indexes)) || (rc = read_ledger(l, f, pre, npre)) || (rc = verdict(l)))
		return rc;
	/* A dry run rolls back: building the indexes would be wasted. */
	return l->o->dry_run ? GRID_OK : store_bulk_index(s, indexes);
}

static void ledger_free(struct ledger *l)
{
	size_t i;

	for (i = 0; i < GRID_ARRAY_SIZE(l->fields); i++)
		free(l->fields[i].s);
	code_map_free(&l->units);
	code_map_free(&l->categories);
	code_map_free(&l->people);
	code_map_free(&l->departments);
	free(l->refs.h);
	free(l->added_line);
	for (i = 0; i < STORE_ISSUE_BATCH; i++)
		free(l->pend[i].buf);
	csv_free(&l->parser);
}

/* The blank bytes F starts with, into PRE (at most SIZE - 1, so that a
 * CSV file reads on from them as it stands); 1 when the next byte is
 * '{', which starts a JSON Lines export (lib/case_import.c). */
static int sniff(FILE *f, char *pre, size_t size, size_t *npre, long *newlines)
{
	int ch;

	*npre = 0;
	*newlines = 0;
	while (*npre + 1 < size && (ch = getc(f)) != EOF) {
		if (ch != ' ' && ch != '\t' && ch != '\r' && ch != '\n') {
			ungetc(ch, f);
			return ch == '{';
		}
		*newlines += ch == '\n';
		pre[(*npre)++] = (char)ch;
	}
	return 0;
}

int grid_issue_import(grid_db *db, FILE *f, const grid_ledger_opts *o, grid_ledger_result *res)
{
	char pre[4096];
	size_t npre;
	long newlines;
	struct ledger l;
	struct store_bulk indexes = { { NULL }, { NULL }, 0 };
	int rc, rollback_journal = 0;

	res->added = res->unchanged = 0;
	memset(&l, 0, sizeof(l));
	l.db = db;
	l.o = o;
	l.res = res;
	l.line = 1;
	l.now = grid_db_now(db);
	if ((rc = grid_require_role(db, GRID_ROLE_ADMIN, "issue import")) || (rc = grid_db_resolve_real(db)))
		return rc;
	if (sniff(f, pre, sizeof(pre), &npre, &newlines))
		return case_import_jsonl(db, f, 1 + newlines, o, res);
	if (csv_init(&l.parser, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL) != 0)
		return grid_error_oom();
	rc = import_ledger(&l, f, pre, npre, &indexes, &rollback_journal);
	if (o->dry_run && rc == GRID_OK)
		store_end(db->store, GRID_EFAIL);
	else
		rc = store_end(db->store, rc);
	/* Also after a failed store_bulk_begin: it undoes what that did. */
	store_bulk_end(db->store, rollback_journal);
	if (rc)
		res->added = res->unchanged = 0;
	ledger_free(&l);
	store_bulk_free(&indexes);
	return rc;
}
