/* Internal declarations shared by the modules of libgrid. Not installed. */
#ifndef GRID_INTERNAL_H
#define GRID_INTERNAL_H

#include <libintl.h>
#include <stdarg.h>
#include <stdint.h>

#include "grid/common.h"

#if defined(__GNUC__)
#define GRID_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define GRID_PRINTF(a, b)
#endif

#define GRID_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* The calendar (time.c): a leap year; the days of month M (1..12) of
 * year Y; TEXT as a date YYYY-MM-DD into its parts (GRID_EUSAGE
 * "malformed date" otherwise, as grid_date_parse). */
int time_is_leap(int y);
int time_days_in_month(int y, int m);
int time_date_parts(const char *text, int *y, int *m, int *d);

/* Messages in the program's language, from the catalogue of the grid
 * command's own domain (GETTEXT_PACKAGE).  The program sets the locale and
 * binds the domain (bindtextdomain); the library does neither, so under
 * the C locale, or in a program that binds nothing, the English msgid
 * comes back unchanged.  The functions that format a message (below,
 * csv_input_error, the importers' problem reporters) translate their
 * format themselves: their callers pass the bare English literal, which
 * xgettext finds by their names (po/meson.build). */
#define _(s) dgettext(GETTEXT_PACKAGE, s)
/* Mark a string for translation where it is defined; translate at use. */
#define N_(s) (s)

/* Record CODE with a printf-style message as the thread's last error and
 * return CODE, so that callers can write `return grid_error_set(...)`.
 * FMT is translated (_) before it is formatted. */
int grid_error_set(int code, const char *fmt, ...) GRID_PRINTF(2, 3);
int grid_error_setv(int code, const char *fmt, va_list ap);

/* Record FIELD ("unit", "per_person": the name of a member of the
 * caller's options) as what the last error is about, when CODE is an
 * error and no field is recorded for it yet (the nearer cause wins);
 * returns CODE, so that `return grid_error_set_field(rc, "to")` works.
 * grid_error_set() forgets the field of the error before. */
int grid_error_set_field(int code, const char *field);

/* Report an allocation failure. */
int grid_error_oom(void);

/* The storage backend, opaque outside lib/store/. */
struct store;

struct grid_db {
	struct store *store;
	int64_t now;        /* 0: use the clock */
	char *login;        /* the operating-system login running this, or NULL */
	char *actor;        /* person id, or NULL */
	unsigned actor_roles;
	char *real;         /* the person whose login is `login`, or NULL when none */
	int real_known;     /* `real` was looked up for the current login */
	int schema_found;   /* user_version before migrations, 0 when new */
};

/* The acting person for a write, or GRID_EPERM naming WHAT was refused when
 * nobody acts or the actor has none of the roles in ANY_OF. */
int grid_require_role(const grid_db *db, unsigned any_of, const char *what);

/* Look up the real person (the one whose login is db->login) unless
 * grid_db_act or an earlier call did. */
int grid_db_resolve_real(grid_db *db);

/* A position in WGS 84 degrees: GRID_EINPUT naming "lat" or "long" when
 * LAT is not within -90..90 or LON not within -180..180 (lib/issue.c). */
int grid_check_position(double lat, double lon);

/* Q's unit filter: the cases found at unit CODE or below it (lib/issue.c;
 * GRID_ENOTFOUND when there is no such unit). */
struct store_issue_query;
int grid_issue_query_unit(grid_db *db, const char *code, struct store_issue_query *q);

/* Whether an event done as ACTOR is entered on someone's behalf: a login
 * is set and its person (grid_db_resolve_real first) is not ACTOR. */
int grid_db_on_behalf(const grid_db *db, const char *actor);

/* Run BODY(DB, ARG) in one write transaction (store_begin … store_end).
 * When the database undid it because another writer's transaction
 * crossed it (a deadlock, a serialization failure), run it again, a few
 * times with a growing pause, then give its GRID_EBUSY.  BODY writes only
 * through the store: it may run more than once. */
int grid_db_write(grid_db *db, int (*body)(grid_db *db, void *arg), void *arg);

/* strdup that records an out-of-memory error. */
char *grid_strdup(const char *s);

/* Would a YAML reader take the plain scalar V (N bytes) for a string, not
 * a number, boolean, date or null?  Import refuses a bare number where a
 * code goes; export quotes such strings (import_yaml.c). */
int roster_plain_is_string(const char *v, size_t n);

#endif
