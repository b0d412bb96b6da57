/* rotate.c — the marks of the registry list and the rotation of their credential: a new access key
 * (optional) and secret entered once (masked, F3 or Ctrl-R reveals), a confirmation naming each
 * registry, then each in turn (GET, only the credential replaced, PUT: bulk_rotate_one) with its result
 * live on its row. Esc or Ctrl-C stops between registries (twice: cancels the one under way). A
 * failed row keeps its decoded error (Enter shows it) and r retries the failed ones with the same
 * credential; leaving unmarks the registries that succeeded. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "swrtui/base/secret.h"
#include "swrtui/swr/bulk.h"
#include "screen.h"

/* ---- the marks ---- */

long ui_marks_find(const ui_marks *m, long long id)
{
	for (size_t i = 0; i < m->count; i++)
		if (m->items[i].id == id)
			return (long)i;
	return -1;
}

static void mark_free(ui_mark *k)
{
	free(k->name);
	free(k->error);
	if (k->has_res)
		api_result_free(&k->res);
}

static void marks_remove(ui_marks *m, size_t i)
{
	mark_free(&m->items[i]);
	memmove(&m->items[i], &m->items[i + 1], (m->count - i - 1) * sizeof m->items[0]);
	m->count--;
}

int ui_marks_toggle(ui_marks *m, long long id, const char *name)
{
	long at = ui_marks_find(m, id);
	if (at >= 0) {
		marks_remove(m, (size_t)at);
		return 0;
	}
	ui_mark *n = realloc(m->items, (m->count + 1) * sizeof *n);
	if (!n)
		return -1;
	m->items = n;
	memset(&n[m->count], 0, sizeof n[0]);
	n[m->count].id = id;
	n[m->count].name = strdup(name ? name : "");
	if (!n[m->count].name)
		return -1;
	m->count++;
	return 0;
}

void ui_marks_clear(ui_marks *m)
{
	for (size_t i = 0; i < m->count; i++)
		mark_free(&m->items[i]);
	free(m->items);
	m->items = NULL;
	m->count = 0;
}

/* ---- the rotation view ---- */

enum { ROW_WAITING = 0, ROW_RUNNING, ROW_OK, ROW_FAILED, ROW_NOT_TRIED };
enum { F_KEY, F_SECRET, F_COUNT };
typedef enum { PH_ENTER, PH_RUN, PH_DONE } phase;

static const char help_rotate[] =
    "Rotate the credential of the marked registries\n"
    "\n"
    "First the new credential, entered once:\n"
    "  New access key     empty keeps each registry's own access key\n"
    "  New access secret  required (the service never returns the stored one); masked\n"
    "  Tab, Down / Shift-Tab, Up   next / previous field\n"
    "  F3 or Ctrl-R       show or hide the secret\n"
    "  Enter, F2          go on: a confirmation lists each registry\n"
    "\n"
    "Then each registry in turn: GET, only the credential replaced, PUT. Its row says ok, or\n"
    "failed with the decoded error.\n"
    "  Esc, Ctrl-C        while it runs: stop after the registry under way (again: cancel it)\n"
    "  Up, Down           move\n"
    "  Enter              the decoded error of a failed row\n"
    "  r                  retry the failed rows with the same credential\n"
    "  Esc, q, F10        back to the list: the registries that succeeded are unmarked, the\n"
    "                     failed ones stay marked\n"
    "  F4                 the request log\n"
    "  F1 help;  Ctrl-L redraw\n"
    "\n" WIDGET_HELP_LINEEDIT;

typedef struct {
	widget_view view;
	ui *u;
	ui_marks *m;
	lineedit le[F_COUNT];
	int focus;
	bool reveal;
	phase ph;
	int *state;  /* per mark: ROW_* */
	long sel, top;
	int stop;    /* Esc presses during the run: 1 stop after this one, 2 cancel it */
	char status[512];
	bool status_error;
} rot_view;

static const char *row_state(const rot_view *r, size_t i, char *buf, size_t n)
{
	const ui_mark *k = &r->m->items[i];
	switch (r->state[i]) {
	case ROW_RUNNING: return "updating…";
	case ROW_OK: return "ok";
	case ROW_NOT_TRIED: return "not tried";
	case ROW_FAILED: snprintf(buf, n, "failed: %s", k->error ? k->error : "?"); return buf;
	default: return r->ph == PH_ENTER ? (k->error ? k->error : "") : "waiting";
	}
}

static void draw_rows(rot_view *r, int y0, int h)
{
	int cols = term_cols();
	attron(term_attr(TERM_ROLE_HEADING));
	term_put_pad(y0, 1, "ID", 6);
	term_put_pad(y0, 8, "NAME", 24);
	term_put_pad(y0, 33, r->ph == PH_ENTER ? "LAST ROTATION" : "RESULT", 14);
	attroff(term_attr(TERM_ROLE_HEADING));
	y0++;
	h--;
	widget_scroll_follow(r->sel, &r->top, h);
	for (long i = r->top; i < (long)r->m->count && i < r->top + h; i++) {
		const ui_mark *k = &r->m->items[i];
		int y = y0 + (int)(i - r->top);
		bool sel = r->ph != PH_ENTER && i == r->sel;
		int a = sel ? term_attr(TERM_ROLE_SELECTION) : 0;
		attron(a);
		if (sel)
			mvhline(y, 0, ' ', cols);
		char id[32], st[600];
		snprintf(id, sizeof id, "%lld", k->id);
		term_put_pad(y, 1, id, 6);
		term_put_pad(y, 8, k->name, 24);
		int s = r->state[i];
		int sa = sel ? 0 : term_attr(s == ROW_FAILED ? TERM_PAIR_ERROR : s == ROW_OK ? TERM_PAIR_OK : TERM_PAIR_DIM);
		attron(sa);
		term_put(y, 33, row_state(r, (size_t)i, st, sizeof st), cols - 34);
		attroff(sa);
		attroff(a);
	}
}

static void rot_draw(widget_view *v)
{
	rot_view *r = (rot_view *)v;
	erase();
	char title[128];
	snprintf(title, sizeof title, " swrtui — rotate the credential of %zu marked registr%s", r->m->count,
	         r->m->count == 1 ? "y" : "ies");
	term_title(title);
	int y = 2, cols = term_cols(), lw = 20;
	if (r->ph == PH_ENTER) {
		static const char *const labels[F_COUNT] = {"New access key:", "New access secret:"};
		for (int i = 0; i < F_COUNT; i++, y++) {
			term_put_pad(y, 2, labels[i], lw);
			int a = i == r->focus ? term_attr(TERM_PAIR_FOCUS) : term_attr(TERM_ROLE_FIELD);
			widget_text_field(y, 2 + lw, cols - lw - 4, &r->le[i], i == F_SECRET && !r->reveal, a, i == r->focus);
		}
		term_put(y++, 2, "(an empty access key keeps each registry's own)", cols - 4);
		y++;
	}
	draw_rows(r, y, term_rows() - y - 3);
	term_status(r->status, r->status_error ? TERM_PAIR_ERROR : 0);
	term_hints(r->ph == PH_ENTER ? " Enter or F2 go on  Tab next field  F3 show secret  Esc back  F1 help"
	           : r->ph == PH_RUN ? " Esc or Ctrl-C stop after this registry"
	                             : " Enter error  r retry failed  Up/Down move  Esc back  F4 requests  F1 help");
}

static void redraw(void *ctx)
{
	rot_view *r = ctx;
	term_update_size();
	rot_draw(&r->view);
	refresh();
}

/* While a registry is under way: the first Esc or Ctrl-C asks to stop after it, a second cancels it. */
static int on_terminal(void *ctx)
{
	rot_view *r = ctx;
	if (!widget_poll_cancel(redraw, r))
		return 0;
	r->stop++;
	snprintf(r->status, sizeof r->status, "stopping after this registry (Esc again cancels it)");
	r->status_error = false;
	redraw(r);
	return r->stop >= 2;
}

/* Rotates mark i; its row and error say how it went. */
static void rotate_row(rot_view *r, size_t i)
{
	ui_mark *k = &r->m->items[i];
	const char *key = r->le[F_KEY].len ? r->le[F_KEY].text : NULL;
	registry got;
	api_result res;
	bulk_step step;
	api_client_set_watch(r->u->client, STDIN_FILENO, on_terminal, r);
	int rc = bulk_rotate_one(r->u->client, k->id, key, r->le[F_SECRET].text, &got, &res, &step);
	api_client_set_watch(r->u->client, -1, NULL, NULL);
	registry_free(&got);
	free(k->error);
	k->error = NULL;
	if (k->has_res)
		api_result_free(&k->res);
	k->has_res = false;
	if (rc == 0) {
		r->state[i] = ROW_OK;
		api_result_free(&res);
		return;
	}
	r->state[i] = ROW_FAILED;
	char *line = bulk_failure_line(&res);
	char buf[600];
	snprintf(buf, sizeof buf, "%s: %s", step == BULK_STEP_GET ? "GET" : "PUT", line ? line : "failed");
	free(line);
	k->error = strdup(buf);
	k->res = res;
	k->has_res = true;
	if (res.transport == API_TRANSPORT_CANCELLED)
		r->stop = 2;
}

/* Runs the rows in ROW_WAITING one at a time, drawing each result as it comes. */
static void run_rotation(rot_view *r)
{
	r->ph = PH_RUN;
	r->stop = 0;
	r->status[0] = '\0';
	size_t ok = 0, failed = 0, not_tried = 0;
	for (size_t i = 0; i < r->m->count; i++) {
		if (r->state[i] != ROW_WAITING)
			continue;
		if (r->stop || term_quitting()) {
			r->state[i] = ROW_NOT_TRIED;
			not_tried++;
			continue;
		}
		r->state[i] = ROW_RUNNING;
		r->sel = (long)i;
		redraw(r);
		rotate_row(r, i);
		if (r->state[i] == ROW_OK)
			ok++;
		else
			failed++;
		if (!r->stop && widget_poll_cancel(redraw, r))
			r->stop = 1;
	}
	r->ph = PH_DONE;
	snprintf(r->status, sizeof r->status, "%zu done, %zu failed, %zu not tried%s", ok, failed, not_tried,
	         failed ? ": Enter shows a failed row's error, r retries" : "");
	r->status_error = failed > 0;
}

static void mark_failed_for_retry(rot_view *r)
{
	for (size_t i = 0; i < r->m->count; i++)
		if (r->state[i] == ROW_FAILED || r->state[i] == ROW_NOT_TRIED)
			r->state[i] = ROW_WAITING;
}

/* The confirmation: each registry, and what changes. */
static bool confirm_rotation(rot_view *r)
{
	size_t n = r->m->count;
	char **lines = calloc(n + 2, sizeof *lines);
	if (!lines)
		return false;
	for (size_t i = 0; i < n; i++) {
		char line[256];
		snprintf(line, sizeof line, "  %lld %s", r->m->items[i].id, r->m->items[i].name);
		lines[i] = strdup(line);
	}
	char what[300];
	if (r->le[F_KEY].len)
		snprintf(what, sizeof what, "Access key becomes \"%.200s\", and the secret is replaced.", r->le[F_KEY].text);
	else
		snprintf(what, sizeof what, "The secret is replaced; each keeps its access key.");
	lines[n] = strdup("");
	lines[n + 1] = strdup(what);
	bool complete = true;
	for (size_t i = 0; i < n + 2; i++)
		complete = complete && lines[i];
	char q[96];
	snprintf(q, sizeof q, "Update these %zu registr%s one by one?", n, n == 1 ? "y" : "ies");
	/* out of memory: no confirmation of a list that is not whole, so no rotation */
	bool yes = complete && widget_confirm("Rotate the credential", (const char *const *)lines, n + 2, q, false);
	for (size_t i = 0; i < n + 2; i++)
		free(lines[i]);
	free(lines);
	return yes;
}

static int enter_key(rot_view *r, const term_key *k)
{
	if (term_key_is(k, KEY_F(3)) || term_key_is(k, TERM_CTRL('r')))
		r->reveal = !r->reveal;
	else if (term_key_is(k, KEY_F(2)) || (term_key_is(k, '\n') && r->focus == F_SECRET)) {
		if (!r->le[F_SECRET].len) {
			snprintf(r->status, sizeof r->status, "the new access secret is required");
			r->status_error = true;
			r->focus = F_SECRET;
		} else if (confirm_rotation(r)) {
			run_rotation(r);
		}
	} else if (term_key_is(k, '\t') || term_key_is(k, KEY_DOWN) || term_key_is(k, '\n'))
		r->focus = (r->focus + 1) % F_COUNT;
	else if (term_key_is(k, KEY_BTAB) || term_key_is(k, KEY_UP))
		r->focus = (r->focus + F_COUNT - 1) % F_COUNT;
	else
		widget_lineedit_key(&r->le[r->focus], k);
	return WIDGET_CONTINUE;
}

static int rot_key(widget_view *v, const term_key *k)
{
	rot_view *r = (rot_view *)v;
	if (term_key_is(k, TERM_ESC) || term_key_is(k, KEY_F(10)) || (r->ph == PH_DONE && term_key_is(k, 'q')))
		return WIDGET_DONE;
	if (term_key_is(k, KEY_F(4))) {
		ui_request_log(r->u);
		return WIDGET_CONTINUE;
	}
	if (r->ph == PH_ENTER)
		return enter_key(r, k);
	if (widget_scroll_key(k, &r->sel, (long)r->m->count, term_rows() - 4, true))
		return WIDGET_CONTINUE;
	const ui_mark *sel = r->sel < (long)r->m->count ? &r->m->items[r->sel] : NULL;
	if (term_key_is(k, '\n') && sel && r->state[r->sel] == ROW_FAILED && sel->has_res) {
		char what[128];
		snprintf(what, sizeof what, "Rotating registry %lld", sel->id);
		ui_error_panel(r->u, what, &sel->res);
	} else if (term_key_is(k, 'r')) {
		mark_failed_for_retry(r);
		run_rotation(r);
	}
	return WIDGET_CONTINUE;
}

void ui_rotate_screen(ui *u, ui_marks *m)
{
	if (m->count == 0) {
		snprintf(u->flash, sizeof u->flash, "no registry is marked: Space marks the selected one");
		u->flash_error = true;
		return;
	}
	rot_view r = {.view = {rot_draw, rot_key, help_rotate}, .u = u, .m = m, .focus = F_KEY};
	r.state = calloc(m->count, sizeof *r.state);
	if (!r.state)
		return;
	for (int i = 0; i < F_COUNT; i++)
		lineedit_init(&r.le[i], "");
	r.le[F_SECRET].secret = true;
	widget_run(&r.view);
	for (int i = 0; i < F_COUNT; i++)
		lineedit_free(&r.le[i]); /* wipes the secret */
	size_t ok = 0, failed = 0;
	for (size_t i = m->count; i-- > 0;) {
		if (r.state[i] == ROW_OK) {
			marks_remove(m, i);
			ok++;
		} else if (r.state[i] == ROW_FAILED) {
			failed++;
		}
	}
	free(r.state);
	if (ok || failed) {
		if (failed)
			snprintf(u->flash, sizeof u->flash, "rotated %zu registr%s; %zu failed (still marked, with their error)",
			         ok, ok == 1 ? "y" : "ies", failed);
		else
			snprintf(u->flash, sizeof u->flash, "rotated %zu registr%s", ok, ok == 1 ? "y" : "ies");
		u->flash_error = failed > 0;
	}
	erase();
}
