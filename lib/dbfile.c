/* The database as a file: shared with an office's operating-system group
 * (`grid init --group`), and its modes, owners and journal (`grid doctor`). */
#include <dirent.h>
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "store/store.h"

#define SHARED_FILE_MODE 0660
#define SHARED_DIR_MODE 02770

/* The name of group GID into BUF, or its number when it has none. */
static void group_name(unsigned gid, char *buf, size_t size)
{
	struct group gr, *found = NULL;
	char room[4096];

	if (getgrgid_r((gid_t)gid, &gr, room, sizeof(room), &found) == 0 && found)
		snprintf(buf, size, "%s", found->gr_name);
	else
		snprintf(buf, size, "%u", gid);
}

static void user_name(unsigned uid, char *buf, size_t size)
{
	struct passwd pw, *found = NULL;
	char room[4096];

	if (getpwuid_r((uid_t)uid, &pw, room, sizeof(room), &found) == 0 && found)
		snprintf(buf, size, "%s", found->pw_name);
	else
		snprintf(buf, size, "%u", uid);
}

/* May the caller give files to group GID?  The kernel lets root, and the
 * members of the group, chown to it; checked first, so that nothing is
 * made before a refusal. */
static int may_use_group(unsigned gid)
{
	gid_t *groups;
	int n, i, yes = 0;
	char name[64];

	if (geteuid() == 0 || getegid() == (gid_t)gid)
		return GRID_OK;
	if ((n = getgroups(0, NULL)) > 0 && (groups = calloc((size_t)n, sizeof(*groups)))) {
		n = getgroups(n, groups);
		for (i = 0; i < n && !yes; i++)
			yes = groups[i] == (gid_t)gid;
		free(groups);
	}
	if (yes)
		return GRID_OK;
	group_name(gid, name, sizeof(name));
	return grid_error_set(GRID_EPERM, "you are not a member of group '%s': only its members and root may share "
		"the database with it", name);
}

/* Has PATH (of SB) the group GID and MODE already? */
static int is_shared(const struct stat *sb, unsigned gid, mode_t mode)
{
	return sb->st_gid == (gid_t)gid && (sb->st_mode & 07777) == mode;
}

/* Could the caller give PATH, when it is there, to group GID with MODE?
 * Only its owner and root may change a file's group and mode; asked
 * before grid init upgrades anything, so that a refusal changes nothing. */
static int may_share_path(const char *path, unsigned gid, mode_t mode)
{
	struct stat sb;
	char owner[64];

	if (stat(path, &sb) != 0 || is_shared(&sb, gid, mode) || geteuid() == 0 || sb.st_uid == geteuid())
		return GRID_OK;
	user_name((unsigned)sb.st_uid, owner, sizeof(owner));
	return grid_error_set(GRID_EPERM, "cannot give '%s' to the group: it is %s's, and only its owner or root may "
		"change its group and mode", path, owner);
}

/* The database PATH and its -wal and -shm files, as may_share_path. */
static int may_share_database(const char *path, unsigned gid)
{
	char companion[4200];
	size_t i;
	int rc = may_share_path(path, gid, SHARED_FILE_MODE);

	for (i = 0; !rc && store_companion_suffixes[i]; i++) {
		snprintf(companion, sizeof(companion), "%s%s", path, store_companion_suffixes[i]);
		rc = may_share_path(companion, gid, SHARED_FILE_MODE);
	}
	return rc;
}

int grid_db_create_shared(const char *path, unsigned gid, int *created)
{
	int rc;

	*created = 0;
	if (!path || !*path)
		return grid_error_set(GRID_EUSAGE, "no database path given");
	if (store_is_server(path))
		return grid_error_set(GRID_EUSAGE,
			"a server's database is shared by its roles, not by a file's group (grid init --roles)");
	if ((rc = may_use_group(gid)) || (rc = may_share_database(path, gid)))
		return rc;
	return store_create_shared(path, (int)gid, created);
}

/* The folder of PATH into BUF ("." for a bare file name). */
static void folder_of(const char *path, char *buf, size_t size)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		snprintf(buf, size, ".");
	else if (slash == path)
		snprintf(buf, size, "/");
	else
		snprintf(buf, size, "%.*s", (int)(slash - path), path);
}

/* Is NAME the database file BASE or one of its companions? */
static int is_database_file(const char *name, const char *base)
{
	size_t n = strlen(base);
	size_t i;

	if (strncmp(name, base, n) != 0)
		return 0;
	if (name[n] == '\0')
		return 1;
	for (i = 0; store_companion_suffixes[i]; i++)
		if (strcmp(name + n, store_companion_suffixes[i]) == 0)
			return 1;
	return 0;
}

/* Is folder DIR (of SB) the database BASE's own, so that grid may change
 * its group and mode?  Only a folder that holds nothing else, that the
 * caller owns (or any, for root) and that is not sticky: never $HOME, /tmp
 * or a folder other files live in. */
static int folder_is_own(const char *dir, const struct stat *sb, const char *base)
{
	DIR *d;
	struct dirent *e;
	int own = 1;

	if (strcmp(dir, "/") == 0 || (sb->st_mode & S_ISVTX) || (geteuid() != 0 && sb->st_uid != geteuid()))
		return 0;
	if (!(d = opendir(dir)))
		return 0;
	while (own && (e = readdir(d)))
		own = strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 || is_database_file(e->d_name, base);
	closedir(d);
	return own;
}

/* PATH to group GID and MODE; one that has them already is left alone (a
 * member of the staff who does not own it may run grid init --group). */
static int share_path(const char *path, unsigned gid, mode_t mode)
{
	struct stat sb;

	if (stat(path, &sb) == 0 && is_shared(&sb, gid, mode))
		return GRID_OK;
	if (chown(path, (uid_t)-1, (gid_t)gid) != 0 || chmod(path, mode) != 0)
		return grid_error_set(errno == EPERM ? GRID_EPERM : GRID_EFAIL, "cannot give '%s' to the group: %s", path,
			strerror(errno));
	return GRID_OK;
}

/* The folder of PATH to group GID and 02770 when it is the database's own. */
static int share_folder(const char *path, unsigned gid, unsigned *done)
{
	char dir[4096];
	struct stat sb;
	const char *slash = strrchr(path, '/');
	int rc;

	folder_of(path, dir, sizeof(dir));
	if (stat(dir, &sb) != 0)
		return grid_error_set(GRID_EFAIL, "cannot read folder '%s': %s", dir, strerror(errno));
	if (is_shared(&sb, gid, SHARED_DIR_MODE))
		return GRID_OK;
	if (!folder_is_own(dir, &sb, slash ? slash + 1 : path)) {
		*done |= GRID_SHARE_FOLDER_LEFT;
		return GRID_OK;
	}
	if ((rc = share_path(dir, gid, SHARED_DIR_MODE)))
		return rc;
	*done |= GRID_SHARE_FOLDER;
	return GRID_OK;
}

int grid_db_share(grid_db *db, unsigned gid, unsigned *done)
{
	const char *path = store_path(db->store);
	char companion[4200];
	size_t i;
	int rc;

	*done = 0;
	if (store_engine_is_server(db->store))
		return grid_error_set(GRID_EUSAGE,
			"a server's database is shared by its roles, not by a file's group (grid init --roles)");
	if ((rc = may_use_group(gid)) || (rc = share_path(path, gid, SHARED_FILE_MODE)))
		return rc;
	for (i = 0; store_companion_suffixes[i]; i++) {
		snprintf(companion, sizeof(companion), "%s%s", path, store_companion_suffixes[i]);
		if (access(companion, F_OK) == 0 && (rc = share_path(companion, gid, SHARED_FILE_MODE)))
			return rc;
	}
	return share_folder(path, gid, done);
}

static void file_info(const char *path, grid_file_info *out)
{
	struct stat sb;

	memset(out, 0, sizeof(*out));
	if (stat(path, &sb) != 0)
		return;
	out->exists = 1;
	out->mode = (unsigned)(sb.st_mode & 07777);
	out->uid = (unsigned)sb.st_uid;
	out->gid = (unsigned)sb.st_gid;
	user_name(out->uid, out->owner, sizeof(out->owner));
	group_name(out->gid, out->group, sizeof(out->group));
}

/* The journal mode and schema of PATH, opened read-only; the -wal and
 * -shm files are looked at while it is open, as SQLite keeps them then. */
static int read_store_state(const char *path, grid_db_state *out)
{
	struct store *s;
	char companion[4200];
	int rc;

	if ((rc = store_open(&s, path, GRID_OPEN_READONLY, &out->schema)))
		return rc;
	rc = store_journal_mode(s, out->journal_mode, sizeof(out->journal_mode));
	snprintf(companion, sizeof(companion), "%s%s", path, store_companion_suffixes[0]);
	file_info(companion, &out->wal);
	snprintf(companion, sizeof(companion), "%s%s", path, store_companion_suffixes[1]);
	file_info(companion, &out->shm);
	store_close(s);
	return rc;
}

int grid_db_is_server(const char *name)
{
	return name && store_is_server(name);
}

int grid_db_server_state(const char *name, grid_server_state *out)
{
	struct store_server facts;
	struct store *s;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = store_open(&s, name, GRID_OPEN_READONLY, &out->schema)))
		return rc;
	rc = store_server_facts(s, &facts);
	snprintf(out->where, sizeof(out->where), "%s", store_path(s));
	snprintf(out->user, sizeof(out->user), "%s", store_session_user(s) ? store_session_user(s) : "");
	snprintf(out->version, sizeof(out->version), "%s", facts.version);
	out->superuser = facts.superuser;
	out->roles = facts.roles;
	store_close(s);
	return rc;
}

int grid_db_file_state(const char *path, grid_db_state *out)
{
	memset(out, 0, sizeof(*out));
	if (!path || !*path)
		return grid_error_set(GRID_EUSAGE, "no database path given");
	if (store_is_server(path))
		return grid_error_set(GRID_EUSAGE, "'%s' is a server's database, not a file", path);
	folder_of(path, out->folder, sizeof(out->folder));
	file_info(path, &out->file);
	file_info(out->folder, &out->dir);
	/* store_open says why a file that is not there or not reachable
	 * cannot be opened. */
	return read_store_state(path, out);
}
