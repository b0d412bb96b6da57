/* hosts.c — the DNS hosts editor: rows of domain → IP address on the form's map, with add, edit and
 * remove, malformed or duplicate rows marked with their problem, and the two-field dialog of one row. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screen.h"

/* ---- one row: domain and IP address ---- */

typedef struct {
	widget_view view;
	const char *title;
	lineedit le[2];
	int focus;
	bool accepted;
} row_view;

static void row_draw(widget_view *v)
{
	row_view *r = (row_view *)v;
	int cols = term_cols();
	int w = cols - 4 < 70 ? cols - 4 : 70;
	int x0 = (cols - w) / 2, y0 = (term_rows() - 7) / 2;
	int pa = term_attr(TERM_PAIR_PANEL);
	attron(pa);
	for (int y = y0; y < y0 + 7; y++)
		mvhline(y, x0, ' ', w);
	attron(term_attr(TERM_ROLE_EMPHASIS));
	term_put(y0, x0 + 1, r->title, w - 2);
	attroff(term_attr(TERM_ROLE_EMPHASIS));
	const char *labels[2] = {"Domain:     ", "IP address: "};
	for (int i = 0; i < 2; i++) {
		int y = y0 + 2 + i;
		int lw = term_put(y, x0 + 1, labels[i], w - 2);
		int fa = i == r->focus ? term_attr(TERM_PAIR_FOCUS) : term_attr(TERM_ROLE_FIELD);
		widget_text_field(y, x0 + 1 + lw, w - 3 - lw, &r->le[i], false, fa, i == r->focus);
		attron(pa);
	}
	term_put(y0 + 5, x0 + 1, "Tab: other field  Enter: accept  Esc: cancel  F1: help", w - 2);
	attroff(pa);
}

static int row_key(widget_view *v, const term_key *k)
{
	row_view *r = (row_view *)v;
	if (term_key_is(k, TERM_ESC) || term_key_is(k, KEY_F(10)))
		return WIDGET_DONE;
	if (term_key_is(k, '\n')) {
		if (r->focus == 0 && r->le[1].len == 0) {
			r->focus = 1; /* Enter on the domain moves on to an empty IP */
			return WIDGET_CONTINUE;
		}
		r->accepted = true;
		return WIDGET_DONE;
	}
	if (term_key_is(k, '\t') || term_key_is(k, KEY_BTAB) || term_key_is(k, KEY_DOWN) || term_key_is(k, KEY_UP))
		r->focus = !r->focus;
	else
		widget_lineedit_key(&r->le[r->focus], k);
	return WIDGET_CONTINUE;
}

/* Returns true when accepted; domain and ip are then malloc'd. */
static bool edit_row(const char *title, const char *domain0, const char *ip0, char **domain, char **ip)
{
	row_view r = {.view = {row_draw, row_key, ui_help_host_row}, .title = title};
	lineedit_init(&r.le[0], domain0);
	lineedit_init(&r.le[1], ip0);
	widget_run_panel(&r.view);
	bool accepted = r.accepted && !term_quitting();
	if (accepted) {
		*domain = strdup(r.le[0].text);
		*ip = strdup(r.le[1].text);
		if (!*domain || !*ip) {
			free(*domain);
			free(*ip);
			accepted = false;
		}
	}
	lineedit_free(&r.le[0]);
	lineedit_free(&r.le[1]);
	return accepted;
}

/* ---- the list of rows ---- */

typedef struct {
	widget_view view;
	ui *u;
	form *f;
	long sel, top;
} hosts_view;

static void draw_host(form *f, size_t i, int y, bool selected)
{
	int cols = term_cols(), dw = (cols - 6) / 2;
	const char *prob = form_host_problem(f, i);
	int a = selected ? term_attr(TERM_ROLE_SELECTION) : 0;
	attron(a);
	mvhline(y, 0, ' ', cols);
	int ea = prob && !selected ? term_attr(TERM_PAIR_ERROR) : 0;
	attron(ea);
	term_put(y, 0, prob ? "!" : " ", 1);
	attroff(ea);
	attron(a);
	term_put_pad(y, 2, f->hosts[i].domain, dw);
	term_put(y, 2 + dw, " → ", 3);
	term_put_pad(y, 5 + dw, f->hosts[i].ip, cols - 6 - dw);
	attroff(a);
}

static void hosts_draw(widget_view *v)
{
	hosts_view *hv = (hosts_view *)v;
	form *f = hv->f;
	erase();
	term_title(" swrtui — DNS hosts (domain → IP address)");
	int h = term_rows() - 4;
	if (f->nhosts == 0)
		term_put(2, 2, "No hosts: a adds one.", term_cols() - 4);
	if (hv->sel >= (long)f->nhosts)
		hv->sel = f->nhosts ? (long)f->nhosts - 1 : 0;
	widget_scroll_follow(hv->sel, &hv->top, h);
	for (long i = hv->top; i < (long)f->nhosts && i - hv->top < h; i++)
		draw_host(f, (size_t)i, 2 + (int)(i - hv->top), i == hv->sel);
	size_t sel = (size_t)hv->sel;
	const char *prob = sel < f->nhosts ? form_host_problem(f, sel) : NULL;
	char status[512];
	if (prob)
		snprintf(status, sizeof status, "row %zu: %s", sel + 1, prob);
	else
		snprintf(status, sizeof status, "%zu host%s", f->nhosts, f->nhosts == 1 ? "" : "s");
	term_status(status, prob ? TERM_PAIR_ERROR : 0);
	term_hints(" a add  Enter edit  d remove  Esc back to the form  F1 help");
}

static int hosts_key(widget_view *v, const term_key *k)
{
	hosts_view *hv = (hosts_view *)v;
	form *f = hv->f;
	size_t sel = (size_t)hv->sel;
	char *d = NULL, *ip = NULL;
	if (term_key_is(k, TERM_ESC) || term_key_is(k, KEY_F(10)) || term_key_is(k, 'q'))
		return WIDGET_DONE;
	if (term_key_is(k, 'a') || term_key_is(k, KEY_IC)) {
		if (edit_row("Add a host", "", "", &d, &ip) && form_host_add(f, d, ip) == 0)
			hv->sel = (long)f->nhosts - 1;
	} else if ((term_key_is(k, '\n') || term_key_is(k, 'e')) && sel < f->nhosts) {
		if (edit_row("Edit the host", f->hosts[sel].domain, f->hosts[sel].ip, &d, &ip))
			form_host_set(f, sel, d, ip);
	} else if ((term_key_is(k, 'd') || term_key_is(k, KEY_DC)) && sel < f->nhosts) {
		form_host_remove(f, sel);
	} else if (term_key_is(k, KEY_F(4))) {
		ui_request_log(hv->u);
	} else {
		widget_scroll_key(k, &hv->sel, (long)f->nhosts, term_rows() - 4, true);
	}
	free(d);
	free(ip);
	return WIDGET_CONTINUE;
}

void ui_hosts_screen(ui *u, form *f)
{
	hosts_view hv = {.view = {hosts_draw, hosts_key, ui_help_hosts}, .u = u, .f = f};
	widget_run(&hv.view);
	erase();
}
