/* The units of a scope as a tree, for the measures of field work that
 * are counted per unit and rolled up to every ancestor (visits, diaries).
 * Not installed. */
#ifndef GRID_UNIT_TREE_H
#define GRID_UNIT_TREE_H

#include <stddef.h>
#include <stdint.h>

#include "grid/stats.h"
#include "internal.h"

/* A unit of the scope, its counts in M. */
struct unit_node {
	int64_t lft, rgt;
	int parent;          /* index, -1 for none in scope */
	int depth;
	int64_t own_households; /* -1 when not given */
	int64_t child_households;
	char *code, *name;
	grid_measure m;
};

/* The units in lft order, so that a parent comes before its children. */
struct unit_tree {
	struct unit_node *v;
	size_t n, cap;
	int *stack;
};

/* Load the units bounded by LFT/RGT into T (zeroed by the caller), each
 * with its parent.  unit_tree_free T even when this fails. */
int unit_tree_load(grid_db *db, struct unit_tree *t, int64_t lft, int64_t rgt);

void unit_tree_free(struct unit_tree *t);

/* The unit whose lft is LFT, or NULL when it is not in T. */
struct unit_node *unit_tree_find(struct unit_tree *t, int64_t lft);

/* Add every unit's counts into its ancestors'.  Households are filled
 * only WITH_HOUSEHOLDS (the visit measures): grid_stats_* fill their own
 * counters and leave the rest zero, so that rank can add rows up by key. */
void unit_tree_rollup(struct unit_tree *t, int with_households);

/* Call CB with the rows of query Q over T (the scope's children, or the
 * units of Q's level), and set *TOTAL (may be NULL) to the scope's sum. */
int unit_tree_emit(grid_db *db, struct unit_tree *t, const grid_stats_query *q, grid_stats_cb cb, void *ctx,
	grid_measure *total);

#endif
