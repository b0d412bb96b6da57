/* login.c — the IAM password login panel: IAM user, account name, password (masked), optional MFA
 * code; the region comes from the settings. The token it gets is kept in memory only, in the session's
 * credential, and replaces an expired one. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "swrtui/base/buf.h"
#include "swrtui/auth/iam.h"
#include "swrtui/model/lineedit.h"
#include "swrtui/base/secret.h"
#include "ui.h"

int ui_cp_width(unsigned cp);

enum { F_USER, F_ACCOUNT, F_PASSWORD, F_MFA, F_COUNT };
static const char *const labels[F_COUNT] = {"IAM user:", "Account name:", "Password:", "MFA code (optional):"};

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

static void draw(ui *u, lineedit *le, int focus, const char *why, const char *where, const char *status)
{
	erase();
	ui_title(u, " swrtui — log in to IAM");
	int y = 2;
	ui_put(y++, 2, why, u->cols - 4);
	ui_put(y++, 2, where, u->cols - 4);
	y++;
	int lw = 22, vw = u->cols - lw - 4;
	int cx = -1, cy = -1;
	for (int i = 0; i < F_COUNT; i++, y++) {
		ui_put_pad(y, 2, labels[i], lw);
		size_t s, e;
		int cc;
		bool mask = i == F_PASSWORD;
		lineedit_view(&le[i], vw, mask, ui_cp_width, &s, &e, &cc);
		int a = i == focus ? ui_attr(u, UI_PAIR_FOCUS) : (int)A_UNDERLINE;
		attron(a);
		if (mask) {
			mvhline(y, 2 + lw, ' ', vw);
			size_t n = 0;
			for (size_t k = s; k < e; k++)
				if (((unsigned char)le[i].text[k] & 0xc0) != 0x80)
					n++;
			for (size_t k = 0; k < n && (int)k < vw; k++)
				mvaddch(y, 2 + lw + (int)k, '*');
		} else {
			char *vis = strndup(le[i].text + s, e - s);
			ui_put_pad(y, 2 + lw, vis ? vis : "", vw);
			free(vis);
		}
		attroff(a);
		if (i == focus) {
			cx = 2 + lw + cc;
			cy = y;
		}
	}
	ui_status(u, status, status && *status ? UI_PAIR_ERROR : 0);
	ui_hints(u, " Enter or F2 log in  Tab next field  Esc cancel");
	if (cy >= 0) {
		move(cy, cx);
		curs_set(1);
	}
	refresh();
}

bool ui_login(ui *u, const char *why)
{
	settings *s = u->settings;
	char err[512];
	const char *region = s->v[SETTING_REGION].value;
	char *endpoint = iam_endpoint(s->v[SETTING_IAM_ENDPOINT].value, region, err, sizeof err);
	if (!endpoint) {
		char msg[768];
		snprintf(msg, sizeof msg,
		         "%s\n\nLogging in needs the region (--region or SWRTUI_REGION) or the IAM endpoint "
		         "(--iam-endpoint): %s",
		         why, err);
		ui_message(u, "Log in", msg);
		return false;
	}
	char where[512];
	snprintf(where, sizeof where, "IAM at %s, project scope %s", endpoint, region ? region : "(the endpoint's)");
	lineedit le[F_COUNT];
	for (int i = 0; i < F_COUNT; i++)
		lineedit_init(&le[i], "");
	int focus = F_USER;
	char status[512] = "";
	bool ok = false;
	for (;;) {
		if (ui_quitting())
			break;
		if (ui_too_small(u)) {
			ui_key k;
			ui_read_key(&k, -1);
			ui_key_free(&k);
			continue;
		}
		draw(u, le, focus, why, where, status);
		ui_key k;
		ui_read_key(&k, -1);
		lineedit *l = &le[focus];
		bool submit = false, cancel = false;
		if (ui_key_is(&k, UI_ESC) || ui_key_is(&k, KEY_F(10)) || ui_key_is(&k, UI_CTRL('c')))
			cancel = true;
		else if (ui_key_is(&k, KEY_F(2)) || (ui_key_is(&k, '\n') && focus >= F_PASSWORD))
			submit = true;
		else if (ui_key_is(&k, '\t') || ui_key_is(&k, KEY_DOWN) || ui_key_is(&k, '\n'))
			focus = (focus + 1) % F_COUNT;
		else if (ui_key_is(&k, KEY_BTAB) || ui_key_is(&k, KEY_UP))
			focus = (focus + F_COUNT - 1) % F_COUNT;
		else if (ui_key_is(&k, UI_CTRL('l')))
			clearok(curscr, TRUE);
		else
			ui_lineedit_key(l, &k);
		ui_key_free(&k);
		if (cancel)
			break;
		if (!submit)
			continue;
		if (!le[F_USER].len || !le[F_ACCOUNT].len || !le[F_PASSWORD].len) {
			snprintf(status, sizeof status, "the IAM user, the account name and the password are required");
			continue;
		}
		/* the password buffer handed to IAM is a copy: iam_login wipes it, the field keeps its text
		 * for another try */
		char *pw = secret_strdup(le[F_PASSWORD].text);
		login_req q = {.endpoint = endpoint,
		               .cr = {.user = le[F_USER].text,
		                      .account = le[F_ACCOUNT].text,
		                      .password = pw,
		                      .region = region,
		                      .mfa_code = le[F_MFA].len ? le[F_MFA].text : NULL}};
		api_result res;
		int rc = pw ? ui_run_request(u, "Logging in…", do_login, &q, &res) : -1;
		secret_free(pw);
		if (rc == 0) {
			api_auth *a = &u->ss->auth;
			secret_free(a->token);
			a->token = q.tok.token;
			q.tok.token = NULL;
			a->kind = API_AUTH_TOKEN;
			free(a->source);
			buf b;
			buf_init(&b);
			buf_printf(&b, "IAM login as %s in account %s", le[F_USER].text, le[F_ACCOUNT].text);
			a->source = buf_take(&b);
			free(u->token_expires);
			u->token_expires = q.tok.expires_at;
			q.tok.expires_at = NULL;
			iam_token_free(&q.tok);
			api_result_free(&res);
			ok = true;
			break;
		}
		iam_token_free(&q.tok);
		if (pw && res.transport != API_TRANSPORT_CANCELLED)
			ui_error_panel(u, "Logging in", &res);
		snprintf(status, sizeof status, "not logged in%s", pw ? "; fix the fields and try again" : ": out of memory");
		if (pw)
			api_result_free(&res);
		focus = F_PASSWORD;
	}
	for (int i = 0; i < F_COUNT; i++)
		lineedit_free(&le[i]); /* wipes the password */
	free(endpoint);
	curs_set(0);
	erase();
	return ok;
}
