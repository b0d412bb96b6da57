/* proxy.c — which proxy a request goes through (the rule is in http.h, "proxies"): none for a loopback
 * address (api_host_is_loopback, here too: the one address rule of the module) or plain http://; for https, the proxy of https_proxy / HTTPS_PROXY / all_proxy / ALL_PROXY
 * unless no_proxy / NO_PROXY names the host, read as libcurl reads them. Pure: the environment is read
 * through the function the caller passes. */
#define _DEFAULT_SOURCE
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "swrtui/http/http.h"
#include "swrtui/base/buf.h"
#include "swrtui/base/secret.h"

static const char *env_getenv(const char *name) { return getenv(name); }

bool api_host_is_loopback(const char *host)
{
	if (!host)
		return false;
	size_t n = strlen(host);
	if (host[0] == '[') { /* [v6] or [v6]:port */
		const char *end = strchr(host, ']');
		if (!end)
			return false;
		host++;
		n = (size_t)(end - host);
	} else if (strchr(host, ':') && strchr(host, ':') == strrchr(host, ':')) { /* name:port */
		n = (size_t)(strchr(host, ':') - host);
	}
	if ((n == 9 && strncasecmp(host, "localhost", 9) == 0) || (n == 3 && strncmp(host, "::1", 3) == 0))
		return true;
	/* 127.0.0.0/8, written as a dotted quad */
	unsigned a, b, c, d;
	char tail;
	char tmp[64];
	if (n >= sizeof tmp)
		return false;
	memcpy(tmp, host, n);
	tmp[n] = '\0';
	return sscanf(tmp, "%u.%u.%u.%u%c", &a, &b, &c, &d, &tail) == 4 && a == 127 && b < 256 && c < 256 && d < 256;
}

/* The host of "host", "host:port", "[v6]" or "[v6]:port" into out, without brackets or a final dot. */
static void host_only(const char *hostport, char *out, size_t outlen)
{
	const char *h = hostport ? hostport : "";
	size_t n = strlen(h);
	if (h[0] == '[') {
		const char *end = strchr(h, ']');
		h++;
		n = end ? (size_t)(end - h) : strlen(h);
	} else if (strchr(h, ':') && strchr(h, ':') == strrchr(h, ':')) {
		n = (size_t)(strchr(h, ':') - h);
	}
	if (n > 0 && h[n - 1] == '.')
		n--;
	if (n >= outlen)
		n = outlen - 1;
	memcpy(out, h, n);
	out[n] = '\0';
}

/* 1 when addr (an IPv4 or IPv6 literal) lies in the network "net[/bits]", 0 when not, -1 when net is
 * not an address of the same family. */
static int cidr_match(const char *addr, const char *net, size_t netlen)
{
	char tmp[64];
	if (netlen >= sizeof tmp)
		return -1;
	memcpy(tmp, net, netlen);
	tmp[netlen] = '\0';
	long bits = -1;
	char *slash = strchr(tmp, '/');
	if (slash) {
		char *end;
		*slash = '\0';
		bits = strtol(slash + 1, &end, 10);
		if (end == slash + 1 || *end || bits < 0)
			return -1;
	}
	unsigned char a[16], b[16];
	size_t len;
	if (inet_pton(AF_INET, addr, a) == 1 && inet_pton(AF_INET, tmp, b) == 1)
		len = 4;
	else if (inet_pton(AF_INET6, addr, a) == 1 && inet_pton(AF_INET6, tmp, b) == 1)
		len = 16;
	else
		return -1;
	if (bits < 0 || bits > (long)len * 8)
		bits = (long)len * 8;
	size_t whole = (size_t)bits / 8;
	if (memcmp(a, b, whole) != 0)
		return 0;
	unsigned rest = (unsigned)bits % 8;
	if (rest) {
		unsigned mask = (0xffu << (8 - rest)) & 0xffu;
		if ((a[whole] & mask) != (b[whole] & mask))
			return 0;
	}
	return 1;
}

/* One no_proxy entry against a host name: the name itself or a domain above it ("example.com" and
 * ".example.com" both cover "swr.example.com"). */
static bool name_match(const char *host, const char *tok, size_t toklen)
{
	if (toklen && tok[0] == '.') {
		tok++;
		toklen--;
	}
	if (toklen && tok[toklen - 1] == '.')
		toklen--;
	size_t n = strlen(host);
	if (!toklen || toklen > n)
		return false;
	if (toklen == n)
		return strncasecmp(host, tok, n) == 0;
	return host[n - toklen - 1] == '.' && strncasecmp(host + n - toklen, tok, toklen) == 0;
}

bool api_no_proxy_matches(const char *no_proxy, const char *hostport)
{
	if (!no_proxy || !*no_proxy || !hostport)
		return false;
	if (strcmp(no_proxy, "*") == 0)
		return true;
	char host[256];
	host_only(hostport, host, sizeof host);
	unsigned char probe[16];
	bool is_ip = inet_pton(AF_INET, host, probe) == 1 || inet_pton(AF_INET6, host, probe) == 1;
	const char *p = no_proxy;
	while (*p) {
		p += strspn(p, ", \t");
		size_t n = strcspn(p, ", \t");
		if (n == 0)
			break;
		/* an entry with a port ("host:8443") names the host: libcurl ignores the port too */
		size_t tl = n;
		const char *colon = memchr(p, ':', n);
		if (colon && memchr(colon + 1, ':', n - (size_t)(colon + 1 - p)) == NULL && p[0] != '[')
			tl = (size_t)(colon - p);
		if (is_ip) {
			const char *t = p;
			if (t[0] == '[' && tl > 2 && memchr(t, ']', tl)) {
				tl = (size_t)((const char *)memchr(t, ']', tl) - t) - 1;
				t++;
			}
			if (cidr_match(host, t, tl) == 1)
				return true;
		} else if (name_match(host, p, tl)) {
			return true;
		}
		p += n;
	}
	return false;
}

char *api_proxy_url_shown(const char *url)
{
	if (!url)
		return NULL;
	const char *sep = strstr(url, "://");
	const char *auth = sep ? sep + 3 : url;
	size_t alen = strcspn(auth, "/?#");
	const char *at = NULL;
	for (const char *q = auth; q < auth + alen; q++)
		if (*q == '@')
			at = q;
	buf b;
	buf_init(&b);
	buf_append(&b, url, (size_t)(auth - url));
	buf_puts(&b, at ? at + 1 : auth); /* user:password@ dropped, whatever follows the host kept */
	return buf_take(&b);
}

int api_proxy_choose(const char *scheme_host, const char *hostport, const char *(*env)(const char *name),
                     api_proxy *out)
{
	memset(out, 0, sizeof *out);
	if (!env)
		env = env_getenv;
	if (api_host_is_loopback(hostport)) {
		out->why_direct = "a loopback address is never reached through a proxy";
		return 0;
	}
	if (!scheme_host || strncasecmp(scheme_host, "https://", 8) != 0) {
		out->why_direct = "plain http:// is never sent through a proxy";
		return 0;
	}
	static const char *const names[] = {"https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"};
	const char *value = NULL;
	for (size_t i = 0; i < sizeof names / sizeof names[0] && !value; i++) {
		value = env(names[i]);
		out->source = value ? names[i] : NULL;
	}
	if (!value) {
		out->why_direct = "no https_proxy, HTTPS_PROXY, all_proxy or ALL_PROXY is set";
		return 0;
	}
	if (!*value) {
		out->why_direct = "is set empty";
		return 0;
	}
	const char *np = env("no_proxy");
	const char *np_name = "no_proxy";
	if (!np) {
		np = env("NO_PROXY");
		np_name = "NO_PROXY";
	}
	if (api_no_proxy_matches(np, hostport)) {
		out->source = np_name;
		out->why_direct = "names the host";
		return 0;
	}
	out->url = strdup(value);
	out->shown = api_proxy_url_shown(value);
	if (!out->url || !out->shown) {
		api_proxy_free(out);
		return -1;
	}
	return 0;
}

char *api_proxy_describe(const api_proxy *p)
{
	buf b;
	buf_init(&b);
	if (p->url)
		buf_printf(&b, "%s (from %s)", p->shown ? p->shown : "", p->source ? p->source : "the environment");
	else if (p->source)
		buf_printf(&b, "none (%s %s)", p->source, p->why_direct ? p->why_direct : "");
	else
		buf_printf(&b, "none (%s)", p->why_direct ? p->why_direct : "");
	return buf_take(&b);
}

void api_proxy_free(api_proxy *p)
{
	if (!p)
		return;
	secret_free(p->url); /* may carry the proxy's user and password */
	free(p->shown);
	memset(p, 0, sizeof *p);
}
