/* probe.h — the target probe: checks FROM THIS MACHINE whether a replication target registry answers as
 * the registry API v2 (name resolution, TCP connect, TLS, GET /v2/, the Basic or Bearer credential flow)
 * and returns the outcome as a self-describing checklist. Core: nothing printed, no curses. */
#ifndef SWRTUI_PROBE_H
#define SWRTUI_PROBE_H

#include <stdbool.h>
#include <stddef.h>

#include "swrtui/model/registry.h"

/* The steps, always in this order. */
typedef enum {
	PROBE_STEP_RESOLVE = 0, /* name resolution of the URL's host (dns_conf.hosts honoured) */
	PROBE_STEP_CONNECT,     /* TCP connect */
	PROBE_STEP_TLS,         /* TLS handshake and certificate (https only) */
	PROBE_STEP_API,         /* GET <url>/v2/ without a credential: status and challenge */
	PROBE_STEP_CREDENTIAL,  /* the access key and secret through the Basic or Bearer flow */
	PROBE_STEP_COUNT
} probe_step_id;

typedef enum {
	PROBE_PENDING = 0, /* not run (yet) */
	PROBE_OK,
	PROBE_FAILED,
	PROBE_WARNING, /* passed, with something worth knowing */
	PROBE_SKIPPED  /* not applicable, or not attempted after an earlier failure */
} probe_state;

typedef enum {
	PROBE_OUTCOME_PASSED = 0,  /* no step failed (warnings allowed) and nothing left it UNCONFIRMED */
	PROBE_OUTCOME_REFUSED,     /* the target answered, but refused the credential or answered unexpectedly */
	PROBE_OUTCOME_UNREACHABLE, /* name resolution, connect, TLS or a timeout */
	PROBE_OUTCOME_CANCELLED,   /* the caller's cancel hook stopped it */
	/* No step failed, but the probe cannot say that the service will succeed: the credential was not
	 * checked (no secret, or the masked placeholder), or the certificate verifies only with the extra CA
	 * file (the service does not know that CA). Never "passed". */
	PROBE_OUTCOME_UNCONFIRMED
} probe_outcome;

typedef struct {
	probe_step_id id;
	const char *name; /* static: "Name resolution", "TCP connect", "TLS", "GET /v2/", "Credential" */
	probe_state state;
	char *summary;  /* one printable line (NULL only while PENDING) */
	char **details; /* printable lines, in order */
	size_t ndetails;
	double seconds; /* time the step took; 0 when it did not run */
} probe_step;

typedef struct {
	probe_step steps[PROBE_STEP_COUNT]; /* steps[i].id == i */
	size_t nsteps;                      /* PROBE_STEP_COUNT */
	int failed_step;                    /* index of the failing step, or -1 */
	char *cause;                        /* one sentence: why it failed; NULL when nothing failed */
	probe_outcome outcome;
	bool timed_out; /* the failure was a timeout */
	char *target;   /* the URL probed (printable) */
	/* Why the outcome is UNCONFIRMED (both may hold): */
	const char *unchecked; /* static: why the credential was not checked ("no secret given", ...), or NULL */
	bool cacert_only;      /* the chain verifies only with probe_options.cacert, not the system CAs */
} probe_result;

typedef struct {
	const char *cacert;      /* also trust the CA certificates in this file; NULL: system CAs only */
	long connect_timeout_ms; /* name resolution, each TCP connect, the TLS handshake; 0: 5000 */
	long request_timeout_ms; /* each HTTP request; 0: 10000 */
	long total_timeout_ms;   /* the whole probe; 0: 30000 */
	size_t max_body;         /* response bodies are capped at this; 0: 64 KiB */
	/* Optional: polled while waiting; non-zero stops the probe (outcome CANCELLED). */
	int (*cancelled)(void *ctx);
	/* Optional: called after each step settles (so that a screen can draw the checklist as it grows); the
	 * result is scrubbed of the secret and any token before each call. */
	void (*progress)(void *ctx, const probe_result *res, probe_step_id step);
	void *ctx;
} probe_options;

#define PROBE_DEFAULT_CONNECT_TIMEOUT_MS 5000L
#define PROBE_DEFAULT_REQUEST_TIMEOUT_MS 10000L
#define PROBE_DEFAULT_TOTAL_TIMEOUT_MS 30000L
#define PROBE_DEFAULT_MAX_BODY ((size_t)64 * 1024)

/* Probes r->url with r->access_key / r->access_secret (both given: the credential step runs; otherwise
 * it is skipped with a note and the outcome is UNCONFIRMED, as it is when the chain verifies only with
 * opt->cacert while r->insecure is off), r->insecure ("Skip certificate verification": a certificate that does not
 * verify is then a warning and the probe goes on without verifying; otherwise it stops there and the
 * credential is never sent) and r->hosts (dns_conf.hosts: a mapped host is probed at the mapped IP, as
 * the SWR service would). A Bearer challenge's token service (realm) gets the credential only over https
 * with a certificate that verifies when the registry is https ("insecure" covers the registry's own
 * scheme, host and port, no other server), else the credential step fails (REFUSED) and nothing is sent
 * there. Connections go straight from this machine (no proxy); redirects are reported,
 * never followed; bodies are capped. Blocks until done (use the hooks to redraw and to cancel); not
 * thread-safe across concurrent calls. opt may be NULL. Returns 0 with the checklist in *out (free it with
 * probe_result_free), or -1 with a message in err when the input cannot be probed (no URL, not http or
 * https, out of memory); *out is then empty. The secret and any bearer token are never put into the
 * result and are wiped after use. */
int probe_run(const registry *r, const probe_options *opt, probe_result *out, char *err, size_t errlen);
void probe_result_free(probe_result *res);

/* "[ ok ]", "[FAIL]", "[warn]", "[skip]", "[ .. ]" (pending) — the same width each. */
const char *probe_state_mark(probe_state s);
/* "ok", "failed", "warning", "skipped", "pending". */
const char *probe_state_name(probe_state s);

/* ---- pure parts, exposed for tests and the UI ---- */

typedef enum { PROBE_AUTH_NONE = 0, PROBE_AUTH_BASIC, PROBE_AUTH_BEARER, PROBE_AUTH_OTHER } probe_auth_kind;

/* The first challenge of a WWW-Authenticate value. Parameter values may be quoted strings (with commas
 * and backslash escapes inside) or tokens; scheme and parameter names are case-insensitive. */
typedef struct {
	probe_auth_kind kind;
	char *scheme; /* as written */
	char *realm;  /* NULL when absent */
	char *service;
	char *scope;
	char *error; /* the "error" parameter of a Bearer challenge, when present */
} probe_challenge;

/* 0, or -1 (out->kind NONE) when value holds no challenge. out is always safe to free. */
int probe_parse_challenge(const char *value, probe_challenge *out);
void probe_challenge_free(probe_challenge *c);

/* A target URL split for probing. */
typedef struct {
	bool https;
	char *host; /* without brackets for IPv6; lower-case as given */
	bool host_is_ip;
	int port;   /* explicit or 443 / 80 */
	char *base; /* scheme://host[:port][/path] with no trailing slash; "/v2/" is appended to it */
} probe_url;

/* 0, or -1 with err: only http:// and https:// URLs with a host and without user, query or fragment. */
int probe_url_parse(const char *url, probe_url *out, char *err, size_t errlen);
void probe_url_free(probe_url *u);

/* The IP that dns_conf.hosts gives for host (domain compared case-insensitively), or NULL. */
const char *probe_hosts_lookup(const registry *r, const char *host);

/* The dns_conf.hosts entry whose domain is closest to host (edit distance, case-insensitive; a
 * trailing dot ignored), or NULL when there is none. */
const registry_host *probe_hosts_closest(const registry *r, const char *host);

#endif
