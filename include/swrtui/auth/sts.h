/* sts.h — decoding the encoded_authorization_message of a refusal through STS: the AK/SK-signed
 * POST /v5/decode-authorization-message, and a readable summary of the decoded document (who, which
 * action, which resource, why denied) above the whole document pretty-printed. Nothing here prints. */
#ifndef SWRTUI_STS_H
#define SWRTUI_STS_H

#include <stdbool.h>
#include <stddef.h>

#include "swrtui/auth/auth.h"
#include "swrtui/http/http.h"

#define STS_DECODE_PATH "/v5/decode-authorization-message"
#define STS_MESSAGE_MAX 10240 /* characters of an encoded message */

/* The STS endpoint: override when given (--sts-endpoint), else https://sts.<region>.myhuaweicloud.com
 * (eu-west-101: .myhuaweicloud.eu). Malloc'd, or NULL with a message in err when neither is known. */
char *sts_endpoint(const char *override, const char *region, char *err, size_t errlen);

/* 0 when auth is an AK/SK credential, else -1 with the message that says how to configure one. */
int sts_check_auth(const api_auth *auth, char *err, size_t errlen);

/* The decode request: POST {endpoint}/v5/decode-authorization-message, Content-Type application/json,
 * body {"encoded_message":"<message>"}, then the authentication step (api_auth_apply, auth.h), which
 * must be AK/SK signing: auth must be of kind API_AUTH_AKSK. The message is 1 to 10240 characters of printable
 * ASCII. 0, or -1 with err (nothing built). */
int sts_build_decode(const char *endpoint, const char *message, const api_auth *auth, api_request *req,
                     char *err, size_t errlen);

/* Reads the answer of an executed decode request: 0 with *decoded (malloc'd) for a 2xx carrying
 * "decoded_message", else -1 (a 2xx without it: res->transport_msg then says so). */
int sts_read_answer(api_result *res, char **decoded);

/* Decodes message through client c (build, send, read the answer). 0 with *decoded (malloc'd: the
 * "decoded_message" string, itself a JSON document as text), or -1 with *res saying why: a transport failure, a refusal (res->error),
 * or, with res->transport_msg set, a request that could not be built (transport OTHER) or a 2xx
 * without "decoded_message". res is always filled and must be freed. */
int sts_decode(api_client *c, const char *endpoint, const char *message, const api_auth *auth,
               api_result *res, char **decoded);

/* What a decoded document says, found by common key names wherever they are in the document (its shape
 * is not published): each field NULL when nothing was found. */
typedef struct {
	char *who;        /* "user alice (ID 5f4e…), account acme (ID 9e8d…)", "agency ops", "principal …" */
	char *action;     /* "swr:instance:updateRegistry" (several: joined with ", ") */
	char *resource;   /* "SWR:*:…:instance:…" (several: joined with ", ") */
	char *why;        /* "implicit deny by identity-based policy" (+ " (decision: deny)") */
	char *request_id; /* the request the message was issued for */
	char *pretty;     /* the whole document, indented with two spaces; the text as it is if not JSON */
	bool is_json;
} sts_summary;

/* Pure; 0, or -1 when out of memory (s is then empty). */
int sts_summarize(const char *decoded, size_t len, sts_summary *s);
void sts_summary_free(sts_summary *s);
/* The summary as text: one "label: value" line per field found (labels padded to one width), a line
 * saying that nothing recognisable was found when none was, a blank line, "decoded document:" and
 * the pretty document. Not made printable: pass it through text_printable() before a terminal.
 * Malloc'd. */
char *sts_summary_format(const sts_summary *s);

#endif
