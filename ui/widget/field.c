/* field.c — the text field of every view: one handler for the line-editing keys (the editing itself is
 * the core's line editor) and one renderer (long values scroll, a secret shows one * a character), and
 * the small choice and checkbox renderers of the form. */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "widget.h"

static bool motion_key(lineedit *le, const term_key *k)
{
	if (term_key_is(k, KEY_LEFT) || term_key_is(k, TERM_CTRL('b')))
		lineedit_left(le);
	else if (term_key_is(k, KEY_RIGHT) || term_key_is(k, TERM_CTRL('f')))
		lineedit_right(le);
	else if (term_key_is(k, KEY_HOME) || term_key_is(k, TERM_CTRL('a')))
		lineedit_home(le);
	else if (term_key_is(k, KEY_END) || term_key_is(k, TERM_CTRL('e')))
		lineedit_end(le);
	else if (term_key_is(k, TERM_KEY_CTRL_LEFT) || term_key_alt(k, 'b') || term_key_alt(k, 'B'))
		lineedit_word_left(le);
	else if (term_key_is(k, TERM_KEY_CTRL_RIGHT) || term_key_alt(k, 'f') || term_key_alt(k, 'F'))
		lineedit_word_right(le);
	else
		return false;
	return true;
}

static bool deletion_key(lineedit *le, const term_key *k)
{
	if (term_key_is(k, KEY_BACKSPACE))
		lineedit_backspace(le);
	else if (term_key_is(k, KEY_DC) || term_key_is(k, TERM_CTRL('d')))
		lineedit_delete(le);
	else if (term_key_is(k, TERM_CTRL('w')) || term_key_alt(k, KEY_BACKSPACE))
		lineedit_kill_word_back(le);
	else if (term_key_is(k, TERM_CTRL('k')))
		lineedit_kill_to_end(le);
	else if (term_key_is(k, TERM_CTRL('u')))
		lineedit_kill_to_start(le);
	else
		return false;
	return true;
}

bool widget_lineedit_key(lineedit *le, const term_key *k)
{
	if (k->kind == TERM_KEY_CHAR && !k->alt) {
		lineedit_insert_cp(le, (unsigned)k->code);
		return true;
	}
	if (k->kind == TERM_KEY_PASTE) {
		if (!k->too_large)
			lineedit_paste(le, k->text, k->len);
		return true;
	}
	return motion_key(le, k) || deletion_key(le, k);
}

void widget_text_field(int y, int x, int width, lineedit *le, bool mask, int attr, bool focused)
{
	size_t st, en;
	int cc;
	lineedit_view(le, width, mask, term_cp_width, &st, &en, &cc);
	attron(attr);
	if (mask) {
		size_t nchars = 0;
		for (size_t i = st; i < en; i++)
			if (((unsigned char)le->text[i] & 0xc0) != 0x80)
				nchars++;
		mvhline(y, x, ' ', width);
		for (size_t i = 0; i < nchars && (int)i < width; i++)
			mvaddch(y, x + (int)i, '*');
	} else {
		char *vis = strndup(le->text + st, en - st);
		term_put_pad(y, x, vis ? vis : "", width);
		free(vis);
	}
	attroff(attr);
	if (focused)
		widget_cursor(y, x + cc);
}

void widget_choice(int y, int x, int width, const char *text, int attr)
{
	attron(attr);
	move(y, x);
	int used = term_put(y, x, "< ", width);
	used += term_put(y, x + used, text, width - used);
	used += term_put(y, x + used, " >", width - used);
	for (int i = used; i < width; i++)
		mvaddch(y, x + i, ' ');
	attroff(attr);
}

void widget_checkbox(int y, int x, int width, bool checked, const char *label, int attr)
{
	attron(attr);
	int used = term_put(y, x, checked ? "[x] " : "[ ] ", width);
	term_put_pad(y, x + used, label, width - used);
	attroff(attr);
}
