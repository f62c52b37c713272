/* Replay a fuzz target over the files of corpus folders, so that the seed
 * corpora run as ordinary tests with any compiler (gcc, no libFuzzer).
 *
 *   replay_NAME DIR|FILE...
 *
 * Each input is copied into a buffer of exactly its size, so that ASan
 * catches a read past its end as libFuzzer would.  A target that crashes
 * or aborts fails the test; the last line on stderr names the input. */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

/* libFuzzer's optional hook; a target without it leaves it NULL. */
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	long size;
	int rc = -1;

	if (!f) {
		fprintf(stderr, "replay: cannot open '%s': %s\n", path, strerror(errno));
		return -1;
	}
	if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0)
		goto done;
	/* malloc(0) may return NULL; keep one byte of room but pass SIZE. */
	if (!(buf = malloc(size ? (size_t)size : 1)))
		goto done;
	if (size && fread(buf, 1, (size_t)size, f) != (size_t)size)
		goto done;
	fprintf(stderr, "replay: %s (%ld bytes)\n", path, size);
	LLVMFuzzerTestOneInput(buf, (size_t)size);
	rc = 0;
done:
	if (rc)
		fprintf(stderr, "replay: cannot read '%s'\n", path);
	free(buf);
	fclose(f);
	return rc;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every regular file of DIR, in name order so that runs repeat. */
static int replay_dir(const char *dir, int *count)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0, i;
	int rc = 0;

	if (!d) {
		fprintf(stderr, "replay: cannot open folder '%s': %s\n", dir, strerror(errno));
		return -1;
	}
	while ((e = readdir(d))) {
		char **grown;

		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			if (!(grown = realloc(names, cap * sizeof(*names)))) {
				rc = -1;
				goto done;
			}
			names = grown;
		}
		if (!(names[n] = malloc(strlen(dir) + strlen(e->d_name) + 2))) {
			rc = -1;
			goto done;
		}
		sprintf(names[n++], "%s/%s", dir, e->d_name);
	}
	qsort(names, n, sizeof(*names), by_name);
	for (i = 0; i < n && rc == 0; i++) {
		struct stat sb;

		if (stat(names[i], &sb) != 0 || !S_ISREG(sb.st_mode))
			continue;
		rc = replay_file(names[i]);
		++*count;
	}
done:
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	closedir(d);
	return rc;
}

int main(int argc, char **argv)
{
	struct stat sb;
	int count = 0, i;

	if (argc < 2) {
		fprintf(stderr, "usage: %s DIR|FILE...\n", argv[0]);
		return 2;
	}
	if (LLVMFuzzerInitialize)
		LLVMFuzzerInitialize(&argc, &argv);
	for (i = 1; i < argc; i++) {
		if (stat(argv[i], &sb) != 0) {
			fprintf(stderr, "replay: no such file or folder '%s'\n", argv[i]);
			return 1;
		}
		if (S_ISDIR(sb.st_mode) ? replay_dir(argv[i], &count) : (count++, replay_file(argv[i])))
			return 1;
	}
	fuzz_teardown();
	if (count == 0) {
		fprintf(stderr, "replay: no inputs found\n");
		return 1;
	}
	printf("replayed %d inputs\n", count);
	return 0;
}
