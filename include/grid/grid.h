/* libgrid: grid-based community management (网格化管理).
 * Include this header for the whole public API. */
#ifndef GRID_GRID_H
#define GRID_GRID_H

#include "common.h"
#include "copy.h"
#include "decimal.h"
#include "eval.h"
#include "field.h"
#include "issue.h"
#include "open311.h"
#include "project.h"
#include "report.h"
#include "roster.h"
#include "stats.h"
#include "target.h"
#include "text.h"
#include "time.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The field of the caller's input that the calling thread's last error is
 * about, named as the member of the options it came in ("unit",
 * "per_person", "to", "until", …) or "actor" for the acting person; "" when
 * the error is about no one field.  A front end may say its own name for
 * the field (a command-line option) where grid_errmsg() says the field's. */
GRID_API const char *grid_errfield(void);

/* The time zone in force for local times: the TZ environment variable,
 * which grid_db_open() sets from the database's `timezone` setting unless
 * TZ is already set; NULL when neither names one (the system's zone).
 * *known is set to 0 when the zone is named but the time zone database has
 * no such zone, where the C library computes in UTC without a word, else 1. */
GRID_API const char *grid_timezone(int *known);

#ifdef __cplusplus
}
#endif
#endif
