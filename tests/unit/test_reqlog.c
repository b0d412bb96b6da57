/* test_reqlog.c — the request inspector's memory: what enters it is redacted, it keeps the newest
 * entries in order, it formats timings and bodies, and it recovers and compares canonical requests. */
#define _DEFAULT_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "swrtui/http/reqlog.h"

static void make_request(api_request *req, const char *method, const char *path)
{
	memset(req, 0, sizeof *req);
	req->method = method;
	req->scheme_host = strdup("https://swr-api.cn-north-4.myhuaweicloud.com");
	req->host = strdup("swr-api.cn-north-4.myhuaweicloud.com");
	req->path = strdup(path);
}

static void test_secret_headers_and_body_fields_are_redacted(void **state)
{
	(void)state;
	api_request req;
	make_request(&req, "PUT", "/v2/p/instances/i/registries/7");
	api_request_add_header(&req, "Content-Type", "application/json");
	api_request_add_header(&req, "X-Auth-Token", "TOKEN-abc-123");
	api_request_add_header(&req, "X-Security-Token", "STS-sec-456");
	api_request_add_header(&req, "Authorization",
	                       "SDK-HMAC-SHA256 Access=AKEXAMPLE, SignedHeaders=host;x-sdk-date, Signature=deadbeef99");
	const char *body = "{\"name\":\"n\",\"credential\":{\"access_key\":\"k\",\"access_secret\":\"SECRET-789\"}}";
	req.body = strdup(body);
	req.body_len = strlen(body);
	api_result res;
	memset(&res, 0, sizeof res);
	res.status = 200;
	res.resp_headers = calloc(1, sizeof *res.resp_headers);
	res.resp_headers[0].name = strdup("X-Subject-Token");
	res.resp_headers[0].value = strdup("SUBJECT-000");
	res.nresp_headers = 1;
	reqlog l;
	reqlog_init(&l, 4);
	reqlog_observe(&l, &req, &res);
	char *text = reqlog_format(reqlog_get(&l, 0));
	assert_non_null(text);
	assert_null(strstr(text, "TOKEN-abc-123"));
	assert_null(strstr(text, "STS-sec-456"));
	assert_null(strstr(text, "deadbeef99"));
	assert_null(strstr(text, "SECRET-789"));
	assert_null(strstr(text, "SUBJECT-000"));
	assert_non_null(strstr(text, "X-Auth-Token: <redacted>"));
	assert_non_null(strstr(text, "Access=AKEXAMPLE, SignedHeaders=host;x-sdk-date, Signature=<redacted>"));
	assert_non_null(strstr(text, "\"access_secret\":\"<redacted>\""));
	assert_non_null(strstr(text, "Content-Type: application/json"));
	free(text);
	reqlog_free(&l);
	api_result_free(&res);
	api_request_free(&req);
}

static void test_the_ring_keeps_the_newest_entries_newest_first(void **state)
{
	(void)state;
	reqlog l;
	reqlog_init(&l, 3);
	for (int i = 0; i < 5; i++) {
		api_request req;
		char path[32];
		snprintf(path, sizeof path, "/r/%d", i);
		make_request(&req, "GET", path);
		api_result res;
		memset(&res, 0, sizeof res);
		res.status = 200 + i;
		reqlog_observe(&l, &req, &res);
		api_request_free(&req);
	}
	assert_int_equal(l.count, 3);
	assert_int_equal(reqlog_get(&l, 0)->status, 204);
	assert_int_equal(reqlog_get(&l, 1)->status, 203);
	assert_int_equal(reqlog_get(&l, 2)->status, 202);
	assert_null(reqlog_get(&l, 3));
	assert_non_null(strstr(reqlog_get(&l, 0)->url, "/r/4"));
	reqlog_free(&l);
}

static void test_summary_and_format_show_status_request_id_and_timings(void **state)
{
	(void)state;
	api_request req;
	make_request(&req, "GET", "/x");
	api_result res;
	memset(&res, 0, sizeof res);
	res.status = 403;
	res.reason = strdup("Forbidden");
	res.request_id = strdup("0123abcd");
	res.timings = (api_timings){.resolve = 0.001, .connect = 0.002, .tls = 0.010, .first_byte = 0.120, .total = 0.125};
	reqlog l;
	reqlog_init(&l, 2);
	reqlog_observe(&l, &req, &res);
	char *sum = reqlog_summary(reqlog_get(&l, 0));
	assert_string_equal(sum, "GET https://swr-api.cn-north-4.myhuaweicloud.com/x → 403 Forbidden (0.125 s) 0123abcd");
	char *text = reqlog_format(reqlog_get(&l, 0));
	assert_non_null(strstr(text, "name resolution 0.001 s, connect 0.002 s, TLS 0.010 s, first byte 0.120 s, total 0.125 s"));
	assert_non_null(strstr(text, "request id: 0123abcd"));
	free(sum);
	free(text);
	reqlog_free(&l);
	api_result_free(&res);
	api_request_free(&req);
}

static void test_the_gateway_canonical_request_is_recovered_from_its_message(void **state)
{
	(void)state;
	char *c = reqlog_gateway_canonical("Incorrect IAM authentication information: verify aksk signature fail, "
	                                   "canonicalRequest: GET|/v2/p/|limit=1|host:h||host|e3b0");
	assert_string_equal(c, "GET\n/v2/p/\nlimit=1\nhost:h\n\nhost\ne3b0");
	free(c);
	c = reqlog_gateway_canonical("verify aksk signature fail PUT|/a/||host:h||host|00");
	assert_string_equal(c, "PUT\n/a/\n\nhost:h\n\nhost\n00");
	free(c);
	assert_null(reqlog_gateway_canonical("ak not exist"));
	assert_null(reqlog_gateway_canonical(NULL));
}

static void test_the_diff_marks_exactly_the_differing_lines(void **state)
{
	(void)state;
	char *d = reqlog_canonical_diff("GET\n/v2/p/\nlimit=1", "GET\n/v2/p\nlimit=1\nextra");
	assert_string_equal(d, "   1  GET\n"
	                       "!  2  swrtui:  /v2/p/\n"
	                       "      gateway: /v2/p\n"
	                       "   3  limit=1\n"
	                       "!  4  swrtui:  \n"
	                       "      gateway: extra\n");
	free(d);
}

static void test_a_signature_mismatch_is_shown_side_by_side(void **state)
{
	(void)state;
	api_request req;
	make_request(&req, "GET", "/v2/p");
	req.canonical_request = strdup("GET\n/v2/p/\n\nhost:h\n\nhost\ne3");
	api_result res;
	memset(&res, 0, sizeof res);
	res.status = 401;
	res.error.code = strdup("APIGW.0301");
	res.error.msg = strdup("verify aksk signature fail, canonicalRequest: GET|/v2/p/||host:other||host|e3");
	reqlog l;
	reqlog_init(&l, 1);
	reqlog_observe(&l, &req, &res);
	char *text = reqlog_format(reqlog_get(&l, 0));
	assert_non_null(strstr(text, "signature mismatch"));
	assert_non_null(strstr(text, "!  4  swrtui:  host:h\n      gateway: host:other\n"));
	free(text);
	reqlog_free(&l);
	api_result_free(&res);
	api_request_free(&req);
}

/* Found by fuzz_response: the reason phrase, the request id and header names reached --verbose output with
 * their escape sequences intact (regressions/fuzz_response/escapes-in-reason-request-id-header-name). */
static void test_server_text_enters_the_log_with_control_characters_escaped(void **state)
{
	(void)state;
	api_request req;
	make_request(&req, "GET", "/v2/p/instances/i/registries/7");
	api_result res;
	memset(&res, 0, sizeof res);
	res.status = 403;
	res.reason = strdup("Forbidden\x1b[2J");
	res.request_id = strdup("id\x1b]0;pwned\x07");
	res.transport_msg = strdup("bad\rline");
	res.resp_headers = calloc(1, sizeof *res.resp_headers);
	res.resp_headers[0].name = strdup("X\x1b[31m-Evil");
	res.resp_headers[0].value = strdup("v");
	res.nresp_headers = 1;
	reqlog l;
	reqlog_init(&l, 1);
	reqlog_observe(&l, &req, &res);
	char *text = reqlog_format(reqlog_get(&l, 0));
	char *summary = reqlog_summary(reqlog_get(&l, 0));
	assert_non_null(text);
	assert_non_null(summary);
	for (const char *p = text; *p; p++)
		if ((unsigned char)*p < 0x20 && *p != '\n')
			fail_msg("control byte 0x%02x in the log entry:\n%s", (unsigned char)*p, text);
	for (const char *p = summary; *p; p++)
		if ((unsigned char)*p < 0x20)
			fail_msg("control byte 0x%02x in the summary: %s", (unsigned char)*p, summary);
	assert_non_null(strstr(text, "403 Forbidden\\x1b[2J"));
	assert_non_null(strstr(text, "request id: id\\x1b]0;pwned\\x07"));
	assert_non_null(strstr(text, "X\\x1b[31m-Evil: v"));
	free(summary);
	free(text);
	reqlog_free(&l);
	api_result_free(&res);
	api_request_free(&req);
}

static void test_the_gateway_canonical_request_enters_the_log_escaped(void **state)
{
	(void)state;
	api_request req;
	make_request(&req, "GET", "/v2/p");
	req.canonical_request = strdup("GET\n/v2/p/\n\nhost:h\n\nhost\ne3");
	api_result res;
	memset(&res, 0, sizeof res);
	res.status = 401;
	res.error.code = strdup("APIGW.0301");
	res.error.msg = strdup("canonicalRequest: GET|/v2/p/||host:\x1b]0;pwned\x07\xe2\x80\xae||host|e3");
	reqlog l;
	reqlog_init(&l, 1);
	reqlog_observe(&l, &req, &res);
	char *text = reqlog_format(reqlog_get(&l, 0));
	assert_non_null(text);
	assert_null(strchr(text, '\x1b'));
	assert_null(strstr(text, "\xe2\x80\xae"));
	assert_non_null(strstr(text, "gateway: host:\\x1b]0;pwned\\x07\xe2\x80\xb9U+202E\xe2\x80\xba\n"));
	free(text);
	reqlog_free(&l);
	api_result_free(&res);
	api_request_free(&req);
}

/* A logged PUT /registries/7 answered 403 with a code and a request id. */
static void log_one(reqlog *l, const char *method, const char *path, long status, const char *code, const char *id)
{
	api_request req;
	make_request(&req, method, path);
	api_result res;
	memset(&res, 0, sizeof res);
	res.status = status;
	res.error.code = code ? strdup(code) : NULL;
	res.request_id = id ? strdup(id) : NULL;
	res.timings.total = 0.125;
	reqlog_observe(l, &req, &res);
	api_result_free(&res);
	api_request_free(&req);
}

static size_t columns(const char *s)
{
	size_t c = 0;
	for (; *s; s++)
		c += ((unsigned char)*s & 0xC0) != 0x80;
	return c;
}

static void test_the_path_end_is_what_follows_the_instance(void **state)
{
	(void)state;
	const char *cases[][2] = {
	    {"https://h/v2/p/instances/i/registries/7", "/registries/7"},
	    {"https://h/v2/p/instances/i/registries?offset=0&limit=100", "/registries?offset=0&limit=100"},
	    {"https://h/v3/auth/tokens", "/auth/tokens"},
	    {"https://h/v2/", "/v2/"},
	    {"https://h", "/"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *p = reqlog_path_end(cases[i][0]);
		assert_non_null(p);
		assert_string_equal(p, cases[i][1]);
		free(p);
	}
}

static void test_a_row_shows_method_path_end_status_code_duration_and_request_id(void **state)
{
	(void)state;
	reqlog l;
	reqlog_init(&l, 4);
	log_one(&l, "PUT", "/v2/p/instances/i/registries/7", 403, "SVCSTG.SWR.4030170", "req-0123456789abcdef0123456789abcdef");
	char *row = reqlog_row(reqlog_get(&l, 0), 100);
	assert_non_null(row);
	assert_true(columns(row) <= 100);
	assert_non_null(strstr(row, "PUT "));
	assert_non_null(strstr(row, " /registries/7 "));
	assert_non_null(strstr(row, " 403 SVCSTG.SWR.4030170 "));
	assert_non_null(strstr(row, "0.125 s"));
	assert_non_null(strstr(row, "req-0123456789abcdef0123456789abcdef"));
	assert_null(strstr(row, "instances")); /* the common beginning is left out */
	free(row);
	reqlog_free(&l);
}

/* Narrower: the time goes, then the request id is shortened, then dropped; the path end, the status and
 * the code stay; at the very narrowest the path end loses its beginning, never its end. */
static void test_a_narrow_row_cuts_the_request_id_before_what_tells_rows_apart(void **state)
{
	(void)state;
	reqlog l;
	reqlog_init(&l, 4);
	log_one(&l, "DELETE", "/v2/p/instances/i/registries/12345?force=true", 404, "SVCSTG.SWR.4040002",
	        "0123456789abcdef0123456789abcdef");
	const reqlog_entry *e = reqlog_get(&l, 0);
	for (int w = 100; w >= 59; w--) {
		char *row = reqlog_row(e, w);
		assert_non_null(row);
		assert_true(columns(row) <= (size_t)w);
		assert_non_null(strstr(row, " 404 SVCSTG.SWR.4040002 "));
		assert_non_null(strstr(row, "0.125 s"));
		assert_non_null(strstr(row, "/12345?force=true"));
		if (w >= 80)
			assert_non_null(strstr(row, "/registries/12345?force=true"));
		free(row);
	}
	char *row = reqlog_row(e, 80);
	assert_non_null(strstr(row, "  01234567")); /* the id's beginning, shortened */
	assert_non_null(strstr(row, "…"));
	free(row);
	row = reqlog_row(e, 110);
	assert_non_null(strstr(row, "0123456789abcdef0123456789abcdef"));
	free(row);
	row = reqlog_row(e, 60); /* no room for 8 columns of id: none of it */
	assert_null(strstr(row, "01234567"));
	free(row);
	row = reqlog_row(e, 59);
	assert_non_null(strstr(row, "…"));
	assert_non_null(strstr(row, "/12345?force=true  404"));
	free(row);
	reqlog_free(&l);
}

/* Columns of s before its first occurrence of what. */
static size_t column_of(const char *s, const char *what)
{
	const char *at = strstr(s, what);
	assert_non_null(at);
	char *head = strndup(s, (size_t)(at - s));
	size_t c = columns(head);
	free(head);
	return c;
}

/* The rows of one log line up: the outcome and the duration start in the same column in every row; a
 * path cut to the column keeps the part that tells it apart; at 100 columns every row keeps at least the
 * beginning of its request id; no row is wider than the screen. */
static void test_the_rows_of_a_log_line_up_and_keep_what_tells_them_apart(void **state)
{
	(void)state;
	reqlog l;
	reqlog_init(&l, 8);
	log_one(&l, "GET", "/v2/p/instances/i/registries", 200, NULL, "5f0c8c1e-1111-4a2b-9c3d-0123456789ab");
	log_one(&l, "PUT", "/v2/p/instances/i/registries/7", 403, "SVCSTG.SWR.4030170",
	        "5f0c8c1e-2222-4a2b-9c3d-0123456789ab");
	log_one(&l, "GET", "/v2/p/instances/i/replication/executions?policy_id=1&offset=0&limit=100", 200, NULL,
	        "5f0c8c1e-3333-4a2b-9c3d-0123456789ab");
	log_one(&l, "DELETE", "/v2/p/instances/i/registries/12", 204, NULL, "5f0c8c1e-4444-4a2b-9c3d-0123456789ab");
	static const char *outcome[] = {"204 -", "200 -", "403 SVCSTG", "200 -"}; /* newest first */
	static const int widths[] = {100, 80};
	for (size_t k = 0; k < 2; k++) {
		reqlog_cols cols;
		reqlog_cols_of(&l, widths[k], &cols);
		size_t at_outcome = 0, at_time = 0;
		for (size_t i = 0; i < 4; i++) {
			char *row = reqlog_row_aligned(reqlog_get(&l, i), widths[k], &cols);
			assert_non_null(row);
			assert_true(columns(row) <= (size_t)widths[k]);
			size_t o = column_of(row, outcome[i]), t = column_of(row, "0.125 s");
			if (i == 0) {
				at_outcome = o;
				at_time = t;
			}
			assert_int_equal(o, at_outcome);
			assert_int_equal(t, at_time);
			if (widths[k] == 100) /* at least the id's beginning */
				assert_non_null(strstr(row, "  5f0c8c1e-"));
			if (i == 1) /* the path column is narrower than this path: its policy stays */
				assert_non_null(strstr(row, "/executions?policy_id=1"));
			free(row);
		}
	}
	reqlog_free(&l);
}

/* A path too wide for its column keeps its path and cuts its query, or keeps its last segment and the
 * query's beginning. */
static void test_a_cut_path_keeps_the_part_that_tells_requests_apart(void **state)
{
	(void)state;
	reqlog l;
	reqlog_init(&l, 2);
	log_one(&l, "GET", "/v2/p/instances/i/registries?offset=100&limit=100", 200, NULL, NULL);
	log_one(&l, "GET", "/v2/p/instances/i/replication/executions?policy_id=12&offset=0&limit=100", 200, NULL,
	        NULL);
	reqlog_cols cols = {.path = 28, .outcome = 5};
	char *row = reqlog_row_aligned(reqlog_get(&l, 1), 80, &cols);
	assert_non_null(strstr(row, "GET    /registries?offset=100&limi…  200 -"));
	free(row);
	row = reqlog_row_aligned(reqlog_get(&l, 0), 80, &cols);
	assert_non_null(strstr(row, "GET    …/executions?policy_id=12&o…  200 -"));
	free(row);
	reqlog_free(&l);
}

/* A path whose cut keeps its end from a "/" (fewer columns than its column) is padded like the others:
 * the outcome column stays where it is. */
static void test_a_path_cut_at_a_slash_is_padded_to_its_column(void **state)
{
	(void)state;
	reqlog l;
	reqlog_init(&l, 4);
	log_one(&l, "GET", "/v2/p/instances/i/registries", 200, NULL, NULL);
	log_one(&l, "GET", "/v2/p/instances/i/registries/12345678901234567890/policies?x=1", 200, NULL, NULL);
	log_one(&l, "GET", "/v2/p/instances/i/replication/executions/999999999999999", 200, NULL, NULL);
	reqlog_cols cols = {.path = 30, .outcome = 5};
	size_t at = 0;
	for (size_t i = 0; i < 3; i++) {
		char *row = reqlog_row_aligned(reqlog_get(&l, i), 60, &cols);
		size_t c = column_of(row, "  200 -");
		if (i == 0)
			at = c;
		assert_int_equal(c, at);
		assert_int_equal(c, 7 + 30);
		free(row);
	}
	reqlog_free(&l);
}

/* A failed transfer shows its kind where the status goes. */
static void test_a_transport_failure_row_names_it(void **state)
{
	(void)state;
	reqlog l;
	reqlog_init(&l, 2);
	api_request req;
	make_request(&req, "GET", "/v2/p/instances/i/registries");
	api_result res;
	memset(&res, 0, sizeof res);
	res.transport = API_TRANSPORT_TIMEOUT;
	reqlog_observe(&l, &req, &res);
	char *row = reqlog_row(reqlog_get(&l, 0), 80);
	assert_non_null(strstr(row, "GET    /registries  timeout -"));
	free(row);
	api_result_free(&res);
	api_request_free(&req);
	reqlog_free(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_secret_headers_and_body_fields_are_redacted),
		cmocka_unit_test(test_the_ring_keeps_the_newest_entries_newest_first),
		cmocka_unit_test(test_summary_and_format_show_status_request_id_and_timings),
		cmocka_unit_test(test_the_gateway_canonical_request_is_recovered_from_its_message),
		cmocka_unit_test(test_the_diff_marks_exactly_the_differing_lines),
		cmocka_unit_test(test_a_signature_mismatch_is_shown_side_by_side),
		cmocka_unit_test(test_the_gateway_canonical_request_enters_the_log_escaped),
		cmocka_unit_test(test_server_text_enters_the_log_with_control_characters_escaped),
		cmocka_unit_test(test_the_path_end_is_what_follows_the_instance),
		cmocka_unit_test(test_a_row_shows_method_path_end_status_code_duration_and_request_id),
		cmocka_unit_test(test_a_narrow_row_cuts_the_request_id_before_what_tells_rows_apart),
		cmocka_unit_test(test_a_transport_failure_row_names_it),
		cmocka_unit_test(test_a_cut_path_keeps_the_part_that_tells_requests_apart),
		cmocka_unit_test(test_a_path_cut_at_a_slash_is_padded_to_its_column),
		cmocka_unit_test(test_the_rows_of_a_log_line_up_and_keep_what_tells_them_apart),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
