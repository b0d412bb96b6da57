/* redact.h — the one list of what is secret in an HTTP exchange: the header names whose value is never
 * shown or logged, and the JSON member names whose string value is never shown or logged; and the body
 * redactor built on them. Every printer of requests, answers and logs asks here. */
#ifndef SWRTUI_HTTP_REDACT_H
#define SWRTUI_HTTP_REDACT_H

#include <stdbool.h>
#include <stddef.h>

/* True for a header whose value is a secret (compared without case): X-Auth-Token, X-Security-Token,
 * X-Subject-Token, Authorization, Proxy-Authorization, Cookie, Set-Cookie. */
bool http_header_is_sensitive(const char *name);
/* True for a JSON member name whose string value is a secret (exact): access_secret, password, secret,
 * passcode. */
bool http_json_key_is_sensitive(const char *key);
/* The i-th name of each list (for tests and documentation), NULL past the end. */
const char *http_sensitive_header(size_t i);
const char *http_sensitive_json_key(size_t i);

/* A copy of a JSON body with the string value of every sensitive member (at any depth) replaced by
 * "<redacted>"; non-JSON bodies are returned as they are. NULL for NULL. Malloc'd. */
char *api_redact_body(const char *body, size_t len);

/* Secrets shorter than this are not looked for (they would match ordinary text). */
#define API_REDACT_MIN_SECRET 6

/* A copy of len bytes of text in which every echo of one of the secrets is replaced by "<redacted>":
 * the secret's bytes as they are, or each of them escaped as a server may write it (JSON "\u0041" and
 * "\/", "%41", "\x41", HTML "&#65;", "&#x41;", "&amp;"), mixed in any way; *out_len (may be NULL) gets
 * the copy's length. NULL when no secret occurs (or on allocation failure): the text may be kept. Secrets
 * shorter than API_REDACT_MIN_SECRET are skipped. Malloc'd. */
char *api_redact_echoes(const char *text, size_t len, const char *const *secrets, size_t nsecrets, size_t *out_len);
/* The same in place for text that is about to be logged or shown: *text (*len bytes, or a string when len
 * is NULL) is replaced by its redacted copy and the old one wiped and freed (1); left as it is when no
 * echo occurs (0); and when the copy cannot be made (out of memory), wiped to "" (*len 0) rather than kept
 * with the secret in it (-1). */
int api_scrub_echoes(char **text, size_t *len, const char *const *secrets, size_t nsecrets);

/* The string values of the sensitive members (http_json_key_is_sensitive, at any depth) of a JSON
 * body — the access_secret or password that a request sends — copied into out (at most max); their
 * number. A body that is not JSON gives 0. Each copy is a secret: secret_free() it. */
size_t api_redact_json_secrets(const char *body, size_t len, char **out, size_t max);

#endif
