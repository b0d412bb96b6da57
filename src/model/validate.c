/* validate.c — the rules a registry must meet before it is sent: a name of 1 to 64 characters, one of
 * the three types, the target project, region and instance for swr-pro-internal, an http(s) URL, the
 * credential, and dns_conf.hosts entries of a domain and an IP address each. Every problem is reported
 * at once as (field, message), fields hidden by the type are skipped, and the field-level checks (name,
 * url, domain, IP address, UTF-8 length) are shared with the form model. */
#define _POSIX_C_SOURCE 200112L
#include "swrtui/model/registry.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MSG_MAX 512
#define DOMAIN_MAX 253
#define LABEL_MAX 63

/* ---- UTF-8 ---- */

/* Decodes the character at p (NUL-terminated text). Returns its length, or 0 for invalid UTF-8 (overlong
 * forms, surrogates and code points above U+10FFFF are invalid). */
static size_t utf8_decode(const unsigned char *p, unsigned *cp)
{
	unsigned c = p[0], v, min;
	size_t n;
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		n = 2;
		v = c & 0x1F;
		min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 3;
		v = c & 0x0F;
		min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4;
		v = c & 0x07;
		min = 0x10000;
	} else {
		return 0;
	}
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (p[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return n;
}

long registry_utf8_chars(const char *s)
{
	if (!s)
		return 0;
	const unsigned char *p = (const unsigned char *)s;
	long count = 0;
	while (*p) {
		unsigned cp;
		size_t n = utf8_decode(p, &cp);
		if (n == 0)
			return -1;
		p += n;
		count++;
	}
	return count;
}

static bool utf8_ok(const char *s)
{
	return registry_utf8_chars(s) >= 0;
}

static bool is_empty(const char *s)
{
	return !s || *s == '\0';
}

static bool is_control(unsigned cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
}

static bool is_space(unsigned cp)
{
	return cp == ' ' || cp == 0x85 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200B) ||
	       cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000 || cp == 0xFEFF;
}

static void copy_msg(char *why, size_t whylen, const char *msg)
{
	if (why && whylen > 0)
		snprintf(why, whylen, "%s", msg);
}

/* User text for a message: at most 48 characters, control characters as '?', cut on a character
 * boundary. */
static const char *shown(char *buf, size_t size, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t o = 0;
	int chars = 0;
	while (*p && chars < 48) {
		unsigned cp;
		size_t n = utf8_decode(p, &cp);
		if (n == 0) {
			cp = '?';
			n = 1;
		}
		if (is_control(cp) || (n == 1 && *p >= 0x80)) {
			if (o + 2 > size)
				break;
			buf[o++] = '?';
		} else {
			if (o + n + 1 > size)
				break;
			memcpy(buf + o, p, n);
			o += n;
		}
		p += n;
		chars++;
	}
	if (*p && o + 4 <= size) {
		memcpy(buf + o, "...", 3);
		o += 3;
	}
	buf[o] = '\0';
	return buf;
}

/* ---- name ---- */

static bool name_char_ok(unsigned cp)
{
	return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') || cp == '_' ||
	       cp == '-' || (cp >= 0x4E00 && cp <= 0x9FFF) /* CJK Unified Ideographs */ ||
	       (cp >= 0x3400 && cp <= 0x4DBF) /* CJK Unified Ideographs Extension A */;
}

/* Appends a readable form of one character: " " , "." , "😀" (U+1F600), U+0009. */
static void describe_char(char *buf, size_t size, const unsigned char *p, size_t n, unsigned cp)
{
	size_t len = strlen(buf);
	if (len >= size)
		return;
	if (is_control(cp))
		snprintf(buf + len, size - len, "U+%04X", cp);
	else if (cp < 0x80)
		snprintf(buf + len, size - len, "\"%c\"", (char)cp);
	else
		snprintf(buf + len, size - len, "\"%.*s\" (U+%04X)", (int)n, (const char *)p, cp);
}

/* Fills msgs with the problems of a name (at most 2: its length and its characters). */
static size_t name_problems(const char *name, char msgs[2][MSG_MAX])
{
	if (is_empty(name)) {
		snprintf(msgs[0], MSG_MAX, "name is required (1 to %d characters)", REGISTRY_NAME_MAX_CHARS);
		return 1;
	}
	long chars = registry_utf8_chars(name);
	if (chars < 0) {
		snprintf(msgs[0], MSG_MAX, "name is not valid UTF-8");
		return 1;
	}
	size_t count = 0;
	if (chars > REGISTRY_NAME_MAX_CHARS)
		snprintf(msgs[count++], MSG_MAX, "name must be 1 to %d characters; it has %ld",
		         REGISTRY_NAME_MAX_CHARS, chars);

	unsigned bad[5];
	size_t nbad = 0;
	bool more = false;
	char list[256] = "";
	const unsigned char *p = (const unsigned char *)name;
	while (*p) {
		unsigned cp;
		size_t n = utf8_decode(p, &cp);
		if (!name_char_ok(cp)) {
			bool seen = false;
			for (size_t i = 0; i < nbad; i++)
				seen = seen || bad[i] == cp;
			if (!seen && nbad < 4) {
				if (nbad > 0)
					strncat(list, ", ", sizeof list - strlen(list) - 1);
				describe_char(list, sizeof list, p, n, cp);
				bad[nbad++] = cp;
			} else if (!seen) {
				more = true;
			}
		}
		p += n;
	}
	if (nbad > 0)
		snprintf(msgs[count++], MSG_MAX,
		         "name may contain only letters, digits, \"_\", \"-\" and Chinese characters; %s%s %s not allowed",
		         list, more ? " and others" : "", (nbad == 1 && !more) ? "is" : "are");
	return count;
}

bool registry_name_valid(const char *name, char *why, size_t whylen)
{
	char msgs[2][MSG_MAX];
	size_t n = name_problems(name, msgs);
	if (n == 0)
		return true;
	if (why && whylen > 0) {
		if (n == 1)
			snprintf(why, whylen, "%s", msgs[0]);
		else
			snprintf(why, whylen, "%s; %s", msgs[0], msgs[1]);
	}
	return false;
}

/* ---- domain, IP, url ---- */

bool registry_domain_valid(const char *domain)
{
	if (is_empty(domain))
		return false;
	size_t len = strlen(domain);
	if (len > DOMAIN_MAX || domain[len - 1] == '.')
		return false;
	size_t label = 0;
	for (size_t i = 0; i <= len; i++) {
		char c = domain[i];
		if (c == '.' || c == '\0') {
			if (label == 0 || label > LABEL_MAX || domain[i - 1] == '-' || domain[i - label] == '-')
				return false;
			label = 0;
		} else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-') {
			label++;
		} else {
			return false;
		}
	}
	return true;
}

bool registry_ip_valid(const char *ip)
{
	struct in6_addr a6;
	struct in_addr a4;
	if (is_empty(ip))
		return false;
	return inet_pton(AF_INET, ip, &a4) == 1 || inet_pton(AF_INET6, ip, &a6) == 1;
}

static bool ascii_prefix_ci(const char *s, const char *prefix)
{
	for (; *prefix; s++, prefix++) {
		char c = *s;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != *prefix)
			return false;
	}
	return true;
}

/* The host and port of an URL authority (no user information). */
static bool check_host_port(const char *auth, size_t len, char *why, size_t whylen)
{
	char host[DOMAIN_MAX + 64], buf[128];
	const char *port = NULL;
	size_t hlen;
	if (len > 0 && auth[0] == '[') {
		const char *close = memchr(auth, ']', len);
		if (!close) {
			copy_msg(why, whylen, "url has an unterminated [IPv6] address");
			return false;
		}
		hlen = (size_t)(close - auth) - 1;
		if (hlen >= sizeof host) {
			copy_msg(why, whylen, "url has an invalid [IPv6] address");
			return false;
		}
		memcpy(host, auth + 1, hlen);
		host[hlen] = '\0';
		struct in6_addr a6;
		if (inet_pton(AF_INET6, host, &a6) != 1) {
			if (why && whylen > 0)
				snprintf(why, whylen, "url host \"[%s]\" is not a valid IPv6 address",
				         shown(buf, sizeof buf, host));
			return false;
		}
		size_t rest = len - (size_t)(close - auth) - 1;
		if (rest > 0 && close[1] != ':') {
			copy_msg(why, whylen, "url has unexpected text after the [IPv6] address");
			return false;
		}
		if (rest > 0)
			port = close + 1;
	} else {
		const char *colon = memchr(auth, ':', len);
		hlen = colon ? (size_t)(colon - auth) : len;
		port = colon;
		if (hlen == 0) {
			copy_msg(why, whylen, "url has no host");
			return false;
		}
		if (hlen >= sizeof host) {
			copy_msg(why, whylen, "url host is too long");
			return false;
		}
		memcpy(host, auth, hlen);
		host[hlen] = '\0';
		if (strspn(host, "0123456789.") == hlen) {
			struct in_addr a4;
			if (inet_pton(AF_INET, host, &a4) != 1) {
				if (why && whylen > 0)
					snprintf(why, whylen, "url host \"%s\" is not a valid IPv4 address",
					         shown(buf, sizeof buf, host));
				return false;
			}
		} else if (!registry_domain_valid(host)) {
			if (why && whylen > 0)
				snprintf(why, whylen, "url host \"%s\" is not a valid host name",
				         shown(buf, sizeof buf, host));
			return false;
		}
	}
	if (port) {
		size_t plen = len - (size_t)(port - auth) - 1;
		const char *digits = port + 1;
		unsigned long value = 0;
		bool ok = plen >= 1 && plen <= 5;
		for (size_t i = 0; ok && i < plen; i++) {
			ok = digits[i] >= '0' && digits[i] <= '9';
			value = value * 10 + (unsigned long)(digits[i] - '0');
		}
		if (!ok || value < 1 || value > 65535) {
			copy_msg(why, whylen, "url port must be a number from 1 to 65535");
			return false;
		}
	}
	return true;
}

bool registry_url_valid(const char *url, char *why, size_t whylen)
{
	if (is_empty(url)) {
		copy_msg(why, whylen, "url is required");
		return false;
	}
	const unsigned char *p = (const unsigned char *)url;
	while (*p) {
		unsigned cp;
		size_t n = utf8_decode(p, &cp);
		if (n == 0) {
			copy_msg(why, whylen, "url is not valid UTF-8");
			return false;
		}
		if (is_control(cp) || is_space(cp)) {
			copy_msg(why, whylen, "url must not contain spaces or control characters");
			return false;
		}
		p += n;
	}
	const char *sep = strstr(url, "://");
	size_t slen = sep ? (size_t)(sep - url) : 0;
	if (!sep || !((slen == 4 && ascii_prefix_ci(url, "http")) || (slen == 5 && ascii_prefix_ci(url, "https")))) {
		copy_msg(why, whylen, "url must start with http:// or https://");
		return false;
	}
	const char *auth = sep + 3;
	size_t alen = strcspn(auth, "/?#");
	if (alen == 0) {
		copy_msg(why, whylen, "url has no host");
		return false;
	}
	if (memchr(auth, '@', alen)) {
		copy_msg(why, whylen,
		         "url must not hold a user name or password (they belong in access_key and access_secret)");
		return false;
	}
	return check_host_port(auth, alen, why, whylen);
}

/* ---- problems ---- */

__attribute__((format(printf, 5, 6))) static void add_problem(registry_problems *out,
                                                              registry_problem_level level,
                                                              const char *field, int host_index,
                                                              const char *fmt, ...)
{
	char text[MSG_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);

	size_t len = strlen(text) + 1;
	char *msg = malloc(len);
	registry_problem *grown = msg ? realloc(out->items, (out->count + 1) * sizeof *out->items) : NULL;
	if (!grown) {
		free(msg); /* the problem is still counted by the caller */
		return;
	}
	memcpy(msg, text, len);
	out->items = grown;
	out->items[out->count++] = (registry_problem){ level, field, host_index, msg };
}

static size_t add_error(registry_problems *out, const char *field, const char *msg)
{
	add_problem(out, REGISTRY_PROBLEM_ERROR, field, -1, "%s", msg);
	return 1;
}

static bool same_domain(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char x = *a, y = *b;
		if (x >= 'A' && x <= 'Z')
			x = (char)(x - 'A' + 'a');
		if (y >= 'A' && y <= 'Z')
			y = (char)(y - 'A' + 'a');
		if (x != y)
			return false;
	}
	return *a == *b;
}

static size_t validate_hosts(const registry *r, registry_problems *out)
{
	static const char F[] = "dns_conf.hosts";
	size_t errors = 0;
	char buf[160];
	for (size_t i = 0; i < r->nhosts; i++) {
		const char *domain = r->hosts[i].domain ? r->hosts[i].domain : "";
		const char *ip = r->hosts[i].ip ? r->hosts[i].ip : "";
		int hi = (int)i;
		if (*domain == '\0') {
			add_problem(out, REGISTRY_PROBLEM_ERROR, F, hi, "%s entry %zu: the domain is empty", F, i + 1);
			errors++;
		} else if (!registry_domain_valid(domain)) {
			add_problem(out, REGISTRY_PROBLEM_ERROR, F, hi, "%s entry %zu: \"%s\" is not a valid domain name", F,
			            i + 1, shown(buf, sizeof buf, domain));
			errors++;
		} else {
			for (size_t j = 0; j < i; j++) {
				if (r->hosts[j].domain && same_domain(domain, r->hosts[j].domain)) {
					add_problem(out, REGISTRY_PROBLEM_ERROR, F, hi,
					            "%s entry %zu: the domain \"%s\" is already used by entry %zu", F, i + 1,
					            shown(buf, sizeof buf, domain), j + 1);
					errors++;
					break;
				}
			}
		}
		if (*ip == '\0') {
			add_problem(out, REGISTRY_PROBLEM_ERROR, F, hi, "%s entry %zu: the IP address is empty", F, i + 1);
			errors++;
		} else if (!registry_ip_valid(ip)) {
			add_problem(out, REGISTRY_PROBLEM_ERROR, F, hi,
			            "%s entry %zu: \"%s\" is not a valid IPv4 or IPv6 address", F, i + 1,
			            shown(buf, sizeof buf, ip));
			errors++;
		}
	}
	return errors;
}

size_t registry_validate_hosts(const registry *r, registry_problems *out)
{
	return r && out ? validate_hosts(r, out) : 0;
}

static size_t validate_required(registry_problems *out, const char *field, const char *value, const char *why)
{
	if (is_empty(value)) {
		add_problem(out, REGISTRY_PROBLEM_ERROR, field, -1, "%s is required%s", field, why);
		return 1;
	}
	if (!utf8_ok(value)) {
		add_problem(out, REGISTRY_PROBLEM_ERROR, field, -1, "%s is not valid UTF-8", field);
		return 1;
	}
	return 0;
}

/* ---- the rules, one a field, in the order of the problems ---- */

static size_t rule_name(const registry *r, registry_problems *out)
{
	char msgs[2][MSG_MAX];
	size_t errors = 0, n = name_problems(r->name, msgs);
	for (size_t i = 0; i < n; i++)
		errors += add_error(out, "name", msgs[i]);
	return errors;
}

static size_t rule_description(const registry *r, registry_problems *out)
{
	return utf8_ok(r->description) ? 0 : add_error(out, "description", "description is not valid UTF-8");
}

static size_t rule_type(const registry *r, registry_problems *out)
{
	char buf[160], choices[160];
	if (is_empty(r->type)) {
		add_problem(out, REGISTRY_PROBLEM_ERROR, "type", -1, "type is required; choose %s",
		            registry_type_choices(choices, sizeof choices, true));
		return 1;
	}
	if (registry_type_from_string(r->type) == REGISTRY_TYPE_UNKNOWN) {
		add_problem(out, REGISTRY_PROBLEM_ERROR, "type", -1, "type \"%s\" is not supported; choose %s",
		            shown(buf, sizeof buf, r->type), registry_type_choices(choices, sizeof choices, true));
		return 1;
	}
	return 0;
}

static bool is_internal(const registry *r)
{
	return registry_type_from_string(r->type) == REGISTRY_TYPE_SWR_PRO_INTERNAL;
}

static size_t rule_project_id(const registry *r, registry_problems *out)
{
	return is_internal(r) ? validate_required(out, "project_id", r->project_id,
	                                          " when type is swr-pro-internal (the project of the target instance)")
	                      : 0;
}

static size_t rule_region_id(const registry *r, registry_problems *out)
{
	return is_internal(r) ? validate_required(out, "region_id", r->region_id,
	                                          " when type is swr-pro-internal (the region of the target instance)")
	                      : 0;
}

static size_t rule_instance_id(const registry *r, registry_problems *out)
{
	return is_internal(r) ? validate_required(out, "instance_id", r->instance_id,
	                                          " when type is swr-pro-internal (the target instance)")
	                      : 0;
}

static size_t rule_url(const registry *r, registry_problems *out)
{
	char msg[MSG_MAX];
	return registry_url_valid(r->url, msg, sizeof msg) ? 0 : add_error(out, "url", msg);
}

static size_t rule_cred_type(const registry *r, registry_problems *out)
{
	if (is_empty(r->cred_type) || strcmp(r->cred_type, "basic") == 0)
		return 0;
	return add_error(out, "credential.type", "credential.type must be \"basic\" (the only authentication mode)");
}

static size_t rule_access_key(const registry *r, registry_problems *out)
{
	return validate_required(out, "credential.access_key", r->access_key, "");
}

/* Never quote the secret in a message. */
static size_t rule_access_secret(const registry *r, registry_problems *out)
{
	if (is_empty(r->access_secret))
		return add_error(out, "credential.access_secret",
		                 "credential.access_secret is required: the service never returns the stored "
		                 "secret, so it must be entered again");
	if (registry_secret_is_placeholder(r->access_secret))
		return add_error(out, "credential.access_secret",
		                 "credential.access_secret is a masked placeholder, not the secret: the service "
		                 "never returns the stored secret, so it must be entered again");
	if (!utf8_ok(r->access_secret))
		return add_error(out, "credential.access_secret", "credential.access_secret is not valid UTF-8");
	return 0;
}

static size_t rule_insecure(const registry *r, registry_problems *out)
{
	if (is_internal(r) && !r->insecure)
		add_problem(out, REGISTRY_PROBLEM_WARNING, "insecure", -1,
		            "the service may accept only insecure = true for swr-pro-internal "
		            "(unverified rule of the Chinese documentation)");
	return 0; /* a warning, never an error */
}

static const struct {
	const char *field;
	size_t (*check)(const registry *r, registry_problems *out);
} rules[] = {
	{ "name", rule_name },
	{ "description", rule_description },
	{ "type", rule_type },
	{ "project_id", rule_project_id },
	{ "region_id", rule_region_id },
	{ "instance_id", rule_instance_id },
	{ "url", rule_url },
	{ "credential.type", rule_cred_type },
	{ "credential.access_key", rule_access_key },
	{ "credential.access_secret", rule_access_secret },
	{ "dns_conf.hosts", validate_hosts },
	{ "insecure", rule_insecure },
};

size_t registry_validate(const registry *r, registry_problems *out)
{
	if (!r || !out)
		return 0;
	size_t errors = 0;
	for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
		errors += rules[i].check(r, out);
	return errors;
}

size_t registry_validate_field(const registry *r, const char *field, registry_problems *out)
{
	if (!r || !out || !field)
		return 0;
	for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
		if (strcmp(rules[i].field, field) == 0)
			return rules[i].check(r, out);
	return 0;
}

void registry_problems_free(registry_problems *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->count; i++)
		free(p->items[i].message);
	free(p->items);
	p->items = NULL;
	p->count = 0;
}

const registry_problem *registry_problems_find(const registry_problems *p, const char *field)
{
	if (!p || !field)
		return NULL;
	for (size_t i = 0; i < p->count; i++)
		if (p->items[i].field && strcmp(p->items[i].field, field) == 0)
			return &p->items[i];
	return NULL;
}

/* ---- what the service says ---- */

int registry_check_answer(const registry *r, char *err, size_t errlen)
{
	const char *missing = !r->has_id ? "id" : is_empty(r->name) ? "name" : is_empty(r->type) ? "type"
	                                      : is_empty(r->url)  ? "url"
	                                                           : NULL;
	if (!missing)
		return 0;
	if (err && errlen)
		snprintf(err, errlen, "the registry has no %s (every registry has an id, a name, a type and a url)",
		         missing);
	return -1;
}
