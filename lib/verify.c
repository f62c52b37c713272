/* grid verify: the history's hash chains and head computed again from
 * the stored events, and every difference named (grid-verify(1)). */
#include <string.h>

#include "grid/issue.h"
#include "history_hash.h"
#include "internal.h"
#include "store/history.h"

struct verify {
	grid_history_cb cb;
	void *ctx;
	grid_history_summary *sum;
	struct history_tips tips;
	unsigned char stored_head[HISTORY_HASH_BYTES];
	int64_t stored_events;
	int head_found;
	unsigned char head[HISTORY_HASH_BYTES];    /* over the events folded so far */
	unsigned char at_count[HISTORY_HASH_BYTES]; /* the head after stored_events of them */
	int64_t folded;
};

/* Report the first problem of TIP's issue; later ones only repeat it. */
static int report(struct verify *v, struct history_tip *tip, grid_history_fault fault, int64_t event_id)
{
	grid_history_problem p = { fault, tip->issue_id, event_id, 0, 0, 0 };

	if (tip->broken)
		return 0;
	tip->broken = 1;
	v->sum->broken_issues++;
	return v->cb(v->ctx, &p);
}

/* Fold R's hash into the head.  An event past the head's count, while the
 * head matched at the count, was added by other means; without a head
 * there is no count to be past, and only the head is reported. */
static int fold(struct verify *v, struct history_tip *tip, const struct store_event_row *r)
{
	int rc;

	if ((rc = history_head_next(v->head, r->hash)))
		return rc;
	if (++v->folded == v->stored_events)
		memcpy(v->at_count, v->head, HISTORY_HASH_BYTES);
	if (v->head_found && v->folded > v->stored_events && memcmp(v->at_count, v->stored_head, HISTORY_HASH_BYTES) == 0)
		return report(v, tip, GRID_HISTORY_INSERTED, r->c.id);
	return 0;
}

/* Event R against its own hash and its issue's chain: content changed
 * (the hash no longer matches), an event before it gone (its link names
 * no event seen), or the one before it added (its link skips that one). */
static int check_row(void *arg, const struct store_event_row *r)
{
	struct verify *v = arg;
	struct history_tip *tip = history_tip(&v->tips, r->c.issue_id);
	unsigned char hash[HISTORY_HASH_BYTES];
	int rc;

	if (!tip)
		return GRID_EFAIL;
	v->sum->events++;
	if (r->hash_len != HISTORY_HASH_BYTES || r->prev_len != HISTORY_HASH_BYTES)
		return report(v, tip, GRID_HISTORY_INSERTED, r->c.id);
	if ((rc = fold(v, tip, r)) || (rc = history_event_hash(&r->c, r->prev, hash)))
		return rc;
	if (memcmp(hash, r->hash, HISTORY_HASH_BYTES) != 0)
		rc = report(v, tip, GRID_HISTORY_CHANGED, r->c.id);
	else if (memcmp(r->prev, tip->last, HISTORY_HASH_BYTES) == 0)
		rc = 0;
	else if (tip->last_id && memcmp(r->prev, tip->before, HISTORY_HASH_BYTES) == 0)
		rc = report(v, tip, GRID_HISTORY_INSERTED, tip->last_id);
	else
		rc = report(v, tip, GRID_HISTORY_MISSING, r->c.id);
	/* On from the stored hash: the events after a changed one still
	 * chain from it, and only the change is reported. */
	history_tip_advance(tip, r->c.id, r->hash);
	return rc;
}

static int check_head(struct verify *v)
{
	grid_history_problem p = { GRID_HISTORY_HEAD, 0, 0, v->stored_events, v->folded, !v->head_found };

	v->sum->head_ok = v->head_found && v->folded == v->stored_events &&
		memcmp(v->head, v->stored_head, HISTORY_HASH_BYTES) == 0;
	return v->sum->head_ok ? 0 : v->cb(v->ctx, &p);
}

int grid_history_verify(grid_db *db, grid_history_cb cb, void *ctx, grid_history_summary *sum)
{
	struct verify v;
	int rc;

	memset(sum, 0, sizeof(*sum));
	memset(&v, 0, sizeof(v));
	v.cb = cb;
	v.ctx = ctx;
	v.sum = sum;
	rc = store_history_read(db->store, v.stored_head, &v.stored_events, &v.head_found, check_row, &v);
	sum->issues = (int64_t)v.tips.n;
	history_tips_free(&v.tips);
	/* A database of schema 2 has its head from the start (a fresh one,
	 * or the upgrade): a missing head was deleted. */
	return rc ? rc : check_head(&v);
}
