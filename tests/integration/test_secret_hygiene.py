"""Secrets hygiene, proven: the scenarios of the suite — every plain command, their error paths,
--dry-run and --verbose, check, decode, probe, and the terminal UI (login, edit and save, a refused
save with its panel and inspector, the request log) — run with known secrets (token, secret key,
security token, IAM password, registry secrets). Then every output of swrtui (stdout, stderr, the
terminal's screen and scrollback) and every file written under the run's home, working and temporary
directories are searched for each secret. The one place a
secret may appear is a field the user reveals on screen, which this test never does."""
import base64
import json
import os
import subprocess
import sys
import tempfile
import unittest

from harness import BIN, INSTANCE, PROJECT, Emulator, base_env

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "screen"))
from screen import Screen  # noqa: E402
from test_probe import Double, SECRET as DOUBLE_SECRET, USER as DOUBLE_USER  # noqa: E402

TOKEN = "HYG-token-0f3c9a77e1"
SK = "HYG-secret-key-5b2d8c41aa90"
AK = "AKHYGIENEEXAMPLE0001"
SEC_TOKEN = "HYG-security-token-77ab03"
PASSWORD = "HYG-Passw0rd-9e61"
REG_SECRET = "HYG-registry-secret-c4d2"
SECRETS = [TOKEN, SK, SEC_TOKEN, PASSWORD, REG_SECRET, DOUBLE_SECRET]


class TestSecretHygiene(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.TemporaryDirectory()
        cls.home = os.path.join(cls.dir.name, "home")
        cls.work = os.path.join(cls.dir.name, "work")
        cls.tmp = os.path.join(cls.dir.name, "tmp")
        for d in (cls.home, cls.work, cls.tmp):
            os.makedirs(d)
        cls.logs = []      # (what, text) of every output collected
        cls.emu_err = os.path.join(cls.dir.name, "emulator.log")
        cls.emu = Emulator("--sample", "--token", TOKEN, "--aksk", f"{AK}:{SK}",
                           "--aksk", f"{AK}T:{SK}T:{SEC_TOKEN}",
                           "--iam-user", f"alice:acme:{PASSWORD}")
        cls.double = Double("--auth", "basic").wait()

    @classmethod
    def tearDownClass(cls):
        cls.double.stop()
        cls.emu.stop()
        cls.dir.cleanup()

    def env(self, **extra):
        e = base_env(self.emu, home=self.home, SWRTUI_TOKEN=TOKEN, TMPDIR=self.tmp, **extra)
        return e

    def run_cli(self, args, env, stdin=None):
        p = subprocess.run([BIN, *args], env=env, input=stdin, capture_output=True, text=True, cwd=self.work,
                           timeout=60)
        self.logs.append((f"swrtui {' '.join(args)} (stdout)", p.stdout))
        self.logs.append((f"swrtui {' '.join(args)} (stderr)", p.stderr))
        return p

    def body_file(self, name, **over):
        body = {"name": name, "description": "hygiene", "type": "swr-pro", "url": "https://harbor.example.com",
                "credential": {"type": "basic", "access_key": "robot", "access_secret": REG_SECRET},
                "dns_conf": {"hosts": {}}, "insecure": False}
        body.update(over)
        path = os.path.join(self.work, name + ".json")
        with open(path, "w") as f:
            json.dump(body, f)
        os.chmod(path, 0o600)
        return path

    def plain_scenarios(self):
        env = self.env()
        body = self.body_file("hyg-one")
        for args in (["list"], ["list", "--json"], ["show", "7"], ["show", "7", "--json"], ["check"],
                     ["apply", "1", body], ["apply", "1", body, "--dry-run"], ["apply", "1", body, "--verbose"],
                     ["create", body, "--dry-run"], ["create", body, "--verbose"], ["delete", "3", "--dry-run"],
                     ["list", "--token", TOKEN], ["--password", PASSWORD, "list"]):
            self.run_cli(args, env)
        # error paths: refusals, hostile bodies, transport failures, all with --verbose
        for fault in ({"method": "PUT", "status": 400, "json": {"error_code": "SVCSTG.SWR.4000014",
                                                                 "error_msg": "Invalid parameter"}},
                      {"method": "PUT", "status": 500, "body": "<html>oops</html>"},
                      {"method": "PUT", "action": "drop"},
                      {"method": "PUT", "action": "redirect", "status": 302, "location": self.emu.url + "/x"}):
            self.emu.fault(**fault)
            self.run_cli(["apply", "1", body, "--verbose"], env)
        self.emu.control("DELETE", "/_emu/faults")
        # AK/SK, permanent and temporary, right and wrong, and the credentials file
        keys = dict(CLOUD_SDK_AK=AK, CLOUD_SDK_SK=SK)
        self.run_cli(["list", "--verbose"], self.env(**keys))
        self.run_cli(["apply", "1", body, "--verbose", "--dry-run"], self.env(**keys))
        self.run_cli(["list", "--verbose"], self.env(CLOUD_SDK_AK=AK + "T", CLOUD_SDK_SK=SK + "T",
                                                     CLOUD_SDK_SECURITY_TOKEN=SEC_TOKEN))
        self.run_cli(["list", "--verbose"], self.env(CLOUD_SDK_AK=AK + "T", CLOUD_SDK_SK=SK + "T",
                                                     CLOUD_SDK_SECURITY_TOKEN=SEC_TOKEN + "x"))
        self.run_cli(["list", "--verbose"], self.env(CLOUD_SDK_AK=AK, CLOUD_SDK_SK=SK + "wrong"))
        cred = os.path.join(self.home, "credentials")
        with open(cred, "w") as f:
            f.write(f"ak = {AK}\nsk = {SK}\n")
        os.chmod(cred, 0o600)
        self.run_cli(["check", "--credentials-file", cred], self.env())
        os.chmod(cred, 0o644)
        self.run_cli(["check", "--credentials-file", cred], self.env())
        os.chmod(cred, 0o600)
        # decode through STS (signed), and its refusal
        encoded = base64.b64encode(json.dumps({"context": {"action": "swr:instance:getRegistry",
                                                           "failure": "deny"}, "pad": "." * 300}).encode()).decode()
        self.run_cli(["decode", encoded, "--verbose"], self.env(SWRTUI_STS_ENDPOINT=self.emu.url, **keys))
        self.run_cli(["decode", "-"], self.env(SWRTUI_STS_ENDPOINT=self.emu.url, **keys), stdin="not-a-message")
        # the probe, with the registry double's credential and a wrong one
        for secret in (DOUBLE_SECRET, DOUBLE_SECRET + "x"):
            probe = self.body_file("probe-" + str(len(secret)), url=self.double.url,
                                   credential={"type": "basic", "access_key": DOUBLE_USER, "access_secret": secret})
            self.run_cli(["probe", probe], env)
        # the token file
        tok = os.path.join(self.home, "token")
        with open(tok, "w") as f:
            f.write(TOKEN + "\n")
        os.chmod(tok, 0o600)
        self.run_cli(["show", "1", "--verbose"], base_env(self.emu, home=self.home, SWRTUI_TOKEN=None,
                                                          TMPDIR=self.tmp) | {"SWRTUI_TOKEN_FILE": tok})

    def screen_scenarios(self):
        from test_screen import tui_env
        env = tui_env(self.emu, SWRTUI_TOKEN=None, SWRTUI_IAM_ENDPOINT=self.emu.url, SWRTUI_REGION="cn-north-4",
                      HOME=self.home, TMPDIR=self.tmp)
        s = Screen(["edit", "1"], env, width=100, height=30)
        try:
            s.wait_text("log in to IAM")
            s.type("alice")
            s.keys("Tab")
            s.type("acme")
            s.keys("Tab")
            s.paste(PASSWORD)
            s.keys("Enter")
            s.wait_text("Access secret")
            for _ in range(5):
                s.keys("Tab")
            s.paste(REG_SECRET)
            self.emu.fault(method="PUT", status=403, json={"error_code": "SVCSTG.SWR.4030170",
                                                           "error_msg": "Insufficient permissions"})
            s.keys("F2")
            s.wait_text("Send these changes?")
            s.keys("y")
            s.wait_text("Request failed")
            self.logs.append(("TUI error panel", s.text()))
            s.keys("i")
            s.wait_text("Request inspector")
            self.logs.append(("TUI inspector", s.text()))
            s.keys("Escape")
            s.wait_text("Request failed")
            s.keys("Escape")
            s.wait_text("your edits are kept")
            s.keys("F4")
            s.wait_text("request log")
            s.keys("Enter")
            s.wait_text("Request inspector")
            self.logs.append(("TUI request log", s.text()))
            s.keys("Escape", "Escape")
            s.wait_text("Access secret")
            s.keys("F2")
            s.wait_text("Send these changes?")
            self.logs.append(("TUI confirmation", s.text()))
            s.keys("y")
            s.wait_exit()
            history = s.tmux("capture-pane", "-p", "-S", "-", "-t", "t").stdout
            self.logs.append(("TUI scrollback", history))
            self.logs.append(("TUI stderr", s.stderr()))
        finally:
            s.close()

    def test_no_secret_in_any_output_log_or_file(self):
        self.plain_scenarios()
        self.screen_scenarios()
        # the scenarios did run: the service saw the saved secret and the login
        stored = next(r for r in self.emu.state()["registries"] if r["id"] == 1)
        self.assertEqual(stored["credential"]["access_secret"], REG_SECRET)
        self.assertTrue(any(r["path"] == "/v3/auth/tokens" for r in self.emu.requests()))
        self.assertGreater(len(self.logs), 40)
        found = []
        for what, text in self.logs:
            for sec in SECRETS:
                if sec in (text or ""):
                    found.append(f"{sec!r} in {what}")
        # every file the runs produced: home, working directory, temporary directory
        inputs = {os.path.join(self.home, "credentials"), os.path.join(self.home, "token")}
        for top in (self.home, self.work, self.tmp):
            for root, _, files in os.walk(top):
                for name in files:
                    path = os.path.join(root, name)
                    if path in inputs or path.endswith(".json"):
                        continue  # the test's own inputs, which hold the secrets on purpose
                    with open(path, "rb") as f:
                        data = f.read()
                    for sec in SECRETS:
                        if sec.encode() in data:
                            found.append(f"{sec!r} in file {path}")
        self.assertEqual(found, [], "secrets leaked")


if __name__ == "__main__":
    unittest.main()
