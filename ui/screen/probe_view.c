/* probe_view.c — the target probe from the edit form: probes the form's URL with its access key and
 * secret from this machine, draws the checklist as it grows (Esc cancels), then shows it with the
 * failing step and its cause highlighted. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "swrtui/probe/probe.h"
#include "screen.h"

typedef struct {
	widget_view view;
	ui *u;
	probe_result res;
	long top, lines;
} probe_view;

static int state_pair(probe_state s)
{
	switch (s) {
	case PROBE_OK: return TERM_PAIR_OK;
	case PROBE_FAILED: return TERM_PAIR_ERROR;
	case PROBE_WARNING: return TERM_PAIR_WARN;
	default: return TERM_PAIR_DIM;
	}
}

static void verdict_text(const probe_result *res, char *out, size_t outlen)
{
	if (res->outcome == PROBE_OUTCOME_PASSED)
		snprintf(out, outlen, "Every step passed: this machine reaches the registry%s.",
		         res->steps[PROBE_STEP_CREDENTIAL].state == PROBE_OK ? " and the credential is accepted" : "");
	else if (res->outcome == PROBE_OUTCOME_UNCONFIRMED && res->cacert_only)
		snprintf(out, outlen,
		         "NOT passed: reachable only with the CA file of --cacert (cacert); the SWR service will refuse "
		         "the certificate unless Skip certificate verification (\"insecure\": true) is on%s%s%s.",
		         res->unchecked ? "; credential not checked (" : "", res->unchecked ? res->unchecked : "",
		         res->unchecked ? ")" : "");
	else if (res->outcome == PROBE_OUTCOME_UNCONFIRMED)
		snprintf(out, outlen, "Reachable; credential not checked (%s).", res->unchecked ? res->unchecked : "");
	else if (res->outcome == PROBE_OUTCOME_CANCELLED)
		snprintf(out, outlen, "Cancelled.");
	else
		snprintf(out, outlen, "Failed at %s: %s", res->failed_step >= 0 ? res->steps[res->failed_step].name : "?",
		         res->cause ? res->cause : "");
}

/* The lines of the checklist as they are drawn, from line `top` of it on screen lines 2 .. 2+h-1. */
typedef struct {
	long top;
	int y, h, line;
} emit_ctx;

/* One entry of the checklist at column x, wrapped to the screen: its further lines hang at x + hang, so
 * that nothing it says is cut at the right edge. */
static void emit(emit_ctx *e, int attr, int x, int hang, const char *text)
{
	int width = term_cols() - x - hang;
	widget_wrapped w = {0};
	if (width >= 20 && *text)
		widget_wrap(&w, text, width);
	else
		widget_wrap_push(&w, text, strlen(text));
	for (size_t i = 0; i < w.n; i++, e->line++) {
		if (e->line < e->top || e->y >= 2 + e->h)
			continue;
		int at = i == 0 ? x : x + hang;
		attron(attr);
		term_put_pad(e->y++, at, w.lines[i], term_cols() - at);
		attroff(attr);
	}
	widget_wrap_free(&w);
}

/* Draws the checklist from line `top`; returns the number of lines it has. */
static int draw(const probe_result *res, long top, bool done)
{
	erase();
	char title[512];
	snprintf(title, sizeof title, " swrtui — probe of %s, from this machine", res->target ? res->target : "");
	term_title(title);
	emit_ctx e = {.top = top, .y = 2, .h = term_rows() - 4, .line = 0};
	for (size_t i = 0; i < res->nsteps; i++) {
		const probe_step *s = &res->steps[i];
		if (s->state == PROBE_PENDING && !done)
			break;
		char head[1024];
		snprintf(head, sizeof head, "%s %-16s %s", probe_state_mark(s->state), s->name,
		         s->summary ? s->summary : "");
		int a = term_attr((int)i == res->failed_step ? TERM_ROLE_ALERT : state_pair(s->state));
		emit(&e, a, 0, 24, head); /* "[ ok ] " and the name: the summary goes on under itself */
		for (size_t d = 0; d < s->ndetails; d++)
			emit(&e, 0, 9, 2, s->details[d]);
	}
	if (done) {
		emit(&e, 0, 0, 0, "");
		char verdict[1024];
		verdict_text(res, verdict, sizeof verdict);
		int pair = res->outcome == PROBE_OUTCOME_PASSED        ? TERM_PAIR_OK
		           : res->outcome == PROBE_OUTCOME_UNCONFIRMED ? TERM_PAIR_WARN
		                                                       : TERM_PAIR_ERROR;
		emit(&e, term_attr(pair), 0, 2, verdict); /* bold with colour and without */
	}
	term_status(done ? "" : "Probing…  (Esc cancels)", done ? 0 : TERM_PAIR_WARN);
	term_hints(done ? " Up/Down scroll  Esc back to the form  F1 help" : " Esc cancel");
	return e.line;
}

static void on_progress(void *ctx, const probe_result *res, probe_step_id step)
{
	(void)ctx;
	(void)step;
	if (!widget_too_small()) {
		draw(res, 0, false);
		curs_set(0);
		refresh();
	}
}

static int on_cancelled(void *ctx)
{
	(void)ctx;
	return widget_poll_cancel(NULL, NULL);
}

static void probe_draw(widget_view *v)
{
	probe_view *p = (probe_view *)v;
	p->lines = draw(&p->res, p->top, true);
}

static int probe_key(widget_view *v, const term_key *k)
{
	probe_view *p = (probe_view *)v;
	if (term_key_is(k, TERM_ESC) || term_key_is(k, KEY_F(10)) || term_key_is(k, 'q') || term_key_is(k, '\n') ||
	    term_key_is(k, KEY_F(5)))
		return WIDGET_DONE;
	if (term_key_is(k, KEY_F(4))) {
		ui_request_log(p->u);
		return WIDGET_CONTINUE;
	}
	int h = term_rows() - 4;
	long maxtop = p->lines - h > 0 ? p->lines - h : 0;
	widget_scroll_key(k, &p->top, maxtop + 1, h, true);
	return WIDGET_CONTINUE;
}

void ui_probe_screen(ui *u, form *f)
{
	registry r;
	if (form_to_registry(f, &r) != 0)
		return;
	if (!r.url || !*r.url) {
		registry_free(&r);
		widget_message("Probe the target", "Enter the target's URL first.");
		return;
	}
	probe_view p = {.view = {probe_draw, probe_key, ui_help_probe}, .u = u};
	probe_options opt = {.cacert = u->settings ? u->settings->v[SETTING_CACERT].value : NULL,
	                     .cancelled = on_cancelled,
	                     .progress = on_progress,
	                     .ctx = &p};
	char err[512];
	erase();
	term_title(" swrtui — probe of the target, from this machine");
	term_status("Probing…  (Esc cancels)", TERM_PAIR_WARN);
	refresh();
	int rc = probe_run(&r, &opt, &p.res, err, sizeof err);
	registry_free(&r); /* wipes the secret */
	if (rc != 0) {
		widget_message("Probe the target", err);
		return;
	}
	widget_run(&p.view);
	probe_result_free(&p.res);
	erase();
}
