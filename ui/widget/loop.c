/* loop.c — the one event loop: every screen and panel is a view that this loop draws and feeds with
 * keys, so that the terminal-too-small notice, Ctrl-C, Ctrl-L, resize and F1 behave the same everywhere
 * (and, for a view that follows something live, a tick between keys);
 * the scrollable message panel (the help that F1 opens is one, so it lives with the loop); and the
 * watch over the keyboard while a request runs. */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "swrtui/base/text.h"
#include "widget.h"

static int cursor_y = -1, cursor_x = -1;

void widget_cursor(int y, int x)
{
	cursor_y = y;
	cursor_x = x < term_cols() ? x : term_cols() - 1;
}

/* The notice, wrapped at spaces (a word longer than a line is cut) and centred; on a tiny screen what
 * it needs comes first, as only the first lines show. */
static void draw_too_small(void)
{
	int rows = term_rows(), cols = term_cols();
	erase();
	int w = cols > 0 ? cols : 1;
	char msg[128];
	snprintf(msg, sizeof msg, "terminal too small: %dx%d, needs %dx%d. Esc: back, Ctrl-C: quit", cols, rows,
	         TERM_MIN_COLS, TERM_MIN_ROWS);
	if ((int)strlen(msg) > w)
		snprintf(msg, sizeof msg, "terminal too small: needs %dx%d (now\xc2\xa0%dx%d). Esc: back, Ctrl-C: quit",
		         TERM_MIN_COLS, TERM_MIN_ROWS, cols, rows); /* U+00A0: a space that does not break */
	widget_wrapped lines = {0};
	widget_wrap(&lines, msg, w);
	int shown = (int)lines.n < rows ? (int)lines.n : rows;
	int y0 = (rows - shown) / 2;
	attron(term_attr(TERM_ROLE_EMPHASIS));
	for (int k = 0; k < shown; k++) {
		char *line = lines.lines[k];
		char *nbsp;
		while ((nbsp = strstr(line, "\xc2\xa0")) != NULL) { /* drawn as a plain space */
			*nbsp = ' ';
			memmove(nbsp + 1, nbsp + 2, strlen(nbsp + 2) + 1);
		}
		term_put(y0 + k, (w - (int)strlen(line)) / 2, line, w);
	}
	attroff(term_attr(TERM_ROLE_EMPHASIS));
	widget_wrap_free(&lines);
	curs_set(0);
	refresh();
}

bool widget_too_small(void)
{
	if (!term_is_too_small())
		return false;
	draw_too_small();
	return true;
}

/* While the notice shows: Ctrl-C quits (term_read_key notes it), Ctrl-L redraws, a resize is looked at
 * again by the loop, Esc and F10 go to the view as always (go back; a changed form still asks first),
 * every other key is ignored. Returns what the view answered. */
static int wait_while_too_small(widget_view *v)
{
	widget_drop_kept_keys(); /* typed for a screen the notice hides */
	term_key k;
	term_read_key(&k, -1);
	int r = WIDGET_CONTINUE;
	if (term_key_is(&k, TERM_CTRL('l')))
		clearok(curscr, TRUE);
	else if (term_key_is(&k, TERM_ESC) || term_key_is(&k, KEY_F(10)))
		r = v->key(v, &k);
	term_key_free(&k);
	return r;
}

/* The running views, the first at the bottom; under: for a panel, the screen as the views below it
 * left it (a copy of stdscr), drawn again before the panel. */
#define STACK_MAX 32
static struct {
	widget_view *v;
	bool panel;
	bool drawing; /* its draw is under way (and opened the views above it: a fetch that failed) */
	WINDOW *under;
} stack[STACK_MAX];
static int depth; /* may exceed STACK_MAX: the views past it are drawn alone */

static void push(widget_view *v, bool panel)
{
	if (depth < STACK_MAX) {
		stack[depth].v = v;
		stack[depth].panel = panel;
		stack[depth].drawing = false;
		stack[depth].under = panel ? dupwin(stdscr) : NULL;
	}
	depth++;
}

/* A copy of the screen taken at another size is not drawn back. */
static bool fits_screen(WINDOW *w)
{
	int h, wd, sh, sw;
	getmaxyx(w, h, wd);
	getmaxyx(stdscr, sh, sw);
	return h == sh && wd == sw;
}

/* The view ends: a panel gives back the screen it was drawn over. */
static void pop(void)
{
	depth--;
	if (depth < STACK_MAX && stack[depth].under) {
		if (term_is_too_small() || !fits_screen(stack[depth].under))
			erase(); /* the view below draws itself whole */
		else
			overwrite(stack[depth].under, stdscr);
		delwin(stack[depth].under);
		stack[depth].under = NULL;
	}
}

/* Draws view i of the stack (marked as drawing meanwhile). */
static void draw_at(int i)
{
	stack[i].drawing = true;
	stack[i].v->draw(stack[i].v);
	stack[i].drawing = false;
}

/* After a resize or Ctrl-L: the views below the top one drawn again, from the topmost that is not a panel
 * up (not one whose draw is under way), each panel's copy of the screen behind it taken again. */
static void redraw_below(void)
{
	erase();
	int base = depth - 1;
	while (base > 0 && stack[base].panel)
		base--;
	for (int i = base; i < depth; i++) {
		if (stack[i].under) {
			delwin(stack[i].under);
			stack[i].under = dupwin(stdscr);
		}
		if (i < depth - 1 && !stack[i].drawing)
			draw_at(i);
	}
}

static void draw_view(widget_view *v, bool stale)
{
	bool tracked = depth <= STACK_MAX && stack[depth - 1].v == v;
	if (tracked && stack[depth - 1].under && !fits_screen(stack[depth - 1].under))
		stale = true;
	if (stale && tracked)
		redraw_below();
	else if (stale)
		erase();
	else if (tracked && stack[depth - 1].under)
		overwrite(stack[depth - 1].under, stdscr);
	cursor_y = cursor_x = -1; /* the cursor belongs to the top view */
	if (tracked)
		draw_at(depth - 1);
	else
		v->draw(v);
	if (cursor_y >= 0) {
		move(cursor_y, cursor_x);
		curs_set(1);
	} else {
		curs_set(0);
	}
	refresh();
}

/* The keys every view shares; WIDGET_CONTINUE when handled here or by the view, else WIDGET_DONE. */
static int dispatch(widget_view *v, const term_key *k, bool *stale)
{
	if (k->kind == TERM_KEY_NONE)
		return WIDGET_CONTINUE;
	if (k->kind == TERM_KEY_RESIZE) {
		*stale = true; /* no stale copy of a panel stays behind */
		return WIDGET_CONTINUE;
	}
	if (term_key_is(k, TERM_CTRL('c')))
		return WIDGET_DONE;
	if (term_key_is(k, TERM_CTRL('l'))) {
		clearok(curscr, TRUE);
		*stale = true;
		return WIDGET_CONTINUE;
	}
	if (term_key_is(k, KEY_F(1)) && v->help) {
		widget_help(v->help); /* a panel: the screen behind it comes back when it closes */
		return WIDGET_CONTINUE;
	}
	return v->key(v, k);
}

/* Keys typed while a live view's request ran (widget_poll_cancel_keep), read before the terminal. */
static term_key kept[16];
static size_t nkept;

static void read_key(term_key *k, int timeout_ms)
{
	if (nkept == 0) {
		term_read_key(k, timeout_ms);
		return;
	}
	*k = kept[0];
	nkept--;
	memmove(kept, kept + 1, nkept * sizeof kept[0]);
}

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* How long to wait for a key: forever without a tick, else until the next tick is due (0 when late). */
static int key_wait_ms(int interval_ms, long long next_tick)
{
	if (interval_ms <= 0)
		return -1;
	long long left = next_tick - now_ms();
	return left <= 0 ? 0 : (int)left;
}

static void run_view(widget_view *v, int interval_ms, int (*tick)(widget_view *v))
{
	bool stale = false;
	long long next_tick = now_ms() + interval_ms;
	for (;;) {
		if (term_quitting())
			return;
		if (widget_too_small()) {
			stale = true;
			if (wait_while_too_small(v) == WIDGET_DONE)
				return;
			continue;
		}
		draw_view(v, stale);
		stale = false;
		if (term_quitting()) /* Ctrl-C in a panel that the draw opened (a fetch that failed) */
			return;
		term_key k;
		read_key(&k, key_wait_ms(tick ? interval_ms : 0, next_tick));
		int r = dispatch(v, &k, &stale);
		term_key_free(&k);
		if (r == WIDGET_DONE)
			return;
		if (tick && interval_ms > 0 && now_ms() >= next_tick) {
			next_tick = now_ms() + interval_ms; /* the next one counts from the end of this one */
			if (tick(v) == WIDGET_DONE || term_quitting())
				return;
			next_tick = now_ms() + interval_ms;
		}
	}
}

/* Keys kept for a view (typed during its request) are its own: another view that opens over it, or its
 * end, drops those it has not read, so that a confirmation never answers with them. */
void widget_run_ticking(widget_view *v, int interval_ms, int (*tick)(widget_view *v))
{
	widget_drop_kept_keys();
	push(v, false);
	run_view(v, interval_ms, tick);
	pop();
	widget_drop_kept_keys();
}

void widget_run_panel(widget_view *v)
{
	widget_drop_kept_keys();
	push(v, true);
	run_view(v, 0, NULL);
	pop();
	widget_drop_kept_keys();
}

void widget_run(widget_view *v)
{
	widget_run_ticking(v, 0, NULL);
}

static bool poll_cancel(void (*redraw)(void *ctx), void *ctx, bool keep)
{
	for (;;) {
		term_key k;
		term_read_key(&k, 0);
		int kind = k.kind;
		/* an Esc that came together with another key (an Alt chord) still cancels */
		bool cancel = term_key_is(&k, TERM_ESC) || k.alt || term_key_is(&k, TERM_CTRL('c'));
		if (term_key_is(&k, TERM_CTRL('c')))
			term_set_quit(false); /* during a request Ctrl-C cancels it; it does not quit */
		if (keep && !cancel && kind != TERM_KEY_NONE && kind != TERM_KEY_RESIZE && !term_is_too_small() &&
		    nkept < sizeof kept / sizeof kept[0])
			kept[nkept++] = k; /* handed to the view after the request */
		else
			term_key_free(&k);
		if (kind == TERM_KEY_NONE)
			return false;
		if (cancel)
			return true;
		if (kind == TERM_KEY_RESIZE && redraw)
			redraw(ctx);
	}
}

void widget_drop_kept_keys(void)
{
	while (nkept > 0)
		term_key_free(&kept[--nkept]);
}

bool widget_poll_cancel(void (*redraw)(void *ctx), void *ctx)
{
	return poll_cancel(redraw, ctx, false);
}

bool widget_poll_cancel_keep(void (*redraw)(void *ctx), void *ctx)
{
	return poll_cancel(redraw, ctx, true);
}

/* ---- the scrollable message panel ---- */

static const char help_message[] = "A message\n\n"
                                   "  Up, Down, j, k            scroll a line\n"
                                   "  PgUp, PgDn, Space         scroll a page\n"
                                   "  Home, End, g, G           the top, the bottom\n"
                                   "  Esc, Enter, q, F10        close\n"
                                   "  Ctrl-L                    redraw\n"
                                   "  Ctrl-C                    quit at once\n";

typedef struct {
	widget_view view;
	const widget_message_opts *o;
	long top, maxtop;
} message_view;

/* The keys on the panel's last lines: its items (parted by two spaces) on as many lines of width
 * columns as they need, an item never split, so that the key that closes it never falls off. */
static void message_footer(widget_wrapped *f, const message_view *m, bool scroll, int width)
{
	char text[512], line[512] = "";
	snprintf(text, sizeof text, "%s%s%s", scroll ? "Up/Down scroll  " : "", m->o->help ? "F1 help  " : "",
	         m->o->hint);
	widget_wrap_free(f);
	for (const char *p = text; *p;) {
		const char *gap = strstr(p, "  ");
		size_t n = gap ? (size_t)(gap - p) : strlen(p);
		char item[512];
		snprintf(item, sizeof item, "%.*s", (int)n, p);
		if (line[0] && (int)(text_width(line) + 2 + text_width(item)) > width) {
			widget_wrap_push(f, line, strlen(line));
			line[0] = '\0';
		}
		size_t used = strlen(line);
		if (used + 2 + strlen(item) < sizeof line) {
			if (used)
				memcpy(line + used, "  ", 2), used += 2;
			memcpy(line + used, item, strlen(item) + 1);
		}
		p += n;
		while (*p == ' ')
			p++;
	}
	widget_wrap_push(f, line, strlen(line));
}

static void message_draw(widget_view *v)
{
	message_view *m = (message_view *)v;
	int cols = term_cols(), rows = term_rows();
	int widest = m->o->width ? m->o->width : 96;
	widget_rect b = widget_panel_box(rows - 2, cols - 2 > widest ? widest : cols - 2);
	widget_wrapped w = {0}, f = {0};
	char *table = m->o->table ? widget_help_table(m->o->text, b.w - 4) : NULL;
	widget_wrap(&w, table ? table : m->o->text, b.w - 4);
	free(table);
	message_footer(&f, m, false, b.w - 4);
	int body = b.h - 2 - (int)f.n;
	if ((int)w.n > body) {
		message_footer(&f, m, true, b.w - 4);
		body = b.h - 2 - (int)f.n;
	} else if ((int)w.n < body) {
		b = widget_panel_box((int)w.n + 2 + (int)f.n, b.w);
		body = b.h - 2 - (int)f.n;
	}
	m->maxtop = (long)w.n - body > 0 ? (long)w.n - body : 0;
	if (m->top > m->maxtop)
		m->top = m->maxtop;
	widget_panel_draw(b, m->o->title);
	int a = term_attr(TERM_PAIR_PANEL);
	attron(a);
	for (int i = 0; i < body && m->top + i < (long)w.n; i++)
		term_put(b.y + 1 + i, b.x + 2, w.lines[m->top + i], b.w - 4);
	for (size_t i = 0; i < f.n; i++)
		term_put(b.y + b.h - 1 - (int)f.n + (int)i, b.x + 2, f.lines[i], b.w - 4);
	attroff(a);
	widget_wrap_free(&w);
	widget_wrap_free(&f);
}

static int message_key(widget_view *v, const term_key *k)
{
	message_view *m = (message_view *)v;
	int page = term_rows() - 5;
	if (term_key_is(k, ' '))
		m->top = m->top + page < m->maxtop ? m->top + page : m->maxtop;
	else if (widget_scroll_key(k, &m->top, m->maxtop + 1, page, true))
		return WIDGET_CONTINUE;
	else if (m->o->on_key && (k->kind == TERM_KEY_CHAR || k->kind == TERM_KEY_FUNC) && !k->alt &&
	         m->o->on_key(k->code, m->o->ctx) == WIDGET_DONE)
		return WIDGET_DONE;
	else if (term_key_is(k, TERM_ESC) || term_key_is(k, '\n') || term_key_is(k, 'q') || term_key_is(k, KEY_F(10)))
		return WIDGET_DONE;
	return WIDGET_CONTINUE;
}

void widget_message_run(const widget_message_opts *o)
{
	message_view m = {.view = {message_draw, message_key, o->help}, .o = o};
	widget_run_panel(&m.view);
}

void widget_message(const char *title, const char *text)
{
	widget_message_opts o = {.title = title, .text = text, .hint = "Esc or Enter: close", .help = help_message};
	widget_message_run(&o);
}

void widget_help(const char *text)
{
	widget_message_opts o = {.title = "Help", .text = text, .hint = "Esc or Enter: close", .width = 84, .table = true};
	widget_message_run(&o);
}
