/* The PostgreSQL schema: its text (schema_text.c), for the files of
 * lib/store/pg/ only. */
#ifndef GRID_STORE_PG_SCHEMA_H
#define GRID_STORE_PG_SCHEMA_H

/* The version pg_schema_v2 creates, as grid_meta's schema_version says
 * (SQLite's user_version). */
#define PG_SCHEMA_VERSION 2

/* The whole schema at version 2, made at once on an empty database: one
 * script for PQexec, in one transaction.  A database starts at version 2
 * (SQLite's versions 1 and 2 in one); a later version is a migration. */
extern const char pg_schema_v2[];

#endif
