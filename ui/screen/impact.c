/* impact.c — the replication impact panel of a registry: the policies that use it (as source or
 * destination, said) with trigger, enabled and their last run, failed ones marked by a sign and colour;
 * Enter shows a policy's recent runs; r starts a run and follows it live on the loop's tick (Esc stops
 * following, never the run); after a save, the offer to run again the policies whose last run failed.
 * The model and the requests are in impact_model.c. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "impact.h"

#define RUNS_SHOWN 50
#define BLOCK 4 /* the lines of a policy in the panel */

/* A run's status as shown: a sign (the state reads without colour) and its colour pair. */
static const char *status_sign(const char *status, int *pair)
{
	switch (repl_status_of(status)) {
	case REPL_FAILED: *pair = TERM_PAIR_ERROR; return "✗ ";
	case REPL_SUCCEEDED: *pair = TERM_PAIR_OK; return "✓ ";
	case REPL_IN_PROGRESS: *pair = TERM_PAIR_WARN; return "… ";
	case REPL_STOPPED: *pair = TERM_PAIR_WARN; return "■ ";
	default: *pair = 0; return "";
	}
}

/* Draws "✗ Failed" at (y, x) in its colour; returns the columns used. */
static int draw_status(int y, int x, int width, const char *status)
{
	int pair;
	const char *sign = status_sign(status, &pair);
	char text[96];
	snprintf(text, sizeof text, "%s%.60s", sign, *impact_str(status) ? status : "starting");
	int a = pair ? term_attr(pair) : 0;
	attron(a);
	int used = term_put(y, x, text, width);
	attroff(a);
	return used;
}

static void count_text(char *out, size_t len, long long n)
{
	if (n < 0)
		snprintf(out, len, "?");
	else
		snprintf(out, len, "%lld", n);
}

/* ---- the panel ---- */

typedef struct {
	widget_view view;
	impact *m;
	long sel, top;
} panel_view;

static bool row_failed(const impact_row *r)
{
	return r->has_last && repl_status_of(r->last.status) == REPL_FAILED;
}

/* Line 1: "! 1 sync-to-singapore  as destination  enabled  trigger manual". */
static void draw_policy_line(const impact *m, size_t i, int y, int w)
{
	const repl_policy *p = &m->pol.items[i];
	const char *cron = impact_str(p->cron);
	char line[700];
	snprintf(line, sizeof line, "%s%lld %.200s  as %s  %s  trigger %.40s%s%.80s%s", row_failed(&m->rows[i]) ? "! " : "  ",
	         p->id, impact_str(p->name), impact_role(m, i), p->enabled ? "enabled" : "disabled",
	         *impact_str(p->trigger_type) ? p->trigger_type : "(none)", *cron ? " (" : "", cron, *cron ? ")" : "");
	term_put_pad(y, 0, line, w);
}

/* Line 2: "    last run 3: ✗ Failed, 0 succeeded, 12 failed of 12, at 2024-06-03T08:30:00Z". */
static void draw_run_line(const impact *m, size_t i, int y, int w)
{
	const impact_row *r = &m->rows[i];
	term_put_pad(y, 0, "", w);
	if (!r->has_last) {
		term_put(y, 4, "last run: never run", w - 4);
		return;
	}
	bool following = r->follow_eid >= 0 && r->follow_eid == r->last.id;
	char head[96], s[32], f[32], t[32], tail[300];
	snprintf(head, sizeof head, "%s %lld: ", following ? "run" : "last run", r->last.id);
	int x = 4 + term_put(y, 4, head, w - 4);
	x += draw_status(y, x, w - x, r->last.status);
	count_text(s, sizeof s, r->last.succeed);
	count_text(f, sizeof f, r->last.failed);
	count_text(t, sizeof t, r->last.total);
	if (following && r->last.total < 0)
		snprintf(tail, sizeof tail, " (following, %lld s)", impact_follow_seconds(m, i));
	else if (following)
		snprintf(tail, sizeof tail, ", %s succeeded, %s failed of %s (following, %lld s)", s, f, t,
		         impact_follow_seconds(m, i));
	else
		snprintf(tail, sizeof tail, ", %s succeeded, %s failed of %s, at %.40s", s, f, t,
		         impact_str(r->last.created_at));
	term_put(y, x, tail, w - x);
}

/* Lines 3 and 4: the status_text, wrapped (cut after two lines: Enter shows it whole). */
static void draw_text_lines(const impact *m, size_t i, int y, int w)
{
	const impact_row *r = &m->rows[i];
	term_put_pad(y, 0, "", w);
	term_put_pad(y + 1, 0, "", w);
	if (!r->has_last || !*impact_str(r->last.status_text))
		return;
	widget_wrapped wr = {0};
	widget_wrap(&wr, r->last.status_text, w - 6);
	for (size_t k = 0; k < wr.n && k < 2; k++) {
		bool cut = k == 1 && wr.n > 2;
		char line[1024];
		snprintf(line, sizeof line, "%s%s%s", k == 0 ? "    " : "      ", wr.lines[k], cut ? " …" : "");
		term_put(y + (int)k, 0, line, w);
	}
	widget_wrap_free(&wr);
}

/* A policy: its line highlighted when selected (the run lines keep their colours, so that a failure
 * shows red on the selected policy too). */
static void draw_block(const panel_view *s, size_t i, int y)
{
	const impact *m = s->m;
	int w = term_cols();
	bool selected = (long)i == s->sel;
	attrset(selected ? term_attr(TERM_ROLE_SELECTION) : term_attr(TERM_ROLE_EMPHASIS)); /* never bold on the focus colour: grey */
	draw_policy_line(m, i, y, w);
	attrset(A_NORMAL);
	draw_run_line(m, i, y + 1, w);
	draw_text_lines(m, i, y + 2, w);
	if (row_failed(&m->rows[i]) && !selected) { /* the sign in colour too */
		int a = term_attr(TERM_PAIR_ERROR);
		attron(a);
		term_put(y, 0, "!", 1);
		attroff(a);
	}
}

static int body_height(void)
{
	return term_rows() - 5; /* title, a line under it, two status lines, hints */
}

static void panel_title(const impact *m, const char *what)
{
	char title[400];
	snprintf(title, sizeof title, " swrtui — %s registry %lld: %s", what, m->id, m->name);
	term_title(title);
}

static void panel_body(panel_view *s)
{
	impact *m = s->m;
	int w = term_cols() - 4;
	char line[512];
	if (m->state == IMPACT_FAILED) {
		snprintf(line, sizeof line, "The replication policies could not be listed (%s). F5 tries again.", m->fail);
		term_put(3, 2, line, w);
		return;
	}
	if (m->pol.count == 0) {
		term_put(3, 2, "No replication policy uses this registry.", w);
		return;
	}
	if (m->pol.total > (long long)m->pol.count)
		snprintf(line, sizeof line, "Used by %lld replication policies (the first %zu shown):", m->pol.total,
		         m->pol.count);
	else
		snprintf(line, sizeof line, "Used by %zu replication polic%s (as source or destination):", m->pol.count,
		         m->pol.count == 1 ? "y" : "ies");
	term_put(1, 1, line, w);
	int nvis = body_height() / BLOCK;
	if (nvis < 1)
		nvis = 1;
	widget_scroll_follow(s->sel, &s->top, nvis);
	for (long i = s->top; i < (long)m->pol.count && i < s->top + nvis; i++)
		draw_block(s, (size_t)i, 2 + (int)(i - s->top) * BLOCK);
}

static void panel_draw(widget_view *v)
{
	panel_view *s = (panel_view *)v;
	impact *m = s->m;
	if (m->state == IMPACT_LOADING) {
		erase();
		panel_title(m, "replication impact of");
		term_put(3, 2, "Loading…", term_cols() - 4);
		refresh();
		impact_load(m, false);
		if (s->sel >= (long)m->pol.count)
			s->sel = m->pol.count ? (long)m->pol.count - 1 : 0;
	}
	erase();
	panel_title(m, "replication impact of");
	panel_body(s);
	term_status_lines(m->note.text, m->note.text[0] ? (m->note.error ? TERM_PAIR_ERROR : TERM_PAIR_OK) : 0, 2);
	term_hints(impact_following(m) ? " Esc stop following  Enter runs  r run again  F5 refresh  F1 help"
	                               : " Enter runs  r run again  F5 refresh  F4 requests  Esc back  F1 help");
}

static int panel_tick(widget_view *v)
{
	return impact_tick(((panel_view *)v)->m);
}

static void runs_screen(impact *m, size_t i);

static int panel_key(widget_view *v, const term_key *k)
{
	panel_view *s = (panel_view *)v;
	impact *m = s->m;
	bool have = m->state == IMPACT_READY && m->pol.count > 0;
	if (term_key_is(k, TERM_ESC) && impact_following(m)) {
		impact_stop_following(m);
		return WIDGET_CONTINUE;
	}
	if (term_key_is(k, TERM_ESC) || term_key_is(k, 'q') || term_key_is(k, KEY_F(10)))
		return WIDGET_DONE;
	if (k->kind == TERM_KEY_CHAR || k->kind == TERM_KEY_FUNC)
		m->note.text[0] = '\0';
	if (have && widget_scroll_key(k, &s->sel, (long)m->pol.count, body_height() / BLOCK, true))
		return WIDGET_CONTINUE;
	if (have && term_key_is(k, '\n'))
		runs_screen(m, (size_t)s->sel);
	else if (have && term_key_is(k, 'r'))
		impact_ask_start(m, (size_t)s->sel);
	else if (term_key_is(k, KEY_F(5)) && !impact_following(m))
		m->state = IMPACT_LOADING;
	else if (term_key_is(k, KEY_F(5)))
		snprintf(m->note.text, sizeof m->note.text, "a run is being followed: Esc stops following, then F5");
	else if (term_key_is(k, KEY_F(4)) || term_key_is(k, 'L'))
		ui_request_log(m->u);
	return WIDGET_CONTINUE;
}

static void impact_panel_run(impact *m)
{
	panel_view s = {.view = {panel_draw, panel_key, ui_help_impact}, .m = m};
	widget_run_ticking(&s.view, IMPACT_POLL_MS, panel_tick);
	erase();
}

/* ---- the runs of one policy ---- */

typedef struct {
	widget_view view;
	impact *m;
	size_t idx;
	repl_execution_list list;
	int state;
	char fail[256];
	long top, maxtop;
} runs_view;

typedef struct {
	long long policy;
	repl_execution_list *out;
} runs_req;

static int do_runs(api_client *c, void *arg, api_result *res)
{
	runs_req *q = arg;
	return api_list_executions(c, q->policy, RUNS_SHOWN, res, q->out);
}

static void runs_load(runs_view *s)
{
	repl_execution_list_free(&s->list);
	runs_req q = {.policy = s->m->pol.items[s->idx].id, .out = &s->list};
	api_result res;
	char busy[96];
	snprintf(busy, sizeof busy, "Loading the runs of policy %lld…", q.policy);
	if (ui_run_request(s->m->u, busy, do_runs, &q, &res) != 0) {
		repl_execution_list_free(&s->list);
		if (res.transport != API_TRANSPORT_CANCELLED)
			ui_error_panel(s->m->u, "Listing the runs", &res);
		snprintf(s->fail, sizeof s->fail, "%s",
		         res.transport == API_TRANSPORT_CANCELLED ? "loading cancelled"
		         : res.transport == API_TRANSPORT_OK      ? "the service refused"
		                                                  : api_transport_name(res.transport));
		s->state = IMPACT_FAILED;
	} else {
		s->state = IMPACT_READY;
	}
	api_result_free(&res);
}

/* One run: its line of columns, then "updated …", then its status_text wrapped. */
static void run_lines(widget_wrapped *w, const repl_execution *e, int width)
{
	char s[32], f[32], t[32], line[600];
	count_text(s, sizeof s, e->succeed);
	count_text(f, sizeof f, e->failed);
	count_text(t, sizeof t, e->total);
	char counts[100];
	snprintf(counts, sizeof counts, "%s/%s/%s", s, f, t);
	int pair;
	const char *sign = status_sign(e->status, &pair);
	snprintf(line, sizeof line, "%-6lld %s%-12.40s %-22s %-11.40s %.40s", e->id, *sign ? sign : "  ",
	         *impact_str(e->status) ? e->status : "starting", counts, impact_str(e->trigger), impact_str(e->created_at));
	widget_wrap_push(w, line, strlen(line));
	snprintf(line, sizeof line, "       updated %.40s", *impact_str(e->updated_at) ? e->updated_at : "-");
	widget_wrap_push(w, line, strlen(line));
	if (!*impact_str(e->status_text))
		return;
	widget_wrapped tw = {0};
	widget_wrap(&tw, e->status_text, width - 7 > 10 ? width - 7 : 10);
	for (size_t k = 0; k < tw.n; k++) {
		snprintf(line, sizeof line, "       %s", tw.lines[k]);
		widget_wrap_push(w, line, strlen(line));
	}
	widget_wrap_free(&tw);
}

/* Draws line k of the runs' lines at y: the status word in its colour. */
static void runs_line(int y, const char *line)
{
	term_put_pad(y, 0, line, term_cols());
	int pair = 0;
	const char *st = strlen(line) > 7 ? line + 7 : "";
	if (strncmp(st, "✗ ", strlen("✗ ")) == 0)
		pair = TERM_PAIR_ERROR;
	else if (strncmp(st, "✓ ", strlen("✓ ")) == 0)
		pair = TERM_PAIR_OK;
	else if (strncmp(st, "… ", strlen("… ")) == 0 || strncmp(st, "■ ", strlen("■ ")) == 0)
		pair = TERM_PAIR_WARN;
	if (pair) {
		int a = term_attr(pair);
		attron(a);
		const char *end = strchr(st + 4, ' ');
		int n = end ? (int)(end - st) : (int)strlen(st);
		char word[64];
		snprintf(word, sizeof word, "%.*s", n < 63 ? n : 63, st);
		term_put(y, 7, word, term_cols() - 7);
		attroff(a);
	}
}

static void runs_body(runs_view *s)
{
	int w = term_cols(), h = body_height();
	if (s->state == IMPACT_FAILED) {
		char line[400];
		snprintf(line, sizeof line, "The runs could not be listed (%s). F5 tries again.", s->fail);
		term_put(3, 2, line, w - 4);
		return;
	}
	if (s->list.count == 0) {
		term_put(3, 2, "This policy has not run yet: r starts a run.", w - 4);
		return;
	}
	attron(term_attr(TERM_ROLE_HEADING));
	term_put_pad(1, 0, "RUN    STATUS         SUCCEEDED/FAILED/TOTAL TRIGGER     STARTED", w);
	attroff(term_attr(TERM_ROLE_HEADING));
	widget_wrapped lines = {0};
	for (size_t i = 0; i < s->list.count; i++)
		run_lines(&lines, &s->list.items[i], w);
	s->maxtop = (long)lines.n > h ? (long)lines.n - h : 0;
	if (s->top > s->maxtop)
		s->top = s->maxtop;
	for (long k = s->top; k < (long)lines.n && k < s->top + h; k++)
		runs_line(2 + (int)(k - s->top), lines.lines[k]);
	if (s->top > 0)
		mvaddstr(2, w - 1, "^");
	if (s->top + h < (long)lines.n)
		mvaddstr(1 + h, w - 1, "v");
	widget_wrap_free(&lines);
}

static void runs_draw(widget_view *v)
{
	runs_view *s = (runs_view *)v;
	impact *m = s->m;
	if (s->state == IMPACT_LOADING)
		runs_load(s);
	erase();
	char title[600];
	const repl_policy *p = &m->pol.items[s->idx];
	snprintf(title, sizeof title, " swrtui — runs of policy %lld %.200s (registry %lld is its %s)", p->id,
	         impact_str(p->name), m->id, impact_role(m, s->idx));
	term_title(title);
	runs_body(s);
	term_status_lines(m->note.text, m->note.text[0] ? (m->note.error ? TERM_PAIR_ERROR : TERM_PAIR_OK) : 0, 2);
	term_hints(impact_following(m) ? " Esc stop following  r run again  F1 help"
	                               : " r run again  F5 refresh  F4 requests  Esc back  F1 help");
}

static int runs_tick(widget_view *v)
{
	return impact_tick(((runs_view *)v)->m);
}

static int runs_key(widget_view *v, const term_key *k)
{
	runs_view *s = (runs_view *)v;
	impact *m = s->m;
	if (term_key_is(k, TERM_ESC) && impact_following(m)) {
		impact_stop_following(m);
		return WIDGET_CONTINUE;
	}
	if (term_key_is(k, TERM_ESC) || term_key_is(k, 'q') || term_key_is(k, KEY_F(10)))
		return WIDGET_DONE;
	if (k->kind == TERM_KEY_CHAR || k->kind == TERM_KEY_FUNC)
		m->note.text[0] = '\0';
	if (widget_scroll_key(k, &s->top, s->maxtop + 1, body_height(), true))
		return WIDGET_CONTINUE;
	if (term_key_is(k, 'r') && s->state == IMPACT_READY)
		impact_ask_start(m, s->idx);
	else if (term_key_is(k, KEY_F(5)) && !impact_following(m))
		s->state = IMPACT_LOADING;
	else if (term_key_is(k, KEY_F(4)) || term_key_is(k, 'L'))
		ui_request_log(m->u);
	return WIDGET_CONTINUE;
}

static void runs_screen(impact *m, size_t i)
{
	runs_view s = {.view = {runs_draw, runs_key, ui_help_runs}, .m = m, .idx = i};
	m->runs = &s.list;
	m->runs_of = (long)i;
	widget_run_ticking(&s.view, IMPACT_POLL_MS, runs_tick);
	m->runs = NULL;
	repl_execution_list_free(&s.list);
	erase();
}

/* ---- after a save ---- */

/* The lines of the offer: the policies whose last run failed. Returns how many failed. */
static size_t failed_lines(const impact *m, widget_wrapped *w)
{
	size_t n = 0;
	char line[700];
	for (size_t i = 0; i < m->pol.count; i++) {
		const impact_row *r = &m->rows[i];
		if (!r->has_last || repl_status_of(r->last.status) != REPL_FAILED)
			continue;
		if (n++ == 0) {
			snprintf(line, sizeof line, "The last run of these replication policies that use registry %lld failed:",
			         m->id);
			widget_wrap_push(w, line, strlen(line));
		}
		snprintf(line, sizeof line, "  ! %lld %.200s: run %lld %.40s, %.300s", m->pol.items[i].id,
		         impact_str(m->pol.items[i].name), r->last.id, impact_str(r->last.status),
		         *impact_str(r->last.status_text) ? r->last.status_text : "(no status_text)");
		widget_wrap_push(w, line, strlen(line));
	}
	if (n) {
		snprintf(line, sizeof line, "%s", "");
		widget_wrap_push(w, line, 0);
		snprintf(line, sizeof line, "Enter runs them again and follows them; Esc does not.");
		widget_wrap_push(w, line, strlen(line));
	}
	return n;
}

void ui_impact_after_save(ui *u, long long id, const char *name)
{
	impact m;
	impact_init(&m, u, id, name);
	if (impact_load(&m, true) != 0) {
		size_t len = strlen(u->flash);
		snprintf(u->flash + len, sizeof u->flash - len, "; its replication policies could not be checked (%s)",
		         m.fail);
		impact_free(&m);
		return;
	}
	widget_wrapped w = {0};
	if (failed_lines(&m, &w) > 0 &&
	    widget_confirm("Run the failed replications again?", (const char *const *)w.lines, w.n,
	                   "Run them again now?", true)) {
		for (size_t i = 0; i < m.pol.count; i++)
			if (m.rows[i].has_last && repl_status_of(m.rows[i].last.status) == REPL_FAILED)
				impact_start(&m, i);
		impact_panel_run(&m);
	}
	widget_wrap_free(&w);
	impact_free(&m);
}

void ui_impact_screen(ui *u, long long id, const char *name)
{
	impact m;
	impact_init(&m, u, id, name);
	impact_panel_run(&m);
	impact_free(&m);
}
