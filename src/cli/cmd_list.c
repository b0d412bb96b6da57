/* cmd_list.c — `swrtui list`: the registries of the instance, page by page (100 at a time, within the
 * bounds of api_list_all_registries(): one --timeout for all pages, at most 10,000 registries, pages
 * that agree), as a table or tab-separated lines or (--json) as the service's own objects without
 * secrets; --name, --type, --order-by and --order filter and sort on the service's side. */
#define _DEFAULT_SOURCE /* fileno */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "swrtui/base/buf.h"
#include "swrtui/base/text.h"
#include "cli_internal.h"

/* ---- the output: rows are gathered and written only when every page came, so that stdout carries
 * results and nothing on a failure ---- */

/* Where the rows go: a tab-separated listing for scripts (stdout is not a terminal), or the aligned
 * table for a person. */
typedef struct {
	buf text;
	bool table;
	cJSON *arr; /* --json: the service's own objects gathered here instead */
} list_out;

/* The aligned table's columns (display columns, so that CJK names keep it aligned); the URL is last
 * and whole. A value that does not fit is cut with "…", and a space always follows a cell. */
enum { COL_ID = 6, COL_NAME = 24, COL_TYPE = 16, COL_STATUS = 10 };

/* A value as a script reads it: whole, control characters (tab and newline included) escaped, so that
 * a tab only ever separates fields and a newline only ends a row. */
static void put_field(buf *b, const char *s)
{
	char *p = text_printable(s ? s : "", s ? strlen(s) : 0, 0, 0);
	buf_puts(b, p ? p : "");
	free(p);
}

/* One table cell and the space after it: printable, padded to width columns; a longer value is cut to
 * width-1 columns and "…". */
static void put_cell(buf *b, const char *s, size_t width)
{
	char *p = text_printable(s ? s : "", s ? strlen(s) : 0, 0, 0);
	const char *t = p ? p : "";
	size_t n = strlen(t), i = 0, w = 0;
	bool cut = text_width(t) > width;
	while (i < n) {
		unsigned cp;
		size_t len = text_utf8_decode((const unsigned char *)t + i, n - i, &cp);
		size_t cw = len ? (size_t)text_cp_width(cp) : 1;
		if (!len)
			len = 1;
		if (cut && w + cw > width - 1)
			break;
		buf_append(b, t + i, len);
		w += cw;
		i += len;
	}
	if (cut) {
		buf_puts(b, "\xe2\x80\xa6");
		w++;
	}
	for (; w < width; w++)
		buf_putc(b, ' ');
	buf_putc(b, ' ');
	free(p);
}

static void list_out_init(list_out *lo, FILE *out)
{
	buf_init(&lo->text);
	lo->arr = NULL;
	lo->table = isatty(fileno(out));
	if (lo->table)
		buf_printf(&lo->text, "%-*s %-*s %-*s %-*s %s\n", COL_ID, "ID", COL_NAME, "NAME", COL_TYPE, "TYPE",
		           COL_STATUS, "STATUS", "URL");
	else
		buf_puts(&lo->text, "ID\tNAME\tTYPE\tSTATUS\tURL\n");
}

static void list_out_row(list_out *lo, const registry *r)
{
	buf *b = &lo->text;
	if (!lo->table) {
		buf_printf(b, "%lld\t", r->id);
		put_field(b, r->name);
		buf_putc(b, '\t');
		put_field(b, r->type);
		buf_putc(b, '\t');
		put_field(b, r->status);
		buf_putc(b, '\t');
		put_field(b, r->url);
		buf_putc(b, '\n');
		return;
	}
	buf_printf(b, "%-*lld ", COL_ID, r->id);
	put_cell(b, r->name, COL_NAME);
	put_cell(b, r->type, COL_TYPE);
	put_cell(b, r->status, COL_STATUS);
	put_field(b, r->url);
	buf_putc(b, '\n');
}

/* Writes the gathered rows; 0, or an exit code after saying why. */
static int list_out_flush(cli_ctx *x, list_out *lo)
{
	char *text = buf_take(&lo->text);
	if (!text) {
		fprintf(x->errf, "swrtui: out of memory\n");
		return CLI_EXIT_USAGE;
	}
	fputs(text, x->out);
	free(text);
	return CLI_EXIT_OK;
}

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
		return 0;
	}
	for (size_t i = 0; i < page->count; i++)
		list_out_row(lo, &page->items[i]);
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
	list_out lo;
	list_out_init(&lo, x->out);
	lo.arr = arr;
	api_result res;
	api_list_walk w;
	if (api_list_all_registries(x->client, &p, 0, list_page, &lo, &res, &w) != 0) {
		rc = cli_report_failure(x, &res);
		api_result_free(&res);
		cJSON_Delete(doc);
		buf_free(&lo.text);
		return rc;
	}
	api_result_free(&res);
	long long total = w.has_total ? w.total : (long long)w.seen;
	if (doc) {
		cJSON_AddNumberToObject(doc, "total", (double)total);
		cli_print_json(x, doc);
		cJSON_Delete(doc);
		buf_free(&lo.text);
		return CLI_EXIT_OK;
	}
	return list_out_flush(x, &lo);
}
