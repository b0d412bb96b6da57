/* cmd_replicate.c — `swrtui replicate POLICY_ID [--wait]`: starts a run of a replication policy and
 * says its id; with --wait follows it (the list of the policy's runs, there is no GET of one run) for
 * at most --timeout, with a progress line when stderr is a terminal. Exit 0 started (or, --wait,
 * succeeded), 1 refused or (--wait) the run failed or was stopped, with its status_text, 3 when it
 * could not be started or followed to its end. --dry-run prints the POST and starts nothing. */
#define _DEFAULT_SOURCE /* fileno, nanosleep */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "swrtui/base/text.h"
#include "swrtui/swr/replication.h"
#include "cli_internal.h"

#define POLL_INTERVAL_MS 1000L

static long long mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	while (nanosleep(&ts, &ts) != 0)
		;
}

static void say_safe(FILE *f, const char *pre, const char *s, const char *post)
{
	char *v = text_printable(s ? s : "", s ? strlen(s) : 0, 200, 0);
	fprintf(f, "%s%s%s", pre, v ? v : "", post);
	free(v);
}

static void progress(cli_ctx *x, const repl_execution *e, long long elapsed_ms)
{
	fprintf(x->errf, "\r\033[K");
	fprintf(x->errf, "run %lld: ", e->id);
	say_safe(x->errf, "", e->status, "");
	fprintf(x->errf, ", %lld succeeded, %lld failed, %lld in progress of %lld (%lld s)", e->succeed, e->failed,
	        e->in_progress, e->total, elapsed_ms / 1000);
	fflush(x->errf);
}

/* The end of a followed run: its exit code. */
static int finished(cli_ctx *x, long long policy, const repl_execution *e, repl_status st)
{
	if (st == REPL_SUCCEEDED) {
		fprintf(x->out, "run %lld of policy %lld succeeded: %lld of %lld copied\n", e->id, policy, e->succeed,
		        e->total);
		return CLI_EXIT_OK;
	}
	fprintf(x->out, "run %lld of policy %lld %s: %lld succeeded, %lld failed of %lld\n", e->id, policy,
	        st == REPL_STOPPED ? "was stopped" : "failed", e->succeed, e->failed, e->total);
	say_safe(x->out, "status_text: ", *e->status_text ? e->status_text : "(none given)", "\n");
	return CLI_EXIT_REFUSED;
}

/* Polls run eid of policy until it ends or the timeout passes. */
static int follow(cli_ctx *x, long long policy, long long eid)
{
	long long start = mono_ms(), deadline = start + settings_timeout_ms(&x->o->settings);
	bool tty = isatty(fileno(x->errf));
	for (;;) {
		api_result res;
		repl_execution e;
		int found = api_find_execution(x->client, policy, eid, &res, &e);
		if (found < 0) {
			if (tty)
				fputc('\n', x->errf);
			cli_report_failure(x, &res);
			fprintf(x->errf, "swrtui: run %lld of policy %lld could not be followed\n", eid, policy);
			api_result_free(&res);
			return CLI_EXIT_UNREACHABLE;
		}
		api_result_free(&res);
		repl_status st = found ? repl_status_of(e.status) : REPL_UNKNOWN;
		if (found && tty)
			progress(x, &e, mono_ms() - start);
		if (st == REPL_SUCCEEDED || st == REPL_FAILED || st == REPL_STOPPED) {
			if (tty)
				fputc('\n', x->errf);
			int rc = finished(x, policy, &e, st);
			repl_execution_free(&e);
			return rc;
		}
		repl_execution_free(&e);
		long long left = deadline - mono_ms();
		if (left <= 0) {
			if (tty)
				fputc('\n', x->errf);
			fprintf(x->errf,
			        "swrtui: run %lld of policy %lld had not ended after --timeout (%lld s); it goes on: "
			        "see `swrtui policies` or raise --timeout\n",
			        eid, policy, (mono_ms() - start) / 1000);
			return CLI_EXIT_UNREACHABLE;
		}
		sleep_ms(left < POLL_INTERVAL_MS ? (long)left : POLL_INTERVAL_MS);
	}
}

int cli_cmd_replicate(cli_ctx *x)
{
	long long policy;
	if (cli_parse_id(x, x->o->args[0], &policy) != 0)
		return CLI_EXIT_USAGE;
	int rc = cli_setup(x);
	if (rc)
		return rc;
	if (x->o->dry_run) {
		api_request req;
		char err[512];
		return cli_print_dry_run(x, api_build_start_execution(x->client, policy, &req, err, sizeof err), &req,
		                         err);
	}
	api_result res;
	long long eid;
	if (api_start_execution(x->client, policy, &res, &eid) != 0) {
		rc = cli_report_failure(x, &res);
		api_result_free(&res);
		return rc;
	}
	api_result_free(&res);
	if (eid < 0) {
		fprintf(x->out, "a run of policy %lld was started\n", policy);
		if (!x->o->wait)
			return CLI_EXIT_OK;
		fprintf(x->errf, "swrtui: the service did not say the run's id: it cannot be followed\n");
		return CLI_EXIT_UNREACHABLE;
	}
	fprintf(x->out, "run %lld of policy %lld started\n", eid, policy);
	fflush(x->out);
	return x->o->wait ? follow(x, policy, eid) : CLI_EXIT_OK;
}
