/* credentials.c — AK/SK key pairs from the environment or from a private credentials file (key = value
 * lines, or the console's credentials.csv); see credentials.h. Copies of the text are wiped. */
#define _DEFAULT_SOURCE
#include "swrtui/auth/credentials.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "swrtui/base/file.h"
#include "swrtui/base/secret.h"

bool credentials_env_present(void)
{
	const char *ak = getenv(CREDENTIALS_ENV_AK), *sk = secret_getenv(CREDENTIALS_ENV_SK);
	return (ak && *ak) || (sk && *sk);
}

/* An access key goes into the Authorization header as it is: printable, no space or comma. */
static bool valid_ak(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p <= 0x20 || *p == 0x7f || *p == ',')
			return false;
	return *s != '\0';
}

static bool no_control(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return false;
	return true;
}

/* Checks the pair in out; -1 with a message prefixed by name (no secret shown). */
static int check_keys(const api_auth *out, const char *name, char *err, size_t errlen)
{
	if (!valid_ak(out->ak)) {
		snprintf(err, errlen, "%s: the access key (AK) holds a space, comma or control character", name);
		return -1;
	}
	if (!no_control(out->sk)) {
		snprintf(err, errlen, "%s: the secret key (SK) holds a control character", name);
		return -1;
	}
	if (out->security_token && (!valid_ak(out->security_token))) {
		snprintf(err, errlen, "%s: the security token holds a space, comma or control character", name);
		return -1;
	}
	return 0;
}

int credentials_from_env(api_auth *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof *out);
	const char *ak = getenv(CREDENTIALS_ENV_AK), *sk = secret_getenv(CREDENTIALS_ENV_SK);
	const char *tok = secret_getenv(CREDENTIALS_ENV_TOKEN);
	if (!ak || !*ak || !sk || !*sk) {
		snprintf(err, errlen, "%s is set but %s is not: set both (the access key and its secret key)",
		         ak && *ak ? CREDENTIALS_ENV_AK : CREDENTIALS_ENV_SK,
		         ak && *ak ? CREDENTIALS_ENV_SK : CREDENTIALS_ENV_AK);
		return -1;
	}
	out->ak = strdup(ak);
	out->sk = secret_strdup(sk);
	out->security_token = tok && *tok ? secret_strdup(tok) : NULL;
	out->source = strdup(CREDENTIALS_ENV_AK "/" CREDENTIALS_ENV_SK);
	if (!out->ak || !out->sk || (tok && *tok && !out->security_token) || !out->source) {
		snprintf(err, errlen, "out of memory");
		api_auth_free(out);
		return -1;
	}
	if (check_keys(out, "the environment (" CREDENTIALS_ENV_AK ", " CREDENTIALS_ENV_SK ", " CREDENTIALS_ENV_TOKEN
	                    ")",
	               err, errlen) != 0) {
		api_auth_free(out);
		return -1;
	}
	out->kind = API_AUTH_AKSK;
	return 0;
}

/* ---- parsing ---- */

static char *trim(char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	size_t n = strlen(p);
	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\r'))
		p[--n] = '\0';
	return p;
}

static char *unquote(char *v)
{
	size_t n = strlen(v);
	if (n >= 2 && ((v[0] == '"' && v[n - 1] == '"') || (v[0] == '\'' && v[n - 1] == '\''))) {
		v[n - 1] = '\0';
		v++;
	}
	return v;
}

/* Sets *slot to a copy of value; -1 when it was set already (reported by the caller). */
static int set_once(char **slot, const char *value, int *oom)
{
	if (*slot)
		return -1;
	*slot = secret_strdup(value);
	if (!*slot)
		*oom = 1;
	return 0;
}

/* Splits one CSV line in place into at most max fields (double quotes, "" inside quotes). Returns the
 * number of fields. */
static size_t csv_split(char *line, char **fields, size_t max)
{
	size_t n = 0;
	char *p = line;
	for (;;) {
		char *start = p, *w = p;
		bool quoted = false;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '"') {
			quoted = true;
			p++;
			start = w = p;
			while (*p) {
				if (*p == '"' && p[1] == '"') {
					*w++ = '"';
					p += 2;
				} else if (*p == '"') {
					p++;
					break;
				} else {
					*w++ = *p++;
				}
			}
			while (*p && *p != ',')
				p++; /* anything between the closing quote and the comma is dropped */
		} else {
			start = w = p;
			while (*p && *p != ',')
				*w++ = *p++;
		}
		char sep = *p;
		*w = '\0';
		if (n < max)
			fields[n] = quoted ? start : trim(start);
		n++;
		if (sep != ',')
			break;
		p++;
	}
	return n;
}

#define CSV_MAX_FIELDS 16

static int parse_csv(char *text, const char *name, api_auth *out, char *err, size_t errlen)
{
	int ak_col = -1, sk_col = -1, tok_col = -1, lineno = 0, header_line = 0, data_line = 0, oom = 0;
	char *fields[CSV_MAX_FIELDS];
	for (char *line = text; line;) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		lineno++;
		char *p = trim(line);
		line = nl ? nl + 1 : NULL;
		if (*p == '\0')
			continue;
		size_t nf = csv_split(p, fields, CSV_MAX_FIELDS);
		if (nf > CSV_MAX_FIELDS)
			nf = CSV_MAX_FIELDS;
		if (!header_line) {
			header_line = lineno;
			for (size_t i = 0; i < nf; i++) {
				if (strcasecmp(fields[i], "Access Key Id") == 0)
					ak_col = (int)i;
				else if (strcasecmp(fields[i], "Secret Access Key") == 0)
					sk_col = (int)i;
				else if (strcasecmp(fields[i], "Security Token") == 0)
					tok_col = (int)i;
			}
			if (ak_col < 0 || sk_col < 0) {
				snprintf(err, errlen,
				         "%s: line %d: the CSV header must name the columns \"Access Key Id\" and "
				         "\"Secret Access Key\" (as the console's credentials.csv does)",
				         name, lineno);
				return -1;
			}
			continue;
		}
		if (data_line) {
			snprintf(err, errlen, "%s: line %d: more than one key pair (the first is on line %d); keep one", name,
			         lineno, data_line);
			return -1;
		}
		data_line = lineno;
		int need = ak_col > sk_col ? ak_col : sk_col;
		if ((int)nf <= need) {
			snprintf(err, errlen,
			         "%s: line %d has %zu column%s; the header puts the access key in column %d and the "
			         "secret key in column %d",
			         name, lineno, nf, nf == 1 ? "" : "s", ak_col + 1, sk_col + 1);
			return -1;
		}
		if (*fields[ak_col])
			set_once(&out->ak, fields[ak_col], &oom);
		if (*fields[sk_col])
			set_once(&out->sk, fields[sk_col], &oom);
		if (tok_col >= 0 && tok_col < (int)nf && *fields[tok_col])
			set_once(&out->security_token, fields[tok_col], &oom);
	}
	if (oom) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (!data_line) {
		snprintf(err, errlen, "%s: the CSV has a header line but no line with the keys", name);
		return -1;
	}
	return 0;
}

static int parse_lines(char *text, const char *name, api_auth *out, char *err, size_t errlen)
{
	int lineno = 0, oom = 0;
	for (char *line = text; line;) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		lineno++;
		char *p = trim(line);
		line = nl ? nl + 1 : NULL;
		if (*p == '\0' || *p == '#' || *p == ';')
			continue;
		if (*p == '[') {
			snprintf(err, errlen, "%s: line %d: a credentials file holds one key pair, without [sections]", name,
			         lineno);
			return -1;
		}
		char *eq = strchr(p, '=');
		if (!eq) {
			/* the line is not shown: it may be a secret */
			snprintf(err, errlen, "%s: line %d: expected key = value (keys: ak, sk, security_token)", name, lineno);
			return -1;
		}
		*eq = '\0';
		char *key = trim(p), *value = unquote(trim(eq + 1));
		char **slot = NULL;
		const char *canonical = key;
		if (strcasecmp(key, "ak") == 0 || strcasecmp(key, "access_key") == 0 ||
		    strcasecmp(key, "access_key_id") == 0) {
			slot = &out->ak;
			canonical = "ak";
		} else if (strcasecmp(key, "sk") == 0 || strcasecmp(key, "secret_key") == 0 ||
		           strcasecmp(key, "secret_access_key") == 0) {
			slot = &out->sk;
			canonical = "sk";
		} else if (strcasecmp(key, "security_token") == 0) {
			slot = &out->security_token;
			canonical = "security_token";
		} else {
			/* the key is quoted only when it looks like one: it may be a pasted secret */
			bool show = secret_key_showable(key);
			snprintf(err, errlen, "%s: line %d: unknown key%s%s%s (known: ak or access_key, sk or secret_key, "
			         "security_token)", name, lineno, show ? " \"" : ", not shown as it may be a secret",
			         show ? key : "", show ? "\"" : "");
			return -1;
		}
		if (*value == '\0')
			continue; /* an empty value counts as absent */
		if (set_once(slot, value, &oom) != 0) {
			snprintf(err, errlen, "%s: line %d: %s is given twice", name, lineno, canonical);
			return -1;
		}
	}
	if (oom) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}

/* Whether the text is the console's CSV: its first non-blank line names the "Access Key Id" column. */
static bool looks_like_csv(const char *text)
{
	const char *p = text;
	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
		p++;
	const char *end = strchr(p, '\n');
	size_t n = end ? (size_t)(end - p) : strlen(p);
	if (*p == '#' || !memchr(p, ',', n))
		return false;
	for (size_t i = 0; i + 13 <= n; i++)
		if (strncasecmp(p + i, "Access Key Id", 13) == 0)
			return true;
	return false;
}

int credentials_parse(const char *text, size_t len, const char *name, api_auth *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof *out);
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) { /* a UTF-8 byte order mark */
		text += 3;
		len -= 3;
	}
	if (memchr(text, '\0', len)) {
		snprintf(err, errlen, "%s: the file contains a NUL byte; it is not a credentials file", name);
		return -1;
	}
	char *copy = malloc(len + 1);
	if (!copy) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	memcpy(copy, text, len);
	copy[len] = '\0';
	bool csv = looks_like_csv(copy);
	int rc = csv ? parse_csv(copy, name, out, err, errlen) : parse_lines(copy, name, out, err, errlen);
	secret_wipe(copy, len);
	free(copy);
	if (rc == 0 && (!out->ak || !out->sk)) {
		snprintf(err, errlen, "%s: no %s (%s)", name, !out->ak ? "access key" : "secret key",
		         csv ? (!out->ak ? "column \"Access Key Id\" is empty" : "column \"Secret Access Key\" is empty")
		             : (!out->ak ? "add a line ak = YOUR-AK" : "add a line sk = YOUR-SK"));
		rc = -1;
	}
	if (rc == 0)
		rc = check_keys(out, name, err, errlen);
	if (rc != 0) {
		api_auth_free(out);
		return -1;
	}
	out->kind = API_AUTH_AKSK;
	return 0;
}

/* ---- the file ---- */

int credentials_load_file(const char *path, api_auth *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof *out);
	int fd = file_open_trusted(path, FILE_TRUST_SECRET, "credentials file", NULL, err, errlen);
	if (fd < 0)
		return -1;
	int rc = -1;
	size_t n = 0;
	char *text = file_read_all(fd, path, "credentials file", CREDENTIALS_MAX_BYTES, &n, err, errlen);
	close(fd);
	if (!text)
		return -1;
	char name[4096 + 32];
	snprintf(name, sizeof name, "credentials file %s", path);
	if (credentials_parse(text, n, name, out, err, errlen) != 0)
		goto out;
	out->source = strdup(name);
	if (!out->source) {
		snprintf(err, errlen, "out of memory");
		api_auth_free(out);
		goto out;
	}
	rc = 0;
out:
	secret_wipe(text, n);
	free(text);
	return rc;
}
