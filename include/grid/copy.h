/* libgrid: a whole database copied into another, on either engine
 * (grid-db(1)): the roster, every case with its history, visits,
 * diaries, targets with their figures and key projects with theirs. */
#ifndef GRID_COPY_H
#define GRID_COPY_H

#include <stdint.h>

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The tables a copy writes, in the order it writes them. */
enum grid_copy_table {
	GRID_COPY_LEVELS,
	GRID_COPY_DEPARTMENTS,
	GRID_COPY_CATEGORIES,
	GRID_COPY_UNITS,
	GRID_COPY_PEOPLE,
	GRID_COPY_ASSIGNMENTS,
	GRID_COPY_SETTINGS,
	GRID_COPY_ISSUES,
	GRID_COPY_EVENTS,
	GRID_COPY_VISITS,
	GRID_COPY_DIARIES,
	GRID_COPY_INDICATORS,
	GRID_COPY_TARGETS,
	GRID_COPY_FIGURES,        /* the figures recorded against targets */
	GRID_COPY_PROJECTS,
	GRID_COPY_PROJECT_EVENTS, /* a project's changes and milestones */
	GRID_COPY_TABLE_COUNT
};

/* The name of table T as grid-db(1) prints it ("units"), or NULL. */
GRID_API const char *grid_copy_table_name(int t);

typedef struct grid_copy_counts {
	int64_t copied;  /* rows written into DEST */
	int64_t present; /* rows DEST held already, the same in what they mean */
} grid_copy_counts;

typedef struct grid_copy_result {
	grid_copy_counts tables[GRID_COPY_TABLE_COUNT];
	/* 1: DEST held no units, so every row kept its id and every event its
	 * seq and hash, and DEST's head is SOURCE's; 0: the new rows got ids
	 * of DEST's and the events were chained again there. */
	int same_ids;
} grid_copy_result;

/* Copy the database SOURCE into DEST (each a name as grid_db_open() takes
 * it: a SQLite file or a PostgreSQL connection string), in one
 * transaction of DEST: all of it or nothing.  SOURCE is opened read-only
 * and its history verified first (GRID_EINPUT, naming the first problem,
 * when a chain or the head does not verify); DEST is created when missing.
 * Rows DEST holds already under the same code must mean the same
 * (GRID_ECONFLICT naming the first that does not, or a case whose ref
 * DEST holds); the two the same database is GRID_EUSAGE, SOURCE missing
 * GRID_ENODB.  RES counts the rows per table. */
GRID_API int grid_db_copy(const char *source, const char *dest, grid_copy_result *res);

/* Flags of grid_db_backup and grid_db_restore. */
enum grid_backup_flags {
	GRID_BACKUP_FORCE = 1 << 0, /* replace the backup file, or the data of DEST, that is there */
};

/* Back up the database SOURCE (a name as grid_db_open() takes it) into
 * the new SQLite file FILE, mode 0600, while writers go on: one snapshot,
 * the transactions committed before it whole and none after.  A file is
 * copied page by page (VACUUM INTO), a server's database as grid_db_copy
 * would.  FILE appears whole, by rename, or not at all; an existing FILE
 * is GRID_ECONFLICT unless FORCE; FILE being SOURCE is GRID_EUSAGE. */
GRID_API int grid_db_backup(const char *source, const char *file, unsigned flags);

/* Restore the backup FILE (a grid database file) into DEST: its history
 * verified first (GRID_EINPUT naming the first problem), then DEST made
 * the backup's.  A DEST that holds units or cases is GRID_ECONFLICT unless
 * FORCE, which on a file replaces every page under the write lock (other
 * connections see the old database or the new); a server's database must
 * hold none.  A missing DEST file is created. */
GRID_API int grid_db_restore(const char *file, const char *dest, unsigned flags);

#ifdef __cplusplus
}
#endif
#endif
