/* test_api_error.c — unit tests of the error-body decoder and result helpers (http/error.c) and of the
 * catalogue of error hints (swr/errcat.c): new, old, code/message and gateway formats, bodies that are
 * not JSON, and a hint for every known code of the SWR error table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "swrtui/http/http.h"
#include "swrtui/swr/errcat.h"

#define assert_contains(hay, needle)                                                                    \
	do {                                                                                            \
		const char *hay_ = (hay), *needle_ = (needle);                                          \
		if (!hay_ || !strstr(hay_, needle_))                                                    \
			fail_msg("expected \"%s\" to contain \"%s\"", hay_ ? hay_ : "(null)", needle_); \
	} while (0)

static void decode(const char *body, api_error *e)
{
	api_error_decode(body, strlen(body), e);
}

/* ---- api_error_decode: the documented formats ---- */

static void test_decode_new_format_reads_code_msg_details_and_encoded_message(void **state)
{
	(void)state;
	api_error e;
	decode("{\"error_code\":\"SVCSTG.SWR.4030170\",\"error_msg\":\"Insufficient permissions\","
	       "\"details\":[{\"error_code\":\"SVCSTG.SWR.4030171\",\"error_msg\":\"first\"},"
	       "{\"error_code\":\"SVCSTG.SWR.4030172\",\"error_msg\":\"second\"}],"
	       "\"encoded_authorization_message\":\"Egpj123\"}",
	       &e);
	assert_int_equal(e.format, API_ERROR_FORMAT_NEW);
	assert_string_equal(e.code, "SVCSTG.SWR.4030170");
	assert_string_equal(e.msg, "Insufficient permissions");
	assert_string_equal(e.encoded_authorization_message, "Egpj123");
	assert_null(e.gateway_request_id);
	assert_int_equal(e.ndetails, 2);
	assert_string_equal(e.details[0].code, "SVCSTG.SWR.4030171");
	assert_string_equal(e.details[0].msg, "first");
	assert_string_equal(e.details[1].code, "SVCSTG.SWR.4030172");
	assert_string_equal(e.details[1].msg, "second");
	api_error_free(&e);
}

static void test_decode_new_format_with_only_error_msg_is_new(void **state)
{
	(void)state;
	api_error e;
	decode("{\"error_msg\":\"something went wrong\"}", &e);
	assert_int_equal(e.format, API_ERROR_FORMAT_NEW);
	assert_null(e.code);
	assert_string_equal(e.msg, "something went wrong");
	api_error_free(&e);
}

static void test_decode_old_format_reads_first_entry_of_errors(void **state)
{
	(void)state;
	api_error e;
	decode("{\"errors\":[{\"errorCode\":\"SVCSTG.SWR.4030170\",\"errorMessage\":\"Insufficient permissions\","
	       "\"detail\":\"no swr:instance:updateRegistry\",\"encoded_authorization_message\":\"EgOld\"},"
	       "{\"errorCode\":\"SECOND\",\"errorMessage\":\"ignored\"}]}",
	       &e);
	assert_int_equal(e.format, API_ERROR_FORMAT_OLD);
	assert_string_equal(e.code, "SVCSTG.SWR.4030170");
	assert_string_equal(e.msg, "Insufficient permissions");
	assert_string_equal(e.encoded_authorization_message, "EgOld");
	/* the old format's "detail" is a plain string: it becomes one detail without a code */
	assert_int_equal(e.ndetails, 1);
	assert_null(e.details[0].code);
	assert_string_equal(e.details[0].msg, "no swr:instance:updateRegistry");
	api_error_free(&e);
}

static void test_decode_old_format_with_empty_detail_has_no_details(void **state)
{
	(void)state;
	api_error e;
	decode("{\"errors\":[{\"errorCode\":\"SVCSTG.SWR.4000014\",\"errorMessage\":\"Invalid\",\"detail\":\"\"}]}", &e);
	assert_int_equal(e.format, API_ERROR_FORMAT_OLD);
	assert_string_equal(e.code, "SVCSTG.SWR.4000014");
	assert_int_equal(e.ndetails, 0);
	assert_null(e.encoded_authorization_message);
	api_error_free(&e);
}

static void test_decode_both_formats_new_wins(void **state)
{
	(void)state;
	api_error e;
	/* the documented example body: both formats, the encoded message in both */
	decode("{ \"error_code\": \"SVCSTG.SWR.4030170\", \"error_msg\": \"Insufficient permissions\",\n"
	       "  \"details\": [ { \"error_code\": \"D1\", \"error_msg\": \"detail one\" } ],\n"
	       "  \"encoded_authorization_message\": \"EgNew\",\n"
	       "  \"errors\": [ { \"errorCode\": \"OLD.CODE\", \"errorMessage\": \"old message\",\n"
	       "                \"detail\": \"old detail\", \"encoded_authorization_message\": \"EgOld\" } ] }",
	       &e);
	assert_int_equal(e.format, API_ERROR_FORMAT_NEW);
	assert_string_equal(e.code, "SVCSTG.SWR.4030170");
	assert_string_equal(e.msg, "Insufficient permissions");
	assert_string_equal(e.encoded_authorization_message, "EgNew");
	assert_int_equal(e.ndetails, 1);
	assert_string_equal(e.details[0].code, "D1");
	assert_string_equal(e.details[0].msg, "detail one");
	api_error_free(&e);
}

static void test_decode_both_formats_finds_encoded_message_only_in_old_part(void **state)
{
	(void)state;
	api_error e;
	decode("{\"error_code\":\"SVCSTG.SWR.4030170\",\"error_msg\":\"Insufficient permissions\","
	       "\"errors\":[{\"errorCode\":\"SVCSTG.SWR.4030170\",\"errorMessage\":\"Insufficient permissions\","
	       "\"detail\":\"\",\"encoded_authorization_message\":\"EgOnlyOld\"}]}",
	       &e);
	assert_int_equal(e.format, API_ERROR_FORMAT_NEW);
	assert_string_equal(e.code, "SVCSTG.SWR.4030170");
	assert_string_equal(e.encoded_authorization_message, "EgOnlyOld");
	api_error_free(&e);
}

static void test_decode_code_message_format(void **state)
{
	(void)state;
	api_error e;
	decode("{\"code\":\"SWR.0001\",\"message\":\"bad thing\"}", &e);
	assert_int_equal(e.format, API_ERROR_FORMAT_CODE);
	assert_string_equal(e.code, "SWR.0001");
	assert_string_equal(e.msg, "bad thing");
	api_error_free(&e);
}

static void test_decode_code_message_format_with_numeric_code(void **state)
{
	(void)state;
	api_error e;
	decode("{\"code\":404,\"message\":\"not here\"}", &e);
	assert_int_equal(e.format, API_ERROR_FORMAT_CODE);
	assert_string_equal(e.code, "404");
	assert_string_equal(e.msg, "not here");
	api_error_free(&e);
}

static void test_decode_gateway_format_with_request_id(void **state)
{
	(void)state;
	api_error e;
	decode("{\"error_code\":\"APIGW.0301\",\"error_msg\":\"Incorrect IAM authentication information: "
	       "verify aksk signature fail\",\"request_id\":\"4a5c1f0e9b2d\"}",
	       &e);
	assert_int_equal(e.format, API_ERROR_FORMAT_GATEWAY);
	assert_string_equal(e.code, "APIGW.0301");
	assert_contains(e.msg, "verify aksk signature fail");
	assert_string_equal(e.gateway_request_id, "4a5c1f0e9b2d");
	api_error_free(&e);
}

static void test_decode_object_without_error_fields_is_none(void **state)
{
	(void)state;
	api_error e;
	decode("{\"registries\":[],\"total\":0}", &e);
	assert_int_equal(e.format, API_ERROR_FORMAT_NONE);
	assert_null(e.code);
	assert_null(e.msg);
	assert_int_equal(e.ndetails, 0);
	api_error_free(&e);
}

/* ---- api_error_decode: bodies that are not an error object ---- */

static void test_decode_html_page_is_not_json(void **state)
{
	(void)state;
	api_error e;
	decode("<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>", &e);
	assert_int_equal(e.format, API_ERROR_FORMAT_NOT_JSON);
	assert_null(e.code);
	assert_null(e.msg);
	api_error_free(&e);
}

static void test_decode_empty_body_is_not_json(void **state)
{
	(void)state;
	api_error e;
	api_error_decode("", 0, &e);
	assert_int_equal(e.format, API_ERROR_FORMAT_NOT_JSON);
	api_error_free(&e);
	api_error_decode(NULL, 0, &e);
	assert_int_equal(e.format, API_ERROR_FORMAT_NOT_JSON);
	api_error_free(&e);
}

static void test_decode_whitespace_only_body_is_not_json(void **state)
{
	(void)state;
	api_error e;
	decode(" \r\n\t  \n", &e);
	assert_int_equal(e.format, API_ERROR_FORMAT_NOT_JSON);
	assert_null(e.code);
	api_error_free(&e);
}

static void test_decode_truncated_json_is_not_json(void **state)
{
	(void)state;
	api_error e;
	decode("{\"error_code\":\"SVCSTG.SWR.4030170\",\"error_msg\":\"Insuff", &e);
	assert_int_equal(e.format, API_ERROR_FORMAT_NOT_JSON);
	assert_null(e.code);
	api_error_free(&e);
}

static void test_decode_reads_no_further_than_len(void **state)
{
	(void)state;
	api_error e;
	const char *body = "{\"error_code\":\"X.1\"}";
	/* cut inside the object: the decoder must not read past len */
	api_error_decode(body, 10, &e);
	assert_int_equal(e.format, API_ERROR_FORMAT_NOT_JSON);
	api_error_free(&e);
}

static void test_decode_json_array_is_none(void **state)
{
	(void)state;
	api_error e;
	decode("[{\"error_code\":\"SVCSTG.SWR.4030170\",\"error_msg\":\"x\"}]", &e);
	assert_int_equal(e.format, API_ERROR_FORMAT_NONE);
	assert_null(e.code);
	assert_null(e.msg);
	api_error_free(&e);
}

static void test_decode_json_scalar_is_none(void **state)
{
	(void)state;
	api_error e;
	decode("\"just a string\"", &e);
	assert_int_equal(e.format, API_ERROR_FORMAT_NONE);
	api_error_free(&e);
	decode("null", &e);
	assert_int_equal(e.format, API_ERROR_FORMAT_NONE);
	api_error_free(&e);
}

static void test_decode_nul_byte_inside_string_is_not_an_error_object(void **state)
{
	(void)state;
	api_error e;
	static const char body[] = "{\"error_code\":\"APIGW\0.0301\",\"error_msg\":\"m\"}";
	api_error_decode(body, sizeof body - 1, &e);
	if (e.format != API_ERROR_FORMAT_NOT_JSON && e.format != API_ERROR_FORMAT_NONE)
		fail_msg("expected NOT_JSON or NONE for a body with a NUL byte, got format %d (code %s)", (int)e.format,
		         e.code ? e.code : "(null)");
	assert_null(e.code);
	api_error_free(&e);
}

static void test_decode_nul_byte_between_tokens_is_not_an_error_object(void **state)
{
	(void)state;
	api_error e;
	static const char body[] = "{\0\"error_code\":\"APIGW.0301\",\"request_id\":\"r\"}";
	api_error_decode(body, sizeof body - 1, &e);
	if (e.format != API_ERROR_FORMAT_NOT_JSON && e.format != API_ERROR_FORMAT_NONE)
		fail_msg("expected NOT_JSON or NONE for a body with a NUL byte, got format %d", (int)e.format);
	assert_null(e.code);
	assert_null(e.gateway_request_id);
	api_error_free(&e);
}

static void test_decode_nul_byte_after_valid_object_is_not_an_error_object(void **state)
{
	(void)state;
	api_error e;
	static const char body[] = "{\"error_code\":\"SVCSTG.SWR.4010000\"}\0<html>";
	api_error_decode(body, sizeof body - 1, &e);
	if (e.format != API_ERROR_FORMAT_NOT_JSON && e.format != API_ERROR_FORMAT_NONE)
		fail_msg("expected NOT_JSON or NONE for a body with a NUL byte, got format %d", (int)e.format);
	api_error_free(&e);
}

static void test_decode_escaped_nul_in_a_string_is_not_an_error_object(void **state)
{
	(void)state;
	api_error e;
	/* cJSON would cut error_msg at the NUL ("before") without a word: the body is shown raw instead */
	decode("{\"error_code\":\"SVCSTG.SWR.4000014\",\"error_msg\":\"before \\u0000 after\"}", &e);
	assert_int_equal(e.format, API_ERROR_FORMAT_NOT_JSON);
	assert_null(e.msg);
	api_error_free(&e);
	/* an escaped backslash before "u0000" is not an escaped NUL */
	decode("{\"error_code\":\"SVCSTG.SWR.4000014\",\"error_msg\":\"path C:\\\\u0000\"}", &e);
	assert_int_equal(e.format, API_ERROR_FORMAT_NEW);
	assert_string_equal(e.msg, "path C:\\u0000");
	api_error_free(&e);
}

static void test_decode_wrong_member_types_do_not_crash(void **state)
{
	(void)state;
	api_error e;
	decode("{\"error_code\":{\"x\":1},\"error_msg\":[1,2],\"details\":\"nope\",\"errors\":\"nope\"}", &e);
	assert_null(e.code);
	assert_null(e.msg);
	assert_int_equal(e.ndetails, 0);
	api_error_free(&e);
	decode("{\"errors\":[42],\"details\":[1,\"x\",{\"error_code\":\"D\"}]}", &e);
	assert_int_equal(e.ndetails, 1);
	assert_string_equal(e.details[0].code, "D");
	assert_null(e.details[0].msg);
	api_error_free(&e);
}

static void test_error_free_twice_is_harmless(void **state)
{
	(void)state;
	api_error e;
	decode("{\"error_code\":\"A\",\"details\":[{\"error_msg\":\"m\"}]}", &e);
	api_error_free(&e);
	assert_null(e.code);
	assert_null(e.details);
	assert_int_equal(e.ndetails, 0);
	api_error_free(&e);
	api_error_free(NULL);
}

/* ---- result helpers ---- */

static void test_status_reason_standard_phrases(void **state)
{
	(void)state;
	assert_string_equal(api_status_reason(200), "OK");
	assert_string_equal(api_status_reason(201), "Created");
	assert_string_equal(api_status_reason(204), "No Content");
	assert_string_equal(api_status_reason(400), "Bad Request");
	assert_string_equal(api_status_reason(401), "Unauthorized");
	assert_string_equal(api_status_reason(403), "Forbidden");
	assert_string_equal(api_status_reason(404), "Not Found");
	assert_string_equal(api_status_reason(409), "Conflict");
	assert_string_equal(api_status_reason(413), "Payload Too Large");
	assert_string_equal(api_status_reason(429), "Too Many Requests");
	assert_string_equal(api_status_reason(500), "Internal Server Error");
	assert_string_equal(api_status_reason(502), "Bad Gateway");
	assert_string_equal(api_status_reason(503), "Service Unavailable");
	assert_string_equal(api_status_reason(504), "Gateway Timeout");
}

static void test_status_reason_unknown_status_is_empty(void **state)
{
	(void)state;
	assert_string_equal(api_status_reason(0), "");
	assert_string_equal(api_status_reason(299), "");
	assert_string_equal(api_status_reason(-1), "");
	assert_string_equal(api_status_reason(999), "");
}

static void test_transport_names_are_distinct_and_readable(void **state)
{
	(void)state;
	assert_string_equal(api_transport_name(API_TRANSPORT_RESOLVE), "name resolution");
	assert_string_equal(api_transport_name(API_TRANSPORT_CONNECT), "connect");
	assert_string_equal(api_transport_name(API_TRANSPORT_TLS), "TLS");
	assert_string_equal(api_transport_name(API_TRANSPORT_TIMEOUT), "timeout");
	const api_transport all[] = {API_TRANSPORT_OK,      API_TRANSPORT_RESOLVE,   API_TRANSPORT_CONNECT,
	                             API_TRANSPORT_TLS,     API_TRANSPORT_TIMEOUT,   API_TRANSPORT_TOO_LARGE,
	                             API_TRANSPORT_CANCELLED, API_TRANSPORT_OTHER};
	size_t n = sizeof all / sizeof all[0];
	for (size_t i = 0; i < n; i++) {
		const char *a = api_transport_name(all[i]);
		assert_non_null(a);
		assert_true(a[0] != '\0');
		for (size_t j = i + 1; j < n; j++)
			if (strcmp(a, api_transport_name(all[j])) == 0)
				fail_msg("transport kinds %zu and %zu share the name \"%s\"", i, j, a);
	}
}

static void test_result_ok_only_for_2xx_with_transport_ok(void **state)
{
	(void)state;
	api_result r;
	memset(&r, 0, sizeof r);
	r.transport = API_TRANSPORT_OK;
	r.status = 200;
	assert_true(api_result_ok(&r));
	r.status = 204;
	assert_true(api_result_ok(&r));
	r.status = 299;
	assert_true(api_result_ok(&r));
	r.status = 199;
	assert_false(api_result_ok(&r));
	r.status = 300;
	assert_false(api_result_ok(&r));
	r.status = 404;
	assert_false(api_result_ok(&r));
	r.status = 0;
	assert_false(api_result_ok(&r));
	r.status = 200;
	r.transport = API_TRANSPORT_TOO_LARGE;
	assert_false(api_result_ok(&r));
	r.transport = API_TRANSPORT_CANCELLED;
	assert_false(api_result_ok(&r));
}

/* ---- errcat_hint ---- */

/* Every code of SWR's documented error table, with its status and a word of the meaning it is given. */
static const struct {
	long status;
	const char *code;
	const char *meaning;
} known_codes[] = {
	{401, "SVCSTG.SWR.4010000", "token"},
	{401, "SVCSTG.S2I.4019000", "no token"},
	{401, "SVCSTG.SWR.4011064", "cross-account"},
	{403, "SVCSTG.SWR.4030170", "IAM action"},
	{403, "SVCSTG.SWR.4039001", "belong"},
	{403, "SVCSTG.SWR.4039002", "no permission"},
	{403, "SVCSTG.SWR.4031032", "retry"},
	{403, "SVCSTG.SWR.4031042", "retry"},
	{400, "SVCSTG.SWR.4000014", "invalid parameters"},
	{400, "SVCSTG.SWR.4001014", "mandatory"},
	{400, "SVCSTG.SWR.4001037", "not supported"},
	{400, "SVCSTG.SWR.4000031", "invalid"},
	{400, "SVCSTG.SWR.4001013", "empty"},
	{404, "SVCSTG.SWR.4040083", "not found"},
	{409, "SVCSTG.SWR.4090023", "busy"},
	{500, "SVCSTG.SWR.5001038", "unavailable"},
	{500, "SVCSTG.SWR.5000007", "internal error"},
	{500, "SVCSTG.SWR.5000011", "internal error"},
	{500, "SVCSTG.SWR.5000005", "internal error"},
	{500, "SVCSTG.SWR.5000046", "internal error"},
	{404, "APIGW.0101", "does not exist"},
	{401, "APIGW.0301", "IAM authentication"},
	{403, "APIGW.0302", "may not call"},
	{401, "APIGW.0307", "renewed"},
	{429, "APIGW.0308", "throttled"},
	{403, "APIGW.0310", "project is unavailable"},
	{403, "APIGW.0801", "not available"},
	{403, "APIGW.0802", "forbidden"},
	{413, "APIGW.0201", "too large"},
};

static void test_hint_for_every_known_code_of_the_reference(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof known_codes / sizeof known_codes[0]; i++) {
		const char *h = errcat_hint(known_codes[i].status, known_codes[i].code, NULL);
		if (!h)
			fail_msg("expected a hint for %s, got NULL", known_codes[i].code);
		if (!strstr(h, known_codes[i].meaning))
			fail_msg("expected the hint for %s to mention \"%s\", got \"%s\"", known_codes[i].code,
			         known_codes[i].meaning, h);
		/* the code-specific hint is not merely the status fallback */
		const char *by_status = errcat_hint(known_codes[i].status, NULL, NULL);
		if (by_status && strcmp(by_status, h) == 0)
			fail_msg("expected a hint specific to %s, got the status fallback \"%s\"", known_codes[i].code, h);
	}
}

static void test_hint_for_known_code_does_not_depend_on_status(void **state)
{
	(void)state;
	const char *a = errcat_hint(403, "SVCSTG.SWR.4030170", NULL);
	const char *b = errcat_hint(0, "SVCSTG.SWR.4030170", NULL);
	assert_non_null(a);
	assert_ptr_equal(a, b);
}

static void test_hint_insufficient_permissions_mentions_decoding_the_message(void **state)
{
	(void)state;
	const char *h = errcat_hint(403, "SVCSTG.SWR.4030170", "Insufficient permissions");
	assert_contains(h, "STS");
	assert_contains(h, "encoded authorization message");
}

static void test_hint_internal_errors_name_the_operation(void **state)
{
	(void)state;
	assert_contains(errcat_hint(500, "SVCSTG.SWR.5000007", NULL), "reading");
	assert_contains(errcat_hint(500, "SVCSTG.SWR.5000011", NULL), "updating");
	assert_contains(errcat_hint(500, "SVCSTG.SWR.5000005", NULL), "deleting");
	assert_contains(errcat_hint(500, "SVCSTG.SWR.5000046", NULL), "creating");
	assert_contains(errcat_hint(413, "APIGW.0201", NULL), "12 MB");
}

static void test_hint_apigw0301_signature_fail(void **state)
{
	(void)state;
	const char *h = errcat_hint(401, "APIGW.0301",
	                            "Incorrect IAM authentication information: verify aksk signature fail, "
	                            "SDK-HMAC-SHA256|GET|/v2/p/instances/i/registries/|...");
	assert_contains(h, "signature does not match");
	assert_contains(h, "canonical request");
}

static void test_hint_apigw0301_ak_locked_after_reaching_the_limit(void **state)
{
	(void)state;
	const char *h = errcat_hint(401, "APIGW.0301", "AK access failed to reach the limit,forbidden.");
	assert_contains(h, "locked");
	assert_contains(h, "5 minutes");
}

static void test_hint_apigw0301_ak_not_exist(void **state)
{
	(void)state;
	const char *h = errcat_hint(401, "APIGW.0301", "Incorrect IAM authentication information: ak not exist");
	assert_contains(h, "access key does not exist");
}

static void test_hint_apigw0301_signature_expired(void **state)
{
	(void)state;
	const char *h = errcat_hint(401, "APIGW.0301", "Incorrect IAM authentication information: signature expired");
	assert_contains(h, "15 minutes");
}

static void test_hint_apigw0301_token_expires(void **state)
{
	(void)state;
	const char *h = errcat_hint(401, "APIGW.0301", "Incorrect IAM authentication information: token expires");
	assert_contains(h, "token expired");
	assert_contains(h, "new token");
}

static void test_hint_apigw0301_sub_messages_are_distinct(void **state)
{
	(void)state;
	const char *msgs[] = {"verify aksk signature fail", "AK access failed to reach the limit", "ak not exist",
	                      "signature expired", "token expires", "something else", NULL};
	const char *hints[7];
	for (size_t i = 0; i < 7; i++) {
		hints[i] = errcat_hint(401, "APIGW.0301", msgs[i]);
		assert_non_null(hints[i]);
	}
	for (size_t i = 0; i < 6; i++)
		for (size_t j = i + 1; j < 6; j++)
			if (strcmp(hints[i], hints[j]) == 0)
				fail_msg("sub-messages \"%s\" and \"%s\" give the same hint", msgs[i], msgs[j]);
	/* no sub-message (NULL) gives the general hint */
	assert_string_equal(hints[6], hints[5]);
	assert_contains(hints[5], "IAM authentication failed");
}

static void test_hint_falls_back_to_status_for_unknown_code(void **state)
{
	(void)state;
	assert_contains(errcat_hint(401, "SVCSTG.SWR.4019999", NULL), "token");
	assert_contains(errcat_hint(403, "NOT.A.CODE", NULL), "IAM permissions");
	assert_contains(errcat_hint(404, NULL, NULL), "not found");
	assert_contains(errcat_hint(429, NULL, NULL), "retry");
	assert_contains(errcat_hint(502, NULL, NULL), "unavailable");
	assert_contains(errcat_hint(503, NULL, NULL), "unavailable");
	assert_contains(errcat_hint(504, NULL, NULL), "unavailable");
}

static void test_hint_is_null_when_nothing_useful(void **state)
{
	(void)state;
	assert_null(errcat_hint(200, NULL, NULL));
	assert_null(errcat_hint(204, "UNKNOWN", "whatever"));
	assert_null(errcat_hint(400, "SVCSTG.SWR.4009999", "unknown code"));
	assert_null(errcat_hint(500, "SOMETHING.ELSE", NULL));
	assert_null(errcat_hint(0, NULL, NULL));
}

static void test_tls_hint_names_another_host_an_expired_certificate_or_the_ca(void **state)
{
	(void)state;
	assert_non_null(strstr(errcat_tls_hint("SSL: no alternative certificate subject name matches target host name "
	                                       "'127.0.0.1' [certificate: issued for another host name]"),
	                       "check the host of the endpoint"));
	assert_non_null(strstr(errcat_tls_hint("SSL certificate problem: certificate has expired [certificate: "
	                                       "certificate has expired]"),
	                       "outside its validity period"));
	assert_non_null(strstr(errcat_tls_hint("SSL certificate problem: certificate is not yet valid"),
	                       "outside its validity period"));
	assert_non_null(strstr(errcat_tls_hint("SSL certificate problem: self-signed certificate"), "--cacert FILE"));
	assert_non_null(strstr(errcat_tls_hint(NULL), "--cacert FILE"));
}

static void test_hint_code_match_is_exact(void **state)
{
	(void)state;
	/* a prefix, a suffix or another case of a known code is not that code */
	assert_null(errcat_hint(400, "SVCSTG.SWR.400001", NULL));
	assert_null(errcat_hint(400, "SVCSTG.SWR.40000140", NULL));
	assert_null(errcat_hint(400, "svcstg.swr.4000014", NULL));
	const char *fallback = errcat_hint(401, NULL, NULL);
	assert_string_equal(errcat_hint(401, "APIGW.03010", NULL), fallback);
}

/* ---- IAM's own error format ---- */

static void test_decode_iam_error_object(void **state)
{
	(void)state;
	api_error e;
	decode("{\"error\":{\"code\":401,\"message\":\"The username or password is wrong.\","
	       "\"title\":\"Unauthorized\"}}",
	       &e);
	assert_int_equal(e.format, API_ERROR_FORMAT_CODE);
	assert_string_equal(e.code, "401");
	assert_string_equal(e.msg, "The username or password is wrong.");
	assert_null(e.encoded_authorization_message);
	api_error_free(&e);
}

static void test_decode_iam_error_object_without_message_uses_title(void **state)
{
	(void)state;
	api_error e;
	decode("{\"error\":{\"code\":\"IAM.0001\",\"title\":\"Unauthorized\"}}", &e);
	assert_int_equal(e.format, API_ERROR_FORMAT_CODE);
	assert_string_equal(e.code, "IAM.0001");
	assert_string_equal(e.msg, "Unauthorized");
	api_error_free(&e);
}

static void test_decode_new_format_wins_over_an_error_object(void **state)
{
	(void)state;
	api_error e;
	decode("{\"error_code\":\"SVCSTG.SWR.4010000\",\"error_msg\":\"Authentication failed\","
	       "\"error\":{\"code\":401,\"message\":\"other\"}}",
	       &e);
	assert_int_equal(e.format, API_ERROR_FORMAT_NEW);
	assert_string_equal(e.code, "SVCSTG.SWR.4010000");
	assert_string_equal(e.msg, "Authentication failed");
	api_error_free(&e);
}

static void test_decode_error_string_is_not_an_error_object(void **state)
{
	(void)state;
	api_error e;
	decode("{\"error\":\"just text\"}", &e);
	assert_int_equal(e.format, API_ERROR_FORMAT_NONE);
	assert_null(e.code);
	assert_null(e.msg);
	api_error_free(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_new_format_reads_code_msg_details_and_encoded_message),
		cmocka_unit_test(test_decode_new_format_with_only_error_msg_is_new),
		cmocka_unit_test(test_decode_old_format_reads_first_entry_of_errors),
		cmocka_unit_test(test_decode_old_format_with_empty_detail_has_no_details),
		cmocka_unit_test(test_decode_both_formats_new_wins),
		cmocka_unit_test(test_decode_both_formats_finds_encoded_message_only_in_old_part),
		cmocka_unit_test(test_decode_code_message_format),
		cmocka_unit_test(test_decode_code_message_format_with_numeric_code),
		cmocka_unit_test(test_decode_gateway_format_with_request_id),
		cmocka_unit_test(test_decode_object_without_error_fields_is_none),
		cmocka_unit_test(test_decode_html_page_is_not_json),
		cmocka_unit_test(test_decode_empty_body_is_not_json),
		cmocka_unit_test(test_decode_whitespace_only_body_is_not_json),
		cmocka_unit_test(test_decode_truncated_json_is_not_json),
		cmocka_unit_test(test_decode_reads_no_further_than_len),
		cmocka_unit_test(test_decode_json_array_is_none),
		cmocka_unit_test(test_decode_json_scalar_is_none),
		cmocka_unit_test(test_decode_nul_byte_inside_string_is_not_an_error_object),
		cmocka_unit_test(test_decode_nul_byte_between_tokens_is_not_an_error_object),
		cmocka_unit_test(test_decode_nul_byte_after_valid_object_is_not_an_error_object),
		cmocka_unit_test(test_decode_escaped_nul_in_a_string_is_not_an_error_object),
		cmocka_unit_test(test_decode_wrong_member_types_do_not_crash),
		cmocka_unit_test(test_error_free_twice_is_harmless),
		cmocka_unit_test(test_status_reason_standard_phrases),
		cmocka_unit_test(test_status_reason_unknown_status_is_empty),
		cmocka_unit_test(test_transport_names_are_distinct_and_readable),
		cmocka_unit_test(test_result_ok_only_for_2xx_with_transport_ok),
		cmocka_unit_test(test_hint_for_every_known_code_of_the_reference),
		cmocka_unit_test(test_hint_for_known_code_does_not_depend_on_status),
		cmocka_unit_test(test_hint_insufficient_permissions_mentions_decoding_the_message),
		cmocka_unit_test(test_hint_internal_errors_name_the_operation),
		cmocka_unit_test(test_hint_apigw0301_signature_fail),
		cmocka_unit_test(test_hint_apigw0301_ak_locked_after_reaching_the_limit),
		cmocka_unit_test(test_hint_apigw0301_ak_not_exist),
		cmocka_unit_test(test_hint_apigw0301_signature_expired),
		cmocka_unit_test(test_hint_apigw0301_token_expires),
		cmocka_unit_test(test_hint_apigw0301_sub_messages_are_distinct),
		cmocka_unit_test(test_hint_falls_back_to_status_for_unknown_code),
		cmocka_unit_test(test_tls_hint_names_another_host_an_expired_certificate_or_the_ca),
		cmocka_unit_test(test_hint_is_null_when_nothing_useful),
		cmocka_unit_test(test_hint_code_match_is_exact),
		cmocka_unit_test(test_decode_iam_error_object),
		cmocka_unit_test(test_decode_iam_error_object_without_message_uses_title),
		cmocka_unit_test(test_decode_new_format_wins_over_an_error_object),
		cmocka_unit_test(test_decode_error_string_is_not_an_error_object),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
