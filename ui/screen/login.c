/* login.c — the IAM password login panel: IAM user, account name, password (masked), optional MFA
 * code; the region comes from the settings. The token it gets is kept in memory only, in the session's
 * credential, and replaces an expired one. Also the line that names the credential in use. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "swrtui/auth/iam.h"
#include "swrtui/base/buf.h"
#include "swrtui/base/secret.h"
#include "screen.h"

enum { F_USER, F_ACCOUNT, F_PASSWORD, F_MFA, F_COUNT };
static const char *const labels[F_COUNT] = {"IAM user:", "Account name:", "Password:", "MFA code (optional):"};

typedef struct {
	widget_view view;
	ui *u;
	const char *why, *endpoint, *region;
	char where[512];
	lineedit le[F_COUNT];
	int focus;
	char status[512];
	bool ok;
} login_view;

typedef struct {
	const char *endpoint;
	iam_credentials cr;
	iam_token tok;
} login_req;

static int do_login(api_client *c, void *arg, api_result *res)
{
	login_req *q = arg;
	return iam_login(c, q->endpoint, &q->cr, res, &q->tok);
}

static void login_draw(widget_view *v)
{
	login_view *l = (login_view *)v;
	erase();
	term_title(" swrtui — log in to IAM");
	int y = 2, cols = term_cols();
	term_put(y++, 2, l->why, cols - 4);
	term_put(y++, 2, l->where, cols - 4);
	y++;
	int lw = 22, vw = cols - lw - 4;
	for (int i = 0; i < F_COUNT; i++, y++) {
		term_put_pad(y, 2, labels[i], lw);
		int a = i == l->focus ? term_attr(TERM_PAIR_FOCUS) : term_attr(TERM_ROLE_FIELD);
		widget_text_field(y, 2 + lw, vw, &l->le[i], i == F_PASSWORD, a, i == l->focus);
	}
	term_status(l->status, l->status[0] ? TERM_PAIR_ERROR : 0);
	term_hints(" Enter or F2 log in  Tab next field  Esc cancel  F1 help");
}

/* Takes the token into the session's credential. */
static void adopt_token(login_view *l, login_req *q)
{
	api_auth *a = &l->u->ss->auth;
	secret_free(a->token);
	a->token = q->tok.token;
	q->tok.token = NULL;
	a->kind = API_AUTH_TOKEN;
	free(a->source);
	buf b;
	buf_init(&b);
	buf_printf(&b, "IAM login as %s in account %s", l->le[F_USER].text, l->le[F_ACCOUNT].text);
	a->source = buf_take(&b);
	free(l->u->token_expires);
	l->u->token_expires = q->tok.expires_at;
	q->tok.expires_at = NULL;
	free(a->project_id); /* the project of the region comes with the token */
	a->project_id = q->tok.project_id;
	q->tok.project_id = NULL;
}

/* Sends the login; true when the token is in the session. */
static bool submit(login_view *l)
{
	if (!l->le[F_USER].len || !l->le[F_ACCOUNT].len || !l->le[F_PASSWORD].len) {
		snprintf(l->status, sizeof l->status, "the IAM user, the account name and the password are required");
		return false;
	}
	/* the password buffer handed to IAM is a copy: iam_login wipes it, the field keeps its text for
	 * another try */
	char *pw = secret_strdup(l->le[F_PASSWORD].text);
	login_req q = {.endpoint = l->endpoint,
	               .cr = {.user = l->le[F_USER].text,
	                      .account = l->le[F_ACCOUNT].text,
	                      .password = pw,
	                      .region = l->region,
	                      .mfa_code = l->le[F_MFA].len ? l->le[F_MFA].text : NULL}};
	api_result res;
	int rc = pw ? ui_run_request_once(l->u, "Logging in…", do_login, &q, &res) : -1;
	secret_free(pw);
	if (rc == 0)
		adopt_token(l, &q);
	iam_token_free(&q.tok);
	if (rc != 0 && pw && res.transport != API_TRANSPORT_CANCELLED)
		ui_error_panel(l->u, "Logging in", &res);
	if (pw)
		api_result_free(&res);
	if (rc == 0)
		return true;
	snprintf(l->status, sizeof l->status, "not logged in%s", pw ? "; fix the fields and try again" : ": out of memory");
	l->focus = F_PASSWORD;
	return false;
}

static int login_key(widget_view *v, const term_key *k)
{
	login_view *l = (login_view *)v;
	if (term_key_is(k, TERM_ESC) || term_key_is(k, KEY_F(10)))
		return WIDGET_DONE;
	if (term_key_is(k, KEY_F(2)) || (term_key_is(k, '\n') && l->focus >= F_PASSWORD)) {
		l->ok = submit(l);
		return l->ok ? WIDGET_DONE : WIDGET_CONTINUE;
	}
	if (term_key_is(k, KEY_F(4)))
		ui_request_log(l->u);
	else if (term_key_is(k, '\t') || term_key_is(k, KEY_DOWN) || term_key_is(k, '\n'))
		l->focus = (l->focus + 1) % F_COUNT;
	else if (term_key_is(k, KEY_BTAB) || term_key_is(k, KEY_UP))
		l->focus = (l->focus + F_COUNT - 1) % F_COUNT;
	else
		widget_lineedit_key(&l->le[l->focus], k);
	return WIDGET_CONTINUE;
}

/* Why logging in cannot start: no region and no IAM endpoint. */
static void no_endpoint(const char *why, const char *err)
{
	char msg[768];
	snprintf(msg, sizeof msg,
	         "%s\n\nLogging in needs the region (--region or SWRTUI_REGION) or the IAM endpoint "
	         "(--iam-endpoint): %s",
	         why, err);
	widget_message("Log in", msg);
}

bool ui_login(ui *u, const char *why)
{
	settings *s = u->settings;
	char err[512];
	const char *region = s->v[SETTING_REGION].value;
	char *endpoint = iam_endpoint(s->v[SETTING_IAM_ENDPOINT].value, region, err, sizeof err);
	if (!endpoint) {
		no_endpoint(why, err);
		return false;
	}
	login_view *l = calloc(1, sizeof *l);
	if (!l) {
		free(endpoint);
		return false;
	}
	*l = (login_view){.view = {login_draw, login_key, ui_help_login}, .u = u, .why = why, .endpoint = endpoint,
	                  .region = region};
	snprintf(l->where, sizeof l->where, "IAM at %s, project scope %s", endpoint, region ? region : "(the endpoint's)");
	for (int i = 0; i < F_COUNT; i++)
		lineedit_init(&l->le[i], "");
	l->le[F_PASSWORD].secret = true;
	widget_run(&l->view);
	bool ok = l->ok;
	for (int i = 0; i < F_COUNT; i++)
		lineedit_free(&l->le[i]); /* wipes the password */
	free(l);
	free(endpoint);
	erase();
	return ok;
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
