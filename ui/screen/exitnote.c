/* exitnote.c — the error that outlives the screen: the decoded error of the last failed request, kept
 * as the plain commands print it and written on stderr once the terminal is restored, so that an exit
 * that follows an error ("swrtui edit 99" after its 404 panel) leaves the status, error code and
 * request id in the scrollback. */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE /* open_memstream; ui/ gets it from ncursesw's flags */
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "swrtui/base/text.h"
#include "screen.h"

void ui_exit_note_clear(ui *u)
{
	free(u->exit_note);
	u->exit_note = NULL;
}

void ui_exit_note_set(ui *u, const char *what, const api_result *res)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	if (!f)
		return;
	char *w = text_printable(what ? what : "A request", strlen(what ? what : "A request"), 200, 0);
	fprintf(f, "swrtui: %s failed:\n", w ? w : "");
	free(w);
	const char *where = res->effective_url ? res->effective_url : u->ss && u->ss->endpoint ? u->ss->endpoint : "";
	cli_describe_failure(f, where, res);
	if (fclose(f) != 0) {
		free(text);
		return;
	}
	ui_exit_note_clear(u);
	u->exit_note = text;
}

void ui_exit_note_add(ui *u, const char *line)
{
	if (!u->exit_note || !line)
		return;
	size_t a = strlen(u->exit_note), b = strlen(line);
	char *more = realloc(u->exit_note, a + b + 4);
	if (!more)
		return;
	memcpy(more + a, "  ", 2);
	memcpy(more + a + 2, line, b);
	memcpy(more + a + 2 + b, "\n", 2);
	u->exit_note = more;
}

void ui_exit_note_print(ui *u)
{
	if (u->exit_note) {
		fputs(u->exit_note, stderr);
		fflush(stderr);
	}
	ui_exit_note_clear(u);
}
