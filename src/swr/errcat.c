/* errcat.c — a hint for each known error code of SWR (SVCSTG.SWR.*) and of the API gateway (APIGW.*, with
 * the sub-messages of APIGW.0301), for a bare status, and for a TLS failure; see errcat.h. */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "swrtui/base/buf.h"
#include "swrtui/base/text.h"
#include "swrtui/http/reqlog.h"

#include "swrtui/swr/errcat.h"

static const struct {
	const char *code;
	const char *hint;
} hints[] = {
	{"SVCSTG.SWR.4010000", "authentication failed: the token has probably expired; get a new token (swrtui login)"},
	{"SVCSTG.S2I.4019000", "the request carried no token and no AK/SK signature; set SWRTUI_TOKEN or use --token-file"},
	{"SVCSTG.SWR.4011064", "cross-account access was refused: use a credential of the account that owns the instance"},
	{"SVCSTG.SWR.4030170", "insufficient permissions: grant the IAM action for this operation (swr:instance:<the action>, for example updateRegistry); decode the encoded authorization message through STS to see which policy denied it"},
	{"SVCSTG.SWR.4039001", "the resource does not belong to you: check the project and instance IDs"},
	{"SVCSTG.SWR.4039002", "no permission for this operation: grant the IAM action for it"},
	{"SVCSTG.SWR.4031032", "too many requests: wait a moment and retry"},
	{"SVCSTG.SWR.4031042", "too many requests: wait a moment and retry"},
	{"SVCSTG.SWR.4000014", "invalid parameters: read the message, fix the named field and send again"},
	{"SVCSTG.SWR.4001014", "a mandatory parameter is missing: fill in the named field"},
	{"SVCSTG.SWR.4001037", "this registry type is not supported: use swr-pro, swr-pro-internal or huawei-SWR"},
	{"SVCSTG.SWR.4000031", "the registry's access key or secret is invalid: check the credential of the target registry"},
	{"SVCSTG.SWR.4001013", "the registry's access key and secret are empty: enter both"},
	{"SVCSTG.SWR.4040083", "not found: check the project ID, instance ID and registry ID"},
	{"SVCSTG.SWR.4090023", "the system is busy: retry later"},
	{"SVCSTG.SWR.5001038", "the target registry is unavailable: check that its URL answers from the SWR service"},
	{"SVCSTG.SWR.5000007", "internal error while reading: retry later, and quote the request ID to support if it persists"},
	{"SVCSTG.SWR.5000011", "internal error while updating: retry later, and quote the request ID to support if it persists"},
	{"SVCSTG.SWR.5000005", "internal error while deleting: retry later, and quote the request ID to support if it persists"},
	{"SVCSTG.SWR.5000046", "internal error while creating: retry later, and quote the request ID to support if it persists"},
	{"APIGW.0101", "the API does not exist: check the endpoint (host), the path and the method"},
	{"APIGW.0302", "this IAM user may not call this API: check the user's IAM policies"},
	{"APIGW.0307", "the token must be renewed (swrtui login): it expired or was issued for another region"},
	{"APIGW.0308", "throttled by the API gateway: wait and retry (see Retry-After)"},
	{"APIGW.0310", "the project is unavailable: check the project ID and the account's status"},
	{"APIGW.0801", "the service is not available in this region"},
	{"APIGW.0802", "the IAM user is forbidden in this region"},
	{"APIGW.0201", "the request is too large (signed bodies are limited to 12 MB)"},
};

static const char *apigw0301_hint(const char *msg)
{
	if (!msg)
		msg = "";
	if (strstr(msg, "verify aksk signature fail"))
		return "the AK/SK signature does not match: when the gateway's canonical request is the one swrtui signed (--verbose "
		       "shows both), the secret key does not belong to this access key or was mistyped; else the differing "
		       "line names what changed on the way";
	if (strstr(msg, "reach the limit"))
		return "the AK is locked for 5 minutes after more than 5 failures in a row: wait, then check the SK";
	if (strstr(msg, "ak not exist"))
		return "the access key does not exist: check CLOUD_SDK_AK";
	if (strstr(msg, "signature expired"))
		return "the signature expired: the clock is more than 15 minutes off, or temporary keys expired";
	if (strstr(msg, "token expires"))
		return "the token expired: get a new token (swrtui login)";
	return "IAM authentication failed at the API gateway: check the token or the keys";
}

const char *errcat_hint(long status, const char *code, const char *msg)
{
	if (code) {
		if (strcmp(code, "APIGW.0301") == 0)
			return apigw0301_hint(msg);
		for (size_t i = 0; i < sizeof hints / sizeof hints[0]; i++)
			if (strcmp(hints[i].code, code) == 0)
				return hints[i].hint;
	}
	switch (status) {
	case 401: return "authentication failed: check the token (it lives 24 hours and only works in its region; swrtui login gets a new one)";
	case 403: return "access denied: check the IAM permissions of the user";
	case 404: return "not found: check the endpoint, project ID, instance ID and registry ID";
	case 429: return "too many requests: wait and retry";
	case 502:
	case 503:
	case 504: return "the service or a proxy in front of it is unavailable: retry later";
	default: return NULL;
	}
}

const char *errcat_tls_hint(const char *msg)
{
	if (!msg)
		msg = "";
	if (strstr(msg, "another host name"))
		return "the server's certificate was issued for another host name: check the host of the endpoint "
		       "(verification is never turned off)";
	if (strstr(msg, "has expired") || strstr(msg, "not yet valid"))
		return "the server's certificate is outside its validity period (or this machine's clock is wrong): "
		       "it must be renewed (verification is never turned off)";
	return "the server's certificate could not be verified; if it is signed by a private CA, pass that CA "
	       "with --cacert FILE (verification is never turned off)";
}

/* ---- the IAM action of a request ---- */

static const struct {
	const char *method;
	const char *path; /* after ".../instances/{id}/"; "*" is one segment */
	const char *action;
} actions[] = {
	{"GET", "registries", "swr:instance:listRegistries"},
	{"POST", "registries", "swr:instance:createRegistry"},
	{"GET", "registries/*", "swr:instance:getRegistry"},
	{"PUT", "registries/*", "swr:instance:updateRegistry"},
	{"DELETE", "registries/*", "swr:instance:deleteRegistry"},
	{"GET", "replication/policies", "swr:instance:listReplicationPolicies"},
	{"GET", "replication/policies/*", "swr:instance:getReplicationPolicy"},
	{"GET", "replication/executions", "swr:instance:listReplicationExecutions"},
	{"POST", "replication/executions", "swr:instance:createReplicationExecution"},
};

/* True when path (up to end, one trailing "/" allowed) matches the pattern, "*" being one segment. */
static int path_matches(const char *pat, const char *p, const char *end)
{
	while (*pat) {
		if (*pat == '*') {
			const char *s = p;
			while (p < end && *p != '/')
				p++;
			if (p == s)
				return 0;
			pat++;
		} else if (p < end && *p == *pat) {
			p++;
			pat++;
		} else {
			return 0;
		}
	}
	return p == end || (p + 1 == end && *p == '/');
}

const char *errcat_action(const char *method, const char *url)
{
	if (!method || !url)
		return NULL;
	const char *p = strstr(url, "/instances/");
	if (!p)
		return NULL;
	p = strchr(p + 11, '/');
	if (!p)
		return NULL;
	p++;
	const char *end = p + strcspn(p, "?#");
	for (size_t i = 0; i < sizeof actions / sizeof actions[0]; i++)
		if (strcasecmp(actions[i].method, method) == 0 && path_matches(actions[i].path, p, end))
			return actions[i].action;
	return NULL;
}

char *errcat_hint_for(long status, const char *code, const char *msg, const char *action,
                      const char *decoded_action)
{
	const char *hint = errcat_hint(status, code, msg);
	if (!hint)
		return NULL;
	const char *a = decoded_action && *decoded_action ? decoded_action : action;
	bool perm = code && (strcmp(code, "SVCSTG.SWR.4030170") == 0 || strcmp(code, "SVCSTG.SWR.4039002") == 0 ||
	                     strcmp(code, "APIGW.0302") == 0);
	if (!code && status == 403)
		perm = true;
	buf b;
	buf_init(&b);
	if (!perm || !a) {
		buf_puts(&b, hint);
	} else {
		char *an = text_printable(a, strlen(a), 200, 0);
		buf_printf(&b, "%s: grant the IAM action %s%s to this user", code ? "insufficient permissions" : "access denied",
		           an ? an : "",
		           a == decoded_action ? " (as STS decoded it)" : "");
		free(an);
		if (code && strcmp(code, "SVCSTG.SWR.4030170") == 0 && a != decoded_action)
			buf_puts(&b, "; decode the encoded authorization message through STS to see which policy denied it");
	}
	return buf_take(&b);
}

/* ---- the signature diagnosis ---- */

/* Line n (1-based) of s: its start and length; NULL past the end. */
static const char *nth_line(const char *s, int n, size_t *len)
{
	for (int i = 1; i < n; i++) {
		const char *nl = strchr(s, '\n');
		if (!nl)
			return NULL;
		s = nl + 1;
	}
	*len = strcspn(s, "\n");
	return s;
}

static int count_lines(const char *s)
{
	int n = 1;
	for (; *s; s++)
		if (*s == '\n')
			n++;
	return n;
}

/* What line n of a canonical request (text s) is, and the usual cause of its change. */
static void classify(const char *s, int n, errcat_sig_diag *d)
{
	size_t len = 0;
	const char *l = nth_line(s, n, &len);
	int blank = 0; /* the empty line after the headers */
	for (int i = 4; i <= count_lines(s); i++) {
		size_t k;
		if (nth_line(s, i, &k) && k == 0) {
			blank = i;
			break;
		}
	}
	d->line = n;
	if (n == 1) {
		d->part = "the method";
		d->cause = "a proxy changed the method on the way";
	} else if (n == 2) {
		d->part = "the path (URI)";
		d->cause = "path encoding: a proxy or gateway decoded or re-encoded the path (special characters, "
		           "a double slash, a trailing slash)";
	} else if (n == 3) {
		d->part = "the query";
		d->cause = "query encoding: a proxy re-encoded or reordered the query string";
	} else if (l && len >= 11 && strncasecmp(l, "x-sdk-date:", 11) == 0) {
		d->part = "the X-Sdk-Date header";
		d->cause = "clock skew: the date was changed on the way, or this machine's clock is wrong";
	} else if (l && len >= 5 && strncasecmp(l, "host:", 5) == 0) {
		d->part = "the Host header";
		d->cause = "a proxy rewrote the Host header: use the endpoint's own host, or a proxy that keeps it";
	} else if (blank && n == blank + 1) {
		d->part = "the signed headers";
		d->cause = "a header was added, removed or changed on the way (a proxy)";
	} else if (blank && n == blank + 2) {
		d->part = "the body's hash";
		d->cause = "the body was changed on the way (a proxy)";
	} else {
		d->part = "a signed header";
		d->cause = "a header was added or changed on the way (a proxy)";
	}
}

/* Length without trailing newlines and spaces. */
static size_t trimmed(const char *s)
{
	size_t n = strlen(s);
	while (n && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' '))
		n--;
	return n;
}

int errcat_signature_diagnose(const char *mine, const char *gateway, errcat_sig_diag *d)
{
	*d = (errcat_sig_diag){0};
	if (!mine || !gateway || !*mine || !*gateway)
		return -1;
	char *m = strndup(mine, trimmed(mine)), *g = strndup(gateway, trimmed(gateway));
	int r = -1;
	if (m && g) {
		r = strcmp(m, g) != 0;
		for (int n = 1; r == 1; n++) {
			size_t lm = 0, lg = 0;
			const char *a = nth_line(m, n, &lm), *b = nth_line(g, n, &lg);
			if (!a || !b || lm != lg || memcmp(a, b, lm) != 0) {
				classify(a ? m : g, n, d);
				break;
			}
		}
	}
	free(m);
	free(g);
	return r;
}

static void put_line(buf *b, const char *label, const char *s, int n)
{
	size_t len = 0;
	const char *l = nth_line(s, n, &len);
	char *p = l ? text_printable(l, len, 200, 0) : NULL;
	buf_printf(b, "%s %s", label, p ? p : "(no such line)");
	free(p);
}

char *errcat_signature_verdict(const char *mine, const char *gateway)
{
	errcat_sig_diag d;
	int r = errcat_signature_diagnose(mine, gateway, &d);
	if (r < 0)
		return NULL;
	buf b;
	buf_init(&b);
	if (r == 0) {
		buf_puts(&b, "the gateway's canonical request is identical to the one swrtui signed, so the request "
		             "arrived unchanged: the secret key does not belong to this access key (or was mistyped); "
		             "check the SK paired with this AK");
		return buf_take(&b);
	}
	buf_printf(&b, "the canonical requests differ at line %d, %s: ", d.line, d.part);
	put_line(&b, "swrtui signed", mine, d.line);
	put_line(&b, ", the gateway computed", gateway, d.line);
	buf_printf(&b, "; usual cause: %s", d.cause);
	return buf_take(&b);
}

/* ---- the clock of a "signature expired" ---- */

static long long days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	long long era = (y >= 0 ? y : y - 399) / 400;
	long long yoe = y - era * 400;
	long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int seconds_of(int y, int mo, int d, int h, int mi, int s, long long *out)
{
	if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60 || h < 0 || mi < 0 || s < 0)
		return -1;
	*out = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
	return 0;
}

/* "20261130T120000Z" from the x-sdk-date line of a canonical request. */
static int sdk_date(const char *canonical, char out[17], long long *t)
{
	for (const char *p = canonical; p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
		int y, mo, d, h, mi, s;
		if (strncasecmp(p, "x-sdk-date:", 11) == 0 &&
		    sscanf(p + 11, "%4d%2d%2dT%2d%2d%2dZ", &y, &mo, &d, &h, &mi, &s) == 6 &&
		    seconds_of(y, mo, d, h, mi, s, t) == 0) {
			snprintf(out, 17, "%04d%02d%02dT%02d%02d%02dZ", y, mo, d, h, mi, s);
			return 0;
		}
	}
	return -1;
}

/* "Sun, 30 Nov 2026 12:00:00 GMT". */
static int http_date_seconds(const char *s, long long *t)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	char mon[4];
	int y, d, h, mi, sec;
	const char *p = strchr(s, ',');
	if (!p || sscanf(p + 1, " %d %3s %d %d:%d:%d", &d, mon, &y, &h, &mi, &sec) != 6)
		return -1;
	const char *m = strlen(mon) == 3 ? strstr(months, mon) : NULL;
	if (!m || (m - months) % 3)
		return -1;
	return seconds_of(y, (int)(m - months) / 3 + 1, d, h, mi, sec, t);
}

char *errcat_clock_verdict(const char *mine, const char *http_date)
{
	char ours[17];
	long long a, b;
	if (!mine || !http_date || sdk_date(mine, ours, &a) != 0 || http_date_seconds(http_date, &b) != 0)
		return NULL;
	long long diff = a - b, mag = diff < 0 ? -diff : diff;
	char *g = text_printable(http_date, strlen(http_date), 60, 0);
	buf out;
	buf_init(&out);
	buf_printf(&out, "swrtui dated the signature X-Sdk-Date %s (this machine's clock, UTC); the gateway's clock "
	                 "(its Date header) said %s: ", ours, g ? g : "");
	free(g);
	if (mag > 15 * 60)
		buf_printf(&out, "this machine's clock is %lld min %lld s %s; the gateway allows 15 minutes: set the "
		                 "clock right (NTP)", mag / 60, mag % 60, diff < 0 ? "behind" : "ahead");
	else
		buf_printf(&out, "%lld s apart, within the 15 minutes allowed: temporary keys may have expired", mag);
	return buf_take(&out);
}

char *errcat_auth_verdict(const char *code, const char *msg, const char *mine, const char *http_date)
{
	if (!code || strcmp(code, "APIGW.0301") != 0 || !msg || !mine)
		return NULL;
	if (strstr(msg, "signature expired"))
		return errcat_clock_verdict(mine, http_date);
	if (!strstr(msg, "verify aksk signature fail"))
		return NULL;
	char *gw = reqlog_gateway_canonical(msg);
	char *v = errcat_signature_verdict(mine, gw);
	free(gw);
	if (!v)
		return NULL;
	buf b;
	buf_init(&b);
	buf_printf(&b, "the AK/SK signature does not match: %s", v);
	free(v);
	return buf_take(&b);
}
