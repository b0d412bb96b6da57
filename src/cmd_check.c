/* cmd_check.c — placeholder until the check command is written; replaced as a whole by its implementation. */
#include "cli_internal.h"

int cli_cmd_check(cli_ctx *x)
{
	fprintf(x->errf, "swrtui: check is not available in this build\n");
	return CLI_EXIT_USAGE;
}
