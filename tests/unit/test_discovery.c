/* test_discovery.c — the pure parts of discovery: a page of instances (a refused page leaves the list as
 * it was), an instance by name (unique, ambiguous, unknown), the project of a region among IAM's projects
 * (a sub-project never matches), the token file's info lines and the time a token expires, and the
 * profile rewritten by login with every other line kept. */
#define _DEFAULT_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "swrtui/auth/project.h"
#include "swrtui/auth/tokenfile.h"
#include "swrtui/config/settings.h"
#include "swrtui/swr/instances.h"

#define assert_contains(hay, needle)                                                                    \
	do {                                                                                            \
		const char *hay_ = (hay), *needle_ = (needle);                                          \
		if (!hay_ || !strstr(hay_, needle_))                                                    \
			fail_msg("expected \"%s\" to contain \"%s\"", hay_ ? hay_ : "(null)", needle_); \
	} while (0)

static int take(swr_instance_list *l, const char *body, char *why, size_t whylen)
{
	return swr_instances_take_page(l, body, strlen(body), why, whylen);
}

static void test_a_refused_page_leaves_the_list_as_it_was(void **state)
{
	(void)state;
	swr_instance_list l = {0};
	char why[300] = "";
	assert_int_equal(take(&l, "{\"instances\":[{\"id\":\"a\",\"name\":\"one\"}],\"total\":1}", why, sizeof why), 1);
	assert_int_equal(l.count, 1);
	/* fuzz_discovery found it: a good item, then one without an id, used to stay half taken */
	assert_int_equal(take(&l, "{\"instances\":[{\"id\":\"b\",\"name\":\"two\"},{\"name\":\"three\"}]}", why, sizeof why),
	                 -1);
	assert_contains(why, "instances[2] has no id or name");
	assert_int_equal(l.count, 1);
	assert_string_equal(l.items[0].name, "one");
	assert_int_equal(take(&l, "{\"items\":[]}", why, sizeof why), -1);
	assert_contains(why, "no \"instances\" array");
	swr_instance_list_free(&l);
}

static void test_a_full_page_asks_for_the_next_one_unless_the_total_is_reached(void **state)
{
	(void)state;
	char body[16384], why[200];
	size_t n = (size_t)snprintf(body, sizeof body, "{\"instances\":[");
	for (int i = 0; i < 100; i++)
		n += (size_t)snprintf(body + n, sizeof body - n, "%s{\"id\":\"i%d\",\"name\":\"n%d\"}", i ? "," : "", i, i);
	snprintf(body + n, sizeof body - n, "]}");
	swr_instance_list l = {0};
	assert_int_equal(take(&l, body, why, sizeof why), 0);
	swr_instance_list_free(&l);
	snprintf(body + n, sizeof body - n, "],\"total\":100}");
	assert_int_equal(take(&l, body, why, sizeof why), 1);
	assert_int_equal(l.count, 100);
	assert_string_equal(l.items[99].status, "");
	swr_instance_list_free(&l);
}

static void test_an_instance_by_name(void **state)
{
	(void)state;
	swr_instance_list l = {0};
	char why[800] = "";
	assert_int_equal(take(&l,
	                      "{\"instances\":[{\"id\":\"i1\",\"name\":\"prod\"},{\"id\":\"i2\",\"name\":\"dr\"},"
	                      "{\"id\":\"i3\",\"name\":\"dr\"},{\"id\":\"i4\",\"name\":\"\\u001b[2J\"}]}",
	                      why, sizeof why),
	                 1);
	size_t idx = 9;
	assert_int_equal(swr_instance_by_name(&l, "prod", &idx, why, sizeof why), 0);
	assert_int_equal(idx, 0);
	assert_int_equal(swr_instance_by_name(&l, "dr", &idx, why, sizeof why), -2);
	assert_contains(why, "2 instances are named \"dr\" (ids i2, i3)");
	assert_int_equal(swr_instance_by_name(&l, "Prod", &idx, why, sizeof why), -1);
	assert_contains(why, "no instance is named \"Prod\" (the instances: prod, dr, dr, \\x1b[2J)");
	swr_instance_list_free(&l);
}

static void test_the_project_named_exactly_after_the_region(void **state)
{
	(void)state;
	const char *body = "{\"projects\":[{\"id\":\"sub\",\"name\":\"cn-north-4_dev\"},{\"id\":\"p4\",\"name\":\"cn-north-4\"},"
	                   "{\"id\":\"p1\",\"name\":\"ap-southeast-1\"}]}";
	char why[600] = "";
	char *id = iam_project_pick(body, strlen(body), "cn-north-4", why, sizeof why);
	assert_non_null(id);
	assert_string_equal(id, "p4");
	free(id);
	assert_null(iam_project_pick(body, strlen(body), "cn-east-3", why, sizeof why));
	assert_contains(why, "no project is named \"cn-east-3\" (the projects: cn-north-4_dev, cn-north-4, ap-southeast-1)");
	assert_null(iam_project_pick("<html>", 6, "cn-north-4", why, sizeof why));
	assert_contains(why, "not a list of projects");
}

static void test_the_token_file_info_lines(void **state)
{
	(void)state;
	char text[] = "MIItoken\nexpires_at = 2026-12-01T14:00:00.000000Z\n# note\nproject_id = p4";
	token_file_info info;
	char err[200] = "";
	assert_int_equal(token_file_parse(text, &info, err, sizeof err), 0);
	assert_string_equal(text, "MIItoken");
	assert_string_equal(info.expires_at, "2026-12-01T14:00:00.000000Z");
	assert_string_equal(info.project_id, "p4");
	token_file_info_free(&info);
	char alone[] = "MIItoken";
	assert_int_equal(token_file_parse(alone, &info, err, sizeof err), 0);
	assert_null(info.expires_at);
	char pasted[] = "MIItoken\nMIIsecondSECRET";
	assert_int_equal(token_file_parse(pasted, &info, err, sizeof err), -1);
	assert_contains(err, "line 2 is not");
	assert_null(strstr(err, "SECRET"));
}

static void test_when_a_token_expires(void **state)
{
	(void)state;
	assert_int_equal(token_time_parse("1970-01-01T00:01:40Z"), 100);
	assert_int_equal(token_time_parse("2026-12-01T14:00:00.000000Z"), 1796133600LL);
	assert_int_equal(token_time_parse("2026-12-01 14:00:00"), -1);
	assert_int_equal(token_time_parse("2026-13-01T14:00:00Z"), -1);
	assert_true(token_expired("2026-12-01T14:00:00Z", (time_t)1796133600LL));
	assert_false(token_expired("2026-12-01T14:00:00Z", (time_t)1796133599LL));
	assert_false(token_expired("not a time", (time_t)1796133600LL));
}

static void test_login_rewrites_only_its_keys_of_the_profile(void **state)
{
	(void)state;
	char dir[] = "/tmp/swrtui-disco-XXXXXX";
	assert_non_null(mkdtemp(dir));
	setenv("XDG_CONFIG_HOME", dir, 1);
	char path[256];
	snprintf(path, sizeof path, "%s/swrtui", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof path, "%s/swrtui/config", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs("# mine\n[default]\nregion = old\ntimeout = 20\nregion = older\n\n[profile work]\nregion = w\n", f);
	fclose(f);
	chmod(path, 0640);
	const char *keys[] = {"region", "project_id"}, *values[] = {"cn-north-4", "p4"};
	char err[300] = "", *written = NULL;
	assert_int_equal(settings_profile_store("work", keys, values, 2, &written, err, sizeof err), 0);
	assert_int_equal(settings_profile_store("default", keys, values, 2, NULL, err, sizeof err), 0);
	assert_int_equal(settings_profile_store("new", keys + 1, values + 1, 1, NULL, err, sizeof err), 0);
	char text[1024] = "";
	f = fopen(path, "r");
	size_t n = fread(text, 1, sizeof text - 1, f);
	fclose(f);
	text[n] = '\0';
	assert_string_equal(text, "# mine\n[default]\nregion = cn-north-4\ntimeout = 20\nproject_id = p4\n\n"
	                          "[profile work]\nregion = cn-north-4\nproject_id = p4\n\n[new]\nproject_id = p4\n");
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0640);
	const char *bad[] = {"p4\n[other]"};
	assert_int_equal(settings_profile_store("default", keys + 1, bad, 1, NULL, err, sizeof err), -1);
	free(written);
	unlink(path);
	snprintf(path, sizeof path, "%s/swrtui", dir);
	rmdir(path);
	rmdir(dir);
	unsetenv("XDG_CONFIG_HOME");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_refused_page_leaves_the_list_as_it_was),
		cmocka_unit_test(test_a_full_page_asks_for_the_next_one_unless_the_total_is_reached),
		cmocka_unit_test(test_an_instance_by_name),
		cmocka_unit_test(test_the_project_named_exactly_after_the_region),
		cmocka_unit_test(test_the_token_file_info_lines),
		cmocka_unit_test(test_when_a_token_expires),
		cmocka_unit_test(test_login_rewrites_only_its_keys_of_the_profile),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
