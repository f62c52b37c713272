/* The delimited formats: CSV (RFC 4180) and TSV (escapes instead of
 * quotes), both with the formula guard of grid(1); and csv-excel, CSV for
 * a spreadsheet's eye: translated headings, rates as 82.26%, long digit
 * codes kept as text. */
#include <string.h>

#include "output_table.h"

/* A CSV/TSV cell's text: like text output, but times in ISO 8601 and
 * lists joined with ';' so that a spreadsheet keeps them in one cell. */
static const char *flat_cell(const struct out *o, const struct out_col *col, const struct out_val *v, char *buf,
	size_t size)
{
	if (v->null)
		return "";
	switch (col->type) {
	case OUT_TIME:
		grid_time_format(buf, size, v->i);
		/* Excel takes 2026-11-03 10:00:00 for a time; with the offset
		 * it keeps the text. */
		if (o->c->excel && strlen(buf) >= 19) {
			buf[10] = ' ';
			buf[19] = '\0';
		}
		return buf;
	case OUT_RATE:
		if (o->c->excel)
			return out_text_cell(col, v, buf, size);
		if (v->s)
			return v->s;
		/* fall through */
	case OUT_REAL:
		snprintf(buf, size, "%.6g", v->d);
		return buf;
	case OUT_LIST:
		return out_join_list(v, ";", buf, size);
	case OUT_STR:
	case OUT_DATE:
	case OUT_INT:
	case OUT_BOOL:
	case OUT_DECIMAL:
		break;
	}
	return out_text_cell(col, v, buf, size);
}

/* A spreadsheet runs a cell that starts like a formula: text that does
 * gets a leading ' (grid(1)). */
static int formula_like(const char *s)
{
	return s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r';
}

/* A code Excel would spoil as a number: all digits, and past the 11 it
 * shows before 4.10102E+11 (past 15 it drops digits), or with a leading 0
 * it drops. */
static int spoilt_as_number(const char *s)
{
	size_t n = strspn(s, "0123456789");

	return n > 0 && s[n] == '\0' && (n > 11 || (s[0] == '0' && n > 1));
}

static void csv_write(const char *s, int text)
{
	int guard = text && formula_like(s);
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

static void tsv_write(const char *s, int text)
{
	if (text && formula_like(s))
		fputc('\'', stdout);
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

static int is_csv(const struct out *o)
{
	return o->c->format == FMT_CSV;
}

void out_delim_header(const struct out *o)
{
	size_t i;

	for (i = 0; i < o->ncols; i++) {
		if (i)
			fputc(is_csv(o) ? ',' : '\t', stdout);
		if (o->c->excel)
			csv_write(_(o->cols[i].title), 0);
		else
			fputs(o->cols[i].key, stdout);
	}
	fputs(is_csv(o) ? "\r\n" : "\n", stdout);
}

void out_delim_row(const struct out *o, const struct out_val *vals)
{
	char buf[4096];
	size_t i;

	for (i = 0; i < o->ncols; i++) {
		const char *cell = flat_cell(o, &o->cols[i], &vals[i], buf, sizeof(buf));
		int text = o->cols[i].type == OUT_STR && !vals[i].null;

		if (i)
			fputc(is_csv(o) ? ',' : '\t', stdout);
		/* ="410102001001": Excel and WPS show the formula's value, text. */
		if (o->c->excel && text && spoilt_as_number(cell))
			printf("\"=\"\"%s\"\"\"", cell);
		else if (is_csv(o))
			csv_write(cell, text);
		else
			tsv_write(cell, text);
	}
	fputs(is_csv(o) ? "\r\n" : "\n", stdout);
}
