/* registries.c — the registry operations (list, show, create, update, delete) and the policies list:
 * request builders that feed --dry-run and api_execute(), and the decoding of their answers; and the SWR
 * endpoint of a region (through endpoint.c's rule). */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "swrtui/http/http.h"
#include "swrtui/auth/auth.h"
#include "swrtui/auth/endpoint.h"
#include "swrtui/swr/swr.h"
#include "swrtui/base/buf.h"
#include "swrtui/base/secret.h"
#include "swr_internal.h"

long long swr_json_count(const cJSON *n)
{
	if (!cJSON_IsNumber(n) || !(n->valuedouble >= 0) || n->valuedouble > 9007199254740992.0)
		return -1;
	long long v = (long long)n->valuedouble;
	return (double)v == n->valuedouble ? v : -1;
}

int swr_build_start(api_client *c, const char *method, const char *tail, api_request *req, char *err,
                       size_t errlen)
{
	memset(req, 0, sizeof *req);
	const char *project = swr_client_project(c), *instance = swr_client_instance(c);
	if (!project || !*project) {
		snprintf(err, errlen, "no project ID: use --project-id or SWRTUI_PROJECT_ID");
		return -1;
	}
	if (!instance || !*instance) {
		snprintf(err, errlen, "no instance ID: use --instance-id or SWRTUI_INSTANCE_ID");
		return -1;
	}
	if (!swr_id_valid(project, "a project", err, errlen) || !swr_id_valid(instance, "an instance", err, errlen))
		return -1;
	req->method = method;
	req->scheme_host = strdup(api_client_endpoint(c));
	req->host = strdup(api_client_host(c));
	buf b;
	buf_init(&b);
	buf_puts(&b, api_client_base_path(c));
	buf_puts(&b, "/v2/");
	buf_put_pct(&b, project);
	buf_puts(&b, "/instances/");
	buf_put_pct(&b, instance);
	buf_puts(&b, "/");
	buf_puts(&b, tail);
	req->path = buf_take(&b);
	const api_auth *auth = api_auth_of(api_client_authenticator(c));
	/* with AK/SK the project goes in a header too, before the signature (the SDKs sign it); every other
	 * header libcurl sends is in the request value as well, so that --dry-run shows exactly what goes out */
	if (!req->scheme_host || !req->host || !req->path ||
	    api_request_add_header(req, "User-Agent", api_client_user_agent(c)) != 0 ||
	    api_request_add_header(req, "Accept", "application/json") != 0 ||
	    api_request_add_header(req, "Content-Type", "application/json") != 0 ||
	    (auth && auth->kind == API_AUTH_AKSK && api_request_add_header(req, "X-Project-Id", project) != 0)) {
		snprintf(err, errlen, "out of memory");
		api_request_free(req);
		return -1;
	}
	return 0;
}

int swr_build_finish(api_client *c, api_request *req, char *err, size_t errlen)
{
	if (api_client_authenticate(c, req, err, errlen) != 0) {
		api_request_free(req);
		return -1;
	}
	return 0;
}

int swr_add_query_long(api_request *req, const char *name, long v)
{
	char tmp[32];
	snprintf(tmp, sizeof tmp, "%ld", v);
	return api_request_add_query(req, name, tmp);
}

int api_build_list(api_client *c, const api_list_params *p, api_request *req, char *err, size_t errlen)
{
	api_list_params def = {0};
	memset(req, 0, sizeof *req);
	if (!p)
		p = &def;
	long limit = p->limit > 0 ? p->limit : 100;
	if (limit > 100) {
		snprintf(err, errlen, "a page holds at most 100 registries");
		return -1;
	}
	if (p->offset < 0 || p->offset % limit != 0) {
		snprintf(err, errlen, "offset must be 0 or a multiple of the page size (%ld)", limit);
		return -1;
	}
	if (p->order_type && !p->order_column) {
		snprintf(err, errlen, "order_type needs order_column");
		return -1;
	}
	if (swr_build_start(c, "GET", "registries", req, err, errlen) != 0)
		return -1;
	int rc = 0;
	if (p->name && *p->name)
		rc |= api_request_add_query(req, "name", p->name);
	if (p->type && *p->type)
		rc |= api_request_add_query(req, "type", p->type);
	if (p->order_column)
		rc |= api_request_add_query(req, "order_column", p->order_column);
	if (p->order_type)
		rc |= api_request_add_query(req, "order_type", p->order_type);
	rc |= swr_add_query_long(req, "offset", p->offset);
	rc |= swr_add_query_long(req, "limit", limit);
	if (rc != 0) {
		snprintf(err, errlen, "out of memory");
		api_request_free(req);
		return -1;
	}
	return swr_build_finish(c, req, err, errlen);
}

static int build_with_id(api_client *c, const char *method, const char *what, long long id, api_request *req,
                         char *err, size_t errlen)
{
	memset(req, 0, sizeof *req);
	if (id < 0) {
		snprintf(err, errlen, "a registry ID is a non-negative integer");
		return -1;
	}
	char tail[64];
	snprintf(tail, sizeof tail, "%s/%lld", what, id);
	if (swr_build_start(c, method, tail, req, err, errlen) != 0)
		return -1;
	return 0;
}

int api_build_show(api_client *c, long long id, api_request *req, char *err, size_t errlen)
{
	if (build_with_id(c, "GET", "registries", id, req, err, errlen) != 0)
		return -1;
	return swr_build_finish(c, req, err, errlen);
}

int api_build_delete(api_client *c, long long id, api_request *req, char *err, size_t errlen)
{
	if (build_with_id(c, "DELETE", "registries", id, req, err, errlen) != 0)
		return -1;
	return swr_build_finish(c, req, err, errlen);
}

static int attach_body(api_request *req, const registry *r, char *err, size_t errlen)
{
	char *json = registry_to_json(r, REGISTRY_JSON_BODY);
	if (!json) {
		snprintf(err, errlen, "out of memory");
		api_request_free(req);
		return -1;
	}
	req->body = json;
	req->body_len = strlen(json);
	return 0;
}

int api_build_create(api_client *c, const registry *r, api_request *req, char *err, size_t errlen)
{
	if (swr_build_start(c, "POST", "registries", req, err, errlen) != 0 || attach_body(req, r, err, errlen) != 0)
		return -1;
	return swr_build_finish(c, req, err, errlen);
}

int api_build_update(api_client *c, long long id, const registry *r, api_request *req, char *err,
                     size_t errlen)
{
	if (build_with_id(c, "PUT", "registries", id, req, err, errlen) != 0 ||
	    attach_body(req, r, err, errlen) != 0)
		return -1;
	return swr_build_finish(c, req, err, errlen);
}

int api_build_policies(api_client *c, long long registry_id, api_request *req, char *err, size_t errlen)
{
	if (swr_build_start(c, "GET", "replication/policies", req, err, errlen) != 0)
		return -1;
	int rc = 0;
	if (registry_id >= 0) {
		char tmp[32];
		snprintf(tmp, sizeof tmp, "%lld", registry_id);
		rc |= api_request_add_query(req, "registry_id", tmp);
	}
	rc |= api_request_add_query(req, "offset", "0");
	rc |= api_request_add_query(req, "limit", "100");
	if (rc != 0) {
		snprintf(err, errlen, "out of memory");
		api_request_free(req);
		return -1;
	}
	return swr_build_finish(c, req, err, errlen);
}

/* ---- running them ---- */

int swr_build_failed(api_result *res, const char *err)
{
	memset(res, 0, sizeof *res);
	res->transport = API_TRANSPORT_OTHER;
	res->transport_msg = strdup(err);
	return -1;
}

int swr_malformed(api_result *res, const char *what, const char *why)
{
	buf b;
	buf_init(&b);
	buf_printf(&b, "the service answered %ld but %s: %s", res->status, what, why);
	free(res->transport_msg);
	res->transport_msg = buf_take(&b);
	return -1;
}

int swr_execute_built(api_client *c, api_request *req, api_result *res)
{
	int rc = api_execute(c, req, res);
	api_request_free(req);
	if (rc != 0 || !api_result_ok(res))
		return -1;
	return 0;
}

int api_list_registries(api_client *c, const api_list_params *p, api_result *res, registry_list *out)
{
	char err[256];
	api_request req;
	memset(out, 0, sizeof *out);
	if (api_build_list(c, p, &req, err, sizeof err) != 0)
		return swr_build_failed(res, err);
	if (swr_execute_built(c, &req, res) != 0)
		return -1;
	if (registry_list_from_json(res->body, res->body_len, out, err, sizeof err) != 0)
		return swr_malformed(res, "the body is not a registry list", err);
	for (size_t i = 0; i < out->count; i++) {
		char why[200];
		if (registry_check_answer(&out->items[i], why, sizeof why) != 0) {
			registry_list_free(out);
			snprintf(err, sizeof err, "registries[%zu]: %s", i, why);
			return swr_malformed(res, "the body is not a registry list", err);
		}
	}
	return 0;
}

int api_show_registry(api_client *c, long long id, api_result *res, registry *out)
{
	char err[256];
	api_request req;
	registry_init(out);
	if (api_build_show(c, id, &req, err, sizeof err) != 0)
		return swr_build_failed(res, err);
	if (swr_execute_built(c, &req, res) != 0)
		return -1;
	if (registry_from_json(res->body, res->body_len, out, err, sizeof err) != 0)
		return swr_malformed(res, "the body is not a registry", err);
	if (registry_check_answer(out, err, sizeof err) != 0) {
		registry_free(out);
		return swr_malformed(res, "the body is not a registry", err);
	}
	return 0;
}

int api_create_registry(api_client *c, const registry *r, api_result *res, long long *new_id)
{
	char err[256];
	api_request req;
	*new_id = -1;
	if (api_build_create(c, r, &req, err, sizeof err) != 0)
		return swr_build_failed(res, err);
	if (swr_execute_built(c, &req, res) != 0)
		return -1;
	cJSON *root = cJSON_ParseWithLength(res->body ? res->body : "", res->body_len);
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(root, "id");
	/* the service said yes (2xx): the registry exists even when its answer does not say the new id in
	 * the expected shape, so this is a success with the id unknown (-1), never a failure inviting a
	 * second create */
	*new_id = swr_json_count(id);
	cJSON_Delete(root);
	return 0;
}

int api_update_registry(api_client *c, long long id, const registry *r, api_result *res)
{
	char err[256];
	api_request req;
	if (api_build_update(c, id, r, &req, err, sizeof err) != 0)
		return swr_build_failed(res, err);
	return swr_execute_built(c, &req, res);
}

int api_delete_registry(api_client *c, long long id, api_result *res)
{
	char err[256];
	api_request req;
	if (api_build_delete(c, id, &req, err, sizeof err) != 0)
		return swr_build_failed(res, err);
	return swr_execute_built(c, &req, res);
}

void api_policy_list_free(api_policy_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->count; i++)
		free(l->items[i].name);
	free(l->items);
	memset(l, 0, sizeof *l);
}

static long long registry_ref(const cJSON *obj, const char *name)
{
	const cJSON *ref = cJSON_GetObjectItemCaseSensitive(obj, name);
	const cJSON *id = cJSON_IsObject(ref) ? cJSON_GetObjectItemCaseSensitive(ref, "id") : NULL;
	return swr_json_count(id);
}

int api_list_policies(api_client *c, long long registry_id, api_result *res, api_policy_list *out)
{
	char err[256];
	api_request req;
	memset(out, 0, sizeof *out);
	if (api_build_policies(c, registry_id, &req, err, sizeof err) != 0)
		return swr_build_failed(res, err);
	if (swr_execute_built(c, &req, res) != 0)
		return -1;
	cJSON *root = cJSON_ParseWithLength(res->body ? res->body : "", res->body_len);
	/* {"policies":[...],"total":N}; a bare array is accepted too (the shape is not documented) */
	const cJSON *arr = cJSON_IsArray(root) ? root : cJSON_GetObjectItemCaseSensitive(root, "policies");
	if (!cJSON_IsArray(arr)) {
		cJSON_Delete(root);
		return swr_malformed(res, "the body is not a policy list", "expected {\"policies\": [...]}");
	}
	int n = cJSON_GetArraySize(arr);
	out->items = n > 0 ? calloc((size_t)n, sizeof *out->items) : NULL;
	if (n > 0 && !out->items) {
		cJSON_Delete(root);
		return swr_malformed(res, "the policy list could not be stored", "out of memory");
	}
	const cJSON *it;
	cJSON_ArrayForEach(it, arr)
	{
		if (!cJSON_IsObject(it))
			continue;
		api_policy *p = &out->items[out->count++];
		const cJSON *id = cJSON_GetObjectItemCaseSensitive(it, "id");
		const cJSON *name = cJSON_GetObjectItemCaseSensitive(it, "name");
		const cJSON *en = cJSON_GetObjectItemCaseSensitive(it, "enabled");
		p->id = swr_json_count(id);
		p->name = strdup(cJSON_IsString(name) ? name->valuestring : "");
		p->enabled = cJSON_IsTrue(en);
		p->src_registry = registry_ref(it, "src_registry");
		p->dest_registry = registry_ref(it, "dest_registry");
	}
	const cJSON *total = cJSON_GetObjectItemCaseSensitive(root, "total");
	out->total = swr_json_count(total) >= 0 ? swr_json_count(total) : (long long)out->count;
	cJSON_Delete(root);
	return 0;
}

char *api_region_endpoint(const char *region)
{
	return cloud_endpoint(CLOUD_SERVICE_SWR, region);
}
