/* grid project: key projects (重点项目), their history and the counts a
 * notice says of them. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "measures.h"
#include "words.h"

/* ---- option values --------------------------------------------------------- */

static int parse_level(const struct cli *c, const char *text, int *out)
{
	if ((*out = grid_project_level_parse(text)) < 0)
		return cli_usage_error(c, _("--level takes city, district or street, not '%s'"), text);
	return 0;
}

static int parse_stage(const struct cli *c, const char *text, int *out)
{
	if ((*out = grid_project_stage_parse(text)) < 0)
		return cli_usage_error(c, _("--stage takes planned, building or done, not '%s'"), text);
	return 0;
}

/* An amount in 万元 as the notices write it: its value in ten-thousandths
 * of 万元 is the yuan the library takes. */
static int parse_investment(const struct cli *c, const char *text, int64_t *yuan)
{
	grid_decimal d;

	if (grid_decimal_parse(text, &d) || d.value < 0)
		return cli_usage_error(c,
			_("--investment takes an amount in 10,000 yuan (万元): a number from 0 to 10000000000000 with "
			  "at most 4 decimals, not '%s'"),
			text);
	*yuan = d.value;
	return 0;
}

/* ---- project add, project update ------------------------------------------- */

enum {
	OPT_NAME = 1, OPT_LEVEL, OPT_STAGE, OPT_INVESTMENT, OPT_UNIT, OPT_PERSON, OPT_NOTE, OPT_AT, OPT_MILESTONE,
	OPT_DATE, OPT_AS_OF
};

static const struct cli_opt write_opts[] = {
	{ "name", 0, ARG_REQUIRED, OPT_NAME },
	{ "level", 0, ARG_REQUIRED, OPT_LEVEL },
	{ "stage", 0, ARG_REQUIRED, OPT_STAGE },
	{ "investment", 0, ARG_REQUIRED, OPT_INVESTMENT },
	{ "unit", 0, ARG_REQUIRED, OPT_UNIT },
	{ "person", 0, ARG_REQUIRED, OPT_PERSON },
	{ "note", 0, ARG_REQUIRED, OPT_NOTE },
	{ "at", 0, ARG_REQUIRED, OPT_AT },
	{ "milestone", 0, ARG_REQUIRED, OPT_MILESTONE },
	{ "date", 0, ARG_REQUIRED, OPT_DATE },
	{ NULL, 0, ARG_NONE, 0 },
};

/* The options of a write as given, before their values are parsed. */
struct write_args {
	const char *level, *stage, *investment, *at, *date;
};

/* Read the options of add or update into P and A, then set up: -1 to go
 * on, else the exit status (usage printed for --help). */
static int read_write_args(struct cli *c, struct cli_args *it, int argc, char **argv, grid_project_opts *p,
	struct write_args *a)
{
	const char *arg;
	int id;

	memset(a, 0, sizeof(*a));
	cli_args_init(it, c, argc, argv, write_opts);
	while ((id = cli_next(it, &arg)) > 0) {
		if (id == OPT_NAME)
			p->name = arg;
		else if (id == OPT_LEVEL)
			a->level = arg;
		else if (id == OPT_STAGE)
			a->stage = arg;
		else if (id == OPT_INVESTMENT)
			a->investment = arg;
		else if (id == OPT_UNIT)
			p->unit = arg;
		else if (id == OPT_PERSON)
			p->person = arg;
		else if (id == OPT_NOTE)
			p->note = arg;
		else if (id == OPT_AT)
			a->at = arg;
		else if (id == OPT_MILESTONE)
			p->milestone = arg;
		else if (id == OPT_DATE)
			a->date = arg;
	}
	if ((id = cli_args_done(it, id)) >= 0 || (id = cli_setup(c)))
		return id;
	return -1;
}

/* The values of A into P, each checked: a usage error names the option. */
static int parse_write_args(struct cli *c, const struct write_args *a, grid_project_opts *p, char *date, size_t size)
{
	int rc;

	if ((a->level && (rc = parse_level(c, a->level, &p->level))) ||
		(a->stage && (rc = parse_stage(c, a->stage, &p->stage))) ||
		(a->investment && (rc = parse_investment(c, a->investment, &p->investment))) ||
		(a->at && (rc = cli_parse_time(c, "at", a->at, &p->at))) ||
		(a->date && (rc = cli_parse_date(c, "date", a->date, date, size))))
		return rc;
	if (a->date)
		p->date = date;
	return 0;
}

static int cmd_project_add(struct cli *c, int argc, char **argv)
{
	grid_project_opts p = GRID_PROJECT_OPTS_INIT;
	struct write_args a;
	struct cli_args it;
	char date[16];
	int rc;

	if ((rc = read_write_args(c, &it, argc, argv, &p, &a)) >= 0 || (rc = cli_want_positional(&it, 1, "CODE")))
		return rc;
	p.code = it.pos[0];
	if (!p.name)
		return cli_usage_error(c, _("missing --name"));
	if (!a.level)
		return cli_usage_error(c, _("missing --level"));
	if (p.milestone || a.date)
		return cli_usage_error(c, _("--milestone and --date go with 'grid project update'"));
	if ((rc = parse_write_args(c, &a, &p, date, sizeof(date))))
		return rc;
	if ((rc = grid_project_add(c->db, &p)))
		return cli_fail(rc);
	printf("%s\n", p.code);
	return EXIT_OK;
}

static int cmd_project_update(struct cli *c, int argc, char **argv)
{
	grid_project_opts p = GRID_PROJECT_OPTS_INIT;
	struct write_args a;
	struct cli_args it;
	char date[16];
	int rc;

	if ((rc = read_write_args(c, &it, argc, argv, &p, &a)) >= 0 || (rc = cli_want_positional(&it, 1, "CODE")))
		return rc;
	p.code = it.pos[0];
	if (a.date && !p.milestone)
		return cli_usage_error(c, _("--date goes with --milestone"));
	if (!p.name && !a.level && !a.stage && !a.investment && !p.unit && !p.person && !p.note && !p.milestone)
		return cli_usage_error(c, _("nothing to change: give --name, --level, --stage, --investment, --unit, "
					    "--person, --note or --milestone"));
	if ((rc = parse_write_args(c, &a, &p, date, sizeof(date))))
		return rc;
	if ((rc = grid_project_update(c->db, &p, NULL)))
		return cli_fail(rc);
	printf("%s\n", p.code);
	return EXIT_OK;
}

/* ---- the columns of a project ---------------------------------------------- */

static const struct out_col project_cols[] = {
	{ "code", N_("CODE"), OUT_STR },
	{ "name", N_("NAME"), OUT_STR },
	{ "level", N_("LEVEL"), OUT_STR },
	{ "stage", N_("STAGE"), OUT_STR },
	{ "investment", N_("INVESTMENT (10K YUAN)"), OUT_STR },
	{ "unit", N_("RESPONSIBLE UNIT"), OUT_STR },
	{ "unit_name", N_("RESPONSIBLE UNIT NAME"), OUT_STR },
	{ "person", N_("RESPONSIBLE PERSON"), OUT_STR },
	{ "person_name", N_("RESPONSIBLE PERSON NAME"), OUT_STR },
	{ "milestone", N_("MILESTONE"), OUT_STR },
	{ "milestone_date", N_("MILESTONE DATE"), OUT_STR },
};
#define NPROJECT (sizeof(project_cols) / sizeof(project_cols[0]))

/* A workbook's investment is a number a sheet can sum; the other formats
 * write the amount as it reads, without a float's noise. */
static const struct out_col project_xlsx_cols[] = {
	{ "code", N_("CODE"), OUT_STR },
	{ "name", N_("NAME"), OUT_STR },
	{ "level", N_("LEVEL"), OUT_STR },
	{ "stage", N_("STAGE"), OUT_STR },
	{ "investment", N_("INVESTMENT (10K YUAN)"), OUT_REAL },
	{ "unit", N_("RESPONSIBLE UNIT"), OUT_STR },
	{ "unit_name", N_("RESPONSIBLE UNIT NAME"), OUT_STR },
	{ "person", N_("RESPONSIBLE PERSON"), OUT_STR },
	{ "person_name", N_("RESPONSIBLE PERSON NAME"), OUT_STR },
	{ "milestone", N_("MILESTONE"), OUT_STR },
	{ "milestone_date", N_("MILESTONE DATE"), OUT_DATE },
};

/* The columns text shows: the code, name, level, stage, investment, unit,
 * person and the latest milestone with its date. */
static const struct out_col text_cols[] = {
	{ "code", N_("CODE"), OUT_STR },
	{ "name", N_("NAME"), OUT_STR },
	{ "level", N_("LEVEL"), OUT_STR },
	{ "stage", N_("STAGE"), OUT_STR },
	{ "investment", N_("INVESTMENT (10K YUAN)"), OUT_STR },
	{ "unit", N_("RESPONSIBLE UNIT"), OUT_STR },
	{ "person", N_("RESPONSIBLE PERSON"), OUT_STR },
	{ "milestone", N_("LATEST MILESTONE"), OUT_STR },
};
#define NTEXT (sizeof(text_cols) / sizeof(text_cols[0]))

/* Room for one project's cells of text: its investment and milestone. */
struct cells {
	char investment[GRID_DECIMAL_BUFSZ];
	char milestone[GRID_MAX_TITLE_CHARS * 4 + 16];
};

/* An investment in 万元 as a JSON number: whole, or with its decimals. */
static json_t *investment_json(const grid_project *p)
{
	if (!p->has_investment)
		return json_null();
	if (p->investment % 10000 == 0)
		return json_integer(p->investment / 10000);
	return json_real((double)p->investment / 10000.0);
}

static void project_vals(const struct cli *c, const grid_project *p, struct out_val *v, struct cells *b)
{
	int text = c->format == FMT_TEXT;

	v[0] = out_str(p->code);
	v[1] = out_str(p->name);
	v[2] = out_str(text ? cli_word("project_level", grid_project_level_name(p->level))
			    : grid_project_level_name(p->level));
	v[3] = out_str(text ? cli_word("project_stage", grid_project_stage_name(p->stage))
			    : grid_project_stage_name(p->stage));
	v[4] = p->has_investment ? out_str(grid_project_investment_format(b->investment, p->investment)) : out_null();
	if (c->format == FMT_XLSX && p->has_investment)
		v[4] = out_real((double)p->investment / 10000.0);
	v[5] = out_str(p->unit);
	v[6] = out_str(p->unit_name);
	v[7] = out_str(p->person);
	v[8] = out_str(p->person_name);
	v[9] = out_str(p->milestone);
	v[10] = out_str(p->milestone_date);
}

/* The text row: the milestone after its date. */
static void text_vals(const struct out_val *v, const grid_project *p, struct out_val *t, struct cells *b)
{
	memcpy(t, v, 6 * sizeof(*t));
	t[6] = v[7];
	t[7] = out_null();
	if (p->milestone) {
		snprintf(b->milestone, sizeof(b->milestone), "%s %s", p->milestone_date ? p->milestone_date : "",
			p->milestone);
		t[7] = out_str(b->milestone);
	}
}

/* The project as a JSON object: the list's keys, the investment a number. */
static json_t *project_json(const struct cli *c, const grid_project *p)
{
	struct out_val v[NPROJECT];
	struct cells b;
	json_t *o;

	project_vals(c, p, v, &b);
	o = out_json_row(project_cols, NPROJECT, v);
	json_object_set_new(o, "investment", investment_json(p));
	return o;
}

/* ---- the summary --------------------------------------------------------------- */

/* A separator of the summary, told apart from others of the same English
 * by its context (xgettext reads W_ as --keyword=W_:1c,2). */
#define W_(kind, word) kind "\004" word
static const char *summary_word(const char *key)
{
	const char *t = gettext(key);

	return t == key ? strchr(key, '\004') + 1 : t;
}

/* Append to BUF (SIZE bytes, *USED in use) FMT with N, after SEP unless
 * it is the group's first part (*FIRST), when it is HEAD instead. */
static void part(char *buf, size_t size, size_t *used, int *first, const char *head, const char *sep,
	const char *fmt, long long n)
{
	if (*used >= size)
		return;
	*used += (size_t)snprintf(buf + *used, size - *used, "%s", *first ? head : sep);
	if (*used < size)
		*used += (size_t)snprintf(buf + *used, size - *used, fmt, n);
	*first = 0;
}

size_t cli_project_summary(const grid_project_counts *k, char *buf, size_t size)
{
	static const char *const level_fmt[GRID_PROJECT_LEVELS] = { N_("%lld city"), N_("%lld district"),
		N_("%lld street") };
	/* The seed's order: under construction first, then planned. */
	static const int stages[GRID_PROJECT_STAGES] = { GRID_PROJECT_BUILDING, GRID_PROJECT_PLANNED, GRID_PROJECT_DONE };
	static const char *const stage_fmt[GRID_PROJECT_STAGES] = { N_("%lld planned"), N_("%lld under construction"),
		N_("%lld completed") };
	const char *group = summary_word(W_("project summary", "; "));
	const char *comma = summary_word(W_("project summary", ", "));
	size_t used = (size_t)snprintf(buf, size, _("%lld key projects"), (long long)k->total);
	int first = 1, i;

	for (i = 0; i < GRID_PROJECT_LEVELS; i++)
		if (k->level[i])
			part(buf, size, &used, &first, summary_word(W_("project summary", ": ")),
				summary_word(W_("project summary levels", ", ")), _(level_fmt[i]), (long long)k->level[i]);
	first = 1;
	for (i = 0; i < GRID_PROJECT_STAGES; i++)
		if (k->stage[stages[i]])
			part(buf, size, &used, &first, group, comma, _(stage_fmt[stages[i]]), (long long)k->stage[stages[i]]);
	first = 1;
	if (k->band_100m)
		part(buf, size, &used, &first, group, comma, _("%lld of 100 million yuan and over"), (long long)k->band_100m);
	if (k->band_1b)
		part(buf, size, &used, &first, group, comma, _("%lld of 1 billion yuan and over"), (long long)k->band_1b);
	if (used < size)
		used += (size_t)snprintf(buf + used, size - used, "%s", summary_word(W_("project summary", ".")));
	return used;
}

/* ---- project list ------------------------------------------------------------- */

json_t *cli_project_counts_json(const grid_project_counts *k)
{
	json_t *o = json_object(), *level = json_object(), *stage = json_object();
	int i;

	json_object_set_new(o, "total", json_integer(k->total));
	for (i = 0; i < GRID_PROJECT_LEVELS; i++)
		json_object_set_new(level, grid_project_level_name(i), json_integer(k->level[i]));
	for (i = 0; i < GRID_PROJECT_STAGES; i++)
		json_object_set_new(stage, grid_project_stage_name(i), json_integer(k->stage[i]));
	json_object_set_new(o, "level", level);
	json_object_set_new(o, "stage", stage);
	json_object_set_new(o, "band_100m", json_integer(k->band_100m));
	json_object_set_new(o, "band_1b", json_integer(k->band_1b));
	json_object_set_new(o, "no_investment", json_integer(k->no_investment));
	json_object_set_new(o, "investment",
		k->investment % 10000 == 0 ? json_integer(k->investment / 10000) : json_real((double)k->investment / 10000.0));
	return o;
}

static int print_list_json(const struct cli *c, const grid_project_list *l)
{
	json_t *doc = json_object(), *rows = json_array();
	char iso[40];
	size_t i;

	grid_time_format(iso, sizeof(iso), l->as_of ? l->as_of : c->now);
	json_object_set_new(doc, "as_of", json_string(iso));
	for (i = 0; i < l->nprojects; i++)
		json_array_append_new(rows, project_json(c, &l->projects[i]));
	json_object_set_new(doc, "projects", rows);
	json_object_set_new(doc, "counts", cli_project_counts_json(&l->counts));
	return out_json_dump(doc);
}

static int print_list_table(struct cli *c, const grid_project_list *l)
{
	int text = c->format == FMT_TEXT;
	struct out_val v[NPROJECT], t[NTEXT];
	struct out *o = out_begin(c, text ? text_cols : c->format == FMT_XLSX ? project_xlsx_cols : project_cols,
		text ? NTEXT : NPROJECT);
	struct cells b;
	char line[2048];
	size_t i;
	int rc;

	if (!o)
		return out_end(o);
	for (i = 0; i < l->nprojects; i++) {
		project_vals(c, &l->projects[i], v, &b);
		if (text)
			text_vals(v, &l->projects[i], t, &b);
		out_row(o, text ? t : v);
	}
	if ((rc = out_end(o)) || !text)
		return rc;
	cli_project_summary(&l->counts, line, sizeof(line));
	printf("\n%s\n", line);
	return EXIT_OK;
}

static int cmd_project_list(struct cli *c, int argc, char **argv)
{
	static const struct cli_opt opts[] = {
		{ "level", 0, ARG_REQUIRED, OPT_LEVEL },
		{ "stage", 0, ARG_REQUIRED, OPT_STAGE },
		{ "unit", 0, ARG_REQUIRED, OPT_UNIT },
		{ "as-of", 0, ARG_REQUIRED, OPT_AS_OF },
		{ NULL, 0, ARG_NONE, 0 },
	};
	grid_project_query q = GRID_PROJECT_QUERY_INIT;
	const char *level = NULL, *stage = NULL, *as_of = NULL, *arg;
	grid_project_list *l = NULL;
	struct cli_args it;
	int id, rc;

	cli_args_init(&it, c, argc, argv, opts);
	while ((id = cli_next(&it, &arg)) > 0) {
		if (id == OPT_LEVEL)
			level = arg;
		else if (id == OPT_STAGE)
			stage = arg;
		else if (id == OPT_UNIT)
			q.unit = arg;
		else
			as_of = arg;
	}
	if ((rc = cli_args_done(&it, id)) >= 0)
		return rc;
	if ((rc = cli_setup(c)) || (rc = cli_want_positional(&it, 0, "")) ||
		(level && (rc = parse_level(c, level, &q.level))) || (stage && (rc = parse_stage(c, stage, &q.stage))) ||
		(as_of && (rc = cli_parse_time(c, "as-of", as_of, &q.as_of))) ||
		(rc = measure_check_arg(c, "--unit", q.unit, GRID_TEXT_CODE)))
		return rc;
	if ((rc = grid_project_list_build(c->db, &q, &l)))
		return cli_fail(rc);
	rc = c->format == FMT_JSON ? print_list_json(c, l) : print_list_table(c, l);
	grid_project_list_free(l);
	return rc;
}

/* ---- project show ------------------------------------------------------------- */

static const struct out_col event_cols[] = {
	{ "at", N_("AT"), OUT_TIME },
	{ "kind", N_("KIND"), OUT_STR },
	{ "actor", N_("ACTOR"), OUT_STR },
	{ "stage", N_("STAGE"), OUT_STR },
	{ "investment", N_("INVESTMENT (10K YUAN)"), OUT_STR },
	{ "date", N_("DATE"), OUT_STR },
	{ "note", N_("NOTE"), OUT_STR },
	{ "recorded_by", N_("RECORDED BY"), OUT_STR },
};
#define NEVENT (sizeof(event_cols) / sizeof(event_cols[0]))

struct show_ctx {
	struct cli *c;
	json_t *doc, *history;
	struct out *o;
};

static int show_event(void *ctx, const grid_project_event *e)
{
	struct show_ctx *s = ctx;
	const char *stage = grid_project_stage_name(e->stage);
	char inv[GRID_DECIMAL_BUFSZ];
	struct out_val v[NEVENT];
	grid_project p;

	v[0] = out_time(e->at, 1);
	v[1] = out_str(s->history ? e->kind : cli_word("project_event", e->kind));
	v[2] = out_str(e->actor);
	v[3] = out_str(s->history ? stage : cli_word("project_stage", stage));
	v[4] = e->has_investment ? out_str(grid_project_investment_format(inv, e->investment)) : out_null();
	v[5] = out_str(e->date);
	v[6] = out_str(e->note);
	v[7] = out_str(e->recorded_by);
	if (!s->history) {
		out_row(s->o, v);
		return 0;
	}
	json_t *row = out_json_row(event_cols, NEVENT, v);

	memset(&p, 0, sizeof(p));
	p.has_investment = e->has_investment;
	p.investment = e->investment;
	json_object_set_new(row, "investment", investment_json(&p));
	json_object_set_new(row, "name", e->name ? json_string(e->name) : json_null());
	json_object_set_new(row, "level", e->level ? json_string(e->level) : json_null());
	json_object_set_new(row, "unit", e->unit ? json_string(e->unit) : json_null());
	json_object_set_new(row, "person", e->person ? json_string(e->person) : json_null());
	json_array_append_new(s->history, row);
	return 0;
}

static int show_project(void *ctx, const grid_project *p)
{
	struct show_ctx *s = ctx;
	struct out_val v[NPROJECT];
	struct cells b;
	char buf[1024];
	size_t i;

	if (s->c->format == FMT_JSON) {
		s->doc = project_json(s->c, p);
		grid_time_format(buf, sizeof(buf), p->created_at);
		json_object_set_new(s->doc, "created_at", json_string(buf));
		grid_time_format(buf, sizeof(buf), p->changed_at);
		json_object_set_new(s->doc, "changed_at", json_string(buf));
		return 0;
	}
	project_vals(s->c, p, v, &b);
	for (i = 0; i < NPROJECT; i++)
		out_kv(_(project_cols[i].title), out_text_cell(&project_cols[i], &v[i], buf, sizeof(buf)));
	return 0;
}

static int cmd_project_show(struct cli *c, int argc, char **argv)
{
	struct show_ctx s = { c, NULL, NULL, NULL };
	struct cli_args it;
	int rc;

	if ((rc = cli_args_none(&it, c, argc, argv)) >= 0)
		return rc;
	if ((rc = cli_setup(c)) || (rc = cli_want_positional(&it, 1, "CODE")))
		return rc;
	if ((rc = grid_project_get(c->db, it.pos[0], show_project, &s)))
		return cli_fail(rc);
	if (c->format == FMT_JSON) {
		s.history = json_array();
		json_object_set_new(s.doc, "history", s.history);
		if ((rc = grid_project_history(c->db, it.pos[0], show_event, &s))) {
			json_decref(s.doc);
			return cli_fail(rc);
		}
		return out_json_dump(s.doc);
	}
	putchar('\n');
	/* Text: every column but recorded_by, which JSON has. */
	if (!(s.o = out_begin(c, event_cols, NEVENT - 1)))
		return out_end(s.o);
	return out_finish(s.o, grid_project_history(c->db, it.pos[0], show_event, &s));
}

#define WRITE_USAGE                                                                                             \
	"[--stage planned|building|done] [--investment AMOUNT] [--unit CODE] [--person ID] [--note TEXT]"

const struct cli_verb cli_project_verbs[] = {
	{ "add", cmd_project_add, CLI_NEED_DB,
		"grid project add CODE --name NAME --level city|district|street " WRITE_USAGE " [--at TIME]",
		N_("Add a key project; prints its code.") },
	{ "update", cmd_project_update, CLI_NEED_DB,
		"grid project update CODE [--name NAME] [--level city|district|street] " WRITE_USAGE
		" [--milestone TEXT [--date DATE]] [--at TIME]",
		N_("Change a key project or record a milestone; prints its code.") },
	{ "list", cmd_project_list, CLI_NEED_DB | CLI_FORMATS,
		"grid project list [--level city|district|street] [--stage planned|building|done] [--unit CODE] "
		"[--as-of TIME] [--format FMT]",
		N_("List key projects and their counts.") },
	{ "show", cmd_project_show, CLI_NEED_DB | CLI_DOCUMENT_FORMATS, "grid project show CODE [--format FMT]",
		N_("Show a key project and its history.") },
	{ NULL, NULL, 0, NULL, NULL },
};
