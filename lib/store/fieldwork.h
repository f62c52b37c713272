/* Storage interface of field work: household visits and duty diaries
 * (lib/store/sql/visit.c and diary.c; the lookups and measures in
 * fieldwork.c there). */
#ifndef GRID_STORE_FIELDWORK_H
#define GRID_STORE_FIELDWORK_H

#include "grid/field.h"
#include "store.h"

/* A unit's nested-set bounds; GRID_ENOTFOUND "unknown unit". */
int store_fieldwork_unit(struct store *s, const char *code, int64_t *id, int64_t *lft, int64_t *rgt);
/* Does person ID exist?  GRID_ENOTFOUND "unknown person". */
int store_fieldwork_person(struct store *s, const char *id);
/* Does person ID hold an assignment on the unit with bounds LFT/RGT or an
 * ancestor of it? */
int store_fieldwork_assigned(struct store *s, const char *person, int64_t lft, int64_t rgt, int *yes);
/* A level's depth; GRID_ENOTFOUND "unknown level". */
int store_fieldwork_level(struct store *s, const char *name, int *depth);

/* An identical visit (unit, household, person, time) already recorded is
 * kept: *added 0 and *id its id. */
int store_visit_insert(struct store *s, int64_t unit_id, const char *household, const char *person, int64_t at,
	const char *note, int64_t *id, int *added);
/* The visits of an import: staged one by one, written at the latest by
 * store_visit_stage_close(), which counts those added (the rest were
 * recorded already, or twice in the import). */
struct store_visit_stage {
	int copy;      /* staged by COPY, moved at close (PostgreSQL) */
	int64_t rows;  /* staged */
	int64_t added; /* new visits, known at close */
};
int store_visit_stage_open(struct store *s, struct store_visit_stage *vs);
int store_visit_stage(struct store *s, struct store_visit_stage *vs, int64_t unit_id, const char *household,
	const char *person, int64_t at, const char *note);
int store_visit_stage_close(struct store *s, struct store_visit_stage *vs);
/* LFT/RGT bound the units (use INT64_MIN/MAX for all). */
int store_visit_list(struct store *s, int64_t lft, int64_t rgt, const grid_visit_filter *f, grid_visit_cb cb,
	void *ctx);

/* The entry of PERSON on DATE at UNIT_ID: *id 0 when none. */
int store_diary_find(struct store *s, int64_t unit_id, const char *person, const char *date, int64_t *id);
int store_diary_insert(struct store *s, int64_t unit_id, const char *person, const char *date, const char *text,
	int64_t *id);
/* Replace the text and clear the review. */
int store_diary_replace(struct store *s, int64_t id, const char *text);
int store_diary_review(struct store *s, int64_t id, int score, const char *note, const char *by, int64_t at);
int store_diary_list(struct store *s, int64_t lft, int64_t rgt, const grid_diary_filter *f, grid_diary_cb cb,
	void *ctx);

/* ---- measures: per-unit counts, in tree (lft) order --------------------- */

/* A unit of the scope, in lft order. */
struct store_fieldwork_unit {
	int64_t lft, rgt;
	int depth;
	int64_t households; /* -1 when not given */
	const char *code, *name;
};
int store_fieldwork_units(struct store *s, int64_t lft, int64_t rgt,
	int (*cb)(void *ctx, const struct store_fieldwork_unit *u), void *ctx);

/* Per unit (by lft, ascending) with visits in [since, until): distinct households. */
int store_visit_counts(struct store *s, int64_t lft, int64_t rgt, int64_t since, int64_t until,
	int (*cb)(void *ctx, int64_t lft, int64_t n), void *ctx);

/* Per unit (by lft): grid_head assignments. */
int store_head_counts(struct store *s, int64_t lft, int64_t rgt, int (*cb)(void *ctx, int64_t lft, int64_t n),
	void *ctx);

/* Per unit (by lft): diary entries with dates in [since, until), the
 * scored ones and the sum of their scores. */
int store_diary_counts(struct store *s, int64_t lft, int64_t rgt, const char *since, const char *until,
	int (*cb)(void *ctx, int64_t lft, int64_t written, int64_t scored, int64_t score_sum), void *ctx);

/* Per person (by id) with a grid_head assignment or an entry in scope. */
struct store_diary_person {
	const char *id, *name;
	int64_t heads, written, scored, score_sum;
};
int store_diary_persons(struct store *s, int64_t lft, int64_t rgt, const char *since, const char *until,
	int (*cb)(void *ctx, const struct store_diary_person *p), void *ctx);

/* Entries with dates in [since, until), by person then id. */
int store_diary_month(struct store *s, const char *since, const char *until, grid_diary_cb cb, void *ctx);

#endif
