/* tokenfile.h — the token file that `swrtui login` writes and every token file reader understands: the
 * token on the first line, then optionally "expires_at = <IAM time>" and "project_id = <id>" lines (from
 * the IAM answer). A file holding the token alone is read as before. Written private: mode 0600, created
 * anew (O_EXCL, never through a symbolic link) and renamed into place. */
#ifndef SWRTUI_TOKENFILE_H
#define SWRTUI_TOKENFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

typedef struct {
	char *expires_at; /* as IAM wrote it ("2026-12-01T14:00:00.000000Z"), or NULL */
	char *project_id; /* the project the token is scoped to, or NULL */
} token_file_info;

void token_file_info_free(token_file_info *i);

/* Splits text (a token file's content, trailing blanks removed) in place: text keeps the token alone (the
 * first line); the other lines fill *info. 0, or -1 with err for a line that is not one of those keys
 * (never quoted: it may be a secret). Pure. */
int token_file_parse(char *text, token_file_info *info, char *err, size_t errlen);

/* An IAM time ("YYYY-MM-DDTHH:MM:SS[.ffffff]Z") as seconds since the epoch, or -1. Pure. */
long long token_time_parse(const char *s);
/* True when expires_at is a time at or before now. Pure. */
bool token_expired(const char *expires_at, time_t now);

/* The default place of the token of a profile: $XDG_STATE_HOME/swrtui/token (or ~/.local/state/...),
 * "token-PROFILE" for a profile other than "default". Malloc'd, or NULL with err. */
char *token_file_default_path(const char *profile, char *err, size_t errlen);

/* Writes token (and the info lines) to path: the folders made (0700) as needed, a new file of mode 0600
 * created next to it with O_EXCL and O_NOFOLLOW, then renamed over path. 0, or -1 with err. */
int token_file_write(const char *path, const char *token, const token_file_info *info, char *err,
                     size_t errlen);

#endif
