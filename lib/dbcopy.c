/* grid db copy: a whole database into another, on either engine
 * (grid-db(1)).
 *
 * The source is read in one read transaction, its history verified
 * first; DEST is written in one transaction.  Into a DEST without units
 * every row keeps its id and every event its seq and hash, and DEST's
 * head is the source's: an exact copy.  Into a DEST holding other data,
 * a row whose code DEST has must mean the same there (else GRID_ECONFLICT
 * naming the first that does not), the new rows take ids of DEST's (the
 * maps from the source's ids kept in memory: hash maps for the roster, a
 * sorted array for the issues), the unit tree is numbered again, and the
 * events, streamed in id order, are chained again with their new ids,
 * DEST's head folded on over them. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "grid/copy.h"
#include "grid/decimal.h"
#include "grid/issue.h"
#include "history_hash.h"
#include "internal.h"
#include "store/copy.h"
#include "store/history.h"
#include "store/issue.h"
#include "store/roster.h"

static const char *const table_names[GRID_COPY_TABLE_COUNT] = {
	"levels", "departments", "categories", "units", "people", "assignments", "settings", "issues", "events",
	"visits", "diaries", "indicators", "targets", "figures", "projects", "project_events",
};

const char *grid_copy_table_name(int t)
{
	return t >= 0 && t < GRID_COPY_TABLE_COUNT ? table_names[t] : NULL;
}

/* ---- maps of ids: open addressing, at most half full ------------------------- */

struct idmap {
	int64_t *key, *val;
	unsigned char *used;
	size_t n, cap; /* cap a power of two */
};

static size_t slot_of(int64_t key, size_t cap)
{
	return (size_t)(((uint64_t)key * 0x9E3779B97F4A7C15u) >> 17) & (cap - 1);
}

static size_t probe(const struct idmap *m, int64_t key)
{
	size_t i = slot_of(key, m->cap);

	while (m->used[i] && m->key[i] != key)
		i = (i + 1) & (m->cap - 1);
	return i;
}

static int map_grow(struct idmap *m)
{
	struct idmap g = { 0 };

	g.cap = m->cap ? m->cap * 2 : 256;
	g.key = malloc(g.cap * sizeof(*g.key));
	g.val = malloc(g.cap * sizeof(*g.val));
	g.used = calloc(g.cap, 1);
	if (!g.key || !g.val || !g.used) {
		free(g.key);
		free(g.val);
		free(g.used);
		return grid_error_oom();
	}
	for (size_t i = 0; i < m->cap; i++) {
		if (m->used[i]) {
			size_t j = probe(&g, m->key[i]);

			g.used[j] = 1;
			g.key[j] = m->key[i];
			g.val[j] = m->val[i];
		}
	}
	g.n = m->n;
	free(m->key);
	free(m->val);
	free(m->used);
	*m = g;
	return GRID_OK;
}

static int map_put(struct idmap *m, int64_t key, int64_t val)
{
	size_t i;

	if (2 * (m->n + 1) > m->cap && map_grow(m))
		return GRID_EFAIL;
	i = probe(m, key);
	if (!m->used[i])
		m->n++;
	m->used[i] = 1;
	m->key[i] = key;
	m->val[i] = val;
	return GRID_OK;
}

static int map_get(const struct idmap *m, int64_t key, int64_t *val)
{
	size_t i;

	if (m->cap == 0)
		return 0;
	i = probe(m, key);
	if (!m->used[i])
		return 0;
	*val = m->val[i];
	return 1;
}

static void map_free(struct idmap *m)
{
	free(m->key);
	free(m->val);
	free(m->used);
	memset(m, 0, sizeof(*m));
}

/* ---- the copy ------------------------------------------------------------------ */

/* A unit's value in the map: its id in DEST, and whether the copy made
 * it (no visit or diary of DEST can be on a unit that is new there). */
#define UNIT_VAL(id, made) ((id) * 2 + ((made) != 0))
#define UNIT_ID(val) ((val) / 2)
#define UNIT_MADE(val) ((val) % 2)
/* A project's likewise: one DEST held already keeps its history there. */
#define PROJECT_VAL UNIT_VAL
#define PROJECT_ID UNIT_ID
#define PROJECT_MADE UNIT_MADE

/* The chain's tip of one copied issue in DEST. */
struct tip {
	unsigned char hash[HISTORY_HASH_BYTES];
	int64_t seq;
};

struct dup {
	int64_t id, of; /* DEST's id, the source's id of the one it duplicates */
};

struct copy {
	struct store *src, *dst;
	grid_copy_result *res;
	int empty[SC_TABLES]; /* DEST's table was empty: its rows keep their ids */
	int same_ids;         /* DEST had no units: every id kept, the history as it is */
	struct idmap dept, cat, unit, person;
	struct idmap indicator, project; /* project: PROJECT_VAL, whether the copy made it */
	int units_made;
	/* The source's issue ids, ascending; the i-th is base + i in DEST
	 * (or itself with the ids kept). */
	int64_t *issue, issue_base;
	size_t nissue, issue_cap;
	struct dup *dups;
	size_t ndup, dup_cap;
	struct tip *tips;
	int64_t next_id; /* of the events, visits and diaries written with new ids */
	struct store_copy_out out;
	struct store_copy_found found;
	/* The ref check's batch. */
	char *refs[STORE_COPY_REFS];
	size_t nrefs;
};

static int conflict(const char *fmt, ...) GRID_PRINTF(1, 2);

static int conflict(const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = grid_error_setv(GRID_ECONFLICT, fmt, ap);
	va_end(ap);
	return rc;
}

static int same_text(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

static const char *or_none(const char *s)
{
	return s ? s : "none";
}

/* A source row's reference through map M: GRID_EFAIL when the source
 * names a row it does not hold (it cannot: its keys forbid it). */
static int ref_of(const struct idmap *m, const struct store_copy_row *r, int k, const char *what, int64_t *out)
{
	*out = 0;
	if (!map_get(m, r->v[k], out))
		return grid_error_set(GRID_EFAIL, "the source names %s #%lld, which it does not hold", _(what),
			(long long)r->v[k]);
	return GRID_OK;
}

/* Map NULL-able column K of R through M, in place (the unit map's
 * values with their flag). */
static int map_col(const struct idmap *m, struct store_copy_row *r, int k, const char *what)
{
	int64_t v = 0;
	int rc;

	if (r->null[k])
		return GRID_OK;
	if ((rc = ref_of(m, r, k, what, &v)))
		return rc;
	r->v[k] = strcmp(what, "unit") == 0 ? UNIT_ID(v) : v;
	return GRID_OK;
}

/* Insert R into table T (its id column ID_COL NULL for a new id unless
 * the table's ids are kept); *id its id in DEST.  DESCRIBE names the row
 * when DEST refuses it. */
static int insert(struct copy *c, enum store_copy_table t, struct store_copy_row *r, int id_col, int64_t *id,
	const char *what, const char *key)
{
	int rc;

	if (id_col >= 0 && !c->empty[t])
		r->null[id_col] = 1;
	if ((rc = store_copy_insert(c->dst, t, r, id)) == 1)
		return conflict("%s '%s' cannot be added to DEST: a key of it is taken there", _(what), key);
	return rc;
}

static int level_row(void *arg, const struct store_copy_row *r)
{
	struct copy *c = arg;
	grid_copy_counts *n = &c->res->tables[GRID_COPY_LEVELS];
	struct store_copy_row w = *r;
	int64_t id;
	int rc, found;

	if ((rc = store_copy_find(c->dst, SF_LEVEL_DEPTH, r, &c->found, &found)))
		return rc;
	if (found) {
		if (!same_text(c->found.r.t[LV_NAME], r->t[LV_NAME]))
			return conflict("level %lld is '%s' in DEST, '%s' in SOURCE", (long long)r->v[LV_DEPTH],
				c->found.r.t[LV_NAME], r->t[LV_NAME]);
		n->present++;
		return GRID_OK;
	}
	if ((rc = store_copy_find(c->dst, SF_LEVEL_NAME, r, &c->found, &found)))
		return rc;
	if (found)
		return conflict("level '%s' is at depth %lld in DEST, %lld in SOURCE", r->t[LV_NAME],
			(long long)c->found.r.v[LV_DEPTH], (long long)r->v[LV_DEPTH]);
	if ((rc = insert(c, SC_LEVEL, &w, -1, &id, N_("level"), r->t[LV_NAME])))
		return rc;
	n->copied++;
	return GRID_OK;
}

static int department_row(void *arg, const struct store_copy_row *r)
{
	struct copy *c = arg;
	grid_copy_counts *n = &c->res->tables[GRID_COPY_DEPARTMENTS];
	struct store_copy_row w = *r;
	int64_t id;
	int rc, found = 0;

	if (!c->empty[SC_DEPARTMENT] && (rc = store_copy_find(c->dst, SF_DEPARTMENT, r, &c->found, &found)))
		return rc;
	if (found) {
		if (!same_text(c->found.r.t[DP_NAME], r->t[DP_NAME]))
			return conflict("department '%s' is '%s' in DEST, '%s' in SOURCE", r->t[DP_CODE],
				c->found.r.t[DP_NAME], r->t[DP_NAME]);
		n->present++;
		return map_put(&c->dept, r->v[DP_ID], c->found.r.v[DP_ID]);
	}
	if ((rc = insert(c, SC_DEPARTMENT, &w, DP_ID, &id, N_("department"), r->t[DP_CODE])))
		return rc;
	n->copied++;
	return map_put(&c->dept, r->v[DP_ID], id);
}

static int category_row(void *arg, const struct store_copy_row *r)
{
	struct copy *c = arg;
	grid_copy_counts *n = &c->res->tables[GRID_COPY_CATEGORIES];
	struct store_copy_row w = *r;
	const struct store_copy_row *d = &c->found.r;
	int64_t id;
	int rc, found = 0;

	if (!c->empty[SC_CATEGORY] && (rc = store_copy_find(c->dst, SF_CATEGORY, r, &c->found, &found)))
		return rc;
	if (found) {
		if (!same_text(d->t[CT_NAME], r->t[CT_NAME]) || d->v[CT_HOURS] != r->v[CT_HOURS] ||
			!same_text(d->t[CT_DEPT], r->t[CT_DEPT]))
			return conflict("category '%s' is '%s' (%lld hours, department %s) in DEST, '%s' (%lld hours, "
					"department %s) in SOURCE",
				r->t[CT_CODE], d->t[CT_NAME], (long long)d->v[CT_HOURS], or_none(d->t[CT_DEPT]),
				r->t[CT_NAME], (long long)r->v[CT_HOURS], or_none(r->t[CT_DEPT]));
		n->present++;
		return map_put(&c->cat, r->v[CT_ID], d->v[CT_ID]);
	}
	if ((rc = map_col(&c->dept, &w, CT_DEPT_ID, N_("department"))) ||
		(rc = insert(c, SC_CATEGORY, &w, CT_ID, &id, N_("category"), r->t[CT_CODE])))
		return rc;
	n->copied++;
	return map_put(&c->cat, r->v[CT_ID], id);
}

static int unit_row(void *arg, const struct store_copy_row *r)
{
	struct copy *c = arg;
	grid_copy_counts *n = &c->res->tables[GRID_COPY_UNITS];
	struct store_copy_row w = *r;
	const struct store_copy_row *d = &c->found.r;
	int64_t id;
	int rc, found = 0;

	if (!c->same_ids && (rc = store_copy_find(c->dst, SF_UNIT, r, &c->found, &found)))
		return rc;
	if (found) {
		if (!same_text(d->t[UN_NAME], r->t[UN_NAME]))
			return conflict("unit '%s' is '%s' in DEST, '%s' in SOURCE", r->t[UN_CODE], d->t[UN_NAME],
				r->t[UN_NAME]);
		if (!same_text(d->t[UN_LEVEL], r->t[UN_LEVEL]))
			return conflict("unit '%s' is a %s in DEST, a %s in SOURCE", r->t[UN_CODE], or_none(d->t[UN_LEVEL]),
				or_none(r->t[UN_LEVEL]));
		if (!same_text(d->t[UN_PARENT], r->t[UN_PARENT]))
			return conflict("unit '%s' is under %s in DEST, under %s in SOURCE", r->t[UN_CODE],
				or_none(d->t[UN_PARENT]), or_none(r->t[UN_PARENT]));
		n->present++;
		return map_put(&c->unit, r->v[UN_ID], UNIT_VAL(d->v[UN_ID], 0));
	}
	if ((rc = map_col(&c->unit, &w, UN_PARENT_ID, N_("unit"))))
		return rc;
	/* Numbered again once every unit is in (store_unit_renumber). */
	if (!c->same_ids)
		w.v[UN_LFT] = w.v[UN_RGT] = 0;
	if ((rc = insert(c, SC_UNIT, &w, UN_ID, &id, N_("unit"), r->t[UN_CODE])))
		return rc;
	n->copied++;
	c->units_made = 1;
	return map_put(&c->unit, r->v[UN_ID], UNIT_VAL(id, 1));
}

/* The roles of a person as names, for a message. */
static const char *role_names(int64_t roles, char *buf, size_t size)
{
	size_t at = 0;

	buf[0] = '\0';
	for (unsigned bit = 1; bit && bit <= (1u << 15); bit <<= 1) {
		const char *name = (roles & bit) ? grid_role_name(bit) : NULL;

		if (name && at + strlen(name) + 2 < size)
			at += (size_t)snprintf(buf + at, size - at, "%s%s", at ? "," : "", name);
	}
	return at ? buf : "none";
}

static int person_row(void *arg, const struct store_copy_row *r)
{
	struct copy *c = arg;
	grid_copy_counts *n = &c->res->tables[GRID_COPY_PEOPLE];
	struct store_copy_row w = *r;
	const struct store_copy_row *d = &c->found.r;
	char a[128], b[128];
	int64_t id;
	int rc, found = 0;

	if (!c->empty[SC_PERSON] && (rc = store_copy_find(c->dst, SF_PERSON, r, &c->found, &found)))
		return rc;
	if (found) {
		if (!same_text(d->t[PS_NAME], r->t[PS_NAME]))
			return conflict("person '%s' is '%s' in DEST, '%s' in SOURCE", r->t[PS_PID], d->t[PS_NAME],
				r->t[PS_NAME]);
		if (!same_text(d->t[PS_LOGIN], r->t[PS_LOGIN]))
			return conflict("person '%s' has login %s in DEST, %s in SOURCE", r->t[PS_PID],
				or_none(d->t[PS_LOGIN]), or_none(r->t[PS_LOGIN]));
		if (d->v[PS_ROLES] != r->v[PS_ROLES])
			return conflict("person '%s' has roles %s in DEST, %s in SOURCE", r->t[PS_PID],
				role_names(d->v[PS_ROLES], a, sizeof(a)), role_names(r->v[PS_ROLES], b, sizeof(b)));
		if (!same_text(d->t[PS_DEPT], r->t[PS_DEPT]))
			return conflict("person '%s' is of department %s in DEST, %s in SOURCE", r->t[PS_PID],
				or_none(d->t[PS_DEPT]), or_none(r->t[PS_DEPT]));
		n->present++;
		return map_put(&c->person, r->v[PS_ID], d->v[PS_ID]);
	}
	if (!c->empty[SC_PERSON] && r->t[PS_LOGIN]) {
		if ((rc = store_copy_find(c->dst, SF_PERSON_LOGIN, r, &c->found, &found)))
			return rc;
		if (found)
			return conflict("login '%s' is person '%s' in DEST, '%s' in SOURCE", r->t[PS_LOGIN], d->t[PS_PID],
				r->t[PS_PID]);
	}
	if ((rc = map_col(&c->dept, &w, PS_DEPT_ID, N_("department"))) ||
		(rc = insert(c, SC_PERSON, &w, PS_ID, &id, N_("person"), r->t[PS_PID])))
		return rc;
	n->copied++;
	return map_put(&c->person, r->v[PS_ID], id);
}

static int assignment_row(void *arg, const struct store_copy_row *r)
{
	struct copy *c = arg;
	grid_copy_counts *n = &c->res->tables[GRID_COPY_ASSIGNMENTS];
	struct store_copy_row w = *r;
	int64_t made;
	int rc;

	if ((rc = map_col(&c->unit, &w, AS_UNIT_ID, N_("unit"))) || (rc = map_col(&c->person, &w, AS_PERSON_ID, N_("person"))) ||
		(rc = insert(c, SC_ASSIGNMENT, &w, -1, &made, N_("assignment"), r->t[AS_DUTY])))
		return rc;
	if (made)
		n->copied++;
	else
		n->present++;
	return GRID_OK;
}

static int setting_row(void *arg, const struct store_copy_row *r)
{
	struct copy *c = arg;
	grid_copy_counts *n = &c->res->tables[GRID_COPY_SETTINGS];
	struct store_copy_row w = *r;
	int64_t id;
	int rc, found = 0;

	if (!c->empty[SC_SETTING] && (rc = store_copy_find(c->dst, SF_SETTING, r, &c->found, &found)))
		return rc;
	if (found) {
		if (!same_text(c->found.r.t[ST_VALUE], r->t[ST_VALUE]))
			return conflict("setting '%s' is '%s' in DEST, '%s' in SOURCE", r->t[ST_KEY], c->found.r.t[ST_VALUE],
				r->t[ST_VALUE]);
		n->present++;
		return GRID_OK;
	}
	if ((rc = insert(c, SC_SETTING, &w, -1, &id, N_("setting"), r->t[ST_KEY])))
		return rc;
	n->copied++;
	return GRID_OK;
}

static int field_unit(struct copy *c, struct store_copy_row *w, int k, int *made);

/* ---- issues ------------------------------------------------------------------ */

/* The refs of the batch that DEST holds: the first of them, in the
 * source's order, is the conflict. */
static int check_refs(struct copy *c)
{
	int64_t count = 0, id;
	int rc = GRID_OK;

	if (c->nrefs && !(rc = store_copy_refs_taken(c->dst, (const char *const *)c->refs, c->nrefs, &count)) && count)
		for (size_t i = 0; i < c->nrefs && !rc; i++)
			if (!(rc = store_issue_by_ref(c->dst, c->refs[i], &id, NULL, NULL, NULL, NULL, NULL)) && id)
				rc = conflict("case '%s' is in DEST already (as issue %lld)", c->refs[i], (long long)id);
	for (size_t i = 0; i < c->nrefs; i++)
		free(c->refs[i]);
	c->nrefs = 0;
	return rc;
}

static int ref_row(void *arg, const struct store_copy_row *r)
{
	struct copy *c = arg;

	if (!(c->refs[c->nrefs++] = grid_strdup(r->t[IR_REF])))
		return GRID_EFAIL;
	return c->nrefs == STORE_COPY_REFS ? check_refs(c) : GRID_OK;
}

/* A case without a ref on a unit DEST had already, with the time and
 * title of one of DEST's, is that one: the street copied twice. */
static int key_row(void *arg, const struct store_copy_row *r)
{
	struct copy *c = arg;
	struct store_copy_row w = *r;
	int rc, made, found;

	if ((rc = field_unit(c, &w, IK_UNIT_ID, &made)) || made)
		return rc;
	if ((rc = store_copy_find(c->dst, SF_ISSUE_KEY, &w, &c->found, &found)) || !found)
		return rc;
	return conflict("case %lld of SOURCE ('%s', without a ref) is in DEST already (as issue %lld)",
		(long long)r->v[IK_ID], r->t[IK_TITLE], (long long)c->found.r.v[IK_ID]);
}

/* The index of the source's issue ID in c->issue, or -1. */
static int64_t issue_index(const struct copy *c, int64_t id)
{
	size_t lo = 0, hi = c->nissue;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (c->issue[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < c->nissue && c->issue[lo] == id ? (int64_t)lo : -1;
}

static int64_t issue_new_id(const struct copy *c, int64_t index)
{
	return c->empty[SC_ISSUE] ? c->issue[index] : c->issue_base + index;
}

static int issue_row(void *arg, const struct store_copy_row *r)
{
	struct copy *c = arg;
	struct store_copy_row w = *r;
	int64_t *more;
	int rc;

	if (c->nissue == c->issue_cap) {
		size_t cap = c->issue_cap ? c->issue_cap * 2 : 4096;

		if (!(more = realloc(c->issue, cap * sizeof(*more))))
			return grid_error_oom();
		c->issue = more;
		c->issue_cap = cap;
	}
	c->issue[c->nissue] = r->v[IS_ID];
	w.v[IS_ID] = issue_new_id(c, (int64_t)c->nissue);
	c->nissue++;
	if ((rc = map_col(&c->unit, &w, IS_UNIT_ID, N_("unit"))) ||
		(rc = map_col(&c->unit, &w, IS_HANDLING_UNIT_ID, N_("unit"))) ||
		(rc = map_col(&c->cat, &w, IS_CATEGORY_ID, N_("category"))))
		return rc;
	/* A duplicate may name a later issue: written once all are in. */
	if (!r->null[IS_DUPLICATE_OF]) {
		if (c->ndup == c->dup_cap) {
			size_t cap = c->dup_cap ? c->dup_cap * 2 : 64;
			struct dup *d = realloc(c->dups, cap * sizeof(*d));

			if (!d)
				return grid_error_oom();
			c->dups = d;
			c->dup_cap = cap;
		}
		c->dups[c->ndup].id = w.v[IS_ID];
		c->dups[c->ndup++].of = r->v[IS_DUPLICATE_OF];
		w.null[IS_DUPLICATE_OF] = 1;
	}
	c->res->tables[GRID_COPY_ISSUES].copied++;
	return store_copy_put(&c->out, &w);
}

static int copy_issues(struct copy *c)
{
	int rc;

	/* A case DEST holds is a conflict: checked before any is written. */
	if (!c->empty[SC_ISSUE] && ((rc = store_copy_each(c->src, SC_ISSUE_REF, ref_row, c)) || (rc = check_refs(c)) ||
		    (rc = store_copy_each(c->src, SC_ISSUE_KEY, key_row, c))))
		return rc;
	if (!c->empty[SC_ISSUE] && (rc = store_copy_next_id(c->dst, SC_ISSUE, &c->issue_base)))
		return rc;
	store_copy_out_init(&c->out, c->dst, SC_ISSUE);
	if ((rc = store_copy_each(c->src, SC_ISSUE, issue_row, c)) || (rc = store_copy_put_end(&c->out)))
		return rc;
	for (size_t i = 0; i < c->ndup; i++) {
		int64_t k = issue_index(c, c->dups[i].of);

		if (k < 0)
			return grid_error_set(GRID_EFAIL, "the source names issue #%lld, which it does not hold",
				(long long)c->dups[i].of);
		if ((rc = store_copy_set_duplicate(c->dst, c->dups[i].id, issue_new_id(c, k))))
			return rc;
	}
	return GRID_OK;
}

/* ---- the history ---------------------------------------------------------------- */

/* Event R's row in DEST from its content C and hash. */
static void event_row_of(const struct history_content *c, const unsigned char *hash, struct store_copy_row *w)
{
	static const int text_col[HT_COUNT] = {
		[HT_ACTOR] = EV_ACTOR, [HT_RECORDED_BY] = EV_RECORDED_BY, [HT_ACTION] = EV_ACTION,
		[HT_FROM] = EV_FROM, [HT_TO] = EV_TO, [HT_NOTE] = EV_NOTE,
	};

	memset(w, 0, sizeof(*w));
	w->v[EV_ID] = c->id;
	w->v[EV_ISSUE_ID] = c->issue_id;
	w->v[EV_AT] = c->at;
	for (int i = 0; i < HT_COUNT; i++)
		w->t[text_col[i]] = c->text[i];
	w->v[EV_UNIT_ID] = c->unit_id;
	w->v[EV_DUE_AT] = c->due_at;
	w->null[EV_DUE_AT] = !c->has_due;
	w->v[EV_ON_BEHALF] = c->on_behalf > 0;
	w->null[EV_ON_BEHALF] = c->on_behalf < 0;
	w->v[EV_SEQ] = c->seq;
	w->t[EV_HASH] = (const char *)hash;
	w->v[EV_HASH] = HISTORY_HASH_BYTES;
}

/* An event as the source has it: ids, seq and hash (verified). */
static int event_same(void *arg, const struct store_event_row *r)
{
	struct copy *c = arg;
	struct store_copy_row w;

	event_row_of(&r->c, r->hash, &w);
	c->res->tables[GRID_COPY_EVENTS].copied++;
	return store_copy_put(&c->out, &w);
}

/* An event with the ids of DEST, chained on from its issue's tip there
 * and folded into DEST's head. */
static int event_rechain(void *arg, const struct store_event_row *r)
{
	struct copy *c = arg;
	struct history_content hc = r->c;
	unsigned char hash[HISTORY_HASH_BYTES];
	struct store_copy_row w;
	struct tip *tip;
	int64_t k = issue_index(c, r->c.issue_id), unit;
	int rc;

	if (k < 0)
		return grid_error_set(GRID_EFAIL, "the source's event %lld names issue #%lld, which it does not hold",
			(long long)r->c.id, (long long)r->c.issue_id);
	if (!map_get(&c->unit, r->c.unit_id, &unit))
		return grid_error_set(GRID_EFAIL, "the source's event %lld names unit #%lld, which it does not hold",
			(long long)r->c.id, (long long)r->c.unit_id);
	tip = &c->tips[k];
	hc.id = c->next_id++;
	hc.issue_id = issue_new_id(c, k);
	hc.unit_id = UNIT_ID(unit);
	hc.seq = tip->seq + 1;
	if ((rc = history_event_hash(&hc, tip->seq ? tip->hash : history_zero, hash)))
		return rc;
	event_row_of(&hc, hash, &w);
	if ((rc = store_copy_put(&c->out, &w)) || (rc = store_copy_chain_add(c->dst, hc.id, hc.seq, hash)))
		return rc;
	memcpy(tip->hash, hash, HISTORY_HASH_BYTES);
	tip->seq = hc.seq;
	c->res->tables[GRID_COPY_EVENTS].copied++;
	return GRID_OK;
}

static int copy_history(struct copy *c)
{
	unsigned char head[HISTORY_HASH_BYTES];
	int64_t events;
	int rc, found;

	store_copy_out_init(&c->out, c->dst, SC_EVENT);
	if (c->same_ids) {
		/* DEST has no events: its head becomes the source's. */
		if ((rc = store_history_head(c->src, head, &events, &found)) ||
			(rc = store_history_scan(c->src, event_same, c)) || (rc = store_copy_put_end(&c->out)))
			return rc;
		return found ? store_copy_head(c->dst, head, events) : GRID_OK;
	}
	if (c->nissue && !(c->tips = calloc(c->nissue, sizeof(*c->tips))))
		return grid_error_oom();
	/* The head and the next id held in memory, written at the commit. */
	if ((rc = store_copy_chain_hold(c->dst, &c->next_id)) || (rc = store_history_scan(c->src, event_rechain, c)))
		return rc;
	return store_copy_put_end(&c->out);
}

/* ---- visits and diaries ------------------------------------------------------------ */

/* The row's unit in DEST (column K mapped in place); *made: the copy made
 * the unit, so DEST cannot hold the row already. */
static int field_unit(struct copy *c, struct store_copy_row *w, int k, int *made)
{
	int64_t v = 0;
	int rc;

	if ((rc = ref_of(&c->unit, w, k, "unit", &v)))
		return rc;
	w->v[k] = UNIT_ID(v);
	*made = (int)UNIT_MADE(v);
	return GRID_OK;
}

static int visit_row(void *arg, const struct store_copy_row *r)
{
	struct copy *c = arg;
	grid_copy_counts *n = &c->res->tables[GRID_COPY_VISITS];
	struct store_copy_row w = *r;
	int rc, made, found = 0;

	if ((rc = field_unit(c, &w, VS_UNIT_ID, &made)))
		return rc;
	if (!c->empty[SC_VISIT]) {
		/* The same visit recorded in both is one. */
		if (!made && (rc = store_copy_find(c->dst, SF_VISIT, &w, &c->found, &found)))
			return rc;
		if (found) {
			n->present++;
			return GRID_OK;
		}
		w.v[VS_ID] = c->next_id++;
	}
	n->copied++;
	return store_copy_put(&c->out, &w);
}

static int diary_row(void *arg, const struct store_copy_row *r)
{
	struct copy *c = arg;
	grid_copy_counts *n = &c->res->tables[GRID_COPY_DIARIES];
	const struct store_copy_row *d = &c->found.r;
	struct store_copy_row w = *r;
	int rc, made, found = 0;

	if ((rc = field_unit(c, &w, DI_UNIT_ID, &made)))
		return rc;
	if (!c->empty[SC_DIARY]) {
		if (!made && (rc = store_copy_find(c->dst, SF_DIARY, &w, &c->found, &found)))
			return rc;
		if (found) {
			if (!same_text(d->t[DI_TEXT], r->t[DI_TEXT]) || d->null[DI_SCORE] != r->null[DI_SCORE] ||
				d->v[DI_SCORE] != r->v[DI_SCORE] || !same_text(d->t[DI_REVIEW_NOTE], r->t[DI_REVIEW_NOTE]) ||
				!same_text(d->t[DI_REVIEWED_BY], r->t[DI_REVIEWED_BY]) ||
				d->null[DI_REVIEWED_AT] != r->null[DI_REVIEWED_AT] ||
				d->v[DI_REVIEWED_AT] != r->v[DI_REVIEWED_AT])
				return conflict("the diary of '%s' on %s (diary %lld) is another in DEST", r->t[DI_PERSON],
					r->t[DI_DATE], (long long)r->v[DI_ID]);
			n->present++;
			return GRID_OK;
		}
		w.v[DI_ID] = c->next_id++;
	}
	n->copied++;
	return store_copy_put(&c->out, &w);
}

static int copy_field(struct copy *c, enum store_copy_table t, store_copy_row_cb row)
{
	int rc;

	if (!c->empty[t] && (rc = store_copy_next_id(c->dst, t, &c->next_id)))
		return rc;
	store_copy_out_init(&c->out, c->dst, t);
	if ((rc = store_copy_each(c->src, t, row, c)))
		return rc;
	return store_copy_put_end(&c->out);
}

/* ---- the year's work: targets, their figures, key projects --------------------------- */

static int indicator_row(void *arg, const struct store_copy_row *r)
{
	struct copy *c = arg;
	grid_copy_counts *n = &c->res->tables[GRID_COPY_INDICATORS];
	const struct store_copy_row *d = &c->found.r;
	struct store_copy_row w = *r;
	int64_t id;
	int rc, found = 0;

	if (!c->empty[SC_INDICATOR] && (rc = store_copy_find(c->dst, SF_INDICATOR, r, &c->found, &found)))
		return rc;
	if (found) {
		if (!same_text(d->t[IN_NAME], r->t[IN_NAME]) || !same_text(d->t[IN_MEASURE], r->t[IN_MEASURE]))
			return conflict("indicator '%s' is '%s' (%s) in DEST, '%s' (%s) in SOURCE", r->t[IN_CODE],
				or_none(d->t[IN_NAME]), or_none(d->t[IN_MEASURE]), or_none(r->t[IN_NAME]),
				or_none(r->t[IN_MEASURE]));
		n->present++;
		return map_put(&c->indicator, r->v[IN_ID], d->v[IN_ID]);
	}
	if ((rc = insert(c, SC_INDICATOR, &w, IN_ID, &id, N_("indicator"), r->t[IN_CODE])))
		return rc;
	n->copied++;
	return map_put(&c->indicator, r->v[IN_ID], id);
}

static int target_row(void *arg, const struct store_copy_row *r)
{
	struct copy *c = arg;
	grid_copy_counts *n = &c->res->tables[GRID_COPY_TARGETS];
	const struct store_copy_row *d = &c->found.r;
	struct store_copy_row w = *r;
	int64_t id;
	int rc, found = 0;

	if ((rc = map_col(&c->indicator, &w, TG_INDICATOR_ID, N_("indicator"))) ||
		(rc = map_col(&c->unit, &w, TG_UNIT_ID, N_("unit"))))
		return rc;
	if (!c->empty[SC_TARGET] && (rc = store_copy_find(c->dst, SF_TARGET, &w, &c->found, &found)))
		return rc;
	if (!found && !c->same_ids && r->null[TG_UNIT_ID])
		return conflict("the %lld target of '%s' is of the whole of SOURCE, which a DEST holding other units "
				"cannot take as its own: set it for a unit in SOURCE first (grid target set --unit)",
			(long long)r->v[TG_YEAR], r->t[TG_INDICATOR]);
	if (found) {
		if (d->v[TG_VALUE] != r->v[TG_VALUE] || d->v[TG_DECIMALS] != r->v[TG_DECIMALS]) {
			char a[GRID_DECIMAL_BUFSZ], b[GRID_DECIMAL_BUFSZ];

			return conflict("the %lld target of '%s' for %s is %s in DEST, %s in SOURCE", (long long)r->v[TG_YEAR],
				r->t[TG_INDICATOR], r->t[TG_UNIT] ? r->t[TG_UNIT] : _("the whole"),
				grid_decimal_format(a, d->v[TG_VALUE], (int)d->v[TG_DECIMALS]),
				grid_decimal_format(b, r->v[TG_VALUE], (int)r->v[TG_DECIMALS]));
		}
		n->present++;
		return GRID_OK;
	}
	if ((rc = insert(c, SC_TARGET, &w, TG_ID, &id, N_("target"), r->t[TG_INDICATOR])))
		return rc;
	n->copied++;
	return GRID_OK;
}

/* A figure is recorded once: the same one (value, date and time of
 * recording) in both is one.  A figure of the whole of SOURCE is not
 * one of a DEST holding other units (the street's revenue is not the
 * city's), nor is a target (target_row). */
static int figure_row(void *arg, const struct store_copy_row *r)
{
	struct copy *c = arg;
	grid_copy_counts *n = &c->res->tables[GRID_COPY_FIGURES];
	struct store_copy_row w = *r;
	int64_t id;
	int rc, found = 0;

	if ((rc = map_col(&c->indicator, &w, FG_INDICATOR_ID, N_("indicator"))) ||
		(rc = map_col(&c->unit, &w, FG_UNIT_ID, N_("unit"))))
		return rc;
	if (!c->empty[SC_FIGURE] && (rc = store_copy_find(c->dst, SF_FIGURE, &w, &c->found, &found)))
		return rc;
	if (!found && !c->same_ids && r->null[FG_UNIT_ID])
		return conflict("the figure of '%s' on %s is of the whole of SOURCE, which a DEST holding other units "
				"cannot take as its own: record it for a unit in SOURCE first",
			r->t[FG_INDICATOR], r->t[FG_AS_OF]);
	if (found) {
		n->present++;
		return GRID_OK;
	}
	if ((rc = insert(c, SC_FIGURE, &w, FG_ID, &id, N_("figure"), r->t[FG_AS_OF])))
		return rc;
	n->copied++;
	return GRID_OK;
}

/* Do projects D (DEST's) and R (SOURCE's) mean the same, as of the same
 * change? */
static int same_project(const struct store_copy_row *d, const struct store_copy_row *r)
{
	return same_text(d->t[PJ_NAME], r->t[PJ_NAME]) && same_text(d->t[PJ_LEVEL], r->t[PJ_LEVEL]) &&
		same_text(d->t[PJ_STAGE], r->t[PJ_STAGE]) && d->null[PJ_INVESTMENT] == r->null[PJ_INVESTMENT] &&
		d->v[PJ_INVESTMENT] == r->v[PJ_INVESTMENT] && same_text(d->t[PJ_UNIT], r->t[PJ_UNIT]) &&
		same_text(d->t[PJ_PERSON], r->t[PJ_PERSON]) && d->v[PJ_CREATED_AT] == r->v[PJ_CREATED_AT] &&
		d->v[PJ_CHANGED_AT] == r->v[PJ_CHANGED_AT];
}

static int project_row(void *arg, const struct store_copy_row *r)
{
	struct copy *c = arg;
	grid_copy_counts *n = &c->res->tables[GRID_COPY_PROJECTS];
	struct store_copy_row w = *r;
	int64_t id;
	int rc, found = 0;

	if (!c->empty[SC_PROJECT] && (rc = store_copy_find(c->dst, SF_PROJECT, r, &c->found, &found)))
		return rc;
	if (found) {
		if (!same_project(&c->found.r, r))
			return conflict("project '%s' is another in DEST, or changed since they were one", r->t[PJ_CODE]);
		n->present++;
		return map_put(&c->project, r->v[PJ_ID], PROJECT_VAL(c->found.r.v[PJ_ID], 0));
	}
	if ((rc = map_col(&c->unit, &w, PJ_UNIT_ID, N_("unit"))) ||
		(rc = insert(c, SC_PROJECT, &w, PJ_ID, &id, N_("project"), r->t[PJ_CODE])))
		return rc;
	n->copied++;
	return map_put(&c->project, r->v[PJ_ID], PROJECT_VAL(id, 1));
}

/* A project's history goes with it; one DEST held already (the same as
 * of its last change) has this history there. */
static int project_event_row(void *arg, const struct store_copy_row *r)
{
	struct copy *c = arg;
	grid_copy_counts *n = &c->res->tables[GRID_COPY_PROJECT_EVENTS];
	struct store_copy_row w = *r;
	int64_t v = 0, id;
	int rc;

	if ((rc = ref_of(&c->project, r, PE_PROJECT_ID, "project", &v)))
		return rc;
	if (!PROJECT_MADE(v)) {
		n->present++;
		return GRID_OK;
	}
	w.v[PE_PROJECT_ID] = PROJECT_ID(v);
	if ((rc = insert(c, SC_PROJECT_EVENT, &w, PE_ID, &id, N_("project event"), r->t[PE_KIND])))
		return rc;
	n->copied++;
	return GRID_OK;
}

static int copy_year(struct copy *c)
{
	int rc;

	if ((rc = store_copy_each(c->src, SC_INDICATOR, indicator_row, c)) ||
		(rc = store_copy_each(c->src, SC_TARGET, target_row, c)) ||
		(rc = store_copy_each(c->src, SC_FIGURE, figure_row, c)) ||
		(rc = store_copy_each(c->src, SC_PROJECT, project_row, c)))
		return rc;
	return store_copy_each(c->src, SC_PROJECT_EVENT, project_event_row, c);
}

/* ---- the whole ---------------------------------------------------------------------- */

static int copy_all(struct copy *c)
{
	struct store_bulk indexes, keys;
	int rc;

	memset(&indexes, 0, sizeof(indexes));
	memset(&keys, 0, sizeof(keys));
	for (int t = 0; t < SC_TABLES; t++)
		if ((rc = store_copy_empty(c->dst, (enum store_copy_table)t, &c->empty[t])))
			return rc;
	c->same_ids = c->empty[SC_UNIT];
	c->res->same_ids = c->same_ids;
	if ((rc = store_copy_each(c->src, SC_LEVEL, level_row, c)) ||
		(rc = store_copy_each(c->src, SC_DEPARTMENT, department_row, c)) ||
		(rc = store_copy_each(c->src, SC_CATEGORY, category_row, c)) ||
		(rc = store_copy_each(c->src, SC_UNIT, unit_row, c)) ||
		(c->units_made && !c->same_ids && (rc = store_unit_renumber(c->dst))) ||
		(rc = store_copy_each(c->src, SC_PERSON, person_row, c)) ||
		(rc = store_copy_each(c->src, SC_ASSIGNMENT, assignment_row, c)) ||
		(rc = store_copy_each(c->src, SC_SETTING, setting_row, c)))
		return rc;
	/* Into an empty issue table the indexes are built and the keys
	 * checked once, at the end. */
	if (!(rc = store_bulk_drop_indexes(c->dst, &indexes)) && !(rc = store_copy_keys_aside(c->dst, &keys)) &&
		!(rc = copy_issues(c)) && !(rc = copy_history(c)) && !(rc = copy_field(c, SC_VISIT, visit_row)) &&
		!(rc = copy_field(c, SC_DIARY, diary_row)) && !(rc = copy_year(c)) &&
		!(rc = store_bulk_index(c->dst, &indexes)) &&
		!(rc = store_bulk_index(c->dst, &keys)))
		rc = store_copy_analyze(c->dst);
	store_bulk_free(&indexes);
	store_bulk_free(&keys);
	return rc;
}

static void copy_free(struct copy *c)
{
	map_free(&c->dept);
	map_free(&c->cat);
	map_free(&c->unit);
	map_free(&c->person);
	map_free(&c->indicator);
	map_free(&c->project);
	free(c->issue);
	free(c->dups);
	free(c->tips);
	for (size_t i = 0; i < c->nrefs; i++)
		free(c->refs[i]);
	store_copy_found_free(&c->found);
}

/* A source whose history does not verify is not copied: chained again in
 * DEST, its changes would verify there. */
static int verify_source(struct store *src, const char *name)
{
	char text[HISTORY_PROBLEM_SIZE];
	int rc, intact;

	if ((rc = history_verify_intact(src, text, &intact)))
		return rc;
	if (!intact)
		return grid_error_set(GRID_EINPUT,
			"the history of source '%s' does not verify (%s; see grid verify): it is not copied, so that "
			"its changes do not verify in DEST",
			name, text);
	return GRID_OK;
}

/* Are the files SOURCE and DEST (SQLite) one file? */
static int same_file(const char *source, const char *dest)
{
	const char *a, *b;
	struct stat sa, sb;

	return store_copy_is_file(source, &a) && store_copy_is_file(dest, &b) && stat(a, &sa) == 0 &&
		stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* Remove the file DEST a failed copy created, with its companions. */
static void remove_created(const char *path)
{
	char name[4200];

	unlink(path);
	for (int i = 0; store_companion_suffixes[i]; i++) {
		snprintf(name, sizeof(name), "%s%s", path, store_companion_suffixes[i]);
		unlink(name);
	}
}

int grid_db_copy(const char *source, const char *dest, grid_copy_result *res)
{
	struct copy c;
	const char *path = NULL;
	int rc, found, switched = 0, created = 0, same = 0, reading = 0;

	memset(res, 0, sizeof(*res));
	memset(&c, 0, sizeof(c));
	c.res = res;
	if (!source || !*source || !dest || !*dest)
		return grid_error_set(GRID_EUSAGE, "a copy needs a source and a dest");
	if (strcmp(source, dest) == 0 || same_file(source, dest))
		return grid_error_set(GRID_EUSAGE, "the source and the dest are the same database '%s'", dest);
	if ((rc = store_open(&c.src, source, GRID_OPEN_READONLY, &found)))
		return rc;
	if (!(rc = store_copy_read_begin(c.src))) {
		reading = 1;
		rc = verify_source(c.src, source);
	}
	if (rc == GRID_OK) {
		created = store_copy_is_file(dest, &path) && access(path, F_OK) != 0;
		rc = store_open(&c.dst, dest, GRID_OPEN_CREATE, &found);
		if (rc)
			created = 0;
	}
	if (rc == GRID_OK && !(rc = store_copy_same_server_db(c.src, c.dst, &same)) && same)
		rc = grid_error_set(GRID_EUSAGE, "the source and the dest are the same database '%s'", dest);
	if (rc == GRID_OK && !(rc = store_bulk_begin(c.dst, 1, &switched))) {
		if (!(rc = store_begin(c.dst)))
			rc = store_end(c.dst, copy_all(&c));
		store_bulk_end(c.dst, switched);
	}
	if (reading)
		store_copy_read_end(c.src);
	copy_free(&c);
	store_close(c.dst);
	store_close(c.src);
	if (rc && created)
		remove_created(path);
	if (rc)
		memset(res, 0, sizeof(*res));
	return rc;
}
