/* project.c — the project ID of a region from IAM: GET /v3/auth/projects (token) or
 * GET /v3/projects?name=<region> (AK/SK), and picking the one named after the region. See project.h. */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "swrtui/auth/project.h"
#include "swrtui/base/buf.h"
#include "swrtui/base/text.h"

const char *iam_project_way_name(iam_project_way way)
{
	return way == IAM_PROJECT_AUTH_PROJECTS ? "GET " IAM_AUTH_PROJECTS_PATH " with the token"
	                                        : "GET " IAM_PROJECTS_PATH "?name=REGION with the access keys";
}

/* "a, b, c" of the names in projects (printable, at most about 300 bytes). */
static void project_names(const cJSON *projects, char *out, size_t outlen)
{
	buf b;
	buf_init(&b);
	size_t n = 0;
	for (const cJSON *p = projects ? projects->child : NULL; p; p = p->next) {
		const cJSON *name = cJSON_GetObjectItemCaseSensitive(p, "name");
		if (!cJSON_IsString(name))
			continue;
		char *shown = text_printable(name->valuestring, strlen(name->valuestring), 64, 0);
		if (b.len + (shown ? strlen(shown) : 1) + 8 >= outlen) { /* whole names only: never cut in a character */
			buf_puts(&b, ", …");
			free(shown);
			break;
		}
		buf_printf(&b, "%s%s", n++ ? ", " : "", shown ? shown : "?");
		free(shown);
	}
	snprintf(out, outlen, "%s", b.data && b.len ? b.data : "none");
	buf_free(&b);
}

char *iam_project_pick(const char *body, size_t len, const char *region, char *why, size_t whylen)
{
	cJSON *root = cJSON_ParseWithLength(body ? body : "", len);
	const cJSON *projects = cJSON_GetObjectItemCaseSensitive(root, "projects");
	if (!cJSON_IsArray(projects)) {
		snprintf(why, whylen, "the answer is not a list of projects (no \"projects\" array)");
		cJSON_Delete(root);
		return NULL;
	}
	char *id = NULL;
	for (const cJSON *p = projects->child; p && !id; p = p->next) {
		const cJSON *name = cJSON_GetObjectItemCaseSensitive(p, "name");
		const cJSON *pid = cJSON_GetObjectItemCaseSensitive(p, "id");
		if (cJSON_IsString(name) && strcmp(name->valuestring, region) == 0 && cJSON_IsString(pid) &&
		    *pid->valuestring)
			id = strdup(pid->valuestring);
	}
	if (!id) {
		char names[400];
		project_names(projects, names, sizeof names);
		snprintf(why, whylen, "no project is named \"%.64s\" (the projects: %s)", region, names);
	}
	cJSON_Delete(root);
	return id;
}

static void fail_unsent(api_result *res, const char *why)
{
	memset(res, 0, sizeof *res);
	res->transport = API_TRANSPORT_OTHER;
	res->transport_msg = strdup(why);
}

int iam_find_project(api_client *c, const char *endpoint, const char *region, iam_project_way way,
                     api_result *res, char **project_id)
{
	*project_id = NULL;
	char err[300];
	api_request req;
	const char *path = way == IAM_PROJECT_AUTH_PROJECTS ? IAM_AUTH_PROJECTS_PATH : IAM_PROJECTS_PATH;
	if (api_request_start(endpoint, "GET", path, NULL, &req, err, sizeof err) != 0) {
		fail_unsent(res, err);
		return -1;
	}
	if (api_request_add_header(&req, "Accept", "application/json") != 0 ||
	    (way == IAM_PROJECT_BY_NAME && api_request_add_query(&req, "name", region) != 0)) {
		api_request_free(&req);
		fail_unsent(res, "out of memory");
		return -1;
	}
	if (api_client_authenticate(c, &req, err, sizeof err) != 0) {
		api_request_free(&req);
		fail_unsent(res, err);
		return -1;
	}
	int rc = api_execute(c, &req, res);
	api_request_free(&req);
	if (rc != 0 || !api_result_ok(res))
		return -1;
	char why[600];
	*project_id = iam_project_pick(res->body, res->body_len, region, why, sizeof why);
	if (!*project_id) {
		free(res->transport_msg);
		res->transport_msg = strdup(why);
		return -1;
	}
	return 0;
}
