"""Proxies: a request to a loopback address never goes through a proxy, whatever http_proxy, HTTP_PROXY,
HTTPS_PROXY, all_proxy or ALL_PROXY say (the token of a local emulator must not reach a proxy; STS
decode included); an https endpoint goes through HTTPS_PROXY unless NO_PROXY names its host; the proxy
in use is shown, without its user and password, by --verbose and `swrtui check`. The proxy is a hostile
double (proxy_double.py) that records whatever reaches it."""
import json
import tempfile
import unittest
import urllib.error
import urllib.request

from harness import TOKEN, Emulator, base_env, make_cert, run
from proxy_double import ProxyDouble

AK = "HPUAPROXYTESTAK00001"
SK = "proxy-test-secret-key-5d1e"
FORBIDDEN = "forbidden-token"
PROXY_USER = "proxyuser:Pr0xy-Passw0rd"
NAMED_HOST = "swr.proxy-test.invalid"  # resolves nowhere: reachable only through the proxy's tunnel
PROXY_VARS = ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY",
              "no_proxy", "NO_PROXY")


def proxy_env(url, **extra):
    """Every proxy variable names url; nothing exempts any host."""
    env = {k: url for k in PROXY_VARS[:6]}
    env.update({"no_proxy": None, "NO_PROXY": None})
    env.update(extra)
    return env


class TestLoopbackIsNeverProxied(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.emu = Emulator("--sample", "--aksk", f"{AK}:{SK}", "--forbidden-token", FORBIDDEN)
        cls.tmp = tempfile.TemporaryDirectory()

    @classmethod
    def tearDownClass(cls):
        cls.emu.stop()
        cls.tmp.cleanup()

    def setUp(self):
        self.proxy = ProxyDouble()
        self.addCleanup(self.proxy.stop)

    def test_show_against_a_loopback_endpoint_sends_nothing_to_the_proxy(self):
        env = base_env(self.emu, home=self.tmp.name, **proxy_env(self.proxy.url(PROXY_USER + "@")))
        res = run(["show", "7", "--verbose"], env)
        self.assertEqual(res.rc, 0, res)
        self.assertRegex(res.out, r"\b7\b")
        self.assertEqual(self.proxy.received(), [])
        self.assertIn("proxy:      none (a loopback address is never reached through a proxy)", res.err)
        self.assertNotIn(TOKEN, res.out + res.err)
        self.assertNotIn("Pr0xy-Passw0rd", res.out + res.err)

    def test_decode_against_a_loopback_sts_sends_nothing_to_the_proxy(self):
        req = urllib.request.Request(self.emu.url + self.emu.api_path("registries/1"),
                                     headers={"X-Auth-Token": FORBIDDEN})
        with self.assertRaises(urllib.error.HTTPError) as ctx:
            urllib.request.urlopen(req, timeout=10)
        message = json.loads(ctx.exception.read().decode())["encoded_authorization_message"]
        ctx.exception.close()
        env = base_env(self.emu, home=self.tmp.name, CLOUD_SDK_AK=AK, CLOUD_SDK_SK=SK,
                       SWRTUI_STS_ENDPOINT=self.emu.url, **proxy_env(self.proxy.url()))
        res = run(["decode", message], env)
        self.assertEqual(res.rc, 0, res)
        self.assertIn("action:    swr:instance:getRegistry", res.out)
        self.assertEqual(self.proxy.received(), [])

    def test_check_says_a_loopback_endpoint_is_reached_directly(self):
        env = base_env(self.emu, home=self.tmp.name, **proxy_env(self.proxy.url()))
        res = run(["check"], env)
        self.assertEqual(res.rc, 0, res)
        self.assertRegex(res.out, r"proxy:\s+none \(a loopback address is never reached through a proxy\)\n")
        self.assertEqual(self.proxy.received(), [])


class TestHttpsThroughAProxy(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.cert, key = make_cert(cls.tmp.name, hosts=(NAMED_HOST, "127.0.0.1"))
        cls.emu = Emulator("--sample", "--tls-cert", cls.cert, "--tls-key", key)

    @classmethod
    def tearDownClass(cls):
        cls.emu.stop()
        cls.tmp.cleanup()

    def setUp(self):
        self.proxy = ProxyDouble(tunnel_port=self.emu.port)
        self.addCleanup(self.proxy.stop)
        self.named = f"https://{NAMED_HOST}:{self.emu.port}"

    def env(self, endpoint, **proxy):
        env = dict({k: None for k in PROXY_VARS}, **proxy)
        return base_env(self.emu, home=self.tmp.name, SWRTUI_ENDPOINT=endpoint, SWRTUI_CACERT=self.cert, **env)

    def test_https_to_loopback_is_not_proxied_either(self):
        res = run(["show", "7"], self.env(self.emu.url, **proxy_env(self.proxy.url())))
        self.assertEqual(res.rc, 0, res)
        self.assertEqual(self.proxy.received(), [])

    def test_https_proxy_carries_an_https_endpoint_and_is_shown_without_its_password(self):
        res = run(["show", "7", "--verbose"], self.env(self.named, HTTPS_PROXY=self.proxy.url(PROXY_USER + "@")))
        self.assertEqual(res.rc, 0, res)
        heads = self.proxy.received()
        self.assertEqual(len(heads), 1, heads)
        self.assertTrue(heads[0].startswith(f"CONNECT {NAMED_HOST}:{self.emu.port} HTTP/1.1"), heads)
        self.assertIn("Proxy-Authorization: Basic", heads[0])  # the proxy's own credential, for the proxy
        self.assertNotIn(TOKEN, heads[0])  # the token itself went inside the TLS tunnel
        self.assertIn(f"proxy:      http://127.0.0.1:{self.proxy.port} (from HTTPS_PROXY)", res.err)
        self.assertNotIn("Pr0xy-Passw0rd", res.out + res.err)
        self.assertNotIn("proxyuser", res.out + res.err)

    def test_lowercase_https_proxy_and_all_proxy_are_honoured(self):
        for var in ("https_proxy", "ALL_PROXY"):
            with self.subTest(var=var):
                before = len(self.proxy.received())
                res = run(["show", "7"], self.env(self.named, **{var: self.proxy.url()}))
                self.assertEqual(res.rc, 0, res)
                self.assertEqual(len(self.proxy.received()), before + 1)

    def test_check_names_the_proxy(self):
        res = run(["check"], self.env(self.named, HTTPS_PROXY=self.proxy.url(PROXY_USER + "@")))
        self.assertEqual(res.rc, 0, res)
        self.assertRegex(res.out, r"proxy:\s+http://127\.0\.0\.1:%d \(from HTTPS_PROXY\)\n" % self.proxy.port)
        self.assertRegex(res.out, r"service:\s+accepted: HTTP 200")
        self.assertNotIn("Pr0xy-Passw0rd", res.out + res.err)

    def test_no_proxy_naming_the_host_goes_direct(self):
        for np in ("proxy-test.invalid", ".proxy-test.invalid", "example.com, " + NAMED_HOST, "*"):
            with self.subTest(no_proxy=np):
                env = self.env(self.named, HTTPS_PROXY=self.proxy.url(), NO_PROXY=np)
                res = run(["check", "--timeout", "10"], env)
                # straight to a name that resolves nowhere: it cannot be reached, and the proxy saw nothing
                self.assertEqual(res.rc, 3, res)
                self.assertRegex(res.out, r"proxy:\s+none \(NO_PROXY names the host\)\n")
                self.assertEqual(self.proxy.received(), [])

    def test_a_proxy_that_cannot_be_reached_is_named_in_the_failure(self):
        self.proxy.stop()
        res = run(["check", "--timeout", "10"], self.env(self.named, HTTPS_PROXY=self.proxy.url(PROXY_USER + "@")))
        self.assertEqual(res.rc, 3, res)
        self.assertRegex(res.err, r"connect failed: .*\[through the proxy http://127\.0\.0\.1:%d from HTTPS_PROXY\]"
                         % self.proxy.port)
        self.assertRegex(res.out, r"service:\s+could not be reached \(connect\): .*\[through the proxy "
                                  r"http://127\.0\.0\.1:%d from HTTPS_PROXY\]" % self.proxy.port)
        self.assertNotIn("Pr0xy-Passw0rd", res.out + res.err)


if __name__ == "__main__":
    unittest.main()
