/* grid completion bash: the completion script, written from the command
 * table and the usage texts at run time, so that the completion follows
 * the commands as they change. */
#include <string.h>

#include "cli.h"
#include "config.h"

/* What completes a value: a fixed word list, or one of these. */
#define KIND_UNIT "@unit"
#define KIND_PERSON "@person"
#define KIND_PROJECT "@project"
#define KIND_FILE "@file"
#define KIND_ANY "@any" /* free text: complete nothing */

static const char statuses[] = "reported accepted assigned resolved closed rejected";
static const char roles[] = "admin leader grid_head grid_member dept_staff viewer";

/* Copy a usage token without its brackets into BUF. */
static void strip_token(char *buf, size_t size, const char *tok, size_t len)
{
	while (len && (*tok == '[' || *tok == '('))
		tok++, len--;
	while (len && (tok[len - 1] == ']' || tok[len - 1] == ')'))
		len--;
	if (len >= size)
		len = size - 1;
	memcpy(buf, tok, len);
	buf[len] = '\0';
}

/* Next whitespace-separated token of *P, or 0 at the end. */
static size_t next_token(const char **p, const char **tok)
{
	const char *s = *p;
	size_t len = 0;

	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	*tok = s;
	while (s[len] && s[len] != ' ' && s[len] != '\t' && s[len] != '\n')
		len++;
	*p = s + len;
	return len;
}

static const char *format_words(unsigned flags)
{
	if (flags & CLI_REPORT_FORMATS)
		return "text json md html xlsx";
	if (flags & CLI_EXPORT_FORMATS)
		return "yaml json";
	if (flags & CLI_DOCUMENT_FORMATS)
		return "text json";
	if (flags & CLI_GEOREPORT_FORMATS)
		return "json xml";
	if (flags & CLI_NO_SHEETS)
		return "text json csv tsv";
	return "text json csv tsv csv-excel xlsx";
}

/* How to complete the value VALUE of option OPT. */
static void print_value_kind(const char *opt, const char *value, unsigned flags)
{
	if (strcmp(opt, "format") == 0)
		printf("%s", format_words(flags));
	else if (strcmp(opt, "status") == 0 && strcmp(value, "open|closed") == 0)
		printf("open closed"); /* Open311's two, not the workflow's six */
	else if (strcmp(opt, "status") == 0)
		printf("%s", statuses);
	else if (strcmp(opt, "role") == 0)
		printf("%s", roles);
	else if (strcmp(opt, "unit") == 0 || strcmp(opt, "under") == 0)
		printf(KIND_UNIT);
	else if (strchr(value, '|') && strspn(value, "abcdefghijklmnopqrstuvwxyz_|") == strlen(value)) {
		/* --by category|unit|level, --stage planned|building|done: a list of words. */
		const char *s;

		for (s = value; *s; s++)
			putchar(*s == '|' ? ' ' : *s);
	} else if (strcmp(opt, "by") == 0 || strcmp(opt, "reported-by") == 0 || strcmp(opt, "handler") == 0 ||
		strcmp(opt, "to") == 0 || strcmp(opt, "person") == 0)
		printf(KIND_PERSON);
	else if (strncmp(value, "FILE", 4) == 0)
		printf(KIND_FILE);
	else
		printf(KIND_ANY);
}

/* True when the space-separated LIST holds WORD. */
static int has_word(const char *list, const char *word)
{
	size_t len = strlen(word);
	const char *s = list;

	while ((s = strstr(s, word)) != NULL) {
		if ((s == list || s[-1] == ' ') && (s[len] == ' ' || s[len] == '\0'))
			return 1;
		s += len;
	}
	return 0;
}

/* What completes the first positional argument WORD of a usage text. */
static const char *positional_kind(const char *word, const char *noun)
{
	if (strcmp(word, "CODE") == 0 && strcmp(noun, "project") == 0)
		return KIND_PROJECT;
	if (strcmp(word, "CODE") == 0)
		return KIND_UNIT;
	if (strcmp(word, "ID") == 0 && strcmp(noun, "person") == 0)
		return KIND_PERSON;
	if (strncmp(word, "FILE", 4) == 0 || strcmp(word, "SOURCE") == 0 || strcmp(word, "DEST") == 0)
		return KIND_FILE;
	if (strcmp(word, "COMMAND") == 0)
		return "@help";
	if (strcmp(word, "bash") == 0)
		return "bash";
	return "-";
}

/* Append " WORD" (no space first) to the space-separated LIST. */
static void add_word(char *list, size_t size, const char *word)
{
	size_t used = strlen(list);

	snprintf(list + used, size - used, "%s%s", used ? " " : "", word);
}

/* The usage token WORD (TOK, LEN bytes, before the brackets went) is an
 * option: add it to OPTS and print the arm of its value, if it takes one,
 * reading the value from *P.  Returns 1 for --format. */
static int option_token(const char *key, const struct cli_verb *v, const char *word, const char *tok, size_t len,
	const char **p, char *opts, size_t size)
{
	char name[64], flag[68], value[128] = "";
	const char *q = *p;
	const char *vtok;
	size_t vlen, nlen = strspn(word + 2, "abcdefghijklmnopqrstuvwxyz0123456789-");

	snprintf(name, sizeof(name), "%.*s", (int)nlen, word + 2);
	snprintf(flag, sizeof(flag), "--%s", name);
	if (!*name)
		return 0;
	if (!has_word(opts, flag))
		add_word(opts, size, flag);
	/* A value follows unless the option closed its bracket. */
	if (tok[len - 1] == ']' || !(vlen = next_token(&q, &vtok)))
		return strcmp(name, "format") == 0;
	strip_token(value, sizeof(value), vtok, vlen);
	if (!*value || value[0] == '-' || strcmp(value, "|") == 0)
		return strcmp(name, "format") == 0;
	*p = q;
	printf("\t'%s --%s') echo '", key, name);
	print_value_kind(name, value, v->flags);
	printf("' ;;\n");
	return strcmp(name, "format") == 0;
}

/* The case arms of one verb, KEY being "noun verb" or "noun". */
static void print_verb_tables(const char *key, const struct cli_verb *v, const char *noun)
{
	const char *p = v->usage ? v->usage : "";
	const char *tok, *pos_kind = NULL;
	char word[128], opts[1024] = "";
	size_t len, skip;
	int has_format = 0;

	/* Skip "grid NOUN [VERB]". */
	for (skip = v->name ? 3 : 2; skip > 0 && next_token(&p, &tok); skip--)
		;
	while ((len = next_token(&p, &tok)) > 0) {
		strip_token(word, sizeof(word), tok, len);
		if (strncmp(word, "--", 2) == 0)
			has_format |= option_token(key, v, word, tok, len, &p, opts, sizeof(opts));
		else if (!pos_kind && *word && strcmp(word, "|") != 0 && word[0] != '-')
			pos_kind = positional_kind(word, noun);
	}
	if (!has_format && v->flags & (CLI_FORMATS | CLI_REPORT_FORMATS | CLI_EXPORT_FORMATS | CLI_DOCUMENT_FORMATS |
					   CLI_GEOREPORT_FORMATS)) {
		add_word(opts, sizeof(opts), "--format");
		printf("\t'%s --format') echo '%s' ;;\n", key, format_words(v->flags));
	}
	/* --bom stands in no usage text: it goes with every table's --format. */
	if ((v->flags & CLI_FORMATS) && !(v->flags & CLI_NO_SHEETS))
		add_word(opts, sizeof(opts), "--bom");
	printf("\t'%s') echo '%s' ;;\n", key, opts);
	if (pos_kind && strcmp(pos_kind, "-") != 0)
		printf("\t'%s @') echo '%s' ;;\n", key, pos_kind);
}

static const char completion_body[] =
	"_grid_query() {\n"
	"\tlocal bin=${COMP_WORDS[0]}\n"
	"\tcase $bin in \"~/\"*) bin=$HOME/${bin#\"~/\"} ;; esac\n"
	"\t\"$bin\" ${_grid_db:+--db \"$_grid_db\"} -q \"$1\" list --format tsv 2>/dev/null </dev/null |\n"
	"\t\t{ read -r _ && cut -f1; }\n"
	"}\n"
	"\n"
	"_grid_words() {\n"
	"\tcase $1 in\n"
	"\t@unit) _grid_query unit ;;\n"
	"\t@person) _grid_query person ;;\n"
	"\t@project) _grid_query project ;;\n"
	"\t@help) echo \"$_grid_nouns hooks yaml metrics\" ;;\n"
	"\t@any) ;;\n"
	"\t*) echo \"$1\" ;;\n"
	"\tesac\n"
	"}\n"
	"\n"
	"_grid_reply() {\n"
	"\tlocal cur=$1 kind=$2 w IFS=$' \\t\\n'\n"
	"\tif [ \"$kind\" = @file ]; then\n"
	"\t\tcompopt -o filenames 2>/dev/null\n"
	"\t\tmapfile -t COMPREPLY < <(compgen -f -- \"$cur\")\n"
	"\t\treturn\n"
	"\tfi\n"
	"\tw=$(_grid_words \"$kind\")\n"
	"\tmapfile -t COMPREPLY < <(compgen -W \"$w\" -- \"$cur\")\n"
	"}\n"
	"\n"
	"_grid() {\n"
	"\tlocal cur=${COMP_WORDS[COMP_CWORD]} prev= noun= verb= key kind i w\n"
	"\tlocal _grid_db=\n"
	"\tCOMPREPLY=()\n"
	"\t[ \"$COMP_CWORD\" -gt 0 ] && prev=${COMP_WORDS[COMP_CWORD-1]}\n"
	"\ti=1\n"
	"\twhile [ \"$i\" -lt \"$COMP_CWORD\" ]; do\n"
	"\t\tw=${COMP_WORDS[i]}\n"
	"\t\tcase $w in\n"
	"\t\t--db) _grid_db=${COMP_WORDS[i+1]}; i=$((i + 2)); continue ;;\n"
	"\t\t--as|--now) i=$((i + 2)); continue ;;\n"
	"\t\t-*) ;;\n"
	"\t\t*)\n"
	"\t\t\tif [ -z \"$noun\" ]; then\n"
	"\t\t\t\tnoun=$w\n"
	"\t\t\telif [ -z \"$verb\" ] && [ -n \"$(_grid_verbs \"$noun\")\" ]; then\n"
	"\t\t\t\tverb=$w\n"
	"\t\t\telse\n"
	"\t\t\t\tbreak\n"
	"\t\t\tfi ;;\n"
	"\t\tesac\n"
	"\t\ti=$((i + 1))\n"
	"\tdone\n"
	"\tcase $prev in\n"
	"\t--db) _grid_reply \"$cur\" @file; return ;;\n"
	"\t--as) _grid_reply \"$cur\" @person; return ;;\n"
	"\t--now) return ;;\n"
	"\tesac\n"
	"\tif [ -z \"$noun\" ]; then\n"
	"\t\tcase $cur in\n"
	"\t\t-*) _grid_reply \"$cur\" \"$_grid_globals --help --version\" ;;\n"
	"\t\t*) _grid_reply \"$cur\" \"$_grid_nouns\" ;;\n"
	"\t\tesac\n"
	"\t\treturn\n"
	"\tfi\n"
	"\tif [ -z \"$verb\" ] && [ -n \"$(_grid_verbs \"$noun\")\" ]; then\n"
	"\t\tcase $cur in\n"
	"\t\t-*) _grid_reply \"$cur\" --help ;;\n"
	"\t\t*) _grid_reply \"$cur\" \"$(_grid_verbs \"$noun\")\" ;;\n"
	"\t\tesac\n"
	"\t\treturn\n"
	"\tfi\n"
	"\tkey=$noun${verb:+ $verb}\n"
	"\tcase $prev in\n"
	"\t-*)\n"
	"\t\tkind=$(_grid_opts \"$key $prev\")\n"
	"\t\tif [ -n \"$kind\" ]; then\n"
	"\t\t\t_grid_reply \"$cur\" \"$kind\"\n"
	"\t\t\treturn\n"
	"\t\tfi ;;\n"
	"\tesac\n"
	"\tcase $cur in\n"
	"\t-*) _grid_reply \"$cur\" \"$(_grid_opts \"$key\") --help $_grid_globals\" ;;\n"
	"\t*)\n"
	"\t\tkind=$(_grid_opts \"$key @\")\n"
	"\t\t[ -n \"$kind\" ] && _grid_reply \"$cur\" \"$kind\" ;;\n"
	"\tesac\n"
	"}\n"
	"\n"
	"complete -F _grid grid\n";

/* The words of the nouns and the verbs of each. */
static void print_nouns_and_verbs(void)
{
	const struct cli_noun *n;
	const struct cli_verb *v;

	printf("_grid_nouns='");
	for (n = cli_nouns; n->name; n++)
		printf("%s%s", n == cli_nouns ? "" : " ", n->name);
	printf("'\n\n_grid_verbs() {\n\tcase $1 in\n");
	for (n = cli_nouns; n->name; n++) {
		if (!n->verbs[0].name)
			continue;
		printf("\t%s) echo '", n->name);
		for (v = n->verbs; v->name; v++)
			printf("%s%s", v == n->verbs ? "" : " ", v->name);
		printf("' ;;\n");
	}
	printf("\tesac\n}\n\n");
}

/* "noun verb" gives the options, "noun verb --opt" what completes the
 * option's value, "noun verb @" what completes a positional argument. */
static void print_options(void)
{
	const struct cli_noun *n;
	const struct cli_verb *v;
	char key[128];

	printf("_grid_opts() {\n\tcase $1 in\n");
	for (n = cli_nouns; n->name; n++) {
		for (v = n->verbs; v->run; v++) {
			if (v->name)
				snprintf(key, sizeof(key), "%s %s", n->name, v->name);
			else
				snprintf(key, sizeof(key), "%s", n->name);
			print_verb_tables(key, v, n->name);
			if (!v->name)
				break;
		}
	}
	printf("\tesac\n}\n\n");
}

static int cmd_completion(struct cli *c, int argc, char **argv)
{
	struct cli_args it;
	int rc;

	if ((rc = cli_args_none(&it, c, argc, argv)) >= 0)
		return rc;
	if ((rc = cli_setup(c)))
		return rc;
	if (it.npos == 0)
		return cli_usage_error(c, _("missing SHELL"));
	if (strcmp(it.pos[0], "bash") != 0)
		return cli_usage_error(c, _("unknown shell '%s'; only bash is supported"), it.pos[0]);
	if ((rc = cli_want_positional(&it, 1, "SHELL")))
		return rc;
	printf("# bash completion for grid %s, written by 'grid completion bash'.\n", GRID_VERSION);
	printf("# Load it with: source <(grid completion bash)\n\n");
	printf("_grid_globals='--db --as --now -q --quiet --no-hooks'\n");
	print_nouns_and_verbs();
	print_options();
	printf("%s", completion_body);
	return EXIT_OK;
}

const struct cli_verb cli_completion_verbs[] = {
	{ NULL, cmd_completion, 0, "grid completion bash", N_("Print a bash completion script.") },
	{ NULL, NULL, 0, NULL, NULL },
};
