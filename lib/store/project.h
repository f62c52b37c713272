/* The storage interface of key projects and their history
 * (lib/store/sql/project.c).  Levels, stages and event kinds are their
 * English keys, as the tables hold them; investments are yuan; times
 * Unix seconds. */
#ifndef GRID_STORE_PROJECT_H
#define GRID_STORE_PROJECT_H

#include <stdint.h>

#include "grid/project.h"
#include "grid/text.h"
#include "store.h"

/* The present state of one project, as an update reads and writes it.
 * UNIT_ID 0 and PERSON "" for none; HAS_INVESTMENT 0 for none. */
struct store_project_state {
	int64_t id, unit_id, created_at, changed_at;
	int has_investment;
	int64_t investment;
	char code[GRID_MAX_CODE_BYTES + 1];
	char name[GRID_MAX_NAME_CHARS * 4 + 1];
	char level[16], stage[16];
	char person[GRID_MAX_CODE_BYTES + 1];
	char unit[GRID_MAX_CODE_BYTES + 1];  /* the code of UNIT_ID, "" for none */
};

/* The project of CODE; GRID_ENOTFOUND "unknown key project 'CODE'". */
int store_project_load(struct store *s, const char *code, struct store_project_state *p);
/* Is there a project of CODE (*yes)? */
int store_project_exists(struct store *s, const char *code, int *yes);
/* A new project from P (its id, and changed_at, ignored): *id gets its id. */
int store_project_insert(struct store *s, const struct store_project_state *p, int64_t *id);
/* Write P's fields over the row of P->id. */
int store_project_save(struct store *s, const struct store_project_state *p);

/* One event of a project's history; STAGE, DATE, NOTE NULL for none. */
struct store_project_event {
	int64_t project_id, at;
	const char *kind, *date, *stage, *note, *actor, *recorded_by;
	const char *name, *level, *unit, *person; /* the state left, with stage and investment */
	int has_investment;
	int64_t investment;
};
int store_project_event_add(struct store *s, const struct store_project_event *e);

/* The rows of a list: STAGE and INVESTMENT as of AS_OF (0: the present
 * state), the other columns the present ones.  LEVEL, STAGE, CODE NULL
 * for any; HAS_UNIT 0 for every unit, else the units with lft in LFT..RGT. */
struct store_project_query {
	const char *level, *stage, *code;
	int has_unit, whole;  /* WHOLE: with HAS_UNIT, the projects without a unit too */
	int64_t lft, rgt;
	int64_t as_of;
};
/* A row as read: the strings live until the callback returns. */
struct store_project_row {
	const char *code, *name, *level, *stage;
	int has_investment;
	int64_t investment;
	const char *unit, *unit_name, *person, *person_name, *milestone, *milestone_date;
	int64_t created_at, changed_at;
};
typedef int (*store_project_row_cb)(void *ctx, const struct store_project_row *r);
/* The rows of Q, city first, then district, then street, each by code. */
int store_project_list(struct store *s, const struct store_project_query *q, store_project_row_cb cb, void *ctx);

/* An event as read; the strings live until the callback returns. */
struct store_project_event_row {
	int64_t at;
	const char *kind, *actor, *recorded_by, *stage, *date, *note;
	int has_investment;
	int64_t investment;
	const char *name, *level, *unit, *person;
};
typedef int (*store_project_event_cb)(void *ctx, const struct store_project_event_row *e);
/* The events of project PROJECT_ID in the order written. */
int store_project_events(struct store *s, int64_t project_id, store_project_event_cb cb, void *ctx);

#endif
