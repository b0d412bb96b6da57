/* test_endpoint.c — one rule for region -> endpoint (cloud_endpoint): SWR, IAM and STS get their
 * endpoints from it, eu-west-101 lies under myhuaweicloud.eu, and the three refuse the same strings that
 * are not region ids. */
#define _DEFAULT_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "swrtui/auth/endpoint.h"
#include "swrtui/auth/iam.h"
#include "swrtui/auth/sts.h"
#include "swrtui/swr/swr.h"

static char err[512];

static void expect_endpoint(char *got, const char *want)
{
	if (!got || strcmp(got, want) != 0)
		fail_msg("expected %s, got %s", want, got ? got : "(null)");
	free(got);
}

static void test_each_service_gets_its_endpoint_from_the_one_rule(void **state)
{
	(void)state;
	expect_endpoint(cloud_endpoint("swr-api", "cn-north-4"), "https://swr-api.cn-north-4.myhuaweicloud.com");
	expect_endpoint(api_region_endpoint("cn-north-4"), "https://swr-api.cn-north-4.myhuaweicloud.com");
	expect_endpoint(iam_endpoint(NULL, "ap-southeast-3", err, sizeof err), "https://iam.ap-southeast-3.myhuaweicloud.com");
	expect_endpoint(sts_endpoint(NULL, "af-south-1", err, sizeof err), "https://sts.af-south-1.myhuaweicloud.com");
	/* eu-west-101 lies under .eu, for every service */
	expect_endpoint(api_region_endpoint("eu-west-101"), "https://swr-api.eu-west-101.myhuaweicloud.eu");
	expect_endpoint(iam_endpoint(NULL, "eu-west-101", err, sizeof err), "https://iam.eu-west-101.myhuaweicloud.eu");
	expect_endpoint(sts_endpoint(NULL, "eu-west-101", err, sizeof err), "https://sts.eu-west-101.myhuaweicloud.eu");
	/* an override wins */
	expect_endpoint(iam_endpoint("http://127.0.0.1:9", "cn-north-4", err, sizeof err), "http://127.0.0.1:9");
	expect_endpoint(sts_endpoint("http://127.0.0.1:9", "cn-north-4", err, sizeof err), "http://127.0.0.1:9");
}

static void test_the_three_refuse_the_same_non_regions(void **state)
{
	(void)state;
	char long_id[66];
	memset(long_id, 'x', 65);
	long_id[65] = '\0'; /* 65 characters: one too many */
	const char *const bad[] = {"CN-NORTH-4", "cn_north_4", "cn-north-4/x", "cn north", "a.b", long_id};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_false(cloud_region_plausible(bad[i]));
		assert_null(cloud_endpoint("swr-api", bad[i]));
		assert_null(api_region_endpoint(bad[i]));
		assert_null(iam_endpoint(NULL, bad[i], err, sizeof err));
		assert_non_null(strstr(err, "is not a region id"));
		assert_null(sts_endpoint(NULL, bad[i], err, sizeof err));
		assert_non_null(strstr(err, "is not a region id"));
	}
	long_id[64] = '\0';
	assert_true(cloud_region_plausible(long_id));
	assert_null(api_region_endpoint(""));
	assert_null(api_region_endpoint(NULL));
	assert_null(iam_endpoint(NULL, "", err, sizeof err));
	assert_non_null(strstr(err, "no IAM endpoint: use --iam-endpoint URL (or SWRTUI_IAM_ENDPOINT)"));
	assert_null(sts_endpoint(NULL, NULL, err, sizeof err));
	assert_non_null(strstr(err, "no STS endpoint: use --sts-endpoint URL (or SWRTUI_STS_ENDPOINT)"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_service_gets_its_endpoint_from_the_one_rule),
		cmocka_unit_test(test_the_three_refuse_the_same_non_regions),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
