/* test_probe.c — unit tests of the target probe's pure parts: WWW-Authenticate parsing (quoted values,
 * commas inside quotes, case-insensitive names), target URL splitting, dns_conf.hosts lookup, the
 * checklist helpers, certificate reading, and probe_run's input errors, refused port and cancel hook. */
#define _DEFAULT_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cmocka.h>
#include <openssl/x509_vfy.h>

#include "swrtui/probe/probe.h"
#include "swrtui/model/registry.h"
#include "../../src/probe/probe_internal.h"

/* Self-signed, CA:TRUE, CN=registry.example, SAN DNS:registry.example, DNS:*.mirror.example,
 * IP:192.0.2.7; valid 2000-2099, 2000-2001 (expired) and 2100-2101 (not yet valid). */
static const char GOOD_PEM[] =
	"-----BEGIN CERTIFICATE-----\n"
	"MIIBxTCCAWugAwIBAgIBATAKBggqhkjOPQQDAjAwMRkwFwYDVQQDDBByZWdpc3Ry\n"
	"eS5leGFtcGxlMRMwEQYDVQQKDApQcm9iZSBUZXN0MCAXDTAwMDEwMTAwMDAwMFoY\n"
	"DzIwOTkxMjMxMjM1OTU5WjAwMRkwFwYDVQQDDBByZWdpc3RyeS5leGFtcGxlMRMw\n"
	"EQYDVQQKDApQcm9iZSBUZXN0MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEiUUO\n"
	"pSAB1A2vqGPMipy28Kui4I04SeyBmbBTnUwsS2hEHUwNX+Vx/Lfq/YENWj+FaZxt\n"
	"RkgvTYBK7Ubv3wvZRKN0MHIwMwYDVR0RBCwwKoIQcmVnaXN0cnkuZXhhbXBsZYIQ\n"
	"Ki5taXJyb3IuZXhhbXBsZYcEwAACBzAPBgNVHRMBAf8EBTADAQH/MAsGA1UdDwQE\n"
	"AwIChDAdBgNVHQ4EFgQUzqe2H+85/FwIoAetniI+kf4IB1YwCgYIKoZIzj0EAwID\n"
	"SAAwRQIgDOVBwOhpSyeyiVGCo4199EuYOy/jg+gAm6L967PxFmECIQDm8mi5FMP0\n"
	"xcJXEadYnRklfExsfAtpKPlPWi5oqoRD6A==\n"
	"-----END CERTIFICATE-----\n";

static const char EXPIRED_PEM[] =
	"-----BEGIN CERTIFICATE-----\n"
	"MIIBwzCCAWmgAwIBAgIBAjAKBggqhkjOPQQDAjAwMRkwFwYDVQQDDBByZWdpc3Ry\n"
	"eS5leGFtcGxlMRMwEQYDVQQKDApQcm9iZSBUZXN0MB4XDTAwMDEwMTAwMDAwMFoX\n"
	"DTAxMDEwMTAwMDAwMFowMDEZMBcGA1UEAwwQcmVnaXN0cnkuZXhhbXBsZTETMBEG\n"
	"A1UECgwKUHJvYmUgVGVzdDBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABIlFDqUg\n"
	"AdQNr6hjzIqctvCrouCNOEnsgZmwU51MLEtoRB1MDV/lcfy36v2BDVo/hWmcbUZI\n"
	"L02ASu1G798L2USjdDByMDMGA1UdEQQsMCqCEHJlZ2lzdHJ5LmV4YW1wbGWCECou\n"
	"bWlycm9yLmV4YW1wbGWHBMAAAgcwDwYDVR0TAQH/BAUwAwEB/zALBgNVHQ8EBAMC\n"
	"AoQwHQYDVR0OBBYEFM6nth/vOfxcCKAHrZ4iPpH+CAdWMAoGCCqGSM49BAMCA0gA\n"
	"MEUCIAoSFd8F0XK+g8JB0Ha39h4UZssCENQpJJKXuXoQegHIAiEAqkW/k+YlZWTV\n"
	"zp/x9WCu/t7mCudEnJ3G/wDkbMtTb8o=\n"
	"-----END CERTIFICATE-----\n";

static const char FUTURE_PEM[] =
	"-----BEGIN CERTIFICATE-----\n"
	"MIIByDCCAW2gAwIBAgIBAzAKBggqhkjOPQQDAjAwMRkwFwYDVQQDDBByZWdpc3Ry\n"
	"eS5leGFtcGxlMRMwEQYDVQQKDApQcm9iZSBUZXN0MCIYDzIxMDAwMTAxMDAwMDAw\n"
	"WhgPMjEwMTAxMDEwMDAwMDBaMDAxGTAXBgNVBAMMEHJlZ2lzdHJ5LmV4YW1wbGUx\n"
	"EzARBgNVBAoMClByb2JlIFRlc3QwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAASJ\n"
	"RQ6lIAHUDa+oY8yKnLbwq6LgjThJ7IGZsFOdTCxLaEQdTA1f5XH8t+r9gQ1aP4Vp\n"
	"nG1GSC9NgErtRu/fC9lEo3QwcjAzBgNVHREELDAqghByZWdpc3RyeS5leGFtcGxl\n"
	"ghAqLm1pcnJvci5leGFtcGxlhwTAAAIHMA8GA1UdEwEB/wQFMAMBAf8wCwYDVR0P\n"
	"BAQDAgKEMB0GA1UdDgQWBBTOp7Yf7zn8XAigB62eIj6R/ggHVjAKBggqhkjOPQQD\n"
	"AgNJADBGAiEAjIX64qXQCjOfZADEIvy9bjC1VoIBFtNx/hyBf4jihugCIQCqy/vW\n"
	"Z016+GZ5lsvBx9JTbqTfjATvavQAeEVu5PBxeA==\n"
	"-----END CERTIFICATE-----\n";

/* ---- WWW-Authenticate ---- */

static void parse_ok(const char *value, probe_challenge *c)
{
	if (probe_parse_challenge(value, c) != 0)
		fail_msg("expected \"%s\" to parse as a challenge", value);
}

static void test_challenge_basic_with_quoted_realm(void **state)
{
	(void)state;
	probe_challenge c;
	parse_ok("Basic realm=\"Registry Realm\"", &c);
	assert_int_equal(c.kind, PROBE_AUTH_BASIC);
	assert_string_equal(c.scheme, "Basic");
	assert_string_equal(c.realm, "Registry Realm");
	assert_null(c.service);
	assert_null(c.scope);
	probe_challenge_free(&c);
}

static void test_challenge_bearer_realm_and_service(void **state)
{
	(void)state;
	probe_challenge c;
	parse_ok("Bearer realm=\"https://auth.example.com/service/token\",service=\"harbor-registry\"", &c);
	assert_int_equal(c.kind, PROBE_AUTH_BEARER);
	assert_string_equal(c.realm, "https://auth.example.com/service/token");
	assert_string_equal(c.service, "harbor-registry");
	probe_challenge_free(&c);
}

static void test_challenge_scheme_is_case_insensitive_and_kept_as_written(void **state)
{
	(void)state;
	probe_challenge c;
	parse_ok("bEaReR realm=\"r\"", &c);
	assert_int_equal(c.kind, PROBE_AUTH_BEARER);
	assert_string_equal(c.scheme, "bEaReR");
	probe_challenge_free(&c);
	parse_ok("BASIC realm=\"r\"", &c);
	assert_int_equal(c.kind, PROBE_AUTH_BASIC);
	probe_challenge_free(&c);
}

static void test_challenge_parameter_names_are_case_insensitive(void **state)
{
	(void)state;
	probe_challenge c;
	parse_ok("Bearer Realm=\"https://a/t\", SERVICE=\"reg\", Scope=\"registry:catalog:*\"", &c);
	assert_string_equal(c.realm, "https://a/t");
	assert_string_equal(c.service, "reg");
	assert_string_equal(c.scope, "registry:catalog:*");
	probe_challenge_free(&c);
}

static void test_challenge_commas_inside_quotes_belong_to_the_value(void **state)
{
	(void)state;
	probe_challenge c;
	parse_ok("Bearer realm=\"https://a/t\",service=\"s\",scope=\"repository:lib/nginx:pull,push\"", &c);
	assert_string_equal(c.scope, "repository:lib/nginx:pull,push");
	assert_string_equal(c.service, "s");
	probe_challenge_free(&c);
	parse_ok("Basic realm=\"a, b,c\"", &c);
	assert_string_equal(c.realm, "a, b,c");
	probe_challenge_free(&c);
}

static void test_challenge_backslash_escapes_in_quoted_values(void **state)
{
	(void)state;
	probe_challenge c;
	parse_ok("Basic realm=\"say \\\"hi\\\" \\\\ ok\"", &c);
	assert_string_equal(c.realm, "say \"hi\" \\ ok");
	probe_challenge_free(&c);
}

static void test_challenge_token_values_and_spaces_around_equals(void **state)
{
	(void)state;
	probe_challenge c;
	parse_ok("  Bearer realm = https://a/t ,service=reg", &c);
	assert_int_equal(c.kind, PROBE_AUTH_BEARER);
	assert_string_equal(c.realm, "https://a/t");
	assert_string_equal(c.service, "reg");
	probe_challenge_free(&c);
}

static void test_challenge_only_the_first_of_several_is_read(void **state)
{
	(void)state;
	probe_challenge c;
	parse_ok("Basic realm=\"first\", Bearer realm=\"second\",service=\"x\"", &c);
	assert_int_equal(c.kind, PROBE_AUTH_BASIC);
	assert_string_equal(c.realm, "first");
	assert_null(c.service);
	probe_challenge_free(&c);
}

static void test_challenge_first_occurrence_of_a_parameter_wins(void **state)
{
	(void)state;
	probe_challenge c;
	parse_ok("Bearer realm=\"a\",realm=\"b\",error=\"insufficient_scope\"", &c);
	assert_string_equal(c.realm, "a");
	assert_string_equal(c.error, "insufficient_scope");
	probe_challenge_free(&c);
}

static void test_challenge_other_schemes_and_bare_scheme(void **state)
{
	(void)state;
	probe_challenge c;
	parse_ok("Negotiate", &c);
	assert_int_equal(c.kind, PROBE_AUTH_OTHER);
	assert_string_equal(c.scheme, "Negotiate");
	probe_challenge_free(&c);
	parse_ok("Digest realm=\"x\", nonce=\"abc\"", &c);
	assert_int_equal(c.kind, PROBE_AUTH_OTHER);
	assert_string_equal(c.realm, "x");
	probe_challenge_free(&c);
	parse_ok("Basic", &c);
	assert_int_equal(c.kind, PROBE_AUTH_BASIC);
	assert_null(c.realm);
	probe_challenge_free(&c);
}

static void test_challenge_unterminated_quote_runs_to_the_end(void **state)
{
	(void)state;
	probe_challenge c;
	parse_ok("Basic realm=\"abc, def", &c);
	assert_string_equal(c.realm, "abc, def");
	probe_challenge_free(&c);
}

static void test_challenge_refuses_values_without_a_scheme(void **state)
{
	(void)state;
	const char *bad[] = {"", "   ", ",, ,", "=foo", "\"quoted\" realm=x", "Basic\"realm\""};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		probe_challenge c;
		if (probe_parse_challenge(bad[i], &c) != -1)
			fail_msg("expected \"%s\" to be refused", bad[i]);
		assert_int_equal(c.kind, PROBE_AUTH_NONE);
		probe_challenge_free(&c);
	}
	probe_challenge c;
	assert_int_equal(probe_parse_challenge(NULL, &c), -1);
	probe_challenge_free(&c);
}

/* ---- target URL ---- */

static void test_url_https_default_port_and_base(void **state)
{
	(void)state;
	probe_url u;
	char err[256] = "";
	assert_int_equal(probe_url_parse("https://registry.example.com", &u, err, sizeof err), 0);
	assert_true(u.https);
	assert_string_equal(u.host, "registry.example.com");
	assert_false(u.host_is_ip);
	assert_int_equal(u.port, 443);
	assert_string_equal(u.base, "https://registry.example.com");
	probe_url_free(&u);
}

static void test_url_explicit_port_trailing_slashes_and_path(void **state)
{
	(void)state;
	probe_url u;
	char err[256] = "";
	assert_int_equal(probe_url_parse("https://r.example:8443///", &u, err, sizeof err), 0);
	assert_int_equal(u.port, 8443);
	assert_string_equal(u.base, "https://r.example:8443");
	probe_url_free(&u);
	assert_int_equal(probe_url_parse("http://r.example/prefix/", &u, err, sizeof err), 0);
	assert_false(u.https);
	assert_int_equal(u.port, 80);
	assert_string_equal(u.base, "http://r.example/prefix");
	probe_url_free(&u);
}

static void test_url_ip_literals(void **state)
{
	(void)state;
	probe_url u;
	char err[256] = "";
	assert_int_equal(probe_url_parse("https://[2001:db8::1]:5000/", &u, err, sizeof err), 0);
	assert_string_equal(u.host, "2001:db8::1");
	assert_true(u.host_is_ip);
	assert_int_equal(u.port, 5000);
	assert_string_equal(u.base, "https://[2001:db8::1]:5000");
	probe_url_free(&u);
	assert_int_equal(probe_url_parse("http://192.0.2.10:5000", &u, err, sizeof err), 0);
	assert_true(u.host_is_ip);
	assert_string_equal(u.host, "192.0.2.10");
	probe_url_free(&u);
}

static void test_url_refuses_what_cannot_be_probed(void **state)
{
	(void)state;
	const char *bad[] = {"", "ftp://r.example/", "https://", "https://robot:pw@r.example",
	                     "https://r.example/?q=1", "https://r.example/#top", "no url at all"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		probe_url u;
		char err[256] = "";
		if (probe_url_parse(bad[i], &u, err, sizeof err) != -1)
			fail_msg("expected \"%s\" to be refused", bad[i]);
		assert_true(err[0] != '\0');
		assert_null(u.host);
		assert_null(u.base);
	}
	probe_url u;
	char err[256] = "";
	assert_int_equal(probe_url_parse(NULL, &u, err, sizeof err), -1);
	assert_string_equal(err, "no URL to probe");
	char ftp_err[256] = "";
	assert_int_equal(probe_url_parse("ftp://r.example/", &u, ftp_err, sizeof ftp_err), -1);
	assert_non_null(strstr(ftp_err, "must start with https://"));
}

/* ---- dns_conf.hosts ---- */

static void test_hosts_lookup_is_case_insensitive_and_ignores_a_final_dot(void **state)
{
	(void)state;
	registry r;
	registry_init(&r);
	assert_int_equal(registry_add_host(&r, "Registry.Example.com", "192.0.2.10"), 0);
	assert_int_equal(registry_add_host(&r, "other.example.com.", "192.0.2.11"), 0);
	assert_string_equal(probe_hosts_lookup(&r, "registry.example.com"), "192.0.2.10");
	assert_string_equal(probe_hosts_lookup(&r, "registry.example.com."), "192.0.2.10");
	assert_string_equal(probe_hosts_lookup(&r, "OTHER.example.com"), "192.0.2.11");
	assert_null(probe_hosts_lookup(&r, "registry.example"));
	assert_null(probe_hosts_lookup(&r, NULL));
	assert_null(probe_hosts_lookup(NULL, "registry.example.com"));
	registry_free(&r);
}

static void test_hosts_closest_names_the_likely_typo(void **state)
{
	(void)state;
	registry r;
	registry_init(&r);
	assert_null(probe_hosts_closest(&r, "registry.example.com"));
	assert_int_equal(registry_add_host(&r, "mirror.example.org", "192.0.2.9"), 0);
	assert_int_equal(registry_add_host(&r, "Regsitry.Example.com.", "192.0.2.10"), 0);
	assert_int_equal(registry_add_host(&r, "other.example.com", "192.0.2.11"), 0);
	const registry_host *h = probe_hosts_closest(&r, "registry.example.com");
	assert_non_null(h);
	assert_string_equal(h->ip, "192.0.2.10");
	h = probe_hosts_closest(&r, "OTHER.example.net.");
	assert_non_null(h);
	assert_string_equal(h->ip, "192.0.2.11");
	assert_null(probe_hosts_closest(&r, NULL));
	assert_null(probe_hosts_closest(NULL, "x"));
	registry_free(&r);
}

/* ---- the checklist ---- */

static void test_marks_have_one_width_and_names(void **state)
{
	(void)state;
	assert_string_equal(probe_state_mark(PROBE_OK), "[ ok ]");
	assert_string_equal(probe_state_mark(PROBE_FAILED), "[FAIL]");
	assert_string_equal(probe_state_mark(PROBE_WARNING), "[warn]");
	assert_string_equal(probe_state_mark(PROBE_SKIPPED), "[skip]");
	assert_int_equal(strlen(probe_state_mark(PROBE_PENDING)), 6);
	assert_string_equal(probe_state_name(PROBE_FAILED), "failed");
	assert_string_equal(probe_state_name(PROBE_WARNING), "warning");
	assert_string_equal(probe_state_name(PROBE_PENDING), "pending");
}

static void test_result_starts_with_named_pending_steps(void **state)
{
	(void)state;
	probe_result res;
	probe_result_init(&res);
	assert_int_equal(res.nsteps, PROBE_STEP_COUNT);
	assert_int_equal(res.failed_step, -1);
	const char *names[] = {"Name resolution", "TCP connect", "TLS", "GET /v2/", "Credential"};
	for (size_t i = 0; i < PROBE_STEP_COUNT; i++) {
		assert_int_equal(res.steps[i].id, i);
		assert_string_equal(res.steps[i].name, names[i]);
		assert_int_equal(res.steps[i].state, PROBE_PENDING);
	}
	probe_result_free(&res);
}

static void test_step_text_is_made_printable(void **state)
{
	(void)state;
	probe_result res;
	probe_result_init(&res);
	probe_step_set(&res.steps[0], PROBE_OK, "a%sb", "\x1b[31m");
	probe_step_detail(&res.steps[0], "bell%c and newline\n", '\a');
	assert_int_equal(res.steps[0].state, PROBE_OK);
	assert_null(strchr(res.steps[0].summary, '\x1b'));
	assert_non_null(strstr(res.steps[0].summary, "\\x1b"));
	assert_int_equal(res.steps[0].ndetails, 1);
	assert_null(strchr(res.steps[0].details[0], '\a'));
	assert_null(strchr(res.steps[0].details[0], '\n'));
	probe_result_free(&res);
}

static void test_scrub_replaces_sensitive_strings_everywhere(void **state)
{
	(void)state;
	probe_result res;
	probe_result_init(&res);
	probe_step_set(&res.steps[3], PROBE_FAILED, "server said S3cr3t-xyz twice: S3cr3t-xyz");
	probe_step_detail(&res.steps[3], "token tok-123456 echoed");
	res.cause = strdup("cause S3cr3t-xyz");
	const char *sensitive[] = {"S3cr3t-xyz", "tok-123456", "ab", NULL};
	probe_result_scrub(&res, sensitive, 4);
	assert_string_equal(res.steps[3].summary, "server said <redacted> twice: <redacted>");
	assert_string_equal(res.steps[3].details[0], "token <redacted> echoed");
	assert_string_equal(res.cause, "cause <redacted>");
	/* strings shorter than 4 bytes are left alone: they would blank out ordinary words */
	assert_non_null(strstr(res.steps[3].summary, "said"));
	probe_result_free(&res);
}

static void test_scrub_replaces_escaped_echoes_of_a_secret(void **state)
{
	(void)state;
	probe_result res;
	probe_result_init(&res);
	probe_step_set(&res.steps[3], PROBE_FAILED, "HTTP 401: {\"detail\":\"S3cr3t\\u002dxyz\"}");
	probe_step_detail(&res.steps[3], "<p>&#83;3cr3t&#x2d;xyz</p>");
	const char *sensitive[] = {"S3cr3t-xyz"};
	probe_result_scrub(&res, sensitive, 1);
	assert_string_equal(res.steps[3].summary, "HTTP 401: {\"detail\":\"<redacted>\"}");
	assert_string_equal(res.steps[3].details[0], "<p><redacted></p>");
	probe_result_free(&res);
}

static void test_base64(void **state)
{
	(void)state;
	char *s = probe_base64((const unsigned char *)"admin:pw", 8);
	assert_string_equal(s, "YWRtaW46cHc=");
	free(s);
	s = probe_base64((const unsigned char *)"", 0);
	assert_string_equal(s, "");
	free(s);
}

/* ---- certificates ---- */

static bool has_detail(const probe_step *s, const char *needle)
{
	for (size_t i = 0; i < s->ndetails; i++)
		if (strstr(s->details[i], needle))
			return true;
	return false;
}

static void describe(const char *pem, const char *host, bool is_ip, const char *cacert, probe_result *res,
                     probe_cert_facts *f)
{
	probe_result_init(res);
	const char *pems[] = {pem};
	probe_tls_describe(pems, 1, host, is_ip, cacert, &res->steps[PROBE_STEP_TLS], f);
}

static void test_cert_subject_issuer_names_and_self_signed(void **state)
{
	(void)state;
	probe_result res;
	probe_cert_facts f;
	describe(GOOD_PEM, "registry.example", false, NULL, &res, &f);
	const probe_step *s = &res.steps[PROBE_STEP_TLS];
	assert_true(f.parsed);
	assert_true(f.self_signed);
	assert_true(f.has_san);
	assert_true(f.name_matches);
	assert_false(f.expired);
	assert_false(f.not_yet_valid);
	assert_true(f.days_left > 0);
	assert_string_equal(f.not_after, "2099-12-31 23:59:59 UTC");
	assert_non_null(strstr(f.subject, "CN = registry.example"));
	assert_true(has_detail(s, "subject: CN = registry.example, O = Probe Test"));
	assert_true(has_detail(s, "(self-signed"));
	assert_true(has_detail(s, "DNS:registry.example, DNS:*.mirror.example, IP:192.0.2.7"));
	assert_true(has_detail(s, "\"registry.example\" matches"));
	/* not in the system CAs */
	assert_false(f.chain_verifies);
	assert_int_equal(f.verify_error, X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT);
	assert_true(has_detail(s, "does NOT verify"));
	probe_result_free(&res);
}

static void test_cert_wildcard_and_ip_names(void **state)
{
	(void)state;
	probe_result res;
	probe_cert_facts f;
	describe(GOOD_PEM, "eu.mirror.example", false, NULL, &res, &f);
	assert_true(f.name_matches);
	probe_result_free(&res);
	describe(GOOD_PEM, "a.eu.mirror.example", false, NULL, &res, &f);
	assert_false(f.name_matches);
	probe_result_free(&res);
	describe(GOOD_PEM, "other.example", false, NULL, &res, &f);
	assert_false(f.name_matches);
	assert_true(has_detail(&res.steps[PROBE_STEP_TLS], "\"other.example\" matches NONE of them"));
	probe_result_free(&res);
	describe(GOOD_PEM, "192.0.2.7", true, NULL, &res, &f);
	assert_true(f.name_matches);
	probe_result_free(&res);
	describe(GOOD_PEM, "192.0.2.8", true, NULL, &res, &f);
	assert_false(f.name_matches);
	probe_result_free(&res);
}

static void test_cert_chain_verifies_with_the_extra_ca_file(void **state)
{
	(void)state;
	char path[] = "/tmp/swrtui-probe-ca-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, GOOD_PEM, sizeof GOOD_PEM - 1), (ssize_t)(sizeof GOOD_PEM - 1));
	close(fd);
	probe_result res;
	probe_cert_facts f;
	describe(GOOD_PEM, "registry.example", false, path, &res, &f);
	unlink(path);
	assert_true(f.chain_verifies);
	/* only because of the extra file: the system CAs alone (all the SWR service knows) do not */
	assert_false(f.system_verifies);
	assert_int_equal(f.system_error, X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT);
	assert_true(has_detail(&res.steps[PROBE_STEP_TLS], "verifies only with /tmp/swrtui-probe-ca-"));
	assert_true(has_detail(&res.steps[PROBE_STEP_TLS], "against the system CAs alone it does NOT"));
	assert_string_equal(f.names, "DNS:registry.example, DNS:*.mirror.example, IP:192.0.2.7");
	probe_result_free(&res);
}

static void test_cert_expired_and_not_yet_valid(void **state)
{
	(void)state;
	probe_result res;
	probe_cert_facts f;
	describe(EXPIRED_PEM, "registry.example", false, NULL, &res, &f);
	assert_true(f.expired);
	assert_true(f.days_left < 0);
	assert_true(has_detail(&res.steps[PROBE_STEP_TLS], "EXPIRED on 2001-01-01 00:00:00 UTC"));
	probe_result_free(&res);
	describe(FUTURE_PEM, "registry.example", false, NULL, &res, &f);
	assert_true(f.not_yet_valid);
	assert_false(f.expired);
	assert_true(has_detail(&res.steps[PROBE_STEP_TLS], "NOT YET VALID: valid from 2100-01-01 00:00:00 UTC"));
	probe_result_free(&res);
}

static void test_cert_that_cannot_be_read(void **state)
{
	(void)state;
	probe_result res;
	probe_cert_facts f;
	describe("-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n", "h", false, NULL, &res, &f);
	assert_false(f.parsed);
	assert_true(has_detail(&res.steps[PROBE_STEP_TLS], "could not be read"));
	probe_result_free(&res);
}

/* ---- probe_run ---- */

static void test_run_refuses_input_it_cannot_probe(void **state)
{
	(void)state;
	registry r;
	registry_init(&r);
	probe_result res;
	char err[256] = "";
	assert_int_equal(probe_run(&r, NULL, &res, err, sizeof err), -1);
	assert_string_equal(err, "no URL to probe");
	assert_null(res.target);
	assert_int_equal(res.failed_step, -1);
	assert_int_equal(registry_set(&r.url, "ftp://r.example"), 0);
	assert_int_equal(probe_run(&r, NULL, &res, err, sizeof err), -1);
	assert_non_null(strstr(err, "must start with https:// or http://"));
	registry_free(&r);
}

/* A loopback port with nothing listening on it. */
static int closed_port(void)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = 0};
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	socklen_t len = sizeof a;
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) != 0 ||
	    getsockname(fd, (struct sockaddr *)&a, &len) != 0)
		fail_msg("no loopback socket");
	close(fd);
	return ntohs(a.sin_port);
}

typedef struct {
	int calls;
	probe_step_id order[16];
	int cancel;
} hooks;

static void on_progress(void *ctx, const probe_result *res, probe_step_id step)
{
	hooks *h = ctx;
	assert_true(res->steps[step].state != PROBE_PENDING);
	if (h->calls < 16)
		h->order[h->calls] = step;
	h->calls++;
}

static int on_cancel(void *ctx)
{
	return ((hooks *)ctx)->cancel;
}

static void test_run_refused_port_fails_at_connect_and_skips_the_rest(void **state)
{
	(void)state;
	registry r;
	registry_init(&r);
	char url[64];
	snprintf(url, sizeof url, "http://127.0.0.1:%d", closed_port());
	assert_int_equal(registry_set(&r.url, url), 0);
	assert_int_equal(registry_set(&r.access_key, "robot$probe"), 0);
	assert_int_equal(registry_set(&r.access_secret, "Unit-Secret-4711"), 0);
	hooks h = {0};
	probe_options o = {.progress = on_progress, .cancelled = on_cancel, .ctx = &h};
	probe_result res;
	char err[256] = "";
	assert_int_equal(probe_run(&r, &o, &res, err, sizeof err), 0);
	assert_int_equal(res.outcome, PROBE_OUTCOME_UNREACHABLE);
	assert_int_equal(res.failed_step, PROBE_STEP_CONNECT);
	assert_false(res.timed_out);
	assert_int_equal(res.steps[PROBE_STEP_RESOLVE].state, PROBE_OK);
	assert_int_equal(res.steps[PROBE_STEP_CONNECT].state, PROBE_FAILED);
	for (size_t i = PROBE_STEP_TLS; i < PROBE_STEP_COUNT; i++)
		assert_int_equal(res.steps[i].state, PROBE_SKIPPED);
	assert_non_null(strstr(res.cause, "refused"));
	assert_string_equal(res.target, url);
	/* every step reported once, in order */
	assert_int_equal(h.calls, PROBE_STEP_COUNT);
	for (int i = 0; i < PROBE_STEP_COUNT; i++)
		assert_int_equal(h.order[i], i);
	for (size_t i = 0; i < PROBE_STEP_COUNT; i++) {
		assert_null(strstr(res.steps[i].summary, "Unit-Secret-4711"));
		for (size_t k = 0; k < res.steps[i].ndetails; k++)
			assert_null(strstr(res.steps[i].details[k], "Unit-Secret-4711"));
	}
	probe_result_free(&res);
	registry_free(&r);
}

static void test_run_cancel_hook_stops_the_probe(void **state)
{
	(void)state;
	registry r;
	registry_init(&r);
	assert_int_equal(registry_set(&r.url, "http://127.0.0.1:9"), 0);
	hooks h = {.cancel = 1};
	probe_options o = {.cancelled = on_cancel, .ctx = &h};
	probe_result res;
	char err[256] = "";
	assert_int_equal(probe_run(&r, &o, &res, err, sizeof err), 0);
	assert_int_equal(res.outcome, PROBE_OUTCOME_CANCELLED);
	assert_int_equal(res.failed_step, PROBE_STEP_RESOLVE);
	assert_string_equal(res.cause, "cancelled");
	assert_int_equal(res.steps[PROBE_STEP_CREDENTIAL].state, PROBE_SKIPPED);
	probe_result_free(&res);
	registry_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_challenge_basic_with_quoted_realm),
		cmocka_unit_test(test_challenge_bearer_realm_and_service),
		cmocka_unit_test(test_challenge_scheme_is_case_insensitive_and_kept_as_written),
		cmocka_unit_test(test_challenge_parameter_names_are_case_insensitive),
		cmocka_unit_test(test_challenge_commas_inside_quotes_belong_to_the_value),
		cmocka_unit_test(test_challenge_backslash_escapes_in_quoted_values),
		cmocka_unit_test(test_challenge_token_values_and_spaces_around_equals),
		cmocka_unit_test(test_challenge_only_the_first_of_several_is_read),
		cmocka_unit_test(test_challenge_first_occurrence_of_a_parameter_wins),
		cmocka_unit_test(test_challenge_other_schemes_and_bare_scheme),
		cmocka_unit_test(test_challenge_unterminated_quote_runs_to_the_end),
		cmocka_unit_test(test_challenge_refuses_values_without_a_scheme),
		cmocka_unit_test(test_url_https_default_port_and_base),
		cmocka_unit_test(test_url_explicit_port_trailing_slashes_and_path),
		cmocka_unit_test(test_url_ip_literals),
		cmocka_unit_test(test_url_refuses_what_cannot_be_probed),
		cmocka_unit_test(test_hosts_lookup_is_case_insensitive_and_ignores_a_final_dot),
		cmocka_unit_test(test_hosts_closest_names_the_likely_typo),
		cmocka_unit_test(test_marks_have_one_width_and_names),
		cmocka_unit_test(test_result_starts_with_named_pending_steps),
		cmocka_unit_test(test_step_text_is_made_printable),
		cmocka_unit_test(test_scrub_replaces_sensitive_strings_everywhere),
		cmocka_unit_test(test_scrub_replaces_escaped_echoes_of_a_secret),
		cmocka_unit_test(test_base64),
		cmocka_unit_test(test_cert_subject_issuer_names_and_self_signed),
		cmocka_unit_test(test_cert_wildcard_and_ip_names),
		cmocka_unit_test(test_cert_chain_verifies_with_the_extra_ca_file),
		cmocka_unit_test(test_cert_expired_and_not_yet_valid),
		cmocka_unit_test(test_cert_that_cannot_be_read),
		cmocka_unit_test(test_run_refuses_input_it_cannot_probe),
		cmocka_unit_test(test_run_refused_port_fails_at_connect_and_skips_the_rest),
		cmocka_unit_test(test_run_cancel_hook_stops_the_probe),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
