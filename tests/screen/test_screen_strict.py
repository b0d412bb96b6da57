"""Screen tests of strict input: the terminal UI refuses a project or instance ID that would change the
request path before it takes the screen, and its list cannot be driven to unbounded memory by a service
that claims an endless number of registries."""
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "integration"))
from harness import INSTANCE, PROJECT, Emulator  # noqa: E402
from screen import Screen  # noqa: E402
from test_screen import SANE, tui_env  # noqa: E402

REG_PATH = f"/v2/{PROJECT}/instances/{INSTANCE}/registries"


class StrictScreenTest(unittest.TestCase):
    emu = None

    @classmethod
    def setUpClass(cls):
        cls.emu = Emulator("--sample")
        cls.sample = cls.emu.state()

    @classmethod
    def tearDownClass(cls):
        cls.emu.stop()

    def setUp(self):
        self.emu.reset()
        self.emu.control("PUT", "/_emu/state", self.sample)

    def start(self, *args, width=100, height=30, **env):
        s = Screen(list(args), tui_env(self.emu, **env), width=width, height=height)
        self.addCleanup(s.close)
        return s


class TestIdsAtStart(StrictScreenTest):
    def test_a_dot_segment_id_is_refused_before_the_screen_is_taken(self):
        for args, var in (((), "SWRTUI_PROJECT_ID"), (("edit", "7"), "SWRTUI_INSTANCE_ID")):
            with self.subTest(args=args, var=var):
                self.emu.clear_requests()
                s = self.start(*args, **{var: ".."})
                code, modes = s.wait_exit()
                self.assertEqual(code, 2, f"exit status; stderr: {s.stderr()}")
                self.assertEqual(set(modes), SANE)
                self.assertIn(f'{var}: ".." is not a', s.stderr())
                self.assertEqual(self.emu.requests(), [], "nothing reaches the service")


class TestIncompleteRegistry(StrictScreenTest):
    def test_editing_an_empty_object_is_a_malformed_answer_and_exits_1(self):
        self.emu.fault(method="GET", path=REG_PATH + "/4", status=200, json={})
        s = self.start("edit", "4")
        s.wait_for(lambda t: "the registry has no id" in " ".join(t.replace("│", " ").split()), "the panel naming what is missing",
                   timeout=15)
        self.assertNotIn("Access secret", s.text(), "no form for an answer that is no registry")
        s.keys("Escape")
        code, modes = s.wait_exit()
        self.assertEqual(code, 1, s.stderr())
        self.assertEqual(set(modes), SANE)


class TestBoundedList(StrictScreenTest):
    """The list fetches pages as the user scrolls: a service claiming two million registries must not
    make it keep (or ask for) more than the 10,000 rows swrtui lists, and the user is told."""

    def test_a_huge_total_is_capped_at_10000_rows_with_a_notice(self):
        rows = [{"id": i, "name": f"reg-{i}", "type": "swr-pro", "url": f"https://reg-{i}.example.com",
                 "status": "healthy"} for i in range(100)]
        self.emu.fault(method="GET", path=REG_PATH, status=200, times=-1,
                       json={"registries": rows, "total": 2000000})
        s = self.start()
        s.wait_text("reg-1 ")
        s.wait_text("the list holds the first 10000")
        s.keys("End")
        s.wait_for(lambda t: any(r["query"].find("offset=9900") >= 0 for r in self.emu.requests()),
                   "the last page of the 10,000 rows asked for")
        s.wait_text("the list holds the first 10000")
        s.keys("q")
        code, modes = s.wait_exit()
        self.assertEqual(code, 0, s.stderr())
        offsets = [int(q.split("=", 1)[1]) for r in self.emu.requests()
                   for q in r["query"].split("&") if q.startswith("offset=")]
        self.assertTrue(offsets, "pages were fetched")
        self.assertLessEqual(max(offsets), 9900, f"offsets asked for: {offsets}")


if __name__ == "__main__":
    unittest.main()
