/* test_url.c — the one endpoint parser (http_url_parse): its parts, and the rule that an explicit default
 * port is dropped from the Host, so that an SWR request, an IAM login and an STS decode request to
 * "https://host:443" carry, and sign, the same Host (and signature) as to "https://host"; any other port
 * is kept. */
#define _DEFAULT_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "swrtui/auth/iam.h"
#include "swrtui/auth/sign.h"
#include "swrtui/auth/sts.h"
#include "swrtui/auth/auth.h"
#include "swrtui/http/http.h"
#include "swrtui/http/url.h"
#include "swrtui/swr/swr.h"

#define AK "HPUAEXAMPLEAK0123456"
#define SK "example-secret-key-for-tests"
#define WHEN ((time_t)1700000000)

static char err[512];

static void expect_parts(const char *url, const char *scheme_host, const char *host_header, const char *port,
                         const char *path)
{
	http_url u;
	if (http_url_parse(url, "the endpoint", &u, err, sizeof err) != 0)
		fail_msg("%s: expected to parse, got \"%s\"", url, err);
	assert_string_equal(u.scheme_host, scheme_host);
	assert_string_equal(u.host_header, host_header);
	if (port)
		assert_string_equal(u.port, port);
	else
		assert_null(u.port);
	assert_string_equal(u.path, path);
	http_url_free(&u);
}

static void test_parts_and_the_default_port_dropped(void **state)
{
	(void)state;
	expect_parts("https://swr.example.com", "https://swr.example.com", "swr.example.com", NULL, "");
	expect_parts("https://swr.example.com:443/", "https://swr.example.com", "swr.example.com", NULL, "");
	expect_parts("https://swr.example.com:8443/prefix//", "https://swr.example.com:8443", "swr.example.com:8443",
	             "8443", "/prefix");
	expect_parts("http://127.0.0.1:80/swr", "http://127.0.0.1", "127.0.0.1", NULL, "/swr");
	expect_parts("http://127.0.0.1:443", "http://127.0.0.1:443", "127.0.0.1:443", "443", "");
	expect_parts("https://swr.example.com:80", "https://swr.example.com:80", "swr.example.com:80", "80", "");
	expect_parts("http://[::1]:8080", "http://[::1]:8080", "[::1]:8080", "8080", "");
}

static void expect_refused(const char *url, const char *why)
{
	http_url u;
	assert_int_equal(http_url_parse(url, "the endpoint", &u, err, sizeof err), -1);
	if (!strstr(err, why))
		fail_msg("%s: expected a message with \"%s\", got \"%s\"", url, why, err);
	assert_null(u.host_header);
}

static void test_what_an_endpoint_may_not_be(void **state)
{
	(void)state;
	expect_refused("ftp://example.com", "must start with https://");
	expect_refused("https://example.com/?x=1", "must not carry a query");
	expect_refused("https://example.com/#top", "must not carry a query or a fragment");
	expect_refused("https://robot:pw@example.com", "must not carry a user name or password");
	expect_refused("https://:pw@example.com", "must not carry a user name or password");
	/* the message never repeats a password, whether libcurl could split the URL or not */
	expect_refused("https://robot:hunter2@example.com/v2", "the endpoint \"https://example.com/v2\" must not");
	assert_null(strstr(err, "hunter2"));
	expect_refused("https://robot:hunter2@exa mple.com", "the endpoint is not a valid URL");
	assert_null(strstr(err, "hunter2"));
	expect_refused("not a url at all", "the endpoint \"not a url at all\"");
	expect_refused("", "the endpoint");
}

/* ---- the same Host and signature with and without :443 ---- */

static void aksk(api_auth *a)
{
	memset(a, 0, sizeof *a);
	a->kind = API_AUTH_AKSK;
	a->ak = strdup(AK);
	a->sk = strdup(SK);
}

/* Signs req again at a fixed time (the builders sign with the clock) and returns its Authorization. */
static char *signed_at_fixed_time(api_request *req)
{
	assert_int_equal(sign_request(req, AK, SK, NULL, WHEN, err, sizeof err), 0);
	return strdup(api_request_header(req, "Authorization"));
}

/* The SWR show request built through a client of endpoint: its Host and fixed-time Authorization. */
static void swr_request(const char *endpoint, char **host, char **authz)
{
	api_auth a;
	aksk(&a);
	api_config cfg = {.endpoint = endpoint, .authenticator = api_auth_authenticator(&a)};
	api_client *c = swr_client_new(&cfg, "proj-1", "inst-1", err, sizeof err);
	if (!c)
		fail_msg("%s: %s", endpoint, err);
	api_request req;
	assert_int_equal(api_build_show(c, 7, &req, err, sizeof err), 0);
	*host = strdup(req.host);
	*authz = signed_at_fixed_time(&req);
	api_request_free(&req);
	api_client_free(c);
	api_auth_free(&a);
}

static void sts_request(const char *endpoint, char **host, char **authz)
{
	api_auth a;
	aksk(&a);
	api_request req;
	assert_int_equal(sts_build_decode(endpoint, "Egpj0123", &a, &req, err, sizeof err), 0);
	*host = strdup(req.host);
	*authz = signed_at_fixed_time(&req);
	api_request_free(&req);
	api_auth_free(&a);
}

static void iam_request(const char *endpoint, char **host, char **authz)
{
	char pw[] = "pw-123";
	iam_credentials cr = {.user = "alice", .account = "acme", .password = pw, .region = "cn-north-4"};
	api_request req;
	assert_int_equal(iam_build_login(endpoint, &cr, &req, err, sizeof err), 0);
	*host = strdup(req.host);
	char *url = api_request_url(&req);
	*authz = url; /* a login is not signed: compare the URL it is sent to */
	api_request_free(&req);
}

typedef void (*build_fn)(const char *endpoint, char **host, char **authz);

static void expect_same(build_fn build, const char *bare, const char *with_443, const char *with_8443)
{
	char *h1, *a1, *h2, *a2, *h3, *a3;
	build(bare, &h1, &a1);
	build(with_443, &h2, &a2);
	build(with_8443, &h3, &a3);
	assert_string_equal(h1, h2);
	assert_string_equal(a1, a2);
	assert_null(strchr(h1, ':'));
	assert_non_null(strstr(h3, ":8443"));
	assert_string_not_equal(a1, a3);
	free(h1);
	free(a1);
	free(h2);
	free(a2);
	free(h3);
	free(a3);
}

static void test_an_swr_request_signs_the_same_host_with_an_explicit_443(void **state)
{
	(void)state;
	expect_same(swr_request, "https://swr-api.cn-north-4.myhuaweicloud.com",
	            "https://swr-api.cn-north-4.myhuaweicloud.com:443",
	            "https://swr-api.cn-north-4.myhuaweicloud.com:8443");
}

static void test_an_sts_request_signs_the_same_host_with_an_explicit_443(void **state)
{
	(void)state;
	expect_same(sts_request, "https://sts.cn-north-4.myhuaweicloud.com", "https://sts.cn-north-4.myhuaweicloud.com:443/",
	            "https://sts.cn-north-4.myhuaweicloud.com:8443/");
}

static void test_an_iam_login_goes_to_the_same_host_with_an_explicit_443(void **state)
{
	(void)state;
	expect_same(iam_request, "https://iam.cn-north-4.myhuaweicloud.com", "https://iam.cn-north-4.myhuaweicloud.com:443",
	            "https://iam.cn-north-4.myhuaweicloud.com:8443");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parts_and_the_default_port_dropped),
		cmocka_unit_test(test_what_an_endpoint_may_not_be),
		cmocka_unit_test(test_an_swr_request_signs_the_same_host_with_an_explicit_443),
		cmocka_unit_test(test_an_sts_request_signs_the_same_host_with_an_explicit_443),
		cmocka_unit_test(test_an_iam_login_goes_to_the_same_host_with_an_explicit_443),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
