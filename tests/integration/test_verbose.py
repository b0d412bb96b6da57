"""--verbose: every request of a plain command is written to stderr as the request inspector shows it
(method, URL, status, request id, timings, headers and bodies), with the token and access_secret
redacted."""
import json
import os
import tempfile
import unittest

from harness import TOKEN, Emulator, base_env, run

SECRET = "Verbose-S3cret-77"


class TestVerbose(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.emu = Emulator("--sample")
        cls.tmp = tempfile.TemporaryDirectory()

    @classmethod
    def tearDownClass(cls):
        cls.emu.stop()
        cls.tmp.cleanup()

    def test_verbose_show_writes_the_request_and_answer_to_stderr(self):
        res = run(["show", "7", "--verbose"], base_env(self.emu, home=self.tmp.name))
        self.assertEqual(res.rc, 0, res)
        err = res.err
        self.assertIn("GET " + self.emu.url + "/v2/", err)
        self.assertIn("status:     200 OK", err)
        self.assertRegex(err, r"request id: [0-9a-f]{32}")
        self.assertRegex(err, r"timings:    name resolution \d+\.\d{3} s, connect \d+\.\d{3} s, TLS \d+\.\d{3} s, "
                              r"first byte \d+\.\d{3} s, total \d+\.\d{3} s")
        self.assertIn("X-Auth-Token: <redacted>", err)
        self.assertIn("< response body", err)
        self.assertNotIn(TOKEN, err + res.out)
        # stdout stays the command's own output
        self.assertNotIn("request headers", res.out)

    def test_verbose_apply_redacts_the_secret_in_the_body(self):
        body = {"name": "verbose-one", "type": "huawei-SWR", "url": "https://swr.cn-north-4.myhuaweicloud.com",
                "credential": {"type": "basic", "access_key": "ak", "access_secret": SECRET}, "insecure": False}
        path = os.path.join(self.tmp.name, "b.json")
        with open(path, "w") as f:
            json.dump(body, f)
        res = run(["apply", "3", path, "--verbose"], base_env(self.emu, home=self.tmp.name))
        self.assertEqual(res.rc, 0, res)
        self.assertIn("PUT " + self.emu.url, res.err)
        self.assertIn('"access_secret":"<redacted>"', res.err)
        self.assertNotIn(SECRET, res.err + res.out)

    def test_verbose_shows_a_failed_request_too(self):
        self.emu.fault(method="GET", status=403, json={"error_code": "SVCSTG.SWR.4030170", "error_msg": "denied"})
        res = run(["show", "1", "--verbose"], base_env(self.emu, home=self.tmp.name))
        self.assertEqual(res.rc, 1, res)
        self.assertIn("status:     403 Forbidden", res.err)
        self.assertIn('"error_code":"SVCSTG.SWR.4030170"', res.err)


if __name__ == "__main__":
    unittest.main()
