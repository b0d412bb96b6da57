/* cmd_export.c — `swrtui export [--json]`: every registry of the instance (all pages, within the bounds
 * of the list) as one JSON document: an array of request bodies, each with its "id", and no secret at
 * all. Written only when every page came, so that a failure leaves nothing on stdout. */
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "swrtui/base/buf.h"
#include "swrtui/base/secret.h"
#include "swrtui/base/text.h"
#include "swrtui/swr/bulk.h"
#include "cli_internal.h"

typedef struct {
	buf text;
	size_t n;
} export_out;

/* One page: each registry printed as it arrives (the text, not a tree of every registry, is kept). */
static int export_page(void *ctx, const registry_list *page, const api_result *res)
{
	(void)res;
	export_out *e = ctx;
	for (size_t i = 0; i < page->count; i++) {
		cJSON *item = bulk_export_item(&page->items[i]);
		char *s = item ? cJSON_Print(item) : NULL;
		char *safe = s ? text_json_safe(s) : NULL;
		cJSON_Delete(item);
		free(s);
		if (!safe)
			return -1;
		buf_puts(&e->text, e->n++ ? ",\n" : "\n");
		buf_puts(&e->text, safe);
		free(safe);
	}
	return 0;
}

int cli_cmd_export(cli_ctx *x)
{
	int rc = cli_setup(x);
	if (rc)
		return rc;
	export_out e = {.n = 0};
	buf_init(&e.text);
	buf_putc(&e.text, '[');
	api_list_params p = {0};
	api_result res;
	api_list_walk w;
	if (api_list_all_registries(x->client, &p, 0, export_page, &e, &res, &w) != 0) {
		rc = cli_report_failure(x, &res);
		api_result_free(&res);
		buf_free(&e.text);
		return rc;
	}
	api_result_free(&res);
	buf_puts(&e.text, e.n ? "\n]\n" : "]\n");
	char *text = buf_take(&e.text);
	if (!text) {
		fprintf(x->errf, "swrtui: out of memory\n");
		return CLI_EXIT_USAGE;
	}
	fputs(text, x->out);
	free(text);
	return CLI_EXIT_OK;
}
