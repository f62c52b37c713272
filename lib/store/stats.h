/* Storage of the measures: the roster shapes the measures group by, and one
 * scan of the history of the issues reported in a period. */
#ifndef GRID_STORE_STATS_H
#define GRID_STORE_STATS_H

#include <stdint.h>

#include "../internal.h"

/* A unit as the measures see it. */
struct stats_unit {
	int64_t id;
	int64_t parent_id;  /* 0 at the top */
	int64_t lft, rgt;
	int64_t households; /* 0 when not given */
	int depth;
	char *code;
	char *name;
};

/* A row of a small table: a category (id, code, name) or a level (depth, name, name). */
struct stats_named {
	int64_t id;
	char *code;
	char *name;
};

/* Every unit in tree order (lft); free with store_stats_units_free. */
int store_stats_units(struct store *s, struct stats_unit **out, size_t *n);
void store_stats_units_free(struct stats_unit *u, size_t n);

/* Every category by id, or every level by depth (code = name). */
int store_stats_categories(struct store *s, struct stats_named **out, size_t *n);
int store_stats_levels(struct store *s, struct stats_named **out, size_t *n);
void store_stats_named_free(struct stats_named *v, size_t n);

/* An issue as its current columns have it. */
struct stats_current {
	int64_t unit_id, category_id, handling_unit_id;
	int state;                /* STATS_DONE (resolved, closed), STATS_OPEN (accepted, assigned), 0 */
	int64_t due_at, resolved_at;
	int has_due, has_resolved, reopened;
};

enum { STATS_DONE = 1, STATS_OPEN = 2 };

/* Every issue reported in [SINCE, UNTIL), not rejected now, whose unit
 * (where found) has lft in [LO, HI] (when SCOPED; else every unit). */
typedef int (*stats_current_cb)(void *ctx, const struct stats_current *c);
int store_stats_current(struct store *s, int64_t since, int64_t until, int scoped, int64_t lo, int64_t hi,
	stats_current_cb cb, void *ctx);

/* One event of an issue changed after AS_OF, with the issue's current
 * columns, as store_stats_scan hands it over. */
struct stats_event {
	int64_t issue_id;
	int64_t unit_id;          /* where found */
	int64_t category_id;
	/* the issue's current columns */
	const char *cur_status;
	int64_t cur_hu, cur_due, cur_resolved_at;
	int cur_has_due, cur_has_resolved, cur_reopened;
	/* the event, at or before AS_OF */
	int64_t at;
	const char *action;
	const char *to_status;
	int64_t handling_unit_id;
	int64_t due_at;
	int has_due;
	int first;                /* the first event handed over for this issue */
};

/* Every event at or before AS_OF of every issue reported in [SINCE, UNTIL)
 * that has an event after AS_OF, whose unit (where found) has lft in
 * [LO, HI] when SCOPED; grouped by issue and in history order within an issue.
 * PROBE: find them by probing each issue of the period rather than by
 * the events after AS_OF (the same rows, another cost).  An
 * issue without an event at or before AS_OF is handed over once with
 * action and to_status NULL. */
typedef int (*stats_event_cb)(void *ctx, const struct stats_event *ev);
int store_stats_scan(struct store *s, int64_t since, int64_t until, int64_t as_of, int scoped, int64_t lo,
	int64_t hi, int probe, stats_event_cb cb, void *ctx);

/* Issues reported in [SINCE, UNTIL) in scope, open now with due_at < AS_OF:
 * the overdue list before the late-changed issues are set apart. */
struct stats_open {
	int64_t id, unit_id, category_id, handling_unit_id, due_at;
	const char *title;
};
typedef int (*stats_open_cb)(void *ctx, const struct stats_open *o);
int store_stats_open_overdue(struct store *s, int64_t since, int64_t until, int64_t as_of, int scoped, int64_t lo,
	int64_t hi, stats_open_cb cb, void *ctx);

/* The earliest reported_at of any issue (0 when there is none). */
int store_stats_first_reported(struct store *s, int64_t *at);

/* The title of issue ID, malloc'd. */
int store_stats_issue_title(struct store *s, int64_t id, char **title);

#endif
