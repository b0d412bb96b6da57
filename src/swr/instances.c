/* instances.c — listing the SWR Enterprise Edition instances of a project, page after page with a bound
 * on pages, and choosing one by name. See instances.h. */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "swrtui/auth/auth.h"
#include "swrtui/base/buf.h"
#include "swrtui/base/text.h"
#include "swrtui/swr/instances.h"
#include "swrtui/swr/swr.h"
#include "swr_internal.h"

static void instance_free(swr_instance *i)
{
	free(i->id);
	free(i->name);
	free(i->status);
	free(i->spec);
	free(i->version);
	free(i->access_address);
	free(i->description);
	free(i->json);
}

void swr_instance_list_free(swr_instance_list *l)
{
	for (size_t i = 0; l && i < l->count; i++)
		instance_free(&l->items[i]);
	if (l) {
		free(l->items);
		memset(l, 0, sizeof *l);
	}
}

int swr_build_instances(api_client *c, long offset, api_request *req, char *err, size_t errlen)
{
	memset(req, 0, sizeof *req);
	const char *project = swr_client_project(c);
	if (!project || !*project) {
		snprintf(err, errlen, "no project ID: use --project-id or SWRTUI_PROJECT_ID");
		return -1;
	}
	if (!swr_id_valid(project, "a project", err, errlen))
		return -1;
	buf b;
	buf_init(&b);
	buf_puts(&b, "/v2/");
	buf_put_pct(&b, project);
	buf_puts(&b, "/instances");
	char *path = buf_take(&b);
	int rc = path ? api_request_start(api_client_endpoint(c), "GET", path, "application/json", req, err, errlen)
	              : -1;
	free(path);
	if (rc != 0)
		return -1;
	const api_auth *auth = api_auth_of(api_client_authenticator(c));
	if (api_request_add_header(req, "User-Agent", api_client_user_agent(c)) != 0 ||
	    api_request_add_header(req, "Accept", "application/json") != 0 ||
	    (auth && auth->kind == API_AUTH_AKSK && api_request_add_header(req, "X-Project-Id", project) != 0) ||
	    swr_add_query_long(req, "limit", SWR_INSTANCES_PAGE) != 0 || swr_add_query_long(req, "offset", offset) != 0) {
		snprintf(err, errlen, "out of memory");
		api_request_free(req);
		return -1;
	}
	return swr_build_finish(c, req, err, errlen);
}

static char *string_or_empty(const cJSON *obj, const char *name)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, name);
	return strdup(cJSON_IsString(it) ? it->valuestring : "");
}

/* One item of a page into *out. 0, or -1 with why. */
static int take_instance(const cJSON *it, size_t i, swr_instance *out, char *why, size_t whylen)
{
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(it, "id");
	const cJSON *name = cJSON_GetObjectItemCaseSensitive(it, "name");
	if (!cJSON_IsObject(it) || !cJSON_IsString(id) || !*id->valuestring || !cJSON_IsString(name)) {
		snprintf(why, whylen, "instances[%zu] has no id or name", i);
		return -1;
	}
	memset(out, 0, sizeof *out);
	out->id = strdup(id->valuestring);
	out->name = strdup(name->valuestring);
	out->status = string_or_empty(it, "status");
	out->spec = string_or_empty(it, "spec");
	out->version = string_or_empty(it, "version");
	out->access_address = string_or_empty(it, "access_address");
	out->description = string_or_empty(it, "description");
	out->json = cJSON_PrintUnformatted(it);
	if (!out->id || !out->name || !out->status || !out->spec || !out->version || !out->access_address ||
	    !out->description || !out->json) {
		instance_free(out);
		snprintf(why, whylen, "out of memory");
		return -1;
	}
	return 0;
}

int swr_instances_take_page(swr_instance_list *l, const char *body, size_t len, char *why, size_t whylen)
{
	cJSON *root = cJSON_ParseWithLength(body ? body : "", len);
	const cJSON *items = cJSON_GetObjectItemCaseSensitive(root, "instances");
	int n = cJSON_IsArray(items) ? cJSON_GetArraySize(items) : -1;
	if (n < 0 || n > SWR_INSTANCES_PAGE) {
		snprintf(why, whylen, n < 0 ? "the body is not a list of instances (no \"instances\" array)"
		                            : "a page holds more than 100 instances");
		cJSON_Delete(root);
		return -1;
	}
	swr_instance *grown = n ? realloc(l->items, (l->count + (size_t)n) * sizeof *grown) : l->items;
	if (n && !grown) {
		snprintf(why, whylen, "out of memory");
		cJSON_Delete(root);
		return -1;
	}
	l->items = grown;
	size_t before = l->count;
	for (const cJSON *it = items->child; it; it = it->next) {
		if (take_instance(it, l->count, &l->items[l->count], why, whylen) != 0) {
			while (l->count > before) /* a refused page leaves the list as it was */
				instance_free(&l->items[--l->count]);
			cJSON_Delete(root);
			return -1;
		}
		l->count++;
	}
	long long total = swr_json_count(cJSON_GetObjectItemCaseSensitive(root, "total"));
	cJSON_Delete(root);
	if (n < SWR_INSTANCES_PAGE || (total >= 0 && (long long)l->count >= total))
		return 1;
	return 0;
}

int swr_list_instances(api_client *c, api_result *res, swr_instance_list *out)
{
	memset(out, 0, sizeof *out);
	for (;;) {
		char err[300];
		api_request req;
		if (swr_build_instances(c, (long)(out->pages * SWR_INSTANCES_PAGE), &req, err, sizeof err) != 0) {
			swr_instance_list_free(out);
			return swr_build_failed(res, err);
		}
		if (swr_execute_built(c, &req, res) != 0) {
			swr_instance_list_free(out);
			return -1;
		}
		out->pages++;
		int rc = swr_instances_take_page(out, res->body, res->body_len, err, sizeof err);
		if (rc < 0) {
			swr_instance_list_free(out);
			return swr_malformed(res, "the body is not a list of instances", err);
		}
		if (rc == 1)
			return 0;
		if (out->pages >= SWR_INSTANCES_MAX_PAGES) {
			snprintf(err, sizeof err, "more than %d full pages of instances (%d): the listing does not end; refused",
			         SWR_INSTANCES_MAX_PAGES, SWR_INSTANCES_MAX_PAGES * SWR_INSTANCES_PAGE);
			swr_instance_list_free(out);
			return swr_malformed(res, "the listing goes on", err);
		}
		api_result_free(res);
	}
}

/* "a, b, c" of the names (or of the ids of the instances named name), made printable, at most ~400 bytes. */
static void instance_words(const swr_instance_list *l, const char *name, char *out, size_t outlen)
{
	buf b;
	buf_init(&b);
	size_t n = 0;
	for (size_t i = 0; i < l->count; i++) {
		if (name && strcmp(l->items[i].name, name) != 0)
			continue;
		const char *w = name ? l->items[i].id : l->items[i].name;
		char *shown = text_printable(w, strlen(w), 64, 0);
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

int swr_instance_by_name(const swr_instance_list *l, const char *name, size_t *idx, char *why, size_t whylen)
{
	size_t found = 0;
	for (size_t i = 0; i < l->count; i++)
		if (strcmp(l->items[i].name, name) == 0 && found++ == 0)
			*idx = i;
	char words[400];
	char *shown = text_printable(name, strlen(name), 64, 0);
	if (found == 1) {
		free(shown);
		return 0;
	}
	instance_words(l, found ? name : NULL, words, sizeof words);
	if (found)
		snprintf(why, whylen, "%zu instances are named \"%s\" (ids %s): use --instance-id ID", found,
		         shown ? shown : "?", words);
	else
		snprintf(why, whylen, "no instance is named \"%s\" (the instances: %s)", shown ? shown : "?", words);
	free(shown);
	return found ? -2 : -1;
}
