/* grid report --format xlsx: the notice as a workbook, one worksheet per
 * table of the notice, named by the table's translated title, whatever
 * tables the notice has (the year's work, when there is any, adds the
 * targets and projects; a year's notice the evaluation's three). */
#include <string.h>
#include <strings.h>

#include "output_xlsx.h"
#include "report_render.h"

/* Excel's sheet names: at most 31 characters, none of []:*?/\. */
#define SHEET_NAME_MAX 31

/* TITLE as a sheet name into BUF (room for 31 characters of 4 bytes), the
 * forbidden characters as '_', cut to ROOM characters. */
static void sheet_name(char *buf, const char *title, size_t room)
{
	size_t chars = 0, o = 0;
	const unsigned char *s = (const unsigned char *)title;

	for (; *s && !(chars == room && (*s & 0xC0) != 0x80); s++) {
		if ((*s & 0xC0) != 0x80)
			chars++;
		buf[o++] = strchr("[]:*?/\\", *s) ? '_' : (char)*s;
	}
	buf[o] = '\0';
}

/* The name of table I: its title, or with " (2)" … when an earlier
 * table's name is the same (Excel compares them ignoring case, so does
 * libxlsxwriter). */
static void unique_name(char names[][SHEET_NAME_MAX * 4 + 1], size_t i, const char *title)
{
	size_t j, k = 1;
	char tail[16] = "";

	for (;;) {
		sheet_name(names[i], title, SHEET_NAME_MAX - strlen(tail));
		strcat(names[i], tail);
		for (j = 0; j < i && strcasecmp(names[j], names[i]) != 0; j++)
			;
		if (j == i)
			return;
		snprintf(tail, sizeof(tail), " (%zu)", ++k);
	}
}

int report_xlsx(const struct notice *n)
{
	/* The names of the sheets made so far; an absent table's is "". */
	char names[NTABLES][SHEET_NAME_MAX * 4 + 1] = { { 0 } };
	char title[128];
	struct xlsx_book *b;
	size_t i, r;

	snprintf(title, sizeof(title), "%s %s", notice_title(n), n->label);
	/* Dated as of the notice's time, as the other formats print it. */
	if (!(b = xlsx_open(n->report->period.as_of, title)))
		return xlsx_close(b);
	for (i = 0; i < NTABLES; i++) {
		const struct notice_table *t = &n->tables[i];

		if (!notice_has(n, i))
			continue;
		unique_name(names, i, _(t->title));
		xlsx_sheet(b, names[i], t->cols, t->ncols);
		for (r = 0; r < t->nrows; r++)
			xlsx_row(b, &t->vals[r * t->ncols]);
		if (i == T_OVERDUE && n->prose.more[0])
			xlsx_note(b, n->prose.more);
		if (i == T_TARGETS)
			xlsx_note(b, n->year.targets);
		if (i == T_PROJECTS)
			xlsx_note(b, n->year.projects);
		/* The evaluation's counts are in its paragraph, under its first sheet. */
		if (i == T_ADVANCED && n->prose.evaluation)
			xlsx_note(b, n->prose.evaluation);
	}
	return xlsx_close(b);
}
