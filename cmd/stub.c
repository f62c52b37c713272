#include "stub.h"

int cli_not_implemented(struct cli *c, int argc, char **argv)
{
	struct cli_args it;
	const char *arg;
	int id, rc;

	cli_args_init(&it, c, argc, argv, NULL);
	while ((id = cli_next(&it, &arg)) > 0)
		;
	if ((rc = cli_args_done(&it, id)) >= 0)
		return rc;
	cli_error("%s: not implemented yet", c->command);
	return EXIT_FAIL;
}
