/* scroll.c — the moves of every scrolling view (lists, the request log, messages, the probe checklist),
 * so that Home, End, PgUp and PgDn mean the same everywhere; and lines of the screen scrolled on the
 * terminal itself, so that a scroll step writes only the lines that came in. */
#include <curses.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <unistd.h>

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

/* The terminal's own scroll: its scroll region set to the lines, n line feeds at the bottom (or reverse
 * line feeds at the top), the region back to the whole screen. ncurses's copies of the screen (stdscr,
 * newscr: what the next refresh draws; curscr: what the terminal shows) are scrolled alike and their
 * lines left unchanged, so that the next refresh compares and writes only the lines drawn after this. */
static bool terminal_scroll(int top, int bottom, int n)
{
	/* only when the terminal is the size curses knows: a resize not yet read would leave the region
	 * reset to the old height */
	struct winsize ws;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) != 0 || ws.ws_row != (unsigned short)term_rows() ||
	    ws.ws_col != (unsigned short)term_cols())
		return false;
	char *csr = tigetstr("csr"), *cup = tigetstr("cup"), *step = tigetstr(n > 0 ? "ind" : "ri");
	if (!csr || csr == (char *)-1 || !cup || cup == (char *)-1 || !step || step == (char *)-1)
		return false;
	vidattr(A_NORMAL); /* the lines that come in are blank, without colour */
	putp(tiparm(csr, top, bottom));
	putp(tiparm(cup, n > 0 ? bottom : top, 0));
	for (int i = 0; i < (n > 0 ? n : -n); i++)
		putp(step);
	putp(tiparm(csr, 0, term_rows() - 1));
	mvcur(-1, -1, top, 0); /* the cursor back where curses will know it is (the terminal moved it) */
	fflush(stdout); /* putp, vidattr and mvcur write through stdio: out before the refresh writes */
	return true;
}

static void scroll_copy(WINDOW *w, int top, int bottom, int n)
{
	scrollok(w, TRUE);
	wsetscrreg(w, top, bottom);
	wscrl(w, n);
	wsetscrreg(w, 0, term_rows() - 1);
	scrollok(w, FALSE);
	wtouchln(w, top, bottom - top + 1, 0);
}

bool widget_scroll_lines(int top, int bottom, int n)
{
	if (n == 0 || top < 0 || bottom >= term_rows() || top >= bottom || n >= bottom - top + 1 ||
	    -n >= bottom - top + 1 || is_wintouched(stdscr) || is_wintouched(newscr) || !terminal_scroll(top, bottom, n))
		return false;
	scroll_copy(stdscr, top, bottom, n);
	scroll_copy(newscr, top, bottom, n);
	scroll_copy(curscr, top, bottom, n);
	return true;
}
