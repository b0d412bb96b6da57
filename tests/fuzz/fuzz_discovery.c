/* fuzz_discovery.c — libFuzzer target for what discovery reads from outside: the same bytes as a page of
 * instances (then a name looked up in it), as IAM's projects (the region's picked), and as a token file
 * (its token line and info lines). A refused page says why and keeps the list as it was; an accepted one
 * has every string present and no more items than 100 a page; a name lookup finds exactly the instance of
 * that name or says why in printable text; a picked project is the id of a project named exactly after
 * the region; a token file keeps the token on its first line (no line break) or refuses without quoting
 * the line; an IAM time that parses is one that token_expired agrees with. */
#define _DEFAULT_SOURCE
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "swrtui/auth/project.h"
#include "swrtui/auth/tokenfile.h"
#include "swrtui/swr/instances.h"

static void check_instances(const char *body, size_t len)
{
	swr_instance_list l = {0};
	char why[1024] = "";
	int rc = swr_instances_take_page(&l, body, len, why, sizeof why);
	if (rc < 0) {
		FUZZ_ASSERT(why[0] != '\0' && l.count == 0);
		swr_instance_list_free(&l);
		return;
	}
	FUZZ_ASSERT(l.count <= SWR_INSTANCES_PAGE && (rc == 1 || l.count == SWR_INSTANCES_PAGE));
	for (size_t i = 0; i < l.count; i++) {
		const swr_instance *in = &l.items[i];
		FUZZ_ASSERT(in->id && *in->id && in->name && in->status && in->spec && in->version && in->access_address &&
		            in->description && in->json);
	}
	if (l.count > 0) {
		size_t idx = l.count;
		int found = swr_instance_by_name(&l, l.items[0].name, &idx, why, sizeof why);
		FUZZ_ASSERT(found == 0 || found == -2);
		if (found == 0)
			FUZZ_ASSERT(idx == 0);
		else
			FUZZ_ASSERT(fuzz_printable_utf8(why, strlen(why), false));
	}
	swr_instance_list_free(&l);
}

static void check_projects(const char *body, size_t len)
{
	char why[1024] = "";
	char *id = iam_project_pick(body, len, "cn-north-4", why, sizeof why);
	if (!id)
		FUZZ_ASSERT(why[0] != '\0' && fuzz_printable_utf8(why, strlen(why), false));
	else
		FUZZ_ASSERT(*id != '\0');
	free(id);
}

static void check_token_file(const char *data, size_t len)
{
	char *text = strndup(data, len);
	if (!text)
		return;
	token_file_info info;
	char err[200] = "";
	if (token_file_parse(text, &info, err, sizeof err) != 0) {
		FUZZ_ASSERT(err[0] != '\0' && !info.expires_at && !info.project_id);
	} else {
		FUZZ_ASSERT(!strchr(text, '\n'));
		if (info.expires_at && token_time_parse(info.expires_at) >= 0)
			FUZZ_ASSERT(token_expired(info.expires_at, (time_t)token_time_parse(info.expires_at)));
	}
	token_file_info_free(&info);
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_instances((const char *)data, size);
	check_projects((const char *)data, size);
	check_token_file((const char *)data, size);
	return 0;
}
