/* The PostgreSQL driver of the statement layer (lib/store/sql.h) over
 * libpq.  Statements are prepared on the server once per connection, with
 * the layer's ?N parameters written as $N; values travel as text, blobs
 * as binary; results come back as text, read a row at a time from the
 * whole result.  Errors are sorted into the layer's classes by SQLSTATE. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pg.h"

struct pg_blob {
	unsigned char *p;
	size_t cap;
};

struct pg_copy_buf {
	char *p;
	size_t len, cap;
};

struct pg_stmt {
	struct sql_stmt base;
	char name[16];
	char *copy_sql;            /* a statement of COPY: its text, else NULL */
	struct pg_copy_buf rows;   /* its rows in COPY's text format */
	struct pg_stmt *next_copy; /* the statement of COPY made after it */
	int nparams;
	const char **values;
	int *lengths, *formats;
	char **owned;         /* copies this statement frees */
	char (*num)[24];      /* the text of bound numbers */
	PGresult *res;
	int row, nrows;
	struct pg_blob *blobs; /* decoded bytea, one a column */
	int nblobs;
};

#define PS(x) ((struct pg_stmt *)(x))

static int pg_flush(struct store *s);

static struct pg_conn *conn_of(struct store *s)
{
	return (struct pg_conn *)s->conn;
}

static int sqlstate_class(const char *state, struct store *s)
{
	if (!state)
		return PQstatus(pg_db(s)) == CONNECTION_BAD ? SQL_ELOST : SQL_EFAIL;
	if (strncmp(state, "23", 2) == 0) {
		s->err_not_null = strcmp(state, "23502") == 0;
		return SQL_ECONSTRAINT;
	}
	if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0)
		return SQL_ERETRY;
	if (strcmp(state, "55P03") == 0 || strcmp(state, "57014") == 0)
		return SQL_EBUSY;
	if (strncmp(state, "08", 2) == 0 || strncmp(state, "57P", 3) == 0)
		return SQL_ELOST;
	if (strcmp(state, "42501") == 0 || strncmp(state, "28", 2) == 0)
		return SQL_EPERM;
	if (strcmp(state, "25006") == 0)
		return SQL_EREADONLY;
	if (strcmp(state, "53100") == 0)
		return SQL_EFULL;
	return SQL_EFAIL;
}

int pg_error_class(struct store *s, const PGresult *res)
{
	const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	size_t n;

	s->err_not_null = 0;
	if (!msg)
		msg = PQerrorMessage(pg_db(s));
	snprintf(s->errmsg, sizeof(s->errmsg), "%s", msg && *msg ? msg : "unknown error");
	/* libpq's own messages end in a newline and may hold a hint on a
	 * line of its own: one line, as every message of grid. */
	n = strlen(s->errmsg);
	while (n > 0 && (s->errmsg[n - 1] == '\n' || s->errmsg[n - 1] == ' ' || s->errmsg[n - 1] == '\t'))
		s->errmsg[--n] = '\0';
	for (char *p = s->errmsg; *p; p++)
		if (*p == '\n' || *p == '\t')
			*p = ' ';
	return sqlstate_class(state, s);
}

#define MAX_PARAMS 1024

/* SQL with its ?N and ? parameters as $N (a bare ? is one more than the
 * highest before it, as SQLite numbers it), outside quotes and comments;
 * *nparams gets the highest and USED[N] says whether $N appears.
 * Malloc'd, NULL when out of memory. */
static char *dollar_params(const char *sql, int *nparams, unsigned char used[MAX_PARAMS + 1])
{
	size_t len = strlen(sql), marks = 0;
	char *out;

	/* Each ? grows to at most "$1024". */
	for (const char *q = strchr(sql, '?'); q; q = strchr(q + 1, '?'))
		marks++;
	out = malloc(len + 4 * marks + 1);
	char *o;
	const char *p = sql;
	int max = 0;

	if (!out)
		return NULL;
	o = out;
	while (*p) {
		if (*p == '\'' || *p == '"') {
			char q = *p;

			*o++ = *p++;
			while (*p && *p != q)
				*o++ = *p++;
			if (*p)
				*o++ = *p++;
		} else if (p[0] == '-' && p[1] == '-') {
			while (*p && *p != '\n')
				*o++ = *p++;
		} else if (*p == '?') {
			int n = 0;

			p++;
			if (*p >= '0' && *p <= '9') {
				while (*p >= '0' && *p <= '9')
					n = n * 10 + (*p++ - '0');
			} else {
				n = max + 1;
			}
			if (n > max)
				max = n;
			if (n <= MAX_PARAMS)
				used[n] = 1;
			o += sprintf(o, "$%d", n);
		} else {
			*o++ = *p++;
		}
	}
	*o = '\0';
	*nparams = max;
	return out;
}

static void stmt_free(struct pg_stmt *st)
{
	int i;

	if (!st)
		return;
	PQclear(st->res);
	for (i = 0; i < st->nparams; i++)
		free(st->owned[i]);
	for (i = 0; i < st->nblobs; i++)
		free(st->blobs[i].p);
	free(st->blobs);
	free(st->copy_sql);
	free(st->rows.p);
	free(st->values);
	free(st->lengths);
	free(st->formats);
	free(st->owned);
	free(st->num);
	free(st);
}

static int out_of_memory(struct store *s)
{
	snprintf(s->errmsg, sizeof(s->errmsg), "out of memory");
	return SQL_EFAIL;
}

static int alloc_params(struct pg_stmt *st, int n)
{
	st->nparams = n;
	if (n == 0)
		return 0;
	st->values = calloc((size_t)n, sizeof(*st->values));
	st->lengths = calloc((size_t)n, sizeof(*st->lengths));
	st->formats = calloc((size_t)n, sizeof(*st->formats));
	st->owned = calloc((size_t)n, sizeof(*st->owned));
	st->num = calloc((size_t)n, sizeof(*st->num));
	return st->values && st->lengths && st->formats && st->owned && st->num ? 0 : -1;
}

/* "COPY table(a, b, c) FROM STDIN": no server statement, a parameter a
 * column, rows gathered by pg_step and sent by pg_flush. */
static int copy_prepare(struct store *s, struct pg_stmt *st, const char *sql, struct sql_stmt **out)
{
	struct pg_conn *c = conn_of(s);
	const char *open = strchr(sql, '('), *close = open ? strchr(open, ')') : NULL;
	int n = 1;

	if (!open || !close) {
		free(st);
		snprintf(s->errmsg, sizeof(s->errmsg), _("a COPY without its columns"));
		return SQL_EFAIL;
	}
	for (const char *p = open; p < close; p++)
		n += *p == ',';
	if (alloc_params(st, n) || !(st->copy_sql = strdup(sql))) {
		stmt_free(st);
		return out_of_memory(s);
	}
	if (c->copy_last)
		c->copy_last->next_copy = st;
	else
		c->copy_first = st;
	c->copy_last = st;
	st->base.drv = &pg_driver;
	st->base.store = s;
	*out = &st->base;
	return SQL_DONE;
}

static int pg_prepare(struct store *s, const char *sql, struct sql_stmt **out)
{
	struct pg_conn *c = conn_of(s);
	struct pg_stmt *st = calloc(1, sizeof(*st));
	unsigned char used[MAX_PARAMS + 1] = { 0 };
	Oid types[MAX_PARAMS] = { 0 };
	char *text;
	PGresult *res;
	int n = 0, rc;

	*out = NULL;
	if (st && strncmp(sql, "COPY ", 5) == 0)
		return copy_prepare(s, st, sql, out);
	if (!st || !(text = dollar_params(sql, &n, used))) {
		free(st);
		return out_of_memory(s);
	}
	if (n > MAX_PARAMS) {
		free(text);
		free(st);
		snprintf(s->errmsg, sizeof(s->errmsg), _("more than %d parameters"), MAX_PARAMS);
		return SQL_EFAIL;
	}
	/* A parameter the text skips (a query that takes ?2 and ?3 of a
	 * shared binding) has no type to infer: it is text, and unused. */
	for (int i = 1; i <= n; i++)
		types[i - 1] = used[i] ? 0 : 25 /* TEXTOID */;
	if (alloc_params(st, n)) {
		free(text);
		stmt_free(st);
		return out_of_memory(s);
	}
	snprintf(st->name, sizeof(st->name), "g%u", ++c->next_name);
	res = PQprepare(c->pg, st->name, text, n, types);
	free(text);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		rc = pg_error_class(s, res);
		PQclear(res);
		stmt_free(st);
		return rc;
	}
	PQclear(res);
	st->base.drv = &pg_driver;
	st->base.store = s;
	*out = &st->base;
	return SQL_DONE;
}

static void pg_finalize(struct sql_stmt *base)
{
	struct pg_stmt *st = PS(base);
	struct store *s = base->store;
	char sql[40];

	/* The server forgets them with the session anyway; a live
	 * connection frees them now. */
	if (!st->copy_sql && s && s->conn && PQstatus(pg_db(s)) == CONNECTION_OK) {
		snprintf(sql, sizeof(sql), "DEALLOCATE %s", st->name);
		PQclear(PQexec(pg_db(s), sql));
	}
	/* Statements are finalized all together, as the store closes: the
	 * list of those of COPY goes with the first. */
	if (st->copy_sql && s && s->conn)
		conn_of(s)->copy_first = conn_of(s)->copy_last = NULL;
	stmt_free(st);
}

/* Parameter I (from 1) as NULL, with what it owned freed: 0, or -1 when
 * the statement has no such parameter. */
static int param_clear(struct pg_stmt *st, int i)
{
	if (i < 1 || i > st->nparams)
		return -1;
	free(st->owned[i - 1]);
	st->owned[i - 1] = NULL;
	st->values[i - 1] = NULL;
	st->lengths[i - 1] = 0;
	st->formats[i - 1] = 0;
	return 0;
}

static int range_error(struct pg_stmt *st, int i)
{
	snprintf(st->base.store->errmsg, sizeof(st->base.store->errmsg), "parameter %d out of range", i);
	return SQL_EFAIL;
}

static int pg_bind_int64(struct sql_stmt *base, int i, int64_t v)
{
	struct pg_stmt *st = PS(base);

	if (param_clear(st, i))
		return range_error(st, i);
	snprintf(st->num[i - 1], sizeof(st->num[i - 1]), "%lld", (long long)v);
	st->values[i - 1] = st->num[i - 1];
	return SQL_DONE;
}

static int pg_bind_double(struct sql_stmt *base, int i, double v)
{
	struct pg_stmt *st = PS(base);

	if (param_clear(st, i))
		return range_error(st, i);
	snprintf(st->num[i - 1], sizeof(st->num[i - 1]), "%.17g", v);
	st->values[i - 1] = st->num[i - 1];
	return SQL_DONE;
}

static int pg_bind_text(struct sql_stmt *base, int i, const char *text, int is_static)
{
	struct pg_stmt *st = PS(base);

	if (param_clear(st, i))
		return range_error(st, i);
	if (is_static) {
		st->values[i - 1] = text;
		return SQL_DONE;
	}
	if (!(st->owned[i - 1] = strdup(text)))
		return out_of_memory(base->store);
	st->values[i - 1] = st->owned[i - 1];
	return SQL_DONE;
}

static int pg_bind_blob(struct sql_stmt *base, int i, const void *p, size_t n)
{
	struct pg_stmt *st = PS(base);

	if (param_clear(st, i))
		return range_error(st, i);
	if (!(st->owned[i - 1] = malloc(n ? n : 1)))
		return out_of_memory(base->store);
	memcpy(st->owned[i - 1], p, n);
	st->values[i - 1] = st->owned[i - 1];
	st->lengths[i - 1] = (int)n;
	st->formats[i - 1] = 1;
	return SQL_DONE;
}

static int pg_bind_null(struct sql_stmt *base, int i)
{
	struct pg_stmt *st = PS(base);

	return param_clear(st, i) ? range_error(st, i) : SQL_DONE;
}

static int run(struct pg_stmt *st)
{
	struct store *s = st->base.store;
	struct pg_conn *c = conn_of(s);
	ExecStatusType status;

	st->res = PQexecPrepared(c->pg, st->name, st->nparams, st->values, st->lengths, st->formats, 0);
	status = PQresultStatus(st->res);
	if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
		int rc = pg_error_class(s, st->res);

		PQclear(st->res);
		st->res = NULL;
		return rc;
	}
	c->changes = strtoll(PQcmdTuples(st->res), NULL, 10);
	st->row = -1;
	st->nrows = status == PGRES_TUPLES_OK ? PQntuples(st->res) : 0;
	return SQL_DONE;
}

static int buf_reserve(struct pg_copy_buf *b, size_t more)
{
	char *p;
	size_t cap;

	if (b->len + more <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 65536;
	while (cap < b->len + more)
		cap *= 2;
	if (!(p = realloc(b->p, cap)))
		return -1;
	b->p = p;
	b->cap = cap;
	return 0;
}

/* One value in COPY's text format: \N for NULL, bytea as \\x and hex,
 * text with its backslashes, tabs and line ends escaped. */
static int copy_value(struct pg_copy_buf *b, const struct pg_stmt *st, int i)
{
	static const char hex[] = "0123456789abcdef";
	const char *v = st->values[i];

	if (!v)
		return buf_reserve(b, 2) ? -1 : (memcpy(b->p + b->len, "\\N", 2), b->len += 2, 0);
	if (st->formats[i]) {
		size_t n = (size_t)st->lengths[i];

		if (buf_reserve(b, 3 + 2 * n))
			return -1;
		memcpy(b->p + b->len, "\\\\x", 3);
		b->len += 3;
		for (size_t k = 0; k < n; k++) {
			b->p[b->len++] = hex[(unsigned char)v[k] >> 4];
			b->p[b->len++] = hex[(unsigned char)v[k] & 15];
		}
		return 0;
	}
	if (buf_reserve(b, 2 * strlen(v)))
		return -1;
	for (; *v; v++) {
		char c = *v;
		char esc = c == '\\' ? '\\' : c == '\t' ? 't' : c == '\n' ? 'n' : c == '\r' ? 'r' : 0;

		if (esc) {
			b->p[b->len++] = '\\';
			b->p[b->len++] = esc;
		} else {
			b->p[b->len++] = c;
		}
	}
	return 0;
}

/* Flush when this many bytes wait: big enough to make COPY pay, small
 * enough to stay out of the way of memory. */
#define COPY_FLUSH_BYTES (8u << 20)

static int copy_row(struct pg_stmt *st)
{
	struct store *s = st->base.store;
	struct pg_conn *c = conn_of(s);
	size_t before = st->rows.len;

	for (int i = 0; i < st->nparams; i++) {
		if ((i > 0 && (buf_reserve(&st->rows, 1) || (st->rows.p[st->rows.len++] = '\t', 0))) ||
			copy_value(&st->rows, st, i))
			return out_of_memory(s);
	}
	if (buf_reserve(&st->rows, 1))
		return out_of_memory(s);
	st->rows.p[st->rows.len++] = '\n';
	/* The next row binds afresh: a NULL is one not bound. */
	for (int i = 1; i <= st->nparams; i++)
		param_clear(st, i);
	c->copy_bytes += st->rows.len - before;
	c->changes = 1;
	s->copy_pending = 1;
	if (c->copy_bytes >= COPY_FLUSH_BYTES) {
		s->copy_pending = 0;
		return pg_flush(s);
	}
	return SQL_DONE;
}

static int pg_step(struct sql_stmt *base)
{
	struct pg_stmt *st = PS(base);
	int rc;

	if (st->copy_sql)
		return copy_row(st);
	if (!st->res && (rc = run(st)) != SQL_DONE)
		return rc;
	if (st->row + 1 >= st->nrows) {
		st->row = st->nrows;
		return SQL_DONE;
	}
	st->row++;
	return SQL_ROW;
}

static void pg_reset(struct sql_stmt *base)
{
	struct pg_stmt *st = PS(base);

	PQclear(st->res);
	st->res = NULL;
	st->row = st->nrows = 0;
}

static void pg_clear_bindings(struct sql_stmt *base)
{
	struct pg_stmt *st = PS(base);

	for (int i = 1; i <= st->nparams; i++)
		param_clear(st, i);
}

static int pg_column_count(struct sql_stmt *base)
{
	struct pg_stmt *st = PS(base);
	PGresult *d;
	int n;

	if (st->res)
		return PQnfields(st->res);
	d = PQdescribePrepared(pg_db(base->store), st->name);
	n = PQresultStatus(d) == PGRES_COMMAND_OK ? PQnfields(d) : 0;
	PQclear(d);
	return n;
}

static int pg_param_count(struct sql_stmt *base)
{
	return PS(base)->nparams;
}

static int64_t pg_changes(struct store *s)
{
	return conn_of(s)->changes;
}

/* The text of column I of the current row, NULL for SQL NULL or no row. */
static const char *value(struct pg_stmt *st, int i)
{
	if (!st->res || st->row < 0 || st->row >= st->nrows || i >= PQnfields(st->res) ||
		PQgetisnull(st->res, st->row, i))
		return NULL;
	return PQgetvalue(st->res, st->row, i);
}

static int pg_column_is_null(struct sql_stmt *base, int i)
{
	return value(PS(base), i) == NULL;
}

static int64_t pg_column_int64(struct sql_stmt *base, int i)
{
	const char *v = value(PS(base), i);

	if (!v)
		return 0;
	/* Booleans read as SQLite's 1 and 0. */
	if (v[0] == 't' && !v[1])
		return 1;
	if (v[0] == 'f' && !v[1])
		return 0;
	return strtoll(v, NULL, 10);
}

static double pg_column_double(struct sql_stmt *base, int i)
{
	const char *v = value(PS(base), i);

	return v ? strtod(v, NULL) : 0.0;
}

static const char *pg_column_text(struct sql_stmt *base, int i)
{
	return value(PS(base), i);
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* A bytea column in the text form "\x0a1b…", decoded into the column's
 * buffer, valid until the next step or reset. */
static const void *pg_column_blob(struct sql_stmt *base, int i, size_t *n)
{
	struct pg_stmt *st = PS(base);
	const char *v = value(st, i);
	struct pg_blob *b;
	size_t len, k;

	*n = 0;
	if (!v || v[0] != '\\' || v[1] != 'x')
		return NULL;
	if (i >= st->nblobs) {
		struct pg_blob *more = realloc(st->blobs, (size_t)(i + 1) * sizeof(*more));

		if (!more)
			return NULL;
		memset(more + st->nblobs, 0, (size_t)(i + 1 - st->nblobs) * sizeof(*more));
		st->blobs = more;
		st->nblobs = i + 1;
	}
	b = &st->blobs[i];
	len = strlen(v + 2) / 2;
	if (len + 1 > b->cap) {
		unsigned char *p = realloc(b->p, len + 1);

		if (!p)
			return NULL;
		b->p = p;
		b->cap = len + 1;
	}
	for (k = 0; k < len; k++) {
		int hi = hex_digit(v[2 + 2 * k]), lo = hex_digit(v[3 + 2 * k]);

		if (hi < 0 || lo < 0)
			return NULL;
		b->p[k] = (unsigned char)(hi << 4 | lo);
	}
	*n = len;
	return b->p;
}

static int pg_exec(struct store *s, const char *sql)
{
	PGresult *res = PQexec(pg_db(s), sql);
	ExecStatusType status = PQresultStatus(res);
	int rc = SQL_DONE;

	if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
		rc = pg_error_class(s, res);
	else
		conn_of(s)->changes = strtoll(PQcmdTuples(res), NULL, 10);
	PQclear(res);
	return rc;
}

int pg_query_text(struct store *s, const char *sql, char *out, size_t size)
{
	PGresult *res = PQexec(pg_db(s), sql);
	int rc = SQL_DONE;

	out[0] = '\0';
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		rc = pg_error_class(s, res);
	else if (PQntuples(res) > 0 && !PQgetisnull(res, 0, 0))
		snprintf(out, size, "%s", PQgetvalue(res, 0, 0));
	PQclear(res);
	return rc;
}

/* Send the rows of one statement of COPY. */
static int copy_send(struct store *s, struct pg_stmt *st)
{
	PGconn *pg = pg_db(s);
	PGresult *res = PQexec(pg, st->copy_sql);
	int rc = SQL_DONE;

	if (PQresultStatus(res) != PGRES_COPY_IN) {
		rc = pg_error_class(s, res);
		PQclear(res);
		return rc;
	}
	PQclear(res);
	if (PQputCopyData(pg, st->rows.p, (int)st->rows.len) != 1 || PQputCopyEnd(pg, NULL) != 1)
		rc = pg_error_class(s, NULL);
	while ((res = PQgetResult(pg))) {
		if (rc == SQL_DONE && PQresultStatus(res) != PGRES_COMMAND_OK)
			rc = pg_error_class(s, res);
		PQclear(res);
	}
	return rc;
}

static int pg_flush(struct store *s)
{
	struct pg_conn *c = conn_of(s);
	int rc = SQL_DONE;

	c->copy_bytes = 0;
	for (struct pg_stmt *st = c->copy_first; st; st = st->next_copy) {
		if (rc == SQL_DONE && st->rows.len > 0)
			rc = copy_send(s, st);
		st->rows.len = 0;
	}
	return rc;
}

static int pg_begin(struct store *s)
{
	char sql[96];
	int rc;

	snprintf(sql, sizeof(sql), "BEGIN; SELECT pg_advisory_xact_lock(%d)", PG_WRITE_LOCK_KEY);
	if ((rc = pg_exec(s, sql)) != SQL_DONE)
		PQclear(PQexec(pg_db(s), "ROLLBACK"));
	return rc;
}

static int pg_commit(struct store *s)
{
	PGresult *res = PQexec(pg_db(s), "COMMIT");
	int rc = SQL_DONE;

	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		rc = pg_error_class(s, res);
	} else if (strcmp(PQcmdStatus(res), "COMMIT") != 0) {
		/* A transaction that failed earlier "commits" as ROLLBACK. */
		snprintf(s->errmsg, sizeof(s->errmsg), _("the transaction was rolled back"));
		rc = SQL_EFAIL;
	}
	PQclear(res);
	return rc;
}

static void pg_rollback(struct store *s)
{
	struct pg_conn *c = conn_of(s);

	/* Rows not sent go with the transaction. */
	for (struct pg_stmt *st = c->copy_first; st; st = st->next_copy)
		st->rows.len = 0;
	c->copy_bytes = 0;
	PQclear(PQexec(pg_db(s), "ROLLBACK"));
}

static void pg_close(struct store *s)
{
	struct pg_conn *c = conn_of(s);

	if (c) {
		PQfinish(c->pg);
		free(c);
	}
	s->conn = NULL;
}

static void pg_busy_timeout(struct store *s, int ms)
{
	char sql[64];

	/* lock_timeout covers the advisory write lock as every other. */
	snprintf(sql, sizeof(sql), "SET lock_timeout = %d", ms > 0 ? ms : 0);
	pg_exec(s, sql);
	conn_of(s)->lock_timeout_ms = ms;
}

const struct sql_driver pg_driver = {
	.name = "postgresql",
	.engine = SQL_PG,
	.prepare = pg_prepare,
	.finalize = pg_finalize,
	.bind_int64 = pg_bind_int64,
	.bind_double = pg_bind_double,
	.bind_text = pg_bind_text,
	.bind_blob = pg_bind_blob,
	.bind_null = pg_bind_null,
	.step = pg_step,
	.reset = pg_reset,
	.clear_bindings = pg_clear_bindings,
	.column_count = pg_column_count,
	.param_count = pg_param_count,
	.changes = pg_changes,
	.column_is_null = pg_column_is_null,
	.column_int64 = pg_column_int64,
	.column_double = pg_column_double,
	.column_text = pg_column_text,
	.column_blob = pg_column_blob,
	.exec = pg_exec,
	.begin = pg_begin,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.close = pg_close,
	.busy_timeout = pg_busy_timeout,
	.flush = pg_flush,
};
