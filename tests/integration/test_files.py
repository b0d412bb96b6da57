"""Integration tests of the files that decide where the credential goes: the profile
($XDG_CONFIG_HOME/swrtui/config), the token file and the credentials file. A profile that others can
write (or that belongs to another user, also through a symbolic link) is refused before its endpoint
gets anything; a token file must be private and not a link; a FIFO never makes swrtui wait, a
directory is no empty profile; and a secret pasted as an unknown line is never echoed."""
import os
import subprocess
import tempfile
import unittest

from harness import INSTANCE, PROJECT, ROOT, TOKEN, Emulator, base_env, run

OTHER_UID = 65534  # nobody
PASTED_TOKEN = "MIIZpQYJKoZIhvcNAQcCoIIZljCCGZICAQExDTALBglghkgBZQMEAgEwghe3BgkqhkiG"  # 64 characters
PASTED_SK = "Xq3LbP9sT0vR2mN8kJ5hG7fD1aS4zW6yU0iO2pEe"  # 40 characters
AK = "HPUAEXAMPLEAK0000001"
SK = "ExampleSecretKey0123456789abcdefghijABCD"
WAIT = 20  # seconds a run may take before it counts as hanging


def needs_root(test):
    return unittest.skipUnless(os.geteuid() == 0, "giving a file to another user (uid 65534) needs root; "
                               "the CI runs as root")(test)


class FilesTestCase(unittest.TestCase):
    emu = None

    @classmethod
    def setUpClass(cls):
        cls.emu = Emulator("--sample")

    @classmethod
    def tearDownClass(cls):
        cls.emu.stop()

    def setUp(self):
        self.emu.reset()
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.xdg = os.path.join(self.tmp.name, "xdg")
        os.makedirs(os.path.join(self.xdg, "swrtui"))
        self.config = os.path.join(self.xdg, "swrtui", "config")
        # the endpoint comes only from the profile: whoever writes it decides where the token goes
        self.env = base_env(None, home=self.tmp.name, XDG_CONFIG_HOME=self.xdg, SWRTUI_TOKEN=TOKEN,
                            SWRTUI_PROJECT_ID=PROJECT, SWRTUI_INSTANCE_ID=INSTANCE)

    def write(self, path, text, mode=0o600):
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        os.chmod(path, mode)
        return path

    def plant(self, mode=0o600, path=None):
        return self.write(path or self.config, f"[default]\nendpoint = {self.emu.url}\n", mode)

    def run_bounded(self, args, env=None):
        try:
            return run(args, env or self.env, timeout=WAIT)
        except subprocess.TimeoutExpired:
            self.fail(f"swrtui {' '.join(args)} did not finish within {WAIT} s (waiting on a FIFO?)")

    def assertRefused(self, res, *words):
        self.assertEqual(res.rc, 2, res)
        for w in words:
            self.assertIn(w, res.err)
        self.assertEqual(res.out, "", res)
        self.assertEqual(self.emu.requests(), [], "the planted endpoint received a request")
        self.assertNotIn(TOKEN, res.err)


class TestProfileFile(FilesTestCase):
    def test_a_private_or_world_readable_profile_of_ones_own_is_used(self):
        for mode in (0o600, 0o644):
            self.plant(mode)
            res = self.run_bounded(["list"])
            self.assertEqual(res.rc, 0, res)

    def test_a_profile_others_can_write_is_refused_before_its_endpoint_gets_the_token(self):
        for mode in (0o666, 0o646, 0o620):
            with self.subTest(mode=oct(mode)):
                self.plant(mode)
                res = self.run_bounded(["list"])
                self.assertRefused(res, self.config, "written by group or others", f"chmod 600 {self.config}")

    @needs_root
    def test_a_profile_of_another_user_is_refused_also_through_a_symlink(self):
        self.plant(0o644)
        os.chown(self.config, OTHER_UID, OTHER_UID)
        res = self.run_bounded(["list"])
        self.assertRefused(res, self.config, f"belongs to user id {OTHER_UID}, not to you")
        other = os.path.join(self.tmp.name, "others-config")
        os.rename(self.config, other)
        os.symlink(other, self.config)
        res = self.run_bounded(["list"])
        self.assertRefused(res, self.config, f"belongs to user id {OTHER_UID}, not to you")

    def test_a_fifo_as_the_profile_is_refused_without_waiting(self):
        os.mkfifo(self.config, 0o600)
        res = self.run_bounded(["list"])
        self.assertRefused(res, self.config, "is a FIFO, not a regular file")

    def test_a_directory_as_the_profile_is_an_error_not_an_empty_profile(self):
        os.mkdir(self.config)
        res = self.run_bounded(["list", "--endpoint", self.emu.url])
        self.assertRefused(res, self.config, "is a directory, not a regular file")

    def test_a_token_pasted_as_a_line_is_not_echoed(self):
        for secret, tail in ((PASTED_TOKEN, "=="), (PASTED_SK, " = x")):
            with self.subTest(length=len(secret)):
                self.write(self.config, f"[default]\nendpoint = {self.emu.url}\n{secret}{tail}\n")
                res = self.run_bounded(["list"])
                self.assertRefused(res, f"{self.config}:3: unknown key, not shown as it may be a secret")
                for i in range(len(secret) - 5):
                    self.assertNotIn(secret[i:i + 6], res.err)


class TestTokenFile(FilesTestCase):
    def setUp(self):
        super().setUp()
        del self.env["SWRTUI_TOKEN"]
        self.env["SWRTUI_ENDPOINT"] = self.emu.url
        self.token = os.path.join(self.tmp.name, "token")

    def test_a_private_token_file_is_read(self):
        self.write(self.token, TOKEN + "\n")
        res = self.run_bounded(["list", "--token-file", self.token])
        self.assertEqual(res.rc, 0, res)

    def test_a_token_file_others_can_read_is_refused(self):
        for mode in (0o644, 0o640, 0o604):
            with self.subTest(mode=oct(mode)):
                self.write(self.token, TOKEN + "\n", mode)
                res = self.run_bounded(["list", "--token-file", self.token])
                self.assertRefused(res, f"token file {self.token} is open to group or others",
                                   f"chmod 600 {self.token}")

    def test_a_token_file_through_a_symlink_is_refused_from_every_source(self):
        self.write(self.token, TOKEN + "\n")
        link = os.path.join(self.tmp.name, "token-link")
        os.symlink(self.token, link)
        res = self.run_bounded(["list", "--token-file", link])
        self.assertRefused(res, f"token file {link} is a symbolic link")
        res = self.run_bounded(["list"], dict(self.env, SWRTUI_TOKEN_FILE=link))
        self.assertRefused(res, f"token file {link} is a symbolic link")
        self.write(self.config, f"[default]\ntoken_file = {link}\n")
        res = self.run_bounded(["list"])
        self.assertRefused(res, f"token file {link} is a symbolic link")

    @needs_root
    def test_a_token_file_of_another_user_is_refused(self):
        self.write(self.token, TOKEN + "\n")
        os.chown(self.token, OTHER_UID, OTHER_UID)
        res = self.run_bounded(["list", "--token-file", self.token])
        self.assertRefused(res, self.token, f"belongs to user id {OTHER_UID}, not to you")

    def test_a_fifo_as_the_token_file_is_refused_without_waiting(self):
        os.mkfifo(self.token, 0o600)
        res = self.run_bounded(["list", "--token-file", self.token])
        self.assertRefused(res, self.token, "is a FIFO, not a regular file")


class TestCredentialsFile(FilesTestCase):
    def test_a_secret_pasted_as_a_line_is_not_echoed(self):
        cred = os.path.join(self.tmp.name, "credentials")
        for secret, tail in ((PASTED_SK, "="), (PASTED_TOKEN, "==")):
            with self.subTest(length=len(secret)):
                self.write(cred, f"ak = {AK}\nsk = {SK}\n{secret}{tail}\n")
                res = self.run_bounded(["list", "--credentials-file", cred, "--endpoint", self.emu.url])
                self.assertRefused(res, f"credentials file {cred}: line 3: unknown key, not shown as it may be "
                                        "a secret")
                for i in range(len(secret) - 5):
                    self.assertNotIn(secret[i:i + 6], res.err)


class TestFilesDocs(unittest.TestCase):
    """README, --help and the man page state the same rules for these files."""

    def test_the_rules_are_in_all_three(self):
        with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
            readme = f.read()
        with open(os.path.join(ROOT, "man", "swrtui.1"), encoding="utf-8") as f:
            man = f.read().replace("\\-", "-")
        helptext = run(["--help"], base_env()).out
        for name, doc in (("README.md", readme), ("man page", man), ("--help", helptext)):
            flat = " ".join(doc.split())
            with self.subTest(doc=name):
                self.assertIn("writable by group or others", flat)
                self.assertRegex(flat, r"not (?:through )?a symbolic link")
                self.assertRegex(flat, r"chmod 600")
        for name, doc in (("README.md", readme), ("man page", man)):
            flat = " ".join(doc.split())
            with self.subTest(doc=name):
                self.assertIn("1 to 32 lowercase letters and underscores", flat)
                self.assertIn("a FIFO", flat)


if __name__ == "__main__":
    unittest.main()
