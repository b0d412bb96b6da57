/* test_options.c — unit tests of the option table (src/config/options.c): every option resolves by its
 * flag, no flag, variable or profile key is there twice, every setting has exactly one option, and the
 * three ways in — the command line (cli_parse), the environment (settings_resolve) and the profile file
 * (settings_parse_profile) — all reach the setting the table names; --help names every option. */
#define _DEFAULT_SOURCE /* setenv, open_memstream */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "swrtui/cli/cli.h"
#include "swrtui/config/options.h"
#include "swrtui/config/settings.h"

/* A value each setting accepts when resolved (settings_resolve checks timeout, attempts and auth). */
static const char *valid_value(setting_key k)
{
	switch (k) {
	case SETTING_TIMEOUT: return "7";
	case SETTING_ATTEMPTS: return "2";
	case SETTING_AUTH: return "token";
	default: return "some-value";
	}
}

static void test_every_option_resolves_by_its_flag_and_no_name_is_there_twice(void **state)
{
	(void)state;
	assert_true(settings_option_count > 20);
	for (size_t i = 0; i < settings_option_count; i++) {
		const settings_option *o = &settings_options[i];
		assert_non_null(o->flag);
		if (strncmp(o->flag, "--", 2) != 0)
			fail_msg("expected the flag of option %zu to start with --, got \"%s\"", i, o->flag);
		if (settings_option_by_flag(o->flag, strlen(o->flag)) != o)
			fail_msg("expected %s to resolve to its own entry", o->flag);
		if (o->profile_key && settings_option_by_profile_key(o->profile_key) != o)
			fail_msg("expected profile key %s to resolve to the entry of %s", o->profile_key, o->flag);
		for (size_t j = i + 1; j < settings_option_count; j++) {
			const settings_option *p = &settings_options[j];
			if (strcmp(o->flag, p->flag) == 0)
				fail_msg("flag %s is twice in the table", o->flag);
			if (o->env && p->env && strcmp(o->env, p->env) == 0)
				fail_msg("variable %s is twice in the table", o->env);
			if (o->profile_key && p->profile_key && strcmp(o->profile_key, p->profile_key) == 0)
				fail_msg("profile key %s is twice in the table", o->profile_key);
			if (o->short_flag && o->short_flag == p->short_flag)
				fail_msg("-%c is twice in the table", o->short_flag);
		}
	}
	assert_null(settings_option_by_flag("--nope", 6));
	assert_null(settings_option_by_flag("--endpoint", 5));
	assert_null(settings_option_by_profile_key("project-id"));
}

static void test_every_setting_has_exactly_one_option_with_flag_variable_and_profile_key(void **state)
{
	(void)state;
	for (int k = 0; k < SETTING_COUNT; k++) {
		size_t n = 0;
		for (size_t i = 0; i < settings_option_count; i++)
			n += settings_options[i].target == OPTION_SETTING && settings_options[i].setting == (setting_key)k;
		if (n != 1)
			fail_msg("expected one option for setting %d, found %zu", k, n);
		const settings_option *o = settings_option_of(OPTION_SETTING, (setting_key)k);
		assert_non_null(o->env);
		assert_non_null(o->profile_key);
		assert_true(o->takes_value);
		assert_string_equal(settings_key_flag((setting_key)k), o->flag);
		assert_string_equal(settings_key_env((setting_key)k), o->env);
		assert_string_equal(settings_key_name((setting_key)k), o->profile_key);
	}
}

static void test_every_setting_option_parses_from_the_command_line(void **state)
{
	(void)state;
	for (size_t i = 0; i < settings_option_count; i++) {
		const settings_option *o = &settings_options[i];
		if (o->target != OPTION_SETTING)
			continue;
		char *argv[] = {"swrtui", (char *)o->flag, (char *)valid_value(o->setting), "list"};
		cli_opts co;
		char err[512] = "";
		if (cli_parse(4, argv, &co, err, sizeof err) != 0)
			fail_msg("expected %s VALUE to parse, got: %s", o->flag, err);
		const setting *v = &co.settings.v[o->setting];
		if (!v->value || strcmp(v->value, valid_value(o->setting)) != 0 || v->source != SETTING_FLAG)
			fail_msg("expected %s to set its setting from the flag, got \"%s\"", o->flag, v->value ? v->value : "");
		assert_string_equal(v->origin, o->flag);
		cli_opts_free(&co);
	}
}

static void test_every_switch_parses_and_refuses_a_value_and_secrets_are_refused(void **state)
{
	(void)state;
	for (size_t i = 0; i < settings_option_count; i++) {
		const settings_option *o = &settings_options[i];
		cli_opts co;
		char err[512] = "";
		char with_value[64];
		snprintf(with_value, sizeof with_value, "%s=x", o->flag);
		char *argv[] = {"swrtui", with_value};
		int rc = cli_parse(2, argv, &co, err, sizeof err);
		cli_opts_free(&co);
		if (o->target == OPTION_SECRET) {
			if (rc != CLI_EXIT_USAGE || !strstr(err, "is not accepted"))
				fail_msg("expected %s to be refused as a secret, got %d: %s", o->flag, rc, err);
		} else if (!o->takes_value) {
			if (rc != CLI_EXIT_USAGE || !strstr(err, "takes no value"))
				fail_msg("expected %s=x to be refused, got %d: %s", o->flag, rc, err);
			char *plain[] = {"swrtui", (char *)o->flag};
			if (cli_parse(2, plain, &co, err, sizeof err) != 0)
				fail_msg("expected %s to parse, got: %s", o->flag, err);
			cli_opts_free(&co);
		} else if (o->target != OPTION_SETTING && rc != 0) {
			fail_msg("expected %s=x to parse, got %d: %s", o->flag, rc, err);
		}
	}
}

static void test_every_option_with_a_profile_key_parses_from_a_profile(void **state)
{
	(void)state;
	for (size_t i = 0; i < settings_option_count; i++) {
		const settings_option *o = &settings_options[i];
		if (!o->profile_key)
			continue;
		char text[256];
		snprintf(text, sizeof text, "[default]\n%s = %s\n", o->profile_key,
		         o->target == OPTION_SETTING ? valid_value(o->setting) : "x");
		settings s;
		settings_init(&s);
		int found = 0;
		char err[512] = "";
		int rc = settings_parse_profile(&s, text, strlen(text), "config", "default", &found, err, sizeof err);
		if (o->target == OPTION_SECRET) {
			if (rc == 0 || !strstr(err, "secrets are not kept in the config file"))
				fail_msg("expected profile key %s to be refused as a secret, got %d: %s", o->profile_key, rc, err);
		} else {
			if (rc != 0)
				fail_msg("expected profile key %s to parse, got: %s", o->profile_key, err);
			const setting *v = &s.v[o->setting];
			if (!v->value || strcmp(v->value, valid_value(o->setting)) != 0 || v->source != SETTING_PROFILE)
				fail_msg("expected profile key %s to set its setting", o->profile_key);
		}
		settings_free(&s);
	}
}

static void test_an_unknown_profile_key_lists_every_known_one(void **state)
{
	(void)state;
	const char *text = "[default]\nendpiont = x\n";
	settings s;
	settings_init(&s);
	int found = 0;
	char err[512] = "";
	assert_int_not_equal(settings_parse_profile(&s, text, strlen(text), "config", "default", &found, err, sizeof err),
	                     0);
	settings_free(&s);
	assert_non_null(strstr(err, "config:2: unknown key \"endpiont\" (known: endpoint, region, project_id, "
	                            "instance_id, instance, cacert, timeout, attempts, token_file, credentials_file, iam_endpoint, "
	                            "sts_endpoint, auth)"));
}

static void test_every_setting_is_read_from_its_environment_variable(void **state)
{
	(void)state;
	setenv("XDG_CONFIG_HOME", "/nonexistent/swrtui-test-options", 1);
	unsetenv("SWRTUI_PROFILE");
	for (size_t i = 0; i < settings_option_count; i++)
		if (settings_options[i].env)
			unsetenv(settings_options[i].env);
	for (size_t i = 0; i < settings_option_count; i++) {
		const settings_option *o = &settings_options[i];
		if (o->target != OPTION_SETTING)
			continue;
		setenv(o->env, valid_value(o->setting), 1);
		settings s;
		settings_init(&s);
		char err[512] = "";
		if (settings_resolve(&s, NULL, err, sizeof err) != 0)
			fail_msg("expected %s to resolve, got: %s", o->env, err);
		const setting *v = &s.v[o->setting];
		if (!v->value || strcmp(v->value, valid_value(o->setting)) != 0 || v->source != SETTING_ENV)
			fail_msg("expected %s to set its setting from the environment", o->env);
		assert_string_equal(v->origin, o->env);
		settings_free(&s);
		unsetenv(o->env);
	}
}

static void test_help_names_every_option_and_variable_and_nothing_else(void **state)
{
	(void)state;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	assert_non_null(f);
	cli_usage(f);
	fclose(f);
	for (char *c = text; *c; c++) /* the words; the wrapping is test_text's and test_docs's */
		if (*c == '\n')
			*c = ' ';
	for (size_t i = 0; i < settings_option_count; i++) {
		const settings_option *o = &settings_options[i];
		if (o->target == OPTION_SECRET)
			continue;
		char word[64];
		snprintf(word, sizeof word, "%s ", o->flag);
		if (!strstr(text, word))
			fail_msg("expected --help to name %s", o->flag);
		if (o->env && !strstr(text, o->env))
			fail_msg("expected --help to name %s", o->env);
	}
	/* every --word of the options section is an option of the table */
	const char *p = strstr(text, "Options");
	assert_non_null(p);
	while ((p = strstr(p, "--")) != NULL) {
		size_t n = 2 + strspn(p + 2, "abcdefghijklmnopqrstuvwxyz-");
		if (n > 2 && !settings_option_by_flag(p, n))
			fail_msg("--help names %.*s, which is not in the option table", (int)n, p);
		p += n;
	}
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_option_resolves_by_its_flag_and_no_name_is_there_twice),
		cmocka_unit_test(test_every_setting_has_exactly_one_option_with_flag_variable_and_profile_key),
		cmocka_unit_test(test_every_setting_option_parses_from_the_command_line),
		cmocka_unit_test(test_every_switch_parses_and_refuses_a_value_and_secrets_are_refused),
		cmocka_unit_test(test_every_option_with_a_profile_key_parses_from_a_profile),
		cmocka_unit_test(test_an_unknown_profile_key_lists_every_known_one),
		cmocka_unit_test(test_every_setting_is_read_from_its_environment_variable),
		cmocka_unit_test(test_help_names_every_option_and_variable_and_nothing_else),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
