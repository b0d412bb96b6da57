/* settings.c — resolving the configuration from flags, environment and the profile file, and choosing
 * and loading the credential: AK/SK (environment or credentials file) or a token (environment or file). */
#define _DEFAULT_SOURCE
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "swrtui/base/buf.h"
#include "swrtui/base/file.h"
#include "swrtui/auth/credentials.h"
#include "swrtui/auth/tokenfile.h"
#include "swrtui/base/secret.h"
#include "swrtui/config/options.h"
#include "swrtui/config/settings.h"
#include "swrtui/swr/swr.h"

#define MAX_CONFIG_BYTES (1024 * 1024)
#define MAX_TOKEN_BYTES (64 * 1024)

void settings_init(settings *s)
{
	memset(s, 0, sizeof *s);
}

void settings_free(settings *s)
{
	for (int i = 0; i < SETTING_COUNT; i++) {
		free(s->v[i].value);
		free(s->v[i].origin);
	}
	free(s->profile);
	free(s->config_path);
	settings_init(s);
}

const char *settings_key_name(setting_key k)
{
	const settings_option *o = settings_option_of(OPTION_SETTING, k);
	return o ? o->profile_key : NULL;
}

const char *settings_key_flag(setting_key k)
{
	const settings_option *o = settings_option_of(OPTION_SETTING, k);
	return o ? o->flag : NULL;
}

const char *settings_key_env(setting_key k)
{
	const settings_option *o = settings_option_of(OPTION_SETTING, k);
	return o ? o->env : NULL;
}

int settings_set(settings *s, setting_key k, const char *value, setting_source src, const char *origin)
{
	setting *v = &s->v[k];
	if (v->source > src)
		return 0;
	char *nv = strdup(value);
	char *no = strdup(origin ? origin : "");
	if (!nv || !no) {
		free(nv);
		free(no);
		return -1;
	}
	free(v->value);
	free(v->origin);
	v->value = nv;
	v->origin = no;
	v->source = src;
	return 0;
}

static char *trim(char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	size_t n = strlen(p);
	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\r'))
		p[--n] = '\0';
	return p;
}

/* The keys a profile may hold, for the message about an unknown one: "endpoint, region, ...". */
static void known_profile_keys(char *out, size_t outlen)
{
	size_t used = 0;
	out[0] = '\0';
	for (size_t i = 0; i < settings_option_count && used < outlen; i++) {
		const settings_option *o = &settings_options[i];
		if (o->target != OPTION_SETTING || !o->profile_key)
			continue;
		int w = snprintf(out + used, outlen - used, "%s%s", used ? ", " : "", o->profile_key);
		if (w < 0)
			break;
		used += (size_t)w;
	}
}

/* A section header "[name]" or "[profile name]" at p: *in_section says whether it is the profile's. */
static int profile_section(char *p, const char *path, int lineno, const char *profile, int *in_section, char *err,
                           size_t errlen)
{
	char *end = strchr(p, ']');
	if (!end || *trim(end + 1) != '\0') {
		snprintf(err, errlen, "%s:%d: a section header is written [name]", path, lineno);
		return -1;
	}
	*end = '\0';
	char *name = trim(p + 1);
	if (strncmp(name, "profile ", 8) == 0)
		name = trim(name + 8);
	*in_section = strcmp(name, profile) == 0;
	return 0;
}

/* key = value of the profile's section: the setting of the option whose profile key it is, with "~/"
 * expanded for file paths. */
static int profile_assign(settings *s, const settings_option *o, const char *value, const char *path, int lineno,
                          const char *profile, char *err, size_t errlen)
{
	char *expanded = NULL;
	if (o->expand_home && value[0] == '~' && value[1] == '/' && getenv("HOME")) {
		buf b;
		buf_init(&b);
		buf_printf(&b, "%s%s", getenv("HOME"), value + 1);
		expanded = buf_take(&b);
		if (!expanded) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		value = expanded;
	}
	char origin[512];
	snprintf(origin, sizeof origin, "profile %s (%s:%d)", profile, path, lineno);
	int rc = settings_set(s, o->setting, value, SETTING_PROFILE, origin);
	free(expanded);
	if (rc != 0)
		snprintf(err, errlen, "out of memory");
	return rc;
}

/* A "key = value" line at p (quotes around the value are dropped). Unknown keys and secrets are errors
 * in every section; the value is kept only in the profile's own section. */
static int profile_line(settings *s, char *p, const char *path, int lineno, const char *profile, int in_section,
                        char *err, size_t errlen)
{
	char *eq = strchr(p, '=');
	if (!eq) {
		snprintf(err, errlen, "%s:%d: expected key = value", path, lineno);
		return -1;
	}
	*eq = '\0';
	char *key = trim(p), *value = trim(eq + 1);
	size_t vl = strlen(value);
	if (vl >= 2 && ((value[0] == '"' && value[vl - 1] == '"') || (value[0] == '\'' && value[vl - 1] == '\''))) {
		value[vl - 1] = '\0';
		value++;
	}
	const settings_option *o = settings_option_by_profile_key(key);
	if (o && o->target == OPTION_SECRET) {
		snprintf(err, errlen,
		         "%s:%d: secrets are not kept in the config file; use token_file = PATH "
		         "(a file readable only by you) or SWRTUI_TOKEN",
		         path, lineno);
		return -1;
	}
	if (!o || o->target != OPTION_SETTING) {
		char known[512];
		known_profile_keys(known, sizeof known);
		/* the key is quoted only when it looks like one: it may be a pasted secret */
		if (secret_key_showable(key))
			snprintf(err, errlen, "%s:%d: unknown key \"%s\" (known: %s)", path, lineno, key, known);
		else
			snprintf(err, errlen, "%s:%d: unknown key, not shown as it may be a secret (known: %s)", path, lineno,
			         known);
		return -1;
	}
	return in_section ? profile_assign(s, o, value, path, lineno, profile, err, errlen) : 0;
}

int settings_parse_profile(settings *s, const char *text, size_t len, const char *path, const char *profile,
                           int *found, char *err, size_t errlen)
{
	*found = 0;
	if (memchr(text, '\0', len)) {
		snprintf(err, errlen, "%s: the file contains a NUL byte", path);
		return -1;
	}
	char *copy = strndup(text, len);
	if (!copy) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	int rc = 0, lineno = 0, in_section = 0;
	for (char *line = copy; line && rc == 0;) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		lineno++;
		char *p = trim(line);
		if (*p == '\0' || *p == '#' || *p == ';') {
			/* blank or comment */
		} else if (*p == '[') {
			rc = profile_section(p, path, lineno, profile, &in_section, err, errlen);
			if (in_section)
				*found = 1;
		} else {
			rc = profile_line(s, p, path, lineno, profile, in_section, err, errlen);
		}
		line = nl ? nl + 1 : NULL;
	}
	free(copy);
	return rc;
}

static char *config_file_path(void)
{
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");
	buf b;
	buf_init(&b);
	if (xdg && *xdg)
		buf_printf(&b, "%s/swrtui/config", xdg);
	else if (home && *home)
		buf_printf(&b, "%s/.config/swrtui/config", home);
	else
		return NULL;
	return buf_take(&b);
}

/* The profile file's text, or NULL: *absent when there is none (which is fine unless a profile was asked
 * for by name), else with err. It must be a regular file that only its owner (you or root) can write. */
static char *read_profile_file(const char *path, size_t *n, bool *absent, char *err, size_t errlen)
{
	int fd = file_open_trusted(path, FILE_TRUST_CONFIG, "config file", absent, err, errlen);
	if (fd < 0)
		return NULL;
	char *text = file_read_all(fd, path, "config file", MAX_CONFIG_BYTES, n, err, errlen);
	close(fd);
	return text;
}

static int load_profile_file(settings *s, const char *profile, int explicit_profile, char *err, size_t errlen)
{
	char *path = config_file_path();
	if (!path)
		return 0;
	size_t n = 0;
	bool absent = false;
	char *text = read_profile_file(path, &n, &absent, err, errlen);
	if (!text) {
		if (absent && explicit_profile)
			snprintf(err, errlen, "profile \"%s\" was asked for, but %s does not exist", profile, path);
		free(path);
		return absent && !explicit_profile ? 0 : -1;
	}
	int found = 0;
	int rc = settings_parse_profile(s, text, n, path, profile, &found, err, errlen);
	free(text);
	if (rc == 0 && !found && explicit_profile) {
		snprintf(err, errlen, "profile \"%s\" is not in %s", profile, path);
		rc = -1;
	}
	if (rc == 0) {
		s->config_path = path;
		path = NULL;
	}
	free(path);
	return rc;
}

int settings_resolve(settings *s, const char *profile_flag, char *err, size_t errlen)
{
	for (size_t i = 0; i < settings_option_count; i++) {
		const settings_option *o = &settings_options[i];
		const char *v = o->target == OPTION_SETTING && o->env ? getenv(o->env) : NULL;
		if (v && *v && settings_set(s, o->setting, v, SETTING_ENV, o->env) != 0) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
	}
	const char *env_profile = getenv(settings_option_of(OPTION_PROFILE, SETTING_COUNT)->env);
	const char *profile = profile_flag ? profile_flag : (env_profile && *env_profile ? env_profile : "default");
	s->profile = strdup(profile);
	if (!s->profile) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (load_profile_file(s, profile, profile_flag != NULL || (env_profile && *env_profile), err, errlen) != 0)
		return -1;
	api_auth_kind forced;
	if (settings_auth_mode(s, &forced, err, errlen) != 0)
		return -1;
	const setting *t = &s->v[SETTING_TIMEOUT];
	if (t->value) {
		char *end = NULL;
		errno = 0;
		double secs = strtod(t->value, &end);
		if (errno || end == t->value || *end != '\0' || !(secs > 0) || secs > 3600) {
			snprintf(err, errlen, "%s: the timeout must be a number of seconds between 0 and 3600, not \"%s\"",
			         t->origin, t->value);
			return -1;
		}
	}
	const setting *a = &s->v[SETTING_ATTEMPTS];
	if (a->value && settings_max_attempts(s) == 0) {
		snprintf(err, errlen, "%s: attempts must be a whole number from 1 to %d, not \"%s\"", a->origin,
		         API_MAX_ATTEMPTS_LIMIT, a->value);
		return -1;
	}
	return 0;
}

int settings_max_attempts(const settings *s)
{
	const char *v = s->v[SETTING_ATTEMPTS].value;
	if (!v || !*v || strlen(v) > 2 || strspn(v, "0123456789") != strlen(v))
		return 0;
	int n = atoi(v);
	return n >= 1 && n <= API_MAX_ATTEMPTS_LIMIT ? n : 0;
}

char *settings_endpoint(const settings *s, char *err, size_t errlen)
{
	const setting *e = &s->v[SETTING_ENDPOINT], *r = &s->v[SETTING_REGION];
	if (e->value && (!r->value || e->source >= r->source))
		return strdup(e->value);
	if (r->value) {
		char *ep = api_region_endpoint(r->value);
		if (!ep)
			snprintf(err, errlen, "%s: \"%s\" is not a region id (such as cn-north-4)", r->origin, r->value);
		return ep;
	}
	snprintf(err, errlen,
	         "no endpoint: use --endpoint URL or --region REGION (or SWRTUI_ENDPOINT, SWRTUI_REGION, or a profile)");
	return NULL;
}

long settings_timeout_ms(const settings *s)
{
	const char *v = s->v[SETTING_TIMEOUT].value;
	if (!v)
		return 30000;
	double secs = strtod(v, NULL);
	long ms = (long)(secs * 1000.0);
	return ms > 0 ? ms : 1;
}

/* The info lines of a token file (tokenfile.h) into out; an expired token is refused here, before anything
 * is sent, with the time it expired and the command that renews it. 0, or -1 with err (out freed). */
static int token_file_checked(const char *file, api_auth *out, char *err, size_t errlen)
{
	token_file_info info;
	char why[160];
	if (token_file_parse(out->token, &info, why, sizeof why) != 0) {
		snprintf(err, errlen, "token file %s: %s", file, why);
		api_auth_free(out);
		return -1;
	}
	out->project_id = info.project_id;
	out->expires_at = info.expires_at;
	if (out->expires_at && token_expired(out->expires_at, time(NULL))) {
		snprintf(err, errlen,
		         "the token in %s expired at %.40s: run \"swrtui login\" to get a new one, or give another "
		         "token (SWRTUI_TOKEN, --token-file FILE)",
		         file, out->expires_at);
		api_auth_free(out);
		return -1;
	}
	return 0;
}

/* The token: SWRTUI_TOKEN, or the token file (--token-file, SWRTUI_TOKEN_FILE, token_file =); the
 * stronger source wins (the flag over SWRTUI_TOKEN over the variable and the profile). */
static int load_token(const settings *s, api_auth *out, char *err, size_t errlen)
{
	const setting *tf = &s->v[SETTING_TOKEN_FILE];
	const char *env = secret_getenv("SWRTUI_TOKEN");
	const char *file = NULL;
	if (tf->value && (tf->source > SETTING_ENV || !env || !*env))
		file = tf->value;
	if (file) {
		out->token = secret_read_file(file, "token file", MAX_TOKEN_BYTES, err, errlen);
		if (!out->token || token_file_checked(file, out, err, errlen) != 0)
			return -1;
		buf b;
		buf_init(&b);
		buf_printf(&b, "token file %s (%s)", file, tf->origin);
		out->source = buf_take(&b);
	} else if (env && *env) {
		out->token = secret_strdup(env);
		out->source = strdup("SWRTUI_TOKEN");
	} else {
		return 0;
	}
	for (const char *p = out->token; p && *p; p++) {
		if ((unsigned char)*p < 0x20 || *p == 0x7f) {
			snprintf(err, errlen, "the token from %s contains a control character", out->source);
			api_auth_free(out);
			return -1;
		}
	}
	if (!out->token || !out->source) {
		snprintf(err, errlen, "out of memory");
		api_auth_free(out);
		return -1;
	}
	out->kind = API_AUTH_TOKEN;
	return 0;
}

/* The credentials file to read, or NULL when CLOUD_SDK_AK/SK are used (or nothing is configured):
 * a --credentials-file flag wins over the environment's keys, which win over SWRTUI_CREDENTIALS_FILE
 * and the profile's credentials_file (as for the token). */
static const setting *keys_file(const settings *s)
{
	const setting *cf = &s->v[SETTING_CREDENTIALS_FILE];
	if (cf->value && *cf->value && (cf->source > SETTING_ENV || !credentials_env_present()))
		return cf;
	return NULL;
}

static bool keys_configured(const settings *s)
{
	return credentials_env_present() || keys_file(s) != NULL;
}

static int load_keys(const settings *s, api_auth *out, char *err, size_t errlen)
{
	const setting *cf = keys_file(s);
	if (!cf)
		return credentials_from_env(out, err, errlen);
	if (credentials_load_file(cf->value, out, err, errlen) != 0)
		return -1;
	buf b;
	buf_init(&b);
	buf_printf(&b, "%s (%s)", out->source, cf->origin);
	char *source = buf_take(&b);
	if (!source) {
		snprintf(err, errlen, "out of memory");
		api_auth_free(out);
		return -1;
	}
	free(out->source);
	out->source = source;
	return 0;
}

int settings_auth_mode(const settings *s, api_auth_kind *forced, char *err, size_t errlen)
{
	const setting *m = &s->v[SETTING_AUTH];
	*forced = API_AUTH_NONE;
	if (!m->value)
		return 0;
	if (strcmp(m->value, "token") == 0)
		*forced = API_AUTH_TOKEN;
	else if (strcmp(m->value, "aksk") == 0)
		*forced = API_AUTH_AKSK;
	else {
		snprintf(err, errlen, "%s: the authentication is \"token\" or \"aksk\", not \"%.64s\"", m->origin,
		         m->value);
		return -1;
	}
	return 0;
}

/* Which credential is used — the rule (README and the man page say the same):
 *  1. --auth token|aksk (or SWRTUI_AUTH, or auth = in the profile; the stronger source wins) forces that
 *     kind, and the other kind's settings are ignored. --auth aksk without keys is an error; --auth token
 *     without a token leaves no credential (as when nothing is configured).
 *  2. Otherwise AK/SK as soon as keys are configured (CLOUD_SDK_AK / CLOUD_SDK_SK, or a credentials file
 *     from --credentials-file, SWRTUI_CREDENTIALS_FILE or credentials_file =), even if a token is too.
 *  3. Otherwise the token (SWRTUI_TOKEN or the token file), or none. */
int settings_load_auth(const settings *s, api_auth *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof *out);
	api_auth_kind forced;
	if (settings_auth_mode(s, &forced, err, errlen) != 0)
		return -1;
	if (forced == API_AUTH_AKSK) {
		if (!keys_configured(s)) {
			snprintf(err, errlen,
			         "%s asks for AK/SK, but no keys are configured: set CLOUD_SDK_AK and CLOUD_SDK_SK, or use "
			         "--credentials-file FILE",
			         s->v[SETTING_AUTH].origin);
			return -1;
		}
		return load_keys(s, out, err, errlen);
	}
	if (forced == API_AUTH_NONE && keys_configured(s))
		return load_keys(s, out, err, errlen);
	return load_token(s, out, err, errlen);
}

/* ---- writing the profile (swrtui login) ---- */

/* The new text of the profile file: text with the section of profile holding keys = values. */
static void profile_rewrite(buf *out, const char *text, const char *profile, const char *const *keys,
                            const char *const *values, size_t n, bool *done)
{
	bool in_section = false, found = false;
	size_t blanks = 0; /* blank lines of the section not written yet: the keys added go before them */
	for (const char *line = text; line && *line;) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		char *copy = strndup(line, len);
		char *p = copy ? trim(copy) : NULL;
		if (p && in_section && *p == '\0') {
			blanks++;
			free(copy);
			line = nl ? nl + 1 : NULL;
			continue;
		}
		if (p && *p == '[') {
			if (in_section) /* the end of the profile's section: the keys not there yet */
				for (size_t k = 0; k < n; k++)
					if (!done[k] && (done[k] = true))
						buf_printf(out, "%s = %s\n", keys[k], values[k]);
			int in = 0;
			char err[8];
			in_section = profile_section(p, "", 0, profile, &in, err, sizeof err) == 0 && in;
			found = found || in_section;
		}
		for (; blanks > 0; blanks--)
			buf_putc(out, '\n');
		size_t k = n;
		if (p && in_section && *p != '[' && *p != '#' && *p != ';' && strchr(p, '=')) {
			char *eq = strchr(p, '=');
			*eq = '\0';
			for (k = 0; k < n && strcmp(trim(p), keys[k]) != 0; k++)
				;
		}
		if (k < n && !done[k]) {
			buf_printf(out, "%s = %s\n", keys[k], values[k]);
			done[k] = true;
		} else if (k == n) {
			buf_append(out, line, len);
			buf_putc(out, '\n');
		} /* else a second line of a key just written: dropped */
		free(copy);
		line = nl ? nl + 1 : NULL;
	}
	if (!found)
		buf_printf(out, "%s[%s]\n", out->len ? "\n" : "", profile);
	for (size_t k = 0; k < n; k++)
		if (!done[k])
			buf_printf(out, "%s = %s\n", keys[k], values[k]);
	for (; blanks > 0; blanks--)
		buf_putc(out, '\n');
}

/* mkdir of the folder of path (one level: $XDG_CONFIG_HOME/swrtui), 0700. */
static void make_config_dir(const char *path)
{
	char *dir = strdup(path);
	char *slash = dir ? strrchr(dir, '/') : NULL;
	if (slash && slash != dir) {
		*slash = '\0';
		char *up = strrchr(dir, '/');
		if (up && up != dir) {
			*up = '\0';
			mkdir(dir, 0700); /* $XDG_CONFIG_HOME or ~/.config */
			*up = '/';
		}
		mkdir(dir, 0700);
	}
	free(dir);
}

/* Replaces path with text: a new file (mode) beside it, renamed over it. 0, or -1 with err. */
static int replace_file(const char *path, const char *text, size_t len, mode_t mode, char *err, size_t errlen)
{
	buf tmp;
	buf_init(&tmp);
	buf_printf(&tmp, "%s.new-%ld", path, (long)getpid());
	int rc = -1;
	int fd = tmp.data ? open(tmp.data, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode) : -1;
	if (fd < 0) {
		snprintf(err, errlen, "cannot create %s: %s", tmp.data ? tmp.data : path, strerror(errno));
	} else {
		bool ok = fchmod(fd, mode) == 0 && (len == 0 || write(fd, text, len) == (ssize_t)len) && fsync(fd) == 0;
		ok = close(fd) == 0 && ok;
		if (ok && rename(tmp.data, path) == 0)
			rc = 0;
		else {
			snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
			unlink(tmp.data);
		}
	}
	buf_free(&tmp);
	return rc;
}

int settings_profile_store(const char *profile, const char *const *keys, const char *const *values, size_t n,
                           char **path_out, char *err, size_t errlen)
{
	for (size_t k = 0; k < n; k++)
		if (strpbrk(values[k], "\r\n") || strpbrk(profile, "[]\r\n")) {
			snprintf(err, errlen, "%s: a value for the profile holds a line break or a bracket", keys[k]);
			return -1;
		}
	char *path = config_file_path();
	if (!path) {
		snprintf(err, errlen, "neither XDG_CONFIG_HOME nor HOME is set: no place for the profile");
		return -1;
	}
	char *real = realpath(path, NULL); /* a profile that is a symbolic link: the file it reaches */
	if (real) {
		free(path);
		path = real;
	}
	make_config_dir(path);
	size_t len = 0;
	bool absent = false;
	char *text = read_profile_file(path, &len, &absent, err, errlen);
	struct stat st;
	mode_t mode = !absent && stat(path, &st) == 0 ? (st.st_mode & 0755) : 0600;
	if (!text && !absent) {
		free(path);
		return -1;
	}
	buf out;
	buf_init(&out);
	bool *done = calloc(n + 1, sizeof *done);
	profile_rewrite(&out, text ? text : "", profile, keys, values, n, done);
	int rc = done && out.data ? replace_file(path, out.data, out.len, mode, err, errlen) : -1;
	if (!done || !out.data)
		snprintf(err, errlen, "out of memory");
	free(done);
	free(text);
	buf_free(&out);
	if (rc == 0 && path_out)
		*path_out = path;
	else
		free(path);
	return rc;
}
