/* probe_net.c — the probe's transport: name resolution in a helper thread (so that a resolver that
 * hangs cannot hang the probe), a bounded TCP connect, and one HTTP exchange over libcurl pinned to the
 * probed address, with no redirects, no proxy, capped bodies and the credential wiped after use. */
#define _DEFAULT_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "swrtui/http/http.h"
#include "swrtui/base/buf.h"
#include "swrtui/base/secret.h"
#include "swrtui/base/text.h"
#include "probe_internal.h"

#define SLICE_MS 50

/* ---- name resolution ---- */

typedef struct {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int refs;
	bool done;
	int rc;
	char *host;
	char port[8];
	struct addrinfo *ai;
} lookup_job;

static void lookup_job_release(lookup_job *j)
{
	pthread_mutex_lock(&j->mu);
	int left = --j->refs;
	pthread_mutex_unlock(&j->mu);
	if (left > 0)
		return;
	if (j->ai)
		freeaddrinfo(j->ai);
	free(j->host);
	pthread_cond_destroy(&j->cv);
	pthread_mutex_destroy(&j->mu);
	free(j);
}

static void *lookup_thread(void *arg)
{
	lookup_job *j = arg;
	struct addrinfo hints;
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_ADDRCONFIG;
	struct addrinfo *ai = NULL;
	int rc = getaddrinfo(j->host, j->port, &hints, &ai);
	pthread_mutex_lock(&j->mu);
	j->rc = rc;
	j->ai = rc == 0 ? ai : NULL;
	j->done = true;
	pthread_cond_signal(&j->cv);
	pthread_mutex_unlock(&j->mu);
	lookup_job_release(j);
	return NULL;
}

probe_lookup_rc probe_lookup(probe_ctx *c, const char *host, int port, long timeout_ms, char out[][INET6_ADDRSTRLEN],
                             size_t *nout, char *why, size_t whylen)
{
	*nout = 0;
	lookup_job *j = calloc(1, sizeof *j);
	if (!j || !(j->host = strdup(host))) {
		free(j);
		snprintf(why, whylen, "out of memory");
		return PROBE_LOOKUP_FAILED;
	}
	snprintf(j->port, sizeof j->port, "%d", port);
	pthread_mutex_init(&j->mu, NULL);
	pthread_cond_init(&j->cv, NULL);
	j->refs = 2;
	pthread_attr_t attr;
	pthread_t tid;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	if (pthread_create(&tid, &attr, lookup_thread, j) != 0)
		lookup_thread(j); /* no thread to be had: resolve here, unbounded */
	pthread_attr_destroy(&attr);
	double until = probe_now() + (double)timeout_ms / 1000.0;
	probe_lookup_rc rc = PROBE_LOOKUP_TIMEOUT;
	pthread_mutex_lock(&j->mu);
	while (!j->done) {
		if (probe_is_cancelled(c)) {
			rc = PROBE_LOOKUP_CANCELLED;
			break;
		}
		double t = probe_now();
		if (t >= until)
			break;
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		long slice_ns = (long)SLICE_MS * 1000000L;
		ts.tv_nsec += slice_ns;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&j->cv, &j->mu, &ts);
	}
	if (j->done) {
		if (j->rc != 0) {
			rc = PROBE_LOOKUP_FAILED;
			snprintf(why, whylen, "%s", gai_strerror(j->rc));
		} else {
			rc = PROBE_LOOKUP_OK;
			for (struct addrinfo *a = j->ai; a && *nout < PROBE_MAX_ADDRS; a = a->ai_next) {
				char ip[INET6_ADDRSTRLEN];
				if (getnameinfo(a->ai_addr, a->ai_addrlen, ip, sizeof ip, NULL, 0, NI_NUMERICHOST) != 0)
					continue;
				bool dup = false;
				for (size_t k = 0; k < *nout && !dup; k++)
					dup = strcmp(out[k], ip) == 0;
				if (!dup)
					snprintf(out[(*nout)++], INET6_ADDRSTRLEN, "%s", ip);
			}
			if (*nout == 0) {
				rc = PROBE_LOOKUP_FAILED;
				snprintf(why, whylen, "no usable address");
			}
		}
	}
	pthread_mutex_unlock(&j->mu);
	lookup_job_release(j);
	return rc;
}

bool probe_is_ip(const char *s)
{
	unsigned char a[16];
	return s && (inet_pton(AF_INET, s, a) == 1 || inet_pton(AF_INET6, s, a) == 1);
}

int probe_tcp_connect(probe_ctx *c, const char *ip, int port, long timeout_ms, char *why, size_t whylen)
{
	struct addrinfo hints, *ai = NULL;
	memset(&hints, 0, sizeof hints);
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
	hints.ai_socktype = SOCK_STREAM;
	char portstr[8];
	snprintf(portstr, sizeof portstr, "%d", port);
	int g = getaddrinfo(ip, portstr, &hints, &ai);
	if (g != 0) {
		snprintf(why, whylen, "%s", gai_strerror(g));
		return -1;
	}
	int fd = socket(ai->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		snprintf(why, whylen, "%s", strerror(errno));
		freeaddrinfo(ai);
		return -1;
	}
	int rc = -1;
	if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) {
		rc = 0;
	} else if (errno != EINPROGRESS) {
		snprintf(why, whylen, "%s", strerror(errno));
	} else {
		double until = probe_now() + (double)timeout_ms / 1000.0;
		rc = -2;
		for (;;) {
			if (probe_is_cancelled(c)) {
				rc = -3;
				break;
			}
			double left = (until - probe_now()) * 1000.0;
			if (left <= 0)
				break;
			struct pollfd p = {.fd = fd, .events = POLLOUT, .revents = 0};
			int n = poll(&p, 1, left < SLICE_MS ? (int)left + 1 : SLICE_MS);
			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0) {
				snprintf(why, whylen, "%s", strerror(errno));
				rc = -1;
				break;
			}
			if (n == 0)
				continue;
			int soerr = 0;
			socklen_t len = sizeof soerr;
			if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &len) != 0)
				soerr = errno;
			if (soerr == 0) {
				rc = 0;
			} else {
				snprintf(why, whylen, "%s", strerror(soerr));
				rc = -1;
			}
			break;
		}
	}
	close(fd);
	freeaddrinfo(ai);
	return rc;
}

/* ---- HTTP over libcurl ---- */

static void http_forget_headers(probe_http *h)
{
	for (size_t i = 0; i < h->nwww; i++)
		free(h->www[i]);
	h->nwww = 0;
	free(h->api_version);
	free(h->location);
	free(h->content_type);
	free(h->reason);
	h->api_version = h->location = h->content_type = h->reason = NULL;
}

void probe_http_done(probe_http *h)
{
	http_forget_headers(h);
	buf_free(&h->body); /* wipes: it may have held a token */
	for (size_t i = 0; i < h->npems; i++)
		free(h->pems[i]);
	h->npems = 0;
}

static char *trimmed(const char *s, size_t n)
{
	while (n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == '\r' || s[n - 1] == '\n' || s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return strndup(s, n);
}

static bool hdr_is(const char *data, size_t nlen, const char *name)
{
	return strlen(name) == nlen && strncasecmp(data, name, nlen) == 0;
}

static size_t on_header(char *data, size_t size, size_t n, void *userp)
{
	probe_http *h = userp;
	size_t len = size * n;
	if (len >= 5 && strncmp(data, "HTTP/", 5) == 0) {
		http_forget_headers(h);
		const char *sp = memchr(data, ' ', len);
		const char *sp2 = sp ? memchr(sp + 1, ' ', len - (size_t)(sp + 1 - data)) : NULL;
		if (sp2)
			h->reason = trimmed(sp2 + 1, len - (size_t)(sp2 + 1 - data));
		return len;
	}
	const char *colon = memchr(data, ':', len);
	if (!colon)
		return len;
	size_t nlen = (size_t)(colon - data);
	const char *v = colon + 1;
	size_t vlen = len - nlen - 1;
	if (hdr_is(data, nlen, "WWW-Authenticate")) {
		if (h->nwww < PROBE_MAX_CHALLENGES)
			h->www[h->nwww++] = trimmed(v, vlen);
	} else if (hdr_is(data, nlen, "Docker-Distribution-Api-Version")) {
		free(h->api_version);
		h->api_version = trimmed(v, vlen);
	} else if (hdr_is(data, nlen, "Location")) {
		free(h->location);
		h->location = trimmed(v, vlen);
	} else if (hdr_is(data, nlen, "Content-Type")) {
		free(h->content_type);
		h->content_type = trimmed(v, vlen);
	}
	return len;
}

static size_t on_body(char *data, size_t size, size_t n, void *userp)
{
	probe_http *h = userp;
	size_t len = size * n;
	if (h->body.len + len > h->max_body) {
		h->too_large = true;
		return 0;
	}
	buf_append(&h->body, data, len);
	return h->body.failed ? 0 : len;
}

static int on_progress(void *userp, curl_off_t dt, curl_off_t dn, curl_off_t ut, curl_off_t un)
{
	(void)dt;
	(void)dn;
	(void)ut;
	(void)un;
	probe_http *h = userp;
	return probe_is_cancelled(h->c) ? 1 : 0;
}

/* "host:port:address" for CURLOPT_RESOLVE: the registry's host goes to the address that connected in
 * step 2; another host (a token service) to its dns_conf.hosts entry, if any. NULL: resolve normally. */
static char *pin_for(probe_ctx *c, const char *url)
{
	CURLU *u = curl_url();
	char *host = NULL, *port = NULL, *pin = NULL;
	if (!u || curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK)
		goto out;
	curl_url_get(u, CURLUPART_HOST, &host, 0);
	curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT);
	if (!host || !port || host[0] == '[' || probe_is_ip(host))
		goto out;
	const char *ip = NULL;
	if (strcasecmp(host, c->u.host) == 0 && c->addr[0])
		ip = c->addr;
	else
		ip = probe_hosts_lookup(c->r, host);
	if (!ip || !probe_is_ip(ip))
		goto out;
	bool v6 = strchr(ip, ':') != NULL;
	buf b;
	buf_init(&b);
	buf_printf(&b, "%s:%s:%s%s%s", host, port, v6 ? "[" : "", ip, v6 ? "]" : "");
	pin = buf_take(&b);
out:
	curl_free(host);
	curl_free(port);
	if (u)
		curl_url_cleanup(u);
	return pin;
}

/* The options of one exchange: no redirects, no proxy, http and https only, the probe's CA file and
 * timeouts, the cancel hook, and (unless connect_only) a capped GET whose headers and body h collects. */
static void http_set_options(CURL *e, probe_ctx *c, probe_http *h, struct curl_slist *hdrs,
                             struct curl_slist *resolve, const char *ua)
{
	curl_easy_setopt(e, CURLOPT_URL, h->url);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
#else
	curl_easy_setopt(e, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	curl_easy_setopt(e, CURLOPT_PROXY, ""); /* from this machine, directly: as the service would */
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, h->verify ? 1L : 0L);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, h->verify ? 2L : 0L);
	if (c->o.cacert)
		curl_easy_setopt(e, CURLOPT_CAINFO, c->o.cacert);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, h->connect_timeout_ms);
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, h->timeout_ms);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, h->errbuf);
	curl_easy_setopt(e, CURLOPT_USERAGENT, ua);
	curl_easy_setopt(e, CURLOPT_FORBID_REUSE, 1L);
	curl_easy_setopt(e, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(e, CURLOPT_XFERINFOFUNCTION, on_progress);
	curl_easy_setopt(e, CURLOPT_XFERINFODATA, h);
	if (resolve)
		curl_easy_setopt(e, CURLOPT_RESOLVE, resolve);
	if (hdrs)
		curl_easy_setopt(e, CURLOPT_HTTPHEADER, hdrs);
	if (h->certinfo)
		curl_easy_setopt(e, CURLOPT_CERTINFO, 1L);
	if (h->connect_only) {
		curl_easy_setopt(e, CURLOPT_CONNECT_ONLY, 1L);
	} else {
		curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
		curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
		curl_easy_setopt(e, CURLOPT_WRITEDATA, h);
		curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
		curl_easy_setopt(e, CURLOPT_HEADERDATA, h);
		curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)h->max_body);
	}
}

/* After the exchange: status, TLS verification result, time, whether it connected, and the PEM
 * certificates the server sent (with certinfo). */
static void http_read_info(CURL *e, probe_http *h)
{
	curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &h->status);
	curl_easy_getinfo(e, CURLINFO_SSL_VERIFYRESULT, &h->verify_result);
	curl_easy_getinfo(e, CURLINFO_TOTAL_TIME, &h->seconds);
	curl_off_t connected_us = 0;
	h->connected = curl_easy_getinfo(e, CURLINFO_CONNECT_TIME_T, &connected_us) == CURLE_OK && connected_us > 0;
	struct curl_certinfo *ci = NULL;
	if (!h->certinfo || curl_easy_getinfo(e, CURLINFO_CERTINFO, &ci) != CURLE_OK || !ci)
		return;
	for (int i = 0; i < ci->num_of_certs && h->npems < PROBE_MAX_PEMS; i++) {
		for (struct curl_slist *l = ci->certinfo[i]; l; l = l->next) {
			if (strncmp(l->data, "Cert:", 5) == 0) {
				char *pem = strdup(l->data + 5);
				if (pem)
					h->pems[h->npems++] = pem;
				break;
			}
		}
	}
}

void probe_http_run(probe_ctx *c, probe_http *h, long connect_timeout_ms, long timeout_ms)
{
	h->c = c;
	h->max_body = c->o.max_body;
	h->timeout_ms = timeout_ms;
	h->connect_timeout_ms = connect_timeout_ms;
	buf_init(&h->body);
	h->errbuf[0] = '\0';
	CURL *e = curl_easy_init();
	if (!e) {
		h->rc = CURLE_OUT_OF_MEMORY;
		snprintf(h->errbuf, sizeof h->errbuf, "out of memory");
		return;
	}
	struct curl_slist *hdrs = NULL, *resolve = NULL;
	if (h->auth_line)
		hdrs = curl_slist_append(hdrs, h->auth_line);
	char *pin = pin_for(c, h->url);
	if (pin)
		resolve = curl_slist_append(NULL, pin);
	free(pin);
	char ua[64];
	snprintf(ua, sizeof ua, "swrtui/%s (probe)", SWRTUI_VERSION);
	http_set_options(e, c, h, hdrs, resolve, ua);
	h->rc = curl_easy_perform(e);
	if (h->rc == CURLE_ABORTED_BY_CALLBACK)
		c->cancelled = true;
	http_read_info(e, h);
	curl_easy_cleanup(e);
	for (struct curl_slist *l = hdrs; l; l = l->next) /* they held the credential */
		secret_wipe(l->data, strlen(l->data));
	curl_slist_free_all(hdrs);
	curl_slist_free_all(resolve);
}

bool probe_is_verify_failure(CURLcode rc)
{
	return rc == CURLE_PEER_FAILED_VERIFICATION
#if LIBCURL_VERSION_NUM < 0x073e00
	       || rc == CURLE_SSL_CACERT
#endif
	        ;
}

bool probe_http_answered(const probe_http *h)
{
	if (h->rc == CURLE_OK)
		return true;
	return h->status > 0 && (h->too_large || h->rc == CURLE_FILESIZE_EXCEEDED);
}

const char *probe_http_reason(const probe_http *h)
{
	return h->reason && *h->reason ? h->reason : api_status_reason(h->status);
}

bool probe_fail_transport(probe_ctx *c, probe_step_id id, const probe_http *h, const char *what)
{
	if (c->cancelled)
		return probe_fail_cancelled(c, id);
	if (h->rc == CURLE_OPERATION_TIMEDOUT && !h->connected)
		return probe_fail(c, id, PROBE_OUTCOME_UNREACHABLE, true, "timeout: no connection for %s within %.1f s",
		                  what, (double)h->connect_timeout_ms / 1000.0);
	if (h->rc == CURLE_OPERATION_TIMEDOUT)
		return probe_fail(
		        c, id, PROBE_OUTCOME_UNREACHABLE, true,
		        "timeout: no answer to %s within %.1f s (the server accepted the connection but did not answer)",
		        what, (double)h->timeout_ms / 1000.0);
	const char *msg = h->errbuf[0] ? h->errbuf : curl_easy_strerror(h->rc);
	return probe_fail(c, id, PROBE_OUTCOME_UNREACHABLE, false, "%s failed: %s", what, msg);
}

void probe_detail_body(probe_step *s, const probe_http *h)
{
	if (h->body.len == 0)
		return;
	size_t n = h->body.len;
	while (n > 0 && (h->body.data[n - 1] == '\n' || h->body.data[n - 1] == '\r'))
		n--; /* a trailing newline is no part of the message */
	char *p = text_printable(h->body.data, n, 200, 0);
	probe_step_detail(s, "body (%zu bytes%s%s): %s", h->body.len, h->content_type ? ", " : "",
	                  h->content_type ? h->content_type : "", p ? p : "");
	free(p);
}
