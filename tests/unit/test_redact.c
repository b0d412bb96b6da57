/* test_redact.c — one list of secrets: the request module's printable form (--dry-run) and the request
 * log redact exactly the headers and JSON members that redact.h names, and nothing else. */
#define _DEFAULT_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "swrtui/base/buf.h"
#include "swrtui/http/http.h"
#include "swrtui/http/redact.h"
#include "swrtui/http/reqlog.h"

static const char *const plain_headers[] = {"Content-Type", "Accept", "X-Project-Id", "X-Sdk-Date",
                                            "User-Agent",   "X-Request-Id"};
#define NPLAIN (sizeof plain_headers / sizeof plain_headers[0])

static size_t count_headers(void)
{
	size_t n = 0;
	while (http_sensitive_header(n))
		n++;
	return n;
}

/* A distinct value per header: "VALUE-<i>-xyz" (a value no other header contains). */
static void value_of(size_t i, char *out, size_t n)
{
	snprintf(out, n, "VALUE-%zu-xyz", i);
}

/* A request carrying every sensitive header (in its own spelling and in lowercase) and a few plain ones,
 * and a JSON body carrying every sensitive key and a plain one. */
static void build(api_request *req)
{
	memset(req, 0, sizeof *req);
	req->method = "POST";
	req->scheme_host = strdup("https://swr-api.cn-north-4.myhuaweicloud.com");
	req->host = strdup("swr-api.cn-north-4.myhuaweicloud.com");
	req->path = strdup("/v2/p/instances/i/registries");
	size_t ns = count_headers();
	char v[64];
	for (size_t i = 0; i < ns; i++) {
		value_of(i, v, sizeof v);
		assert_int_equal(api_request_add_header(req, http_sensitive_header(i), v), 0);
		char lower[64];
		snprintf(lower, sizeof lower, "%s", http_sensitive_header(i));
		for (char *c = lower; *c; c++)
			*c = (char)((*c >= 'A' && *c <= 'Z') ? *c - 'A' + 'a' : *c);
		value_of(100 + i, v, sizeof v);
		assert_int_equal(api_request_add_header(req, lower, v), 0);
	}
	for (size_t i = 0; i < NPLAIN; i++) {
		value_of(1000 + i, v, sizeof v);
		assert_int_equal(api_request_add_header(req, plain_headers[i], v), 0);
	}
	buf b;
	buf_init(&b);
	buf_puts(&b, "{\"outer\":{");
	for (size_t i = 0; http_sensitive_json_key(i); i++)
		buf_printf(&b, "\"%s\":\"JSON-%zu-xyz\",", http_sensitive_json_key(i), i);
	buf_puts(&b, "\"access_key\":\"JSON-plain-xyz\"}}");
	req->body_len = b.len;
	req->body = buf_take(&b);
	assert_non_null(req->body);
}

/* Which of the request's header values and JSON values appear in text: one flag per header, then one
 * per sensitive JSON key, then the plain JSON value. */
static void shown(const api_request *req, const char *text, bool *flags)
{
	size_t k = 0;
	for (size_t i = 0; i < req->nheaders; i++)
		flags[k++] = strstr(text, req->headers[i].value) != NULL;
	char v[64];
	for (size_t i = 0; http_sensitive_json_key(i); i++) {
		snprintf(v, sizeof v, "JSON-%zu-xyz", i);
		flags[k++] = strstr(text, v) != NULL;
	}
	flags[k++] = strstr(text, "JSON-plain-xyz") != NULL;
}

static void test_the_request_module_and_the_log_redact_the_same_headers_and_keys(void **state)
{
	(void)state;
	api_request req;
	build(&req);
	char *dry = api_request_format(&req, API_FORMAT_REDACT);
	assert_non_null(dry);
	api_result res;
	memset(&res, 0, sizeof res);
	res.status = 201;
	reqlog l;
	reqlog_init(&l, 2);
	reqlog_observe(&l, &req, &res);
	char *logged = reqlog_format(reqlog_get(&l, 0));
	assert_non_null(logged);

	size_t nkeys = 0;
	while (http_sensitive_json_key(nkeys))
		nkeys++;
	size_t nflags = req.nheaders + nkeys + 1;
	bool *a = calloc(nflags, sizeof *a), *b = calloc(nflags, sizeof *b);
	assert_non_null(a);
	assert_non_null(b);
	shown(&req, dry, a);
	shown(&req, logged, b);
	size_t k = 0;
	for (size_t i = 0; i < req.nheaders; i++, k++) {
		bool secret = http_header_is_sensitive(req.headers[i].name);
		if (a[k] != !secret || b[k] != !secret)
			fail_msg("header %s: expected %s in both, got --dry-run %s, log %s", req.headers[i].name,
			         secret ? "redacted" : "shown", a[k] ? "shown" : "redacted", b[k] ? "shown" : "redacted");
	}
	for (size_t i = 0; http_sensitive_json_key(i); i++, k++)
		if (a[k] || b[k])
			fail_msg("JSON key %s: expected redacted in both, got --dry-run %s, log %s", http_sensitive_json_key(i),
			         a[k] ? "shown" : "redacted", b[k] ? "shown" : "redacted");
	assert_true(a[k] && b[k]); /* access_key is not a secret */
	free(a);
	free(b);
	free(dry);
	free(logged);
	reqlog_free(&l);
	api_request_free(&req);
}

static void test_the_lists_name_the_known_secrets(void **state)
{
	(void)state;
	static const char *const headers[] = {"X-Auth-Token", "x-security-token", "X-SUBJECT-TOKEN", "Authorization",
	                                      "Proxy-Authorization", "Cookie", "Set-Cookie"};
	for (size_t i = 0; i < sizeof headers / sizeof headers[0]; i++)
		assert_true(http_header_is_sensitive(headers[i]));
	assert_int_equal(count_headers(), sizeof headers / sizeof headers[0]);
	assert_false(http_header_is_sensitive("Content-Type"));
	assert_false(http_header_is_sensitive("X-Auth-Token-Hint"));
	assert_false(http_header_is_sensitive(NULL));
	static const char *const keys[] = {"access_secret", "password", "secret", "passcode"};
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		assert_true(http_json_key_is_sensitive(keys[i]));
	assert_null(http_sensitive_json_key(sizeof keys / sizeof keys[0]));
	assert_false(http_json_key_is_sensitive("access_key"));
	assert_false(http_json_key_is_sensitive("Password")); /* JSON names are exact */
	assert_false(http_json_key_is_sensitive(NULL));
}

static void test_a_passcode_is_redacted_in_a_body(void **state)
{
	(void)state;
	const char *body = "{\"auth\":{\"identity\":{\"totp\":{\"user\":{\"id\":\"u\",\"passcode\":\"123456\"}}}}}";
	char *out = api_redact_body(body, strlen(body));
	assert_non_null(out);
	assert_null(strstr(out, "123456"));
	assert_non_null(strstr(out, "\"passcode\":\"<redacted>\""));
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_the_request_module_and_the_log_redact_the_same_headers_and_keys),
		cmocka_unit_test(test_the_lists_name_the_known_secrets),
		cmocka_unit_test(test_a_passcode_is_redacted_in_a_body),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
