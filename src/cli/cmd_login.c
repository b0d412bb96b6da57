/* cmd_login.c — `swrtui login`: from credentials and a region to a ready profile. Interactive: the IAM
 * user, the account, the password (read without echo on a terminal), an optional MFA code and the region
 * are asked on stderr and read from standard input; the token IAM gives is written to a private file
 * (tokenfile.h). With --aksk the access keys of the usual sources are checked instead and nothing secret
 * is stored. Either way the project of the region is found, an instance chosen (the only one, or the one
 * named), and region, project_id, instance_id and token_file are written to the profile. */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "swrtui/auth/endpoint.h"
#include "swrtui/auth/iam.h"
#include "swrtui/auth/tokenfile.h"
#include "swrtui/base/secret.h"
#include "swrtui/base/text.h"
#include "swrtui/swr/instances.h"
#include "cli_internal.h"

#define LINE_MAX_BYTES 1024

/* ---- reading answers: unbuffered, so that no stdio buffer keeps a copy of the password ---- */

static struct termios saved_tty;
static volatile sig_atomic_t tty_saved;

static void restore_tty_and_die(int sig)
{
	if (tty_saved)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved_tty);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* One line of standard input into out (at most n-1 bytes, the line break dropped; the end of the input
 * is an empty answer). 0, or -1 for a line too long. */
static int read_line(char *out, size_t n)
{
	size_t len = 0;
	bool too_long = false;
	for (;;) {
		char c;
		ssize_t r = read(STDIN_FILENO, &c, 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0 || c == '\n')
			break;
		if (len + 1 < n)
			out[len++] = c;
		else
			too_long = true;
	}
	if (len > 0 && out[len - 1] == '\r')
		len--;
	out[len] = '\0';
	return too_long ? -1 : 0;
}

/* Asks question on errf and reads the answer; the echo is off on a terminal when secret. 0 or -1. */
static int ask(cli_ctx *x, const char *question, char *out, size_t n, bool secret)
{
	fprintf(x->errf, "%s", question);
	fflush(x->errf);
	bool tty = isatty(STDIN_FILENO);
	if (secret && tty && tcgetattr(STDIN_FILENO, &saved_tty) == 0) {
		struct termios quiet = saved_tty;
		quiet.c_lflag &= (tcflag_t) ~(ECHO | ECHONL);
		tty_saved = 1;
		signal(SIGINT, restore_tty_and_die);
		signal(SIGTERM, restore_tty_and_die);
		signal(SIGHUP, restore_tty_and_die);
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	int rc = read_line(out, n);
	if (tty_saved) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_tty);
		tty_saved = 0;
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
		fputc('\n', x->errf);
	}
	return rc;
}

/* The non-secret answers, asked in this order. */
typedef struct {
	char user[256], account[256], mfa[32], region[64];
	char password[LINE_MAX_BYTES]; /* wiped before the command returns */
} login_answers;

static int ask_region(cli_ctx *x, login_answers *a)
{
	const setting *r = &x->o->settings.v[SETTING_REGION];
	char q[160];
	snprintf(q, sizeof q, "Region%s%.64s%s: ", r->value ? " [" : " (such as cn-north-4)", r->value ? r->value : "",
	         r->value ? "]" : "");
	if (ask(x, q, a->region, sizeof a->region, false) != 0)
		return -1;
	if (!a->region[0] && r->value)
		snprintf(a->region, sizeof a->region, "%s", r->value);
	if (!cloud_region_plausible(a->region)) {
		fprintf(x->errf, "swrtui: \"%.64s\" is not a region id (such as cn-north-4)\n", a->region);
		return -1;
	}
	/* the answer names the region; an endpoint that is configured stays the one used (a tie) */
	const setting *e = &x->o->settings.v[SETTING_ENDPOINT];
	return settings_set(&x->o->settings, SETTING_REGION, a->region, e->value ? e->source : SETTING_FLAG,
	                    "the region given to login");
}

static int ask_password_login(cli_ctx *x, login_answers *a)
{
	if (ask(x, "IAM user: ", a->user, sizeof a->user, false) != 0 || !a->user[0] ||
	    ask(x, "Account (domain) name: ", a->account, sizeof a->account, false) != 0 || !a->account[0] ||
	    ask(x, "Password: ", a->password, sizeof a->password, true) != 0 || !a->password[0] ||
	    ask(x, "MFA code (empty if none): ", a->mfa, sizeof a->mfa, false) != 0) {
		fprintf(x->errf, "swrtui: login needs the IAM user, the account name and the password\n");
		return -1;
	}
	return ask_region(x, a);
}

/* ---- the steps ---- */

/* The credential, the region and the client: the password login (its token in x->ss.auth), or the
 * access keys. 0, or an exit code after saying why. */
static int login_credential(cli_ctx *x, login_answers *a, iam_token *tok)
{
	settings *s = &x->o->settings;
	char err[600];
	if (settings_resolve(s, x->o->profile, err, sizeof err) != 0) {
		fprintf(x->errf, "swrtui: %s\n", err);
		return CLI_EXIT_USAGE;
	}
	if (x->o->aksk) {
		const char *region = s->v[SETTING_REGION].value;
		if (region && cloud_region_plausible(region))
			snprintf(a->region, sizeof a->region, "%s", region);
		else if (ask_region(x, a) != 0)
			return CLI_EXIT_USAGE;
		if (settings_set(s, SETTING_AUTH, "aksk", SETTING_FLAG, "login --aksk") != 0 ||
		    settings_load_auth(s, &x->ss.auth, err, sizeof err) != 0) {
			fprintf(x->errf, "swrtui: %s\n", err);
			return CLI_EXIT_USAGE;
		}
	} else if (ask_password_login(x, a) != 0) {
		return CLI_EXIT_USAGE;
	}
	x->ss.endpoint = settings_endpoint(s, err, sizeof err);
	if (!x->ss.endpoint || session_start_client(&x->ss, s, err, sizeof err) != 0) {
		fprintf(x->errf, "swrtui: %s\n", err);
		return CLI_EXIT_USAGE;
	}
	x->client = x->ss.client;
	x->endpoint = x->ss.endpoint;
	cli_watch_requests(x, x->client);
	if (x->o->aksk)
		return 0;
	char *iam = iam_endpoint(s->v[SETTING_IAM_ENDPOINT].value, a->region, err, sizeof err);
	if (!iam) {
		fprintf(x->errf, "swrtui: %s\n", err);
		return CLI_EXIT_USAGE;
	}
	iam_credentials cr = {.user = a->user, .account = a->account, .password = a->password, .region = a->region,
	                      .mfa_code = a->mfa[0] ? a->mfa : NULL};
	api_result res;
	int rc = iam_login(x->client, iam, &cr, &res, tok); /* wipes the password */
	free(iam);
	if (rc != 0) {
		fprintf(x->errf, "swrtui: the IAM login failed\n");
		rc = cli_report_failure(x, &res);
		api_result_free(&res);
		return rc;
	}
	api_result_free(&res);
	api_auth *au = &x->ss.auth;
	au->kind = API_AUTH_TOKEN;
	au->token = tok->token;
	tok->token = NULL;
	au->source = strdup("IAM login");
	au->project_id = tok->project_id ? strdup(tok->project_id) : NULL;
	return 0;
}

/* The instance to record: the one configured (--instance-id, --instance NAME), the only one, or the one
 * the user names or numbers; none when there is no answer. 0 with s's instance ID set or not, or an exit
 * code. */
static int choose_instance(cli_ctx *x)
{
	settings *s = &x->o->settings;
	char err[1024];
	api_result res;
	int rc = session_complete(&x->ss, s, SESSION_FOR_INSTANCE, &res, err, sizeof err);
	if (rc != SESSION_COMPLETE_OK) {
		fprintf(x->errf, "swrtui: %s\n", err);
		rc = rc == SESSION_COMPLETE_USAGE ? CLI_EXIT_USAGE : cli_report_failure(x, &res);
		api_result_free(&res);
		return rc;
	}
	if (s->v[SETTING_INSTANCE_ID].value)
		return 0;
	swr_instance_list l;
	if (swr_list_instances(x->client, &res, &l) != 0) {
		fprintf(x->errf, "swrtui: the instances could not be listed\n");
		rc = cli_report_failure(x, &res);
		api_result_free(&res);
		return rc;
	}
	api_result_free(&res);
	size_t pick = l.count;
	if (l.count == 1) {
		pick = 0;
	} else if (l.count > 1) {
		for (size_t i = 0; i < l.count; i++) {
			char *n = text_printable(l.items[i].name, strlen(l.items[i].name), 64, 0);
			char *st = text_printable(l.items[i].status, strlen(l.items[i].status), 32, 0);
			fprintf(x->errf, "  %zu  %s  (%s)\n", i + 1, n ? n : "", st ? st : "");
			free(n);
			free(st);
		}
		char answer[256];
		if (ask(x, "Instance (number or name; empty: choose later): ", answer, sizeof answer, false) == 0 &&
		    answer[0]) {
			char *end = NULL;
			unsigned long k = strtoul(answer, &end, 10);
			if (end && *end == '\0' && k >= 1 && k <= l.count)
				pick = k - 1;
			else if (swr_instance_by_name(&l, answer, &pick, err, sizeof err) != 0) {
				fprintf(x->errf, "swrtui: %s\n", err);
				swr_instance_list_free(&l);
				return CLI_EXIT_USAGE;
			}
		}
	}
	rc = 0;
	if (pick < l.count && settings_set(s, SETTING_INSTANCE_ID, l.items[pick].id, SETTING_DEFAULT, "login") != 0)
		rc = CLI_EXIT_USAGE;
	if (pick < l.count)
		fprintf(x->out, "instance: %s (%s)\n", l.items[pick].name, l.items[pick].id);
	else
		fprintf(x->out, "instance: none chosen (%zu in the project; swrtui opens the instance picker)\n", l.count);
	swr_instance_list_free(&l);
	return rc;
}

/* "in 23 h 59 min" or "" */
static void time_left(const char *expires_at, char *out, size_t n)
{
	long long t = token_time_parse(expires_at);
	long long left = t >= 0 ? t - (long long)time(NULL) : -1;
	if (left >= 0)
		snprintf(out, n, " (in %lld h %02lld min)", left / 3600, left / 60 % 60);
	else
		out[0] = '\0';
}

/* Writes the token file (password login). 0 with *path, or an exit code. */
static int store_token(cli_ctx *x, const iam_token *tok, char **path)
{
	char err[512];
	const setting *tf = &x->o->settings.v[SETTING_TOKEN_FILE];
	const char *profile = x->o->settings.profile ? x->o->settings.profile : "default";
	if (strchr(profile, '/') || strcmp(profile, "..") == 0) {
		fprintf(x->errf, "swrtui: a profile name holds no '/'\n");
		return CLI_EXIT_USAGE;
	}
	*path = tf->source == SETTING_FLAG ? strdup(tf->value) : token_file_default_path(profile, err, sizeof err);
	token_file_info info = {.expires_at = tok->expires_at, .project_id = x->o->settings.v[SETTING_PROJECT_ID].value};
	if (!*path || token_file_write(*path, x->ss.auth.token, &info, err, sizeof err) != 0) {
		fprintf(x->errf, "swrtui: the token could not be stored: %s\n", *path ? err : "out of memory");
		return CLI_EXIT_USAGE;
	}
	char left[64];
	time_left(tok->expires_at, left, sizeof left);
	fprintf(x->out, "token: %s (mode 0600); it expires at %s%s: run swrtui login again then\n", *path,
	        tok->expires_at ? tok->expires_at : "an unknown time", left);
	return 0;
}

/* Records what was found in the profile. */
static int store_profile(cli_ctx *x, const char *token_path)
{
	const settings *s = &x->o->settings;
	const char *keys[4], *values[4];
	size_t n = 0;
	const setting_key want[3] = {SETTING_REGION, SETTING_PROJECT_ID, SETTING_INSTANCE_ID};
	for (int i = 0; i < 3; i++)
		if (s->v[want[i]].value) {
			keys[n] = settings_key_name(want[i]);
			values[n++] = s->v[want[i]].value;
		}
	if (token_path) {
		keys[n] = settings_key_name(SETTING_TOKEN_FILE);
		values[n++] = token_path;
	}
	char err[512], *path = NULL;
	const char *profile = s->profile ? s->profile : "default";
	if (settings_profile_store(profile, keys, values, n, &path, err, sizeof err) != 0) {
		fprintf(x->errf, "swrtui: the profile could not be written: %s\n", err);
		return CLI_EXIT_USAGE;
	}
	fprintf(x->out, "profile %s written to %s:", profile, path ? path : "?");
	for (size_t i = 0; i < n; i++)
		fprintf(x->out, " %s", keys[i]);
	fprintf(x->out, "\nnext: swrtui%s%s\n", strcmp(profile, "default") ? " --profile " : "",
	        strcmp(profile, "default") ? profile : "");
	free(path);
	return 0;
}

int cli_cmd_login(cli_ctx *x)
{
	login_answers *a = calloc(1, sizeof *a);
	iam_token tok = {0};
	if (!a) {
		fprintf(x->errf, "swrtui: out of memory\n");
		return CLI_EXIT_USAGE;
	}
	char *token_path = NULL;
	int rc = login_credential(x, a, &tok);
	if (rc == 0)
		rc = choose_instance(x);
	if (rc == 0) {
		const settings *s = &x->o->settings;
		fprintf(x->out, "logged in %s; region %s, project %s (%s)\n",
		        x->o->aksk ? "with the access keys" : "through IAM", a->region, s->v[SETTING_PROJECT_ID].value,
		        s->v[SETTING_PROJECT_ID].origin);
	}
	if (rc == 0 && !x->o->aksk)
		rc = store_token(x, &tok, &token_path);
	if (rc == 0)
		rc = store_profile(x, token_path);
	free(token_path);
	iam_token_free(&tok);
	secret_wipe(a, sizeof *a);
	free(a);
	return rc;
}
