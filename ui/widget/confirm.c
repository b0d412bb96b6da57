/* confirm.c — the confirmation panel: lines of text (long ones wrap, so that an old -> new value is
 * never cut; scrollable when many), a question and two buttons. y answers yes, n, Esc and F10 no, Enter
 * takes the focused button; a destructive question starts on No. */
#include <curses.h>
#include <string.h>

#include "swrtui/base/text.h"
#include "widget.h"

static const char help_confirm[] = "A question\n\n"
                                   "  y            yes\n"
                                   "  n, Esc, F10  no\n"
                                   "  Enter        the focused button (a question that deletes or discards\n"
                                   "               starts on No)\n"
                                   "  Left, Right, Tab, Shift-Tab   move between Yes and No\n"
                                   "  Up, Down, PgUp, PgDn, Home, End   scroll a long text\n"
                                   "  Ctrl-L       redraw\n"
                                   "  Ctrl-C       quit at once\n";

typedef struct {
	widget_view view;
	const char *title, *question;
	const char *const *body;
	size_t n;
	long top;     /* first body line shown */
	long maxtop;  /* from the last draw */
	bool yes_focus;
	bool answer;
} confirm_view;

/* The inner width: the widest line or the question, at least the buttons' line, within the screen. */
static int inner_width(const confirm_view *c)
{
	int maxw = (int)text_width(c->question) + 4;
	for (size_t i = 0; i < c->n; i++) {
		int w = (int)text_width(c->body[i]);
		if (w > maxw)
			maxw = w;
	}
	if (maxw < 46) /* the buttons and their keys */
		maxw = 46;
	return maxw + 4 < term_cols() - 2 ? maxw : term_cols() - 6;
}

/* The buttons and their keys on the panel's background (panel_attr): attributes are set, never OR'ed,
 * so that the focused button's colour pair does not leak into the text after it. */
static void draw_buttons(const confirm_view *c, widget_rect b, int panel_attr)
{
	int y = b.y + b.h - 2, x = b.x + 2;
	const char *labels[2] = {c->yes_focus ? "> Yes <" : "[ Yes ]", c->yes_focus ? "[ No ]" : "> No <"};
	for (int i = 0; i < 2; i++) {
		bool focused = (i == 0) == c->yes_focus;
		attrset(focused ? term_attr(TERM_PAIR_FOCUS) : panel_attr); /* bold black would be grey */
		x += term_put(y, x, labels[i], b.x + b.w - 2 - x);
		attrset(panel_attr);
		x += term_put(y, x, "  ", b.x + b.w - 2 - x);
	}
	term_put(y, x, " y: yes  n, Esc: no  F1: help", b.x + b.w - 2 - x);
}

static void confirm_draw(widget_view *v)
{
	confirm_view *c = (confirm_view *)v;
	int inner = inner_width(c);
	widget_wrapped w = {0};
	for (size_t i = 0; i < c->n; i++) {
		if (!*c->body[i])
			widget_wrap_push(&w, "", 0);
		else
			widget_wrap(&w, c->body[i], inner);
	}
	widget_rect b = widget_panel_box((int)w.n + 5, inner + 4);
	int rows = b.h - 5;
	c->maxtop = (long)w.n - rows > 0 ? (long)w.n - rows : 0;
	if (c->top > c->maxtop)
		c->top = c->maxtop;
	widget_panel_draw(b, c->title);
	int a = term_attr(TERM_PAIR_PANEL);
	attron(a);
	for (int i = 0; i < rows && c->top + i < (long)w.n; i++)
		term_put(b.y + 1 + i, b.x + 2, w.lines[c->top + i], b.w - 4);
	if ((int)w.n > rows)
		term_put(b.y + b.h - 4, b.x + 2, "(Up/Down scroll)", b.w - 4);
	attron(term_attr(TERM_ROLE_EMPHASIS));
	term_put(b.y + b.h - 3, b.x + 2, c->question, b.w - 4);
	attroff(term_attr(TERM_ROLE_EMPHASIS));
	draw_buttons(c, b, a);
	attrset(A_NORMAL);
	widget_wrap_free(&w);
}

static int confirm_key(widget_view *v, const term_key *k)
{
	confirm_view *c = (confirm_view *)v;
	if (term_key_is(k, 'y') || term_key_is(k, 'Y')) {
		c->answer = true;
		return WIDGET_DONE;
	}
	if (term_key_is(k, 'n') || term_key_is(k, 'N') || term_key_is(k, TERM_ESC) || term_key_is(k, KEY_F(10)))
		return WIDGET_DONE;
	if (term_key_is(k, '\n')) {
		c->answer = c->yes_focus;
		return WIDGET_DONE;
	}
	if (term_key_is(k, KEY_LEFT) || term_key_is(k, KEY_RIGHT) || term_key_is(k, '\t') || term_key_is(k, KEY_BTAB))
		c->yes_focus = !c->yes_focus;
	else
		widget_scroll_key(k, &c->top, c->maxtop + 1, 1, false);
	return WIDGET_CONTINUE;
}

bool widget_confirm(const char *title, const char *const *body, size_t n, const char *question, bool default_yes)
{
	confirm_view c = {.view = {confirm_draw, confirm_key, help_confirm},
	                  .title = title,
	                  .question = question,
	                  .body = body,
	                  .n = n,
	                  .yes_focus = default_yes};
	widget_run_panel(&c.view);
	return c.answer && !term_quitting();
}
