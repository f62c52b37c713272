/* libgrid: field work — household visits and duty diaries, and their
 * measures.  ("Field" here is the work out in the units; the checks of a
 * record's fields are in text.h.) */
#ifndef GRID_FIELD_H
#define GRID_FIELD_H

#include <stddef.h>
#include <stdint.h>

#include "common.h"
#include "stats.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- household visits ---------------------------------------------------- */

typedef struct grid_visit_opts {
	unsigned version;      /* GRID_VISIT_OPTS_VERSION */
	const char *unit;      /* unit code, required */
	const char *household; /* free short text, required, e.g. "3-201" */
	const char *by;        /* person id; NULL for the acting person */
	int64_t at;            /* when; 0 for now; never after now */
	const char *note;      /* may be NULL */
} grid_visit_opts;

#define GRID_VISIT_OPTS_VERSION 1
#define GRID_VISIT_OPTS_INIT { GRID_VISIT_OPTS_VERSION, NULL, NULL, NULL, 0, NULL }

/* Record a visit; *out gets its id.  The actor must be assigned on the
 * unit or an ancestor (admin always may); visits by someone else need
 * admin or leader (GRID_EPERM). */
GRID_API int grid_visit_add(int64_t *out, grid_db *db, const grid_visit_opts *opts);

/* A visit as listed; strings live until the callback returns. */
typedef struct grid_visit {
	int64_t id;
	const char *unit;      /* unit code */
	const char *household;
	const char *person;    /* person id */
	int64_t at;
	const char *note;      /* NULL when none */
} grid_visit;

typedef int (*grid_visit_cb)(void *ctx, const grid_visit *visit);

typedef struct grid_visit_filter {
	unsigned version;      /* GRID_VISIT_FILTER_VERSION */
	const char *unit;      /* this unit and its descendants, or NULL */
	int64_t since, until;  /* [since, until); 0 leaves that end open */
	const char *by;        /* person id, or NULL */
	int64_t limit;         /* at most this many; 0 for all */
} grid_visit_filter;

#define GRID_VISIT_FILTER_VERSION 1
#define GRID_VISIT_FILTER_INIT { GRID_VISIT_FILTER_VERSION, NULL, 0, 0, NULL, 0 }

/* List visits by time, then id.  Unknown unit or person: GRID_ENOTFOUND. */
GRID_API int grid_visit_list(grid_db *db, const grid_visit_filter *filter, grid_visit_cb cb, void *ctx);

/* Called once per error found in an input file, with "FILE:LINE: what". */
typedef void (*grid_input_error_cb)(void *ctx, const char *message);

enum grid_import_flags {
	GRID_IMPORT_DRY_RUN = 1 << 0, /* validate and count, then roll back */
};

/* Load visits from CSV text DATA (LEN bytes) named NAME in messages:
 * header row required (unit,household,by,at and optional note, any
 * order), all or nothing.  Each error (up to 20) goes to ERR; then
 * GRID_EINPUT and nothing is written.  Admin or leader only. */
GRID_API int grid_visit_import(grid_db *db, const char *name, const char *data, size_t len, unsigned flags,
	grid_input_error_cb err, void *err_ctx, int64_t *added);

/* grid_visit_import, also counting in *UNCHANGED the rows identical (unit,
 * household, person, time) to a visit already recorded: those are kept,
 * not added again, so importing a file twice adds nothing. */
GRID_API int grid_visit_import_counts(grid_db *db, const char *name, const char *data, size_t len, unsigned flags,
	grid_input_error_cb err, void *err_ctx, int64_t *added, int64_t *unchanged);

/* ---- duty diaries (民情日志) ------------------------------------------------ */

typedef struct grid_diary_opts {
	unsigned version;      /* GRID_DIARY_OPTS_VERSION */
	const char *unit;      /* unit code, required */
	const char *text;      /* the entry, required */
	const char *by;        /* person id; NULL for the acting person */
	const char *date;      /* YYYY-MM-DD; NULL for today (local); never after today */
	int replace;           /* replace that day's entry (and clear its review) */
} grid_diary_opts;

#define GRID_DIARY_OPTS_VERSION 1
#define GRID_DIARY_OPTS_INIT { GRID_DIARY_OPTS_VERSION, NULL, NULL, NULL, NULL, 0 }

/* Write the entry of a person, day and unit; *out gets its id.  A second
 * one is GRID_ECONFLICT unless opts->replace.  Permissions as visits. */
GRID_API int grid_diary_add(int64_t *out, grid_db *db, const grid_diary_opts *opts);

/* A diary entry as listed; strings live until the callback returns. */
typedef struct grid_diary {
	int64_t id;
	const char *unit;
	const char *person;
	const char *date;        /* YYYY-MM-DD */
	const char *text;
	int score;               /* -1 when not reviewed */
	const char *reviewed_by; /* NULL when not reviewed */
} grid_diary;

typedef int (*grid_diary_cb)(void *ctx, const grid_diary *entry);

typedef struct grid_diary_filter {
	unsigned version;      /* GRID_DIARY_FILTER_VERSION */
	const char *unit;      /* this unit and its descendants, or NULL */
	const char *by;        /* person id, or NULL */
	const char *since;     /* first date YYYY-MM-DD, or NULL */
	const char *until;     /* date after the last one, or NULL */
	int64_t limit;         /* 0 for all */
} grid_diary_filter;

#define GRID_DIARY_FILTER_VERSION 1
#define GRID_DIARY_FILTER_INIT { GRID_DIARY_FILTER_VERSION, NULL, NULL, NULL, NULL, 0 }

/* List entries by date, then id. */
GRID_API int grid_diary_list(grid_db *db, const grid_diary_filter *filter, grid_diary_cb cb, void *ctx);

/* Score entry ID 0..100 (GRID_EUSAGE outside) as the acting leader or
 * admin (GRID_EPERM otherwise); NOTE may be NULL. */
GRID_API int grid_diary_review(grid_db *db, int64_t id, int score, const char *note);

/* The default seed of a month's spot check: FNV-1a (64 bit) of MONTH. */
GRID_API uint64_t grid_diary_seed(const char *month);

/* The rank of entry ID under SEED: FNV-1a (64 bit) over the 16 bytes of
 * SEED then ID, each little-endian.  Lower ranks are picked first. */
GRID_API uint64_t grid_diary_rank(uint64_t seed, int64_t id);

/* Pick up to PER_PERSON entries of MONTH ("2026-11") per person: of each
 * person's entries, the PER_PERSON of lowest grid_diary_rank (ties by
 * id).  Calls CB for the picks, by person id, then entry id. */
GRID_API int grid_diary_sample(grid_db *db, const char *month, int per_person, uint64_t seed, grid_diary_cb cb,
	void *ctx);

/* ---- measures -------------------------------------------------------------- */

/* Visit measures (households, visited), one row per child of the scope
 * unit, or per unit of query->level in scope; key = unit code.
 * Households of a unit: its own when given and > 0, else the sum over
 * its children.  Visited: distinct (unit, household) visited in the
 * period, counted for every ancestor. */
GRID_API int grid_stats_visits(grid_db *db, const grid_stats_query *query, grid_stats_cb cb, void *ctx,
	grid_measure *total);

/* Diary measures (expected, written, scored, score_sum) by unit (as
 * visits) or by person (GRID_BY_PERSON; key = person id).  Expected =
 * working days of [since, as_of) x grid_head assignments in scope;
 * written is not capped (compliance = min(written, expected) / expected). */
GRID_API int grid_stats_diary(grid_db *db, const grid_stats_query *query, grid_stats_cb cb, void *ctx,
	grid_measure *total);

#ifdef __cplusplus
}
#endif
#endif
