/* The hash chain of the history (grid-verify(1)): the canonical encoding
 * of one event and the SHA-256 over it and its issue's previous event's
 * hash, the running head over the whole table, and a map from issue to
 * the tip of its chain.  The store computes them as it writes events and
 * when it migrates a database; lib/verify.c computes them again.  Not
 * installed. */
#ifndef GRID_HISTORY_HASH_H
#define GRID_HISTORY_HASH_H

#include <stddef.h>
#include <stdint.h>

#define HISTORY_HASH_BYTES 32

/* The texts of an event, in the order the encoding takes them. */
enum history_text { HT_ACTOR, HT_RECORDED_BY, HT_ACTION, HT_FROM, HT_TO, HT_NOTE, HT_COUNT };

/* What the hash of an event covers: every column of its row but the
 * hash itself, seq (its number within its issue: 1, 2, 3 ...) included.
 * A text is NULL when the column is; its length is given, so that a byte
 * after a NUL counts too. */
struct history_content {
	int64_t id, issue_id, seq, at, unit_id, due_at;
	int has_due; /* due_at is not NULL */
	int on_behalf; /* 1 or 0; -1 when NULL (written before version 2) */
	const char *text[HT_COUNT];
	size_t len[HT_COUNT];
};

/* The hash of the event C chained from PREV (the previous event of the
 * same issue, history_zero for the first) into OUT.  GRID_OK, or
 * GRID_EFAIL when memory ran out (a long note). */
int history_event_hash(const struct history_content *c, const unsigned char prev[HISTORY_HASH_BYTES],
	unsigned char out[HISTORY_HASH_BYTES]);

/* The head after one more event: HEAD = SHA-256(HEAD || HASH).  GRID_OK,
 * always (an int, as history_event_hash). */
int history_head_next(unsigned char head[HISTORY_HASH_BYTES], const unsigned char hash[HISTORY_HASH_BYTES]);

/* The value the first event of an issue chains from, and the head of an
 * empty history: 32 zero bytes. */
extern const unsigned char history_zero[HISTORY_HASH_BYTES];

/* The tips of the chains seen so far, by issue id: the last two hashes
 * and seqs, and the last event's id (the one before the last tells an
 * inserted event from a changed one). */
struct history_tip {
	int64_t issue_id; /* 0: a free slot */
	int64_t last_id;
	int64_t last_seq, before_seq; /* 0: none yet */
	unsigned char last[HISTORY_HASH_BYTES], before[HISTORY_HASH_BYTES];
	int broken; /* reported already */
};
struct history_tips {
	struct history_tip *slot;
	size_t n, cap; /* cap a power of two */
};

/* The tip of ISSUE_ID in T, created zeroed (issue_id set, last_id 0)
 * when new; NULL when memory ran out (the library error is set). */
struct history_tip *history_tip(struct history_tips *t, int64_t issue_id);
/* Move the tip on to event ID, number SEQ in its issue, with hash HASH. */
void history_tip_advance(struct history_tip *tip, int64_t id, int64_t seq,
	const unsigned char hash[HISTORY_HASH_BYTES]);
void history_tips_free(struct history_tips *t);

/* grid_history_verify over store S inside the read transaction its
 * caller holds, so that what is verified is what the caller reads next
 * (lib/verify.c; grid_db_copy checks its source so). */
struct store;
struct grid_history_problem;
struct grid_history_summary;
int history_verify_read(struct store *s, int (*cb)(void *ctx, const struct grid_history_problem *p), void *ctx,
	struct grid_history_summary *sum);
/* The same, for a yes or no: *intact, else the first problem in words
 * ("issue 7: event 31 was changed") into PROBLEM. */
#define HISTORY_PROBLEM_SIZE 160
int history_verify_intact(struct store *s, char problem[HISTORY_PROBLEM_SIZE], int *intact);

#endif
