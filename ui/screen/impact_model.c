/* impact_model.c — what the impact panel (impact.c) shows and does, without its views: the policies that
 * use a registry with their last runs, loaded through the core; starting a run; following it (one poll
 * a tick, bounded by --timeout), its row updated in place in the panel and in the open runs view. */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "impact.h"

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

const char *impact_str(const char *s)
{
	return s ? s : "";
}

/* ---- the model ---- */

void impact_init(impact *m, ui *u, long long id, const char *name)
{
	memset(m, 0, sizeof *m);
	m->u = u;
	m->id = id;
	snprintf(m->name, sizeof m->name, "%s", impact_str(name));
}

void impact_clear(impact *m)
{
	for (size_t i = 0; m->rows && i < m->pol.count; i++)
		repl_execution_free(&m->rows[i].last);
	free(m->rows);
	m->rows = NULL;
	repl_policy_list_free(&m->pol);
	m->state = IMPACT_LOADING;
}

static int do_load(api_client *c, void *arg, api_result *res)
{
	impact *m = arg;
	if (api_list_repl_policies(c, m->id, res, &m->pol) != 0)
		return -1;
	m->rows = calloc(m->pol.count ? m->pol.count : 1, sizeof *m->rows);
	if (!m->rows) {
		repl_policy_list_free(&m->pol);
		m->oom = true;
		return 0;
	}
	for (size_t i = 0; i < m->pol.count; i++) {
		m->rows[i].follow_eid = -1;
		api_result_free(res);
		int has = api_last_execution(c, m->pol.items[i].id, res, &m->rows[i].last);
		if (has < 0)
			return -1;
		m->rows[i].has_last = has == 1;
	}
	return 0;
}

/* Loads the policies and their last runs. quiet: no error panel (the check after a save). 0 / -1, with
 * m->fail saying why. */
int impact_load(impact *m, bool quiet)
{
	impact_clear(m);
	m->oom = false;
	api_result res;
	char busy[96];
	snprintf(busy, sizeof busy, "Loading the replication policies that use registry %lld…", m->id);
	int rc = (quiet ? ui_run_request_once : ui_run_request)(m->u, busy, do_load, m, &res);
	if (rc != 0) {
		impact_clear(m);
		if (res.transport == API_TRANSPORT_CANCELLED)
			snprintf(m->fail, sizeof m->fail, "loading cancelled");
		else if (res.transport == API_TRANSPORT_OK)
			snprintf(m->fail, sizeof m->fail, "HTTP %ld%s%s", res.status, res.error.code ? " " : "",
			         impact_str(res.error.code));
		else
			snprintf(m->fail, sizeof m->fail, "%s failed", api_transport_name(res.transport));
		if (!quiet && res.transport != API_TRANSPORT_CANCELLED)
			ui_error_panel(m->u, "Listing the replication policies", &res);
		m->state = IMPACT_FAILED;
	} else if (m->oom) {
		snprintf(m->fail, sizeof m->fail, "out of memory");
		m->state = IMPACT_FAILED;
	} else {
		m->state = IMPACT_READY;
	}
	api_result_free(&res);
	return rc == 0 && !m->oom ? 0 : -1;
}

void impact_free(impact *m)
{
	impact_clear(m);
}

const char *impact_role(const impact *m, size_t i)
{
	return repl_role_of(&m->pol.items[i], m->id);
}

bool impact_following(const impact *m)
{
	for (size_t i = 0; m->rows && i < m->pol.count; i++)
		if (m->rows[i].follow_eid >= 0)
			return true;
	return false;
}

long long impact_follow_seconds(const impact *m, size_t i)
{
	return (now_ms() - m->rows[i].follow_start) / 1000;
}

static void note(impact *m, bool error, const char *text)
{
	snprintf(m->note.text, sizeof m->note.text, "%s", text);
	m->note.error = error;
}

/* ---- runs: copies, updates in place ---- */

static char *dup_or_empty(const char *s)
{
	return strdup(impact_str(s));
}

int impact_exec_copy(repl_execution *dst, const repl_execution *src)
{
	*dst = *src;
	dst->status = dup_or_empty(src->status);
	dst->status_text = dup_or_empty(src->status_text);
	dst->trigger = dup_or_empty(src->trigger);
	dst->created_at = dup_or_empty(src->created_at);
	dst->updated_at = dup_or_empty(src->updated_at);
	if (dst->status && dst->status_text && dst->trigger && dst->created_at && dst->updated_at)
		return 0;
	repl_execution_free(dst);
	return -1;
}

/* The run e of policy i is now what the service says: in the panel (its last run) and in the open runs
 * view of that policy (its row replaced, or added on top). Takes e. */
static void update_run(impact *m, size_t i, repl_execution *e)
{
	impact_row *r = &m->rows[i];
	if (m->runs_of == (long)i && m->runs) {
		repl_execution_list *l = m->runs;
		size_t k = 0;
		while (k < l->count && l->items[k].id != e->id)
			k++;
		repl_execution copy;
		if (impact_exec_copy(&copy, e) == 0) {
			if (k < l->count) {
				repl_execution_free(&l->items[k]);
				l->items[k] = copy;
			} else {
				repl_execution *n = realloc(l->items, (l->count + 1) * sizeof *n);
				if (n) {
					memmove(n + 1, n, l->count * sizeof *n);
					n[0] = copy;
					l->items = n;
					l->count++;
				} else {
					repl_execution_free(&copy);
				}
			}
		}
	}
	repl_execution_free(&r->last);
	r->last = *e;
	r->has_last = true;
	memset(e, 0, sizeof *e);
}

/* ---- following ---- */

typedef struct {
	long long policy, eid;
	repl_execution e;
	int found;
} find_req;

static int do_find(api_client *c, void *arg, api_result *res)
{
	find_req *q = arg;
	q->found = api_find_execution(c, q->policy, q->eid, res, &q->e);
	return q->found < 0 ? -1 : 0;
}

/* After a poll: a run that ended, or a follow that ran out of time, is no longer followed. */
static void check_end(impact *m, size_t i)
{
	impact_row *r = &m->rows[i];
	long long pid = m->pol.items[i].id;
	char msg[sizeof m->note.text];
	repl_status st = r->last.id == r->follow_eid ? repl_status_of(r->last.status) : REPL_UNKNOWN;
	if (st == REPL_SUCCEEDED) {
		snprintf(msg, sizeof msg, "run %lld of policy %lld succeeded: %lld of %lld copied", r->follow_eid, pid,
		         r->last.succeed, r->last.total);
		note(m, false, msg);
	} else if (st == REPL_FAILED || st == REPL_STOPPED) {
		snprintf(msg, sizeof msg, "! run %lld of policy %lld %s: %.300s", r->follow_eid, pid,
		         st == REPL_FAILED ? "failed" : "was stopped",
		         *impact_str(r->last.status_text) ? r->last.status_text : "(no status_text given)");
		note(m, true, msg);
	} else if (now_ms() >= r->follow_deadline) {
		snprintf(msg, sizeof msg, "run %lld of policy %lld had not ended within --timeout (%ld s); it goes on: "
		                          "F5 refreshes",
		         r->follow_eid, pid, settings_timeout_ms(m->u->settings) / 1000);
		note(m, true, msg);
	} else {
		return;
	}
	r->follow_eid = -1;
}

/* Polls the followed run of policy i once. False when the user cancelled the poll (Esc). */
static bool poll_one(impact *m, size_t i)
{
	impact_row *r = &m->rows[i];
	find_req q = {.policy = m->pol.items[i].id, .eid = r->follow_eid};
	char busy[128];
	snprintf(busy, sizeof busy, "Following run %lld of policy %lld (%lld s)…", q.eid, q.policy,
	         impact_follow_seconds(m, i));
	api_result res;
	int rc = ui_run_request_live(m->u, busy, do_find, &q, &res);
	bool cancelled = rc != 0 && res.transport == API_TRANSPORT_CANCELLED;
	if (rc != 0 && !cancelled) {
		ui_error_panel(m->u, "Following the run", &res);
		char msg[sizeof m->note.text];
		snprintf(msg, sizeof msg, "run %lld of policy %lld could not be followed; it goes on: F5 refreshes", q.eid,
		         q.policy);
		note(m, true, msg);
		r->follow_eid = -1;
	} else if (rc == 0) {
		if (q.found == 1)
			update_run(m, i, &q.e);
		check_end(m, i);
	}
	repl_execution_free(&q.e);
	api_result_free(&res);
	return !cancelled;
}

void impact_stop_following(impact *m)
{
	char msg[sizeof m->note.text] = "";
	size_t n = 0;
	for (size_t i = 0; m->rows && i < m->pol.count; i++) {
		if (m->rows[i].follow_eid < 0)
			continue;
		if (n++ == 0)
			snprintf(msg, sizeof msg, "stopped following run %lld of policy %lld", m->rows[i].follow_eid,
			         m->pol.items[i].id);
		m->rows[i].follow_eid = -1;
	}
	if (n > 1)
		snprintf(msg + strlen(msg), sizeof msg - strlen(msg), " and %zu more", n - 1);
	snprintf(msg + strlen(msg), sizeof msg - strlen(msg), ": the run goes on at the service (F5 refreshes)");
	note(m, false, msg);
}

int impact_tick(impact *m)
{
	for (size_t i = 0; m->rows && i < m->pol.count && !term_quitting(); i++) {
		if (m->rows[i].follow_eid >= 0 && !poll_one(m, i)) {
			impact_stop_following(m);
			break;
		}
	}
	return WIDGET_CONTINUE;
}

/* ---- starting a run ---- */

typedef struct {
	long long policy, eid;
} start_req;

static int do_start(api_client *c, void *arg, api_result *res)
{
	start_req *q = arg;
	return api_start_execution(c, q->policy, res, &q->eid);
}

/* The row of a run just started, until the first poll says more. */
static void placeholder(impact *m, size_t i, long long eid)
{
	repl_execution e = {.id = eid, .policy_id = m->pol.items[i].id, .total = -1, .succeed = -1, .failed = -1,
	                    .in_progress = -1, .stopped = -1};
	repl_execution tmp = e;
	tmp.status = tmp.status_text = tmp.trigger = tmp.created_at = tmp.updated_at = "";
	if (impact_exec_copy(&e, &tmp) == 0)
		update_run(m, i, &e);
}

void impact_start(impact *m, size_t i)
{
	start_req q = {.policy = m->pol.items[i].id, .eid = -1};
	char busy[96], msg[sizeof m->note.text];
	snprintf(busy, sizeof busy, "Starting a run of policy %lld…", q.policy);
	api_result res;
	if (ui_run_request(m->u, busy, do_start, &q, &res) != 0) {
		if (res.transport == API_TRANSPORT_CANCELLED) {
			snprintf(msg, sizeof msg, "cancelled: a run of policy %lld may or may not have started (F5 refreshes)",
			         q.policy);
		} else {
			ui_error_panel(m->u, "Starting a run", &res);
			snprintf(msg, sizeof msg, "no run of policy %lld was started", q.policy);
		}
		note(m, true, msg);
	} else if (q.eid < 0) {
		snprintf(msg, sizeof msg, "a run of policy %lld was started; the service did not say its id (F5 refreshes)",
		         q.policy);
		note(m, false, msg);
	} else {
		placeholder(m, i, q.eid);
		impact_row *r = &m->rows[i];
		r->follow_eid = q.eid;
		r->follow_start = now_ms();
		r->follow_deadline = r->follow_start + settings_timeout_ms(m->u->settings);
		snprintf(msg, sizeof msg, "run %lld of policy %lld started: following it (Esc stops following, not the run)",
		         q.eid, q.policy);
		note(m, false, msg);
	}
	api_result_free(&res);
}

/* r: asks, then starts a run of policy i and follows it. */
void impact_ask_start(impact *m, size_t i)
{
	const repl_policy *p = &m->pol.items[i];
	char l0[400], l1[200];
	snprintf(l0, sizeof l0, "Policy %lld %s (registry %lld is its %s)", p->id, impact_str(p->name), m->id,
	         impact_role(m, i));
	snprintf(l1, sizeof l1, "A new run copies its images again; it is followed here until it ends.");
	const char *body[] = {l0, "", l1};
	if (m->rows[i].follow_eid >= 0) {
		note(m, true, "a run of this policy is being followed already");
		return;
	}
	if (widget_confirm("Run the policy", body, 3, "Start a run now?", true))
		impact_start(m, i);
	else
		note(m, false, "no run was started");
}
