/* probe_cred.c — step 5 of the probe: the access key and secret through the registry API's own flow,
 * HTTP Basic on /v2/, or Bearer (the token service named by the challenge, then /v2/ with the token).
 * Neither the secret nor the token ever reaches the checklist text. */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>
#include <curl/curl.h>
#include <openssl/x509.h>

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

/* GET url with "Authorization: <scheme> <value>", verifying TLS when verify. */
static void authed_get(probe_ctx *c, probe_http *h, const char *url, bool verify, const char *scheme,
                       const char *value, long t)
{
	memset(h, 0, sizeof *h);
	char *line = auth_line(scheme, value);
	h->url = url;
	h->verify = verify;
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
	authed_get(c, &h, c->v2_url, c->verify, "Basic", c->basic, t);
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

/* Where the token service (the challenge's realm) is, and how it is spoken to. */
typedef struct {
	bool same_server; /* the registry's own scheme, host and port */
	bool verify;      /* verify its certificate */
	char at[300];     /* " at host:port" when it is another server, else "" */
	char host[256];   /* the token service's host */
} bearer_realm;

/* The realm as a probe_url (its own query, if any, left out). False when it is not an http(s) URL. */
static bool realm_parse(const char *realm, probe_url *ru)
{
	if (strncasecmp(realm, "https://", 8) != 0 && strncasecmp(realm, "http://", 7) != 0)
		return false;
	char *tmp = strdup(realm);
	if (!tmp)
		return false;
	char *q = strchr(tmp, '?');
	if (q)
		*q = '\0'; /* a realm may carry a query of its own */
	char err[256];
	bool ok = probe_url_parse(tmp, ru, err, sizeof err) == 0;
	free(tmp);
	return ok;
}

/* Decides, as Docker's client does, whether the access key and secret may go to the token service:
 * never over plain http when the registry is https; over https its certificate is verified, unless it is
 * the registry's own host:port ("Skip certificate verification" is about that one server, never another).
 * Notes on s where they go. False after failing the step: the credential is then not sent. */
static bool bearer_check_realm(probe_ctx *c, probe_step *s, bearer_realm *br)
{
	const char *realm = c->ch.realm;
	if (!realm || !*realm)
		return probe_fail(
		        c, PROBE_STEP_CREDENTIAL, PROBE_OUTCOME_REFUSED, false,
		        "the Bearer challenge names no token service (realm): the credential cannot be tried");
	probe_url ru;
	if (!realm_parse(realm, &ru))
		return probe_fail(c, PROBE_STEP_CREDENTIAL, PROBE_OUTCOME_REFUSED, false,
		                  "the token service (realm) \"%s\" is not an http or https URL", realm);
	bool v6 = strchr(ru.host, ':') != NULL;
	char hostport[280];
	snprintf(hostport, sizeof hostport, "%s%s%s:%d", v6 ? "[" : "", ru.host, v6 ? "]" : "", ru.port);
	br->same_server =
	        ru.https == c->u.https && strcasecmp(ru.host, c->u.host) == 0 && ru.port == c->u.port;
	br->verify = br->same_server ? c->verify : true;
	snprintf(br->at, sizeof br->at, "%s%s", br->same_server ? "" : " at ", br->same_server ? "" : hostport);
	bool plain = !ru.https;
	snprintf(br->host, sizeof br->host, "%s", ru.host);
	probe_url_free(&ru);
	if (plain && c->u.https)
		return probe_fail(c, PROBE_STEP_CREDENTIAL, PROBE_OUTCOME_REFUSED, false,
		                  "refused the token service at %s: the registry is https but its token service "
		                  "(realm) is plain http, so the access key and secret were not sent (they would "
		                  "travel unencrypted)",
		                  hostport);
	if (!br->same_server)
		probe_step_detail(s, "the challenge names another server, %s, as the token service: the access key and "
		                     "secret go there",
		                  hostport);
	if (!br->same_server && c->u.https && c->r->insecure)
		probe_step_detail(s,
		                  "\"Skip certificate verification\" applies only to %s:%d, the registry: the token "
		                  "service's certificate is verified",
		                  c->u.host, c->u.port);
	if (plain)
		probe_step_detail(s, "the token service is plain http: the access key and secret travel unencrypted");
	if (!c->ch.service)
		probe_step_detail(s, "the challenge names no service; asking without service=");
	return true;
}

/* How the token service answered the access key and secret (h answered): true for HTTP 200, else the
 * step fails. */
static bool bearer_token_answer(probe_ctx *c, probe_step *s, const probe_http *h, const char *url, const char *key,
                                const bearer_realm *br)
{
	probe_step_detail(s,
	                  "token service: GET %s with the access key \"%s\" and its secret (HTTP Basic) -> HTTP %ld %s",
	                  url, key, h->status, probe_http_reason(h));
	if (h->status == 401 || h->status == 403) {
		probe_detail_body(s, h);
		return probe_fail(
		        c, PROBE_STEP_CREDENTIAL, PROBE_OUTCOME_REFUSED, false,
		        "refused: the token service%s answered HTTP %ld %s to the access key \"%s\": it does not accept "
		        "the access key and secret",
		        br->at, h->status, probe_http_reason(h), key);
	}
	if (h->status != 200) {
		probe_detail_body(s, h);
		return probe_fail(c, PROBE_STEP_CREDENTIAL, PROBE_OUTCOME_REFUSED, false,
		                  "unexpected answer from the token service%s: HTTP %ld %s", br->at, h->status,
		                  probe_http_reason(h));
	}
	return true;
}

/* The token service could not be asked (h did not answer). A certificate that does not verify is the
 * probe refusing it: the handshake stopped before the request, so the credential was not sent. */
static bool bearer_token_transport(probe_ctx *c, probe_step *s, const probe_http *h, const bearer_realm *br)
{
	if (!c->cancelled && probe_is_verify_failure(h->rc)) {
		const char *msg = h->errbuf[0] ? h->errbuf : curl_easy_strerror(h->rc);
		probe_step_detail(s, "verification failed: %s", msg);
		if (h->verify_result != 0)
			probe_step_detail(s, "certificate check result: %s (X509 error %ld)",
			                  X509_verify_cert_error_string(h->verify_result), h->verify_result);
		return probe_fail(c, PROBE_STEP_CREDENTIAL, PROBE_OUTCOME_REFUSED, false,
		                  "refused the token service%s: its certificate does not verify, so the access key and "
		                  "secret were not sent",
		                  br->at);
	}
	bool mapped = probe_hosts_lookup(c->r, br->host) != NULL;
	if (!c->cancelled && !mapped && h->rc == CURLE_COULDNT_RESOLVE_HOST)
		probe_step_detail(s,
		                  "the token service's host %s does not resolve from this machine: if the name is known "
		                  "only inside the target's network, dns_conf.hosts can map it to an IP address (the "
		                  "probe, like the service, then uses that address)",
		                  br->host);
	else if (!c->cancelled && !mapped && !probe_is_ip(br->host) && h->rc == CURLE_OPERATION_TIMEDOUT &&
	         !h->connected)
		probe_step_detail(s,
		                  "no connection to the token service's host %s: if its name does not resolve (or "
		                  "resolves elsewhere) from the service's network, dns_conf.hosts can map it to an IP "
		                  "address",
		                  br->host);
	char what[340];
	snprintf(what, sizeof what, "the token service%s", br->at);
	return probe_fail_transport(c, PROBE_STEP_CREDENTIAL, h, what);
}

/* Asks the token service for a token with the access key and secret (HTTP Basic); keeps it in c->token. */
static bool bearer_get_token(probe_ctx *c, probe_step *s, const char *key, const bearer_realm *br)
{
	long t = probe_budget_ms(c, c->o.request_timeout_ms);
	if (t == 0)
		return probe_fail_out_of_time(c, PROBE_STEP_CREDENTIAL);
	char *url = token_url(c->ch.realm, c->ch.service);
	if (!url)
		return probe_fail(c, PROBE_STEP_CREDENTIAL, PROBE_OUTCOME_REFUSED, false, "out of memory");
	probe_http h;
	authed_get(c, &h, url, br->verify, "Basic", c->basic, t);
	bool ok = probe_http_answered(&h) ? bearer_token_answer(c, s, &h, url, key, br)
	                                  : bearer_token_transport(c, s, &h, br);
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
		                  "the token service%s answered HTTP 200 without a token (%s%s)", br->at,
		                  names[0] ? "members: " : "not a JSON object with \"token\"", names);
	if (expires_in >= 0)
		probe_step_detail(s, "got a token (expires in %ld s)", expires_in);
	else
		probe_step_detail(s, "got a token");
	return true;
}

/* GET /v2/ with the token from the token service. */
static bool bearer_use_token(probe_ctx *c, probe_step *s, const char *key, const bearer_realm *br)
{
	long t = probe_budget_ms(c, c->o.request_timeout_ms);
	if (t == 0)
		return probe_fail_out_of_time(c, PROBE_STEP_CREDENTIAL);
	probe_http h;
	authed_get(c, &h, c->v2_url, c->verify, "Bearer", c->token, t);
	if (!probe_http_answered(&h)) {
		bool ok = probe_fail_transport(c, PROBE_STEP_CREDENTIAL, &h, "GET /v2/ with the token");
		probe_http_done(&h);
		return ok;
	}
	probe_step_detail(s, "GET %s with the token -> HTTP %ld %s", c->v2_url, h.status, probe_http_reason(&h));
	bool ok = true;
	if (h.status == 200) {
		probe_step_set(s, PROBE_OK,
		               "accepted: the token service%s gave a token for the access key \"%s\" and GET /v2/ "
		               "with it answered HTTP 200",
		               br->at, key);
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
	bearer_realm br;
	memset(&br, 0, sizeof br);
	return bearer_check_realm(c, s, &br) && bearer_get_token(c, s, key, &br) && bearer_use_token(c, s, key, &br);
}

bool probe_step_credential(probe_ctx *c)
{
	probe_step *s = &c->res->steps[PROBE_STEP_CREDENTIAL];
	const registry *r = c->r;
	const char *key = r->access_key ? r->access_key : "";
	if (!c->basic) {
		bool no_secret = !r->access_secret || !*r->access_secret;
		const char *why = !*key && no_secret ? "no access key and secret given"
		                  : !*key            ? "no access key given"
		                  : no_secret        ? "no secret given"
		                                     : "the secret is the masked placeholder";
		c->res->unchecked = why;
		if (*key && !no_secret)
			probe_step_set(s, PROBE_SKIPPED,
			               "the secret of the access key \"%s\" is the masked placeholder \"%s\" (the "
			               "service never returns a stored secret; type it): the credential was not checked",
			               key, r->access_secret);
		else if (*key)
			probe_step_set(s, PROBE_SKIPPED,
			               "no secret given for the access key \"%s\" (the service never returns a stored "
			               "secret; type it): the credential was not checked",
			               key);
		else
			probe_step_set(s, PROBE_SKIPPED, "%s: the credential was not checked", why);
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
