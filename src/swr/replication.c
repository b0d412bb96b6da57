/* replication.c — the replication calls (replication.h): the policies of a registry, the runs of a
 * policy, starting a run and finding it again to follow it, with the decoding of their answers. */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "swrtui/swr/replication.h"
#include "swr_internal.h"

repl_status repl_status_of(const char *s)
{
	static const struct {
		const char *name;
		repl_status st;
	} names[] = {
	    {"succeed", REPL_SUCCEEDED},     {"succeeded", REPL_SUCCEEDED}, {"success", REPL_SUCCEEDED},
	    {"failed", REPL_FAILED},         {"fail", REPL_FAILED},         {"failure", REPL_FAILED},
	    {"inprogress", REPL_IN_PROGRESS}, {"in_progress", REPL_IN_PROGRESS}, {"running", REPL_IN_PROGRESS},
	    {"pending", REPL_IN_PROGRESS},   {"stopped", REPL_STOPPED},     {"stop", REPL_STOPPED},
	};
	for (size_t i = 0; s && i < sizeof names / sizeof names[0]; i++)
		if (strcasecmp(s, names[i].name) == 0)
			return names[i].st;
	return REPL_UNKNOWN;
}

const char *repl_role_of(const repl_policy *p, long long registry_id)
{
	if (p->src_registry == registry_id && p->dest_registry == registry_id)
		return "source and destination";
	return p->src_registry == registry_id ? "source" : p->dest_registry == registry_id ? "destination" : "unknown";
}

static char *str_of(const cJSON *obj, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
	return strdup(cJSON_IsString(v) && v->valuestring ? v->valuestring : "");
}

static long long count_of(const cJSON *obj, const char *name)
{
	return swr_json_count(cJSON_GetObjectItemCaseSensitive(obj, name));
}

static long long ref_of(const cJSON *obj, const char *name)
{
	const cJSON *ref = cJSON_GetObjectItemCaseSensitive(obj, name);
	return cJSON_IsObject(ref) ? count_of(ref, "id") : -1;
}

static void policy_free(repl_policy *p)
{
	free(p->name);
	free(p->description);
	free(p->dest_namespace);
	free(p->trigger_type);
	free(p->cron);
	free(p->created_at);
	free(p->updated_at);
}

void repl_policy_list_free(repl_policy_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->count; i++)
		policy_free(&l->items[i]);
	free(l->items);
	memset(l, 0, sizeof *l);
}

void repl_execution_free(repl_execution *e)
{
	if (!e)
		return;
	free(e->status);
	free(e->status_text);
	free(e->trigger);
	free(e->created_at);
	free(e->updated_at);
	memset(e, 0, sizeof *e);
}

void repl_execution_list_free(repl_execution_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->count; i++)
		repl_execution_free(&l->items[i]);
	free(l->items);
	memset(l, 0, sizeof *l);
}

/* ---- builders ---- */

static int build_paged(api_client *c, const char *tail, const char *key, long long id, long offset, long limit,
                       api_request *req, char *err, size_t errlen)
{
	if (swr_build_start(c, "GET", tail, req, err, errlen) != 0)
		return -1;
	char tmp[32];
	snprintf(tmp, sizeof tmp, "%lld", id);
	int rc = api_request_add_query(req, key, tmp);
	rc |= swr_add_query_long(req, "offset", offset > 0 ? offset : 0);
	rc |= swr_add_query_long(req, "limit", limit > 0 && limit <= 100 ? limit : 100);
	if (rc != 0) {
		snprintf(err, errlen, "out of memory");
		api_request_free(req);
		return -1;
	}
	return swr_build_finish(c, req, err, errlen);
}

int api_build_repl_policies(api_client *c, long long registry_id, long offset, long limit, api_request *req,
                            char *err, size_t errlen)
{
	return build_paged(c, "replication/policies", "registry_id", registry_id, offset, limit, req, err, errlen);
}

int api_build_executions(api_client *c, long long policy_id, long offset, long limit, api_request *req,
                         char *err, size_t errlen)
{
	return build_paged(c, "replication/executions", "policy_id", policy_id, offset, limit, req, err, errlen);
}

int api_build_start_execution(api_client *c, long long policy_id, api_request *req, char *err, size_t errlen)
{
	if (swr_build_start(c, "POST", "replication/executions", req, err, errlen) != 0)
		return -1;
	char body[64];
	int n = snprintf(body, sizeof body, "{\"policy_id\":%lld}", policy_id);
	req->body = malloc((size_t)n + 1);
	if (!req->body) {
		snprintf(err, errlen, "out of memory");
		api_request_free(req);
		return -1;
	}
	memcpy(req->body, body, (size_t)n + 1);
	req->body_len = (size_t)n;
	return swr_build_finish(c, req, err, errlen);
}

/* ---- decoding ---- */

/* The array under key of root (or root itself when it is an array); NULL after saying why in err. */
static const cJSON *list_of(const cJSON *root, const char *key, char *err, size_t errlen)
{
	const cJSON *arr = cJSON_IsArray(root) ? root : cJSON_GetObjectItemCaseSensitive(root, key);
	if (!cJSON_IsArray(arr))
		snprintf(err, errlen, "expected {\"%s\": [...]}", key);
	return cJSON_IsArray(arr) ? arr : NULL;
}

static void policy_from(const cJSON *it, repl_policy *p)
{
	p->id = count_of(it, "id");
	p->name = str_of(it, "name");
	p->description = str_of(it, "description");
	p->enabled = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(it, "enabled"));
	p->override = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(it, "override"));
	p->src_registry = ref_of(it, "src_registry");
	p->dest_registry = ref_of(it, "dest_registry");
	p->dest_namespace = str_of(it, "dest_namespace");
	const cJSON *trig = cJSON_GetObjectItemCaseSensitive(it, "trigger");
	const cJSON *settings = cJSON_GetObjectItemCaseSensitive(trig, "trigger_settings");
	p->trigger_type = str_of(trig, "type");
	p->cron = str_of(settings, "cron");
	p->created_at = str_of(it, "created_at");
	p->updated_at = str_of(it, "updated_at");
}

static void execution_from(const cJSON *it, repl_execution *e)
{
	e->id = count_of(it, "id");
	e->policy_id = count_of(it, "policy_id");
	e->status = str_of(it, "status");
	e->status_text = str_of(it, "status_text");
	e->trigger = str_of(it, "trigger");
	e->total = count_of(it, "total");
	e->succeed = count_of(it, "succeed");
	e->failed = count_of(it, "failed");
	e->in_progress = count_of(it, "in_progress");
	e->stopped = count_of(it, "stopped");
	e->created_at = str_of(it, "created_at");
	e->updated_at = str_of(it, "updated_at");
}

/* Decodes {key: [objects], "total": n} with each(object, item) into an array of n items of size bytes:
 * 0 with *items, *count and *total, or -1 with err. Items that are not objects are skipped. A page of
 * more items than a request may ask for (100) is a malformed answer: the server does not decide how
 * much work follows from it. */
static int decode_list(const char *body, size_t len, const char *key, size_t size,
                       void (*each)(const cJSON *, void *), void **items, size_t *count, long long *total,
                       char *err, size_t errlen)
{
	cJSON *root = cJSON_ParseWithLength(body ? body : "", len);
	const cJSON *arr = list_of(root, key, err, errlen);
	int n = arr ? cJSON_GetArraySize(arr) : 0;
	if (n > 100) {
		snprintf(err, errlen, "the answer holds %d %s, more than the 100 a page may hold", n, key);
		cJSON_Delete(root);
		return -1;
	}
	char *out = n > 0 ? calloc((size_t)n, size) : NULL;
	if (!arr || (n > 0 && !out)) {
		if (arr)
			snprintf(err, errlen, "out of memory");
		cJSON_Delete(root);
		return -1;
	}
	size_t k = 0;
	const cJSON *it;
	cJSON_ArrayForEach(it, arr)
	{
		if (cJSON_IsObject(it))
			each(it, out + size * k++);
	}
	long long t = count_of(root, "total");
	*items = out;
	*count = k;
	*total = t >= 0 ? t : (long long)k;
	cJSON_Delete(root);
	return 0;
}

static void each_policy(const cJSON *it, void *p)
{
	policy_from(it, p);
}

static void each_execution(const cJSON *it, void *e)
{
	execution_from(it, e);
}

int repl_policies_from_json(const char *body, size_t len, repl_policy_list *out, char *err, size_t errlen)
{
	void *items = NULL;
	memset(out, 0, sizeof *out);
	if (decode_list(body, len, "policies", sizeof(repl_policy), each_policy, &items, &out->count, &out->total,
	                err, errlen) != 0)
		return -1;
	out->items = items;
	return 0;
}

int repl_executions_from_json(const char *body, size_t len, repl_execution_list *out, char *err, size_t errlen)
{
	void *items = NULL;
	memset(out, 0, sizeof *out);
	if (decode_list(body, len, "executions", sizeof(repl_execution), each_execution, &items, &out->count,
	                &out->total, err, errlen) != 0)
		return -1;
	out->items = items;
	return 0;
}

/* At most this many policies of one registry are read (10 pages): a server does not decide how many
 * requests follow. */
#define REPL_PAGE 100
#define REPL_MAX_POLICIES 1000
#define REPL_MAX_RUNS 100000000LL

/* Moves the items of page to the end of all (page is left empty). 0, or -1 when out of memory. */
static int append_policies(repl_policy_list *all, repl_policy_list *page)
{
	if (page->count == 0)
		return 0;
	repl_policy *grown = realloc(all->items, (all->count + page->count) * sizeof *grown);
	if (!grown)
		return -1;
	memcpy(grown + all->count, page->items, page->count * sizeof *grown);
	all->items = grown;
	all->count += page->count;
	free(page->items);
	page->items = NULL;
	page->count = 0;
	return 0;
}

/* One page of policies at offset into *page, checked against the pages before it (in *all). */
static int policies_page(api_client *c, long long registry_id, long offset, const repl_policy_list *all,
                         api_result *res, repl_policy_list *page)
{
	char err[256];
	api_request req;
	memset(page, 0, sizeof *page);
	if (api_build_repl_policies(c, registry_id, offset, REPL_PAGE, &req, err, sizeof err) != 0)
		return swr_build_failed(res, err);
	if (swr_execute_built(c, &req, res) != 0)
		return -1;
	if (repl_policies_from_json(res->body, res->body_len, page, err, sizeof err) != 0)
		return swr_malformed(res, "the body is not a policy list", err);
	if (offset > 0 && page->total != all->total)
		snprintf(err, sizeof err, "the total changed from %lld to %lld at offset %ld (the list changed while "
		         "it was read: try again)", all->total, page->total, offset);
	else if (page->total > REPL_MAX_POLICIES)
		snprintf(err, sizeof err, "it says %lld policies use the registry; at most %d are read", page->total,
		         REPL_MAX_POLICIES);
	else
		return 0;
	repl_policy_list_free(page);
	return swr_malformed(res, "the policy list cannot be read whole", err);
}

int api_list_repl_policies(api_client *c, long long registry_id, api_result *res, repl_policy_list *out)
{
	memset(out, 0, sizeof *out);
	for (long offset = 0;; offset += REPL_PAGE) {
		repl_policy_list page;
		if (offset > 0)
			api_result_free(res);
		if (policies_page(c, registry_id, offset, out, res, &page) != 0) {
			repl_policy_list_free(out);
			return -1;
		}
		out->total = page.total;
		size_t got = page.count;
		if (append_policies(out, &page) != 0) {
			repl_policy_list_free(&page);
			repl_policy_list_free(out);
			return swr_malformed(res, "the policy list cannot be read whole", "out of memory");
		}
		if (got < REPL_PAGE || (long long)out->count >= out->total)
			return 0;
	}
}

static int executions_at(api_client *c, long long policy_id, long offset, long limit, api_result *res,
                         repl_execution_list *out)
{
	char err[256];
	api_request req;
	memset(out, 0, sizeof *out);
	if (api_build_executions(c, policy_id, offset, limit, &req, err, sizeof err) != 0)
		return swr_build_failed(res, err);
	if (swr_execute_built(c, &req, res) != 0)
		return -1;
	if (repl_executions_from_json(res->body, res->body_len, out, err, sizeof err) != 0)
		return swr_malformed(res, "the body is not a list of replication runs", err);
	return 0;
}

int api_list_executions(api_client *c, long long policy_id, long limit, api_result *res,
                        repl_execution_list *out)
{
	return executions_at(c, policy_id, 0, limit, res, out);
}

/* The run wanted in l: the one whose id is want, or (want < 0) the newest (the highest id). l.count when
 * none. */
static size_t pick_run(const repl_execution_list *l, long long want)
{
	size_t best = l->count;
	for (size_t i = 0; i < l->count; i++) {
		if (want >= 0 ? l->items[i].id == want : (best == l->count || l->items[i].id > l->items[best].id))
			best = i;
	}
	return best;
}

/* Moves item i of l into *out (l keeps an empty slot). */
static void take_item(repl_execution_list *l, size_t i, repl_execution *out)
{
	*out = l->items[i];
	memset(&l->items[i], 0, sizeof l->items[i]);
}

/* The last page of runs when the first one (full) does not hold them all and not what is wanted:
 * 0 with *last (empty when there is no other page), or -1 with *res. */
static int last_page(api_client *c, long long policy_id, const repl_execution_list *first, api_result *res,
                     repl_execution_list *last)
{
	memset(last, 0, sizeof *last);
	if (first->count < REPL_PAGE || first->total <= (long long)first->count)
		return 0;
	if (first->total > REPL_MAX_RUNS)
		return swr_malformed(res, "the list of runs cannot be read", "it says the policy ran more than "
		                     "100,000,000 times");
	long offset = (long)((first->total - 1) / REPL_PAGE * REPL_PAGE);
	api_result_free(res);
	return executions_at(c, policy_id, offset, REPL_PAGE, res, last);
}

/* The run wanted (pick_run) among the runs that can hold it whatever the service's order (not
 * documented; newest first in practice): the first page and, when the policy has more runs than it
 * holds, the last page. 1 and *out when found, 0 when not, -1 with *res on failure. */
static int find_run(api_client *c, long long policy_id, long long want, api_result *res, repl_execution *out)
{
	repl_execution_list first, last;
	memset(out, 0, sizeof *out);
	memset(&last, 0, sizeof last);
	if (executions_at(c, policy_id, 0, REPL_PAGE, res, &first) != 0)
		return -1;
	size_t i = pick_run(&first, want), j = 0;
	if ((want < 0 || i == first.count) && last_page(c, policy_id, &first, res, &last) != 0) {
		repl_execution_list_free(&first);
		return -1;
	}
	j = pick_run(&last, want);
	int from_last = j < last.count && (i == first.count || last.items[j].id > first.items[i].id);
	int found = from_last || i < first.count;
	if (from_last)
		take_item(&last, j, out);
	else if (found)
		take_item(&first, i, out);
	repl_execution_list_free(&first);
	repl_execution_list_free(&last);
	return found;
}

int api_last_execution(api_client *c, long long policy_id, api_result *res, repl_execution *out)
{
	return find_run(c, policy_id, -1, res, out);
}

int api_start_execution(api_client *c, long long policy_id, api_result *res, long long *execution_id)
{
	char err[256];
	api_request req;
	*execution_id = -1;
	if (api_build_start_execution(c, policy_id, &req, err, sizeof err) != 0)
		return swr_build_failed(res, err);
	if (swr_execute_built(c, &req, res) != 0)
		return -1;
	cJSON *root = cJSON_ParseWithLength(res->body ? res->body : "", res->body_len);
	*execution_id = count_of(root, "id");
	cJSON_Delete(root);
	return 0;
}

int api_find_execution(api_client *c, long long policy_id, long long execution_id, api_result *res,
                       repl_execution *out)
{
	return find_run(c, policy_id, execution_id, res, out);
}
