/* bulk_plan.c — the import side of bulk changes, all pure: the export document decoded as apply decodes
 * its FILE, the plan that makes an instance match it by registry name (create, update with the changed
 * fields, unchanged, delete), and the secrets file (JSON object or "name = secret" lines). */
#define _DEFAULT_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "swrtui/base/secret.h"
#include "swrtui/swr/bulk.h"

__attribute__((format(printf, 3, 4))) static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

/* ---- the diff ---- */

/* Appends name to the comma-separated list in out. */
static void add_changed(char *out, size_t outlen, const char *name)
{
	size_t n = strlen(out);
	snprintf(out + n, outlen - n, "%s%s", n ? ", " : "", name);
}

/* A body member of want against have's: credential's members one by one (access_secret never). */
static int diff_member(const cJSON *w, const cJSON *h, char *out, size_t outlen)
{
	if (strcmp(w->string, "credential") != 0 || !cJSON_IsObject(w) || !cJSON_IsObject(h)) {
		if (h && cJSON_Compare(w, h, true))
			return 0;
		add_changed(out, outlen, w->string);
		return 1;
	}
	int n = 0;
	for (const cJSON *m = w->child; m; m = m->next) {
		if (strcmp(m->string, "access_secret") == 0)
			continue;
		const cJSON *hm = cJSON_GetObjectItemCaseSensitive(h, m->string);
		if (!hm || !cJSON_Compare(m, hm, true)) {
			char name[64];
			snprintf(name, sizeof name, "credential.%s", m->string);
			add_changed(out, outlen, name);
			n++;
		}
	}
	return n;
}


int bulk_registry_diff(const registry *want, const registry *have, char *out, size_t outlen)
{
	out[0] = '\0';
	cJSON *w = bulk_body_without_secret(want), *h = bulk_body_without_secret(have);
	int n = -1;
	if (w && h) {
		n = 0;
		for (const cJSON *m = w->child; m; m = m->next)
			n += diff_member(m, cJSON_GetObjectItemCaseSensitive(h, m->string), out, outlen);
		for (const cJSON *m = h->child; m; m = m->next)
			if (!cJSON_GetObjectItemCaseSensitive(w, m->string)) {
				add_changed(out, outlen, m->string);
				n++;
			}
	}
	cJSON_Delete(w);
	cJSON_Delete(h);
	return n;
}

/* ---- the plan ---- */

static const registry *find_named(const registry *list, size_t n, const char *name, size_t skip, size_t *at)
{
	for (size_t i = 0; i < n; i++)
		if (i != skip && list[i].name && name && strcmp(list[i].name, name) == 0) {
			if (at)
				*at = i;
			return &list[i];
		}
	return NULL;
}

static int check_unique(const registry *list, size_t n, const char *where, char *err, size_t errlen)
{
	for (size_t i = 0; i < n; i++) {
		if (!list[i].name || !*list[i].name)
			return fail(err, errlen, "%s: registry %zu has no name", where, i + 1);
		if (find_named(list, i, list[i].name, (size_t)-1, NULL))
			return fail(err, errlen, "%s: the name of registry %zu is given twice (names must be unique)", where,
			            i + 1);
	}
	return 0;
}

static bulk_plan_item *plan_add(bulk_plan *plan, bulk_action a, const registry *want, long long id,
                                const char *name)
{
	bulk_plan_item *n = realloc(plan->items, (plan->count + 1) * sizeof *n);
	if (!n)
		return NULL;
	plan->items = n;
	bulk_plan_item *it = &n[plan->count++];
	memset(it, 0, sizeof *it);
	it->action = a;
	it->want = want;
	it->id = id;
	it->name = name;
	size_t *counter[] = {&plan->creates, &plan->updates, &plan->unchanged, &plan->deletes};
	(*counter[a])++;
	return it;
}

int bulk_plan_build(const registry *want, size_t nwant, const registry *have, size_t nhave, bool prune,
                    bulk_plan *plan, char *err, size_t errlen)
{
	memset(plan, 0, sizeof *plan);
	if (check_unique(want, nwant, "the file", err, errlen) != 0 ||
	    check_unique(have, nhave, "the instance", err, errlen) != 0)
		return -1;
	for (size_t i = 0; i < nwant; i++) {
		const registry *h = find_named(have, nhave, want[i].name, (size_t)-1, NULL);
		char changed[256];
		int d = h ? bulk_registry_diff(&want[i], h, changed, sizeof changed) : 0;
		bulk_action a = !h ? BULK_CREATE : d > 0 ? BULK_UPDATE : BULK_UNCHANGED;
		bulk_plan_item *it = d < 0 ? NULL : plan_add(plan, a, &want[i], h ? h->id : -1, want[i].name);
		if (!it) {
			bulk_plan_free(plan);
			return fail(err, errlen, "out of memory");
		}
		if (a == BULK_UPDATE)
			snprintf(it->changed, sizeof it->changed, "%s", changed);
	}
	for (size_t i = 0; prune && i < nhave; i++) {
		if (!find_named(want, nwant, have[i].name, (size_t)-1, NULL) &&
		    !plan_add(plan, BULK_DELETE, NULL, have[i].id, have[i].name)) {
			bulk_plan_free(plan);
			return fail(err, errlen, "out of memory");
		}
	}
	return 0;
}

void bulk_plan_free(bulk_plan *plan)
{
	free(plan->items);
	memset(plan, 0, sizeof *plan);
}

const char *bulk_action_mark(bulk_action a)
{
	static const char *const marks[] = {"+", "~", "=", "-"};
	return marks[a];
}

const char *bulk_action_name(bulk_action a)
{
	static const char *const names[] = {"create", "update", "unchanged", "delete"};
	return names[a];
}

/* ---- the export document ---- */

void bulk_registries_free(registry *r, size_t n)
{
	for (size_t i = 0; r && i < n; i++)
		registry_free(&r[i]);
	free(r);
}

int bulk_import_parse(const char *json, size_t len, registry **out, size_t *n, char *err, size_t errlen)
{
	*out = NULL;
	*n = 0;
	cJSON *root = cJSON_ParseWithLength(json, len);
	if (!cJSON_IsArray(root)) {
		registry_cjson_free(root); /* a file may hold secrets: wiped */
		return fail(err, errlen, "%s", root ? "the document must be a JSON array of registries (as export writes)"
		                                    : "the document is not valid JSON");
	}
	size_t count = (size_t)cJSON_GetArraySize(root);
	registry *list = calloc(count ? count : 1, sizeof *list);
	if (!list) {
		registry_cjson_free(root); /* a file may hold secrets: wiped */
		return fail(err, errlen, "out of memory");
	}
	size_t i = 0;
	int rc = 0;
	for (const cJSON *it = root->child; it; it = it->next, i++) {
		registry_init(&list[i]);
		char *text = cJSON_PrintUnformatted(it);
		char why[384];
		if (!text)
			rc = fail(err, errlen, "out of memory");
		else if (registry_from_input_json(text, strlen(text), &list[i], why, sizeof why) != 0)
			rc = fail(err, errlen, "registry %zu: %s", i + 1, why);
		if (text)
			secret_free(text);
		if (rc != 0)
			break;
	}
	registry_cjson_free(root); /* a file may hold secrets: wiped */
	if (rc != 0) {
		bulk_registries_free(list, count);
		return -1;
	}
	*out = list;
	*n = count;
	return 0;
}

/* ---- the secrets file ---- */

void bulk_secrets_free(bulk_secrets *s)
{
	for (size_t i = 0; i < s->count; i++) {
		free(s->names[i]);
		secret_free(s->secrets[i]);
	}
	free(s->names);
	free(s->secrets);
	memset(s, 0, sizeof *s);
}

const char *bulk_secrets_find(const bulk_secrets *s, const char *name)
{
	for (size_t i = 0; name && i < s->count; i++)
		if (strcmp(s->names[i], name) == 0)
			return s->secrets[i];
	return NULL;
}

/* Adds name (n bytes) -> secret (m bytes). 0, or -1 with err. where names the entry in messages. */
static int secrets_add(bulk_secrets *s, const char *name, size_t n, const char *secret, size_t m,
                       const char *where, char *err, size_t errlen)
{
	if (n == 0 || m == 0)
		return fail(err, errlen, "%s: %s", where, n == 0 ? "the name is empty" : "the secret is empty");
	if (memchr(name, '\0', n) || memchr(secret, '\0', m))
		return fail(err, errlen, "%s: a NUL character", where);
	char *nm = strndup(name, n), *sc = strndup(secret, m);
	char **a = realloc(s->names, (s->count + 1) * sizeof *a);
	if (a)
		s->names = a;
	char **b = a ? realloc(s->secrets, (s->count + 1) * sizeof *b) : NULL;
	if (b)
		s->secrets = b;
	if (!nm || !sc || !a || !b) {
		free(nm);
		secret_free(sc);
		return fail(err, errlen, "out of memory");
	}
	if (bulk_secrets_find(s, nm)) {
		free(nm);
		secret_free(sc);
		return fail(err, errlen, "%s: a name given twice", where);
	}
	s->names[s->count] = nm;
	s->secrets[s->count] = sc;
	s->count++;
	return 0;
}

static int secrets_from_json(const char *text, size_t len, bulk_secrets *out, char *err, size_t errlen)
{
	cJSON *root = cJSON_ParseWithLength(text, len);
	int rc = 0;
	if (!cJSON_IsObject(root))
		rc = fail(err, errlen, "the secrets file is not a JSON object of name to secret");
	for (const cJSON *m = root ? root->child : NULL; rc == 0 && m; m = m->next) {
		char where[48];
		snprintf(where, sizeof where, "member %d", (int)(out->count + 1));
		if (!cJSON_IsString(m) || !m->valuestring)
			rc = fail(err, errlen, "%s: the secret must be a string", where);
		else
			rc = secrets_add(out, m->string, strlen(m->string), m->valuestring, strlen(m->valuestring), where, err,
			                 errlen);
	}
	/* the parsed tree held every secret */
	for (cJSON *m = root ? root->child : NULL; m; m = m->next)
		if (cJSON_IsString(m) && m->valuestring)
			secret_wipe(m->valuestring, strlen(m->valuestring));
	cJSON_Delete(root);
	return rc;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* The n bytes at *s with spaces at both ends trimmed. */
static void trim(const char **s, size_t *n)
{
	while (*n && is_space(**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n && is_space((*s)[*n - 1]))
		(*n)--;
}

static int secrets_from_lines(const char *text, size_t len, bulk_secrets *out, char *err, size_t errlen)
{
	size_t lineno = 0;
	for (const char *p = text, *end = text + len; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *line = p;
		size_t n = (size_t)((nl ? nl : end) - p);
		p = nl ? nl + 1 : end;
		lineno++;
		trim(&line, &n);
		if (n == 0 || line[0] == '#')
			continue;
		char where[48];
		snprintf(where, sizeof where, "line %zu", lineno);
		const char *eq = memchr(line, '=', n);
		if (!eq)
			return fail(err, errlen, "%s: not \"name = secret\"", where);
		const char *name = line, *sec = eq + 1;
		size_t nn = (size_t)(eq - line), sn = n - nn - 1;
		trim(&name, &nn);
		trim(&sec, &sn);
		if (secrets_add(out, name, nn, sec, sn, where, err, errlen) != 0)
			return -1;
	}
	return 0;
}

int bulk_secrets_parse(const char *text, size_t len, bulk_secrets *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof *out);
	size_t i = 0;
	while (i < len && (is_space(text[i]) || text[i] == '\n'))
		i++;
	int rc = (i < len && text[i] == '{') ? secrets_from_json(text, len, out, err, errlen)
	                                     : secrets_from_lines(text, len, out, err, errlen);
	if (rc != 0)
		bulk_secrets_free(out);
	return rc;
}
