/* One hook's process: started with its payload on a pipe, waited for
 * with a deadline, and killed with everything it started when it passes
 * the deadline.  grid's own descriptors stay out of it (the pipe's write
 * end is close-on-exec; the database is closed before any hook runs). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "hooks.h"

/* How often a running hook is looked at, in milliseconds: its exit is
 * noticed this late at worst. */
#define HOOK_TICK_MS 20

void cli_hook_warn(const char *name, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "grid: %s", _("warning: "));
	fprintf(stderr, _("hook %s: "), name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The child: a process group of its own (so that a time-out kills what
 * the hook started too), the payload on fd 0, fd 1 onto grid's standard
 * error so grid's standard output stays its data. */
static void exec_child(const char *path, const char *command, int in)
{
	char cmd_arg[96];
	char *argv[4];

	setpgid(0, 0);
	if (dup2(in, STDIN_FILENO) < 0 || dup2(STDERR_FILENO, STDOUT_FILENO) < 0)
		_exit(127);
	snprintf(cmd_arg, sizeof(cmd_arg), "command:%s", command);
	argv[0] = (char *)path;
	argv[1] = (char *)"api:1";
	argv[2] = cmd_arg;
	argv[3] = NULL;
	execv(path, argv);
	_exit(errno == ENOENT ? 127 : 126);
}

/* Feed what is left of the payload to *fd without blocking; close it
 * when all is written or the hook will read no more (EPIPE). */
static void feed(int *fd, const char **line, size_t *left)
{
	ssize_t n = write(*fd, *line, *left);

	if (n > 0) {
		*line += n;
		*left -= (size_t)n;
	}
	if (*left == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
		close(*fd);
		*fd = -1;
	}
}

/* Wait for PID until TIMEOUT seconds have passed, feeding it the
 * payload meanwhile.  Returns 1 with *status set when it ended, 0 when
 * the time ran out. */
static int wait_child(pid_t pid, int fd, const char *line, size_t len, int timeout, int *status)
{
	int64_t deadline = now_ms() + (int64_t)timeout * 1000;
	struct pollfd p;

	for (;;) {
		pid_t r = waitpid(pid, status, WNOHANG);

		if (r == pid || (r < 0 && errno != EINTR))
			break;
		if (now_ms() >= deadline) {
			if (fd >= 0)
				close(fd);
			return 0;
		}
		p.fd = fd;
		p.events = POLLOUT;
		if (poll(fd >= 0 ? &p : NULL, fd >= 0 ? 1 : 0, HOOK_TICK_MS) > 0 && fd >= 0)
			feed(&fd, &line, &len);
	}
	if (fd >= 0)
		close(fd);
	return 1;
}

/* Say how the hook NAME ended, when it failed. */
static void report_status(const char *name, int status)
{
	if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
		cli_hook_warn(name, _("exited with status %d"), WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		cli_hook_warn(name, _("killed by signal %d"), WTERMSIG(status));
}

void cli_hook_exec(const char *path, const char *name, const char *command, const char *line, size_t len,
	int timeout)
{
	int fds[2], status = 0;
	pid_t pid;

	if (pipe2(fds, O_CLOEXEC) < 0) {
		cli_hook_warn(name, _("cannot run: %s"), strerror(errno));
		return;
	}
	fflush(stdout);
	fflush(stderr);
	if ((pid = fork()) < 0) {
		cli_hook_warn(name, _("cannot run: %s"), strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return;
	}
	if (pid == 0)
		exec_child(path, command, fds[0]);
	/* Also here, so that a kill right after fork finds the group. */
	setpgid(pid, pid);
	close(fds[0]);
	fcntl(fds[1], F_SETFL, O_NONBLOCK);
	if (!wait_child(pid, fds[1], line, len, timeout, &status)) {
		kill(-pid, SIGKILL);
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		cli_hook_warn(name, _("still running after %d s: killed, with the processes it started"), timeout);
		return;
	}
	report_status(name, status);
}
