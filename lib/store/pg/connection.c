/* The PostgreSQL connection: which names select it, connecting, the
 * schema check and the schema's creation.  The server keeps what SQLite
 * keeps in the file's header in the table grid_meta: that the database
 * is grid's, and at which schema version. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pg.h"
#include "roles.h"
#include "schema.h"

#define DEFAULT_BUSY_MS 5000

int pg_is_conninfo(const char *name)
{
	PQconninfoOption *opts, *o;
	size_t n = 0;
	int found = 0;

	if (strncmp(name, "postgresql://", 13) == 0 || strncmp(name, "postgres://", 11) == 0)
		return 1;
	/* A keyword/value string starts with one of libpq's keywords and
	 * '=': "host=… dbname=…", "service=city". */
	while (isspace((unsigned char)*name))
		name++;
	while (name[n] && (isalnum((unsigned char)name[n]) || name[n] == '_'))
		n++;
	if (n == 0 || name[n + strspn(name + n, " \t")] != '=')
		return 0;
	if (!(opts = PQconndefaults()))
		return 0;
	for (o = opts; o->keyword && !found; o++)
		found = strlen(o->keyword) == n && strncmp(o->keyword, name, n) == 0;
	PQconninfoFree(opts);
	return found;
}

/* The server's notices (NOTICE: … on CREATE IF NOT EXISTS) are not for the
 * user: the library never prints. */
static void ignore_notice(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/* How messages name the database: "NAME on HOST" (no password). */
static char *describe(PGconn *pg)
{
	const char *db = PQdb(pg), *host = PQhost(pg);
	size_t n = strlen(db) + strlen(host ? host : "") + 8;
	char *where = malloc(n);

	if (where)
		snprintf(where, n, "%s on %s", db, host && *host ? host : "localhost");
	return where;
}

/* The schema version grid_meta records: 0 for a database without the
 * table (*others: how many tables of other programs it holds). */
static int read_version(struct store *s, int *version, int *others)
{
	char text[32];
	int rc;

	*version = 0;
	*others = 0;
	if ((rc = pg_query_text(s, "SELECT to_regclass('grid_meta') IS NOT NULL", text, sizeof(text))) != SQL_DONE)
		return store_error(s, rc, "reading the schema version");
	if (strcmp(text, "t") != 0) {
		rc = pg_query_text(s, "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema()",
			text, sizeof(text));
		if (rc != SQL_DONE)
			return store_error(s, rc, "reading the schema version");
		*others = atoi(text);
		return GRID_OK;
	}
	rc = pg_query_text(s,
		"SELECT CASE WHEN (SELECT value FROM grid_meta WHERE key = 'application') = 'grid'\n"
		"  THEN (SELECT value FROM grid_meta WHERE key = 'schema_version') ELSE '-1' END",
		text, sizeof(text));
	if (rc != SQL_DONE)
		return store_error(s, rc, "reading the schema version");
	*version = atoi(text);
	return GRID_OK;
}

/* Create the schema on an empty database, or bring an older one up, under
 * the write lock, where a second grid init at the same moment waits and
 * then finds it done. */
static int create_schema(struct store *s, const char *name)
{
	/* The migrations after version 2, in order: steps[i] takes a
	 * database from version i + 2 to i + 3. */
	static const char *const steps[] = { pg_schema_v3, pg_schema_v4 };
	int version, others, rc, upgrade = 0, fresh = 0;
	size_t i;

	if ((rc = store_begin(s)))
		return rc;
	if ((rc = read_version(s, &version, &others)) == GRID_OK && version == 0) {
		if (others > 0)
			rc = grid_error_set(GRID_ENODB, "'%s' is not a grid database: it holds another program's tables",
				name);
		else if ((rc = store_exec(s, pg_schema_v2)) == GRID_OK) {
			version = 2;
			fresh = 1;
		}
	}
	for (i = 0; rc == GRID_OK && i < GRID_ARRAY_SIZE(steps); i++)
		if (version <= (int)i + 2) {
			upgrade = 1;
			rc = store_exec(s, steps[i]);
		}
	/* A database made now has no roles yet; one upgraded may have. */
	if (rc == GRID_OK && upgrade && !fresh)
		rc = pg_roles_renew(s);
	return store_end(s, rc);
}

static int check_schema(struct store *s, const char *name, unsigned flags, int *found)
{
	int version, others, rc;

	if ((rc = read_version(s, &version, &others)))
		return rc;
	*found = version;
	if (version < 0)
		return grid_error_set(GRID_ENODB, "'%s' is not a grid database", name);
	if (version > PG_SCHEMA_VERSION)
		return grid_error_set(GRID_ENODB,
			"database '%s' has schema version %d, newer than this grid knows (%d); use a newer grid", name,
			version, PG_SCHEMA_VERSION);
	if (version == PG_SCHEMA_VERSION)
		return GRID_OK;
	if (version == 0 && !(flags & GRID_OPEN_CREATE))
		return grid_error_set(GRID_ENODB, "'%s' is not a grid database; run 'grid init' to create one", name);
	if (version == 0 && others > 0)
		return grid_error_set(GRID_ENODB, "'%s' is not a grid database: it holds another program's tables", name);
	if (version >= 2 && !(flags & GRID_OPEN_MIGRATE))
		return grid_error_set(GRID_ENODB,
			"database '%s' has schema version %d, older than %d; run 'grid init' to upgrade it", name,
			version, PG_SCHEMA_VERSION);
	if (version == 1)
		return grid_error_set(GRID_ENODB, "database '%s' has schema version %d, which this grid cannot upgrade",
			name, version);
	return create_schema(s, name);
}

static int read_session_user(struct store *s)
{
	char name[256];
	int rc = pg_query_text(s, "SELECT session_user", name, sizeof(name));

	if (rc != SQL_DONE)
		return store_error(s, rc, "reading the session's user");
	return (s->session_user = grid_strdup(name)) ? GRID_OK : GRID_EFAIL;
}

/* NAME as messages show it before a connection says more: "DATABASE on
 * HOST" from the string's own keywords, never its password. */
static void describe_name(const char *conninfo, char *out, size_t size)
{
	PQconninfoOption *opts = PQconninfoParse(conninfo, NULL), *o;
	const char *db = NULL, *host = NULL, *service = NULL;

	for (o = opts; o && o->keyword; o++) {
		if (!o->val || !*o->val)
			continue;
		if (strcmp(o->keyword, "dbname") == 0)
			db = o->val;
		else if (strcmp(o->keyword, "host") == 0)
			host = o->val;
		else if (strcmp(o->keyword, "service") == 0)
			service = o->val;
	}
	if (service && !db)
		snprintf(out, size, "service %s", service);
	else
		snprintf(out, size, "%s on %s", db ? db : "(default)", host ? host : "(default host)");
	PQconninfoFree(opts);
}

int pg_server_facts(struct store *s, struct store_server *out)
{
	char text[64];
	int rc;

	if ((rc = pg_query_text(s, "SHOW server_version", out->version, sizeof(out->version))) != SQL_DONE ||
		(rc = pg_query_text(s, "SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = session_user", text,
			 sizeof(text))) != SQL_DONE)
		return store_error(s, rc, "reading the server's state");
	out->superuser = strcmp(text, "t") == 0;
	rc = pg_query_text(s,
		"SELECT count(*) = 5 FROM pg_catalog.pg_roles WHERE rolname IN\n"
		"  ('grid_admin', 'grid_leader', 'grid_staff', 'grid_viewer', 'grid_system')",
		text, sizeof(text));
	if (rc != SQL_DONE)
		return store_error(s, rc, "reading the server's state");
	out->roles = strcmp(text, "t") == 0;
	return GRID_OK;
}

int pg_store_open(struct store **out, const char *conninfo, unsigned flags, int *schema_found)
{
	struct store *s;
	struct pg_conn *c;
	int rc;

	*out = NULL;
	if (!(s = calloc(1, sizeof(*s))) || !(c = calloc(1, sizeof(*c)))) {
		free(s);
		return grid_error_oom();
	}
	s->drv = &pg_driver;
	s->conn = c;
	c->pg = PQconnectdb(conninfo);
	if (!c->pg || PQstatus(c->pg) != CONNECTION_OK) {
		char name[300];

		describe_name(conninfo, name, sizeof(name));
		pg_error_class(s, NULL);
		rc = grid_error_set(GRID_ENODB, "cannot connect to database '%s': %s", name, s->errmsg);
		goto fail;
	}
	PQsetNoticeProcessor(c->pg, ignore_notice, NULL);
	if (!(s->where = describe(c->pg))) {
		rc = grid_error_oom();
		goto fail;
	}
	if (PQsetClientEncoding(c->pg, "UTF8") != 0) {
		rc = grid_error_set(GRID_ENODB, "cannot use UTF-8 with database '%s'", s->where);
		goto fail;
	}
	pg_driver.busy_timeout(s, DEFAULT_BUSY_MS);
	/* grid's queries are short or read an index: compiling one costs
	 * more than it saves (seconds on a city's measures). */
	if ((rc = store_exec(s, "SET jit = off")))
		goto fail;
	if ((rc = read_session_user(s)))
		goto fail;
	if ((rc = check_schema(s, s->where, flags, schema_found)))
		goto fail;
	if ((flags & GRID_OPEN_READONLY) && (rc = store_exec(s, "SET default_transaction_read_only = on")))
		goto fail;
	*out = s;
	return GRID_OK;
fail:
	store_close(s);
	return rc;
}
