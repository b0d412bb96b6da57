/* cmd_delete.c — `swrtui delete ID`: deletes registry ID after asking on the terminal (showing its
 * name), or at once with --yes; --dry-run prints the request instead. */
#define _DEFAULT_SOURCE
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "swrtui/base/text.h"
#include "cli_internal.h"

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

int cli_cmd_delete(cli_ctx *x)
{
	long long id;
	if (cli_parse_id(x, x->o->args[0], &id) != 0)
		return CLI_EXIT_USAGE;
	if (!x->o->yes && !x->o->dry_run && !isatty(STDIN_FILENO)) {
		fprintf(x->errf, "swrtui: delete asks for confirmation on a terminal; pass --yes to delete without asking\n");
		return CLI_EXIT_USAGE;
	}
	int rc = cli_setup(x);
	if (rc)
		return rc;
	if (x->o->dry_run) {
		api_request req;
		char err[512];
		if (api_build_delete(x->client, id, &req, err, sizeof err) != 0) {
			fprintf(x->errf, "swrtui: %s\n", err);
			return CLI_EXIT_USAGE;
		}
		return cli_print_dry_run(x, &req);
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
