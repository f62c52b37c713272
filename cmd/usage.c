/* The --help texts of the three levels: `grid --help` (the nouns),
 * `grid NOUN --help` (its verbs) and `grid NOUN VERB --help` (its usage),
 * all read from the command table. */
#include <string.h>

#include "cli.h"

void cli_print_overview(FILE *f)
{
	const struct cli_noun *n;

	fprintf(f, "%s: grid [--db NAME] [--as ID] [--now TIME] [-q] [--no-hooks] COMMAND [ARGS]\n", _("usage"));
	fprintf(f, "       grid --help | --version\n\n%s\n", _("Grid-based community management (网格化管理)."));
	fprintf(f, "\n%s\n", _("Commands:"));
	for (n = cli_nouns; n->name; n++)
		fprintf(f, "  %-11s %s\n", n->name, _(n->summary));
	fprintf(f, "\n%s\n", _("Run 'grid COMMAND --help' for a command's options, 'grid help COMMAND' for its manual."));
}

void cli_print_noun_usage(const struct cli_noun *n, FILE *f)
{
	const struct cli_verb *v;
	int width = 0;

	for (v = n->verbs; v->name; v++)
		if ((int)strlen(v->name) > width)
			width = (int)strlen(v->name);
	fprintf(f, "%s: grid %s VERB [OPTIONS]\n\n%s\n", _("usage"), n->name, _("Verbs:"));
	for (v = n->verbs; v->name; v++)
		fprintf(f, "  %-*s  %s\n", width, v->name, _(v->summary));
}

void cli_print_usage(const struct cli *c, FILE *f)
{
	if (c->verb && c->verb->usage)
		fprintf(f, "%s: %s\n", _("usage"), c->verb->usage);
	if (c->verb && c->verb->summary)
		fprintf(f, "\n%s\n", _(c->verb->summary));
}
