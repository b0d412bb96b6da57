/* fuzz_replication.c — libFuzzer target for the decoders of the replication answers: the same bytes as a
 * policy list and as a list of runs. A refusal says why and leaves the list empty; an accepted list has
 * no more items than the array, every string present (possibly empty), ids and counts either -1 or
 * non-negative, a total that is never negative; and every status maps to one of the known kinds. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "swrtui/swr/replication.h"

static void check_count(long long v)
{
	FUZZ_ASSERT(v >= -1);
}

static void check_policies(const char *body, size_t len)
{
	repl_policy_list l;
	char err[128] = "";
	if (repl_policies_from_json(body, len, &l, err, sizeof err) != 0) {
		FUZZ_ASSERT(err[0] != '\0' && l.count == 0 && l.items == NULL);
		return;
	}
	FUZZ_ASSERT(l.total >= 0 && l.count <= len);
	for (size_t i = 0; i < l.count; i++) {
		const repl_policy *p = &l.items[i];
		FUZZ_ASSERT(p->name && p->description && p->dest_namespace && p->trigger_type && p->cron &&
		            p->created_at && p->updated_at);
		check_count(p->id);
		check_count(p->src_registry);
		check_count(p->dest_registry);
	}
	repl_policy_list_free(&l);
}

static void check_executions(const char *body, size_t len)
{
	repl_execution_list l;
	char err[128] = "";
	if (repl_executions_from_json(body, len, &l, err, sizeof err) != 0) {
		FUZZ_ASSERT(err[0] != '\0' && l.count == 0 && l.items == NULL);
		return;
	}
	FUZZ_ASSERT(l.total >= 0 && l.count <= len);
	for (size_t i = 0; i < l.count; i++) {
		const repl_execution *e = &l.items[i];
		FUZZ_ASSERT(e->status && e->status_text && e->trigger && e->created_at && e->updated_at);
		long long counts[] = {e->id, e->policy_id, e->total, e->succeed, e->failed, e->in_progress, e->stopped};
		for (size_t k = 0; k < sizeof counts / sizeof counts[0]; k++)
			check_count(counts[k]);
		repl_status st = repl_status_of(e->status);
		FUZZ_ASSERT(st >= REPL_UNKNOWN && st <= REPL_STOPPED);
	}
	repl_execution_list_free(&l);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_policies((const char *)data, size);
	check_executions((const char *)data, size);
	return 0;
}
