/* errpanel.c — the decoded error panel of a failed request (status, codes, request id, the catalogue's
 * hint, a body that is not an error document), and for an encoded authorization message: show it whole,
 * write it to a file (msgfile.c), or decode it through STS. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "swrtui/auth/sts.h"
#include "swrtui/base/buf.h"
#include "swrtui/base/text.h"
#include "swrtui/swr/errcat.h"
#include "screen.h"

/* ---- decoding an encoded authorization message through STS ---- */

typedef struct {
	const char *endpoint;
	const char *message;
	const api_auth *auth;
	char *decoded;
} decode_req;

static int do_decode(api_client *c, void *arg, api_result *res)
{
	decode_req *q = arg;
	return sts_decode(c, q->endpoint, q->message, q->auth, res, &q->decoded);
}

/* Decodes an encoded authorization message through STS (AK/SK needed) and shows who, which action,
 * which resource and why it was denied, or why decoding failed. The decoded action (when the document
 * names one) replaces *action. */
static void decode_message(ui *u, const char *message, char **action)
{
	char err[512];
	const api_auth *auth = &u->ss->auth;
	if (sts_check_auth(auth, err, sizeof err) != 0) {
		widget_message("Decode the authorization message", err);
		return;
	}
	char *endpoint = sts_endpoint(u->settings->v[SETTING_STS_ENDPOINT].value, u->settings->v[SETTING_REGION].value,
	                              err, sizeof err);
	if (!endpoint) {
		widget_message("Decode the authorization message", err);
		return;
	}
	decode_req q = {.endpoint = endpoint, .message = message, .auth = auth};
	api_result res;
	if (ui_run_request_once(u, "Decoding through STS…", do_decode, &q, &res) != 0) {
		if (res.transport != API_TRANSPORT_CANCELLED)
			ui_error_panel(u, "Decoding the authorization message", &res);
	} else {
		sts_summary sum;
		char *text = NULL;
		if (sts_summarize(q.decoded, strlen(q.decoded), &sum) == 0) {
			text = sts_summary_format(&sum);
			if (sum.action && *sum.action) {
				free(*action);
				*action = strdup(sum.action);
			}
			sts_summary_free(&sum);
		}
		widget_message("Why the request was denied (decoded by STS)", text ? text : "out of memory");
		free(text);
	}
	api_result_free(&res);
	free(q.decoded);
	free(endpoint);
}

/* ---- the decoded error panel ---- */

typedef struct {
	ui *u;
	const api_result *res;
	char *note;
	char *action;         /* the IAM action of the refused request, or NULL */
	char *decoded_action; /* the action STS decoded (d), or NULL */
	char *verdict;        /* the AK/SK diagnosis, or NULL */
	bool again; /* a key opened another view: the panel is built again (with a note) */
} err_ctx;

static void write_to_file(err_ctx *e, const char *msg)
{
	char *path = widget_prompt("Write the encoded message to file:", "");
	if (path && *path) {
		char note[1024];
		if (ui_message_to_file(path, msg, note, sizeof note) == 0)
			ui_exit_note_add(e->u, note); /* the path written is printed with the error at exit */
		free(e->note);
		e->note = strdup(note);
	}
	free(path);
}

static int error_panel_key(int code, void *ctx)
{
	err_ctx *e = ctx;
	const char *msg = e->res->error.encoded_authorization_message;
	if (code == 'i')
		ui_request_detail(e->u, 0);
	else if (msg && code == 'm')
		widget_message("Encoded authorization message", msg);
	else if (msg && code == 'd')
		decode_message(e->u, msg, &e->decoded_action);
	else if (msg && code == 'w')
		write_to_file(e, msg);
	else
		return WIDGET_CONTINUE;
	e->again = true;
	return WIDGET_DONE;
}

/* The service was not reached: what failed, and a hint for the usual causes. */
static void transport_text(buf *b, const api_result *res)
{
	buf_printf(b, "The service could not be reached: %s failed.\n\n", api_transport_name(res->transport));
	buf_printf(b, "%s\n", res->transport_msg ? res->transport_msg : "");
	if (res->attempts > 1)
		buf_printf(b, "Attempts: %d (sent again after each failure; the last one is shown)\n", res->attempts);
	if (res->transport == API_TRANSPORT_TLS)
		buf_printf(b, "\nHint: %s.\n", errcat_tls_hint(res->transport_msg));
	else if (res->transport == API_TRANSPORT_RESOLVE)
		buf_puts(b, "\nHint: check the endpoint or region; the host name does not resolve.\n");
	else if (res->transport == API_TRANSPORT_CONNECT)
		buf_puts(b, "\nHint: nothing answers at that address; check the endpoint, a proxy or a firewall.\n");
	else if (res->transport == API_TRANSPORT_TIMEOUT)
		buf_puts(b, "\nHint: the service did not answer in time; retry, or raise --timeout.\n");
}

/* label and the server's text through text_printable (no control, bidi or invisible character, no line
 * break of its own), then a newline. */
static void put_server_text(buf *b, const char *label, const char *s, size_t max)
{
	char *p = text_printable(s ? s : "", s ? strlen(s) : 0, max, 0);
	buf_printf(b, "%s%s\n", label, p ? p : "");
	free(p);
}

/* A body that is not an error document: its type and length, and its beginning, escaped. */
static void other_body_text(buf *b, const api_result *res)
{
	if (res->body_len == 0) {
		buf_puts(b, "\nThe response had no body.\n");
		return;
	}
	char *ct = res->content_type ? text_printable(res->content_type, strlen(res->content_type), 100, 0) : NULL;
	buf_printf(b, "\nThe body is not an SWR error document (%s%s%zu bytes):\n", ct ? ct : "", ct ? ", " : "",
	           res->body_len);
	free(ct);
	char *snippet = text_printable(res->body, res->body_len, 400, 1);
	buf_printf(b, "%s\n", snippet ? snippet : "");
	free(snippet);
}

/* The AK/SK verdict, or the hint (naming the request's IAM action, or the decoded one). */
static void put_diagnosis(buf *b, const api_result *res, const err_ctx *e)
{
	if (e->verdict) {
		buf_printf(b, "\nVerdict: %s.\n", e->verdict);
		return;
	}
	char *hint = errcat_hint_for(res->status, res->error.code, res->error.msg, e->action, e->decoded_action);
	if (hint)
		buf_printf(b, "\nHint: %s\n", hint);
	free(hint);
}

static char *error_text(const char *what, const api_result *res, const err_ctx *e)
{
	buf b;
	buf_init(&b);
	buf_printf(&b, "%s failed.\n\n", what);
	if (res->transport != API_TRANSPORT_OK && res->transport != API_TRANSPORT_TOO_LARGE) {
		transport_text(&b, res);
		return buf_take(&b);
	}
	if (res->transport == API_TRANSPORT_TOO_LARGE) {
		put_server_text(&b, "", res->transport_msg, 0);
		return buf_take(&b);
	}
	buf_printf(&b, "HTTP status:  %ld ", res->status);
	put_server_text(&b, "", res->reason, 100);
	if (res->status >= 300 && res->status < 400) {
		char *loc = text_printable(res->location ? res->location : "(no Location)",
		                           strlen(res->location ? res->location : "(no Location)"), 300, 0);
		buf_printf(&b, "\nThe service answered with a redirect to %s. Redirects are never followed, so that the "
		               "token never travels to another host: check the endpoint.\n",
		           loc ? loc : "");
		free(loc);
	}
	if (api_result_ok(res))
		buf_printf(&b, "\n%s\n", res->transport_msg ? res->transport_msg : "the answer could not be read");
	const api_error *er = &res->error;
	if (er->code)
		put_server_text(&b, "error_code:   ", er->code, 200);
	if (er->msg)
		put_server_text(&b, "error_msg:    ", er->msg, 2000);
	for (size_t i = 0; i < er->ndetails; i++) {
		buf d;
		buf_init(&d);
		buf_printf(&d, "%s%s%s", er->details[i].code ? er->details[i].code : "",
		           er->details[i].code && er->details[i].msg ? ": " : "", er->details[i].msg ? er->details[i].msg : "");
		char *t = buf_take(&d);
		put_server_text(&b, "detail:       ", t, 500);
		free(t);
	}
	const char *rid = res->request_id ? res->request_id : er->gateway_request_id;
	put_server_text(&b, "X-Request-Id: ", rid ? rid : "(none)", 200);
	if (res->retry_after) {
		char *ra = text_printable(res->retry_after, strlen(res->retry_after), 100, 0);
		buf_printf(&b, "Retry-After:  %s\n", ra ? ra : "");
		free(ra);
	}
	if (res->attempts > 1)
		buf_printf(&b, "Attempts:     %d (sent again after each failure; the last answer is shown)\n",
		           res->attempts);
	if (er->format == API_ERROR_FORMAT_GATEWAY) /* its message (and canonical request) is shown once, above */
		buf_puts(&b, "The API gateway answered, not the SWR service.\n");
	put_diagnosis(&b, res, e);
	if (er->encoded_authorization_message) {
		const char *m = er->encoded_authorization_message;
		size_t n = strlen(m);
		buf_printf(&b, "\nEncoded authorization message (%zu characters):\n", n);
		if (n > 60)
			buf_printf(&b, "%.40s…%s\n", m, m + n - 12);
		else
			buf_printf(&b, "%s\n", m);
	}
	if ((er->format == API_ERROR_FORMAT_NOT_JSON || er->format == API_ERROR_FORMAT_NONE) && !api_result_ok(res))
		other_body_text(&b, res);
	if (e->note)
		buf_printf(&b, "\n%s\n", e->note);
	return buf_take(&b);
}

/* The Date header of the answer (the gateway's clock), or NULL. */
static const char *date_header(const api_result *res)
{
	for (size_t i = 0; i < res->nresp_headers; i++)
		if (strcasecmp(res->resp_headers[i].name, "Date") == 0)
			return res->resp_headers[i].value;
	return NULL;
}

/* From the request log's last entry (the refused request, before d sends another): its IAM action and
 * the AK/SK verdict. */
static void diagnose(err_ctx *e)
{
	const reqlog_entry *last = reqlog_get(&e->u->log, 0);
	if (!last || last->status != e->res->status)
		return;
	const char *a = errcat_action(last->method, last->url);
	e->action = a ? strdup(a) : NULL;
	e->verdict = errcat_auth_verdict(e->res->error.code, e->res->error.msg, last->canonical, date_header(e->res));
}

void ui_error_panel(ui *u, const char *what, const api_result *res)
{
	ui_exit_note_set(u, what, res);
	u->in_error_panel++;
	err_ctx e = {.u = u, .res = res};
	diagnose(&e);
	widget_message_opts o = {
	    .title = "Request failed",
	    .hint = res->error.encoded_authorization_message
	                ? "d: decode (STS)  m: whole message  w: write to file  i: inspect the request  Esc: close"
	                : "i: inspect the request  Esc or Enter: close",
	    .help = ui_help_error,
	    .on_key = error_panel_key,
	    .ctx = &e};
	do {
		e.again = false;
		char *text = error_text(what, res, &e);
		o.text = text ? text : "out of memory";
		widget_message_run(&o);
		free(text);
	} while (e.again && !term_quitting());
	free(e.note);
	free(e.action);
	free(e.decoded_action);
	free(e.verdict);
	u->in_error_panel--;
}
