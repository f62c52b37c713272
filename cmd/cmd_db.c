/* grid db copy: a whole database into another, SQLite or PostgreSQL
 * either way (grid-db(1)). */
#include "cli.h"
#include "words.h"

static int print_counts_json(const grid_copy_result *res)
{
	json_t *tables = json_object(), *doc;

	for (int i = 0; i < GRID_COPY_TABLE_COUNT; i++)
		json_object_set_new(tables, grid_copy_table_name(i),
			json_pack("{sI sI}", "copied", (json_int_t)res->tables[i].copied, "present",
				(json_int_t)res->tables[i].present));
	doc = json_pack("{so sb}", "tables", tables, "same_ids", res->same_ids);
	if (!doc) {
		cli_error("%s", _("out of memory"));
		return EXIT_FAIL;
	}
	return out_json_dump(doc);
}

/* One line a table: a table in CSV or TSV, else text (not with -q). */
static void print_counts(const struct cli *c, const grid_copy_result *res)
{
	int delim = c->format == FMT_CSV || c->format == FMT_TSV;
	const char *sep = c->format == FMT_CSV ? "," : "\t";

	if (!delim && c->quiet)
		return;
	if (delim)
		printf("table%scopied%spresent\n", sep, sep);
	for (int i = 0; i < GRID_COPY_TABLE_COUNT; i++) {
		const grid_copy_counts *n = &res->tables[i];

		if (delim)
			printf("%s%s%lld%s%lld\n", grid_copy_table_name(i), sep, (long long)n->copied, sep,
				(long long)n->present);
		else
			printf(_("%-14s %8lld copied %8lld already there\n"), cli_word("table", grid_copy_table_name(i)),
				(long long)n->copied, (long long)n->present);
	}
	if (!delim)
		printf("%s\n", res->same_ids ? _("ids, seqs, hashes and the history's head as in the source")
					     : _("new ids in the dest; the history chained again there"));
}

static int cmd_db_copy(struct cli *c, int argc, char **argv)
{
	grid_copy_result res;
	struct cli_args it;
	int rc;

	if ((rc = cli_args_none(&it, c, argc, argv)) >= 0)
		return rc;
	if ((rc = cli_setup(c)) || (rc = cli_want_positional(&it, 2, "SOURCE DEST")))
		return rc;
	if ((rc = grid_db_copy(it.pos[0], it.pos[1], &res)))
		return cli_fail(rc);
	if (c->format == FMT_JSON)
		return print_counts_json(&res);
	print_counts(c, &res);
	return EXIT_OK;
}

const struct cli_verb cli_db_verbs[] = {
	{ "copy", cmd_db_copy, CLI_FORMATS | CLI_NO_SHEETS, "grid db copy SOURCE DEST [--format FMT]",
	  N_("Copy a whole database, roster, cases with their history, visits and diaries, into another: SQLite or "
	     "PostgreSQL, either way.") },
	{ NULL, NULL, 0, NULL, NULL },
};
