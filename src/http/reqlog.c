/* reqlog.c — the request inspector's memory and its text; see reqlog.h. Everything that enters the log
 * is redacted first by the rules of redact.c: secret headers become "<redacted>" (an AK/SK
 * Authorization keeps its access key and signed headers), secret JSON members "<redacted>". */
#define _DEFAULT_SOURCE
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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
