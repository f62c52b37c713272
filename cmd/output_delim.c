/* The delimited formats: CSV (RFC 4180 with the formula guard of grid(1))
 * and TSV (escapes instead of quotes). */
#include <string.h>

#include "output_table.h"

/* A CSV/TSV cell's text: like text output, but times in ISO 8601 and
 * lists joined with ';' so that a spreadsheet keeps them in one cell. */
static const char *flat_cell(const struct out_col *col, const struct out_val *v, char *buf, size_t size)
{
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
		return out_join_list(v, ";", buf, size);
	case OUT_STR:
	case OUT_DATE:
	case OUT_INT:
	case OUT_BOOL:
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
		fputs(o->cols[i].key, stdout);
	}
	fputs(is_csv(o) ? "\r\n" : "\n", stdout);
}

void out_delim_row(const struct out *o, const struct out_val *vals)
{
	char buf[4096];
	size_t i;

	for (i = 0; i < o->ncols; i++) {
		const char *cell = flat_cell(&o->cols[i], &vals[i], buf, sizeof(buf));

		if (i)
			fputc(is_csv(o) ? ',' : '\t', stdout);
		if (is_csv(o))
			csv_write(cell, o->cols[i].type == OUT_STR && !vals[i].null);
		else
			tsv_write(cell);
	}
	fputs(is_csv(o) ? "\r\n" : "\n", stdout);
}
