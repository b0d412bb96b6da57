/* bulk.h — changes to many registries, one request at a time over the client's one connection:
 * credential rotation (GET, replace the credential, PUT the rest as the service gave it), the plan of
 * an import (which registries of a file are created, updated, unchanged or deleted, by name), the
 * export document, and the secrets file of an import. No printing. */
#ifndef SWRTUI_BULK_H
#define SWRTUI_BULK_H

#include <stdbool.h>
#include <stddef.h>

#include "swrtui/http/http.h"
#include "swrtui/model/registry.h"

struct cJSON;

/* ---- selection ---- */

typedef struct {
	long long id;
	char *name; /* NULL when not known yet (a registry given by its ID) */
} bulk_target;

typedef struct {
	bulk_target *items;
	size_t count;
} bulk_targets;

void bulk_targets_free(bulk_targets *t);
/* Appends (id, name) to t. 0, or -1 when out of memory. */
int bulk_targets_add(bulk_targets *t, long long id, const char *name);
/* Every registry of the instance (all pages) whose access key is key, exactly, in list order. 0, or -1
 * with *res saying why (as api_list_all_registries). */
int bulk_select_by_access_key(api_client *c, const char *key, bulk_targets *out, api_result *res);

/* ---- rotation ---- */

typedef enum { BULK_STEP_GET = 0, BULK_STEP_PUT } bulk_step;

/* Rotates the credential of registry id: GET it, set access_secret to secret (and access_key to
 * new_key unless NULL), PUT the registry the GET gave with only that changed. got receives the
 * registry as the GET gave it (name for the report; the caller frees it). 0, or -1 with *res and *step
 * saying which request failed and why. */
int bulk_rotate_one(api_client *c, long long id, const char *new_key, const char *secret, registry *got,
                    api_result *res, bulk_step *step);

/* A failed request in one printable line: "HTTP 500 SVCSTG.SWR.5000011: Internal server error",
 * "timeout: ...", "malformed answer: ...". Malloc'd; NULL when out of memory. */
char *bulk_failure_line(const api_result *res);

/* ---- export ---- */

/* One registry as the export writes it: the request body (the fields its type shows) plus "id", and
 * no access_secret at all. NULL when out of memory. */
struct cJSON *bulk_export_item(const registry *r);
/* The request body of r as it would be sent, with no secret in it (the credential without its
 * access_secret value). NULL when out of memory. */
struct cJSON *bulk_body_without_secret(const registry *r);

/* ---- import ---- */

typedef enum { BULK_CREATE = 0, BULK_UPDATE, BULK_UNCHANGED, BULK_DELETE } bulk_action;

typedef struct {
	bulk_action action;
	const registry *want; /* the file's registry (create, update, unchanged); NULL for delete */
	long long id;         /* the instance's registry (update, unchanged, delete); -1 for create */
	const char *name;
	char changed[256];    /* update: the changed fields, "url, credential.access_key" */
} bulk_plan_item;

typedef struct {
	bulk_plan_item *items;
	size_t count;
	size_t creates, updates, unchanged, deletes;
} bulk_plan;

/* The fields that differ between want (a file's registry) and have (the instance's), as the request
 * body of each writes them (the fields the type shows; the secret never counts), comma-separated in
 * out. Returns how many differ, or -1 when out of memory. */
int bulk_registry_diff(const registry *want, const registry *have, char *out, size_t outlen);

/* Makes the plan that turns the instance (have) into the file (want), matching registries by name:
 * want's ones first in their order (create, update or unchanged), then, with prune, a delete for every
 * registry of the instance that the file does not name. A name given twice in the file, or held by two
 * registries of the instance, is an error (-1, err names it). 0 or -1. plan borrows want and have. */
int bulk_plan_build(const registry *want, size_t nwant, const registry *have, size_t nhave, bool prune,
                    bulk_plan *plan, char *err, size_t errlen);
void bulk_plan_free(bulk_plan *plan);
const char *bulk_action_mark(bulk_action a); /* "+", "~", "=", "-" */
const char *bulk_action_name(bulk_action a); /* "create", "update", "unchanged", "delete" */

/* The registries of an export document (a JSON array of registries), each decoded as apply decodes
 * its FILE (registry_from_input_json: an unknown member is refused). 0, or -1 with err naming the item
 * ("registry 3: unknown member ..."). *out is an array of *n registries; free with bulk_registries_free. */
int bulk_import_parse(const char *json, size_t len, registry **out, size_t *n, char *err, size_t errlen);
void bulk_registries_free(registry *r, size_t n);

/* The secrets of an import: name -> secret. */
typedef struct {
	char **names;
	char **secrets; /* wiped when freed */
	size_t count;
} bulk_secrets;

/* Decodes a secrets file: a JSON object of name -> secret string, or lines "name = secret" (blank lines
 * and lines starting with '#' skipped; spaces around name and secret trimmed). A name given twice or
 * an empty name or secret is an error. A message never quotes a secret (a line is named by its number).
 * 0, or -1 with err. */
int bulk_secrets_parse(const char *text, size_t len, bulk_secrets *out, char *err, size_t errlen);
/* The secret of name, or NULL. */
const char *bulk_secrets_find(const bulk_secrets *s, const char *name);
void bulk_secrets_free(bulk_secrets *s);

#endif
