/* grid who: the responsibility chain of a unit. */
#include "cli.h"
#include "words.h"

static const struct out_col duty_cols[] = {
	{ "unit", N_("UNIT"), OUT_STR },
	{ "level", N_("LEVEL"), OUT_STR },
	{ "person", N_("PERSON"), OUT_STR },
	{ "name", N_("NAME"), OUT_STR },
	{ "duty", N_("DUTY"), OUT_STR },
	{ "department", N_("DEPARTMENT"), OUT_STR },
};

struct who_list {
	struct out *o;
	int text;
};

static int print_duty(void *ctx, const grid_duty *d)
{
	struct who_list *w = ctx;
	struct out_val v[6];

	v[0] = out_str(d->unit);
	v[1] = out_str(d->level);
	v[2] = out_str(d->person);
	v[3] = out_str(d->name);
	v[4] = out_str(w->text ? cli_word("duty", d->duty) : d->duty);
	v[5] = out_str(d->department);
	out_row(w->o, v);
	return 0;
}

static int cmd_who(struct cli *c, int argc, char **argv)
{
	struct cli_args it;
	struct who_list w;
	const char *code;
	int rc;

	if ((rc = cli_args_none(&it, c, argc, argv)) >= 0)
		return rc;
	if ((rc = cli_setup(c)) || (rc = cli_want_positional(&it, 1, "CODE")))
		return rc;
	code = it.pos[0];
	/* Check the unit first: an unknown one prints no table at all. */
	if ((rc = grid_unit_counts(c->db, code, NULL, NULL)))
		return cli_fail(rc);
	w.o = out_begin(c, duty_cols, 6);
	w.text = c->format == FMT_TEXT;
	if (!w.o)
		return out_end(w.o);
	return out_finish(w.o, grid_who(c->db, code, print_duty, &w));
}

const struct cli_verb cli_who_verbs[] = {
	{ NULL, cmd_who, CLI_NEED_DB | CLI_FORMATS, "grid who CODE [--format FMT]",
	  N_("The responsibility chain of a unit: every assignment on it and its ancestors, nearest first.") },
	{ NULL, NULL, 0, NULL, NULL },
};
