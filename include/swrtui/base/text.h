/* text.h — making text from outside (server bodies, headers, files) safe to show: control characters
 * and invalid UTF-8 never reach the terminal. */
#ifndef SWRTUI_TEXT_H
#define SWRTUI_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* The one escaping function for text from outside (server bodies, reason phrases, headers, names, files)
 * on its way to a terminal, plain output or a file: a printable copy of len bytes of s. Valid UTF-8 kept,
 * invalid bytes shown as U+FFFD, control characters (C0, DEL, C1: ESC, BEL, so no OSC, CSI or title
 * sequence survives) shown as "\xNN" escapes except that keep_newlines keeps '\n' (and '\t' as a space);
 * bidi controls and invisible characters (text_cp_is_invisible) shown visibly as "‹U+202E›", so that two
 * names cannot look alike. At most max_chars characters (0: no limit), then "…". Malloc'd, or NULL on
 * allocation failure. */
char *text_printable(const char *s, size_t len, size_t max_chars, int keep_newlines);

/* True for a code point that changes the direction of text or takes no room: the bidi embeddings,
 * overrides and isolates (U+202A–U+202E, U+2066–U+2069), LRM/RLM/ALM, the zero-width characters
 * (U+200B–U+200D, U+2060–U+2064, U+FEFF), U+2028/U+2029, the soft hyphen and the tag characters. */
bool text_cp_is_invisible(unsigned cp);

/* A copy of JSON text (as cJSON prints it: these characters occur only inside strings) in which DEL,
 * the C1 controls and the text_cp_is_invisible characters are written as \u escapes ("\u0080",
 * "\u202e") and invalid UTF-8 bytes as "\ufffd": the same JSON value, safe on a terminal. Malloc'd,
 * or NULL on allocation failure. */
char *text_json_safe(const char *json);

/* Length in bytes of the valid UTF-8 sequence at s (at most n bytes), or 0 when invalid; *cp gets the
 * code point. */
size_t text_utf8_decode(const unsigned char *s, size_t n, unsigned *cp);

/* Terminal columns of a code point without a locale: 0 for combining marks and zero-width
 * characters, 2 for East Asian wide and emoji ranges, else 1. */
int text_cp_width(unsigned cp);
/* Columns of a UTF-8 string (invalid bytes count 1). */
size_t text_width(const char *s);

/* The characters (UTF-8 lead bytes) in the first n bytes of s, up to its NUL: the columns of text that
 * holds no wide character (escaped or help text). */
size_t text_chars(const char *s, size_t n);

/* Help text wrapped at width columns with a hanging indent: a line goes on at the column after its first
 * gap of two or more spaces ("  --timeout SECONDS    total time…" goes on under "total"), else 4
 * columns further in (at its own indent when that is 0, prose, or 20 or more, a column already); the
 * lines that already go on at that column are joined to it first, so the text reflows at any width. A
 * line that fits and has no such continuation is kept as it is. Malloc'd. */
char *text_wrap_hanging(const char *text, size_t width);

/* Edit distance of two names (insertions, deletions, substitutions; ASCII case ignored); SIZE_MAX when
 * either is longer than 64 bytes. */
size_t text_name_distance(const char *a, const char *b);
/* Whether typed, at distance from a known name, is near enough to suggest that name ("did you mean"). */
bool text_is_likely_typo(const char *typed, size_t distance);

#endif
