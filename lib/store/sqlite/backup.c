/* A SQLite database copied whole, page by page (grid-backup(1)): into a
 * new file while writers run, and from a backup into a database that
 * other connections may hold open. */
#include "../store.h"
#include "sqlite.h"

int store_backup_into(struct store *s, const char *path)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (store_engine(s) != SQL_SQLITE)
		return grid_error_set(GRID_EUSAGE, "internal: a page copy needs a database file");
	/* VACUUM INTO reads one snapshot, as any reader of the WAL does, so
	 * the writers go on and the copy holds the transactions committed
	 * before it began, whole; it also leaves out the free pages. */
	rc = sqlite3_prepare_v2(sqlite_db(s), "VACUUM INTO ?1", -1, &st, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC)) == SQLITE_OK)
		rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return store_error(s, sqlite_error_class(s, rc), "writing the backup");
	return GRID_OK;
}

int store_restore_from(struct store *dst, struct store *src)
{
	sqlite3_backup *b;
	int rc;

	if (store_engine(dst) != SQL_SQLITE || store_engine(src) != SQL_SQLITE)
		return grid_error_set(GRID_EUSAGE, "internal: a page copy needs database files");
	/* The backup API writes DST under its write lock, through its own
	 * journal: other connections see the old database or the restored
	 * one, never a mix, and a crash leaves the old one.  One step copies
	 * every page, so SRC is read in one snapshot. */
	if (!(b = sqlite3_backup_init(sqlite_db(dst), "main", sqlite_db(src), "main")))
		return store_error(dst, sqlite_error_class(dst, sqlite3_errcode(sqlite_db(dst))), "restoring");
	rc = sqlite3_backup_step(b, -1);
	if (sqlite3_backup_finish(b) != SQLITE_OK && rc == SQLITE_DONE)
		rc = sqlite3_errcode(sqlite_db(dst));
	if (rc != SQLITE_DONE)
		return store_error(dst, sqlite_error_class(dst, rc), "restoring");
	return GRID_OK;
}
