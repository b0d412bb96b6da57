/* draw.c — the size of the screen and the drawing helpers every view uses: attributes for a role
 * (colour only when enabled, and never colour alone), UTF-8 text clipped to a width in screen columns
 * (wide characters whole, control characters escaped, ASCII stand-ins in a non-UTF-8 locale), the
 * title, status and hint lines. */
#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "swrtui/base/text.h"
#include "term.h"

static bool utf8_terminal = true; /* the locale's character set is UTF-8 */
static bool color;
static int palette = 8; /* colours the terminal has */
static int screen_rows, screen_cols;

void term_update_size(void)
{
	getmaxyx(stdscr, screen_rows, screen_cols);
}

int term_rows(void)
{
	return screen_rows;
}

int term_cols(void)
{
	return screen_cols;
}

bool term_is_too_small(void)
{
	term_update_size();
	return screen_cols < TERM_MIN_COLS || screen_rows < TERM_MIN_ROWS;
}

void term_set_color(bool on)
{
	color = on;
}

void term_set_utf8(bool on)
{
	utf8_terminal = on;
}

void term_set_palette(int ncolors)
{
	palette = ncolors;
}

/* The colour pair of each role: foreground, background (-1: the terminal's default). */
static const short role_colors[TERM_ROLE_COUNT][2] = {
    [TERM_ROLE_TITLE] = {COLOR_WHITE, COLOR_BLUE},   [TERM_ROLE_HINT] = {COLOR_WHITE, COLOR_BLUE},
    [TERM_ROLE_ERROR] = {COLOR_RED, -1},             [TERM_ROLE_OK] = {COLOR_GREEN, -1},
    [TERM_ROLE_WARN] = {COLOR_YELLOW, -1},           [TERM_ROLE_FOCUS] = {COLOR_BLACK, COLOR_CYAN},
    [TERM_ROLE_SELECTION] = {COLOR_BLACK, COLOR_CYAN}, [TERM_ROLE_PANEL] = {COLOR_WHITE, COLOR_BLUE},
    [TERM_ROLE_SECONDARY] = {8, -1}, /* bright black; only with 16 colours or more */
};

void term_init_roles(void)
{
	for (int r = 1; r <= TERM_ROLE_SELECTION; r++) /* the roles with a colour */
		if (r != TERM_ROLE_SECONDARY || palette >= 16)
			init_pair((short)r, role_colors[r][0], role_colors[r][1]);
}

/* The attribute of a role without colour. */
static int mono_attr(int role)
{
	switch (role) {
	case TERM_ROLE_TITLE: return A_BOLD | A_REVERSE;
	case TERM_ROLE_HINT: return A_REVERSE;
	case TERM_ROLE_ERROR:
	case TERM_ROLE_OK:
	case TERM_ROLE_WARN: return A_BOLD;
	case TERM_ROLE_FOCUS:
	case TERM_ROLE_SELECTION: return A_REVERSE;
	case TERM_ROLE_SECONDARY: return A_DIM;
	case TERM_ROLE_FIELD: return A_UNDERLINE;
	case TERM_ROLE_HEADING: return A_BOLD | A_UNDERLINE;
	case TERM_ROLE_EMPHASIS: return A_BOLD;
	case TERM_ROLE_ALERT: return A_BOLD | A_REVERSE;
	default: return A_NORMAL;
	}
}

int term_attr(int role)
{
	int a = mono_attr(role);
	if (color && role == TERM_ROLE_ALERT) /* the error's colour, reversed */
		return a | (int)COLOR_PAIR(TERM_ROLE_ERROR);
	if (!color || role <= 0 || role > TERM_ROLE_SELECTION)
		return a;
	switch (role) {
	case TERM_ROLE_SECONDARY:
		return palette >= 16 ? (int)COLOR_PAIR(role) : A_DIM; /* grey, or the default colour dimmed */
	case TERM_ROLE_HINT:
	case TERM_ROLE_FOCUS:
	case TERM_ROLE_SELECTION: return (int)COLOR_PAIR(role);
	case TERM_ROLE_TITLE: return A_BOLD | (int)COLOR_PAIR(role);
	default: return a | (int)COLOR_PAIR(role);
	}
}

static const char *ascii_for(unsigned cp);

int term_cp_width(unsigned cp)
{
	if (!utf8_terminal && cp >= 0x80)
		return (int)strlen(ascii_for(cp));
	int w = wcwidth((wchar_t)cp);
	if (w < 0)
		w = text_cp_width(cp);
	return w;
}

/* In a non-UTF-8 locale the few symbols swrtui draws get ASCII stand-ins; other non-ASCII text is
 * shown as "?" so that the columns stay right. */
static const char *ascii_for(unsigned cp)
{
	switch (cp) {
	case 0x2014: return "-";
	case 0x2026: return "...";
	case 0x2039: return "<"; /* ‹U+202E›: an invisible character shown by text_printable */
	case 0x203a: return ">";
	case 0x2192: return "->";
	case 0x2713: return "+";
	case 0x2717: return "x";
	default: return "?";
	}
}

int term_put(int y, int x, const char *s, int width)
{
	if (width <= 0 || !s)
		return 0;
	char *p = text_printable(s, strlen(s), 0, 0);
	if (!p)
		return 0;
	const unsigned char *q = (const unsigned char *)p;
	size_t n = strlen(p), i = 0;
	int used = 0;
	move(y, x);
	while (i < n) {
		unsigned cp;
		size_t len = text_utf8_decode(q + i, n - i, &cp);
		if (len == 0)
			break;
		if (!utf8_terminal && cp >= 0x80) {
			const char *a = ascii_for(cp);
			int w = (int)strlen(a);
			if (used + w > width)
				break;
			addstr(a);
			used += w;
			i += len;
			continue;
		}
		int w = term_cp_width(cp);
		if (used + w > width)
			break;
		addnstr(p + i, (int)len);
		used += w;
		i += len;
	}
	free(p);
	return used;
}

void term_put_pad(int y, int x, const char *s, int width)
{
	int used = term_put(y, x, s, width);
	for (int i = used; i < width; i++)
		mvaddch(y, x + i, ' ');
}

void term_title(const char *title)
{
	int a = term_attr(TERM_PAIR_TITLE);
	attron(a);
	term_put_pad(0, 0, title, term_cols());
	attroff(a);
}

void term_status(const char *msg, int pair)
{
	term_status_lines(msg, pair, 1);
}

void term_status_lines(const char *msg, int pair, int nlines)
{
	int a = pair ? term_attr(pair) : 0;
	const char *p = msg ? msg : "";
	attron(a);
	for (int i = 0; i < nlines; i++) {
		int y = term_rows() - 1 - nlines + i;
		/* a line ends at the last space that fits, unless it is the last line */
		size_t n = strlen(p), cut = n;
		if (i < nlines - 1 && text_width(p) > (size_t)term_cols()) {
			size_t j = 0, last_space = 0;
			int cols = 0;
			while (j < n) {
				unsigned cp;
				size_t len = text_utf8_decode((const unsigned char *)p + j, n - j, &cp);
				if (len == 0)
					len = 1, cp = '?';
				int w = term_cp_width(cp);
				if (cols + w > term_cols())
					break;
				if (cp == ' ')
					last_space = j;
				cols += w;
				j += len;
			}
			cut = last_space ? last_space : j;
		}
		char *line = strndup(p, cut);
		term_put_pad(y, 0, line ? line : "", term_cols());
		free(line);
		p += cut;
		while (*p == ' ')
			p++;
	}
	attroff(a);
}

void term_hints(const char *hints)
{
	int a = term_attr(TERM_ROLE_HINT);
	attron(a);
	term_put_pad(term_rows() - 1, 0, hints, term_cols());
	attroff(a);
}
