/* libgrid: error codes, version, the database handle and its context.
 *
 * Every function returns an int: GRID_OK (0) or a negative GRID_E* code.
 * The message of the last error of the calling thread is grid_errmsg().
 * Messages are in the language of the program's LC_MESSAGES when the
 * program has bound the gettext domain "grid" (bindtextdomain), as the
 * grid command does; in English otherwise, and always under the C locale.
 * The library never prints, never exits, and never sets the locale. */
#ifndef GRID_COMMON_H
#define GRID_COMMON_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(GRID_BUILDING_LIBRARY)
#define GRID_API __attribute__((visibility("default")))
#else
#define GRID_API
#endif

/* Error codes.  Append only: never renumber or remove one.  The negated
 * code is the exit status of the grid command (grid(1)). */
typedef enum grid_error {
	GRID_OK = 0,
	GRID_EFAIL = -1,     /* I/O, internal, anything not listed below */
	GRID_EUSAGE = -2,    /* malformed argument given by the caller */
	GRID_EINPUT = -3,    /* bad input data: YAML, CSV, a field value */
	GRID_ENOTFOUND = -4, /* no such unit, person, category, issue… */
	GRID_ECONFLICT = -5, /* the state does not allow it */
	GRID_EPERM = -6,     /* the acting person's roles do not allow it */
	GRID_EBUSY = -7,     /* database busy or locked past the wait time */
	GRID_ENODB = -8,     /* no database, or a schema newer than this code */
} grid_error;

/* A fixed text for an error code ("not found", …), translated likewise. */
GRID_API const char *grid_strerror(int code);

/* The message of the calling thread's last error; "" when there is none. */
GRID_API const char *grid_errmsg(void);

/* Forget the calling thread's last error. */
GRID_API void grid_error_clear(void);

/* The library version, "MAJOR.MINOR.PATCH". */
GRID_API const char *grid_version(void);

/* The newest database schema version this library knows. */
GRID_API int grid_schema_version(void);

typedef struct grid_db grid_db;

/* Roles (grid-yaml(5)), as bits; a person may hold several. */
enum grid_role {
	GRID_ROLE_ADMIN = 1 << 0,
	GRID_ROLE_LEADER = 1 << 1,
	GRID_ROLE_GRID_HEAD = 1 << 2,
	GRID_ROLE_GRID_MEMBER = 1 << 3,
	GRID_ROLE_DEPT_STAFF = 1 << 4,
	GRID_ROLE_VIEWER = 1 << 5,
	GRID_ROLE_DELEGATE = 1 << 6, /* may act for others; grants nothing else */
	GRID_ROLE_SYSTEM = 1 << 7,   /* the service account: the case sweep only */
};

/* The bit of a role name ("grid_head"), or 0 for an unknown name. */
GRID_API unsigned grid_role_parse(const char *name);

/* The name of a single role bit, or NULL. */
GRID_API const char *grid_role_name(unsigned role);

enum grid_open_flags {
	GRID_OPEN_CREATE = 1 << 0,   /* create the file (and its folder) if missing */
	GRID_OPEN_MIGRATE = 1 << 1,  /* upgrade an older schema instead of refusing */
	GRID_OPEN_READONLY = 1 << 2, /* open for reading only */
};

/* Open the database at PATH.  Without GRID_OPEN_CREATE a missing file is
 * GRID_ENODB; a schema newer than grid_schema_version() is GRID_ENODB; an
 * older one is GRID_ENODB unless GRID_OPEN_MIGRATE is given.  Local
 * times then follow the database's `timezone` setting, unless TZ is set in
 * the environment (see grid_timezone()). */
GRID_API int grid_db_open(grid_db **out, const char *path, unsigned flags);

/* Close the database; NULL is accepted. */
GRID_API void grid_db_close(grid_db *db);

/* The schema version found in the file when it was opened (before any
 * migration): 0 for a file that was new. */
GRID_API int grid_db_schema_found(const grid_db *db);

/* How long a writer waits for a lock before GRID_EBUSY, in milliseconds. */
GRID_API void grid_db_set_busy_timeout(grid_db *db, int ms);

/* Pretend the current time is NOW (Unix seconds); 0 means the clock. */
GRID_API void grid_db_set_now(grid_db *db, int64_t now);

/* The current time as the library sees it (see grid_db_set_now). */
GRID_API int64_t grid_db_now(const grid_db *db);

/* Act as the person with id ID (GRID_ENOTFOUND if there is none).  It
 * trusts its caller: for programs that authenticate the person themselves.
 * One that runs for an OS user uses grid_db_act() instead. */
GRID_API int grid_db_set_actor(grid_db *db, const char *id);

/* Record LOGIN as the operating-system login running this handle (the
 * real identity behind the acting person), or NULL for none.  On a
 * database server the login is the server's session user whatever LOGIN
 * is: the server has authenticated it. */
GRID_API int grid_db_set_login(grid_db *db, const char *login);

/* The login given to grid_db_set_login(), or NULL. */
GRID_API const char *grid_db_login(const grid_db *db);

/* The open database as messages name it: the file's path, or "DATABASE on
 * HOST" for a server's (never a password). */
GRID_API const char *grid_db_where(const grid_db *db);

/* Act as the person whose login is LOGIN; no such person leaves the
 * actor unset (reads work, writes are refused with GRID_EPERM). */
GRID_API int grid_db_set_actor_login(grid_db *db, const char *login);

/* Decide who acts.  The real person is the one whose login is the
 * grid_db_set_login() login.  ON_BEHALF_OF NULL (or the real person's own
 * id): the real person acts, or nobody when the login is no person's.
 * Another id: that person acts, allowed only when the real person holds
 * GRID_ROLE_ADMIN or GRID_ROLE_DELEGATE, else GRID_EPERM naming both;
 * an id that is no person's is GRID_ENOTFOUND.  A refusal leaves nobody
 * acting. */
GRID_API int grid_db_act(grid_db *db, const char *on_behalf_of);

/* The acting person's id, or NULL when nobody is acting. */
GRID_API const char *grid_db_actor(const grid_db *db);

/* The acting person's roles (GRID_ROLE_* bits); 0 when nobody is acting. */
GRID_API unsigned grid_db_actor_roles(const grid_db *db);

/* Make sure the OS user LOGIN exists as an admin when the database has no
 * admin yet: the first `grid init` makes its user the first admin (on a
 * database server, the server's session user).  *created is set to 1 when
 * a person was added. */
GRID_API int grid_db_ensure_admin(grid_db *db, const char *login, int *created);

/* On PostgreSQL, make the server enforce the rules itself, in one
 * transaction and idempotently: the group roles grid_admin, grid_leader,
 * grid_staff, grid_viewer and grid_system (created when missing, which
 * needs CREATEROLE), their grants, and row-level security with its
 * policies (grid-init(1)).  The caller must own the tables (GRID_EPERM
 * otherwise, nothing done).  GRID_EUSAGE on a SQLite file. */
GRID_API int grid_db_create_roles(grid_db *db);

/* A setting stored by `grid import` (settings section), e.g. "timezone".
 * *out is a malloc'd string or NULL when not set. */
GRID_API int grid_setting_get(grid_db *db, const char *key, char **out);

/* Free memory that the library handed out (strings, arrays). */
GRID_API void grid_free(void *p);

/* ---- the database file: an office group's, and its state ---------------- */

/* Create the database file PATH for the operating-system group GID, when
 * it is missing: the file 0660, every folder it makes setgid 02770 and
 * owned by the group, whatever the umask (SQLite then makes its -wal and
 * -shm files with the file's mode and, through the setgid folder, its
 * group).  The caller must be root or a member of GID, and own an
 * existing file (and its -wal and -shm) that has not the group and mode
 * yet (GRID_EPERM otherwise, nothing made or changed); on any failure
 * nothing made is left.  An existing file is left as it is;
 * grid_db_open() then applies the schema.
 * *created is 1 when the file was new. */
GRID_API int grid_db_create_shared(const char *path, unsigned gid, int *created);

/* What grid_db_share() did with the folder, as bits of *done. */
enum grid_share_done {
	GRID_SHARE_FOLDER = 1 << 0,      /* the folder got the group and 02770 */
	GRID_SHARE_FOLDER_LEFT = 1 << 1, /* the folder is not the database's own: left as it was */
};

/* Give the open database DB to group GID: the file and the -wal and -shm
 * files present get the group and 0660.  Its folder gets the group and
 * 02770 only when it is the database's own: it holds nothing but the
 * database and those files, is owned by the caller (or the caller is
 * root) and is not sticky (/tmp); a folder such as $HOME or /tmp is never
 * changed (GRID_SHARE_FOLDER_LEFT).  GRID_EPERM when the caller is
 * neither root nor a member of GID. */
GRID_API int grid_db_share(grid_db *db, unsigned gid, unsigned *done);

/* The owner, group and mode of one file or folder. */
typedef struct grid_file_info {
	int exists;
	unsigned mode;   /* permission bits with setgid and sticky: 0660, 02770 */
	unsigned uid, gid;
	char owner[64];  /* the user's name, or the number when it has none */
	char group[64];  /* the group's name, or the number */
} grid_file_info;

/* The state of a database file, for `grid doctor`. */
typedef struct grid_db_state {
	char folder[4096];          /* the folder holding the file */
	grid_file_info file, dir;   /* the database file and its folder */
	grid_file_info wal, shm;    /* SQLite's -wal and -shm, while it is open */
	char journal_mode[16];      /* "wal", "delete", …; "" when not read */
	int schema;                 /* the schema version; 0 when not read */
} grid_db_state;

/* Fill *out with the state of the database at PATH: the modes, owners and
 * groups of the file, its folder and its -wal and -shm files, and, opened
 * read-only, the journal mode and schema version.  GRID_ENODB when there
 * is no grid database at PATH (the facts found are filled in even then). */
GRID_API int grid_db_file_state(const char *path, grid_db_state *out);

/* Does NAME select a database server (a postgres:// or postgresql:// URI,
 * or a libpq keyword string such as "host=… dbname=…"), not a file? */
GRID_API int grid_db_is_server(const char *name);

/* The state of a database on a server, for `grid doctor`. */
typedef struct grid_server_state {
	char where[512];    /* "DATABASE on HOST" */
	char version[64];   /* the server's version */
	char user[256];     /* the role connected: whose login acts */
	int superuser;      /* that role bypasses row-level security */
	int roles;          /* the group roles of `grid init --roles` are there */
	int schema;         /* the schema version */
} grid_server_state;

/* Fill *out with the state of the database NAME on its server, connected
 * as the user the connection string or the environment gives. */
GRID_API int grid_db_server_state(const char *name, grid_server_state *out);

#ifdef __cplusplus
}
#endif
#endif
