/* test_credentials.c — unit tests of credentials.c and of the choice of credential in settings.c: the two
 * file formats, missing and malformed keys, the file's privacy checks (mode, owner, symbolic link),
 * the environment's keys, and the rule deciding between a token and AK/SK. Files live in a mkdtemp directory. */
#define _XOPEN_SOURCE 700
#define _DEFAULT_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "swrtui/http/http.h"
#include "swrtui/auth/credentials.h"
#include "swrtui/config/settings.h"

#define assert_contains(hay, needle)                                                                    \
	do {                                                                                            \
		const char *hay_ = (hay), *needle_ = (needle);                                          \
		if (!hay_ || !strstr(hay_, needle_))                                                    \
			fail_msg("expected \"%s\" to contain \"%s\"", hay_ ? hay_ : "(null)", needle_); \
	} while (0)

#define assert_not_contains(hay, needle)                                                   \
	do {                                                                               \
		const char *hay_ = (hay), *needle_ = (needle);                             \
		if (hay_ && strstr(hay_, needle_))                                         \
			fail_msg("expected \"%s\" not to contain \"%s\"", hay_, needle_); \
	} while (0)

#define AK "HPUAEXAMPLEAK0000001"
#define SK "ExampleSecretKey0123456789abcdefghijABCD"
#define STOKEN "gQpjbi1ub3J0aC00-temporary"

static const char *const cleared_env[] = {
	"CLOUD_SDK_AK",      "CLOUD_SDK_SK",      "CLOUD_SDK_SECURITY_TOKEN", "SWRTUI_TOKEN",   "SWRTUI_TOKEN_FILE",
	"SWRTUI_CREDENTIALS_FILE", "SWRTUI_AUTH", "SWRTUI_PROFILE",
};

static char err[512];

typedef struct {
	char dir[64];
	char path[128]; /* dir/credentials */
} fixture;

static void clear_env(void)
{
	for (size_t i = 0; i < sizeof cleared_env / sizeof cleared_env[0]; i++)
		unsetenv(cleared_env[i]);
}

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	if (!f)
		return -1;
	strcpy(f->dir, "/tmp/swrtui-credentials-XXXXXX");
	if (!mkdtemp(f->dir)) {
		free(f);
		return -1;
	}
	snprintf(f->path, sizeof f->path, "%s/credentials", f->dir);
	clear_env();
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
	clear_env();
	int rc = nftw(f->dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(f);
	return rc;
}

static void write_file(const char *path, const char *text, mode_t mode)
{
	unlink(path);
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(text, 1, strlen(text), fp), strlen(text));
	assert_int_equal(fclose(fp), 0);
	assert_int_equal(chmod(path, mode), 0);
}

static int parse(const char *text, api_auth *a)
{
	err[0] = '\0';
	return credentials_parse(text, strlen(text), "credentials file /c", a, err, sizeof err);
}

static void expect_pair(const api_auth *a, const char *ak, const char *sk, const char *token)
{
	assert_int_equal(a->kind, API_AUTH_AKSK);
	assert_string_equal(a->ak, ak);
	assert_string_equal(a->sk, sk);
	if (token)
		assert_string_equal(a->security_token, token);
	else
		assert_null(a->security_token);
}

/* ---- formats ---- */

static void test_key_value_lines_with_comments_quotes_and_crlf(void **state)
{
	(void)state;
	api_auth a;
	assert_int_equal(parse("# my keys\r\n\r\nak = " AK "\r\n  sk=\"" SK "\"\r\n; another comment\n", &a), 0);
	expect_pair(&a, AK, SK, NULL);
	assert_null(a.source);
	api_auth_free(&a);
	assert_int_equal(parse("access_key = " AK "\nsecret_key = '" SK "'\nsecurity_token = " STOKEN "\n", &a), 0);
	expect_pair(&a, AK, SK, STOKEN);
	api_auth_free(&a);
	/* key names are not case-sensitive; an empty value counts as absent */
	assert_int_equal(parse("AK=" AK "\nSK=" SK "\nsecurity_token =\n", &a), 0);
	expect_pair(&a, AK, SK, NULL);
	api_auth_free(&a);
}

static void test_console_csv_with_bom_and_crlf(void **state)
{
	(void)state;
	api_auth a;
	assert_int_equal(parse("\xEF\xBB\xBFUser Name,Access Key Id,Secret Access Key\r\nalice," AK "," SK "\r\n", &a), 0);
	expect_pair(&a, AK, SK, NULL);
	api_auth_free(&a);
	/* quoted fields and another column order */
	assert_int_equal(parse("\"Secret Access Key\",\"Access Key Id\",\"User Name\"\n\"" SK "\",\"" AK "\",\"bob, jr\"\n\n", &a),
	                 0);
	expect_pair(&a, AK, SK, NULL);
	api_auth_free(&a);
}

static void test_missing_keys_are_named_and_no_secret_is_shown(void **state)
{
	(void)state;
	api_auth a;
	assert_int_equal(parse("sk = " SK "\n", &a), -1);
	assert_contains(err, "credentials file /c");
	assert_contains(err, "no access key");
	assert_not_contains(err, SK);
	assert_int_equal(a.kind, API_AUTH_NONE);
	assert_null(a.sk);
	assert_int_equal(parse("ak = " AK "\n", &a), -1);
	assert_contains(err, "no secret key");
	assert_int_equal(parse("", &a), -1);
	assert_contains(err, "no access key");
	assert_int_equal(parse("User Name,Access Key Id,Secret Access Key\n", &a), -1);
	assert_contains(err, "no line with the keys");
	assert_int_equal(parse("User Name,Access Key Id,Secret Access Key\nalice," AK "\n", &a), -1);
	assert_contains(err, "line 2 has 2 columns");
	assert_int_equal(parse("User Name,Access Key Id,Secret Access Key\nalice," AK ",\n", &a), -1);
	assert_contains(err, "Secret Access Key");
}

static void test_malformed_files_are_refused_without_echoing_lines(void **state)
{
	(void)state;
	api_auth a;
	assert_int_equal(parse("ak = " AK "\n" SK "\n", &a), -1);
	assert_contains(err, "line 2: expected key = value");
	assert_not_contains(err, SK);
	assert_int_equal(parse("ak = " AK "\nsk = " SK "\nsk = other\n", &a), -1);
	assert_contains(err, "line 3: sk is given twice");
	assert_not_contains(err, SK);
	assert_int_equal(parse("ak = " AK "\npassword = " SK "\n", &a), -1);
	assert_contains(err, "line 2: unknown key \"password\"");
	assert_not_contains(err, SK);
	assert_int_equal(parse("[default]\nak = " AK "\n", &a), -1);
	assert_contains(err, "line 1");
	assert_int_equal(parse("ak = AK WITH SPACES\nsk = " SK "\n", &a), -1);
	assert_contains(err, "access key");
	assert_int_equal(parse("User Name,Access Key Id,Secret Access Key\na," AK "," SK "\nb," AK "," SK "\n", &a), -1);
	assert_contains(err, "more than one key pair");
	assert_not_contains(err, SK);
	assert_int_equal(credentials_parse("ak = x\0y", 8, "f", &a, err, sizeof err), -1);
	assert_contains(err, "NUL");
}

/* A token or a secret key pasted as a line (base64 padding gives it an '='): the line number and the
 * problem, never the text, nor a piece of it. */
static void expect_pasted_secret_hidden(const char *text, const char *secret)
{
	api_auth a;
	assert_int_equal(parse(text, &a), -1);
	assert_contains(err, "credentials file /c: line 3: unknown key, not shown as it may be a secret");
	for (size_t i = 0; i + 6 <= strlen(secret); i++) {
		char piece[8];
		memcpy(piece, secret + i, 6);
		piece[6] = '\0';
		assert_not_contains(err, piece);
	}
	assert_int_equal(a.kind, API_AUTH_NONE);
}

#define PASTED_TOKEN64 "MIIZpQYJKoZIhvcNAQcCoIIZljCCGZICAQExDTALBglghkgBZQMEAgEwghe3BgkqhkiG"

static void test_pasted_secret_as_an_unknown_key_is_not_shown(void **state)
{
	(void)state;
	expect_pasted_secret_hidden("ak = " AK "\n\n" SK "=\n", SK);
	expect_pasted_secret_hidden("ak = " AK "\n\n" SK " = x\n", SK);
	expect_pasted_secret_hidden("ak = " AK "\nsk = " SK "\n" PASTED_TOKEN64 "==\n", PASTED_TOKEN64);
	/* a key that looks like one is still named */
	api_auth a;
	assert_int_equal(parse("ak = " AK "\nsk = " SK "\nsecurity_tokn = x\n", &a), -1);
	assert_contains(err, "line 3: unknown key \"security_tokn\"");
}

/* ---- the file's privacy ---- */

static int load(const char *path, api_auth *a)
{
	err[0] = '\0';
	return credentials_load_file(path, a, err, sizeof err);
}

static void test_fifo_is_refused_without_waiting(void **state)
{
	fixture *f = *state;
	alarm(20); /* a read that waits for a writer fails the test (SIGALRM) instead of hanging it */
	assert_int_equal(mkfifo(f->path, 0600), 0);
	api_auth a;
	assert_int_equal(load(f->path, &a), -1);
	assert_contains(err, f->path);
	assert_contains(err, "is a FIFO, not a regular file");
	alarm(0);
}

static void test_private_file_is_read(void **state)
{
	fixture *f = *state;
	api_auth a;
	write_file(f->path, "ak = " AK "\nsk = " SK "\n", 0600);
	assert_int_equal(load(f->path, &a), 0);
	expect_pair(&a, AK, SK, NULL);
	char want[192];
	snprintf(want, sizeof want, "credentials file %s", f->path);
	assert_string_equal(a.source, want);
	api_auth_free(&a);
	write_file(f->path, "User Name,Access Key Id,Secret Access Key\nalice," AK "," SK "\n", 0400);
	assert_int_equal(load(f->path, &a), 0);
	expect_pair(&a, AK, SK, NULL);
	api_auth_free(&a);
}

static void test_file_open_to_group_or_others_is_refused(void **state)
{
	fixture *f = *state;
	const mode_t modes[] = {0644, 0640, 0604, 0660, 0610, 0601, 0666};
	for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++) {
		write_file(f->path, "ak = " AK "\nsk = " SK "\n", modes[i]);
		api_auth a;
		assert_int_equal(load(f->path, &a), -1);
		assert_contains(err, f->path);
		assert_contains(err, "chmod 600");
		char mode[16];
		snprintf(mode, sizeof mode, "mode %04o", (unsigned)modes[i]);
		assert_contains(err, mode);
		assert_not_contains(err, SK);
		assert_int_equal(a.kind, API_AUTH_NONE);
		assert_null(a.ak);
	}
}

static void test_symbolic_link_is_refused_even_to_a_private_file(void **state)
{
	fixture *f = *state;
	write_file(f->path, "ak = " AK "\nsk = " SK "\n", 0600);
	char link[192];
	snprintf(link, sizeof link, "%s/link", f->dir);
	assert_int_equal(symlink(f->path, link), 0);
	api_auth a;
	assert_int_equal(load(link, &a), -1);
	assert_contains(err, link);
	assert_contains(err, "symbolic link");
	assert_int_equal(a.kind, API_AUTH_NONE);
}

static void test_file_of_another_user_is_refused(void **state)
{
	fixture *f = *state;
	const char *path = f->path;
	if (geteuid() == 0) {
		/* as root: a private file given to another user */
		write_file(f->path, "ak = " AK "\nsk = " SK "\n", 0600);
		assert_int_equal(chown(f->path, 65534, 65534), 0);
	} else {
		/* otherwise: a readable file that root owns */
		path = "/etc/passwd";
	}
	api_auth a;
	assert_int_equal(load(path, &a), -1);
	assert_contains(err, path);
	assert_contains(err, "not to you");
	assert_int_equal(a.kind, API_AUTH_NONE);
}

static void test_directory_and_missing_file_are_refused(void **state)
{
	fixture *f = *state;
	api_auth a;
	assert_int_equal(chmod(f->dir, 0700), 0);
	assert_int_equal(load(f->dir, &a), -1);
	assert_contains(err, "not a regular file");
	assert_int_equal(load(f->path, &a), -1);
	assert_contains(err, "cannot open credentials file");
	assert_contains(err, f->path);
}

static void test_keys_missing_from_a_private_file_name_the_file(void **state)
{
	fixture *f = *state;
	write_file(f->path, "ak = " AK "\n", 0600);
	api_auth a;
	assert_int_equal(load(f->path, &a), -1);
	assert_contains(err, f->path);
	assert_contains(err, "no secret key");
}

/* ---- the environment ---- */

static void test_environment_keys_and_temporary_token(void **state)
{
	(void)state;
	api_auth a;
	assert_false(credentials_env_present());
	setenv("CLOUD_SDK_AK", AK, 1);
	setenv("CLOUD_SDK_SK", SK, 1);
	assert_true(credentials_env_present());
	assert_int_equal(credentials_from_env(&a, err, sizeof err), 0);
	expect_pair(&a, AK, SK, NULL);
	assert_string_equal(a.source, "CLOUD_SDK_AK/CLOUD_SDK_SK");
	api_auth_free(&a);
	setenv("CLOUD_SDK_SECURITY_TOKEN", STOKEN, 1);
	assert_int_equal(credentials_from_env(&a, err, sizeof err), 0);
	expect_pair(&a, AK, SK, STOKEN);
	api_auth_free(&a);
	unsetenv("CLOUD_SDK_SK");
	assert_int_equal(credentials_from_env(&a, err, sizeof err), -1);
	assert_contains(err, "CLOUD_SDK_AK is set but CLOUD_SDK_SK is not");
	unsetenv("CLOUD_SDK_AK");
	setenv("CLOUD_SDK_SK", SK, 1);
	assert_int_equal(credentials_from_env(&a, err, sizeof err), -1);
	assert_contains(err, "CLOUD_SDK_SK is set but CLOUD_SDK_AK is not");
	assert_not_contains(err, SK);
}

/* ---- the rule: which credential is used ---- */

static int choose(settings *s, api_auth *a)
{
	err[0] = '\0';
	return settings_load_auth(s, a, err, sizeof err);
}

static void test_rule_token_alone_is_used(void **state)
{
	(void)state;
	setenv("SWRTUI_TOKEN", "MIItoken", 1);
	settings s;
	settings_init(&s);
	api_auth a;
	assert_int_equal(choose(&s, &a), 0);
	assert_int_equal(a.kind, API_AUTH_TOKEN);
	assert_string_equal(a.source, "SWRTUI_TOKEN");
	api_auth_free(&a);
	settings_free(&s);
}

static void test_rule_keys_win_over_a_token_when_nothing_is_forced(void **state)
{
	(void)state;
	setenv("SWRTUI_TOKEN", "MIItoken", 1);
	setenv("CLOUD_SDK_AK", AK, 1);
	setenv("CLOUD_SDK_SK", SK, 1);
	settings s;
	settings_init(&s);
	api_auth a;
	assert_int_equal(choose(&s, &a), 0);
	expect_pair(&a, AK, SK, NULL);
	assert_null(a.token);
	assert_string_equal(a.source, "CLOUD_SDK_AK/CLOUD_SDK_SK");
	api_auth_free(&a);
	settings_free(&s);
}

static void test_rule_auth_token_forces_the_token_and_ignores_the_keys(void **state)
{
	fixture *f = *state;
	setenv("SWRTUI_TOKEN", "MIItoken", 1);
	setenv("CLOUD_SDK_AK", AK, 1);
	setenv("CLOUD_SDK_SK", SK, 1);
	write_file(f->path, "not even a credentials file", 0644); /* never read */
	settings s;
	settings_init(&s);
	settings_set(&s, SETTING_CREDENTIALS_FILE, f->path, SETTING_FLAG, "--credentials-file");
	settings_set(&s, SETTING_AUTH, "token", SETTING_ENV, "SWRTUI_AUTH");
	api_auth a;
	assert_int_equal(choose(&s, &a), 0);
	assert_int_equal(a.kind, API_AUTH_TOKEN);
	assert_string_equal(a.token, "MIItoken");
	assert_null(a.sk);
	api_auth_free(&a);
	/* --auth token without a token: no credential, as when nothing is configured */
	unsetenv("SWRTUI_TOKEN");
	assert_int_equal(choose(&s, &a), 0);
	assert_int_equal(a.kind, API_AUTH_NONE);
	api_auth_free(&a);
	settings_free(&s);
}

static void test_rule_auth_aksk_forces_keys_and_needs_them(void **state)
{
	(void)state;
	setenv("SWRTUI_TOKEN", "MIItoken", 1);
	settings s;
	settings_init(&s);
	settings_set(&s, SETTING_AUTH, "aksk", SETTING_FLAG, "--auth");
	api_auth a;
	assert_int_equal(choose(&s, &a), -1);
	assert_contains(err, "--auth");
	assert_contains(err, "CLOUD_SDK_AK");
	assert_contains(err, "--credentials-file");
	assert_int_equal(a.kind, API_AUTH_NONE);
	setenv("CLOUD_SDK_AK", AK, 1);
	setenv("CLOUD_SDK_SK", SK, 1);
	setenv("CLOUD_SDK_SECURITY_TOKEN", STOKEN, 1);
	assert_int_equal(choose(&s, &a), 0);
	expect_pair(&a, AK, SK, STOKEN);
	api_auth_free(&a);
	settings_free(&s);
}

static void test_rule_unknown_auth_value_is_an_error_naming_its_origin(void **state)
{
	(void)state;
	settings s;
	settings_init(&s);
	settings_set(&s, SETTING_AUTH, "password", SETTING_PROFILE, "profile default (/cfg:3)");
	api_auth a;
	assert_int_equal(choose(&s, &a), -1);
	assert_contains(err, "profile default (/cfg:3)");
	assert_contains(err, "\"password\"");
	api_auth_kind k;
	assert_int_equal(settings_auth_mode(&s, &k, err, sizeof err), -1);
	settings_free(&s);
	/* settings_resolve checks it too, before anything is sent */
	const char *xdg = getenv("XDG_CONFIG_HOME");
	char *saved = xdg ? strdup(xdg) : NULL;
	setenv("SWRTUI_AUTH", "AKSK-please", 1);
	setenv("XDG_CONFIG_HOME", "/nonexistent-swrtui-test", 1);
	settings_init(&s);
	int rc = settings_resolve(&s, NULL, err, sizeof err);
	settings_free(&s);
	if (saved)
		setenv("XDG_CONFIG_HOME", saved, 1);
	else
		unsetenv("XDG_CONFIG_HOME");
	free(saved);
	assert_int_equal(rc, -1);
	assert_contains(err, "SWRTUI_AUTH");
}

static void test_rule_credentials_file_flag_wins_over_environment_keys(void **state)
{
	fixture *f = *state;
	write_file(f->path, "ak = FILEAK\nsk = FILESK\n", 0600);
	setenv("CLOUD_SDK_AK", AK, 1);
	setenv("CLOUD_SDK_SK", SK, 1);
	settings s;
	settings_init(&s);
	settings_set(&s, SETTING_CREDENTIALS_FILE, f->path, SETTING_FLAG, "--credentials-file");
	api_auth a;
	assert_int_equal(choose(&s, &a), 0);
	expect_pair(&a, "FILEAK", "FILESK", NULL);
	char want[256];
	snprintf(want, sizeof want, "credentials file %s (--credentials-file)", f->path);
	assert_string_equal(a.source, want);
	api_auth_free(&a);
	settings_free(&s);
}

static void test_rule_environment_keys_win_over_variable_and_profile_file(void **state)
{
	fixture *f = *state;
	write_file(f->path, "ak = FILEAK\nsk = FILESK\n", 0600);
	setenv("CLOUD_SDK_AK", AK, 1);
	setenv("CLOUD_SDK_SK", SK, 1);
	const setting_source srcs[] = {SETTING_ENV, SETTING_PROFILE};
	for (size_t i = 0; i < 2; i++) {
		settings s;
		settings_init(&s);
		settings_set(&s, SETTING_CREDENTIALS_FILE, f->path, srcs[i], "somewhere");
		api_auth a;
		assert_int_equal(choose(&s, &a), 0);
		expect_pair(&a, AK, SK, NULL);
		api_auth_free(&a);
		settings_free(&s);
	}
}

static void test_rule_profile_credentials_file_beats_a_token(void **state)
{
	fixture *f = *state;
	write_file(f->path, "ak = FILEAK\nsk = FILESK\nsecurity_token = FILETOKEN\n", 0600);
	setenv("SWRTUI_TOKEN", "MIItoken", 1);
	settings s;
	settings_init(&s);
	settings_set(&s, SETTING_CREDENTIALS_FILE, f->path, SETTING_PROFILE, "profile default (/cfg:2)");
	api_auth a;
	assert_int_equal(choose(&s, &a), 0);
	expect_pair(&a, "FILEAK", "FILESK", "FILETOKEN");
	assert_contains(a.source, "profile default (/cfg:2)");
	api_auth_free(&a);
	settings_free(&s);
}

static void test_rule_configured_but_broken_keys_are_an_error_not_a_silent_fallback(void **state)
{
	fixture *f = *state;
	setenv("SWRTUI_TOKEN", "MIItoken", 1);
	setenv("CLOUD_SDK_AK", AK, 1);
	settings s;
	settings_init(&s);
	api_auth a;
	assert_int_equal(choose(&s, &a), -1);
	assert_contains(err, "CLOUD_SDK_SK is not");
	unsetenv("CLOUD_SDK_AK");
	write_file(f->path, "ak = " AK "\nsk = " SK "\n", 0644);
	settings_set(&s, SETTING_CREDENTIALS_FILE, f->path, SETTING_FLAG, "--credentials-file");
	assert_int_equal(choose(&s, &a), -1);
	assert_contains(err, "chmod 600");
	assert_int_equal(a.kind, API_AUTH_NONE);
	settings_free(&s);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_key_value_lines_with_comments_quotes_and_crlf),
		T(test_console_csv_with_bom_and_crlf),
		T(test_missing_keys_are_named_and_no_secret_is_shown),
		T(test_malformed_files_are_refused_without_echoing_lines),
		T(test_pasted_secret_as_an_unknown_key_is_not_shown),
		T(test_fifo_is_refused_without_waiting),
		T(test_private_file_is_read),
		T(test_file_open_to_group_or_others_is_refused),
		T(test_symbolic_link_is_refused_even_to_a_private_file),
		T(test_file_of_another_user_is_refused),
		T(test_directory_and_missing_file_are_refused),
		T(test_keys_missing_from_a_private_file_name_the_file),
		T(test_environment_keys_and_temporary_token),
		T(test_rule_token_alone_is_used),
		T(test_rule_keys_win_over_a_token_when_nothing_is_forced),
		T(test_rule_auth_token_forces_the_token_and_ignores_the_keys),
		T(test_rule_auth_aksk_forces_keys_and_needs_them),
		T(test_rule_unknown_auth_value_is_an_error_naming_its_origin),
		T(test_rule_credentials_file_flag_wins_over_environment_keys),
		T(test_rule_environment_keys_win_over_variable_and_profile_file),
		T(test_rule_profile_credentials_file_beats_a_token),
		T(test_rule_configured_but_broken_keys_are_an_error_not_a_silent_fallback),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
