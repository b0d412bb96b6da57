/* fuzz_input.c — libFuzzer target for the key and paste input of text fields: the input drives a line
 * editor as a stream of operations (typed and pasted bytes, motions, deletions, Ctrl-U, views at several
 * widths, masked or not), with its invariants checked after every step; and text_printable on the raw bytes. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "swrtui/model/lineedit.h"
#include "swrtui/base/text.h"

#define MAX_STEPS 2000

/* A width function unlike text_cp_width: 0, 1, 2 and negative (counted as 1) columns. */
static int odd_width(unsigned cp)
{
	switch (cp % 5) {
	case 0: return 0;
	case 1: return 2;
	case 2: return -1;
	default: return 1;
	}
}

static size_t columns(const char *s, size_t len, bool mask, lineedit_width_fn wfn)
{
	size_t cols = 0, i = 0;
	while (i < len) {
		unsigned cp;
		size_t n = text_utf8_decode((const unsigned char *)s + i, len - i, &cp);
		FUZZ_ASSERT(n > 0);
		int w = mask ? 1 : (wfn ? wfn(cp) : text_cp_width(cp));
		cols += w < 0 ? 1 : (size_t)w;
		i += n;
	}
	return cols;
}

static bool on_boundary(const lineedit *le, size_t off)
{
	return off == le->len || ((unsigned char)le->text[off] & 0xc0) != 0x80;
}

static void check_state(const lineedit *le)
{
	FUZZ_ASSERT(le->text != NULL);
	FUZZ_ASSERT(le->len < le->cap && le->text[le->len] == '\0' && strlen(le->text) == le->len);
	/* only valid UTF-8 without control characters is ever kept */
	FUZZ_ASSERT(fuzz_printable_utf8(le->text, le->len, false));
	FUZZ_ASSERT(fuzz_utf8_chars(le->text, le->len) == le->nchars);
	FUZZ_ASSERT(le->cursor <= le->nchars);
	FUZZ_ASSERT(lineedit_offset(le, le->nchars) == le->len);
	FUZZ_ASSERT(on_boundary(le, lineedit_offset(le, le->cursor)));
}

static void check_view(lineedit *le, int width, bool mask, lineedit_width_fn wfn)
{
	size_t start = (size_t)-1, end = (size_t)-1;
	int col = -1;
	lineedit_view(le, width, mask, wfn, &start, &end, &col);
	check_state(le);
	FUZZ_ASSERT(le->scroll <= le->cursor);
	FUZZ_ASSERT(start <= end && end <= le->len);
	FUZZ_ASSERT(start == lineedit_offset(le, le->scroll));
	FUZZ_ASSERT(on_boundary(le, start) && on_boundary(le, end));
	size_t coff = lineedit_offset(le, le->cursor);
	FUZZ_ASSERT(start <= coff && coff <= end);
	/* the cursor is inside the field, and what is drawn fits in it */
	FUZZ_ASSERT(col >= 0 && (width <= 0 ? col == 0 : col < width));
	FUZZ_ASSERT(columns(le->text + start, coff - start, mask, wfn) == (size_t)col);
	FUZZ_ASSERT(columns(le->text + start, end - start, mask, wfn) <= (size_t)(width > 0 ? width : 0));
}

static void fuzz_printable(const uint8_t *data, size_t size)
{
	for (int keep = 0; keep <= 1; keep++) {
		size_t max = size ? data[0] % 40 : 0;
		char *p = text_printable((const char *)data, size, max, keep);
		FUZZ_ASSERT(p != NULL);
		size_t len = strlen(p);
		FUZZ_ASSERT(fuzz_printable_utf8(p, len, keep));
		if (max) /* at most max characters, each at most a 14-byte "‹U+10FFFF›", then "…" */
			FUZZ_ASSERT(len <= max * 14 + 3);
		free(p);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_printable(data, size);

	fuzz_stream in = {data, size, 0};
	lineedit le;
	FUZZ_ASSERT(lineedit_init(&le, NULL) == 0);
	check_state(&le);
	for (int step = 0; step < MAX_STEPS && !fuzz_done(&in); step++) {
		uint8_t op = fuzz_byte(&in);
		const uint8_t *chunk;
		size_t n, before = le.nchars;
		int got;
		switch (op % 16) {
		case 0: /* typed: a few bytes, as a key press delivers them */
			n = fuzz_take(&in, fuzz_byte(&in) % 8, &chunk);
			got = lineedit_insert(&le, (const char *)chunk, n);
			FUZZ_ASSERT(got >= 0 && le.nchars == before + (size_t)got && (size_t)got <= n);
			break;
		case 1: /* pasted: a longer run, control characters and all, into a text field or a secret */
			le.secret = (op & 16) != 0;
			n = fuzz_take(&in, (size_t)fuzz_byte(&in) << 4 | (fuzz_byte(&in) & 15), &chunk);
			got = lineedit_paste(&le, (const char *)chunk, n);
			FUZZ_ASSERT(got >= 0 && le.nchars == before + (size_t)got && (size_t)got <= n);
			break;
		case 2: lineedit_left(&le); break;
		case 3: lineedit_right(&le); break;
		case 4: lineedit_home(&le); FUZZ_ASSERT(le.cursor == 0); break;
		case 5: lineedit_end(&le); FUZZ_ASSERT(le.cursor == le.nchars); break;
		case 6: {
			size_t cursor = le.cursor;
			bool deleted = lineedit_backspace(&le);
			FUZZ_ASSERT(deleted == (cursor > 0) && le.nchars == before - deleted);
			FUZZ_ASSERT(le.cursor == cursor - deleted);
			break;
		}
		case 7: {
			size_t cursor = le.cursor;
			bool deleted = lineedit_delete(&le);
			FUZZ_ASSERT(deleted == (cursor < before) && le.nchars == before - deleted && le.cursor == cursor);
			break;
		}
		case 8: {
			size_t cursor = le.cursor;
			FUZZ_ASSERT(lineedit_kill_to_start(&le) == (cursor > 0));
			FUZZ_ASSERT(le.cursor == 0 && le.nchars == before - cursor);
			break;
		}
		case 9: { /* a key press as a code point (from the terminal's wide-character input) */
			unsigned cp = (unsigned)fuzz_byte(&in) << 16 | (unsigned)fuzz_byte(&in) << 8 | fuzz_byte(&in);
			got = lineedit_insert_cp(&le, cp & 0x1fffff);
			FUZZ_ASSERT(got == 0 || got == 1);
			break;
		}
		case 10: check_view(&le, fuzz_byte(&in) % 90, false, NULL); break;
		case 11: check_view(&le, fuzz_byte(&in) % 90, true, NULL); break;
		case 12: check_view(&le, (int)(fuzz_byte(&in) % 8) - 2, (op & 16) != 0, odd_width); break;
		case 13: { /* the field is given a new value (a form bound to a registry) */
			n = fuzz_take(&in, fuzz_byte(&in) % 32, &chunk);
			char *s = fuzz_strndup(chunk, n);
			FUZZ_ASSERT(lineedit_set(&le, s) == 0 && le.cursor == le.nchars);
			free(s);
			break;
		}
		default: /* one byte typed */
			got = lineedit_insert(&le, (const char *)&op, 1);
			FUZZ_ASSERT(got == (op >= 0x20 && op < 0x7f ? 1 : 0));
			break;
		}
		check_state(&le);
	}
	/* the widths a form field has on small and large terminals */
	static const int widths[] = {1, 2, 3, 10, 40, 200};
	for (size_t i = 0; i < sizeof widths / sizeof widths[0]; i++) {
		check_view(&le, widths[i], false, NULL);
		check_view(&le, widths[i], true, NULL);
	}
	lineedit_free(&le);
	return 0;
}
