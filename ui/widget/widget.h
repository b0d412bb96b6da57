/* widget.h — the widget layer of the UI (private to ui/): the one event loop every view runs in, and the
 * reusable widgets (text and secret field with one line-editing handler, choice, checkbox, scrolling
 * keys, panel, confirmation, message, prompt, help, the "terminal too small" notice). It may use the
 * term layer, src/base and src/model; it knows nothing of the service. */
#ifndef SWRTUI_UI_WIDGET_H
#define SWRTUI_UI_WIDGET_H

#include <stdbool.h>
#include <stddef.h>

#include "swrtui/model/lineedit.h"
#include "term/term.h"

/* ---- the event loop (loop.c) ---- */

enum { WIDGET_CONTINUE = 0, WIDGET_DONE = 1 };

/* A view: what one screen or panel does, as a small object (embed it first in the view's state). The
 * loop draws it, reads a key and hands it on, so that every view has the same rules:
 *   - while the terminal is too small, the notice shows; Ctrl-C quits, Ctrl-L redraws, Esc and F10 go
 *     to the view (go back), a resize that is large enough comes back, every other key is ignored;
 *   - Ctrl-C ends every view (term_quitting() tells the callers); Ctrl-L redraws;
 *   - F1 shows help, when the view has it;
 *   - an Alt chord that the view does not bind does nothing (term_key_is never matches one). */
typedef struct widget_view widget_view;
struct widget_view {
	void (*draw)(widget_view *v);                  /* draws the view; places the cursor with widget_cursor */
	int (*key)(widget_view *v, const term_key *k); /* WIDGET_CONTINUE, or WIDGET_DONE to return */
	const char *help;                              /* the F1 text, or NULL */
};

/* The running views are a stack: widget_run pushes its view and pops it at the end. A panel is drawn over
 * the screen as the views below it left it (kept when the panel starts; that screen comes back when it
 * ends, and it does not erase it); after a resize or Ctrl-L the views are drawn again from the topmost
 * one that is not a panel up.
 * Runs a view until its key handler says WIDGET_DONE or Ctrl-C is pressed. */
void widget_run(widget_view *v);
/* The same for a panel: drawn over the views below it, which stay visible (its draw never erases). */
void widget_run_panel(widget_view *v);
/* The same, and tick(v) every interval_ms (counted from the end of the last tick) while the view waits
 * for keys, so that a view that follows something live never blocks them; the view is drawn again after
 * each tick. tick returns WIDGET_DONE to end the view. While the terminal is too small no tick runs. */
void widget_run_ticking(widget_view *v, int interval_ms, int (*tick)(widget_view *v));
/* Called from a draw: the cursor shows there after it (else it is hidden). */
void widget_cursor(int y, int x);
/* True when the terminal is too small; then draws the notice. */
bool widget_too_small(void);
/* While a request runs: reads the keys already typed without waiting. True when one of them cancels it
 * (Esc or Ctrl-C; Ctrl-C then cancels, it does not quit); a resize calls redraw(ctx). */
bool widget_poll_cancel(void (*redraw)(void *ctx), void *ctx);
/* The same for a request that a live view (widget_run_ticking) sends on its own: the other keys are
 * kept (up to 16) and the view reads them next, so that typing while it polls loses nothing. */
bool widget_poll_cancel_keep(void (*redraw)(void *ctx), void *ctx);
/* Forgets the keys widget_poll_cancel_keep kept (a request that failed: they were typed for a screen that
 * a panel now covers). */
void widget_drop_kept_keys(void);

/* ---- text fields (field.c) ---- */

/* The line-editing keys of every text field: typing, paste, Left/Ctrl-B, Right/Ctrl-F, Home/Ctrl-A,
 * End/Ctrl-E, Ctrl-Left/Alt-B and Ctrl-Right/Alt-F (word moves), Backspace, Delete/Ctrl-D, Ctrl-W and
 * Alt-Backspace (the word before the cursor), Ctrl-K (to the end), Ctrl-U (to the start). True when k
 * was one of them. */
bool widget_lineedit_key(lineedit *le, const term_key *k);
/* Draws a text field at (y, x) in width columns with attribute attr, long values scrolled; masked
 * (one * a character) when mask; places the cursor when focused. */
void widget_text_field(int y, int x, int width, lineedit *le, bool mask, int attr, bool focused);
/* "< text >" */
void widget_choice(int y, int x, int width, const char *text, int attr);
/* "[x] label" or "[ ] label" */
void widget_checkbox(int y, int x, int width, bool checked, const char *label, int attr);

/* ---- scrolling (scroll.c) ---- */

/* The moves of every scrolling view: Up, Down, PgUp, PgDn, Home, End, and with letters also j, k, g,
 * G. *sel stays within 0..n-1 (0 when n is 0). True when k was one of them. */
bool widget_scroll_key(const term_key *k, long *sel, long n, int page, bool letters);
/* Keeps sel within the h rows that start at *top. */
void widget_scroll_follow(long sel, long *top, int h);
/* Scrolls the screen's lines top..bottom by n (up when n > 0; |n| less than their number) on the
 * terminal at once and in curses's copies, so that the next refresh writes only what is drawn after it
 * (the n lines that came in are blank). False, with nothing done, when the terminal cannot scroll a
 * region or a refresh is pending: the caller then draws every line. Only on a screen that was
 * refreshed since its last change and has nothing over it. */
bool widget_scroll_lines(int top, int bottom, int n);

/* ---- panels (panel.c) ---- */

typedef struct {
	int y, x, h, w;
} widget_rect;

/* A box of about h x w in the middle of the screen (never past its edges). */
widget_rect widget_panel_box(int want_h, int want_w);
void widget_panel_draw(widget_rect b, const char *title);

/* Text split into display lines of at most width columns (at spaces where possible, newlines kept). */
typedef struct {
	char **lines;
	size_t n;
} widget_wrapped;

void widget_wrap(widget_wrapped *w, const char *text, int width);
void widget_wrap_push(widget_wrapped *w, const char *s, size_t len);
void widget_wrap_free(widget_wrapped *w);

/* ---- dialogs (confirm.c, loop.c, prompt.c) ---- */

/* A panel with lines of text, a question and the buttons Yes and No. y answers yes, n, Esc and F10
 * no; Enter takes the focused button, which Left, Right and Tab move. A destructive question starts
 * on No (default_yes false), so that Enter alone never deletes or discards. */
bool widget_confirm(const char *title, const char *const *body, size_t n, const char *question, bool default_yes);

/* Shows text in a scrollable panel until Esc, Enter, q or F10. on_key (may be NULL) sees the other
 * keys first; it returns WIDGET_DONE to close the panel (the caller then knows why from its ctx). */
typedef struct {
	const char *title;
	const char *text;
	const char *hint; /* the keys on the last line; it names how to close */
	const char *help; /* F1, or NULL */
	int (*on_key)(int code, void *ctx);
	void *ctx;
	int width;  /* the panel's widest, or 0: 96 columns */
	bool table; /* help text: its rows laid out as tables (widget_help_table) */
} widget_message_opts;

void widget_message_run(const widget_message_opts *o);
/* Help text with its two-column rows ("  KEYS  what they do", the lines indented under a row going on
 * its description) laid out as tables at width columns: each table's key column as wide as its longest
 * keys (longer than two fifths of the width, they wrap under themselves), the descriptions starting at
 * one column, wrapped with a hanging indent. Prose between them is reflowed. Malloc'd (table.c). */
char *widget_help_table(const char *text, int width);
void widget_message(const char *title, const char *text);
void widget_help(const char *text);
/* A one-line prompt at the bottom; returns malloc'd text or NULL on Esc. */
char *widget_prompt(const char *label, const char *initial);

/* The keys of a scrolling view and of a text field, for the screens' help texts. */
#define WIDGET_HELP_SCROLL                                                                                   \
	"  Up, Down                  move a line\n"                                                          \
	"  PgUp, PgDn                a page\n"                                                               \
	"  Home, End                 the top, the bottom\n"
#define WIDGET_HELP_LINEEDIT                                                                                 \
	"In a text field:\n"                                                                                  \
	"  Left, Right (Ctrl-B, Ctrl-F)             move a character\n"                                      \
	"  Ctrl-Left, Ctrl-Right (Alt-B, Alt-F)     move a word\n"                                           \
	"  Home, End (Ctrl-A, Ctrl-E)               the start, the end\n"                                    \
	"  Backspace; Delete or Ctrl-D              delete before, under the cursor\n"                       \
	"  Ctrl-W or Alt-Backspace                  delete the word before the cursor\n"                     \
	"  Ctrl-K; Ctrl-U                           delete to the end; to the start\n"

#endif
