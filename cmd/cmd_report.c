/* grid report: the weekly and monthly notice. */
#include "cli.h"
#include "stub.h"

const struct cli_verb cli_report_verbs[] = {
	{ "weekly", cli_not_implemented, CLI_NEED_DB | CLI_REPORT_FORMATS, "grid report weekly [--week W] [--unit CODE] [--format text|json|md|html]", N_("The weekly notice.") },
	{ "monthly", cli_not_implemented, CLI_NEED_DB | CLI_REPORT_FORMATS, "grid report monthly [--month M] [--unit CODE] [--format text|json|md|html]", N_("The monthly notice.") },
	{ NULL, NULL, 0, NULL, NULL },
};
