/* The storage interface of libgrid: what the logic modules ask of a backend.
 *
 * It is implemented once, in lib/store/sql/, over the statement layer of
 * sql.h, whose drivers (lib/store/sqlite/, lib/store/pg/) are the engines;
 * store_open picks one by the database's name.  Functions take the database handle and return
 * GRID_OK or a GRID_E* code with the library error set.  The parts of one
 * concern are declared beside this file: roster.h, issue.h, fieldwork.h
 * (visits and diaries) and stats.h. */
#ifndef GRID_STORE_H
#define GRID_STORE_H

#include <stdint.h>

#include "../internal.h"

/* Open or create the store at PATH (GRID_OPEN_* flags); *schema_found gets
 * the schema version found in the file (0 for a new one). */
int store_open(struct store **out, const char *path, unsigned flags, int *schema_found);
/* Create the empty store file PATH for group GID: the file 0660, every
 * folder it makes 02770 and group-owned, whatever the umask; on failure
 * nothing made is left.  *created is 1 when the file was new; an existing
 * file is left as it is (a folder at PATH is GRID_ENODB). */
int store_create_shared(const char *path, int gid, int *created);
/* The suffixes of the files the backend keeps beside the store file while
 * it is open, NULL-ended: SQLite's "-wal" and "-shm" first, in that order,
 * then "-journal" (a bulk load's). */
extern const char *const store_companion_suffixes[];
/* Does the session own the tables (always, on a file)?  Only the owner
 * drops and builds indexes and makes the first admin. */
int store_owns_tables(struct store *s, int *yes);

/* Does NAME select a database server rather than a file?  Is the open
 * store on one? */
int store_is_server(const char *name);
int store_engine_is_server(struct store *s);

/* What a database server says of the open store's connection (GRID_EUSAGE
 * on a file). */
struct store_server {
	char version[64];
	int superuser; /* the session user bypasses row-level security */
	int roles;     /* the group roles of grid init --roles exist */
};
int store_server_facts(struct store *s, struct store_server *out);

/* The file of the open store, as SQLite names it (absolute); a server's
 * database as "DATABASE on HOST". */
const char *store_path(struct store *s);
/* The journal mode of the open store ("wal", "delete", …) into OUT. */
int store_journal_mode(struct store *s, char *out, size_t size);
/* The user a database server authenticated for this connection
 * (PostgreSQL's session_user), or NULL for a file, where the caller names
 * the operating-system login. */
const char *store_session_user(struct store *s);
/* A database file copied whole (SQLite only; GRID_EUSAGE on a server):
 * into the new file PATH as one snapshot while writers go on, and every
 * page of SRC written over DST under DST's write lock (backup.c). */
int store_backup_into(struct store *s, const char *path);
int store_restore_from(struct store *dst, struct store *src);
/* Does the store hold any unit or any case (*yes)? */
int store_holds_data(struct store *s, int *yes);
/* Close the store (NULL is fine). */
void store_close(struct store *s);
/* The newest schema version this backend knows (grid_schema_version). */
int store_schema_latest(void);
/* How long a writer waits for the write lock before GRID_EBUSY. */
void store_set_busy_timeout(struct store *s, int ms);

/* Did the last error undo a transaction because another writer's crossed
 * it (a deadlock, a serialization failure), so that running it again may
 * succeed? */
int store_retryable(struct store *s);

/* Transactions.  store_begin takes the write lock at once, waiting up to
 * the busy timeout, then GRID_EBUSY.  Use store_end(db, rc): commits when
 * rc is GRID_OK, else rolls back, and returns rc (or the commit's error). */
int store_begin(struct store *s);
int store_end(struct store *s, int rc);

/* A unit's row id, parent and nested-set bounds. */
struct store_unit_ref {
	int64_t id;
	int64_t parent_id; /* 0 at the top of the tree */
	int64_t lft, rgt;
};

/* Find the unit with CODE; GRID_ENOTFOUND "unknown unit 'CODE'" when
 * there is none.  The one lookup of a unit by code for every concern. */
int store_unit_find(struct store *s, const char *code, struct store_unit_ref *u);

/* Settings: key/value text. *out malloc'd or NULL when unset. */
int store_setting_get(struct store *s, const char *key, char **out);
int store_setting_put(struct store *s, const char *key, const char *value);

/* People, as far as the core needs them: find by id or by login. */
int store_person_roles(struct store *s, const char *id, unsigned *roles);
int store_person_by_login(struct store *s, const char *login, char **id, unsigned *roles);
/* Is there any person with the admin role? */
int store_has_admin(struct store *s, int *yes);
/* Add the first admin: id = login = name = LOGIN. */
int store_add_first_admin(struct store *s, const char *login);

/* The server's group roles, grants and row-level security (grid init
 * --roles, lib/store/sql/roles.c); GRID_EUSAGE on a SQLite file. */
int store_create_roles(struct store *s);

#endif
