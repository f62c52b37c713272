/* The strings a result owns and frees with it: the copies its rows point
 * to (grid_report, grid_eval).  Not installed. */
#ifndef GRID_STRPOOL_H
#define GRID_STRPOOL_H

#include <stdlib.h>

#include "array.h"
#include "internal.h"

struct strpool {
	char **v;
	size_t n, cap;
};

/* A copy of S (not NULL) kept in P; NULL when memory ran out, with the
 * library error set. */
static inline char *strpool_keep(struct strpool *p, const char *s)
{
	char **v = grid_array_room(p->v, p->n, &p->cap, sizeof(*v), 16);

	if (!v)
		return NULL;
	p->v = v;
	if (!(v[p->n] = grid_strdup(s)))
		return NULL;
	return v[p->n++];
}

/* Free every string kept and the pool's array. */
static inline void strpool_free(struct strpool *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->v[i]);
	free(p->v);
}

#endif
