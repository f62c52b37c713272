#include <errno.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <libpq-fe.h>
#include <sqlite3.h>

#include "testutil.h"

static char dir[256];
static char path[512];
static char pg_base[400]; /* the server and database of path, without the user */
static char pg_name[64];  /* the database of path */

void tu_set_tz(const char *tz)
{
	setenv("TZ", tz, 1);
	tzset();
}

static void make_dir(void)
{
	if (dir[0])
		return;
	snprintf(dir, sizeof(dir), "/tmp/grid-unit-XXXXXX");
	if (!mkdtemp(dir))
		abort();
}

int tu_engine_pg(void)
{
	const char *e = getenv("GRID_TEST_ENGINE");

	return e && strcmp(e, "pg") == 0;
}

/* ---- the PostgreSQL server ------------------------------------------------- */

static char server_dir[300]; /* a server of the test's own, or "" */
static char pg_names[256][64]; /* the databases made and not yet dropped */
static int pg_count;

static void pg_bail(const char *what, const char *detail)
{
	fprintf(stderr, "testutil: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
	exit(1);
}

/* The server's notices (NOTICE: … does not exist, skipping) are not the
 * test's output. */
static void no_notice(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/* Run SQL on the server's maintenance database; 0 when it ran. */
static int pg_admin(const char *sql, char *err, size_t size)
{
	char ci[400];
	PGconn *c;
	PGresult *r;
	int ok;

	snprintf(ci, sizeof(ci), "host=%s dbname=postgres", getenv("PGHOST"));
	c = PQconnectdb(ci);
	if (PQstatus(c) != CONNECTION_OK) {
		if (err)
			snprintf(err, size, "%s", PQerrorMessage(c));
		PQfinish(c);
		return -1;
	}
	PQsetNoticeProcessor(c, no_notice, NULL);
	r = PQexec(c, sql);
	ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
	if (!ok && err)
		snprintf(err, size, "%s", PQresultErrorMessage(r));
	PQclear(r);
	PQfinish(c);
	return ok ? 0 : -1;
}

static void pg_drop(const char *name)
{
	char sql[160];

	snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS \"%.63s\" WITH (FORCE)", name);
	pg_admin(sql, NULL, 0);
}

static void pg_at_exit(void)
{
	char cmd[800];

	for (int i = 0; i < pg_count; i++)
		if (pg_names[i][0])
			pg_drop(pg_names[i]);
	if (server_dir[0]) {
		snprintf(cmd, sizeof(cmd), "sh '%s/tests/pg/server.sh' stop '%s' >/dev/null 2>&1; rm -rf '%s'",
			TEST_SOURCE_ROOT, server_dir, server_dir);
		if (system(cmd) != 0)
			fprintf(stderr, "testutil: stopping the server in %s failed\n", server_dir);
	}
}

/* Drop the databases that tests killed before their end left on a shared
 * server (grid_u_PID_N of a process that is gone); those of tests still
 * running stay. */
static void pg_drop_stale(void)
{
	char ci[400];
	PGconn *c;
	PGresult *r;

	snprintf(ci, sizeof(ci), "host=%s dbname=postgres", getenv("PGHOST"));
	c = PQconnectdb(ci);
	if (PQstatus(c) != CONNECTION_OK) {
		PQfinish(c);
		return;
	}
	r = PQexec(c, "SELECT datname FROM pg_database WHERE datname ~ '^grid_u_[0-9]+_[0-9]+$'");
	for (int i = 0; PQresultStatus(r) == PGRES_TUPLES_OK && i < PQntuples(r); i++) {
		const char *name = PQgetvalue(r, i, 0);
		long pid = strtol(name + 7, NULL, 10);

		if (pid > 0 && kill((pid_t)pid, 0) != 0 && errno == ESRCH)
			pg_drop(name);
	}
	PQclear(r);
	PQfinish(c);
}

/* Make the role LOGIN, a superuser of the throwaway server, unless it is
 * there; tests running at once may make it at the same moment. */
static void pg_role(const char *login)
{
	char sql[300], err[512];

	snprintf(sql, sizeof(sql),
		"DO $$BEGIN CREATE ROLE \"%s\" SUPERUSER LOGIN;"
		" EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END$$",
		login);
	if (pg_admin(sql, err, sizeof(err)))
		fail_msg("%s: %s", sql, err);
}

/* The server PGHOST names, or one of the test's own (a bare meson test);
 * connected to as the role named after the OS login, which the server
 * makes a superuser (tests/pg/server.sh), so that the server's
 * session_user is the OS login.  No server is a failure, not a skip. */
static void pg_setup(void)
{
	static int done;
	struct passwd *pw = getpwuid(geteuid());
	char cmd[800], host[400];
	FILE *p;

	if (done)
		return;
	done = 1;
	atexit(pg_at_exit);
	if (!pw)
		pg_bail("no name for this user", NULL);
	setenv("PGUSER", pw->pw_name, 1);
	unsetenv("PGDATABASE");
	unsetenv("PGSERVICE");
	if (getenv("PGHOST") && *getenv("PGHOST")) {
		pg_drop_stale();
		return;
	}
	make_dir();
	/* Under root the server runs as 'postgres': it must reach its folder. */
	if (geteuid() == 0)
		chmod(dir, 0711);
	snprintf(server_dir, sizeof(server_dir), "%s/pg", dir);
	snprintf(cmd, sizeof(cmd), "sh '%s/tests/pg/server.sh' start '%s'", TEST_SOURCE_ROOT, server_dir);
	if (!(p = popen(cmd, "r")))
		pg_bail("cannot run tests/pg/server.sh", NULL);
	host[0] = '\0';
	if (!fgets(host, sizeof(host), p))
		host[0] = '\0';
	if (pclose(p) != 0 || !host[0])
		pg_bail("no PostgreSQL server: tests/pg/server.sh start failed", NULL);
	host[strcspn(host, "\n")] = '\0';
	setenv("PGHOST", host, 1);
}

/* ---- databases --------------------------------------------------------------- */

static sqlite3 *raw_lite;
static PGconn *raw_pg;
static char raw_err[1024];

static void raw_close(void)
{
	if (raw_lite)
		sqlite3_close(raw_lite);
	raw_lite = NULL;
	if (raw_pg)
		PQfinish(raw_pg);
	raw_pg = NULL;
}

grid_db *tu_db_new(void)
{
	static int n;
	grid_db *db = NULL;
	int created = 0;

	raw_close();
	if (tu_engine_pg()) {
		char sql[200], err[512], *name;

		pg_setup();
		if (pg_count == (int)(sizeof(pg_names) / sizeof(pg_names[0])))
			fail_msg("more than %d databases in one test", pg_count);
		name = pg_names[pg_count++];
		snprintf(name, sizeof(pg_names[0]), "grid_u_%ld_%d", (long)getpid(), n++);
		pg_drop(name);
		snprintf(sql, sizeof(sql), "CREATE DATABASE \"%s\"", name);
		if (pg_admin(sql, err, sizeof(err)))
			fail_msg("%s: %s", sql, err);
		/* On a server grid's login is the session user: the tests' login
		 * "tester" is a role. */
		pg_role("tester");
		snprintf(pg_name, sizeof(pg_name), "%s", name);
		snprintf(pg_base, sizeof(pg_base), "host=%s dbname=%s", getenv("PGHOST"), name);
		snprintf(path, sizeof(path), "%s user=tester", pg_base);
	} else {
		make_dir();
		snprintf(path, sizeof(path), "%s/t%d.db", dir, n++);
	}
	if (grid_db_open(&db, path, GRID_OPEN_CREATE | GRID_OPEN_MIGRATE) != GRID_OK)
		fail_msg("opening %s: %s", path, grid_errmsg());
	assert_int_equal(grid_db_ensure_admin(db, "tester", &created), GRID_OK);
	assert_int_equal(grid_db_set_actor(db, "tester"), GRID_OK);
	return db;
}

void tu_db_close(grid_db *db)
{
	char side[600];

	raw_close();
	grid_db_close(db);
	if (tu_engine_pg()) {
		for (int i = 0; i < pg_count; i++)
			if (strcmp(pg_names[i], pg_name) == 0) {
				pg_drop(pg_names[i]);
				pg_names[i][0] = '\0';
			}
		return;
	}
	unlink(path);
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
}

const char *tu_db_path(void)
{
	return path;
}

const char *tu_write_file(const char *name, const char *text)
{
	static char file[400];
	FILE *f;

	make_dir();
	snprintf(file, sizeof(file), "%s/%s", dir, name);
	f = fopen(file, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return file;
}

/* ---- raw SQL ------------------------------------------------------------------- */

static void raw_open(void)
{
	if (raw_lite || raw_pg)
		return;
	if (tu_engine_pg()) {
		raw_pg = PQconnectdb(path);
		if (PQstatus(raw_pg) != CONNECTION_OK)
			fail_msg("connecting to %s: %s", path, PQerrorMessage(raw_pg));
		PQsetNoticeProcessor(raw_pg, no_notice, NULL);
	} else {
		assert_int_equal(sqlite3_open(path, &raw_lite), SQLITE_OK);
		sqlite3_busy_timeout(raw_lite, 2000);
	}
}

/* Move every id sequence past the highest id its column holds, so that
 * rows the tests wrote with their ids do not collide with grid's next. */
static const char pg_sync_sequences[] =
	"DO $tu$\n"
	"DECLARE r record; top bigint; last bigint; called boolean;\n"
	"BEGIN\n"
	"  FOR r IN SELECT c.oid::regclass::text AS tbl, a.attname AS col,\n"
	"      pg_get_serial_sequence(c.oid::regclass::text, a.attname) AS seq\n"
	"    FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid\n"
	"    WHERE c.relkind = 'r' AND c.relnamespace = current_schema()::regnamespace\n"
	"      AND a.attnum > 0 AND NOT a.attisdropped\n"
	"      AND pg_get_serial_sequence(c.oid::regclass::text, a.attname) IS NOT NULL\n"
	"  LOOP\n"
	"    EXECUTE format('SELECT max(%I) FROM %s', r.col, r.tbl) INTO top;\n"
	"    CONTINUE WHEN top IS NULL;\n"
	"    EXECUTE format('SELECT last_value, is_called FROM %s', r.seq) INTO last, called;\n"
	"    IF (called AND last < top) OR (NOT called AND last <= top) THEN\n"
	"      PERFORM setval(r.seq, top, true);\n"
	"    END IF;\n"
	"  END LOOP;\n"
	"END $tu$";

static int pg_run(const char *sql, PGresult **out)
{
	PGresult *r = PQexec(raw_pg, sql);
	ExecStatusType st = PQresultStatus(r);

	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		snprintf(raw_err, sizeof(raw_err), "%s", PQresultErrorMessage(r));
		raw_err[strcspn(raw_err, "\n")] = '\0';
		PQclear(r);
		return -1;
	}
	if (out)
		*out = r;
	else
		PQclear(r);
	return 0;
}

int tu_sql_try(const char *sql)
{
	char *err = NULL;

	raw_open();
	raw_err[0] = '\0';
	if (raw_pg)
		return pg_run(sql, NULL) || pg_run(pg_sync_sequences, NULL) ? -1 : 0;
	if (sqlite3_exec(raw_lite, sql, NULL, NULL, &err) != SQLITE_OK) {
		snprintf(raw_err, sizeof(raw_err), "%s", err ? err : "?");
		sqlite3_free(err);
		return -1;
	}
	return 0;
}

const char *tu_sql_error(void)
{
	return raw_err;
}

void tu_sql(const char *sql)
{
	if (tu_sql_try(sql))
		fail_msg("%s: %s", sql, raw_err);
}

const char *tu_sql_text(const char *sql)
{
	static char buf[1024];

	raw_open();
	buf[0] = '\0';
	if (raw_pg) {
		PGresult *r = NULL;

		if (pg_run(sql, &r))
			fail_msg("%s: %s", sql, raw_err);
		if (PQntuples(r) > 0 && PQnfields(r) > 0 && !PQgetisnull(r, 0, 0))
			snprintf(buf, sizeof(buf), "%s", PQgetvalue(r, 0, 0));
		PQclear(r);
	} else {
		sqlite3_stmt *st = NULL;
		int rc;

		if (sqlite3_prepare_v2(raw_lite, sql, -1, &st, NULL) != SQLITE_OK)
			fail_msg("%s: %s", sql, sqlite3_errmsg(raw_lite));
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW && sqlite3_column_text(st, 0))
			snprintf(buf, sizeof(buf), "%s", (const char *)sqlite3_column_text(st, 0));
		else if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			fail_msg("%s: %s", sql, sqlite3_errmsg(raw_lite));
		sqlite3_finalize(st);
	}
	return buf;
}

const char *tu_sql_list(const char *sql, const char *sep)
{
	static char buf[8192];
	size_t used = 0;

#define TU_ADD(text)                                                                          \
	do {                                                                                   \
		if (used)                                                                      \
			used += (size_t)snprintf(buf + used, sizeof(buf) - used, "%s", sep);   \
		if (used < sizeof(buf))                                                        \
			used += (size_t)snprintf(buf + used, sizeof(buf) - used, "%s", (text)); \
		if (used >= sizeof(buf))                                                       \
			fail_msg("%s: more than %zu bytes", sql, sizeof(buf));                \
	} while (0)

	raw_open();
	buf[0] = '\0';
	if (raw_pg) {
		PGresult *r = NULL;

		if (pg_run(sql, &r))
			fail_msg("%s: %s", sql, raw_err);
		for (int i = 0; i < PQntuples(r); i++)
			TU_ADD(PQgetisnull(r, i, 0) ? "" : PQgetvalue(r, i, 0));
		PQclear(r);
	} else {
		sqlite3_stmt *st = NULL;
		int rc;

		if (sqlite3_prepare_v2(raw_lite, sql, -1, &st, NULL) != SQLITE_OK)
			fail_msg("%s: %s", sql, sqlite3_errmsg(raw_lite));
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			const char *t = (const char *)sqlite3_column_text(st, 0);

			TU_ADD(t ? t : "");
		}
		if (rc != SQLITE_DONE)
			fail_msg("%s: %s", sql, sqlite3_errmsg(raw_lite));
		sqlite3_finalize(st);
	}
#undef TU_ADD
	return buf;
}

long long tu_sql_int(const char *sql)
{
	return strtoll(tu_sql_text(sql), NULL, 10);
}

const char *tu_drop_trigger(const char *name, const char *table)
{
	static char sql[200];

	/* PostgreSQL's history has one trigger for both, event_append_only. */
	if (tu_engine_pg() && (strcmp(name, "event_no_update") == 0 || strcmp(name, "event_no_delete") == 0))
		snprintf(sql, sizeof(sql), "DROP TRIGGER event_append_only ON %s;", table);
	else if (tu_engine_pg())
		snprintf(sql, sizeof(sql), "DROP TRIGGER %s ON %s;", name, table);
	else
		snprintf(sql, sizeof(sql), "DROP TRIGGER %s;", name);
	return sql;
}

void tu_set_schema_version(const char *db_path, int version)
{
	char sql[120];

	if (tu_engine_pg()) {
		PGconn *c = PQconnectdb(db_path);
		PGresult *r;

		if (PQstatus(c) != CONNECTION_OK)
			fail_msg("connecting to %s: %s", db_path, PQerrorMessage(c));
		snprintf(sql, sizeof(sql), "UPDATE grid_meta SET value = '%d' WHERE key = 'schema_version'", version);
		r = PQexec(c, sql);
		if (PQresultStatus(r) != PGRES_COMMAND_OK)
			fail_msg("%s: %s", sql, PQresultErrorMessage(r));
		PQclear(r);
		PQfinish(c);
	} else {
		sqlite3 *s;

		assert_int_equal(sqlite3_open(db_path, &s), SQLITE_OK);
		snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", version);
		assert_int_equal(sqlite3_exec(s, sql, NULL, NULL, NULL), SQLITE_OK);
		sqlite3_close(s);
	}
}

void tu_login(grid_db **db, const char *login)
{
	char ci[600];
	int64_t now;

	if (!tu_engine_pg() || !login) {
		assert_int_equal(grid_db_set_login(*db, login), GRID_OK);
		return;
	}
	/* Another login on a server is another role: a superuser of the
	 * throwaway server, so that grants are not the point. */
	pg_role(login);
	now = grid_db_now(*db);
	grid_db_close(*db);
	*db = NULL;
	snprintf(ci, sizeof(ci), "%s user=%s", pg_base, login);
	assert_int_equal(grid_db_open(db, ci, 0), GRID_OK);
	grid_db_set_now(*db, now);
	assert_int_equal(grid_db_set_login(*db, login), GRID_OK);
}

grid_db *tu_db_seeded(const char *seed_sql)
{
	grid_db *db;

	tu_set_tz("Asia/Shanghai");
	db = tu_db_new();
	tu_sql(seed_sql);
	return db;
}

void tu_db_seeded_close(grid_db *db)
{
	tu_db_close(db);
}

int64_t tu_time(const char *text)
{
	int64_t t = 0;

	assert_int_equal(grid_time_parse(&t, text), GRID_OK);
	return t;
}
