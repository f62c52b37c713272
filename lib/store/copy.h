/* The storage interface of a copy from one database into another
 * (lib/store/sql/copy.c; the logic in lib/dbcopy.c): every table read
 * whole from the source as rows of columns, DEST's rows looked up by
 * their keys, and rows written into DEST, the many by COPY (PostgreSQL)
 * or by multi-row INSERTs (SQLite).  The history's events are read by
 * store_history_scan (history.h) and written here. */
#ifndef GRID_STORE_COPY_H
#define GRID_STORE_COPY_H

#include <stddef.h>
#include <stdint.h>

#include "store.h"

/* The tables, and the columns of their rows in order: those written
 * first, then those read only (a code a row's reference stands for). */
enum store_copy_table {
	SC_LEVEL,      /* depth name */
	SC_DEPARTMENT, /* id code name */
	SC_CATEGORY,   /* id code name deadline_hours department_id | department */
	SC_UNIT,       /* id code name depth parent_id households population lft rgt lat long address
			* | level parent */
	SC_PERSON,     /* id pid name login phone roles department_id | department */
	SC_ASSIGNMENT, /* unit_id person_id duty */
	SC_SETTING,    /* key value */
	SC_ISSUE,      /* id ref unit_id handling_unit_id category_id title detail location reported_by reported_at
			* status accepted_at due_at resolved_at closed_at handler handler_kind duplicate_of reopened
			* changed_at lat long */
	SC_EVENT,      /* id issue_id at actor recorded_by action from_status to_status handling_unit_id due_at
			* note on_behalf seq hash */
	SC_VISIT,      /* id unit_id household person at note */
	SC_DIARY,      /* id unit_id person date text score review_note reviewed_by reviewed_at */
	SC_INDICATOR,  /* id code name measure */
	SC_TARGET,     /* id indicator_id year unit_id value decimals set_by set_at | indicator unit */
	SC_FIGURE,     /* id indicator_id unit_id as_of value decimals recorded_by recorded_at | indicator
			* (target_record) */
	SC_PROJECT,    /* id code name level stage investment unit_id person created_at changed_at | unit */
	SC_PROJECT_EVENT, /* id project_id at kind date stage investment note actor recorded_by name level unit
			   * person */
	SC_ISSUE_REF,  /* id ref: the issues that have a ref (read only) */
	SC_ISSUE_KEY,  /* id unit_id reported_at title: those without (read only) */
	SC_TABLES
};

/* Column numbers, by table. */
enum { LV_DEPTH, LV_NAME };
enum { DP_ID, DP_CODE, DP_NAME };
enum { CT_ID, CT_CODE, CT_NAME, CT_HOURS, CT_DEPT_ID, CT_DEPT };
enum { UN_ID, UN_CODE, UN_NAME, UN_DEPTH, UN_PARENT_ID, UN_HOUSEHOLDS, UN_POPULATION, UN_LFT, UN_RGT, UN_LAT,
	UN_LONG, UN_ADDRESS, UN_LEVEL, UN_PARENT };
enum { PS_ID, PS_PID, PS_NAME, PS_LOGIN, PS_PHONE, PS_ROLES, PS_DEPT_ID, PS_DEPT };
enum { AS_UNIT_ID, AS_PERSON_ID, AS_DUTY };
enum { ST_KEY, ST_VALUE };
enum { IS_ID, IS_REF, IS_UNIT_ID, IS_HANDLING_UNIT_ID, IS_CATEGORY_ID, IS_TITLE, IS_DETAIL, IS_LOCATION,
	IS_REPORTED_BY, IS_REPORTED_AT, IS_STATUS, IS_ACCEPTED_AT, IS_DUE_AT, IS_RESOLVED_AT, IS_CLOSED_AT, IS_HANDLER,
	IS_HANDLER_KIND, IS_DUPLICATE_OF, IS_REOPENED, IS_CHANGED_AT, IS_LAT, IS_LONG };
enum { EV_ID, EV_ISSUE_ID, EV_AT, EV_ACTOR, EV_RECORDED_BY, EV_ACTION, EV_FROM, EV_TO, EV_UNIT_ID, EV_DUE_AT,
	EV_NOTE, EV_ON_BEHALF, EV_SEQ, EV_HASH };
enum { VS_ID, VS_UNIT_ID, VS_HOUSEHOLD, VS_PERSON, VS_AT, VS_NOTE };
enum { DI_ID, DI_UNIT_ID, DI_PERSON, DI_DATE, DI_TEXT, DI_SCORE, DI_REVIEW_NOTE, DI_REVIEWED_BY, DI_REVIEWED_AT };
enum { IN_ID, IN_CODE, IN_NAME, IN_MEASURE };
enum { TG_ID, TG_INDICATOR_ID, TG_YEAR, TG_UNIT_ID, TG_VALUE, TG_DECIMALS, TG_SET_BY, TG_SET_AT, TG_INDICATOR,
	TG_UNIT };
enum { FG_ID, FG_INDICATOR_ID, FG_UNIT_ID, FG_AS_OF, FG_VALUE, FG_DECIMALS, FG_RECORDED_BY, FG_RECORDED_AT,
	FG_INDICATOR };
enum { PJ_ID, PJ_CODE, PJ_NAME, PJ_LEVEL, PJ_STAGE, PJ_INVESTMENT, PJ_UNIT_ID, PJ_PERSON, PJ_CREATED_AT,
	PJ_CHANGED_AT, PJ_UNIT };
enum { PE_ID, PE_PROJECT_ID, PE_AT, PE_KIND, PE_DATE, PE_STAGE, PE_INVESTMENT, PE_NOTE, PE_ACTOR, PE_RECORDED_BY,
	PE_NAME, PE_LEVEL, PE_UNIT, PE_PERSON };
enum { IR_ID, IR_REF };
enum { IK_ID, IK_UNIT_ID, IK_REPORTED_AT, IK_TITLE };

#define STORE_COPY_COLS 22

/* One row: column K is an integer v[K] (null[K] for SQL NULL), a text
 * t[K] (NULL for SQL NULL), a blob of v[K] bytes at t[K], or a real
 * whose bits v[K] holds (null[K]; exact, not through its text), as the
 * table has it.  Read rows point into the statement: valid in the
 * callback only. */
struct store_copy_row {
	int64_t v[STORE_COPY_COLS];
	const char *t[STORE_COPY_COLS];
	unsigned char null[STORE_COPY_COLS];
};

/* Is NAME a file (SQLite, *path the file without "sqlite:"), not a
 * server's database? */
int store_copy_is_file(const char *name, const char **path);

/* A read transaction over the whole copy: everything read from S is as
 * of one moment, the history verified first included. */
int store_copy_read_begin(struct store *s);
void store_copy_read_end(struct store *s);

/* Are A and B one database on one server, named two ways (*same)? */
int store_copy_same_server_db(struct store *a, struct store *b, int *same);

/* Every row of table T of S, in the order a copy writes them (units
 * parents first; the rest by id), the large tables a page at a time;
 * a non-zero return of CB stops and is returned. */
typedef int (*store_copy_row_cb)(void *ctx, const struct store_copy_row *r);
int store_copy_each(struct store *s, enum store_copy_table t, store_copy_row_cb cb, void *ctx);

/* Is table T of S empty? */
int store_copy_empty(struct store *s, enum store_copy_table t, int *empty);
/* The id the next row of T gets: max(id) + 1. */
int store_copy_next_id(struct store *s, enum store_copy_table t, int64_t *id);

/* Lookups in DEST by key, the row in its table's columns. */
enum store_copy_find {
	SF_LEVEL_DEPTH,  /* key: depth */
	SF_LEVEL_NAME,   /* key: name */
	SF_DEPARTMENT,   /* key: code */
	SF_CATEGORY,     /* key: code */
	SF_UNIT,         /* key: code */
	SF_PERSON,       /* key: pid */
	SF_PERSON_LOGIN, /* key: login */
	SF_SETTING,      /* key: key */
	SF_VISIT,        /* key: unit_id household person at */
	SF_DIARY,        /* key: unit_id person date */
	SF_ISSUE_KEY,    /* key: unit_id reported_at title, of an issue without a ref */
	SF_INDICATOR,    /* key: code */
	SF_TARGET,       /* key: indicator_id year unit_id */
	SF_FIGURE,       /* key: indicator_id unit_id as_of value decimals recorded_at */
	SF_PROJECT,      /* key: code */
};
/* A row found, its texts kept in buf (the caller zeroes it first and
 * frees it with store_copy_found_free). */
struct store_copy_found {
	struct store_copy_row r;
	char *buf;
	size_t cap;
};
/* The row of F whose key is KEY's (the key columns of KEY's table read
 * from KEY) into OUT: *found 0 when there is none. */
int store_copy_find(struct store *s, enum store_copy_find f, const struct store_copy_row *key,
	struct store_copy_found *out, int *found);
void store_copy_found_free(struct store_copy_found *f);

/* Write one row of a roster table (levels to settings) or of the year's
 * work (indicators to project events): *id its id (the tables with one;
 * a NULL id column is the next free one), GRID_OK, 1 when DEST refused
 * it (a key or login taken), or an error.  An assignment there already
 * is *id 0. */
int store_copy_insert(struct store *s, enum store_copy_table t, const struct store_copy_row *r, int64_t *id);

/* Rows of a large table (issues, events, visits, diaries) with their ids
 * given, written in batches: by COPY on PostgreSQL, sixteen rows a
 * statement on SQLite.  store_copy_put_end writes what waits. */
struct store_copy_out {
	struct store *s;
	enum store_copy_table t;
	struct sql_stmt *st;
	int pending;
};
void store_copy_out_init(struct store_copy_out *o, struct store *s, enum store_copy_table t);
int store_copy_put(struct store_copy_out *o, const struct store_copy_row *r);
int store_copy_put_end(struct store_copy_out *o);

/* How many of the N (at most STORE_COPY_REFS) refs DEST's issues hold. */
#define STORE_COPY_REFS 256
int store_copy_refs_taken(struct store *s, const char *const *refs, size_t n, int64_t *count);

/* Issue ID is a duplicate of DUP (written after every issue is). */
int store_copy_set_duplicate(struct store *s, int64_t id, int64_t dup);

/* DEST's history chain held in memory for the copy's transaction (its
 * next event id and its head, written back at the commit): *next_id the
 * id the next event gets. */
int store_copy_chain_hold(struct store *s, int64_t *next_id);
/* Event ID, number SEQ of its issue, with hash HASH, written: the head
 * folded over it. */
int store_copy_chain_add(struct store *s, int64_t id, int64_t seq, const unsigned char *hash);

/* DEST's history head, as SOURCE's (DEST had no events). */
int store_copy_head(struct store *s, const unsigned char *head, int64_t events);

/* In the copy's transaction, into a PostgreSQL DEST without issues:
 * set the foreign keys of issue and event aside (remembered in B, which
 * the caller zeroes first and frees with store_bulk_free, issue.h), and
 * add them back with store_bulk_index before the commit, which checks
 * every row once rather than a row at a time.  Nothing on SQLite, whose
 * bulk load turns the checks off (store_bulk_begin). */
struct store_bulk;
int store_copy_keys_aside(struct store *s, struct store_bulk *b);

/* After the rows: the planner's statistics of the tables written
 * (PostgreSQL; nothing on SQLite). */
int store_copy_analyze(struct store *s);

#endif
