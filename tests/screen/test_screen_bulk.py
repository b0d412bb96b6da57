"""Marking and rotating in the terminal UI, against the local SWR emulator: Space marks rows (a marker on
the row, a counter in the title, u unmarks all), R gives the marked registries a new credential entered
once (masked), a confirmation lists each, then each is updated in turn with its result on its row;
a failed row (fault injected) keeps its decoded error, which Enter shows, and r retries it with the
same credential; leaving unmarks those that succeeded."""
import os
import re
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "integration"))
from harness import INSTANCE, PROJECT, Emulator  # noqa: E402
from screen import Screen  # noqa: E402
from test_screen import tui_env  # noqa: E402

SECRET = "Rot4te-Me-S3cret"


class BulkScreen(unittest.TestCase):
    emu = None

    @classmethod
    def setUpClass(cls):
        cls.emu = Emulator("--sample")
        cls.sample = cls.emu.state()

    @classmethod
    def tearDownClass(cls):
        cls.emu.stop()

    def setUp(self):
        self.emu.control("PUT", "/_emu/state", self.sample)
        self.emu.reset()

    def start(self):
        s = Screen([], tui_env(self.emu), width=100, height=30)
        self.addCleanup(s.close)
        s.wait_text("swr-ee-singapore")
        return s

    def stored(self):
        return {r["id"]: r for r in self.emu.state()["registries"]}

    def marker(self, s, name):
        """What the ID column of the row of name holds after the ID: "*", "!" or ""."""
        m = re.match(r"\s*(\d+)\s*([*!]?)\s", s.line_with(name))
        self.assertIsNotNone(m, s.text())
        return m.group(2)

    def mark_4_and_3(self, s):
        """The list is newest first: 7, 5, 4, 3, 2, 1."""
        s.keys("Down", "Down")
        s.keys("Space")
        s.wait_text("1 marked")
        s.keys("Space")
        s.wait_text("2 marked")

    def rotate(self, s, n=2):
        s.keys("R")
        s.wait_text("New access secret:")
        s.keys("Tab")
        s.type(SECRET)
        s.wait_text("*" * len(SECRET))
        self.assertNotIn(SECRET, s.text())
        s.keys("Enter")
        s.wait_text("one by one?")
        text = s.text()
        self.assertIn("4 harbor-lab", text)
        self.assertIn("3 swr-basic-shanghai", text)
        self.assertIn(f"Update these {n} registries one by one?", text)
        s.keys("y")

    def test_space_marks_rows_with_a_marker_and_a_counter_and_u_unmarks_all(self):
        s = self.start()
        self.assertNotIn("marked", s.lines()[0])
        self.mark_4_and_3(s)
        self.assertIn("registries (6) · 2 marked", s.lines()[0])
        self.assertEqual(self.marker(s, "harbor-lab"), "*")
        self.assertEqual(self.marker(s, "swr-basic-shanghai"), "*")
        self.assertEqual(self.marker(s, "swr-ee-singapore"), "")
        s.keys("Up", "Space")  # on 3 again: unmarked
        s.wait_text("1 marked")
        self.assertEqual(self.marker(s, "swr-basic-shanghai"), "")
        s.keys("r")  # a refresh keeps the marks
        s.wait_text("1 marked")
        s.keys("u")
        s.wait_gone("marked")
        self.assertEqual(self.marker(s, "harbor-lab"), "")
        self.assertEqual([r for r in self.emu.requests() if r["method"] != "GET"], [])

    def test_rotating_the_marked_rows_updates_each_with_a_live_result_and_unmarks_them(self):
        s = self.start()
        self.mark_4_and_3(s)
        self.rotate(s)
        s.wait_text("2 done, 0 failed, 0 not tried")
        self.assertIn("ok", s.line_with("harbor-lab"))
        self.assertIn("ok", s.line_with("swr-basic-shanghai"))
        self.assertNotIn(SECRET, s.text())
        after = self.stored()
        for rid in (3, 4):
            self.assertEqual(after[rid]["credential"]["access_secret"], SECRET)
            self.assertEqual(after[rid]["credential"]["access_key"],
                             next(r for r in self.sample["registries"] if r["id"] == rid)["credential"]["access_key"])
        puts = [r["path"].rsplit("/", 1)[-1] for r in self.emu.requests() if r["method"] == "PUT"]
        self.assertEqual(puts, ["4", "3"])
        s.keys("Escape")
        s.wait_text("rotated 2 registries")
        self.assertNotIn("marked", s.lines()[0])

    def test_esc_during_the_run_stops_after_the_registry_under_way(self):
        # the GET of registry 3 (the second) waits 2 s: Esc is pressed while it is under way
        self.emu.fault(method="GET", path=f"/v2/{PROJECT}/instances/{INSTANCE}/registries/3", delay=2.0)
        s = self.start()
        s.keys("Down", "Down", "Space", "Space", "Space")
        s.wait_text("3 marked")
        self.rotate(s, 3)
        self.emu.wait_requests(lambda rs: any(r["path"].endswith("/registries/3") for r in rs),
                               "the GET of registry 3")
        s.keys("Escape")
        s.wait_text("stopping after this registry")
        s.wait_text("2 done, 0 failed, 1 not tried")
        self.assertIn("ok", s.line_with("swr-basic-shanghai"), "the registry under way is finished")
        self.assertIn("not tried", s.line_with("swr-ee-beijing"))
        self.assertFalse([r for r in self.emu.requests() if r["path"].endswith("/registries/2")])
        s.keys("Escape")
        s.wait_text("rotated 2 registries")
        self.assertIn("1 marked", s.lines()[0])
        self.assertEqual(self.marker(s, "swr-ee-beijing"), "*")

    def test_a_failed_row_keeps_its_decoded_error_and_is_retried_with_the_same_credential(self):
        self.emu.fault(method="PUT", path=f"/v2/{PROJECT}/instances/{INSTANCE}/registries/3", status=500)
        s = self.start()
        self.mark_4_and_3(s)
        self.rotate(s)
        s.wait_text("1 done, 1 failed, 0 not tried")
        self.assertIn("failed: PUT: HTTP 500 SVCSTG.SWR.5000011", s.line_with("swr-basic-shanghai"))
        self.assertIn("ok", s.line_with("harbor-lab"))
        self.assertNotEqual(self.stored()[3]["credential"]["access_secret"], SECRET)
        # the error, decoded, in the error panel
        s.keys("Down")
        s.keys("Enter")
        s.wait_text("SVCSTG.SWR.5000011")
        s.wait_text("Rotating registry 3")
        s.keys("Escape")
        s.wait_text("r retry failed")
        # back in the list: 3 stays marked, with its failure; 4 is unmarked
        s.keys("Escape")
        s.wait_text("rotated 1 registry; 1 failed")
        self.assertIn("1 marked", s.lines()[0])
        self.assertEqual(self.marker(s, "swr-basic-shanghai"), "!")
        self.assertEqual(self.marker(s, "harbor-lab"), "")
        # R again: the row shows its error before anything is sent; the retry with r after a failure
        s.keys("R")
        s.wait_text("New access secret:")
        self.assertIn("PUT: HTTP 500", s.line_with("swr-basic-shanghai"))
        s.keys("Tab")
        s.type(SECRET)
        s.keys("Enter")
        s.wait_text("one by one?")
        self.emu.fault(method="PUT", path=f"/v2/{PROJECT}/instances/{INSTANCE}/registries/3", status=503,
                       times=3)
        s.keys("y")
        s.wait_text("0 done, 1 failed, 0 not tried")
        self.emu.control("DELETE", "/_emu/faults")
        s.keys("r")
        s.wait_text("1 done, 0 failed, 0 not tried")
        self.assertIn("ok", s.line_with("swr-basic-shanghai"))
        self.assertEqual(self.stored()[3]["credential"]["access_secret"], SECRET)
        s.keys("Escape")
        s.wait_gone("marked")


if __name__ == "__main__":
    unittest.main()
