/* How grid says what went wrong: its own messages, usage errors, and the
 * library's errors with the fields they are about named as options. */
#include <stdarg.h>
#include <string.h>

#include "cli.h"

void cli_error(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("grid: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void cli_warn(const struct cli *c, const char *fmt, ...)
{
	va_list ap;

	if (c->quiet)
		return;
	fprintf(stderr, "grid: %s", _("warning: "));
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int cli_usage_error(const struct cli *c, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "grid: %s: ", c->command ? c->command : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, _(" (see 'grid %s --help')\n"), c->command ? c->command : "");
	return EXIT_USAGE;
}

/* The library names the field an error is about (grid_errfield) in its
 * message as the LIBRARY words; the user gave it as the CLI words.  A
 * message whose words are not found is printed as the library wrote it. */
static const struct {
	const char *field;
	const char *library;
	const char *cli;
} field_words[] = {
	{ "unit", "needs a unit", "needs --unit" },
	{ "replace", "set replace", "give --replace" },
	{ "per_person", "per_person", "--per-person" },
	{ "accept", "issue add with accept", "issue add --accept" },
	{ "to", "to ", "--to " },
	{ "until", "until '", "--until '" },
	{ "until", "than since '", "than --since '" },
};

/* Replace the first WORDS in MSG (of SIZE bytes) with BY. */
static void replace_words(char *msg, size_t size, const char *words, const char *by)
{
	char rest[1100];
	char *at = strstr(msg, words);

	if (!at)
		return;
	snprintf(rest, sizeof(rest), "%s", at + strlen(words));
	snprintf(at, size - (size_t)(at - msg), "%s%s", by, rest);
}

const char *cli_errmsg(void)
{
	static char msg[1100];
	const char *field = grid_errfield();
	size_t i;

	snprintf(msg, sizeof(msg), "%s", grid_errmsg());
	for (i = 0; *field && i < sizeof(field_words) / sizeof(field_words[0]); i++)
		if (strcmp(field_words[i].field, field) == 0)
			replace_words(msg, sizeof(msg), field_words[i].library, field_words[i].cli);
	return msg;
}

int cli_fail(int rc)
{
	const char *msg = cli_errmsg();

	if (rc >= 0)
		rc = GRID_EFAIL;
	cli_error("%s", *msg ? msg : grid_strerror(rc));
	return rc < -8 ? EXIT_FAIL : -rc;
}
