/* swr.h — the SWR Enterprise Edition calls: the client that knows the project and instance (target.c),
 * request builders (which feed --dry-run and the client) and the registry operations (list, show,
 * create, update, delete) and the replication policies of a registry, decoded into model values; and
 * the SWR endpoint of a region (registries.c). */
#ifndef SWRTUI_SWR_H
#define SWRTUI_SWR_H

#include <stdbool.h>
#include <stddef.h>

#include "swrtui/auth/auth.h"
#include "swrtui/http/http.h"
#include "swrtui/model/registry.h"

/* An http client (api_client_new()) that the builders below can use: it also keeps the project and
 * instance that the SWR paths name (copied; NULL is taken as ""). NULL with err on failure. */
api_client *swr_client_new(const api_config *cfg, const char *project_id, const char *instance_id, char *err,
                           size_t errlen);
/* Sets (or replaces) the project and instance of an existing client. 0, or -1 when out of memory. */
int swr_client_set_target(api_client *c, const char *project_id, const char *instance_id);
/* The project and instance of c, or NULL when none was set. */
const char *swr_client_project(const api_client *c);
const char *swr_client_instance(const api_client *c);

/* A project or instance ID as the SWR paths name it: 1 to SWR_ID_MAX_LEN ASCII letters, digits and '-'
 * (project IDs are 32 hex digits, instance IDs UUIDs). Anything else ("." and ".." that URL
 * normalisation removes, '/', '%', spaces) would change the path a request reaches: refused before
 * anything is built or sent. what names it in the message ("a project", "an instance"). true, or false
 * with err ("\"..\" is not a project ID: ..."); a long or non-ASCII value is not quoted. */
#define SWR_ID_MAX_LEN 64
bool swr_id_valid(const char *id, const char *what, char *err, size_t errlen);

/* Builders: a request ready for api_execute() or api_request_format() (for --dry-run).
 * They fill req with method, URL, query, Content-Type and body (and X-Project-Id for AK/SK), then run
 * the client's authentication step (api_client_authenticate()). */
typedef struct {
	const char *name;         /* fuzzy name filter, or NULL */
	const char *type;         /* type filter, or NULL */
	const char *order_column; /* created_at | updated_at | name, or NULL */
	const char *order_type;   /* asc | desc, or NULL */
	long offset;
	long limit;               /* 1..100; 0 -> 100 */
} api_list_params;

int api_build_list(api_client *c, const api_list_params *p, api_request *req, char *err, size_t errlen);
int api_build_show(api_client *c, long long id, api_request *req, char *err, size_t errlen);
int api_build_create(api_client *c, const registry *r, api_request *req, char *err, size_t errlen);
int api_build_update(api_client *c, long long id, const registry *r, api_request *req, char *err,
                     size_t errlen);
int api_build_delete(api_client *c, long long id, api_request *req, char *err, size_t errlen);
int api_build_policies(api_client *c, long long registry_id, api_request *req, char *err, size_t errlen);

/* The operations. Each returns 0 on success (2xx and a well-formed answer), or -1 with *res saying
 * why (transport, status + decoded error, or a malformed answer: transport OK, status 2xx, and
 * res->transport_msg describing what was wrong with the body). A create answered with a 2xx succeeds
 * even when its body does not carry the new id: *new_id is then -1. */
int api_list_registries(api_client *c, const api_list_params *p, api_result *res, registry_list *out);
int api_show_registry(api_client *c, long long id, api_result *res, registry *out);
int api_create_registry(api_client *c, const registry *r, api_result *res, long long *new_id);
int api_update_registry(api_client *c, long long id, const registry *r, api_result *res);
int api_delete_registry(api_client *c, long long id, api_result *res);

typedef struct {
	long long id;
	char *name;
	bool enabled;
	long long src_registry, dest_registry; /* -1 when absent */
} api_policy;

typedef struct {
	api_policy *items;
	size_t count;
	long long total;
} api_policy_list;

void api_policy_list_free(api_policy_list *l);
int api_list_policies(api_client *c, long long registry_id, api_result *res, api_policy_list *out);

/* The SWR endpoint of a region: https://swr-api.<region>.myhuaweicloud.com (eu-west-101 -> .eu).
 * Malloc'd, or NULL if region is not a plausible region id. */
char *api_region_endpoint(const char *region);

#endif
