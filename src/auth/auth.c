/* auth.c — the authentication step: token authentication adds X-Auth-Token; AK/SK signs the request
 * (sign.c) at the current UTC time. And the hook through which the http client runs it. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "swrtui/auth/auth.h"
#include "swrtui/auth/sign.h"
#include "swrtui/base/secret.h"

void api_auth_free(api_auth *a)
{
	if (!a)
		return;
	secret_free(a->token);
	free(a->ak);
	secret_free(a->sk);
	secret_free(a->security_token);
	free(a->source);
	free(a->project_id);
	free(a->expires_at);
	a->token = a->ak = a->sk = a->security_token = a->source = a->project_id = a->expires_at = NULL;
	a->kind = API_AUTH_NONE;
}

int api_auth_apply(const api_auth *a, api_request *req, char *err, size_t errlen)
{
	if (!a || a->kind == API_AUTH_NONE) {
		snprintf(err, errlen, "no credential: set SWRTUI_TOKEN or use --token-file FILE "
		                      "(or CLOUD_SDK_AK and CLOUD_SDK_SK, or --credentials-file FILE)");
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
		return sign_request(req, a->ak, a->sk, a->security_token, time(NULL), err, errlen);
	default:
		snprintf(err, errlen, "unknown authentication kind");
		return -1;
	}
}

static int apply_hook(void *ctx, api_request *req, char *err, size_t errlen)
{
	return api_auth_apply(ctx, req, err, errlen);
}

static size_t secrets_hook(void *ctx, const char **out, size_t max)
{
	const api_auth *a = ctx;
	size_t n = 0;
	if (!a)
		return 0;
	const char *all[] = {a->token, a->security_token, a->sk};
	for (size_t i = 0; i < sizeof all / sizeof all[0] && n < max; i++)
		if (all[i] && *all[i])
			out[n++] = all[i];
	return n;
}

api_authenticator api_auth_authenticator(const api_auth *a)
{
	return (api_authenticator){.apply = apply_hook, .secrets = secrets_hook, .ctx = (void *)a};
}

const api_auth *api_auth_of(const api_authenticator *h)
{
	return h && h->apply == apply_hook ? h->ctx : NULL;
}
