/* options.c — the option table (see options.h): each option once, with its flag, environment variable,
 * profile key and the place its value goes. */
#include <string.h>

#include "swrtui/config/options.h"

#define SET(flag, env, key, k, home) {flag, 0, true, env, key, OPTION_SETTING, k, home}
#define VALUE(flag, target) {flag, 0, true, NULL, NULL, target, SETTING_COUNT, false}
#define SWITCH(flag, shortf, target) {flag, shortf, false, NULL, NULL, target, SETTING_COUNT, false}

/* In the order the profile file's keys are listed in its error message. */
const settings_option settings_options[] = {
	SET("--endpoint", "SWRTUI_ENDPOINT", "endpoint", SETTING_ENDPOINT, false),
	SET("--region", "SWRTUI_REGION", "region", SETTING_REGION, false),
	SET("--project-id", "SWRTUI_PROJECT_ID", "project_id", SETTING_PROJECT_ID, false),
	SET("--instance-id", "SWRTUI_INSTANCE_ID", "instance_id", SETTING_INSTANCE_ID, false),
	SET("--instance", "SWRTUI_INSTANCE", "instance", SETTING_INSTANCE_NAME, false),
	SET("--cacert", "SWRTUI_CACERT", "cacert", SETTING_CACERT, true),
	SET("--timeout", "SWRTUI_TIMEOUT", "timeout", SETTING_TIMEOUT, false),
	SET("--attempts", "SWRTUI_ATTEMPTS", "attempts", SETTING_ATTEMPTS, false),
	SET("--token-file", "SWRTUI_TOKEN_FILE", "token_file", SETTING_TOKEN_FILE, true),
	SET("--credentials-file", "SWRTUI_CREDENTIALS_FILE", "credentials_file", SETTING_CREDENTIALS_FILE, true),
	SET("--iam-endpoint", "SWRTUI_IAM_ENDPOINT", "iam_endpoint", SETTING_IAM_ENDPOINT, false),
	SET("--sts-endpoint", "SWRTUI_STS_ENDPOINT", "sts_endpoint", SETTING_STS_ENDPOINT, false),
	SET("--auth", "SWRTUI_AUTH", "auth", SETTING_AUTH, false),
	{"--profile", 0, true, "SWRTUI_PROFILE", NULL, OPTION_PROFILE, SETTING_COUNT, false},
	VALUE("--name", OPTION_NAME),
	VALUE("--type", OPTION_TYPE),
	VALUE("--order-by", OPTION_ORDER_BY),
	VALUE("--order", OPTION_ORDER),
	VALUE("--access-key", OPTION_ACCESS_KEY),
	VALUE("--new-access-key", OPTION_NEW_ACCESS_KEY),
	VALUE("--secrets", OPTION_SECRETS_FILE),
	SWITCH("--prune", 0, OPTION_PRUNE),
	SWITCH("--json", 0, OPTION_JSON),
	SWITCH("--yes", 0, OPTION_YES),
	SWITCH("--wait", 0, OPTION_WAIT),
	SWITCH("--dry-run", 0, OPTION_DRY_RUN),
	SWITCH("--aksk", 0, OPTION_AKSK),
	SWITCH("--verbose", 0, OPTION_VERBOSE),
	SWITCH("--help", 'h', OPTION_HELP),
	SWITCH("--version", 'V', OPTION_VERSION),
	{"--token", 0, true, NULL, "token", OPTION_SECRET, SETTING_COUNT, false},
	{"--password", 0, true, NULL, "password", OPTION_SECRET, SETTING_COUNT, false},
	{"--sk", 0, true, NULL, "sk", OPTION_SECRET, SETTING_COUNT, false},
	{"--secret", 0, true, NULL, NULL, OPTION_SECRET, SETTING_COUNT, false},
};

const size_t settings_option_count = sizeof settings_options / sizeof settings_options[0];

const settings_option *settings_option_by_flag(const char *flag, size_t n)
{
	for (size_t i = 0; flag && i < settings_option_count; i++)
		if (strlen(settings_options[i].flag) == n && strncmp(settings_options[i].flag, flag, n) == 0)
			return &settings_options[i];
	return NULL;
}

const settings_option *settings_option_by_profile_key(const char *key)
{
	for (size_t i = 0; key && i < settings_option_count; i++)
		if (settings_options[i].profile_key && strcmp(settings_options[i].profile_key, key) == 0)
			return &settings_options[i];
	return NULL;
}

const settings_option *settings_option_of(option_target target, setting_key k)
{
	for (size_t i = 0; i < settings_option_count; i++)
		if (settings_options[i].target == target && (target != OPTION_SETTING || settings_options[i].setting == k))
			return &settings_options[i];
	return NULL;
}
