/* Exact decimal amounts (include/grid/decimal.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decimal_wide.h"
#include "grid/decimal.h"
#include "internal.h"

/* The largest magnitude an amount may have, in ten-thousandths: ten
 * trillion units, far beyond any budget in 万元 or yuan, and far enough
 * from INT64_MAX that the sum of ninety such amounts (a list's total)
 * still fits. */
#define DECIMAL_LIMIT INT64_C(100000000000000000)

int grid_decimal_parse(const char *text, grid_decimal *out)
{
	const char *p = text;
	int64_t value = 0;
	int negative = 0, digits = 0, decimals = 0;

	if (*p == '-') {
		negative = 1;
		p++;
	}
	for (; *p >= '0' && *p <= '9'; p++, digits++) {
		if (value > (DECIMAL_LIMIT / GRID_DECIMAL_SCALE - (*p - '0')) / 10)
			return grid_error_set(GRID_EINPUT, "'%s' is too large an amount", text);
		value = value * 10 + (*p - '0');
	}
	value *= GRID_DECIMAL_SCALE;
	if (digits > 0 && *p == '.') {
		int64_t unit = GRID_DECIMAL_SCALE;

		for (p++; *p >= '0' && *p <= '9' && decimals < GRID_DECIMAL_MAX_DECIMALS; p++, decimals++) {
			unit /= 10;
			value += (*p - '0') * unit;
		}
		if (decimals == 0 || (*p >= '0' && *p <= '9'))
			return grid_error_set(GRID_EINPUT, "'%s' is not a number with at most %d decimals", text,
				GRID_DECIMAL_MAX_DECIMALS);
	}
	if (digits == 0 || *p != '\0')
		return grid_error_set(GRID_EINPUT, "'%s' is not a number with at most %d decimals", text,
			GRID_DECIMAL_MAX_DECIMALS);
	if (value > DECIMAL_LIMIT)
		return grid_error_set(GRID_EINPUT, "'%s' is too large an amount", text);
	out->value = negative ? -value : value;
	out->decimals = decimals;
	return GRID_OK;
}

char *grid_decimal_format(char *buf, int64_t value, int decimals)
{
	static const int64_t unit[] = { 10000, 1000, 100, 10, 1 };
	int64_t scaled;
	uint64_t whole;
	unsigned frac;

	if (decimals < 0)
		decimals = 0;
	if (decimals > GRID_DECIMAL_MAX_DECIMALS)
		decimals = GRID_DECIMAL_MAX_DECIMALS;
	/* The amount in units of its last printed digit. */
	if (grid_muldiv(value, 1, unit[decimals], GRID_ROUND_HALF_AWAY, &scaled))
		scaled = 0;
	whole = (uint64_t)(scaled < 0 ? -scaled : scaled) / (uint64_t)(GRID_DECIMAL_SCALE / unit[decimals]);
	frac = (unsigned)((uint64_t)(scaled < 0 ? -scaled : scaled) % (uint64_t)(GRID_DECIMAL_SCALE / unit[decimals]));
	if (decimals == 0)
		snprintf(buf, GRID_DECIMAL_BUFSZ, "%s%llu", scaled < 0 ? "-" : "", (unsigned long long)whole);
	else
		snprintf(buf, GRID_DECIMAL_BUFSZ, "%s%llu.%0*u", scaled < 0 ? "-" : "", (unsigned long long)whole,
			decimals, frac);
	return buf;
}

int decimal_wide_div(decimal_wide num, decimal_wide den, grid_rounding mode, int64_t *out)
{
	decimal_wide q, r;

	if (den == 0)
		return grid_error_set(GRID_EINPUT, "a share of a zero amount");
	if (den < 0) {
		num = -num;
		den = -den;
	}
	q = num / den;
	r = num % den;   /* the sign of num, |r| < den */
	if (mode == GRID_ROUND_HALF_AWAY) {
		if (r >= 0 && 2 * r >= den)
			q++;
		else if (r < 0 && -2 * r >= den)
			q--;
	} else if (mode == GRID_ROUND_CEIL && r > 0) {
		q++;
	} else if (mode == GRID_ROUND_FLOOR && r < 0) {
		q--;
	}
	if (q > INT64_MAX || q < -INT64_MAX)
		return grid_error_set(GRID_EINPUT, "an amount beyond 64 bits");
	*out = (int64_t)q;
	return GRID_OK;
}

int grid_muldiv(int64_t a, int64_t b, int64_t den, grid_rounding mode, int64_t *out)
{
	return decimal_wide_div((decimal_wide)a * b, den, mode, out);
}
