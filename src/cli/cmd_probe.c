/* cmd_probe.c — `swrtui probe FILE|-|URL`: probes a target registry from this machine (see probe.h) and
 * prints the checklist, one line per step with its details, and a verdict. Needs no SWR endpoint or
 * token. Exit 0 passed, 1 the target answered but refused, 2 usage, 3 the target could not be reached, 4
 * reachable but not confirmed (the credential not checked, or a certificate that verifies only with
 * --cacert). */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "swrtui/probe/probe.h"
#include "swrtui/base/secret.h"
#include "swrtui/config/settings.h"
#include "swrtui/base/text.h"
#include "cli_internal.h"

/* probe only: every step that ran passed, but the probe cannot say that the service will succeed */
#define PROBE_EXIT_UNCONFIRMED 4

/* Reads FILE or "-" and decodes one registry without validating it (a probe needs only the URL). */
static int read_registry(cli_ctx *x, const char *path, registry *r)
{
	const char *name = strcmp(path, "-") == 0 ? "standard input" : path;
	size_t n;
	char *text = cli_read_input(x, path, &n);
	if (!text)
		return CLI_EXIT_USAGE;
	char err[512];
	int rc = registry_from_json(text, n, r, err, sizeof err);
	secret_wipe(text, n);
	free(text);
	if (rc != 0) {
		char *m = text_printable(err, strlen(err), 500, 0);
		fprintf(x->errf, "swrtui: %s: %s\n", name, m ? m : "");
		free(m);
		return CLI_EXIT_USAGE;
	}
	if (!r->url || !*r->url) {
		fprintf(x->errf, "swrtui: %s: the registry has no \"url\" to probe\n", name);
		return CLI_EXIT_USAGE;
	}
	return 0;
}

/* The verdict when nothing failed but the probe cannot say that the service will succeed. */
static void print_unconfirmed(FILE *out, const probe_result *res)
{
	if (res->cacert_only)
		fprintf(out,
		        "verdict: NOT passed: reachable from this machine only with --cacert; the SWR service will "
		        "refuse the certificate while \"insecure\" is false%s%s%s\n",
		        res->unchecked ? "; credential not checked (" : "", res->unchecked ? res->unchecked : "",
		        res->unchecked ? ")" : "");
	else
		fprintf(out, "verdict: reachable; credential not checked (%s)\n", res->unchecked ? res->unchecked : "");
}

static void print_checklist(FILE *out, const probe_result *res)
{
	char host[256] = "";
	if (gethostname(host, sizeof host - 1) != 0)
		host[0] = '\0';
	char *h = text_printable(host, strlen(host), 64, 0);
	fprintf(out, "probe of %s from this machine%s%s%s\n", res->target ? res->target : "", h && *h ? " (" : "",
	        h && *h ? h : "", h && *h ? ")" : "");
	free(h);
	for (size_t i = 0; i < res->nsteps; i++) {
		const probe_step *s = &res->steps[i];
		fprintf(out, "%s %-16s %s\n", probe_state_mark(s->state), s->name, s->summary ? s->summary : "");
		for (size_t k = 0; k < s->ndetails; k++)
			fprintf(out, "       %s\n", s->details[k]);
	}
	if (res->failed_step >= 0) {
		const probe_step *s = &res->steps[res->failed_step];
		fprintf(out, "verdict: FAILED at step %d, %s: %s\n", res->failed_step + 1, s->name,
		        res->cause ? res->cause : "");
	} else if (res->outcome == PROBE_OUTCOME_UNCONFIRMED) {
		print_unconfirmed(out, res);
	} else {
		size_t warnings = 0;
		for (size_t i = 0; i < res->nsteps; i++)
			warnings += res->steps[i].state == PROBE_WARNING;
		if (warnings)
			fprintf(out, "verdict: passed, with %zu warning%s\n", warnings, warnings == 1 ? "" : "s");
		else
			fprintf(out, "verdict: passed\n");
	}
	fprintf(out, "note: this ran from this machine; the SWR service connects from its own network, where name "
	             "resolution, routes and firewalls may differ\n");
}

static bool looks_like_url(const char *s)
{
	return strncasecmp(s, "http://", 7) == 0 || strncasecmp(s, "https://", 8) == 0 || strstr(s, "://") != NULL;
}

int cli_cmd_probe(cli_ctx *x)
{
	char err[512];
	settings *st = &x->o->settings;
	if (settings_resolve(st, x->o->profile, err, sizeof err) != 0) {
		fprintf(x->errf, "swrtui: %s\n", err);
		return CLI_EXIT_USAGE;
	}
	const char *cacert = st->v[SETTING_CACERT].value;
	if (cacert && access(cacert, R_OK) != 0) {
		fprintf(x->errf, "swrtui: --cacert %s: %s\n", cacert, strerror(errno));
		return CLI_EXIT_USAGE;
	}
	const char *arg = x->o->args[0];
	registry r;
	registry_init(&r);
	int rc = 0;
	if (looks_like_url(arg)) {
		if (registry_set(&r.url, arg) != 0) {
			fprintf(x->errf, "swrtui: out of memory\n");
			rc = CLI_EXIT_USAGE;
		}
	} else {
		rc = read_registry(x, arg, &r);
	}
	if (rc) {
		registry_free(&r);
		return rc;
	}

	probe_options opt = {.cacert = cacert};
	if (st->v[SETTING_TIMEOUT].value && st->v[SETTING_TIMEOUT].source > SETTING_DEFAULT) {
		long ms = settings_timeout_ms(st);
		opt.request_timeout_ms = ms;
		opt.connect_timeout_ms = ms < PROBE_DEFAULT_CONNECT_TIMEOUT_MS ? ms : PROBE_DEFAULT_CONNECT_TIMEOUT_MS;
		opt.total_timeout_ms =
		        3 * ms > PROBE_DEFAULT_TOTAL_TIMEOUT_MS ? 3 * ms : PROBE_DEFAULT_TOTAL_TIMEOUT_MS;
	}
	probe_result res;
	if (probe_run(&r, &opt, &res, err, sizeof err) != 0) {
		char *m = text_printable(err, strlen(err), 500, 0);
		fprintf(x->errf, "swrtui: %s\n", m ? m : "");
		free(m);
		registry_free(&r);
		return CLI_EXIT_USAGE;
	}
	registry_free(&r);
	print_checklist(x->out, &res);
	switch (res.outcome) {
	case PROBE_OUTCOME_PASSED: rc = CLI_EXIT_OK; break;
	case PROBE_OUTCOME_REFUSED: rc = CLI_EXIT_REFUSED; break;
	case PROBE_OUTCOME_UNCONFIRMED: rc = PROBE_EXIT_UNCONFIRMED; break;
	default: rc = CLI_EXIT_UNREACHABLE; break;
	}
	probe_result_free(&res);
	return rc;
}
