/* Input files of the import verbs: opened with the checks every import
 * makes (a folder is not a file), and read whole where the library takes
 * a buffer. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

int cli_open_csv(const char *path, int missing, FILE **f)
{
	struct stat sb;

	if (strcmp(path, "-") == 0) {
		*f = stdin;
	} else if (!(*f = fopen(path, "r"))) {
		cli_error(_("cannot open '%s': %s"), path, strerror(errno));
		return errno == ENOENT ? missing : EXIT_FAIL;
	}
	if (fstat(fileno(*f), &sb) == 0 && S_ISDIR(sb.st_mode)) {
		cli_close_input(*f);
		cli_error(_("'%s' is a folder, not a CSV file"), path);
		return EXIT_INPUT;
	}
	return 0;
}

void cli_close_input(FILE *f)
{
	if (f != stdin)
		fclose(f);
}

int cli_read_all(FILE *f, const char *path, char **data, size_t *len)
{
	size_t cap = 65536, n = 0;
	char *buf = malloc(cap);

	while (buf) {
		size_t got = fread(buf + n, 1, cap - n, f);
		char *more;

		n += got;
		if (n < cap) {
			if (ferror(f)) {
				cli_error(_("cannot read '%s': %s"), path, strerror(errno));
				free(buf);
				return EXIT_FAIL;
			}
			*data = buf;
			*len = n;
			return 0;
		}
		cap *= 2;
		if (!(more = realloc(buf, cap)))
			free(buf);
		buf = more;
	}
	cli_error(_("out of memory reading '%s'"), path);
	return EXIT_FAIL;
}
