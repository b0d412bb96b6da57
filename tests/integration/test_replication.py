"""Replication impact of a registry, against the local SWR emulator: `swrtui policies ID` lists the
policies that use the registry (source or destination, said), with trigger, enabled and the last run
(status, counts, status_text, when), exit 0 even when runs failed; `swrtui replicate POLICY_ID` starts a
run, and with --wait follows it: 0 succeeded, 1 failed (with status_text), 3 not ended within --timeout.
The emulator's runs stay InProgress for run_seconds (PUT /_emu/replication) and succeed only when the
target registry's stored secret is the one the target accepts; the sample's Singapore target (registry
7, policy 1) holds a stale secret."""
import copy
import json
import os
import tempfile
import time
import unittest

from harness import Emulator, base_env, run
from test_scripts import run_pty

RIGHT_SECRET = "rotated-secret-swr-ee-singapore"   # what the sample's Singapore target accepts
UNAUTHORIZED = "unauthorized: authentication required"


class ReplicationTestCase(unittest.TestCase):
    emu = None

    @classmethod
    def setUpClass(cls):
        cls.emu = Emulator("--sample")
        cls.sample = cls.emu.state()
        cls.tmp = tempfile.TemporaryDirectory()

    @classmethod
    def tearDownClass(cls):
        cls.emu.stop()
        cls.tmp.cleanup()

    def setUp(self):
        self.emu.reset()
        self.emu.control("PUT", "/_emu/state", self.sample)
        self.emu.control("PUT", "/_emu/replication", {"run_seconds": 0, "order": "newest_first"})
        self.env = base_env(self.emu, home=self.tmp.name)

    def run_seconds(self, seconds):
        self.emu.control("PUT", "/_emu/replication", {"run_seconds": seconds})

    def posts(self):
        return [r for r in self.emu.requests()
                if r["method"] == "POST" and r["path"].endswith("/replication/executions")]


class TestPolicies(ReplicationTestCase):

    def test_a_destination_registry_lists_its_policy_with_the_failed_last_run_and_exits_0(self):
        res = run(["policies", "7"], self.env)
        self.assertEqual(res.rc, 0, res)
        self.assertIn("Registry 7 is used by 1 replication policy:", res.out, res)
        self.assertIn("1 sync-to-singapore  (registry 7 is its destination)", res.out, res)
        self.assertIn("trigger manual, enabled", res.out, res)
        self.assertIn(" ! last run 3: Failed, 0 succeeded, 12 failed of 12, started 2024-06-03T08:30:00Z",
                      res.out, res)
        self.assertIn("status_text: failed to pull manifest", res.out, res)
        self.assertIn(UNAUTHORIZED, res.out, res)
        self.assertEqual(res.err, "", res)

    def test_a_source_registry_is_said_to_be_the_source_with_a_succeeded_run(self):
        res = run(["policies", "4"], self.env)
        self.assertEqual(res.rc, 0, res)
        self.assertIn("3 pull-from-lab  (registry 4 is its source)", res.out, res)
        self.assertIn("   last run 4: Succeed, 3 succeeded, 0 failed of 3", res.out, res)
        self.assertNotIn("status_text", res.out, res)

    def test_a_scheduled_disabled_policy_shows_its_cron(self):
        res = run(["policies", "1"], self.env)
        self.assertEqual(res.rc, 0, res)
        self.assertIn("trigger scheduled (cron 0 0 2 * * *), disabled", res.out, res)

    def test_a_registry_no_policy_uses_says_so(self):
        res = run(["policies", "3"], self.env)
        self.assertEqual((res.rc, res.out), (0, "No replication policy uses registry 3.\n"), res)

    def test_a_policy_that_never_ran_says_so(self):
        doc = copy.deepcopy(self.sample)
        doc["executions"] = [e for e in doc["executions"] if e["policy_id"] != 1]
        self.emu.control("PUT", "/_emu/state", doc)
        res = run(["policies", "7"], self.env)
        self.assertEqual(res.rc, 0, res)
        self.assertIn("last run: never run", res.out, res)

    def test_json_has_the_role_the_policy_fields_and_the_last_execution(self):
        res = run(["policies", "7", "--json"], self.env)
        self.assertEqual(res.rc, 0, res)
        doc = json.loads(res.out)
        self.assertEqual((doc["registry_id"], doc["total"], len(doc["policies"])), (7, 1, 1))
        pol = doc["policies"][0]
        self.assertEqual((pol["id"], pol["name"], pol["role"], pol["enabled"]),
                         (1, "sync-to-singapore", "destination", True))
        self.assertEqual((pol["src_registry"], pol["dest_registry"]), ({"id": 0}, {"id": 7}))
        self.assertEqual(pol["trigger"], {"type": "manual"})
        last = pol["last_execution"]
        self.assertEqual((last["id"], last["status"], last["failed"], last["total"]), (3, "Failed", 12, 12))
        self.assertIn(UNAUTHORIZED, last["status_text"])

    def test_policies_that_cannot_be_listed_fail_with_the_services_error(self):
        self.emu.fault(method="GET", path=self.emu.api_path("replication/policies"), status=403)
        res = run(["policies", "7"], self.env)
        self.assertEqual(res.rc, 1, res)
        self.assertEqual(res.out, "", res)


    def test_a_page_of_more_policies_than_asked_for_is_refused_and_nothing_more_is_sent(self):
        # a server does not decide how much work follows: one more request per policy would be 5,000 here
        many = [{"id": i, "name": "p%d" % i, "enabled": True, "src_registry": {"id": 0},
                 "dest_registry": {"id": 7}} for i in range(1, 5001)]
        self.emu.fault(method="GET", path=self.emu.api_path("replication/policies"), status=200,
                       json={"policies": many, "total": 5000})
        res = run(["policies", "7"], self.env)
        self.assertEqual(res.rc, 1, res)
        self.assertIn("more than the 100 a page may hold", res.err)
        self.assertEqual(res.out, "", res)
        gets = [r for r in self.emu.requests() if r["method"] == "GET"]
        self.assertEqual(len(gets), 1, "no request for the runs of a refused page")

class TestManyPoliciesAndRuns(ReplicationTestCase):
    """More than a page: every policy is listed, and the newest run is found whatever the order of the
    list of runs (the service does not document it)."""

    def with_state(self, policies=None, runs_of_policy_1=0, first_run=1):
        state = copy.deepcopy(self.sample)
        if policies is not None:
            state["policies"] = policies
        if runs_of_policy_1:
            state["executions"] = [e for e in state["executions"] if e["policy_id"] != 1] + [
                {"id": first_run + i, "policy_id": 1, "status": "Failed", "status_text": "old run %d" % i,
                 "trigger": "manual", "total": 1, "succeed": 0, "failed": 1, "in_progress": 0,
                 "stopped": 0, "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z"}
                for i in range(runs_of_policy_1)]
            state["executions"][-1].update(status="Succeed", status_text="", succeed=1, failed=0)
        self.emu.control("PUT", "/_emu/state", state)

    def test_all_150_policies_of_a_registry_are_listed_over_two_pages(self):
        self.with_state(policies=[{"id": i, "name": "p%03d" % i, "enabled": True,
                                   "src_registry": {"id": 0}, "dest_registry": {"id": 7},
                                   "trigger": {"type": "manual"}} for i in range(1, 151)])
        res = run(["policies", "7", "--json"], self.env)
        self.assertEqual(res.rc, 0, res)
        doc = json.loads(res.out)
        self.assertEqual([p["id"] for p in doc["policies"]], list(range(1, 151)))
        pages = [r["query"] for r in self.emu.requests() if r["path"].endswith("/replication/policies")]
        self.assertEqual(len(pages), 2, pages)

    def test_the_newest_of_250_runs_is_the_last_run_when_the_list_is_oldest_first(self):
        self.with_state(runs_of_policy_1=250, first_run=1000)
        self.emu.control("PUT", "/_emu/replication", {"order": "oldest_first"})
        res = run(["policies", "7", "--json"], self.env)
        self.assertEqual(res.rc, 0, res)
        pol = next(p for p in json.loads(res.out)["policies"] if p["id"] == 1)
        self.assertEqual((pol["last_execution"]["id"], pol["last_execution"]["status"]), (1249, "Succeed"))

    def test_the_newest_of_250_runs_listed_newest_first_is_found_with_two_requests(self):
        self.with_state(runs_of_policy_1=250, first_run=1000)
        res = run(["policies", "7", "--json"], self.env)
        pol = next(p for p in json.loads(res.out)["policies"] if p["id"] == 1)
        self.assertEqual(pol["last_execution"]["id"], 1249)
        runs = [r for r in self.emu.requests() if r["path"].endswith("/replication/executions")
                and "policy_id=1" in r["query"]]
        self.assertEqual(len(runs), 2, "the first page, then the last page (which may hold the newest)")

    def test_wait_follows_a_new_run_of_a_policy_with_250_runs_listed_oldest_first(self):
        self.with_state(runs_of_policy_1=250, first_run=1000)
        self.emu.control("PUT", "/_emu/replication", {"order": "oldest_first"})
        res = run(["replicate", "1", "--wait"], self.env)
        self.assertEqual(res.rc, 1, res)
        self.assertIn("run 1250 of policy 1 failed", res.out, res)

    def test_a_total_that_changes_between_pages_is_refused(self):
        first = {"policies": [{"id": i, "name": "p%d" % i, "src_registry": {"id": 0},
                               "dest_registry": {"id": 7}} for i in range(1, 101)], "total": 150}
        self.emu.fault(method="GET", path=self.emu.api_path("replication/policies"), status=200,
                       json=first, times=1)
        res = run(["policies", "7"], self.env)
        self.assertEqual(res.rc, 1, res)
        self.assertIn("the total changed from 150 to 1", res.err, res)
        self.assertEqual(res.out, "", res)

    def test_more_than_1000_policies_are_refused_at_the_first_page(self):
        first = {"policies": [{"id": i, "name": "p%d" % i, "src_registry": {"id": 0},
                               "dest_registry": {"id": 7}} for i in range(1, 101)], "total": 5000}
        self.emu.fault(method="GET", path=self.emu.api_path("replication/policies"), status=200,
                       json=first, times=100)
        res = run(["policies", "7"], self.env)
        self.assertEqual(res.rc, 1, res)
        self.assertIn("it says 5000 policies use the registry; at most 1000 are read", res.err, res)
        self.assertEqual(len([r for r in self.emu.requests() if r["method"] == "GET"]), 1)


class TestReplicate(ReplicationTestCase):

    def test_without_wait_it_starts_the_run_and_says_its_id(self):
        self.run_seconds(3600)
        res = run(["replicate", "2"], self.env)
        self.assertEqual((res.rc, res.out), (0, "run 5 of policy 2 started\n"), res)
        self.assertEqual([json.loads(r["body"]) for r in self.posts()], [{"policy_id": 2}])

    def test_dry_run_prints_the_post_and_starts_nothing(self):
        res = run(["replicate", "2", "--dry-run"], self.env)
        self.assertEqual(res.rc, 0, res)
        self.assertIn("POST " + self.emu.url + self.emu.api_path("replication/executions"), res.out, res)
        self.assertIn('{"policy_id":2}', res.out, res)
        self.assertIn("nothing was sent", res.err, res)
        self.assertEqual(self.posts(), [])

    def test_wait_exits_0_when_the_run_succeeds(self):
        self.run_seconds(1.5)
        res = run(["replicate", "2", "--wait"], self.env)
        self.assertEqual(res.rc, 0, res)
        self.assertIn("run 5 of policy 2 succeeded: 5 of 5 copied", res.out, res)

    def test_wait_exits_1_with_the_status_text_when_the_run_fails(self):
        res = run(["replicate", "1", "--wait"], self.env)
        self.assertEqual(res.rc, 1, res)
        self.assertIn("run 5 of policy 1 failed: 0 succeeded, 5 failed of 5", res.out, res)
        self.assertIn("status_text: failed to pull manifest", res.out, res)
        self.assertIn(UNAUTHORIZED, res.out, res)

    def test_wait_exits_3_when_the_run_has_not_ended_within_the_timeout(self):
        self.run_seconds(3600)
        started = time.monotonic()
        res = run(["replicate", "2", "--wait", "--timeout", "2"], self.env)
        self.assertEqual(res.rc, 3, res)
        self.assertIn("run 5 of policy 2 had not ended after --timeout", res.err, res)
        self.assertLess(time.monotonic() - started, 30, "bounded by --timeout")

    def test_an_unknown_policy_is_refused_with_exit_1(self):
        res = run(["replicate", "99", "--wait"], self.env)
        self.assertEqual(res.rc, 1, res)
        self.assertIn("Replication policy not found: 99", res.err, res)

    def test_a_run_that_cannot_be_followed_exits_3(self):
        self.run_seconds(3600)
        self.emu.fault(method="GET", path=self.emu.api_path("replication/executions"), status=503,
                       times=100)
        res = run(["replicate", "2", "--wait", "--attempts", "1"], self.env)
        self.assertEqual(res.rc, 3, res)
        self.assertIn("could not be followed", res.err, res)

    def test_wait_on_a_terminal_shows_a_progress_line(self):
        self.run_seconds(1.5)
        res = run_pty(["replicate", "2", "--wait"], self.env)
        self.assertEqual(res.rc, 0, res)
        self.assertIn("run 5: InProgress, 0 succeeded, 0 failed, 5 in progress of 5", res.text, res)
        self.assertIn("run 5 of policy 2 succeeded", res.text, res)


class TestBrokenReplicationStory(ReplicationTestCase):
    """failed -> fix the secret with apply -> replicate --wait -> succeeded; policies shows it."""

    def test_fixing_the_stored_secret_makes_the_next_run_succeed(self):
        res = run(["replicate", "1", "--wait"], self.env)
        self.assertEqual(res.rc, 1, res)
        reg = next(r for r in self.emu.state()["registries"] if r["id"] == 7)
        reg["credential"]["access_secret"] = RIGHT_SECRET
        path = os.path.join(self.tmp.name, "sg.json")
        with open(path, "w", encoding="utf-8") as fh:
            json.dump(reg, fh)
        os.chmod(path, 0o600)
        res = run(["apply", "7", path], self.env)
        self.assertEqual(res.rc, 0, res)
        self.assertNotIn(RIGHT_SECRET, res.out + res.err)
        res = run(["replicate", "1", "--wait"], self.env)
        self.assertEqual(res.rc, 0, res)
        self.assertIn("run 6 of policy 1 succeeded", res.out, res)
        res = run(["policies", "7"], self.env)
        self.assertEqual(res.rc, 0, res)
        self.assertIn("   last run 6: Succeed, 5 succeeded, 0 failed of 5", res.out, res)


if __name__ == "__main__":
    unittest.main()
