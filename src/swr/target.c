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

/* The ID quoted in a message only when it is short plain ASCII (a long value may be a pasted secret). */
static void quote_id(char *out, size_t outlen, const char *id)
{
	size_t n = strlen(id);
	bool plain = n <= SWR_ID_MAX_LEN;
	for (size_t i = 0; plain && i < n; i++)
		plain = id[i] > 0x20 && id[i] < 0x7f;
	if (plain)
		snprintf(out, outlen, "\"%s\"", id);
	else
		snprintf(out, outlen, "a value of %zu bytes", n);
}

bool swr_id_valid(const char *id, const char *what, char *err, size_t errlen)
{
	size_t n = id ? strlen(id) : 0;
	bool ok = n >= 1 && n <= SWR_ID_MAX_LEN;
	for (size_t i = 0; ok && i < n; i++) {
		char ch = id[i];
		ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-';
	}
	if (!ok && err && errlen) {
		char shown[SWR_ID_MAX_LEN + 8];
		quote_id(shown, sizeof shown, id ? id : "");
		snprintf(err, errlen, "%s is not %s ID: an ID is 1 to %d letters, digits and '-' (no '.', '/' or '%%')",
		         shown, what, SWR_ID_MAX_LEN);
	}
	return ok;
}
