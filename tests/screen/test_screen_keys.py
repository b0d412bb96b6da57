"""Screen tests of the keys: Alt chords are never read as a bare Esc, destructive confirmations default
to No, Esc clears a list filter before it leaves, F1 shows help on every screen and Esc closes it back
to that screen, Home/End/PgUp/PgDn scroll the request inspector, and the readline keys edit a text
field. A key that must do nothing is followed by a key whose effect is waited for: keys are read in
order, so once that effect shows, the first key has been handled (no sleep, every wait bounded).
tmux sends an Alt chord (M-x: the bytes Esc, x) in one write, as a terminal does."""
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "integration"))
from harness import Emulator  # noqa: E402
from screen import Screen  # noqa: E402
from test_probe import SECRET as DOUBLE_SECRET, USER as DOUBLE_USER, Double  # noqa: E402
from test_screen import SANE, ScreenTest, load_sample_state, tui_env  # noqa: E402

MARK = "Z"  # typed after the keys under test: its place in the field shows where the cursor was
TEXT = "alpha.beta gamma-delta"  # readline words: alpha, beta, gamma, delta; space-delimited: two


def setUpModule():
    if ScreenTest.sample_state is None:
        ScreenTest.sample_state = load_sample_state()


def field_value(s, label):
    """The text of the form field whose line holds label (None when no line holds it)."""
    line = s.line_with(label)
    return None if line is None else line.split(label, 1)[1].strip()


class KeyScreenTest(ScreenTest):
    def alive(self, s):
        self.assertIsNotNone(s.pid(), f"the program has ended; the screen was:\n{s.text()}")

    def registry_ids(self):
        return {r["id"] for r in self.emu.state()["registries"]}

    def open_form_from_the_list(self):
        """The list, then Enter on its first row: registry 7, swr-ee-singapore (newest first)."""
        s = self.start()
        s.wait_text("swr-ee-singapore")
        s.keys("Enter")
        s.wait_text("Access secret")
        s.wait_for(lambda t: field_value(s, "Name *") == "swr-ee-singapore", "the form of registry 7")
        return s

    def type_mark_into_name(self, s, expected):
        """Types MARK and waits for it in the Name field, then checks the whole field."""
        s.type(MARK)
        s.wait_for(lambda t: MARK in (field_value(s, "Name *") or ""), f"{MARK!r} in the Name field")
        self.assertEqual(field_value(s, "Name *"), expected)


class TestAltChords(KeyScreenTest):
    def test_alt_d_on_the_form_neither_leaves_it_nor_asks_to_delete(self):
        s = self.open_form_from_the_list()
        s.keys("M-d")
        self.type_mark_into_name(s, "swr-ee-singapore" + MARK)
        text = s.text()
        self.assertNotIn("Delete this registry?", text)
        self.assertIn("Access secret", text)
        s.keys("C-c")
        self.assertSaneExit(s)
        self.assertEqual(self.requests("DELETE"), [])
        self.assertIn(7, self.registry_ids())

    def test_alt_y_on_a_changed_form_does_not_discard_it(self):
        s = self.start("edit", "1")
        s.wait_text("Access secret")
        s.type("x")
        s.wait_for(lambda t: field_value(s, "Name *") == "harbor-backupx", "the edit in the Name field")
        s.keys("M-y")
        self.type_mark_into_name(s, "harbor-backupx" + MARK)
        self.assertNotIn("Leave and discard them?", s.text())
        self.alive(s)
        s.keys("C-c")
        self.assertSaneExit(s)
        self.assertEqual(self.requests("PUT"), [])

    def test_alt_backspace_deletes_the_word_before_the_cursor_and_stays_in_the_form(self):
        s = self.start("new")
        s.wait_text("new registry")
        s.type("alpha beta")
        s.wait_for(lambda t: field_value(s, "Name *") == "alpha beta", "the typed name")
        s.keys("M-BSpace")
        self.type_mark_into_name(s, "alpha " + MARK)
        self.assertNotIn("Leave and discard them?", s.text())
        s.keys("C-c")
        self.assertSaneExit(s)

    def test_esc_then_an_f_key_in_one_read_is_a_bare_esc_then_that_key(self):
        s = self.start()
        s.wait_text("swr-ee-singapore")
        s.keys("Escape", "F10")  # one write: Esc leaves the list (F10 would too; Alt-F10 is unbound)
        self.assertSaneExit(s)

    def test_unbound_alt_keys_on_the_list_do_nothing(self):
        s = self.start()
        s.wait_text("registries (6)")
        s.keys("M-x")
        s.keys("M-q")
        s.keys("/")  # the list still reads keys: the filter prompt opens
        s.wait_text("Filter by name:")
        self.alive(s)
        s.keys("Escape")
        s.wait_gone("Filter by name:")
        text = s.wait_text("registries (6)")
        self.assertIn("harbor-backup", text)
        self.alive(s)
        s.keys("q")
        self.assertSaneExit(s)


class TestConfirmationsDefaultToNo(KeyScreenTest):
    def test_the_busy_line_of_the_policy_lookup_does_not_stay_under_the_delete_confirmation(self):
        s = self.start()
        s.wait_text("swr-ee-singapore")
        s.keys("d")
        q = "Delete this registry?"
        text = s.wait_for(lambda t: q in t and "F1: help" in t.split(q, 1)[1], "the whole delete confirmation")
        self.assertNotIn("Looking up the policies", text)
        self.assertNotIn("Esc cancels", text)
        s.keys("Escape")
        s.wait_gone("Delete this registry?")
        s.keys("q")
        self.assertSaneExit(s)

    def test_enter_alone_on_the_delete_confirmation_does_not_delete_and_y_does(self):
        s = self.start()
        s.wait_text("swr-ee-singapore")
        s.keys("d")
        s.wait_text("Delete this registry?")
        s.keys("Enter")
        s.wait_gone("Delete this registry?")
        # the request log opens once the list reads keys again, after any request Enter started (a key
        # pressed while a request runs may be taken by it: then the list says what was deleted)
        s.keys("F4")
        log = s.wait_for(lambda t: "request log" in t or "deleted registry" in t, "the request log")
        self.assertNotIn("deleted registry", log, "Enter alone deleted the registry")
        self.assertNotIn("DELETE", log)
        self.assertEqual(self.requests("DELETE"), [])
        self.assertIn(7, self.registry_ids(), "registry 7 is still in the service")
        s.keys("Escape")
        s.wait_text("swr-ee-singapore")
        s.keys("d")
        s.wait_text("Delete this registry?")
        s.keys("y")
        s.wait_text("deleted registry 7")
        self.assertEqual(len(self.requests("DELETE")), 1)
        self.assertNotIn(7, self.registry_ids())
        s.keys("q")
        self.assertSaneExit(s)

    def test_enter_alone_on_leaving_a_changed_form_keeps_it_and_y_leaves(self):
        s = self.start("edit", "1")
        s.wait_text("Access secret")
        s.type("x")
        s.wait_for(lambda t: field_value(s, "Name *") == "harbor-backupx", "the edit in the Name field")
        s.keys("Escape")
        s.wait_text("Leave and discard them?")
        s.keys("Enter")
        text = s.wait_gone("Leave and discard them?")
        self.assertEqual(field_value(s, "Name *"), "harbor-backupx", f"Enter alone left the form:\n{text}")
        self.type_mark_into_name(s, "harbor-backupx" + MARK)  # the form still edits
        s.keys("Escape")
        s.wait_text("Leave and discard them?")
        s.keys("y")
        self.assertSaneExit(s)
        self.assertEqual(self.requests("PUT"), [])


class TestEscOnAFilteredList(KeyScreenTest):
    def test_esc_clears_the_filter_first_then_leaves(self):
        s = self.start()
        s.wait_text("swr-basic-shanghai")
        s.keys("/")
        s.wait_text("Filter by name:")
        s.type("harbor")
        s.keys("Enter")
        s.wait_text('matching "harbor"')
        s.wait_gone("swr-basic-shanghai")
        s.keys("Escape")
        text = s.wait_for(lambda t: "swr-basic-shanghai" in t and 'matching "harbor"' not in t,
                          "the whole list back")
        self.assertIn("registries (6)", text)
        self.alive(s)
        s.keys("Escape")
        self.assertSaneExit(s, 0)


class TestHelpOnEveryScreen(KeyScreenTest):
    def help_and_back(self, s, back, what):
        """F1 opens a Help panel; Esc closes it and `back` (a predicate on the screen) holds again."""
        self.assertNotIn("Help", s.text(), "a Help panel before F1")
        s.keys("F1")
        s.wait_panel("Help")
        s.keys("Escape")
        s.wait_for(lambda t: "Help" not in t and back(t), f"the Help panel closed back to {what}")
        self.alive(s)

    def test_f1_on_the_list(self):
        s = self.start()
        s.wait_text("registries (6)")
        self.help_and_back(s, lambda t: "registries (6)" in t and "harbor-backup" in t, "the list")
        s.keys("q")
        self.assertSaneExit(s)

    def test_f1_on_the_edit_form(self):
        s = self.start("edit", "1")
        s.wait_text("Access secret")
        self.help_and_back(s, lambda t: "Access secret" in t and "registry 1" in t, "the form")
        s.keys("C-c")
        self.assertSaneExit(s)

    def test_f1_on_the_hosts_editor(self):
        s = self.start("edit", "1")
        s.wait_text("Access secret")
        for _ in range(7):  # Name ... Skip certificate verification -> DNS hosts
            s.keys("Tab")
        s.keys("Enter")
        s.wait_text("DNS hosts (domain → IP address)")
        self.help_and_back(s, lambda t: "DNS hosts (domain → IP address)" in t, "the hosts editor")
        s.keys("C-c")
        self.assertSaneExit(s)

    def test_f1_on_the_request_log(self):
        s = self.start()
        s.wait_text("registries (6)")
        s.keys("F4")
        s.wait_text("request log")
        self.help_and_back(s, lambda t: "request log" in t and "/registries?offset=0&limit=100  200 " in t, "the request log")
        s.keys("C-c")
        self.assertSaneExit(s)

    def test_f1_on_the_request_inspector(self):
        s = self.start()
        s.wait_text("registries (6)")
        s.keys("F4")
        s.wait_text("request log")
        s.keys("Enter")
        s.wait_panel("Request inspector")
        self.help_and_back(s, lambda t: "Request inspector" in t and "timings:" in t, "the inspector")
        s.keys("C-c")
        self.assertSaneExit(s)

    def test_f1_on_the_error_panel(self):
        self.emu.fault(method="GET", status=403, json={"error_code": "SVCSTG.SWR.4039002", "error_msg": "No permission"})
        s = self.start()
        s.wait_panel("Request failed")
        self.help_and_back(s, lambda t: "Request failed" in t and "No permission" in t, "the error panel")
        s.keys("C-c")
        self.assertSaneExit(s)

    def test_f1_on_the_probe_view(self):
        double = Double("--auth", "basic").wait()
        self.addCleanup(double.stop)
        s = self.start("new")
        s.wait_text("new registry")
        s.type("probe-me")
        s.keys("Tab", "Tab", "Tab")
        s.type(double.url)
        s.keys("Tab")
        s.type(DOUBLE_USER)
        s.keys("Tab")
        s.type(DOUBLE_SECRET)
        s.keys("F5")
        s.wait_text("Every step passed")
        self.help_and_back(s, lambda t: "Every step passed" in t and "probe of" in t, "the probe view")
        s.keys("C-c")
        self.assertSaneExit(s)

    def test_f1_on_the_login_panel(self):
        s = Screen([], tui_env(self.emu, SWRTUI_TOKEN=None, SWRTUI_IAM_ENDPOINT=self.emu.url,
                               SWRTUI_REGION="cn-north-4"), width=110, height=32)
        self.addCleanup(s.close)
        s.wait_text("log in to IAM")
        self.help_and_back(s, lambda t: "log in to IAM" in t, "the login panel")
        s.keys("C-c")
        code, modes = s.wait_exit()
        self.assertEqual(set(modes), SANE, "the terminal modes after exit")


def shows_first_line(text):
    """Whether the inspector shows the detail's first line, "GET <url>" (wrapped, "GET" may stand alone
    on its row; the log's rows start with the time)."""
    for line in text.split("\n"):
        inner = line.strip(" │|")
        if inner == "GET" or inner.startswith("GET http"):
            return True
    return False


class TestInspectorScrolling(KeyScreenTest):
    LAST = "LAST-LINE-OF-THE-DETAIL"

    def test_home_end_pgup_pgdn_in_a_detail_longer_than_the_screen(self):
        body = "".join(f"body line {i:02d}\n" for i in range(60)) + self.LAST
        self.emu.fault(method="GET", status=404, body=body, headers={"Content-Type": "text/plain"})
        s = self.start(width=100, height=24)
        s.wait_panel("Request failed")
        s.keys("Escape")
        s.wait_gone("Request failed")
        s.keys("F4")
        s.wait_text("request log")
        s.keys("Enter")
        text = s.wait_panel("Request inspector")
        self.assertTrue(shows_first_line(text), f"the first line at the top:\n{text}")
        self.assertNotIn(self.LAST, text, "the detail fits the screen: the test needs a longer one")
        s.keys("End")
        s.wait_for(lambda t: self.LAST in t and not shows_first_line(t), "End: the last line shown, not the first")
        s.keys("Home")
        s.wait_for(lambda t: shows_first_line(t) and self.LAST not in t, "Home: the first line shown, not the last")
        s.keys("PgDn")
        s.wait_for(lambda t: not shows_first_line(t) and self.LAST not in t and "Request inspector" in t,
                   "PgDn: a page further, before the end")
        s.keys("PgUp")
        s.wait_for(shows_first_line, "PgUp: back to the first line")
        s.keys("End")
        s.wait_text(self.LAST)
        s.keys("PgUp")
        text = s.wait_gone(self.LAST)
        self.assertFalse(shows_first_line(text), f"one page up from the end is not the start:\n{text}")
        s.keys("Escape")
        s.wait_text("request log")
        s.keys("C-c")
        self.assertSaneExit(s)


class TestReadlineKeysInATextField(KeyScreenTest):
    """On a new registry's Name field: type TEXT, press the keys, type MARK, read the field."""

    def check(self, keys, expected):
        s = self.start("new")
        s.wait_text("new registry")
        s.type(TEXT)
        s.wait_for(lambda t: field_value(s, "Name *") == TEXT, "the typed name")
        for k in keys:
            s.keys(k)
        self.type_mark_into_name(s, expected)
        s.keys("C-c")
        self.assertSaneExit(s)

    def test_ctrl_a_goes_to_the_start(self):
        self.check(["C-a"], MARK + TEXT)

    def test_ctrl_e_goes_to_the_end(self):
        self.check(["Home", "C-e"], TEXT + MARK)

    def test_ctrl_b_goes_back_one_character(self):
        self.check(["C-b", "C-b"], "alpha.beta gamma-del" + MARK + "ta")

    def test_ctrl_f_goes_forward_one_character(self):
        self.check(["Home", "C-f", "C-f"], "al" + MARK + "pha.beta gamma-delta")

    def test_ctrl_w_deletes_the_space_delimited_word_before_the_cursor(self):
        self.check(["C-w"], "alpha.beta " + MARK)

    def test_ctrl_k_deletes_to_the_end(self):
        self.check(["Home"] + ["Right"] * 5 + ["C-k"], "alpha" + MARK)

    def test_ctrl_u_deletes_to_the_start(self):
        self.check(["Left"] * 5 + ["C-u"], MARK + "delta")

    def test_ctrl_d_deletes_the_character_under_the_cursor(self):
        self.check(["Home", "C-d"], MARK + "lpha.beta gamma-delta")

    def test_alt_b_goes_to_the_start_of_the_word_before(self):
        self.check(["M-b"], "alpha.beta gamma-" + MARK + "delta")

    def test_alt_f_goes_to_the_end_of_the_next_word(self):
        self.check(["Home", "M-f"], "alpha" + MARK + ".beta gamma-delta")

    def test_ctrl_left_goes_back_a_word_twice(self):
        self.check(["C-Left", "C-Left"], "alpha.beta " + MARK + "gamma-delta")

    def test_ctrl_right_goes_forward_a_word_twice(self):
        self.check(["Home", "C-Right", "C-Right"], "alpha.beta" + MARK + " gamma-delta")


if __name__ == "__main__":
    unittest.main()


class TestTooSmall(KeyScreenTest):
    def test_esc_goes_back_while_the_terminal_is_too_small_and_other_keys_wait(self):
        s = self.start(width=30, height=8)
        s.wait_text("Esc: back")
        s.keys("d", "Enter", "q")  # ignored while the notice shows
        s.keys("Escape")
        self.assertSaneExit(s)
        self.assertEqual(self.requests("DELETE"), [])


class TestTypeAheadDuringAListLoad(KeyScreenTest):
    """Keys typed while the list reloads (r) are kept for the list and applied once it is back; when the
    reload fails they are dropped, never handed to the error panel that opens instead."""

    def test_a_key_typed_during_a_reload_acts_on_the_list_after_it(self):
        s = self.start()
        s.wait_text("swr-ee-singapore")
        self.emu.fault(method="GET", path=self.emu.api_path("registries"), delay=2)
        s.keys("r")
        s.wait_text("Loading registries")
        s.keys("/")          # typed while the GET is held
        s.wait_text("Filter by name:")
        self.alive(s)

    def test_keys_typed_during_a_failed_reload_are_not_given_to_the_error_panel(self):
        s = self.start()
        s.wait_text("swr-ee-singapore")
        self.emu.fault(method="GET", path=self.emu.api_path("registries"), delay=2, status=500,
                       json={"error_code": "SVCSTG.SWR.5000001", "error_msg": "internal error"})
        s.keys("r")
        s.wait_text("Loading registries")
        s.keys("i")          # on the error panel i would open the request inspector
        s.wait_text("SVCSTG.SWR.5000001")
        s.keys("Escape")     # closes the error panel (or, had it taken the i, only the inspector)
        s.wait_gone("SVCSTG.SWR.5000001")
        self.assertNotIn("inspector", s.text().lower())
        s.wait_text("q quit")
        self.alive(s)
