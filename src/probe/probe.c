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

/* dns_conf.hosts has entries but none for the URL's host: likely a typo; name the closest one. */
static void hosts_miss(probe_ctx *c, probe_step *s)
{
	const registry_host *h = probe_hosts_closest(c->r, c->u.host);
	size_t n = c->r->nhosts;
	if (h)
		probe_step_detail(s,
		                  "dns_conf.hosts has %zu entr%s but none for %s: a typo? The closest is \"%s\" -> %s",
		                  n, n == 1 ? "y" : "ies", c->u.host, h->domain, h->ip ? h->ip : "");
	else
		probe_step_detail(s, "dns_conf.hosts has %zu entr%s but none for %s", n, n == 1 ? "y" : "ies",
		                  c->u.host);
	probe_step_detail(s, "without an entry for %s, the SWR service resolves it from its own network", c->u.host);
}

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
		                  "(as curl --resolve %s:%d:%s); this machine's resolver is not asked",
		                  c->mapped_ip, c->mapped_ip, host, c->u.port, c->mapped_ip);
		return true;
	}
	if (c->r->nhosts > 0)
		hosts_miss(c, s);
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

#define INSECURE_FIELD "\"insecure\": true (the form's \"Skip certificate verification\")"

/* The handshake verified only because of the extra CA file: the SWR service does not know that CA, so it
 * refuses the target unless "insecure" is on. A warning that keeps the verdict from "passed". */
static void tls_cacert_only(probe_ctx *c, probe_step *s, const probe_cert_facts *f)
{
	if (c->r->insecure) {
		probe_step_set(s, PROBE_OK, "the certificate verifies for %s with %s (valid until %s)", c->u.host,
		               c->o.cacert, f->not_after);
		probe_step_detail(s, "\"Skip certificate verification\" is on, and needed: the SWR service does not know "
		                     "the CA in %s and does not verify the certificate",
		                  c->o.cacert);
		return;
	}
	c->res->cacert_only = true;
	probe_step_set(s, PROBE_WARNING,
	               "the certificate verifies for %s only because of --cacert %s: the SWR service does not know "
	               "that CA and will refuse the target while \"insecure\" is false",
	               c->u.host, c->o.cacert);
	probe_step_detail(s, "fix: a certificate from a publicly trusted CA on the registry, or " INSECURE_FIELD);
}

/* The handshake verified: say for which name and until when, and warn when it expires soon. */
static void tls_verified(probe_ctx *c, probe_step *s, const probe_http *v)
{
	probe_cert_facts f;
	probe_tls_describe((const char *const *)v->pems, v->npems, c->u.host, c->u.host_is_ip, c->o.cacert, s, &f);
	if (f.parsed && c->o.cacert && !f.system_verifies) {
		tls_cacert_only(c, s, &f);
		if (f.days_left < 14)
			probe_step_detail(s, "the certificate expires in %ld days (%s)", f.days_left, f.not_after);
		return;
	}
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

/* Why a certificate does not verify, most telling cause first, with its own fix. */
typedef enum { TLS_CAUSE_NAME, TLS_CAUSE_EXPIRED, TLS_CAUSE_NOT_YET, TLS_CAUSE_ISSUER, TLS_CAUSE_OTHER } tls_cause;

static tls_cause tls_cause_of(const probe_cert_facts *f, long vr)
{
	if ((f->parsed && !f->name_matches) || vr == X509_V_ERR_HOSTNAME_MISMATCH || vr == X509_V_ERR_IP_ADDRESS_MISMATCH)
		return TLS_CAUSE_NAME;
	if ((f->parsed && f->expired) || vr == X509_V_ERR_CERT_HAS_EXPIRED)
		return TLS_CAUSE_EXPIRED;
	if ((f->parsed && f->not_yet_valid) || vr == X509_V_ERR_CERT_NOT_YET_VALID)
		return TLS_CAUSE_NOT_YET;
	if ((f->parsed && !f->chain_verifies) || vr == X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT ||
	    vr == X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN || vr == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY ||
	    vr == X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE || vr == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT)
		return TLS_CAUSE_ISSUER;
	return TLS_CAUSE_OTHER;
}

/* The headline of a certificate that does not verify: what is wrong, named first. */
static void tls_headline(probe_ctx *c, const probe_cert_facts *f, tls_cause cause, const char *why, char *out,
                         size_t outlen)
{
	switch (cause) {
	case TLS_CAUSE_NAME:
		if (f->parsed && f->names[0])
			snprintf(out, outlen, "name mismatch: the certificate is for %s, not for %s", f->names, c->u.host);
		else if (f->parsed)
			snprintf(out, outlen, "name mismatch: the certificate has no subject alternative names (%s), so it "
			                      "is not for %s", f->subject, c->u.host);
		else
			snprintf(out, outlen, "name mismatch: the certificate is not for %s", c->u.host);
		break;
	case TLS_CAUSE_EXPIRED:
		if (f->parsed)
			snprintf(out, outlen, "the certificate expired on %s (%ld days ago)", f->not_after, -f->days_left);
		else
			snprintf(out, outlen, "the certificate has expired");
		break;
	case TLS_CAUSE_NOT_YET:
		snprintf(out, outlen, "the certificate is not valid before %s", f->parsed ? f->not_before : "(unknown)");
		break;
	default: snprintf(out, outlen, "the certificate does not verify (%s)", why); break;
	}
}

/* The advice for one cause; --cacert is suggested only when it is not given already. */
static void tls_advice(probe_ctx *c, probe_step *s, const probe_cert_facts *f, tls_cause cause)
{
	switch (cause) {
	case TLS_CAUSE_NAME:
		probe_step_detail(s, "fix: a certificate whose subject alternative names include %s, or a URL whose host "
		                     "is one of the names the certificate holds",
		                  c->u.host);
		break;
	case TLS_CAUSE_EXPIRED:
		probe_step_detail(s, "fix: renew the registry's certificate (it expired on %s)",
		                  f->parsed ? f->not_after : "an earlier date");
		break;
	case TLS_CAUSE_NOT_YET:
		probe_step_detail(s, "fix: check the clocks of the registry and of the machine that issued the "
		                     "certificate, or reissue it");
		break;
	default:
		probe_step_detail(s, "fix: a certificate from a CA that the SWR service trusts, or " INSECURE_FIELD);
		if (!c->o.cacert)
			probe_step_detail(s, "for this probe only, --cacert FILE (cacert in the profile) trusts a private "
			                     "CA; the SWR service will still not trust it");
		break;
	}
	if (cause == TLS_CAUSE_NAME && f->parsed && !f->chain_verifies)
		probe_step_detail(s, "besides, the chain does not verify (%s): a certificate from a CA that the SWR "
		                     "service trusts, or " INSECURE_FIELD,
		                  X509_verify_cert_error_string(f->verify_error));
	else if (cause == TLS_CAUSE_NAME && f->parsed && c->o.cacert && !f->system_verifies)
		probe_step_detail(s, "besides, the chain verifies only with --cacert %s, a CA the SWR service does not "
		                     "know: a publicly trusted certificate, or " INSECURE_FIELD,
		                  c->o.cacert);
}

/* The certificate does not verify (curl_msg, X509 result vr): a warning when "Skip certificate
 * verification" is on (the next steps then do not verify), else the step fails. */
static bool tls_unverified(probe_ctx *c, probe_step *s, const char *curl_msg, long vr)
{
	probe_cert_facts f;
	tls_look_unverified(c, s, &f);
	probe_step_detail(s, "verification failed: %s", curl_msg);
	tls_cause cause = tls_cause_of(&f, vr);
	if (vr != 0 && !(cause == TLS_CAUSE_NAME && vr == X509_V_ERR_UNSPECIFIED))
		probe_step_detail(s, "certificate check result: %s (X509 error %ld)", X509_verify_cert_error_string(vr),
		                  vr);
	const char *why = vr != 0                           ? X509_verify_cert_error_string(vr)
	                  : (f.parsed && !f.chain_verifies) ? X509_verify_cert_error_string(f.verify_error)
	                                                    : curl_msg;
	char head[900];
	tls_headline(c, &f, cause, why, head, sizeof head);
	if (c->r->insecure) {
		c->verify = false;
		probe_step_set(s, PROBE_WARNING,
		               "%s; the service will not verify it either because Skip certificate verification "
		               "(\"insecure\": true) is on",
		               head);
		return true;
	}
	tls_advice(c, s, &f, cause);
	probe_step_detail(s, "the access key and secret are never sent over a connection whose certificate does not "
	                     "verify");
	c->tls_unverified = true;
	if (cause == TLS_CAUSE_ISSUER || cause == TLS_CAUSE_OTHER)
		return probe_fail(c, PROBE_STEP_TLS, PROBE_OUTCOME_UNREACHABLE, false,
		                  "%s: a CA that the SWR service trusts, or \"insecure\": true (\"Skip certificate "
		                  "verification\"), would be needed",
		                  head);
	return probe_fail(c, PROBE_STEP_TLS, PROBE_OUTCOME_UNREACHABLE, false, "%s: %s", head,
	                  cause == TLS_CAUSE_NAME      ? "fix the certificate's SAN or the URL's host"
	                  : cause == TLS_CAUSE_EXPIRED ? "renew it"
	                                               : "check the clocks or reissue it");
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

/* A plain http request to a TLS port: Go's servers (the distribution registry among them) answer 400
 * "Client sent an HTTP request to an HTTPS server", nginx 400 "The plain HTTP request was sent to HTTPS
 * port". */
static bool body_has(const probe_http *h, const char *needle)
{
	size_t n = strlen(needle);
	for (size_t i = 0; i + n <= h->body.len; i++)
		if (memcmp(h->body.data + i, needle, n) == 0)
			return true;
	return false;
}

static bool http_to_https_port(const probe_ctx *c, const probe_http *h)
{
	if (c->u.https || h->status != 400 || !h->body.data)
		return false;
	const char *marks[] = {"HTTP request to an HTTPS server", "plain HTTP request was sent to HTTPS port"};
	for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++)
		if (body_has(h, marks[i]))
			return true;
	return false;
}

/* Fails step 4 for an http:// URL whose port speaks https (frees h). */
static bool http_to_https_fail(probe_ctx *c, probe_http *h)
{
	probe_step *s = &c->res->steps[PROBE_STEP_API];
	bool v6 = strchr(c->u.host, ':') != NULL;
	probe_step_detail(s, "port %d speaks https: try https://%s%s%s:%d", c->u.port, v6 ? "[" : "", c->u.host,
	                  v6 ? "]" : "", c->u.port);
	bool ok = probe_fail(c, PROBE_STEP_API, PROBE_OUTCOME_REFUSED, false,
	                     "HTTP %ld %s: the server speaks https on port %d: try https:// instead of http://",
	                     h->status, probe_http_reason(h), c->u.port);
	probe_http_done(h);
	return ok;
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
		if (http_to_https_port(c, &h))
			return http_to_https_fail(c, &h);
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

	if (out->outcome == PROBE_OUTCOME_PASSED && (out->unchecked || out->cacert_only))
		out->outcome = PROBE_OUTCOME_UNCONFIRMED;
	scrub(&c);
	secret_free(c.basic);
	secret_free(c.token);
	free(c.v2_url);
	probe_challenge_free(&c.ch);
	probe_url_free(&c.u);
	return 0;
}
