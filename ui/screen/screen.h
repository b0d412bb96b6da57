/* screen.h — the screens of the UI (private to ui/): the registry list, the edit form, the DNS hosts
 * editor, the login panel, the probe view, the impact panel, the request log and inspector, the error
 * panel, and running a request while the screen stays alive. Screens are views of the widget layer;
 * requests go through the core (src/), nothing here calls libcurl. */
#ifndef SWRTUI_UI_SCREEN_H
#define SWRTUI_UI_SCREEN_H

#include <stdbool.h>
#include <stddef.h>

#include "swrtui/cli/cli.h"
#include "swrtui/config/session.h"
#include "swrtui/http/http.h"
#include "swrtui/http/reqlog.h"
#include "swrtui/model/form.h"
#include "swrtui/swr/swr.h"
#include "widget/widget.h"

typedef struct ui {
	api_client *client; /* owned by the session */
	session *ss;        /* the credential in use (a login replaces its token) */
	settings *settings;
	char *token_expires; /* from an IAM login, or NULL */
	bool in_login;
	char flash[512];     /* a message for the next screen's status line */
	bool flash_error;
	reqlog log;          /* the request inspector's memory */
	char *exit_note;     /* the decoded error of the last failed request, for stderr at exit (exitnote.c) */
	int in_error_panel;  /* an error panel is open: its requests (decode, inspect) keep exit_note */
	char region[65];          /* the region the title names, or "" */
	char instance_name[128];  /* the instance's name for the title (printable), or "" when only its ID is known */
} ui;

/* Entry point (app.c): the registry list (command NULL), "edit ID" or "new". Returns the exit code. */
int ui_main(cli_opts *o);

/* ---- requests with a live screen (request.c, relogin.c) ---- */

/* Runs fn with the terminal watched: Esc or Ctrl-C cancels (API_TRANSPORT_CANCELLED), a resize
 * redraws the "busy" notice. ui_run_request_once sends once; ui_run_request, when the token expired,
 * offers to log in again and then sends once more. */
typedef int (*ui_request_fn)(api_client *c, void *arg, api_result *res);
int ui_run_request_once(ui *u, const char *busy, ui_request_fn fn, void *arg, api_result *res);
int ui_run_request(ui *u, const char *busy, ui_request_fn fn, void *arg, api_result *res);
/* ui_run_request for a read whose screen stays (a page of the list): the keys typed meanwhile are kept
 * for the screen (type-ahead), and dropped when the read fails. */
int ui_run_read(ui *u, const char *busy, ui_request_fn fn, void *arg, api_result *res);
/* ui_run_request_once for a live view's own request (a poll on its tick): the keys typed meanwhile,
 * but Esc and Ctrl-C, are kept for the view rather than dropped. */
int ui_run_request_live(ui *u, const char *busy, ui_request_fn fn, void *arg, api_result *res);

/* ---- the error panel (errpanel.c) ---- */

/* The decoded error panel for a failed request (status, codes, request id, hint, encoded message; it
 * decodes that through STS on d). */
void ui_error_panel(ui *u, const char *what, const api_result *res);

/* Writes msg and a newline to the file the user named (msgfile.c): ~ expanded, made absolute; a new
 * file 0600, an existing regular file overwritten only after asking, a symbolic link never followed.
 * note says what happened, with the absolute path. 0, or -1 when nothing was written. */
int ui_message_to_file(const char *name, const char *msg, char *note, size_t notelen);

/* ---- the error left on stderr at exit (exitnote.c) ---- */

/* Keeps the decoded error of a failed request ("WHAT failed:", then the lines the plain commands print)
 * to print on stderr after the screen is restored, so that its request id survives in the scrollback.
 * A later request that succeeds outside an error panel clears it. */
void ui_exit_note_set(ui *u, const char *what, const api_result *res);
void ui_exit_note_clear(ui *u);
/* Adds "  line" to the kept error (when there is one). */
void ui_exit_note_add(ui *u, const char *line);
/* Prints the kept error on stderr (the terminal restored) and frees it. */
void ui_exit_note_print(ui *u);

/* ---- the request log and inspector (inspector.c) ---- */

void ui_request_log(ui *u);
/* The i-th newest request, whole. */
void ui_request_detail(ui *u, size_t i);

/* ---- credentials (login.c) ---- */

/* The IAM password login panel; on success the session's credential is the new token. why says why
 * it is shown. */
bool ui_login(ui *u, const char *why);
/* "token from SWRTUI_TOKEN", "AK/SK from CLOUD_SDK_AK/CLOUD_SDK_SK", "token from IAM login …, expires …" */
void ui_auth_line(ui *u, char *out, size_t outlen);

/* ---- the instance (picker.c) ---- */

/* Finds what is not configured but can be: the project of the region, and with with_instance the
 * instance of --instance NAME (session_complete), with the screen alive; a failure is shown (error panel
 * or message). True when done. */
bool ui_complete_target(ui *u, bool with_instance);
/* The instance picker: the project found when needed, the instances listed, one chosen (auto_single: the
 * only one without asking); g in it switches the region. 1 when an instance was chosen (the client and
 * the settings name it), 0 when left, -1 to quit. */
int ui_instance_picker(ui *u, bool auto_single);

/* ---- screens ---- */

/* The registry list (list.c). Returns -1 to quit. */
int ui_list_screen(ui *u);
/* Edit registry id, or a new one when r is NULL (edit.c). Returns 1 when saved, 0 when left, -1 to quit. */
int ui_edit_screen(ui *u, const registry *r);
/* A one-off message on a screen's status line. */
typedef struct {
	char text[512];
	bool error;
} ui_note;

/* Validates, confirms the changes and sends them (save.c); redraw(ctx) shows the form again behind the
 * "Saving…" line. Returns 1 when saved; else note says why. */
int ui_edit_save(ui *u, form *f, void (*redraw)(void *ctx), void *ctx, ui_note *note);
/* A field's problem as the status line says it: "Label message" or "Label: message" (save.c). */
void ui_field_message(form_field_id id, const char *msg, char *out, size_t outlen);
/* The DNS hosts editor on the form's map (hosts.c). */
void ui_hosts_screen(ui *u, form *f);
/* Probes the form's target from this machine and shows the checklist (probe_view.c). */
void ui_probe_screen(ui *u, form *f);
/* The impact panel of registry id (impact.c): the replication policies that use it with their last
 * runs; Enter shows a policy's runs, r runs it again and follows the run. */
void ui_impact_screen(ui *u, long long id, const char *name);
/* After a successful save of registry id: when the last run of a policy that uses it failed, offers to
 * run those again (then the panel follows them). A failed check only adds a note to u->flash. */
void ui_impact_after_save(ui *u, long long id, const char *name);

/* ---- marks and credential rotation (rotate.c) ---- */

/* A registry marked in the list (Space), with the failure of its last rotation. */
typedef struct {
	long long id;
	char *name;
	char *error;     /* "PUT: HTTP 500 ...", or NULL */
	api_result res;  /* that failure, for the error panel (valid when has_res) */
	bool has_res;
} ui_mark;

typedef struct {
	ui_mark *items;
	size_t count;
} ui_marks;

/* The index of the mark of registry id, or -1. */
long ui_marks_find(const ui_marks *m, long long id);
/* Marks registry id, or unmarks it when marked. 0, or -1 when out of memory. */
int ui_marks_toggle(ui_marks *m, long long id, const char *name);
void ui_marks_clear(ui_marks *m);
/* A new access key and/or secret for the marked registries, each updated in turn with its result on
 * its row; those that succeeded are unmarked, failed ones keep their error. */
void ui_rotate_screen(ui *u, ui_marks *m);

/* ---- the F1 texts (help.c) ---- */

extern const char ui_help_list[];
extern const char ui_help_edit[];
extern const char ui_help_hosts[];
extern const char ui_help_host_row[];
extern const char ui_help_login[];
extern const char ui_help_probe[];
extern const char ui_help_request_log[];
extern const char ui_help_inspector[];
extern const char ui_help_error[];
extern const char ui_help_picker[];
extern const char ui_help_region[];
extern const char ui_help_impact[];
extern const char ui_help_runs[];

#endif
