/* test_api_request.c — unit tests of the request value (http/request.c): the URL that is sent with its
 * percent-encoded query, the printable form with and without redaction, body redaction, header lookup;
 * of the growable buffer (buf.c); and of the region endpoint (api_region_endpoint). */
#define _DEFAULT_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "swrtui/http/http.h"
#include "swrtui/swr/swr.h"
#include "swrtui/base/buf.h"

#define assert_contains(hay, needle)                                                                    \
	do {                                                                                            \
		const char *hay_ = (hay), *needle_ = (needle);                                          \
		if (!hay_ || !strstr(hay_, needle_))                                                    \
			fail_msg("expected \"%s\" to contain \"%s\"", hay_ ? hay_ : "(null)", needle_); \
	} while (0)

#define assert_not_contains(hay, needle)                                                            \
	do {                                                                                        \
		const char *hay_ = (hay), *needle_ = (needle);                                      \
		if (hay_ && strstr(hay_, needle_))                                                  \
			fail_msg("expected \"%s\" not to contain \"%s\"", hay_, needle_);           \
	} while (0)

#define TOKEN "MIIEtoken.Secret-1234567890"

/* A request as the builders make it: GET on the registries path of a project and instance. */
static void make_request(api_request *req, const char *method)
{
	memset(req, 0, sizeof *req);
	req->method = method;
	req->scheme_host = strdup("https://swr-api.cn-north-4.myhuaweicloud.com");
	req->host = strdup("swr-api.cn-north-4.myhuaweicloud.com");
	req->path = strdup("/v2/p1/instances/i1/registries");
	assert_non_null(req->scheme_host);
	assert_non_null(req->host);
	assert_non_null(req->path);
}

static void set_body(api_request *req, const char *body)
{
	req->body = strdup(body);
	assert_non_null(req->body);
	req->body_len = strlen(body);
}

static void expect_url(const api_request *req, const char *expected)
{
	char *url = api_request_url(req);
	assert_non_null(url);
	assert_string_equal(url, expected);
	free(url);
}

/* ---- api_request_url ---- */

static void test_url_without_query_is_scheme_host_and_path(void **state)
{
	(void)state;
	api_request req;
	make_request(&req, "GET");
	expect_url(&req, "https://swr-api.cn-north-4.myhuaweicloud.com/v2/p1/instances/i1/registries");
	api_request_free(&req);
}

static void test_url_query_in_the_order_added(void **state)
{
	(void)state;
	api_request req;
	make_request(&req, "GET");
	assert_int_equal(api_request_add_query(&req, "order_column", "name"), 0);
	assert_int_equal(api_request_add_query(&req, "offset", "0"), 0);
	assert_int_equal(api_request_add_query(&req, "limit", "10"), 0);
	expect_url(&req, "https://swr-api.cn-north-4.myhuaweicloud.com/v2/p1/instances/i1/registries"
	                 "?order_column=name&offset=0&limit=10");
	api_request_free(&req);
}

static void test_url_keeps_only_unreserved_characters(void **state)
{
	(void)state;
	api_request req;
	make_request(&req, "GET");
	assert_int_equal(api_request_add_query(&req, "name", "AZaz09-_.~"), 0);
	assert_int_equal(api_request_add_query(&req, "x", "!*'();:@&=+$,/?#[]%\"<>\\^`{|}"), 0);
	expect_url(&req, "https://swr-api.cn-north-4.myhuaweicloud.com/v2/p1/instances/i1/registries"
	                 "?name=AZaz09-_.~"
	                 "&x=%21%2A%27%28%29%3B%3A%40%26%3D%2B%24%2C%2F%3F%23%5B%5D%25%22%3C%3E%5C%5E%60%7B%7C%7D");
	api_request_free(&req);
}

static void test_url_encodes_space_as_percent_20(void **state)
{
	(void)state;
	api_request req;
	make_request(&req, "GET");
	assert_int_equal(api_request_add_query(&req, "name", "my reg"), 0);
	expect_url(&req, "https://swr-api.cn-north-4.myhuaweicloud.com/v2/p1/instances/i1/registries?name=my%20reg");
	api_request_free(&req);
}

static void test_url_encodes_query_names_too(void **state)
{
	(void)state;
	api_request req;
	make_request(&req, "GET");
	assert_int_equal(api_request_add_query(&req, "a b&c", "v=1"), 0);
	expect_url(&req, "https://swr-api.cn-north-4.myhuaweicloud.com/v2/p1/instances/i1/registries?a%20b%26c=v%3D1");
	api_request_free(&req);
}

static void test_url_encodes_each_utf8_byte_in_uppercase_hex(void **state)
{
	(void)state;
	api_request req;
	make_request(&req, "GET");
	/* "é" = C3 A9, "镜" = E9 95 9C, control characters and DEL too */
	assert_int_equal(api_request_add_query(&req, "name", "caf\xc3\xa9-\xe9\x95\x9c\t\x7f"), 0);
	expect_url(&req, "https://swr-api.cn-north-4.myhuaweicloud.com/v2/p1/instances/i1/registries"
	                 "?name=caf%C3%A9-%E9%95%9C%09%7F");
	api_request_free(&req);
}

static void test_url_empty_query_value(void **state)
{
	(void)state;
	api_request req;
	make_request(&req, "GET");
	assert_int_equal(api_request_add_query(&req, "name", ""), 0);
	assert_int_equal(api_request_add_query(&req, "type", NULL), 0);
	expect_url(&req, "https://swr-api.cn-north-4.myhuaweicloud.com/v2/p1/instances/i1/registries?name=&type=");
	api_request_free(&req);
}

/* ---- api_request_header ---- */

static void test_header_lookup_is_case_insensitive(void **state)
{
	(void)state;
	api_request req;
	make_request(&req, "GET");
	assert_int_equal(api_request_add_header(&req, "Content-Type", "application/json"), 0);
	assert_int_equal(api_request_add_header(&req, "X-Auth-Token", TOKEN), 0);
	assert_string_equal(api_request_header(&req, "content-type"), "application/json");
	assert_string_equal(api_request_header(&req, "CONTENT-TYPE"), "application/json");
	assert_string_equal(api_request_header(&req, "x-auth-token"), TOKEN);
	assert_null(api_request_header(&req, "X-Auth"));
	assert_null(api_request_header(&req, "Authorization"));
	api_request_free(&req);
}

static void test_header_lookup_returns_the_first_of_duplicates(void **state)
{
	(void)state;
	api_request req;
	make_request(&req, "GET");
	assert_int_equal(api_request_add_header(&req, "X-Trace", "one"), 0);
	assert_int_equal(api_request_add_header(&req, "x-trace", "two"), 0);
	assert_int_equal(req.nheaders, 2);
	assert_string_equal(api_request_header(&req, "X-TRACE"), "one");
	api_request_free(&req);
}

static void test_header_lookup_on_request_without_headers(void **state)
{
	(void)state;
	api_request req;
	make_request(&req, "GET");
	assert_null(api_request_header(&req, "Content-Type"));
	api_request_free(&req);
}

/* ---- api_request_format ---- */

static const char body_with_secret[] =
	"{\"name\":\"reg1\",\"type\":\"swr-pro\",\"url\":\"https://harbor.example.com\","
	"\"credential\":{\"type\":\"basic\",\"access_key\":\"admin\",\"access_secret\":\"Harbor12345\"},"
	"\"insecure\":false}";

static void make_full_request(api_request *req)
{
	make_request(req, "PUT");
	free(req->path);
	req->path = strdup("/v2/p1/instances/i1/registries/7");
	assert_non_null(req->path);
	assert_int_equal(api_request_add_header(req, "Content-Type", "application/json"), 0);
	assert_int_equal(api_request_add_header(req, "X-Project-Id", "p1"), 0);
	assert_int_equal(api_request_add_header(req, "X-Auth-Token", TOKEN), 0);
	assert_int_equal(api_request_add_header(req, "Authorization",
	                                        "SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature=abcdef"),
	                 0);
	assert_int_equal(api_request_add_header(req, "x-security-token", "STS-temporary"), 0);
	set_body(req, body_with_secret);
}

static void test_format_without_redaction_shows_everything_verbatim(void **state)
{
	(void)state;
	api_request req;
	make_full_request(&req);
	char *out = api_request_format(&req, 0);
	assert_non_null(out);
	assert_string_equal(out, "PUT https://swr-api.cn-north-4.myhuaweicloud.com/v2/p1/instances/i1/registries/7\n"
	                         "Host: swr-api.cn-north-4.myhuaweicloud.com\n"
	                         "Content-Type: application/json\n"
	                         "X-Project-Id: p1\n"
	                         "X-Auth-Token: " TOKEN "\n"
	                         "Authorization: SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature=abcdef\n"
	                         "x-security-token: STS-temporary\n"
	                         "Content-Length: 165\n"
	                         "\n"
	                         "{\"name\":\"reg1\",\"type\":\"swr-pro\",\"url\":\"https://harbor.example.com\","
	                         "\"credential\":{\"type\":\"basic\",\"access_key\":\"admin\",\"access_secret\":"
	                         "\"Harbor12345\"},\"insecure\":false}\n");
	free(out);
	api_request_free(&req);
}

static void test_format_redacted_hides_tokens_signature_and_access_secret(void **state)
{
	(void)state;
	api_request req;
	make_full_request(&req);
	char *out = api_request_format(&req, API_FORMAT_REDACT);
	assert_non_null(out);
	assert_string_equal(out, "PUT https://swr-api.cn-north-4.myhuaweicloud.com/v2/p1/instances/i1/registries/7\n"
	                         "Host: swr-api.cn-north-4.myhuaweicloud.com\n"
	                         "Content-Type: application/json\n"
	                         "X-Project-Id: p1\n"
	                         "X-Auth-Token: <redacted>\n"
	                         "Authorization: <redacted>\n"
	                         "x-security-token: <redacted>\n"
	                         "Content-Length: 165\n"
	                         "\n"
	                         "{\"name\":\"reg1\",\"type\":\"swr-pro\",\"url\":\"https://harbor.example.com\","
	                         "\"credential\":{\"type\":\"basic\",\"access_key\":\"admin\",\"access_secret\":"
	                         "\"<redacted>\"},\"insecure\":false}\n");
	assert_not_contains(out, TOKEN);
	assert_not_contains(out, "Harbor12345");
	assert_not_contains(out, "STS-temporary");
	assert_not_contains(out, "abcdef");
	free(out);
	/* formatting does not change the request itself */
	assert_string_equal(api_request_header(&req, "X-Auth-Token"), TOKEN);
	assert_string_equal(req.body, body_with_secret);
	api_request_free(&req);
}

static void test_format_redacts_x_subject_token_header(void **state)
{
	(void)state;
	api_request req;
	make_request(&req, "GET");
	assert_int_equal(api_request_add_header(&req, "X-Subject-Token", TOKEN), 0);
	char *out = api_request_format(&req, API_FORMAT_REDACT);
	assert_contains(out, "X-Subject-Token: <redacted>\n");
	assert_not_contains(out, TOKEN);
	free(out);
	api_request_free(&req);
}

static void test_format_without_body_has_no_blank_line(void **state)
{
	(void)state;
	api_request req;
	make_request(&req, "DELETE");
	assert_int_equal(api_request_add_header(&req, "X-Auth-Token", TOKEN), 0);
	assert_int_equal(api_request_add_query(&req, "name", "a b"), 0);
	char *out = api_request_format(&req, API_FORMAT_REDACT);
	assert_string_equal(out, "DELETE https://swr-api.cn-north-4.myhuaweicloud.com/v2/p1/instances/i1/registries"
	                         "?name=a%20b\n"
	                         "Host: swr-api.cn-north-4.myhuaweicloud.com\n"
	                         "X-Auth-Token: <redacted>\n");
	free(out);
	api_request_free(&req);
}

static void test_format_redacts_nested_secret_fields_and_keeps_others(void **state)
{
	(void)state;
	api_request req;
	make_request(&req, "POST");
	set_body(&req, "{\"a\":{\"b\":[{\"access_secret\":\"S1\",\"keep\":\"k\"},{\"password\":\"P2\"}]},"
	               "\"secret\":\"S3\",\"access_key\":\"AK\",\"n\":1,\"t\":true,\"z\":null}");
	char *out = api_request_format(&req, API_FORMAT_REDACT);
	assert_contains(out, "\n\n{\"a\":{\"b\":[{\"access_secret\":\"<redacted>\",\"keep\":\"k\"},"
	                     "{\"password\":\"<redacted>\"}]},\"secret\":\"<redacted>\",\"access_key\":\"AK\","
	                     "\"n\":1,\"t\":true,\"z\":null}\n");
	assert_not_contains(out, "S1");
	assert_not_contains(out, "P2");
	assert_not_contains(out, "S3");
	free(out);
	api_request_free(&req);
}

/* ---- api_redact_body ---- */

static void test_redact_body_replaces_access_secret(void **state)
{
	(void)state;
	char *out = api_redact_body(body_with_secret, strlen(body_with_secret));
	assert_non_null(out);
	assert_string_equal(out, "{\"name\":\"reg1\",\"type\":\"swr-pro\",\"url\":\"https://harbor.example.com\","
	                         "\"credential\":{\"type\":\"basic\",\"access_key\":\"admin\",\"access_secret\":"
	                         "\"<redacted>\"},\"insecure\":false}");
	free(out);
}

static void test_redact_body_non_json_is_returned_as_it_is(void **state)
{
	(void)state;
	const char *text = "access_secret=plain text, not JSON";
	char *out = api_redact_body(text, strlen(text));
	assert_non_null(out);
	assert_string_equal(out, text);
	free(out);
	/* a JSON cut short is not JSON either */
	const char *cut = "{\"access_secret\":\"x";
	out = api_redact_body(cut, strlen(cut));
	assert_string_equal(out, cut);
	free(out);
}

static void test_redact_body_reads_only_len_bytes(void **state)
{
	(void)state;
	const char *text = "hello world";
	char *out = api_redact_body(text, 5);
	assert_string_equal(out, "hello");
	free(out);
	out = api_redact_body("", 0);
	assert_string_equal(out, "");
	free(out);
}

static void test_redact_body_null_is_null(void **state)
{
	(void)state;
	assert_null(api_redact_body(NULL, 0));
}

static void test_redact_body_top_level_array(void **state)
{
	(void)state;
	const char *body = "[{\"access_secret\":\"s\"},\"access_secret\"]";
	char *out = api_redact_body(body, strlen(body));
	assert_string_equal(out, "[{\"access_secret\":\"<redacted>\"},\"access_secret\"]");
	free(out);
}

/* ---- buf ---- */

static void test_buf_grows_across_many_appends(void **state)
{
	(void)state;
	buf b;
	buf_init(&b);
	for (int i = 0; i < 10000; i++)
		buf_append(&b, "abc", 3);
	assert_false(b.failed);
	assert_int_equal(b.len, 30000);
	assert_true(b.cap >= b.len + 1);
	for (size_t i = 0; i < b.len; i += 3)
		if (memcmp(b.data + i, "abc", 3) != 0)
			fail_msg("content broken at offset %zu", i);
	assert_int_equal(b.data[b.len], '\0');
	char *s = buf_take(&b);
	assert_int_equal(strlen(s), 30000);
	free(s);
}

static void test_buf_puts_putc_and_append_with_zero_length(void **state)
{
	(void)state;
	buf b;
	buf_init(&b);
	buf_puts(&b, "ab");
	buf_putc(&b, 'c');
	buf_append(&b, "xyz", 0);
	buf_puts(&b, NULL);
	buf_append(&b, "defgh", 2);
	assert_int_equal(b.len, 5);
	char *s = buf_take(&b);
	assert_string_equal(s, "abcde");
	free(s);
}

static void test_buf_printf_formats_and_appends(void **state)
{
	(void)state;
	buf b;
	buf_init(&b);
	buf_puts(&b, "id=");
	buf_printf(&b, "%s-%d/%lld", "x", 42, -7LL);
	buf_printf(&b, "%s", "");
	char *s = buf_take(&b);
	assert_string_equal(s, "id=x-42/-7");
	free(s);
}

static void test_buf_printf_longer_than_the_first_allocation(void **state)
{
	(void)state;
	buf b;
	buf_init(&b);
	buf_puts(&b, "[");
	buf_printf(&b, "%0500d", 1);
	buf_puts(&b, "]");
	assert_int_equal(b.len, 502);
	assert_int_equal(b.data[0], '[');
	assert_int_equal(b.data[500], '1');
	assert_int_equal(b.data[499], '0');
	assert_int_equal(b.data[501], ']');
	assert_int_equal(b.data[502], '\0');
	buf_free(&b);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
}

static void test_buf_put_pct_keeps_only_unreserved_characters(void **state)
{
	(void)state;
	buf b;
	buf_init(&b);
	buf_put_pct(&b, "Az09-_.~ /+%\xc3\xa9");
	buf_putc(&b, '|');
	buf_put_pct(&b, NULL);
	buf_put_pct(&b, "");
	char *s = buf_take(&b);
	assert_string_equal(s, "Az09-_.~%20%2F%2B%25%C3%A9|");
	free(s);
}

static void test_buf_put_pct_encodes_every_other_byte(void **state)
{
	(void)state;
	/* every byte 1..255, one at a time: unreserved bytes stay, the rest become %XX */
	for (int c = 1; c < 256; c++) {
		char in[2] = {(char)c, '\0'};
		buf b;
		buf_init(&b);
		buf_put_pct(&b, in);
		char *s = buf_take(&b);
		int unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
		                 c == '_' || c == '.' || c == '~';
		char want[4];
		if (unreserved)
			snprintf(want, sizeof want, "%c", c);
		else
			snprintf(want, sizeof want, "%%%02X", (unsigned)c);
		if (strcmp(s, want) != 0)
			fail_msg("byte 0x%02x: expected \"%s\", got \"%s\"", (unsigned)c, want, s);
		free(s);
	}
}

static void test_buf_take_on_empty_buffer_returns_empty_string(void **state)
{
	(void)state;
	buf b;
	buf_init(&b);
	char *s = buf_take(&b);
	assert_non_null(s);
	assert_string_equal(s, "");
	free(s);
	/* the buffer is reset and usable again */
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	buf_puts(&b, "again");
	s = buf_take(&b);
	assert_string_equal(s, "again");
	free(s);
}

static void test_buf_take_resets_the_buffer(void **state)
{
	(void)state;
	buf b;
	buf_init(&b);
	buf_puts(&b, "first");
	char *a = buf_take(&b);
	assert_int_equal(b.len, 0);
	assert_null(b.data);
	buf_puts(&b, "second");
	char *c = buf_take(&b);
	assert_string_equal(a, "first");
	assert_string_equal(c, "second");
	free(a);
	free(c);
}

static void test_buf_failure_is_sticky(void **state)
{
	(void)state;
	buf b;
	buf_init(&b);
	buf_puts(&b, "x");
	/* an append too large to fit marks the buffer failed (no allocation is attempted) */
	buf_append(&b, "y", (size_t)-1 / 2);
	assert_true(b.failed);
	buf_puts(&b, "more");
	assert_int_equal(b.len, 1);
	assert_null(buf_take(&b));
	/* buf_take on failure frees and resets */
	assert_null(b.data);
	assert_false(b.failed);
}

/* ---- api_region_endpoint ---- */

static void expect_region(const char *region, const char *expected)
{
	char *ep = api_region_endpoint(region);
	if (!expected) {
		if (ep)
			fail_msg("expected region \"%s\" to be refused, got %s", region ? region : "(null)", ep);
		return;
	}
	if (!ep)
		fail_msg("expected %s for region \"%s\", got NULL", expected, region);
	assert_string_equal(ep, expected);
	free(ep);
}

static void test_region_endpoint_is_swr_api_dot_region_myhuaweicloud_com(void **state)
{
	(void)state;
	expect_region("cn-north-4", "https://swr-api.cn-north-4.myhuaweicloud.com");
	expect_region("ap-southeast-1", "https://swr-api.ap-southeast-1.myhuaweicloud.com");
	expect_region("af-south-1", "https://swr-api.af-south-1.myhuaweicloud.com");
	expect_region("ae-ad-1", "https://swr-api.ae-ad-1.myhuaweicloud.com");
}

static void test_region_endpoint_eu_west_101_is_dot_eu(void **state)
{
	(void)state;
	expect_region("eu-west-101", "https://swr-api.eu-west-101.myhuaweicloud.eu");
	/* only that exact region */
	expect_region("eu-west-1", "https://swr-api.eu-west-1.myhuaweicloud.com");
}

static void test_region_endpoint_refuses_implausible_region_ids(void **state)
{
	(void)state;
	expect_region(NULL, NULL);
	expect_region("", NULL);
	expect_region("CN-NORTH-4", NULL);
	expect_region("cn_north_4", NULL);
	expect_region("cn-north-4.evil.example", NULL);
	expect_region("cn-north-4/", NULL);
	expect_region("cn north", NULL);
	expect_region("cn-north-4:443", NULL);
	expect_region("a23456789012345678901234567890123456789012345678901234567890123456", NULL); /* 66 chars */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_url_without_query_is_scheme_host_and_path),
		cmocka_unit_test(test_url_query_in_the_order_added),
		cmocka_unit_test(test_url_keeps_only_unreserved_characters),
		cmocka_unit_test(test_url_encodes_space_as_percent_20),
		cmocka_unit_test(test_url_encodes_query_names_too),
		cmocka_unit_test(test_url_encodes_each_utf8_byte_in_uppercase_hex),
		cmocka_unit_test(test_url_empty_query_value),
		cmocka_unit_test(test_header_lookup_is_case_insensitive),
		cmocka_unit_test(test_header_lookup_returns_the_first_of_duplicates),
		cmocka_unit_test(test_header_lookup_on_request_without_headers),
		cmocka_unit_test(test_format_without_redaction_shows_everything_verbatim),
		cmocka_unit_test(test_format_redacted_hides_tokens_signature_and_access_secret),
		cmocka_unit_test(test_format_redacts_x_subject_token_header),
		cmocka_unit_test(test_format_without_body_has_no_blank_line),
		cmocka_unit_test(test_format_redacts_nested_secret_fields_and_keeps_others),
		cmocka_unit_test(test_redact_body_replaces_access_secret),
		cmocka_unit_test(test_redact_body_non_json_is_returned_as_it_is),
		cmocka_unit_test(test_redact_body_reads_only_len_bytes),
		cmocka_unit_test(test_redact_body_null_is_null),
		cmocka_unit_test(test_redact_body_top_level_array),
		cmocka_unit_test(test_buf_grows_across_many_appends),
		cmocka_unit_test(test_buf_puts_putc_and_append_with_zero_length),
		cmocka_unit_test(test_buf_printf_formats_and_appends),
		cmocka_unit_test(test_buf_printf_longer_than_the_first_allocation),
		cmocka_unit_test(test_buf_put_pct_keeps_only_unreserved_characters),
		cmocka_unit_test(test_buf_put_pct_encodes_every_other_byte),
		cmocka_unit_test(test_buf_take_on_empty_buffer_returns_empty_string),
		cmocka_unit_test(test_buf_take_resets_the_buffer),
		cmocka_unit_test(test_buf_failure_is_sticky),
		cmocka_unit_test(test_region_endpoint_is_swr_api_dot_region_myhuaweicloud_com),
		cmocka_unit_test(test_region_endpoint_eu_west_101_is_dot_eu),
		cmocka_unit_test(test_region_endpoint_refuses_implausible_region_ids),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
