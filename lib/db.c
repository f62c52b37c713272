/* The database handle: opening, the time zone, the clock, the acting
 * person and who may name them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "grid/grid.h"
#include "internal.h"
#include "store/store.h"

static const char *const role_names[] = {
	"admin", "leader", "grid_head", "grid_member", "dept_staff", "viewer", "delegate", "system",
};

unsigned grid_role_parse(const char *name)
{
	size_t i;

	for (i = 0; i < GRID_ARRAY_SIZE(role_names); i++)
		if (strcmp(name, role_names[i]) == 0)
			return 1u << i;
	return 0;
}

const char *grid_role_name(unsigned role)
{
	size_t i;

	for (i = 0; i < GRID_ARRAY_SIZE(role_names); i++)
		if (role == 1u << i)
			return role_names[i];
	return NULL;
}

const char *grid_version(void)
{
	return GRID_VERSION;
}

int grid_schema_version(void)
{
	return store_schema_latest();
}

/* Local times follow the database's `timezone` setting unless the
 * environment names a zone: TZ set by the user wins. */
static int apply_timezone_setting(grid_db *db)
{
	char *tz = NULL;
	int rc;

	if (getenv("TZ"))
		return GRID_OK;
	if ((rc = store_setting_get(db->store, "timezone", &tz)))
		return rc;
	if (tz) {
		setenv("TZ", tz, 1);
		tzset();
	}
	free(tz);
	return GRID_OK;
}

const char *grid_timezone(int *known)
{
	const char *tz = getenv("TZ");
	const char *dir = getenv("TZDIR");
	char path[512];

	*known = 1;
	/* Empty, a file path, or a POSIX rule such as CST-8: no zone name to
	 * look up. */
	if (!tz || !*tz || tz[0] == ':' || !strchr(tz, '/'))
		return tz;
	snprintf(path, sizeof(path), "%s/%s", dir && *dir ? dir : "/usr/share/zoneinfo", tz);
	*known = access(path, R_OK) == 0;
	return tz;
}

int grid_db_open(grid_db **out, const char *path, unsigned flags)
{
	grid_db *db;
	int rc;

	*out = NULL;
	if (!path || !*path)
		return grid_error_set(GRID_EUSAGE, "no database path given");
	db = calloc(1, sizeof(*db));
	if (!db)
		return grid_error_oom();
	rc = store_open(&db->store, path, flags, &db->schema_found);
	if (rc) {
		free(db);
		return rc;
	}
	if ((rc = apply_timezone_setting(db))) {
		grid_db_close(db);
		return rc;
	}
	*out = db;
	return GRID_OK;
}

void grid_db_close(grid_db *db)
{
	if (!db)
		return;
	store_close(db->store);
	free(db->login);
	free(db->actor);
	free(db->real);
	free(db);
}

int grid_db_schema_found(const grid_db *db)
{
	return db->schema_found;
}

void grid_db_set_busy_timeout(grid_db *db, int ms)
{
	store_set_busy_timeout(db->store, ms);
}

void grid_db_set_now(grid_db *db, int64_t now)
{
	db->now = now;
}

int64_t grid_db_now(const grid_db *db)
{
	return db->now ? db->now : (int64_t)time(NULL);
}

int grid_db_set_actor(grid_db *db, const char *id)
{
	unsigned roles = 0;
	char *copy;
	int rc = store_person_roles(db->store, id, &roles);

	if (rc)
		return rc;
	if (!(copy = grid_strdup(id)))
		return GRID_EFAIL;
	free(db->actor);
	db->actor = copy;
	db->actor_roles = roles;
	return GRID_OK;
}

int grid_db_set_login(grid_db *db, const char *login)
{
	const char *server = store_session_user(db->store);
	char *copy = NULL;

	/* A server authenticated its user: that is who runs this. */
	if (server)
		login = server;
	if (login && !(copy = grid_strdup(login)))
		return GRID_EFAIL;
	free(db->login);
	db->login = copy;
	free(db->real);
	db->real = NULL;
	db->real_known = 0;
	return GRID_OK;
}

const char *grid_db_login(const grid_db *db)
{
	return db->login;
}

const char *grid_db_where(const grid_db *db)
{
	return store_path(db->store);
}

int grid_db_set_actor_login(grid_db *db, const char *login)
{
	char *id = NULL;
	unsigned roles = 0;
	int rc = store_person_by_login(db->store, login, &id, &roles);

	if (rc)
		return rc;
	free(db->actor);
	db->actor = id;
	db->actor_roles = id ? roles : 0;
	return GRID_OK;
}

/* Forget the acting person: a refused choice leaves nobody acting. */
static void clear_actor(grid_db *db)
{
	free(db->actor);
	db->actor = NULL;
	db->actor_roles = 0;
}

/* May the real person (REAL holding REAL_ROLES; NULL when the login is no
 * person's) act for person ID?  An admin takes a report phoned in for a
 * grid head; a delegate is given the right in the roster. */
static int may_act_for(const grid_db *db, const char *real, unsigned real_roles, const char *id)
{
	if (!db->login)
		return grid_error_set(GRID_EPERM, "no login is set, so nobody may act for '%s'", id);
	if (!real)
		return grid_error_set(GRID_EPERM,
			"login '%s' is no person's, so it may not act for '%s': add it as the login of a person in the "
			"roster (grid-yaml(5))",
			db->login, id);
	if (!(real_roles & (GRID_ROLE_ADMIN | GRID_ROLE_DELEGATE)))
		return grid_error_set(GRID_EPERM,
			"login '%s' (person %s) may not act for '%s': only an admin or a delegate acts for others", db->login,
			real, id);
	return GRID_OK;
}

/* Keep REAL (malloc'd, or NULL) as the person of the current login. */
static void keep_real(grid_db *db, char *real)
{
	free(db->real);
	db->real = real;
	db->real_known = 1;
}

int grid_db_resolve_real(grid_db *db)
{
	char *real = NULL;
	unsigned roles = 0;
	int rc;

	if (db->real_known || !db->login)
		return GRID_OK;
	if ((rc = store_person_by_login(db->store, db->login, &real, &roles)))
		return rc;
	keep_real(db, real);
	return GRID_OK;
}

int grid_db_on_behalf(const grid_db *db, const char *actor)
{
	return db->login && actor && (!db->real || strcmp(db->real, actor) != 0);
}

int grid_db_act(grid_db *db, const char *on_behalf_of)
{
	char *real = NULL;
	unsigned real_roles = 0, roles;
	int rc;

	clear_actor(db);
	if (db->login && (rc = store_person_by_login(db->store, db->login, &real, &real_roles)))
		return rc;
	/* The events written from now on compare their actor with it. */
	keep_real(db, real);
	if (!on_behalf_of || (real && strcmp(real, on_behalf_of) == 0)) {
		if (real && !(db->actor = grid_strdup(real)))
			return GRID_EFAIL;
		db->actor_roles = real_roles;
		return GRID_OK;
	}
	/* An id that is no person's is said as such before any question of
	 * rights. */
	if ((rc = store_person_roles(db->store, on_behalf_of, &roles)) == GRID_OK &&
	    (rc = may_act_for(db, real, real_roles, on_behalf_of)) == GRID_OK)
		rc = grid_db_set_actor(db, on_behalf_of);
	return rc;
}

const char *grid_db_actor(const grid_db *db)
{
	return db->actor;
}

unsigned grid_db_actor_roles(const grid_db *db)
{
	return db->actor_roles;
}

int grid_require_role(const grid_db *db, unsigned any_of, const char *what)
{
	/* A login with no person: naming the actor would not help (nobody
	 * may act for others without being a person), adding the login does. */
	if (!db->actor && db->login)
		return grid_error_set(GRID_EPERM,
			"%s: login '%s' is no person's: add it as the login of a person in the roster (grid-yaml(5))", what,
			db->login);
	if (!db->actor)
		return grid_error_set_field(
			grid_error_set(GRID_EPERM, "%s: nobody is acting; set the actor to a person's id", what), "actor");
	if (!(db->actor_roles & any_of))
		return grid_error_set(GRID_EPERM, "%s: person '%s' does not have the role for it", what, db->actor);
	return GRID_OK;
}

#define WRITE_TRIES 5

int grid_db_write(grid_db *db, int (*body)(grid_db *db, void *arg), void *arg)
{
	int rc;

	for (int attempt = 1;; attempt++) {
		if ((rc = store_begin(db->store)) == GRID_OK)
			rc = store_end(db->store, body(db, arg));
		if (rc == GRID_OK || !store_retryable(db->store) || attempt == WRITE_TRIES)
			return rc;
		/* 10, 20, 40, 80 ms: the other writer finishes meanwhile. */
		struct timespec pause = { 0, (long)(10000000L << (attempt - 1)) };
		nanosleep(&pause, NULL);
	}
}

int grid_db_ensure_admin(grid_db *db, const char *login, int *created)
{
	const char *server = store_session_user(db->store);
	int has = 0, owner;
	int rc;

	*created = 0;
	if (server)
		login = server;
	/* A server's first admin is its tables' owner's to make: staff, who
	 * see only their own rows, would take themselves for the first. */
	if ((rc = store_owns_tables(db->store, &owner)) || !owner)
		return rc;
	if ((rc = store_begin(db->store)))
		return rc;
	rc = store_has_admin(db->store, &has);
	if (rc == GRID_OK && !has) {
		rc = store_add_first_admin(db->store, login);
		*created = rc == GRID_OK;
	}
	return store_end(db->store, rc);
}

int grid_db_create_roles(grid_db *db)
{
	return store_create_roles(db->store);
}

int grid_setting_get(grid_db *db, const char *key, char **out)
{
	return store_setting_get(db->store, key, out);
}
