/* Hooks (grid-hooks(5)): the queue of the events a command committed,
 * the folder their programs are found in, and the payload each reads. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "hooks.h"

/* GRID_HOOK_TIMEOUT's default, in seconds. */
#define HOOK_TIMEOUT 10

/* A hook's payload, read while the database is open. */
struct hook_job {
	char path[4096];
	char name[32];     /* "post-escalate" */
	char *line;        /* one JSON line, newline included; NULL: none to run */
	size_t len;
};

void cli_hook_queue(struct cli *c, const char *event, int64_t id)
{
	struct cli_hook_call *calls;

	if (c->nhooks == c->hooks_cap) {
		size_t cap = c->hooks_cap ? c->hooks_cap * 2 : 4;

		if (!(calls = realloc(c->hooks, cap * sizeof(*calls)))) {
			cli_error("%s", _("out of memory"));
			return;
		}
		c->hooks = calls;
		c->hooks_cap = cap;
	}
	c->hooks[c->nhooks].event = event;
	c->hooks[c->nhooks].id = id;
	c->nhooks++;
}

/* The hooks folder: GRID_HOOKS_DIR, else $XDG_CONFIG_HOME/grid/hooks,
 * else ~/.config/grid/hooks; "" when there is no home to look in. */
static void hooks_dir(char *buf, size_t size)
{
	const char *dir = getenv("GRID_HOOKS_DIR");
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");

	if (dir && *dir)
		snprintf(buf, size, "%s", dir);
	else if (xdg && *xdg)
		snprintf(buf, size, "%s/grid/hooks", xdg);
	else if (home && *home)
		snprintf(buf, size, "%s/.config/grid/hooks", home);
	else
		buf[0] = '\0';
}

/* GRID_HOOK_TIMEOUT in seconds, the default when unset or not a
 * positive whole number (said once). */
static int hook_timeout(const struct cli *c)
{
	const char *v = getenv("GRID_HOOK_TIMEOUT");
	char *end;
	long n;

	if (!v || !*v)
		return HOOK_TIMEOUT;
	errno = 0;
	n = strtol(v, &end, 10);
	if (errno || *end || n < 1 || n > 86400) {
		cli_warn(c, _("GRID_HOOK_TIMEOUT '%s' is not a number of seconds from 1 to 86400: using %d"), v,
			HOOK_TIMEOUT);
		return HOOK_TIMEOUT;
	}
	return (int)n;
}

/* Whether a hook is to run at PATH: missing is no hook; a file that is
 * not a regular executable one is ignored, with a warning so that a
 * forgotten chmod +x is seen. */
static int hook_runnable(const char *path, const char *name)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return 0;
	if (!S_ISREG(st.st_mode) || access(path, X_OK) < 0) {
		cli_hook_warn(name, "%s", _("not an executable file: ignored"));
		return 0;
	}
	return 1;
}

/* The action of the event that EVENT's hook reports in the history. */
static const char *event_action(const char *event)
{
	if (strcmp(event, "add") == 0)
		return "report";
	if (strcmp(event, "sweep") == 0)
		return "escalate";
	return event;
}

/* The history's last event of ACTION: the one the command just wrote. */
static json_t *last_event(json_t *doc, const char *action)
{
	json_t *history = json_object_get(doc, "history");
	size_t i = json_array_size(history);

	while (i-- > 0) {
		json_t *ev = json_array_get(history, i);

		if (json_is_string(json_object_get(ev, "action")) &&
			strcmp(json_string_value(json_object_get(ev, "action")), action) == 0)
			return ev;
	}
	return NULL;
}

/* The payload of CALL: `issue show --format json`'s document with the
 * event just written under "event", as one line.  Returns 0, or -1 with
 * the error printed. */
static int build_payload(struct cli *c, const struct cli_hook_call *call, struct hook_job *job)
{
	json_t *doc, *ev;
	char *text;

	if (cli_issue_json(c, call->id, &doc))
		return -1;
	ev = last_event(doc, event_action(call->event));
	json_object_set(doc, "event", ev ? ev : json_null());
	text = json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
	json_decref(doc);
	if (!text || !(job->line = realloc(text, strlen(text) + 2))) {
		free(text);
		cli_hook_warn(job->name, "%s", _("out of memory"));
		return -1;
	}
	job->len = strlen(job->line);
	memcpy(job->line + job->len++, "\n", 2);
	return 0;
}

/* Read the payload of every queued event that has a hook, into JOBS. */
static void prepare(struct cli *c, const char *dir, struct hook_job *jobs)
{
	size_t i;

	for (i = 0; i < c->nhooks; i++) {
		struct hook_job *job = &jobs[i];

		snprintf(job->name, sizeof(job->name), "post-%s", c->hooks[i].event);
		snprintf(job->path, sizeof(job->path), "%s/%s", dir, job->name);
		if (hook_runnable(job->path, job->name))
			build_payload(c, &c->hooks[i], job);
	}
}

/* Whether hooks run at all: not with --no-hooks, not from a grid that a
 * hook ran (GRID_HOOK is set), so a hook that writes cannot loop. */
static int hooks_wanted(const struct cli *c)
{
	const char *nested = getenv("GRID_HOOK");

	return c->nhooks && !c->no_hooks && !(nested && *nested);
}

void cli_hooks_run(struct cli *c)
{
	struct hook_job *jobs;
	char dir[4096];
	int timeout;
	size_t i;

	hooks_dir(dir, sizeof(dir));
	if (!hooks_wanted(c) || !*dir || access(dir, F_OK) < 0)
		return;
	if (!(jobs = calloc(c->nhooks, sizeof(*jobs)))) {
		cli_error("%s", _("out of memory"));
		return;
	}
	prepare(c, dir, jobs);
	/* No read or write of this command may stay open in a hook's way. */
	grid_db_close(c->db);
	c->db = NULL;
	/* A hook that runs grid again finds the same database. */
	setenv("GRID_DB", c->db_path, 1);
	timeout = hook_timeout(c);
	for (i = 0; i < c->nhooks; i++) {
		if (!jobs[i].line)
			continue;
		setenv("GRID_HOOK", jobs[i].name, 1);
		cli_hook_exec(jobs[i].path, jobs[i].name, c->command, jobs[i].line, jobs[i].len, timeout);
		free(jobs[i].line);
	}
	free(jobs);
}
