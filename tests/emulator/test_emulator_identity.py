#!/usr/bin/env python3
"""Tests of the emulator's IAM password login (POST /v3/auth/tokens, users from --iam-user, tokens that
the API then accepts, /_emu/expire-tokens, /_emu/iam-users) and of its STS decoding
(POST /v5/decode-authorization-message of the messages its own 403 answers carry).

Run with:  python3 -m unittest discover -s tests/emulator -t tests/emulator
"""

import base64
import http.client
import json
import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import swr_emulator  # noqa: E402
from swr_emulator import Emulator  # noqa: E402

PID = swr_emulator.DEFAULT_PROJECT_ID
IID = swr_emulator.DEFAULT_INSTANCE_ID
LIST = "/v2/%s/instances/%s/registries" % (PID, IID)
STATIC_TOKEN = "emulator-token"
SIGNED = "SDK-HMAC-SHA256 Access=good-ak, SignedHeaders=host;x-sdk-date, Signature=00"


def stub_verifier(req):
    """Accepts the AK "good-ak", refuses any other as the gateway would."""
    if "Access=good-ak," in (req.header("Authorization") or ""):
        return None
    return swr_emulator.gateway_error(401, swr_emulator.E_GW_IAM,
                                      "Incorrect IAM authentication information: ak not exist",
                                      req.request_id)


def login_body(name="alice", account="acme", password="pa:ss", region="cn-north-4", totp=None):
    identity = {"methods": ["password"],
                "password": {"user": {"name": name, "password": password, "domain": {"name": account}}}}
    if totp is not None:
        identity["methods"].append("totp")
        identity["totp"] = {"user": {"id": totp[0], "passcode": totp[1]}}
    return {"auth": {"identity": identity, "scope": {"project": {"name": region}}}}


class IdentityCase(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.emu = Emulator(sample=True, forbidden_tokens=["forbidden"],
                           iam_users=["alice:acme:pa:ss", "bob:acme:b0b:123456"]).start()
        cls.emu.api.aksk_verifier = stub_verifier

    @classmethod
    def tearDownClass(cls):
        cls.emu.stop()

    def setUp(self):
        self.emu.reset()

    def call(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.emu.port, timeout=10)
        self.addCleanup(conn.close)
        payload = None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
        hdrs = dict(headers or {})
        if payload is not None:
            hdrs.setdefault("Content-Type", "application/json")
        conn.request(method, path, body=payload, headers=hdrs)
        resp = conn.getresponse()
        raw = resp.read()
        try:
            doc = json.loads(raw) if raw else None
        except ValueError:
            doc = None
        return resp.status, resp.headers, doc

    def login(self, **kw):
        return self.call("POST", "/v3/auth/tokens", login_body(**kw),
                         {"Content-Type": "application/json;charset=utf8"})

    # -- IAM ---------------------------------------------------------------

    def test_good_login_issues_a_token_the_api_accepts(self):
        status, headers, doc = self.login()
        self.assertEqual(status, 201)
        token = headers["X-Subject-Token"]
        self.assertTrue(token.startswith("emu-iam-"))
        tok = doc["token"]
        self.assertEqual(tok["methods"], ["password"])
        self.assertEqual(tok["user"]["name"], "alice")
        self.assertEqual(tok["user"]["domain"]["name"], "acme")
        self.assertEqual(tok["project"]["name"], "cn-north-4")
        self.assertRegex(tok["expires_at"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000000Z$")
        self.assertEqual(self.call("GET", LIST, headers={"X-Auth-Token": token})[0], 200)
        # a second login gives another token
        self.assertNotEqual(self.login()[1]["X-Subject-Token"], token)

    def test_wrong_password_unknown_user_and_wrong_account(self):
        expected = {"error": {"code": 401, "message": "The username or password is wrong.",
                              "title": "Unauthorized"}}
        for kw in ({"password": "pa"}, {"name": "mallory"}, {"account": "other"}):
            status, headers, doc = self.login(**kw)
            self.assertEqual((status, doc), (401, expected), kw)
            self.assertIsNone(headers.get("X-Subject-Token"))

    def test_bad_body_is_iams_400(self):
        status, _, doc = self.call("POST", "/v3/auth/tokens", b"{not json")
        self.assertEqual(status, 400)
        self.assertEqual(doc["error"]["code"], 400)
        self.assertEqual(doc["error"]["title"], "Bad Request")
        body = login_body()
        body["auth"]["identity"]["methods"] = ["token"]
        self.assertEqual(self.call("POST", "/v3/auth/tokens", body)[0], 400)

    def test_only_post_is_routed(self):
        status, _, doc = self.call("GET", "/v3/auth/tokens")
        self.assertEqual(status, 404)
        self.assertEqual(doc["error_code"], "APIGW.0101")

    def test_mfa(self):
        status, _, doc = self.login(name="bob", password="b0b")
        self.assertEqual(status, 401)
        self.assertIn("Virtual MFA verification is required", doc["error"]["message"])
        user_id = doc["error"]["user_id"]
        status, _, doc = self.login(name="bob", password="b0b", totp=(user_id, "000000"))
        self.assertEqual((status, doc["error"]["message"]), (401, "The MFA verification code is wrong."))
        status, _, doc = self.login(name="bob", password="b0b", totp=("f" * 32, "123456"))
        self.assertEqual(status, 401)
        self.assertIn("does not match", doc["error"]["message"])
        status, headers, doc = self.login(name="bob", password="b0b", totp=(user_id, "123456"))
        self.assertEqual(status, 201)
        self.assertEqual(doc["token"]["methods"], ["password", "totp"])
        self.assertEqual(doc["token"]["user"]["id"], user_id)
        # the password is still checked first
        self.assertEqual(self.login(name="bob", password="x", totp=(user_id, "123456"))[0], 401)

    def test_expire_tokens(self):
        token = self.login()[1]["X-Subject-Token"]
        status, _, doc = self.call("POST", "/_emu/expire-tokens")
        self.assertEqual(status, 200)
        self.assertGreaterEqual(doc["expired"], 1)
        status, _, doc = self.call("GET", LIST, headers={"X-Auth-Token": token})
        self.assertEqual((status, doc["error_code"]), (401, "SVCSTG.SWR.4010000"))
        # the static tokens are not login tokens: they stay good
        self.assertEqual(self.call("GET", LIST, headers={"X-Auth-Token": STATIC_TOKEN})[0], 200)
        self.assertEqual(self.call("POST", "/_emu/expire-tokens")[2], {"expired": 0})

    def test_users_added_through_the_control_api(self):
        status, _, doc = self.call("POST", "/_emu/iam-users",
                                   [{"name": "carol", "account": "acme", "password": "c4rol"}])
        self.assertEqual((status, doc), (200, {"added": ["carol"]}))
        self.assertEqual(self.login(name="carol", password="c4rol")[0], 201)
        status, _, doc = self.call("POST", "/_emu/iam-users", {"name": "dave", "account": "acme"})
        self.assertEqual(status, 400)
        self.assertIn("password", doc["error"])

    def test_user_specs(self):
        user = swr_emulator.parse_iam_user("u:acc:p:w:d")
        self.assertEqual((user["password"], user["totp"]), ("p:w:d", None))
        user = swr_emulator.parse_iam_user("u:acc:p:w:654321")
        self.assertEqual((user["password"], user["totp"]), ("p:w", "654321"))
        self.assertRegex(user["id"], r"^[0-9a-f]{32}$")
        for bad in ("u:acc", "u::p", ":acc:p"):
            with self.assertRaises(ValueError):
                swr_emulator.parse_iam_user(bad)

    # -- STS ---------------------------------------------------------------

    def forbidden_message(self):
        status, headers, doc = self.call("PUT", LIST + "/1", {}, {"X-Auth-Token": "forbidden"})
        self.assertEqual(status, 403)
        return doc["encoded_authorization_message"], headers["X-Request-Id"]

    def decode(self, body, authorization=SIGNED):
        headers = {"Authorization": authorization} if authorization else {}
        return self.call("POST", "/v5/decode-authorization-message", body, headers)

    def test_decodes_its_own_forbidden_message(self):
        message, request_id = self.forbidden_message()
        self.assertGreaterEqual(len(message), 300)
        status, _, doc = self.decode({"encoded_message": message})
        self.assertEqual(status, 200)
        decoded = json.loads(doc["decoded_message"])
        ctx = decoded["context"]
        self.assertEqual(ctx["action"], "swr:instance:updateRegistry")
        self.assertEqual(ctx["resource"], "SWR:*:%s:instance:%s" % (PID, IID))
        self.assertEqual(ctx["failure"], "implicit deny by identity-based policy")
        self.assertEqual(ctx["request_id"], request_id)
        self.assertEqual(ctx["user"]["user_name"], "emulator-user")
        self.assertEqual(ctx["user"]["domain_name"], "emulator-account")

    def test_old_format_fault_message_decodes_too(self):
        self.emu.add_fault({"action": "old_format", "status": 403, "code": "SVCSTG.SWR.4030170",
                            "message": "Insufficient permissions"})
        status, _, doc = self.call("GET", LIST, headers={"X-Auth-Token": STATIC_TOKEN})
        self.assertEqual(status, 403)
        message = doc["errors"][0]["encoded_authorization_message"]
        status, _, doc = self.decode({"encoded_message": message})
        self.assertEqual(status, 200)
        self.assertEqual(json.loads(doc["decoded_message"])["context"]["action"], "swr:instance:*")

    def test_needs_a_signature(self):
        message, _ = self.forbidden_message()
        for auth in (None, "Basic dXNlcjpwdw=="):
            status, _, doc = self.decode({"encoded_message": message}, authorization=auth)
            self.assertEqual((status, doc["error_code"]), (401, "APIGW.0301"), auth)
        status, _, doc = self.call("POST", "/v5/decode-authorization-message", {"encoded_message": message},
                                   {"X-Auth-Token": STATIC_TOKEN})
        self.assertEqual((status, doc["error_code"]), (401, "APIGW.0301"))
        # the verifier's refusal is the answer
        status, _, doc = self.decode({"encoded_message": message},
                                     authorization=SIGNED.replace("good-ak", "other-ak"))
        self.assertEqual(status, 401)
        self.assertIn("ak not exist", doc["error_msg"])

    def test_bad_requests(self):
        for body in (b"nope", {"message": "x"}, {"encoded_message": ""}, {"encoded_message": 7},
                     {"encoded_message": "A" * 10241}):
            status, _, doc = self.decode(body)
            self.assertEqual((status, doc["error_code"]), (400, "STS.0001"), body)
        not_object = base64.b64encode(b"[1,2]").decode()
        for message in ("%%%", "QUJD", not_object):
            status, _, doc = self.decode({"encoded_message": message})
            self.assertEqual((status, doc["error_code"]), (400, "STS.0002"), message)


if __name__ == "__main__":
    unittest.main()
