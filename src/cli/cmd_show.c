/* cmd_show.c — `swrtui show ID`: one registry, field by field (the type with its label, the
 * swr-pro-internal fields only for that type), or (--json) the service's own object without secrets. */
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "swrtui/base/buf.h"
#include "swrtui/base/text.h"
#include "cli_internal.h"

static void show_line(FILE *out, const char *label, const char *value)
{
	char *v = text_printable(value ? value : "", value ? strlen(value) : 0, 0, 0);
	fprintf(out, "%-22s %s\n", label, v ? v : "");
	free(v);
}

int cli_cmd_show(cli_ctx *x)
{
	long long id;
	if (cli_parse_id(x, x->o->args[0], &id) != 0)
		return CLI_EXIT_USAGE;
	int rc = cli_setup(x);
	if (rc)
		return rc;
	api_result res;
	registry r;
	if (api_show_registry(x->client, id, &res, &r) != 0) {
		rc = cli_report_failure(x, &res);
		api_result_free(&res);
		registry_free(&r);
		return rc;
	}
	if (x->o->json) {
		cJSON *doc = cli_service_json(&res);
		cli_print_json(x, doc);
		cJSON_Delete(doc);
	}
	api_result_free(&res);
	if (!x->o->json) {
		FILE *out = x->out;
		char idbuf[32];
		snprintf(idbuf, sizeof idbuf, "%lld", r.id);
		show_line(out, "id", idbuf);
		show_line(out, "name", r.name);
		show_line(out, "description", r.description);
		registry_type t = registry_type_from_string(r.type);
		buf b;
		buf_init(&b);
		buf_printf(&b, "%s%s%s%s", r.type ? r.type : "", t ? " (" : "", t ? registry_type_label(t) : "", t ? ")" : "");
		char *tl = buf_take(&b);
		show_line(out, "type", tl);
		free(tl);
		if (t == REGISTRY_TYPE_SWR_PRO_INTERNAL) {
			show_line(out, "project_id", r.project_id);
			show_line(out, "region_id", r.region_id);
			show_line(out, "instance_id", r.instance_id);
		}
		show_line(out, "url", r.url);
		show_line(out, "credential.type", r.cred_type);
		show_line(out, "credential.access_key", r.access_key);
		show_line(out, "insecure", r.insecure ? "true" : "false");
		for (size_t i = 0; i < r.nhosts; i++) {
			buf_init(&b);
			buf_printf(&b, "%s -> %s", r.hosts[i].domain, r.hosts[i].ip);
			char *h = buf_take(&b);
			show_line(out, i == 0 ? "dns_conf.hosts" : "", h);
			free(h);
		}
		show_line(out, "status", r.status);
		show_line(out, "created_at", r.created_at);
		show_line(out, "updated_at", r.updated_at);
	}
	registry_free(&r);
	return CLI_EXIT_OK;
}
