/* libgrid: stats. */
#ifndef GRID_STATS_H
#define GRID_STATS_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifdef __cplusplus
}
#endif
#endif
