/* options.h — the option table: every command-line option with its environment variable, its key in
 * the profile file and where its value goes. The one home of these names: the command-line parser
 * (src/cli/cli_parse.c), settings_resolve() (environment) and settings_parse_profile() (profile) are
 * all driven by it. */
#ifndef SWRTUI_OPTIONS_H
#define SWRTUI_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "swrtui/config/settings.h"

/* Where an option's value goes. */
typedef enum {
	OPTION_SETTING = 0, /* settings.v[setting], from a flag, the environment or the profile */
	OPTION_PROFILE,     /* which profile to read (--profile, SWRTUI_PROFILE) */
	OPTION_NAME,        /* list --name */
	OPTION_TYPE,        /* list --type */
	OPTION_ORDER_BY,    /* list --order-by */
	OPTION_ORDER,       /* list --order */
	OPTION_ACCESS_KEY,  /* rotate --access-key */
	OPTION_NEW_ACCESS_KEY, /* rotate --new-access-key */
	OPTION_SECRETS_FILE,   /* import --secrets */
	OPTION_PRUNE,       /* import --prune */
	OPTION_JSON,
	OPTION_YES,
	OPTION_WAIT,        /* replicate --wait */
	OPTION_DRY_RUN,
	OPTION_AKSK,        /* login --aksk */
	OPTION_VERBOSE,
	OPTION_HELP,
	OPTION_VERSION,
	OPTION_SECRET /* refused: a secret is never taken from the command line or the profile file */
} option_target;

typedef struct {
	const char *flag;        /* the long option: "--project-id" */
	char short_flag;         /* 'h', 'V', or 0 */
	bool takes_value;        /* --flag VALUE / --flag=VALUE; else a switch */
	const char *env;         /* "SWRTUI_PROJECT_ID", or NULL */
	const char *profile_key; /* "project_id" in the profile file, or NULL */
	option_target target;
	setting_key setting; /* with OPTION_SETTING */
	bool expand_home;    /* a file path: "~/" in the profile file means $HOME/ */
} settings_option;

/* The table and its length. */
extern const settings_option settings_options[];
extern const size_t settings_option_count;

/* The option named by the n bytes at flag ("--project-id"), or NULL. */
const settings_option *settings_option_by_flag(const char *flag, size_t n);
/* The option written key in the profile file, or NULL. */
const settings_option *settings_option_by_profile_key(const char *key);
/* The option of a setting, or NULL for a target other than OPTION_SETTING. */
const settings_option *settings_option_of(option_target target, setting_key k);

#endif
