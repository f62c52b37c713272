/* grid person: list people, show one with their assignments. */
#include <string.h>

#include "cli.h"
#include "words.h"

static const struct out_col person_cols[] = {
	{ "id", N_("ID"), OUT_STR },
	{ "name", N_("NAME"), OUT_STR },
	{ "login", N_("LOGIN"), OUT_STR },
	{ "phone", N_("PHONE"), OUT_STR },
	{ "roles", N_("ROLES"), OUT_LIST },
	{ "department", N_("DEPARTMENT"), OUT_STR },
};

/* The names of ROLES into NAMES; in the reader's language for TEXT. */
static size_t role_names(unsigned roles, const char **names, int text)
{
	unsigned bit;
	size_t n = 0;

	for (bit = 1; bit && bit <= roles && n < 8; bit <<= 1)
		if ((roles & bit) && grid_role_name(bit))
			names[n++] = text ? cli_word("role", grid_role_name(bit)) : grid_role_name(bit);
	return n;
}

static void person_vals(const grid_person *p, struct out_val *v, const char **names, int text)
{
	v[0] = out_str(p->id);
	v[1] = out_str(p->name);
	v[2] = out_str(p->login);
	v[3] = out_str(p->phone);
	v[4] = out_list(names, role_names(p->roles, names, text));
	v[5] = out_str(p->department);
}

struct person_list {
	struct out *o;
	int text;
};

static int print_person(void *ctx, const grid_person *p)
{
	struct person_list *pl = ctx;
	struct out_val v[6];
	const char *names[8];

	person_vals(p, v, names, pl->text);
	out_row(pl->o, v);
	return 0;
}

/* The people F selects as a table. */
static int print_people(struct cli *c, const grid_person_filter *f)
{
	struct person_list pl = { out_begin(c, person_cols, 6), c->format == FMT_TEXT };

	if (!pl.o)
		return out_end(pl.o);
	return out_finish(pl.o, grid_person_list(c->db, f, print_person, &pl));
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
	if ((rc = cli_setup(c)) || (rc = cli_want_positional(&it, 0, "")))
		return rc;
	if (role && !(f.roles = grid_role_parse(role)))
		return cli_usage_error(c,
			_("unknown role '%s' (admin, leader, grid_head, grid_member, dept_staff, viewer, delegate, system)"),
			role);
	return print_people(c, &f);
}

/* ---- person show ----------------------------------------------------------- */

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

	person_vals(p, v, names, ps->c->format != FMT_JSON);
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
	v[3] = out_str(ps->c->format == FMT_TEXT ? cli_word("duty", d->duty) : d->duty);
	if (ps->list)
		json_array_append_new(ps->list, out_json_row(assignment_cols, 4, v));
	else if (ps->o)
		out_row(ps->o, v);
	return 0;
}

/* The assignments of person ID after the person: a JSON key of the
 * document, or a table under the block. */
static int show_duties(struct cli *c, struct person_show *ps, const char *id)
{
	int rc;

	if (c->format == FMT_JSON) {
		ps->list = json_array();
		json_object_set_new(ps->doc, "assignments", ps->list);
	} else {
		fputc('\n', stdout);
		if (!(ps->o = out_begin(c, assignment_cols, 4)))
			return out_end(ps->o);
	}
	rc = grid_person_duties(c->db, id, show_duty, ps);
	if (c->format == FMT_JSON) {
		if (rc) {
			json_decref(ps->doc);
			return cli_fail(rc);
		}
		return out_json_dump(ps->doc);
	}
	return out_finish(ps->o, rc);
}

static int cmd_person_show(struct cli *c, int argc, char **argv)
{
	grid_person_filter f = GRID_PERSON_FILTER_INIT;
	struct person_show ps;
	struct cli_args it;
	int rc;

	if ((rc = cli_args_none(&it, c, argc, argv)) >= 0)
		return rc;
	if ((rc = cli_setup(c)) || (rc = cli_want_positional(&it, 1, "ID")))
		return rc;
	f.id = it.pos[0];
	/* One table per document in csv, tsv and xlsx: the person's row, as `person
	 * list` has it; the assignments are in text and json (and in `grid who`). */
	if (out_flat(c))
		return print_people(c, &f);
	memset(&ps, 0, sizeof ps);
	ps.c = c;
	if ((rc = grid_person_list(c->db, &f, show_person, &ps)))
		return cli_fail(rc);
	return show_duties(c, &ps, f.id);
}

const struct cli_verb cli_person_verbs[] = {
	{ "list", cmd_person_list, CLI_NEED_DB | CLI_FORMATS, "grid person list [--unit CODE] [--role ROLE] [--format FMT]",
	  N_("List people.") },
	{ "show", cmd_person_show, CLI_NEED_DB | CLI_FORMATS, "grid person show ID [--format FMT]",
	  N_("Show one person and their assignments.") },
	{ NULL, NULL, 0, NULL, NULL },
};
