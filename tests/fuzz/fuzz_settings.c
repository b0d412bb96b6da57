/* fuzz_settings.c — libFuzzer target for the settings sources: the profile file parser (for a profile name
 * taken from the first bytes), the command line parser on the same text split into arguments, the two
 * combined as swrtui combines them (a flag is never replaced by the profile), and the credentials file. */
#define _DEFAULT_SOURCE
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "swrtui/base/secret.h"
#include "swrtui/http/http.h"
#include "swrtui/cli/cli.h"
#include "swrtui/auth/credentials.h"
#include "swrtui/config/settings.h"

#define MAX_ARGS 24

int LLVMFuzzerInitialize(int *argc, char ***argv);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	/* "~/" in a profile path expands to $HOME: make it the same on every machine */
	setenv("HOME", "/home/fuzz", 1);
	return 0;
}

static void check_settings(const settings *s)
{
	for (int k = 0; k < SETTING_COUNT; k++) {
		const setting *v = &s->v[k];
		FUZZ_ASSERT((v->source == SETTING_UNSET) == (v->value == NULL));
		FUZZ_ASSERT(!v->value || v->origin);
	}
	char err[256];
	char *endpoint = settings_endpoint(s, err, sizeof err);
	if (!endpoint)
		FUZZ_ASSERT(err[0] != '\0');
	free(endpoint);
	/* settings_resolve() refuses a timeout outside (0, 3600] seconds before anything reads it */
	const char *t = s->v[SETTING_TIMEOUT].value;
	char *end = NULL;
	double secs = t ? strtod(t, &end) : 30;
	if (!t || (end != t && *end == '\0' && secs > 0 && secs <= 3600)) {
		long ms = settings_timeout_ms(s);
		FUZZ_ASSERT(ms >= 1 && ms <= 3600 * 1000);
	}
	api_auth_kind forced;
	if (settings_auth_mode(s, &forced, err, sizeof err) == 0)
		FUZZ_ASSERT(forced == API_AUTH_NONE || forced == API_AUTH_TOKEN || forced == API_AUTH_AKSK);
	else
		FUZZ_ASSERT(err[0] != '\0');
}

/* A message about an unknown key quotes the key only when it looks like one: a line may be a pasted
 * secret. */
static void check_unknown_key_message(const char *err)
{
	const char *q = strstr(err, "unknown key \"");
	if (!q)
		return;
	q += strlen("unknown key \"");
	const char *end = strchr(q, '"');
	FUZZ_ASSERT(end != NULL);
	char key[SECRET_SHOWN_KEY_MAX + 2];
	size_t n = (size_t)(end - q);
	FUZZ_ASSERT(n <= SECRET_SHOWN_KEY_MAX);
	memcpy(key, q, n);
	key[n] = '\0';
	FUZZ_ASSERT(secret_key_showable(key));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_stream in = {data, size, 0};
	const uint8_t *p;
	size_t n = fuzz_take(&in, fuzz_byte(&in) % 24, &p);
	char *profile = n ? fuzz_strndup(p, n) : fuzz_strndup("default", 7);
	const char *text = (const char *)data + in.pos;
	size_t len = size - in.pos;
	char err[512];
	int found = 0;

	/* the profile file alone */
	settings s;
	settings_init(&s);
	err[0] = '\0';
	int rc = settings_parse_profile(&s, text, len, "/home/fuzz/.config/swrtui/config", profile, &found, err,
	                                sizeof err);
	FUZZ_ASSERT(rc == 0 || rc == -1);
	if (rc != 0) {
		FUZZ_ASSERT(err[0] != '\0' && memchr(err, '\0', sizeof err));
		check_unknown_key_message(err);
	}
	for (int k = 0; k < SETTING_COUNT; k++) {
		FUZZ_ASSERT(s.v[k].source == SETTING_UNSET || s.v[k].source == SETTING_PROFILE);
		FUZZ_ASSERT(found || s.v[k].source == SETTING_UNSET); /* only the chosen section is applied */
	}
	check_settings(&s);
	/* a second file on top (as for another profile) replaces values without leaking the old ones */
	(void)settings_parse_profile(&s, text, len, "second", "default", &found, err, sizeof err);
	check_settings(&s);
	settings_free(&s);

	/* the same text as a command line, then the profile under it */
	char *args = fuzz_strndup(text, len); /* cut at a NUL, as an argv string would be */
	char *argv[MAX_ARGS + 1];
	int argc = 0;
	argv[argc++] = "swrtui";
	for (char *a = args; a && argc < MAX_ARGS;) {
		char *nl = strchr(a, '\n');
		if (nl)
			*nl = '\0';
		argv[argc++] = a;
		a = nl ? nl + 1 : NULL;
	}
	argv[argc] = NULL;
	cli_opts o;
	err[0] = '\0';
	rc = cli_parse(argc, argv, &o, err, sizeof err);
	FUZZ_ASSERT(rc == 0 || (rc == CLI_EXIT_USAGE && err[0] != '\0'));
	FUZZ_ASSERT(o.nargs >= 0 && o.nargs <= CLI_MAX_ARGS);
	char *flags[SETTING_COUNT];
	for (int k = 0; k < SETTING_COUNT; k++) {
		FUZZ_ASSERT(o.settings.v[k].source == SETTING_UNSET || o.settings.v[k].source == SETTING_FLAG);
		flags[k] = o.settings.v[k].value ? strdup(o.settings.v[k].value) : NULL;
	}
	(void)settings_parse_profile(&o.settings, text, len, "config", profile, &found, err, sizeof err);
	for (int k = 0; k < SETTING_COUNT; k++) {
		if (flags[k]) /* flags win over the profile */
			FUZZ_ASSERT(o.settings.v[k].source == SETTING_FLAG && strcmp(o.settings.v[k].value, flags[k]) == 0);
		free(flags[k]);
	}
	check_settings(&o.settings);
	cli_opts_free(&o);
	free(args);

	/* the same text as a credentials file */
	api_auth auth;
	memset(&auth, 0, sizeof auth);
	err[0] = '\0';
	if (credentials_parse(text, len, "credentials", &auth, err, sizeof err) == 0) {
		FUZZ_ASSERT(auth.kind == API_AUTH_AKSK && auth.ak && auth.ak[0] && auth.sk && auth.sk[0]);
		FUZZ_ASSERT(!strstr(err, auth.sk));
	} else {
		FUZZ_ASSERT(err[0] != '\0');
		check_unknown_key_message(err);
	}
	api_auth_free(&auth);
	free(profile);
	return 0;
}
