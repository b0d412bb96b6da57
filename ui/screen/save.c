/* save.c — saving the edit form: validate (focus on the first problem), show the changes in a
 * confirmation, send them with a live "Saving…" line, and on failure the decoded error panel and a
 * status that says whether the service may have applied it. A failed save keeps every edit. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "swrtui/base/buf.h"
#include "screen.h"

typedef struct {
	bool is_new;
	long long id;
	registry *r;
	long long new_id;
} save_req;

static int do_save(api_client *c, void *arg, api_result *res)
{
	save_req *q = arg;
	if (q->is_new)
		return api_create_registry(c, q->r, res, &q->new_id);
	return api_update_registry(c, q->id, q->r, res);
}

static void note_set(ui_note *n, bool error, const char *text)
{
	snprintf(n->text, sizeof n->text, "%s", text);
	n->error = error;
}

/* "Label message" when the validator's message starts with the field's JSON name, else
 * "Label: message". */
void ui_field_message(form_field_id id, const char *msg, char *out, size_t outlen)
{
	const form_field_desc *d = form_field(id);
	size_t n = strlen(d->json_field);
	if (strncmp(msg, d->json_field, n) == 0 && msg[n] == ' ')
		snprintf(out, outlen, "%s%s", d->label, msg + n);
	else
		snprintf(out, outlen, "%s: %s", d->label, msg);
}

/* False (with the focus on the first invalid field and the note saying why) when the form is invalid. */
static bool validate(form *f, ui_note *note)
{
	if (form_validate(f) == 0)
		return true;
	for (int i = 0; i < FORM_FIELD_COUNT; i++) {
		if (form_focusable(f, (form_field_id)i) && form_problem(f, (form_field_id)i, false)) {
			form_set_focus(f, (form_field_id)i);
			break;
		}
	}
	char first[400];
	const char *p = form_problem(f, f->focus, false);
	ui_field_message(f->focus, p ? p : "has a problem", first, sizeof first);
	snprintf(note->text, sizeof note->text, "Not saved: %s%s", first,
	         f->nerrors > 1 ? " (more fields are marked !)" : "");
	note->error = true;
	return false;
}

/* The lines of the confirmation: each change (old → new; a secret only "changed"), then a warning. */
static char **change_lines(form *f, size_t *nl)
{
	form_change *ch = NULL;
	size_t n = form_changes(f, &ch);
	if (n == (size_t)-1)
		return NULL;
	char **lines = calloc(n + 3, sizeof *lines);
	*nl = 0;
	for (size_t i = 0; lines && i < n; i++) {
		buf b;
		buf_init(&b);
		if (ch[i].id == FORM_ACCESS_SECRET)
			buf_printf(&b, "%s: changed", ch[i].label);
		else
			buf_printf(&b, "%s: %s → %s", ch[i].label, *ch[i].old_value ? ch[i].old_value : "(empty)",
			           *ch[i].new_value ? ch[i].new_value : "(empty)");
		lines[(*nl)++] = buf_take(&b);
	}
	form_changes_free(ch, n);
	if (lines && form_warning(f)) {
		lines[(*nl)++] = strdup("");
		buf b;
		buf_init(&b);
		buf_printf(&b, "warning: %s", form_warning(f));
		lines[(*nl)++] = buf_take(&b);
	}
	return lines;
}

/* 1: yes, 0: no, -1: out of memory. */
static int confirm_changes(form *f)
{
	size_t nl = 0;
	char **lines = change_lines(f, &nl);
	if (!lines)
		return -1;
	char title[128];
	if (f->is_new)
		snprintf(title, sizeof title, "Create registry");
	else
		snprintf(title, sizeof title, "Save registry %lld", f->id);
	bool yes = widget_confirm(title, (const char *const *)lines, nl,
	                          f->is_new ? "Create this registry?" : "Send these changes?", true);
	for (size_t i = 0; i < nl; i++)
		free(lines[i]);
	free(lines);
	return yes ? 1 : 0;
}

/* After a failed send: the error panel, and a status that says whether it may have been applied. */
static void explain_failure(ui *u, form *f, const api_result *res, ui_note *note)
{
	if (res->transport == API_TRANSPORT_CANCELLED) {
		note_set(note, true, "Cancelled. The service may or may not have applied it; your edits are kept.");
		return;
	}
	ui_error_panel(u, f->is_new ? "Creating the registry" : "Saving the registry", res);
	char tries[32] = "";
	if (res->attempts > 1)
		snprintf(tries, sizeof tries, ", %d attempts", res->attempts);
	bool unsent = res->transport == API_TRANSPORT_RESOLVE || res->transport == API_TRANSPORT_CONNECT ||
	              res->transport == API_TRANSPORT_TLS;
	if (res->transport == API_TRANSPORT_OK)
		snprintf(note->text, sizeof note->text,
		         "Not saved (HTTP %ld%s%s%s); your edits are kept: fix and press F2 again", res->status,
		         res->error.code ? " " : "", res->error.code ? res->error.code : "", tries);
	else if (unsent)
		snprintf(note->text, sizeof note->text, "Not saved (%s failed%s); your edits are kept: F2 tries again",
		         api_transport_name(res->transport), tries);
	else /* sent, but the answer was lost: the service may have applied it */
		snprintf(note->text, sizeof note->text,
		         "Not confirmed (%s%s%s): it may or may not be applied; your edits are kept: F2 sends them again",
		         res->transport == API_TRANSPORT_TOO_LARGE ? "answer too large" : api_transport_name(res->transport),
		         res->transport == API_TRANSPORT_TOO_LARGE ? "" : " failed", tries);
	note->error = true;
}

static void flash_saved(ui *u, const form *f, long long new_id)
{
	if (f->is_new && new_id < 0)
		snprintf(u->flash, sizeof u->flash, "created the registry (the service did not say its ID)");
	else if (f->is_new)
		snprintf(u->flash, sizeof u->flash, "created registry %lld", new_id);
	else
		snprintf(u->flash, sizeof u->flash, "saved registry %lld", f->id);
	u->flash_error = false;
}

int ui_edit_save(ui *u, form *f, void (*redraw)(void *ctx), void *ctx, ui_note *note)
{
	if (!validate(f, note))
		return 0;
	int yes = confirm_changes(f);
	if (yes <= 0) {
		note_set(note, yes < 0, yes < 0 ? "out of memory" : "not saved");
		return 0;
	}
	registry r;
	if (form_to_registry(f, &r) != 0) {
		note_set(note, true, "out of memory");
		return 0;
	}
	save_req q = {.is_new = f->is_new, .id = f->id, .r = &r, .new_id = -1};
	api_result res;
	redraw(ctx);
	int rc = ui_run_request(u, f->is_new ? "Creating…" : "Saving…", do_save, &q, &res);
	registry_free(&r);
	if (rc != 0)
		explain_failure(u, f, &res, note);
	api_result_free(&res);
	if (rc != 0)
		return 0;
	flash_saved(u, f, q.new_id);
	if (!f->is_new) /* runs that failed with the old values may work now */
		ui_impact_after_save(u, f->id, form_text(f, FORM_NAME)->text);
	return 1;
}
