/* url.c — the one endpoint parser; see url.h. libcurl's URL API does the splitting. */
#define _DEFAULT_SOURCE
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "swrtui/base/buf.h"
#include "swrtui/http/url.h"

void http_url_free(http_url *u)
{
	if (!u)
		return;
	free(u->scheme);
	free(u->host);
	free(u->port);
	free(u->host_header);
	free(u->scheme_host);
	free(u->path);
	memset(u, 0, sizeof *u);
}

/* The parts libcurl gives (each NULL when absent). */
typedef struct {
	char *scheme, *host, *port, *path, *query, *fragment, *user, *password;
} url_parts;

static void parts_free(url_parts *p)
{
	curl_free(p->scheme);
	curl_free(p->host);
	curl_free(p->port);
	curl_free(p->path);
	curl_free(p->query);
	curl_free(p->fragment);
	curl_free(p->user);
	curl_free(p->password);
}

/* Splits url into p and checks what every endpoint must be. 0, or -1 with err. */
/* The URL as a message may quote it: without a user name or password (a URL that carries one is
 * refused, and the message must not repeat it). Malloc'd; NULL when it cannot be shown. */
static char *shown_url(CURLU *u, const char *url, bool parsed)
{
	if (!parsed)
		return strchr(url, '@') ? NULL : strndup(url, 200);
	char *safe = NULL, *out = NULL;
	curl_url_set(u, CURLUPART_USER, NULL, 0);
	curl_url_set(u, CURLUPART_PASSWORD, NULL, 0);
	if (curl_url_get(u, CURLUPART_URL, &safe, 0) == CURLUE_OK && safe)
		out = strndup(safe, 200);
	curl_free(safe);
	return out;
}

/* What is wrong with the parts of an endpoint, or NULL when nothing is. */
static const char *parts_problem(const url_parts *p)
{
	if (!p->scheme || (strcasecmp(p->scheme, "https") != 0 && strcasecmp(p->scheme, "http") != 0))
		return "must start with https:// or http://";
	if (!p->host || !*p->host)
		return "has no host";
	if (p->user || p->password)
		return "must not carry a user name or password";
	if (p->query || p->fragment)
		return "must not carry a query or a fragment";
	return NULL;
}

/* Splits url into p and checks what every endpoint must be. 0, or -1 with err. */
static int split(const char *url, const char *what, url_parts *p, char *err, size_t errlen)
{
	memset(p, 0, sizeof *p);
	CURLU *u = curl_url();
	if (!u) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	bool parsed = curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK;
	const char *why = "is not a valid URL";
	if (parsed) {
		curl_url_get(u, CURLUPART_SCHEME, &p->scheme, 0);
		curl_url_get(u, CURLUPART_HOST, &p->host, 0);
		curl_url_get(u, CURLUPART_PORT, &p->port, 0);
		curl_url_get(u, CURLUPART_PATH, &p->path, 0);
		curl_url_get(u, CURLUPART_QUERY, &p->query, 0);
		curl_url_get(u, CURLUPART_FRAGMENT, &p->fragment, 0);
		curl_url_get(u, CURLUPART_USER, &p->user, 0);
		curl_url_get(u, CURLUPART_PASSWORD, &p->password, 0);
		why = parts_problem(p);
	}
	if (why) {
		char *shown = shown_url(u, url, parsed);
		if (shown)
			snprintf(err, errlen, "%s \"%s\" %s", what, shown, why);
		else
			snprintf(err, errlen, "%s %s", what, why);
		free(shown);
		parts_free(p);
	}
	curl_url_cleanup(u);
	return why ? -1 : 0;
}

static char *lowercase_copy(const char *s)
{
	char *out = strdup(s);
	for (char *c = out; c && *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c - 'A' + 'a');
	return out;
}

int http_url_parse(const char *url, const char *what, http_url *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof *out);
	url_parts p;
	if (split(url ? url : "", what, &p, err, errlen) != 0)
		return -1;
	out->scheme = lowercase_copy(p.scheme);
	bool https = out->scheme && strcmp(out->scheme, "https") == 0;
	bool default_port = p.port && strcmp(p.port, https ? "443" : "80") == 0;
	out->host = strdup(p.host);
	out->port = p.port && !default_port ? strdup(p.port) : NULL;
	buf b;
	buf_init(&b);
	buf_printf(&b, "%s%s%s", p.host, out->port ? ":" : "", out->port ? out->port : "");
	out->host_header = buf_take(&b);
	buf_init(&b);
	buf_printf(&b, "%s://%s", out->scheme ? out->scheme : "", out->host_header ? out->host_header : "");
	out->scheme_host = buf_take(&b);
	size_t plen = p.path ? strlen(p.path) : 0;
	while (plen > 0 && p.path[plen - 1] == '/')
		plen--;
	out->path = strndup(p.path ? p.path : "", plen);
	bool oom = !out->scheme || !out->host || (p.port && !default_port && !out->port) || !out->host_header ||
	           !out->scheme_host || !out->path;
	parts_free(&p);
	if (oom) {
		snprintf(err, errlen, "out of memory");
		http_url_free(out);
		return -1;
	}
	return 0;
}
