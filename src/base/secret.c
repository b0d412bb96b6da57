/* secret.c — wiping and reading secrets; see secret.h. */
#define _DEFAULT_SOURCE
#include "swrtui/base/secret.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "swrtui/base/file.h"

void secret_wipe(void *p, size_t n)
{
	if (p && n)
		explicit_bzero(p, n);
}

void secret_free(char *s)
{
	if (!s)
		return;
	secret_wipe(s, strlen(s));
	free(s);
}

char *secret_strdup(const char *s)
{
	return s ? strdup(s) : NULL;
}

char *secret_read_file(const char *path, const char *what, size_t max, char *err, size_t errlen)
{
	int fd = file_open_trusted(path, FILE_TRUST_SECRET, what, NULL, err, errlen);
	if (fd < 0)
		return NULL;
	size_t n = 0;
	char *buf = file_read_all(fd, path, what, max, &n, err, errlen);
	close(fd);
	if (!buf)
		return NULL;
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r' || buf[n - 1] == ' ' || buf[n - 1] == '\t'))
		n--;
	if (n == 0 || memchr(buf, '\0', n)) {
		secret_wipe(buf, n);
		free(buf);
		snprintf(err, errlen, "%s %s holds no usable secret", what, path);
		return NULL;
	}
	buf[n] = '\0';
	return buf;
}

int secret_key_showable(const char *key)
{
	size_t n = strspn(key, "abcdefghijklmnopqrstuvwxyz_");
	return n >= 1 && n <= SECRET_SHOWN_KEY_MAX && key[n] == '\0';
}

static const char *const secret_env_names[] = {"SWRTUI_TOKEN", "CLOUD_SDK_SK", "CLOUD_SDK_SECURITY_TOKEN"};
static char *secret_env_values[sizeof secret_env_names / sizeof secret_env_names[0]];
static bool secret_env_present[sizeof secret_env_names / sizeof secret_env_names[0]];

void secret_env_capture(void)
{
	for (size_t i = 0; i < sizeof secret_env_names / sizeof secret_env_names[0]; i++) {
		char *v = getenv(secret_env_names[i]);
		if (!v)
			continue;
		secret_env_values[i] = strdup(v);
		secret_env_present[i] = secret_env_values[i] != NULL;
		secret_wipe(v, strlen(v)); /* the bytes in the environment block itself */
		unsetenv(secret_env_names[i]);
	}
}

const char *secret_getenv(const char *name)
{
	for (size_t i = 0; i < sizeof secret_env_names / sizeof secret_env_names[0]; i++)
		if (secret_env_present[i] && strcmp(secret_env_names[i], name) == 0)
			return secret_env_values[i];
	return getenv(name);
}

void secret_env_release(void)
{
	for (size_t i = 0; i < sizeof secret_env_names / sizeof secret_env_names[0]; i++) {
		secret_free(secret_env_values[i]);
		secret_env_values[i] = NULL;
		secret_env_present[i] = false;
	}
}
