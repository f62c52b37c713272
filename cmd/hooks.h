/* Hooks (grid-hooks(5)): the programs the user puts in a folder, run
 * after a command's writes are committed, one per event, with the issue
 * as one JSON line on their standard input.
 *
 * A verb queues the events it committed (cli_hook_queue); main() runs
 * them (cli_hooks_run) once the verb succeeded and standard output is
 * flushed.  Running programs is the program's business, not the
 * library's: libgrid never forks. */
#ifndef GRID_HOOKS_H
#define GRID_HOOKS_H

#include <stdint.h>

struct cli;

/* One event a verb committed: hook post-EVENT, for issue ID. */
struct cli_hook_call {
	const char *event;  /* "add", "accept", …, "sweep": a static string */
	int64_t id;
};

/* Remember that EVENT happened to issue ID, for after the command.  A
 * queue that cannot grow loses the event with a warning. */
void cli_hook_queue(struct cli *c, const char *event, int64_t id);

/* Run the hooks of the queued events, in order: their payloads read
 * first, then the database closed (no lock or transaction outlives the
 * command into a hook that runs grid again), then each hook waited for.
 * A hook's failure is a warning: the command's exit status stays. */
void cli_hooks_run(struct cli *c);

/* ---- one hook's process (hook_exec.c) ------------------------------------ */

/* Run the hook at PATH (named NAME in messages) for COMMAND ("case
 * escalate"): argv PATH api:1 command:COMMAND, LINE (LEN bytes) on its
 * standard input, its standard output and error on grid's standard
 * error, in a process group of its own that is killed when it outlives
 * TIMEOUT seconds.  A failure is said on standard error, whatever -q. */
void cli_hook_exec(const char *path, const char *name, const char *command, const char *line, size_t len,
	int timeout);

/* "grid: warning: hook NAME: MESSAGE" on standard error, even under -q:
 * a hook that failed is what a quiet cron job must still report. */
void cli_hook_warn(const char *name, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
