/* cmd_list.c — `swrtui list`: the registries of the instance, page by page (100 at a time, within the
 * bounds of api_list_all_registries(): one --timeout for all pages, at most 10,000 registries, pages
 * that agree), as a table or (--json) as the service's own objects without secrets; --name, --type,
 * --order-by and --order filter and sort on the service's side. */
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "swrtui/base/text.h"
#include "cli_internal.h"

/* One table cell: printable, at most max characters, padded to width columns (display columns, so
 * that CJK names keep the table aligned). */
static void put_cell(FILE *out, const char *s, size_t max, size_t width)
{
	char *p = text_printable(s ? s : "", s ? strlen(s) : 0, max, 0);
	fputs(p ? p : "", out);
	for (size_t w = p ? text_width(p) : 0; w < width; w++)
		fputc(' ', out);
	free(p);
}

static void print_table_row(FILE *out, const registry *r)
{
	fprintf(out, "%-6lld ", r->id);
	put_cell(out, r->name, 40, 25);
	put_cell(out, r->type, 20, 18);
	put_cell(out, r->status, 12, 11);
	put_cell(out, r->url, 0, 0);
	fputc('\n', out);
}

typedef struct {
	cli_ctx *x;
	cJSON *arr; /* --json: the service's own objects, or NULL for the table */
} list_out;

/* One page as it arrives (api_list_all_registries() has checked it against the others). */
static int list_page(void *ctx, const registry_list *page, const api_result *res)
{
	list_out *lo = ctx;
	if (lo->arr) {
		cJSON *body = cli_service_json(res);
		cJSON *items = cJSON_GetObjectItemCaseSensitive(body, "registries");
		cJSON *it = items ? items->child : NULL;
		while (it) {
			cJSON *next = it->next;
			cJSON_AddItemToArray(lo->arr, cJSON_DetachItemViaPointer(items, it));
			it = next;
		}
		cJSON_Delete(body);
	}
	for (size_t i = 0; i < page->count && !lo->arr; i++)
		print_table_row(lo->x->out, &page->items[i]);
	return 0;
}

int cli_cmd_list(cli_ctx *x)
{
	cli_opts *o = x->o;
	if (o->type_filter && registry_type_from_string(o->type_filter) == REGISTRY_TYPE_UNKNOWN) {
		char types[128];
		fprintf(x->errf, "swrtui: --type must be %s\n", registry_type_choices(types, sizeof types, false));
		return CLI_EXIT_USAGE;
	}
	if (o->order_by && strcmp(o->order_by, "created_at") != 0 && strcmp(o->order_by, "updated_at") != 0 &&
	    strcmp(o->order_by, "name") != 0) {
		fprintf(x->errf, "swrtui: --order-by must be created_at, updated_at or name\n");
		return CLI_EXIT_USAGE;
	}
	if (o->order && strcmp(o->order, "asc") != 0 && strcmp(o->order, "desc") != 0) {
		fprintf(x->errf, "swrtui: --order must be asc or desc\n");
		return CLI_EXIT_USAGE;
	}
	int rc = cli_setup(x);
	if (rc)
		return rc;
	api_list_params p = {
		.name = o->name_filter,
		.type = o->type_filter,
		.order_column = o->order_by ? o->order_by : (o->order ? "created_at" : NULL),
		.order_type = o->order,
		.offset = 0,
		.limit = 100,
	};
	cJSON *doc = o->json ? cJSON_CreateObject() : NULL;
	cJSON *arr = doc ? cJSON_AddArrayToObject(doc, "registries") : NULL;
	if (o->json && !arr) {
		cJSON_Delete(doc);
		fprintf(x->errf, "swrtui: out of memory\n");
		return CLI_EXIT_USAGE;
	}
	if (!o->json)
		fprintf(x->out, "%-6s %-25s%-18s%-11s%s\n", "ID", "NAME", "TYPE", "STATUS", "URL");
	list_out lo = {x, arr};
	api_result res;
	api_list_walk w;
	if (api_list_all_registries(x->client, &p, 0, list_page, &lo, &res, &w) != 0) {
		rc = cli_report_failure(x, &res);
		api_result_free(&res);
		cJSON_Delete(doc);
		return rc;
	}
	api_result_free(&res);
	long long total = w.has_total ? w.total : (long long)w.seen;
	if (doc) {
		cJSON_AddNumberToObject(doc, "total", (double)total);
		cli_print_json(x, doc);
		cJSON_Delete(doc);
	}
	return CLI_EXIT_OK;
}
