/* fuzz_proxy.c — libFuzzer target for the proxy rule (src/http/proxy.c): the input is lines: the
 * endpoint's scheme://host[:port], its Host (host[:port]), then the values of https_proxy, all_proxy,
 * no_proxy (a missing line: the variable is unset). The choice and its description are checked: a
 * loopback host or plain http:// never gets a proxy, a proxy comes only from a variable and is libcurl's
 * as given, and what is shown of it is the URL without what comes before the last '@' of its host part
 * (user and password); a direct choice is described "none (why)". */
#define _DEFAULT_SOURCE
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fuzz.h"
#include "swrtui/http/http.h"

static char *lines[5];
static bool present[5];

static const char *fake_env(const char *name)
{
	static const char *const names[] = {"https_proxy", "all_proxy", "no_proxy"};
	for (size_t i = 0; i < 3; i++)
		if (strcmp(name, names[i]) == 0)
			return present[i + 2] ? lines[i + 2] : NULL;
	return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 4096)
		return 0;
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (strlen(text) != size) { /* environment values and URLs hold no NUL */
		free(text);
		return 0;
	}
	char *p = text;
	for (size_t i = 0; i < 5; i++) {
		present[i] = p != NULL;
		lines[i] = p;
		if (p) {
			char *nl = strchr(p, '\n');
			if (nl) {
				*nl = '\0';
				p = nl + 1;
			} else {
				p = NULL;
			}
		}
	}
	const char *scheme_host = present[0] ? lines[0] : "";
	const char *host = present[1] ? lines[1] : "";
	api_proxy px;
	if (api_proxy_choose(scheme_host, host, fake_env, &px) == 0) {
		if (api_host_is_loopback(host) || strncasecmp(scheme_host, "https://", 8) != 0)
			FUZZ_ASSERT(px.url == NULL);
		if (px.url) {
			FUZZ_ASSERT(px.source != NULL && px.shown != NULL);
			const char *v = fake_env(px.source);
			FUZZ_ASSERT(v != NULL && strcmp(v, px.url) == 0 && *v);
			/* the user and password part of the proxy's host is never shown */
			const char *sep = strstr(px.url, "://");
			const char *auth = sep ? sep + 3 : px.url;
			size_t alen = strcspn(auth, "/?#");
			const char *at = NULL;
			for (const char *q = auth; q < auth + alen; q++)
				if (*q == '@')
					at = q;
			size_t dropped = at ? (size_t)(at + 1 - auth) : 0;
			FUZZ_ASSERT(strlen(px.shown) == strlen(px.url) - dropped);
			FUZZ_ASSERT(memcmp(px.shown, px.url, (size_t)(auth - px.url)) == 0);
		} else {
			FUZZ_ASSERT(px.why_direct != NULL && px.shown == NULL);
		}
		char *d = api_proxy_describe(&px);
		FUZZ_ASSERT(d != NULL);
		if (!px.url)
			FUZZ_ASSERT(strncmp(d, "none (", 6) == 0);
		free(d);
		api_proxy_free(&px);
	}
	(void)api_no_proxy_matches(present[4] ? lines[4] : NULL, host);
	free(text);
	return 0;
}
