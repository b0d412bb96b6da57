/* term.c — the screen lifecycle: start and stop curses, colours (NO_COLOR honoured), bracketed paste,
 * signals (the terminal is restored with async-signal-safe calls on SIGTERM, SIGHUP, SIGINT and on a
 * crash), key input, and the small drawing helpers every screen uses. */
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

#include "swrtui/base/buf.h"
#include "swrtui/model/lineedit.h"
#include "swrtui/base/text.h"
#include "ui.h"

#define KEY_PASTE_BEGIN (KEY_MAX + 1)
#define KEY_PASTE_END (KEY_MAX + 2)
#define MAX_PASTE (16 * 1024 * 1024)

static bool quit_flag;             /* Ctrl-C was pressed */
static bool utf8_terminal = true; /* the locale's character set is UTF-8 */
static struct termios saved_tio;
static bool have_tio;
static bool started;
static char restore_seq[256]; /* written on a signal: leave paste mode, alternate screen, show cursor */
static size_t restore_len;
static struct sigaction old_actions[NSIG];
static const int fatal_signals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
static const int quit_signals[] = {SIGTERM, SIGHUP, SIGINT, SIGQUIT};

static int cp_width(unsigned cp);

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

int ui_term_check(char *err, size_t errlen)
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

int ui_term_start(ui *u, char *err, size_t errlen)
{
	if (ui_term_check(err, errlen) != 0)
		return -1;
	const char *term = getenv("TERM");
	const char *codeset = nl_langinfo(CODESET);
	utf8_terminal = codeset && (strcmp(codeset, "UTF-8") == 0 || strcmp(codeset, "utf8") == 0);
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
	set_escdelay(25);
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
	u->color = has_colors() && !(nc && *nc);
	if (u->color) {
		start_color();
		use_default_colors();
		init_pair(UI_PAIR_TITLE, COLOR_WHITE, COLOR_BLUE);
		init_pair(UI_PAIR_ERROR, COLOR_RED, -1);
		init_pair(UI_PAIR_OK, COLOR_GREEN, -1);
		init_pair(UI_PAIR_FOCUS, COLOR_BLACK, COLOR_CYAN);
		init_pair(UI_PAIR_DIM, COLOR_BLUE, -1);
		init_pair(UI_PAIR_WARN, COLOR_YELLOW, -1);
		init_pair(UI_PAIR_PANEL, COLOR_WHITE, COLOR_BLUE);
	}
	define_key("\033[200~", KEY_PASTE_BEGIN);
	define_key("\033[201~", KEY_PASTE_END);
	fputs("\033[?2004h", stdout); /* bracketed paste on */
	fflush(stdout);
	ui_update_size(u);
	return 0;
}

void ui_term_stop(void)
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

void ui_update_size(ui *u)
{
	getmaxyx(stdscr, u->rows, u->cols);
}

bool ui_too_small(ui *u)
{
	ui_update_size(u);
	if (u->cols >= UI_MIN_COLS && u->rows >= UI_MIN_ROWS)
		return false;
	erase();
	int w = u->cols > 0 ? u->cols : 1;
	char msg[128];
	snprintf(msg, sizeof msg, "terminal too small: %dx%d, needs %dx%d", u->cols, u->rows, UI_MIN_COLS, UI_MIN_ROWS);
	if ((int)strlen(msg) > w) /* the need first: on a tiny screen only the first lines show */
		snprintf(msg, sizeof msg, "terminal too small: needs %dx%d (now\x01%dx%d)", UI_MIN_COLS, UI_MIN_ROWS,
		         u->cols, u->rows); /* \x01: a space that does not break */
	/* wrapped at spaces (a word longer than a line is cut), centred */
	size_t start[64], len[64], n = 0, i = 0, total = strlen(msg);
	while (i < total && n < 64) {
		while (i < total && msg[i] == ' ')
			i++;
		if (i >= total)
			break;
		size_t end = total - i > (size_t)w ? i + (size_t)w : total, cut = end;
		if (end < total && msg[end] != ' ') {
			size_t j = end;
			while (j > i && msg[j] != ' ')
				j--;
			if (j > i)
				cut = j;
		}
		start[n] = i;
		len[n++] = cut - i;
		i = cut;
	}
	int shown = (int)n < u->rows ? (int)n : u->rows;
	int y0 = (u->rows - shown) / 2;
	attron(A_BOLD);
	for (int k = 0; k < shown; k++) {
		char line[128];
		memcpy(line, msg + start[k], len[k]);
		line[len[k]] = '\0';
		for (char *c = line; *c; c++)
			if (*c == '\x01')
				*c = ' ';
		ui_put(y0 + k, (w - (int)len[k]) / 2, line, w);
	}
	attroff(A_BOLD);
	curs_set(0);
	refresh();
	return true;
}

/* ---- keys ---- */

void ui_key_free(ui_key *k)
{
	if (k->text) {
		memset(k->text, 0, k->len);
		free(k->text);
	}
	memset(k, 0, sizeof *k);
}

bool ui_key_is(const ui_key *k, int code)
{
	return (k->kind == UI_KEY_FUNC || k->kind == UI_KEY_CHAR) && k->code == code;
}

/* Input is read a byte (or a function key) at a time and decoded here rather than by get_wch, which
 * on an invalid sequence also swallows the valid characters after it. An invalid or incomplete
 * sequence is dropped one byte at a time and what follows it is decoded again; in a non-UTF-8 locale
 * (the C locale) every byte that is not a character of it is dropped. */
#define SEQ_MAX 8
#define CONT_TIMEOUT_MS 100 /* the rest of a character arrives with its first byte */

static int pending[2 * SEQ_MAX + 2]; /* bytes or a key read ahead, in order */
static size_t npending;

static int next_input(int timeout_ms)
{
	if (npending) {
		int c = pending[0];
		npending--;
		memmove(pending, pending + 1, npending * sizeof pending[0]);
		return c;
	}
	timeout(timeout_ms);
	return wgetch(stdscr);
}

static void unread_input(const int *v, size_t n)
{
	if (n == 0 || npending + n > sizeof pending / sizeof pending[0])
		return;
	memmove(pending + n, pending, npending * sizeof pending[0]);
	memcpy(pending, v, n * sizeof pending[0]);
	npending += n;
}

/* OK with a character in *out, KEY_CODE_YES with a function key, or ERR after the timeout. */
static int read_input(int timeout_ms, wint_t *out)
{
	for (;;) {
		int c = next_input(timeout_ms);
		if (c == ERR)
			return ERR;
		if (c > 0xff) {
			*out = (wint_t)c;
			return KEY_CODE_YES;
		}
		if (c < 0x80) {
			*out = (wint_t)c;
			return OK;
		}
		int seq[SEQ_MAX + 1];
		char bytes[SEQ_MAX];
		size_t n = 0;
		seq[n] = c;
		bytes[n++] = (char)c;
		for (;;) {
			mbstate_t st;
			memset(&st, 0, sizeof st);
			wchar_t wc = 0;
			size_t r = mbrtowc(&wc, bytes, n, &st);
			if (r != (size_t)-1 && r != (size_t)-2) {
				*out = (wint_t)wc;
				return OK;
			}
			if (r == (size_t)-2 && n < SEQ_MAX) {
				int d = next_input(CONT_TIMEOUT_MS);
				if (d == ERR)
					break; /* cut short: dropped */
				if (d > 0xff) {
					unread_input(&d, 1); /* a key interrupted it: the key is kept */
					break;
				}
				seq[n] = d;
				bytes[n++] = (char)d;
				continue;
			}
			unread_input(seq + 1, n - 1); /* invalid: drop its first byte, decode the rest again */
			break;
		}
	}
}

static void read_paste(ui_key *k)
{
	buf b;
	buf_init(&b);
	for (;;) {
		wint_t ch;
		int r = read_input(2000, &ch); /* a paste arrives at once; give up if its end marker never comes */
		if (r == ERR)
			break;
		if (r == KEY_CODE_YES) {
			if (ch == KEY_PASTE_END)
				break;
			continue;
		}
		if (b.len >= MAX_PASTE) {
			k->too_large = true; /* keep reading to the end marker, but insert nothing */
		} else {
			char mb[8];
			unsigned cp = (unsigned)ch;
			size_t n = 0;
			if (cp < 0x80) {
				mb[n++] = (char)cp;
			} else if (cp < 0x800) {
				mb[n++] = (char)(0xc0 | (cp >> 6));
				mb[n++] = (char)(0x80 | (cp & 0x3f));
			} else if (cp < 0x10000) {
				mb[n++] = (char)(0xe0 | (cp >> 12));
				mb[n++] = (char)(0x80 | ((cp >> 6) & 0x3f));
				mb[n++] = (char)(0x80 | (cp & 0x3f));
			} else if (cp <= 0x10ffff) {
				mb[n++] = (char)(0xf0 | (cp >> 18));
				mb[n++] = (char)(0x80 | ((cp >> 12) & 0x3f));
				mb[n++] = (char)(0x80 | ((cp >> 6) & 0x3f));
				mb[n++] = (char)(0x80 | (cp & 0x3f));
			}
			buf_append(&b, mb, n);
		}
	}
	k->kind = UI_KEY_PASTE;
	if (k->too_large) {
		buf_free(&b);
		return;
	}
	k->len = b.len;
	k->text = buf_take(&b);
	if (!k->text) {
		k->kind = UI_KEY_NONE;
		k->len = 0;
	}
}

void ui_read_key(ui_key *k, int timeout_ms)
{
	memset(k, 0, sizeof *k);
	wint_t ch;
	int r = read_input(timeout_ms, &ch);
	if (r == ERR) {
		k->kind = UI_KEY_NONE;
		return;
	}
	if (r == KEY_CODE_YES) {
		if (ch == KEY_RESIZE) {
			k->kind = UI_KEY_RESIZE;
		} else if (ch == KEY_PASTE_BEGIN) {
			read_paste(k);
		} else {
			k->kind = UI_KEY_FUNC;
			k->code = (int)ch;
		}
		return;
	}
	if (ch < 0x20 || ch == 0x7f || (ch >= 0x80 && ch < 0xa0)) {
		k->kind = UI_KEY_FUNC;
		k->code = (int)ch;
		if (ch == 0x7f || ch == 8)
			k->code = KEY_BACKSPACE;
		if (ch == '\r' || ch == '\n')
			k->code = '\n';
		if (ch == 3)
			quit_flag = true; /* Ctrl-C: every screen unwinds at once */
		return;
	}
	k->kind = UI_KEY_CHAR;
	k->code = (int)ch;
}

bool ui_quitting(void)
{
	return quit_flag;
}

void ui_set_quit(bool on)
{
	quit_flag = on;
}

bool ui_lineedit_key(lineedit *le, const ui_key *k)
{
	if (k->kind == UI_KEY_CHAR)
		lineedit_insert_cp(le, (unsigned)k->code);
	else if (k->kind == UI_KEY_PASTE && !k->too_large)
		lineedit_insert(le, k->text, k->len);
	else if (ui_key_is(k, KEY_LEFT))
		lineedit_left(le);
	else if (ui_key_is(k, KEY_RIGHT))
		lineedit_right(le);
	else if (ui_key_is(k, KEY_HOME) || ui_key_is(k, UI_CTRL('a')))
		lineedit_home(le);
	else if (ui_key_is(k, KEY_END) || ui_key_is(k, UI_CTRL('e')))
		lineedit_end(le);
	else if (ui_key_is(k, KEY_BACKSPACE))
		lineedit_backspace(le);
	else if (ui_key_is(k, KEY_DC))
		lineedit_delete(le);
	else if (ui_key_is(k, UI_CTRL('u')))
		lineedit_kill_to_start(le);
	else
		return false;
	return true;
}

/* ---- drawing ---- */

int ui_attr(ui *u, int pair)
{
	int a = 0;
	switch (pair) {
	case UI_PAIR_TITLE: a = A_BOLD | A_REVERSE; break;
	case UI_PAIR_ERROR: a = A_BOLD; break;
	case UI_PAIR_OK: a = A_BOLD; break;
	case UI_PAIR_FOCUS: a = A_REVERSE; break;
	case UI_PAIR_DIM: a = A_DIM; break;
	case UI_PAIR_WARN: a = A_BOLD; break;
	case UI_PAIR_PANEL: a = A_NORMAL; break;
	default: break;
	}
	if (u->color) {
		if (pair == UI_PAIR_TITLE || pair == UI_PAIR_FOCUS)
			a &= ~A_REVERSE;
		a |= COLOR_PAIR(pair);
	}
	return a;
}

static const char *ascii_for(unsigned cp);

static int cp_width(unsigned cp)
{
	if (!utf8_terminal && cp >= 0x80)
		return (int)strlen(ascii_for(cp));
	int w = wcwidth((wchar_t)cp);
	if (w < 0)
		w = text_cp_width(cp);
	return w;
}

/* In a non-UTF-8 locale the few symbols swrtui draws get ASCII stand-ins; other non-ASCII text is
 * shown as "?" so that the columns stay right. */
static const char *ascii_for(unsigned cp)
{
	switch (cp) {
	case 0x2014: return "-";
	case 0x2026: return "...";
	case 0x2192: return "->";
	case 0x2713: return "+";
	case 0x2717: return "x";
	default: return "?";
	}
}

int ui_put(int y, int x, const char *s, int width)
{
	if (width <= 0 || !s)
		return 0;
	char *p = text_printable(s, strlen(s), 0, 0);
	if (!p)
		return 0;
	const unsigned char *q = (const unsigned char *)p;
	size_t n = strlen(p), i = 0;
	int used = 0;
	move(y, x);
	while (i < n) {
		unsigned cp;
		size_t len = text_utf8_decode(q + i, n - i, &cp);
		if (len == 0)
			break;
		if (!utf8_terminal && cp >= 0x80) {
			const char *a = ascii_for(cp);
			int w = (int)strlen(a);
			if (used + w > width)
				break;
			addstr(a);
			used += w;
			i += len;
			continue;
		}
		int w = cp_width(cp);
		if (used + w > width)
			break;
		addnstr(p + i, (int)len);
		used += w;
		i += len;
	}
	free(p);
	return used;
}

void ui_put_pad(int y, int x, const char *s, int width)
{
	int used = ui_put(y, x, s, width);
	for (int i = used; i < width; i++)
		mvaddch(y, x + i, ' ');
}

void ui_title(ui *u, const char *title)
{
	int a = ui_attr(u, UI_PAIR_TITLE);
	attron(a);
	ui_put_pad(0, 0, title, u->cols);
	attroff(a);
}

void ui_status(ui *u, const char *msg, int pair)
{
	ui_status_lines(u, msg, pair, 1);
}

void ui_status_lines(ui *u, const char *msg, int pair, int nlines)
{
	int a = pair ? ui_attr(u, pair) : 0;
	const char *p = msg ? msg : "";
	attron(a);
	for (int i = 0; i < nlines; i++) {
		int y = u->rows - 1 - nlines + i;
		/* a line ends at the last space that fits, unless it is the last line */
		size_t n = strlen(p), cut = n;
		if (i < nlines - 1 && text_width(p) > (size_t)u->cols) {
			size_t j = 0, last_space = 0;
			int cols = 0;
			while (j < n) {
				unsigned cp;
				size_t len = text_utf8_decode((const unsigned char *)p + j, n - j, &cp);
				if (len == 0)
					len = 1, cp = '?';
				int w = cp_width(cp);
				if (cols + w > u->cols)
					break;
				if (cp == ' ')
					last_space = j;
				cols += w;
				j += len;
			}
			cut = last_space ? last_space : j;
		}
		char *line = strndup(p, cut);
		ui_put_pad(y, 0, line ? line : "", u->cols);
		free(line);
		p += cut;
		while (*p == ' ')
			p++;
	}
	attroff(a);
}

void ui_hints(ui *u, const char *hints)
{
	int a = ui_attr(u, UI_PAIR_TITLE);
	attron(a);
	ui_put_pad(u->rows - 1, 0, hints, u->cols);
	attroff(a);
}

/* Exposed for the screens: the width of a code point on this terminal. */
int ui_cp_width(unsigned cp);
int ui_cp_width(unsigned cp)
{
	return cp_width(cp);
}
