/* Storage interface of the roster (lib/store/sql/roster.c; the import in
 * roster_import.c and roster_direct.c there). */
#ifndef GRID_STORE_ROSTER_H
#define GRID_STORE_ROSTER_H

#include "grid/roster.h"
#include "store.h"

int store_unit_list(struct store *s, const grid_unit_filter *f, grid_unit_cb cb, void *ctx);
int store_unit_counts(struct store *s, const char *code, int64_t *children, int64_t *assignments);
int store_person_list(struct store *s, const grid_person_filter *f, grid_person_cb cb, void *ctx);
int store_person_duties(struct store *s, const char *id, grid_duty_cb cb, void *ctx);
int store_who(struct store *s, const char *code, grid_duty_cb cb, void *ctx);

/* ---- import: staging tables, set-based checks, merge ------------------ */

/* Rows read from a roster file, with the file positions (1-based) of the
 * record and of the fields that may be reported. Strings are used as they
 * are (not copied): they need to live only during the call. */
struct stage_category {
	const char *code, *name, *dept;
	int64_t hours;
	int line, col, dline, dcol;
};

struct stage_unit {
	int64_t seq;        /* > 0, the order the unit was met in */
	int64_t parent_seq; /* the enclosing unit's seq when nested, else 0 */
	const char *code, *name, *level, *parent;
	int64_t households, population; /* -1: not given */
	int line, col, lline, lcol, pline, pcol;
	int has_position;   /* lat and lon given (schema 3) */
	double lat, lon;
	const char *address; /* NULL: not given */
};

struct stage_person {
	const char *pid, *name, *login, *phone, *dept;
	unsigned roles;
	int line, col, lline, lcol, dline, dcol;
};

struct stage_assignment {
	const char *unit, *person, *duty;
	int line, col, uline, ucol, pline, pcol;
};

/* Create (once per connection) and empty the staging tables. */
int store_stage_open(struct store *s);
/* Empty them again (after the transaction ended). */
void store_stage_close(struct store *s);

/* Each returns GRID_OK, 1 when the key is already staged (*first_line gets
 * the line of the first one), or an error. */
int store_stage_level(struct store *s, int depth, const char *name, int line, int col);
int store_stage_department(struct store *s, const char *code, const char *name, int line, int col, int *first_line);
int store_stage_category(struct store *s, const struct stage_category *c, int *first_line);
int store_stage_unit(struct store *s, const struct stage_unit *u, int *first_line);
int store_stage_person(struct store *s, const struct stage_person *p, int *first_line);
/* Assignments are not checked for duplicates here: see store_stage_merge. */
int store_stage_assignment(struct store *s, const struct stage_assignment *a);
int store_stage_setting(struct store *s, const char *key, const char *value, int line, int col);
/* Without a levels section the database's levels apply. */
int store_stage_levels_from_db(struct store *s);

/* A problem at LINE:COL (0:0 when it has no place in the file). */
typedef void (*store_problem_cb)(void *ctx, int line, int col, const char *msg);

/* Which references may be satisfied by rows already in the database (not
 * when --prune removes that section's rows). */
enum { STORE_REF_DEPT = 1, STORE_REF_UNIT = 2, STORE_REF_PERSON = 4 };

/* Check references, levels and uniqueness across the staged rows; calls
 * PROBLEM for each (at most MAX) and sets *count.  Without ALL the
 * references of assignments are left to store_stage_merge. */
int store_stage_check(struct store *s, unsigned dbrefs, int all, int max, store_problem_cb problem, void *ctx,
	int *count);
/* The references and duplicates of assignments alone. */
int store_stage_check_assignments(struct store *s, unsigned dbrefs, int max, store_problem_cb problem, void *ctx,
	int *count);

/* Merge the staged sections (bit 1 << GRID_SECTION_* in PRESENT) into the
 * roster inside the caller's transaction, filling the counts.  With PRUNE,
 * rows of present sections not staged are removed, except person ACTOR
 * (*actor_kept set when it would have been).  Returns 1 when an assignment
 * names an unknown unit or person or is given twice (then
 * store_stage_check_assignments says where). */
int store_stage_merge(struct store *s, unsigned present, int prune, const char *actor, grid_import_result *res,
	int *actor_kept);

/* Rows as text columns (NULL where there is no value); a non-zero return
 * stops. */
typedef int (*store_row_cb)(void *ctx, const char *const *cols, int ncols);

/* An empty roster (no departments, categories, units, people or
 * assignments; with PEOPLE, people may be there): the import may write
 * those straight into it (store_direct_*). */
int store_roster_empty(struct store *s, int people, int *empty);
/* Does an import into an empty roster write straight into it?  SQLite's
 * row at a time costs less than staging it; PostgreSQL's would be a round
 * trip a row, so there every row is staged, by COPY. */
int store_roster_direct(struct store *s);
/* Writing straight into the roster, in phases around the caller's
 * transaction: BEGIN before it and END after it turn the backend's
 * reference checks off and on again (the loader checks every reference
 * itself, and store_stage_merge what rows it did not write); WRITE, in it
 * before the rows, sets aside the indexes the writes do not read, and
 * INDEX, at its end, builds them again. */
enum { STORE_BULK_BEGIN, STORE_BULK_WRITE, STORE_BULK_INDEX, STORE_BULK_END };
int store_roster_bulk(struct store *s, int phase);
/* The database's level names, top first, one row each. */
int store_db_levels(struct store *s, store_row_cb cb, void *ctx);
/* Merge the staged departments now, before people refer to them. */
int store_stage_merge_departments(struct store *s, grid_import_counts *c);
/* Direct writes into an empty roster, in the caller's transaction: each
 * returns GRID_OK, 1 when the row is refused (a key given twice, a login
 * taken, an unknown unit or person) or not found, or an error. */
int store_direct_unit_find(struct store *s, const char *code, int64_t *id, int *depth);
int store_direct_department_find(struct store *s, const char *code, int64_t *id);
int store_direct_unit(struct store *s, const struct stage_unit *u, int depth, int64_t parent_id, int64_t *id);
int store_direct_person(struct store *s, const struct stage_person *p, int64_t dept_id);
/* UNIT_ID from store_direct_unit_find; A's unit is not read. */
int store_direct_assignment(struct store *s, int64_t unit_id, const struct stage_assignment *a);

/* Renumber the nested-set bounds of every unit, children by code. */
int store_unit_renumber(struct store *s);

/* ---- export ------------------------------------------------------------ */

enum store_export_query {
	STORE_EXPORT_LEVELS,      /* name */
	STORE_EXPORT_CATEGORIES,  /* code name deadline_hours department */
	STORE_EXPORT_DEPARTMENTS, /* code name */
	STORE_EXPORT_UNITS,       /* code name level households population depth lat long address, tree order */
	STORE_EXPORT_PEOPLE,      /* id name login phone roles department */
	STORE_EXPORT_ASSIGNMENTS, /* unit person duty */
	STORE_EXPORT_SETTINGS,    /* key value */
};

int store_export_rows(struct store *s, enum store_export_query q, store_row_cb cb, void *ctx);

#endif
