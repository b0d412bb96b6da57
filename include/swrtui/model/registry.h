/* registry.h — the replication target registry: its struct, strict JSON encode/decode (cJSON) and
 * validation that reports every problem as (field, message). Pure logic: no I/O, no printing.
 * Secrets (credential.access_secret) are wiped when the struct is freed. */
#ifndef SWRTUI_REGISTRY_H
#define SWRTUI_REGISTRY_H

#include <stdbool.h>
#include <stddef.h>

struct cJSON;

typedef enum {
	REGISTRY_TYPE_UNKNOWN = 0,
	REGISTRY_TYPE_SWR_PRO,          /* "swr-pro": open-source Harbor */
	REGISTRY_TYPE_SWR_PRO_INTERNAL, /* "swr-pro-internal": SWR Enterprise Edition */
	REGISTRY_TYPE_HUAWEI_SWR        /* "huawei-SWR": SWR Basic Edition */
} registry_type;

#define REGISTRY_NAME_MAX_CHARS 64

/* One DNS hosts entry: domain -> IPv4/IPv6 address. Order is kept as given. */
typedef struct {
	char *domain;
	char *ip;
} registry_host;

/* All strings are NULL (absent) or heap-allocated UTF-8; NULL reads as "". */
typedef struct registry {
	long long id;      /* valid when has_id */
	bool has_id;
	char *name;
	char *description;
	char *type;        /* kept verbatim so that an unknown type survives decoding and fails validation */
	char *project_id;  /* swr-pro-internal only */
	char *region_id;   /* swr-pro-internal only */
	char *instance_id; /* swr-pro-internal only: the *target* instance */
	char *url;
	char *cred_type;   /* "basic" */
	char *access_key;
	char *access_secret; /* secret: wiped on free; never returned by the service */
	registry_host *hosts;
	size_t nhosts;
	bool has_dns_conf; /* the decoded JSON carried dns_conf */
	bool insecure;
	bool has_insecure; /* the decoded JSON carried insecure */
	/* read-only, as returned by the service */
	char *status;      /* healthy | unhealthy */
	char *created_at;
	char *updated_at;
} registry;

void registry_init(registry *r);
/* Frees every member (wiping access_secret) and re-initialises the struct. */
void registry_free(registry *r);
/* Deep copy; returns 0, or -1 on allocation failure (dst is then initialised and empty). */
int registry_copy(registry *dst, const registry *src);
/* Replace *field with a copy of value (NULL allowed). Old value is wiped if it was the secret. Returns 0/-1. */
int registry_set(char **field, const char *value);
/* Append a DNS hosts entry (copies). Returns 0/-1. */
int registry_add_host(registry *r, const char *domain, const char *ip);
void registry_remove_host(registry *r, size_t index);

registry_type registry_type_from_string(const char *s); /* exact, case-sensitive; NULL -> UNKNOWN */
const char *registry_type_name(registry_type t);        /* "swr-pro" ...; UNKNOWN -> "" */
/* What the type is, for people: "open-source Harbor", "SWR Enterprise Edition", "SWR Basic Edition";
 * UNKNOWN -> "". The one home of these labels: screens and commands call it. */
const char *registry_type_label(registry_type t);
/* Every type for a message, in out: "swr-pro, swr-pro-internal or huawei-SWR", or with_labels
 * "swr-pro (open-source Harbor), ... or huawei-SWR (SWR Basic Edition)". Returns out. */
const char *registry_type_choices(char *out, size_t outlen, bool with_labels);

/* A registry ID as the command line writes it: decimal digits only (no sign, no leading space, no
 * trailing characters), 0 to 2147483647 (leading zeros allowed). 0 with *out set, or -1 (*out untouched). */
#define REGISTRY_ID_MAX 2147483647LL
int registry_parse_id(const char *s, long long *out);

/* ---- JSON ---- */

/* Strict decode of one Registry object (list item or show body). Unknown members are ignored; a known
 * member of the wrong JSON type is an error. On error returns -1, leaves *out empty and writes a
 * message such as "member \"insecure\" must be a boolean" to err. A masked secret ("*****" and the like)
 * is treated as absent: see registry_secret_is_placeholder(). */
int registry_from_json(const char *json, size_t len, registry *out, char *err, size_t errlen);
int registry_from_cjson(const struct cJSON *obj, registry *out, char *err, size_t errlen);
/* The same for a registry that a person wrote (the FILE of apply and create): every member must be one
 * a registry has, at every level (dns_conf.hosts holds any domain). The members that show --json prints
 * and the service ignores on input (id, status, created_at, updated_at) are accepted, so that its output
 * can be edited and applied. An unknown member is refused, named with the nearest known one:
 * "unknown member \"descripton\": did you mean \"description\"?" (a typo would otherwise send the
 * field empty and wipe it). */
int registry_from_input_json(const char *json, size_t len, registry *out, char *err, size_t errlen);

/* True when s is empty or looks like a masked placeholder (only '*' characters, or "<redacted>"). */
bool registry_secret_is_placeholder(const char *s);

enum {
	/* The create/modify request body (default): only the fields the type shows; dns_conf always
	 * present for swr-pro (an empty hosts map when none); insecure always present. */
	REGISTRY_JSON_BODY = 0,
	/* Everything the service gave (id, status, timestamps, all fields) for display; no secret at all. */
	REGISTRY_JSON_FULL = 1u << 0,
	/* With BODY: access_secret written as "<redacted>" (for --dry-run output). */
	REGISTRY_JSON_REDACT_SECRET = 1u << 1,
	REGISTRY_JSON_PRETTY = 1u << 2
};
/* Encode to strict JSON (always valid JSON). Returns malloc'd text or NULL on allocation failure.
 * The caller frees the result; when it may contain the secret, wipe it first (secret_free()). */
char *registry_to_json(const registry *r, unsigned flags);
struct cJSON *registry_to_cjson(const registry *r, unsigned flags);
/* cJSON_Delete() after wiping every string value of the tree (use it for trees that may hold the
 * secret, such as those of registry_to_cjson()). NULL is allowed. */
void registry_cjson_free(struct cJSON *tree);

/* ---- validation ---- */

/* A registry as the service describes it (show, a list item) must carry what every registry has: an
 * id, a name, a type and a url (name, type and url not empty); `{}` is a malformed answer, not a registry
 * with id 0. 0, or -1 with "the registry has no id (...)" in err. */
int registry_check_answer(const registry *r, char *err, size_t errlen);

typedef enum { REGISTRY_PROBLEM_ERROR = 0, REGISTRY_PROBLEM_WARNING } registry_problem_level;

typedef struct {
	registry_problem_level level;
	const char *field; /* JSON name: "name", "type", "project_id", "url", "credential.access_key",
	                      "credential.access_secret", "credential.type", "dns_conf.hosts", "insecure" ... */
	int host_index;    /* for dns_conf.hosts: index of the entry; otherwise -1 */
	char *message;     /* human sentence, e.g. "name must be 1 to 64 characters" */
} registry_problem;

typedef struct {
	registry_problem *items;
	size_t count;
} registry_problems;

/* Validate r by the rules of a registry (validate.c says which). Appends every problem (errors and warnings) to *out (which must
 * be zero-initialised or previously used) and returns the number of ERRORS. Fields hidden by the type
 * are not validated. */
size_t registry_validate(const registry *r, registry_problems *out);
/* Only the rules of one field (its JSON name: "name", "url", "credential.access_secret", "insecure" for
 * the swr-pro-internal warning, ...), as registry_validate applies them: appends its problems to *out,
 * returns its errors. An unknown field has none. */
size_t registry_validate_field(const registry *r, const char *field, registry_problems *out);
/* Only the dns_conf.hosts rules (as registry_validate applies them): appends to *out, returns the errors. */
size_t registry_validate_hosts(const registry *r, registry_problems *out);
void registry_problems_free(registry_problems *p);
/* The first problem (error or warning) for a field, or NULL. */
const registry_problem *registry_problems_find(const registry_problems *p, const char *field);

/* Field-level checks, shared with the form model. */
bool registry_name_valid(const char *name, char *why, size_t whylen);
bool registry_url_valid(const char *url, char *why, size_t whylen);
bool registry_domain_valid(const char *domain);
bool registry_ip_valid(const char *ip);
/* Number of Unicode code points in a UTF-8 string, or -1 when it is not valid UTF-8. */
long registry_utf8_chars(const char *s);

/* A page of registries from the list call. */
typedef struct {
	registry *items;
	size_t count;
	long long total; /* the answer's total, or count when it said none */
	bool has_total;  /* the answer said a total */
} registry_list;

void registry_list_free(registry_list *l);
/* Decode {"registries":[...], "total": N}. Strict as registry_from_json. */
int registry_list_from_json(const char *json, size_t len, registry_list *out, char *err, size_t errlen);

#endif
