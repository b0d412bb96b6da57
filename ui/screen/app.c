/* app.c — the terminal UI's entry point: settings and credential exactly as for the plain commands,
 * then the registry list ("swrtui"), one registry's form ("swrtui edit ID") or an empty form
 * ("swrtui new"). The terminal is restored before anything is printed: then the decoded error of an
 * exit that follows a failed request (exitnote.c). */
#include <curses.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "swrtui/base/lazylib.h"
#include "swrtui/config/session.h"
#include "screen.h"

static int do_show(api_client *c, void *arg, api_result *res)
{
	registry *r = arg;
	return api_show_registry(c, r->id, res, r);
}

/* What the screen shows while the program connects: the notice of the first fetch, as ui_run_request
 * draws it (a new form has no fetch and draws itself). */
static void first_frame(const char *command, const settings *s)
{
	bool known = s->v[SETTING_PROJECT_ID].value && s->v[SETTING_INSTANCE_ID].value;
	const char *busy = !known                        ? "Finding the instances…"
	                   : !command                    ? "Loading registries 1-100…"
	                   : strcmp(command, "edit") == 0 ? "Loading the registry…"
	                                                  : NULL;
	if (!busy || widget_too_small())
		return;
	char line[256];
	snprintf(line, sizeof line, "%s  (Esc cancels)", busy);
	term_status(line, TERM_PAIR_WARN);
	refresh();
}

/* The registry ID of "edit ID", or -1 after saying why on stderr; 0 for the other commands. */
static long long parse_args(const cli_opts *o)
{
	if (o->command && strcmp(o->command, "edit") == 0) {
		long long id;
		if (o->nargs != 1 || registry_parse_id(o->args[0], &id) != 0) {
			fprintf(stderr, "swrtui: usage: swrtui [options] %s (a registry ID, a non-negative integer)\n",
			        cli_command_synopsis("edit"));
			return -1;
		}
		return id;
	}
	if (o->nargs != 0) {
		fprintf(stderr, "swrtui: usage: swrtui [options] %s\n", o->command ? cli_command_synopsis(o->command) : "");
		return -1;
	}
	return 0;
}

/* "swrtui edit ID": load the registry, then its form. Returns the exit code. */
static int edit_one(ui *u, long long id)
{
	int rc = CLI_EXIT_OK;
	registry r;
	registry_init(&r);
	r.id = id;
	api_result res;
	if (ui_run_request(u, "Loading the registry…", do_show, &r, &res) != 0) {
		if (res.transport != API_TRANSPORT_CANCELLED)
			ui_error_panel(u, "Loading the registry", &res);
		rc = res.transport == API_TRANSPORT_OK || res.transport == API_TRANSPORT_TOO_LARGE ? CLI_EXIT_REFUSED
		     : res.transport == API_TRANSPORT_CANCELLED                                  ? CLI_EXIT_OK
		                                                                                 : CLI_EXIT_UNREACHABLE;
	} else {
		ui_edit_screen(u, &r);
	}
	api_result_free(&res);
	registry_free(&r);
	return rc;
}

/* Fails with err (the terminal restored) when the libraries or the client cannot start. */
static int start_client(ui *u, session *ss, cli_opts *o, char *err, size_t errlen)
{
	if (lazylib_load(err, errlen) != 0 || session_start_client(ss, &o->settings, err, errlen) != 0) {
		term_stop();
		return -1;
	}
	u->client = ss->client;
	u->ss = ss;
	reqlog_init(&u->log, 50);
	api_client_set_observer(u->client, reqlog_observe, &u->log);
	return 0;
}

/* The instance the screens work on: the one configured (its project, or the ID of --instance NAME,
 * found as needed), else the one chosen in the instance picker. 1, 0 when none was chosen, -1 after a
 * failure that was shown. */
static int choose_instance(ui *u)
{
	settings *s = u->settings;
	char *region = session_region(u->ss, s);
	snprintf(u->region, sizeof u->region, "%s", region ? region : "");
	free(region);
	if (!s->v[SETTING_INSTANCE_ID].value && !s->v[SETTING_INSTANCE_NAME].value)
		return ui_instance_picker(u, true) == 1 ? 1 : 0;
	if (!ui_complete_target(u, true))
		return -1;
	const setting *name = &s->v[SETTING_INSTANCE_NAME];
	if (name->value && s->v[SETTING_INSTANCE_ID].source == SETTING_DEFAULT)
		snprintf(u->instance_name, sizeof u->instance_name, "%.64s", name->value);
	return 1;
}

/* The screens, once the client runs. Returns the exit code; -1 when not logged in. */
static int run_screens(ui *u, cli_opts *o, long long id)
{
	if (u->ss->auth.kind == API_AUTH_NONE &&
	    !ui_login(u, "No token and no access keys are configured: log in with your IAM user and password."))
		return -1;
	int chosen = choose_instance(u);
	if (chosen <= 0)
		return chosen < 0 ? CLI_EXIT_REFUSED : CLI_EXIT_OK;
	if (!o->command)
		ui_list_screen(u);
	else if (strcmp(o->command, "new") == 0)
		ui_edit_screen(u, NULL);
	else
		return edit_one(u, id);
	return CLI_EXIT_OK;
}

int ui_main(cli_opts *o)
{
	char err[512];
	setlocale(LC_CTYPE, ""); /* the terminal's character set; numbers and messages stay those of C */
	long long id = parse_args(o);
	if (id < 0)
		return CLI_EXIT_USAGE;
	if (term_check(err, sizeof err) != 0) {
		fprintf(stderr, "swrtui: %s\n", err);
		return CLI_EXIT_USAGE;
	}
	/* A configuration problem is told before the screen is taken over; it needs no library. */
	session ss;
	ui u;
	memset(&u, 0, sizeof u);
	u.settings = &o->settings;
	if (session_prepare_scope(&ss, &o->settings, o->profile, true, true, SESSION_FOR_PROJECT, err, sizeof err) != 0 ||
	    term_start(err, sizeof err) != 0) {
		fprintf(stderr, "swrtui: %s\n", err);
		session_close(&ss);
		return CLI_EXIT_USAGE;
	}
	/* The first frame comes before anything slow: libcurl and libcrypto are opened only after it, and
	 * loading them costs more than everything before it (see src/base/lazylib.c). */
	first_frame(o->command, &o->settings);
	if (start_client(&u, &ss, o, err, sizeof err) != 0) {
		fprintf(stderr, "swrtui: %s\n", err);
		session_close(&ss);
		return CLI_EXIT_USAGE;
	}
	int rc = run_screens(&u, o, id);
	term_stop();
	ui_exit_note_print(&u); /* an exit that follows an error leaves it in the scrollback */
	if (rc < 0)
		fprintf(stderr, "swrtui: not logged in: set SWRTUI_TOKEN or use --token-file FILE, or set CLOUD_SDK_AK and "
		                "CLOUD_SDK_SK, or use --credentials-file FILE, or log in\n");
	if (u.client) /* a failed switch of region leaves none */
		api_client_set_observer(u.client, NULL, NULL);
	reqlog_free(&u.log);
	free(u.token_expires);
	if (rc >= 0 && u.flash[0] && !u.flash_error)
		printf("swrtui: %s\n", u.flash);
	session_close(&ss);
	return rc < 0 ? CLI_EXIT_USAGE : rc;
}
