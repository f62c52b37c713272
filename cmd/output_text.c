/* The text format: cells as a person reads them, tables aligned in
 * display cells (so that Chinese names line up), `show` blocks. */
#include <stdlib.h>
#include <string.h>

#include "output_table.h"

static void text_time(char *buf, size_t size, int64_t t)
{
	char iso[40];

	/* 2026-11-03T10:00:00+08:00 -> 2026-11-03 10:00 */
	grid_time_format(iso, sizeof(iso), t);
	snprintf(buf, size, "%.10s %.5s", iso, iso + 11);
}

/* LIST's strings joined with SEP into BUF. */
const char *out_join_list(const struct out_val *v, const char *sep, char *buf, size_t size)
{
	size_t i, used = 0;

	buf[0] = '\0';
	for (i = 0; i < v->nlist && used < size; i++)
		used += (size_t)snprintf(buf + used, size - used, "%s%s", i ? sep : "", v->list[i]);
	return buf;
}

const char *out_text_cell(const struct out_col *col, const struct out_val *v, char *buf, size_t size)
{
	if (v->null)
		return col->type == OUT_STR || col->type == OUT_TIME || col->type == OUT_DATE ? "" : "-";
	switch (col->type) {
	case OUT_STR:
	case OUT_DATE:
	case OUT_DECIMAL:
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
		return out_join_list(v, ",", buf, size);
	case OUT_BOOL:
		return v->i ? _("yes") : _("no");
	}
	return "";
}

void out_text_keep(struct out *o, const struct out_val *vals)
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

void out_text_free(struct out *o)
{
	size_t i;

	for (i = 0; o->cells && i < o->nrows * o->ncols; i++)
		free(o->cells[i]);
	free(o->cells);
	o->cells = NULL;
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

/* One line of the table: CELLS in columns WIDTH wide. */
static void text_line(const struct out *o, const char *const *cells, const size_t *width)
{
	size_t i;

	for (i = 0; i < o->ncols; i++) {
		size_t gap = width[i] - grid_display_width(cells[i]);

		if (out_type_numeric(o->cols[i].type))
			pad(gap);
		text_write(cells[i]);
		if (i + 1 < o->ncols)
			pad((out_type_numeric(o->cols[i].type) ? 0 : gap) + 2);
	}
}

void out_text_flush(struct out *o)
{
	size_t *width = calloc(o->ncols, sizeof(size_t));
	const char **titles = calloc(o->ncols, sizeof(char *));
	size_t r, i;

	if (!width || !titles) {
		free(width);
		free(titles);
		o->failed = 1;
		return;
	}
	for (i = 0; i < o->ncols; i++) {
		titles[i] = _(o->cols[i].title);
		width[i] = grid_display_width(titles[i]);
	}
	for (r = 0; r < o->nrows; r++)
		for (i = 0; i < o->ncols; i++) {
			size_t w = grid_display_width(o->cells[r * o->ncols + i]);

			if (w > width[i])
				width[i] = w;
		}
	if (o->c->color)
		fputs("\033[1m", stdout);
	text_line(o, titles, width);
	if (o->c->color)
		fputs("\033[0m", stdout);
	fputc('\n', stdout);
	for (r = 0; r < o->nrows; r++) {
		text_line(o, (const char *const *)&o->cells[r * o->ncols], width);
		fputc('\n', stdout);
	}
	free(width);
	free(titles);
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
