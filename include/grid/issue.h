/* libgrid: issue. */
#ifndef GRID_ISSUE_H
#define GRID_ISSUE_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifdef __cplusplus
}
#endif
#endif
