/* cmd_rotate.c — `swrtui rotate (--access-key KEY | ID...) [--new-access-key KEY] [--dry-run]`: gives a
 * new secret (and access key) to every registry that uses access key KEY (all pages of the list) or to
 * the given IDs, one at a time over one connection: GET, replace only the credential, PUT. The secret
 * comes from standard input or a prompt without echo, never from argv. One line per registry, then a
 * summary; Ctrl-C stops between registries. */
#include <stdlib.h>
#include <string.h>

#include "swrtui/base/secret.h"
#include "swrtui/base/text.h"
#include "swrtui/swr/bulk.h"
#include "cli_bulk.h"

/* "ID NAME" of a registry, printable. */
static void put_target(FILE *f, long long id, const char *name)
{
	char *p = name ? text_printable(name, strlen(name), 64, 0) : NULL;
	fprintf(f, "%lld%s%s", id, p ? " " : "", p ? p : "");
	free(p);
}

/* The registries to rotate: those of --access-key (listed), or the IDs of the command line. 0 or an
 * exit code after saying why. */
static int select_targets(cli_ctx *x, bulk_targets *t)
{
	memset(t, 0, sizeof *t);
	if (x->o->access_key) {
		api_result res;
		int rc = 0;
		if (bulk_select_by_access_key(x->client, x->o->access_key, t, &res) != 0)
			rc = cli_report_failure(x, &res);
		api_result_free(&res);
		if (rc == 0 && t->count == 0) {
			fprintf(x->errf, "swrtui: no registry uses that access key; nothing was sent\n");
			rc = CLI_EXIT_REFUSED;
		}
		return rc;
	}
	for (int i = 0; i < x->o->nargs; i++) {
		long long id;
		if (cli_parse_id(x, x->o->args[i], &id) != 0) {
			bulk_targets_free(t);
			return CLI_EXIT_USAGE;
		}
		if (bulk_targets_add(t, id, NULL) != 0) {
			bulk_targets_free(t);
			fprintf(x->errf, "swrtui: out of memory\n");
			return CLI_EXIT_USAGE;
		}
	}
	return 0;
}

/* --dry-run: the registries and what would change; an ID given on the command line is read (GET) to
 * name it. Sends nothing else. */
static int print_plan(cli_ctx *x, const bulk_targets *t)
{
	fprintf(x->out, "would rotate %zu registr%s (GET, then PUT with only the credential changed: %s):\n",
	        t->count, t->count == 1 ? "y" : "ies",
	        x->o->new_access_key ? "access_key and access_secret" : "access_secret");
	int rc = CLI_EXIT_OK;
	for (size_t i = 0; i < t->count && !cli_bulk_interrupted(); i++) {
		fputs("  ", x->out);
		if (t->items[i].name) {
			put_target(x->out, t->items[i].id, t->items[i].name);
			fputc('\n', x->out);
			continue;
		}
		registry r;
		api_result res;
		if (api_show_registry(x->client, t->items[i].id, &res, &r) == 0) {
			put_target(x->out, r.id, r.name);
			fputc('\n', x->out);
		} else {
			char *line = bulk_failure_line(&res);
			put_target(x->out, t->items[i].id, NULL);
			fprintf(x->out, ": cannot be read: %s\n", line ? line : "failed");
			free(line);
			rc = CLI_EXIT_REFUSED;
		}
		registry_free(&r);
		api_result_free(&res);
	}
	fprintf(x->out, "dry run: nothing was changed\n");
	return rc;
}

/* Rotates every target in turn; one line each, then the summary. Returns the exit status. */
static int rotate_all(cli_ctx *x, const bulk_targets *t, const char *secret)
{
	size_t done = 0, failed = 0, i = 0;
	for (; i < t->count && !cli_bulk_interrupted(); i++) {
		registry got;
		api_result res;
		bulk_step step;
		int rc = bulk_rotate_one(x->client, t->items[i].id, x->o->new_access_key, secret, &got, &res, &step);
		const char *name = got.name ? got.name : t->items[i].name;
		fputs(rc == 0 ? "ok      " : "failed  ", x->out);
		put_target(x->out, t->items[i].id, name);
		if (rc == 0) {
			done++;
		} else {
			char *line = bulk_failure_line(&res);
			fprintf(x->out, ": %s: %s", step == BULK_STEP_GET ? "GET" : "PUT", line ? line : "failed");
			free(line);
			failed++;
		}
		fputc('\n', x->out);
		fflush(x->out);
		registry_free(&got);
		api_result_free(&res);
	}
	return cli_bulk_summary(x, "rotate", done, failed, t->count - i);
}

int cli_cmd_rotate(cli_ctx *x)
{
	cli_opts *o = x->o;
	if ((o->access_key != NULL) == (o->nargs > 0)) {
		fprintf(x->errf, "swrtui: rotate takes either --access-key KEY or registry IDs\n");
		return cli_usage_error(x);
	}
	int rc = cli_setup(x);
	if (rc)
		return rc;
	cli_bulk_catch_interrupt();
	char *secret = NULL;
	if (!o->dry_run) {
		secret = cli_bulk_read_secret(x, "New access secret");
		if (!secret || !*secret) {
			fprintf(x->errf, "swrtui: %s; nothing was sent\n",
			        cli_bulk_interrupted() ? "interrupted" : "no new secret on standard input");
			secret_free(secret);
			cli_bulk_release_interrupt();
			return cli_bulk_interrupted() ? CLI_EXIT_INTERRUPTED : CLI_EXIT_USAGE;
		}
	}
	bulk_targets t;
	rc = select_targets(x, &t);
	if (rc == 0)
		rc = o->dry_run ? print_plan(x, &t) : rotate_all(x, &t, secret);
	bulk_targets_free(&t);
	secret_free(secret);
	cli_bulk_release_interrupt();
	return rc;
}
