/* test_lazylib.c — unit tests of lazylib.c: libcurl and libcrypto opened at first use, and every kind of
 * argument forwarded unchanged (setopt's long, pointer, function pointer and curl_off_t; getinfo's
 * pointer), so that the program behaves as if it were linked with the libraries. */
#define _POSIX_C_SOURCE 200809L
#define CURL_DISABLE_TYPECHECK 1
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <curl/curl.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include "swrtui/base/lazylib.h"

static void hex(const unsigned char *d, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", d[i]);
}

static void test_both_libraries_load(void **state)
{
	(void)state;
	char err[256] = "";
	assert_int_equal(lazylib_load(err, sizeof err), 0);
	assert_string_equal(err, "");
	assert_int_equal(lazylib_load(err, sizeof err), 0); /* once is enough; again is harmless */
}

static void test_setopt_forwards_longs_and_offsets(void **state)
{
	(void)state;
	CURL *e = curl_easy_init();
	assert_non_null(e);
	/* libcurl refuses these negative values and takes the others: a garbled value would go either way */
	CURLcode ok_long = curl_easy_setopt(e, CURLOPT_MAXREDIRS, 5L);
	CURLcode bad_long = curl_easy_setopt(e, CURLOPT_MAXREDIRS, -2L);
	CURLcode ok_off = curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)8 << 20);
	CURLcode bad_off = curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)-1);
	curl_easy_cleanup(e);
	assert_int_equal(ok_long, CURLE_OK);
	assert_int_equal(bad_long, CURLE_BAD_FUNCTION_ARGUMENT);
	assert_int_equal(ok_off, CURLE_OK);
	assert_int_equal(bad_off, CURLE_BAD_FUNCTION_ARGUMENT);
}

static void test_setopt_and_getinfo_forward_pointers(void **state)
{
	(void)state;
	CURL *e = curl_easy_init();
	assert_non_null(e);
	int marker = 0;
	assert_int_equal(curl_easy_setopt(e, CURLOPT_PRIVATE, (void *)&marker), CURLE_OK);
	char *got = NULL;
	CURLcode rc = curl_easy_getinfo(e, CURLINFO_PRIVATE, &got);
	curl_easy_cleanup(e);
	assert_int_equal(rc, CURLE_OK);
	assert_ptr_equal(got, (char *)&marker);
}

typedef struct {
	char data[64];
	size_t len;
} sink;

static size_t collect(char *p, size_t size, size_t n, void *arg)
{
	sink *s = arg;
	size_t k = size * n;
	if (s->len + k < sizeof s->data) {
		memcpy(s->data + s->len, p, k);
		s->len += k;
	}
	return k;
}

static void test_setopt_forwards_function_pointers(void **state)
{
	(void)state;
	char path[] = "/tmp/swrtui-lazylib-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "lazily loaded\n", 14), 14);
	close(fd);
	char url[64];
	snprintf(url, sizeof url, "file://%s", path);
	CURL *e = curl_easy_init();
	assert_non_null(e);
	sink s = {.len = 0};
	curl_easy_setopt(e, CURLOPT_URL, url);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, &s);
	CURLcode rc = curl_easy_perform(e);
	unlink(path);
	curl_easy_cleanup(e);
	assert_int_equal(rc, CURLE_OK);
	assert_int_equal(s.len, 14);
	assert_memory_equal(s.data, "lazily loaded\n", 14);
}

static void test_multi_url_and_messages(void **state)
{
	(void)state;
	CURLM *m = curl_multi_init();
	assert_non_null(m);
	assert_int_equal(curl_multi_setopt(m, CURLMOPT_MAX_TOTAL_CONNECTIONS, 1L), CURLM_OK);
	curl_multi_cleanup(m);
	CURLU *u = curl_url();
	assert_non_null(u);
	assert_int_equal(curl_url_set(u, CURLUPART_URL, "https://swr-api.example.com:8443/v2/", 0), CURLUE_OK);
	char *port = NULL;
	assert_int_equal(curl_url_get(u, CURLUPART_PORT, &port, 0), CURLUE_OK);
	assert_string_equal(port, "8443");
	curl_free(port);
	curl_url_cleanup(u);
	assert_string_equal(curl_easy_strerror(CURLE_OK), "No error");
}

static void test_crypto_digests(void **state)
{
	(void)state;
	unsigned char md[32];
	char out[65];
	assert_non_null(SHA256((const unsigned char *)"abc", 3, md));
	hex(md, 32, out);
	assert_string_equal(out, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	unsigned int len = 0;
	const char *msg = "The quick brown fox jumps over the lazy dog";
	assert_non_null(HMAC(EVP_sha256(), "key", 3, (const unsigned char *)msg, strlen(msg), md, &len));
	assert_int_equal(len, 32);
	hex(md, 32, out);
	assert_string_equal(out, "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_both_libraries_load),
		cmocka_unit_test(test_setopt_forwards_longs_and_offsets),
		cmocka_unit_test(test_setopt_and_getinfo_forward_pointers),
		cmocka_unit_test(test_setopt_forwards_function_pointers),
		cmocka_unit_test(test_multi_url_and_messages),
		cmocka_unit_test(test_crypto_digests),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
