/* The SQLite schema: one fragment of version 1 per concern, each defined
 * beside that concern's queries, and the migrations that apply them
 * (schema.c).  For the files of lib/store/sqlite/ only. */
#ifndef GRID_STORE_SQLITE_SCHEMA_H
#define GRID_STORE_SQLITE_SCHEMA_H

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

/* The roster's secondary indexes, which an import into an empty roster
 * builds after the rows rather than row by row (the same text:
 * sqlite_schema keeps it). */
#define ROSTER_BULK_INDEXES \
	"CREATE INDEX unit_parent ON unit(parent_id);\n" \
	"CREATE INDEX unit_lft ON unit(lft);\n" \
	"CREATE INDEX unit_depth ON unit(depth);\n" \
	"CREATE INDEX assignment_person ON assignment(person_id);\n"

/* The settings a roster file owns, and no others: its import, --prune
 * and export touch only these. */
#define ROSTER_SETTINGS \
	"('timezone','ranking.level','ranking.weight.closure','ranking.weight.on_time','ranking.weight.visits'," \
	"'ranking.weight.diary')"

/* Apply every migration newer than the file's user_version, each in its
 * own write transaction. */
int store_migrate(struct store *s, int from);

#endif
