/* dialog.c — panels and prompts: confirmation, scrollable message, one-line prompt, help, the decoded
 * error panel, and running a request while the screen stays alive (Esc or Ctrl-C cancels). */
#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "swrtui/base/buf.h"
#include "swrtui/swr/errcat.h"
#include "swrtui/auth/iam.h"
#include "swrtui/auth/sts.h"
#include "swrtui/model/lineedit.h"
#include "swrtui/base/text.h"
#include "ui.h"

int ui_cp_width(unsigned cp);

/* ---- a box in the middle of the screen ---- */

typedef struct {
	int y, x, h, w;
} panel_rect;

static panel_rect panel_box(ui *u, int want_h, int want_w)
{
	panel_rect b;
	b.w = want_w < u->cols - 2 ? want_w : u->cols - 2;
	b.h = want_h < u->rows - 2 ? want_h : u->rows - 2;
	if (b.w < 10)
		b.w = u->cols;
	if (b.h < 3)
		b.h = u->rows;
	b.y = (u->rows - b.h) / 2;
	b.x = (u->cols - b.w) / 2;
	return b;
}

static void draw_box(ui *u, panel_rect b, const char *title)
{
	int a = ui_attr(u, UI_PAIR_PANEL);
	attron(a);
	for (int y = b.y; y < b.y + b.h; y++)
		mvhline(y, b.x, ' ', b.w);
	mvhline(b.y, b.x, ACS_HLINE, b.w);
	mvhline(b.y + b.h - 1, b.x, ACS_HLINE, b.w);
	mvvline(b.y, b.x, ACS_VLINE, b.h);
	mvvline(b.y, b.x + b.w - 1, ACS_VLINE, b.h);
	mvaddch(b.y, b.x, ACS_ULCORNER);
	mvaddch(b.y, b.x + b.w - 1, ACS_URCORNER);
	mvaddch(b.y + b.h - 1, b.x, ACS_LLCORNER);
	mvaddch(b.y + b.h - 1, b.x + b.w - 1, ACS_LRCORNER);
	if (title) {
		attron(A_BOLD);
		mvaddch(b.y, b.x + 2, ' ');
		int used = ui_put(b.y, b.x + 3, title, b.w - 6);
		mvaddch(b.y, b.x + 3 + used, ' ');
		attroff(A_BOLD);
	}
	attroff(a);
}

/* Splits text into display lines of at most width columns (on spaces where possible, newlines kept). */
typedef struct {
	char **lines;
	size_t n;
} wrapped;

static void wrap_free(wrapped *w)
{
	for (size_t i = 0; i < w->n; i++)
		free(w->lines[i]);
	free(w->lines);
	w->lines = NULL;
	w->n = 0;
}

static void wrap_push(wrapped *w, const char *s, size_t len)
{
	char **l = realloc(w->lines, (w->n + 1) * sizeof *l);
	if (!l)
		return;
	w->lines = l;
	w->lines[w->n] = strndup(s, len);
	if (w->lines[w->n])
		w->n++;
}

static void wrap_text(wrapped *w, const char *text, int width)
{
	if (width < 1)
		width = 1;
	const char *p = text;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t linelen = nl ? (size_t)(nl - p) : strlen(p);
		/* cut this line into pieces of at most width columns */
		size_t i = 0;
		do {
			size_t start = i, last_space = 0, j = i;
			int cols = 0;
			while (j < linelen) {
				unsigned cp;
				size_t n = text_utf8_decode((const unsigned char *)p + j, linelen - j, &cp);
				if (n == 0)
					n = 1, cp = '?';
				int cw = ui_cp_width(cp);
				if (cols + cw > width)
					break;
				if (cp == ' ')
					last_space = j;
				cols += cw;
				j += n;
			}
			size_t end = j;
			if (j < linelen && last_space > start)
				end = last_space;
			wrap_push(w, p + start, end - start);
			i = end;
			while (i < linelen && p[i] == ' ' && end != j)
				i++;
			if (i == start)
				i++;
		} while (i < linelen);
		p += linelen;
		if (*p == '\n')
			p++;
	}
}

/* ---- confirmation ---- */

bool ui_confirm(ui *u, const char *title, const char *const *body, size_t n, const char *question)
{
	int top = 0;
	bool clear_first = false;
	for (;;) {
		if (ui_quitting())
			return false;
		if (ui_too_small(u)) {
			ui_key k;
			ui_read_key(&k, -1);
			ui_key_free(&k);
			clear_first = true;
			continue;
		}
		if (clear_first) {
			erase(); /* a resize or Ctrl-L: no stale copy of the panel stays behind */
			clear_first = false;
		}
		int maxw = (int)text_width(question) + 4;
		for (size_t i = 0; i < n; i++) {
			int w = (int)text_width(body[i]);
			if (w > maxw)
				maxw = w;
		}
		if (maxw < 34)
			maxw = 34;
		/* long lines wrap: an old -> new value is never cut */
		int inner = maxw + 4 < u->cols - 2 ? maxw : u->cols - 6;
		wrapped w = {0};
		for (size_t i = 0; i < n; i++) {
			if (!*body[i])
				wrap_push(&w, "", 0);
			else
				wrap_text(&w, body[i], inner);
		}
		panel_rect b = panel_box(u, (int)w.n + 5, inner + 4);
		int rows = b.h - 5;
		if (top > (int)w.n - rows)
			top = (int)w.n - rows;
		if (top < 0)
			top = 0;
		draw_box(u, b, title);
		int a = ui_attr(u, UI_PAIR_PANEL);
		attron(a);
		for (int i = 0; i < rows && top + i < (int)w.n; i++)
			ui_put(b.y + 1 + i, b.x + 2, w.lines[top + i], b.w - 4);
		if ((int)w.n > rows)
			ui_put(b.y + b.h - 4, b.x + 2, "(Up/Down scroll)", b.w - 4);
		attron(A_BOLD);
		ui_put(b.y + b.h - 3, b.x + 2, question, b.w - 4);
		attroff(A_BOLD);
		ui_put(b.y + b.h - 2, b.x + 2, "Enter or y: yes   Esc or n: no", b.w - 4);
		attroff(a);
		wrap_free(&w);
		curs_set(0);
		refresh();
		ui_key k;
		ui_read_key(&k, -1);
		int result = -1;
		if (ui_key_is(&k, '\n') || ui_key_is(&k, 'y') || ui_key_is(&k, 'Y'))
			result = 1;
		else if (ui_key_is(&k, UI_ESC) || ui_key_is(&k, 'n') || ui_key_is(&k, 'N') || ui_key_is(&k, UI_CTRL('c')) ||
		         ui_key_is(&k, KEY_F(10)) || k.kind == UI_KEY_SIGNAL)
			result = 0;
		else if (ui_key_is(&k, KEY_DOWN))
			top++;
		else if (ui_key_is(&k, KEY_UP))
			top--;
		else if (k.kind == UI_KEY_RESIZE || ui_key_is(&k, UI_CTRL('l'))) {
			clear_first = true;
			if (ui_key_is(&k, UI_CTRL('l')))
				clearok(curscr, TRUE);
		}
		ui_key_free(&k);
		if (result >= 0) {
			erase();
			return result == 1;
		}
	}
}

/* ---- scrollable message ---- */

/* Shows text; extra_keys lets the caller handle a key (returns true to close). */
static int message_loop(ui *u, const char *title, const char *text, const char *hint,
                        int (*on_key)(ui *u, int code, void *ctx), void *ctx)
{
	int top = 0;
	for (;;) {
		if (ui_too_small(u)) {
			ui_key k;
			ui_read_key(&k, -1);
			bool quit = ui_key_is(&k, UI_ESC) || ui_key_is(&k, UI_CTRL('c'));
			ui_key_free(&k);
			if (quit)
				return 0;
			continue;
		}
		panel_rect b = panel_box(u, u->rows - 2, u->cols > 100 ? 96 : u->cols - 2);
		wrapped w = {0};
		wrap_text(&w, text, b.w - 4);
		int body = b.h - 3;
		if (w.n < (size_t)body) {
			b = panel_box(u, (int)w.n + 3, b.w);
			body = b.h - 3;
		}
		if (top > (int)w.n - body)
			top = (int)w.n - body;
		if (top < 0)
			top = 0;
		erase();
		draw_box(u, b, title);
		int a = ui_attr(u, UI_PAIR_PANEL);
		attron(a);
		for (int i = 0; i < body && top + i < (int)w.n; i++)
			ui_put(b.y + 1 + i, b.x + 2, w.lines[top + i], b.w - 4);
		char foot[256];
		snprintf(foot, sizeof foot, "%s%s", (int)w.n > body ? "Up/Down scroll  " : "", hint);
		ui_put(b.y + b.h - 2, b.x + 2, foot, b.w - 4);
		attroff(a);
		wrap_free(&w);
		curs_set(0);
		refresh();
		ui_key k;
		ui_read_key(&k, -1);
		int code = k.kind == UI_KEY_FUNC || k.kind == UI_KEY_CHAR ? k.code : -1;
		ui_key_free(&k);
		if (code == KEY_DOWN || code == 'j')
			top++;
		else if (code == KEY_UP || code == 'k')
			top--;
		else if (code == KEY_NPAGE || code == ' ')
			top += body;
		else if (code == KEY_PPAGE)
			top -= body;
		else if (code == UI_CTRL('l'))
			clearok(curscr, TRUE);
		else if (code >= 0 && on_key && on_key(u, code, ctx) != 0)
			return 2;
		else if (code == UI_ESC || code == '\n' || code == 'q' || code == KEY_F(10) || code == UI_CTRL('c'))
			return 0;
	}
}

void ui_message(ui *u, const char *title, const char *text)
{
	message_loop(u, title, text, "Esc or Enter: close", NULL, NULL);
	erase();
}

/* ---- prompt ---- */

char *ui_prompt(ui *u, const char *label, const char *initial)
{
	lineedit le;
	if (lineedit_init(&le, initial) != 0)
		return NULL;
	char *result = NULL;
	for (;;) {
		if (ui_too_small(u)) {
			ui_key k;
			ui_read_key(&k, -1);
			bool quit = ui_key_is(&k, UI_ESC) || ui_key_is(&k, UI_CTRL('c'));
			ui_key_free(&k);
			if (quit)
				break;
			continue;
		}
		int y = u->rows - 2;
		int lw = ui_put(y, 0, label, u->cols / 2);
		int width = u->cols - lw - 1;
		size_t s, e;
		int cc;
		lineedit_view(&le, width, false, ui_cp_width, &s, &e, &cc);
		char *vis = strndup(le.text + s, e - s);
		attron(A_UNDERLINE);
		ui_put_pad(y, lw + 1, vis ? vis : "", width);
		attroff(A_UNDERLINE);
		free(vis);
		ui_hints(u, "Enter: accept   Esc: cancel   Ctrl-U: clear to start");
		move(y, lw + 1 + cc);
		curs_set(1);
		refresh();
		ui_key k;
		ui_read_key(&k, -1);
		bool done = false, accept = false;
		if (ui_key_is(&k, '\n'))
			done = accept = true;
		else if (ui_key_is(&k, UI_ESC) || ui_key_is(&k, UI_CTRL('c')) || ui_key_is(&k, KEY_F(10)))
			done = true;
		else if (k.kind == UI_KEY_RESIZE || ui_key_is(&k, UI_CTRL('l')))
			erase();
		else
			ui_lineedit_key(&le, &k);
		ui_key_free(&k);
		if (done) {
			if (accept)
				result = strdup(le.text);
			break;
		}
	}
	lineedit_free(&le);
	curs_set(0);
	return result;
}

/* ---- help ---- */

static const char help_list[] =
    "Registry list\n"
    "\n"
    "  Up, Down, PgUp, PgDn, Home, End   move\n"
    "  Enter        edit the selected registry\n"
    "  n            create a new registry\n"
    "  d            delete the selected registry (asks first, naming the policies that use it)\n"
    "  /            filter by name (the service's name parameter); an empty filter shows all\n"
    "  r            refresh\n"
    "  F4, L        the request log (the last requests, secrets redacted)\n"
    "  q, Esc, F10  quit\n"
    "  F1           this help;  Ctrl-L redraw;  Ctrl-C quit at once\n";

static const char help_edit[] =
    "Edit form\n"
    "\n"
    "  Tab, Down          next field\n"
    "  Shift-Tab, Up      previous field\n"
    "  typing             edits the focused text field (the cursor starts at the end)\n"
    "  Left, Right, Home, End   move in the field\n"
    "  Backspace, Delete  delete;  Ctrl-U deletes from the cursor to the start\n"
    "  Left, Right, Space on Type        change the type\n"
    "  Space on Skip certificate verification   toggle it\n"
    "  Enter on DNS hosts                open the DNS hosts editor\n"
    "  F3 or Ctrl-R on Access secret     show or hide the secret\n"
    "  F2                 save (validate, confirm the changes, send)\n"
    "  F4                 the request log (the last requests, secrets redacted)\n"
    "  F5                 probe the target from this machine: name resolution, connect, TLS,\n"
    "                     GET /v2/, then the access key and secret (Basic or Bearer)\n"
    "  Esc, F10           go back (asks first when there are unsaved changes)\n"
    "  F1 help;  Ctrl-L redraw;  Ctrl-C cancels a running request, otherwise quits at once\n"
    "\n"
    "A field marked with ! and in red is invalid; its message shows on the status line.\n"
    "Pasted text is inserted as it is: a pasted newline never submits, control characters are dropped.\n";

static const char help_hosts[] =
    "DNS hosts editor\n"
    "\n"
    "  Up, Down, PgUp, PgDn, Home, End   move\n"
    "  a            add a row (domain, then IP address)\n"
    "  Enter, e     edit the selected row\n"
    "  d, Delete    remove the selected row\n"
    "  Esc, F10     back to the form\n"
    "\n"
    "Rows marked with ! are invalid (malformed domain or IP, or a domain already listed).\n";

void ui_help(ui *u, const char *screen)
{
	const char *text = help_list;
	if (strcmp(screen, "edit") == 0)
		text = help_edit;
	else if (strcmp(screen, "hosts") == 0)
		text = help_hosts;
	ui_message(u, "Help", text);
}

/* ---- decoding an encoded authorization message through STS ---- */

typedef struct {
	const char *endpoint;
	const char *message;
	const api_auth *auth;
	char *decoded;
} decode_req;

static int do_decode(api_client *c, void *arg, api_result *res)
{
	decode_req *q = arg;
	return sts_decode(c, q->endpoint, q->message, q->auth, res, &q->decoded);
}

void ui_decode_message(ui *u, const char *message)
{
	char err[512];
	const api_auth *auth = &u->ss->auth;
	if (sts_check_auth(auth, err, sizeof err) != 0) {
		ui_message(u, "Decode the authorization message", err);
		return;
	}
	char *endpoint = sts_endpoint(u->settings->v[SETTING_STS_ENDPOINT].value, u->settings->v[SETTING_REGION].value,
	                              err, sizeof err);
	if (!endpoint) {
		ui_message(u, "Decode the authorization message", err);
		return;
	}
	decode_req q = {.endpoint = endpoint, .message = message, .auth = auth};
	api_result res;
	if (ui_run_request(u, "Decoding through STS…", do_decode, &q, &res) != 0) {
		if (res.transport != API_TRANSPORT_CANCELLED)
			ui_error_panel(u, "Decoding the authorization message", &res);
	} else {
		sts_summary sum;
		char *text = NULL;
		if (sts_summarize(q.decoded, strlen(q.decoded), &sum) == 0) {
			text = sts_summary_format(&sum);
			sts_summary_free(&sum);
		}
		ui_message(u, "Why the request was denied (decoded by STS)", text ? text : "out of memory");
		free(text);
	}
	api_result_free(&res);
	free(q.decoded);
	free(endpoint);
}

/* ---- the decoded error panel ---- */

typedef struct {
	const api_result *res;
	char *note;
} err_ctx;

static int write_message_file(ui *u, const char *path, const char *msg, char *note, size_t notelen)
{
	(void)u;
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		snprintf(note, notelen, "cannot write %s: %s", path, strerror(errno));
		return -1;
	}
	size_t n = strlen(msg), off = 0;
	while (off < n) {
		ssize_t w = write(fd, msg + off, n - off);
		if (w <= 0) {
			snprintf(note, notelen, "cannot write %s: %s", path, strerror(errno));
			close(fd);
			return -1;
		}
		off += (size_t)w;
	}
	if (write(fd, "\n", 1) != 1 || close(fd) != 0) {
		snprintf(note, notelen, "cannot write %s", path);
		return -1;
	}
	snprintf(note, notelen, "written to %s (%zu characters)", path, n);
	return 0;
}

static int error_panel_key(ui *u, int code, void *ctx)
{
	err_ctx *e = ctx;
	if (code == 'i') {
		ui_request_detail(u, 0);
		return 2;
	}
	const char *msg = e->res->error.encoded_authorization_message;
	if (!msg)
		return 0;
	if (code == 'm') {
		ui_message(u, "Encoded authorization message", msg);
		return 2;
	}
	if (code == 'd') {
		ui_decode_message(u, msg);
		return 2;
	}
	if (code == 'w') {
		char *path = ui_prompt(u, "Write the encoded message to file:", "");
		if (path && *path) {
			char note[512];
			write_message_file(u, path, msg, note, sizeof note);
			free(e->note);
			e->note = strdup(note);
		}
		free(path);
		return 2;
	}
	return 0;
}

static char *error_text(const char *what, const api_result *res, const char *note)
{
	buf b;
	buf_init(&b);
	buf_printf(&b, "%s failed.\n\n", what);
	if (res->transport != API_TRANSPORT_OK && res->transport != API_TRANSPORT_TOO_LARGE) {
		buf_printf(&b, "The service could not be reached: %s failed.\n\n", api_transport_name(res->transport));
		buf_printf(&b, "%s\n", res->transport_msg ? res->transport_msg : "");
		if (res->attempts > 1)
			buf_printf(&b, "Attempts: %d (sent again after each failure; the last one is shown)\n", res->attempts);
		if (res->transport == API_TRANSPORT_TLS)
			buf_printf(&b, "\nHint: %s.\n", errcat_tls_hint(res->transport_msg));
		else if (res->transport == API_TRANSPORT_RESOLVE)
			buf_puts(&b, "\nHint: check the endpoint or region; the host name does not resolve.\n");
		else if (res->transport == API_TRANSPORT_CONNECT)
			buf_puts(&b, "\nHint: nothing answers at that address; check the endpoint, a proxy or a firewall.\n");
		else if (res->transport == API_TRANSPORT_TIMEOUT)
			buf_puts(&b, "\nHint: the service did not answer in time; retry, or raise --timeout.\n");
		return buf_take(&b);
	}
	if (res->transport == API_TRANSPORT_TOO_LARGE) {
		buf_printf(&b, "%s\n", res->transport_msg ? res->transport_msg : "");
		return buf_take(&b);
	}
	buf_printf(&b, "HTTP status:  %ld %s\n", res->status, res->reason ? res->reason : "");
	if (res->status >= 300 && res->status < 400) {
		buf_printf(&b, "\nThe service answered with a redirect to %s. Redirects are never followed, so that the "
		               "token never travels to another host: check the endpoint.\n",
		           res->location ? res->location : "(no Location)");
	}
	if (api_result_ok(res))
		buf_printf(&b, "\n%s\n", res->transport_msg ? res->transport_msg : "the answer could not be read");
	const api_error *er = &res->error;
	if (er->code)
		buf_printf(&b, "error_code:   %s\n", er->code);
	if (er->msg)
		buf_printf(&b, "error_msg:    %s\n", er->msg);
	for (size_t i = 0; i < er->ndetails; i++)
		buf_printf(&b, "detail:       %s%s%s\n", er->details[i].code ? er->details[i].code : "",
		           er->details[i].code && er->details[i].msg ? ": " : "", er->details[i].msg ? er->details[i].msg : "");
	const char *rid = res->request_id ? res->request_id : er->gateway_request_id;
	buf_printf(&b, "X-Request-Id: %s\n", rid ? rid : "(none)");
	if (res->retry_after) {
		char *ra = text_printable(res->retry_after, strlen(res->retry_after), 100, 0);
		buf_printf(&b, "Retry-After:  %s\n", ra ? ra : "");
		free(ra);
	}
	if (res->attempts > 1)
		buf_printf(&b, "Attempts:     %d (sent again after each failure; the last answer is shown)\n",
		           res->attempts);
	if (er->format == API_ERROR_FORMAT_GATEWAY)
		buf_printf(&b, "\nThe API gateway answered, not the SWR service: %s\n", er->msg ? er->msg : "");
	const char *hint = errcat_hint(res->status, er->code, er->msg);
	if (hint)
		buf_printf(&b, "\nHint: %s\n", hint);
	if (er->encoded_authorization_message) {
		const char *m = er->encoded_authorization_message;
		size_t n = strlen(m);
		buf_printf(&b, "\nEncoded authorization message (%zu characters):\n", n);
		if (n > 60)
			buf_printf(&b, "%.40s…%s\n", m, m + n - 12);
		else
			buf_printf(&b, "%s\n", m);
		buf_puts(&b, "d: decode it through STS (needs AK/SK)   m: show it whole   w: write it to a file\n");
	}
	if ((er->format == API_ERROR_FORMAT_NOT_JSON || er->format == API_ERROR_FORMAT_NONE) && !api_result_ok(res)) {
		if (res->body_len == 0) {
			buf_puts(&b, "\nThe response had no body.\n");
		} else {
			buf_printf(&b, "\nThe body is not an SWR error document (%s%s%zu bytes):\n",
			           res->content_type ? res->content_type : "", res->content_type ? ", " : "", res->body_len);
			char *snippet = text_printable(res->body, res->body_len, 400, 1);
			buf_printf(&b, "%s\n", snippet ? snippet : "");
			free(snippet);
		}
	}
	if (note)
		buf_printf(&b, "\n%s\n", note);
	return buf_take(&b);
}

void ui_error_panel(ui *u, const char *what, const api_result *res)
{
	err_ctx e = {.res = res, .note = NULL};
	for (;;) {
		char *text = error_text(what, res, e.note);
		int r = message_loop(u, "Request failed", text ? text : "out of memory",
		                     res->error.encoded_authorization_message
		                         ? "d: decode  m: whole message  w: write to file  i: inspect the request  Esc: close"
		                         : "i: inspect the request  Esc or Enter: close",
		                     error_panel_key, &e);
		free(text);
		if (r != 2)
			break;
	}
	free(e.note);
	erase();
}

/* ---- requests with a live screen ---- */

typedef struct {
	ui *u;
	const char *busy;
	char retry[160]; /* "HTTP 429: retrying in 3 s (attempt 2 of 3)" while a retry is under way */
} watch_ctx;

static void draw_busy(ui *u, const char *busy, const char *retry)
{
	if (ui_too_small(u))
		return;
	char line[400];
	snprintf(line, sizeof line, "%s%s%s  (Esc cancels)", busy, retry && *retry ? "  " : "", retry ? retry : "");
	ui_status(u, line, UI_PAIR_WARN);
	refresh();
}

/* The request module retries: the busy line counts the wait down, then names the attempt. */
static void on_retry(void *ctx, const api_retry_info *info)
{
	watch_ctx *w = ctx;
	api_retry_describe(info, w->retry, sizeof w->retry);
	draw_busy(w->u, w->busy, w->retry);
}

static int on_terminal_ready(void *ctx)
{
	watch_ctx *w = ctx;
	for (;;) {
		ui_key k;
		ui_read_key(&k, 0);
		int kind = k.kind;
		bool cancel = ui_key_is(&k, UI_ESC) || ui_key_is(&k, UI_CTRL('c'));
		if (ui_key_is(&k, UI_CTRL('c')))
			ui_set_quit(false); /* during a request Ctrl-C cancels it; it does not quit */
		ui_key_free(&k);
		if (kind == UI_KEY_NONE)
			return 0;
		if (cancel)
			return 1;
		if (kind == UI_KEY_RESIZE)
			draw_busy(w->u, w->busy, w->retry);
	}
}

static int run_once(ui *u, const char *busy, ui_request_fn fn, void *arg, api_result *res)
{
	watch_ctx w = {.u = u, .busy = busy, .retry = ""};
	draw_busy(u, busy, NULL);
	api_client_set_watch(u->client, STDIN_FILENO, on_terminal_ready, &w);
	api_client_set_retry_notify(u->client, on_retry, &w);
	int rc = fn(u->client, arg, res);
	api_client_set_retry_notify(u->client, NULL, NULL);
	api_client_set_watch(u->client, -1, NULL, NULL);
	return rc;
}

int ui_run_request(ui *u, const char *busy, ui_request_fn fn, void *arg, api_result *res)
{
	int rc = run_once(u, busy, fn, arg, res);
	/* the token expired mid-session: log in again and retry this request once; the screen that asked
	 * (a form with its edits) is untouched */
	if (rc != 0 && !u->in_login && u->ss && u->ss->auth.kind == API_AUTH_TOKEN && iam_token_expired(res)) {
		const char *body[] = {"The service says the token is no longer valid (expired, or issued for another "
		                      "region).",
		                      "Log in again to go on: nothing you entered is lost, and the request is sent once "
		                      "more."};
		if (ui_confirm(u, "Token expired", body, 2, "Log in again?")) {
			u->in_login = true;
			bool ok = ui_login(u, "The token expired: log in again to go on.");
			u->in_login = false;
			if (ok) {
				api_result_free(res);
				rc = run_once(u, busy, fn, arg, res);
			}
		}
	}
	return rc;
}
