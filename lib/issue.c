/* Issues and the case workflow: who may do what, which transitions the
 * state allows, and the history event every change writes.
 *
 * Each write runs in one BEGIN IMMEDIATE transaction: the issue is read,
 * checked and written under the write lock, so concurrent writers queue
 * (busy timeout) instead of overwriting each other's changes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "grid/issue.h"
#include "grid/text.h"
#include "internal.h"
#include "store/issue.h"
#include "text_check.h"

#define MANAGERS (GRID_ROLE_ADMIN | GRID_ROLE_LEADER)
#define REPORTERS (GRID_ROLE_ADMIN | GRID_ROLE_LEADER | GRID_ROLE_GRID_HEAD | GRID_ROLE_GRID_MEMBER)
#define RESOLVERS (MANAGERS | GRID_ROLE_GRID_HEAD | GRID_ROLE_GRID_MEMBER | GRID_ROLE_DEPT_STAFF)

/* Every text of an issue or a case action is optional here: the callers
 * say what is required. */
static int check_text(const char *what, const char *s, enum grid_text_kind kind)
{
	return grid_text_check_named(what, s, kind, 0);
}

static int64_t deadline_from(int64_t t, int hours)
{
	return t + (int64_t)hours * 3600;
}

/* Is the acting person assigned at or above UNIT_ID? */
static int covers(grid_db *db, int64_t unit_id, int *yes)
{
	return store_person_covers_unit(db->store, db->actor, unit_id, yes);
}

/* Admin anywhere; a leader on cases handled at or below their units. */
static int may_manage(grid_db *db, int64_t handling_unit_id, const char *what)
{
	int rc, yes = 0;

	if ((rc = grid_require_role(db, MANAGERS, what)))
		return rc;
	if (db->actor_roles & GRID_ROLE_ADMIN)
		return GRID_OK;
	if ((rc = covers(db, handling_unit_id, &yes)))
		return rc;
	if (!yes)
		return grid_error_set(GRID_EPERM, "%s: person '%s' is not responsible for the unit handling it", what,
			db->actor);
	return GRID_OK;
}

/* Resolve: managers, and whoever the case is assigned to (the person, or
 * the sent-down staff of the department). */
static int may_resolve(grid_db *db, const struct store_issue_state *is, const char *what)
{
	unsigned roles = db->actor_roles;
	int64_t dept = 0, mine = 0;
	int rc;

	if ((rc = grid_require_role(db, RESOLVERS, what)))
		return rc;
	if (roles & MANAGERS) {
		if (may_manage(db, is->handling_unit_id, what) == GRID_OK)
			return GRID_OK;
		grid_error_clear();
	}
	if (strcmp(is->handler_kind, "person") == 0 && strcmp(is->handler, db->actor) == 0 &&
	    (roles & (GRID_ROLE_GRID_HEAD | GRID_ROLE_GRID_MEMBER | GRID_ROLE_DEPT_STAFF)))
		return GRID_OK;
	if (strcmp(is->handler_kind, "department") == 0 && (roles & GRID_ROLE_DEPT_STAFF)) {
		if ((rc = store_person_find(db->store, db->actor, NULL, &mine)) ||
		    (rc = store_department_find(db->store, is->handler, &dept)))
			return rc;
		if (dept && dept == mine)
			return GRID_OK;
	}
	return grid_error_set(GRID_EPERM, "%s: it is not assigned to person '%s' or their department", what,
		db->actor);
}

static int latest_event(void *ctx, const grid_event *ev)
{
	int64_t *last = ctx;

	if (ev->at > *last)
		*last = ev->at;
	return 0;
}

/* The time of the last event of issue ID. */
static int last_event_at(grid_db *db, int64_t id, int64_t *last)
{
	*last = 0;
	return store_issue_history(db->store, id, latest_event, last);
}

/* Local "2026-11-27 10:00", with the seconds when either time has some. */
static void short_time(char *buf, size_t size, int64_t t, int seconds)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!localtime_r(&tt, &tm) || !strftime(buf, size, seconds ? "%Y-%m-%d %H:%M:%S" : "%Y-%m-%d %H:%M", &tm))
		snprintf(buf, size, "%lld", (long long)t);
}

/* History runs forward: an event may not be earlier than the last one,
 * or as-of measures would see the case closed before it was reported. */
static int check_forward(grid_db *db, int64_t id, int64_t now)
{
	char a[32], b[32];
	int64_t last;
	int rc, seconds;

	if ((rc = last_event_at(db, id, &last)))
		return rc;
	if (now >= last)
		return GRID_OK;
	seconds = now % 60 != 0 || last % 60 != 0;
	short_time(a, sizeof(a), now, seconds);
	short_time(b, sizeof(b), last, seconds);
	return grid_error_set(GRID_ECONFLICT, "issue %lld: the time %s is before its last event (%s); history runs forward",
		(long long)id, a, b);
}

static int add_event(grid_db *db, const struct store_issue_state *is, const char *action, const char *from,
	const char *actor, int64_t at, const char *note)
{
	struct store_event e;
	int rc;

	if ((rc = grid_db_resolve_real(db)))
		return rc;
	e.issue_id = is->id;
	e.at = at;
	e.actor = actor;
	e.recorded_by = db->login;
	e.on_behalf = grid_db_on_behalf(db, actor);
	e.action = action;
	e.from = from;
	e.to = is->status;
	e.unit_id = is->handling_unit_id;
	e.due_at = is->due_at;
	e.note = note && *note ? note : NULL;
	return store_event_add(db->store, &e);
}

static void set_status(struct store_issue_state *is, const char *status)
{
	snprintf(is->status, sizeof(is->status), "%s", status);
}

static int accept(grid_db *db, struct store_issue_state *is, int64_t now, const char *note)
{
	char from[16];
	int hours, rc;

	if ((rc = store_category_get(db->store, is->category_id, &hours, NULL)))
		return rc;
	snprintf(from, sizeof(from), "%s", is->status);
	set_status(is, "accepted");
	is->accepted_at = now;
	is->due_at = deadline_from(now, hours);
	if ((rc = add_event(db, is, "accept", from, db->actor, now, note)))
		return rc;
	return store_issue_save(db->store, is);
}

/* Does an existing issue with REF have the same unit, category and title?
 * *id is its id (0 when there is none); a difference is a conflict. */
static int same_ref(grid_db *db, const char *ref, int64_t unit_id, int64_t category_id, const char *title,
	int64_t *id)
{
	int64_t u = 0, c = 0;
	char *t = NULL;
	int rc = store_issue_by_ref(db->store, ref, id, &u, &c, &t, NULL, NULL);

	if (rc == GRID_OK && *id && (u != unit_id || c != category_id || strcmp(t, title) != 0))
		rc = grid_error_set(GRID_ECONFLICT,
			"ref '%s' is issue %lld, with a different unit, category or title", ref, (long long)*id);
	free(t);
	return rc;
}

/* `issue add --ref R --accept` again: the end state is an accepted case,
 * so a report that is still only reported is accepted now. */
static int accept_again(grid_db *db, const char *ref, int64_t id, int64_t now)
{
	struct store_issue_state is;
	int rc;

	if ((rc = store_issue_load(db->store, id, &is)))
		return rc;
	if (strcmp(is.status, "rejected") == 0)
		return grid_error_set(GRID_ECONFLICT, "ref '%s' is issue %lld, which was rejected; it cannot be accepted",
			ref, (long long)id);
	if (strcmp(is.status, "reported") != 0)
		return GRID_OK;
	if ((rc = grid_error_set_field(may_manage(db, is.handling_unit_id, "issue add with accept"), "accept")) ||
	    (rc = check_forward(db, id, now)))
		return rc;
	return accept(db, &is, now, NULL);
}

int grid_check_position(double lat, double lon)
{
	/* Written so that NaN fails too. */
	if (!(lat >= -90 && lat <= 90))
		return grid_error_set_field(grid_error_set(GRID_EINPUT, "latitude %g is out of range: -90 to 90", lat),
			"lat");
	if (!(lon >= -180 && lon <= 180))
		return grid_error_set_field(
			grid_error_set(GRID_EINPUT, "longitude %g is out of range: -180 to 180", lon), "long");
	return GRID_OK;
}

/* What a new issue must say, and its time AT: never later than NOW. */
static int check_new_issue(const grid_issue_new *n, int64_t at, int64_t now)
{
	int rc;

	if (!n->unit || !n->category || !n->title)
		return grid_error_set(GRID_EUSAGE, "an issue needs a unit, a category and a title");
	if ((rc = check_text("title", n->title, GRID_TEXT_TITLE)) || (rc = check_text("detail", n->detail, GRID_TEXT_NOTE)) ||
	    (rc = check_text("location", n->location, GRID_TEXT_SHORT)) ||
	    (rc = check_text("unit", n->unit, GRID_TEXT_CODE)) || (rc = check_text("category", n->category, GRID_TEXT_CODE)) ||
	    (rc = check_text("ref", n->ref, GRID_TEXT_CODE)) ||
	    (rc = check_text("reported-by", n->reported_by, GRID_TEXT_CODE)))
		return rc;
	if (n->version >= 2 && n->has_position && (rc = grid_check_position(n->lat, n->lon)))
		return rc;
	if (at > now)
		return grid_error_set(GRID_EINPUT, "the reported time is later than now");
	return GRID_OK;
}

/* An admin reports anywhere; the others on the units they answer for
 * (UNIT_ID, code UNIT). */
static int may_report(grid_db *db, int64_t unit_id, const char *unit)
{
	int rc, yes = 0;

	if (db->actor_roles & GRID_ROLE_ADMIN)
		return GRID_OK;
	if ((rc = covers(db, unit_id, &yes)))
		return rc;
	if (!yes)
		return grid_error_set(GRID_EPERM, "issue add: person '%s' is not responsible for unit '%s'", db->actor,
			unit);
	return GRID_OK;
}

/* Write issue N on UNIT_ID in CATEGORY_ID, reported by BY at AT, with its
 * report event: *out gets its id, IS its state. */
static int insert_issue(grid_db *db, const grid_issue_new *n, int64_t unit_id, int64_t category_id, const char *by,
	int64_t at, int64_t *out, struct store_issue_state *is)
{
	struct store_issue_row row;
	int rc;

	memset(&row, 0, sizeof(row));
	row.ref = n->ref;
	row.unit_id = row.handling_unit_id = unit_id;
	row.category_id = category_id;
	row.title = n->title;
	row.detail = n->detail;
	row.location = n->location;
	row.reported_by = by;
	row.reported_at = at;
	row.status = "reported";
	if (n->version >= 2 && n->has_position) {
		row.has_position = 1;
		row.lat = n->lat;
		row.lon = n->lon;
	}
	if ((rc = store_issue_insert(db->store, &row, out)))
		return rc;
	memset(is, 0, sizeof(*is));
	is->id = *out;
	is->unit_id = is->handling_unit_id = unit_id;
	is->category_id = category_id;
	is->reported_at = at;
	set_status(is, "reported");
	return add_event(db, is, "report", NULL, db->actor, at, NULL);
}

/* A new issue, as a write grid_db_write may run again. */
struct issue_write {
	const grid_issue_new *n;
	const char *by;
	int64_t at, now;
	int64_t *out;
	int created;
};

static int issue_write_body(grid_db *db, void *arg)
{
	struct issue_write *w = arg;
	const grid_issue_new *n = w->n;
	struct store_unit_ref unit;
	struct store_issue_state is;
	int64_t category_id;
	int hours, rc;

	*w->out = 0;
	w->created = 0;
	if ((rc = store_unit_find(db->store, n->unit, &unit)) ||
	    (rc = store_category_find(db->store, n->category, &category_id, &hours)) ||
	    (rc = store_person_find(db->store, w->by, NULL, NULL)) || (rc = may_report(db, unit.id, n->unit)))
		return rc;
	if (n->accept && (rc = grid_error_set_field(may_manage(db, unit.id, "issue add with accept"), "accept")))
		return rc;
	if (n->ref) {
		if ((rc = same_ref(db, n->ref, unit.id, category_id, n->title, w->out)))
			return rc;
		if (*w->out)
			return n->accept ? accept_again(db, n->ref, *w->out, w->now) : GRID_OK;
	}
	if ((rc = insert_issue(db, n, unit.id, category_id, w->by, w->at, w->out, &is)))
		return rc;
	if (n->accept && (rc = accept(db, &is, w->now, NULL)))
		return rc;
	w->created = 1;
	return GRID_OK;
}

int grid_issue_add(int64_t *out, int *created, grid_db *db, const grid_issue_new *n)
{
	int64_t now = grid_db_now(db), at = n->at ? n->at : now;
	struct issue_write w = { n, NULL, at, now, out, 0 };
	int rc;

	*out = 0;
	if (created)
		*created = 0;
	if ((rc = check_new_issue(n, at, now)) || (rc = grid_require_role(db, REPORTERS, "issue add")))
		return rc;
	w.by = n->reported_by ? n->reported_by : db->actor;
	rc = grid_db_write(db, issue_write_body, &w);
	if (rc)
		*out = 0;
	else if (created)
		*created = w.created;
	return rc;
}

static const char *const action_names[] = {
	[GRID_CASE_ACCEPT] = "accept", [GRID_CASE_REJECT] = "reject", [GRID_CASE_ASSIGN] = "assign",
	[GRID_CASE_ESCALATE] = "escalate", [GRID_CASE_RESOLVE] = "resolve", [GRID_CASE_CLOSE] = "close",
	[GRID_CASE_REOPEN] = "reopen",
};

/* The states each action starts from, as "|a|b|". */
static const char *const action_from[] = {
	[GRID_CASE_ACCEPT] = "|reported|", [GRID_CASE_REJECT] = "|reported|",
	[GRID_CASE_ASSIGN] = "|accepted|assigned|", [GRID_CASE_ESCALATE] = "|reported|accepted|assigned|",
	[GRID_CASE_RESOLVE] = "|assigned|", [GRID_CASE_CLOSE] = "|resolved|", [GRID_CASE_REOPEN] = "|resolved|",
};

static int state_allows(grid_case_action a, const char *status)
{
	char key[24];

	snprintf(key, sizeof(key), "|%s|", status);
	return strstr(action_from[a], key) != NULL;
}

/* "accepted or assigned" from "|accepted|assigned|". */
static void describe_from(char *buf, size_t size, grid_case_action a)
{
	const char *p = action_from[a] + 1;
	size_t len = 0;

	buf[0] = '\0';
	while (*p && len + 16 < size) {
		const char *bar = strchr(p, '|');

		len += (size_t)snprintf(buf + len, size - len, "%s%.*s", len ? " or " : "", (int)(bar - p), p);
		p = bar + 1;
	}
}

/* Is TO a person (*roles theirs) and is it a department? */
static int find_handler(grid_db *db, const char *to, int *person, unsigned *roles, int *department)
{
	int64_t dept = 0;
	int rc = store_person_find(db->store, to, roles, NULL);

	*person = rc == GRID_OK;
	if (rc && rc != GRID_ENOTFOUND)
		return rc;
	grid_error_clear();
	if ((rc = store_department_find(db->store, to, &dept)))
		return rc;
	*department = dept != 0;
	return GRID_OK;
}

static int set_handler(grid_db *db, struct store_issue_state *is, const char *to, grid_handler_kind kind)
{
	unsigned roles = 0;
	int person = 0, department = 0, rc;

	if ((rc = find_handler(db, to, &person, &roles, &department)))
		return rc;
	if (kind == GRID_HANDLER_PERSON)
		department = 0;
	else if (kind == GRID_HANDLER_DEPARTMENT)
		person = 0;
	if (person && department)
		return grid_error_set_field(grid_error_set(GRID_EUSAGE,
			"'%s' is both a person and a department; say which with to_kind (person or department)", to),
			"to_kind");
	if (!person && !department) {
		if (kind == GRID_HANDLER_PERSON)
			return grid_error_set(GRID_ENOTFOUND, "unknown person '%s'", to);
		if (kind == GRID_HANDLER_DEPARTMENT)
			return grid_error_set(GRID_ENOTFOUND, "unknown department '%s'", to);
		return grid_error_set(GRID_ENOTFOUND, "no person or department '%s'", to);
	}
	/* A case assigned to someone who may never resolve it is stuck. */
	if (person && !(roles & RESOLVERS))
		return grid_error_set(GRID_ECONFLICT,
			"person '%s' cannot resolve cases (no admin, leader, grid_head, grid_member or dept_staff role); "
			"assign it to someone who can", to);
	snprintf(is->handler_kind, sizeof(is->handler_kind), "%s", person ? "person" : "department");
	snprintf(is->handler, sizeof(is->handler), "%s", to);
	return GRID_OK;
}

/* A duplicate points at the open record of the problem: an existing issue,
 * not itself, not rejected (which also rules out a cycle of duplicates). */
static int check_original(grid_db *db, int64_t id, int64_t original)
{
	struct store_issue_state o;
	int rc;

	if (original == id)
		return grid_error_set(GRID_EINPUT, "issue %lld cannot duplicate itself", (long long)id);
	if ((rc = store_issue_load(db->store, original, &o)))
		return rc;
	if (strcmp(o.status, "rejected") == 0)
		return grid_error_set(GRID_ECONFLICT,
			"issue %lld is rejected itself; name the issue that stays open as the original", (long long)original);
	return GRID_OK;
}

static int escalate(grid_db *db, struct store_issue_state *is, const char *actor, int64_t now, const char *note,
	const char *what)
{
	struct store_unit_ref u;
	char *code = NULL;
	int hours, rc;

	if ((rc = store_unit_get(db->store, is->handling_unit_id, &u, &code)))
		return rc;
	if (!u.parent_id) {
		rc = grid_error_set(GRID_ECONFLICT, "%s: unit '%s' is the top of the tree; there is no level above",
			what, code);
		goto done;
	}
	is->handling_unit_id = u.parent_id;
	if (is->due_at) {
		if ((rc = store_category_get(db->store, is->category_id, &hours, NULL)))
			goto done;
		is->due_at = deadline_from(now, hours);
	}
	if ((rc = add_event(db, is, "escalate", is->status, actor, now, note)))
		goto done;
	rc = store_issue_save(db->store, is);
done:
	free(code);
	return rc;
}

/* May the acting person take action A (WHAT, "case accept") on IS at
 * NOW: the permission, the state it starts from, history running forward. */
static int may_act(grid_db *db, const struct store_issue_state *is, grid_case_action a, const char *what, int64_t now)
{
	int rc;

	if (a == GRID_CASE_RESOLVE)
		rc = may_resolve(db, is, what);
	else
		rc = may_manage(db, is->handling_unit_id, what);
	if (rc)
		return rc;
	if (!state_allows(a, is->status)) {
		char allowed[80];

		describe_from(allowed, sizeof(allowed), a);
		return grid_error_set(GRID_ECONFLICT, "cannot %s issue %lld: it is %s, not %s", action_names[a],
			(long long)is->id, is->status, allowed);
	}
	return check_forward(db, is->id, now);
}

/* A case accepted into another CATEGORY (a code) than it was reported
 * in: a reclassify event (from status FROM) names both. */
static int reclassify(grid_db *db, struct store_issue_state *is, const char *category, const char *from, int64_t now)
{
	char note[200];
	char *old = NULL;
	int64_t category_id;
	int hours, rc;

	if ((rc = store_category_find(db->store, category, &category_id, &hours)))
		return rc;
	if (category_id == is->category_id)
		return GRID_OK;
	if ((rc = store_category_get(db->store, is->category_id, &hours, &old)))
		return rc;
	snprintf(note, sizeof(note), "category %s -> %s", old, category);
	free(old);
	is->category_id = category_id;
	return add_event(db, is, "reclassify", from, db->actor, now, note);
}

static int act(grid_db *db, struct store_issue_state *is, grid_case_action a, const grid_case_opts *o,
	const char *what)
{
	int64_t now = grid_db_now(db);
	char from[16];
	int rc;

	if ((rc = may_act(db, is, a, what, now)))
		return rc;
	snprintf(from, sizeof(from), "%s", is->status);
	switch (a) {
	case GRID_CASE_ACCEPT:
		if (o->category && (rc = reclassify(db, is, o->category, from, now)))
			return rc;
		return accept(db, is, now, o->note);
	case GRID_CASE_REJECT:
		if (o->duplicate_of) {
			if ((rc = check_original(db, is->id, o->duplicate_of)))
				return rc;
			is->duplicate_of = o->duplicate_of;
		}
		set_status(is, "rejected");
		break;
	case GRID_CASE_ASSIGN:
		if ((rc = set_handler(db, is, o->to, o->to_kind)))
			return rc;
		set_status(is, "assigned");
		break;
	case GRID_CASE_ESCALATE:
		return escalate(db, is, db->actor, now, o->note, what);
	case GRID_CASE_RESOLVE:
		set_status(is, "resolved");
		is->resolved_at = now;
		break;
	case GRID_CASE_CLOSE:
		set_status(is, "closed");
		is->closed_at = now;
		break;
	case GRID_CASE_REOPEN:
		set_status(is, "assigned");
		is->resolved_at = 0;
		is->reopened++;
		break;
	}
	if ((rc = add_event(db, is, action_names[a], from, db->actor, now, o->note)))
		return rc;
	return store_issue_save(db->store, is);
}

/* One transition, as a write grid_db_write may run again. */
struct case_write {
	int64_t id;
	grid_case_action action;
	const grid_case_opts *opts;
	const char *what;
};

static int case_write_body(grid_db *db, void *arg)
{
	struct case_write *w = arg;
	struct store_issue_state is;
	int rc;

	if ((rc = store_issue_load(db->store, w->id, &is)))
		return rc;
	return act(db, &is, w->action, w->opts, w->what);
}

int grid_case_act(grid_db *db, int64_t id, grid_case_action action, const grid_case_opts *opts)
{
	static const grid_case_opts none = GRID_CASE_OPTS_INIT;
	struct case_write w;
	char what[64];
	int rc;

	if (!opts)
		opts = &none;
	if ((unsigned)action > GRID_CASE_REOPEN)
		return grid_error_set(GRID_EUSAGE, "unknown case action %d", (int)action);
	snprintf(what, sizeof(what), "case %s", action_names[action]);
	if ((rc = check_text("note", opts->note, GRID_TEXT_NOTE)) ||
	    (rc = check_text("category", opts->category, GRID_TEXT_CODE)) ||
	    (rc = grid_error_set_field(check_text("to", opts->to, GRID_TEXT_CODE), "to")))
		return rc;
	if ((action == GRID_CASE_REJECT || action == GRID_CASE_REOPEN) && (!opts->note || !*opts->note))
		return grid_error_set(GRID_EUSAGE, "%s needs a note saying why", what);
	if (action == GRID_CASE_ASSIGN && (!opts->to || !*opts->to))
		return grid_error_set(GRID_EUSAGE, "case assign needs a person or department to assign to");
	if ((unsigned)opts->to_kind > GRID_HANDLER_DEPARTMENT)
		return grid_error_set(GRID_EUSAGE, "unknown handler kind %d", (int)opts->to_kind);
	if ((rc = grid_require_role(db, RESOLVERS, what)))
		return rc;
	w = (struct case_write){ id, action, opts, what };
	return grid_db_write(db, case_write_body, &w);
}

/* Escalate overdue issue ID one level up (not on a DRY_RUN) and tell CB.
 * An issue outside the acting person's units is left alone (an admin's or
 * the system person's units are all); one with an
 * event later than NOW, or at the top of the tree, is told, not moved. */
static int sweep_one(grid_db *db, int64_t id, int64_t now, int dry_run, grid_sweep_cb cb, void *ctx)
{
	struct store_issue_state is;
	struct store_unit_ref from, to;
	grid_sweep_row row;
	char *from_code = NULL, *to_code = NULL;
	int64_t last;
	int rc, yes = 1;

	if ((rc = store_issue_load(db->store, id, &is)))
		return rc;
	if (!(db->actor_roles & (GRID_ROLE_ADMIN | GRID_ROLE_SYSTEM))) {
		if ((rc = covers(db, is.handling_unit_id, &yes)))
			return rc;
		if (!yes)
			return GRID_OK;
	}
	if ((rc = store_unit_get(db->store, is.handling_unit_id, &from, &from_code)))
		return rc;
	row.id = is.id;
	row.from_unit = from_code;
	row.to_unit = NULL;
	row.due_at = is.due_at;
	row.later_event = 0;
	if ((rc = last_event_at(db, is.id, &last)))
		goto done;
	if (last > now) {
		row.later_event = last;
	} else if (from.parent_id) {
		rc = store_unit_get(db->store, from.parent_id, &to, &to_code);
		if (rc == GRID_OK && !dry_run)
			rc = escalate(db, &is, db->actor, now, "past due", "case sweep");
		row.to_unit = to_code;
	}
	if (rc == GRID_OK && cb)
		rc = cb(ctx, &row);
done:
	free(from_code);
	free(to_code);
	return rc;
}

int grid_case_sweep(grid_db *db, int dry_run, grid_sweep_cb cb, void *ctx)
{
	int64_t now = grid_db_now(db);
	int64_t *ids = NULL;
	size_t n = 0, i;
	int rc;

	/* Each event names a real person: cron runs under the login of a
	 * `system` person, whose only write is this sweep. */
	if ((rc = grid_require_role(db, MANAGERS | GRID_ROLE_SYSTEM, "case sweep")))
		return rc;
	if ((rc = store_begin(db->store)))
		return rc;
	rc = store_issue_overdue(db->store, now, &ids, &n);
	for (i = 0; rc == GRID_OK && i < n; i++)
		rc = sweep_one(db, ids[i], now, dry_run, cb, ctx);
	free(ids);
	if (dry_run && rc == GRID_OK) {
		store_end(db->store, GRID_EFAIL);
		return GRID_OK;
	}
	return store_end(db->store, rc);
}

int grid_issue_query_unit(grid_db *db, const char *code, struct store_issue_query *q)
{
	struct store_unit_ref u;
	int rc;

	if ((rc = store_unit_find(db->store, code, &u)))
		return rc;
	q->by_unit = 1;
	q->lft = u.lft;
	q->rgt = u.rgt;
	return GRID_OK;
}

int grid_issue_list(grid_db *db, const grid_issue_filter *f, grid_issue_cb cb, void *ctx)
{
	static const char *const known = "|reported|accepted|assigned|resolved|closed|rejected|";
	struct store_issue_query q;
	int64_t id;
	int hours, rc;

	memset(&q, 0, sizeof(q));
	if (f->status) {
		const char *p = f->status;

		while (*p) {
			size_t len = strcspn(p, ",");
			char key[24];

			if (len == 0 || len > 16)
				return grid_error_set(GRID_EUSAGE, "unknown status '%.*s'", (int)(len > 16 ? 16 : len), p);
			snprintf(key, sizeof(key), "|%.*s|", (int)len, p);
			if (!strstr(known, key))
				return grid_error_set(GRID_EUSAGE,
					"unknown status '%.*s'; use reported, accepted, assigned, resolved, closed or rejected",
					(int)len, p);
			p += len;
			if (*p == ',')
				p++;
		}
		q.status = f->status;
	}
	if (f->unit && (rc = grid_issue_query_unit(db, f->unit, &q)))
		return rc;
	if (f->category) {
		if ((rc = store_category_find(db->store, f->category, &id, &hours)))
			return rc;
		q.category = f->category;
	}
	if (f->handler) {
		unsigned roles;
		int person = 0, department = 0;

		if ((rc = find_handler(db, f->handler, &person, &roles, &department)))
			return rc;
		if (!person && !department)
			return grid_error_set(GRID_ENOTFOUND, "no person or department '%s'", f->handler);
	}
	q.since = f->since;
	q.until = f->until;
	q.overdue_now = f->overdue ? grid_db_now(db) : 0;
	q.handler = f->handler;
	q.limit = f->limit;
	return store_issue_list(db->store, &q, cb, ctx);
}

int grid_issue_get(grid_db *db, int64_t id, grid_issue_cb cb, void *ctx)
{
	return store_issue_get(db->store, id, cb, ctx);
}

int grid_issue_history(grid_db *db, int64_t id, grid_event_cb cb, void *ctx)
{
	int rc = store_issue_exists(db->store, id);

	return rc ? rc : store_issue_history(db->store, id, cb, ctx);
}
