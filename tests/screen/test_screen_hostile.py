"""A hostile service, terminal UI: names with bidi overrides and zero-width characters are drawn
visibly (‹U+202E›), so that two registries cannot look alike; a Content-Type with terminal control
sequences (a window title, OSC 52, a screen clear) and a request id echoing the token are shown
escaped and redacted in the error panel; no escape sequence of the service reaches the terminal."""
import base64
import json
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "integration"))
from harness import INSTANCE, PROJECT, TOKEN, Emulator  # noqa: E402
from screen import Screen  # noqa: E402
from test_screen import SANE, tui_env  # noqa: E402

API = f"/v2/{PROJECT}/instances/{INSTANCE}"
HOSTILE = "\x1b]0;pwned\x07\x1b]52;c;ZXZpbA==\x07\x1b[2J"


def flat(text):
    return " ".join(text.replace("│", " ").split())


class HostileScreen(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.emu = Emulator("--sample")

    @classmethod
    def tearDownClass(cls):
        cls.emu.stop()

    def setUp(self):
        self.emu.reset()

    def start(self, *args):
        s = Screen(list(args), tui_env(self.emu), width=120, height=30)
        self.addCleanup(s.close)
        return s

    def raw_screen(self, s):
        """The pane with its attributes as escape sequences (capture-pane -e)."""
        return s.tmux("capture-pane", "-p", "-e", "-t", "t").stdout

    def quit(self, s):
        s.keys("q")
        code, modes = s.wait_exit()
        self.assertEqual(code, 0, f"exit status; stderr: {s.stderr()}")
        self.assertEqual(set(modes), SANE, "the terminal modes after exit")

    def test_bidi_override_and_zero_width_in_a_name_are_drawn_visibly(self):
        raw = ('{"total":2,"registries":[{"id":1,"name":"prod\u202eabc","type":"swr-pro",'
               '"url":"https://a.example","status":"healthy"},{"id":2,"name":"pro\u200bd\u2066x",'
               '"type":"swr-pro","url":"https://b.example","status":"healthy"}]}').encode()
        self.emu.fault(method="GET", path=f"{API}/registries", status=200, body_b64=base64.b64encode(raw).decode())
        s = self.start()
        s.wait_text("prod‹U+202E›abc")
        s.wait_text("pro‹U+200B›d‹U+2066›x")
        screen = self.raw_screen(s)
        for ch in ("\u202e", "\u200b", "\u2066"):
            self.assertNotIn(ch, screen, "an invisible character of the service reached the terminal")
        self.quit(s)

    def test_hostile_content_type_and_echoed_token_in_the_error_panel(self):
        self.emu.fault(method="GET", path=f"{API}/registries", status=400, body="<html>proxy says no</html>",
                       headers={"Content-Type": "text/html" + HOSTILE, "X-Request-Id": "rid-" + TOKEN})
        s = self.start()
        s.wait_text("Request failed")
        s.wait_for(lambda t: "text/html\\x1b]0;pwned\\x07\\x1b]52;c;ZXZpbA==\\x07\\x1b[2J" in flat(t),
                   "the escaped Content-Type")
        s.wait_for(lambda t: "rid-<redacted>" in flat(t), "the redacted request id")
        screen = self.raw_screen(s)
        self.assertNotIn(TOKEN, s.text())
        self.assertNotIn("\x1b]", screen, "an OSC sequence of the service reached the terminal")
        s.keys("Escape")
        s.wait_text("registries (0)")
        self.quit(s)

    def test_a_name_of_invisible_characters_is_shown_whole_in_the_delete_confirmation(self):
        name = "x\u200b " * 9 + "END"
        raw = json.dumps({"total": 1, "registries": [{"id": 1, "name": name, "type": "swr-pro",
                                                      "url": "https://a.example", "status": "healthy"}]})
        self.emu.fault(method="GET", path=f"{API}/registries", status=200,
                       body_b64=base64.b64encode(raw.encode()).decode())
        s = self.start()
        s.wait_text("x‹U+200B›")
        s.keys("d")
        s.wait_text("Delete this registry?")
        # the panel wraps the name as it is drawn (each ‹U+200B› takes 8 columns): all of it is shown
        def panel(t):
            return " ".join(line for line in t.splitlines() if "│" in line)
        text = s.wait_for(lambda t: "END" in panel(t) and panel(t).count("x‹U+200B›") == 9,
                          "the whole name in the panel")
        self.assertNotIn("\u200b", text)
        s.keys("n")
        s.wait_gone("Delete this registry?")
        self.quit(s)


if __name__ == "__main__":
    unittest.main()
