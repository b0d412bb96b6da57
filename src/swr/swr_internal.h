/* swr_internal.h — what registries.c shares with the other files of the swr layer (replication.c):
 * starting and finishing a request for a path under the instance, running it, and reporting a request
 * that could not be built or an answer that is not what the operation promises. Not a public header. */
#ifndef SWRTUI_SWR_INTERNAL_H
#define SWRTUI_SWR_INTERNAL_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "swrtui/http/http.h"

/* A JSON number as a non-negative integer id/count (0 .. 2^53), or -1 when it is not one. */
long long swr_json_count(const cJSON *n);
/* Starts a request for .../instances/{instance}/<tail> (tail already encoded). 0, or -1 with err. */
int swr_build_start(api_client *c, const char *method, const char *tail, api_request *req, char *err,
                    size_t errlen);
/* Authenticates a started request (frees it on failure). 0, or -1 with err. */
int swr_build_finish(api_client *c, api_request *req, char *err, size_t errlen);
int swr_add_query_long(api_request *req, const char *name, long v);
/* A request that could not be built: reported as a transport failure of kind OTHER. Returns -1. */
int swr_build_failed(api_result *res, const char *err);
/* A 2xx answer whose body is not what the operation promises. Returns -1. */
int swr_malformed(api_result *res, const char *what, const char *why);
/* Runs and frees req: 0 on a 2xx answer, else -1 with *res saying why. */
int swr_execute_built(api_client *c, api_request *req, api_result *res);

#endif
