/* sign.c — AK/SK request signing (SDK-HMAC-SHA256, the API gateway's scheme); see sign.h. The key is
 * used only inside HMAC(); every buffer that held key material or a security token is wiped before it is
 * freed. */
#define _DEFAULT_SOURCE
#include "swrtui/auth/sign.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include "swrtui/base/buf.h"
#include "swrtui/base/secret.h"
#include "swrtui/http/redact.h"

static const char hexdigits[] = "0123456789abcdef";

int sign_format_date(time_t t, char *out)
{
	struct tm tm;
	if (!gmtime_r(&t, &tm) || tm.tm_year + 1900 < 0 || tm.tm_year + 1900 > 9999) {
		out[0] = '\0';
		return -1;
	}
	size_t n = strftime(out, SIGN_DATE_LEN + 1, "%Y%m%dT%H%M%SZ", &tm);
	return n == SIGN_DATE_LEN ? 0 : -1;
}

static void to_hex(const unsigned char *md, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = hexdigits[md[i] >> 4];
		out[2 * i + 1] = hexdigits[md[i] & 15];
	}
	out[2 * n] = '\0';
}

void sign_sha256_hex(const void *data, size_t len, char *out)
{
	unsigned char md[SHA256_DIGEST_LENGTH];
	SHA256(len ? data : (const void *)"", len, md);
	to_hex(md, sizeof md, out);
}

/* Percent-encode n bytes, keeping only the unreserved set (as buf_put_pct, but NUL bytes allowed). */
static void put_pct_n(buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
		    c == '_' || c == '.' || c == '~') {
			buf_putc(b, (char)c);
		} else {
			char enc[3] = {'%', hex[c >> 4], hex[c & 15]};
			buf_append(b, enc, 3);
		}
	}
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* One path segment, decoded (a '%' not followed by two hex digits stays as it is), then encoded. */
static void put_segment(buf *b, const char *seg, size_t n)
{
	char *dec = malloc(n + 1);
	if (!dec) {
		b->failed = true;
		return;
	}
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		int hi, lo;
		if (seg[i] == '%' && i + 2 < n && (hi = hexval(seg[i + 1])) >= 0 && (lo = hexval(seg[i + 2])) >= 0) {
			dec[m++] = (char)(hi * 16 + lo);
			i += 2;
		} else {
			dec[m++] = seg[i];
		}
	}
	put_pct_n(b, dec, m);
	free(dec);
}

char *sign_canonical_uri(const char *path)
{
	buf b;
	buf_init(&b);
	const char *p = path ? path : "";
	for (;;) {
		const char *slash = strchr(p, '/');
		size_t n = slash ? (size_t)(slash - p) : strlen(p);
		put_segment(&b, p, n);
		if (!slash)
			break;
		buf_putc(&b, '/');
		p = slash + 1;
	}
	if (b.len == 0 || b.data[b.len - 1] != '/')
		buf_putc(&b, '/');
	return buf_take(&b);
}

static int query_cmp(const void *a, const void *b)
{
	const api_query_param *x = a, *y = b;
	int c = strcmp(x->name ? x->name : "", y->name ? y->name : "");
	return c ? c : strcmp(x->value ? x->value : "", y->value ? y->value : "");
}

char *sign_canonical_query(const api_query_param *query, size_t n)
{
	buf b;
	buf_init(&b);
	api_query_param *sorted = n ? malloc(n * sizeof *sorted) : NULL;
	if (n && !sorted)
		return NULL;
	if (n) {
		memcpy(sorted, query, n * sizeof *sorted);
		qsort(sorted, n, sizeof *sorted, query_cmp);
	}
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_putc(&b, '&');
		buf_put_pct(&b, sorted[i].name);
		buf_putc(&b, '=');
		buf_put_pct(&b, sorted[i].value);
	}
	free(sorted);
	return buf_take(&b); /* "" when there is no query */
}

/* A header prepared for the canonical form: lowercase name, value trimmed (not copied). */
typedef struct {
	char *name;
	const char *value;
	size_t value_len;
} canon_header;

static int canon_cmp(const void *a, const void *b)
{
	return strcmp(((const canon_header *)a)->name, ((const canon_header *)b)->name);
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

/* The headers to sign as canonical_headers: names lowercased, values trimmed, any name holding '_'
 * left out; sorted by name. *n receives the count. NULL with *n = 0 when there are none; NULL with
 * *oom set when out of memory. */
static canon_header *canonical_headers(const sign_parts *p, size_t *n, bool *oom)
{
	*n = 0;
	*oom = false;
	canon_header *hs = p->nheaders ? calloc(p->nheaders, sizeof *hs) : NULL;
	if (p->nheaders && !hs) {
		*oom = true;
		return NULL;
	}
	for (size_t i = 0; i < p->nheaders; i++) {
		const char *name = p->headers[i].name, *v = p->headers[i].value ? p->headers[i].value : "";
		if (!name || !*name || strchr(name, '_'))
			continue; /* the gateway never signs a header whose name contains '_' */
		char *lower = strdup(name);
		if (!lower) {
			*oom = true;
			break;
		}
		for (char *c = lower; *c; c++)
			if (*c >= 'A' && *c <= 'Z')
				*c = (char)(*c - 'A' + 'a');
		size_t len = strlen(v);
		while (len > 0 && is_space(*v)) {
			v++;
			len--;
		}
		while (len > 0 && is_space(v[len - 1]))
			len--;
		hs[*n] = (canon_header){.name = lower, .value = v, .value_len = len};
		(*n)++;
	}
	if (*n)
		qsort(hs, *n, sizeof *hs, canon_cmp);
	return hs;
}

/* "name:value\n" for each header into b (on request, the value of a secret header of redact.h, such as
 * x-security-token, redacted), the names joined with ';' into names. */
static void put_canonical_headers(buf *b, buf *names, const canon_header *hs, size_t n, unsigned flags)
{
	for (size_t i = 0; i < n; i++) {
		buf_puts(b, hs[i].name);
		buf_putc(b, ':');
		if ((flags & SIGN_REDACT_SECURITY_TOKEN) && http_header_is_sensitive(hs[i].name))
			buf_puts(b, "<redacted>");
		else
			buf_append(b, hs[i].value, hs[i].value_len);
		buf_putc(b, '\n');
		if (i)
			buf_putc(names, ';');
		buf_puts(names, hs[i].name);
	}
}

/* The canonical request of p over the prepared headers; the signed names into *signed_headers when
 * asked. NULL when out of memory. */
static char *canonical_text(const sign_parts *p, const canon_header *hs, size_t nh, unsigned flags,
                            char **signed_headers)
{
	char *out = NULL;
	buf b, names;
	buf_init(&b);
	buf_init(&names);
	char *uri = sign_canonical_uri(p->path);
	char *query = sign_canonical_query(p->query, p->nquery);
	char hash[SIGN_HEX_LEN + 1];
	sign_sha256_hex(p->body, p->body ? p->body_len : 0, hash);
	buf_printf(&b, "%s\n%s\n%s\n", p->method ? p->method : "", uri ? uri : "", query ? query : "");
	put_canonical_headers(&b, &names, hs, nh, flags);
	buf_putc(&b, '\n');
	buf_append(&b, names.data ? names.data : "", names.len);
	buf_putc(&b, '\n');
	buf_puts(&b, hash);
	if (uri && query) {
		out = buf_take(&b);
		char *list = buf_take(&names);
		if (!out || !list) {
			secret_free(out);
			free(list);
			out = NULL;
		} else if (signed_headers) {
			*signed_headers = list;
		} else {
			free(list);
		}
	}
	/* the canonical form may hold the security token: wipe what is not handed out */
	buf_free(&b);
	buf_free(&names);
	free(uri);
	free(query);
	return out;
}

char *sign_canonical_request(const sign_parts *p, unsigned flags, char **signed_headers)
{
	if (signed_headers)
		*signed_headers = NULL;
	size_t nh;
	bool oom;
	canon_header *hs = canonical_headers(p, &nh, &oom);
	char *out = oom ? NULL : canonical_text(p, hs, nh, flags, signed_headers);
	for (size_t i = 0; i < nh; i++)
		free(hs[i].name);
	free(hs);
	return out;
}

char *sign_string_to_sign(const char *date, const char *canonical_request)
{
	char hash[SIGN_HEX_LEN + 1];
	sign_sha256_hex(canonical_request, strlen(canonical_request), hash);
	buf b;
	buf_init(&b);
	buf_printf(&b, "%s\n%s\n%s", SIGN_ALGORITHM, date, hash);
	return buf_take(&b);
}

int sign_signature(const char *sk, const char *string_to_sign, char *out)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	size_t klen = strlen(sk);
	if (klen == 0 || klen > 4096) {
		out[0] = '\0';
		return -1;
	}
	/* HMAC() keeps its copy of the key in a context that libcrypto cleanses when it is freed */
	unsigned char *r = HMAC(EVP_sha256(), sk, (int)klen, (const unsigned char *)string_to_sign,
	                        strlen(string_to_sign), md, &mdlen);
	if (!r || mdlen != SHA256_DIGEST_LENGTH) {
		secret_wipe(md, sizeof md);
		out[0] = '\0';
		return -1;
	}
	to_hex(md, mdlen, out);
	secret_wipe(md, sizeof md);
	return 0;
}

char *sign_authorization(const char *ak, const char *signed_headers, const char *signature)
{
	buf b;
	buf_init(&b);
	buf_printf(&b, "%s Access=%s, SignedHeaders=%s, Signature=%s", SIGN_ALGORITHM, ak, signed_headers,
	           signature);
	return buf_take(&b);
}

/* ---- signing a request in place ---- */

static void remove_header(api_request *req, const char *name)
{
	size_t j = 0;
	for (size_t i = 0; i < req->nheaders; i++) {
		if (strcasecmp(req->headers[i].name, name) == 0) {
			free(req->headers[i].name);
			secret_free(req->headers[i].value);
		} else {
			req->headers[j++] = req->headers[i];
		}
	}
	req->nheaders = j;
}

static bool printable_token(const char *s, bool allow_space)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f || (!allow_space && (*p == ' ' || *p == ',')))
			return false;
	return true;
}

/* Checks what sign_request() is given. 0, or -1 with err (never showing a secret). */
static int check_sign_inputs(const api_request *req, const char *ak, const char *sk, const char *security_token,
                             char *err, size_t errlen)
{
	if (!ak || !*ak || !printable_token(ak, false)) {
		snprintf(err, errlen, "the access key (AK) is empty or holds a space, comma or control character");
		return -1;
	}
	if (!sk || !*sk) {
		snprintf(err, errlen, "the secret key (SK) is empty");
		return -1;
	}
	if (security_token && *security_token && !printable_token(security_token, false)) {
		snprintf(err, errlen, "the security token holds a space, comma or control character");
		return -1;
	}
	if (!req->host || !*req->host || !req->method || !req->path) {
		snprintf(err, errlen, "the request has no host, method or path to sign");
		return -1;
	}
	return 0;
}

/* Replaces any earlier signature headers with X-Sdk-Date and (temporary keys) X-Security-Token, and
 * sorts the query as it will be signed and sent. 0, or -1 when out of memory. */
static int add_signing_headers(api_request *req, const char *date, const char *security_token)
{
	remove_header(req, "Authorization");
	remove_header(req, "X-Sdk-Date");
	remove_header(req, "X-Security-Token");
	if (api_request_add_header(req, "X-Sdk-Date", date) != 0 ||
	    (security_token && *security_token && api_request_add_header(req, "X-Security-Token", security_token) != 0))
		return -1;
	if (req->nquery)
		qsort(req->query, req->nquery, sizeof *req->query, query_cmp);
	return 0;
}

/* The headers signed, in the order of the SDKs (the canonical form sorts them anyway): content-type
 * (if present), host, x-project-id (if present), x-sdk-date, x-security-token (if present). hs holds 5. */
static size_t headers_to_sign(const api_request *req, const char *date, api_header *hs)
{
	size_t nh = 0;
	const char *ct = api_request_header(req, "Content-Type");
	const char *project = api_request_header(req, "X-Project-Id");
	const char *token = api_request_header(req, "X-Security-Token");
	if (ct)
		hs[nh++] = (api_header){"content-type", (char *)ct};
	hs[nh++] = (api_header){"host", req->host};
	if (project)
		hs[nh++] = (api_header){"x-project-id", (char *)project};
	hs[nh++] = (api_header){"x-sdk-date", (char *)date};
	if (token)
		hs[nh++] = (api_header){"x-security-token", (char *)token};
	return nh;
}

/* Signs parts with sk at date: adds Authorization to req and keeps the canonical request (security
 * token redacted) in req->canonical_request. 0, or -1 with err. */
static int add_signature(api_request *req, const sign_parts *parts, const char *ak, const char *sk, const char *date,
                         bool temporary, char *err, size_t errlen)
{
	char *names = NULL, *shown = NULL, *sts = NULL, *auth = NULL;
	char signature[SIGN_HEX_LEN + 1];
	signature[0] = '\0';
	int rc = -1;
	char *canonical = sign_canonical_request(parts, 0, &names);
	if (!canonical || !(sts = sign_string_to_sign(date, canonical))) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	if (sign_signature(sk, sts, signature) != 0) {
		snprintf(err, errlen, "HMAC-SHA256 is not available from libcrypto");
		goto out;
	}
	auth = sign_authorization(ak, names, signature);
	shown = temporary ? sign_canonical_request(parts, SIGN_REDACT_SECURITY_TOKEN, NULL) : strdup(canonical);
	if (!auth || !shown || api_request_add_header(req, "Authorization", auth) != 0) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	free(req->canonical_request);
	req->canonical_request = shown;
	shown = NULL;
	rc = 0;
out:
	secret_free(canonical);
	secret_free(auth);
	free(shown);
	free(sts);
	free(names);
	secret_wipe(signature, sizeof signature);
	return rc;
}

int sign_request(api_request *req, const char *ak, const char *sk, const char *security_token, time_t now,
                 char *err, size_t errlen)
{
	if (check_sign_inputs(req, ak, sk, security_token, err, errlen) != 0)
		return -1;
	char date[SIGN_DATE_LEN + 1];
	if (sign_format_date(now, date) != 0) {
		snprintf(err, errlen, "the clock gives a date that cannot be signed");
		return -1;
	}
	if (add_signing_headers(req, date, security_token) != 0) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	api_header hs[5];
	sign_parts parts = {
		.method = req->method,
		.path = req->path,
		.query = req->query,
		.nquery = req->nquery,
		.headers = hs,
		.nheaders = headers_to_sign(req, date, hs),
		.body = req->body,
		.body_len = req->body ? req->body_len : 0,
	};
	return add_signature(req, &parts, ak, sk, date, security_token && *security_token, err, errlen);
}
