/* registry.c — the replication target registry struct: life cycle (init, free, deep copy), field and
 * DNS-host editing, the names and labels of the three registry types, and registry IDs as the command
 * line writes them. See registry.h. */
#include "swrtui/model/registry.h"
#include "swrtui/base/secret.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *dup_or_null(const char *s, int *failed)
{
	if (!s)
		return NULL;
	size_t n = strlen(s) + 1;
	char *d = malloc(n);
	if (!d) {
		*failed = 1;
		return NULL;
	}
	memcpy(d, s, n);
	return d;
}

void registry_init(registry *r)
{
	if (r)
		*r = (registry){ .id = 0, .has_id = false, .name = NULL };
}

static void free_hosts(registry_host *hosts, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(hosts[i].domain);
		free(hosts[i].ip);
	}
	free(hosts);
}

void registry_free(registry *r)
{
	if (!r)
		return;
	free(r->name);
	free(r->description);
	free(r->type);
	free(r->project_id);
	free(r->region_id);
	free(r->instance_id);
	free(r->url);
	free(r->cred_type);
	free(r->access_key);
	secret_free(r->access_secret);
	free_hosts(r->hosts, r->nhosts);
	free(r->status);
	free(r->created_at);
	free(r->updated_at);
	registry_init(r);
}

int registry_copy(registry *dst, const registry *src)
{
	if (!dst)
		return -1;
	if (dst == src)
		return 0;
	registry_init(dst);
	if (!src)
		return 0;

	int failed = 0;
	dst->id = src->id;
	dst->has_id = src->has_id;
	dst->has_dns_conf = src->has_dns_conf;
	dst->has_insecure = src->has_insecure;
	dst->insecure = src->insecure;
	dst->name = dup_or_null(src->name, &failed);
	dst->description = dup_or_null(src->description, &failed);
	dst->type = dup_or_null(src->type, &failed);
	dst->project_id = dup_or_null(src->project_id, &failed);
	dst->region_id = dup_or_null(src->region_id, &failed);
	dst->instance_id = dup_or_null(src->instance_id, &failed);
	dst->url = dup_or_null(src->url, &failed);
	dst->cred_type = dup_or_null(src->cred_type, &failed);
	dst->access_key = dup_or_null(src->access_key, &failed);
	dst->access_secret = dup_or_null(src->access_secret, &failed);
	dst->status = dup_or_null(src->status, &failed);
	dst->created_at = dup_or_null(src->created_at, &failed);
	dst->updated_at = dup_or_null(src->updated_at, &failed);
	if (!failed && src->nhosts > 0) {
		dst->hosts = calloc(src->nhosts, sizeof *dst->hosts);
		if (!dst->hosts) {
			failed = 1;
		} else {
			dst->nhosts = src->nhosts;
			for (size_t i = 0; i < src->nhosts; i++) {
				dst->hosts[i].domain = dup_or_null(src->hosts[i].domain, &failed);
				dst->hosts[i].ip = dup_or_null(src->hosts[i].ip, &failed);
			}
		}
	}
	if (failed) {
		registry_free(dst);
		return -1;
	}
	return 0;
}

int registry_set(char **field, const char *value)
{
	if (!field)
		return -1;
	int failed = 0;
	char *copy = dup_or_null(value, &failed);
	if (failed)
		return -1;
	/* The old value may have been the secret: wipe it whatever field this is. */
	secret_free(*field);
	*field = copy;
	return 0;
}

int registry_add_host(registry *r, const char *domain, const char *ip)
{
	if (!r || r->nhosts >= ((size_t)-1) / sizeof *r->hosts - 1)
		return -1;
	int failed = 0;
	char *d = dup_or_null(domain, &failed);
	char *a = dup_or_null(ip, &failed);
	registry_host *grown = failed ? NULL : realloc(r->hosts, (r->nhosts + 1) * sizeof *r->hosts);
	if (!grown) {
		free(d);
		free(a);
		return -1;
	}
	r->hosts = grown;
	r->hosts[r->nhosts].domain = d;
	r->hosts[r->nhosts].ip = a;
	r->nhosts++;
	return 0;
}

void registry_remove_host(registry *r, size_t index)
{
	if (!r || index >= r->nhosts)
		return;
	free(r->hosts[index].domain);
	free(r->hosts[index].ip);
	memmove(&r->hosts[index], &r->hosts[index + 1], (r->nhosts - index - 1) * sizeof *r->hosts);
	r->nhosts--;
	if (r->nhosts == 0) {
		free(r->hosts);
		r->hosts = NULL;
	}
}

static const struct {
	registry_type type;
	const char *name;
	const char *label;
} type_table[] = {
	{ REGISTRY_TYPE_SWR_PRO, "swr-pro", "open-source Harbor" },
	{ REGISTRY_TYPE_SWR_PRO_INTERNAL, "swr-pro-internal", "SWR Enterprise Edition" },
	{ REGISTRY_TYPE_HUAWEI_SWR, "huawei-SWR", "SWR Basic Edition" },
};

registry_type registry_type_from_string(const char *s)
{
	if (!s)
		return REGISTRY_TYPE_UNKNOWN;
	for (size_t i = 0; i < sizeof type_table / sizeof type_table[0]; i++)
		if (strcmp(s, type_table[i].name) == 0)
			return type_table[i].type;
	return REGISTRY_TYPE_UNKNOWN;
}

const char *registry_type_name(registry_type t)
{
	for (size_t i = 0; i < sizeof type_table / sizeof type_table[0]; i++)
		if (type_table[i].type == t)
			return type_table[i].name;
	return "";
}

const char *registry_type_label(registry_type t)
{
	for (size_t i = 0; i < sizeof type_table / sizeof type_table[0]; i++)
		if (type_table[i].type == t)
			return type_table[i].label;
	return "";
}

const char *registry_type_choices(char *out, size_t outlen, bool with_labels)
{
	size_t n = sizeof type_table / sizeof type_table[0], used = 0;
	if (outlen)
		out[0] = '\0';
	for (size_t i = 0; i < n && used < outlen; i++) {
		int w = snprintf(out + used, outlen - used, "%s%s%s%s%s", i == 0 ? "" : i + 1 == n ? " or " : ", ",
		                 type_table[i].name, with_labels ? " (" : "", with_labels ? type_table[i].label : "",
		                 with_labels ? ")" : "");
		if (w < 0)
			break;
		used += (size_t)w;
	}
	return out;
}

int registry_parse_id(const char *s, long long *out)
{
	if (!s || !isdigit((unsigned char)*s))
		return -1;
	char *end = NULL;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || !end || *end != '\0' || v < 0 || v > REGISTRY_ID_MAX)
		return -1;
	*out = v;
	return 0;
}

void registry_list_free(registry_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->count; i++)
		registry_free(&l->items[i]);
	free(l->items);
	l->items = NULL;
	l->count = 0;
	l->total = 0;
}
