"""swrtui check: which credential is active and where it came from, the rule when both a token and
keys are configured, and whether the service accepts it."""
import os
import tempfile
import unittest

from harness import TOKEN, Emulator, base_env, run

AK, SK = "AKCHECKEXAMPLE000001", "check-secret-key-0123456789"


class TestCheck(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.emu = Emulator("--sample", "--aksk", f"{AK}:{SK}")
        cls.tmp = tempfile.TemporaryDirectory()

    @classmethod
    def tearDownClass(cls):
        cls.emu.stop()
        cls.tmp.cleanup()

    def test_a_token_from_the_environment_is_named_and_accepted(self):
        res = run(["check"], base_env(self.emu, home=self.tmp.name))
        self.assertEqual(res.rc, 0, res)
        self.assertRegex(res.out, r"credential:\s+IAM token \(X-Auth-Token\)\s+\(from SWRTUI_TOKEN\)")
        self.assertRegex(res.out, r"service:\s+accepted: HTTP 200 in \d+\.\d{3} s, 6 registries in the instance")
        self.assertRegex(res.out, r"endpoint:\s+http://127\.0\.0\.1:\d+\s+\(from SWRTUI_ENDPOINT\)")
        self.assertNotIn(TOKEN, res.out + res.err)
        reqs = self.emu.requests()
        self.assertTrue(reqs and "limit=1" in reqs[-1]["query"], "one cheap list call")

    def test_keys_win_over_a_token_and_the_rule_is_said(self):
        env = base_env(self.emu, home=self.tmp.name, CLOUD_SDK_AK=AK, CLOUD_SDK_SK=SK)
        res = run(["check"], env)
        self.assertEqual(res.rc, 0, res)
        self.assertIn("AK/SK signature (SDK-HMAC-SHA256), access key AKCH…0001", res.out)
        self.assertIn("(from CLOUD_SDK_AK/CLOUD_SDK_SK)", res.out)
        self.assertIn("both a token and AK/SK are configured: AK/SK wins unless --auth token", res.out)
        self.assertNotIn(SK, res.out + res.err)

    def test_auth_token_forces_the_token(self):
        env = base_env(self.emu, home=self.tmp.name, CLOUD_SDK_AK=AK, CLOUD_SDK_SK=SK)
        res = run(["check", "--auth", "token"], env)
        self.assertEqual(res.rc, 0, res)
        self.assertIn("IAM token (X-Auth-Token)", res.out)
        self.assertIn("--auth (or SWRTUI_AUTH, or auth = in the profile) chose this one", res.out)

    def test_a_refused_token_is_exit_1_with_the_decoded_error(self):
        res = run(["check"], base_env(self.emu, home=self.tmp.name, SWRTUI_TOKEN="expired-token"))
        self.assertEqual(res.rc, 1, res)
        self.assertRegex(res.out, r"service:\s+not accepted")
        self.assertIn("SVCSTG.SWR.4010000", res.err)
        self.assertIn("get a new token", res.err)

    def test_a_wrong_secret_key_is_refused_by_the_gateway(self):
        env = base_env(self.emu, home=self.tmp.name, CLOUD_SDK_AK=AK, CLOUD_SDK_SK="wrong-key", SWRTUI_TOKEN=None)
        res = run(["check"], env)
        self.assertEqual(res.rc, 1, res)
        self.assertIn("APIGW.0301", res.err)
        self.assertIn("signature does not match", res.err)

    def test_no_credential_is_a_usage_error(self):
        res = run(["check"], base_env(self.emu, home=self.tmp.name, SWRTUI_TOKEN=None))
        self.assertEqual(res.rc, 2, res)
        self.assertIn("no credential", res.err)

    def test_an_unreachable_service_is_exit_3_and_says_why(self):
        for endpoint, kind, why in (("http://127.0.0.1:9", "connect", "Failed to connect to 127.0.0.1 port 9"),
                                    ("https://swr.check-test.invalid", "name resolution",
                                     "Could not resolve host: swr.check-test.invalid")):
            with self.subTest(endpoint=endpoint):
                env = base_env(self.emu, home=self.tmp.name, SWRTUI_ENDPOINT=endpoint,
                               **{v: None for v in ("https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY")})
                res = run(["check", "--timeout", "10"], env)
                self.assertEqual(res.rc, 3, res)
                self.assertRegex(res.out, r"service:\s+could not be reached \(%s\): %s" % (kind, why))
                self.assertNotIn("not accepted", res.out)
                self.assertIn(f"{kind} failed", res.err)

    def test_a_service_that_does_not_answer_in_time_could_not_be_reached(self):
        self.addCleanup(self.emu.reset)
        self.emu.fault(method="GET", delay=20)
        res = run(["check", "--timeout", "2"], base_env(self.emu, home=self.tmp.name))
        self.assertEqual(res.rc, 3, res)
        self.assertRegex(res.out, r"service:\s+could not be reached \(timeout\): no complete answer within 2\.0 s")
        self.assertNotIn("not accepted", res.out)


if __name__ == "__main__":
    unittest.main()
