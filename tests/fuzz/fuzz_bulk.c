/* fuzz_bulk.c — libFuzzer target for the files an import reads: the same bytes as a secrets file
 * (JSON object or "name = secret" lines) and as an export document, then the plan of that document
 * against itself and against nothing. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include <cjson/cJSON.h>

#include "swrtui/swr/bulk.h"

static void check_secrets(const uint8_t *data, size_t size)
{
	bulk_secrets s;
	char err[256];
	err[0] = '\0';
	if (bulk_secrets_parse((const char *)data, size, &s, err, sizeof err) != 0) {
		FUZZ_ASSERT(err[0] != '\0');
		FUZZ_ASSERT(s.count == 0 && !s.names && !s.secrets);
		/* a message never quotes a secret: it names a line or a member by number */
		FUZZ_ASSERT(strncmp(err, "line ", 5) == 0 || strncmp(err, "member ", 7) == 0 ||
		            strncmp(err, "the secrets file", 16) == 0 || strcmp(err, "out of memory") == 0);
		return;
	}
	for (size_t i = 0; i < s.count; i++) {
		FUZZ_ASSERT(s.names[i][0] != '\0' && s.secrets[i][0] != '\0');
		FUZZ_ASSERT(bulk_secrets_find(&s, s.names[i]) == s.secrets[i]);
	}
	bulk_secrets_free(&s);
}

static void check_document(const uint8_t *data, size_t size)
{
	registry *list;
	size_t n;
	char err[512];
	err[0] = '\0';
	if (bulk_import_parse((const char *)data, size, &list, &n, err, sizeof err) != 0) {
		FUZZ_ASSERT(err[0] != '\0');
		return;
	}
	bulk_plan plan;
	if (bulk_plan_build(list, n, list, n, true, &plan, err, sizeof err) == 0) {
		FUZZ_ASSERT(plan.count == n && plan.unchanged == n);
		bulk_plan_free(&plan);
	}
	if (bulk_plan_build(list, n, NULL, 0, true, &plan, err, sizeof err) == 0) {
		FUZZ_ASSERT(plan.count == n && plan.creates == n);
		bulk_plan_free(&plan);
	}
	for (size_t i = 0; i < n; i++) {
		cJSON *item = list[i].has_id ? bulk_export_item(&list[i]) : NULL;
		FUZZ_ASSERT(!item || !cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(item, "credential"),
		                                                        "access_secret"));
		cJSON_Delete(item);
	}
	bulk_registries_free(list, n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_secrets(data, size);
	check_document(data, size);
	return 0;
}
