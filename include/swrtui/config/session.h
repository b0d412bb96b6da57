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
 * needed, nothing sent), then the client itself (which loads libcurl). A missing project ID is not an
 * error here: session_complete() finds it. A missing instance is, unless --instance NAME is given. */
int session_prepare(session *ss, settings *s, const char *profile, bool need_client, bool allow_no_credential,
                    char *err, size_t errlen);

/* What a session is for: the registries of one instance, or the project alone (swrtui instances, and the
 * terminal UI, whose instance picker chooses the instance). */
typedef enum { SESSION_FOR_INSTANCE = 0, SESSION_FOR_PROJECT } session_scope;
int session_prepare_scope(session *ss, settings *s, const char *profile, bool need_client,
                          bool allow_no_credential, session_scope scope, char *err, size_t errlen);

enum { SESSION_COMPLETE_OK = 0, SESSION_COMPLETE_USAGE = -1, SESSION_COMPLETE_FAILED = -2 };
/* After session_start_client: what is not configured but can be found. The project ID, when none is
 * configured: the token file's own (the scope of a token that swrtui login wrote), else from the region
 * through IAM (GET /v3/auth/projects with a token, GET /v3/projects?name=REGION with AK/SK). Then, for
 * SESSION_FOR_INSTANCE, the instance ID of --instance NAME (the instances listed). The values found go
 * into s (their origin says how) and the client's target. SESSION_COMPLETE_OK; SESSION_COMPLETE_USAGE
 * with err (what was tried, what to configure; nothing useful sent); SESSION_COMPLETE_FAILED with err
 * and *res (a request failed; res must be freed). */
int session_complete(session *ss, settings *s, session_scope scope, api_result *res, char *err, size_t errlen);
/* The project alone (the first half of session_complete). */
int session_find_project(session *ss, settings *s, api_result *res, char *err, size_t errlen);
/* Another region for the session: the region set (an endpoint configured explicitly stays the one
 * used), the project and instance forgotten (found again), and the client made anew when the endpoint
 * changes (ss->client is then another pointer). 0, or -1 with err. */
int session_switch_region(session *ss, settings *s, const char *region, char *err, size_t errlen);

/* The region the session's settings name (--region), or the one in an endpoint
 * https://swr-api.REGION.myhuaweicloud.com; NULL when neither says. Malloc'd. */
char *session_region(const session *ss, const settings *s);
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
