"""`swrtui probe` against a REAL registry server, the CNCF distribution registry (Debian package
docker-registry), with real TLS (certificates made with openssl: from a private CA, for a wrong name,
expired, self-signed), htpasswd Basic auth and token auth (tests/probe/real_registry.py). One test per
verdict message of issue 11 section 2: each asserts the message a support person reads, and that the
verdict points the right way. The registry binary missing is a failure naming the package, not a skip."""
import base64
import json
import os
import re
import sys
import tempfile
import time
import unittest

from harness import ROOT, base_env, run

sys.path.insert(0, os.path.join(ROOT, "tests", "probe"))
import real_registry as rr  # noqa: E402

USER = "robot$real"
SECRET = "Real-S3cret-4b2d-90ef"
WRONG = "Wrong-S3cret-7777-8888"
SERVICE = "swrtui-test-registry"


def step_line(out, name):
    for line in out.splitlines():
        if line[6:7] == " " and line[7:].startswith(name + " "):
            return line
    raise AssertionError(f"no line for step {name!r} in:\n{out}")


def step_block(out, name):
    """The step's line and its detail lines."""
    lines = out.splitlines()
    head = step_line(out, name)
    i = lines.index(head)
    block = [head]
    for line in lines[i + 1:]:
        if not line.startswith("       "):
            break
        block.append(line)
    return "\n".join(block)


class RealRegistryProbeTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        rr.require_tools()  # a missing docker-registry or htpasswd fails here, naming the package
        cls.tmp = tempfile.TemporaryDirectory()
        d = cls.tmp.name
        cls.env = base_env(home=d)
        cls.started = []
        try:
            cls._start(d)
        except BaseException:
            cls.tearDownClass()
            raise

    @classmethod
    def _start(cls, d):
        pki = cls.pki = rr.Pki(d)
        good = pki.signed("good", ["127.0.0.1", "localhost"])
        wrong = pki.signed("wrong", ["registry.example.com", "10.9.9.9"])
        expired = pki.expired("expired", ["127.0.0.1"])
        selfsigned = pki.self_signed("selfsigned", ["127.0.0.1"])
        htpasswd = rr.htpasswd_file(os.path.join(d, "htpasswd"), USER, SECRET)
        os.makedirs(os.path.join(d, "tls-token"))
        os.makedirs(os.path.join(d, "plain-token"))
        cls.token_tls = rr.TokenService(os.path.join(d, "tls-token"), USER, SECRET, SERVICE, tls=good)
        cls.started.append(cls.token_tls)
        cls.token_plain = rr.TokenService(os.path.join(d, "plain-token"), USER, SECRET, SERVICE)
        cls.started.append(cls.token_plain)
        specs = {
            "ca_basic": dict(tls=good, htpasswd=htpasswd),
            "ca_token": dict(tls=good, token=cls.token_tls),
            "wrong_name": dict(tls=wrong, htpasswd=htpasswd),
            "expired": dict(tls=expired, htpasswd=htpasswd),
            "self_signed": dict(tls=selfsigned, htpasswd=htpasswd),
            "plain": dict(htpasswd=htpasswd),
            # the realm names a host only dns_conf.hosts knows: the plain token service's port on it
            "named_realm": dict(token_realm=f"http://token.invalid:{cls.token_plain.port}/token",
                                root_bundle=cls.token_plain.sign_cert),
        }
        cls.reg = {}
        for name, kw in specs.items():
            r = rr.Registry(d, name, **kw)
            cls.started.append(r)
            cls.reg[name] = r.start()

    @classmethod
    def tearDownClass(cls):
        for s in reversed(getattr(cls, "started", [])):
            s.stop()
        if getattr(cls, "tmp", None):
            cls.tmp.cleanup()

    # -- helpers ---------------------------------------------------------------

    def probe(self, doc, *args, timeout=60):
        res = run(["probe", *args, "-"], self.env, stdin=json.dumps(doc), timeout=timeout)
        text = res.out + res.err
        for s in (SECRET, WRONG):
            self.assertNotIn(s, text)
            self.assertNotIn(base64.b64encode(f"{USER}:{s}".encode()).decode(), text)
        return res

    def doc(self, url, secret=SECRET, key=USER, **extra):
        d = {"name": "target", "type": "swr-pro", "url": url, "insecure": False,
             "credential": {"type": "basic"}}
        if key is not None:
            d["credential"]["access_key"] = key
        if secret is not None:
            d["credential"]["access_secret"] = secret
        d.update(extra)
        return d

    def assertStep(self, out, name, mark, *words):
        line = step_line(out, name)
        self.assertTrue(line.startswith(mark), f"expected {mark} for {name}, got: {line}\n{out}")
        for w in words:
            self.assertIn(w, line, f"{w!r} missing from the {name} line\n{out}")

    def assertNoCacertAdvice(self, out):
        self.assertNotIn("--cacert FILE", out)
        self.assertNotIn("trusted with --cacert", out)

    # -- 1. a chain that verifies only because of --cacert -----------------------

    def test_chain_verified_only_by_cacert_warns_and_never_passes(self):
        res = self.probe(self.doc(self.reg["ca_token"].url), "--cacert", self.pki.ca_cert)
        self.assertEqual(res.rc, 4, res)
        self.assertStep(res.out, "TLS", "[warn]", "only because of --cacert",
                        'will refuse the target while "insecure" is false')
        tls = step_block(res.out, "TLS")
        self.assertIn("against the system CAs alone it does NOT", tls)
        self.assertIn('fix: a certificate from a publicly trusted CA on the registry, or "insecure": true '
                      '(the form\'s "Skip certificate verification")', tls)
        # the rest of the probe still ran: the real token flow worked
        self.assertStep(res.out, "GET /v2/", "[ ok ]", "Bearer challenge", f'service "{SERVICE}"')
        self.assertStep(res.out, "Credential", "[ ok ]", "gave a token", "HTTP 200")
        self.assertIn("verdict: NOT passed: reachable from this machine only with --cacert", res.out)
        self.assertNotIn("verdict: passed", res.out)
        self.assertTrue(self.token_tls.requests and self.token_tls.requests[-1][2])

    def test_chain_verified_only_by_cacert_passes_when_insecure_is_on(self):
        res = self.probe(self.doc(self.reg["ca_basic"].url, insecure=True), "--cacert", self.pki.ca_cert)
        self.assertEqual(res.rc, 0, res)
        self.assertStep(res.out, "TLS", "[ ok ]")
        self.assertIn('"Skip certificate verification" is on, and needed', res.out)
        self.assertStep(res.out, "Credential", "[ ok ]", "accepted")
        self.assertIn("verdict: passed\n", res.out)

    # -- 2. a hostname mismatch is named first ------------------------------------

    def test_hostname_mismatch_is_headlined_with_the_names_and_the_host(self):
        res = self.probe(self.doc(self.reg["wrong_name"].url), "--cacert", self.pki.ca_cert)
        self.assertEqual(res.rc, 3, res)
        self.assertStep(res.out, "TLS", "[FAIL]", "name mismatch",
                        "the certificate is for DNS:registry.example.com, IP:10.9.9.9, not for 127.0.0.1")
        self.assertNotIn("unspecified certificate verification error", res.out)
        self.assertIn("verdict: FAILED at step 3, TLS: name mismatch", res.out)

    # -- 3. advice per TLS cause --------------------------------------------------

    def test_wrong_name_advice_is_the_san_or_the_url_host(self):
        res = self.probe(self.doc(self.reg["wrong_name"].url), "--cacert", self.pki.ca_cert)
        tls = step_block(res.out, "TLS")
        self.assertIn("fix the certificate's SAN or the URL's host", step_line(res.out, "TLS"))
        self.assertIn("fix: a certificate whose subject alternative names include 127.0.0.1, or a URL whose "
                      "host is one of the names the certificate holds", tls)
        self.assertNoCacertAdvice(res.out)

    def test_expired_certificate_advice_is_renew_and_says_when(self):
        res = self.probe(self.doc(self.reg["expired"].url), "--cacert", self.pki.ca_cert)
        self.assertEqual(res.rc, 3, res)
        self.assertStep(res.out, "TLS", "[FAIL]", "the certificate expired on 2024-02-01 00:00:00 UTC", "renew it")
        self.assertIn("fix: renew the registry's certificate (it expired on 2024-02-01 00:00:00 UTC)", res.out)
        self.assertNotIn("a CA that the SWR service trusts", res.out)
        self.assertNoCacertAdvice(res.out)

    def test_self_signed_advice_is_a_trusted_ca_or_insecure_and_names_the_field(self):
        res = self.probe(self.doc(self.reg["self_signed"].url))
        self.assertEqual(res.rc, 3, res)
        self.assertStep(res.out, "TLS", "[FAIL]", "self-signed certificate",
                        '"insecure": true ("Skip certificate verification"), would be needed')
        self.assertIn('fix: a certificate from a CA that the SWR service trusts, or "insecure": true (the form\'s '
                      '"Skip certificate verification")', res.out)
        # no --cacert was given: it is offered, for this probe only
        self.assertIn("for this probe only, --cacert FILE", res.out)
        self.assertStep(res.out, "Credential", "[skip]", "never sent")

    def test_self_signed_with_insecure_on_warns_and_names_the_field(self):
        res = self.probe(self.doc(self.reg["self_signed"].url, insecure=True))
        self.assertEqual(res.rc, 0, res)
        self.assertStep(res.out, "TLS", "[warn]", "self-signed certificate",
                        'Skip certificate verification ("insecure": true) is on')
        self.assertStep(res.out, "Credential", "[ ok ]", "accepted")
        self.assertIn("verdict: passed, with 1 warning", res.out)

    def test_unknown_issuer_never_suggests_cacert_when_it_is_given(self):
        res = self.probe(self.doc(self.reg["self_signed"].url), "--cacert", self.pki.ca_cert)
        self.assertEqual(res.rc, 3, res)
        self.assertStep(res.out, "TLS", "[FAIL]", "would be needed")
        self.assertIn('or "insecure": true', res.out)
        self.assertNoCacertAdvice(res.out)

    # -- 4. a mapped host: the local resolver is not asked --------------------------

    def test_mapped_host_does_not_ask_the_local_resolver(self):
        port = self.reg["plain"].port
        doc = self.doc(f"http://registry.invalid:{port}", dns_conf={"hosts": {"registry.invalid": "127.0.0.1"}})
        start = time.monotonic()
        res = self.probe(doc)
        elapsed = time.monotonic() - start
        self.assertEqual(res.rc, 0, res)
        self.assertStep(res.out, "Name resolution", "[ ok ]", "registry.invalid -> 127.0.0.1 from dns_conf.hosts")
        block = step_block(res.out, "Name resolution")
        self.assertIn("this machine's resolver is not asked", block)
        self.assertNotIn("this machine's own DNS", res.out)  # no answer awaited, none reported
        self.assertStep(res.out, "TCP connect", "[ ok ]", f"127.0.0.1 port {port}")
        self.assertStep(res.out, "Credential", "[ ok ]", "accepted")
        self.assertLess(elapsed, 20, res)

    # -- 5. http:// on an https port ---------------------------------------------

    def test_http_on_an_https_port_hints_https(self):
        port = self.reg["ca_basic"].port
        res = self.probe(self.doc(f"http://127.0.0.1:{port}"))
        self.assertEqual(res.rc, 1, res)
        self.assertStep(res.out, "GET /v2/", "[FAIL]", "HTTP 400", "try https://")
        self.assertIn("Client sent an HTTP request to an HTTPS server", res.out)
        self.assertIn(f"try https://127.0.0.1:{port}", res.out)

    # -- 6. dns_conf.hosts without the URL's host; a realm host that does not resolve --

    def test_hosts_without_the_urls_host_say_so_and_name_the_closest(self):
        port = self.reg["plain"].port
        doc = self.doc(f"http://registry.invalid:{port}",
                       dns_conf={"hosts": {"registry.invlaid": "127.0.0.1", "mirror.example.com": "10.1.2.3"}})
        res = self.probe(doc, "--timeout", "5")
        self.assertEqual(res.rc, 3, res)
        self.assertStep(res.out, "Name resolution", "[FAIL]", "registry.invalid")
        self.assertIn('dns_conf.hosts has 2 entries but none for registry.invalid: a typo? The closest is '
                      '"registry.invlaid" -> 127.0.0.1', res.out)

    def test_unresolvable_realm_host_hints_dns_conf_hosts_and_the_mapping_works(self):
        url = self.reg["named_realm"].url
        res = self.probe(self.doc(url), "--timeout", "5")
        self.assertEqual(res.rc, 3, res)
        self.assertStep(res.out, "GET /v2/", "[ ok ]", "Bearer challenge")
        self.assertStep(res.out, "Credential", "[FAIL]", "token service")
        # "does not resolve from this machine", or where a resolver gives no answer in time, "no connection"
        self.assertIn("the token service's host token.invalid", res.out)
        self.assertIn("dns_conf.hosts can map it to an IP address", res.out)
        # and the hint is right: with the mapping, the real token flow goes through
        res = self.probe(self.doc(url, dns_conf={"hosts": {"token.invalid": "127.0.0.1"}}))
        self.assertEqual(res.rc, 0, res)
        self.assertStep(res.out, "Credential", "[ ok ]", "gave a token")

    # -- 7. no secret, or the masked placeholder: never "passed" ----------------------

    def test_no_secret_is_reachable_credential_not_checked(self):
        res = self.probe(self.doc(self.reg["plain"].url, secret=None))
        self.assertEqual(res.rc, 4, res)
        self.assertStep(res.out, "Credential", "[skip]", "the credential was not checked")
        self.assertIn("verdict: reachable; credential not checked (no secret given)\n", res.out)
        self.assertNotIn("verdict: passed", res.out)

    def test_masked_secret_is_reachable_credential_not_checked(self):
        res = self.probe(self.doc(self.reg["plain"].url, secret="*****"))
        self.assertEqual(res.rc, 4, res)
        self.assertIn("verdict: reachable; credential not checked", res.out)
        self.assertNotIn("verdict: passed", res.out)

    def test_url_alone_is_reachable_credential_not_checked(self):
        res = run(["probe", self.reg["ca_basic"].url, "--cacert", self.pki.ca_cert], self.env)
        self.assertEqual(res.rc, 4, res)
        self.assertIn("credential not checked (no access key and secret given)", res.out)
        self.assertNotIn("verdict: passed", res.out)

    # -- 8. body excerpts without a trailing newline escape -------------------------

    def test_body_excerpt_has_no_trailing_newline_escape(self):
        res = self.probe(self.doc(self.reg["plain"].url, secret=WRONG))
        self.assertEqual(res.rc, 1, res)
        self.assertStep(res.out, "Credential", "[FAIL]", "HTTP 401", "does not accept the access key and secret")
        body = [l for l in step_block(res.out, "Credential").splitlines() if "body (" in l]
        self.assertTrue(body, res.out)
        self.assertIn("UNAUTHORIZED", body[0])
        self.assertTrue(body[0].endswith("}"), body[0])
        self.assertNotIn("\\x0a", res.out)
        self.assertNotIn("\\x0d", res.out)


class ProbeVerdictDocsTest(unittest.TestCase):
    """README, --help and the man page all document the verdict "reachable; credential not checked" and
    its exit status 4, and the --cacert-only warning."""

    def test_exit_4_and_the_changed_verdicts_are_in_all_three(self):
        def flat(text):
            text = text.replace("\\-", "-").replace("`", "").replace("*", "")
            text = re.sub(r"^\.(?:Fl|Pq|Qq|Dq|Li|Cm) ?", "", text, flags=re.M)
            text = text.replace("-cacert", "--cacert").replace("---cacert", "--cacert")
            return re.sub(r"\s+", " ", text)

        with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
            readme = f.read()
        with open(os.path.join(ROOT, "man", "swrtui.1"), encoding="utf-8") as f:
            man = f.read()
        helptext = run(["--help"], base_env()).out
        for name, doc in (("README.md", readme), ("--help", helptext), ("man page", man)):
            text = flat(doc)
            self.assertTrue(re.search(r"\b4 (?:that it is )?reachable", text), f"{name}: probe exit 4 undocumented")
            self.assertTrue("credential not checked" in text, f"{name}: no \"credential not checked\"")
            self.assertTrue(re.search(r"verifies only with --cacert", text), f"{name}: no --cacert-only warning")


if __name__ == "__main__":
    unittest.main()
