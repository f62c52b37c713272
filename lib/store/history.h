/* The storage interface of the history's hash chain (grid-verify(1)):
 * every event row as it is stored, in the order written, and the head
 * (lib/store/sql/history.c).  The writes keep the chain themselves
 * (store_event_add and the batch in issue.h). */
#ifndef GRID_STORE_HISTORY_H
#define GRID_STORE_HISTORY_H

#include <stddef.h>
#include <stdint.h>

#include "../history_hash.h"
#include "store.h"

/* One event row: its content (c.seq among it), and its hash as stored
 * (NULL, or of another length than HISTORY_HASH_BYTES, when a row was
 * written by other means, as is a NULL seq). */
struct store_event_row {
	struct history_content c;
	int has_seq; /* seq is not NULL */
	const unsigned char *hash;
	size_t hash_len;
};
typedef int (*store_event_row_cb)(void *ctx, const struct store_event_row *r);

/* Every event, by id; a non-zero return of CB stops the walk and is
 * returned. */
int store_history_scan(struct store *s, store_event_row_cb cb, void *ctx);

/* The head and the number of events it covers (*found 0: no head row, or
 * no head table). */
int store_history_head(struct store *s, unsigned char head[HISTORY_HASH_BYTES], int64_t *events, int *found);

/* The head, then every event, in one read transaction: both as of the
 * same moment while others write. */
int store_history_read(struct store *s, unsigned char head[HISTORY_HASH_BYTES], int64_t *events, int *found,
	store_event_row_cb cb, void *ctx);

#endif
