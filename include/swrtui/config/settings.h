/* settings.h — where swrtui's configuration comes from: command-line flags win over the environment
 * (SWRTUI_*), which wins over a profile in $XDG_CONFIG_HOME/swrtui/config. Each value remembers its
 * source. Secrets are never read from the command line. */
#ifndef SWRTUI_SETTINGS_H
#define SWRTUI_SETTINGS_H

#include <stddef.h>

#include "swrtui/auth/auth.h"

typedef enum { SETTING_UNSET = 0, SETTING_DEFAULT, SETTING_PROFILE, SETTING_ENV, SETTING_FLAG } setting_source;

typedef struct {
	char *value;
	setting_source source;
	char *origin; /* "--endpoint", "SWRTUI_ENDPOINT", "profile default (/path:3)" */
} setting;

typedef enum {
	SETTING_ENDPOINT = 0,
	SETTING_REGION,
	SETTING_PROJECT_ID,
	SETTING_INSTANCE_ID,
	SETTING_CACERT,
	SETTING_TIMEOUT,
	SETTING_TOKEN_FILE,
	SETTING_CREDENTIALS_FILE, /* AK/SK credentials file (mode 0600) */
	SETTING_IAM_ENDPOINT,     /* IAM, for password login */
	SETTING_STS_ENDPOINT,     /* STS, for decoding authorization messages */
	SETTING_AUTH,             /* "token" or "aksk": which credential to use when both are configured */
	SETTING_ATTEMPTS,         /* attempts in all for an idempotent request (1 = no retry) */
	SETTING_INSTANCE_NAME,    /* the instance by its name, when no instance ID is configured */
	SETTING_COUNT
} setting_key;

typedef struct settings {
	setting v[SETTING_COUNT];
	char *profile;        /* the profile used: --profile, SWRTUI_PROFILE, or "default" */
	char *config_path;    /* the file read, or NULL */
} settings;

void settings_init(settings *s);
void settings_free(settings *s);
/* Name of a key as written in the profile file ("project_id"), its flag ("--project-id") and its
 * environment variable ("SWRTUI_PROJECT_ID"), from the option table (options.h). */
const char *settings_key_name(setting_key k);
const char *settings_key_flag(setting_key k);
const char *settings_key_env(setting_key k);
/* Set a value from a source; a value from a weaker source never replaces a stronger one. 0 / -1. */
int settings_set(settings *s, setting_key k, const char *value, setting_source src, const char *origin);

/* Parse profile-file text and apply the section named profile (values with SETTING_PROFILE).
 * *found is set when the section exists. Returns 0, or -1 with "FILE:LINE: message" in err. */
int settings_parse_profile(settings *s, const char *text, size_t len, const char *path, const char *profile,
                           int *found, char *err, size_t errlen);

/* Fill unset values from the environment, then from the profile file; check them. 0, or -1 with err.
 * profile_flag is the --profile value or NULL. */
int settings_resolve(settings *s, const char *profile_flag, char *err, size_t errlen);

/* Writes key = value pairs (profile keys of the option table; no secret) into the section of profile in
 * the profile file ($XDG_CONFIG_HOME/swrtui/config): a key already there is replaced where it is, the
 * others are added at the end of the section (the section is added when missing); every other line is
 * kept as it was. The file keeps its mode (a new one is 0600, its folder 0700) and is replaced through a
 * new file created with O_EXCL and renamed over it. A value holding a line break is refused. 0 with
 * *path (malloc'd, may be NULL), or -1 with err. */
int settings_profile_store(const char *profile, const char *const *keys, const char *const *values, size_t n,
                           char **path, char *err, size_t errlen);

/* The endpoint to use: an endpoint or a region, whichever comes from the stronger source (the endpoint
 * on a tie). Malloc'd, or NULL with err. */
char *settings_endpoint(const settings *s, char *err, size_t errlen);
/* Total timeout in milliseconds (default 30 s). */
long settings_timeout_ms(const settings *s);
/* Attempts in all for an idempotent request: 1..API_MAX_ATTEMPTS_LIMIT, 0 when not set (the default). */
int settings_max_attempts(const settings *s);

/* The kind forced by --auth / SWRTUI_AUTH / auth = ("token" or "aksk"), or API_AUTH_NONE when not set.
 * 0, or -1 with err for any other value. */
int settings_auth_mode(const settings *s, api_auth_kind *forced, char *err, size_t errlen);

/* The credential, by this rule: --auth token|aksk forces one kind; otherwise AK/SK when keys are
 * configured (CLOUD_SDK_AK/CLOUD_SDK_SK, or a credentials file: --credentials-file beats the
 * environment's keys, which beat SWRTUI_CREDENTIALS_FILE and the profile), else the token (SWRTUI_TOKEN or
 * the token file; the stronger source wins). out->source says where it came from. 0, or -1 with err
 * (no credential at all is not an error: kind stays NONE). */
int settings_load_auth(const settings *s, api_auth *out, char *err, size_t errlen);

#endif
