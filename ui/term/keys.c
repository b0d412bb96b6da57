/* keys.c — key input: bytes decoded as UTF-8 here (not by get_wch, which on an invalid sequence also
 * swallows the valid characters after it); Esc followed at once by a printable character, Backspace or
 * a cursor key read as one Alt chord, never a bare Esc (Esc followed by a control character such as
 * Ctrl-C, by an F-key, a resize or a paste stays two keys); unknown escape sequences dropped whole; bracketed paste gathered into one
 * key; Ctrl-C noted for every view to unwind. */
#include <curses.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include "swrtui/base/buf.h"
#include "keys.h"
#include "term.h"

#define KEY_PASTE_BEGIN (KEY_MAX + 1)
#define KEY_PASTE_END (KEY_MAX + 2)
#define MAX_PASTE (16 * 1024 * 1024)

static bool quit_flag; /* Ctrl-C was pressed */

void keys_define(void)
{
	define_key("\033[200~", KEY_PASTE_BEGIN);
	define_key("\033[201~", KEY_PASTE_END);
	static const char *const left[] = {"\033[1;5D", "\033[5D", "\033Od", "\033[1;3D"};
	static const char *const right[] = {"\033[1;5C", "\033[5C", "\033Oc", "\033[1;3C"};
	for (size_t i = 0; i < sizeof left / sizeof left[0]; i++) {
		define_key(left[i], TERM_KEY_CTRL_LEFT);
		define_key(right[i], TERM_KEY_CTRL_RIGHT);
	}
}

void term_key_free(term_key *k)
{
	if (k->text) {
		memset(k->text, 0, k->len);
		free(k->text);
	}
	memset(k, 0, sizeof *k);
}

bool term_key_is(const term_key *k, int code)
{
	return (k->kind == TERM_KEY_FUNC || k->kind == TERM_KEY_CHAR) && k->code == code && !k->alt;
}

bool term_key_alt(const term_key *k, int code)
{
	return (k->kind == TERM_KEY_FUNC || k->kind == TERM_KEY_CHAR) && k->code == code && k->alt;
}

/* Input is read a byte (or a function key) at a time and decoded here rather than by get_wch, which
 * on an invalid sequence also swallows the valid characters after it. An invalid or incomplete
 * sequence is dropped one byte at a time and what follows it is decoded again; in a non-UTF-8 locale
 * (the C locale) every byte that is not a character of it is dropped. */
#define SEQ_MAX 8
#define CONT_TIMEOUT_MS 100 /* the rest of a character arrives with its first byte */

static int pending[2 * SEQ_MAX + 2]; /* bytes or a key read ahead, in order */
static size_t npending;

/* Whether the terminal has gone away (its other end closed, with or without a SIGHUP): reading it gives
 * end of input or an error at once, for ever, so that waiting for a key would spin. */
static bool terminal_gone(void)
{
	struct pollfd p = {.fd = STDIN_FILENO, .events = POLLIN};
	return poll(&p, 1, 0) == 1 && (p.revents & (POLLHUP | POLLERR | POLLNVAL)) != 0;
}

static int next_input(int timeout_ms)
{
	if (npending) {
		int c = pending[0];
		npending--;
		memmove(pending, pending + 1, npending * sizeof pending[0]);
		return c;
	}
	timeout(timeout_ms);
	int c = wgetch(stdscr);
	if (c == ERR && terminal_gone())
		quit_flag = true; /* no key will ever come: every view unwinds, the program ends */
	return c;
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

static void read_paste(term_key *k)
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
	k->kind = TERM_KEY_PASTE;
	if (k->too_large) {
		buf_free(&b);
		return;
	}
	k->len = b.len;
	k->text = buf_take(&b);
	if (!k->text) {
		k->kind = TERM_KEY_NONE;
		k->len = 0;
	}
}

/* A key read as it came (no Alt): function key, control character, printable character or paste. */
static void read_plain_key(term_key *k, int timeout_ms)
{
	wint_t ch;
	int r = read_input(timeout_ms, &ch);
	if (r == ERR) {
		k->kind = TERM_KEY_NONE;
		return;
	}
	if (r == KEY_CODE_YES) {
		if (ch == KEY_RESIZE) {
			k->kind = TERM_KEY_RESIZE;
		} else if (ch == KEY_PASTE_BEGIN) {
			read_paste(k);
		} else {
			k->kind = TERM_KEY_FUNC;
			k->code = (int)ch;
		}
		return;
	}
	if (ch < 0x20 || ch == 0x7f || (ch >= 0x80 && ch < 0xa0)) {
		k->kind = TERM_KEY_FUNC;
		k->code = (int)ch;
		if (ch == 0x7f || ch == 8)
			k->code = KEY_BACKSPACE;
		if (ch == '\r' || ch == '\n')
			k->code = '\n';
		return;
	}
	k->kind = TERM_KEY_CHAR;
	k->code = (int)ch;
}

/* The rest of an escape sequence curses does not know (CSI or SS3: parameters, then one final byte),
 * already in the input: dropped, so that it neither types text nor acts as keys. */
static void drop_sequence(void)
{
	for (int n = 0; n < 32; n++) {
		int c = next_input(0);
		if (c == ERR)
			return;
		if (c > 0xff) {
			unread_input(&c, 1);
			return;
		}
		if (c >= 0x40 && c <= 0x7e)
			return;
	}
}

/* What may follow an Esc without making it an Alt chord: a function key (Esc then F10 typed fast is
 * two keys), a resize, the start of a paste. The arrows, Home, End and the like stay Alt chords (rxvt
 * sends Alt-Left as Esc, Left). */
static bool esc_stays_bare(int c)
{
	return (c >= KEY_F(0) && c <= KEY_F(63)) || c == KEY_RESIZE || c == KEY_PASTE_BEGIN;
}

void term_read_key(term_key *k, int timeout_ms)
{
	memset(k, 0, sizeof *k);
	read_plain_key(k, timeout_ms);
	if (k->kind == TERM_KEY_FUNC && k->code == TERM_ESC) {
		/* curses waited the Esc delay for a sequence; whatever came with the Esc is an Alt chord */
		int c = next_input(0);
		if (c != ERR && ((c < 0x20 && c != 8) || esc_stays_bare(c))) { /* (^H: Esc ^H is Alt-Backspace) */
			unread_input(&c, 1); /* Esc, then Esc, Enter, Ctrl-C, a function key, a resize or a paste
			                        typed or arriving fast: a bare Esc, then that key */
		} else if (c != ERR) {
			unread_input(&c, 1);
			read_plain_key(k, 0);
			if (k->kind == TERM_KEY_CHAR && (k->code == '[' || k->code == 'O')) {
				drop_sequence();
				k->kind = TERM_KEY_NONE;
			} else if (k->kind == TERM_KEY_CHAR || k->kind == TERM_KEY_FUNC) {
				k->alt = true;
			}
		}
	}
	if (term_key_is(k, TERM_CTRL('c')))
		quit_flag = true; /* Ctrl-C: every view unwinds at once */
}

bool term_quitting(void)
{
	return quit_flag;
}

void term_set_quit(bool on)
{
	quit_flag = on;
}

