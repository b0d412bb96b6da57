/* test_api_client.c — the request module against the local SWR emulator (started as a child process):
 * one connection reused, the observer, cancellation through the watched descriptor, body cap,
 * redirects not followed, transport kinds, no proxy for a loopback endpoint (SWR and IAM requests), and
 * the decoded answers of each operation. */
#define _DEFAULT_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "swrtui/auth/auth.h"
#include "swrtui/auth/iam.h"
#include "swrtui/http/http.h"
#include "swrtui/swr/swr.h"

#define PROJECT "0a1b2c3d4e5f60718293a4b5c6d7e8f9"
#define INSTANCE "8f3e2a1b-1234-4cde-9abc-0123456789ab"

typedef struct {
	pid_t pid;
	char url[256];
	api_auth auth;
	api_client *client;
} fixture;

static const char *emulator_path(void)
{
	const char *p = getenv("SWRTUI_EMULATOR");
	return p ? p : "tests/emulator/swr_emulator.py";
}

/* Starts the emulator and waits (bounded) for its LISTENING line. */
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
		execlp("python3", "python3", emulator_path(), "--sample", "--port", "0", "--quiet", (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	char line[256];
	size_t n = 0;
	struct pollfd pfd = {.fd = fds[0], .events = POLLIN};
	while (n < sizeof line - 1 && poll(&pfd, 1, 15000) == 1) {
		ssize_t r = read(fds[0], line + n, 1);
		if (r <= 0)
			break;
		if (line[n] == '\n')
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

/* A control request to the emulator, made with libcurl directly (tests may). */
static long control(fixture *f, const char *method, const char *path, const char *json, char **body_out)
{
	CURL *c = curl_easy_init();
	char url[256];
	snprintf(url, sizeof url, "%s%s", f->url, path);
	FILE *mem = NULL;
	char *buf = NULL;
	size_t len = 0;
	mem = open_memstream(&buf, &len);
	struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/json");
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, mem);
	if (json)
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, json);
	long status = 0;
	if (curl_easy_perform(c) == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	fclose(mem);
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	if (body_out)
		*body_out = buf;
	else
		free(buf);
	return status;
}

static long stat_connections(fixture *f)
{
	char *body = NULL;
	control(f, "GET", "/_emu/stats", NULL, &body);
	const char *p = body ? strstr(body, "\"connections\":") : NULL;
	long n = p ? strtol(p + strlen("\"connections\":"), NULL, 10) : -1;
	free(body);
	return n;
}

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	if (!f || start_emulator(f) != 0) {
		fprintf(stderr, "cannot start the emulator (%s)\n", emulator_path());
		free(f);
		return -1;
	}
	f->auth.kind = API_AUTH_TOKEN;
	f->auth.token = strdup("emulator-token");
	api_config cfg = {.endpoint = f->url, .authenticator = api_auth_authenticator(&f->auth),
	                  .timeout_ms = 5000};
	char err[256];
	f->client = swr_client_new(&cfg, PROJECT, INSTANCE, err, sizeof err);
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
	api_auth_free(&f->auth);
	kill(f->pid, SIGTERM);
	waitpid(f->pid, NULL, 0);
	free(f);
	return 0;
}

static int reset(void **state)
{
	fixture *f = *state;
	return control(f, "POST", "/_emu/reset", "{}", NULL) / 100 == 2 ? 0 : -1;
}

static void test_list_show_update_over_one_reused_connection(void **state)
{
	fixture *f = *state;
	long before = stat_connections(f);
	api_result res;
	registry_list list;
	api_list_params p = {.limit = 2};
	assert_int_equal(api_list_registries(f->client, &p, &res, &list), 0);
	assert_int_equal(res.status, 200);
	assert_int_equal(list.count, 2);
	assert_true(list.total >= 6);
	assert_non_null(res.request_id);
	assert_int_equal(strlen(res.request_id), 32);
	api_result_free(&res);
	registry_list_free(&list);

	registry r;
	assert_int_equal(api_show_registry(f->client, 7, &res, &r), 0);
	assert_int_equal(r.id, 7);
	assert_null(r.access_secret); /* the emulator masks it as "*****": never taken for a secret */
	api_result_free(&res);

	registry_set(&r.access_secret, "new-secret");
	assert_int_equal(api_update_registry(f->client, 7, &r, &res), 0);
	assert_int_equal(res.status, 200);
	assert_int_equal(res.body_len, 0);
	api_result_free(&res);
	registry_free(&r);

	long after = stat_connections(f);
	/* three API requests on one connection, plus the first stats call's own connection */
	assert_int_equal(after - before, 2);
}

static void test_create_returns_the_new_id_and_delete_answers_204(void **state)
{
	fixture *f = *state;
	registry r;
	registry_init(&r);
	registry_set(&r.name, "made-by-test");
	registry_set(&r.type, "huawei-SWR");
	registry_set(&r.url, "https://swr.cn-north-4.myhuaweicloud.com");
	registry_set(&r.access_key, "ak");
	registry_set(&r.access_secret, "sk");
	api_result res;
	long long id = -1;
	assert_int_equal(api_create_registry(f->client, &r, &res, &id), 0);
	assert_true(res.status == 200 || res.status == 201);
	assert_true(id > 7);
	api_result_free(&res);
	assert_int_equal(api_delete_registry(f->client, id, &res), 0);
	assert_int_equal(res.status, 204);
	api_result_free(&res);
	assert_int_equal(api_delete_registry(f->client, id, &res), -1);
	assert_int_equal(res.status, 404);
	assert_int_equal(res.error.format, API_ERROR_FORMAT_NEW);
	assert_string_equal(res.error.code, "SVCSTG.SWR.4040083");
	api_result_free(&res);
	registry_free(&r);
}

static void test_policies_filtered_by_registry(void **state)
{
	fixture *f = *state;
	api_result res;
	api_policy_list pl;
	assert_int_equal(api_list_policies(f->client, 7, &res, &pl), 0);
	assert_true(pl.count >= 1);
	for (size_t i = 0; i < pl.count; i++)
		assert_true(pl.items[i].src_registry == 7 || pl.items[i].dest_registry == 7);
	api_result_free(&res);
	api_policy_list_free(&pl);
}

static int observed;
static void observe(void *ctx, const api_request *req, const api_result *res)
{
	(void)ctx;
	(void)req;
	if (res->transport == API_TRANSPORT_OK)
		observed++;
}

static void test_observer_sees_each_request(void **state)
{
	fixture *f = *state;
	observed = 0;
	api_client_set_observer(f->client, observe, NULL);
	api_result res;
	registry r;
	assert_int_equal(api_show_registry(f->client, 1, &res, &r), 0);
	api_result_free(&res);
	registry_free(&r);
	assert_int_equal(api_show_registry(f->client, 2, &res, &r), 0);
	api_result_free(&res);
	registry_free(&r);
	api_client_set_observer(f->client, NULL, NULL);
	assert_int_equal(observed, 2);
}

static int cancel_now(void *ctx)
{
	(void)ctx;
	return 1;
}

static void test_a_ready_watched_descriptor_cancels_a_slow_request(void **state)
{
	fixture *f = *state;
	assert_int_equal(control(f, "POST", "/_emu/faults", "{\"method\":\"GET\",\"delay\":4}", NULL), 200);
	int fds[2];
	assert_int_equal(pipe(fds), 0);
	assert_int_equal(write(fds[1], "x", 1), 1); /* a "key" is already waiting */
	api_client_set_watch(f->client, fds[0], cancel_now, NULL);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	api_result res;
	registry r;
	assert_int_equal(api_show_registry(f->client, 1, &res, &r), -1);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	api_client_set_watch(f->client, -1, NULL, NULL);
	assert_int_equal(res.transport, API_TRANSPORT_CANCELLED);
	assert_string_equal(api_transport_name(res.transport), "cancelled");
	double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	assert_true(secs < 3.0); /* it did not wait for the 4 s answer */
	api_result_free(&res);
	registry_free(&r);
	close(fds[0]);
	close(fds[1]);
	/* the client still works afterwards */
	assert_int_equal(control(f, "DELETE", "/_emu/faults", NULL, NULL) / 100, 2);
	assert_int_equal(api_show_registry(f->client, 1, &res, &r), 0);
	api_result_free(&res);
	registry_free(&r);
}

static void test_a_body_over_the_cap_is_too_large(void **state)
{
	fixture *f = *state;
	api_config cfg = {.endpoint = f->url, .authenticator = api_auth_authenticator(&f->auth),
	                  .max_body = 4096};
	char err[256];
	api_client *small = swr_client_new(&cfg, PROJECT, INSTANCE, err, sizeof err);
	assert_non_null(small);
	assert_int_equal(control(f, "POST", "/_emu/faults",
	                         "{\"method\":\"GET\",\"action\":\"oversize\",\"size\":100000,\"valid_json\":true}", NULL),
	                 200);
	api_result res;
	registry_list l;
	assert_int_equal(api_list_registries(small, NULL, &res, &l), -1);
	assert_int_equal(res.transport, API_TRANSPORT_TOO_LARGE);
	assert_non_null(strstr(res.transport_msg, "4096-byte limit"));
	assert_null(res.body);
	api_result_free(&res);
	api_client_free(small);
}

static void test_a_redirect_is_returned_not_followed(void **state)
{
	fixture *f = *state;
	assert_int_equal(control(f, "POST", "/_emu/faults",
	                         "{\"method\":\"GET\",\"action\":\"redirect\",\"status\":307,"
	                         "\"location\":\"http://127.0.0.1:9/elsewhere\"}",
	                         NULL),
	                 200);
	api_result res;
	registry r;
	assert_int_equal(api_show_registry(f->client, 1, &res, &r), -1);
	assert_int_equal(res.transport, API_TRANSPORT_OK);
	assert_int_equal(res.status, 307);
	assert_string_equal(res.location, "http://127.0.0.1:9/elsewhere");
	api_result_free(&res);
	registry_free(&r);
}

static void test_a_missing_token_is_refused_before_sending(void **state)
{
	fixture *f = *state;
	api_auth none = {0};
	api_config cfg = {.endpoint = f->url, .authenticator = api_auth_authenticator(&none)};
	char err[256];
	api_client *c = swr_client_new(&cfg, PROJECT, INSTANCE, err, sizeof err);
	assert_non_null(c);
	api_result res;
	registry r;
	assert_int_equal(api_show_registry(c, 1, &res, &r), -1);
	assert_int_equal(res.status, 0);
	assert_non_null(strstr(res.transport_msg, "no credential"));
	api_result_free(&res);
	registry_free(&r);
	api_client_free(c);
}

static void test_connection_refused_is_a_connect_failure(void **state)
{
	fixture *f = *state;
	api_config cfg = {.endpoint = "http://127.0.0.1:9", 
	                  .authenticator = api_auth_authenticator(&f->auth)};
	char err[256];
	api_client *c = swr_client_new(&cfg, PROJECT, INSTANCE, err, sizeof err);
	assert_non_null(c);
	api_result res;
	registry r;
	assert_int_equal(api_show_registry(c, 1, &res, &r), -1);
	assert_int_equal(res.transport, API_TRANSPORT_CONNECT);
	assert_int_equal(res.status, 0);
	assert_non_null(res.transport_msg);
	api_result_free(&res);
	registry_free(&r);
	api_client_free(c);
}

/* Every proxy variable names a port where nothing listens: a request that went through the proxy would
 * fail to connect. The SWR request and the IAM login to the loopback emulator go straight to it. */
static void test_a_loopback_endpoint_is_never_reached_through_a_proxy(void **state)
{
	fixture *f = *state;
	static const char *const vars[] = {"http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY",
	                                   "all_proxy", "ALL_PROXY"};
	for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++)
		setenv(vars[i], "http://127.0.0.1:9", 1);
	unsetenv("no_proxy");
	unsetenv("NO_PROXY");
	api_result res;
	registry r;
	int rc = api_show_registry(f->client, 1, &res, &r);
	char *shown = res.proxy ? strdup(res.proxy) : NULL;
	api_transport kind = res.transport;
	api_result_free(&res);
	registry_free(&r);

	char pw[] = "not-a-user's-password";
	iam_credentials cr = {.user = "nobody", .account = "nobody", .password = pw, .region = "cn-north-4"};
	iam_token tok;
	memset(&tok, 0, sizeof tok);
	iam_login(f->client, f->url, &cr, &res, &tok);
	api_transport iam_kind = res.transport;
	char *iam_shown = res.proxy ? strdup(res.proxy) : NULL;
	api_result_free(&res);
	iam_token_free(&tok);
	for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++)
		unsetenv(vars[i]); /* before any assertion: the fixture's control requests use libcurl's defaults */

	assert_int_equal(kind, API_TRANSPORT_OK);
	assert_int_equal(rc, 0);
	assert_string_equal(shown, "none (a loopback address is never reached through a proxy)");
	assert_int_equal(iam_kind, API_TRANSPORT_OK); /* answered (a refusal), not a failed connection */
	assert_string_equal(iam_shown, "none (a loopback address is never reached through a proxy)");
	free(shown);
	free(iam_shown);
}

static void test_endpoint_must_be_http_or_https(void **state)
{
	(void)state;
	char err[256];
	api_config cfg = {.endpoint = "ftp://example.com"};
	assert_null(swr_client_new(&cfg, PROJECT, INSTANCE, err, sizeof err));
	assert_non_null(strstr(err, "https://"));
	cfg.endpoint = "https://example.com/?x=1";
	assert_null(api_client_new(&cfg, err, sizeof err));
	assert_non_null(strstr(err, "query"));
}

static void test_timings_are_ordered(void **state)
{
	fixture *f = *state;
	api_result res;
	registry r;
	assert_int_equal(api_show_registry(f->client, 1, &res, &r), 0);
	assert_true(res.timings.total >= res.timings.first_byte);
	assert_true(res.timings.first_byte >= 0.0);
	api_result_free(&res);
	registry_free(&r);
}

/* Found by fuzz_response: a NUL byte in a header name ("X-Subject-Token\0x") or a space before its colon
 * ("X-Subject-Token :") kept the IAM token in the header list, unredacted
 * (regressions/fuzz_response/subject-token-name-with-nul). */
static void test_a_subject_token_header_is_redacted_however_its_name_is_written(void **state)
{
	(void)state;
	api_result r;
	memset(&r, 0, sizeof r);
	static const char status[] = "HTTP/1.1 201 Created\r\n";
	static const char nul[] = "X-Subject-Token\0\0\0i: NULTOKEN123\r\n";
	static const char space[] = "x-subject-token \t: SPACETOKEN456\r\n";
	static const char rid[] = "X-Request-Id : req-1\r\n";
	api_result_add_header_line(&r, status, sizeof status - 1);
	api_result_add_header_line(&r, nul, sizeof nul - 1);
	api_result_add_header_line(&r, space, sizeof space - 1);
	api_result_add_header_line(&r, rid, sizeof rid - 1);
	assert_int_equal(r.nresp_headers, 2);
	for (size_t i = 0; i < r.nresp_headers; i++) {
		assert_null(strstr(r.resp_headers[i].value, "NULTOKEN123"));
		assert_null(strstr(r.resp_headers[i].value, "SPACETOKEN456"));
	}
	assert_string_equal(r.resp_headers[0].name, "x-subject-token");
	assert_string_equal(r.resp_headers[0].value, "<redacted>");
	assert_non_null(r.subject_token);
	assert_string_equal(r.subject_token, "SPACETOKEN456");
	assert_non_null(r.request_id);
	assert_string_equal(r.request_id, "req-1");
	api_result_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_list_show_update_over_one_reused_connection, reset),
		cmocka_unit_test_setup(test_create_returns_the_new_id_and_delete_answers_204, reset),
		cmocka_unit_test_setup(test_policies_filtered_by_registry, reset),
		cmocka_unit_test_setup(test_observer_sees_each_request, reset),
		cmocka_unit_test_setup(test_a_ready_watched_descriptor_cancels_a_slow_request, reset),
		cmocka_unit_test_setup(test_a_body_over_the_cap_is_too_large, reset),
		cmocka_unit_test_setup(test_a_redirect_is_returned_not_followed, reset),
		cmocka_unit_test_setup(test_a_missing_token_is_refused_before_sending, reset),
		cmocka_unit_test_setup(test_connection_refused_is_a_connect_failure, reset),
		cmocka_unit_test_setup(test_a_loopback_endpoint_is_never_reached_through_a_proxy, reset),
		cmocka_unit_test(test_endpoint_must_be_http_or_https),
		cmocka_unit_test_setup(test_timings_are_ordered, reset),
		cmocka_unit_test(test_a_subject_token_header_is_redacted_however_its_name_is_written),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
