/* text.c — printable copies of untrusted text; see text.h. */
#include <stdlib.h>
#include <string.h>

#include "swrtui/buf.h"
#include "swrtui/text.h"

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
		} else {
			buf_append(&b, (const char *)p + i, n);
			i += n;
		}
		chars++;
	}
	return buf_take(&b);
}
