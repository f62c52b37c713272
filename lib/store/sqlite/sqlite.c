/* The SQLite connection: opening, file modes, pragmas, statements,
 * transactions and error mapping. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sqlite.h"

#define GRID_APPLICATION_ID 0x47524944 /* "GRID" */
#define DEFAULT_BUSY_MS 5000

int store_error(struct store *s, int rc, const char *what)
{
	int primary = rc & 0xff;
	const char *msg = s && s->sql ? sqlite3_errmsg(s->sql) : sqlite3_errstr(rc);

	if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
		return grid_error_set(GRID_EBUSY, "database is busy (%s); try again later", what);
	if (primary == SQLITE_NOTADB)
		return grid_error_set(GRID_ENODB, "not a grid database (%s)", what);
	if (primary == SQLITE_FULL)
		return grid_error_set(GRID_EFAIL, "disk full (%s)", what);
	return grid_error_set(GRID_EFAIL, "%s: %s", what, msg);
}

int store_exec(struct store *s, const char *sql)
{
	int rc = sqlite3_exec(s->sql, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? GRID_OK : store_error(s, rc, "database");
}

static size_t slot_hash(const char *sql)
{
	uintptr_t p = (uintptr_t)sql;

	return (size_t)((p >> 3) ^ (p >> 11)) % STORE_STMT_SLOTS;
}

int store_stmt(struct store *s, const char *sql, sqlite3_stmt **out)
{
	size_t h = slot_hash(sql);
	size_t i;
	int rc;

	*out = NULL;
	for (i = 0; i < STORE_STMT_SLOTS; i++) {
		struct stmt_slot *slot = &s->slots[(h + i) % STORE_STMT_SLOTS];

		if (slot->sql == sql) {
			sqlite3_reset(slot->stmt);
			sqlite3_clear_bindings(slot->stmt);
			*out = slot->stmt;
			return GRID_OK;
		}
		if (!slot->sql) {
			rc = sqlite3_prepare_v3(s->sql, sql, -1, SQLITE_PREPARE_PERSISTENT, &slot->stmt, NULL);
			if (rc != SQLITE_OK) {
				slot->stmt = NULL;
				return store_error(s, rc, "prepare");
			}
			slot->sql = sql;
			*out = slot->stmt;
			return GRID_OK;
		}
	}
	return grid_error_set(GRID_EFAIL, "internal: statement cache is full");
}

int store_find(struct store *s, const char *sql, const char *key, const char *what, sqlite3_stmt **row)
{
	char reading[64];
	sqlite3_stmt *st;
	int rc;

	*row = NULL;
	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*row = st;
		return GRID_OK;
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return grid_error_set(GRID_ENOTFOUND, "unknown %s '%s'", what, key);
	snprintf(reading, sizeof(reading), "reading %s", what);
	return store_error(s, rc, reading);
}

int store_bind_text(sqlite3_stmt *st, int i, const char *text)
{
	return text ? sqlite3_bind_text(st, i, text, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(st, i);
}

int store_bind_opt_int(sqlite3_stmt *st, int i, int64_t v, int has)
{
	return has ? sqlite3_bind_int64(st, i, v) : sqlite3_bind_null(st, i);
}

int store_step_done(struct store *s, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	return rc == SQLITE_DONE ? GRID_OK : store_error(s, rc, what);
}

char *store_column_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	return t ? grid_strdup((const char *)t) : NULL;
}

/* Create every missing folder of PATH's directory, owner-only. */
static int make_parent_dirs(const char *path)
{
	char *dir = grid_strdup(path);
	char *p;
	int rc = GRID_OK;

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
			if (mkdir(dir, 0700) == 0) {
				/* mkdir honours the umask; make the mode exact. */
				chmod(dir, 0700);
			} else if (errno != EEXIST) {
				rc = grid_error_set(GRID_EFAIL, "cannot create folder '%s': %s", dir, strerror(errno));
				goto done;
			}
			*p = saved;
			if (saved == '\0')
				break;
		}
	}
done:
	free(dir);
	return rc;
}

/* Create an empty database file readable by its owner only, whatever the umask. */
static int create_file(const char *path)
{
	int fd;
	int rc = make_parent_dirs(path);

	if (rc)
		return rc;
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		if (errno == EEXIST)
			return GRID_OK;
		return grid_error_set(GRID_EFAIL, "cannot create '%s': %s", path, strerror(errno));
	}
	if (fchmod(fd, 0600) != 0) {
		close(fd);
		return grid_error_set(GRID_EFAIL, "cannot set the mode of '%s': %s", path, strerror(errno));
	}
	close(fd);
	return GRID_OK;
}

static int read_pragma_int(struct store *s, const char *sql, int *out)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(s->sql, sql, -1, &st, NULL);

	if (rc != SQLITE_OK)
		return store_error(s, rc, "reading the schema version");
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int(st, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_OK ? GRID_OK : store_error(s, rc, "reading the schema version");
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
	sqlite3_stmt *st;
	int wal = 1;

	if (sqlite3_prepare_v2(s->sql, "PRAGMA journal_mode", -1, &st, NULL) != SQLITE_OK)
		return;
	if (sqlite3_step(st) == SQLITE_ROW)
		wal = sqlite3_stricmp((const char *)sqlite3_column_text(st, 0), "wal") == 0;
	sqlite3_finalize(st);
	if (!wal)
		sqlite3_exec(s->sql, "PRAGMA journal_mode=WAL", NULL, NULL, NULL);
}

int store_open(struct store **out, const char *path, unsigned flags, int *schema_found)
{
	struct store *s;
	struct stat sb;
	int rc, oflags;

	*out = NULL;
	if (stat(path, &sb) != 0) {
		if (!(flags & GRID_OPEN_CREATE))
			return grid_error_set(GRID_ENODB, "no database at '%s'; run 'grid init' to create one", path);
		if ((rc = create_file(path)))
			return rc;
	} else if (S_ISDIR(sb.st_mode)) {
		return grid_error_set(GRID_ENODB, "'%s' is a folder, not a database", path);
	}
	s = calloc(1, sizeof(*s));
	if (!s)
		return grid_error_oom();
	oflags = (flags & GRID_OPEN_READONLY) ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
	rc = sqlite3_open_v2(path, &s->sql, oflags | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		rc = grid_error_set(GRID_ENODB, "cannot open database '%s': %s", path,
			s->sql ? sqlite3_errmsg(s->sql) : sqlite3_errstr(rc));
		goto fail;
	}
	sqlite3_extended_result_codes(s->sql, 1);
	sqlite3_busy_timeout(s->sql, DEFAULT_BUSY_MS);
	if ((rc = store_exec(s, "PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL;")))
		goto fail;
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

void store_close(struct store *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < STORE_STMT_SLOTS; i++)
		sqlite3_finalize(s->slots[i].stmt);
	sqlite3_close(s->sql);
	free(s);
}

void store_set_busy_timeout(struct store *s, int ms)
{
	sqlite3_busy_timeout(s->sql, ms);
}

int store_begin(struct store *s)
{
	int rc = sqlite3_exec(s->sql, "BEGIN IMMEDIATE", NULL, NULL, NULL);

	if (rc != SQLITE_OK)
		return store_error(s, rc, "starting a write");
	s->in_tx = 1;
	return GRID_OK;
}

int store_end(struct store *s, int rc)
{
	int src;

	if (!s->in_tx)
		return rc;
	s->in_tx = 0;
	if (rc == GRID_OK) {
		src = sqlite3_exec(s->sql, "COMMIT", NULL, NULL, NULL);
		if (src == SQLITE_OK)
			return GRID_OK;
		rc = store_error(s, src, "committing");
	}
	sqlite3_exec(s->sql, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

int store_unit_find(struct store *s, const char *code, struct store_unit_ref *u)
{
	static const char sql[] = "SELECT id, parent_id, lft, rgt FROM unit WHERE code = ?1";
	sqlite3_stmt *st;
	int rc;

	if ((rc = store_find(s, sql, code, "unit", &st)))
		return rc;
	u->id = sqlite3_column_int64(st, 0);
	u->parent_id = sqlite3_column_type(st, 1) == SQLITE_NULL ? 0 : sqlite3_column_int64(st, 1);
	u->lft = sqlite3_column_int64(st, 2);
	u->rgt = sqlite3_column_int64(st, 3);
	sqlite3_reset(st);
	return GRID_OK;
}

int store_setting_get(struct store *s, const char *key, char **out)
{
	static const char sql[] = "SELECT value FROM setting WHERE key = ?1";
	sqlite3_stmt *st;
	int rc;

	*out = NULL;
	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*out = store_column_dup(st, 0);
		rc = *out ? SQLITE_DONE : SQLITE_NOMEM;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? GRID_OK : store_error(s, rc, "reading a setting");
}

int store_setting_put(struct store *s, const char *key, const char *value)
{
	static const char sql[] =
		"INSERT INTO setting(key, value) VALUES (?1, ?2) "
		"ON CONFLICT(key) DO UPDATE SET value = excluded.value";
	sqlite3_stmt *st;
	int rc;

	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	return store_step_done(s, st, "writing a setting");
}

int store_person_roles(struct store *s, const char *id, unsigned *roles)
{
	static const char sql[] = "SELECT roles FROM person WHERE pid = ?1";
	sqlite3_stmt *st;
	int rc;

	if ((rc = store_find(s, sql, id, "person", &st)))
		return rc;
	*roles = (unsigned)sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return GRID_OK;
}

int store_person_by_login(struct store *s, const char *login, char **id, unsigned *roles)
{
	static const char sql[] = "SELECT pid, roles FROM person WHERE login = ?1";
	sqlite3_stmt *st;
	int rc;

	*id = NULL;
	*roles = 0;
	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = store_column_dup(st, 0);
		*roles = (unsigned)sqlite3_column_int(st, 1);
		rc = *id ? SQLITE_DONE : SQLITE_NOMEM;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? GRID_OK : store_error(s, rc, "reading a person");
}

int store_has_admin(struct store *s, int *yes)
{
	static const char sql[] = "SELECT EXISTS (SELECT 1 FROM person WHERE roles & 1)";
	sqlite3_stmt *st;
	int rc;

	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	rc = sqlite3_step(st);
	*yes = rc == SQLITE_ROW && sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? GRID_OK : store_error(s, rc, "reading people");
}

int store_add_first_admin(struct store *s, const char *login)
{
	static const char sql[] =
		"INSERT INTO person(pid, name, login, roles) VALUES (?1, ?1, ?1, 1) "
		"ON CONFLICT(pid) DO UPDATE SET roles = roles | 1, login = ?1";
	sqlite3_stmt *st;
	int rc;

	if ((rc = store_stmt(s, sql, &st)))
		return rc;
	sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
	return store_step_done(s, st, "adding the first admin");
}
