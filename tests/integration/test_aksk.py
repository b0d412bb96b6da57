"""Integration tests of AK/SK signing: the plain commands signed with keys from the environment or a
credentials file and checked by the emulator's gateway-style verifier (--aksk), a wrong SK, clock skew,
temporary keys with a security token, the credentials file's privacy check, the rule choosing between
a token and keys, and the keys kept out of every output (--dry-run and --verbose included)."""
import json
import os
import tempfile
import unittest

from harness import INSTANCE, PROJECT, TOKEN, Emulator, base_env, run

AK = "HPUAINTEGRATIONAK001"
SK = "IntegrationSecretKey0123456789abcdefABCD"
TEMP_AK = "HPUATEMPORARYAK00002"
TEMP_SK = "TemporarySecretKey0123456789abcdefghijXY"
SECURITY_TOKEN = "gQpjbi1ub3J0aC00IhYxNjAwMDAwMDAwMDAwMDAwMDAwMDAw-security-token"
SECRET = "S3cr3t-For-AKSK-Tests-77a1"

BODY_7 = {
    "name": "harbor-signed",
    "description": "updated with an AK/SK signature",
    "type": "swr-pro",
    "url": "https://harbor.example.com",
    "credential": {"type": "basic", "access_key": "robot$signed", "access_secret": SECRET},
    "insecure": False,
}


class AkskTestCase(unittest.TestCase):
    emu = None

    @classmethod
    def setUpClass(cls):
        cls.emu = Emulator("--sample", "--aksk", f"{AK}:{SK}",
                           "--aksk", f"{TEMP_AK}:{TEMP_SK}:{SECURITY_TOKEN}")
        cls.tmp = tempfile.TemporaryDirectory()

    @classmethod
    def tearDownClass(cls):
        cls.emu.stop()
        cls.tmp.cleanup()

    def setUp(self):
        self.emu.reset()
        self.emu.control("PUT", "/_emu/clock", {"skew": 0})
        self.env = base_env(self.emu, home=self.tmp.name, SWRTUI_TOKEN=None,
                            CLOUD_SDK_AK=AK, CLOUD_SDK_SK=SK)

    def write(self, name, content, mode=0o600):
        path = os.path.join(self.tmp.name, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(content if isinstance(content, str) else json.dumps(content))
        os.chmod(path, mode)
        return path

    def headers(self, req):
        return {k.lower(): v for k, v in req["headers"].items()}

    def assertNoSecrets(self, res, *extra):
        for s in (SK, TEMP_SK, SECURITY_TOKEN, SECRET, TOKEN) + extra:
            self.assertNotIn(s, res.out, f"secret {s!r} on stdout")
            self.assertNotIn(s, res.err, f"secret {s!r} on stderr")

    def assertSigned(self, req, ak=AK, extra_signed=""):
        h = self.headers(req)
        self.assertNotIn("x-auth-token", h)
        self.assertEqual(h["x-project-id"], PROJECT)
        self.assertRegex(h["x-sdk-date"], r"^\d{8}T\d{6}Z$")
        self.assertRegex(h["authorization"],
                         rf"^SDK-HMAC-SHA256 Access={ak}, SignedHeaders=content-type;host;x-project-id;"
                         rf"x-sdk-date{extra_signed}, Signature=[0-9a-f]{{64}}$")


class TestSignedCommands(AkskTestCase):
    def test_list_is_signed_and_accepted(self):
        res = run(["list"], self.env)
        self.assertEqual(res.rc, 0, res)
        self.assertIn("harbor-backup", res.out)
        reqs = self.emu.requests()
        self.assertEqual(len(reqs), 1)
        self.assertSigned(reqs[0])
        # the query is sent in the signed (sorted) order
        self.assertEqual(reqs[0]["query"], "limit=100&offset=0")
        self.assertNoSecrets(res)

    def test_list_with_filters_and_a_non_ascii_name(self):
        res = run(["list", "--name", "镜像 仓库", "--order-by", "name", "--order", "asc"], self.env)
        self.assertEqual(res.rc, 0, res)
        q = self.emu.requests()[0]["query"]
        self.assertEqual(q, "limit=100&name=%E9%95%9C%E5%83%8F%20%E4%BB%93%E5%BA%93&offset=0&"
                            "order_column=name&order_type=asc")

    def test_show_is_signed_and_accepted(self):
        res = run(["show", "1", "--json"], self.env)
        self.assertEqual(res.rc, 0, res)
        self.assertEqual(json.loads(res.out)["name"], "harbor-backup")
        self.assertSigned(self.emu.requests()[0])

    def test_apply_is_signed_over_its_body_and_accepted(self):
        path = self.write("body.json", BODY_7)
        res = run(["apply", "7", path], self.env)
        self.assertEqual(res.rc, 0, res)
        self.assertEqual(res.out.strip(), "updated registry 7")
        reqs = self.emu.requests()
        self.assertEqual(len(reqs), 1)
        self.assertEqual(reqs[0]["method"], "PUT")
        self.assertSigned(reqs[0])
        stored = next(r for r in self.emu.state()["registries"] if r["id"] == 7)
        self.assertEqual(stored["name"], "harbor-signed")
        self.assertEqual(stored["credential"]["access_secret"], SECRET)
        self.assertNoSecrets(res)

    def test_temporary_keys_send_and_sign_the_security_token(self):
        env = dict(self.env, CLOUD_SDK_AK=TEMP_AK, CLOUD_SDK_SK=TEMP_SK,
                   CLOUD_SDK_SECURITY_TOKEN=SECURITY_TOKEN)
        res = run(["list"], env)
        self.assertEqual(res.rc, 0, res)
        req = self.emu.requests()[0]
        self.assertSigned(req, ak=TEMP_AK, extra_signed=";x-security-token")
        self.assertEqual(self.headers(req)["x-security-token"], SECURITY_TOKEN)
        self.assertNoSecrets(res)

    def test_temporary_keys_without_their_token_are_refused(self):
        env = dict(self.env, CLOUD_SDK_AK=TEMP_AK, CLOUD_SDK_SK=TEMP_SK)
        res = run(["list"], env)
        self.assertEqual(res.rc, 1, res)
        self.assertIn("APIGW.0301", res.err)
        self.assertNoSecrets(res)


class TestRefusals(AkskTestCase):
    def test_wrong_sk_is_refused_with_the_gateway_canonical_request(self):
        wrong = "WrongSecretKey0123456789abcdefghijklmnop"
        res = run(["list"], dict(self.env, CLOUD_SDK_SK=wrong))
        self.assertEqual(res.rc, 1, res)
        self.assertIn("APIGW.0301", res.err)
        self.assertIn("verify aksk signature fail", res.err)
        self.assertIn(f"canonicalRequest: GET|/v2/{PROJECT}/instances/{INSTANCE}/registries/|limit=100&offset=0|",
                      res.err)
        self.assertNoSecrets(res, wrong)

    def test_wrong_sk_with_verbose_shows_both_canonical_requests_and_no_secret(self):
        wrong = "WrongSecretKey0123456789abcdefghijklmnop"
        env = dict(self.env, CLOUD_SDK_AK=TEMP_AK, CLOUD_SDK_SK=wrong,
                   CLOUD_SDK_SECURITY_TOKEN=SECURITY_TOKEN)
        res = run(["list", "--verbose"], env)
        self.assertEqual(res.rc, 1, res)
        self.assertIn("verify aksk signature fail", res.err)
        # the gateway echoes the security token in its canonical request: swrtui shows it redacted
        self.assertIn("|x-security-token:<redacted>|", res.err)
        self.assertNoSecrets(res, wrong)

    def test_wrong_sk_verdict_says_the_secret_key_does_not_belong_to_the_access_key(self):
        wrong = "WrongSecretKey0123456789abcdefghijklmnop"
        res = run(["show", "1"], dict(self.env, CLOUD_SDK_SK=wrong))
        self.assertEqual(res.rc, 1, res)
        self.assertRegex(res.err, r"verdict: +the AK/SK signature does not match: the gateway's canonical request is identical to the one swrtui "
                                  r"signed, .*the secret key does not belong to this access key \(or was mistyped\)")
        self.assertNotIn("compare", res.err)
        self.assertNoSecrets(res, wrong)

    def test_clock_skew_verdict_names_both_clocks_and_the_gap(self):
        self.emu.control("PUT", "/_emu/clock", {"skew": 20 * 60})
        try:
            res = run(["show", "1"], self.env)
        finally:
            self.emu.control("PUT", "/_emu/clock", {"skew": 0})
        self.assertEqual(res.rc, 1, res)
        self.assertIn("signature expired", res.err)
        self.assertRegex(res.err, r"verdict: +swrtui dated the signature X-Sdk-Date \d{8}T\d{6}Z .*the gateway's "
                                  r"clock \(its Date header\) said .* GMT: this machine's clock is (19|20) min "
                                  r"\d+ s behind; .*NTP")
        self.assertNoSecrets(res)

    def test_unknown_ak(self):
        res = run(["list"], dict(self.env, CLOUD_SDK_AK="HPUANOSUCHKEY0000000"))
        self.assertEqual(res.rc, 1, res)
        self.assertIn("ak not exist", res.err)
        self.assertNoSecrets(res)

    def test_clock_skew_is_reported_as_signature_expired(self):
        self.emu.control("PUT", "/_emu/clock", {"skew": 20 * 60})
        try:
            res = run(["show", "1"], self.env)
        finally:
            self.emu.control("PUT", "/_emu/clock", {"skew": 0})
        self.assertEqual(res.rc, 1, res)
        self.assertIn("APIGW.0301", res.err)
        self.assertIn("signature expired", res.err)
        self.assertNoSecrets(res)


class TestCredentialsFile(AkskTestCase):
    def env_without_keys(self, **extra):
        env = dict(self.env, **extra)
        env.pop("CLOUD_SDK_AK")
        env.pop("CLOUD_SDK_SK")
        return env

    def test_private_key_value_file_is_used(self):
        path = self.write("credentials", f"# keys of the integration user\nak = {AK}\nsk = {SK}\n")
        res = run(["list", "--credentials-file", path], self.env_without_keys())
        self.assertEqual(res.rc, 0, res)
        self.assertSigned(self.emu.requests()[0])
        self.assertNoSecrets(res)

    def test_private_console_csv_from_the_environment_variable_is_used(self):
        path = self.write("credentials.csv", f"User Name,Access Key Id,Secret Access Key\r\nalice,{AK},{SK}\r\n")
        res = run(["show", "1"], self.env_without_keys(SWRTUI_CREDENTIALS_FILE=path))
        self.assertEqual(res.rc, 0, res)
        self.assertSigned(self.emu.requests()[0])

    def test_file_readable_by_others_is_refused_and_nothing_is_sent(self):
        path = self.write("credentials-0644", f"ak = {AK}\nsk = {SK}\n", mode=0o644)
        res = run(["list", "--credentials-file", path], self.env_without_keys())
        self.assertEqual(res.rc, 2, res)
        self.assertIn(path, res.err)
        self.assertIn("chmod 600", res.err)
        self.assertEqual(self.emu.requests(), [])
        self.assertNoSecrets(res)

    def test_symbolic_link_is_refused(self):
        path = self.write("credentials-real", f"ak = {AK}\nsk = {SK}\n")
        link = os.path.join(self.tmp.name, "credentials-link")
        if os.path.lexists(link):
            os.unlink(link)
        os.symlink(path, link)
        res = run(["list", "--credentials-file", link], self.env_without_keys())
        self.assertEqual(res.rc, 2, res)
        self.assertIn("symbolic link", res.err)
        self.assertEqual(self.emu.requests(), [])


class TestWhichCredential(AkskTestCase):
    def test_keys_win_over_a_token_when_nothing_is_forced(self):
        res = run(["list"], dict(self.env, SWRTUI_TOKEN=TOKEN))
        self.assertEqual(res.rc, 0, res)
        self.assertSigned(self.emu.requests()[0])

    def test_auth_token_forces_the_token(self):
        res = run(["list", "--auth", "token"], dict(self.env, SWRTUI_TOKEN=TOKEN))
        self.assertEqual(res.rc, 0, res)
        h = self.headers(self.emu.requests()[0])
        self.assertEqual(h["x-auth-token"], TOKEN)
        self.assertNotIn("authorization", h)
        self.assertNotIn("x-project-id", h)

    def test_swrtui_auth_aksk_without_keys_is_a_usage_error(self):
        env = dict(self.env, SWRTUI_TOKEN=TOKEN, SWRTUI_AUTH="aksk")
        env.pop("CLOUD_SDK_AK")
        env.pop("CLOUD_SDK_SK")
        res = run(["list"], env)
        self.assertEqual(res.rc, 2, res)
        self.assertIn("SWRTUI_AUTH", res.err)
        self.assertIn("CLOUD_SDK_AK", res.err)
        self.assertEqual(self.emu.requests(), [])

    def test_unknown_auth_value_is_a_usage_error(self):
        res = run(["list", "--auth", "password"], self.env)
        self.assertEqual(res.rc, 2, res)
        self.assertIn("\"password\"", res.err)

    def test_half_a_key_pair_is_a_usage_error(self):
        env = dict(self.env, SWRTUI_TOKEN=TOKEN)
        env.pop("CLOUD_SDK_SK")
        res = run(["list"], env)
        self.assertEqual(res.rc, 2, res)
        self.assertIn("CLOUD_SDK_SK", res.err)
        self.assertEqual(self.emu.requests(), [])


class TestDryRun(AkskTestCase):
    def test_dry_run_redacts_the_signature_and_the_security_token(self):
        path = self.write("body.json", BODY_7)
        env = dict(self.env, CLOUD_SDK_AK=TEMP_AK, CLOUD_SDK_SK=TEMP_SK,
                   CLOUD_SDK_SECURITY_TOKEN=SECURITY_TOKEN)
        res = run(["apply", "7", path, "--dry-run"], env)
        self.assertEqual(res.rc, 0, res)
        self.assertIn(f"PUT {self.emu.url}/v2/{PROJECT}/instances/{INSTANCE}/registries/7", res.out)
        self.assertIn("Authorization: <redacted>\n", res.out)
        self.assertIn("X-Security-Token: <redacted>\n", res.out)
        self.assertIn(f"X-Project-Id: {PROJECT}\n", res.out)
        self.assertRegex(res.out, r"X-Sdk-Date: \d{8}T\d{6}Z\n")
        self.assertNotIn("Signature=", res.out)
        self.assertIn('"access_secret":"<redacted>"', res.out)
        self.assertNoSecrets(res)
        self.assertEqual(self.emu.requests(), [])

    def test_dry_run_of_create_and_delete_with_permanent_keys(self):
        path = self.write("body.json", BODY_7)
        for args in (["create", path, "--dry-run"], ["delete", "7", "--dry-run"]):
            res = run(args, self.env)
            self.assertEqual(res.rc, 0, res)
            self.assertIn("Authorization: <redacted>", res.out)
            self.assertNotIn("X-Security-Token", res.out)
            self.assertNoSecrets(res)
        self.assertEqual(self.emu.requests(), [])


if __name__ == "__main__":
    unittest.main()
