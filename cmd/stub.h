/* Temporary: verbs not built yet answer with exit 1.  Removed as each
 * noun lands. */
#ifndef GRID_STUB_H
#define GRID_STUB_H

#include "cli.h"

int cli_not_implemented(struct cli *c, int argc, char **argv);

#endif
