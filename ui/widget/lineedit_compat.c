/* lineedit_compat.c — TEMPORARY: the word motions and deletions of the line editor until the core's own
 * (src/model/lineedit.c) are merged; deleted then. */
#include "widget.h"

static unsigned char_at(const lineedit *le, size_t i)
{
	return (unsigned char)le->text[lineedit_offset(le, i)];
}

static size_t word_start(const lineedit *le)
{
	size_t i = le->cursor;
	while (i > 0 && char_at(le, i - 1) == ' ')
		i--;
	while (i > 0 && char_at(le, i - 1) != ' ')
		i--;
	return i;
}

void lineedit_word_left(lineedit *le)
{
	le->cursor = word_start(le);
}

void lineedit_word_right(lineedit *le)
{
	size_t i = le->cursor;
	while (i < le->nchars && char_at(le, i) == ' ')
		i++;
	while (i < le->nchars && char_at(le, i) != ' ')
		i++;
	le->cursor = i;
}

bool lineedit_kill_word_back(lineedit *le)
{
	size_t to = word_start(le);
	bool any = le->cursor > to;
	while (le->cursor > to)
		lineedit_backspace(le);
	return any;
}

bool lineedit_kill_to_end(lineedit *le)
{
	bool any = le->cursor < le->nchars;
	while (le->cursor < le->nchars)
		lineedit_delete(le);
	return any;
}
