/* auth.c — the single authentication step every request passes through. Token authentication adds
 * X-Auth-Token; AK/SK signing will plug in here without touching the callers. */
#include <stdio.h>
#include <stdlib.h>

#include "swrtui/api.h"
#include "swrtui/secret.h"

void api_auth_free(api_auth *a)
{
	if (!a)
		return;
	secret_free(a->token);
	free(a->ak);
	secret_free(a->sk);
	secret_free(a->security_token);
	free(a->source);
	a->token = a->ak = a->sk = a->security_token = a->source = NULL;
	a->kind = API_AUTH_NONE;
}

int api_auth_apply(const api_auth *a, api_request *req, char *err, size_t errlen)
{
	if (!a || a->kind == API_AUTH_NONE) {
		snprintf(err, errlen, "no credential: set SWRTUI_TOKEN or use --token-file FILE");
		return -1;
	}
	switch (a->kind) {
	case API_AUTH_TOKEN:
		if (!a->token || !*a->token) {
			snprintf(err, errlen, "the token is empty");
			return -1;
		}
		if (api_request_add_header(req, "X-Auth-Token", a->token) != 0) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		return 0;
	case API_AUTH_AKSK:
		snprintf(err, errlen, "AK/SK signing is not available yet; use a token");
		return -1;
	default:
		snprintf(err, errlen, "unknown authentication kind");
		return -1;
	}
}
