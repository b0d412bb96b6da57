/* fuzz.h — helpers shared by the libFuzzer targets in tests/fuzz/: reading an input as a stream of bytes,
 * chunks and lines, and the checks several targets assert (valid UTF-8 without control characters).
 * Header only; every helper is static inline so that a target may use any subset of them. */
#ifndef SWRTUI_FUZZ_H
#define SWRTUI_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "swrtui/base/text.h"

/* The entry point libFuzzer calls (declared here for -Wmissing-prototypes). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A violated invariant: say which, then abort so that libFuzzer keeps the input as a crash. */
#define FUZZ_ASSERT(cond)                                                                                  \
	do {                                                                                                   \
		if (!(cond)) {                                                                                     \
			fprintf(stderr, "%s:%d: invariant violated: %s\n", __FILE__, __LINE__, #cond);                 \
			abort();                                                                                       \
		}                                                                                                  \
	} while (0)

typedef struct {
	const uint8_t *p;
	size_t len;
	size_t pos;
} fuzz_stream;

static inline bool fuzz_done(const fuzz_stream *s)
{
	return s->pos >= s->len;
}

/* The next byte, or 0 at the end. */
static inline uint8_t fuzz_byte(fuzz_stream *s)
{
	return s->pos < s->len ? s->p[s->pos++] : 0;
}

/* The next n bytes (fewer at the end): *out points into the input. Returns how many. */
static inline size_t fuzz_take(fuzz_stream *s, size_t n, const uint8_t **out)
{
	size_t left = s->len - s->pos;
	if (n > left)
		n = left;
	*out = s->p + s->pos;
	s->pos += n;
	return n;
}

/* The next line without its '\n' (a '\r' before it is kept); *out points into the input. False at the
 * end of the input. */
static inline bool fuzz_line(fuzz_stream *s, const uint8_t **out, size_t *n)
{
	if (s->pos >= s->len)
		return false;
	const uint8_t *start = s->p + s->pos;
	const uint8_t *nl = memchr(start, '\n', s->len - s->pos);
	*out = start;
	*n = nl ? (size_t)(nl - start) : s->len - s->pos;
	s->pos += *n + (nl ? 1 : 0);
	return true;
}

/* A NUL-terminated copy of n bytes (an embedded NUL ends the string, as it would in C). Aborts when
 * out of memory: the targets run far below any limit. */
static inline char *fuzz_strndup(const void *p, size_t n)
{
	const void *nul = memchr(p, '\0', n);
	if (nul)
		n = (size_t)((const char *)nul - (const char *)p);
	char *s = malloc(n + 1);
	FUZZ_ASSERT(s != NULL);
	memcpy(s, p, n);
	s[n] = '\0';
	return s;
}

/* True when s[0..len) is valid UTF-8 holding no control character (C0, DEL, C1), except '\n' when
 * newline_ok. */
static inline bool fuzz_printable_utf8(const char *s, size_t len, bool newline_ok)
{
	size_t i = 0;
	while (i < len) {
		unsigned cp;
		size_t n = text_utf8_decode((const unsigned char *)s + i, len - i, &cp);
		if (n == 0)
			return false;
		if ((cp < 0x20 && !(newline_ok && cp == '\n')) || (cp >= 0x7f && cp <= 0x9f))
			return false;
		i += n;
	}
	return true;
}

/* Number of code points of valid UTF-8 (the caller has checked it). */
static inline size_t fuzz_utf8_chars(const char *s, size_t len)
{
	size_t chars = 0;
	for (size_t i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			chars++;
	return chars;
}

static inline const char *fuzz_str(const char *s)
{
	return s ? s : "";
}

#endif
