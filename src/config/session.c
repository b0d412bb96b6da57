/* session.c — settings to a ready request client; see session.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "swrtui/config/session.h"
#include "swrtui/swr/swr.h"

int session_open(session *ss, settings *s, const char *profile, bool need_client, char *err, size_t errlen)
{
	return session_open_ex(ss, s, profile, need_client, false, err, errlen);
}

int session_prepare(session *ss, settings *s, const char *profile, bool need_client, bool allow_no_credential,
                    char *err, size_t errlen)
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
	for (int k = SETTING_PROJECT_ID; k <= SETTING_INSTANCE_ID; k++) {
		if (!s->v[k].value) {
			snprintf(err, errlen, "no %s: use %s or %s", k == SETTING_PROJECT_ID ? "project ID" : "instance ID",
			         settings_key_flag((setting_key)k), settings_key_env((setting_key)k));
			return -1;
		}
		char why[160];
		if (!swr_id_valid(s->v[k].value, k == SETTING_PROJECT_ID ? "a project" : "an instance", why, sizeof why)) {
			snprintf(err, errlen, "%s: %s", s->v[k].origin ? s->v[k].origin : settings_key_env((setting_key)k), why);
			return -1;
		}
	}
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
