/* instances.h — the SWR Enterprise Edition instances of a project (GET /v2/{project_id}/instances,
 * every page, bounded) and finding one by name. */
#ifndef SWRTUI_INSTANCES_H
#define SWRTUI_INSTANCES_H

#include <stdbool.h>
#include <stddef.h>

#include "swrtui/http/http.h"

#define SWR_INSTANCES_PAGE 100
/* A service that keeps sending full pages past this many is refused: 2,000 instances. */
#define SWR_INSTANCES_MAX_PAGES 20

typedef struct {
	char *id, *name, *status, *spec, *version, *access_address, *description; /* never NULL */
	char *json; /* the service's object, unformatted, for --json */
} swr_instance;

typedef struct {
	swr_instance *items;
	size_t count;
	size_t pages; /* requests made */
} swr_instance_list;

void swr_instance_list_free(swr_instance_list *l);

/* GET /v2/{project_id}/instances?limit=100&offset=N for the project of c (swr_client_project). 0, or -1
 * with err. */
int swr_build_instances(api_client *c, long offset, api_request *req, char *err, size_t errlen);

/* Takes one page's body into l. -1 with why when it is not a page of instances (no "instances" array, an
 * item without a string id or name, more than SWR_INSTANCES_PAGE items); else 1 when it is the last page
 * (short or empty, or "total" reached), 0 when another may follow. Pure. */
int swr_instances_take_page(swr_instance_list *l, const char *body, size_t len, char *why, size_t whylen);

/* Every page, from offset 0, until a short page or the total; more than SWR_INSTANCES_MAX_PAGES pages is
 * an error (a malformed answer). 0, or -1 with *res saying why (as an operation's failure). */
int swr_list_instances(api_client *c, api_result *res, swr_instance_list *out);

/* The instance named name (exactly). 0 with *idx; -1 when none is (why lists the names there are); -2 when
 * several are (why lists their ids). */
int swr_instance_by_name(const swr_instance_list *l, const char *name, size_t *idx, char *why, size_t whylen);

#endif
