/* fuzz_registry_json.c — libFuzzer target for the registry JSON decoder: whatever registry_from_json
 * accepts is validated, then encoded in every flag combination, and each encoding must decode again to
 * the same fields (the create/modify body keeps only what the type shows; the secret never comes back).
 * The decoder of files (registry_from_input_json) accepts a subset of what registry_from_json accepts,
 * says why it refuses in printable text, and accepts every encoding swrtui itself writes. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "swrtui/model/registry.h"
#include "swrtui/base/secret.h"

static void same_str(const char *expected, const char *got)
{
	FUZZ_ASSERT(strcmp(fuzz_str(expected), fuzz_str(got)) == 0);
}

static void same_hosts(const registry *a, const registry *b)
{
	FUZZ_ASSERT(a->nhosts == b->nhosts);
	for (size_t i = 0; i < a->nhosts; i++) {
		same_str(a->hosts[i].domain, b->hosts[i].domain);
		same_str(a->hosts[i].ip, b->hosts[i].ip);
	}
}

/* What a decoding of registry_to_json(r, flags) must hold. */
static void check_round_trip(const registry *r, const registry *back, unsigned flags)
{
	bool full = (flags & REGISTRY_JSON_FULL) != 0;
	bool internal = registry_type_from_string(r->type) == REGISTRY_TYPE_SWR_PRO_INTERNAL;
	same_str(r->name, back->name);
	same_str(r->description, back->description);
	same_str(r->type, back->type);
	same_str(r->url, back->url);
	same_str(r->access_key, back->access_key);
	same_str(r->cred_type && *r->cred_type ? r->cred_type : "basic", back->cred_type);
	FUZZ_ASSERT(back->has_insecure && back->insecure == r->insecure);
	if (full || internal) {
		same_str(r->project_id, back->project_id);
		same_str(r->region_id, back->region_id);
		same_str(r->instance_id, back->instance_id);
	} else {
		FUZZ_ASSERT(!back->project_id && !back->region_id && !back->instance_id);
	}
	if (full) {
		FUZZ_ASSERT(back->has_id == r->has_id && (!r->has_id || back->id == r->id));
		same_str(r->status, back->status);
		same_str(r->created_at, back->created_at);
		same_str(r->updated_at, back->updated_at);
		FUZZ_ASSERT(!back->access_secret); /* the display form holds no secret at all */
	} else {
		FUZZ_ASSERT(!back->has_id && !back->status && !back->created_at && !back->updated_at);
		if (flags & REGISTRY_JSON_REDACT_SECRET)
			FUZZ_ASSERT(!back->access_secret);
		else
			same_str(r->access_secret, back->access_secret);
	}
	bool dns = full ? (r->has_dns_conf || r->nhosts > 0)
	                : (registry_type_from_string(r->type) == REGISTRY_TYPE_SWR_PRO || r->nhosts > 0);
	FUZZ_ASSERT(back->has_dns_conf == dns);
	same_hosts(r, back);
}

/* The strict decoder of files against the lenient one: never more accepting, a printable reason. */
static void check_input_decoder(const uint8_t *data, size_t size)
{
	char err[256] = "";
	registry strict, lenient;
	int rs = registry_from_input_json((const char *)data, size, &strict, err, sizeof err);
	if (rs != 0) {
		FUZZ_ASSERT(err[0] != '\0' && fuzz_printable_utf8(err, strlen(err), false));
		FUZZ_ASSERT(!strict.name && !strict.hosts && !strict.access_secret);
	}
	int rl = registry_from_json((const char *)data, size, &lenient, err, sizeof err);
	FUZZ_ASSERT(rs != 0 || rl == 0);
	if (rs == 0) {
		same_str(strict.name, lenient.name);
		same_str(strict.description, lenient.description);
		same_str(strict.access_secret, lenient.access_secret);
		registry_free(&strict);
	}
	if (rl == 0) {
		(void)registry_check_answer(&lenient, err, sizeof err);
		registry_free(&lenient);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[256];
	registry r;
	check_input_decoder(data, size);
	if (registry_from_json((const char *)data, size, &r, err, sizeof err) != 0) {
		FUZZ_ASSERT(err[0] != '\0');
		FUZZ_ASSERT(!r.name && !r.hosts && r.nhosts == 0 && !r.access_secret);
		return 0;
	}
	FUZZ_ASSERT(!r.access_secret || !registry_secret_is_placeholder(r.access_secret));

	registry_problems p = {0};
	size_t errors = registry_validate(&r, &p);
	size_t counted = 0;
	for (size_t i = 0; i < p.count; i++) {
		FUZZ_ASSERT(p.items[i].field && p.items[i].message && p.items[i].message[0]);
		/* messages quote the values they refuse: still printable text */
		FUZZ_ASSERT(fuzz_printable_utf8(p.items[i].message, strlen(p.items[i].message), false));
		if (p.items[i].level == REGISTRY_PROBLEM_ERROR)
			counted++;
	}
	FUZZ_ASSERT(counted == errors);
	registry_problems_free(&p);

	registry copy;
	FUZZ_ASSERT(registry_copy(&copy, &r) == 0);
	for (unsigned flags = 0; flags < 8; flags++) {
		char *json = registry_to_json(&copy, flags);
		FUZZ_ASSERT(json != NULL);
		registry back;
		if (registry_from_json(json, strlen(json), &back, err, sizeof err) != 0) {
			fprintf(stderr, "flags %u: %s\n%s\n", flags, err, json);
			FUZZ_ASSERT(!"registry_to_json gave JSON that registry_from_json refuses");
		}
		check_round_trip(&r, &back, flags);
		registry_free(&back);
		/* what swrtui writes (show --json, --dry-run bodies) is a file it accepts */
		if (registry_from_input_json(json, strlen(json), &back, err, sizeof err) != 0) {
			fprintf(stderr, "flags %u: %s\n%s\n", flags, err, json);
			FUZZ_ASSERT(!"registry_to_json gave JSON that registry_from_input_json refuses");
		}
		registry_free(&back);
		secret_free(json);
	}
	registry_free(&copy);
	registry_free(&r);
	return 0;
}
