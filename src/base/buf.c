/* buf.c — growable byte buffer; see buf.h. */
#include "swrtui/base/buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "swrtui/base/secret.h"

void buf_init(buf *b)
{
	memset(b, 0, sizeof *b);
}

void buf_free(buf *b)
{
	if (b->data) {
		secret_wipe(b->data, b->cap);
		free(b->data);
	}
	buf_init(b);
}

static bool buf_reserve(buf *b, size_t extra)
{
	if (b->failed)
		return false;
	if (extra > ((size_t)-1) / 2 - b->len) {
		b->failed = true;
		return false;
	}
	size_t need = b->len + extra + 1;
	if (need <= b->cap)
		return true;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap *= 2;
	/* Not realloc: the old block may hold a secret and must be wiped, not left behind. */
	char *p = malloc(cap);
	if (!p) {
		b->failed = true;
		return false;
	}
	if (b->data) {
		memcpy(p, b->data, b->len + 1);
		secret_wipe(b->data, b->cap);
		free(b->data);
	} else {
		p[0] = '\0';
	}
	b->data = p;
	b->cap = cap;
	return true;
}

void buf_append(buf *b, const char *s, size_t n)
{
	if (!buf_reserve(b, n))
		return;
	if (n)
		memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void buf_puts(buf *b, const char *s)
{
	if (s)
		buf_append(b, s, strlen(s));
}

void buf_putc(buf *b, char c)
{
	buf_append(b, &c, 1);
}

void buf_printf(buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || !buf_reserve(b, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

char *buf_take(buf *b)
{
	if (b->failed) {
		buf_free(b);
		return NULL;
	}
	if (!buf_reserve(b, 0)) {
		buf_free(b);
		return NULL;
	}
	char *p = b->data;
	buf_init(b);
	return p;
}

void buf_put_pct(buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
		unsigned char c = *p;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
		    c == '_' || c == '.' || c == '~') {
			buf_putc(b, (char)c);
		} else {
			char enc[3] = {'%', hex[c >> 4], hex[c & 15]};
			buf_append(b, enc, 3);
		}
	}
}
