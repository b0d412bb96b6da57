/* ui.h — the terminal face of swrtui (ncursesw): the screen lifecycle, key input with bracketed paste,
 * drawing helpers, and the screens (registry list, edit form, DNS hosts editor, dialogs, error panel).
 * Requests go through the core's request module; nothing here calls libcurl. */
#ifndef SWRTUI_UI_H
#define SWRTUI_UI_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

#include "swrtui/http/http.h"
#include "swrtui/swr/swr.h"
#include "swrtui/cli/cli.h"
#include "swrtui/model/form.h"
#include "swrtui/http/reqlog.h"
#include "swrtui/config/session.h"

#define UI_MIN_COLS 40
#define UI_MIN_ROWS 12

/* ---- keys ---- */

enum {
	UI_KEY_NONE = 0,
	UI_KEY_CHAR,   /* code: a printable code point */
	UI_KEY_FUNC,   /* code: an ncurses KEY_* value or a control character (< 0x20, 0x7f) */
	UI_KEY_PASTE,  /* text: the pasted text (control characters still in it; the editor drops them) */
	UI_KEY_RESIZE,
	UI_KEY_SIGNAL  /* a terminating signal arrived */
};

#define UI_CTRL(c) ((c) & 0x1f)
#define UI_ESC 27

typedef struct {
	int kind;
	int code;
	char *text; /* UI_KEY_PASTE: malloc'd UTF-8, freed by ui_key_free */
	size_t len;
	bool too_large; /* UI_KEY_PASTE over 16 MiB: text is NULL, nothing is to be inserted */
} ui_key;

void ui_key_free(ui_key *k);
/* Blocks for the next key. timeout_ms < 0: wait forever; else UI_KEY_NONE after the timeout. */
void ui_read_key(ui_key *k, int timeout_ms);
bool ui_key_is(const ui_key *k, int code); /* FUNC or CHAR with that code */
/* The line-editing keys of every text field: typing, paste, Left, Right, Home/Ctrl-A, End/Ctrl-E,
 * Backspace, Delete, Ctrl-U. True when k was one of them. */
bool ui_lineedit_key(lineedit *le, const ui_key *k);
/* Ctrl-C was pressed (outside a running request): every screen returns at once. */
bool ui_quitting(void);
void ui_set_quit(bool on);

/* ---- lifecycle ---- */

typedef struct ui {
	api_client *client; /* owned by the session */
	session *ss;        /* the credential in use (a login replaces its token) */
	settings *settings;
	char *token_expires; /* from an IAM login, or NULL */
	bool in_login;
	bool color;
	int rows, cols;
	char flash[512];      /* a message for the next screen's status line */
	bool flash_error;
	reqlog log;           /* the request inspector's memory */
} ui;

/* Entry point: the registry list (command NULL), "edit ID" or "new". Returns the exit code. */
int ui_main(cli_opts *o);

/* A terminal on stdin and stdout, and a TERM that can address the cursor; 0 or -1 with err. */
int ui_term_check(char *err, size_t errlen);
int ui_term_start(ui *u, char *err, size_t errlen);
void ui_term_stop(void);
/* True when the screen is too small; then draws the notice. */
bool ui_too_small(ui *u);
void ui_update_size(ui *u);

/* ---- drawing ---- */

enum { UI_PAIR_TITLE = 1, UI_PAIR_ERROR, UI_PAIR_OK, UI_PAIR_FOCUS, UI_PAIR_DIM, UI_PAIR_WARN, UI_PAIR_PANEL };

/* Attributes for a role; colour only when enabled, always with a non-colour attribute too. */
int ui_attr(ui *u, int pair);
/* Draws UTF-8 text at (y, x) in at most width columns (never past the edge; wide characters whole;
 * control characters escaped). Returns the columns used. */
int ui_put(int y, int x, const char *s, int width);
/* Same, then pads with spaces to width. */
void ui_put_pad(int y, int x, const char *s, int width);
void ui_title(ui *u, const char *title);
void ui_status(ui *u, const char *msg, int pair);
/* The status in the nlines lines above the hints, wrapped at spaces. */
void ui_status_lines(ui *u, const char *msg, int pair, int nlines);
void ui_hints(ui *u, const char *hints);

/* ---- dialogs (dialog.c) ---- */

/* A panel with lines of text; returns true for Enter/y, false for Esc/n. */
bool ui_confirm(ui *u, const char *title, const char *const *body, size_t n, const char *question);
/* Shows lines in a panel until a key; scrollable when long. */
void ui_message(ui *u, const char *title, const char *text);
/* A one-line prompt at the bottom; returns malloc'd text or NULL on Esc. */
char *ui_prompt(ui *u, const char *label, const char *initial);
void ui_help(ui *u, const char *screen);
/* The decoded error panel for a failed request (status, codes, request id, hint, encoded message). */
void ui_error_panel(ui *u, const char *what, const api_result *res);
/* Decodes an encoded authorization message through STS (AK/SK needed) and shows who, which action,
 * which resource and why it was denied, or why decoding failed. */
void ui_decode_message(ui *u, const char *message);

/* ---- requests with a live screen ---- */

/* Runs fn with the terminal watched: Esc or Ctrl-C cancels (API_TRANSPORT_CANCELLED), a resize
 * redraws the "busy" notice. */
typedef int (*ui_request_fn)(api_client *c, void *arg, api_result *res);
int ui_run_request(ui *u, const char *busy, ui_request_fn fn, void *arg, api_result *res);

/* ---- the request inspector (inspector.c) ---- */

void ui_request_log(ui *u);
/* The i-th newest request, whole. */
void ui_request_detail(ui *u, size_t i);

/* ---- credentials (login.c) ---- */

/* The IAM password login panel; on success the session's credential is the new token. why says why
 * it is shown. */
bool ui_login(ui *u, const char *why);
/* "token from SWRTUI_TOKEN", "AK/SK from CLOUD_SDK_AK/CLOUD_SDK_SK", "token from IAM login …, expires …" */
void ui_auth_line(ui *u, char *out, size_t outlen);

/* ---- screens ---- */

int ui_list_screen(ui *u);
/* Edit registry id (or a new one when r is NULL). Returns 1 when saved, 0 when left, -1 to quit. */
int ui_edit_screen(ui *u, const registry *r);
/* The DNS hosts editor on the form's map. */
void ui_hosts_screen(ui *u, form *f);
/* Probes the form's target from this machine and shows the checklist (probe_view.c). */
void ui_probe_screen(ui *u, form *f);

#endif
