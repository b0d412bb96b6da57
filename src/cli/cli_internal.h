/* cli_internal.h — what the plain commands share between their files: the command table entry
 * (cli.c), the command context, and the helpers of cli_common.c (set-up, reporting a failure with its
 * exit code, reading a registry file, printing JSON). Not a public header. */
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
struct cli_ctx;

enum {
	CLI_NEEDS_SERVICE = 1u << 0, /* talks to the SWR service: needs an endpoint, project, instance and credential */
	CLI_NEEDS_PROJECT = 1u << 1, /* talks to the SWR service about the project alone (no instance) */
};

/* One command of the command line, as git's struct cmd_struct: its name, the function that runs it
 * (NULL: the terminal UI runs it), its synopsis (the usage line after "swrtui [options] ", also the
 * message of a wrong number of arguments), the help text after it, and what it needs. */
typedef struct cli_command {
	const char *name;
	int (*run)(struct cli_ctx *x);
	int nargs;            /* the words after the command; the dispatcher checks their number (-1: any) */
	const char *synopsis; /* "show ID [--json]" */
	const char *summary;  /* "replace registry ID with the one in FILE (PUT)", or NULL */
	unsigned flags;       /* CLI_NEEDS_SERVICE */
} cli_command;

/* The column, after "swrtui [options] ", where --help starts a command's summary. */
#define CLI_USAGE_COLUMN 18

/* The command table (cli.c): every command, in the order --help lists them; ends with a NULL name. */
extern const cli_command cli_commands[];
/* The entry of a command, or NULL. */
const cli_command *cli_command_find(const char *name);
/* The "Usage:" lines of --help, one per command of the table (cli.c). */
void cli_usage_commands(FILE *f);

typedef struct cli_ctx {
	cli_opts *o;
	const cli_command *cmd; /* the command being run */
	FILE *out, *errf;
	session ss;
	api_client *client;   /* ss.client */
	const char *endpoint; /* ss.endpoint */
	reqlog log;           /* --verbose: the last request, printed on errf as it completes */
} cli_ctx;

/* ---- cli_common.c ---- */

/* Says on errf when client c retries a request; with --verbose also prints every request (each
 * attempt) on errf (redacted), as the request inspector shows it. */
void cli_watch_requests(cli_ctx *x, api_client *c);
/* Resolves the settings and, for a command that needs the service (CLI_NEEDS_SERVICE), the credential
 * and client. 0, or an exit code after printing why. */
int cli_setup(cli_ctx *x);
/* Prints a failed request (transport, refusal with the decoded error and a hint, or a malformed
 * answer) on errf and returns its exit code (1 or 3). */
int cli_report_failure(cli_ctx *x, const api_result *res);
/* "  label        value" on f, with the value made printable and at most max characters. */
void cli_say_safe(FILE *f, const char *label, const char *s, size_t max);
/* Says "usage: swrtui [options] SYNOPSIS" of the command on errf. Returns CLI_EXIT_USAGE. */
int cli_usage_error(cli_ctx *x);
/* A registry ID (registry_parse_id). 0, or -1 after saying on errf that s is not one. */
int cli_parse_id(cli_ctx *x, const char *s, long long *id);
/* Reads FILE or "-" into a malloc'd buffer of at most 1 MiB (*len bytes, NUL-terminated). NULL after
 * printing why; the caller wipes and frees it. */
char *cli_read_input(cli_ctx *x, const char *path, size_t *len);
/* Reads FILE or "-" and decodes and validates one registry, printing every problem. 0 or 2. */
int cli_load_registry_file(cli_ctx *x, const char *path, registry *r);
/* --dry-run: prints req (secrets redacted) on out, frees it, says that nothing was sent. 0 or 2. */
/* --dry-run: built is the request builder's return; 0 prints req (redacted, then freed) and "nothing was
 * sent", else err is said and the exit is a usage error. */
int cli_print_dry_run(cli_ctx *x, int built, api_request *req, const char *err);
void cli_print_json(cli_ctx *x, struct cJSON *doc);
/* The service's own JSON answer, secrets removed (--json prints what the service sent, not a
 * re-encoding). NULL when the body is not JSON. */
struct cJSON *cli_service_json(const api_result *res);

/* ---- the commands, one file each ---- */
int cli_cmd_list(cli_ctx *x);   /* cmd_list.c */
int cli_cmd_show(cli_ctx *x);   /* cmd_show.c */
int cli_cmd_apply(cli_ctx *x);  /* cmd_apply.c */
int cli_cmd_create(cli_ctx *x); /* cmd_create.c */
int cli_cmd_delete(cli_ctx *x); /* cmd_delete.c */
int cli_cmd_check(cli_ctx *x);  /* cmd_check.c */
int cli_cmd_probe(cli_ctx *x);  /* cmd_probe.c */
int cli_cmd_decode(cli_ctx *x); /* cmd_decode.c */
int cli_cmd_policies(cli_ctx *x);  /* cmd_policies.c */
int cli_cmd_replicate(cli_ctx *x); /* cmd_replicate.c */
int cli_cmd_instances(cli_ctx *x); /* cmd_instances.c */
int cli_cmd_login(cli_ctx *x);     /* cmd_login.c */
int cli_cmd_rotate(cli_ctx *x);    /* cmd_rotate.c */
int cli_cmd_export(cli_ctx *x);    /* cmd_export.c */
int cli_cmd_import(cli_ctx *x);    /* cmd_import.c */

#endif
