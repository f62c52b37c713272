/* Fuzz the text checks every input path relies on: grid_utf8_length
 * against a reference decoder written from RFC 3629's table of
 * well-formed sequences, and grid_text_check's limits for each kind. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

/* RFC 3629 section 4: the well-formed byte sequences. Returns the number
 * of characters, or -1. */
static long reference_length(const uint8_t *s, size_t n)
{
	size_t i = 0;
	long chars = 0;

	while (i < n) {
		uint8_t b = s[i];
		size_t len;
		uint8_t lo = 0x80, hi = 0xBF;

		if (b <= 0x7F)
			len = 1;
		else if (b >= 0xC2 && b <= 0xDF)
			len = 2;
		else if (b >= 0xE0 && b <= 0xEF) {
			len = 3;
			if (b == 0xE0)
				lo = 0xA0;
			else if (b == 0xED)
				hi = 0x9F;
		} else if (b >= 0xF0 && b <= 0xF4) {
			len = 4;
			if (b == 0xF0)
				lo = 0x90;
			else if (b == 0xF4)
				hi = 0x8F;
		} else
			return -1;
		if (i + len > n)
			return -1;
		if (len > 1 && (s[i + 1] < lo || s[i + 1] > hi))
			return -1;
		for (size_t k = 2; k < len; k++)
			if (s[i + k] < 0x80 || s[i + k] > 0xBF)
				return -1;
		i += len;
		chars++;
	}
	return chars;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct {
		enum grid_text_kind kind;
		long max;
	} kinds[] = {
		{ GRID_TEXT_CODE, 0 },
		{ GRID_TEXT_NAME, GRID_MAX_NAME_CHARS },
		{ GRID_TEXT_TITLE, GRID_MAX_TITLE_CHARS },
		{ GRID_TEXT_NOTE, GRID_MAX_NOTE_CHARS },
		{ GRID_TEXT_SHORT, GRID_MAX_NAME_CHARS },
	};
	/* An exact-size copy: a read past the end is an ASan error. */
	char *s = malloc(size ? size : 1);
	char why[128];
	long len, ref;
	size_t i, k;

	if (!s)
		abort();
	if (size)
		memcpy(s, data, size);
	else
		s[0] = '\0';
	len = grid_utf8_length(s, size);
	ref = reference_length(data, size);
	if (len != ref)
		fuzz_fail("grid_utf8_length says %ld, RFC 3629 says %ld", len, ref);
	for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		int ok;

		why[0] = '\0';
		ok = grid_text_check(s, size, kinds[k].kind, why, sizeof(why)) == GRID_OK;
		if (!ok && (!why[0] || strchr(why, '\n')))
			fuzz_fail("kind %d refused without a one-line reason", (int)kinds[k].kind);
		if (!ok)
			continue;
		if (ref < 0)
			fuzz_fail("kind %d accepted invalid UTF-8", (int)kinds[k].kind);
		if (kinds[k].max && ref > kinds[k].max)
			fuzz_fail("kind %d accepted %ld characters", (int)kinds[k].kind, ref);
		if (kinds[k].kind == GRID_TEXT_CODE && (size == 0 || size > GRID_MAX_CODE_BYTES))
			fuzz_fail("a code of %zu bytes accepted", size);
		for (i = 0; i < size; i++) {
			uint8_t c = data[i];

			if (c == 0 || c == 0x7F || (c < 0x20 && !(kinds[k].kind == GRID_TEXT_NOTE && (c == '\n' || c == '\t'))))
				fuzz_fail("kind %d accepted control byte 0x%02x", (int)kinds[k].kind, c);
			/* U+0080..U+009F, the C1 controls, are C2 80..C2 9F */
			if (c == 0xC2 && i + 1 < size && data[i + 1] < 0xA0)
				fuzz_fail("kind %d accepted a C1 control", (int)kinds[k].kind);
		}
	}
	if (len >= 0 && memchr(s, '\0', size) == NULL) {
		char *z = fuzz_strndup(data, size);
		size_t w = grid_display_width(z);

		if (w > 2 * (size_t)len)
			fuzz_fail("display width %zu of %ld characters", w, len);
		free(z);
	}
	free(s);
	return 0;
}
