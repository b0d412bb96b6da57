/* file.h — opening the files that decide where a credential goes (the profile, a token file, a
 * credentials file) only when nobody else could have written them: the one home of that rule. */
#ifndef SWRTUI_FILE_H
#define SWRTUI_FILE_H

#include <stdbool.h>
#include <stddef.h>

typedef enum {
	/* A token or keys: a regular file of the effective user with no permission bit for group or others
	 * (mode 0600 or stricter), never reached through a symbolic link. */
	FILE_TRUST_SECRET,
	/* The profile: a regular file owned by the effective user or root that group and others cannot
	 * write (OpenSSH's rule for ~/.ssh/config). A symbolic link is followed; the file it reaches is what
	 * is checked. */
	FILE_TRUST_CONFIG,
} file_trust;

/* Opens path for reading and checks the open descriptor (fstat, so nothing can be swapped between the
 * check and the read) against rule. A FIFO or a device is refused without waiting for a writer, a
 * directory is refused. what names the file in messages ("token file"); every refusal says how to fix
 * it (chmod 600 PATH, ...). Returns a blocking, close-on-exec descriptor, or -1 with err; *missing (may
 * be NULL) is set when the path does not exist. */
int file_open_trusted(const char *path, file_trust rule, const char *what, bool *missing, char *err,
                      size_t errlen);

/* Reads what is left of fd into a new buffer (NUL-terminated, *n bytes, at most max). NULL with err
 * when the file is larger than max or cannot be read; nothing read is left behind unwiped. The caller
 * wipes the buffer when it holds a secret. */
char *file_read_all(int fd, const char *path, const char *what, size_t max, size_t *n, char *err, size_t errlen);

#endif
