/* target.c — an http client for SWR: the project and instance that the SWR paths
 * (/v2/{project}/instances/{instance}/...) name, kept by the swr layer as the client's context. */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "swrtui/swr/swr.h"

typedef struct {
	char *project_id;
	char *instance_id;
} swr_target;

static void target_free(void *ctx)
{
	swr_target *t = ctx;
	if (!t)
		return;
	free(t->project_id);
	free(t->instance_id);
	free(t);
}

int swr_client_set_target(api_client *c, const char *project_id, const char *instance_id)
{
	swr_target *t = calloc(1, sizeof *t);
	if (!t)
		return -1;
	t->project_id = strdup(project_id ? project_id : "");
	t->instance_id = strdup(instance_id ? instance_id : "");
	if (!t->project_id || !t->instance_id) {
		target_free(t);
		return -1;
	}
	api_client_set_context(c, t, target_free);
	return 0;
}

api_client *swr_client_new(const api_config *cfg, const char *project_id, const char *instance_id, char *err,
                           size_t errlen)
{
	api_client *c = api_client_new(cfg, err, errlen);
	if (c && swr_client_set_target(c, project_id, instance_id) != 0) {
		snprintf(err, errlen, "out of memory");
		api_client_free(c);
		return NULL;
	}
	return c;
}

const char *swr_client_project(const api_client *c)
{
	const swr_target *t = api_client_context(c, target_free);
	return t ? t->project_id : NULL;
}

const char *swr_client_instance(const api_client *c)
{
	const swr_target *t = api_client_context(c, target_free);
	return t ? t->instance_id : NULL;
}
