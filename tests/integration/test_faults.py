"""The fault matrix, plain commands: each network, server and TLS fault of the matrix against the local
SWR emulator (or a second one, or nothing at all), and the bounded retries of idempotent requests.
Every case asserts the words the user reads, the exit code (1 the service refused or answered
something unusable, 3 it could not be reached), what the emulator received, and — through the
harness, under the sanitizer build — no crash and no leak."""
import email.utils
import json
import os
import tempfile
import time
import unittest

from fault_kit import Certs, free_port, gaps
from harness import Emulator, base_env, run

SECRET = "Fault-Matrix-S3cret-41"

BODY = {"name": "harbor-mirror", "description": "fault matrix", "type": "swr-pro",
        "url": "https://harbor.example.com",
        "credential": {"type": "basic", "access_key": "robot$mirror", "access_secret": SECRET},
        "dns_conf": {"hosts": {}}, "insecure": False}

THROTTLED = {"error_code": "APIGW.0308", "error_msg": "The throttling threshold has been reached",
             "request_id": "0308aa"}


class FaultCase(unittest.TestCase):
    emu = None

    @classmethod
    def setUpClass(cls):
        cls.emu = Emulator("--sample")
        cls.tmp = tempfile.TemporaryDirectory()
        cls.body = os.path.join(cls.tmp.name, "body.json")
        with open(cls.body, "w") as f:
            json.dump(BODY, f)

    @classmethod
    def tearDownClass(cls):
        cls.emu.stop()
        cls.tmp.cleanup()

    def setUp(self):
        self.emu.reset()
        self.env = base_env(self.emu, home=self.tmp.name)

    def cli(self, *args, env=None):
        started = time.monotonic()
        res = run(list(args), env or self.env)
        res.took = time.monotonic() - started
        self.assertGreaterEqual(res.rc, 0, f"swrtui was killed by a signal: {res}")
        self.assertNotIn(SECRET, res.out + res.err)
        return res

    def sent(self, method=None):
        return [r for r in self.emu.requests() if method is None or r["method"] == method]

    def assertRetried(self, res, times):
        """The stderr says each retry, and nothing more."""
        self.assertEqual(res.err.count(": retrying "), times, res)


class TestConnection(FaultCase):
    def test_connection_refused_is_exit_3_with_a_hint_and_no_retry(self):
        env = dict(self.env, SWRTUI_ENDPOINT=f"http://127.0.0.1:{free_port()}")
        for args in (["list"], ["apply", "7", self.body]):
            res = self.cli(*args, env=env)
            self.assertEqual(res.rc, 3, res)
            self.assertIn("cannot reach the service", res.err)
            self.assertIn("connect failed", res.err)
            self.assertIn("nothing answers at that address", res.err)
            self.assertRetried(res, 0)

    def test_a_reset_in_the_middle_of_a_body_every_time_is_exit_3_after_three_attempts(self):
        self.emu.fault(method="GET", action="reset_mid_body", times=-1)
        res = self.cli("list")
        self.assertEqual(res.rc, 3, res)
        self.assertIn("cannot reach the service", res.err)
        self.assertIn("transfer failed", res.err)
        self.assertIn("attempts:    3", res.err)
        self.assertRetried(res, 2)
        self.assertIn("connection lost: retrying in", res.err)
        self.assertEqual(len(self.sent("GET")), 3)

    def test_a_reset_then_success_retries_a_get_once_and_exits_0(self):
        self.emu.fault(method="GET", action="reset_mid_body", times=1)
        res = self.cli("show", "1")
        self.assertEqual(res.rc, 0, res)
        self.assertIn("harbor-backup", res.out)
        self.assertIn("connection lost: retrying in", res.err)
        self.assertIn("(attempt 2 of 3)", res.err)
        self.assertEqual(len(self.sent("GET")), 2)

    def test_a_reset_put_is_sent_again_with_the_same_body(self):
        self.emu.fault(method="PUT", action="reset_mid_body", times=1)
        res = self.cli("apply", "7", self.body)
        self.assertEqual(res.rc, 0, res)
        self.assertEqual(res.out.strip(), "updated registry 7")
        puts = self.sent("PUT")
        self.assertEqual(len(puts), 2)
        self.assertEqual(puts[0]["body"], puts[1]["body"])
        self.assertEqual(json.loads(puts[1]["body"]), BODY)

    def test_a_dropped_post_is_never_sent_again(self):
        self.emu.fault(method="POST", action="drop", times=1)
        res = self.cli("create", self.body)
        self.assertEqual(res.rc, 3, res)
        self.assertIn("transfer failed", res.err)
        self.assertRetried(res, 0)
        self.assertEqual(len(self.sent("POST")), 1)

    def test_a_stall_past_the_timeout_is_exit_3_and_not_retried(self):
        self.emu.fault(method="GET", delay=5)
        res = self.cli("show", "1", "--timeout", "1")
        self.assertEqual(res.rc, 3, res)
        self.assertIn("timeout failed", res.err)
        self.assertIn("no complete answer within 1.0 s", res.err)
        self.assertIn("raise --timeout", res.err)
        self.assertLess(res.took, 4.0)
        self.assertEqual(len(self.sent("GET")), 1)

    def test_a_slow_trickle_within_the_timeout_succeeds(self):
        self.emu.fault(method="GET", action="trickle", interval=0.001)
        res = self.cli("show", "1", "--timeout", "10")
        self.assertEqual(res.rc, 0, res)
        self.assertIn("harbor-backup", res.out)
        self.assertGreater(res.took, 0.3, "the body should have arrived one byte at a time")

    def test_a_slow_trickle_past_the_timeout_is_exit_3(self):
        self.emu.fault(method="GET", action="trickle", interval=0.05)
        res = self.cli("show", "1", "--timeout", "1")
        self.assertEqual(res.rc, 3, res)
        self.assertIn("timeout failed", res.err)
        self.assertIn("within 1.0 s", res.err)
        self.assertLess(res.took, 4.0)


class TestBadAnswers(FaultCase):
    def test_a_5xx_with_an_html_body_is_exit_1_and_shown_as_text(self):
        self.emu.fault(method="GET", status=502, body="<html><body><h1>502 Bad Gateway</h1></body></html>",
                       headers={"Content-Type": "text/html"})
        res = self.cli("list")
        self.assertEqual(res.rc, 1, res)
        self.assertIn("HTTP 502 Bad Gateway", res.err)
        self.assertIn("text/html", res.err)
        self.assertIn("not an SWR error document", res.err)
        self.assertIn("<h1>502 Bad Gateway</h1>", res.err)
        self.assertIn("retry later", res.err)
        self.assertRetried(res, 0)  # 502 is not retried
        self.assertEqual(len(self.sent("GET")), 1)

    def test_invalid_json_on_a_2xx_list_is_exit_1(self):
        self.emu.fault(method="GET", status=200, body="{registries: [oops",
                       headers={"Content-Type": "application/json"})
        res = self.cli("list")
        self.assertEqual(res.rc, 1, res)
        self.assertIn("the service answered 200 but the body is not a registry list", res.err)
        self.assertRegex(res.err, r"request id:\s+[0-9a-f]{32}")

    def test_truncated_json_on_a_2xx_show_is_exit_1(self):
        self.emu.fault(method="GET", status=200, body='{"id": 1, "name": "harbor-backup", "type": "swr-p',
                       headers={"Content-Type": "application/json"})
        res = self.cli("show", "1")
        self.assertEqual(res.rc, 1, res)
        self.assertIn("the service answered 200 but the body is not a registry", res.err)

    def test_invalid_json_on_an_error_is_shown_as_text(self):
        self.emu.fault(method="PUT", status=400, body="{error_code: SVCSTG.SWR.4000014,",
                       headers={"Content-Type": "application/json"})
        res = self.cli("apply", "7", self.body)
        self.assertEqual(res.rc, 1, res)
        self.assertIn("HTTP 400 Bad Request", res.err)
        self.assertIn("not an SWR error document", res.err)
        self.assertIn("{error_code: SVCSTG.SWR.4000014,", res.err)

    def test_truncated_json_on_an_error_is_shown_as_text(self):
        self.emu.fault(method="GET", status=403, body='{"error_code": "SVCSTG.SWR.4030170", "error_msg": "Insuff',
                       headers={"Content-Type": "application/json"})
        res = self.cli("show", "1")
        self.assertEqual(res.rc, 1, res)
        self.assertIn("HTTP 403 Forbidden", res.err)
        self.assertIn("not an SWR error document", res.err)
        self.assertIn('"error_msg": "Insuff', res.err)
        self.assertIn("access denied", res.err)

    def test_a_50_mb_body_is_cut_off_at_the_limit_with_exit_1(self):
        for fault, args in (({"method": "GET", "valid_json": True}, ["list"]),
                            ({"method": "GET", "no_length": True}, ["show", "1"]),
                            ({"method": "PUT"}, ["apply", "7", self.body])):
            self.emu.reset()
            self.emu.fault(action="oversize", size=50 * 1024 * 1024, **fault)
            res = self.cli(*args)
            self.assertEqual(res.rc, 1, res)
            self.assertIn("larger than the 8388608-byte limit; the transfer was stopped", res.err)
            self.assertRetried(res, 0)
            self.assertEqual(len(self.sent()), 1)

    def test_a_redirect_to_another_host_is_not_followed_and_that_host_gets_nothing(self):
        with Emulator() as other:
            before = other.stats()["connections"]
            for method, args, status in (("GET", ["list"], 302), ("PUT", ["apply", "7", self.body], 307),
                                         ("DELETE", ["delete", "3", "--yes"], 308)):
                self.emu.fault(method=method, action="redirect", status=status,
                               location=other.url + self.emu.api_path("registries"))
                res = self.cli(*args)
                self.assertEqual(res.rc, 1, res)
                self.assertIn(f"answered HTTP {status} with a redirect to {other.url}", res.err)
                self.assertIn("redirects are not followed", res.err)
            # not even a connection (the one counted is this stats call's own), hence no request, no
            # token and no Authorization header
            after = other.stats()
            self.assertEqual(after["connections"] - before, 1)
            self.assertEqual(after["requests"], 0)
            self.assertEqual(other.requests(), [])


class TestTLS(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.certs = Certs(cls.tmp.name)
        cls.body = os.path.join(cls.tmp.name, "body.json")
        with open(cls.body, "w") as f:
            json.dump(BODY, f)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def check_refused(self, pair, cacert, *why):
        with Emulator("--sample", *Certs.tls_args(pair)) as emu:
            env = base_env(emu, home=self.tmp.name)
            if cacert:
                env["SWRTUI_CACERT"] = cacert
            for args in (["list"], ["apply", "7", self.body]):
                res = run(args, env)
                self.assertEqual(res.rc, 3, res)
                self.assertIn("TLS failed", res.err)
                for w in why:
                    self.assertIn(w, res.err)
                self.assertIn("verification is never turned off", res.err)
                self.assertNotIn("retrying", res.err)
            self.assertEqual(emu.requests(), [], "the handshake failed: nothing, no token, was sent")

    def test_the_ca_signed_certificate_works_so_the_failures_below_are_the_certificates_own(self):
        with Emulator("--sample", *Certs.tls_args(self.certs.good)) as emu:
            res = run(["list"], base_env(emu, home=self.tmp.name, SWRTUI_CACERT=self.certs.ca))
            self.assertEqual(res.rc, 0, res)
            self.assertIn("harbor-backup", res.out)

    def test_a_self_signed_certificate_is_refused_with_exit_3(self):
        self.check_refused(self.certs.self_signed, None, "[certificate: self-signed certificate]",
                           "pass that CA with --cacert FILE")

    def test_a_certificate_for_another_host_is_refused_with_exit_3(self):
        self.check_refused(self.certs.wrong_host, self.certs.ca, "target host name '127.0.0.1'",
                           "[certificate: issued for another host name]", "check the host of the endpoint")

    def test_an_expired_certificate_is_refused_with_exit_3(self):
        self.check_refused(self.certs.expired, self.certs.ca, "[certificate: certificate has expired]",
                           "outside its validity period")


class TestRetries(FaultCase):
    def test_429_with_retry_after_seconds_retries_a_get_after_the_delay(self):
        self.emu.fault(method="GET", status=429, headers={"Retry-After": "1"}, json=THROTTLED)
        res = self.cli("show", "1")
        self.assertEqual(res.rc, 0, res)
        self.assertIn("harbor-backup", res.out)
        self.assertIn("swrtui: throttled (APIGW.0308): retrying in 1 s (attempt 2 of 3)", res.err)
        gets = self.sent("GET")
        self.assertEqual(len(gets), 2)
        self.assertGreaterEqual(gaps(gets)[0], 0.95)
        self.assertLess(gaps(gets)[0], 2.0)

    def test_apigw_0308_with_an_http_date_retries_a_put_after_the_delay(self):
        date = int(time.time()) + 2
        when = email.utils.formatdate(date, usegmt=True)  # "Wed, 27 Nov 2024 21:05:02 GMT"
        self.emu.fault(method="PUT", status=429, headers={"Retry-After": when}, json=THROTTLED)
        res = self.cli("apply", "7", self.body)
        self.assertEqual(res.rc, 0, res)
        self.assertEqual(res.out.strip(), "updated registry 7")
        self.assertRetried(res, 1)
        puts = self.sent("PUT")
        self.assertEqual(len(puts), 2)
        self.assertEqual(puts[0]["body"], puts[1]["body"])
        # not sent again before that date (the emulator and swrtui share this machine's clock)
        self.assertGreaterEqual(puts[1]["time"], date - 0.05)
        self.assertLess(puts[1]["time"], date + 1.5)

    def test_apigw_0308_is_retried_whatever_its_status(self):
        self.emu.fault(method="DELETE", status=403, headers={"Retry-After": "0"}, json=THROTTLED)
        res = self.cli("delete", "3", "--yes")
        self.assertEqual(res.rc, 0, res)
        self.assertIn("throttled (APIGW.0308): retrying", res.err)
        self.assertEqual(len(self.sent("DELETE")), 2)

    def test_a_post_answered_429_is_not_retried(self):
        self.emu.fault(method="POST", status=429, headers={"Retry-After": "1"}, json=THROTTLED)
        res = self.cli("create", self.body)
        self.assertEqual(res.rc, 1, res)
        self.assertIn("HTTP 429 Too Many Requests", res.err)
        self.assertIn("APIGW.0308", res.err)
        self.assertRegex(res.err, r"retry after:\s+1\n")
        self.assertRetried(res, 0)
        self.assertNotIn("attempts:", res.err)
        self.assertEqual(len(self.sent("POST")), 1)

    def test_503_twice_then_success_takes_three_attempts_with_growing_waits(self):
        self.emu.fault(method="GET", status=503, times=2)
        res = self.cli("show", "1")
        self.assertEqual(res.rc, 0, res)
        self.assertIn("HTTP 503: retrying in 0.", res.err)
        self.assertIn("(attempt 3 of 3)", res.err)
        gets = self.sent("GET")
        self.assertEqual(len(gets), 3)
        first, second = gaps(gets)
        self.assertGreaterEqual(first, 0.2)   # 0.25-0.5 s
        self.assertGreaterEqual(second, 0.45)  # 0.5-1 s
        self.assertLess(first + second, 3.0)

    def test_retries_exhausted_report_the_last_error_and_the_attempts(self):
        self.emu.fault(method="GET", status=503, times=-1, body="<html>Service Unavailable</html>",
                       headers={"Content-Type": "text/html", "Retry-After": "0"})
        res = self.cli("list")
        self.assertEqual(res.rc, 1, res)
        self.assertIn("HTTP 503 Service Unavailable", res.err)
        self.assertIn("<html>Service Unavailable</html>", res.err)
        self.assertIn("attempts:    3", res.err)
        self.assertIn("the last one is shown", res.err)
        self.assertRetried(res, 2)
        self.assertEqual(len(self.sent("GET")), 3)

    def test_attempts_1_turns_retries_off(self):
        self.emu.fault(method="GET", status=503, times=-1)
        res = self.cli("show", "1", "--attempts", "1")
        self.assertEqual(res.rc, 1, res)
        self.assertRetried(res, 0)
        self.assertEqual(len(self.sent("GET")), 1)
        res = self.cli("show", "1", env=dict(self.env, SWRTUI_ATTEMPTS="2"))
        self.assertIn("attempts:    2", res.err)

    def test_attempts_out_of_range_is_a_usage_error(self):
        for bad in ("0", "11", "two", "-1"):
            res = self.cli("list", "--attempts=" + bad)
            self.assertEqual(res.rc, 2, res)
            self.assertIn("attempts must be a whole number from 1 to 10", res.err)
        self.assertEqual(self.sent(), [])

    def test_a_retry_after_longer_than_the_cap_or_the_timeout_is_not_waited_for(self):
        for after, timeout in (("31", "60"), ("5", "3")):
            self.emu.reset()
            self.emu.fault(method="GET", status=429, headers={"Retry-After": after}, json=THROTTLED)
            res = self.cli("show", "1", "--timeout", timeout)
            self.assertEqual(res.rc, 1, res)
            self.assertRegex(res.err, rf"retry after:\s+{after}\n")
            self.assertRetried(res, 0)
            self.assertLess(res.took, 4.0)  # waiting would take 5 s or more
            self.assertEqual(len(self.sent("GET")), 1)

    def test_verbose_shows_every_attempt(self):
        self.emu.fault(method="GET", status=503, times=1, headers={"Retry-After": "0"})
        res = self.cli("show", "1", "--verbose")
        self.assertEqual(res.rc, 0, res)
        self.assertEqual(res.err.count("swrtui: request\n"), 2)
        self.assertIn("503 Service Unavailable", res.err)
        self.assertIn("attempt:    2 (the same request, sent again)", res.err)


if __name__ == "__main__":
    unittest.main()
