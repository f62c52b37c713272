/* Key projects (重点项目, grid-project(1)): adding and changing them with
 * their append-only history, the list and the counts a notice says of
 * them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "grid/project.h"
#include "grid/time.h"
#include "internal.h"
#include "store/project.h"
#include "store/store.h"
#include "strpool.h"
#include "text_check.h"

/* Who may add and change key projects. */
#define PROJECT_WRITERS (GRID_ROLE_ADMIN | GRID_ROLE_LEADER)

static const char *const level_names[GRID_PROJECT_LEVELS] = { "city", "district", "street" };
static const char *const stage_names[GRID_PROJECT_STAGES] = { "planned", "building", "done" };

const char *grid_project_level_name(int level)
{
	return level >= 0 && level < GRID_PROJECT_LEVELS ? level_names[level] : NULL;
}

const char *grid_project_stage_name(int stage)
{
	return stage >= 0 && stage < GRID_PROJECT_STAGES ? stage_names[stage] : NULL;
}

static int name_index(const char *const *names, int n, const char *name)
{
	for (int i = 0; name && i < n; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	return -1;
}

int grid_project_level_parse(const char *name)
{
	return name_index(level_names, GRID_PROJECT_LEVELS, name);
}

int grid_project_stage_parse(const char *name)
{
	return name_index(stage_names, GRID_PROJECT_STAGES, name);
}

char *grid_project_investment_format(char *buf, int64_t yuan)
{
	size_t n;

	grid_decimal_format(buf, yuan, GRID_DECIMAL_MAX_DECIMALS);
	/* "1234.5000" → "1234.5", "110000.0000" → "110000". */
	n = strlen(buf);
	while (n > 0 && buf[n - 1] == '0')
		buf[--n] = '\0';
	if (n > 0 && buf[n - 1] == '.')
		buf[--n] = '\0';
	return buf;
}

/* ---- the checks of a write --------------------------------------------- */

/* The level, stage and investment of OPTS: each unchanged or in range. */
static int check_values(const grid_project_opts *opts)
{
	if (opts->level != GRID_PROJECT_UNCHANGED && !grid_project_level_name(opts->level))
		return grid_error_set_field(grid_error_set(GRID_EUSAGE,
			"level %d is none of city, district, street", opts->level), "level");
	if (opts->stage != GRID_PROJECT_UNCHANGED && !grid_project_stage_name(opts->stage))
		return grid_error_set_field(grid_error_set(GRID_EUSAGE,
			"stage %d is none of planned, building, done", opts->stage), "stage");
	if (opts->investment != GRID_PROJECT_UNCHANGED && opts->investment < 0)
		return grid_error_set_field(grid_error_set(GRID_EUSAGE,
			"investment %lld is negative", (long long)opts->investment), "investment");
	return GRID_OK;
}

/* The texts of OPTS, each within its kind's limits. */
static int check_texts(const grid_project_opts *opts, int adding)
{
	int rc;

	if ((rc = grid_text_check_named("code", opts->code, GRID_TEXT_CODE, 1)) ||
		(rc = grid_text_check_named("name", opts->name, GRID_TEXT_NAME, adding)) ||
		(rc = grid_text_check_named("unit", opts->unit, GRID_TEXT_CODE, 0)) ||
		(rc = grid_text_check_named("person", opts->person, GRID_TEXT_CODE, 0)) ||
		(rc = grid_text_check_named("note", opts->note, GRID_TEXT_NOTE, 0)) ||
		(opts->milestone && (rc = grid_text_check_named("milestone", opts->milestone, GRID_TEXT_TITLE, 1))))
		return rc;
	return GRID_OK;
}

/* The time of the event into *AT: OPTS's, or now; never after now. */
static int event_time(grid_db *db, const grid_project_opts *opts, int64_t *at)
{
	int64_t now = grid_db_now(db);
	char iso[40];

	*at = opts->at ? opts->at : now;
	if (*at <= now)
		return GRID_OK;
	grid_time_format(iso, sizeof(iso), *at);
	return grid_error_set_field(grid_error_set(GRID_EINPUT, "time '%s' is in the future", iso), "at");
}

/* The milestone's date into DATE (16 bytes): OPTS's, or the local date of
 * AT; never after the date of AT, when it is recorded. */
static int milestone_date(const grid_project_opts *opts, int64_t at, char *date)
{
	char day[16];
	int64_t midnight;
	int rc;

	grid_date_format(day, sizeof(day), at);
	if (!opts->date) {
		memcpy(date, day, sizeof(day));
		return GRID_OK;
	}
	if ((rc = grid_date_parse(&midnight, opts->date)))
		return grid_error_set_field(rc, "date");
	grid_date_format(date, 16, midnight);
	if (strcmp(date, day) > 0)
		return grid_error_set_field(grid_error_set(GRID_EINPUT,
			"milestone date '%s' is after the day it is recorded (%s)", date, day), "date");
	return GRID_OK;
}

/* ---- writing ------------------------------------------------------------- */

/* A write as grid_db_write runs it (perhaps more than once). */
struct project_write {
	const grid_project_opts *opts;
	int64_t at;
	char date[16];      /* the milestone's */
	int events;         /* written */
};

/* Set P's unit and person to those OPTS names, which must exist. */
static int apply_refs(grid_db *db, const grid_project_opts *opts, struct store_project_state *p)
{
	struct store_unit_ref u;
	unsigned roles;
	int rc;

	if (opts->unit) {
		if ((rc = store_unit_find(db->store, opts->unit, &u)))
			return grid_error_set_field(rc, "unit");
		p->unit_id = u.id;
		snprintf(p->unit, sizeof(p->unit), "%s", opts->unit);
	}
	if (opts->person) {
		if ((rc = store_person_roles(db->store, opts->person, &roles)))
			return grid_error_set_field(rc, "person");
		snprintf(p->person, sizeof(p->person), "%s", opts->person);
	}
	return GRID_OK;
}

/* Record an event of KIND on project P (the whole state it leaves, for
 * add and update) by the acting person. */
static int add_event(grid_db *db, struct project_write *w, const struct store_project_state *p, const char *kind,
	const char *note)
{
	struct store_project_event e;
	int milestone = strcmp(kind, "milestone") == 0;

	memset(&e, 0, sizeof(e));
	e.project_id = p->id;
	e.at = w->at;
	e.kind = kind;
	e.date = milestone ? w->date : NULL;
	e.stage = milestone ? NULL : p->stage;
	e.has_investment = !milestone && p->has_investment;
	e.investment = p->investment;
	if (!milestone) {
		e.name = p->name;
		e.level = p->level;
		e.unit = *p->unit ? p->unit : NULL;
		e.person = *p->person ? p->person : NULL;
	}
	e.note = note && *note ? note : NULL;
	e.actor = db->actor;
	e.recorded_by = db->login;
	w->events++;
	return store_project_event_add(db->store, &e);
}

static int add_body(grid_db *db, void *arg)
{
	struct project_write *w = arg;
	const grid_project_opts *o = w->opts;
	struct store_project_state p;
	int exists = 0, rc;

	w->events = 0;
	if ((rc = store_project_exists(db->store, o->code, &exists)))
		return rc;
	if (exists)
		return grid_error_set(GRID_ECONFLICT, "key project '%s' already exists", o->code);
	memset(&p, 0, sizeof(p));
	snprintf(p.code, sizeof(p.code), "%s", o->code);
	snprintf(p.name, sizeof(p.name), "%s", o->name);
	snprintf(p.level, sizeof(p.level), "%s", level_names[o->level]);
	snprintf(p.stage, sizeof(p.stage), "%s",
		stage_names[o->stage == GRID_PROJECT_UNCHANGED ? GRID_PROJECT_PLANNED : o->stage]);
	p.has_investment = o->investment != GRID_PROJECT_UNCHANGED;
	p.investment = p.has_investment ? o->investment : 0;
	p.created_at = p.changed_at = w->at;
	if ((rc = apply_refs(db, o, &p)) || (rc = store_project_insert(db->store, &p, &p.id)))
		return rc;
	return add_event(db, w, &p, "add", o->note);
}

/* OPTS as this library knows them. */
static int check_opts(const grid_project_opts *opts)
{
	if (!opts || opts->version != GRID_PROJECT_OPTS_VERSION)
		return grid_error_set(GRID_EUSAGE, "unsupported key project options version");
	return GRID_OK;
}

int grid_project_add(grid_db *db, const grid_project_opts *opts)
{
	struct project_write w;
	int rc;

	if ((rc = check_opts(opts)))
		return rc;
	memset(&w, 0, sizeof(w));
	w.opts = opts;
	if ((rc = check_texts(opts, 1)) || (rc = check_values(opts)))
		return rc;
	if (opts->level == GRID_PROJECT_UNCHANGED)
		return grid_error_set_field(grid_error_set(GRID_EUSAGE, "a key project needs a level"), "level");
	if (opts->milestone || opts->date)
		return grid_error_set_field(grid_error_set(GRID_EUSAGE,
			"a milestone is recorded by an update, not when the project is added"), "milestone");
	if ((rc = event_time(db, opts, &w.at)) || (rc = grid_require_role(db, PROJECT_WRITERS, "project add")))
		return rc;
	return grid_db_write(db, add_body, &w);
}

/* Apply the fields OPTS gives to P; *changed 1 when any differs. */
static void apply_fields(const grid_project_opts *o, const struct store_project_state *old,
	struct store_project_state *p, int *changed)
{
	if (o->name)
		snprintf(p->name, sizeof(p->name), "%s", o->name);
	if (o->level != GRID_PROJECT_UNCHANGED)
		snprintf(p->level, sizeof(p->level), "%s", level_names[o->level]);
	if (o->stage != GRID_PROJECT_UNCHANGED)
		snprintf(p->stage, sizeof(p->stage), "%s", stage_names[o->stage]);
	if (o->investment != GRID_PROJECT_UNCHANGED) {
		p->has_investment = 1;
		p->investment = o->investment;
	}
	*changed = strcmp(p->name, old->name) != 0 || strcmp(p->level, old->level) != 0 ||
		strcmp(p->stage, old->stage) != 0 || p->has_investment != old->has_investment ||
		p->investment != old->investment || p->unit_id != old->unit_id || strcmp(p->person, old->person) != 0;
}

/* The project's history runs forward: no event before its last one. */
static int check_forward(const struct store_project_state *p, int64_t at)
{
	char a[40], b[40];

	if (at >= p->changed_at)
		return GRID_OK;
	grid_time_format(a, sizeof(a), at);
	grid_time_format(b, sizeof(b), p->changed_at);
	return grid_error_set_field(grid_error_set(GRID_ECONFLICT,
		"key project '%s': the time %s is before its last event (%s); history runs forward", p->code, a, b), "at");
}

static int update_body(grid_db *db, void *arg)
{
	struct project_write *w = arg;
	const grid_project_opts *o = w->opts;
	struct store_project_state old, p;
	int changed = 0, rc;

	w->events = 0;
	if ((rc = store_project_load(db->store, o->code, &old)) || (rc = check_forward(&old, w->at)))
		return rc;
	p = old;
	if ((rc = apply_refs(db, o, &p)))
		return rc;
	apply_fields(o, &old, &p, &changed);
	if (!changed && !(o->note && *o->note) && !o->milestone)
		return GRID_OK;
	p.changed_at = w->at;
	if ((rc = store_project_save(db->store, &p)))
		return rc;
	if ((changed || (o->note && *o->note)) && (rc = add_event(db, w, &p, "update", o->note)))
		return rc;
	return o->milestone ? add_event(db, w, &p, "milestone", o->milestone) : GRID_OK;
}

int grid_project_update(grid_db *db, const grid_project_opts *opts, int *events)
{
	struct project_write w;
	int rc;

	if (events)
		*events = 0;
	if ((rc = check_opts(opts)))
		return rc;
	memset(&w, 0, sizeof(w));
	w.opts = opts;
	if ((rc = check_texts(opts, 0)) || (rc = check_values(opts)))
		return rc;
	if (opts->date && !opts->milestone)
		return grid_error_set_field(grid_error_set(GRID_EUSAGE, "a date goes with a milestone"), "date");
	if (!opts->name && opts->level == GRID_PROJECT_UNCHANGED && opts->stage == GRID_PROJECT_UNCHANGED &&
		opts->investment == GRID_PROJECT_UNCHANGED && !opts->unit && !opts->person && !opts->note &&
		!opts->milestone)
		return grid_error_set(GRID_EUSAGE, "nothing to change: give a field, a note or a milestone");
	if ((rc = event_time(db, opts, &w.at)) || (opts->milestone && (rc = milestone_date(opts, w.at, w.date))) ||
		(rc = grid_require_role(db, PROJECT_WRITERS, "project update")))
		return rc;
	if ((rc = grid_db_write(db, update_body, &w)) == GRID_OK && events)
		*events = w.events;
	return rc;
}

/* ---- reading ------------------------------------------------------------- */

/* P as the store's row R shows it, its strings R's. */
static int from_row(const struct store_project_row *r, grid_project *p)
{
	int level = grid_project_level_parse(r->level), stage = grid_project_stage_parse(r->stage);

	/* The tables' CHECKs hold them to the keys: a row of another kind
	 * was written past them. */
	if (level < 0 || stage < 0)
		return grid_error_set(GRID_EFAIL, "key project '%s' has an unknown level or stage", r->code);
	memset(p, 0, sizeof(*p));
	p->code = r->code;
	p->name = r->name;
	p->level = (grid_project_level)level;
	p->stage = (grid_project_stage)stage;
	p->has_investment = r->has_investment;
	p->investment = r->investment;
	p->unit = r->unit;
	p->unit_name = r->unit_name;
	p->person = r->person;
	p->person_name = r->person_name;
	p->milestone = r->milestone;
	p->milestone_date = r->milestone_date;
	p->created_at = r->created_at;
	p->changed_at = r->changed_at;
	return GRID_OK;
}

/* The list with the strings it owns. */
struct list_full {
	grid_project_list pub;
	size_t cap;
	struct strpool strs;
};

/* A copy of S owned by L, or NULL for NULL; *failed set when memory ran out. */
static const char *keep(struct list_full *l, const char *s, int *failed)
{
	const char *k;

	if (!s)
		return NULL;
	if (!(k = strpool_keep(&l->strs, s)))
		*failed = 1;
	return k;
}

/* Count P in C; GRID_EFAIL when the sum of the investments overflows. */
static int count_project(grid_project_counts *c, const grid_project *p)
{
	c->total++;
	c->level[p->level]++;
	c->stage[p->stage]++;
	if (!p->has_investment) {
		c->no_investment++;
		return GRID_OK;
	}
	c->band_100m += p->investment >= GRID_PROJECT_BAND_100M;
	c->band_1b += p->investment >= GRID_PROJECT_BAND_1B;
	if (__builtin_add_overflow(c->investment, p->investment, &c->investment))
		return grid_error_set(GRID_EFAIL, "the sum of the investments is beyond 64 bits");
	return GRID_OK;
}

static int on_list_row(void *ctx, const struct store_project_row *r)
{
	struct list_full *l = ctx;
	grid_project_list *pub = &l->pub;
	grid_project *v = grid_array_room(pub->projects, pub->nprojects, &l->cap, sizeof(*v), 16);
	grid_project *p;
	int failed = 0, rc;

	if (!v)
		return GRID_EFAIL;
	pub->projects = v;
	p = &v[pub->nprojects];
	if ((rc = from_row(r, p)))
		return rc;
	p->code = keep(l, r->code, &failed);
	p->name = keep(l, r->name, &failed);
	p->unit = keep(l, r->unit, &failed);
	p->unit_name = keep(l, r->unit_name, &failed);
	p->person = keep(l, r->person, &failed);
	p->person_name = keep(l, r->person_name, &failed);
	p->milestone = keep(l, r->milestone, &failed);
	p->milestone_date = keep(l, r->milestone_date, &failed);
	if (failed)
		return GRID_EFAIL;
	pub->nprojects++;
	return count_project(&pub->counts, p);
}

/* The store's query of Q: its level, stage and unit checked. */
static int store_query(grid_db *db, const grid_project_query *q, struct store_project_query *sq)
{
	struct store_unit_ref u;
	int rc;

	memset(sq, 0, sizeof(*sq));
	if (q->level != -1 && !(sq->level = grid_project_level_name(q->level)))
		return grid_error_set_field(grid_error_set(GRID_EUSAGE,
			"level %d is none of city, district, street", q->level), "level");
	if (q->stage != -1 && !(sq->stage = grid_project_stage_name(q->stage)))
		return grid_error_set_field(grid_error_set(GRID_EUSAGE,
			"stage %d is none of planned, building, done", q->stage), "stage");
	if (q->unit) {
		if ((rc = store_unit_find(db->store, q->unit, &u)))
			return grid_error_set_field(rc, "unit");
		sq->has_unit = 1;
		sq->whole = q->whole;
		sq->lft = u.lft;
		sq->rgt = u.rgt;
	}
	sq->as_of = q->as_of;
	return GRID_OK;
}

int grid_project_list_build(grid_db *db, const grid_project_query *query, grid_project_list **out)
{
	grid_project_query all = GRID_PROJECT_QUERY_INIT;
	struct store_project_query sq;
	struct list_full *l;
	int rc;

	*out = NULL;
	if (!query)
		query = &all;
	if (query->version != GRID_PROJECT_QUERY_VERSION)
		return grid_error_set(GRID_EUSAGE, "unsupported key project query version");
	if ((rc = store_query(db, query, &sq)))
		return rc;
	if (!(l = calloc(1, sizeof(*l))))
		return grid_error_oom();
	l->pub.as_of = query->as_of;
	if ((rc = store_project_list(db->store, &sq, on_list_row, l))) {
		grid_project_list_free(&l->pub);
		return rc;
	}
	*out = &l->pub;
	return GRID_OK;
}

void grid_project_list_free(grid_project_list *list)
{
	/* The public part is the first member of the whole. */
	struct list_full *l = (struct list_full *)list;

	if (!l)
		return;
	strpool_free(&l->strs);
	free(l->pub.projects);
	free(l);
}

struct get_walk {
	grid_project_cb cb;
	void *ctx;
	int found;
};

static int on_get_row(void *ctx, const struct store_project_row *r)
{
	struct get_walk *w = ctx;
	grid_project p;
	int rc;

	w->found = 1;
	if ((rc = from_row(r, &p)))
		return rc;
	return w->cb(w->ctx, &p);
}

int grid_project_get(grid_db *db, const char *code, grid_project_cb cb, void *ctx)
{
	struct store_project_query sq;
	struct get_walk w = { cb, ctx, 0 };
	int rc;

	memset(&sq, 0, sizeof(sq));
	sq.code = code;
	if ((rc = store_project_list(db->store, &sq, on_get_row, &w)))
		return rc;
	if (!w.found)
		return grid_error_set(GRID_ENOTFOUND, "unknown %s '%s'", _("key project"), code);
	return GRID_OK;
}

struct history_walk {
	grid_project_event_cb cb;
	void *ctx;
};

static int on_event(void *ctx, const struct store_project_event_row *r)
{
	struct history_walk *w = ctx;
	grid_project_event e;

	e.at = r->at;
	e.kind = r->kind;
	e.actor = r->actor;
	e.recorded_by = r->recorded_by;
	e.stage = r->stage ? grid_project_stage_parse(r->stage) : -1;
	e.has_investment = r->has_investment;
	e.investment = r->investment;
	e.date = r->date;
	e.note = r->note;
	e.name = r->name;
	e.level = r->level;
	e.unit = r->unit;
	e.person = r->person;
	return w->cb(w->ctx, &e);
}

int grid_project_history(grid_db *db, const char *code, grid_project_event_cb cb, void *ctx)
{
	struct store_project_state p;
	struct history_walk w = { cb, ctx };
	int rc;

	if ((rc = store_project_load(db->store, code, &p)))
		return rc;
	return store_project_events(db->store, p.id, on_event, &w);
}
