/* grid eval year: the yearly evaluation of the teams and grid workers. */
#include <stdlib.h>

#include "cli.h"
#include "measures.h"
#include "words.h"

/* The teams' columns: grid rank's, then the rating. */
static const struct out_col team_cols[] = {
	RANK_COLS,
	{ "rating", N_("RATING"), OUT_STR },
};

static const struct out_col person_cols[] = {
	{ "person", N_("PERSON"), OUT_STR },
	{ "name", N_("NAME"), OUT_STR },
	{ "units", N_("UNITS"), OUT_LIST },
	{ "score", N_("SCORE"), OUT_RATE },
	{ "closure_rate", N_("CLOSURE RATE"), OUT_RATE },
	{ "on_time_rate", N_("ON-TIME RATE"), OUT_RATE },
	{ "visit_rate", N_("VISIT RATE"), OUT_RATE },
	{ "diary_compliance", N_("DIARY"), OUT_RATE },
	{ "review_score", N_("REVIEW"), OUT_RATE },
	{ "rating", N_("RATING"), OUT_STR },
	{ "previous_rating", N_("LAST YEAR"), OUT_STR },
};

#define NTEAM (sizeof(team_cols) / sizeof(team_cols[0]))
#define NPERSON (sizeof(person_cols) / sizeof(person_cols[0]))

/* RATING as the format shows it: the reader's word in text, else the key. */
static struct out_val rating_val(const struct cli *c, const char *rating)
{
	return out_str(c->format == FMT_TEXT ? cli_word("rating", rating) : rating);
}

static void team_vals(const struct cli *c, const grid_eval_team *t, struct out_val *v)
{
	rank_vals(&t->row, v);
	v[8] = rating_val(c, t->advanced ? "advanced" : NULL);
}

static void person_vals(const struct cli *c, const grid_eval_person *p, int reserve, struct out_val *v)
{
	const grid_measure *m = &p->m;

	v[0] = out_str(p->id);
	v[1] = out_str(p->name);
	v[2] = out_list(p->units, p->nunits);
	v[3] = p->has_score ? out_real(p->score) : out_null();
	v[4] = out_rate(m->resolved, m->found);
	v[5] = out_rate(m->on_time, m->due);
	v[6] = out_rate(m->visited, m->households);
	v[7] = out_rate(grid_diary_compliant(m), m->expected);
	v[8] = out_rate(m->score_sum, 100 * m->scored);
	v[9] = rating_val(c, grid_eval_rating_name(p->rating));
	v[10] = rating_val(c, reserve ? grid_eval_rating_name(p->previous) : NULL);
}

/* What to print: both tables, or one (--teams, --people, or a flat format). */
enum eval_show { SHOW_BOTH, SHOW_TEAMS, SHOW_PEOPLE };

/* The people shown: with --reserve, the reserve cadres only. */
static int shown(const grid_eval_person *p, int reserve)
{
	return !reserve || p->reserve;
}

static int print_teams(struct cli *c, const grid_eval *e)
{
	struct out_val v[NTEAM];
	struct out *o = out_begin(c, team_cols, NTEAM);
	size_t i;

	if (!o)
		return out_end(o);
	for (i = 0; i < e->nteams; i++) {
		team_vals(c, &e->teams[i], v);
		out_row(o, v);
	}
	return out_end(o);
}

static int print_people(struct cli *c, const grid_eval *e, int reserve)
{
	struct out_val v[NPERSON];
	/* The year before's rating is a column of --reserve only. */
	struct out *o = out_begin(c, person_cols, reserve ? NPERSON : NPERSON - 1);
	size_t i;

	if (!o)
		return out_end(o);
	for (i = 0; i < e->npeople; i++)
		if (shown(&e->people[i], reserve)) {
			person_vals(c, &e->people[i], reserve, v);
			out_row(o, v);
		}
	return out_end(o);
}

static int print_json(struct cli *c, const grid_eval *e, enum eval_show show, int reserve)
{
	json_t *doc = json_object(), *teams = json_array(), *people = json_array();
	struct out_val v[NPERSON];
	size_t i;

	json_object_set_new(doc, "year", json_integer(e->year));
	measure_json_period(doc, &e->period);
	json_object_set_new(doc, "level", json_string(e->level));
	json_object_set_new(doc, "advanced", json_integer(e->advanced));
	for (i = 0; show != SHOW_PEOPLE && i < e->nteams; i++) {
		team_vals(c, &e->teams[i], v);
		json_array_append_new(teams, out_json_row(team_cols, NTEAM, v));
	}
	for (i = 0; show != SHOW_TEAMS && i < e->npeople; i++)
		if (shown(&e->people[i], reserve)) {
			person_vals(c, &e->people[i], reserve, v);
			json_array_append_new(people, out_json_row(person_cols, reserve ? NPERSON : NPERSON - 1, v));
		}
	if (show != SHOW_PEOPLE)
		json_object_set_new(doc, "teams", teams);
	else
		json_decref(teams);
	if (show != SHOW_TEAMS)
		json_object_set_new(doc, "people", people);
	else
		json_decref(people);
	return out_json_dump(doc);
}

static int print_eval(struct cli *c, const grid_eval *e, enum eval_show show, int reserve)
{
	int rc = 0;

	if (c->format == FMT_JSON)
		return print_json(c, e, show, reserve);
	if (out_flat(c))
		return show == SHOW_TEAMS ? print_teams(c, e) : print_people(c, e, reserve);
	if (show != SHOW_PEOPLE) {
		printf(_("Teams of level %s, %d (%lld advanced)\n"), e->level, e->year, (long long)e->advanced);
		rc = print_teams(c, e);
	}
	if (show != SHOW_TEAMS && !rc) {
		if (show == SHOW_BOTH)
			putchar('\n');
		printf(reserve ? _("Reserve cadres: excellent in %d and %d\n") : _("Grid workers, %d\n"),
			reserve ? e->year - 1 : e->year, e->year);
		rc = print_people(c, e, reserve);
	}
	return rc;
}

static int cmd_eval_year(struct cli *c, int argc, char **argv)
{
	enum { OPT_RESERVE = 1, OPT_UNIT, OPT_TEAMS, OPT_PEOPLE };
	static const struct cli_opt opts[] = {
		{ "reserve", 0, ARG_NONE, OPT_RESERVE },
		{ "unit", 0, ARG_REQUIRED, OPT_UNIT },
		{ "teams", 0, ARG_NONE, OPT_TEAMS },
		{ "people", 0, ARG_NONE, OPT_PEOPLE },
		{ NULL, 0, ARG_NONE, 0 },
	};
	grid_eval_query q = GRID_EVAL_QUERY_INIT;
	enum eval_show show = SHOW_BOTH;
	int teams = 0, people = 0, id, rc;
	grid_eval *e = NULL;
	long long year;
	const char *arg;
	struct cli_args it;

	cli_args_init(&it, c, argc, argv, opts);
	while ((id = cli_next(&it, &arg)) > 0) {
		if (id == OPT_RESERVE)
			q.reserve = 1;
		else if (id == OPT_UNIT)
			q.unit = arg;
		else if (id == OPT_TEAMS)
			teams = 1;
		else
			people = 1;
	}
	if ((rc = cli_args_done(&it, id)) >= 0)
		return rc;
	if ((rc = cli_setup(c)) || (rc = cli_want_positional(&it, 1, "YYYY")))
		return rc;
	if (teams && (people || q.reserve))
		return cli_usage_error(c, _("--teams goes with neither --people nor --reserve"));
	if ((rc = measure_check_arg(c, "--unit", q.unit, GRID_TEXT_CODE)) ||
		(rc = cli_parse_int(c, "YYYY", it.pos[0], 1, 9999, &year)))
		return rc;
	show = teams ? SHOW_TEAMS : people || q.reserve ? SHOW_PEOPLE : SHOW_BOTH;
	q.year = (int)year;
	q.now = c->now;
	if ((rc = grid_eval_build(c->db, &q, &e)))
		return cli_fail(rc);
	rc = print_eval(c, e, show, q.reserve);
	grid_eval_free(e);
	return rc;
}

const struct cli_verb cli_eval_verbs[] = {
	{ "year", cmd_eval_year, CLI_NEED_DB | CLI_FORMATS,
		"grid eval year YYYY [--reserve] [--unit CODE] [--teams | --people] [--format FMT]",
		N_("Rate the teams and grid workers of a year.") },
	{ NULL, NULL, 0, NULL, NULL },
};
