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
 * line end and a '\r' before it are dropped. NULL on end of input before anything, an error, an
 * interrupt, or a line longer than SECRET_MAX (read to its end and wiped, never used cut: *too_long
 * says so when not NULL). */
static char *read_line_fd(int fd, bool *too_long)
{
	char *s = calloc(SECRET_MAX + 1, 1);
	size_t n = 0;
	bool overlong = false, got_line = false;
	while (s) {
		char c;
		ssize_t r = read(fd, &c, 1);
		if (r < 0 && errno == EINTR && !interrupted)
			continue;
		if (r <= 0)
			break;
		if (c == '\n') {
			got_line = true;
			break;
		}
		if (n < SECRET_MAX)
			s[n++] = c;
		else
			overlong = true; /* read on to the line's end, keep nothing more */
		c = 0;
	}
	if (!s)
		return NULL;
	if (n && s[n - 1] == '\r')
		s[--n] = '\0';
	if (too_long)
		*too_long = overlong;
	if (interrupted || overlong || (n == 0 && !got_line)) {
		secret_wipe(s, SECRET_MAX + 1);
		free(s);
		return NULL;
	}
	return s;
}

/* The terminal as it was before the prompt turned echo off; restored by a signal that ends the program
 * at the prompt, so that the shell does not inherit a terminal without echo. */
static struct termios prompt_tty;
static volatile sig_atomic_t prompt_tty_saved;

static void restore_tty_and_die(int sig)
{
	if (prompt_tty_saved)
		tcsetattr(STDIN_FILENO, TCSANOW, &prompt_tty);
	signal(sig, SIG_DFL);
	raise(sig);
}

char *cli_bulk_read_secret(cli_ctx *x, const char *prompt)
{
	bool too_long = false;
	char *s;
	if (!isatty(STDIN_FILENO)) {
		s = read_line_fd(STDIN_FILENO, &too_long);
	} else {
		/* echo off before the prompt shows, so that nothing typed after it is echoed; TCSANOW keeps what
		 * was typed ahead */
		static const int sigs[] = {SIGTERM, SIGHUP, SIGQUIT};
		void (*was[3])(int) = {SIG_DFL, SIG_DFL, SIG_DFL};
		if (tcgetattr(STDIN_FILENO, &prompt_tty) == 0) {
			struct termios quiet = prompt_tty;
			quiet.c_lflag &= (tcflag_t)~(ECHO | ECHONL);
			prompt_tty_saved = 1;
			for (int i = 0; i < 3; i++)
				was[i] = signal(sigs[i], restore_tty_and_die);
			tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
		}
		fprintf(x->errf, "%s: ", prompt);
		fflush(x->errf);
		s = read_line_fd(STDIN_FILENO, &too_long);
		if (prompt_tty_saved) {
			tcsetattr(STDIN_FILENO, TCSANOW, &prompt_tty);
			prompt_tty_saved = 0;
			for (int i = 0; i < 3; i++)
				signal(sigs[i], was[i]);
		}
		fputc('\n', x->errf);
	}
	if (too_long)
		fprintf(x->errf, "swrtui: the secret is longer than %d bytes: refused, not cut\n", SECRET_MAX);
	return s;
}

bool cli_bulk_confirm(cli_ctx *x, const char *question)
{
	fprintf(x->errf, "%s [y/N] ", question);
	fflush(x->errf);
	char *line = read_line_fd(STDIN_FILENO, NULL);
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
