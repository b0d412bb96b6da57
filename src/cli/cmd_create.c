/* cmd_create.c — `swrtui create FILE|-`: creates the registry in FILE (POST), validated first, and
 * prints the new ID (--json: {"id": N}); --dry-run prints the request instead. */
#include "cli_internal.h"

int cli_cmd_create(cli_ctx *x)
{
	registry r;
	registry_init(&r);
	int rc = cli_load_registry_file(x, x->o->args[0], &r);
	if (rc == 0)
		rc = cli_setup(x);
	if (rc) {
		registry_free(&r);
		return rc;
	}
	if (x->o->dry_run) {
		api_request req;
		char err[512];
		int built = api_build_create(x->client, &r, &req, err, sizeof err);
		registry_free(&r);
		return cli_print_dry_run(x, built, &req, err);
	}
	api_result res;
	long long new_id = -1;
	if (api_create_registry(x->client, &r, &res, &new_id) != 0) {
		rc = cli_report_failure(x, &res);
	} else {
		if (new_id < 0) {
			fprintf(x->errf, "swrtui: warning: the service answered %ld but did not say the new registry's ID; "
			                 "swrtui list shows it\n",
			        res.status);
			if (x->o->json)
				fprintf(x->out, "{\"id\": null}\n");
			else
				fprintf(x->out, "created registry (ID not returned)\n");
		} else if (x->o->json) {
			fprintf(x->out, "{\"id\": %lld}\n", new_id);
		} else {
			fprintf(x->out, "created registry %lld\n", new_id);
		}
		rc = CLI_EXIT_OK;
	}
	api_result_free(&res);
	registry_free(&r);
	return rc;
}
