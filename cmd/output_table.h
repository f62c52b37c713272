/* The table being printed (struct out), shared by the dispatcher
 * (output.c) and the writers of each format: output_text.c,
 * output_json.c, output_delim.c (CSV and TSV) and output_xlsx.c. */
#ifndef GRID_CMD_OUTPUT_TABLE_H
#define GRID_CMD_OUTPUT_TABLE_H

#include "cli.h"

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
	/* xlsx: the workbook of one sheet the rows go to */
	struct xlsx_book *book;
};

/* LIST's strings joined with SEP into BUF (text ",", CSV and TSV ";"). */
const char *out_join_list(const struct out_val *v, const char *sep, char *buf, size_t size);

/* Text: keep a row's cells, print the aligned table, free the cells. */
void out_text_keep(struct out *o, const struct out_val *vals);
void out_text_flush(struct out *o);
void out_text_free(struct out *o);

/* JSON: one row of the streamed array (the first after "["). */
void out_json_stream_row(const struct out *o, const struct out_val *vals);

/* CSV and TSV: the header of keys, and one row. */
void out_delim_header(const struct out *o);
void out_delim_row(const struct out *o, const struct out_val *vals);

#endif
