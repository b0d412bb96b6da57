"""Screen tests of the error panel's AK/SK and permission diagnosis: a wrong SK at 80x24 shows the
gateway's canonical request once and the verdict on screen, and a 403's hint names the request's IAM
action, then the one STS decoded."""
import base64
import json
import os
import re
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "integration"))
from harness import Emulator  # noqa: E402
from screen import Screen  # noqa: E402
from test_screen import SANE, tui_env  # noqa: E402

AK, SK = "AKSCREENSIGNATURE001", "screen-signature-secret-0123456789"
WRONG_SK = "screen-wrong-secret-key-9876543210"


def flat(text):
    """The screen's text without the panel's borders and line breaks, spaces squeezed."""
    return re.sub(r"\s+", " ", re.sub(r"[│┌┐└┘─]", " ", text))


class SignatureScreenTest(unittest.TestCase):
    def start(self, emu, *args, width=80, height=24, **env):
        s = Screen(list(args), tui_env(emu, **env), width=width, height=height)
        self.addCleanup(s.close)
        return s

    def emulator(self, *args):
        emu = Emulator("--sample", "--aksk", f"{AK}:{SK}", *args)
        self.addCleanup(emu.stop)
        return emu

    def test_wrong_sk_at_80x24_shows_the_canonical_request_once_and_the_verdict(self):
        emu = self.emulator()
        s = self.start(emu, "edit", "1", SWRTUI_TOKEN=None, CLOUD_SDK_AK=AK, CLOUD_SDK_SK=WRONG_SK)
        text = s.wait_panel("Request failed")
        s.wait_for(lambda t: "Verdict" in t, "the verdict on screen")
        if os.environ.get("SHOW_SCREEN"):
            print(s.text())
        text = flat(s.text())
        self.assertIn("APIGW.0301", text)
        self.assertEqual(text.count("canonicalRequest"), 1, text)
        self.assertIn("Verdict: the AK/SK signature does not match: the gateway's canonical request is identical to the one swrtui signed", text)
        self.assertIn("the secret key does not belong to this access key (or was mistyped)", text)
        self.assertNotIn(WRONG_SK, s.text())
        s.keys("Escape")
        s.keys("C-c")
        code, modes = s.wait_exit()
        self.assertEqual(set(modes), SANE)

    def test_403_hint_names_the_request_action_then_the_decoded_one(self):
        emu = self.emulator()
        doc = {"context": {"user": {"user_name": "bob", "domain_name": "acme"},
                           "action": "swr:instance:list",
                           "resource": "SWR:*:p:instance:i", "failure": "implicit deny by identity-based policy"}}
        encoded = base64.b64encode(json.dumps(doc).encode()).decode()
        emu.fault(method="GET", status=403, json={"error_code": "SVCSTG.SWR.4030170",
                                                   "error_msg": "Insufficient permissions",
                                                   "encoded_authorization_message": encoded})
        s = self.start(emu, "edit", "1", width=100, height=30, SWRTUI_TOKEN=None, CLOUD_SDK_AK=AK,
                       CLOUD_SDK_SK=SK, SWRTUI_STS_ENDPOINT=emu.url)
        s.wait_panel("Request failed")
        text = flat(s.text())
        self.assertIn("grant the IAM action swr:instance:getRegistry to this user", text)
        self.assertNotIn("*Registry", text)
        s.keys("d")
        s.wait_panel("Why the request was denied")
        s.keys("Escape")
        s.wait_for(lambda t: "as STS decoded it" in flat(t), "the hint naming the decoded action")
        text = flat(s.text())
        self.assertIn("grant the IAM action swr:instance:list (as STS decoded it) to this user", text)
        self.assertNotIn("getRegistry", text)
        s.keys("Escape")
        s.keys("C-c")
        code, modes = s.wait_exit()
        self.assertEqual(set(modes), SANE)


if __name__ == "__main__":
    unittest.main()
