/* Arrays that grow as they are appended to: the capacity doubles, so
 * that appending N elements copies O(N) of them.  Not installed. */
#ifndef GRID_ARRAY_H
#define GRID_ARRAY_H

#include <stddef.h>
#include <stdlib.h>

#include "internal.h"

/* The array V (room for *CAP elements of SIZE bytes, N of them in use)
 * with room for one more: V itself when it has, else V reallocated to
 * twice *CAP (FIRST when *CAP is 0), *CAP updated.  NULL when memory ran
 * out, with the library error set; V is then left as it was. */
static inline void *grid_array_room(void *v, size_t n, size_t *cap, size_t size, size_t first)
{
	size_t want;
	void *grown;

	if (n < *cap)
		return v;
	want = *cap ? *cap * 2 : first;
	if (!(grown = realloc(v, want * size))) {
		grid_error_oom();
		return NULL;
	}
	*cap = want;
	return grown;
}

#endif
