/* text.h — making text from outside (server bodies, headers, files) safe to show: control characters
 * and invalid UTF-8 never reach the terminal. */
#ifndef SWRTUI_TEXT_H
#define SWRTUI_TEXT_H

#include <stddef.h>

/* A printable copy of len bytes of s: valid UTF-8 kept, invalid bytes shown as U+FFFD, control
 * characters (C0, DEL, C1) shown as "\xNN" escapes except that keep_newlines keeps '\n' (and '\t' as a
 * space). At most max_chars characters (0: no limit), then "…". Malloc'd, or NULL on allocation failure. */
char *text_printable(const char *s, size_t len, size_t max_chars, int keep_newlines);

/* Length in bytes of the valid UTF-8 sequence at s (at most n bytes), or 0 when invalid; *cp gets the
 * code point. */
size_t text_utf8_decode(const unsigned char *s, size_t n, unsigned *cp);

/* Terminal columns of a code point without a locale: 0 for combining marks and zero-width
 * characters, 2 for East Asian wide and emoji ranges, else 1. */
int text_cp_width(unsigned cp);
/* Columns of a UTF-8 string (invalid bytes count 1). */
size_t text_width(const char *s);

#endif
