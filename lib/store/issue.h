/* The storage interface of issues, their history and the roster lookups
 * the workflow needs (lib/store/sql/issue.c; the bulk load's switches in
 * the engine's bulk.c).  Times are Unix seconds, 0 for none. */
#ifndef GRID_STORE_ISSUE_H
#define GRID_STORE_ISSUE_H

#include <stddef.h>
#include <stdint.h>

#include "grid/issue.h"
#include "grid/text.h"
#include "store.h"

/* A unit by row id (store_unit_find in store.h finds one by code). */
int store_unit_get(struct store *s, int64_t id, struct store_unit_ref *u, char **code);

/* A category by code (GRID_ENOTFOUND) or by row id: its deadline. */
int store_category_find(struct store *s, const char *code, int64_t *id, int *deadline_hours);
int store_category_get(struct store *s, int64_t id, int *deadline_hours, char **code);

/* A person by id (GRID_ENOTFOUND): roles and department row id (0). */
int store_person_find(struct store *s, const char *pid, unsigned *roles, int64_t *dept_id);
/* A department by code: *id is 0 when there is none (no error set). */
int store_department_find(struct store *s, const char *code, int64_t *id);
/* Is unit UNIT_ID at or below a unit person PID is assigned to? */
int store_person_covers_unit(struct store *s, const char *pid, int64_t unit_id, int *yes);

/* The mutable state of one issue, as the workflow reads and writes it. */
struct store_issue_state {
	int64_t id, unit_id, handling_unit_id, category_id;
	int64_t reported_at, accepted_at, due_at, resolved_at, closed_at, duplicate_of;
	char status[16];
	char handler[GRID_MAX_CODE_BYTES + 1];
	char handler_kind[16];
	int reopened;
};

int store_issue_load(struct store *s, int64_t id, struct store_issue_state *st);
int store_issue_save(struct store *s, const struct store_issue_state *st);
int store_issue_exists(struct store *s, int64_t id);

/* A new issue row; *id gets its id.  ID 0: the next free one. */
struct store_issue_row {
	int64_t id;
	const char *ref;
	int64_t unit_id, handling_unit_id, category_id;
	const char *title, *detail, *location, *reported_by;
	int64_t reported_at;
	const char *status;
	int64_t accepted_at, due_at, resolved_at, closed_at;
	const char *handler, *handler_kind;
	int64_t changed_at; /* the time of its latest event (0: none) */
	int has_position;   /* lat and lon set, else NULL */
	double lat, lon;
};
int store_issue_insert(struct store *s, const struct store_issue_row *r, int64_t *id);
/* STORE_ISSUE_BATCH rows with their ids set, in one write (bulk load). */
#define STORE_ISSUE_BATCH 32
int store_issue_insert_batch(struct store *s, const struct store_issue_row *r);
/* The id the next inserted issue gets (under the write lock). */
int store_issue_next_id(struct store *s, int64_t *id);

/* The issue holding REF: *id 0 when none.  The other outputs may be NULL;
 * *title is malloc'd. */
int store_issue_by_ref(struct store *s, const char *ref, int64_t *id, int64_t *unit_id, int64_t *category_id,
	char **title, int64_t *reported_at, char status[16]);

/* An event to write.  The store gives it its id and its place in the
 * history's hash chain (history_hash.h). */
struct store_event {
	int64_t issue_id, at;
	const char *actor;       /* the person it was done as */
	const char *recorded_by; /* the operating-system login that did it, or NULL */
	int on_behalf;           /* 1: that login is not the actor's person (grid_db_on_behalf) */
	const char *action, *from, *to;
	int64_t unit_id, due_at;
	const char *note;
};
/* One event, chained on from its issue's latest, and its issue's
 * changed_at brought up to it. */
int store_event_add(struct store *s, const struct store_event *e);
/* The events of new issues, in the order written: those of one issue
 * one after another, the first of each starting its issue's chain (the
 * bulk load, whose issues have no history yet).  These leave changed_at
 * to the caller (the bulk load sets it with the row). */
int store_event_add_batch(struct store *s, const struct store_event *ev, size_t n);

/* Listing with the unit filter resolved to a nested-set range (lft 0: any). */
struct store_issue_query {
	int by_unit;
	int64_t lft, rgt;
	const char *status, *category, *handler;
	int64_t since, until, overdue_now;
	long long limit;
};
int store_issue_list(struct store *s, const struct store_issue_query *q, grid_issue_cb cb, void *ctx);
int store_issue_get(struct store *s, int64_t id, grid_issue_cb cb, void *ctx);
int store_issue_history(struct store *s, int64_t id, grid_event_cb cb, void *ctx);

/* Up to N issues of Q (its unit and reported_at range only) with ids
 * above AFTER, by id: the export reads a page at a time, so that its
 * memory stays flat on every engine. */
int store_issue_page(struct store *s, const struct store_issue_query *q, int64_t after, long long n, grid_issue_cb cb,
	void *ctx);
/* The events of the issues with ids FIRST to LAST, by issue then in the
 * order written, each with its issue's id. */
typedef int (*store_event_range_cb)(void *ctx, int64_t issue_id, const grid_event *ev);
int store_event_range(struct store *s, int64_t first, int64_t last, store_event_range_cb cb, void *ctx);

/* Ids of open cases whose due time is before NOW, by due time. *ids malloc'd. */
int store_issue_overdue(struct store *s, int64_t now, int64_t **ids, size_t *n);

/* Walk every row of a roster table, for in-memory maps (ledger import). */
typedef int (*store_code_cb)(void *ctx, const char *code, int64_t id, int64_t extra);
int store_unit_each(struct store *s, store_code_cb cb, void *ctx);          /* extra: unused */
int store_category_each(struct store *s, store_code_cb cb, void *ctx);      /* extra: deadline hours */
int store_person_each(struct store *s, store_code_cb cb, void *ctx);        /* code: pid */
int store_department_each(struct store *s, store_code_cb cb, void *ctx);

int store_issue_ref_each(struct store *s, store_code_cb cb, void *ctx);    /* code: ref, id: issue */

/* Settings for one bulk load whose references the caller has checked:
 * call store_bulk_begin before store_begin, store_bulk_end after store_end.
 * The backend leaves out the per-row checks the loader has made.  With
 * MAY_SWITCH, into no issues yet and with no other connection open, it
 * may also write the load in a way that costs less for new data and is
 * as safe (*switched 1); store_bulk_end switches back (or, when that
 * fails, the next store_bulk_begin does). */
int store_bulk_begin(struct store *s, int may_switch, int *switched);
void store_bulk_end(struct store *s, int switched);
/* In the load's transaction, when there are no issues yet: set the
 * secondary indexes of issues and their history aside (remembered in B,
 * which the caller zeroes first and frees with store_bulk_free), and
 * build them again before the commit. */
struct store_bulk {
	char *name[16];
	char *definition[16]; /* in the backend's terms */
	size_t n;
};
int store_bulk_drop_indexes(struct store *s, struct store_bulk *b);
int store_bulk_index(struct store *s, const struct store_bulk *b);
void store_bulk_free(struct store_bulk *b);

#endif
