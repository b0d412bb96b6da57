/* cmd_instances.c — `swrtui instances`: the SWR Enterprise Edition instances of the project (every page,
 * bounded: swr_list_instances), as a table (name, id, status, spec, version, access address), tab-separated
 * lines for scripts, or (--json) the service's own objects. */
#define _DEFAULT_SOURCE /* fileno */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "swrtui/base/buf.h"
#include "swrtui/base/text.h"
#include "swrtui/swr/instances.h"
#include "cli_internal.h"

enum { INST_COLS = 6 };
static const char *const inst_head[INST_COLS] = {"NAME", "ID", "STATUS", "SPEC", "VERSION", "ACCESS ADDRESS"};

static void inst_cells(const swr_instance *in, const char *cell[INST_COLS])
{
	cell[0] = in->name;
	cell[1] = in->id;
	cell[2] = in->status;
	cell[3] = in->spec;
	cell[4] = in->version;
	cell[5] = in->access_address;
}

/* Pads printable p to width display columns (the last column is not padded). */
static void put_padded(buf *b, const char *p, size_t width, bool last)
{
	buf_puts(b, p);
	if (last)
		return;
	for (size_t w = text_width(p); w < width + 2; w++)
		buf_putc(b, ' ');
}

/* The aligned table for a person: every column as wide as its widest value (nothing is cut). */
static void instances_table(buf *b, const swr_instance_list *l)
{
	size_t width[INST_COLS];
	char **shown = calloc(l->count * INST_COLS + 1, sizeof *shown);
	for (int k = 0; k < INST_COLS; k++)
		width[k] = strlen(inst_head[k]);
	for (size_t i = 0; shown && i < l->count; i++) {
		const char *cell[INST_COLS];
		inst_cells(&l->items[i], cell);
		for (int k = 0; k < INST_COLS; k++) {
			char *p = text_printable(cell[k], strlen(cell[k]), 64, 0);
			shown[i * INST_COLS + (size_t)k] = p;
			if (p && text_width(p) > width[k])
				width[k] = text_width(p);
		}
	}
	for (int k = 0; k < INST_COLS; k++)
		put_padded(b, inst_head[k], width[k], k == INST_COLS - 1);
	buf_putc(b, '\n');
	for (size_t i = 0; shown && i < l->count; i++) {
		for (int k = 0; k < INST_COLS; k++) {
			const char *p = shown[i * INST_COLS + (size_t)k];
			put_padded(b, p ? p : "", width[k], k == INST_COLS - 1);
		}
		buf_putc(b, '\n');
	}
	for (size_t i = 0; shown && i < l->count * INST_COLS; i++)
		free(shown[i]);
	free(shown);
}

/* For scripts: a header line, then one line per instance, fields separated by one tab, never cut, control
 * characters escaped (\xNN). */
static void instances_lines(buf *b, const swr_instance_list *l)
{
	for (int k = 0; k < INST_COLS; k++)
		buf_printf(b, "%s%s", inst_head[k], k == INST_COLS - 1 ? "\n" : "\t");
	for (size_t i = 0; i < l->count; i++) {
		const char *cell[INST_COLS];
		inst_cells(&l->items[i], cell);
		for (int k = 0; k < INST_COLS; k++) {
			char *p = text_printable(cell[k], strlen(cell[k]), 0, 0);
			buf_printf(b, "%s%s", p ? p : "", k == INST_COLS - 1 ? "\n" : "\t");
			free(p);
		}
	}
}

static void instances_json(cli_ctx *x, const swr_instance_list *l)
{
	cJSON *doc = cJSON_CreateObject();
	cJSON *arr = cJSON_AddArrayToObject(doc, "instances");
	for (size_t i = 0; arr && i < l->count; i++)
		cJSON_AddItemToArray(arr, cJSON_Parse(l->items[i].json));
	cJSON_AddNumberToObject(doc, "total", (double)l->count);
	cli_print_json(x, doc);
	cJSON_Delete(doc);
}

int cli_cmd_instances(cli_ctx *x)
{
	int rc = cli_setup(x);
	if (rc != 0)
		return rc;
	swr_instance_list l;
	api_result res;
	if (swr_list_instances(x->client, &res, &l) != 0) {
		rc = cli_report_failure(x, &res);
		api_result_free(&res);
		return rc;
	}
	api_result_free(&res);
	if (x->o->json) {
		instances_json(x, &l);
	} else {
		buf b;
		buf_init(&b);
		if (isatty(fileno(x->out)))
			instances_table(&b, &l);
		else
			instances_lines(&b, &l);
		if (b.data)
			fputs(b.data, x->out);
		buf_free(&b);
		if (l.count == 0)
			fprintf(x->errf, "swrtui: the project has no SWR Enterprise Edition instance in this region\n");
	}
	swr_instance_list_free(&l);
	return CLI_EXIT_OK;
}
