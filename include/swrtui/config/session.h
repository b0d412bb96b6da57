/* session.h — turning resolved settings into a ready request client: the endpoint, the credential and
 * the api_client, with one clear message when something is missing. Shared by the plain commands and
 * the terminal UI. */
#ifndef SWRTUI_SESSION_H
#define SWRTUI_SESSION_H

#include <stdbool.h>
#include <stddef.h>

#include "swrtui/http/http.h"
#include "swrtui/config/settings.h"

typedef struct {
	char *endpoint;
	api_auth auth;
	api_client *client;
} session;

/* Resolves s (environment, profile), then, when need_client, loads the credential and creates the
 * client. Returns 0, or -1 with a message in err (a usage problem: nothing was sent). The session must
 * be closed with session_close() either way. */
int session_open(session *ss, settings *s, const char *profile, bool need_client, char *err, size_t errlen);
/* The same; with allow_no_credential the client is created even when no credential is configured
 * (auth kind NONE), for the terminal UI's login panel to fill in ss->auth afterwards. */
int session_open_ex(session *ss, settings *s, const char *profile, bool need_client, bool allow_no_credential,
                    char *err, size_t errlen);
/* session_open_ex in two halves: everything that can be wrong with the configuration (no library
 * needed, nothing sent), then the client itself (which loads libcurl). */
int session_prepare(session *ss, settings *s, const char *profile, bool need_client, bool allow_no_credential,
                    char *err, size_t errlen);
int session_start_client(session *ss, const settings *s, char *err, size_t errlen);
void session_close(session *ss);

/* For calls that need no project or instance (STS decoding): resolves s and loads the credential
 * (kind NONE when none is configured: not an error here). 0, or -1 with err. Close with
 * session_close(). */
int session_open_auth(session *ss, settings *s, const char *profile, char *err, size_t errlen);
/* Creates ss->client for endpoint (copied to ss->endpoint) with the session's credential, --cacert and
 * timeouts. 0, or -1 with err. */
int session_connect(session *ss, const settings *s, const char *endpoint, char *err, size_t errlen);

#endif
