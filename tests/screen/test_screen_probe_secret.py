"""Screen test of the target probe (F5 on the edit form) against a hostile registry double that echoes
the credential it refused ("credentials robot$probe:SECRET rejected") in its answer and in the realm of
later challenges: the checklist is drawn as it grows, and the secret must be scrubbed before each
drawing, not only once the probe is over. The double answers the credential 2 s late, so the checklist
drawn before the credential step stays on the screen long enough for the polls to read it."""
import os
import re
import shlex
import sys
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "integration"))
from harness import Emulator  # noqa: E402
from screen import Screen  # noqa: E402
from test_probe import USER as DOUBLE_USER, Double  # noqa: E402
from test_screen import tui_env  # noqa: E402
import memcheck  # noqa: E402

ECHOED = "Echoed-S3cret-5150"  # the wrong secret typed, which the double echoes


class TestProbeScrubsBeforeDrawing(unittest.TestCase):
    def setUp(self):
        self.emu = Emulator("--sample")
        self.addCleanup(self.emu.stop)
        self.double = Double("--auth", "basic", "--echo-credential", "--slow-auth", "2").wait()
        self.addCleanup(self.double.stop)
        # wide enough that the echo in the body excerpt of the credential step is not cut off
        self.s = Screen(["new"], tui_env(self.emu), width=220, height=40, timeout=20.0)
        self.addCleanup(self.s.close)
        self.raw = os.path.join(self.s.dir.name, "raw.out")
        # every byte the program writes to the terminal, whatever the polls see
        self.s.tmux("pipe-pane", "-o", "-t", "t", f"cat >> {shlex.quote(self.raw)}")

    def probe_polling(self):
        """F5, then polls the screen until the probe ends: the secret must be on no screen read. Returns
        the screens read (in order)."""
        self.s.keys("F5")
        screens = []
        deadline = time.monotonic() + 30 * memcheck.SLOWDOWN
        while time.monotonic() < deadline:
            text = self.s.text()
            screens.append(text)
            self.assertNotIn(ECHOED, text, f"the secret reached the screen while probing:\n{text}")
            if "Failed at Credential" in text:
                return screens
            time.sleep(0.02)
        self.fail(f"the probe did not end; the screen was:\n{screens[-1] if screens else ''}")

    def raw_output(self):
        """What the pane received; waits (bounded) until it holds the end of the last probe."""
        deadline = time.monotonic() + 10 * memcheck.SLOWDOWN
        data = b""
        while time.monotonic() < deadline:
            try:
                with open(self.raw, "rb") as f:
                    data = f.read()
            except FileNotFoundError:
                data = b""
            if data.count(b"Failed at") >= 2:
                break
            time.sleep(0.05)
        return data

    def test_an_echoed_secret_is_scrubbed_before_every_drawing_of_the_checklist(self):
        s = self.s
        s.wait_text("new registry")
        s.type("probe-me")
        s.keys("Tab", "Tab", "Tab")
        s.type(self.double.url)
        s.keys("Tab")
        s.type(DOUBLE_USER)
        s.keys("Tab")
        s.type(ECHOED)
        # 1: the double sees the credential, refuses it and echoes it in the answer's body
        screens = self.probe_polling()
        self.assertIn("[FAIL] Credential", screens[-1])
        self.assertIn(f"credentials {DOUBLE_USER}:<redacted> rejected", screens[-1])
        s.keys("Escape")
        s.wait_text("new registry")
        # 2: now it echoes the credential in the realm of the challenge to GET /v2/ without one, and
        # takes 2 s to answer the credential: the checklist up to GET /v2/ stays on the screen
        screens = self.probe_polling()
        growing = [t for t in screens if "[ ok ] GET /v2/" in t and "Failed at" not in t]
        self.assertTrue(growing, "the checklist was never read while it grew")
        self.assertTrue(any(re.search(r'realm "credentials .*:<redacted> rejected"', t) for t in growing),
                        "the echo was not on the growing checklist:\n" + growing[-1])
        data = self.raw_output()
        self.assertIn(b"Failed at", data)
        self.assertNotIn(ECHOED.encode(), data, "the secret was written to the terminal")
        s.keys("Escape")
        s.wait_text("new registry")
        s.keys("C-c")
        code, _ = s.wait_exit()
        self.assertEqual(code, 0, s.stderr())


class TestProbeWithoutSecretIsNotPassed(unittest.TestCase):
    """F5 on a form whose secret is empty: every step that runs passes, but the credential was never
    tried, so the verdict says "reachable; credential not checked" and never "Every step passed"."""

    def setUp(self):
        self.emu = Emulator("--sample")
        self.addCleanup(self.emu.stop)
        self.double = Double("--auth", "basic").wait()
        self.addCleanup(self.double.stop)
        self.s = Screen(["new"], tui_env(self.emu), width=160, height=40, timeout=20.0)
        self.addCleanup(self.s.close)

    def test_no_secret_gives_reachable_credential_not_checked(self):
        s = self.s
        s.wait_text("new registry")
        s.type("probe-me")
        s.keys("Tab", "Tab", "Tab")
        s.type(self.double.url)
        s.keys("Tab")
        s.type(DOUBLE_USER)
        s.keys("F5")
        text = s.wait_text("Reachable; credential not checked (no secret given).")
        self.assertIn("[skip] Credential", text)
        self.assertNotIn("Every step passed", text)
        s.keys("Escape")
        s.wait_text("new registry")
        s.keys("C-c")
        code, _ = s.wait_exit()
        self.assertEqual(code, 0, s.stderr())


if __name__ == "__main__":
    unittest.main()
