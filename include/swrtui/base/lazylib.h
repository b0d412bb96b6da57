/* lazylib.h — libcurl and libcrypto are opened at their first use, not at program start (see
 * src/base/lazylib.c), so that the terminal UI draws its first frame before paying for their loading. */
#ifndef SWRTUI_LAZYLIB_H
#define SWRTUI_LAZYLIB_H

#include <stddef.h>

/* Opens both libraries now (once). 0, or -1 with "cannot load libcurl: <why>" (or libcrypto) in err. */
int lazylib_load(char *err, size_t errlen);

/* The versions of the libraries as loaded (not as built against), for --version: "libcurl 7.88.1 (TLS:
 * OpenSSL/3.0.17)\nOpenSSL 3.0.17 1 Jul 2025\n". 0, or -1 with why they cannot be loaded in out. */
int lazylib_versions(char *out, size_t outlen);

#endif
