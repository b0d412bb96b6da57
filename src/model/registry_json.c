/* registry_json.c — strict JSON decoding of registries (single objects and list pages) and encoding of
 * the create/modify body and the display form. The input is checked against the JSON grammar before
 * cJSON builds the tree; the output is always strict JSON. Secrets are wiped from every cJSON tree. */
#include "swrtui/model/registry.h"
#include "swrtui/base/secret.h"
#include "swrtui/base/text.h"

#include <cjson/cJSON.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The largest integer a JSON number (an IEEE double) holds exactly: 2^53 - 1. */
#define ID_MAX 9007199254740991.0
/* Nesting accepted by the grammar check; below cJSON's own limit so that cJSON never refuses it later. */
#define SCAN_DEPTH_MAX 512

__attribute__((format(printf, 3, 4))) static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
	if (!err || errlen == 0)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* Length of the valid UTF-8 sequence at p (at most avail bytes), or 0 when it is not one: overlong
 * forms, UTF-16 surrogates and code points above U+10FFFF are refused. */
static size_t utf8_seq(const unsigned char *p, size_t avail)
{
	unsigned c = p[0];
	size_t n;
	unsigned cp, min;
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF) {
		n = 2;
		cp = c & 0x1F;
		min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 3;
		cp = c & 0x0F;
		min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4;
		cp = c & 0x07;
		min = 0x10000;
	} else {
		return 0;
	}
	if (avail < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return n;
}

static bool utf8_valid(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t left = strlen(s);
	while (left > 0) {
		size_t n = utf8_seq(p, left);
		if (n == 0)
			return false;
		p += n;
		left -= n;
	}
	return true;
}

/* A printable copy of s for a message (a name from a file or a server: control and invisible characters
 * escaped), at most 24 characters, cut to fit buf on a character boundary. */
static const char *clip(char *buf, size_t bufsize, const char *s)
{
	char *p = text_printable(s, strlen(s), 24, 0);
	const char *src = p ? p : "?";
	size_t n = 0, left = strlen(src);
	while (left > 0) {
		size_t k = utf8_seq((const unsigned char *)src + n, left);
		if (k == 0 || n + k >= bufsize)
			break;
		n += k;
		left -= k;
	}
	memcpy(buf, src, n);
	buf[n] = '\0';
	free(p);
	return buf;
}

/* ---- strict grammar check (RFC 8259) ---- */

typedef struct {
	const unsigned char *p;
	size_t len;
	size_t pos;
	int depth;
	bool bad_utf8;      /* deferred, so that decoding can first name the member */
	size_t bad_utf8_pos;
	char *err;
	size_t errlen;
} scanner;

static int scan_fail(scanner *s, const char *what)
{
	set_err(s->err, s->errlen, "invalid JSON at byte %zu: %s", s->pos, what);
	return -1;
}

static void scan_ws(scanner *s)
{
	while (s->pos < s->len) {
		unsigned char c = s->p[s->pos];
		if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
			break;
		s->pos++;
	}
}

static int hex4(scanner *s, unsigned *out)
{
	if (s->len - s->pos < 4)
		return -1;
	unsigned v = 0;
	for (int i = 0; i < 4; i++) {
		unsigned char c = s->p[s->pos + (size_t)i];
		unsigned d;
		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = (unsigned)(c - 'a') + 10;
		else if (c >= 'A' && c <= 'F')
			d = (unsigned)(c - 'A') + 10;
		else
			return -1;
		v = (v << 4) | d;
	}
	s->pos += 4;
	*out = v;
	return 0;
}

static int scan_string(scanner *s)
{
	s->pos++; /* opening quote */
	for (;;) {
		if (s->pos >= s->len)
			return scan_fail(s, "unterminated string");
		unsigned char c = s->p[s->pos];
		if (c == '"') {
			s->pos++;
			return 0;
		}
		if (c == '\\') {
			s->pos++;
			if (s->pos >= s->len)
				return scan_fail(s, "unterminated string");
			c = s->p[s->pos++];
			if (strchr("\"\\/bfnrt", c) && c != '\0')
				continue;
			if (c != 'u')
				return scan_fail(s, "invalid escape in a string");
			unsigned u;
			if (hex4(s, &u) != 0)
				return scan_fail(s, "invalid \\u escape in a string");
			if (u == 0)
				return scan_fail(s, "a string contains a NUL character (\\u0000)");
			if (u >= 0xDC00 && u <= 0xDFFF)
				return scan_fail(s, "unpaired UTF-16 surrogate in a \\u escape");
			if (u >= 0xD800 && u <= 0xDBFF) {
				unsigned lo;
				if (s->len - s->pos < 2 || s->p[s->pos] != '\\' || s->p[s->pos + 1] != 'u')
					return scan_fail(s, "unpaired UTF-16 surrogate in a \\u escape");
				s->pos += 2;
				if (hex4(s, &lo) != 0 || lo < 0xDC00 || lo > 0xDFFF)
					return scan_fail(s, "unpaired UTF-16 surrogate in a \\u escape");
			}
			continue;
		}
		if (c < 0x20)
			return scan_fail(s, "control character in a string (it must be escaped)");
		size_t n = utf8_seq(s->p + s->pos, s->len - s->pos);
		if (n == 0) {
			if (!s->bad_utf8) {
				s->bad_utf8 = true;
				s->bad_utf8_pos = s->pos;
			}
			n = 1;
		}
		s->pos += n;
	}
}

static bool is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static int scan_number(scanner *s)
{
	if (s->p[s->pos] == '-')
		s->pos++;
	if (s->pos >= s->len || !is_digit(s->p[s->pos]))
		return scan_fail(s, "invalid number");
	if (s->p[s->pos] == '0') {
		s->pos++;
	} else {
		while (s->pos < s->len && is_digit(s->p[s->pos]))
			s->pos++;
	}
	if (s->pos < s->len && s->p[s->pos] == '.') {
		s->pos++;
		if (s->pos >= s->len || !is_digit(s->p[s->pos]))
			return scan_fail(s, "invalid number");
		while (s->pos < s->len && is_digit(s->p[s->pos]))
			s->pos++;
	}
	if (s->pos < s->len && (s->p[s->pos] == 'e' || s->p[s->pos] == 'E')) {
		s->pos++;
		if (s->pos < s->len && (s->p[s->pos] == '+' || s->p[s->pos] == '-'))
			s->pos++;
		if (s->pos >= s->len || !is_digit(s->p[s->pos]))
			return scan_fail(s, "invalid number");
		while (s->pos < s->len && is_digit(s->p[s->pos]))
			s->pos++;
	}
	return 0;
}

static int scan_literal(scanner *s, const char *word)
{
	size_t n = strlen(word);
	if (s->len - s->pos < n || memcmp(s->p + s->pos, word, n) != 0)
		return scan_fail(s, "unexpected character");
	s->pos += n;
	return 0;
}

static int scan_value(scanner *s);

static int scan_container(scanner *s, bool object)
{
	if (++s->depth > SCAN_DEPTH_MAX)
		return scan_fail(s, "nested too deeply");
	unsigned char close = object ? '}' : ']';
	s->pos++;
	scan_ws(s);
	if (s->pos < s->len && s->p[s->pos] == close) {
		s->pos++;
		s->depth--;
		return 0;
	}
	for (;;) {
		if (object) {
			scan_ws(s);
			if (s->pos >= s->len || s->p[s->pos] != '"')
				return scan_fail(s, "expected a member name");
			if (scan_string(s) != 0)
				return -1;
			scan_ws(s);
			if (s->pos >= s->len || s->p[s->pos] != ':')
				return scan_fail(s, "expected ':' after a member name");
			s->pos++;
		}
		if (scan_value(s) != 0)
			return -1;
		scan_ws(s);
		if (s->pos >= s->len)
			return scan_fail(s, object ? "unterminated object" : "unterminated array");
		if (s->p[s->pos] == close) {
			s->pos++;
			s->depth--;
			return 0;
		}
		if (s->p[s->pos] != ',')
			return scan_fail(s, object ? "expected ',' or '}'" : "expected ',' or ']'");
		s->pos++;
	}
}

static int scan_value(scanner *s)
{
	scan_ws(s);
	if (s->pos >= s->len)
		return scan_fail(s, "expected a value");
	switch (s->p[s->pos]) {
	case '{':
		return scan_container(s, true);
	case '[':
		return scan_container(s, false);
	case '"':
		return scan_string(s);
	case 't':
		return scan_literal(s, "true");
	case 'f':
		return scan_literal(s, "false");
	case 'n':
		return scan_literal(s, "null");
	default:
		if (s->p[s->pos] == '-' || is_digit(s->p[s->pos]))
			return scan_number(s);
		return scan_fail(s, "unexpected character");
	}
}

/* Checks json[0..len) and returns the cJSON tree, or NULL with a message. *bad_utf8 tells the caller
 * that a string holds invalid UTF-8 (reported after decoding, which can name a known member). */
static cJSON *parse_strict(const char *json, size_t len, bool *bad_utf8, size_t *bad_pos, char *err,
                           size_t errlen)
{
	*bad_utf8 = false;
	if (!json) {
		set_err(err, errlen, "no JSON text");
		return NULL;
	}
	const char *nul = memchr(json, '\0', len);
	if (nul) {
		set_err(err, errlen, "invalid JSON: the text contains a NUL byte at byte %zu",
		        (size_t)(nul - json));
		return NULL;
	}
	scanner s = { .p = (const unsigned char *)json, .len = len, .err = err, .errlen = errlen };
	scan_ws(&s);
	if (s.pos >= s.len) {
		set_err(err, errlen, "invalid JSON: the text is empty");
		return NULL;
	}
	if (scan_value(&s) != 0)
		return NULL;
	scan_ws(&s);
	if (s.pos != s.len) {
		scan_fail(&s, "unexpected data after the JSON value");
		return NULL;
	}
	cJSON *root = cJSON_ParseWithLengthOpts(json, len, NULL, 0);
	if (!root) {
		set_err(err, errlen, "cannot parse the JSON text (out of memory?)");
		return NULL;
	}
	*bad_utf8 = s.bad_utf8;
	*bad_pos = s.bad_utf8_pos;
	return root;
}

/* ---- decoding ---- */

static void wipe_strings(cJSON *node)
{
	for (; node; node = node->next) {
		if (node->valuestring)
			secret_wipe(node->valuestring, strlen(node->valuestring));
		wipe_strings(node->child);
	}
}

void registry_cjson_free(struct cJSON *tree)
{
	if (!tree)
		return;
	if (tree->valuestring)
		secret_wipe(tree->valuestring, strlen(tree->valuestring));
	wipe_strings(tree->child);
	cJSON_Delete(tree);
}

/* Finds member `name` of obj. *out is NULL when it is absent or JSON null. A repeated name is an error:
 * which of the two would count is not something to guess. */
static int find_member(const cJSON *obj, const char *name, const char *path, const cJSON **out, char *err,
                       size_t errlen)
{
	const cJSON *found = NULL;
	*out = NULL;
	for (const cJSON *c = obj->child; c; c = c->next) {
		if (!c->string || strcmp(c->string, name) != 0)
			continue;
		if (found) {
			set_err(err, errlen, "member \"%s\" appears more than once", path);
			return -1;
		}
		found = c;
	}
	if (found && !cJSON_IsNull(found))
		*out = found;
	return 0;
}

static int get_string(const cJSON *obj, const char *name, const char *path, char **dst, char *err,
                      size_t errlen)
{
	const cJSON *item;
	if (find_member(obj, name, path, &item, err, errlen) != 0)
		return -1;
	if (!item)
		return 0;
	if (!cJSON_IsString(item) || !item->valuestring) {
		set_err(err, errlen, "member \"%s\" must be a string", path);
		return -1;
	}
	if (!utf8_valid(item->valuestring)) {
		set_err(err, errlen, "member \"%s\" is not valid UTF-8", path);
		return -1;
	}
	if (registry_set(dst, item->valuestring) != 0) {
		set_err(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}

/* A whole number from 0 to 2^53 - 1 (JSON numbers beyond that lose digits). */
static int get_count(const cJSON *item, const char *path, long long *dst, char *err, size_t errlen)
{
	double v = item->valuedouble;
	if (!cJSON_IsNumber(item) || !(v >= 0.0 && v <= ID_MAX) || (double)(long long)v != v) {
		set_err(err, errlen, "member \"%s\" must be an integer from 0 to 9007199254740991", path);
		return -1;
	}
	*dst = (long long)v;
	return 0;
}

static int get_object(const cJSON *obj, const char *name, const char *path, const cJSON **out, char *err,
                      size_t errlen)
{
	if (find_member(obj, name, path, out, err, errlen) != 0)
		return -1;
	if (*out && !cJSON_IsObject(*out)) {
		set_err(err, errlen, "member \"%s\" must be an object", path);
		return -1;
	}
	return 0;
}

static int decode_hosts(const cJSON *hosts, registry *out, char *err, size_t errlen)
{
	size_t index = 0;
	for (const cJSON *h = hosts->child; h; h = h->next, index++) {
		char shown[80];
		if (!h->string || !utf8_valid(h->string)) {
			set_err(err, errlen, "member \"dns_conf.hosts\": the domain of entry %zu is not valid UTF-8",
			        index + 1);
			return -1;
		}
		if (!cJSON_IsString(h) || !h->valuestring) {
			set_err(err, errlen, "member \"dns_conf.hosts\": the value for \"%s\" must be a string",
			        clip(shown, sizeof shown, h->string));
			return -1;
		}
		if (!utf8_valid(h->valuestring)) {
			set_err(err, errlen, "member \"dns_conf.hosts\": the value for \"%s\" is not valid UTF-8",
			        clip(shown, sizeof shown, h->string));
			return -1;
		}
		if (registry_add_host(out, h->string, h->valuestring) != 0) {
			set_err(err, errlen, "out of memory");
			return -1;
		}
	}
	return 0;
}

static int decode_into(const cJSON *obj, registry *out, char *err, size_t errlen)
{
	if (!obj || !cJSON_IsObject(obj)) {
		set_err(err, errlen, "a registry must be a JSON object");
		return -1;
	}
	static const struct {
		const char *name;
		size_t offset;
	} strings[] = {
		{ "name", offsetof(registry, name) },
		{ "description", offsetof(registry, description) },
		{ "type", offsetof(registry, type) },
		{ "project_id", offsetof(registry, project_id) },
		{ "region_id", offsetof(registry, region_id) },
		{ "instance_id", offsetof(registry, instance_id) },
		{ "url", offsetof(registry, url) },
		{ "status", offsetof(registry, status) },
		{ "created_at", offsetof(registry, created_at) },
		{ "updated_at", offsetof(registry, updated_at) },
	};
	const cJSON *item;

	if (find_member(obj, "id", "id", &item, err, errlen) != 0)
		return -1;
	if (item) {
		if (get_count(item, "id", &out->id, err, errlen) != 0)
			return -1;
		out->has_id = true;
	}
	for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++) {
		char **dst = (char **)(void *)((char *)out + strings[i].offset);
		if (get_string(obj, strings[i].name, strings[i].name, dst, err, errlen) != 0)
			return -1;
	}

	if (get_object(obj, "credential", "credential", &item, err, errlen) != 0)
		return -1;
	if (item) {
		if (get_string(item, "type", "credential.type", &out->cred_type, err, errlen) != 0 ||
		    get_string(item, "access_key", "credential.access_key", &out->access_key, err, errlen) != 0 ||
		    get_string(item, "access_secret", "credential.access_secret", &out->access_secret, err,
		               errlen) != 0)
			return -1;
		/* The service masks or blanks the stored secret: never keep its stand-in. */
		if (out->access_secret && registry_secret_is_placeholder(out->access_secret)) {
			secret_free(out->access_secret);
			out->access_secret = NULL;
		}
	}

	if (get_object(obj, "dns_conf", "dns_conf", &item, err, errlen) != 0)
		return -1;
	if (item) {
		const cJSON *hosts;
		out->has_dns_conf = true;
		if (get_object(item, "hosts", "dns_conf.hosts", &hosts, err, errlen) != 0)
			return -1;
		if (hosts && decode_hosts(hosts, out, err, errlen) != 0)
			return -1;
	}

	if (find_member(obj, "insecure", "insecure", &item, err, errlen) != 0)
		return -1;
	if (item) {
		if (!cJSON_IsBool(item)) {
			set_err(err, errlen, "member \"insecure\" must be a boolean");
			return -1;
		}
		out->insecure = cJSON_IsTrue(item);
		out->has_insecure = true;
	}
	return 0;
}

/* ---- the members a registry file may hold ---- */

/* What a person's file may say: the body's members, and those show --json prints that the service
 * ignores on input (id, status, created_at, updated_at), so that show --json output can be edited and
 * applied. NULL-terminated, one list per object. */
static const char *const top_members[] = { "id", "name", "description", "type", "project_id", "region_id",
	                                   "instance_id", "url", "credential", "dns_conf", "insecure", "status",
	                                   "created_at", "updated_at", NULL };
static const char *const credential_members[] = { "type", "access_key", "access_secret", NULL };
static const char *const dns_conf_members[] = { "hosts", NULL };

typedef struct {
	const char *prefix; /* "" or "credential." */
	const char *const *names;
} member_level;

static const member_level member_levels[] = {
	{ "", top_members },
	{ "credential.", credential_members },
	{ "dns_conf.", dns_conf_members },
};

/* The known member nearest to key, written as its path into out: first among the members of its own
 * object (lv), then anywhere ("access_key" at the top suggests credential.access_key); false when none
 * is near enough to be a likely typo. */
static bool nearest_member(const char *key, const member_level *lv, char *out, size_t outlen)
{
	size_t best = SIZE_MAX;
	const member_level *order[1 + sizeof member_levels / sizeof member_levels[0]];
	size_t n = 0;
	order[n++] = lv;
	for (size_t l = 0; l < sizeof member_levels / sizeof member_levels[0]; l++)
		if (&member_levels[l] != lv)
			order[n++] = &member_levels[l];
	for (size_t l = 0; l < n; l++) {
		for (const char *const *k = order[l]->names; *k; k++) {
			size_t d = text_name_distance(key, *k);
			if (d < best) {
				best = d;
				snprintf(out, outlen, "%s%s", order[l]->prefix, *k);
			}
		}
	}
	return text_is_likely_typo(key, best);
}

/* The unknown member key of the object lv, for err: quoted only when it looks like a member name
 * (letters and "_", at most 32: a typo of one, "Insecure" included); anything else, digits or signs,
 * may be a pasted secret, and control characters must not reach a terminal. */
static void unknown_member(const member_level *lv, const char *key, char *err, size_t errlen)
{
	size_t n = strlen(key);
	bool plain = n > 0 && n <= 32 &&
	             strspn(key, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_") == n;
	char shown[80];
	if (plain)
		snprintf(shown, sizeof shown, "unknown member \"%s%s\"", lv->prefix, key);
	else
		snprintf(shown, sizeof shown, "unknown member %s%.*s%s(its name, %zu bytes, is not shown)",
		         *lv->prefix ? "in " : "", *lv->prefix ? (int)strlen(lv->prefix) - 1 : 0, lv->prefix,
		         *lv->prefix ? " " : "", n);
	char near[96];
	if (plain && nearest_member(key, lv, near, sizeof near)) {
		set_err(err, errlen, "%s: did you mean \"%s\"?", shown, near);
		return;
	}
	char list[200] = "";
	for (const char *const *k = lv->names; *k; k++)
		snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", k == lv->names ? "" : ", ", *k);
	set_err(err, errlen, "%s: %s%.*s holds only %s", shown, *lv->prefix ? "" : "a registry",
	        *lv->prefix ? (int)strlen(lv->prefix) - 1 : 0, lv->prefix, list);
}

static int check_members_of(const cJSON *obj, const member_level *lv, char *err, size_t errlen)
{
	for (const cJSON *c = obj->child; c; c = c->next) {
		bool known = false;
		for (const char *const *k = lv->names; *k && !known; k++)
			known = c->string && strcmp(c->string, *k) == 0;
		if (!known) {
			unknown_member(lv, c->string ? c->string : "", err, errlen);
			return -1;
		}
	}
	return 0;
}

/* Every member of a registry file is one swrtui knows (dns_conf.hosts holds any domain). */
static int check_members(const cJSON *root, char *err, size_t errlen)
{
	if (!cJSON_IsObject(root))
		return 0; /* decoding says what is wrong */
	if (check_members_of(root, &member_levels[0], err, errlen) != 0)
		return -1;
	for (size_t l = 1; l < sizeof member_levels / sizeof member_levels[0]; l++) {
		char name[32];
		snprintf(name, sizeof name, "%.*s", (int)strlen(member_levels[l].prefix) - 1, member_levels[l].prefix);
		for (const cJSON *c = root->child; c; c = c->next)
			if (c->string && strcmp(c->string, name) == 0 && cJSON_IsObject(c) &&
			    check_members_of(c, &member_levels[l], err, errlen) != 0)
				return -1;
	}
	return 0;
}

bool registry_secret_is_placeholder(const char *s)
{
	if (!s || *s == '\0')
		return true;
	if (strcmp(s, "<redacted>") == 0)
		return true;
	return strspn(s, "*") == strlen(s);
}

int registry_from_cjson(const struct cJSON *obj, registry *out, char *err, size_t errlen)
{
	if (!out) {
		set_err(err, errlen, "no registry to decode into");
		return -1;
	}
	registry_init(out);
	if (decode_into(obj, out, err, errlen) != 0) {
		registry_free(out);
		return -1;
	}
	return 0;
}

static int from_json(const char *json, size_t len, bool strict_members, registry *out, char *err, size_t errlen)
{
	if (!out) {
		set_err(err, errlen, "no registry to decode into");
		return -1;
	}
	registry_init(out);
	bool bad_utf8;
	size_t bad_pos = 0;
	cJSON *root = parse_strict(json, len, &bad_utf8, &bad_pos, err, errlen);
	if (!root)
		return -1;
	int rc = strict_members ? check_members(root, err, errlen) : 0;
	if (rc == 0)
		rc = registry_from_cjson(root, out, err, errlen);
	registry_cjson_free(root);
	if (rc == 0 && bad_utf8) {
		registry_free(out);
		set_err(err, errlen, "invalid JSON at byte %zu: a string is not valid UTF-8", bad_pos);
		return -1;
	}
	return rc;
}

int registry_from_json(const char *json, size_t len, registry *out, char *err, size_t errlen)
{
	return from_json(json, len, false, out, err, errlen);
}

int registry_from_input_json(const char *json, size_t len, registry *out, char *err, size_t errlen)
{
	return from_json(json, len, true, out, err, errlen);
}

int registry_list_from_json(const char *json, size_t len, registry_list *out, char *err, size_t errlen)
{
	if (!out) {
		set_err(err, errlen, "no list to decode into");
		return -1;
	}
	*out = (registry_list){ .items = NULL, .count = 0, .total = 0, .has_total = false };
	bool bad_utf8;
	size_t bad_pos = 0;
	cJSON *root = parse_strict(json, len, &bad_utf8, &bad_pos, err, errlen);
	if (!root)
		return -1;

	int rc = -1;
	const cJSON *regs, *total;
	if (!cJSON_IsObject(root)) {
		set_err(err, errlen, "the list answer must be a JSON object");
		goto done;
	}
	if (find_member(root, "registries", "registries", &regs, err, errlen) != 0)
		goto done;
	if (!regs) {
		set_err(err, errlen, "member \"registries\" is missing");
		goto done;
	}
	if (!cJSON_IsArray(regs)) {
		set_err(err, errlen, "member \"registries\" must be an array");
		goto done;
	}
	size_t n = (size_t)cJSON_GetArraySize(regs);
	if (n > 0) {
		out->items = calloc(n, sizeof *out->items);
		if (!out->items) {
			set_err(err, errlen, "out of memory");
			goto done;
		}
	}
	size_t i = 0;
	for (const cJSON *it = regs->child; it && i < n; it = it->next, i++) {
		char sub[200];
		if (!cJSON_IsObject(it)) {
			set_err(err, errlen, "registries[%zu] must be an object", i);
			goto done;
		}
		if (registry_from_cjson(it, &out->items[i], sub, sizeof sub) != 0) {
			set_err(err, errlen, "registries[%zu]: %s", i, sub);
			goto done;
		}
		out->count = i + 1;
	}
	if (find_member(root, "total", "total", &total, err, errlen) != 0)
		goto done;
	if (total) {
		if (get_count(total, "total", &out->total, err, errlen) != 0)
			goto done;
		out->has_total = true;
	} else {
		out->total = (long long)out->count;
	}
	if (bad_utf8) {
		set_err(err, errlen, "invalid JSON at byte %zu: a string is not valid UTF-8", bad_pos);
		goto done;
	}
	rc = 0;
done:
	registry_cjson_free(root);
	if (rc != 0)
		registry_list_free(out);
	return rc;
}

/* ---- encoding ---- */

/* s, or a copy with every invalid UTF-8 byte replaced by U+FFFD so that the output stays valid JSON.
 * *copy receives the allocation to release (wiped: it may be the secret). */
static const char *valid_text(const char *s, char **copy, bool *oom)
{
	*copy = NULL;
	if (!s)
		return "";
	if (utf8_valid(s))
		return s;
	size_t len = strlen(s);
	char *d = malloc(len * 3 + 1);
	if (!d) {
		*oom = true;
		return "";
	}
	const unsigned char *p = (const unsigned char *)s;
	size_t o = 0, left = len;
	while (left > 0) {
		size_t n = utf8_seq(p, left);
		if (n == 0) {
			memcpy(d + o, "\xEF\xBF\xBD", 3);
			o += 3;
			n = 1;
		} else {
			memcpy(d + o, p, n);
			o += n;
		}
		p += n;
		left -= n;
	}
	d[o] = '\0';
	*copy = d;
	return d;
}

static bool add_string(cJSON *obj, const char *key, const char *value)
{
	bool oom = false;
	char *kcopy, *vcopy;
	const char *k = valid_text(key, &kcopy, &oom);
	const char *v = valid_text(value, &vcopy, &oom);
	cJSON *item = oom ? NULL : cJSON_CreateString(v);
	bool ok = item && cJSON_AddItemToObject(obj, k, item);
	if (item && !ok)
		registry_cjson_free(item);
	free(kcopy);
	secret_free(vcopy);
	return ok;
}

static bool add_item(cJSON *obj, const char *key, cJSON *item)
{
	if (!item)
		return false;
	if (!cJSON_AddItemToObject(obj, key, item)) {
		cJSON_Delete(item);
		return false;
	}
	return true;
}

static cJSON *encode_dns_conf(const registry *r)
{
	cJSON *dns = cJSON_CreateObject();
	cJSON *hosts = dns ? cJSON_AddObjectToObject(dns, "hosts") : NULL;
	if (!hosts) {
		cJSON_Delete(dns);
		return NULL;
	}
	for (size_t i = 0; i < r->nhosts; i++) {
		if (!add_string(hosts, r->hosts[i].domain, r->hosts[i].ip)) {
			cJSON_Delete(dns);
			return NULL;
		}
	}
	return dns;
}

static const char *cred_type_or_basic(const registry *r)
{
	return (r->cred_type && *r->cred_type) ? r->cred_type : "basic";
}

static bool encode_body(cJSON *o, const registry *r, unsigned flags)
{
	registry_type t = registry_type_from_string(r->type);
	bool ok = add_string(o, "name", r->name) && add_string(o, "description", r->description) &&
	          add_string(o, "type", r->type);
	if (ok && t == REGISTRY_TYPE_SWR_PRO_INTERNAL)
		ok = add_string(o, "project_id", r->project_id) && add_string(o, "region_id", r->region_id) &&
		     add_string(o, "instance_id", r->instance_id);
	ok = ok && add_string(o, "url", r->url);
	if (ok) {
		cJSON *cred = cJSON_CreateObject();
		ok = add_item(o, "credential", cred) && add_string(cred, "type", cred_type_or_basic(r)) &&
		     add_string(cred, "access_key", r->access_key) &&
		     add_string(cred, "access_secret",
		                (flags & REGISTRY_JSON_REDACT_SECRET) ? "<redacted>" : r->access_secret);
	}
	if (ok && (t == REGISTRY_TYPE_SWR_PRO || r->nhosts > 0))
		ok = add_item(o, "dns_conf", encode_dns_conf(r));
	return ok && add_item(o, "insecure", cJSON_CreateBool(r->insecure));
}

static bool add_if_set(cJSON *o, const char *key, const char *value)
{
	return !value || add_string(o, key, value);
}

/* cJSON prints numbers of 16 digits and more through "%1.15g" and a loose round-trip check, which can
 * change the last digit of an id: such ids are written as raw JSON integers instead. */
static cJSON *id_item(long long id)
{
	if (id > -1000000000000000LL && id < 1000000000000000LL)
		return cJSON_CreateNumber((double)id);
	char digits[32];
	snprintf(digits, sizeof digits, "%lld", id);
	return cJSON_CreateRaw(digits);
}

static bool encode_full(cJSON *o, const registry *r)
{
	bool ok = !r->has_id || add_item(o, "id", id_item(r->id));
	ok = ok && add_string(o, "name", r->name) && add_string(o, "description", r->description) &&
	     add_string(o, "type", r->type) && add_if_set(o, "project_id", r->project_id) &&
	     add_if_set(o, "region_id", r->region_id) && add_if_set(o, "instance_id", r->instance_id) &&
	     add_string(o, "url", r->url);
	if (ok) {
		cJSON *cred = cJSON_CreateObject();
		ok = add_item(o, "credential", cred) && add_string(cred, "type", cred_type_or_basic(r)) &&
		     add_string(cred, "access_key", r->access_key);
	}
	if (ok && (r->has_dns_conf || r->nhosts > 0))
		ok = add_item(o, "dns_conf", encode_dns_conf(r));
	return ok && add_item(o, "insecure", cJSON_CreateBool(r->insecure)) &&
	       add_if_set(o, "status", r->status) && add_if_set(o, "created_at", r->created_at) &&
	       add_if_set(o, "updated_at", r->updated_at);
}

struct cJSON *registry_to_cjson(const registry *r, unsigned flags)
{
	if (!r)
		return NULL;
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return NULL;
	bool ok = (flags & REGISTRY_JSON_FULL) ? encode_full(o, r) : encode_body(o, r, flags);
	if (!ok) {
		registry_cjson_free(o);
		return NULL;
	}
	return o;
}

/* An upper bound of the printed size: every string byte may become a 6-byte escape, and pretty output
 * adds indentation and separators around each node. */
static size_t print_bound(const cJSON *node, size_t depth)
{
	size_t total = 0;
	for (; node; node = node->next) {
		total += 16 + 2 * depth;
		if (node->string)
			total += 6 * strlen(node->string) + 4;
		if (node->valuestring)
			total += 6 * strlen(node->valuestring) + 2;
		else if (cJSON_IsNumber(node))
			total += 64;
		total += print_bound(node->child, depth + 1);
	}
	return total;
}

char *registry_to_json(const registry *r, unsigned flags)
{
	cJSON *tree = registry_to_cjson(r, flags);
	if (!tree)
		return NULL;
	/* Printed into our own buffer so that no intermediate copy of the secret is left unwiped. */
	size_t size = print_bound(tree, 0) + 64;
	char *out = NULL;
	for (int attempt = 0; attempt < 4 && size <= INT_MAX; attempt++, size *= 2) {
		char *buf = calloc(size, 1);
		if (!buf)
			break;
		if (cJSON_PrintPreallocated(tree, buf, (int)size, (flags & REGISTRY_JSON_PRETTY) != 0)) {
			out = buf;
			break;
		}
		secret_wipe(buf, size);
		free(buf);
	}
	registry_cjson_free(tree);
	return out;
}
