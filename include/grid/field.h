/* libgrid: field. */
#ifndef GRID_FIELD_H
#define GRID_FIELD_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifdef __cplusplus
}
#endif
#endif
