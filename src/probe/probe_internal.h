/* probe_internal.h — what the probe's files share: probe.c runs the steps, probe_cred.c the credential
 * step, probe_net.c the transport (resolver, TCP, libcurl), probe_ctx.c the state of a run (clock, time
 * budget, cancelling, failing a step), probe_tls.c reads certificates and probe_util.c holds the pure parts
 * and the checklist helpers. Calls go down that list, never up. Not a public header. */
#ifndef SWRTUI_PROBE_INTERNAL_H
#define SWRTUI_PROBE_INTERNAL_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>

#include <curl/curl.h>

#include "swrtui/base/buf.h"
#include "swrtui/probe/probe.h"

/* Set a step's state and its summary (made printable). */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
void probe_step_set(probe_step *s, probe_state st, const char *fmt, ...);

/* Append one detail line (made printable, at most a few hundred characters). */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
void probe_step_detail(probe_step *s, const char *fmt, ...);

/* Replace every occurrence of each sensitive string (of 4 bytes or more) in the result's text by
 * "<redacted>". */
void probe_result_scrub(probe_result *res, const char *const *sensitive, size_t n);

/* Initialise an empty result: every step PENDING with its name, failed_step -1. */
void probe_result_init(probe_result *res);

/* What the certificate of a TLS server shows. */
typedef struct {
	bool parsed; /* the leaf certificate could be read */
	bool expired, not_yet_valid;
	long days_left; /* until not-after (negative once expired) */
	bool has_san;
	bool name_matches;   /* the host matches a subject alternative name */
	bool chain_verifies; /* against the system CAs (+ the extra CA file), checked with libcrypto */
	long verify_error;   /* X509_V_* when it does not */
	bool system_verifies; /* against the system CAs alone (what the SWR service knows) */
	long system_error;    /* X509_V_* when it does not */
	bool self_signed;
	char subject[256];
	char issuer[256];
	char not_after[40];
	char not_before[40];
	char names[512]; /* "DNS:a, IP:1.2.3.4" (subject alternative names), or "" */
} probe_cert_facts;

/* Reads the PEM certificates the server sent (leaf first), adds detail lines about them to step and
 * fills *f. */
void probe_tls_describe(const char *const *pems, size_t npems, const char *host, bool host_is_ip, const char *cacert,
                        probe_step *step, probe_cert_facts *f);

/* Base64 of n bytes (malloc'd; the caller wipes it when it held a secret), or NULL. */
char *probe_base64(const unsigned char *data, size_t n);

/* ---- the state of one probe run (probe.c, probe_net.c, probe_cred.c) ---- */

#define PROBE_MAX_ADDRS 8
#define PROBE_MAX_PEMS 8
#define PROBE_MAX_CHALLENGES 4

typedef struct probe_ctx {
	const registry *r;
	probe_options o;
	probe_result *res;
	probe_url u;
	const char *mapped_ip;                         /* dns_conf.hosts entry for the URL's host */
	char addrs[PROBE_MAX_ADDRS][INET6_ADDRSTRLEN]; /* candidates from step 1 */
	size_t naddrs;
	char addr[INET6_ADDRSTRLEN]; /* the one that connected in step 2 */
	bool verify;                 /* verify TLS in the HTTP steps */
	bool tls_unverified;         /* step 3 failed because the certificate does not verify */
	bool cancelled;
	double deadline;
	char *v2_url;
	long api_status;
	probe_challenge ch;
	char *basic; /* secret: base64 of "key:secret" */
	char *token; /* secret: the bearer token */
} probe_ctx;

/* probe_ctx.c: the clock, the time budget, cancelling and failing a step */
double probe_now(void); /* monotonic seconds */
bool probe_is_cancelled(probe_ctx *c);
/* The time a step may take: want, capped by what is left of the whole probe; 0 when nothing is left. */
long probe_budget_ms(probe_ctx *c, long want);
/* Marks step id failed with the summary fmt, which becomes the cause. Returns false. */
#if defined(__GNUC__)
__attribute__((format(printf, 5, 6)))
#endif
bool probe_fail(probe_ctx *c, probe_step_id id, probe_outcome outcome, bool timed_out, const char *fmt, ...);
bool probe_fail_cancelled(probe_ctx *c, probe_step_id id);
bool probe_fail_out_of_time(probe_ctx *c, probe_step_id id);

/* probe_net.c */
/* One HTTP exchange (or, with connect_only, one TCP + TLS connection) over libcurl: no redirects,
 * no proxy, capped body, pinned to the probed address (CURLOPT_RESOLVE). */
typedef struct probe_http {
	/* in */
	const char *url;
	const char *auth_line; /* "Authorization: ..." (secret) or NULL */
	bool connect_only, verify, certinfo;
	/* out */
	CURLcode rc;
	char errbuf[CURL_ERROR_SIZE];
	long status;
	long verify_result;
	char *reason;
	buf body;
	bool too_large;
	char *www[PROBE_MAX_CHALLENGES];
	size_t nwww;
	char *api_version, *location, *content_type;
	double seconds;
	bool connected; /* the TCP connection was made */
	long connect_timeout_ms, timeout_ms;
	char *pems[PROBE_MAX_PEMS];
	size_t npems;
	size_t max_body;
	struct probe_ctx *c;
} probe_http;

typedef enum { PROBE_LOOKUP_OK, PROBE_LOOKUP_FAILED, PROBE_LOOKUP_TIMEOUT, PROBE_LOOKUP_CANCELLED } probe_lookup_rc;

/* Resolves host with getaddrinfo in a helper thread, waiting at most timeout_ms: numeric addresses in
 * out (duplicates dropped), or why. */
probe_lookup_rc probe_lookup(probe_ctx *c, const char *host, int port, long timeout_ms, char out[][INET6_ADDRSTRLEN],
                             size_t *nout, char *why, size_t whylen);
bool probe_is_ip(const char *s);
/* 0 connected, -1 failed (why), -2 timed out, -3 cancelled. */
int probe_tcp_connect(probe_ctx *c, const char *ip, int port, long timeout_ms, char *why, size_t whylen);
void probe_http_run(probe_ctx *c, probe_http *h, long connect_timeout_ms, long timeout_ms);
void probe_http_done(probe_http *h);           /* frees; wipes the body */
bool probe_http_answered(const probe_http *h); /* an HTTP answer came (a body over the cap still counts) */
const char *probe_http_reason(const probe_http *h);
/* The handshake stopped because the certificate does not verify (nothing was sent). */
bool probe_is_verify_failure(CURLcode rc);
/* A transport failure of an HTTP step (timeout, TLS, connection). Returns false. */
bool probe_fail_transport(probe_ctx *c, probe_step_id id, const probe_http *h, const char *what);
void probe_detail_body(probe_step *s, const probe_http *h); /* a printable excerpt as a detail */

/* probe_cred.c: step 5 */
bool probe_step_credential(probe_ctx *c);

#endif
