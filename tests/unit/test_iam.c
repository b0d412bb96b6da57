/* test_iam.c — IAM login without a network (iam.c): the endpoint (region, override, eu-west-101), the
 * exact /v3/auth/tokens request with and without MFA, password and code redacted, checks before sending,
 * the password buffer wiped, and the "token expired" test on decoded refusals (IAM's format included). */
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
#include "swrtui/auth/iam.h"

#define assert_contains(hay, needle)                                                                    \
	do {                                                                                            \
		const char *hay_ = (hay), *needle_ = (needle);                                          \
		if (!hay_ || !strstr(hay_, needle_))                                                    \
			fail_msg("expected \"%s\" to contain \"%s\"", hay_ ? hay_ : "(null)", needle_); \
	} while (0)

#define assert_not_contains(hay, needle)                                                         \
	do {                                                                                     \
		const char *hay_ = (hay), *needle_ = (needle);                                   \
		if (hay_ && strstr(hay_, needle_))                                               \
			fail_msg("expected \"%s\" not to contain \"%s\"", hay_, needle_);        \
	} while (0)

#define PASSWORD "Pa55-w0rd!secret"

static char err[512];

static void creds(iam_credentials *cr, char *password)
{
	memset(cr, 0, sizeof *cr);
	cr->user = "alice";
	cr->account = "acme";
	cr->password = password;
	cr->region = "cn-north-4";
}

/* ---- the endpoint ---- */

static void test_endpoint_from_region(void **state)
{
	(void)state;
	char *ep = iam_endpoint(NULL, "cn-north-4", err, sizeof err);
	assert_string_equal(ep, "https://iam.cn-north-4.myhuaweicloud.com");
	free(ep);
	ep = iam_endpoint("", "ap-southeast-3", err, sizeof err);
	assert_string_equal(ep, "https://iam.ap-southeast-3.myhuaweicloud.com");
	free(ep);
}

static void test_endpoint_eu_west_101_uses_the_eu_domain(void **state)
{
	(void)state;
	char *ep = iam_endpoint(NULL, "eu-west-101", err, sizeof err);
	assert_string_equal(ep, "https://iam.eu-west-101.myhuaweicloud.eu");
	free(ep);
}

static void test_endpoint_override_wins_over_region(void **state)
{
	(void)state;
	char *ep = iam_endpoint("http://127.0.0.1:8080", "cn-north-4", err, sizeof err);
	assert_string_equal(ep, "http://127.0.0.1:8080");
	free(ep);
}

static void test_endpoint_unknown_without_region_or_override(void **state)
{
	(void)state;
	err[0] = '\0';
	assert_null(iam_endpoint(NULL, NULL, err, sizeof err));
	assert_contains(err, "no IAM endpoint");
	assert_contains(err, "--iam-endpoint");
	assert_contains(err, "--region");
	err[0] = '\0';
	assert_null(iam_endpoint(NULL, "CN North 4", err, sizeof err));
	assert_contains(err, "not a region id");
}

/* ---- the request ---- */

static void test_login_request_exact_without_mfa(void **state)
{
	(void)state;
	char pw[] = PASSWORD;
	iam_credentials cr;
	creds(&cr, pw);
	api_request req;
	assert_int_equal(iam_build_login("https://iam.cn-north-4.myhuaweicloud.com", &cr, &req, err, sizeof err), 0);
	assert_string_equal(req.method, "POST");
	char *url = api_request_url(&req);
	assert_string_equal(url, "https://iam.cn-north-4.myhuaweicloud.com/v3/auth/tokens");
	free(url);
	assert_string_equal(req.host, "iam.cn-north-4.myhuaweicloud.com");
	assert_string_equal(api_request_header(&req, "Content-Type"), "application/json;charset=utf8");
	assert_null(api_request_header(&req, "X-Auth-Token"));
	assert_null(api_request_header(&req, "Authorization"));
	assert_int_equal(req.nheaders, 1);
	assert_string_equal(req.body, "{\"auth\":{\"identity\":{\"methods\":[\"password\"],"
	                              "\"password\":{\"user\":{\"name\":\"alice\",\"password\":\"Pa55-w0rd!secret\","
	                              "\"domain\":{\"name\":\"acme\"}}}},"
	                              "\"scope\":{\"project\":{\"name\":\"cn-north-4\"}}}}");
	assert_int_equal(req.body_len, strlen(req.body));
	api_request_free(&req);
	assert_string_equal(pw, PASSWORD); /* building does not wipe: only iam_login does */
}

static void test_login_request_exact_with_mfa(void **state)
{
	(void)state;
	char pw[] = PASSWORD;
	iam_credentials cr;
	creds(&cr, pw);
	cr.mfa_code = "123456";
	cr.user_id = "0123abcd";
	api_request req;
	assert_int_equal(iam_build_login("https://iam.cn-north-4.myhuaweicloud.com", &cr, &req, err, sizeof err), 0);
	assert_string_equal(req.body, "{\"auth\":{\"identity\":{\"methods\":[\"password\",\"totp\"],"
	                              "\"password\":{\"user\":{\"name\":\"alice\",\"password\":\"Pa55-w0rd!secret\","
	                              "\"domain\":{\"name\":\"acme\"}}},"
	                              "\"totp\":{\"user\":{\"id\":\"0123abcd\",\"passcode\":\"123456\"}}},"
	                              "\"scope\":{\"project\":{\"name\":\"cn-north-4\"}}}}");
	api_request_free(&req);
}

static void test_login_body_escapes_json_special_characters(void **state)
{
	(void)state;
	char pw[] = "q\"b\\n\nt\t\x01";
	iam_credentials cr;
	creds(&cr, pw);
	cr.user = "名字";
	api_request req;
	assert_int_equal(iam_build_login("https://iam.example.com", &cr, &req, err, sizeof err), 0);
	assert_contains(req.body, "\"name\":\"名字\"");
	assert_contains(req.body, "\"password\":\"q\\\"b\\\\n\\nt\\t\\u0001\"");
	api_request_free(&req);
}

static void test_login_request_under_an_endpoint_with_a_path_prefix(void **state)
{
	(void)state;
	char pw[] = PASSWORD;
	iam_credentials cr;
	creds(&cr, pw);
	api_request req;
	assert_int_equal(iam_build_login("http://127.0.0.1:8080/iam/", &cr, &req, err, sizeof err), 0);
	char *url = api_request_url(&req);
	assert_string_equal(url, "http://127.0.0.1:8080/iam/v3/auth/tokens");
	free(url);
	assert_string_equal(req.host, "127.0.0.1:8080");
	assert_string_equal(req.scheme_host, "http://127.0.0.1:8080");
	api_request_free(&req);
}

static void test_redacted_request_hides_password_and_passcode(void **state)
{
	(void)state;
	char pw[] = PASSWORD;
	iam_credentials cr;
	creds(&cr, pw);
	cr.mfa_code = "654321";
	cr.user_id = "uid-1";
	api_request req;
	assert_int_equal(iam_build_login("https://iam.cn-north-4.myhuaweicloud.com", &cr, &req, err, sizeof err), 0);
	char *text = api_request_format(&req, API_FORMAT_REDACT);
	assert_string_equal(text, "POST https://iam.cn-north-4.myhuaweicloud.com/v3/auth/tokens\n"
	                          "Host: iam.cn-north-4.myhuaweicloud.com\n"
	                          "Content-Type: application/json;charset=utf8\n"
	                          "Content-Length: 238\n" /* the body sent, with the password and code */
	                          "\n"
	                          "{\"auth\":{\"identity\":{\"methods\":[\"password\",\"totp\"],"
	                          "\"password\":{\"user\":{\"name\":\"alice\",\"password\":\"<redacted>\","
	                          "\"domain\":{\"name\":\"acme\"}}},"
	                          "\"totp\":{\"user\":{\"id\":\"uid-1\",\"passcode\":\"<redacted>\"}}},"
	                          "\"scope\":{\"project\":{\"name\":\"cn-north-4\"}}}}\n");
	assert_not_contains(text, PASSWORD);
	assert_not_contains(text, "654321");
	free(text);
	char *red = api_redact_body(req.body, req.body_len);
	assert_not_contains(red, PASSWORD);
	assert_contains(red, "\"password\":\"<redacted>\"");
	free(red);
	api_request_free(&req);
}

static void expect_build_error(iam_credentials *cr, const char *endpoint, const char *needle)
{
	api_request req;
	err[0] = '\0';
	assert_int_equal(iam_build_login(endpoint, cr, &req, err, sizeof err), -1);
	assert_contains(err, needle);
	assert_null(req.body);
	assert_null(req.path);
}

static void test_build_refuses_missing_fields(void **state)
{
	(void)state;
	char pw[] = PASSWORD, empty[] = "";
	iam_credentials cr;
	creds(&cr, pw);
	cr.user = "";
	expect_build_error(&cr, "https://iam.example.com", "user name is empty");
	creds(&cr, pw);
	cr.account = NULL;
	expect_build_error(&cr, "https://iam.example.com", "account name is empty");
	creds(&cr, empty);
	expect_build_error(&cr, "https://iam.example.com", "password is empty");
	creds(&cr, pw);
	cr.region = NULL;
	expect_build_error(&cr, "https://iam.example.com", "--region");
	creds(&cr, pw);
	cr.region = "cn north";
	expect_build_error(&cr, "https://iam.example.com", "not a region id");
}

static void test_build_checks_the_mfa_code_and_user_id(void **state)
{
	(void)state;
	char pw[] = PASSWORD;
	iam_credentials cr;
	creds(&cr, pw);
	cr.user_id = "uid";
	cr.mfa_code = "12345";
	expect_build_error(&cr, "https://iam.example.com", "six digits");
	cr.mfa_code = "1234567";
	expect_build_error(&cr, "https://iam.example.com", "six digits");
	cr.mfa_code = "12a456";
	expect_build_error(&cr, "https://iam.example.com", "six digits");
	cr.mfa_code = "123456";
	cr.user_id = NULL;
	expect_build_error(&cr, "https://iam.example.com", "IAM user ID");
}

static void test_build_refuses_a_bad_endpoint(void **state)
{
	(void)state;
	char pw[] = PASSWORD;
	iam_credentials cr;
	creds(&cr, pw);
	expect_build_error(&cr, "ftp://iam.example.com", "must start with https://");
	expect_build_error(&cr, "https://iam.example.com?x=1", "must not carry a query");
	expect_build_error(&cr, "", "no endpoint");
}

static void test_request_start_without_content_type(void **state)
{
	(void)state;
	api_request req;
	assert_int_equal(api_request_start("https://sts.example.com:8443", "GET", "/v5/x", NULL, &req, err, sizeof err), 0);
	assert_int_equal(req.nheaders, 0);
	assert_string_equal(req.method, "GET");
	assert_string_equal(req.host, "sts.example.com:8443");
	assert_string_equal(req.path, "/v5/x");
	api_request_free(&req);
}

/* ---- iam_login without sending ---- */

static void test_login_that_cannot_be_built_sends_nothing_and_wipes_the_password(void **state)
{
	(void)state;
	api_config cfg = {.endpoint = "http://127.0.0.1:1"};
	api_client *c = api_client_new(&cfg, err, sizeof err);
	assert_non_null(c);
	char pw[] = PASSWORD;
	iam_credentials cr;
	creds(&cr, pw);
	cr.account = "";
	api_result res;
	iam_token tok;
	assert_int_equal(iam_login(c, "http://127.0.0.1:1", &cr, &res, &tok), -1);
	assert_int_equal(res.transport, API_TRANSPORT_OTHER);
	assert_int_equal(res.status, 0);
	assert_contains(res.transport_msg, "account name is empty");
	assert_null(tok.token);
	for (size_t i = 0; i < sizeof pw - 1; i++)
		assert_int_equal(pw[i], '\0');
	api_result_free(&res);
	iam_token_free(&tok);
	api_client_free(c);
}

static void test_login_transport_failure_is_reported_and_wipes_the_password(void **state)
{
	(void)state;
	api_config cfg = {.endpoint = "http://127.0.0.1:1", .timeout_ms = 3000};
	api_client *c = api_client_new(&cfg, err, sizeof err);
	assert_non_null(c);
	char pw[] = PASSWORD;
	iam_credentials cr;
	creds(&cr, pw);
	api_result res;
	iam_token tok;
	assert_int_equal(iam_login(c, "http://127.0.0.1:1", &cr, &res, &tok), -1);
	assert_int_equal(res.transport, API_TRANSPORT_CONNECT);
	assert_null(tok.token);
	assert_int_equal(pw[0], '\0');
	assert_int_equal(pw[sizeof pw - 2], '\0');
	api_result_free(&res);
	api_client_free(c);
}

/* ---- token expired? ---- */

static void result_with(api_result *r, long status, const char *body)
{
	memset(r, 0, sizeof *r);
	r->transport = API_TRANSPORT_OK;
	r->status = status;
	api_error_decode(body, strlen(body), &r->error);
}

static void test_expired_token_swr_4010000(void **state)
{
	(void)state;
	api_result r;
	result_with(&r, 401, "{\"error_code\":\"SVCSTG.SWR.4010000\",\"error_msg\":\"Authentication failed\"}");
	assert_true(iam_token_expired(&r));
	api_result_free(&r);
}

static void test_expired_token_apigw_0307(void **state)
{
	(void)state;
	api_result r;
	result_with(&r, 401, "{\"error_code\":\"APIGW.0307\",\"error_msg\":\"The token must be updated.\","
	                     "\"request_id\":\"abc\"}");
	assert_true(iam_token_expired(&r));
	api_result_free(&r);
}

static void test_expired_token_apigw_0301_token_expires(void **state)
{
	(void)state;
	api_result r;
	result_with(&r, 401, "{\"error_code\":\"APIGW.0301\",\"error_msg\":\"Incorrect IAM authentication "
	                     "information: token expires\",\"request_id\":\"abc\"}");
	assert_true(iam_token_expired(&r));
	api_result_free(&r);
}

static void test_not_expired_for_other_refusals(void **state)
{
	(void)state;
	api_result r;
	result_with(&r, 401, "{\"error_code\":\"APIGW.0301\",\"error_msg\":\"Incorrect IAM authentication "
	                     "information: verify aksk signature fail\",\"request_id\":\"abc\"}");
	assert_false(iam_token_expired(&r));
	api_result_free(&r);
	result_with(&r, 401, "{\"error_code\":\"SVCSTG.S2I.4019000\",\"error_msg\":\"no token\"}");
	assert_false(iam_token_expired(&r));
	api_result_free(&r);
	/* the right code with another status is not the documented case */
	result_with(&r, 403, "{\"error_code\":\"SVCSTG.SWR.4010000\",\"error_msg\":\"x\"}");
	assert_false(iam_token_expired(&r));
	api_result_free(&r);
	result_with(&r, 403, "{\"error_code\":\"SVCSTG.SWR.4030170\",\"error_msg\":\"Insufficient permissions\"}");
	assert_false(iam_token_expired(&r));
	api_result_free(&r);
	result_with(&r, 401, "<html>Unauthorized</html>");
	assert_false(iam_token_expired(&r));
	api_result_free(&r);
	/* IAM's wrong-password answer is a 401 but not an expiry */
	result_with(&r, 401, "{\"error\":{\"code\":401,\"message\":\"The username or password is wrong.\"}}");
	assert_false(iam_token_expired(&r));
	api_result_free(&r);
}

static void test_not_expired_without_a_response(void **state)
{
	(void)state;
	api_result r;
	memset(&r, 0, sizeof r);
	r.transport = API_TRANSPORT_TIMEOUT;
	assert_false(iam_token_expired(&r));
	assert_false(iam_token_expired(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_endpoint_from_region),
		cmocka_unit_test(test_endpoint_eu_west_101_uses_the_eu_domain),
		cmocka_unit_test(test_endpoint_override_wins_over_region),
		cmocka_unit_test(test_endpoint_unknown_without_region_or_override),
		cmocka_unit_test(test_login_request_exact_without_mfa),
		cmocka_unit_test(test_login_request_exact_with_mfa),
		cmocka_unit_test(test_login_body_escapes_json_special_characters),
		cmocka_unit_test(test_login_request_under_an_endpoint_with_a_path_prefix),
		cmocka_unit_test(test_redacted_request_hides_password_and_passcode),
		cmocka_unit_test(test_build_refuses_missing_fields),
		cmocka_unit_test(test_build_checks_the_mfa_code_and_user_id),
		cmocka_unit_test(test_build_refuses_a_bad_endpoint),
		cmocka_unit_test(test_request_start_without_content_type),
		cmocka_unit_test(test_login_that_cannot_be_built_sends_nothing_and_wipes_the_password),
		cmocka_unit_test(test_login_transport_failure_is_reported_and_wipes_the_password),
		cmocka_unit_test(test_expired_token_swr_4010000),
		cmocka_unit_test(test_expired_token_apigw_0307),
		cmocka_unit_test(test_expired_token_apigw_0301_token_expires),
		cmocka_unit_test(test_not_expired_for_other_refusals),
		cmocka_unit_test(test_not_expired_without_a_response),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
