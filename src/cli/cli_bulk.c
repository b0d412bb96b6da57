/* cli_bulk.c — what rotate and import share: a secret read from standard input or prompted without
 * echo on a terminal (never from argv; the caller wipes it), Ctrl-C noted between registries instead
 * of killing the process, a yes/no question, and the summary line of a run. */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "swrtui/base/secret.h"
#include "cli_bulk.h"

#define SECRET_MAX 4096

static volatile sig_atomic_t interrupted;
static struct sigaction old_int;

static void on_sigint(int sig)
{
	(void)sig;
	interrupted = 1;
}

void cli_bulk_catch_interrupt(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_sigint; /* no SA_RESTART: a read waiting for a secret ends */
	sigemptyset(&sa.sa_mask);
	interrupted = 0;
	sigaction(SIGINT, &sa, &old_int);
}

void cli_bulk_release_interrupt(void)
{
	sigaction(SIGINT, &old_int, NULL);
}

bool cli_bulk_interrupted(void)
{
	return interrupted != 0;
}

/* Reads one line from fd with read(2) (no stdio buffer keeps a copy), at most SECRET_MAX bytes; the
 * line end and a '\r' before it are dropped. NULL on end of input before anything, an error or an
 * interrupt. */
static char *read_line_fd(int fd)
{
	char *s = calloc(SECRET_MAX + 1, 1);
	size_t n = 0;
	while (s && n < SECRET_MAX) {
		ssize_t r = read(fd, s + n, 1);
		if (r < 0 && errno == EINTR && !interrupted)
			continue;
		if (r <= 0 || s[n] == '\n')
			break;
		n++;
	}
	if (!s)
		return NULL;
	bool got_line = n < SECRET_MAX && s[n] == '\n';
	s[n] = '\0';
	if (n && s[n - 1] == '\r')
		s[--n] = '\0';
	if (interrupted || (n == 0 && !got_line)) {
		secret_wipe(s, SECRET_MAX + 1);
		free(s);
		return NULL;
	}
	return s;
}

char *cli_bulk_read_secret(cli_ctx *x, const char *prompt)
{
	if (!isatty(STDIN_FILENO))
		return read_line_fd(STDIN_FILENO);
	/* echo off before the prompt shows, so that nothing typed after it is echoed; TCSANOW keeps what
	 * was typed ahead */
	struct termios old, quiet;
	bool echo_off = tcgetattr(STDIN_FILENO, &old) == 0;
	if (echo_off) {
		quiet = old;
		quiet.c_lflag &= (tcflag_t)~(ECHO | ECHONL);
		echo_off = tcsetattr(STDIN_FILENO, TCSANOW, &quiet) == 0;
	}
	fprintf(x->errf, "%s: ", prompt);
	fflush(x->errf);
	char *s = read_line_fd(STDIN_FILENO);
	if (echo_off)
		tcsetattr(STDIN_FILENO, TCSANOW, &old);
	fputc('\n', x->errf);
	return s;
}

bool cli_bulk_confirm(cli_ctx *x, const char *question)
{
	fprintf(x->errf, "%s [y/N] ", question);
	fflush(x->errf);
	char *line = read_line_fd(STDIN_FILENO);
	bool yes = line && (line[0] == 'y' || line[0] == 'Y');
	free(line);
	return yes;
}

int cli_bulk_summary(cli_ctx *x, const char *verb, size_t done, size_t failed, size_t not_tried)
{
	fprintf(x->out, "%s: %zu done, %zu failed, %zu not tried%s\n", verb, done, failed, not_tried,
	        interrupted ? " (interrupted)" : "");
	if (interrupted)
		return CLI_EXIT_INTERRUPTED;
	if (failed)
		return CLI_EXIT_REFUSED;
	return CLI_EXIT_OK;
}
