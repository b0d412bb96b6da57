/* inspector.c — the request log view: the last requests, newest first, and any one of them whole
 * (method, URL, status, request id, timings, headers and bodies, redacted; for a signature mismatch the
 * gateway's canonical request beside swrtui's own with the differing lines marked). */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ui.h"

void ui_request_detail(ui *u, size_t i)
{
	const reqlog_entry *e = reqlog_get(&u->log, i);
	if (!e) {
		ui_message(u, "Request inspector", "No request has been made yet.");
		return;
	}
	char *text = reqlog_format(e);
	ui_message(u, "Request inspector", text ? text : "out of memory");
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

void ui_request_log(ui *u)
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
		erase();
		ui_title(u, " swrtui — request log (newest first; secrets redacted)");
		size_t n = u->log.count;
		int h = u->rows - 4;
		if (n == 0)
			ui_put(2, 2, "No request has been made yet.", u->cols - 4);
		if (sel >= n && n)
			sel = n - 1;
		if (sel < top)
			top = sel;
		if ((int)(sel - top) >= h)
			top = sel - (size_t)h + 1;
		for (size_t i = top; i < n && (int)(i - top) < h; i++) {
			const reqlog_entry *e = reqlog_get(&u->log, i);
			char *line = log_line(e);
			bool bad = e->transport != API_TRANSPORT_OK || e->status >= 400;
			int a = i == sel ? ui_attr(u, UI_PAIR_FOCUS) : (bad ? ui_attr(u, UI_PAIR_ERROR) : 0);
			attron(a);
			ui_put_pad(2 + (int)(i - top), 0, line ? line : "", u->cols);
			attroff(a);
			free(line);
		}
		ui_status(u, "", 0);
		ui_hints(u, " Enter show the request whole  Esc back");
		curs_set(0);
		refresh();
		ui_key k;
		ui_read_key(&k, -1);
		int code = k.kind == UI_KEY_CHAR || k.kind == UI_KEY_FUNC ? k.code : -1;
		ui_key_free(&k);
		if (code == UI_ESC || code == KEY_F(10) || code == 'q' || code == UI_CTRL('c') || code == KEY_F(4))
			break;
		else if ((code == KEY_DOWN || code == 'j') && sel + 1 < n)
			sel++;
		else if ((code == KEY_UP || code == 'k') && sel > 0)
			sel--;
		else if (code == '\n' && n)
			ui_request_detail(u, sel);
		else if (code == UI_CTRL('l'))
			clearok(curscr, TRUE);
	}
	erase();
}
