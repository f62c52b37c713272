/* grid case: move a case through its workflow, and the sweep that
 * escalates the cases past their due time. */
#include <string.h>

#include "cli.h"

enum { O_NOTE = 1, O_CATEGORY, O_TO, O_TO_PERSON, O_TO_DEPT, O_DUP };

/* The options of ACTION: every one takes --note. */
static const struct cli_opt *case_opts(grid_case_action action)
{
	static const struct cli_opt note_opts[] = {
		{ "note", 0, ARG_REQUIRED, O_NOTE },
		{ NULL, 0, ARG_NONE, 0 },
	};
	static const struct cli_opt accept_opts[] = {
		{ "note", 0, ARG_REQUIRED, O_NOTE },
		{ "category", 0, ARG_REQUIRED, O_CATEGORY },
		{ NULL, 0, ARG_NONE, 0 },
	};
	static const struct cli_opt assign_opts[] = {
		{ "note", 0, ARG_REQUIRED, O_NOTE },
		{ "to", 0, ARG_REQUIRED, O_TO },
		{ "to-person", 0, ARG_REQUIRED, O_TO_PERSON },
		{ "to-dept", 0, ARG_REQUIRED, O_TO_DEPT },
		{ NULL, 0, ARG_NONE, 0 },
	};
	static const struct cli_opt reject_opts[] = {
		{ "note", 0, ARG_REQUIRED, O_NOTE },
		{ "duplicate-of", 0, ARG_REQUIRED, O_DUP },
		{ NULL, 0, ARG_NONE, 0 },
	};

	switch (action) {
	case GRID_CASE_ACCEPT:
		return accept_opts;
	case GRID_CASE_ASSIGN:
		return assign_opts;
	case GRID_CASE_REJECT:
		return reject_opts;
	default:
		return note_opts;
	}
}

/* The options ACTION needs, once all are read: 0 or EXIT_USAGE printed. */
static int check_case_opts(const struct cli *c, grid_case_action action, const grid_case_opts *o, int ntargets)
{
	if ((action == GRID_CASE_REJECT || action == GRID_CASE_REOPEN) && !o->note)
		return cli_usage_error(c, _("missing --note: say why"));
	if (action == GRID_CASE_ASSIGN && !o->to)
		return cli_usage_error(c, _("missing --to PERSON|DEPT (or --to-person ID, --to-dept CODE)"));
	if (ntargets > 1)
		return cli_usage_error(c, _("give one of --to, --to-person and --to-dept, once"));
	return 0;
}

/* Read the options of ACTION into O, *dup the --duplicate-of text, and
 * set up.  Returns -1 to go on, or the exit status. */
static int read_case_args(struct cli *c, int argc, char **argv, grid_case_action action, grid_case_opts *o,
	struct cli_args *it, const char **dup)
{
	const char *arg;
	int opt, rc, ntargets = 0;

	cli_args_init(it, c, argc, argv, case_opts(action));
	while ((opt = cli_next(it, &arg)) > 0) {
		switch (opt) {
		case O_NOTE: o->note = arg; break;
		case O_CATEGORY: o->category = arg; break;
		case O_TO: o->to = arg; o->to_kind = GRID_HANDLER_ANY; ntargets++; break;
		case O_TO_PERSON: o->to = arg; o->to_kind = GRID_HANDLER_PERSON; ntargets++; break;
		case O_TO_DEPT: o->to = arg; o->to_kind = GRID_HANDLER_DEPARTMENT; ntargets++; break;
		case O_DUP: *dup = arg; break;
		}
	}
	if (opt == CLI_END && (rc = check_case_opts(c, action, o, ntargets)))
		return rc;
	if ((rc = cli_args_done(it, opt)) >= 0)
		return rc;
	if ((rc = cli_setup(c)))
		return rc;
	return -1;
}

/* The library asks which kind the handler is (field to_kind); here the
 * user says it with --to-person or --to-dept. */
static int fail_case(int rc, const grid_case_opts *o)
{
	if (rc == GRID_EUSAGE && strcmp(grid_errfield(), "to_kind") == 0) {
		cli_error(_("'%s' is both a person and a department; say which with --to-person %s or --to-dept %s"),
			o->to, o->to, o->to);
		return EXIT_USAGE;
	}
	return cli_fail(rc);
}

static int run_case(struct cli *c, int argc, char **argv, grid_case_action action)
{
	grid_case_opts o = GRID_CASE_OPTS_INIT;
	struct cli_args it;
	const char *dup = NULL;
	int64_t id;
	int rc;

	if ((rc = read_case_args(c, argc, argv, action, &o, &it, &dup)) >= 0)
		return rc;
	if ((rc = cli_want_positional(&it, 1, "ID")) || (rc = cli_parse_issue_id(c, "ID", it.pos[0], &id)) ||
		(dup && (rc = cli_parse_issue_id(c, "--duplicate-of", dup, &o.duplicate_of))))
		return rc;
	if ((rc = grid_case_act(c->db, id, action, &o)))
		return fail_case(rc, &o);
	/* The verb names the event: post-accept, post-reject, … */
	cli_hook_queue(c, c->verb->name, id);
	out_id(id);
	return EXIT_OK;
}

static int cmd_case_accept(struct cli *c, int argc, char **argv) { return run_case(c, argc, argv, GRID_CASE_ACCEPT); }
static int cmd_case_reject(struct cli *c, int argc, char **argv) { return run_case(c, argc, argv, GRID_CASE_REJECT); }
static int cmd_case_assign(struct cli *c, int argc, char **argv) { return run_case(c, argc, argv, GRID_CASE_ASSIGN); }
static int cmd_case_escalate(struct cli *c, int argc, char **argv) { return run_case(c, argc, argv, GRID_CASE_ESCALATE); }
static int cmd_case_resolve(struct cli *c, int argc, char **argv) { return run_case(c, argc, argv, GRID_CASE_RESOLVE); }
static int cmd_case_close(struct cli *c, int argc, char **argv) { return run_case(c, argc, argv, GRID_CASE_CLOSE); }
static int cmd_case_reopen(struct cli *c, int argc, char **argv) { return run_case(c, argc, argv, GRID_CASE_REOPEN); }

/* ---- case sweep ------------------------------------------------------------ */

static const struct out_col sweep_cols[] = {
	{ "id", N_("ID"), OUT_INT },
	{ "from_unit", N_("FROM UNIT"), OUT_STR },
	{ "to_unit", N_("TO UNIT"), OUT_STR },
	{ "due_at", N_("DUE AT"), OUT_TIME },
	{ "swept_at", N_("SWEPT AT"), OUT_TIME },
};

struct sweep_ctx {
	struct cli *c;
	struct out *o;
	long long escalated;
	int dry;         /* --dry-run: nothing written, no hook */
};

static int sweep_row(void *ctx, const grid_sweep_row *r)
{
	struct sweep_ctx *s = ctx;
	struct out_val v[5];

	if (r->later_event) {
		char when[40];

		out_text_cell(&sweep_cols[3], &(struct out_val){ .i = r->later_event }, when, sizeof(when));
		cli_warn(s->c, _("case %lld has an event at %s, later than now: not escalated"), (long long)r->id, when);
		return 0;
	}
	if (!r->to_unit) {
		cli_warn(s->c, _("case %lld is past due at unit '%s', the top of the tree: not escalated"),
			(long long)r->id, r->from_unit);
		return 0;
	}
	v[0] = out_int(r->id);
	v[1] = out_str(r->from_unit);
	v[2] = out_str(r->to_unit);
	v[3] = out_time(r->due_at, 1);
	v[4] = out_time(s->c->now, 1);
	out_row(s->o, v);
	s->escalated++;
	if (!s->dry)
		cli_hook_queue(s->c, "sweep", r->id);
	return 0;
}

/* The end of a sweep that returned RC.  A sweep that escalated nothing
 * prints nothing on standard output (a JSON array stays a document), so
 * that a cron job's log grows only when something happened; without -q
 * standard error says so, with the time of the run. */
static int sweep_done(struct sweep_ctx *s, int rc)
{
	char when[40];

	if (rc || s->escalated || s->c->format == FMT_JSON)
		return out_finish(s->o, rc);
	out_discard(s->o);
	if (!s->c->quiet) {
		grid_time_format(when, sizeof(when), s->c->now);
		fprintf(stderr, _("grid: %s: no case past its due time\n"), when);
	}
	return EXIT_OK;
}

static int cmd_case_sweep(struct cli *c, int argc, char **argv)
{
	enum { O_DRY = 1 };
	static const struct cli_opt opts[] = {
		{ "dry-run", 'n', ARG_NONE, O_DRY },
		{ NULL, 0, ARG_NONE, 0 },
	};
	struct sweep_ctx s;
	struct cli_args it;
	const char *arg;
	int opt, rc, dry = 0;

	cli_args_init(&it, c, argc, argv, opts);
	while ((opt = cli_next(&it, &arg)) > 0)
		if (opt == O_DRY)
			dry = 1;
	if ((rc = cli_args_done(&it, opt)) >= 0)
		return rc;
	if ((rc = cli_setup(c)) || (rc = cli_want_positional(&it, 0, "")))
		return rc;
	s.c = c;
	s.escalated = 0;
	s.dry = dry;
	if (!(s.o = out_begin(c, sweep_cols, sizeof(sweep_cols) / sizeof(sweep_cols[0]))))
		return out_end(s.o);
	return sweep_done(&s, grid_case_sweep(c->db, dry, sweep_row, &s));
}

const struct cli_verb cli_case_verbs[] = {
	{ "accept", cmd_case_accept, CLI_NEED_DB, "grid case accept ID [--category C] [--note TEXT]", N_("reported -> accepted; sets the due time.") },
	{ "reject", cmd_case_reject, CLI_NEED_DB, "grid case reject ID --note TEXT [--duplicate-of ID]", N_("reported -> rejected.") },
	{ "assign", cmd_case_assign, CLI_NEED_DB, "grid case assign ID --to PERSON|DEPT | --to-person ID | --to-dept CODE [--note TEXT]", N_("accepted/assigned -> assigned.") },
	{ "escalate", cmd_case_escalate, CLI_NEED_DB, "grid case escalate ID [--note TEXT]", N_("Move the handling unit to its parent.") },
	{ "resolve", cmd_case_resolve, CLI_NEED_DB, "grid case resolve ID [--note TEXT]", N_("assigned -> resolved.") },
	{ "close", cmd_case_close, CLI_NEED_DB, "grid case close ID [--note TEXT]", N_("resolved -> closed.") },
	{ "reopen", cmd_case_reopen, CLI_NEED_DB, "grid case reopen ID --note TEXT", N_("resolved -> assigned (rework).") },
	{ "sweep", cmd_case_sweep, CLI_NEED_DB | CLI_FORMATS, "grid case sweep [--dry-run] [--format FMT]", N_("Escalate every open case past its due time.") },
	{ NULL, NULL, 0, NULL, NULL },
};
