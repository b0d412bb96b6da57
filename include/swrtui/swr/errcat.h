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

#endif
