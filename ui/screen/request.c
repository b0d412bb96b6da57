/* request.c — running a request while the screen stays alive: the "busy" line (with the countdown of a
 * retry), Esc or Ctrl-C cancels, a resize draws the line again. */
#include <curses.h>
#include <stdio.h>
#include <unistd.h>

#include "screen.h"

typedef struct {
	const char *busy;
	bool keep;       /* keys other than Esc and Ctrl-C are kept for the view (ui_run_request_live) */
	char retry[160]; /* "HTTP 429: retrying in 3 s (attempt 2 of 3)" while a retry is under way */
} watch_ctx;

static void draw_busy(const char *busy, const char *retry)
{
	if (widget_too_small())
		return;
	char line[400];
	snprintf(line, sizeof line, "%s%s%s  (Esc cancels)", busy, retry && *retry ? "  " : "", retry ? retry : "");
	term_status(line, TERM_PAIR_WARN);
	refresh();
}

static void redraw_busy(void *ctx)
{
	watch_ctx *w = ctx;
	draw_busy(w->busy, w->retry);
}

/* The request module retries: the busy line counts the wait down, then names the attempt. */
static void on_retry(void *ctx, const api_retry_info *info)
{
	watch_ctx *w = ctx;
	api_retry_describe(info, w->retry, sizeof w->retry);
	draw_busy(w->busy, w->retry);
}

static int on_terminal_ready(void *ctx)
{
	watch_ctx *w = ctx;
	return (w->keep ? widget_poll_cancel_keep : widget_poll_cancel)(redraw_busy, ctx) ? 1 : 0;
}

static int run_watched(ui *u, const char *busy, bool keep, ui_request_fn fn, void *arg, api_result *res)
{
	watch_ctx w = {.busy = busy, .keep = keep, .retry = ""};
	draw_busy(busy, NULL);
	api_client_set_watch(u->client, STDIN_FILENO, on_terminal_ready, &w);
	api_client_set_retry_notify(u->client, on_retry, &w);
	int rc = fn(u->client, arg, res);
	if (rc == 0 && !u->in_error_panel)
		ui_exit_note_clear(u); /* the exit no longer follows an error */
	api_client_set_retry_notify(u->client, NULL, NULL);
	api_client_set_watch(u->client, -1, NULL, NULL);
	if (!widget_too_small())
		term_status("", 0); /* the busy line never stays behind a panel opened next */
	return rc;
}

int ui_run_request_once(ui *u, const char *busy, ui_request_fn fn, void *arg, api_result *res)
{
	return run_watched(u, busy, false, fn, arg, res);
}

int ui_run_request_live(ui *u, const char *busy, ui_request_fn fn, void *arg, api_result *res)
{
	return run_watched(u, busy, true, fn, arg, res);
}
