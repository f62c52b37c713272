/* libgrid: text measures and checks shared by every input path. */
#ifndef GRID_TEXT_H
#define GRID_TEXT_H

#include <stddef.h>

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Limits of the texts (grid-issue(1), grid-yaml(5)). */
#define GRID_MAX_CODE_BYTES 64    /* codes and ids, in bytes */
#define GRID_MAX_NAME_CHARS 200   /* names, in characters */
#define GRID_MAX_TITLE_CHARS 500  /* issue titles */
#define GRID_MAX_NOTE_CHARS 10000 /* details, notes, diary text */

enum grid_text_kind {
	GRID_TEXT_CODE,  /* codes and ids: 1..64 bytes, no control characters or spaces at the ends */
	GRID_TEXT_NAME,  /* 1..200 characters, no control characters */
	GRID_TEXT_TITLE, /* 1..500 characters, no control characters */
	GRID_TEXT_NOTE,  /* 0..10000 characters; newline and tab allowed */
	GRID_TEXT_SHORT, /* free short text (phone, location, household): 0..200 characters */
};

/* Check S (LEN bytes) as a field of the given kind.  On failure returns
 * GRID_EINPUT and writes a reason ("is longer than 200 characters") into
 * WHY (at least 80 bytes); sets no library error. */
GRID_API int grid_text_check(const char *s, size_t len, enum grid_text_kind kind, char *why, size_t whysize);

/* Length in characters of valid UTF-8, or -1 when S is not valid UTF-8. */
GRID_API long grid_utf8_length(const char *s, size_t len);

/* The number of terminal cells S takes: two for East Asian wide
 * characters, none for combining marks.  Invalid bytes count one each. */
GRID_API size_t grid_display_width(const char *s);

/* A rate NUM/DEN as a percentage with two decimals, rounded half away from
 * zero, "98.14%", or "-" when DEN is 0.  BUF holds at least 16 bytes. */
GRID_API void grid_rate_format(char *buf, size_t size, long long num, long long den);

#ifdef __cplusplus
}
#endif
#endif
