/* lineedit.h — the editing state of one line of UTF-8 text: a cursor that counts characters, insertion
 * that drops control characters and invalid UTF-8 (typed or pasted), the usual motions and deletions,
 * and a horizontal view that keeps the cursor visible in a given number of screen columns (long values
 * scroll, they are never cut). No curses: the screen width of a character comes from a function. */
#ifndef SWRTUI_LINEEDIT_H
#define SWRTUI_LINEEDIT_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
	char *text;      /* NUL-terminated UTF-8; never NULL after lineedit_init */
	size_t len;      /* bytes */
	size_t cap;
	size_t nchars;   /* characters (code points) */
	size_t cursor;   /* in characters, 0..nchars */
	size_t scroll;   /* first character shown by lineedit_view */
	bool secret;     /* a secret: lineedit_paste drops line breaks and tabs rather than making them spaces */
} lineedit;

/* Screen columns of a code point (wcwidth-like); NULL means text_cp_width(). */
typedef int (*lineedit_width_fn)(unsigned cp);

int lineedit_init(lineedit *le, const char *text); /* copies text (NULL = ""), cursor at the end */
void lineedit_free(lineedit *le);                  /* wipes the text (it may be a secret) */
int lineedit_set(lineedit *le, const char *text);  /* replaces the text, cursor at the end; keeps secret */

/* Inserts at the cursor; control characters (newline included) and invalid UTF-8 are dropped.
 * Returns the number of characters inserted, or -1 on allocation failure (text unchanged). */
int lineedit_insert(lineedit *le, const char *utf8, size_t len);
/* Inserts pasted text at the cursor, as lineedit_insert, except that this is one line: line breaks at
 * the very end of the paste are dropped, every other run of line breaks (LF, CR, CR LF, a blank line)
 * becomes one space and every tab one space, so that "line one\nline two" stays two words. In a secret (le->secret) they are dropped
 * instead: a secret holds no spaces, and a long one copied from a wrapped line must stay whole. Other
 * control characters and invalid UTF-8 are dropped. Returns as lineedit_insert. */
int lineedit_paste(lineedit *le, const char *utf8, size_t len);
/* Inserts one code point (from a key press); control characters are ignored. */
int lineedit_insert_cp(lineedit *le, unsigned cp);

void lineedit_left(lineedit *le);
void lineedit_right(lineedit *le);
void lineedit_home(lineedit *le);
void lineedit_end(lineedit *le);
bool lineedit_backspace(lineedit *le);      /* deletes the character before the cursor */
bool lineedit_delete(lineedit *le);         /* deletes the character under the cursor */
bool lineedit_kill_to_start(lineedit *le);  /* Ctrl-U: deletes from the cursor to the start */
bool lineedit_kill_to_end(lineedit *le);    /* Ctrl-K: deletes from the cursor to the end */

/* Word motions as readline's backward-word and forward-word: a word is a run of ASCII letters and digits
 * and non-ASCII characters; everything else (spaces, punctuation) separates words. */
void lineedit_word_left(lineedit *le);  /* Alt-B, Ctrl-Left: to the start of the word before the cursor */
void lineedit_word_right(lineedit *le); /* Alt-F, Ctrl-Right: to the end of the next word */
/* Ctrl-W, Alt-Backspace: deletes the spaces before the cursor, then the non-spaces before them (readline's
 * unix-word-rubout: words are delimited by spaces only). Returns whether anything was deleted. */
bool lineedit_kill_word_back(lineedit *le);

/* Byte offset of character index i (i <= nchars). */
size_t lineedit_offset(const lineedit *le, size_t i);

/* The part to draw in `width` columns: adjusts le->scroll so that the cursor is visible, then gives
 * the byte range [*start, *end) to draw and the cursor's column. With `mask` every character counts
 * one column (it is drawn as one mark). */
void lineedit_view(lineedit *le, int width, bool mask, lineedit_width_fn wfn, size_t *start, size_t *end,
                   int *cursor_col);

#endif
