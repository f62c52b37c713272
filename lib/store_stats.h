/* Storage of the measures: the roster shapes the measures group by, and one
 * scan of the history of the issues reported in a period. */
#ifndef GRID_STORE_STATS_H
#define GRID_STORE_STATS_H

#include <stdint.h>

#include "internal.h"

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

/* One event of an issue, as the scan hands it over. */
struct stats_event {
	int64_t issue_id;
	int64_t unit_id;          /* where found */
	int64_t category_id;
	int64_t at;
	const char *action;
	const char *to_status;
	int64_t handling_unit_id;
	int64_t due_at;
	int has_due;
	int first;                /* the first event handed over for this issue */
};

/* Every event at or before AS_OF of every issue reported in [SINCE, UNTIL)
 * whose unit (where found) has lft in [LO, HI], grouped by issue and in
 * history order within an issue.  An issue without such an event is handed
 * over once with action and to_status NULL. */
typedef int (*stats_event_cb)(void *ctx, const struct stats_event *ev);
int store_stats_scan(struct store *s, int64_t since, int64_t until, int64_t as_of, int64_t lo, int64_t hi,
	stats_event_cb cb, void *ctx);

/* The title of issue ID, malloc'd. */
int store_stats_issue_title(struct store *s, int64_t id, char **title);

#endif
