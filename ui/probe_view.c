/* probe_view.c — the target probe from the edit form: probes the form's URL with its access key and
 * secret from this machine, draws the checklist as it grows (Esc cancels), then shows it with the
 * failing step and its cause highlighted. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "swrtui/probe/probe.h"
#include "ui.h"

typedef struct {
	ui *u;
	int top;
} probe_ctx;

static int state_pair(probe_state s)
{
	switch (s) {
	case PROBE_OK: return UI_PAIR_OK;
	case PROBE_FAILED: return UI_PAIR_ERROR;
	case PROBE_WARNING: return UI_PAIR_WARN;
	default: return UI_PAIR_DIM;
	}
}

/* Draws the checklist from line `top`; returns the number of lines it has. */
static int draw(ui *u, const probe_result *res, int top, bool done)
{
	erase();
	char title[512];
	snprintf(title, sizeof title, " swrtui — probe of %s, from this machine", res->target ? res->target : "");
	ui_title(u, title);
	int h = u->rows - 4, y = 2, line = 0;
#define EMIT(attr, x, text)                                                                                       \
	do {                                                                                                       \
		if (line >= top && y < 2 + h) {                                                                    \
			attron(attr);                                                                              \
			ui_put_pad(y++, (x), (text), u->cols - (x));                                              \
			attroff(attr);                                                                             \
		}                                                                                                  \
		line++;                                                                                            \
	} while (0)
	for (size_t i = 0; i < res->nsteps; i++) {
		const probe_step *s = &res->steps[i];
		if (s->state == PROBE_PENDING && !done)
			break;
		char head[1024];
		snprintf(head, sizeof head, "%s %-16s %s", probe_state_mark(s->state), s->name,
		         s->summary ? s->summary : "");
		int a = ui_attr(u, state_pair(s->state));
		if ((int)i == res->failed_step)
			a |= A_BOLD | A_REVERSE;
		EMIT(a, 0, head);
		for (size_t d = 0; d < s->ndetails; d++)
			EMIT(0, 9, s->details[d]);
	}
	if (done) {
		EMIT(0, 0, "");
		char verdict[1024];
		if (res->outcome == PROBE_OUTCOME_PASSED)
			snprintf(verdict, sizeof verdict, "Every step passed: this machine reaches the registry%s.",
			         res->steps[PROBE_STEP_CREDENTIAL].state == PROBE_OK ? " and the credential is accepted" : "");
		else if (res->outcome == PROBE_OUTCOME_CANCELLED)
			snprintf(verdict, sizeof verdict, "Cancelled.");
		else
			snprintf(verdict, sizeof verdict, "Failed at %s: %s",
			         res->failed_step >= 0 ? res->steps[res->failed_step].name : "?", res->cause ? res->cause : "");
		EMIT(ui_attr(u, res->outcome == PROBE_OUTCOME_PASSED ? UI_PAIR_OK : UI_PAIR_ERROR) | A_BOLD, 0, verdict);
	}
#undef EMIT
	ui_status(u, done ? "" : "Probing…  (Esc cancels)", done ? 0 : UI_PAIR_WARN);
	ui_hints(u, done ? " Up/Down scroll  Esc back to the form" : " Esc cancel");
	curs_set(0);
	refresh();
	return line;
}

static void on_progress(void *ctx, const probe_result *res, probe_step_id step)
{
	(void)step;
	probe_ctx *c = ctx;
	if (!ui_too_small(c->u))
		draw(c->u, res, 0, false);
}

static int on_cancelled(void *ctx)
{
	probe_ctx *c = ctx;
	ui_key k;
	ui_read_key(&k, 0);
	bool cancel = ui_key_is(&k, UI_ESC) || ui_key_is(&k, UI_CTRL('c'));
	if (ui_key_is(&k, UI_CTRL('c')))
		ui_set_quit(false); /* Ctrl-C cancels the running probe; it does not quit */
	ui_key_free(&k);
	(void)c;
	return cancel;
}

void ui_probe_screen(ui *u, form *f)
{
	registry r;
	if (form_to_registry(f, &r) != 0)
		return;
	if (!r.url || !*r.url) {
		registry_free(&r);
		ui_message(u, "Probe the target", "Enter the target's URL first.");
		return;
	}
	probe_ctx c = {.u = u};
	probe_options opt = {.cacert = u->settings ? u->settings->v[SETTING_CACERT].value : NULL,
	                     .cancelled = on_cancelled,
	                     .progress = on_progress,
	                     .ctx = &c};
	probe_result res;
	char err[512];
	erase();
	ui_title(u, " swrtui — probe of the target, from this machine");
	ui_status(u, "Probing…  (Esc cancels)", UI_PAIR_WARN);
	refresh();
	int rc = probe_run(&r, &opt, &res, err, sizeof err);
	registry_free(&r); /* wipes the secret */
	if (rc != 0) {
		ui_message(u, "Probe the target", err);
		return;
	}
	int top = 0;
	for (;;) {
		if (ui_quitting())
			break;
		if (ui_too_small(u)) {
			ui_key k;
			ui_read_key(&k, -1);
			ui_key_free(&k);
			continue;
		}
		int n = draw(u, &res, top, true);
		ui_key k;
		ui_read_key(&k, -1);
		int code = k.kind == UI_KEY_CHAR || k.kind == UI_KEY_FUNC ? k.code : -1;
		ui_key_free(&k);
		int h = u->rows - 4;
		if (code == UI_ESC || code == KEY_F(10) || code == 'q' || code == '\n' || code == KEY_F(5))
			break;
		if ((code == KEY_DOWN || code == 'j') && top + h < n)
			top++;
		else if ((code == KEY_UP || code == 'k') && top > 0)
			top--;
		else if (code == UI_CTRL('l'))
			clearok(curscr, TRUE);
	}
	probe_result_free(&res);
	erase();
}
