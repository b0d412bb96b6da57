/* error.c — the shapes of Huawei Cloud error bodies, decoded for every service (SWR, and IAM and STS in
 * auth): the new format (error_code / error_msg, details, encoded_authorization_message), the old one
 * (errors[0].errorCode / errorMessage), code / message, IAM's {"error":{"code","message"}}, and the API
 * gateway's APIGW.* with request_id; read in that order of preference. Also result values, status
 * reasons and transport names. Pure functions. */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "swrtui/http/http.h"
#include "swrtui/base/secret.h"

static char *dup_str(const cJSON *obj, const char *name)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, name);
	if (cJSON_IsString(it) && it->valuestring && it->valuestring[0])
		return strdup(it->valuestring);
	if (cJSON_IsNumber(it)) {
		char tmp[64];
		snprintf(tmp, sizeof tmp, "%.0f", it->valuedouble);
		return strdup(tmp);
	}
	return NULL;
}

void api_error_free(api_error *e)
{
	if (!e)
		return;
	free(e->code);
	free(e->msg);
	free(e->encoded_authorization_message);
	free(e->gateway_request_id);
	for (size_t i = 0; i < e->ndetails; i++) {
		free(e->details[i].code);
		free(e->details[i].msg);
	}
	free(e->details);
	memset(e, 0, sizeof *e);
}

static void decode_details(const cJSON *arr, api_error *out)
{
	if (!cJSON_IsArray(arr))
		return;
	int n = cJSON_GetArraySize(arr);
	if (n <= 0)
		return;
	out->details = calloc((size_t)n, sizeof *out->details);
	if (!out->details)
		return;
	const cJSON *it;
	cJSON_ArrayForEach(it, arr)
	{
		if (!cJSON_IsObject(it))
			continue;
		api_error_detail *d = &out->details[out->ndetails];
		d->code = dup_str(it, "error_code");
		if (!d->code)
			d->code = dup_str(it, "errorCode");
		d->msg = dup_str(it, "error_msg");
		if (!d->msg)
			d->msg = dup_str(it, "errorMessage");
		if (d->code || d->msg)
			out->ndetails++;
	}
}

/* An escaped NUL (\u0000) in a string: cJSON would cut the string there without a word. */
static int has_escaped_nul(const char *s, size_t len)
{
	for (size_t i = 0; i + 6 <= len; i++) {
		if (s[i] != '\\')
			continue;
		if (memcmp(s + i + 1, "u0000", 5) == 0)
			return 1;
		i++; /* the escaped character, so that "\\\\" is one escape */
	}
	return 0;
}

void api_error_decode(const char *body, size_t len, api_error *out)
{
	memset(out, 0, sizeof *out);
	size_t i = 0;
	while (body && i < len && (body[i] == ' ' || body[i] == '\n' || body[i] == '\r' || body[i] == '\t'))
		i++;
	/* JSON never holds a raw NUL byte; cJSON would take one as whitespace or cut a string at it (an
	 * escaped one too): such a body is shown as text, escaped, rather than cut */
	if (!body || i == len || memchr(body, '\0', len) || has_escaped_nul(body, len)) {
		out->format = API_ERROR_FORMAT_NOT_JSON;
		return;
	}
	cJSON *root = cJSON_ParseWithLength(body, len);
	if (!root) {
		out->format = API_ERROR_FORMAT_NOT_JSON;
		return;
	}
	if (!cJSON_IsObject(root)) {
		cJSON_Delete(root);
		return;
	}
	const cJSON *errors = cJSON_GetObjectItemCaseSensitive(root, "errors");
	const cJSON *first = cJSON_IsArray(errors) ? cJSON_GetArrayItem(errors, 0) : NULL;
	if (first && !cJSON_IsObject(first))
		first = NULL;

	out->code = dup_str(root, "error_code");
	out->msg = dup_str(root, "error_msg");
	if (out->code || out->msg) {
		out->format = API_ERROR_FORMAT_NEW;
	} else if (first && (cJSON_GetObjectItemCaseSensitive(first, "errorCode") ||
	                     cJSON_GetObjectItemCaseSensitive(first, "errorMessage"))) {
		out->code = dup_str(first, "errorCode");
		out->msg = dup_str(first, "errorMessage");
		out->format = API_ERROR_FORMAT_OLD;
	} else {
		out->code = dup_str(root, "code");
		out->msg = dup_str(root, "message");
		/* IAM's own (Keystone) format: {"error":{"code":401,"message":"...","title":"Unauthorized"}} */
		const cJSON *inner = cJSON_GetObjectItemCaseSensitive(root, "error");
		if (!out->code && !out->msg && cJSON_IsObject(inner)) {
			out->code = dup_str(inner, "code");
			out->msg = dup_str(inner, "message");
			if (!out->msg)
				out->msg = dup_str(inner, "title");
		}
		if (out->code || out->msg)
			out->format = API_ERROR_FORMAT_CODE;
	}
	out->encoded_authorization_message = dup_str(root, "encoded_authorization_message");
	if (!out->encoded_authorization_message && first)
		out->encoded_authorization_message = dup_str(first, "encoded_authorization_message");
	out->gateway_request_id = dup_str(root, "request_id");
	if (out->code && strncmp(out->code, "APIGW.", 6) == 0)
		out->format = API_ERROR_FORMAT_GATEWAY;
	decode_details(cJSON_GetObjectItemCaseSensitive(root, "details"), out);
	if (out->ndetails == 0 && first) {
		/* the old format's "detail" is a plain string */
		char *detail = dup_str(first, "detail");
		if (detail) {
			free(out->details); /* a "details" array with no usable item left an empty allocation */
			out->details = calloc(1, sizeof *out->details);
			if (out->details) {
				out->details[0].msg = detail;
				out->ndetails = 1;
			} else {
				free(detail);
			}
		}
	}
	cJSON_Delete(root);
}

void api_result_free(api_result *r)
{
	if (!r)
		return;
	free(r->transport_msg);
	free(r->reason);
	free(r->request_id);
	free(r->content_type);
	free(r->location);
	free(r->retry_after);
	free(r->body);
	free(r->effective_url);
	free(r->proxy);
	for (size_t i = 0; i < r->nresp_headers; i++) {
		free(r->resp_headers[i].name);
		free(r->resp_headers[i].value);
	}
	free(r->resp_headers);
	secret_free(r->subject_token);
	api_error_free(&r->error);
	memset(r, 0, sizeof *r);
}

bool api_result_ok(const api_result *r)
{
	return r->transport == API_TRANSPORT_OK && r->status >= 200 && r->status < 300;
}

const char *api_transport_name(api_transport t)
{
	switch (t) {
	case API_TRANSPORT_OK: return "ok";
	case API_TRANSPORT_RESOLVE: return "name resolution";
	case API_TRANSPORT_CONNECT: return "connect";
	case API_TRANSPORT_TLS: return "TLS";
	case API_TRANSPORT_TIMEOUT: return "timeout";
	case API_TRANSPORT_TOO_LARGE: return "response too large";
	case API_TRANSPORT_CANCELLED: return "cancelled";
	case API_TRANSPORT_OTHER: break;
	}
	return "transfer";
}

const char *api_status_reason(long status)
{
	switch (status) {
	case 200: return "OK";
	case 201: return "Created";
	case 202: return "Accepted";
	case 204: return "No Content";
	case 301: return "Moved Permanently";
	case 302: return "Found";
	case 303: return "See Other";
	case 307: return "Temporary Redirect";
	case 308: return "Permanent Redirect";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 413: return "Payload Too Large";
	case 429: return "Too Many Requests";
	case 500: return "Internal Server Error";
	case 502: return "Bad Gateway";
	case 503: return "Service Unavailable";
	case 504: return "Gateway Timeout";
	default: return "";
	}
}
