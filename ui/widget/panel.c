/* panel.c — a box in the middle of the screen with a title, and text wrapped to a width in screen
 * columns (at spaces where possible, newlines kept): what every panel and the too-small notice draw. */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "swrtui/base/text.h"
#include "widget.h"

widget_rect widget_panel_box(int want_h, int want_w)
{
	widget_rect b;
	b.w = want_w < term_cols() - 2 ? want_w : term_cols() - 2;
	b.h = want_h < term_rows() - 2 ? want_h : term_rows() - 2;
	if (b.w < 10)
		b.w = term_cols();
	if (b.h < 3)
		b.h = term_rows();
	b.y = (term_rows() - b.h) / 2;
	b.x = (term_cols() - b.w) / 2;
	return b;
}

void widget_panel_draw(widget_rect b, const char *title)
{
	int a = term_attr(TERM_PAIR_PANEL);
	attron(a);
	for (int y = b.y; y < b.y + b.h; y++)
		mvhline(y, b.x, ' ', b.w);
	mvhline(b.y, b.x, ACS_HLINE, b.w);
	mvhline(b.y + b.h - 1, b.x, ACS_HLINE, b.w);
	mvvline(b.y, b.x, ACS_VLINE, b.h);
	mvvline(b.y, b.x + b.w - 1, ACS_VLINE, b.h);
	mvaddch(b.y, b.x, ACS_ULCORNER);
	mvaddch(b.y, b.x + b.w - 1, ACS_URCORNER);
	mvaddch(b.y + b.h - 1, b.x, ACS_LLCORNER);
	mvaddch(b.y + b.h - 1, b.x + b.w - 1, ACS_LRCORNER);
	if (title) {
		attron(term_attr(TERM_ROLE_EMPHASIS));
		mvaddch(b.y, b.x + 2, ' ');
		int used = term_put(b.y, b.x + 3, title, b.w - 6);
		mvaddch(b.y, b.x + 3 + used, ' ');
		attroff(term_attr(TERM_ROLE_EMPHASIS));
	}
	attroff(a);
}

void widget_wrap_free(widget_wrapped *w)
{
	for (size_t i = 0; i < w->n; i++)
		free(w->lines[i]);
	free(w->lines);
	w->lines = NULL;
	w->n = 0;
}

void widget_wrap_push(widget_wrapped *w, const char *s, size_t len)
{
	char **l = realloc(w->lines, (w->n + 1) * sizeof *l);
	if (!l)
		return;
	w->lines = l;
	w->lines[w->n] = strndup(s, len);
	if (w->lines[w->n])
		w->n++;
}

void widget_wrap(widget_wrapped *w, const char *text, int width)
{
	if (width < 1)
		width = 1;
	/* wrapped as term_put will draw it: escaped (control, bidi and invisible characters take room) */
	char *safe = text_printable(text, strlen(text), 0, 1);
	const char *p = safe ? safe : "";
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t linelen = nl ? (size_t)(nl - p) : strlen(p);
		/* cut this line into pieces of at most width columns */
		size_t i = 0;
		do {
			size_t start = i, last_space = 0, j = i;
			int cols = 0;
			while (j < linelen) {
				unsigned cp;
				size_t n = text_utf8_decode((const unsigned char *)p + j, linelen - j, &cp);
				if (n == 0)
					n = 1, cp = '?';
				int cw = term_cp_width(cp);
				if (cols + cw > width)
					break;
				if (cp == ' ')
					last_space = j;
				cols += cw;
				j += n;
			}
			size_t end = j;
			if (j < linelen && p[j] != ' ' && last_space > start)
				end = last_space; /* (a line that ends just before a space is cut there) */
			widget_wrap_push(w, p + start, end - start);
			i = end;
			while (i < linelen && p[i] == ' ')
				i++;
			if (i == start)
				i++;
		} while (i < linelen);
		p += linelen;
		if (*p == '\n')
			p++;
	}
	free(safe);
}
