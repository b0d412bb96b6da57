/* edit.c — the edit form screen: draws the form model (labels marked when invalid, the secret masked
 * unless revealed, the swr-pro-internal fields only for that type) and turns keys into form calls;
 * F2 saves (save.c), Enter on DNS hosts opens their editor (hosts.c), F5 probes the target. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "swrtui/base/buf.h"
#include "swrtui/base/text.h"
#include "screen.h"

typedef struct {
	widget_view view;
	ui *u;
	form f;
	long top;    /* first form row shown */
	ui_note note; /* a one-off message */
	int rc;      /* 1 when saved */
	/* Redraw per widget: after a key that changed only some rows (a typed character its field, a move
	 * the two fields the focus left and reached), the next draw redraws those rows, and the title and the
	 * status lines only when their text changed; every other draw (a resize, Ctrl-L, a panel closed, the
	 * type, a move that scrolls the form) draws the whole screen. */
	unsigned rows_changed; /* a bit per field id: set by a key, used and cleared by the next draw */
	int drawn_rows, drawn_cols; /* the size of the last full draw */
	bool drawn_modified; /* what the title and the status lines show */
	int drawn_pair;
	char drawn_status[512];
} edit_state;

/* "swr-pro — open-source Harbor": the type's name and its label from the model (one home for both). */
static const char *type_text(registry_type t, char *out, size_t outlen)
{
	if (t == REGISTRY_TYPE_UNKNOWN)
		return "(choose a type)";
	snprintf(out, outlen, "%s — %s", registry_type_name(t), registry_type_label(t));
	return out;
}

static int label_width(void)
{
	int w = 33;
	return w < term_cols() / 2 ? w : term_cols() / 2;
}

/* The hosts as one row: only those that fit (the row is drawn on every key, whatever their number). */
static void draw_hosts(form *f, int y, int x, int width, int attr)
{
	buf b;
	buf_init(&b);
	if (f->nhosts == 0)
		buf_puts(&b, "(none)");
	for (size_t i = 0; i < f->nhosts && text_width(b.data ? b.data : "") <= (size_t)width; i++)
		buf_printf(&b, "%s%s%s=%s", i ? ", " : "", form_host_problem(f, i) ? "!" : "", f->hosts[i].domain,
		           f->hosts[i].ip);
	buf_puts(&b, "  [Enter edits]");
	char *v = buf_take(&b);
	attron(attr);
	term_put_pad(y, x, v ? v : "", width);
	attroff(attr);
	free(v);
}

/* A text or secret field; an empty secret of a registry that exists says why it is empty. */
static void draw_text(form *f, form_field_id id, int y, int x, int width, int attr)
{
	const form_field_desc *d = form_field(id);
	lineedit *le = form_text(f, id);
	bool focused = f->focus == id;
	if (le->len == 0 && !focused && d->kind == FORM_KIND_SECRET && !f->is_new) {
		attron(term_attr(TERM_PAIR_DIM));
		term_put_pad(y, x, "(enter it again: the service never returns it)", width);
		attroff(term_attr(TERM_PAIR_DIM));
		return;
	}
	widget_text_field(y, x, width, le, d->kind == FORM_KIND_SECRET && !f->secret_revealed, attr, focused);
}

/* Draws the value of one field at (y, x) in width columns. */
static void draw_value(form *f, form_field_id id, int y, int x, int width)
{
	int fa = f->focus == id ? term_attr(TERM_PAIR_FOCUS) : term_attr(TERM_ROLE_FIELD);
	switch (form_field(id)->kind) {
	case FORM_KIND_TEXT:
	case FORM_KIND_SECRET:
		draw_text(f, id, y, x, width, fa);
		break;
	case FORM_KIND_CHOICE: {
		char tt[96];
		widget_choice(y, x, width, type_text(f->type, tt, sizeof tt), fa);
		break;
	}
	case FORM_KIND_CHECKBOX:
		widget_checkbox(y, x, width, f->insecure,
		                f->insecure ? "yes: the target's certificate is not verified" : "no", fa);
		break;
	case FORM_KIND_MAP:
		draw_hosts(f, y, x, width, fa);
		break;
	case FORM_KIND_READONLY: {
		lineedit *le = form_text(f, id);
		attron(term_attr(TERM_PAIR_DIM));
		term_put_pad(y, x, le && le->len ? le->text : "basic", width);
		attroff(term_attr(TERM_PAIR_DIM));
		break;
	}
	}
}

static void draw_title(form *f)
{
	char title[256];
	if (f->is_new)
		snprintf(title, sizeof title, " swrtui — new registry%s", form_dirty(f) ? " (modified)" : "");
	else
		snprintf(title, sizeof title, " swrtui — registry %lld: %s%s", f->id, f->original.name ? f->original.name : "",
		         form_dirty(f) ? " (modified)" : "");
	term_title(title);
}

/* The visible fields in display order; *focus_row is where the focused one is. */
static long visible_rows(form *f, form_field_id rows[FORM_FIELD_COUNT], long *focus_row)
{
	long nrows = 0;
	*focus_row = 0;
	for (int i = 0; i < FORM_FIELD_COUNT; i++) {
		if (!form_visible(f, (form_field_id)i))
			continue;
		if (f->focus == (form_field_id)i)
			*focus_row = nrows;
		rows[nrows++] = (form_field_id)i;
	}
	return nrows;
}

/* One field's row at screen line y: its label (marked when invalid) and its value. */
static void draw_row(form *f, form_field_id id, int y)
{
	const form_field_desc *d = form_field(id);
	int lw = label_width(), cols = term_cols();
	const char *err = form_problem(f, id, false);
	char label[128];
	snprintf(label, sizeof label, "%s%s%s", err ? "! " : "  ", d->label, d->required ? " *" : "");
	int la = err ? term_attr(TERM_PAIR_ERROR) : (f->focus == id ? term_attr(TERM_ROLE_EMPHASIS) : 0);
	attron(la);
	term_put_pad(y, 0, label, lw);
	attroff(la);
	draw_value(f, id, y, lw + 1, cols - lw - 2);
}

/* The first row shown: top moved as little as keeps the focused row on screen and the screen full. */
static long rows_top(long top, long nrows, long focus_row, int h)
{
	widget_scroll_follow(focus_row, &top, h);
	if (top > nrows - h)
		top = nrows - h > 0 ? nrows - h : 0;
	return top;
}

/* The rows of the visible fields from s->top (which keeps the focused one on screen). */
static void draw_rows(edit_state *s)
{
	form *f = &s->f;
	form_field_id rows[FORM_FIELD_COUNT];
	long focus_row;
	long nrows = visible_rows(f, rows, &focus_row);
	int h = term_rows() - 5; /* title, blank, two status lines, hints */
	s->top = rows_top(s->top, nrows, focus_row, h);
	int cols = term_cols();
	for (long r = s->top; r < nrows && r < s->top + h; r++)
		draw_row(f, rows[r], 2 + (int)(r - s->top));
	if (s->top > 0)
		mvaddstr(2, cols - 1, "^");
	if (s->top + h < nrows)
		mvaddstr(term_rows() - 4, cols - 1, "v");
}

/* The status lines: a one-off note, else the focused field's problem, else a summary, else a warning. */
static int status_text(edit_state *s, char *status, size_t size)
{
	form *f = &s->f;
	const char *ferr = form_problem(f, f->focus, false);
	if (s->note.text[0]) {
		snprintf(status, size, "%s", s->note.text);
		return s->note.error ? TERM_PAIR_ERROR : TERM_PAIR_OK;
	}
	if (ferr) {
		ui_field_message(f->focus, ferr, status, size);
		return TERM_PAIR_ERROR;
	}
	if (f->focus == FORM_DNS_HOSTS && f->nerrors && form_problem(f, FORM_DNS_HOSTS, false)) {
		snprintf(status, size, "DNS hosts: %s", form_problem(f, FORM_DNS_HOSTS, false));
		return TERM_PAIR_ERROR;
	}
	if (f->nerrors) {
		snprintf(status, size, "%zu problem%s: fields marked ! (move there to read why)", f->nerrors,
		         f->nerrors == 1 ? "" : "s");
		return TERM_PAIR_ERROR;
	}
	if (form_warning(f)) {
		snprintf(status, size, "warning: %s", form_warning(f));
		return TERM_PAIR_WARN;
	}
	snprintf(status, size, "%s", f->focus == FORM_ACCESS_SECRET ? "F3 or Ctrl-R shows or hides the secret" : "");
	return 0;
}

/* The status lines, drawn always (force) or only when their text or colour changed. */
static void draw_status(edit_state *s, bool force)
{
	char status[sizeof s->drawn_status];
	int pair = status_text(s, status, sizeof status);
	if (!force && pair == s->drawn_pair && strcmp(status, s->drawn_status) == 0)
		return;
	term_status_lines(status, pair, 2);
	memcpy(s->drawn_status, status, sizeof status);
	s->drawn_pair = pair;
}

/* The title, drawn always (force) or only when "(modified)" comes or goes. */
static void draw_title_if(edit_state *s, bool force)
{
	bool modified = form_dirty(&s->f);
	if (!force && modified == s->drawn_modified)
		return;
	draw_title(&s->f);
	s->drawn_modified = modified;
}

/* The changed rows alone (a bit per field id), when no row moves: false when the form must scroll or
 * the size changed since the last full draw. */
static bool draw_changed_rows(edit_state *s, unsigned changed)
{
	form_field_id rows[FORM_FIELD_COUNT];
	long focus_row;
	long nrows = visible_rows(&s->f, rows, &focus_row);
	int h = term_rows() - 5;
	if (s->drawn_rows != term_rows() || s->drawn_cols != term_cols() || rows_top(s->top, nrows, focus_row, h) != s->top)
		return false;
	changed |= 1u << s->f.focus; /* drawn always: it places the cursor */
	for (long r = s->top; r < nrows && r < s->top + h; r++)
		if (changed & (1u << rows[r]))
			draw_row(&s->f, rows[r], 2 + (int)(r - s->top));
	return true;
}

static void edit_draw(widget_view *v)
{
	edit_state *s = (edit_state *)v;
	unsigned changed = s->rows_changed;
	s->rows_changed = 0;
	if (changed && draw_changed_rows(s, changed)) {
		draw_title_if(s, false);
		draw_status(s, false);
		return;
	}
	erase();
	s->drawn_rows = term_rows();
	s->drawn_cols = term_cols();
	draw_title_if(s, true);
	draw_rows(s);
	draw_status(s, true);
	term_hints(" F2 save  Esc back  Tab next  F3 show secret  F5 probe  F6 policies  F1 help");
}

static void redraw_form(void *ctx)
{
	edit_state *s = ctx;
	edit_draw(&s->view);
	refresh();
}

/* ---- keys ---- */

static void note_error(edit_state *s, const char *msg)
{
	snprintf(s->note.text, sizeof s->note.text, "%s", msg);
	s->note.error = true;
}

/* Esc or F10: leave; with changes only when the user says yes (Enter alone keeps the form). */
static int leave(edit_state *s)
{
	if (!form_dirty(&s->f))
		return WIDGET_DONE;
	const char *body[] = {"The form has changes that were not saved."};
	return widget_confirm("Unsaved changes", body, 1, "Leave and discard them?", false) ? WIDGET_DONE
	                                                                                     : WIDGET_CONTINUE;
}

/* Tab, Down, Enter (dir 1) or Shift-Tab, Up (dir -1): the rows the focus left and reached change. */
static void move_focus(edit_state *s, int dir)
{
	form_field_id before = s->f.focus;
	if (dir > 0)
		form_focus_next(&s->f);
	else
		form_focus_prev(&s->f);
	s->rows_changed = 1u << before | 1u << s->f.focus;
}

/* The keys of the focused field: type, checkbox, hosts, or text. */
static void field_key(edit_state *s, const term_key *k)
{
	form *f = &s->f;
	form_kind kind = form_field(f->focus)->kind;
	if (kind == FORM_KIND_CHOICE && (term_key_is(k, KEY_LEFT) || term_key_is(k, KEY_RIGHT) || term_key_is(k, ' ')))
		form_type_step(f, term_key_is(k, KEY_LEFT) ? -1 : 1);
	else if (kind == FORM_KIND_CHECKBOX && term_key_is(k, ' '))
		form_toggle_insecure(f);
	else if (kind == FORM_KIND_MAP && term_key_is(k, '\n'))
		ui_hosts_screen(s->u, f);
	else if (term_key_is(k, '\n'))
		move_focus(s, 1); /* Enter never submits */
	else if (k->kind == TERM_KEY_PASTE && k->too_large)
		note_error(s, "the paste is larger than 16 MiB: nothing was inserted");
	else if (k->kind == TERM_KEY_PASTE && kind != FORM_KIND_TEXT && kind != FORM_KIND_SECRET)
		snprintf(s->note.text, sizeof s->note.text, "paste into a text field");
	else if ((kind == FORM_KIND_TEXT || kind == FORM_KIND_SECRET) && widget_lineedit_key(form_text(f, f->focus), k)) {
		form_revalidate(f, f->focus);
		s->rows_changed = 1u << f->focus; /* only this field changed: the next draw redraws its row */
	}
}

/* F6 or Alt-P: the replication impact panel of the registry as the service holds it. */
static void open_impact(edit_state *s)
{
	if (s->f.is_new)
		snprintf(s->note.text, sizeof s->note.text, "a new registry has no replication policies yet");
	else
		ui_impact_screen(s->u, s->f.id, s->f.original.name);
}

static int edit_key(widget_view *v, const term_key *k)
{
	edit_state *s = (edit_state *)v;
	form *f = &s->f;
	s->note.text[0] = '\0';
	s->note.error = false;
	if (term_key_is(k, TERM_ESC) || term_key_is(k, KEY_F(10)))
		return leave(s);
	if (term_key_is(k, KEY_F(2))) {
		s->rc = ui_edit_save(s->u, f, redraw_form, s, &s->note);
		return s->rc == 1 ? WIDGET_DONE : WIDGET_CONTINUE;
	}
	if (term_key_is(k, KEY_F(4)))
		ui_request_log(s->u);
	else if (term_key_is(k, KEY_F(5)))
		ui_probe_screen(s->u, f);
	else if (term_key_is(k, KEY_F(6)) || term_key_alt(k, 'p'))
		open_impact(s);
	else if (term_key_is(k, KEY_F(3)) || term_key_is(k, TERM_CTRL('r'))) {
		f->secret_revealed = !f->secret_revealed;
		s->rows_changed = 1u << FORM_ACCESS_SECRET;
	} else if (term_key_is(k, '\t') || term_key_is(k, KEY_DOWN))
		move_focus(s, 1);
	else if (term_key_is(k, KEY_BTAB) || term_key_is(k, KEY_UP))
		move_focus(s, -1);
	else
		field_key(s, k);
	return WIDGET_CONTINUE;
}

/* A field cannot hold control characters: a value the service sent with them opens without them, and
 * the form says so rather than looking changed for no reason. */
static void note_cleaned(edit_state *s, const registry *r)
{
	for (int i = 0; r && i < FORM_FIELD_COUNT; i++) {
		if (form_field((form_field_id)i)->kind == FORM_KIND_TEXT && form_field_dirty(&s->f, (form_field_id)i)) {
			snprintf(s->note.text, sizeof s->note.text,
			         "%s from the service holds control characters: they were removed here (saving sends it "
			         "without them)",
			         form_field((form_field_id)i)->label);
			s->note.error = true;
			return;
		}
	}
}

int ui_edit_screen(ui *u, const registry *r)
{
	edit_state *s = calloc(1, sizeof *s);
	if (!s || form_init(&s->f, r) != 0) {
		free(s);
		snprintf(u->flash, sizeof u->flash, "out of memory");
		return 0;
	}
	s->view = (widget_view){edit_draw, edit_key, ui_help_edit};
	s->u = u;
	note_cleaned(s, r);
	widget_run(&s->view);
	int rc = term_quitting() ? -1 : s->rc;
	form_free(&s->f);
	free(s);
	erase();
	return rc;
}
