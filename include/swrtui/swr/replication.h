/* replication.h — the replication calls of an instance (swr-api.md §8): the policies that use a
 * registry (as source or destination), the runs (executions) of a policy, starting a run and
 * following it. Builders feed --dry-run and the client; operations decode the answers. */
#ifndef SWRTUI_SWR_REPLICATION_H
#define SWRTUI_SWR_REPLICATION_H

#include <stdbool.h>
#include <stddef.h>

#include "swrtui/http/http.h"

/* A replication policy; strings are malloc'd ("" when absent), ids -1 when absent. */
typedef struct {
	long long id;
	char *name, *description;
	bool enabled, override;
	long long src_registry, dest_registry;
	char *dest_namespace;
	char *trigger_type; /* manual | scheduled | event_based, as the service says */
	char *cron;         /* trigger_settings.cron, "" when none */
	char *created_at, *updated_at;
} repl_policy;

typedef struct {
	repl_policy *items;
	size_t count;
	long long total;
} repl_policy_list;

/* One run of a policy; counts -1 when absent. */
typedef struct {
	long long id, policy_id;
	char *status, *status_text, *trigger;
	long long total, succeed, failed, in_progress, stopped;
	char *created_at, *updated_at;
} repl_execution;

typedef struct {
	repl_execution *items;
	size_t count;
	long long total;
} repl_execution_list;

/* What a run's status says. The spellings are UNVERIFIED: compared case-insensitively, with
 * Succeed/Succeeded/Success alike; anything else is REPL_UNKNOWN (shown as it is). */
typedef enum { REPL_UNKNOWN, REPL_IN_PROGRESS, REPL_SUCCEEDED, REPL_FAILED, REPL_STOPPED } repl_status;
repl_status repl_status_of(const char *status);

/* What registry_id is to policy p: "source", "destination", "source and destination" or "unknown". */
const char *repl_role_of(const repl_policy *p, long long registry_id);

void repl_policy_list_free(repl_policy_list *l);
void repl_execution_free(repl_execution *e);
void repl_execution_list_free(repl_execution_list *l);

/* Decoders of the answers (pure): {"policies": [...], "total": n} and {"executions": [...], "total": n}
 * (a bare array is accepted too; items that are not objects are skipped; total defaults to the count).
 * 0, or -1 with err saying why, *out then empty. */
int repl_policies_from_json(const char *body, size_t len, repl_policy_list *out, char *err, size_t errlen);
int repl_executions_from_json(const char *body, size_t len, repl_execution_list *out, char *err, size_t errlen);

/* Builders: GET replication/policies?registry_id=N&offset&limit, GET replication/executions?policy_id=P
 * &offset&limit, POST replication/executions {"policy_id": P}. limit 1..100 (0: 100). */
int api_build_repl_policies(api_client *c, long long registry_id, long offset, long limit, api_request *req,
                            char *err, size_t errlen);
int api_build_executions(api_client *c, long long policy_id, long offset, long limit, api_request *req,
                         char *err, size_t errlen);
int api_build_start_execution(api_client *c, long long policy_id, api_request *req, char *err, size_t errlen);

/* The operations: 0, or -1 with *res saying why (as swr.h's operations). */
/* Every policy that uses registry_id, page by page (at most 1000: more, or a total that changes between
 * pages, is a malformed answer). */
int api_list_repl_policies(api_client *c, long long registry_id, api_result *res, repl_policy_list *out);
/* The runs of policy_id, as the service orders them (newest first in practice), at most limit. */
int api_list_executions(api_client *c, long long policy_id, long limit, api_result *res,
                        repl_execution_list *out);
/* The most recent run of policy_id (the highest id among the first page and, when there are more runs,
 * the last page: the service's order is not documented): 1 and *out when there is one, 0 when the
 * policy never ran, -1 with *res on failure. */
int api_last_execution(api_client *c, long long policy_id, api_result *res, repl_execution *out);
/* Starts a run: 0 with *execution_id (-1 when the answer does not say it), or -1. */
int api_start_execution(api_client *c, long long policy_id, api_result *res, long long *execution_id);
/* The run execution_id of policy_id, found in its list of runs (there is no GET of one run; the first
 * page and, when it is not there, the last page, where a new run is whatever the order):
 * 1 and *out when found, 0 when not listed, -1 with *res on failure. */
int api_find_execution(api_client *c, long long policy_id, long long execution_id, api_result *res,
                       repl_execution *out);

#endif
