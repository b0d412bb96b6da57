/* probe_util.c — the probe's pure parts: WWW-Authenticate parsing, target URL splitting, dns_conf.hosts
 * lookup, and building, scrubbing and freeing the checklist. No I/O. See probe.h. */
#define _DEFAULT_SOURCE
#include <arpa/inet.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>
#include <openssl/evp.h>

#include "swrtui/base/buf.h"
#include "swrtui/http/redact.h"
#include "swrtui/http/url.h"
#include "swrtui/base/secret.h"
#include "swrtui/base/text.h"
#include "probe_internal.h"

#define DETAIL_MAX_CHARS 400
#define PROBE_SCRUB_MIN 4 /* shorter strings would blank out ordinary words */

static const char *const step_names[PROBE_STEP_COUNT] = {
        "Name resolution", "TCP connect", "TLS", "GET /v2/", "Credential",
};

const char *probe_state_mark(probe_state s)
{
	switch (s) {
	case PROBE_OK: return "[ ok ]";
	case PROBE_FAILED: return "[FAIL]";
	case PROBE_WARNING: return "[warn]";
	case PROBE_SKIPPED: return "[skip]";
	default: return "[ .. ]";
	}
}

const char *probe_state_name(probe_state s)
{
	switch (s) {
	case PROBE_OK: return "ok";
	case PROBE_FAILED: return "failed";
	case PROBE_WARNING: return "warning";
	case PROBE_SKIPPED: return "skipped";
	default: return "pending";
	}
}

/* ---- the checklist ---- */

void probe_result_init(probe_result *res)
{
	memset(res, 0, sizeof *res);
	for (size_t i = 0; i < PROBE_STEP_COUNT; i++) {
		res->steps[i].id = (probe_step_id)i;
		res->steps[i].name = step_names[i];
		res->steps[i].state = PROBE_PENDING;
	}
	res->nsteps = PROBE_STEP_COUNT;
	res->failed_step = -1;
	res->outcome = PROBE_OUTCOME_PASSED;
}

void probe_result_free(probe_result *res)
{
	if (!res)
		return;
	for (size_t i = 0; i < PROBE_STEP_COUNT; i++) {
		probe_step *s = &res->steps[i];
		free(s->summary);
		for (size_t k = 0; k < s->ndetails; k++)
			free(s->details[k]);
		free(s->details);
	}
	free(res->cause);
	free(res->target);
	probe_result_init(res);
}

#if defined(__GNUC__)
__attribute__((format(printf, 1, 0)))
#endif
static char *vformat_printable(const char *fmt, va_list ap)
{
	va_list cp;
	va_copy(cp, ap);
	int n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	char *raw = n >= 0 ? malloc((size_t)n + 1) : NULL;
	if (!raw)
		return NULL;
	vsnprintf(raw, (size_t)n + 1, fmt, ap);
	char *p = text_printable(raw, (size_t)n, DETAIL_MAX_CHARS, 0);
	free(raw);
	return p;
}

void probe_step_set(probe_step *s, probe_state st, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *line = vformat_printable(fmt, ap);
	va_end(ap);
	free(s->summary);
	s->summary = line;
	s->state = st;
}

void probe_step_detail(probe_step *s, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *line = vformat_printable(fmt, ap);
	va_end(ap);
	if (!line)
		return;
	char **d = realloc(s->details, (s->ndetails + 1) * sizeof *d);
	if (!d) {
		free(line);
		return;
	}
	s->details = d;
	d[s->ndetails++] = line;
}

/* Replaces in place (may reallocate) every occurrence of needle in *text: as it is, then escaped as a
 * server may echo it (api_redact_echoes: JSON \u0041 or \/, %41, HTML &#65;). */
static void scrub_text(char **text, const char *needle)
{
	const char *const one[] = {needle};
	(void)api_scrub_echoes(text, NULL, one, 1); /* out of memory: the text is wiped, never kept */
	if (!*text || !strstr(*text, needle))
		return;
	static const char mark[] = "<redacted>";
	size_t nlen = strlen(needle);
	buf b;
	buf_init(&b);
	const char *p = *text, *hit;
	while ((hit = strstr(p, needle)) != NULL) {
		buf_append(&b, p, (size_t)(hit - p));
		buf_puts(&b, mark);
		p = hit + nlen;
	}
	buf_puts(&b, p);
	char *clean = buf_take(&b);
	secret_free(*text);
	*text = clean ? clean : strdup(mark);
}

void probe_result_scrub(probe_result *res, const char *const *sensitive, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		const char *needle = sensitive[k];
		if (!needle || strlen(needle) < PROBE_SCRUB_MIN)
			continue;
		for (size_t i = 0; i < PROBE_STEP_COUNT; i++) {
			probe_step *s = &res->steps[i];
			scrub_text(&s->summary, needle);
			for (size_t d = 0; d < s->ndetails; d++)
				scrub_text(&s->details[d], needle);
		}
		scrub_text(&res->cause, needle);
		scrub_text(&res->target, needle);
	}
}

char *probe_base64(const unsigned char *data, size_t n)
{
	if (n > (size_t)1 << 20)
		return NULL;
	size_t cap = 4 * ((n + 2) / 3) + 1;
	unsigned char *out = malloc(cap);
	if (!out)
		return NULL;
	EVP_EncodeBlock(out, data, (int)n);
	return (char *)out;
}

/* ---- WWW-Authenticate ---- */

static bool is_tchar(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

static const char *skip_ws(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

void probe_challenge_free(probe_challenge *c)
{
	if (!c)
		return;
	free(c->scheme);
	free(c->realm);
	free(c->service);
	free(c->scope);
	free(c->error);
	memset(c, 0, sizeof *c);
}

int probe_parse_challenge(const char *value, probe_challenge *out)
{
	memset(out, 0, sizeof *out);
	if (!value)
		return -1;
	const char *p = value;
	while (*p == ' ' || *p == '\t' || *p == ',')
		p++;
	const char *s0 = p;
	while (is_tchar(*p))
		p++;
	if (p == s0 || (*p != '\0' && *p != ' ' && *p != '\t' && *p != ','))
		return -1;
	out->scheme = strndup(s0, (size_t)(p - s0));
	if (!out->scheme)
		return -1;
	if (strcasecmp(out->scheme, "Basic") == 0)
		out->kind = PROBE_AUTH_BASIC;
	else if (strcasecmp(out->scheme, "Bearer") == 0)
		out->kind = PROBE_AUTH_BEARER;
	else
		out->kind = PROBE_AUTH_OTHER;

	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (!*p)
			break;
		const char *n0 = p;
		while (is_tchar(*p))
			p++;
		size_t nlen = (size_t)(p - n0);
		if (nlen == 0)
			break; /* not a parameter: stop quietly */
		p = skip_ws(p);
		if (*p != '=')
			break; /* a token68, or the scheme of the next challenge */
		p = skip_ws(p + 1);
		buf v;
		buf_init(&v);
		if (*p == '"') {
			p++;
			while (*p && *p != '"') {
				if (*p == '\\' && p[1])
					p++;
				buf_putc(&v, *p++);
			}
			if (*p == '"')
				p++;
		} else {
			while (*p && *p != ',' && *p != ' ' && *p != '\t')
				buf_putc(&v, *p++);
		}
		char *val = buf_take(&v);
		if (!val)
			val = strdup("");
		char **slot = NULL;
		if (nlen == 5 && strncasecmp(n0, "realm", 5) == 0)
			slot = &out->realm;
		else if (nlen == 7 && strncasecmp(n0, "service", 7) == 0)
			slot = &out->service;
		else if (nlen == 5 && strncasecmp(n0, "scope", 5) == 0)
			slot = &out->scope;
		else if (nlen == 5 && strncasecmp(n0, "error", 5) == 0)
			slot = &out->error;
		if (slot && !*slot)
			*slot = val;
		else
			free(val);
	}
	return 0;
}

/* ---- target URL ---- */

void probe_url_free(probe_url *u)
{
	if (!u)
		return;
	free(u->host);
	free(u->base);
	memset(u, 0, sizeof *u);
}

/* Fills out from an endpoint split by http_url_parse: the host without brackets or zone id, whether it
 * is an IP address, the port (the scheme's default when none is written) and the base URL without a
 * trailing slash. 0, or -1 (out of memory). */
static int url_fill(const http_url *h, probe_url *out)
{
	const char *host = h->host;
	out->https = strcmp(h->scheme, "https") == 0;
	out->port = h->port ? atoi(h->port) : (out->https ? 443 : 80);
	size_t hlen = strlen(host);
	if (host[0] == '[' && hlen >= 2 && host[hlen - 1] == ']') {
		const char *pct = memchr(host + 1, '%', hlen - 2); /* a zone id is not part of the address */
		out->host = strndup(host + 1, pct ? (size_t)(pct - host - 1) : hlen - 2);
	} else {
		out->host = strdup(host);
	}
	if (out->host) {
		unsigned char a[16];
		out->host_is_ip = inet_pton(AF_INET, out->host, a) == 1 || inet_pton(AF_INET6, out->host, a) == 1;
	}
	buf b;
	buf_init(&b);
	buf_printf(&b, "%s%s", h->scheme_host, h->path);
	out->base = buf_take(&b);
	return out->host && out->base ? 0 : -1;
}

int probe_url_parse(const char *url, probe_url *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof *out);
	if (!url || !*url) {
		snprintf(err, errlen, "no URL to probe");
		return -1;
	}
	http_url h;
	if (http_url_parse(url, "the registry URL", &h, err, errlen) != 0)
		return -1;
	int rc = url_fill(&h, out);
	if (rc != 0) {
		snprintf(err, errlen, "out of memory");
		probe_url_free(out);
	}
	http_url_free(&h);
	return rc;
}

const char *probe_hosts_lookup(const registry *r, const char *host)
{
	if (!r || !host)
		return NULL;
	size_t hl = strlen(host);
	if (hl > 0 && host[hl - 1] == '.')
		hl--; /* "example.com." names the same host */
	for (size_t i = 0; i < r->nhosts; i++) {
		const char *d = r->hosts[i].domain;
		if (!d || !r->hosts[i].ip)
			continue;
		size_t dl = strlen(d);
		if (dl > 0 && d[dl - 1] == '.')
			dl--;
		if (dl == hl && strncasecmp(d, host, hl) == 0)
			return r->hosts[i].ip;
	}
	return NULL;
}

/* Edit distance between a and b (lengths la, lb; letters compared case-insensitively). Longer names than
 * HOST_CMP_MAX are compared on their first HOST_CMP_MAX characters. */
#define HOST_CMP_MAX 256
static size_t edit_distance(const char *a, size_t la, const char *b, size_t lb)
{
	size_t row[HOST_CMP_MAX + 1];
	la = la > HOST_CMP_MAX ? HOST_CMP_MAX : la;
	lb = lb > HOST_CMP_MAX ? HOST_CMP_MAX : lb;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t cost = tolower((unsigned char)a[i - 1]) == tolower((unsigned char)b[j - 1]) ? 0 : 1;
			size_t best = diag + cost;
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

static size_t host_len(const char *h)
{
	size_t n = strlen(h);
	return n > 0 && h[n - 1] == '.' ? n - 1 : n;
}

const registry_host *probe_hosts_closest(const registry *r, const char *host)
{
	if (!r || !host)
		return NULL;
	const registry_host *best = NULL;
	size_t best_d = (size_t)-1, hl = host_len(host);
	for (size_t i = 0; i < r->nhosts; i++) {
		const char *d = r->hosts[i].domain;
		if (!d)
			continue;
		size_t dist = edit_distance(d, host_len(d), host, hl);
		if (dist < best_d) {
			best_d = dist;
			best = &r->hosts[i];
		}
	}
	return best;
}
