/* grid export: the whole roster in canonical order, as YAML in the import
 * format (libyaml's emitter) or as the same structure in JSON.
 *
 * Both go through one small writer interface, so that the two formats
 * cannot drift apart.  The writer lays out the JSON structure (streamed,
 * indented like the YAML); jansson encodes every string. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <yaml.h>

#include "grid/text.h"
#include "internal.h"
#include "store/roster.h"
#include "store/target.h"

#define MAX_NEST 64

enum scalar_kind { S_STR, S_NUM };

struct em {
	int json;
	FILE *out;
	int failed;
	/* YAML */
	yaml_emitter_t ye;
	/* JSON: per open container, items written so far and whether it is a map */
	int depth;
	int count[MAX_NEST];
	int after_key;
};

static void y_emit(struct em *e, yaml_event_t *ev, int ok)
{
	if (!ok || e->failed || !yaml_emitter_emit(&e->ye, ev))
		e->failed = 1;
}

static void j_indent(struct em *e)
{
	int i;

	fputc('\n', e->out);
	for (i = 0; i < e->depth; i++)
		fputs("  ", e->out);
}

/* Before a value or key in JSON: the comma and the line break. */
static void j_item(struct em *e)
{
	if (e->after_key) {
		e->after_key = 0;
		return;
	}
	if (e->depth > 0) {
		if (e->count[e->depth - 1]++)
			fputc(',', e->out);
		j_indent(e);
	}
}

static void j_string(struct em *e, const char *s)
{
	json_t *str = json_string(s);

	/* NULL for text that is not UTF-8: the import refused such text, so
	 * the database cannot hold it. */
	if (!str || json_dumpf(str, e->out, JSON_ENCODE_ANY) != 0)
		e->failed = 1;
	json_decref(str);
}

static void open_c(struct em *e, int map, int flow)
{
	if (e->json) {
		j_item(e);
		fputc(map ? '{' : '[', e->out);
		if (e->depth < MAX_NEST)
			e->count[e->depth] = 0;
		e->depth++;
	} else if (map) {
		yaml_event_t ev;
		int ok = yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
			flow ? YAML_FLOW_MAPPING_STYLE : YAML_BLOCK_MAPPING_STYLE);
		y_emit(e, &ev, ok);
	} else {
		yaml_event_t ev;
		int ok = yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1,
			flow ? YAML_FLOW_SEQUENCE_STYLE : YAML_BLOCK_SEQUENCE_STYLE);
		y_emit(e, &ev, ok);
	}
}

static void close_c(struct em *e, int map)
{
	if (e->json) {
		e->depth--;
		if (e->count[e->depth])
			j_indent(e);
		fputc(map ? '}' : ']', e->out);
	} else {
		yaml_event_t ev;
		int ok = map ? yaml_mapping_end_event_initialize(&ev) : yaml_sequence_end_event_initialize(&ev);
		y_emit(e, &ev, ok);
	}
}

static void scalar(struct em *e, const char *v, enum scalar_kind kind)
{
	if (e->json) {
		j_item(e);
		if (kind == S_NUM)
			fputs(v, e->out);
		else
			j_string(e, v);
	} else {
		yaml_event_t ev;
		/* A string a reader would take for a number, boolean or null is
		 * quoted; the emitter quotes whatever else plain style cannot hold. */
		yaml_scalar_style_t style = kind == S_STR && !roster_plain_is_string(v, strlen(v))
			? YAML_DOUBLE_QUOTED_SCALAR_STYLE : YAML_ANY_SCALAR_STYLE;
		int ok = yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)(uintptr_t)v, (int)strlen(v),
			style == YAML_ANY_SCALAR_STYLE, 1, style);
		y_emit(e, &ev, ok);
	}
}

static void key(struct em *e, const char *k)
{
	if (e->json) {
		j_item(e);
		j_string(e, k);
		fputs(": ", e->out);
		e->after_key = 1;
	} else {
		scalar(e, k, S_STR);
	}
}

/* key: value, skipped when V is NULL. */
static void kv(struct em *e, const char *k, const char *v, enum scalar_kind kind)
{
	if (!v)
		return;
	key(e, k);
	scalar(e, v, kind);
}

static int row_level(void *ctx, const char *const *c, int n)
{
	(void)n;
	scalar(ctx, c[0], S_STR);
	return 0;
}

static int row_category(void *ctx, const char *const *c, int n)
{
	struct em *e = ctx;

	(void)n;
	open_c(e, 1, 1);
	kv(e, "code", c[0], S_STR);
	kv(e, "name", c[1], S_STR);
	kv(e, "deadline_hours", c[2], S_NUM);
	kv(e, "department", c[3], S_STR);
	close_c(e, 1);
	return 0;
}

static int row_department(void *ctx, const char *const *c, int n)
{
	struct em *e = ctx;

	(void)n;
	open_c(e, 1, 1);
	kv(e, "code", c[0], S_STR);
	kv(e, "name", c[1], S_STR);
	close_c(e, 1);
	return 0;
}

struct units {
	struct em *e;
	int n;
	int depth[MAX_NEST];
	int children[MAX_NEST]; /* the unit's children list is open */
};

static void unit_pop(struct units *u)
{
	u->n--;
	if (u->children[u->n])
		close_c(u->e, 0);
	close_c(u->e, 1);
}

static int row_unit(void *ctx, const char *const *c, int n)
{
	struct units *u = ctx;
	int d = atoi(c[5]);

	(void)n;
	while (u->n > 0 && u->depth[u->n - 1] >= d)
		unit_pop(u);
	if (u->n > 0 && !u->children[u->n - 1]) {
		key(u->e, "children");
		open_c(u->e, 0, 0);
		u->children[u->n - 1] = 1;
	}
	if (u->n == MAX_NEST) {
		u->e->failed = 1;
		return GRID_EFAIL;
	}
	open_c(u->e, 1, 0);
	kv(u->e, "code", c[0], S_STR);
	kv(u->e, "name", c[1], S_STR);
	kv(u->e, "level", c[2], S_STR);
	kv(u->e, "households", c[3], S_NUM);
	kv(u->e, "population", c[4], S_NUM);
	kv(u->e, "lat", c[6], S_NUM);
	kv(u->e, "long", c[7], S_NUM);
	kv(u->e, "address", c[8], S_STR);
	u->depth[u->n] = d;
	u->children[u->n] = 0;
	u->n++;
	return 0;
}

static int row_person(void *ctx, const char *const *c, int n)
{
	struct em *e = ctx;
	unsigned roles = (unsigned)atoi(c[4]), bit;

	(void)n;
	open_c(e, 1, 1);
	kv(e, "id", c[0], S_STR);
	kv(e, "name", c[1], S_STR);
	kv(e, "login", c[2], S_STR);
	kv(e, "phone", c[3], S_STR);
	if (roles) {
		key(e, "roles");
		open_c(e, 0, 1);
		for (bit = 1; bit && bit <= roles; bit <<= 1)
			if ((roles & bit) && grid_role_name(bit))
				scalar(e, grid_role_name(bit), S_STR);
		close_c(e, 0);
	}
	kv(e, "department", c[5], S_STR);
	close_c(e, 1);
	return 0;
}

static int row_assignment(void *ctx, const char *const *c, int n)
{
	struct em *e = ctx;

	(void)n;
	open_c(e, 1, 1);
	kv(e, "unit", c[0], S_STR);
	kv(e, "person", c[1], S_STR);
	kv(e, "duty", c[2], S_STR);
	close_c(e, 1);
	return 0;
}

static const char *const setting_keys[] = {
	"ranking.level", "ranking.weight.closure", "ranking.weight.on_time", "ranking.weight.visits",
	"ranking.weight.diary", "timezone", "notice.office", "notice.title", "notice.issuer", "notice.numbering",
	"eval.advanced.top", "eval.advanced.share", "eval.person.weight.closure", "eval.person.weight.on_time",
	"eval.person.weight.visits", "eval.person.weight.diary", "eval.person.weight.review", "eval.person.excellent",
	"eval.person.pass", "target.schedule",
};
#define NOTICE_FIRST 6  /* setting_keys[NOTICE_FIRST…EVAL_FIRST): notice.* */
#define EVAL_FIRST 10   /* setting_keys[EVAL_FIRST…TARGET_FIRST): eval.* */
#define TARGET_FIRST 19 /* setting_keys[TARGET_FIRST…]: target.* */

struct settings {
	char *v[GRID_ARRAY_SIZE(setting_keys)];
};

static int row_setting(void *ctx, const char *const *c, int n)
{
	struct settings *st = ctx;
	size_t i;

	(void)n;
	for (i = 0; i < GRID_ARRAY_SIZE(setting_keys); i++)
		if (!strcmp(c[0], setting_keys[i]) && !st->v[i] && !(st->v[i] = grid_strdup(c[1])))
			return GRID_EFAIL;
	return 0;
}

static int count_rows(void *ctx, const char *const *c, int n)
{
	(void)c;
	(void)n;
	++*(int *)ctx;
	return 1; /* one is enough */
}

static int has_rows(grid_db *db, enum store_export_query q, int *yes)
{
	int rc;

	*yes = 0;
	rc = store_export_rows(db->store, q, count_rows, yes);
	return rc == 1 ? GRID_OK : rc;
}

static int list_section(struct em *e, grid_db *db, const char *name, enum store_export_query q, store_row_cb cb,
	void *ctx, int flow)
{
	int yes, rc;

	if ((rc = has_rows(db, q, &yes)) || !yes)
		return rc;
	key(e, name);
	open_c(e, 0, flow);
	rc = store_export_rows(db->store, q, cb, ctx);
	if (rc)
		return rc;
	if (q == STORE_EXPORT_UNITS) {
		struct units *u = ctx;

		while (u->n > 0)
			unit_pop(u);
	}
	close_c(e, 0);
	return GRID_OK;
}

/* settings: notice: {office, title, issuer, numbering}, when one is set. */
static void write_notice(struct em *e, const struct settings *st)
{
	static const char *const names[] = { "office", "title", "issuer", "numbering" };
	size_t i, any = 0;

	for (i = NOTICE_FIRST; i < EVAL_FIRST; i++)
		any |= st->v[i] != NULL;
	if (!any)
		return;
	key(e, "notice");
	open_c(e, 1, 0);
	for (i = 0; i < GRID_ARRAY_SIZE(names); i++)
		kv(e, names[i], st->v[NOTICE_FIRST + i], S_STR);
	close_c(e, 1);
}

/* Whether one of the settings [FIRST, END) is set. */
static int any_set(const struct settings *st, size_t first, size_t end)
{
	size_t i;

	for (i = first; i < end; i++)
		if (st->v[i])
			return 1;
	return 0;
}

/* settings: eval: {advanced: {top, share}, person: {weights, excellent,
 * pass}}, the parts that are set. */
static void write_eval(struct em *e, const struct settings *st)
{
	static const char *const names[] = { "closure", "on_time", "visits", "diary", "review" };
	char *const *v = st->v + EVAL_FIRST;
	size_t i;

	if (!any_set(st, EVAL_FIRST, TARGET_FIRST))
		return;
	key(e, "eval");
	open_c(e, 1, 0);
	if (v[0] || v[1]) {
		key(e, "advanced");
		open_c(e, 1, 1);
		kv(e, "top", v[0], S_NUM);
		kv(e, "share", v[1], S_NUM);
		close_c(e, 1);
	}
	if (any_set(st, EVAL_FIRST + 2, TARGET_FIRST)) {
		key(e, "person");
		open_c(e, 1, 0);
		if (any_set(st, EVAL_FIRST + 2, EVAL_FIRST + 7)) {
			key(e, "weights");
			open_c(e, 1, 1);
			for (i = 0; i < 5; i++)
				kv(e, names[i], v[2 + i], S_NUM);
			close_c(e, 1);
		}
		kv(e, "excellent", v[7], S_NUM);
		kv(e, "pass", v[8], S_NUM);
		close_c(e, 1);
	}
	close_c(e, 1);
}

/* targets: one flow mapping a target, the indicator's name and measure
 * on its first (the import takes them from any one). */
struct targets {
	struct em *e;
	char last[GRID_MAX_CODE_BYTES + 1];
};

static int row_target(void *ctx, const char *const *c, int n)
{
	struct targets *t = ctx;
	int first = strcmp(t->last, c[0]) != 0;

	(void)n;
	open_c(t->e, 1, 1);
	kv(t->e, "indicator", c[0], S_STR);
	if (first) {
		kv(t->e, "name", c[1], S_STR);
		kv(t->e, "measure", c[2], S_STR);
	}
	kv(t->e, "year", c[3], S_NUM);
	kv(t->e, "unit", c[4], S_STR);
	kv(t->e, "value", c[5], S_NUM);
	close_c(t->e, 1);
	snprintf(t->last, sizeof t->last, "%s", c[0]);
	return 0;
}

static int has_target(void *ctx, const char *const *c, int n)
{
	(void)c;
	(void)n;
	*(int *)ctx = 1;
	return 1; /* one is enough */
}

static int write_targets(struct em *e, grid_db *db)
{
	struct targets t;
	int yes = 0, rc;

	memset(&t, 0, sizeof t);
	t.e = e;
	if ((rc = store_target_export(db->store, has_target, &yes)) != GRID_OK && rc != 1)
		return rc;
	if (!yes)
		return GRID_OK;
	key(e, "targets");
	open_c(e, 0, 0);
	if ((rc = store_target_export(db->store, row_target, &t)))
		return rc;
	close_c(e, 0);
	return GRID_OK;
}

static int write_settings(struct em *e, grid_db *db)
{
	static const char *const weight_names[] = { "closure", "on_time", "visits", "diary" };
	struct settings st;
	int rc, i, weights = 0, any = 0;

	memset(&st, 0, sizeof st);
	if ((rc = store_export_rows(db->store, STORE_EXPORT_SETTINGS, row_setting, &st)))
		goto done;
	for (i = 1; i <= 4; i++)
		weights |= st.v[i] != NULL;
	for (i = 0; i < (int)GRID_ARRAY_SIZE(setting_keys); i++)
		any |= st.v[i] != NULL;
	if (!any)
		goto done;
	key(e, "settings");
	open_c(e, 1, 0);
	if (st.v[0] || weights) {
		key(e, "ranking");
		open_c(e, 1, 1);
		kv(e, "level", st.v[0], S_STR);
		if (weights) {
			key(e, "weights");
			open_c(e, 1, 1);
			for (i = 0; i < 4; i++)
				kv(e, weight_names[i], st.v[i + 1], S_NUM);
			close_c(e, 1);
		}
		close_c(e, 1);
	}
	kv(e, "timezone", st.v[5], S_STR);
	write_notice(e, &st);
	write_eval(e, &st);
	if (st.v[TARGET_FIRST]) {
		key(e, "target");
		open_c(e, 1, 1);
		kv(e, "schedule", st.v[TARGET_FIRST], S_STR);
		close_c(e, 1);
	}
	close_c(e, 1);
done:
	for (i = 0; i < (int)GRID_ARRAY_SIZE(setting_keys); i++)
		free(st.v[i]);
	return rc;
}

int grid_roster_export(grid_db *db, enum grid_export_format format, FILE *out)
{
	struct em e;
	struct units u;
	yaml_event_t ev;
	int rc = GRID_OK, ok;

	memset(&e, 0, sizeof e);
	memset(&u, 0, sizeof u);
	u.e = &e;
	e.json = format == GRID_EXPORT_JSON;
	e.out = out;
	if (!e.json) {
		if (!yaml_emitter_initialize(&e.ye))
			return grid_error_oom();
		yaml_emitter_set_output_file(&e.ye, out);
		yaml_emitter_set_unicode(&e.ye, 1);
		yaml_emitter_set_width(&e.ye, -1);
		yaml_emitter_set_indent(&e.ye, 2);
		ok = yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING);
		y_emit(&e, &ev, ok);
		ok = yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1);
		y_emit(&e, &ev, ok);
	}
	open_c(&e, 1, 0);
	kv(&e, "version", "1", S_NUM);
	if ((rc = list_section(&e, db, "levels", STORE_EXPORT_LEVELS, row_level, &e, 1)) ||
	    (rc = list_section(&e, db, "categories", STORE_EXPORT_CATEGORIES, row_category, &e, 0)) ||
	    (rc = list_section(&e, db, "departments", STORE_EXPORT_DEPARTMENTS, row_department, &e, 0)) ||
	    (rc = list_section(&e, db, "units", STORE_EXPORT_UNITS, row_unit, &u, 0)) ||
	    (rc = list_section(&e, db, "people", STORE_EXPORT_PEOPLE, row_person, &e, 0)) ||
	    (rc = list_section(&e, db, "assignments", STORE_EXPORT_ASSIGNMENTS, row_assignment, &e, 0)) ||
	    (rc = write_settings(&e, db)) || (rc = write_targets(&e, db)))
		goto done;
	close_c(&e, 1);
	if (e.json) {
		fputc('\n', out);
	} else {
		ok = yaml_document_end_event_initialize(&ev, 1);
		y_emit(&e, &ev, ok);
		ok = yaml_stream_end_event_initialize(&ev);
		y_emit(&e, &ev, ok);
		if (!e.failed && !yaml_emitter_flush(&e.ye))
			e.failed = 1;
	}
	if (e.failed)
		rc = grid_error_set(GRID_EFAIL, "cannot write the export%s%s", e.ye.problem ? ": " : "",
			e.ye.problem ? e.ye.problem : "");
done:
	if (!e.json)
		yaml_emitter_delete(&e.ye);
	return rc;
}
