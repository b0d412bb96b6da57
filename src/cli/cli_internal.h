/* cli_internal.h — what the plain commands share between their files: the command context, set-up,
 * error reporting with exit codes, and small helpers. Not a public header. */
#ifndef SWRTUI_CLI_INTERNAL_H
#define SWRTUI_CLI_INTERNAL_H

#include <stdbool.h>
#include <stdio.h>

#include "swrtui/http/http.h"
#include "swrtui/swr/swr.h"
#include "swrtui/http/reqlog.h"
#include "swrtui/cli/cli.h"
#include "swrtui/config/session.h"

struct cJSON;

typedef struct cli_ctx {
	cli_opts *o;
	FILE *out, *errf;
	session ss;
	api_client *client;   /* ss.client */
	const char *endpoint; /* ss.endpoint */
	reqlog log;           /* --verbose: the last request, printed on errf as it completes */
} cli_ctx;

/* Says on errf when client c retries a request; with --verbose also prints every request (each
 * attempt) on errf (redacted), as the request inspector shows it. */
void cli_watch_requests(cli_ctx *x, api_client *c);

/* Resolves the settings and (need_client) the credential and client. 0, or an exit code after
 * printing why. */
int cli_setup(cli_ctx *x, bool need_client);
/* Prints a failed request (transport, refusal with the decoded error and a hint, or a malformed
 * answer) on errf and returns its exit code (1 or 3). */
int cli_report_failure(cli_ctx *x, const api_result *res);
/* "  label        value" on f, with the value made printable and at most max characters. */
void cli_say_safe(FILE *f, const char *label, const char *s, size_t max);
int cli_need_args(cli_ctx *x, int n, const char *synopsis);
int cli_parse_id(cli_ctx *x, const char *s, long long *id);
/* Reads FILE or "-" and decodes and validates one registry, printing every problem. 0 or 2. */
int cli_load_registry_file(cli_ctx *x, const char *path, registry *r);
void cli_print_json(cli_ctx *x, struct cJSON *doc);

/* The commands that live in their own files. */
int cli_cmd_probe(cli_ctx *x);  /* cmd_probe.c */
int cli_cmd_decode(cli_ctx *x); /* cmd_decode.c */
int cli_cmd_check(cli_ctx *x);  /* cmd_check.c */

#endif
