/* test_validate.c — unit tests of registry validation (validate.c): each rule of the create/modify
 * request body accepted and refused, names counted in characters (CJK included), every problem reported
 * in one call, hidden fields skipped, and the swr-pro-internal insecure warning. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "swrtui/model/registry.h"

#define CHOICES "swr-pro (open-source Harbor), swr-pro-internal (SWR Enterprise Edition) or huawei-SWR (SWR Basic Edition)"
#define NAME_RULE "name may contain only letters, digits, \"_\", \"-\" and Chinese characters; "
#define SECRET_AGAIN "the service never returns the stored secret, so it must be entered again"

/* ---- helpers ---- */

static void make_valid(registry *r, const char *type)
{
	registry_init(r);
	assert_int_equal(registry_set(&r->name, "target-1"), 0);
	assert_int_equal(registry_set(&r->type, type), 0);
	assert_int_equal(registry_set(&r->url, "https://registry.example.com"), 0);
	assert_int_equal(registry_set(&r->cred_type, "basic"), 0);
	assert_int_equal(registry_set(&r->access_key, "ak"), 0);
	assert_int_equal(registry_set(&r->access_secret, "s3cret"), 0);
	if (strcmp(type, "swr-pro-internal") == 0) {
		assert_int_equal(registry_set(&r->project_id, "proj"), 0);
		assert_int_equal(registry_set(&r->region_id, "cn-north-4"), 0);
		assert_int_equal(registry_set(&r->instance_id, "inst"), 0);
	}
	r->insecure = true;
}

static void assert_no_problems(const registry *r)
{
	registry_problems p = { 0 };
	size_t errors = registry_validate(r, &p);
	if (p.count != 0)
		fail_msg("expected no problem, got %zu (first: %s: %s)", p.count, p.items[0].field, p.items[0].message);
	assert_int_equal(errors, 0);
	registry_problems_free(&p);
}

/* r has exactly one problem, an error on `field` with message `expected`. */
static void assert_single_error(const registry *r, const char *field, const char *expected)
{
	registry_problems p = { 0 };
	size_t errors = registry_validate(r, &p);
	if (p.count != 1)
		fail_msg("expected one problem (%s: %s), got %zu%s%s", field, expected, p.count,
		         p.count ? ", first: " : "", p.count ? p.items[0].message : "");
	assert_int_equal(errors, 1);
	assert_int_equal(p.items[0].level, REGISTRY_PROBLEM_ERROR);
	assert_string_equal(p.items[0].field, field);
	assert_string_equal(p.items[0].message, expected);
	assert_int_equal(p.items[0].host_index, -1);
	registry_problems_free(&p);
}

static void expect_name_error(const char *name, const char *expected)
{
	registry r;
	make_valid(&r, "swr-pro");
	assert_int_equal(registry_set(&r.name, name), 0);
	assert_single_error(&r, "name", expected);
	char why[512] = "";
	assert_false(registry_name_valid(name, why, sizeof why));
	assert_string_equal(why, expected);
	registry_free(&r);
}

static void expect_name_ok(const char *name)
{
	registry r;
	make_valid(&r, "swr-pro");
	assert_int_equal(registry_set(&r.name, name), 0);
	assert_no_problems(&r);
	assert_true(registry_name_valid(name, NULL, 0));
	registry_free(&r);
}

static char *repeat(const char *unit, size_t times)
{
	size_t n = strlen(unit);
	char *s = malloc(n * times + 1);
	assert_non_null(s);
	for (size_t i = 0; i < times; i++)
		memcpy(s + i * n, unit, n);
	s[n * times] = '\0';
	return s;
}

static void expect_url_error(const char *url, const char *expected)
{
	registry r;
	make_valid(&r, "huawei-SWR");
	assert_int_equal(registry_set(&r.url, url), 0);
	assert_single_error(&r, "url", expected);
	char why[512] = "";
	assert_false(registry_url_valid(url, why, sizeof why));
	assert_string_equal(why, expected);
	registry_free(&r);
}

/* ---- whole registry ---- */

static void valid_registry_of_each_type_has_no_problems(void **state)
{
	(void)state;
	static const char *types[] = { "swr-pro", "swr-pro-internal", "huawei-SWR" };
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
		registry r;
		make_valid(&r, types[i]);
		assert_no_problems(&r);
		registry_free(&r);
	}
}

static void every_problem_is_returned_in_one_call(void **state)
{
	(void)state;
	registry r;
	registry_init(&r);
	assert_int_equal(registry_set(&r.name, "bad name"), 0);
	assert_int_equal(registry_set(&r.description, "\xFF"), 0);
	assert_int_equal(registry_set(&r.type, "swr-pro-internal"), 0);
	assert_int_equal(registry_set(&r.url, "ftp://x"), 0);
	assert_int_equal(registry_set(&r.cred_type, "token"), 0);
	assert_int_equal(registry_set(&r.access_secret, "*****"), 0);
	assert_int_equal(registry_add_host(&r, "bad_domain", "1.2.3"), 0);
	r.insecure = false;

	registry_problems p = { 0 };
	size_t errors = registry_validate(&r, &p);
	/* name, description, project_id, region_id, instance_id, url, credential.type, access_key,
	 * access_secret, host domain, host ip = 11 errors, plus the insecure warning */
	assert_int_equal(errors, 11);
	assert_int_equal(p.count, 12);
	static const char *fields[] = { "name",
		                        "description",
		                        "project_id",
		                        "region_id",
		                        "instance_id",
		                        "url",
		                        "credential.type",
		                        "credential.access_key",
		                        "credential.access_secret",
		                        "dns_conf.hosts",
		                        "insecure" };
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		if (!registry_problems_find(&p, fields[i]))
			fail_msg("expected a problem for %s", fields[i]);
	assert_null(registry_problems_find(&p, "type"));
	registry_problems_free(&p);
	registry_free(&r);
}

static void validate_appends_to_a_used_list_and_counts_its_own_errors(void **state)
{
	(void)state;
	registry r;
	make_valid(&r, "swr-pro");
	assert_int_equal(registry_set(&r.access_key, NULL), 0);
	registry_problems p = { 0 };
	assert_int_equal(registry_validate(&r, &p), 1);
	assert_int_equal(registry_validate(&r, &p), 1);
	assert_int_equal(p.count, 2);
	assert_string_equal(p.items[1].field, "credential.access_key");
	registry_problems_free(&p);
	assert_int_equal(p.count, 0);
	assert_null(p.items);
	registry_free(&r);
}

static void problems_find_returns_first_match_or_null(void **state)
{
	(void)state;
	registry r;
	make_valid(&r, "swr-pro");
	assert_int_equal(registry_add_host(&r, "", ""), 0);
	registry_problems p = { 0 };
	assert_int_equal(registry_validate(&r, &p), 2);
	const registry_problem *first = registry_problems_find(&p, "dns_conf.hosts");
	assert_non_null(first);
	assert_string_equal(first->message, "dns_conf.hosts entry 1: the domain is empty");
	assert_null(registry_problems_find(&p, "name"));
	assert_null(registry_problems_find(&p, NULL));
	assert_null(registry_problems_find(NULL, "name"));
	registry_problems_free(&p);
	registry_free(&r);
}

/* ---- name ---- */

static void name_is_required(void **state)
{
	(void)state;
	expect_name_error("", "name is required (1 to 64 characters)");
	registry r;
	make_valid(&r, "swr-pro");
	assert_int_equal(registry_set(&r.name, NULL), 0);
	assert_single_error(&r, "name", "name is required (1 to 64 characters)");
	registry_free(&r);
}

static void name_of_ascii_letters_digits_underscore_hyphen_passes(void **state)
{
	(void)state;
	expect_name_ok("Ab_9-x");
	expect_name_ok("x");
	expect_name_ok("-_-");
	expect_name_ok("0123456789");
}

static void name_of_64_ascii_characters_passes_and_65_is_refused(void **state)
{
	(void)state;
	char *s64 = repeat("a", 64), *s65 = repeat("a", 65);
	expect_name_ok(s64);
	expect_name_error(s65, "name must be 1 to 64 characters; it has 65");
	free(s64);
	free(s65);
}

static void name_of_64_chinese_characters_passes_and_65_is_refused(void **state)
{
	(void)state;
	/* "中" is 3 bytes: 64 characters are 192 bytes and still pass */
	char *s64 = repeat("\xE4\xB8\xAD", 64), *s65 = repeat("\xE4\xB8\xAD", 65);
	assert_int_equal(strlen(s64), 192);
	expect_name_ok(s64);
	expect_name_error(s65, "name must be 1 to 64 characters; it has 65");
	free(s64);
	free(s65);
}

static void name_mixing_chinese_and_ascii_passes(void **state)
{
	(void)state;
	expect_name_ok("\xE9\x95\x9C\xE5\x83\x8F\xE4\xBB\x93\xE5\xBA\x93-1"); /* 镜像仓库-1 */
	char *mixed = repeat("a\xE4\xB8\xAD", 32);                           /* 64 characters, 128 bytes */
	expect_name_ok(mixed);
	free(mixed);
}

static void name_cjk_block_boundaries_pass(void **state)
{
	(void)state;
	expect_name_ok("\xE4\xB8\x80"); /* U+4E00 */
	expect_name_ok("\xE9\xBF\xBF"); /* U+9FFF */
	expect_name_ok("\xE3\x90\x80"); /* U+3400, Extension A */
	expect_name_ok("\xE4\xB6\xBF"); /* U+4DBF, Extension A */
}

static void name_characters_just_outside_cjk_blocks_are_refused(void **state)
{
	(void)state;
	expect_name_error("\xE3\x8F\xBF", NAME_RULE "\"\xE3\x8F\xBF\" (U+33FF) is not allowed");
	expect_name_error("\xE4\xB7\x80", NAME_RULE "\"\xE4\xB7\x80\" (U+4DC0) is not allowed");
	expect_name_error("\xEA\x80\x80", NAME_RULE "\"\xEA\x80\x80\" (U+A000) is not allowed");
}

static void name_with_kana_or_fullwidth_letters_is_refused(void **state)
{
	(void)state;
	expect_name_error("a\xE3\x81\x82", NAME_RULE "\"\xE3\x81\x82\" (U+3042) is not allowed");
	expect_name_error("\xEF\xBC\xA1" "b", NAME_RULE "\"\xEF\xBC\xA1\" (U+FF21) is not allowed");
}

static void name_with_space_is_refused_naming_it(void **state)
{
	(void)state;
	expect_name_error("my registry", NAME_RULE "\" \" is not allowed");
}

static void name_with_dot_is_refused(void **state)
{
	(void)state;
	expect_name_error("reg.example", NAME_RULE "\".\" is not allowed");
}

static void name_with_emoji_is_refused(void **state)
{
	(void)state;
	expect_name_error("reg\xF0\x9F\x98\x80", NAME_RULE "\"\xF0\x9F\x98\x80\" (U+1F600) is not allowed");
}

static void name_with_accented_letter_is_refused(void **state)
{
	(void)state;
	expect_name_error("caf\xC3\xA9", NAME_RULE "\"\xC3\xA9\" (U+00E9) is not allowed");
}

static void name_with_control_character_is_refused_by_code_point(void **state)
{
	(void)state;
	expect_name_error("a\tb", NAME_RULE "U+0009 is not allowed");
}

static void name_with_several_bad_characters_lists_each_once(void **state)
{
	(void)state;
	expect_name_error("a b.c d.e", NAME_RULE "\" \", \".\" are not allowed");
	expect_name_error("!@#$%", NAME_RULE "\"!\", \"@\", \"#\", \"$\" and others are not allowed");
}

static void name_of_invalid_utf8_is_refused(void **state)
{
	(void)state;
	expect_name_error("ab\xC3", "name is not valid UTF-8");
	expect_name_error("\xC0\xAF", "name is not valid UTF-8");
}

static void name_too_long_and_with_bad_character_reports_both(void **state)
{
	(void)state;
	char *s = repeat("a", 70);
	s[3] = ' ';
	registry r;
	make_valid(&r, "swr-pro");
	assert_int_equal(registry_set(&r.name, s), 0);
	registry_problems p = { 0 };
	assert_int_equal(registry_validate(&r, &p), 2);
	assert_int_equal(p.count, 2);
	assert_string_equal(p.items[0].field, "name");
	assert_string_equal(p.items[0].message, "name must be 1 to 64 characters; it has 70");
	assert_string_equal(p.items[1].field, "name");
	assert_string_equal(p.items[1].message, NAME_RULE "\" \" is not allowed");
	char why[1024];
	assert_false(registry_name_valid(s, why, sizeof why));
	assert_string_equal(why, "name must be 1 to 64 characters; it has 70; " NAME_RULE "\" \" is not allowed");
	registry_problems_free(&p);
	registry_free(&r);
	free(s);
}

static void utf8_chars_counts_code_points(void **state)
{
	(void)state;
	assert_int_equal(registry_utf8_chars(NULL), 0);
	assert_int_equal(registry_utf8_chars(""), 0);
	assert_int_equal(registry_utf8_chars("abc"), 3);
	assert_int_equal(registry_utf8_chars("\xE4\xB8\xAD\xE6\x96\x87"), 2);
	assert_int_equal(registry_utf8_chars("\xF0\x9F\x98\x80"), 1);
	assert_int_equal(registry_utf8_chars("\xC3\xA9t\xC3\xA9"), 3);
	assert_int_equal(registry_utf8_chars("\xF4\x8F\xBF\xBF"), 1); /* U+10FFFF */
}

static void utf8_chars_refuses_invalid_sequences(void **state)
{
	(void)state;
	assert_int_equal(registry_utf8_chars("\xC0\xAF"), -1);         /* overlong */
	assert_int_equal(registry_utf8_chars("\xE0\x80\xAF"), -1);     /* overlong */
	assert_int_equal(registry_utf8_chars("\xED\xA0\x80"), -1);     /* surrogate */
	assert_int_equal(registry_utf8_chars("\xE4\xB8"), -1);         /* truncated */
	assert_int_equal(registry_utf8_chars("\xF4\x90\x80\x80"), -1); /* above U+10FFFF */
	assert_int_equal(registry_utf8_chars("a\x80"), -1);            /* lone continuation */
	assert_int_equal(registry_utf8_chars("\xFF"), -1);
}

/* ---- description, type ---- */

static void description_of_any_valid_text_passes(void **state)
{
	(void)state;
	static const char *texts[] = { NULL, "", "free text, with (anything) at all!\n\t\xE4\xB8\xAD \xF0\x9F\x98\x80" };
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		registry r;
		make_valid(&r, "swr-pro");
		assert_int_equal(registry_set(&r.description, texts[i]), 0);
		assert_no_problems(&r);
		registry_free(&r);
	}
}

static void description_of_invalid_utf8_is_refused(void **state)
{
	(void)state;
	registry r;
	make_valid(&r, "swr-pro");
	assert_int_equal(registry_set(&r.description, "ok \xE4\xB8"), 0);
	assert_single_error(&r, "description", "description is not valid UTF-8");
	registry_free(&r);
}

static void type_is_required(void **state)
{
	(void)state;
	registry r;
	make_valid(&r, "swr-pro");
	assert_int_equal(registry_set(&r.type, NULL), 0);
	assert_single_error(&r, "type", "type is required; choose " CHOICES);
	assert_int_equal(registry_set(&r.type, ""), 0);
	assert_single_error(&r, "type", "type is required; choose " CHOICES);
	registry_free(&r);
}

static void unknown_type_is_refused_listing_the_three(void **state)
{
	(void)state;
	registry r;
	make_valid(&r, "harbor");
	assert_single_error(&r, "type", "type \"harbor\" is not supported; choose " CHOICES);
	registry_free(&r);
}

static void type_is_case_sensitive(void **state)
{
	(void)state;
	registry r;
	make_valid(&r, "SWR-PRO");
	assert_single_error(&r, "type", "type \"SWR-PRO\" is not supported; choose " CHOICES);
	registry_free(&r);
}

/* ---- target instance fields ---- */

static void internal_requires_project_region_and_instance(void **state)
{
	(void)state;
	registry r;
	make_valid(&r, "swr-pro-internal");
	assert_int_equal(registry_set(&r.project_id, NULL), 0);
	assert_int_equal(registry_set(&r.region_id, ""), 0);
	assert_int_equal(registry_set(&r.instance_id, NULL), 0);
	registry_problems p = { 0 };
	assert_int_equal(registry_validate(&r, &p), 3);
	assert_int_equal(p.count, 3);
	assert_string_equal(registry_problems_find(&p, "project_id")->message,
	                    "project_id is required when type is swr-pro-internal (the project of the target instance)");
	assert_string_equal(registry_problems_find(&p, "region_id")->message,
	                    "region_id is required when type is swr-pro-internal (the region of the target instance)");
	assert_string_equal(registry_problems_find(&p, "instance_id")->message,
	                    "instance_id is required when type is swr-pro-internal (the target instance)");
	registry_problems_free(&p);
	registry_free(&r);
}

static void internal_refuses_invalid_utf8_in_target_fields(void **state)
{
	(void)state;
	registry r;
	make_valid(&r, "swr-pro-internal");
	assert_int_equal(registry_set(&r.region_id, "cn\xFF"), 0);
	assert_single_error(&r, "region_id", "region_id is not valid UTF-8");
	registry_free(&r);
}

static void hidden_target_fields_are_not_validated_for_other_types(void **state)
{
	(void)state;
	static const char *types[] = { "swr-pro", "huawei-SWR" };
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
		registry r;
		make_valid(&r, types[i]);
		assert_int_equal(registry_set(&r.project_id, NULL), 0);
		assert_int_equal(registry_set(&r.region_id, ""), 0);
		assert_int_equal(registry_set(&r.instance_id, "\xFF"), 0);
		assert_no_problems(&r);
		registry_free(&r);
	}
}

/* ---- url ---- */

static void url_is_required(void **state)
{
	(void)state;
	expect_url_error("", "url is required");
	registry r;
	make_valid(&r, "swr-pro");
	assert_int_equal(registry_set(&r.url, NULL), 0);
	assert_single_error(&r, "url", "url is required");
	registry_free(&r);
}

static void url_accepts_http_and_https_with_host_port_and_path(void **state)
{
	(void)state;
	static const char *urls[] = {
		"http://a",
		"https://registry.example.com",
		"HTTPS://Registry.Example.COM:443/",
		"HtTp://10.0.0.1:5000",
		"https://[::1]:5000/v2/",
		"https://[2001:db8::1]",
		"http://localhost:1",
		"https://h.example.com:65535/path?x=1#frag",
		"https://testbasic-vwnajp.swr-pro.myhuaweicloud.com",
	};
	for (size_t i = 0; i < sizeof urls / sizeof urls[0]; i++) {
		char why[256] = "";
		if (!registry_url_valid(urls[i], why, sizeof why))
			fail_msg("expected %s to be accepted, got: %s", urls[i], why);
		registry r;
		make_valid(&r, "swr-pro");
		assert_int_equal(registry_set(&r.url, urls[i]), 0);
		assert_no_problems(&r);
		registry_free(&r);
	}
}

static void url_needs_http_or_https_scheme(void **state)
{
	(void)state;
	static const char *urls[] = { "ftp://h.example.com", "h.example.com", "https:/h.example.com",
		                      "httpx://h", "://h", "https//h" };
	for (size_t i = 0; i < sizeof urls / sizeof urls[0]; i++)
		expect_url_error(urls[i], "url must start with http:// or https://");
}

static void url_needs_a_host(void **state)
{
	(void)state;
	expect_url_error("https://", "url has no host");
	expect_url_error("https:///v2", "url has no host");
	expect_url_error("https://:443", "url has no host");
	expect_url_error("http://?q", "url has no host");
}

static void url_port_must_be_1_to_65535(void **state)
{
	(void)state;
	static const char *urls[] = { "https://h:0", "https://h:65536", "https://h:abc", "https://h:",
		                      "https://h:123456", "https://h:-1", "https://[::1]:0" };
	for (size_t i = 0; i < sizeof urls / sizeof urls[0]; i++)
		expect_url_error(urls[i], "url port must be a number from 1 to 65535");
	assert_true(registry_url_valid("https://h:1", NULL, 0));
	assert_true(registry_url_valid("https://h:65535", NULL, 0));
}

static void url_refuses_whitespace_and_control_characters(void **state)
{
	(void)state;
	static const char *urls[] = { "https://h .com", "https://h.com/a b", "https://h.com\t", " https://h.com",
		                      "https://h.com/\x7F", "https://h.com\n", "https://h.com/\xE3\x80\x80" };
	for (size_t i = 0; i < sizeof urls / sizeof urls[0]; i++)
		expect_url_error(urls[i], "url must not contain spaces or control characters");
}

static void url_refuses_invalid_hosts(void **state)
{
	(void)state;
	expect_url_error("https://a_b.example.com", "url host \"a_b.example.com\" is not a valid host name");
	expect_url_error("https://-a.example.com/", "url host \"-a.example.com\" is not a valid host name");
	expect_url_error("https://1.2.3.999", "url host \"1.2.3.999\" is not a valid IPv4 address");
	expect_url_error("https://1.2.3", "url host \"1.2.3\" is not a valid IPv4 address");
	expect_url_error("https://[::g]:80", "url host \"[::g]\" is not a valid IPv6 address");
	expect_url_error("https://[::1", "url has an unterminated [IPv6] address");
	expect_url_error("https://[::1]x", "url has unexpected text after the [IPv6] address");
	expect_url_error("https://::1/", "url has no host");
	expect_url_error("https://\xE4\xB8\xAD.com", "url host \"\xE4\xB8\xAD.com\" is not a valid host name");
}

static void url_refuses_user_information(void **state)
{
	(void)state;
	expect_url_error("https://user:pw@h.example.com",
	                 "url must not hold a user name or password (they belong in access_key and access_secret)");
}

static void url_of_invalid_utf8_is_refused(void **state)
{
	(void)state;
	expect_url_error("https://h.example.com/\xFF", "url is not valid UTF-8");
}

/* ---- credential ---- */

static void credential_type_basic_or_absent_passes(void **state)
{
	(void)state;
	static const char *types[] = { NULL, "", "basic" };
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
		registry r;
		make_valid(&r, "swr-pro");
		assert_int_equal(registry_set(&r.cred_type, types[i]), 0);
		assert_no_problems(&r);
		registry_free(&r);
	}
}

static void credential_type_other_than_basic_is_refused(void **state)
{
	(void)state;
	registry r;
	make_valid(&r, "swr-pro");
	assert_int_equal(registry_set(&r.cred_type, "Basic"), 0);
	assert_single_error(&r, "credential.type", "credential.type must be \"basic\" (the only authentication mode)");
	assert_int_equal(registry_set(&r.cred_type, "token"), 0);
	assert_single_error(&r, "credential.type", "credential.type must be \"basic\" (the only authentication mode)");
	registry_free(&r);
}

static void access_key_is_required(void **state)
{
	(void)state;
	registry r;
	make_valid(&r, "huawei-SWR");
	assert_int_equal(registry_set(&r.access_key, ""), 0);
	assert_single_error(&r, "credential.access_key", "credential.access_key is required");
	assert_int_equal(registry_set(&r.access_key, NULL), 0);
	assert_single_error(&r, "credential.access_key", "credential.access_key is required");
	registry_free(&r);
}

static void access_secret_is_required_and_says_it_is_never_returned(void **state)
{
	(void)state;
	registry r;
	make_valid(&r, "swr-pro");
	assert_int_equal(registry_set(&r.access_secret, NULL), 0);
	assert_single_error(&r, "credential.access_secret", "credential.access_secret is required: " SECRET_AGAIN);
	assert_int_equal(registry_set(&r.access_secret, ""), 0);
	assert_single_error(&r, "credential.access_secret", "credential.access_secret is required: " SECRET_AGAIN);
	registry_free(&r);
}

static void access_secret_placeholder_is_refused(void **state)
{
	(void)state;
	static const char *masks[] = { "*", "*****", "<redacted>" };
	for (size_t i = 0; i < sizeof masks / sizeof masks[0]; i++) {
		registry r;
		make_valid(&r, "swr-pro");
		assert_int_equal(registry_set(&r.access_secret, masks[i]), 0);
		assert_single_error(&r, "credential.access_secret",
		                    "credential.access_secret is a masked placeholder, not the secret: " SECRET_AGAIN);
		registry_free(&r);
	}
}

static void access_secret_never_appears_in_a_message(void **state)
{
	(void)state;
	registry r;
	make_valid(&r, "swr-pro");
	assert_int_equal(registry_set(&r.access_secret, "Hunter2\xFF"), 0);
	assert_single_error(&r, "credential.access_secret", "credential.access_secret is not valid UTF-8");
	registry_free(&r);
}

/* ---- dns_conf.hosts ---- */

static void valid_host_entries_pass_for_every_type(void **state)
{
	(void)state;
	static const char *types[] = { "swr-pro", "swr-pro-internal", "huawei-SWR" };
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
		registry r;
		make_valid(&r, types[i]);
		assert_int_equal(registry_add_host(&r, "registry.example.com", "10.0.0.1"), 0);
		assert_int_equal(registry_add_host(&r, "harbor", "2001:db8::1"), 0);
		assert_int_equal(registry_add_host(&r, "b.example.com", "::ffff:192.0.2.1"), 0);
		assert_no_problems(&r);
		registry_free(&r);
	}
}

static void domain_valid_accepts_hostnames(void **state)
{
	(void)state;
	char *label63 = repeat("a", 63);
	/* 63 + 1 + 63 + 1 + 63 + 1 + 61 = 253 characters */
	char total253[260];
	snprintf(total253, sizeof total253, "%s.%s.%s.%.61s", label63, label63, label63, label63);
	assert_int_equal(strlen(total253), 253);
	assert_true(registry_domain_valid("a"));
	assert_true(registry_domain_valid("a-b.c"));
	assert_true(registry_domain_valid("A.EXAMPLE.COM"));
	assert_true(registry_domain_valid("123.example"));
	assert_true(registry_domain_valid("x1-2y.example.com"));
	assert_true(registry_domain_valid(label63));
	assert_true(registry_domain_valid(total253));
	free(label63);
}

static void domain_valid_refuses_bad_hostnames(void **state)
{
	(void)state;
	char *label64 = repeat("a", 64);
	char *label63 = repeat("a", 63);
	char total254[260];
	snprintf(total254, sizeof total254, "%s.%s.%s.%.62s", label63, label63, label63, label63);
	assert_int_equal(strlen(total254), 254);
	static const char *bad[] = { "",          "-a.com", "a-.com",      "a..com", ".a.com",
		                     "a.com.",    "a_b.com", "a b.com",     "*.example.com",
		                     "\xE4\xB8\xAD.com", "a.com/x", "-" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (registry_domain_valid(bad[i]))
			fail_msg("expected \"%s\" to be refused as a domain", bad[i]);
	assert_false(registry_domain_valid(NULL));
	assert_false(registry_domain_valid(label64));
	assert_false(registry_domain_valid(total254));
	free(label64);
	free(label63);
}

static void ip_valid_accepts_ipv4_and_ipv6(void **state)
{
	(void)state;
	static const char *good[] = { "1.2.3.4", "0.0.0.0", "255.255.255.255", "::1", "::", "2001:db8::1",
		                      "fe80::1:2:3:4", "::ffff:1.2.3.4" };
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		if (!registry_ip_valid(good[i]))
			fail_msg("expected \"%s\" to be accepted as an IP address", good[i]);
}

static void ip_valid_refuses_everything_else(void **state)
{
	(void)state;
	static const char *bad[] = { "",        "1.2.3",     "256.1.1.1", "1.2.3.4.5",   "::g",
		                     "1.2.3.4 ", " 1.2.3.4", "example.com", "fe80::1%eth0", "[::1]",
		                     "1:2:3:4:5:6:7:8:9" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (registry_ip_valid(bad[i]))
			fail_msg("expected \"%s\" to be refused as an IP address", bad[i]);
	assert_false(registry_ip_valid(NULL));
}

static void bad_host_domain_is_reported_with_its_index(void **state)
{
	(void)state;
	registry r;
	make_valid(&r, "swr-pro");
	assert_int_equal(registry_add_host(&r, "good.example.com", "10.0.0.1"), 0);
	assert_int_equal(registry_add_host(&r, "bad_domain", "10.0.0.2"), 0);
	registry_problems p = { 0 };
	assert_int_equal(registry_validate(&r, &p), 1);
	assert_int_equal(p.count, 1);
	assert_string_equal(p.items[0].field, "dns_conf.hosts");
	assert_int_equal(p.items[0].host_index, 1);
	assert_string_equal(p.items[0].message, "dns_conf.hosts entry 2: \"bad_domain\" is not a valid domain name");
	registry_problems_free(&p);
	registry_free(&r);
}

static void bad_host_ip_is_reported_with_its_index(void **state)
{
	(void)state;
	registry r;
	make_valid(&r, "huawei-SWR");
	assert_int_equal(registry_add_host(&r, "a.example.com", "1.2.3"), 0);
	registry_problems p = { 0 };
	assert_int_equal(registry_validate(&r, &p), 1);
	assert_int_equal(p.items[0].host_index, 0);
	assert_string_equal(p.items[0].message, "dns_conf.hosts entry 1: \"1.2.3\" is not a valid IPv4 or IPv6 address");
	registry_problems_free(&p);
	registry_free(&r);
}

static void empty_host_domain_and_ip_are_both_reported(void **state)
{
	(void)state;
	registry r;
	make_valid(&r, "swr-pro");
	assert_int_equal(registry_add_host(&r, "ok.example.com", "10.0.0.1"), 0);
	assert_int_equal(registry_add_host(&r, NULL, ""), 0);
	registry_problems p = { 0 };
	assert_int_equal(registry_validate(&r, &p), 2);
	assert_int_equal(p.count, 2);
	assert_int_equal(p.items[0].host_index, 1);
	assert_string_equal(p.items[0].message, "dns_conf.hosts entry 2: the domain is empty");
	assert_int_equal(p.items[1].host_index, 1);
	assert_string_equal(p.items[1].message, "dns_conf.hosts entry 2: the IP address is empty");
	registry_problems_free(&p);
	registry_free(&r);
}

static void repeated_host_domain_is_flagged_on_later_entry_ignoring_case(void **state)
{
	(void)state;
	registry r;
	make_valid(&r, "swr-pro");
	assert_int_equal(registry_add_host(&r, "a.example.com", "10.0.0.1"), 0);
	assert_int_equal(registry_add_host(&r, "b.example.com", "10.0.0.2"), 0);
	assert_int_equal(registry_add_host(&r, "A.Example.COM", "10.0.0.3"), 0);
	registry_problems p = { 0 };
	assert_int_equal(registry_validate(&r, &p), 1);
	assert_int_equal(p.count, 1);
	assert_string_equal(p.items[0].field, "dns_conf.hosts");
	assert_int_equal(p.items[0].host_index, 2);
	assert_string_equal(p.items[0].message,
	                    "dns_conf.hosts entry 3: the domain \"A.Example.COM\" is already used by entry 1");
	registry_problems_free(&p);
	registry_free(&r);
}

static void several_bad_hosts_are_all_reported(void **state)
{
	(void)state;
	registry r;
	make_valid(&r, "swr-pro");
	assert_int_equal(registry_add_host(&r, "x.", "10.0.0.1"), 0);
	assert_int_equal(registry_add_host(&r, "y.example.com", "999.0.0.1"), 0);
	assert_int_equal(registry_add_host(&r, "Y.example.com", "::1"), 0);
	registry_problems p = { 0 };
	assert_int_equal(registry_validate(&r, &p), 3);
	assert_int_equal(p.count, 3);
	assert_int_equal(p.items[0].host_index, 0);
	assert_int_equal(p.items[1].host_index, 1);
	assert_int_equal(p.items[2].host_index, 2);
	assert_string_equal(p.items[2].message,
	                    "dns_conf.hosts entry 3: the domain \"Y.example.com\" is already used by entry 2");
	registry_problems_free(&p);
	registry_free(&r);
}

/* ---- insecure warning ---- */

#define INSECURE_WARNING                                                                                   \
	"the service may accept only insecure = true for swr-pro-internal (unverified rule of the Chinese " \
	"documentation)"

static void internal_with_insecure_false_gets_a_warning_not_an_error(void **state)
{
	(void)state;
	registry r;
	make_valid(&r, "swr-pro-internal");
	r.insecure = false;
	registry_problems p = { 0 };
	assert_int_equal(registry_validate(&r, &p), 0);
	assert_int_equal(p.count, 1);
	assert_int_equal(p.items[0].level, REGISTRY_PROBLEM_WARNING);
	assert_string_equal(p.items[0].field, "insecure");
	assert_int_equal(p.items[0].host_index, -1);
	assert_string_equal(p.items[0].message, INSECURE_WARNING);
	registry_problems_free(&p);
	registry_free(&r);
}

static void insecure_false_gives_no_warning_for_other_types(void **state)
{
	(void)state;
	static const char *types[] = { "swr-pro", "huawei-SWR" };
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
		registry r;
		make_valid(&r, types[i]);
		r.insecure = false;
		assert_no_problems(&r);
		registry_free(&r);
	}
}

/* A registry the service describes must say what every registry has: {} is no registry with id 0. */
static void an_answer_without_id_name_type_or_url_is_malformed(void **state)
{
	(void)state;
	char err[256];
	registry r;
	registry_init(&r);
	assert_int_equal(registry_check_answer(&r, err, sizeof err), -1);
	assert_non_null(strstr(err, "the registry has no id"));
	r.has_id = true;
	r.id = 0;
	assert_int_equal(registry_check_answer(&r, err, sizeof err), -1);
	assert_non_null(strstr(err, "has no name"));
	assert_int_equal(registry_set(&r.name, "n"), 0);
	assert_int_equal(registry_check_answer(&r, err, sizeof err), -1);
	assert_non_null(strstr(err, "has no type"));
	assert_int_equal(registry_set(&r.type, "a-type-of-tomorrow"), 0); /* an unknown type is kept, not refused */
	assert_int_equal(registry_set(&r.url, ""), 0);
	assert_int_equal(registry_check_answer(&r, err, sizeof err), -1);
	assert_non_null(strstr(err, "has no url"));
	assert_int_equal(registry_set(&r.url, "https://h"), 0);
	assert_int_equal(registry_check_answer(&r, err, sizeof err), 0);
	registry_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(valid_registry_of_each_type_has_no_problems),
		cmocka_unit_test(an_answer_without_id_name_type_or_url_is_malformed),
		cmocka_unit_test(every_problem_is_returned_in_one_call),
		cmocka_unit_test(validate_appends_to_a_used_list_and_counts_its_own_errors),
		cmocka_unit_test(problems_find_returns_first_match_or_null),
		cmocka_unit_test(name_is_required),
		cmocka_unit_test(name_of_ascii_letters_digits_underscore_hyphen_passes),
		cmocka_unit_test(name_of_64_ascii_characters_passes_and_65_is_refused),
		cmocka_unit_test(name_of_64_chinese_characters_passes_and_65_is_refused),
		cmocka_unit_test(name_mixing_chinese_and_ascii_passes),
		cmocka_unit_test(name_cjk_block_boundaries_pass),
		cmocka_unit_test(name_characters_just_outside_cjk_blocks_are_refused),
		cmocka_unit_test(name_with_kana_or_fullwidth_letters_is_refused),
		cmocka_unit_test(name_with_space_is_refused_naming_it),
		cmocka_unit_test(name_with_dot_is_refused),
		cmocka_unit_test(name_with_emoji_is_refused),
		cmocka_unit_test(name_with_accented_letter_is_refused),
		cmocka_unit_test(name_with_control_character_is_refused_by_code_point),
		cmocka_unit_test(name_with_several_bad_characters_lists_each_once),
		cmocka_unit_test(name_of_invalid_utf8_is_refused),
		cmocka_unit_test(name_too_long_and_with_bad_character_reports_both),
		cmocka_unit_test(utf8_chars_counts_code_points),
		cmocka_unit_test(utf8_chars_refuses_invalid_sequences),
		cmocka_unit_test(description_of_any_valid_text_passes),
		cmocka_unit_test(description_of_invalid_utf8_is_refused),
		cmocka_unit_test(type_is_required),
		cmocka_unit_test(unknown_type_is_refused_listing_the_three),
		cmocka_unit_test(type_is_case_sensitive),
		cmocka_unit_test(internal_requires_project_region_and_instance),
		cmocka_unit_test(internal_refuses_invalid_utf8_in_target_fields),
		cmocka_unit_test(hidden_target_fields_are_not_validated_for_other_types),
		cmocka_unit_test(url_is_required),
		cmocka_unit_test(url_accepts_http_and_https_with_host_port_and_path),
		cmocka_unit_test(url_needs_http_or_https_scheme),
		cmocka_unit_test(url_needs_a_host),
		cmocka_unit_test(url_port_must_be_1_to_65535),
		cmocka_unit_test(url_refuses_whitespace_and_control_characters),
		cmocka_unit_test(url_refuses_invalid_hosts),
		cmocka_unit_test(url_refuses_user_information),
		cmocka_unit_test(url_of_invalid_utf8_is_refused),
		cmocka_unit_test(credential_type_basic_or_absent_passes),
		cmocka_unit_test(credential_type_other_than_basic_is_refused),
		cmocka_unit_test(access_key_is_required),
		cmocka_unit_test(access_secret_is_required_and_says_it_is_never_returned),
		cmocka_unit_test(access_secret_placeholder_is_refused),
		cmocka_unit_test(access_secret_never_appears_in_a_message),
		cmocka_unit_test(valid_host_entries_pass_for_every_type),
		cmocka_unit_test(domain_valid_accepts_hostnames),
		cmocka_unit_test(domain_valid_refuses_bad_hostnames),
		cmocka_unit_test(ip_valid_accepts_ipv4_and_ipv6),
		cmocka_unit_test(ip_valid_refuses_everything_else),
		cmocka_unit_test(bad_host_domain_is_reported_with_its_index),
		cmocka_unit_test(bad_host_ip_is_reported_with_its_index),
		cmocka_unit_test(empty_host_domain_and_ip_are_both_reported),
		cmocka_unit_test(repeated_host_domain_is_flagged_on_later_entry_ignoring_case),
		cmocka_unit_test(several_bad_hosts_are_all_reported),
		cmocka_unit_test(internal_with_insecure_false_gets_a_warning_not_an_error),
		cmocka_unit_test(insecure_false_gives_no_warning_for_other_types),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
