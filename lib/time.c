/* Time arguments, ISO weeks, months and their local boundaries.
 *
 * Calendar arithmetic uses day numbers (days since 1970-01-01, proleptic
 * Gregorian) so that it never depends on timegm(3); local midnights come
 * from mktime(3) under TZ, which knows the zone's DST rules. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "grid/time.h"
#include "internal.h"

/* Howard Hinnant's days_from_civil. */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* 0 = Monday … 6 = Sunday; day 0 (1970-01-01) was a Thursday. */
static int weekday(int64_t days)
{
	int64_t w = (days + 3) % 7;

	return (int)(w < 0 ? w + 7 : w);
}

int time_is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int time_days_in_month(int y, int m)
{
	static const int dim[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && time_is_leap(y) ? 29 : dim[m - 1];
}

/* Local time of a civil date and clock time, DST decided by the zone. */
static int64_t local_mktime(int y, int m, int d, int hh, int mm, int ss)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = hh;
	tm.tm_min = mm;
	tm.tm_sec = ss;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm);
}

static int64_t local_midnight_of_day(int64_t days)
{
	int y, m, d;

	civil_from_days(days, &y, &m, &d);
	return local_mktime(y, m, d, 0, 0, 0);
}

/* The local calendar day number of T. */
static int64_t local_day(int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	localtime_r(&tt, &tm);
	return days_from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

/* Read exactly N digits. */
static int digits(const char **p, int n, int *out)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if ((*p)[i] < '0' || (*p)[i] > '9')
			return -1;
		v = v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	*out = v;
	return 0;
}

static int bad_time(const char *text)
{
	return grid_error_set(GRID_EUSAGE,
		"malformed time '%s'; use YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS], optionally with Z or +HH:MM", text);
}

static int parse_date_part(const char **p, int *y, int *m, int *d)
{
	if (digits(p, 4, y) || **p != '-')
		return -1;
	(*p)++;
	if (digits(p, 2, m) || **p != '-')
		return -1;
	(*p)++;
	if (digits(p, 2, d))
		return -1;
	if (*m < 1 || *m > 12 || *d < 1 || *d > time_days_in_month(*y, *m))
		return -1;
	return 0;
}

/* Parse Z, ±HH:MM or ±HHMM into seconds east of UTC. */
static int parse_zone(const char *p, int *offset)
{
	int sign, hh, mm;

	if (p[0] == 'Z' && p[1] == '\0') {
		*offset = 0;
		return 0;
	}
	if (*p != '+' && *p != '-')
		return -1;
	sign = *p == '-' ? -1 : 1;
	p++;
	if (digits(&p, 2, &hh))
		return -1;
	if (*p == ':')
		p++;
	if (digits(&p, 2, &mm) || *p != '\0' || hh > 23 || mm > 59)
		return -1;
	*offset = sign * (hh * 3600 + mm * 60);
	return 0;
}

int grid_time_parse(int64_t *out, const char *text)
{
	const char *p = text;
	int y, m, d, hh = 0, mm = 0, ss = 0, offset;

	if (parse_date_part(&p, &y, &m, &d))
		return bad_time(text);
	if (*p == '\0') {
		*out = local_mktime(y, m, d, 0, 0, 0);
		return GRID_OK;
	}
	if (*p != 'T' && *p != ' ')
		return bad_time(text);
	p++;
	if (digits(&p, 2, &hh) || *p != ':')
		return bad_time(text);
	p++;
	if (digits(&p, 2, &mm))
		return bad_time(text);
	if (*p == ':') {
		p++;
		if (digits(&p, 2, &ss))
			return bad_time(text);
	}
	if (hh > 23 || mm > 59 || ss > 59)
		return bad_time(text);
	if (*p == '\0') {
		*out = local_mktime(y, m, d, hh, mm, ss);
		return GRID_OK;
	}
	if (parse_zone(p, &offset))
		return bad_time(text);
	*out = days_from_civil(y, m, d) * 86400 + hh * 3600 + mm * 60 + ss - offset;
	return GRID_OK;
}

int time_date_parts(const char *text, int *y, int *m, int *d)
{
	const char *p = text;

	if (parse_date_part(&p, y, m, d) || *p != '\0')
		return grid_error_set(GRID_EUSAGE, "malformed date '%s'; use YYYY-MM-DD", text);
	return GRID_OK;
}

int grid_date_parse(int64_t *out, const char *text)
{
	int y, m, d, rc;

	if ((rc = time_date_parts(text, &y, &m, &d)))
		return rc;
	*out = local_mktime(y, m, d, 0, 0, 0);
	return GRID_OK;
}

void grid_time_format(char *buf, size_t size, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	long off;

	localtime_r(&tt, &tm);
	off = tm.tm_gmtoff;
	snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02d%c%02ld:%02ld", tm.tm_year + 1900, tm.tm_mon + 1,
		tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, off < 0 ? '-' : '+', (off < 0 ? -off : off) / 3600,
		((off < 0 ? -off : off) % 3600) / 60);
}

void grid_date_format(char *buf, size_t size, int64_t t)
{
	int y, m, d;

	civil_from_days(local_day(t), &y, &m, &d);
	snprintf(buf, size, "%04d-%02d-%02d", y, m, d);
}

static void finish_period(grid_period *out, int64_t since, int64_t until, int64_t now)
{
	out->since = since;
	out->until = until;
	out->as_of = now < until ? now : until;
}

/* The day number of the Monday of ISO week 1 of YEAR. */
static int64_t iso_week1_monday(int year)
{
	int64_t jan4 = days_from_civil(year, 1, 4);

	return jan4 - weekday(jan4);
}

static int iso_weeks_in_year(int year)
{
	return (int)((iso_week1_monday(year + 1) - iso_week1_monday(year)) / 7);
}

int grid_period_week(grid_period *out, const char *text, int64_t now)
{
	const char *p = text;
	int y, w;
	int64_t monday;

	if (digits(&p, 4, &y) || strncmp(p, "-W", 2) != 0)
		goto bad;
	p += 2;
	if (digits(&p, 2, &w) || *p != '\0' || w < 1)
		goto bad;
	if (w > iso_weeks_in_year(y))
		return grid_error_set(GRID_EUSAGE, "week '%s' does not exist: %d has %d ISO weeks", text, y,
			iso_weeks_in_year(y));
	monday = iso_week1_monday(y) + (int64_t)(w - 1) * 7;
	finish_period(out, local_midnight_of_day(monday), local_midnight_of_day(monday + 7), now);
	return GRID_OK;
bad:
	return grid_error_set(GRID_EUSAGE, "malformed week '%s'; use YYYY-Www, e.g. 2026-W48", text);
}

int grid_period_month(grid_period *out, const char *text, int64_t now)
{
	const char *p = text;
	int y, m;

	if (digits(&p, 4, &y) || *p != '-')
		goto bad;
	p++;
	if (digits(&p, 2, &m) || *p != '\0' || m < 1 || m > 12)
		goto bad;
	finish_period(out, local_mktime(y, m, 1, 0, 0, 0),
		m == 12 ? local_mktime(y + 1, 1, 1, 0, 0, 0) : local_mktime(y, m + 1, 1, 0, 0, 0), now);
	return GRID_OK;
bad:
	return grid_error_set(GRID_EUSAGE, "malformed month '%s'; use YYYY-MM, e.g. 2026-11", text);
}

int grid_period_quarter(grid_period *out, const char *text, int64_t now)
{
	const char *p = text;
	int y, q;

	if (digits(&p, 4, &y) || p[0] != '-' || (p[1] != 'Q' && p[1] != 'q'))
		goto bad;
	p += 2;
	if (digits(&p, 1, &q) || *p != '\0' || q < 1 || q > 4)
		goto bad;
	/* mktime carries month 13 into January of the next year. */
	finish_period(out, local_mktime(y, 3 * q - 2, 1, 0, 0, 0), local_mktime(y, 3 * q + 1, 1, 0, 0, 0), now);
	return GRID_OK;
bad:
	return grid_error_set(GRID_EUSAGE, "malformed quarter '%s'; use YYYY-QN, e.g. 2026-Q2", text);
}

int grid_period_year(grid_period *out, const char *text, int64_t now)
{
	const char *p = text;
	int y;

	if (digits(&p, 4, &y) || *p != '\0')
		return grid_error_set(GRID_EUSAGE, "malformed year '%s'; use YYYY, e.g. 2026", text);
	finish_period(out, local_mktime(y, 1, 1, 0, 0, 0), local_mktime(y + 1, 1, 1, 0, 0, 0), now);
	return GRID_OK;
}

int grid_period_range(grid_period *out, const char *since, const char *until, int64_t now)
{
	int64_t s, u;
	int rc;

	if ((rc = grid_time_parse(&s, since)) || (rc = grid_time_parse(&u, until)))
		return rc;
	if (u <= s)
		return grid_error_set_field(
			grid_error_set(GRID_EUSAGE, "until '%s' must be later than since '%s'", until, since), "until");
	finish_period(out, s, u, now);
	return GRID_OK;
}

void grid_period_last_week(grid_period *out, int64_t now)
{
	int64_t today = local_day(now);
	int64_t this_monday = today - weekday(today);

	finish_period(out, local_midnight_of_day(this_monday - 7), local_midnight_of_day(this_monday), now);
}

void grid_period_last_month(grid_period *out, int64_t now)
{
	int y, m, d;

	civil_from_days(local_day(now), &y, &m, &d);
	if (m == 1)
		finish_period(out, local_mktime(y - 1, 12, 1, 0, 0, 0), local_mktime(y, 1, 1, 0, 0, 0), now);
	else
		finish_period(out, local_mktime(y, m - 1, 1, 0, 0, 0), local_mktime(y, m, 1, 0, 0, 0), now);
}

/* Whether T is a local midnight, and its day number. */
static int is_local_midnight(int64_t t, int64_t *day)
{
	*day = local_day(t);
	return local_midnight_of_day(*day) == t;
}

void grid_period_previous(grid_period *out, const grid_period *p)
{
	int64_t first, last;
	int y, m, d, y1, m1, d1;

	if (is_local_midnight(p->since, &first) && is_local_midnight(p->until, &last)) {
		civil_from_days(first, &y, &m, &d);
		civil_from_days(last, &y1, &m1, &d1);
		/* Whole calendar months — a month, a quarter, a year — have the
		 * as many months before them, not as many days: the year before
		 * 2025 is 2024 with its 366 days.  mktime carries the month into
		 * the year. */
		if (d == 1 && d1 == 1)
			out->since = local_mktime(y, m - ((y1 - y) * 12 + m1 - m), 1, 0, 0, 0);
		else
			out->since = local_midnight_of_day(first - (last - first));
	} else
		out->since = p->since - (p->until - p->since);
	out->until = p->since;
	/* The previous notice seen as late after its end as this one is. */
	out->as_of = out->until + (p->as_of - p->until);
	if (out->as_of > p->as_of)
		out->as_of = p->as_of;
}

void grid_week_name(char *buf, size_t size, int64_t t)
{
	int64_t day = local_day(t);
	int y, m, d, year;
	int64_t monday1;

	civil_from_days(day, &y, &m, &d);
	year = y + 1;
	/* The ISO year is the one whose week 1 Monday is the latest not after DAY. */
	while (iso_week1_monday(year) > day)
		year--;
	monday1 = iso_week1_monday(year);
	snprintf(buf, size, "%04d-W%02d", year, (int)((day - monday1) / 7 + 1));
}

int grid_working_days(int64_t since, int64_t until)
{
	int64_t day = local_day(since);
	int count = 0;

	if (local_midnight_of_day(day) < since)
		day++;
	for (; local_midnight_of_day(day) < until; day++)
		if (weekday(day) < 5)
			count++;
	return count;
}
