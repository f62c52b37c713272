/* grid backup and grid restore (grid-backup(1)): a whole database into a
 * new file while writers go on, and a backup back into a database.
 *
 * A backup is made in a private folder beside FILE and renamed into
 * place, so FILE is either the whole backup or what it was before; a
 * restore checks the backup's history before it touches DEST. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "grid/copy.h"
#include "history_hash.h"
#include "internal.h"
#include "store/copy.h"
#include "store/store.h"

/* The folder a backup is made in: DIR/.grid-backup-XXXXXX beside FILE,
 * mode 0700, on FILE's file system so that rename() moves it in whole. */
struct staging {
	char parent[PATH_MAX]; /* the folder of FILE */
	char dir[PATH_MAX];
	char db[PATH_MAX + 16];
};

static int staging_make(struct staging *sg, const char *file)
{
	const char *slash = strrchr(file, '/');
	int n;

	if (!slash)
		snprintf(sg->parent, sizeof(sg->parent), ".");
	else
		snprintf(sg->parent, sizeof(sg->parent), "%.*s", slash == file ? 1 : (int)(slash - file), file);
	n = snprintf(sg->dir, sizeof(sg->dir), "%s/.grid-backup-XXXXXX", sg->parent);
	if (n < 0 || (size_t)n >= sizeof(sg->dir))
		return grid_error_set(GRID_EUSAGE, "backup file name '%s' is too long", file);
	if (!mkdtemp(sg->dir))
		return grid_error_set(errno == ENOENT ? GRID_ENOTFOUND : GRID_EFAIL, "cannot write beside '%s': %s",
			file, strerror(errno));
	snprintf(sg->db, sizeof(sg->db), "%s/backup.db", sg->dir);
	return GRID_OK;
}

/* Remove the folder and whatever the copy left in it. */
static void staging_remove(struct staging *sg)
{
	char name[sizeof(sg->db) + 16];

	unlink(sg->db);
	for (int i = 0; store_companion_suffixes[i]; i++) {
		snprintf(name, sizeof(name), "%s%s", sg->db, store_companion_suffixes[i]);
		unlink(name);
	}
	rmdir(sg->dir);
}

/* Make the staged copy durable, private and FILE's. */
static int staging_commit(struct staging *sg, const char *file)
{
	int fd = open(sg->db, O_RDONLY | O_CLOEXEC), ok;

	ok = fd >= 0 && fchmod(fd, 0600) == 0 && fsync(fd) == 0;
	if (fd >= 0)
		close(fd);
	if (!ok || rename(sg->db, file) != 0)
		return grid_error_set(GRID_EFAIL, "cannot write the backup '%s': %s", file, strerror(errno));
	/* The rename is durable once the folder holding FILE is. */
	if ((fd = open(sg->parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		fsync(fd);
		close(fd);
	}
	return GRID_OK;
}

/* Copy SOURCE whole into the new file PATH. */
static int backup_into(const char *source, const char *path)
{
	struct store *s;
	grid_copy_result res;
	int found, rc;

	if (store_is_server(source))
		return grid_db_copy(source, path, &res);
	if ((rc = store_open(&s, source, GRID_OPEN_READONLY, &found)))
		return rc;
	rc = store_backup_into(s, path);
	store_close(s);
	return rc;
}

/* Are the files A and B (database names) one file? */
static int same_file(const char *a, const char *b)
{
	const char *pa, *pb;
	struct stat sa, sb;

	return store_copy_is_file(a, &pa) && store_copy_is_file(b, &pb) && stat(pa, &sa) == 0 && stat(pb, &sb) == 0 &&
		sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

int grid_db_backup(const char *source, const char *file, unsigned flags)
{
	struct staging sg;
	struct stat st;
	int rc;

	if (!source || !*source || !file || !*file)
		return grid_error_set(GRID_EUSAGE, "a backup needs a database and a file");
	if (strcmp(source, file) == 0 || same_file(source, file))
		return grid_error_set(GRID_EUSAGE, "the backup file '%s' is the database itself", file);
	if (lstat(file, &st) == 0 && S_ISDIR(st.st_mode))
		return grid_error_set(GRID_EUSAGE, "backup file '%s' is a folder", file);
	if (lstat(file, &st) == 0 && !(flags & GRID_BACKUP_FORCE))
		return grid_error_set(GRID_ECONFLICT, "backup file '%s' exists already", file);
	if ((rc = staging_make(&sg, file)))
		return rc;
	if (!(rc = backup_into(source, sg.db)))
		rc = staging_commit(&sg, file);
	staging_remove(&sg);
	return rc;
}

/* ---- restore -------------------------------------------------------------- */

/* The backup FILE, open for reading, its history intact. */
static int open_backup(const char *file, struct store **out)
{
	char problem[HISTORY_PROBLEM_SIZE];
	int found, intact, rc;

	*out = NULL;
	if ((rc = store_open(out, file, GRID_OPEN_READONLY, &found)))
		return rc;
	if (!(rc = history_verify_intact(*out, problem, &intact)) && !intact)
		rc = grid_error_set(GRID_EINPUT,
			"the history of backup '%s' does not verify (%s; see grid verify): it is not restored", file,
			problem);
	if (rc) {
		store_close(*out);
		*out = NULL;
	}
	return rc;
}

/* DEST, a database file there already: every page replaced by the
 * backup's when it holds nothing or FORCE says so. */
static int restore_over(struct store *backup, const char *dest, unsigned flags)
{
	struct store *d;
	int found, held = 0, rc;

	if ((rc = store_open(&d, dest, GRID_OPEN_MIGRATE, &found)))
		return rc;
	if (!(flags & GRID_BACKUP_FORCE) && !(rc = store_holds_data(d, &held)) && held)
		rc = grid_error_set(GRID_ECONFLICT, "database '%s' holds units or cases", dest);
	if (rc == GRID_OK)
		rc = store_restore_from(d, backup);
	store_close(d);
	return rc;
}

/* DEST, a server's database: the backup copied in, when it holds nothing. */
static int restore_to_server(const char *file, const char *dest)
{
	struct store *d;
	grid_copy_result res;
	int found, held = 0, rc;

	if ((rc = store_open(&d, dest, GRID_OPEN_CREATE, &found)))
		return rc;
	rc = store_holds_data(d, &held);
	store_close(d);
	if (rc == GRID_OK && held)
		rc = grid_error_set(GRID_ECONFLICT,
			"database '%s' holds units or cases: restore into a new database on the server", dest);
	return rc ? rc : grid_db_copy(file, dest, &res);
}

int grid_db_restore(const char *file, const char *dest, unsigned flags)
{
	struct store *backup;
	grid_copy_result res;
	const char *path;
	int rc;

	if (!file || !*file || !dest || !*dest)
		return grid_error_set(GRID_EUSAGE, "a restore needs a backup and a database");
	if (strcmp(file, dest) == 0 || same_file(file, dest))
		return grid_error_set(GRID_EUSAGE, "the backup '%s' is the database itself", file);
	if (!store_copy_is_file(file, &path) || store_is_server(file))
		return grid_error_set(GRID_EUSAGE, "a backup is a database file, not a server's database");
	if (access(path, F_OK) != 0)
		return grid_error_set(GRID_ENOTFOUND, "backup '%s': %s", file, strerror(errno));
	/* Into a server or a new file the copy checks the history itself. */
	if (store_is_server(dest))
		return restore_to_server(file, dest);
	if (store_copy_is_file(dest, &path) && access(path, F_OK) != 0)
		return grid_db_copy(file, dest, &res);
	if ((rc = open_backup(file, &backup)))
		return rc;
	rc = restore_over(backup, dest, flags);
	store_close(backup);
	return rc;
}
