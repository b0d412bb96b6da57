/* errcat.h — the catalogue of known error codes of SWR and of the API gateway in front of it: what a
 * code means and what the user can do about it. */
#ifndef SWRTUI_ERRCAT_H
#define SWRTUI_ERRCAT_H

/* A one-line hint for a known code (exact match, or the APIGW.0301 sub-messages found in msg), or for a
 * bare status when the code is unknown; NULL when there is nothing useful to say. */
const char *errcat_hint(long status, const char *code, const char *msg);
/* The hint for a TLS failure, from its message (api_result.transport_msg): another host name, a
 * certificate out of its validity period, or else an unknown issuer (--cacert). Never NULL. */
const char *errcat_tls_hint(const char *transport_msg);

/* The IAM action a request needs, from its method and its URL or path (".../instances/{id}/registries/7"):
 * "swr:instance:updateRegistry" for a PUT of a registry, listRegistries, getRegistry, createRegistry,
 * deleteRegistry, listReplicationPolicies, getReplicationPolicy, listReplicationExecutions,
 * createReplicationExecution; NULL for any other request. Pure. */
const char *errcat_action(const char *method, const char *url);
/* The hint of errcat_hint, with a permission refusal (SVCSTG.SWR.4030170, 4039002, APIGW.0302) naming
 * the action: decoded_action (what STS decoded, when it names one) or else the action of the request.
 * Malloc'd; NULL when errcat_hint has nothing to say. */
char *errcat_hint_for(long status, const char *code, const char *msg, const char *action,
                      const char *decoded_action);

/* Where swrtui's canonical request (AK/SK signing) and the gateway's (from an APIGW.0301 "verify aksk
 * signature fail" answer) part. Lines as signed: method, URI, query, one per signed header, an empty
 * line, the signed header names, the body's hash. */
typedef struct {
	int line;          /* 1-based number of the first differing line; 0 when identical */
	const char *part;  /* what that line is: "the X-Sdk-Date header", "the path (URI)", ... */
	const char *cause; /* its usual cause */
} errcat_sig_diag;
/* Compares the two (pure). 0 when identical, 1 when they differ (d says where), -1 when one is missing. */
int errcat_signature_diagnose(const char *mine, const char *gateway, errcat_sig_diag *d);
/* The verdict in words, one paragraph: identical → the secret key does not belong to this access key
 * (or was mistyped); different → the line that differs (both versions, escaped) and its usual cause.
 * Malloc'd; NULL when one of the two is missing. */
char *errcat_signature_verdict(const char *mine, const char *gateway);
/* For "signature expired": the X-Sdk-Date of swrtui's canonical request (mine) against the gateway's
 * clock (its Date header, RFC 1123), how far apart they are and what to do. Malloc'd; NULL when either
 * date is missing or unreadable. */
char *errcat_clock_verdict(const char *mine, const char *http_date);
/* The verdict of an APIGW.0301 refusal of an AK/SK request: errcat_signature_verdict for "verify aksk
 * signature fail" (the gateway's canonical request taken from msg), errcat_clock_verdict for "signature
 * expired"; NULL for anything else or when mine (swrtui's canonical request) is missing. Malloc'd. */
char *errcat_auth_verdict(const char *code, const char *msg, const char *mine, const char *http_date);

#endif
