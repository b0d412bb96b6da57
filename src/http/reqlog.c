/* reqlog.c — the request inspector's memory and its text; see reqlog.h. Everything that enters the log
 * is redacted first by the rules of redact.c: secret headers become "<redacted>" (an AK/SK
 * Authorization keeps its access key and signed headers), secret JSON members "<redacted>". */
#define _DEFAULT_SOURCE
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <stdint.h>
#include <time.h>

#include "swrtui/base/buf.h"
#include "swrtui/http/redact.h"
#include "swrtui/http/reqlog.h"
#include "swrtui/base/secret.h"
#include "swrtui/base/text.h"

void reqlog_init(reqlog *l, size_t cap)
{
	memset(l, 0, sizeof *l);
	l->cap = cap ? cap : 1;
	l->items = calloc(l->cap, sizeof *l->items);
	if (!l->items)
		l->cap = 0;
}

static void entry_free(reqlog_entry *e)
{
	free(e->method);
	free(e->url);
	free(e->transport_msg);
	free(e->reason);
	free(e->request_id);
	free(e->error_code);
	free(e->request_head);
	free(e->request_body);
	free(e->response_head);
	free(e->response_body);
	free(e->canonical);
	free(e->gateway_canonical);
	free(e->proxy);
	memset(e, 0, sizeof *e);
}

void reqlog_free(reqlog *l)
{
	for (size_t i = 0; i < l->cap; i++)
		entry_free(&l->items[i]);
	free(l->items);
	memset(l, 0, sizeof *l);
}

/* "Authorization: SDK-HMAC-SHA256 Access=AK, SignedHeaders=…, Signature=<redacted>": the access key and
 * the signed headers help support; the signature is redacted all the same. */
static void put_header(buf *b, const char *name, const char *value)
{
	if (!http_header_is_sensitive(name)) {
		char *n = text_printable(name, strlen(name), 0, 0), *v = text_printable(value, strlen(value), 0, 0);
		buf_printf(b, "%s: %s\n", n ? n : "", v ? v : "");
		free(n);
		free(v);
		return;
	}
	const char *sig = strcasecmp(name, "Authorization") == 0 ? strstr(value, "Signature=") : NULL;
	if (sig && strncmp(value, "SDK-HMAC-SHA256", 15) == 0) {
		char *v = text_printable(value, (size_t)(sig - value), 0, 0);
		buf_printf(b, "%s: %sSignature=<redacted>\n", name, v ? v : "");
		free(v);
	} else {
		buf_printf(b, "%s: <redacted>\n", name);
	}
}

char *reqlog_gateway_canonical(const char *msg)
{
	if (!msg)
		return NULL;
	const char *p = NULL;
	for (const char *q = msg; *q && !p; q++)
		if (strncasecmp(q, "canonicalRequest", 16) == 0)
			p = q + 16;
	if (p) {
		while (*p == ':' || *p == '=' || *p == ' ')
			p++;
	} else {
		static const char *const methods[] = {"GET|", "PUT|", "POST|", "DELETE|", "PATCH|", "HEAD|"};
		for (size_t i = 0; i < sizeof methods / sizeof methods[0] && !p; i++)
			p = strstr(msg, methods[i]);
	}
	if (!p || !strchr(p, '|'))
		return NULL;
	char *out = strdup(p);
	if (!out)
		return NULL;
	for (char *q = out; *q; q++)
		if (*q == '|')
			*q = '\n';
	return out;
}

void reqlog_observe(void *ctx, const api_request *req, const api_result *res)
{
	reqlog *l = ctx;
	if (!l->cap)
		return;
	reqlog_entry *e = &l->items[l->next];
	entry_free(e);
	l->next = (l->next + 1) % l->cap;
	if (l->count < l->cap)
		l->count++;
	e->when = time(NULL);
	e->method = strdup(req->method);
	e->url = api_request_url(req);
	e->transport = res->transport;
	/* the message, reason phrase and request id may carry the server's bytes: escaped like the headers */
	e->transport_msg = res->transport_msg ? text_printable(res->transport_msg, strlen(res->transport_msg), 0, 0) : NULL;
	e->status = res->status;
	e->reason = res->reason ? text_printable(res->reason, strlen(res->reason), 0, 0) : NULL;
	e->request_id = res->request_id ? text_printable(res->request_id, strlen(res->request_id), 0, 0) : NULL;
	e->error_code = res->error.code ? text_printable(res->error.code, strlen(res->error.code), 0, 0) : NULL;
	e->timings = res->timings;
	e->attempt = res->attempts;
	e->proxy = res->proxy ? text_printable(res->proxy, strlen(res->proxy), 0, 0) : NULL;
	buf b;
	buf_init(&b);
	if (req->host)
		buf_printf(&b, "Host: %s\n", req->host);
	for (size_t i = 0; i < req->nheaders; i++)
		put_header(&b, req->headers[i].name, req->headers[i].value);
	e->request_head = buf_take(&b);
	if (req->body) {
		char *red = api_redact_body(req->body, req->body_len);
		e->request_body = red ? text_printable(red, strlen(red), 0, 1) : NULL;
		free(red);
	}
	buf_init(&b);
	for (size_t i = 0; i < res->nresp_headers; i++)
		put_header(&b, res->resp_headers[i].name, res->resp_headers[i].value);
	e->response_head = buf_take(&b);
	if (res->body && res->body_len) {
		size_t n = res->body_len < REQLOG_BODY_MAX ? res->body_len : REQLOG_BODY_MAX;
		char *red = api_redact_body(res->body, n);
		e->response_body = red ? text_printable(red, strlen(red), 0, 1) : NULL;
		free(red);
	}
	e->response_len = res->body_len;
	e->canonical = req->canonical_request ? strdup(req->canonical_request) : NULL;
	if (res->error.code && strcmp(res->error.code, "APIGW.0301") == 0) {
		/* the gateway's text, one line per line, escaped like every text of the server */
		char *g = reqlog_gateway_canonical(res->error.msg);
		e->gateway_canonical = g ? text_printable(g, strlen(g), 0, 1) : NULL;
		free(g);
	}
}

const reqlog_entry *reqlog_get(const reqlog *l, size_t i)
{
	if (i >= l->count)
		return NULL;
	return &l->items[(l->next + l->cap - 1 - i) % l->cap];
}

static void put_outcome(buf *b, const reqlog_entry *e)
{
	if (e->transport == API_TRANSPORT_OK)
		buf_printf(b, "%ld %s", e->status, e->reason ? e->reason : "");
	else
		buf_printf(b, "%s failed", api_transport_name(e->transport));
}

char *reqlog_summary(const reqlog_entry *e)
{
	buf b;
	buf_init(&b);
	buf_printf(&b, "%s %s → ", e->method ? e->method : "", e->url ? e->url : "");
	put_outcome(&b, e);
	buf_printf(&b, " (%.3f s)", e->timings.total);
	if (e->attempt > 1)
		buf_printf(&b, " attempt %d", e->attempt);
	if (e->request_id)
		buf_printf(&b, " %s", e->request_id);
	return buf_take(&b);
}

char *reqlog_path_end(const char *url)
{
	const char *u = url ? url : "";
	const char *s = strstr(u, "://");
	const char *path = s ? s + 3 + strcspn(s + 3, "/?") : u;
	size_t plen = strcspn(path, "?#");
	const char *end = NULL;
	const char *inst = strstr(path, "/instances/");
	if (inst && inst < path + plen) {
		const char *after = inst + 11 + strcspn(inst + 11, "/?#");
		if (after < path + plen)
			end = after;
	}
	if (!end) {
		/* the last two segments */
		end = path + plen;
		for (int slashes = 0; end > path && slashes < 2;)
			if (*--end == '/' && end + 1 < path + plen)
				slashes++;
		if (end == path + plen)
			end = path;
	}
	return strdup(*end ? end : "/");
}


/* The byte offset in s after its first keep columns. */
static size_t bytes_for(const char *s, size_t keep)
{
	size_t i = 0;
	for (size_t c = 0; s[i]; i++) {
		if (((unsigned char)s[i] & 0xC0) != 0x80 && c++ == keep)
			break;
	}
	return i;
}

/* "403 APIGW.0301" or "timeout -": the status and the code. */
/* "403 SVCSTG.SWR.4030170", "200 -", "timeout -". Malloc'd. */
static char *outcome_of(const reqlog_entry *e)
{
	buf b;
	buf_init(&b);
	if (e->transport == API_TRANSPORT_OK)
		buf_printf(&b, "%ld", e->status);
	else
		buf_printf(&b, "%s", api_transport_name(e->transport));
	buf_printf(&b, " %s", e->error_code ? e->error_code : "-");
	return buf_take(&b);
}

static void put_padded(buf *b, const char *s, size_t cols)
{
	buf_puts(b, s);
	for (size_t c = text_chars(s, SIZE_MAX); c < cols; c++)
		buf_puts(b, " ");
}

/* The path end p in at most room columns (the columns written are returned), what tells requests apart kept: whole; or its end after "…"
 * when that keeps its last segment and query whole ("…/registries/12345?force=true", whole segments where
 * they fit); or its last segment and the query's beginning ("…/executions?policy_id=1&of…"); or, for one
 * segment, the path and the query's beginning ("/registries?offset=0&lim…"); or its end after "…". */
static size_t put_path(buf *b, const char *p, size_t room)
{
	size_t before = text_chars(b->data ? b->data : "", SIZE_MAX);
	size_t pc = text_chars(p, SIZE_MAX), q = strcspn(p, "?");
	const char *last = p;
	for (const char *s = p; s < p + q; s++)
		if (*s == '/')
			last = s;
	size_t lc = text_chars(last, SIZE_MAX), lqc = text_chars(last, (size_t)(p + q - last));
	if (pc <= room) {
		buf_puts(b, p);
	} else if (p[q] && lc + 1 > room && lqc + (last > p ? 4 : 2) <= room) {
		const char *from = last > p ? "…" : "";
		buf_printf(b, "%s%.*s…", from, (int)bytes_for(last, room - 1 - (last > p)), last);
	} else if (room > 1) { /* keep the end: "…/registries/7" */
		const char *rest = p + bytes_for(p, pc - (room - 1));
		const char *slash = strchr(rest, '/');
		buf_puts(b, "…");
		buf_puts(b, slash && slash < rest + strcspn(rest, "?") ? slash : rest);
	}
	return text_chars(b->data ? b->data : "", SIZE_MAX) - before;
}

/* The request id and the time after a row of used columns, as room allows. */
static void put_id_and_time(buf *b, const reqlog_entry *e, size_t used, size_t w)
{
	const char *id = e->request_id ? e->request_id : "";
	size_t ic = text_chars(id, SIZE_MAX);
	if (*id && used + 2 + ic <= w) {
		buf_printf(b, "  %s", id);
		used += 2 + ic;
		char when[16];
		struct tm tm;
		if (used + 10 <= w && localtime_r(&e->when, &tm) && strftime(when, sizeof when, "%H:%M:%S", &tm))
			buf_printf(b, "  %s", when);
	} else if (*id && used + 2 + 8 <= w) { /* the id's beginning, enough to find it in the inspector */
		size_t keep = w - used - 2 - 1;
		buf_printf(b, "  %.*s…", (int)bytes_for(id, keep), id);
	}
}

#define ROW_METHOD_COLS 7 /* "DELETE " */
#define ROW_TIME_COLS 10  /* " 12.345 s" */
#define ROW_MIN_PATH_COLS 25

void reqlog_cols_of(const reqlog *l, int width, reqlog_cols *out)
{
	size_t path = 0, outcome = 0, id = 0;
	for (size_t i = 0; i < l->count; i++) {
		const reqlog_entry *e = reqlog_get(l, i);
		char *p = reqlog_path_end(e->url), *o = outcome_of(e);
		size_t pc = p ? text_chars(p, SIZE_MAX) : 0, oc = o ? text_chars(o, SIZE_MAX) : 0;
		size_t ic = e->request_id ? text_chars(e->request_id, SIZE_MAX) : 0;
		path = pc > path ? pc : path;
		outcome = oc > outcome ? oc : outcome;
		id = ic > id ? ic : id;
		free(p);
		free(o);
	}
	size_t w = width > 0 ? (size_t)width : 0;
	size_t rest = ROW_METHOD_COLS + 2 + outcome + ROW_TIME_COLS + (id ? 2 + id : 0);
	if (rest + path > w) { /* a narrower path column while the ids still fit whole */
		size_t fit = w > rest ? w - rest : 0;
		path = fit > ROW_MIN_PATH_COLS ? fit : (path < ROW_MIN_PATH_COLS ? path : ROW_MIN_PATH_COLS);
	}
	out->path = path;
	out->outcome = outcome;
}

char *reqlog_row_aligned(const reqlog_entry *e, int width, const reqlog_cols *cols)
{
	size_t w = width > 0 ? (size_t)width : 0;
	char *p = reqlog_path_end(e->url), *o = outcome_of(e);
	buf b;
	buf_init(&b);
	if (!p || !o)
		goto done;
	size_t ocols = cols ? cols->outcome : text_chars(o, SIZE_MAX);
	size_t fixed = ROW_METHOD_COLS + 2 + ocols + ROW_TIME_COLS;
	size_t room = w > fixed ? w - fixed : 0;
	if (cols && cols->path < room)
		room = cols->path;
	buf_printf(&b, "%-6s ", e->method ? e->method : "");
	size_t wrote = put_path(&b, p, room);
	if (cols)
		for (size_t c = wrote; c < room; c++)
			buf_puts(&b, " ");
	buf_puts(&b, "  ");
	put_padded(&b, o, ocols);
	buf_printf(&b, " %7.3f s", e->timings.total);
	put_id_and_time(&b, e, text_chars(b.data ? b.data : "", SIZE_MAX), w);
done:
	free(p);
	free(o);
	return buf_take(&b);
}

char *reqlog_row(const reqlog_entry *e, int width)
{
	return reqlog_row_aligned(e, width, NULL);
}

char *reqlog_canonical_diff(const char *mine, const char *gateway)
{
	buf b;
	buf_init(&b);
	const char *p = mine ? mine : "", *q = gateway ? gateway : "";
	for (int n = 1; *p || *q; n++) {
		size_t lp = strcspn(p, "\n"), lq = strcspn(q, "\n");
		bool same = lp == lq && memcmp(p, q, lp) == 0;
		if (same) {
			buf_printf(&b, "  %2d  %.*s\n", n, (int)lp, p);
		} else {
			buf_printf(&b, "! %2d  swrtui:  %.*s\n", n, (int)lp, p);
			buf_printf(&b, "      gateway: %.*s\n", (int)lq, q);
		}
		p += lp;
		q += lq;
		if (*p == '\n')
			p++;
		if (*q == '\n')
			q++;
	}
	return buf_take(&b);
}

char *reqlog_format(const reqlog_entry *e)
{
	buf b;
	buf_init(&b);
	buf_printf(&b, "%s %s\n", e->method ? e->method : "", e->url ? e->url : "");
	buf_puts(&b, "  status:     ");
	put_outcome(&b, e);
	buf_putc(&b, '\n');
	if (e->transport_msg)
		buf_printf(&b, "  message:    %s\n", e->transport_msg);
	if (e->attempt > 1)
		buf_printf(&b, "  attempt:    %d (the same request, sent again)\n", e->attempt);
	if (e->proxy)
		buf_printf(&b, "  proxy:      %s\n", e->proxy);
	buf_printf(&b, "  request id: %s\n", e->request_id ? e->request_id : "(none)");
	buf_printf(&b,
	           "  timings:    name resolution %.3f s, connect %.3f s, TLS %.3f s, first byte %.3f s, total %.3f s\n",
	           e->timings.resolve, e->timings.connect, e->timings.tls, e->timings.first_byte, e->timings.total);
	buf_printf(&b, "> request headers\n%s", e->request_head ? e->request_head : "");
	if (e->request_body)
		buf_printf(&b, "> request body\n%s\n", e->request_body);
	buf_printf(&b, "< response headers\n%s", e->response_head ? e->response_head : "");
	if (e->response_body) {
		buf_printf(&b, "< response body (%zu bytes%s)\n%s\n", e->response_len,
		           e->response_len > REQLOG_BODY_MAX ? ", shown in part" : "", e->response_body);
	}
	if (e->canonical && e->gateway_canonical) {
		char *d = reqlog_canonical_diff(e->canonical, e->gateway_canonical);
		buf_printf(&b, "signature mismatch: canonical requests, differing lines marked !\n%s", d ? d : "");
		free(d);
	} else if (e->canonical) {
		buf_printf(&b, "canonical request (signed)\n%s\n", e->canonical);
	}
	return buf_take(&b);
}
