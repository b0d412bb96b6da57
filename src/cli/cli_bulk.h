/* cli_bulk.h — the helpers rotate and import share (cli_bulk.c). Not a public header. */
#ifndef SWRTUI_CLI_BULK_H
#define SWRTUI_CLI_BULK_H

#include <stdbool.h>
#include <stddef.h>

#include "cli_internal.h"

/* Exit status of a run that Ctrl-C stopped between registries (128 + SIGINT, as a shell reports it). */
#define CLI_EXIT_INTERRUPTED 130

/* From now on Ctrl-C only sets a flag that cli_bulk_interrupted() reads (the request under way ends
 * first); release puts the previous handler back. */
void cli_bulk_catch_interrupt(void);
void cli_bulk_release_interrupt(void);
bool cli_bulk_interrupted(void);

/* One line of standard input, or on a terminal prompted on errf and read without echo. Malloc'd (the
 * caller wipes it: secret_free), or NULL at end of input or on Ctrl-C. */
char *cli_bulk_read_secret(cli_ctx *x, const char *prompt);
/* Asks on errf and reads the answer from standard input; true only for an explicit yes. */
bool cli_bulk_confirm(cli_ctx *x, const char *question);
/* Prints "VERB: N done, N failed, N not tried[ (interrupted)]" on out; returns the exit status: 0,
 * CLI_EXIT_REFUSED when one failed, CLI_EXIT_INTERRUPTED after Ctrl-C. */
int cli_bulk_summary(cli_ctx *x, const char *verb, size_t done, size_t failed, size_t not_tried);

#endif
