/* grid report: the words around the notice's tables — header, period,
 * opening paragraph, ranking marks, the year's evaluation, foot — in the
 * message catalogue's language.  Dates and sentences are translated
 * format strings, so that zh_CN reads 2026年10月1日至10月31日 and the C locale 2026-10-01 to
 * 10-31, with no test of the locale here. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "report_render.h"

static const struct out_col rate_col = { "rate", "", OUT_RATE };

/* The local calendar date of T. */
static void local_date(int64_t t, int *y, int *m, int *d)
{
	time_t tt = (time_t)t;
	struct tm tm;

	localtime_r(&tt, &tm);
	*y = tm.tm_year + 1900;
	*m = tm.tm_mon + 1;
	*d = tm.tm_mday;
}

/* A date in full: 2026-10-01, 2026年10月1日. */
static void date_text(char *buf, size_t size, int64_t t)
{
	int y, m, d;

	local_date(t, &y, &m, &d);
	snprintf(buf, size, _("%04d-%02d-%02d"), y, m, d);
}

/* The period's first and last day (until is exclusive: the day before it). */
static void period_text(char *buf, size_t size, const grid_period *p)
{
	char from[48], to[48];
	int y0, m0, d0, y1, m1, d1;

	local_date(p->since, &y0, &m0, &d0);
	local_date(p->until - 1, &y1, &m1, &d1);
	date_text(from, sizeof(from), p->since);
	if (y0 == y1)
		/* TRANSLATORS: the last day of a period within the year of its first: month, day. */
		snprintf(to, sizeof(to), _("%02d-%02d"), m1, d1);
	else
		date_text(to, sizeof(to), p->until - 1);
	/* TRANSLATORS: a period from its first day to its last. */
	snprintf(buf, size, _("%s to %s"), from, to);
}

/* The time the figures are as of, as tables show times: 2026-11-01 00:00. */
static void as_of_text(char *buf, size_t size, int64_t t)
{
	static const struct out_col time_col = { "as_of", "", OUT_TIME };
	struct out_val v = out_time(t, 1);
	char text[64];

	snprintf(buf, size, "%s", out_text_cell(&time_col, &v, text, sizeof(text)));
}

/* The one of three texts that fits N's kind. */
static const char *by_kind(const struct notice *n, const char *week, const char *month, const char *year)
{
	return n->kind == NOTICE_WEEKLY ? week : n->kind == NOTICE_YEARLY ? year : month;
}

/* The number of the notice in its year: the month, or the ISO week; a
 * year's notice is numbered by the year alone. */
static void notice_number(struct notice *n)
{
	struct notice_prose *p = &n->prose;
	const char *kind = notice_title(n);

	p->year = atoi(n->label);
	p->number_in_year = n->kind == NOTICE_YEARLY ? 0 : atoi(n->label + (n->kind == NOTICE_WEEKLY ? 6 : 5));
	if (!n->report->numbered)
		snprintf(p->number, sizeof(p->number), "%s", kind);
	else if (n->kind == NOTICE_YEARLY)
		/* TRANSLATORS: the yearly notice's number: its year, then its kind (年通报). */
		snprintf(p->number, sizeof(p->number), _("Year %d (%s)"), p->year, kind);
	else
		/* TRANSLATORS: the notice's number in its year, the year, then its kind (月通报/周通报). */
		snprintf(p->number, sizeof(p->number), _("No. %d of %d (%s)"), p->number_in_year, p->year, kind);
}

/* The first three and the last three of the ranking (fewer of each when
 * it has fewer than six rows, so that none is both); ties share a mark. */
static void rank_marks(struct notice *n)
{
	const grid_report *r = n->report;
	int k = r->nranking >= 6 ? 3 : (int)r->nranking / 2;
	size_t i;

	for (i = 0; i < r->nranking; i++) {
		int rank = r->ranking[i].rank;

		n->marks[i] = rank <= k ? MARK_TOP : rank > (int)r->nranking - k ? MARK_BOTTOM : MARK_NONE;
	}
}

const char *notice_mark_code(enum notice_mark m)
{
	return m == MARK_TOP ? "top" : m == MARK_BOTTOM ? "bottom" : NULL;
}

/* A rate's text, 82.26%. */
static const char *rate_text(long long num, long long den, char *buf, size_t size)
{
	struct out_val v = out_rate(num, den);

	return out_text_cell(&rate_col, &v, buf, size);
}

/* The change of the closure rate against the previous period (环比), or
 * the year before (同比), in percentage points to two places, rounded
 * exactly from the counts. */
static void closure_change(struct notice *n, char *buf, size_t size)
{
	const grid_measure *now = &n->report->total, *before = &n->report->previous;
	int yearly = n->kind == NOTICE_YEARLY;
	long long num, den, hundredths;

	buf[0] = '\0';
	if (!now->found || !before->found)
		return;
	num = (long long)now->resolved * before->found - (long long)before->resolved * now->found;
	den = (long long)now->found * before->found;
	/* round half away from zero: 10000 * num / den hundredths of a point */
	hundredths = (20000 * (num < 0 ? -num : num) / den + 1) / 2;
	if (hundredths == 0)
		snprintf(buf, size, "%s",
			yearly ? _(", unchanged on the year before") : _(", unchanged on the previous period"));
	else if (num > 0)
		snprintf(buf, size,
			yearly ? _(", up %lld.%02lld points on the year before")
			       : _(", up %lld.%02lld points on the previous period"),
			hundredths / 100, hundredths % 100);
	else
		snprintf(buf, size,
			yearly ? _(", down %lld.%02lld points on the year before")
			       : _(", down %lld.%02lld points on the previous period"),
			hundredths / 100, hundredths % 100);
}

/* Append to the opening paragraph. */
static void add(struct notice_prose *p, const char *text)
{
	size_t used = strlen(p->opening);

	snprintf(p->opening + used, sizeof(p->opening) - used, "%s", text);
}

/* The cases: found and resolved, the change, on time, overdue. */
static void opening_cases(struct notice *n)
{
	const grid_measure *m = &n->report->total;
	struct notice_prose *p = &n->prose;
	char s[512], rate[32], change[128];

	if (!m->found) {
		add(p, by_kind(n, _("No case was found this week"), _("No case was found this month"),
			       _("No case was found this year")));
	} else {
		snprintf(s, sizeof(s),
			by_kind(n, _("This week %lld cases were found (%lld the week before) and %lld resolved, a closure rate of %s"),
				_("This month %lld cases were found (%lld the month before) and %lld resolved, a closure rate of %s"),
				_("This year %lld cases were found (%lld the year before) and %lld resolved, a closure rate of %s")),
			(long long)m->found, (long long)n->report->previous.found, (long long)m->resolved,
			rate_text(m->resolved, m->found, rate, sizeof(rate)));
		add(p, s);
		closure_change(n, change, sizeof(change));
		add(p, change);
	}
	if (m->due) {
		snprintf(s, sizeof(s), _("; %lld were due, %lld of them resolved on time (%s)"), (long long)m->due,
			(long long)m->on_time, rate_text(m->on_time, m->due, rate, sizeof(rate)));
		add(p, s);
	}
	snprintf(s, sizeof(s), _("; %lld cases are open past their due time"), (long long)m->overdue);
	add(p, s);
}

/* The visits and the duty diaries. */
static void opening_field(struct notice *n)
{
	const grid_measure *m = &n->report->total;
	struct notice_prose *p = &n->prose;
	char s[512], rate[32];

	if (m->households) {
		snprintf(s, sizeof(s), _(". %lld of %lld households were visited (%s)"), (long long)m->visited,
			(long long)m->households, rate_text(m->visited, m->households, rate, sizeof(rate)));
		add(p, s);
	}
	if (m->expected) {
		snprintf(s, sizeof(s), _(". %lld duty diary entries were expected, %lld written (%s)"),
			(long long)m->expected, (long long)m->written,
			rate_text(grid_diary_compliant(m), m->expected, rate, sizeof(rate)));
		add(p, s);
	}
	/* TRANSLATORS: the full stop that ends the opening paragraph. */
	add(p, _("."));
}

/* ---- the year's evaluation ---------------------------------------------- */

static void count_ratings(struct notice_ratings *k, const grid_eval *e)
{
	size_t i;

	for (i = 0; i < e->nteams; i++)
		k->advanced += e->teams[i].advanced;
	for (i = 0; i < e->npeople; i++) {
		grid_eval_rating r = e->people[i].rating;

		k->excellent += r == GRID_EVAL_EXCELLENT;
		k->pass += r == GRID_EVAL_PASS;
		k->fail += r == GRID_EVAL_FAIL;
		k->unrated += r == GRID_EVAL_NONE;
		k->reserve += e->people[i].reserve;
	}
}

/* The names a list of the evaluation holds. */
enum names_of { NAMES_ADVANCED, NAMES_EXCELLENT, NAMES_RESERVE };

static int named(const grid_eval *e, enum names_of which, size_t i, const char **name)
{
	if (which == NAMES_ADVANCED) {
		*name = e->teams[i].row.name;
		return e->teams[i].advanced;
	}
	*name = e->people[i].name;
	return which == NAMES_RESERVE ? e->people[i].reserve : e->people[i].rating == GRID_EVAL_EXCELLENT;
}

/* The names of WHICH, in the evaluation's order, joined by the
 * catalogue's list separator (、 in Chinese); NULL when memory ran out. */
static char *names(const grid_eval *e, enum names_of which)
{
	size_t i, len, n = which == NAMES_ADVANCED ? e->nteams : e->npeople;
	const char *sep = "", *name;
	char *buf = NULL;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return NULL;
	for (i = 0; i < n; i++)
		if (named(e, which, i, &name)) {
			fprintf(f, "%s%s", sep, name);
			/* TRANSLATORS: the separator of a list of names in a sentence. */
			sep = _(", ");
		}
	if (fclose(f) == 0)
		return buf;
	free(buf);
	return NULL;
}

/* The sentences of the evaluation into F: the teams rated advanced, the
 * grid workers by rating, the reserve cadres.  TEAMS, BEST and RESERVE
 * are the names of the three lists. */
static void eval_sentences(FILE *f, const grid_eval *e, const struct notice_ratings *k, const char *teams,
	const char *best, const char *reserve)
{
	if (k->advanced)
		/* TRANSLATORS: the year, the teams rated advanced, of how many, then their names. */
		fprintf(f, _("In the evaluation of %d, %lld of %lld teams rated advanced: %s"), e->year, k->advanced,
			(long long)e->nteams, teams);
	else
		fprintf(f, _("In the evaluation of %d, none of %lld teams rated advanced"), e->year, (long long)e->nteams);
	fprintf(f, _(". Grid workers (%lld): %lld rated excellent"), (long long)e->npeople, k->excellent);
	if (k->excellent)
		/* TRANSLATORS: the names of the grid workers rated excellent, after their count. */
		fprintf(f, _(" (%s)"), best);
	fprintf(f, _(", %lld pass, %lld fail"), k->pass, k->fail);
	if (k->unrated)
		fprintf(f, _(", %lld without figures to rate"), k->unrated);
	if (k->reserve)
		/* TRANSLATORS: the year before, the year, then the names: 连续两年考核优秀, 列入后备干部推荐人选. */
		fprintf(f, _(". Recommended as reserve cadres, excellent in both %d and %d: %s"), e->year - 1, e->year,
			reserve);
	else
		fprintf(f, _(". No grid worker was excellent in both %d and %d"), e->year - 1, e->year);
	fputs(_("."), f);
}

/* The evaluation's paragraph into N->prose.evaluation; 0, or -1 when
 * memory ran out. */
static int eval_paragraph(struct notice *n, const grid_eval *e)
{
	char *teams = names(e, NAMES_ADVANCED), *best = names(e, NAMES_EXCELLENT), *reserve = names(e, NAMES_RESERVE);
	char *buf = NULL;
	size_t len;
	FILE *f = teams && best && reserve ? open_memstream(&buf, &len) : NULL;
	int rc = -1;

	if (f) {
		eval_sentences(f, e, &n->ratings, teams, best, reserve);
		if (fclose(f) == 0) {
			n->prose.evaluation = buf;
			rc = 0;
		} else
			free(buf);
	}
	free(teams);
	free(best);
	free(reserve);
	return rc;
}

void notice_prose_free(struct notice *n)
{
	free(n->marks);
	free(n->prose.evaluation);
	n->marks = NULL;
	n->prose.evaluation = NULL;
}

int notice_prose(struct notice *n)
{
	const grid_report *r = n->report;
	struct notice_prose *p = &n->prose;

	memset(p, 0, sizeof(*p));
	snprintf(p->office, sizeof(p->office), "%s", r->office ? r->office : "");
	snprintf(p->title, sizeof(p->title), "%s", r->title ? r->title : _("Grid management notice"));
	snprintf(p->issuer, sizeof(p->issuer), "%s", r->issuer ? r->issuer : p->office);
	snprintf(p->scope, sizeof(p->scope), "%s", r->unit_name ? r->unit_name : r->unit ? r->unit : _("every unit"));
	notice_number(n);
	period_text(p->period, sizeof(p->period), &r->period);
	/* Dated by its figures, not the clock: a notice re-run later reads the same. */
	date_text(p->issued, sizeof(p->issued), r->period.as_of);
	as_of_text(p->as_of, sizeof(p->as_of), r->period.as_of);
	opening_cases(n);
	opening_field(n);
	if (r->overdue_more > 0)
		snprintf(p->more, sizeof(p->more), _("… and %lld more: grid issue list --overdue"),
			(long long)r->overdue_more);
	if (!(n->marks = calloc(r->nranking ? r->nranking : 1, sizeof(*n->marks))))
		return -1;
	rank_marks(n);
	if (!r->eval)
		return 0;
	count_ratings(&n->ratings, r->eval);
	return eval_paragraph(n, r->eval);
}
