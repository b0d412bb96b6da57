/* reqlog.h — the request inspector's memory: the last requests with their timings, headers and bodies,
 * kept redacted (the headers and JSON members that redact.h names never enter it; an AK/SK
 * Authorization keeps its access key and signed headers, not its signature), formatted for
 * --verbose and the TUI's log view, and the side-by-side comparison of the gateway's canonical request
 * with swrtui's own when a signature does not match. */
#ifndef SWRTUI_REQLOG_H
#define SWRTUI_REQLOG_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "swrtui/http/http.h"

typedef struct {
	time_t when;
	char *method;
	char *url;
	api_transport transport;
	char *transport_msg;
	long status;
	char *reason;
	char *request_id;
	char *error_code;    /* the service's error code ("SVCSTG.SWR.4030170", "APIGW.0301"), or NULL */
	api_timings timings;
	char *request_head;  /* "Header: value" lines, redacted */
	char *request_body;  /* redacted; NULL when none */
	char *response_head; /* redacted */
	char *response_body; /* printable, at most REQLOG_BODY_MAX bytes shown; NULL when none */
	size_t response_len; /* the real length */
	char *canonical;     /* swrtui's canonical request (AK/SK), or NULL */
	char *gateway_canonical; /* the gateway's, from an APIGW.0301 signature mismatch, or NULL */
	int attempt;         /* 1, or 2.. for a retry of the same request (each attempt is an entry) */
	char *proxy;         /* the proxy it went through, or "none (why)" (api_result.proxy), or NULL */
} reqlog_entry;

#define REQLOG_BODY_MAX (64 * 1024)

typedef struct {
	reqlog_entry *items; /* ring buffer */
	size_t cap, count, next;
} reqlog;

void reqlog_init(reqlog *l, size_t cap);
void reqlog_free(reqlog *l);
/* The api_client observer: records one request and its result. ctx is the reqlog. The client calls it
 * once per attempt, so a retried request leaves one entry per attempt. */
void reqlog_observe(void *ctx, const api_request *req, const api_result *res);
/* The i-th newest entry (0 = the last request), or NULL. */
const reqlog_entry *reqlog_get(const reqlog *l, size_t i);
/* A one-line summary: "PUT https://… → 403 Forbidden (0.12 s) req-id". Malloc'd. */
char *reqlog_summary(const reqlog_entry *e);
/* One row of the request log, at most width columns: the method, the end of the path
 * ("/registries/7?…", the part after /instances/<id>, else the last two segments), the status (or the
 * transport failure), the error code, the duration, the request id, then the time when there is room.
 * What tells rows apart is never cut: when the row is too wide, the time goes first, then the request
 * id is shortened (with …) and dropped, then the path end loses its beginning (…/registries/7).
 * Malloc'd. */
char *reqlog_row(const reqlog_entry *e, int width);
/* Column widths shared by the rows of one screen so that they line up: the path column (the widest path
 * end, narrowed (down to 25 columns) so that whole request ids fit in width when they can) and the outcome column
 * (status and error code). */
typedef struct {
	size_t path, outcome;
} reqlog_cols;
void reqlog_cols_of(const reqlog *l, int width, reqlog_cols *out);
/* reqlog_row with the path and the outcome padded to cols (NULL: as reqlog_row). Malloc'd. */
char *reqlog_row_aligned(const reqlog_entry *e, int width, const reqlog_cols *cols);
/* The end of url's path as reqlog_row shows it. Malloc'd. */
char *reqlog_path_end(const char *url);
/* The whole entry as text (method, URL, status, proxy, request id, timings, headers and bodies). Malloc'd. */
char *reqlog_format(const reqlog_entry *e);

/* The gateway's canonical request from an APIGW.0301 error_msg ("… canonicalRequest: A|B|…"),
 * with "|" turned back into newlines; NULL when the message carries none. Malloc'd. */
char *reqlog_gateway_canonical(const char *error_msg);
/* Two canonical requests side by side, one line per line, differing lines marked with "!". */
char *reqlog_canonical_diff(const char *mine, const char *gateway);

#endif
