"""Integration tests of `swrtui probe FILE|-|URL` against the registry-API double
(tests/probe/registry_double.py): Basic and Bearer with good and bad credentials, a self-signed
certificate with and without "insecure", dns_conf.hosts, a server that hangs, a refused connection, a
redirect, URL-only probes, usage errors, and the secret and token kept out of everything printed."""
import base64
import json
import os
import select
import signal
import socket
import ssl
import subprocess
import tempfile
import time
import unittest
import urllib.request

from harness import ROOT, base_env, make_cert, run

DOUBLE = os.path.join(ROOT, "tests", "probe", "registry_double.py")
USER = "robot$probe"
SECRET = "Probe-S3cret-9c1e-77aa"
WRONG = "Wrong-S3cret-0000-1111"


class Double:
    """A registry double process; start() returns at once, wait() reads its ready line."""

    def __init__(self, *args):
        self.proc = subprocess.Popen(
            ["python3", DOUBLE, "--quiet", "--user", USER, "--password", SECRET, *args],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.url = None

    def wait(self, timeout=15.0):
        deadline = time.monotonic() + timeout
        line = ""
        while time.monotonic() < deadline:
            r, _, _ = select.select([self.proc.stdout], [], [], 0.1)
            if r:
                line = self.proc.stdout.readline()
                break
            if self.proc.poll() is not None:
                break
        if not line.startswith("REGISTRY-DOUBLE LISTENING "):
            self.stop()
            raise RuntimeError(f"the registry double did not start: {line!r} {self.proc.stderr.read()}")
        self.url = line.split()[-1]
        self.port = int(self.url.rsplit(":", 1)[1])
        return self

    def seen(self):
        """The requests the double received and the tokens it issued."""
        ctx = ssl._create_unverified_context() if self.url.startswith("https") else None
        with urllib.request.urlopen(self.url + "/_double/requests", timeout=5, context=ctx) as r:
            return json.loads(r.read().decode())

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc.stdout.close()
        self.proc.stderr.close()


def closed_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def step_line(out, name):
    """The checklist line of a step: '[mark] name  summary'."""
    for line in out.splitlines():
        if line[6:7] == " " and line[7:].startswith(name + " "):
            return line
    raise AssertionError(f"no line for step {name!r} in:\n{out}")


class ProbeTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.cert, cls.key = make_cert(cls.tmp.name, hosts=("registry.invalid", "127.0.0.1"))
        tls = ["--tls-cert", cls.cert, "--tls-key", cls.key]
        cls.doubles = {
            "basic": Double("--auth", "basic"),
            "bearer": Double("--auth", "bearer"),
            "basic_tls": Double("--auth", "basic", *tls),
            "bearer_tls": Double("--auth", "bearer", *tls),
            "open": Double("--auth", "none"),
            "hang": Double("--hang"),
            "redirect": Double("--redirect", "https://elsewhere.invalid/v2/"),
        }
        try:
            for d in cls.doubles.values():
                d.wait()
        except Exception:
            cls.tearDownClass()
            raise
        cls.env = base_env(home=cls.tmp.name)
        cls.outputs = []

    @classmethod
    def tearDownClass(cls):
        for d in cls.doubles.values():
            d.stop()
        cls.tmp.cleanup()

    # -- helpers ---------------------------------------------------------------

    def probe(self, *args, stdin=None, timeout=60):
        res = run(["probe", *args], self.env, stdin=stdin, timeout=timeout)
        self.assertNotIn(SECRET, res.out + res.err)
        self.assertNotIn(WRONG, res.out + res.err)
        for s in (SECRET, WRONG):
            self.assertNotIn(base64.b64encode(f"{USER}:{s}".encode()).decode(), res.out + res.err)
        self.outputs.append(res.out + res.err)
        return res

    def registry(self, url, secret=SECRET, key=USER, **extra):
        doc = {"name": "target", "type": "swr-pro", "url": url, "insecure": False}
        if key is not None or secret is not None:
            doc["credential"] = {"type": "basic"}
            if key is not None:
                doc["credential"]["access_key"] = key
            if secret is not None:
                doc["credential"]["access_secret"] = secret
        doc.update(extra)
        return json.dumps(doc)

    def probe_doc(self, doc, *args, timeout=60):
        return self.probe(*args, "-", stdin=doc, timeout=timeout)

    def assertStep(self, out, name, mark, *words):
        line = step_line(out, name)
        self.assertTrue(line.startswith(mark), f"expected {mark} for {name}, got: {line}\n{out}")
        for w in words:
            self.assertIn(w, line, f"{w!r} missing from the {name} line\n{out}")

    # -- Basic -----------------------------------------------------------------

    def test_basic_good_credential_over_verified_tls_passes_every_step(self):
        # the double's certificate verifies only with --cacert: "insecure" makes it pass for the service
        d = self.doubles["basic_tls"]
        res = self.probe_doc(self.registry(d.url, insecure=True), "--cacert", self.cert)
        self.assertEqual(res.rc, 0, res)
        for name in ("Name resolution", "TCP connect", "TLS", "GET /v2/", "Credential"):
            self.assertStep(res.out, name, "[ ok ]")
        self.assertStep(res.out, "TLS", "[ ok ]", "the certificate verifies for 127.0.0.1")
        self.assertStep(res.out, "GET /v2/", "[ ok ]", "HTTP 401 with a Basic challenge")
        self.assertStep(res.out, "Credential", "[ ok ]", "accepted", "HTTP 200", USER)
        self.assertIn("Docker-Distribution-Api-Version: registry/2.0", res.out)
        self.assertIn("verdict: passed\n", res.out)
        self.assertIn("from this machine", res.out)

    def test_basic_good_credential_over_http_skips_tls_only(self):
        res = self.probe_doc(self.registry(self.doubles["basic"].url))
        self.assertEqual(res.rc, 0, res)
        self.assertStep(res.out, "TLS", "[skip]", "plain http")
        self.assertIn("travel unencrypted", res.out)
        self.assertStep(res.out, "Credential", "[ ok ]", "accepted")

    def test_basic_bad_credential_is_refused_with_401(self):
        res = self.probe_doc(self.registry(self.doubles["basic"].url, secret=WRONG))
        self.assertEqual(res.rc, 1, res)
        self.assertStep(res.out, "GET /v2/", "[ ok ]")
        self.assertStep(res.out, "Credential", "[FAIL]", "401", "does not accept the access key and secret")
        self.assertIn("verdict: FAILED at step 5, Credential:", res.out)

    # -- Bearer ----------------------------------------------------------------

    def test_bearer_good_credential_gets_a_token_and_uses_it(self):
        d = self.doubles["bearer_tls"]
        res = self.probe_doc(self.registry(d.url, insecure=True), "--cacert", self.cert)
        self.assertEqual(res.rc, 0, res)
        self.assertStep(res.out, "GET /v2/", "[ ok ]", "Bearer challenge", "service \"registry-double\"")
        self.assertStep(res.out, "Credential", "[ ok ]", "token service gave a token", "HTTP 200")
        self.assertIn("/service/token?service=registry-double", res.out)
        seen = d.seen()
        token_calls = [r for r in seen["requests"] if r["path"] == "/service/token"]
        self.assertTrue(token_calls and token_calls[-1]["auth"] == "basic", seen)
        self.assertEqual(token_calls[-1]["query"], "service=registry-double")
        self.assertNotIn("scope=", token_calls[-1]["query"])
        self.assertEqual(seen["requests"][-1], {"path": "/v2/", "query": "", "auth": "bearer"})
        for token in seen["tokens"]:
            self.assertNotIn(token, res.out + res.err)

    def test_bearer_bad_credential_is_refused_by_the_token_service(self):
        d = self.doubles["bearer"]
        res = self.probe_doc(self.registry(d.url, secret=WRONG))
        self.assertEqual(res.rc, 1, res)
        self.assertStep(res.out, "Credential", "[FAIL]", "token service", "401")
        self.assertNotIn("got a token", res.out)

    # -- TLS -------------------------------------------------------------------

    def test_self_signed_certificate_stops_at_tls_and_never_sends_the_credential(self):
        d = self.doubles["basic_tls"]
        before = len(d.seen()["requests"])
        res = self.probe_doc(self.registry(d.url))
        self.assertEqual(res.rc, 3, res)
        self.assertStep(res.out, "TLS", "[FAIL]", "self-signed certificate")
        self.assertIn('"insecure": true ("skip certificate verification"), would be needed',
                      step_line(res.out, "TLS").lower())
        self.assertIn("subject: CN = registry.invalid", res.out)
        self.assertIn("(self-signed", res.out)
        self.assertIn("subject alternative names: DNS:registry.invalid, IP:127.0.0.1", res.out)
        self.assertIn("validity:", res.out)
        self.assertIn("SSL certificate problem", res.out)
        self.assertStep(res.out, "GET /v2/", "[skip]")
        self.assertStep(res.out, "Credential", "[skip]", "never sent")
        self.assertIn("verdict: FAILED at step 3, TLS:", res.out)
        # the double saw no HTTP request at all (the TLS handshakes carry none)
        self.assertEqual(len(d.seen()["requests"]), before)

    def test_insecure_registry_continues_past_the_certificate_with_a_warning(self):
        d = self.doubles["bearer_tls"]
        res = self.probe_doc(self.registry(d.url, insecure=True))
        self.assertEqual(res.rc, 0, res)
        self.assertStep(res.out, "TLS", "[warn]",
                        "the service will not verify it either because Skip certificate verification "
                        "(\"insecure\": true) is on")
        self.assertStep(res.out, "GET /v2/", "[ ok ]")
        self.assertStep(res.out, "Credential", "[ ok ]")
        self.assertIn("verdict: passed, with 1 warning", res.out)

    # -- dns_conf.hosts ----------------------------------------------------------

    def test_dns_conf_hosts_mapping_is_used_for_a_made_up_host(self):
        d = self.doubles["basic_tls"]
        url = f"https://registry.invalid:{d.port}"
        doc = self.registry(url, dns_conf={"hosts": {"registry.invalid": "127.0.0.1"}}, insecure=True)
        res = self.probe_doc(doc, "--cacert", self.cert)
        self.assertEqual(res.rc, 0, res)
        self.assertStep(res.out, "Name resolution", "[ ok ]", "registry.invalid -> 127.0.0.1 from dns_conf.hosts")
        self.assertIn("the SWR service would use 127.0.0.1", res.out)
        self.assertStep(res.out, "TCP connect", "[ ok ]", f"127.0.0.1 port {d.port}")
        self.assertStep(res.out, "TLS", "[ ok ]", "verifies for registry.invalid")
        self.assertStep(res.out, "Credential", "[ ok ]")

    def test_made_up_host_without_a_mapping_does_not_resolve(self):
        res = self.probe(f"https://registry.invalid:{self.doubles['basic_tls'].port}", "--timeout", "2")
        self.assertEqual(res.rc, 3, res)
        self.assertStep(res.out, "Name resolution", "[FAIL]", "registry.invalid")
        self.assertStep(res.out, "TCP connect", "[skip]")

    # -- unreachable -------------------------------------------------------------

    def test_server_that_hangs_times_out_on_get_v2(self):
        d = self.doubles["hang"]
        start = time.monotonic()
        res = self.probe_doc(self.registry(d.url), "--timeout", "2")
        elapsed = time.monotonic() - start
        self.assertEqual(res.rc, 3, res)
        self.assertStep(res.out, "TCP connect", "[ ok ]")
        self.assertStep(res.out, "GET /v2/", "[FAIL]", "timeout", "2.0 s")
        self.assertStep(res.out, "Credential", "[skip]")
        self.assertLess(elapsed, 8, res)

    def test_server_that_hangs_times_out_on_tls_within_the_default_bound(self):
        d = self.doubles["hang"]
        start = time.monotonic()
        res = self.probe(f"https://127.0.0.1:{d.port}")
        elapsed = time.monotonic() - start
        self.assertEqual(res.rc, 3, res)
        self.assertStep(res.out, "TLS", "[FAIL]", "timeout", "no TLS handshake within 5.0 s")
        self.assertStep(res.out, "GET /v2/", "[skip]")
        self.assertLess(elapsed, 10, res)

    def test_connection_refused_fails_at_tcp_connect(self):
        port = closed_port()
        res = self.probe_doc(self.registry(f"http://127.0.0.1:{port}"))
        self.assertEqual(res.rc, 3, res)
        self.assertStep(res.out, "TCP connect", "[FAIL]", f"127.0.0.1 port {port}", "refused")
        self.assertStep(res.out, "TLS", "[skip]")
        self.assertIn("verdict: FAILED at step 2, TCP connect:", res.out)

    # -- answers that are not a registry -----------------------------------------

    def test_redirect_is_reported_and_not_followed(self):
        res = self.probe_doc(self.registry(self.doubles["redirect"].url))
        self.assertEqual(res.rc, 1, res)
        self.assertStep(res.out, "GET /v2/", "[FAIL]", "HTTP 301", "https://elsewhere.invalid/v2/", "not followed")
        self.assertStep(res.out, "Credential", "[skip]")

    def test_open_registry_accepts_anything_with_a_warning(self):
        res = self.probe_doc(self.registry(self.doubles["open"].url))
        self.assertEqual(res.rc, 0, res)
        self.assertStep(res.out, "GET /v2/", "[ ok ]", "HTTP 200")
        self.assertStep(res.out, "Credential", "[warn]", "says nothing about the access key and secret")

    # -- URL alone, partial credentials, input -----------------------------------

    def test_url_alone_skips_the_credential_step(self):
        d = self.doubles["basic"]
        res = self.probe(d.url)
        self.assertEqual(res.rc, 4, res)
        self.assertStep(res.out, "GET /v2/", "[ ok ]")
        self.assertStep(res.out, "Credential", "[skip]", "no access key and secret given")
        self.assertEqual(d.seen()["requests"][-1]["auth"], None)

    def test_access_key_without_secret_skips_the_credential_step(self):
        res = self.probe_doc(self.registry(self.doubles["basic"].url, secret=None))
        self.assertEqual(res.rc, 4, res)
        self.assertStep(res.out, "Credential", "[skip]", "no secret given", USER)

    def test_file_argument_is_read(self):
        path = os.path.join(self.tmp.name, "registry.json")
        with open(path, "w", encoding="utf-8") as f:
            f.write(self.registry(self.doubles["basic"].url))
        res = self.probe(path)
        self.assertEqual(res.rc, 0, res)
        self.assertStep(res.out, "Credential", "[ ok ]")

    def test_usage_errors_exit_2(self):
        missing = os.path.join(self.tmp.name, "missing.json")
        cases = [
            ([], None, "usage"),
            (["a", "b"], None, "usage"),
            ([missing], None, "cannot read"),
            (["-"], "{not json", "standard input"),
            (["-"], json.dumps({"name": "x", "credential": {"access_key": "k"}}), "no \"url\""),
            (["ftp://registry.example/"], None, "must start with https:// or http://"),
            (["https://user:pw@registry.example/"], None, "user name or password"),
            (["--cacert", missing, "https://registry.example/"], None, "--cacert"),
        ]
        for args, stdin, words in cases:
            with self.subTest(args=args):
                res = self.probe(*args, stdin=stdin)
                self.assertEqual(res.rc, 2, res)
                self.assertIn(words, res.err)
                self.assertEqual(res.out, "")

    def test_no_swr_endpoint_or_token_is_needed(self):
        env = base_env(home=self.tmp.name)
        self.assertFalse(any(k.startswith("SWRTUI_") for k in env))
        res = run(["probe", self.doubles["basic"].url], env)
        self.assertEqual(res.rc, 4, res)  # reachable; no credential given, so none checked


class RealmTest(unittest.TestCase):
    """The token service (realm) a Bearer challenge names gets the access key and secret only where
    Docker's client would send them: never over plain http when the registry is https, and over https
    with its certificate verified unless it is the registry's own host:port ("insecure" names one
    server, never another). A second double on 127.0.0.2 plays a token service on another host; it
    must see no request (so no Authorization header) when the realm is refused."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.env = base_env(home=cls.tmp.name)
        # one certificate for both hosts (trusted with --cacert), one the probe cannot trust
        cls.cert, cls.key = make_cert(cls.tmp.name, name="both", hosts=("127.0.0.1", "127.0.0.2"))
        cls.bad_cert, cls.bad_key = make_cert(cls.tmp.name, name="stranger", hosts=("127.0.0.2",))

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def double(self, *args):
        d = Double(*args)
        self.addCleanup(d.stop)
        return d.wait()

    def realm_and_registry(self, realm_args, realm_path, registry_args):
        """A token service double, then a Bearer registry double whose challenge names it."""
        realm = self.double("--auth", "bearer", "--token", "fixed-token-0123456789", *realm_args)
        registry = self.double("--auth", "bearer", "--token", "fixed-token-0123456789",
                               "--realm", realm.url + realm_path, *registry_args)
        return realm, registry

    def probe(self, doc, *args):
        res = run(["probe", *args, "-"], self.env, stdin=doc, timeout=60)
        text = res.out + res.err
        self.assertNotIn(SECRET, text)
        self.assertNotIn(base64.b64encode(f"{USER}:{SECRET}".encode()).decode(), text)
        self.assertNotIn("fixed-token-0123456789", text)
        return res

    def doc(self, url, insecure=False):
        return json.dumps({"name": "target", "type": "swr-pro", "url": url, "insecure": insecure,
                           "credential": {"type": "basic", "access_key": USER, "access_secret": SECRET}})

    def assertNothingReached(self, realm):
        """No HTTP request (so no Authorization header) reached the token service."""
        seen = realm.seen()
        self.assertEqual(seen["requests"], [], seen)

    def test_https_registry_never_sends_the_credential_to_a_plain_http_realm(self):
        realm, registry = self.realm_and_registry(["--host", "127.0.0.2"], "/token",
                                                  ["--tls-cert", self.cert, "--tls-key", self.key])
        res = self.probe(self.doc(registry.url), "--cacert", self.cert)
        self.assertEqual(res.rc, 1, res)
        self.assertStep(res.out, "TLS", "[warn]", "only because of --cacert")
        self.assertStep(res.out, "GET /v2/", "[ ok ]", "Bearer challenge")
        self.assertStep(res.out, "Credential", "[FAIL]", f"127.0.0.2:{realm.port}", "plain http",
                        "not sent")
        self.assertIn("verdict: FAILED at step 5, Credential:", res.out)
        self.assertNothingReached(realm)
        seen = realm.seen()
        self.assertEqual(seen["connections"], 2, seen)  # the two queries of this test, nothing else

    def test_insecure_is_not_carried_over_to_a_realm_on_another_host(self):
        realm, registry = self.realm_and_registry(
            ["--host", "127.0.0.2", "--tls-cert", self.bad_cert, "--tls-key", self.bad_key], "/service/token",
            ["--tls-cert", self.bad_cert, "--tls-key", self.bad_key])
        res = self.probe(self.doc(registry.url, insecure=True))
        self.assertEqual(res.rc, 1, res)
        self.assertStep(res.out, "TLS", "[warn]", "Skip certificate verification (\"insecure\": true) is on")
        self.assertStep(res.out, "GET /v2/", "[ ok ]")
        self.assertStep(res.out, "Credential", "[FAIL]", f"127.0.0.2:{realm.port}", "does not verify",
                        "not sent")
        self.assertIn("only to 127.0.0.1:%d" % registry.port, res.out)
        self.assertNotIn("verdict: passed", res.out)
        self.assertNothingReached(realm)

    def test_insecure_is_not_carried_over_to_another_port_of_the_same_host(self):
        realm, registry = self.realm_and_registry(
            ["--tls-cert", self.bad_cert, "--tls-key", self.bad_key], "/service/token",
            ["--tls-cert", self.bad_cert, "--tls-key", self.bad_key])
        res = self.probe(self.doc(registry.url, insecure=True))
        self.assertEqual(res.rc, 1, res)
        self.assertStep(res.out, "Credential", "[FAIL]", f"127.0.0.1:{realm.port}", "does not verify")
        self.assertNothingReached(realm)

    def test_verified_realm_on_another_host_is_named_and_used(self):
        tls = ["--tls-cert", self.cert, "--tls-key", self.key]
        realm, registry = self.realm_and_registry(["--host", "127.0.0.2", *tls], "/service/token", tls)
        res = self.probe(self.doc(registry.url), "--cacert", self.cert)
        self.assertEqual(res.rc, 4, res)  # the registry's chain verifies only with --cacert
        self.assertStep(res.out, "Credential", "[ ok ]", f"127.0.0.2:{realm.port}", "gave a token")
        self.assertIn("verdict: NOT passed: reachable from this machine only with --cacert", res.out)
        calls = realm.seen()["requests"]
        self.assertEqual([(c["path"], c["auth"]) for c in calls], [("/service/token", "basic")])
        self.assertEqual(registry.seen()["requests"][-1], {"path": "/v2/", "query": "", "auth": "bearer"})

    def test_http_registry_may_use_a_plain_http_realm_on_another_host_which_is_named(self):
        realm, registry = self.realm_and_registry(["--host", "127.0.0.2"], "/token", [])
        res = self.probe(self.doc(registry.url))
        self.assertEqual(res.rc, 0, res)
        self.assertStep(res.out, "Credential", "[ ok ]", f"the token service at 127.0.0.2:{realm.port} gave a token")
        self.assertIn("the token service is plain http: the access key and secret travel unencrypted", res.out)
        self.assertEqual([(c["path"], c["auth"]) for c in realm.seen()["requests"]], [("/token", "basic")])

    assertStep = ProbeTest.assertStep

if __name__ == "__main__":
    unittest.main()
