/* libgrid: the roster — levels, departments, categories, units, people,
 * assignments — and who answers for a unit. */
#ifndef GRID_ROSTER_H
#define GRID_ROSTER_H

#include <stdint.h>
#include <stdio.h>

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A unit as listed; strings live until the callback returns. */
typedef struct grid_unit {
	const char *code;
	const char *name;
	const char *level;   /* level name */
	const char *parent;  /* parent code, NULL at the top */
	int depth;           /* 0 at the top level */
	int64_t households;  /* -1 when not given */
	int64_t population;  /* -1 when not given */
	int has_position;    /* lat and lon given (grid-yaml(5)) */
	double lat, lon;     /* WGS 84 degrees */
	const char *address; /* NULL when not given */
} grid_unit;

typedef struct grid_unit_filter {
	unsigned version;    /* GRID_UNIT_FILTER_VERSION */
	const char *level;   /* only units of this level, or NULL */
	const char *under;   /* only this unit and its descendants, or NULL */
} grid_unit_filter;

#define GRID_UNIT_FILTER_VERSION 1
#define GRID_UNIT_FILTER_INIT { GRID_UNIT_FILTER_VERSION, NULL, NULL }

/* Called once per row; a non-zero return stops the listing and is
 * returned by the listing function. */
typedef int (*grid_unit_cb)(void *ctx, const grid_unit *unit);

/* List units in tree order (each parent before its children).  An unknown
 * --under unit or level is GRID_ENOTFOUND. */
GRID_API int grid_unit_list(grid_db *db, const grid_unit_filter *filter, grid_unit_cb cb, void *ctx);


/* ---- import and export (grid-yaml(5)) ---------------------------------- */

/* The sections of a roster file, in their canonical order. */
enum grid_section {
	GRID_SECTION_LEVELS,
	GRID_SECTION_CATEGORIES,
	GRID_SECTION_DEPARTMENTS,
	GRID_SECTION_UNITS,
	GRID_SECTION_PEOPLE,
	GRID_SECTION_ASSIGNMENTS,
	GRID_SECTION_SETTINGS,
	GRID_SECTION_TARGETS,     /* the year's targets (grid-target(1)) */
	GRID_SECTION_COUNT
};

/* The section's key in the file ("units"), or NULL. */
GRID_API const char *grid_section_name(int section);

typedef struct grid_import_counts {
	int present;          /* the section is in the file, or --prune removed rows of it (assignments
			       * that went with the people or units removed) */
	int64_t added, updated, unchanged, removed;
} grid_import_counts;

typedef struct grid_import_result {
	grid_import_counts sections[GRID_SECTION_COUNT];
} grid_import_result;

/* Called for each problem found (CODE GRID_EINPUT: "FILE:LINE:COLUMN: what")
 * and for notices (CODE GRID_OK, e.g. the acting person was kept). */
typedef void (*grid_report_cb)(void *ctx, int code, const char *message);

/* Called now and then while reading: DONE of TOTAL bytes (TOTAL 0 when
 * unknown, e.g. a pipe). */
typedef void (*grid_progress_cb)(void *ctx, uint64_t done, uint64_t total);

typedef struct grid_import_opts {
	unsigned version;          /* GRID_IMPORT_OPTS_VERSION */
	int dry_run;               /* validate and count, then roll back */
	int prune;                 /* remove rows of the present sections the file does not name */
	grid_report_cb report;     /* may be NULL */
	grid_progress_cb progress; /* may be NULL */
	void *ctx;
} grid_import_opts;

#define GRID_IMPORT_OPTS_VERSION 1
#define GRID_IMPORT_OPTS_INIT { GRID_IMPORT_OPTS_VERSION, 0, 0, NULL, NULL, NULL }

/* At most this many problems are reported before import gives up. */
#define GRID_IMPORT_MAX_ERRORS 20

/* Import the roster file PATH ("-" for standard input) in one transaction.
 * Admin only (GRID_EPERM, checked before the file is read).  Bad data is
 * GRID_EINPUT with every problem (up to GRID_IMPORT_MAX_ERRORS) reported
 * through opts->report; removing a unit or category that has issues is
 * GRID_ECONFLICT.  On any error the database is left as it was. */
GRID_API int grid_roster_import(grid_db *db, const char *path, const grid_import_opts *opts,
	grid_import_result *out);

enum grid_export_format { GRID_EXPORT_YAML, GRID_EXPORT_JSON };

/* Write the whole roster to OUT in canonical order, in the import format
 * (YAML) or as the same structure in JSON.  Importing it changes nothing. */
GRID_API int grid_roster_export(grid_db *db, enum grid_export_format format, FILE *out);

/* ---- listings ---------------------------------------------------------- */

/* The number of direct children and of assignments of unit CODE
 * (GRID_ENOTFOUND for an unknown unit). */
GRID_API int grid_unit_counts(grid_db *db, const char *code, int64_t *children, int64_t *assignments);

/* A person as listed; strings live until the callback returns. */
typedef struct grid_person {
	const char *id;
	const char *name;
	const char *login;       /* NULL when none */
	const char *phone;       /* NULL when none */
	unsigned roles;          /* GRID_ROLE_* bits */
	const char *department;  /* department code, NULL when none */
} grid_person;

typedef struct grid_person_filter {
	unsigned version;        /* GRID_PERSON_FILTER_VERSION */
	const char *unit;        /* assigned to this unit or one below it, or NULL */
	unsigned roles;          /* holding any of these roles, or 0 */
	const char *id;          /* only this person (GRID_ENOTFOUND when unknown), or NULL */
} grid_person_filter;

#define GRID_PERSON_FILTER_VERSION 1
#define GRID_PERSON_FILTER_INIT { GRID_PERSON_FILTER_VERSION, NULL, 0, NULL }

typedef int (*grid_person_cb)(void *ctx, const grid_person *person);

/* List people by id.  An unknown --unit is GRID_ENOTFOUND. */
GRID_API int grid_person_list(grid_db *db, const grid_person_filter *filter, grid_person_cb cb, void *ctx);

/* One assignment, or one row of a responsibility chain. */
typedef struct grid_duty {
	const char *unit;        /* unit code */
	const char *unit_name;
	const char *level;       /* level name of the unit */
	const char *person;      /* person id */
	const char *name;        /* person name */
	const char *duty;
	const char *department;  /* the person's department code, or NULL */
} grid_duty;

typedef int (*grid_duty_cb)(void *ctx, const grid_duty *row);

/* The assignments of person ID, by unit code and duty (GRID_ENOTFOUND for
 * an unknown person). */
GRID_API int grid_person_duties(grid_db *db, const char *id, grid_duty_cb cb, void *ctx);

/* The responsibility chain of unit CODE: every assignment on it and on each
 * ancestor, nearest first (GRID_ENOTFOUND for an unknown unit). */
GRID_API int grid_who(grid_db *db, const char *code, grid_duty_cb cb, void *ctx);

#ifdef __cplusplus
}
#endif
#endif
