/* credentials.h — AK/SK key pairs: from the environment (CLOUD_SDK_AK, CLOUD_SDK_SK and, for temporary
 * keys, CLOUD_SDK_SECURITY_TOKEN) or from a credentials file that must be private to the user (a regular
 * file owned by them, mode 0600 or stricter). Messages name the file and never show a secret. */
#ifndef SWRTUI_CREDENTIALS_H
#define SWRTUI_CREDENTIALS_H

#include <stdbool.h>
#include <stddef.h>

#include "swrtui/auth/auth.h"

#define CREDENTIALS_ENV_AK "CLOUD_SDK_AK"
#define CREDENTIALS_ENV_SK "CLOUD_SDK_SK"
#define CREDENTIALS_ENV_TOKEN "CLOUD_SDK_SECURITY_TOKEN"
#define CREDENTIALS_MAX_BYTES (64 * 1024)

/* True when CLOUD_SDK_AK or CLOUD_SDK_SK is set to something non-empty. */
bool credentials_env_present(void);

/* Keys from the environment into out (kind API_AUTH_AKSK, ak, sk, security_token, source
 * "CLOUD_SDK_AK/CLOUD_SDK_SK"). 0, or -1 with err (one of the pair missing, a control character). */
int credentials_from_env(api_auth *out, char *err, size_t errlen);

/* Parse credentials text: either "key = value" lines (ak/access_key, sk/secret_key, security_token;
 * '#' comments; quotes around a value are removed), or the CSV the Huawei Cloud console downloads
 * (header "User Name,Access Key Id,Secret Access Key", then one line of values). name is used in
 * messages. Fills ak, sk, security_token and kind of out (not source). 0, or -1 with err. */
int credentials_parse(const char *text, size_t len, const char *name, api_auth *out, char *err, size_t errlen);

/* Read and parse a credentials file. Refused unless it is a regular file (not a symbolic link: opened
 * with O_NOFOLLOW, checked with fstat on the open descriptor) owned by the effective user, with no
 * permission bit for group or others. Sets source to "credentials file <path>". 0, or -1 with err. */
int credentials_load_file(const char *path, api_auth *out, char *err, size_t errlen);

#endif
