/* Weighted scores and their numeric settings (score.h). */
#include <math.h>
#include <stdlib.h>

#include "internal.h"
#include "score.h"
#include "store/store.h"

int score_weighted(const int64_t *num, const int64_t *den, const double *w, size_t n, double *out)
{
	double sum = 0, wsum = 0;
	size_t k;

	for (k = 0; k < n; k++)
		if (den[k] > 0 && w[k] > 0) {
			sum += w[k] * (double)num[k] / (double)den[k];
			wsum += w[k];
		}
	*out = wsum > 0 ? sum / wsum : 0;
	return wsum > 0;
}

int score_setting(grid_db *db, const char *key, double dflt, double max, double *out)
{
	char *v = NULL, *end;
	int rc;

	*out = dflt;
	if ((rc = store_setting_get(db->store, key, &v)))
		return rc;
	if (v) {
		*out = strtod(v, &end);
		if (end == v || *end || !isfinite(*out) || *out < 0)
			rc = grid_error_set(GRID_EINPUT, "setting '%s' is not a weight: '%s'", key, v);
		else if (*out > max)
			rc = grid_error_set(GRID_EINPUT, "setting '%s' is not a number from 0 to 1: '%s'", key, v);
	}
	free(v);
	return rc;
}
