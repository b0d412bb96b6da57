/* cmd_decode.c — placeholder until the decode command is written; replaced as a whole by its implementation. */
#include "cli_internal.h"

int cli_cmd_decode(cli_ctx *x)
{
	fprintf(x->errf, "swrtui: decode is not available in this build\n");
	return CLI_EXIT_USAGE;
}
