/* Storage interface of the roster (implemented in lib/store/roster.c). */
#ifndef GRID_STORE_ROSTER_H
#define GRID_STORE_ROSTER_H

#include "grid/roster.h"
#include "store.h"

int store_unit_list(struct store *s, const grid_unit_filter *f, grid_unit_cb cb, void *ctx);

#endif
