/* prompt.c — a one-line prompt at the bottom of the screen (the list's filter, a file name), with the
 * line-editing keys of every text field. */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "widget.h"

static const char help_prompt[] = "A prompt\n\n"
                                  "  Enter        accept\n"
                                  "  Esc, F10     cancel\n\n" WIDGET_HELP_LINEEDIT;

typedef struct {
	widget_view view;
	const char *label;
	lineedit le;
	bool accepted;
} prompt_view;

static void prompt_draw(widget_view *v)
{
	prompt_view *p = (prompt_view *)v;
	int y = term_rows() - 2;
	int lw = term_put(y, 0, p->label, term_cols() / 2);
	widget_text_field(y, lw + 1, term_cols() - lw - 1, &p->le, false, term_attr(TERM_ROLE_FIELD), true);
	term_hints("Enter: accept   Esc: cancel   Ctrl-U: clear to start   F1: help");
}

static int prompt_key(widget_view *v, const term_key *k)
{
	prompt_view *p = (prompt_view *)v;
	if (term_key_is(k, '\n')) {
		p->accepted = true;
		return WIDGET_DONE;
	}
	if (term_key_is(k, TERM_ESC) || term_key_is(k, KEY_F(10)))
		return WIDGET_DONE;
	widget_lineedit_key(&p->le, k);
	return WIDGET_CONTINUE;
}

char *widget_prompt(const char *label, const char *initial)
{
	prompt_view p = {.view = {prompt_draw, prompt_key, help_prompt}, .label = label};
	if (lineedit_init(&p.le, initial) != 0)
		return NULL;
	widget_run_panel(&p.view);
	char *result = p.accepted && !term_quitting() ? strdup(p.le.text) : NULL;
	lineedit_free(&p.le);
	return result;
}
