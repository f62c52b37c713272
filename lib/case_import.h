/* The JSON Lines form of `grid issue import` (lib/case_import.c), which
 * grid_issue_import (lib/ledger.c) hands a file whose first non-blank
 * byte is '{'. */
#ifndef GRID_CASE_IMPORT_H
#define GRID_CASE_IMPORT_H

#include <stdio.h>

#include "grid/issue.h"

/* Import the cases of F, the output of grid_issue_export, whose first
 * line is line FIRST_LINE; the caller has checked the role. */
int case_import_jsonl(grid_db *db, FILE *f, long first_line, const grid_ledger_opts *o, grid_ledger_result *res);

#endif
