/* cli_parse.c — GNU-style parsing of swrtui's command line (options before or after the command and
 * its arguments, --opt=value or --opt value, "--" ends options), driven by the option table
 * (src/config/options.c), and the usage text (its command lines come from the command table, cli.c). */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "swrtui/cli/cli.h"
#include "swrtui/config/options.h"
#include "swrtui/base/text.h"
#include "cli_internal.h"

static void usage_options(FILE *f);
static void usage_credentials(FILE *f);
static void usage_keys(FILE *f);

/* What the plain commands print, for scripts. */
static void usage_output(FILE *f)
{
	fputs(
	    "rotate reads the new access secret from standard input (on a terminal: prompted without echo),\n"
	    "never from the command line; for each registry in turn it GETs it, replaces only the credential\n"
	    "and PUTs it back, printing \"ok ID NAME\" or \"failed ID NAME: GET|PUT: error\", then a summary.\n"
	    "export prints every registry as one JSON array of request bodies with their \"id\", no secret.\n"
	    "import prints a plan matched by name (+ create, ~ update: the changed fields, = unchanged,\n"
	    "- delete with --prune), asks on a terminal, and stops before sending anything when a registry to\n"
	    "create or update has no secret (--secrets, or prompted on a terminal) or is invalid. Both send one\n"
	    "request at a time over one connection; Ctrl-C stops them between registries.\n"
	    "\n"
	    "Output of list: to a pipe or a file, a header line (ID, NAME, TYPE, STATUS, URL), then one line\n"
	    "per registry, the fields separated by a single tab, never cut (a control character, a tab\n"
	    "or a newline included, is written as \\xNN); on a terminal, an aligned table whose long values\n"
	    "are cut with ..., a space always between the columns. A failed list prints nothing on stdout.\n"
	    "\n",
	    f);
}

/* The width to wrap the usage to: the terminal's (at most 100, the width the text is written for), or
 * COLUMNS, else 80. */
static size_t usage_width(FILE *f)
{
	struct winsize ws;
	size_t w = 0;
	if (isatty(fileno(f)) && ioctl(fileno(f), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		w = ws.ws_col;
	const char *cols = getenv("COLUMNS");
	if (!w && cols && strspn(cols, "0123456789") == strlen(cols) && strlen(cols) < 5)
		w = (size_t)atoi(cols);
	if (!w)
		w = 80;
	return w < 40 ? 40 : w > 100 ? 100 : w;
}

/* Whether the list of command names at d (up to a colon, "apply, create, delete:") names command. */
static bool names_command(const char *d, const char *end, const char *command)
{
	size_t cl = strlen(command);
	for (const char *w = d; w < end;) {
		size_t wl = strspn(w, "abcdefghijklmnopqrstuvwxyz");
		if (wl == 0)
			return false;
		if (wl == cl && strncmp(w, command, cl) == 0 && w + wl < end &&
		    (w[wl] == ':' || strncmp(w + wl, ", ", 2) == 0) && memchr(w + wl, ':', (size_t)(end - w - wl)))
			return true;
		w += wl;
		if (w < end && *w == ':')
			return false;
		if (end - w < 2 || strncmp(w, ", ", 2) != 0)
			return false;
		w += 2;
	}
	return false;
}

/* Whether the option block (its first line "  --flag ARG   a, b, c: what it does", and maybe "; d, e:
 * what it does there" further on) names command in a list before a colon. */
static bool block_is_for(const char *block, size_t len, const char *command)
{
	const char *end = block + len, *d = block + 2;
	while (d < end && *d != ' ')
		d++;
	const char *gap = strstr(d, "  ");
	if (!gap || gap >= end)
		return false;
	for (d = gap + strspn(gap, " "); d && d < end;) {
		if (names_command(d, end, command))
			return true;
		const char *semi = strstr(d, "; ");
		d = semi && semi < end ? semi + 2 + strspn(semi + 2, " \n") : NULL;
	}
	return false;
}

/* The option blocks of the usage text (a line "  -…" and the lines under it) that are for command. */
static void command_options(FILE *f, const char *text, const char *command)
{
	bool any = false;
	for (const char *p = text; *p;) {
		size_t len = strcspn(p, "\n");
		const char *end = p + len;
		while (*end == '\n' && strncmp(end + 1, "   ", 3) == 0)
			end += 1 + strcspn(end + 1, "\n");
		if (strncmp(p, "  -", 3) == 0 && block_is_for(p, (size_t)(end - p), command)) {
			if (!any)
				fprintf(f, "\nOptions of %s:\n", command);
			fprintf(f, "%.*s\n", (int)(end - p), p);
			any = true;
		}
		p = *end ? end + 1 : end;
	}
}

/* What write(arg) writes, wrapped to f's width (usage_width) with a hanging indent. */
static void print_wrapped(FILE *f, void (*write)(FILE *, const char *), const char *arg)
{
	char *text = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&text, &len);
	if (!m)
		return;
	write(m, arg);
	if (fclose(m) != 0) {
		free(text);
		return;
	}
	char *wrapped = text_wrap_hanging(text, usage_width(f));
	fputs(wrapped ? wrapped : text, f);
	free(wrapped);
	free(text);
}

static void usage_command_text(FILE *f, const char *command)
{
	const cli_command *c = cli_command_find(command);
	char *opts = NULL;
	size_t olen = 0;
	FILE *m = open_memstream(&opts, &olen);
	if (!c || !m) {
		if (m)
			fclose(m);
		free(opts);
		return;
	}
	usage_options(m);
	if (fclose(m) != 0)
		opts = (free(opts), NULL);
	fprintf(f, "Usage:\n  swrtui [options] %s\n", c->synopsis);
	if (c->summary) /* a sentence: "Delete registry ID." */
		fprintf(f, "\n%c%s.\n", toupper((unsigned char)c->summary[0]), c->summary + 1);
	if (opts)
		command_options(f, opts, command);
	fprintf(f, "\nIt also takes the options of every command (--endpoint, --region, --project-id, --instance-id,\n"
	           "--instance, --profile, --token-file, --credentials-file, --auth, --cacert, --timeout, --attempts,\n"
	           "--verbose) and reads its credentials as every command does: swrtui --help says how.\n");
	free(opts);
}

void cli_usage_command(FILE *f, const char *command)
{
	print_wrapped(f, usage_command_text, command);
}

static void usage_text(FILE *f, const char *unused)
{
	(void)unused;
	cli_usage_commands(f);
	usage_options(f);
	usage_credentials(f);
	usage_output(f);
	usage_keys(f);
}

void cli_usage(FILE *f)
{
	print_wrapped(f, usage_text, NULL);
}

static void usage_options(FILE *f)
{
	fputs(
	    "\n"
	    "Edit the replication target registries of an SWR Enterprise Edition instance.\n"
	    "FILE holds one registry as JSON; it is validated first and nothing is sent if it is invalid,\n"
	    "holds a member swrtui does not know (named with the nearest known one), or (apply) an id other\n"
	    "than ID. What show --json prints (id, status, created_at, updated_at) is accepted.\n"
	    "\n",
	    f);
	fputs(
	    "Options (also accepted after the command):\n"
	    "  --endpoint URL       SWR API endpoint (env SWRTUI_ENDPOINT)\n"
	    "  --region R           region; the endpoint becomes https://swr-api.R.myhuaweicloud.com\n"
	    "                       (eu-west-101: .myhuaweicloud.eu) (env SWRTUI_REGION)\n"
	    "  --project-id ID      project ID (env SWRTUI_PROJECT_ID); when none is configured it is found\n"
	    "                       from the region: the token's own project, GET /v3/auth/projects with\n"
	    "                       a token, GET /v3/projects?name=REGION with AK/SK\n"
	    "  --instance-id ID     SWR Enterprise Edition instance ID (env SWRTUI_INSTANCE_ID); an ID is 1 to\n"
	    "                       64 letters, digits and '-': anything else is refused (exit 2)\n"
	    "  --instance NAME      the instance by its name (env SWRTUI_INSTANCE); a name that several\n"
	    "                       instances have, or none, is refused (exit 2) with their ids or names;\n"
	    "                       with neither, the terminal UI opens the instance picker\n",
	    f);
	fputs( /* two strings: each within the length C11 compilers must support */
	    "  --cacert FILE        also trust the CA certificates in FILE (env SWRTUI_CACERT)\n"
	    "  --timeout SECONDS    total time allowed for one request, its retries included, default 30;\n"
	    "                       for list, for every page together (list stops at 10,000 registries)\n"
	    "                       (env SWRTUI_TIMEOUT)\n"
	    "  --attempts N         send a GET, PUT or DELETE up to N times in all (1-10, default 3) when the\n"
	    "                       service answers 429 or 503 or throttles (APIGW.0308), or the connection\n"
	    "                       drops; waits as Retry-After asks (at most 30 s), else 0.5 s, 1 s, ...;\n"
	    "                       a create (POST) is never sent twice (env SWRTUI_ATTEMPTS)\n"
	    "  --profile NAME       profile of $XDG_CONFIG_HOME/swrtui/config, default \"default\"\n"
	    "                       (env SWRTUI_PROFILE); that file must be yours (or root's) and not\n"
	    "                       writable by group or others, else it is refused (chmod 600 FILE)\n"
	    "  --token-file FILE    read the IAM token from FILE, which must be private (mode 0600, yours,\n"
	    "                       not a symbolic link) (env SWRTUI_TOKEN_FILE)\n"
	    "  --credentials-file FILE  read AK/SK from FILE, which must be private (mode 0600, yours,\n"
	    "                       not a symbolic link) (env SWRTUI_CREDENTIALS_FILE)\n"
	    "  --auth token|aksk    use this credential when both are configured (env SWRTUI_AUTH)\n"
	    "  --iam-endpoint URL   IAM for login, the login panel and finding the project, default\n"
	    "                       https://iam.REGION.myhuaweicloud.com\n"
	    "                       (env SWRTUI_IAM_ENDPOINT)\n"
	    "  --sts-endpoint URL   STS for decode, default https://sts.REGION.myhuaweicloud.com\n"
	    "                       (env SWRTUI_STS_ENDPOINT)\n"
	    "  --verbose            write every request to stderr as the request inspector shows it (redacted)\n"
	    "  --dry-run            apply, create, delete, replicate: print the request (secrets <redacted>),\n"
	    "                       send nothing; rotate, import: print the plan, send nothing but reads\n"
	    "  --json               list, show, policies, instances: print the service's objects as JSON,\n"
	    "                       secrets removed, control and bidi characters as \\u escapes\n"
	    "  --yes                delete: do not ask for confirmation (on a terminal the question names the\n"
	    "                       registry and the replication policies that use it); import: apply the\n"
	    "                       plan without asking (required when standard input is not a terminal)\n"
	    "  --access-key KEY     rotate: every registry whose access key is KEY (all pages of the list)\n"
	    "  --new-access-key KEY  rotate: also replace the access key with KEY\n"
	    "  --secrets FILE       import: the secrets, a JSON object of name to secret or \"name = secret\"\n"
	    "                       lines; FILE must be private (mode 0600, yours, not a symbolic link)\n"
	    "  --prune              import: also delete the registries FILE does not name\n"
	    "  --aksk               login: check the access keys (CLOUD_SDK_AK/SK, --credentials-file) and\n"
	    "                       write only the profile, nothing secret\n"
	    "  --wait               replicate: follow the run until it ends, at most --timeout (exit 0 succeeded,\n"
	    "                       1 failed, with its status_text, 3 could not be followed)\n"
	    "  -h, --help           show this help; swrtui help COMMAND (or COMMAND --help) shows that\n"
	    "                       command's usage and options\n"
	    "  -V, --version        show the version, and those of ncurses, libcurl (with its TLS library),\n"
	    "                       OpenSSL and cJSON as loaded\n"
	    "\n",
	    f);
}

static void usage_credentials(FILE *f)
{
	fputs(
	    "Credentials: AK/SK from CLOUD_SDK_AK and CLOUD_SDK_SK (+ CLOUD_SDK_SECURITY_TOKEN for temporary\n"
	    "keys) or --credentials-file, or a token from SWRTUI_TOKEN or --token-file; never a command-line\n"
	    "value. When both are configured, AK/SK wins unless --auth token says otherwise. With neither,\n"
	    "the terminal UI offers an IAM password login (the token stays in memory).\n"
	    "login asks for the IAM user, the account, the password (no echo), an MFA code and the region,\n"
	    "keeps the token in $XDG_STATE_HOME/swrtui/token (0600) and writes region, project_id,\n"
	    "instance_id and token_file to the profile; an expired token is reported with the time it\n"
	    "expired and \"swrtui login\" to renew it.\n"
	    "Flags win over the environment, the environment over the profile.\n"
	    "\n"
	    "Proxies: an https request goes through the first of https_proxy, HTTPS_PROXY, all_proxy,\n"
	    "ALL_PROXY that is set, unless no_proxy or NO_PROXY names its host; a loopback endpoint\n"
	    "(plain http:// included) is never reached through a proxy. check and --verbose show the\n"
	    "proxy, without its user and password.\n"
	    "\n",
	    f);
}

static void usage_keys(FILE *f)
{
	fputs(
	    "Keys in the terminal UI:\n"
	    "  list    Up/Down/PgUp/PgDn/Home/End move, Enter edit, n new, d delete, / filter by name,\n"
	    "          r refresh, p replication impact panel, i another instance\n"
	    "          (or region), q quit; Esc on a filtered list clears the\n"
	    "          filter first, then quits; Space marks a registry (* on its row, the count in the\n"
	    "          title), u unmarks all, R rotates the marked ones: a new access key and/or secret\n"
	    "          entered once (masked, F3 shows it), a confirmation, then each updated in turn with\n"
	    "          its result on its row (Esc stops between registries; Enter shows a failed row's\n"
	    "          error, r retries)\n"
	    "  picker  Up/Down move, Enter opens the instance, g another region, Esc or q quit\n"
	    "  form    Tab or Down next field, Shift-Tab or Up previous; typing edits the focused text field\n"
	    "          (the cursor starts at the end); on Type, Left, Right or Space change it;\n"
	    "          Space toggles the checkbox; Enter on DNS hosts opens its editor (a add, Enter edit,\n"
	    "          d remove); F3 or Ctrl-R shows or hides the secret; F5 probes the target; F6 or\n"
	    "          Alt-P the replication impact panel; F2 saves, then offers to run again the\n"
	    "          policies whose last run failed (Enter runs and follows them, Esc declines)\n"
	    "  impact  the policies that use the registry (source or destination) and their last run,\n"
	    "          failed ones marked ! (and red); Enter the policy's runs; r runs it again and follows\n"
	    "          the run (about every second, at most --timeout); Esc stops following, not the\n"
	    "          run; F5 reloads\n"
	    "  text    in a text field: Left/Right or Ctrl-B/Ctrl-F a character, Home/End or Ctrl-A/Ctrl-E\n"
	    "          the start/end, Alt-B/Alt-F or Ctrl-Left/Ctrl-Right a word back/forward (letters\n"
	    "          and digits; non-ASCII counts as letters); Backspace, Delete or Ctrl-D delete a\n"
	    "          character, Ctrl-W or Alt-Backspace the word before the cursor (back to a space),\n"
	    "          Ctrl-U to the start, Ctrl-K to the end; a pasted line break or tab becomes a space\n"
	    "          (dropped in a secret)\n"
	    "  errors  d decodes the encoded authorization message (AK/SK), m shows it whole, w writes it\n"
	    "          to a file (~ expanded; asks before overwriting; never through a symbolic link;\n"
	    "          shows the absolute path), i inspects the request\n"
	    "  always  Esc or F10 go back or quit (asking first when there are unsaved changes); F1 help\n"
	    "          on every screen (request log and inspector included); Home/End/PgUp/PgDn in every\n"
	    "          scrolling view; F4 the request log (method, path end, status, error code, duration,\n"
	    "          request id; Enter opens the inspector: / search, n/N next/previous match, s save\n"
	    "          the request redacted to a 0600 file, g/G top/bottom); Ctrl-L redraw;\n"
	    "          Ctrl-C cancels a running request and otherwise quits at once; an Alt chord is one\n"
	    "          key, never Esc: an unbound one does nothing\n"
	    "  confirm  y goes on; to delete or discard unsaved changes, Enter alone goes back (No is the\n"
	    "          default); other confirmations take Enter or y to go on; Esc or n go back\n"
	    "\n"
	    "Exit status: 0 done; 1 the service refused (the decoded error is on stderr); 2 usage error or\n"
	    "invalid input (nothing sent); 3 the service could not be reached (name resolution, connect,\n"
	    "TLS, timeout). For probe: 1 the target refused, 3 it could not be reached, 4 reachable;\n"
	    "credential not checked (no secret, or the masked *****) or the certificate verifies only\n"
	    "with --cacert (the service will refuse it unless \"insecure\": true). For replicate\n"
	    "--wait: 1 the run failed, 3 it could not be followed to its end. For rotate and import: 1 a\n"
	    "registry failed (the others were still tried), 130 Ctrl-C stopped it between registries (the\n"
	    "summary says what was done, failed and not tried). The terminal UI,\n"
	    "when it ends after a failed request, prints that decoded error on stderr as it exits.\n",
	    f);
}

__attribute__((format(printf, 3, 4))) static int usage_error(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return CLI_EXIT_USAGE;
}

/* The field of o that a switch of the option table sets, or NULL. */
static bool *switch_field(cli_opts *o, option_target t)
{
	switch (t) {
	case OPTION_JSON: return &o->json;
	case OPTION_YES: return &o->yes;
	case OPTION_WAIT: return &o->wait;
	case OPTION_DRY_RUN: return &o->dry_run;
	case OPTION_AKSK: return &o->aksk;
	case OPTION_VERBOSE: return &o->verbose;
	case OPTION_HELP: return &o->help;
	case OPTION_VERSION: return &o->version;
	case OPTION_PRUNE: return &o->prune;
	default: return NULL;
	}
}

/* The field of o that a value option of the table (other than a setting) sets, or NULL. */
static const char **value_field(cli_opts *o, option_target t)
{
	switch (t) {
	case OPTION_PROFILE: return &o->profile;
	case OPTION_NAME: return &o->name_filter;
	case OPTION_TYPE: return &o->type_filter;
	case OPTION_ORDER_BY: return &o->order_by;
	case OPTION_ORDER: return &o->order;
	case OPTION_ACCESS_KEY: return &o->access_key;
	case OPTION_NEW_ACCESS_KEY: return &o->new_access_key;
	case OPTION_SECRETS_FILE: return &o->secrets_file;
	default: return NULL;
	}
}

/* Keeps the value v of option opt: a setting (source SETTING_FLAG, origin its flag) or a field of o. */
static int store_value(cli_opts *o, const settings_option *opt, const char *v, char *err, size_t errlen)
{
	const char **field = value_field(o, opt->target);
	if (field) {
		*field = v;
		return 0;
	}
	if (opt->target != OPTION_SETTING)
		return usage_error(err, errlen, "option %.32s cannot be set here", opt->flag);
	if (settings_set(&o->settings, opt->setting, v, SETTING_FLAG, opt->flag) != 0)
		return usage_error(err, errlen, "%s", "out of memory");
	return 0;
}

/* "unknown option" naming the option (not a value after "=", which may be a secret) and the nearest
 * known one when it looks like a typo of it. */
static int unknown_option(const char *a, size_t nlen, char *err, size_t errlen)
{
	char typed[65];
	snprintf(typed, sizeof typed, "%.*s", (int)(nlen < 64 ? nlen : 64), a);
	const char *near = NULL;
	size_t best = SIZE_MAX;
	for (size_t k = 0; k < settings_option_count; k++) {
		size_t d = text_name_distance(typed, settings_options[k].flag);
		if (settings_options[k].target != OPTION_SECRET && d < best) {
			best = d;
			near = settings_options[k].flag;
		}
	}
	if (near && text_is_likely_typo(typed + 2, best))
		return usage_error(err, errlen, "unknown option \"%s\": did you mean \"%s\"? (see --help)", typed, near);
	return usage_error(err, errlen, "unknown option \"%s\" (see --help)", typed);
}

/* "unknown command", with the nearest command when it looks like a typo of one. */
static int unknown_command(const char *name, char *err, size_t errlen)
{
	const char *near = NULL;
	size_t best = SIZE_MAX;
	for (const cli_command *c = cli_commands; c->name; c++) {
		size_t d = text_name_distance(name, c->name);
		if (d < best) {
			best = d;
			near = c->name;
		}
	}
	if (near && text_is_likely_typo(name, best))
		return usage_error(err, errlen, "unknown command \"%.64s\": did you mean \"%s\"? (see --help)", name,
		                   near);
	return usage_error(err, errlen, "unknown command \"%.64s\" (see --help)", name);
}

/* The long option at argv[*i] ("--name", "--name=value", or "--name" then its value in the next word,
 * which *i then moves past), looked up in the option table and kept in o. 0, or CLI_EXIT_USAGE. */
static int parse_long_option(cli_opts *o, int argc, char **argv, int *i, char *err, size_t errlen)
{
	const char *a = argv[*i];
	const char *eq = strchr(a, '=');
	size_t nlen = eq ? (size_t)(eq - a) : strlen(a);
	const settings_option *opt = settings_option_by_flag(a, nlen);
	if (!opt)
		return unknown_option(a, nlen, err, errlen);
	if (opt->target == OPTION_SECRET)
		return usage_error(err, errlen,
		                   "%.*s is not accepted: a secret on the command line is visible to other users "
		                   "and kept in shell history; set SWRTUI_TOKEN or use --token-file FILE",
		                   (int)nlen, a);
	if (!opt->takes_value) {
		if (eq)
			return usage_error(err, errlen, "option %.32s takes no value", opt->flag);
		*switch_field(o, opt->target) = true;
		return 0;
	}
	const char *v;
	if (eq)
		v = eq + 1;
	else if (*i + 1 < argc)
		v = argv[++*i];
	else
		return usage_error(err, errlen, "option %.32s needs a value", opt->flag);
	if (!*v)
		return usage_error(err, errlen, "option %.32s needs a non-empty value", opt->flag);
	return store_value(o, opt, v, err, errlen);
}

/* A short option ("-h", "-V") of the option table, or NULL. */
static const settings_option *short_option(const char *a)
{
	if (a[0] != '-' || !a[1] || a[2])
		return NULL;
	for (size_t k = 0; k < settings_option_count; k++)
		if (settings_options[k].short_flag && settings_options[k].short_flag == a[1])
			return &settings_options[k];
	return NULL;
}

int cli_parse(int argc, char **argv, cli_opts *o, char *err, size_t errlen)
{
	memset(o, 0, sizeof *o);
	settings_init(&o->settings);
	bool options_done = false;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const settings_option *sopt = options_done ? NULL : short_option(a);
		if (!options_done && strcmp(a, "--") == 0) {
			options_done = true;
		} else if (sopt && !sopt->takes_value) {
			*switch_field(o, sopt->target) = true;
		} else if (options_done || a[0] != '-' || strcmp(a, "-") == 0) {
			if (!o->command)
				o->command = a;
			else if (o->nargs < CLI_MAX_ARGS)
				o->args[o->nargs++] = a;
			else
				return usage_error(err, errlen, "too many arguments at \"%.64s\"", a);
		} else if (a[1] != '-') {
			return usage_error(err, errlen, "unknown option \"%.64s\" (see --help)", a);
		} else if (parse_long_option(o, argc, argv, &i, err, errlen) != 0) {
			return CLI_EXIT_USAGE;
		}
	}
	if (o->command && strcmp(o->command, "help") == 0) { /* help [COMMAND] */
		o->help = true;
		o->help_command = o->nargs > 0 ? o->args[0] : NULL;
		if (o->nargs > 1)
			return usage_error(err, errlen, "%s", "help takes one command at most (swrtui help COMMAND)");
		if (o->help_command && !cli_is_command(o->help_command))
			return unknown_command(o->help_command, err, errlen);
		return 0;
	}
	if (o->command && !cli_is_command(o->command))
		return o->help || o->version ? 0 : unknown_command(o->command, err, errlen); /* help: the whole usage */
	if (o->help)
		o->help_command = o->command;
	return 0;
}

void cli_opts_free(cli_opts *o)
{
	settings_free(&o->settings);
}
