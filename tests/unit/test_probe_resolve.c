/* test_probe_resolve.c — the probe's name resolution step against a resolver that hangs: this binary's
 * own getaddrinfo (it takes the place of the C library's for the code linked in) blocks for the name
 * "hang.invalid" until the test ends, and passes every other name on. A host that dns_conf.hosts maps
 * must not be looked up at all, so the step finishes at once with the mapped address. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <netdb.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#include "swrtui/model/registry.h"
#include "swrtui/probe/probe.h"

#define HANG_HOST "hang.invalid"

static atomic_int hang_calls;
static atomic_int release_hang;

int getaddrinfo(const char *node, const char *service, const struct addrinfo *hints, struct addrinfo **res)
{
	if (node && strcmp(node, HANG_HOST) == 0) {
		atomic_fetch_add(&hang_calls, 1);
		for (int i = 0; i < 400 && !atomic_load(&release_hang); i++) /* at most 20 s */
			usleep(50000);
		return EAI_AGAIN;
	}
	int (*real)(const char *, const char *, const struct addrinfo *, struct addrinfo **);
	*(void **)(&real) = dlsym(RTLD_NEXT, "getaddrinfo");
	return real ? real(node, service, hints, res) : EAI_FAIL;
}

/* A loopback port bound but not listening: a connect to it is refused at once. */
static int closed_port(int *fd)
{
	*fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(*fd >= 0);
	struct sockaddr_in a;
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(*fd, (struct sockaddr *)&a, sizeof a), 0);
	socklen_t len = sizeof a;
	assert_int_equal(getsockname(*fd, (struct sockaddr *)&a, &len), 0);
	return ntohs(a.sin_port);
}

static void probe_hang_host(const char *mapped_to, probe_result *res)
{
	int fd, port = closed_port(&fd);
	char url[64];
	snprintf(url, sizeof url, "http://" HANG_HOST ":%d", port);
	registry r;
	registry_init(&r);
	assert_int_equal(registry_set(&r.url, url), 0);
	if (mapped_to)
		assert_int_equal(registry_add_host(&r, HANG_HOST, mapped_to), 0);
	probe_options o = {.connect_timeout_ms = 3000, .total_timeout_ms = 20000};
	char err[256];
	assert_int_equal(probe_run(&r, &o, res, err, sizeof err), 0);
	registry_free(&r);
	close(fd);
}

static bool has_detail(const probe_step *s, const char *needle)
{
	for (size_t i = 0; i < s->ndetails; i++)
		if (strstr(s->details[i], needle))
			return true;
	return false;
}

static void test_mapped_host_is_not_looked_up(void **state)
{
	(void)state;
	atomic_store(&hang_calls, 0);
	probe_result res;
	probe_hang_host("127.0.0.1", &res);
	const probe_step *s = &res.steps[PROBE_STEP_RESOLVE];
	assert_int_equal(atomic_load(&hang_calls), 0);
	assert_int_equal(s->state, PROBE_OK);
	assert_non_null(strstr(s->summary, HANG_HOST " -> 127.0.0.1 from dns_conf.hosts"));
	assert_true(has_detail(s, "this machine's resolver is not asked"));
	assert_true(s->seconds < 1.5); /* not the 3 s the hanging resolver would take */
	/* the mapped address is the one used */
	assert_int_equal(res.steps[PROBE_STEP_CONNECT].state, PROBE_FAILED);
	assert_non_null(strstr(res.steps[PROBE_STEP_CONNECT].summary, "127.0.0.1 port"));
	probe_result_free(&res);
}

static void test_unmapped_host_waits_for_the_resolver_within_the_bound(void **state)
{
	(void)state;
	atomic_store(&hang_calls, 0);
	probe_result res;
	probe_hang_host(NULL, &res);
	const probe_step *s = &res.steps[PROBE_STEP_RESOLVE];
	assert_int_equal(atomic_load(&hang_calls), 1); /* the fake resolver is in use */
	assert_int_equal(s->state, PROBE_FAILED);
	assert_true(res.timed_out);
	assert_true(s->seconds >= 2.5);
	probe_result_free(&res);
}

static int release(void **state)
{
	(void)state;
	atomic_store(&release_hang, 1);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_mapped_host_is_not_looked_up),
	        cmocka_unit_test(test_unmapped_host_waits_for_the_resolver_within_the_bound),
	};
	return cmocka_run_group_tests(tests, NULL, release);
}
