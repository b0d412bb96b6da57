/* file.c — opening a file that decides where a credential goes only when nobody else could have
 * written it; see file.h. */
#define _DEFAULT_SOURCE
#include "swrtui/base/file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *kind_of(mode_t m)
{
	if (S_ISDIR(m))
		return "a directory";
	if (S_ISFIFO(m))
		return "a FIFO";
	if (S_ISSOCK(m))
		return "a socket";
	if (S_ISCHR(m) || S_ISBLK(m))
		return "a device";
	return "not a regular file";
}

/* The owner rule: the effective user, or root for a profile. */
static int check_owner(const struct stat *st, const char *path, file_trust rule, const char *what, char *err,
                       size_t errlen)
{
	unsigned long me = (unsigned long)geteuid(), owner = (unsigned long)st->st_uid;
	if (owner == me || (rule == FILE_TRUST_CONFIG && owner == 0))
		return 0;
	snprintf(err, errlen,
	         "%s %s belongs to user id %lu, not to you (user id %lu)%s: swrtui reads only a file that nobody else "
	         "can change; put a file of your own there (mode 0600), or have root give it to you (chown %lu %s)",
	         what, path, owner, me, rule == FILE_TRUST_CONFIG && me != 0 ? " nor to root" : "", me, path);
	return -1;
}

/* The permission rule: nothing for group and others (a secret), or no write for them (a profile). */
static int check_mode(const struct stat *st, const char *path, file_trust rule, const char *what, char *err,
                      size_t errlen)
{
	unsigned mode = (unsigned)(st->st_mode & 07777);
	if (rule == FILE_TRUST_SECRET && (st->st_mode & (S_IRWXG | S_IRWXO))) {
		snprintf(err, errlen, "%s %s is open to group or others (mode %04o); it must be private: run chmod 600 %s",
		         what, path, mode, path);
		return -1;
	}
	if (rule == FILE_TRUST_CONFIG && (st->st_mode & (S_IWGRP | S_IWOTH))) {
		snprintf(err, errlen,
		         "%s %s can be written by group or others (mode %04o), who could choose where your credential "
		         "goes: run chmod 600 %s",
		         what, path, mode, path);
		return -1;
	}
	return 0;
}

static int open_error(const char *path, file_trust rule, const char *what, bool *missing, char *err, size_t errlen)
{
	int e = errno;
	if (missing)
		*missing = e == ENOENT;
	if (rule == FILE_TRUST_SECRET && (e == ELOOP || e == EMLINK))
		snprintf(err, errlen,
		         "%s %s is a symbolic link: give the path of the file itself (a regular file of yours, "
		         "mode 0600)",
		         what, path);
	else
		snprintf(err, errlen, "cannot open %s %s: %s", what, path, strerror(e));
	return -1;
}

int file_open_trusted(const char *path, file_trust rule, const char *what, bool *missing, char *err,
                      size_t errlen)
{
	if (missing)
		*missing = false;
	/* O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below. */
	int flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | (rule == FILE_TRUST_SECRET ? O_NOFOLLOW : 0);
	int fd = open(path, flags);
	if (fd < 0)
		return open_error(path, rule, what, missing, err, errlen);
	struct stat st;
	int rc = -1;
	if (fstat(fd, &st) != 0)
		snprintf(err, errlen, "cannot examine %s %s: %s", what, path, strerror(errno));
	else if (!S_ISREG(st.st_mode))
		snprintf(err, errlen, "%s %s is %s, not a regular file", what, path, kind_of(st.st_mode));
	else if (check_owner(&st, path, rule, what, err, errlen) == 0 && check_mode(&st, path, rule, what, err, errlen) == 0)
		rc = 0;
	int fl = rc == 0 ? fcntl(fd, F_GETFL) : -1;
	if (rc == 0 && (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) != 0)) {
		snprintf(err, errlen, "cannot read %s %s: %s", what, path, strerror(errno));
		rc = -1;
	}
	if (rc != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

char *file_read_all(int fd, const char *path, const char *what, size_t max, size_t *n, char *err, size_t errlen)
{
	*n = 0;
	char *text = malloc(max + 1);
	if (!text) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	for (;;) {
		ssize_t r = read(fd, text + *n, max + 1 - *n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r == 0) {
			text[*n] = '\0';
			return text;
		}
		if (r < 0)
			snprintf(err, errlen, "cannot read %s %s: %s", what, path, strerror(errno));
		else if ((*n += (size_t)r) > max)
			snprintf(err, errlen, "%s %s is too large (more than %zu bytes)", what, path, max);
		else
			continue;
		explicit_bzero(text, *n); /* it may hold a secret (secret.h uses this module: no secret_wipe here) */
		free(text);
		*n = 0;
		return NULL;
	}
}
