/* text.c — printable copies of untrusted text; see text.h. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "swrtui/base/buf.h"
#include "swrtui/base/text.h"

size_t text_utf8_decode(const unsigned char *s, size_t n, unsigned *cp)
{
	if (n == 0)
		return 0;
	unsigned c = s[0];
	size_t len;
	unsigned min;
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if ((c & 0xe0) == 0xc0) {
		len = 2, min = 0x80, c &= 0x1f;
	} else if ((c & 0xf0) == 0xe0) {
		len = 3, min = 0x800, c &= 0x0f;
	} else if ((c & 0xf8) == 0xf0) {
		len = 4, min = 0x10000, c &= 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

bool text_cp_is_invisible(unsigned cp)
{
	return cp == 0xad || cp == 0x34f || cp == 0x61c || cp == 0x180e || (cp >= 0x200b && cp <= 0x200f) ||
	       (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x2064) || (cp >= 0x2066 && cp <= 0x206f) ||
	       cp == 0xfeff || (cp >= 0xfff9 && cp <= 0xfffb) || (cp >= 0xe0000 && cp <= 0xe007f);
}

char *text_printable(const char *s, size_t len, size_t max_chars, int keep_newlines)
{
	buf b;
	buf_init(&b);
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	if (!s)
		len = 0;
	size_t i = 0, chars = 0;
	while (i < len) {
		if (max_chars && chars >= max_chars) {
			buf_puts(&b, "\xe2\x80\xa6");
			break;
		}
		unsigned cp;
		size_t n = text_utf8_decode(p + i, len - i, &cp);
		if (n == 0) {
			buf_puts(&b, "\xef\xbf\xbd");
			i++;
		} else if (keep_newlines && cp == '\n') {
			buf_putc(&b, '\n');
			i += n;
		} else if (keep_newlines && cp == '\t') {
			buf_putc(&b, ' ');
			i += n;
		} else if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0)) {
			buf_printf(&b, "\\x%02x", cp);
			i += n;
		} else if (text_cp_is_invisible(cp)) {
			buf_printf(&b, "\xe2\x80\xb9U+%04X\xe2\x80\xba", cp); /* ‹U+202E› */
			i += n;
		} else {
			buf_append(&b, (const char *)p + i, n);
			i += n;
		}
		chars++;
	}
	return buf_take(&b);
}

int text_cp_width(unsigned cp)
{
	if (cp == 0 || (cp >= 0x300 && cp <= 0x36f) || (cp >= 0x200b && cp <= 0x200f) || cp == 0xfeff ||
	    (cp >= 0xfe00 && cp <= 0xfe0f))
		return 0;
	if ((cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0x303e) || (cp >= 0x3041 && cp <= 0x33ff) ||
	    (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0xa000 && cp <= 0xa4cf) ||
	    (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) ||
	    (cp >= 0xff00 && cp <= 0xff60) || (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x1f300 && cp <= 0x1f64f) ||
	    (cp >= 0x1f900 && cp <= 0x1f9ff) || (cp >= 0x20000 && cp <= 0x3fffd))
		return 2;
	return 1;
}

size_t text_width(const char *s)
{
	size_t w = 0, n = s ? strlen(s) : 0, i = 0;
	while (i < n) {
		unsigned cp;
		size_t len = text_utf8_decode((const unsigned char *)s + i, n - i, &cp);
		if (len == 0) {
			w++;
			i++;
		} else {
			w += (size_t)text_cp_width(cp);
			i += len;
		}
	}
	return w;
}

/* "\u00XX", or a surrogate pair for a code point above U+FFFF. */
static void put_json_escape(buf *b, unsigned cp)
{
	if (cp > 0xffff) {
		cp -= 0x10000;
		buf_printf(b, "\\u%04x\\u%04x", 0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff));
	} else {
		buf_printf(b, "\\u%04x", cp);
	}
}

char *text_json_safe(const char *json)
{
	buf b;
	buf_init(&b);
	const unsigned char *p = (const unsigned char *)(json ? json : "");
	size_t len = strlen((const char *)p), i = 0;
	while (i < len) {
		unsigned cp;
		size_t n = text_utf8_decode(p + i, len - i, &cp);
		if (n == 0) {
			buf_puts(&b, "\\ufffd");
			i++;
			continue;
		}
		if (cp == 0x7f || (cp >= 0x80 && cp < 0xa0) || text_cp_is_invisible(cp))
			put_json_escape(&b, cp);
		else
			buf_append(&b, (const char *)p + i, n);
		i += n;
	}
	return buf_take(&b);
}

size_t text_chars(const char *s, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n && s[i]; i++)
		c += ((unsigned char)s[i] & 0xC0) != 0x80;
	return c;
}

/* ---- wrapping help text with a hanging indent ---- */


/* The column where the text of line (len bytes) goes on after a wrap: after its first gap of two or
 * more spaces that follows some text ("  --endpoint URL   SWR API…" → the column of "SWR"), else its
 * leading spaces. */
static size_t hang_of(const char *line, size_t len)
{
	size_t i = 0;
	while (i < len && line[i] == ' ')
		i++;
	size_t lead = i;
	for (; i + 1 < len; i++)
		if (line[i] == ' ' && line[i + 1] == ' ' && i > lead) {
			size_t j = i;
			while (j < len && line[j] == ' ')
				j++;
			return j < len ? text_chars(line, j) : lead;
		}
	return lead;
}

static size_t lead_of(const char *line, size_t len)
{
	size_t i = 0;
	while (i < len && line[i] == ' ')
		i++;
	return i;
}

/* Writes words (the bytes [from, to) of the block, split at spaces) after the head already in the
 * output line of cols columns, wrapping at width to the column hang. */
static void wrap_words(buf *out, const char *from, const char *to, size_t cols, size_t hang, size_t width)
{
	bool first = true;
	for (const char *p = from; p < to;) {
		while (p < to && (*p == ' ' || *p == '\n'))
			p++;
		const char *w = p;
		while (p < to && *p != ' ' && *p != '\n')
			p++;
		if (p == w)
			break;
		size_t wc = text_chars(w, (size_t)(p - w));
		if (!first && cols + 1 + wc > width && cols > hang) {
			buf_printf(out, "\n%*s", (int)hang, "");
			cols = hang;
		} else if (!first) {
			buf_putc(out, ' ');
			cols++;
		}
		buf_append(out, w, (size_t)(p - w));
		cols += wc;
		first = false;
	}
}

/* The bytes of line (len) that fit width columns as they are, ended before a space and after lead;
 * lead when none. */
static size_t keep_as_is(const char *line, size_t len, size_t lead, size_t width)
{
	size_t best = lead;
	for (size_t k = lead + 1; k < len && text_chars(line, k) <= width; k++)
		if (line[k] == ' ' && line[k - 1] != ' ')
			best = k;
	return best;
}

/* Whether the line next (nlen bytes) goes on the block whose first line has lead spaces and its text
 * at column hang: it has no gap of its own, and it is indented under a two-column line, or it is
 * prose under prose. */
static bool continues(const char *next, size_t nlen, size_t lead, size_t hang)
{
	size_t l = lead_of(next, nlen);
	if (nlen == 0 || l == nlen || hang_of(next, nlen) != l)
		return false;
	return hang > lead ? l > lead : (lead == 0 && l == 0);
}

char *text_wrap_hanging(const char *text, size_t width)
{
	buf out;
	buf_init(&out);
	const char *p = text;
	while (*p) {
		size_t len = strcspn(p, "\n"), lead = lead_of(p, len), hang = hang_of(p, len);
		/* the block: this line and the lines that go on under it */
		const char *end = p + len;
		while (len > 0 && *end == '\n' && continues(end + 1, strcspn(end + 1, "\n"), lead, hang))
			end = end + 1 + strcspn(end + 1, "\n");
		/* the head: up to the hanging column, as it is; a column too far right for the width is not
		 * kept (no column of one word): the line goes on 4 columns in */
		size_t col = hang + 20 > width ? lead : hang;
		size_t cont = col > lead ? col : lead == 0 || lead >= 20 ? lead : lead + 4; /* deep: a column already */
		size_t head = 0;
		while (head < len && text_chars(p, head) < col)
			head++;
		if (text_chars(p, len) <= width && end == p + len) {
			buf_append(&out, p, len);
		} else if (col == lead && col > 0 && (head = keep_as_is(p, len, lead, width)) > lead) {
			/* no column: the line as it is, as far as it fits, then the rest under it */
			buf_append(&out, p, head);
			buf_printf(&out, "\n%*s", (int)cont, "");
			wrap_words(&out, p + head, end, cont, cont, width);
		} else {
			buf_append(&out, p, head);
			wrap_words(&out, p + head, end, text_chars(p, head), cont, width);
		}
		p = end;
		if (*p == '\n') {
			buf_putc(&out, '\n');
			p++;
		}
	}
	return buf_take(&out);
}

/* ---- the nearest name ---- */

#define NAME_DISTANCE_MAX 64

static char lower_ascii(char ch)
{
	return ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch;
}

size_t text_name_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > NAME_DISTANCE_MAX || lb > NAME_DISTANCE_MAX)
		return SIZE_MAX;
	size_t rows[3][NAME_DISTANCE_MAX + 1]; /* the rows i-2, i-1 and i */
	for (size_t j = 0; j <= lb; j++)
		rows[0][j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t *two = rows[(i + 1) % 3], *prev = rows[(i + 2) % 3], *cur = rows[i % 3];
		cur[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			char ca = lower_ascii(a[i - 1]), cb = lower_ascii(b[j - 1]);
			size_t best = prev[j - 1] + (ca != cb);
			if (prev[j] + 1 < best)
				best = prev[j] + 1;
			if (cur[j - 1] + 1 < best)
				best = cur[j - 1] + 1;
			/* two neighbours swapped ("shwo" for "show") is one edit */
			if (i > 1 && j > 1 && ca == lower_ascii(b[j - 2]) && lower_ascii(a[i - 2]) == cb && two[j - 2] + 1 < best)
				best = two[j - 2] + 1;
			cur[j] = best;
		}
	}
	return rows[la % 3][lb];
}

bool text_is_likely_typo(const char *typed, size_t distance)
{
	size_t len = strlen(typed);
	return distance <= 1 || (distance <= 2 && len >= 5) || (distance <= 3 && len >= 8);
}
