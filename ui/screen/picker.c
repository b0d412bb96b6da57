/* picker.c — the instance picker: the project of the region found when none is configured, the
 * instances of the project listed (name, status, spec, version, access address), one chosen (the only
 * one without asking, at start), and another region chosen from the known SWR regions or typed. The
 * client's target and the settings then name the chosen instance. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "swrtui/auth/endpoint.h"
#include "swrtui/base/text.h"
#include "swrtui/swr/instances.h"
#include "screen.h"

/* ---- the requests ---- */

typedef struct {
	session *ss;
	settings *s;
	session_scope scope;
	int rc;
	char err[1024];
} complete_req;

static int do_complete(api_client *c, void *arg, api_result *res)
{
	(void)c;
	complete_req *q = arg;
	q->rc = q->scope == SESSION_FOR_PROJECT ? session_find_project(q->ss, q->s, res, q->err, sizeof q->err)
	                                        : session_complete(q->ss, q->s, q->scope, res, q->err, sizeof q->err);
	return q->rc == SESSION_COMPLETE_OK ? 0 : -1;
}

bool ui_complete_target(ui *u, bool with_instance)
{
	complete_req q = {.ss = u->ss, .s = u->settings, .scope = with_instance ? SESSION_FOR_INSTANCE : SESSION_FOR_PROJECT};
	api_result res;
	const char *busy = u->settings->v[SETTING_PROJECT_ID].value ? "Finding the instance…" : "Finding the project…";
	if (ui_run_request(u, busy, do_complete, &q, &res) == 0)
		return true;
	if (res.transport == API_TRANSPORT_CANCELLED)
		snprintf(u->flash, sizeof u->flash, "cancelled");
	else if (q.rc == SESSION_COMPLETE_FAILED)
		ui_error_panel(u, q.err, &res);
	else
		widget_message("Instance", q.err);
	api_result_free(&res);
	return false;
}

static int do_instances(api_client *c, void *arg, api_result *res)
{
	return swr_list_instances(c, res, arg);
}

/* ---- choosing a region ---- */

typedef struct {
	widget_view view;
	long sel, top, n;
	char *chosen; /* malloc'd, or NULL when left */
} region_view;

static void region_draw(widget_view *v)
{
	region_view *r = (region_view *)v;
	int h = term_rows() - 4;
	erase();
	term_title(" swrtui — choose the region");
	widget_scroll_follow(r->sel, &r->top, h);
	for (long i = r->top; i < r->n && i < r->top + h; i++) {
		int y = 2 + (int)(i - r->top), fa = i == r->sel ? term_attr(TERM_PAIR_FOCUS) : 0;
		attron(fa);
		term_put_pad(y, 2, cloud_swr_regions[i] ? cloud_swr_regions[i] : "Other region…", term_cols() - 4);
		attroff(fa);
	}
	term_hints(" Enter choose  Esc back  F1 help");
}

static int region_key(widget_view *v, const term_key *k)
{
	region_view *r = (region_view *)v;
	if (term_key_is(k, TERM_ESC) || term_key_is(k, KEY_F(10)) || term_key_is(k, 'q'))
		return WIDGET_DONE;
	if (widget_scroll_key(k, &r->sel, r->n, term_rows() - 4, true))
		return WIDGET_CONTINUE;
	if (!term_key_is(k, '\n'))
		return WIDGET_CONTINUE;
	const char *known = cloud_swr_regions[r->sel];
	r->chosen = known ? strdup(known) : widget_prompt("Region:", "");
	return r->chosen && *r->chosen ? WIDGET_DONE : WIDGET_CONTINUE;
}

/* A region: one of the known SWR regions, or one typed ("Other region…"). Malloc'd, or NULL. */
static char *choose_region(void)
{
	region_view r = {.view = {region_draw, region_key, ui_help_region}};
	while (cloud_swr_regions[r.n])
		r.n++;
	r.n++; /* "Other region…" */
	widget_run(&r.view);
	if (r.chosen && !*r.chosen) {
		free(r.chosen);
		r.chosen = NULL;
	}
	return r.chosen;
}

/* ---- the picker ---- */

enum { PICK_LEFT = 0, PICK_CHOSEN, PICK_REGION, PICK_REFRESH };

typedef struct {
	widget_view view;
	ui *u;
	const swr_instance_list *l;
	long sel, top;
	int outcome;
} picker_view;

static void picker_row(int y, const swr_instance *in, bool selected, bool head)
{
	const char *cell[5] = {in->name, in->status, in->spec, in->version, in->access_address};
	int w[5] = {20, 10, 20, 8, 0}, x = 0, cols = term_cols();
	int fa = selected ? term_attr(TERM_PAIR_FOCUS) : 0;
	attron(fa | (head ? A_BOLD | A_UNDERLINE : 0));
	if (selected)
		mvhline(y, 0, ' ', cols);
	for (int k = 0; k < 5 && x < cols; k++) {
		int width = k == 4 || x + w[k] >= cols ? cols - x : w[k];
		char *p = head ? NULL : text_printable(cell[k], strlen(cell[k]), 0, 0);
		/* the status: Running in the colour of health, any other state (Creating, Frozen…) as a warning */
		int sa = k == 1 && !head && !selected ? term_attr(strcmp(in->status, "Running") == 0 ? TERM_PAIR_OK
		                                                                                     : TERM_PAIR_WARN)
		                                      : 0;
		attron(sa);
		term_put_pad(y, x, p ? p : cell[k], width);
		attroff(sa);
		free(p);
		x += width + 1;
	}
	attroff(fa | (head ? A_BOLD | A_UNDERLINE : 0));
}

static void picker_draw(widget_view *v)
{
	picker_view *p = (picker_view *)v;
	ui *u = p->u;
	int h = term_rows() - 4;
	erase();
	char title[256];
	snprintf(title, sizeof title, " swrtui — instances in %s (%zu)", u->region[0] ? u->region : "the project",
	         p->l->count);
	term_title(title);
	static const swr_instance head = {.name = "NAME", .status = "STATUS", .spec = "SPEC", .version = "VERSION",
	                                  .access_address = "ACCESS ADDRESS"};
	picker_row(1, &head, false, true);
	widget_scroll_follow(p->sel, &p->top, h);
	for (long i = p->top; i < (long)p->l->count && i < p->top + h; i++)
		picker_row(2 + (int)(i - p->top), &p->l->items[i], i == p->sel, false);
	if (p->l->count == 0)
		term_put(3, 2, "No SWR Enterprise Edition instance in this region: g chooses another.", term_cols() - 4);
	if (!u->flash[0] && p->l->count > 0) { /* the selected one whole: its ID and access address */
		const swr_instance *in = &p->l->items[p->sel];
		char line[400];
		snprintf(line, sizeof line, "%s  %s", in->id, in->access_address);
		char *shown = text_printable(line, strlen(line), 0, 0);
		term_status(shown ? shown : "", 0);
		free(shown);
	} else {
		term_status(u->flash, u->flash_error ? TERM_PAIR_ERROR : 0);
	}
	term_hints(" Enter open  g region  r refresh  F4 requests  F1 help  q quit");
}

static int picker_key(widget_view *v, const term_key *k)
{
	picker_view *p = (picker_view *)v;
	if (k->kind == TERM_KEY_CHAR || k->kind == TERM_KEY_FUNC)
		p->u->flash[0] = '\0', p->u->flash_error = false;
	if (term_key_is(k, 'q') || term_key_is(k, TERM_ESC) || term_key_is(k, KEY_F(10)))
		return WIDGET_DONE;
	if (widget_scroll_key(k, &p->sel, (long)p->l->count, term_rows() - 4, false))
		return WIDGET_CONTINUE;
	if (term_key_is(k, '\n') && p->l->count > 0)
		p->outcome = PICK_CHOSEN;
	else if (term_key_is(k, 'g'))
		p->outcome = PICK_REGION;
	else if (term_key_is(k, 'r') || term_key_is(k, KEY_F(5)))
		p->outcome = PICK_REFRESH;
	else if (term_key_is(k, KEY_F(4)) || term_key_is(k, 'L'))
		ui_request_log(p->u);
	return p->outcome == PICK_LEFT ? WIDGET_CONTINUE : WIDGET_DONE;
}

/* The instance becomes the target of the client and of the settings. */
static bool take_instance(ui *u, const swr_instance *in)
{
	settings *s = u->settings;
	if (settings_set(s, SETTING_INSTANCE_ID, in->id, SETTING_FLAG, "the instance picker") != 0 ||
	    swr_client_set_target(u->client, s->v[SETTING_PROJECT_ID].value, in->id) != 0)
		return false;
	char *shown = text_printable(in->name, strlen(in->name), 48, 0);
	snprintf(u->instance_name, sizeof u->instance_name, "%s", shown ? shown : in->id);
	free(shown);
	return true;
}

/* Another region: the session follows it (a new client when the endpoint changes). false when no client
 * is left to go on with (the program then ends). */
static bool switch_region(ui *u)
{
	char *region = choose_region();
	if (!region)
		return true;
	char err[512];
	int rc = session_switch_region(u->ss, u->settings, region, err, sizeof err);
	if (u->ss->client != u->client) { /* the old client is gone: never used again */
		u->client = u->ss->client;
		if (u->client)
			api_client_set_observer(u->client, reqlog_observe, &u->log);
	}
	if (rc != 0) {
		widget_message("Region", err);
	} else {
		snprintf(u->region, sizeof u->region, "%s", region);
		u->instance_name[0] = '\0';
	}
	free(region);
	return u->client != NULL;
}

/* Lists the instances and lets one be chosen. PICK_CHOSEN, PICK_LEFT, PICK_REGION or PICK_REFRESH. */
static int pick_once(ui *u, bool auto_single)
{
	if (!u->settings->v[SETTING_PROJECT_ID].value && !ui_complete_target(u, false))
		return PICK_LEFT;
	swr_instance_list l;
	api_result res;
	if (ui_run_request(u, "Listing the instances…", do_instances, &l, &res) != 0) {
		if (res.transport != API_TRANSPORT_CANCELLED)
			ui_error_panel(u, "Listing the instances", &res);
		api_result_free(&res);
		memset(&l, 0, sizeof l); /* swr_list_instances left it empty */
	} else {
		api_result_free(&res);
	}
	picker_view p = {.view = {picker_draw, picker_key, ui_help_picker}, .u = u, .l = &l};
	if (auto_single && l.count == 1)
		p.outcome = PICK_CHOSEN;
	else
		widget_run(&p.view);
	if (term_quitting())
		p.outcome = PICK_LEFT;
	if (p.outcome == PICK_CHOSEN && !take_instance(u, &l.items[p.sel]))
		p.outcome = PICK_LEFT;
	swr_instance_list_free(&l);
	return p.outcome;
}

int ui_instance_picker(ui *u, bool auto_single)
{
	for (;;) {
		int outcome = pick_once(u, auto_single);
		if (outcome == PICK_CHOSEN)
			return 1;
		if (outcome == PICK_LEFT)
			return term_quitting() ? -1 : 0;
		if (outcome == PICK_REGION && !switch_region(u))
			return -1;
		auto_single = false;
	}
}
