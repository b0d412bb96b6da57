/* scroll.c — the moves of every scrolling view (lists, the request log, messages, the probe checklist),
 * so that Home, End, PgUp and PgDn mean the same everywhere. */
#include <curses.h>

#include "widget.h"

bool widget_scroll_key(const term_key *k, long *sel, long n, int page, bool letters)
{
	long s = *sel;
	if (page < 1)
		page = 1;
	if (term_key_is(k, KEY_DOWN) || (letters && term_key_is(k, 'j')))
		s++;
	else if (term_key_is(k, KEY_UP) || (letters && term_key_is(k, 'k')))
		s--;
	else if (term_key_is(k, KEY_NPAGE))
		s += page;
	else if (term_key_is(k, KEY_PPAGE))
		s -= page;
	else if (term_key_is(k, KEY_HOME) || (letters && term_key_is(k, 'g')))
		s = 0;
	else if (term_key_is(k, KEY_END) || (letters && term_key_is(k, 'G')))
		s = n - 1;
	else
		return false;
	if (s > n - 1)
		s = n - 1;
	if (s < 0)
		s = 0;
	*sel = s;
	return true;
}

void widget_scroll_follow(long sel, long *top, int h)
{
	if (sel < *top)
		*top = sel;
	if (h > 0 && sel >= *top + h)
		*top = sel - h + 1;
	if (*top < 0)
		*top = 0;
}
