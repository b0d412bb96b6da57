/* test_redact.c — one list of secrets: the request module's printable form (--dry-run) and the request
 * log redact exactly the headers and JSON members that redact.h names, and nothing else; a secret
 * echoed by a server, raw or escaped in any way, is found and redacted. */
#define _DEFAULT_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

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

/* ---- echoes of a secret, raw or escaped ---- */

static const char *const ECHO_SECRETS[] = {"tok/en+SECRET42", "s\xc3\xa9" "cr\xc3\xa8" "t-\xf0\x9f\x98\x80-key"};

/* api_redact_echoes over text with the two secrets above; NULL when it found nothing. */
static char *echoes(const char *text)
{
	size_t len = 0;
	char *out = api_redact_echoes(text, strlen(text), ECHO_SECRETS, 2, &len);
	if (out)
		assert_int_equal(len, strlen(out));
	return out;
}

static void expect_echoes(const char *text, const char *expected)
{
	char *got = echoes(text);
	if (!got)
		fail_msg("no echo found in \"%s\", expected \"%s\"", text, expected);
	assert_string_equal(got, expected);
	free(got);
}

static void test_an_echo_as_it_is_is_redacted_each_time(void **state)
{
	(void)state;
	expect_echoes("a tok/en+SECRET42 b tok/en+SECRET42tok/en+SECRET42", "a <redacted> b <redacted><redacted>");
}

static void test_an_echo_in_json_unicode_escapes_is_redacted(void **state)
{
	(void)state;
	expect_echoes("{\"m\":\"x \\u0074\\u006F\\u006b\\u002f\\u0065\\u006e\\u002b\\u0053\\u0045\\u0043\\u0052"
	              "\\u0045\\u0054\\u0034\\u0032 y\"}",
	              "{\"m\":\"x <redacted> y\"}");
	/* escapes and plain characters mixed, and "\/" */
	expect_echoes("\"tok\\/en\\u002bSECRET\\u00342\"", "\"<redacted>\"");
}

static void test_a_non_ascii_secret_is_found_through_unicode_escapes_and_surrogate_pairs(void **state)
{
	(void)state;
	expect_echoes("s\\u00e9cr\\u00E8t-\\ud83d\\ude00-key!", "<redacted>!");
	expect_echoes("s\xc3\xa9" "cr&#232;t-&#x1F600;-key", "<redacted>");
}

static void test_an_echo_in_html_and_url_escapes_is_redacted(void **state)
{
	(void)state;
	expect_echoes("<p>&#116;&#x6f;k&#47;en&#43;SECRET42</p>", "<p><redacted></p>");
	expect_echoes("?q=tok%2Fen%2bSECRET42&x", "?q=<redacted>&x");
	expect_echoes("tok\\x2fen+SECRET42", "<redacted>");
}

static void test_text_without_an_echo_gives_null(void **state)
{
	(void)state;
	assert_null(echoes("nothing here: tok/en+SECRET4, \\u0074ok, %, &#, \\"));
	assert_null(echoes(""));
	/* an escape cut at the end of the text is read no further */
	assert_null(echoes("tok/en+SECRET4\\u003"));
	assert_null(echoes("tok/en+SECRET4%3"));
	assert_null(echoes("tok/en+SECRET4&#5"));
}

static void test_a_short_secret_is_not_looked_for(void **state)
{
	(void)state;
	const char *const shorts[] = {"abc", NULL, ""};
	assert_null(api_redact_echoes("abc abc", 7, shorts, 3, NULL));
}

static void test_a_raw_backslash_in_a_secret_still_matches(void **state)
{
	(void)state;
	const char *const secrets[] = {"ab\\u0041cd"};
	char *got = api_redact_echoes("x ab\\u0041cd y", 14, secrets, 1, NULL);
	assert_non_null(got);
	assert_string_equal(got, "x <redacted> y");
	free(got);
}

static void test_a_secret_holding_an_escape_itself_is_found_as_it_is_and_decoded(void **state)
{
	(void)state;
	const char *const secrets[] = {"a&amp;b\\\\cd"}; /* a&amp;b\\cd */
	const char *text = "1 a&amp;b\\\\cd 2 a&amp;amp;b\\\\\\\\cd 3 a\\u0026amp;b\\\\cd";
	char *got = api_redact_echoes(text, strlen(text), secrets, 1, NULL);
	assert_non_null(got);
	assert_string_equal(got, "1 <redacted> 2 <redacted> 3 <redacted>");
	free(got);
}

static void test_the_secret_members_a_request_sends_are_collected(void **state)
{
	(void)state;
	const char *body = "{\"name\":\"n\",\"credential\":{\"access_key\":\"ak\",\"access_secret\":\"REG-SECRET-1\"},"
	                   "\"auth\":{\"identity\":{\"password\":{\"user\":{\"password\":\"Passw0rd!\"}}}}}";
	char *out[4] = {0};
	size_t n = api_redact_json_secrets(body, strlen(body), out, 4);
	assert_int_equal(n, 2);
	assert_string_equal(out[0], "REG-SECRET-1");
	assert_string_equal(out[1], "Passw0rd!");
	for (size_t i = 0; i < n; i++)
		free(out[i]);
	assert_int_equal(api_redact_json_secrets("<html>", 6, out, 4), 0);
	assert_int_equal(api_redact_json_secrets(body, strlen(body), out, 1), 1);
	free(out[0]);
}

/* In place: a redacted copy replaces the text; nothing found leaves it; lengths follow. */
static void test_scrub_replaces_the_text_in_place_or_leaves_it(void **state)
{
	(void)state;
	char *text = strdup("token tok/en+SECRET42 echoed");
	size_t len = strlen(text);
	assert_int_equal(api_scrub_echoes(&text, &len, ECHO_SECRETS, 2), 1);
	assert_string_equal(text, "token <redacted> echoed");
	assert_int_equal(len, strlen(text));
	assert_int_equal(api_scrub_echoes(&text, &len, ECHO_SECRETS, 2), 0);
	assert_string_equal(text, "token <redacted> echoed");
	free(text);
}

/* Out of memory while the copy is made: the text is wiped, never kept with the secret in it. In a child
 * whose address space is capped just above what it uses, so that the 16 MiB copy cannot be had. (Not
 * under AddressSanitizer, which needs its address space.) */
static void test_scrub_out_of_memory_wipes_the_text_rather_than_keep_the_secret(void **state)
{
	(void)state;
#if defined(__SANITIZE_ADDRESS__)
	skip();
#else
	size_t big = 16u << 20;
	char *text = malloc(big + 1);
	assert_non_null(text);
	memset(text, 'a', big);
	memcpy(text + big / 2, ECHO_SECRETS[0], strlen(ECHO_SECRETS[0]));
	text[big] = '\0';
	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		FILE *st = fopen("/proc/self/status", "r");
		char line[256];
		unsigned long vm_kb = 0;
		while (st && fgets(line, sizeof line, st))
			if (sscanf(line, "VmSize: %lu kB", &vm_kb) == 1)
				break;
		if (st)
			fclose(st);
		struct rlimit lim = {(vm_kb + 4096) * 1024, (vm_kb + 4096) * 1024};
		if (vm_kb == 0 || setrlimit(RLIMIT_AS, &lim) != 0)
			_exit(3);
		size_t len = big;
		int rc = api_scrub_echoes(&text, &len, ECHO_SECRETS, 2);
		size_t left = 0; /* every byte of the old text wiped */
		for (size_t i = 0; i < big; i++)
			left += text[i] != '\0';
		_exit(rc == -1 && len == 0 && left == 0 ? 0 : 1);
	}
	int status = 0;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	free(text);
#endif
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_the_request_module_and_the_log_redact_the_same_headers_and_keys),
		cmocka_unit_test(test_the_lists_name_the_known_secrets),
		cmocka_unit_test(test_a_passcode_is_redacted_in_a_body),
		cmocka_unit_test(test_an_echo_as_it_is_is_redacted_each_time),
		cmocka_unit_test(test_an_echo_in_json_unicode_escapes_is_redacted),
		cmocka_unit_test(test_a_non_ascii_secret_is_found_through_unicode_escapes_and_surrogate_pairs),
		cmocka_unit_test(test_an_echo_in_html_and_url_escapes_is_redacted),
		cmocka_unit_test(test_text_without_an_echo_gives_null),
		cmocka_unit_test(test_a_short_secret_is_not_looked_for),
		cmocka_unit_test(test_a_raw_backslash_in_a_secret_still_matches),
		cmocka_unit_test(test_a_secret_holding_an_escape_itself_is_found_as_it_is_and_decoded),
		cmocka_unit_test(test_the_secret_members_a_request_sends_are_collected),
		cmocka_unit_test(test_scrub_replaces_the_text_in_place_or_leaves_it),
		cmocka_unit_test(test_scrub_out_of_memory_wipes_the_text_rather_than_keep_the_secret),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
