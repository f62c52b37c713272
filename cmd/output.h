/* The output layer every command prints through (output*.c): tables in
 * text, JSON, CSV, TSV and xlsx, and the pieces of JSON documents and `show`
 * blocks. */
#ifndef GRID_CMD_OUTPUT_H
#define GRID_CMD_OUTPUT_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

struct cli;

enum out_type {
	OUT_STR,   /* text */
	OUT_INT,   /* whole number */
	OUT_REAL,  /* number */
	OUT_RATE,  /* 0..1; text shows 98.14% */
	OUT_TIME,  /* Unix seconds; ISO 8601 with offset */
	OUT_DATE,  /* text YYYY-MM-DD */
	OUT_LIST,  /* a list of strings: JSON array, text "a,b" */
	OUT_BOOL,  /* yes or no: JSON true or false */
	OUT_DECIMAL, /* an exact number as decimal text ("11029", "-1308.5"): JSON a number, the
		      * other formats the text as it is */
};

struct out_col {
	const char *key;    /* JSON key and CSV/TSV header: never translated */
	const char *title;  /* text header: translated with _() */
	enum out_type type;
};

struct out_val {
	int null;
	const char *s;              /* OUT_STR, OUT_DATE, OUT_DECIMAL; OUT_RATE: when set, the exact
				     * fraction JSON, CSV and TSV write ("0.472759") */
	long long i;                /* OUT_INT, OUT_TIME */
	double d;                   /* OUT_REAL, OUT_RATE */
	long long num, den;         /* OUT_RATE text: exact rounding from num/den when den != 0 */
	const char *const *list;    /* OUT_LIST */
	size_t nlist;
};

/* Value constructors. */
struct out_val out_str(const char *s);       /* NULL gives null */
struct out_val out_int(long long i);
struct out_val out_bool(int yes);
struct out_val out_time(int64_t t, int has);  /* has == 0 gives null */
struct out_val out_rate(long long num, long long den); /* den == 0 gives null */
struct out_val out_real(double d);
struct out_val out_null(void);
struct out_val out_list(const char *const *list, size_t n);
/* Is a column of type T a number, set right in a table? */
int out_type_numeric(enum out_type t);
struct out_val out_decimal(const char *s);   /* NULL gives null */

struct out;

/* A table to stdout in the command's format: JSON rows are streamed as an
 * array of objects, text rows are buffered to align the columns. */
struct out *out_begin(struct cli *c, const struct out_col *cols, size_t ncols);
void out_row(struct out *o, const struct out_val *vals);
/* Finish the table; returns 0, or EXIT_FAIL when memory ran out. */
int out_end(struct out *o);

/* Drop a table after an error: prints nothing when no row was written
 * (buffered text rows are dropped too), so a failing command leaves
 * stdout empty.  NULL is accepted. */
void out_discard(struct out *o);

/* Whether C's format holds one table per document (csv, tsv, xlsx): a
 * `show` prints its main table alone there. */
int out_flat(const struct cli *c);

/* Finish table O after the listing that filled it returned RC: the table,
 * or the library's error printed with nothing on stdout (out_discard).
 * Returns the exit status. */
int out_finish(struct out *o, int rc);

/* JSON building blocks for documents that are objects (stats, show). */
json_t *out_json_value(const struct out_col *col, const struct out_val *v);
json_t *out_json_row(const struct out_col *cols, size_t ncols, const struct out_val *vals);
/* Write a JSON document to stdout with a newline and free it. */
int out_json_dump(json_t *doc);

/* A cell's text as the text format shows it, into BUF. */
const char *out_text_cell(const struct out_col *col, const struct out_val *v, char *buf, size_t size);

/* Print a "key: value" block for `show` commands in text format. */
void out_kv(const char *key, const char *value);

/* Print the id a write command created or changed, alone on stdout. */
void out_id(long long id);

#endif
