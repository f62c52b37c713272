/* The xlsx format (output_xlsx.c, libxlsxwriter): a workbook of typed
 * cells, one worksheet per table, written to stdout.  The tables of
 * out_begin (output.c) make a book of one sheet; the notice
 * (report_xlsx.c) one sheet per section. */
#ifndef GRID_CMD_OUTPUT_XLSX_H
#define GRID_CMD_OUTPUT_XLSX_H

#include "cli.h"

struct xlsx_book;

/* A new workbook, dated CREATED (the command's clock, so that the same
 * data gives the same bytes) and titled TITLE (may be NULL).  NULL when
 * memory ran out; any other failure is kept and told by xlsx_close. */
struct xlsx_book *xlsx_open(int64_t created, const char *title);

/* Start a worksheet NAME (NULL: Excel's default) of COLS, headed by their
 * translated titles; the rows follow with xlsx_row. */
void xlsx_sheet(struct xlsx_book *b, const char *name, const struct out_col *cols, size_t ncols);
void xlsx_row(struct xlsx_book *b, const struct out_val *vals);

/* A line of text under the current sheet's table, apart from it. */
void xlsx_note(struct xlsx_book *b, const char *text);

/* Write the workbook to stdout and free it; returns 0, or EXIT_FAIL with
 * the error printed and nothing on stdout. */
int xlsx_close(struct xlsx_book *b);

/* Free the workbook after an error: nothing on stdout.  NULL is accepted. */
void xlsx_drop(struct xlsx_book *b);

#endif
