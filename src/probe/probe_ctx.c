/* probe_ctx.c — the state every step of a probe shares: the clock, the overall time budget, the
 * caller's cancel hook, and marking a step failed with its cause. Below the steps (probe.c, probe_net.c,
 * probe_cred.c), which all call it; it calls none of them. */
#define _DEFAULT_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "probe_internal.h"

double probe_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

bool probe_is_cancelled(probe_ctx *c)
{
	if (!c->cancelled && c->o.cancelled && c->o.cancelled(c->o.ctx))
		c->cancelled = true;
	return c->cancelled;
}

/* The time a step may take: want, capped by what is left of the whole probe; 0 when nothing is left. */
long probe_budget_ms(probe_ctx *c, long want)
{
	double left = (c->deadline - probe_now()) * 1000.0;
	if (left < 1.0)
		return 0;
	return (double)want < left ? want : (long)left;
}

bool probe_fail(probe_ctx *c, probe_step_id id, probe_outcome outcome, bool timed_out, const char *fmt, ...)
{
	probe_step *s = &c->res->steps[id];
	char line[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	probe_step_set(s, PROBE_FAILED, "%s", line);
	c->res->failed_step = (int)id;
	c->res->outcome = c->cancelled ? PROBE_OUTCOME_CANCELLED : outcome;
	c->res->timed_out = timed_out;
	free(c->res->cause);
	c->res->cause = s->summary ? strdup(s->summary) : NULL;
	return false;
}

bool probe_fail_cancelled(probe_ctx *c, probe_step_id id)
{
	return probe_fail(c, id, PROBE_OUTCOME_CANCELLED, false, "cancelled");
}

bool probe_fail_out_of_time(probe_ctx *c, probe_step_id id)
{
	return probe_fail(c, id, PROBE_OUTCOME_UNREACHABLE, true,
	                  "not run: the probe's overall time limit of %.1f s ran out",
	                  (double)c->o.total_timeout_ms / 1000.0);
}
