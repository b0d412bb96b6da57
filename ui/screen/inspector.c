/* inspector.c — the request log view: the last requests, newest first, and any one of them whole
 * (method, URL, status, request id, timings, headers and bodies, redacted; for a signature mismatch the
 * gateway's canonical request beside swrtui's own with the differing lines marked), searched with / n N
 * and saved with s (msgfile.c). A log row is reqlog_row's. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "swrtui/base/text.h"
#include "screen.h"

/* ---- the inspector: one request whole, scrolled, searched, saved ---- */

typedef struct {
	widget_view view;
	ui *u;
	const char *text;  /* reqlog_format of the entry: what is shown is what is saved */
	long top, maxtop;
	int body;          /* rows of text shown */
	widget_wrapped w;  /* text wrapped at the panel's width (drawn again at each size) */
	char *pattern;     /* the last search, or NULL */
	long match;        /* the wrapped line of the current match, or -1 */
	char note[1100];   /* the status line: a search's outcome, the file written */
	int note_pair;
} inspector_view;

static void inspector_draw(widget_view *v)
{
	inspector_view *d = (inspector_view *)v;
	int cols = term_cols(), rows = term_rows();
	widget_rect b = widget_panel_box(rows - 2, cols > 100 ? 96 : cols - 2);
	widget_wrap_free(&d->w);
	widget_wrap(&d->w, d->text, b.w - 4);
	d->body = b.h - 4 > 1 ? b.h - 4 : 1;
	d->maxtop = (long)d->w.n - d->body > 0 ? (long)d->w.n - d->body : 0;
	if (d->top > d->maxtop)
		d->top = d->maxtop;
	erase();
	widget_panel_draw(b, "Request inspector");
	int a = term_attr(TERM_PAIR_PANEL);
	attron(a);
	for (int i = 0; i < d->body && d->top + i < (long)d->w.n; i++) {
		bool hit = d->top + i == d->match;
		if (hit)
			attron(term_attr(TERM_ROLE_SELECTION));
		term_put(b.y + 1 + i, b.x + 2, d->w.lines[d->top + i], b.w - 4);
		if (hit) {
			attroff(term_attr(TERM_ROLE_SELECTION));
			attron(a);
		}
	}
	if (d->note[0]) {
		int na = d->note_pair ? term_attr(d->note_pair) : a;
		attron(na);
		term_put(b.y + b.h - 3, b.x + 2, d->note, b.w - 4);
		attroff(na);
		attron(a);
	}
	term_put(b.y + b.h - 2, b.x + 2, "/ search  n/N next/previous  s save  F1 help  Esc: close", b.w - 4);
	attroff(a);
}

/* Whether line holds pat, case ignored. */
static bool line_has(const char *line, const char *pat)
{
	size_t n = strlen(pat);
	for (const char *p = line; *p; p++)
		if (strncasecmp(p, pat, n) == 0)
			return true;
	return false;
}

/* Finds the pattern from the line after (dir 1) or before (dir -1) the current match, round the end. */
static void inspector_find(inspector_view *d, int dir)
{
	if (!d->pattern || !*d->pattern)
		return;
	long n = (long)d->w.n, from = d->match >= 0 ? d->match : (dir > 0 ? d->top - 1 : d->top);
	char *shown = text_printable(d->pattern, strlen(d->pattern), 60, 0);
	for (long k = 1; k <= n; k++) {
		long i = ((from + dir * k) % n + n) % n;
		if (line_has(d->w.lines[i], d->pattern)) {
			bool wrapped = dir > 0 ? i <= from : i >= from;
			d->match = i;
			if (i < d->top || i >= d->top + d->body)
				d->top = i > d->maxtop ? d->maxtop : i;
			snprintf(d->note, sizeof d->note, "\"%s\": line %ld of %ld%s", shown ? shown : "", i + 1, n,
			         wrapped && k > 1 ? " (search wrapped)" : "");
			d->note_pair = 0;
			free(shown);
			return;
		}
	}
	d->match = -1;
	snprintf(d->note, sizeof d->note, "not found: \"%s\"", shown ? shown : "");
	d->note_pair = TERM_PAIR_ERROR;
	free(shown);
}

/* s: the request as shown (redacted) to a file the user names, through the error panel's writer: ~
 * expanded, 0600, never through a symbolic link; the note names the absolute path. */
static void inspector_save(inspector_view *d)
{
	char *name = widget_prompt("Save the request (redacted) to file:", "swrtui-request.txt");
	if (name && *name) {
		if (ui_message_to_file(name, d->text, d->note, sizeof d->note) == 0) {
			ui_exit_note_add(d->u, d->note);
			d->note_pair = TERM_PAIR_OK;
		} else {
			d->note_pair = TERM_PAIR_ERROR;
		}
	}
	free(name);
}

static int inspector_key(widget_view *v, const term_key *k)
{
	inspector_view *d = (inspector_view *)v;
	if (term_key_is(k, ' '))
		d->top = d->top + d->body < d->maxtop ? d->top + d->body : d->maxtop;
	else if (widget_scroll_key(k, &d->top, d->maxtop + 1, d->body, true))
		return WIDGET_CONTINUE;
	else if (term_key_is(k, '/')) {
		char *p = widget_prompt("Search:", d->pattern ? d->pattern : "");
		if (p && *p) {
			free(d->pattern);
			d->pattern = p;
			d->match = -1;
			inspector_find(d, 1);
		} else {
			free(p);
		}
	} else if (term_key_is(k, 'n') || term_key_is(k, 'N')) {
		if (d->pattern)
			inspector_find(d, term_key_is(k, 'n') ? 1 : -1);
		else
			snprintf(d->note, sizeof d->note, "no search yet: press / first");
	} else if (term_key_is(k, 's'))
		inspector_save(d);
	else if (term_key_is(k, TERM_ESC) || term_key_is(k, '\n') || term_key_is(k, 'q') || term_key_is(k, KEY_F(10)))
		return WIDGET_DONE;
	return WIDGET_CONTINUE;
}

void ui_request_detail(ui *u, size_t i)
{
	const reqlog_entry *e = reqlog_get(&u->log, i);
	if (!e) {
		widget_message("Request inspector", "No request has been made yet.");
		return;
	}
	char *text = reqlog_format(e);
	inspector_view d = {.view = {inspector_draw, inspector_key, ui_help_inspector},
	                    .u = u,
	                    .text = text ? text : "out of memory",
	                    .match = -1};
	widget_run(&d.view);
	widget_wrap_free(&d.w);
	free(d.pattern);
	free(text);
	erase();
}

typedef struct {
	widget_view view;
	ui *u;
	long sel, top;
} log_view;

static void log_draw(widget_view *v)
{
	log_view *l = (log_view *)v;
	erase();
	term_title(" swrtui — request log (newest first; secrets redacted)");
	long n = (long)l->u->log.count;
	int h = term_rows() - 4;
	if (n == 0)
		term_put(2, 2, "No request has been made yet.", term_cols() - 4);
	if (l->sel >= n)
		l->sel = n ? n - 1 : 0;
	widget_scroll_follow(l->sel, &l->top, h);
	reqlog_cols cols;
	reqlog_cols_of(&l->u->log, term_cols(), &cols);
	for (long i = l->top; i < n && i - l->top < h; i++) {
		const reqlog_entry *e = reqlog_get(&l->u->log, (size_t)i);
		char *line = reqlog_row_aligned(e, term_cols(), &cols);
		bool bad = e->transport != API_TRANSPORT_OK || e->status >= 400;
		int a = i == l->sel ? term_attr(TERM_ROLE_SELECTION) : (bad ? term_attr(TERM_PAIR_ERROR) : 0);
		attron(a);
		term_put_pad(2 + (int)(i - l->top), 0, line ? line : "", term_cols());
		attroff(a);
		free(line);
	}
	term_status("", 0);
	term_hints(" Enter show the request whole  Esc back  F1 help");
}

static int log_key(widget_view *v, const term_key *k)
{
	log_view *l = (log_view *)v;
	long n = (long)l->u->log.count;
	if (term_key_is(k, TERM_ESC) || term_key_is(k, KEY_F(10)) || term_key_is(k, 'q') || term_key_is(k, KEY_F(4)))
		return WIDGET_DONE;
	if (term_key_is(k, '\n') && n)
		ui_request_detail(l->u, (size_t)l->sel);
	else
		widget_scroll_key(k, &l->sel, n, term_rows() - 4, true);
	return WIDGET_CONTINUE;
}

void ui_request_log(ui *u)
{
	log_view l = {.view = {log_draw, log_key, ui_help_request_log}, .u = u};
	widget_run(&l.view);
	erase();
}
