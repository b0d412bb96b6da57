/* request.c — the request value: headers, query, the URL that is sent, and its printable form for
 * --dry-run, redacted by the rules of redact.c. */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "swrtui/http/http.h"
#include "swrtui/http/redact.h"
#include "swrtui/http/url.h"
#include "swrtui/base/buf.h"
#include "swrtui/base/secret.h"

void api_request_free(api_request *req)
{
	if (!req)
		return;
	free(req->scheme_host);
	free(req->host);
	free(req->path);
	for (size_t i = 0; i < req->nquery; i++) {
		free(req->query[i].name);
		free(req->query[i].value);
	}
	free(req->query);
	for (size_t i = 0; i < req->nheaders; i++) {
		free(req->headers[i].name);
		secret_free(req->headers[i].value);
	}
	free(req->headers);
	if (req->body) {
		secret_wipe(req->body, req->body_len);
		free(req->body);
	}
	free(req->canonical_request);
	memset(req, 0, sizeof *req);
}

int api_request_start(const char *endpoint, const char *method, const char *path, const char *content_type,
                      api_request *req, char *err, size_t errlen)
{
	memset(req, 0, sizeof *req);
	if (!endpoint || !*endpoint) {
		snprintf(err, errlen, "no endpoint");
		return -1;
	}
	http_url u;
	if (http_url_parse(endpoint, "the endpoint", &u, err, errlen) != 0)
		return -1;
	buf b;
	buf_init(&b);
	buf_puts(&b, u.path);
	buf_puts(&b, path);
	req->path = buf_take(&b);
	req->host = u.host_header;
	req->scheme_host = u.scheme_host;
	u.host_header = u.scheme_host = NULL;
	http_url_free(&u);
	req->method = method;
	if (!req->path || (content_type && api_request_add_header(req, "Content-Type", content_type) != 0)) {
		snprintf(err, errlen, "out of memory");
		api_request_free(req);
		return -1;
	}
	return 0;
}

int api_request_add_header(api_request *req, const char *name, const char *value)
{
	api_header *h = realloc(req->headers, (req->nheaders + 1) * sizeof *h);
	if (!h)
		return -1;
	req->headers = h;
	h[req->nheaders].name = strdup(name);
	h[req->nheaders].value = strdup(value ? value : "");
	if (!h[req->nheaders].name || !h[req->nheaders].value) {
		free(h[req->nheaders].name);
		free(h[req->nheaders].value);
		return -1;
	}
	req->nheaders++;
	return 0;
}

int api_request_add_query(api_request *req, const char *name, const char *value)
{
	api_query_param *q = realloc(req->query, (req->nquery + 1) * sizeof *q);
	if (!q)
		return -1;
	req->query = q;
	q[req->nquery].name = strdup(name);
	q[req->nquery].value = strdup(value ? value : "");
	if (!q[req->nquery].name || !q[req->nquery].value) {
		free(q[req->nquery].name);
		free(q[req->nquery].value);
		return -1;
	}
	req->nquery++;
	return 0;
}

const char *api_request_header(const api_request *req, const char *name)
{
	for (size_t i = 0; i < req->nheaders; i++)
		if (strcasecmp(req->headers[i].name, name) == 0)
			return req->headers[i].value;
	return NULL;
}

char *api_request_url(const api_request *req)
{
	buf b;
	buf_init(&b);
	buf_puts(&b, req->scheme_host);
	buf_puts(&b, req->path);
	for (size_t i = 0; i < req->nquery; i++) {
		buf_putc(&b, i ? '&' : '?');
		buf_put_pct(&b, req->query[i].name);
		buf_putc(&b, '=');
		buf_put_pct(&b, req->query[i].value);
	}
	return buf_take(&b);
}

char *api_request_format(const api_request *req, unsigned flags)
{
	buf b;
	buf_init(&b);
	char *url = api_request_url(req);
	buf_printf(&b, "%s %s\n", req->method, url ? url : "");
	free(url);
	buf_printf(&b, "Host: %s\n", req->host ? req->host : "");
	for (size_t i = 0; i < req->nheaders; i++) {
		const char *v = req->headers[i].value;
		if ((flags & API_FORMAT_REDACT) && http_header_is_sensitive(req->headers[i].name))
			v = "<redacted>";
		buf_printf(&b, "%s: %s\n", req->headers[i].name, v);
	}
	if (req->body)
		buf_printf(&b, "Content-Length: %zu\n", req->body_len);
	if (req->body) {
		buf_putc(&b, '\n');
		if (flags & API_FORMAT_REDACT) {
			char *red = api_redact_body(req->body, req->body_len);
			buf_puts(&b, red);
			free(red);
		} else {
			buf_append(&b, req->body, req->body_len);
		}
		buf_putc(&b, '\n');
	}
	return buf_take(&b);
}
