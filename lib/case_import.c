/* Cases with their whole histories back from JSON Lines (the output of
 * grid issue export), all or nothing, in one transaction.
 *
 * Each line is one case: it is checked, then written with exactly the
 * events it holds, chained anew as any new issue's are.  A line at a
 * time: memory stays flat.  Into a database without issues the cases
 * keep their ids, so that `issue show` comes back unchanged. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "array.h"
#include "case_import.h"
#include "code_map.h"
#include "grid/text.h"
#include "grid/time.h"
#include "internal.h"
#include "store/copy.h"
#include "store/issue.h"

#define MAX_ERRORS 20

/* A duplicate_of to set once every case is in. */
struct dup {
	int64_t id, dup_id; /* dup_id: the id named, when no ref */
	char *ref;
	long line;
};

struct cimp {
	grid_db *db;
	const grid_ledger_opts *o;
	grid_ledger_result *res;
	struct code_map units, categories, people, departments;
	int same_ids;
	int64_t next_id;
	long line, errors, conflicts;
	int fatal; /* not about one line: I/O, SQL, memory */
	struct dup *dups;
	size_t ndup, dupcap;
	struct store_event *ev;
	size_t evcap;
	const char *where; /* "events[3]." or "" */
	char where_buf[32];
};

static const char *input_name(const struct cimp *c)
{
	return c->o->name ? c->o->name : "-";
}

static void line_error(struct cimp *c, long line, int conflict, const char *fmt, ...) GRID_PRINTF(4, 5);

static void line_error(struct cimp *c, long line, int conflict, const char *fmt, ...)
{
	char msg[700];
	char *p;
	int n;
	va_list ap;

	c->errors++;
	c->conflicts += conflict;
	if (c->errors > MAX_ERRORS || !c->o->on_error)
		return;
	n = snprintf(msg, sizeof(msg), "%s:%ld: ", input_name(c), line);
	va_start(ap, fmt);
	vsnprintf(msg + n, sizeof(msg) - (size_t)n, _(fmt), ap);
	va_end(ap);
	/* A newline quoted from the file must not start a line of its own. */
	for (p = msg; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	c->o->on_error(c->o->ctx, msg);
}

/* "FILE:LINE: key 'events[2].at': WHY" */
static void key_error(struct cimp *c, const char *key, const char *fmt, ...) GRID_PRINTF(3, 4);

static void key_error(struct cimp *c, const char *key, const char *fmt, ...)
{
	char why[500];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), _(fmt), ap);
	va_end(ap);
	line_error(c, c->line, 0, "key '%s%s': %s", c->where, key, why);
}

/* The string at KEY of O (NULL when null or absent); -1 after an error:
 * not a string, missing when REQUIRED, or text that KIND refuses. */
static int get_str(struct cimp *c, json_t *o, const char *key, int required, int kind, const char **out)
{
	json_t *v = json_object_get(o, key);
	char why[128];

	*out = NULL;
	if (!v || json_is_null(v)) {
		if (!required)
			return 0;
		key_error(c, key, "value is missing");
		return -1;
	}
	if (!json_is_string(v)) {
		key_error(c, key, "not a string");
		return -1;
	}
	*out = json_string_value(v);
	if (kind >= 0 && grid_text_check(*out, json_string_length(v), (enum grid_text_kind)kind, why, sizeof(why))) {
		key_error(c, key, "value %s", why);
		return -1;
	}
	return 0;
}

static int get_time(struct cimp *c, json_t *o, const char *key, int required, int64_t *t)
{
	const char *s;

	*t = 0;
	if (get_str(c, o, key, required, -1, &s))
		return -1;
	if (s && grid_time_parse(t, s)) {
		key_error(c, key, "malformed time '%s'", s);
		return -1;
	}
	return 0;
}

static int get_unit(struct cimp *c, json_t *o, const char *key, int64_t *id)
{
	const struct code_map_ent *e;
	const char *s;

	if (get_str(c, o, key, 1, -1, &s))
		return -1;
	if (!(e = code_map_get(&c->units, s))) {
		key_error(c, key, "unknown unit '%s'", s);
		return -1;
	}
	*id = e->id;
	return 0;
}

static int get_person(struct cimp *c, json_t *o, const char *key, const char **pid)
{
	if (get_str(c, o, key, 0, -1, pid))
		return -1;
	if (*pid && !code_map_get(&c->people, *pid)) {
		key_error(c, key, "unknown person '%s'", *pid);
		return -1;
	}
	return 0;
}

static const char *one_of(const char *s, const char *const *known)
{
	for (; s && *known; known++)
		if (strcmp(s, *known) == 0)
			return *known;
	return NULL;
}

static const char *const statuses[] = { "reported", "accepted", "assigned", "resolved", "closed", "rejected", NULL };
static const char *const actions[] = { "report", "accept", "reject", "assign", "escalate", "resolve", "close",
	"reopen", "reclassify", NULL };

static int get_status(struct cimp *c, json_t *o, const char *key, int required, const char **st)
{
	const char *s;

	if (get_str(c, o, key, required, -1, &s))
		return -1;
	if (s && !(*st = one_of(s, statuses))) {
		key_error(c, key, "unknown status '%s'", s);
		return -1;
	}
	if (!s)
		*st = NULL;
	return 0;
}

/* Event K of the case into E. */
static int read_event(struct cimp *c, json_t *o, size_t k, int64_t issue_id, struct store_event *e)
{
	const char *action;
	json_t *b;
	int bad;

	snprintf(c->where_buf, sizeof(c->where_buf), "events[%zu].", k);
	c->where = c->where_buf;
	memset(e, 0, sizeof(*e));
	e->issue_id = issue_id;
	if (!json_is_object(o)) {
		key_error(c, "", "not an object");
		return -1;
	}
	b = json_object_get(o, "on_behalf");
	e->on_behalf = json_is_true(b);
	bad = get_time(c, o, "at", 1, &e->at) || get_person(c, o, "actor", &e->actor) ||
	      get_str(c, o, "recorded_by", 0, GRID_TEXT_CODE, &e->recorded_by) ||
	      get_str(c, o, "action", 1, -1, &action) || get_status(c, o, "from", 0, &e->from) ||
	      get_status(c, o, "to", 1, &e->to) || get_unit(c, o, "handling_unit", &e->unit_id) ||
	      get_time(c, o, "due_at", 0, &e->due_at) || get_str(c, o, "note", 0, GRID_TEXT_NOTE, &e->note);
	if (!bad && !(e->action = one_of(action, actions))) {
		key_error(c, "action", "unknown action '%s'", action);
		bad = 1;
	}
	if (!bad && k == 0 && strcmp(e->action, "report") != 0) {
		key_error(c, "action", "the first event must be the report");
		bad = 1;
	}
	c->where = "";
	return bad ? -1 : 0;
}

/* The events of case O, as issue ID, into c->ev (*n of them); *last the
 * time of the latest. */
static int read_events(struct cimp *c, json_t *o, int64_t id, size_t *n, int64_t *last)
{
	json_t *a = json_object_get(o, "events");
	struct store_event *ev;
	size_t k;

	*n = 0;
	*last = 0;
	if (!json_is_array(a) || json_array_size(a) == 0) {
		key_error(c, "events", "a list of one event or more is needed");
		return -1;
	}
	if (!(ev = grid_array_room(c->ev, json_array_size(a) - 1, &c->evcap, sizeof(*ev), 16))) {
		c->fatal = GRID_EFAIL;
		return -1;
	}
	c->ev = ev;
	for (k = 0; k < json_array_size(a); k++) {
		if (read_event(c, json_array_get(a, k), k, id, &c->ev[k]))
			return -1;
		if (k && c->ev[k].at < c->ev[k - 1].at) {
			key_error(c, "events", "event %zu is earlier than the one before it", k);
			return -1;
		}
		*last = c->ev[k].at;
	}
	*n = k;
	return 0;
}

/* The position at "lat" and "long" of O into R: both numbers within
 * range, or both null or absent (an export made before schema 3). */
static int get_position(struct cimp *c, json_t *o, struct store_issue_row *r)
{
	json_t *lat = json_object_get(o, "lat"), *lon = json_object_get(o, "long");
	int has_lat = lat && !json_is_null(lat), has_lon = lon && !json_is_null(lon);

	if (has_lat != has_lon) {
		key_error(c, has_lat ? "long" : "lat", "value is missing: a position is both lat and long");
		return -1;
	}
	if (!has_lat)
		return 0;
	if (!json_is_number(lat) || !json_is_number(lon)) {
		key_error(c, json_is_number(lat) ? "long" : "lat", "not a number");
		return -1;
	}
	r->lat = json_number_value(lat);
	r->lon = json_number_value(lon);
	/* As grid_check_position, with the line's message; NaN fails too. */
	if (!(r->lat >= -90 && r->lat <= 90)) {
		key_error(c, "lat", "%g is out of range: -90 to 90", r->lat);
		return -1;
	}
	if (!(r->lon >= -180 && r->lon <= 180)) {
		key_error(c, "long", "%g is out of range: -180 to 180", r->lon);
		return -1;
	}
	r->has_position = 1;
	return 0;
}

/* The case's own fields into R (its strings point into O). */
static int read_case(struct cimp *c, json_t *o, struct store_issue_row *r, const char **dup_ref)
{
	const struct code_map_ent *cat;
	const char *category;
	json_t *dup = json_object_get(o, "duplicate_of");

	memset(r, 0, sizeof(*r));
	*dup_ref = NULL;
	if (get_str(c, o, "ref", 0, GRID_TEXT_CODE, &r->ref) || get_unit(c, o, "unit", &r->unit_id) ||
	    get_unit(c, o, "handling_unit", &r->handling_unit_id) || get_str(c, o, "category", 1, -1, &category) ||
	    get_str(c, o, "title", 1, GRID_TEXT_TITLE, &r->title) ||
	    get_str(c, o, "detail", 0, GRID_TEXT_NOTE, &r->detail) ||
	    get_str(c, o, "location", 0, GRID_TEXT_SHORT, &r->location) || get_position(c, o, r) ||
	    get_status(c, o, "status", 1, &r->status) || get_person(c, o, "reported_by", &r->reported_by) ||
	    get_time(c, o, "reported_at", 1, &r->reported_at) || get_time(c, o, "accepted_at", 0, &r->accepted_at) ||
	    get_time(c, o, "due_at", 0, &r->due_at) || get_time(c, o, "resolved_at", 0, &r->resolved_at) ||
	    get_time(c, o, "closed_at", 0, &r->closed_at) || get_str(c, o, "handler", 0, GRID_TEXT_CODE, &r->handler))
		return -1;
	if (!(cat = code_map_get(&c->categories, category))) {
		key_error(c, "category", "unknown category '%s'", category);
		return -1;
	}
	r->category_id = cat->id;
	if (r->handler) {
		int person = code_map_get(&c->people, r->handler) != NULL;

		if (!person && !code_map_get(&c->departments, r->handler)) {
			key_error(c, "handler", "no person or department '%s'", r->handler);
			return -1;
		}
		r->handler_kind = person ? "person" : "department";
	}
	if (dup && !json_is_null(dup) && !json_is_string(dup) && !json_is_integer(dup)) {
		key_error(c, "duplicate_of", "not a ref or an id");
		return -1;
	}
	*dup_ref = json_is_string(dup) ? json_string_value(dup) : NULL;
	return 0;
}

/* Is case R in the database already (by its ref, or without one by its
 * unit, time and title)?  Then it is counted unchanged when it agrees,
 * else it is a conflict; 1 either way. */
static int case_known(struct cimp *c, const struct store_issue_row *r)
{
	int64_t id = 0, unit = 0, cat = 0, rep = 0;
	char status[16] = "", *title = NULL;
	int rc, same;

	if (r->ref) {
		if ((rc = store_issue_by_ref(c->db->store, r->ref, &id, &unit, &cat, &title, &rep, status))) {
			c->fatal = rc;
			return 1;
		}
	} else {
		struct store_copy_row key;
		struct store_copy_found found;
		int hit = 0;

		memset(&key, 0, sizeof(key));
		memset(&found, 0, sizeof(found));
		key.v[IK_UNIT_ID] = r->unit_id;
		key.v[IK_REPORTED_AT] = r->reported_at;
		key.t[IK_TITLE] = r->title;
		if ((rc = store_copy_find(c->db->store, SF_ISSUE_KEY, &key, &found, &hit)))
			c->fatal = rc;
		store_copy_found_free(&found);
		if (rc || !hit)
			return rc ? 1 : 0;
		c->res->unchanged++;
		return 1;
	}
	if (!id)
		return 0;
	same = unit == r->unit_id && cat == r->category_id && rep == r->reported_at && strcmp(title, r->title) == 0 &&
	       strcmp(status, r->status) == 0;
	free(title);
	if (same)
		c->res->unchanged++;
	else
		line_error(c, c->line, 1, "key 'ref': '%s' is already in the database, with different data", r->ref);
	return 1;
}

/* Remember that issue ID repeats the case REF (or DUP_ID): set when all
 * are in, for it may come further down. */
static int note_dup(struct cimp *c, int64_t id, const char *ref, int64_t dup_id)
{
	struct dup *d;

	if (!(d = grid_array_room(c->dups, c->ndup, &c->dupcap, sizeof(*d), 16)))
		return GRID_EFAIL;
	c->dups = d;
	d = &c->dups[c->ndup];
	d->id = id;
	d->dup_id = dup_id;
	d->line = c->line;
	if (ref && !(d->ref = strdup(ref)))
		return grid_error_oom();
	if (!ref)
		d->ref = NULL;
	c->ndup++;
	return GRID_OK;
}

/* The id case O gets: its own when ids are kept and it is free. */
static int64_t case_id(struct cimp *c, json_t *o)
{
	json_t *v = json_object_get(o, "id");

	if (c->same_ids && json_is_integer(v) && json_integer_value(v) >= c->next_id)
		c->next_id = (int64_t)json_integer_value(v);
	return c->next_id++;
}

/* Write case O: its row, its events, then what the row does not carry. */
static int write_case(struct cimp *c, json_t *o, struct store_issue_row *r, const char *dup_ref)
{
	struct store *s = c->db->store;
	json_t *reo = json_object_get(o, "reopened"), *dup = json_object_get(o, "duplicate_of");
	struct store_issue_state st;
	size_t n;
	int64_t id;
	int rc;

	r->id = case_id(c, o);
	if (read_events(c, o, r->id, &n, &r->changed_at))
		return -1;
	if ((rc = store_issue_insert(s, r, &id)) || (rc = store_event_add_batch(s, c->ev, n)))
		return c->fatal = rc;
	if (json_is_integer(reo) && json_integer_value(reo) > 0) {
		if ((rc = store_issue_load(s, id, &st)))
			return c->fatal = rc;
		st.reopened = (int)json_integer_value(reo);
		if ((rc = store_issue_save(s, &st)))
			return c->fatal = rc;
	}
	if ((dup_ref || json_is_integer(dup)) &&
	    (rc = note_dup(c, id, dup_ref, dup_ref ? 0 : (int64_t)json_integer_value(dup))))
		return c->fatal = rc;
	c->res->added++;
	return 0;
}

/* One line: a case, checked and written unless it is there already. */
static void read_line(struct cimp *c, const char *buf, size_t len)
{
	struct store_issue_row r;
	const char *dup_ref;
	json_error_t err;
	json_t *o;

	if (!(o = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &err))) {
		line_error(c, c->line, 0, "malformed JSON: %s", err.text);
		return;
	}
	c->where = "";
	if (!json_is_object(o))
		line_error(c, c->line, 0, "not a JSON object");
	else if (!read_case(c, o, &r, &dup_ref) && !case_known(c, &r))
		write_case(c, o, &r, dup_ref);
	json_decref(o);
}

/* Each case named by a duplicate_of, found now that all are in. */
static int set_duplicates(struct cimp *c)
{
	struct store_issue_state st;
	size_t i;
	int rc;

	for (i = 0; i < c->ndup; i++) {
		struct dup *d = &c->dups[i];
		int64_t target = d->dup_id;

		if (d->ref && (rc = store_issue_by_ref(c->db->store, d->ref, &target, NULL, NULL, NULL, NULL, NULL)))
			return rc;
		if (!target || (!d->ref && (!c->same_ids || store_issue_exists(c->db->store, target)))) {
			line_error(c, d->line, 0, "key 'duplicate_of': no case '%s' in the file or the database",
				d->ref ? d->ref : "?");
			continue;
		}
		if ((rc = store_issue_load(c->db->store, d->id, &st)))
			return rc;
		st.duplicate_of = target;
		if ((rc = store_issue_save(c->db->store, &st)))
			return rc;
	}
	return GRID_OK;
}

/* Read F a line at a time to its end. */
static int read_lines(struct cimp *c, FILE *f)
{
	char *buf = NULL;
	size_t cap = 0;
	ssize_t n;

	for (; !c->fatal && (n = getline(&buf, &cap, f)) >= 0; c->line++) {
		size_t i = 0;

		while (i < (size_t)n && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r' || buf[i] == '\n'))
			i++;
		if (i < (size_t)n)
			read_line(c, buf, (size_t)n);
	}
	free(buf);
	if (ferror(f))
		return grid_error_set(GRID_EFAIL, "cannot read '%s'", input_name(c));
	return c->fatal;
}

static int verdict(struct cimp *c)
{
	int code;

	if (!c->fatal && !c->errors)
		c->fatal = set_duplicates(c);
	if (c->fatal)
		return c->fatal;
	code = c->errors == c->conflicts ? GRID_ECONFLICT : GRID_EINPUT;
	if (c->errors == 1)
		return grid_error_set(code, "%s: 1 error; nothing was imported", input_name(c));
	if (c->errors > MAX_ERRORS)
		return grid_error_set(code, "%s: %ld errors (the first 20 shown); nothing was imported", input_name(c),
			c->errors);
	if (c->errors)
		return grid_error_set(code, "%s: %ld errors; nothing was imported", input_name(c), c->errors);
	return GRID_OK;
}

static int load_roster(struct cimp *c)
{
	struct store *s = c->db->store;
	int rc;

	if ((rc = store_issue_next_id(s, &c->next_id)) || (rc = store_unit_each(s, code_map_put, &c->units)) ||
	    (rc = store_category_each(s, code_map_put, &c->categories)) ||
	    (rc = store_person_each(s, code_map_put, &c->people)) ||
	    (rc = store_department_each(s, code_map_put, &c->departments)))
		return rc;
	/* No issues yet: the cases may keep their ids, as grid db copy does. */
	c->same_ids = c->next_id == 1;
	return GRID_OK;
}

int case_import_jsonl(grid_db *db, FILE *f, long first_line, const grid_ledger_opts *o, grid_ledger_result *res)
{
	struct cimp c;
	size_t i;
	int rc, switched = 0;

	memset(&c, 0, sizeof(c));
	c.db = db;
	c.o = o;
	c.res = res;
	c.line = first_line;
	c.where = "";
	if (!(rc = store_bulk_begin(db->store, !o->dry_run, &switched)) && !(rc = store_begin(db->store)) &&
	    !(rc = load_roster(&c)) && !(rc = read_lines(&c, f)))
		rc = verdict(&c);
	if (o->dry_run && rc == GRID_OK)
		store_end(db->store, GRID_EFAIL);
	else
		rc = store_end(db->store, rc);
	store_bulk_end(db->store, switched);
	if (rc)
		res->added = res->unchanged = 0;
	code_map_free(&c.units);
	code_map_free(&c.categories);
	code_map_free(&c.people);
	code_map_free(&c.departments);
	for (i = 0; i < c.ndup; i++)
		free(c.dups[i].ref);
	free(c.dups);
	free(c.ev);
	return rc;
}
