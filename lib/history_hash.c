/* The hash chain of the history: its encoding and SHA-256 (nettle), and
 * the map of chain tips by issue. */
#include <stdlib.h>
#include <string.h>

#include <nettle/sha2.h>

#include "history_hash.h"
#include "internal.h"

const unsigned char history_zero[HISTORY_HASH_BYTES];

/* The encoding's version: a change of the encoding is a new tag, never
 * another meaning of the same bytes. */
static const char tag[] = "grid-event-1";

/* nettle rather than OpenSSL's libcrypto: a grid command is a short
 * process, and loading libcrypto and fetching its SHA-256 provider cost
 * about 1.4 ms a run, more than a whole `grid issue add` took before. */
static int digest(const unsigned char *data, size_t n, unsigned char out[HISTORY_HASH_BYTES])
{
	struct sha256_ctx ctx;

	sha256_init(&ctx);
	sha256_update(&ctx, n, data);
	sha256_digest(&ctx, HISTORY_HASH_BYTES, out);
	return GRID_OK;
}

static unsigned char *put_u64(unsigned char *p, uint64_t v)
{
	for (int i = 7; i >= 0; i--)
		*p++ = (unsigned char)(v >> (i * 8));
	return p;
}

/* A presence byte, then (when present) the length and the bytes: NULL,
 * "" and any text differ, and no text can run into the next field. */
static unsigned char *put_text(unsigned char *p, const char *s, size_t n)
{
	*p++ = s != NULL;
	if (!s)
		return p;
	p = put_u64(p, n);
	memcpy(p, s, n);
	return p + n;
}

static size_t encoded_size(const struct history_content *c)
{
	size_t n = sizeof(tag) + 8 * 5 + 9 + 2 + HISTORY_HASH_BYTES;

	for (int i = 0; i < HT_COUNT; i++)
		n += 1 + (c->text[i] ? 8 + c->len[i] : 0);
	return n;
}

/* The fields in a fixed order: id, issue, seq, time, actor, recorded_by,
 * action, from, to, handling unit, due time, note, on_behalf (a presence
 * byte and the value, as due time), then the previous hash. */
static size_t encode(const struct history_content *c, const unsigned char prev[HISTORY_HASH_BYTES],
	unsigned char *buf)
{
	unsigned char *p = buf;

	memcpy(p, tag, sizeof(tag));
	p += sizeof(tag);
	p = put_u64(p, (uint64_t)c->id);
	p = put_u64(p, (uint64_t)c->issue_id);
	p = put_u64(p, (uint64_t)c->seq);
	p = put_u64(p, (uint64_t)c->at);
	for (int i = HT_ACTOR; i <= HT_TO; i++)
		p = put_text(p, c->text[i], c->len[i]);
	p = put_u64(p, (uint64_t)c->unit_id);
	*p++ = c->has_due != 0;
	p = put_u64(p, c->has_due ? (uint64_t)c->due_at : 0);
	p = put_text(p, c->text[HT_NOTE], c->len[HT_NOTE]);
	*p++ = c->on_behalf >= 0;
	*p++ = c->on_behalf > 0;
	memcpy(p, prev, HISTORY_HASH_BYTES);
	return (size_t)(p + HISTORY_HASH_BYTES - buf);
}

int history_event_hash(const struct history_content *c, const unsigned char prev[HISTORY_HASH_BYTES],
	unsigned char out[HISTORY_HASH_BYTES])
{
	unsigned char local[512], *buf = local;
	size_t need = encoded_size(c);
	int rc;

	/* Nearly every event fits on the stack; a long note does not. */
	if (need > sizeof(local) && !(buf = malloc(need)))
		return grid_error_oom();
	rc = digest(buf, encode(c, prev, buf), out);
	if (buf != local)
		free(buf);
	return rc;
}

int history_head_next(unsigned char head[HISTORY_HASH_BYTES], const unsigned char hash[HISTORY_HASH_BYTES])
{
	unsigned char both[2 * HISTORY_HASH_BYTES];

	memcpy(both, head, HISTORY_HASH_BYTES);
	memcpy(both + HISTORY_HASH_BYTES, hash, HISTORY_HASH_BYTES);
	return digest(both, sizeof(both), head);
}

/* ---- chain tips by issue: open addressing, at most half full ------------- */

static size_t slot_of(int64_t issue_id, size_t cap)
{
	/* Fibonacci hashing: issue ids are mostly consecutive. */
	return (size_t)(((uint64_t)issue_id * 0x9E3779B97F4A7C15u) >> 17) & (cap - 1);
}

static struct history_tip *probe(struct history_tip *slot, size_t cap, int64_t issue_id)
{
	size_t i = slot_of(issue_id, cap);

	while (slot[i].issue_id && slot[i].issue_id != issue_id)
		i = (i + 1) & (cap - 1);
	return &slot[i];
}

static int grow(struct history_tips *t)
{
	size_t cap = t->cap ? t->cap * 2 : 1024;
	struct history_tip *slot = calloc(cap, sizeof(*slot));

	if (!slot)
		return grid_error_oom();
	for (size_t i = 0; i < t->cap; i++)
		if (t->slot[i].issue_id)
			*probe(slot, cap, t->slot[i].issue_id) = t->slot[i];
	free(t->slot);
	t->slot = slot;
	t->cap = cap;
	return GRID_OK;
}

struct history_tip *history_tip(struct history_tips *t, int64_t issue_id)
{
	struct history_tip *tip;

	if (2 * (t->n + 1) > t->cap && grow(t))
		return NULL;
	tip = probe(t->slot, t->cap, issue_id);
	if (!tip->issue_id) {
		tip->issue_id = issue_id;
		t->n++;
	}
	return tip;
}

void history_tip_advance(struct history_tip *tip, int64_t id, int64_t seq,
	const unsigned char hash[HISTORY_HASH_BYTES])
{
	tip->before_seq = tip->last_seq;
	memcpy(tip->before, tip->last, HISTORY_HASH_BYTES);
	tip->last_id = id;
	tip->last_seq = seq;
	memcpy(tip->last, hash, HISTORY_HASH_BYTES);
}

void history_tips_free(struct history_tips *t)
{
	free(t->slot);
	memset(t, 0, sizeof(*t));
}
