/* A map from codes (of units, people, categories...) to a row id and one
 * more number: open addressing, the keys copied into chunks.  Lookups
 * are inline, for loops over a million rows.  Not installed. */
#ifndef GRID_CODE_MAP_H
#define GRID_CODE_MAP_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct code_map_ent {
	char *key;
	uint64_t hash; /* compared first: a probe past another key reads no string */
	int64_t id, extra;
};

/* The keys live in chunks, side by side: a lookup that matches reads its
 * key from memory near its neighbours' rather than from its own block. */
struct code_map_chunk {
	struct code_map_chunk *next;
	size_t used, size;
	char text[];
};

struct code_map {
	struct code_map_ent *ents;
	size_t cap, n;
	struct code_map_chunk *chunks;
};

/* The hash of the code S, as code_map_get_h() wants it. */
static inline uint64_t code_map_hash(const char *s)
{
	uint64_t h = 1469598103934665603u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	/* FNV's low bits mix poorly for codes that differ in one digit, and
	 * the table index is the low bits: finish with murmur3's fmix64. */
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdu;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53u;
	h ^= h >> 33;
	return h;
}

/* The entry of KEY, whose hash is H. */
static inline const struct code_map_ent *code_map_get_h(const struct code_map *m, const char *key, uint64_t h)
{
	size_t j;

	if (!m->cap)
		return NULL;
	j = (size_t)h & (m->cap - 1);
	while (m->ents[j].key) {
		if (m->ents[j].hash == h && strcmp(m->ents[j].key, key) == 0)
			return &m->ents[j];
		j = (j + 1) & (m->cap - 1);
	}
	return NULL;
}

/* The entry of KEY, or NULL. */
static inline const struct code_map_ent *code_map_get(const struct code_map *m, const char *key)
{
	return code_map_get_h(m, key, code_map_hash(key));
}

/* Ask the cache for the slot of hash H, to be read a little later: the
 * big maps miss the cache on nearly every row. */
static inline void code_map_prefetch(const struct code_map *m, uint64_t h)
{
	if (m->cap)
		__builtin_prefetch(&m->ents[(size_t)h & (m->cap - 1)]);
}

/* Add KEY -> (ID, EXTRA), which must not be there yet; the signature of
 * the store's row walks, CTX the map.  GRID_EFAIL when memory ran out. */
int code_map_put(void *ctx, const char *key, int64_t id, int64_t extra);
/* Free the map's memory; it is then empty. */
void code_map_free(struct code_map *m);

#endif
