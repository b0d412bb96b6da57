/* cmd_apply.c — `swrtui apply ID FILE|-`: replaces registry ID with the registry in FILE (PUT),
 * validated first (nothing is sent when it is invalid, has a member swrtui does not know, or names
 * another id); --dry-run prints the request instead. */
#include <string.h>

#include "cli_internal.h"

int cli_cmd_apply(cli_ctx *x)
{
	long long id;
	if (cli_parse_id(x, x->o->args[0], &id) != 0)
		return CLI_EXIT_USAGE;
	registry r;
	registry_init(&r);
	int rc = cli_load_registry_file(x, x->o->args[1], &r);
	if (rc == 0 && r.has_id && r.id != id) {
		/* a file copied from another registry's show --json would replace this one with it */
		fprintf(x->errf,
		        "swrtui: %s: the file says id %lld but the command replaces registry %lld; nothing was sent "
		        "(remove \"id\" or make the two agree)\n",
		        strcmp(x->o->args[1], "-") == 0 ? "standard input" : x->o->args[1], r.id, id);
		rc = CLI_EXIT_USAGE;
	}
	if (rc == 0)
		rc = cli_setup(x);
	if (rc) {
		registry_free(&r);
		return rc;
	}
	if (x->o->dry_run) {
		api_request req;
		char err[512];
		int built = api_build_update(x->client, id, &r, &req, err, sizeof err);
		registry_free(&r);
		return cli_print_dry_run(x, built, &req, err);
	}
	api_result res;
	if (api_update_registry(x->client, id, &r, &res) != 0) {
		rc = cli_report_failure(x, &res);
	} else {
		fprintf(x->out, "updated registry %lld\n", id);
		rc = CLI_EXIT_OK;
	}
	api_result_free(&res);
	registry_free(&r);
	return rc;
}
