/* client.c — executes api_request values over libcurl: one reused connection (one easy handle in one
 * multi handle), TLS always verified, no redirects, capped bodies, timeouts, cancellation through a
 * watched file descriptor, the proxy chosen by the rule of http.h (never libcurl's own reading of the
 * environment), transport failures sorted into kinds, the authentication hook and the
 * context of the layer above, and bounded retries of idempotent requests (the rule is in http.h,
 * "retries"; its pure parts in retry.c). */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <malloc.h>

#include <curl/curl.h>
#include <openssl/x509.h>

#include "swrtui/http/http.h"
#include "swrtui/http/redact.h"
#include "swrtui/http/url.h"
#include "swrtui/base/buf.h"
#include "swrtui/base/secret.h"

struct api_client {
	CURL *easy;
	CURLM *multi;
	http_url url;   /* the endpoint: scheme_host, host_header (no default port), path prefix */
	void *context; /* the context of the layer that builds requests for this client (owned) */
	void (*free_context)(void *ctx);
	char *cacert;
	char *user_agent;
	long connect_timeout_ms;
	long timeout_ms;
	size_t max_body;
	api_authenticator authenticator;
	int watch_fd;
	int (*on_ready)(void *ctx);
	void *watch_ctx;
	void (*observe)(void *ctx, const api_request *req, const api_result *res);
	void *observe_ctx;
	int max_attempts;
	void (*retry_notify)(void *ctx, const api_retry_info *info);
	void *retry_ctx;
	uint32_t rng; /* xorshift state for the backoff's jitter */
};

/* State of one transfer, shared with the callbacks. */
typedef struct {
	buf body;
	size_t max_body;
	bool too_large;
	api_result *res;
} transfer;

static int curl_ready;

/* A service may echo a secret of ours back (the gateway's canonical request in an APIGW.0301 answer
 * carries the security token; a hostile or broken one may put the token in the reason phrase, a header,
 * an HTML page, or escape it in JSON): every echo, raw or escaped (api_redact_echoes), in the body and in
 * every text of the answer becomes "<redacted>" before the error is decoded, logged or shown. The
 * secrets are the authenticator's (token, secret key, security token) and the secret members the request
 * sends (a registry's access_secret, an IAM password). */
static void scrub_text(char **s, const char *const *secrets, size_t n)
{
	(void)api_scrub_echoes(s, NULL, secrets, n); /* out of memory: the text is wiped, never kept */
}

static void scrub_body(api_result *res, const char *const *secrets, size_t n)
{
	(void)api_scrub_echoes(&res->body, &res->body_len, secrets, n);
}

#define MAX_SCRUBBED 16

static void scrub_secrets(const api_client *c, const api_request *req, api_result *res)
{
	const size_t half = MAX_SCRUBBED / 2;
	const char *secrets[MAX_SCRUBBED];
	char *sent[MAX_SCRUBBED / 2];
	size_t n = c->authenticator.secrets ? c->authenticator.secrets(c->authenticator.ctx, secrets, half) : 0;
	n = n < half ? n : half;
	size_t m = req->body ? api_redact_json_secrets(req->body, req->body_len, sent, half) : 0;
	for (size_t i = 0; i < m; i++)
		secrets[n++] = sent[i];
	if (n) {
		scrub_body(res, secrets, n);
		char **texts[] = {&res->transport_msg, &res->reason,      &res->request_id,   &res->content_type,
		                  &res->location,      &res->retry_after, &res->effective_url};
		for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
			scrub_text(texts[i], secrets, n);
		for (size_t i = 0; i < res->nresp_headers; i++) {
			scrub_text(&res->resp_headers[i].name, secrets, n);
			scrub_text(&res->resp_headers[i].value, secrets, n);
		}
	}
	for (size_t i = 0; i < m; i++)
		secret_free(sent[i]);
}

/* libcurl's own buffers hold the request (the token header, the body with the secret): its memory is
 * wiped when it gives it back. */
static void wiping_free(void *p)
{
	if (p) {
		secret_wipe(p, malloc_usable_size(p));
		free(p);
	}
}

static void *wiping_realloc(void *p, size_t n)
{
	if (!p)
		return malloc(n);
	if (n == 0) {
		wiping_free(p);
		return NULL;
	}
	size_t old = malloc_usable_size(p);
	void *q = malloc(n);
	if (!q)
		return NULL;
	memcpy(q, p, old < n ? old : n);
	wiping_free(p);
	return q;
}

int api_global_init(void)
{
	if (!curl_ready) {
		if (curl_global_init_mem(CURL_GLOBAL_DEFAULT, malloc, wiping_free, wiping_realloc, strdup, calloc) !=
		    CURLE_OK)
			return -1;
		curl_ready = 1;
	}
	return 0;
}

/* The endpoint's parts (url.c); plain http:// only for a loopback address. */
static int parse_endpoint(api_client *c, const char *endpoint, char *err, size_t errlen)
{
	if (http_url_parse(endpoint, "the endpoint", &c->url, err, errlen) != 0)
		return -1;
	if (strcmp(c->url.scheme, "http") == 0 && !api_host_is_loopback(c->url.host)) {
		snprintf(err, errlen,
		         "the endpoint \"%s\" uses plain http://, which would send the token unencrypted: use https:// "
		         "(http:// is accepted only for a loopback address such as a local emulator)",
		         endpoint);
		return -1;
	}
	return 0;
}

api_client *api_client_new(const api_config *cfg, char *err, size_t errlen)
{
	if (!cfg->endpoint || !*cfg->endpoint) {
		snprintf(err, errlen, "no endpoint: use --endpoint URL or --region REGION");
		return NULL;
	}
	if (api_global_init() != 0) {
		snprintf(err, errlen, "libcurl could not be initialised");
		return NULL;
	}
	api_client *c = calloc(1, sizeof *c);
	if (!c) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	c->watch_fd = -1;
	if (parse_endpoint(c, cfg->endpoint, err, errlen) != 0) {
		api_client_free(c);
		return NULL;
	}
	c->cacert = cfg->cacert ? strdup(cfg->cacert) : NULL;
	if (cfg->user_agent) {
		c->user_agent = strdup(cfg->user_agent);
	} else {
		buf b;
		buf_init(&b);
		buf_printf(&b, "swrtui/%s", SWRTUI_VERSION);
		c->user_agent = buf_take(&b);
	}
	c->connect_timeout_ms = cfg->connect_timeout_ms > 0 ? cfg->connect_timeout_ms : 10000;
	c->timeout_ms = cfg->timeout_ms > 0 ? cfg->timeout_ms : 30000;
	c->max_body = cfg->max_body ? cfg->max_body : API_DEFAULT_MAX_BODY;
	c->max_attempts = cfg->max_attempts > 0 ? cfg->max_attempts : API_DEFAULT_MAX_ATTEMPTS;
	if (c->max_attempts > API_MAX_ATTEMPTS_LIMIT)
		c->max_attempts = API_MAX_ATTEMPTS_LIMIT;
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	c->rng = (uint32_t)ts.tv_nsec ^ (uint32_t)ts.tv_sec ^ ((uint32_t)getpid() << 16) ^ (uint32_t)(uintptr_t)c;
	if (!c->rng)
		c->rng = 0x9e3779b9u;
	c->authenticator = cfg->authenticator;
	c->easy = curl_easy_init();
	c->multi = curl_multi_init();
	if ((cfg->cacert && !c->cacert) || !c->user_agent || !c->easy ||
	    !c->multi) {
		snprintf(err, errlen, "out of memory");
		api_client_free(c);
		return NULL;
	}
	/* one connection at a time, kept alive between requests */
	curl_multi_setopt(c->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, 1L);
	return c;
}

void api_client_free(api_client *c)
{
	if (!c)
		return;
	if (c->easy)
		curl_easy_cleanup(c->easy);
	if (c->multi)
		curl_multi_cleanup(c->multi);
	http_url_free(&c->url);
	if (c->free_context)
		c->free_context(c->context);
	free(c->cacert);
	free(c->user_agent);
	free(c);
}

void api_client_set_watch(api_client *c, int watch_fd, int (*on_ready)(void *ctx), void *ctx)
{
	c->watch_fd = watch_fd;
	c->on_ready = on_ready;
	c->watch_ctx = ctx;
}

long api_client_timeout(const api_client *c)
{
	return c->timeout_ms;
}

void api_client_set_timeout(api_client *c, long timeout_ms)
{
	c->timeout_ms = timeout_ms > 0 ? timeout_ms : 1;
}

void api_client_set_observer(api_client *c,
                             void (*observe)(void *ctx, const api_request *req, const api_result *res),
                             void *ctx)
{
	c->observe = observe;
	c->observe_ctx = ctx;
}

void api_client_set_retry_notify(api_client *c, void (*notify)(void *ctx, const api_retry_info *info), void *ctx)
{
	c->retry_notify = notify;
	c->retry_ctx = ctx;
}

/* ---- what the request builders read ---- */

const char *api_client_endpoint(const api_client *c) { return c->url.scheme_host; }
const char *api_client_host(const api_client *c) { return c->url.host_header; }
const char *api_client_base_path(const api_client *c) { return c->url.path; }
const char *api_client_user_agent(const api_client *c) { return c->user_agent; }
const api_authenticator *api_client_authenticator(const api_client *c) { return &c->authenticator; }

char *api_client_proxy(const api_client *c)
{
	api_proxy px;
	if (api_proxy_choose(c->url.scheme_host, c->url.host_header, NULL, &px) != 0)
		return NULL;
	char *d = api_proxy_describe(&px);
	api_proxy_free(&px);
	return d;
}

void api_client_set_context(api_client *c, void *ctx, void (*free_ctx)(void *ctx))
{
	if (c->free_context)
		c->free_context(c->context);
	c->context = ctx;
	c->free_context = free_ctx;
}

void *api_client_context(const api_client *c, void (*free_ctx)(void *ctx))
{
	return c->free_context == free_ctx ? c->context : NULL;
}

int api_client_authenticate(const api_client *c, api_request *req, char *err, size_t errlen)
{
	if (!c->authenticator.apply) {
		snprintf(err, errlen, "no credential: the client was given no authentication step");
		return -1;
	}
	return c->authenticator.apply(c->authenticator.ctx, req, err, errlen);
}

/* ---- callbacks ---- */

static size_t on_body(char *data, size_t size, size_t n, void *userp)
{
	transfer *t = userp;
	size_t len = size * n;
	if (t->body.len + len > t->max_body) {
		t->too_large = true;
		return 0; /* aborts the transfer with CURLE_WRITE_ERROR */
	}
	buf_append(&t->body, data, len);
	return t->body.failed ? 0 : len;
}

static char *trimmed_copy(const char *s, size_t n)
{
	while (n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == '\r' || s[n - 1] == '\n' || s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return strndup(s, n);
}

static void set_header_value(char **slot, const char *v, size_t n)
{
	secret_free(*slot); /* a server's header may echo a secret: wiped like one */
	*slot = trimmed_copy(v, n);
}

void api_result_add_header_line(api_result *r, const char *data, size_t len)
{
	if (len >= 5 && strncmp(data, "HTTP/", 5) == 0) {
		/* a new status line: forget the headers of an earlier (1xx) response (wiped: a server may
		 * echo a secret in them) */
		secret_free(r->reason);
		r->reason = NULL;
		secret_free(r->request_id);
		r->request_id = NULL;
		secret_free(r->content_type);
		r->content_type = NULL;
		secret_free(r->location);
		r->location = NULL;
		secret_free(r->retry_after);
		r->retry_after = NULL;
		for (size_t i = 0; i < r->nresp_headers; i++) {
			secret_free(r->resp_headers[i].name);
			secret_free(r->resp_headers[i].value);
		}
		free(r->resp_headers);
		r->resp_headers = NULL;
		r->nresp_headers = 0;
		secret_free(r->subject_token);
		r->subject_token = NULL;
		const char *sp = memchr(data, ' ', len);
		if (sp) {
			const char *sp2 = memchr(sp + 1, ' ', len - (size_t)(sp + 1 - data));
			if (sp2)
				r->reason = trimmed_copy(sp2 + 1, len - (size_t)(sp2 + 1 - data));
		}
		return;
	}
	const char *colon = memchr(data, ':', len);
	if (!colon || memchr(data, '\0', len))
		return; /* not a header, or a malformed one: a NUL byte would cut its name short */
	size_t nlen = (size_t)(colon - data);
	const char *v = colon + 1;
	size_t vlen = len - nlen - 1;
	while (nlen > 0 && (data[nlen - 1] == ' ' || data[nlen - 1] == '\t'))
		nlen--; /* "Name : value" names the same header */
	static const struct {
		const char *name;
		size_t off;
	} wanted[] = {
		{"X-Request-Id", offsetof(api_result, request_id)},
		{"Content-Type", offsetof(api_result, content_type)},
		{"Location", offsetof(api_result, location)},
		{"Retry-After", offsetof(api_result, retry_after)},
	};
	for (size_t i = 0; i < sizeof wanted / sizeof wanted[0]; i++) {
		if (strlen(wanted[i].name) == nlen && strncasecmp(data, wanted[i].name, nlen) == 0)
			set_header_value((char **)((char *)r + wanted[i].off), v, vlen);
	}
	bool subject = nlen == 15 && strncasecmp(data, "X-Subject-Token", 15) == 0;
	if (subject) {
		secret_free(r->subject_token);
		r->subject_token = trimmed_copy(v, vlen);
	}
	if (r->nresp_headers < 200) {
		api_header *h = realloc(r->resp_headers, (r->nresp_headers + 1) * sizeof *h);
		if (h) {
			r->resp_headers = h;
			h[r->nresp_headers].name = strndup(data, nlen);
			h[r->nresp_headers].value = subject ? strdup("<redacted>") : trimmed_copy(v, vlen);
			if (h[r->nresp_headers].name && h[r->nresp_headers].value) {
				r->nresp_headers++;
			} else {
				free(h[r->nresp_headers].name);
				free(h[r->nresp_headers].value);
			}
		}
	}
}

static size_t on_header(char *data, size_t size, size_t n, void *userp)
{
	transfer *t = userp;
	api_result_add_header_line(t->res, data, size * n);
	return size * n;
}

/* ---- classification ---- */

static api_transport classify(CURLcode rc, bool too_large)
{
	switch (rc) {
	case CURLE_OK: return API_TRANSPORT_OK;
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY: return API_TRANSPORT_RESOLVE;
	case CURLE_COULDNT_CONNECT: return API_TRANSPORT_CONNECT;
	case CURLE_OPERATION_TIMEDOUT: return API_TRANSPORT_TIMEOUT;
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_INVALIDCERTSTATUS:
	case CURLE_SSL_CRL_BADFILE:
	case CURLE_SSL_ENGINE_NOTFOUND:
	case CURLE_SSL_ENGINE_SETFAILED:
	case CURLE_SSL_ENGINE_INITFAILED:
	case CURLE_SSL_SHUTDOWN_FAILED:
	case CURLE_USE_SSL_FAILED: return API_TRANSPORT_TLS;
	case CURLE_WRITE_ERROR: return too_large ? API_TRANSPORT_TOO_LARGE : API_TRANSPORT_OTHER;
	case CURLE_ABORTED_BY_CALLBACK: return API_TRANSPORT_CANCELLED;
	case CURLE_FILESIZE_EXCEEDED: return API_TRANSPORT_TOO_LARGE;
	default: return API_TRANSPORT_OTHER;
	}
}

static void describe_failure(api_client *c, api_result *res, CURLcode rc, const char *errbuf, const api_proxy *px)
{
	buf b;
	buf_init(&b);
	switch (res->transport) {
	case API_TRANSPORT_TOO_LARGE:
		buf_printf(&b, "the response body is larger than the %zu-byte limit; the transfer was stopped",
		           c->max_body);
		break;
	case API_TRANSPORT_CANCELLED: buf_puts(&b, "the request was cancelled"); break;
	case API_TRANSPORT_TIMEOUT:
		buf_printf(&b, "no complete answer within %.1f s (%s)", (double)c->timeout_ms / 1000.0,
		           errbuf[0] ? errbuf : curl_easy_strerror(rc));
		break;
	default: buf_puts(&b, errbuf[0] ? errbuf : curl_easy_strerror(rc)); break;
	}
	if (res->transport == API_TRANSPORT_TLS) {
		long vr = 0;
		if (strstr(errbuf, "subject name") || strstr(errbuf, "does not match"))
			buf_puts(&b, " [certificate: issued for another host name]"); /* libcurl's own host check */
		else if (curl_easy_getinfo(c->easy, CURLINFO_SSL_VERIFYRESULT, &vr) == CURLE_OK && vr != 0)
			buf_printf(&b, " [certificate: %s]", X509_verify_cert_error_string(vr));
	}
	if (px && px->url && res->transport != API_TRANSPORT_CANCELLED && res->transport != API_TRANSPORT_TOO_LARGE)
		buf_printf(&b, " [through the proxy %s from %s]", px->shown ? px->shown : "", px->source ? px->source : "");
	res->transport_msg = buf_take(&b);
}

/* ---- execution ---- */

static int run_transfer(api_client *c, CURLcode *rc_out)
{
	CURLMcode mc = curl_multi_add_handle(c->multi, c->easy);
	if (mc != CURLM_OK)
		return -1;
	int running = 1;
	bool cancelled = false;
	while (running) {
		mc = curl_multi_perform(c->multi, &running);
		if (mc != CURLM_OK)
			break;
		if (!running)
			break;
		struct curl_waitfd extra = {.fd = c->watch_fd, .events = CURL_WAIT_POLLIN, .revents = 0};
		int nfds = 0;
		mc = curl_multi_poll(c->multi, c->watch_fd >= 0 ? &extra : NULL, c->watch_fd >= 0 ? 1 : 0, 1000,
		                     &nfds);
		if (mc != CURLM_OK)
			break;
		if (c->watch_fd >= 0 && (extra.revents & CURL_WAIT_POLLIN) && c->on_ready &&
		    c->on_ready(c->watch_ctx) != 0) {
			cancelled = true;
			break;
		}
	}
	CURLcode rc = CURLE_OK;
	bool done = false;
	CURLMsg *msg;
	int left;
	while ((msg = curl_multi_info_read(c->multi, &left)) != NULL) {
		if (msg->msg == CURLMSG_DONE && msg->easy_handle == c->easy) {
			rc = msg->data.result;
			done = true;
		}
	}
	curl_multi_remove_handle(c->multi, c->easy);
	if (cancelled)
		rc = CURLE_ABORTED_BY_CALLBACK;
	else if (!done)
		rc = mc != CURLM_OK ? CURLE_FAILED_INIT : CURLE_RECV_ERROR;
	*rc_out = rc;
	return 0;
}

/* The request's headers as libcurl takes them ("Name: value" lines; each line that held a token is
 * wiped as soon as libcurl has its copy), plus "Expect:" (no 100-continue). NULL when out of memory. */
static struct curl_slist *header_lines(const api_request *req)
{
	struct curl_slist *hdrs = NULL;
	for (size_t i = 0; i < req->nheaders; i++) {
		buf h;
		buf_init(&h);
		buf_printf(&h, "%s: %s", req->headers[i].name, req->headers[i].value);
		char *line = buf_take(&h);
		struct curl_slist *n = line ? curl_slist_append(hdrs, line) : NULL;
		secret_free(line);
		if (!n) {
			curl_slist_free_all(hdrs);
			return NULL;
		}
		hdrs = n;
	}
	struct curl_slist *n = curl_slist_append(hdrs, "Expect:");
	if (!n)
		curl_slist_free_all(hdrs);
	return n;
}

/* The rules every transfer keeps: TLS verified, no redirects, http(s) only, timeouts, the body cap. */
static void set_transfer_rules(api_client *c, CURL *e, long timeout_ms, char *errbuf)
{
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
#else
	curl_easy_setopt(e, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
	if (c->cacert)
		curl_easy_setopt(e, CURLOPT_CAINFO, c->cacert);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, c->connect_timeout_ms);
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, timeout_ms);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)c->max_body);
}

/* The method and body of req. */
static void set_method_and_body(CURL *e, const api_request *req)
{
	/* libcurl sends a request again by itself when a reused connection closes before any byte of the
	 * answer; a request that is not idempotent gets a connection of its own, so that it is sent once */
	if (!api_method_idempotent(req->method))
		curl_easy_setopt(e, CURLOPT_FRESH_CONNECT, 1L);
	if (strcmp(req->method, "GET") == 0) {
		curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
		return;
	}
	curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, req->method);
	if (req->body) {
		curl_easy_setopt(e, CURLOPT_POSTFIELDS, req->body);
		curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)req->body_len);
	} else if (strcmp(req->method, "DELETE") != 0) {
		curl_easy_setopt(e, CURLOPT_POSTFIELDS, "");
		curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)0);
	}
}

/* What libcurl says of the finished transfer: the kind of failure, status, effective URL, timings. */
static void read_transfer_info(CURL *e, CURLcode rc, bool too_large, api_result *res)
{
	res->transport = classify(rc, too_large);
	res->dropped = res->transport == API_TRANSPORT_OTHER && (rc == CURLE_RECV_ERROR || rc == CURLE_GOT_NOTHING ||
	                                                         rc == CURLE_SEND_ERROR || rc == CURLE_PARTIAL_FILE);
	curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &res->status);
	char *eff = NULL;
	if (curl_easy_getinfo(e, CURLINFO_EFFECTIVE_URL, &eff) == CURLE_OK && eff)
		res->effective_url = strdup(eff);
	curl_easy_getinfo(e, CURLINFO_NAMELOOKUP_TIME, &res->timings.resolve);
	curl_easy_getinfo(e, CURLINFO_CONNECT_TIME, &res->timings.connect);
	curl_easy_getinfo(e, CURLINFO_APPCONNECT_TIME, &res->timings.tls);
	curl_easy_getinfo(e, CURLINFO_STARTTRANSFER_TIME, &res->timings.first_byte);
	curl_easy_getinfo(e, CURLINFO_TOTAL_TIME, &res->timings.total);
}

/* The answer into *res: the body (or the failure described), the reason phrase, our secrets scrubbed
 * from the body, and the error body decoded for a status that is not 2xx. */
static void take_answer(api_client *c, const api_request *req, transfer *t, CURLcode rc, const char *errbuf,
                        const api_proxy *px, api_result *res)
{
	if (res->transport != API_TRANSPORT_OK) {
		describe_failure(c, res, rc, errbuf, px);
		res->status = res->transport == API_TRANSPORT_TOO_LARGE ? res->status : 0;
		buf_free(&t->body);
	} else {
		res->body_len = t->body.len;
		res->body = buf_take(&t->body);
		if (!res->body) {
			res->transport = API_TRANSPORT_OTHER;
			res->transport_msg = strdup("out of memory");
		}
	}
	/* a NUL inside the body stays: the decoders refuse it and the displays escape it */
	if (!res->reason || !*res->reason) {
		free(res->reason);
		res->reason = strdup(api_status_reason(res->status));
	}
	scrub_secrets(c, req, res);
	if (res->transport == API_TRANSPORT_OK && !api_result_ok(res))
		api_error_decode(res->body, res->body_len, &res->error);
}

/* One attempt: sends req once, within timeout_ms, and fills *res (zeroed by the caller). */
static int execute_once(api_client *c, api_request *req, api_result *res, long timeout_ms)
{
	transfer t;
	memset(&t, 0, sizeof t);
	buf_init(&t.body);
	t.max_body = c->max_body;
	t.res = res;
	char errbuf[CURL_ERROR_SIZE];
	errbuf[0] = '\0';

	char *url = api_request_url(req);
	struct curl_slist *hdrs = header_lines(req);
	if (!url || !hdrs) {
		res->transport = API_TRANSPORT_OTHER;
		res->transport_msg = strdup("out of memory");
		free(url);
		curl_slist_free_all(hdrs);
		return -1;
	}
	api_proxy px;
	if (api_proxy_choose(req->scheme_host, req->host, NULL, &px) != 0) {
		res->transport = API_TRANSPORT_OTHER;
		res->transport_msg = strdup("out of memory");
		free(url);
		curl_slist_free_all(hdrs);
		return -1;
	}
	res->proxy = api_proxy_describe(&px);
	CURL *e = c->easy;
	curl_easy_reset(e); /* keeps the live connection */
	curl_easy_setopt(e, CURLOPT_URL, url);
	/* the proxy decided here, never libcurl's own reading of the environment (http.h, "proxies") */
	curl_easy_setopt(e, CURLOPT_PROXY, px.url ? px.url : "");
	curl_easy_setopt(e, CURLOPT_NOPROXY, "");
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, hdrs);
	if (!api_request_header(req, "User-Agent"))
		curl_easy_setopt(e, CURLOPT_USERAGENT, c->user_agent);
	set_transfer_rules(c, e, timeout_ms, errbuf);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, &t);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, &t);
	set_method_and_body(e, req);

	CURLcode rc = CURLE_OK;
	if (run_transfer(c, &rc) != 0)
		rc = CURLE_FAILED_INIT;
	read_transfer_info(e, rc, t.too_large, res);
	take_answer(c, req, &t, rc, errbuf, &px, res);

	curl_easy_setopt(e, CURLOPT_HTTPHEADER, NULL);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, NULL);
	curl_easy_setopt(e, CURLOPT_POSTFIELDS, NULL);
	curl_easy_setopt(e, CURLOPT_PROXY, NULL);
	api_proxy_free(&px);
	for (struct curl_slist *l = hdrs; l; l = l->next) /* the lines held the token */
		secret_wipe(l->data, strlen(l->data));
	curl_slist_free_all(hdrs);
	free(url);
	return res->transport == API_TRANSPORT_OK ? 0 : -1;
}

/* ---- retries ---- */

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static unsigned next_random(api_client *c)
{
	uint32_t x = c->rng;
	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	c->rng = x;
	return (unsigned)x;
}

static void notify_retry(api_client *c, const api_retry_info *info)
{
	if (c->retry_notify)
		c->retry_notify(c->retry_ctx, info);
}

/* Waits info->wait_ms before another attempt, sleeping in poll() on the watched descriptor (a key is
 * handed to on_ready, which may cancel) and telling the notifier as each second passes. 0 when the wait
 * is over, 1 when it was cancelled. */
static int wait_before_retry(api_client *c, api_retry_info *info)
{
	long long end = now_ms() + info->wait_ms;
	int fd = c->watch_fd;
	long shown = (info->wait_ms + 999) / 1000;
	long long last_ready = -1;
	int spins = 0;
	info->phase = API_RETRY_WAIT;
	notify_retry(c, info);
	for (;;) {
		long long left = end - now_ms();
		if (left <= 0)
			return 0;
		/* wake up as the countdown passes a whole second */
		int step = (int)(left % 1000 ? left % 1000 : 1000);
		struct pollfd p = {.fd = fd, .events = POLLIN, .revents = 0};
		int n = poll(fd >= 0 ? &p : NULL, fd >= 0 ? 1 : 0, step);
		if (n < 0 && errno != EINTR)
			fd = -1; /* cannot watch it: wait on the clock alone */
		if (n > 0 && (p.revents & POLLIN)) {
			if (c->on_ready && c->on_ready(c->watch_ctx) != 0)
				return 1;
			/* readable again at once with nothing taken (end of file): stop watching, never spin */
			long long t = now_ms();
			spins = last_ready >= 0 && t - last_ready < 2 ? spins + 1 : 0;
			last_ready = t;
			if (spins > 50)
				fd = -1;
		} else if (n > 0 && (p.revents & (POLLHUP | POLLERR | POLLNVAL))) {
			fd = -1;
		}
		left = end - now_ms();
		long secs = (long)((left + 999) / 1000);
		if (left > 0 && secs != shown) {
			shown = secs;
			info->phase = API_RETRY_TICK;
			info->wait_ms = (long)left;
			notify_retry(c, info);
		}
	}
}

int api_execute(api_client *c, api_request *req, api_result *res)
{
	memset(res, 0, sizeof *res);
	if (req->scheme_host && strncasecmp(req->scheme_host, "http://", 7) == 0 && !api_host_is_loopback(req->host)) {
		/* IAM and STS requests carry passwords and signatures too: never in clear past this machine */
		res->transport = API_TRANSPORT_OTHER;
		res->transport_msg = strdup("plain http:// is refused for anything but a loopback address; use https://");
		return -1;
	}
	long long deadline = now_ms() + c->timeout_ms;
	int max = api_method_idempotent(req->method) ? c->max_attempts : 1;
	long budget = c->timeout_ms;
	for (int attempt = 1;; attempt++) {
		int rc = execute_once(c, req, res, budget);
		res->attempts = attempt;
		if (c->observe)
			c->observe(c->observe_ctx, req, res);
		const char *why = attempt < max ? api_retry_reason(req->method, res) : NULL;
		if (!why)
			return rc;
		struct timespec wall;
		clock_gettime(CLOCK_REALTIME, &wall);
		long wait = api_retry_after_ms(res->retry_after, (long long)wall.tv_sec * 1000 + wall.tv_nsec / 1000000);
		if (wait > API_RETRY_AFTER_CAP_MS)
			return rc; /* the service asks for a longer pause than anyone waits for: its answer stands */
		if (wait < 0)
			wait = api_backoff_ms(attempt, next_random(c));
		if (deadline - now_ms() - wait < API_RETRY_MIN_ATTEMPT_MS)
			return rc; /* no time left for another attempt within the total timeout */
		api_retry_info info = {.next_attempt = attempt + 1, .max_attempts = max, .wait_ms = wait, .reason = why};
		if (wait_before_retry(c, &info) != 0) {
			api_result_free(res);
			memset(res, 0, sizeof *res);
			res->transport = API_TRANSPORT_CANCELLED;
			res->transport_msg = strdup("the request was cancelled while waiting to send it again");
			res->reason = strdup("");
			res->attempts = attempt;
			return -1;
		}
		api_result_free(res);
		memset(res, 0, sizeof *res);
		long long left = deadline - now_ms();
		budget = left > 1 ? (long)left : 1;
		info.phase = API_RETRY_SEND;
		info.wait_ms = 0;
		notify_retry(c, &info);
	}
}
