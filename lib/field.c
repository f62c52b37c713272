/* Field work: household visits and duty diaries, and their measures. */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grid/field.h"
#include "grid/text.h"
#include "grid/time.h"
#include "internal.h"
#include "store/fieldwork.h"

#define WRITERS (GRID_ROLE_ADMIN | GRID_ROLE_LEADER | GRID_ROLE_GRID_HEAD | GRID_ROLE_GRID_MEMBER)
#define REVIEWERS (GRID_ROLE_ADMIN | GRID_ROLE_LEADER)
#define MAX_INPUT_ERRORS 20

static int check_text(const char *what, const char *s, enum grid_text_kind kind, int required)
{
	char why[96];

	if (!s || !*s) {
		if (required)
			return grid_error_set(GRID_EINPUT, "%s is empty", what);
		return GRID_OK;
	}
	if (grid_text_check(s, strlen(s), kind, why, sizeof(why)))
		return grid_error_set(GRID_EINPUT, "%s %s", what, why);
	return GRID_OK;
}

/* Who may write field records on the unit bounded by LFT/RGT for person
 * BY: an admin always; someone else's only an admin or a leader; the
 * others only on units where they (or an ancestor unit) are assigned. */
static int may_write(grid_db *db, const char *by, const char *unit, int64_t lft, int64_t rgt, const char *what)
{
	int yes = 0;
	int rc;

	if ((rc = grid_require_role(db, WRITERS, what)))
		return rc;
	if (db->actor_roles & GRID_ROLE_ADMIN)
		return GRID_OK;
	if (strcmp(by, db->actor) != 0 && !(db->actor_roles & GRID_ROLE_LEADER))
		return grid_error_set(GRID_EPERM, "%s: only an admin or a leader may record for someone else ('%s')", what,
			by);
	if ((rc = store_field_assigned(db->store, db->actor, lft, rgt, &yes)))
		return rc;
	if (!yes)
		return grid_error_set(GRID_EPERM, "%s: person '%s' has no assignment on unit '%s' or above it", what,
			db->actor, unit);
	return GRID_OK;
}

/* ---- visits ------------------------------------------------------------- */

/* Household keys are compared as text: " a", "a " and "a" are one
 * household.  Trims ASCII white space and U+3000 (the ideographic space
 * of CJK input methods) at both ends, in place; returns S. */
static char *trim(char *s)
{
	char *b = s, *e;

	for (;;) {
		if (*b == ' ' || (*b >= '\t' && *b <= '\r'))
			b++;
		else if ((unsigned char)b[0] == 0xE3 && (unsigned char)b[1] == 0x80 && (unsigned char)b[2] == 0x80)
			b += 3;
		else
			break;
	}
	e = b + strlen(b);
	for (;;) {
		if (e > b && (e[-1] == ' ' || (e[-1] >= '\t' && e[-1] <= '\r')))
			e--;
		else if (e - b >= 3 && (unsigned char)e[-3] == 0xE3 && (unsigned char)e[-2] == 0x80 &&
			(unsigned char)e[-1] == 0x80)
			e -= 3;
		else
			break;
	}
	memmove(s, b, (size_t)(e - b));
	s[e - b] = '\0';
	return s;
}

int grid_visit_add(int64_t *out, grid_db *db, const grid_visit_opts *opts)
{
	int64_t unit_id, lft, rgt, now = grid_db_now(db), at;
	const char *by;
	char *household = NULL;
	int rc, added = 0;

	*out = 0;
	if (!opts->unit || !*opts->unit)
		return grid_error_set_field(grid_error_set(GRID_EUSAGE, "a visit needs a unit"), "unit");
	if (opts->household && !(household = grid_strdup(opts->household)))
		return GRID_EFAIL;
	if (household)
		trim(household);
	if ((rc = check_text("household", household, GRID_TEXT_SHORT, 1)) ||
		(rc = check_text("note", opts->note, GRID_TEXT_NOTE, 0)))
		goto done;
	at = opts->at ? opts->at : now;
	if (at > now) {
		char iso[40];

		grid_time_format(iso, sizeof(iso), at);
		rc = grid_error_set(GRID_EINPUT, "visit time '%s' is in the future", iso);
		goto done;
	}
	if ((rc = store_field_unit(db->store, opts->unit, &unit_id, &lft, &rgt)))
		goto done;
	by = opts->by ? opts->by : db->actor;
	if (!by) {
		rc = grid_require_role(db, WRITERS, "visit add");
		goto done;
	}
	if ((rc = store_field_person(db->store, by)) || (rc = may_write(db, by, opts->unit, lft, rgt, "visit add")) ||
		(rc = store_begin(db->store)))
		goto done;
	/* The same visit twice is one visit: its id is the first one's. */
	rc = store_visit_insert(db->store, unit_id, household, by, at, opts->note && *opts->note ? opts->note : NULL,
		out, &added);
	rc = store_end(db->store, rc);
done:
	free(household);
	return rc;
}

static int scope_bounds(grid_db *db, const char *unit, int64_t *lft, int64_t *rgt)
{
	*lft = INT64_MIN;
	*rgt = INT64_MAX;
	return unit ? store_field_unit(db->store, unit, NULL, lft, rgt) : GRID_OK;
}

int grid_visit_list(grid_db *db, const grid_visit_filter *filter, grid_visit_cb cb, void *ctx)
{
	grid_visit_filter none = GRID_VISIT_FILTER_INIT;
	int64_t lft, rgt;
	int rc;

	if (!filter)
		filter = &none;
	if ((rc = scope_bounds(db, filter->unit, &lft, &rgt)))
		return rc;
	if (filter->by && (rc = store_field_person(db->store, filter->by)))
		return rc;
	return store_visit_list(db->store, lft, rgt, filter, cb, ctx);
}

/* ---- visit import (CSV through libcsv) ------------------------------------ */

enum { COL_UNIT, COL_HOUSEHOLD, COL_BY, COL_AT, COL_NOTE, NCOLS };
static const char *const col_names[NCOLS] = { "unit", "household", "by", "at", "note" };

struct import {
	grid_db *db;
	const char *name;
	unsigned flags;
	grid_input_error_cb err;
	void *err_ctx;
	int64_t now;
	long line;        /* the line being fed to the parser */
	long rec_line;    /* where the current record's first field starts */
	long field_line;  /* where the field being read starts */
	int row_start;    /* the next line not blank starts a record */
	int header_done;
	int header_ok;    /* the header named known columns, each once */
	int col[NCOLS];   /* field index of each column, -1 when absent */
	int nheader;
	char **fields;    /* the current record */
	long *lines;      /* where each of its fields starts */
	size_t nfields, cap;
	int errors;
	int fatal;        /* a non-input error (database, memory): rc */
	int64_t added;
	int64_t unchanged; /* identical to a visit already recorded */
};

/* Messages quote the file's text: keep them one printable line even when
 * the file is binary. */
static void sanitize(char *s)
{
	unsigned char *p;

	if (grid_utf8_length(s, strlen(s)) < 0) {
		for (p = (unsigned char *)s; *p; p++)
			if (*p >= 0x80)
				*p = '?';
	}
	for (p = (unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			*p = '?';
}

static void import_error(struct import *im, long line, const char *fmt, ...) GRID_PRINTF(3, 4);

static void import_error(struct import *im, long line, const char *fmt, ...)
{
	char msg[512];
	char full[700];
	va_list ap;

	im->errors++;
	if (im->errors > MAX_INPUT_ERRORS)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(full, sizeof(full), "%s:%ld: %s", im->name, line, msg);
	sanitize(full);
	if (im->err)
		im->err(im->err_ctx, full);
}

static void on_field(void *s, size_t len, void *data)
{
	struct import *im = data;
	char *copy;

	if (im->fatal)
		return;
	if (im->nfields == 0)
		im->rec_line = im->field_line;
	if (im->nfields == im->cap) {
		size_t cap = im->cap ? im->cap * 2 : 8;
		char **v = realloc(im->fields, cap * sizeof(*v));
		long *l;

		if (!v) {
			im->fatal = grid_error_oom();
			return;
		}
		im->fields = v;
		if (!(l = realloc(im->lines, cap * sizeof(*l)))) {
			im->fatal = grid_error_oom();
			return;
		}
		im->lines = l;
		im->cap = cap;
	}
	im->lines[im->nfields] = im->field_line;
	if (im->header_ok && len && memchr(s, '\0', len)) /* the copy below would end at it */
		import_error(im, im->field_line, "a field holds a NUL byte");
	/* The next field starts after this one's comma, on this line. */
	im->field_line = im->line;
	copy = malloc(len + 1);
	if (!copy) {
		im->fatal = grid_error_oom();
		return;
	}
	if (len)
		memcpy(copy, s, len);
	copy[len] = '\0';
	/* A header name with a NUL must not pass for the name before it. */
	for (size_t k = 0; !im->header_done && k < len; k++)
		copy[k] = copy[k] ? copy[k] : '?';
	im->fields[im->nfields++] = copy;
}

static void import_header(struct import *im)
{
	size_t i;
	int c;

	for (c = 0; c < NCOLS; c++)
		im->col[c] = -1;
	im->nheader = (int)im->nfields;
	for (i = 0; i < im->nfields; i++) {
		const char *f = im->fields[i];

		for (c = 0; c < NCOLS && strcmp(f, col_names[c]) != 0; c++)
			;
		/* One line holds the header: its first fault is enough. */
		if (c == NCOLS) {
			import_error(im, im->rec_line, "unknown column '%s'; the columns are unit,household,by,at,note",
				f);
			break;
		}
		if (im->col[c] >= 0) {
			import_error(im, im->rec_line, "column '%s' given twice", f);
			break;
		}
		im->col[c] = (int)i;
	}
	/* An unknown column is most likely a misspelt one: naming it is
	 * enough, without also calling the real one missing. */
	for (c = 0; c < COL_NOTE && !im->errors; c++)
		if (im->col[c] < 0)
			import_error(im, im->rec_line, "missing column '%s'", col_names[c]);
	im->header_ok = im->errors == 0;
}

static const char *field(const struct import *im, int c)
{
	return im->col[c] >= 0 ? im->fields[im->col[c]] : NULL;
}

/* A fault of column C of the current record, at the line where its field
 * starts: "FILE:LINE: column 'at': MESSAGE". */
static void column_error(struct import *im, int c, const char *msg)
{
	import_error(im, im->col[c] >= 0 ? im->lines[im->col[c]] : im->rec_line, "column '%s': %s", col_names[c], msg);
}

static void import_row(struct import *im)
{
	const char *unit = field(im, COL_UNIT), *household = field(im, COL_HOUSEHOLD), *by = field(im, COL_BY);
	const char *at_text = field(im, COL_AT), *note = field(im, COL_NOTE);
	int64_t unit_id = 0, at = 0;
	long line = im->rec_line;
	int bad = 0, added = 0;
	int rc;

	if ((int)im->nfields != im->nheader) {
		import_error(im, line, "expected %d fields, found %zu", im->nheader, im->nfields);
		return;
	}
	/* Each check reports its own error so one pass lists them all. */
	if ((rc = check_text("value", unit, GRID_TEXT_CODE, 1)) ||
		(rc = store_field_unit(im->db->store, unit, &unit_id, NULL, NULL))) {
		bad = 1;
		if (rc != GRID_EINPUT && rc != GRID_ENOTFOUND)
			im->fatal = rc;
		else
			column_error(im, COL_UNIT, grid_errmsg());
	}
	if (household)
		trim(im->fields[im->col[COL_HOUSEHOLD]]);
	if ((rc = check_text("value", household, GRID_TEXT_SHORT, 1))) {
		bad = 1;
		column_error(im, COL_HOUSEHOLD, grid_errmsg());
	}
	if ((rc = check_text("value", by, GRID_TEXT_CODE, 1)) || (rc = store_field_person(im->db->store, by))) {
		bad = 1;
		if (rc != GRID_EINPUT && rc != GRID_ENOTFOUND)
			im->fatal = rc;
		else
			column_error(im, COL_BY, grid_errmsg());
	}
	if (!at_text || !*at_text) {
		bad = 1;
		column_error(im, COL_AT, "value is empty");
	} else if (grid_time_parse(&at, at_text)) {
		bad = 1;
		column_error(im, COL_AT, grid_errmsg());
	} else if (at > im->now) {
		char msg[160];

		bad = 1;
		snprintf(msg, sizeof(msg), "visit time '%.100s' is in the future", at_text);
		column_error(im, COL_AT, msg);
	}
	if ((rc = check_text("value", note, GRID_TEXT_NOTE, 0))) {
		bad = 1;
		column_error(im, COL_NOTE, grid_errmsg());
	}
	if (bad || im->errors || im->fatal)
		return;
	rc = store_visit_insert(im->db->store, unit_id, household, by, at, note && *note ? note : NULL, NULL, &added);
	if (rc)
		im->fatal = rc;
	else if (added)
		im->added++;
	else
		im->unchanged++;
}

static void on_row(int term, void *data)
{
	struct import *im = data;
	size_t i;

	(void)term;
	if (!im->fatal && im->nfields) {
		if (!im->header_done) {
			im->header_done = 1;
			import_header(im);
		} else if (im->header_ok) {
			/* After a bad row, rows are still checked, for
			 * more errors, but no longer written. */
			import_row(im);
		}
	}
	for (i = 0; i < im->nfields; i++)
		free(im->fields[i]);
	im->nfields = 0;
	im->row_start = 1;
}

/* libcsv's own wording names its internals: say what is wrong instead. */
static const char *csv_message(struct csv_parser *p)
{
	switch (csv_error(p)) {
	case CSV_EPARSE:
		return "malformed CSV: unbalanced quote";
	case CSV_ETOOBIG:
		return "malformed CSV: a field is too big";
	case CSV_ENOMEM:
		return "out of memory";
	default:
		return "malformed CSV";
	}
}

int grid_visit_import(grid_db *db, const char *name, const char *data, size_t len, unsigned flags,
	grid_input_error_cb err, void *err_ctx, int64_t *added)
{
	int64_t unchanged;

	return grid_visit_import_counts(db, name, data, len, flags, err, err_ctx, added, &unchanged);
}

int grid_visit_import_counts(grid_db *db, const char *name, const char *data, size_t len, unsigned flags,
	grid_input_error_cb err, void *err_ctx, int64_t *added, int64_t *unchanged)
{
	struct import im;
	struct csv_parser p;
	size_t off = 0, i;
	int rc;

	*added = *unchanged = 0;
	if ((rc = grid_require_role(db, REVIEWERS, "visit import")))
		return rc;
	memset(&im, 0, sizeof(im));
	im.db = db;
	im.name = name;
	im.flags = flags;
	im.err = err;
	im.err_ctx = err_ctx;
	im.now = grid_db_now(db);
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		off = 3;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL))
		return grid_error_oom();
	if ((rc = store_begin(db->store))) {
		csv_free(&p);
		return rc;
	}
	/* Fed a line at a time so that each field knows the line it starts
	 * on (a quoted field may hold line breaks; libcsv skips blank lines). */
	/* A bad header makes every row meaningless: stop there. */
	im.row_start = 1;
	while (off < len && !im.fatal && (!im.header_done || im.header_ok)) {
		const char *nl = memchr(data + off, '\n', len - off);
		size_t n = nl ? (size_t)(nl - (data + off)) + 1 : len - off;

		im.line++;
		if (im.row_start) {
			im.field_line = im.line;
			/* DATA need not end in a NUL: strspn would read past LEN. */
			for (i = 0; i < n && (data[off + i] == '\r' || data[off + i] == '\n'); i++)
				;
			if (i < n)
				im.row_start = 0;
		}
		if (csv_parse(&p, data + off, n, on_field, on_row, &im) != n) {
			if (im.header_done && !im.header_ok)
				break;
			import_error(&im, im.field_line, "%s", csv_message(&p));
			break;
		}
		off += n;
	}
	if (!im.fatal && off >= len && (!im.header_done || im.header_ok) && csv_fini(&p, on_field, on_row, &im))
		import_error(&im, im.field_line ? im.field_line : im.line, "%s", csv_message(&p));
	csv_free(&p);
	for (i = 0; i < im.nfields; i++) /* a record left half-read by an error */
		free(im.fields[i]);
	free(im.fields);
	free(im.lines);
	if (im.fatal)
		rc = im.fatal;
	else if (!im.header_done)
		rc = grid_error_set(GRID_EINPUT, "%s: empty file; the first line names the columns", name);
	else if (im.errors)
		rc = grid_error_set(GRID_EINPUT, "%s: %d error%s%s; nothing was written", name, im.errors,
			im.errors == 1 ? "" : "s", im.errors > MAX_INPUT_ERRORS ? " (the first 20 shown)" : "");
	else
		rc = GRID_OK;
	if (rc == GRID_OK && (flags & GRID_IMPORT_DRY_RUN)) {
		store_end(db->store, GRID_ECONFLICT);
		grid_error_clear();
		*added = im.added;
		*unchanged = im.unchanged;
		return GRID_OK;
	}
	rc = store_end(db->store, rc);
	if (rc == GRID_OK) {
		*added = im.added;
		*unchanged = im.unchanged;
	}
	return rc;
}

/* ---- diaries ------------------------------------------------------------ */

/* The first local date whose midnight is at or after T, as YYYY-MM-DD. */
static void date_ceil(char *buf, size_t size, int64_t t)
{
	int64_t midnight = 0;

	grid_date_format(buf, size, t);
	if (grid_date_parse(&midnight, buf) == GRID_OK && midnight < t)
		grid_date_format(buf, size, midnight + 36 * 3600);
}

int grid_diary_add(int64_t *out, grid_db *db, const grid_diary_opts *opts)
{
	char date[16], today[16];
	int64_t unit_id, lft, rgt, existing = 0, midnight;
	const char *by;
	int rc;

	*out = 0;
	if (!opts->unit || !*opts->unit)
		return grid_error_set_field(grid_error_set(GRID_EUSAGE, "a diary entry needs a unit"), "unit");
	if ((rc = check_text("text", opts->text, GRID_TEXT_NOTE, 1)))
		return rc;
	grid_date_format(today, sizeof(today), grid_db_now(db));
	if (opts->date) {
		if ((rc = grid_date_parse(&midnight, opts->date)))
			return rc;
		grid_date_format(date, sizeof(date), midnight);
		if (strcmp(date, today) > 0)
			return grid_error_set(GRID_EINPUT, "diary date '%s' is in the future", date);
	} else {
		memcpy(date, today, sizeof(date));
	}
	if ((rc = store_field_unit(db->store, opts->unit, &unit_id, &lft, &rgt)))
		return rc;
	by = opts->by ? opts->by : db->actor;
	if (!by)
		return grid_require_role(db, WRITERS, "log add");
	if ((rc = store_field_person(db->store, by)))
		return rc;
	if ((rc = may_write(db, by, opts->unit, lft, rgt, "log add")))
		return rc;
	if ((rc = store_begin(db->store)))
		return rc;
	rc = store_diary_find(db->store, unit_id, by, date, &existing);
	if (rc == GRID_OK && existing && !opts->replace)
		rc = grid_error_set_field(grid_error_set(GRID_ECONFLICT,
			"person '%s' already wrote the entry of %s on unit '%s' (id %lld); set replace to replace it", by,
			date, opts->unit, (long long)existing), "replace");
	else if (rc == GRID_OK && existing) {
		rc = store_diary_replace(db->store, existing, opts->text);
		*out = existing;
	} else if (rc == GRID_OK)
		rc = store_diary_insert(db->store, unit_id, by, date, opts->text, out);
	return store_end(db->store, rc);
}

int grid_diary_list(grid_db *db, const grid_diary_filter *filter, grid_diary_cb cb, void *ctx)
{
	grid_diary_filter none = GRID_DIARY_FILTER_INIT;
	int64_t lft, rgt;
	int rc;

	if (!filter)
		filter = &none;
	if ((rc = scope_bounds(db, filter->unit, &lft, &rgt)))
		return rc;
	if (filter->by && (rc = store_field_person(db->store, filter->by)))
		return rc;
	return store_diary_list(db->store, lft, rgt, filter, cb, ctx);
}

int grid_diary_review(grid_db *db, int64_t id, int score, const char *note)
{
	int rc;

	if (score < 0 || score > 100)
		return grid_error_set(GRID_EUSAGE, "score %d is outside 0..100", score);
	if ((rc = check_text("note", note, GRID_TEXT_NOTE, 0)))
		return rc;
	if ((rc = grid_require_role(db, REVIEWERS, "log review")))
		return rc;
	if ((rc = store_begin(db->store)))
		return rc;
	rc = store_diary_review(db->store, id, score, note && *note ? note : NULL, db->actor, grid_db_now(db));
	return store_end(db->store, rc);
}

#define FNV_OFFSET 14695981039346656037ULL
#define FNV_PRIME 1099511628211ULL

static uint64_t fnv1a(uint64_t h, const unsigned char *p, size_t n)
{
	while (n--) {
		h ^= *p++;
		h *= FNV_PRIME;
	}
	return h;
}

uint64_t grid_diary_seed(const char *month)
{
	return fnv1a(FNV_OFFSET, (const unsigned char *)month, strlen(month));
}

uint64_t grid_diary_rank(uint64_t seed, int64_t id)
{
	unsigned char b[16];
	uint64_t u = (uint64_t)id;
	int i;

	for (i = 0; i < 8; i++) {
		b[i] = (unsigned char)(seed >> (8 * i));
		b[8 + i] = (unsigned char)(u >> (8 * i));
	}
	return fnv1a(FNV_OFFSET, b, sizeof(b));
}

struct pick {
	grid_diary d;   /* strings owned */
	uint64_t rank;
};

struct sample {
	struct pick *v;
	size_t n, cap;
	int per_person;
	uint64_t seed;
	grid_diary_cb cb;
	void *ctx;
	int rc;
};

static void pick_clear(struct sample *s)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		free((char *)s->v[i].d.unit);
		free((char *)s->v[i].d.person);
		free((char *)s->v[i].d.date);
		free((char *)s->v[i].d.text);
		free((char *)s->v[i].d.reviewed_by);
	}
	s->n = 0;
}

static int by_rank(const void *a, const void *b)
{
	const struct pick *x = a, *y = b;

	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	return (x->d.id > y->d.id) - (x->d.id < y->d.id);
}

static int by_id(const void *a, const void *b)
{
	const struct pick *x = a, *y = b;

	return (x->d.id > y->d.id) - (x->d.id < y->d.id);
}

/* Emit the picks of the person gathered so far. */
static int sample_flush(struct sample *s)
{
	size_t i, n = s->n < (size_t)s->per_person ? s->n : (size_t)s->per_person;
	int rc = 0;

	qsort(s->v, s->n, sizeof(*s->v), by_rank);
	qsort(s->v, n, sizeof(*s->v), by_id);
	for (i = 0; i < n && !rc; i++)
		rc = s->cb(s->ctx, &s->v[i].d);
	pick_clear(s);
	return rc;
}

static char *dup_or_null(const char *p)
{
	return p ? strdup(p) : NULL;
}

static int sample_row(void *ctx, const grid_diary *d)
{
	struct sample *s = ctx;
	struct pick *p;
	int rc;

	if (s->n && strcmp(s->v[0].d.person, d->person) != 0 && (rc = sample_flush(s)))
		return rc;
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 32;
		struct pick *v = realloc(s->v, cap * sizeof(*v));

		if (!v)
			return grid_error_oom();
		s->v = v;
		s->cap = cap;
	}
	p = &s->v[s->n];
	p->d = *d;
	p->d.unit = dup_or_null(d->unit);
	p->d.person = dup_or_null(d->person);
	p->d.date = dup_or_null(d->date);
	p->d.text = dup_or_null(d->text);
	p->d.reviewed_by = dup_or_null(d->reviewed_by);
	p->rank = grid_diary_rank(s->seed, d->id);
	s->n++;
	if (!p->d.unit || !p->d.person || !p->d.date || !p->d.text || (d->reviewed_by && !p->d.reviewed_by))
		return grid_error_oom();
	return 0;
}

int grid_diary_sample(grid_db *db, const char *month, int per_person, uint64_t seed, grid_diary_cb cb, void *ctx)
{
	struct sample s;
	grid_period p;
	char since[16], until[16];
	int rc;

	if (per_person < 1)
		return grid_error_set_field(grid_error_set(GRID_EUSAGE, "per_person must be at least 1"), "per_person");
	if ((rc = grid_period_month(&p, month, grid_db_now(db))))
		return rc;
	date_ceil(since, sizeof(since), p.since);
	date_ceil(until, sizeof(until), p.until);
	memset(&s, 0, sizeof(s));
	s.per_person = per_person;
	s.seed = seed;
	s.cb = cb;
	s.ctx = ctx;
	rc = store_diary_month(db->store, since, until, sample_row, &s);
	if (rc == GRID_OK && s.n)
		rc = sample_flush(&s);
	pick_clear(&s);
	free(s.v);
	return rc;
}

/* ---- measures ------------------------------------------------------------- */

/* The units of a scope in lft order, with their parents found by a stack
 * walk, so that counts per unit are read once and rolled up the tree. */
struct node {
	int64_t lft, rgt;
	int parent;          /* index, -1 for none in scope */
	int depth;
	int64_t own_households; /* -1 when not given */
	int64_t child_households;
	char *code, *name;
	grid_measure m;
};

struct tree {
	struct node *v;
	size_t n, cap;
	int *stack;
	int rc;
};

static void tree_free(struct tree *t)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		free(t->v[i].code);
		free(t->v[i].name);
	}
	free(t->v);
	free(t->stack);
}

static int tree_add(void *ctx, const struct store_field_unit *u)
{
	struct tree *t = ctx;
	struct node *x;

	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 64;
		struct node *v = realloc(t->v, cap * sizeof(*v));

		if (!v)
			return grid_error_oom();
		t->v = v;
		t->cap = cap;
	}
	x = &t->v[t->n];
	memset(x, 0, sizeof(*x));
	x->lft = u->lft;
	x->rgt = u->rgt;
	x->depth = u->depth;
	x->own_households = u->households;
	x->parent = -1;
	x->code = strdup(u->code);
	x->name = strdup(u->name);
	t->n++;
	if (!x->code || !x->name)
		return grid_error_oom();
	return 0;
}

static int tree_load(grid_db *db, struct tree *t, int64_t lft, int64_t rgt)
{
	size_t i, top = 0;
	int rc;

	if ((rc = store_field_units(db->store, lft, rgt, tree_add, t)))
		return rc;
	t->stack = malloc((t->n + 1) * sizeof(*t->stack));
	if (!t->stack)
		return grid_error_oom();
	for (i = 0; i < t->n; i++) {
		while (top && t->v[t->stack[top - 1]].rgt < t->v[i].lft)
			top--;
		t->v[i].parent = top ? t->stack[top - 1] : -1;
		t->stack[top++] = (int)i;
	}
	return GRID_OK;
}

static struct node *tree_find(struct tree *t, int64_t lft)
{
	size_t lo = 0, hi = t->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (t->v[mid].lft < lft)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < t->n && t->v[lo].lft == lft ? &t->v[lo] : NULL;
}

/* Children come after their parent in lft order: a backward pass sees
 * every child before its parent.  Households are filled only for the
 * visit measures (WITH_HOUSEHOLDS): grid_stats_* fill their own counters
 * and leave the rest zero, so that rank can add rows up by key. */
static void tree_rollup(struct tree *t, int with_households)
{
	size_t i = t->n;

	while (i--) {
		struct node *x = &t->v[i];

		x->m.households = x->own_households > 0 ? x->own_households : x->child_households;
		/* More distinct households than registered (typos, movers) must
		 * not lift a rate past 1, nor mask a sibling's zero above. */
		if (with_households && x->m.households > 0 && x->m.visited > x->m.households)
			x->m.visited = x->m.households;
		if (x->parent >= 0) {
			struct node *p = &t->v[x->parent];

			p->child_households += x->m.households;
			p->m.visited += x->m.visited;
			p->m.expected += x->m.expected;
			p->m.written += x->m.written;
			p->m.scored += x->m.scored;
			p->m.score_sum += x->m.score_sum;
		}
	}
	for (i = 0; !with_households && i < t->n; i++)
		t->v[i].m.households = 0;
}

static void measure_add(grid_measure *to, const grid_measure *m)
{
	to->households += m->households;
	to->visited += m->visited;
	to->expected += m->expected;
	to->written += m->written;
	to->scored += m->scored;
	to->score_sum += m->score_sum;
}

/* The rows of a query over a loaded tree, then its total. */
static int tree_emit(grid_db *db, struct tree *t, const grid_stats_query *q, grid_stats_cb cb, void *ctx,
	grid_measure *total)
{
	grid_measure sum;
	int depth = -1;
	size_t i;
	int rc;

	memset(&sum, 0, sizeof(sum));
	if (q->level && (rc = store_field_level(db->store, q->level, &depth)))
		return rc;
	for (i = 0; i < t->n; i++) {
		const struct node *x = &t->v[i];
		/* A scope without children is its own row. */
		int row = depth >= 0 ? x->depth == depth
			: q->unit    ? (t->n == 1 ? i == 0 : x->parent == 0)
				     : x->parent < 0;

		if (x->parent < 0)
			measure_add(&sum, &x->m);
		if (row && cb) {
			grid_stats_row r;

			r.key = x->code;
			r.name = x->name;
			r.m = x->m;
			if ((rc = cb(ctx, &r)))
				return rc;
		}
	}
	if (total)
		*total = sum;
	return GRID_OK;
}

static int add_visited(void *ctx, int64_t lft, int64_t n)
{
	struct node *x = tree_find(ctx, lft);

	if (x)
		x->m.visited = n;
	return 0;
}

int grid_stats_visits(grid_db *db, const grid_stats_query *query, grid_stats_cb cb, void *ctx,
	grid_measure *total)
{
	struct tree t;
	int64_t lft, rgt;
	int rc;

	if (total)
		memset(total, 0, sizeof(*total));
	memset(&t, 0, sizeof(t));
	if ((rc = scope_bounds(db, query->unit, &lft, &rgt)))
		goto done;
	if ((rc = tree_load(db, &t, lft, rgt)))
		goto done;
	if ((rc = store_visit_counts(db->store, lft, rgt, query->period.since, query->period.until, add_visited, &t)))
		goto done;
	tree_rollup(&t, 1);
	rc = tree_emit(db, &t, query, cb, ctx, total);
done:
	tree_free(&t);
	return rc;
}

struct diary_ctx {
	struct tree t;
	int64_t days;
	grid_stats_cb cb;
	void *ctx;
	grid_measure sum;
};

static int add_heads(void *ctx, int64_t lft, int64_t n)
{
	struct diary_ctx *d = ctx;
	struct node *x = tree_find(&d->t, lft);

	if (x)
		x->m.expected = n * d->days;
	return 0;
}

static int add_written(void *ctx, int64_t lft, int64_t written, int64_t scored, int64_t score_sum)
{
	struct diary_ctx *d = ctx;
	struct node *x = tree_find(&d->t, lft);

	if (x) {
		x->m.written = written;
		x->m.scored = scored;
		x->m.score_sum = score_sum;
	}
	return 0;
}

static int person_row(void *ctx, const struct store_diary_person *p)
{
	struct diary_ctx *d = ctx;
	grid_stats_row r;

	memset(&r, 0, sizeof(r));
	r.key = p->id;
	r.name = p->name ? p->name : "";
	r.m.expected = p->heads * d->days;
	r.m.written = p->written;
	r.m.scored = p->scored;
	r.m.score_sum = p->score_sum;
	measure_add(&d->sum, &r.m);
	return d->cb ? d->cb(d->ctx, &r) : 0;
}

int grid_stats_diary(grid_db *db, const grid_stats_query *query, grid_stats_cb cb, void *ctx,
	grid_measure *total)
{
	struct diary_ctx d;
	char since[16], until[16];
	int64_t lft, rgt, end;
	int rc;

	if (total)
		memset(total, 0, sizeof(*total));
	memset(&d, 0, sizeof(d));
	d.cb = cb;
	d.ctx = ctx;
	/* Days after the as-of time are not expected yet, nor counted. */
	end = query->period.until;
	if (query->period.as_of && query->period.as_of < end)
		end = query->period.as_of;
	d.days = grid_working_days(query->period.since, end);
	date_ceil(since, sizeof(since), query->period.since);
	date_ceil(until, sizeof(until), end);
	if ((rc = scope_bounds(db, query->unit, &lft, &rgt)))
		goto done;
	if (query->by == GRID_BY_PERSON) {
		rc = store_diary_persons(db->store, lft, rgt, since, until, person_row, &d);
		if (rc == GRID_OK && total)
			*total = d.sum;
		goto done;
	}
	if ((rc = tree_load(db, &d.t, lft, rgt)))
		goto done;
	if ((rc = store_head_counts(db->store, lft, rgt, add_heads, &d)))
		goto done;
	if ((rc = store_diary_counts(db->store, lft, rgt, since, until, add_written, &d)))
		goto done;
	tree_rollup(&d.t, 0);
	rc = tree_emit(db, &d.t, query, cb, ctx, total);
done:
	tree_free(&d.t);
	return rc;
}
