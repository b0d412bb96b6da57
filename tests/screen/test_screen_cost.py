"""The cost of a key (issue 14), counted by callgrind as `make bench` counts it: a typed character in the
edit form redraws its field, not the screen, and a scroll step in the list redraws the rows that moved.
The instruction counts are deterministic; the limits are about twice today's figures and well under
what a whole-screen redraw costs (about 720,000 per typed character and 1,900,000 per scroll step), so
that only a key that rebuilds the screen again fails them. `make bench` holds the budgets against
dialog. Skipped without valgrind, and under the sanitizers or memcheck (their counts mean nothing)."""
import glob
import os
import shutil
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "integration"))
sys.path.insert(0, os.path.join(ROOT, "bench"))
from harness import BIN, INSTANCE, PROJECT, TOKEN, Emulator  # noqa: E402
from benchlib import KEY, PtyProgram, base_env  # noqa: E402

VALGRIND = shutil.which("valgrind")
TYPED_MAX = 200_000   # instructions for one character typed into the form
STEP_MAX = 450_000    # one scroll step of the list, the view moving or not
STEP_MEAN_MAX = 250_000


@unittest.skipIf(not VALGRIND, "valgrind is not installed")
@unittest.skipIf(os.environ.get("SAN") == "1" or os.environ.get("SWRTUI_VALGRIND") == "1",
                 "instructions are not counted under the sanitizers or memcheck")
class TestKeyCost(unittest.TestCase):
    def per_key(self, emu, argv, ready, keys):
        """Instructions of each key: callgrind dumps before every term_read_key(), keys sent one at a
        time once the program waits for the next."""
        tmp = tempfile.mkdtemp(prefix="swrtui-cost-")
        self.addCleanup(shutil.rmtree, tmp, True)
        env = base_env(tmp)
        env.update(SWRTUI_ENDPOINT=emu.url, SWRTUI_PROJECT_ID=PROJECT, SWRTUI_INSTANCE_ID=INSTANCE,
                   SWRTUI_TOKEN=TOKEN)
        p = PtyProgram([VALGRIND, "--tool=callgrind", "--callgrind-out-file=%s/cg" % tmp,
                        "--dump-before=term_read_key", "--dump-instr=no", BIN] + argv, env)
        try:
            p.wait_for(ready, timeout=120)
            p.wait_ready(120)
            p.keys(keys, 120)
            p.send(b"\x03")
            p.wait(60)
        finally:
            p.close()
        costs = {}
        for path in glob.glob(tmp + "/cg.*"):
            with open(path) as f:
                for line in f:
                    if line.startswith(("summary:", "totals:")):
                        costs[int(path.rsplit(".", 1)[1])] = int(line.split()[1])
                        break
        # part 1: start-up; part k+1: key k
        per = [costs[k] for k in sorted(costs) if 2 <= k <= len(keys) + 1]
        self.assertEqual(len(per), len(keys), "one dump per key")
        return per

    def test_a_typed_character_redraws_its_field_not_the_screen(self):
        with Emulator("--sample") as emu:
            per = self.per_key(emu, ["edit", "1"], b"harbor-backup", [b"x"] * 10)
        self.assertLessEqual(max(per), TYPED_MAX, f"instructions per typed character: {per}")

    def test_a_scroll_step_redraws_the_rows_that_moved(self):
        with Emulator("--generate", "300") as emu:
            # 30 down: the view moves for the last few; 30 up: back past the top of the view
            per = self.per_key(emu, [], b"reg-00300", [KEY["down"]] * 30 + [KEY["up"]] * 30)
        self.assertLessEqual(max(per), STEP_MAX, f"instructions per scroll step: {per}")
        self.assertLessEqual(sum(per) / len(per), STEP_MEAN_MAX, f"instructions per scroll step: {per}")


if __name__ == "__main__":
    unittest.main()
