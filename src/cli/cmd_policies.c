/* cmd_policies.c — `swrtui policies ID`: the replication policies that use registry ID (as their
 * source or their destination, said for each), with their trigger, whether they are enabled, and
 * their last run (status, succeeded/failed/total, status_text, when); --json prints the same as one
 * object. Exit 0 when listed, failed runs included: a failed run is information, not an error. */
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "swrtui/base/text.h"
#include "swrtui/swr/replication.h"
#include "cli_internal.h"

/* Which side of policy p registry id is. */
static void print_safe(FILE *out, const char *pre, const char *s, const char *post)
{
	char *v = text_printable(s ? s : "", s ? strlen(s) : 0, 200, 0);
	fprintf(out, "%s%s%s", pre, v ? v : "", post);
	free(v);
}

static void print_trigger(FILE *out, const repl_policy *p)
{
	print_safe(out, "   trigger ", *p->trigger_type ? p->trigger_type : "(none)", "");
	if (*p->cron)
		print_safe(out, " (cron ", p->cron, ")");
	fprintf(out, ", %s\n", p->enabled ? "enabled" : "disabled");
}

static void print_last(FILE *out, const repl_execution *e, int has)
{
	if (!has) {
		fprintf(out, "   last run: never run\n");
		return;
	}
	repl_status st = repl_status_of(e->status);
	fprintf(out, " %c last run %lld: ", st == REPL_FAILED ? '!' : ' ', e->id);
	print_safe(out, "", e->status, "");
	fprintf(out, ", %lld succeeded, %lld failed of %lld", e->succeed, e->failed, e->total);
	print_safe(out, ", started ", e->created_at, "\n");
	if (*e->status_text)
		print_safe(out, "   status_text: ", e->status_text, "\n");
}

static void print_policy(FILE *out, long long id, const repl_policy *p, const repl_execution *e, int has)
{
	fprintf(out, "%lld ", p->id);
	print_safe(out, "", p->name, "");
	fprintf(out, "  (registry %lld is its %s)\n", id, repl_role_of(p, id));
	print_trigger(out, p);
	print_last(out, e, has);
}

static cJSON *execution_json(const repl_execution *e)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "id", (double)e->id);
	cJSON_AddNumberToObject(o, "policy_id", (double)e->policy_id);
	cJSON_AddStringToObject(o, "status", e->status);
	cJSON_AddStringToObject(o, "status_text", e->status_text);
	cJSON_AddStringToObject(o, "trigger", e->trigger);
	cJSON_AddNumberToObject(o, "total", (double)e->total);
	cJSON_AddNumberToObject(o, "succeed", (double)e->succeed);
	cJSON_AddNumberToObject(o, "failed", (double)e->failed);
	cJSON_AddNumberToObject(o, "in_progress", (double)e->in_progress);
	cJSON_AddNumberToObject(o, "stopped", (double)e->stopped);
	cJSON_AddStringToObject(o, "created_at", e->created_at);
	cJSON_AddStringToObject(o, "updated_at", e->updated_at);
	return o;
}

static cJSON *policy_json(long long id, const repl_policy *p, const repl_execution *e, int has)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "id", (double)p->id);
	cJSON_AddStringToObject(o, "name", p->name);
	cJSON_AddStringToObject(o, "description", p->description);
	cJSON_AddBoolToObject(o, "enabled", p->enabled);
	cJSON_AddStringToObject(o, "role", repl_role_of(p, id));
	cJSON_AddNumberToObject(cJSON_AddObjectToObject(o, "src_registry"), "id", (double)p->src_registry);
	cJSON_AddNumberToObject(cJSON_AddObjectToObject(o, "dest_registry"), "id", (double)p->dest_registry);
	cJSON_AddStringToObject(o, "dest_namespace", p->dest_namespace);
	cJSON *trig = cJSON_AddObjectToObject(o, "trigger");
	cJSON_AddStringToObject(trig, "type", p->trigger_type);
	if (*p->cron)
		cJSON_AddStringToObject(cJSON_AddObjectToObject(trig, "trigger_settings"), "cron", p->cron);
	cJSON_AddBoolToObject(o, "override", p->override);
	cJSON_AddStringToObject(o, "created_at", p->created_at);
	cJSON_AddStringToObject(o, "updated_at", p->updated_at);
	cJSON_AddItemToObject(o, "last_execution", has ? execution_json(e) : cJSON_CreateNull());
	return o;
}

int cli_cmd_policies(cli_ctx *x)
{
	long long id;
	if (cli_parse_id(x, x->o->args[0], &id) != 0)
		return CLI_EXIT_USAGE;
	int rc = cli_setup(x);
	if (rc)
		return rc;
	api_result res;
	repl_policy_list l;
	if (api_list_repl_policies(x->client, id, &res, &l) != 0) {
		rc = cli_report_failure(x, &res);
		api_result_free(&res);
		return rc;
	}
	api_result_free(&res);
	cJSON *doc = x->o->json ? cJSON_CreateObject() : NULL;
	cJSON *arr = doc ? cJSON_AddArrayToObject(doc, "policies") : NULL;
	if (doc) {
		cJSON_AddNumberToObject(doc, "registry_id", (double)id);
		cJSON_AddNumberToObject(doc, "total", (double)l.total);
	} else if (l.count == 0) {
		fprintf(x->out, "No replication policy uses registry %lld.\n", id);
	} else {
		fprintf(x->out, "Registry %lld is used by %lld replication polic%s:\n", id, l.total,
		        l.total == 1 ? "y" : "ies");
	}
	for (size_t i = 0; i < l.count && rc == 0; i++) {
		repl_execution e;
		int has = api_last_execution(x->client, l.items[i].id, &res, &e);
		if (has < 0) {
			rc = cli_report_failure(x, &res);
		} else if (doc) {
			cJSON_AddItemToArray(arr, policy_json(id, &l.items[i], &e, has));
		} else {
			print_policy(x->out, id, &l.items[i], &e, has);
		}
		api_result_free(&res);
		repl_execution_free(&e);
	}
	if (doc && rc == 0)
		cli_print_json(x, doc);
	cJSON_Delete(doc);
	repl_policy_list_free(&l);
	return rc;
}
