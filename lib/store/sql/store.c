/* The store's life over any engine: which engine a database name
 * selects, closing, and the write transaction. */
#include <stdlib.h>
#include <string.h>

#include "../sql.h"
#include "../pg/pg.h"
#include "../sqlite/sqlite.h"

int store_is_server(const char *name)
{
	return strncmp(name, "sqlite:", 7) != 0 && pg_is_conninfo(name);
}

int store_engine_is_server(struct store *s)
{
	return store_engine(s) == SQL_PG;
}

int store_server_facts(struct store *s, struct store_server *out)
{
	memset(out, 0, sizeof(*out));
	if (store_engine(s) != SQL_PG)
		return grid_error_set(GRID_EUSAGE, "'%s' is a database file, not a server's database", s->where);
	return pg_server_facts(s, out);
}

int store_open(struct store **out, const char *path, unsigned flags, int *schema_found)
{
	/* "sqlite:FILE" names a file whatever it looks like. */
	if (strncmp(path, "sqlite:", 7) == 0)
		return sqlite_store_open(out, path + 7, flags, schema_found);
	if (pg_is_conninfo(path))
		return pg_store_open(out, path, flags, schema_found);
	return sqlite_store_open(out, path, flags, schema_found);
}

void store_close(struct store *s)
{
	if (!s)
		return;
	if (s->conn)
		store_release(s);
	free(s->where);
	free(s->session_user);
	free(s);
}

const char *store_path(struct store *s)
{
	return s->where ? s->where : "";
}

const char *store_session_user(struct store *s)
{
	return s->session_user;
}

void store_set_busy_timeout(struct store *s, int ms)
{
	s->drv->busy_timeout(s, ms);
}

int store_retryable(struct store *s)
{
	return s->retryable;
}

int store_begin(struct store *s)
{
	int rc;

	s->retryable = 0;
	rc = s->drv->begin(s);
	if (rc != SQL_DONE)
		return store_error(s, rc, "starting a write");
	s->in_tx = 1;
	return GRID_OK;
}

int store_end(struct store *s, int rc)
{
	int src;

	if (!s->in_tx)
		return rc;
	if (rc == GRID_OK && !(rc = store_chain_sync(s)))
		rc = store_flush(s);
	s->in_tx = 0;
	s->chain.valid = 0;
	s->copy_pending = 0;
	if (rc == GRID_OK) {
		src = s->drv->commit(s);
		if (src == SQL_DONE)
			return GRID_OK;
		rc = store_error(s, src, "committing");
	}
	s->drv->rollback(s);
	return rc;
}
