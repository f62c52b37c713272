/* grid unit: list, show and draw the unit tree. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const struct out_col unit_cols[] = {
	{ "code", N_("CODE"), OUT_STR },
	{ "name", N_("NAME"), OUT_STR },
	{ "level", N_("LEVEL"), OUT_STR },
	{ "parent", N_("PARENT"), OUT_STR },
	{ "households", N_("HOUSEHOLDS"), OUT_INT },
	{ "population", N_("POPULATION"), OUT_INT },
	/* unit show only */
	{ "children", N_("CHILDREN"), OUT_INT },
	{ "assignments", N_("ASSIGNMENTS"), OUT_INT },
	{ "lat", N_("LAT"), OUT_REAL },
	{ "long", N_("LONG"), OUT_REAL },
	{ "address", N_("ADDRESS"), OUT_STR },
};
#define NLIST 6
#define NSHOW 11

/* The values of unit_cols[0..5] for U. */
static void unit_vals(const grid_unit *u, struct out_val *v)
{
	v[0] = out_str(u->code);
	v[1] = out_str(u->name);
	v[2] = out_str(u->level);
	v[3] = out_str(u->parent);
	v[4] = u->households < 0 ? out_null() : out_int(u->households);
	v[5] = u->population < 0 ? out_null() : out_int(u->population);
}

static int print_unit(void *ctx, const grid_unit *u)
{
	struct out_val v[NLIST];

	unit_vals(u, v);
	out_row(ctx, v);
	return 0;
}

static int cmd_unit_list(struct cli *c, int argc, char **argv)
{
	enum { OPT_LEVEL = 1, OPT_UNDER };
	static const struct cli_opt opts[] = {
		{ "level", 0, ARG_REQUIRED, OPT_LEVEL },
		{ "under", 0, ARG_REQUIRED, OPT_UNDER },
		{ NULL, 0, ARG_NONE, 0 },
	};
	grid_unit_filter filter = GRID_UNIT_FILTER_INIT;
	struct cli_args it;
	struct out *o;
	const char *arg;
	int id, rc;

	cli_args_init(&it, c, argc, argv, opts);
	while ((id = cli_next(&it, &arg)) > 0) {
		if (id == OPT_LEVEL)
			filter.level = arg;
		else if (id == OPT_UNDER)
			filter.under = arg;
	}
	if ((rc = cli_args_done(&it, id)) >= 0)
		return rc;
	if ((rc = cli_setup(c)) || (rc = cli_want_positional(&it, 0, "")))
		return rc;
	o = out_begin(c, unit_cols, NLIST);
	if (!o)
		return out_end(o);
	return out_finish(o, grid_unit_list(c->db, &filter, print_unit, o));
}

/* ---- unit show ----------------------------------------------------------- */

/* The unit listed first, its strings copied (malloc'd). */
static int copy_first_unit(void *ctx, const grid_unit *u)
{
	grid_unit *x = ctx;

	*x = *u;
	x->code = u->code ? strdup(u->code) : NULL;
	x->name = u->name ? strdup(u->name) : NULL;
	x->level = u->level ? strdup(u->level) : NULL;
	x->parent = u->parent ? strdup(u->parent) : NULL;
	x->address = u->address ? strdup(u->address) : NULL;
	return 1; /* the unit itself comes first; stop there */
}

static void unit_copy_free(grid_unit *x)
{
	free((char *)x->code);
	free((char *)x->name);
	free((char *)x->level);
	free((char *)x->parent);
	free((char *)x->address);
}

/* One unit's values as a `show` block, a JSON object or a one-row table. */
static int print_unit_show(struct cli *c, const struct out_val *v)
{
	struct out *o;
	char buf[64];
	size_t i;

	if (c->format == FMT_JSON)
		return out_json_dump(out_json_row(unit_cols, NSHOW, v));
	if (c->format == FMT_TEXT) {
		for (i = 0; i < NSHOW; i++)
			out_kv(_(unit_cols[i].title), out_text_cell(&unit_cols[i], &v[i], buf, sizeof buf));
		return EXIT_OK;
	}
	if ((o = out_begin(c, unit_cols, NSHOW)))
		out_row(o, v);
	return out_end(o);
}

static int cmd_unit_show(struct cli *c, int argc, char **argv)
{
	grid_unit_filter f = GRID_UNIT_FILTER_INIT;
	grid_unit x = { NULL, NULL, NULL, NULL, 0, 0, 0, 0, 0, 0, NULL };
	int64_t nchildren = 0, nassign = 0;
	struct out_val v[NSHOW];
	struct cli_args it;
	int rc;

	if ((rc = cli_args_none(&it, c, argc, argv)) >= 0)
		return rc;
	if ((rc = cli_setup(c)) || (rc = cli_want_positional(&it, 1, "CODE")))
		return rc;
	if ((rc = grid_unit_counts(c->db, it.pos[0], &nchildren, &nassign)))
		return cli_fail(rc);
	f.under = it.pos[0];
	if ((rc = grid_unit_list(c->db, &f, copy_first_unit, &x)) < 0) {
		unit_copy_free(&x);
		return cli_fail(rc);
	}
	unit_vals(&x, v);
	v[6] = out_int(nchildren);
	v[7] = out_int(nassign);
	v[8] = x.has_position ? out_real(x.lat) : out_null();
	v[9] = x.has_position ? out_real(x.lon) : out_null();
	v[10] = out_str(x.address);
	rc = print_unit_show(c, v);
	unit_copy_free(&x);
	return rc;
}

/* ---- unit tree ----------------------------------------------------------- */

struct tree_ui {
	struct cli *c;
	int base;                 /* depth of the first unit */
	json_t *stack[64];        /* JSON: the children array at each depth */
	struct out *o;            /* csv, tsv: flat rows */
	int failed;
};

/* csv and tsv hold a table, not a drawing: one row per unit, in tree order. */
static const struct out_col tree_cols[] = {
	{ "code", N_("CODE"), OUT_STR },
	{ "name", N_("NAME"), OUT_STR },
	{ "level", N_("LEVEL"), OUT_STR },
	{ "parent", N_("PARENT"), OUT_STR },
	{ "depth", N_("DEPTH"), OUT_INT },
};

/* Hang U, D below the first unit, in the JSON tree. */
static void tree_json_node(struct tree_ui *t, const grid_unit *u, int d)
{
	json_t *node = json_pack("{ss ss ss}", "code", u->code, "name", u->name, "level", u->level);
	json_t *kids = json_array();

	if (!node || !kids || !t->stack[d]) {
		json_decref(node);
		json_decref(kids);
		t->failed = 1;
		return;
	}
	json_object_set_new(node, "children", kids);
	json_array_append_new(t->stack[d], node);
	t->stack[d + 1] = kids;
}

static int tree_unit(void *ctx, const grid_unit *u)
{
	struct tree_ui *t = ctx;
	int d;

	if (t->base < 0)
		t->base = u->depth;
	d = u->depth - t->base;
	if (t->o) {
		struct out_val v[5];

		v[0] = out_str(u->code);
		v[1] = out_str(u->name);
		v[2] = out_str(u->level);
		v[3] = out_str(u->parent);
		v[4] = out_int(d);
		out_row(t->o, v);
		return 0;
	}
	if (d < 0 || d >= 63)
		return 0;
	if (t->c->format == FMT_JSON)
		tree_json_node(t, u, d);
	else
		printf("%*s%s  %s\n", d * 2, "", u->code, u->name);
	return 0;
}

/* The tree under CODE (all roots when NULL) as CSV or TSV rows. */
static int print_tree_rows(struct cli *c, struct tree_ui *t, const grid_unit_filter *f)
{
	if (!(t->o = out_begin(c, tree_cols, sizeof(tree_cols) / sizeof(tree_cols[0]))))
		return out_end(t->o);
	return out_finish(t->o, grid_unit_list(c->db, f, tree_unit, t));
}

/* The JSON tree TOP, which tree_unit filled. */
static int print_tree_json(const struct tree_ui *t, json_t *top, const char *code)
{
	if (t->failed) {
		json_decref(top);
		cli_error("%s", _("out of memory"));
		return EXIT_FAIL;
	}
	/* Under one unit the tree is that unit's object; else the roots. */
	if (code && json_array_size(top) == 1) {
		json_t *one = json_incref(json_array_get(top, 0));

		json_decref(top);
		return out_json_dump(one);
	}
	return out_json_dump(top);
}

static int cmd_unit_tree(struct cli *c, int argc, char **argv)
{
	grid_unit_filter f = GRID_UNIT_FILTER_INIT;
	struct tree_ui t;
	struct cli_args it;
	json_t *top = NULL;
	int rc;

	if ((rc = cli_args_none(&it, c, argc, argv)) >= 0)
		return rc;
	if ((rc = cli_setup(c)) || (it.npos && (rc = cli_want_positional(&it, 1, "CODE"))))
		return rc;
	memset(&t, 0, sizeof t);
	t.c = c;
	t.base = -1;
	f.under = it.npos ? it.pos[0] : NULL;
	if (out_flat(c))
		return print_tree_rows(c, &t, &f);
	if (c->format == FMT_JSON)
		t.stack[0] = top = json_array();
	if ((rc = grid_unit_list(c->db, &f, tree_unit, &t))) {
		json_decref(top);
		return cli_fail(rc);
	}
	return c->format == FMT_JSON ? print_tree_json(&t, top, f.under) : EXIT_OK;
}

const struct cli_verb cli_unit_verbs[] = {
	{ "list", cmd_unit_list, CLI_NEED_DB | CLI_FORMATS, "grid unit list [--level LEVEL] [--under CODE] [--format FMT]",
	  N_("List units in tree order.") },
	{ "show", cmd_unit_show, CLI_NEED_DB | CLI_FORMATS, "grid unit show CODE [--format FMT]",
	  N_("Show one unit.") },
	{ "tree", cmd_unit_tree, CLI_NEED_DB | CLI_FORMATS, "grid unit tree [CODE] [--format FMT]",
	  N_("Draw the unit tree.") },
	{ NULL, NULL, 0, NULL, NULL },
};
