/* SQLite's settings for one bulk load of issues and their history (the
 * ledger import, lib/ledger.c): foreign keys, CHECKs and the journal
 * mode, set aside for the load and restored after it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sqlite.h"

/* The journal mode as PRAGMA journal_mode[=MODE] leaves it, in OUT (lower
 * case); SQLITE_BUSY when another connection keeps the file open. */
static int journal_mode(struct store *s, const char *sql, char out[16])
{
	return store_pragma(s, sql, out, 16);
}

/* A load killed in rollback mode (see leave_wal) leaves the file so: its
 * hot journal is rolled back by the next connection, the WAL comes back
 * here.  When a reader keeps that from happening now, the load runs with
 * the rollback journal, as safely, and store_bulk_end retries. */
static int restore_wal(struct store *s, int *rollback_journal)
{
	char mode[16];
	int rc;

	if ((rc = journal_mode(s, "PRAGMA journal_mode", mode)) != SQLITE_OK)
		return store_error(s, sqlite_error_class(s, rc), "reading the journal mode");
	if (strcmp(mode, "wal") == 0)
		return GRID_OK;
	rc = journal_mode(s, "PRAGMA journal_mode = WAL", mode);
	if (rc != SQLITE_OK && rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
		return store_error(s, sqlite_error_class(s, rc), "restoring the write-ahead log");
	if (strcmp(mode, "wal") != 0)
		*rollback_journal = 1;
	return GRID_OK;
}

/* Into an empty issue table nearly every page the load writes is new, and
 * a rollback journal copies only pages that existed before: the data is
 * written once, where the WAL takes each page and the checkpoint writes it
 * again.  Leaving WAL mode needs the only connection to the file; when
 * another one has it open, the load keeps the WAL.  A kill leaves a hot
 * journal (synchronous=FULL), which the next connection rolls back. */
static int leave_wal(struct store *s, int *rollback_journal)
{
	char mode[16];
	int rc = journal_mode(s, "PRAGMA journal_mode = DELETE", mode);

	if (rc == SQLITE_OK && strcmp(mode, "delete") == 0)
		*rollback_journal = 1;
	else if (rc != SQLITE_OK && rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
		return store_error(s, sqlite_error_class(s, rc), "leaving the write-ahead log");
	return GRID_OK;
}

/* The switch (*switched) is to a rollback journal instead of the WAL. */
int sqlite_bulk_begin(struct store *s, int may_switch, int *switched)
{
	int rc, empty;

	*switched = 0;
	/* The loader checks every reference against its in-memory roster, so
	 * SQLite's per-row foreign key lookups (two to three per row) only
	 * repeat that work.  The pragma is a no-op inside a transaction:
	 * this runs before store_begin.  Likewise the CHECKs of issue: the
	 * loader binds status and handler_kind from its own constants, and
	 * SQLite builds the IN list of each CHECK afresh for every row of a
	 * multi-row INSERT (callgrind: 21,000 instructions an issue row with
	 * the CHECKs, 8,600 without). */
	if ((rc = store_exec(s, "PRAGMA foreign_keys = OFF; PRAGMA ignore_check_constraints = ON;"
			       " PRAGMA cache_size = -262144")))
		return rc;
	if ((rc = restore_wal(s, switched)))
		return rc;
	if (!may_switch)
		return GRID_OK;
	if ((rc = store_issues_empty(s, &empty)) || !empty)
		return rc;
	return leave_wal(s, switched);
}

void sqlite_bulk_end(struct store *s, int switched)
{
	char mode[16];

	store_exec(s, "PRAGMA foreign_keys = ON; PRAGMA ignore_check_constraints = OFF; PRAGMA cache_size = -2000");
	/* The data is committed or rolled back by now: a failure here leaves
	 * only the mode, which the next load restores, and must not report
	 * the import as failed.  Entering WAL mode waits for readers through
	 * the busy handler like any write. */
	if (switched)
		journal_mode(s, "PRAGMA journal_mode = WAL", mode);
}
