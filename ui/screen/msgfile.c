/* msgfile.c — writes a text to a file the user names: the error panel's w (the encoded authorization
 * message) and the request inspector's s (the request as shown, redacted).
 * A leading ~ or ~user is expanded and a relative name made absolute (the note names the absolute
 * path); a new file is created 0600; an existing regular file is overwritten only after asking; a
 * symbolic link is never followed, and nothing but a regular file is written to. */
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "swrtui/base/buf.h"
#include "swrtui/base/text.h"
#include "screen.h"

/* The home directory of user name (the empty name: ours, $HOME first), or NULL. */
static const char *home_of(const char *name, size_t len)
{
	if (len == 0) {
		const char *h = getenv("HOME");
		if (h && *h)
			return h;
		struct passwd *pw = getpwuid(getuid());
		return pw ? pw->pw_dir : NULL;
	}
	char user[256];
	if (len >= sizeof user)
		return NULL;
	memcpy(user, name, len);
	user[len] = '\0';
	struct passwd *pw = getpwnam(user);
	return pw ? pw->pw_dir : NULL;
}

/* in with ~ expanded and made absolute (malloc'd), or NULL with the reason in note. */
static char *absolute_path(const char *in, char *note, size_t notelen)
{
	buf b;
	buf_init(&b);
	const char *rest = in;
	if (in[0] == '~') {
		size_t n = strcspn(in + 1, "/");
		const char *home = home_of(in + 1, n);
		if (!home) {
			snprintf(note, notelen, "cannot expand %.*s: no such user or no home directory; nothing was written",
			         (int)(n + 1 > 64 ? 64 : n + 1), in);
			return NULL;
		}
		buf_puts(&b, home);
		rest = in + 1 + n;
	} else if (in[0] != '/') {
		char *cwd = getcwd(NULL, 0);
		if (!cwd) {
			snprintf(note, notelen, "cannot tell the current directory: %s; nothing was written", strerror(errno));
			return NULL;
		}
		buf_puts(&b, cwd);
		buf_putc(&b, '/');
		free(cwd);
	}
	buf_puts(&b, rest);
	char *path = buf_take(&b);
	if (!path)
		snprintf(note, notelen, "out of memory; nothing was written");
	return path;
}

/* Asks before overwriting the regular file path (st its lstat). */
static bool ask_overwrite(const char *shown, const struct stat *st)
{
	char size[96];
	snprintf(size, sizeof size, "It exists: a file of %lld byte%s.", (long long)st->st_size,
	         st->st_size == 1 ? "" : "s");
	const char *body[] = {shown, size};
	return widget_confirm("Write to file", body, 2, "Overwrite it?", false);
}

/* Opens path to write: a new file (0600), or an existing regular file after asking, truncated. Never
 * through a symbolic link. The descriptor, or -1 with the reason in note. */
static int open_target(const char *path, const char *shown, char *note, size_t notelen)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd >= 0)
		return fd;
	struct stat st;
	if (errno != EEXIST || lstat(path, &st) != 0) {
		snprintf(note, notelen, "cannot write %s: %s", shown, strerror(errno));
		return -1;
	}
	if (S_ISLNK(st.st_mode)) {
		snprintf(note, notelen, "%s is a symbolic link: it is not followed; nothing was written", shown);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(note, notelen, "%s exists and is not a regular file; nothing was written", shown);
		return -1;
	}
	if (!ask_overwrite(shown, &st)) {
		snprintf(note, notelen, "%s exists and was kept; nothing was written", shown);
		return -1;
	}
	/* O_NONBLOCK: a FIFO put there since cannot hang the screen; it is refused below */
	fd = open(path, O_WRONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	struct stat now;
	if (fd < 0 || fstat(fd, &now) != 0 || !S_ISREG(now.st_mode) || now.st_ino != st.st_ino ||
	    now.st_dev != st.st_dev) {
		snprintf(note, notelen, "%s changed while asking (or cannot be opened: %s); nothing was written", shown,
		         fd < 0 ? strerror(errno) : "not the same file");
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (fchmod(fd, 0600) != 0 || ftruncate(fd, 0) != 0) { /* overwritten, it becomes private as a new one */
		snprintf(note, notelen, "cannot write %s: %s", shown, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

static int write_all(int fd, const char *s, size_t n)
{
	size_t off = 0;
	while (off < n) {
		ssize_t w = write(fd, s + off, n - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		off += (size_t)w;
	}
	return 0;
}

int ui_message_to_file(const char *name, const char *msg, char *note, size_t notelen)
{
	char *path = absolute_path(name, note, notelen);
	if (!path)
		return -1;
	char *shown = text_printable(path, strlen(path), 300, 0);
	const char *sh = shown ? shown : "the file";
	int rc = -1;
	int fd = open_target(path, sh, note, notelen);
	if (fd >= 0) {
		size_t n = strlen(msg);
		bool ok = write_all(fd, msg, n) == 0 && write_all(fd, "\n", 1) == 0;
		int err = errno;
		if (close(fd) != 0 && ok) {
			ok = false;
			err = errno;
		}
		if (ok)
			snprintf(note, notelen, "written to %s (%zu characters)", sh, n);
		else
			snprintf(note, notelen, "cannot write %s: %s", sh, strerror(err));
		rc = ok ? 0 : -1;
	}
	free(shown);
	free(path);
	return rc;
}
