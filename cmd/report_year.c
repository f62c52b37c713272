/* grid report: the year's work in a monthly or yearly notice — the
 * targets against the schedule and the key projects, when the database
 * holds any (grid-target(1), grid-project(1)) — as two tables and the
 * sentences an office writes of them ("截至2026年5月31日，财税收入累计完成
 * 11029万元，占目标任务23329万元的47.28%，超进度5.6个百分点…"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_render.h"
#include "words.h"

/* A project as the notice lists it; the codes are JSON's and the
 * spreadsheet's (notice_col_shown). */
static const struct out_col project_cols[] = {
	{ "code", N_("CODE"), OUT_STR },
	{ "name", N_("PROJECT"), OUT_STR },
	{ "level", N_("LEVEL"), OUT_STR },
	{ "stage", N_("STAGE"), OUT_STR },
	{ "investment", N_("INVESTMENT (10K YUAN)"), OUT_DECIMAL },
	{ "unit", N_("CODE"), OUT_STR },
	{ "unit_name", N_("RESPONSIBLE UNIT"), OUT_STR },
	{ "milestone", N_("MILESTONE"), OUT_STR },
	{ "milestone_date", N_("MILESTONE DATE"), OUT_STR },
};
#define NPROJECT (sizeof(project_cols) / sizeof(project_cols[0]))

/* ---- the targets ------------------------------------------------------------ */

/* "2026-05-31" as the notice writes a date: 2026年5月31日 in Chinese. */
static void date_words(char *buf, size_t size, const char *iso)
{
	int y = 0, m = 0, d = 0;

	if (sscanf(iso, "%d-%d-%d", &y, &m, &d) == 3)
		snprintf(buf, size, _("%04d-%02d-%02d"), y, m, d);
	else
		snprintf(buf, size, "%s", iso);
}

/* The magnitude of D as written, for a sentence that says its sign (a
 * rate's percent too: "47.28"). */
static const char *magnitude(char *buf, grid_decimal d)
{
	return grid_decimal_format(buf, d.value < 0 ? -d.value : d.value, d.decimals);
}

/* Where a row stands against the schedule, its amount over or short, and
 * year on year, each after a comma. */
static void target_standing(FILE *f, const grid_target_row *r, const char *measure)
{
	char a[GRID_DECIMAL_BUFSZ];

	if (r->has_points && r->points.value > 0)
		fprintf(f, _(", %s points ahead of schedule"), magnitude(a, r->points));
	else if (r->has_points && r->points.value < 0)
		fprintf(f, _(", %s points behind schedule"), magnitude(a, r->points));
	else if (r->has_points)
		fputs(_(", on schedule"), f);
	if (r->has_over && r->over.value > 0)
		fprintf(f, _(", %s%s over"), magnitude(a, r->over), measure);
	else if (r->has_over && r->over.value < 0)
		fprintf(f, _(", %s%s short"), magnitude(a, r->over), measure);
	if (r->yoy.has && r->yoy.percent.value > 0)
		fprintf(f, _(", up %s%% year on year"), magnitude(a, r->yoy.percent));
	else if (r->yoy.has && r->yoy.percent.value < 0)
		fprintf(f, _(", down %s%% year on year"), magnitude(a, r->yoy.percent));
	else if (r->yoy.has)
		fputs(_(", level with the year before"), f);
}

/* One target's sentence: what is done of it, and how that stands. */
static void target_sentence(FILE *f, const grid_target_row *r)
{
	const char *name = r->name ? r->name : r->indicator, *measure = r->measure ? r->measure : "";
	char a[GRID_DECIMAL_BUFSZ], t[GRID_DECIMAL_BUFSZ], c[GRID_DECIMAL_BUFSZ];

	if (r->unit)
		/* TRANSLATORS: a unit's name, then the indicator's: 一社区财税收入. */
		fprintf(f, _("%s, %s"), r->unit_name ? r->unit_name : r->unit, name);
	else
		fputs(name, f);
	grid_decimal_format(t, r->target.value, r->target.decimals);
	if (!r->has_actual) {
		fprintf(f, _(": the target %s%s, no figure recorded yet"), t, measure);
		return;
	}
	grid_decimal_format(a, r->actual.value, r->actual.decimals);
	if (r->completion.has)
		/* TRANSLATORS: done so far and its measure, the share of the target, then the target and its
		 * measure: 累计完成11029万元，占目标任务23329万元的47.28%. */
		fprintf(f, _(": %s%s, %s%% of the target %s%s"), a, measure, magnitude(c, r->completion.percent), t, measure);
	else
		fprintf(f, _(": %s%s against the target %s%s"), a, measure, t, measure);
	target_standing(f, r, measure);
}

/* The date the figures run to: theirs when they share one (the office
 * enters the month's figures together), else the notice's. */
static const char *figures_date(const grid_targets *g)
{
	const char *date = NULL;
	size_t i;

	for (i = 0; i < g->nrows; i++) {
		if (!g->rows[i].has_actual)
			continue;
		if (date && strcmp(date, g->rows[i].as_of) != 0)
			return g->as_of;
		date = g->rows[i].as_of;
	}
	return date ? date : g->as_of;
}

/* The targets' paragraph: as of the date, one sentence a target. */
static void targets_paragraph(FILE *f, const grid_targets *g)
{
	char date[64];
	size_t i;

	date_words(date, sizeof(date), figures_date(g));
	/* TRANSLATORS: the date the figures run to: 截至2026年5月31日， */
	fprintf(f, _("As of %s: "), date);
	for (i = 0; i < g->nrows; i++) {
		if (i)
			fputs(_("; "), f);
		target_sentence(f, &g->rows[i]);
	}
	fputs(_("."), f);
}

/* ---- the projects ------------------------------------------------------------ */

static void project_row(struct out_val *v, const grid_project *p, char *investment, int words)
{
	const char *level = grid_project_level_name(p->level), *stage = grid_project_stage_name(p->stage);

	v[0] = out_str(p->code);
	v[1] = out_str(p->name);
	v[2] = out_str(words ? cli_word("project_level", level) : level);
	v[3] = out_str(words ? cli_word("project_stage", stage) : stage);
	v[4] = p->has_investment ? out_decimal(grid_project_investment_format(investment, p->investment)) : out_null();
	v[5] = out_str(p->unit);
	v[6] = out_str(p->unit_name);
	v[7] = out_str(p->milestone);
	v[8] = out_str(p->milestone_date);
}

/* ---- the sections --------------------------------------------------------------- */

/* Text of FILL's writing into a malloc'd *out; 0, or -1 when memory ran
 * out. */
static int paragraph(char **out, void (*fill)(FILE *f, const void *arg), const void *arg)
{
	size_t len;
	FILE *f = open_memstream(out, &len);

	if (!f)
		return -1;
	fill(f, arg);
	if (fclose(f) == 0)
		return 0;
	free(*out);
	*out = NULL;
	return -1;
}

static void fill_targets(FILE *f, const void *arg)
{
	targets_paragraph(f, arg);
}

static void fill_projects(FILE *f, const void *arg)
{
	char line[1024];

	cli_project_summary(arg, line, sizeof(line));
	fputs(line, f);
}

static int targets_section(struct notice *n, const grid_targets *g, int text)
{
	struct notice_year *y = &n->year;
	size_t i;

	if (!(y->target_texts = calloc(g->nrows, sizeof(*y->target_texts))) ||
		notice_table_alloc(&n->tables[T_TARGETS], N_("Targets against the schedule"), cli_target_cols,
			CLI_TARGET_NCOLS, g->nrows) ||
		paragraph(&y->targets, fill_targets, g))
		return -1;
	for (i = 0; i < g->nrows; i++)
		cli_target_vals(text, &g->rows[i], &y->target_texts[i], &n->tables[T_TARGETS].vals[i * CLI_TARGET_NCOLS]);
	return 0;
}

static int projects_section(struct notice *n, const grid_project_list *l, int words)
{
	struct notice_year *y = &n->year;
	size_t i;

	if (!(y->investments = calloc(l->nprojects, sizeof(*y->investments))) ||
		notice_table_alloc(&n->tables[T_PROJECTS], N_("Key projects"), project_cols, NPROJECT, l->nprojects) ||
		paragraph(&y->projects, fill_projects, &l->counts))
		return -1;
	for (i = 0; i < l->nprojects; i++)
		project_row(&n->tables[T_PROJECTS].vals[i * NPROJECT], &l->projects[i], y->investments[i], words);
	return 0;
}

int notice_year_work(struct notice *n, enum cli_format format)
{
	const grid_report *r = n->report;
	int words = format != FMT_JSON;

	/* The weekly notice is the short one. */
	if (n->kind == NOTICE_WEEKLY)
		return 0;
	if (r->targets && targets_section(n, r->targets, words && format != FMT_XLSX))
		return -1;
	if (r->projects && projects_section(n, r->projects, words))
		return -1;
	return 0;
}

void notice_year_free(struct notice *n)
{
	free(n->year.targets);
	free(n->year.projects);
	free(n->year.target_texts);
	free(n->year.investments);
	memset(&n->year, 0, sizeof(n->year));
}
