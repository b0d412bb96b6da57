"""Strict input at the edges, plain commands: project and instance IDs that would change the request
path, registry answers that lack what every registry has, apply/create files with members swrtui does not
know, and a list whose pages never end or contradict each other (the emulator's fault injection plays
the hostile server). Each case asserts the exit code, the words the user reads and what the emulator
received."""
import json
import os
import tempfile
import time
import unittest

from harness import INSTANCE, PROJECT, Emulator, base_env, run

SECRET = "Strict-Input-S3cret-77"
REG_PATH = f"/v2/{PROJECT}/instances/{INSTANCE}/registries"


class StrictCase(unittest.TestCase):
    emu = None

    @classmethod
    def setUpClass(cls):
        cls.emu = Emulator("--sample")
        cls.tmp = tempfile.TemporaryDirectory()
        cls.sample = cls.emu.state()

    @classmethod
    def tearDownClass(cls):
        cls.emu.stop()
        cls.tmp.cleanup()

    def setUp(self):
        self.emu.reset()
        self.emu.control("PUT", "/_emu/state", self.sample)
        self.env = base_env(self.emu, home=self.tmp.name)

    def cli(self, *args, env=None, stdin=None, timeout=60):
        started = time.monotonic()
        res = run(list(args), env or self.env, stdin=stdin, timeout=timeout)
        res.took = time.monotonic() - started
        self.assertGreaterEqual(res.rc, 0, f"swrtui was killed by a signal: {res}")
        self.assertNotIn(SECRET, res.out + res.err)
        return res

    def sent(self, method=None):
        return [r for r in self.emu.requests() if method is None or r["method"] == method]


class TestIds(StrictCase):
    """Item: "." and ".." as project or instance IDs are sent unencoded and libcurl removes the dot
    segments; an ID is letters, digits and '-' (the real ones are hex or UUID-like), refused before
    sending with exit 2."""

    def test_dot_segments_and_path_characters_are_refused_before_anything_is_sent(self):
        for var, bad in (("SWRTUI_PROJECT_ID", ".."), ("SWRTUI_PROJECT_ID", "."), ("SWRTUI_INSTANCE_ID", ".."),
                         ("SWRTUI_INSTANCE_ID", "a/b"), ("SWRTUI_PROJECT_ID", "%2e%2e"),
                         ("SWRTUI_INSTANCE_ID", "x:y")):
            with self.subTest(var=var, value=bad):
                self.emu.clear_requests()
                env = base_env(self.emu, home=self.tmp.name, **{var: bad})
                for args in (["show", "7"], ["list"], ["delete", "7", "--yes"]):
                    res = self.cli(*args, env=env)
                    self.assertEqual(res.rc, 2, res)
                    what = "project" if "PROJECT" in var else "instance"
                    self.assertIn(f'{var}: "{bad}" is not a{"n" if what == "instance" else ""} {what} ID', res.err)
                    self.assertEqual(res.out, "")
                self.assertEqual(self.sent(), [], "nothing reaches the service")

    def test_a_flag_is_named_as_the_origin_of_a_bad_id(self):
        res = self.cli("--instance-id", "..", "show", "7")
        self.assertEqual(res.rc, 2, res)
        self.assertIn('--instance-id: ".." is not an instance ID', res.err)
        self.assertEqual(self.sent(), [])

    def test_a_long_value_is_refused_without_being_quoted(self):
        token_like = "MIIZ" + "Q" * 60 + "/x"
        res = self.cli("show", "7", env=base_env(self.emu, home=self.tmp.name, SWRTUI_PROJECT_ID=token_like))
        self.assertEqual(res.rc, 2, res)
        self.assertNotIn(token_like[:20], res.err)
        self.assertIn("is not a project ID", res.err)

    def test_real_ids_still_work(self):
        res = self.cli("show", "7")
        self.assertEqual(res.rc, 0, res)
        self.assertEqual([r["path"] for r in self.sent()], [f"{REG_PATH}/7"])


if __name__ == "__main__":
    unittest.main()
