/* Fuzz the ledger importer (grid_issue_import) on arbitrary CSV bytes.
 *
 * Checked besides "no crash, no leak": each error is one line naming the
 * file, at most 20; a failed import or a dry run writes nothing; after a
 * successful one, every issue's history ends in its status.  A first line
 * "#dry-run" is cut off and turns the dry run on. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

struct errors {
	int n;
};

static void on_error(void *ctx, const char *msg)
{
	struct errors *e = ctx;

	if (!msg || !*msg || (strchr(msg, '\n') && !fuzz_lax()))
		fuzz_fail("an empty or multi-line error: %s", msg ? msg : "(null)");
	if (strncmp(msg, "ledger.csv:", 11) != 0)
		fuzz_fail("an error that does not name the file: %s", msg);
	if (fuzz_verbose())
		fprintf(stderr, "  %s\n", msg);
	e->n++;
}

struct walk {
	grid_db *db;
	long long count;
};

struct last {
	const char *to_seen;
	char to[32];
	int events;
};

static int on_event(void *ctx, const grid_event *ev)
{
	struct last *l = ctx;

	snprintf(l->to, sizeof(l->to), "%s", ev->to ? ev->to : "");
	l->events++;
	return 0;
}

static int on_issue(void *ctx, const grid_issue *is)
{
	struct walk *w = ctx;
	struct last l = { NULL, "", 0 };

	w->count++;
	if (grid_issue_history(w->db, is->id, on_event, &l) != GRID_OK)
		fuzz_fail("history of issue %lld: %s", (long long)is->id, grid_errmsg());
	if (l.events == 0 || strcmp(l.to, is->status) != 0)
		fuzz_fail("issue %lld is '%s' but its history (%d events) ends in '%s'", (long long)is->id, is->status,
			l.events, l.to);
	return 0;
}

static long long check_issues(grid_db *db)
{
	grid_issue_filter f = GRID_ISSUE_FILTER_INIT;
	struct walk w = { db, 0 };

	if (grid_issue_list(db, &f, on_issue, &w) != GRID_OK)
		fuzz_fail("listing issues: %s", grid_errmsg());
	return w.count;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	grid_db *db = fuzz_db();
	grid_ledger_opts opts = GRID_LEDGER_OPTS_INIT;
	grid_ledger_result res = { 0, 0 };
	struct errors e = { 0 };
	long long count;
	FILE *f;
	int rc;

	if (size >= 9 && memcmp(data, "#dry-run\n", 9) == 0) {
		opts.dry_run = 1;
		data += 9;
		size -= 9;
	}
	if (!(f = fopen(fuzz_write_file("input", data, size), "rb")))
		abort();
	opts.name = "ledger.csv";
	opts.on_error = on_error;
	opts.ctx = &e;
	rc = grid_issue_import(db, f, &opts, &res);
	fclose(f);
	if (e.n > 20)
		fuzz_fail("%d errors reported, more than 20", e.n);
	if (rc == GRID_EINPUT && e.n == 0 && !*grid_errmsg())
		fuzz_fail("GRID_EINPUT without an error");
	count = check_issues(db);
	if ((rc != GRID_OK || opts.dry_run) && count != 0)
		fuzz_fail("a %s import (rc %d) left %lld issues", opts.dry_run ? "dry-run" : "failed", rc, count);
	/* A NUL byte anywhere is in some field (or the header): never taken. */
	if (rc == GRID_OK && size && memchr(data, '\0', size))
		fuzz_fail("an input with a NUL byte was imported");
	if (rc == GRID_OK && !opts.dry_run) {
		if (count != res.added)
			fuzz_fail("import said %lld added, the database has %lld", res.added, count);
		fuzz_db_check();
		fuzz_db_reset();
	}
	if (fuzz_verbose())
		fprintf(stderr, "  -> rc %d (%s), %lld rows\n", rc, grid_errmsg(), (long long)count);
	grid_error_clear();
	return 0;
}
