/* The SQLite connection: opening, file modes, pragmas, the schema check,
 * transactions and error mapping. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "schema.h"
#include "sqlite.h"

#define GRID_APPLICATION_ID 0x47524944 /* "GRID" */
#define DEFAULT_BUSY_MS 5000

int store_pragma(struct store *s, const char *sql, char *out, size_t size)
{
	sqlite3_stmt *st;
	int rc;

	out[0] = '\0';
	if ((rc = sqlite3_prepare_v2(sqlite_db(s), sql, -1, &st, NULL)) != SQLITE_OK)
		return rc;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const unsigned char *t = sqlite3_column_text(st, 0);

		snprintf(out, size, "%s", t ? (const char *)t : "");
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc;
}

/* The modes of a new database: private to its owner, or shared with a
 * group (the folders setgid, so that the -wal and -shm files SQLite makes
 * later take the group too). */
struct new_modes {
	mode_t file, dir;
	int gid; /* -1: private, no group change */
};

static const struct new_modes private_modes = { 0600, 0700, -1 };

/* Give PATH (or FD when >= 0) group M->gid, then exactly MODE: open and
 * mkdir honour the umask, and chown goes first since it may clear the
 * setgid bit. */
static int set_group_mode(const char *path, int fd, const struct new_modes *m, mode_t mode)
{
	int rc = 0;

	if (m->gid >= 0)
		rc = fd >= 0 ? fchown(fd, (uid_t)-1, (gid_t)m->gid) : chown(path, (uid_t)-1, (gid_t)m->gid);
	if (rc == 0)
		rc = fd >= 0 ? fchmod(fd, mode) : chmod(path, mode);
	if (rc != 0)
		return grid_error_set(errno == EPERM && m->gid >= 0 ? GRID_EPERM : GRID_EFAIL, "cannot set the %s of '%s': %s",
			m->gid >= 0 ? _("group and mode") : _("mode"), path, strerror(errno));
	return GRID_OK;
}

/* Remove the folders of PATH's directory that make_parent_dirs created:
 * those whose path is longer than KEPT bytes, deepest first. */
static void remove_made_dirs(const char *path, size_t kept)
{
	char *dir = grid_strdup(path);
	char *p;

	if (!dir)
		return;
	while ((p = strrchr(dir, '/')) && p != dir) {
		*p = '\0';
		if (strlen(dir) <= kept)
			break;
		rmdir(dir);
	}
	free(dir);
}

/* Create every missing folder of PATH's directory with M's mode and group;
 * *kept gets the length of the part that was there before, for
 * remove_made_dirs.  On failure the folders made are removed again. */
static int make_parent_dirs(const char *path, const struct new_modes *m, size_t *kept)
{
	char *dir = grid_strdup(path);
	char *p;
	int rc = GRID_OK;

	*kept = strlen(path);
	if (!dir)
		return GRID_EFAIL;
	p = strrchr(dir, '/');
	if (!p || p == dir)
		goto done;
	*p = '\0';
	for (p = dir + 1; ; p++) {
		if (*p == '/' || *p == '\0') {
			char saved = *p;

			*p = '\0';
			if (mkdir(dir, m->dir & 0777) == 0) {
				if (*kept == strlen(path))
					*kept = (size_t)(strrchr(dir, '/') - dir);
				if ((rc = set_group_mode(dir, -1, m, m->dir)))
					goto done;
			} else if (errno != EEXIST) {
				rc = grid_error_set(GRID_EFAIL, "cannot create folder '%s': %s",
					dir, strerror(errno));
				goto done;
			}
			*p = saved;
			if (saved == '\0')
				break;
		}
	}
done:
	free(dir);
	if (rc)
		remove_made_dirs(path, *kept);
	return rc;
}

/* Create the empty database file PATH with M's modes and group, whatever
 * the umask, and its missing folders; on failure nothing made is left.
 * An existing file is left as it is. */
static int create_file(const char *path, const struct new_modes *m)
{
	size_t kept;
	int fd;
	int rc = make_parent_dirs(path, m, &kept);

	if (rc)
		return rc;
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, m->file);
	if (fd < 0) {
		if (errno == EEXIST)
			return GRID_OK;
		rc = grid_error_set(GRID_EFAIL, "cannot create '%s': %s", path, strerror(errno));
		remove_made_dirs(path, kept);
		return rc;
	}
	rc = set_group_mode(path, fd, m, m->file);
	close(fd);
	if (rc) {
		unlink(path);
		remove_made_dirs(path, kept);
	}
	return rc;
}

int store_create_shared(const char *path, int gid, int *created)
{
	const struct new_modes shared = { 0660, 02770, gid };
	struct stat sb;

	*created = 0;
	if (stat(path, &sb) == 0)
		return S_ISDIR(sb.st_mode) ? grid_error_set(GRID_ENODB, "'%s' is a folder, not a database", path) : GRID_OK;
	*created = 1;
	return create_file(path, &shared);
}

const char *const store_companion_suffixes[] = { "-wal", "-shm", "-journal", NULL };

int store_journal_mode(struct store *s, char *out, size_t size)
{
	int rc;

	/* A server keeps its own write-ahead log. */
	if (store_engine(s) != SQL_SQLITE) {
		snprintf(out, size, "server");
		return GRID_OK;
	}
	rc = store_pragma(s, "PRAGMA journal_mode", out, size);
	return rc == SQLITE_OK ? GRID_OK : store_error(s, sqlite_error_class(s, rc), "reading the journal mode");
}

static int read_pragma_int(struct store *s, const char *sql, int *out)
{
	char text[32];
	int rc = store_pragma(s, sql, text, sizeof(text));

	if (rc != SQLITE_OK)
		return store_error(s, sqlite_error_class(s, rc), "reading the schema version");
	*out = atoi(text);
	return GRID_OK;
}

static int check_schema(struct store *s, const char *path, unsigned flags, int *found)
{
	int version = 0, app = 0;
	int rc;

	if ((rc = read_pragma_int(s, "PRAGMA user_version", &version)) ||
	    (rc = read_pragma_int(s, "PRAGMA application_id", &app)))
		return rc;
	*found = version;
	if (version != 0 && app != GRID_APPLICATION_ID)
		return grid_error_set(GRID_ENODB, "'%s' is not a grid database", path);
	if (version > store_schema_latest())
		return grid_error_set(GRID_ENODB,
			"database '%s' has schema version %d, newer than this grid knows (%d); use a newer grid",
			path, version, store_schema_latest());
	if (version == store_schema_latest())
		return GRID_OK;
	if (version == 0 && !(flags & GRID_OPEN_CREATE))
		return grid_error_set(GRID_ENODB, "'%s' is not a grid database; run 'grid init' to create one", path);
	/* An empty file may become a grid database; another program's
	 * database, with tables of its own, is not to get grid's beside them. */
	if (version == 0 && (rc = read_pragma_int(s, "SELECT count(*) FROM sqlite_master", &app)))
		return rc;
	if (version == 0 && app > 0)
		return grid_error_set(GRID_ENODB, "'%s' is not a grid database: it holds another program's tables", path);
	if (version != 0 && !(flags & GRID_OPEN_MIGRATE))
		return grid_error_set(GRID_ENODB,
			"database '%s' has schema version %d, older than %d; run 'grid init' to upgrade it",
			path, version, store_schema_latest());
	if (version == 0 && (rc = store_exec(s, "PRAGMA journal_mode=WAL")))
		return rc;
	return store_migrate(s, version);
}

/* A bulk load into empty tables runs with a rollback journal (each page
 * written once, not twice through the WAL) and switches back at its end;
 * a load killed midway leaves the file in rollback mode, with its data
 * whole (the next reader rolls the journal back).  Put WAL back at the
 * next open.  Busy, another process is at work: the next open tries again. */
static void restore_wal(struct store *s)
{
	char mode[16];

	if (store_pragma(s, "PRAGMA journal_mode", mode, sizeof(mode)) == SQLITE_OK && sqlite3_stricmp(mode, "wal") != 0)
		sqlite3_exec(sqlite_db(s), "PRAGMA journal_mode=WAL", NULL, NULL, NULL);
}

int sqlite_store_open(struct store **out, const char *path, unsigned flags, int *schema_found)
{
	struct store *s;
	struct stat sb;
	sqlite3 *db = NULL;
	int rc, oflags;

	*out = NULL;
	if (stat(path, &sb) != 0) {
		/* Not there is a question for grid init; a folder on the way
		 * that this user may not enter (a group's database, and the
		 * user not in the group) is not "no database". */
		if (errno != ENOENT)
			return grid_error_set((flags & GRID_OPEN_CREATE) ? GRID_EFAIL : GRID_ENODB,
				"cannot open database '%s': %s", path, strerror(errno));
		if (!(flags & GRID_OPEN_CREATE))
			return grid_error_set(GRID_ENODB, "no database at '%s'; run 'grid init' to create one", path);
		if ((rc = create_file(path, &private_modes)))
			return rc;
	} else if (S_ISDIR(sb.st_mode)) {
		return grid_error_set(GRID_ENODB, "'%s' is a folder, not a database", path);
	}
	s = calloc(1, sizeof(*s));
	if (!s)
		return grid_error_oom();
	s->drv = &sqlite_driver;
	oflags = (flags & GRID_OPEN_READONLY) ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
	rc = sqlite3_open_v2(path, &db, oflags | SQLITE_OPEN_NOMUTEX, NULL);
	s->conn = db;
	if (rc != SQLITE_OK) {
		rc = grid_error_set(GRID_ENODB, "cannot open database '%s': %s", path,
			db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
		goto fail;
	}
	if (!(s->where = grid_strdup(sqlite3_db_filename(db, "main")))) {
		rc = GRID_EFAIL;
		goto fail;
	}
	sqlite3_extended_result_codes(db, 1);
	sqlite3_busy_timeout(db, DEFAULT_BUSY_MS);
	/* The first read of the file: where a file of another kind is found,
	 * so the message names it. */
	if ((rc = store_exec(s, "PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL;"))) {
		if ((sqlite3_errcode(db) & 0xff) == SQLITE_NOTADB)
			rc = grid_error_set(GRID_ENODB, "'%s' is not a grid database", path);
		goto fail;
	}
	if ((rc = check_schema(s, path, flags, schema_found)))
		goto fail;
	if (!(flags & GRID_OPEN_READONLY))
		restore_wal(s);
	*out = s;
	return GRID_OK;
fail:
	store_close(s);
	return rc;
}

