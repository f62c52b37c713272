/* The xlsx format: libxlsxwriter's workbook of typed cells.  Codes stay
 * text (never numbers: 410102001001 would show as 4.10102E+11), rates are
 * numbers shown as percentages, times and dates real date cells in the
 * local time the text format shows; the header row is the translated
 * titles, bold, frozen and filtered, and columns are as wide as their
 * widest cell with CJK characters counted twice.
 *
 * libxlsxwriter 1.1.4 (Debian bookworm) writes files only, so the book is
 * written to a temporary file in $TMPDIR, copied to stdout and removed. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "output_xlsx.h"
#include "output_table.h"

/* A column as wide as this many characters at most: long titles wrap in
 * the eye, not across the screen. */
#define MAX_WIDTH 60

struct xlsx_book {
	lxw_workbook *wb;
	char path[PATH_MAX];
	const char *err;        /* the first failure, told by xlsx_close */
	int err_errno;          /* or the errno of a failed system call */
	lxw_format *head, *rate, *real, *date, *time;
	/* the current sheet */
	lxw_worksheet *ws;
	const struct out_col *cols;
	size_t ncols;
	lxw_row_t row;          /* the next row: 0 is the header */
	size_t *width;          /* per column, in display cells */
	int filtered;           /* the header's filter is set (sheet_filter) */
};

/* Keep the first failure: the one the user can act on. */
static void book_error(struct xlsx_book *b, lxw_error err)
{
	if (err != LXW_NO_ERROR && !b->err)
		b->err = lxw_strerror(err);
}

static lxw_format *number_format(lxw_workbook *wb, const char *num_format)
{
	lxw_format *f = workbook_add_format(wb);

	if (f)
		format_set_num_format(f, num_format);
	return f;
}

static void book_formats(struct xlsx_book *b)
{
	if ((b->head = workbook_add_format(b->wb)))
		format_set_bold(b->head);
	b->rate = number_format(b->wb, "0.00%");
	b->real = number_format(b->wb, "0.00");
	b->date = number_format(b->wb, "yyyy-mm-dd");
	b->time = number_format(b->wb, "yyyy-mm-dd hh:mm");
}

/* The temporary file the workbook goes to, private to this user. */
static int book_file(struct xlsx_book *b)
{
	const char *dir = getenv("TMPDIR");
	int fd;

	if (!dir || !*dir)
		dir = "/tmp";
	if ((size_t)snprintf(b->path, sizeof(b->path), "%s/grid-XXXXXX.xlsx", dir) >= sizeof(b->path)) {
		b->err_errno = ENAMETOOLONG;
		return -1;
	}
	if ((fd = mkstemps(b->path, 5)) < 0) {
		b->err_errno = errno;
		b->path[0] = '\0';
		return -1;
	}
	close(fd);
	return 0;
}

struct xlsx_book *xlsx_open(int64_t created, const char *title)
{
	struct xlsx_book *b = calloc(1, sizeof(*b));
	lxw_workbook_options opt = { 0 };
	lxw_doc_properties props = { 0 };

	if (!b)
		return NULL;
	if (book_file(b))
		return b;
	/* libxlsxwriter's own temporary files go where ours does. */
	opt.tmpdir = getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : NULL;
	/* Each row goes to libxlsxwriter's temporary file as it comes: a
	 * list of 100,000 issues takes 12 MB instead of 174 MB, and half the
	 * time.  Cells must then come in row order, as they do here: the
	 * header, the rows, a note under them. */
	opt.constant_memory = LXW_TRUE;
	if (!(b->wb = workbook_new_opt(b->path, &opt))) {
		unlink(b->path);
		free(b);
		return NULL;
	}
	book_formats(b);
	/* Without a date libxlsxwriter stamps the clock: bytes would differ
	 * run to run for the same data. */
	props.created = (time_t)created;
	props.title = (char *)title;
	book_error(b, workbook_set_properties(b->wb, &props));
	return b;
}

/* The frozen header row and its filter over the rows written: once the
 * rows are in, and before a note under them, as in constant memory a
 * range may not reach back above a row written. */
static void sheet_filter(struct xlsx_book *b)
{
	if (!b->ncols || b->filtered)
		return;
	worksheet_freeze_panes(b->ws, 1, 0);
	/* Over the header and the rows: b->row is the row after them. */
	book_error(b, worksheet_autofilter(b->ws, 0, 0, b->row - 1, (lxw_col_t)(b->ncols - 1)));
	b->filtered = 1;
}

/* The header's widths and filter, and the frozen header row, of the sheet
 * being filled: known only once its rows are in. */
static void sheet_finish(struct xlsx_book *b)
{
	size_t i;

	if (!b->ws)
		return;
	for (i = 0; i < b->ncols; i++) {
		/* A width counts the default font's digits; a reader without
		 * that font (Gnumeric, LibreOffice or WPS on Linux) draws wider
		 * ones and would cut a 12-digit code: a fifth more room. */
		double w = (double)b->width[i] * 1.2 + 2;
		lxw_col_t col = (lxw_col_t)i;

		book_error(b, worksheet_set_column(b->ws, col, col, w > MAX_WIDTH ? MAX_WIDTH : w, NULL));
	}
	sheet_filter(b);
	free(b->width);
	b->width = NULL;
	b->ws = NULL;
}

void xlsx_sheet(struct xlsx_book *b, const char *name, const struct out_col *cols, size_t ncols)
{
	size_t i;

	if (!b->wb || b->err)
		return;
	sheet_finish(b);
	if (!(b->ws = workbook_add_worksheet(b->wb, name)) || !(b->width = calloc(ncols ? ncols : 1, sizeof(size_t)))) {
		b->err = b->ws ? "out of memory" : "cannot add a worksheet";
		b->ws = NULL;
		return;
	}
	b->cols = cols;
	b->ncols = ncols;
	b->filtered = 0;
	for (i = 0; i < ncols; i++) {
		const char *title = _(cols[i].title);

		/* The filter's button takes two more cells of the header. */
		b->width[i] = grid_display_width(title) + 2;
		book_error(b, worksheet_write_string(b->ws, 0, (lxw_col_t)i, title, b->head));
	}
	b->row = 1;
}

/* An ISO 8601 date or time as text shows it (2026-11-03T10:00:00+08:00:
 * local time) as Excel's date; 0, or -1 when TEXT is not one. */
static int parse_datetime(const char *text, lxw_datetime *dt)
{
	int sec = 0;

	memset(dt, 0, sizeof(*dt));
	if (sscanf(text, "%4d-%2d-%2d", &dt->year, &dt->month, &dt->day) != 3)
		return -1;
	if (text[10] == 'T' && sscanf(text + 11, "%2d:%2d:%2d", &dt->hour, &dt->min, &sec) != 3)
		return -1;
	dt->sec = sec;
	return 0;
}

/* A date or time cell; one that does not read as a date stays text. */
static lxw_error put_date(struct xlsx_book *b, lxw_col_t col, const char *text, lxw_format *f)
{
	lxw_datetime dt;

	if (parse_datetime(text, &dt))
		return worksheet_write_string(b->ws, b->row, col, text, NULL);
	return worksheet_write_datetime(b->ws, b->row, col, &dt, f);
}

/* Cell COL of the current row, typed; its width as text into *width. */
static lxw_error put_cell(struct xlsx_book *b, lxw_col_t col, const struct out_val *v, size_t *width)
{
	const struct out_col *oc = &b->cols[col];
	char buf[4096];

	*width = grid_display_width(out_text_cell(oc, v, buf, sizeof(buf)));
	if (v->null)
		return LXW_NO_ERROR;
	switch (oc->type) {
	case OUT_STR:
		return worksheet_write_string(b->ws, b->row, col, v->s, NULL);
	case OUT_INT:
		return worksheet_write_number(b->ws, b->row, col, (double)v->i, NULL);
	case OUT_REAL:
		return worksheet_write_number(b->ws, b->row, col, v->d, b->real);
	case OUT_RATE:
		return worksheet_write_number(b->ws, b->row, col, v->d, b->rate);
	case OUT_DECIMAL:
		return worksheet_write_number(b->ws, b->row, col, strtod(v->s, NULL), NULL);
	case OUT_BOOL:
		return worksheet_write_boolean(b->ws, b->row, col, v->i != 0, NULL);
	case OUT_DATE:
		return put_date(b, col, v->s, b->date);
	case OUT_TIME:
		grid_time_format(buf, sizeof(buf), v->i);
		return put_date(b, col, buf, b->time);
	case OUT_LIST:
		*width = grid_display_width(out_join_list(v, ", ", buf, sizeof(buf)));
		return worksheet_write_string(b->ws, b->row, col, buf, NULL);
	}
	return LXW_NO_ERROR;
}

void xlsx_row(struct xlsx_book *b, const struct out_val *vals)
{
	size_t i, w;

	if (!b->ws || b->err)
		return;
	for (i = 0; i < b->ncols; i++) {
		book_error(b, put_cell(b, (lxw_col_t)i, &vals[i], &w));
		if (w > b->width[i])
			b->width[i] = w;
	}
	b->row++;
}

void xlsx_note(struct xlsx_book *b, const char *text)
{
	/* A blank row apart: the filter and a sum of a column stop above. */
	if (b->ws && !b->err) {
		sheet_filter(b);
		book_error(b, worksheet_write_string(b->ws, b->row + 1, 0, text, NULL));
	}
}

/* Copy the written workbook to stdout; 0, or -1 with errno set. */
static int copy_out(const char *path)
{
	FILE *f = fopen(path, "rb");
	char buf[65536];
	size_t n;
	int rc = 0;

	if (!f)
		return -1;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		if (fwrite(buf, 1, n, stdout) != n)
			break;
	if (ferror(f))
		rc = -1;
	fclose(f);
	return rc;
}

int xlsx_close(struct xlsx_book *b)
{
	int rc = EXIT_OK;

	if (!b) {
		cli_error("out of memory");
		return EXIT_FAIL;
	}
	if (b->wb) {
		sheet_finish(b);
		/* workbook_close writes the file and frees the book either way. */
		book_error(b, workbook_close(b->wb));
		if (!b->err && copy_out(b->path))
			b->err_errno = errno;
	}
	if (b->err || b->err_errno) {
		cli_error(_("cannot write the spreadsheet: %s"), b->err ? b->err : strerror(b->err_errno));
		rc = EXIT_FAIL;
	}
	if (b->path[0])
		unlink(b->path);
	free(b->width);
	free(b);
	return rc;
}

void xlsx_drop(struct xlsx_book *b)
{
	if (!b)
		return;
	lxw_workbook_free(b->wb);
	if (b->path[0])
		unlink(b->path);
	free(b->width);
	free(b);
}
