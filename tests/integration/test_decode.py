"""Integration tests of `swrtui decode MESSAGE|-` against the local emulator's STS: the message of a 403
decoded into who / action / resource / why and the whole document, the signed request it sends, AK/SK
required (exit 2, nothing sent), STS refusals (exit 1), an unreachable STS (exit 3), standard input,
the endpoint from --sts-endpoint or the region, --json and --dry-run."""
import json
import os
import tempfile
import unittest
import urllib.error
import urllib.request

from harness import INSTANCE, PROJECT, Emulator, base_env, run

AK = "HPUAINTEGRATIONAK001"
SK = "integration-secret-key-7f3c"
FORBIDDEN = "forbidden-token"


class DecodeTestCase(unittest.TestCase):
    emu = None

    @classmethod
    def setUpClass(cls):
        cls.emu = Emulator("--sample", "--aksk", f"{AK}:{SK}", "--forbidden-token", FORBIDDEN)
        cls.tmp = tempfile.TemporaryDirectory()

    @classmethod
    def tearDownClass(cls):
        cls.emu.stop()
        cls.tmp.cleanup()

    def setUp(self):
        self.emu.reset()
        self.env = base_env(self.emu, home=self.tmp.name, CLOUD_SDK_AK=AK, CLOUD_SDK_SK=SK,
                            SWRTUI_STS_ENDPOINT=self.emu.url)

    def forbidden_message(self):
        """The encoded message and request id of a 403 (a show refused for lack of permission)."""
        req = urllib.request.Request(self.emu.url + self.emu.api_path("registries/1"),
                                     headers={"X-Auth-Token": FORBIDDEN})
        with self.assertRaises(urllib.error.HTTPError) as ctx:
            urllib.request.urlopen(req, timeout=10)
        err = ctx.exception
        self.assertEqual(err.code, 403)
        doc = json.loads(err.read().decode())
        rid = err.headers["X-Request-Id"]
        err.close()
        self.emu.reset()
        return doc["encoded_authorization_message"], rid

    def sts_requests(self):
        return [r for r in self.emu.requests() if r["path"] == "/v5/decode-authorization-message"]

    def assertNoSecret(self, res):
        self.assertNotIn(SK, res.out)
        self.assertNotIn(SK, res.err)

    def test_decodes_the_message_of_a_403(self):
        message, rid = self.forbidden_message()
        res = run(["decode", message], self.env)
        self.assertEqual(res.rc, 0, res)
        lines = res.out.splitlines()
        self.assertEqual(lines[0], "who:       user emulator-user (ID 5f4e3d2c1b0a49382716a5b4c3d2e1f0), "
                                   "account emulator-account (ID 9e8d7c6b5a4938271605f4e3d2c1b0a9)")
        self.assertEqual(lines[1], "action:    swr:instance:getRegistry")
        self.assertEqual(lines[2], f"resource:  SWR:*:{PROJECT}:instance:{INSTANCE}")
        self.assertEqual(lines[3], "why:       implicit deny by identity-based policy")
        self.assertEqual(lines[4], f"request:   {rid}")
        self.assertEqual(lines[5:7], ["", "decoded document:"])
        self.assertEqual(json.loads("\n".join(lines[7:]))["context"]["request_id"], rid)
        self.assertIn('    "failure": "implicit deny by identity-based policy"', lines)
        self.assertEqual(res.err, "")
        self.assertNoSecret(res)
        sent = self.sts_requests()
        self.assertEqual(len(sent), 1)
        self.assertEqual(sent[0]["method"], "POST")
        self.assertEqual(json.loads(sent[0]["body"]), {"encoded_message": message})
        headers = {k.lower(): v for k, v in sent[0]["headers"].items()}
        self.assertTrue(headers["authorization"].startswith(f"SDK-HMAC-SHA256 Access={AK}, SignedHeaders="))
        self.assertEqual(headers["content-type"], "application/json")
        self.assertNotIn("x-auth-token", headers)

    def test_reads_the_message_from_standard_input(self):
        message, _ = self.forbidden_message()
        wrapped = "\n  " + "\n".join(message[i:i + 76] for i in range(0, len(message), 76)) + "\n\n"
        res = run(["decode", "-"], self.env, stdin=wrapped)
        self.assertEqual(res.rc, 0, res)
        self.assertIn("why:       implicit deny by identity-based policy\n", res.out)
        self.assertEqual(json.loads(self.sts_requests()[0]["body"]), {"encoded_message": message})

    def test_json_prints_the_document(self):
        message, _ = self.forbidden_message()
        res = run(["decode", "--json", message], self.env)
        self.assertEqual(res.rc, 0, res)
        doc = json.loads(res.out)
        self.assertEqual(doc["context"]["action"], "swr:instance:getRegistry")

    def test_without_aksk_nothing_is_sent(self):
        message, _ = self.forbidden_message()
        env = base_env(self.emu, home=self.tmp.name, SWRTUI_STS_ENDPOINT=self.emu.url)
        res = run(["decode", message], env)
        self.assertEqual(res.rc, 2, res)
        self.assertIn("swrtui: decoding needs AK/SK: set CLOUD_SDK_AK and CLOUD_SDK_SK", res.err)
        self.assertEqual(res.out, "")
        # keys configured but the token forced: said how to choose the keys
        res = run(["decode", "--auth", "token", message], self.env)
        self.assertEqual(res.rc, 2, res)
        self.assertIn("--auth aksk selects the keys", res.err)
        self.assertEqual(self.sts_requests(), [])

    def test_sts_refusal_exits_1(self):
        res = run(["decode", "QUJD"], self.env)
        self.assertEqual(res.rc, 1, res)
        self.assertIn("HTTP 400", res.err)
        self.assertIn("STS.0002", res.err)
        self.assertEqual(res.out, "")
        message, _ = self.forbidden_message()
        env = dict(self.env, CLOUD_SDK_SK="not-the-secret")
        res = run(["decode", message], env)
        self.assertEqual(res.rc, 1, res)
        self.assertIn("APIGW.0301", res.err)
        self.assertIn("verify aksk signature fail", res.err)
        self.assertNotIn("not-the-secret", res.err)

    def test_unreachable_sts_exits_3(self):
        env = dict(self.env, SWRTUI_STS_ENDPOINT="http://127.0.0.1:1")
        res = run(["decode", "QUJD"], env)
        self.assertEqual(res.rc, 3, res)
        self.assertIn("cannot reach the service at http://127.0.0.1:1", res.err)

    def test_usage_errors_exit_2(self):
        for args, stdin, needle in ((["decode"], None, "usage: swrtui [options] decode MESSAGE|-"),
                                    (["decode", "a", "b"], None, "usage:"),
                                    (["decode", "-"], " \n\t\n", "the encoded message is empty"),
                                    (["decode", "A" * 10241], None, "STS takes at most 10240"),
                                    (["decode", "ab\x01cd"], None, "control or non-ASCII character")):
            res = run(args, self.env, stdin=stdin)
            self.assertEqual(res.rc, 2, (args, res))
            self.assertIn(needle, res.err)
        self.assertEqual(self.sts_requests(), [])

    def test_endpoint_from_flag_and_region(self):
        message, _ = self.forbidden_message()
        env = dict(self.env, SWRTUI_STS_ENDPOINT="http://127.0.0.1:1")
        res = run(["decode", "--sts-endpoint", self.emu.url, message], env)
        self.assertEqual(res.rc, 0, res)
        env = base_env(self.emu, home=self.tmp.name, CLOUD_SDK_AK=AK, CLOUD_SDK_SK=SK)
        res = run(["decode", "--region", "cn-north-4", "--dry-run", "QUJD"], env)
        self.assertEqual(res.rc, 0, res)
        self.assertTrue(res.out.startswith(
            "POST https://sts.cn-north-4.myhuaweicloud.com/v5/decode-authorization-message\n"), res)
        self.assertIn("Authorization: <redacted>\n", res.out)
        self.assertIn('{"encoded_message":"QUJD"}', res.out)
        self.assertIn("dry run: nothing was sent", res.err)
        self.assertNoSecret(res)
        res = run(["decode", "QUJD"], env)
        self.assertEqual(res.rc, 2, res)
        self.assertIn("no STS endpoint", res.err)


if __name__ == "__main__":
    unittest.main()
