/* The PostgreSQL schema: its text (schema_text.c), for the files of
 * lib/store/pg/ only. */
#ifndef GRID_STORE_PG_SCHEMA_H
#define GRID_STORE_PG_SCHEMA_H

/* The version pg_schema_v2, pg_schema_v3 then pg_schema_v4 make, as grid_meta's
 * schema_version says (SQLite's user_version). */
#define PG_SCHEMA_VERSION 4

/* The whole schema at version 2, made at once on an empty database: one
 * script for PQexec, in one transaction.  A database starts at version 2
 * (SQLite's versions 1 and 2 in one); a later version is a migration. */
extern const char pg_schema_v2[];

/* The migration from version 2 to 3 (where cases and units are), one
 * script run in the transaction that read version 2 under the lock. */
extern const char pg_schema_v3[];

/* The migration from version 3 to 4 (targets and key projects). */
extern const char pg_schema_v4[];

#endif
