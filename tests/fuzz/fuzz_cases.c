/* Fuzz the case workflow: the input is a program of 3-byte steps (add an
 * issue, one of the seven transitions, sweep, move the clock, change the
 * acting person) run against the scratch roster.
 *
 * Checked after every step: a refused step changed nothing (status,
 * handling unit, due time, history); a step that succeeded moved the
 * issue as grid-case(1)'s lifecycle says and wrote to its history; every
 * issue's history starts with the report, each event starts where the
 * last one ended, and the last one ends in the issue's status. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

#define MAX_IDS 8

struct snap {
	char status[16];
	char handling[32];
	int64_t due;
	int events;
	char last_to[16];
	char last_action[16];
	int chained; /* the history's events follow one another */
};

static int on_issue(void *ctx, const grid_issue *is)
{
	struct snap *s = ctx;

	snprintf(s->status, sizeof(s->status), "%s", is->status);
	snprintf(s->handling, sizeof(s->handling), "%s", is->handling_unit ? is->handling_unit : "");
	s->due = is->due_at;
	return 0;
}

static int on_event(void *ctx, const grid_event *ev)
{
	struct snap *s = ctx;

	if (s->events == 0 ? ev->from != NULL || strcmp(ev->action, "report") != 0
			   : !ev->from || strcmp(ev->from, s->last_to) != 0)
		s->chained = 0;
	s->events++;
	snprintf(s->last_to, sizeof(s->last_to), "%s", ev->to ? ev->to : "");
	snprintf(s->last_action, sizeof(s->last_action), "%s", ev->action ? ev->action : "");
	return 0;
}

static void take(grid_db *db, int64_t id, struct snap *s)
{
	memset(s, 0, sizeof(*s));
	s->chained = 1;
	if (grid_issue_get(db, id, on_issue, s) != GRID_OK || grid_issue_history(db, id, on_event, s) != GRID_OK)
		fuzz_fail("issue %lld cannot be read: %s", (long long)id, grid_errmsg());
	if (!s->events || !s->chained || strcmp(s->last_to, s->status) != 0)
		fuzz_fail("issue %lld is '%s' but its %d events (chained %d) end in '%s'", (long long)id, s->status,
			s->events, s->chained, s->last_to);
}

static int same(const struct snap *a, const struct snap *b)
{
	return strcmp(a->status, b->status) == 0 && strcmp(a->handling, b->handling) == 0 && a->due == b->due &&
	       a->events == b->events;
}

/* The status a successful transition leads to from FROM, or NULL when
 * the lifecycle does not allow it. */
static const char *lifecycle(grid_case_action a, const char *from)
{
	int is_reported = strcmp(from, "reported") == 0, is_accepted = strcmp(from, "accepted") == 0;
	int is_assigned = strcmp(from, "assigned") == 0, is_resolved = strcmp(from, "resolved") == 0;

	switch (a) {
	case GRID_CASE_ACCEPT:
		return is_reported ? "accepted" : NULL;
	case GRID_CASE_REJECT:
		return is_reported ? "rejected" : NULL;
	case GRID_CASE_ASSIGN:
		return is_accepted || is_assigned ? "assigned" : NULL;
	case GRID_CASE_ESCALATE:
		return is_reported || is_accepted || is_assigned ? from : NULL;
	case GRID_CASE_RESOLVE:
		return is_assigned ? "resolved" : NULL;
	case GRID_CASE_CLOSE:
		return is_resolved ? "closed" : NULL;
	case GRID_CASE_REOPEN:
		return is_resolved ? "assigned" : NULL;
	}
	return NULL;
}

static int nothing(void *ctx, const grid_sweep_row *row)
{
	(void)ctx;
	(void)row;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const units[] = { "410102", "410102001", "410102001001", "410102001001001",
		"410102001001002", "410102001002", "410102002", "410102002001" };
	static const char *const cats[] = { "ILLEGAL_CONSTRUCTION", "WORK_SAFETY", "OTHER", "NOPE" };
	static const char *const people[] = { "fuzzer", "P0001", "P0002", "P0003" };
	static const char *const handlers[] = { "P0001", "P0002", "P0003", "D001", "NOPE", "fuzzer" };
	grid_db *db = fuzz_db();
	int64_t ids[MAX_IDS];
	int64_t now = 1795000000;
	size_t n = 0, i, k;
	int changed = 0;

	for (i = 0; i + 3 <= size && i < 3 * 64; i += 3) {
		uint8_t op = data[i] % 11, a = data[i + 1], b = data[i + 2];
		struct snap before[MAX_IDS], after;
		int rc;

		for (k = 0; k < n; k++)
			take(db, ids[k], &before[k]);
		if (op == 0) {
			grid_issue_new nw = GRID_ISSUE_NEW_INIT;
			char ref[8];
			int created = 0;
			int64_t id = 0;

			nw.unit = units[a % 8];
			nw.category = cats[b % 4];
			nw.title = "fuzzed";
			nw.accept = (b & 0x80) != 0;
			if (a & 0x40) {
				snprintf(ref, sizeof(ref), "R%d", b % 4);
				nw.ref = ref;
			}
			rc = grid_issue_add(&id, &created, db, &nw);
			if (rc == GRID_OK && created) {
				changed = 1;
				if (n < MAX_IDS)
					ids[n++] = id;
				take(db, id, &after);
				if (strcmp(after.status, nw.accept ? "accepted" : "reported") != 0)
					fuzz_fail("a new issue (accept %d) is '%s'", nw.accept, after.status);
			}
		} else if (op <= 7 && n) {
			grid_case_action act = (grid_case_action)(op - 1);
			grid_case_opts o = GRID_CASE_OPTS_INIT;
			size_t x = a % n;
			const char *want;

			o.note = (b & 1) ? "note" : NULL;
			if (act == GRID_CASE_ACCEPT && (b & 2))
				o.category = cats[(b >> 2) % 4];
			if (act == GRID_CASE_ASSIGN)
				o.to = handlers[(b >> 1) % 6];
			if (act == GRID_CASE_REJECT && (b & 4))
				o.duplicate_of = ids[(b >> 3) % n];
			rc = grid_case_act(db, ids[x], act, &o);
			take(db, ids[x], &after);
			want = lifecycle(act, before[x].status);
			if (rc == GRID_OK) {
				changed = 1;
				if (!want)
					fuzz_fail("action %d succeeded on a '%s' case", (int)act, before[x].status);
				if (strcmp(after.status, want) != 0)
					fuzz_fail("action %d took '%s' to '%s', not '%s'", (int)act, before[x].status,
						after.status, want);
				if (after.events <= before[x].events)
					fuzz_fail("action %d wrote no event", (int)act);
				if (act == GRID_CASE_ESCALATE && strcmp(after.handling, before[x].handling) == 0)
					fuzz_fail("escalation left the handling unit at '%s'", after.handling);
				if (act == GRID_CASE_ACCEPT && after.due <= 0)
					fuzz_fail("an accepted case has no due time");
			} else if (!same(&before[x], &after)) {
				fuzz_fail("action %d refused (rc %d: %s) but the case changed", (int)act, rc, grid_errmsg());
			}
			if (want == NULL && rc != GRID_ECONFLICT && rc != GRID_EPERM && rc != GRID_EINPUT &&
			    rc != GRID_ENOTFOUND && rc != GRID_EUSAGE)
				fuzz_fail("action %d on a '%s' case: rc %d", (int)act, before[x].status, rc);
		} else if (op == 8) {
			now += ((int64_t)a * 256 + b) * 60;
			grid_db_set_now(db, now);
		} else if (op == 9) {
			rc = grid_case_sweep(db, b & 1, nothing, NULL);
			if (rc == GRID_OK && !(b & 1))
				changed = 1;
			for (k = 0; k < n; k++) {
				take(db, ids[k], &after);
				if ((rc != GRID_OK || (b & 1)) && !same(&before[k], &after))
					fuzz_fail("a %s sweep (rc %d) changed issue %lld", (b & 1) ? "dry-run" : "failed", rc,
						(long long)ids[k]);
			}
		} else if (op == 10) {
			grid_db_set_actor(db, people[a % 4]);
		}
		if (fuzz_verbose() && n) {
			take(db, ids[n - 1], &after);
			fprintf(stderr, "  step %d %d %d: %s, last issue '%s' at %s, %d events\n", op, a, b, grid_errmsg(),
				after.status, after.handling, after.events);
		}
		grid_error_clear();
	}
	for (k = 0; k < n; k++) {
		struct snap s;

		take(db, ids[k], &s);
	}
	grid_db_set_now(db, 1795000000);
	grid_db_set_actor(db, "fuzzer");
	if (changed) {
		fuzz_db_check();
		fuzz_db_reset();
	}
	return 0;
}
