/* term.h — the terminal layer of the UI (private to ui/): the curses lifecycle, signals that restore the
 * terminal, the size, colours, key decoding (Alt chords, Ctrl-arrows, bracketed paste) and the small
 * drawing helpers. It knows nothing of widgets, screens or the service; it may use src/base only. */
#ifndef SWRTUI_UI_TERM_H
#define SWRTUI_UI_TERM_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>

#define TERM_MIN_COLS 40
#define TERM_MIN_ROWS 12

/* ---- lifecycle (term.c) ---- */

/* A terminal on stdin and stdout, and a TERM that can address the cursor; 0, or -1 with err. */
int term_check(char *err, size_t errlen);
/* The version of the curses library as loaded ("ncurses 6.4.20221231"). */
const char *term_library_version(void);
/* Starts curses (raw, keypad, bracketed paste, colours unless NO_COLOR) and the signal handlers that
 * restore the terminal; 0, or -1 with err. */
int term_start(char *err, size_t errlen);
void term_stop(void);

/* ---- keys (keys.c) ---- */

enum {
	TERM_KEY_NONE = 0,
	TERM_KEY_CHAR,  /* code: a printable code point */
	TERM_KEY_FUNC,  /* code: an ncurses KEY_* value, a TERM_KEY_* below, or a control character */
	TERM_KEY_PASTE, /* text: the pasted text (control characters still in it; the editor drops them) */
	TERM_KEY_RESIZE
};

#define TERM_CTRL(c) ((c) & 0x1f)
#define TERM_ESC 27
#define TERM_KEY_CTRL_LEFT (KEY_MAX + 3)
#define TERM_KEY_CTRL_RIGHT (KEY_MAX + 4)

typedef struct {
	int kind;
	int code;
	bool alt;       /* Esc came with it at once: an Alt chord (Alt-x, Alt-Backspace), never a bare Esc */
	char *text;     /* TERM_KEY_PASTE: malloc'd UTF-8, freed by term_key_free */
	size_t len;
	bool too_large; /* TERM_KEY_PASTE over 16 MiB: text is NULL, nothing is to be inserted */
} term_key;

void term_key_free(term_key *k);
/* Blocks for the next key. timeout_ms < 0: wait forever; else TERM_KEY_NONE after the timeout. */
void term_read_key(term_key *k, int timeout_ms);
/* The key code (FUNC or CHAR) without Alt. */
bool term_key_is(const term_key *k, int code);
/* Alt and that code (Alt-b is term_key_alt(k, 'b'); Alt-Backspace is term_key_alt(k, KEY_BACKSPACE)). */
bool term_key_alt(const term_key *k, int code);
/* Ctrl-C was pressed (outside a running request): every view returns at once. */
bool term_quitting(void);
void term_set_quit(bool on);

/* ---- the size and drawing (draw.c) ---- */

void term_update_size(void);
int term_rows(void);
int term_cols(void);
/* True when the screen is below TERM_MIN_COLS x TERM_MIN_ROWS (reads the size first). */
bool term_is_too_small(void);

/* The colour roles: every screen draws with these (term_attr), never with its own colours. Each role is
 * defined once, in term_attr (attributes) and term_start (its colour pair):
 *   TITLE      the title line                  white on blue, bold       | bold reverse
 *   HINT       the key hints at the bottom     white on blue             | reverse
 *   SECONDARY  text that matters less (a read-only value, a placeholder, a skipped step): the default
 *              colour dimmed, or bright black (colour 8) on a terminal of 16 colours or more; never
 *              blue, which almost vanishes on a dark background
 *   ERROR      an error (with "!" in the text)  red, bold                | bold
 *   OK, WARN   a success, a warning            green / yellow, bold      | bold
 *   FOCUS      the focused field or button     black on cyan             | reverse
 *   SELECTION  the selected row of a list      black on cyan             | reverse
 *   PANEL      a panel's box and text          white on blue             | normal
 *   FIELD      an input field without focus    underlined                | underlined
 *   HEADING    a column heading                bold, underlined          | bold, underlined
 *   EMPHASIS   a focused label, a question     bold                      | bold
 *   ALERT      the step that failed (probe)    bold on red               | bold reverse
 * (with colour | without: NO_COLOR, or a terminal without colours). The default background is only
 * ever drawn on with the default colour, red, green, yellow or bright black. */
enum {
	TERM_ROLE_TITLE = 1,
	TERM_ROLE_ERROR,
	TERM_ROLE_OK,
	TERM_ROLE_FOCUS,
	TERM_ROLE_SECONDARY,
	TERM_ROLE_WARN,
	TERM_ROLE_PANEL,
	TERM_ROLE_HINT,
	TERM_ROLE_SELECTION,
	TERM_ROLE_FIELD,
	TERM_ROLE_HEADING,
	TERM_ROLE_EMPHASIS,
	TERM_ROLE_ALERT,
	TERM_ROLE_COUNT
};
/* The older names, still used */
#define TERM_PAIR_TITLE TERM_ROLE_TITLE
#define TERM_PAIR_ERROR TERM_ROLE_ERROR
#define TERM_PAIR_OK TERM_ROLE_OK
#define TERM_PAIR_FOCUS TERM_ROLE_FOCUS
#define TERM_PAIR_DIM TERM_ROLE_SECONDARY
#define TERM_PAIR_SECONDARY TERM_ROLE_SECONDARY
#define TERM_PAIR_WARN TERM_ROLE_WARN
#define TERM_PAIR_PANEL TERM_ROLE_PANEL
#define TERM_PAIR_HINT TERM_ROLE_HINT
#define TERM_PAIR_SELECTION TERM_ROLE_SELECTION

/* Colours on (ncolors: what the terminal has), or off (NO_COLOR, or none). */
void term_set_color(bool on);
void term_set_palette(int ncolors);
/* Attributes for a role; colour only when enabled, always with a non-colour attribute too (a role
 * that is only a colour with colours on is plain without them: OK, WARN, PANEL). */
int term_attr(int role);
/* Defines the colour pairs of the roles (after start_color). */
void term_init_roles(void);
/* Columns of a code point on this terminal (ASCII stand-ins in a non-UTF-8 locale). */
int term_cp_width(unsigned cp);
void term_set_utf8(bool on);
/* Draws UTF-8 text at (y, x) in at most width columns (never past the edge; wide characters whole;
 * control characters escaped). Returns the columns used. */
int term_put(int y, int x, const char *s, int width);
/* Same, then pads with spaces to width. */
void term_put_pad(int y, int x, const char *s, int width);
void term_title(const char *title);
void term_status(const char *msg, int pair);
/* The status in the nlines lines above the hints, wrapped at spaces. */
void term_status_lines(const char *msg, int pair, int nlines);
void term_hints(const char *hints);

#endif
