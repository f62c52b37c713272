/* libgrid: grid-based community management (网格化管理).
 * Include this header for the whole public API. */
#ifndef GRID_GRID_H
#define GRID_GRID_H

#include "common.h"
#include "field.h"
#include "issue.h"
#include "report.h"
#include "roster.h"
#include "stats.h"
#include "text.h"
#include "time.h"

#endif
