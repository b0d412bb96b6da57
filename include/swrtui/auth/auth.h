/* auth.h — the credential a request is authenticated with (a token, or an AK/SK pair with an optional
 * security token), and the authentication step built on it: X-Auth-Token, or an SDK-HMAC-SHA256
 * signature (sign.h). The http client runs the step through the hook api_auth_authenticator() gives,
 * without knowing what it does. */
#ifndef SWRTUI_AUTH_H
#define SWRTUI_AUTH_H

#include <stddef.h>

#include "swrtui/http/http.h"

typedef enum { API_AUTH_NONE = 0, API_AUTH_TOKEN, API_AUTH_AKSK } api_auth_kind;

typedef struct api_auth {
	api_auth_kind kind;
	char *token;          /* API_AUTH_TOKEN: secret, wiped on free */
	char *ak, *sk;        /* API_AUTH_AKSK: sk is secret */
	char *security_token; /* temporary keys (AK/SK): secret */
	char *source;         /* where it came from: "SWRTUI_TOKEN", "file /path", ... */
	char *project_id;     /* a token file's project (the token's scope, written by swrtui login), or NULL */
	char *expires_at;     /* when a token from a file or a login expires (IAM time), or NULL */
} api_auth;

void api_auth_free(api_auth *a);
/* Adds the authentication headers to req: X-Auth-Token for a token; for AK/SK, a signature at the
 * current UTC time (sign_request()). 0, or -1 with err (no credential, an empty token, keys that
 * cannot sign). */
int api_auth_apply(const api_auth *a, api_request *req, char *err, size_t errlen);
/* The hook for api_config.authenticator: applies *a (read at each call, so that a login may fill it in
 * later; NULL means no credential) and names its secrets for scrubbing. a must outlive the client. */
api_authenticator api_auth_authenticator(const api_auth *a);
/* The credential behind a hook made by api_auth_authenticator(), or NULL for any other hook. */
const api_auth *api_auth_of(const api_authenticator *h);

#endif
