/* grid import: load a roster from YAML, with progress on a terminal. */
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "words.h"

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

static int print_counts_json(const grid_import_result *res)
{
	json_t *doc = json_object();
	int i;

	for (i = 0; i < GRID_SECTION_COUNT; i++) {
		const grid_import_counts *n = &res->sections[i];

		if (!n->present)
			continue;
		json_object_set_new(doc, grid_section_name(i),
			json_pack("{sI sI sI sI}", "added", (json_int_t)n->added, "updated", (json_int_t)n->updated,
				"unchanged", (json_int_t)n->unchanged, "removed", (json_int_t)n->removed));
	}
	return out_json_dump(doc);
}

/* The counts of each section present: a table in CSV or TSV, else lines. */
static void print_counts(const struct cli *c, const grid_import_result *res)
{
	int delim = c->format == FMT_CSV || c->format == FMT_TSV;
	const char *sep = c->format == FMT_CSV ? "," : "\t";
	int i;

	if (delim)
		printf("section%sadded%supdated%sunchanged%sremoved\n", sep, sep, sep, sep);
	for (i = 0; i < GRID_SECTION_COUNT; i++) {
		const grid_import_counts *n = &res->sections[i];

		if (!n->present)
			continue;
		if (delim)
			printf("%s%s%lld%s%lld%s%lld%s%lld\n", grid_section_name(i), sep, (long long)n->added, sep,
				(long long)n->updated, sep, (long long)n->unchanged, sep, (long long)n->removed);
		else
			printf(_("%-12s %5lld added %5lld updated %5lld unchanged %5lld removed\n"),
				cli_word("table", grid_section_name(i)),
				(long long)n->added, (long long)n->updated, (long long)n->unchanged, (long long)n->removed);
	}
}

/* Import PATH with IO; returns 0, or the exit status with the errors
 * printed. */
static int import_file(struct cli *c, const char *path, grid_import_opts *io, grid_import_result *res)
{
	struct import_ui ui = { c, 0, 0, -1 };
	struct stat sb;
	int rc;

	if (strcmp(path, "-") != 0 && stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		cli_error(_("'%s' is a folder, not a YAML file"), path);
		return EXIT_INPUT;
	}
	io->report = import_report;
	io->progress = c->progress && !c->quiet ? import_progress : NULL;
	io->ctx = &ui;
	rc = grid_roster_import(c->db, path, io, res);
	if (ui.drawn)
		fputs("\r\033[K", stderr);
	if (rc == GRID_EINPUT && ui.problems)
		return EXIT_INPUT;
	return rc ? cli_fail(rc) : 0;
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
	struct cli_args it;
	const char *arg;
	int id, rc;

	cli_args_init(&it, c, argc, argv, opts);
	while ((id = cli_next(&it, &arg)) > 0) {
		if (id == OPT_DRY_RUN)
			io.dry_run = 1;
		else if (id == OPT_PRUNE)
			io.prune = 1;
	}
	if ((rc = cli_args_done(&it, id)) >= 0)
		return rc;
	if ((rc = cli_setup(c)) || (rc = cli_want_positional(&it, 1, "FILE")) ||
		(rc = import_file(c, it.pos[0], &io, &res)))
		return rc;
	if (c->format == FMT_JSON)
		return print_counts_json(&res);
	if (c->format != FMT_TEXT || !c->quiet)
		print_counts(c, &res);
	if (io.dry_run && !c->quiet)
		cli_error("%s", _("dry run: nothing was written"));
	return EXIT_OK;
}

const struct cli_verb cli_import_verbs[] = {
	{ NULL, cmd_import, CLI_NEED_DB | CLI_FORMATS | CLI_NO_SHEETS, "grid import FILE|- [--dry-run] [--prune] [--format FMT]",
	  N_("Load levels, categories, departments, units, people, assignments and settings from YAML.") },
	{ NULL, NULL, 0, NULL, NULL },
};
