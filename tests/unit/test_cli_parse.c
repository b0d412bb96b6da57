/* test_cli_parse.c — unit tests of the command-line parser (cli_parse.c): options anywhere, --opt=value
 * and --opt value, "--", secrets refused on the command line, usage errors, and the settings recorded
 * from flags. */
#define _DEFAULT_SOURCE /* open_memstream, strdup */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "swrtui/cli/cli.h"
#include "swrtui/config/settings.h"

#include "../../src/cli/cli_internal.h"

#define assert_contains(hay, needle)                                                                    \
	do {                                                                                            \
		const char *hay_ = (hay), *needle_ = (needle);                                          \
		if (!hay_ || !strstr(hay_, needle_))                                                    \
			fail_msg("expected \"%s\" to contain \"%s\"", hay_ ? hay_ : "(null)", needle_); \
	} while (0)

#define ARGC(a) ((int)(sizeof(a) / sizeof((a)[0])))

static char err[512];

/* Parses argv, expecting success. */
static void parse_ok(int argc, char **argv, cli_opts *o)
{
	err[0] = '\0';
	int rc = cli_parse(argc, argv, o, err, sizeof err);
	if (rc != 0)
		fail_msg("expected the command line to parse, got %d: %s", rc, err);
}

/* Parses argv, expecting a usage error whose message contains `expected`. */
static void parse_fails(int argc, char **argv, const char *expected)
{
	cli_opts o;
	err[0] = '\0';
	int rc = cli_parse(argc, argv, &o, err, sizeof err);
	cli_opts_free(&o);
	if (rc != CLI_EXIT_USAGE)
		fail_msg("expected a usage error containing \"%s\", got %d", expected, rc);
	assert_contains(err, expected);
}

/* ---- commands, arguments and option placement ---- */

static void test_no_arguments_opens_the_terminal_ui(void **state)
{
	(void)state;
	char *argv[] = {"swrtui"};
	cli_opts o;
	parse_ok(ARGC(argv), argv, &o);
	assert_null(o.command);
	assert_int_equal(o.nargs, 0);
	assert_false(o.json);
	assert_false(o.help);
	assert_int_equal(o.settings.v[SETTING_ENDPOINT].source, SETTING_UNSET);
	cli_opts_free(&o);
}

static void test_options_before_the_command(void **state)
{
	(void)state;
	char *argv[] = {"swrtui", "--endpoint", "https://swr.example.com", "--json", "show", "7"};
	cli_opts o;
	parse_ok(ARGC(argv), argv, &o);
	assert_string_equal(o.command, "show");
	assert_int_equal(o.nargs, 1);
	assert_string_equal(o.args[0], "7");
	assert_true(o.json);
	assert_string_equal(o.settings.v[SETTING_ENDPOINT].value, "https://swr.example.com");
	cli_opts_free(&o);
}

static void test_options_after_the_command_and_between_arguments(void **state)
{
	(void)state;
	char *argv[] = {"swrtui", "apply", "7", "--dry-run", "reg.json", "--region=cn-north-4", "--yes"};
	cli_opts o;
	parse_ok(ARGC(argv), argv, &o);
	assert_string_equal(o.command, "apply");
	assert_int_equal(o.nargs, 2);
	assert_string_equal(o.args[0], "7");
	assert_string_equal(o.args[1], "reg.json");
	assert_true(o.dry_run);
	assert_true(o.yes);
	assert_string_equal(o.settings.v[SETTING_REGION].value, "cn-north-4");
	cli_opts_free(&o);
}

static void test_equals_and_separate_value_forms_are_the_same(void **state)
{
	(void)state;
	char *a1[] = {"swrtui", "list", "--project-id=p1", "--instance-id", "i1", "--name=my reg", "--type", "swr-pro"};
	char *a2[] = {"swrtui", "list", "--project-id", "p1", "--instance-id=i1", "--name", "my reg", "--type=swr-pro"};
	cli_opts o1, o2;
	parse_ok(ARGC(a1), a1, &o1);
	parse_ok(ARGC(a2), a2, &o2);
	assert_string_equal(o1.settings.v[SETTING_PROJECT_ID].value, "p1");
	assert_string_equal(o2.settings.v[SETTING_PROJECT_ID].value, "p1");
	assert_string_equal(o1.settings.v[SETTING_INSTANCE_ID].value, "i1");
	assert_string_equal(o2.settings.v[SETTING_INSTANCE_ID].value, "i1");
	assert_string_equal(o1.name_filter, "my reg");
	assert_string_equal(o2.name_filter, "my reg");
	assert_string_equal(o1.type_filter, "swr-pro");
	assert_string_equal(o2.type_filter, "swr-pro");
	cli_opts_free(&o1);
	cli_opts_free(&o2);
}

static void test_value_after_equals_may_contain_equals(void **state)
{
	(void)state;
	char *argv[] = {"swrtui", "list", "--name=a=b"};
	cli_opts o;
	parse_ok(ARGC(argv), argv, &o);
	assert_string_equal(o.name_filter, "a=b");
	cli_opts_free(&o);
}

static void test_list_options_are_recorded(void **state)
{
	(void)state;
	char *argv[] = {"swrtui", "list", "--order-by", "name", "--order=desc", "--profile", "work"};
	cli_opts o;
	parse_ok(ARGC(argv), argv, &o);
	assert_string_equal(o.command, "list");
	assert_string_equal(o.order_by, "name");
	assert_string_equal(o.order, "desc");
	assert_string_equal(o.profile, "work");
	cli_opts_free(&o);
}

static void test_replicate_wait_is_recorded(void **state)
{
	(void)state;
	char *argv[] = {"swrtui", "replicate", "3", "--wait", "--timeout", "5"};
	cli_opts o;
	parse_ok(ARGC(argv), argv, &o);
	assert_string_equal(o.command, "replicate");
	assert_int_equal(o.nargs, 1);
	assert_string_equal(o.args[0], "3");
	assert_true(o.wait);
	cli_opts_free(&o);
}

static void test_double_dash_ends_options(void **state)
{
	(void)state;
	char *argv[] = {"swrtui", "apply", "--", "7", "--json"};
	cli_opts o;
	parse_ok(ARGC(argv), argv, &o);
	assert_string_equal(o.command, "apply");
	assert_int_equal(o.nargs, 2);
	assert_string_equal(o.args[0], "7");
	assert_string_equal(o.args[1], "--json");
	assert_false(o.json);
	cli_opts_free(&o);
}

static void test_double_dash_makes_dash_h_and_dash_an_argument(void **state)
{
	(void)state;
	char *argv[] = {"swrtui", "create", "--", "-"};
	cli_opts o;
	parse_ok(ARGC(argv), argv, &o);
	assert_string_equal(o.command, "create");
	assert_int_equal(o.nargs, 1);
	assert_string_equal(o.args[0], "-");
	cli_opts_free(&o);

	char *argv2[] = {"swrtui", "show", "--", "-h"};
	parse_ok(ARGC(argv2), argv2, &o);
	assert_false(o.help);
	assert_int_equal(o.nargs, 1);
	assert_string_equal(o.args[0], "-h");
	cli_opts_free(&o);
}

static void test_second_double_dash_is_an_argument(void **state)
{
	(void)state;
	char *argv[] = {"swrtui", "create", "--", "--"};
	cli_opts o;
	parse_ok(ARGC(argv), argv, &o);
	assert_int_equal(o.nargs, 1);
	assert_string_equal(o.args[0], "--");
	cli_opts_free(&o);
}

static void test_single_dash_is_a_file_argument(void **state)
{
	(void)state;
	char *argv[] = {"swrtui", "apply", "12", "-", "--dry-run"};
	cli_opts o;
	parse_ok(ARGC(argv), argv, &o);
	assert_string_equal(o.command, "apply");
	assert_int_equal(o.nargs, 2);
	assert_string_equal(o.args[0], "12");
	assert_string_equal(o.args[1], "-");
	assert_true(o.dry_run);
	cli_opts_free(&o);
}

/* ---- usage errors ---- */

static void test_missing_value_at_the_end_is_a_usage_error(void **state)
{
	(void)state;
	char *argv[] = {"swrtui", "list", "--endpoint"};
	parse_fails(ARGC(argv), argv, "--endpoint needs a value");
}

static void test_empty_value_is_a_usage_error(void **state)
{
	(void)state;
	char *a1[] = {"swrtui", "list", "--endpoint="};
	parse_fails(ARGC(a1), a1, "--endpoint needs a non-empty value");
	char *a2[] = {"swrtui", "list", "--project-id", ""};
	parse_fails(ARGC(a2), a2, "--project-id needs a non-empty value");
	char *a3[] = {"swrtui", "list", "--name="};
	parse_fails(ARGC(a3), a3, "--name needs a non-empty value");
}

static void test_token_option_is_refused_and_names_swrtui_token(void **state)
{
	(void)state;
	char *argv[] = {"swrtui", "list", "--token", "abc"};
	parse_fails(ARGC(argv), argv, "SWRTUI_TOKEN");
	assert_contains(err, "--token");
	assert_contains(err, "not accepted");
}

static void test_token_with_equals_is_refused_without_echoing_the_secret(void **state)
{
	(void)state;
	char *argv[] = {"swrtui", "list", "--token=s3cr3tvalue"};
	parse_fails(ARGC(argv), argv, "SWRTUI_TOKEN");
	if (strstr(err, "s3"))
		fail_msg("the error message repeats part of the secret: \"%s\"", err);
	char *argv2[] = {"swrtui", "--sk=abcdefgh", "list"};
	parse_fails(ARGC(argv2), argv2, "SWRTUI_TOKEN");
	assert_contains(err, "--sk ");
	if (strstr(err, "abc"))
		fail_msg("the error message repeats part of the secret: \"%s\"", err);
}

static void test_password_sk_and_secret_options_are_refused(void **state)
{
	(void)state;
	char *a1[] = {"swrtui", "--password", "pw", "list"};
	parse_fails(ARGC(a1), a1, "SWRTUI_TOKEN");
	assert_contains(err, "--password");
	char *a2[] = {"swrtui", "list", "--sk", "k"};
	parse_fails(ARGC(a2), a2, "SWRTUI_TOKEN");
	assert_contains(err, "--sk");
	char *a3[] = {"swrtui", "list", "--secret=x"};
	parse_fails(ARGC(a3), a3, "SWRTUI_TOKEN");
	assert_contains(err, "--secret");
	/* refused even without a value */
	char *a4[] = {"swrtui", "--token"};
	parse_fails(ARGC(a4), a4, "SWRTUI_TOKEN");
}

static void test_token_file_option_is_accepted(void **state)
{
	(void)state;
	char *argv[] = {"swrtui", "list", "--token-file", "/run/user/1000/swr-token"};
	cli_opts o;
	parse_ok(ARGC(argv), argv, &o);
	const setting *t = &o.settings.v[SETTING_TOKEN_FILE];
	assert_string_equal(t->value, "/run/user/1000/swr-token");
	assert_int_equal(t->source, SETTING_FLAG);
	assert_string_equal(t->origin, "--token-file");
	cli_opts_free(&o);

	char *argv2[] = {"swrtui", "list", "--token-file=/tmp/t"};
	parse_ok(ARGC(argv2), argv2, &o);
	assert_string_equal(o.settings.v[SETTING_TOKEN_FILE].value, "/tmp/t");
	cli_opts_free(&o);
}

static void test_unknown_long_option_is_a_usage_error(void **state)
{
	(void)state;
	char *a1[] = {"swrtui", "list", "--bogus"};
	parse_fails(ARGC(a1), a1, "unknown option \"--bogus\"");
	/* no prefix matching: --end is not --endpoint */
	char *a2[] = {"swrtui", "list", "--end=x"};
	parse_fails(ARGC(a2), a2, "unknown option \"--end\" (see --help)"); /* the name, never its value */
	/* near-names of the refused secrets are just unknown */
	char *a3[] = {"swrtui", "list", "--tokens"};
	parse_fails(ARGC(a3), a3, "unknown option");
}

static void test_unknown_short_option_is_a_usage_error(void **state)
{
	(void)state;
	char *a1[] = {"swrtui", "-x", "list"};
	parse_fails(ARGC(a1), a1, "unknown option \"-x\"");
	char *a2[] = {"swrtui", "show", "-5"};
	parse_fails(ARGC(a2), a2, "unknown option \"-5\"");
}

static void test_unknown_command_is_a_usage_error(void **state)
{
	(void)state;
	char *a1[] = {"swrtui", "frobnicate"};
	parse_fails(ARGC(a1), a1, "unknown command \"frobnicate\"");
	char *a2[] = {"swrtui", "LIST"};
	parse_fails(ARGC(a2), a2, "unknown command \"LIST\"");
	/* a lone "-" cannot be the command */
	char *a3[] = {"swrtui", "-"};
	parse_fails(ARGC(a3), a3, "unknown command");
}

static void test_bool_option_with_a_value_is_a_usage_error(void **state)
{
	(void)state;
	char *a1[] = {"swrtui", "list", "--json=yes"};
	parse_fails(ARGC(a1), a1, "--json takes no value");
	char *a2[] = {"swrtui", "delete", "3", "--yes=1"};
	parse_fails(ARGC(a2), a2, "--yes takes no value");
	char *a3[] = {"swrtui", "--dry-run=", "delete", "3"};
	parse_fails(ARGC(a3), a3, "--dry-run takes no value");
}

static void test_too_many_arguments_is_a_usage_error(void **state)
{
	(void)state;
	/* CLI_MAX_ARGS arguments are kept; one more is one too many */
	static char words[CLI_MAX_ARGS + 1][8];
	char *argv[CLI_MAX_ARGS + 3] = {"swrtui", "rotate"};
	for (int i = 0; i <= CLI_MAX_ARGS; i++) {
		snprintf(words[i], sizeof words[i], "%d", i + 1);
		argv[i + 2] = words[i];
	}
	cli_opts o;
	parse_ok(CLI_MAX_ARGS + 2, argv, &o);
	assert_int_equal(o.nargs, CLI_MAX_ARGS);
	cli_opts_free(&o);
	char want[64];
	snprintf(want, sizeof want, "too many arguments at \"%d\"", CLI_MAX_ARGS + 1);
	parse_fails(CLI_MAX_ARGS + 3, argv, want);
}

/* ---- help and version ---- */

static void test_dash_h_and_help_ask_for_help(void **state)
{
	(void)state;
	char *a1[] = {"swrtui", "-h"};
	cli_opts o;
	parse_ok(ARGC(a1), a1, &o);
	assert_true(o.help);
	assert_false(o.version);
	cli_opts_free(&o);
	char *a2[] = {"swrtui", "list", "--help"};
	parse_ok(ARGC(a2), a2, &o);
	assert_true(o.help);
	assert_string_equal(o.command, "list");
	cli_opts_free(&o);
}

static void test_dash_v_and_version_ask_for_the_version(void **state)
{
	(void)state;
	char *a1[] = {"swrtui", "-V"};
	cli_opts o;
	parse_ok(ARGC(a1), a1, &o);
	assert_true(o.version);
	assert_false(o.help);
	cli_opts_free(&o);
	char *a2[] = {"swrtui", "--version"};
	parse_ok(ARGC(a2), a2, &o);
	assert_true(o.version);
	cli_opts_free(&o);
}

static void test_help_is_given_even_with_an_unknown_command(void **state)
{
	(void)state;
	char *argv[] = {"swrtui", "frobnicate", "-h"};
	cli_opts o;
	parse_ok(ARGC(argv), argv, &o);
	assert_true(o.help);
	cli_opts_free(&o);
}

/* ---- settings from flags ---- */

static void test_flag_settings_are_recorded_with_source_flag_and_origin(void **state)
{
	(void)state;
	char *argv[] = {"swrtui", "--endpoint=https://e.example.com", "--region", "cn-north-4", "--project-id", "p",
	                "--instance-id", "i", "--cacert", "/etc/ca.pem", "--timeout", "12", "list"};
	cli_opts o;
	parse_ok(ARGC(argv), argv, &o);
	static const struct {
		setting_key key;
		const char *value, *origin;
	} want[] = {
		{SETTING_ENDPOINT, "https://e.example.com", "--endpoint"},
		{SETTING_REGION, "cn-north-4", "--region"},
		{SETTING_PROJECT_ID, "p", "--project-id"},
		{SETTING_INSTANCE_ID, "i", "--instance-id"},
		{SETTING_CACERT, "/etc/ca.pem", "--cacert"},
		{SETTING_TIMEOUT, "12", "--timeout"},
	};
	for (size_t k = 0; k < sizeof want / sizeof want[0]; k++) {
		const setting *s = &o.settings.v[want[k].key];
		assert_string_equal(s->value, want[k].value);
		assert_int_equal(s->source, SETTING_FLAG);
		assert_string_equal(s->origin, want[k].origin);
		assert_string_equal(s->origin, settings_key_flag(want[k].key));
	}
	assert_int_equal(o.settings.v[SETTING_TOKEN_FILE].source, SETTING_UNSET);
	assert_null(o.settings.v[SETTING_TOKEN_FILE].value);
	cli_opts_free(&o);
}

static void test_repeated_flag_keeps_the_last_value(void **state)
{
	(void)state;
	char *argv[] = {"swrtui", "--region", "cn-north-1", "list", "--region=cn-north-4"};
	cli_opts o;
	parse_ok(ARGC(argv), argv, &o);
	assert_string_equal(o.settings.v[SETTING_REGION].value, "cn-north-4");
	cli_opts_free(&o);
}

static void test_value_option_takes_the_next_word_even_if_it_starts_with_dashes(void **state)
{
	(void)state;
	char *argv[] = {"swrtui", "list", "--name", "--json"};
	cli_opts o;
	parse_ok(ARGC(argv), argv, &o);
	assert_string_equal(o.name_filter, "--json");
	assert_false(o.json);
	cli_opts_free(&o);
}

/* ---- cli_is_plain_command ---- */

static void test_plain_commands_are_list_show_apply_create_delete(void **state)
{
	(void)state;
	assert_true(cli_is_plain_command("list"));
	assert_true(cli_is_plain_command("show"));
	assert_true(cli_is_plain_command("apply"));
	assert_true(cli_is_plain_command("create"));
	assert_true(cli_is_plain_command("delete"));
}

static void test_other_words_are_not_plain_commands(void **state)
{
	(void)state;
	assert_false(cli_is_plain_command(NULL));
	assert_false(cli_is_plain_command(""));
	assert_false(cli_is_plain_command("edit"));
	assert_false(cli_is_plain_command("List"));
	assert_false(cli_is_plain_command("lis"));
	assert_false(cli_is_plain_command("lists"));
	assert_false(cli_is_plain_command("-"));
}

/* ---- the command table ---- */

static void test_every_command_of_the_table_resolves_to_itself_once(void **state)
{
	(void)state;
	size_t n = 0;
	for (const cli_command *c = cli_commands; c->name; c++, n++) {
		if (cli_command_find(c->name) != c)
			fail_msg("expected \"%s\" to resolve to its own entry (a duplicate name?)", c->name);
		assert_true(cli_is_command(c->name));
		assert_int_equal(cli_is_plain_command(c->name), c->run != NULL);
		assert_non_null(c->synopsis);
		if (strncmp(c->synopsis, c->name, strlen(c->name)) != 0)
			fail_msg("expected the synopsis of %s to start with its name, got \"%s\"", c->name, c->synopsis);
		for (const cli_command *d = c + 1; d->name; d++)
			if (strcmp(c->name, d->name) == 0)
				fail_msg("command \"%s\" is twice in the table", c->name);
	}
	assert_int_equal(n, 17);
	assert_null(cli_command_find("lists"));
	assert_null(cli_command_find(NULL));
	assert_false(cli_is_command("List"));
}

static void test_the_plain_commands_are_those_with_a_handler(void **state)
{
	(void)state;
	const char *plain[] = {"list",  "show",   "apply",    "create",   "delete",
	                       "check", "probe", "decode", "policies", "replicate",
	                       "rotate", "export", "import"};
	for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++)
		if (!cli_is_plain_command(plain[i]))
			fail_msg("expected %s to be a plain command", plain[i]);
	assert_true(cli_is_command("edit"));
	assert_true(cli_is_command("new"));
	assert_false(cli_is_plain_command("new"));
	assert_string_equal(cli_command_synopsis("edit"), "edit ID");
	assert_string_equal(cli_command_synopsis("decode"), "decode MESSAGE|-");
	assert_null(cli_command_synopsis("nope"));
}

static void test_only_probe_decode_and_login_run_without_the_swr_service(void **state)
{
	(void)state;
	for (const cli_command *c = cli_commands; c->name; c++) {
		bool standalone = strcmp(c->name, "probe") == 0 || strcmp(c->name, "decode") == 0 ||
		                  strcmp(c->name, "login") == 0; /* login sets up its own client */
		if (standalone == ((c->flags & (CLI_NEEDS_SERVICE | CLI_NEEDS_PROJECT)) != 0))
			fail_msg("expected %s %sto need the SWR service", c->name, standalone ? "not " : "");
	}
}

/* Every run of blanks and line breaks in s becomes one space. */
static void squeeze_blanks(char *s)
{
	char *w = s;
	for (const char *r = s; *r; r++) {
		if ((*r == ' ' || *r == '\n') && w > s && w[-1] == ' ')
			continue;
		*w++ = *r == '\n' ? ' ' : *r;
	}
	*w = '\0';
}

static void test_help_has_one_usage_line_per_command_with_its_synopsis(void **state)
{
	(void)state;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	assert_non_null(f);
	cli_usage(f);
	fclose(f);
	squeeze_blanks(text); /* the words; the wrapping is test_text's and test_docs's */
	for (const cli_command *c = cli_commands; c->name; c++) {
		char line[256];
		snprintf(line, sizeof line, " swrtui [options] %s", c->synopsis);
		assert_contains(text, line);
		if (c->summary)
			assert_contains(strstr(text, line), c->summary);
	}
	free(text);
}

static void test_a_wrong_number_of_arguments_prints_the_synopsis_of_the_table(void **state)
{
	(void)state;
	char *argv[] = {"swrtui", "show", "1", "2"};
	cli_opts o;
	parse_ok(ARGC(argv), argv, &o);
	char *text = NULL;
	size_t len = 0;
	FILE *e = open_memstream(&text, &len);
	FILE *out = fopen("/dev/null", "w");
	assert_non_null(e);
	assert_non_null(out);
	assert_int_equal(cli_run(&o, out, e), CLI_EXIT_USAGE);
	fclose(e);
	fclose(out);
	assert_string_equal(text, "swrtui: usage: swrtui [options] show ID [--json]\n");
	free(text);
	cli_opts_free(&o);
}

/* Found by fuzz_response: the reason phrase of a refusal reached stderr with its escape sequences
 * (regressions/fuzz_response/escapes-in-reason-request-id-header-name). */
static void test_a_refusal_prints_the_reason_phrase_with_control_characters_escaped(void **state)
{
	(void)state;
	char *text = NULL;
	size_t len = 0;
	cli_ctx x;
	memset(&x, 0, sizeof x);
	x.errf = open_memstream(&text, &len);
	assert_non_null(x.errf);
	api_result res;
	memset(&res, 0, sizeof res);
	res.status = 403;
	res.reason = strdup("Forbidden\x1b[2J\x1b]0;pwned\x07");
	res.request_id = strdup("req\x1b[31m");
	assert_int_equal(cli_report_failure(&x, &res), CLI_EXIT_REFUSED);
	fclose(x.errf);
	assert_non_null(text);
	for (const char *p = text; *p; p++)
		if ((unsigned char)*p < 0x20 && *p != '\n')
			fail_msg("control byte 0x%02x in the report:\n%s", (unsigned char)*p, text);
	assert_non_null(strstr(text, "HTTP 403 Forbidden\\x1b[2J\\x1b]0;pwned\\x07\n"));
	free(text);
	api_result_free(&res);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_arguments_opens_the_terminal_ui),
		cmocka_unit_test(test_options_before_the_command),
		cmocka_unit_test(test_options_after_the_command_and_between_arguments),
		cmocka_unit_test(test_equals_and_separate_value_forms_are_the_same),
		cmocka_unit_test(test_value_after_equals_may_contain_equals),
		cmocka_unit_test(test_list_options_are_recorded),
		cmocka_unit_test(test_replicate_wait_is_recorded),
		cmocka_unit_test(test_double_dash_ends_options),
		cmocka_unit_test(test_double_dash_makes_dash_h_and_dash_an_argument),
		cmocka_unit_test(test_second_double_dash_is_an_argument),
		cmocka_unit_test(test_single_dash_is_a_file_argument),
		cmocka_unit_test(test_missing_value_at_the_end_is_a_usage_error),
		cmocka_unit_test(test_empty_value_is_a_usage_error),
		cmocka_unit_test(test_token_option_is_refused_and_names_swrtui_token),
		cmocka_unit_test(test_token_with_equals_is_refused_without_echoing_the_secret),
		cmocka_unit_test(test_password_sk_and_secret_options_are_refused),
		cmocka_unit_test(test_token_file_option_is_accepted),
		cmocka_unit_test(test_unknown_long_option_is_a_usage_error),
		cmocka_unit_test(test_unknown_short_option_is_a_usage_error),
		cmocka_unit_test(test_unknown_command_is_a_usage_error),
		cmocka_unit_test(test_bool_option_with_a_value_is_a_usage_error),
		cmocka_unit_test(test_too_many_arguments_is_a_usage_error),
		cmocka_unit_test(test_dash_h_and_help_ask_for_help),
		cmocka_unit_test(test_dash_v_and_version_ask_for_the_version),
		cmocka_unit_test(test_help_is_given_even_with_an_unknown_command),
		cmocka_unit_test(test_flag_settings_are_recorded_with_source_flag_and_origin),
		cmocka_unit_test(test_repeated_flag_keeps_the_last_value),
		cmocka_unit_test(test_value_option_takes_the_next_word_even_if_it_starts_with_dashes),
		cmocka_unit_test(test_plain_commands_are_list_show_apply_create_delete),
		cmocka_unit_test(test_other_words_are_not_plain_commands),
		cmocka_unit_test(test_a_refusal_prints_the_reason_phrase_with_control_characters_escaped),
		cmocka_unit_test(test_every_command_of_the_table_resolves_to_itself_once),
		cmocka_unit_test(test_the_plain_commands_are_those_with_a_handler),
		cmocka_unit_test(test_only_probe_decode_and_login_run_without_the_swr_service),
		cmocka_unit_test(test_help_has_one_usage_line_per_command_with_its_synopsis),
		cmocka_unit_test(test_a_wrong_number_of_arguments_prints_the_synopsis_of_the_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
