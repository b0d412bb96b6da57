/* fuzz_dns_hosts.c — libFuzzer target for the DNS hosts map: the input decoded as the value of
 * {"dns_conf":{"hosts":...}} in a registry, and split into domain=ip lines checked by the field validators
 * and added to an edit form; every refused entry is reported on its own row, and what the form sends
 * decodes back to the same map. */
#define _DEFAULT_SOURCE
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "swrtui/model/form.h"
#include "swrtui/model/registry.h"
#include "swrtui/base/secret.h"

#define MAX_ROWS 64

static const char prefix[] = "{\"name\":\"mirror\",\"type\":\"swr-pro\",\"url\":\"https://harbor.example.com\","
                             "\"credential\":{\"type\":\"basic\",\"access_key\":\"robot\",\"access_secret\":\"s3cret\"},"
                             "\"dns_conf\":{\"hosts\":";
static const char suffix[] = "},\"insecure\":false}";

/* Properties every accepted domain has (RFC 1123 host names, as the service takes them). */
static void check_domain(const char *d)
{
	if (!registry_domain_valid(d))
		return;
	size_t len = strlen(d), label = 0;
	FUZZ_ASSERT(len >= 1 && len <= 253 && d[0] != '.' && d[0] != '-' && d[len - 1] != '.' && d[len - 1] != '-');
	for (size_t i = 0; i < len; i++) {
		char c = d[i];
		FUZZ_ASSERT((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
		            c == '.');
		label = c == '.' ? 0 : label + 1;
		FUZZ_ASSERT(label <= 63);
		if (c == '.')
			FUZZ_ASSERT(d[i - 1] != '.' && d[i - 1] != '-' && d[i + 1] != '-');
	}
}

static void check_ip(const char *ip)
{
	if (!registry_ip_valid(ip))
		return;
	size_t len = strlen(ip);
	FUZZ_ASSERT(len >= 2 && len <= 45 && strspn(ip, "0123456789abcdefABCDEF.:") == len);
}

/* Every entry that is not a valid domain -> ip pair has a problem on its own row. */
static void check_rows(const form *f)
{
	size_t row_errors = 0;
	for (size_t i = 0; i < f->nhosts; i++) {
		const char *d = f->hosts[i].domain, *ip = f->hosts[i].ip;
		check_domain(d);
		check_ip(ip);
		const char *problem = form_host_problem(f, i);
		if (!registry_domain_valid(d) || !registry_ip_valid(ip))
			FUZZ_ASSERT(problem != NULL);
		if (problem) {
			FUZZ_ASSERT(fuzz_printable_utf8(problem, strlen(problem), false));
			row_errors++;
		}
	}
	FUZZ_ASSERT(row_errors <= f->nerrors);
	FUZZ_ASSERT(form_host_problem(f, f->nhosts) == NULL);
}

/* What the form would send decodes back to the same map (when the text survives JSON as it is). */
static void check_sent(const form *f)
{
	registry r;
	FUZZ_ASSERT(form_to_registry(f, &r) == 0);
	FUZZ_ASSERT(r.nhosts == f->nhosts);
	bool valid_text = true;
	for (size_t i = 0; i < r.nhosts; i++)
		valid_text = valid_text && registry_utf8_chars(r.hosts[i].domain) >= 0 && registry_utf8_chars(r.hosts[i].ip) >= 0;
	char *json = registry_to_json(&r, REGISTRY_JSON_BODY);
	FUZZ_ASSERT(json != NULL);
	registry back;
	char err[256];
	FUZZ_ASSERT(registry_from_json(json, strlen(json), &back, err, sizeof err) == 0);
	FUZZ_ASSERT(back.has_dns_conf && back.nhosts == r.nhosts);
	for (size_t i = 0; valid_text && i < r.nhosts; i++)
		FUZZ_ASSERT(strcmp(back.hosts[i].domain, r.hosts[i].domain) == 0 && strcmp(back.hosts[i].ip, r.hosts[i].ip) == 0);
	registry_free(&back);
	secret_free(json);
	registry_free(&r);
}

static void fuzz_document(const uint8_t *data, size_t size)
{
	size_t len = sizeof prefix - 1 + size + sizeof suffix - 1;
	char *doc = malloc(len);
	FUZZ_ASSERT(doc != NULL);
	memcpy(doc, prefix, sizeof prefix - 1);
	memcpy(doc + sizeof prefix - 1, data, size);
	memcpy(doc + sizeof prefix - 1 + size, suffix, sizeof suffix - 1);
	registry r;
	char err[256];
	if (registry_from_json(doc, len, &r, err, sizeof err) == 0) {
		FUZZ_ASSERT(r.has_dns_conf);
		registry_problems p = {0};
		registry_validate(&r, &p);
		for (size_t i = 0; i < r.nhosts; i++) {
			if (registry_domain_valid(r.hosts[i].domain) && registry_ip_valid(r.hosts[i].ip))
				continue;
			bool reported = false;
			for (size_t k = 0; k < p.count; k++)
				reported = reported || (p.items[k].host_index == (int)i && strcmp(p.items[k].field, "dns_conf.hosts") == 0);
			FUZZ_ASSERT(reported);
		}
		registry_problems_free(&p);
		if (r.nhosts <= MAX_ROWS) {
			form f;
			FUZZ_ASSERT(form_init(&f, &r) == 0);
			FUZZ_ASSERT(f.nhosts == r.nhosts);
			check_rows(&f);
			check_sent(&f);
			form_free(&f);
		}
		registry_free(&r);
	} else {
		FUZZ_ASSERT(err[0] != '\0');
	}
	free(doc);
}

/* Lines "domain=ip" (or "domain ip") added to a new form, then edited and removed as the map editor does. */
static void fuzz_rows(const uint8_t *data, size_t size)
{
	form f;
	FUZZ_ASSERT(form_init(&f, NULL) == 0);
	fuzz_stream in = {data, size, 0};
	const uint8_t *line;
	size_t n;
	while (f.nhosts < MAX_ROWS && fuzz_line(&in, &line, &n)) {
		const uint8_t *sep = memchr(line, '=', n);
		if (!sep)
			sep = memchr(line, ' ', n);
		size_t dlen = sep ? (size_t)(sep - line) : n;
		char *domain = fuzz_strndup(line, dlen);
		char *ip = sep ? fuzz_strndup(sep + 1, n - dlen - 1) : fuzz_strndup("", 0);
		FUZZ_ASSERT(form_host_add(&f, domain, ip) == 0);
		free(domain);
		free(ip);
	}
	check_rows(&f);
	check_sent(&f);
	if (f.nhosts > 0) {
		/* the editor: the first row takes the last one's values, then the middle one goes */
		char *d = strdup(f.hosts[f.nhosts - 1].domain), *ip = strdup(f.hosts[f.nhosts - 1].ip);
		FUZZ_ASSERT(d && ip && form_host_set(&f, 0, d, ip) == 0);
		free(d);
		free(ip);
		FUZZ_ASSERT(form_host_set(&f, f.nhosts, "x.example.com", "192.0.2.1") == -1);
		size_t before = f.nhosts;
		form_host_remove(&f, f.nhosts / 2);
		form_host_remove(&f, f.nhosts); /* out of range: nothing happens */
		FUZZ_ASSERT(f.nhosts == before - 1);
		check_rows(&f);
		check_sent(&f);
	}
	form_free(&f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_document(data, size);
	fuzz_rows(data, size);
	return 0;
}
