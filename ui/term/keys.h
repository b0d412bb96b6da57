/* keys.h — between term.c and keys.c (private to ui/term/): the key sequences curses is taught at
 * start, and how long a bare Esc waits for the rest of a sequence. */
#ifndef SWRTUI_UI_TERM_KEYS_H
#define SWRTUI_UI_TERM_KEYS_H

/* Long enough for a sequence sent in one write (a function key, Alt-x), short enough that a bare Esc
 * answers at once. */
#define TERM_ESC_DELAY_MS 40

/* Bracketed paste markers and the Ctrl-arrow sequences of xterm and rxvt, as keys. */
void keys_define(void);

#endif
