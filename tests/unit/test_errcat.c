/* test_errcat.c — the signature diagnosis (swrtui's canonical request against the gateway's: identical
 * means a wrong SK, else the first differing line and its usual cause) and the IAM action of a request
 * named in the permission hint. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "swrtui/swr/errcat.h"

#define assert_contains(hay, needle)                                                                    \
	do {                                                                                            \
		const char *hay_ = (hay), *needle_ = (needle);                                          \
		if (!hay_ || !strstr(hay_, needle_))                                                    \
			fail_msg("expected \"%s\" to contain \"%s\"", hay_ ? hay_ : "(null)", needle_); \
	} while (0)

#define CANON_HEAD "GET\n/v2/p/instances/i/registries/\nlimit=100&offset=0\n"
#define CANON_HEADERS "content-type:application/json\nhost:swr.example.com\nx-project-id:p\nx-sdk-date:20261130T120000Z\n"
#define CANON_TAIL "\ncontent-type;host;x-project-id;x-sdk-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
#define CANON CANON_HEAD CANON_HEADERS CANON_TAIL

static void test_identical_means_the_secret_key_is_wrong(void **state)
{
	(void)state;
	errcat_sig_diag d;
	assert_int_equal(errcat_signature_diagnose(CANON, CANON, &d), 0);
	assert_int_equal(d.line, 0);
	/* a trailing newline of one of them is no difference */
	assert_int_equal(errcat_signature_diagnose(CANON, CANON "\n", &d), 0);
	char *v = errcat_signature_verdict(CANON, CANON);
	assert_contains(v, "identical");
	assert_contains(v, "the secret key does not belong to this access key");
	assert_contains(v, "mistyped");
	free(v);
}

static void expect_line(const char *gateway, int line, const char *part, const char *cause)
{
	errcat_sig_diag d;
	assert_int_equal(errcat_signature_diagnose(CANON, gateway, &d), 1);
	assert_int_equal(d.line, line);
	assert_contains(d.part, part);
	assert_contains(d.cause, cause);
}

static void test_each_differing_line_names_its_cause(void **state)
{
	(void)state;
	expect_line("PUT\n/v2/p/instances/i/registries/\nlimit=100&offset=0\n" CANON_HEADERS CANON_TAIL, 1, "method",
	            "proxy");
	expect_line("GET\n/v2/p/instances/i/registries%2F/\nlimit=100&offset=0\n" CANON_HEADERS CANON_TAIL, 2, "path",
	            "path encoding");
	expect_line("GET\n/v2/p/instances/i/registries/\noffset=0&limit=100\n" CANON_HEADERS CANON_TAIL, 3, "query",
	            "query encoding");
	expect_line(CANON_HEAD "content-type:application/json\nhost:proxy.internal:3128\nx-project-id:p\n"
	                       "x-sdk-date:20261130T120000Z\n" CANON_TAIL,
	            5, "Host", "proxy rewrote the Host");
	expect_line(CANON_HEAD "content-type:application/json\nhost:swr.example.com\nx-project-id:p\n"
	                       "x-sdk-date:20261130T124500Z\n" CANON_TAIL,
	            7, "X-Sdk-Date", "clock");
	expect_line(CANON_HEAD "content-type:text/plain\nhost:swr.example.com\nx-project-id:p\n"
	                       "x-sdk-date:20261130T120000Z\n" CANON_TAIL,
	            4, "header", "added or changed on the way");
	expect_line(CANON_HEAD CANON_HEADERS "\ncontent-type;host;x-project-id;x-sdk-date;x-added\n"
	                                     "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
	            9, "signed headers", "added");
}

static void test_verdict_quotes_both_lines_escaped(void **state)
{
	(void)state;
	const char *g = CANON_HEAD "content-type:application/json\nhost:evil\x1b[31m\nx-project-id:p\n"
	                           "x-sdk-date:20261130T120000Z\n" CANON_TAIL;
	char *v = errcat_signature_verdict(CANON, g);
	assert_contains(v, "line 5");
	assert_contains(v, "the Host header");
	assert_contains(v, "host:swr.example.com");
	assert_contains(v, "usual cause");
	assert_null(strchr(v, '\x1b'));
	assert_null(strchr(v, '\n'));
	free(v);
}

static void test_missing_side_is_not_compared(void **state)
{
	(void)state;
	errcat_sig_diag d;
	assert_int_equal(errcat_signature_diagnose(NULL, CANON, &d), -1);
	assert_int_equal(errcat_signature_diagnose(CANON, "", &d), -1);
	assert_null(errcat_signature_verdict(CANON, NULL));
	/* a shorter gateway request differs at the first line it lacks */
	assert_int_equal(errcat_signature_diagnose(CANON, "GET\n/v2/p/instances/i/registries/", &d), 1);
	assert_int_equal(d.line, 3);
}

static void test_action_of_each_request(void **state)
{
	(void)state;
	const char *base = "https://swr.example.com/v2/p/instances/i";
	char url[256];
	static const struct {
		const char *method, *path, *action;
	} cases[] = {
	    {"GET", "/registries?limit=100&offset=0", "swr:instance:listRegistries"},
	    {"POST", "/registries", "swr:instance:createRegistry"},
	    {"GET", "/registries/7", "swr:instance:getRegistry"},
	    {"PUT", "/registries/7", "swr:instance:updateRegistry"},
	    {"DELETE", "/registries/7/", "swr:instance:deleteRegistry"},
	    {"GET", "/replication/policies?registry_id=7", "swr:instance:listReplicationPolicies"},
	    {"GET", "/replication/policies/3", "swr:instance:getReplicationPolicy"},
	    {"GET", "/replication/executions?policy_id=3", "swr:instance:listReplicationExecutions"},
	    {"POST", "/replication/executions", "swr:instance:createReplicationExecution"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		snprintf(url, sizeof url, "%s%s", base, cases[i].path);
		const char *a = errcat_action(cases[i].method, url);
		assert_non_null(a);
		assert_string_equal(a, cases[i].action);
	}
	assert_null(errcat_action("PATCH", "https://h/v2/p/instances/i/registries/7"));
	assert_null(errcat_action("GET", "https://h/v2/p/instances/i/registries/7/extra"));
	assert_null(errcat_action("GET", "https://iam.example.com/v3/auth/projects"));
	assert_null(errcat_action(NULL, "x"));
}

static void test_permission_hint_names_the_exact_action(void **state)
{
	(void)state;
	char *h = errcat_hint_for(403, "SVCSTG.SWR.4030170", "Insufficient permissions", "swr:instance:updateRegistry",
	                          NULL);
	assert_contains(h, "swr:instance:updateRegistry");
	assert_null(strstr(h, "*Registry"));
	assert_contains(h, "STS");
	free(h);
	/* after decoding, the decoded action wins */
	h = errcat_hint_for(403, "SVCSTG.SWR.4030170", NULL, "swr:instance:updateRegistry", "swr:instance:getRegistry");
	assert_contains(h, "swr:instance:getRegistry");
	assert_null(strstr(h, "updateRegistry"));
	free(h);
	/* no action known: the catalogue's hint; another code: untouched */
	h = errcat_hint_for(403, "SVCSTG.SWR.4030170", NULL, NULL, NULL);
	assert_string_equal(h, errcat_hint(403, "SVCSTG.SWR.4030170", NULL));
	assert_null(strstr(h, "*Registry"));
	free(h);
	h = errcat_hint_for(404, "SVCSTG.SWR.4040083", NULL, "swr:instance:getRegistry", NULL);
	assert_string_equal(h, errcat_hint(404, "SVCSTG.SWR.4040083", NULL));
	free(h);
	assert_null(errcat_hint_for(200, NULL, NULL, "swr:instance:getRegistry", NULL));
	/* a bare 403 (no error code) */
	h = errcat_hint_for(403, NULL, NULL, "swr:instance:deleteRegistry", NULL);
	assert_string_equal(h, "access denied: grant the IAM action swr:instance:deleteRegistry to this user");
	free(h);
}

static void test_clock_verdict_names_the_gap(void **state)
{
	(void)state;
	/* CANON is dated 2026-11-30 12:00:00 UTC; the gateway's clock 20 minutes 5 seconds later */
	char *v = errcat_clock_verdict(CANON, "Mon, 30 Nov 2026 12:20:05 GMT");
	assert_contains(v, "X-Sdk-Date 20261130T120000Z");
	assert_contains(v, "Mon, 30 Nov 2026 12:20:05 GMT");
	assert_contains(v, "20 min 5 s behind");
	assert_contains(v, "NTP");
	free(v);
	v = errcat_clock_verdict(CANON, "Sun, 29 Nov 2026 23:59:00 GMT");
	assert_contains(v, "ahead");
	free(v);
	v = errcat_clock_verdict(CANON, "Mon, 30 Nov 2026 12:01:00 GMT");
	assert_contains(v, "60 s apart");
	free(v);
	assert_null(errcat_clock_verdict(CANON, "yesterday"));
	assert_null(errcat_clock_verdict("GET\n/\n\n", "Mon, 30 Nov 2026 12:01:00 GMT"));
	assert_null(errcat_clock_verdict(CANON, NULL));
}

static void test_auth_verdict_picks_by_message(void **state)
{
	(void)state;
	char *v = errcat_auth_verdict("APIGW.0301",
	                              "Incorrect IAM authentication information: verify aksk signature fail, canonicalRequest: "
	                              "GET|/v2/p/instances/i/registries/|limit=100&offset=0|content-type:application/json|"
	                              "host:swr.example.com|x-project-id:p|x-sdk-date:20261130T120000Z||"
	                              "content-type;host;x-project-id;x-sdk-date|"
	                              "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
	                              CANON, NULL);
	assert_contains(v, "the AK/SK signature does not match: the gateway's canonical request is identical");
	free(v);
	v = errcat_auth_verdict("APIGW.0301", "Incorrect IAM authentication information: signature expired", CANON,
	                        "Mon, 30 Nov 2026 12:30:00 GMT");
	assert_contains(v, "30 min 0 s behind");
	free(v);
	assert_null(errcat_auth_verdict("APIGW.0301", "ak not exist", CANON, NULL));
	assert_null(errcat_auth_verdict("SVCSTG.SWR.4030170", "verify aksk signature fail", CANON, NULL));
	assert_null(errcat_auth_verdict("APIGW.0301", "verify aksk signature fail, canonicalRequest: GET|/", NULL, NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_identical_means_the_secret_key_is_wrong),
	    cmocka_unit_test(test_each_differing_line_names_its_cause),
	    cmocka_unit_test(test_verdict_quotes_both_lines_escaped),
	    cmocka_unit_test(test_missing_side_is_not_compared),
	    cmocka_unit_test(test_action_of_each_request),
	    cmocka_unit_test(test_permission_hint_names_the_exact_action),
	    cmocka_unit_test(test_clock_verdict_names_the_gap),
	    cmocka_unit_test(test_auth_verdict_picks_by_message),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
