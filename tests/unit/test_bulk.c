/* test_bulk.c — unit tests of the pure parts of bulk changes (bulk.c, bulk_plan.c): the fields an
 * import would change, the plan by name (create, update, unchanged, delete with prune; names given
 * twice refused), the export document's strict decoding, the export item (no secret at all), and the
 * secrets file in both forms (no message quotes a secret). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <cmocka.h>

#include "swrtui/swr/bulk.h"

static void make(registry *r, long long id, const char *name, const char *url, const char *key)
{
	registry_init(r);
	r->id = id;
	r->has_id = true;
	registry_set(&r->name, name);
	registry_set(&r->type, "huawei-SWR");
	registry_set(&r->url, url);
	registry_set(&r->cred_type, "basic");
	registry_set(&r->access_key, key);
}

static void test_diff_names_the_changed_fields_and_never_the_secret(void **state)
{
	(void)state;
	registry a, b;
	make(&a, 1, "x", "https://a.example.com", "k1");
	make(&b, 9, "x", "https://a.example.com", "k1");
	registry_set(&a.access_secret, "one");
	registry_set(&b.access_secret, "two");
	char out[256];
	assert_int_equal(bulk_registry_diff(&a, &b, out, sizeof out), 0);
	assert_string_equal(out, "");
	registry_set(&b.url, "https://b.example.com");
	registry_set(&b.access_key, "k2");
	assert_int_equal(bulk_registry_diff(&a, &b, out, sizeof out), 2);
	assert_string_equal(out, "url, credential.access_key");
	registry_free(&a);
	registry_free(&b);
}

static void test_plan_matches_by_name_and_deletes_only_with_prune(void **state)
{
	(void)state;
	registry want[3], have[3];
	make(&want[0], 100, "same", "https://s.example.com", "k");
	make(&want[1], 101, "moved", "https://new.example.com", "k");
	make(&want[2], 102, "fresh", "https://f.example.com", "k");
	make(&have[0], 1, "moved", "https://old.example.com", "k");
	make(&have[1], 2, "same", "https://s.example.com", "k");
	make(&have[2], 3, "extra", "https://e.example.com", "k");
	bulk_plan plan;
	char err[128];
	assert_int_equal(bulk_plan_build(want, 3, have, 3, false, &plan, err, sizeof err), 0);
	assert_int_equal(plan.count, 3);
	assert_int_equal(plan.items[0].action, BULK_UNCHANGED);
	assert_int_equal(plan.items[0].id, 2);
	assert_int_equal(plan.items[1].action, BULK_UPDATE);
	assert_int_equal(plan.items[1].id, 1);
	assert_string_equal(plan.items[1].changed, "url");
	assert_int_equal(plan.items[2].action, BULK_CREATE);
	assert_int_equal(plan.items[2].id, -1);
	bulk_plan_free(&plan);
	assert_int_equal(bulk_plan_build(want, 3, have, 3, true, &plan, err, sizeof err), 0);
	assert_int_equal(plan.count, 4);
	assert_int_equal(plan.items[3].action, BULK_DELETE);
	assert_string_equal(plan.items[3].name, "extra");
	assert_int_equal(plan.deletes, 1);
	assert_int_equal(plan.creates, 1);
	bulk_plan_free(&plan);
	registry_set(&want[2].name, "same");
	assert_int_equal(bulk_plan_build(want, 3, have, 3, false, &plan, err, sizeof err), -1);
	assert_string_equal(err, "the file: the name of registry 3 is given twice (names must be unique)");
	for (int i = 0; i < 3; i++) {
		registry_free(&want[i]);
		registry_free(&have[i]);
	}
}

static void test_export_item_has_the_id_and_no_secret_member(void **state)
{
	(void)state;
	registry r;
	make(&r, 7, "x", "https://a.example.com", "k");
	registry_set(&r.access_secret, "hunter2");
	cJSON *o = bulk_export_item(&r);
	assert_non_null(o);
	assert_string_equal(o->child->string, "id");
	assert_int_equal((int)cJSON_GetObjectItem(o, "id")->valuedouble, 7);
	cJSON *cred = cJSON_GetObjectItem(o, "credential");
	assert_non_null(cJSON_GetObjectItem(cred, "access_key"));
	assert_null(cJSON_GetObjectItem(cred, "access_secret"));
	char *text = cJSON_PrintUnformatted(o);
	assert_null(strstr(text, "hunter2"));
	free(text);
	cJSON_Delete(o);
	registry_free(&r);
}

static void test_import_document_is_decoded_strictly(void **state)
{
	(void)state;
	registry *list;
	size_t n;
	char err[256];
	const char *ok = "[{\"id\":3,\"name\":\"a\",\"type\":\"huawei-SWR\",\"url\":\"https://a.example.com\","
	                 "\"credential\":{\"type\":\"basic\",\"access_key\":\"k\"},\"insecure\":false}]";
	assert_int_equal(bulk_import_parse(ok, strlen(ok), &list, &n, err, sizeof err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].name, "a");
	bulk_registries_free(list, n);
	const char *typo = "[{\"name\":\"a\"},{\"nmae\":\"b\"}]";
	assert_int_equal(bulk_import_parse(typo, strlen(typo), &list, &n, err, sizeof err), -1);
	assert_non_null(strstr(err, "registry 2: unknown member \"nmae\""));
	const char *obj = "{\"registries\":[]}";
	assert_int_equal(bulk_import_parse(obj, strlen(obj), &list, &n, err, sizeof err), -1);
	assert_string_equal(err, "the document must be a JSON array of registries (as export writes)");
}

static void test_secrets_file_as_lines_or_json(void **state)
{
	(void)state;
	bulk_secrets s;
	char err[128];
	const char *lines = "# comment\n\n  harbor = s3cr=t  \r\nother=x\n";
	assert_int_equal(bulk_secrets_parse(lines, strlen(lines), &s, err, sizeof err), 0);
	assert_int_equal(s.count, 2);
	assert_string_equal(bulk_secrets_find(&s, "harbor"), "s3cr=t");
	assert_string_equal(bulk_secrets_find(&s, "other"), "x");
	assert_null(bulk_secrets_find(&s, "none"));
	bulk_secrets_free(&s);
	const char *json = " {\"a\": \"1\", \"镜像\": \"2\"}";
	assert_int_equal(bulk_secrets_parse(json, strlen(json), &s, err, sizeof err), 0);
	assert_string_equal(bulk_secrets_find(&s, "镜像"), "2");
	bulk_secrets_free(&s);
}

static void test_secrets_file_errors_never_quote_a_secret(void **state)
{
	(void)state;
	bulk_secrets s;
	char err[128];
	const char *pasted = "a = 1\nPastedSecretWithoutName\n";
	assert_int_equal(bulk_secrets_parse(pasted, strlen(pasted), &s, err, sizeof err), -1);
	assert_string_equal(err, "line 2: not \"name = secret\"");
	const char *twice = "a = 1\na = 2\n";
	assert_int_equal(bulk_secrets_parse(twice, strlen(twice), &s, err, sizeof err), -1);
	assert_string_equal(err, "line 2: a name given twice");
	const char *empty = "a =   \n";
	assert_int_equal(bulk_secrets_parse(empty, strlen(empty), &s, err, sizeof err), -1);
	assert_string_equal(err, "line 1: the secret is empty");
	const char *num = "{\"a\": 12345}";
	assert_int_equal(bulk_secrets_parse(num, strlen(num), &s, err, sizeof err), -1);
	assert_string_equal(err, "member 1: the secret must be a string");
	assert_int_equal(s.count, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_diff_names_the_changed_fields_and_never_the_secret),
	    cmocka_unit_test(test_plan_matches_by_name_and_deletes_only_with_prune),
	    cmocka_unit_test(test_export_item_has_the_id_and_no_secret_member),
	    cmocka_unit_test(test_import_document_is_decoded_strictly),
	    cmocka_unit_test(test_secrets_file_as_lines_or_json),
	    cmocka_unit_test(test_secrets_file_errors_never_quote_a_secret),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
