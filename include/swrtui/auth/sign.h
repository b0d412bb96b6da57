/* sign.h — AK/SK request signing ("SDK-HMAC-SHA256") as the API gateway checks it: the canonical
 * request, the string to sign, the signature and the Authorization header. Pure functions (no I/O, no
 * clock: the date is an input), plus sign_request() which signs an api_request in place. */
#ifndef SWRTUI_SIGN_H
#define SWRTUI_SIGN_H

#include <stddef.h>
#include <time.h>

#include "swrtui/http/http.h"

#define SIGN_ALGORITHM "SDK-HMAC-SHA256"
#define SIGN_DATE_LEN 16 /* "YYYYMMDDTHHMMSSZ" */
#define SIGN_HEX_LEN 64  /* a SHA-256 digest in lowercase hex */

/* What a signature covers. headers holds the headers to sign (the Host among them); a header whose
 * name contains '_' is never signed. path is the path as sent: each segment is decoded, then
 * percent-encoded keeping only A-Z a-z 0-9 - _ . ~, and a '/' is appended. The query is sorted by name
 * then value (raw bytes) and encoded the same way. */
typedef struct {
	const char *method;
	const char *path;
	const api_query_param *query;
	size_t nquery;
	const api_header *headers;
	size_t nheaders;
	const char *body; /* NULL or body_len bytes */
	size_t body_len;
} sign_parts;

enum {
	SIGN_REDACT_SECURITY_TOKEN = 1u << 0 /* the value of x-security-token, and of any other header that
	                                        redact.h calls secret, -> "<redacted>" (for display) */
};

/* "YYYYMMDDTHHMMSSZ" (UTC) of t into out[SIGN_DATE_LEN + 1]. 0, or -1 if t cannot be converted. */
int sign_format_date(time_t t, char *out);
/* Lowercase hex SHA-256 of len bytes into out[SIGN_HEX_LEN + 1]. */
void sign_sha256_hex(const void *data, size_t len, char *out);
/* The canonical URI of a path: "/v1/a%20b" -> "/v1/a%20b/". Malloc'd. */
char *sign_canonical_uri(const char *path);
/* The canonical query: "a=1&b=x%20y" (sorted; the input is not changed). Malloc'd. */
char *sign_canonical_query(const api_query_param *query, size_t n);
/* METHOD \n URI \n QUERY \n HEADERS \n SIGNEDHEADERS \n PAYLOADHASH. Malloc'd; NULL on allocation
 * failure. When signed_headers is not NULL it receives the "a;b;c" list (malloc'd). */
char *sign_canonical_request(const sign_parts *p, unsigned flags, char **signed_headers);
/* "SDK-HMAC-SHA256\n<date>\n<hex sha256 of the canonical request>". Malloc'd. */
char *sign_string_to_sign(const char *date, const char *canonical_request);
/* hex(HMAC-SHA256(sk, string_to_sign)) into out[SIGN_HEX_LEN + 1]. 0, or -1. */
int sign_signature(const char *sk, const char *string_to_sign, char *out);
/* "SDK-HMAC-SHA256 Access=<ak>, SignedHeaders=<list>, Signature=<hex>". Malloc'd. */
char *sign_authorization(const char *ak, const char *signed_headers, const char *signature);

/* Signs req in place at time now: replaces any X-Sdk-Date / X-Security-Token / Authorization, adds
 * X-Sdk-Date and (when security_token is not empty) X-Security-Token, sorts req->query as it is signed
 * (api_request_url() then sends it in that order), signs content-type (if present), host (req->host),
 * x-project-id (if present), x-sdk-date and x-security-token (if present), sets Authorization, and keeps
 * the canonical request in req->canonical_request with the security token redacted. 0, or -1 with a
 * message in err (never containing the SK or the security token). */
int sign_request(api_request *req, const char *ak, const char *sk, const char *security_token, time_t now,
                 char *err, size_t errlen);

#endif
