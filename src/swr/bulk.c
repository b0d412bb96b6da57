/* bulk.c — credential rotation of many registries (selection by access key over every page; GET,
 * replace the credential, PUT), a failed request in one line for per-registry reports, and the export
 * form of a registry. Requests go one at a time through the caller's client (one connection). */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "swrtui/base/buf.h"
#include "swrtui/base/text.h"
#include "swrtui/swr/bulk.h"
#include "swrtui/swr/swr.h"

void bulk_targets_free(bulk_targets *t)
{
	for (size_t i = 0; t && i < t->count; i++)
		free(t->items[i].name);
	if (t) {
		free(t->items);
		t->items = NULL;
		t->count = 0;
	}
}

int bulk_targets_add(bulk_targets *t, long long id, const char *name)
{
	bulk_target *n = realloc(t->items, (t->count + 1) * sizeof *n);
	if (!n)
		return -1;
	t->items = n;
	char *copy = name ? strdup(name) : NULL;
	if (name && !copy)
		return -1;
	t->items[t->count].id = id;
	t->items[t->count].name = copy;
	t->count++;
	return 0;
}

typedef struct {
	const char *key;
	bulk_targets *out;
} select_ctx;

static int select_page(void *ctx, const registry_list *page, const api_result *res)
{
	(void)res;
	select_ctx *s = ctx;
	for (size_t i = 0; i < page->count; i++) {
		const registry *r = &page->items[i];
		if (r->access_key && strcmp(r->access_key, s->key) == 0 && bulk_targets_add(s->out, r->id, r->name) != 0)
			return -1;
	}
	return 0;
}

int bulk_select_by_access_key(api_client *c, const char *key, bulk_targets *out, api_result *res)
{
	memset(out, 0, sizeof *out);
	select_ctx s = {.key = key, .out = out};
	api_list_params p = {0};
	api_list_walk w;
	if (api_list_all_registries(c, &p, 0, select_page, &s, res, &w) != 0) {
		bulk_targets_free(out);
		return -1;
	}
	return 0;
}

int bulk_rotate_one(api_client *c, long long id, const char *new_key, const char *secret, registry *got,
                    api_result *res, bulk_step *step)
{
	*step = BULK_STEP_GET;
	if (api_show_registry(c, id, res, got) != 0)
		return -1;
	api_result_free(res);
	*step = BULK_STEP_PUT;
	registry put;
	if (registry_copy(&put, got) != 0 || (new_key && registry_set(&put.access_key, new_key) != 0) ||
	    registry_set(&put.access_secret, secret) != 0) {
		registry_free(&put);
		memset(res, 0, sizeof *res);
		res->transport = API_TRANSPORT_OTHER;
		res->transport_msg = strdup("out of memory");
		return -1;
	}
	int rc = api_update_registry(c, id, &put, res);
	registry_free(&put);
	return rc;
}

/* s printable, at most max characters, appended to b. */
static void put_printable(buf *b, const char *s, size_t max)
{
	char *p = text_printable(s ? s : "", s ? strlen(s) : 0, max, 0);
	buf_puts(b, p ? p : "");
	free(p);
}

char *bulk_failure_line(const api_result *res)
{
	buf b;
	buf_init(&b);
	if (res->transport != API_TRANSPORT_OK) {
		buf_puts(&b, api_transport_name(res->transport));
		buf_puts(&b, ": ");
		put_printable(&b, res->transport_msg ? res->transport_msg : "failed", 200);
	} else if (api_result_ok(res)) {
		buf_puts(&b, "malformed answer: ");
		put_printable(&b, res->transport_msg ? res->transport_msg : "unexpected body", 200);
	} else {
		buf_printf(&b, "HTTP %ld", res->status);
		if (res->error.code) {
			buf_putc(&b, ' ');
			put_printable(&b, res->error.code, 64);
		}
		if (res->error.msg) {
			buf_puts(&b, ": ");
			put_printable(&b, res->error.msg, 200);
		} else if (res->reason) {
			buf_putc(&b, ' ');
			put_printable(&b, res->reason, 64);
		}
	}
	return buf_take(&b);
}

cJSON *bulk_body_without_secret(const registry *r)
{
	registry copy;
	if (registry_copy(&copy, r) != 0)
		return NULL;
	registry_set(&copy.access_secret, NULL);
	cJSON *o = registry_to_cjson(&copy, REGISTRY_JSON_BODY);
	registry_free(&copy);
	return o;
}

cJSON *bulk_export_item(const registry *r)
{
	/* no secret is known, none is written: the body's credential loses access_secret entirely */
	cJSON *o = bulk_body_without_secret(r);
	if (!o)
		return NULL;
	cJSON *cred = cJSON_GetObjectItemCaseSensitive(o, "credential");
	cJSON_DeleteItemFromObjectCaseSensitive(cred, "access_secret");
	/* the id first, as show prints it, then the body's members moved over */
	cJSON *out = r->has_id ? cJSON_CreateObject() : NULL;
	if (!out || !cJSON_AddNumberToObject(out, "id", (double)r->id)) {
		cJSON_Delete(out);
		cJSON_Delete(o);
		return NULL;
	}
	while (o->child) {
		cJSON *item = cJSON_DetachItemViaPointer(o, o->child);
		cJSON_AddItemToObject(out, item->string, item);
	}
	cJSON_Delete(o);
	return out;
}
