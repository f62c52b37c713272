/* The 128-bit arithmetic under grid_muldiv, for the shares that need
 * more than one product (a target's points ahead of the schedule: a
 * difference of two products over a third).  Not installed. */
#ifndef GRID_DECIMAL_WIDE_H
#define GRID_DECIMAL_WIDE_H

#include <stdint.h>

#include "grid/decimal.h"

__extension__ typedef __int128 decimal_wide;

/* *OUT = NUM / DEN rounded by MODE, as grid_muldiv rounds: GRID_EINPUT
 * when DEN is 0 or the result does not fit 64 bits.  Exact as long as NUM
 * and DEN fit 127 bits, which products of two amounts and a small factor
 * do. */
int decimal_wide_div(decimal_wide num, decimal_wide den, grid_rounding mode, int64_t *out);

#endif
