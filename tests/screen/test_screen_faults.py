"""The fault matrix, terminal UI: the real swrtui in tmux meets each network, server and TLS fault while
saving an edited form (or creating, or loading). Every case asserts the words on screen, that the form
still holds every edit after the failure (name, description, URL and the masked secret, as typed) and
that a second F2 sends the same body, what the emulator received, the exit status with a sane
terminal, and — through the Screen driver, under the sanitizer build — no crash and no leak."""
import json
import os
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "integration"))
from fault_kit import Certs, gaps  # noqa: E402
from harness import Emulator  # noqa: E402
from screen import Screen  # noqa: E402
from test_screen import SANE, tui_env  # noqa: E402

try:
    import memcheck  # noqa: E402
    SLOW = memcheck.SLOWDOWN
except ImportError:  # pragma: no cover
    SLOW = 1.0

SECRET = "Tui-Fault-S3cret-77"
NAME, DESCRIPTION, URL = "harbor-lab-2", "edited under faults", "https://harbor.lab.example.net:8443/v2"
THROTTLED = {"error_code": "APIGW.0308", "error_msg": "The throttling threshold has been reached",
             "request_id": "0308bb"}


def flat(text):
    """The screen as one line of words, panel borders left out: a text that wraps still reads whole."""
    return " ".join(text.replace("│", " ").split())


class FaultScreen(unittest.TestCase):
    emu = None

    @classmethod
    def setUpClass(cls):
        cls.emu = Emulator("--sample")
        cls.sample_state = cls.emu.state()

    @classmethod
    def tearDownClass(cls):
        cls.emu.stop()

    def setUp(self):
        self.emu.reset()
        self.emu.control("PUT", "/_emu/state", self.sample_state)

    def start(self, *args, emu=None, **env):
        s = Screen(list(args), tui_env(emu or self.emu, **env), width=100, height=30)
        self.addCleanup(s.close)
        return s

    def edited_form(self, emu=None, **env):
        """Registry 4 opened, with four fields edited: name, description, URL and the secret."""
        s = self.start("edit", "4", emu=emu, **env)
        s.wait_text("Access secret")
        s.keys("C-u")
        s.type(NAME)
        s.keys("Tab", "C-u")
        s.type(DESCRIPTION)
        s.keys("Tab", "Tab", "End")
        s.type("/v2")
        s.keys("Tab", "Tab")
        s.type(SECRET)
        s.wait_text("*" * len(SECRET))
        return s

    def save(self, s, question="Send these changes?"):
        s.keys("F2")
        s.wait_text(question)
        s.keys("y")

    def failed_panel(self, s, *words):
        """The error panel names the failure; Esc closes it."""
        s.wait_text("Request failed", timeout=15)
        # wait for the words themselves: the panel may still be half drawn when its title shows
        text = s.wait_for(lambda t: all(w in flat(t) for w in words), f"the panel naming {words!r}", timeout=15)
        s.keys("Escape")
        return text

    def assertEditsKept(self, s, status=None):
        text = s.wait_for(lambda t: "your edits are kept" in flat(t), "the status saying the edits are kept")
        if status:
            self.assertIn(status, flat(text))
        self.assertIn(NAME, s.line_with("Name *"))
        self.assertIn(DESCRIPTION, s.line_with("Description"))
        self.assertIn(URL.split("://")[1], s.line_with("URL *"))
        self.assertIn("*" * len(SECRET), s.line_with("Access secret"))
        self.assertNotIn(SECRET, text)
        self.assertIn("(modified)", text)

    def assertSentBody(self, body):
        doc = json.loads(body)
        self.assertEqual((doc["name"], doc["description"], doc["url"], doc["credential"]["access_secret"]),
                         (NAME, DESCRIPTION, URL, SECRET))

    def puts(self, emu=None):
        return [r for r in (emu or self.emu).requests() if r["method"] == "PUT"]

    def resave(self, s, emu=None, before=1):
        """With the fault gone, F2 again: saved, the same body sent once more; the program exits 0."""
        emu = emu or self.emu
        emu.control("DELETE", "/_emu/faults")
        self.save(s)
        s.wait_text("saved registry 4", timeout=15)
        puts = self.puts(emu)
        self.assertEqual(len(puts), before + 1, "one more PUT")
        self.assertEqual(len({p["body"] for p in puts}), 1, "every PUT carried the same body")
        self.assertSentBody(puts[-1]["body"])
        self.assertSaneExit(s)

    def assertSaneExit(self, s, rc=0):
        code, modes = s.wait_exit(timeout=15)
        self.assertEqual(code, rc, f"exit status; stderr: {s.stderr()}")
        self.assertEqual(set(modes), SANE, "the terminal modes after exit")
        self.assertFalse(s.alternate_on(), "the alternate screen is still on")


class TestSaveFaults(FaultScreen):
    def test_connection_refused_keeps_the_edits_and_f2_saves_once_the_service_is_back(self):
        first = Emulator("--sample")
        self.addCleanup(first.stop)
        port = first.port
        s = self.edited_form(emu=first)
        first.stop()
        self.save(s)
        self.failed_panel(s, "connect failed", "nothing answers at that address")
        self.assertEditsKept(s, "Not saved (connect failed)")
        with Emulator("--sample", "--port", str(port)) as back:
            self.resave(s, emu=back, before=0)

    def test_a_reset_mid_body_on_every_attempt_keeps_the_edits_and_says_it_may_be_applied(self):
        self.emu.fault(method="PUT", action="reset_mid_body", times=-1)
        s = self.edited_form()
        self.save(s)
        self.failed_panel(s, "transfer failed", "Attempts: 3")
        self.assertEditsKept(s, "Not confirmed (transfer failed, 3 attempts): it may or may not be applied")
        self.assertEqual(len(self.puts()), 3)
        self.resave(s, before=3)

    def test_a_stall_past_the_timeout_keeps_the_edits(self):
        # the stalled PUT answers 503 when its delay ends, so it is never applied in a later test
        self.emu.fault(method="PUT", delay=4 * SLOW, status=503)
        s = self.edited_form(SWRTUI_TIMEOUT=str(1.5 * SLOW))
        self.save(s)
        self.failed_panel(s, "timeout failed", "no complete answer within", "raise --timeout")
        self.assertEditsKept(s, "Not confirmed (timeout failed)")
        self.resave(s)

    def test_a_slow_trickle_within_the_timeout_saves(self):
        self.emu.fault(method="PUT", action="trickle", interval=0.01, status=200, json={"trickled": "x" * 30})
        s = self.edited_form()
        self.save(s)
        s.wait_text("saved registry 4")
        self.assertEqual(len(self.puts()), 1)
        self.assertSaneExit(s)

    def test_a_slow_trickle_past_the_timeout_keeps_the_edits(self):
        self.emu.fault(method="PUT", action="trickle", interval=0.1 * SLOW, status=200,
                       json={"trickled": "x" * 30})
        s = self.edited_form(SWRTUI_TIMEOUT=str(1.5 * SLOW))
        self.save(s)
        self.failed_panel(s, "timeout failed")
        self.assertEditsKept(s, "Not confirmed (timeout failed)")
        self.resave(s)

    def test_a_5xx_with_an_html_body_is_shown_as_text_and_keeps_the_edits(self):
        self.emu.fault(method="PUT", status=502, body="<html><body><h1>502 Bad Gateway</h1></body></html>",
                       headers={"Content-Type": "text/html"})
        s = self.edited_form()
        self.save(s)
        self.failed_panel(s, "502 Bad Gateway", "not an SWR error document", "<h1>502 Bad Gateway</h1>")
        self.assertEditsKept(s, "Not saved (HTTP 502)")
        self.resave(s)

    def test_invalid_json_on_an_error_is_shown_as_text_and_keeps_the_edits(self):
        self.emu.fault(method="PUT", status=400, body="{error_code: SVCSTG.SWR.4000014,",
                       headers={"Content-Type": "application/json"})
        s = self.edited_form()
        self.save(s)
        self.failed_panel(s, "400 Bad Request", "not an SWR error document", "{error_code: SVCSTG.SWR.4000014,")
        self.assertEditsKept(s, "Not saved (HTTP 400)")
        self.resave(s)

    def test_truncated_json_on_an_error_is_shown_as_text_and_keeps_the_edits(self):
        self.emu.fault(method="PUT", status=403, body='{"error_code": "SVCSTG.SWR.4030170", "error_msg": "Insuff',
                       headers={"Content-Type": "application/json"})
        s = self.edited_form()
        self.save(s)
        self.failed_panel(s, "403 Forbidden", "not an SWR error document", '"error_msg": "Insuff')
        self.assertEditsKept(s, "Not saved (HTTP 403)")
        self.resave(s)

    def test_a_50_mb_answer_is_cut_off_and_keeps_the_edits(self):
        self.emu.fault(method="PUT", action="oversize", size=50 * 1024 * 1024)
        s = self.edited_form()
        self.save(s)
        self.failed_panel(s, "larger than the 8388608-byte limit")
        self.assertEditsKept(s, "Not confirmed (answer too large)")
        self.resave(s)

    def test_a_redirect_to_another_host_is_not_followed_and_keeps_the_edits(self):
        with Emulator() as other:
            before = other.stats()["connections"]
            self.emu.fault(method="PUT", action="redirect", status=307,
                           location=other.url + "/v2/elsewhere/registries/4")
            s = self.edited_form()
            self.save(s)
            self.failed_panel(s, "307 Temporary Redirect", f"redirect to {other.url}/v2/elsewhere", "never followed")
            self.assertEditsKept(s, "Not saved (HTTP 307)")
            after = other.stats()
            self.assertEqual(after["connections"] - before, 1, "only this stats call connected to the other host")
            self.assertEqual(after["requests"], 0)
            self.assertEqual(other.requests(), [], "no request, hence no token and no Authorization header")
            self.resave(s)


class TestTLSFaults(FaultScreen):
    """The form is opened over TLS that verifies (a private CA, SWRTUI_CACERT); then the service comes back
    on the same port with a bad certificate: the save fails there, and succeeds once the good one is back."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tmp = tempfile.TemporaryDirectory()
        cls.certs = Certs(cls.tmp.name)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()
        super().tearDownClass()

    def check(self, bad, *words):
        good = Emulator("--sample", *Certs.tls_args(self.certs.good))
        port = good.port
        try:
            s = self.edited_form(emu=good, SWRTUI_CACERT=self.certs.ca)
        finally:
            good.stop()
        with Emulator("--sample", "--port", str(port), *Certs.tls_args(bad)) as impostor:
            self.save(s)
            self.failed_panel(s, "TLS failed", *words)
            self.assertEditsKept(s, "Not saved (TLS failed)")
            self.assertEqual(impostor.requests(), [], "the handshake failed: nothing, no token, was sent")
        with Emulator("--sample", "--port", str(port), *Certs.tls_args(self.certs.good)) as back:
            self.resave(s, emu=back, before=0)

    def test_a_self_signed_certificate_keeps_the_edits(self):
        self.check(self.certs.self_signed, "self-signed certificate", "pass that CA with --cacert FILE")

    def test_a_certificate_for_another_host_keeps_the_edits(self):
        self.check(self.certs.wrong_host, "issued for another host name", "check the host of the endpoint")

    def test_an_expired_certificate_keeps_the_edits(self):
        self.check(self.certs.expired, "certificate has expired", "outside its validity period")


class TestRetryFaults(FaultScreen):
    def test_429_with_retry_after_is_counted_down_on_the_status_line_then_saved(self):
        self.emu.fault(method="PUT", status=429, headers={"Retry-After": "2"}, json=THROTTLED)
        s = self.edited_form()
        self.save(s)
        s.wait_for(lambda t: "Saving… throttled (APIGW.0308): retrying in 2 s (attempt 2 of 3)" in flat(t),
                   "the countdown on the busy line")
        s.wait_for(lambda t: "retrying in 1 s (attempt 2 of 3)" in flat(t), "the countdown going on")
        s.wait_text("saved registry 4", timeout=15)
        puts = self.puts()
        self.assertEqual(len(puts), 2)
        self.assertEqual(puts[0]["body"], puts[1]["body"])
        self.assertSentBody(puts[1]["body"])
        self.assertGreaterEqual(gaps(puts)[0], 1.9)
        self.assertSaneExit(s)

    def test_a_503_then_a_reset_then_success_saves_on_the_third_attempt(self):
        self.emu.fault(method="PUT", status=503)
        self.emu.fault(method="PUT", action="reset_mid_body")
        s = self.edited_form()
        self.save(s)
        s.wait_text("saved registry 4", timeout=15)
        puts = self.puts()
        self.assertEqual(len(puts), 3)
        self.assertEqual(len({p["body"] for p in puts}), 1)
        self.assertSaneExit(s)

    def test_retries_exhausted_show_the_last_error_and_keep_the_edits(self):
        self.emu.fault(method="PUT", status=503, times=-1, headers={"Retry-After": "0"})
        s = self.edited_form()
        self.save(s)
        self.failed_panel(s, "503 Service Unavailable", "Attempts: 3", "Retry-After: 0")
        self.assertEditsKept(s, "Not saved (HTTP 503 SVCSTG.SWR.5000011, 3 attempts)")
        self.assertEqual(len(self.puts()), 3)
        self.resave(s, before=3)

    def test_esc_during_the_wait_before_a_retry_cancels_and_keeps_the_edits(self):
        self.emu.fault(method="PUT", status=429, headers={"Retry-After": "20"}, json=THROTTLED)
        s = self.edited_form()
        self.save(s)
        s.wait_text("retrying in 2")  # 20 s, counting down
        s.keys("Escape")
        # the status line is read once drawn to its end
        s.wait_for(lambda t: "Cancelled" in t and "your edits are kept" in flat(t), "the cancel said")
        self.assertEditsKept(s)
        self.assertEqual(len(self.puts()), 1)
        self.resave(s, before=1)

    def test_an_esc_that_arrives_with_another_key_still_cancels(self):
        # Esc and x in one read are an Alt chord (Alt-x); while a request runs it cancels all the same
        self.emu.fault(method="PUT", status=429, headers={"Retry-After": "20"}, json=THROTTLED)
        s = self.edited_form()
        self.save(s)
        s.wait_text("retrying in 2")
        s.keys("M-x")
        text = s.wait_text("Cancelled")
        self.assertIn("your edits are kept", flat(text))
        self.assertEditsKept(s)
        self.assertEqual(len(self.puts()), 1)

    def test_a_503_on_the_list_is_retried_and_the_list_shows(self):
        self.emu.fault(method="GET", path=self.emu.api_path("registries"), status=503)
        s = self.start()
        s.wait_text("harbor-backup", timeout=15)
        gets = [r for r in self.emu.requests() if r["method"] == "GET"]
        self.assertEqual(len(gets), 2)
        s.keys("q")
        self.assertSaneExit(s)


class TestCreateFaults(FaultScreen):
    def new_form(self):
        s = self.start("new")
        s.wait_text("new registry")
        s.type("made-under-faults")
        s.keys("Tab")
        s.type(DESCRIPTION)
        s.keys("Tab", "Tab")
        s.type("https://harbor.new.example")
        s.keys("Tab")
        s.type("robot")
        s.keys("Tab")
        s.type(SECRET)
        s.wait_text("*" * len(SECRET))
        return s

    def assertNewFormKept(self, s, status):
        text = s.wait_for(lambda t: "your edits are kept" in flat(t), "the status saying the edits are kept")
        self.assertIn(status, flat(text))
        self.assertIn("made-under-faults", s.line_with("Name *"))
        self.assertIn(DESCRIPTION, s.line_with("Description"))
        self.assertIn("harbor.new.example", s.line_with("URL *"))
        self.assertIn("robot", s.line_with("Access key"))
        self.assertIn("*" * len(SECRET), s.line_with("Access secret"))

    def posts(self):
        return [r for r in self.emu.requests() if r["method"] == "POST"]

    def recreate(self, s):
        self.emu.control("DELETE", "/_emu/faults")
        self.save(s, "Create this registry?")
        s.wait_text("created registry", timeout=15)
        posts = self.posts()
        self.assertEqual(len(posts), 2)
        self.assertEqual(posts[0]["body"], posts[1]["body"])
        self.assertEqual(json.loads(posts[1]["body"])["credential"]["access_secret"], SECRET)
        self.assertSaneExit(s)

    def test_a_create_answered_429_is_sent_once_and_the_form_keeps_its_edits(self):
        self.emu.fault(method="POST", status=429, headers={"Retry-After": "1"}, json=THROTTLED)
        s = self.new_form()
        self.save(s, "Create this registry?")
        self.failed_panel(s, "429 Too Many Requests", "APIGW.0308", "Retry-After: 1")
        self.assertNewFormKept(s, "Not saved (HTTP 429 APIGW.0308)")
        self.assertNotIn("attempts", flat(s.text()))
        self.assertEqual(len(self.posts()), 1, "a POST is never sent again by itself")
        self.recreate(s)

    def test_a_create_whose_connection_drops_is_sent_once_and_the_form_keeps_its_edits(self):
        self.emu.fault(method="POST", action="drop")
        s = self.new_form()
        self.save(s, "Create this registry?")
        self.failed_panel(s, "transfer failed")
        self.assertNewFormKept(s, "Not confirmed (transfer failed): it may or may not be applied")
        self.assertEqual(len(self.posts()), 1, "a POST is never sent again, not even on a fresh connection")
        self.recreate(s)


class TestLoadFaults(FaultScreen):
    def test_invalid_json_on_the_list_is_shown_and_r_reloads(self):
        self.emu.fault(method="GET", path=self.emu.api_path("registries"), status=200, body="{registries: [oops",
                       headers={"Content-Type": "application/json"})
        s = self.start()
        self.failed_panel(s, "Listing the registries failed", "the service answered 200 but the body is not a "
                                                              "registry list")
        s.wait_text("registries (0)")  # an Esc followed at once by r would be one key, Alt-r
        s.keys("r")
        s.wait_text("harbor-backup")
        s.keys("q")
        self.assertSaneExit(s)

    def test_truncated_json_on_a_show_is_shown_and_edit_exits_1(self):
        self.emu.fault(method="GET", status=200, body='{"id": 4, "name": "harbor-lab", "type": "swr-p',
                       headers={"Content-Type": "application/json"})
        s = self.start("edit", "4")
        self.failed_panel(s, "Loading the registry failed", "the body is not a registry")
        self.assertSaneExit(s, rc=1)

    def test_a_stall_loading_the_form_is_a_timeout_and_edit_exits_3(self):
        self.emu.fault(method="GET", delay=4 * SLOW)
        s = self.start("edit", "4", SWRTUI_TIMEOUT=str(1.5 * SLOW))
        self.failed_panel(s, "Loading the registry failed", "timeout failed")
        self.assertSaneExit(s, rc=3)


if __name__ == "__main__":
    unittest.main()
