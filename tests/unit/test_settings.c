/* test_settings.c — unit tests of settings.c: the profile file parser, the precedence of flags over the
 * environment over the profile, resolving from the environment and $XDG_CONFIG_HOME/swrtui/config, the
 * endpoint and timeout, and loading the token. File tests run in a fresh mkdtemp directory. */
#define _XOPEN_SOURCE 700
#define _DEFAULT_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <errno.h>
#include <ftw.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "swrtui/http/http.h"
#include "swrtui/config/settings.h"

#define assert_contains(hay, needle)                                                                    \
	do {                                                                                            \
		const char *hay_ = (hay), *needle_ = (needle);                                          \
		if (!hay_ || !strstr(hay_, needle_))                                                    \
			fail_msg("expected \"%s\" to contain \"%s\"", hay_ ? hay_ : "(null)", needle_); \
	} while (0)

static const char *const swrtui_env[] = {
	"SWRTUI_ENDPOINT", "SWRTUI_REGION",     "SWRTUI_PROJECT_ID", "SWRTUI_INSTANCE_ID", "SWRTUI_CACERT",
	"SWRTUI_TIMEOUT",  "SWRTUI_TOKEN_FILE", "SWRTUI_TOKEN",      "SWRTUI_PROFILE",
	/* keys configured in the caller's environment would take precedence over the token */
	"SWRTUI_CREDENTIALS_FILE", "SWRTUI_AUTH", "CLOUD_SDK_AK", "CLOUD_SDK_SK", "CLOUD_SDK_SECURITY_TOKEN",
};

/* ---- fixture: a temporary directory as $HOME and $XDG_CONFIG_HOME, no SWRTUI_* variables ---- */

typedef struct {
	char dir[64];     /* the mkdtemp directory */
	char home[128];   /* dir/home */
	char xdg[128];    /* dir/xdg */
	char config[192]; /* dir/xdg/swrtui/config */
} fixture;

static char *saved_home, *saved_xdg;

static char *dup_env(const char *name)
{
	const char *v = getenv(name);
	return v ? strdup(v) : NULL;
}

static void restore_env(const char *name, const char *value)
{
	if (value)
		setenv(name, value, 1);
	else
		unsetenv(name);
}

static int group_setup(void **state)
{
	(void)state;
	saved_home = dup_env("HOME");
	saved_xdg = dup_env("XDG_CONFIG_HOME");
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	restore_env("HOME", saved_home);
	restore_env("XDG_CONFIG_HOME", saved_xdg);
	free(saved_home);
	free(saved_xdg);
	return 0;
}

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	if (!f)
		return -1;
	strcpy(f->dir, "/tmp/swrtui-settings-XXXXXX");
	if (!mkdtemp(f->dir)) {
		free(f);
		return -1;
	}
	snprintf(f->home, sizeof f->home, "%s/home", f->dir);
	snprintf(f->xdg, sizeof f->xdg, "%s/xdg", f->dir);
	snprintf(f->config, sizeof f->config, "%s/swrtui/config", f->xdg);
	char sub[160];
	snprintf(sub, sizeof sub, "%s/swrtui", f->xdg);
	if (mkdir(f->home, 0700) != 0 || mkdir(f->xdg, 0700) != 0 || mkdir(sub, 0700) != 0)
		return -1;
	setenv("HOME", f->home, 1);
	setenv("XDG_CONFIG_HOME", f->xdg, 1);
	for (size_t i = 0; i < sizeof swrtui_env / sizeof swrtui_env[0]; i++)
		unsetenv(swrtui_env[i]);
	*state = f;
	return 0;
}

static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int teardown(void **state)
{
	fixture *f = *state;
	for (size_t i = 0; i < sizeof swrtui_env / sizeof swrtui_env[0]; i++)
		unsetenv(swrtui_env[i]);
	int rc = nftw(f->dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(f);
	return rc;
}

/* A file of the user's, mode 0600 (the mode a token file needs; a profile may be 0644 too). */
static void write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(text, 1, strlen(text), fp), strlen(text));
	assert_int_equal(fclose(fp), 0);
	assert_int_equal(chmod(path, 0600), 0);
}

/* ---- settings_parse_profile ---- */

static char err[512];

static int parse(settings *s, const char *text, const char *profile, int *found)
{
	err[0] = '\0';
	return settings_parse_profile(s, text, strlen(text), "/cfg", profile, found, err, sizeof err);
}

static const char sample[] =
	"# swrtui profiles\n"                          /* 1 */
	"; another comment\n"                          /* 2 */
	"\n"                                           /* 3 */
	"[default]\n"                                  /* 4 */
	"endpoint = https://swr.default.example\n"     /* 5 */
	"project_id = p-default\n"                     /* 6 */
	"\n"                                           /* 7 */
	"[profile work]\n"                             /* 8 */
	"  region = cn-north-4  \n"                    /* 9 */
	"project_id = \"p work\"\n"                    /* 10 */
	"instance_id = 'i-work'\n"                     /* 11 */
	"\t# indented comment\n"                       /* 12 */
	"timeout=15\n"                                 /* 13 */
	"[other]\n"                                    /* 14 */
	"instance_id = i-other\n";                     /* 15 */

static void test_profile_plain_section_name(void **state)
{
	(void)state;
	settings s;
	settings_init(&s);
	int found = 0;
	assert_int_equal(parse(&s, sample, "default", &found), 0);
	assert_int_equal(found, 1);
	assert_string_equal(s.v[SETTING_ENDPOINT].value, "https://swr.default.example");
	assert_int_equal(s.v[SETTING_ENDPOINT].source, SETTING_PROFILE);
	assert_string_equal(s.v[SETTING_ENDPOINT].origin, "profile default (/cfg:5)");
	assert_string_equal(s.v[SETTING_PROJECT_ID].value, "p-default");
	assert_string_equal(s.v[SETTING_PROJECT_ID].origin, "profile default (/cfg:6)");
	/* values of the other sections are not taken */
	assert_null(s.v[SETTING_REGION].value);
	assert_null(s.v[SETTING_INSTANCE_ID].value);
	assert_null(s.v[SETTING_TIMEOUT].value);
	assert_int_equal(s.v[SETTING_INSTANCE_ID].source, SETTING_UNSET);
	settings_free(&s);
}

static void test_profile_section_written_with_profile_prefix(void **state)
{
	(void)state;
	settings s;
	settings_init(&s);
	int found = 0;
	assert_int_equal(parse(&s, sample, "work", &found), 0);
	assert_int_equal(found, 1);
	assert_string_equal(s.v[SETTING_REGION].value, "cn-north-4");
	assert_string_equal(s.v[SETTING_REGION].origin, "profile work (/cfg:9)");
	assert_string_equal(s.v[SETTING_TIMEOUT].value, "15");
	assert_string_equal(s.v[SETTING_TIMEOUT].origin, "profile work (/cfg:13)");
	assert_null(s.v[SETTING_ENDPOINT].value);
	settings_free(&s);
}

static void test_profile_quoted_values_lose_their_quotes(void **state)
{
	(void)state;
	settings s;
	settings_init(&s);
	int found = 0;
	assert_int_equal(parse(&s, sample, "work", &found), 0);
	assert_string_equal(s.v[SETTING_PROJECT_ID].value, "p work");
	assert_string_equal(s.v[SETTING_INSTANCE_ID].value, "i-work");
	settings_free(&s);
	/* one quote alone, or mismatched quotes, are kept as they are */
	settings_init(&s);
	assert_int_equal(parse(&s, "[default]\nproject_id = \"p\ninstance_id = \"i'\n", "default", &found), 0);
	assert_string_equal(s.v[SETTING_PROJECT_ID].value, "\"p");
	assert_string_equal(s.v[SETTING_INSTANCE_ID].value, "\"i'");
	settings_free(&s);
}

static void test_profile_values_only_from_the_chosen_section(void **state)
{
	(void)state;
	settings s;
	settings_init(&s);
	int found = 0;
	assert_int_equal(parse(&s, sample, "other", &found), 0);
	assert_int_equal(found, 1);
	assert_string_equal(s.v[SETTING_INSTANCE_ID].value, "i-other");
	assert_string_equal(s.v[SETTING_INSTANCE_ID].origin, "profile other (/cfg:15)");
	for (int k = 0; k < SETTING_COUNT; k++)
		if (k != SETTING_INSTANCE_ID && s.v[k].value)
			fail_msg("expected %s unset for profile other, got \"%s\"", settings_key_name((setting_key)k),
			         s.v[k].value);
	settings_free(&s);
}

static void test_profile_missing_section_is_not_found_and_sets_nothing(void **state)
{
	(void)state;
	settings s;
	settings_init(&s);
	int found = 1;
	assert_int_equal(parse(&s, sample, "nope", &found), 0);
	assert_int_equal(found, 0);
	for (int k = 0; k < SETTING_COUNT; k++)
		assert_null(s.v[k].value);
	settings_free(&s);
	/* "work" is only a section through "[profile work]"; "[profile]" is a section called "profile" */
	settings_init(&s);
	assert_int_equal(parse(&s, "[workshop]\nregion = r\n[profile]\nregion = p\n", "work", &found), 0);
	assert_int_equal(found, 0);
	assert_int_equal(parse(&s, "[workshop]\nregion = r\n[profile]\nregion = p\n", "profile", &found), 0);
	assert_int_equal(found, 1);
	assert_string_equal(s.v[SETTING_REGION].value, "p");
	settings_free(&s);
}

static void test_profile_empty_text_is_fine_and_not_found(void **state)
{
	(void)state;
	settings s;
	settings_init(&s);
	int found = 1;
	assert_int_equal(parse(&s, "", "default", &found), 0);
	assert_int_equal(found, 0);
	assert_int_equal(parse(&s, "\n\n# only comments\n;\n", "default", &found), 0);
	assert_int_equal(found, 0);
	settings_free(&s);
}

static void test_profile_crlf_line_endings(void **state)
{
	(void)state;
	settings s;
	settings_init(&s);
	int found = 0;
	assert_int_equal(parse(&s, "[default]\r\nregion = cn-north-4\r\n", "default", &found), 0);
	assert_int_equal(found, 1);
	assert_string_equal(s.v[SETTING_REGION].value, "cn-north-4");
	settings_free(&s);
}

static void test_profile_later_value_in_the_section_wins(void **state)
{
	(void)state;
	settings s;
	settings_init(&s);
	int found = 0;
	assert_int_equal(parse(&s, "[default]\nregion = a\nregion = b\n[x]\n[default]\nregion = c\n", "default", &found),
	                 0);
	assert_string_equal(s.v[SETTING_REGION].value, "c");
	assert_string_equal(s.v[SETTING_REGION].origin, "profile default (/cfg:6)");
	settings_free(&s);
}

static void test_profile_unknown_key_is_an_error_with_file_and_line(void **state)
{
	(void)state;
	settings s;
	settings_init(&s);
	int found = 0;
	assert_int_equal(parse(&s, "[default]\nregion = cn-north-4\nendpiont = https://x\n", "default", &found), -1);
	assert_contains(err, "/cfg:3: ");
	assert_contains(err, "unknown key \"endpiont\"");
	settings_free(&s);
}

static void test_profile_unknown_key_in_another_section_is_an_error_too(void **state)
{
	(void)state;
	settings s;
	settings_init(&s);
	int found = 0;
	assert_int_equal(parse(&s, "[default]\nregion = r\n[other]\ncolour = blue\n", "default", &found), -1);
	assert_contains(err, "/cfg:4: ");
	settings_free(&s);
}

static void test_profile_line_numbers_count_blank_lines_and_comments(void **state)
{
	(void)state;
	settings s;
	settings_init(&s);
	int found = 0;
	assert_int_equal(parse(&s, "\n\n# c\n\n[default]\n\n\nbogus = 1\n", "default", &found), -1);
	if (strncmp(err, "/cfg:8: ", 8) != 0)
		fail_msg("expected the error to start with \"/cfg:8: \", got \"%s\"", err);
	settings_free(&s);
	/* and the origin of a value right after blank lines */
	settings_init(&s);
	assert_int_equal(parse(&s, "[default]\n\n\n\nregion = r\n", "default", &found), 0);
	assert_string_equal(s.v[SETTING_REGION].origin, "profile default (/cfg:5)");
	settings_free(&s);
}

static void test_profile_token_key_is_refused_with_a_message_about_secrets(void **state)
{
	(void)state;
	settings s;
	settings_init(&s);
	int found = 0;
	assert_int_equal(parse(&s, "[default]\nregion = r\n\ntoken = MIIabc\n", "default", &found), -1);
	assert_contains(err, "/cfg:4: ");
	assert_contains(err, "secrets are not kept in the config file");
	assert_contains(err, "token_file");
	assert_contains(err, "SWRTUI_TOKEN");
	if (strstr(err, "MIIabc"))
		fail_msg("the error repeats the secret: \"%s\"", err);
	settings_free(&s);
	/* refused in any section, and for the other secret names */
	settings_init(&s);
	assert_int_equal(parse(&s, "[elsewhere]\ntoken =\n", "default", &found), -1);
	assert_contains(err, "secrets");
	assert_int_equal(parse(&s, "[default]\npassword = x\n", "default", &found), -1);
	assert_contains(err, "secrets");
	assert_int_equal(parse(&s, "[default]\nsk = x\n", "default", &found), -1);
	assert_contains(err, "secrets");
	settings_free(&s);
}

static void test_profile_malformed_lines_are_errors(void **state)
{
	(void)state;
	settings s;
	settings_init(&s);
	int found = 0;
	assert_int_equal(parse(&s, "[default\nregion = r\n", "default", &found), -1);
	assert_contains(err, "/cfg:1: ");
	assert_contains(err, "[name]");
	assert_int_equal(parse(&s, "[default]\nregion cn-north-4\n", "default", &found), -1);
	assert_contains(err, "/cfg:2: ");
	assert_contains(err, "key = value");
	settings_free(&s);
}

static void test_profile_nul_byte_is_an_error(void **state)
{
	(void)state;
	settings s;
	settings_init(&s);
	int found = 0;
	static const char text[] = "[default]\nregion = r\0x\n";
	assert_int_equal(settings_parse_profile(&s, text, sizeof text - 1, "/cfg", "default", &found, err, sizeof err), -1);
	assert_contains(err, "NUL");
	settings_free(&s);
}

static void test_profile_tilde_expands_to_home_for_token_file_and_cacert(void **state)
{
	fixture *f = *state;
	settings s;
	settings_init(&s);
	int found = 0;
	assert_int_equal(parse(&s,
	                       "[default]\ntoken_file = ~/.config/swrtui/token\ncacert = \"~/ca.pem\"\n"
	                       "endpoint = ~/not-a-path\n",
	                       "default", &found),
	                 0);
	char want[256];
	snprintf(want, sizeof want, "%s/.config/swrtui/token", f->home);
	assert_string_equal(s.v[SETTING_TOKEN_FILE].value, want);
	assert_string_equal(s.v[SETTING_TOKEN_FILE].origin, "profile default (/cfg:2)");
	snprintf(want, sizeof want, "%s/ca.pem", f->home);
	assert_string_equal(s.v[SETTING_CACERT].value, want);
	/* only those two keys are paths */
	assert_string_equal(s.v[SETTING_ENDPOINT].value, "~/not-a-path");
	settings_free(&s);
}

static void test_profile_tilde_without_slash_is_not_expanded(void **state)
{
	(void)state;
	settings s;
	settings_init(&s);
	int found = 0;
	assert_int_equal(parse(&s, "[default]\ntoken_file = ~other/tok\ncacert = /etc/~/ca\n", "default", &found), 0);
	assert_string_equal(s.v[SETTING_TOKEN_FILE].value, "~other/tok");
	assert_string_equal(s.v[SETTING_CACERT].value, "/etc/~/ca");
	settings_free(&s);
}

/* ---- settings_set ---- */

static void test_set_weaker_source_never_replaces_a_stronger_one(void **state)
{
	(void)state;
	settings s;
	settings_init(&s);
	assert_int_equal(settings_set(&s, SETTING_REGION, "flag-r", SETTING_FLAG, "--region"), 0);
	assert_int_equal(settings_set(&s, SETTING_REGION, "env-r", SETTING_ENV, "SWRTUI_REGION"), 0);
	assert_int_equal(settings_set(&s, SETTING_REGION, "prof-r", SETTING_PROFILE, "profile default (/c:1)"), 0);
	assert_string_equal(s.v[SETTING_REGION].value, "flag-r");
	assert_int_equal(s.v[SETTING_REGION].source, SETTING_FLAG);
	assert_string_equal(s.v[SETTING_REGION].origin, "--region");

	assert_int_equal(settings_set(&s, SETTING_PROJECT_ID, "env-p", SETTING_ENV, "SWRTUI_PROJECT_ID"), 0);
	assert_int_equal(settings_set(&s, SETTING_PROJECT_ID, "prof-p", SETTING_PROFILE, "profile"), 0);
	assert_string_equal(s.v[SETTING_PROJECT_ID].value, "env-p");
	assert_int_equal(s.v[SETTING_PROJECT_ID].source, SETTING_ENV);
	settings_free(&s);
}

static void test_set_stronger_source_replaces_a_weaker_one(void **state)
{
	(void)state;
	settings s;
	settings_init(&s);
	assert_int_equal(settings_set(&s, SETTING_ENDPOINT, "prof", SETTING_PROFILE, "profile"), 0);
	assert_int_equal(settings_set(&s, SETTING_ENDPOINT, "env", SETTING_ENV, "SWRTUI_ENDPOINT"), 0);
	assert_string_equal(s.v[SETTING_ENDPOINT].value, "env");
	assert_string_equal(s.v[SETTING_ENDPOINT].origin, "SWRTUI_ENDPOINT");
	assert_int_equal(settings_set(&s, SETTING_ENDPOINT, "flag", SETTING_FLAG, "--endpoint"), 0);
	assert_string_equal(s.v[SETTING_ENDPOINT].value, "flag");
	assert_int_equal(s.v[SETTING_ENDPOINT].source, SETTING_FLAG);
	assert_string_equal(s.v[SETTING_ENDPOINT].origin, "--endpoint");
	settings_free(&s);
}

static void test_set_same_source_takes_the_later_value(void **state)
{
	(void)state;
	settings s;
	settings_init(&s);
	assert_int_equal(settings_set(&s, SETTING_TIMEOUT, "5", SETTING_FLAG, "--timeout"), 0);
	assert_int_equal(settings_set(&s, SETTING_TIMEOUT, "9", SETTING_FLAG, NULL), 0);
	assert_string_equal(s.v[SETTING_TIMEOUT].value, "9");
	assert_string_equal(s.v[SETTING_TIMEOUT].origin, "");
	settings_free(&s);
}

static void test_key_names_flags_and_environment_variables(void **state)
{
	(void)state;
	assert_string_equal(settings_key_name(SETTING_PROJECT_ID), "project_id");
	assert_string_equal(settings_key_flag(SETTING_PROJECT_ID), "--project-id");
	assert_string_equal(settings_key_env(SETTING_PROJECT_ID), "SWRTUI_PROJECT_ID");
	assert_string_equal(settings_key_name(SETTING_TOKEN_FILE), "token_file");
	assert_string_equal(settings_key_flag(SETTING_TOKEN_FILE), "--token-file");
	assert_string_equal(settings_key_env(SETTING_TOKEN_FILE), "SWRTUI_TOKEN_FILE");
	assert_string_equal(settings_key_env(SETTING_ENDPOINT), "SWRTUI_ENDPOINT");
}

/* ---- settings_resolve ---- */

static int resolve(settings *s, const char *profile_flag)
{
	err[0] = '\0';
	return settings_resolve(s, profile_flag, err, sizeof err);
}

static void test_resolve_takes_values_from_the_environment(void **state)
{
	(void)state;
	settings s;
	settings_init(&s);
	setenv("SWRTUI_ENDPOINT", "https://env.example", 1);
	setenv("SWRTUI_PROJECT_ID", "p-env", 1);
	setenv("SWRTUI_INSTANCE_ID", "", 1); /* empty is as good as unset */
	assert_int_equal(resolve(&s, NULL), 0);
	assert_string_equal(s.v[SETTING_ENDPOINT].value, "https://env.example");
	assert_int_equal(s.v[SETTING_ENDPOINT].source, SETTING_ENV);
	assert_string_equal(s.v[SETTING_ENDPOINT].origin, "SWRTUI_ENDPOINT");
	assert_string_equal(s.v[SETTING_PROJECT_ID].value, "p-env");
	assert_null(s.v[SETTING_INSTANCE_ID].value);
	assert_string_equal(s.profile, "default");
	/* no config file: nothing read */
	assert_null(s.config_path);
	settings_free(&s);
}

static void test_resolve_flag_wins_over_environment(void **state)
{
	(void)state;
	settings s;
	settings_init(&s);
	assert_int_equal(settings_set(&s, SETTING_ENDPOINT, "https://flag.example", SETTING_FLAG, "--endpoint"), 0);
	setenv("SWRTUI_ENDPOINT", "https://env.example", 1);
	setenv("SWRTUI_REGION", "cn-north-4", 1);
	assert_int_equal(resolve(&s, NULL), 0);
	assert_string_equal(s.v[SETTING_ENDPOINT].value, "https://flag.example");
	assert_int_equal(s.v[SETTING_ENDPOINT].source, SETTING_FLAG);
	assert_string_equal(s.v[SETTING_REGION].value, "cn-north-4");
	assert_int_equal(s.v[SETTING_REGION].source, SETTING_ENV);
	settings_free(&s);
}

static void test_resolve_environment_wins_over_profile_file(void **state)
{
	fixture *f = *state;
	write_file(f->config, "[default]\nproject_id = p-file\ninstance_id = i-file\n[work]\nproject_id = p-work\n");
	setenv("SWRTUI_PROJECT_ID", "p-env", 1);
	settings s;
	settings_init(&s);
	assert_int_equal(resolve(&s, NULL), 0);
	assert_string_equal(s.v[SETTING_PROJECT_ID].value, "p-env");
	assert_int_equal(s.v[SETTING_PROJECT_ID].source, SETTING_ENV);
	assert_string_equal(s.v[SETTING_INSTANCE_ID].value, "i-file");
	assert_int_equal(s.v[SETTING_INSTANCE_ID].source, SETTING_PROFILE);
	char origin[320];
	snprintf(origin, sizeof origin, "profile default (%s:3)", f->config);
	assert_string_equal(s.v[SETTING_INSTANCE_ID].origin, origin);
	assert_string_equal(s.config_path, f->config);
	assert_string_equal(s.profile, "default");
	settings_free(&s);
}

static void test_resolve_profile_flag_chooses_the_section(void **state)
{
	fixture *f = *state;
	write_file(f->config, "[default]\nproject_id = p-file\n[profile work]\nproject_id = p-work\n");
	setenv("SWRTUI_PROFILE", "default", 1);
	settings s;
	settings_init(&s);
	assert_int_equal(resolve(&s, "work"), 0);
	assert_string_equal(s.profile, "work");
	assert_string_equal(s.v[SETTING_PROJECT_ID].value, "p-work");
	settings_free(&s);
}

static void test_resolve_swrtui_profile_chooses_the_section(void **state)
{
	fixture *f = *state;
	write_file(f->config, "[default]\nproject_id = p-file\n[work]\nproject_id = p-work\n");
	setenv("SWRTUI_PROFILE", "work", 1);
	settings s;
	settings_init(&s);
	assert_int_equal(resolve(&s, NULL), 0);
	assert_string_equal(s.profile, "work");
	assert_string_equal(s.v[SETTING_PROJECT_ID].value, "p-work");
	settings_free(&s);
}

static void test_resolve_explicit_unknown_profile_is_an_error(void **state)
{
	fixture *f = *state;
	write_file(f->config, "[default]\nproject_id = p\n");
	settings s;
	settings_init(&s);
	assert_int_equal(resolve(&s, "staging"), -1);
	assert_contains(err, "\"staging\"");
	assert_contains(err, f->config);
	settings_free(&s);
	/* the same through SWRTUI_PROFILE */
	setenv("SWRTUI_PROFILE", "staging", 1);
	settings_init(&s);
	assert_int_equal(resolve(&s, NULL), -1);
	assert_contains(err, "\"staging\"");
	settings_free(&s);
}

static void test_resolve_explicit_profile_without_config_file_is_an_error(void **state)
{
	(void)state;
	settings s;
	settings_init(&s);
	assert_int_equal(resolve(&s, "work"), -1);
	assert_contains(err, "\"work\"");
	assert_contains(err, "does not exist");
	settings_free(&s);
}

static void test_resolve_missing_file_with_default_profile_is_fine(void **state)
{
	(void)state;
	settings s;
	settings_init(&s);
	assert_int_equal(resolve(&s, NULL), 0);
	assert_string_equal(s.profile, "default");
	assert_null(s.config_path);
	for (int k = 0; k < SETTING_COUNT; k++)
		assert_null(s.v[k].value);
	settings_free(&s);
}

static void test_resolve_default_section_absent_from_file_is_fine(void **state)
{
	fixture *f = *state;
	write_file(f->config, "[work]\nregion = cn-north-4\n");
	settings s;
	settings_init(&s);
	assert_int_equal(resolve(&s, NULL), 0);
	assert_null(s.v[SETTING_REGION].value);
	settings_free(&s);
}

static void test_resolve_uses_home_config_without_xdg_config_home(void **state)
{
	fixture *f = *state;
	unsetenv("XDG_CONFIG_HOME");
	char dir[256], path[320];
	snprintf(dir, sizeof dir, "%s/.config", f->home);
	assert_int_equal(mkdir(dir, 0700), 0);
	snprintf(dir, sizeof dir, "%s/.config/swrtui", f->home);
	assert_int_equal(mkdir(dir, 0700), 0);
	snprintf(path, sizeof path, "%s/config", dir);
	write_file(path, "[default]\nregion = ap-southeast-1\n");
	settings s;
	settings_init(&s);
	assert_int_equal(resolve(&s, NULL), 0);
	assert_string_equal(s.v[SETTING_REGION].value, "ap-southeast-1");
	assert_string_equal(s.config_path, path);
	settings_free(&s);
}

static void test_resolve_reports_errors_of_the_profile_file(void **state)
{
	fixture *f = *state;
	write_file(f->config, "[default]\n\ntoken = abc\n");
	settings s;
	settings_init(&s);
	assert_int_equal(resolve(&s, NULL), -1);
	char where[320];
	snprintf(where, sizeof where, "%s:3: ", f->config);
	assert_contains(err, where);
	assert_contains(err, "secrets");
	settings_free(&s);
}

static void test_resolve_bad_timeout_is_an_error(void **state)
{
	(void)state;
	const char *bad[] = {"abc", "0", "-5", "3601", "10s", "", "nan", "inf"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		settings s;
		settings_init(&s);
		assert_int_equal(settings_set(&s, SETTING_TIMEOUT, bad[i], SETTING_FLAG, "--timeout"), 0);
		if (resolve(&s, NULL) != -1)
			fail_msg("expected timeout \"%s\" to be refused", bad[i]);
		assert_contains(err, "--timeout");
		assert_contains(err, "timeout");
		settings_free(&s);
	}
}

static void test_resolve_bad_timeout_from_environment_names_the_variable(void **state)
{
	(void)state;
	setenv("SWRTUI_TIMEOUT", "soon", 1);
	settings s;
	settings_init(&s);
	assert_int_equal(resolve(&s, NULL), -1);
	assert_contains(err, "SWRTUI_TIMEOUT");
	assert_contains(err, "\"soon\"");
	settings_free(&s);
}

static void test_resolve_good_timeouts_are_accepted(void **state)
{
	(void)state;
	const char *good[] = {"1", "2.5", "3600", "0.5"};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		settings s;
		settings_init(&s);
		setenv("SWRTUI_TIMEOUT", good[i], 1);
		if (resolve(&s, NULL) != 0)
			fail_msg("expected timeout \"%s\" to be accepted, got: %s", good[i], err);
		settings_free(&s);
	}
}

/* ---- settings_endpoint ---- */

static char *endpoint_of(settings *s)
{
	err[0] = '\0';
	return settings_endpoint(s, err, sizeof err);
}

static void expect_endpoint(settings *s, const char *expected)
{
	char *ep = endpoint_of(s);
	if (!ep)
		fail_msg("expected endpoint %s, got an error: %s", expected, err);
	assert_string_equal(ep, expected);
	free(ep);
}

static void test_endpoint_given_directly(void **state)
{
	(void)state;
	settings s;
	settings_init(&s);
	settings_set(&s, SETTING_ENDPOINT, "http://127.0.0.1:8080", SETTING_PROFILE, "p");
	expect_endpoint(&s, "http://127.0.0.1:8080");
	settings_free(&s);
}

static void test_endpoint_from_region(void **state)
{
	(void)state;
	settings s;
	settings_init(&s);
	settings_set(&s, SETTING_REGION, "cn-north-4", SETTING_ENV, "SWRTUI_REGION");
	expect_endpoint(&s, "https://swr-api.cn-north-4.myhuaweicloud.com");
	settings_free(&s);
	settings_init(&s);
	settings_set(&s, SETTING_REGION, "ap-southeast-3", SETTING_FLAG, "--region");
	expect_endpoint(&s, "https://swr-api.ap-southeast-3.myhuaweicloud.com");
	settings_free(&s);
}

static void test_endpoint_from_region_eu_west_101_uses_dot_eu(void **state)
{
	(void)state;
	settings s;
	settings_init(&s);
	settings_set(&s, SETTING_REGION, "eu-west-101", SETTING_FLAG, "--region");
	expect_endpoint(&s, "https://swr-api.eu-west-101.myhuaweicloud.eu");
	settings_free(&s);
}

static void test_endpoint_stronger_source_wins_between_endpoint_and_region(void **state)
{
	(void)state;
	settings s;
	/* region by flag beats endpoint from the environment */
	settings_init(&s);
	settings_set(&s, SETTING_ENDPOINT, "https://env.example", SETTING_ENV, "SWRTUI_ENDPOINT");
	settings_set(&s, SETTING_REGION, "cn-south-1", SETTING_FLAG, "--region");
	expect_endpoint(&s, "https://swr-api.cn-south-1.myhuaweicloud.com");
	settings_free(&s);
	/* region from the environment beats endpoint from a profile */
	settings_init(&s);
	settings_set(&s, SETTING_ENDPOINT, "https://profile.example", SETTING_PROFILE, "p");
	settings_set(&s, SETTING_REGION, "cn-east-3", SETTING_ENV, "SWRTUI_REGION");
	expect_endpoint(&s, "https://swr-api.cn-east-3.myhuaweicloud.com");
	settings_free(&s);
	/* endpoint by flag beats region from the environment */
	settings_init(&s);
	settings_set(&s, SETTING_ENDPOINT, "https://flag.example", SETTING_FLAG, "--endpoint");
	settings_set(&s, SETTING_REGION, "cn-east-3", SETTING_ENV, "SWRTUI_REGION");
	expect_endpoint(&s, "https://flag.example");
	settings_free(&s);
}

static void test_endpoint_wins_a_tie_with_region(void **state)
{
	(void)state;
	const setting_source sources[] = {SETTING_PROFILE, SETTING_ENV, SETTING_FLAG};
	for (size_t i = 0; i < 3; i++) {
		settings s;
		settings_init(&s);
		settings_set(&s, SETTING_REGION, "cn-north-4", sources[i], "r");
		settings_set(&s, SETTING_ENDPOINT, "https://tie.example", sources[i], "e");
		expect_endpoint(&s, "https://tie.example");
		settings_free(&s);
	}
}

static void test_endpoint_invalid_region_is_an_error(void **state)
{
	(void)state;
	const char *bad[] = {"CN-North-4", "cn_north_4", "cn-north-4.evil.example", "cn north", "a/b", ""};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		settings s;
		settings_init(&s);
		settings_set(&s, SETTING_REGION, bad[i], SETTING_FLAG, "--region");
		char *ep = endpoint_of(&s);
		if (ep)
			fail_msg("expected region \"%s\" to be refused, got endpoint %s", bad[i], ep);
		assert_contains(err, "--region");
		assert_contains(err, "not a region id");
		settings_free(&s);
	}
}

static void test_endpoint_neither_endpoint_nor_region_is_an_error(void **state)
{
	(void)state;
	settings s;
	settings_init(&s);
	assert_null(endpoint_of(&s));
	assert_contains(err, "no endpoint");
	assert_contains(err, "--region");
	settings_free(&s);
}

/* ---- settings_timeout_ms ---- */

static void test_timeout_ms_default_is_30_seconds(void **state)
{
	(void)state;
	settings s;
	settings_init(&s);
	assert_int_equal(settings_timeout_ms(&s), 30000);
	settings_free(&s);
}

static void test_timeout_ms_converts_seconds(void **state)
{
	(void)state;
	settings s;
	settings_init(&s);
	settings_set(&s, SETTING_TIMEOUT, "10", SETTING_FLAG, "--timeout");
	assert_int_equal(settings_timeout_ms(&s), 10000);
	settings_set(&s, SETTING_TIMEOUT, "2.5", SETTING_FLAG, "--timeout");
	assert_int_equal(settings_timeout_ms(&s), 2500);
	settings_set(&s, SETTING_TIMEOUT, "3600", SETTING_FLAG, "--timeout");
	assert_int_equal(settings_timeout_ms(&s), 3600000);
	/* a tiny positive value never becomes 0 (which would mean "no timeout") */
	settings_set(&s, SETTING_TIMEOUT, "0.0001", SETTING_FLAG, "--timeout");
	assert_int_equal(settings_timeout_ms(&s), 1);
	settings_free(&s);
}

/* ---- settings_load_auth ---- */

static int load_auth(const settings *s, api_auth *a)
{
	err[0] = '\0';
	return settings_load_auth(s, a, err, sizeof err);
}

/* ---- who may write the files that decide where the credential goes ---- */

#define OTHER_UID 65534 /* nobody */

/* A watchdog: a test that would block (a FIFO opened for reading waits for a writer) fails instead. */
static void watchdog_fired(int sig)
{
	(void)sig;
	static const char msg[] = "test_settings: a FIFO made the read block (watchdog fired)\n";
	if (write(2, msg, sizeof msg - 1) < 0)
		_exit(3);
	_exit(2);
}

static void watchdog(unsigned seconds)
{
	signal(SIGALRM, watchdog_fired);
	alarm(seconds);
}

static void assert_not_contains(const char *hay, const char *needle)
{
	if (strstr(hay, needle))
		fail_msg("expected \"%s\" not to contain \"%s\"", hay, needle);
}

static void test_config_writable_by_group_or_others_is_refused(void **state)
{
	fixture *f = *state;
	const mode_t bad[] = {0666, 0646, 0622, 0620, 0602, 0660};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		write_file(f->config, "[default]\nendpoint = http://127.0.0.1:9/planted\n");
		assert_int_equal(chmod(f->config, bad[i]), 0);
		settings s;
		settings_init(&s);
		assert_int_equal(resolve(&s, NULL), -1);
		assert_null(s.v[SETTING_ENDPOINT].value);
		assert_contains(err, f->config);
		assert_contains(err, "written by group or others");
		char fix[256];
		snprintf(fix, sizeof fix, "chmod 600 %s", f->config);
		assert_contains(err, fix);
		settings_free(&s);
	}
	/* readable by all but writable only by its owner is fine, as for ~/.ssh/config */
	const mode_t good[] = {0644, 0600, 0444, 0400};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		assert_int_equal(chmod(f->config, good[i]), 0);
		settings s;
		settings_init(&s);
		assert_int_equal(resolve(&s, NULL), 0);
		assert_string_equal(s.v[SETTING_ENDPOINT].value, "http://127.0.0.1:9/planted");
		settings_free(&s);
	}
}

static void test_config_of_another_user_is_refused_directly_or_through_a_link(void **state)
{
	fixture *f = *state;
	if (geteuid() != 0)
		skip(); /* giving a file to another user needs root (the CI runs as root) */
	char other[256];
	snprintf(other, sizeof other, "%s/others-config", f->dir);
	write_file(other, "[default]\nendpoint = http://127.0.0.1:9/planted\n");
	assert_int_equal(chmod(other, 0644), 0);
	assert_int_equal(chown(other, OTHER_UID, OTHER_UID), 0);
	/* the file itself in place of the config */
	assert_int_equal(rename(other, f->config), 0);
	settings s;
	settings_init(&s);
	assert_int_equal(resolve(&s, NULL), -1);
	assert_null(s.v[SETTING_ENDPOINT].value);
	assert_contains(err, f->config);
	assert_contains(err, "belongs to user id 65534, not to you");
	settings_free(&s);
	/* a link of the user's to it: the file reached is what counts */
	assert_int_equal(rename(f->config, other), 0);
	assert_int_equal(symlink(other, f->config), 0);
	settings_init(&s);
	assert_int_equal(resolve(&s, NULL), -1);
	assert_null(s.v[SETTING_ENDPOINT].value);
	assert_contains(err, "belongs to user id 65534, not to you");
	settings_free(&s);
	/* a link to a file of the user's is followed (dotfile managers link the config) */
	assert_int_equal(chown(other, geteuid(), getegid()), 0);
	settings_init(&s);
	assert_int_equal(resolve(&s, NULL), 0);
	assert_string_equal(s.v[SETTING_ENDPOINT].value, "http://127.0.0.1:9/planted");
	settings_free(&s);
}

static void test_config_fifo_or_directory_is_an_error_without_waiting(void **state)
{
	fixture *f = *state;
	watchdog(20);
	assert_int_equal(mkfifo(f->config, 0600), 0);
	settings s;
	settings_init(&s);
	assert_int_equal(resolve(&s, NULL), -1);
	assert_contains(err, f->config);
	assert_contains(err, "is a FIFO, not a regular file");
	settings_free(&s);
	assert_int_equal(unlink(f->config), 0);
	assert_int_equal(mkdir(f->config, 0700), 0);
	settings_init(&s);
	assert_int_equal(resolve(&s, NULL), -1);
	assert_contains(err, "is a directory, not a regular file");
	settings_free(&s);
	alarm(0);
}

/* The token file given by the flag: loading it fails, and the message names the path. */
static void expect_token_file_refused(const char *path, const char *why)
{
	settings s;
	settings_init(&s);
	settings_set(&s, SETTING_TOKEN_FILE, path, SETTING_FLAG, "--token-file");
	api_auth a;
	assert_int_equal(load_auth(&s, &a), -1);
	assert_int_equal(a.kind, API_AUTH_NONE);
	assert_null(a.token);
	assert_contains(err, path);
	assert_contains(err, why);
	assert_not_contains(err, "MIIsecret");
	settings_free(&s);
}

static void test_token_file_must_be_private_and_not_a_link(void **state)
{
	fixture *f = *state;
	char path[256], link[256], fix[320];
	snprintf(path, sizeof path, "%s/token", f->dir);
	snprintf(link, sizeof link, "%s/token-link", f->dir);
	snprintf(fix, sizeof fix, "chmod 600 %s", path);
	write_file(path, "MIIsecret\n");
	const mode_t bad[] = {0644, 0640, 0604, 0660, 0666};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(chmod(path, bad[i]), 0);
		expect_token_file_refused(path, fix);
	}
	assert_int_equal(chmod(path, 0600), 0);
	assert_int_equal(symlink(path, link), 0);
	expect_token_file_refused(link, "is a symbolic link");
	if (geteuid() == 0) {
		assert_int_equal(chown(path, OTHER_UID, OTHER_UID), 0);
		expect_token_file_refused(path, "belongs to user id 65534, not to you");
	}
}

static void test_token_file_fifo_is_refused_without_waiting(void **state)
{
	fixture *f = *state;
	char path[256];
	snprintf(path, sizeof path, "%s/token", f->dir);
	watchdog(20);
	assert_int_equal(mkfifo(path, 0600), 0);
	expect_token_file_refused(path, "is a FIFO, not a regular file");
	alarm(0);
}

/* ---- unknown keys: the line may be a pasted secret ---- */

#define TOKEN64 "MIIZpQYJKoZIhvcNAQcCoIIZljCCGZICAQExDTALBglghkgBZQMEAgEwghe3BgkqhkiG"
#define SK40 "Xq3LbP9sT0vR2mN8kJ5hG7fD1aS4zW6yU0iO2pEe"

static void expect_unknown_key_hidden(const char *text, const char *secret)
{
	settings s;
	settings_init(&s);
	int found = 0;
	assert_int_equal(parse(&s, text, "default", &found), -1);
	assert_contains(err, "/cfg:3: unknown key, not shown as it may be a secret");
	assert_contains(err, "known: endpoint");
	/* not even a piece of it */
	for (size_t i = 0; i + 6 <= strlen(secret); i++) {
		char piece[8];
		memcpy(piece, secret + i, 6);
		piece[6] = '\0';
		assert_not_contains(err, piece);
	}
	settings_free(&s);
}

static void test_unknown_key_that_may_be_a_secret_is_not_shown(void **state)
{
	(void)state;
	expect_unknown_key_hidden("[default]\nregion = r\n" TOKEN64 "==\n", TOKEN64);
	expect_unknown_key_hidden("[default]\nregion = r\n" TOKEN64 "=\n", TOKEN64);
	expect_unknown_key_hidden("[default]\nregion = r\n" SK40 " = x\n", SK40);
	expect_unknown_key_hidden("[other]\n\n" SK40 "=\n", SK40);
	/* a key that looks like one is named, to find a typo */
	settings s;
	settings_init(&s);
	int found = 0;
	assert_int_equal(parse(&s, "[default]\n\nendpiont = http://h\n", "default", &found), -1);
	assert_contains(err, "/cfg:3: unknown key \"endpiont\" (known: endpoint");
	settings_free(&s);
}

static void test_auth_none_when_no_credential_anywhere(void **state)
{
	(void)state;
	settings s;
	settings_init(&s);
	api_auth a;
	assert_int_equal(load_auth(&s, &a), 0);
	assert_int_equal(a.kind, API_AUTH_NONE);
	assert_null(a.token);
	api_auth_free(&a);
	/* an empty SWRTUI_TOKEN counts as none */
	setenv("SWRTUI_TOKEN", "", 1);
	assert_int_equal(load_auth(&s, &a), 0);
	assert_int_equal(a.kind, API_AUTH_NONE);
	api_auth_free(&a);
	settings_free(&s);
}

static void test_auth_token_from_swrtui_token(void **state)
{
	(void)state;
	setenv("SWRTUI_TOKEN", "MIIenv-token", 1);
	settings s;
	settings_init(&s);
	api_auth a;
	assert_int_equal(load_auth(&s, &a), 0);
	assert_int_equal(a.kind, API_AUTH_TOKEN);
	assert_string_equal(a.token, "MIIenv-token");
	assert_string_equal(a.source, "SWRTUI_TOKEN");
	api_auth_free(&a);
	assert_null(a.token);
	assert_int_equal(a.kind, API_AUTH_NONE);
	settings_free(&s);
}

static void test_auth_token_file_flag_wins_over_swrtui_token(void **state)
{
	fixture *f = *state;
	char path[256];
	snprintf(path, sizeof path, "%s/token", f->dir);
	write_file(path, "MIIfile-token\n");
	setenv("SWRTUI_TOKEN", "MIIenv-token", 1);
	settings s;
	settings_init(&s);
	settings_set(&s, SETTING_TOKEN_FILE, path, SETTING_FLAG, "--token-file");
	api_auth a;
	assert_int_equal(load_auth(&s, &a), 0);
	assert_int_equal(a.kind, API_AUTH_TOKEN);
	assert_string_equal(a.token, "MIIfile-token");
	assert_contains(a.source, path);
	assert_contains(a.source, "--token-file");
	api_auth_free(&a);
	settings_free(&s);
}

static void test_auth_swrtui_token_wins_over_profile_token_file(void **state)
{
	fixture *f = *state;
	char path[256];
	snprintf(path, sizeof path, "%s/token", f->dir);
	write_file(path, "MIIfile-token\n");
	setenv("SWRTUI_TOKEN", "MIIenv-token", 1);
	settings s;
	settings_init(&s);
	settings_set(&s, SETTING_TOKEN_FILE, path, SETTING_PROFILE, "profile default (/c:2)");
	api_auth a;
	assert_int_equal(load_auth(&s, &a), 0);
	assert_string_equal(a.token, "MIIenv-token");
	assert_string_equal(a.source, "SWRTUI_TOKEN");
	api_auth_free(&a);
	settings_free(&s);
}

static void test_auth_profile_token_file_used_without_swrtui_token(void **state)
{
	fixture *f = *state;
	char path[256];
	snprintf(path, sizeof path, "%s/token", f->dir);
	write_file(path, "MIIprofile-token");
	settings s;
	settings_init(&s);
	settings_set(&s, SETTING_TOKEN_FILE, path, SETTING_PROFILE, "profile default (/c:2)");
	api_auth a;
	assert_int_equal(load_auth(&s, &a), 0);
	assert_int_equal(a.kind, API_AUTH_TOKEN);
	assert_string_equal(a.token, "MIIprofile-token");
	api_auth_free(&a);
	settings_free(&s);
}

static void test_auth_token_file_trailing_newline_and_spaces_trimmed(void **state)
{
	fixture *f = *state;
	char path[256];
	snprintf(path, sizeof path, "%s/token", f->dir);
	write_file(path, "MIIabc.def\r\n \t\n\n");
	settings s;
	settings_init(&s);
	settings_set(&s, SETTING_TOKEN_FILE, path, SETTING_FLAG, "--token-file");
	api_auth a;
	assert_int_equal(load_auth(&s, &a), 0);
	assert_string_equal(a.token, "MIIabc.def");
	api_auth_free(&a);
	settings_free(&s);
}

static void test_auth_empty_token_file_is_an_error(void **state)
{
	fixture *f = *state;
	char path[256];
	snprintf(path, sizeof path, "%s/token", f->dir);
	const char *empties[] = {"", "\n", "  \r\n"};
	for (size_t i = 0; i < 3; i++) {
		write_file(path, empties[i]);
		settings s;
		settings_init(&s);
		settings_set(&s, SETTING_TOKEN_FILE, path, SETTING_FLAG, "--token-file");
		api_auth a;
		assert_int_equal(load_auth(&s, &a), -1);
		assert_contains(err, path);
		assert_int_equal(a.kind, API_AUTH_NONE);
		assert_null(a.token);
		api_auth_free(&a);
		settings_free(&s);
	}
}

static void test_auth_missing_token_file_is_an_error(void **state)
{
	fixture *f = *state;
	char path[256];
	snprintf(path, sizeof path, "%s/no-such-token", f->dir);
	/* even with SWRTUI_TOKEN set: the flag asked for this file */
	setenv("SWRTUI_TOKEN", "MIIenv", 1);
	settings s;
	settings_init(&s);
	settings_set(&s, SETTING_TOKEN_FILE, path, SETTING_FLAG, "--token-file");
	api_auth a;
	assert_int_equal(load_auth(&s, &a), -1);
	assert_contains(err, path);
	assert_int_equal(a.kind, API_AUTH_NONE);
	assert_null(a.token);
	api_auth_free(&a);
	settings_free(&s);
}

static void test_auth_token_with_a_control_character_is_an_error(void **state)
{
	fixture *f = *state;
	settings s;
	settings_init(&s);
	api_auth a;
	setenv("SWRTUI_TOKEN", "MII\x1b[2Jabc", 1);
	assert_int_equal(load_auth(&s, &a), -1);
	assert_contains(err, "control character");
	assert_contains(err, "SWRTUI_TOKEN");
	assert_int_equal(a.kind, API_AUTH_NONE);
	assert_null(a.token);
	setenv("SWRTUI_TOKEN", "MII\x7f", 1);
	assert_int_equal(load_auth(&s, &a), -1);
	unsetenv("SWRTUI_TOKEN");

	/* a second line of the file is not part of the token: only the info lines of swrtui login are
	 * accepted there, and an unknown one is refused without being quoted (it may be a secret) */
	char path[256];
	snprintf(path, sizeof path, "%s/token", f->dir);
	write_file(path, "MIIline1\nline2\n");
	settings_set(&s, SETTING_TOKEN_FILE, path, SETTING_FLAG, "--token-file");
	assert_int_equal(load_auth(&s, &a), -1);
	assert_contains(err, "line 2 is not");
	assert_null(strstr(err, "line2"));
	assert_null(a.token);
	settings_free(&s);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_profile_plain_section_name),
		T(test_profile_section_written_with_profile_prefix),
		T(test_profile_quoted_values_lose_their_quotes),
		T(test_profile_values_only_from_the_chosen_section),
		T(test_profile_missing_section_is_not_found_and_sets_nothing),
		T(test_profile_empty_text_is_fine_and_not_found),
		T(test_profile_crlf_line_endings),
		T(test_profile_later_value_in_the_section_wins),
		T(test_profile_unknown_key_is_an_error_with_file_and_line),
		T(test_profile_unknown_key_in_another_section_is_an_error_too),
		T(test_profile_line_numbers_count_blank_lines_and_comments),
		T(test_profile_token_key_is_refused_with_a_message_about_secrets),
		T(test_profile_malformed_lines_are_errors),
		T(test_profile_nul_byte_is_an_error),
		T(test_profile_tilde_expands_to_home_for_token_file_and_cacert),
		T(test_profile_tilde_without_slash_is_not_expanded),
		T(test_set_weaker_source_never_replaces_a_stronger_one),
		T(test_set_stronger_source_replaces_a_weaker_one),
		T(test_set_same_source_takes_the_later_value),
		T(test_key_names_flags_and_environment_variables),
		T(test_resolve_takes_values_from_the_environment),
		T(test_resolve_flag_wins_over_environment),
		T(test_resolve_environment_wins_over_profile_file),
		T(test_resolve_profile_flag_chooses_the_section),
		T(test_resolve_swrtui_profile_chooses_the_section),
		T(test_resolve_explicit_unknown_profile_is_an_error),
		T(test_resolve_explicit_profile_without_config_file_is_an_error),
		T(test_resolve_missing_file_with_default_profile_is_fine),
		T(test_resolve_default_section_absent_from_file_is_fine),
		T(test_resolve_uses_home_config_without_xdg_config_home),
		T(test_resolve_reports_errors_of_the_profile_file),
		T(test_resolve_bad_timeout_is_an_error),
		T(test_resolve_bad_timeout_from_environment_names_the_variable),
		T(test_resolve_good_timeouts_are_accepted),
		T(test_endpoint_given_directly),
		T(test_endpoint_from_region),
		T(test_endpoint_from_region_eu_west_101_uses_dot_eu),
		T(test_endpoint_stronger_source_wins_between_endpoint_and_region),
		T(test_endpoint_wins_a_tie_with_region),
		T(test_endpoint_invalid_region_is_an_error),
		T(test_endpoint_neither_endpoint_nor_region_is_an_error),
		T(test_timeout_ms_default_is_30_seconds),
		T(test_timeout_ms_converts_seconds),
		T(test_auth_none_when_no_credential_anywhere),
		T(test_auth_token_from_swrtui_token),
		T(test_auth_token_file_flag_wins_over_swrtui_token),
		T(test_auth_swrtui_token_wins_over_profile_token_file),
		T(test_auth_profile_token_file_used_without_swrtui_token),
		T(test_auth_token_file_trailing_newline_and_spaces_trimmed),
		T(test_auth_empty_token_file_is_an_error),
		T(test_auth_missing_token_file_is_an_error),
		T(test_auth_token_with_a_control_character_is_an_error),
		T(test_config_writable_by_group_or_others_is_refused),
		T(test_config_of_another_user_is_refused_directly_or_through_a_link),
		T(test_config_fifo_or_directory_is_an_error_without_waiting),
		T(test_token_file_must_be_private_and_not_a_link),
		T(test_token_file_fifo_is_refused_without_waiting),
		T(test_unknown_key_that_may_be_a_secret_is_not_shown),
	};
#undef T
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
