/* secret.h — handling of secret strings (tokens, passwords, access secrets): wiping memory that held
 * them, and reading them from files without leaving copies behind. */
#ifndef SWRTUI_SECRET_H
#define SWRTUI_SECRET_H

#include <stddef.h>

/* Overwrite n bytes with zeros in a way the compiler may not drop. NULL is allowed. */
void secret_wipe(void *p, size_t n);
/* Wipe a NUL-terminated string and free it. NULL is allowed. */
void secret_free(char *s);
/* Copy of s (NULL -> NULL). */
char *secret_strdup(const char *s);
/* Read a whole small file (at most max bytes) holding a secret; trailing whitespace and newlines are
 * removed. The file must be private (file_open_trusted with FILE_TRUST_SECRET: a regular file of yours,
 * mode 0600 or stricter, not a symbolic link); what names it in messages ("token file"). Returns malloc'd
 * text or NULL with a message in err. */
char *secret_read_file(const char *path, const char *what, size_t max, char *err, size_t errlen);

/* Whether a key name read from a file may be quoted in a message: 1 to SECRET_SHOWN_KEY_MAX lowercase
 * ASCII letters and underscores, as every key swrtui knows is written. Anything else (a token or a secret
 * key pasted as a line, whose '=' padding makes it look like "KEY=") is never shown. */
#define SECRET_SHOWN_KEY_MAX 32
int secret_key_showable(const char *key);

/* Moves the secret environment variables (SWRTUI_TOKEN, CLOUD_SDK_SK, CLOUD_SDK_SECURITY_TOKEN) into
 * private memory: their values in the environment block are overwritten and the variables removed, so
 * that the process environment no longer holds them. Called once at start. */
void secret_env_capture(void);
/* getenv() that also sees the captured secrets. */
const char *secret_getenv(const char *name);
/* Wipes and frees the captured copies (at exit). */
void secret_env_release(void);

#endif
