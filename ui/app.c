/* app.c — the terminal UI's entry point: settings and credential exactly as for the plain commands,
 * then the registry list ("swrtui"), one registry's form ("swrtui edit ID") or an empty form
 * ("swrtui new"). The terminal is restored before anything is printed. */
#include <curses.h>
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "swrtui/base/lazylib.h"
#include "swrtui/config/session.h"
#include "ui.h"

static int do_show(api_client *c, void *arg, api_result *res)
{
	registry *r = arg;
	return api_show_registry(c, r->id, res, r);
}

/* What the screen shows while the program connects: the notice of the first fetch, as ui_run_request
 * draws it (a new form has no fetch and draws itself). */
static void first_frame(ui *u, const char *command)
{
	const char *busy = !command                      ? "Loading registries 1-100…"
	                   : strcmp(command, "edit") == 0 ? "Loading the registry…"
	                                                  : NULL;
	if (!busy || ui_too_small(u))
		return;
	char line[256];
	snprintf(line, sizeof line, "%s  (Esc cancels)", busy);
	ui_status(u, line, UI_PAIR_WARN);
	refresh();
}

int ui_main(cli_opts *o)
{
	char err[512];
	setlocale(LC_CTYPE, ""); /* the terminal's character set; numbers and messages stay those of C */
	long long id = -1;
	if (o->command && strcmp(o->command, "edit") == 0) {
		char *end = NULL;
		errno = 0;
		id = o->nargs == 1 && o->args[0][0] >= '0' && o->args[0][0] <= '9' ? strtoll(o->args[0], &end, 10) : -1;
		if (id < 0 || id > 2147483647LL || errno || !end || *end) {
			fprintf(stderr, "swrtui: usage: swrtui [options] edit ID (a registry ID, a non-negative integer)\n");
			return CLI_EXIT_USAGE;
		}
	} else if (o->nargs != 0) {
		fprintf(stderr, "swrtui: usage: swrtui [options] %s\n", o->command ? "new" : "");
		return CLI_EXIT_USAGE;
	}
	if (ui_term_check(err, sizeof err) != 0) {
		fprintf(stderr, "swrtui: %s\n", err);
		return CLI_EXIT_USAGE;
	}
	/* A configuration problem is told before the screen is taken over; it needs no library. */
	session ss;
	if (session_prepare(&ss, &o->settings, o->profile, true, true, err, sizeof err) != 0) {
		fprintf(stderr, "swrtui: %s\n", err);
		session_close(&ss);
		return CLI_EXIT_USAGE;
	}
	/* The first frame comes before anything slow: libcurl and libcrypto are opened only after it, and
	 * loading them costs more than everything before it (see lazylib.c). */
	ui u;
	memset(&u, 0, sizeof u);
	u.settings = &o->settings;
	if (ui_term_start(&u, err, sizeof err) != 0) {
		fprintf(stderr, "swrtui: %s\n", err);
		session_close(&ss);
		return CLI_EXIT_USAGE;
	}
	first_frame(&u, o->command);
	if (lazylib_load(err, sizeof err) != 0 || session_start_client(&ss, &o->settings, err, sizeof err) != 0) {
		ui_term_stop();
		fprintf(stderr, "swrtui: %s\n", err);
		session_close(&ss);
		return CLI_EXIT_USAGE;
	}
	u.client = ss.client;
	u.ss = &ss;
	reqlog_init(&u.log, 50);
	api_client_set_observer(u.client, reqlog_observe, &u.log);
	int rc = CLI_EXIT_OK;
	if (ss.auth.kind == API_AUTH_NONE &&
	    !ui_login(&u, "No token and no access keys are configured: log in with your IAM user and password.")) {
		ui_term_stop();
		fprintf(stderr, "swrtui: not logged in: set SWRTUI_TOKEN or use --token-file FILE, or set CLOUD_SDK_AK and "
		                "CLOUD_SDK_SK, or use --credentials-file FILE, or log in\n");
		api_client_set_observer(u.client, NULL, NULL);
		reqlog_free(&u.log);
		session_close(&ss);
		return CLI_EXIT_USAGE;
	} else if (!o->command) {
		ui_list_screen(&u);
	} else if (strcmp(o->command, "new") == 0) {
		ui_edit_screen(&u, NULL);
	} else {
		registry r;
		registry_init(&r);
		r.id = id;
		api_result res;
		if (ui_run_request(&u, "Loading the registry…", do_show, &r, &res) != 0) {
			if (res.transport != API_TRANSPORT_CANCELLED)
				ui_error_panel(&u, "Loading the registry", &res);
			rc = res.transport == API_TRANSPORT_OK || res.transport == API_TRANSPORT_TOO_LARGE ? CLI_EXIT_REFUSED
			     : res.transport == API_TRANSPORT_CANCELLED                                  ? CLI_EXIT_OK
			                                                                                 : CLI_EXIT_UNREACHABLE;
		} else {
			ui_edit_screen(&u, &r);
		}
		api_result_free(&res);
		registry_free(&r);
	}
	ui_term_stop();
	api_client_set_observer(u.client, NULL, NULL);
	reqlog_free(&u.log);
	free(u.token_expires);
	if (u.flash[0] && !u.flash_error)
		printf("swrtui: %s\n", u.flash);
	session_close(&ss);
	return rc;
}

void ui_auth_line(ui *u, char *out, size_t outlen)
{
	const api_auth *a = &u->ss->auth;
	const char *what = a->kind == API_AUTH_AKSK ? "AK/SK" : a->kind == API_AUTH_TOKEN ? "token" : "none";
	if (u->token_expires && a->kind == API_AUTH_TOKEN)
		snprintf(out, outlen, "%s from %s, expires %s", what, a->source ? a->source : "?", u->token_expires);
	else
		snprintf(out, outlen, "%s from %s", what, a->source ? a->source : "?");
}
