/* Reading a whole CSV text held in memory, record by record, through
 * libcsv: each field knows the line it starts on, the first record is
 * the header, and each error becomes a message "NAME:LINE: what" (up to
 * CSV_INPUT_MAX_ERRORS of them) for the caller's callback.  Used by
 * `grid visit import`; the issue ledger streams its own (ledger.c).
 * Not installed. */
#ifndef GRID_CSV_INPUT_H
#define GRID_CSV_INPUT_H

#include <stddef.h>

#include <csv.h>

#include "grid/field.h"
#include "internal.h"

#define CSV_INPUT_MAX_ERRORS 20

/* A field of the current record. */
struct csv_field {
	char *text;
	long line;             /* where it starts */
};

struct csv_input {
	/* Set by csv_input_init. */
	const char *name;      /* the input, as messages name it */
	grid_input_error_cb err;
	void *err_ctx;
	void (*header)(void *ctx, struct csv_input *in); /* the first record */
	void (*record)(void *ctx, struct csv_input *in); /* each record after a good header */
	void *ctx;
	/* The current record, for the callbacks. */
	struct csv_field *fields;
	size_t nfields;
	long rec_line;         /* where its first field starts */
	/* What reading found. */
	int errors;            /* input errors, also those past the messages' cap */
	int fatal;             /* a non-input error (database, memory): its rc */
	int header_done;
	int header_ok;         /* no error up to the end of the header */
	/* The reader's own. */
	struct csv_parser parser;
	size_t cap;
	long line;             /* the line being fed to the parser */
	long field_line;       /* where the field being read starts */
	int row_start;         /* the next line not blank starts a record */
};

/* Prepare IN to read an input named NAME: errors go to ERR (may be NULL),
 * records to HEADER and RECORD with CTX.  csv_input_free IN when this
 * succeeds; GRID_EFAIL when out of memory. */
int csv_input_init(struct csv_input *in, const char *name, grid_input_error_cb err, void *err_ctx,
	void (*header)(void *ctx, struct csv_input *in), void (*record)(void *ctx, struct csv_input *in), void *ctx);

/* Read DATA (LEN bytes; need not end in a NUL; a leading UTF-8 byte order
 * mark is skipped).  Reading stops at a header with errors, at malformed
 * CSV and at a fatal error; records after a bad one are still read. */
void csv_input_read(struct csv_input *in, const char *data, size_t len);

void csv_input_free(struct csv_input *in);

/* What reading came to: IN->fatal; GRID_EINPUT for an empty input or for
 * errors ("NAME: 3 errors; nothing was written"); else GRID_OK. */
int csv_input_verdict(const struct csv_input *in);

/* Count an input error at LINE and pass its message on, while under the cap. */
void csv_input_error(struct csv_input *in, long line, const char *fmt, ...) GRID_PRINTF(3, 4);

#endif
