/* Checking a text argument of a libgrid call by its name: the library
 * error names it ("title is longer than 500 characters").  Not installed. */
#ifndef GRID_TEXT_CHECK_H
#define GRID_TEXT_CHECK_H

#include "grid/text.h"

/* Check S as text of KIND (grid_text_check); GRID_EINPUT "WHAT WHY" when
 * it fails.  NULL is fine unless REQUIRED; then NULL and "" are
 * GRID_EINPUT "WHAT is empty". */
int grid_text_check_named(const char *what, const char *s, enum grid_text_kind kind, int required);

#endif
