/* test_lineedit.c — unit tests of the line editor (lineedit.c): a cursor counted in characters (CJK and
 * emoji included), motions and deletions at the edges, Ctrl-U, Ctrl-K, Ctrl-W and the word motions, wiping
 * of deleted bytes, filtering of control characters and invalid UTF-8, a pasted line break or tab as a
 * space (dropped in a secret), long pastes kept whole, and the horizontal view in columns (wide
 * characters, masks). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "swrtui/model/lineedit.h"

#define CJK_JING "\xe9\x95\x9c"  /* 镜 U+955C, 3 bytes, 2 columns */
#define CJK_XIANG "\xe5\x83\x8f" /* 像 U+50CF */
#define CJK_CANG "\xe4\xbb\x93"  /* 仓 U+4ED3 */
#define CJK_KU "\xe5\xba\x93"    /* 库 U+5E93 */
#define EMOJI "\xf0\x9f\x98\x80" /* 😀 U+1F600, 4 bytes */

/* Inserts a string literal, embedded NULs included; returns what lineedit_insert returned. */
#define INSERT(le, lit) lineedit_insert((le), (lit), sizeof(lit) - 1)

static void expect_text(const lineedit *le, const char *text, size_t nchars, size_t cursor)
{
	assert_string_equal(le->text, text);
	assert_int_equal(le->len, strlen(text));
	assert_int_equal(le->nchars, nchars);
	assert_int_equal(le->cursor, cursor);
}

/* ---- insertion ---- */

static void init_null_is_empty_and_init_text_puts_cursor_at_end(void **state)
{
	(void)state;
	lineedit le;
	assert_int_equal(lineedit_init(&le, NULL), 0);
	expect_text(&le, "", 0, 0);
	lineedit_free(&le);
	assert_int_equal(lineedit_init(&le, "abc"), 0);
	expect_text(&le, "abc", 3, 3);
	lineedit_free(&le);
	assert_null(le.text);
}

static void set_replaces_text_and_puts_cursor_at_end(void **state)
{
	(void)state;
	lineedit le;
	assert_int_equal(lineedit_init(&le, "old value"), 0);
	lineedit_home(&le);
	assert_int_equal(lineedit_set(&le, CJK_JING "x"), 0);
	expect_text(&le, CJK_JING "x", 2, 2);
	lineedit_free(&le);
}

static void insert_ascii_advances_cursor_by_characters(void **state)
{
	(void)state;
	lineedit le;
	assert_int_equal(lineedit_init(&le, NULL), 0);
	assert_int_equal(INSERT(&le, "hello"), 5);
	expect_text(&le, "hello", 5, 5);
	lineedit_free(&le);
}

static void insert_cjk_counts_characters_not_bytes(void **state)
{
	(void)state;
	lineedit le;
	assert_int_equal(lineedit_init(&le, "a"), 0);
	assert_int_equal(INSERT(&le, CJK_JING CJK_XIANG), 2);
	expect_text(&le, "a" CJK_JING CJK_XIANG, 3, 3);
	lineedit_left(&le);
	assert_int_equal(INSERT(&le, "-"), 1);
	expect_text(&le, "a" CJK_JING "-" CJK_XIANG, 4, 3);
	lineedit_free(&le);
}

static void insert_emoji_is_one_character(void **state)
{
	(void)state;
	lineedit le;
	assert_int_equal(lineedit_init(&le, "ab"), 0);
	lineedit_left(&le);
	assert_int_equal(INSERT(&le, EMOJI), 1);
	expect_text(&le, "a" EMOJI "b", 3, 2);
	assert_int_equal(lineedit_insert_cp(&le, 0x1F600), 1);
	expect_text(&le, "a" EMOJI EMOJI "b", 4, 3);
	lineedit_free(&le);
}

static void insert_cp_encodes_utf8_and_ignores_controls(void **state)
{
	(void)state;
	lineedit le;
	assert_int_equal(lineedit_init(&le, NULL), 0);
	assert_int_equal(lineedit_insert_cp(&le, 'x'), 1);
	assert_int_equal(lineedit_insert_cp(&le, 0xE9), 1);   /* é */
	assert_int_equal(lineedit_insert_cp(&le, 0x955C), 1); /* 镜 */
	assert_int_equal(lineedit_insert_cp(&le, '\n'), 0);
	assert_int_equal(lineedit_insert_cp(&le, 0x1B), 0);
	assert_int_equal(lineedit_insert_cp(&le, 0x7F), 0);
	assert_int_equal(lineedit_insert_cp(&le, 0x9B), 0);   /* C1 CSI */
	assert_int_equal(lineedit_insert_cp(&le, 0xD800), 0); /* surrogate */
	expect_text(&le, "x\xc3\xa9" CJK_JING, 3, 3);
	lineedit_free(&le);
}

static void insert_drops_control_characters(void **state)
{
	(void)state;
	lineedit le;
	assert_int_equal(lineedit_init(&le, NULL), 0);
	/* tab, CR, NUL, DEL and the C1 control U+0085 are dropped; U+00A0 (no-break space) is kept */
	assert_int_equal(INSERT(&le, "a\tb\rc\0d\x7f" "e\xc2\x85" "f\xc2\xa0"), 7);
	expect_text(&le, "abcdef\xc2\xa0", 7, 7);
	lineedit_free(&le);
}

static void pasted_newline_is_dropped_not_split(void **state)
{
	(void)state;
	lineedit le;
	assert_int_equal(lineedit_init(&le, NULL), 0);
	assert_int_equal(INSERT(&le, "abc\ndef"), 6);
	expect_text(&le, "abcdef", 6, 6);
	assert_int_equal(INSERT(&le, "\r\n"), 0);
	expect_text(&le, "abcdef", 6, 6);
	lineedit_free(&le);
}

/* Pastes a string literal, embedded NULs included; returns what lineedit_paste returned. */
#define PASTE(le, lit) lineedit_paste((le), (lit), sizeof(lit) - 1)

static void pasted_newline_or_tab_in_a_text_field_becomes_a_space(void **state)
{
	(void)state;
	lineedit le;
	assert_int_equal(lineedit_init(&le, NULL), 0);
	assert_int_equal(PASTE(&le, "line one\nline two"), 17);
	expect_text(&le, "line one line two", 17, 17);
	assert_int_equal(lineedit_set(&le, ""), 0);
	/* a run of line breaks (CR LF, CR CR, a blank line) is one space; a lone CR and each tab one space
	 * each; other controls are still dropped */
	assert_int_equal(PASTE(&le, "a\r\nb\rc\td\x1b[0m\x7f" "e\xc2\x85" "f\r\rg\n\nh\t\ti"), 19);
	expect_text(&le, "a b c d[0mef g h  i", 19, 19);
	lineedit_free(&le);
}

static void pasted_line_breaks_at_the_end_are_dropped(void **state)
{
	(void)state;
	lineedit le;
	assert_int_equal(lineedit_init(&le, "x"), 0);
	lineedit_home(&le);
	assert_int_equal(PASTE(&le, "harbor\tmirror\r\n\n"), 13);
	expect_text(&le, "harbor mirrorx", 14, 13);
	assert_int_equal(PASTE(&le, "\r\n"), 0);
	expect_text(&le, "harbor mirrorx", 14, 13);
	lineedit_free(&le);
}

static void pasted_newline_or_tab_in_a_secret_is_dropped(void **state)
{
	(void)state;
	lineedit le;
	assert_int_equal(lineedit_init(&le, NULL), 0);
	le.secret = true;
	assert_int_equal(PASTE(&le, "PPPP\nQQ\tQ\r\n"), 7);
	expect_text(&le, "PPPPQQQ", 7, 7);
	/* replacing the text keeps it a secret */
	assert_int_equal(lineedit_set(&le, "z"), 0);
	assert_true(le.secret);
	assert_int_equal(PASTE(&le, "a\nb"), 2);
	expect_text(&le, "zab", 3, 3);
	lineedit_free(&le);
}

static void escape_sequence_loses_its_escape_character(void **state)
{
	(void)state;
	lineedit le;
	assert_int_equal(lineedit_init(&le, NULL), 0);
	assert_int_equal(INSERT(&le, "x\x1b[31my"), 6);
	expect_text(&le, "x[31my", 6, 6);
	lineedit_free(&le);
}

static void invalid_utf8_bytes_are_dropped(void **state)
{
	(void)state;
	lineedit le;
	assert_int_equal(lineedit_init(&le, NULL), 0);
	/* stray byte, lead without continuation, overlong '/', UTF-16 surrogate, then a cut 3-byte sequence */
	assert_int_equal(INSERT(&le, "a\xff" "b\xc3(c\xc0\xaf" "d\xed\xa0\x80" "e" CJK_JING "\xe9\x95"), 7);
	expect_text(&le, "ab(cde" CJK_JING, 7, 7);
	lineedit_free(&le);
}

static void paste_of_64_kib_is_kept_whole(void **state)
{
	(void)state;
	const size_t n = 70000;
	char *paste = malloc(n + 1);
	assert_non_null(paste);
	for (size_t i = 0; i < n; i++)
		paste[i] = (char)('A' + (char)(i % 26));
	paste[n] = '\0';
	lineedit le;
	assert_int_equal(lineedit_init(&le, "<>"), 0);
	lineedit_left(&le);
	assert_int_equal(lineedit_insert(&le, paste, n), (int)n);
	assert_int_equal(le.len, n + 2);
	assert_int_equal(le.nchars, n + 2);
	assert_int_equal(le.cursor, n + 1);
	assert_int_equal(le.text[0], '<');
	assert_memory_equal(le.text + 1, paste, n);
	assert_string_equal(le.text + n + 1, ">");
	free(paste);
	lineedit_free(&le);
}

static void paste_of_many_wide_characters_is_kept_whole(void **state)
{
	(void)state;
	const size_t count = 30000; /* 90000 bytes */
	char *paste = malloc(count * 3 + 1);
	assert_non_null(paste);
	for (size_t i = 0; i < count; i++)
		memcpy(paste + 3 * i, CJK_KU, 3);
	lineedit le;
	assert_int_equal(lineedit_init(&le, NULL), 0);
	assert_int_equal(lineedit_insert(&le, paste, count * 3), (int)count);
	assert_int_equal(le.len, count * 3);
	assert_int_equal(le.nchars, count);
	assert_memory_equal(le.text, paste, count * 3);
	assert_int_equal(lineedit_offset(&le, count - 1), (count - 1) * 3);
	free(paste);
	lineedit_free(&le);
}

/* ---- motions and deletions ---- */

static void left_right_home_end_stay_in_bounds(void **state)
{
	(void)state;
	lineedit le;
	assert_int_equal(lineedit_init(&le, "a" CJK_JING "c"), 0);
	lineedit_right(&le);
	assert_int_equal(le.cursor, 3);
	lineedit_left(&le);
	assert_int_equal(le.cursor, 2);
	lineedit_home(&le);
	assert_int_equal(le.cursor, 0);
	lineedit_left(&le);
	assert_int_equal(le.cursor, 0);
	lineedit_right(&le);
	assert_int_equal(le.cursor, 1);
	lineedit_end(&le);
	assert_int_equal(le.cursor, 3);
	lineedit_free(&le);
}

static void backspace_at_start_and_delete_at_end_do_nothing(void **state)
{
	(void)state;
	lineedit le;
	assert_int_equal(lineedit_init(&le, "ab"), 0);
	assert_false(lineedit_delete(&le));
	expect_text(&le, "ab", 2, 2);
	lineedit_home(&le);
	assert_false(lineedit_backspace(&le));
	expect_text(&le, "ab", 2, 0);
	lineedit_free(&le);
}

static void backspace_and_delete_remove_whole_characters(void **state)
{
	(void)state;
	lineedit le;
	assert_int_equal(lineedit_init(&le, "a" CJK_JING EMOJI "b"), 0);
	lineedit_left(&le); /* before "b" */
	assert_true(lineedit_backspace(&le));
	expect_text(&le, "a" CJK_JING "b", 3, 2);
	lineedit_home(&le);
	lineedit_right(&le); /* before 镜 */
	assert_true(lineedit_delete(&le));
	expect_text(&le, "ab", 2, 1);
	lineedit_free(&le);
}

static void kill_to_start_in_the_middle_keeps_the_rest(void **state)
{
	(void)state;
	lineedit le;
	assert_int_equal(lineedit_init(&le, "hello " CJK_JING "world"), 0);
	for (int i = 0; i < 5; i++)
		lineedit_left(&le); /* before "world" */
	assert_int_equal(le.cursor, 7);
	assert_true(lineedit_kill_to_start(&le));
	expect_text(&le, "world", 5, 0);
	assert_false(lineedit_kill_to_start(&le));
	expect_text(&le, "world", 5, 0);
	lineedit_free(&le);
}

static void offset_maps_characters_to_bytes(void **state)
{
	(void)state;
	lineedit le;
	assert_int_equal(lineedit_init(&le, "a" CJK_JING "b" EMOJI), 0);
	assert_int_equal(lineedit_offset(&le, 0), 0);
	assert_int_equal(lineedit_offset(&le, 1), 1);
	assert_int_equal(lineedit_offset(&le, 2), 4);
	assert_int_equal(lineedit_offset(&le, 3), 5);
	assert_int_equal(lineedit_offset(&le, 4), 9);
	lineedit_free(&le);
}

/* ---- view ---- */

typedef struct {
	size_t start, end;
	int col;
} view;

static view view_of(lineedit *le, int width, bool mask, lineedit_width_fn wfn)
{
	view v = { 99, 99, -1 };
	lineedit_view(le, width, mask, wfn, &v.start, &v.end, &v.col);
	return v;
}

static void expect_view(view v, size_t start, size_t end, int col)
{
	if (v.start != start || v.end != end || v.col != col)
		fail_msg("expected bytes [%zu, %zu) with the cursor in column %d, got [%zu, %zu) column %d", start, end,
		         col, v.start, v.end, v.col);
}

static void view_wider_than_text_shows_everything(void **state)
{
	(void)state;
	lineedit le;
	assert_int_equal(lineedit_init(&le, "abc"), 0);
	expect_view(view_of(&le, 10, false, NULL), 0, 3, 3);
	lineedit_free(&le);
}

static void view_narrower_than_text_keeps_cursor_visible_at_end(void **state)
{
	(void)state;
	lineedit le;
	assert_int_equal(lineedit_init(&le, "abcdefghij"), 0);
	/* the end cell needs the last column: "ghij" then the cursor */
	expect_view(view_of(&le, 5, false, NULL), 6, 10, 4);
	assert_int_equal(le.scroll, 6);
	lineedit_free(&le);
}

static void view_at_home_shows_the_start(void **state)
{
	(void)state;
	lineedit le;
	assert_int_equal(lineedit_init(&le, "abcdefghij"), 0);
	view_of(&le, 5, false, NULL);
	lineedit_home(&le);
	expect_view(view_of(&le, 5, false, NULL), 0, 5, 0);
	assert_int_equal(le.scroll, 0);
	lineedit_free(&le);
}

static void view_scrolls_left_when_cursor_moves_before_scroll(void **state)
{
	(void)state;
	lineedit le;
	assert_int_equal(lineedit_init(&le, "abcdefghij"), 0);
	view_of(&le, 5, false, NULL); /* scroll 6 */
	for (int i = 0; i < 5; i++)
		lineedit_left(&le); /* cursor 5, before "f" */
	expect_view(view_of(&le, 5, false, NULL), 5, 10, 0);
	lineedit_left(&le);
	expect_view(view_of(&le, 5, false, NULL), 4, 9, 0);
	lineedit_free(&le);
}

static void view_refills_the_width_after_deleting_at_the_end(void **state)
{
	(void)state;
	lineedit le;
	assert_int_equal(lineedit_init(&le, "abcdefghij"), 0);
	view_of(&le, 5, false, NULL); /* scroll 6 */
	for (int i = 0; i < 3; i++)
		lineedit_backspace(&le); /* "abcdefg" */
	/* "defg" and the end cell fill the five columns */
	expect_view(view_of(&le, 5, false, NULL), 3, 7, 4);
	lineedit_free(&le);
}

static void view_never_splits_a_wide_character_at_the_right_edge(void **state)
{
	(void)state;
	lineedit le;
	/* "ab" then four CJK characters: 10 columns */
	assert_int_equal(lineedit_init(&le, "ab" CJK_JING CJK_XIANG CJK_CANG CJK_KU), 0);
	lineedit_home(&le);
	/* a b 镜 take 4 columns; 像 would need columns 5 and 6 */
	expect_view(view_of(&le, 5, false, NULL), 0, 5, 0);
	lineedit_end(&le);
	/* 仓库 (4 columns) then the end cell */
	expect_view(view_of(&le, 5, false, NULL), 8, 14, 4);
	lineedit_free(&le);
}

static void view_cursor_column_counts_columns_of_wide_characters(void **state)
{
	(void)state;
	lineedit le;
	assert_int_equal(lineedit_init(&le, CJK_JING CJK_XIANG "x"), 0);
	lineedit_left(&le);
	expect_view(view_of(&le, 10, false, NULL), 0, 7, 4);
	lineedit_free(&le);
}

static void view_shows_the_wide_character_under_the_cursor_whole(void **state)
{
	(void)state;
	lineedit le;
	assert_int_equal(lineedit_init(&le, "abcd" CJK_JING), 0);
	lineedit_home(&le);
	expect_view(view_of(&le, 5, false, NULL), 0, 4, 0); /* 镜 does not fit after "abcd" */
	lineedit_end(&le);
	lineedit_left(&le); /* on 镜 */
	expect_view(view_of(&le, 5, false, NULL), 1, 7, 3);
	lineedit_free(&le);
}

static void view_mask_counts_one_column_per_character(void **state)
{
	(void)state;
	lineedit le;
	assert_int_equal(lineedit_init(&le, CJK_JING CJK_XIANG CJK_CANG CJK_KU), 0);
	expect_view(view_of(&le, 3, true, NULL), 6, 12, 2);
	lineedit_home(&le);
	expect_view(view_of(&le, 3, true, NULL), 0, 9, 0);
	lineedit_free(&le);
}

static int test_width(unsigned cp)
{
	if (cp == 'z')
		return 0;
	if (cp == 'x')
		return -1;
	return 1;
}

static void view_width_function_negative_counts_one_and_zero_counts_zero(void **state)
{
	(void)state;
	lineedit le;
	assert_int_equal(lineedit_init(&le, "xzxa"), 0);
	expect_view(view_of(&le, 10, false, test_width), 0, 4, 3);
	lineedit_free(&le);
}

/* The bytes between the terminator and old_len (the end of the text before a deletion) are zero. */
static void expect_wiped_after_text(const lineedit *le, size_t old_len)
{
	for (size_t i = le->len + 1; i <= old_len && i < le->cap; i++)
		if (le->text[i] != '\0')
			fail_msg("byte %zu after the text was not wiped: 0x%02x", i, (unsigned char)le->text[i]);
}

static void kill_to_end_in_the_middle_keeps_the_start_and_wipes_the_rest(void **state)
{
	(void)state;
	lineedit le;
	assert_int_equal(lineedit_init(&le, "hello " CJK_JING CJK_XIANG EMOJI), 0);
	size_t old_len = le.len;
	lineedit_home(&le);
	for (int i = 0; i < 6; i++)
		lineedit_right(&le); /* before 镜 */
	assert_true(lineedit_kill_to_end(&le));
	expect_text(&le, "hello ", 6, 6);
	expect_wiped_after_text(&le, old_len);
	lineedit_free(&le);
}

static void kill_to_end_at_the_end_or_on_empty_text_does_nothing(void **state)
{
	(void)state;
	lineedit le;
	assert_int_equal(lineedit_init(&le, "abc"), 0);
	assert_false(lineedit_kill_to_end(&le));
	expect_text(&le, "abc", 3, 3);
	lineedit_free(&le);
	assert_int_equal(lineedit_init(&le, NULL), 0);
	assert_false(lineedit_kill_to_end(&le));
	expect_text(&le, "", 0, 0);
	lineedit_free(&le);
}

static void kill_to_end_at_the_start_empties_the_text(void **state)
{
	(void)state;
	lineedit le;
	assert_int_equal(lineedit_init(&le, "s3cr3t-" CJK_KU), 0);
	size_t old_len = le.len;
	lineedit_home(&le);
	assert_true(lineedit_kill_to_end(&le));
	expect_text(&le, "", 0, 0);
	expect_wiped_after_text(&le, old_len);
	lineedit_free(&le);
}

static void kill_to_end_then_view_refills_the_width(void **state)
{
	(void)state;
	lineedit le;
	assert_int_equal(lineedit_init(&le, "abcdefghij"), 0);
	view_of(&le, 5, false, NULL); /* scroll 6 */
	for (int i = 0; i < 3; i++)
		lineedit_left(&le); /* before "h" */
	assert_true(lineedit_kill_to_end(&le));
	expect_text(&le, "abcdefg", 7, 7);
	expect_view(view_of(&le, 5, false, NULL), 3, 7, 4);
	lineedit_free(&le);
}

static void word_left_goes_to_the_start_of_each_word_then_stops_at_zero(void **state)
{
	(void)state;
	lineedit le;
	assert_int_equal(lineedit_init(&le, "hello world"), 0);
	lineedit_word_left(&le);
	assert_int_equal(le.cursor, 6);
	lineedit_word_left(&le);
	assert_int_equal(le.cursor, 0);
	lineedit_word_left(&le);
	assert_int_equal(le.cursor, 0);
	expect_text(&le, "hello world", 11, 0);
	lineedit_free(&le);
}

static void word_left_from_inside_a_word_goes_to_its_start(void **state)
{
	(void)state;
	lineedit le;
	assert_int_equal(lineedit_init(&le, "hello world"), 0);
	for (int i = 0; i < 3; i++)
		lineedit_left(&le); /* wo|rld */
	lineedit_word_left(&le);
	assert_int_equal(le.cursor, 6);
	lineedit_free(&le);
}

static void word_left_skips_runs_of_spaces_and_punctuation(void **state)
{
	(void)state;
	lineedit le;
	assert_int_equal(lineedit_init(&le, "foo  --bar -- "), 0);
	lineedit_word_left(&le); /* over " -- " then "bar" */
	assert_int_equal(le.cursor, 7);
	lineedit_word_left(&le); /* over "  --" then "foo" */
	assert_int_equal(le.cursor, 0);
	lineedit_free(&le);
	assert_int_equal(lineedit_init(&le, "  ...  "), 0); /* no word at all */
	lineedit_word_left(&le);
	assert_int_equal(le.cursor, 0);
	lineedit_free(&le);
}

static void word_left_counts_cjk_and_emoji_as_word_characters(void **state)
{
	(void)state;
	lineedit le;
	/* a b ␠ 镜 像 ! 😀 : seven characters */
	assert_int_equal(lineedit_init(&le, "ab " CJK_JING CJK_XIANG "!" EMOJI), 0);
	lineedit_word_left(&le);
	assert_int_equal(le.cursor, 6); /* before the emoji */
	lineedit_word_left(&le);
	assert_int_equal(le.cursor, 3); /* before 镜 */
	lineedit_word_left(&le);
	assert_int_equal(le.cursor, 0);
	lineedit_free(&le);
}

static void word_left_and_right_on_empty_text_stay_at_zero(void **state)
{
	(void)state;
	lineedit le;
	assert_int_equal(lineedit_init(&le, NULL), 0);
	lineedit_word_left(&le);
	assert_int_equal(le.cursor, 0);
	lineedit_word_right(&le);
	assert_int_equal(le.cursor, 0);
	lineedit_free(&le);
}

static void word_right_goes_to_the_end_of_each_word_then_stops_at_the_end(void **state)
{
	(void)state;
	lineedit le;
	assert_int_equal(lineedit_init(&le, "hello world"), 0);
	lineedit_home(&le);
	lineedit_word_right(&le);
	assert_int_equal(le.cursor, 5);
	lineedit_word_right(&le);
	assert_int_equal(le.cursor, 11);
	lineedit_word_right(&le);
	assert_int_equal(le.cursor, 11);
	expect_text(&le, "hello world", 11, 11);
	lineedit_free(&le);
}

static void word_right_from_inside_a_word_goes_to_its_end(void **state)
{
	(void)state;
	lineedit le;
	assert_int_equal(lineedit_init(&le, "hello world"), 0);
	lineedit_home(&le);
	lineedit_right(&le);
	lineedit_right(&le); /* he|llo */
	lineedit_word_right(&le);
	assert_int_equal(le.cursor, 5);
	lineedit_free(&le);
}

static void word_right_skips_runs_of_spaces_and_punctuation(void **state)
{
	(void)state;
	lineedit le;
	assert_int_equal(lineedit_init(&le, " -- foo  --bar"), 0);
	lineedit_home(&le);
	lineedit_word_right(&le);
	assert_int_equal(le.cursor, 7); /* after "foo" */
	lineedit_word_right(&le);
	assert_int_equal(le.cursor, 14); /* after "bar" */
	lineedit_free(&le);
	assert_int_equal(lineedit_init(&le, "  ...  "), 0);
	lineedit_home(&le);
	lineedit_word_right(&le);
	assert_int_equal(le.cursor, 7);
	lineedit_free(&le);
}

static void word_right_counts_cjk_and_emoji_as_word_characters(void **state)
{
	(void)state;
	lineedit le;
	assert_int_equal(lineedit_init(&le, "ab " CJK_JING CJK_XIANG "!" EMOJI), 0);
	lineedit_home(&le);
	lineedit_word_right(&le);
	assert_int_equal(le.cursor, 2);
	lineedit_word_right(&le);
	assert_int_equal(le.cursor, 5); /* after 像 */
	lineedit_word_right(&le);
	assert_int_equal(le.cursor, 7); /* after the emoji */
	lineedit_free(&le);
}

static void word_motions_stop_at_the_parts_of_a_url(void **state)
{
	(void)state;
	lineedit le;
	/* h t t p s : / / a . b / c : thirteen characters */
	assert_int_equal(lineedit_init(&le, "https://a.b/c"), 0);
	static const size_t back[] = { 12, 10, 8, 0, 0 };
	for (size_t i = 0; i < sizeof back / sizeof back[0]; i++) {
		lineedit_word_left(&le);
		assert_int_equal(le.cursor, back[i]);
	}
	static const size_t forward[] = { 5, 9, 11, 13, 13 };
	for (size_t i = 0; i < sizeof forward / sizeof forward[0]; i++) {
		lineedit_word_right(&le);
		assert_int_equal(le.cursor, forward[i]);
	}
	expect_text(&le, "https://a.b/c", 13, 13);
	lineedit_free(&le);
}

static void kill_word_back_deletes_the_word_and_the_spaces_before_the_cursor(void **state)
{
	(void)state;
	lineedit le;
	assert_int_equal(lineedit_init(&le, "foo bar   "), 0);
	size_t old_len = le.len;
	assert_true(lineedit_kill_word_back(&le));
	expect_text(&le, "foo ", 4, 4);
	expect_wiped_after_text(&le, old_len);
	assert_true(lineedit_kill_word_back(&le));
	expect_text(&le, "", 0, 0);
	assert_false(lineedit_kill_word_back(&le));
	expect_text(&le, "", 0, 0);
	lineedit_free(&le);
}

static void kill_word_back_in_the_middle_keeps_what_follows(void **state)
{
	(void)state;
	lineedit le;
	assert_int_equal(lineedit_init(&le, "one two three"), 0);
	for (int i = 0; i < 6; i++)
		lineedit_left(&le); /* "one two| three" */
	assert_true(lineedit_kill_word_back(&le));
	expect_text(&le, "one  three", 10, 4);
	lineedit_free(&le);
}

static void kill_word_back_from_inside_a_word_deletes_only_its_first_part(void **state)
{
	(void)state;
	lineedit le;
	assert_int_equal(lineedit_init(&le, "one twothree"), 0);
	for (int i = 0; i < 5; i++)
		lineedit_left(&le); /* "one two|three" */
	assert_true(lineedit_kill_word_back(&le));
	expect_text(&le, "one three", 9, 4);
	lineedit_free(&le);
}

static void kill_word_back_treats_punctuation_as_part_of_the_word(void **state)
{
	(void)state;
	lineedit le;
	assert_int_equal(lineedit_init(&le, "git clone https://a.b/c"), 0);
	assert_true(lineedit_kill_word_back(&le));
	expect_text(&le, "git clone ", 10, 10);
	lineedit_free(&le);
	assert_int_equal(lineedit_init(&le, "https://a.b/c"), 0);
	assert_true(lineedit_kill_word_back(&le));
	expect_text(&le, "", 0, 0);
	lineedit_free(&le);
}

static void kill_word_back_at_the_start_or_on_empty_text_does_nothing(void **state)
{
	(void)state;
	lineedit le;
	assert_int_equal(lineedit_init(&le, "abc def"), 0);
	lineedit_home(&le);
	assert_false(lineedit_kill_word_back(&le));
	expect_text(&le, "abc def", 7, 0);
	lineedit_free(&le);
	assert_int_equal(lineedit_init(&le, NULL), 0);
	assert_false(lineedit_kill_word_back(&le));
	expect_text(&le, "", 0, 0);
	lineedit_free(&le);
}

static void kill_word_back_of_only_spaces_deletes_them(void **state)
{
	(void)state;
	lineedit le;
	assert_int_equal(lineedit_init(&le, "   "), 0);
	assert_true(lineedit_kill_word_back(&le));
	expect_text(&le, "", 0, 0);
	lineedit_free(&le);
}

static void kill_word_back_removes_whole_cjk_and_emoji_characters(void **state)
{
	(void)state;
	lineedit le;
	assert_int_equal(lineedit_init(&le, CJK_JING CJK_XIANG " " CJK_CANG EMOJI CJK_KU), 0);
	size_t old_len = le.len;
	assert_true(lineedit_kill_word_back(&le));
	expect_text(&le, CJK_JING CJK_XIANG " ", 3, 3);
	expect_wiped_after_text(&le, old_len);
	lineedit_free(&le);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(init_null_is_empty_and_init_text_puts_cursor_at_end),
		cmocka_unit_test(set_replaces_text_and_puts_cursor_at_end),
		cmocka_unit_test(insert_ascii_advances_cursor_by_characters),
		cmocka_unit_test(insert_cjk_counts_characters_not_bytes),
		cmocka_unit_test(insert_emoji_is_one_character),
		cmocka_unit_test(insert_cp_encodes_utf8_and_ignores_controls),
		cmocka_unit_test(insert_drops_control_characters),
		cmocka_unit_test(pasted_newline_is_dropped_not_split),
		cmocka_unit_test(pasted_newline_or_tab_in_a_text_field_becomes_a_space),
		cmocka_unit_test(pasted_line_breaks_at_the_end_are_dropped),
		cmocka_unit_test(pasted_newline_or_tab_in_a_secret_is_dropped),
		cmocka_unit_test(escape_sequence_loses_its_escape_character),
		cmocka_unit_test(invalid_utf8_bytes_are_dropped),
		cmocka_unit_test(paste_of_64_kib_is_kept_whole),
		cmocka_unit_test(paste_of_many_wide_characters_is_kept_whole),
		cmocka_unit_test(left_right_home_end_stay_in_bounds),
		cmocka_unit_test(backspace_at_start_and_delete_at_end_do_nothing),
		cmocka_unit_test(backspace_and_delete_remove_whole_characters),
		cmocka_unit_test(kill_to_start_in_the_middle_keeps_the_rest),
		cmocka_unit_test(offset_maps_characters_to_bytes),
		cmocka_unit_test(view_wider_than_text_shows_everything),
		cmocka_unit_test(view_narrower_than_text_keeps_cursor_visible_at_end),
		cmocka_unit_test(view_at_home_shows_the_start),
		cmocka_unit_test(view_scrolls_left_when_cursor_moves_before_scroll),
		cmocka_unit_test(view_refills_the_width_after_deleting_at_the_end),
		cmocka_unit_test(view_never_splits_a_wide_character_at_the_right_edge),
		cmocka_unit_test(view_cursor_column_counts_columns_of_wide_characters),
		cmocka_unit_test(view_shows_the_wide_character_under_the_cursor_whole),
		cmocka_unit_test(view_mask_counts_one_column_per_character),
		cmocka_unit_test(view_width_function_negative_counts_one_and_zero_counts_zero),
		cmocka_unit_test(kill_to_end_in_the_middle_keeps_the_start_and_wipes_the_rest),
		cmocka_unit_test(kill_to_end_at_the_end_or_on_empty_text_does_nothing),
		cmocka_unit_test(kill_to_end_at_the_start_empties_the_text),
		cmocka_unit_test(kill_to_end_then_view_refills_the_width),
		cmocka_unit_test(word_left_goes_to_the_start_of_each_word_then_stops_at_zero),
		cmocka_unit_test(word_left_from_inside_a_word_goes_to_its_start),
		cmocka_unit_test(word_left_skips_runs_of_spaces_and_punctuation),
		cmocka_unit_test(word_left_counts_cjk_and_emoji_as_word_characters),
		cmocka_unit_test(word_left_and_right_on_empty_text_stay_at_zero),
		cmocka_unit_test(word_right_goes_to_the_end_of_each_word_then_stops_at_the_end),
		cmocka_unit_test(word_right_from_inside_a_word_goes_to_its_end),
		cmocka_unit_test(word_right_skips_runs_of_spaces_and_punctuation),
		cmocka_unit_test(word_right_counts_cjk_and_emoji_as_word_characters),
		cmocka_unit_test(word_motions_stop_at_the_parts_of_a_url),
		cmocka_unit_test(kill_word_back_deletes_the_word_and_the_spaces_before_the_cursor),
		cmocka_unit_test(kill_word_back_in_the_middle_keeps_what_follows),
		cmocka_unit_test(kill_word_back_from_inside_a_word_deletes_only_its_first_part),
		cmocka_unit_test(kill_word_back_treats_punctuation_as_part_of_the_word),
		cmocka_unit_test(kill_word_back_at_the_start_or_on_empty_text_does_nothing),
		cmocka_unit_test(kill_word_back_of_only_spaces_deletes_them),
		cmocka_unit_test(kill_word_back_removes_whole_cjk_and_emoji_characters),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
