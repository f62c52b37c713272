/* grid import: a streaming loader over libyaml's event API.
 *
 * No document tree is built: each record (a department, a unit, a person…)
 * is read into a fixed buffer on the stack and handed to the store's
 * staging tables at once, so memory does not grow with the file.  Checks
 * that need the whole file (references, levels, duplicates) run as
 * set-based queries over the staged rows afterwards; then the store merges
 * them into the roster, all in one transaction.
 *
 * Into an empty roster (the first import of a city) there is nothing to
 * merge with: units, people and assignments go straight into the roster
 * as they are read, each row checked on the way, and the few small
 * sections are staged as above.  A file that this fast way does not take
 * (a problem, a reference forward, sections in another order) is rolled
 * back and read again the staged way, which says what is wrong and where.
 * On PostgreSQL, where a row written alone is a round trip, every import
 * takes the staged way, its rows sent by COPY (store_roster_direct). */
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <yaml.h>

#include "grid/decimal.h"
#include "grid/text.h"
#include "internal.h"
#include "store/roster.h"
#include "store/target.h"

#define MAX_NESTING 16  /* units under units; any real tree has fewer than 8 levels */
/* Collections inside collections, whatever they are: libyaml's scanner
 * is quadratic in flow depth, so a hostile file is stopped early. */
#define MAX_DEPTH (2 * MAX_NESTING + 8)
#define MAX_LEVELS 16
#define FIELD_BYTES 1024 /* longer than any field's limit (200 characters) */
#define MAX_FIELDS 10

enum ftype {
	F_CODE,     /* a string: a code, an id, a level or duty name (a bare number is refused) */
	F_NAME,     /* text shown to people */
	F_PHONE,    /* short free text, but a string (a bare number loses its leading zeros): also an address */
	F_INT,      /* a whole number */
	F_DEGREES,  /* a decimal number of degrees, from min to max */
	F_AMOUNT,   /* an exact amount, grid_decimal_parse's number: up to four decimals */
	F_ROLES,    /* a list of role names */
	F_CHILDREN, /* a list of units */
};

struct fdef {
	const char *key;
	enum ftype type;
	int required;
	int min;        /* F_INT: the smallest value allowed */
	long long max;  /* F_INT: the largest */
};

/* deadline_hours * 3600 is added to a time: keep it far from overflow
 * (and from nonsense: 100,000 hours is over eleven years). */
#define MAX_HOURS 100000
#define MAX_COUNT 1000000000LL /* households, population */

struct section_def {
	const char *what;   /* "a unit", for messages */
	const char *known;  /* the keys, for messages */
	struct fdef f[MAX_FIELDS];
	int nf;
};

enum { DEPT, CAT, UNIT, PERSON, ASSIGN, TARGET };

static const struct section_def sections[] = {
	[DEPT] = { "a department", "code, name", { { "code", F_CODE, 1, 0, 0 }, { "name", F_NAME, 1, 0, 0 } }, 2 },
	[CAT] = { "a category", "code, name, deadline_hours, department",
		{ { "code", F_CODE, 1, 0, 0 }, { "name", F_NAME, 1, 0, 0 }, { "deadline_hours", F_INT, 1, 1, MAX_HOURS },
		  { "department", F_CODE, 0, 0, 0 } }, 4 },
	[UNIT] = { "a unit", "code, name, level, parent, households, population, lat, long, address, children",
		{ { "code", F_CODE, 1, 0, 0 }, { "name", F_NAME, 1, 0, 0 }, { "level", F_CODE, 1, 0, 0 },
		  { "parent", F_CODE, 0, 0, 0 }, { "households", F_INT, 0, 0, MAX_COUNT },
		  { "population", F_INT, 0, 0, MAX_COUNT }, { "lat", F_DEGREES, 0, -90, 90 },
		  { "long", F_DEGREES, 0, -180, 180 }, { "address", F_PHONE, 0, 0, 0 },
		  { "children", F_CHILDREN, 0, 0, 0 } }, 10 },
	[PERSON] = { "a person", "id, name, login, phone, roles, department",
		{ { "id", F_CODE, 1, 0, 0 }, { "name", F_NAME, 1, 0, 0 }, { "login", F_CODE, 0, 0, 0 },
		  { "phone", F_PHONE, 0, 0, 0 }, { "roles", F_ROLES, 0, 0, 0 }, { "department", F_CODE, 0, 0, 0 } }, 6 },
	[ASSIGN] = { "an assignment", "unit, person, duty",
		{ { "unit", F_CODE, 1, 0, 0 }, { "person", F_CODE, 1, 0, 0 }, { "duty", F_CODE, 1, 0, 0 } }, 3 },
	[TARGET] = { "a target", "indicator, name, measure, year, unit, value",
		{ { "indicator", F_CODE, 1, 0, 0 }, { "name", F_NAME, 0, 0, 0 }, { "measure", F_NAME, 0, 0, 0 },
		  { "year", F_INT, 1, 1, 9999 }, { "unit", F_CODE, 0, 0, 0 }, { "value", F_AMOUNT, 1, 0, 0 } }, 6 },
};

struct field {
	int present, bad;
	int line, col;
	int64_t num;
	double degrees;
	grid_decimal amount;
	unsigned roles;
	char text[FIELD_BYTES];
};

struct imp {
	grid_db *db;
	struct store *s;
	const grid_import_opts *o;
	const char *name;       /* the file as messages name it */
	FILE *f;
	uint64_t total;
	unsigned long nevents;
	yaml_parser_t yp;
	yaml_event_t ev;
	int have_ev;
	int errors;
	int depth;              /* open collections */
	int fatal;              /* stop reading: a syntax error, too many errors, a store error */
	int rc;                 /* a store error, not a problem with the data */
	unsigned present;       /* 1 << GRID_SECTION_* seen */
	int64_t unit_seq;
	char first[768];        /* the first problem, for grid_errmsg() */
	/* Into an empty roster, units, people and assignments are written
	 * straight into it as they are read (see grid_roster_import). */
	int fast;
	int fast_off;           /* a row the fast way does not take: start again, staged */
	int levels_db;          /* units were read against the database's levels */
	int dept_merged;        /* departments merged before the people */
	int nlevels;
	char levels[MAX_LEVELS][FIELD_BYTES / 4];
	int64_t uid[MAX_NESTING]; /* the unit open at each nesting depth, and its level */
	int udepth[MAX_NESTING];
	int64_t n_units, n_people, n_assign;
	grid_import_counts dept_counts;
	/* The unit of the last assignment: a unit's assignments come together. */
	int64_t assign_uid;
	char assign_unit[FIELD_BYTES];
};

/* Leave the fast way: the staged import reads the file again and says
 * what is wrong, where. */
static void fast_off(struct imp *p)
{
	p->fast_off = 1;
	p->fatal = 1;
}

static int line_of(const yaml_mark_t *m)
{
	return (int)m->line + 1;
}

static int col_of(const yaml_mark_t *m)
{
	return (int)m->column + 1;
}

static void problem(struct imp *p, int line, int col, const char *fmt, ...) GRID_PRINTF(4, 5);

static void problem(struct imp *p, int line, int col, const char *fmt, ...)
{
	char msg[600], full[768];
	va_list ap;

	if (p->fast) {
		fast_off(p);
		return;
	}
	if (p->errors >= GRID_IMPORT_MAX_ERRORS) {
		p->fatal = 1;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, _(fmt), ap);
	va_end(ap);
	/* A message quotes the file: a newline in a key must not pose as a
	 * message of its own, nor an escape sequence reach the terminal. */
	for (char *c = msg; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			*c = '?';
	if (line > 0)
		snprintf(full, sizeof full, "%s:%d:%d: %s", p->name, line, col, msg);
	else
		snprintf(full, sizeof full, "%s: %s", p->name, msg);
	if (p->errors == 0)
		memcpy(p->first, full, sizeof full);
	p->errors++;
	if (p->o->report)
		p->o->report(p->o->ctx, GRID_EINPUT, full);
	if (p->errors >= GRID_IMPORT_MAX_ERRORS)
		p->fatal = 1;
}

static void store_failed(struct imp *p, int rc)
{
	if (!p->rc)
		p->rc = rc;
	p->fatal = 1;
}

/* A problem where the current event starts. */
static void ev_vproblem(struct imp *p, const char *fmt, va_list ap) GRID_PRINTF(2, 0);

static void ev_vproblem(struct imp *p, const char *fmt, va_list ap)
{
	char msg[600];

	vsnprintf(msg, sizeof msg, _(fmt), ap);
	problem(p, line_of(&p->ev.start_mark), col_of(&p->ev.start_mark), "%s", msg);
}

static void ev_problem(struct imp *p, const char *fmt, ...) GRID_PRINTF(2, 3);

static void ev_problem(struct imp *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ev_vproblem(p, fmt, ap);
	va_end(ap);
}

/* libyaml places a problem of the bytes (invalid UTF-8, a control
 * character) by its offset alone: count the lines up to it, where the
 * file can be read again; else say the offset. */
static void reader_problem(struct imp *p)
{
	size_t off = p->yp.problem_offset, i = 0;
	const char *what = p->yp.problem ? p->yp.problem : _("cannot read the file");
	unsigned char bom[3];
	int line = 1, col = 1, c = 0;

	if (p->fast) {
		fast_off(p);
		return;
	}
	if (!p->total || fseek(p->f, 0, SEEK_SET)) {
		problem(p, 0, 0, "%s at byte %zu", what, off);
		return;
	}
	/* libyaml's columns do not count a byte order mark */
	if (fread(bom, 1, sizeof bom, p->f) == sizeof bom && !memcmp(bom, "\xef\xbb\xbf", sizeof bom))
		i = sizeof bom;
	if (fseek(p->f, (long)i, SEEK_SET)) {
		problem(p, 0, 0, "%s at byte %zu", what, off);
		return;
	}
	for (; i < off && (c = getc(p->f)) != EOF; i++) {
		if (c == '\n') {
			line++;
			col = 1;
		} else if ((c & 0xc0) != 0x80) { /* not a continuation byte: a character */
			col++;
		}
	}
	problem(p, line, col, "%s", what);
}

/* libyaml gave no event: say why, and where. */
static void parse_failed(struct imp *p)
{
	if (p->yp.error == YAML_MEMORY_ERROR) {
		store_failed(p, grid_error_oom());
		return;
	}
	if (p->yp.error == YAML_READER_ERROR)
		reader_problem(p);
	else if (p->yp.context)
		problem(p, line_of(&p->yp.problem_mark), col_of(&p->yp.problem_mark), "%s %s", p->yp.problem,
			p->yp.context);
	else
		problem(p, line_of(&p->yp.problem_mark), col_of(&p->yp.problem_mark), "%s",
			p->yp.problem ? p->yp.problem : _("cannot read the YAML"));
	p->fatal = 1;
}

/* What a roster refuses in any event: anchors and aliases (each value is
 * written out), and collections nested past MAX_DEPTH. */
static void check_event(struct imp *p)
{
	const yaml_char_t *anchor = NULL;

	switch (p->ev.type) {
	case YAML_SCALAR_EVENT:
		anchor = p->ev.data.scalar.anchor;
		break;
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		anchor = p->ev.type == YAML_SEQUENCE_START_EVENT ? p->ev.data.sequence_start.anchor
								  : p->ev.data.mapping_start.anchor;
		if (++p->depth > MAX_DEPTH) {
			ev_problem(p, "lists and mappings nested deeper than %d levels", MAX_DEPTH);
			p->fatal = 1;
			return;
		}
		break;
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		p->depth--;
		break;
	case YAML_ALIAS_EVENT:
		ev_problem(p, "aliases (*%s) are not allowed in a roster: write the value out",
			(const char *)p->ev.data.alias.anchor);
		break;
	default:
		break;
	}
	if (anchor)
		ev_problem(p, "anchors (&%s) are not allowed in a roster: write each value out", (const char *)anchor);
}

/* The next event into p->ev; -1 (and p->fatal) when there is none. */
static int next(struct imp *p)
{
	if (p->have_ev) {
		yaml_event_delete(&p->ev);
		p->have_ev = 0;
	}
	if (p->fatal)
		return -1;
	if (!yaml_parser_parse(&p->yp, &p->ev)) {
		parse_failed(p);
		return -1;
	}
	p->have_ev = 1;
	if (p->o->progress && (++p->nevents & 0x3fff) == 0) {
		long pos = ftell(p->f);

		p->o->progress(p->o->ctx, pos > 0 ? (uint64_t)pos : 0, p->total);
	}
	check_event(p);
	return p->fatal ? -1 : 0;
}

/* Skip the node that starts at the current event. */
static void skip_node(struct imp *p)
{
	int depth = 0;

	do {
		if (p->ev.type == YAML_SEQUENCE_START_EVENT || p->ev.type == YAML_MAPPING_START_EVENT)
			depth++;
		else if (p->ev.type == YAML_SEQUENCE_END_EVENT || p->ev.type == YAML_MAPPING_END_EVENT)
			depth--;
		if (depth == 0)
			return;
	} while (next(p) == 0);
}

static void wrong_node(struct imp *p, const char *fmt, ...) GRID_PRINTF(2, 3);

/* The current node is not of the kind its place takes: say so, unless
 * it is an alias (next reported that already), and skip it. */
static void wrong_node(struct imp *p, const char *fmt, ...)
{
	va_list ap;

	if (p->ev.type != YAML_ALIAS_EVENT) {
		va_start(ap, fmt);
		ev_vproblem(p, fmt, ap);
		va_end(ap);
	}
	skip_node(p);
}

/* Skip a refused key of a mapping (the current event) and its value. */
static void skip_entry(struct imp *p)
{
	skip_node(p);
	if (next(p) == 0)
		skip_node(p);
}

static int is_plain(const yaml_event_t *e)
{
	return e->type == YAML_SCALAR_EVENT && e->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && !e->data.scalar.tag;
}

static int is_null(const yaml_event_t *e)
{
	const char *v = (const char *)e->data.scalar.value;

	return is_plain(e) && (!*v || !strcmp(v, "~") || !strcmp(v, "null") || !strcmp(v, "Null") || !strcmp(v, "NULL"));
}

int roster_plain_is_string(const char *v, size_t n)
{
	static const char *const words[] = {
		"", "~", "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE", "yes", "Yes", "YES",
		"no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", "y", "Y", "n", "N", ".inf", ".Inf", ".INF",
		"-.inf", "-.Inf", "-.INF", "+.inf", ".nan", ".NaN", ".NAN", "<<",
	};
	size_t i;
	const char *d = v;

	if (n <= 6 && strchr("~nNtTfFyYoO.-+<", *v))
		for (i = 0; i < GRID_ARRAY_SIZE(words); i++)
			if (!strcmp(v, words[i]))
				return 0;
	if (n == 0)
		return 0;
	if (*d == '+' || *d == '-')
		d++;
	if (*d == '.')
		d++;
	if (*d >= '0' && *d <= '9' && strspn(v, "0123456789abcdefABCDEFxXoO._:+-") == n)
		return 0;
	return 1;
}

/* Only spaces: ASCII, no-break (U+00A0) and ideographic (U+3000). */
static int is_blank(const char *v)
{
	for (;;) {
		if (*v == ' ')
			v++;
		else if (!strncmp(v, "\xc2\xa0", 2))
			v += 2;
		else if (!strncmp(v, "\xe3\x80\x80", 3))
			v += 3;
		else
			return !*v;
	}
}

/* Does the current event hold a value for F?  Not an alias (reported
 * already), a list or a mapping, nor a tag other than !!str and !!int:
 * F->bad.  Not an empty value either, the same as none: F->present 0. */
static int has_value(struct imp *p, const char *key, struct field *f)
{
	const yaml_event_t *e = &p->ev;

	if (e->type == YAML_ALIAS_EVENT) {
		f->bad = 1;
		return 0;
	}
	if (e->type != YAML_SCALAR_EVENT) {
		if (e->type == YAML_SEQUENCE_START_EVENT)
			ev_problem(p, "'%s' must be a single value, not a list", key);
		else
			ev_problem(p, "'%s' must be a single value, not a mapping", key);
		skip_node(p);
		f->bad = 1;
		return 0;
	}
	if (is_null(e)) {
		f->present = 0;
		return 0;
	}
	if (e->data.scalar.tag && strcmp((const char *)e->data.scalar.tag, YAML_STR_TAG) &&
	    strcmp((const char *)e->data.scalar.tag, YAML_INT_TAG)) {
		ev_problem(p, "tag '%s' is not allowed in a roster", (const char *)e->data.scalar.tag);
		f->bad = 1;
		return 0;
	}
	return 1;
}

/* The current scalar as a whole number from MIN to MAX into F->num. */
static void read_int(struct imp *p, const char *key, int min, long long max, struct field *f)
{
	const char *v = (const char *)p->ev.data.scalar.value;
	char *end;
	long long x;

	if (!is_plain(&p->ev) || !*v) {
		ev_problem(p, "'%s' must be a whole number, not a quoted string", key);
		f->bad = 1;
		return;
	}
	errno = 0;
	x = strtoll(v, &end, 10);
	if (*end || errno || x < min || x > max) {
		if (min > 0)
			ev_problem(p, "'%s' must be a whole number from 1 to %lld, not '%s'", key, max, v);
		else
			ev_problem(p, "'%s' must be a whole number from 0 to %lld, not '%s'", key, max, v);
		f->bad = 1;
		return;
	}
	f->num = x;
}

/* The current scalar as a decimal number from MIN to MAX into
 * F->degrees (the C locale's decimal point, whatever LC_NUMERIC says). */
static void read_degrees(struct imp *p, const char *key, int min, long long max, struct field *f)
{
	static locale_t cl;
	const char *v = (const char *)p->ev.data.scalar.value;
	char *end = NULL;
	double x = 0;

	if (!cl)
		cl = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
	if (is_plain(&p->ev) && *v && cl) {
		errno = 0;
		x = strtod_l(v, &end, cl);
	}
	/* Written so that NaN fails too. */
	if (!end || *end || errno || !(x >= min && x <= (double)max)) {
		ev_problem(p, "'%s' must be a number of degrees from %d to %lld, not '%s'", key, min, max, v);
		f->bad = 1;
		return;
	}
	f->degrees = x;
}

/* The current scalar as an exact amount into F->amount: a plain number
 * not below 0 (a target), kept with the decimals it is written with. */
static void read_amount(struct imp *p, const char *key, struct field *f)
{
	const char *v = (const char *)p->ev.data.scalar.value;

	if (!is_plain(&p->ev) || !*v) {
		ev_problem(p, "'%s' must be a number, not a quoted string", key);
		f->bad = 1;
	} else if (grid_decimal_parse(v, &f->amount) || f->amount.value < 0) {
		ev_problem(p, "'%s' must be a number from 0 to 10000000000000 with at most %d decimals, not '%s'", key,
			GRID_DECIMAL_MAX_DECIMALS, v);
		f->bad = 1;
	}
}

/* The current scalar as text of TYPE (a code, a name, a phone) into
 * F->text.  Only a name may be a bare word YAML reads as another type
 * (a number, true, null…): a code or a phone must be quoted then. */
static void read_text(struct imp *p, const char *key, enum ftype type, struct field *f)
{
	const yaml_event_t *e = &p->ev;
	const char *v = (const char *)e->data.scalar.value;
	size_t n = e->data.scalar.length;
	enum grid_text_kind kind = type == F_NAME ? GRID_TEXT_NAME : type == F_PHONE ? GRID_TEXT_SHORT : GRID_TEXT_CODE;
	char why[128];

	if (type != F_NAME && is_plain(e) && !roster_plain_is_string(v, n))
		ev_problem(p, "'%s' must be a string: quote it, as in %s: \"%s\"", key, key, v);
	else if (grid_text_check(v, n, kind, why, sizeof why))
		ev_problem(p, "'%s' %s", key, why);
	else if (n >= FIELD_BYTES)
		ev_problem(p, "'%s' is too long", key);
	else if (type == F_NAME && is_blank(v))
		ev_problem(p, "'%s' is blank", key);
	else {
		memcpy(f->text, v, n + 1);
		return;
	}
	f->bad = 1;
}

/* Read the scalar at the current event into F as TYPE, or report why not. */
static void read_scalar(struct imp *p, const char *key, enum ftype type, int min, long long max, struct field *f)
{
	f->line = line_of(&p->ev.start_mark);
	f->col = col_of(&p->ev.start_mark);
	if (!has_value(p, key, f))
		return;
	if (type == F_INT)
		read_int(p, key, min, max, f);
	else if (type == F_DEGREES)
		read_degrees(p, key, min, max, f);
	else if (type == F_AMOUNT)
		read_amount(p, key, f);
	else
		read_text(p, key, type, f);
}

static void read_roles(struct imp *p, struct field *f)
{
	f->line = line_of(&p->ev.start_mark);
	f->col = col_of(&p->ev.start_mark);
	f->roles = 0;
	if (p->ev.type == YAML_SCALAR_EVENT && is_null(&p->ev))
		return;
	if (p->ev.type != YAML_SEQUENCE_START_EVENT) {
		ev_problem(p, "'roles' must be a list, as in roles: [grid_head]");
		skip_node(p);
		f->bad = 1;
		return;
	}
	while (next(p) == 0 && p->ev.type != YAML_SEQUENCE_END_EVENT) {
		unsigned bit;

		if (p->ev.type != YAML_SCALAR_EVENT) {
			wrong_node(p, "each role must be a name");
			f->bad = 1;
			continue;
		}
		bit = grid_role_parse((const char *)p->ev.data.scalar.value);
		if (!bit) {
			ev_problem(p,
				"unknown role '%s' (roles: admin, leader, grid_head, grid_member, dept_staff, viewer, delegate, "
				"system)",
				(const char *)p->ev.data.scalar.value);
			f->bad = 1;
			continue;
		}
		if (f->roles & bit) {
			ev_problem(p, "duplicate role '%s'", (const char *)p->ev.data.scalar.value);
			f->bad = 1;
			continue;
		}
		f->roles |= bit;
	}
}

static void parse_list(struct imp *p, int sec, const char *key, int64_t parent_seq, int depth);

static const char *text_or_null(const struct field *f)
{
	return f->present ? f->text : NULL;
}

/* The place of a unit (schema 3): lat, long and address of R into U. */
static void unit_place(struct stage_unit *u, const struct field *r)
{
	u->has_position = r[6].present && r[7].present;
	u->lat = r[6].degrees;
	u->lon = r[7].degrees;
	u->address = text_or_null(&r[8]);
}

/* Write a unit straight into the empty roster, checking what the staged
 * import would check: a known level, a known parent one level up, a code
 * not yet used.  DEPTH is its nesting depth. */
static void fast_unit(struct imp *p, struct field *r, int64_t parent_seq, int depth)
{
	struct stage_unit u = { 0, parent_seq, r[0].text, r[1].text, r[2].text, text_or_null(&r[3]),
		r[4].present ? r[4].num : -1, r[5].present ? r[5].num : -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, NULL };
	int64_t parent = 0, id = 0;
	int level, pdepth = -1, rc = GRID_OK;

	unit_place(&u, r);

	for (level = 0; level < p->nlevels && strcmp(p->levels[level], r[2].text); level++)
		;
	if (parent_seq > 0 && depth > 0) {
		parent = p->uid[depth - 1];
		pdepth = p->udepth[depth - 1];
	} else if (r[3].present) {
		rc = store_direct_unit_find(p->s, r[3].text, &parent, &pdepth);
	}
	if (rc == GRID_OK && (level == p->nlevels || (parent ? level != pdepth + 1 : level != 0)))
		rc = 1;
	if (rc == GRID_OK)
		rc = store_direct_unit(p->s, &u, level, parent, &id);
	if (rc < 0) {
		store_failed(p, rc);
		return;
	}
	if (rc) {
		fast_off(p);
		return;
	}
	p->uid[depth] = id;
	p->udepth[depth] = level;
	p->n_units++;
}

static void fast_stage(struct imp *p, int sec, struct field *r)
{
	int64_t dept = 0;
	int rc = GRID_OK;

	if (sec == PERSON) {
		struct stage_person ps = { r[0].text, r[1].text, text_or_null(&r[2]), text_or_null(&r[3]), NULL,
			r[4].present ? r[4].roles : 0, 0, 0, 0, 0, 0, 0 };

		if (r[5].present)
			rc = store_direct_department_find(p->s, r[5].text, &dept);
		if (rc == GRID_OK && (rc = store_direct_person(p->s, &ps, dept)) == GRID_OK)
			p->n_people++;
	} else {
		struct stage_assignment a = { r[0].text, r[1].text, r[2].text, 0, 0, 0, 0, 0, 0 };
		int depth;

		if (!p->assign_uid || strcmp(p->assign_unit, r[0].text)) {
			p->assign_uid = 0;
			if ((rc = store_direct_unit_find(p->s, r[0].text, &p->assign_uid, &depth)) == GRID_OK)
				memcpy(p->assign_unit, r[0].text, strlen(r[0].text) + 1);
		}
		if (rc == GRID_OK && (rc = store_direct_assignment(p->s, p->assign_uid, &a)) == GRID_OK)
			p->n_assign++;
	}
	if (rc < 0)
		store_failed(p, rc);
	else if (rc)
		fast_off(p);
}

static void stage(struct imp *p, int sec, struct field *r, int line, int col, int64_t seq, int64_t parent_seq)
{
	int first = 0, rc;
	const char *what = "";

	switch (sec) {
	case DEPT:
		rc = store_stage_department(p->s, r[0].text, r[1].text, line, col, &first);
		what = N_("department code");
		break;
	case CAT: {
		struct stage_category c = { r[0].text, r[1].text, text_or_null(&r[3]), r[2].num, line, col, r[3].line,
			r[3].col };
		rc = store_stage_category(p->s, &c, &first);
		what = N_("category code");
		break;
	}
	case UNIT: {
		struct stage_unit u = { seq, parent_seq, r[0].text, r[1].text, r[2].text, text_or_null(&r[3]),
			r[4].present ? r[4].num : -1, r[5].present ? r[5].num : -1, line, col, r[2].line, r[2].col,
			r[3].line, r[3].col, 0, 0, 0, NULL };
		unit_place(&u, r);
		rc = store_stage_unit(p->s, &u, &first);
		what = N_("unit code");
		break;
	}
	case PERSON: {
		struct stage_person ps = { r[0].text, r[1].text, text_or_null(&r[2]), text_or_null(&r[3]),
			text_or_null(&r[5]), r[4].present ? r[4].roles : 0, line, col, r[2].line, r[2].col, r[5].line,
			r[5].col };
		rc = store_stage_person(p->s, &ps, &first);
		what = N_("person id");
		break;
	}
	case TARGET: {
		struct stage_target t = { r[0].text, text_or_null(&r[1]), text_or_null(&r[2]), text_or_null(&r[4]),
			(int)r[3].num, r[5].amount, line, col, r[4].line, r[4].col, r[1].line, r[1].col, r[2].line, r[2].col };
		if ((rc = store_target_stage(p->s, &t)))
			store_failed(p, rc);
		return;
	}
	default: {
		struct stage_assignment a = { r[0].text, r[1].text, r[2].text, line, col, r[0].line, r[0].col, r[1].line,
			r[1].col };
		if ((rc = store_stage_assignment(p->s, &a)))
			store_failed(p, rc);
		return;
	}
	}
	if (rc == 1)
		problem(p, r[0].line, r[0].col, "duplicate %s '%s' (first at line %d)", _(what), r[0].text, first);
	else if (rc < 0)
		store_failed(p, rc);
}

/* The field of section D that the current key names, or -1 after
 * saying why the key is refused and skipping it and its value. */
static int read_key(struct imp *p, const struct section_def *d, const struct field *r)
{
	const char *key;
	int k;

	if (p->ev.type != YAML_SCALAR_EVENT) {
		wrong_node(p, "keys must be plain words");
		if (next(p) == 0)
			skip_node(p);
		return -1;
	}
	key = (const char *)p->ev.data.scalar.value;
	for (k = 0; k < d->nf && strcmp(key, d->f[k].key); k++)
		;
	if (!strcmp(key, "<<") && is_plain(&p->ev))
		ev_problem(p, "merge keys (<<) are not allowed in a roster: write each value out");
	else if (k == d->nf)
		ev_problem(p, "unknown key '%s' in %s (keys: %s)", key, d->what, d->known);
	else if (r[k].present || r[k].bad)
		ev_problem(p, "duplicate key '%s'", key);
	if (k == d->nf || r[k].present || r[k].bad) {
		skip_entry(p);
		return -1;
	}
	return k;
}

/* The children of the unit R (the current event is their list, R[K] its
 * key's field), read after the fast way has written the unit: 1 when it
 * did, -1 when the record must stop here, else 0.  BAD: R has faults. */
static int read_children(struct imp *p, struct field *r, int k, int bad, int64_t seq, int64_t parent_seq, int depth)
{
	int written = 0;

	r[k].line = line_of(&p->ev.start_mark);
	r[k].col = col_of(&p->ev.start_mark);
	if (depth + 1 >= MAX_NESTING) {
		ev_problem(p, "units nested deeper than %d levels", MAX_NESTING);
		skip_node(p);
		r[k].bad = 1;
		return 0;
	}
	if (p->fast) {
		if (bad || !r[0].present || !r[1].present || !r[2].present || (parent_seq > 0 && r[3].present) ||
			r[6].present != r[7].present) {
			fast_off(p);
			return -1;
		}
		fast_unit(p, r, parent_seq, depth);
		if (p->fatal)
			return -1;
		written = 1;
	}
	parse_list(p, UNIT, "children", seq, depth + 1);
	return written;
}

/* What a record of section SEC needs once its keys are read (LINE and
 * COL where it starts): its required keys, and no parent on a unit
 * nested under another.  1 when it lacks any. */
static int check_record(struct imp *p, int sec, const struct field *r, int64_t parent_seq, int line, int col)
{
	const struct section_def *d = &sections[sec];
	int i, bad = 0;

	if (sec == UNIT && parent_seq > 0 && r[3].present) {
		problem(p, r[3].line, r[3].col, "'parent' is not allowed on a unit nested under 'children'");
		bad = 1;
	}
	if (sec == UNIT && r[6].present != r[7].present) {
		problem(p, line, col, "a unit's position is both 'lat' and 'long', or neither");
		bad = 1;
	}
	for (i = 0; i < d->nf; i++) {
		if (d->f[i].required && !r[i].present && !r[i].bad) {
			problem(p, line, col, "missing '%s' in %s", d->f[i].key, d->what);
			bad = 1;
		}
	}
	return bad;
}

/* One record: the current event is its MAPPING_START. */
static void parse_record(struct imp *p, int sec, int64_t parent_seq, int depth)
{
	const struct section_def *d = &sections[sec];
	struct field r[MAX_FIELDS];
	int line = line_of(&p->ev.start_mark), col = col_of(&p->ev.start_mark);
	int64_t seq = sec == UNIT ? ++p->unit_seq : 0;
	int i, k, bad = 0, written = 0;

	for (i = 0; i < d->nf; i++) {
		r[i].present = r[i].bad = 0;
		r[i].line = line;
		r[i].col = col;
		r[i].text[0] = 0;
	}
	while (next(p) == 0 && p->ev.type != YAML_MAPPING_END_EVENT) {
		if (written) { /* a key after the children: the unit is written already */
			fast_off(p);
			return;
		}
		if ((k = read_key(p, d, r)) < 0) {
			bad = 1;
			continue;
		}
		if (next(p))
			return;
		r[k].present = 1;
		switch (d->f[k].type) {
		case F_CHILDREN:
			if ((written = read_children(p, r, k, bad, seq, parent_seq, depth)) < 0)
				return;
			break;
		case F_ROLES:
			read_roles(p, &r[k]);
			break;
		default:
			read_scalar(p, d->f[k].key, d->f[k].type, d->f[k].min, d->f[k].max, &r[k]);
			break;
		}
		if (r[k].bad)
			bad = 1;
	}
	if (p->fatal || check_record(p, sec, r, parent_seq, line, col) || bad || written)
		return;
	if (p->fast && sec == UNIT)
		fast_unit(p, r, parent_seq, depth);
	else if (p->fast && (sec == PERSON || sec == ASSIGN))
		fast_stage(p, sec, r);
	else
		stage(p, sec, r, line, col, seq, parent_seq);
}

/* A list of records of section SEC: the current event is the value. */
static void parse_list(struct imp *p, int sec, const char *key, int64_t parent_seq, int depth)
{
	if (p->ev.type == YAML_SCALAR_EVENT && is_null(&p->ev))
		return;
	if (p->ev.type != YAML_SEQUENCE_START_EVENT) {
		wrong_node(p, "'%s' must be a list", key);
		return;
	}
	while (next(p) == 0 && p->ev.type != YAML_SEQUENCE_END_EVENT) {
		if (p->ev.type == YAML_MAPPING_START_EVENT)
			parse_record(p, sec, parent_seq, depth);
		else
			wrong_node(p, "each entry of '%s' must be a mapping, as in {code: ..., name: ...}", key);
	}
}

static void parse_levels(struct imp *p)
{
	char seen[MAX_LEVELS][FIELD_BYTES / 4];
	int n = 0, i;

	if (p->ev.type != YAML_SEQUENCE_START_EVENT) {
		wrong_node(p, "'levels' must be a list of names, top first, as in [district, street, community, grid]");
		return;
	}
	while (next(p) == 0 && p->ev.type != YAML_SEQUENCE_END_EVENT) {
		struct field f;
		int rc;

		f.present = 1;
		f.bad = 0;
		read_scalar(p, "level", F_CODE, 0, 0, &f);
		if (f.bad || !f.present) {
			if (!f.bad && !f.present)
				ev_problem(p, "a level needs a name");
			continue;
		}
		if (strlen(f.text) >= sizeof seen[0]) {
			ev_problem(p, "level name '%s' is too long", f.text);
			continue;
		}
		for (i = 0; i < n && strcmp(seen[i], f.text); i++)
			;
		if (i < n) {
			ev_problem(p, "duplicate level '%s'", f.text);
			continue;
		}
		if (n == MAX_LEVELS) {
			ev_problem(p, "more than %d levels", MAX_LEVELS);
			continue;
		}
		strcpy(seen[n], f.text);
		strcpy(p->levels[n], f.text);
		if ((rc = store_stage_level(p->s, n, f.text, f.line, f.col)))
			store_failed(p, rc);
		n++;
	}
	p->nlevels = n;
	if (!p->fatal && n == 0)
		problem(p, 0, 0, "'levels' is empty");
}

/* A number in [0,1] for setting SETTING (WHAT is "weight" for a weight),
 * kept as the shortest text that reads back as the same double. */
static void read_fraction(struct imp *p, const char *what, const char *key, const char *setting)
{
	const char *v = (const char *)p->ev.data.scalar.value;
	char buf[40];
	double d;
	char *end;
	int rc;

	if (p->ev.type != YAML_SCALAR_EVENT || !is_plain(&p->ev) || !*v) {
		if (what)
			wrong_node(p, "weight '%s' must be a number from 0 to 1", key);
		else
			wrong_node(p, "'%s' must be a number from 0 to 1", key);
		return;
	}
	errno = 0;
	d = strtod(v, &end);
	if (*end || errno || !isfinite(d) || d < 0 || d > 1) {
		if (what)
			ev_problem(p, "weight '%s' must be a number from 0 to 1, not '%s'", key, v);
		else
			ev_problem(p, "'%s' must be a number from 0 to 1, not '%s'", key, v);
		return;
	}
	snprintf(buf, sizeof buf, "%.15g", d);
	if (strtod(buf, NULL) != d)
		snprintf(buf, sizeof buf, "%.17g", d);
	if ((rc = store_stage_setting(p->s, setting, buf, line_of(&p->ev.start_mark), col_of(&p->ev.start_mark))))
		store_failed(p, rc);
}

/* A ranking weight: setting ranking.weight.KEY. */
static void read_weight(struct imp *p, const char *key)
{
	char full[64];

	snprintf(full, sizeof full, "ranking.weight.%s", key);
	read_fraction(p, "weight", key, full);
}

/* Keys of a mapping with a fixed set of names: calls FN for each value. */
static void parse_map(struct imp *p, const char *what, const char *const *keys, int nkeys,
	void (*fn)(struct imp *, int, const char *))
{
	unsigned seen = 0;

	if (p->ev.type != YAML_MAPPING_START_EVENT) {
		wrong_node(p, "'%s' must be a mapping", what);
		return;
	}
	while (next(p) == 0 && p->ev.type != YAML_MAPPING_END_EVENT) {
		const char *key = p->ev.type == YAML_SCALAR_EVENT ? (const char *)p->ev.data.scalar.value : NULL;
		int k;

		for (k = 0; key && k < nkeys && strcmp(key, keys[k]); k++)
			;
		if (!key || k == nkeys || (seen & (1u << k))) {
			if (!key)
				ev_problem(p, "keys must be plain words");
			else if (k == nkeys)
				ev_problem(p, "unknown key '%s' in '%s'", key, what);
			else
				ev_problem(p, "duplicate key '%s'", key);
			skip_entry(p);
			continue;
		}
		seen |= 1u << k;
		if (next(p))
			return;
		fn(p, k, keys[k]);
	}
}

static const char *const weight_keys[] = { "closure", "on_time", "visits", "diary" };
static const char *const ranking_keys[] = { "level", "weights" };
static const char *const notice_keys[] = { "office", "title", "issuer", "numbering" };
static const char *const settings_keys[] = { "timezone", "ranking", "notice", "eval", "target" };
static const char *const target_keys[] = { "schedule" };
static const char *const eval_keys[] = { "advanced", "person" };
static const char *const advanced_keys[] = { "top", "share" };
static const char *const person_keys[] = { "weights", "excellent", "pass" };
static const char *const person_weight_keys[] = { "closure", "on_time", "visits", "diary", "review" };

static void on_weight(struct imp *p, int k, const char *key)
{
	(void)k;
	read_weight(p, key);
}

/* A zone of the time zone database (a TZif file under $TZDIR, or
 * /usr/share/zoneinfo), or UTC: glibc would take any other name for UTC
 * without a word, and every period boundary would move. */
static int zone_known(const char *name)
{
	const char *dir = getenv("TZDIR");
	char path[4096], magic[4];
	struct stat sb;
	FILE *f;
	int n, ok;

	if (!strcmp(name, "UTC"))
		return 1;
	if (!*name || *name == '/' || strstr(name, ".."))
		return 0;
	n = snprintf(path, sizeof path, "%s/%s", dir && *dir ? dir : "/usr/share/zoneinfo", name);
	if (n < 0 || (size_t)n >= sizeof path || stat(path, &sb) || !S_ISREG(sb.st_mode) || !(f = fopen(path, "rb")))
		return 0;
	ok = fread(magic, 1, sizeof magic, f) == sizeof magic && !memcmp(magic, "TZif", sizeof magic);
	fclose(f);
	return ok;
}

/* A setting's value, of TYPE: F_CODE, or F_NAME for text shown to people. */
static void setting_value(struct imp *p, const char *key, const char *setting, enum ftype type)
{
	struct field f;
	int rc;

	f.present = 1;
	f.bad = 0;
	read_scalar(p, key, type, 0, 0, &f);
	if (f.bad)
		return;
	if (!f.present) {
		problem(p, f.line, f.col, "'%s' needs a value", key);
		return;
	}
	if (!strcmp(setting, "timezone") && !zone_known(f.text)) {
		problem(p, f.line, f.col, "unknown time zone '%s': name a zone of the time zone database, such as "
			"Asia/Shanghai, or UTC", f.text);
		return;
	}
	if (!strcmp(setting, "notice.numbering") && strcmp(f.text, "year") && strcmp(f.text, "none")) {
		problem(p, f.line, f.col, "unknown numbering '%s': year or none", f.text);
		return;
	}
	if (!strcmp(setting, "target.schedule") && strcmp(f.text, "months") && strcmp(f.text, "days")) {
		problem(p, f.line, f.col, "unknown schedule '%s': months or days", f.text);
		return;
	}
	if ((rc = store_stage_setting(p->s, setting, f.text, f.line, f.col)))
		store_failed(p, rc);
}

static void setting_text(struct imp *p, const char *key, const char *setting)
{
	setting_value(p, key, setting, F_CODE);
}

/* notice: the header and foot of grid report's notice. */
static void on_notice(struct imp *p, int k, const char *key)
{
	static const char *const settings[] = { "notice.office", "notice.title", "notice.issuer", "notice.numbering" };

	setting_value(p, key, settings[k], k == 3 ? F_CODE : F_NAME);
}

static void on_ranking(struct imp *p, int k, const char *key)
{
	if (k == 0)
		setting_text(p, key, "ranking.level");
	else
		parse_map(p, "weights", weight_keys, 4, on_weight);
}

/* eval: advanced: {top, share}: the teams rated 先进. */
static void on_advanced(struct imp *p, int k, const char *key)
{
	struct field f;
	char buf[32];
	int rc;

	if (k == 1) {
		read_fraction(p, NULL, key, "eval.advanced.share");
		return;
	}
	f.present = 1;
	f.bad = 0;
	read_scalar(p, key, F_INT, 0, MAX_COUNT, &f);
	if (f.bad || !f.present)
		return;
	snprintf(buf, sizeof buf, "%lld", (long long)f.num);
	if ((rc = store_stage_setting(p->s, "eval.advanced.top", buf, f.line, f.col)))
		store_failed(p, rc);
}

static void on_person_weight(struct imp *p, int k, const char *key)
{
	char full[64];

	(void)k;
	snprintf(full, sizeof full, "eval.person.weight.%s", key);
	read_fraction(p, "weight", key, full);
}

/* eval: person: {weights, excellent, pass}: the grid workers' ratings. */
static void on_person(struct imp *p, int k, const char *key)
{
	if (k == 0)
		parse_map(p, "weights", person_weight_keys, 5, on_person_weight);
	else
		read_fraction(p, NULL, key, k == 1 ? "eval.person.excellent" : "eval.person.pass");
}

static void on_eval(struct imp *p, int k, const char *key)
{
	(void)key;
	if (k == 0)
		parse_map(p, "advanced", advanced_keys, 2, on_advanced);
	else
		parse_map(p, "person", person_keys, 3, on_person);
}

/* target: {schedule}: how grid target progress counts the year gone. */
static void on_target(struct imp *p, int k, const char *key)
{
	(void)k;
	setting_text(p, key, "target.schedule");
}

static void on_setting(struct imp *p, int k, const char *key)
{
	if (k == 0)
		setting_text(p, key, "timezone");
	else if (k == 1)
		parse_map(p, "ranking", ranking_keys, 2, on_ranking);
	else if (k == 2)
		parse_map(p, "notice", notice_keys, 4, on_notice);
	else if (k == 3)
		parse_map(p, "eval", eval_keys, 2, on_eval);
	else
		parse_map(p, "target", target_keys, 1, on_target);
}

static const char *const top_keys[] = {
	[GRID_SECTION_LEVELS] = "levels",
	[GRID_SECTION_CATEGORIES] = "categories",
	[GRID_SECTION_DEPARTMENTS] = "departments",
	[GRID_SECTION_UNITS] = "units",
	[GRID_SECTION_PEOPLE] = "people",
	[GRID_SECTION_ASSIGNMENTS] = "assignments",
	[GRID_SECTION_SETTINGS] = "settings",
	[GRID_SECTION_TARGETS] = "targets",
};

const char *grid_section_name(int section)
{
	return section >= 0 && section < GRID_SECTION_COUNT ? top_keys[section] : NULL;
}

static int on_db_level(void *ctx, const char *const *cols, int ncols)
{
	struct imp *p = ctx;

	(void)ncols;
	if (p->nlevels == MAX_LEVELS || strlen(cols[0]) >= sizeof p->levels[0])
		return 1;
	strcpy(p->levels[p->nlevels++], cols[0]);
	return 0;
}

/* The fast way reads units against levels, and people against departments,
 * known before them: from sections above, or the database's levels. */
static int fast_section(struct imp *p, int k)
{
	int rc = GRID_OK;

	if (k == GRID_SECTION_LEVELS && p->levels_db) {
		fast_off(p);
		return 0;
	}
	if (k == GRID_SECTION_UNITS && !(p->present & (1u << GRID_SECTION_LEVELS))) {
		p->levels_db = 1;
		p->nlevels = 0;
		rc = store_db_levels(p->s, on_db_level, p);
	}
	if (k == GRID_SECTION_PEOPLE && (p->present & (1u << GRID_SECTION_DEPARTMENTS))) {
		rc = store_stage_merge_departments(p->s, &p->dept_counts);
		p->dept_merged = 1;
	}
	if (rc < 0)
		store_failed(p, rc);
	else if (rc)
		fast_off(p);
	return !p->fatal;
}

static void on_top(struct imp *p, int k, const char *key)
{
	static const int list_of[] = {
		[GRID_SECTION_CATEGORIES] = CAT,
		[GRID_SECTION_DEPARTMENTS] = DEPT,
		[GRID_SECTION_UNITS] = UNIT,
		[GRID_SECTION_PEOPLE] = PERSON,
		[GRID_SECTION_ASSIGNMENTS] = ASSIGN,
		[GRID_SECTION_TARGETS] = TARGET,
	};

	if (k == GRID_SECTION_COUNT) { /* version */
		const char *v = p->ev.type == YAML_SCALAR_EVENT ? (const char *)p->ev.data.scalar.value : "";

		if (p->ev.type != YAML_SCALAR_EVENT || !is_plain(&p->ev))
			wrong_node(p, "'version' must be a number, as in version: 1");
		else if (strcmp(v, "1"))
			ev_problem(p, "unsupported version '%s': this grid reads version 1", v);
		return;
	}
	if (p->fast && !fast_section(p, k))
		return;
	p->present |= 1u << k;
	if (k == GRID_SECTION_LEVELS)
		parse_levels(p);
	else if (k == GRID_SECTION_SETTINGS)
		parse_map(p, key, settings_keys, 5, on_setting);
	else
		parse_list(p, list_of[k], key, 0, 0);
}

static void parse_stream(struct imp *p)
{
	static const char *const keys[] = {
		"levels", "categories", "departments", "units", "people", "assignments", "settings", "targets", "version",
	};

	if (next(p) || next(p))
		return;
	if (p->ev.type == YAML_STREAM_END_EVENT) {
		problem(p, 0, 0, "the file is empty");
		return;
	}
	if (next(p))
		return;
	if (p->ev.type != YAML_MAPPING_START_EVENT) {
		ev_problem(p, "a roster is a mapping of sections (levels, categories, departments, units, people, "
			      "assignments, settings, targets)");
		return;
	}
	parse_map(p, "the roster", keys, (int)GRID_ARRAY_SIZE(keys), on_top);
	if (p->fatal || next(p) || next(p))
		return;
	if (p->ev.type == YAML_DOCUMENT_START_EVENT)
		ev_problem(p, "a roster is one YAML document; this is a second one");
}

static void on_problem(void *ctx, int line, int col, const char *msg)
{
	problem(ctx, line, col, "%s", msg);
}

#define IMPORT_AGAIN 1 /* the fast way gave up: read the file again, staged */

/* Open the pass's transaction.  With FAST, into an empty roster (people
 * may be there, without --prune), the pass writes straight into it, in
 * bulk (*BULK, p->fast): IMPORT_AGAIN when the roster is no longer empty
 * once the transaction has begun.  *BEGAN: the transaction has. */
static int begin_pass(struct imp *p, int fast, int *bulk, int *began)
{
	int rc;

	/* People already there are no obstacle (a person given again sends
	 * the import the staged way), unless --prune would remove some. */
	if (fast && ((rc = store_roster_empty(p->s, !p->o->prune, bulk)) ||
		    (*bulk && (rc = store_roster_bulk(p->s, STORE_BULK_BEGIN)))))
		return rc;
	if ((rc = store_stage_open(p->s)) || (rc = store_target_stage_open(p->s)) || (rc = store_begin(p->s)))
		return rc;
	*began = 1;
	if (!*bulk)
		return GRID_OK;
	/* Again, now that no one else writes. */
	if ((rc = store_roster_empty(p->s, !p->o->prune, &p->fast)))
		return rc;
	if (!p->fast)
		return IMPORT_AGAIN;
	return store_roster_bulk(p->s, STORE_BULK_WRITE);
}

/* Read the whole file, each record checked and staged (or written, the
 * fast way); the levels come from the database when the file has none. */
static int read_stream(struct imp *p)
{
	parse_stream(p);
	if (p->have_ev) {
		yaml_event_delete(&p->ev);
		p->have_ev = 0;
	}
	if (p->rc)
		return p->rc;
	if (p->fast_off)
		return IMPORT_AGAIN;
	if (p->o->progress)
		p->o->progress(p->o->ctx, p->total, p->total);
	if (!(p->present & (1u << GRID_SECTION_LEVELS)))
		return store_stage_levels_from_db(p->s);
	return GRID_OK;
}

/* When reading found no problem: the references and duplicates that only
 * the whole file shows, checked over the staged rows. */
static int check_staged(struct imp *p)
{
	unsigned dbrefs = STORE_REF_DEPT | STORE_REF_UNIT | STORE_REF_PERSON;
	int rc, count = 0;

	if (p->errors)
		return GRID_OK;
	if (p->o->prune) {
		if (p->present & (1u << GRID_SECTION_DEPARTMENTS))
			dbrefs &= ~(unsigned)STORE_REF_DEPT;
		if (p->present & (1u << GRID_SECTION_UNITS))
			dbrefs &= ~(unsigned)STORE_REF_UNIT;
		if (p->present & (1u << GRID_SECTION_PEOPLE))
			dbrefs &= ~(unsigned)STORE_REF_PERSON;
	}
	/* Without --prune every reference may be satisfied by the roster
	 * as merged, so the merge itself finds a bad assignment. */
	if ((rc = store_stage_check(p->s, dbrefs, p->o->prune, GRID_IMPORT_MAX_ERRORS, on_problem, p, &count)))
		return rc;
	/* The fast way wrote the file's units into the roster itself. */
	if ((p->present & (1u << GRID_SECTION_TARGETS)) && p->errors < GRID_IMPORT_MAX_ERRORS &&
		(rc = store_target_stage_check(p->s, (dbrefs & STORE_REF_UNIT) || p->fast,
			 GRID_IMPORT_MAX_ERRORS - p->errors, on_problem, p, &count)))
		return rc;
	/* No merge then: list the bad assignments with the rest. */
	if (p->errors && !p->o->prune && p->errors < GRID_IMPORT_MAX_ERRORS)
		return store_stage_check_assignments(p->s, dbrefs, GRID_IMPORT_MAX_ERRORS - p->errors, on_problem, p,
			&count);
	return GRID_OK;
}

/* The file's problems, if any, as the pass's error: the first one's
 * message (each went to the report callback as it was found). */
static int refuse_problems(struct imp *p)
{
	if (p->fast_off)
		return IMPORT_AGAIN;
	if (!p->errors)
		return GRID_OK;
	if (p->errors >= GRID_IMPORT_MAX_ERRORS && p->o->report) {
		char msg[600];

		snprintf(msg, sizeof msg, _("%s: stopped after %d problems; nothing was imported"), p->name,
			GRID_IMPORT_MAX_ERRORS);
		p->o->report(p->o->ctx, GRID_EINPUT, msg);
	}
	return grid_error_set(GRID_EINPUT, "%s", p->first);
}

/* The merge found an assignment whose unit or person is gone: say which. */
static int lost_assignments(struct imp *p)
{
	int rc, count = 0;

	if ((rc = store_stage_check_assignments(p->s, STORE_REF_DEPT | STORE_REF_UNIT | STORE_REF_PERSON,
		     GRID_IMPORT_MAX_ERRORS, on_problem, p, &count)))
		return rc;
	return p->errors ? grid_error_set(GRID_EINPUT, "%s", p->first)
			 : grid_error_set(GRID_EFAIL, "internal: an assignment lost its unit or person");
}

/* Merge the staged sections into the roster, counting in OUT what each
 * gained, changed and lost. */
static int merge_staged(struct imp *p, grid_import_result *out)
{
	unsigned merge = p->present;
	int rc, kept = 0;

	/* Written already by the fast way: the roster had none of them (or
	 * people, without --prune), so each row was added and nothing is left
	 * to prune. */
	if (p->fast)
		merge &= ~((1u << GRID_SECTION_UNITS) | (1u << GRID_SECTION_PEOPLE) | (1u << GRID_SECTION_ASSIGNMENTS) |
			(p->dept_merged ? 1u << GRID_SECTION_DEPARTMENTS : 0));
	/* The targets the file does not name go first: a unit the file
	 * removes may have had one. */
	if ((p->present & (1u << GRID_SECTION_TARGETS)) && p->o->prune &&
		(rc = store_target_prune(p->s, &out->sections[GRID_SECTION_TARGETS])))
		return rc;
	rc = store_stage_merge(p->s, merge, p->o->prune, grid_db_actor(p->db), out, &kept);
	if (rc == 1)
		return lost_assignments(p);
	if (rc)
		return rc;
	if ((p->present & (1u << GRID_SECTION_TARGETS)) &&
		(rc = store_target_merge(p->s, grid_db_actor(p->db), grid_db_now(p->db),
			 &out->sections[GRID_SECTION_TARGETS])))
		return rc;
	if (p->fast) {
		out->sections[GRID_SECTION_UNITS].added = p->n_units;
		out->sections[GRID_SECTION_PEOPLE].added = p->n_people;
		out->sections[GRID_SECTION_ASSIGNMENTS].added = p->n_assign;
		if (p->dept_merged)
			out->sections[GRID_SECTION_DEPARTMENTS] = p->dept_counts;
	}
	if ((p->present & (1u << GRID_SECTION_UNITS)) && (rc = store_unit_renumber(p->s)))
		return rc;
	if (p->fast && (rc = store_roster_bulk(p->s, STORE_BULK_INDEX)))
		return rc;
	for (int i = 0; i < GRID_SECTION_COUNT; i++)
		out->sections[i].present = (p->present & (1u << i)) || out->sections[i].removed > 0;
	if (kept && p->o->report) {
		char msg[200];

		snprintf(msg, sizeof msg, _("kept person '%s': the acting person is never removed"), grid_db_actor(p->db));
		p->o->report(p->o->ctx, GRID_OK, msg);
	}
	return GRID_OK;
}

/* The pass inside its transaction: the file read and checked, then
 * merged into the roster. */
static int read_and_merge(struct imp *p, grid_import_result *out)
{
	int rc;

	if ((rc = read_stream(p)) || (rc = check_staged(p)) || (rc = refuse_problems(p)))
		return rc;
	return merge_staged(p, out);
}

/* End the pass's transaction (if BEGAN): committed when RC is GRID_OK,
 * unless this is a dry run; else rolled back.  Leave the bulk mode. */
static int end_pass(struct imp *p, int rc, int began, int bulk)
{
	if (began) {
		if (rc == GRID_OK && p->o->dry_run)
			rc = store_end(p->s, 1) == 1 ? GRID_OK : GRID_EFAIL;
		else
			rc = store_end(p->s, rc);
		store_stage_close(p->s);
		store_target_stage_close(p->s);
	}
	if (bulk) {
		int frc = store_roster_bulk(p->s, STORE_BULK_END);

		if (rc == GRID_OK)
			rc = frc;
	}
	if (p->have_ev)
		yaml_event_delete(&p->ev);
	p->have_ev = 0;
	return rc;
}

/* One reading of the file, in one transaction.  With FAST, into an empty
 * roster, units, people and assignments go straight into it; anything
 * the fast way does not take is IMPORT_AGAIN, with everything rolled back
 * and nothing reported. */
static int import_pass(struct imp *p, int fast, grid_import_result *out)
{
	int rc, began = 0, bulk = 0;

	memset(out, 0, sizeof *out);
	if (!yaml_parser_initialize(&p->yp))
		return grid_error_oom();
	yaml_parser_set_input_file(&p->yp, p->f);
	rc = begin_pass(p, fast, &bulk, &began);
	if (rc == GRID_OK)
		rc = read_and_merge(p, out);
	rc = end_pass(p, rc, began, bulk);
	yaml_parser_delete(&p->yp);
	return rc;
}

int grid_roster_import(grid_db *db, const char *path, const grid_import_opts *opts, grid_import_result *out)
{
	static const grid_import_opts none = GRID_IMPORT_OPTS_INIT;
	struct imp p;
	struct stat sb;
	int rc, fast = 0;

	memset(out, 0, sizeof *out);
	memset(&p, 0, sizeof p);
	p.db = db;
	p.s = db->store;
	p.o = opts ? opts : &none;
	if ((rc = grid_require_role(db, GRID_ROLE_ADMIN, "import")))
		return rc;
	if (!strcmp(path, "-")) {
		p.f = stdin;
		p.name = "<stdin>";
	} else {
		p.name = path;
		if (!(p.f = fopen(path, "rb")))
			return grid_error_set(errno == ENOENT ? GRID_ENOTFOUND : GRID_EFAIL, "cannot open '%s': %s", path,
				strerror(errno));
	}
	/* The fast way may need to read the file a second time. */
	if (fstat(fileno(p.f), &sb) == 0 && S_ISREG(sb.st_mode)) {
		p.total = (uint64_t)sb.st_size;
		fast = ftell(p.f) == 0 && store_roster_direct(p.s);
	}
	rc = import_pass(&p, fast, out);
	if (rc == IMPORT_AGAIN) {
		/* What the first pass learnt is not kept: only its input. */
		struct imp again = { .db = p.db, .s = p.s, .o = p.o, .name = p.name, .f = p.f, .total = p.total };

		if (fseek(p.f, 0, SEEK_SET))
			rc = grid_error_set(GRID_EFAIL, "cannot read '%s' again: %s", p.name, strerror(errno));
		else
			rc = import_pass(&again, 0, out);
	}
	if (p.f != stdin)
		fclose(p.f);
	return rc;
}
