/* probe.c — the target probe (see probe.h): runs the steps in order — name resolution, TCP connect,
 * TLS (verified, then inspected), GET /v2/, the credential — each with its own timeout inside an
 * overall bound, stops at the first failure and settles the rest as skipped. */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <openssl/x509.h>

#include "swrtui/http/http.h"
#include "swrtui/base/buf.h"
#include "swrtui/probe/probe.h"
#include "swrtui/base/secret.h"
#include "swrtui/base/text.h"
#include "probe_internal.h"

/* Replaces the secret, the Basic value and the token wherever a server's echo put them in the result:
 * before every progress call (a screen draws the checklist as it grows) and at the end. */
static void scrub(probe_ctx *c)
{
	const registry *r = c->r;
	bool have_secret = r->access_secret && *r->access_secret && !registry_secret_is_placeholder(r->access_secret);
	const char *sensitive[] = {r->access_secret, c->basic, c->token};
	probe_result_scrub(c->res, sensitive, have_secret ? 3 : 0);
}

static void settle(probe_ctx *c, probe_step_id id, double t0)
{
	c->res->steps[id].seconds = probe_now() - t0;
	scrub(c);
	if (c->o.progress)
		c->o.progress(c->o.ctx, c->res, id);
}

static void join_addrs(char addrs[][INET6_ADDRSTRLEN], size_t n, char *out, size_t outlen)
{
	out[0] = '\0';
	size_t used = 0;
	for (size_t i = 0; i < n && used < outlen; i++) {
		int w = snprintf(out + used, outlen - used, "%s%s", i ? ", " : "", addrs[i]);
		if (w < 0)
			break;
		used += (size_t)w;
	}
}

/* ---- step 1: name resolution ---- */

static bool step_resolve(probe_ctx *c)
{
	probe_step *s = &c->res->steps[PROBE_STEP_RESOLVE];
	const char *host = c->u.host;
	char why[256] = "", list[PROBE_MAX_ADDRS * (INET6_ADDRSTRLEN + 2)];
	if (c->u.host_is_ip) {
		snprintf(c->addrs[0], INET6_ADDRSTRLEN, "%s", host);
		c->naddrs = 1;
		probe_step_set(s, PROBE_OK, "%s is an IP address: nothing to resolve", host);
		return true;
	}
	long t = probe_budget_ms(c, c->o.connect_timeout_ms);
	if (t == 0)
		return probe_fail_out_of_time(c, PROBE_STEP_RESOLVE);
	if (c->mapped_ip) {
		if (!probe_is_ip(c->mapped_ip))
			return probe_fail(c, PROBE_STEP_RESOLVE, PROBE_OUTCOME_UNREACHABLE, false,
			                  "dns_conf.hosts maps %s to \"%s\", which is not an IP address", host,
			                  c->mapped_ip);
		snprintf(c->addrs[0], INET6_ADDRSTRLEN, "%s", c->mapped_ip);
		c->naddrs = 1;
		probe_step_set(s, PROBE_OK, "%s -> %s from dns_conf.hosts", host, c->mapped_ip);
		probe_step_detail(s,
		                  "the SWR service would use %s (dns_conf.hosts), so this probe connects to %s too "
		                  "(as curl --resolve %s:%d:%s)",
		                  c->mapped_ip, c->mapped_ip, host, c->u.port, c->mapped_ip);
		char local[PROBE_MAX_ADDRS][INET6_ADDRSTRLEN];
		size_t nlocal = 0;
		probe_lookup_rc rc = probe_lookup(c, host, c->u.port, t, local, &nlocal, why, sizeof why);
		if (rc == PROBE_LOOKUP_CANCELLED)
			return probe_fail_cancelled(c, PROBE_STEP_RESOLVE);
		if (rc == PROBE_LOOKUP_OK) {
			join_addrs(local, nlocal, list, sizeof list);
			probe_step_detail(s, "this machine's own DNS resolves %s to %s (not used)", host, list);
		} else if (rc == PROBE_LOOKUP_TIMEOUT) {
			probe_step_detail(s, "this machine's own DNS gave no answer for %s within %.1f s (not needed)",
			                  host, (double)t / 1000.0);
		} else {
			probe_step_detail(
			        s, "this machine's own DNS does not resolve %s (%s); not needed with the mapping", host,
			        why);
		}
		return true;
	}
	probe_lookup_rc rc = probe_lookup(c, host, c->u.port, t, c->addrs, &c->naddrs, why, sizeof why);
	if (rc == PROBE_LOOKUP_CANCELLED)
		return probe_fail_cancelled(c, PROBE_STEP_RESOLVE);
	if (rc == PROBE_LOOKUP_TIMEOUT)
		return probe_fail(c, PROBE_STEP_RESOLVE, PROBE_OUTCOME_UNREACHABLE, true,
		                  "timeout: the resolver gave no answer for %s within %.1f s", host,
		                  (double)t / 1000.0);
	if (rc != PROBE_LOOKUP_OK) {
		probe_step_detail(s, "check the host name; if the name is only known inside the target's network, "
		                     "dns_conf.hosts can map it to an IP address");
		return probe_fail(c, PROBE_STEP_RESOLVE, PROBE_OUTCOME_UNREACHABLE, false, "%s does not resolve: %s",
		                  host, why);
	}
	join_addrs(c->addrs, c->naddrs, list, sizeof list);
	probe_step_set(s, PROBE_OK, "%s -> %s", host, list);
	probe_step_detail(s, "resolved by this machine's resolver; the SWR service resolves the name from its own "
	                     "network unless dns_conf.hosts maps it");
	return true;
}

static bool step_connect(probe_ctx *c)
{
	probe_step *s = &c->res->steps[PROBE_STEP_CONNECT];
	int port = c->u.port;
	char why[256] = "";
	int last = -1;
	for (size_t i = 0; i < c->naddrs; i++) {
		long t = probe_budget_ms(c, c->o.connect_timeout_ms);
		if (t == 0)
			return probe_fail_out_of_time(c, PROBE_STEP_CONNECT);
		double t0 = probe_now();
		last = probe_tcp_connect(c, c->addrs[i], port, t, why, sizeof why);
		double ms = (probe_now() - t0) * 1000.0;
		if (last == -3)
			return probe_fail_cancelled(c, PROBE_STEP_CONNECT);
		if (last == 0) {
			snprintf(c->addr, sizeof c->addr, "%s", c->addrs[i]);
			probe_step_set(s, PROBE_OK, "connected to %s port %d in %.1f ms", c->addrs[i], port, ms);
			return true;
		}
		if (c->naddrs == 1)
			continue; /* the summary says it */
		if (last == -2)
			probe_step_detail(s, "%s port %d: no answer within %.1f s", c->addrs[i], port,
			                  (double)t / 1000.0);
		else
			probe_step_detail(s, "%s port %d: %s", c->addrs[i], port, why);
	}
	if (last == -2) {
		probe_step_detail(s, "a firewall may drop the packets, or nothing at that address answers");
		if (c->naddrs == 1)
			return probe_fail(c, PROBE_STEP_CONNECT, PROBE_OUTCOME_UNREACHABLE, true,
			                  "timeout: no answer from %s port %d within %.1f s", c->addrs[0], port,
			                  (double)c->o.connect_timeout_ms / 1000.0);
		return probe_fail(c, PROBE_STEP_CONNECT, PROBE_OUTCOME_UNREACHABLE, true,
		                  "timeout: none of the %zu addresses answered on port %d", c->naddrs, port);
	}
	if (strstr(why, "refused"))
		probe_step_detail(
		        s, "nothing listens on port %d there (or a firewall rejects it): check the port in the URL",
		        port);
	if (c->naddrs == 1)
		return probe_fail(c, PROBE_STEP_CONNECT, PROBE_OUTCOME_UNREACHABLE, false,
		                  "cannot connect to %s port %d: %s", c->addrs[0], port, why);
	return probe_fail(c, PROBE_STEP_CONNECT, PROBE_OUTCOME_UNREACHABLE, false,
	                  "cannot connect to any of the %zu addresses on port %d (last: %s)", c->naddrs, port, why);
}

/* ---- step 3: TLS ---- */

/* The handshake verified: say for which name and until when, and warn when it expires soon. */
static void tls_verified(probe_ctx *c, probe_step *s, const probe_http *v)
{
	probe_cert_facts f;
	probe_tls_describe((const char *const *)v->pems, v->npems, c->u.host, c->u.host_is_ip, c->o.cacert, s, &f);
	if (!f.parsed)
		probe_step_set(s, PROBE_OK, "handshake done; the certificate verifies for %s", c->u.host);
	else if (f.days_left < 14)
		probe_step_set(s, PROBE_WARNING, "the certificate verifies for %s but expires in %ld days (%s)", c->u.host,
		               f.days_left, f.not_after);
	else
		probe_step_set(s, PROBE_OK, "the certificate verifies for %s (valid until %s)", c->u.host, f.not_after);
	if (c->r->insecure)
		probe_step_detail(s, "\"Skip certificate verification\" is on; it is not needed: the certificate verifies");
}

/* The certificate did not verify: look at it once more without verifying (no request is sent), adding
 * what it shows to s and *f. */
static void tls_look_unverified(probe_ctx *c, probe_step *s, probe_cert_facts *f)
{
	memset(f, 0, sizeof *f);
	long t = probe_budget_ms(c, c->o.connect_timeout_ms);
	if (t == 0)
		return;
	probe_http look;
	memset(&look, 0, sizeof look);
	look.url = c->v2_url;
	look.connect_only = true;
	look.verify = false;
	look.certinfo = true;
	probe_http_run(c, &look, t, t);
	if (look.rc == CURLE_OK)
		probe_tls_describe((const char *const *)look.pems, look.npems, c->u.host, c->u.host_is_ip, c->o.cacert,
		                   s, f);
	probe_http_done(&look);
}

/* The certificate does not verify (curl_msg, X509 result vr): a warning when "Skip certificate
 * verification" is on (the next steps then do not verify), else the step fails. */
static bool tls_unverified(probe_ctx *c, probe_step *s, const char *curl_msg, long vr)
{
	probe_cert_facts f;
	tls_look_unverified(c, s, &f);
	probe_step_detail(s, "verification failed: %s", curl_msg);
	if (vr != 0)
		probe_step_detail(s, "certificate check result: %s (X509 error %ld)", X509_verify_cert_error_string(vr),
		                  vr);
	const char *why = vr != 0                           ? X509_verify_cert_error_string(vr)
	                  : (f.parsed && !f.name_matches)   ? "the names in the certificate do not match the host"
	                  : (f.parsed && !f.chain_verifies) ? X509_verify_cert_error_string(f.verify_error)
	                                                    : curl_msg;
	if (c->r->insecure) {
		c->verify = false;
		probe_step_set(
		        s, PROBE_WARNING,
		        "the certificate does not verify (%s); the service will not verify it either because Skip "
		        "certificate verification is on",
		        why);
		return true;
	}
	probe_step_detail(s, "a certificate from a CA that the SWR service trusts would avoid that; for this probe, a "
	                     "private CA can be trusted with --cacert FILE (cacert in the profile)");
	probe_step_detail(s, "the access key and secret are never sent over a connection whose certificate does not "
	                     "verify");
	c->tls_unverified = true;
	return probe_fail(c, PROBE_STEP_TLS, PROBE_OUTCOME_UNREACHABLE, false,
	                  "the certificate does not verify (%s): \"Skip certificate verification\" would be needed",
	                  why);
}

static bool step_tls(probe_ctx *c, bool have_credential)
{
	probe_step *s = &c->res->steps[PROBE_STEP_TLS];
	if (!c->u.https) {
		probe_step_set(s, PROBE_SKIPPED, "plain http: no TLS");
		if (have_credential)
			probe_step_detail(s, "the access key and secret travel unencrypted over http");
		return true;
	}
	long t = probe_budget_ms(c, c->o.connect_timeout_ms);
	if (t == 0)
		return probe_fail_out_of_time(c, PROBE_STEP_TLS);
	probe_http v;
	memset(&v, 0, sizeof v);
	v.url = c->v2_url;
	v.connect_only = true;
	v.verify = true;
	v.certinfo = true;
	probe_http_run(c, &v, t, t);
	CURLcode rc = v.rc;
	if (rc == CURLE_OK)
		tls_verified(c, s, &v);
	char curl_msg[CURL_ERROR_SIZE];
	snprintf(curl_msg, sizeof curl_msg, "%s", v.errbuf[0] ? v.errbuf : curl_easy_strerror(rc));
	long vr = v.verify_result;
	probe_http_done(&v);
	if (rc == CURLE_OK)
		return true;
	if (rc == CURLE_ABORTED_BY_CALLBACK || c->cancelled)
		return probe_fail_cancelled(c, PROBE_STEP_TLS);
	if (rc == CURLE_OPERATION_TIMEDOUT)
		return probe_fail(
		        c, PROBE_STEP_TLS, PROBE_OUTCOME_UNREACHABLE, true,
		        "timeout: no TLS handshake within %.1f s (the server accepted the connection but did not answer)",
		        (double)t / 1000.0);
	if (probe_is_verify_failure(rc))
		return tls_unverified(c, s, curl_msg, vr);
	if (strstr(curl_msg, "wrong version number"))
		probe_step_detail(s, "the server may speak plain HTTP on port %d: try http://", c->u.port);
	return probe_fail(c, PROBE_STEP_TLS, PROBE_OUTCOME_UNREACHABLE, false, "TLS handshake failed: %s", curl_msg);
}

/* ---- step 4: GET /v2/ without a credential ---- */

static void detail_headers(probe_step *s, const probe_http *h)
{
	for (size_t i = 0; i < h->nwww; i++)
		probe_step_detail(s, "WWW-Authenticate: %s", h->www[i]);
	if (h->api_version)
		probe_step_detail(s, "Docker-Distribution-Api-Version: %s", h->api_version);
	else
		probe_step_detail(s, "no Docker-Distribution-Api-Version header");
}

/* The first Basic or Bearer challenge among the WWW-Authenticate headers, else the first one. */
static void pick_challenge(probe_ctx *c, const probe_http *h)
{
	probe_challenge_free(&c->ch);
	for (size_t i = 0; i < h->nwww; i++) {
		probe_challenge ch;
		if (probe_parse_challenge(h->www[i], &ch) != 0) {
			probe_challenge_free(&ch);
			continue;
		}
		if (c->ch.kind == PROBE_AUTH_NONE || (c->ch.kind == PROBE_AUTH_OTHER && ch.kind != PROBE_AUTH_OTHER)) {
			probe_challenge_free(&c->ch);
			c->ch = ch;
		} else {
			probe_challenge_free(&ch);
		}
	}
}

static bool step_api(probe_ctx *c)
{
	probe_step *s = &c->res->steps[PROBE_STEP_API];
	long t = probe_budget_ms(c, c->o.request_timeout_ms);
	if (t == 0)
		return probe_fail_out_of_time(c, PROBE_STEP_API);
	probe_http h;
	memset(&h, 0, sizeof h);
	h.url = c->v2_url;
	h.verify = c->verify;
	probe_http_run(c, &h, probe_budget_ms(c, c->o.connect_timeout_ms), t);
	if (!probe_http_answered(&h)) {
		bool ok = probe_fail_transport(c, PROBE_STEP_API, &h, "GET /v2/");
		probe_http_done(&h);
		return ok;
	}
	c->api_status = h.status;
	probe_step_detail(s, "GET %s -> HTTP %ld %s in %.0f ms", c->v2_url, h.status, probe_http_reason(&h),
	                  h.seconds * 1000.0);
	if (h.too_large)
		probe_step_detail(s, "the body is larger than %zu bytes and was not read", c->o.max_body);
	detail_headers(s, &h);
	pick_challenge(c, &h);
	bool ok = true;
	if (h.status >= 300 && h.status < 400) {
		probe_step_detail(s, "redirects are not followed: use the address the registry answers at as the URL");
		ok = probe_fail(c, PROBE_STEP_API, PROBE_OUTCOME_REFUSED, false,
		                "HTTP %ld: a redirect to %s (not followed)", h.status,
		                h.location ? h.location : "(no Location header)");
	} else if (h.status == 200) {
		probe_step_set(s, PROBE_OK, "HTTP 200: the registry API answers and needs no credential for /v2/");
	} else if (h.status == 401 && (c->ch.kind == PROBE_AUTH_BASIC || c->ch.kind == PROBE_AUTH_BEARER)) {
		buf b;
		buf_init(&b);
		if (c->ch.realm)
			buf_printf(&b, ", realm \"%s\"", c->ch.realm);
		if (c->ch.service)
			buf_printf(&b, ", service \"%s\"", c->ch.service);
		char *extra = buf_take(&b);
		probe_step_set(s, PROBE_OK, "HTTP 401 with a %s challenge%s, as a registry answers", c->ch.scheme,
		               extra ? extra : "");
		free(extra);
	} else if (h.status == 401) {
		probe_detail_body(s, &h);
		ok = probe_fail(
		        c, PROBE_STEP_API, PROBE_OUTCOME_REFUSED, false,
		        c->ch.kind == PROBE_AUTH_OTHER
		                ? "HTTP 401 with a \"%s\" challenge, neither Basic nor Bearer: not what a registry answers"
		                : "HTTP 401 without a WWW-Authenticate challenge%s: not what a registry answers",
		        c->ch.kind == PROBE_AUTH_OTHER ? c->ch.scheme : "");
	} else {
		probe_detail_body(s, &h);
		if (h.status == 404)
			probe_step_detail(s, "no registry API v2 at this address: check the URL (scheme, host, port)");
		ok = probe_fail(c, PROBE_STEP_API, PROBE_OUTCOME_REFUSED, false, "HTTP %ld %s: %s", h.status,
		                probe_http_reason(&h),
		                h.status >= 500 ? "the registry answers with a server error"
		                                : "not what a registry answers");
	}
	probe_http_done(&h);
	return ok;
}

/* ---- the whole probe ---- */


static void skip_rest(probe_ctx *c, size_t from)
{
	int failed = c->res->failed_step;
	const char *name = failed >= 0 ? c->res->steps[failed].name : "an earlier step";
	for (size_t i = from; i < PROBE_STEP_COUNT; i++) {
		probe_step *s = &c->res->steps[i];
		if (s->state != PROBE_PENDING)
			continue;
		if (i == PROBE_STEP_CREDENTIAL && c->tls_unverified)
			probe_step_set(s, PROBE_SKIPPED,
			               "not attempted: the credential is never sent over a connection whose "
			               "certificate does not verify");
		else
			probe_step_set(s, PROBE_SKIPPED, "not attempted: %s %s", name,
			               c->cancelled ? "was cancelled" : "failed");
	}
}

static char *make_basic(const registry *r)
{
	buf b;
	buf_init(&b);
	buf_printf(&b, "%s:%s", r->access_key, r->access_secret);
	char *pair = buf_take(&b);
	if (!pair)
		return NULL;
	char *enc = probe_base64((const unsigned char *)pair, strlen(pair));
	secret_free(pair);
	return enc;
}

int probe_run(const registry *r, const probe_options *opt, probe_result *out, char *err, size_t errlen)
{
	probe_result_init(out);
	if (!r || !r->url || !*r->url) {
		snprintf(err, errlen, "no URL to probe");
		return -1;
	}
	probe_ctx c;
	memset(&c, 0, sizeof c);
	if (probe_url_parse(r->url, &c.u, err, errlen) != 0)
		return -1;
	if (api_global_init() != 0) {
		snprintf(err, errlen, "libcurl could not be initialised");
		probe_url_free(&c.u);
		return -1;
	}
	if (opt)
		c.o = *opt;
	if (c.o.connect_timeout_ms <= 0)
		c.o.connect_timeout_ms = PROBE_DEFAULT_CONNECT_TIMEOUT_MS;
	if (c.o.request_timeout_ms <= 0)
		c.o.request_timeout_ms = PROBE_DEFAULT_REQUEST_TIMEOUT_MS;
	if (c.o.total_timeout_ms <= 0)
		c.o.total_timeout_ms = PROBE_DEFAULT_TOTAL_TIMEOUT_MS;
	if (c.o.max_body == 0)
		c.o.max_body = PROBE_DEFAULT_MAX_BODY;
	c.r = r;
	c.res = out;
	c.verify = true;
	c.deadline = probe_now() + (double)c.o.total_timeout_ms / 1000.0;
	c.mapped_ip = c.u.host_is_ip ? NULL : probe_hosts_lookup(r, c.u.host);
	bool have_key = r->access_key && *r->access_key;
	bool have_secret = r->access_secret && *r->access_secret && !registry_secret_is_placeholder(r->access_secret);
	buf b;
	buf_init(&b);
	buf_printf(&b, "%s/v2/", c.u.base);
	c.v2_url = buf_take(&b);
	out->target = text_printable(r->url, strlen(r->url), 300, 0);
	if (have_key && have_secret)
		c.basic = make_basic(r);
	if (!c.v2_url || !out->target || (have_key && have_secret && !c.basic)) {
		snprintf(err, errlen, "out of memory");
		free(c.v2_url);
		secret_free(c.basic);
		probe_url_free(&c.u);
		probe_result_free(out);
		return -1;
	}

	bool (*const steps[])(probe_ctx *) = {step_resolve, step_connect, NULL, step_api, probe_step_credential};
	for (size_t i = 0; i < PROBE_STEP_COUNT; i++) {
		double t0 = probe_now();
		bool go_on = probe_is_cancelled(&c)  ? probe_fail_cancelled(&c, (probe_step_id)i)
		             : i == PROBE_STEP_TLS ? step_tls(&c, c.basic != NULL)
		                                   : steps[i](&c);
		settle(&c, (probe_step_id)i, t0);
		if (!go_on) {
			skip_rest(&c, i + 1);
			scrub(&c);
			for (size_t k = i + 1; k < PROBE_STEP_COUNT; k++)
				if (c.o.progress)
					c.o.progress(c.o.ctx, out, (probe_step_id)k);
			break;
		}
	}

	scrub(&c);
	secret_free(c.basic);
	secret_free(c.token);
	free(c.v2_url);
	probe_challenge_free(&c.ch);
	probe_url_free(&c.u);
	return 0;
}
