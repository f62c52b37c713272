/* The grid command: shared declarations of cmd/.
 *
 * cmd/ sees only the public headers of libgrid (include/grid/).  A
 * command runs in three steps: main.c finds the noun and verb in the
 * command table; the verb (cmd_NOUN.c) reads its options (args.c); then it
 * calls cli_setup() (setup.c), which opens the database the verb needs,
 * reads the clock and picks the actor, and does its work. */
#ifndef GRID_CLI_H
#define GRID_CLI_H

#include <stdint.h>
#include <stdio.h>

#include <grid/grid.h>

#include "i18n.h"

/* Exit statuses of grid(1): the negated library error codes. */
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
	FMT_XLSX,  /* a spreadsheet (output_xlsx.c), never to a terminal */
	FMT_XML,   /* the Open311 documents (cmd_open311.c) */
};

/* What a verb needs set up before it runs, and what it prints. */
enum cli_verb_flags {
	CLI_NEED_DB = 1 << 0,     /* open the database (exit 8 when missing) */
	CLI_FORMATS = 1 << 1,     /* takes --format text|json|csv|tsv */
	CLI_REPORT_FORMATS = 1 << 2, /* takes --format text|json|md|html */
	CLI_EXPORT_FORMATS = 1 << 3, /* takes --format yaml|json */
	CLI_DOCUMENT_FORMATS = 1 << 4, /* takes --format text|json: one document, no table */
	/* With CLI_FORMATS: its csv and tsv are counts it prints itself, not
	 * an out_* table, so no xlsx, csv-excel or --bom. */
	CLI_NO_SHEETS = 1 << 5,
	CLI_GEOREPORT_FORMATS = 1 << 6, /* takes --format json|xml: Open311's documents */
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
	int bom;                /* --bom: csv and tsv start with a UTF-8 byte order mark */
	int excel;              /* --format csv-excel: csv for a spreadsheet's eye */
	const char *command;    /* "issue add", for messages */
	const struct cli_verb *verb;
	grid_db *db;            /* open when the verb has CLI_NEED_DB */
	char **posbuf;          /* room for the positional arguments */
	int no_hooks;           /* --no-hooks */
	struct cli_hook_call *hooks; /* the events committed, for their hooks (hooks.c) */
	size_t nhooks, hooks_cap;
};

/* ---- the command table (main.c) ---------------------------------------- */

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

/* The nouns, each with its verbs: the one index of the commands, read by
 * the dispatcher, the overview, `grid help` and `grid completion`. */
extern const struct cli_noun cli_nouns[];

/* Verb tables, one per cmd_NOUN.c, indexed by cli_nouns. */
extern const struct cli_verb cli_init_verbs[];
extern const struct cli_verb cli_doctor_verbs[];
extern const struct cli_verb cli_import_verbs[];
extern const struct cli_verb cli_export_verbs[];
extern const struct cli_verb cli_unit_verbs[];
extern const struct cli_verb cli_person_verbs[];
extern const struct cli_verb cli_who_verbs[];
extern const struct cli_verb cli_issue_verbs[];
extern const struct cli_verb cli_case_verbs[];
extern const struct cli_verb cli_visit_verbs[];
extern const struct cli_verb cli_log_verbs[];
extern const struct cli_verb cli_open311_verbs[];
extern const struct cli_verb cli_stats_verbs[];
extern const struct cli_verb cli_rank_verbs[];
extern const struct cli_verb cli_eval_verbs[];
extern const struct cli_verb cli_project_verbs[];
extern const struct cli_verb cli_target_verbs[];
extern const struct cli_verb cli_report_verbs[];
extern const struct cli_verb cli_verify_verbs[];
extern const struct cli_verb cli_db_verbs[];
extern const struct cli_verb cli_backup_verbs[];
extern const struct cli_verb cli_restore_verbs[];
extern const struct cli_verb cli_help_verbs[];
extern const struct cli_verb cli_completion_verbs[];

/* ---- setup (setup.c) --------------------------------------------------- */

/* Fill C with the defaults of the environment (GRID_DB, GRID_ACTOR,
 * GRID_NOW, NO_COLOR, terminals) and room for ARGC positional arguments.
 * Returns 0, or EXIT_FAIL with the error printed. */
int cli_init(struct cli *c, int argc);

/* The step between reading a verb's options and running it: parse --now,
 * open the database when the verb needs it (warning of an unknown time
 * zone), pick the actor.  Returns 0 or an exit status (the error printed). */
int cli_setup(struct cli *c);

/* The OS user name: the login that `grid init` makes the first admin and
 * that picks the actor when neither --as nor GRID_ACTOR is given. */
const char *cli_os_login(void);

/* ---- errors (errors.c) ------------------------------------------------- */

/* Print "grid: MESSAGE" on stderr as one line. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print "grid: warning: MESSAGE" unless quiet. */
void cli_warn(const struct cli *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The library's last error message, with the field it is about (see
 * grid_errfield) named as the option the user gives it. */
const char *cli_errmsg(void);

/* Print the library's last error for RC and return the exit status. */
int cli_fail(int rc);

/* A usage error naming the command: prints and returns EXIT_USAGE. */
int cli_usage_error(const struct cli *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---- options (args.c) -------------------------------------------------- */

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
	const struct cli_opt *globals; /* the global options of this place */
	int before_noun;   /* reading `grid [OPTIONS] NOUN`: stop at the noun */
	char **pos;        /* positional arguments, in order */
	int npos;
	int only_pos;      /* after "--" */
};

/* cli_next results besides an option id. */
enum { CLI_END = 0, CLI_ERROR = -1, CLI_HELP = -2, CLI_VERSION = -3 };

/* Iterate over ARGV (argv[0] is the verb).  Handles --help/-h, --format
 * (per the verb's flags) and the global options, which may also stand
 * after the verb.  Positional arguments are collected in it->pos. */
void cli_args_init(struct cli_args *it, struct cli *c, int argc, char **argv, const struct cli_opt *opts);

/* Iterate over the global options before the noun (argv[0] is the
 * program): cli_next ends at the noun, it->i its index; --help gives
 * CLI_HELP and --version CLI_VERSION. */
void cli_args_init_global(struct cli_args *it, struct cli *c, int argc, char **argv);

int cli_next(struct cli_args *it, const char **arg);

/* After the loop: the exit status for CLI_ERROR/CLI_HELP (usage printed
 * for help), or -1 to go on: to cli_setup(), then the verb's work. */
int cli_args_done(struct cli_args *it, int last);

/* Read the options of a verb that has none of its own: 0 to go on, or
 * the exit status as cli_args_done. */
int cli_args_none(struct cli_args *it, struct cli *c, int argc, char **argv);

/* Require exactly N positional arguments named WHAT ("ID"). */
int cli_want_positional(struct cli_args *it, int n, const char *what);

/* ---- option values (option_values.c) ----------------------------------- */

/* Parse a whole number option value into *out within [min, max]. */
int cli_parse_int(const struct cli *c, const char *opt, const char *text, long long min, long long max,
	long long *out);

/* Parse a decimal number given with option --OPT into *out (C locale). */
int cli_parse_real(const struct cli *c, const char *opt, const char *text, double *out);

/* Parse the time (ISO 8601) given with option --OPT into *out. */
int cli_parse_time(const struct cli *c, const char *opt, const char *text, int64_t *out);

/* Parse the date given with option --OPT into BUF as YYYY-MM-DD. */
int cli_parse_date(const struct cli *c, const char *opt, const char *text, char *buf, size_t size);

/* Parse an issue id (a positive whole number) named WHAT in messages. */
int cli_parse_issue_id(const struct cli *c, const char *what, const char *text, int64_t *out);

/* ---- periods (period.c) ------------------------------------------------ */

/* The usage text of the period options. */
#define CLI_PERIOD_USAGE "[--week W | --month M | --quarter Q | --year Y | --since T --until T]"

/* Option ids of the period options, clear of any verb's own. */
enum { CLI_OPT_WEEK = 900, CLI_OPT_MONTH, CLI_OPT_QUARTER, CLI_OPT_YEAR, CLI_OPT_SINCE, CLI_OPT_UNTIL };

/* The period options, to stand in a verb's option table. */
#define CLI_PERIOD_OPTS \
	{ "week", 0, ARG_REQUIRED, CLI_OPT_WEEK }, \
	{ "month", 0, ARG_REQUIRED, CLI_OPT_MONTH }, \
	{ "quarter", 0, ARG_REQUIRED, CLI_OPT_QUARTER }, \
	{ "year", 0, ARG_REQUIRED, CLI_OPT_YEAR }, \
	{ "since", 0, ARG_REQUIRED, CLI_OPT_SINCE }, \
	{ "until", 0, ARG_REQUIRED, CLI_OPT_UNTIL }

/* The values of the period options given; NULL for one not given. */
struct cli_period_args {
	const char *week, *month, *quarter, *year, *since, *until;
};
#define CLI_PERIOD_ARGS_INIT { NULL, NULL, NULL, NULL, NULL, NULL }

/* Keep option ID's value ARG in P when it is a period option: returns 1
 * when it was, 0 for another option. */
int cli_period_arg(struct cli_period_args *p, int id, const char *arg);

/* Resolve a period from --week/--month/--since/--until (any may be NULL);
 * without one, the last complete week (WEEKLY) or month. */
int cli_period(const struct cli *c, grid_period *out, const char *week, const char *month, const char *since,
	const char *until, int weekly);

/* cli_period over the options kept in P. */
int cli_period_of(const struct cli *c, grid_period *out, const struct cli_period_args *p, int weekly);

/* ---- usage texts (usage.c) --------------------------------------------- */

/* `grid --help`: the global options and the nouns. */
void cli_print_overview(FILE *f);

/* `grid NOUN --help`: the verbs of noun N. */
void cli_print_noun_usage(const struct cli_noun *n, FILE *f);

/* `grid NOUN VERB --help`: the usage of the running verb. */
void cli_print_usage(const struct cli *c, FILE *f);

/* ---- input files (input.c) --------------------------------------------- */

/* Open PATH ("-" for standard input) to read a CSV file
 * into *f.  Returns 0, or an exit status with the error printed: a folder
 * is EXIT_INPUT, a missing file MISSING, any other failure EXIT_FAIL. */
int cli_open_csv(const char *path, int missing, FILE **f);

/* Close what cli_open_csv opened (standard input stays open). */
void cli_close_input(FILE *f);

/* Read F, opened from PATH, whole into a malloc'd *data of *len bytes.
 * Returns 0, or EXIT_FAIL with the error printed. */
int cli_read_all(FILE *f, const char *path, char **data, size_t *len);

#include "output.h"
#include "hooks.h"

/* ---- targets (cmd_target.c) ------------------------------------------------ */

/* The columns of a target's progress, as `grid target progress` writes
 * them in JSON, CSV and TSV (grid-target(1)); the notice's targets too. */
#define CLI_TARGET_NCOLS 16
extern const struct out_col cli_target_cols[CLI_TARGET_NCOLS];

/* The text of a row's amounts and rates, alive while its cells are. */
struct cli_target_text {
	char target[GRID_DECIMAL_BUFSZ], actual[GRID_DECIMAL_BUFSZ], points[GRID_DECIMAL_BUFSZ];
	char due[GRID_DECIMAL_BUFSZ], over[GRID_DECIMAL_BUFSZ], last[GRID_DECIMAL_BUFSZ];
	char rates[3][32];
};

/* Row R's cells in cli_target_cols' order into V, their texts in T; with
 * TEXT (a page a person reads) points and amounts over carry their sign. */
void cli_target_vals(int text, const grid_target_row *r, struct cli_target_text *t, struct out_val *v);

/* ---- key projects (cmd_project.c) -------------------------------------- */

/* The sentence a notice says of the counts of key projects, in the
 * reader's language ("共有重点项目15个，其中市重点项目2个、…；在建项目10
 * 个，规划建设项目5个；超亿元项目13个，超10亿项目7个。"): the parts with
 * a count of 0 left out.  Writes it into BUF (SIZE bytes); returns its
 * length, or SIZE or more when it did not fit and was cut short. */
size_t cli_project_summary(const grid_project_counts *counts, char *buf, size_t size);

/* The counts as `project list --format json` has them under "counts". */
json_t *cli_project_counts_json(const grid_project_counts *counts);

/* ---- issues (cmd_issue.c) ---------------------------------------------- */

/* The document `issue show --format json` prints for issue ID, its
 * history included, into *doc (the caller's to json_decref); hooks send
 * it too.  Returns 0, or an exit status with the error printed. */
int cli_issue_json(struct cli *c, int64_t id, json_t **doc);

#endif
