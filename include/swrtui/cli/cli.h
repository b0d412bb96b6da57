/* cli.h — the command line: parsing (GNU style, options anywhere; the options are those of
 * swrtui/config/options.h) and the plain commands for scripts and support (list, show, apply, create,
 * delete, check, probe, decode; the command table is in src/cli/cli.c). Exit codes: 0 done, 1 the service
 * refused, 2 usage error or invalid input (nothing sent), 3 the service could not be reached. */
#ifndef SWRTUI_CLI_H
#define SWRTUI_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "swrtui/config/settings.h"

enum {
	CLI_EXIT_OK = 0,
	CLI_EXIT_REFUSED = 1,
	CLI_EXIT_USAGE = 2,
	CLI_EXIT_UNREACHABLE = 3
};

#define CLI_MAX_ARGS 100 /* rotate takes a list of IDs */

typedef struct cli_opts {
	const char *command;         /* NULL: the terminal UI */
	const char *args[CLI_MAX_ARGS];
	int nargs;
	const char *profile;         /* --profile */
	const char *name_filter;     /* list --name */
	const char *type_filter;     /* list --type */
	const char *order_by;        /* list --order-by */
	const char *order;           /* list --order asc|desc */
	const char *access_key;      /* rotate --access-key */
	const char *new_access_key;  /* rotate --new-access-key */
	const char *secrets_file;    /* import --secrets */
	bool prune;                  /* import --prune */
	bool json, yes, dry_run, help, version, verbose, wait, aksk;
	const char *help_command;    /* help COMMAND, COMMAND --help: that command's usage */
	settings settings;           /* flag values (SETTING_FLAG), then resolved */
} cli_opts;

/* Parse argv. Returns 0, or CLI_EXIT_USAGE with a message in err. o must be freed with cli_opts_free. */
int cli_parse(int argc, char **argv, cli_opts *o, char *err, size_t errlen);
void cli_opts_free(cli_opts *o);
/* True for commands the plain mode runs (list, show, apply, create, delete, check, probe, decode):
 * those of the command table (src/cli/cli.c) with a handler. */
bool cli_is_plain_command(const char *command);
/* True for every command of the table: the plain ones and those of the terminal UI (edit, new). */
bool cli_is_command(const char *command);
/* The usage line of a command after "swrtui [options] " ("edit ID"), or NULL for an unknown one. */
const char *cli_command_synopsis(const char *command);

/* Runs a parsed plain command; returns the exit code. Output on out, messages on errf. */
int cli_run(cli_opts *o, FILE *out, FILE *errf);

void cli_usage(FILE *f);
/* The usage of one command (help COMMAND, COMMAND --help): its synopsis, what it does, its options,
 * wrapped as cli_usage is. */
void cli_usage_command(FILE *f, const char *command);

struct api_result;
/* Prints a failed request on f exactly as the plain commands do on stderr (transport failure with a
 * hint; or HTTP status, error_code, error_msg, request id and hint; or a malformed answer), naming
 * endpoint when it could not be reached. Returns its exit code (1 or 3). The terminal UI uses it to
 * leave the last error on stderr after the screen is restored. */
int cli_describe_failure(FILE *f, const char *endpoint, const struct api_result *res);

#endif
