/* cli_common.c — what every plain command may call, and which calls none of them: set-up of the
 * session, reporting a failed request with its exit code, the usage message of a command, registry IDs,
 * reading a registry file, and printing JSON or a dry run. */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "swrtui/http/http.h"
#include "swrtui/http/redact.h"
#include "swrtui/base/buf.h"
#include "swrtui/cli/cli.h"
#include "swrtui/model/registry.h"
#include "swrtui/swr/errcat.h"
#include "swrtui/base/secret.h"
#include "swrtui/config/session.h"
#include "swrtui/base/text.h"
#include "cli_internal.h"

#define MAX_INPUT_BYTES (1024 * 1024)

void cli_say_safe(FILE *f, const char *label, const char *s, size_t max)
{
	if (!s)
		return;
	char *p = text_printable(s, strlen(s), max, 0);
	fprintf(f, "  %-12s %s\n", label, p ? p : "");
	free(p);
}

/* ---- reporting results ---- */

/* After retries: how many times the request went out (the last answer is the one reported). */
static void say_attempts(FILE *e, const api_result *res)
{
	if (res->attempts > 1)
		fprintf(e, "  %-12s %d (the request was sent again after each failure; the last one is shown)\n",
		        "attempts:", res->attempts);
}

static int report_transport(cli_ctx *x, const api_result *res)
{
	char *msg = text_printable(res->transport_msg ? res->transport_msg : "", res->transport_msg ? strlen(res->transport_msg) : 0, 500, 0);
	if (res->transport == API_TRANSPORT_TOO_LARGE) {
		fprintf(x->errf, "swrtui: %s (%s)\n", msg ? msg : "", x->endpoint);
		free(msg);
		return CLI_EXIT_REFUSED;
	}
	fprintf(x->errf, "swrtui: cannot reach the service at %s: %s failed: %s\n", x->endpoint,
	        api_transport_name(res->transport), msg ? msg : "");
	free(msg);
	switch (res->transport) {
	case API_TRANSPORT_RESOLVE:
		fprintf(x->errf, "  hint: check the endpoint or region; the host name does not resolve\n");
		break;
	case API_TRANSPORT_CONNECT:
		fprintf(x->errf, "  hint: nothing answers at that address; check the endpoint, a proxy or a firewall\n");
		break;
	case API_TRANSPORT_TLS: fprintf(x->errf, "  hint: %s\n", errcat_tls_hint(res->transport_msg)); break;
	case API_TRANSPORT_TIMEOUT:
		fprintf(x->errf, "  hint: the service did not answer in time; retry, or raise --timeout\n");
		break;
	default: break;
	}
	say_attempts(x->errf, res);
	return CLI_EXIT_UNREACHABLE;
}

/* The Date header of the answer (the gateway's clock), or NULL. */
static const char *date_header(const api_result *res)
{
	for (size_t i = 0; i < res->nresp_headers; i++)
		if (strcasecmp(res->resp_headers[i].name, "Date") == 0)
			return res->resp_headers[i].value;
	return NULL;
}

/* The verdict of an AK/SK refusal (swrtui's canonical request against the gateway's, or the two clocks)
 * and the hint, naming the IAM action of the request that was refused (the last one recorded). */
static void say_diagnosis(cli_ctx *x, const api_result *res)
{
	const api_error *er = &res->error;
	const reqlog_entry *last = x->log.cap ? reqlog_get(&x->log, 0) : NULL;
	char *v = last ? errcat_auth_verdict(er->code, er->msg, last->canonical, date_header(res)) : NULL;
	if (v)
		fprintf(x->errf, "  %-12s %s\n", "verdict:", v);
	char *hint = v ? NULL
	               : errcat_hint_for(res->status, er->code, er->msg,
	                                 last ? errcat_action(last->method, last->url) : NULL, NULL);
	if (hint)
		fprintf(x->errf, "  %-12s %s\n", "hint:", hint);
	free(hint);
	free(v);
}

static int report_refusal(cli_ctx *x, const api_result *res)
{
	FILE *e = x->errf;
	if (res->status >= 300 && res->status < 400) {
		char *loc = text_printable(res->location ? res->location : "(none)", strlen(res->location ? res->location : "(none)"), 300, 0);
		fprintf(e,
		        "swrtui: the service answered HTTP %ld with a redirect to %s; redirects are not followed, so that "
		        "the token never travels to another host: check the endpoint\n",
		        res->status, loc ? loc : "");
		free(loc);
		cli_say_safe(e, "request id:", res->request_id, 200);
		return CLI_EXIT_REFUSED;
	}
	char *reason = text_printable(res->reason ? res->reason : "", res->reason ? strlen(res->reason) : 0, 100, 0);
	fprintf(e, "swrtui: the service refused the request: HTTP %ld %s\n", res->status, reason ? reason : "");
	free(reason);
	const api_error *er = &res->error;
	cli_say_safe(e, "error_code:", er->code, 200);
	cli_say_safe(e, "error_msg:", er->msg, 2000);
	for (size_t i = 0; i < er->ndetails; i++) {
		buf b;
		buf_init(&b);
		buf_printf(&b, "%s%s%s", er->details[i].code ? er->details[i].code : "",
		           er->details[i].code && er->details[i].msg ? ": " : "", er->details[i].msg ? er->details[i].msg : "");
		char *d = buf_take(&b);
		cli_say_safe(e, "detail:", d, 500);
		free(d);
	}
	cli_say_safe(e, "request id:", res->request_id ? res->request_id : er->gateway_request_id, 200);
	cli_say_safe(e, "retry after:", res->retry_after, 100);
	say_attempts(e, res);
	if (er->format == API_ERROR_FORMAT_GATEWAY)
		fprintf(e, "  %-12s the API gateway answered, not the SWR service\n", "source:");
	if (er->encoded_authorization_message) {
		size_t n = strlen(er->encoded_authorization_message);
		char *m = text_printable(er->encoded_authorization_message, n, 0, 0);
		fprintf(e, "  %-12s (%zu characters; STS decode-authorization-message explains it)\n  %s\n",
		        "encoded authorization message:", n, m ? m : "");
		free(m);
	}
	if (er->format == API_ERROR_FORMAT_NOT_JSON || er->format == API_ERROR_FORMAT_NONE) {
		if (res->body_len == 0) {
			fprintf(e, "  %-12s the response had no body\n", "body:");
		} else {
			char *b = text_printable(res->body, res->body_len, 300, 0);
			char *ct = res->content_type ? text_printable(res->content_type, strlen(res->content_type), 100, 0)
			                             : NULL;
			fprintf(e, "  %-12s (%s%s%zu bytes, not an SWR error document) %s\n", "body:", ct ? ct : "",
			        ct ? ", " : "", res->body_len, b ? b : "");
			free(ct);
			free(b);
		}
	}
	say_diagnosis(x, res);
	return CLI_EXIT_REFUSED;
}

/* After an operation failed: a 2xx with a malformed body, a refusal, or a transport failure. */
int cli_report_failure(cli_ctx *x, const api_result *res)
{
	if (res->transport != API_TRANSPORT_OK)
		return report_transport(x, res);
	if (api_result_ok(res)) {
		char *m = text_printable(res->transport_msg ? res->transport_msg : "the answer could not be read",
		                         strlen(res->transport_msg ? res->transport_msg : "the answer could not be read"), 500, 0);
		fprintf(x->errf, "swrtui: %s\n", m ? m : "");
		free(m);
		cli_say_safe(x->errf, "request id:", res->request_id, 200);
		return CLI_EXIT_REFUSED;
	}
	return report_refusal(x, res);
}

int cli_describe_failure(FILE *f, const char *endpoint, const api_result *res)
{
	cli_ctx x = {.errf = f, .endpoint = endpoint ? endpoint : ""};
	return cli_report_failure(&x, res);
}

/* ---- set-up ---- */

static void verbose_observe(void *ctx, const api_request *req, const api_result *res)
{
	cli_ctx *x = ctx;
	reqlog_observe(&x->log, req, res);
	if (!x->o->verbose)
		return;
	char *text = reqlog_format(reqlog_get(&x->log, 0));
	if (text) {
		fprintf(x->errf, "swrtui: request\n%s\n", text);
		free(text);
	}
}

/* A retry is about to be waited for: say so on stderr, once per retry. */
static void retry_notice(void *ctx, const api_retry_info *info)
{
	cli_ctx *x = ctx;
	if (info->phase != API_RETRY_WAIT)
		return;
	char line[160];
	api_retry_describe(info, line, sizeof line);
	fprintf(x->errf, "swrtui: %s\n", line);
	fflush(x->errf);
}

void cli_watch_requests(cli_ctx *x, api_client *c)
{
	if (c)
		api_client_set_retry_notify(c, retry_notice, x);
	if (!c)
		return;
	/* the last request is kept for the diagnosis of a refusal; --verbose also prints each one */
	if (!x->log.cap)
		reqlog_init(&x->log, 1);
	api_client_set_observer(c, verbose_observe, x);
}

int cli_setup(cli_ctx *x)
{
	char err[1024];
	unsigned flags = x->cmd ? x->cmd->flags : 0;
	bool need_client = flags & (CLI_NEEDS_SERVICE | CLI_NEEDS_PROJECT);
	session_scope scope = flags & CLI_NEEDS_PROJECT ? SESSION_FOR_PROJECT : SESSION_FOR_INSTANCE;
	settings *s = &x->o->settings;
	if (session_prepare_scope(&x->ss, s, x->o->profile, need_client, false, scope, err, sizeof err) != 0 ||
	    (need_client && session_start_client(&x->ss, s, err, sizeof err) != 0)) {
		fprintf(x->errf, "swrtui: %s\n", err);
		return CLI_EXIT_USAGE;
	}
	x->client = x->ss.client;
	x->endpoint = x->ss.endpoint;
	cli_watch_requests(x, x->client);
	if (!need_client)
		return 0;
	/* a project or instance that is not configured but can be found (the project of the region, the
	 * instance of --instance NAME) */
	api_result res;
	int rc = session_complete(&x->ss, s, scope, &res, err, sizeof err);
	if (rc == SESSION_COMPLETE_OK)
		return 0;
	fprintf(x->errf, "swrtui: %s\n", err);
	if (rc == SESSION_COMPLETE_USAGE)
		return CLI_EXIT_USAGE;
	const char *endpoint = x->endpoint;
	if (res.effective_url) /* the failed request may have gone to IAM, not to the SWR endpoint */
		x->endpoint = res.effective_url;
	rc = cli_report_failure(x, &res);
	x->endpoint = endpoint;
	api_result_free(&res);
	return rc;
}

int cli_parse_id(cli_ctx *x, const char *s, long long *id)
{
	if (registry_parse_id(s, id) != 0) {
		fprintf(x->errf, "swrtui: \"%s\" is not a registry ID (a non-negative integer)\n", s ? s : "");
		return -1;
	}
	return 0;
}

int cli_usage_error(cli_ctx *x)
{
	fprintf(x->errf, "swrtui: usage: swrtui [options] %s\n", x->cmd ? x->cmd->synopsis : "");
	return CLI_EXIT_USAGE;
}

char *cli_read_input(cli_ctx *x, const char *path, size_t *len)
{
	bool is_stdin = strcmp(path, "-") == 0;
	const char *name = is_stdin ? "standard input" : path;
	FILE *f = is_stdin ? stdin : fopen(path, "rb");
	if (!f) {
		fprintf(x->errf, "swrtui: cannot read %s: %s\n", path, strerror(errno));
		return NULL;
	}
	char *text = malloc(MAX_INPUT_BYTES + 1);
	if (text)
		setvbuf(f, NULL, _IONBF, 0); /* no stdio buffer keeps a copy of the access_secret once freed */
	size_t n = text ? fread(text, 1, MAX_INPUT_BYTES + 1, f) : 0;
	int bad = ferror(f);
	if (!is_stdin)
		fclose(f);
	if (!text || bad || n > MAX_INPUT_BYTES) {
		fprintf(x->errf, "swrtui: %s: %s\n", name, !text ? "out of memory" : bad ? "read error" : "larger than 1 MiB");
		if (text) {
			secret_wipe(text, n <= MAX_INPUT_BYTES ? n : MAX_INPUT_BYTES + 1);
			free(text);
		}
		return NULL;
	}
	text[n] = '\0';
	*len = n;
	return text;
}

/* Every problem of a decoded registry on errf, each prefixed by the input's name; the number of errors.
 * PUT replaces the whole registry, so a file must also say whether verification is skipped. */
static size_t say_problems(cli_ctx *x, const char *name, const registry *r)
{
	registry_problems probs = {0};
	size_t errors = registry_validate(r, &probs);
	if (!r->has_insecure) {
		/* a missing flag would silently turn verification back on or off */
		fprintf(x->errf, "swrtui: %s: insecure: insecure is required (true or false): the request replaces the "
		                 "whole registry\n",
		        name);
		errors++;
	}
	for (size_t i = 0; i < probs.count; i++) {
		const registry_problem *p = &probs.items[i];
		char *m = text_printable(p->message, strlen(p->message), 0, 0);
		fprintf(x->errf, "swrtui: %s: %s%s: %s\n", name, p->level == REGISTRY_PROBLEM_WARNING ? "warning: " : "",
		        p->field, m ? m : "");
		free(m);
	}
	registry_problems_free(&probs);
	return errors;
}

int cli_load_registry_file(cli_ctx *x, const char *path, registry *r)
{
	const char *name = strcmp(path, "-") == 0 ? "standard input" : path;
	size_t n;
	char *text = cli_read_input(x, path, &n);
	if (!text)
		return CLI_EXIT_USAGE;
	char err[512];
	int rc = registry_from_input_json(text, n, r, err, sizeof err);
	secret_wipe(text, n);
	free(text);
	if (rc != 0) {
		fprintf(x->errf, "swrtui: %s: %s\n", name, err);
		return CLI_EXIT_USAGE;
	}
	size_t errors = say_problems(x, name, r);
	if (errors) {
		fprintf(x->errf, "swrtui: %s: %zu problem%s; nothing was sent\n", name, errors, errors == 1 ? "" : "s");
		return CLI_EXIT_USAGE;
	}
	return 0;
}

int cli_print_dry_run(cli_ctx *x, int built, api_request *req, const char *err)
{
	if (built != 0) {
		fprintf(x->errf, "swrtui: %s\n", err);
		return CLI_EXIT_USAGE;
	}
	char *text = api_request_format(req, API_FORMAT_REDACT);
	api_request_free(req);
	if (!text) {
		fprintf(x->errf, "swrtui: out of memory\n");
		return CLI_EXIT_USAGE;
	}
	fputs(text, x->out);
	free(text);
	fprintf(x->errf, "swrtui: dry run: nothing was sent\n");
	return CLI_EXIT_OK;
}

void cli_print_json(cli_ctx *x, cJSON *doc)
{
	/* cJSON escapes only below U+0020: DEL, C1 and bidi or invisible characters become \u escapes */
	char *s = cJSON_Print(doc);
	char *safe = s ? text_json_safe(s) : NULL;
	if (s)
		secret_wipe(s, strlen(s));
	free(s);
	if (safe) {
		fprintf(x->out, "%s\n", safe);
		free(safe);
	} else {
		fprintf(x->errf, "swrtui: out of memory\n");
	}
}

/* Removes every secret-bearing member (the keys of http_json_key_is_sensitive) from a JSON tree, wiping
 * its value first. */
static void strip_secrets(cJSON *node)
{
	cJSON *it = node ? node->child : NULL;
	while (it) {
		cJSON *next = it->next;
		if (it->string && http_json_key_is_sensitive(it->string)) {
			if (cJSON_IsString(it) && it->valuestring)
				secret_wipe(it->valuestring, strlen(it->valuestring));
			cJSON_Delete(cJSON_DetachItemViaPointer(node, it));
		} else {
			strip_secrets(it);
		}
		it = next;
	}
}

/* The service's own JSON answer, without secrets. */
cJSON *cli_service_json(const api_result *res)
{
	cJSON *doc = res->body ? cJSON_ParseWithLength(res->body, res->body_len) : NULL;
	strip_secrets(doc);
	return doc;
}
