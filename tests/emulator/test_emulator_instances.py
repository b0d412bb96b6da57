#!/usr/bin/env python3
"""Tests of the emulator's instances (GET /v2/{project_id}/instances: paging with the offset rule, the
status filter, each instance answering with its own registries, the default instance unchanged) and of
its IAM projects (GET /v3/auth/projects with a token, GET /v3/projects?name= with AK/SK or a token, a
password token scoped to a region carrying that region's project, the lifetime of issued tokens).

Run with:  python3 -m unittest discover -s tests/emulator -t tests/emulator
"""

import http.client
import json
import os
import sys
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import swr_emulator  # noqa: E402
from swr_emulator import Emulator  # noqa: E402
from test_emulator_identity import login_body, stub_verifier  # noqa: E402

PID = swr_emulator.DEFAULT_PROJECT_ID
IID = swr_emulator.DEFAULT_INSTANCE_ID
STAGING = swr_emulator.SAMPLE_STAGING_ID
TOKEN = {"X-Auth-Token": "emulator-token"}
SIGNED = {"Authorization": "SDK-HMAC-SHA256 Access=good-ak, SignedHeaders=host;x-sdk-date, Signature=00"}


class InstancesCase(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.emu = Emulator(sample=True, iam_users=["alice:acme:pw"]).start()
        cls.emu.api.aksk_verifier = stub_verifier
        cls.sample = cls.emu.get_state()

    @classmethod
    def tearDownClass(cls):
        cls.emu.stop()

    def setUp(self):
        self.emu.set_state(self.sample)
        self.emu.reset()

    def call(self, method, path, headers=None, body=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.emu.port, timeout=10)
        self.addCleanup(conn.close)
        payload = None if body is None else json.dumps(body).encode()
        conn.request(method, path, body=payload, headers=dict(headers or {}))
        resp = conn.getresponse()
        raw = resp.read()
        return resp.status, resp.headers, (json.loads(raw) if raw else None)


class TestInstances(InstancesCase):
    def test_the_sample_lists_three_instances_with_every_documented_field(self):
        status, _, doc = self.call("GET", "/v2/%s/instances" % PID, TOKEN)
        self.assertEqual(status, 200)
        self.assertEqual(doc["total"], 3)
        self.assertEqual([i["name"] for i in doc["instances"]], ["swr-ee-prod", "swr-ee-staging", "swr-ee-dr"])
        self.assertEqual(doc["instances"][0]["id"], IID, "the default instance stays the default")
        for key in ("id", "name", "status", "spec", "version", "access_address", "description", "vpc_id",
                    "vpc_name", "vpc_cidr", "subnet_id", "subnet_name", "subnet_cidr", "enterprise_project_id",
                    "charge_mode", "obs_bucket_name", "user_def_obs", "created_at", "updated_at", "expires_at"):
            self.assertIn(key, doc["instances"][2])

    def test_paging_follows_the_offset_rule_and_the_status_filter(self):
        status, _, doc = self.call("GET", "/v2/%s/instances?limit=2&offset=2" % PID, TOKEN)
        self.assertEqual((status, [i["name"] for i in doc["instances"]], doc["total"]), (200, ["swr-ee-dr"], 3))
        status, _, doc = self.call("GET", "/v2/%s/instances?limit=2&offset=1" % PID, TOKEN)
        self.assertEqual((status, doc["error_code"]), (400, swr_emulator.E_INVALID))
        status, _, doc = self.call("GET", "/v2/%s/instances?status=Creating" % PID, TOKEN)
        self.assertEqual(([i["name"] for i in doc["instances"]], doc["total"]), (["swr-ee-dr"], 1))

    def test_the_list_needs_a_credential_and_the_project(self):
        status, _, doc = self.call("GET", "/v2/%s/instances" % PID)
        self.assertEqual((status, doc["error_code"]), (401, swr_emulator.E_NO_AUTH))
        status, _, doc = self.call("GET", "/v2/%s/instances" % ("f" * 32), TOKEN)
        self.assertEqual((status, doc["error_code"]), (404, swr_emulator.E_NOT_FOUND))

    def test_each_instance_answers_with_its_own_registries(self):
        _, _, prod = self.call("GET", "/v2/%s/instances/%s/registries?limit=100" % (PID, IID), TOKEN)
        _, _, staging = self.call("GET", "/v2/%s/instances/%s/registries?limit=100" % (PID, STAGING), TOKEN)
        self.assertEqual(prod["total"], 6)
        self.assertEqual(sorted(r["name"] for r in staging["registries"]), ["dockerhub-mirror", "harbor-staging"])
        status, _, _ = self.call("DELETE", "/v2/%s/instances/%s/registries/1" % (PID, STAGING), TOKEN)
        self.assertEqual(status, 204)
        _, _, prod_again = self.call("GET", "/v2/%s/instances/%s/registries/1" % (PID, IID), TOKEN)
        self.assertEqual(prod_again["name"], "harbor-backup", "another instance's registry 1 is untouched")
        status, _, doc = self.call("GET", "/v2/%s/instances/%s/registries" % (PID, "nope"), TOKEN)
        self.assertEqual((status, doc["error_code"]), (404, swr_emulator.E_NOT_FOUND))

    def test_the_state_document_keeps_the_instances_and_their_registries(self):
        doc = self.emu.get_state()
        staging = next(i for i in doc["instances"] if i["id"] == STAGING)
        self.assertEqual(len(staging["registries"]), 2)
        self.assertEqual(staging["registries"][0]["credential"]["access_secret"], "sample-secret-harbor-staging")
        plain = Emulator(generate=1).get_state()
        self.assertNotIn("instances", plain, "a document without instances stays as it was")


class TestProjects(InstancesCase):
    def test_auth_projects_needs_a_token_and_lists_the_regions_project(self):
        status, _, doc = self.call("GET", "/v3/auth/projects")
        self.assertEqual(status, 401)
        status, _, doc = self.call("GET", "/v3/auth/projects", TOKEN)
        self.assertEqual(status, 200)
        names = {p["name"]: p["id"] for p in doc["projects"]}
        self.assertEqual(names["cn-north-4"], PID)
        self.assertIn("cn-north-4_dev", names)
        self.assertIn("ap-southeast-1", names)

    def test_projects_by_name_with_access_keys(self):
        status, _, doc = self.call("GET", "/v3/projects?name=cn-north-4", SIGNED)
        self.assertEqual((status, [p["id"] for p in doc["projects"]]), (200, [PID]))
        status, _, doc = self.call("GET", "/v3/projects?name=cn-east-3", SIGNED)
        self.assertEqual((status, doc["projects"]), (200, []))
        bad = {"Authorization": SIGNED["Authorization"].replace("good-ak", "bad-ak")}
        status, _, doc = self.call("GET", "/v3/projects?name=cn-north-4", bad)
        self.assertEqual((status, doc["error_code"]), (401, swr_emulator.E_GW_IAM))

    def test_a_password_token_carries_its_regions_project_and_lives_as_long_as_set(self):
        self.emu.set_token_lifetime(3600)
        status, headers, doc = self.call("POST", "/v3/auth/tokens", {"Content-Type": "application/json"},
                                         login_body(name="alice", account="acme", password="pw",
                                                    region="ap-southeast-1"))
        self.assertEqual(status, 201)
        ap = next(p["id"] for p in self.emu.api.state.project_list() if p["name"] == "ap-southeast-1")
        self.assertEqual(doc["token"]["project"]["id"], ap)
        expires = swr_emulator.parse_ts(doc["token"]["expires_at"].split(".")[0] + "Z")
        self.assertAlmostEqual(expires - time.time(), 3600, delta=120)
        self.emu.set_token_lifetime(swr_emulator.TOKEN_LIFETIME)


if __name__ == "__main__":
    unittest.main()
