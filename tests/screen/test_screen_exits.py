"""Screen tests of what the terminal UI leaves behind and takes in: every exit that follows an error
prints the decoded error (status, error code, request id) on stderr once the screen is restored, so
that it survives in the scrollback; the error panel's w writes the encoded message to a file (~
expanded, an existing file overwritten only when asked, a symlink never followed) and says the
absolute path; a pasted newline or tab in a text field becomes a space. The real swrtui in tmux,
against the local SWR emulator; every wait is bounded."""
import json
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "integration"))
from harness import INSTANCE, PROJECT, Emulator  # noqa: E402
from screen import Screen  # noqa: E402
from test_screen import SANE, load_sample_state, tui_env  # noqa: E402

API = f"/v2/{PROJECT}/instances/{INSTANCE}"
SECRET = "exits-S3cret-41b7"
SAMPLE = None


def setUpModule():
    global SAMPLE
    SAMPLE = load_sample_state()


def flat(text):
    """The screen as one line of words, panel borders left out: a text that wraps still reads whole."""
    return " ".join(text.replace("│", " ").split())


class ExitTest(unittest.TestCase):
    emu = None

    @classmethod
    def setUpClass(cls):
        cls.emu = Emulator("--sample")

    @classmethod
    def tearDownClass(cls):
        cls.emu.stop()

    def setUp(self):
        self.emu.reset()
        self.emu.control("PUT", "/_emu/state", SAMPLE)
        self.home = tempfile.TemporaryDirectory()
        self.addCleanup(self.home.cleanup)

    def start(self, *args, width=100, height=30, **env):
        env.setdefault("HOME", self.home.name)
        s = Screen(list(args), tui_env(self.emu, **env), width=width, height=height)
        self.addCleanup(s.close)
        return s

    def assertSaneExit(self, s, rc=0):
        code, modes = s.wait_exit()
        self.assertEqual(code, rc, f"exit status; stderr: {s.stderr()}")
        self.assertEqual(set(modes), SANE, "the terminal modes after exit")
        self.assertFalse(s.alternate_on(), "the alternate screen is still on")

    def puts(self):
        return [r for r in self.emu.requests() if r["method"] == "PUT"]


class TestTerminalGone(ExitTest):
    """The terminal goes away without a SIGHUP (its other end closed; the program's session has it open but
    not as its controlling terminal, so no signal comes): reads give end of input for ever. The program
    ends instead of spinning on them."""

    def test_the_program_ends_when_its_terminal_is_closed_without_a_signal(self):
        import pty
        import select
        import subprocess
        import time
        import memcheck
        from harness import BIN
        master, slave = pty.openpty()
        env = tui_env(self.emu, HOME=self.home.name)
        proc = subprocess.Popen([BIN], stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True)
        os.close(slave)
        self.addCleanup(lambda: proc.poll() is None and proc.kill())
        seen, deadline = b"", time.monotonic() + 20 * memcheck.SLOWDOWN
        while b"swr-ee-singapore" not in seen and time.monotonic() < deadline:
            if select.select([master], [], [], 0.2)[0]:
                try:
                    seen += os.read(master, 65536)
                except OSError:
                    break
        self.assertIn(b"swr-ee-singapore", seen, "the list was drawn")
        os.close(master)   # the terminal is gone; no SIGHUP reaches a process it does not control
        try:
            proc.wait(timeout=10 * memcheck.SLOWDOWN)
        except subprocess.TimeoutExpired:
            self.fail("the program did not end when its terminal went away (it spins on end of input)")


class TestPasteIsOneLine(ExitTest):
    """Item: a pasted newline or tab in a single-line field becomes a space, not nothing."""

    def test_a_pasted_newline_or_tab_in_a_text_field_becomes_a_space_and_is_sent_so(self):
        s = self.start("edit", "1")
        s.wait_text("Access secret")
        s.keys("Tab", "C-u")  # Description
        s.paste("line one\nline two\tand\nthree\n")  # tmux sends each LF as CR, as terminals do
        want = "line one line two and three"
        s.wait_for(lambda t: want in (s.line_with("Description") or ""), want)
        self.assertEqual(s.line_with("Description").split(None, 1)[1].rstrip(), want)
        self.assertNotIn("Send these changes?", s.text(), "a pasted newline never submits")
        s.keys("Tab", "Tab", "Tab", "Tab")  # Type, URL, Access key, Access secret
        # a secret copied from a wrapped line stays whole: its line break is dropped, not made a space
        s.paste(SECRET[:8] + "\n" + SECRET[8:] + "\n")
        s.wait_for(lambda t: "*" * len(SECRET) in (s.line_with("Access secret") or ""), "the masked secret")
        s.keys("F2")
        s.wait_text("Send these changes?")
        s.keys("y")
        s.wait_text("saved registry 1")
        puts = self.puts()
        self.assertEqual(len(puts), 1)
        body = json.loads(puts[0]["body"])
        self.assertEqual(body["description"], want)
        self.assertEqual(body["credential"]["access_secret"], SECRET)
        self.assertSaneExit(s)  # "edit ID" ends once saved


class TestErrorOnExit(ExitTest):
    """Item: every TUI exit that follows an error prints the decoded error (status, error code, request id)
    on stderr after the screen is restored."""

    def request_id(self, method, path_end):
        ids = [r["request_id"] for r in self.emu.requests() if r["method"] == method and r["path"].endswith(path_end)]
        self.assertTrue(ids, f"no {method} …{path_end} reached the emulator")
        return ids[-1]

    def assertErrorOnStderr(self, s, *words):
        err = s.stderr()
        for w in words:
            self.assertIn(w, err, f"stderr after exit: {err!r}")
        return err

    def test_edit_of_a_missing_registry_leaves_status_code_and_request_id_on_stderr(self):
        s = self.start("edit", "99")
        s.wait_panel("Request failed")
        s.wait_text("SVCSTG.SWR.4040083")
        self.assertEqual(s.stderr(), "", "nothing is written on stderr while the screen is up")
        s.keys("Escape")
        self.assertSaneExit(s, 1)
        rid = self.request_id("GET", "/registries/99")
        err = self.assertErrorOnStderr(s, "Loading the registry failed", "HTTP 404", "SVCSTG.SWR.4040083",
                                       "Registry not found: 99", rid)
        self.assertNotIn("\x1b", err, "no terminal control sequence on stderr")

    def test_ctrl_c_in_the_error_panel_also_leaves_the_error(self):
        s = self.start("edit", "99")
        s.wait_panel("Request failed")
        s.keys("C-c")
        self.assertSaneExit(s, 1)
        self.assertErrorOnStderr(s, "HTTP 404", "SVCSTG.SWR.4040083", self.request_id("GET", "/registries/99"))

    def test_quitting_a_list_that_failed_to_load_leaves_the_error(self):
        self.emu.fault(method="GET", path=API + "/registries", status=500, times=-1,
                       json={"error_code": "SVCSTG.SWR.5000011", "error_msg": "Internal server error"},
                       headers={"X-Request-Id": "exit-note-500-7f3a"})
        s = self.start("--attempts", "1")
        s.wait_panel("Request failed")
        s.keys("Escape")
        s.wait_gone("Request failed")
        s.keys("q")
        self.assertSaneExit(s, 0)
        self.assertErrorOnStderr(s, "Listing the registries failed", "HTTP 500", "SVCSTG.SWR.5000011",
                                 "exit-note-500-7f3a")

    def test_a_refused_save_then_discarding_the_form_leaves_the_error(self):
        self.emu.fault(method="PUT", path=API + "/registries/4", status=403,
                       json={"error_code": "SVCSTG.SWR.4030001", "error_msg": "Insufficient permissions"},
                       headers={"X-Request-Id": "exit-note-403-9c2e"})
        s = self.start("edit", "4")
        s.wait_text("Access secret")
        s.keys("End")
        s.type("-x")
        s.keys("Tab", "Tab", "Tab", "Tab", "Tab")  # Access secret
        s.type(SECRET)
        s.wait_for(lambda t: "*" * len(SECRET) in (s.line_with("Access secret") or ""), "the masked secret")
        s.keys("F2")
        s.wait_text("Send these changes?")
        s.keys("y")
        s.wait_panel("Request failed")
        s.keys("Escape")
        s.wait_gone("Request failed")
        s.keys("Escape")
        s.wait_text("Leave and discard them?")
        s.keys("y")
        self.assertSaneExit(s, 0)
        self.assertErrorOnStderr(s, "Saving the registry failed", "HTTP 403", "SVCSTG.SWR.4030001",
                                 "exit-note-403-9c2e")
        self.assertNotIn(SECRET, s.stderr())

    def test_an_error_followed_by_a_request_that_succeeds_leaves_nothing(self):
        self.emu.fault(method="GET", path=API + "/registries", status=500)
        s = self.start("--attempts", "1")
        s.wait_panel("Request failed")
        s.keys("Escape")
        s.wait_gone("Request failed")
        s.keys("r")  # the second list succeeds
        s.wait_text("harbor-backup")
        s.keys("q")
        self.assertSaneExit(s, 0)
        self.assertNotIn("failed", s.stderr())
        self.assertNotIn("HTTP 500", s.stderr())


class TestWriteMessageToFile(ExitTest):
    """Item: the error panel's w expands ~, offers to overwrite an existing file (never through a symbolic
    link) and shows the absolute path it wrote."""

    ENCODED = "Wq7e" + "Z9y8X7w6" * 30

    def panel(self, cwd=None):
        """swrtui edit 7, whose load is refused with an encoded authorization message; its error panel."""
        self.emu.fault(method="GET", path=API + "/registries/7", status=403,
                       json={"error_code": "SVCSTG.SWR.4030170", "error_msg": "Insufficient permissions",
                             "encoded_authorization_message": self.ENCODED})
        old = os.getcwd()
        os.chdir(cwd or self.home.name)  # the program's current directory (tmux starts it in ours)
        try:
            s = self.start("edit", "7")
        finally:
            os.chdir(old)
        s.wait_panel("Request failed")
        s.wait_text("w: write to file")
        return s

    def write(self, s, name):
        s.keys("w")
        s.wait_text("Write the encoded message to file:")
        s.type(name)
        s.keys("Enter")

    def wait_note(self, s, words):
        return s.wait_for(lambda t: words in flat(t), repr(words))

    def read(self, path):
        with open(path) as f:
            return f.read()

    def test_a_tilde_is_expanded_and_the_absolute_path_is_shown(self):
        s = self.panel()
        self.write(s, "~/msg.txt")
        path = os.path.join(self.home.name, "msg.txt")
        self.wait_note(s, f"written to {path} ({len(self.ENCODED)} characters)")
        self.assertEqual(self.read(path), self.ENCODED + "\n")
        self.assertEqual(os.stat(path).st_mode & 0o777, 0o600)
        self.assertFalse(os.path.exists(os.path.join(self.home.name, "~")), "no directory named ~")
        s.keys("Escape")
        self.assertSaneExit(s, 1)
        # the path written is printed with the error, after the screen is restored
        self.assertIn(f"written to {path} ({len(self.ENCODED)} characters)\n", s.stderr())

    def test_a_relative_name_is_shown_as_the_absolute_path_written(self):
        work = os.path.join(self.home.name, "work")
        os.mkdir(work)
        s = self.panel(cwd=work)
        self.write(s, "msg.txt")
        path = os.path.join(os.path.realpath(work), "msg.txt")
        self.wait_note(s, f"written to {path} (")
        self.assertEqual(self.read(path), self.ENCODED + "\n")
        self.assertEqual(os.stat(path).st_mode & 0o777, 0o600, "overwritten, the file is private as a new one")
        s.keys("Escape")
        self.assertSaneExit(s, 1)

    def test_an_existing_file_is_overwritten_only_when_asked(self):
        path = os.path.join(self.home.name, "msg.txt")
        with open(path, "w") as f:
            f.write("keep me\n")
        os.chmod(path, 0o644)
        s = self.panel()
        self.write(s, "~/msg.txt")
        s.wait_text("Overwrite it?")
        self.assertIn(path, flat(s.text()))
        s.keys("n")
        self.wait_note(s, f"{path} exists and was kept; nothing was written")
        self.assertEqual(self.read(path), "keep me\n")
        self.write(s, "~/msg.txt")
        s.wait_text("Overwrite it?")
        s.keys("y")
        self.wait_note(s, f"written to {path} (")
        self.assertEqual(self.read(path), self.ENCODED + "\n")
        s.keys("Escape")
        self.assertSaneExit(s, 1)

    def test_a_symbolic_link_is_never_followed(self):
        target = os.path.join(self.home.name, "target.txt")
        with open(target, "w") as f:
            f.write("not yours to overwrite\n")
        os.symlink(target, os.path.join(self.home.name, "link.txt"))
        os.symlink(os.path.join(self.home.name, "nowhere.txt"), os.path.join(self.home.name, "dangling.txt"))
        s = self.panel()
        link = os.path.join(self.home.name, "link.txt")
        self.write(s, "~/link.txt")
        self.wait_note(s, f"{link} is a symbolic link: it is not followed; nothing was written")
        self.assertNotIn("Overwrite it?", s.text())
        self.assertEqual(self.read(target), "not yours to overwrite\n")
        self.write(s, "~/dangling.txt")
        self.wait_note(s, "dangling.txt is a symbolic link: it is not followed")
        self.assertFalse(os.path.exists(os.path.join(self.home.name, "nowhere.txt")))
        s.keys("Escape")
        self.assertSaneExit(s, 1)


if __name__ == "__main__":
    unittest.main()
