/* test_sign.c — unit tests of sign.c: every example of tests/unit/data/signing-vectors.json (the provider's
 * own signer and guide) reproduced byte for byte — canonical request, string to sign, signature,
 * Authorization header and the URI sent — plus temporary keys, encoding rules and signing through the builders. */
#define _DEFAULT_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <cjson/cJSON.h>
#include <cmocka.h>

#include "swrtui/swr/swr.h"
#include "swrtui/auth/auth.h"
#include "swrtui/http/http.h"
#include "swrtui/base/buf.h"
#include "swrtui/auth/sign.h"

#define VECTORS "tests/unit/data/signing-vectors.json"

#define assert_contains(hay, needle)                                                                    \
	do {                                                                                            \
		const char *hay_ = (hay), *needle_ = (needle);                                          \
		if (!hay_ || !strstr(hay_, needle_))                                                    \
			fail_msg("expected \"%s\" to contain \"%s\"", hay_ ? hay_ : "(null)", needle_); \
	} while (0)

#define assert_not_contains(hay, needle)                                                   \
	do {                                                                               \
		const char *hay_ = (hay), *needle_ = (needle);                             \
		if (hay_ && strstr(hay_, needle_))                                         \
			fail_msg("expected \"%s\" not to contain \"%s\"", hay_, needle_); \
	} while (0)

static char err[512];

/* ---- the vectors ---- */

static cJSON *load_vectors(void)
{
	FILE *f = fopen(VECTORS, "rb");
	if (!f)
		fail_msg("cannot open %s (tests run from the repository root)", VECTORS);
	static char text[256 * 1024];
	size_t n = fread(text, 1, sizeof text - 1, f);
	fclose(f);
	text[n] = '\0';
	cJSON *doc = cJSON_Parse(text);
	if (!cJSON_IsArray(doc) || cJSON_GetArraySize(doc) < 5)
		fail_msg("%s is not an array of at least 5 examples", VECTORS);
	return doc;
}

static const char *str(const cJSON *obj, const char *name)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, name);
	return cJSON_IsString(it) ? it->valuestring : NULL;
}

/* A query value of the vectors is a string or an integer. */
static void scalar_text(const cJSON *v, char *out, size_t n)
{
	if (cJSON_IsString(v))
		snprintf(out, n, "%s", v->valuestring);
	else if (cJSON_IsNumber(v))
		snprintf(out, n, "%lld", (long long)v->valuedouble);
	else
		fail_msg("unexpected query value type");
}

static time_t parse_sdk_date(const char *d)
{
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	if (!d || sscanf(d, "%4d%2d%2dT%2d%2d%2dZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
	                 &tm.tm_sec) != 6)
		fail_msg("bad X-Sdk-Date %s", d ? d : "(null)");
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return timegm(&tm);
}

/* The request the builders would make from a vector's inputs (X-Project-Id when there is a project). */
static void request_from_inputs(const cJSON *in, api_request *req)
{
	memset(req, 0, sizeof *req);
	req->method = str(in, "method");
	char tmp[512];
	snprintf(tmp, sizeof tmp, "https://%s", str(in, "host"));
	req->scheme_host = strdup(tmp);
	req->host = strdup(str(in, "host"));
	req->path = strdup(str(in, "resource_path"));
	const cJSON *q;
	cJSON_ArrayForEach(q, cJSON_GetObjectItemCaseSensitive(in, "query_params"))
	{
		scalar_text(cJSON_GetArrayItem(q, 1), tmp, sizeof tmp);
		assert_int_equal(api_request_add_query(req, cJSON_GetArrayItem(q, 0)->valuestring, tmp), 0);
	}
	const cJSON *h;
	cJSON_ArrayForEach(h, cJSON_GetObjectItemCaseSensitive(in, "headers_in"))
	{
		assert_int_equal(api_request_add_header(req, h->string, h->valuestring), 0);
	}
	if (str(in, "project_id"))
		assert_int_equal(api_request_add_header(req, "X-Project-Id", str(in, "project_id")), 0);
	if (str(in, "body")) {
		req->body = strdup(str(in, "body"));
		req->body_len = strlen(req->body);
	}
}

static size_t count_header(const api_request *req, const char *name)
{
	size_t n = 0;
	for (size_t i = 0; i < req->nheaders; i++)
		if (strcasecmp(req->headers[i].name, name) == 0)
			n++;
	return n;
}

static void test_every_vector_is_reproduced_by_sign_request(void **state)
{
	(void)state;
	cJSON *doc = load_vectors();
	const cJSON *v;
	int checked = 0;
	cJSON_ArrayForEach(v, doc)
	{
		const char *name = str(v, "name");
		const cJSON *in = cJSON_GetObjectItemCaseSensitive(v, "inputs");
		const cJSON *final = cJSON_GetObjectItemCaseSensitive(v, "final_headers");
		const char *date = str(cJSON_GetObjectItemCaseSensitive(in, "headers_in"), "X-Sdk-Date");
		api_request req;
		request_from_inputs(in, &req);
		err[0] = '\0';
		int rc = sign_request(&req, str(in, "ak"), str(in, "sk"), str(in, "security_token"), parse_sdk_date(date),
		                      err, sizeof err);
		if (rc != 0)
			fail_msg("%s: sign_request failed: %s", name, err);
		if (strcmp(req.canonical_request, str(v, "canonical_request")) != 0)
			fail_msg("%s: canonical request\nexpected:\n%s\ngot:\n%s", name, str(v, "canonical_request"),
			         req.canonical_request);
		assert_string_equal(api_request_header(&req, "Authorization"), str(final, "Authorization"));
		/* the headers the vector ends with are there, with these values */
		const cJSON *h;
		cJSON_ArrayForEach(h, final)
		{
			const char *got = strcasecmp(h->string, "Host") == 0 ? req.host : api_request_header(&req, h->string);
			if (!got || strcmp(got, h->valuestring) != 0)
				fail_msg("%s: header %s: expected \"%s\", got \"%s\"", name, h->string, h->valuestring,
				         got ? got : "(none)");
		}
		assert_string_equal(api_request_header(&req, "X-Sdk-Date"), date);
		assert_int_equal(count_header(&req, "X-Sdk-Date"), 1);
		assert_int_equal(count_header(&req, "Authorization"), 1);
		assert_null(api_request_header(&req, "X-Security-Token"));
		/* the URI sent: the query in the signed order, no '/' appended */
		char *url = api_request_url(&req);
		char want[1024];
		snprintf(want, sizeof want, "https://%s%s", str(in, "host"), str(v, "request_uri"));
		if (strcmp(url, want) != 0)
			fail_msg("%s: URL sent\nexpected %s\ngot      %s", name, want, url);
		free(url);
		/* string to sign and signature from the canonical request */
		char *sts = sign_string_to_sign(date, req.canonical_request);
		assert_string_equal(sts, str(v, "string_to_sign"));
		char sig[SIGN_HEX_LEN + 1];
		assert_int_equal(sign_signature(str(in, "sk"), sts, sig), 0);
		assert_string_equal(sig, str(v, "signature"));
		free(sts);
		api_request_free(&req);
		checked++;
	}
	assert_int_equal(checked, cJSON_GetArraySize(doc));
	cJSON_Delete(doc);
}

/* The pure functions on the vectors' inputs as given: all of headers_in plus Host (and X-Project-Id),
 * so the TEST_UNDERSCORE header of U1 and U2 is offered and must be left out. */
static void test_every_vector_is_reproduced_by_the_pure_functions(void **state)
{
	(void)state;
	cJSON *doc = load_vectors();
	const cJSON *v;
	cJSON_ArrayForEach(v, doc)
	{
		const char *name = str(v, "name");
		const cJSON *in = cJSON_GetObjectItemCaseSensitive(v, "inputs");
		const cJSON *hin = cJSON_GetObjectItemCaseSensitive(in, "headers_in");
		api_request req;
		request_from_inputs(in, &req);
		api_request_add_header(&req, "Host", str(in, "host"));
		sign_parts p = {.method = req.method,
		                .path = req.path,
		                .query = req.query,
		                .nquery = req.nquery,
		                .headers = req.headers,
		                .nheaders = req.nheaders,
		                .body = req.body,
		                .body_len = req.body_len};
		char *names = NULL;
		char *canonical = sign_canonical_request(&p, 0, &names);
		if (!canonical || strcmp(canonical, str(v, "canonical_request")) != 0)
			fail_msg("%s: canonical request\nexpected:\n%s\ngot:\n%s", name, str(v, "canonical_request"),
			         canonical ? canonical : "(null)");
		assert_not_contains(names, "test_underscore");
		char *sts = sign_string_to_sign(str(hin, "X-Sdk-Date"), canonical);
		assert_string_equal(sts, str(v, "string_to_sign"));
		char sig[SIGN_HEX_LEN + 1];
		assert_int_equal(sign_signature(str(in, "sk"), sts, sig), 0);
		assert_string_equal(sig, str(v, "signature"));
		char *auth = sign_authorization(str(in, "ak"), names, sig);
		assert_string_equal(auth, str(cJSON_GetObjectItemCaseSensitive(v, "final_headers"), "Authorization"));
		/* the query as given was not reordered by the pure function */
		if (strncmp(name, "V2", 2) == 0)
			assert_string_equal(req.query[0].name, "offset");
		free(auth);
		free(sts);
		free(names);
		free(canonical);
		api_request_free(&req);
	}
	cJSON_Delete(doc);
}

static void test_vectors_cover_the_cases_the_signer_must_handle(void **state)
{
	(void)state;
	cJSON *doc = load_vectors();
	int json_body = 0, underscore = 0, no_project_with_content_type = 0, unsorted_query = 0;
	const cJSON *v;
	cJSON_ArrayForEach(v, doc)
	{
		const cJSON *in = cJSON_GetObjectItemCaseSensitive(v, "inputs");
		const cJSON *hin = cJSON_GetObjectItemCaseSensitive(in, "headers_in");
		if (str(in, "body") && str(in, "body")[0] == '{')
			json_body++;
		if (cJSON_GetObjectItemCaseSensitive(hin, "TEST_UNDERSCORE"))
			underscore++;
		if (!str(in, "project_id") && str(hin, "Content-Type"))
			no_project_with_content_type++;
		const cJSON *q = cJSON_GetObjectItemCaseSensitive(in, "query_params");
		if (cJSON_GetArraySize(q) > 1 &&
		    strcmp(cJSON_GetArrayItem(cJSON_GetArrayItem(q, 0), 0)->valuestring,
		           cJSON_GetArrayItem(cJSON_GetArrayItem(q, 1), 0)->valuestring) > 0)
			unsorted_query++;
	}
	assert_true(json_body >= 2);
	assert_int_equal(underscore, 2);
	assert_int_equal(no_project_with_content_type, 1);
	assert_true(unsorted_query >= 1);
	cJSON_Delete(doc);
}

/* ---- temporary keys (expected values computed independently with Python's hashlib/hmac) ---- */

#define T_AK "HPUAEXAMPLEAK0000001"
#define T_SK "ExampleSecretKey0123456789abcdefghijABCD"
#define T_TOKEN "tmp-Token.XYZ/+="
#define T_HOST "swr-api.cn-north-4.myhuaweicloud.com"

static void temp_request(api_request *req)
{
	memset(req, 0, sizeof *req);
	req->method = "GET";
	req->scheme_host = strdup("https://" T_HOST);
	req->host = strdup(T_HOST);
	req->path = strdup("/v2/p/instances/i/registries");
	api_request_add_query(req, "name", "\xe9\x95\x9c\xe5\x83\x8f a");
	api_request_add_query(req, "limit", "10");
	api_request_add_query(req, "offset", "0");
	api_request_add_header(req, "Content-Type", "application/json");
	api_request_add_header(req, "X-Project-Id", "p");
}

static void test_temporary_keys_sign_the_security_token_and_redact_it(void **state)
{
	(void)state;
	api_request req;
	temp_request(&req);
	assert_int_equal(sign_request(&req, T_AK, T_SK, T_TOKEN, parse_sdk_date("20240115T080000Z"), err, sizeof err), 0);
	assert_string_equal(api_request_header(&req, "X-Security-Token"), T_TOKEN);
	assert_string_equal(api_request_header(&req, "Authorization"),
	                    "SDK-HMAC-SHA256 Access=" T_AK ", SignedHeaders=content-type;host;x-project-id;x-sdk-date;"
	                    "x-security-token, Signature=9ae66ec241b8ba4e357eaa0c5caf3b0b0bbdca0701bf882de65cf38fbf0ee40c");
	assert_string_equal(req.canonical_request,
	                    "GET\n/v2/p/instances/i/registries/\nlimit=10&name=%E9%95%9C%E5%83%8F%20a&offset=0\n"
	                    "content-type:application/json\nhost:" T_HOST "\nx-project-id:p\nx-sdk-date:20240115T080000Z\n"
	                    "x-security-token:<redacted>\n\ncontent-type;host;x-project-id;x-sdk-date;x-security-token\n"
	                    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	assert_not_contains(req.canonical_request, T_TOKEN);
	char *url = api_request_url(&req);
	assert_string_equal(url, "https://" T_HOST "/v2/p/instances/i/registries?limit=10&name=%E9%95%9C%E5%83%8F%20a&offset=0");
	free(url);
	/* the printable form (--dry-run) hides the signature and the token */
	char *shown = api_request_format(&req, API_FORMAT_REDACT);
	assert_contains(shown, "Authorization: <redacted>\n");
	assert_contains(shown, "X-Security-Token: <redacted>\n");
	assert_not_contains(shown, T_TOKEN);
	assert_not_contains(shown, "9ae66ec2");
	assert_not_contains(shown, T_SK);
	free(shown);
	api_request_free(&req);
}

static void test_signing_twice_replaces_the_earlier_signature(void **state)
{
	(void)state;
	api_request req;
	temp_request(&req);
	assert_int_equal(sign_request(&req, T_AK, T_SK, T_TOKEN, 1000, err, sizeof err), 0);
	assert_int_equal(sign_request(&req, T_AK, T_SK, NULL, parse_sdk_date("20240115T080000Z"), err, sizeof err), 0);
	assert_int_equal(count_header(&req, "Authorization"), 1);
	assert_int_equal(count_header(&req, "X-Sdk-Date"), 1);
	assert_int_equal(count_header(&req, "X-Security-Token"), 0);
	assert_string_equal(api_request_header(&req, "X-Sdk-Date"), "20240115T080000Z");
	assert_contains(api_request_header(&req, "Authorization"), "SignedHeaders=content-type;host;x-project-id;x-sdk-date,");
	api_request_free(&req);
}

static void test_bad_keys_are_refused_without_showing_the_secret(void **state)
{
	(void)state;
	api_request req;
	temp_request(&req);
	assert_int_equal(sign_request(&req, "", T_SK, NULL, 0, err, sizeof err), -1);
	assert_contains(err, "access key");
	assert_int_equal(sign_request(&req, "AK WITH SPACE", T_SK, NULL, 0, err, sizeof err), -1);
	assert_contains(err, "access key");
	assert_not_contains(err, T_SK);
	assert_int_equal(sign_request(&req, T_AK, "", NULL, 0, err, sizeof err), -1);
	assert_contains(err, "secret key");
	assert_int_equal(sign_request(&req, T_AK, T_SK, "tok\nen", 0, err, sizeof err), -1);
	assert_contains(err, "security token");
	assert_not_contains(err, "tok\nen");
	assert_null(api_request_header(&req, "Authorization"));
	api_request_free(&req);
}

/* ---- the pieces ---- */

static void test_date_is_utc_in_the_compact_form(void **state)
{
	(void)state;
	char d[SIGN_DATE_LEN + 1];
	assert_int_equal(sign_format_date(0, d), 0);
	assert_string_equal(d, "19700101T000000Z");
	assert_int_equal(sign_format_date(1700000000, d), 0);
	assert_string_equal(d, "20231114T221320Z");
	assert_int_equal(sign_format_date(parse_sdk_date("20240229T235959Z"), d), 0);
	assert_string_equal(d, "20240229T235959Z");
}

static void expect_uri(const char *path, const char *want)
{
	char *got = sign_canonical_uri(path);
	if (!got || strcmp(got, want) != 0)
		fail_msg("canonical URI of \"%s\": expected \"%s\", got \"%s\"", path, want, got ? got : "(null)");
	free(got);
}

static void test_canonical_uri_encodes_each_segment_and_appends_a_slash(void **state)
{
	(void)state;
	expect_uri("/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs", "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs/");
	expect_uri("/", "/");
	expect_uri("", "/");
	expect_uri("/a/", "/a/");
	expect_uri("/a b/c~d_e.f-g", "/a%20b/c~d_e.f-g/");
	expect_uri("/caf\xc3\xa9", "/caf%C3%A9/");
	/* a path already encoded is decoded first: encoding is not applied twice */
	expect_uri("/a%20b/x%2fy", "/a%20b/x%2Fy/");
	expect_uri("/p%7Eq", "/p~q/");
	/* a '%' that starts no escape is itself encoded */
	expect_uri("/100%/a%zz/%4", "/100%25/a%25zz/%254/");
}

static void test_canonical_query_sorts_by_name_then_value_and_encodes(void **state)
{
	(void)state;
	api_query_param q[] = {
		{"b", "2"}, {"a", "z"}, {"a", "y y"}, {"c+d", "e=f&g"}, {"empty", ""}, {"t", "~-_."},
	};
	char *got = sign_canonical_query(q, sizeof q / sizeof q[0]);
	assert_string_equal(got, "a=y%20y&a=z&b=2&c%2Bd=e%3Df%26g&empty=&t=~-_.");
	free(got);
	/* the input keeps its order */
	assert_string_equal(q[0].name, "b");
	got = sign_canonical_query(NULL, 0);
	assert_string_equal(got, "");
	free(got);
}

static void test_headers_are_lowercased_trimmed_sorted_and_underscores_skipped(void **state)
{
	(void)state;
	api_header h[] = {
		{"X-Sdk-Date", "20240115T080000Z"}, {"Host", "  h.example.com\t"}, {"My_Header", "no"},
		{"Content-Type", "application/json"},
	};
	sign_parts p = {.method = "DELETE", .path = "/r/1", .headers = h, .nheaders = 4};
	char *names = NULL;
	char *c = sign_canonical_request(&p, 0, &names);
	assert_string_equal(c, "DELETE\n/r/1/\n\ncontent-type:application/json\nhost:h.example.com\n"
	                       "x-sdk-date:20240115T080000Z\n\ncontent-type;host;x-sdk-date\n"
	                       "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	assert_string_equal(names, "content-type;host;x-sdk-date");
	free(c);
	free(names);
}

static void test_payload_hash_is_sha256_of_the_body_bytes(void **state)
{
	(void)state;
	char hex[SIGN_HEX_LEN + 1];
	sign_sha256_hex("", 0, hex);
	assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	sign_sha256_hex("abc", 3, hex);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	/* RFC 4231 test case 2 for HMAC-SHA256 */
	assert_int_equal(sign_signature("Jefe", "what do ya want for nothing?", hex), 0);
	assert_string_equal(hex, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

/* ---- through the builders and the authentication step ---- */

static api_client *aksk_client(const char *endpoint, api_auth *auth)
{
	memset(auth, 0, sizeof *auth);
	auth->kind = API_AUTH_AKSK;
	auth->ak = strdup(T_AK);
	auth->sk = strdup(T_SK);
	auth->source = strdup("test");
	api_config cfg = {.endpoint = endpoint, .authenticator = api_auth_authenticator(auth)};
	api_client *c = swr_client_new(&cfg, "proj-1", "inst-1", err, sizeof err);
	if (!c)
		fail_msg("no client for %s: %s", endpoint, err);
	return c;
}

static void test_builders_add_the_project_header_and_sign_with_the_current_time(void **state)
{
	(void)state;
	api_auth auth;
	api_client *c = aksk_client("https://" T_HOST, &auth);
	api_request req;
	api_list_params lp = {.order_column = "name", .order_type = "asc", .limit = 10};
	time_t before = time(NULL);
	assert_int_equal(api_build_list(c, &lp, &req, err, sizeof err), 0);
	time_t after = time(NULL);
	assert_string_equal(api_request_header(&req, "X-Project-Id"), "proj-1");
	assert_null(api_request_header(&req, "X-Auth-Token"));
	const char *date = api_request_header(&req, "X-Sdk-Date");
	assert_non_null(date);
	time_t t = parse_sdk_date(date);
	assert_true(t >= before && t <= after);
	assert_contains(api_request_header(&req, "Authorization"),
	                "SDK-HMAC-SHA256 Access=" T_AK ", SignedHeaders=content-type;host;x-project-id;x-sdk-date, Signature=");
	assert_contains(req.canonical_request, "\nhost:" T_HOST "\n");
	assert_contains(req.canonical_request, "\nlimit=10&offset=0&order_column=name&order_type=asc\n");
	/* what was signed is what is sent */
	char *url = api_request_url(&req);
	assert_string_equal(url, "https://" T_HOST "/v2/proj-1/instances/inst-1/registries?limit=10&offset=0&"
	                         "order_column=name&order_type=asc");
	free(url);
	/* the signature checks out against the canonical request kept for the inspector */
	char *sts = sign_string_to_sign(date, req.canonical_request);
	char sig[SIGN_HEX_LEN + 1];
	assert_int_equal(sign_signature(T_SK, sts, sig), 0);
	assert_contains(api_request_header(&req, "Authorization"), sig);
	free(sts);
	api_request_free(&req);
	api_client_free(c);
	api_auth_free(&auth);
}

static void test_an_explicit_default_port_is_not_in_the_signed_host(void **state)
{
	(void)state;
	const struct {
		const char *endpoint, *host;
	} cases[] = {
		{"https://" T_HOST ":443", T_HOST},
		{"http://127.0.0.1:80", "127.0.0.1"},
		{"https://127.0.0.1:8443", "127.0.0.1:8443"},
		{"http://localhost:443", "localhost:443"},
		{"https://[::1]:443/", "[::1]"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		api_auth auth;
		api_client *c = aksk_client(cases[i].endpoint, &auth);
		api_request req;
		assert_int_equal(api_build_show(c, 7, &req, err, sizeof err), 0);
		assert_string_equal(req.host, cases[i].host);
		char want[128];
		snprintf(want, sizeof want, "\nhost:%s\n", cases[i].host);
		assert_contains(req.canonical_request, want);
		api_request_free(&req);
		api_client_free(c);
		api_auth_free(&auth);
	}
}

static void test_token_requests_carry_no_project_header_and_no_canonical_request(void **state)
{
	(void)state;
	api_auth auth = {.kind = API_AUTH_TOKEN, .token = strdup("MIItoken")};
	api_config cfg = {.endpoint = "https://" T_HOST, .authenticator = api_auth_authenticator(&auth)};
	api_client *c = swr_client_new(&cfg, "proj-1", "inst-1", err, sizeof err);
	api_request req;
	assert_int_equal(api_build_show(c, 7, &req, err, sizeof err), 0);
	assert_null(api_request_header(&req, "X-Project-Id"));
	assert_null(api_request_header(&req, "Authorization"));
	assert_null(req.canonical_request);
	assert_string_equal(api_request_header(&req, "X-Auth-Token"), "MIItoken");
	api_request_free(&req);
	api_client_free(c);
	api_auth_free(&auth);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_vector_is_reproduced_by_sign_request),
		cmocka_unit_test(test_every_vector_is_reproduced_by_the_pure_functions),
		cmocka_unit_test(test_vectors_cover_the_cases_the_signer_must_handle),
		cmocka_unit_test(test_temporary_keys_sign_the_security_token_and_redact_it),
		cmocka_unit_test(test_signing_twice_replaces_the_earlier_signature),
		cmocka_unit_test(test_bad_keys_are_refused_without_showing_the_secret),
		cmocka_unit_test(test_date_is_utc_in_the_compact_form),
		cmocka_unit_test(test_canonical_uri_encodes_each_segment_and_appends_a_slash),
		cmocka_unit_test(test_canonical_query_sorts_by_name_then_value_and_encodes),
		cmocka_unit_test(test_headers_are_lowercased_trimmed_sorted_and_underscores_skipped),
		cmocka_unit_test(test_payload_hash_is_sha256_of_the_body_bytes),
		cmocka_unit_test(test_builders_add_the_project_header_and_sign_with_the_current_time),
		cmocka_unit_test(test_an_explicit_default_port_is_not_in_the_signed_host),
		cmocka_unit_test(test_token_requests_carry_no_project_header_and_no_canonical_request),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
