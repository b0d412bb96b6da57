/* list.c — the registry list screen: pages of 100 fetched from the service as the user scrolls (so a
 * large instance opens at once), a name filter through the service's name parameter, refresh, and the
 * ways into editing, creating and deleting (the delete confirmation names the policies that use it). */
#include <curses.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "swrtui/base/text.h"
#include "screen.h"

#define PAGE 100
/* The list holds at most API_LIST_MAX_REGISTRIES rows, as swrtui list does (a service claiming more is
 * said so on the status line), and each value shown at most VALUE_MAX bytes: however far one scrolls,
 * the pages kept stay within about 40 MiB. */
#define MAX_PAGES ((size_t)API_LIST_MAX_REGISTRIES / PAGE)
#define VALUE_MAX 1024

/* A fetched page is kept compact: for each row only what the list shows and what editing or deleting
 * needs, the strings of all its rows in one block (10,000 registries take about 1 MiB, not the several
 * MiB of full registry structs). */
typedef struct {
	long long id;
	uint32_t name, type, status, url; /* offsets into the page's text */
} list_row;

typedef struct {
	list_row *rows;
	size_t count;
	char *text;
} list_page;

/* A row as the screen uses it (strings never NULL). */
typedef struct {
	long long id;
	const char *name, *type, *status, *url;
} row_view;

typedef struct {
	widget_view view;
	ui *u;
	int rc;          /* -1: quit the program */
	list_page *pages; /* pages[i] holds rows i*PAGE ... */
	bool *loaded;
	size_t npages;
	long long total; /* -1 until the first page arrived */
	char *filter;
	long sel, top;
	bool failed;     /* the last fetch failed: do not retry until refresh */
	bool shown;      /* the list has been on screen: keys typed during a later load are for it */
	ui_marks marks;  /* Space marks rows for R (rotate.c); kept across refreshes */
	/* Redraw per step: after a key that only moved the selection, the next draw redraws the two rows
	 * whose highlight changed and, when the view moved, scrolls the rows on screen and draws the ones
	 * that came in; every other draw draws the whole screen. */
	bool step_only;       /* set by a scroll key, used and cleared by the next draw */
	long drawn_sel, drawn_top;
	int drawn_rows, drawn_cols;
	char drawn_flash[sizeof ((ui *)0)->flash];
	bool drawn_flash_error;
} list_state;

static void list_clear(list_state *s)
{
	for (size_t i = 0; i < s->npages; i++) {
		free(s->pages[i].rows);
		free(s->pages[i].text);
	}
	free(s->pages);
	free(s->loaded);
	s->pages = NULL;
	s->loaded = NULL;
	s->npages = 0;
	s->total = -1;
	s->failed = false;
}

typedef struct {
	api_list_params p;
	registry_list *out;
} list_req;

static int do_list(api_client *c, void *arg, api_result *res)
{
	list_req *r = arg;
	return api_list_registries(c, &r->p, res, r->out);
}

static const char *or_empty(const char *t)
{
	return t ? t : "";
}

/* The bytes of t kept for the list: at most VALUE_MAX, cut before a UTF-8 continuation byte. */
static size_t kept_len(const char *t)
{
	size_t n = strlen(t);
	if (n <= VALUE_MAX)
		return n;
	n = VALUE_MAX;
	while (n > 0 && ((unsigned char)t[n] & 0xC0) == 0x80)
		n--;
	return n;
}

/* Keeps the rows of a fetched page compactly (see list_page). 0 / -1. */
static int page_from_list(list_page *pg, const registry_list *l)
{
	size_t size = 0, count = l->count < PAGE ? l->count : PAGE; /* a row past the page is never shown */
	for (size_t i = 0; i < count; i++) {
		const registry *r = &l->items[i];
		size += kept_len(or_empty(r->name)) + kept_len(or_empty(r->type)) + kept_len(or_empty(r->status)) +
		        kept_len(or_empty(r->url)) + 4;
	}
	pg->rows = count ? malloc(count * sizeof *pg->rows) : NULL;
	pg->text = malloc(size ? size : 1);
	if ((count && !pg->rows) || !pg->text || size > UINT32_MAX) {
		free(pg->rows);
		free(pg->text);
		memset(pg, 0, sizeof *pg);
		return -1;
	}
	size_t off = 0;
	for (size_t i = 0; i < count; i++) {
		const registry *r = &l->items[i];
		const char *v[4] = {or_empty(r->name), or_empty(r->type), or_empty(r->status), or_empty(r->url)};
		uint32_t at[4];
		for (int k = 0; k < 4; k++) {
			size_t n = kept_len(v[k]);
			memcpy(pg->text + off, v[k], n);
			pg->text[off + n] = '\0';
			at[k] = (uint32_t)off;
			off += n + 1;
		}
		pg->rows[i] = (list_row){r->id, at[0], at[1], at[2], at[3]};
	}
	pg->count = count;
	return 0;
}

/* Makes sure page `pg` is loaded; false when it could not be. */
static bool ensure_page(ui *u, list_state *s, size_t pg)
{
	if (pg < s->npages && s->loaded[pg])
		return true;
	if (s->failed || pg >= MAX_PAGES)
		return false;
	if (pg >= s->npages) {
		size_t n = pg + 1;
		list_page *np = realloc(s->pages, n * sizeof *np);
		if (!np)
			return false;
		s->pages = np;
		bool *nl = realloc(s->loaded, n * sizeof *nl);
		if (!nl)
			return false;
		s->loaded = nl;
		for (size_t i = s->npages; i < n; i++) {
			memset(&s->pages[i], 0, sizeof s->pages[i]);
			s->loaded[i] = false;
		}
		s->npages = n;
	}
	registry_list got = {0};
	list_req r = {.p = {.name = s->filter, .offset = (long)(pg * PAGE), .limit = PAGE}, .out = &got};
	api_result res;
	char busy[64];
	snprintf(busy, sizeof busy, "Loading registries %zu-%zu…", pg * PAGE + 1, pg * PAGE + PAGE);
	/* type-ahead only for a list the user has seen; keys typed before it first shows are dropped */
	if ((s->shown ? ui_run_read : ui_run_request)(u, busy, do_list, &r, &res) != 0) {
		s->failed = true;
		if (res.transport != API_TRANSPORT_CANCELLED)
			ui_error_panel(u, "Listing the registries", &res);
		else
			snprintf(u->flash, sizeof u->flash, "loading cancelled; r reloads");
		api_result_free(&res);
		registry_list_free(&got);
		return false;
	}
	api_result_free(&res);
	int rc = page_from_list(&s->pages[pg], &got);
	s->total = got.total;
	registry_list_free(&got);
	if (rc != 0) {
		s->failed = true;
		snprintf(u->flash, sizeof u->flash, "out of memory; r reloads");
		u->flash_error = true;
		return false;
	}
	s->loaded[pg] = true;
	return true;
}

/* Row i into *v, or NULL when its page is not loaded. */
static const row_view *row(const list_state *s, long i, row_view *v)
{
	size_t pg = (size_t)i / PAGE, k = (size_t)i % PAGE;
	if (pg >= s->npages || !s->loaded[pg] || k >= s->pages[pg].count)
		return NULL;
	const list_page *p = &s->pages[pg];
	const list_row *r = &p->rows[k];
	*v = (row_view){r->id, p->text + r->name, p->text + r->type, p->text + r->status, p->text + r->url};
	return v;
}

static long row_count(const list_state *s)
{
	long long n = s->total < API_LIST_MAX_REGISTRIES ? s->total : API_LIST_MAX_REGISTRIES;
	return n > 0 ? (long)n : 0;
}

/* The widths of the columns: ID, NAME, TYPE, STATUS and, on a wide screen, URL. */
typedef struct {
	int id, name, type, status, url;
} columns;

static columns column_widths(void)
{
	columns c = {6, 0, 17, 12, 0};
	int cols = term_cols();
	int rest = cols - c.id - c.type - c.status - 4;
	bool show_url = cols >= 70;
	c.name = show_url ? rest * 2 / 5 : rest;
	c.url = show_url ? rest - c.name : 0;
	return c;
}

/* One line of cells; status with its mark and colour unless the row is selected. */
static void draw_cells(int y, const columns *c, const char *const cell[5], bool selected)
{
	int x = 0;
	term_put_pad(y, x, cell[0], c->id);
	x += c->id + 1;
	term_put_pad(y, x, cell[1], c->name);
	x += c->name + 1;
	term_put_pad(y, x, cell[2], c->type);
	x += c->type + 1;
	const char *st = cell[3];
	bool bad = strcmp(st, "unhealthy") == 0, head = y == 1;
	int sa = selected || head ? 0 : term_attr(bad ? TERM_PAIR_ERROR : TERM_PAIR_OK);
	attron(sa);
	char stb[32];
	snprintf(stb, sizeof stb, "%s%s", head ? "" : bad ? "✗ " : (*st ? "✓ " : ""), st);
	term_put_pad(y, x, stb, c->status);
	attroff(sa);
	x += c->status + 1;
	if (c->url)
		term_put_pad(y, x, cell[4], c->url);
}

/* "in REGION › INSTANCE": the instance's name, or the start of its ID when only that is known */
static void where_line(const ui *u, char *out, size_t outlen)
{
	const char *id = u->settings->v[SETTING_INSTANCE_ID].value;
	char shortid[16];
	snprintf(shortid, sizeof shortid, "%.8s%s", id ? id : "?", id && strlen(id) > 8 ? "…" : "");
	snprintf(out, outlen, " in %s%s%s", u->region, u->region[0] ? " › " : "",
	         u->instance_name[0] ? u->instance_name : shortid);
}

static void draw_title(list_state *s)
{
	char title[512], where[256];
	where_line(s->u, where, sizeof where);
	if (s->filter && *s->filter)
		snprintf(title, sizeof title, " swrtui — registries (%lld matching \"%s\")", s->total < 0 ? 0 : s->total,
		         s->filter);
	else
		snprintf(title, sizeof title, " swrtui — registries (%lld)", s->total < 0 ? 0 : s->total);
	size_t n = strlen(title);
	if (s->marks.count)
		snprintf(title + n, sizeof title - n, " · %zu marked%s", s->marks.count, where);
	else
		snprintf(title + n, sizeof title - n, "%s", where);
	term_title(title);
	char auth[300];
	ui_auth_line(s->u, auth, sizeof auth);
	int room = term_cols() - (int)text_width(title) - 4, cols = term_cols();
	/* the credential on the right, cut with "…" when the title leaves too little room */
	char *shown = room >= 24 ? text_printable(auth, strlen(auth), (size_t)room - 1, 0) : NULL;
	if (shown && (int)text_width(shown) > room) {
		free(shown);
		shown = NULL;
	}
	if (shown) {
		int aw = (int)text_width(shown), a = term_attr(TERM_PAIR_TITLE);
		attron(a);
		term_put(0, cols - aw - 1, shown, aw);
		attroff(a);
		free(shown);
	}
}

/* Fetches the pages of the rows on screen (only those), before anything is drawn: a failed fetch shows
 * its panel, and the list is then drawn whole. */
static void fetch_visible(list_state *s, int h)
{
	if (s->total < 0 && !s->failed)
		ensure_page(s->u, s, 0);
	long n = row_count(s);
	if (s->sel >= n)
		s->sel = n - 1;
	if (s->sel < 0)
		s->sel = 0;
	widget_scroll_follow(s->sel, &s->top, h);
	for (long i = s->top; i < s->top + h && i < n; i++)
		if (!row(s, i, &(row_view){0}) && !ensure_page(s->u, s, (size_t)i / PAGE))
			break;
}

/* Row i of the list, at its place on screen. */
static void draw_row(list_state *s, const columns *c, long i)
{
	int y = 2 + (int)(i - s->top);
	row_view rv;
	const row_view *r = row(s, i, &rv);
	bool selected = i == s->sel;
	int fa = selected ? term_attr(TERM_ROLE_SELECTION) : 0;
	attron(fa);
	if (selected) {
		mvhline(y, 0, ' ', term_cols());
	} else { /* no highlight left between the cells */
		move(y, 0);
		clrtoeol();
	}
	char idb[32];
	if (r) {
		long m = ui_marks_find(&s->marks, r->id);
		/* a marked row: "*" after its ID in the column, or "!" when its last rotation failed */
		snprintf(idb, sizeof idb, "%-4lld %s", r->id, m < 0 ? "" : s->marks.items[m].error ? "!" : "*");
	}
	const char *cell[5] = {r ? idb : "…", r ? r->name : "", r ? r->type : "", r ? r->status : "", r ? r->url : ""};
	draw_cells(y, c, cell, selected);
	attroff(fa);
}

static void draw_rows(list_state *s, const columns *c, int h)
{
	long n = row_count(s);
	for (long i = s->top; i < s->top + h && i < n; i++)
		draw_row(s, c, i);
}

/* The status line, drawn always (force) or only when the flash changed; what is drawn is kept. */
static void draw_flash(list_state *s, bool force)
{
	ui *u = s->u;
	if (!force && u->flash_error == s->drawn_flash_error && strcmp(u->flash, s->drawn_flash) == 0)
		return;
	term_status(u->flash, u->flash_error ? TERM_PAIR_ERROR : 0);
	memcpy(s->drawn_flash, u->flash, sizeof s->drawn_flash);
	s->drawn_flash_error = u->flash_error;
}

static void note_drawn(list_state *s)
{
	s->drawn_sel = s->sel;
	s->drawn_top = s->top;
	s->drawn_rows = term_rows();
	s->drawn_cols = term_cols();
}

/* The rows on screen move by d (up when d > 0) within lines 2 .. 2+h-1: on the terminal at once where it
 * can, else the terminal is let scroll them (idlok) for the refresh that follows. */
static void scroll_rows(int h, long d)
{
	if (widget_scroll_lines(2, 2 + h - 1, (int)d))
		return;
	scrollok(stdscr, TRUE);
	setscrreg(2, 2 + h - 1);
	scrl((int)d);
	setscrreg(0, term_rows() - 1);
	scrollok(stdscr, FALSE);
	idlok(stdscr, TRUE);
}

static void chgat_attr(int y, int x, int n, int attr)
{
	mvchgat(y, x, n, (attr_t)attr & ~A_COLOR, (short)PAIR_NUMBER(attr), NULL);
}

/* Row i, already on screen with its text, gets or loses the highlight: only the attributes change, as
 * draw_row would have drawn them. */
static void restyle_row(list_state *s, const columns *c, long i)
{
	int y = 2 + (int)(i - s->top);
	if (i == s->sel) {
		chgat_attr(y, 0, -1, term_attr(TERM_ROLE_SELECTION));
		return;
	}
	row_view rv;
	const row_view *r = row(s, i, &rv);
	chgat_attr(y, 0, -1, 0);
	if (r) {
		int sa = term_attr(strcmp(r->status, "unhealthy") == 0 ? TERM_PAIR_ERROR : TERM_PAIR_OK);
		chgat_attr(y, c->id + 1 + c->name + 1 + c->type + 1, c->status, sa);
	}
}

/* After a scroll key: redraws what moved, or returns false when the whole screen must be drawn (a new
 * size, a page not fetched yet, a list longer than it holds). */
static bool draw_step(list_state *s, int h)
{
	long n = row_count(s), top = s->top;
	if (s->drawn_rows != term_rows() || s->drawn_cols != term_cols() || s->total > API_LIST_MAX_REGISTRIES ||
	    s->sel < 0 || s->sel >= n)
		return false;
	widget_scroll_follow(s->sel, &top, h);
	for (long i = top; i < top + h && i < n; i++)
		if (!row(s, i, &(row_view){0}))
			return false; /* the full draw fetches it */
	s->top = top;
	columns c = column_widths();
	long d = top - s->drawn_top, first = top, last = top; /* the rows drawn anew: first .. last-1 */
	if (d != 0 && d > -h && d < h) {
		scroll_rows(h, d);
		first = d > 0 ? top + h - d : top;
		last = d > 0 ? top + h : top - d;
	} else if (d != 0) { /* a page or more: every row is new */
		for (int y = 2; y < 2 + h; y++) {
			move(y, 0);
			clrtoeol();
		}
		last = top + h;
	}
	for (long i = first; i < last && i < n; i++)
		draw_row(s, &c, i);
	long moved[2] = {s->drawn_sel, s->sel};
	for (int k = 0; k < 2; k++)
		if (moved[k] >= top && moved[k] < top + h && moved[k] < n && (moved[k] < first || moved[k] >= last))
			restyle_row(s, &c, moved[k]);
	draw_flash(s, false);
	note_drawn(s);
	return true;
}

static void list_draw(widget_view *v)
{
	list_state *s = (list_state *)v;
	ui *u = s->u;
	int h = term_rows() - 4;
	bool step = s->step_only;
	s->step_only = false;
	idlok(stdscr, FALSE); /* only for the refresh after a scroll */
	if (step && draw_step(s, h))
		return;
	fetch_visible(s, h);
	if (s->total > API_LIST_MAX_REGISTRIES && !u->flash[0]) {
		snprintf(u->flash, sizeof u->flash, "the service says %lld registries; the list holds the first %d: / filters",
		         s->total, API_LIST_MAX_REGISTRIES);
		u->flash_error = true;
	}
	erase();
	draw_title(s);
	columns c = column_widths();
	static const char *const head[5] = {"ID", "NAME", "TYPE", "STATUS", "URL"};
	attron(term_attr(TERM_ROLE_HEADING));
	draw_cells(1, &c, head, false);
	attroff(term_attr(TERM_ROLE_HEADING));
	long n = row_count(s);
	draw_rows(s, &c, h);
	if (n == 0 && s->total == 0)
		term_put(3, 2, s->filter && *s->filter ? "No registry matches the filter." : "No registries yet: n creates one.",
		         term_cols() - 4);
	draw_flash(s, true);
	note_drawn(s);
	s->shown = true;
	/* what does not fit the line is in the help (F1) */
	if (s->marks.count)
		term_hints(" Space mark  R rotate marked  u unmark all  Enter edit  / filter  F1 help  q quit");
	else if (term_cols() >= 114)
		term_hints(" Enter edit  n new  d delete  p policies  Space mark  / filter  r refresh  i instance  F4 requests  "
		           "F1 help  q quit");
	else if (term_cols() >= 102)
		term_hints(" Enter edit  n new  d delete  p policies  Space mark  / filter  r refresh  F4 requests  F1 help  q quit");
	else if (term_cols() >= 90)
		term_hints(" Enter edit  n new  d delete  p policies  Space mark  / filter  r refresh  F1 help  q quit");
	else
		term_hints(" Enter edit  n new  d delete  p policies  / filter  r refresh  F1 help  q quit");
}

/* ---- actions ---- */

typedef struct {
	long long id;
	registry *out;
	api_policy_list *pol;
} one_req;

static int do_show(api_client *c, void *arg, api_result *res)
{
	one_req *r = arg;
	return api_show_registry(c, r->id, res, r->out);
}

static int do_policies(api_client *c, void *arg, api_result *res)
{
	one_req *r = arg;
	return api_list_policies(c, r->id, res, r->pol);
}

static int do_delete(api_client *c, void *arg, api_result *res)
{
	one_req *r = arg;
	return api_delete_registry(c, r->id, res);
}

/* Returns -1 to quit the program. */
static int edit_selected(ui *u, list_state *s)
{
	row_view sv;
	const row_view *sel = row(s, s->sel, &sv);
	if (!sel)
		return 0;
	registry r;
	one_req q = {.id = sel->id, .out = &r};
	api_result res;
	if (ui_run_request(u, "Loading the registry…", do_show, &q, &res) != 0) {
		if (res.transport != API_TRANSPORT_CANCELLED)
			ui_error_panel(u, "Loading the registry", &res);
		api_result_free(&res);
		registry_free(&r);
		return 0;
	}
	api_result_free(&res);
	int rc = ui_edit_screen(u, &r);
	registry_free(&r);
	return rc;
}

/* One line of the delete confirmation. */
static void add_line(widget_wrapped *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add_line(widget_wrapped *w, const char *fmt, ...)
{
	va_list ap, again;
	va_start(ap, fmt);
	va_copy(again, ap);
	int n = vsnprintf(NULL, 0, fmt, ap);
	char *line = n >= 0 ? malloc((size_t)n + 1) : NULL;
	if (line) {
		vsnprintf(line, (size_t)n + 1, fmt, again);
		widget_wrap_push(w, line, (size_t)n);
		free(line);
	}
	va_end(again);
	va_end(ap);
}

/* What the delete confirmation says: the registry, then the policies that use it (or why they could not
 * be listed). */
static void delete_lines(widget_wrapped *w, const row_view *sel, const api_policy_list *pol, const api_result *res,
                         bool have_pol)
{
	add_line(w, "Registry %lld \"%s\"", sel->id, sel->name ? sel->name : "");
	add_line(w, "%s  %s", sel->type ? sel->type : "", sel->url ? sel->url : "");
	add_line(w, "%s", "");
	if (!have_pol) {
		add_line(w, "The replication policies could not be listed (HTTP %ld %s).", res->status,
		         res->error.code ? res->error.code : api_transport_name(res->transport));
		return;
	}
	if (pol->count == 0)
		add_line(w, "No replication policy uses it.");
	else if (pol->total > (long long)pol->count)
		add_line(w, "Used by %lld replication policies (the first %zu):", pol->total, pol->count);
	else
		add_line(w, "Used by %zu replication polic%s:", pol->count, pol->count == 1 ? "y" : "ies");
	for (size_t i = 0; i < pol->count; i++)
		add_line(w, "  %lld %s%s", pol->items[i].id, pol->items[i].name ? pol->items[i].name : "",
		         pol->items[i].enabled ? "" : " (disabled)");
}

static void delete_selected(ui *u, list_state *s)
{
	row_view sv;
	const row_view *sel = row(s, s->sel, &sv);
	if (!sel)
		return;
	long long id = sel->id;
	api_policy_list pol = {0};
	one_req q = {.id = id, .pol = &pol};
	api_result res;
	bool have_pol = ui_run_request(u, "Looking up the policies that use it…", do_policies, &q, &res) == 0;
	if (!have_pol && res.transport == API_TRANSPORT_CANCELLED) {
		api_result_free(&res);
		return;
	}
	widget_wrapped lines = {0};
	delete_lines(&lines, sel, &pol, &res, have_pol);
	api_result_free(&res);
	api_policy_list_free(&pol);
	bool yes = widget_confirm("Delete registry", (const char *const *)lines.lines, lines.n, "Delete this registry?",
	                          false);
	widget_wrap_free(&lines);
	if (!yes)
		return;
	q.pol = NULL;
	if (ui_run_request(u, "Deleting…", do_delete, &q, &res) != 0) {
		if (res.transport != API_TRANSPORT_CANCELLED)
			ui_error_panel(u, "Deleting the registry", &res);
		else
			snprintf(u->flash, sizeof u->flash, "delete cancelled; r refreshes to see whether it was applied");
	} else {
		snprintf(u->flash, sizeof u->flash, "deleted registry %lld", id);
		u->flash_error = false;
		list_clear(s);
	}
	api_result_free(&res);
}


static void set_filter(list_state *s, char *f)
{
	free(s->filter);
	s->filter = f && *f ? f : NULL;
	if (f && !*f)
		free(f);
	s->sel = s->top = 0;
	list_clear(s);
}

/* Opens the form (the selected registry's, or an empty one); the list reloads after a save. */
static int open_form(list_state *s, bool create)
{
	int r = create ? ui_edit_screen(s->u, NULL) : edit_selected(s->u, s);
	if (r < 0) {
		s->rc = -1;
		return WIDGET_DONE;
	}
	if (r > 0)
		list_clear(s);
	return WIDGET_CONTINUE;
}

/* i: the instance picker; the list opens again on the instance chosen (and quits when another region
 * was chosen and then no instance in it). */
static int switch_instance(list_state *s)
{
	int r = ui_instance_picker(s->u, false);
	if (r < 0 || !s->u->settings->v[SETTING_INSTANCE_ID].value) {
		s->rc = r < 0 ? -1 : 0;
		return WIDGET_DONE;
	}
	if (r > 0) {
		set_filter(s, NULL);
		ui_marks_clear(&s->marks); /* marks name registries of the instance left */
		snprintf(s->u->flash, sizeof s->u->flash, "instance %s", s->u->instance_name);
		s->u->flash_error = false;
	}
	return WIDGET_CONTINUE;
}

/* Space: marks or unmarks the selected row, then moves down. */
static void toggle_mark(list_state *s)
{
	row_view sv;
	const row_view *sel = row(s, s->sel, &sv);
	if (!sel)
		return;
	if (ui_marks_toggle(&s->marks, sel->id, sel->name) != 0) {
		snprintf(s->u->flash, sizeof s->u->flash, "out of memory");
		s->u->flash_error = true;
	}
	if (s->sel + 1 < row_count(s))
		s->sel++;
}

/* p: the replication impact panel of the selected registry. */
static void open_impact(list_state *s)
{
	row_view sv;
	const row_view *sel = row(s, s->sel, &sv);
	if (sel)
		ui_impact_screen(s->u, sel->id, sel->name);
}

static int list_key(widget_view *v, const term_key *k)
{
	list_state *s = (list_state *)v;
	if (k->kind == TERM_KEY_CHAR || k->kind == TERM_KEY_FUNC)
		s->u->flash[0] = '\0', s->u->flash_error = false;
	if (term_key_is(k, TERM_ESC) && s->filter) {
		set_filter(s, NULL); /* Esc clears the filter first; again, it leaves */
		return WIDGET_CONTINUE;
	}
	if (term_key_is(k, 'q') || term_key_is(k, TERM_ESC) || term_key_is(k, KEY_F(10)))
		return WIDGET_DONE;
	if (term_key_is(k, '\n') || term_key_is(k, 'n'))
		return open_form(s, term_key_is(k, 'n'));
	if (widget_scroll_key(k, &s->sel, row_count(s), term_rows() - 4, true)) {
		s->step_only = true; /* only the selection moved: the next draw redraws what moved */
		return WIDGET_CONTINUE;
	}
	if (term_key_is(k, '?'))
		widget_help(ui_help_list);
	else if (term_key_is(k, KEY_F(4)) || term_key_is(k, 'L'))
		ui_request_log(s->u);
	else if (term_key_is(k, 'r') || term_key_is(k, KEY_F(5)))
		list_clear(s);
	else if (term_key_is(k, ' '))
		toggle_mark(s);
	else if (term_key_is(k, 'u'))
		ui_marks_clear(&s->marks);
	else if (term_key_is(k, 'R'))
		ui_rotate_screen(s->u, &s->marks);
	else if (term_key_is(k, '/')) {
		char *f = widget_prompt("Filter by name:", s->filter ? s->filter : "");
		if (f)
			set_filter(s, f);
	} else if (term_key_is(k, 'd') || term_key_is(k, KEY_DC))
		delete_selected(s->u, s);
	else if (term_key_is(k, 'i'))
		return switch_instance(s);
	else if (term_key_is(k, 'p'))
		open_impact(s);
	return WIDGET_CONTINUE;
}

int ui_list_screen(ui *u)
{
	list_state s = {.view = {list_draw, list_key, ui_help_list}, .u = u, .total = -1};
	widget_run(&s.view);
	list_clear(&s);
	ui_marks_clear(&s.marks);
	free(s.filter);
	return s.rc;
}
