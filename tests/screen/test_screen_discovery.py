"""Screen tests of discovery: with a token and a region alone the instance picker opens at start (the
project found from the region), the only instance is chosen without asking, and `i` in the registry
list switches instance (and region) without restarting. Every wait is bounded; nothing sleeps."""
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "integration"))
from harness import INSTANCE, PROJECT  # noqa: E402
from test_screen import SANE, ScreenTest, load_sample_state  # noqa: E402

STAGING = "3c5d7e9f-3333-4bbb-8ccc-dddddddddddd"


def setUpModule():
    if ScreenTest.sample_state is None:
        ScreenTest.sample_state = load_sample_state()


class DiscoveryScreenTest(ScreenTest):
    def start_bare(self, *args, **env):
        """A token, an endpoint and a region: no project, no instance."""
        values = dict(SWRTUI_PROJECT_ID=None, SWRTUI_INSTANCE_ID=None, SWRTUI_REGION="cn-north-4",
                      SWRTUI_IAM_ENDPOINT=self.emu.url)
        values.update(env)
        return self.start(*args, **values)

    def registry_calls(self):
        return [r["path"] for r in self.requests() if "/registries" in r["path"]]


class TestPicker(DiscoveryScreenTest):
    def test_the_picker_opens_at_start_and_enter_opens_the_chosen_instance(self):
        s = self.start_bare()
        text = s.wait_for(lambda t: "swr-ee-dr" in t and "q quit" in t, "the instance picker drawn whole")
        self.assertIn("instances in cn-north-4 (3)", text)
        for head in ("NAME", "STATUS", "SPEC", "VERSION", "ACCESS ADDRESS"):
            self.assertIn(head, s.lines()[1])
        row = s.line_with("swr-ee-staging")
        for cell in ("Running", "swr.ee.professional", "v3.1.4", "swr-ee-staging-3c5d7e9f.swr-pro"):
            self.assertIn(cell, row)
        self.assertIn("Creating", s.line_with("swr-ee-dr"))
        self.assertIn("g region", text)
        paths = [r["path"] for r in self.requests()]
        self.assertEqual(paths[:2], ["/v3/auth/projects", f"/v2/{PROJECT}/instances"])
        self.assertEqual(self.registry_calls(), [], "no registry is listed before an instance is chosen")
        # the status line names the selected instance whole: its ID and access address
        self.assertIn(f"{INSTANCE}  swr-ee-prod-8f3e2a1b.swr-pro.myhuaweicloud.com", text)
        s.keys("Down")
        s.wait_text(f"{STAGING}  swr-ee-staging-3c5d7e9f.swr-pro.myhuaweicloud.com")
        s.keys("Enter")
        text = s.wait_text("harbor-staging")
        self.assertIn("registries (2) in cn-north-4 › swr-ee-staging", text)
        self.assertNotIn("harbor-backup", text)
        self.assertTrue(self.registry_calls()[0].startswith(f"/v2/{PROJECT}/instances/{STAGING}/"))
        s.keys("q")
        self.assertSaneExit(s)

    def test_q_in_the_picker_at_start_quits(self):
        s = self.start_bare()
        s.wait_text("swr-ee-dr")
        s.keys("q")
        self.assertSaneExit(s)
        self.assertEqual(self.registry_calls(), [])

    def test_the_only_instance_is_chosen_without_asking(self):
        one = dict(self.sample_state)
        one["instances"] = [i for i in self.sample_state["instances"] if i["id"] == INSTANCE]
        self.emu.control("PUT", "/_emu/state", one)
        s = self.start_bare()
        text = s.wait_text("harbor-backup")
        self.assertIn("registries (6) in cn-north-4 › swr-ee-prod", text)
        self.assertNotIn("instances in", text)
        s.keys("q")
        self.assertSaneExit(s)


class TestSwitch(DiscoveryScreenTest):
    def test_i_in_the_list_switches_instance_without_restarting(self):
        s = self.start(width=120)  # the project and instance preset: the list opens at once
        text = s.wait_for(lambda t: "harbor-backup" in t and "i instance" in t, "the list with its key line")
        self.assertIn("registries (6) in 8f3e2a1b…", text)  # no region, no name yet: the start of the ID
        pid = s.pid()
        s.keys("i")
        s.wait_text("swr-ee-dr")
        s.keys("Down")
        s.keys("Enter")
        text = s.wait_text("harbor-staging")
        self.assertIn("registries (2) in swr-ee-staging", text)
        self.assertNotIn("harbor-backup", text)
        self.assertEqual(s.pid(), pid, "the same process")
        self.assertTrue(self.registry_calls()[-1].startswith(f"/v2/{PROJECT}/instances/{STAGING}/registries"))
        # and back: Esc in the picker keeps the instance
        s.keys("i")
        s.wait_text("swr-ee-dr")
        s.keys("Escape")
        s.wait_text("harbor-staging")
        s.keys("q")
        self.assertSaneExit(s)

    def test_g_in_the_picker_offers_the_known_regions_and_a_typed_one(self):
        s = self.start_bare()
        s.wait_text("swr-ee-dr")
        s.keys("g")
        text = s.wait_text("Other region")
        for region in ("cn-north-4", "ap-southeast-1", "eu-west-101"):
            self.assertIn(region, text)
        s.keys("End")
        s.keys("Enter")
        s.wait_text("Region:")
        self.emu.clear_requests()
        s.type("ap-southeast-1")
        s.keys("Enter")
        # the project of ap-southeast-1 is found again through IAM; the emulated SWR serves only the
        # project of cn-north-4, so listing that project's instances is refused, and said so
        s.wait_panel("Request failed")
        text = s.wait_text("Project not found: cdd567a239f4f9486418271226315e9b")
        self.assertIn("Listing the instances failed", text)
        self.assertEqual([(r["path"], r["query"]) for r in self.requests()],
                         [("/v3/auth/projects", ""),
                          ("/v2/cdd567a239f4f9486418271226315e9b/instances", "limit=100&offset=0")])
        s.keys("Escape")
        s.wait_text("instances in ap-southeast-1 (0)")
        s.keys("q")
        self.assertSaneExit(s)


if __name__ == "__main__":
    unittest.main()
