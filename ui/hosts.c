/* hosts.c — the DNS hosts editor: rows of domain → IP address on the form's map, with add, edit and
 * remove, and malformed or duplicate rows marked with their problem. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "swrtui/model/lineedit.h"
#include "ui.h"

int ui_cp_width(unsigned cp);

/* A two-field dialog for one row. Returns true when accepted; domain/ip are then malloc'd. */
static bool edit_row(ui *u, const char *title, const char *domain0, const char *ip0, char **domain, char **ip)
{
	lineedit le[2];
	lineedit_init(&le[0], domain0);
	lineedit_init(&le[1], ip0);
	int focus = 0;
	bool accepted = false;
	for (;;) {
		if (ui_too_small(u)) {
			ui_key k;
			ui_read_key(&k, -1);
			bool quit = ui_key_is(&k, UI_ESC) || ui_key_is(&k, UI_CTRL('c'));
			ui_key_free(&k);
			if (quit)
				break;
			continue;
		}
		int w = u->cols - 4 < 70 ? u->cols - 4 : 70;
		int x0 = (u->cols - w) / 2, y0 = (u->rows - 7) / 2;
		int pa = ui_attr(u, UI_PAIR_PANEL);
		attron(pa);
		for (int y = y0; y < y0 + 7; y++)
			mvhline(y, x0, ' ', w);
		attron(A_BOLD);
		ui_put(y0, x0 + 1, title, w - 2);
		attroff(A_BOLD);
		const char *labels[2] = {"Domain:     ", "IP address: "};
		int cx = 0, cy = 0;
		for (int i = 0; i < 2; i++) {
			int y = y0 + 2 + i;
			int lw = ui_put(y, x0 + 1, labels[i], w - 2);
			int vw = w - 3 - lw;
			size_t s, e;
			int cc;
			lineedit_view(&le[i], vw, false, ui_cp_width, &s, &e, &cc);
			char *vis = strndup(le[i].text + s, e - s);
			int fa = i == focus ? ui_attr(u, UI_PAIR_FOCUS) : (int)A_UNDERLINE;
			attron(fa);
			ui_put_pad(y, x0 + 1 + lw, vis ? vis : "", vw);
			attroff(fa);
			free(vis);
			if (i == focus) {
				cx = x0 + 1 + lw + cc;
				cy = y;
			}
		}
		ui_put(y0 + 5, x0 + 1, "Tab: other field  Enter: accept  Esc: cancel", w - 2);
		attroff(pa);
		move(cy, cx);
		curs_set(1);
		refresh();
		ui_key k;
		ui_read_key(&k, -1);
		lineedit *l = &le[focus];
		bool done = false;
		if (ui_key_is(&k, UI_ESC) || ui_key_is(&k, UI_CTRL('c')) || ui_key_is(&k, KEY_F(10)))
			done = true;
		else if (ui_key_is(&k, '\n')) {
			if (focus == 0 && le[1].len == 0)
				focus = 1; /* Enter on the domain moves on to an empty IP */
			else
				done = accepted = true;
		} else if (ui_key_is(&k, '\t') || ui_key_is(&k, KEY_BTAB) || ui_key_is(&k, KEY_DOWN) || ui_key_is(&k, KEY_UP))
			focus = !focus;
		else if (k.kind == UI_KEY_RESIZE || ui_key_is(&k, UI_CTRL('l')))
			erase(); /* no stale copy of the dialog stays behind */
		else
			ui_lineedit_key(l, &k);
		ui_key_free(&k);
		if (done)
			break;
	}
	if (accepted) {
		*domain = strdup(le[0].text);
		*ip = strdup(le[1].text);
		if (!*domain || !*ip) {
			free(*domain);
			free(*ip);
			accepted = false;
		}
	}
	lineedit_free(&le[0]);
	lineedit_free(&le[1]);
	curs_set(0);
	return accepted;
}

static void draw(ui *u, form *f, size_t sel, size_t top)
{
	erase();
	ui_title(u, " swrtui — DNS hosts (domain → IP address)");
	int h = u->rows - 4;
	if (f->nhosts == 0)
		ui_put(2, 2, "No hosts: a adds one.", u->cols - 4);
	int dw = (u->cols - 6) / 2;
	for (size_t i = top; i < f->nhosts && (int)(i - top) < h; i++) {
		int y = 2 + (int)(i - top);
		const char *prob = form_host_problem(f, i);
		int a = i == sel ? ui_attr(u, UI_PAIR_FOCUS) : 0;
		attron(a);
		mvhline(y, 0, ' ', u->cols);
		int ea = prob ? ui_attr(u, UI_PAIR_ERROR) : 0;
		if (i != sel)
			attron(ea);
		ui_put(y, 0, prob ? "!" : " ", 1);
		if (i != sel)
			attroff(ea);
		ui_put_pad(y, 2, f->hosts[i].domain, dw);
		ui_put(y, 2 + dw, " → ", 3);
		ui_put_pad(y, 5 + dw, f->hosts[i].ip, u->cols - 6 - dw);
		attroff(a);
	}
	const char *prob = sel < f->nhosts ? form_host_problem(f, sel) : NULL;
	char status[512];
	if (prob)
		snprintf(status, sizeof status, "row %zu: %s", sel + 1, prob);
	else
		snprintf(status, sizeof status, "%zu host%s", f->nhosts, f->nhosts == 1 ? "" : "s");
	ui_status(u, status, prob ? UI_PAIR_ERROR : 0);
	ui_hints(u, " a add  Enter edit  d remove  Esc back to the form  F1 help");
	curs_set(0);
	refresh();
}

void ui_hosts_screen(ui *u, form *f)
{
	size_t sel = 0, top = 0;
	for (;;) {
		if (ui_quitting())
			break;
		if (ui_too_small(u)) {
			ui_key k;
			ui_read_key(&k, -1);
			bool quit = ui_key_is(&k, UI_ESC) || ui_key_is(&k, UI_CTRL('c'));
			ui_key_free(&k);
			if (quit)
				break;
			continue;
		}
		if (sel >= f->nhosts && f->nhosts)
			sel = f->nhosts - 1;
		int h = u->rows - 4;
		if (sel < top)
			top = sel;
		if ((int)(sel - top) >= h)
			top = sel - (size_t)h + 1;
		draw(u, f, sel, top);
		ui_key k;
		ui_read_key(&k, -1);
		int code = k.kind == UI_KEY_CHAR || k.kind == UI_KEY_FUNC ? k.code : -1;
		ui_key_free(&k);
		char *d = NULL, *ip = NULL;
		if (code == UI_ESC || code == KEY_F(10) || code == 'q' || code == UI_CTRL('c'))
			break;
		else if (code == KEY_DOWN || code == 'j') {
			if (sel + 1 < f->nhosts)
				sel++;
		} else if (code == KEY_UP || code == 'k') {
			if (sel > 0)
				sel--;
		} else if (code == KEY_NPAGE) {
			sel = sel + (size_t)h < f->nhosts ? sel + (size_t)h : (f->nhosts ? f->nhosts - 1 : 0);
		} else if (code == KEY_PPAGE) {
			sel = sel > (size_t)h ? sel - (size_t)h : 0;
		} else if (code == KEY_HOME || code == 'g') {
			sel = 0;
		} else if (code == KEY_END || code == 'G') {
			sel = f->nhosts ? f->nhosts - 1 : 0;
		} else if (code == 'a' || code == KEY_IC) {
			if (edit_row(u, "Add a host", "", "", &d, &ip)) {
				if (form_host_add(f, d, ip) == 0)
					sel = f->nhosts - 1;
			}
		} else if ((code == '\n' || code == 'e') && sel < f->nhosts) {
			if (edit_row(u, "Edit the host", f->hosts[sel].domain, f->hosts[sel].ip, &d, &ip))
				form_host_set(f, sel, d, ip);
		} else if ((code == 'd' || code == KEY_DC) && sel < f->nhosts) {
			form_host_remove(f, sel);
		} else if (code == KEY_F(1)) {
			ui_help(u, "hosts");
		} else if (code == UI_CTRL('l')) {
			clearok(curscr, TRUE);
		}
		free(d);
		free(ip);
	}
	erase();
}
