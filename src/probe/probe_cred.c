/* probe_cred.c — step 5 of the probe: the access key and secret through the registry API's own flow,
 * HTTP Basic on /v2/, or Bearer (the token service named by the challenge, then /v2/ with the token).
 * Neither the secret nor the token ever reaches the checklist text. */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "swrtui/base/buf.h"
#include "swrtui/model/registry.h"
#include "swrtui/base/secret.h"
#include "probe_internal.h"

static char *auth_line(const char *scheme, const char *value)
{
	buf b;
	buf_init(&b);
	buf_printf(&b, "Authorization: %s %s", scheme, value);
	return buf_take(&b);
}

/* GET url with "Authorization: <scheme> <value>". */
static void authed_get(probe_ctx *c, probe_http *h, const char *url, const char *scheme, const char *value, long t)
{
	memset(h, 0, sizeof *h);
	char *line = auth_line(scheme, value);
	h->url = url;
	h->verify = c->verify;
	h->auth_line = line;
	probe_http_run(c, h, probe_budget_ms(c, c->o.connect_timeout_ms), t);
	h->auth_line = NULL;
	secret_free(line);
}

static bool credential_basic(probe_ctx *c, probe_step *s, const char *key)
{
	long t = probe_budget_ms(c, c->o.request_timeout_ms);
	if (t == 0)
		return probe_fail_out_of_time(c, PROBE_STEP_CREDENTIAL);
	probe_http h;
	authed_get(c, &h, c->v2_url, "Basic", c->basic, t);
	if (!probe_http_answered(&h)) {
		bool ok = probe_fail_transport(c, PROBE_STEP_CREDENTIAL, &h, "GET /v2/ with the access key and secret");
		probe_http_done(&h);
		return ok;
	}
	probe_step_detail(s, "GET %s with the access key \"%s\" and its secret (HTTP Basic) -> HTTP %ld %s", c->v2_url,
	                  key, h.status, probe_http_reason(&h));
	bool ok = true;
	if (h.status == 200 && c->api_status == 200) {
		probe_step_set(s, PROBE_WARNING,
		               "HTTP 200, but /v2/ answers 200 without any credential too, so this says "
		               "nothing about the access key and secret");
	} else if (h.status == 200) {
		probe_step_set(s, PROBE_OK,
		               "accepted: GET /v2/ with the access key \"%s\" (HTTP Basic) answered HTTP 200", key);
	} else if (h.status == 401 || h.status == 403) {
		probe_detail_body(s, &h);
		ok = probe_fail(
		        c, PROBE_STEP_CREDENTIAL, PROBE_OUTCOME_REFUSED, false,
		        "refused: GET /v2/ with the access key \"%s\" (HTTP Basic) answered HTTP %ld %s: the registry does "
		        "not accept the access key and secret",
		        key, h.status, probe_http_reason(&h));
	} else {
		probe_detail_body(s, &h);
		ok = probe_fail(c, PROBE_STEP_CREDENTIAL, PROBE_OUTCOME_REFUSED, false,
		                "unexpected answer: GET /v2/ with the access key and secret answered HTTP %ld %s",
		                h.status, probe_http_reason(&h));
	}
	probe_http_done(&h);
	return ok;
}

/* The realm URL with service= added. */
static char *token_url(const char *realm, const char *service)
{
	buf b;
	buf_init(&b);
	buf_puts(&b, realm);
	if (service && *service) {
		buf_putc(&b, strchr(realm, '?') ? '&' : '?');
		buf_puts(&b, "service=");
		buf_put_pct(&b, service);
	}
	return buf_take(&b);
}

/* Takes the token out of a token service's answer; *names lists the members when there is none. */
static char *extract_token(const probe_http *h, long *expires_in, char *names, size_t nameslen)
{
	*expires_in = -1;
	names[0] = '\0';
	cJSON *doc = h->body.len ? cJSON_ParseWithLength(h->body.data, h->body.len) : NULL;
	if (!doc)
		return NULL;
	char *token = NULL;
	const char *keys[] = {"token", "access_token"};
	for (size_t i = 0; i < 2 && !token && cJSON_IsObject(doc); i++) {
		const cJSON *t = cJSON_GetObjectItemCaseSensitive(doc, keys[i]);
		if (cJSON_IsString(t) && t->valuestring && *t->valuestring)
			token = secret_strdup(t->valuestring);
	}
	const cJSON *exp = cJSON_IsObject(doc) ? cJSON_GetObjectItemCaseSensitive(doc, "expires_in") : NULL;
	if (cJSON_IsNumber(exp) && exp->valuedouble >= 0 && exp->valuedouble < 1e9)
		*expires_in = (long)exp->valuedouble;
	if (!token && cJSON_IsObject(doc)) {
		size_t used = 0;
		for (const cJSON *m = doc->child; m && used < nameslen; m = m->next) {
			int w = snprintf(names + used, nameslen - used, "%s%s", used ? ", " : "",
			                 m->string ? m->string : "");
			if (w < 0)
				break;
			used += (size_t)w;
		}
	}
	registry_cjson_free(doc);
	return token;
}

/* The token service named by the challenge (realm): it must be an http or https URL. Notes on s where the
 * access key and secret go, and sets *plain when they travel unencrypted. False after failing the step. */
static bool bearer_check_realm(probe_ctx *c, probe_step *s, bool *plain)
{
	const char *realm = c->ch.realm;
	if (!realm || !*realm)
		return probe_fail(
		        c, PROBE_STEP_CREDENTIAL, PROBE_OUTCOME_REFUSED, false,
		        "the Bearer challenge names no token service (realm): the credential cannot be tried");
	probe_url ru;
	char err[256];
	bool realm_ok = strncasecmp(realm, "https://", 8) == 0 || strncasecmp(realm, "http://", 7) == 0;
	char *tmp = realm_ok ? strdup(realm) : NULL;
	if (tmp) {
		char *q = strchr(tmp, '?');
		if (q)
			*q = '\0'; /* a realm may carry a query of its own */
		realm_ok = probe_url_parse(tmp, &ru, err, sizeof err) == 0;
		free(tmp);
	} else {
		realm_ok = false;
	}
	if (!realm_ok)
		return probe_fail(c, PROBE_STEP_CREDENTIAL, PROBE_OUTCOME_REFUSED, false,
		                  "the token service (realm) \"%s\" is not an http or https URL", realm);
	if (strcasecmp(ru.host, c->u.host) != 0)
		probe_step_detail(s, "the token service is at %s: the access key and secret go there", ru.host);
	*plain = !ru.https && c->u.https;
	if (*plain)
		probe_step_detail(s, "the token service is plain http: the access key and secret travel unencrypted");
	probe_url_free(&ru);
	if (!c->ch.service)
		probe_step_detail(s, "the challenge names no service; asking without service=");
	return true;
}

/* How the token service answered the access key and secret (h answered): true for HTTP 200, else the
 * step fails. */
static bool bearer_token_answer(probe_ctx *c, probe_step *s, const probe_http *h, const char *url, const char *key)
{
	probe_step_detail(s,
	                  "token service: GET %s with the access key \"%s\" and its secret (HTTP Basic) -> HTTP %ld %s",
	                  url, key, h->status, probe_http_reason(h));
	if (h->status == 401 || h->status == 403) {
		probe_detail_body(s, h);
		return probe_fail(
		        c, PROBE_STEP_CREDENTIAL, PROBE_OUTCOME_REFUSED, false,
		        "refused: the token service answered HTTP %ld %s to the access key \"%s\": it does not accept "
		        "the access key and secret",
		        h->status, probe_http_reason(h), key);
	}
	if (h->status != 200) {
		probe_detail_body(s, h);
		return probe_fail(c, PROBE_STEP_CREDENTIAL, PROBE_OUTCOME_REFUSED, false,
		                  "unexpected answer from the token service: HTTP %ld %s", h->status,
		                  probe_http_reason(h));
	}
	return true;
}

/* Asks the token service for a token with the access key and secret (HTTP Basic); keeps it in c->token. */
static bool bearer_get_token(probe_ctx *c, probe_step *s, const char *key)
{
	long t = probe_budget_ms(c, c->o.request_timeout_ms);
	if (t == 0)
		return probe_fail_out_of_time(c, PROBE_STEP_CREDENTIAL);
	char *url = token_url(c->ch.realm, c->ch.service);
	if (!url)
		return probe_fail(c, PROBE_STEP_CREDENTIAL, PROBE_OUTCOME_REFUSED, false, "out of memory");
	probe_http h;
	authed_get(c, &h, url, "Basic", c->basic, t);
	bool ok = probe_http_answered(&h) ? bearer_token_answer(c, s, &h, url, key)
	                                  : probe_fail_transport(c, PROBE_STEP_CREDENTIAL, &h, "the token service");
	free(url);
	if (!ok) {
		probe_http_done(&h);
		return false;
	}
	long expires_in;
	char names[256];
	c->token = extract_token(&h, &expires_in, names, sizeof names);
	probe_http_done(&h); /* wipes the body that held the token */
	if (!c->token)
		return probe_fail(c, PROBE_STEP_CREDENTIAL, PROBE_OUTCOME_REFUSED, false,
		                  "the token service answered HTTP 200 without a token (%s%s)",
		                  names[0] ? "members: " : "not a JSON object with \"token\"", names);
	if (expires_in >= 0)
		probe_step_detail(s, "got a token (expires in %ld s)", expires_in);
	else
		probe_step_detail(s, "got a token");
	return true;
}

/* GET /v2/ with the token from the token service. */
static bool bearer_use_token(probe_ctx *c, probe_step *s, const char *key, bool plain)
{
	long t = probe_budget_ms(c, c->o.request_timeout_ms);
	if (t == 0)
		return probe_fail_out_of_time(c, PROBE_STEP_CREDENTIAL);
	probe_http h;
	authed_get(c, &h, c->v2_url, "Bearer", c->token, t);
	if (!probe_http_answered(&h)) {
		bool ok = probe_fail_transport(c, PROBE_STEP_CREDENTIAL, &h, "GET /v2/ with the token");
		probe_http_done(&h);
		return ok;
	}
	probe_step_detail(s, "GET %s with the token -> HTTP %ld %s", c->v2_url, h.status, probe_http_reason(&h));
	bool ok = true;
	if (h.status == 200) {
		if (plain)
			probe_step_set(s, PROBE_WARNING, "accepted (Bearer), but the token service is plain http");
		else
			probe_step_set(s, PROBE_OK,
			               "accepted: the token service gave a token for the access key \"%s\" and "
			               "GET /v2/ with it answered HTTP 200",
			               key);
	} else {
		for (size_t i = 0; i < h.nwww; i++)
			probe_step_detail(s, "WWW-Authenticate: %s", h.www[i]);
		probe_detail_body(s, &h);
		ok = probe_fail(
		        c, PROBE_STEP_CREDENTIAL, PROBE_OUTCOME_REFUSED, false,
		        "the registry refused the token from its own token service: GET /v2/ answered HTTP %ld %s",
		        h.status, probe_http_reason(&h));
	}
	probe_http_done(&h);
	return ok;
}

/* The Bearer flow: the token service named by the challenge, then /v2/ with its token. */
static bool credential_bearer(probe_ctx *c, probe_step *s, const char *key)
{
	bool plain = false;
	return bearer_check_realm(c, s, &plain) && bearer_get_token(c, s, key) && bearer_use_token(c, s, key, plain);
}

bool probe_step_credential(probe_ctx *c)
{
	probe_step *s = &c->res->steps[PROBE_STEP_CREDENTIAL];
	const registry *r = c->r;
	const char *key = r->access_key ? r->access_key : "";
	if (!c->basic) {
		if (!*key && (!r->access_secret || !*r->access_secret))
			probe_step_set(s, PROBE_SKIPPED,
			               "no access key and secret given: the credential was not tried");
		else if (!*key)
			probe_step_set(s, PROBE_SKIPPED, "no access key given: the credential was not tried");
		else
			probe_step_set(s, PROBE_SKIPPED,
			               "no secret given for the access key \"%s\" (the service never returns "
			               "a stored secret; type it): the credential was not tried",
			               key);
		return true;
	}
	if (c->api_status == 200 || c->ch.kind == PROBE_AUTH_BASIC)
		return credential_basic(c, s, key);
	if (c->ch.kind == PROBE_AUTH_BEARER)
		return credential_bearer(c, s, key);
	return probe_fail(c, PROBE_STEP_CREDENTIAL, PROBE_OUTCOME_REFUSED, false,
	                  "the registry asks for \"%s\" authentication; the registry API uses Basic or Bearer",
	                  c->ch.scheme ? c->ch.scheme : "no");
}
