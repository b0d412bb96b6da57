/* test_retry.c — the retry rule: which methods and answers are retried, Retry-After in seconds and as
 * an HTTP date, the backoff's bounds, the status-line text; then the request module's retry loop
 * against a scripted HTTP server in a thread (attempts counted, a POST sent once, the total timeout,
 * the cap, the observer per attempt, and Esc during the wait). */
#define _DEFAULT_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "swrtui/http/http.h"
#include "swrtui/config/settings.h"

/* ---- pure parts ---- */

static void test_only_get_head_put_delete_are_idempotent(void **state)
{
	(void)state;
	assert_true(api_method_idempotent("GET"));
	assert_true(api_method_idempotent("HEAD"));
	assert_true(api_method_idempotent("PUT"));
	assert_true(api_method_idempotent("DELETE"));
	assert_false(api_method_idempotent("POST"));
	assert_false(api_method_idempotent("PATCH"));
	assert_false(api_method_idempotent("get"));
	assert_false(api_method_idempotent(NULL));
}

static api_result answer(long status, const char *code)
{
	api_result r;
	memset(&r, 0, sizeof r);
	r.transport = API_TRANSPORT_OK;
	r.status = status;
	r.error.code = (char *)code;
	return r;
}

static void test_429_503_and_apigw_0308_are_retried_for_idempotent_methods(void **state)
{
	(void)state;
	api_result r = answer(429, NULL);
	assert_string_equal(api_retry_reason("GET", &r), "HTTP 429");
	r = answer(503, NULL);
	assert_string_equal(api_retry_reason("PUT", &r), "HTTP 503");
	r = answer(403, "APIGW.0308"); /* throttling whatever the status */
	assert_string_equal(api_retry_reason("DELETE", &r), "throttled (APIGW.0308)");
	r = answer(429, "APIGW.0308");
	assert_string_equal(api_retry_reason("GET", &r), "throttled (APIGW.0308)");
}

static void test_other_answers_and_any_post_are_not_retried(void **state)
{
	(void)state;
	static const long statuses[] = {200, 201, 204, 302, 400, 401, 403, 404, 409, 500, 502, 504};
	for (size_t i = 0; i < sizeof statuses / sizeof statuses[0]; i++) {
		api_result r = answer(statuses[i], NULL);
		if (api_retry_reason("GET", &r))
			fail_msg("expected no retry for HTTP %ld, got \"%s\"", statuses[i], api_retry_reason("GET", &r));
	}
	api_result r = answer(429, NULL);
	assert_null(api_retry_reason("POST", &r));
	r = answer(503, NULL);
	assert_null(api_retry_reason("POST", &r));
	r = answer(429, "APIGW.0308");
	assert_null(api_retry_reason("POST", &r));
	r = answer(500, "SVCSTG.SWR.5000011");
	assert_null(api_retry_reason("PUT", &r));
	assert_null(api_retry_reason("GET", NULL));
}

static void test_a_dropped_connection_is_retried_and_other_transport_failures_are_not(void **state)
{
	(void)state;
	api_result r;
	memset(&r, 0, sizeof r);
	r.transport = API_TRANSPORT_OTHER;
	r.dropped = true;
	assert_string_equal(api_retry_reason("GET", &r), "connection lost");
	assert_string_equal(api_retry_reason("PUT", &r), "connection lost");
	assert_null(api_retry_reason("POST", &r));
	r.dropped = false;
	assert_null(api_retry_reason("GET", &r));
	static const api_transport kinds[] = {API_TRANSPORT_RESOLVE, API_TRANSPORT_CONNECT, API_TRANSPORT_TLS,
	                                      API_TRANSPORT_TIMEOUT, API_TRANSPORT_TOO_LARGE, API_TRANSPORT_CANCELLED};
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		memset(&r, 0, sizeof r);
		r.transport = kinds[i];
		if (api_retry_reason("GET", &r))
			fail_msg("expected no retry after a %s failure", api_transport_name(kinds[i]));
	}
}

static void test_retry_after_in_seconds(void **state)
{
	(void)state;
	assert_int_equal(api_retry_after_ms("3", 0), 3000);
	assert_int_equal(api_retry_after_ms(" 3\t", 0), 3000);
	assert_int_equal(api_retry_after_ms("0", 0), 0);
	assert_int_equal(api_retry_after_ms("120", 0), 120000);
	assert_int_equal(api_retry_after_ms("99999999999999999999999", 0), 86400000L);
}

static void test_retry_after_that_is_not_valid_is_minus_one(void **state)
{
	(void)state;
	static const char *const bad[] = {"", "  ", "-1", "+3", "1.5", "3s", "abc", "0x10", "3 4",
	                                  "Sun, 06 Nov 1994 08:49:37 UTC", "Sun, 32 Nov 1994 08:49:37 GMT",
	                                  "Sun, 06 Foo 1994 08:49:37 GMT", "Sun, 06 Nov 1994 24:49:37 GMT",
	                                  "Sun, 6 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 08:49:37 GMT extra",
	                                  "Funday, 06-Nov-94 08:49:37 GMT"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		long v = api_retry_after_ms(bad[i], 784111777000LL);
		if (v != -1)
			fail_msg("expected -1 for Retry-After \"%s\", got %ld", bad[i], v);
	}
	assert_int_equal(api_retry_after_ms(NULL, 0), -1);
}

static void test_retry_after_as_an_http_date_in_its_three_forms(void **state)
{
	(void)state;
	const long long t = 784111777000LL; /* Sun, 06 Nov 1994 08:49:37 GMT, in ms */
	assert_int_equal(api_retry_after_ms("Sun, 06 Nov 1994 08:49:37 GMT", t - 5000), 5000);
	assert_int_equal(api_retry_after_ms("Sunday, 06-Nov-94 08:49:37 GMT", t - 7000), 7000);
	assert_int_equal(api_retry_after_ms("Sun Nov  6 08:49:37 1994", t - 2000), 2000);
	/* to the millisecond: half a second before the date is half a second to wait */
	assert_int_equal(api_retry_after_ms("Sun, 06 Nov 1994 08:49:37 GMT", t - 500), 500);
	/* a date in the past means now */
	assert_int_equal(api_retry_after_ms("Sun, 06 Nov 1994 08:49:37 GMT", t + 100000), 0);
	/* leap day, and a date far ahead is clamped to a day */
	assert_int_equal(api_retry_after_ms("Thu, 29 Feb 2024 00:00:10 GMT", 1709164800000LL), 10000);
	assert_int_equal(api_retry_after_ms("Fri, 01 Jan 2100 00:00:00 GMT", t), 86400000L);
}

static void test_backoff_doubles_with_jitter_down_to_half_and_stays_under_the_cap(void **state)
{
	(void)state;
	for (unsigned rnd = 0; rnd < 5000; rnd += 7) {
		long a = api_backoff_ms(1, rnd), b = api_backoff_ms(2, rnd), c = api_backoff_ms(3, rnd),
		     far = api_backoff_ms(40, rnd);
		if (a < API_RETRY_BASE_MS / 2 || a > API_RETRY_BASE_MS || b < API_RETRY_BASE_MS || b > 2 * API_RETRY_BASE_MS ||
		    c < 2 * API_RETRY_BASE_MS || c > 4 * API_RETRY_BASE_MS || far < API_RETRY_AFTER_CAP_MS / 2 ||
		    far > API_RETRY_AFTER_CAP_MS)
			fail_msg("backoff out of bounds for rnd %u: %ld %ld %ld %ld", rnd, a, b, c, far);
	}
	assert_int_equal(api_backoff_ms(1, 0), API_RETRY_BASE_MS / 2);
	assert_int_equal(api_backoff_ms(1, API_RETRY_BASE_MS / 2), API_RETRY_BASE_MS);
	assert_true(api_backoff_ms(1, 1) != api_backoff_ms(1, 2)); /* jitter */
}

static void test_the_status_line_counts_down_then_names_the_attempt(void **state)
{
	(void)state;
	char line[160];
	api_retry_info info = {.phase = API_RETRY_WAIT, .next_attempt = 2, .max_attempts = 3, .wait_ms = 3000,
	                       .reason = "HTTP 429"};
	api_retry_describe(&info, line, sizeof line);
	assert_string_equal(line, "HTTP 429: retrying in 3 s (attempt 2 of 3)");
	info.phase = API_RETRY_TICK;
	info.wait_ms = 1200;
	api_retry_describe(&info, line, sizeof line);
	assert_string_equal(line, "HTTP 429: retrying in 2 s (attempt 2 of 3)");
	info.wait_ms = 400;
	api_retry_describe(&info, line, sizeof line);
	assert_string_equal(line, "HTTP 429: retrying in 0.4 s (attempt 2 of 3)");
	info.wait_ms = 950;
	api_retry_describe(&info, line, sizeof line);
	assert_string_equal(line, "HTTP 429: retrying in 1 s (attempt 2 of 3)");
	info.phase = API_RETRY_WAIT;
	info.wait_ms = 0; /* Retry-After: 0 */
	api_retry_describe(&info, line, sizeof line);
	assert_string_equal(line, "HTTP 429: retrying now (attempt 2 of 3)");
	info.phase = API_RETRY_SEND;
	info.next_attempt = 3;
	api_retry_describe(&info, line, sizeof line);
	assert_string_equal(line, "HTTP 429: attempt 3 of 3");
	char tiny[8];
	api_retry_describe(&info, tiny, sizeof tiny);
	assert_int_equal(strlen(tiny), 7);
}

static void test_the_attempts_setting_takes_1_to_10_and_nothing_else(void **state)
{
	(void)state;
	static const struct {
		const char *value;
		int want;
	} cases[] = {{"1", 1}, {"3", 3}, {"10", 10}, {"0", 0}, {"11", 0}, {"-1", 0}, {"+2", 0}, {"2.5", 0},
	             {"two", 0}, {"", 0}, {"003", 0}, {" 3", 0}};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		settings s;
		settings_init(&s);
		assert_int_equal(settings_set(&s, SETTING_ATTEMPTS, cases[i].value, SETTING_FLAG, "--attempts"), 0);
		int got = settings_max_attempts(&s);
		settings_free(&s);
		if (got != cases[i].want)
			fail_msg("--attempts \"%s\": expected %d, got %d", cases[i].value, cases[i].want, got);
	}
	settings s;
	settings_init(&s);
	assert_int_equal(settings_max_attempts(&s), 0); /* not set: the client's default */
	settings_free(&s);
}

/* ---- the retry loop, against a scripted server ---- */

/* Answers each request (one per connection, "Connection: close") with the next scripted answer; "DROP"
 * closes the connection without a byte. The last answer repeats. */
typedef struct {
	int listen_fd;
	int port;
	const char *const *answers;
	size_t nanswers;
	atomic_int served;
	atomic_bool stop;
	pthread_t thread;
} mini_server;

static void read_request(int fd)
{
	char buf[8192];
	size_t n = 0;
	while (n < sizeof buf - 1) {
		struct pollfd p = {.fd = fd, .events = POLLIN};
		if (poll(&p, 1, 2000) != 1)
			return;
		ssize_t r = read(fd, buf + n, sizeof buf - 1 - n);
		if (r <= 0)
			return;
		n += (size_t)r;
		buf[n] = '\0';
		char *end = strstr(buf, "\r\n\r\n");
		if (!end)
			continue;
		const char *cl = strstr(buf, "Content-Length:");
		size_t want = cl && cl < end ? (size_t)strtoul(cl + 15, NULL, 10) : 0;
		size_t have = n - (size_t)(end + 4 - buf);
		if (have >= want)
			return;
	}
}

static void *serve(void *arg)
{
	mini_server *s = arg;
	while (!atomic_load(&s->stop)) {
		struct pollfd p = {.fd = s->listen_fd, .events = POLLIN};
		if (poll(&p, 1, 50) != 1)
			continue;
		int fd = accept(s->listen_fd, NULL, NULL);
		if (fd < 0)
			continue;
		read_request(fd);
		int i = atomic_fetch_add(&s->served, 1);
		const char *a = s->answers[(size_t)i < s->nanswers ? (size_t)i : s->nanswers - 1];
		if (strcmp(a, "DROP") != 0) {
			ssize_t w = write(fd, a, strlen(a));
			(void)w;
		}
		close(fd);
	}
	return NULL;
}

static void server_start(mini_server *s, const char *const *answers, size_t n)
{
	memset(s, 0, sizeof *s);
	s->answers = answers;
	s->nanswers = n;
	s->listen_fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(s->listen_fd >= 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = 0};
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(s->listen_fd, (struct sockaddr *)&a, sizeof a), 0);
	assert_int_equal(listen(s->listen_fd, 8), 0);
	socklen_t len = sizeof a;
	getsockname(s->listen_fd, (struct sockaddr *)&a, &len);
	s->port = ntohs(a.sin_port);
	assert_int_equal(pthread_create(&s->thread, NULL, serve, s), 0);
}

static void server_stop(mini_server *s)
{
	atomic_store(&s->stop, true);
	pthread_join(s->thread, NULL);
	close(s->listen_fd);
}

#define R503 "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
#define R429_1 "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
#define R429_5 "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 5\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
#define R429_31 "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 31\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
#define R200 "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"

typedef struct {
	int observed;
	int notified[3]; /* per phase */
	int last_attempt_seen;
	bool waiting;
} watch;

static void observe(void *ctx, const api_request *req, const api_result *res)
{
	(void)req;
	watch *w = ctx;
	w->observed++;
	w->last_attempt_seen = res->attempts;
}

static void notify(void *ctx, const api_retry_info *info)
{
	watch *w = ctx;
	w->notified[info->phase]++;
	w->waiting = info->phase != API_RETRY_SEND;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Runs one request of method against a server answering answers; fills *res. */
static double run_against(const char *method, const char *const *answers, size_t n, int max_attempts,
                          long timeout_ms, mini_server *s, watch *w, api_result *res)
{
	server_start(s, answers, n);
	char url[64];
	snprintf(url, sizeof url, "http://127.0.0.1:%d", s->port);
	api_config cfg = {.endpoint = url, .timeout_ms = timeout_ms,
	                  .max_attempts = max_attempts};
	char err[256];
	api_client *c = api_client_new(&cfg, err, sizeof err);
	assert_non_null(c);
	api_client_set_observer(c, observe, w);
	api_client_set_retry_notify(c, notify, w);
	api_request req;
	memset(&req, 0, sizeof req);
	req.method = method;
	req.scheme_host = url;
	req.host = url + 7;
	req.path = (char *)"/v2/x";
	if (strcmp(method, "GET") != 0) {
		req.body = (char *)"{}";
		req.body_len = 2;
	}
	double t0 = now_s();
	api_execute(c, &req, res);
	double took = now_s() - t0;
	api_client_free(c);
	server_stop(s);
	return took;
}

static void test_503_twice_then_200_takes_three_attempts_with_backoff(void **state)
{
	(void)state;
	static const char *const answers[] = {R503, R503, R200};
	mini_server s;
	watch w = {0};
	api_result res;
	double took = run_against("GET", answers, 3, 0, 10000, &s, &w, &res);
	assert_true(api_result_ok(&res));
	assert_int_equal(res.attempts, 3);
	assert_int_equal(atomic_load(&s.served), 3);
	assert_int_equal(w.observed, 3); /* the observer sees every attempt */
	assert_int_equal(w.last_attempt_seen, 3);
	assert_int_equal(w.notified[API_RETRY_WAIT], 2);
	assert_int_equal(w.notified[API_RETRY_SEND], 2);
	/* backoff: 250-500 ms, then 500-1000 ms */
	if (took < 0.7 || took > 3.0)
		fail_msg("expected the two waits to take 0.75-1.5 s, took %.2f s", took);
	api_result_free(&res);
}

static void test_retries_exhausted_leave_the_last_answer(void **state)
{
	(void)state;
	static const char *const answers[] = {R503};
	mini_server s;
	watch w = {0};
	api_result res;
	run_against("PUT", answers, 1, 2, 10000, &s, &w, &res);
	assert_int_equal(res.status, 503);
	assert_int_equal(res.attempts, 2);
	assert_int_equal(atomic_load(&s.served), 2);
	api_result_free(&res);
}

static void test_retry_after_is_honoured(void **state)
{
	(void)state;
	static const char *const answers[] = {R429_1, R200};
	mini_server s;
	watch w = {0};
	api_result res;
	double took = run_against("DELETE", answers, 2, 0, 10000, &s, &w, &res);
	assert_true(api_result_ok(&res));
	assert_int_equal(res.attempts, 2);
	if (took < 0.95 || took > 2.5)
		fail_msg("expected a wait of 1 s (Retry-After: 1), took %.2f s", took);
	api_result_free(&res);
}

static void test_a_post_is_sent_once_whatever_the_answer(void **state)
{
	(void)state;
	static const char *const a429[] = {R429_1, R200};
	static const char *const drop[] = {"DROP", R200};
	mini_server s;
	watch w = {0};
	api_result res;
	run_against("POST", a429, 2, 0, 10000, &s, &w, &res);
	assert_int_equal(res.status, 429);
	assert_int_equal(res.attempts, 1);
	assert_int_equal(atomic_load(&s.served), 1);
	api_result_free(&res);
	run_against("POST", drop, 2, 0, 10000, &s, &w, &res);
	assert_int_equal(res.transport, API_TRANSPORT_OTHER);
	assert_true(res.dropped);
	assert_int_equal(res.attempts, 1);
	assert_int_equal(atomic_load(&s.served), 1);
	assert_int_equal(w.notified[API_RETRY_WAIT], 0);
	api_result_free(&res);
}

static void test_an_empty_reply_to_a_get_is_retried(void **state)
{
	(void)state;
	static const char *const answers[] = {"DROP", R200};
	mini_server s;
	watch w = {0};
	api_result res;
	run_against("GET", answers, 2, 0, 10000, &s, &w, &res);
	assert_true(api_result_ok(&res));
	assert_int_equal(res.attempts, 2);
	assert_int_equal(atomic_load(&s.served), 2);
	api_result_free(&res);
}

static void test_max_attempts_1_turns_retries_off(void **state)
{
	(void)state;
	static const char *const answers[] = {R503, R200};
	mini_server s;
	watch w = {0};
	api_result res;
	run_against("GET", answers, 2, 1, 10000, &s, &w, &res);
	assert_int_equal(res.status, 503);
	assert_int_equal(res.attempts, 1);
	assert_int_equal(atomic_load(&s.served), 1);
	api_result_free(&res);
}

static void test_a_retry_after_over_the_cap_or_the_timeout_is_not_waited_for(void **state)
{
	(void)state;
	static const char *const over_cap[] = {R429_31, R200};
	static const char *const over_budget[] = {R429_5, R200};
	mini_server s;
	watch w = {0};
	api_result res;
	double took = run_against("GET", over_cap, 2, 0, 60000, &s, &w, &res);
	assert_int_equal(res.status, 429);
	assert_int_equal(res.attempts, 1);
	assert_string_equal(res.retry_after, "31");
	assert_true(took < 1.0);
	api_result_free(&res);
	took = run_against("GET", over_budget, 2, 0, 3000, &s, &w, &res);
	assert_int_equal(res.status, 429);
	assert_int_equal(res.attempts, 1);
	assert_true(took < 1.0);
	api_result_free(&res);
}

/* The watched descriptor: cancels only while a retry is waited for. */
static void *press_esc_later(void *arg)
{
	usleep(300000);
	ssize_t wr = write(*(int *)arg, "\x1b", 1);
	(void)wr;
	return NULL;
}

static int cancel_while_waiting(void *ctx)
{
	return ((watch *)ctx)->waiting ? 1 : 0;
}

static void test_the_wait_before_a_retry_is_cancellable_and_does_not_spin(void **state)
{
	(void)state;
	static const char *const answers[] = {R429_5, R200};
	mini_server s;
	server_start(&s, answers, 2);
	char url[64];
	snprintf(url, sizeof url, "http://127.0.0.1:%d", s.port);
	api_config cfg = {.endpoint = url, .timeout_ms = 20000};
	char err[256];
	api_client *c = api_client_new(&cfg, err, sizeof err);
	assert_non_null(c);
	watch w = {0};
	int fds[2];
	assert_int_equal(pipe(fds), 0);
	api_client_set_retry_notify(c, notify, &w);
	api_client_set_watch(c, fds[0], cancel_while_waiting, &w);
	api_request req;
	memset(&req, 0, sizeof req);
	req.method = "GET";
	req.scheme_host = url;
	req.host = url + 7;
	req.path = (char *)"/v2/x";
	/* nothing to read for 300 ms: the wait must sleep, not spin */
	clock_t cpu0 = clock();
	double t0 = now_s();
	pthread_t writer;
	assert_int_equal(pthread_create(&writer, NULL, press_esc_later, &fds[1]), 0);
	api_result res;
	api_execute(c, &req, &res);
	double took = now_s() - t0;
	double cpu = (double)(clock() - cpu0) / CLOCKS_PER_SEC;
	pthread_join(writer, NULL);
	assert_int_equal(res.transport, API_TRANSPORT_CANCELLED);
	assert_int_equal(res.attempts, 1);
	assert_int_equal(atomic_load(&s.served), 1);
	if (took > 2.0)
		fail_msg("expected the cancel to end the 5 s wait at once, took %.2f s", took);
	if (cpu > 0.2)
		fail_msg("the wait used %.2f s of CPU: it spins", cpu);
	api_result_free(&res);
	close(fds[0]);
	close(fds[1]);
	api_client_free(c);
	server_stop(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_only_get_head_put_delete_are_idempotent),
		cmocka_unit_test(test_429_503_and_apigw_0308_are_retried_for_idempotent_methods),
		cmocka_unit_test(test_other_answers_and_any_post_are_not_retried),
		cmocka_unit_test(test_a_dropped_connection_is_retried_and_other_transport_failures_are_not),
		cmocka_unit_test(test_retry_after_in_seconds),
		cmocka_unit_test(test_retry_after_that_is_not_valid_is_minus_one),
		cmocka_unit_test(test_retry_after_as_an_http_date_in_its_three_forms),
		cmocka_unit_test(test_backoff_doubles_with_jitter_down_to_half_and_stays_under_the_cap),
		cmocka_unit_test(test_the_status_line_counts_down_then_names_the_attempt),
		cmocka_unit_test(test_the_attempts_setting_takes_1_to_10_and_nothing_else),
		cmocka_unit_test(test_503_twice_then_200_takes_three_attempts_with_backoff),
		cmocka_unit_test(test_retries_exhausted_leave_the_last_answer),
		cmocka_unit_test(test_retry_after_is_honoured),
		cmocka_unit_test(test_a_post_is_sent_once_whatever_the_answer),
		cmocka_unit_test(test_an_empty_reply_to_a_get_is_retried),
		cmocka_unit_test(test_max_attempts_1_turns_retries_off),
		cmocka_unit_test(test_a_retry_after_over_the_cap_or_the_timeout_is_not_waited_for),
		cmocka_unit_test(test_the_wait_before_a_retry_is_cancellable_and_does_not_spin),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
