/* fuzz_sign.c — libFuzzer target for the AK/SK signer: the input is a request (method, host, path, query
 * and header lines, an empty line, the body); its canonical URI, canonical query, canonical request and
 * signature are computed and checked, and the request is signed in place as the client signs it. */
#define _GNU_SOURCE /* memmem */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fuzz.h"
#include "swrtui/http/http.h"
#include "swrtui/auth/sign.h"

#define AK "HPUAEXAMPLEAK0000001"
#define SK "ExampleSecretKey0123456789abcdefghijABCD"
#define NOW ((time_t)1705305600) /* 2024-01-15T08:00:00Z */
#define MAX_FIELDS 32

static bool unreserved(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
	       c == '.' || c == '~';
}

static bool upper_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
}

/* s[0..n) is percent-encoded text: unreserved characters and %XX only (plus '/' when slash_ok). */
static void check_encoded(const char *s, size_t n, bool slash_ok)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%') {
			FUZZ_ASSERT(i + 2 < n && upper_hex(s[i + 1]) && upper_hex(s[i + 2]));
			i += 2;
		} else {
			FUZZ_ASSERT(unreserved(s[i]) || (slash_ok && s[i] == '/'));
		}
	}
}

/* Decodes %XX escapes of s[0..n) into a malloc'd string (a decoded NUL cannot occur: the inputs hold none). */
static char *decode(const char *s, size_t n)
{
	char *out = malloc(n + 1);
	FUZZ_ASSERT(out != NULL);
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%') {
			unsigned v = 0;
			for (int k = 1; k <= 2; k++)
				v = v * 16 + (unsigned)(s[i + k] <= '9' ? s[i + k] - '0' : s[i + k] - 'A' + 10);
			out[o++] = (char)v;
			i += 2;
		} else {
			out[o++] = s[i];
		}
	}
	out[o] = '\0';
	FUZZ_ASSERT(strlen(out) == o);
	return out;
}

static int pair_cmp(const void *a, const void *b)
{
	const api_query_param *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	return c ? c : strcmp(x->value, y->value);
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void check_uri(const char *path)
{
	char *uri = sign_canonical_uri(path);
	FUZZ_ASSERT(uri != NULL);
	size_t n = strlen(uri);
	FUZZ_ASSERT(n >= 1 && uri[n - 1] == '/');
	FUZZ_ASSERT(path[0] != '/' || uri[0] == '/');
	check_encoded(uri, n, true);
	/* canonical already: a second pass changes nothing */
	char *again = sign_canonical_uri(uri);
	FUZZ_ASSERT(again != NULL && strcmp(again, uri) == 0);
	free(again);
	free(uri);
}

/* The canonical query holds the same pairs, sorted by name then value (raw bytes), each encoded. */
static void check_query(const api_query_param *query, size_t n)
{
	api_query_param *before = n ? malloc(n * sizeof *before) : NULL;
	FUZZ_ASSERT(!n || before);
	if (n)
		memcpy(before, query, n * sizeof *before);
	char *q = sign_canonical_query(query, n);
	FUZZ_ASSERT(q != NULL);
	FUZZ_ASSERT(!n || memcmp(before, query, n * sizeof *before) == 0); /* the input is not reordered */
	if (n)
		qsort(before, n, sizeof *before, pair_cmp);
	size_t i = 0;
	for (const char *p = q; n && p;) {
		const char *amp = strchr(p, '&');
		size_t len = amp ? (size_t)(amp - p) : strlen(p);
		const char *eq = memchr(p, '=', len);
		FUZZ_ASSERT(eq != NULL && i < n);
		check_encoded(p, (size_t)(eq - p), false);
		check_encoded(eq + 1, len - (size_t)(eq - p) - 1, false);
		char *name = decode(p, (size_t)(eq - p)), *value = decode(eq + 1, len - (size_t)(eq - p) - 1);
		FUZZ_ASSERT(strcmp(name, before[i].name) == 0 && strcmp(value, before[i].value) == 0);
		free(name);
		free(value);
		i++;
		p = amp ? amp + 1 : NULL;
	}
	FUZZ_ASSERT(i == n && (n || q[0] == '\0'));
	free(q);
	free(before);
}

static void check_canonical_request(const api_request *req)
{
	sign_parts parts = {req->method, req->path, req->query, req->nquery, req->headers, req->nheaders,
	                    req->body, req->body_len};
	char *names = NULL;
	char *canonical = sign_canonical_request(&parts, 0, &names);
	FUZZ_ASSERT(canonical != NULL && names != NULL);
	/* METHOD \n URI \n QUERY \n ... \n SIGNEDHEADERS \n PAYLOADHASH */
	char *uri = sign_canonical_uri(req->path), *query = sign_canonical_query(req->query, req->nquery);
	size_t ml = strlen(req->method), ul = strlen(uri), ql = strlen(query);
	FUZZ_ASSERT(strncmp(canonical, req->method, ml) == 0 && canonical[ml] == '\n');
	FUZZ_ASSERT(strncmp(canonical + ml + 1, uri, ul) == 0 && canonical[ml + 1 + ul] == '\n');
	FUZZ_ASSERT(strncmp(canonical + ml + ul + 2, query, ql) == 0 && canonical[ml + ul + ql + 2] == '\n');
	char hash[SIGN_HEX_LEN + 1];
	sign_sha256_hex(req->body, req->body ? req->body_len : 0, hash);
	size_t cl = strlen(canonical), nl = strlen(names);
	FUZZ_ASSERT(cl > SIGN_HEX_LEN + nl + 1 && strcmp(canonical + cl - SIGN_HEX_LEN, hash) == 0);
	FUZZ_ASSERT(canonical[cl - SIGN_HEX_LEN - 1] == '\n');
	FUZZ_ASSERT(strncmp(canonical + cl - SIGN_HEX_LEN - 1 - nl, names, nl) == 0);
	/* signed headers: every named header without '_', lowercase, sorted, joined by ';' */
	char **expected = req->nheaders ? calloc(req->nheaders, sizeof *expected) : NULL;
	FUZZ_ASSERT(!req->nheaders || expected);
	size_t ne = 0, total = 0;
	for (size_t i = 0; i < req->nheaders; i++) {
		const char *name = req->headers[i].name;
		if (!name[0] || strchr(name, '_'))
			continue;
		char *lower = strdup(name);
		FUZZ_ASSERT(lower != NULL);
		for (char *c = lower; *c; c++)
			if (*c >= 'A' && *c <= 'Z')
				*c = (char)(*c - 'A' + 'a');
		expected[ne++] = lower;
		total += strlen(lower) + 1;
	}
	if (ne)
		qsort(expected, ne, sizeof *expected, str_cmp);
	char *list = calloc(total + 1, 1);
	FUZZ_ASSERT(list != NULL);
	for (size_t i = 0; i < ne; i++) {
		if (i)
			strcat(list, ";");
		strcat(list, expected[i]);
		free(expected[i]);
	}
	FUZZ_ASSERT(strcmp(list, names) == 0);
	free(list);
	free(expected);
	char *sts = sign_string_to_sign("20240115T080000Z", canonical);
	char sig[SIGN_HEX_LEN + 1];
	FUZZ_ASSERT(sts != NULL && sign_signature(SK, sts, sig) == 0 && strlen(sig) == SIGN_HEX_LEN);
	char *auth = sign_authorization(AK, names, sig);
	FUZZ_ASSERT(auth != NULL && strstr(auth, sig) != NULL);
	char *redacted = sign_canonical_request(&parts, SIGN_REDACT_SECURITY_TOKEN, NULL);
	FUZZ_ASSERT(redacted != NULL);
	free(redacted);
	free(auth);
	free(sts);
	free(uri);
	free(query);
	free(names);
	free(canonical);
}

static void check_signed(api_request *req, const char *security_token, const uint8_t *input, size_t input_len)
{
	char err[256];
	if (sign_request(req, AK, SK, security_token, NOW, err, sizeof err) != 0) {
		FUZZ_ASSERT(err[0] != '\0' && !strstr(err, SK));
		return;
	}
	size_t nauth = 0, ndate = 0;
	const char *auth = NULL;
	for (size_t i = 0; i < req->nheaders; i++) {
		if (strcasecmp(req->headers[i].name, "Authorization") == 0) {
			nauth++;
			auth = req->headers[i].value;
		}
		if (strcasecmp(req->headers[i].name, "X-Sdk-Date") == 0)
			ndate++;
	}
	FUZZ_ASSERT(nauth == 1 && ndate == 1 && strcmp(api_request_header(req, "X-Sdk-Date"), "20240115T080000Z") == 0);
	static const char prefix[] = SIGN_ALGORITHM " Access=" AK ", SignedHeaders=";
	FUZZ_ASSERT(strncmp(auth, prefix, sizeof prefix - 1) == 0);
	const char *sig = strstr(auth, ", Signature=");
	FUZZ_ASSERT(sig && strlen(sig + 12) == SIGN_HEX_LEN);
	FUZZ_ASSERT(req->canonical_request != NULL);
	for (size_t i = 1; i < req->nquery; i++) /* sent in the order it was signed */
		FUZZ_ASSERT(pair_cmp(&req->query[i - 1], &req->query[i]) <= 0);
	/* the printed, redacted request never shows the signature (unless the input itself holds it: headers
	 * that are not signed may carry anything, and libFuzzer learns the strings compared here) */
	char *shown = api_request_format(req, API_FORMAT_REDACT);
	FUZZ_ASSERT(shown != NULL);
	if (!memmem(input, input_len, sig + 12, SIGN_HEX_LEN))
		FUZZ_ASSERT(!strstr(shown, sig + 12));
	free(shown);
	char *url = api_request_url(req);
	FUZZ_ASSERT(url != NULL);
	free(url);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_stream in = {data, size, 0};
	const uint8_t *line;
	size_t n;
	api_request req;
	memset(&req, 0, sizeof req);
	char *method = fuzz_line(&in, &line, &n) ? fuzz_strndup(line, n) : fuzz_strndup("GET", 3);
	req.method = method;
	req.host = fuzz_line(&in, &line, &n) ? fuzz_strndup(line, n) : fuzz_strndup("", 0);
	req.path = fuzz_line(&in, &line, &n) ? fuzz_strndup(line, n) : fuzz_strndup("", 0);
	req.scheme_host = fuzz_strndup("https://h", 9);
	char *security_token = NULL;
	bool blank = false;
	for (int fields = 0; fields < MAX_FIELDS && fuzz_line(&in, &line, &n); fields++) {
		if (n == 0) {
			blank = true;
			break;
		}
		if (line[0] == '?') { /* ?name=value */
			const uint8_t *eq = memchr(line, '=', n);
			size_t nl = eq ? (size_t)(eq - line) - 1 : n - 1;
			char *name = fuzz_strndup(line + 1, nl), *value = eq ? fuzz_strndup(eq + 1, n - nl - 2) : fuzz_strndup("", 0);
			FUZZ_ASSERT(api_request_add_query(&req, name, value) == 0);
			free(name);
			free(value);
		} else if (line[0] == '!') { /* !security token */
			free(security_token);
			security_token = fuzz_strndup(line + 1, n - 1);
		} else { /* Name: value */
			const uint8_t *colon = memchr(line, ':', n);
			size_t nl = colon ? (size_t)(colon - line) : n;
			char *name = fuzz_strndup(line, nl), *value = colon ? fuzz_strndup(colon + 1, n - nl - 1) : fuzz_strndup("", 0);
			FUZZ_ASSERT(api_request_add_header(&req, name, value) == 0);
			free(name);
			free(value);
		}
	}
	if (blank) {
		req.body_len = size - in.pos;
		req.body = malloc(req.body_len + 1);
		FUZZ_ASSERT(req.body != NULL);
		memcpy(req.body, data + in.pos, req.body_len);
		req.body[req.body_len] = '\0';
	}

	check_uri(req.path);
	check_query(req.query, req.nquery);
	check_canonical_request(&req);
	check_signed(&req, security_token, data, size);
	/* signing twice replaces the signature headers instead of adding to them */
	check_signed(&req, security_token, data, size);

	free(security_token);
	api_request_free(&req);
	free(method);
	return 0;
}
