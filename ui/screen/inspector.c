/* inspector.c — the request log view: the last requests, newest first, and any one of them whole
 * (method, URL, status, request id, timings, headers and bodies, redacted; for a signature mismatch the
 * gateway's canonical request beside swrtui's own with the differing lines marked). */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "screen.h"

void ui_request_detail(ui *u, size_t i)
{
	const reqlog_entry *e = reqlog_get(&u->log, i);
	if (!e) {
		widget_message("Request inspector", "No request has been made yet.");
		return;
	}
	char *text = reqlog_format(e);
	widget_message_opts o = {.title = "Request inspector",
	                         .text = text ? text : "out of memory",
	                         .hint = "Esc or Enter: close",
	                         .help = ui_help_inspector};
	widget_message_run(&o);
	free(text);
}

/* One row of the log: the time, the outcome and the duration first (they fit any width), then the
 * method and the URL. */
static char *log_line(const reqlog_entry *e)
{
	char when[16];
	struct tm tm;
	localtime_r(&e->when, &tm);
	strftime(when, sizeof when, "%H:%M:%S", &tm);
	char outcome[64];
	if (e->transport == API_TRANSPORT_OK)
		snprintf(outcome, sizeof outcome, "%ld %s", e->status, e->reason ? e->reason : "");
	else
		snprintf(outcome, sizeof outcome, "%s failed", api_transport_name(e->transport));
	size_t n = strlen(e->url ? e->url : "") + 128;
	char *line = malloc(n);
	if (line)
		snprintf(line, n, "%s  %-24s %7.3f s  %-6s %s", when, outcome, e->timings.total, e->method ? e->method : "",
		         e->url ? e->url : "");
	return line;
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
	for (long i = l->top; i < n && i - l->top < h; i++) {
		const reqlog_entry *e = reqlog_get(&l->u->log, (size_t)i);
		char *line = log_line(e);
		bool bad = e->transport != API_TRANSPORT_OK || e->status >= 400;
		int a = i == l->sel ? term_attr(TERM_PAIR_FOCUS) : (bad ? term_attr(TERM_PAIR_ERROR) : 0);
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
