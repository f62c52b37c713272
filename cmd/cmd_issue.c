/* grid issue and grid case: issues and the case workflow. */
#include "cli.h"
#include "stub.h"

const struct cli_verb cli_issue_verbs[] = {
	{ "add", cli_not_implemented, CLI_NEED_DB, "grid issue add --unit CODE --category CODE --title TEXT [--detail TEXT] [--location TEXT] [--reported-by ID] [--at TIME] [--ref REF] [--accept]", N_("Report an issue; prints its id.") },
	{ "list", cli_not_implemented, CLI_NEED_DB | CLI_FORMATS, "grid issue list [--unit CODE] [--status S[,S]] [--category C] [--since T] [--until T] [--overdue] [--handler ID] [--limit N] [--format FMT]", N_("List issues.") },
	{ "show", cli_not_implemented, CLI_NEED_DB | CLI_FORMATS, "grid issue show ID [--format FMT]", N_("Show an issue and its history.") },
	{ "import", cli_not_implemented, CLI_NEED_DB, "grid issue import FILE.csv|- [--dry-run]", N_("Load a ledger of issues from CSV, all or nothing.") },
	{ NULL, NULL, 0, NULL, NULL },
};

const struct cli_verb cli_case_verbs[] = {
	{ "accept", cli_not_implemented, CLI_NEED_DB, "grid case accept ID [--category C] [--note TEXT]", N_("reported -> accepted; sets the due time.") },
	{ "reject", cli_not_implemented, CLI_NEED_DB, "grid case reject ID --note TEXT [--duplicate-of ID]", N_("reported -> rejected.") },
	{ "assign", cli_not_implemented, CLI_NEED_DB, "grid case assign ID --to PERSON|DEPT [--note TEXT]", N_("accepted/assigned -> assigned.") },
	{ "escalate", cli_not_implemented, CLI_NEED_DB, "grid case escalate ID [--note TEXT]", N_("Move the handling unit to its parent.") },
	{ "resolve", cli_not_implemented, CLI_NEED_DB, "grid case resolve ID [--note TEXT]", N_("assigned -> resolved.") },
	{ "close", cli_not_implemented, CLI_NEED_DB, "grid case close ID [--note TEXT]", N_("resolved -> closed.") },
	{ "reopen", cli_not_implemented, CLI_NEED_DB, "grid case reopen ID --note TEXT", N_("resolved -> assigned (rework).") },
	{ "sweep", cli_not_implemented, CLI_NEED_DB | CLI_FORMATS, "grid case sweep [--dry-run]", N_("Escalate every open case past its due time.") },
	{ NULL, NULL, 0, NULL, NULL },
};
