/* errcat.c — a hint for each known error code of SWR (SVCSTG.SWR.*) and of the API gateway (APIGW.*, with
 * the sub-messages of APIGW.0301), for a bare status, and for a TLS failure; see errcat.h. */
#define _DEFAULT_SOURCE
#include <string.h>

#include "swrtui/swr/errcat.h"

static const struct {
	const char *code;
	const char *hint;
} hints[] = {
	{"SVCSTG.SWR.4010000", "authentication failed: the token has probably expired; get a new token"},
	{"SVCSTG.S2I.4019000", "the request carried no token and no AK/SK signature; set SWRTUI_TOKEN or use --token-file"},
	{"SVCSTG.SWR.4011064", "cross-account access was refused: use a credential of the account that owns the instance"},
	{"SVCSTG.SWR.4030170", "insufficient permissions: grant the IAM action for this operation (swr:instance:*Registry); decode the encoded authorization message through STS to see which policy denied it"},
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
	{"APIGW.0307", "the token must be renewed: it expired or was issued for another region"},
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
		return "the AK/SK signature does not match: compare the gateway's canonical request with the one sent";
	if (strstr(msg, "reach the limit"))
		return "the AK is locked for 5 minutes after more than 5 failures in a row: wait, then check the SK";
	if (strstr(msg, "ak not exist"))
		return "the access key does not exist: check CLOUD_SDK_AK";
	if (strstr(msg, "signature expired"))
		return "the signature expired: the clock is more than 15 minutes off, or temporary keys expired";
	if (strstr(msg, "token expires"))
		return "the token expired: get a new token";
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
	case 401: return "authentication failed: check the token (it lives 24 hours and only works in its region)";
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
