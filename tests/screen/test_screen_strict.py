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


if __name__ == "__main__":
    unittest.main()
