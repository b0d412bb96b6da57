/* cmd_probe.c — placeholder until the probe command is written; replaced as a whole by its implementation. */
#include "cli_internal.h"

int cli_cmd_probe(cli_ctx *x)
{
	fprintf(x->errf, "swrtui: probe is not available in this build\n");
	return CLI_EXIT_USAGE;
}
