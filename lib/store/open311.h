/* The storage side of the Open311 documents (lib/store/sql/open311.c):
 * the rows lib/open311.c maps. */
#ifndef GRID_STORE_OPEN311_H
#define GRID_STORE_OPEN311_H

#include <stdint.h>

#include "grid/open311.h"
#include "store.h"

/* Each category with its department's name, by code. */
int store_open311_services(struct store *s, grid_open311_service_cb cb, void *ctx);

/* A case as stored, before the mapping: its unit's code for address_id,
 * the note of its last event, and the changed time of the issue row. */
struct store_open311_row {
	int64_t id;
	const char *status, *last_note;
	const char *category, *category_name;
	const char *title, *detail, *location;
	const char *unit, *handling_unit, *handling_unit_name;
	int64_t reported_at, changed_at, due_at;
	const char *unit_address;   /* the address of the unit where found, or NULL */
	int has_position;           /* lat, lon: the case's, else its unit's (schema 3) */
	double lat, lon;
};
typedef int (*store_open311_cb)(void *ctx, const struct store_open311_row *r);

/* Up to N cases with ids below BEFORE (0: from the newest), newest first:
 * STATUS 0 any, 1 open, 2 closed; SINCE/UNTIL on reported_at (0 none);
 * BY_UNIT with LFT..RGT the range of the unit where found. */
struct store_open311_query {
	int status;
	int64_t since, until;
	int by_unit;
	int64_t lft, rgt;
};
int store_open311_page(struct store *s, const struct store_open311_query *q, int64_t before, long long n,
	store_open311_cb cb, void *ctx);

#endif
