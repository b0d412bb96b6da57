/* term.c — the screen lifecycle: start and stop curses, colours (NO_COLOR honoured), bracketed paste,
 * the Esc delay, and signals (the terminal is restored with async-signal-safe calls on SIGTERM, SIGHUP,
 * SIGINT and on a crash). */
#include <curses.h>
#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <termios.h>
#include <unistd.h>

#include "term.h"

#include "keys.h"

static struct termios saved_tio;
static bool have_tio;
static bool started;
static char restore_seq[256]; /* written on a signal: leave paste mode, alternate screen, show cursor */
static size_t restore_len;
static struct sigaction old_actions[NSIG];
static const int fatal_signals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
static const int quit_signals[] = {SIGTERM, SIGHUP, SIGINT, SIGQUIT};

static void restore_terminal_async(void)
{
	if (restore_len) {
		ssize_t r = write(STDOUT_FILENO, restore_seq, restore_len);
		(void)r;
	}
	if (have_tio)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_tio);
}

static void on_quit_signal(int sig)
{
	restore_terminal_async();
	_exit(128 + sig);
}

static void on_fatal_signal(int sig)
{
	restore_terminal_async();
	/* hand on to the previous handler (a sanitizer's, or the default that dumps) */
	sigaction(sig, &old_actions[sig], NULL);
	raise(sig);
}

static void add_seq(const char *cap)
{
	char *s = tigetstr((char *)cap);
	if (s && s != (char *)-1) {
		size_t n = strlen(s);
		if (restore_len + n < sizeof restore_seq) {
			memcpy(restore_seq + restore_len, s, n);
			restore_len += n;
		}
	}
}

static void install_handlers(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_quit_signal;
	for (size_t i = 0; i < sizeof quit_signals / sizeof quit_signals[0]; i++)
		sigaction(quit_signals[i], &sa, &old_actions[quit_signals[i]]);
	sa.sa_handler = on_fatal_signal;
	for (size_t i = 0; i < sizeof fatal_signals / sizeof fatal_signals[0]; i++)
		sigaction(fatal_signals[i], &sa, &old_actions[fatal_signals[i]]);
}

static void remove_handlers(void)
{
	for (size_t i = 0; i < sizeof quit_signals / sizeof quit_signals[0]; i++)
		sigaction(quit_signals[i], &old_actions[quit_signals[i]], NULL);
	for (size_t i = 0; i < sizeof fatal_signals / sizeof fatal_signals[0]; i++)
		sigaction(fatal_signals[i], &old_actions[fatal_signals[i]], NULL);
}

int term_check(char *err, size_t errlen)
{
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		snprintf(err, errlen,
		         "the terminal UI needs a terminal on standard input and output; for scripts use the plain "
		         "commands (list, show, apply, create, delete; see --help)");
		return -1;
	}
	const char *term = getenv("TERM");
	if (!term || !*term || strcmp(term, "dumb") == 0) {
		snprintf(err, errlen,
		         "TERM is %s: the terminal UI needs a terminal that can move the cursor (such as xterm-256color "
		         "or vt100); the plain commands work anywhere (see --help)",
		         term && *term ? "\"dumb\"" : "not set");
		return -1;
	}
	return 0;
}

int term_start(char *err, size_t errlen)
{
	if (term_check(err, errlen) != 0)
		return -1;
	const char *term = getenv("TERM");
	const char *codeset = nl_langinfo(CODESET);
	term_set_utf8(codeset && (strcmp(codeset, "UTF-8") == 0 || strcmp(codeset, "utf8") == 0));
	if (tcgetattr(STDIN_FILENO, &saved_tio) == 0)
		have_tio = true;
	SCREEN *scr = newterm(NULL, stdout, stdin);
	if (!scr) {
		snprintf(err, errlen, "cannot start the terminal UI on TERM=%s (unknown terminal type?)", term);
		return -1;
	}
	set_term(scr);
	started = true;
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(TERM_ESC_DELAY_MS);
	meta(stdscr, TRUE);
	curs_set(0);
	restore_len = 0;
	add_seq("rmkx");
	add_seq("sgr0");
	add_seq("cnorm");
	add_seq("rmcup");
	const char *paste_off = "\033[?2004l";
	if (restore_len + strlen(paste_off) < sizeof restore_seq) {
		memcpy(restore_seq + restore_len, paste_off, strlen(paste_off));
		restore_len += strlen(paste_off);
	}
	install_handlers();
	const char *nc = getenv("NO_COLOR");
	bool color = has_colors() && !(nc && *nc);
	term_set_color(color);
	if (color) {
		start_color();
		use_default_colors();
		term_set_palette(COLORS);
		term_init_roles();
	}
	keys_define();
	fputs("\033[?2004h", stdout); /* bracketed paste on */
	fflush(stdout);
	term_update_size();
	return 0;
}

void term_stop(void)
{
	if (!started)
		return;
	fputs("\033[?2004l", stdout);
	fflush(stdout);
	curs_set(1);
	endwin();
	delscreen(set_term(NULL));
	remove_handlers();
	if (have_tio)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_tio);
	started = false;
}

const char *term_library_version(void)
{
	return curses_version();
}
