/* session.c — settings to a ready request client; see session.h. */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "swrtui/auth/endpoint.h"
#include "swrtui/auth/iam.h"
#include "swrtui/auth/project.h"
#include "swrtui/base/buf.h"
#include "swrtui/config/session.h"
#include "swrtui/swr/instances.h"
#include "swrtui/swr/swr.h"

int session_open(session *ss, settings *s, const char *profile, bool need_client, char *err, size_t errlen)
{
	return session_open_ex(ss, s, profile, need_client, false, err, errlen);
}

int session_prepare(session *ss, settings *s, const char *profile, bool need_client, bool allow_no_credential,
                    char *err, size_t errlen)
{
	return session_prepare_scope(ss, s, profile, need_client, allow_no_credential, SESSION_FOR_INSTANCE, err,
	                             errlen);
}

/* The project and instance IDs that are configured are valid; a missing instance is an error only for
 * SESSION_FOR_INSTANCE without --instance NAME (a missing project is found later). 0, or -1 with err. */
static int check_target(const settings *s, session_scope scope, char *err, size_t errlen)
{
	if (scope == SESSION_FOR_INSTANCE && !s->v[SETTING_INSTANCE_ID].value && !s->v[SETTING_INSTANCE_NAME].value) {
		snprintf(err, errlen,
		         "no instance: use --instance-id ID or --instance NAME (or %s, %s, or a profile); "
		         "\"swrtui instances\" lists them",
		         settings_key_env(SETTING_INSTANCE_ID), settings_key_env(SETTING_INSTANCE_NAME));
		return -1;
	}
	for (int k = SETTING_PROJECT_ID; k <= SETTING_INSTANCE_ID; k++) {
		char why[160];
		if (s->v[k].value &&
		    !swr_id_valid(s->v[k].value, k == SETTING_PROJECT_ID ? "a project" : "an instance", why, sizeof why)) {
			snprintf(err, errlen, "%s: %s", s->v[k].origin ? s->v[k].origin : settings_key_env((setting_key)k), why);
			return -1;
		}
	}
	return 0;
}

int session_prepare_scope(session *ss, settings *s, const char *profile, bool need_client,
                          bool allow_no_credential, session_scope scope, char *err, size_t errlen)
{
	memset(ss, 0, sizeof *ss);
	if (settings_resolve(s, profile, err, errlen) != 0)
		return -1;
	ss->endpoint = settings_endpoint(s, err, errlen);
	if (!ss->endpoint)
		return -1;
	if (!need_client)
		return 0;
	if (settings_load_auth(s, &ss->auth, err, errlen) != 0)
		return -1;
	if (ss->auth.kind == API_AUTH_NONE && !allow_no_credential) {
		snprintf(err, errlen, "no credential: set SWRTUI_TOKEN or use --token-file FILE, or set CLOUD_SDK_AK "
		                      "and CLOUD_SDK_SK, or use --credentials-file FILE");
		return -1;
	}
	if (check_target(s, scope, err, errlen) != 0)
		return -1;
	const char *cacert = s->v[SETTING_CACERT].value;
	if (cacert && access(cacert, R_OK) != 0) {
		snprintf(err, errlen, "--cacert %s: %s", cacert, strerror(errno));
		return -1;
	}
	return 0;
}

int session_start_client(session *ss, const settings *s, char *err, size_t errlen)
{
	long total = settings_timeout_ms(s);
	api_config cfg = {
		.endpoint = ss->endpoint,
		.cacert = s->v[SETTING_CACERT].value,
		.connect_timeout_ms = total < 10000 ? total : 10000,
		.timeout_ms = total,
		.authenticator = api_auth_authenticator(&ss->auth),
		.max_attempts = settings_max_attempts(s),
	};
	ss->client = swr_client_new(&cfg, s->v[SETTING_PROJECT_ID].value, s->v[SETTING_INSTANCE_ID].value, err, errlen);
	return ss->client ? 0 : -1;
}

int session_open_ex(session *ss, settings *s, const char *profile, bool need_client, bool allow_no_credential,
                    char *err, size_t errlen)
{
	if (session_prepare(ss, s, profile, need_client, allow_no_credential, err, errlen) != 0)
		return -1;
	return need_client ? session_start_client(ss, s, err, errlen) : 0;
}

void session_close(session *ss)
{
	api_client_free(ss->client);
	api_auth_free(&ss->auth);
	free(ss->endpoint);
	memset(ss, 0, sizeof *ss);
}

int session_open_auth(session *ss, settings *s, const char *profile, char *err, size_t errlen)
{
	memset(ss, 0, sizeof *ss);
	if (settings_resolve(s, profile, err, errlen) != 0)
		return -1;
	return settings_load_auth(s, &ss->auth, err, errlen);
}

int session_connect(session *ss, const settings *s, const char *endpoint, char *err, size_t errlen)
{
	const char *cacert = s->v[SETTING_CACERT].value;
	if (cacert && access(cacert, R_OK) != 0) {
		snprintf(err, errlen, "--cacert %s: %s", cacert, strerror(errno));
		return -1;
	}
	free(ss->endpoint);
	size_t n = strlen(endpoint) + 1;
	ss->endpoint = malloc(n);
	if (ss->endpoint)
		memcpy(ss->endpoint, endpoint, n);
	else {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	long total = settings_timeout_ms(s);
	api_config cfg = {
		.endpoint = ss->endpoint,
		.cacert = cacert,
		.connect_timeout_ms = total < 10000 ? total : 10000,
		.timeout_ms = total,
		.authenticator = api_auth_authenticator(&ss->auth),
		.max_attempts = settings_max_attempts(s),
	};
	api_client_free(ss->client);
	ss->client = api_client_new(&cfg, err, errlen);
	return ss->client ? 0 : -1;
}

/* ---- what can be found rather than configured ---- */

char *session_region(const session *ss, const settings *s)
{
	if (s->v[SETTING_REGION].value)
		return strdup(s->v[SETTING_REGION].value);
	static const char prefix[] = "https://swr-api.";
	const char *ep = ss->endpoint;
	if (!ep || strncmp(ep, prefix, sizeof prefix - 1) != 0)
		return NULL;
	const char *r = ep + sizeof prefix - 1, *dot = strchr(r, '.');
	return dot && dot > r ? strndup(r, (size_t)(dot - r)) : NULL;
}

/* Keeps a found value in s (source DEFAULT: anything configured wins) and in the client's target. */
static int keep_found(session *ss, settings *s, setting_key k, const char *value, const char *origin, char *err,
                      size_t errlen)
{
	char why[160];
	if (!swr_id_valid(value, k == SETTING_PROJECT_ID ? "a project" : "an instance", why, sizeof why)) {
		snprintf(err, errlen, "%s gave an unusable ID: %s", origin, why);
		return SESSION_COMPLETE_USAGE;
	}
	if (settings_set(s, k, value, SETTING_DEFAULT, origin) != 0 ||
	    (ss->client && swr_client_set_target(ss->client, s->v[SETTING_PROJECT_ID].value,
	                                         s->v[SETTING_INSTANCE_ID].value) != 0)) {
		snprintf(err, errlen, "out of memory");
		return SESSION_COMPLETE_USAGE;
	}
	return SESSION_COMPLETE_OK;
}

/* Asks IAM for the project of region. */
static int project_from_iam(session *ss, settings *s, const char *region, api_result *res, char *err,
                            size_t errlen)
{
	iam_project_way way = ss->auth.kind == API_AUTH_TOKEN ? IAM_PROJECT_AUTH_PROJECTS : IAM_PROJECT_BY_NAME;
	char *iam = iam_endpoint(s->v[SETTING_IAM_ENDPOINT].value, region, err, errlen);
	if (!iam)
		return SESSION_COMPLETE_USAGE;
	char *id = NULL;
	int rc = iam_find_project(ss->client, iam, region, way, res, &id);
	char origin[300];
	snprintf(origin, sizeof origin, "found for region %.64s (%s at %.100s)", region, iam_project_way_name(way), iam);
	if (rc != 0) {
		snprintf(err, errlen,
		         "no project ID is configured, and finding the one of region %.64s failed (%s at %.100s): "
		         "use --project-id ID (IAM console, My Credentials, Projects)",
		         region, iam_project_way_name(way), iam);
		free(iam);
		return SESSION_COMPLETE_FAILED;
	}
	free(iam);
	api_result_free(res); /* the answer is read: a success leaves nothing for the caller to free */
	rc = keep_found(ss, s, SETTING_PROJECT_ID, id, origin, err, errlen);
	free(id);
	return rc;
}

int session_find_project(session *ss, settings *s, api_result *res, char *err, size_t errlen)
{
	memset(res, 0, sizeof *res);
	if (s->v[SETTING_PROJECT_ID].value)
		return SESSION_COMPLETE_OK;
	if (ss->auth.kind == API_AUTH_TOKEN && ss->auth.project_id)
		return keep_found(ss, s, SETTING_PROJECT_ID, ss->auth.project_id, "the token's own project (its scope)", err,
		                  errlen);
	if (ss->auth.kind == API_AUTH_NONE) {
		snprintf(err, errlen, "no project ID: use --project-id ID, or configure a credential to find it with");
		return SESSION_COMPLETE_USAGE;
	}
	char *region = session_region(ss, s);
	if (!region) {
		snprintf(err, errlen,
		         "no project ID, and no region to find it from: use --project-id ID, or --region REGION "
		         "(the project is then found through IAM)");
		return SESSION_COMPLETE_USAGE;
	}
	int rc = project_from_iam(ss, s, region, res, err, errlen);
	free(region);
	return rc;
}

/* The instance ID of --instance NAME. */
static int instance_by_name(session *ss, settings *s, api_result *res, char *err, size_t errlen)
{
	const setting *name = &s->v[SETTING_INSTANCE_NAME];
	if (s->v[SETTING_INSTANCE_ID].value || !name->value)
		return SESSION_COMPLETE_OK;
	swr_instance_list l;
	if (swr_list_instances(ss->client, res, &l) != 0) {
		snprintf(err, errlen, "%s %.64s: the instances could not be listed", name->origin, name->value);
		return SESSION_COMPLETE_FAILED;
	}
	api_result_free(res);
	size_t idx = 0;
	char why[800];
	int rc = SESSION_COMPLETE_USAGE;
	if (swr_instance_by_name(&l, name->value, &idx, why, sizeof why) != 0) {
		snprintf(err, errlen, "%s: %s", name->origin, why);
	} else {
		char origin[160];
		snprintf(origin, sizeof origin, "%s %.64s", name->origin, name->value);
		rc = keep_found(ss, s, SETTING_INSTANCE_ID, l.items[idx].id, origin, err, errlen);
	}
	swr_instance_list_free(&l);
	return rc;
}

int session_complete(session *ss, settings *s, session_scope scope, api_result *res, char *err, size_t errlen)
{
	int rc = session_find_project(ss, s, res, err, errlen);
	if (rc != SESSION_COMPLETE_OK || scope != SESSION_FOR_INSTANCE)
		return rc;
	return instance_by_name(ss, s, res, err, errlen);
}

/* Forgets a setting (a value found for another region). */
static void setting_forget(settings *s, setting_key k)
{
	free(s->v[k].value);
	free(s->v[k].origin);
	memset(&s->v[k], 0, sizeof s->v[k]);
}

int session_switch_region(session *ss, settings *s, const char *region, char *err, size_t errlen)
{
	if (!cloud_region_plausible(region)) {
		snprintf(err, errlen, "\"%.64s\" is not a region id (such as cn-north-4)", region);
		return -1;
	}
	const setting *e = &s->v[SETTING_ENDPOINT];
	setting_forget(s, SETTING_REGION);
	if (settings_set(s, SETTING_REGION, region, e->value ? e->source : SETTING_FLAG, "the region chosen") != 0) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	setting_forget(s, SETTING_PROJECT_ID);
	setting_forget(s, SETTING_INSTANCE_ID);
	setting_forget(s, SETTING_INSTANCE_NAME);
	char *endpoint = settings_endpoint(s, err, errlen);
	if (!endpoint)
		return -1;
	if (ss->endpoint && strcmp(endpoint, ss->endpoint) == 0) {
		free(endpoint);
		return swr_client_set_target(ss->client, NULL, NULL) == 0 ? 0 : -1;
	}
	free(ss->endpoint);
	ss->endpoint = endpoint;
	api_client_free(ss->client);
	ss->client = NULL;
	return session_start_client(ss, s, err, errlen);
}
