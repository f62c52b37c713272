/* grid report: the words around the notice's tables — header, period,
 * opening paragraph, ranking marks, foot — in the message catalogue's
 * language.  Dates and sentences are translated format strings, so that
 * zh_CN reads 2026年10月1日至10月31日 and the C locale 2026-10-01 to
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

/* The number of the notice in its year: the month, or the ISO week. */
static void notice_number(struct notice *n)
{
	struct notice_prose *p = &n->prose;
	const char *kind = notice_title(n);

	p->year = atoi(n->label);
	p->number_in_year = atoi(n->label + (n->weekly ? 6 : 5));
	if (!n->report->numbered) {
		snprintf(p->number, sizeof(p->number), "%s", kind);
		return;
	}
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

/* The change of the closure rate against the previous period, in
 * percentage points to two places, rounded exactly from the counts. */
static void closure_change(struct notice *n, char *buf, size_t size)
{
	const grid_measure *now = &n->report->total, *before = &n->report->previous;
	long long num, den, hundredths;

	buf[0] = '\0';
	if (!now->found || !before->found)
		return;
	num = (long long)now->resolved * before->found - (long long)before->resolved * now->found;
	den = (long long)now->found * before->found;
	/* round half away from zero: 10000 * num / den hundredths of a point */
	hundredths = (20000 * (num < 0 ? -num : num) / den + 1) / 2;
	if (hundredths == 0)
		snprintf(buf, size, "%s", _(", unchanged on the previous period"));
	else
		snprintf(buf, size, num > 0 ? _(", up %lld.%02lld points on the previous period")
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
		add(p, n->weekly ? _("No case was found this week") : _("No case was found this month"));
	} else {
		snprintf(s, sizeof(s),
			n->weekly ? _("This week %lld cases were found (%lld the week before) and %lld resolved, a closure rate of %s")
				  : _("This month %lld cases were found (%lld the month before) and %lld resolved, a closure rate of %s"),
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
	return 0;
}
