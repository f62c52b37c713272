#ifndef GRID_STORE_PG_SCHEMA_H
#define GRID_STORE_PG_SCHEMA_H
extern const char pg_schema_v2[];
#define PG_SCHEMA_VERSION 2
#endif
