/* cmd_check.c — "swrtui check": which endpoint, project, instance and credential are in use and where
 * each came from, which rule chose the credential when both a token and keys are configured, and
 * whether the service accepts it (one list call of one registry). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "swrtui/base/buf.h"
#include "swrtui/auth/credentials.h"
#include "swrtui/base/secret.h"
#include "swrtui/base/text.h"
#include "cli_internal.h"

static void line(cli_ctx *x, const char *label, const char *value, const char *origin)
{
	char *v = text_printable(value ? value : "(not set)", strlen(value ? value : "(not set)"), 0, 0);
	if (origin && *origin)
		fprintf(x->out, "%-12s %s  (from %s)\n", label, v ? v : "", origin);
	else
		fprintf(x->out, "%-12s %s\n", label, v ? v : "");
	free(v);
}

/* "HPUA…0001": enough of an access key to recognise it, never the secret key. */
static char *key_hint(const char *ak)
{
	buf b;
	buf_init(&b);
	size_t n = ak ? strlen(ak) : 0;
	if (n > 8)
		buf_printf(&b, "%.4s…%s", ak, ak + n - 4);
	else
		buf_puts(&b, ak ? ak : "");
	return buf_take(&b);
}

/* A service that never answered is not one that refused: "could not be reached" with the transport's
 * reason (exit 3 follows), "not accepted" only for an answer that said no. */
static void say_not_accepted(cli_ctx *x, const api_result *res)
{
	if (res->transport != API_TRANSPORT_OK && res->transport != API_TRANSPORT_TOO_LARGE) {
		buf b;
		buf_init(&b);
		buf_printf(&b, "could not be reached (%s): %s", api_transport_name(res->transport),
		           res->transport_msg ? res->transport_msg : "");
		char *v = buf_take(&b);
		line(x, "service:", v ? v : "could not be reached", NULL);
		free(v);
	} else {
		fprintf(x->out, "%-12s not accepted\n", "service:");
	}
	fflush(x->out);
}

int cli_cmd_check(cli_ctx *x)
{
	int rc = cli_setup(x);
	if (rc)
		return rc;
	const settings *s = &x->o->settings;
	const setting *ep = &s->v[SETTING_ENDPOINT], *rg = &s->v[SETTING_REGION];
	const char *ep_origin = ep->value && (!rg->value || ep->source >= rg->source) ? ep->origin : rg->origin;
	line(x, "endpoint:", x->endpoint, ep_origin);
	char *proxy = api_client_proxy(x->client);
	line(x, "proxy:", proxy ? proxy : "(out of memory)", NULL);
	free(proxy);
	line(x, "project:", s->v[SETTING_PROJECT_ID].value, s->v[SETTING_PROJECT_ID].origin);
	line(x, "instance:", s->v[SETTING_INSTANCE_ID].value, s->v[SETTING_INSTANCE_ID].origin);
	if (s->config_path)
		line(x, "profile:", s->profile, s->config_path);

	const api_auth *a = &x->ss.auth;
	bool token_configured = (secret_getenv("SWRTUI_TOKEN") && *secret_getenv("SWRTUI_TOKEN")) ||
	                        s->v[SETTING_TOKEN_FILE].value;
	bool keys_configured = credentials_env_present() || s->v[SETTING_CREDENTIALS_FILE].value;
	if (a->kind == API_AUTH_AKSK) {
		char *hint = key_hint(a->ak);
		buf b;
		buf_init(&b);
		buf_printf(&b, "AK/SK signature (SDK-HMAC-SHA256), access key %s%s", hint ? hint : "",
		           a->security_token ? ", temporary keys with a security token" : "");
		char *v = buf_take(&b);
		line(x, "credential:", v, a->source);
		free(v);
		free(hint);
		line(x, "expiry:",
		     a->security_token ? "temporary keys expire when their security token does (not known here)"
		                       : "permanent keys do not expire",
		     NULL);
	} else {
		line(x, "credential:", "IAM token (X-Auth-Token)", a->source);
		line(x, "expiry:", "not known from the token itself; an IAM token lives 24 hours from when it was issued",
		     NULL);
	}
	if (token_configured && keys_configured) {
		api_auth_kind forced = API_AUTH_NONE;
		char err[256];
		settings_auth_mode(s, &forced, err, sizeof err);
		fprintf(x->out, "%-12s both a token and AK/SK are configured: %s\n", "rule:",
		        forced != API_AUTH_NONE ? "--auth (or SWRTUI_AUTH, or auth = in the profile) chose this one"
		                                : "AK/SK wins unless --auth token says otherwise");
	}

	api_list_params p = {.offset = 0, .limit = 1};
	api_result res;
	registry_list l;
	if (api_list_registries(x->client, &p, &res, &l) != 0) {
		say_not_accepted(x, &res);
		rc = cli_report_failure(x, &res);
		api_result_free(&res);
		return rc;
	}
	buf b;
	buf_init(&b);
	buf_printf(&b, "accepted: HTTP %ld in %.3f s, %lld registr%s in the instance, request id %s", res.status,
	           res.timings.total, l.total, l.total == 1 ? "y" : "ies", res.request_id ? res.request_id : "(none)");
	char *v = buf_take(&b);
	line(x, "service:", v, NULL);
	free(v);
	registry_list_free(&l);
	api_result_free(&res);
	return CLI_EXIT_OK;
}
