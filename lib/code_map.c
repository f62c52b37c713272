/* The code map's growing: see code_map.h. */
#include <stdlib.h>
#include <string.h>

#include "code_map.h"
#include "internal.h"

static char *code_map_keep(struct code_map *m, const char *key)
{
	size_t n = strlen(key) + 1;
	struct code_map_chunk *c = m->chunks;
	char *d;

	if (!c || c->size - c->used < n) {
		size_t size = n > 65536 ? n : 65536;

		if (!(c = malloc(sizeof(*c) + size))) {
			grid_error_oom();
			return NULL;
		}
		c->next = m->chunks;
		c->used = 0;
		c->size = size;
		m->chunks = c;
	}
	d = c->text + c->used;
	memcpy(d, key, n);
	c->used += n;
	return d;
}

static int code_map_grow(struct code_map *m)
{
	struct code_map old = *m;
	size_t i;

	m->cap = old.cap ? old.cap * 2 : 256;
	if (!(m->ents = calloc(m->cap, sizeof(*m->ents)))) {
		*m = old;
		return grid_error_oom();
	}
	for (i = 0; i < old.cap; i++) {
		if (old.ents[i].key) {
			size_t j = (size_t)old.ents[i].hash & (m->cap - 1);

			while (m->ents[j].key)
				j = (j + 1) & (m->cap - 1);
			m->ents[j] = old.ents[i];
		}
	}
	free(old.ents);
	return GRID_OK;
}

int code_map_put(void *ctx, const char *key, int64_t id, int64_t extra)
{
	struct code_map *m = ctx;
	uint64_t h = code_map_hash(key);
	size_t j;

	if ((m->n + 1) * 2 > m->cap && code_map_grow(m))
		return GRID_EFAIL;
	j = (size_t)h & (m->cap - 1);
	while (m->ents[j].key)
		j = (j + 1) & (m->cap - 1);
	if (!(m->ents[j].key = code_map_keep(m, key)))
		return GRID_EFAIL;
	m->ents[j].hash = h;
	m->ents[j].id = id;
	m->ents[j].extra = extra;
	m->n++;
	return GRID_OK;
}

void code_map_free(struct code_map *m)
{
	struct code_map_chunk *c, *next;

	for (c = m->chunks; c; c = next) {
		next = c->next;
		free(c);
	}
	free(m->ents);
	memset(m, 0, sizeof(*m));
}
