/* libgrid: issues, the case workflow and its append-only history.
 *
 * Times are Unix seconds; 0 stands for "not set" in every time field of
 * this header.  Every state change writes one history event with the
 * status it leads to and the due time in force, so that measures can
 * rebuild the state of any issue at any past moment from the events. */
#ifndef GRID_ISSUE_H
#define GRID_ISSUE_H

#include <stdio.h>

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* An issue as read back.  Strings live until the callback returns. */
typedef struct grid_issue {
	int64_t id;
	const char *ref;           /* NULL when none */
	const char *unit;          /* where it was found: never changes */
	const char *handling_unit; /* where it is handled: moves up on escalation */
	const char *category;
	const char *title;
	const char *detail;
	const char *location;
	const char *status;        /* reported accepted assigned resolved closed rejected */
	const char *reported_by;   /* person id, NULL when unknown */
	int64_t reported_at, accepted_at, due_at, resolved_at, closed_at;
	const char *handler;       /* person id or department code, NULL */
	const char *handler_kind;  /* "person", "department" or NULL */
	int64_t duplicate_of;      /* 0 when none */
	int reopened;              /* how many times it was sent back for rework */
	int has_position;          /* lat and lon are set (WGS 84 degrees) */
	double lat, lon;
} grid_issue;

typedef int (*grid_issue_cb)(void *ctx, const grid_issue *issue);

/* A new issue (`grid issue add`). */
typedef struct grid_issue_new {
	int version;
	const char *unit, *category, *title; /* required */
	const char *detail, *location;
	const char *reported_by; /* person id; default the acting person */
	const char *ref;         /* makes the add idempotent */
	int64_t at;              /* reported time; 0 = now; later than now is GRID_EINPUT */
	int accept;              /* accept at once (needs the right to accept) */
	/* version 2: where it was seen, WGS 84 degrees: lat -90..90 and lon
	 * -180..180 (GRID_EINPUT naming the field otherwise). */
	int has_position;
	double lat, lon;
} grid_issue_new;
#define GRID_ISSUE_NEW_INIT { 2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0, 0, 0, 0.0, 0.0 }

/* Report an issue; *out gets its id.  With a ref that exists already and
 * the same unit, category and title, *out is the existing id and *created
 * is 0 (GRID_ECONFLICT when they differ); with ACCEPT, a still reported
 * one is accepted then, and a rejected one is GRID_ECONFLICT.  CREATED
 * may be NULL. */
GRID_API int grid_issue_add(int64_t *out, int *created, grid_db *db, const grid_issue_new *n);

/* Filters of `grid issue list`; NULL/0 fields do not filter. */
typedef struct grid_issue_filter {
	int version;
	const char *unit;     /* the unit where found, with its descendants */
	const char *status;   /* "accepted,assigned" */
	const char *category;
	int64_t since, until; /* on reported_at, until exclusive */
	int overdue;          /* open (accepted/assigned) and due before now */
	const char *handler;  /* a person id or department code (GRID_ENOTFOUND when neither) */
	long long limit;      /* 0: all */
} grid_issue_filter;
#define GRID_ISSUE_FILTER_INIT { 1, NULL, NULL, NULL, 0, 0, 0, NULL, 0 }

/* Call CB for each matching issue, newest reported first (then highest
 * id); a non-zero return of CB stops the walk and is returned. */
GRID_API int grid_issue_list(grid_db *db, const grid_issue_filter *f, grid_issue_cb cb, void *ctx);

/* Call CB once with issue ID (GRID_ENOTFOUND when there is none). */
GRID_API int grid_issue_get(grid_db *db, int64_t id, grid_issue_cb cb, void *ctx);

/* One event of an issue's history. */
typedef struct grid_event {
	int64_t at;
	const char *actor;         /* person id, or NULL */
	const char *action;        /* report accept reject assign escalate resolve close reopen reclassify */
	const char *from;          /* NULL for the report */
	const char *to;
	const char *handling_unit;
	int64_t due_at;            /* the due time in force after the event, 0 when none */
	const char *note;
	const char *recorded_by;   /* the operating-system login that wrote it; NULL when unknown
	                              (written before schema version 2) */
	int on_behalf;             /* 1: recorded_by entered it for the actor (not the actor's own
	                              login when written), 0: not, -1: unknown (before schema 2) */
} grid_event;

typedef int (*grid_event_cb)(void *ctx, const grid_event *ev);

/* Call CB for each event of issue ID in the order they were written. */
GRID_API int grid_issue_history(grid_db *db, int64_t id, grid_event_cb cb, void *ctx);

/* ---- the tamper-evident history (grid-verify(1)) ---------------------- */

/* What grid_history_verify found wrong. */
typedef enum grid_history_fault {
	GRID_HISTORY_CHANGED,  /* event_id's content no longer matches its hash */
	GRID_HISTORY_MISSING,  /* an event before event_id is missing from its issue's chain */
	GRID_HISTORY_INSERTED, /* event_id was not written by grid: no hash, out of its chain, or past the head */
	GRID_HISTORY_HEAD,     /* the head over the whole history disagrees (issue_id and event_id 0) */
} grid_history_fault;

typedef struct grid_history_problem {
	grid_history_fault fault;
	int64_t issue_id, event_id;
	int64_t head_events;   /* GRID_HISTORY_HEAD: the events the head counts */
	int64_t found_events;  /* GRID_HISTORY_HEAD: the events with a hash found */
	int head_missing;      /* GRID_HISTORY_HEAD: the head itself is gone (head_events 0) */
} grid_history_problem;

typedef struct grid_history_summary {
	int64_t events, issues;  /* the rows of the history, and their issues */
	int64_t broken_issues;   /* issues reported */
	int head_ok;             /* the head and its count agree with the events */
} grid_history_summary;

typedef int (*grid_history_cb)(void *ctx, const grid_history_problem *p);

/* Recompute every issue's hash chain and the head over the history, as of
 * one moment; CB is called for the first problem of each broken issue, in
 * the order of the events, then once for a head that disagrees.  GRID_OK
 * when the check ran (SUM says whether anything is broken), or an error;
 * a non-zero return of CB stops the check and is returned. */
GRID_API int grid_history_verify(grid_db *db, grid_history_cb cb, void *ctx, grid_history_summary *sum);

/* The transitions of the case workflow (grid-case(1)). */
typedef enum grid_case_action {
	GRID_CASE_ACCEPT,
	GRID_CASE_REJECT,
	GRID_CASE_ASSIGN,
	GRID_CASE_ESCALATE,
	GRID_CASE_RESOLVE,
	GRID_CASE_CLOSE,
	GRID_CASE_REOPEN,
} grid_case_action;

/* What `to` of grid_case_opts names. */
typedef enum grid_handler_kind {
	GRID_HANDLER_ANY,        /* a person or a department; both is GRID_EUSAGE */
	GRID_HANDLER_PERSON,
	GRID_HANDLER_DEPARTMENT,
} grid_handler_kind;

typedef struct grid_case_opts {
	int version;
	const char *note;     /* required for reject and reopen */
	const char *category; /* accept: reclassify first */
	const char *to;       /* assign: a person id or a department code */
	int64_t duplicate_of; /* reject: the issue this one repeats (existing, not rejected), 0 for none */
	grid_handler_kind to_kind; /* assign: what TO names */
} grid_case_opts;
#define GRID_CASE_OPTS_INIT { 1, NULL, NULL, NULL, 0, GRID_HANDLER_ANY }

/* Apply one transition to case ID as the acting person, at the database's
 * now.  A transition the state does not allow is GRID_ECONFLICT, and so is
 * a now earlier than the case's last event (history runs forward) or an
 * assignment to a person who could never resolve it; a role that does not
 * allow it is GRID_EPERM.  Whatever the refusal, nothing changes. */
GRID_API int grid_case_act(grid_db *db, int64_t id, grid_case_action action, const grid_case_opts *opts);

/* One case the sweep moved (or would move, or could not). */
typedef struct grid_sweep_row {
	int64_t id;
	const char *from_unit;
	const char *to_unit; /* NULL when skipped: at the top, or see later_event */
	int64_t due_at;      /* the due time that passed */
	int64_t later_event; /* skipped: the time of its last event, later than now; else 0 */
} grid_sweep_row;

typedef int (*grid_sweep_cb)(void *ctx, const grid_sweep_row *row);

/* Escalate every open case past its due time by one level, as of now.
 * The acting person needs admin, or leader for the cases at or below
 * their units (nobody acting is GRID_EPERM, as for every write).  A case
 * with an event later than now is skipped, as is one at the top.
 * DRY_RUN reports without writing. */
GRID_API int grid_case_sweep(grid_db *db, int dry_run, grid_sweep_cb cb, void *ctx);

/* Loading a ledger (台账) of issues from CSV (grid-issue(1), "issue import"). */
typedef struct grid_ledger_opts {
	int version;
	const char *name;  /* the file name used in messages */
	int dry_run;       /* check and count, write nothing */
	/* Called with each error line "FILE:LINE: what" (up to 20). */
	void (*on_error)(void *ctx, const char *msg);
	void *ctx;
} grid_ledger_opts;
#define GRID_LEDGER_OPTS_INIT { 1, NULL, 0, NULL, NULL }

typedef struct grid_ledger_result {
	long long added;
	long long unchanged;
} grid_ledger_result;

/* Write the cases matching F (its unit, since and until; its other
 * fields are not used) to OUT as JSON Lines, oldest id first: one case a
 * line, with every event of its history (grid-issue(1), "issue export"). */
GRID_API int grid_issue_export(grid_db *db, const grid_issue_filter *f, FILE *out);

/* Import the ledger read from F, all or nothing, in one transaction.
 * F may also be the output of grid_issue_export (its first non-blank
 * byte '{'): each case comes back with exactly its events, keeping its
 * id when the database has no issues yet.  A
 * ref already in the database is left alone when unit, category, title,
 * reported_at and status agree, and is a conflict otherwise.  Returns
 * GRID_EINPUT when any line is wrong (GRID_ECONFLICT when every wrong
 * line is such a conflict).  Admin only. */
GRID_API int grid_issue_import(grid_db *db, FILE *f, const grid_ledger_opts *opts, grid_ledger_result *res);

#ifdef __cplusplus
}
#endif
#endif
