/* table.c — help text laid out as two-column tables: a line "  KEYS  what they do" (two spaces in front,
 * a gap of two or more spaces after the keys) is a row, the lines indented under it go on its
 * description, and the rows that follow one another are a table. Each table's key column is as wide as
 * its longest keys (up to two fifths of the width; longer keys wrap under themselves), descriptions
 * start at one column and wrap with a hanging indent (text_wrap_hanging). Prose between the tables is
 * reflowed at the width. */
#include <stdlib.h>
#include <string.h>

#include "swrtui/base/buf.h"
#include "swrtui/base/text.h"
#include "widget.h"

#define TABLE_INDENT 2
#define TABLE_GAP 3

typedef struct {
	char *key;
	buf desc;
} table_row;

/* A row: two spaces, the keys, a gap of two or more spaces, the description. */
static bool split_row(const char *line, size_t len, size_t *kend, size_t *dstart)
{
	if (len < 4 || line[0] != ' ' || line[1] != ' ' || line[2] == ' ')
		return false;
	for (size_t i = 3; i + 1 < len; i++)
		if (line[i] == ' ' && line[i + 1] == ' ') {
			size_t j = i;
			while (j < len && line[j] == ' ')
				j++;
			*kend = i;
			*dstart = j;
			return j < len;
		}
	return false;
}

/* A line that goes on the description above it: indented past the keys, with no gap of its own. */
static bool continues_row(const char *line, size_t len)
{
	size_t lead = 0;
	while (lead < len && line[lead] == ' ')
		lead++;
	if (lead <= TABLE_INDENT || lead == len)
		return false;
	for (size_t i = lead; i + 1 < len; i++)
		if (line[i] == ' ' && line[i + 1] == ' ')
			return false;
	return true;
}

/* The next line of a wrapped cell (advances *p), or "" when the cell has no more lines. */
static size_t cell_line(const char **p, const char **start)
{
	*start = *p;
	size_t n = strcspn(*p, "\n");
	*p += n + ((*p)[n] == '\n');
	return n;
}

static void emit_row(buf *out, const table_row *r, int kw, int dw)
{
	char *k = text_wrap_hanging(r->key ? r->key : "", (size_t)kw);
	char *d = text_wrap_hanging(r->desc.data ? r->desc.data : "", (size_t)dw);
	const char *kp = k ? k : "", *dp = d ? d : "";
	while (*kp || *dp) {
		const char *ks, *ds;
		size_t kn = cell_line(&kp, &ks), dn = cell_line(&dp, &ds);
		char *kt = strndup(ks, kn);
		buf_printf(out, "%*s%s", TABLE_INDENT, "", kt ? kt : "");
		if (dn) {
			int pad = kw - (kt ? (int)text_width(kt) : 0);
			buf_printf(out, "%*s", (pad > 0 ? pad : 0) + TABLE_GAP, "");
			buf_append(out, ds, dn);
		}
		buf_putc(out, '\n');
		free(kt);
	}
	free(k);
	free(d);
}

static void emit_table(buf *out, table_row *rows, size_t n, int width)
{
	int cap = width * 2 / 5 > 8 ? width * 2 / 5 : 8, kw = 1;
	for (size_t i = 0; i < n; i++) {
		int w = rows[i].key ? (int)text_width(rows[i].key) : 0;
		if (w > kw)
			kw = w;
	}
	if (kw > cap) { /* the keys wrap under themselves: the column as wide as their widest line */
		kw = 1;
		for (size_t i = 0; i < n; i++) {
			char *k = text_wrap_hanging(rows[i].key ? rows[i].key : "", (size_t)cap);
			for (const char *p = k ? k : ""; *p;) {
				size_t len = strcspn(p, "\n");
				char *line = strndup(p, len);
				int w = line ? (int)text_width(line) : 0;
				kw = w > kw ? w : kw;
				free(line);
				p += len + (p[len] == '\n');
			}
			free(k);
		}
	}
	int dw = width - TABLE_INDENT - kw - TABLE_GAP;
	for (size_t i = 0; i < n; i++) {
		emit_row(out, &rows[i], kw, dw > 12 ? dw : 12);
		free(rows[i].key);
		buf_free(&rows[i].desc);
	}
}

/* Reads the rows of one table from *p into *rows (grown as needed); their number. */
static size_t read_table(const char **p, table_row **rows)
{
	size_t n = 0, cap = 0;
	for (;;) {
		const char *line = *p;
		size_t len = strcspn(line, "\n"), kend, dstart;
		if (n > 0 && continues_row(line, len)) {
			buf_putc(&(*rows)[n - 1].desc, ' ');
			buf_append(&(*rows)[n - 1].desc, line + TABLE_INDENT + strspn(line + TABLE_INDENT, " "),
			           len - TABLE_INDENT - strspn(line + TABLE_INDENT, " "));
		} else if (split_row(line, len, &kend, &dstart)) {
			if (n == cap) {
				table_row *more = realloc(*rows, (cap = cap ? cap * 2 : 16) * sizeof *more);
				if (!more)
					return n;
				*rows = more;
			}
			(*rows)[n].key = strndup(line + TABLE_INDENT, kend - TABLE_INDENT);
			buf_init(&(*rows)[n].desc);
			buf_append(&(*rows)[n].desc, line + dstart, len - dstart);
			n++;
		} else {
			return n;
		}
		*p += len + (line[len] == '\n');
	}
}

char *widget_help_table(const char *text, int width)
{
	buf out;
	buf_init(&out);
	table_row *rows = NULL;
	const char *p = text;
	while (*p) {
		size_t n = read_table(&p, &rows);
		if (n) {
			emit_table(&out, rows, n, width);
			continue;
		}
		/* prose up to the next table: reflowed (a sentence broken in the source goes on) */
		const char *start = p;
		size_t kend, dstart;
		do {
			size_t len = strcspn(p, "\n");
			p += len + (p[len] == '\n');
		} while (*p && !split_row(p, strcspn(p, "\n"), &kend, &dstart));
		char *chunk = strndup(start, (size_t)(p - start));
		char *prose = chunk ? text_wrap_hanging(chunk, (size_t)width) : NULL;
		buf_puts(&out, prose ? prose : "");
		free(prose);
		free(chunk);
	}
	free(rows);
	return buf_take(&out);
}
