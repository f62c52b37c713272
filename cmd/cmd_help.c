/* grid help and grid completion. */
#include "cli.h"
#include "stub.h"

const struct cli_verb cli_help_verbs[] = {
	{ NULL, cli_not_implemented, 0, "grid help [COMMAND]", N_("Show the manual page of a command.") },
	{ NULL, NULL, 0, NULL, NULL },
};

const struct cli_verb cli_completion_verbs[] = {
	{ NULL, cli_not_implemented, 0, "grid completion bash", N_("Print a bash completion script.") },
	{ NULL, NULL, 0, NULL, NULL },
};
