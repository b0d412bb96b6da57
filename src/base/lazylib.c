/* lazylib.c — libcurl and libcrypto opened at their first use instead of at program start.
 *
 * libcurl brings some thirty shared libraries (TLS, SSH, LDAP, Kerberos, IDN, ...) and libcrypto alone
 * has thousands of symbols to relocate: loading them costs more than everything else swrtui does
 * before its first screen. swrtui is therefore linked without -lcurl and -lcrypto: this file defines
 * the functions of theirs that the program calls, and the first call of any of them opens the library
 * with dlopen() and forwards to it. The terminal UI draws its first frame before that happens. A
 * libcurl or libcrypto function called anywhere in the program must be listed here (the link of
 * swrtui fails otherwise); the real headers are included, so a wrong prototype does not compile.
 * Programs linked with the libraries as well (the unit tests) get these wrappers too; dlopen() then
 * finds the library already loaded. All calls come from the main thread.
 *
 * The variadic setopt/getinfo calls are forwarded with the argument type libcurl itself reads for the
 * option (a long, an object pointer, a function pointer or a curl_off_t), as its own setopt does. */
#define CURL_DISABLE_TYPECHECK 1
#include "swrtui/base/lazylib.h"

#include <curl/curl.h>
#include <dlfcn.h>
#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/opensslv.h>
#include <openssl/pem.h>
#include <openssl/sha.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define STR_(x) #x
#define STR(x) STR_(x)
#ifndef SWRTUI_LIBCURL
#define SWRTUI_LIBCURL "libcurl.so.4"
#endif
#ifndef SWRTUI_LIBCRYPTO
#ifdef OPENSSL_VERSION_MAJOR
#define SWRTUI_LIBCRYPTO "libcrypto.so." STR(OPENSSL_VERSION_MAJOR)
#else
#define SWRTUI_LIBCRYPTO "libcrypto.so.1.1"
#endif
#endif

typedef void (*any_fn)(void);

/* ---- the lists: name, return type, parameters, arguments, the value when the library is missing ---- */

#define CURL_FUNCTIONS(X)                                                                                        \
	X(curl_global_init_mem, CURLcode,                                                                            \
	  (long flags, curl_malloc_callback m, curl_free_callback f, curl_realloc_callback r,                        \
	   curl_strdup_callback s, curl_calloc_callback c),                                                          \
	  (flags, m, f, r, s, c), CURLE_FAILED_INIT)                                                                 \
	X(curl_easy_init, CURL *, (void), (), NULL)                                                                  \
	X(curl_easy_perform, CURLcode, (CURL * e), (e), CURLE_FAILED_INIT)                                           \
	X(curl_slist_append, struct curl_slist *, (struct curl_slist * l, const char *s), (l, s), NULL)             \
	X(curl_url, CURLU *, (void), (), NULL)                                                                       \
	X(curl_url_get, CURLUcode, (CURLU * u, CURLUPart what, char **part, unsigned int flags),                   \
	  (u, what, part, flags), CURLUE_OUT_OF_MEMORY)                                                              \
	X(curl_url_set, CURLUcode, (CURLU * u, CURLUPart what, const char *part, unsigned int flags),              \
	  (u, what, part, flags), CURLUE_OUT_OF_MEMORY)                                                              \
	X(curl_multi_init, CURLM *, (void), (), NULL)                                                                \
	X(curl_multi_add_handle, CURLMcode, (CURLM * m, CURL * e), (m, e), CURLM_INTERNAL_ERROR)                     \
	X(curl_multi_remove_handle, CURLMcode, (CURLM * m, CURL * e), (m, e), CURLM_INTERNAL_ERROR)                  \
	X(curl_multi_perform, CURLMcode, (CURLM * m, int *running), (m, running), CURLM_INTERNAL_ERROR)              \
	X(curl_multi_poll, CURLMcode,                                                                                \
	  (CURLM * m, struct curl_waitfd extra[], unsigned int nextra, int timeout_ms, int *numfds),                 \
	  (m, extra, nextra, timeout_ms, numfds), CURLM_INTERNAL_ERROR)                                              \
	X(curl_multi_info_read, CURLMsg *, (CURLM * m, int *left), (m, left), NULL)                                  \
	X(curl_multi_cleanup, CURLMcode, (CURLM * m), (m), CURLM_INTERNAL_ERROR)                                     \
	X(curl_version_info, curl_version_info_data *, (CURLversion v), (v), NULL)

/* name, parameters, arguments of the functions returning nothing */
#define CURL_VOID_FUNCTIONS(V)                                                                                   \
	V(curl_easy_reset, (CURL * e), (e))                                                                          \
	V(curl_easy_cleanup, (CURL * e), (e))                                                                        \
	V(curl_slist_free_all, (struct curl_slist * l), (l))                                                         \
	V(curl_free, (void *p), (p))                                                                                 \
	V(curl_url_cleanup, (CURLU * u), (u))

#define CRYPTO_FUNCTIONS(X)                                                                                      \
	X(SHA256, unsigned char *, (const unsigned char *d, size_t n, unsigned char *md), (d, n, md), NULL)          \
	X(HMAC, unsigned char *,                                                                                     \
	  (const EVP_MD *md, const void *key, int key_len, const unsigned char *data, size_t data_len,               \
	   unsigned char *out, unsigned int *out_len),                                                               \
	  (md, key, key_len, data, data_len, out, out_len), NULL)                                                    \
	X(EVP_sha256, const EVP_MD *, (void), (), NULL)                                                              \
	X(EVP_EncodeBlock, int, (unsigned char *t, const unsigned char *f, int n), (t, f, n), -1)                    \
	X(ASN1_STRING_get0_data, const unsigned char *, (const ASN1_STRING *x), (x), NULL)                           \
	X(ASN1_STRING_length, int, (const ASN1_STRING *x), (x), 0)                                                   \
	X(ASN1_TIME_diff, int, (int *pday, int *psec, const ASN1_TIME *from, const ASN1_TIME *to),                  \
	  (pday, psec, from, to), 0)                                                                                 \
	X(ASN1_TIME_to_tm, int, (const ASN1_TIME *s, struct tm *tm), (s, tm), 0)                                     \
	X(BIO_ctrl, long, (BIO * b, int cmd, long larg, void *parg), (b, cmd, larg, parg), 0)                         \
	X(BIO_free, int, (BIO * b), (b), 0)                                                                          \
	X(BIO_new, BIO *, (const BIO_METHOD *type), (type), NULL)                                                    \
	X(BIO_new_mem_buf, BIO *, (const void *buf, int len), (buf, len), NULL)                                      \
	X(BIO_s_mem, const BIO_METHOD *, (void), (), NULL)                                                           \
	X(OPENSSL_sk_new_null, OPENSSL_STACK *, (void), (), NULL)                                                    \
	X(OPENSSL_sk_num, int, (const OPENSSL_STACK *st), (st), -1)                                                  \
	X(OPENSSL_sk_push, int, (OPENSSL_STACK * st, const void *data), (st, data), 0)                               \
	X(OPENSSL_sk_value, void *, (const OPENSSL_STACK *st, int i), (st, i), NULL)                                 \
	X(PEM_read_bio_X509, X509 *, (BIO * b, X509 **x, pem_password_cb *cb, void *u), (b, x, cb, u), NULL)        \
	X(X509_NAME_cmp, int, (const X509_NAME *a, const X509_NAME *b), (a, b), -2)                                  \
	X(X509_NAME_print_ex, int, (BIO * out, const X509_NAME *nm, int indent, unsigned long flags),               \
	  (out, nm, indent, flags), -1)                                                                              \
	X(X509_STORE_CTX_get_error, int, (const X509_STORE_CTX *ctx), (ctx), X509_V_ERR_UNSPECIFIED)                 \
	X(X509_STORE_CTX_init, int,                                                                                  \
	  (X509_STORE_CTX * ctx, X509_STORE *store, X509 *x, STACK_OF(X509) * chain), (ctx, store, x, chain), 0)     \
	X(X509_STORE_CTX_new, X509_STORE_CTX *, (void), (), NULL)                                                    \
	X(X509_STORE_CTX_set_purpose, int, (X509_STORE_CTX * ctx, int purpose), (ctx, purpose), 0)                   \
	X(X509_STORE_load_file, int, (X509_STORE * s, const char *file), (s, file), 0)                               \
	X(X509_STORE_new, X509_STORE *, (void), (), NULL)                                                            \
	X(X509_STORE_set_default_paths, int, (X509_STORE * s), (s), 0)                                               \
	X(X509_check_host, int, (X509 * x, const char *chk, size_t len, unsigned int flags, char **peer),           \
	  (x, chk, len, flags, peer), -1)                                                                            \
	X(X509_check_ip_asc, int, (X509 * x, const char *ip, unsigned int flags), (x, ip, flags), -1)                \
	X(X509_cmp_current_time, int, (const ASN1_TIME *s), (s), 0)                                                  \
	X(X509_get0_notAfter, const ASN1_TIME *, (const X509 *x), (x), NULL)                                         \
	X(X509_get0_notBefore, const ASN1_TIME *, (const X509 *x), (x), NULL)                                        \
	X(X509_get_ext_d2i, void *, (const X509 *x, int nid, int *crit, int *idx), (x, nid, crit, idx), NULL)        \
	X(X509_get_issuer_name, X509_NAME *, (const X509 *x), (x), NULL)                                             \
	X(X509_get_subject_name, X509_NAME *, (const X509 *x), (x), NULL)                                            \
	X(X509_verify_cert, int, (X509_STORE_CTX * ctx), (ctx), -1)                                                  \
	X(X509_verify_cert_error_string, const char *, (long n), (n), "libcrypto could not be loaded")              \
	X(OpenSSL_version, const char *, (int t), (t), NULL)

#define CRYPTO_VOID_FUNCTIONS(V)                                                                                 \
	V(GENERAL_NAMES_free, (GENERAL_NAMES * a), (a))                                                              \
	V(OPENSSL_sk_pop_free, (OPENSSL_STACK * st, void (*fn)(void *)), (st, fn))                                   \
	V(X509_STORE_CTX_free, (X509_STORE_CTX * ctx), (ctx))                                                        \
	V(X509_STORE_free, (X509_STORE * s), (s))                                                                    \
	V(X509_free, (X509 * x), (x))

/* ---- the pointers to the real functions ---- */

#define FIELD(name, ret, params, args, fail) ret(*name) params;
#define VFIELD(name, params, args) void(*name) params;
static struct curl_fns {
	CURL_FUNCTIONS(FIELD)
	CURL_VOID_FUNCTIONS(VFIELD)
	CURLcode (*curl_easy_setopt)(CURL *, CURLoption, ...);
	CURLcode (*curl_easy_getinfo)(CURL *, CURLINFO, ...);
	CURLMcode (*curl_multi_setopt)(CURLM *, CURLMoption, ...);
	const char *(*curl_easy_strerror)(CURLcode);
} curl_real;
static struct crypto_fns {
	CRYPTO_FUNCTIONS(FIELD)
	CRYPTO_VOID_FUNCTIONS(VFIELD)
} crypto_real;
#undef FIELD
#undef VFIELD

typedef struct {
	const char *soname;
	int state; /* 0 not tried, 1 loaded, -1 failed */
	char error[256];
} lib;

static lib curl_lib = {SWRTUI_LIBCURL, 0, ""};
static lib crypto_lib = {SWRTUI_LIBCRYPTO, 0, ""};

static bool resolve(lib *l, void *handle, const char *name, void *fnptr)
{
	void *sym = dlsym(handle, name);
	if (!sym) {
		snprintf(l->error, sizeof l->error, "%s has no %s", l->soname, name);
		return false;
	}
	memcpy(fnptr, &sym, sizeof(any_fn)); /* POSIX: dlsym's result converts to a function pointer */
	return true;
}

static void *open_lib(lib *l)
{
	void *h = dlopen(l->soname, RTLD_NOW | RTLD_LOCAL);
	l->state = -1;
	if (!h) {
		const char *e = dlerror();
		snprintf(l->error, sizeof l->error, "%s", e ? e : l->soname);
	}
	return h;
}

#define RESOLVE(name)                                                                                            \
	if (!resolve(l, h, #name, &real->name))                                                                     \
		return false;
#define RESOLVE_X(name, ret, params, args, fail) RESOLVE(name)
#define RESOLVE_V(name, params, args) RESOLVE(name)

static bool curl_loaded(void)
{
	lib *l = &curl_lib;
	if (l->state == 0) {
		void *h = open_lib(l);
		if (!h)
			return false;
		struct curl_fns *real = &curl_real;
		CURL_FUNCTIONS(RESOLVE_X)
		CURL_VOID_FUNCTIONS(RESOLVE_V)
		RESOLVE(curl_easy_setopt)
		RESOLVE(curl_easy_getinfo)
		RESOLVE(curl_multi_setopt)
		RESOLVE(curl_easy_strerror)
		l->state = 1;
	}
	return l->state == 1;
}

static bool crypto_loaded(void)
{
	lib *l = &crypto_lib;
	if (l->state == 0) {
		void *h = open_lib(l);
		if (!h)
			return false;
		struct crypto_fns *real = &crypto_real;
		CRYPTO_FUNCTIONS(RESOLVE_X)
		CRYPTO_VOID_FUNCTIONS(RESOLVE_V)
		l->state = 1;
	}
	return l->state == 1;
}
#undef RESOLVE
#undef RESOLVE_X
#undef RESOLVE_V

int lazylib_load(char *err, size_t errlen)
{
	const char *what = !curl_loaded() ? "libcurl" : !crypto_loaded() ? "libcrypto" : NULL;
	if (!what)
		return 0;
	if (err && errlen)
		snprintf(err, errlen, "cannot load %s: %s", what,
		         curl_lib.state != 1 ? curl_lib.error : crypto_lib.error);
	return -1;
}

/* ---- the wrappers ---- */

#define WRAP(name, ret, params, args, fail, loaded, real)                                                        \
	ret name params                                                                                              \
	{                                                                                                            \
		if (!loaded())                                                                                           \
			return fail;                                                                                         \
		return real.name args;                                                                                   \
	}
#define WRAP_VOID(name, params, args, loaded, real)                                                              \
	void name params                                                                                             \
	{                                                                                                            \
		if (loaded())                                                                                            \
			real.name args;                                                                                      \
	}
#define WRAP_CURL(name, ret, params, args, fail) WRAP(name, ret, params, args, fail, curl_loaded, curl_real)
#define WRAP_CURL_VOID(name, params, args) WRAP_VOID(name, params, args, curl_loaded, curl_real)
#define WRAP_CRYPTO(name, ret, params, args, fail) WRAP(name, ret, params, args, fail, crypto_loaded, crypto_real)
#define WRAP_CRYPTO_VOID(name, params, args) WRAP_VOID(name, params, args, crypto_loaded, crypto_real)
CURL_FUNCTIONS(WRAP_CURL)
CURL_VOID_FUNCTIONS(WRAP_CURL_VOID)
CRYPTO_FUNCTIONS(WRAP_CRYPTO)
CRYPTO_VOID_FUNCTIONS(WRAP_CRYPTO_VOID)

const char *curl_easy_strerror(CURLcode code)
{
	if (!curl_loaded())
		return curl_lib.error;
	return curl_real.curl_easy_strerror(code);
}

CURLcode curl_easy_setopt(CURL *e, CURLoption option, ...)
{
	if (!curl_loaded())
		return CURLE_FAILED_INIT;
	va_list ap;
	va_start(ap, option);
	CURLcode rc;
	if (option < CURLOPTTYPE_OBJECTPOINT)
		rc = curl_real.curl_easy_setopt(e, option, va_arg(ap, long));
	else if (option < CURLOPTTYPE_FUNCTIONPOINT || option >= CURLOPTTYPE_BLOB)
		rc = curl_real.curl_easy_setopt(e, option, va_arg(ap, void *));
	else if (option < CURLOPTTYPE_OFF_T)
		rc = curl_real.curl_easy_setopt(e, option, va_arg(ap, any_fn));
	else
		rc = curl_real.curl_easy_setopt(e, option, va_arg(ap, curl_off_t));
	va_end(ap);
	return rc;
}

CURLMcode curl_multi_setopt(CURLM *m, CURLMoption option, ...)
{
	if (!curl_loaded())
		return CURLM_INTERNAL_ERROR;
	va_list ap;
	va_start(ap, option);
	CURLMcode rc;
	if (option < CURLOPTTYPE_OBJECTPOINT)
		rc = curl_real.curl_multi_setopt(m, option, va_arg(ap, long));
	else if (option < CURLOPTTYPE_FUNCTIONPOINT)
		rc = curl_real.curl_multi_setopt(m, option, va_arg(ap, void *));
	else if (option < CURLOPTTYPE_OFF_T)
		rc = curl_real.curl_multi_setopt(m, option, va_arg(ap, any_fn));
	else
		rc = curl_real.curl_multi_setopt(m, option, va_arg(ap, curl_off_t));
	va_end(ap);
	return rc;
}

CURLcode curl_easy_getinfo(CURL *e, CURLINFO info, ...)
{
	if (!curl_loaded())
		return CURLE_FAILED_INIT;
	va_list ap;
	va_start(ap, info);
	CURLcode rc = curl_real.curl_easy_getinfo(e, info, va_arg(ap, void *)); /* always where to put the result */
	va_end(ap);
	return rc;
}

int lazylib_versions(char *out, size_t outlen)
{
	char err[320];
	if (lazylib_load(err, sizeof err) != 0) {
		snprintf(out, outlen, "%s", err);
		return -1;
	}
	const curl_version_info_data *v = curl_version_info(CURLVERSION_NOW);
	const char *ssl = OpenSSL_version(OPENSSL_VERSION);
	snprintf(out, outlen, "libcurl %s (TLS: %s)\n%s\n", v && v->version ? v->version : "?",
	         v && v->ssl_version ? v->ssl_version : "none", ssl ? ssl : "OpenSSL ?");
	return 0;
}
