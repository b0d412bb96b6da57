/* probe_tls.c — reads the certificates a TLS server sent (PEM, as libcurl's certinfo gives them) with
 * libcrypto: subject, issuer, validity, subject alternative names against the host, and whether the
 * chain verifies against the system CAs plus an optional CA file. Part of the probe (probe.h). */
#define _DEFAULT_SOURCE
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include "swrtui/base/buf.h"
#include "probe_internal.h"

#define MAX_NAMES_SHOWN 12

static void name_text(const X509_NAME *name, char *out, size_t outlen)
{
	out[0] = '\0';
	BIO *b = BIO_new(BIO_s_mem());
	if (!b)
		return;
	if (X509_NAME_print_ex(b, name, 0, XN_FLAG_ONELINE & ~ASN1_STRFLGS_ESC_MSB) >= 0) {
		char *data = NULL;
		long n = BIO_get_mem_data(b, &data);
		if (n > 0 && data) {
			size_t len = (size_t)n < outlen - 1 ? (size_t)n : outlen - 1;
			memcpy(out, data, len);
			out[len] = '\0';
		}
	}
	BIO_free(b);
}

static void time_text(const ASN1_TIME *t, char *out, size_t outlen)
{
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	if (!t || ASN1_TIME_to_tm(t, &tm) != 1 || strftime(out, outlen, "%Y-%m-%d %H:%M:%S UTC", &tm) == 0)
		snprintf(out, outlen, "(unreadable)");
}

/* Days from now until t (negative when t is past). */
static long days_until(const ASN1_TIME *t)
{
	int day = 0, sec = 0;
	if (!t || ASN1_TIME_diff(&day, &sec, NULL, t) != 1)
		return 0;
	return (long)day;
}

static X509 *read_pem(const char *pem)
{
	BIO *b = BIO_new_mem_buf(pem, -1);
	if (!b)
		return NULL;
	X509 *x = PEM_read_bio_X509(b, NULL, NULL, NULL);
	BIO_free(b);
	return x;
}

/* "DNS:a, IP:1.2.3.4" into b; returns the number of names. */
static int list_names(X509 *leaf, buf *b)
{
	GENERAL_NAMES *gens = X509_get_ext_d2i(leaf, NID_subject_alt_name, NULL, NULL);
	if (!gens)
		return 0;
	int n = sk_GENERAL_NAME_num(gens), shown = 0;
	for (int i = 0; i < n; i++) {
		const GENERAL_NAME *g = sk_GENERAL_NAME_value(gens, i);
		if (shown == MAX_NAMES_SHOWN) {
			buf_printf(b, ", and %d more", n - i);
			break;
		}
		if (g->type == GEN_DNS) {
			const ASN1_IA5STRING *s = g->d.dNSName;
			buf_printf(b, "%sDNS:%.*s", shown ? ", " : "", ASN1_STRING_length(s),
			           (const char *)ASN1_STRING_get0_data(s));
			shown++;
		} else if (g->type == GEN_IPADD) {
			const ASN1_OCTET_STRING *s = g->d.iPAddress;
			char ip[INET6_ADDRSTRLEN] = "?";
			int len = ASN1_STRING_length(s);
			if (len == 4 || len == 16)
				inet_ntop(len == 4 ? AF_INET : AF_INET6, ASN1_STRING_get0_data(s), ip, sizeof ip);
			buf_printf(b, "%sIP:%s", shown ? ", " : "", ip);
			shown++;
		}
	}
	GENERAL_NAMES_free(gens);
	return shown;
}

static bool chain_verifies(X509 *leaf, STACK_OF(X509) * untrusted, const char *cacert, long *error)
{
	bool ok = false;
	*error = X509_V_OK;
	X509_STORE *store = X509_STORE_new();
	X509_STORE_CTX *ctx = X509_STORE_CTX_new();
	if (!store || !ctx)
		goto out;
	X509_STORE_set_default_paths(store);
	if (cacert) {
#if OPENSSL_VERSION_NUMBER >= 0x30000000L
		X509_STORE_load_file(store, cacert);
#else
		X509_STORE_load_locations(store, cacert, NULL);
#endif
	}
	if (X509_STORE_CTX_init(ctx, store, leaf, untrusted) != 1)
		goto out;
	X509_STORE_CTX_set_purpose(ctx, X509_PURPOSE_SSL_SERVER);
	ok = X509_verify_cert(ctx) == 1;
	if (!ok)
		*error = X509_STORE_CTX_get_error(ctx);
out:
	X509_STORE_CTX_free(ctx);
	X509_STORE_free(store);
	return ok;
}

/* The chain's detail lines: against the system CAs (and the extra CA file), and, when only that file
 * makes it verify, that the system CAs alone do not (the SWR service knows those only). */
static void describe_chain(probe_step *step, const probe_cert_facts *f, int sent, const char *cacert)
{
	const char *plural = sent == 1 ? "" : "s";
	if (f->chain_verifies && cacert && !f->system_verifies)
		probe_step_detail(step,
		                  "chain (%d certificate%s sent): verifies only with %s; against the system CAs alone "
		                  "it does NOT: %s",
		                  sent, plural, cacert, X509_verify_cert_error_string(f->system_error));
	else if (f->chain_verifies)
		probe_step_detail(step, "chain (%d certificate%s sent): verifies against the system CAs%s%s", sent, plural,
		                  cacert ? " and " : "", cacert ? cacert : "");
	else
		probe_step_detail(step, "chain (%d certificate%s sent): does NOT verify against the system CAs%s%s: %s",
		                  sent, plural, cacert ? " and " : "", cacert ? cacert : "",
		                  X509_verify_cert_error_string(f->verify_error));
}

void probe_tls_describe(const char *const *pems, size_t npems, const char *host, bool host_is_ip, const char *cacert,
                        probe_step *step, probe_cert_facts *f)
{
	memset(f, 0, sizeof *f);
	X509 *leaf = npems > 0 ? read_pem(pems[0]) : NULL;
	if (!leaf) {
		probe_step_detail(step, "the server's certificate could not be read");
		return;
	}
	f->parsed = true;
	STACK_OF(X509) *untrusted = sk_X509_new_null();
	for (size_t i = 1; untrusted && i < npems; i++) {
		X509 *x = read_pem(pems[i]);
		if (x && !sk_X509_push(untrusted, x))
			X509_free(x);
	}

	name_text(X509_get_subject_name(leaf), f->subject, sizeof f->subject);
	name_text(X509_get_issuer_name(leaf), f->issuer, sizeof f->issuer);
	f->self_signed = X509_NAME_cmp(X509_get_subject_name(leaf), X509_get_issuer_name(leaf)) == 0;
	probe_step_detail(step, "subject: %s", f->subject[0] ? f->subject : "(empty)");
	probe_step_detail(step, "issuer: %s%s", f->issuer[0] ? f->issuer : "(empty)",
	                  f->self_signed ? " (self-signed: the subject is its own issuer)" : "");

	const ASN1_TIME *nb = X509_get0_notBefore(leaf), *na = X509_get0_notAfter(leaf);
	char *from = f->not_before;
	time_text(nb, f->not_before, sizeof f->not_before);
	time_text(na, f->not_after, sizeof f->not_after);
	f->days_left = days_until(na);
	f->expired = X509_cmp_current_time(na) < 0;
	f->not_yet_valid = X509_cmp_current_time(nb) > 0;
	if (f->expired)
		probe_step_detail(step, "validity: EXPIRED on %s (%ld days ago); valid from %s", f->not_after,
		                  -f->days_left, from);
	else if (f->not_yet_valid)
		probe_step_detail(step, "validity: NOT YET VALID: valid from %s (check this machine's clock too) to %s",
		                  from, f->not_after);
	else
		probe_step_detail(step, "validity: %s to %s (%ld days left)", from, f->not_after, f->days_left);

	buf names;
	buf_init(&names);
	int nnames = list_names(leaf, &names);
	char *names_text = buf_take(&names);
	f->has_san = nnames > 0;
	snprintf(f->names, sizeof f->names, "%s", names_text ? names_text : "");
	f->name_matches = host_is_ip ? X509_check_ip_asc(leaf, host, 0) == 1
	                             : X509_check_host(leaf, host, strlen(host), 0, NULL) == 1;
	if (!f->has_san)
		probe_step_detail(step,
		                  "subject alternative names: none (clients match the host against these only, "
		                  "not the CN); \"%s\" %s",
		                  host, f->name_matches ? "matches" : "does not match");
	else
		probe_step_detail(step, "subject alternative names: %s; \"%s\" %s", names_text ? names_text : "", host,
		                  f->name_matches ? "matches" : "matches NONE of them");
	free(names_text);

	f->chain_verifies = chain_verifies(leaf, untrusted, cacert, &f->verify_error);
	f->system_verifies = f->chain_verifies;
	f->system_error = f->verify_error;
	if (cacert)
		f->system_verifies = chain_verifies(leaf, untrusted, NULL, &f->system_error);
	describe_chain(step, f, 1 + (untrusted ? sk_X509_num(untrusted) : 0), cacert);
	sk_X509_pop_free(untrusted, X509_free);
	X509_free(leaf);
}
