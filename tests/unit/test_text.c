/* test_text.c — unit tests of text.c: printable copies of untrusted text (UTF-8 kept, invalid bytes as
 * U+FFFD, control characters escaped, bidi and invisible characters shown as ‹U+202E›, truncation by
 * characters), JSON made safe for a terminal, and the strict UTF-8 decoder. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "swrtui/base/text.h"

#define REPLACEMENT "\xef\xbf\xbd" /* U+FFFD */
#define ELLIPSIS "\xe2\x80\xa6"    /* U+2026 */

/* text_printable over the whole of a string literal (embedded NULs included). */
#define PRINTABLE(lit, max, keep) text_printable((lit), sizeof(lit) - 1, (max), (keep))

static void expect_printable(char *got, const char *expected)
{
	assert_non_null(got);
	assert_string_equal(got, expected);
	free(got);
}

/* ---- text_printable ---- */

static void test_printable_keeps_plain_ascii(void **state)
{
	(void)state;
	expect_printable(PRINTABLE("hello, world ~!", 0, 0), "hello, world ~!");
}

static void test_printable_keeps_valid_utf8_cjk_and_emoji(void **state)
{
	(void)state;
	/* "镜像仓库" (CJK), "é", U+1F600 (4 bytes), U+00A0 (no-break space, not a C1 control) */
	const char *s = "\xe9\x95\x9c\xe5\x83\x8f\xe4\xbb\x93\xe5\xba\x93 caf\xc3\xa9 \xf0\x9f\x98\x80 \xc2\xa0!";
	expect_printable(text_printable(s, strlen(s), 0, 0), s);
}

static void test_printable_replaces_each_invalid_byte_with_fffd(void **state)
{
	(void)state;
	expect_printable(PRINTABLE("a\xff" "b", 0, 0), "a" REPLACEMENT "b");
	/* a lone continuation byte */
	expect_printable(PRINTABLE("\x80" "x", 0, 0), REPLACEMENT "x");
	/* an overlong "/" (C0 AF): two invalid bytes */
	expect_printable(PRINTABLE("\xc0\xaf", 0, 0), REPLACEMENT REPLACEMENT);
	/* an encoded surrogate (ED A0 80): three invalid bytes */
	expect_printable(PRINTABLE("\xed\xa0\x80", 0, 0), REPLACEMENT REPLACEMENT REPLACEMENT);
	/* a truncated 3-byte sequence at the end: each of its bytes is invalid on its own */
	expect_printable(PRINTABLE("ok\xe9\x95", 0, 0), "ok" REPLACEMENT REPLACEMENT);
}

static void test_printable_escapes_escape_bell_and_del(void **state)
{
	(void)state;
	expect_printable(PRINTABLE("\x1b[31mred\x1b[0m", 0, 0), "\\x1b[31mred\\x1b[0m");
	expect_printable(PRINTABLE("ding\x07", 0, 0), "ding\\x07");
	expect_printable(PRINTABLE("a\x7f" "b", 0, 0), "a\\x7fb");
	expect_printable(PRINTABLE("\x01\x1f", 0, 0), "\\x01\\x1f");
}

static void test_printable_escapes_c1_controls(void **state)
{
	(void)state;
	/* U+0085 (NEL), U+009B (CSI) and U+0080 encoded in UTF-8 */
	expect_printable(PRINTABLE("\xc2\x85" "a\xc2\x9b" "2J\xc2\x80", 0, 0), "\\x85a\\x9b2J\\x80");
	/* U+009F is the last C1 control, U+00A0 is printable */
	expect_printable(PRINTABLE("\xc2\x9f\xc2\xa0", 0, 0), "\\x9f\xc2\xa0");
}

static void test_printable_raw_c1_byte_is_invalid_utf8(void **state)
{
	(void)state;
	/* a bare 0x9B byte is not UTF-8 (it would be a CSI on an 8-bit terminal) */
	expect_printable(PRINTABLE("\x9b" "2J", 0, 0), REPLACEMENT "2J");
}

static void test_printable_escapes_nul_inside_len(void **state)
{
	(void)state;
	expect_printable(PRINTABLE("a\0b", 0, 0), "a\\x00b");
}

static void test_printable_escapes_newline_and_tab_without_keep_newlines(void **state)
{
	(void)state;
	expect_printable(PRINTABLE("a\nb\tc\rd", 0, 0), "a\\x0ab\\x09c\\x0dd");
}

static void test_printable_keep_newlines_keeps_newline_and_turns_tab_into_space(void **state)
{
	(void)state;
	/* carriage return stays escaped: it could overwrite the line on a terminal */
	expect_printable(PRINTABLE("line 1\nline\t2\r\n\x1b", 0, 1), "line 1\nline 2\\x0d\n\\x1b");
}

static void test_printable_truncates_after_max_chars_with_ellipsis(void **state)
{
	(void)state;
	expect_printable(PRINTABLE("abcdef", 3, 0), "abc" ELLIPSIS);
	expect_printable(PRINTABLE("abcdef", 1, 0), "a" ELLIPSIS);
}

static void test_printable_no_ellipsis_when_exactly_max_chars(void **state)
{
	(void)state;
	expect_printable(PRINTABLE("abc", 3, 0), "abc");
	expect_printable(PRINTABLE("ab", 3, 0), "ab");
}

static void test_printable_max_chars_counts_characters_not_bytes(void **state)
{
	(void)state;
	/* four 3-byte characters, limit 2: two characters (6 bytes) kept */
	expect_printable(PRINTABLE("\xe9\x95\x9c\xe5\x83\x8f\xe4\xbb\x93\xe5\xba\x93", 2, 0),
	                 "\xe9\x95\x9c\xe5\x83\x8f" ELLIPSIS);
	/* four-byte emoji count as one character each */
	expect_printable(PRINTABLE("\xf0\x9f\x98\x80\xf0\x9f\x98\x81\xf0\x9f\x98\x82", 2, 0),
	                 "\xf0\x9f\x98\x80\xf0\x9f\x98\x81" ELLIPSIS);
	/* three CJK characters with a limit of 3: all kept, no ellipsis */
	expect_printable(PRINTABLE("\xe9\x95\x9c\xe5\x83\x8f\xe4\xbb\x93", 3, 0), "\xe9\x95\x9c\xe5\x83\x8f\xe4\xbb\x93");
}

static void test_printable_max_chars_counts_an_escape_as_one_character(void **state)
{
	(void)state;
	expect_printable(PRINTABLE("\x1b" "abc", 2, 0), "\\x1ba" ELLIPSIS);
	expect_printable(PRINTABLE("\xff\xff\xff", 2, 0), REPLACEMENT REPLACEMENT ELLIPSIS);
}

static void test_printable_null_input_gives_empty_string(void **state)
{
	(void)state;
	expect_printable(text_printable(NULL, 0, 0, 0), "");
	expect_printable(text_printable(NULL, 42, 5, 1), "");
	expect_printable(text_printable("", 0, 0, 0), "");
}

static void test_printable_reads_only_len_bytes(void **state)
{
	(void)state;
	expect_printable(text_printable("abcdef", 2, 0, 0), "ab");
	/* a cut in the middle of a character leaves invalid bytes, never a read past len */
	expect_printable(text_printable("\xe9\x95\x9c", 2, 0, 0), REPLACEMENT REPLACEMENT);
}

static void test_printable_output_never_holds_control_bytes(void **state)
{
	(void)state;
	unsigned char all[256];
	for (int i = 0; i < 256; i++)
		all[i] = (unsigned char)i;
	char *out = text_printable((const char *)all, sizeof all, 0, 0);
	assert_non_null(out);
	for (const unsigned char *p = (const unsigned char *)out; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			fail_msg("control byte 0x%02x in the printable output", *p);
	free(out);
}

/* ---- text_utf8_decode ---- */

static size_t decode(const char *s, size_t n, unsigned *cp)
{
	return text_utf8_decode((const unsigned char *)s, n, cp);
}

static void expect_decodes(const char *s, size_t n, size_t expected_len, unsigned expected_cp)
{
	unsigned cp = 0xdeadu;
	size_t len = decode(s, n, &cp);
	if (len != expected_len)
		fail_msg("expected a %zu-byte sequence, got %zu", expected_len, len);
	if (cp != expected_cp)
		fail_msg("expected U+%04X, got U+%04X", expected_cp, cp);
}

static void expect_refused(const char *s, size_t n)
{
	unsigned cp = 0;
	size_t len = decode(s, n, &cp);
	if (len != 0)
		fail_msg("expected the sequence to be refused, got length %zu (U+%04X)", len, cp);
}

static void test_utf8_decode_valid_sequences_of_each_length(void **state)
{
	(void)state;
	expect_decodes("A", 1, 1, 0x41);
	expect_decodes("\x7f", 1, 1, 0x7f);
	expect_decodes("\xc2\x80", 2, 2, 0x80);
	expect_decodes("\xc3\xa9", 2, 2, 0xe9);
	expect_decodes("\xdf\xbf", 2, 2, 0x7ff);
	expect_decodes("\xe0\xa0\x80", 3, 3, 0x800);
	expect_decodes("\xe2\x82\xac", 3, 3, 0x20ac);
	expect_decodes("\xe9\x95\x9c", 3, 3, 0x955c);
	expect_decodes("\xef\xbf\xbf", 3, 3, 0xffff);
	expect_decodes("\xf0\x90\x80\x80", 4, 4, 0x10000);
	expect_decodes("\xf0\x9f\x98\x80", 4, 4, 0x1f600);
	expect_decodes("\xf4\x8f\xbf\xbf", 4, 4, 0x10ffff);
}

static void test_utf8_decode_stops_at_the_end_of_the_first_character(void **state)
{
	(void)state;
	expect_decodes("\xc3\xa9xyz", 5, 2, 0xe9);
	expect_decodes("a\xff", 2, 1, 'a');
}

static void test_utf8_decode_refuses_overlong_forms(void **state)
{
	(void)state;
	expect_refused("\xc0\x80", 2);         /* NUL in two bytes */
	expect_refused("\xc0\xaf", 2);         /* "/" */
	expect_refused("\xc1\xbf", 2);         /* U+007F */
	expect_refused("\xe0\x80\x80", 3);     /* NUL in three bytes */
	expect_refused("\xe0\x9f\xbf", 3);     /* U+07FF */
	expect_refused("\xf0\x80\x80\x80", 4); /* NUL in four bytes */
	expect_refused("\xf0\x8f\xbf\xbf", 4); /* U+FFFF */
}

static void test_utf8_decode_refuses_surrogates(void **state)
{
	(void)state;
	expect_refused("\xed\xa0\x80", 3); /* U+D800 */
	expect_refused("\xed\xaf\xbf", 3); /* U+DBFF */
	expect_refused("\xed\xb0\x80", 3); /* U+DC00 */
	expect_refused("\xed\xbf\xbf", 3); /* U+DFFF */
	/* the neighbours are fine */
	expect_decodes("\xed\x9f\xbf", 3, 3, 0xd7ff);
	expect_decodes("\xee\x80\x80", 3, 3, 0xe000);
}

static void test_utf8_decode_refuses_code_points_above_10ffff(void **state)
{
	(void)state;
	expect_refused("\xf4\x90\x80\x80", 4); /* U+110000 */
	expect_refused("\xf5\x80\x80\x80", 4);
	expect_refused("\xf7\xbf\xbf\xbf", 4);
	expect_refused("\xf8\x88\x80\x80\x80", 5); /* old five-byte form */
	expect_refused("\xfc\x84\x80\x80\x80\x80", 6);
	expect_refused("\xfe", 1);
	expect_refused("\xff", 1);
}

static void test_utf8_decode_refuses_truncated_sequences(void **state)
{
	(void)state;
	expect_refused("\xc3", 1);
	expect_refused("\xe2\x82", 2);
	expect_refused("\xf0\x9f\x98", 3);
	/* n is the limit even when more bytes follow in memory */
	expect_refused("\xe2\x82\xac", 2);
	expect_refused("\xf0\x9f\x98\x80", 3);
	expect_refused("A", 0);
}

static void test_utf8_decode_refuses_bad_continuation_bytes(void **state)
{
	(void)state;
	expect_refused("\x80", 1);             /* continuation without a lead */
	expect_refused("\xbf", 1);
	expect_refused("\xc3\x28", 2);         /* ASCII where a continuation belongs */
	expect_refused("\xe2\x28\xa1", 3);
	expect_refused("\xe2\x82\x28", 3);
	expect_refused("\xf0\x9f\xc3\xa9", 4); /* a new lead byte inside */
}

/* ---- bidi and invisible characters, shown ---- */

static void test_printable_shows_bidi_overrides_and_isolates_visibly(void **state)
{
	(void)state;
	/* U+202E RIGHT-TO-LEFT OVERRIDE, U+2066 LEFT-TO-RIGHT ISOLATE, U+2069 POP DIRECTIONAL ISOLATE */
	expect_printable(PRINTABLE("prod\xe2\x80\xae" "abc\xe2\x81\xa6x\xe2\x81\xa9", 0, 0),
	                 "prod\xe2\x80\xb9U+202E\xe2\x80\xba"
	                 "abc\xe2\x80\xb9U+2066\xe2\x80\xbax\xe2\x80\xb9U+2069\xe2\x80\xba");
	for (unsigned cp = 0x202a; cp <= 0x202e; cp++) {
		char in[4] = {(char)0xe2, (char)0x80, (char)(0x80 | (cp & 0x3f)), 0}, want[32];
		snprintf(want, sizeof want, "\xe2\x80\xb9U+%04X\xe2\x80\xba", cp);
		expect_printable(text_printable(in, 3, 0, 0), want);
	}
}

static void test_printable_shows_zero_width_characters_visibly(void **state)
{
	(void)state;
	/* U+200B ZERO WIDTH SPACE, U+200D ZERO WIDTH JOINER, U+FEFF, U+2060 WORD JOINER */
	expect_printable(PRINTABLE("a\xe2\x80\x8b" "b\xe2\x80\x8d" "c\xef\xbb\xbf" "d\xe2\x81\xa0", 0, 0),
	                 "a\xe2\x80\xb9U+200B\xe2\x80\xba" "b\xe2\x80\xb9U+200D\xe2\x80\xba"
	                 "c\xe2\x80\xb9U+FEFF\xe2\x80\xba" "d\xe2\x80\xb9U+2060\xe2\x80\xba");
	assert_true(text_cp_is_invisible(0x200b));
	assert_false(text_cp_is_invisible(0x2026)); /* the ellipsis is visible */
	assert_false(text_cp_is_invisible('a'));
}

static void test_printable_of_its_own_output_is_the_same(void **state)
{
	(void)state;
	char *once = PRINTABLE("x\x1b]0;t\x07\xe2\x80\xae\xc2\x9b", 0, 0);
	assert_non_null(once);
	expect_printable(text_printable(once, strlen(once), 0, 0), once);
	free(once);
}

/* ---- text_json_safe ---- */

static void test_json_safe_escapes_del_and_c1_controls(void **state)
{
	(void)state;
	expect_printable(text_json_safe("{\"name\": \"a\x7f" "b\xc2\x80" "c\xc2\x85" "d\xc2\x9f" "e\"}"),
	                 "{\"name\": \"a\\u007fb\\u0080c\\u0085d\\u009fe\"}");
}

static void test_json_safe_escapes_bidi_and_invisible_characters(void **state)
{
	(void)state;
	expect_printable(text_json_safe("\"\xe2\x80\xae\xe2\x81\xa6\xe2\x80\x8b\xf3\xa0\x80\x81\""),
	                 "\"\\u202e\\u2066\\u200b\\udb40\\udc01\"");
}

static void test_json_safe_keeps_other_text_and_replaces_invalid_bytes(void **state)
{
	(void)state;
	const char *ok = "{\n\t\"n\": \"caf\xc3\xa9 \xe9\x95\x9c \xf0\x9f\x98\x80 \\u0001 \xc2\xa0\"\n}";
	expect_printable(text_json_safe(ok), ok);
	expect_printable(text_json_safe("\"a\xff" "b\xc2\""), "\"a\\ufffdb\\ufffd\"");
	expect_printable(text_json_safe(NULL), "");
}

/* A two-column line goes on under its description, its continuation lines joined and reflowed. */
static void test_wrap_hangs_an_option_under_its_description(void **state)
{
	(void)state;
	const char *in = "  --timeout SECONDS    total time allowed for one request, its retries included,\n"
	                 "                       default 30 (env SWRTUI_TIMEOUT)\n"
	                 "  --json               print JSON\n";
	char *out = text_wrap_hanging(in, 50);
	assert_string_equal(out, "  --timeout SECONDS    total time allowed for one\n"
	                         "                       request, its retries\n"
	                         "                       included, default 30 (env\n"
	                         "                       SWRTUI_TIMEOUT)\n"
	                         "  --json               print JSON\n");
	free(out);
	out = text_wrap_hanging(in, 100); /* wider: the continuation is joined up */
	assert_string_equal(out, "  --timeout SECONDS    total time allowed for one request, its retries included, default 30 (env\n"
	                         "                       SWRTUI_TIMEOUT)\n"
	                         "  --json               print JSON\n");
	free(out);
}

/* Prose is reflowed as one paragraph; blank lines, and lines that fit with nothing under them, stay. */
static void test_wrap_reflows_prose_and_keeps_blank_lines_and_short_lines(void **state)
{
	(void)state;
	const char *in = "Exit status: 0 done; 1 refused;\n2 usage error.\n\nKeys:\n  list  Up/Down move\n";
	char *out = text_wrap_hanging(in, 20);
	assert_string_equal(out, "Exit status: 0 done;\n1 refused; 2 usage\nerror.\n\nKeys:\n  list  Up/Down move\n");
	free(out);
}

/* A line without a second column goes on 4 columns in; a hanging column too far right for the width
 * does too; a word longer than the line stands alone. */
static void test_wrap_indents_lines_without_a_column_and_never_loses_a_word(void **state)
{
	(void)state;
	char *out = text_wrap_hanging("       swrtui [options] list [--name S] [--type T]\n", 32);
	assert_string_equal(out, "       swrtui [options] list\n           [--name S] [--type T]\n");
	free(out);
	out = text_wrap_hanging("  policies ID [--json]  policies using registry ID\n", 40);
	assert_string_equal(out, "  policies ID [--json]  policies using\n      registry ID\n");
	free(out);
	out = text_wrap_hanging("  --x  https://swr-api.ap-southeast-3.myhuaweicloud.com ok\n", 30);
	assert_string_equal(out, "  --x  https://swr-api.ap-southeast-3.myhuaweicloud.com\n       ok\n");
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_printable_keeps_plain_ascii),
		cmocka_unit_test(test_printable_keeps_valid_utf8_cjk_and_emoji),
		cmocka_unit_test(test_printable_replaces_each_invalid_byte_with_fffd),
		cmocka_unit_test(test_printable_escapes_escape_bell_and_del),
		cmocka_unit_test(test_printable_escapes_c1_controls),
		cmocka_unit_test(test_printable_raw_c1_byte_is_invalid_utf8),
		cmocka_unit_test(test_printable_escapes_nul_inside_len),
		cmocka_unit_test(test_printable_escapes_newline_and_tab_without_keep_newlines),
		cmocka_unit_test(test_printable_keep_newlines_keeps_newline_and_turns_tab_into_space),
		cmocka_unit_test(test_printable_truncates_after_max_chars_with_ellipsis),
		cmocka_unit_test(test_printable_no_ellipsis_when_exactly_max_chars),
		cmocka_unit_test(test_printable_max_chars_counts_characters_not_bytes),
		cmocka_unit_test(test_printable_max_chars_counts_an_escape_as_one_character),
		cmocka_unit_test(test_printable_null_input_gives_empty_string),
		cmocka_unit_test(test_printable_reads_only_len_bytes),
		cmocka_unit_test(test_printable_output_never_holds_control_bytes),
		cmocka_unit_test(test_utf8_decode_valid_sequences_of_each_length),
		cmocka_unit_test(test_utf8_decode_stops_at_the_end_of_the_first_character),
		cmocka_unit_test(test_utf8_decode_refuses_overlong_forms),
		cmocka_unit_test(test_utf8_decode_refuses_surrogates),
		cmocka_unit_test(test_utf8_decode_refuses_code_points_above_10ffff),
		cmocka_unit_test(test_utf8_decode_refuses_truncated_sequences),
		cmocka_unit_test(test_utf8_decode_refuses_bad_continuation_bytes),
		cmocka_unit_test(test_printable_shows_bidi_overrides_and_isolates_visibly),
		cmocka_unit_test(test_printable_shows_zero_width_characters_visibly),
		cmocka_unit_test(test_printable_of_its_own_output_is_the_same),
		cmocka_unit_test(test_json_safe_escapes_del_and_c1_controls),
		cmocka_unit_test(test_json_safe_escapes_bidi_and_invisible_characters),
		cmocka_unit_test(test_json_safe_keeps_other_text_and_replaces_invalid_bytes),
		cmocka_unit_test(test_wrap_hangs_an_option_under_its_description),
		cmocka_unit_test(test_wrap_reflows_prose_and_keeps_blank_lines_and_short_lines),
		cmocka_unit_test(test_wrap_indents_lines_without_a_column_and_never_loses_a_word),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
