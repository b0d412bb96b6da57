/* http.h — the request module: HTTP requests and results over libcurl (knows nothing of SWR, nor of
 * credentials). Every request is built as an api_request value, passes through one authentication step
 * (a hook, api_authenticator, that the auth layer provides), and comes back as an api_result value: HTTP status, X-Request-Id, decoded error, raw body, or a
 * transport failure of a distinct kind. Nothing here prints. TLS is always verified, redirects are never
 * followed, bodies are capped, and one connection is reused across requests. */
#ifndef SWRTUI_HTTP_H
#define SWRTUI_HTTP_H

#include <stdbool.h>
#include <stddef.h>

#include "swrtui/http/redact.h"

/* ---- requests ---- */

typedef struct {
	char *name;
	char *value;
} api_header;

typedef struct {
	char *name;
	char *value;
} api_query_param;

typedef struct api_request {
	const char *method;     /* "GET", "PUT", "POST", "DELETE" (static strings) */
	char *scheme_host;      /* "https://swr-api.cn-north-4.myhuaweicloud.com" (no trailing slash) */
	char *host;             /* host[:port] exactly as sent in the Host header */
	char *path;             /* "/v2/<project>/instances/<instance>/registries/7" (not encoded twice) */
	api_query_param *query; /* in the order they are sent */
	size_t nquery;
	api_header *headers;    /* added by the builder and by the authentication step */
	size_t nheaders;
	char *body;             /* NULL when none; may hold a secret (wiped on free) */
	size_t body_len;
	char *canonical_request; /* set by AK/SK signing, for the request inspector (security token
	                            redacted); NULL otherwise */
} api_request;

/* Starts a request: endpoint (http[s]://host[:port][/prefix], parsed by http_url_parse(), so that an
 * explicit default port is dropped from the Host) + path, the method (a static string) and a
 * Content-Type header unless content_type is NULL. 0, or -1 with err (req is then empty). */
int api_request_start(const char *endpoint, const char *method, const char *path, const char *content_type,
                      api_request *req, char *err, size_t errlen);
void api_request_free(api_request *req);
int api_request_add_header(api_request *req, const char *name, const char *value);
int api_request_add_query(api_request *req, const char *name, const char *value);
const char *api_request_header(const api_request *req, const char *name); /* case-insensitive */
/* The full URL that is sent: scheme_host + path + "?" + query (each name and value percent-encoded,
 * unreserved characters kept). Malloc'd. */
char *api_request_url(const api_request *req);

enum {
	API_FORMAT_REDACT = 1u << 0 /* sensitive headers and JSON members (redact.h) -> "<redacted>" */
};
/* Printable form of a request: "METHOD URL\nHeader: value\n...\n\nbody\n". Malloc'd. */
char *api_request_format(const api_request *req, unsigned flags);

/* ---- authentication: a step the client runs without knowing what it does ---- */

typedef struct api_authenticator {
	/* Adds the authentication headers to req (a token header, or a signature). 0, or -1 with err. */
	int (*apply)(void *ctx, api_request *req, char *err, size_t errlen);
	/* Puts up to max secrets that apply sends (token, key, security token) in out and returns how many:
	 * a service that echoes one back in an answer has it replaced by "<redacted>". May be NULL. */
	size_t (*secrets)(void *ctx, const char **out, size_t max);
	void *ctx;
} api_authenticator;

/* ---- results ---- */

typedef enum {
	API_TRANSPORT_OK = 0,   /* an HTTP response arrived (any status) */
	API_TRANSPORT_RESOLVE,  /* name resolution failed */
	API_TRANSPORT_CONNECT,  /* TCP connect failed (refused, unreachable) */
	API_TRANSPORT_TLS,      /* TLS handshake or certificate verification failed */
	API_TRANSPORT_TIMEOUT,  /* connect or total timeout */
	API_TRANSPORT_TOO_LARGE,/* response body over the cap */
	API_TRANSPORT_CANCELLED,/* cancelled by the caller */
	API_TRANSPORT_OTHER     /* anything else: connection reset, malformed response, ... */
} api_transport;

/* The shapes of Huawei Cloud error bodies (error.c), common to SWR, IAM and STS. */
typedef enum {
	API_ERROR_FORMAT_NONE = 0, /* no error fields found (or a 2xx) */
	API_ERROR_FORMAT_NEW,      /* error_code / error_msg */
	API_ERROR_FORMAT_OLD,      /* errors[0].errorCode / errorMessage */
	API_ERROR_FORMAT_CODE,     /* code / message, or IAM's error.code / error.message */
	API_ERROR_FORMAT_GATEWAY,  /* APIGW.* with request_id */
	API_ERROR_FORMAT_NOT_JSON  /* the body is not JSON (HTML, text, empty) */
} api_error_format;

typedef struct {
	char *code;
	char *msg;
} api_error_detail;

typedef struct {
	api_error_format format;
	char *code;                  /* "SVCSTG.SWR.4030170" */
	char *msg;
	char *encoded_authorization_message;
	char *gateway_request_id;    /* request_id member of a gateway error */
	api_error_detail *details;
	size_t ndetails;
} api_error;

/* Decode an error body (pure; never fails: unknown shapes give format NONE or NOT_JSON). */
void api_error_decode(const char *body, size_t len, api_error *out);
void api_error_free(api_error *e);

typedef struct api_timings {
	double resolve, connect, tls, first_byte, total; /* seconds from start */
} api_timings;

typedef struct api_result {
	api_transport transport;
	char *transport_msg;   /* libcurl's message, with the certificate problem for TLS */
	long status;           /* HTTP status, 0 when no response */
	char *reason;          /* reason phrase of the status line, or the standard one */
	char *request_id;      /* X-Request-Id response header */
	char *content_type;
	char *location;        /* Location header of a 3xx (never followed) */
	char *retry_after;     /* Retry-After header */
	char *body;            /* raw body, NUL-terminated (body_len excludes the NUL); NULL if none */
	size_t body_len;
	api_error error;       /* decoded when status is not 2xx */
	api_timings timings;
	char *effective_url;
	api_header *resp_headers; /* every response header, in order; X-Subject-Token's value is
	                             "<redacted>" here (it is a token) */
	size_t nresp_headers;
	char *subject_token;      /* X-Subject-Token (IAM login): a secret, wiped on free */
	bool dropped;             /* the connection was reset or closed before a complete answer */
	char *proxy;              /* the proxy the request went through, as api_proxy_describe() says it
	                             ("none (why)" when it went straight to the host); NULL when not sent */
	int attempts;             /* times the request was sent (1 + retries); 0 when it was not sent */
} api_result;

void api_result_free(api_result *r);
/* Takes one raw response header line (a status line "HTTP/1.1 404 Not Found" starts a new response and
 * forgets the headers of an earlier one) into r: the reason phrase, X-Request-Id, Content-Type, Location,
 * Retry-After, X-Subject-Token (kept apart as a secret) and the list of all headers. Pure. */
void api_result_add_header_line(api_result *r, const char *data, size_t len);
/* True when an HTTP response arrived with a 2xx status. */
bool api_result_ok(const api_result *r);
/* Short name of the transport kind: "name resolution", "connect", "TLS", "timeout", ... */
const char *api_transport_name(api_transport t);
/* Standard reason phrase for a status ("Not Found"), or "". */
const char *api_status_reason(long status);

/* ---- the client ---- */

typedef struct api_config {
	const char *endpoint;     /* "https://host[:port][/prefix]" (url.h) */
	const char *cacert;       /* extra CA file, or NULL */
	long connect_timeout_ms;  /* 0 -> 10 s */
	long timeout_ms;          /* total, 0 -> 30 s */
	size_t max_body;          /* 0 -> API_DEFAULT_MAX_BODY */
	api_authenticator authenticator; /* the authentication step (auth.h: api_auth_authenticator()); its
	                                    context is not owned and must outlive the client */
	const char *user_agent;   /* NULL -> "swrtui/<version>" */
	int max_attempts;         /* attempts in all for an idempotent request; 0 -> API_DEFAULT_MAX_ATTEMPTS,
	                             1 -> no retry */
} api_config;

#define API_DEFAULT_MAX_BODY ((size_t)8 * 1024 * 1024)

typedef struct api_client api_client;

/* Initialises libcurl once, with memory functions that wipe what libcurl frees (its buffers hold
 * tokens and bodies). Every libcurl user in swrtui calls this first. 0 / -1. */
int api_global_init(void);

/* Creates a client (copies config strings). NULL with err on failure (bad endpoint, no libcurl). */
api_client *api_client_new(const api_config *cfg, char *err, size_t errlen);
void api_client_free(api_client *c);

/* What a request builder needs of the client: the endpoint's scheme://host[:port] (an explicit default
 * port dropped), its Host header value and its path prefix ("" normally), the User-Agent, and the
 * authentication step. */
const char *api_client_endpoint(const api_client *c);
const char *api_client_host(const api_client *c);
const char *api_client_base_path(const api_client *c);
const char *api_client_user_agent(const api_client *c);
const api_authenticator *api_client_authenticator(const api_client *c);
/* A context that the layer building requests for this client keeps with it (for SWR: the project and
 * instance its paths name). The client owns it from then on: free_ctx(ctx) runs when the client is
 * freed or the context is replaced. free_ctx must not be NULL. */
void api_client_set_context(api_client *c, void *ctx, void (*free_ctx)(void *ctx));
/* The context set with this free_ctx, or NULL (none, or another layer's). */
void *api_client_context(const api_client *c, void (*free_ctx)(void *ctx));
/* Runs the authentication step on req. 0, or -1 with err (no step configured, or the step failed). */
int api_client_authenticate(const api_client *c, api_request *req, char *err, size_t errlen);

/* While a request runs, the client waits on the network and on watch_fd (e.g. the terminal); when
 * watch_fd becomes readable it calls on_ready(ctx), and a non-zero return cancels the request
 * (API_TRANSPORT_CANCELLED). watch_fd < 0 disables it. */
void api_client_set_watch(api_client *c, int watch_fd, int (*on_ready)(void *ctx), void *ctx);
/* The total time one request may take, retries included (api_config.timeout_ms), and a new value for
 * the requests sent from now on (at least 1 ms): a caller bounding several requests together (every
 * page of a listing) gives each only the time left. */
long api_client_timeout(const api_client *c);
void api_client_set_timeout(api_client *c, long timeout_ms);
/* Called with every request sent and its result (for a request log); may be NULL. It is called once
 * per attempt: a retried request is observed each time it is sent, res->attempts numbering it. */
void api_client_set_observer(api_client *c, void (*observe)(void *ctx, const api_request *req,
                                                          const api_result *res), void *ctx);

/* Sends req (after the authentication step) and fills *res. Returns 0 when an HTTP response arrived,
 * -1 on a transport failure (res->transport says which). res is always filled and must be freed.
 * An idempotent request may be sent more than once (see "retries" below): res is the last attempt's. */
int api_execute(api_client *c, api_request *req, api_result *res);

/* ---- retries ----
 * The rule: an idempotent request (GET, PUT, DELETE) is sent again, up to max_attempts times in all,
 * when it was answered 429 or 503 or with the gateway's throttling error APIGW.0308 (whatever the
 * status), or when the connection was reset or closed before a complete answer. A POST (create) is
 * never sent again. Before each new attempt the client waits what Retry-After asks (seconds or an
 * HTTP date); when that is over API_RETRY_AFTER_CAP_MS, or when the wait and another attempt would not
 * fit in the total timeout (which covers every attempt and wait), it gives up and the last answer
 * stands. Without Retry-After it waits API_RETRY_BASE_MS, then twice that, and so on, each with
 * jitter down to half. The wait ends early, as a transfer does, when the watched descriptor's
 * callback cancels (API_TRANSPORT_CANCELLED). */
#define API_DEFAULT_MAX_ATTEMPTS 3
#define API_MAX_ATTEMPTS_LIMIT 10
#define API_RETRY_AFTER_CAP_MS 30000L
#define API_RETRY_BASE_MS 500L
#define API_RETRY_MIN_ATTEMPT_MS 1000L /* an attempt is not started with less time left than this */

/* GET, HEAD, PUT, DELETE (and OPTIONS): sending them twice has the effect of sending them once. Pure. */
bool api_method_idempotent(const char *method);
/* Why res calls for another attempt of a method ("HTTP 429", "HTTP 503", "throttled (APIGW.0308)",
 * "connection lost"), or NULL when it does not (success, another error, a POST). Pure. */
const char *api_retry_reason(const char *method, const api_result *res);
/* A Retry-After value, delta-seconds or an HTTP date (IMF-fixdate, RFC 850 or asctime form, read
 * against now_ms, the time in milliseconds since the epoch), in milliseconds: 0 for a date in the
 * past, at most 86400000 (a day) for anything later; -1 when absent or not valid. Pure. */
long api_retry_after_ms(const char *value, long long now_ms);
/* The wait after the failed_attempts-th attempt (1, 2, ...) when no Retry-After was given:
 * API_RETRY_BASE_MS * 2^(failed_attempts-1), at most API_RETRY_AFTER_CAP_MS, minus jitter taken from
 * rnd (the result lies between half that and that). Pure. */
long api_backoff_ms(int failed_attempts, unsigned rnd);

typedef enum {
	API_RETRY_WAIT = 0, /* a wait of wait_ms begins */
	API_RETRY_TICK,     /* the wait goes on: wait_ms left (about once a second) */
	API_RETRY_SEND      /* the wait is over: attempt next_attempt is being sent */
} api_retry_phase;

typedef struct {
	api_retry_phase phase;
	int next_attempt;   /* 2 .. max_attempts */
	int max_attempts;
	long wait_ms;       /* time left before next_attempt */
	const char *reason; /* api_retry_reason() of the attempt that failed */
} api_retry_info;

/* Called as a retry is waited for and sent (e.g. for a status line); may be NULL. */
void api_client_set_retry_notify(api_client *c, void (*notify)(void *ctx, const api_retry_info *info),
                                 void *ctx);
/* "HTTP 429: retrying in 3 s (attempt 2 of 3)" ("in 0.4 s" under a second, "now" for no wait), or
 * "HTTP 429: attempt 2 of 3" once it is sent. Pure. */
void api_retry_describe(const api_retry_info *info, char *out, size_t outlen);

/* True for localhost, ::1 and 127.0.0.0/8 (brackets and a :port allowed): the only hosts plain
 * http:// may reach. */
bool api_host_is_loopback(const char *host);

/* ---- proxies (proxy.c) ----
 * The rule: a request to a loopback address (api_host_is_loopback) never goes through a proxy, nor does
 * one over plain http:// (which only a loopback address may receive), whatever http_proxy, HTTP_PROXY,
 * all_proxy or ALL_PROXY say: a token for a local emulator must not reach a proxy. An https request goes
 * through the proxy of the first of https_proxy, HTTPS_PROXY, all_proxy, ALL_PROXY that is set (set
 * empty: none), unless no_proxy (or, when that is unset, NO_PROXY) names its host, as libcurl reads
 * them: "*" for every host, or a list separated by commas or blanks of host names (each covering the
 * domains below it; a leading dot is ignored) and IP addresses (with /bits for a network). The client
 * decides and tells libcurl (CURLOPT_PROXY, CURLOPT_NOPROXY ""), so what it shows is what it does. */
typedef struct {
	char *url;              /* the proxy as libcurl is given it (it may carry user:password: wiped on
	                           free), NULL when the request goes straight to the host */
	char *shown;            /* url without user or password, NULL when none */
	const char *source;     /* the variable that decided ("HTTPS_PROXY", "no_proxy", ...), or NULL */
	const char *why_direct; /* when url is NULL: why (a static string; after source when there is one) */
} api_proxy;

/* The proxy of a request to scheme_host ("https://host[:port]") whose Host is hostport, reading the
 * environment through env (NULL: getenv). 0, or -1 when out of memory (*out is then empty). Pure. */
int api_proxy_choose(const char *scheme_host, const char *hostport, const char *(*env)(const char *name),
                     api_proxy *out);
void api_proxy_free(api_proxy *p);
/* "http://proxy.example.com:3128 (from HTTPS_PROXY)", or why there is none: "none (no_proxy names the
 * host)", "none (a loopback address is never reached through a proxy)". Malloc'd. */
char *api_proxy_describe(const api_proxy *p);
/* True when the no_proxy list names the host of hostport ("host", "host:port", "[v6]:port"). Pure. */
bool api_no_proxy_matches(const char *no_proxy, const char *hostport);
/* A proxy URL without its user and password ("http://u:p@proxy:3128" -> "http://proxy:3128"). Malloc'd. */
char *api_proxy_url_shown(const char *url);
/* The proxy the client's own endpoint is reached through, described as api_proxy_describe() does.
 * Malloc'd. */
char *api_client_proxy(const api_client *c);

#endif
