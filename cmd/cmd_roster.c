/* grid import, export, unit, person, who: the roster. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

static const struct out_col unit_cols[] = {
	{ "code", N_("CODE"), OUT_STR },
	{ "name", N_("NAME"), OUT_STR },
	{ "level", N_("LEVEL"), OUT_STR },
	{ "parent", N_("PARENT"), OUT_STR },
	{ "households", N_("HOUSEHOLDS"), OUT_INT },
	{ "population", N_("POPULATION"), OUT_INT },
};

static int print_unit(void *ctx, const grid_unit *u)
{
	struct out_val v[6];

	v[0] = out_str(u->code);
	v[1] = out_str(u->name);
	v[2] = out_str(u->level);
	v[3] = out_str(u->parent);
	v[4] = u->households < 0 ? out_null() : out_int(u->households);
	v[5] = u->population < 0 ? out_null() : out_int(u->population);
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
	if ((rc = cli_want_positional(&it, 0, "")))
		return rc;
	o = out_begin(c, unit_cols, sizeof(unit_cols) / sizeof(unit_cols[0]));
	if (!o)
		return out_end(o);
	rc = grid_unit_list(c->db, &filter, print_unit, o);
	if (rc) {
		out_discard(o);
		return cli_fail(rc);
	}
	return out_end(o);
}

/* ---- import ------------------------------------------------------------ */

struct import_ui {
	struct cli *c;
	int problems;
	int drawn;      /* a progress line is on stderr */
	int last_pct;
};

static void import_report(void *ctx, int code, const char *msg)
{
	struct import_ui *ui = ctx;

	if (ui->drawn) {
		fputs("\r\033[K", stderr);
		ui->drawn = 0;
	}
	if (code == GRID_EINPUT)
		ui->problems++;
	cli_error("%s", msg);
}

static void import_progress(void *ctx, uint64_t done, uint64_t total)
{
	struct import_ui *ui = ctx;
	int pct;

	if (total == 0) {
		fprintf(stderr, _("\rgrid: reading… %llu KiB"), (unsigned long long)(done / 1024));
		ui->drawn = 1;
		return;
	}
	pct = (int)(done * 100 / total);
	if (pct == ui->last_pct)
		return;
	ui->last_pct = pct;
	if (pct >= 100)
		fprintf(stderr, "\r\033[K%s", _("grid: checking and writing…"));
	else
		fprintf(stderr, _("\rgrid: reading… %3d%%"), pct);
	ui->drawn = 1;
}

static int cmd_import(struct cli *c, int argc, char **argv)
{
	enum { OPT_DRY_RUN = 1, OPT_PRUNE };
	static const struct cli_opt opts[] = {
		{ "dry-run", 'n', ARG_NONE, OPT_DRY_RUN },
		{ "prune", 0, ARG_NONE, OPT_PRUNE },
		{ NULL, 0, ARG_NONE, 0 },
	};
	grid_import_opts io = GRID_IMPORT_OPTS_INIT;
	grid_import_result res;
	struct import_ui ui = { c, 0, 0, -1 };
	struct cli_args it;
	const char *arg;
	int id, rc, i;

	cli_args_init(&it, c, argc, argv, opts);
	while ((id = cli_next(&it, &arg)) > 0) {
		if (id == OPT_DRY_RUN)
			io.dry_run = 1;
		else if (id == OPT_PRUNE)
			io.prune = 1;
	}
	if ((rc = cli_args_done(&it, id)) >= 0)
		return rc;
	if ((rc = cli_want_positional(&it, 1, "FILE")))
		return rc;
	if (strcmp(it.pos[0], "-") != 0) {
		struct stat sb;

		if (stat(it.pos[0], &sb) == 0 && S_ISDIR(sb.st_mode)) {
			cli_error(_("'%s' is a folder, not a YAML file"), it.pos[0]);
			return EXIT_INPUT;
		}
	}
	io.report = import_report;
	io.progress = c->progress && !c->quiet ? import_progress : NULL;
	io.ctx = &ui;
	rc = grid_roster_import(c->db, it.pos[0], &io, &res);
	if (ui.drawn)
		fputs("\r\033[K", stderr);
	if (rc) {
		if (rc == GRID_EINPUT && ui.problems)
			return EXIT_INPUT;
		return cli_fail(rc);
	}
	if (c->format == FMT_JSON) {
		json_t *doc = json_object();

		for (i = 0; i < GRID_SECTION_COUNT; i++) {
			const grid_import_counts *n = &res.sections[i];

			if (!n->present)
				continue;
			json_object_set_new(doc, grid_section_name(i),
				json_pack("{sI sI sI sI}", "added", (json_int_t)n->added, "updated", (json_int_t)n->updated,
					"unchanged", (json_int_t)n->unchanged, "removed", (json_int_t)n->removed));
		}
		return out_json_dump(doc);
	}
	if (c->format == FMT_CSV || c->format == FMT_TSV) {
		const char *sep = c->format == FMT_CSV ? "," : "\t";

		printf("section%sadded%supdated%sunchanged%sremoved\n", sep, sep, sep, sep);
	}
	for (i = 0; i < GRID_SECTION_COUNT; i++) {
		const grid_import_counts *n = &res.sections[i];

		if (!n->present)
			continue;
		if (c->format == FMT_CSV || c->format == FMT_TSV) {
			const char *sep = c->format == FMT_CSV ? "," : "\t";

			printf("%s%s%lld%s%lld%s%lld%s%lld\n", grid_section_name(i), sep, (long long)n->added, sep,
				(long long)n->updated, sep, (long long)n->unchanged, sep, (long long)n->removed);
			continue;
		}
		printf(_("%-12s %5lld added %5lld updated %5lld unchanged %5lld removed\n"), grid_section_name(i),
			(long long)n->added, (long long)n->updated, (long long)n->unchanged, (long long)n->removed);
	}
	if (io.dry_run && !c->quiet)
		cli_error("%s", _("dry run: nothing was written"));
	return EXIT_OK;
}

/* ---- export ------------------------------------------------------------ */

static int cmd_export(struct cli *c, int argc, char **argv)
{
	static const struct cli_opt opts[] = { { NULL, 0, ARG_NONE, 0 } };
	struct cli_args it;
	const char *arg;
	int id, rc;

	cli_args_init(&it, c, argc, argv, opts);
	while ((id = cli_next(&it, &arg)) > 0)
		;
	if ((rc = cli_args_done(&it, id)) >= 0)
		return rc;
	if ((rc = cli_want_positional(&it, 0, "")))
		return rc;
	rc = grid_roster_export(c->db, c->format == FMT_JSON ? GRID_EXPORT_JSON : GRID_EXPORT_YAML, stdout);
	return rc ? cli_fail(rc) : EXIT_OK;
}

/* ---- unit show, unit tree ------------------------------------------------ */

/* The one positional argument WHAT (optional or not) of a verb without options. */
static int one_code(struct cli *c, int argc, char **argv, int optional, const char *what, const char **code)
{
	static const struct cli_opt opts[] = { { NULL, 0, ARG_NONE, 0 } };
	struct cli_args it;
	const char *arg;
	int id, rc;

	cli_args_init(&it, c, argc, argv, opts);
	while ((id = cli_next(&it, &arg)) > 0)
		;
	if ((rc = cli_args_done(&it, id)) >= 0)
		return rc;
	*code = NULL;
	if (optional && it.npos == 0)
		return -1;
	if ((rc = cli_want_positional(&it, 1, what)))
		return rc;
	*code = it.pos[0];
	return -1;
}

struct unit_copy {
	int found;
	char *code, *name, *level, *parent;
	long long households, population;
};

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

static int copy_first_unit(void *ctx, const grid_unit *u)
{
	struct unit_copy *x = ctx;

	x->found = 1;
	x->code = dup_or_null(u->code);
	x->name = dup_or_null(u->name);
	x->level = dup_or_null(u->level);
	x->parent = dup_or_null(u->parent);
	x->households = u->households;
	x->population = u->population;
	return 1; /* the unit itself comes first; stop there */
}

static int cmd_unit_show(struct cli *c, int argc, char **argv)
{
	static const struct out_col cols[] = {
		{ "code", N_("CODE"), OUT_STR },
		{ "name", N_("NAME"), OUT_STR },
		{ "level", N_("LEVEL"), OUT_STR },
		{ "parent", N_("PARENT"), OUT_STR },
		{ "households", N_("HOUSEHOLDS"), OUT_INT },
		{ "population", N_("POPULATION"), OUT_INT },
		{ "children", N_("CHILDREN"), OUT_INT },
		{ "assignments", N_("ASSIGNMENTS"), OUT_INT },
	};
	grid_unit_filter f = GRID_UNIT_FILTER_INIT;
	struct unit_copy x = { 0, NULL, NULL, NULL, NULL, 0, 0 };
	struct out_val v[8];
	int64_t nchildren = 0, nassign = 0;
	const char *code;
	int rc;

	if ((rc = one_code(c, argc, argv, 0, "CODE", &code)) >= 0)
		return rc;
	if ((rc = grid_unit_counts(c->db, code, &nchildren, &nassign)))
		return cli_fail(rc);
	f.under = code;
	rc = grid_unit_list(c->db, &f, copy_first_unit, &x);
	if (rc < 0) {
		rc = cli_fail(rc);
		goto done;
	}
	v[0] = out_str(x.code);
	v[1] = out_str(x.name);
	v[2] = out_str(x.level);
	v[3] = out_str(x.parent);
	v[4] = x.households < 0 ? out_null() : out_int(x.households);
	v[5] = x.population < 0 ? out_null() : out_int(x.population);
	v[6] = out_int(nchildren);
	v[7] = out_int(nassign);
	if (c->format == FMT_JSON) {
		rc = out_json_dump(out_json_row(cols, 8, v));
	} else if (c->format == FMT_TEXT) {
		char buf[64];
		size_t i;

		for (i = 0; i < 8; i++)
			out_kv(_(cols[i].title), out_text_cell(&cols[i], &v[i], buf, sizeof buf));
		rc = EXIT_OK;
	} else {
		struct out *o = out_begin(c, cols, 8);

		if (o)
			out_row(o, v);
		rc = out_end(o);
	}
done:
	free(x.code);
	free(x.name);
	free(x.level);
	free(x.parent);
	return rc;
}

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
	if (t->c->format == FMT_JSON) {
		json_t *node = json_pack("{ss ss ss}", "code", u->code, "name", u->name, "level", u->level);
		json_t *kids = json_array();

		if (!node || !kids || !t->stack[d]) {
			json_decref(node);
			json_decref(kids);
			t->failed = 1;
			return 0;
		}
		json_object_set_new(node, "children", kids);
		json_array_append_new(t->stack[d], node);
		t->stack[d + 1] = kids;
		return 0;
	}
	printf("%*s%s  %s\n", d * 2, "", u->code, u->name);
	return 0;
}

static int cmd_unit_tree(struct cli *c, int argc, char **argv)
{
	grid_unit_filter f = GRID_UNIT_FILTER_INIT;
	struct tree_ui t;
	const char *code;
	json_t *top = NULL;
	int rc;

	if ((rc = one_code(c, argc, argv, 1, "CODE", &code)) >= 0)
		return rc;
	memset(&t, 0, sizeof t);
	t.c = c;
	t.base = -1;
	f.under = code;
	if (c->format == FMT_CSV || c->format == FMT_TSV) {
		if (!(t.o = out_begin(c, tree_cols, sizeof(tree_cols) / sizeof(tree_cols[0]))))
			return out_end(t.o);
		if ((rc = grid_unit_list(c->db, &f, tree_unit, &t))) {
			out_discard(t.o);
			return cli_fail(rc);
		}
		return out_end(t.o);
	}
	if (c->format == FMT_JSON)
		t.stack[0] = top = json_array();
	rc = grid_unit_list(c->db, &f, tree_unit, &t);
	if (rc) {
		json_decref(top);
		return cli_fail(rc);
	}
	if (c->format != FMT_JSON)
		return EXIT_OK;
	if (t.failed) {
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

/* ---- person list, person show -------------------------------------------- */

static const struct out_col person_cols[] = {
	{ "id", N_("ID"), OUT_STR },
	{ "name", N_("NAME"), OUT_STR },
	{ "login", N_("LOGIN"), OUT_STR },
	{ "phone", N_("PHONE"), OUT_STR },
	{ "roles", N_("ROLES"), OUT_LIST },
	{ "department", N_("DEPARTMENT"), OUT_STR },
};

static size_t role_names(unsigned roles, const char **names)
{
	unsigned bit;
	size_t n = 0;

	for (bit = 1; bit && bit <= roles && n < 8; bit <<= 1)
		if ((roles & bit) && grid_role_name(bit))
			names[n++] = grid_role_name(bit);
	return n;
}

static void person_vals(const grid_person *p, struct out_val *v, const char **names)
{
	v[0] = out_str(p->id);
	v[1] = out_str(p->name);
	v[2] = out_str(p->login);
	v[3] = out_str(p->phone);
	v[4] = out_list(names, role_names(p->roles, names));
	v[5] = out_str(p->department);
}

static int print_person(void *ctx, const grid_person *p)
{
	struct out_val v[6];
	const char *names[8];

	person_vals(p, v, names);
	out_row(ctx, v);
	return 0;
}

static int cmd_person_list(struct cli *c, int argc, char **argv)
{
	enum { OPT_UNIT = 1, OPT_ROLE };
	static const struct cli_opt opts[] = {
		{ "unit", 0, ARG_REQUIRED, OPT_UNIT },
		{ "role", 0, ARG_REQUIRED, OPT_ROLE },
		{ NULL, 0, ARG_NONE, 0 },
	};
	grid_person_filter f = GRID_PERSON_FILTER_INIT;
	struct cli_args it;
	struct out *o;
	const char *arg, *role = NULL;
	int id, rc;

	cli_args_init(&it, c, argc, argv, opts);
	while ((id = cli_next(&it, &arg)) > 0) {
		if (id == OPT_UNIT)
			f.unit = arg;
		else if (id == OPT_ROLE)
			role = arg;
	}
	if ((rc = cli_args_done(&it, id)) >= 0)
		return rc;
	if ((rc = cli_want_positional(&it, 0, "")))
		return rc;
	if (role && !(f.roles = grid_role_parse(role)))
		return cli_usage_error(c, _("unknown role '%s' (admin, leader, grid_head, grid_member, dept_staff, viewer)"),
			role);
	o = out_begin(c, person_cols, 6);
	if (!o)
		return out_end(o);
	rc = grid_person_list(c->db, &f, print_person, o);
	if (rc) {
		out_discard(o);
		return cli_fail(rc);
	}
	return out_end(o);
}

static const struct out_col duty_cols[] = {
	{ "unit", N_("UNIT"), OUT_STR },
	{ "level", N_("LEVEL"), OUT_STR },
	{ "person", N_("PERSON"), OUT_STR },
	{ "name", N_("NAME"), OUT_STR },
	{ "duty", N_("DUTY"), OUT_STR },
	{ "department", N_("DEPARTMENT"), OUT_STR },
};

static void duty_vals(const grid_duty *d, struct out_val *v)
{
	v[0] = out_str(d->unit);
	v[1] = out_str(d->level);
	v[2] = out_str(d->person);
	v[3] = out_str(d->name);
	v[4] = out_str(d->duty);
	v[5] = out_str(d->department);
}

struct person_show {
	struct cli *c;
	json_t *doc;
	json_t *list;
	struct out *o;
};

static int show_person(void *ctx, const grid_person *p)
{
	struct person_show *ps = ctx;
	struct out_val v[6];
	const char *names[8];
	size_t i;

	person_vals(p, v, names);
	if (ps->c->format == FMT_JSON) {
		ps->doc = out_json_row(person_cols, 6, v);
	} else {
		char buf[256];

		for (i = 0; i < 6; i++)
			out_kv(_(person_cols[i].title), out_text_cell(&person_cols[i], &v[i], buf, sizeof buf));
	}
	return 0;
}

static const struct out_col assignment_cols[] = {
	{ "unit", N_("UNIT"), OUT_STR },
	{ "unit_name", N_("UNIT NAME"), OUT_STR },
	{ "level", N_("LEVEL"), OUT_STR },
	{ "duty", N_("DUTY"), OUT_STR },
};

static int show_duty(void *ctx, const grid_duty *d)
{
	struct person_show *ps = ctx;
	struct out_val v[4];

	v[0] = out_str(d->unit);
	v[1] = out_str(d->unit_name);
	v[2] = out_str(d->level);
	v[3] = out_str(d->duty);
	if (ps->list)
		json_array_append_new(ps->list, out_json_row(assignment_cols, 4, v));
	else if (ps->o)
		out_row(ps->o, v);
	return 0;
}

static int cmd_person_show(struct cli *c, int argc, char **argv)
{
	grid_person_filter f = GRID_PERSON_FILTER_INIT;
	struct person_show ps;
	const char *id;
	int rc;

	if ((rc = one_code(c, argc, argv, 0, "ID", &id)) >= 0)
		return rc;
	memset(&ps, 0, sizeof ps);
	ps.c = c;
	f.id = id;
	if (c->format == FMT_CSV || c->format == FMT_TSV) {
		/* One table per document: the person's row, as `person list` has it;
		 * the assignments are in text and json (and in `grid who`). */
		struct out *o = out_begin(c, person_cols, 6);

		if (!o)
			return out_end(o);
		if ((rc = grid_person_list(c->db, &f, print_person, o))) {
			out_discard(o);
			return cli_fail(rc);
		}
		return out_end(o);
	}
	if ((rc = grid_person_list(c->db, &f, show_person, &ps)))
		return cli_fail(rc);
	if (c->format == FMT_JSON) {
		ps.list = json_array();
		json_object_set_new(ps.doc, "assignments", ps.list);
	} else {
		fputc('\n', stdout);
		ps.o = out_begin(c, assignment_cols, 4);
		if (!ps.o)
			return out_end(ps.o);
	}
	rc = grid_person_duties(c->db, id, show_duty, &ps);
	if (c->format == FMT_JSON) {
		if (rc) {
			json_decref(ps.doc);
			return cli_fail(rc);
		}
		return out_json_dump(ps.doc);
	}
	if (rc) {
		out_discard(ps.o);
		return cli_fail(rc);
	}
	return out_end(ps.o);
}

/* ---- who ------------------------------------------------------------------ */

static int print_duty(void *ctx, const grid_duty *d)
{
	struct out_val v[6];

	duty_vals(d, v);
	out_row(ctx, v);
	return 0;
}

static int cmd_who(struct cli *c, int argc, char **argv)
{
	struct out *o;
	const char *code;
	int rc;

	if ((rc = one_code(c, argc, argv, 0, "CODE", &code)) >= 0)
		return rc;
	/* Check the unit first: an unknown one prints no table at all. */
	if ((rc = grid_unit_counts(c->db, code, NULL, NULL)))
		return cli_fail(rc);
	o = out_begin(c, duty_cols, 6);
	if (!o)
		return out_end(o);
	rc = grid_who(c->db, code, print_duty, o);
	if (rc) {
		out_discard(o);
		return cli_fail(rc);
	}
	return out_end(o);
}

const struct cli_verb cli_import_verbs[] = {
	{ NULL, cmd_import, CLI_NEED_DB | CLI_FORMATS, "grid import FILE|- [--dry-run] [--prune] [--format FMT]",
	  N_("Load levels, categories, departments, units, people, assignments and settings from YAML.") },
	{ NULL, NULL, 0, NULL, NULL },
};

const struct cli_verb cli_export_verbs[] = {
	{ NULL, cmd_export, CLI_NEED_DB | CLI_EXPORT_FORMATS, "grid export [--format yaml|json]",
	  N_("Write the roster back in the import format.") },
	{ NULL, NULL, 0, NULL, NULL },
};

const struct cli_verb cli_unit_verbs[] = {
	{ "list", cmd_unit_list, CLI_NEED_DB | CLI_FORMATS, "grid unit list [--level LEVEL] [--under CODE] [--format FMT]",
	  N_("List units in tree order.") },
	{ "show", cmd_unit_show, CLI_NEED_DB | CLI_FORMATS, "grid unit show CODE [--format FMT]",
	  N_("Show one unit.") },
	{ "tree", cmd_unit_tree, CLI_NEED_DB | CLI_FORMATS, "grid unit tree [CODE] [--format FMT]",
	  N_("Draw the unit tree.") },
	{ NULL, NULL, 0, NULL, NULL },
};

const struct cli_verb cli_person_verbs[] = {
	{ "list", cmd_person_list, CLI_NEED_DB | CLI_FORMATS, "grid person list [--unit CODE] [--role ROLE] [--format FMT]",
	  N_("List people.") },
	{ "show", cmd_person_show, CLI_NEED_DB | CLI_FORMATS, "grid person show ID [--format FMT]",
	  N_("Show one person and their assignments.") },
	{ NULL, NULL, 0, NULL, NULL },
};

const struct cli_verb cli_who_verbs[] = {
	{ NULL, cmd_who, CLI_NEED_DB | CLI_FORMATS, "grid who CODE [--format FMT]",
	  N_("The responsibility chain of a unit: every assignment on it and its ancestors, nearest first.") },
	{ NULL, NULL, 0, NULL, NULL },
};
