#!/usr/bin/env python3
"""Tests of the local SWR emulator (tests/emulator/swr_emulator.py).

Run with either of:
    python3 -m unittest discover -s tests/emulator -t tests/emulator
    python3 tests/emulator/test_emulator.py

Most tests use an in-process Emulator on a free port and talk to it with
http.client; the CLI tests start it as a subprocess.  No fixed sleeps wait for
readiness: the in-process server is bound before start() returns, and the CLI
is ready once it has printed its LISTENING line.
"""

import base64
import http.client
import json
import os
import re
import select
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import tracemalloc
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import swr_emulator  # noqa: E402
from swr_emulator import Emulator  # noqa: E402

SCRIPT = os.path.join(HERE, "swr_emulator.py")
TOKEN = "emulator-token"
PID = swr_emulator.DEFAULT_PROJECT_ID
IID = swr_emulator.DEFAULT_INSTANCE_ID
BASE = "/v2/%s/instances/%s" % (PID, IID)
HEX32 = re.compile(r"^[0-9a-f]{32}$")
SAMPLE_SECRETS = [r["credential"]["access_secret"]
                  for r in swr_emulator.sample_document()["registries"]]


def valid_body(**overrides):
    """A valid create/modify body (swr-pro), with members replaced or removed (None)."""
    body = {"name": "new-target", "description": "a new target", "type": "swr-pro",
            "url": "https://harbor.new.example.com",
            "credential": {"type": "basic", "access_key": "admin",
                           "access_secret": "fresh-secret-123"},
            "dns_conf": {"hosts": {"harbor.new.example.com": "203.0.113.5"}},
            "insecure": False}
    for key, value in overrides.items():
        if value is None:
            body.pop(key, None)
        else:
            body[key] = value
    return body


def internal_body(**overrides):
    body = valid_body(type="swr-pro-internal", url="https://ee.swr-pro.myhuaweicloud.com",
                      project_id="aa" * 16, region_id="cn-north-4",
                      instance_id="11111111-2222-4333-8444-555555555555", insecure=True,
                      dns_conf=None)
    body.update({k: v for k, v in overrides.items() if v is not None})
    for k in [k for k, v in overrides.items() if v is None]:
        body.pop(k, None)
    return body


class Reply:
    """A response read whole: status, headers, raw body and parsed JSON (or None)."""

    def __init__(self, resp):
        self.status = resp.status
        self.headers = resp.headers
        self.raw = resp.read()
        try:
            self.json = json.loads(self.raw) if self.raw else None
        except ValueError:
            self.json = None


class EmulatorCase(unittest.TestCase):
    """One emulator per test class; state, requests, faults reset before each test."""

    options = {"sample": True}

    @classmethod
    def setUpClass(cls):
        cls.emu = Emulator(**cls.options).start()
        cls.initial_state = cls.emu.get_state()

    @classmethod
    def tearDownClass(cls):
        cls.emu.stop()

    def setUp(self):
        self.emu.set_state(self.initial_state)
        self.emu.reset()

    def connect(self, timeout=10):
        conn = http.client.HTTPConnection("127.0.0.1", self.emu.port, timeout=timeout)
        self.addCleanup(conn.close)
        return conn

    def call(self, method, path, body=None, token=TOKEN, headers=None, conn=None, raw=None):
        """One request; `body` is JSON-encoded unless `raw` bytes are given."""
        conn = conn or self.connect()
        hdrs = dict(headers or {})
        if token is not None:
            hdrs["X-Auth-Token"] = token
        payload = raw
        if body is not None:
            payload = json.dumps(body).encode()
        if payload is not None:
            hdrs.setdefault("Content-Type", "application/json")
        conn.request(method, path, body=payload, headers=hdrs)
        return Reply(conn.getresponse())

    def assertError(self, reply, status, code, msg=None):
        self.assertEqual(reply.status, status, reply.raw)
        self.assertEqual(reply.json["error_code"], code, reply.raw)
        if msg is not None:
            self.assertEqual(reply.json["error_msg"], msg)


# --------------------------------------------------------------------------

class ListTests(EmulatorCase):

    def ids(self, reply):
        return [r["id"] for r in reply.json["registries"]]

    def test_default_page_is_created_at_desc_with_total(self):
        r = self.call("GET", BASE + "/registries")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.headers["Content-Type"], "application/json")
        self.assertEqual(r.json["total"], 6)
        self.assertEqual(self.ids(r), [7, 5, 4, 3, 2, 1])

    def test_paging_covers_everything_and_total_is_all_matches(self):
        seen = []
        for offset in (0, 2, 4, 6):
            r = self.call("GET", BASE + "/registries?limit=2&offset=%d" % offset)
            self.assertEqual(r.status, 200)
            self.assertEqual(r.json["total"], 6)
            seen += self.ids(r)
        self.assertEqual(seen, [7, 5, 4, 3, 2, 1])

    def test_default_limit_is_10(self):
        self.emu.api.state.generate(15)
        r = self.call("GET", BASE + "/registries")
        self.assertEqual(len(r.json["registries"]), 10)
        self.assertEqual(r.json["total"], 21)

    def test_offset_not_multiple_of_limit_is_400(self):
        r = self.call("GET", BASE + "/registries?limit=4&offset=2")
        self.assertError(r, 400, "SVCSTG.SWR.4000014")
        self.assertIn("offset", r.json["error_msg"])
        r = self.call("GET", BASE + "/registries?offset=5")     # default limit 10
        self.assertError(r, 400, "SVCSTG.SWR.4000014")

    def test_limit_range_and_syntax(self):
        for bad in ("0", "101", "abc", "-1", ""):
            r = self.call("GET", BASE + "/registries?limit=" + bad)
            self.assertError(r, 400, "SVCSTG.SWR.4000014")
        self.assertEqual(self.call("GET", BASE + "/registries?limit=100").status, 200)
        self.assertEqual(self.call("GET", BASE + "/registries?limit=1").status, 200)

    def test_name_filter_is_case_insensitive_substring(self):
        r = self.call("GET", BASE + "/registries?name=HARBOR")
        self.assertEqual(sorted(self.ids(r)), [1, 4])
        self.assertEqual(r.json["total"], 2)
        r = self.call("GET", BASE + "/registries?name=%E5%B9%BF%E5%B7%9E")   # 广州
        self.assertEqual(self.ids(r), [5])

    def test_type_filter_is_exact(self):
        r = self.call("GET", BASE + "/registries?type=swr-pro-internal")
        self.assertEqual(sorted(self.ids(r)), [2, 7])
        r = self.call("GET", BASE + "/registries?type=huawei-swr")
        self.assertEqual(r.json["total"], 0)
        r = self.call("GET", BASE + "/registries?type=swr-pro")
        self.assertEqual(sorted(self.ids(r)), [1, 4])

    def test_ordering(self):
        r = self.call("GET", BASE + "/registries?order_column=name&order_type=asc")
        names = [x["name"] for x in r.json["registries"]]
        self.assertEqual(names, sorted(names))
        r = self.call("GET", BASE + "/registries?order_column=updated_at&order_type=desc")
        self.assertEqual(self.ids(r)[:2], [4, 2])
        r = self.call("GET", BASE + "/registries?order_column=created_at")   # desc by default
        self.assertEqual(self.ids(r), [7, 5, 4, 3, 2, 1])

    def test_order_type_without_column_and_bad_values_are_400(self):
        for q in ("order_type=asc", "order_column=id", "order_column=name&order_type=up"):
            r = self.call("GET", BASE + "/registries?" + q)
            self.assertError(r, 400, "SVCSTG.SWR.4000014")

    def test_registry_fields(self):
        r = self.call("GET", BASE + "/registries?limit=100")
        by_id = {x["id"]: x for x in r.json["registries"]}
        internal, harbor, basic = by_id[2], by_id[1], by_id[3]
        self.assertEqual(internal["project_id"], "f1e2d3c4b5a697887766554433221100")
        self.assertEqual(internal["region_id"], "cn-north-4")
        self.assertTrue(internal["instance_id"])
        self.assertNotIn("project_id", harbor)
        self.assertEqual((harbor["region_id"], harbor["instance_id"]), ("", ""))
        self.assertEqual(harbor["dns_conf"], {"hosts": {"harbor.example.com": "192.0.2.10"}})
        self.assertNotIn("dns_conf", basic)
        self.assertIs(harbor["insecure"], False)
        self.assertEqual(by_id[4]["status"], "unhealthy")
        self.assertRegex(harbor["created_at"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


class ShowModifyCreateDeleteTests(EmulatorCase):

    def test_show(self):
        r = self.call("GET", BASE + "/registries/7")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.json["name"], "swr-ee-singapore")
        self.assertEqual(r.json["credential"]["access_secret"], "*****")

    def test_unknown_or_non_integer_id_is_404(self):
        for rid in ("6", "999", "abc", "-1", "1.5"):
            for method in ("GET", "PUT", "DELETE"):
                body = valid_body() if method == "PUT" else None
                r = self.call(method, BASE + "/registries/" + rid, body=body)
                self.assertError(r, 404, "SVCSTG.SWR.4040083")

    def test_put_is_full_replacement_with_empty_200(self):
        before = self.call("GET", BASE + "/registries/1").json
        body = valid_body(name="harbor-renamed", description="", dns_conf=None, insecure=True)
        r = self.call("PUT", BASE + "/registries/1", body=body)
        self.assertEqual(r.status, 200)
        self.assertEqual(r.headers["Content-Length"], "0")
        self.assertEqual(r.raw, b"")
        after = self.call("GET", BASE + "/registries/1").json
        self.assertEqual(after["name"], "harbor-renamed")
        self.assertEqual(after["url"], body["url"])
        self.assertIs(after["insecure"], True)
        self.assertNotIn("dns_conf", after)                 # not sent: gone
        self.assertEqual(after["created_at"], before["created_at"])
        self.assertGreater(after["updated_at"], before["updated_at"])
        stored = [x for x in self.emu.get_state()["registries"] if x["id"] == 1][0]
        self.assertEqual(stored["credential"]["access_secret"], "fresh-secret-123")

    def test_put_twice_in_a_second_still_bumps_updated_at(self):
        self.call("PUT", BASE + "/registries/3", body=valid_body())
        first = self.call("GET", BASE + "/registries/3").json["updated_at"]
        self.call("PUT", BASE + "/registries/3", body=valid_body())
        second = self.call("GET", BASE + "/registries/3").json["updated_at"]
        self.assertGreater(second, first)

    def test_put_internal_keeps_target_ids(self):
        body = internal_body(insecure=False)    # accepted by default
        self.assertEqual(self.call("PUT", BASE + "/registries/2", body=body).status, 200)
        got = self.call("GET", BASE + "/registries/2").json
        self.assertEqual((got["project_id"], got["region_id"], got["instance_id"]),
                         (body["project_id"], body["region_id"], body["instance_id"]))

    def test_create_returns_201_and_new_id(self):
        r = self.call("POST", BASE + "/registries", body=valid_body())
        self.assertEqual(r.status, 201)
        new_id = r.json["id"]
        self.assertIsInstance(new_id, int)
        self.assertEqual(new_id, 8)                 # after the highest id, 7
        got = self.call("GET", BASE + "/registries/%d" % new_id)
        self.assertEqual(got.json["name"], "new-target")
        self.assertEqual(got.json["status"], "healthy")
        self.assertEqual(self.call("GET", BASE + "/registries").json["total"], 7)

    def test_delete_then_404_and_ids_not_reused(self):
        r = self.call("DELETE", BASE + "/registries/7")
        self.assertEqual(r.status, 204)
        self.assertEqual(r.raw, b"")
        self.assertError(self.call("GET", BASE + "/registries/7"), 404, "SVCSTG.SWR.4040083")
        self.assertEqual(self.call("POST", BASE + "/registries", body=valid_body()).json["id"], 8)

    def test_secret_never_returned(self):
        self.call("PUT", BASE + "/registries/4", body=valid_body(
            credential={"type": "basic", "access_key": "k", "access_secret": "brand-new-secret"}))
        secrets = SAMPLE_SECRETS + ["brand-new-secret"]
        replies = [self.call("GET", BASE + "/registries?limit=100"),
                   self.call("GET", BASE + "/replication/policies")]
        replies += [self.call("GET", BASE + "/registries/%d" % i) for i in (1, 2, 3, 4, 5, 7)]
        for reply in replies:
            self.assertEqual(reply.status, 200)
            for secret in secrets:
                self.assertNotIn(secret.encode(), reply.raw)


class SecretStyleAndCreateStatusTests(unittest.TestCase):

    def secret_of(self, **options):
        with Emulator(sample=True, **options) as emu:
            conn = http.client.HTTPConnection("127.0.0.1", emu.port, timeout=10)
            conn.request("GET", BASE + "/registries/1", headers={"X-Auth-Token": TOKEN})
            cred = json.loads(conn.getresponse().read())["credential"]
            conn.close()
        return cred

    def test_masked_by_default(self):
        self.assertEqual(self.secret_of()["access_secret"], "*****")

    def test_empty(self):
        self.assertEqual(self.secret_of(secret_style="empty")["access_secret"], "")

    def test_absent(self):
        cred = self.secret_of(secret_style="absent")
        self.assertNotIn("access_secret", cred)
        self.assertEqual(cred["access_key"], "robot$backup")

    def test_create_status_200(self):
        with Emulator(sample=True, create_status=200) as emu:
            conn = http.client.HTTPConnection("127.0.0.1", emu.port, timeout=10)
            conn.request("POST", BASE + "/registries", body=json.dumps(valid_body()),
                         headers={"X-Auth-Token": TOKEN})
            resp = conn.getresponse()
            self.assertEqual(resp.status, 200)
            self.assertEqual(json.loads(resp.read()), {"id": 8})
            conn.close()


class AuthAndRoutingTests(EmulatorCase):

    options = {"sample": True, "tokens": [TOKEN, "second-token"],
               "forbidden_tokens": ["readonly-token"]}

    def test_missing_token(self):
        r = self.call("GET", BASE + "/registries", token=None)
        self.assertError(r, 401, "SVCSTG.S2I.4019000", "No token or AK/SK found in the request")

    def test_wrong_token(self):
        r = self.call("GET", BASE + "/registries", token="expired")
        self.assertError(r, 401, "SVCSTG.SWR.4010000", "Authentication failed")

    def test_every_accepted_token_works(self):
        self.assertEqual(self.call("GET", BASE + "/registries", token="second-token").status, 200)

    def test_forbidden_has_both_formats(self):
        r = self.call("PUT", BASE + "/registries/1", body=valid_body(), token="readonly-token")
        self.assertError(r, 403, "SVCSTG.SWR.4030170", "Insufficient permissions")
        enc = r.json["encoded_authorization_message"]
        self.assertGreaterEqual(len(enc), 300)
        self.assertRegex(enc, r"^[A-Za-z0-9+/=]+$")
        self.assertEqual(r.json["errors"], [{"errorCode": "SVCSTG.SWR.4030170",
                                             "errorMessage": "Insufficient permissions",
                                             "detail": "", "encoded_authorization_message": enc}])
        # nothing was changed
        self.assertEqual(self.call("GET", BASE + "/registries/1").json["name"], "harbor-backup")

    def test_aksk_refused_by_default_in_gateway_format(self):
        r = self.call("GET", BASE + "/registries", token=None, headers={
            "Authorization": "SDK-HMAC-SHA256 Access=AK, SignedHeaders=host;x-sdk-date, "
                             "Signature=00", "X-Sdk-Date": "20240115T080000Z"})
        self.assertError(r, 401, "APIGW.0301",
                         "Incorrect IAM authentication information: verify aksk signature fail")
        self.assertEqual(r.json["request_id"], r.headers["X-Request-Id"])

    def test_aksk_verifier_is_pluggable(self):
        seen = []

        def accept(req):
            seen.append((req.method, req.path, req.header("x-sdk-date")))
            return None

        self.emu.api.aksk_verifier = accept
        try:
            r = self.call("GET", BASE + "/registries", token=None, headers={
                "Authorization": "SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature=00",
                "X-Sdk-Date": "20240115T080000Z"})
        finally:
            self.emu.api.aksk_verifier = swr_emulator.reject_aksk
        self.assertEqual(r.status, 200)
        self.assertEqual(seen, [("GET", BASE + "/registries", "20240115T080000Z")])

    def test_unknown_path_and_method_are_gateway_404(self):
        for method, path in (("GET", "/v2/x"), ("GET", BASE + "/repositories"),
                             ("PATCH", BASE + "/registries/1"), ("PUT", BASE + "/registries"),
                             ("GET", BASE + "/registries/"), ("GET", "/")):
            r = self.call(method, path, token=None)
            self.assertError(r, 404, "APIGW.0101",
                             "The API does not exist or has not been published in the environment")
            self.assertEqual(r.json["request_id"], r.headers["X-Request-Id"])

    def test_unknown_project_or_instance_is_404(self):
        r = self.call("GET", "/v2/%s/instances/%s/registries" % ("f" * 32, IID))
        self.assertError(r, 404, "SVCSTG.SWR.4040083")
        r = self.call("GET", "/v2/%s/instances/%s/registries/1" % (PID, "no-such-instance"))
        self.assertError(r, 404, "SVCSTG.SWR.4040083")

    def test_every_response_has_a_request_id(self):
        replies = [self.call("GET", BASE + "/registries"),
                   self.call("GET", BASE + "/registries", token=None),
                   self.call("GET", "/nope"),
                   self.call("PUT", BASE + "/registries/1", body=valid_body()),
                   self.call("DELETE", BASE + "/registries/1"),
                   self.call("GET", "/_emu/stats")]
        ids = [r.headers["X-Request-Id"] for r in replies]
        for rid in ids:
            self.assertRegex(rid, HEX32)
        self.assertEqual(len(set(ids)), len(ids))


class ValidationTests(EmulatorCase):

    def put(self, body=None, raw=None):
        return self.call("PUT", BASE + "/registries/1", body=body, raw=raw)

    def test_not_json_or_not_object(self):
        for raw in (b"", b"not json", b"[1,2]", b'"text"', b"\xff\xfe"):
            self.assertError(self.put(raw=raw), 400, "SVCSTG.SWR.4000014", "Invalid request body")

    def test_seed_example_with_trailing_comma_is_rejected(self):
        raw = (b'{"description":"","insecure":true,"name":"test112","type":"swr-pro-internal",'
               b'"url":"https://x.example.com","credential":{"type":"basic","access_key":"a",'
               b'"access_secret":"b"},}')
        self.assertError(self.put(raw=raw), 400, "SVCSTG.SWR.4000014", "Invalid request body")

    def test_missing_mandatory_fields(self):
        for field in ("name", "type", "url", "credential", "insecure"):
            self.assertError(self.put(valid_body(**{field: None})), 400, "SVCSTG.SWR.4001014",
                             "Missing mandatory parameter: " + field)
        for field in ("type", "access_key", "access_secret"):
            cred = {"type": "basic", "access_key": "a", "access_secret": "b"}
            del cred[field]
            self.assertError(self.put(valid_body(credential=cred)), 400, "SVCSTG.SWR.4001014",
                             "Missing mandatory parameter: credential." + field)
        for field in ("project_id", "region_id", "instance_id"):
            self.assertError(self.put(internal_body(**{field: None})), 400, "SVCSTG.SWR.4001014",
                             "Missing mandatory parameter: " + field)

    def test_null_counts_as_missing(self):
        body = valid_body()
        body["insecure"] = None
        self.assertError(self.put(body), 400, "SVCSTG.SWR.4001014",
                         "Missing mandatory parameter: insecure")

    def test_invalid_values(self):
        cases = [
            ("name", valid_body(name="")), ("name", valid_body(name="a" * 65)),
            ("name", valid_body(name="has space")), ("name", valid_body(name="dot.name")),
            ("name", valid_body(name=12)),
            ("insecure", valid_body(insecure="true")), ("insecure", valid_body(insecure=0)),
            ("credential.type", valid_body(credential={"type": "token", "access_key": "a",
                                                       "access_secret": "b"})),
            ("credential.access_secret", valid_body(credential={"type": "basic", "access_key": "a",
                                                                "access_secret": 5})),
            ("credential", valid_body(credential="basic")),
            ("url", valid_body(url="ftp://host")), ("url", valid_body(url="https://")),
            ("url", valid_body(url="harbor.example.com")), ("url", valid_body(url="https://h:99999")),
            ("dns_conf.hosts", valid_body(dns_conf={"hosts": {"h.example.com": "999.1.1.1"}})),
            ("dns_conf.hosts", valid_body(dns_conf={"hosts": {"h.example.com": 1}})),
            ("dns_conf.hosts", valid_body(dns_conf={"hosts": ["1.2.3.4"]})),
            ("dns_conf", valid_body(dns_conf="1.2.3.4")),
            ("description", valid_body(description=1)),
        ]
        for field, body in cases:
            r = self.put(body)
            self.assertError(r, 400, "SVCSTG.SWR.4000014")
            self.assertTrue(r.json["error_msg"].startswith("Invalid parameter: %s " % field),
                            (field, r.json["error_msg"]))

    def test_unknown_type(self):
        self.assertError(self.put(valid_body(type="docker-hub")), 400, "SVCSTG.SWR.4001037",
                         "Registry type not supported: docker-hub")

    def test_accepted_edge_values(self):
        ok = [valid_body(name="a"), valid_body(name="a" * 64), valid_body(name="镜像_仓库-1"),
              valid_body(name="\u3400x"), valid_body(dns_conf=None), valid_body(description=None),
              valid_body(dns_conf={"hosts": {"h.example.com": "2001:db8::1"}}),
              valid_body(dns_conf={}), valid_body(url="http://10.0.0.1:5000/path"),
              internal_body(insecure=False), valid_body(unknown_member=1)]
        for body in ok:
            self.assertEqual(self.put(body).status, 200, body)

    def test_post_uses_the_same_rules(self):
        self.assertError(self.call("POST", BASE + "/registries", body=valid_body(url=None)),
                         400, "SVCSTG.SWR.4001014", "Missing mandatory parameter: url")
        self.assertEqual(self.call("GET", BASE + "/registries").json["total"], 6)

    def test_invalid_put_changes_nothing(self):
        before = self.emu.get_state()
        self.put(valid_body(insecure="yes"))
        self.assertEqual(self.emu.get_state(), before)


class StrictValidationTests(EmulatorCase):

    options = {"sample": True, "strict_dns_conf": True, "strict_insecure": True}

    def test_strict_dns_conf(self):
        r = self.call("PUT", BASE + "/registries/1", body=valid_body(dns_conf=None))
        self.assertError(r, 400, "SVCSTG.SWR.4001014", "Missing mandatory parameter: dns_conf")
        # other types need no dns_conf
        r = self.call("PUT", BASE + "/registries/3", body=valid_body(type="huawei-SWR", dns_conf=None))
        self.assertEqual(r.status, 200)

    def test_strict_insecure(self):
        r = self.call("PUT", BASE + "/registries/2", body=internal_body(insecure=False))
        self.assertError(r, 400, "SVCSTG.SWR.4000014")
        self.assertTrue(r.json["error_msg"].startswith("Invalid parameter: insecure"))
        self.assertEqual(self.call("PUT", BASE + "/registries/2", body=internal_body()).status, 200)


class PolicyTests(EmulatorCase):

    def test_list_all(self):
        r = self.call("GET", BASE + "/replication/policies")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.json["total"], 3)
        self.assertEqual(r.json["policies"][0]["dest_registry"], {"id": 7})

    def test_registry_filter(self):
        r = self.call("GET", BASE + "/replication/policies?registry_id=7")
        self.assertEqual([p["name"] for p in r.json["policies"]], ["sync-to-singapore"])
        self.assertEqual(r.json["total"], 1)
        r = self.call("GET", BASE + "/replication/policies?registry_id=0")   # the instance itself
        self.assertEqual(r.json["total"], 3)
        r = self.call("GET", BASE + "/replication/policies?registry_id=4")   # the source side
        self.assertEqual([p["name"] for p in r.json["policies"]], ["pull-from-lab"])
        r = self.call("GET", BASE + "/replication/policies?registry_id=3")
        self.assertEqual((r.json["policies"], r.json["total"]), ([], 0))
        self.assertError(self.call("GET", BASE + "/replication/policies?registry_id=x"),
                         400, "SVCSTG.SWR.4000014")

    def test_paging(self):
        r = self.call("GET", BASE + "/replication/policies?limit=1&offset=1")
        self.assertEqual([p["id"] for p in r.json["policies"]], [2])
        self.assertEqual(r.json["total"], 3)
        self.assertError(self.call("GET", BASE + "/replication/policies?limit=2&offset=1"),
                         400, "SVCSTG.SWR.4000014")


class ExecutionTests(EmulatorCase):
    """Replication runs: listed newest first per policy; a started run is InProgress for run_seconds,
    then succeeds only when the target registry's stored secret is the one the target accepts."""

    def run_and_settle(self, policy_id):
        r = self.call("POST", BASE + "/replication/executions", body={"policy_id": policy_id})
        self.assertEqual(r.status, 201, r.json)
        eid = r.json["id"]
        r = self.call("GET", BASE + "/replication/executions?policy_id=%d" % policy_id)
        return eid, next(e for e in r.json["executions"] if e["id"] == eid)

    def test_sample_runs_listed_newest_first_with_a_failed_one(self):
        r = self.call("GET", BASE + "/replication/executions?policy_id=1")
        self.assertEqual(r.status, 200)
        self.assertEqual([e["id"] for e in r.json["executions"]], [3, 1])
        self.assertEqual(r.json["total"], 2)
        last = r.json["executions"][0]
        self.assertEqual((last["status"], last["failed"], last["total"]), ("Failed", 12, 12))
        self.assertIn("unauthorized", last["status_text"])
        self.assertFalse([k for k in last if k.startswith("_")])
        self.assertError(self.call("GET", BASE + "/replication/executions?policy_id=x"),
                         400, "SVCSTG.SWR.4000014")

    def test_a_run_is_in_progress_then_fails_with_the_wrong_secret(self):
        self.emu.set_run_seconds(3600)
        eid, ex = self.run_and_settle(1)
        self.assertEqual((ex["status"], ex["in_progress"]), ("InProgress", 5))
        self.emu.set_run_seconds(0)
        _, ex = self.run_and_settle(1)
        self.assertEqual(ex["status"], "Failed")
        self.assertIn("unauthorized", ex["status_text"])

    def test_fixing_the_secret_makes_the_next_run_succeed(self):
        self.emu.set_run_seconds(0)
        body = dict(internal_body(), credential={"type": "basic", "access_key": "ak",
                                                 "access_secret": "rotated-secret-swr-ee-singapore"})
        self.assertEqual(self.call("PUT", BASE + "/registries/7", body=body).status, 200)
        _, ex = self.run_and_settle(1)
        self.assertEqual((ex["status"], ex["succeed"], ex["status_text"]), ("Succeed", 5, ""))

    def test_unknown_policy_and_bad_body(self):
        self.assertError(self.call("POST", BASE + "/replication/executions", body={"policy_id": 99}),
                         404, "SVCSTG.SWR.4040083")
        self.assertError(self.call("POST", BASE + "/replication/executions", body={"policy_id": "1"}),
                         400, "SVCSTG.SWR.4000014")

    def test_run_seconds_control_endpoint(self):
        r = self.call("PUT", "/_emu/replication", body={"run_seconds": 0.5}, token=None)
        self.assertEqual(r.status, 204)
        self.assertEqual(self.call("GET", "/_emu/replication", token=None).json,
                         {"run_seconds": 0.5, "order": "newest_first"})
        r = self.call("PUT", "/_emu/replication", body={"run_seconds": -1}, token=None)
        self.assertEqual(r.status, 400)
        for bad in ({"order": "random"}, {}, {"orders": "oldest_first"}):
            r = self.call("PUT", "/_emu/replication", body=bad, token=None)
            self.assertEqual(r.status, 400, bad)

    def test_runs_are_listed_oldest_first_on_request(self):
        self.call("PUT", "/_emu/replication", body={"order": "oldest_first"}, token=None)
        try:
            ids = [e["id"] for e in self.call("GET", BASE + "/replication/executions").json["executions"]]
            self.assertEqual(ids, sorted(ids))
            self.assertGreater(len(ids), 1)
        finally:
            self.call("PUT", "/_emu/replication", body={"order": "newest_first"}, token=None)
        ids = [e["id"] for e in self.call("GET", BASE + "/replication/executions").json["executions"]]
        self.assertEqual(ids, sorted(ids, reverse=True))


class ControlApiTests(EmulatorCase):

    def test_requests_recorded_in_order_with_exact_body(self):
        raw = b'{"name":"exact","type":"swr-pro","url":"https://e.example.com",' \
              b'"credential":{"type":"basic","access_key":"k","access_secret":"s"},"insecure":false}'
        self.call("GET", BASE + "/registries?limit=5&name=ex")
        self.call("PUT", BASE + "/registries/1", raw=raw, headers={"X-Custom": "v"})
        self.call("GET", "/_emu/stats")                       # control: not recorded
        got = json.loads(self.call("GET", "/_emu/requests").raw)
        self.assertEqual([(g["method"], g["path"], g["query"]) for g in got],
                         [("GET", BASE + "/registries", "limit=5&name=ex"),
                          ("PUT", BASE + "/registries/1", "")])
        self.assertEqual(got[1]["body"], raw.decode())
        self.assertEqual(got[1]["headers"]["X-Custom"], "v")
        self.assertEqual(got[1]["headers"]["X-Auth-Token"], TOKEN)
        self.assertEqual(self.emu.requests(), got)
        self.assertEqual(self.call("DELETE", "/_emu/requests").status, 204)
        self.assertEqual(json.loads(self.call("GET", "/_emu/requests").raw), [])

    def test_state_get_has_secrets_and_put_replaces(self):
        state = json.loads(self.call("GET", "/_emu/state").raw)
        self.assertEqual(state["project_id"], PID)
        by_id = {r["id"]: r for r in state["registries"]}
        self.assertEqual(by_id[1]["credential"]["access_secret"], "sample-secret-harbor-backup")
        new = {"registries": [dict(by_id[1], id=40, name="only-one")], "policies": []}
        self.assertEqual(self.call("PUT", "/_emu/state", body=new).status, 204)
        r = self.call("GET", BASE + "/registries")
        self.assertEqual([x["id"] for x in r.json["registries"]], [40])
        self.assertEqual(self.call("POST", BASE + "/registries", body=valid_body()).json["id"], 41)
        self.assertEqual(self.call("PUT", "/_emu/state", raw=b"{bad").status, 400)
        self.assertEqual(self.call("PUT", "/_emu/state",
                                   body={"registries": [{"id": "x"}]}).status, 400)

    def test_stats_and_reset(self):
        conn = self.connect()
        for _ in range(3):
            self.call("GET", BASE + "/registries", conn=conn)
        self.call("GET", "/_emu/requests", conn=conn)
        self.assertEqual(self.emu.stats(), {"connections": 1, "requests": 3})
        self.assertEqual(json.loads(self.call("GET", "/_emu/stats", conn=conn).raw),
                         {"connections": 1, "requests": 3})
        self.emu.add_fault({"status": 500})
        self.assertEqual(self.call("POST", "/_emu/reset", conn=conn).status, 204)
        self.assertEqual(self.emu.stats(), {"connections": 0, "requests": 0})
        self.assertEqual((self.emu.requests(), self.emu.faults()), ([], []))
        self.assertEqual(self.call("GET", BASE + "/registries").json["total"], 6)  # state kept

    def test_fault_queue_api(self):
        r = self.call("POST", "/_emu/faults", body=[{"status": 500}, {"status": 503, "times": 2}])
        self.assertEqual((r.status, r.json), (200, {"queued": 2}))
        self.assertEqual(len(json.loads(self.call("GET", "/_emu/faults").raw)), 2)
        self.assertEqual(self.call("POST", "/_emu/faults", body={"statsu": 500}).status, 400)
        self.assertEqual(self.call("POST", "/_emu/faults", body={"action": "explode"}).status, 400)
        self.assertEqual(self.call("DELETE", "/_emu/faults").status, 204)
        self.assertEqual(self.emu.faults(), [])

    def test_unknown_control_endpoint(self):
        self.assertEqual(self.call("GET", "/_emu/nothing").status, 404)
        self.assertEqual(self.call("POST", "/_emu/state").status, 405)


class FaultTests(EmulatorCase):

    def test_status_and_json(self):
        self.emu.add_fault({"method": "PUT", "status": 500,
                            "json": {"error_code": "SVCSTG.SWR.5000011", "error_msg": "boom"}})
        r = self.call("PUT", BASE + "/registries/1", body=valid_body())
        self.assertError(r, 500, "SVCSTG.SWR.5000011", "boom")
        self.assertRegex(r.headers["X-Request-Id"], HEX32)
        # used once, then the normal answer; the faulted request changed nothing
        self.assertEqual(self.call("GET", BASE + "/registries/1").json["name"], "harbor-backup")
        self.assertEqual(self.call("PUT", BASE + "/registries/1", body=valid_body()).status, 200)

    def test_raw_body_and_headers(self):
        self.emu.add_fault({"status": 502, "body": "<html>Bad Gateway</html>",
                            "headers": {"Content-Type": "text/html"}})
        r = self.call("GET", BASE + "/registries")
        self.assertEqual((r.status, r.raw), (502, b"<html>Bad Gateway</html>"))
        self.assertEqual(r.headers["Content-Type"], "text/html")

    def test_body_b64_sends_raw_bytes(self):
        raw = b'{"error_code":"X\x00\xff","error_msg":"\xc3("}'
        self.emu.add_fault({"status": 400, "body_b64": base64.b64encode(raw).decode()})
        r = self.call("GET", BASE + "/registries")
        self.assertEqual((r.status, r.raw), (400, raw))
        self.assertEqual(r.headers["Content-Type"], "application/json")
        self.assertEqual(self.call("POST", "/_emu/faults", body={"body_b64": "not base64!"}).status, 400)

    def test_status_alone_gets_an_error_body(self):
        self.emu.add_fault({"status": 409})
        self.assertError(self.call("GET", BASE + "/registries"), 409, "SVCSTG.SWR.4090023")

    def test_headers_alone_decorate_the_normal_answer(self):
        self.emu.add_fault({"headers": {"X-Extra": "1"}})
        r = self.call("GET", BASE + "/registries")
        self.assertEqual((r.status, r.headers["X-Extra"], r.json["total"]), (200, "1", 6))

    def test_matching_times_and_order(self):
        self.emu.add_fault([{"method": "DELETE", "status": 500},
                            {"path": BASE + "/registries/2", "status": 503, "times": 2},
                            {"path": BASE + "/registries", "status": 504, "times": -1}])
        self.assertEqual(self.call("GET", BASE + "/registries/2").status, 503)
        self.assertEqual(self.call("GET", BASE + "/registries/2").status, 503)
        self.assertEqual(self.call("GET", BASE + "/registries/2").status, 504)   # next match
        self.assertEqual(self.call("GET", BASE + "/replication/policies").status, 200)
        self.assertEqual(self.call("DELETE", BASE + "/registries/3").status, 500)
        for _ in range(3):
            self.assertEqual(self.call("GET", BASE + "/registries").status, 504)   # unlimited
        self.assertEqual(len(self.emu.faults()), 1)

    def test_faulted_requests_are_recorded(self):
        self.emu.add_fault({"action": "drop"})
        with self.assertRaises((http.client.RemoteDisconnected, ConnectionError)):
            self.call("PUT", BASE + "/registries/1", body=valid_body())
        recorded = self.emu.requests()
        self.assertEqual([(r["method"], json.loads(r["body"])["name"]) for r in recorded],
                         [("PUT", "new-target")])
        self.assertEqual(self.emu.stats()["requests"], 1)

    def test_delay(self):
        self.emu.add_fault({"delay": 0.3})
        start = time.monotonic()
        r = self.call("GET", BASE + "/registries")
        self.assertGreaterEqual(time.monotonic() - start, 0.3)
        self.assertEqual((r.status, r.json["total"]), (200, 6))

    def raw_exchange(self, method="GET", path=BASE + "/registries"):
        """Send one request on a bare socket; return (bytes received, how it ended)."""
        sock = socket.create_connection(("127.0.0.1", self.emu.port), timeout=10)
        self.addCleanup(sock.close)
        sock.sendall(("%s %s HTTP/1.1\r\nHost: x\r\nX-Auth-Token: %s\r\n\r\n"
                      % (method, path, TOKEN)).encode())
        data = b""
        while True:
            try:
                chunk = sock.recv(65536)
            except ConnectionResetError:
                return data, "reset"
            if not chunk:
                return data, "eof"
            data += chunk

    def test_drop_closes_without_a_byte(self):
        self.emu.add_fault({"action": "drop"})
        self.assertEqual(self.raw_exchange(), (b"", "eof"))

    def test_reset_mid_body(self):
        self.emu.add_fault({"action": "reset_mid_body"})
        data, ending = self.raw_exchange()
        self.assertEqual(ending, "reset")               # RST, not a clean FIN
        if data:                                        # whatever arrived before the RST
            head, _, body = data.partition(b"\r\n\r\n")
            self.assertIn(b"Content-Length: 100000", head)
            self.assertLessEqual(len(body), 1000)
        # the server is fine afterwards
        self.assertEqual(self.call("GET", BASE + "/registries").status, 200)

    def test_reset_mid_body_with_http_client(self):
        self.emu.add_fault({"action": "reset_mid_body"})
        with self.assertRaises((http.client.IncompleteRead, ConnectionResetError,
                                http.client.RemoteDisconnected)):
            self.call("GET", BASE + "/registries")

    def test_trickle_normal_answer(self):
        self.emu.add_fault({"action": "trickle", "interval": 0.02})
        conn = self.connect()
        conn.request("GET", BASE + "/registries?name=zzz", headers={"X-Auth-Token": TOKEN})
        start = time.monotonic()
        resp = conn.getresponse()
        body = resp.read()
        elapsed = time.monotonic() - start
        self.assertEqual(json.loads(body), {"registries": [], "total": 0})
        self.assertGreaterEqual(elapsed, 0.9 * 0.02 * (len(body) - 1))

    def test_trickle_arrives_byte_by_byte(self):
        self.emu.add_fault({"action": "trickle", "interval": 0.05, "json": {"a": 1}, "status": 200})
        sock = socket.create_connection(("127.0.0.1", self.emu.port), timeout=10)
        self.addCleanup(sock.close)
        sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        data, pieces = b"", 0
        while not data.endswith(b'{"a":1}'):
            chunk = sock.recv(65536)
            self.assertTrue(chunk)
            data += chunk
            pieces += 1
        self.assertGreaterEqual(pieces, 6)      # the head, then 7 separate bytes (roughly)

    def test_oversize_default_is_50_mib_and_streamed(self):
        self.emu.add_fault({"action": "oversize"})
        conn = self.connect()
        conn.request("GET", BASE + "/registries", headers={"X-Auth-Token": TOKEN})
        tracemalloc.start()
        try:
            resp = conn.getresponse()
            self.assertEqual(resp.status, 200)
            self.assertEqual(resp.getheader("Content-Length"), str(50 * 1024 * 1024))
            total = 0
            while True:
                chunk = resp.read(1 << 20)
                if not chunk:
                    break
                total += len(chunk)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        self.assertEqual(total, 50 * 1024 * 1024)
        self.assertLess(peak, 8 * 1024 * 1024)    # server and client: never the whole body

    def test_oversize_client_gives_up_and_server_survives(self):
        self.emu.add_fault({"action": "oversize", "size": 20 * 1024 * 1024})
        conn = self.connect()
        conn.request("GET", BASE + "/registries", headers={"X-Auth-Token": TOKEN})
        resp = conn.getresponse()
        resp.read(1 << 20)
        conn.close()
        self.assertEqual(self.call("GET", BASE + "/registries").status, 200)

    def test_oversize_valid_json(self):
        self.emu.add_fault({"action": "oversize", "size": 3 * 1024 * 1024, "valid_json": True})
        r = self.call("GET", BASE + "/registries")
        self.assertEqual(len(r.raw), 3 * 1024 * 1024)
        self.assertEqual((r.json["registries"], r.json["total"]), ([], 0))

    def test_oversize_without_length(self):
        self.emu.add_fault({"action": "oversize", "size": 100000, "no_length": True})
        r = self.call("GET", BASE + "/registries")
        self.assertIsNone(r.headers["Content-Length"])
        self.assertEqual(len(r.raw), 100000)

    def test_redirect(self):
        self.emu.add_fault({"action": "redirect", "location": "https://elsewhere.example.com/x"})
        r = self.call("GET", BASE + "/registries")
        self.assertEqual((r.status, r.headers["Location"]), (302, "https://elsewhere.example.com/x"))
        self.emu.add_fault({"action": "redirect", "status": 307, "location": "/y"})
        self.assertEqual(self.call("GET", BASE + "/registries").status, 307)

    def test_old_format(self):
        self.emu.add_fault({"action": "old_format", "status": 403,
                            "code": "SVCSTG.SWR.4039002", "message": "No permission"})
        r = self.call("GET", BASE + "/registries")
        self.assertEqual(r.status, 403)
        self.assertEqual(list(r.json), ["errors"])
        err = r.json["errors"][0]
        self.assertEqual((err["errorCode"], err["errorMessage"], err["detail"]),
                         ("SVCSTG.SWR.4039002", "No permission", ""))
        self.assertGreaterEqual(len(err["encoded_authorization_message"]), 300)
        self.emu.add_fault({"action": "old_format"})
        r = self.call("GET", BASE + "/registries")
        self.assertEqual(r.status, 500)
        self.assertEqual(r.json["errors"][0]["errorCode"], "SVCSTG.SWR.5000011")


class ConnectionTests(EmulatorCase):

    def test_keep_alive_reuses_one_connection(self):
        conn = self.connect()
        for i in range(25):
            method, body = ("PUT", valid_body()) if i % 5 == 0 else ("GET", None)
            path = BASE + ("/registries/1" if method == "PUT" else "/registries?limit=1")
            r = self.call(method, path, body=body, conn=conn)
            self.assertEqual(r.status, 200)
            self.assertIsNone(r.headers["Connection"])
        self.call("GET", BASE + "/registries/999", conn=conn)        # errors keep it too
        self.call("DELETE", BASE + "/registries/3", conn=conn)       # 204 without a body
        self.call("GET", BASE + "/registries", conn=conn)
        self.assertEqual(self.emu.stats(), {"connections": 1, "requests": 28})

    def test_each_new_connection_counts(self):
        for _ in range(3):
            conn = http.client.HTTPConnection("127.0.0.1", self.emu.port, timeout=10)
            conn.request("GET", BASE + "/registries", headers={"X-Auth-Token": TOKEN})
            conn.getresponse().read()
            conn.close()
        self.assertEqual(self.emu.stats()["connections"], 3)

    def test_connection_close_is_honoured(self):
        r = self.call("GET", BASE + "/registries", headers={"Connection": "close"})
        self.assertEqual(r.headers["Connection"], "close")

    def test_chunked_request_body(self):
        conn = self.connect()
        payload = json.dumps(valid_body(name="chunked")).encode()
        conn.putrequest("PUT", BASE + "/registries/1")
        conn.putheader("X-Auth-Token", TOKEN)
        conn.putheader("Transfer-Encoding", "chunked")
        conn.endheaders()
        for i in range(0, len(payload), 50):
            piece = payload[i:i + 50]
            conn.send(b"%x\r\n%s\r\n" % (len(piece), piece))
        conn.send(b"0\r\n\r\n")
        self.assertEqual(conn.getresponse().read(), b"")
        self.assertEqual(self.call("GET", BASE + "/registries/1", conn=conn).json["name"], "chunked")


@unittest.skipIf(shutil.which("openssl") is None, "the openssl command is not installed")
class HttpsTests(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.cert = os.path.join(cls.tmp.name, "cert.pem")
        cls.key = os.path.join(cls.tmp.name, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                        "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", cls.key,
                        "-out", cls.cert, "-days", "2", "-subj", "/CN=127.0.0.1",
                        "-addext", "subjectAltName=IP:127.0.0.1"],
                       check=True, capture_output=True, timeout=30)
        cls.emu = Emulator(sample=True, tls_cert=cls.cert, tls_key=cls.key).start()

    @classmethod
    def tearDownClass(cls):
        cls.emu.stop()
        cls.tmp.cleanup()

    def get(self, context):
        conn = http.client.HTTPSConnection("127.0.0.1", self.emu.port, context=context, timeout=10)
        try:
            conn.request("GET", BASE + "/registries", headers={"X-Auth-Token": TOKEN})
            resp = conn.getresponse()
            return resp.status, json.loads(resp.read())
        finally:
            conn.close()

    def trusting(self):
        return ssl.create_default_context(cafile=self.cert)

    def test_https_url_and_request(self):
        self.assertTrue(self.emu.url.startswith("https://127.0.0.1:"))
        status, body = self.get(self.trusting())
        self.assertEqual((status, body["total"]), (200, 6))

    def test_refusing_client_does_not_kill_the_server(self):
        with self.assertRaises(ssl.SSLCertVerificationError):
            self.get(ssl.create_default_context())          # does not trust our certificate
        self.assertEqual(self.get(self.trusting())[0], 200)

    def test_plain_http_and_silent_clients_do_not_block_others(self):
        silent = socket.create_connection(("127.0.0.1", self.emu.port), timeout=10)
        self.addCleanup(silent.close)                       # never sends a ClientHello
        plain = http.client.HTTPConnection("127.0.0.1", self.emu.port, timeout=10)
        try:
            plain.request("GET", "/")
            with self.assertRaises((http.client.HTTPException, ConnectionError)):
                plain.getresponse().read()
        finally:
            plain.close()
        start = time.monotonic()
        self.assertEqual(self.get(self.trusting())[0], 200)
        self.assertLess(time.monotonic() - start, 5)


class GenerateTests(unittest.TestCase):

    def test_generate_10000_and_list_fast(self):
        start = time.monotonic()
        emu = Emulator(generate=10000).start()
        self.addCleanup(emu.stop)
        conn = http.client.HTTPConnection("127.0.0.1", emu.port, timeout=10)
        self.addCleanup(conn.close)

        def get(query):
            conn.request("GET", BASE + "/registries?" + query, headers={"X-Auth-Token": TOKEN})
            return json.loads(conn.getresponse().read())

        first = get("limit=100")
        last = get("limit=100&offset=9900&order_column=name&order_type=asc")
        one = get("name=reg-09999")
        for offset in range(0, 2000, 100):
            get("limit=100&offset=%d" % offset)
        elapsed = time.monotonic() - start
        self.assertEqual(first["total"], 10000)
        self.assertEqual(len(first["registries"]), 100)
        self.assertEqual(first["registries"][0]["name"], "reg-10000")      # newest first
        self.assertEqual(last["registries"][-1]["name"], "reg-10000")
        self.assertEqual(last["registries"][0]["name"], "reg-09901")
        self.assertEqual([r["name"] for r in one["registries"]], ["reg-09999"])
        self.assertEqual({r["type"] for r in first["registries"]}, set(swr_emulator.REGISTRY_TYPES))
        self.assertLess(elapsed, 5.0)


class StateFileTests(unittest.TestCase):

    def test_state_file_and_ids(self):
        doc = {"project_id": "p" * 32, "instance_id": "inst-1",
               "registries": [{"id": 3, "name": "from-file", "type": "huawei-SWR",
                               "url": "https://swr.example.com",
                               "credential": {"type": "basic", "access_key": "a",
                                              "access_secret": "file-secret"},
                               "insecure": False, "status": "healthy",
                               "created_at": "2024-01-15T08:00:00Z",
                               "updated_at": "2024-01-15T08:00:00Z"}],
               "policies": []}
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
            json.dump(doc, fh)
        self.addCleanup(os.unlink, fh.name)
        with Emulator(state=fh.name, generate=2) as emu:
            self.assertEqual(emu.base_path, "/v2/%s/instances/inst-1" % ("p" * 32))
            conn = http.client.HTTPConnection("127.0.0.1", emu.port, timeout=10)
            conn.request("GET", emu.base_path + "/registries/3", headers={"X-Auth-Token": TOKEN})
            self.assertEqual(json.loads(conn.getresponse().read())["name"], "from-file")
            conn.close()
            self.assertEqual([r["id"] for r in emu.get_state()["registries"]], [3, 4, 5])

    def test_options_are_checked(self):
        for bad in ({"create_status": 202}, {"secret_style": "hidden"},
                    {"tls_cert": "c.pem"}, {"sample": True, "state": {}}):
            with self.assertRaises(ValueError):
                Emulator(**bad)


class CliTests(unittest.TestCase):

    def spawn(self, *args, quiet=True):
        cmd = [sys.executable, SCRIPT] + list(args) + (["--quiet"] if quiet else [])
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.addCleanup(self.cleanup, proc)
        line = self.read_line(proc, 10)
        match = re.fullmatch(r"SWR-EMULATOR LISTENING (https?)://127\.0\.0\.1:(\d+)\n", line)
        self.assertIsNotNone(match, repr(line))
        return proc, int(match.group(2))

    @staticmethod
    def cleanup(proc):
        if proc.poll() is None:
            proc.kill()
        proc.communicate(timeout=10)

    @staticmethod
    def read_line(proc, timeout):
        """Read one line from the child's stdout, giving up after `timeout` seconds."""
        fd, data = proc.stdout.fileno(), b""
        deadline = time.monotonic() + timeout
        while not data.endswith(b"\n"):
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                raise AssertionError("no LISTENING line within %ss (got %r)" % (timeout, data))
            chunk = os.read(fd, 1)
            if not chunk:
                raise AssertionError("emulator exited early: %r %r" % (data, proc.stderr.read()))
            data += chunk
        return data.decode()

    def stop(self, proc, sig=signal.SIGTERM):
        proc.send_signal(sig)
        out, err = proc.communicate(timeout=10)
        return proc.returncode, out, err

    def test_listening_line_port_file_and_sigterm(self):
        with tempfile.TemporaryDirectory() as tmp:
            port_file = os.path.join(tmp, "port")
            proc, port = self.spawn("--sample", "--port-file", port_file)
            with open(port_file) as fh:
                self.assertEqual(int(fh.read()), port)
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.request("GET", BASE + "/registries", headers={"X-Auth-Token": TOKEN})
            self.assertEqual(json.loads(conn.getresponse().read())["total"], 6)
            code, out, err = self.stop(proc)
            conn.close()
        self.assertEqual(code, 0)
        self.assertEqual(out, b"")          # nothing after the LISTENING line
        self.assertEqual(err, b"")          # --quiet

    def test_sigint_exits_cleanly(self):
        proc, _ = self.spawn()
        self.assertEqual(self.stop(proc, signal.SIGINT)[0], 0)

    def test_options_reach_the_server_and_secrets_are_not_logged(self):
        proc, port = self.spawn("--sample", "--token", "cli-token", "--forbidden-token", "ro",
                                "--project-id", "proj", "--instance-id", "inst",
                                "--secret-style", "absent", "--create-status", "200",
                                quiet=False)
        base = "/v2/proj/instances/inst"
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)

        def call(method, path, token, body=None):
            conn.request(method, path, body=body and json.dumps(body),
                         headers={"X-Auth-Token": token})
            resp = conn.getresponse()
            return resp.status, resp.read()

        self.assertEqual(call("GET", base + "/registries", "emulator-token")[0], 401)
        self.assertEqual(call("GET", base + "/registries", "ro")[0], 403)
        status, raw = call("GET", base + "/registries/1", "cli-token")
        self.assertEqual(status, 200)
        self.assertNotIn("access_secret", json.loads(raw)["credential"])
        status, raw = call("POST", base + "/registries", "cli-token", valid_body())
        self.assertEqual((status, json.loads(raw)), (200, {"id": 8}))
        self.assertEqual(call("PUT", base + "/registries/8", "cli-token", valid_body())[0], 200)
        conn.close()
        code, _, err = self.stop(proc)
        self.assertEqual(code, 0)
        self.assertIn(b'"PUT ' + base.encode() + b'/registries/8" 200', err)
        for secret in (b"cli-token", b"fresh-secret-123", b"sample-secret"):
            self.assertNotIn(secret, err)

    def test_bad_option_fails(self):
        proc = subprocess.run([sys.executable, SCRIPT, "--secret-style", "nope"],
                              capture_output=True, timeout=10)
        self.assertEqual(proc.returncode, 2)
        self.assertEqual(proc.stdout, b"")


# --------------------------------------------------------------------------
# AK/SK signatures
# --------------------------------------------------------------------------

VECTORS = os.path.join(os.path.dirname(HERE), "unit", "data", "signing-vectors.json")
AK, SK = "HPUAEXAMPLEAK0000001", "ExampleSecretKey0123456789abcdefghijABCD"


def client_sign(method, path, query, headers, body, ak, sk, date):
    """An independent signer (SDK-HMAC-SHA256) for the tests: returns (Authorization, canonical)."""
    import hashlib
    import hmac
    from urllib.parse import quote
    uri = "/".join(quote(seg, safe="~") for seg in path.split("/"))
    uri += "" if uri.endswith("/") else "/"
    q = "&".join(quote(k, safe="~") + "=" + quote(v, safe="~") for k, v in sorted(query))
    hs = sorted((k.lower(), v.strip()) for k, v in headers.items())
    canonical = "\n".join([method, uri, q, "".join("%s:%s\n" % h for h in hs),
                           ";".join(k for k, _ in hs), hashlib.sha256(body).hexdigest()])
    sts = "SDK-HMAC-SHA256\n%s\n%s" % (date, hashlib.sha256(canonical.encode()).hexdigest())
    sig = hmac.new(sk.encode(), sts.encode(), hashlib.sha256).hexdigest()
    return ("SDK-HMAC-SHA256 Access=%s, SignedHeaders=%s, Signature=%s"
            % (ak, ";".join(k for k, _ in hs), sig)), canonical


class AkskVectorTests(unittest.TestCase):
    """The verifier against the provider's worked examples (tests/unit/data/signing-vectors.json)."""

    @classmethod
    def setUpClass(cls):
        with open(VECTORS, encoding="utf-8") as fh:
            cls.vectors = json.load(fh)

    def received(self, v):
        """The request as the gateway receives it: raw path and query of request_uri, final headers."""
        inputs = v["inputs"]
        path, _, query = v["request_uri"].partition("?")
        headers = dict(inputs["headers_in"])
        headers.update(v["final_headers"])
        headers["Host"] = inputs["host"]
        if inputs["project_id"]:
            headers["X-Project-Id"] = inputs["project_id"]
        body = (inputs["body"] or "").encode()
        return swr_emulator.ApiRequest(inputs["method"], path, query, list(headers.items()), body, "rid")

    def test_gateway_canonical_request_of_every_vector(self):
        self.assertGreaterEqual(len(self.vectors), 5)
        for v in self.vectors:
            req = self.received(v)
            signed = v["final_headers"]["Authorization"].split("SignedHeaders=")[1].split(",")[0]
            got = swr_emulator.gateway_canonical_request(
                req.method, req.path, req.query, {k.lower(): val for k, val in req.headers},
                signed.split(";"), req.body)
            self.assertEqual(got, v["canonical_request"], v["name"])

    def test_every_vector_is_accepted_at_its_date_and_refused_with_another_sk(self):
        for v in self.vectors:
            inputs = v["inputs"]
            date = inputs["headers_in"]["X-Sdk-Date"]
            when = swr_emulator.calendar.timegm(time.strptime(date, "%Y%m%dT%H%M%SZ"))
            ok = swr_emulator.AkskVerifier({inputs["ak"]: inputs["sk"]}, clock=lambda w=when: w + 60)
            self.assertIsNone(ok(self.received(v)), v["name"])
            bad = swr_emulator.AkskVerifier({inputs["ak"]: inputs["sk"] + "x"}, clock=lambda w=when: w)
            resp = bad(self.received(v))
            doc = json.loads(resp.body)
            self.assertEqual((resp.status, doc["error_code"]), (401, "APIGW.0301"))
            self.assertEqual(doc["error_msg"],
                             "Incorrect IAM authentication information: verify aksk signature fail, "
                             "canonicalRequest: " + v["canonical_request"].replace("\n", "|"))
            self.assertEqual(doc["request_id"], "rid")

    def test_specs(self):
        self.assertEqual(swr_emulator.parse_aksk_spec("A:S"), ("A", "S", None))
        self.assertEqual(swr_emulator.parse_aksk_spec("A:S:T:with:colons"), ("A", "S", "T:with:colons"))
        for bad in ("A", ":S", "A:", ""):
            with self.assertRaises(ValueError):
                swr_emulator.parse_aksk_spec(bad)


class AkskHttpTests(EmulatorCase):
    """Signed requests over HTTP, as swrtui sends them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.emu.set_aksk_keys([AK + ":" + SK, "TEMPAK:TEMPSK:the-security-token"])

    def setUp(self):
        super().setUp()
        self.emu.set_clock_skew(0)

    def signed(self, method, path, query=(), body=b"", ak=AK, sk=SK, date=None, extra=None,
               sent_query=None, sent_body=None, token=None):
        date = date or time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
        headers = {"Host": "127.0.0.1:%d" % self.emu.port, "X-Sdk-Date": date,
                   "X-Project-Id": PID}
        if body:
            headers["Content-Type"] = "application/json"
        if token:
            headers["X-Security-Token"] = token
        headers.update(extra or {})
        auth, canonical = client_sign(method, path, list(query), headers, body, ak, sk, date)
        headers["Authorization"] = auth
        headers["X-Auth-Token"] = None
        from urllib.parse import quote
        qs = sent_query if sent_query is not None else "&".join(
            quote(k, safe="~") + "=" + quote(v, safe="~") for k, v in sorted(query))
        conn = self.connect()
        conn.putrequest(method, path + ("?" + qs if qs else ""), skip_host=True,
                        skip_accept_encoding=True)
        payload = body if sent_body is None else sent_body
        for k, v in headers.items():
            if v is not None:
                conn.putheader(k, v)
        conn.putheader("Content-Length", str(len(payload)))
        conn.endheaders(payload)
        return Reply(conn.getresponse()), canonical

    def test_a_good_signature_is_accepted_like_a_token(self):
        r, _ = self.signed("GET", BASE + "/registries", query=[("offset", "0"), ("limit", "10")])
        self.assertEqual(r.status, 200, r.raw)
        self.assertEqual(r.json["total"], 6)
        body = json.dumps(valid_body(name="signed-update")).encode()
        r, _ = self.signed("PUT", BASE + "/registries/1", body=body)
        self.assertEqual(r.status, 200, r.raw)
        self.assertEqual(self.emu.get_state()["registries"][0]["name"], "signed-update")

    def test_query_is_checked_in_canonical_form_whatever_the_order_sent(self):
        r, _ = self.signed("GET", BASE + "/registries", query=[("name", "镜像 仓库"), ("limit", "10")],
                           sent_query="name=%E9%95%9C%E5%83%8F%20%E4%BB%93%E5%BA%93&limit=10")
        self.assertEqual(r.status, 200, r.raw)

    def test_wrong_sk_is_refused_with_the_gateway_canonical_request(self):
        r, canonical = self.signed("GET", BASE + "/registries", query=[("limit", "10")], sk="wrong")
        self.assertError(r, 401, "APIGW.0301")
        self.assertEqual(r.json["error_msg"],
                         "Incorrect IAM authentication information: verify aksk signature fail, "
                         "canonicalRequest: " + canonical.replace("\n", "|"))
        self.assertEqual(r.json["request_id"], r.headers["X-Request-Id"])

    def test_a_changed_body_or_query_breaks_the_signature(self):
        body = json.dumps(valid_body()).encode()
        r, _ = self.signed("PUT", BASE + "/registries/1", body=body, sent_body=body.replace(b"admin", b"admiN"))
        self.assertError(r, 401, "APIGW.0301")
        self.assertIn("verify aksk signature fail", r.json["error_msg"])
        r, _ = self.signed("GET", BASE + "/registries", query=[("limit", "10")], sent_query="limit=20")
        self.assertIn("canonicalRequest: GET|" + BASE + "/registries/|limit=20|", r.json["error_msg"])
        self.assertEqual(self.emu.get_state()["registries"][0]["name"], "harbor-backup")

    def test_unknown_ak(self):
        r, _ = self.signed("GET", BASE + "/registries", ak="NOSUCHAK")
        self.assertError(r, 401, "APIGW.0301", "Incorrect IAM authentication information: ak not exist")

    def test_date_more_than_15_minutes_off_is_expired(self):
        for offset in (-16 * 60, 16 * 60):
            date = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(time.time() + offset))
            r, _ = self.signed("GET", BASE + "/registries", date=date)
            self.assertError(r, 401, "APIGW.0301", "Incorrect IAM authentication information: signature expired")
        date = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(time.time() - 14 * 60))
        self.assertEqual(self.signed("GET", BASE + "/registries", date=date)[0].status, 200)

    def test_shifted_clock_expires_a_fresh_signature(self):
        self.emu.set_clock_skew(20 * 60)
        r, _ = self.signed("GET", BASE + "/registries")
        self.assertError(r, 401, "APIGW.0301", "Incorrect IAM authentication information: signature expired")
        conn = self.connect()
        conn.request("PUT", "/_emu/clock", body=json.dumps({"skew": 0}))
        self.assertEqual(conn.getresponse().status, 204)
        self.assertEqual(self.emu.clock_skew, 0)
        self.assertEqual(self.signed("GET", BASE + "/registries")[0].status, 200)

    def test_clock_control_endpoint(self):
        conn = self.connect()
        conn.request("PUT", "/_emu/clock", body=json.dumps({"skew": -1200.5}))
        resp = conn.getresponse()
        resp.read()
        self.assertEqual(resp.status, 204)
        conn.request("GET", "/_emu/clock")
        doc = json.loads(conn.getresponse().read())
        self.assertEqual(doc["skew"], -1200.5)
        self.assertAlmostEqual(doc["now"], time.time() - 1200.5, delta=5)
        conn.request("PUT", "/_emu/clock", body=json.dumps({"skew": "soon"}))
        resp = conn.getresponse()
        resp.read()
        self.assertEqual(resp.status, 400)

    def test_temporary_keys_need_their_security_token(self):
        r, _ = self.signed("GET", BASE + "/registries", ak="TEMPAK", sk="TEMPSK",
                           token="the-security-token")
        self.assertEqual(r.status, 200, r.raw)
        r, _ = self.signed("GET", BASE + "/registries", ak="TEMPAK", sk="TEMPSK")
        self.assertError(r, 401, "APIGW.0301")
        r, _ = self.signed("GET", BASE + "/registries", ak="TEMPAK", sk="TEMPSK", token="another")
        self.assertError(r, 401, "APIGW.0301")

    def test_malformed_authorization(self):
        r = self.call("GET", BASE + "/registries", token=None, headers={
            "Authorization": "SDK-HMAC-SHA256 Access=" + AK, "X-Sdk-Date": "20240115T080000Z"})
        self.assertError(r, 401, "APIGW.0301")
        r, _ = self.signed("GET", BASE + "/registries", date="yesterday")
        self.assertError(r, 401, "APIGW.0301")
        self.assertIn("x-sdk-date", r.json["error_msg"])


class AkskCliTests(unittest.TestCase):
    def test_aksk_and_clock_skew_options(self):
        proc = subprocess.Popen([sys.executable, SCRIPT, "--port", "0", "--quiet", "--sample",
                                 "--aksk", AK + ":" + SK, "--clock-skew", "3600"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            line = proc.stdout.readline().decode()
            self.assertTrue(line.startswith("SWR-EMULATOR LISTENING "), line)
            port = int(line.rsplit(":", 1)[1])
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            date = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
            headers = {"Host": "127.0.0.1:%d" % port, "X-Sdk-Date": date}
            auth, _ = client_sign("GET", BASE + "/registries", [], headers, b"", AK, SK, date)
            conn.request("GET", BASE + "/registries", headers=dict(headers, Authorization=auth))
            resp = conn.getresponse()
            doc = json.loads(resp.read())
            self.assertEqual((resp.status, doc["error_msg"]),
                             (401, "Incorrect IAM authentication information: signature expired"))
            conn.request("GET", "/_emu/clock")
            self.assertEqual(json.loads(conn.getresponse().read())["skew"], 3600)
            conn.close()
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.communicate(timeout=10)
        self.assertEqual(proc.returncode, 0)

    def test_bad_aksk_spec_fails_to_start(self):
        proc = subprocess.run([sys.executable, SCRIPT, "--port", "0", "--aksk", "only-an-ak"],
                              capture_output=True, timeout=10)
        self.assertEqual(proc.returncode, 2)
        self.assertIn(b"AK:SK", proc.stderr)


if __name__ == "__main__":
    unittest.main()
