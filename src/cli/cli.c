/* cli.c — the dispatch of the plain commands: the command table (name, handler, number of arguments,
 * usage line, whether it talks to the SWR service), the lookups built on it, and running one command
 * with the exit code that scripts rely on. Each command lives in its own cmd_*.c file. */
#include <string.h>

#include "swrtui/cli/cli.h"
#include "swrtui/http/reqlog.h"
#include "swrtui/config/session.h"
#include "cli_internal.h"

const cli_command cli_commands[] = {
	{"edit", NULL, 1, "edit ID", "the terminal UI: the edit form of registry ID", CLI_NEEDS_SERVICE},
	{"new", NULL, 0, "new", "the terminal UI: an empty form that creates a registry", CLI_NEEDS_SERVICE},
	{"list", cli_cmd_list, 0, "list [--name S] [--type T] [--order-by COL] [--order asc|desc] [--json]",
	 "list the registries",
	 CLI_NEEDS_SERVICE},
	{"show", cli_cmd_show, 1, "show ID [--json]", "show registry ID", CLI_NEEDS_SERVICE},
	{"apply", cli_cmd_apply, 2, "apply ID FILE|-", "replace registry ID with the one in FILE (PUT)",
	 CLI_NEEDS_SERVICE},
	{"create", cli_cmd_create, 1, "create FILE|-", "create the registry in FILE (POST)", CLI_NEEDS_SERVICE},
	{"delete", cli_cmd_delete, 1, "delete ID [--yes]", "delete registry ID", CLI_NEEDS_SERVICE},
	{"check", cli_cmd_check, 0, "check", "which credential is in use, and does the service accept it",
	 CLI_NEEDS_SERVICE},
	{"policies", cli_cmd_policies, 1, "policies ID [--json]",
	 "policies using registry ID, last runs", CLI_NEEDS_SERVICE},
	{"replicate", cli_cmd_replicate, 1, "replicate POLICY_ID [--wait]",
	 "run a policy, --wait: to its end", CLI_NEEDS_SERVICE},
	{"instances", cli_cmd_instances, 0, "instances [--json]",
	 "the SWR Enterprise Edition instances of the project", CLI_NEEDS_PROJECT},
	{"login", cli_cmd_login, 0, "login [--aksk]", "log in: the token to a private file, the profile written", 0},
	{"rotate", cli_cmd_rotate, -1, "rotate (--access-key KEY | ID...) [--new-access-key KEY] [--dry-run]", NULL,
	 CLI_NEEDS_SERVICE},
	{"export", cli_cmd_export, 0, "export [--json]", "every registry as JSON, no secrets", CLI_NEEDS_SERVICE},
	{"import", cli_cmd_import, 1, "import FILE [--secrets FILE] [--dry-run] [--yes] [--prune]", NULL,
	 CLI_NEEDS_SERVICE},
	{"probe", cli_cmd_probe, 1, "probe FILE|-|URL", "probe a target registry from this machine", 0},
	{"decode", cli_cmd_decode, 1, "decode MESSAGE|-", "decode an encoded authorization message through STS", 0},
	{NULL, NULL, 0, NULL, NULL, 0},
};

const cli_command *cli_command_find(const char *name)
{
	for (const cli_command *c = cli_commands; name && c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

bool cli_is_command(const char *command)
{
	return cli_command_find(command) != NULL;
}

const char *cli_command_synopsis(const char *command)
{
	const cli_command *c = cli_command_find(command);
	return c ? c->synopsis : NULL;
}

bool cli_is_plain_command(const char *command)
{
	const cli_command *c = cli_command_find(command);
	return c && c->run;
}

void cli_usage_commands(FILE *f)
{
	fprintf(f, "Usage: swrtui [options]%*s%s\n", CLI_USAGE_COLUMN + 1, "", "the terminal UI: the registry list");
	for (const cli_command *c = cli_commands; c->name; c++) {
		if (!c->summary) {
			fprintf(f, "       swrtui [options] %s\n", c->synopsis);
			continue;
		}
		int pad = CLI_USAGE_COLUMN - (int)strlen(c->synopsis);
		if (pad >= 2) /* the summary in the column, or under it when the synopsis is longer */
			fprintf(f, "       swrtui [options] %s%*s%s\n", c->synopsis, pad, "", c->summary);
		else
			fprintf(f, "       swrtui [options] %s\n%*s%s\n", c->synopsis, CLI_USAGE_COLUMN + 24, "",
			        c->summary);
	}
}

int cli_run(cli_opts *o, FILE *out, FILE *errf)
{
	cli_ctx x = {.o = o, .cmd = cli_command_find(o->command), .out = out, .errf = errf};
	int rc;
	if (!x.cmd || !x.cmd->run) {
		fprintf(errf, "swrtui: unknown command \"%s\"\n", o->command ? o->command : "");
		rc = CLI_EXIT_USAGE;
	} else if (x.cmd->nargs >= 0 && o->nargs != x.cmd->nargs) {
		rc = cli_usage_error(&x);
	} else {
		rc = x.cmd->run(&x);
	}
	session_close(&x.ss);
	reqlog_free(&x.log);
	fflush(out);
	return rc;
}
