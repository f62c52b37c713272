/* grid verify: the history's hash chains and head computed again from
 * the stored events, and every difference named (grid-verify(1)). */
#include <stdio.h>
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

/* Whether R's content, numbered SEQ in its issue and chained from PREV,
 * hashes to its stored hash (*match). */
static int hash_matches(const struct store_event_row *r, int64_t seq, const unsigned char prev[HISTORY_HASH_BYTES],
	int *match)
{
	struct history_content c = r->c;
	unsigned char hash[HISTORY_HASH_BYTES];
	int rc;

	c.seq = seq;
	if ((rc = history_event_hash(&c, prev, hash)))
		return rc;
	*match = memcmp(hash, r->hash, HISTORY_HASH_BYTES) == 0;
	return GRID_OK;
}

/* Event R against its issue's chain at TIP: *EVENT_ID the event *FAULT
 * names, 0 when R is right.  R is the next event when its seq follows the
 * tip's: then only its content can be wrong.  Otherwise its seq was
 * changed when its content hashes right with the next seq, an event
 * before it is gone when its seq skips some, and it or the one before it
 * was added when its seq is not past the tip's. */
static int judge(const struct history_tip *tip, const struct store_event_row *r, grid_history_fault *fault,
	int64_t *event_id)
{
	int64_t next = tip->last_seq + 1;
	int rc, match;

	*event_id = 0;
	if ((rc = hash_matches(r, next, tip->last, &match)))
		return rc;
	if (r->c.seq == next && match)
		return GRID_OK;
	*event_id = r->c.id;
	if (r->c.seq == next || match)
		*fault = GRID_HISTORY_CHANGED;
	else if (r->c.seq > next)
		*fault = GRID_HISTORY_MISSING;
	else
		*fault = GRID_HISTORY_INSERTED;
	/* R follows the event before the last one: that last one was added. */
	if (*fault == GRID_HISTORY_INSERTED && tip->last_id && r->c.seq == tip->before_seq + 1) {
		if ((rc = hash_matches(r, r->c.seq, tip->before, &match)))
			return rc;
		if (match)
			*event_id = tip->last_id;
	}
	return GRID_OK;
}

/* Event R against its own hash and its issue's chain: content changed
 * (the hash no longer matches), an event before it gone (a gap in seq),
 * or one added (no hash, or a seq repeated or out of order). */
static int check_row(void *arg, const struct store_event_row *r)
{
	struct verify *v = arg;
	struct history_tip *tip = history_tip(&v->tips, r->c.issue_id);
	grid_history_fault fault;
	int64_t event_id;
	int rc;

	if (!tip)
		return GRID_EFAIL;
	v->sum->events++;
	if (r->hash_len != HISTORY_HASH_BYTES || !r->has_seq)
		return report(v, tip, GRID_HISTORY_INSERTED, r->c.id);
	if ((rc = fold(v, tip, r)) || (rc = judge(tip, r, &fault, &event_id)))
		return rc;
	if (event_id)
		rc = report(v, tip, fault, event_id);
	/* On from the stored hash: the events after a changed one still
	 * chain from it, and only the change is reported. */
	history_tip_advance(tip, r->c.id, r->c.seq, r->hash);
	return rc;
}

static int check_head(struct verify *v)
{
	grid_history_problem p = { GRID_HISTORY_HEAD, 0, 0, v->stored_events, v->folded, !v->head_found };

	v->sum->head_ok = v->head_found && v->folded == v->stored_events &&
		memcmp(v->head, v->stored_head, HISTORY_HASH_BYTES) == 0;
	return v->sum->head_ok ? 0 : v->cb(v->ctx, &p);
}

/* The check over store S: in a read transaction of its own, or with
 * IN_READ in the one the caller holds (a copy reads its source so). */
static int verify_store(struct store *s, int in_read, grid_history_cb cb, void *ctx, grid_history_summary *sum)
{
	struct verify v;
	int rc;

	memset(sum, 0, sizeof(*sum));
	memset(&v, 0, sizeof(v));
	v.cb = cb;
	v.ctx = ctx;
	v.sum = sum;
	if (!in_read)
		rc = store_history_read(s, v.stored_head, &v.stored_events, &v.head_found, check_row, &v);
	else if (!(rc = store_history_head(s, v.stored_head, &v.stored_events, &v.head_found)))
		rc = store_history_scan(s, check_row, &v);
	sum->issues = (int64_t)v.tips.n;
	history_tips_free(&v.tips);
	/* A database of schema 2 has its head from the start (a fresh one,
	 * or the upgrade): a missing head was deleted. */
	return rc ? rc : check_head(&v);
}

int grid_history_verify(grid_db *db, grid_history_cb cb, void *ctx, grid_history_summary *sum)
{
	return verify_store(db->store, 0, cb, ctx, sum);
}

int history_verify_read(struct store *s, grid_history_cb cb, void *ctx, grid_history_summary *sum)
{
	return verify_store(s, 1, cb, ctx, sum);
}

/* The first problem verify finds, for the message. */
static int first_problem(void *ctx, const grid_history_problem *p)
{
	char *text = ctx;

	if (text[0])
		return 0;
	switch (p->fault) {
	case GRID_HISTORY_CHANGED:
		snprintf(text, HISTORY_PROBLEM_SIZE, _("issue %lld: event %lld was changed"), (long long)p->issue_id,
			(long long)p->event_id);
		break;
	case GRID_HISTORY_MISSING:
		snprintf(text, HISTORY_PROBLEM_SIZE, _("issue %lld: an event before %lld is missing"), (long long)p->issue_id,
			(long long)p->event_id);
		break;
	case GRID_HISTORY_INSERTED:
		snprintf(text, HISTORY_PROBLEM_SIZE, _("issue %lld: event %lld was inserted"), (long long)p->issue_id,
			(long long)p->event_id);
		break;
	default:
		snprintf(text, HISTORY_PROBLEM_SIZE, _("the head does not match the events"));
		break;
	}
	return 0;
}

int history_verify_intact(struct store *s, char problem[HISTORY_PROBLEM_SIZE], int *intact)
{
	grid_history_summary sum;
	int rc;

	problem[0] = '\0';
	*intact = 0;
	if ((rc = history_verify_read(s, first_problem, problem, &sum)))
		return rc;
	*intact = !sum.broken_issues && sum.head_ok;
	if (!*intact && !problem[0])
		snprintf(problem, HISTORY_PROBLEM_SIZE, _("the head is missing"));
	return GRID_OK;
}
