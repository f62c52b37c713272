/* Household visits: recording one, listing them, importing them from CSV,
 * and their measure (households visited). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "code_map.h"
#include "csv_input.h"
#include "fieldwork.h"
#include "grid/field.h"
#include "grid/text.h"
#include "grid/time.h"
#include "internal.h"
#include "store/fieldwork.h"
#include "text_check.h"
#include "unit_tree.h"

/* Household keys are compared as text: " a", "a " and "a" are one
 * household.  Trims ASCII white space and U+3000 (the ideographic space
 * of CJK input methods) at both ends, in place; returns S. */
static char *trim(char *s)
{
	char *b = s, *e;

	for (;;) {
		if (*b == ' ' || (*b >= '\t' && *b <= '\r'))
			b++;
		else if ((unsigned char)b[0] == 0xE3 && (unsigned char)b[1] == 0x80 && (unsigned char)b[2] == 0x80)
			b += 3;
		else
			break;
	}
	e = b + strlen(b);
	for (;;) {
		if (e > b && (e[-1] == ' ' || (e[-1] >= '\t' && e[-1] <= '\r')))
			e--;
		else if (e - b >= 3 && (unsigned char)e[-3] == 0xE3 && (unsigned char)e[-2] == 0x80 &&
			(unsigned char)e[-1] == 0x80)
			e -= 3;
		else
			break;
	}
	memmove(s, b, (size_t)(e - b));
	s[e - b] = '\0';
	return s;
}

/* One visit, as a write grid_db_write may run again. */
struct visit_write {
	int64_t unit_id, at, *out;
	const char *by, *household, *note;
};

static int visit_write_body(grid_db *db, void *arg)
{
	struct visit_write *w = arg;
	int added = 0;

	/* The same visit twice is one visit: its id is the first one's. */
	return store_visit_insert(db->store, w->unit_id, w->household, w->by, w->at, w->note, w->out, &added);
}

int grid_visit_add(int64_t *out, grid_db *db, const grid_visit_opts *opts)
{
	struct visit_write w = { 0 };
	int64_t now = grid_db_now(db), at;
	char *household = NULL;
	int rc;

	*out = 0;
	if (!opts->unit || !*opts->unit)
		return grid_error_set_field(grid_error_set(GRID_EUSAGE, "a visit needs a unit"), "unit");
	if (opts->household && !(household = grid_strdup(opts->household)))
		return GRID_EFAIL;
	if (household)
		trim(household);
	if ((rc = grid_text_check_named("household", household, GRID_TEXT_SHORT, 1)) ||
		(rc = grid_text_check_named("note", opts->note, GRID_TEXT_NOTE, 0)))
		goto done;
	at = opts->at ? opts->at : now;
	if (at > now) {
		char iso[40];

		grid_time_format(iso, sizeof(iso), at);
		rc = grid_error_set(GRID_EINPUT, "visit time '%s' is in the future", iso);
		goto done;
	}
	if ((rc = fieldwork_writer(db, opts->unit, opts->by, "visit add", &w.unit_id, &w.by)))
		goto done;
	w.household = household;
	w.at = at;
	w.note = opts->note && *opts->note ? opts->note : NULL;
	w.out = out;
	rc = grid_db_write(db, visit_write_body, &w);
done:
	free(household);
	return rc;
}

int grid_visit_list(grid_db *db, const grid_visit_filter *filter, grid_visit_cb cb, void *ctx)
{
	grid_visit_filter none = GRID_VISIT_FILTER_INIT;
	int64_t lft, rgt;
	int rc;

	if (!filter)
		filter = &none;
	if ((rc = fieldwork_list_scope(db, filter->unit, filter->by, &lft, &rgt)))
		return rc;
	return store_visit_list(db->store, lft, rgt, filter, cb, ctx);
}

/* ---- visit import: the columns and rows of the CSV --------------------- */

enum { COL_UNIT, COL_HOUSEHOLD, COL_BY, COL_AT, COL_NOTE, NCOLS };
static const char *const col_names[NCOLS] = { "unit", "household", "by", "at", "note" };

struct visit_import {
	struct csv_input in;
	grid_db *db;
	int64_t now;
	int col[NCOLS];    /* field index of each column, -1 when absent */
	int nheader;
	struct store_visit_stage stage;
	/* The units and people found so far: a lookup at the store would end
	 * the COPY under way, so each code is looked up once an import. */
	struct code_map units, people;
};

/* The header: which field holds each column. */
static void read_header(void *ctx, struct csv_input *in)
{
	struct visit_import *im = ctx;
	size_t i;
	int c;

	for (c = 0; c < NCOLS; c++)
		im->col[c] = -1;
	im->nheader = (int)in->nfields;
	for (i = 0; i < in->nfields; i++) {
		const char *f = in->fields[i].text;

		for (c = 0; c < NCOLS && strcmp(f, col_names[c]) != 0; c++)
			;
		/* One line holds the header: its first fault is enough. */
		if (c == NCOLS) {
			csv_input_error(in, in->rec_line, "unknown column '%s'; the columns are unit,household,by,at,note",
				f);
			break;
		}
		if (im->col[c] >= 0) {
			csv_input_error(in, in->rec_line, "column '%s' given twice", f);
			break;
		}
		im->col[c] = (int)i;
	}
	/* An unknown column is most likely a misspelt one: naming it is
	 * enough, without also calling the real one missing. */
	for (c = 0; c < COL_NOTE && !in->errors; c++)
		if (im->col[c] < 0)
			csv_input_error(in, in->rec_line, "missing column '%s'", col_names[c]);
}

/* The current record's value of column C, or NULL when the file has no
 * such column. */
static const char *column_value(const struct visit_import *im, int c)
{
	return im->col[c] >= 0 ? im->in.fields[im->col[c]].text : NULL;
}

/* A fault of column C of the current record, at the line where its field
 * starts: "FILE:LINE: column 'at': MESSAGE". */
static void column_error(struct visit_import *im, int c, const char *msg)
{
	csv_input_error(&im->in, im->col[c] >= 0 ? im->in.fields[im->col[c]].line : im->in.rec_line, "column '%s': %s",
		col_names[c], msg);
}

/* 1 when the check of column C failed with RC: an input error (a bad or
 * unknown value) is the row's, any other stops the import. */
static int column_failed(struct visit_import *im, int c, int rc)
{
	if (!rc)
		return 0;
	if (rc != GRID_EINPUT && rc != GRID_ENOTFOUND)
		im->in.fatal = rc;
	else
		column_error(im, c, grid_errmsg());
	return 1;
}

/* The visit time of the current record into *AT; 1 when it is bad. */
static int read_time(struct visit_import *im, int64_t *at)
{
	const char *text = column_value(im, COL_AT);
	char msg[160];

	if (!text || !*text) {
		column_error(im, COL_AT, _("value is empty"));
		return 1;
	}
	if (grid_time_parse(at, text)) {
		column_error(im, COL_AT, grid_errmsg());
		return 1;
	}
	if (*at > im->now) {
		snprintf(msg, sizeof(msg), _("visit time '%.100s' is in the future"), text);
		column_error(im, COL_AT, msg);
		return 1;
	}
	return 0;
}

/* The unit (MAP the units, *ID its id) or the person (MAP the people, ID
 * NULL) of code CODE, from the store the first time it is named. */
static int find_code(struct visit_import *im, struct code_map *map, const char *code, int64_t *id)
{
	const struct code_map_ent *e = code_map_get(map, code);
	int64_t found = 0;
	int rc;

	if (!e) {
		rc = id ? store_fieldwork_unit(im->db->store, code, &found, NULL, NULL)
			: store_fieldwork_person(im->db->store, code);
		if (rc || (rc = code_map_put(map, code, found, 0)))
			return rc;
	} else {
		found = e->id;
	}
	if (id)
		*id = found;
	return GRID_OK;
}

/* Check every column of the current record: each check reports its own
 * error, so that one pass lists them all.  1 when any failed. */
static int check_row(struct visit_import *im, int64_t *unit_id, int64_t *at)
{
	const char *unit = column_value(im, COL_UNIT), *by = column_value(im, COL_BY);
	const char *household = column_value(im, COL_HOUSEHOLD);
	int bad = 0, rc;

	if (!(rc = grid_text_check_named("value", unit, GRID_TEXT_CODE, 1)))
		rc = find_code(im, &im->units, unit, unit_id);
	bad |= column_failed(im, COL_UNIT, rc);
	if (household)
		trim(im->in.fields[im->col[COL_HOUSEHOLD]].text);
	bad |= column_failed(im, COL_HOUSEHOLD, grid_text_check_named("value", household, GRID_TEXT_SHORT, 1));
	if (!(rc = grid_text_check_named("value", by, GRID_TEXT_CODE, 1)))
		rc = find_code(im, &im->people, by, NULL);
	bad |= column_failed(im, COL_BY, rc);
	bad |= read_time(im, at);
	bad |= column_failed(im, COL_NOTE, grid_text_check_named("value", column_value(im, COL_NOTE), GRID_TEXT_NOTE, 0));
	return bad;
}

/* A record: checked, then recorded as a visit while the input is good. */
static void read_row(void *ctx, struct csv_input *in)
{
	struct visit_import *im = ctx;
	const char *note;
	int64_t unit_id = 0, at = 0;
	int rc;

	if ((int)in->nfields != im->nheader) {
		csv_input_error(in, in->rec_line, "expected %d fields, found %zu", im->nheader, in->nfields);
		return;
	}
	/* After a bad row, rows are still checked but no longer written. */
	if (check_row(im, &unit_id, &at) || in->errors || in->fatal)
		return;
	note = column_value(im, COL_NOTE);
	rc = store_visit_stage(im->db->store, &im->stage, unit_id, column_value(im, COL_HOUSEHOLD),
		column_value(im, COL_BY), at, note && *note ? note : NULL);
	if (rc)
		in->fatal = rc;
}

/* ---- visit import: the transaction ------------------------------------- */

int grid_visit_import(grid_db *db, const char *name, const char *data, size_t len, unsigned flags,
	grid_input_error_cb err, void *err_ctx, int64_t *added)
{
	int64_t unchanged;

	return grid_visit_import_counts(db, name, data, len, flags, err, err_ctx, added, &unchanged);
}

/* End the import's transaction: its staged visits written and counted,
 * then committed when RC is GRID_OK (rolled back on a dry run, counted
 * all the same), else rolled back. */
static int finish_import(grid_db *db, struct visit_import *im, int rc, unsigned flags, int64_t *added,
	int64_t *unchanged)
{
	if (rc == GRID_OK)
		rc = store_visit_stage_close(db->store, &im->stage);
	if (rc == GRID_OK && (flags & GRID_IMPORT_DRY_RUN)) {
		store_end(db->store, GRID_ECONFLICT);
		grid_error_clear();
	} else if ((rc = store_end(db->store, rc))) {
		return rc;
	}
	*added = im->stage.added;
	*unchanged = im->stage.rows - im->stage.added;
	return GRID_OK;
}

int grid_visit_import_counts(grid_db *db, const char *name, const char *data, size_t len, unsigned flags,
	grid_input_error_cb err, void *err_ctx, int64_t *added, int64_t *unchanged)
{
	struct visit_import im;
	int rc;

	*added = *unchanged = 0;
	if ((rc = grid_require_role(db, FIELDWORK_REVIEWERS, "visit import")))
		return rc;
	memset(&im, 0, sizeof(im));
	im.db = db;
	im.now = grid_db_now(db);
	if ((rc = csv_input_init(&im.in, name, err, err_ctx, read_header, read_row, &im)))
		return rc;
	if ((rc = store_begin(db->store)) || (rc = store_visit_stage_open(db->store, &im.stage))) {
		store_end(db->store, rc);
		csv_input_free(&im.in);
		return rc;
	}
	csv_input_read(&im.in, data, len);
	csv_input_free(&im.in);
	code_map_free(&im.units);
	code_map_free(&im.people);
	return finish_import(db, &im, csv_input_verdict(&im.in), flags, added, unchanged);
}

/* ---- measures ------------------------------------------------------------- */

static int add_visited(void *ctx, int64_t lft, int64_t n)
{
	struct unit_node *x = unit_tree_find(ctx, lft);

	if (x)
		x->m.visited = n;
	return 0;
}

int grid_stats_visits(grid_db *db, const grid_stats_query *query, grid_stats_cb cb, void *ctx,
	grid_measure *total)
{
	struct unit_tree t;
	int64_t lft, rgt;
	int rc;

	if (total)
		memset(total, 0, sizeof(*total));
	memset(&t, 0, sizeof(t));
	if ((rc = fieldwork_scope(db, query->unit, &lft, &rgt)))
		goto done;
	if ((rc = unit_tree_load(db, &t, lft, rgt)))
		goto done;
	if ((rc = store_visit_counts(db->store, lft, rgt, query->period.since, query->period.until, add_visited, &t)))
		goto done;
	unit_tree_rollup(&t, 1);
	rc = unit_tree_emit(db, &t, query, cb, ctx, total);
done:
	unit_tree_free(&t);
	return rc;
}
