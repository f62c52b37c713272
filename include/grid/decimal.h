/* libgrid: exact decimal amounts, for targets and investments
 * (grid-metrics(7)): an integer in ten-thousandths and the number of
 * decimals it was written with, so that sums, shares and differences are
 * computed on integers and an amount prints as it was entered. */
#ifndef GRID_DECIMAL_H
#define GRID_DECIMAL_H

#include <stddef.h>
#include <stdint.h>

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

#define GRID_DECIMAL_SCALE 10000 /* units of an amount's value: 1/10000 */
#define GRID_DECIMAL_MAX_DECIMALS 4
#define GRID_DECIMAL_BUFSZ 48    /* room for any formatted amount */

typedef struct grid_decimal {
	int64_t value;   /* the amount times GRID_DECIMAL_SCALE */
	int decimals;    /* 0..4: the digits after the point as written */
} grid_decimal;

/* Parse TEXT: an optional minus, digits, and optionally a point and one
 * to four digits ("23329", "-1.5", "0.0125"); no signs, spaces,
 * separators or exponents besides.  GRID_EINPUT when TEXT is not such a
 * number or its value is beyond ±10 000 000 000 000 (the library error
 * says which). */
GRID_API int grid_decimal_parse(const char *text, grid_decimal *out);

/* Write D with DECIMALS digits after the point (0..4), rounding half
 * away from zero, into BUF (GRID_DECIMAL_BUFSZ bytes): "23329",
 * "-1308.50".  Returns BUF. */
GRID_API char *grid_decimal_format(char *buf, int64_t value, int decimals);

typedef enum grid_rounding {
	GRID_ROUND_HALF_AWAY, /* to nearest, halves away from zero (the notices' rule) */
	GRID_ROUND_CEIL,      /* toward +infinity */
	GRID_ROUND_FLOOR,     /* toward -infinity */
} grid_rounding;

/* *OUT = A × B / DEN rounded by MODE, the product exact in 128 bits so
 * that a share of an amount neither overflows nor goes through floating
 * point.  GRID_EINPUT when DEN is 0 or the result does not fit 64 bits. */
GRID_API int grid_muldiv(int64_t a, int64_t b, int64_t den, grid_rounding mode, int64_t *out);

#ifdef __cplusplus
}
#endif
#endif
