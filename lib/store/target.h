/* Storage interface of targets and their figures (lib/store/sql/target.c):
 * the indicators, the targets set, the append-only figures, and the
 * targets section of a roster import (staged, checked, merged). */
#ifndef GRID_STORE_TARGET_H
#define GRID_STORE_TARGET_H

#include "grid/target.h"
#include "roster.h"

/* The id of the indicator with CODE; GRID_ENOTFOUND "unknown indicator". */
int store_indicator_find(struct store *s, const char *code, int64_t *id);
/* The indicator with CODE, made when missing; NAME and MEASURE replace
 * its own where not NULL.  *id gets its id. */
int store_indicator_put(struct store *s, const char *code, const char *name, const char *measure, int64_t *id);

/* The target of an indicator, year and unit (HAS_UNIT 0: the whole)
 * written, or replaced, with who set it and when; *id gets its id. */
struct store_target_put {
	int64_t indicator_id;
	int year;
	int has_unit;
	int64_t unit_id;
	grid_decimal value;
	const char *set_by;
	int64_t set_at;
};
int store_target_put(struct store *s, const struct store_target_put *t, int64_t *id);

/* A figure appended. */
struct store_figure_put {
	int64_t indicator_id;
	int has_unit;
	int64_t unit_id;
	const char *as_of;
	grid_decimal value;
	const char *recorded_by;
	int64_t recorded_at;
};
int store_figure_insert(struct store *s, const struct store_figure_put *f, int64_t *id);

/* A target of a year, for the progress; strings valid in the callback. */
struct store_target_row {
	int64_t indicator_id;
	int has_unit;
	int64_t unit_id;
	const char *indicator, *name, *measure, *unit, *unit_name;
	grid_decimal value;
};
/* The targets of YEAR (of the unit UNIT_ID only, with HAS_UNIT, of the
 * units below it with BELOW, and the whole database's with WHOLE), by
 * indicator id, the whole first, then unit code. */
int store_target_rows(struct store *s, int year, int has_unit, int64_t unit_id, int below, int whole,
	int (*cb)(void *ctx, const struct store_target_row *row), void *ctx);

/* The latest figure of an indicator and unit dated in [SINCE, UNTIL]
 * (YYYY-MM-DD), the last recorded for that date: *found, *value, and its
 * date into AS_OF (11 bytes). */
int store_figure_latest(struct store *s, int64_t indicator_id, int has_unit, int64_t unit_id, const char *since,
	const char *until, int *found, grid_decimal *value, char *as_of);

/* The listings of grid_target_list (YEAR 0: all) and grid_target_log. */
int store_target_list(struct store *s, int year, grid_target_item_cb cb, void *ctx);
int store_figure_log(struct store *s, int64_t indicator_id, grid_target_figure_cb cb, void *ctx);

/* ---- the targets section of a roster import ---------------------------- */

/* A target read from a roster file, with the places (1-based) of the
 * record and of its fields that may be reported. */
struct stage_target {
	const char *indicator, *name, *measure, *unit;
	int year;
	grid_decimal value;
	int line, col, uline, ucol, nline, ncol, mline, mcol;
};

/* Create (once per connection) and empty the staging table, and empty it
 * again after the transaction. */
int store_target_stage_open(struct store *s);
void store_target_stage_close(struct store *s);
int store_target_stage(struct store *s, const struct stage_target *t);

/* Check the staged targets: units known (in the file, or with UNIT_DB in
 * the database), no target given twice, no indicator given two names or
 * measures.  Calls PROBLEM(CTX, LINE, COL, MESSAGE) for each, at most
 * MAX, and adds them to *count. */
int store_target_stage_check(struct store *s, int unit_db, int max, store_problem_cb problem, void *ctx,
	int *count);

/* Remove the targets the file does not name (--prune); figures stay. */
int store_target_prune(struct store *s, grid_import_counts *c);
/* Merge the staged targets (after the units): indicators made or renamed,
 * targets added or replaced as set by ACTOR at NOW, counted in C. */
int store_target_merge(struct store *s, const char *actor, int64_t now, grid_import_counts *c);

/* The targets as grid export writes them, by indicator id, year, the
 * whole first, then unit code: indicator name measure year unit value
 * (value formatted with its decimals; NULL where there is none). */
int store_target_export(struct store *s, store_row_cb cb, void *ctx);

#endif
