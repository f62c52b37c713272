/* Helpers shared by `grid stats`, `grid rank` and `grid report`
 * (measures.c): the columns of each measure and the stats document. */
#ifndef GRID_CMD_MEASURES_H
#define GRID_CMD_MEASURES_H

#include "cli.h"

enum measure_kind { MEASURE_CLOSURE, MEASURE_ONTIME, MEASURE_REWORK, MEASURE_ESCALATION, MEASURE_OVERDUE };

/* A table of measure rows, collected before printing. */
struct measure_table {
	grid_stats_row *rows; /* key and name malloc'd */
	size_t n, cap;
	grid_measure total;
};

/* Collect the rows of grid_stats_cases into T (a grid_stats_cb). */
int measure_collect(void *t, const grid_stats_row *row);
void measure_table_free(struct measure_table *t);

/* The columns of KIND after key and name; *n gets their count. */
const struct out_col *measure_cols(enum measure_kind kind, size_t *n);
/* The values of KIND's columns for M into VALS (room for 4). */
void measure_vals(enum measure_kind kind, const grid_measure *m, struct out_val *vals);

/* The period keys of a JSON document: since, until, as_of. */
void measure_json_period(json_t *doc, const grid_period *p);

/* The name of a grouping, "category", for JSON. */
const char *measure_by_name(grid_stats_by by);

/* The columns of a rank row, which rank_vals fills: the table of `grid
 * rank`, the first of the notice's ranking. */
#define RANK_COLS \
	{ "rank", N_("RANK"), OUT_INT }, \
	{ "unit", N_("UNIT"), OUT_STR }, \
	{ "name", N_("NAME"), OUT_STR }, \
	{ "score", N_("SCORE"), OUT_RATE }, \
	{ "closure_rate", N_("CLOSURE RATE"), OUT_RATE }, \
	{ "on_time_rate", N_("ON-TIME RATE"), OUT_RATE }, \
	{ "visit_rate", N_("VISIT RATE"), OUT_RATE }, \
	{ "diary_compliance", N_("DIARY"), OUT_RATE }

/* One rank row's values, in the order of rank_cols. */
extern const struct out_col rank_cols[8];
void rank_vals(const grid_rank_row *r, struct out_val *vals);

/* Check an option's value as a field of KIND: 0, or EXIT_USAGE printed. */
int measure_check_arg(const struct cli *c, const char *opt, const char *value, enum grid_text_kind kind);

#endif
