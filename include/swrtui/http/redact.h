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

#endif
