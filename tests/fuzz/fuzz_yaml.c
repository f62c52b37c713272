/* Fuzz the roster importer (grid_roster_import) on arbitrary bytes.
 *
 * Checked besides "no crash, no leak": every problem is one line naming
 * the file; at most GRID_IMPORT_MAX_ERRORS are reported; an import that
 * fails, or a dry run, leaves the database exactly as it was (its export
 * is unchanged); after an import that succeeds, importing its own export
 * changes nothing.  A first line "#prune" or "#dry-run" (a YAML comment)
 * turns on that option, so that seeds stay readable YAML. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

static char *baseline; /* the export of the pristine scratch database */
static const char *path;

struct reports {
	int errors;   /* FILE:LINE:COLUMN: problems */
	int messages; /* every report of an error, the closing FILE: one too */
};

static void on_report(void *ctx, int code, const char *message)
{
	struct reports *r = ctx;

	if (!message || !*message)
		fuzz_fail("an empty report");
	if (strchr(message, '\n') && !fuzz_lax())
		fuzz_fail("a report of more than one line: %s", message);
	if (fuzz_verbose())
		fprintf(stderr, "  %d %s\n", code, message);
	if (code != GRID_OK) {
		size_t n = strlen(path);

		r->messages++;
		if (strncmp(message, path, n) != 0 || message[n] != ':')
			fuzz_fail("a problem that does not name the file: %s", message);
		/* FILE:LINE:COLUMN: is a problem; FILE: alone closes the list. */
		if (message[n + 1] >= '0' && message[n + 1] <= '9')
			r->errors++;
	}
}

static char *export_text(grid_db *db)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (!f)
		abort();
	if (grid_roster_export(db, GRID_EXPORT_YAML, f) != GRID_OK)
		fuzz_fail("export failed: %s", grid_errmsg());
	fclose(f);
	return text;
}

static int import(grid_db *db, const char *file, int dry_run, int prune, struct reports *r, grid_import_result *res)
{
	grid_import_opts opts = GRID_IMPORT_OPTS_INIT;

	opts.dry_run = dry_run;
	opts.prune = prune;
	opts.report = on_report;
	opts.ctx = r;
	memset(res, 0, sizeof(*res));
	return grid_roster_import(db, file, &opts, res);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	grid_db *db = fuzz_db();
	struct reports r = { 0 };
	grid_import_result res;
	int dry_run = size >= 8 && memcmp(data, "#dry-run", 8) == 0;
	int prune = size >= 6 && memcmp(data, "#prune", 6) == 0;
	char *after = NULL, *again = NULL;
	int rc, i;

	if (!baseline)
		baseline = export_text(db);
	path = fuzz_write_file("input", data, size);
	rc = import(db, path, dry_run, prune, &r, &res);
	if (r.errors > GRID_IMPORT_MAX_ERRORS)
		fuzz_fail("%d problems reported, more than %d", r.errors, GRID_IMPORT_MAX_ERRORS);
	if (rc == GRID_EINPUT && r.messages == 0)
		fuzz_fail("GRID_EINPUT without a reported problem (%s)", grid_errmsg());
	if (rc != GRID_OK || dry_run) {
		after = export_text(db);
		if (strcmp(after, baseline) != 0)
			fuzz_fail("import %s (rc %d) changed the database", dry_run ? "dry run" : "failed", rc);
		goto done;
	}
	fuzz_db_check();
	/* The export, imported again, must be a no-op. */
	after = export_text(db);
	path = fuzz_write_file("input", (const uint8_t *)after, strlen(after));
	if (import(db, path, 0, 0, &r, &res) != GRID_OK)
		fuzz_fail("re-importing the export failed: %s", grid_errmsg());
	for (i = 0; i < GRID_SECTION_COUNT; i++)
		if (res.sections[i].added || res.sections[i].updated || res.sections[i].removed)
			fuzz_fail("re-importing the export changed section %s", grid_section_name(i));
	again = export_text(db);
	if (strcmp(after, again) != 0)
		fuzz_fail("the export changed after re-importing it");
	fuzz_db_reset();
done:
	if (fuzz_verbose())
		fprintf(stderr, "  -> rc %d (%s)\n", rc, grid_errmsg());
	grid_error_clear();
	free(after);
	free(again);
	return 0;
}
