/* fuzz_echo.c — libFuzzer target for what stands between a server's text and the user: the input is a
 * secret (up to the first newline) and then text from a server. api_redact_echoes must leave no copy of
 * the secret in the text; text_printable must give valid UTF-8 without control, bidi or invisible
 * characters; text_json_safe must give valid UTF-8 without DEL, C1, bidi or invisible characters. */
#define _DEFAULT_SOURCE
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "swrtui/http/redact.h"

/* True when the n bytes at s are valid UTF-8 holding none of the characters text_cp_is_invisible names
 * and no control character (C0 but newline when allowed, DEL, C1). */
static bool shows_plainly(const char *s, size_t n, bool newline_ok, bool c0_ok)
{
	size_t i = 0;
	while (i < n) {
		unsigned cp;
		size_t len = text_utf8_decode((const unsigned char *)s + i, n - i, &cp);
		if (len == 0 || text_cp_is_invisible(cp) || cp == 0x7f || (cp >= 0x80 && cp < 0xa0))
			return false;
		if (cp < 0x20 && !c0_ok && !(newline_ok && cp == '\n'))
			return false;
		i += len;
	}
	return true;
}

/* True when the m bytes of needle occur in the n bytes of hay. */
static bool contains(const char *hay, size_t n, const char *needle, size_t m)
{
	for (size_t i = 0; m <= n && i <= n - m; i++)
		if (memcmp(hay + i, needle, m) == 0)
			return true;
	return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *in = (const char *)data;
	const char *nl = memchr(in, '\n', size);
	size_t sl = nl ? (size_t)(nl - in) : 0;
	char *secret = strndup(in, sl); /* stops at a NUL inside: a secret is a C string */
	FUZZ_ASSERT(secret);
	const char *text = nl ? nl + 1 : in;
	size_t tl = size - (size_t)(text - in);
	const char *const secrets[] = {secret};

	size_t out_len = 0;
	char *clean = api_redact_echoes(text, tl, secrets, 1, &out_len);
	const char *shown = clean ? clean : text;
	size_t shown_len = clean ? out_len : tl;
	sl = strlen(secret);
	/* "<redacted>" next to the text may spell a secret that holds '<' or '>': those are not asserted */
	if (sl >= API_REDACT_MIN_SECRET && !strpbrk(secret, "<>"))
		FUZZ_ASSERT(!contains(shown, shown_len, secret, sl));
	if (!clean && sl >= API_REDACT_MIN_SECRET)
		FUZZ_ASSERT(!contains(text, tl, secret, sl));

	for (int keep = 0; keep <= 1; keep++) {
		char *p = text_printable(shown, shown_len, keep ? 0 : 40, keep);
		FUZZ_ASSERT(p && shows_plainly(p, strlen(p), keep, false));
		free(p);
	}
	char *z = strndup(shown, shown_len);
	FUZZ_ASSERT(z);
	char *j = text_json_safe(z);
	FUZZ_ASSERT(j && shows_plainly(j, strlen(j), true, true));
	free(j);
	free(z);
	free(clean);
	free(secret);
	return 0;
}
