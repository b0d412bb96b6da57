/* form.c — the edit form as a model (see form.h): the field table, values bound to and from the registry
 * struct, focus and tab order, live validation through registry_validate(), dirty tracking against the
 * registry as the service showed it, and the list of changes for the confirmation panel. No curses. */
#include "swrtui/model/form.h"

#include <stdlib.h>
#include <string.h>

#define SECRET_REQUIRED_NEW "credential.access_secret is required"

static bool is_internal(const form *f)
{
	return f->type == REGISTRY_TYPE_SWR_PRO_INTERNAL;
}

static const form_field_desc field_table[FORM_FIELD_COUNT] = {
	{ FORM_NAME, "Name", "name", FORM_KIND_TEXT, true, NULL },
	{ FORM_DESCRIPTION, "Description", "description", FORM_KIND_TEXT, false, NULL },
	{ FORM_TYPE, "Type", "type", FORM_KIND_CHOICE, true, NULL },
	{ FORM_PROJECT_ID, "Project ID", "project_id", FORM_KIND_TEXT, true, is_internal },
	{ FORM_REGION_ID, "Region ID", "region_id", FORM_KIND_TEXT, true, is_internal },
	{ FORM_INSTANCE_ID, "Instance ID", "instance_id", FORM_KIND_TEXT, true, is_internal },
	{ FORM_URL, "URL", "url", FORM_KIND_TEXT, true, NULL },
	{ FORM_CRED_TYPE, "Credential type", "credential.type", FORM_KIND_READONLY, false, NULL },
	{ FORM_ACCESS_KEY, "Access key", "credential.access_key", FORM_KIND_TEXT, true, NULL },
	{ FORM_ACCESS_SECRET, "Access secret", "credential.access_secret", FORM_KIND_SECRET, true, NULL },
	{ FORM_INSECURE, "Skip certificate verification", "insecure", FORM_KIND_CHECKBOX, false, NULL },
	{ FORM_DNS_HOSTS, "DNS hosts", "dns_conf.hosts", FORM_KIND_MAP, false, NULL },
};

static const registry_type type_cycle[] = { REGISTRY_TYPE_SWR_PRO, REGISTRY_TYPE_SWR_PRO_INTERNAL,
	                                    REGISTRY_TYPE_HUAWEI_SWR };

static const char *str(const char *s)
{
	return s ? s : "";
}

static char *dup_str(const char *s)
{
	size_t n = strlen(str(s)) + 1;
	char *d = malloc(n);
	if (d)
		memcpy(d, str(s), n);
	return d;
}

const form_field_desc *form_field(form_field_id id)
{
	return (unsigned)id < FORM_FIELD_COUNT ? &field_table[id] : NULL;
}

/* ---- hosts ---- */

static void hosts_free(registry_host *hosts, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(hosts[i].domain);
		free(hosts[i].ip);
	}
	free(hosts);
}

static bool hosts_equal(const registry_host *a, size_t na, const registry_host *b, size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++)
		if (strcmp(str(a[i].domain), str(b[i].domain)) != 0 || strcmp(str(a[i].ip), str(b[i].ip)) != 0)
			return false;
	return true;
}

/* "a.com=1.2.3.4, b.com=5.6.7.8" ("" when empty). */
static char *hosts_join(const registry_host *hosts, size_t n)
{
	size_t size = 1;
	for (size_t i = 0; i < n; i++)
		size += strlen(str(hosts[i].domain)) + strlen(str(hosts[i].ip)) + 3;
	char *out = malloc(size), *p = out;
	if (!out)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		size_t dl = strlen(str(hosts[i].domain)), il = strlen(str(hosts[i].ip));
		if (i > 0) {
			memcpy(p, ", ", 2);
			p += 2;
		}
		memcpy(p, str(hosts[i].domain), dl);
		p += dl;
		*p++ = '=';
		memcpy(p, str(hosts[i].ip), il);
		p += il;
	}
	*p = '\0';
	return out;
}

/* The hosts changed: check them again (they are not checked on every key, so that a form with many
 * hosts is as quick to type in as one without) and compare them with the original's once. */
static void hosts_changed(form *f)
{
	registry r;
	registry_init(&r);
	r.hosts = f->hosts; /* borrowed, never freed here */
	r.nhosts = f->nhosts;
	registry_problems_free(&f->host_problems);
	f->host_errors = registry_validate_hosts(&r, &f->host_problems);
	f->hosts_dirty = !hosts_equal(f->hosts, f->nhosts, f->original.hosts, f->original.nhosts);
}

static int add_host(form *f, const char *domain, const char *ip)
{
	char *d = dup_str(domain), *a = dup_str(ip);
	registry_host *grown = (d && a) ? realloc(f->hosts, (f->nhosts + 1) * sizeof *f->hosts) : NULL;
	if (!grown) {
		free(d);
		free(a);
		return -1;
	}
	f->hosts = grown;
	f->hosts[f->nhosts++] = (registry_host){ d, a };
	return 0;
}

int form_host_add(form *f, const char *domain, const char *ip)
{
	if (add_host(f, domain, ip) != 0)
		return -1;
	hosts_changed(f);
	form_validate(f);
	return 0;
}

int form_host_set(form *f, size_t index, const char *domain, const char *ip)
{
	if (index >= f->nhosts)
		return -1;
	char *d = dup_str(domain), *a = dup_str(ip);
	if (!d || !a) {
		free(d);
		free(a);
		return -1;
	}
	free(f->hosts[index].domain);
	free(f->hosts[index].ip);
	f->hosts[index] = (registry_host){ d, a };
	hosts_changed(f);
	form_validate(f);
	return 0;
}

void form_host_remove(form *f, size_t index)
{
	if (index >= f->nhosts)
		return;
	free(f->hosts[index].domain);
	free(f->hosts[index].ip);
	memmove(&f->hosts[index], &f->hosts[index + 1], (f->nhosts - index - 1) * sizeof *f->hosts);
	if (--f->nhosts == 0) {
		free(f->hosts);
		f->hosts = NULL;
	}
	hosts_changed(f);
	form_validate(f);
}

/* ---- life cycle and binding ---- */

/* The registry member bound to a text field, or NULL. */
static char *const *registry_text(const registry *r, form_field_id id)
{
	switch (id) {
	case FORM_NAME: return &r->name;
	case FORM_DESCRIPTION: return &r->description;
	case FORM_PROJECT_ID: return &r->project_id;
	case FORM_REGION_ID: return &r->region_id;
	case FORM_INSTANCE_ID: return &r->instance_id;
	case FORM_URL: return &r->url;
	case FORM_ACCESS_KEY: return &r->access_key;
	default: return NULL;
	}
}

int form_init(form *f, const registry *r)
{
	*f = (form){ .is_new = r == NULL, .type = REGISTRY_TYPE_SWR_PRO, .focus = FORM_NAME };
	registry_init(&f->original);
	for (int id = 0; id < FORM_FIELD_COUNT; id++) {
		char *const *member = r ? registry_text(r, (form_field_id)id) : NULL;
		if (lineedit_init(&f->text[id], member ? *member : NULL) != 0)
			goto fail;
		f->text[id].secret = field_table[id].kind == FORM_KIND_SECRET;
	}
	if (lineedit_set(&f->text[FORM_CRED_TYPE], "basic") != 0)
		goto fail;
	if (r) {
		/* The secret is never returned by the service: whatever r holds is not kept. */
		if (registry_copy(&f->original, r) != 0 || registry_set(&f->original.access_secret, NULL) != 0)
			goto fail;
		f->id = r->id;
		f->type = registry_type_from_string(r->type);
		f->insecure = r->insecure;
		for (size_t i = 0; i < r->nhosts; i++)
			if (add_host(f, r->hosts[i].domain, r->hosts[i].ip) != 0)
				goto fail;
	}
	lineedit_end(&f->text[FORM_NAME]);
	hosts_changed(f);
	form_validate(f);
	return 0;
fail:
	form_free(f);
	return -1;
}

void form_free(form *f)
{
	if (!f)
		return;
	for (int id = 0; id < FORM_FIELD_COUNT; id++)
		lineedit_free(&f->text[id]);
	registry_free(&f->original);
	hosts_free(f->hosts, f->nhosts);
	registry_problems_free(&f->problems);
	registry_problems_free(&f->host_problems);
	*f = (form){ .is_new = false };
	registry_init(&f->original);
}

/* The type as sent: its name, or the original text of a type this program does not know. */
static const char *type_text(const form *f, registry_type t)
{
	return t == REGISTRY_TYPE_UNKNOWN ? str(f->original.type) : registry_type_name(t);
}

/* The one copy of the form as a registry: made once per save (validation reads the form in place). */
int form_to_registry(const form *f, registry *out)
{
	registry_init(out);
	out->has_id = !f->is_new;
	out->id = f->id;
	out->insecure = f->insecure;
	out->has_dns_conf = f->nhosts > 0;
	bool ok = true;
	for (int id = 0; ok && id < FORM_FIELD_COUNT; id++) {
		char *const *member = registry_text(out, (form_field_id)id);
		if (member && form_visible(f, (form_field_id)id))
			ok = registry_set((char **)member, f->text[id].text) == 0;
	}
	ok = ok && registry_set(&out->type, type_text(f, f->type)) == 0 &&
	     registry_set(&out->cred_type, "basic") == 0 &&
	     registry_set(&out->access_secret, f->text[FORM_ACCESS_SECRET].text) == 0;
	for (size_t i = 0; ok && i < f->nhosts; i++)
		ok = registry_add_host(out, f->hosts[i].domain, f->hosts[i].ip) == 0;
	if (!ok) {
		registry_free(out);
		return -1;
	}
	return 0;
}

/* ---- visibility and focus ---- */

bool form_visible(const form *f, form_field_id id)
{
	const form_field_desc *d = form_field(id);
	return d && (!d->visible || d->visible(f));
}

bool form_focusable(const form *f, form_field_id id)
{
	return form_visible(f, id) && field_table[id].kind != FORM_KIND_READONLY;
}

lineedit *form_text(form *f, form_field_id id)
{
	const form_field_desc *d = form_field(id);
	return d && (d->kind == FORM_KIND_TEXT || d->kind == FORM_KIND_SECRET) ? &f->text[id] : NULL;
}

static void focus_on(form *f, form_field_id id)
{
	f->focus = id;
	lineedit *le = form_text(f, id);
	if (le)
		lineedit_end(le);
}

static void focus_step(form *f, int dir)
{
	for (int step = 1; step <= FORM_FIELD_COUNT; step++) {
		int id = ((int)f->focus + dir * step + FORM_FIELD_COUNT * FORM_FIELD_COUNT) % FORM_FIELD_COUNT;
		if (form_focusable(f, (form_field_id)id)) {
			focus_on(f, (form_field_id)id);
			return;
		}
	}
}

void form_focus_next(form *f)
{
	focus_step(f, 1);
}

void form_focus_prev(form *f)
{
	focus_step(f, -1);
}

void form_set_focus(form *f, form_field_id id)
{
	if (form_focusable(f, id))
		focus_on(f, id);
}

/* ---- type and checkbox ---- */

void form_set_type(form *f, registry_type t)
{
	if (t != REGISTRY_TYPE_SWR_PRO && t != REGISTRY_TYPE_SWR_PRO_INTERNAL && t != REGISTRY_TYPE_HUAWEI_SWR)
		return;
	f->type = t;
	if (!form_visible(f, f->focus))
		f->focus = FORM_TYPE;
	form_validate(f);
}

void form_type_step(form *f, int dir)
{
	const int n = (int)(sizeof type_cycle / sizeof type_cycle[0]);
	int i = -1;
	for (int k = 0; k < n; k++)
		if (type_cycle[k] == f->type)
			i = k;
	if (dir == 0)
		return;
	if (i < 0)
		i = dir > 0 ? 0 : n - 1;
	else
		i = (i + (dir > 0 ? 1 : n - 1)) % n;
	form_set_type(f, type_cycle[i]);
}

void form_toggle_insecure(form *f)
{
	f->insecure = !f->insecure;
	form_validate(f);
}

/* ---- validation ---- */

/* The registry the form describes, its text borrowed from the form (nothing copied, never freed): what
 * validation reads on every key, so that typing costs no conversion. Hidden fields stay NULL, as sent. */
static void registry_view(const form *f, registry *r)
{
	registry_init(r);
	r->has_id = !f->is_new;
	r->id = f->id;
	r->insecure = f->insecure;
	for (int id = 0; id < FORM_FIELD_COUNT; id++) {
		char *const *member = registry_text(r, (form_field_id)id);
		if (member && form_visible(f, (form_field_id)id))
			*(char **)member = f->text[id].text;
	}
	r->type = (char *)type_text(f, f->type);
	r->cred_type = (char *)"basic";
	r->access_secret = f->text[FORM_ACCESS_SECRET].text;
}

static bool is_field(const registry_problem *p, const char *field)
{
	return strcmp(p->field, field) == 0;
}

/* Drops the problems of one field from f->problems (its errors are no longer counted). */
static void drop_problems(form *f, const char *field)
{
	size_t kept = 0;
	for (size_t i = 0; i < f->problems.count; i++) {
		if (is_field(&f->problems.items[i], field))
			free(f->problems.items[i].message);
		else
			f->problems.items[kept++] = f->problems.items[i];
	}
	f->problems.count = kept;
}

/* The validator's message for an empty secret explains that the service never returns it: right for an
 * edit, confusing for a registry that has no stored secret yet. */
static void new_secret_message(form *f)
{
	if (!f->is_new || f->text[FORM_ACCESS_SECRET].len != 0)
		return;
	for (size_t i = 0; i < f->problems.count; i++) {
		registry_problem *p = &f->problems.items[i];
		char *msg;
		if (p->level == REGISTRY_PROBLEM_ERROR && is_field(p, "credential.access_secret") &&
		    (msg = dup_str(SECRET_REQUIRED_NEW)) != NULL) {
			free(p->message);
			p->message = msg;
		}
	}
}

/* Checks one field by its rules (not the hosts, checked when they change) and counts the errors. */
static void check_field(form *f, const registry *view, form_field_id id)
{
	f->field_errors[id] = id == FORM_DNS_HOSTS ? 0 : registry_validate_field(view, field_table[id].json_field, &f->problems);
}

static void count_errors(form *f)
{
	f->nerrors = f->host_errors;
	for (int id = 0; id < FORM_FIELD_COUNT; id++)
		f->nerrors += f->field_errors[id];
}

size_t form_validate(form *f)
{
	registry r;
	registry_problems_free(&f->problems);
	registry_view(f, &r);
	for (int id = 0; id < FORM_FIELD_COUNT; id++)
		check_field(f, &r, (form_field_id)id);
	new_secret_message(f);
	count_errors(f);
	return f->nerrors;
}

size_t form_revalidate(form *f, form_field_id id)
{
	const form_field_desc *d = form_field(id);
	if (!d || (d->kind != FORM_KIND_TEXT && d->kind != FORM_KIND_SECRET))
		return form_validate(f); /* the type, the checkbox: other fields' rules depend on them */
	registry r;
	registry_view(f, &r);
	drop_problems(f, d->json_field);
	check_field(f, &r, id);
	if (id == FORM_ACCESS_SECRET)
		new_secret_message(f);
	count_errors(f);
	return f->nerrors;
}

const char *form_problem(const form *f, form_field_id id, bool warnings)
{
	if (!form_visible(f, id))
		return NULL;
	const char *field = field_table[id].json_field;
	const char *warning = NULL;
	const registry_problems *list = id == FORM_DNS_HOSTS ? &f->host_problems : &f->problems;
	for (size_t i = 0; i < list->count; i++) {
		const registry_problem *p = &list->items[i];
		if (strcmp(p->field, field) != 0)
			continue;
		if (p->level == REGISTRY_PROBLEM_ERROR)
			return p->message;
		if (!warning)
			warning = p->message;
	}
	return warnings ? warning : NULL;
}

const char *form_host_problem(const form *f, size_t i)
{
	for (size_t k = 0; k < f->host_problems.count; k++) {
		const registry_problem *p = &f->host_problems.items[k];
		if (p->level == REGISTRY_PROBLEM_ERROR && p->host_index >= 0 && (size_t)p->host_index == i &&
		    strcmp(p->field, "dns_conf.hosts") == 0)
			return p->message;
	}
	return NULL;
}

const char *form_warning(const form *f)
{
	for (size_t i = 0; i < f->problems.count; i++)
		if (f->problems.items[i].level == REGISTRY_PROBLEM_WARNING)
			return f->problems.items[i].message;
	return NULL;
}

/* ---- dirty tracking and changes ---- */

/* What the choice started as: swr-pro for a new registry, else the type the service showed. */
static registry_type baseline_type(const form *f)
{
	return f->is_new ? REGISTRY_TYPE_SWR_PRO : registry_type_from_string(f->original.type);
}

bool form_field_dirty(const form *f, form_field_id id)
{
	if (!form_visible(f, id))
		return false;
	switch (field_table[id].kind) {
	case FORM_KIND_TEXT: return strcmp(f->text[id].text, str(*registry_text(&f->original, id))) != 0;
	case FORM_KIND_SECRET: return f->text[id].len > 0;
	case FORM_KIND_CHOICE: return f->type != baseline_type(f);
	case FORM_KIND_CHECKBOX: return f->insecure != f->original.insecure;
	case FORM_KIND_MAP: return f->hosts_dirty;
	case FORM_KIND_READONLY: return false;
	}
	return false;
}

bool form_dirty(const form *f)
{
	for (int id = 0; id < FORM_FIELD_COUNT; id++)
		if (form_field_dirty(f, (form_field_id)id))
			return true;
	return false;
}

/* The old and new text of a dirty field (malloc'd). Never the secret itself. */
static int change_values(const form *f, form_field_id id, char **old_value, char **new_value)
{
	switch (field_table[id].kind) {
	case FORM_KIND_TEXT:
		*old_value = dup_str(*registry_text(&f->original, id));
		*new_value = dup_str(f->text[id].text);
		break;
	case FORM_KIND_SECRET:
		*old_value = dup_str("");
		*new_value = dup_str("changed");
		break;
	case FORM_KIND_CHOICE:
		*old_value = dup_str(f->is_new ? registry_type_name(REGISTRY_TYPE_SWR_PRO) : str(f->original.type));
		*new_value = dup_str(type_text(f, f->type));
		break;
	case FORM_KIND_CHECKBOX:
		*old_value = dup_str(f->original.insecure ? "yes" : "no");
		*new_value = dup_str(f->insecure ? "yes" : "no");
		break;
	case FORM_KIND_MAP:
		*old_value = hosts_join(f->original.hosts, f->original.nhosts);
		*new_value = hosts_join(f->hosts, f->nhosts);
		break;
	case FORM_KIND_READONLY:
		*old_value = *new_value = NULL;
		break;
	}
	return *old_value && *new_value ? 0 : -1;
}

size_t form_changes(const form *f, form_change **out)
{
	form_change *c = calloc(FORM_FIELD_COUNT, sizeof *c);
	size_t n = 0;
	*out = NULL;
	if (!c)
		return (size_t)-1;
	for (int id = 0; id < FORM_FIELD_COUNT; id++) {
		if (!form_field_dirty(f, (form_field_id)id))
			continue;
		c[n] = (form_change){ (form_field_id)id, field_table[id].label, NULL, NULL };
		int rc = change_values(f, (form_field_id)id, &c[n].old_value, &c[n].new_value);
		n++;
		if (rc != 0) {
			form_changes_free(c, n);
			return (size_t)-1;
		}
	}
	if (n == 0) {
		free(c);
		return 0;
	}
	*out = c;
	return n;
}

void form_changes_free(form_change *c, size_t n)
{
	if (!c)
		return;
	for (size_t i = 0; i < n; i++) {
		free(c[i].old_value);
		free(c[i].new_value);
	}
	free(c);
}
