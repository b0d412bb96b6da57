/* test_registry.c — unit tests of the registry struct operations and of its strict JSON decoding and
 * encoding (registry.c, registry_json.c): member types, secrets, strictness, field order, round trips. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <cmocka.h>

#include "swrtui/model/registry.h"

/* ---- helpers ---- */

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

static void decode_ok(const char *json, registry *r)
{
	char err[256] = "";
	int rc = registry_from_json(json, strlen(json), r, err, sizeof err);
	if (rc != 0)
		fail_msg("expected %s to decode, got error: %s", json, err);
}

/* Decoding json must fail with exactly `expected` as the message (or containing it when partial). */
static void decode_fails(const char *json, size_t len, const char *expected, bool partial)
{
	registry r;
	char err[256] = "";
	int rc = registry_from_json(json, len, &r, err, sizeof err);
	assert_int_equal(rc, -1);
	if (partial) {
		if (!strstr(err, expected))
			fail_msg("expected an error containing \"%s\", got \"%s\"", expected, err);
	} else {
		assert_string_equal(err, expected);
	}
	/* the output is left empty */
	assert_null(r.name);
	assert_null(r.access_secret);
	assert_null(r.hosts);
	assert_int_equal(r.nhosts, 0);
	assert_false(r.has_id);
}

static void fill_body(registry *r, const char *type)
{
	registry_init(r);
	assert_int_equal(registry_set(&r->name, "reg1"), 0);
	assert_int_equal(registry_set(&r->description, "d"), 0);
	assert_int_equal(registry_set(&r->type, type), 0);
	assert_int_equal(registry_set(&r->project_id, "p1"), 0);
	assert_int_equal(registry_set(&r->region_id, "cn-north-4"), 0);
	assert_int_equal(registry_set(&r->instance_id, "i1"), 0);
	assert_int_equal(registry_set(&r->url, "https://t.example.com"), 0);
	assert_int_equal(registry_set(&r->cred_type, "basic"), 0);
	assert_int_equal(registry_set(&r->access_key, "ak"), 0);
	assert_int_equal(registry_set(&r->access_secret, "sk"), 0);
	r->insecure = true;
	r->id = 7;
	r->has_id = true;
	assert_int_equal(registry_set(&r->status, "healthy"), 0);
	assert_int_equal(registry_set(&r->created_at, "2024"), 0);
	assert_int_equal(registry_set(&r->updated_at, "2025"), 0);
}

static void assert_body_fields_equal(const registry *a, const registry *b)
{
	assert_string_equal(or_empty(a->name), or_empty(b->name));
	assert_string_equal(or_empty(a->description), or_empty(b->description));
	assert_string_equal(or_empty(a->type), or_empty(b->type));
	if (registry_type_from_string(a->type) == REGISTRY_TYPE_SWR_PRO_INTERNAL) {
		assert_string_equal(or_empty(a->project_id), or_empty(b->project_id));
		assert_string_equal(or_empty(a->region_id), or_empty(b->region_id));
		assert_string_equal(or_empty(a->instance_id), or_empty(b->instance_id));
	}
	assert_string_equal(or_empty(a->url), or_empty(b->url));
	assert_string_equal(or_empty(a->cred_type), or_empty(b->cred_type));
	assert_string_equal(or_empty(a->access_key), or_empty(b->access_key));
	assert_string_equal(or_empty(a->access_secret), or_empty(b->access_secret));
	assert_int_equal(a->nhosts, b->nhosts);
	for (size_t i = 0; i < a->nhosts; i++) {
		assert_string_equal(a->hosts[i].domain, b->hosts[i].domain);
		assert_string_equal(a->hosts[i].ip, b->hosts[i].ip);
	}
	assert_int_equal(a->insecure, b->insecure);
}

static char *encode(const registry *r, unsigned flags)
{
	char *s = registry_to_json(r, flags);
	assert_non_null(s);
	return s;
}

/* ---- struct operations ---- */

static void init_leaves_every_field_absent(void **state)
{
	(void)state;
	registry r;
	memset(&r, 0xA5, sizeof r);
	registry_init(&r);
	assert_false(r.has_id);
	assert_int_equal(r.id, 0);
	assert_null(r.name);
	assert_null(r.description);
	assert_null(r.type);
	assert_null(r.project_id);
	assert_null(r.region_id);
	assert_null(r.instance_id);
	assert_null(r.url);
	assert_null(r.cred_type);
	assert_null(r.access_key);
	assert_null(r.access_secret);
	assert_null(r.hosts);
	assert_int_equal(r.nhosts, 0);
	assert_false(r.has_dns_conf);
	assert_false(r.insecure);
	assert_null(r.status);
	assert_null(r.created_at);
	assert_null(r.updated_at);
}

static void set_copies_value_and_replaces_old(void **state)
{
	(void)state;
	registry r;
	registry_init(&r);
	char buf[] = "first";
	assert_int_equal(registry_set(&r.name, buf), 0);
	buf[0] = 'X'; /* a copy, not the caller's buffer */
	assert_string_equal(r.name, "first");
	assert_int_equal(registry_set(&r.name, "second"), 0);
	assert_string_equal(r.name, "second");
	assert_int_equal(registry_set(&r.access_secret, "s1"), 0);
	assert_int_equal(registry_set(&r.access_secret, "s2"), 0);
	assert_string_equal(r.access_secret, "s2");
	registry_free(&r);
}

static void set_null_clears_field(void **state)
{
	(void)state;
	registry r;
	registry_init(&r);
	assert_int_equal(registry_set(&r.url, "https://a"), 0);
	assert_int_equal(registry_set(&r.url, NULL), 0);
	assert_null(r.url);
	registry_free(&r);
}

static void set_with_field_own_value_keeps_valid_copy(void **state)
{
	(void)state;
	registry r;
	registry_init(&r);
	assert_int_equal(registry_set(&r.name, "same"), 0);
	assert_int_equal(registry_set(&r.name, r.name), 0);
	assert_string_equal(r.name, "same");
	registry_free(&r);
}

static void add_host_appends_entries_in_order(void **state)
{
	(void)state;
	registry r;
	registry_init(&r);
	assert_int_equal(registry_add_host(&r, "b.example.com", "10.0.0.2"), 0);
	assert_int_equal(registry_add_host(&r, "a.example.com", "::1"), 0);
	assert_int_equal(r.nhosts, 2);
	assert_string_equal(r.hosts[0].domain, "b.example.com");
	assert_string_equal(r.hosts[0].ip, "10.0.0.2");
	assert_string_equal(r.hosts[1].domain, "a.example.com");
	assert_string_equal(r.hosts[1].ip, "::1");
	registry_free(&r);
}

static void remove_host_keeps_order_of_the_rest(void **state)
{
	(void)state;
	registry r;
	registry_init(&r);
	assert_int_equal(registry_add_host(&r, "a", "1.1.1.1"), 0);
	assert_int_equal(registry_add_host(&r, "b", "2.2.2.2"), 0);
	assert_int_equal(registry_add_host(&r, "c", "3.3.3.3"), 0);
	registry_remove_host(&r, 1);
	assert_int_equal(r.nhosts, 2);
	assert_string_equal(r.hosts[0].domain, "a");
	assert_string_equal(r.hosts[1].domain, "c");
	assert_string_equal(r.hosts[1].ip, "3.3.3.3");
	registry_free(&r);
}

static void remove_host_out_of_range_changes_nothing(void **state)
{
	(void)state;
	registry r;
	registry_init(&r);
	assert_int_equal(registry_add_host(&r, "a", "1.1.1.1"), 0);
	registry_remove_host(&r, 1);
	registry_remove_host(&r, 99);
	assert_int_equal(r.nhosts, 1);
	assert_string_equal(r.hosts[0].domain, "a");
	registry_free(&r);
}

static void remove_last_host_leaves_empty_list(void **state)
{
	(void)state;
	registry r;
	registry_init(&r);
	assert_int_equal(registry_add_host(&r, "a", "1.1.1.1"), 0);
	registry_remove_host(&r, 0);
	assert_int_equal(r.nhosts, 0);
	assert_null(r.hosts);
	registry_free(&r);
}

static void copy_is_deep_and_equal(void **state)
{
	(void)state;
	registry a, b;
	fill_body(&a, "swr-pro");
	assert_int_equal(registry_add_host(&a, "h.example.com", "10.1.1.1"), 0);
	a.has_dns_conf = true;
	assert_int_equal(registry_copy(&b, &a), 0);
	assert_body_fields_equal(&a, &b);
	assert_true(b.has_id);
	assert_int_equal(b.id, 7);
	assert_true(b.has_dns_conf);
	assert_string_equal(b.status, "healthy");
	assert_string_equal(b.created_at, "2024");
	assert_string_equal(b.updated_at, "2025");
	assert_ptr_not_equal(a.name, b.name);
	assert_ptr_not_equal(a.hosts, b.hosts);
	assert_ptr_not_equal(a.hosts[0].domain, b.hosts[0].domain);
	assert_int_equal(registry_set(&b.name, "changed"), 0);
	assert_string_equal(a.name, "reg1");
	registry_free(&a);
	registry_free(&b);
}

static void copy_of_empty_registry_is_empty(void **state)
{
	(void)state;
	registry a, b;
	registry_init(&a);
	assert_int_equal(registry_copy(&b, &a), 0);
	assert_null(b.name);
	assert_null(b.hosts);
	assert_int_equal(b.nhosts, 0);
	registry_free(&b);
}

static void free_reinitialises_struct(void **state)
{
	(void)state;
	registry r;
	fill_body(&r, "swr-pro");
	assert_int_equal(registry_add_host(&r, "a", "1.1.1.1"), 0);
	registry_free(&r);
	assert_null(r.name);
	assert_null(r.access_secret);
	assert_null(r.hosts);
	assert_int_equal(r.nhosts, 0);
	assert_false(r.has_id);
	assert_false(r.insecure);
	registry_free(&r); /* freeing twice is harmless */
}

static void type_from_string_is_exact_and_case_sensitive(void **state)
{
	(void)state;
	assert_int_equal(registry_type_from_string("swr-pro"), REGISTRY_TYPE_SWR_PRO);
	assert_int_equal(registry_type_from_string("swr-pro-internal"), REGISTRY_TYPE_SWR_PRO_INTERNAL);
	assert_int_equal(registry_type_from_string("huawei-SWR"), REGISTRY_TYPE_HUAWEI_SWR);
	assert_int_equal(registry_type_from_string("huawei-swr"), REGISTRY_TYPE_UNKNOWN);
	assert_int_equal(registry_type_from_string("SWR-PRO"), REGISTRY_TYPE_UNKNOWN);
	assert_int_equal(registry_type_from_string(" swr-pro"), REGISTRY_TYPE_UNKNOWN);
	assert_int_equal(registry_type_from_string(""), REGISTRY_TYPE_UNKNOWN);
	assert_int_equal(registry_type_from_string(NULL), REGISTRY_TYPE_UNKNOWN);
}

static void type_names_and_labels_match_the_reference(void **state)
{
	(void)state;
	assert_string_equal(registry_type_name(REGISTRY_TYPE_SWR_PRO), "swr-pro");
	assert_string_equal(registry_type_name(REGISTRY_TYPE_SWR_PRO_INTERNAL), "swr-pro-internal");
	assert_string_equal(registry_type_name(REGISTRY_TYPE_HUAWEI_SWR), "huawei-SWR");
	assert_string_equal(registry_type_name(REGISTRY_TYPE_UNKNOWN), "");
	assert_string_equal(registry_type_label(REGISTRY_TYPE_SWR_PRO), "open-source Harbor");
	assert_string_equal(registry_type_label(REGISTRY_TYPE_SWR_PRO_INTERNAL), "SWR Enterprise Edition");
	assert_string_equal(registry_type_label(REGISTRY_TYPE_HUAWEI_SWR), "SWR Basic Edition");
}

static void type_label_of_an_unknown_type_is_empty(void **state)
{
	(void)state;
	assert_string_equal(registry_type_label(REGISTRY_TYPE_UNKNOWN), "");
	assert_string_equal(registry_type_label((registry_type)99), "");
}

static void type_choices_list_every_type_with_or_without_its_label(void **state)
{
	(void)state;
	char out[256];
	assert_string_equal(registry_type_choices(out, sizeof out, false), "swr-pro, swr-pro-internal or huawei-SWR");
	assert_string_equal(registry_type_choices(out, sizeof out, true),
	                    "swr-pro (open-source Harbor), swr-pro-internal (SWR Enterprise Edition) or huawei-SWR "
	                    "(SWR Basic Edition)");
	char small[8];
	registry_type_choices(small, sizeof small, true);
	assert_string_equal(small, "swr-pro");
}

/* ---- registry IDs ---- */

static void id_ok(const char *s, long long want)
{
	long long v = -7;
	if (registry_parse_id(s, &v) != 0)
		fail_msg("expected \"%s\" to be registry ID %lld, it was refused", s, want);
	if (v != want)
		fail_msg("expected \"%s\" to be registry ID %lld, got %lld", s, want, v);
}

static void id_refused(const char *s)
{
	long long v = -7;
	if (registry_parse_id(s, &v) == 0)
		fail_msg("expected \"%s\" to be refused as a registry ID, got %lld", s ? s : "(null)", v);
	if (v != -7)
		fail_msg("a refused ID \"%s\" changed the output to %lld", s ? s : "(null)", v);
}

static void id_parsing_accepts_decimal_digits_from_0_to_int32_max(void **state)
{
	(void)state;
	id_ok("0", 0);
	id_ok("42", 42);
	id_ok("007", 7);
	id_ok("2147483647", 2147483647LL);
}

static void id_parsing_refuses_signs_spaces_garbage_and_overflow(void **state)
{
	(void)state;
	id_refused(NULL);
	id_refused("");
	id_refused("-1");
	id_refused("-0");
	id_refused("+1");
	id_refused(" 1");
	id_refused("1 ");
	id_refused("1x");
	id_refused("0x10");
	id_refused("1.0");
	id_refused("2147483648");
	id_refused("9223372036854775807");
	id_refused("99999999999999999999999");
	id_refused("abc");
}

/* ---- decoding ---- */

static void decode_reads_every_member_of_a_show_body(void **state)
{
	(void)state;
	registry r;
	decode_ok("{\"id\":42,\"name\":\"target-1\",\"description\":\"the d\",\"region_id\":\"cn-north-4\","
	          "\"instance_id\":\"inst-2\",\"project_id\":\"proj-3\",\"type\":\"swr-pro-internal\","
	          "\"url\":\"https://r.example.com\",\"credential\":{\"type\":\"basic\",\"access_key\":\"AK1\","
	          "\"access_secret\":\"real-secret\"},\"dns_conf\":{\"hosts\":{\"r.example.com\":\"10.0.0.9\"}},"
	          "\"insecure\":true,\"status\":\"healthy\",\"created_at\":\"2024-01-02T03:04:05Z\","
	          "\"updated_at\":\"2024-02-03T04:05:06Z\"}",
	          &r);
	assert_true(r.has_id);
	assert_int_equal(r.id, 42);
	assert_string_equal(r.name, "target-1");
	assert_string_equal(r.description, "the d");
	assert_string_equal(r.region_id, "cn-north-4");
	assert_string_equal(r.instance_id, "inst-2");
	assert_string_equal(r.project_id, "proj-3");
	assert_string_equal(r.type, "swr-pro-internal");
	assert_string_equal(r.url, "https://r.example.com");
	assert_string_equal(r.cred_type, "basic");
	assert_string_equal(r.access_key, "AK1");
	assert_string_equal(r.access_secret, "real-secret");
	assert_true(r.has_dns_conf);
	assert_int_equal(r.nhosts, 1);
	assert_string_equal(r.hosts[0].domain, "r.example.com");
	assert_string_equal(r.hosts[0].ip, "10.0.0.9");
	assert_true(r.insecure);
	assert_string_equal(r.status, "healthy");
	assert_string_equal(r.created_at, "2024-01-02T03:04:05Z");
	assert_string_equal(r.updated_at, "2024-02-03T04:05:06Z");
	registry_free(&r);
}

static void decode_null_string_members_read_as_absent(void **state)
{
	(void)state;
	registry r;
	decode_ok("{\"name\":null,\"description\":null,\"type\":null,\"project_id\":null,\"region_id\":null,"
	          "\"instance_id\":null,\"url\":null,\"status\":null,\"created_at\":null,\"updated_at\":null,"
	          "\"credential\":{\"type\":null,\"access_key\":null,\"access_secret\":null}}",
	          &r);
	assert_null(r.name);
	assert_null(r.description);
	assert_null(r.type);
	assert_null(r.project_id);
	assert_null(r.region_id);
	assert_null(r.instance_id);
	assert_null(r.url);
	assert_null(r.status);
	assert_null(r.created_at);
	assert_null(r.updated_at);
	assert_null(r.cred_type);
	assert_null(r.access_key);
	assert_null(r.access_secret);
	registry_free(&r);
}

static void decode_null_for_id_insecure_credential_dns_conf_reads_absent(void **state)
{
	(void)state;
	registry r;
	decode_ok("{\"id\":null,\"insecure\":null,\"credential\":null,\"dns_conf\":null}", &r);
	assert_false(r.has_id);
	assert_false(r.insecure);
	assert_null(r.access_key);
	assert_false(r.has_dns_conf);
	registry_free(&r);
	decode_ok("{\"dns_conf\":{\"hosts\":null}}", &r);
	assert_true(r.has_dns_conf);
	assert_int_equal(r.nhosts, 0);
	registry_free(&r);
}

static void decode_ignores_unknown_members(void **state)
{
	(void)state;
	registry r;
	decode_ok("{\"name\":\"n\",\"extra\":{\"deep\":[1,2,{\"x\":null}]},\"insecure\":false,\"other\":7}", &r);
	assert_string_equal(r.name, "n");
	assert_false(r.insecure);
	registry_free(&r);
}

static void decode_refuses_top_level_that_is_not_an_object(void **state)
{
	(void)state;
	decode_fails("[]", 2, "a registry must be a JSON object", false);
	decode_fails("\"name\"", 6, "a registry must be a JSON object", false);
	decode_fails("42", 2, "a registry must be a JSON object", false);
	decode_fails("null", 4, "a registry must be a JSON object", false);
}

static void decode_accepts_id_zero_and_largest_exact_integer(void **state)
{
	(void)state;
	registry r;
	decode_ok("{\"id\":0}", &r);
	assert_true(r.has_id);
	assert_int_equal(r.id, 0);
	registry_free(&r);
	decode_ok("{\"id\":9007199254740991}", &r);
	assert_true(r.id == 9007199254740991LL);
	registry_free(&r);
}

/* One row per known member given the wrong JSON type; each row is its own named test. */
typedef struct {
	const char *test_name;
	const char *json;
	const char *error;
} wrong_type_row;

static const wrong_type_row wrong_type_rows[] = {
	{ "decode_refuses_name_as_number", "{\"name\":1}", "member \"name\" must be a string" },
	{ "decode_refuses_description_as_boolean", "{\"description\":true}",
	  "member \"description\" must be a string" },
	{ "decode_refuses_type_as_array", "{\"type\":[\"swr-pro\"]}", "member \"type\" must be a string" },
	{ "decode_refuses_project_id_as_object", "{\"project_id\":{}}", "member \"project_id\" must be a string" },
	{ "decode_refuses_region_id_as_number", "{\"region_id\":4}", "member \"region_id\" must be a string" },
	{ "decode_refuses_instance_id_as_boolean", "{\"instance_id\":false}",
	  "member \"instance_id\" must be a string" },
	{ "decode_refuses_url_as_number", "{\"url\":80}", "member \"url\" must be a string" },
	{ "decode_refuses_status_as_number", "{\"status\":1}", "member \"status\" must be a string" },
	{ "decode_refuses_created_at_as_number", "{\"created_at\":1700000000}",
	  "member \"created_at\" must be a string" },
	{ "decode_refuses_updated_at_as_object", "{\"updated_at\":{}}", "member \"updated_at\" must be a string" },
	{ "decode_refuses_id_as_string", "{\"id\":\"12\"}", "member \"id\" must be an integer from 0 to 9007199254740991" },
	{ "decode_refuses_id_with_fraction", "{\"id\":1.5}", "member \"id\" must be an integer from 0 to 9007199254740991" },
	{ "decode_refuses_negative_id", "{\"id\":-1}", "member \"id\" must be an integer from 0 to 9007199254740991" },
	{ "decode_refuses_id_beyond_exact_range", "{\"id\":9007199254740992}",
	  "member \"id\" must be an integer from 0 to 9007199254740991" },
	{ "decode_refuses_huge_id", "{\"id\":1e400}", "member \"id\" must be an integer from 0 to 9007199254740991" },
	{ "decode_refuses_id_as_boolean", "{\"id\":true}", "member \"id\" must be an integer from 0 to 9007199254740991" },
	{ "decode_refuses_insecure_as_string", "{\"insecure\":\"true\"}", "member \"insecure\" must be a boolean" },
	{ "decode_refuses_insecure_as_number", "{\"insecure\":1}", "member \"insecure\" must be a boolean" },
	{ "decode_refuses_credential_as_string", "{\"credential\":\"basic\"}",
	  "member \"credential\" must be an object" },
	{ "decode_refuses_credential_as_array", "{\"credential\":[]}", "member \"credential\" must be an object" },
	{ "decode_refuses_credential_type_as_number", "{\"credential\":{\"type\":1}}",
	  "member \"credential.type\" must be a string" },
	{ "decode_refuses_credential_access_key_as_array", "{\"credential\":{\"access_key\":[]}}",
	  "member \"credential.access_key\" must be a string" },
	{ "decode_refuses_credential_access_secret_as_number", "{\"credential\":{\"access_secret\":123}}",
	  "member \"credential.access_secret\" must be a string" },
	{ "decode_refuses_dns_conf_as_array", "{\"dns_conf\":[]}", "member \"dns_conf\" must be an object" },
	{ "decode_refuses_dns_conf_hosts_as_array", "{\"dns_conf\":{\"hosts\":[\"a\"]}}",
	  "member \"dns_conf.hosts\" must be an object" },
	{ "decode_refuses_dns_conf_hosts_value_as_number", "{\"dns_conf\":{\"hosts\":{\"a.example.com\":1}}}",
	  "member \"dns_conf.hosts\": the value for \"a.example.com\" must be a string" },
	{ "decode_refuses_dns_conf_hosts_value_as_null", "{\"dns_conf\":{\"hosts\":{\"a.example.com\":null}}}",
	  "member \"dns_conf.hosts\": the value for \"a.example.com\" must be a string" },
	/* fuzz_registry_json regression: a domain with an escape character was quoted raw in the message */
	{ "decode_quotes_a_domain_with_an_escape_character_escaped", "{\"dns_conf\":{\"hosts\":{\"a\\u001b]0;x\":1}}}",
	  "member \"dns_conf.hosts\": the value for \"a\\x1b]0;x\" must be a string" },
	{ "decode_quotes_a_long_domain_cut_to_24_characters", "{\"dns_conf\":{\"hosts\":{\"abcdefghijklmnopqrstuvwxyz.example.com\":[]}}}",
	  "member \"dns_conf.hosts\": the value for \"abcdefghijklmnopqrstuvwx…\" must be a string" },
};

static void decode_refuses_wrong_member_type(void **state)
{
	const wrong_type_row *row = *state;
	decode_fails(row->json, strlen(row->json), row->error, false);
}

static void decode_drops_placeholder_secrets(void **state)
{
	(void)state;
	static const char *masked[] = {
		"{\"credential\":{\"access_key\":\"k\",\"access_secret\":\"\"}}",
		"{\"credential\":{\"access_key\":\"k\",\"access_secret\":\"*\"}}",
		"{\"credential\":{\"access_key\":\"k\",\"access_secret\":\"*****\"}}",
		"{\"credential\":{\"access_key\":\"k\",\"access_secret\":\"<redacted>\"}}",
	};
	for (size_t i = 0; i < sizeof masked / sizeof masked[0]; i++) {
		registry r;
		decode_ok(masked[i], &r);
		assert_string_equal(r.access_key, "k");
		assert_null(r.access_secret);
		registry_free(&r);
	}
}

static void decode_keeps_a_real_secret(void **state)
{
	(void)state;
	registry r;
	decode_ok("{\"credential\":{\"access_secret\":\"a*b\"}}", &r);
	assert_string_equal(r.access_secret, "a*b");
	registry_free(&r);
}

static void secret_is_placeholder_recognises_masks_only(void **state)
{
	(void)state;
	assert_true(registry_secret_is_placeholder(NULL));
	assert_true(registry_secret_is_placeholder(""));
	assert_true(registry_secret_is_placeholder("*"));
	assert_true(registry_secret_is_placeholder("********"));
	assert_true(registry_secret_is_placeholder("<redacted>"));
	assert_false(registry_secret_is_placeholder("secret"));
	assert_false(registry_secret_is_placeholder("**a"));
	assert_false(registry_secret_is_placeholder("a**"));
	assert_false(registry_secret_is_placeholder("* *"));
	assert_false(registry_secret_is_placeholder("<redacted>x"));
}

static void decode_refuses_nul_byte_before_len(void **state)
{
	(void)state;
	static const char text[] = "{\"name\":\"a\0b\"}";
	decode_fails(text, sizeof text - 1, "invalid JSON: the text contains a NUL byte at byte 10", false);
	/* a terminating NUL counted in len is a NUL byte too */
	decode_fails("{}", 3, "invalid JSON: the text contains a NUL byte at byte 2", false);
}

static void decode_refuses_escaped_nul_in_a_string(void **state)
{
	(void)state;
	const char *text = "{\"name\":\"ab\\u0000cd\"}";
	decode_fails(text, strlen(text), "a string contains a NUL character (\\u0000)", true);
	text = "{\"x\\u0000\":1}";
	decode_fails(text, strlen(text), "a string contains a NUL character (\\u0000)", true);
}

static void decode_keeps_escaped_backslash_followed_by_u0000_text(void **state)
{
	(void)state;
	registry r;
	decode_ok("{\"description\":\"a\\\\u0000\"}", &r);
	assert_string_equal(r.description, "a\\u0000");
	registry_free(&r);
}

static void decode_refuses_invalid_utf8_naming_the_member(void **state)
{
	(void)state;
	const char *text = "{\"name\":\"ab\xC3(\"}";
	decode_fails(text, strlen(text), "member \"name\" is not valid UTF-8", false);
	text = "{\"credential\":{\"access_key\":\"\xFF\"}}";
	decode_fails(text, strlen(text), "member \"credential.access_key\" is not valid UTF-8", false);
}

static void decode_refuses_invalid_utf8_in_an_unknown_member(void **state)
{
	(void)state;
	const char *text = "{\"name\":\"ok\",\"note\":\"\xE4\xB8\"}";
	decode_fails(text, strlen(text), "not valid UTF-8", true);
	text = "{\"k\xFE\":1}";
	decode_fails(text, strlen(text), "not valid UTF-8", true);
}

static void decode_refuses_overlong_surrogate_and_out_of_range_utf8(void **state)
{
	(void)state;
	static const char *texts[] = {
		"{\"name\":\"\xC0\xAF\"}",         /* overlong "/" */
		"{\"name\":\"\xE0\x80\xAF\"}",     /* overlong "/" in three bytes */
		"{\"name\":\"\xED\xA0\x80\"}",     /* UTF-16 surrogate D800 */
		"{\"name\":\"\xF4\x90\x80\x80\"}", /* U+110000 */
		"{\"name\":\"\x80\"}",             /* lone continuation byte */
	};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
		decode_fails(texts[i], strlen(texts[i]), "member \"name\" is not valid UTF-8", false);
}

static void decode_accepts_multibyte_utf8_and_escapes(void **state)
{
	(void)state;
	registry r;
	decode_ok("{\"name\":\"\xE9\x95\x9C\xE5\x83\x8F\",\"description\":\"\\u00e9\\ud83d\\ude00\\n\"}", &r);
	assert_string_equal(r.name, "\xE9\x95\x9C\xE5\x83\x8F");
	assert_string_equal(r.description, "\xC3\xA9\xF0\x9F\x98\x80\n");
	registry_free(&r);
}

static void decode_refuses_unpaired_surrogate_escape(void **state)
{
	(void)state;
	const char *text = "{\"name\":\"\\ud83d\"}";
	decode_fails(text, strlen(text), "unpaired UTF-16 surrogate", true);
	text = "{\"name\":\"\\ude00\"}";
	decode_fails(text, strlen(text), "unpaired UTF-16 surrogate", true);
}

static void decode_refuses_raw_control_character_in_a_string(void **state)
{
	(void)state;
	const char *text = "{\"name\":\"a\nb\"}";
	decode_fails(text, strlen(text), "invalid JSON at byte 10: control character in a string (it must be escaped)",
	             false);
}

static void decode_refuses_trailing_comma(void **state)
{
	(void)state;
	const char *text = "{\"name\":\"a\",}";
	decode_fails(text, strlen(text), "invalid JSON at byte 12: expected a member name", false);
	text = "{\"credential\":{\"type\":\"basic\",},\"name\":\"a\"}";
	decode_fails(text, strlen(text), "expected a member name", true);
	text = "{\"x\":[1,2,]}";
	decode_fails(text, strlen(text), "invalid JSON at byte 10: unexpected character", false);
}

static void decode_refuses_trailing_garbage(void **state)
{
	(void)state;
	decode_fails("{} x", 4, "invalid JSON at byte 3: unexpected data after the JSON value", false);
	decode_fails("{}{}", 4, "invalid JSON at byte 2: unexpected data after the JSON value", false);
	decode_fails("{}]", 3, "invalid JSON at byte 2: unexpected data after the JSON value", false);
}

static void decode_accepts_surrounding_whitespace(void **state)
{
	(void)state;
	registry r;
	decode_ok(" \r\n\t{\"name\":\"a\"} \n\t\r ", &r);
	assert_string_equal(r.name, "a");
	registry_free(&r);
}

static void decode_reads_only_len_bytes(void **state)
{
	(void)state;
	registry r;
	char err[128] = "";
	assert_int_equal(registry_from_json("{}garbage", 2, &r, err, sizeof err), 0);
	assert_null(r.name);
	registry_free(&r);
}

static void decode_refuses_incomplete_or_empty_text(void **state)
{
	(void)state;
	decode_fails("", 0, "invalid JSON: the text is empty", false);
	decode_fails("  \n", 3, "invalid JSON: the text is empty", false);
	decode_fails("{\"name\":\"a\"", 11, "invalid JSON at byte 11: unterminated object", false);
	decode_fails("{\"name\":\"a", 10, "invalid JSON at byte 10: unterminated string", false);
	decode_fails("{\"name\"}", 8, "invalid JSON at byte 7: expected ':' after a member name", false);
}

static void decode_refuses_numbers_outside_json_grammar(void **state)
{
	(void)state;
	static const char *texts[] = { "{\"id\":01}", "{\"id\":+1}", "{\"id\":.5}", "{\"id\":1.}",
		                       "{\"id\":1e}", "{\"id\":-}", "{\"id\":0x10}", "{\"id\":NaN}" };
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
		decode_fails(texts[i], strlen(texts[i]), "invalid JSON at byte", true);
}

static void decode_refuses_literals_outside_json_grammar(void **state)
{
	(void)state;
	decode_fails("{\"insecure\":True}", 17, "invalid JSON at byte 12: unexpected character", false);
	decode_fails("{\"insecure\":tru}", 16, "invalid JSON at byte 12: unexpected character", false);
	decode_fails("{'name':'a'}", 12, "invalid JSON at byte 1: expected a member name", false);
	decode_fails("{\"a\":\"\\x41\"}", 12, "invalid escape in a string", true);
}

static void decode_refuses_repeated_member(void **state)
{
	(void)state;
	const char *text = "{\"insecure\":true,\"insecure\":false}";
	decode_fails(text, strlen(text), "member \"insecure\" appears more than once", false);
	text = "{\"credential\":{\"access_key\":\"a\",\"access_key\":\"b\"}}";
	decode_fails(text, strlen(text), "member \"credential.access_key\" appears more than once", false);
}

/* The seed page's example request body, verbatim: note the comma before the last brace. */
static const char SEED_BODY[] = "{\n"
                                "  \"description\": \"\",\n"
                                "  \"insecure\": true,\n"
                                "  \"name\": \"test112\",\n"
                                "  \"type\": \"swr-pro-internal\",\n"
                                "  \"url\": \"https://testbasic-vwnajp.swr-pro.myhuaweicloud.com\",\n"
                                "  \"credential\": {\n"
                                "    \"type\": \"basic\",\n"
                                "    \"access_key\": \"AKIAIOSFODNN7...\",\n"
                                "    \"access_secret\": \"wJalrXUtnFEM...\"\n"
                                "  },\n"
                                "}";

static void decode_refuses_seed_example_body_with_trailing_comma(void **state)
{
	(void)state;
	decode_fails(SEED_BODY, strlen(SEED_BODY), "expected a member name", true);
}

static void decode_accepts_corrected_seed_example_body(void **state)
{
	(void)state;
	char fixed[sizeof SEED_BODY];
	memcpy(fixed, SEED_BODY, sizeof SEED_BODY);
	char *comma = strstr(fixed, "},\n}");
	assert_non_null(comma);
	comma[1] = ' ';
	registry r;
	decode_ok(fixed, &r);
	assert_string_equal(r.description, "");
	assert_true(r.insecure);
	assert_string_equal(r.name, "test112");
	assert_string_equal(r.type, "swr-pro-internal");
	assert_string_equal(r.url, "https://testbasic-vwnajp.swr-pro.myhuaweicloud.com");
	assert_string_equal(r.cred_type, "basic");
	assert_string_equal(r.access_key, "AKIAIOSFODNN7...");
	assert_string_equal(r.access_secret, "wJalrXUtnFEM...");
	assert_false(r.has_id);
	assert_false(r.has_dns_conf);
	registry_free(&r);
}

static void decode_dns_conf_keeps_host_order(void **state)
{
	(void)state;
	registry r;
	decode_ok("{\"dns_conf\":{\"hosts\":{\"z.example.com\":\"10.0.0.1\",\"a.example.com\":\"fd00::1\"}}}", &r);
	assert_true(r.has_dns_conf);
	assert_int_equal(r.nhosts, 2);
	assert_string_equal(r.hosts[0].domain, "z.example.com");
	assert_string_equal(r.hosts[0].ip, "10.0.0.1");
	assert_string_equal(r.hosts[1].domain, "a.example.com");
	assert_string_equal(r.hosts[1].ip, "fd00::1");
	registry_free(&r);
}

static void decode_empty_dns_conf_sets_flag_without_hosts(void **state)
{
	(void)state;
	registry r;
	decode_ok("{\"dns_conf\":{}}", &r);
	assert_true(r.has_dns_conf);
	assert_int_equal(r.nhosts, 0);
	registry_free(&r);
	decode_ok("{\"dns_conf\":{\"hosts\":{}}}", &r);
	assert_true(r.has_dns_conf);
	assert_int_equal(r.nhosts, 0);
	registry_free(&r);
	decode_ok("{\"name\":\"x\"}", &r);
	assert_false(r.has_dns_conf);
	registry_free(&r);
}

static void decode_error_after_partial_read_leaves_output_empty(void **state)
{
	(void)state;
	/* name, secret and hosts are read before insecure fails */
	const char *text = "{\"name\":\"n\",\"credential\":{\"access_secret\":\"s\"},"
	                   "\"dns_conf\":{\"hosts\":{\"a\":\"1.1.1.1\"}},\"insecure\":0}";
	decode_fails(text, strlen(text), "member \"insecure\" must be a boolean", false);
}

static void from_cjson_refuses_invalid_utf8_in_a_built_tree(void **state)
{
	(void)state;
	cJSON *o = cJSON_CreateObject();
	assert_non_null(o);
	assert_non_null(cJSON_AddStringToObject(o, "url", "https://\xFF"));
	registry r;
	char err[128] = "";
	assert_int_equal(registry_from_cjson(o, &r, err, sizeof err), -1);
	assert_string_equal(err, "member \"url\" is not valid UTF-8");
	assert_null(r.url);
	assert_int_equal(registry_from_cjson(NULL, &r, err, sizeof err), -1);
	assert_string_equal(err, "a registry must be a JSON object");
	cJSON_Delete(o);
}

/* ---- list decoding ---- */

static void list_decodes_items_and_total(void **state)
{
	(void)state;
	const char *text = "{\"registries\":[{\"id\":1,\"name\":\"a\",\"type\":\"swr-pro\"},"
	                   "{\"id\":2,\"name\":\"b\",\"credential\":{\"access_secret\":\"*****\"}}],\"total\":25}";
	registry_list l;
	char err[128] = "";
	assert_int_equal(registry_list_from_json(text, strlen(text), &l, err, sizeof err), 0);
	assert_int_equal(l.count, 2);
	assert_int_equal(l.total, 25);
	assert_int_equal(l.items[0].id, 1);
	assert_string_equal(l.items[0].name, "a");
	assert_string_equal(l.items[0].type, "swr-pro");
	assert_int_equal(l.items[1].id, 2);
	assert_string_equal(l.items[1].name, "b");
	assert_null(l.items[1].access_secret);
	registry_list_free(&l);
	assert_null(l.items);
	assert_int_equal(l.count, 0);
}

static void list_without_total_counts_items(void **state)
{
	(void)state;
	const char *text = "{\"registries\":[{\"name\":\"a\"},{\"name\":\"b\"},{\"name\":\"c\"}]}";
	registry_list l;
	char err[128] = "";
	assert_int_equal(registry_list_from_json(text, strlen(text), &l, err, sizeof err), 0);
	assert_int_equal(l.count, 3);
	assert_int_equal(l.total, 3);
	assert_string_equal(l.items[2].name, "c");
	registry_list_free(&l);
}

static void list_accepts_an_empty_page(void **state)
{
	(void)state;
	const char *text = "{\"registries\":[],\"total\":0}";
	registry_list l;
	char err[128] = "";
	assert_int_equal(registry_list_from_json(text, strlen(text), &l, err, sizeof err), 0);
	assert_int_equal(l.count, 0);
	assert_int_equal(l.total, 0);
	registry_list_free(&l);
}

static void list_fails_with(const char *text, const char *expected)
{
	registry_list l;
	char err[256] = "";
	assert_int_equal(registry_list_from_json(text, strlen(text), &l, err, sizeof err), -1);
	assert_string_equal(err, expected);
	assert_null(l.items);
	assert_int_equal(l.count, 0);
}

static void list_requires_registries_array(void **state)
{
	(void)state;
	list_fails_with("{\"total\":1}", "member \"registries\" is missing");
	list_fails_with("{\"registries\":null}", "member \"registries\" is missing");
	list_fails_with("{\"registries\":{}}", "member \"registries\" must be an array");
	list_fails_with("[]", "the list answer must be a JSON object");
}

static void list_item_error_names_its_index(void **state)
{
	(void)state;
	list_fails_with("{\"registries\":[{\"name\":\"a\"},{\"insecure\":\"no\"}]}",
	                "registries[1]: member \"insecure\" must be a boolean");
	list_fails_with("{\"registries\":[{},7]}", "registries[1] must be an object");
}

static void list_refuses_wrong_total(void **state)
{
	(void)state;
	list_fails_with("{\"registries\":[],\"total\":\"3\"}",
	                "member \"total\" must be an integer from 0 to 9007199254740991");
	list_fails_with("{\"registries\":[],\"total\":-2}",
	                "member \"total\" must be an integer from 0 to 9007199254740991");
}

static void list_refuses_trailing_comma_in_array(void **state)
{
	(void)state;
	list_fails_with("{\"registries\":[{},],\"total\":1}", "invalid JSON at byte 18: unexpected character");
}

/* ---- encoding ---- */

static void body_for_internal_has_fields_in_documented_order(void **state)
{
	(void)state;
	registry r;
	fill_body(&r, "swr-pro-internal");
	char *s = encode(&r, REGISTRY_JSON_BODY);
	assert_string_equal(s, "{\"name\":\"reg1\",\"description\":\"d\",\"type\":\"swr-pro-internal\","
	                       "\"project_id\":\"p1\",\"region_id\":\"cn-north-4\",\"instance_id\":\"i1\","
	                       "\"url\":\"https://t.example.com\",\"credential\":{\"type\":\"basic\","
	                       "\"access_key\":\"ak\",\"access_secret\":\"sk\"},\"insecure\":true}");
	free(s);
	registry_free(&r);
}

static void body_for_swr_pro_without_hosts_sends_empty_dns_conf(void **state)
{
	(void)state;
	registry r;
	fill_body(&r, "swr-pro");
	r.insecure = false;
	char *s = encode(&r, REGISTRY_JSON_BODY);
	assert_string_equal(s, "{\"name\":\"reg1\",\"description\":\"d\",\"type\":\"swr-pro\","
	                       "\"url\":\"https://t.example.com\",\"credential\":{\"type\":\"basic\","
	                       "\"access_key\":\"ak\",\"access_secret\":\"sk\"},\"dns_conf\":{\"hosts\":{}},"
	                       "\"insecure\":false}");
	free(s);
	registry_free(&r);
}

static void body_for_swr_pro_sends_hosts_in_order(void **state)
{
	(void)state;
	registry r;
	fill_body(&r, "swr-pro");
	assert_int_equal(registry_add_host(&r, "b.example.com", "10.0.0.2"), 0);
	assert_int_equal(registry_add_host(&r, "a.example.com", "::1"), 0);
	char *s = encode(&r, REGISTRY_JSON_BODY);
	assert_non_null(strstr(s, ",\"dns_conf\":{\"hosts\":{\"b.example.com\":\"10.0.0.2\","
	                          "\"a.example.com\":\"::1\"}},\"insecure\":true}"));
	free(s);
	registry_free(&r);
}

static void body_for_huawei_swr_sends_dns_conf_only_with_hosts(void **state)
{
	(void)state;
	registry r;
	fill_body(&r, "huawei-SWR");
	r.has_dns_conf = true; /* decoded dns_conf alone does not put it in the body */
	char *s = encode(&r, REGISTRY_JSON_BODY);
	assert_string_equal(s, "{\"name\":\"reg1\",\"description\":\"d\",\"type\":\"huawei-SWR\","
	                       "\"url\":\"https://t.example.com\",\"credential\":{\"type\":\"basic\","
	                       "\"access_key\":\"ak\",\"access_secret\":\"sk\"},\"insecure\":true}");
	free(s);
	assert_int_equal(registry_add_host(&r, "h.example.com", "1.2.3.4"), 0);
	s = encode(&r, REGISTRY_JSON_BODY);
	assert_non_null(strstr(s, "\"access_secret\":\"sk\"},\"dns_conf\":{\"hosts\":{\"h.example.com\":\"1.2.3.4\"}},"
	                          "\"insecure\":true}"));
	free(s);
	registry_free(&r);
}

static void body_hides_target_instance_fields_unless_internal(void **state)
{
	(void)state;
	static const char *types[] = { "swr-pro", "huawei-SWR", "made-up" };
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
		registry r;
		fill_body(&r, types[i]);
		char *s = encode(&r, REGISTRY_JSON_BODY);
		assert_null(strstr(s, "project_id"));
		assert_null(strstr(s, "region_id"));
		assert_null(strstr(s, "instance_id"));
		free(s);
		registry_free(&r);
	}
}

static void body_never_sends_read_only_fields(void **state)
{
	(void)state;
	registry r;
	fill_body(&r, "swr-pro-internal");
	char *s = encode(&r, REGISTRY_JSON_BODY);
	cJSON *tree = cJSON_Parse(s);
	assert_non_null(tree);
	assert_null(cJSON_GetObjectItemCaseSensitive(tree, "id"));
	assert_null(cJSON_GetObjectItemCaseSensitive(tree, "status"));
	assert_null(cJSON_GetObjectItemCaseSensitive(tree, "created_at"));
	assert_null(cJSON_GetObjectItemCaseSensitive(tree, "updated_at"));
	cJSON_Delete(tree);
	free(s);
	registry_free(&r);
}

static void body_fills_absent_strings_and_always_sends_insecure(void **state)
{
	(void)state;
	registry r;
	registry_init(&r);
	char *s = encode(&r, REGISTRY_JSON_BODY);
	assert_string_equal(s, "{\"name\":\"\",\"description\":\"\",\"type\":\"\",\"url\":\"\","
	                       "\"credential\":{\"type\":\"basic\",\"access_key\":\"\",\"access_secret\":\"\"},"
	                       "\"insecure\":false}");
	free(s);
	assert_int_equal(registry_set(&r.cred_type, ""), 0);
	assert_int_equal(registry_set(&r.type, "swr-pro-internal"), 0);
	s = encode(&r, REGISTRY_JSON_BODY);
	assert_string_equal(s, "{\"name\":\"\",\"description\":\"\",\"type\":\"swr-pro-internal\","
	                       "\"project_id\":\"\",\"region_id\":\"\",\"instance_id\":\"\",\"url\":\"\","
	                       "\"credential\":{\"type\":\"basic\",\"access_key\":\"\",\"access_secret\":\"\"},"
	                       "\"insecure\":false}");
	free(s);
	registry_free(&r);
}

static void body_redact_writes_placeholder_instead_of_secret(void **state)
{
	(void)state;
	registry r;
	fill_body(&r, "huawei-SWR");
	assert_int_equal(registry_set(&r.access_secret, "Very-Secret-9"), 0);
	char *s = encode(&r, REGISTRY_JSON_BODY | REGISTRY_JSON_REDACT_SECRET);
	assert_null(strstr(s, "Very-Secret-9"));
	assert_non_null(strstr(s, "\"credential\":{\"type\":\"basic\",\"access_key\":\"ak\","
	                          "\"access_secret\":\"<redacted>\"}"));
	free(s);
	registry_free(&r);
}

static void full_mode_has_no_secret_and_carries_read_only_fields(void **state)
{
	(void)state;
	registry r;
	fill_body(&r, "swr-pro-internal");
	assert_int_equal(registry_set(&r.access_secret, "Very-Secret-9"), 0);
	char *s = encode(&r, REGISTRY_JSON_FULL);
	assert_string_equal(s, "{\"id\":7,\"name\":\"reg1\",\"description\":\"d\",\"type\":\"swr-pro-internal\","
	                       "\"project_id\":\"p1\",\"region_id\":\"cn-north-4\",\"instance_id\":\"i1\","
	                       "\"url\":\"https://t.example.com\",\"credential\":{\"type\":\"basic\","
	                       "\"access_key\":\"ak\"},\"insecure\":true,\"status\":\"healthy\","
	                       "\"created_at\":\"2024\",\"updated_at\":\"2025\"}");
	assert_null(strstr(s, "access_secret"));
	assert_null(strstr(s, "Very-Secret-9"));
	free(s);
	/* REDACT changes nothing in FULL mode: there is no secret member at all */
	s = encode(&r, REGISTRY_JSON_FULL | REGISTRY_JSON_REDACT_SECRET);
	assert_null(strstr(s, "access_secret"));
	free(s);
	registry_free(&r);
}

static void full_mode_omits_absent_optional_members(void **state)
{
	(void)state;
	registry r;
	registry_init(&r);
	assert_int_equal(registry_set(&r.name, "n"), 0);
	assert_int_equal(registry_set(&r.type, "swr-pro"), 0);
	char *s = encode(&r, REGISTRY_JSON_FULL);
	assert_string_equal(s, "{\"name\":\"n\",\"description\":\"\",\"type\":\"swr-pro\",\"url\":\"\","
	                       "\"credential\":{\"type\":\"basic\",\"access_key\":\"\"},\"insecure\":false}");
	free(s);
	registry_free(&r);
}

static void full_mode_writes_dns_conf_when_decoded_or_with_hosts(void **state)
{
	(void)state;
	registry r;
	registry_init(&r);
	r.has_dns_conf = true;
	char *s = encode(&r, REGISTRY_JSON_FULL);
	assert_non_null(strstr(s, ",\"dns_conf\":{\"hosts\":{}},\"insecure\":false}"));
	free(s);
	r.has_dns_conf = false;
	assert_int_equal(registry_add_host(&r, "a", "1.1.1.1"), 0);
	s = encode(&r, REGISTRY_JSON_FULL);
	assert_non_null(strstr(s, ",\"dns_conf\":{\"hosts\":{\"a\":\"1.1.1.1\"}},\"insecure\":false}"));
	free(s);
	registry_free(&r);
}

static void full_mode_prints_largest_exact_id_digit_for_digit(void **state)
{
	(void)state;
	registry r;
	registry_init(&r);
	r.has_id = true;
	r.id = 9007199254740991LL;
	char *s = encode(&r, REGISTRY_JSON_FULL);
	assert_non_null(strstr(s, "{\"id\":9007199254740991,"));
	free(s);
	registry_free(&r);
}

static void pretty_output_is_indented_and_decodes_to_same_registry(void **state)
{
	(void)state;
	registry r, back;
	fill_body(&r, "swr-pro");
	assert_int_equal(registry_add_host(&r, "h.example.com", "10.0.0.1"), 0);
	char *s = encode(&r, REGISTRY_JSON_BODY | REGISTRY_JSON_PRETTY);
	assert_non_null(strchr(s, '\n'));
	assert_non_null(strstr(s, "\n\t\"name\":\t\"reg1\",\n"));
	decode_ok(s, &back);
	assert_body_fields_equal(&r, &back);
	free(s);
	registry_free(&r);
	registry_free(&back);
}

static void encode_escapes_quotes_backslashes_and_controls(void **state)
{
	(void)state;
	registry r, back;
	registry_init(&r);
	assert_int_equal(registry_set(&r.description, "a\"b\\c\nd\x01"), 0);
	char *s = encode(&r, REGISTRY_JSON_BODY);
	assert_non_null(strstr(s, "\"description\":\"a\\\"b\\\\c\\nd\\u0001\""));
	decode_ok(s, &back);
	assert_string_equal(back.description, "a\"b\\c\nd\x01");
	free(s);
	registry_free(&r);
	registry_free(&back);
}

static void encode_replaces_invalid_utf8_so_output_stays_valid_json(void **state)
{
	(void)state;
	registry r, back;
	registry_init(&r);
	assert_int_equal(registry_set(&r.name, "a\xFF" "b"), 0);
	assert_int_equal(registry_add_host(&r, "d\xC3", "1.1.1.1"), 0);
	char *s = encode(&r, REGISTRY_JSON_BODY);
	decode_ok(s, &back);
	assert_string_equal(back.name, "a\xEF\xBF\xBD" "b");
	assert_int_equal(back.nhosts, 1);
	assert_string_equal(back.hosts[0].domain, "d\xEF\xBF\xBD");
	free(s);
	registry_free(&r);
	registry_free(&back);
}

static void round_trip_keeps_body_fields_for_each_type(void **state)
{
	(void)state;
	static const char *types[] = { "swr-pro", "swr-pro-internal", "huawei-SWR" };
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
		for (int insecure = 0; insecure <= 1; insecure++) {
			registry r, back;
			fill_body(&r, types[i]);
			r.insecure = insecure != 0;
			assert_int_equal(registry_set(&r.name, "\xE9\x95\x9C\xE5\x83\x8F-1"), 0);
			assert_int_equal(registry_set(&r.access_secret, "p@ss \"w0rd\"\\"), 0);
			assert_int_equal(registry_add_host(&r, "a.example.com", "10.0.0.1"), 0);
			assert_int_equal(registry_add_host(&r, "b.example.com", "2001:db8::1"), 0);
			char *s = encode(&r, REGISTRY_JSON_BODY);
			decode_ok(s, &back);
			assert_body_fields_equal(&r, &back);
			free(s);
			registry_free(&r);
			registry_free(&back);
		}
	}
}

static void round_trip_of_full_mode_keeps_display_fields(void **state)
{
	(void)state;
	registry r, back;
	fill_body(&r, "swr-pro-internal");
	char *s = encode(&r, REGISTRY_JSON_FULL);
	decode_ok(s, &back);
	assert_true(back.has_id);
	assert_int_equal(back.id, 7);
	assert_string_equal(back.status, "healthy");
	assert_string_equal(back.created_at, "2024");
	assert_string_equal(back.updated_at, "2025");
	assert_string_equal(back.project_id, "p1");
	assert_null(back.access_secret);
	free(s);
	registry_free(&r);
	registry_free(&back);
}

static void to_cjson_builds_the_same_tree_as_the_text(void **state)
{
	(void)state;
	registry r;
	fill_body(&r, "swr-pro");
	cJSON *tree = registry_to_cjson(&r, REGISTRY_JSON_BODY);
	assert_non_null(tree);
	char *printed = cJSON_PrintUnformatted(tree);
	char *s = encode(&r, REGISTRY_JSON_BODY);
	assert_string_equal(printed, s);
	const cJSON *cred = cJSON_GetObjectItemCaseSensitive(tree, "credential");
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(cred, "access_secret")), "sk");
	free(printed);
	free(s);
	registry_cjson_free(tree);
	registry_cjson_free(NULL);
	assert_null(registry_to_cjson(NULL, 0));
	registry_free(&r);
}

/* A person's file: an unknown member at any level is refused with the nearest known one; what show
 * --json prints (id, status, timestamps) is accepted; the lenient decoder of answers still ignores it. */
static void input_decoder_refuses_unknown_members_with_the_nearest_known_one(void **state)
{
	(void)state;
	static const struct {
		const char *json, *words;
	} bad[] = {
		{"{\"name\":\"a\",\"descripton\":\"x\"}", "unknown member \"descripton\": did you mean \"description\"?"},
		{"{\"credential\":{\"acces_key\":\"k\"}}", "unknown member \"credential.acces_key\": did you mean \"credential.access_key\"?"},
		{"{\"access_secret\":\"s\"}", "unknown member \"access_secret\": did you mean \"credential.access_secret\"?"},
		{"{\"dns_conf\":{\"host\":{}}}", "unknown member \"dns_conf.host\": did you mean \"dns_conf.hosts\"?"},
		{"{\"Insecure\":true}", "unknown member \"Insecure\": did you mean \"insecure\"?"},
		{"{\"zz\":1}", "unknown member \"zz\": a registry holds only id, name,"},
		{"{\"credential\":{\"x\":1}}", "unknown member \"credential.x\": credential holds only type, access_key, access_secret"},
		{"{\"\\u001b]0;t\\u0007\":1}", "unknown member (its name, 6 bytes, is not shown)"},
		/* a password pasted as a member name is never repeated */
		{"{\"credential\":{\"Xy7pQw9Lm3\":1}}", "unknown member in credential (its name, 10 bytes, is not shown)"},
	};
	char err[512];
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		registry r;
		err[0] = '\0';
		if (registry_from_input_json(bad[i].json, strlen(bad[i].json), &r, err, sizeof err) == 0)
			fail_msg("expected %s to be refused", bad[i].json);
		if (!strstr(err, bad[i].words))
			fail_msg("for %s expected \"%s\", got \"%s\"", bad[i].json, bad[i].words, err);
		assert_null(r.name);
		assert_int_equal(registry_from_json(bad[i].json, strlen(bad[i].json), &r, err, sizeof err), 0);
		registry_free(&r);
	}
	const char *shown = "{\"id\":7,\"name\":\"h\",\"description\":\"d\",\"region_id\":\"\",\"instance_id\":\"\","
	                    "\"project_id\":\"p\",\"type\":\"swr-pro\",\"url\":\"https://h\",\"credential\":{\"type\":"
	                    "\"basic\",\"access_key\":\"k\",\"access_secret\":\"s\"},\"dns_conf\":{\"hosts\":{\"any."
	                    "domain\":\"192.0.2.1\"}},\"insecure\":false,\"status\":\"healthy\",\"created_at\":\"t\","
	                    "\"updated_at\":\"t\"}";
	registry r;
	assert_int_equal(registry_from_input_json(shown, strlen(shown), &r, err, sizeof err), 0);
	assert_true(r.has_id && r.id == 7);
	assert_string_equal(r.description, "d");
	assert_string_equal(r.access_secret, "s");
	assert_int_equal(r.nhosts, 1);
	registry_free(&r);
}

#define T(f) cmocka_unit_test(f)

static const struct CMUnitTest fixed_tests[] = {
	T(init_leaves_every_field_absent),
	T(input_decoder_refuses_unknown_members_with_the_nearest_known_one),
	T(set_copies_value_and_replaces_old),
	T(set_null_clears_field),
	T(set_with_field_own_value_keeps_valid_copy),
	T(add_host_appends_entries_in_order),
	T(remove_host_keeps_order_of_the_rest),
	T(remove_host_out_of_range_changes_nothing),
	T(remove_last_host_leaves_empty_list),
	T(copy_is_deep_and_equal),
	T(copy_of_empty_registry_is_empty),
	T(free_reinitialises_struct),
	T(type_from_string_is_exact_and_case_sensitive),
	T(type_names_and_labels_match_the_reference),
	T(type_label_of_an_unknown_type_is_empty),
	T(type_choices_list_every_type_with_or_without_its_label),
	T(id_parsing_accepts_decimal_digits_from_0_to_int32_max),
	T(id_parsing_refuses_signs_spaces_garbage_and_overflow),
	T(decode_reads_every_member_of_a_show_body),
	T(decode_null_string_members_read_as_absent),
	T(decode_null_for_id_insecure_credential_dns_conf_reads_absent),
	T(decode_ignores_unknown_members),
	T(decode_refuses_top_level_that_is_not_an_object),
	T(decode_accepts_id_zero_and_largest_exact_integer),
	T(decode_drops_placeholder_secrets),
	T(decode_keeps_a_real_secret),
	T(secret_is_placeholder_recognises_masks_only),
	T(decode_refuses_nul_byte_before_len),
	T(decode_refuses_escaped_nul_in_a_string),
	T(decode_keeps_escaped_backslash_followed_by_u0000_text),
	T(decode_refuses_invalid_utf8_naming_the_member),
	T(decode_refuses_invalid_utf8_in_an_unknown_member),
	T(decode_refuses_overlong_surrogate_and_out_of_range_utf8),
	T(decode_accepts_multibyte_utf8_and_escapes),
	T(decode_refuses_unpaired_surrogate_escape),
	T(decode_refuses_raw_control_character_in_a_string),
	T(decode_refuses_trailing_comma),
	T(decode_refuses_trailing_garbage),
	T(decode_accepts_surrounding_whitespace),
	T(decode_reads_only_len_bytes),
	T(decode_refuses_incomplete_or_empty_text),
	T(decode_refuses_numbers_outside_json_grammar),
	T(decode_refuses_literals_outside_json_grammar),
	T(decode_refuses_repeated_member),
	T(decode_refuses_seed_example_body_with_trailing_comma),
	T(decode_accepts_corrected_seed_example_body),
	T(decode_dns_conf_keeps_host_order),
	T(decode_empty_dns_conf_sets_flag_without_hosts),
	T(decode_error_after_partial_read_leaves_output_empty),
	T(from_cjson_refuses_invalid_utf8_in_a_built_tree),
	T(list_decodes_items_and_total),
	T(list_without_total_counts_items),
	T(list_accepts_an_empty_page),
	T(list_requires_registries_array),
	T(list_item_error_names_its_index),
	T(list_refuses_wrong_total),
	T(list_refuses_trailing_comma_in_array),
	T(body_for_internal_has_fields_in_documented_order),
	T(body_for_swr_pro_without_hosts_sends_empty_dns_conf),
	T(body_for_swr_pro_sends_hosts_in_order),
	T(body_for_huawei_swr_sends_dns_conf_only_with_hosts),
	T(body_hides_target_instance_fields_unless_internal),
	T(body_never_sends_read_only_fields),
	T(body_fills_absent_strings_and_always_sends_insecure),
	T(body_redact_writes_placeholder_instead_of_secret),
	T(full_mode_has_no_secret_and_carries_read_only_fields),
	T(full_mode_omits_absent_optional_members),
	T(full_mode_writes_dns_conf_when_decoded_or_with_hosts),
	T(full_mode_prints_largest_exact_id_digit_for_digit),
	T(pretty_output_is_indented_and_decodes_to_same_registry),
	T(encode_escapes_quotes_backslashes_and_controls),
	T(encode_replaces_invalid_utf8_so_output_stays_valid_json),
	T(round_trip_keeps_body_fields_for_each_type),
	T(round_trip_of_full_mode_keeps_display_fields),
	T(to_cjson_builds_the_same_tree_as_the_text),
};

#define N_FIXED (sizeof fixed_tests / sizeof fixed_tests[0])
#define N_ROWS (sizeof wrong_type_rows / sizeof wrong_type_rows[0])

int main(void)
{
	struct CMUnitTest tests[N_FIXED + N_ROWS];
	for (size_t i = 0; i < N_FIXED; i++)
		tests[i] = fixed_tests[i];
	for (size_t i = 0; i < N_ROWS; i++)
		tests[N_FIXED + i] = (struct CMUnitTest){ .name = wrong_type_rows[i].test_name,
			                                  .test_func = decode_refuses_wrong_member_type,
			                                  .initial_state = (void *)&wrong_type_rows[i] };
	return cmocka_run_group_tests(tests, NULL, NULL);
}
