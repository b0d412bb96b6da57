/* buf.h — a growable byte buffer for building text (requests, messages). Allocation failure is sticky:
 * after one, every call is a no-op and buf_take() returns NULL. */
#ifndef SWRTUI_BUF_H
#define SWRTUI_BUF_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
	char *data; /* NUL-terminated when len > 0 or after buf_take */
	size_t len;
	size_t cap;
	bool failed;
} buf;

void buf_init(buf *b);
void buf_free(buf *b);          /* wipes the contents, then frees */
void buf_append(buf *b, const char *s, size_t n);
void buf_puts(buf *b, const char *s);
void buf_putc(buf *b, char c);
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
void buf_printf(buf *b, const char *fmt, ...);
/* Returns the NUL-terminated contents (caller frees) and resets b; NULL on earlier allocation failure. */
char *buf_take(buf *b);
/* Percent-encode s keeping only A-Z a-z 0-9 - _ . ~ (the unreserved set of RFC 3986, as AK/SK signing encodes the path and query). */
void buf_put_pct(buf *b, const char *s);

#endif
