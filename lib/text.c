/* Text measures and the field checks shared by every input path. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "grid/text.h"
#include "internal.h"
#include "text_check.h"

/* Decode one UTF-8 sequence at S (N bytes left); returns its length and
 * the code point, or 0 for an invalid sequence (overlong forms, surrogates
 * and values past U+10FFFF are invalid). */
static size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	size_t len, i;
	uint32_t c;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		len = 2;
		c = s[0] & 0x1F;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		len = 3;
		c = s[0] & 0x0F;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		len = 4;
		c = s[0] & 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 || c > 0x10FFFF)) ||
	    (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}

long grid_utf8_length(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	long chars = 0;
	uint32_t cp;

	while (i < len) {
		size_t n = utf8_decode(p + i, len - i, &cp);

		if (n == 0)
			return -1;
		i += n;
		chars++;
	}
	return chars;
}

static int text_empty(char *why, size_t whysize)
{
	snprintf(why, whysize, _("is empty"));
	return GRID_EINPUT;
}

/* The rules of KIND that need no decoding: may it be empty, and a code's
 * length in bytes and spaces at its ends.  *MAX_CHARS gets the kind's
 * limit in characters, 0 for none. */
static int check_shape(const char *s, size_t len, enum grid_text_kind kind, long *max_chars, char *why, size_t whysize)
{
	*max_chars = 0;
	switch (kind) {
	case GRID_TEXT_CODE:
		if (len == 0)
			return text_empty(why, whysize);
		if (len > GRID_MAX_CODE_BYTES) {
			snprintf(why, whysize, _("is longer than %d bytes"), GRID_MAX_CODE_BYTES);
			return GRID_EINPUT;
		}
		if (s[0] == ' ' || s[len - 1] == ' ') {
			snprintf(why, whysize, _("has spaces at its ends"));
			return GRID_EINPUT;
		}
		break;
	case GRID_TEXT_NAME:
		*max_chars = GRID_MAX_NAME_CHARS;
		return len == 0 ? text_empty(why, whysize) : GRID_OK;
	case GRID_TEXT_TITLE:
		*max_chars = GRID_MAX_TITLE_CHARS;
		return len == 0 ? text_empty(why, whysize) : GRID_OK;
	case GRID_TEXT_NOTE:
		*max_chars = GRID_MAX_NOTE_CHARS;
		break;
	case GRID_TEXT_SHORT:
		*max_chars = GRID_MAX_NAME_CHARS;
		break;
	}
	return GRID_OK;
}

/* Valid UTF-8 without control characters (a note may break lines and
 * hold tabs), and no more than MAX_CHARS characters unless it is 0. */
static int check_chars(const unsigned char *p, size_t len, int note, long max_chars, char *why, size_t whysize)
{
	long chars = 0;
	size_t i = 0;
	uint32_t cp;

	while (i < len) {
		size_t n = utf8_decode(p + i, len - i, &cp);

		if (n == 0) {
			snprintf(why, whysize, _("is not valid UTF-8 (byte %zu)"), i + 1);
			return GRID_EINPUT;
		}
		if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) {
			if (!(note && (cp == '\n' || cp == '\t'))) {
				snprintf(why, whysize, _("has a control character (U+%04X)"), (unsigned)cp);
				return GRID_EINPUT;
			}
		}
		i += n;
		chars++;
		if (max_chars && chars > max_chars) {
			snprintf(why, whysize, _("is longer than %ld characters"), max_chars);
			return GRID_EINPUT;
		}
	}
	return GRID_OK;
}

int grid_text_check(const char *s, size_t len, enum grid_text_kind kind, char *why, size_t whysize)
{
	long max_chars;
	int rc = check_shape(s, len, kind, &max_chars, why, whysize);

	if (rc)
		return rc;
	return check_chars((const unsigned char *)s, len, kind == GRID_TEXT_NOTE, max_chars, why, whysize);
}

int grid_text_check_named(const char *what, const char *s, enum grid_text_kind kind, int required)
{
	char why[128];

	if (!s || (required && !*s))
		return required ? grid_error_set(GRID_EINPUT, "%s is empty", what) : GRID_OK;
	if (grid_text_check(s, strlen(s), kind, why, sizeof(why)))
		return grid_error_set(GRID_EINPUT, "%s %s", what, why);
	return GRID_OK;
}

struct range {
	uint32_t first, last;
};

/* East Asian Wide and Fullwidth blocks (after Markus Kuhn's wcwidth). */
static const struct range wide[] = {
	{ 0x1100, 0x115F }, { 0x231A, 0x231B }, { 0x2329, 0x232A }, { 0x23E9, 0x23EC },
	{ 0x2E80, 0x303E }, { 0x3041, 0x33FF }, { 0x3400, 0x4DBF }, { 0x4E00, 0x9FFF },
	{ 0xA000, 0xA4CF }, { 0xA960, 0xA97F }, { 0xAC00, 0xD7A3 }, { 0xF900, 0xFAFF },
	{ 0xFE10, 0xFE19 }, { 0xFE30, 0xFE6F }, { 0xFF00, 0xFF60 }, { 0xFFE0, 0xFFE6 },
	{ 0x1F300, 0x1F64F }, { 0x1F900, 0x1F9FF }, { 0x20000, 0x2FFFD }, { 0x30000, 0x3FFFD },
};

/* Combining marks and other zero-width characters. */
static const struct range zero[] = {
	{ 0x0300, 0x036F }, { 0x0483, 0x0489 }, { 0x0591, 0x05BD }, { 0x0610, 0x061A },
	{ 0x064B, 0x065F }, { 0x200B, 0x200F }, { 0x202A, 0x202E }, { 0x2060, 0x2064 },
	{ 0x20D0, 0x20FF }, { 0x302A, 0x302D }, { 0x3099, 0x309A }, { 0xFE00, 0xFE0F },
	{ 0xFE20, 0xFE2F }, { 0xFEFF, 0xFEFF }, { 0xE0100, 0xE01EF },
};

static int in_ranges(uint32_t cp, const struct range *r, size_t n)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (cp < r[mid].first)
			hi = mid;
		else if (cp > r[mid].last)
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

size_t grid_display_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), i = 0, width = 0;
	uint32_t cp;

	while (i < len) {
		size_t n = utf8_decode(p + i, len - i, &cp);

		if (n == 0) {
			width++;
			i++;
			continue;
		}
		i += n;
		if (in_ranges(cp, zero, GRID_ARRAY_SIZE(zero)))
			continue;
		width += in_ranges(cp, wide, GRID_ARRAY_SIZE(wide)) ? 2 : 1;
	}
	return width;
}

void grid_rate_format(char *buf, size_t size, long long num, long long den)
{
	long long hundredths;

	if (den == 0) {
		snprintf(buf, size, "-");
		return;
	}
	if (den < 0) {
		num = -num;
		den = -den;
	}
	/* Exact integer rounding, half away from zero: 10000*num/den. */
	if (num >= 0)
		hundredths = (20000 * num + den) / (2 * den);
	else
		hundredths = -((20000 * -num + den) / (2 * den));
	snprintf(buf, size, "%s%lld.%02lld%%", hundredths < 0 ? "-" : "", (hundredths < 0 ? -hundredths : hundredths) / 100,
		(hundredths < 0 ? -hundredths : hundredths) % 100);
}
