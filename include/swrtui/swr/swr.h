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

/* ---- every page of the list (listing.c) ----
 * A listing is bounded: at most API_LIST_MAX_REGISTRIES registries and API_LIST_MAX_BYTES of answers in
 * all, within one timeout for every page together; and its pages must agree with each other. */
#define API_LIST_MAX_REGISTRIES 10000
#define API_LIST_MAX_BYTES ((size_t)32 * 1024 * 1024)

/* What the pages so far said; zero-initialise before the first page. */
typedef struct {
	size_t pages;
	size_t seen;      /* registries received */
	long long total;  /* the total the pages say (valid when has_total) */
	bool has_total;
	size_t bytes;     /* body bytes received */
} api_list_walk;

/* Takes the page asked for with limit (offset w->seen) into w: -1 with why when it contradicts the
 * pages before it or goes past the bounds (more items than limit; a total that changes between pages,
 * is smaller than the items received, or says more than API_LIST_MAX_REGISTRIES; a short or empty page
 * before the total; more than API_LIST_MAX_REGISTRIES without a total; more than API_LIST_MAX_BYTES),
 * 1 when it is the last page (short, or the total reached), 0 when another page follows. Pure. */
int api_list_walk_page(api_list_walk *w, long limit, const registry_list *page, size_t body_len, char *why,
                       size_t whylen);

/* Lists every registry that matches p (p's offset and limit are ignored: pages of 100 from 0), calling
 * each(ctx, page, res) as every page arrives (res: its answer, for the service's own JSON). Every
 * page shares one timeout of timeout_ms (0: the client's): each request gets only the time left.
 * Returns 0 with *w saying what was received, or -1 with *res saying why (as an operation's failure;
 * pages that contradict each other or go past the bounds are a malformed answer, the timeout a
 * transport timeout); each() returning non-zero stops it with -1 (res: "out of memory"). */
typedef int (*api_list_page_fn)(void *ctx, const registry_list *page, const api_result *res);
int api_list_all_registries(api_client *c, const api_list_params *p, long timeout_ms, api_list_page_fn each,
                            void *ctx, api_result *res, api_list_walk *w);

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
