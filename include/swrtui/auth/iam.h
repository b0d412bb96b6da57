/* iam.h — password login with IAM (POST /v3/auth/tokens, scoped to the project of a region): builds and
 * sends the request, returns the token of the X-Subject-Token answer header in memory only, and tells
 * whether a refusal of the service means "the token expired: log in again". Nothing here prints or
 * writes a file. */
#ifndef SWRTUI_IAM_H
#define SWRTUI_IAM_H

#include <stdbool.h>
#include <stddef.h>

#include "swrtui/http/http.h"

#define IAM_TOKENS_PATH "/v3/auth/tokens"

/* What the login form gives. Strings are borrowed; NULL and "" mean absent for the optional ones. */
typedef struct {
	const char *user;     /* IAM user name */
	const char *account;  /* account name (the body's domain name) */
	char *password;       /* secret; iam_login() wipes this buffer before it returns */
	const char *region;   /* the project scope: the region id, e.g. cn-north-4 */
	const char *mfa_code; /* optional virtual MFA code (six digits): adds the "totp" method */
	const char *user_id;  /* optional IAM user ID: the "totp" object names the user by ID (see iam_login) */
} iam_credentials;

/* A successful login. */
typedef struct {
	char *token;      /* the X-Subject-Token value: a secret, wiped on free */
	char *expires_at; /* token.expires_at of the body, or NULL */
	char *user_id;    /* token.user.id of the body, or NULL */
	char *project_id; /* token.project.id of the body (the project of the region it is scoped to), or NULL */
} iam_token;

void iam_token_free(iam_token *t);

/* The IAM endpoint: override when given (--iam-endpoint), else https://iam.<region>.myhuaweicloud.com
 * (eu-west-101: .myhuaweicloud.eu). Malloc'd, or NULL with a message in err when neither is known. */
char *iam_endpoint(const char *override, const char *region, char *err, size_t errlen);

/* The login request: POST {endpoint}/v3/auth/tokens, Content-Type application/json;charset=utf8, the
 * password body (methods ["password"], or ["password","totp"] with "totp":{"user":{"id","passcode"}}
 * when an MFA code is given, which then needs user_id). No X-Auth-Token, no signature. The body holds
 * the password and is wiped by api_request_free(). 0, or -1 with err (nothing built). */
int iam_build_login(const char *endpoint, const iam_credentials *cr, api_request *req, char *err,
                    size_t errlen);

/* Logs in through client c (it reaches any host). 0 with *out filled on success (201, or 200, with an
 * X-Subject-Token header), else -1 with *res saying why: a transport failure, a refusal (res->error
 * decoded, IAM's {"error":{"code","message"}} included), or, with res->transport_msg set, a request
 * that could not be built (transport OTHER) or a 2xx without the header. res is always filled and
 * must be freed; cr->password is wiped either way.
 * An MFA code without user_id: a first call is made with the password alone. If it succeeds, the user
 * has no MFA login protection and that token is returned. If it is refused and the answer names the
 * user's ID ("user_id", or a "user" object's "id", at any depth), the call is made again with the
 * "totp" method for that ID; otherwise that first refusal is returned. */
int iam_login(api_client *c, const char *endpoint, iam_credentials *cr, api_result *res, iam_token *out);

/* True when a failed request means the token is no longer good and a new login may fix it: HTTP 401
 * with SVCSTG.SWR.4010000 or APIGW.0307, or APIGW.0301 whose message says the token expired. */
bool iam_token_expired(const api_result *res);

#endif
