/* edit.c — the edit form screen: draws the form model (labels marked when invalid, the secret masked
 * unless revealed, the swr-pro-internal fields only for that type), turns keys into form calls, and
 * saves through a confirmation of the changes, a live "Saving…" state and the decoded error panel.
 * A failed save keeps every edit. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "swrtui/base/buf.h"
#include "swrtui/base/text.h"
#include "ui.h"

int ui_cp_width(unsigned cp);

typedef struct {
	form f;
	int top;          /* first form row shown */
	char status[512]; /* a one-off message */
	bool status_error;
} edit_state;

static const char *type_text(registry_type t)
{
	switch (t) {
	case REGISTRY_TYPE_SWR_PRO: return "swr-pro — open-source Harbor";
	case REGISTRY_TYPE_SWR_PRO_INTERNAL: return "swr-pro-internal — SWR Enterprise Edition";
	case REGISTRY_TYPE_HUAWEI_SWR: return "huawei-SWR — SWR Basic Edition";
	default: return "(choose a type)";
	}
}

/* "Label message" when the validator's message starts with the field's JSON name, else
 * "Label: message". */
static void field_message(form_field_id id, const char *msg, char *out, size_t outlen)
{
	const form_field_desc *d = form_field(id);
	size_t n = strlen(d->json_field);
	if (strncmp(msg, d->json_field, n) == 0 && msg[n] == ' ')
		snprintf(out, outlen, "%s%s", d->label, msg + n);
	else
		snprintf(out, outlen, "%s: %s", d->label, msg);
}

static int label_width(ui *u)
{
	int w = 33;
	return w < u->cols / 2 ? w : u->cols / 2;
}

/* Draws the value of one field at (y, x) in width columns; sets *cx when it holds the cursor. */
static void draw_value(ui *u, edit_state *s, form_field_id id, int y, int x, int width, int *cx)
{
	form *f = &s->f;
	const form_field_desc *d = form_field(id);
	bool focused = f->focus == id;
	int fa = focused ? ui_attr(u, UI_PAIR_FOCUS) : (int)A_UNDERLINE;
	switch (d->kind) {
	case FORM_KIND_TEXT:
	case FORM_KIND_SECRET: {
		lineedit *le = form_text(f, id);
		bool mask = d->kind == FORM_KIND_SECRET && !f->secret_revealed;
		size_t st, en;
		int cc;
		lineedit_view(le, width, mask, ui_cp_width, &st, &en, &cc);
		attron(fa);
		if (le->len == 0 && !focused && d->kind == FORM_KIND_SECRET && !f->is_new) {
			attroff(fa);
			attron(ui_attr(u, UI_PAIR_DIM));
			ui_put_pad(y, x, "(enter it again: the service never returns it)", width);
			attroff(ui_attr(u, UI_PAIR_DIM));
			attron(fa);
		} else if (mask) {
			size_t nchars = 0;
			for (size_t i = st; i < en; i++)
				if (((unsigned char)le->text[i] & 0xc0) != 0x80)
					nchars++;
			mvhline(y, x, ' ', width);
			for (size_t i = 0; i < nchars && (int)i < width; i++)
				mvaddch(y, x + (int)i, '*');
		} else {
			char *vis = strndup(le->text + st, en - st);
			ui_put_pad(y, x, vis ? vis : "", width);
			free(vis);
		}
		attroff(fa);
		if (focused)
			*cx = x + cc;
		break;
	}
	case FORM_KIND_CHOICE: {
		char v[128];
		snprintf(v, sizeof v, "< %s >", type_text(f->type));
		attron(fa);
		ui_put_pad(y, x, v, width);
		attroff(fa);
		break;
	}
	case FORM_KIND_CHECKBOX:
		attron(fa);
		ui_put_pad(y, x, f->insecure ? "[x] yes: the target's certificate is not verified" : "[ ] no", width);
		attroff(fa);
		break;
	case FORM_KIND_MAP: {
		buf b;
		buf_init(&b);
		if (f->nhosts == 0)
			buf_puts(&b, "(none)");
		/* only the hosts that fit: the row is drawn on every key, whatever the number of hosts */
		for (size_t i = 0; i < f->nhosts && text_width(b.data ? b.data : "") <= (size_t)width; i++)
			buf_printf(&b, "%s%s%s=%s", i ? ", " : "", form_host_problem(f, i) ? "!" : "", f->hosts[i].domain,
			           f->hosts[i].ip);
		buf_puts(&b, "  [Enter edits]");
		char *v = buf_take(&b);
		attron(fa);
		ui_put_pad(y, x, v ? v : "", width);
		attroff(fa);
		free(v);
		break;
	}
	case FORM_KIND_READONLY: {
		lineedit *le = form_text(f, id);
		attron(ui_attr(u, UI_PAIR_DIM));
		ui_put_pad(y, x, le && le->len ? le->text : "basic", width);
		attroff(ui_attr(u, UI_PAIR_DIM));
		break;
	}
	}
}

static void draw(ui *u, edit_state *s)
{
	form *f = &s->f;
	erase();
	char title[256];
	lineedit *name = form_text(f, FORM_NAME);
	if (f->is_new)
		snprintf(title, sizeof title, " swrtui — new registry%s", form_dirty(f) ? " (modified)" : "");
	else
		snprintf(title, sizeof title, " swrtui — registry %lld: %s%s", f->id, f->original.name ? f->original.name : "",
		         form_dirty(f) ? " (modified)" : "");
	(void)name;
	ui_title(u, title);
	/* the visible rows, and the focused one */
	form_field_id rows[FORM_FIELD_COUNT];
	int nrows = 0, focus_row = 0;
	for (int i = 0; i < FORM_FIELD_COUNT; i++) {
		if (!form_visible(f, (form_field_id)i))
			continue;
		if (f->focus == (form_field_id)i)
			focus_row = nrows;
		rows[nrows++] = (form_field_id)i;
	}
	int h = u->rows - 5; /* title, blank, two status lines, hints */
	if (focus_row < s->top)
		s->top = focus_row;
	if (focus_row >= s->top + h)
		s->top = focus_row - h + 1;
	if (s->top > nrows - h)
		s->top = nrows - h;
	if (s->top < 0)
		s->top = 0;
	int lw = label_width(u);
	int vx = lw + 1, vw = u->cols - vx - 1;
	int cx = -1, cy = -1;
	for (int r = s->top; r < nrows && r < s->top + h; r++) {
		form_field_id id = rows[r];
		const form_field_desc *d = form_field(id);
		int y = 2 + r - s->top;
		const char *err = form_problem(f, id, false);
		char label[128];
		snprintf(label, sizeof label, "%s%s%s", err ? "! " : "  ", d->label, d->required ? " *" : "");
		int la = err ? ui_attr(u, UI_PAIR_ERROR) : (f->focus == id ? (int)A_BOLD : 0);
		attron(la);
		ui_put_pad(y, 0, label, lw);
		attroff(la);
		draw_value(u, s, id, y, vx, vw, &cx);
		if (f->focus == id && cx >= 0)
			cy = y;
	}
	if (s->top > 0)
		mvaddstr(2, u->cols - 1, "^");
	if (s->top + h < nrows)
		mvaddstr(u->rows - 4, u->cols - 1, "v");
	/* the status line: the focused field's problem, else a summary, else a warning or a message */
	char status[512];
	int pair = 0;
	const char *ferr = form_problem(f, f->focus, false);
	if (s->status[0]) {
		snprintf(status, sizeof status, "%s", s->status);
		pair = s->status_error ? UI_PAIR_ERROR : UI_PAIR_OK;
	} else if (ferr) {
		field_message(f->focus, ferr, status, sizeof status);
		pair = UI_PAIR_ERROR;
	} else if (f->focus == FORM_DNS_HOSTS && f->nerrors && form_problem(f, FORM_DNS_HOSTS, false)) {
		snprintf(status, sizeof status, "DNS hosts: %s", form_problem(f, FORM_DNS_HOSTS, false));
		pair = UI_PAIR_ERROR;
	} else if (f->nerrors) {
		snprintf(status, sizeof status, "%zu problem%s: fields marked ! (move there to read why)", f->nerrors,
		         f->nerrors == 1 ? "" : "s");
		pair = UI_PAIR_ERROR;
	} else if (form_warning(f)) {
		snprintf(status, sizeof status, "warning: %s", form_warning(f));
		pair = UI_PAIR_WARN;
	} else {
		snprintf(status, sizeof status, "%s", f->focus == FORM_ACCESS_SECRET ? "F3 or Ctrl-R shows or hides the secret" : "");
	}
	ui_status_lines(u, status, pair, 2);
	ui_hints(u, " F2 save  Esc back  Tab next  F3 show secret  F5 probe target  F1 help");
	if (cx >= 0 && cy >= 0) {
		move(cy, cx < u->cols ? cx : u->cols - 1);
		curs_set(1);
	} else {
		curs_set(0);
	}
	refresh();
}

/* ---- saving ---- */

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

/* Returns 1 when saved. */
static int save(ui *u, edit_state *s)
{
	form *f = &s->f;
	if (form_validate(f) > 0) {
		for (int i = 0; i < FORM_FIELD_COUNT; i++) {
			if (form_focusable(f, (form_field_id)i) && form_problem(f, (form_field_id)i, false)) {
				form_set_focus(f, (form_field_id)i);
				break;
			}
		}
		char first[400];
		const char *p = form_problem(f, f->focus, false);
		field_message(f->focus, p ? p : "has a problem", first, sizeof first);
		snprintf(s->status, sizeof s->status, "Not saved: %s%s", first,
		         f->nerrors > 1 ? " (more fields are marked !)" : "");
		s->status_error = true;
		return 0;
	}
	form_change *ch = NULL;
	size_t n = form_changes(f, &ch);
	if (n == (size_t)-1) {
		snprintf(s->status, sizeof s->status, "out of memory");
		s->status_error = true;
		return 0;
	}
	char **lines = calloc(n + 3, sizeof *lines);
	size_t nl = 0;
	for (size_t i = 0; lines && i < n; i++) {
		buf b;
		buf_init(&b);
		if (ch[i].id == FORM_ACCESS_SECRET)
			buf_printf(&b, "%s: changed", ch[i].label);
		else
			buf_printf(&b, "%s: %s → %s", ch[i].label, *ch[i].old_value ? ch[i].old_value : "(empty)",
			           *ch[i].new_value ? ch[i].new_value : "(empty)");
		lines[nl++] = buf_take(&b);
	}
	form_changes_free(ch, n);
	if (lines && form_warning(f)) {
		lines[nl++] = strdup("");
		buf b;
		buf_init(&b);
		buf_printf(&b, "warning: %s", form_warning(f));
		lines[nl++] = buf_take(&b);
	}
	char title[128];
	if (f->is_new)
		snprintf(title, sizeof title, "Create registry");
	else
		snprintf(title, sizeof title, "Save registry %lld", f->id);
	bool yes = lines && ui_confirm(u, title, (const char *const *)lines, nl,
	                                f->is_new ? "Create this registry?" : "Send these changes?");
	for (size_t i = 0; lines && i < nl; i++)
		free(lines[i]);
	free(lines);
	if (!yes) {
		snprintf(s->status, sizeof s->status, "not saved");
		s->status_error = false;
		return 0;
	}
	registry r;
	if (form_to_registry(f, &r) != 0) {
		snprintf(s->status, sizeof s->status, "out of memory");
		s->status_error = true;
		return 0;
	}
	save_req q = {.is_new = f->is_new, .id = f->id, .r = &r, .new_id = -1};
	api_result res;
	draw(u, s);
	int rc = ui_run_request(u, f->is_new ? "Creating…" : "Saving…", do_save, &q, &res);
	registry_free(&r);
	if (rc == 0) {
		if (f->is_new && q.new_id < 0)
			snprintf(u->flash, sizeof u->flash, "created the registry (the service did not say its ID)");
		else if (f->is_new)
			snprintf(u->flash, sizeof u->flash, "created registry %lld", q.new_id);
		else
			snprintf(u->flash, sizeof u->flash, "saved registry %lld", f->id);
		u->flash_error = false;
		api_result_free(&res);
		return 1;
	}
	if (res.transport == API_TRANSPORT_CANCELLED) {
		snprintf(s->status, sizeof s->status,
		         "Cancelled. The service may or may not have applied it; your edits are kept.");
		s->status_error = true;
	} else {
		ui_error_panel(u, f->is_new ? "Creating the registry" : "Saving the registry", &res);
		char tries[32] = "";
		if (res.attempts > 1)
			snprintf(tries, sizeof tries, ", %d attempts", res.attempts);
		bool unsent = res.transport == API_TRANSPORT_RESOLVE || res.transport == API_TRANSPORT_CONNECT ||
		              res.transport == API_TRANSPORT_TLS;
		if (res.transport == API_TRANSPORT_OK)
			snprintf(s->status, sizeof s->status, "Not saved (HTTP %ld%s%s%s); your edits are kept: fix and press F2 again",
			         res.status, res.error.code ? " " : "", res.error.code ? res.error.code : "", tries);
		else if (unsent)
			snprintf(s->status, sizeof s->status, "Not saved (%s failed%s); your edits are kept: F2 tries again",
			         api_transport_name(res.transport), tries);
		else /* sent, but the answer was lost: the service may have applied it */
			snprintf(s->status, sizeof s->status,
			         "Not confirmed (%s%s%s): it may or may not be applied; your edits are kept: F2 sends them again",
			         res.transport == API_TRANSPORT_TOO_LARGE ? "answer too large" : api_transport_name(res.transport),
			         res.transport == API_TRANSPORT_TOO_LARGE ? "" : " failed", tries);
		s->status_error = true;
	}
	api_result_free(&res);
	return 0;
}

/* ---- keys ---- */

static bool edit_text_key(form *f, const ui_key *k)
{
	lineedit *le = form_text(f, f->focus);
	const form_field_desc *d = form_field(f->focus);
	if (!le || d->kind == FORM_KIND_READONLY)
		return false;
	bool handled = ui_lineedit_key(le, k);
	if (handled)
		form_validate(f);
	return handled;
}

int ui_edit_screen(ui *u, const registry *r)
{
	edit_state *s = calloc(1, sizeof *s);
	if (!s || form_init(&s->f, r) != 0) {
		free(s);
		snprintf(u->flash, sizeof u->flash, "out of memory");
		return 0;
	}
	form *f = &s->f;
	/* a field cannot hold control characters: a value the service sent with them opens without them,
	 * and the form says so rather than looking changed for no reason */
	for (int i = 0; r && i < FORM_FIELD_COUNT; i++) {
		if (form_field((form_field_id)i)->kind == FORM_KIND_TEXT && form_field_dirty(f, (form_field_id)i)) {
			snprintf(s->status, sizeof s->status,
			         "%s from the service holds control characters: they were removed here (saving sends it "
			         "without them)",
			         form_field((form_field_id)i)->label);
			s->status_error = true;
			break;
		}
	}
	int rc = 0;
	for (;;) {
		if (ui_quitting()) {
			rc = -1;
			break;
		}
		if (ui_too_small(u)) {
			ui_key k;
			ui_read_key(&k, -1);
			bool quit = ui_key_is(&k, UI_CTRL('c'));
			ui_key_free(&k);
			if (quit) {
				rc = -1;
				break;
			}
			continue;
		}
		draw(u, s);
		ui_key k;
		ui_read_key(&k, -1);
		if (k.kind != UI_KEY_RESIZE && k.kind != UI_KEY_NONE && !ui_key_is(&k, UI_CTRL('l')))
			s->status[0] = '\0';
		form_kind kind = form_field(f->focus)->kind;
		bool done = false;
		if (ui_key_is(&k, UI_CTRL('c'))) {
			rc = -1;
			done = true;
		} else if (ui_key_is(&k, UI_ESC) || ui_key_is(&k, KEY_F(10))) {
			if (!form_dirty(f)) {
				done = true;
			} else {
				const char *body[] = {"The form has changes that were not saved."};
				if (ui_confirm(u, "Unsaved changes", body, 1, "Leave and discard them?"))
					done = true;
			}
		} else if (ui_key_is(&k, KEY_F(2))) {
			if (save(u, s) == 1) {
				rc = 1;
				done = true;
			}
		} else if (ui_key_is(&k, KEY_F(1))) {
			ui_help(u, "edit");
		} else if (ui_key_is(&k, KEY_F(4))) {
			ui_request_log(u);
		} else if (ui_key_is(&k, KEY_F(5))) {
			ui_probe_screen(u, f);
		} else if (ui_key_is(&k, UI_CTRL('l'))) {
			clearok(curscr, TRUE);
		} else if (ui_key_is(&k, KEY_F(3)) || ui_key_is(&k, UI_CTRL('r'))) {
			f->secret_revealed = !f->secret_revealed;
		} else if (ui_key_is(&k, '\t') || ui_key_is(&k, KEY_DOWN)) {
			form_focus_next(f);
		} else if (ui_key_is(&k, KEY_BTAB) || ui_key_is(&k, KEY_UP)) {
			form_focus_prev(f);
		} else if (kind == FORM_KIND_CHOICE &&
		           (ui_key_is(&k, KEY_LEFT) || ui_key_is(&k, KEY_RIGHT) || ui_key_is(&k, ' '))) {
			form_type_step(f, ui_key_is(&k, KEY_LEFT) ? -1 : 1);
		} else if (kind == FORM_KIND_CHECKBOX && ui_key_is(&k, ' ')) {
			form_toggle_insecure(f);
		} else if (kind == FORM_KIND_MAP && ui_key_is(&k, '\n')) {
			ui_hosts_screen(u, f);
		} else if (ui_key_is(&k, '\n')) {
			form_focus_next(f); /* Enter never submits */
		} else if (k.kind == UI_KEY_PASTE && k.too_large) {
			snprintf(s->status, sizeof s->status, "the paste is larger than 16 MiB: nothing was inserted");
			s->status_error = true;
		} else if (k.kind == UI_KEY_PASTE && kind != FORM_KIND_TEXT && kind != FORM_KIND_SECRET) {
			snprintf(s->status, sizeof s->status, "paste into a text field");
		} else {
			edit_text_key(f, &k);
		}
		ui_key_free(&k);
		if (done)
			break;
	}
	form_free(f);
	free(s);
	erase();
	return rc;
}
