/* The error model: codes, their fixed texts and a thread-local message. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grid/grid.h"
#include "internal.h"

static _Thread_local char last_message[1024];
/* The field of the caller's input the last error is about, "" for none:
 * the library names fields, a front end names its own options for them. */
static _Thread_local char last_field[32];

const char *grid_strerror(int code)
{
	/* A switch without default: the compiler flags a code with no text. */
	switch ((grid_error)code) {
	case GRID_OK:
		return _("success");
	case GRID_EFAIL:
		return _("failure");
	case GRID_EUSAGE:
		return _("bad usage");
	case GRID_EINPUT:
		return _("bad input data");
	case GRID_ENOTFOUND:
		return _("not found");
	case GRID_ECONFLICT:
		return _("conflict");
	case GRID_EPERM:
		return _("permission denied");
	case GRID_EBUSY:
		return _("database busy");
	case GRID_ENODB:
		return _("no usable database");
	}
	return _("unknown error");
}

const char *grid_errmsg(void)
{
	return last_message;
}

const char *grid_errfield(void)
{
	return last_field;
}

void grid_error_clear(void)
{
	last_message[0] = '\0';
	last_field[0] = '\0';
}

int grid_error_setv(int code, const char *fmt, va_list ap)
{
	vsnprintf(last_message, sizeof(last_message), _(fmt), ap);
	last_field[0] = '\0';
	return code;
}

int grid_error_set_field(int code, const char *field)
{
	/* A field recorded with the message is the nearer cause: keep it. */
	if (code != GRID_OK && !last_field[0])
		snprintf(last_field, sizeof(last_field), "%s", field);
	return code;
}

int grid_error_set(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	grid_error_setv(code, fmt, ap);
	va_end(ap);
	return code;
}

int grid_error_oom(void)
{
	return grid_error_set(GRID_EFAIL, "out of memory");
}

char *grid_strdup(const char *s)
{
	char *copy = strdup(s);

	if (!copy)
		grid_error_oom();
	return copy;
}

void grid_free(void *p)
{
	free(p);
}
