/* libgrid: the cases as Open311 GeoReport v2 sees them (grid-open311(1)).
 *
 * The library maps; the caller writes the documents (services.json/xml,
 * requests.json/xml).  Categories are the services; a case is a service
 * request whose status is "open" from reported to resolved and "closed"
 * once closed or rejected, as FixMyStreet folds its states.  Times are
 * Unix seconds, 0 for none. */
#ifndef GRID_OPEN311_H
#define GRID_OPEN311_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One service: a category of the roster.  Strings live until the
 * callback returns. */
typedef struct grid_open311_service {
	const char *code;        /* service_code: the category's code */
	const char *name;        /* service_name: its name */
	const char *group;       /* group: the name of its department, NULL when none */
} grid_open311_service;

typedef int (*grid_open311_service_cb)(void *ctx, const grid_open311_service *s);

/* Call CB for each category, by code; a non-zero return of CB stops
 * the walk and is returned. */
GRID_API int grid_open311_services(grid_db *db, grid_open311_service_cb cb, void *ctx);

/* Which requests: by their Open311 status and their requested time. */
typedef enum grid_open311_status {
	GRID_OPEN311_ANY,
	GRID_OPEN311_OPEN,   /* reported accepted assigned resolved */
	GRID_OPEN311_CLOSED, /* closed rejected */
} grid_open311_status;

typedef struct grid_open311_query {
	int version;
	grid_open311_status status;
	int64_t since, until; /* on the reported time (requested_datetime), until exclusive */
	const char *unit;     /* the cases found at this unit or below it; NULL: all */
} grid_open311_query;
#define GRID_OPEN311_QUERY_INIT { 1, GRID_OPEN311_ANY, 0, 0, NULL }

/* One service request, already mapped.  Strings live until the callback
 * returns; NULL is an empty field. */
typedef struct grid_open311_request {
	int64_t id;                  /* service_request_id */
	const char *status;          /* "open" or "closed" */
	const char *grid_status;     /* the workflow's own state, which status folds */
	const char *status_notes;    /* the note of the case's last event */
	const char *service_code;    /* the category's code and name */
	const char *service_name;
	const char *description;     /* "TITLE: DETAIL", or the title alone */
	const char *agency_code;     /* the unit handling it (agency_responsible: its name) */
	const char *agency_name;
	int64_t requested_at;        /* reported */
	int64_t updated_at;          /* the last event */
	int64_t expected_at;         /* due; 0 before it is accepted */
	const char *address;         /* the case's location text, else its unit's address */
	const char *address_id;      /* the code of the unit where it was found */
	int has_position;            /* lat and lon are set: from the case, else its unit */
	double lat, lon;
} grid_open311_request;

typedef int (*grid_open311_request_cb)(void *ctx, const grid_open311_request *r);

/* Call CB for each case matching Q, newest first (by id), read a page at
 * a time so that memory stays flat.  A non-zero return of CB stops the
 * walk and is returned.  An unknown Q->unit is GRID_ENOTFOUND. */
GRID_API int grid_open311_requests(grid_db *db, const grid_open311_query *q, grid_open311_request_cb cb, void *ctx);

#ifdef __cplusplus
}
#endif
#endif
