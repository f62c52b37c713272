/* Schema migrations as data, keyed by PRAGMA user_version (FreeBSD pkg's
 * pkgdb upgrades[] habit).  Each step runs in one BEGIN IMMEDIATE with its
 * version bump.  Append steps; never edit a step that has shipped. */
#include <stdio.h>

#include "schema.h"
#include "sqlite.h"

struct migration {
	int version;
	const char *const *fragments;
	/* A step in C after the fragments, in the same transaction (what SQL
	 * cannot compute, such as the hashes of version 2), or NULL. */
	int (*code)(struct store *s);
};

static const char *const v1[] = {
	store_schema_core_v1, store_schema_roster_v1, store_schema_issue_v1, store_schema_visit_v1,
	store_schema_diary_v1, store_schema_stats_v1, NULL,
};

static const char *const v2[] = { store_schema_history_v2, NULL };
static const char *const v3[] = { store_schema_location_v3, NULL };
static const char *const v4[] = { store_schema_year_v4, NULL };

static const struct migration migrations[] = {
	{ 1, v1, NULL },
	{ 2, v2, store_history_rehash },
	{ 3, v3, NULL },
	{ 4, v4, NULL },
};

int store_schema_latest(void)
{
	return migrations[GRID_ARRAY_SIZE(migrations) - 1].version;
}

static int apply(struct store *s, const struct migration *m)
{
	char bump[48];
	const char *const *f;
	int rc = store_begin(s);

	for (f = m->fragments; rc == GRID_OK && *f; f++)
		rc = store_exec(s, *f);
	if (rc == GRID_OK && m->code)
		rc = m->code(s);
	if (rc == GRID_OK) {
		snprintf(bump, sizeof(bump), "PRAGMA user_version = %d", m->version);
		rc = store_exec(s, bump);
	}
	return store_end(s, rc);
}

int store_migrate(struct store *s, int from)
{
	size_t i;
	int rc;

	for (i = 0; i < GRID_ARRAY_SIZE(migrations); i++) {
		if (migrations[i].version <= from)
			continue;
		if ((rc = apply(s, &migrations[i])))
			return rc;
	}
	return GRID_OK;
}
