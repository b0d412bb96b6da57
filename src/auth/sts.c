/* sts.c — decoding an encoded authorization message: the STS endpoint (endpoint.c's rule, or an
 * override), the signed decode request, and
 * the readable summary of the decoded document, whose shape is not published: fields are found by
 * common key names (case, "_" and "-" ignored) wherever they sit. See sts.h. */
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
#include "swrtui/auth/sts.h"

char *sts_endpoint(const char *override, const char *region, char *err, size_t errlen)
{
	return cloud_endpoint_or_override(CLOUD_SERVICE_STS, override, region, "STS", "--sts-endpoint",
	                                  "SWRTUI_STS_ENDPOINT", err, errlen);
}

int sts_check_auth(const api_auth *auth, char *err, size_t errlen)
{
	if (auth && auth->kind == API_AUTH_AKSK)
		return 0;
	snprintf(err, errlen,
	         "decoding needs AK/SK: set CLOUD_SDK_AK and CLOUD_SDK_SK, or use --credentials-file FILE "
	         "(STS takes a signed request here; a token is not enough)%s",
	         auth && auth->kind == API_AUTH_TOKEN ? "; with both configured, --auth aksk selects the keys" : "");
	return -1;
}

int sts_build_decode(const char *endpoint, const char *message, const api_auth *auth, api_request *req,
                     char *err, size_t errlen)
{
	memset(req, 0, sizeof *req);
	size_t n = message ? strlen(message) : 0;
	if (n == 0) {
		snprintf(err, errlen, "the encoded message is empty");
		return -1;
	}
	if (n > STS_MESSAGE_MAX) {
		snprintf(err, errlen, "the encoded message has %zu characters; STS takes at most %d", n, STS_MESSAGE_MAX);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)message[i];
		if (ch <= 0x20 || ch >= 0x7f) {
			snprintf(err, errlen,
			         "the encoded message has a space, control or non-ASCII character at position %zu; "
			         "copy it again as the error showed it",
			         i + 1);
			return -1;
		}
	}
	if (sts_check_auth(auth, err, errlen) != 0)
		return -1;
	if (api_request_start(endpoint, "POST", STS_DECODE_PATH, "application/json", req, err, errlen) != 0)
		return -1;
	cJSON *body = cJSON_CreateObject();
	char *text = NULL;
	if (body && cJSON_AddStringToObject(body, "encoded_message", message))
		text = cJSON_PrintUnformatted(body);
	cJSON_Delete(body);
	if (!text) {
		snprintf(err, errlen, "out of memory");
		api_request_free(req);
		return -1;
	}
	req->body = text;
	req->body_len = strlen(text);
	if (api_auth_apply(auth, req, err, errlen) != 0) {
		api_request_free(req);
		return -1;
	}
	return 0;
}

int sts_decode(api_client *c, const char *endpoint, const char *message, const api_auth *auth,
               api_result *res, char **decoded)
{
	char err[512];
	api_request req;
	*decoded = NULL;
	if (sts_build_decode(endpoint, message, auth, &req, err, sizeof err) != 0) {
		memset(res, 0, sizeof *res);
		res->transport = API_TRANSPORT_OTHER;
		res->transport_msg = strdup(err);
		return -1;
	}
	int rc = api_execute(c, &req, res);
	api_request_free(&req);
	if (rc != 0)
		return -1;
	return sts_read_answer(res, decoded);
}

int sts_read_answer(api_result *res, char **decoded)
{
	*decoded = NULL;
	if (!api_result_ok(res))
		return -1;
	cJSON *root = cJSON_ParseWithLength(res->body ? res->body : "", res->body_len);
	const cJSON *dm = cJSON_GetObjectItemCaseSensitive(root, "decoded_message");
	if (cJSON_IsString(dm) && dm->valuestring)
		*decoded = strdup(dm->valuestring);
	else if (cJSON_IsObject(dm)) /* a document instead of a string: taken as well */
		*decoded = cJSON_PrintUnformatted(dm);
	cJSON_Delete(root);
	if (!*decoded) {
		buf b;
		buf_init(&b);
		buf_printf(&b, "STS answered %ld but the body does not carry the decoded message "
		               "(expected {\"decoded_message\": \"...\"})",
		           res->status);
		free(res->transport_msg);
		res->transport_msg = buf_take(&b);
		return -1;
	}
	return 0;
}

/* ---- the summary ---- */

void sts_summary_free(sts_summary *s)
{
	if (!s)
		return;
	free(s->who);
	free(s->action);
	free(s->resource);
	free(s->why);
	free(s->request_id);
	free(s->pretty);
	memset(s, 0, sizeof *s);
}

/* Key names compare without case, "_" and "-": "user_name", "userName" and "UserName" are one. */
static bool key_is(const char *key, const char *want)
{
	if (!key)
		return false;
	for (;;) {
		while (*key == '_' || *key == '-')
			key++;
		if (!*key || !*want)
			return !*key && !*want;
		if (tolower((unsigned char)*key) != *want)
			return false;
		key++;
		want++;
	}
}

#define MAX_NODES 4096

/* The first member named want, breadth first from node (so the shallowest wins), or NULL. */
static const cJSON *find_key(const cJSON *node, const char *want)
{
	if (!node)
		return NULL;
	const cJSON *queue[MAX_NODES];
	size_t head = 0, tail = 0;
	queue[tail++] = node;
	while (head < tail) {
		const cJSON *n = queue[head++];
		for (const cJSON *it = n->child; it; it = it->next) {
			if (cJSON_IsObject(n) && key_is(it->string, want) && !cJSON_IsNull(it))
				return it;
		}
		for (const cJSON *it = n->child; it; it = it->next)
			if ((cJSON_IsObject(it) || cJSON_IsArray(it)) && tail < MAX_NODES)
				queue[tail++] = it;
	}
	return NULL;
}

/* The first of several names (in order of preference), each searched through the whole tree. */
static const cJSON *find_any(const cJSON *node, const char *const *wants)
{
	for (; *wants; wants++) {
		const cJSON *it = find_key(node, *wants);
		if (it)
			return it;
	}
	return NULL;
}

/* A member of obj itself (no descent) among several names. */
static const cJSON *member_any(const cJSON *obj, const char *const *wants)
{
	if (!cJSON_IsObject(obj))
		return NULL;
	for (; *wants; wants++)
		for (const cJSON *it = obj->child; it; it = it->next)
			if (key_is(it->string, *wants) && !cJSON_IsNull(it))
				return it;
	return NULL;
}

static const char *const NAME_KEYS[] = {"name", "urn", "id", NULL};

/* A value as text: strings as they are, numbers and booleans printed, arrays joined with ", ",
 * objects by their name / urn / id, else compact JSON. Malloc'd, or NULL for nothing. */
static char *value_text(const cJSON *v)
{
	if (!v || cJSON_IsNull(v))
		return NULL;
	if (cJSON_IsString(v))
		return v->valuestring && *v->valuestring ? strdup(v->valuestring) : NULL;
	if (cJSON_IsBool(v))
		return strdup(cJSON_IsTrue(v) ? "true" : "false");
	if (cJSON_IsArray(v)) {
		buf b;
		buf_init(&b);
		bool any = false;
		for (const cJSON *it = v->child; it; it = it->next) {
			char *t = value_text(it);
			if (t) {
				buf_printf(&b, "%s%s", any ? ", " : "", t);
				any = true;
				free(t);
			}
		}
		if (!any) {
			buf_free(&b);
			return NULL;
		}
		return buf_take(&b);
	}
	if (cJSON_IsObject(v)) {
		const cJSON *n = member_any(v, NAME_KEYS);
		if (n && (cJSON_IsString(n) || cJSON_IsNumber(n)))
			return value_text(n);
	}
	return cJSON_PrintUnformatted(v);
}

/* Text of the first of several names, or NULL. */
static char *text_any(const cJSON *node, const char *const *wants)
{
	return value_text(find_any(node, wants));
}

/* "user NAME (ID X)", "account ID Y", ... appended to b. */
static void put_party(buf *b, const char *kind, char *name, char *id)
{
	if (!name && !id)
		return;
	buf_printf(b, "%s%s ", b->len ? ", " : "", kind);
	if (name && id)
		buf_printf(b, "%s (ID %s)", name, id);
	else if (name)
		buf_puts(b, name);
	else
		buf_printf(b, "ID %s", id);
	free(name);
	free(id);
}

/* Name (or ID) of a party that is a string, or an object with name / id members. */
static void party_parts(const cJSON *v, char **name, char **id)
{
	static const char *const names[] = {"name", NULL}, *const ids[] = {"id", NULL};
	if (cJSON_IsString(v) || cJSON_IsNumber(v)) {
		if (!*name)
			*name = value_text(v);
	} else if (cJSON_IsObject(v)) {
		if (!*name)
			*name = value_text(member_any(v, names));
		if (!*id)
			*id = value_text(member_any(v, ids));
	}
}

static char *describe_who(const cJSON *root)
{
	static const char *const principal_keys[] = {"user", "principal", "caller", "identity", "subject",
	                                             "requester", NULL};
	static const char *const user_name_keys[] = {"username", "name", NULL};
	static const char *const user_id_keys[] = {"userid", "id", NULL};
	static const char *const doc_user_name[] = {"username", NULL};
	static const char *const doc_user_id[] = {"userid", NULL};
	static const char *const account_name_keys[] = {"domainname", "accountname", NULL};
	static const char *const account_id_keys[] = {"domainid", "accountid", NULL};
	static const char *const account_objs[] = {"domain", "account", NULL};
	static const char *const agency_keys[] = {"agencyname", "agency", "assumedagency", "rolename", NULL};
	static const char *const urn_keys[] = {"principalurn", "urn", NULL};

	const cJSON *p = find_any(root, principal_keys);
	char *user = NULL, *uid = NULL, *acct = NULL, *aid = NULL, *urn = NULL;
	if (cJSON_IsObject(p)) {
		user = value_text(member_any(p, user_name_keys));
		uid = value_text(member_any(p, user_id_keys));
		acct = value_text(member_any(p, account_name_keys));
		aid = value_text(member_any(p, account_id_keys));
		party_parts(member_any(p, account_objs), &acct, &aid);
		urn = value_text(member_any(p, urn_keys));
		if (user && urn) {
			free(urn);
			urn = NULL;
		}
	} else if (p) {
		user = value_text(p);
	}
	if (!user)
		user = text_any(root, doc_user_name);
	if (!uid)
		uid = text_any(root, doc_user_id);
	if (!acct)
		acct = text_any(root, account_name_keys);
	if (!aid)
		aid = text_any(root, account_id_keys);
	if (!acct || !aid)
		party_parts(find_any(root, account_objs), &acct, &aid);
	char *agency = text_any(root, agency_keys);

	buf b;
	buf_init(&b);
	put_party(&b, !p || key_is(p->string, "user") ? "user" : "principal", user, uid);
	put_party(&b, "account", acct, aid);
	put_party(&b, "agency", agency, NULL);
	if (urn) {
		buf_printf(&b, "%sprincipal %s", b.len ? ", " : "", urn);
		free(urn);
	}
	if (b.len == 0) {
		buf_free(&b);
		return NULL;
	}
	return buf_take(&b);
}

static bool contains_nocase(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return true;
	return n == 0;
}

static char *describe_why(const cJSON *root)
{
	static const char *const reason_keys[] = {"failure", "failurereason", "denyreason", "deniedreason", "reason",
	                                          "explanation", "cause", "errormessage", "message", NULL};
	static const char *const decision_keys[] = {"decision", "effect", "result", "allowed", NULL};
	char *reason = text_any(root, reason_keys);
	char *decision = text_any(root, decision_keys);
	if (!decision || (reason && contains_nocase(reason, decision))) {
		free(decision);
		return reason;
	}
	buf b;
	buf_init(&b);
	if (reason)
		buf_printf(&b, "%s (decision: %s)", reason, decision);
	else
		buf_printf(&b, "decision: %s", decision);
	free(reason);
	free(decision);
	return buf_take(&b);
}

static void put_indent(buf *b, int depth)
{
	for (int i = 0; i < depth; i++)
		buf_puts(b, "  ");
}

/* Scalars as cJSON prints them (strings escaped); a member name as a JSON string. */
static void put_printed(buf *b, const cJSON *n)
{
	char *t = cJSON_PrintUnformatted(n);
	if (t) {
		buf_puts(b, t);
		free(t);
	} else {
		b->failed = true;
	}
}

/* The document indented with two spaces, "name": value, one member or element per line. */
static void pretty_node(buf *b, const cJSON *n, int depth)
{
	bool obj = cJSON_IsObject(n);
	if (!obj && !cJSON_IsArray(n)) {
		put_printed(b, n);
		return;
	}
	if (!n->child) {
		buf_puts(b, obj ? "{}" : "[]");
		return;
	}
	buf_puts(b, obj ? "{\n" : "[\n");
	for (const cJSON *it = n->child; it; it = it->next) {
		put_indent(b, depth + 1);
		if (obj) {
			cJSON *key = cJSON_CreateStringReference(it->string ? it->string : "");
			put_printed(b, key);
			cJSON_Delete(key);
			buf_puts(b, ": ");
		}
		pretty_node(b, it, depth + 1);
		buf_puts(b, it->next ? ",\n" : "\n");
	}
	put_indent(b, depth);
	buf_putc(b, obj ? '}' : ']');
}

static char *pretty_print(const cJSON *doc)
{
	buf b;
	buf_init(&b);
	pretty_node(&b, doc, 0);
	return buf_take(&b);
}

int sts_summarize(const char *decoded, size_t len, sts_summary *s)
{
	static const char *const action_keys[] = {"action", "actions", "operation", NULL};
	static const char *const resource_keys[] = {"resource", "resources", "resourceurn", "resourceurns",
	                                            "resourcename", "target", NULL};
	static const char *const request_keys[] = {"requestid", NULL};
	memset(s, 0, sizeof *s);
	cJSON *root = decoded ? cJSON_ParseWithLength(decoded, len) : NULL;
	if (cJSON_IsString(root) && root->valuestring) {
		/* a document encoded once more as a JSON string */
		cJSON *inner = cJSON_Parse(root->valuestring);
		if (cJSON_IsObject(inner) || cJSON_IsArray(inner)) {
			cJSON_Delete(root);
			root = inner;
		} else {
			cJSON_Delete(inner);
		}
	}
	if (!cJSON_IsObject(root) && !cJSON_IsArray(root)) {
		cJSON_Delete(root);
		s->pretty = malloc(len + 1);
		if (!s->pretty)
			return -1;
		if (len)
			memcpy(s->pretty, decoded, len);
		s->pretty[len] = '\0';
		return 0;
	}
	s->is_json = true;
	s->who = describe_who(root);
	s->action = text_any(root, action_keys);
	s->resource = text_any(root, resource_keys);
	s->why = describe_why(root);
	s->request_id = text_any(root, request_keys);
	s->pretty = pretty_print(root);
	cJSON_Delete(root);
	if (!s->pretty) {
		sts_summary_free(s);
		return -1;
	}
	return 0;
}

char *sts_summary_format(const sts_summary *s)
{
	buf b;
	buf_init(&b);
	const struct {
		const char *label;
		const char *value;
	} rows[] = {
		{"who:", s->who}, {"action:", s->action}, {"resource:", s->resource}, {"why:", s->why},
		{"request:", s->request_id},
	};
	bool any = false;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		if (rows[i].value) {
			buf_printf(&b, "%-10s %s\n", rows[i].label, rows[i].value);
			any = true;
		}
	}
	if (!s->is_json)
		buf_puts(&b, "The decoded message is not JSON; here it is as STS returned it.\n");
	else if (!any)
		buf_puts(&b, "The decoded document names no user, action, resource or reason that swrtui "
		             "recognises; read it below.\n");
	buf_puts(&b, "\ndecoded document:\n");
	buf_puts(&b, s->pretty ? s->pretty : "");
	if (b.len && b.data[b.len - 1] != '\n')
		buf_putc(&b, '\n');
	return buf_take(&b);
}
