/* relogin.c — a request that survives an expired token: when the service says the token is no longer
 * valid, the user is asked to log in again and the request is sent once more; the screen that asked (a
 * form with its edits) is untouched. */
#include "swrtui/auth/iam.h"
#include "screen.h"

static int run_once(ui *u, const char *busy, bool keep, ui_request_fn fn, void *arg, api_result *res)
{
	if (!keep)
		return ui_run_request_once(u, busy, fn, arg, res);
	int rc = ui_run_request_live(u, busy, fn, arg, res);
	if (rc != 0)
		widget_drop_kept_keys(); /* typed for the screen, not for the panel that follows */
	return rc;
}

static int run_relogin(ui *u, const char *busy, bool keep, ui_request_fn fn, void *arg, api_result *res)
{
	int rc = run_once(u, busy, keep, fn, arg, res);
	if (rc == 0 || u->in_login || !u->ss || u->ss->auth.kind != API_AUTH_TOKEN || !iam_token_expired(res))
		return rc;
	const char *body[] = {"The service says the token is no longer valid (expired, or issued for another region).",
	                      "Log in again to go on: nothing you entered is lost, and the request is sent once more."};
	if (!widget_confirm("Token expired", body, 2, "Log in again?", true))
		return rc;
	u->in_login = true;
	bool ok = ui_login(u, "The token expired: log in again to go on.");
	u->in_login = false;
	if (ok) {
		api_result_free(res);
		rc = run_once(u, busy, keep, fn, arg, res);
	}
	return rc;
}

int ui_run_request(ui *u, const char *busy, ui_request_fn fn, void *arg, api_result *res)
{
	return run_relogin(u, busy, false, fn, arg, res);
}

int ui_run_read(ui *u, const char *busy, ui_request_fn fn, void *arg, api_result *res)
{
	return run_relogin(u, busy, true, fn, arg, res);
}
