/* project.h — the IAM project of a region, for a user who configured no project ID: from a token's own
 * body (an IAM login scoped to the region names it), from GET /v3/auth/projects with a token, or from
 * GET /v3/projects?name=<region> with AK/SK. Nothing here prints. */
#ifndef SWRTUI_PROJECT_H
#define SWRTUI_PROJECT_H

#include <stddef.h>

#include "swrtui/http/http.h"

#define IAM_AUTH_PROJECTS_PATH "/v3/auth/projects"
#define IAM_PROJECTS_PATH "/v3/projects"

typedef enum {
	IAM_PROJECT_AUTH_PROJECTS = 0, /* GET /v3/auth/projects (a token) */
	IAM_PROJECT_BY_NAME,           /* GET /v3/projects?name=<region> (AK/SK, or a token) */
} iam_project_way;

/* How a way is said in messages: "GET /v3/auth/projects with the token". */
const char *iam_project_way_name(iam_project_way way);

/* The project named exactly region among the "projects" of an IAM answer (sub-projects are named
 * "<region>_<suffix>" and never match). Malloc'd id, or NULL with why: not JSON, no such project (the
 * names that are there are listed, made printable). Pure. */
char *iam_project_pick(const char *body, size_t len, const char *region, char *why, size_t whylen);

/* Asks IAM at endpoint for the projects (by way) through client c, authenticated with c's credential,
 * and picks region's. 0 with *project_id (malloc'd), or -1 with *res saying why: a transport failure,
 * a refusal (res->error), or (transport OK, 2xx) res->transport_msg saying what was wrong with the
 * answer. res is always filled and must be freed. */
int iam_find_project(api_client *c, const char *endpoint, const char *region, iam_project_way way,
                     api_result *res, char **project_id);

#endif
