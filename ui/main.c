/* main.c — the program's entry, the one place that knows both faces: parse the command line, then run a
 * plain command (src/cli) or the terminal UI (ui/screen). src/ is a library that never calls ui/. */
#include <stdio.h>
#include <sys/resource.h>

#include "swrtui/cli/cli.h"
#include "swrtui/base/lazylib.h"
#include "swrtui/base/secret.h"
#include "term/term.h"

#include <cjson/cJSON.h>

int ui_main(cli_opts *o); /* ui/screen/app.c */

/* The version, then the libraries as loaded: support asks for them first. */
static void print_version(void)
{
	char libs[512];
	printf("swrtui %s\n%s\n", SWRTUI_VERSION, term_library_version());
	if (lazylib_versions(libs, sizeof libs) == 0)
		fputs(libs, stdout);
	else
		printf("libcurl, OpenSSL: not loaded (%s)\n", libs);
	printf("cJSON %s\n", cJSON_Version());
}

int main(int argc, char **argv)
{
	/* a core dump could hold a token or a secret */
	struct rlimit no_core = {0, 0};
	setrlimit(RLIMIT_CORE, &no_core);

	/* the token and keys leave the environment block at once; the core reads them from here on */
	secret_env_capture();

	cli_opts o;
	char err[512];
	int rc = cli_parse(argc, argv, &o, err, sizeof err);
	if (rc != 0) {
		fprintf(stderr, "swrtui: %s\n", err);
		cli_opts_free(&o);
		secret_env_release();
		return rc;
	}
	if (o.help) {
		if (o.help_command)
			cli_usage_command(stdout, o.help_command);
		else
			cli_usage(stdout);
		rc = CLI_EXIT_OK;
	} else if (o.version) {
		print_version();
		rc = CLI_EXIT_OK;
	} else if (!cli_is_plain_command(o.command)) {
		rc = ui_main(&o);
	} else if (lazylib_load(err, sizeof err) != 0) { /* the TUI opens them after its first frame */
		fprintf(stderr, "swrtui: %s\n", err);
		rc = CLI_EXIT_USAGE;
	} else {
		rc = cli_run(&o, stdout, stderr);
	}
	cli_opts_free(&o);
	secret_env_release();
	return rc;
}
