/* grid verify: check the history's hash chains and head (grid-verify(1)). */
#include "cli.h"

struct verify_out {
	struct cli *c;
	json_t *problems; /* --format json: the problems, else NULL (lines) */
	int failed;
};

static const char *const fault_names[] = {
	[GRID_HISTORY_CHANGED] = "changed",
	[GRID_HISTORY_MISSING] = "missing",
	[GRID_HISTORY_INSERTED] = "inserted",
	[GRID_HISTORY_HEAD] = "head",
};

static void print_problem(const grid_history_problem *p)
{
	long long issue = (long long)p->issue_id, event = (long long)p->event_id;

	switch (p->fault) {
	case GRID_HISTORY_CHANGED:
		printf(_("issue %lld: event %lld was changed\n"), issue, event);
		break;
	case GRID_HISTORY_MISSING:
		printf(_("issue %lld: an event before %lld is missing\n"), issue, event);
		break;
	case GRID_HISTORY_INSERTED:
		printf(_("issue %lld: event %lld was inserted\n"), issue, event);
		break;
	case GRID_HISTORY_HEAD:
		if (p->head_missing)
			printf(_("history: the head over the %lld events is missing: it was deleted\n"),
				(long long)p->found_events);
		else if (p->head_events != p->found_events)
			printf(_("history: the head counts %lld events, %lld found: events were deleted or inserted\n"),
				(long long)p->head_events, (long long)p->found_events);
		else
			printf(_("history: the head does not match the %lld events: events were rewritten\n"),
				(long long)p->found_events);
		break;
	}
}

static json_t *problem_json(const grid_history_problem *p)
{
	if (p->fault == GRID_HISTORY_HEAD && p->head_missing)
		return json_pack("{s:s, s:n, s:I}", "fault", fault_names[p->fault], "head_events", "found_events",
			(json_int_t)p->found_events);
	if (p->fault == GRID_HISTORY_HEAD)
		return json_pack("{s:s, s:I, s:I}", "fault", fault_names[p->fault], "head_events",
			(json_int_t)p->head_events, "found_events", (json_int_t)p->found_events);
	return json_pack("{s:s, s:I, s:I}", "fault", fault_names[p->fault], "issue", (json_int_t)p->issue_id,
		"event", (json_int_t)p->event_id);
}

static int on_problem(void *ctx, const grid_history_problem *p)
{
	struct verify_out *v = ctx;

	if (!v->problems)
		print_problem(p);
	else if (json_array_append_new(v->problems, problem_json(p)))
		v->failed = 1;
	return 0;
}

static int intact(const grid_history_summary *sum)
{
	return sum->broken_issues == 0 && sum->head_ok;
}

static int print_json(struct verify_out *v, const grid_history_summary *sum)
{
	json_t *doc = json_pack("{s:I, s:I, s:b, s:o}", "events", (json_int_t)sum->events, "issues",
		(json_int_t)sum->issues, "intact", intact(sum), "problems", v->problems);

	if (!doc || v->failed) {
		json_decref(doc);
		cli_error("%s", _("out of memory"));
		return EXIT_FAIL;
	}
	return out_json_dump(doc);
}

static int cmd_verify(struct cli *c, int argc, char **argv)
{
	struct verify_out v = { c, NULL, 0 };
	grid_history_summary sum;
	struct cli_args it;
	int rc;

	if ((rc = cli_args_none(&it, c, argc, argv)) >= 0)
		return rc;
	if ((rc = cli_setup(c)) || (rc = cli_want_positional(&it, 0, "")))
		return rc;
	if (c->format == FMT_JSON && !(v.problems = json_array())) {
		cli_error("%s", _("out of memory"));
		return EXIT_FAIL;
	}
	if ((rc = grid_history_verify(c->db, on_problem, &v, &sum))) {
		json_decref(v.problems);
		return cli_fail(rc);
	}
	if (c->format == FMT_JSON) {
		if ((rc = print_json(&v, &sum)))
			return rc;
	} else if (intact(&sum) && !c->quiet) {
		printf(_("history: %lld events in %lld issues, all chains intact\n"), (long long)sum.events,
			(long long)sum.issues);
	}
	return intact(&sum) ? EXIT_OK : EXIT_FAIL;
}

const struct cli_verb cli_verify_verbs[] = {
	{ NULL, cmd_verify, CLI_NEED_DB | CLI_DOCUMENT_FORMATS, "grid verify [--format FMT]",
	  N_("Check that the history is as grid wrote it: every issue's hash chain and the head over them all.") },
	{ NULL, NULL, 0, NULL, NULL },
};
