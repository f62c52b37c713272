/* libgrid: the roster — levels, departments, categories, units, people,
 * assignments — and who answers for a unit. */
#ifndef GRID_ROSTER_H
#define GRID_ROSTER_H

#include <stdint.h>

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

#ifdef __cplusplus
}
#endif
#endif
