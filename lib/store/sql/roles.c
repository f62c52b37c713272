/* The server's own enforcement of the rules (grid init --roles), by
 * engine: PostgreSQL's roles and row-level security
 * (lib/store/pg/roles.c); a SQLite file has no users of its own, its
 * gate is the file's group and mode (grid init --group). */
#include "../pg/roles.h"
#include "../sql.h"

int store_create_roles(struct store *s)
{
	if (store_engine(s) == SQL_PG)
		return pg_create_roles(s);
	return grid_error_set(GRID_EUSAGE,
		"database '%s' is a SQLite file, which has no roles of its own: the operating system's group and the "
		"file's mode are its gate",
		s->where ? s->where : store_path(s));
}
