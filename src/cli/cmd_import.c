/* cmd_import.c — `swrtui import FILE [--secrets FILE] [--dry-run] [--yes] [--prune]`: makes the
 * instance match an export document by registry name. The plan comes first (+ create, ~ update with the
 * changed fields, = unchanged, - delete with --prune); nothing is sent until every registry to write
 * has its secret (from the private --secrets file or prompted on a terminal) and is valid, and the plan
 * is confirmed (on a terminal, or --yes). Then one request at a time, one line per registry, a summary;
 * Ctrl-C stops between registries. */
#define _DEFAULT_SOURCE
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "swrtui/base/file.h"
#include "swrtui/base/secret.h"
#include "swrtui/base/text.h"
#include "swrtui/swr/bulk.h"
#include "cli_bulk.h"

#define IMPORT_MAX_BYTES ((size_t)64 * 1024 * 1024)
#define SECRETS_MAX_BYTES ((size_t)1024 * 1024)

typedef struct {
	registry *want, *have;
	size_t nwant, nhave;
	bulk_plan plan;
	bulk_secrets secrets;
} import_state;

static void import_state_free(import_state *st)
{
	bulk_plan_free(&st->plan);
	bulk_registries_free(st->want, st->nwant);
	bulk_registries_free(st->have, st->nhave);
	bulk_secrets_free(&st->secrets);
}

static void put_name(FILE *f, const char *name)
{
	char *p = text_printable(name ? name : "", name ? strlen(name) : 0, 64, 0);
	fputs(p ? p : "", f);
	free(p);
}

/* The export document of FILE ("-": standard input), decoded strictly. 0 or 2. */
static int load_document(cli_ctx *x, import_state *st)
{
	const char *path = x->o->args[0];
	bool is_stdin = strcmp(path, "-") == 0;
	int fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
	char err[512];
	size_t len = 0;
	char *text = NULL;
	if (fd < 0)
		snprintf(err, sizeof err, "cannot read %s", path);
	else
		text = file_read_all(fd, is_stdin ? "standard input" : path, "import file", IMPORT_MAX_BYTES, &len, err,
		                     sizeof err);
	if (fd >= 0 && !is_stdin)
		close(fd);
	if (!text) {
		fprintf(x->errf, "swrtui: %s\n", err);
		return CLI_EXIT_USAGE;
	}
	int rc = bulk_import_parse(text, len, &st->want, &st->nwant, err, sizeof err);
	secret_wipe(text, len);
	free(text);
	if (rc != 0) {
		fprintf(x->errf, "swrtui: %s: %s; nothing was sent\n", is_stdin ? "standard input" : path, err);
		return CLI_EXIT_USAGE;
	}
	return 0;
}

/* --secrets FILE: private (as a token file), then decoded. 0 or 2. */
static int load_secrets(cli_ctx *x, import_state *st)
{
	if (!x->o->secrets_file)
		return 0;
	char err[512];
	char *text = secret_read_file(x->o->secrets_file, "secrets file", SECRETS_MAX_BYTES, err, sizeof err);
	bool read_it = text != NULL;
	int rc = text ? bulk_secrets_parse(text, strlen(text), &st->secrets, err, sizeof err) : -1;
	secret_free(text);
	if (rc != 0) {
		fprintf(x->errf, "swrtui: %s%s%s; nothing was sent\n", read_it ? x->o->secrets_file : "",
		        read_it ? ": " : "", err);
		return CLI_EXIT_USAGE;
	}
	return 0;
}

static int collect_page(void *ctx, const registry_list *page, const api_result *res)
{
	(void)res;
	import_state *st = ctx;
	registry *n = realloc(st->have, (st->nhave + page->count + 1) * sizeof *n);
	if (!n)
		return -1;
	st->have = n;
	for (size_t i = 0; i < page->count; i++) {
		if (registry_copy(&st->have[st->nhave], &page->items[i]) != 0)
			return -1;
		st->nhave++;
	}
	return 0;
}

/* The instance's registries (all pages) and the plan. 0 or an exit code after saying why. */
static int make_plan(cli_ctx *x, import_state *st)
{
	api_list_params p = {0};
	api_result res;
	api_list_walk w;
	int rc = 0;
	if (api_list_all_registries(x->client, &p, 0, collect_page, st, &res, &w) != 0)
		rc = cli_report_failure(x, &res);
	api_result_free(&res);
	char err[256];
	if (rc == 0 && bulk_plan_build(st->want, st->nwant, st->have, st->nhave, x->o->prune, &st->plan, err,
	                               sizeof err) != 0) {
		fprintf(x->errf, "swrtui: %s; nothing was sent\n", err);
		rc = CLI_EXIT_USAGE;
	}
	return rc;
}

static void print_plan(cli_ctx *x, const bulk_plan *plan)
{
	for (size_t i = 0; i < plan->count; i++) {
		const bulk_plan_item *it = &plan->items[i];
		fprintf(x->out, "%s %-9s ", bulk_action_mark(it->action), bulk_action_name(it->action));
		put_name(x->out, it->name);
		if (it->id >= 0)
			fprintf(x->out, " (%lld)", it->id);
		if (it->action == BULK_UPDATE)
			fprintf(x->out, ": %s", it->changed);
		fputc('\n', x->out);
	}
	fprintf(x->out, "plan: %zu to create, %zu to update, %zu unchanged, %zu to delete%s\n", plan->creates,
	        plan->updates, plan->unchanged, plan->deletes,
	        x->o->prune ? "" : " (registries not in the file are kept; --prune deletes them)");
	fflush(x->out);
}

static bool writes(const bulk_plan_item *it)
{
	return it->action == BULK_CREATE || it->action == BULK_UPDATE;
}

/* Gives every registry to write its secret: from --secrets, or prompted when prompt. The number of
 * registries still without one (named on errf), or -1 on Ctrl-C or out of memory. */
static long fill_secrets(cli_ctx *x, import_state *st, bool prompt)
{
	long missing = 0;
	for (size_t i = 0; i < st->plan.count; i++) {
		const bulk_plan_item *it = &st->plan.items[i];
		registry *r = &st->want[it->want - st->want];
		if (!writes(it) || (r->access_secret && !registry_secret_is_placeholder(r->access_secret)))
			continue;
		const char *s = bulk_secrets_find(&st->secrets, it->name);
		char *typed = NULL;
		if (!s && prompt) {
			char *name = text_printable(it->name, strlen(it->name), 64, 0);
			char q[160];
			snprintf(q, sizeof q, "Access secret of \"%s\"", name ? name : "");
			free(name);
			s = typed = cli_bulk_read_secret(x, q);
			if (!typed)
				return -1;
		}
		if (!s || !*s || registry_set(&r->access_secret, s) != 0) {
			fprintf(x->errf, "swrtui: no secret for registry \"");
			put_name(x->errf, it->name);
			fprintf(x->errf, "\" (%s)\n", bulk_action_name(it->action));
			missing++;
		}
		secret_free(typed);
	}
	return missing;
}

/* Every registry to write, validated as apply validates its FILE. 0 or 2. */
static int validate_all(cli_ctx *x, const import_state *st)
{
	size_t errors = 0;
	for (size_t i = 0; i < st->plan.count; i++) {
		const bulk_plan_item *it = &st->plan.items[i];
		if (!writes(it))
			continue;
		registry_problems p = {0};
		size_t e = registry_validate(it->want, &p);
		for (size_t k = 0; k < p.count; k++) {
			if (p.items[k].level != REGISTRY_PROBLEM_ERROR)
				continue;
			fputs("swrtui: registry \"", x->errf);
			put_name(x->errf, it->name);
			fprintf(x->errf, "\": %s: %s\n", p.items[k].field, p.items[k].message);
		}
		registry_problems_free(&p);
		errors += e;
	}
	if (errors)
		fprintf(x->errf, "swrtui: %zu problem%s; nothing was sent\n", errors, errors == 1 ? "" : "s");
	return errors ? CLI_EXIT_USAGE : 0;
}

/* One item of the plan sent. 0, or -1 with res. */
static int apply_one(cli_ctx *x, const bulk_plan_item *it, api_result *res, long long *new_id)
{
	*new_id = it->id;
	switch (it->action) {
	case BULK_CREATE: return api_create_registry(x->client, it->want, res, new_id);
	case BULK_UPDATE: return api_update_registry(x->client, it->id, it->want, res);
	case BULK_DELETE: return api_delete_registry(x->client, it->id, res);
	default: memset(res, 0, sizeof *res); return 0;
	}
}

static int apply_plan(cli_ctx *x, const bulk_plan *plan)
{
	size_t done = 0, failed = 0, tried = 0, todo = plan->count - plan->unchanged;
	for (size_t i = 0; i < plan->count && !cli_bulk_interrupted(); i++) {
		const bulk_plan_item *it = &plan->items[i];
		if (it->action == BULK_UNCHANGED)
			continue;
		api_result res;
		long long id;
		int rc = apply_one(x, it, &res, &id);
		tried++;
		fprintf(x->out, "%-8s %s ", rc == 0 ? "ok" : "failed", bulk_action_name(it->action));
		put_name(x->out, it->name);
		if (id >= 0)
			fprintf(x->out, " (%lld)", id);
		if (rc == 0) {
			done++;
		} else {
			char *line = bulk_failure_line(&res);
			fprintf(x->out, ": %s", line ? line : "failed");
			free(line);
			failed++;
		}
		fputc('\n', x->out);
		fflush(x->out);
		api_result_free(&res);
	}
	return cli_bulk_summary(x, "import", done, failed, todo - tried);
}

/* After the plan: secrets, the question, validation, then the requests. */
static int carry_out(cli_ctx *x, import_state *st)
{
	bool tty = isatty(STDIN_FILENO);
	if (x->o->dry_run) {
		long missing = fill_secrets(x, st, false);
		fprintf(x->out, "dry run: nothing was sent%s\n", missing ? " (and registries without a secret: see above)" : "");
		return CLI_EXIT_OK;
	}
	if (st->plan.creates + st->plan.updates + st->plan.deletes == 0) {
		fprintf(x->out, "import: nothing to change\n");
		return CLI_EXIT_OK;
	}
	long missing = tty ? 0 : fill_secrets(x, st, false);
	if (missing) {
		fprintf(x->errf, "swrtui: %ld registr%s without a secret (give them in --secrets FILE); nothing was sent\n",
		        missing, missing == 1 ? "y" : "ies");
		return CLI_EXIT_USAGE;
	}
	if (!x->o->yes && !tty) {
		fprintf(x->errf, "swrtui: import asks for confirmation on a terminal; pass --yes to apply the plan "
		                 "without asking; nothing was sent\n");
		return CLI_EXIT_USAGE;
	}
	if (!x->o->yes && !cli_bulk_confirm(x, "Apply this plan?")) {
		fprintf(x->errf, "swrtui: not applied; nothing was sent\n");
		return CLI_EXIT_USAGE;
	}
	if (tty && (missing = fill_secrets(x, st, true)) != 0) {
		fprintf(x->errf, "swrtui: %s; nothing was sent\n", missing < 0 ? "interrupted" : "a secret is missing");
		return missing < 0 && cli_bulk_interrupted() ? CLI_EXIT_INTERRUPTED : CLI_EXIT_USAGE;
	}
	int rc = validate_all(x, st);
	return rc ? rc : apply_plan(x, &st->plan);
}

int cli_cmd_import(cli_ctx *x)
{
	import_state st;
	memset(&st, 0, sizeof st);
	int rc = load_document(x, &st);
	if (rc == 0)
		rc = load_secrets(x, &st);
	if (rc == 0)
		rc = cli_setup(x);
	if (rc == 0)
		rc = make_plan(x, &st);
	if (rc == 0) {
		print_plan(x, &st.plan);
		cli_bulk_catch_interrupt();
		rc = carry_out(x, &st);
		cli_bulk_release_interrupt();
	}
	import_state_free(&st);
	return rc;
}
