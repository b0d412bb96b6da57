/* cli.c — the plain commands: list, show, apply, create, delete, with --dry-run and --json, decoded
 * errors on stderr and exit codes that scripts can rely on. */
#define _DEFAULT_SOURCE
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "swrtui/http/http.h"
#include "swrtui/base/buf.h"
#include "swrtui/cli/cli.h"
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
			fprintf(e, "  %-12s (%s%s%zu bytes, not an SWR error document) %s\n", "body:",
			        res->content_type ? res->content_type : "", res->content_type ? ", " : "", res->body_len,
			        b ? b : "");
			free(b);
		}
	}
	const char *hint = errcat_hint(res->status, er->code, er->msg);
	if (hint)
		fprintf(e, "  %-12s %s\n", "hint:", hint);
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

/* ---- set-up ---- */

static void verbose_observe(void *ctx, const api_request *req, const api_result *res)
{
	cli_ctx *x = ctx;
	reqlog_observe(&x->log, req, res);
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
	if (!x->o->verbose || !c)
		return;
	if (!x->log.cap)
		reqlog_init(&x->log, 1);
	api_client_set_observer(c, verbose_observe, x);
}

int cli_setup(cli_ctx *x, bool need_client)
{
	char err[512];
	if (session_open(&x->ss, &x->o->settings, x->o->profile, need_client, err, sizeof err) != 0) {
		fprintf(x->errf, "swrtui: %s\n", err);
		return CLI_EXIT_USAGE;
	}
	x->client = x->ss.client;
	x->endpoint = x->ss.endpoint;
	cli_watch_requests(x, x->client);
	return 0;
}

int cli_parse_id(cli_ctx *x, const char *s, long long *id)
{
	char *end = NULL;
	errno = 0;
	long long v = s && isdigit((unsigned char)*s) ? strtoll(s, &end, 10) : -1;
	if (v < 0 || errno || !end || *end != '\0' || v > 2147483647LL) {
		fprintf(x->errf, "swrtui: \"%s\" is not a registry ID (a non-negative integer)\n", s ? s : "");
		return -1;
	}
	*id = v;
	return 0;
}

int cli_need_args(cli_ctx *x, int n, const char *synopsis)
{
	if (x->o->nargs != n) {
		fprintf(x->errf, "swrtui: usage: swrtui [options] %s\n", synopsis);
		return -1;
	}
	return 0;
}

/* Reads FILE or "-" (standard input) and decodes + validates one registry. Prints every problem. */
int cli_load_registry_file(cli_ctx *x, const char *path, registry *r)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	const char *name = strcmp(path, "-") == 0 ? "standard input" : path;
	if (!f) {
		fprintf(x->errf, "swrtui: cannot read %s: %s\n", path, strerror(errno));
		return CLI_EXIT_USAGE;
	}
	char *text = malloc(MAX_INPUT_BYTES + 1);
	size_t n = text ? fread(text, 1, MAX_INPUT_BYTES + 1, f) : 0;
	int bad = ferror(f);
	if (f != stdin)
		fclose(f);
	if (!text || bad || n > MAX_INPUT_BYTES) {
		fprintf(x->errf, "swrtui: %s: %s\n", name, !text ? "out of memory" : bad ? "read error" : "larger than 1 MiB");
		if (text) {
			secret_wipe(text, n <= MAX_INPUT_BYTES ? n : MAX_INPUT_BYTES + 1);
			free(text);
		}
		return CLI_EXIT_USAGE;
	}
	char err[512];
	int rc = registry_from_json(text, n, r, err, sizeof err);
	secret_wipe(text, n);
	free(text);
	if (rc != 0) {
		fprintf(x->errf, "swrtui: %s: %s\n", name, err);
		return CLI_EXIT_USAGE;
	}
	registry_problems probs = {0};
	size_t errors = registry_validate(r, &probs);
	if (!r->has_insecure) {
		/* PUT replaces the whole registry: a missing flag would silently turn verification back on
		 * or off, so a file must say which it wants */
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
	if (errors) {
		fprintf(x->errf, "swrtui: %s: %zu problem%s; nothing was sent\n", name, errors, errors == 1 ? "" : "s");
		return CLI_EXIT_USAGE;
	}
	return 0;
}

static int print_dry_run(cli_ctx *x, api_request *req)
{
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
	char *s = cJSON_Print(doc);
	if (s) {
		fprintf(x->out, "%s\n", s);
		free(s);
	}
}

/* Removes every secret-bearing member (access_secret, password, secret) from a JSON tree, wiping its
 * value first. */
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

/* The service's own JSON answer, secrets removed (--json prints what the service sent, not a
 * re-encoding). NULL when the body is not JSON. */
static cJSON *service_json(const api_result *res)
{
	cJSON *doc = res->body ? cJSON_ParseWithLength(res->body, res->body_len) : NULL;
	strip_secrets(doc);
	return doc;
}

/* ---- the commands ---- */

/* One table cell: printable, at most max characters, padded to width columns (display columns, so
 * that CJK names keep the table aligned). */
static void put_cell(FILE *out, const char *s, size_t max, size_t width)
{
	char *p = text_printable(s ? s : "", s ? strlen(s) : 0, max, 0);
	fputs(p ? p : "", out);
	for (size_t w = p ? text_width(p) : 0; w < width; w++)
		fputc(' ', out);
	free(p);
}

static void print_table_row(FILE *out, const registry *r)
{
	fprintf(out, "%-6lld ", r->id);
	put_cell(out, r->name, 40, 25);
	put_cell(out, r->type, 20, 18);
	put_cell(out, r->status, 12, 11);
	put_cell(out, r->url, 0, 0);
	fputc('\n', out);
}

static int cmd_list(cli_ctx *x)
{
	cli_opts *o = x->o;
	if (cli_need_args(x, 0, "list [--name S] [--type T] [--order-by COL] [--order asc|desc] [--json]") != 0)
		return CLI_EXIT_USAGE;
	if (o->type_filter && registry_type_from_string(o->type_filter) == REGISTRY_TYPE_UNKNOWN) {
		fprintf(x->errf, "swrtui: --type must be swr-pro, swr-pro-internal or huawei-SWR\n");
		return CLI_EXIT_USAGE;
	}
	if (o->order_by && strcmp(o->order_by, "created_at") != 0 && strcmp(o->order_by, "updated_at") != 0 &&
	    strcmp(o->order_by, "name") != 0) {
		fprintf(x->errf, "swrtui: --order-by must be created_at, updated_at or name\n");
		return CLI_EXIT_USAGE;
	}
	if (o->order && strcmp(o->order, "asc") != 0 && strcmp(o->order, "desc") != 0) {
		fprintf(x->errf, "swrtui: --order must be asc or desc\n");
		return CLI_EXIT_USAGE;
	}
	int rc = cli_setup(x, true);
	if (rc)
		return rc;
	api_list_params p = {
		.name = o->name_filter,
		.type = o->type_filter,
		.order_column = o->order_by ? o->order_by : (o->order ? "created_at" : NULL),
		.order_type = o->order,
		.offset = 0,
		.limit = 100,
	};
	cJSON *doc = o->json ? cJSON_CreateObject() : NULL;
	cJSON *arr = doc ? cJSON_AddArrayToObject(doc, "registries") : NULL;
	if (o->json && !arr) {
		cJSON_Delete(doc);
		fprintf(x->errf, "swrtui: out of memory\n");
		return CLI_EXIT_USAGE;
	}
	long long total = 0, seen = 0;
	if (!o->json)
		fprintf(x->out, "%-6s %-25s%-18s%-11s%s\n", "ID", "NAME", "TYPE", "STATUS", "URL");
	for (;;) {
		api_result res;
		registry_list page;
		if (api_list_registries(x->client, &p, &res, &page) != 0) {
			rc = cli_report_failure(x, &res);
			api_result_free(&res);
			cJSON_Delete(doc);
			return rc;
		}
		if (arr) {
			cJSON *body = service_json(&res);
			cJSON *items = cJSON_GetObjectItemCaseSensitive(body, "registries");
			cJSON *it = items ? items->child : NULL;
			while (it) {
				cJSON *next = it->next;
				cJSON_AddItemToArray(arr, cJSON_DetachItemViaPointer(items, it));
				it = next;
			}
			cJSON_Delete(body);
		}
		api_result_free(&res);
		total = page.total;
		for (size_t i = 0; i < page.count && !arr; i++)
			print_table_row(x->out, &page.items[i]);
		seen += (long long)page.count;
		size_t got = page.count;
		registry_list_free(&page);
		if (got < (size_t)p.limit || seen >= total)
			break;
		p.offset += p.limit;
	}
	if (doc) {
		cJSON_AddNumberToObject(doc, "total", (double)total);
		cli_print_json(x, doc);
		cJSON_Delete(doc);
	}
	return CLI_EXIT_OK;
}

static void show_line(FILE *out, const char *label, const char *value)
{
	char *v = text_printable(value ? value : "", value ? strlen(value) : 0, 0, 0);
	fprintf(out, "%-22s %s\n", label, v ? v : "");
	free(v);
}

static int cmd_show(cli_ctx *x)
{
	long long id;
	if (cli_need_args(x, 1, "show ID [--json]") != 0 || cli_parse_id(x, x->o->args[0], &id) != 0)
		return CLI_EXIT_USAGE;
	int rc = cli_setup(x, true);
	if (rc)
		return rc;
	api_result res;
	registry r;
	if (api_show_registry(x->client, id, &res, &r) != 0) {
		rc = cli_report_failure(x, &res);
		api_result_free(&res);
		registry_free(&r);
		return rc;
	}
	if (x->o->json) {
		cJSON *doc = service_json(&res);
		cli_print_json(x, doc);
		cJSON_Delete(doc);
	}
	api_result_free(&res);
	if (!x->o->json) {
		FILE *out = x->out;
		char idbuf[32];
		snprintf(idbuf, sizeof idbuf, "%lld", r.id);
		show_line(out, "id", idbuf);
		show_line(out, "name", r.name);
		show_line(out, "description", r.description);
		registry_type t = registry_type_from_string(r.type);
		buf b;
		buf_init(&b);
		buf_printf(&b, "%s%s%s%s", r.type ? r.type : "", t ? " (" : "", t ? registry_type_label(t) : "", t ? ")" : "");
		char *tl = buf_take(&b);
		show_line(out, "type", tl);
		free(tl);
		if (t == REGISTRY_TYPE_SWR_PRO_INTERNAL) {
			show_line(out, "project_id", r.project_id);
			show_line(out, "region_id", r.region_id);
			show_line(out, "instance_id", r.instance_id);
		}
		show_line(out, "url", r.url);
		show_line(out, "credential.type", r.cred_type);
		show_line(out, "credential.access_key", r.access_key);
		show_line(out, "insecure", r.insecure ? "true" : "false");
		for (size_t i = 0; i < r.nhosts; i++) {
			buf_init(&b);
			buf_printf(&b, "%s -> %s", r.hosts[i].domain, r.hosts[i].ip);
			char *h = buf_take(&b);
			show_line(out, i == 0 ? "dns_conf.hosts" : "", h);
			free(h);
		}
		show_line(out, "status", r.status);
		show_line(out, "created_at", r.created_at);
		show_line(out, "updated_at", r.updated_at);
	}
	registry_free(&r);
	return CLI_EXIT_OK;
}

static int cmd_apply(cli_ctx *x)
{
	long long id;
	if (cli_need_args(x, 2, "apply ID FILE|-") != 0 || cli_parse_id(x, x->o->args[0], &id) != 0)
		return CLI_EXIT_USAGE;
	registry r;
	registry_init(&r);
	int rc = cli_load_registry_file(x, x->o->args[1], &r);
	if (rc == 0 && r.has_id && r.id != id)
		fprintf(x->errf, "swrtui: warning: the file says id %lld; registry %lld is the one replaced\n", r.id, id);
	if (rc == 0)
		rc = cli_setup(x, true);
	if (rc) {
		registry_free(&r);
		return rc;
	}
	if (x->o->dry_run) {
		api_request req;
		char err[512];
		if (api_build_update(x->client, id, &r, &req, err, sizeof err) != 0) {
			fprintf(x->errf, "swrtui: %s\n", err);
			registry_free(&r);
			return CLI_EXIT_USAGE;
		}
		registry_free(&r);
		return print_dry_run(x, &req);
	}
	api_result res;
	if (api_update_registry(x->client, id, &r, &res) != 0) {
		rc = cli_report_failure(x, &res);
	} else {
		fprintf(x->out, "updated registry %lld\n", id);
		rc = CLI_EXIT_OK;
	}
	api_result_free(&res);
	registry_free(&r);
	return rc;
}

static int cmd_create(cli_ctx *x)
{
	if (cli_need_args(x, 1, "create FILE|-") != 0)
		return CLI_EXIT_USAGE;
	registry r;
	registry_init(&r);
	int rc = cli_load_registry_file(x, x->o->args[0], &r);
	if (rc == 0)
		rc = cli_setup(x, true);
	if (rc) {
		registry_free(&r);
		return rc;
	}
	if (x->o->dry_run) {
		api_request req;
		char err[512];
		if (api_build_create(x->client, &r, &req, err, sizeof err) != 0) {
			fprintf(x->errf, "swrtui: %s\n", err);
			registry_free(&r);
			return CLI_EXIT_USAGE;
		}
		registry_free(&r);
		return print_dry_run(x, &req);
	}
	api_result res;
	long long new_id = -1;
	if (api_create_registry(x->client, &r, &res, &new_id) != 0) {
		rc = cli_report_failure(x, &res);
	} else {
		if (new_id < 0) {
			fprintf(x->errf, "swrtui: warning: the service answered %ld but did not say the new registry's ID; "
			                 "swrtui list shows it\n",
			        res.status);
			if (x->o->json)
				fprintf(x->out, "{\"id\": null}\n");
			else
				fprintf(x->out, "created registry (ID not returned)\n");
		} else if (x->o->json) {
			fprintf(x->out, "{\"id\": %lld}\n", new_id);
		} else {
			fprintf(x->out, "created registry %lld\n", new_id);
		}
		rc = CLI_EXIT_OK;
	}
	api_result_free(&res);
	registry_free(&r);
	return rc;
}

/* Asks on the terminal; true only for an explicit yes. */
static bool confirm(cli_ctx *x, const char *question)
{
	fprintf(x->errf, "%s [y/N] ", question);
	fflush(x->errf);
	char line[16];
	if (!fgets(line, sizeof line, stdin))
		return false;
	return line[0] == 'y' || line[0] == 'Y';
}

static int cmd_delete(cli_ctx *x)
{
	long long id;
	if (cli_need_args(x, 1, "delete ID [--yes]") != 0 || cli_parse_id(x, x->o->args[0], &id) != 0)
		return CLI_EXIT_USAGE;
	if (!x->o->yes && !x->o->dry_run && !isatty(STDIN_FILENO)) {
		fprintf(x->errf, "swrtui: delete asks for confirmation on a terminal; pass --yes to delete without asking\n");
		return CLI_EXIT_USAGE;
	}
	int rc = cli_setup(x, true);
	if (rc)
		return rc;
	if (x->o->dry_run) {
		api_request req;
		char err[512];
		if (api_build_delete(x->client, id, &req, err, sizeof err) != 0) {
			fprintf(x->errf, "swrtui: %s\n", err);
			return CLI_EXIT_USAGE;
		}
		return print_dry_run(x, &req);
	}
	api_result res;
	if (!x->o->yes) {
		registry r;
		if (api_show_registry(x->client, id, &res, &r) != 0) {
			rc = cli_report_failure(x, &res);
			api_result_free(&res);
			registry_free(&r);
			return rc;
		}
		api_result_free(&res);
		char *name = text_printable(r.name ? r.name : "", r.name ? strlen(r.name) : 0, 64, 0);
		char q[256];
		snprintf(q, sizeof q, "Delete registry %lld \"%s\"?", id, name ? name : "");
		free(name);
		registry_free(&r);
		if (!confirm(x, q)) {
			fprintf(x->errf, "swrtui: not deleted\n");
			return CLI_EXIT_USAGE;
		}
	}
	if (api_delete_registry(x->client, id, &res) != 0) {
		rc = cli_report_failure(x, &res);
	} else {
		fprintf(x->out, "deleted registry %lld\n", id);
		rc = CLI_EXIT_OK;
	}
	api_result_free(&res);
	return rc;
}

int cli_run(cli_opts *o, FILE *out, FILE *errf)
{
	cli_ctx x = {.o = o, .out = out, .errf = errf};
	int rc;
	if (strcmp(o->command, "list") == 0)
		rc = cmd_list(&x);
	else if (strcmp(o->command, "show") == 0)
		rc = cmd_show(&x);
	else if (strcmp(o->command, "apply") == 0)
		rc = cmd_apply(&x);
	else if (strcmp(o->command, "create") == 0)
		rc = cmd_create(&x);
	else if (strcmp(o->command, "delete") == 0)
		rc = cmd_delete(&x);
	else if (strcmp(o->command, "probe") == 0)
		rc = cli_cmd_probe(&x);
	else if (strcmp(o->command, "decode") == 0)
		rc = cli_cmd_decode(&x);
	else if (strcmp(o->command, "check") == 0)
		rc = cli_cmd_check(&x);
	else {
		fprintf(errf, "swrtui: unknown command \"%s\"\n", o->command);
		rc = CLI_EXIT_USAGE;
	}
	session_close(&x.ss);
	reqlog_free(&x.log);
	fflush(out);
	return rc;
}
