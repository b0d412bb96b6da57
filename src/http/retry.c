/* retry.c — the pure half of the retry rule (see http.h, "retries"): which methods may be sent twice,
 * which answers call for another attempt, how long Retry-After asks to wait (seconds or an HTTP date),
 * the backoff with jitter, and the line a status bar shows. The waiting itself is in client.c. */
#include <stdio.h>
#include <string.h>

#include "swrtui/http/http.h"

#define RETRY_AFTER_MAX_MS 86400000L /* a day: anything later is "too long" all the same */

bool api_method_idempotent(const char *method)
{
	static const char *const idempotent[] = {"GET", "HEAD", "PUT", "DELETE"};
	for (size_t i = 0; method && i < sizeof idempotent / sizeof idempotent[0]; i++)
		if (strcmp(method, idempotent[i]) == 0)
			return true;
	return false;
}

const char *api_retry_reason(const char *method, const api_result *res)
{
	if (!res || !api_method_idempotent(method))
		return NULL;
	if (res->transport == API_TRANSPORT_OTHER && res->dropped)
		return "connection lost";
	if (res->transport != API_TRANSPORT_OK || (res->status >= 200 && res->status < 300))
		return NULL;
	if (res->error.code && strcmp(res->error.code, "APIGW.0308") == 0)
		return "throttled (APIGW.0308)";
	if (res->status == 429)
		return "HTTP 429";
	if (res->status == 503)
		return "HTTP 503";
	return NULL;
}

/* ---- Retry-After ---- */

static bool take_digits(const char **p, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		char ch = (*p)[i];
		if (ch < '0' || ch > '9')
			return false;
		v = v * 10 + (ch - '0');
	}
	*p += n;
	*out = v;
	return true;
}

static bool take(const char **p, const char *lit)
{
	size_t n = strlen(lit);
	if (strncmp(*p, lit, n) != 0)
		return false;
	*p += n;
	return true;
}

static int take_month(const char **p)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	for (int m = 0; m < 12; m++) {
		if (strncmp(*p, months + 3 * m, 3) == 0) {
			*p += 3;
			return m + 1;
		}
	}
	return 0;
}

/* "Sun" (short) or "Sunday" (long) */
static bool take_day_name(const char **p, bool long_form)
{
	static const char *const days[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
	                                   "Sunday"};
	for (size_t i = 0; i < 7; i++) {
		size_t n = long_form ? strlen(days[i]) : 3;
		if (strncmp(*p, days[i], n) == 0) {
			*p += n;
			return true;
		}
	}
	return false;
}

static bool take_time(const char **p, int *h, int *mi, int *s)
{
	return take_digits(p, 2, h) && take(p, ":") && take_digits(p, 2, mi) && take(p, ":") && take_digits(p, 2, s) &&
	       *h <= 23 && *mi <= 59 && *s <= 60;
}

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar. */
static long long days_from_civil(long long y, int m, int d)
{
	y -= m <= 2;
	long long era = (y >= 0 ? y : y - 399) / 400;
	long long yoe = y - era * 400;
	long long doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* IMF-fixdate "Sun, 06 Nov 1994 08:49:37 GMT", RFC 850 "Sunday, 06-Nov-94 08:49:37 GMT" or asctime
 * "Sun Nov  6 08:49:37 1994"; seconds since the epoch, or -1. */
static long long parse_http_date(const char *s)
{
	int d = 0, mo = 0, y = 0, h = 0, mi = 0, sec = 0;
	const char *p = s;
	bool ok = false;
	if (take_day_name(&p, false) && take(&p, ", ")) { /* IMF-fixdate */
		ok = take_digits(&p, 2, &d) && take(&p, " ") && (mo = take_month(&p)) != 0 && take(&p, " ") &&
		     take_digits(&p, 4, &y) && take(&p, " ") && take_time(&p, &h, &mi, &sec) && take(&p, " GMT") && !*p;
	}
	p = s;
	if (!ok && take_day_name(&p, true) && take(&p, ", ")) { /* RFC 850 */
		ok = take_digits(&p, 2, &d) && take(&p, "-") && (mo = take_month(&p)) != 0 && take(&p, "-") &&
		     take_digits(&p, 2, &y) && take(&p, " ") && take_time(&p, &h, &mi, &sec) && take(&p, " GMT") && !*p;
		y += y < 70 ? 2000 : 1900;
	}
	p = s;
	if (!ok && take_day_name(&p, false) && take(&p, " ")) { /* asctime */
		ok = (mo = take_month(&p)) != 0 && take(&p, " ");
		if (ok && *p == ' ') {
			p++;
			ok = take_digits(&p, 1, &d);
		} else if (ok) {
			ok = take_digits(&p, 2, &d);
		}
		ok = ok && take(&p, " ") && take_time(&p, &h, &mi, &sec) && take(&p, " ") && take_digits(&p, 4, &y) && !*p;
	}
	if (!ok || d < 1 || d > 31)
		return -1;
	return days_from_civil(y, mo, d) * 86400 + h * 3600LL + mi * 60LL + sec;
}

long api_retry_after_ms(const char *value, long long now_ms)
{
	if (!value)
		return -1;
	while (*value == ' ' || *value == '\t')
		value++;
	size_t n = strlen(value);
	while (n > 0 && (value[n - 1] == ' ' || value[n - 1] == '\t'))
		n--;
	if (n == 0 || n > 64)
		return -1;
	char text[65];
	memcpy(text, value, n);
	text[n] = '\0';
	if (strspn(text, "0123456789") == n) { /* delta-seconds */
		long long secs = 0;
		for (size_t i = 0; i < n && secs <= RETRY_AFTER_MAX_MS / 1000; i++)
			secs = secs * 10 + (text[i] - '0');
		return secs > RETRY_AFTER_MAX_MS / 1000 ? RETRY_AFTER_MAX_MS : (long)(secs * 1000);
	}
	long long when = parse_http_date(text);
	if (when < 0)
		return -1;
	long long diff = when * 1000 - now_ms;
	if (diff <= 0)
		return 0;
	return diff > RETRY_AFTER_MAX_MS ? RETRY_AFTER_MAX_MS : (long)diff;
}

/* ---- backoff ---- */

long api_backoff_ms(int failed_attempts, unsigned rnd)
{
	long b = API_RETRY_BASE_MS;
	for (int i = 1; i < failed_attempts && b < API_RETRY_AFTER_CAP_MS; i++)
		b *= 2;
	if (b > API_RETRY_AFTER_CAP_MS)
		b = API_RETRY_AFTER_CAP_MS;
	long half = b / 2;
	return half + (long)(rnd % (unsigned long)(b - half + 1));
}

void api_retry_describe(const api_retry_info *info, char *out, size_t outlen)
{
	if (!outlen)
		return;
	const char *why = info->reason ? info->reason : "retry";
	if (info->phase == API_RETRY_SEND)
		snprintf(out, outlen, "%s: attempt %d of %d", why, info->next_attempt, info->max_attempts);
	else if (info->wait_ms <= 0)
		snprintf(out, outlen, "%s: retrying now (attempt %d of %d)", why, info->next_attempt, info->max_attempts);
	else if ((info->wait_ms + 99) / 100 < 10) /* "0.4 s", rounded up */
		snprintf(out, outlen, "%s: retrying in 0.%ld s (attempt %d of %d)", why, (info->wait_ms + 99) / 100,
		         info->next_attempt, info->max_attempts);
	else /* whole seconds, rounded up: a countdown never shows 0 */
		snprintf(out, outlen, "%s: retrying in %ld s (attempt %d of %d)", why, (info->wait_ms + 999) / 1000,
		         info->next_attempt, info->max_attempts);
}
