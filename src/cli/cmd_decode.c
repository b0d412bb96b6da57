/* cmd_decode.c — `swrtui decode MESSAGE|-`: has STS decode an encoded authorization message (AK/SK
 * needed; no project or instance) and prints who, which action, which resource and why it was denied,
 * then the whole decoded document. --json prints the document alone; --dry-run the signed request. */
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "swrtui/base/buf.h"
#include "swrtui/auth/sts.h"
#include "swrtui/base/text.h"
#include "cli_internal.h"

#define MAX_MESSAGE_INPUT (256 * 1024)

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* The message of the argument, or of standard input for "-", without any white space (an encoded
 * message holds none; a copy from a terminal may be wrapped). NULL after printing why. */
static char *read_message(cli_ctx *x, const char *arg)
{
	buf b;
	buf_init(&b);
	if (strcmp(arg, "-") == 0) {
		char chunk[4096];
		size_t n;
		while ((n = fread(chunk, 1, sizeof chunk, stdin)) > 0 && b.len <= MAX_MESSAGE_INPUT)
			buf_append(&b, chunk, n);
		if (ferror(stdin) || b.len > MAX_MESSAGE_INPUT) {
			fprintf(x->errf, "swrtui: standard input: %s\n", ferror(stdin) ? "read error" : "too large for a message");
			buf_free(&b);
			return NULL;
		}
	} else {
		buf_puts(&b, arg);
	}
	char *text = buf_take(&b);
	if (!text) {
		fprintf(x->errf, "swrtui: out of memory\n");
		return NULL;
	}
	size_t j = 0;
	for (size_t i = 0; text[i]; i++)
		if (!is_space(text[i]))
			text[j++] = text[i];
	text[j] = '\0';
	if (j == 0) {
		fprintf(x->errf, "swrtui: the encoded message is empty%s\n",
		        strcmp(arg, "-") == 0 ? " (nothing on standard input)" : "");
		free(text);
		return NULL;
	}
	return text;
}

static void print_decoded(cli_ctx *x, const char *decoded)
{
	if (x->o->json) {
		cJSON *doc = cJSON_Parse(decoded);
		if (!doc)
			doc = cJSON_CreateString(decoded);
		if (doc)
			cli_print_json(x, doc);
		cJSON_Delete(doc);
		return;
	}
	sts_summary sum;
	char *text = sts_summarize(decoded, strlen(decoded), &sum) == 0 ? sts_summary_format(&sum) : NULL;
	sts_summary_free(&sum);
	char *safe = text ? text_printable(text, strlen(text), 0, 1) : NULL;
	if (safe)
		fputs(safe, x->out);
	else
		fprintf(x->errf, "swrtui: out of memory\n");
	free(safe);
	free(text);
}

int cli_cmd_decode(cli_ctx *x)
{
	char *message = read_message(x, x->o->args[0]);
	if (!message)
		return CLI_EXIT_USAGE;
	char err[512];
	settings *s = &x->o->settings;
	char *endpoint = NULL;
	api_request req;
	memset(&req, 0, sizeof req);
	int rc = CLI_EXIT_USAGE;
	if (session_open_auth(&x->ss, s, x->o->profile, err, sizeof err) != 0 ||
	    sts_check_auth(&x->ss.auth, err, sizeof err) != 0 ||
	    !(endpoint = sts_endpoint(s->v[SETTING_STS_ENDPOINT].value, s->v[SETTING_REGION].value, err, sizeof err)) ||
	    sts_build_decode(endpoint, message, &x->ss.auth, &req, err, sizeof err) != 0) {
		fprintf(x->errf, "swrtui: %s\n", err);
		goto out;
	}
	if (x->o->dry_run) {
		char *text = api_request_format(&req, API_FORMAT_REDACT);
		if (text)
			fputs(text, x->out);
		free(text);
		fprintf(x->errf, "swrtui: dry run: nothing was sent\n");
		rc = text ? CLI_EXIT_OK : CLI_EXIT_USAGE;
		goto out;
	}
	if (session_connect(&x->ss, s, endpoint, err, sizeof err) != 0) {
		fprintf(x->errf, "swrtui: %s\n", err);
		goto out;
	}
	x->client = x->ss.client;
	x->endpoint = x->ss.endpoint;
	cli_watch_requests(x, x->client);
	api_result res;
	char *decoded = NULL;
	api_execute(x->client, &req, &res);
	if (sts_read_answer(&res, &decoded) != 0) {
		rc = cli_report_failure(x, &res);
	} else {
		print_decoded(x, decoded);
		rc = CLI_EXIT_OK;
	}
	free(decoded);
	api_result_free(&res);
out:
	api_request_free(&req);
	free(endpoint);
	free(message);
	return rc;
}
