/* The SQLite schema: one fragment of version 1 per concern (their text is
 * schema_text.c) and the migrations that apply them (schema.c).  For the
 * files of lib/store/sqlite/ only. */
#ifndef GRID_STORE_SQLITE_SCHEMA_H
#define GRID_STORE_SQLITE_SCHEMA_H

#include "../sql/roster_sql.h"
#include "sqlite.h"

/* The fragments of version 1, concatenated in this order by the migration. */
extern const char store_schema_core_v1[];
extern const char store_schema_roster_v1[];
extern const char store_schema_issue_v1[];
extern const char store_schema_visit_v1[];
extern const char store_schema_diary_v1[];
extern const char store_schema_stats_v1[];

/* Version 2: who recorded each event and the history's hash chain
 * (history.c). */
extern const char store_schema_history_v2[];

/* Version 3: where cases and units are (the Open311 documents). */
extern const char store_schema_location_v3[];

/* Version 4: the year's work, targets and key projects. */
extern const char store_schema_year_v4[];

/* Apply every migration newer than the file's user_version, each in its
 * own write transaction. */
int store_migrate(struct store *s, int from);

#endif
