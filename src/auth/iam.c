/* iam.c — IAM password login: the endpoint (endpoint.c's rule, or an override), the /v3/auth/tokens
 * request (built by hand so that no unwiped copy of the password is left in freed memory), the token
 * from X-Subject-Token, the MFA variant, and the test for "token expired". See iam.h. */
#define _DEFAULT_SOURCE
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "swrtui/base/buf.h"
#include "swrtui/auth/endpoint.h"
#include "swrtui/auth/iam.h"
#include "swrtui/base/secret.h"

void iam_token_free(iam_token *t)
{
	if (!t)
		return;
	secret_free(t->token);
	free(t->expires_at);
	free(t->user_id);
	free(t->project_id);
	memset(t, 0, sizeof *t);
}

static bool present(const char *s)
{
	return s && *s;
}

char *iam_endpoint(const char *override, const char *region, char *err, size_t errlen)
{
	return cloud_endpoint_or_override(CLOUD_SERVICE_IAM, override, region, "IAM", "--iam-endpoint",
	                                  "SWRTUI_IAM_ENDPOINT", err, errlen);
}

/* A JSON string literal of s (quotes, backslash and control characters escaped; other bytes as they
 * are). Written straight into b, whose old blocks are wiped as it grows. */
static void put_json_string(buf *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	buf_putc(b, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': buf_puts(b, "\\\""); break;
		case '\\': buf_puts(b, "\\\\"); break;
		case '\b': buf_puts(b, "\\b"); break;
		case '\f': buf_puts(b, "\\f"); break;
		case '\n': buf_puts(b, "\\n"); break;
		case '\r': buf_puts(b, "\\r"); break;
		case '\t': buf_puts(b, "\\t"); break;
		default:
			if (*p < 0x20) {
				char esc[6] = {'\\', 'u', '0', '0', hex[*p >> 4], hex[*p & 15]};
				buf_append(b, esc, sizeof esc);
			} else {
				buf_putc(b, (char)*p);
			}
		}
	}
	buf_putc(b, '"');
}

static bool six_digits(const char *s)
{
	size_t n = 0;
	for (; s[n]; n++)
		if (!isdigit((unsigned char)s[n]))
			return false;
	return n == 6;
}

int iam_build_login(const char *endpoint, const iam_credentials *cr, api_request *req, char *err,
                    size_t errlen)
{
	memset(req, 0, sizeof *req);
	if (!present(cr->user)) {
		snprintf(err, errlen, "the IAM user name is empty");
		return -1;
	}
	if (!present(cr->account)) {
		snprintf(err, errlen, "the account name is empty");
		return -1;
	}
	if (!present(cr->password)) {
		snprintf(err, errlen, "the password is empty");
		return -1;
	}
	if (!present(cr->region)) {
		snprintf(err, errlen, "no region: the token is scoped to one region; set it with --region REGION");
		return -1;
	}
	if (!cloud_region_plausible(cr->region)) {
		snprintf(err, errlen, "\"%.64s\" is not a region id (such as cn-north-4)", cr->region);
		return -1;
	}
	bool mfa = present(cr->mfa_code);
	if (mfa && !six_digits(cr->mfa_code)) {
		snprintf(err, errlen, "the MFA code is the six digits the virtual MFA device shows");
		return -1;
	}
	if (mfa && !present(cr->user_id)) {
		snprintf(err, errlen, "an MFA code needs the IAM user ID (IAM names the user by ID in the totp method)");
		return -1;
	}
	if (api_request_start(endpoint, "POST", IAM_TOKENS_PATH, "application/json;charset=utf8", req, err, errlen) !=
	    0)
		return -1;
	buf b;
	buf_init(&b);
	buf_printf(&b, "{\"auth\":{\"identity\":{\"methods\":[\"password\"%s],", mfa ? ",\"totp\"" : "");
	buf_puts(&b, "\"password\":{\"user\":{\"name\":");
	put_json_string(&b, cr->user);
	buf_puts(&b, ",\"password\":");
	put_json_string(&b, cr->password);
	buf_puts(&b, ",\"domain\":{\"name\":");
	put_json_string(&b, cr->account);
	buf_puts(&b, "}}}");
	if (mfa) {
		buf_puts(&b, ",\"totp\":{\"user\":{\"id\":");
		put_json_string(&b, cr->user_id);
		buf_puts(&b, ",\"passcode\":");
		put_json_string(&b, cr->mfa_code);
		buf_puts(&b, "}}");
	}
	buf_puts(&b, "},\"scope\":{\"project\":{\"name\":");
	put_json_string(&b, cr->region);
	buf_puts(&b, "}}}}");
	size_t len = b.len;
	req->body = buf_take(&b);
	if (!req->body) {
		snprintf(err, errlen, "out of memory");
		api_request_free(req);
		return -1;
	}
	req->body_len = len;
	return 0;
}

/* ---- sending ---- */

static void fail_unsent(api_result *res, const char *why)
{
	memset(res, 0, sizeof *res);
	res->transport = API_TRANSPORT_OTHER;
	res->transport_msg = strdup(why);
}

/* One call: build, send, free the request (its body is wiped). */
static int login_once(api_client *c, const char *endpoint, const iam_credentials *cr, api_result *res)
{
	char err[256];
	api_request req;
	if (iam_build_login(endpoint, cr, &req, err, sizeof err) != 0) {
		fail_unsent(res, err);
		return -1;
	}
	int rc = api_execute(c, &req, res);
	api_request_free(&req);
	return rc;
}

static char *string_at(const cJSON *obj, const char *name)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, name);
	return cJSON_IsString(it) && it->valuestring && *it->valuestring ? strdup(it->valuestring) : NULL;
}

/* The first "user_id" string, or "id" of a "user" object, anywhere in the tree (depth first). */
static char *find_user_id(const cJSON *node, int depth)
{
	if (!node || depth > 16)
		return NULL;
	for (const cJSON *it = node->child; it; it = it->next) {
		if (it->string && strcmp(it->string, "user_id") == 0 && cJSON_IsString(it) && *it->valuestring)
			return strdup(it->valuestring);
		if (it->string && strcmp(it->string, "user") == 0 && cJSON_IsObject(it)) {
			char *id = string_at(it, "id");
			if (id)
				return id;
		}
		if (cJSON_IsObject(it) || cJSON_IsArray(it)) {
			char *id = find_user_id(it, depth + 1);
			if (id)
				return id;
		}
	}
	return NULL;
}

/* Reads the answer of a successful call into out; -1 (res->transport_msg says why) without a token. */
static int take_token(api_result *res, iam_token *out)
{
	if (!present(res->subject_token)) {
		free(res->transport_msg);
		res->transport_msg = strdup("IAM answered without an X-Subject-Token header: no token was issued");
		return -1;
	}
	out->token = res->subject_token;
	res->subject_token = NULL;
	cJSON *root = cJSON_ParseWithLength(res->body ? res->body : "", res->body_len);
	const cJSON *tok = cJSON_GetObjectItemCaseSensitive(root, "token");
	out->expires_at = string_at(tok, "expires_at");
	out->user_id = string_at(cJSON_GetObjectItemCaseSensitive(tok, "user"), "id");
	out->project_id = string_at(cJSON_GetObjectItemCaseSensitive(tok, "project"), "id");
	cJSON_Delete(root);
	return 0;
}

int iam_login(api_client *c, const char *endpoint, iam_credentials *cr, api_result *res, iam_token *out)
{
	memset(out, 0, sizeof *out);
	iam_credentials first = *cr;
	char *found_id = NULL;
	int rc;
	if (present(cr->mfa_code) && !present(cr->user_id)) {
		/* the user ID is unknown: try the password alone; the refusal may name the user */
		first.mfa_code = NULL;
		rc = login_once(c, endpoint, &first, res);
		if (rc == 0 && !api_result_ok(res) && res->status == 401) {
			cJSON *root = cJSON_ParseWithLength(res->body ? res->body : "", res->body_len);
			found_id = find_user_id(root, 0);
			cJSON_Delete(root);
		}
		if (found_id) {
			api_result_free(res);
			first.mfa_code = cr->mfa_code;
			first.user_id = found_id;
			rc = login_once(c, endpoint, &first, res);
		}
	} else {
		rc = login_once(c, endpoint, &first, res);
	}
	free(found_id);
	if (cr->password)
		secret_wipe(cr->password, strlen(cr->password));
	if (rc != 0 || !api_result_ok(res))
		return -1;
	if (res->status != 200 && res->status != 201) {
		free(res->transport_msg);
		res->transport_msg = strdup("IAM answered an unexpected success status: no token was issued");
		return -1;
	}
	return take_token(res, out);
}

bool iam_token_expired(const api_result *res)
{
	if (!res || res->transport != API_TRANSPORT_OK || res->status != 401 || !res->error.code)
		return false;
	const char *code = res->error.code;
	if (strcmp(code, "SVCSTG.SWR.4010000") == 0 || strcmp(code, "APIGW.0307") == 0)
		return true;
	return strcmp(code, "APIGW.0301") == 0 && res->error.msg && strstr(res->error.msg, "token expire") != NULL;
}
