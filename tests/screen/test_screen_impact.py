"""The replication impact panel, terminal UI, against the emulator's sample: p in the list and F6 or
Alt-P in the form open the panel of a registry (its policies, as source or destination, with their last
run; a failed one marked by a sign, not only by colour); Enter shows a policy's runs; r starts a run
and follows it live to its end (Esc stops following, not the run); after a save that fixes the target's
secret the form offers to run the failed policies again, and the run then succeeds; declining sends
nothing; a policies API that refuses leaves the save reported as saved. The sample's registry 7 is the
destination of policy 1, whose last run (3) failed because the stored secret is stale; registry 4 is the
source of policy 3, whose runs succeed."""
import json
import os
import sys
import time
import unittest
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "integration"))
from harness import TOKEN, Emulator  # noqa: E402
from screen import Screen  # noqa: E402
from test_screen import SANE, tui_env  # noqa: E402

try:
    import memcheck  # noqa: E402
    SLOW = memcheck.SLOWDOWN
except ImportError:  # pragma: no cover
    SLOW = 1.0

RIGHT_SECRET = "rotated-secret-swr-ee-singapore"   # what the sample's Singapore target accepts
UNAUTHORIZED = "unauthorized: authentication required"


def flat(text):
    """The screen as one line of words, panel borders left out: a text that wraps still reads whole."""
    return " ".join(text.replace("│", " ").split())


class ImpactScreen(unittest.TestCase):
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
        self.run_seconds(1)

    def run_seconds(self, seconds):
        self.emu.control("PUT", "/_emu/replication", {"run_seconds": seconds})

    def start(self, *args, width=100, height=30, **env):
        s = Screen(list(args), tui_env(self.emu, **env), width=width, height=height)
        self.addCleanup(s.close)
        return s

    def posts(self):
        return [r for r in self.emu.requests()
                if r["method"] == "POST" and r["path"].endswith("/replication/executions")]

    def service_run(self, policy, eid):
        """Run eid of policy as the service has it now (asked directly, not through swrtui)."""
        req = urllib.request.Request(self.emu.url + self.emu.api_path(f"replication/executions?policy_id={policy}"),
                                     headers={"X-Auth-Token": TOKEN})
        with urllib.request.urlopen(req, timeout=10) as r:
            runs = json.loads(r.read().decode())["executions"]
        return next(e for e in runs if e["id"] == eid)

    def panel_from_list(self, name, args=(), **kw):
        """The list filtered to `name`, then p."""
        s = self.start(*args, **kw)
        s.wait_text("q quit")
        s.keys("/")
        s.wait_text("Filter by name:")
        s.type(name)
        s.keys("Enter")
        s.wait_for(lambda t: "1 matching" in t and name in t, "the filtered list")
        s.keys("p")
        return s

    def rerun(self, s):
        """r on the selected policy, answered yes."""
        s.keys("r")
        s.wait_text("Start a run now?")
        s.keys("y")

    # ---- the panel ----

    def test_p_in_the_list_opens_the_panel_with_the_failed_run_marked_without_colour(self):
        s = self.panel_from_list("singapore", NO_COLOR="1")
        # the panel whole: its rows, the run's status_text and the loading line gone (under memcheck the
        # screen can be read while it is still being drawn)
        text = s.wait_for(lambda t: "last run 3" in t and UNAUTHORIZED in flat(t) and "Loading" not in t,
                          "the panel drawn whole")
        self.assertIn("replication impact of registry 7: swr-ee-singapore", text)
        policy = s.line_with("sync-to-singapore")
        self.assertTrue(policy.startswith("! 1 sync-to-singapore"), f"the failed policy is marked: {policy!r}")
        self.assertIn("as destination", policy)
        self.assertIn("enabled", policy)
        self.assertIn("trigger manual", policy)
        run = s.line_with("last run 3")
        self.assertIn("✗ Failed, 0 succeeded, 12 failed of 12, at 2024-06-03T08:30:00Z", run)
        self.assertIn(UNAUTHORIZED, flat(text), "the status_text shows")
        s.keys("Escape")
        text = s.wait_text("q quit")
        self.assertIn("p policies", text, "the list's hint line names p")

    def test_a_source_registry_shows_its_succeeded_run_unmarked(self):
        s = self.panel_from_list("harbor-lab")
        s.wait_text("last run 4")
        policy = s.line_with("pull-from-lab")
        self.assertTrue(policy.startswith("  3 pull-from-lab"), policy)
        self.assertIn("as source", policy)
        self.assertIn("trigger event_based", policy)
        self.assertIn("✓ Succeed, 3 succeeded, 0 failed of 3", s.line_with("last run 4"))

    def test_f6_and_alt_p_in_the_form_open_the_panel_and_esc_returns_to_the_form(self):
        s = self.start("edit", "7")
        s.wait_text("Access secret")
        s.wait_text("F6 policies")   # the form's hint line names F6 (drawn after its fields)
        for key in ("F6", "M-p"):
            with self.subTest(key=key):
                s.keys(key)
                s.wait_text("last run 3")
                self.assertIn("replication impact of registry 7", s.text())
                s.keys("Escape")
                s.wait_text("Access secret")
                self.assertIn("registry 7: swr-ee-singapore", s.text())

    def test_a_registry_no_policy_uses_says_so(self):
        s = self.panel_from_list("swr-basic-shanghai")
        s.wait_text("No replication policy uses this registry.")

    def test_a_refused_policies_request_shows_the_error_panel_naming_the_action(self):
        self.emu.fault(method="GET", path=self.emu.api_path("replication/policies"), status=403)
        s = self.panel_from_list("singapore")
        s.wait_panel("Request failed")
        text = s.wait_text("swr:instance:listReplicationPolicies")
        self.assertIn("403", text)
        s.keys("Escape")
        text = s.wait_text("could not be listed")
        self.assertIn("HTTP 403", text)
        s.keys("F5")
        s.wait_text("last run 3")

    def test_loading_is_shown_while_the_policies_are_fetched(self):
        self.emu.fault(method="GET", path=self.emu.api_path("replication/policies"), delay=2)
        s = self.panel_from_list("singapore")
        s.wait_text("Loading the replication policies that use registry 7")
        s.wait_text("last run 3", timeout=15)

    # ---- runs ----

    def test_enter_shows_the_runs_newest_first_with_the_whole_status_text(self):
        s = self.panel_from_list("singapore")
        s.wait_text("last run 3")
        s.keys("Enter")
        s.wait_text("updated 2024-06-01T02:00:00Z")
        text = s.wait_text("runs of policy 1 sync-to-singapore")
        lines = text.split("\n")
        ids = [line.split()[0] for line in lines[2:] if line[:1].isdigit()]
        self.assertEqual(ids, ["3", "1"], "newest first")
        self.assertIn("✗ Failed", s.line_with("0/12/12"))
        self.assertIn("manual", s.line_with("0/12/12"))
        self.assertIn("2024-06-03T08:30:00Z", s.line_with("0/12/12"))
        self.assertIn("updated 2024-06-03T08:30:00Z", text)
        self.assertIn(UNAUTHORIZED + " (https://swr-ee-sg-9f8e7d.swr-pro.myhuaweicloud.com/v2/)", flat(text))
        s.keys("Escape")
        s.wait_text("replication impact of registry 7")

    def test_the_runs_view_scrolls(self):
        import copy
        doc = copy.deepcopy(self.sample)
        for eid in range(10, 40):
            doc["executions"].append({"id": eid, "policy_id": 1, "status": "Succeed", "status_text": "",
                                      "trigger": "manual", "total": 1, "succeed": 1, "failed": 0,
                                      "in_progress": 0, "stopped": 0, "created_at": "2024-07-01T00:00:%02dZ" % eid,
                                      "updated_at": "2024-07-01T00:00:%02dZ" % eid})
        self.emu.control("PUT", "/_emu/state", doc)
        s = self.panel_from_list("singapore", width=80, height=24)
        s.wait_text("last run 39")
        s.keys("Enter")
        text = s.wait_text("updated 2024-07-01T00:00:39Z")
        self.assertNotIn("updated 2024-06-01T02:00:00Z", text, "the oldest run is below the screen")
        s.keys("End")
        s.wait_text("updated 2024-06-01T02:00:00Z")
        self.assertNotIn("updated 2024-07-01T00:00:39Z", s.text())
        s.keys("Home")
        s.wait_text("updated 2024-07-01T00:00:39Z")

    def test_r_runs_again_and_follows_the_run_in_place_to_its_end(self):
        self.run_seconds(5 * SLOW)   # long enough to open the runs view while it runs, on a loaded machine
        # following is bounded by --timeout (30 s by default): well above the run, under memcheck too
        s = self.panel_from_list("singapore", args=("--timeout", str(int(30 * SLOW))))
        s.wait_text("last run 3")
        self.rerun(s)
        s.wait_text("run 5 of policy 1 started: following it")
        # keys stay live while the run is followed: Enter opens the runs view, where the row updates
        s.wait_text("InProgress")
        s.keys("Enter")
        s.wait_text("updated 2024-06-01T02:00:00Z")
        s.wait_for(lambda t: "… InProgress" in (s.line_with("5      ") or ""), "run 5 in progress in the runs view")
        text = s.wait_text("run 5 of policy 1 failed", timeout=15)
        self.assertIn("✗ Failed", s.line_with("0/5/5"))
        self.assertIn(UNAUTHORIZED, flat(text))
        self.assertEqual(len(self.posts()), 1)
        s.keys("Escape")
        text = s.wait_text("last run 5")
        self.assertIn("✗ Failed, 0 succeeded, 5 failed of 5", s.line_with("last run 5"))

    def test_following_ends_after_the_timeout_and_says_the_run_goes_on(self):
        self.run_seconds(60)
        s = self.start("--timeout", "2", "edit", "7")
        s.wait_text("Access secret")
        s.keys("F6")
        s.wait_text("last run 3")
        self.rerun(s)
        text = s.wait_text("had not ended within", timeout=20)
        self.assertIn("run 5 of policy 1 had not ended within --timeout (2 s); it goes on", flat(text))
        self.assertIn("InProgress", s.line_with("last run 5"), "no longer followed")
        self.assertEqual(self.service_run(1, 5)["status"], "InProgress", "the run goes on at the service")

    def test_a_key_typed_while_a_poll_is_under_way_is_kept_not_lost(self):
        self.run_seconds(30)
        s = self.panel_from_list("singapore")
        s.wait_text("last run 3")
        self.rerun(s)
        s.wait_text("InProgress")    # the first poll has answered
        self.emu.fault(method="GET", path=self.emu.api_path("replication/executions"), delay=3)
        s.wait_text("Following run 5 of policy 1")   # the next poll waits on the emulator
        s.keys("Enter")
        s.wait_text("updated 2024-06-01T02:00:00Z", timeout=15)   # the runs view opened after it
        self.assertIn("runs of policy 1", s.text())
        self.assertIn("Esc stop following", s.text(), "the run is still followed")
        s.keys("Escape")
        s.wait_text("stopped following run 5 of policy 1")

    def test_r_in_the_runs_view_of_a_source_follows_a_run_that_succeeds(self):
        s = self.panel_from_list("harbor-lab")
        s.wait_text("last run 4")
        s.keys("Enter")
        s.wait_text("updated 2024-06-03T09:00:00Z")   # loaded and drawn ("runs of policy 3" is also the busy line)
        self.rerun(s)
        s.wait_text("run 5 of policy 3 succeeded: 5 of 5 copied", timeout=15)
        self.assertIn("✓ Succeed", s.line_with("5/0/5"))
        self.assertEqual([json.loads(r["body"]) for r in self.posts()], [{"policy_id": 3}])

    def test_declining_the_run_question_starts_nothing(self):
        s = self.panel_from_list("singapore")
        s.wait_text("last run 3")
        s.keys("r")
        s.wait_text("Start a run now?")
        s.keys("Escape")
        s.wait_text("no run was started")
        self.assertEqual(self.posts(), [])

    def test_esc_stops_following_and_the_run_still_completes_at_the_service(self):
        self.run_seconds(6 * SLOW)
        s = self.panel_from_list("singapore")
        s.wait_text("last run 3")
        self.rerun(s)
        s.wait_text("InProgress")
        s.keys("Escape")
        text = s.wait_text("stopped following run 5 of policy 1")
        self.assertIn("the run goes on at the service", flat(text))
        self.assertIn("replication impact of registry 7", text, "Esc stopped following; the panel stays")
        deadline = time.monotonic() + 20 * SLOW
        while self.service_run(1, 5)["status"] == "InProgress":
            self.assertLess(time.monotonic(), deadline, "the run did not end at the emulator")
            time.sleep(0.1)
        self.assertEqual(self.service_run(1, 5)["status"], "Failed")
        self.assertIn("InProgress", s.line_with("last run 5"), "no longer followed: the row is as it was")
        s.keys("F5")
        s.wait_for(lambda t: "✗ Failed" in (s.line_with("last run 5") or ""), "the refreshed row")
        self.assertEqual(len(self.posts()), 1)

    # ---- after a save ----

    def type_secret(self, s, tabs, secret):
        """From the first field, tabs Tabs to the access secret, then the secret typed there."""
        s.wait_text("Access secret")
        for _ in range(tabs):
            s.keys("Tab")
        s.type(secret)
        s.wait_for(lambda t: "*" * len(secret) in (s.line_with("Access secret") or ""), "the secret typed")

    def save(self, s):
        s.keys("F2")
        s.wait_text("Send these changes?")
        s.keys("y")

    def fix_the_secret(self, secret=RIGHT_SECRET):
        """Registry 7's form with the secret typed, saved: returns the screen at the question after it."""
        s = self.start("edit", "7")
        self.type_secret(s, 8, secret)   # Name, Description, Type, Project, Region, Instance, URL, Access key
        self.save(s)
        return s

    def test_the_whole_story_failed_then_fixed_secret_then_offered_rerun_succeeds(self):
        s = self.fix_the_secret()
        text = s.wait_text("Run them again now?")
        self.assertIn("! 1 sync-to-singapore: run 3 Failed", flat(text))
        self.assertEqual(self.posts(), [], "nothing runs before the answer")
        s.keys("Enter")
        s.wait_text("replication impact of registry 7")
        text = s.wait_text("run 5 of policy 1 succeeded: 5 of 5 copied", timeout=15)
        self.assertIn("✓ Succeed, 5 succeeded, 0 failed of 5", s.line_with("last run 5"))
        self.assertFalse(s.line_with("sync-to-singapore").startswith("!"), "no longer marked failed")
        self.assertEqual([json.loads(r["body"]) for r in self.posts()], [{"policy_id": 1}])
        s.keys("Escape")
        s.wait_text("saved registry 7")

    def test_declining_the_offered_rerun_sends_no_post(self):
        s = self.fix_the_secret()
        s.wait_text("Run them again now?")
        s.keys("Escape")
        code, modes = s.wait_exit()
        self.assertEqual((code, set(modes)), (0, SANE))
        self.assertEqual(self.posts(), [])
        puts = [r for r in self.emu.requests() if r["method"] == "PUT"]
        self.assertEqual(len(puts), 1, "the save was sent")

    def test_a_refused_policies_check_leaves_the_save_successful_with_a_one_line_note(self):
        self.emu.fault(method="GET", path=self.emu.api_path("replication/policies"), status=403)
        s = self.start()
        s.wait_text("q quit")
        s.keys("/")
        s.wait_text("Filter by name:")
        s.type("singapore")
        s.keys("Enter")
        s.wait_text("1 matching")
        s.keys("Enter")
        self.type_secret(s, 8, RIGHT_SECRET)
        self.save(s)
        text = s.wait_text("saved registry 7; its replication policies could not be checked (HTTP 403")
        self.assertNotIn("Request failed", text)
        self.assertNotIn("Run the failed", text)
        self.assertIn("q quit", text, "back on the list")
        self.assertEqual(self.posts(), [])
        self.assertEqual(self.emu.state()["registries"][-1]["credential"]["access_secret"], RIGHT_SECRET)

    def test_a_save_of_a_registry_without_failed_runs_asks_nothing(self):
        s = self.start("edit", "4")
        self.type_secret(s, 5, "sample-secret-harbor-lab")   # Name, Description, Type, URL, Access key
        self.save(s)
        code, _ = s.wait_exit()
        self.assertEqual(code, 0)
        self.assertNotIn("Run the failed", s.text())
        self.assertTrue(any(r["path"].endswith("/replication/policies") for r in self.emu.requests()),
                        "the policies were checked")

    # ---- size ----

    def test_the_panel_fits_80x24_and_follows_resizes(self):
        s = self.panel_from_list("singapore", width=80, height=24)
        # the hint line whole at 80 columns (waited for: it is drawn after the rows)
        s.wait_for(lambda t: "last run 3" in t and "F1 help" in t.split("\n")[23], "the hint line at 80 columns")
        self.assertIn("12 failed of 12, at 2024-06-03T08:30:00Z", s.line_with("last run 3"))
        s.resize(30, 10)
        s.wait_text("terminal too small")
        s.resize(120, 30)
        s.wait_for(lambda t: "last run 3" in t and "F4 requests" in t, "the panel at 120x30")
        s.keys("F1")
        s.wait_panel("Help")
        self.assertIn("Replication impact of a registry", s.text())
        s.keys("Escape")
        s.resize(80, 24)
        s.wait_for(lambda t: "last run 3" in t and "F1 help" in t, "the panel at 80x24 again")


if __name__ == "__main__":
    unittest.main()
