/* test_sts.c — unit tests of STS decoding without a network (sts.c): the endpoint, the decode request
 * (body, headers, the AK/SK requirement and the message limits), reading STS's answer, and the summary
 * of decoded documents of several shapes with its exact text. */
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
#include "swrtui/auth/sts.h"

#define assert_contains(hay, needle)                                                                    \
	do {                                                                                            \
		const char *hay_ = (hay), *needle_ = (needle);                                          \
		if (!hay_ || !strstr(hay_, needle_))                                                    \
			fail_msg("expected \"%s\" to contain \"%s\"", hay_ ? hay_ : "(null)", needle_); \
	} while (0)

#define AK "HPUAEXAMPLEAK0123456"
#define SK "example-secret-key-for-tests"

static char err[512];

static void aksk(api_auth *a)
{
	memset(a, 0, sizeof *a);
	a->kind = API_AUTH_AKSK;
	a->ak = strdup(AK);
	a->sk = strdup(SK);
	a->source = strdup("test");
}

/* ---- the endpoint ---- */

static void test_endpoint_from_region_override_and_eu(void **state)
{
	(void)state;
	char *ep = sts_endpoint(NULL, "cn-north-4", err, sizeof err);
	assert_string_equal(ep, "https://sts.cn-north-4.myhuaweicloud.com");
	free(ep);
	ep = sts_endpoint(NULL, "eu-west-101", err, sizeof err);
	assert_string_equal(ep, "https://sts.eu-west-101.myhuaweicloud.eu");
	free(ep);
	ep = sts_endpoint("http://127.0.0.1:9999", "cn-north-4", err, sizeof err);
	assert_string_equal(ep, "http://127.0.0.1:9999");
	free(ep);
}

static void test_endpoint_unknown(void **state)
{
	(void)state;
	err[0] = '\0';
	assert_null(sts_endpoint(NULL, NULL, err, sizeof err));
	assert_contains(err, "no STS endpoint");
	assert_contains(err, "--sts-endpoint");
	err[0] = '\0';
	assert_null(sts_endpoint("", "Cn-North-4", err, sizeof err));
	assert_contains(err, "not a region id");
}

/* ---- the request ---- */

static void test_decode_request_is_signed_json(void **state)
{
	(void)state;
	api_auth a;
	aksk(&a);
	api_request req;
	assert_int_equal(sts_build_decode("https://sts.cn-north-4.myhuaweicloud.com", "EgpjbXNfa2V5", &a, &req, err,
	                                  sizeof err),
	                 0);
	assert_string_equal(req.method, "POST");
	char *url = api_request_url(&req);
	assert_string_equal(url, "https://sts.cn-north-4.myhuaweicloud.com/v5/decode-authorization-message");
	free(url);
	assert_string_equal(req.body, "{\"encoded_message\":\"EgpjbXNfa2V5\"}");
	assert_int_equal(req.body_len, strlen("{\"encoded_message\":\"EgpjbXNfa2V5\"}"));
	assert_string_equal(api_request_header(&req, "Content-Type"), "application/json");
	assert_null(api_request_header(&req, "X-Auth-Token"));
	const char *authz = api_request_header(&req, "Authorization");
	assert_non_null(authz);
	assert_contains(authz, "SDK-HMAC-SHA256 Access=" AK ", SignedHeaders=");
	assert_non_null(api_request_header(&req, "X-Sdk-Date"));
	char *text = api_request_format(&req, API_FORMAT_REDACT);
	assert_contains(text, "Authorization: <redacted>");
	assert_null(strstr(text, SK));
	free(text);
	api_request_free(&req);
	api_auth_free(&a);
}

static void test_decode_needs_aksk(void **state)
{
	(void)state;
	api_auth tok;
	memset(&tok, 0, sizeof tok);
	tok.kind = API_AUTH_TOKEN;
	tok.token = strdup("MIItoken");
	api_request req;
	err[0] = '\0';
	assert_int_equal(sts_build_decode("https://sts.example.com", "abc", &tok, &req, err, sizeof err), -1);
	assert_contains(err, "decoding needs AK/SK: set CLOUD_SDK_AK and CLOUD_SDK_SK");
	assert_contains(err, "--auth aksk");
	assert_null(req.body);
	api_auth_free(&tok);

	api_auth none;
	memset(&none, 0, sizeof none);
	err[0] = '\0';
	assert_int_equal(sts_check_auth(&none, err, sizeof err), -1);
	assert_contains(err, "decoding needs AK/SK");
	assert_null(strstr(err, "--auth aksk"));
	err[0] = '\0';
	assert_int_equal(sts_check_auth(NULL, err, sizeof err), -1);
	assert_contains(err, "CLOUD_SDK_SK");
}

static void test_message_length_limits(void **state)
{
	(void)state;
	api_auth a;
	aksk(&a);
	api_request req;
	char *msg = malloc(STS_MESSAGE_MAX + 2);
	memset(msg, 'A', STS_MESSAGE_MAX + 1);
	msg[STS_MESSAGE_MAX + 1] = '\0';
	err[0] = '\0';
	assert_int_equal(sts_build_decode("https://sts.example.com", msg, &a, &req, err, sizeof err), -1);
	assert_contains(err, "10241 characters; STS takes at most 10240");
	msg[STS_MESSAGE_MAX] = '\0';
	assert_int_equal(sts_build_decode("https://sts.example.com", msg, &a, &req, err, sizeof err), 0);
	assert_int_equal(req.body_len, STS_MESSAGE_MAX + strlen("{\"encoded_message\":\"\"}"));
	api_request_free(&req);
	err[0] = '\0';
	assert_int_equal(sts_build_decode("https://sts.example.com", "", &a, &req, err, sizeof err), -1);
	assert_contains(err, "empty");
	assert_int_equal(sts_build_decode("https://sts.example.com", "A", &a, &req, err, sizeof err), 0);
	api_request_free(&req);
	free(msg);
	api_auth_free(&a);
}

static void test_message_characters(void **state)
{
	(void)state;
	api_auth a;
	aksk(&a);
	api_request req;
	err[0] = '\0';
	assert_int_equal(sts_build_decode("https://sts.example.com", "abc def", &a, &req, err, sizeof err), -1);
	assert_contains(err, "position 4");
	err[0] = '\0';
	assert_int_equal(sts_build_decode("https://sts.example.com", "ab\x1b[2J", &a, &req, err, sizeof err), -1);
	assert_contains(err, "position 3");
	err[0] = '\0';
	assert_int_equal(sts_build_decode("https://sts.example.com", "abc\xc3\xa9", &a, &req, err, sizeof err), -1);
	assert_contains(err, "position 4");
	/* base64 and URL-safe base64 characters pass */
	assert_int_equal(sts_build_decode("https://sts.example.com", "Ab+/=_-9", &a, &req, err, sizeof err), 0);
	assert_string_equal(req.body, "{\"encoded_message\":\"Ab+/=_-9\"}");
	api_request_free(&req);
	api_auth_free(&a);
}

/* ---- reading the answer ---- */

static void answer(api_result *r, long status, const char *body)
{
	memset(r, 0, sizeof *r);
	r->transport = API_TRANSPORT_OK;
	r->status = status;
	r->body = strdup(body);
	r->body_len = strlen(body);
	if (status >= 300)
		api_error_decode(r->body, r->body_len, &r->error);
}

static void test_read_answer(void **state)
{
	(void)state;
	api_result r;
	char *decoded = NULL;
	answer(&r, 200, "{\"decoded_message\":\"{\\\"action\\\":\\\"swr:instance:getRegistry\\\"}\"}");
	assert_int_equal(sts_read_answer(&r, &decoded), 0);
	assert_string_equal(decoded, "{\"action\":\"swr:instance:getRegistry\"}");
	free(decoded);
	api_result_free(&r);

	answer(&r, 200, "{\"decoded_message\":{\"action\":\"a\"}}");
	assert_int_equal(sts_read_answer(&r, &decoded), 0);
	assert_string_equal(decoded, "{\"action\":\"a\"}");
	free(decoded);
	api_result_free(&r);

	answer(&r, 200, "{\"something\":\"else\"}");
	assert_int_equal(sts_read_answer(&r, &decoded), -1);
	assert_null(decoded);
	assert_contains(r.transport_msg, "does not carry the decoded message");
	api_result_free(&r);

	answer(&r, 400, "{\"error_code\":\"STS.0002\",\"error_msg\":\"cannot decode\"}");
	assert_int_equal(sts_read_answer(&r, &decoded), -1);
	assert_null(decoded);
	assert_null(r.transport_msg);
	assert_string_equal(r.error.code, "STS.0002");
	api_result_free(&r);
}

/* ---- the summary ---- */

static void summarize(const char *doc, sts_summary *s)
{
	assert_int_equal(sts_summarize(doc, strlen(doc), s), 0);
}

/* The emulator's document: context.user with user_name / user_id / domain_name / domain_id. */
static void test_summary_of_context_user_document(void **state)
{
	(void)state;
	sts_summary s;
	summarize("{\"version\":\"1\",\"context\":{\"request_id\":\"r-1\",\"user\":{\"user_id\":\"u-1\",\"user_name\":"
	          "\"emulator-user\",\"domain_id\":\"d-1\",\"domain_name\":\"emulator-account\"},\"action\":"
	          "\"swr:instance:updateRegistry\",\"resource\":\"SWR:*:p:instance:i\",\"failure\":"
	          "\"implicit deny by identity-based policy\"}}",
	          &s);
	assert_true(s.is_json);
	assert_string_equal(s.who, "user emulator-user (ID u-1), account emulator-account (ID d-1)");
	assert_string_equal(s.action, "swr:instance:updateRegistry");
	assert_string_equal(s.resource, "SWR:*:p:instance:i");
	assert_string_equal(s.why, "implicit deny by identity-based policy");
	assert_string_equal(s.request_id, "r-1");
	sts_summary_free(&s);
}

/* name / domain as plain strings, failure at the top, and the exact text of the summary. */
static void test_summary_text_is_exact(void **state)
{
	(void)state;
	sts_summary s;
	summarize("{\"context\":{\"user\":{\"name\":\"alice\",\"domain\":\"acme\"},\"action\":"
	          "\"swr:instance:updateRegistry\",\"resource\":\"swr:cn-north-4:p:instance:i\"},"
	          "\"failure\":\"implicit deny by identity-based policy\",\"n\":3,\"ok\":false,\"list\":[],\"o\":{}}",
	          &s);
	assert_string_equal(s.who, "user alice, account acme");
	assert_null(s.request_id);
	char *text = sts_summary_format(&s);
	assert_string_equal(text, "who:       user alice, account acme\n"
	                          "action:    swr:instance:updateRegistry\n"
	                          "resource:  swr:cn-north-4:p:instance:i\n"
	                          "why:       implicit deny by identity-based policy\n"
	                          "\n"
	                          "decoded document:\n"
	                          "{\n"
	                          "  \"context\": {\n"
	                          "    \"user\": {\n"
	                          "      \"name\": \"alice\",\n"
	                          "      \"domain\": \"acme\"\n"
	                          "    },\n"
	                          "    \"action\": \"swr:instance:updateRegistry\",\n"
	                          "    \"resource\": \"swr:cn-north-4:p:instance:i\"\n"
	                          "  },\n"
	                          "  \"failure\": \"implicit deny by identity-based policy\",\n"
	                          "  \"n\": 3,\n"
	                          "  \"ok\": false,\n"
	                          "  \"list\": [],\n"
	                          "  \"o\": {}\n"
	                          "}\n");
	free(text);
	sts_summary_free(&s);
}

/* A principal given by URN, several actions, resources as objects, a reason and a decision. */
static void test_summary_of_principal_document(void **state)
{
	(void)state;
	sts_summary s;
	summarize("{\"principal\":{\"type\":\"AssumedAgency\",\"urn\":\"sts::123:assumed-agency:ops/s1\"},"
	          "\"actions\":[\"swr:instance:getRegistry\",\"swr:instance:listRegistries\"],"
	          "\"resources\":[{\"urn\":\"swr:::instance:a\"},{\"urn\":\"swr:::instance:b\"}],"
	          "\"decision\":\"Deny\",\"reason\":\"no policy grants the action\"}",
	          &s);
	assert_string_equal(s.who, "principal sts::123:assumed-agency:ops/s1");
	assert_string_equal(s.action, "swr:instance:getRegistry, swr:instance:listRegistries");
	assert_string_equal(s.resource, "swr:::instance:a, swr:::instance:b");
	assert_string_equal(s.why, "no policy grants the action (decision: Deny)");
	sts_summary_free(&s);
}

/* camelCase and capitalised keys, no user object: found by name anywhere. */
static void test_summary_of_camel_case_document(void **state)
{
	(void)state;
	sts_summary s;
	summarize("{\"RequestContext\":{\"userName\":\"bob\",\"userId\":\"u-2\",\"DomainName\":\"acme\","
	          "\"domainId\":\"d-2\",\"agencyName\":\"ops-agency\"},\"Action\":\"swr:instance:deleteRegistry\","
	          "\"ResourceUrn\":\"swr:::x\",\"FailureReason\":\"explicit deny in policy p1\","
	          "\"Decision\":\"deny\",\"RequestId\":\"req-9\"}",
	          &s);
	assert_string_equal(s.who, "user bob (ID u-2), account acme (ID d-2), agency ops-agency");
	assert_string_equal(s.action, "swr:instance:deleteRegistry");
	assert_string_equal(s.resource, "swr:::x");
	/* the decision is part of the reason already: not repeated */
	assert_string_equal(s.why, "explicit deny in policy p1");
	assert_string_equal(s.request_id, "req-9");
	sts_summary_free(&s);
}

/* A user given as a string, a domain object, a decision alone. */
static void test_summary_with_user_string_and_domain_object(void **state)
{
	(void)state;
	sts_summary s;
	summarize("{\"user\":\"carol\",\"domain\":{\"name\":\"acme\",\"id\":\"d-3\"},\"allowed\":false}", &s);
	assert_string_equal(s.who, "user carol, account acme (ID d-3)");
	assert_null(s.action);
	assert_null(s.resource);
	assert_string_equal(s.why, "decision: false");
	sts_summary_free(&s);
}

/* The shallowest match wins: the context's action, not a statement's. */
static void test_summary_prefers_the_shallowest_match(void **state)
{
	(void)state;
	sts_summary s;
	summarize("{\"statements\":[{\"Effect\":\"Allow\",\"Action\":[\"swr:*:list*\"]}],"
	          "\"context\":{\"action\":\"swr:instance:createRegistry\"}}",
	          &s);
	assert_string_equal(s.action, "swr:instance:createRegistry");
	sts_summary_free(&s);
}

static void test_summary_of_a_document_encoded_twice(void **state)
{
	(void)state;
	sts_summary s;
	summarize("\"{\\\"action\\\":\\\"swr:instance:getRegistry\\\"}\"", &s);
	assert_true(s.is_json);
	assert_string_equal(s.action, "swr:instance:getRegistry");
	assert_string_equal(s.pretty, "{\n  \"action\": \"swr:instance:getRegistry\"\n}");
	sts_summary_free(&s);
}

static void test_summary_of_unknown_json(void **state)
{
	(void)state;
	sts_summary s;
	summarize("{\"foo\":[1,2]}", &s);
	assert_true(s.is_json);
	assert_null(s.who);
	assert_null(s.action);
	assert_null(s.why);
	char *text = sts_summary_format(&s);
	assert_string_equal(text, "The decoded document names no user, action, resource or reason that swrtui "
	                          "recognises; read it below.\n"
	                          "\n"
	                          "decoded document:\n"
	                          "{\n"
	                          "  \"foo\": [\n"
	                          "    1,\n"
	                          "    2\n"
	                          "  ]\n"
	                          "}\n");
	free(text);
	sts_summary_free(&s);
}

static void test_summary_of_text_that_is_not_json(void **state)
{
	(void)state;
	sts_summary s;
	summarize("denied: no permission", &s);
	assert_false(s.is_json);
	assert_null(s.who);
	assert_string_equal(s.pretty, "denied: no permission");
	char *text = sts_summary_format(&s);
	assert_string_equal(text, "The decoded message is not JSON; here it is as STS returned it.\n"
	                          "\n"
	                          "decoded document:\n"
	                          "denied: no permission\n");
	free(text);
	sts_summary_free(&s);
}

static void test_summary_escapes_strings_in_the_pretty_document(void **state)
{
	(void)state;
	sts_summary s;
	summarize("{\"why\\\"\":\"a\\nb\\u001b\",\"名\":\"値\"}", &s);
	assert_string_equal(s.pretty, "{\n  \"why\\\"\": \"a\\nb\\u001b\",\n  \"名\": \"値\"\n}");
	sts_summary_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_endpoint_from_region_override_and_eu),
		cmocka_unit_test(test_endpoint_unknown),
		cmocka_unit_test(test_decode_request_is_signed_json),
		cmocka_unit_test(test_decode_needs_aksk),
		cmocka_unit_test(test_message_length_limits),
		cmocka_unit_test(test_message_characters),
		cmocka_unit_test(test_read_answer),
		cmocka_unit_test(test_summary_of_context_user_document),
		cmocka_unit_test(test_summary_text_is_exact),
		cmocka_unit_test(test_summary_of_principal_document),
		cmocka_unit_test(test_summary_of_camel_case_document),
		cmocka_unit_test(test_summary_with_user_string_and_domain_object),
		cmocka_unit_test(test_summary_prefers_the_shallowest_match),
		cmocka_unit_test(test_summary_of_a_document_encoded_twice),
		cmocka_unit_test(test_summary_of_unknown_json),
		cmocka_unit_test(test_summary_of_text_that_is_not_json),
		cmocka_unit_test(test_summary_escapes_strings_in_the_pretty_document),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
