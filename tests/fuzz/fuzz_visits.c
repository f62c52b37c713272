/* Fuzz the visit importer (grid_visit_import) on arbitrary CSV bytes.
 *
 * Checked besides "no crash, no leak": each error is one line naming the
 * file, at most 20; a failed import or a dry run writes nothing; a
 * successful one adds exactly the visits it counts.  A first line
 * "#dry-run" is cut off and turns the dry run on. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

static void on_error(void *ctx, const char *message)
{
	int *n = ctx;

	if (!message || !*message || (strchr(message, '\n') && !fuzz_lax()))
		fuzz_fail("an empty or multi-line error: %s", message ? message : "(null)");
	if (strncmp(message, "visits.csv:", 11) != 0)
		fuzz_fail("an error that does not name the file: %s", message);
	if (fuzz_verbose())
		fprintf(stderr, "  %s\n", message);
	++*n;
}

static int count_visit(void *ctx, const grid_visit *v)
{
	long long *n = ctx;

	if (!v->unit || !v->household || !v->person)
		fuzz_fail("visit %lld lacks a unit, household or person", (long long)v->id);
	++*n;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	grid_db *db = fuzz_db();
	grid_visit_filter filter = GRID_VISIT_FILTER_INIT;
	unsigned flags = 0;
	int64_t added = 0;
	long long count = 0;
	char *copy;
	int errors = 0, rc;

	if (size >= 9 && memcmp(data, "#dry-run\n", 9) == 0) {
		flags |= GRID_IMPORT_DRY_RUN;
		data += 9;
		size -= 9;
	}
	/* An exact-size copy: a read past the end is an ASan error. */
	copy = malloc(size ? size : 1);
	if (!copy)
		abort();
	if (size)
		memcpy(copy, data, size);
	rc = grid_visit_import(db, "visits.csv", copy, size, flags, on_error, &errors, &added);
	free(copy);
	if (errors > 20)
		fuzz_fail("%d errors reported, more than 20", errors);
	if (rc == GRID_EINPUT && errors == 0 && !*grid_errmsg())
		fuzz_fail("GRID_EINPUT without an error");
	if (grid_visit_list(db, &filter, count_visit, &count) != GRID_OK)
		fuzz_fail("listing visits: %s", grid_errmsg());
	if ((rc != GRID_OK || flags) && count != 0)
		fuzz_fail("a %s import (rc %d) left %lld visits", flags ? "dry-run" : "failed", rc, count);
	/* A NUL byte anywhere is in some field (or the header): never taken. */
	if (rc == GRID_OK && size && memchr(data, '\0', size))
		fuzz_fail("an input with a NUL byte was imported");
	if (rc == GRID_OK && !flags) {
		if (count != added)
			fuzz_fail("import said %lld added, the database has %lld", (long long)added, count);
		fuzz_db_check();
		fuzz_db_reset();
	}
	if (fuzz_verbose())
		fprintf(stderr, "  -> rc %d (%s), %lld rows\n", rc, grid_errmsg(), (long long)count);
	grid_error_clear();
	return 0;
}
