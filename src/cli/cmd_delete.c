/* cmd_delete.c — `swrtui delete ID`: deletes registry ID after asking on the terminal (naming it and the
 * replication policies that use it, as the TUI's confirmation does), or at once with --yes; --dry-run
 * prints the request instead. */
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

/* A value from the service, printable, at most max characters. */
static void put_value(FILE *f, const char *s, size_t max)
{
	char *p = text_printable(s ? s : "", s ? strlen(s) : 0, max, 0);
	fputs(p ? p : "", f);
	free(p);
}

/* What the confirmation says before its question, as the TUI's: the registry, its type and URL, then
 * the replication policies that use it (or why they could not be listed). */
static void say_impact(cli_ctx *x, const registry *r)
{
	FILE *e = x->errf;
	fprintf(e, "Registry %lld \"", r->id);
	put_value(e, r->name, 64);
	fputs("\"\n", e);
	put_value(e, r->type, 40);
	fputs("  ", e);
	put_value(e, r->url, 200);
	fputs("\n\n", e);
	api_policy_list pol = {0};
	api_result res;
	if (api_list_policies(x->client, r->id, &res, &pol) != 0) {
		if (res.transport != API_TRANSPORT_OK) {
			fprintf(e, "The replication policies could not be listed (%s failed).\n",
			        api_transport_name(res.transport));
		} else {
			fprintf(e, "The replication policies could not be listed (HTTP %ld%s", res.status,
			        res.error.code ? " " : "");
			put_value(e, res.error.code, 100);
			fputs(").\n", e);
		}
	} else if (pol.count == 0) {
		fprintf(e, "No replication policy uses it.\n");
	} else {
		if (pol.total > (long long)pol.count)
			fprintf(e, "Used by %lld replication policies (the first %zu):\n", pol.total, pol.count);
		else
			fprintf(e, "Used by %zu replication polic%s:\n", pol.count, pol.count == 1 ? "y" : "ies");
		for (size_t i = 0; i < pol.count; i++) {
			fprintf(e, "  %lld ", pol.items[i].id);
			put_value(e, pol.items[i].name, 64);
			fprintf(e, "%s\n", pol.items[i].enabled ? "" : " (disabled)");
		}
	}
	api_result_free(&res);
	api_policy_list_free(&pol);
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
		return cli_print_dry_run(x, api_build_delete(x->client, id, &req, err, sizeof err), &req, err);
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
		say_impact(x, &r);
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
