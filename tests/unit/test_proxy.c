/* test_proxy.c — the proxy rule (http.h, "proxies"), a pure function of the URL and the environment:
 * loopback and plain http:// never proxied whatever the variables say; https through https_proxy,
 * HTTPS_PROXY, all_proxy, ALL_PROXY in that order (set empty: none); no_proxy / NO_PROXY read as libcurl
 * reads them (names with the domains below, IP addresses and networks, "*"); the proxy shown without its
 * user and password. */
#define _DEFAULT_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "swrtui/http/http.h"

/* A fake environment: NULL-terminated name, value pairs. */
static const char *const *fake_env;

static const char *env_of(const char *name)
{
	for (size_t i = 0; fake_env && fake_env[i]; i += 2)
		if (strcmp(fake_env[i], name) == 0)
			return fake_env[i + 1];
	return NULL;
}

/* The described choice for scheme_host / hostport under env. Malloc'd. */
static char *choose(const char *const *env, const char *scheme_host, const char *hostport, char **url)
{
	fake_env = env;
	api_proxy p;
	assert_int_equal(api_proxy_choose(scheme_host, hostport, env_of, &p), 0);
	char *d = api_proxy_describe(&p);
	assert_non_null(d);
	if (url)
		*url = p.url ? strdup(p.url) : NULL;
	api_proxy_free(&p);
	return d;
}

static void assert_choice(const char *const *env, const char *scheme_host, const char *hostport, const char *want)
{
	char *d = choose(env, scheme_host, hostport, NULL);
	assert_string_equal(d, want);
	free(d);
}

static const char *const everything[] = {
	"http_proxy", "http://p:1", "HTTP_PROXY", "http://p:2", "https_proxy", "http://p:3", "HTTPS_PROXY",
	"http://p:4", "all_proxy", "http://p:5", "ALL_PROXY", "http://p:6", NULL};

static void test_loopback_is_never_proxied(void **state)
{
	(void)state;
	static const char *const hosts[][2] = {
		{"http://127.0.0.1:8080", "127.0.0.1:8080"}, {"https://127.0.0.1", "127.0.0.1"},
		{"https://127.9.8.7:1", "127.9.8.7:1"},     {"http://localhost:1", "localhost:1"},
		{"https://LOCALHOST", "LOCALHOST"},         {"http://[::1]:5000", "[::1]:5000"},
	};
	for (size_t i = 0; i < sizeof hosts / sizeof hosts[0]; i++) {
		char *url = (char *)"unset";
		char *d = choose(everything, hosts[i][0], hosts[i][1], &url);
		assert_null(url);
		assert_string_equal(d, "none (a loopback address is never reached through a proxy)");
		free(d);
	}
}

static void test_plain_http_is_never_proxied(void **state)
{
	(void)state;
	assert_choice(everything, "http://swr.example.com", "swr.example.com",
	              "none (plain http:// is never sent through a proxy)");
}

static void test_https_takes_the_first_variable_set_in_curls_order(void **state)
{
	(void)state;
	char *url = NULL;
	char *d = choose(everything, "https://swr.example.com", "swr.example.com", &url);
	assert_string_equal(url, "http://p:3");
	assert_string_equal(d, "http://p:3 (from https_proxy)");
	free(url);
	free(d);
	static const char *const upper[] = {"HTTPS_PROXY", "http://p:4", "ALL_PROXY", "http://p:6", NULL};
	assert_choice(upper, "https://swr.example.com", "swr.example.com", "http://p:4 (from HTTPS_PROXY)");
	static const char *const all[] = {"http_proxy", "http://p:1", "all_proxy", "socks5h://p:5", NULL};
	assert_choice(all, "https://swr.example.com:8443", "swr.example.com:8443", "socks5h://p:5 (from all_proxy)");
	static const char *const http_only[] = {"http_proxy", "http://p:1", "HTTP_PROXY", "http://p:2", NULL};
	assert_choice(http_only, "https://swr.example.com", "swr.example.com",
	              "none (no https_proxy, HTTPS_PROXY, all_proxy or ALL_PROXY is set)");
	assert_choice(NULL, "https://swr.example.com", "swr.example.com",
	              "none (no https_proxy, HTTPS_PROXY, all_proxy or ALL_PROXY is set)");
	/* set empty: no proxy, and the search stops there as libcurl's does */
	static const char *const empty[] = {"https_proxy", "", "ALL_PROXY", "http://p:6", NULL};
	assert_choice(empty, "https://swr.example.com", "swr.example.com", "none (https_proxy is set empty)");
}

static void test_no_proxy_names_hosts_domains_and_networks(void **state)
{
	(void)state;
	assert_true(api_no_proxy_matches("*", "anything.example.com:443"));
	assert_true(api_no_proxy_matches("example.com", "swr.example.com"));
	assert_true(api_no_proxy_matches(".example.com", "swr.example.com:8443"));
	assert_true(api_no_proxy_matches("EXAMPLE.com", "example.COM"));
	assert_true(api_no_proxy_matches("a.test, example.com", "swr.example.com"));
	assert_true(api_no_proxy_matches("a.test example.com", "swr.example.com"));
	assert_true(api_no_proxy_matches("swr.example.com:8443", "swr.example.com"));
	assert_true(api_no_proxy_matches("example.com", "swr.example.com."));
	assert_false(api_no_proxy_matches("ample.com", "swr.example.com"));
	assert_false(api_no_proxy_matches("swr.example.com", "example.com"));
	assert_false(api_no_proxy_matches("", "swr.example.com"));
	assert_false(api_no_proxy_matches(NULL, "swr.example.com"));
	assert_false(api_no_proxy_matches("*.example.com", "swr.example.com")); /* libcurl has no wildcards */
	assert_false(api_no_proxy_matches("a,*", "swr.example.com"));             /* "*" alone only */
	assert_true(api_no_proxy_matches("10.1.2.3", "10.1.2.3:443"));
	assert_false(api_no_proxy_matches("10.1.2.3", "10.1.2.4"));
	assert_true(api_no_proxy_matches("10.0.0.0/8", "10.200.3.4"));
	assert_true(api_no_proxy_matches("192.168.4.0/22", "192.168.7.255"));
	assert_false(api_no_proxy_matches("192.168.4.0/22", "192.168.8.1"));
	assert_false(api_no_proxy_matches("10.0.0.0/8", "ten.example.com"));
	assert_true(api_no_proxy_matches("fd00::/8", "[fd12::1]:443"));
	assert_true(api_no_proxy_matches("[fd12::1]", "[fd12::1]"));
	assert_false(api_no_proxy_matches("fd00::/8", "[fe80::1]"));
}

static void test_no_proxy_decides_before_the_proxy_and_lowercase_wins(void **state)
{
	(void)state;
	static const char *const np[] = {"HTTPS_PROXY", "http://p:4", "NO_PROXY", "internal.example", NULL};
	assert_choice(np, "https://swr.internal.example", "swr.internal.example", "none (NO_PROXY names the host)");
	assert_choice(np, "https://swr.example.com", "swr.example.com", "http://p:4 (from HTTPS_PROXY)");
	/* no_proxy set (even to something else) is read, and NO_PROXY is not */
	static const char *const both[] = {"HTTPS_PROXY", "http://p:4", "no_proxy", "other.example", "NO_PROXY",
	                                   "internal.example", NULL};
	assert_choice(both, "https://swr.internal.example", "swr.internal.example", "http://p:4 (from HTTPS_PROXY)");
	assert_choice(both, "https://a.other.example", "a.other.example", "none (no_proxy names the host)");
	/* with no proxy set, NO_PROXY has nothing to say */
	static const char *const none[] = {"NO_PROXY", "*", NULL};
	assert_choice(none, "https://swr.example.com", "swr.example.com",
	              "none (no https_proxy, HTTPS_PROXY, all_proxy or ALL_PROXY is set)");
}

static void test_the_proxy_is_shown_without_user_or_password(void **state)
{
	(void)state;
	static const struct {
		const char *in, *out;
	} cases[] = {
		{"http://user:pass@proxy.corp:3128", "http://proxy.corp:3128"},
		{"http://user:p@ss@proxy.corp:3128/", "http://proxy.corp:3128/"},
		{"user:pass@proxy.corp:3128", "proxy.corp:3128"},
		{"https://proxy.corp", "https://proxy.corp"},
		{"http://proxy.corp:3128/path@x", "http://proxy.corp:3128/path@x"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *s = api_proxy_url_shown(cases[i].in);
		assert_string_equal(s, cases[i].out);
		free(s);
	}
	static const char *const cred[] = {"HTTPS_PROXY", "http://alice:S3cret@proxy.corp:3128", NULL};
	char *url = NULL;
	char *d = choose(cred, "https://swr.example.com", "swr.example.com", &url);
	assert_string_equal(url, "http://alice:S3cret@proxy.corp:3128"); /* libcurl gets the credential */
	assert_string_equal(d, "http://proxy.corp:3128 (from HTTPS_PROXY)");
	free(url);
	free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_loopback_is_never_proxied),
		cmocka_unit_test(test_plain_http_is_never_proxied),
		cmocka_unit_test(test_https_takes_the_first_variable_set_in_curls_order),
		cmocka_unit_test(test_no_proxy_names_hosts_domains_and_networks),
		cmocka_unit_test(test_no_proxy_decides_before_the_proxy_and_lowercase_wins),
		cmocka_unit_test(test_the_proxy_is_shown_without_user_or_password),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
