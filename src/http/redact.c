/* redact.c — the one list of secret header names and JSON member names, and the body redactor; see
 * redact.h. */
#define _DEFAULT_SOURCE
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "swrtui/base/buf.h"
#include "swrtui/base/secret.h"
#include "swrtui/http/redact.h"

static const char *const sensitive_headers[] = {
	"X-Auth-Token", "X-Security-Token", "X-Subject-Token", "Authorization", "Proxy-Authorization",
	"Cookie",       "Set-Cookie",
};

static const char *const sensitive_json_keys[] = {"access_secret", "password", "secret", "passcode"};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

bool http_header_is_sensitive(const char *name)
{
	for (size_t i = 0; name && i < COUNT(sensitive_headers); i++)
		if (strcasecmp(name, sensitive_headers[i]) == 0)
			return true;
	return false;
}

bool http_json_key_is_sensitive(const char *key)
{
	for (size_t i = 0; key && i < COUNT(sensitive_json_keys); i++)
		if (strcmp(key, sensitive_json_keys[i]) == 0)
			return true;
	return false;
}

const char *http_sensitive_header(size_t i)
{
	return i < COUNT(sensitive_headers) ? sensitive_headers[i] : NULL;
}

const char *http_sensitive_json_key(size_t i)
{
	return i < COUNT(sensitive_json_keys) ? sensitive_json_keys[i] : NULL;
}

static void redact_tree(cJSON *node)
{
	for (cJSON *it = node ? node->child : NULL; it; it = it->next) {
		if (it->string && cJSON_IsString(it) && http_json_key_is_sensitive(it->string)) {
			secret_wipe(it->valuestring, strlen(it->valuestring));
			cJSON_SetValuestring(it, "<redacted>");
		} else {
			redact_tree(it);
		}
	}
}

char *api_redact_body(const char *body, size_t len)
{
	if (!body)
		return NULL;
	cJSON *root = cJSON_ParseWithLength(body, len);
	if (!root) {
		char *copy = malloc(len + 1);
		if (copy) {
			memcpy(copy, body, len);
			copy[len] = '\0';
		}
		return copy;
	}
	redact_tree(root);
	char *out = cJSON_PrintUnformatted(root);
	cJSON_Delete(root);
	return out;
}

/* ---- echoes of a secret ---- */

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The value of n hex digits at s (all of them present), or -1. */
static long hex_run(const char *s, size_t avail, size_t n)
{
	long v = 0;
	for (size_t i = 0; i < n; i++) {
		int h = i < avail ? hex_value(s[i]) : -1;
		if (h < 0)
			return -1;
		v = v * 16 + h;
	}
	return v;
}

/* "&#65;", "&#x41;", "&amp;", "&lt;", "&gt;", "&quot;", "&apos;" at t: the code point and the length. */
static size_t html_entity(const char *t, size_t n, unsigned *cp)
{
	static const struct {
		const char *name;
		unsigned cp;
	} named[] = {{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
	for (size_t i = 0; i < sizeof named / sizeof named[0]; i++) {
		size_t l = strlen(named[i].name);
		if (l <= n && strncasecmp(t, named[i].name, l) == 0) {
			*cp = named[i].cp;
			return l;
		}
	}
	if (n < 4 || t[1] != '#')
		return 0;
	bool hex = t[2] == 'x' || t[2] == 'X';
	unsigned long v = 0;
	size_t i = hex ? 3 : 2, start = i;
	for (; i < n && i < start + 8 && t[i] != ';'; i++) {
		int d = hex ? hex_value(t[i]) : (t[i] >= '0' && t[i] <= '9' ? t[i] - '0' : -1);
		if (d < 0)
			return 0;
		v = v * (hex ? 16 : 10) + (unsigned long)d;
	}
	if (i == start || i >= n || t[i] != ';' || v > 0x10ffff)
		return 0;
	*cp = (unsigned)v;
	return i + 1;
}

/* One escaped unit at t: a JSON "\u0041" (a surrogate pair joined), "\/"-style escape of a punctuation
 * character, an HTML character reference; *cp gets the code point. Or a "%41" / "\x41" byte escape:
 * *byte set. The length, or 0 when t starts no escape. */
static size_t escaped_unit(const char *t, size_t n, unsigned *cp, bool *byte)
{
	*byte = false;
	if (n >= 2 && t[0] == '\\' && t[1] == 'u') {
		long v = hex_run(t + 2, n - 2, 4);
		if (v < 0)
			return 0;
		long lo = v >= 0xd800 && v < 0xdc00 && n >= 12 && t[6] == '\\' && t[7] == 'u' ? hex_run(t + 8, n - 8, 4) : -1;
		if (lo >= 0xdc00 && lo < 0xe000) {
			*cp = 0x10000 + (((unsigned)v - 0xd800) << 10) + ((unsigned)lo - 0xdc00);
			return 12;
		}
		*cp = (unsigned)v;
		return 6;
	}
	if (t[0] == '%' || (n >= 2 && t[0] == '\\' && t[1] == 'x')) {
		size_t at = t[0] == '%' ? 1 : 2;
		long v = hex_run(t + at, n - at, 2);
		*cp = (unsigned)v;
		*byte = true;
		return v < 0 ? 0 : at + 2;
	}
	if (n >= 2 && t[0] == '\\' && (unsigned char)t[1] < 0x80 && !isalnum((unsigned char)t[1])) {
		*cp = (unsigned char)t[1];
		return 2;
	}
	if (t[0] == '&')
		return html_entity(t, n, cp);
	return 0;
}

/* The UTF-8 bytes of cp into out (at least 4 bytes); their number. */
static size_t utf8_encode(unsigned cp, unsigned char *out)
{
	if (cp < 0x80) {
		out[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (unsigned char)(0xc0 | (cp >> 6));
		out[1] = (unsigned char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (unsigned char)(0xe0 | (cp >> 12));
		out[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (unsigned char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (unsigned char)(0xf0 | (cp >> 18));
	out[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (unsigned char)(0x80 | (cp & 0x3f));
	return 4;
}

/* The length of the echo of sec (sl bytes, sl > 0) that starts at t: each byte of the secret written as
 * itself or escaped (escaped_unit); 0 when there is none. Where both readings fit (a secret holding
 * "&amp;" or "\\\\" itself), the escaped one is tried first, then the raw one. */
static size_t echo_at(const char *t, size_t n, const char *sec, size_t sl)
{
	size_t i = 0, k = 0;
	while (k < sl) {
		if (i >= n)
			return 0;
		unsigned cp;
		bool byte;
		size_t len = escaped_unit(t + i, n - i, &cp, &byte);
		if (len) {
			unsigned char u[4];
			size_t ul = byte ? (u[0] = (unsigned char)cp, 1) : utf8_encode(cp, u);
			if (ul <= sl - k && memcmp(u, sec + k, ul) == 0) {
				if (t[i] != sec[k]) {
					i += len;
					k += ul;
					continue;
				}
				if (k + ul == sl)
					return i + len;
				size_t rest = echo_at(t + i + len, n - i - len, sec + k + ul, sl - k - ul);
				if (rest)
					return i + len + rest;
			}
		}
		if (t[i] != sec[k])
			return 0;
		i++;
		k++;
	}
	return i;
}

/* Whether the byte at t may start an echo of sec: itself, or the start of an escape. */
static bool may_start(char c, const char *sec)
{
	return c == sec[0] || c == '\\' || c == '&' || c == '%';
}

/* 1 and *out (its length in *out_len) when an echo was replaced, 0 when none occurs, -1 when out of
 * memory after one was found. */
static int redact_echoes(const char *text, size_t len, const char *const *secrets, size_t nsecrets, char **out,
                         size_t *out_len)
{
	*out = NULL;
	buf b;
	buf_init(&b);
	bool found = false;
	size_t i = 0, copied = 0;
	while (i < len) {
		size_t hit = 0;
		for (size_t s = 0; s < nsecrets && !hit; s++) {
			size_t sl = secrets[s] ? strlen(secrets[s]) : 0;
			if (sl >= API_REDACT_MIN_SECRET && may_start(text[i], secrets[s]))
				hit = echo_at(text + i, len - i, secrets[s], sl);
		}
		if (!hit) {
			i++;
			continue;
		}
		buf_append(&b, text + copied, i - copied);
		buf_puts(&b, "<redacted>");
		found = true;
		i += hit;
		copied = i;
	}
	if (!found) {
		buf_free(&b);
		return 0;
	}
	buf_append(&b, text + copied, len - copied);
	*out_len = b.len;
	*out = buf_take(&b);
	return *out ? 1 : -1;
}

char *api_redact_echoes(const char *text, size_t len, const char *const *secrets, size_t nsecrets, size_t *out_len)
{
	char *out;
	size_t n = 0;
	if (!text || redact_echoes(text, len, secrets, nsecrets, &out, &n) != 1)
		return NULL;
	if (out_len)
		*out_len = n;
	return out;
}

int api_scrub_echoes(char **text, size_t *len, const char *const *secrets, size_t nsecrets)
{
	if (!*text)
		return 0;
	size_t old = len ? *len : strlen(*text), n = 0;
	char *clean;
	int rc = redact_echoes(*text, old, secrets, nsecrets, &clean, &n);
	if (rc == 0)
		return 0;
	secret_wipe(*text, old); /* an echo was found: the old text goes, whatever happens next */
	if (rc < 0) {
		(*text)[0] = '\0';
		if (len)
			*len = 0;
		return -1;
	}
	free(*text);
	*text = clean;
	if (len)
		*len = n;
	return 1;
}

static size_t collect_tree(const cJSON *node, char **out, size_t n, size_t max)
{
	for (const cJSON *it = node ? node->child : NULL; it && n < max; it = it->next) {
		if (it->string && cJSON_IsString(it) && http_json_key_is_sensitive(it->string) && it->valuestring &&
		    *it->valuestring) {
			out[n] = strdup(it->valuestring);
			n += out[n] != NULL;
		} else {
			n = collect_tree(it, out, n, max);
		}
	}
	return n;
}

size_t api_redact_json_secrets(const char *body, size_t len, char **out, size_t max)
{
	cJSON *root = body ? cJSON_ParseWithLength(body, len) : NULL;
	size_t n = collect_tree(root, out, 0, max);
	redact_tree(root); /* wipes the copies of the secrets in the tree */
	cJSON_Delete(root);
	return n;
}
