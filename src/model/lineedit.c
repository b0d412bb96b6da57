/* lineedit.c — one line of UTF-8 text being edited: filtered insertion (no control characters, no invalid
 * UTF-8; a pasted line break or tab becomes a space), motions and deletions counted in characters, and the horizontal view; see lineedit.h. Every
 * buffer that held text is wiped before it is released, since the text may be a secret. */
#include "swrtui/model/lineedit.h"
#include "swrtui/base/secret.h"
#include "swrtui/base/text.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define LINEEDIT_MIN_CAP 16

static bool is_control(unsigned cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
}

static bool is_continuation(unsigned char b)
{
	return (b & 0xC0) == 0x80;
}

/* Byte offset of the character that ends at byte offset off. */
static size_t prev_offset(const lineedit *le, size_t off)
{
	while (off > 0 && is_continuation((unsigned char)le->text[--off]))
		;
	return off;
}

/* Makes room for at least `need` bytes (terminator included). The old buffer is copied, wiped and freed
 * rather than realloc'd, so that no copy of the text is left behind in freed memory. */
static int reserve(lineedit *le, size_t need)
{
	if (need <= le->cap && le->text)
		return 0;
	size_t cap = le->cap < LINEEDIT_MIN_CAP ? LINEEDIT_MIN_CAP : le->cap;
	while (cap < need) {
		if (cap > SIZE_MAX / 2) {
			cap = need;
			break;
		}
		cap *= 2;
	}
	char *grown = malloc(cap);
	if (!grown)
		return -1;
	if (le->text) {
		memcpy(grown, le->text, le->len + 1);
		secret_wipe(le->text, le->cap);
		free(le->text);
	} else {
		grown[0] = '\0';
	}
	le->text = grown;
	le->cap = cap;
	return 0;
}

/* Bytes and characters that lineedit_insert keeps of s[0..len). */
static void measure_kept(const unsigned char *s, size_t len, size_t *bytes, size_t *chars)
{
	size_t i = 0;
	*bytes = 0;
	*chars = 0;
	while (i < len) {
		unsigned cp;
		size_t n = text_utf8_decode(s + i, len - i, &cp);
		if (n == 0) {
			i++;
			continue;
		}
		if (!is_control(cp)) {
			*bytes += n;
			(*chars)++;
		}
		i += n;
	}
}

/* Copies the kept characters of s[0..len) to dst. */
static void copy_kept(char *dst, const unsigned char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		unsigned cp;
		size_t n = text_utf8_decode(s + i, len - i, &cp);
		if (n == 0) {
			i++;
			continue;
		}
		if (!is_control(cp)) {
			memcpy(dst, s + i, n);
			dst += n;
		}
		i += n;
	}
}

int lineedit_init(lineedit *le, const char *text)
{
	*le = (lineedit){ .text = NULL };
	if (reserve(le, LINEEDIT_MIN_CAP) != 0)
		return -1;
	if (text && lineedit_insert(le, text, strlen(text)) < 0) {
		lineedit_free(le);
		return -1;
	}
	return 0;
}

void lineedit_free(lineedit *le)
{
	if (!le)
		return;
	if (le->text) {
		secret_wipe(le->text, le->cap);
		free(le->text);
	}
	*le = (lineedit){ .text = NULL };
}

int lineedit_set(lineedit *le, const char *text)
{
	lineedit fresh;
	if (lineedit_init(&fresh, text) != 0)
		return -1;
	fresh.secret = le->secret;
	lineedit_free(le);
	*le = fresh;
	return 0;
}

int lineedit_insert(lineedit *le, const char *utf8, size_t len)
{
	if (!utf8 || len == 0)
		return 0;
	size_t bytes, chars;
	measure_kept((const unsigned char *)utf8, len, &bytes, &chars);
	if (chars == 0)
		return 0;
	if (bytes > SIZE_MAX - le->len - 1 || reserve(le, le->len + bytes + 1) != 0)
		return -1;
	size_t at = lineedit_offset(le, le->cursor);
	memmove(le->text + at + bytes, le->text + at, le->len - at + 1);
	copy_kept(le->text + at, (const unsigned char *)utf8, len);
	le->len += bytes;
	le->nchars += chars;
	le->cursor += chars;
	return chars > INT_MAX ? INT_MAX : (int)chars;
}

int lineedit_paste(lineedit *le, const char *utf8, size_t len)
{
	if (!utf8)
		return 0;
	while (len > 0 && (utf8[len - 1] == '\n' || utf8[len - 1] == '\r'))
		len--;
	if (le->secret || len == 0)
		return lineedit_insert(le, utf8, len);
	/* byte by byte: no byte of a multi-byte UTF-8 sequence is below 0x80 */
	char *line = malloc(len);
	if (!line)
		return -1;
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		char c = utf8[i];
		bool brk = c == '\n' || c == '\r';
		if (brk && i + 1 < len && (utf8[i + 1] == '\n' || utf8[i + 1] == '\r'))
			continue; /* a run of line breaks (CR LF, or CR CR as terminals send it) is one space */
		line[n++] = brk || c == '\t' ? ' ' : c;
	}
	int rc = lineedit_insert(le, line, n);
	secret_wipe(line, len);
	free(line);
	return rc;
}

int lineedit_insert_cp(lineedit *le, unsigned cp)
{
	unsigned char b[4];
	size_t n;
	if (is_control(cp) || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	if (cp < 0x80) {
		b[0] = (unsigned char)cp;
		n = 1;
	} else if (cp < 0x800) {
		b[0] = (unsigned char)(0xC0 | (cp >> 6));
		b[1] = (unsigned char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		b[0] = (unsigned char)(0xE0 | (cp >> 12));
		b[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		b[2] = (unsigned char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		b[0] = (unsigned char)(0xF0 | (cp >> 18));
		b[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
		b[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		b[3] = (unsigned char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	int rc = lineedit_insert(le, (const char *)b, n);
	secret_wipe(b, sizeof b);
	return rc;
}

void lineedit_left(lineedit *le)
{
	if (le->cursor > 0)
		le->cursor--;
}

void lineedit_right(lineedit *le)
{
	if (le->cursor < le->nchars)
		le->cursor++;
}

void lineedit_home(lineedit *le)
{
	le->cursor = 0;
}

void lineedit_end(lineedit *le)
{
	le->cursor = le->nchars;
}

/* Removes characters [from, to) and wipes the bytes freed at the end of the buffer. */
static void remove_chars(lineedit *le, size_t from, size_t to)
{
	size_t a = lineedit_offset(le, from), b = lineedit_offset(le, to);
	memmove(le->text + a, le->text + b, le->len - b + 1);
	le->len -= b - a;
	secret_wipe(le->text + le->len + 1, b - a);
	le->nchars -= to - from;
	if (le->cursor > to)
		le->cursor -= to - from;
	else if (le->cursor > from)
		le->cursor = from;
}

bool lineedit_backspace(lineedit *le)
{
	if (le->cursor == 0)
		return false;
	remove_chars(le, le->cursor - 1, le->cursor);
	return true;
}

bool lineedit_delete(lineedit *le)
{
	if (le->cursor >= le->nchars)
		return false;
	remove_chars(le, le->cursor, le->cursor + 1);
	return true;
}

bool lineedit_kill_to_start(lineedit *le)
{
	if (le->cursor == 0)
		return false;
	remove_chars(le, 0, le->cursor);
	le->scroll = 0;
	return true;
}

bool lineedit_kill_to_end(lineedit *le)
{
	if (le->cursor >= le->nchars)
		return false;
	remove_chars(le, le->cursor, le->nchars);
	return true;
}

/* ---- words ---- */

/* The code point that starts at byte offset off. */
static unsigned cp_at(const lineedit *le, size_t off)
{
	unsigned cp = 0;
	if (text_utf8_decode((const unsigned char *)le->text + off, le->len - off, &cp) == 0)
		cp = (unsigned char)le->text[off]; /* cannot happen: the text holds only valid UTF-8 */
	return cp;
}

/* A word character for the word motions: an ASCII letter or digit, or any non-ASCII character. */
static bool is_word_char(unsigned cp)
{
	return cp >= 0x80 || (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
}

/* A word separator for Ctrl-W (readline's whitespace: space and tab). */
static bool is_blank(unsigned cp)
{
	return cp == ' ' || cp == '\t';
}

/* Moves the cursor back over the characters for which `in` says `want`; *off is the cursor's byte offset. */
static void back_while(const lineedit *le, size_t *cursor, size_t *off, bool (*in)(unsigned), bool want)
{
	while (*cursor > 0) {
		size_t prev = prev_offset(le, *off);
		if (in(cp_at(le, prev)) != want)
			break;
		*off = prev;
		(*cursor)--;
	}
}

void lineedit_word_left(lineedit *le)
{
	size_t cursor = le->cursor, off = lineedit_offset(le, cursor);
	back_while(le, &cursor, &off, is_word_char, false);
	back_while(le, &cursor, &off, is_word_char, true);
	le->cursor = cursor;
}

void lineedit_word_right(lineedit *le)
{
	size_t cursor = le->cursor, off = lineedit_offset(le, cursor);
	bool want = false; /* first the separators, then the word */
	for (int pass = 0; pass < 2; pass++, want = true) {
		while (cursor < le->nchars) {
			unsigned cp = 0;
			size_t n = text_utf8_decode((const unsigned char *)le->text + off, le->len - off, &cp);
			if (n == 0)
				n = 1;
			if (is_word_char(cp) != want)
				break;
			off += n;
			cursor++;
		}
	}
	le->cursor = cursor;
}

bool lineedit_kill_word_back(lineedit *le)
{
	size_t cursor = le->cursor, off = lineedit_offset(le, cursor);
	back_while(le, &cursor, &off, is_blank, true);
	back_while(le, &cursor, &off, is_blank, false);
	if (cursor == le->cursor)
		return false;
	remove_chars(le, cursor, le->cursor);
	return true;
}

size_t lineedit_offset(const lineedit *le, size_t i)
{
	size_t off = 0, chars = 0;
	if (i >= le->nchars)
		return le->len;
	while (off < le->len) {
		if (!is_continuation((unsigned char)le->text[off])) {
			if (chars == i)
				return off;
			chars++;
		}
		off++;
	}
	return le->len;
}

/* ---- view ---- */

/* Columns of the character at byte offset off (its length in *n). */
static int char_cols(const lineedit *le, size_t off, bool mask, lineedit_width_fn wfn, size_t *n)
{
	unsigned cp = 0;
	*n = text_utf8_decode((const unsigned char *)le->text + off, le->len - off, &cp);
	if (*n == 0)
		*n = 1; /* cannot happen: the text holds only valid UTF-8 */
	if (mask)
		return 1;
	int w = wfn ? wfn(cp) : text_cp_width(cp);
	return w < 0 ? 1 : w;
}

/* Columns of characters [from, to) starting at byte offset off. */
static size_t cols_between(const lineedit *le, size_t off, size_t from, size_t to, bool mask, lineedit_width_fn wfn)
{
	size_t cols = 0, n;
	for (size_t i = from; i < to; i++, off += n)
		cols += (size_t)char_cols(le, off, mask, wfn, &n);
	return cols;
}

void lineedit_view(lineedit *le, int width, bool mask, lineedit_width_fn wfn, size_t *start, size_t *end,
                   int *cursor_col)
{
	size_t n, w = width > 0 ? (size_t)width : 0;
	if (le->scroll > le->cursor)
		le->scroll = le->cursor;
	size_t soff = lineedit_offset(le, le->scroll);
	size_t coff = lineedit_offset(le, le->cursor);
	/* The cursor cell: the character under the cursor (whole, if wide), or one column at the end. */
	size_t need = 1;
	if (le->cursor < le->nchars) {
		size_t cw = (size_t)char_cols(le, coff, mask, wfn, &n);
		need = cw > 1 ? cw : 1;
	}
	size_t before = cols_between(le, soff, le->scroll, le->cursor, mask, wfn);
	/* Scroll right until the cursor cell fits. */
	while (before + need > w && le->scroll < le->cursor) {
		before -= (size_t)char_cols(le, soff, mask, wfn, &n);
		soff += n;
		le->scroll++;
	}
	/* Scroll left while the text from scroll to the end (plus the end cell) still fits: no empty space
	 * on the right when there is hidden text on the left. */
	size_t total = before + cols_between(le, coff, le->cursor, le->nchars, mask, wfn) +
	               (le->cursor == le->nchars ? 1 : 0);
	while (le->scroll > 0) {
		size_t poff = prev_offset(le, soff);
		size_t pw = (size_t)char_cols(le, poff, mask, wfn, &n);
		if (total + pw > w || before + pw + need > w)
			break;
		total += pw;
		before += pw;
		soff = poff;
		le->scroll--;
	}
	/* The characters that fit whole. */
	size_t off = soff, used = 0;
	while (off < le->len) {
		size_t cw = (size_t)char_cols(le, off, mask, wfn, &n);
		if (used + cw > w)
			break;
		used += cw;
		off += n;
	}
	*start = soff;
	*end = off;
	*cursor_col = before > (size_t)INT_MAX ? INT_MAX : (int)before;
}
