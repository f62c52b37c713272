/* The output layer every command prints through: text (aligned in display
 * cells), JSON (jansson; rows streamed), CSV (RFC 4180 with the formula
 * guard of cli.md) and TSV. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Compact, keys in the order written, and 15 significant digits: a rate
 * such as 2/5 prints 0.4, not the binary neighbour 0.40000000000000002. */
#define JSON_FLAGS (JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15))

struct out {
	struct cli *c;
	const struct out_col *cols;
	size_t ncols;
	size_t nrows;
	int started;   /* "[" or the CSV/TSV header is out */
	int failed;
	/* text: every cell kept until out_end, to measure the columns */
	char **cells;
	size_t cap;
};

struct out_val out_str(const char *s)
{
	struct out_val v = { 0 };

	v.null = s == NULL;
	v.s = s;
	return v;
}

struct out_val out_int(long long i)
{
	struct out_val v = { 0 };

	v.i = i;
	return v;
}

struct out_val out_time(int64_t t, int has)
{
	struct out_val v = { 0 };

	v.null = !has;
	v.i = t;
	return v;
}

struct out_val out_rate(long long num, long long den)
{
	struct out_val v = { 0 };

	v.null = den == 0;
	v.num = num;
	v.den = den;
	v.d = den ? (double)num / (double)den : 0.0;
	return v;
}

struct out_val out_real(double d)
{
	struct out_val v = { 0 };

	v.d = d;
	return v;
}

struct out_val out_null(void)
{
	struct out_val v = { 0 };

	v.null = 1;
	return v;
}

struct out_val out_list(const char *const *list, size_t n)
{
	struct out_val v = { 0 };

	v.list = list;
	v.nlist = n;
	return v;
}

static void text_time(char *buf, size_t size, int64_t t)
{
	char iso[40];

	/* 2026-11-03T10:00:00+08:00 -> 2026-11-03 10:00 */
	grid_time_format(iso, sizeof(iso), t);
	snprintf(buf, size, "%.10s %.5s", iso, iso + 11);
}

const char *out_text_cell(const struct out_col *col, const struct out_val *v, char *buf, size_t size)
{
	size_t i, used = 0;

	if (v->null)
		return col->type == OUT_STR || col->type == OUT_TIME || col->type == OUT_DATE ? "" : "-";
	switch (col->type) {
	case OUT_STR:
	case OUT_DATE:
		return v->s;
	case OUT_INT:
		snprintf(buf, size, "%lld", v->i);
		return buf;
	case OUT_REAL:
		snprintf(buf, size, "%.2f", v->d);
		return buf;
	case OUT_RATE:
		if (v->den)
			grid_rate_format(buf, size, v->num, v->den);
		else
			/* A weighted score: round the percentage half away from zero. */
			grid_rate_format(buf, size, (long long)(v->d * 1000000.0 + (v->d >= 0 ? 0.5 : -0.5)), 1000000);
		return buf;
	case OUT_TIME:
		text_time(buf, size, v->i);
		return buf;
	case OUT_LIST:
		buf[0] = '\0';
		for (i = 0; i < v->nlist && used < size; i++)
			used += (size_t)snprintf(buf + used, size - used, "%s%s", i ? "," : "", v->list[i]);
		return buf;
	}
	return "";
}

json_t *out_json_value(const struct out_col *col, const struct out_val *v)
{
	char iso[40];
	json_t *arr;
	size_t i;

	if (v->null)
		return json_null();
	switch (col->type) {
	case OUT_STR:
	case OUT_DATE:
		return json_string(v->s);
	case OUT_INT:
		return json_integer(v->i);
	case OUT_REAL:
	case OUT_RATE:
		return json_real(v->d);
	case OUT_TIME:
		grid_time_format(iso, sizeof(iso), v->i);
		return json_string(iso);
	case OUT_LIST:
		arr = json_array();
		for (i = 0; i < v->nlist; i++)
			json_array_append_new(arr, json_string(v->list[i]));
		return arr;
	}
	return json_null();
}

json_t *out_json_row(const struct out_col *cols, size_t ncols, const struct out_val *vals)
{
	json_t *obj = json_object();
	size_t i;

	for (i = 0; i < ncols; i++)
		json_object_set_new(obj, cols[i].key, out_json_value(&cols[i], &vals[i]));
	return obj;
}

int out_json_dump(json_t *doc)
{
	int rc = json_dumpf(doc, stdout, JSON_FLAGS);

	fputc('\n', stdout);
	json_decref(doc);
	return rc == 0 ? EXIT_OK : EXIT_FAIL;
}

/* A CSV/TSV cell's text: like text output, but times in ISO 8601 and
 * lists joined with ';' so that a spreadsheet keeps them in one cell. */
static const char *flat_cell(const struct out_col *col, const struct out_val *v, char *buf, size_t size)
{
	size_t i, used = 0;

	if (v->null)
		return "";
	switch (col->type) {
	case OUT_TIME:
		grid_time_format(buf, size, v->i);
		return buf;
	case OUT_RATE:
	case OUT_REAL:
		snprintf(buf, size, "%.6g", v->d);
		return buf;
	case OUT_LIST:
		buf[0] = '\0';
		for (i = 0; i < v->nlist && used < size; i++)
			used += (size_t)snprintf(buf + used, size - used, "%s%s", i ? ";" : "", v->list[i]);
		return buf;
	case OUT_STR:
	case OUT_DATE:
	case OUT_INT:
		break;
	}
	return out_text_cell(col, v, buf, size);
}

static void csv_write(const char *s, int text)
{
	/* A spreadsheet runs a cell that starts like a formula: guard it. */
	int guard = text && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r');
	int quote = strpbrk(s, ",\"\r\n") != NULL;

	if (quote)
		fputc('"', stdout);
	if (guard)
		fputc('\'', stdout);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', stdout);
		fputc(*s, stdout);
	}
	if (quote)
		fputc('"', stdout);
}

static void tsv_write(const char *s)
{
	for (; *s; s++) {
		if (*s == '\t')
			fputs("\\t", stdout);
		else if (*s == '\n')
			fputs("\\n", stdout);
		else if (*s == '\r')
			fputs("\\r", stdout);
		else if (*s == '\\')
			fputs("\\\\", stdout);
		else
			fputc(*s, stdout);
	}
}

static void flat_header(const struct out *o)
{
	size_t i;

	for (i = 0; i < o->ncols; i++) {
		if (i)
			fputc(o->c->format == FMT_CSV ? ',' : '\t', stdout);
		fputs(o->cols[i].key, stdout);
	}
	fputs(o->c->format == FMT_CSV ? "\r\n" : "\n", stdout);
}

struct out *out_begin(struct cli *c, const struct out_col *cols, size_t ncols)
{
	struct out *o = calloc(1, sizeof(*o));

	if (!o)
		return NULL;
	o->c = c;
	o->cols = cols;
	o->ncols = ncols;
	return o;
}

/* The opening of a table is written with its first row, or by out_end:
 * a command that fails before then leaves stdout empty (out_discard). */
static void out_start(struct out *o)
{
	if (o->started)
		return;
	o->started = 1;
	if (o->c->format == FMT_JSON)
		fputc('[', stdout);
	else if (o->c->format == FMT_CSV || o->c->format == FMT_TSV)
		flat_header(o);
}

static void text_keep(struct out *o, const struct out_val *vals)
{
	char buf[4096];
	size_t i;

	if (o->cap < (o->nrows + 1) * o->ncols) {
		size_t cap = o->cap ? o->cap * 2 : o->ncols * 64;
		char **cells = realloc(o->cells, cap * sizeof(char *));

		if (!cells) {
			o->failed = 1;
			return;
		}
		o->cells = cells;
		o->cap = cap;
	}
	for (i = 0; i < o->ncols; i++) {
		char *cell = strdup(out_text_cell(&o->cols[i], &vals[i], buf, sizeof(buf)));

		if (!cell)
			o->failed = 1;
		o->cells[o->nrows * o->ncols + i] = cell;
	}
}

void out_row(struct out *o, const struct out_val *vals)
{
	char buf[4096];
	size_t i;

	if (!o || o->failed)
		return;
	out_start(o);
	switch (o->c->format) {
	case FMT_JSON: {
		json_t *row = out_json_row(o->cols, o->ncols, vals);

		fputs(o->nrows ? ",\n" : "\n", stdout);
		json_dumpf(row, stdout, JSON_FLAGS);
		json_decref(row);
		break;
	}
	case FMT_CSV:
	case FMT_TSV:
		for (i = 0; i < o->ncols; i++) {
			const char *cell = flat_cell(&o->cols[i], &vals[i], buf, sizeof(buf));

			if (i)
				fputc(o->c->format == FMT_CSV ? ',' : '\t', stdout);
			if (o->c->format == FMT_CSV)
				csv_write(cell, o->cols[i].type == OUT_STR && !vals[i].null);
			else
				tsv_write(cell);
		}
		fputs(o->c->format == FMT_CSV ? "\r\n" : "\n", stdout);
		break;
	default:
		text_keep(o, vals);
		break;
	}
	o->nrows++;
}

static int right_aligned(enum out_type t)
{
	return t == OUT_INT || t == OUT_REAL || t == OUT_RATE;
}

static void pad(size_t n)
{
	while (n--)
		fputc(' ', stdout);
}

/* Newlines and tabs inside a text cell would break the columns. */
static void text_write(const char *s)
{
	for (; *s; s++)
		fputc(*s == '\n' || *s == '\t' || *s == '\r' ? ' ' : *s, stdout);
}

static void text_flush(struct out *o)
{
	size_t *width = calloc(o->ncols, sizeof(size_t));
	size_t r, i;

	if (!width) {
		o->failed = 1;
		return;
	}
	for (i = 0; i < o->ncols; i++)
		width[i] = grid_display_width(_(o->cols[i].title));
	for (r = 0; r < o->nrows; r++)
		for (i = 0; i < o->ncols; i++) {
			size_t w = grid_display_width(o->cells[r * o->ncols + i]);

			if (w > width[i])
				width[i] = w;
		}
	if (o->c->color)
		fputs("\033[1m", stdout);
	for (i = 0; i < o->ncols; i++) {
		const char *title = _(o->cols[i].title);
		size_t gap = width[i] - grid_display_width(title);

		if (right_aligned(o->cols[i].type))
			pad(gap);
		fputs(title, stdout);
		if (i + 1 < o->ncols)
			pad((right_aligned(o->cols[i].type) ? 0 : gap) + 2);
	}
	if (o->c->color)
		fputs("\033[0m", stdout);
	fputc('\n', stdout);
	for (r = 0; r < o->nrows; r++) {
		for (i = 0; i < o->ncols; i++) {
			const char *cell = o->cells[r * o->ncols + i];
			size_t gap = width[i] - grid_display_width(cell);

			if (right_aligned(o->cols[i].type))
				pad(gap);
			text_write(cell);
			if (i + 1 < o->ncols)
				pad((right_aligned(o->cols[i].type) ? 0 : gap) + 2);
		}
		fputc('\n', stdout);
	}
	free(width);
}

int out_end(struct out *o)
{
	size_t i;
	int failed;

	if (!o) {
		cli_error("out of memory");
		return EXIT_FAIL;
	}
	out_start(o);
	if (o->c->format == FMT_JSON)
		fputs(o->nrows ? "\n]\n" : "]\n", stdout);
	else if (o->c->format == FMT_TEXT && !o->failed)
		text_flush(o);
	for (i = 0; o->cells && i < o->nrows * o->ncols; i++)
		free(o->cells[i]);
	free(o->cells);
	failed = o->failed;
	free(o);
	if (failed) {
		cli_error("out of memory");
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

void out_discard(struct out *o)
{
	size_t i;

	if (!o)
		return;
	if (o->started && o->c->format == FMT_JSON)
		fputs("\n]\n", stdout); /* rows already streamed: keep the document whole */
	for (i = 0; o->cells && i < o->nrows * o->ncols; i++)
		free(o->cells[i]);
	free(o->cells);
	free(o);
}

void out_kv(const char *key, const char *value)
{
	size_t w = grid_display_width(key);

	fputs(key, stdout);
	fputc(':', stdout);
	pad(w < 15 ? 15 - w : 1);
	fputs(value ? value : "", stdout);
	fputc('\n', stdout);
}

void out_id(long long id)
{
	printf("%lld\n", id);
}
