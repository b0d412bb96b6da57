/* redact.c — the one list of secret header names and JSON member names, and the body redactor; see
 * redact.h. */
#define _DEFAULT_SOURCE
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "swrtui/base/secret.h"
#include "swrtui/http/redact.h"

static const char *const sensitive_headers[] = {
	"X-Auth-Token", "X-Security-Token", "X-Subject-Token", "Authorization", "Proxy-Authorization",
	"Cookie",       "Set-Cookie",
};

static const char *const sensitive_json_keys[] = {"access_secret", "password", "secret", "passcode"};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

bool http_header_is_sensitive(const char *name)
{
	for (size_t i = 0; name && i < COUNT(sensitive_headers); i++)
		if (strcasecmp(name, sensitive_headers[i]) == 0)
			return true;
	return false;
}

bool http_json_key_is_sensitive(const char *key)
{
	for (size_t i = 0; key && i < COUNT(sensitive_json_keys); i++)
		if (strcmp(key, sensitive_json_keys[i]) == 0)
			return true;
	return false;
}

const char *http_sensitive_header(size_t i)
{
	return i < COUNT(sensitive_headers) ? sensitive_headers[i] : NULL;
}

const char *http_sensitive_json_key(size_t i)
{
	return i < COUNT(sensitive_json_keys) ? sensitive_json_keys[i] : NULL;
}

static void redact_tree(cJSON *node)
{
	for (cJSON *it = node ? node->child : NULL; it; it = it->next) {
		if (it->string && cJSON_IsString(it) && http_json_key_is_sensitive(it->string)) {
			secret_wipe(it->valuestring, strlen(it->valuestring));
			cJSON_SetValuestring(it, "<redacted>");
		} else {
			redact_tree(it);
		}
	}
}

char *api_redact_body(const char *body, size_t len)
{
	if (!body)
		return NULL;
	cJSON *root = cJSON_ParseWithLength(body, len);
	if (!root) {
		char *copy = malloc(len + 1);
		if (copy) {
			memcpy(copy, body, len);
			copy[len] = '\0';
		}
		return copy;
	}
	redact_tree(root);
	char *out = cJSON_PrintUnformatted(root);
	cJSON_Delete(root);
	return out;
}
