/* libgrid: key projects (重点项目, grid-project(1)): the projects a street
 * office follows through the year — their level (市/区/街道重点), stage
 * (规划/在建/竣工), total investment and milestones — and the counts a
 * notice says of them ("共有重点项目15个，其中市重点项目2个…").
 *
 * A project is known by its code.  It holds its present state; every
 * change and milestone is an event of its append-only history.
 * Investments are whole yuan: an amount written in 10,000 yuan (万元)
 * with up to four decimals, as grid_decimal_parse reads it, has as its
 * value (ten-thousandths of 万元) exactly the yuan. */
#ifndef GRID_PROJECT_H
#define GRID_PROJECT_H

#include <stddef.h>
#include <stdint.h>

#include "common.h"
#include "decimal.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Who a project is a key project of. */
typedef enum grid_project_level {
	GRID_PROJECT_CITY,      /* 市重点 */
	GRID_PROJECT_DISTRICT,  /* 区重点 */
	GRID_PROJECT_STREET,    /* 街道重点 */
	GRID_PROJECT_LEVELS     /* the number of levels */
} grid_project_level;

/* Where a project stands. */
typedef enum grid_project_stage {
	GRID_PROJECT_PLANNED,   /* 规划建设: planned, not started */
	GRID_PROJECT_BUILDING,  /* 在建: under construction */
	GRID_PROJECT_DONE,      /* 竣工: completed */
	GRID_PROJECT_STAGES     /* the number of stages */
} grid_project_stage;

/* The investment bands of the counts, in yuan: 1亿元 (100 million) and
 * over, and 10亿元 (1 billion) and over.  "超亿元" in a notice is 亿元以上:
 * a project of exactly 1亿 counts. */
#define GRID_PROJECT_BAND_100M INT64_C(100000000)
#define GRID_PROJECT_BAND_1B INT64_C(1000000000)

/* The English key of LEVEL ("city", "district", "street") or STAGE
 * ("planned", "building", "done"); NULL for a value out of range. */
GRID_API const char *grid_project_level_name(int level);
GRID_API const char *grid_project_stage_name(int stage);

/* The level or stage of its English key; -1 for any other text or NULL. */
GRID_API int grid_project_level_parse(const char *name);
GRID_API int grid_project_stage_parse(const char *name);

/* An investment in yuan written in 万元 into BUF (GRID_DECIMAL_BUFSZ
 * bytes), with the decimals it needs and no more: "110000", "1234.5".
 * Returns BUF. */
GRID_API char *grid_project_investment_format(char *buf, int64_t yuan);

/* ---- writing ------------------------------------------------------------- */

/* A field of grid_project_opts left as it is (update) or at its default (add). */
#define GRID_PROJECT_UNCHANGED (-1)

typedef struct grid_project_opts {
	unsigned version;      /* GRID_PROJECT_OPTS_VERSION */
	const char *code;      /* the project's code (a code, as a unit's), required */
	const char *name;      /* required on add; NULL: unchanged */
	int level;             /* grid_project_level; required on add; GRID_PROJECT_UNCHANGED: unchanged */
	int stage;             /* grid_project_stage; GRID_PROJECT_UNCHANGED: planned on add, else unchanged */
	int64_t investment;    /* total investment in yuan, >= 0; GRID_PROJECT_UNCHANGED: none on add, else unchanged */
	const char *unit;      /* the responsible unit's code; NULL: none on add, else unchanged */
	const char *person;    /* the responsible person's id; NULL: none on add, else unchanged */
	const char *note;      /* the note of the add or update event; NULL or "" for none */
	const char *milestone; /* update: a milestone reached, its text (e.g. "主体封顶"); NULL for none */
	const char *date;      /* the milestone's date, YYYY-MM-DD; NULL: the local date of AT */
	int64_t at;            /* when the event is recorded; 0 for now; never after now */
} grid_project_opts;

#define GRID_PROJECT_OPTS_VERSION 1
#define GRID_PROJECT_OPTS_INIT                                                                            \
	{ GRID_PROJECT_OPTS_VERSION, NULL, NULL, GRID_PROJECT_UNCHANGED, GRID_PROJECT_UNCHANGED,          \
	  GRID_PROJECT_UNCHANGED, NULL, NULL, NULL, NULL, NULL, 0 }

/* Add the key project OPTS->code with an 'add' event (its stage,
 * investment and note).  The acting person must be an admin or a leader
 * (GRID_EPERM).  A level or stage out of range, a negative investment or
 * a milestone: GRID_EUSAGE; a bad text or a time after now: GRID_EINPUT;
 * an unknown unit or person: GRID_ENOTFOUND; a code taken: GRID_ECONFLICT. */
GRID_API int grid_project_add(grid_db *db, const grid_project_opts *opts);

/* Change the key project OPTS->code: the fields given that differ from
 * the present ones, written with an 'update' event holding the stage and
 * investment after it and the note (a note alone is an update too); and
 * a milestone, a 'milestone' event with its date and text, after it.
 * Any stage may follow any other (a completed project may go back to
 * building; the history keeps both).  Fields given as they are write
 * nothing: *events (may be NULL) gets the number of events written.
 * Nothing given at all, or a date without a milestone: GRID_EUSAGE; an
 * unknown project, unit or person: GRID_ENOTFOUND; a time before the
 * project's last event: GRID_ECONFLICT (its history runs forward); a
 * milestone date after the date of the event: GRID_EINPUT.  Admin or
 * leader, as grid_project_add. */
GRID_API int grid_project_update(grid_db *db, const grid_project_opts *opts, int *events);

/* ---- reading ------------------------------------------------------------- */

/* A project as listed.  Its strings belong to the list (or live until the
 * callback of grid_project_get returns). */
typedef struct grid_project {
	const char *code;
	const char *name;
	grid_project_level level;
	grid_project_stage stage;     /* as of the list's time */
	int has_investment;           /* 0: no investment recorded */
	int64_t investment;           /* yuan, as of the list's time (grid_project_investment_format) */
	const char *unit;             /* the responsible unit's code, NULL when none */
	const char *unit_name;        /* its name, NULL when none */
	const char *person;           /* the responsible person's id, NULL when none */
	const char *person_name;      /* their name; NULL when none or no longer in the roster */
	const char *milestone;        /* the latest milestone (by its date, then as recorded), NULL when none */
	const char *milestone_date;   /* its date YYYY-MM-DD, NULL when none */
	int64_t created_at;           /* the time of its 'add' event */
	int64_t changed_at;           /* the time of its latest event (now, not as of) */
} grid_project;

typedef struct grid_project_query {
	unsigned version;      /* GRID_PROJECT_QUERY_VERSION */
	int level;             /* only this grid_project_level; -1 for all */
	int stage;             /* only this grid_project_stage (as of AS_OF); -1 for all */
	const char *unit;      /* only projects whose unit is this one or below it; NULL for all */
	int64_t as_of;         /* 0: the present state; else the projects added by then, each with
	                        * the stage, investment and milestone recorded by then (the name,
	                        * level, unit and person are the present ones) */
	int whole;             /* with unit: the projects without a unit too (the unit is the top of
	                        * the tree, whose notice is the whole database's) */
} grid_project_query;

#define GRID_PROJECT_QUERY_VERSION 1
#define GRID_PROJECT_QUERY_INIT { GRID_PROJECT_QUERY_VERSION, -1, -1, NULL, 0, 0 }

/* What a notice says of the projects listed ("共有重点项目15个，其中市重点
 * 项目2个、区重点项目3个、街道重点项目10个；在建项目10个，规划建设项目5
 * 个；超亿元项目13个，超10亿项目7个"). */
typedef struct grid_project_counts {
	int64_t total;                        /* the projects listed */
	int64_t level[GRID_PROJECT_LEVELS];   /* by grid_project_level */
	int64_t stage[GRID_PROJECT_STAGES];   /* by grid_project_stage */
	int64_t band_100m;                    /* investment >= GRID_PROJECT_BAND_100M (1亿元 and over, 超亿元) */
	int64_t band_1b;                      /* investment >= GRID_PROJECT_BAND_1B (10亿元 and over, 超10亿) */
	int64_t no_investment;                /* without an investment recorded: in neither band */
	int64_t investment;                   /* the sum of the investments, yuan */
} grid_project_counts;

/* The projects of a query and their counts; everything belongs to it
 * until grid_project_list_free. */
typedef struct grid_project_list {
	int64_t as_of;                 /* the query's, 0 for the present state */
	grid_project *projects;        /* city, then district, then street; each by code */
	size_t nprojects;
	grid_project_counts counts;    /* over the projects listed */
} grid_project_list;

/* List the projects of QUERY (NULL for all) into *out (free with
 * grid_project_list_free).  An unknown unit: GRID_ENOTFOUND; a level or
 * stage out of range: GRID_EUSAGE. */
GRID_API int grid_project_list_build(grid_db *db, const grid_project_query *query, grid_project_list **out);

/* Free a list of grid_project_list_build; NULL is accepted. */
GRID_API void grid_project_list_free(grid_project_list *list);

typedef int (*grid_project_cb)(void *ctx, const grid_project *project);

/* Call CB once with the present state of project CODE (GRID_ENOTFOUND
 * when there is none); CB's return is returned. */
GRID_API int grid_project_get(grid_db *db, const char *code, grid_project_cb cb, void *ctx);

/* One event of a project's history. */
typedef struct grid_project_event {
	int64_t at;                /* when it was recorded */
	const char *kind;          /* "add", "update" or "milestone" */
	const char *actor;         /* the person who did it, NULL when unknown */
	const char *recorded_by;   /* the operating-system login that wrote it, NULL when unknown */
	int stage;                 /* add, update: the grid_project_stage after it; -1 for a milestone */
	int has_investment;        /* add, update: 1 when the project had an investment after it */
	int64_t investment;        /* yuan */
	const char *date;          /* milestone: its date YYYY-MM-DD; else NULL */
	const char *note;          /* add, update: the note; milestone: its text; NULL for none */
	/* add, update: the rest of the state after it (NULL for a milestone,
	 * and unit and person NULL for none): the name, the level's key
	 * ("city"), the unit's code and the person's id. */
	const char *name, *level, *unit, *person;
} grid_project_event;

typedef int (*grid_project_event_cb)(void *ctx, const grid_project_event *ev);

/* Call CB for each event of project CODE in the order they were written
 * (GRID_ENOTFOUND for an unknown project). */
GRID_API int grid_project_history(grid_db *db, const char *code, grid_project_event_cb cb, void *ctx);

#ifdef __cplusplus
}
#endif
#endif
