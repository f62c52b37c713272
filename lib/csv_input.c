/* Reading a whole CSV text held in memory, record by record (see
 * csv_input.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "csv_input.h"
#include "grid/text.h"

/* Messages quote the file's text: keep them one printable line even when
 * the file is binary. */
static void sanitize(char *s)
{
	unsigned char *p;

	if (grid_utf8_length(s, strlen(s)) < 0) {
		for (p = (unsigned char *)s; *p; p++)
			if (*p >= 0x80)
				*p = '?';
	}
	for (p = (unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			*p = '?';
}

void csv_input_error(struct csv_input *in, long line, const char *fmt, ...)
{
	char msg[512];
	char full[700];
	va_list ap;

	in->errors++;
	if (in->errors > CSV_INPUT_MAX_ERRORS)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), _(fmt), ap);
	va_end(ap);
	snprintf(full, sizeof(full), "%s:%ld: %s", in->name, line, msg);
	sanitize(full);
	if (in->err)
		in->err(in->err_ctx, full);
}

static void on_field(void *s, size_t len, void *data)
{
	struct csv_input *in = data;
	struct csv_field *fields;
	char *copy;

	if (in->fatal)
		return;
	if (in->nfields == 0)
		in->rec_line = in->field_line;
	if (!(fields = grid_array_room(in->fields, in->nfields, &in->cap, sizeof(*fields), 8))) {
		in->fatal = GRID_EFAIL;
		return;
	}
	in->fields = fields;
	fields[in->nfields].line = in->field_line;
	if (in->header_ok && len && memchr(s, '\0', len)) /* the copy below would end at it */
		csv_input_error(in, in->field_line, "a field holds a NUL byte");
	/* The next field starts after this one's comma, on this line. */
	in->field_line = in->line;
	copy = malloc(len + 1);
	if (!copy) {
		in->fatal = grid_error_oom();
		return;
	}
	if (len)
		memcpy(copy, s, len);
	copy[len] = '\0';
	/* A header name with a NUL must not pass for the name before it. */
	for (size_t k = 0; !in->header_done && k < len; k++)
		copy[k] = copy[k] ? copy[k] : '?';
	fields[in->nfields++].text = copy;
}

static void on_row(int term, void *data)
{
	struct csv_input *in = data;
	size_t i;

	(void)term;
	if (!in->fatal && in->nfields) {
		if (!in->header_done) {
			in->header_done = 1;
			in->header(in->ctx, in);
			in->header_ok = in->errors == 0;
		} else if (in->header_ok) {
			/* After a bad record, records are still checked, for
			 * more errors: the caller no longer writes them. */
			in->record(in->ctx, in);
		}
	}
	for (i = 0; i < in->nfields; i++)
		free(in->fields[i].text);
	in->nfields = 0;
	in->row_start = 1;
}

/* libcsv's own wording names its internals: say what is wrong instead. */
static const char *csv_message(struct csv_parser *p)
{
	switch (csv_error(p)) {
	case CSV_EPARSE:
		return _("malformed CSV: unbalanced quote");
	case CSV_ETOOBIG:
		return _("malformed CSV: a field is too big");
	case CSV_ENOMEM:
		return _("out of memory");
	default:
		return _("malformed CSV");
	}
}

int csv_input_init(struct csv_input *in, const char *name, grid_input_error_cb err, void *err_ctx,
	void (*header)(void *ctx, struct csv_input *in), void (*record)(void *ctx, struct csv_input *in), void *ctx)
{
	memset(in, 0, sizeof(*in));
	in->name = name;
	in->err = err;
	in->err_ctx = err_ctx;
	in->header = header;
	in->record = record;
	in->ctx = ctx;
	if (csv_init(&in->parser, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL))
		return grid_error_oom();
	return GRID_OK;
}

/* Reading goes on while no error stops it: a bad header makes every
 * record meaningless. */
static int reading(const struct csv_input *in)
{
	return !in->fatal && (!in->header_done || in->header_ok);
}

/* Feed the line LINE (N bytes, with its line break) to the parser; 0 when
 * the parser stopped there. */
static int feed_line(struct csv_input *in, const char *line, size_t n)
{
	size_t i;

	in->line++;
	if (in->row_start) {
		in->field_line = in->line;
		/* LINE need not end in a NUL: strspn would read past N. */
		for (i = 0; i < n && (line[i] == '\r' || line[i] == '\n'); i++)
			;
		if (i < n)
			in->row_start = 0;
	}
	if (csv_parse(&in->parser, line, n, on_field, on_row, in) == n)
		return 1;
	/* After a bad header, where it stopped says nothing more. */
	if (!in->header_done || in->header_ok)
		csv_input_error(in, in->field_line, "%s", csv_message(&in->parser));
	return 0;
}

void csv_input_read(struct csv_input *in, const char *data, size_t len)
{
	size_t off = 0;

	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		off = 3;
	/* Fed a line at a time so that each field knows the line it starts
	 * on (a quoted field may hold line breaks; libcsv skips blank lines). */
	in->row_start = 1;
	while (off < len && reading(in)) {
		const char *nl = memchr(data + off, '\n', len - off);
		size_t n = nl ? (size_t)(nl - (data + off)) + 1 : len - off;

		if (!feed_line(in, data + off, n))
			return;
		off += n;
	}
	if (reading(in) && csv_fini(&in->parser, on_field, on_row, in))
		csv_input_error(in, in->field_line ? in->field_line : in->line, "%s", csv_message(&in->parser));
}

void csv_input_free(struct csv_input *in)
{
	size_t i;

	csv_free(&in->parser);
	for (i = 0; i < in->nfields; i++) /* a record left half-read by an error */
		free(in->fields[i].text);
	free(in->fields);
}

int csv_input_verdict(const struct csv_input *in)
{
	if (in->fatal)
		return in->fatal;
	if (!in->header_done)
		return grid_error_set(GRID_EINPUT, "%s: empty file; the first line names the columns", in->name);
	/* Whole sentences, not an "s" and a note pasted in: each is translated. */
	if (in->errors == 1)
		return grid_error_set(GRID_EINPUT, "%s: 1 error; nothing was written", in->name);
	if (in->errors > CSV_INPUT_MAX_ERRORS)
		return grid_error_set(GRID_EINPUT, "%s: %d errors (the first 20 shown); nothing was written", in->name,
			in->errors);
	if (in->errors)
		return grid_error_set(GRID_EINPUT, "%s: %d errors; nothing was written", in->name, in->errors);
	return GRID_OK;
}
