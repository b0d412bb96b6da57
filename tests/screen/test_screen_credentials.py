"""Screen tests of the credential and troubleshooting features of the TUI: the IAM login panel (at
start, and again when the token expires mid-session without losing the form), the request log (F4)
and the error panel's inspector, STS decoding of an encoded authorization message, and the target
probe (F5) against the registry double."""
import base64
import json
import os
import re
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "integration"))
from harness import TOKEN, Emulator  # noqa: E402
from screen import Screen  # noqa: E402
from test_probe import SECRET as DOUBLE_SECRET, USER as DOUBLE_USER, Double  # noqa: E402
from test_screen import SANE, tui_env  # noqa: E402

PASSWORD = "Login-Pa55word-31"
SECRET = "tui-cred-S3cret-1"
AK, SK = "AKSCREENEXAMPLE00001", "screen-secret-key-abcdef0123"


class CredentialScreenTest(unittest.TestCase):
    def emulator(self, *args):
        emu = Emulator("--sample", *args)
        self.addCleanup(emu.stop)
        return emu

    def start(self, emu, *args, width=110, height=32, **env):
        s = Screen(list(args), tui_env(emu, **env), width=width, height=height)
        self.addCleanup(s.close)
        return s

    def assertSaneExit(self, s, rc=0):
        code, modes = s.wait_exit()
        self.assertEqual(code, rc, f"exit status; stderr: {s.stderr()}")
        self.assertEqual(set(modes), SANE)

    def log_in(self, s, user="alice", account="acme", password=PASSWORD):
        s.wait_text("log in to IAM")
        s.type(user)
        s.keys("Tab")
        s.type(account)
        s.keys("Tab")
        s.type(password)
        s.keys("Enter")


class TestLogin(CredentialScreenTest):
    def test_without_a_credential_the_tui_logs_in_and_keeps_the_token_in_memory(self):
        emu = self.emulator("--iam-user", f"alice:acme:{PASSWORD}")
        s = self.start(emu, SWRTUI_TOKEN=None, SWRTUI_IAM_ENDPOINT=emu.url, SWRTUI_REGION="cn-north-4")
        s.wait_for(lambda t: "No token and no access keys are configured" in t and f"IAM at {emu.url}" in t,
                   "the login panel naming IAM")
        self.log_in(s)
        text = s.wait_text("harbor-backup")
        self.assertIn("token from IAM login as alice in account acme, expires", text)
        self.assertNotIn(PASSWORD, text)
        login = [r for r in emu.requests() if r["path"] == "/v3/auth/tokens"]
        self.assertEqual(len(login), 1)
        body = json.loads(login[0]["body"])
        self.assertEqual(body["auth"]["identity"]["password"]["user"],
                         {"name": "alice", "password": PASSWORD, "domain": {"name": "acme"}})
        self.assertEqual(body["auth"]["scope"], {"project": {"name": "cn-north-4"}})
        lists = [r for r in emu.requests() if r["method"] == "GET"]
        self.assertTrue(lists and lists[0]["headers"].get("X-Auth-Token"))
        s.keys("q")
        self.assertSaneExit(s)

    def test_a_wrong_password_is_explained_and_the_panel_stays(self):
        emu = self.emulator("--iam-user", f"alice:acme:{PASSWORD}")
        s = self.start(emu, SWRTUI_TOKEN=None, SWRTUI_IAM_ENDPOINT=emu.url, SWRTUI_REGION="cn-north-4")
        self.log_in(s, password="wrong")
        text = s.wait_panel("Request failed")
        self.assertIn("401", text)
        self.assertIn("The username or password is wrong", text)
        s.keys("Escape")
        s.wait_text("not logged in; fix the fields and try again")
        s.keys("Escape")
        code, modes = s.wait_exit()
        self.assertEqual(code, 2)
        self.assertIn("not logged in", s.stderr())

    def test_an_expired_token_asks_to_log_in_again_and_the_save_goes_through_with_the_edits(self):
        emu = self.emulator("--iam-user", f"alice:acme:{PASSWORD}")
        s = self.start(emu, "edit", "1", SWRTUI_TOKEN=None, SWRTUI_IAM_ENDPOINT=emu.url,
                       SWRTUI_REGION="cn-north-4")
        self.log_in(s)
        s.wait_text("Access secret")
        s.keys("Tab", "Tab", "Tab", "C-u")
        s.type("https://relogin.example.com")
        s.keys("Tab", "Tab")
        s.type(SECRET)
        emu.control("POST", "/_emu/expire-tokens", {})
        s.keys("F2")
        s.wait_text("Send these changes?")
        s.keys("y")
        s.wait_text("Log in again?")
        s.keys("y")
        self.log_in(s)
        s.wait_text("saved registry 1")
        puts = [r for r in emu.requests() if r["method"] == "PUT"]
        self.assertEqual(len(puts), 2, "the refused PUT, then the same PUT once more")
        self.assertEqual(puts[0]["body"], puts[1]["body"])
        self.assertNotEqual(puts[0]["headers"]["X-Auth-Token"], puts[1]["headers"]["X-Auth-Token"])
        body = json.loads(puts[1]["body"])
        self.assertEqual(body["url"], "https://relogin.example.com")
        self.assertEqual(body["credential"]["access_secret"], SECRET)
        self.assertSaneExit(s)


class TestInspector(CredentialScreenTest):
    def test_f4_lists_the_requests_and_shows_one_whole_redacted(self):
        emu = self.emulator()
        s = self.start(emu)
        s.wait_text("harbor-backup")
        s.keys("F4")
        # the panel's title shows before its rows
        row = re.compile(r"GET    /registries\S*  200 -\s+\d+\.\d{3} s")
        s.wait_for(lambda t: "request log" in t and row.search(t), "the request log with the list's GET")
        s.keys("Enter")
        text = s.wait_panel("Request inspector")
        self.assertIn("X-Auth-Token: <redacted>", text)
        self.assertIn("timings:", text)
        self.assertNotIn(TOKEN, text)
        s.keys("Escape")
        s.wait_text("request log")
        s.keys("Escape")
        s.wait_text("harbor-backup")
        s.keys("q")
        self.assertSaneExit(s)

    def test_the_error_panel_inspects_the_failed_request(self):
        emu = self.emulator()
        emu.fault(method="PUT", status=403, json={"error_code": "SVCSTG.SWR.4039002", "error_msg": "No permission"})
        s = self.start(emu, "edit", "1")
        s.wait_text("Access secret")
        for _ in range(5):
            s.keys("Tab")
        s.type(SECRET)
        s.keys("F2")
        s.wait_text("Send these changes?")
        s.keys("y")
        s.wait_text("i: inspect the request")
        s.keys("i")
        text = s.wait_panel("Request inspector")
        self.assertIn("403 Forbidden", text)
        self.assertRegex(text, r"PUT\s+│?\s*│?\s*http://127\.0\.0\.1")
        s.wait_for(lambda t: '"access_secret":"<redacted>"' in t.replace("\n", "").replace("│", "").replace(" ", ""),
                   "the redacted body")
        self.assertNotIn(SECRET, s.text())
        s.keys("Escape")
        s.wait_text("Request failed")
        s.keys("C-c")
        self.assertSaneExit(s)


class TestDecode(CredentialScreenTest):
    def test_d_decodes_the_encoded_message_through_sts_with_aksk(self):
        emu = self.emulator("--aksk", f"{AK}:{SK}")
        doc = {"context": {"user": {"user_name": "bob", "domain_name": "acme"},
                           "action": "swr:instance:updateRegistry",
                           "resource": "SWR:*:p:instance:i", "failure": "implicit deny by identity-based policy"},
               "padding": "." * 200}
        encoded = base64.b64encode(json.dumps(doc).encode()).decode()
        emu.fault(method="PUT", status=403, json={"error_code": "SVCSTG.SWR.4030170",
                                                   "error_msg": "Insufficient permissions",
                                                   "encoded_authorization_message": encoded})
        s = self.start(emu, "edit", "1", SWRTUI_TOKEN=None, CLOUD_SDK_AK=AK, CLOUD_SDK_SK=SK,
                       SWRTUI_STS_ENDPOINT=emu.url)
        s.wait_text("Access secret")
        for _ in range(5):
            s.keys("Tab")
        s.type(SECRET)
        s.keys("F2")
        s.wait_text("Send these changes?")
        s.keys("y")
        s.wait_text("d: decode")
        s.keys("d")
        text = s.wait_panel("Why the request was denied")
        self.assertIn("swr:instance:updateRegistry", text)
        self.assertIn("implicit deny by identity-based policy", text)
        self.assertIn("bob", text)
        sts = [r for r in emu.requests() if r["path"] == "/v5/decode-authorization-message"]
        self.assertEqual(len(sts), 1)
        self.assertTrue(sts[0]["headers"]["Authorization"].startswith(f"SDK-HMAC-SHA256 Access={AK}"))
        s.keys("Escape")
        s.wait_text("Request failed")
        s.keys("C-c")
        self.assertSaneExit(s)

    def test_decoding_with_a_token_says_that_ak_sk_is_needed(self):
        emu = self.emulator("--forbidden-token", "weak")
        s = self.start(emu, SWRTUI_TOKEN="weak")
        s.wait_text("Request failed")
        s.keys("d")
        s.wait_text("decoding needs AK/SK")
        s.keys("Escape")
        s.wait_text("Request failed")
        s.keys("C-c")
        self.assertSaneExit(s)


class TestProbe(CredentialScreenTest):
    def probe_with(self, secret, **kw):
        emu = self.emulator()
        double = Double("--auth", "basic").wait()
        self.addCleanup(double.stop)
        s = self.start(emu, "new", **kw)
        s.wait_text("new registry")
        s.type("probe-me")
        s.keys("Tab", "Tab", "Tab")
        s.type(double.url)
        s.keys("Tab")
        s.type(DOUBLE_USER)
        s.keys("Tab")
        s.type(secret)
        s.keys("F5")
        return s, double

    def test_f5_probes_the_target_and_every_step_passes(self):
        s, double = self.probe_with(DOUBLE_SECRET)
        text = s.wait_text("Every step passed")
        self.assertIn("[ ok ] Name resolution", text)
        self.assertIn("[ ok ] Credential", text)
        self.assertNotIn(DOUBLE_SECRET, text)
        s.keys("Escape")
        s.wait_text("new registry")
        s.keys("C-c")
        self.assertSaneExit(s)

    def test_f5_with_a_wrong_secret_highlights_the_failing_credential_step(self):
        s, double = self.probe_with("not-the-secret")
        text = s.wait_text("Failed at Credential")
        self.assertIn("[FAIL] Credential", text)
        self.assertIn("401", text)
        s.keys("Escape")
        s.keys("C-c")
        self.assertSaneExit(s)

    def test_at_80_columns_long_lines_wrap_under_themselves_and_nothing_is_cut(self):
        s, double = self.probe_with("not-the-secret", width=80, height=40)
        text = s.wait_text("Failed at Credential")
        lines = text.split("\n")
        self.assertTrue(all(len(ln) <= 80 for ln in lines))
        verdict = next(i for i, ln in enumerate(lines) if ln.startswith("Failed at Credential"))
        said = " ".join(ln.strip() for ln in lines[verdict:] if ln.strip() and not ln.startswith(" Up/Down"))
        self.assertIn('with the access key "%s"' % DOUBLE_USER, said)
        self.assertTrue(said.endswith("the registry does not accept the access key and secret"),
                        "the verdict whole, to its end, over its lines: %r" % said)
        head = next(i for i, ln in enumerate(lines) if ln.startswith("[FAIL] Credential"))
        if len(lines[head]) >= 79:   # a summary longer than the line goes on under itself
            self.assertTrue(lines[head + 1].startswith(" " * 24) and lines[head + 1][24] != " ", lines[head + 1])
        s.keys("Escape")
        s.keys("C-c")
        self.assertSaneExit(s)


if __name__ == "__main__":
    unittest.main()
