/* cli_parse.c — GNU-style parsing of swrtui's command line (options before or after the command and
 * its arguments, --opt=value or --opt value, "--" ends options) and the usage text. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "swrtui/cli/cli.h"
#include "cli_internal.h"

void cli_usage(FILE *f)
{
	cli_usage_commands(f);
	fputs(
	    "\n"
	    "Edit the replication target registries of an SWR Enterprise Edition instance.\n"
	    "FILE holds one registry as JSON; it is validated first and nothing is sent if it is invalid.\n"
	    "\n",
	    f);
	fputs(
	    "Options (also accepted after the command):\n"
	    "  --endpoint URL       SWR API endpoint (env SWRTUI_ENDPOINT)\n"
	    "  --region R           region; the endpoint becomes https://swr-api.R.myhuaweicloud.com\n"
	    "                       (eu-west-101: .myhuaweicloud.eu) (env SWRTUI_REGION)\n"
	    "  --project-id ID      project ID (env SWRTUI_PROJECT_ID)\n"
	    "  --instance-id ID     SWR Enterprise Edition instance ID (env SWRTUI_INSTANCE_ID)\n"
	    "  --cacert FILE        also trust the CA certificates in FILE (env SWRTUI_CACERT)\n"
	    "  --timeout SECONDS    total time allowed for one request, its retries included, default 30\n"
	    "                       (env SWRTUI_TIMEOUT)\n"
	    "  --attempts N         send a GET, PUT or DELETE up to N times in all (1-10, default 3) when the\n"
	    "                       service answers 429 or 503 or throttles (APIGW.0308), or the connection\n"
	    "                       drops; waits as Retry-After asks (at most 30 s), else 0.5 s, 1 s, ...;\n"
	    "                       a create (POST) is never sent twice (env SWRTUI_ATTEMPTS)\n"
	    "  --profile NAME       profile of $XDG_CONFIG_HOME/swrtui/config, default \"default\"\n"
	    "                       (env SWRTUI_PROFILE)\n"
	    "  --token-file FILE    read the IAM token from FILE (env SWRTUI_TOKEN_FILE)\n"
	    "  --credentials-file FILE  read AK/SK from FILE, which must be private (mode 0600)\n"
	    "                       (env SWRTUI_CREDENTIALS_FILE)\n"
	    "  --auth token|aksk    use this credential when both are configured (env SWRTUI_AUTH)\n"
	    "  --iam-endpoint URL   IAM for the login panel, default https://iam.REGION.myhuaweicloud.com\n"
	    "                       (env SWRTUI_IAM_ENDPOINT)\n"
	    "  --sts-endpoint URL   STS for decode, default https://sts.REGION.myhuaweicloud.com\n"
	    "                       (env SWRTUI_STS_ENDPOINT)\n"
	    "  --verbose            write every request to stderr as the request inspector shows it (redacted)\n"
	    "  --dry-run            apply, create, delete: print the request (secrets <redacted>), send nothing\n"
	    "  --json               list, show: print the service's objects as JSON, secrets removed\n"
	    "  --yes                delete: do not ask for confirmation\n"
	    "  -h, --help           show this help;  -V, --version  show the version\n"
	    "\n",
	    f);
	fputs(
	    "Credentials: AK/SK from CLOUD_SDK_AK and CLOUD_SDK_SK (+ CLOUD_SDK_SECURITY_TOKEN for temporary\n"
	    "keys) or --credentials-file, or a token from SWRTUI_TOKEN or --token-file; never a command-line\n"
	    "value. When both are configured, AK/SK wins unless --auth token says otherwise. With neither,\n"
	    "the terminal UI offers an IAM password login (the token stays in memory).\n"
	    "Flags win over the environment, the environment over the profile.\n"
	    "\n",
	    f);
	fputs(
	    "Keys in the terminal UI:\n"
	    "  list    Up/Down/PgUp/PgDn/Home/End move, Enter edit, n new, d delete, / filter by name,\n"
	    "          r refresh, q quit\n"
	    "  form    Tab or Down next field, Shift-Tab or Up previous; typing edits the focused text field\n"
	    "          (the cursor starts at the end); Left, Right, Home, End move; Backspace, Delete;\n"
	    "          Ctrl-U deletes from the cursor to the start; on Type, Left, Right or Space change it;\n"
	    "          Space toggles the checkbox; Enter on DNS hosts opens its editor (a add, Enter edit,\n"
	    "          d remove); F3 or Ctrl-R shows or hides the secret; F5 probes the target; F2 saves\n"
	    "  errors  d decodes the encoded authorization message (AK/SK), m shows it whole, w writes it\n"
	    "          to a file, i inspects the request\n"
	    "  always  Esc or F10 go back or quit (asking first when there are unsaved changes), F1 help,\n"
	    "          F4 the request log, Ctrl-L redraw, Ctrl-C cancels a running request and otherwise\n"
	    "          quits at once;\n"
	    "          confirmation panels take Enter or y to go on, Esc or n to go back\n"
	    "\n"
	    "Exit status: 0 done; 1 the service refused (the decoded error is on stderr); 2 usage error or\n"
	    "invalid input (nothing sent); 3 the service could not be reached (name resolution, connect,\n"
	    "TLS, timeout). For probe: 1 the target refused, 3 it could not be reached.\n",
	    f);
}

static const struct {
	const char *name;
	int key; /* a setting_key, or one of the OPT_* below */
} value_opts[] = {
	{"endpoint", SETTING_ENDPOINT},     {"region", SETTING_REGION},   {"project-id", SETTING_PROJECT_ID},
	{"instance-id", SETTING_INSTANCE_ID}, {"cacert", SETTING_CACERT}, {"timeout", SETTING_TIMEOUT},
	{"token-file", SETTING_TOKEN_FILE},  {"credentials-file", SETTING_CREDENTIALS_FILE},
	{"iam-endpoint", SETTING_IAM_ENDPOINT}, {"sts-endpoint", SETTING_STS_ENDPOINT}, {"auth", SETTING_AUTH},
	{"attempts", SETTING_ATTEMPTS},
	{"profile", 100},                    {"name", 101},
	{"type", 102},                       {"order-by", 103},          {"order", 104},
};

static const struct {
	const char *name;
	size_t off;
} bool_opts[] = {
	{"json", offsetof(cli_opts, json)},   {"yes", offsetof(cli_opts, yes)},
	{"dry-run", offsetof(cli_opts, dry_run)}, {"help", offsetof(cli_opts, help)},
	{"version", offsetof(cli_opts, version)}, {"verbose", offsetof(cli_opts, verbose)},
};

__attribute__((format(printf, 3, 4))) static int usage_error(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return CLI_EXIT_USAGE;
}

int cli_parse(int argc, char **argv, cli_opts *o, char *err, size_t errlen)
{
	memset(o, 0, sizeof *o);
	settings_init(&o->settings);
	bool options_done = false;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!options_done && strcmp(a, "--") == 0) {
			options_done = true;
			continue;
		}
		if (!options_done && (strcmp(a, "-h") == 0)) {
			o->help = true;
			continue;
		}
		if (!options_done && (strcmp(a, "-V") == 0)) {
			o->version = true;
			continue;
		}
		if (options_done || a[0] != '-' || strcmp(a, "-") == 0) {
			if (!o->command) {
				o->command = a;
			} else if (o->nargs < CLI_MAX_ARGS) {
				o->args[o->nargs++] = a;
			} else {
				return usage_error(err, errlen, "too many arguments at \"%.64s\"", a);
			}
			continue;
		}
		if (a[1] != '-')
			return usage_error(err, errlen, "unknown option \"%.64s\" (see --help)", a);
		const char *name = a + 2;
		const char *eq = strchr(name, '=');
		size_t nlen = eq ? (size_t)(eq - name) : strlen(name);
		if ((nlen == 5 && strncmp(name, "token", 5) == 0) || (nlen == 8 && strncmp(name, "password", 8) == 0) ||
		    (nlen == 2 && strncmp(name, "sk", 2) == 0) || (nlen == 6 && strncmp(name, "secret", 6) == 0)) {
			return usage_error(err, errlen,
			                   "--%.*s is not accepted: a secret on the command line is visible to other users "
			                   "and kept in shell history; set SWRTUI_TOKEN or use --token-file FILE",
			                   (int)nlen, name);
		}
		bool matched = false;
		for (size_t k = 0; k < sizeof bool_opts / sizeof bool_opts[0] && !matched; k++) {
			if (strlen(bool_opts[k].name) == nlen && strncmp(bool_opts[k].name, name, nlen) == 0) {
				if (eq)
					return usage_error(err, errlen, "option --%.32s takes no value", bool_opts[k].name);
				*(bool *)((char *)o + bool_opts[k].off) = true;
				matched = true;
			}
		}
		for (size_t k = 0; k < sizeof value_opts / sizeof value_opts[0] && !matched; k++) {
			if (strlen(value_opts[k].name) != nlen || strncmp(value_opts[k].name, name, nlen) != 0)
				continue;
			const char *v;
			if (eq) {
				v = eq + 1;
			} else if (i + 1 < argc) {
				v = argv[++i];
			} else {
				return usage_error(err, errlen, "option --%.32s needs a value", value_opts[k].name);
			}
			if (!*v)
				return usage_error(err, errlen, "option --%.32s needs a non-empty value", value_opts[k].name);
			matched = true;
			switch (value_opts[k].key) {
			case 100: o->profile = v; break;
			case 101: o->name_filter = v; break;
			case 102: o->type_filter = v; break;
			case 103: o->order_by = v; break;
			case 104: o->order = v; break;
			default: {
				char origin[64];
				snprintf(origin, sizeof origin, "--%s", value_opts[k].name);
				if (settings_set(&o->settings, (setting_key)value_opts[k].key, v, SETTING_FLAG, origin) != 0)
					return usage_error(err, errlen, "%s", "out of memory");
			}
			}
		}
		if (!matched)
			return usage_error(err, errlen, "unknown option \"%.64s\" (see --help)", a);
	}
	if (o->help || o->version)
		return 0;
	if (o->command && !cli_is_command(o->command))
		return usage_error(err, errlen, "unknown command \"%.64s\" (see --help)", o->command);
	return 0;
}

void cli_opts_free(cli_opts *o)
{
	settings_free(&o->settings);
}
