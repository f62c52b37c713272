/* The units of a scope as a tree, in lft order, with their parents found
 * by a stack walk, so that counts per unit are read once and rolled up
 * the tree (see unit_tree.h). */
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "fieldwork.h"
#include "store/fieldwork.h"
#include "unit_tree.h"

void unit_tree_free(struct unit_tree *t)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		free(t->v[i].code);
		free(t->v[i].name);
	}
	free(t->v);
	free(t->stack);
}

static int add_unit(void *ctx, const struct store_fieldwork_unit *u)
{
	struct unit_tree *t = ctx;
	struct unit_node *x, *v;

	if (!(v = grid_array_room(t->v, t->n, &t->cap, sizeof(*v), 64)))
		return GRID_EFAIL;
	t->v = v;
	x = &t->v[t->n];
	memset(x, 0, sizeof(*x));
	x->lft = u->lft;
	x->rgt = u->rgt;
	x->depth = u->depth;
	x->own_households = u->households;
	x->parent = -1;
	x->code = strdup(u->code);
	x->name = strdup(u->name);
	t->n++;
	if (!x->code || !x->name)
		return grid_error_oom();
	return 0;
}

int unit_tree_load(grid_db *db, struct unit_tree *t, int64_t lft, int64_t rgt)
{
	size_t i, top = 0;
	int rc;

	if ((rc = store_fieldwork_units(db->store, lft, rgt, add_unit, t)))
		return rc;
	t->stack = malloc((t->n + 1) * sizeof(*t->stack));
	if (!t->stack)
		return grid_error_oom();
	for (i = 0; i < t->n; i++) {
		while (top && t->v[t->stack[top - 1]].rgt < t->v[i].lft)
			top--;
		t->v[i].parent = top ? t->stack[top - 1] : -1;
		t->stack[top++] = (int)i;
	}
	return GRID_OK;
}

struct unit_node *unit_tree_find(struct unit_tree *t, int64_t lft)
{
	size_t lo = 0, hi = t->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (t->v[mid].lft < lft)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < t->n && t->v[lo].lft == lft ? &t->v[lo] : NULL;
}

/* Children come after their parent in lft order: a backward pass sees
 * every child before its parent. */
void unit_tree_rollup(struct unit_tree *t, int with_households)
{
	size_t i = t->n;

	while (i--) {
		struct unit_node *x = &t->v[i];

		x->m.households = x->own_households > 0 ? x->own_households : x->child_households;
		/* More distinct households than registered (typos, movers) must
		 * not lift a rate past 1, nor mask a sibling's zero above. */
		if (with_households && x->m.households > 0 && x->m.visited > x->m.households)
			x->m.visited = x->m.households;
		if (x->parent >= 0) {
			struct unit_node *p = &t->v[x->parent];

			p->child_households += x->m.households;
			p->m.visited += x->m.visited;
			p->m.expected += x->m.expected;
			p->m.written += x->m.written;
			p->m.scored += x->m.scored;
			p->m.score_sum += x->m.score_sum;
		}
	}
	for (i = 0; !with_households && i < t->n; i++)
		t->v[i].m.households = 0;
}

int unit_tree_emit(grid_db *db, struct unit_tree *t, const grid_stats_query *q, grid_stats_cb cb, void *ctx,
	grid_measure *total)
{
	grid_measure sum;
	int depth = -1;
	size_t i;
	int rc;

	memset(&sum, 0, sizeof(sum));
	if (q->level && (rc = store_fieldwork_level(db->store, q->level, &depth)))
		return rc;
	for (i = 0; i < t->n; i++) {
		const struct unit_node *x = &t->v[i];
		/* A scope without children is its own row. */
		int row = depth >= 0 ? x->depth == depth
			: q->unit    ? (t->n == 1 ? i == 0 : x->parent == 0)
				     : x->parent < 0;

		if (x->parent < 0)
			fieldwork_measure_add(&sum, &x->m);
		if (row && cb) {
			grid_stats_row r;

			r.key = x->code;
			r.name = x->name;
			r.m = x->m;
			if ((rc = cb(ctx, &r)))
				return rc;
		}
	}
	if (total)
		*total = sum;
	return GRID_OK;
}
