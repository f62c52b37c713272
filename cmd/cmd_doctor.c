/* grid doctor: the database's file modes, owners, journal and schema, and
 * a warning for each way they let others in or keep staff out.  The exit
 * status says whether there was a warning, for cron and scripts. */
#include <string.h>

#include "cli.h"

static const struct out_col state_cols[] = {
	{ "path", N_("DATABASE"), OUT_STR },
	{ "mode", N_("MODE"), OUT_STR },
	{ "owner", N_("OWNER"), OUT_STR },
	{ "group", N_("GROUP"), OUT_STR },
	{ "folder", N_("FOLDER"), OUT_STR },
	{ "folder_mode", N_("FOLDER MODE"), OUT_STR },
	{ "folder_owner", N_("FOLDER OWNER"), OUT_STR },
	{ "folder_group", N_("FOLDER GROUP"), OUT_STR },
	{ "wal_group", N_("WAL GROUP"), OUT_STR },
	{ "shm_group", N_("SHM GROUP"), OUT_STR },
	{ "journal_mode", N_("JOURNAL MODE"), OUT_STR },
	{ "schema", N_("SCHEMA"), OUT_INT },
};

#define NSTATE (sizeof(state_cols) / sizeof(state_cols[0]))
#define MAX_WARNINGS 8

/* The warnings of one state, each a line of text. */
struct warnings {
	char text[MAX_WARNINGS][1200];
	int n;
};

static void warn_add(struct warnings *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void warn_add(struct warnings *w, const char *fmt, ...)
{
	va_list ap;

	if (w->n == MAX_WARNINGS)
		return;
	va_start(ap, fmt);
	vsnprintf(w->text[w->n++], sizeof(w->text[0]), fmt, ap);
	va_end(ap);
}

/* A companion file NAME (-wal, -shm) whose group is not the database's
 * keeps out the staff who lack that group. */
static void check_companion(struct warnings *w, const grid_db_state *s, const grid_file_info *f, const char *path,
	const char *suffix)
{
	if (f->exists && f->gid != s->file.gid)
		warn_add(w, _("%s%s has group '%s', not the database's '%s': staff outside it cannot open the database"),
			path, suffix, f->group, s->file.group);
}

static void check_state(struct warnings *w, const grid_db_state *s, const char *path)
{
	if (s->file.mode & 0006)
		warn_add(w, _("the database %s is readable or writable by others (mode %04o): run 'chmod o-rwx %s'"), path,
			s->file.mode, path);
	if (s->dir.exists && (s->dir.mode & 0006))
		warn_add(w, _("the folder %s is readable or writable by others (mode %04o)"), s->folder, s->dir.mode);
	if ((s->file.mode & 0060) && s->dir.exists && !(s->dir.mode & 02000))
		warn_add(w, _("the database %s is shared with its group but its folder %s is not setgid: the -wal and -shm "
			"files will take each writer's own group (see 'grid init --group')"), path, s->folder);
	check_companion(w, s, &s->wal, path, "-wal");
	check_companion(w, s, &s->shm, path, "-shm");
}

static void state_vals(const grid_db_state *s, const char *path, struct out_val *v, char modes[2][8])
{
	snprintf(modes[0], sizeof(modes[0]), "%04o", s->file.mode);
	snprintf(modes[1], sizeof(modes[1]), "%04o", s->dir.mode);
	v[0] = out_str(path);
	v[1] = out_str(modes[0]);
	v[2] = out_str(s->file.owner);
	v[3] = out_str(s->file.group);
	v[4] = out_str(s->folder);
	v[5] = out_str(s->dir.exists ? modes[1] : NULL);
	v[6] = out_str(s->dir.exists ? s->dir.owner : NULL);
	v[7] = out_str(s->dir.exists ? s->dir.group : NULL);
	v[8] = out_str(s->wal.exists ? s->wal.group : NULL);
	v[9] = out_str(s->shm.exists ? s->shm.group : NULL);
	v[10] = out_str(s->journal_mode);
	v[11] = out_int(s->schema);
}

/* The state as "key: value" lines or one JSON object with the warnings. */
static int print_state(const struct cli *c, const grid_db_state *s, const struct warnings *w)
{
	struct out_val v[NSTATE];
	char modes[2][8], buf[64];
	size_t i;

	state_vals(s, c->db_path, v, modes);
	if (c->format == FMT_JSON) {
		json_t *doc = out_json_row(state_cols, NSTATE, v);
		json_t *list = json_array();
		int k;

		for (k = 0; k < w->n; k++)
			json_array_append_new(list, json_string(w->text[k]));
		json_object_set_new(doc, "warnings", list);
		return out_json_dump(doc);
	}
	for (i = 0; i < NSTATE; i++)
		if (!v[i].null)
			out_kv(_(state_cols[i].title), out_text_cell(&state_cols[i], &v[i], buf, sizeof buf));
	return EXIT_OK;
}

static const struct out_col server_cols[] = {
	{ "database", N_("DATABASE"), OUT_STR },
	{ "engine", N_("ENGINE"), OUT_STR },
	{ "server_version", N_("SERVER VERSION"), OUT_STR },
	{ "user", N_("USER"), OUT_STR },
	{ "superuser", N_("SUPERUSER"), OUT_BOOL },
	{ "roles", N_("ROLES"), OUT_BOOL },
	{ "schema", N_("SCHEMA"), OUT_INT },
};

#define NSERVER (sizeof(server_cols) / sizeof(server_cols[0]))

/* A server's database: who is connected and whether the server's rules
 * (grid init --roles) hold for them. */
static int doctor_server(struct cli *c)
{
	grid_server_state s;
	struct out_val v[NSERVER];
	struct warnings w;
	char buf[64];
	size_t i;
	int rc, k;

	if ((rc = grid_db_server_state(c->db_path, &s)))
		return cli_fail(rc);
	memset(&w, 0, sizeof w);
	if (!s.roles)
		warn_add(&w, _("the group roles are missing: run 'grid init --roles' as a role that may create roles"));
	if (s.superuser)
		warn_add(&w, _("connected as '%s', a superuser, whom row-level security does not hold: staff connect as "
			"their own roles (grid-init(1))"), s.user);
	v[0] = out_str(s.where);
	v[1] = out_str("postgresql");
	v[2] = out_str(s.version);
	v[3] = out_str(s.user);
	v[4] = out_bool(s.superuser);
	v[5] = out_bool(s.roles);
	v[6] = out_int(s.schema);
	if (c->format == FMT_JSON) {
		json_t *doc = out_json_row(server_cols, NSERVER, v);
		json_t *list = json_array();

		for (k = 0; k < w.n; k++)
			json_array_append_new(list, json_string(w.text[k]));
		json_object_set_new(doc, "warnings", list);
		if ((rc = out_json_dump(doc)))
			return rc;
	} else {
		for (i = 0; i < NSERVER; i++)
			out_kv(_(server_cols[i].title), out_text_cell(&server_cols[i], &v[i], buf, sizeof buf));
	}
	for (k = 0; k < w.n; k++)
		cli_warn(c, "%s", w.text[k]);
	return w.n ? EXIT_FAIL : EXIT_OK;
}

static int cmd_doctor(struct cli *c, int argc, char **argv)
{
	grid_db_state s;
	struct warnings w;
	struct cli_args it;
	int rc, k;

	if ((rc = cli_args_none(&it, c, argc, argv)) >= 0)
		return rc;
	if ((rc = cli_setup(c)) || (rc = cli_want_positional(&it, 0, "")))
		return rc;
	if (grid_db_is_server(c->db_path))
		return doctor_server(c);
	if ((rc = grid_db_file_state(c->db_path, &s)))
		return cli_fail(rc);
	memset(&w, 0, sizeof w);
	check_state(&w, &s, c->db_path);
	if ((rc = print_state(c, &s, &w)))
		return rc;
	for (k = 0; k < w.n; k++)
		cli_warn(c, "%s", w.text[k]);
	return w.n ? EXIT_FAIL : EXIT_OK;
}

const struct cli_verb cli_doctor_verbs[] = {
	{ NULL, cmd_doctor, CLI_DOCUMENT_FORMATS, "grid doctor [--format text|json]",
	  N_("Report the database's modes, owners, journal and schema; warn where others can get in or staff are kept out.") },
	{ NULL, NULL, 0, NULL, NULL },
};
