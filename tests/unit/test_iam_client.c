/* test_iam_client.c — IAM login and STS decoding against the local emulator (a child process with IAM
 * users and a key pair): a login token the API accepts, a decoded wrong-password 401, virtual MFA with
 * and without the user ID, expiry after /_emu/expire-tokens, and a 403's message decoded and summarised. */
#define _DEFAULT_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <curl/curl.h>

#include "swrtui/auth/auth.h"
#include "swrtui/http/http.h"
#include "swrtui/swr/swr.h"
#include "swrtui/auth/iam.h"
#include "swrtui/auth/sts.h"

#define PROJECT "0a1b2c3d4e5f60718293a4b5c6d7e8f9"
#define INSTANCE "8f3e2a1b-1234-4cde-9abc-0123456789ab"
#define ALICE_PASSWORD "Pa55-w0rd:alice"
#define BOB_PASSWORD "B0b-pass"
#define BOB_TOTP "123456"
#define AK "HPUAEXAMPLEAK0123456"
#define SK "example-secret-key-for-tests"

#define assert_contains(hay, needle)                                                                    \
	do {                                                                                            \
		const char *hay_ = (hay), *needle_ = (needle);                                          \
		if (!hay_ || !strstr(hay_, needle_))                                                    \
			fail_msg("expected \"%s\" to contain \"%s\"", hay_ ? hay_ : "(null)", needle_); \
	} while (0)

typedef struct {
	pid_t pid;
	char url[256];
	api_client *client; /* no credential of its own: used for IAM and STS */
	api_auth none;
} fixture;

static const char *emulator_path(void)
{
	const char *p = getenv("SWRTUI_EMULATOR");
	return p ? p : "tests/emulator/swr_emulator.py";
}

static int start_emulator(fixture *f)
{
	int fds[2];
	if (pipe(fds) != 0)
		return -1;
	f->pid = fork();
	if (f->pid < 0)
		return -1;
	if (f->pid == 0) {
		dup2(fds[1], STDOUT_FILENO);
		close(fds[0]);
		close(fds[1]);
		execlp("python3", "python3", emulator_path(), "--sample", "--port", "0", "--quiet", "--iam-user",
		       "alice:acme:" ALICE_PASSWORD, "--iam-user", "bob:acme:" BOB_PASSWORD ":" BOB_TOTP,
		       "--forbidden-token", "forbidden-token", "--aksk", AK ":" SK, (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	char line[256];
	size_t n = 0;
	struct pollfd pfd = {.fd = fds[0], .events = POLLIN};
	while (n < sizeof line - 1 && poll(&pfd, 1, 15000) == 1) {
		ssize_t r = read(fds[0], line + n, 1);
		if (r <= 0 || line[n] == '\n')
			break;
		n++;
	}
	line[n] = '\0';
	close(fds[0]);
	const char *mark = "SWR-EMULATOR LISTENING ";
	if (strncmp(line, mark, strlen(mark)) != 0)
		return -1;
	snprintf(f->url, sizeof f->url, "%.200s", line + strlen(mark));
	return 0;
}

/* A control request to the emulator (libcurl directly); returns the status, *body_out the body. */
static long control(fixture *f, const char *method, const char *path, char **body_out)
{
	CURL *c = curl_easy_init();
	char url[300];
	snprintf(url, sizeof url, "%s%s", f->url, path);
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, mem);
	if (strcmp(method, "POST") == 0)
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, "");
	long status = 0;
	if (curl_easy_perform(c) == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	fclose(mem);
	curl_easy_cleanup(c);
	if (body_out)
		*body_out = buf;
	else
		free(buf);
	return status;
}

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	if (!f || start_emulator(f) != 0) {
		fprintf(stderr, "cannot start the emulator (%s)\n", emulator_path());
		free(f);
		return -1;
	}
	api_config cfg = {.endpoint = f->url, .authenticator = api_auth_authenticator(&f->none), .timeout_ms = 5000};
	char err[256];
	f->client = api_client_new(&cfg, err, sizeof err);
	if (!f->client) {
		fprintf(stderr, "api_client_new: %s\n", err);
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	api_client_free(f->client);
	kill(f->pid, SIGTERM);
	waitpid(f->pid, NULL, 0);
	free(f);
	return 0;
}

static int reset(void **state)
{
	fixture *f = *state;
	return control(f, "POST", "/_emu/reset", NULL) / 100 == 2 ? 0 : -1;
}

static void creds(iam_credentials *cr, const char *user, char *password)
{
	memset(cr, 0, sizeof *cr);
	cr->user = user;
	cr->account = "acme";
	cr->password = password;
	cr->region = "cn-north-4";
}

/* A list call on the emulator's instance with auth; returns its status (0 on transport failure). */
static long list_with(fixture *f, const api_auth *auth, api_result *res)
{
	api_config cfg = {.endpoint = f->url, .authenticator = api_auth_authenticator(auth),
	                  .timeout_ms = 5000};
	char err[256];
	api_client *c = swr_client_new(&cfg, PROJECT, INSTANCE, err, sizeof err);
	assert_non_null(c);
	registry_list list;
	api_list_params p = {.limit = 1};
	api_list_registries(c, &p, res, &list);
	registry_list_free(&list);
	api_client_free(c);
	return res->status;
}

static void token_auth(api_auth *a, iam_token *t)
{
	memset(a, 0, sizeof *a);
	a->kind = API_AUTH_TOKEN;
	a->token = t->token; /* moved: the token now belongs to the credential */
	t->token = NULL;
	a->source = strdup("login");
}

static void test_good_login_gives_a_token_the_service_accepts(void **state)
{
	fixture *f = *state;
	char pw[] = ALICE_PASSWORD;
	iam_credentials cr;
	creds(&cr, "alice", pw);
	api_result res;
	iam_token tok;
	assert_int_equal(iam_login(f->client, f->url, &cr, &res, &tok), 0);
	assert_int_equal(res.status, 201);
	assert_non_null(tok.token);
	assert_int_equal(strncmp(tok.token, "emu-iam-", 8), 0);
	assert_non_null(tok.expires_at);
	assert_int_equal(strlen(tok.expires_at), strlen("2024-01-01T00:00:00.000000Z"));
	assert_int_equal(strlen(tok.user_id), 32);
	assert_null(res.subject_token); /* moved into tok */
	for (size_t i = 0; i < res.nresp_headers; i++)
		if (strcmp(res.resp_headers[i].name, "X-Subject-Token") == 0)
			assert_string_equal(res.resp_headers[i].value, "<redacted>");
	assert_int_equal(pw[0], '\0');
	api_result_free(&res);

	/* what was sent: no X-Auth-Token, IAM's content type, the scope */
	char *reqs = NULL;
	control(f, "GET", "/_emu/requests", &reqs);
	assert_contains(reqs, "\"path\":\"/v3/auth/tokens\"");
	assert_contains(reqs, "application/json;charset=utf8");
	assert_contains(reqs, "{\\\"project\\\":{\\\"name\\\":\\\"cn-north-4\\\"}}");
	assert_null(strstr(reqs, "X-Auth-Token"));
	free(reqs);

	api_auth a;
	token_auth(&a, &tok);
	assert_int_equal(list_with(f, &a, &res), 200);
	api_result_free(&res);
	api_auth_free(&a);
	iam_token_free(&tok);
}

static void test_wrong_password_is_a_decoded_401(void **state)
{
	fixture *f = *state;
	char pw[] = "not-the-password";
	iam_credentials cr;
	creds(&cr, "alice", pw);
	api_result res;
	iam_token tok;
	assert_int_equal(iam_login(f->client, f->url, &cr, &res, &tok), -1);
	assert_int_equal(res.transport, API_TRANSPORT_OK);
	assert_int_equal(res.status, 401);
	assert_int_equal(res.error.format, API_ERROR_FORMAT_CODE);
	assert_string_equal(res.error.code, "401");
	assert_string_equal(res.error.msg, "The username or password is wrong.");
	assert_false(iam_token_expired(&res));
	assert_null(tok.token);
	assert_null(res.subject_token);
	assert_int_equal(pw[0], '\0');
	api_result_free(&res);

	char pw2[] = ALICE_PASSWORD;
	creds(&cr, "alice", pw2);
	cr.account = "other-account";
	assert_int_equal(iam_login(f->client, f->url, &cr, &res, &tok), -1);
	assert_int_equal(res.status, 401);
	assert_string_equal(res.error.msg, "The username or password is wrong.");
	api_result_free(&res);
}

static void test_mfa_user_without_code_is_refused(void **state)
{
	fixture *f = *state;
	char pw[] = BOB_PASSWORD;
	iam_credentials cr;
	creds(&cr, "bob", pw);
	api_result res;
	iam_token tok;
	assert_int_equal(iam_login(f->client, f->url, &cr, &res, &tok), -1);
	assert_int_equal(res.status, 401);
	assert_contains(res.error.msg, "Virtual MFA verification is required");
	assert_null(tok.token);
	api_result_free(&res);
}

static long count_logins(fixture *f)
{
	char *reqs = NULL;
	control(f, "GET", "/_emu/requests", &reqs);
	long n = 0;
	for (const char *p = reqs; p && (p = strstr(p, "\"/v3/auth/tokens\"")) != NULL; p++)
		n++;
	free(reqs);
	return n;
}

static void test_mfa_code_without_user_id_takes_the_id_from_the_first_refusal(void **state)
{
	fixture *f = *state;
	char pw[] = BOB_PASSWORD;
	iam_credentials cr;
	creds(&cr, "bob", pw);
	cr.mfa_code = BOB_TOTP;
	api_result res;
	iam_token tok;
	assert_int_equal(iam_login(f->client, f->url, &cr, &res, &tok), 0);
	assert_int_equal(res.status, 201);
	assert_non_null(tok.token);
	assert_non_null(tok.user_id);
	assert_int_equal(count_logins(f), 2);
	assert_int_equal(pw[0], '\0');
	api_result_free(&res);

	/* with the ID known, one call; a wrong code is refused */
	char *uid = strdup(tok.user_id);
	iam_token_free(&tok);
	control(f, "POST", "/_emu/reset", NULL);
	char pw2[] = BOB_PASSWORD;
	creds(&cr, "bob", pw2);
	cr.mfa_code = BOB_TOTP;
	cr.user_id = uid;
	assert_int_equal(iam_login(f->client, f->url, &cr, &res, &tok), 0);
	assert_int_equal(count_logins(f), 1);
	api_result_free(&res);

	api_auth a;
	token_auth(&a, &tok);
	assert_int_equal(list_with(f, &a, &res), 200);
	api_result_free(&res);
	api_auth_free(&a);
	iam_token_free(&tok);

	char pw3[] = BOB_PASSWORD;
	creds(&cr, "bob", pw3);
	cr.mfa_code = "000000";
	cr.user_id = uid;
	assert_int_equal(iam_login(f->client, f->url, &cr, &res, &tok), -1);
	assert_int_equal(res.status, 401);
	assert_string_equal(res.error.msg, "The MFA verification code is wrong.");
	api_result_free(&res);
	free(uid);
}

static void test_mfa_code_for_a_user_without_mfa_needs_one_call(void **state)
{
	fixture *f = *state;
	char pw[] = ALICE_PASSWORD;
	iam_credentials cr;
	creds(&cr, "alice", pw);
	cr.mfa_code = "111111";
	api_result res;
	iam_token tok;
	assert_int_equal(iam_login(f->client, f->url, &cr, &res, &tok), 0);
	assert_int_equal(count_logins(f), 1);
	assert_non_null(tok.token);
	api_result_free(&res);
	iam_token_free(&tok);
}

static void test_expired_token_is_detected_and_a_new_login_works(void **state)
{
	fixture *f = *state;
	char pw[] = ALICE_PASSWORD;
	iam_credentials cr;
	creds(&cr, "alice", pw);
	api_result res;
	iam_token tok;
	assert_int_equal(iam_login(f->client, f->url, &cr, &res, &tok), 0);
	api_result_free(&res);
	api_auth a;
	token_auth(&a, &tok);
	assert_int_equal(list_with(f, &a, &res), 200);
	assert_false(iam_token_expired(&res));
	api_result_free(&res);

	char *body = NULL;
	assert_int_equal(control(f, "POST", "/_emu/expire-tokens", &body), 200);
	assert_contains(body, "\"expired\":");
	free(body);

	assert_int_equal(list_with(f, &a, &res), 401);
	assert_string_equal(res.error.code, "SVCSTG.SWR.4010000");
	assert_true(iam_token_expired(&res));
	api_result_free(&res);
	api_auth_free(&a);
	iam_token_free(&tok);

	/* log in again: a new token, accepted */
	char pw2[] = ALICE_PASSWORD;
	creds(&cr, "alice", pw2);
	assert_int_equal(iam_login(f->client, f->url, &cr, &res, &tok), 0);
	api_result_free(&res);
	token_auth(&a, &tok);
	assert_int_equal(list_with(f, &a, &res), 200);
	api_result_free(&res);
	api_auth_free(&a);
	iam_token_free(&tok);
}

static void test_forbidden_message_is_decoded_and_summarised(void **state)
{
	fixture *f = *state;
	api_auth forbidden;
	memset(&forbidden, 0, sizeof forbidden);
	forbidden.kind = API_AUTH_TOKEN;
	forbidden.token = strdup("forbidden-token");
	api_result res;
	assert_int_equal(list_with(f, &forbidden, &res), 403);
	assert_non_null(res.error.encoded_authorization_message);
	char *message = strdup(res.error.encoded_authorization_message);
	char *request_id = strdup(res.request_id);
	api_result_free(&res);
	api_auth_free(&forbidden);

	api_auth keys;
	memset(&keys, 0, sizeof keys);
	keys.kind = API_AUTH_AKSK;
	keys.ak = strdup(AK);
	keys.sk = strdup(SK);
	char *decoded = NULL;
	assert_int_equal(sts_decode(f->client, f->url, message, &keys, &res, &decoded), 0);
	assert_int_equal(res.status, 200);
	sts_summary s;
	assert_int_equal(sts_summarize(decoded, strlen(decoded), &s), 0);
	assert_string_equal(s.who, "user emulator-user (ID 5f4e3d2c1b0a49382716a5b4c3d2e1f0), account emulator-account "
	                           "(ID 9e8d7c6b5a4938271605f4e3d2c1b0a9)");
	assert_string_equal(s.action, "swr:instance:listRegistries");
	assert_string_equal(s.resource, "SWR:*:" PROJECT ":instance:" INSTANCE);
	assert_string_equal(s.why, "implicit deny by identity-based policy");
	assert_string_equal(s.request_id, request_id); /* the refused request's X-Request-Id */
	sts_summary_free(&s);
	free(decoded);
	api_result_free(&res);

	/* a key the emulator does not know: the gateway's 401 */
	free(keys.sk);
	keys.sk = strdup("another-secret");
	assert_int_equal(sts_decode(f->client, f->url, message, &keys, &res, &decoded), -1);
	assert_int_equal(res.status, 401);
	assert_string_equal(res.error.code, "APIGW.0301");
	assert_contains(res.error.msg, "verify aksk signature fail");
	assert_null(decoded);
	api_result_free(&res);
	free(keys.sk);
	keys.sk = strdup(SK);

	/* an undecodable message is STS's 400 */
	assert_int_equal(sts_decode(f->client, f->url, "bm90LWEtbWVzc2FnZQ", &keys, &res, &decoded), -1);
	assert_int_equal(res.status, 400);
	assert_non_null(res.error.code);
	assert_int_equal(strncmp(res.error.code, "STS.", 4), 0);
	assert_null(decoded);
	api_result_free(&res);
	api_auth_free(&keys);
	free(message);
	free(request_id);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_good_login_gives_a_token_the_service_accepts, reset),
		cmocka_unit_test_setup(test_wrong_password_is_a_decoded_401, reset),
		cmocka_unit_test_setup(test_mfa_user_without_code_is_refused, reset),
		cmocka_unit_test_setup(test_mfa_code_without_user_id_takes_the_id_from_the_first_refusal, reset),
		cmocka_unit_test_setup(test_mfa_code_for_a_user_without_mfa_needs_one_call, reset),
		cmocka_unit_test_setup(test_expired_token_is_detected_and_a_new_login_works, reset),
		cmocka_unit_test_setup(test_forbidden_message_is_decoded_and_summarised, reset),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
