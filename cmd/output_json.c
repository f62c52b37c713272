/* The JSON format (jansson): tables streamed as an array of objects, and
 * the pieces of the documents that are objects (stats, show). */
#include <stdlib.h>
#include <string.h>

#include "output_table.h"

/* Compact, keys in the order written, and 15 significant digits: a rate
 * such as 2/5 prints 0.4, not the binary neighbour 0.40000000000000002. */
#define JSON_FLAGS (JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15))

/* A number written exactly as decimal TEXT: whole numbers as integers,
 * others as reals, which print back as written up to 15 significant
 * digits (JSON_REAL_PRECISION). */
static json_t *decimal_json(const char *text)
{
	return strchr(text, '.') ? json_real(strtod(text, NULL)) : json_integer(strtoll(text, NULL, 10));
}

json_t *out_json_value(const struct out_col *col, const struct out_val *v)
{
	char iso[40];
	json_t *arr;
	size_t i;

	if (v->null)
		return json_null();
	switch (col->type) {
	case OUT_STR:
	case OUT_DATE:
		return json_string(v->s);
	case OUT_INT:
		return json_integer(v->i);
	case OUT_BOOL:
		return json_boolean(v->i);
	case OUT_RATE:
		if (v->s)
			return decimal_json(v->s);
		return json_real(v->d);
	case OUT_REAL:
		return json_real(v->d);
	case OUT_DECIMAL:
		return decimal_json(v->s);
	case OUT_TIME:
		grid_time_format(iso, sizeof(iso), v->i);
		return json_string(iso);
	case OUT_LIST:
		arr = json_array();
		for (i = 0; i < v->nlist; i++)
			json_array_append_new(arr, json_string(v->list[i]));
		return arr;
	}
	return json_null();
}

json_t *out_json_row(const struct out_col *cols, size_t ncols, const struct out_val *vals)
{
	json_t *obj = json_object();
	size_t i;

	for (i = 0; i < ncols; i++)
		json_object_set_new(obj, cols[i].key, out_json_value(&cols[i], &vals[i]));
	return obj;
}

int out_json_dump(json_t *doc)
{
	int rc = json_dumpf(doc, stdout, JSON_FLAGS);

	fputc('\n', stdout);
	json_decref(doc);
	return rc == 0 ? EXIT_OK : EXIT_FAIL;
}

void out_json_stream_row(const struct out *o, const struct out_val *vals)
{
	json_t *row = out_json_row(o->cols, o->ncols, vals);

	fputs(o->nrows ? ",\n" : "\n", stdout);
	json_dumpf(row, stdout, JSON_FLAGS);
	json_decref(row);
}
