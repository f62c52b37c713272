/* grid issue: report, list, show and import issues. */
#include <string.h>

#include "cli.h"
#include "words.h"

/* The issue keys of grid-issue(1), in order: every format but text. */
static const struct out_col issue_cols[] = {
	{ "id", N_("ID"), OUT_INT },
	{ "ref", N_("REF"), OUT_STR },
	{ "unit", N_("UNIT"), OUT_STR },
	{ "handling_unit", N_("HANDLING UNIT"), OUT_STR },
	{ "category", N_("CATEGORY"), OUT_STR },
	{ "title", N_("TITLE"), OUT_STR },
	{ "status", N_("STATUS"), OUT_STR },
	{ "reported_by", N_("REPORTED BY"), OUT_STR },
	{ "reported_at", N_("REPORTED AT"), OUT_TIME },
	{ "accepted_at", N_("ACCEPTED AT"), OUT_TIME },
	{ "due_at", N_("DUE AT"), OUT_TIME },
	{ "resolved_at", N_("RESOLVED AT"), OUT_TIME },
	{ "closed_at", N_("CLOSED AT"), OUT_TIME },
	{ "handler", N_("HANDLER"), OUT_STR },
	{ "lat", N_("LAT"), OUT_REAL },
	{ "long", N_("LONG"), OUT_REAL },
};
#define NISSUE (sizeof(issue_cols) / sizeof(issue_cols[0]))

/* The text table shows the columns that fit a terminal, title last. */
static const int text_pick[] = { 0, 6, 2, 3, 4, 8, 10, 13, 5 };
#define NTEXT (sizeof(text_pick) / sizeof(text_pick[0]))

static void issue_values(const grid_issue *is, struct out_val v[NISSUE])
{
	v[0] = out_int(is->id);
	v[1] = out_str(is->ref);
	v[2] = out_str(is->unit);
	v[3] = out_str(is->handling_unit);
	v[4] = out_str(is->category);
	v[5] = out_str(is->title);
	v[6] = out_str(is->status);
	v[7] = out_str(is->reported_by);
	v[8] = out_time(is->reported_at, is->reported_at != 0);
	v[9] = out_time(is->accepted_at, is->accepted_at != 0);
	v[10] = out_time(is->due_at, is->due_at != 0);
	v[11] = out_time(is->resolved_at, is->resolved_at != 0);
	v[12] = out_time(is->closed_at, is->closed_at != 0);
	v[13] = out_str(is->handler);
	v[14] = is->has_position ? out_real(is->lat) : out_null();
	v[15] = is->has_position ? out_real(is->lon) : out_null();
}

struct list_ctx {
	struct out *o;
	int text;
};

static int print_issue(void *ctx, const grid_issue *is)
{
	struct list_ctx *l = ctx;
	struct out_val v[NISSUE], t[NTEXT];
	size_t i;

	issue_values(is, v);
	if (!l->text) {
		out_row(l->o, v);
		return 0;
	}
	v[6] = out_str(cli_word("status", is->status));
	for (i = 0; i < NTEXT; i++)
		t[i] = v[text_pick[i]];
	out_row(l->o, t);
	return 0;
}

static int stop_at_first(void *ctx, const grid_issue *is)
{
	(void)ctx;
	(void)is;
	return 1;
}

struct accepted_ctx {
	int64_t now;
	int yes;
};

static int accepted_now(void *ctx, const grid_issue *is)
{
	struct accepted_ctx *a = ctx;

	a->yes = is->accepted_at == a->now;
	return 0;
}

/* The hooks of `issue add` (grid-hooks(5)): post-add for a new issue and
 * post-accept when --accept accepted it.  An existing --ref's issue was
 * reported before, and accepted by this command only if still reported
 * then: its accept is stamped with this command's now. */
static void queue_add_hooks(struct cli *c, int64_t id, int created, int accept)
{
	struct accepted_ctx a = { c->now, 0 };

	if (created)
		cli_hook_queue(c, "add", id);
	if (accept && (created || (grid_issue_get(c->db, id, accepted_now, &a) == 0 && a.yes)))
		cli_hook_queue(c, "accept", id);
}

static int cmd_issue_add(struct cli *c, int argc, char **argv)
{
	enum { O_UNIT = 1, O_CATEGORY, O_TITLE, O_DETAIL, O_LOCATION, O_BY, O_AT, O_REF, O_ACCEPT, O_LAT, O_LONG };
	static const struct cli_opt opts[] = {
		{ "unit", 0, ARG_REQUIRED, O_UNIT },
		{ "category", 0, ARG_REQUIRED, O_CATEGORY },
		{ "title", 0, ARG_REQUIRED, O_TITLE },
		{ "detail", 0, ARG_REQUIRED, O_DETAIL },
		{ "location", 0, ARG_REQUIRED, O_LOCATION },
		{ "reported-by", 0, ARG_REQUIRED, O_BY },
		{ "at", 0, ARG_REQUIRED, O_AT },
		{ "ref", 0, ARG_REQUIRED, O_REF },
		{ "accept", 0, ARG_NONE, O_ACCEPT },
		{ "lat", 0, ARG_REQUIRED, O_LAT },
		{ "long", 0, ARG_REQUIRED, O_LONG },
		{ NULL, 0, ARG_NONE, 0 },
	};
	grid_issue_new n = GRID_ISSUE_NEW_INIT;
	struct cli_args it;
	const char *arg, *at = NULL, *lat = NULL, *lon = NULL;
	int64_t id;
	int opt, rc, created = 0;

	cli_args_init(&it, c, argc, argv, opts);
	while ((opt = cli_next(&it, &arg)) > 0) {
		switch (opt) {
		case O_UNIT: n.unit = arg; break;
		case O_CATEGORY: n.category = arg; break;
		case O_TITLE: n.title = arg; break;
		case O_DETAIL: n.detail = arg; break;
		case O_LOCATION: n.location = arg; break;
		case O_BY: n.reported_by = arg; break;
		case O_AT: at = arg; break;
		case O_REF: n.ref = arg; break;
		case O_ACCEPT: n.accept = 1; break;
		case O_LAT: lat = arg; break;
		case O_LONG: lon = arg; break;
		}
	}
	if (opt == CLI_END) {
		/* A position is both or nothing. */
		if (!lat != !lon)
			return cli_usage_error(c, "%s", lat ? _("--lat needs --long") : _("--long needs --lat"));
		if (!n.unit)
			return cli_usage_error(c, _("missing --unit"));
		if (!n.category)
			return cli_usage_error(c, _("missing --category"));
		if (!n.title)
			return cli_usage_error(c, _("missing --title"));
	}
	if ((rc = cli_args_done(&it, opt)) >= 0)
		return rc;
	if ((rc = cli_setup(c)) || (rc = cli_want_positional(&it, 0, "")) ||
		(at && (rc = cli_parse_time(c, "at", at, &n.at))) ||
		(lat && (rc = cli_parse_real(c, "lat", lat, &n.lat))) ||
		(lon && (rc = cli_parse_real(c, "long", lon, &n.lon))))
		return rc;
	n.has_position = lat != NULL;
	if ((rc = grid_issue_add(&id, &created, c->db, &n)))
		return cli_fail(rc);
	queue_add_hooks(c, id, created, n.accept);
	out_id(id);
	return EXIT_OK;
}

/* ---- issue list ------------------------------------------------------------ */

/* Read the options of `issue list` into F and set up.  Returns -1 to go
 * on, or the exit status. */
static int read_list_args(struct cli *c, int argc, char **argv, grid_issue_filter *f)
{
	enum { O_UNIT = 1, O_STATUS, O_CATEGORY, O_SINCE, O_UNTIL, O_OVERDUE, O_HANDLER, O_LIMIT };
	static const struct cli_opt opts[] = {
		{ "unit", 0, ARG_REQUIRED, O_UNIT },
		{ "status", 0, ARG_REQUIRED, O_STATUS },
		{ "category", 0, ARG_REQUIRED, O_CATEGORY },
		{ "since", 0, ARG_REQUIRED, O_SINCE },
		{ "until", 0, ARG_REQUIRED, O_UNTIL },
		{ "overdue", 0, ARG_NONE, O_OVERDUE },
		{ "handler", 0, ARG_REQUIRED, O_HANDLER },
		{ "limit", 0, ARG_REQUIRED, O_LIMIT },
		{ NULL, 0, ARG_NONE, 0 },
	};
	struct cli_args it;
	const char *arg, *since = NULL, *until = NULL, *limit = NULL;
	int opt, rc;

	cli_args_init(&it, c, argc, argv, opts);
	while ((opt = cli_next(&it, &arg)) > 0) {
		switch (opt) {
		case O_UNIT: f->unit = arg; break;
		case O_STATUS: f->status = arg; break;
		case O_CATEGORY: f->category = arg; break;
		case O_SINCE: since = arg; break;
		case O_UNTIL: until = arg; break;
		case O_OVERDUE: f->overdue = 1; break;
		case O_HANDLER: f->handler = arg; break;
		case O_LIMIT: limit = arg; break;
		}
	}
	if ((rc = cli_args_done(&it, opt)) >= 0)
		return rc;
	if ((rc = cli_setup(c)) || (rc = cli_want_positional(&it, 0, "")) ||
		(since && (rc = cli_parse_time(c, "since", since, &f->since))) ||
		(until && (rc = cli_parse_time(c, "until", until, &f->until))) ||
		(limit && (rc = cli_parse_int(c, "limit", limit, 1, 1000000000, &f->limit))))
		return rc;
	return -1;
}

static int cmd_issue_list(struct cli *c, int argc, char **argv)
{
	grid_issue_filter f = GRID_ISSUE_FILTER_INIT;
	struct out_col text_cols[NTEXT];
	struct list_ctx l;
	size_t i;
	int rc;

	if ((rc = read_list_args(c, argc, argv, &f)) >= 0)
		return rc;
	l.text = c->format == FMT_TEXT;
	for (i = 0; i < NTEXT; i++)
		text_cols[i] = issue_cols[text_pick[i]];
	/* Check the filters before the table starts, so an error prints no header. */
	if (f.status || f.unit || f.category || f.handler) {
		grid_issue_filter probe = f;

		probe.limit = 1;
		if ((rc = grid_issue_list(c->db, &probe, stop_at_first, NULL)) < 0)
			return cli_fail(rc);
	}
	l.o = l.text ? out_begin(c, text_cols, NTEXT) : out_begin(c, issue_cols, NISSUE);
	if (!l.o)
		return out_end(l.o);
	return out_finish(l.o, grid_issue_list(c->db, &f, print_issue, &l));
}

/* ---- issue show ------------------------------------------------------------ */

/* The history as JSON, CSV and TSV hold it: the person each event was
 * done as (actor) and the login that recorded it (recorded_by), the
 * latter last, so that the columns before it keep their places. */
static const struct out_col history_cols[] = {
	{ "at", N_("AT"), OUT_TIME },
	{ "actor", N_("ACTOR"), OUT_STR },
	{ "action", N_("ACTION"), OUT_STR },
	{ "from", N_("FROM"), OUT_STR },
	{ "to", N_("TO"), OUT_STR },
	{ "handling_unit", N_("HANDLING UNIT"), OUT_STR },
	{ "due_at", N_("DUE AT"), OUT_TIME },
	{ "note", N_("NOTE"), OUT_STR },
	{ "recorded_by", N_("RECORDED BY"), OUT_STR },
};
#define NHIST (sizeof(history_cols) / sizeof(history_cols[0]))
/* Text shows all but recorded_by, which the actor's cell names when the
 * event was entered for the actor by another (actor_text). */
#define NHIST_TEXT (NHIST - 1)

struct show_ctx {
	struct cli *c;
	json_t *doc, *history;
	struct out *o;
	int json;      /* build the JSON document, whatever the format */
	int failed;
};

static void event_values(const grid_event *ev, struct out_val v[NHIST])
{
	v[0] = out_time(ev->at, 1);
	v[1] = out_str(ev->actor);
	v[2] = out_str(ev->action);
	v[3] = out_str(ev->from);
	v[4] = out_str(ev->to);
	v[5] = out_str(ev->handling_unit);
	v[6] = out_time(ev->due_at, ev->due_at != 0);
	v[7] = out_str(ev->note);
	v[8] = out_str(ev->recorded_by);
}

/* "P038 (entered by zhang)" when the event says it was entered on the
 * actor's behalf (decided as it was written, so a login renamed in the
 * roster since changes nothing); the actor alone otherwise, and for the
 * events written before the history kept the login (recorded_by unknown). */
static const char *actor_text(const grid_event *ev, char *buf, size_t size)
{
	if (!ev->recorded_by || ev->on_behalf != 1)
		return ev->actor;
	snprintf(buf, size, _("%s (entered by %s)"), ev->actor ? ev->actor : "", ev->recorded_by);
	return buf;
}

static int show_event(void *ctx, const grid_event *ev)
{
	struct show_ctx *s = ctx;
	struct out_val v[NHIST];
	char actor[512];

	event_values(ev, v);
	if (s->history) {
		json_t *row = out_json_row(history_cols, NHIST, v);

		if (!row || json_array_append_new(s->history, row))
			s->failed = 1;
	} else if (s->c->format == FMT_TEXT) {
		v[1] = out_str(actor_text(ev, actor, sizeof(actor)));
		v[2] = out_str(cli_word("action", ev->action));
		v[3] = out_str(cli_word("status", ev->from));
		v[4] = out_str(cli_word("status", ev->to));
		out_row(s->o, v);
	} else {
		out_row(s->o, v);
	}
	return 0;
}

static int show_issue(void *ctx, const grid_issue *is)
{
	struct show_ctx *s = ctx;
	struct out_val v[NISSUE];
	char buf[4096];
	size_t i;

	issue_values(is, v);
	if (s->json) {
		/* Beyond the keys every issue has: why a rejected issue was rejected, and rework. */
		if (!(s->doc = out_json_row(issue_cols, NISSUE, v)) ||
		    json_object_set_new(s->doc, "duplicate_of",
			    is->duplicate_of ? json_integer((json_int_t)is->duplicate_of) : json_null()) ||
		    json_object_set_new(s->doc, "reopened", json_integer(is->reopened)))
			s->failed = 1;
		return 0;
	}
	v[6] = out_str(cli_word("status", is->status));
	for (i = 0; i < NISSUE; i++)
		out_kv(_(issue_cols[i].title), out_text_cell(&issue_cols[i], &v[i], buf, sizeof(buf)));
	if (is->detail)
		out_kv(_("DETAIL"), is->detail);
	if (is->location)
		out_kv(_("LOCATION"), is->location);
	if (is->duplicate_of) {
		snprintf(buf, sizeof(buf), "%lld", (long long)is->duplicate_of);
		out_kv(_("DUPLICATE OF"), buf);
	}
	if (is->reopened) {
		snprintf(buf, sizeof(buf), "%d", is->reopened);
		out_kv(_("REOPENED"), buf);
	}
	return 0;
}

/* The history of issue ID as a table (text, csv, tsv). */
static int print_history_table(struct cli *c, struct show_ctx *s, int64_t id)
{
	if (!(s->o = out_begin(c, history_cols, c->format == FMT_TEXT ? NHIST_TEXT : NHIST)))
		return out_end(s->o);
	return out_finish(s->o, grid_issue_history(c->db, id, show_event, s));
}

int cli_issue_json(struct cli *c, int64_t id, json_t **doc)
{
	struct show_ctx s;
	int rc;

	memset(&s, 0, sizeof(s));
	s.c = c;
	s.json = 1;
	*doc = NULL;
	if ((rc = grid_issue_get(c->db, id, show_issue, &s))) {
		json_decref(s.doc);
		return cli_fail(rc);
	}
	if (!s.failed && s.doc && (s.history = json_array()) &&
		!json_object_set_new(s.doc, "history", s.history)) {
		if ((rc = grid_issue_history(c->db, id, show_event, &s))) {
			json_decref(s.doc);
			return cli_fail(rc);
		}
		if (!s.failed) {
			*doc = s.doc;
			return 0;
		}
	}
	json_decref(s.doc);
	cli_error("%s", _("out of memory"));
	return EXIT_FAIL;
}

static int cmd_issue_show(struct cli *c, int argc, char **argv)
{
	struct show_ctx s;
	struct cli_args it;
	int64_t id;
	int rc;

	if ((rc = cli_args_none(&it, c, argc, argv)) >= 0)
		return rc;
	if ((rc = cli_setup(c)) || (rc = cli_want_positional(&it, 1, "ID")) ||
		(rc = cli_parse_issue_id(c, "ID", it.pos[0], &id)))
		return rc;
	if (c->format == FMT_JSON) {
		json_t *doc;

		return (rc = cli_issue_json(c, id, &doc)) ? rc : out_json_dump(doc);
	}
	memset(&s, 0, sizeof(s));
	s.c = c;
	if (out_flat(c)) {
		/* Flat formats hold one table: the history, as text shows it under
		 * the issue (`issue list` has the issue's own columns). */
		if ((rc = grid_issue_get(c->db, id, stop_at_first, NULL)) < 0)
			return cli_fail(rc);
		return print_history_table(c, &s, id);
	}
	if ((rc = grid_issue_get(c->db, id, show_issue, &s)))
		return cli_fail(rc);
	printf("\n");
	return print_history_table(c, &s, id);
}

/* ---- issue import ---------------------------------------------------------- */

static void print_import_error(void *ctx, const char *msg)
{
	(void)ctx;
	cli_error("%s", msg);
}

static int cmd_issue_import(struct cli *c, int argc, char **argv)
{
	enum { O_DRY = 1 };
	static const struct cli_opt opts[] = {
		{ "dry-run", 'n', ARG_NONE, O_DRY },
		{ NULL, 0, ARG_NONE, 0 },
	};
	grid_ledger_opts o = GRID_LEDGER_OPTS_INIT;
	grid_ledger_result res;
	struct cli_args it;
	const char *arg;
	FILE *f;
	int opt, rc;

	cli_args_init(&it, c, argc, argv, opts);
	while ((opt = cli_next(&it, &arg)) > 0)
		if (opt == O_DRY)
			o.dry_run = 1;
	if ((rc = cli_args_done(&it, opt)) >= 0)
		return rc;
	if ((rc = cli_setup(c)) || (rc = cli_want_positional(&it, 1, "FILE")) ||
		(rc = cli_open_csv(it.pos[0], EXIT_NOTFOUND, &f)))
		return rc;
	o.name = it.pos[0];
	o.on_error = print_import_error;
	rc = grid_issue_import(c->db, f, &o, &res);
	cli_close_input(f);
	if (rc)
		return cli_fail(rc);
	if (!c->quiet)
		printf(_("issues: %lld added, %lld unchanged\n"), res.added, res.unchanged);
	if (o.dry_run && !c->quiet)
		fprintf(stderr, "%s\n", _("grid: dry run: nothing was written"));
	return EXIT_OK;
}

/* ---- issue export ---------------------------------------------------------- */

static int cmd_issue_export(struct cli *c, int argc, char **argv)
{
	enum { O_UNIT = 1, O_SINCE, O_UNTIL };
	static const struct cli_opt opts[] = {
		{ "unit", 0, ARG_REQUIRED, O_UNIT },
		{ "since", 0, ARG_REQUIRED, O_SINCE },
		{ "until", 0, ARG_REQUIRED, O_UNTIL },
		{ NULL, 0, ARG_NONE, 0 },
	};
	grid_issue_filter f = GRID_ISSUE_FILTER_INIT;
	struct cli_args it;
	const char *arg, *since = NULL, *until = NULL;
	int opt, rc;

	cli_args_init(&it, c, argc, argv, opts);
	while ((opt = cli_next(&it, &arg)) > 0) {
		switch (opt) {
		case O_UNIT: f.unit = arg; break;
		case O_SINCE: since = arg; break;
		case O_UNTIL: until = arg; break;
		}
	}
	if ((rc = cli_args_done(&it, opt)) >= 0)
		return rc;
	if ((rc = cli_setup(c)) || (rc = cli_want_positional(&it, 0, "")) ||
		(since && (rc = cli_parse_time(c, "since", since, &f.since))) ||
		(until && (rc = cli_parse_time(c, "until", until, &f.until))))
		return rc;
	if ((rc = grid_issue_export(c->db, &f, stdout)))
		return cli_fail(rc);
	return EXIT_OK;
}

const struct cli_verb cli_issue_verbs[] = {
	{ "add", cmd_issue_add, CLI_NEED_DB, "grid issue add --unit CODE --category CODE --title TEXT [--detail TEXT] [--location TEXT] [--lat DEG --long DEG] [--reported-by ID] [--at TIME] [--ref REF] [--accept]", N_("Report an issue; prints its id.") },
	{ "list", cmd_issue_list, CLI_NEED_DB | CLI_FORMATS, "grid issue list [--unit CODE] [--status S[,S]] [--category C] [--since T] [--until T] [--overdue] [--handler ID] [--limit N] [--format FMT]", N_("List issues, newest reported first.") },
	{ "show", cmd_issue_show, CLI_NEED_DB | CLI_FORMATS, "grid issue show ID [--format FMT]", N_("Show an issue and its history.") },
	{ "import", cmd_issue_import, CLI_NEED_DB, "grid issue import FILE.csv|- [--dry-run]", N_("Load a ledger of issues from CSV, all or nothing.") },
	{ "export", cmd_issue_export, CLI_NEED_DB, "grid issue export [--unit CODE] [--since T] [--until T]", N_("Write the cases with their whole histories as JSON Lines, for import.") },
	{ NULL, NULL, 0, NULL, NULL },
};
