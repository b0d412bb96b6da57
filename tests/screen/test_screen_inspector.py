"""Screen tests of the request log (F4) and the request inspector: a row shows the method, the end of
the path, the status, the error code, the duration and the request id, at 100 and at 80 columns (where
the request id is shortened, never the path end, the status or the code); the inspector searches with
/ (n, N) and says when a string is not found; s saves the request as shown (redacted) to a 0600 file,
naming its absolute path, and never writes through a symbolic link; Home, End, g and G scroll it.
Every wait is bounded; no sleep."""
import os
import re
import stat
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "integration"))
from harness import TOKEN  # noqa: E402
from test_screen import ScreenTest, load_sample_state  # noqa: E402

CODE = "SVCSTG.SWR.4040002"
LAST = "LAST-LINE-OF-THE-DETAIL"


def setUpModule():
    if ScreenTest.sample_state is None:
        ScreenTest.sample_state = load_sample_state()


class InspectorScreenTest(ScreenTest):
    def failed_get_of_registry_7(self, width, body=None):
        """The list, then Enter on registry 7, whose GET fails 404 with CODE; the error panel closed and
        the request log open. Returns the screen and the failed request's id."""
        path = self.emu.api_path("registries/7")
        if body is None:
            self.emu.fault(method="GET", path=path, status=404, times=1,
                           json={"error_code": CODE, "error_msg": "registry not found"})
        else:
            self.emu.fault(method="GET", path=path, status=404, times=1, body=body,
                           headers={"Content-Type": "text/plain"})
        s = self.start(width=width, height=24, HOME=self.home)
        s.wait_text("swr-ee-singapore")
        s.keys("Enter")
        s.wait_panel("Request failed")
        s.keys("Escape")
        s.wait_gone("Request failed")
        rid = [r for r in self.emu.requests() if r["path"] == path][0]["request_id"]
        s.keys("F4")
        s.wait_text("request log")
        return s, rid

    def setUp(self):
        super().setUp()
        d = tempfile.TemporaryDirectory(prefix="swrtui-insp-")
        self.addCleanup(d.cleanup)
        self.home = d.name

    def open_inspector(self, s):
        s.keys("Enter")  # the newest request is selected: the failed GET
        return s.wait_panel("Request inspector")


class TestRequestLogRows(InspectorScreenTest):
    def row_of(self, s, needle):
        return s.wait_for(lambda t: needle in t, f"the row with {needle!r}") and s.line_with(needle)

    def test_a_row_at_100_columns_shows_every_part_with_the_whole_request_id(self):
        s, rid = self.failed_get_of_registry_7(100)
        row = self.row_of(s, "/registries/7 ")
        self.assertRegex(row, r"GET +/registries/7 +404 " + re.escape(CODE) + r" +\d+\.\d{3} s  " + rid)
        self.assertRegex(s.text(), r"GET +/registries\?\S*  200 -", "the list's GET, told apart by its path end")
        lines = s.text().splitlines()
        starts = {ln.index(" 404 " if "/registries/7 " in ln else " 200 ") for ln in lines
                  if ln.startswith("GET ")}
        self.assertEqual(len(starts), 1, "the status column lines up: %r" % lines)
        s.keys("C-c")
        self.assertSaneExit(s)

    def test_a_row_at_80_columns_shortens_the_request_id_not_what_tells_rows_apart(self):
        s, rid = self.failed_get_of_registry_7(80)
        row = self.row_of(s, "/registries/7 ")
        self.assertRegex(row, r"GET +/registries/7 +404 " + re.escape(CODE) + r" +\d+\.\d{3} s  " + rid[:8])
        self.assertNotIn(rid, row, "the whole id does not fit 80 columns")
        self.assertIn("…", row)
        s.keys("C-c")
        self.assertSaneExit(s)


class TestInspectorSearch(InspectorScreenTest):
    def test_slash_finds_a_string_n_and_n_move_and_a_missing_one_is_said(self):
        body = "".join(f"body line {i:02d}\n" for i in range(60)) + LAST
        s, _ = self.failed_get_of_registry_7(100, body=body)
        text = self.open_inspector(s)
        self.assertNotIn(LAST, text, "the detail fits the screen: the test needs a longer one")
        s.keys("/")
        s.wait_text("Search:")
        s.type(LAST)
        s.keys("Enter")
        s.wait_for(lambda t: LAST in t and re.search(r'"' + LAST + r'": line \d+ of \d+', t),
                   "the view scrolled to the match, its line named")
        s.keys("/")
        s.wait_text("Search:")
        s.keys("C-u")
        s.type("body line 3")
        s.keys("Enter")
        s.wait_for(lambda t: re.search(r'"body line 3": line \d+', t), "the first of ten matches")
        first = int(re.search(r'"body line 3": line (\d+)', s.text()).group(1))
        s.keys("n")
        s.wait_text(f'"body line 3": line {first + 1} of')
        s.keys("N")
        s.wait_text(f'"body line 3": line {first} of')
        s.keys("/")
        s.wait_text("Search:")
        s.keys("C-u")
        s.type("no-such-text-zq")
        s.keys("Enter")
        s.wait_text('not found: "no-such-text-zq"')
        s.keys("Escape")
        s.wait_text("request log")
        s.keys("C-c")
        self.assertSaneExit(s)


class TestInspectorSave(InspectorScreenTest):
    def save_as(self, s, name):
        s.keys("s")
        s.wait_text("Save the request (redacted) to file:")
        s.keys("C-u")
        s.type(name)
        s.keys("Enter")

    def test_s_saves_the_redacted_request_0600_at_its_absolute_path(self):
        s, rid = self.failed_get_of_registry_7(100)
        self.open_inspector(s)
        self.save_as(s, "~/req.txt")
        path = os.path.join(self.home, "req.txt")
        s.wait_for(lambda t: "written to" in t, "the note of the file written")
        flat = re.sub(r"[│\s]+", "", s.text())
        self.assertIn("writtento" + path.replace(" ", ""), flat, "the absolute path, ~ expanded")
        self.assertEqual(stat.S_IMODE(os.lstat(path).st_mode), 0o600)
        with open(path, encoding="utf-8") as f:
            saved = f.read()
        self.assertNotIn(TOKEN, saved)
        self.assertIn("X-Auth-Token: <redacted>", saved)
        self.assertIn(rid, saved)
        self.assertIn(CODE, saved)
        self.assertTrue(saved.startswith("GET http"), saved[:80])
        s.keys("C-c")
        self.assertSaneExit(s)

    def test_s_never_writes_through_a_symbolic_link(self):
        target = os.path.join(self.home, "target.txt")
        with open(target, "w", encoding="utf-8") as f:
            f.write("untouched\n")
        os.symlink(target, os.path.join(self.home, "link.txt"))
        s, _ = self.failed_get_of_registry_7(100)
        self.open_inspector(s)
        self.save_as(s, "~/link.txt")
        s.wait_text("symbolic link")
        with open(target, encoding="utf-8") as f:
            self.assertEqual(f.read(), "untouched\n")
        s.keys("C-c")
        self.assertSaneExit(s)


class TestInspectorLetters(InspectorScreenTest):
    def test_g_and_capital_g_go_to_the_top_and_the_bottom(self):
        body = "".join(f"body line {i:02d}\n" for i in range(60)) + LAST
        s, _ = self.failed_get_of_registry_7(100, body=body)
        self.open_inspector(s)
        top = re.compile(r"│\s*GET\s")
        s.keys("G")
        s.wait_for(lambda t: LAST in t and not top.search(t), "G: the last line shown, not the first")
        s.keys("g")
        s.wait_for(lambda t: top.search(t) and LAST not in t, "g: the first line shown, not the last")
        s.keys("End")
        s.wait_text(LAST)
        s.keys("Home")
        s.wait_for(lambda t: top.search(t) and LAST not in t, "Home: the first line again")
        s.keys("C-c")
        self.assertSaneExit(s)


if __name__ == "__main__":
    unittest.main()
