/* The grid command: shared declarations of cmd/.
 *
 * cmd/ sees only the public headers of libgrid (include/grid/).  Each
 * cmd_NOUN.c holds one noun's verbs with their usage texts; main.c holds
 * the table of nouns, the global options and the exit status. */
#ifndef GRID_CLI_H
#define GRID_CLI_H

#include <stdint.h>
#include <stdio.h>

#include <grid/grid.h>

#include "i18n.h"

/* Exit statuses of cli.md: the negated library error codes. */
enum {
	EXIT_OK = 0,
	EXIT_FAIL = 1,
	EXIT_USAGE = 2,
	EXIT_INPUT = 3,
	EXIT_NOTFOUND = 4,
	EXIT_CONFLICT = 5,
	EXIT_PERM = 6,
	EXIT_BUSY = 7,
	EXIT_NODB = 8,
};

enum cli_format {
	FMT_TEXT,
	FMT_JSON,
	FMT_CSV,
	FMT_TSV,
	FMT_HTML,
	FMT_MD,
	FMT_YAML,
};

/* What a verb needs set up before it runs, and what it prints. */
enum cli_verb_flags {
	CLI_NEED_DB = 1 << 0,     /* open the database (exit 8 when missing) */
	CLI_FORMATS = 1 << 1,     /* takes --format text|json|csv|tsv */
	CLI_REPORT_FORMATS = 1 << 2, /* takes --format text|json|md|html */
	CLI_EXPORT_FORMATS = 1 << 3, /* takes --format yaml|json */
};

struct cli {
	const char *db_path;
	const char *as;         /* --as / GRID_ACTOR, or NULL */
	const char *now_text;   /* --now / GRID_NOW, or NULL */
	int now_from_env;       /* now_text came from GRID_NOW */
	int64_t now;            /* parsed --now, or the clock */
	int quiet;
	int color;              /* stdout is a terminal and NO_COLOR is unset */
	int progress;           /* stderr is a terminal and not quiet */
	enum cli_format format;
	const char *command;    /* "issue add", for messages */
	const struct cli_verb *verb;
	grid_db *db;            /* open when the verb has CLI_NEED_DB */
	char **posbuf;          /* room for the positional arguments */
};

/* Finish the setup once a verb's options are read: parse --now, open the
 * database when the verb needs it, pick the actor and the time zone.
 * Returns 0 or an exit status (the error printed). */
int cli_setup(struct cli *c);

struct cli_verb {
	const char *name;       /* NULL for a noun without verbs */
	int (*run)(struct cli *c, int argc, char **argv);
	unsigned flags;
	const char *usage;      /* "grid issue add --unit CODE …", may span lines */
	const char *summary;    /* one line for the overview */
};

struct cli_noun {
	const char *name;
	const struct cli_verb *verbs; /* ends with a zeroed entry */
	const char *summary;
};

/* Verb tables, one per cmd_*.c. */
extern const struct cli_verb cli_init_verbs[];
extern const struct cli_verb cli_import_verbs[];
extern const struct cli_verb cli_export_verbs[];
extern const struct cli_verb cli_unit_verbs[];
extern const struct cli_verb cli_person_verbs[];
extern const struct cli_verb cli_who_verbs[];
extern const struct cli_verb cli_issue_verbs[];
extern const struct cli_verb cli_case_verbs[];
extern const struct cli_verb cli_visit_verbs[];
extern const struct cli_verb cli_log_verbs[];
extern const struct cli_verb cli_stats_verbs[];
extern const struct cli_verb cli_rank_verbs[];
extern const struct cli_verb cli_report_verbs[];
extern const struct cli_verb cli_help_verbs[];
extern const struct cli_verb cli_completion_verbs[];

/* `grid stats visits` and `grid stats diary` belong to field work
 * (cmd_field.c) but stand in the stats verb table (cmd_stats.c). */
int cmd_stats_visits(struct cli *c, int argc, char **argv);
int cmd_stats_diary(struct cli *c, int argc, char **argv);

/* The noun table (main.c), for help and completion. */
extern const struct cli_noun cli_nouns[];

/* ---- errors ------------------------------------------------------------ */

/* Print "grid: MESSAGE" on stderr as one line. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print "grid: warning: MESSAGE" unless quiet. */
void cli_warn(const struct cli *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Print the library's last error for RC and return the exit status. */
int cli_fail(int rc);

/* A usage error naming the command: prints and returns EXIT_USAGE. */
int cli_usage_error(const struct cli *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---- options ----------------------------------------------------------- */

enum cli_arg { ARG_NONE, ARG_REQUIRED };

struct cli_opt {
	const char *name;  /* long name without dashes */
	char short_name;   /* 0 for none */
	enum cli_arg arg;
	int id;            /* > 0, returned by cli_next */
};

struct cli_args {
	struct cli *c;
	int argc;
	char **argv;
	int i;
	const struct cli_opt *opts;
	char **pos;        /* positional arguments, in order */
	int npos;
	int only_pos;      /* after "--" */
};

/* cli_next results besides an option id. */
enum { CLI_END = 0, CLI_ERROR = -1, CLI_HELP = -2 };

/* Iterate over ARGV (argv[0] is the verb).  Handles --help/-h, --format
 * (per the verb's flags) and the global options, which may also stand
 * after the verb.  Positional arguments are collected in it->pos. */
void cli_args_init(struct cli_args *it, struct cli *c, int argc, char **argv, const struct cli_opt *opts);
int cli_next(struct cli_args *it, const char **arg);

/* After the loop: the exit status for CLI_ERROR/CLI_HELP (usage printed
 * for help) or for a failed cli_setup(), or -1 to go on. */
int cli_args_done(struct cli_args *it, int last);

/* Require exactly N positional arguments named WHAT ("ID"). */
int cli_want_positional(struct cli_args *it, int n, const char *what);

/* Parse a whole number option value into *out within [min, max]. */
int cli_parse_int(const struct cli *c, const char *opt, const char *text, long long min, long long max,
	long long *out);

/* Resolve a period from --week/--month/--since/--until (any may be NULL);
 * without one, the last complete week (WEEKLY) or month. */
int cli_period(const struct cli *c, grid_period *out, const char *week, const char *month, const char *since,
	const char *until, int weekly);

/* Print the usage of the running verb to F. */
void cli_print_usage(const struct cli *c, FILE *f);

/* ---- output ------------------------------------------------------------ */

enum out_type {
	OUT_STR,   /* text */
	OUT_INT,   /* whole number */
	OUT_REAL,  /* number */
	OUT_RATE,  /* 0..1; text shows 98.14% */
	OUT_TIME,  /* Unix seconds; ISO 8601 with offset */
	OUT_DATE,  /* text YYYY-MM-DD */
	OUT_LIST,  /* a list of strings: JSON array, text "a,b" */
};

struct out_col {
	const char *key;    /* JSON key and CSV/TSV header: never translated */
	const char *title;  /* text header: translated with _() */
	enum out_type type;
};

struct out_val {
	int null;
	const char *s;              /* OUT_STR, OUT_DATE */
	long long i;                /* OUT_INT, OUT_TIME */
	double d;                   /* OUT_REAL, OUT_RATE */
	long long num, den;         /* OUT_RATE text: exact rounding from num/den when den != 0 */
	const char *const *list;    /* OUT_LIST */
	size_t nlist;
};

/* Value constructors. */
struct out_val out_str(const char *s);       /* NULL gives null */
struct out_val out_int(long long i);
struct out_val out_time(int64_t t, int has);  /* has == 0 gives null */
struct out_val out_rate(long long num, long long den); /* den == 0 gives null */
struct out_val out_real(double d);
struct out_val out_null(void);
struct out_val out_list(const char *const *list, size_t n);

struct out;

/* A table to stdout in the command's format: JSON rows are streamed as an
 * array of objects, text rows are buffered to align the columns. */
struct out *out_begin(struct cli *c, const struct out_col *cols, size_t ncols);
void out_row(struct out *o, const struct out_val *vals);
/* Finish the table; returns 0, or EXIT_FAIL when memory ran out. */
int out_end(struct out *o);

/* Drop a table after an error: prints nothing when no row was written
 * (buffered text rows are dropped too), so a failing command leaves
 * stdout empty.  NULL is accepted. */
void out_discard(struct out *o);

/* JSON building blocks for documents that are objects (stats, show). */
#include <jansson.h>
json_t *out_json_value(const struct out_col *col, const struct out_val *v);
json_t *out_json_row(const struct out_col *cols, size_t ncols, const struct out_val *vals);
/* Write a JSON document to stdout with a newline and free it. */
int out_json_dump(json_t *doc);

/* A cell's text as the text format shows it, into BUF. */
const char *out_text_cell(const struct out_col *col, const struct out_val *v, char *buf, size_t size);

/* Print a "key: value" block for `show` commands in text format. */
void out_kv(const char *key, const char *value);

/* Print the id a write command created or changed, alone on stdout. */
void out_id(long long id);

#endif
