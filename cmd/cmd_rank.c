/* grid rank: the units of a level by weighted score over a period. */
#include "cli.h"
#include "measures.h"

static int print_rank_row(void *ctx, const grid_rank_row *r)
{
	struct out_val vals[8];

	rank_vals(r, vals);
	out_row(ctx, vals);
	return 0;
}

static int json_rank_row(void *ctx, const grid_rank_row *r)
{
	struct out_val vals[8];

	rank_vals(r, vals);
	json_array_append_new(ctx, out_json_row(rank_cols, 8, vals));
	return 0;
}

/* Print the ranking of Q (its level resolved) in the command's format. */
static int print_rank(struct cli *c, const grid_rank_query *q)
{
	struct out *o;

	if (c->format == FMT_JSON) {
		json_t *doc = json_object(), *rows = json_array();

		measure_json_period(doc, &q->period);
		json_object_set_new(doc, "level", json_string(q->level));
		json_object_set_new(doc, "rows", rows);
		int rc;

		if ((rc = grid_rank(c->db, q, json_rank_row, rows))) {
			json_decref(doc);
			return cli_fail(rc);
		}
		return out_json_dump(doc);
	}
	if (!(o = out_begin(c, rank_cols, 8)))
		return out_end(o);
	return out_finish(o, grid_rank(c->db, q, print_rank_row, o));
}

static int cmd_rank(struct cli *c, int argc, char **argv)
{
	enum { OPT_LEVEL = 1, OPT_UNDER };
	static const struct cli_opt opts[] = {
		{ "level", 0, ARG_REQUIRED, OPT_LEVEL },
		{ "under", 0, ARG_REQUIRED, OPT_UNDER },
		CLI_PERIOD_OPTS,
		{ NULL, 0, ARG_NONE, 0 },
	};
	grid_rank_query q = GRID_RANK_QUERY_INIT;
	struct cli_period_args period = CLI_PERIOD_ARGS_INIT;
	const char *arg;
	char *level = NULL;
	struct cli_args it;
	int id, rc;

	cli_args_init(&it, c, argc, argv, opts);
	while ((id = cli_next(&it, &arg)) > 0) {
		if (id == OPT_LEVEL)
			q.level = arg;
		else if (id == OPT_UNDER)
			q.under = arg;
		else
			cli_period_arg(&period, id, arg);
	}
	if ((rc = cli_args_done(&it, id)) >= 0)
		return rc;
	if ((rc = cli_setup(c)) || (rc = cli_want_positional(&it, 0, "")))
		return rc;
	if ((rc = measure_check_arg(c, "--under", q.under, GRID_TEXT_CODE)) ||
		(rc = measure_check_arg(c, "--level", q.level, GRID_TEXT_NAME)) ||
		(rc = cli_period_of(c, &q.period, &period, 1)))
		return rc;
	if ((rc = grid_rank_level(c->db, q.level, &level)))
		return cli_fail(rc);
	q.level = level;
	rc = print_rank(c, &q);
	grid_free(level);
	return rc;
}

const struct cli_verb cli_rank_verbs[] = {
	{ NULL, cmd_rank, CLI_NEED_DB | CLI_FORMATS, "grid rank " CLI_PERIOD_USAGE " [--level LEVEL] [--under CODE] [--format FMT]", N_("Rank the units of a level by weighted score.") },
	{ NULL, NULL, 0, NULL, NULL },
};
