/* tokenfile.c — reading the info lines of a token file, the time a token expires, and writing a token
 * file privately (see tokenfile.h). */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "swrtui/auth/tokenfile.h"
#include "swrtui/base/buf.h"
#include "swrtui/base/secret.h"

void token_file_info_free(token_file_info *i)
{
	if (!i)
		return;
	free(i->expires_at);
	free(i->project_id);
	i->expires_at = i->project_id = NULL;
}

static char *trimmed(char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	size_t n = strlen(p);
	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\r'))
		p[--n] = '\0';
	return p;
}

/* "key = value" into info. 0, or -1. */
static int info_line(char *line, token_file_info *info)
{
	char *eq = strchr(line, '=');
	if (!eq)
		return -1;
	*eq = '\0';
	char *key = trimmed(line), *value = trimmed(eq + 1);
	char **slot = strcmp(key, "expires_at") == 0 ? &info->expires_at
	              : strcmp(key, "project_id") == 0 ? &info->project_id
	                                               : NULL;
	if (!slot || !*value)
		return -1;
	free(*slot);
	*slot = strdup(value);
	return *slot ? 0 : -1;
}

int token_file_parse(char *text, token_file_info *info, char *err, size_t errlen)
{
	memset(info, 0, sizeof *info);
	char *nl = strchr(text, '\n');
	if (!nl)
		return 0;
	size_t tl = (size_t)(nl - text);
	if (tl > 0 && text[tl - 1] == '\r')
		tl--;
	char *rest = nl + 1;
	int lineno = 1;
	for (char *line = rest; line && *line;) {
		char *next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		lineno++;
		char *p = trimmed(line);
		if (*p && *p != '#' && info_line(p, info) != 0) {
			snprintf(err, errlen, "line %d is not \"expires_at = TIME\" or \"project_id = ID\"", lineno);
			token_file_info_free(info);
			return -1;
		}
		line = next;
	}
	secret_wipe(text + tl, strlen(text + tl)); /* the token ends at its line */
	return 0;
}

long long token_time_parse(const char *s)
{
	int y, mo, d, h, mi, se, n = 0;
	if (!s || sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &se, &n) != 6)
		return -1;
	const char *p = s + n;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++)
			;
	if (strcmp(p, "Z") != 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60)
		return -1;
	struct tm tm = {.tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d, .tm_hour = h, .tm_min = mi, .tm_sec = se};
	time_t t = timegm(&tm);
	return t == (time_t)-1 ? -1 : (long long)t;
}

bool token_expired(const char *expires_at, time_t now)
{
	long long t = token_time_parse(expires_at);
	return t >= 0 && t <= (long long)now;
}

char *token_file_default_path(const char *profile, char *err, size_t errlen)
{
	const char *state = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
	buf b;
	buf_init(&b);
	if (state && *state == '/')
		buf_printf(&b, "%s/swrtui/", state);
	else if (home && *home)
		buf_printf(&b, "%s/.local/state/swrtui/", home);
	else {
		snprintf(err, errlen, "neither XDG_STATE_HOME nor HOME is set: no place for the token file");
		return NULL;
	}
	if (!profile || strcmp(profile, "default") == 0)
		buf_puts(&b, "token");
	else
		buf_printf(&b, "token-%s", profile);
	char *path = buf_take(&b);
	if (!path)
		snprintf(err, errlen, "out of memory");
	return path;
}

/* mkdir -p of the folder of path, new folders 0700. 0, or -1 with err. */
static int make_parent(const char *path, char *err, size_t errlen)
{
	char *dir = strdup(path);
	if (!dir) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	char *slash = strrchr(dir, '/');
	int rc = 0;
	if (slash && slash != dir) {
		*slash = '\0';
		for (char *p = dir + 1; rc == 0; p++) {
			if (*p != '/' && *p != '\0')
				continue;
			char c = *p;
			*p = '\0';
			if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
				snprintf(err, errlen, "cannot create %s: %s", dir, strerror(errno));
				rc = -1;
			}
			*p = c;
			if (c == '\0')
				break;
		}
	}
	free(dir);
	return rc;
}

static int write_all(int fd, const char *s, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, s, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

int token_file_write(const char *path, const char *token, const token_file_info *info, char *err,
                     size_t errlen)
{
	if (make_parent(path, err, errlen) != 0)
		return -1;
	buf tmp, body;
	buf_init(&tmp);
	buf_init(&body);
	buf_printf(&tmp, "%s.new-%ld", path, (long)getpid());
	buf_printf(&body, "%s\n", token);
	if (info && info->expires_at)
		buf_printf(&body, "expires_at = %s\n", info->expires_at);
	if (info && info->project_id)
		buf_printf(&body, "project_id = %s\n", info->project_id);
	int rc = -1;
	int fd = tmp.data ? open(tmp.data, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600) : -1;
	if (fd < 0) {
		snprintf(err, errlen, "cannot create %s: %s", tmp.data ? tmp.data : path, strerror(errno));
	} else if (fchmod(fd, 0600) != 0 || write_all(fd, body.data, body.len) != 0 || fsync(fd) != 0) {
		snprintf(err, errlen, "cannot write %s: %s", tmp.data, strerror(errno));
		close(fd);
		unlink(tmp.data);
	} else if (close(fd) != 0 || rename(tmp.data, path) != 0) {
		snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
		unlink(tmp.data);
	} else {
		rc = 0;
	}
	buf_free(&tmp);
	buf_free(&body); /* wiped: it held the token */
	return rc;
}
