/* url.h — the one parser of endpoints (http[s]://host[:port][/prefix]): scheme, host, port, path prefix,
 * and the Host header value, in which an explicit default port (:443 for https, :80 for http) is
 * dropped, as libcurl drops it from the Host it sends: an AK/SK signature covers the Host, so the one
 * signed must be the one sent. */
#ifndef SWRTUI_HTTP_URL_H
#define SWRTUI_HTTP_URL_H

#include <stddef.h>

typedef struct {
	char *scheme;      /* "https" or "http", lowercase */
	char *host;        /* name or address as written ("[::1]" keeps its brackets) */
	char *port;        /* the port written, NULL when none or when it is the scheme's default */
	char *host_header; /* host[:port]: the Host header value */
	char *scheme_host; /* scheme://host_header, no trailing slash */
	char *path;        /* the path prefix without trailing '/', "" when none */
} http_url;

/* Splits url, which must be http:// or https://, with a host and without a user, a query or a fragment.
 * what names it in the messages ("the endpoint"). 0, or -1 with err (*out then empty). Free with http_url_free(). */
int http_url_parse(const char *url, const char *what, http_url *out, char *err, size_t errlen);
void http_url_free(http_url *u);

#endif
