/* The table dispatcher every command prints through: a table's rows go
 * to the writer of the command's format (output_text.c, output_json.c,
 * output_delim.c, output_xlsx.c); the value constructors and the one-line
 * outputs. */
#include <stdlib.h>
#include <string.h>

#include "output_table.h"
#include "output_xlsx.h"

int out_type_numeric(enum out_type t)
{
	return t == OUT_INT || t == OUT_REAL || t == OUT_RATE || t == OUT_DECIMAL;
}

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

struct out_val out_bool(int yes)
{
	return out_int(yes != 0);
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

struct out_val out_decimal(const char *s)
{
	return out_str(s);
}

struct out_val out_list(const char *const *list, size_t n)
{
	struct out_val v = { 0 };

	v.list = list;
	v.nlist = n;
	return v;
}

struct out *out_begin(struct cli *c, const struct out_col *cols, size_t ncols)
{
	struct out *o = calloc(1, sizeof(*o));

	if (!o)
		return NULL;
	o->c = c;
	o->cols = cols;
	o->ncols = ncols;
	if (c->format == FMT_XLSX) {
		/* Dated by the command's clock: --now gives the same bytes. */
		if (!(o->book = xlsx_open(c->now, NULL))) {
			free(o);
			return NULL;
		}
		xlsx_sheet(o->book, NULL, cols, ncols);
	}
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
	else if (o->c->format == FMT_CSV || o->c->format == FMT_TSV) {
		/* Excel and WPS read a CSV file without one in the ANSI code
		 * page: GBK on a Chinese Windows, mojibake for UTF-8. */
		if (o->c->bom || o->c->excel)
			fputs("\xEF\xBB\xBF", stdout);
		out_delim_header(o);
	}
}

void out_row(struct out *o, const struct out_val *vals)
{
	if (!o || o->failed)
		return;
	out_start(o);
	switch (o->c->format) {
	case FMT_JSON:
		out_json_stream_row(o, vals);
		break;
	case FMT_CSV:
	case FMT_TSV:
		out_delim_row(o, vals);
		break;
	case FMT_XLSX:
		xlsx_row(o->book, vals);
		break;
	default:
		out_text_keep(o, vals);
		break;
	}
	o->nrows++;
}

int out_end(struct out *o)
{
	int failed;

	if (!o) {
		cli_error("out of memory");
		return EXIT_FAIL;
	}
	if (o->c->format == FMT_XLSX) {
		struct xlsx_book *book = o->book;

		free(o);
		return xlsx_close(book);
	}
	out_start(o);
	if (o->c->format == FMT_JSON)
		fputs(o->nrows ? "\n]\n" : "]\n", stdout);
	else if (o->c->format == FMT_TEXT && !o->failed)
		out_text_flush(o);
	out_text_free(o);
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
	if (!o)
		return;
	if (o->started && o->c->format == FMT_JSON)
		fputs("\n]\n", stdout); /* rows already streamed: keep the document whole */
	xlsx_drop(o->book);
	out_text_free(o);
	free(o);
}

int out_flat(const struct cli *c)
{
	return c->format == FMT_CSV || c->format == FMT_TSV || c->format == FMT_XLSX;
}

int out_finish(struct out *o, int rc)
{
	if (rc) {
		out_discard(o);
		return cli_fail(rc);
	}
	return out_end(o);
}

void out_id(long long id)
{
	printf("%lld\n", id);
}
