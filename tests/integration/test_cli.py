"""Integration tests of the plain commands (list, show, apply, create, delete) and of the request module
behind them, against the local SWR emulator: each success path, each documented error status, bodies
that are not JSON or too large, timeouts, refused connections, TLS with an unknown CA and with
--cacert, redirects (never followed), settings precedence, and secrets kept out of the output."""
import json
import os
import re
import socket
import tempfile
import unittest

from harness import BIN, INSTANCE, PROJECT, TOKEN, Emulator, base_env, make_cert, run

SECRET = "S3cr3t-For-Tests-0d9f"

BODY_7 = {
    "name": "harbor-mirror",
    "description": "updated from the command line",
    "type": "swr-pro",
    "url": "https://harbor.example.com",
    "credential": {"type": "basic", "access_key": "robot$mirror", "access_secret": SECRET},
    "dns_conf": {"hosts": {"harbor.example.com": "192.0.2.10"}},
    "insecure": False,
}


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class CliTestCase(unittest.TestCase):
    emu = None

    @classmethod
    def setUpClass(cls):
        cls.emu = Emulator("--sample")
        cls.tmp = tempfile.TemporaryDirectory()

    @classmethod
    def tearDownClass(cls):
        cls.emu.stop()
        cls.tmp.cleanup()

    def setUp(self):
        self.emu.reset()
        self.env = base_env(self.emu, home=self.tmp.name)

    def write(self, name, content):
        path = os.path.join(self.tmp.name, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(content if isinstance(content, str) else json.dumps(content))
        return path

    def api_requests(self):
        return self.emu.requests()

    def assertNoSecrets(self, res, *secrets):
        for s in (TOKEN, SECRET) + secrets:
            self.assertNotIn(s, res.out, f"secret {s!r} on stdout")
            self.assertNotIn(s, res.err, f"secret {s!r} on stderr")


class TestList(CliTestCase):
    def test_list_prints_the_sample_registries_and_exits_0(self):
        res = run(["list"], self.env)
        self.assertEqual(res.rc, 0, res)
        names = [r["name"] for r in self.emu.state()["registries"]]
        self.assertTrue(names)
        for n in names:
            self.assertIn(n, res.out)
        self.assertIn("ID", res.out.splitlines()[0])
        self.assertNoSecrets(res)

    def test_list_json_is_the_service_objects_without_secrets(self):
        res = run(["list", "--json"], self.env)
        self.assertEqual(res.rc, 0, res)
        doc = json.loads(res.out)
        state = self.emu.state()["registries"]
        self.assertEqual(doc["total"], len(state))
        self.assertEqual(sorted(r["id"] for r in doc["registries"]), sorted(r["id"] for r in state))
        for r in doc["registries"]:
            self.assertNotIn("access_secret", r.get("credential", {}))
        for r in state:
            self.assertNotIn(r["credential"]["access_secret"], res.out)

    def test_list_name_filter_is_sent_to_the_service(self):
        res = run(["list", "--name", "harbor"], self.env)
        self.assertEqual(res.rc, 0, res)
        reqs = self.api_requests()
        self.assertEqual(len(reqs), 1)
        self.assertIn("name=harbor", reqs[0]["query"])
        self.assertIn("limit=100", reqs[0]["query"])

    def test_list_with_an_unknown_type_is_a_usage_error_and_sends_nothing(self):
        res = run(["list", "--type", "docker-hub"], self.env)
        self.assertEqual(res.rc, 2, res)
        self.assertIn("--type must be swr-pro, swr-pro-internal or huawei-SWR", res.err)
        self.assertEqual(self.api_requests(), [])

    def test_options_may_follow_the_command(self):
        env = base_env(None, home=self.tmp.name, SWRTUI_TOKEN=TOKEN)
        res = run(["list", "--endpoint", self.emu.url, "--json", "--project-id", PROJECT,
                   "--instance-id=" + INSTANCE], env)
        self.assertEqual(res.rc, 0, res)
        self.assertIn("registries", json.loads(res.out))


class TestPaging(unittest.TestCase):
    def test_250_registries_are_fetched_in_pages_of_100_over_one_connection(self):
        with tempfile.TemporaryDirectory() as home, Emulator("--generate", "250") as emu:
            env = base_env(emu, home=home)
            before = emu.stats()["connections"]
            res = run(["list", "--json"], env)
            # the emulator counts every TCP connection it accepts: swrtui's, and this stats call's own
            after = emu.stats()["connections"]
            self.assertEqual(res.rc, 0, res)
            doc = json.loads(res.out)
            self.assertEqual(len(doc["registries"]), 250)
            self.assertEqual(len({r["id"] for r in doc["registries"]}), 250)
            reqs = emu.requests()
            offsets = [dict(p.split("=") for p in r["query"].split("&"))["offset"] for r in reqs]
            self.assertEqual(offsets, ["0", "100", "200"])
            self.assertEqual(after - before, 2, "swrtui should make its three requests over one connection")


class TestShow(CliTestCase):
    def test_show_prints_fields_and_never_a_secret(self):
        reg = self.emu.state()["registries"][0]
        res = run(["show", str(reg["id"])], self.env)
        self.assertEqual(res.rc, 0, res)
        self.assertIn(reg["name"], res.out)
        self.assertIn(reg["url"], res.out)
        self.assertNotIn(reg["credential"]["access_secret"], res.out)

    def test_show_json_has_no_access_secret_member(self):
        reg = self.emu.state()["registries"][0]
        res = run(["show", str(reg["id"]), "--json"], self.env)
        self.assertEqual(res.rc, 0, res)
        doc = json.loads(res.out)
        self.assertEqual(doc["id"], reg["id"])
        self.assertNotIn("access_secret", doc["credential"])

    def test_show_json_prints_what_the_service_sent_minus_the_secret(self):
        self.emu.fault(method="GET", status=200, json={
            "id": 1, "name": "n", "type": "swr-pro", "url": "https://h.example.com", "vendor_field": {"a": 1},
            "credential": {"type": "basic", "access_key": "k", "access_secret": "leaked-if-printed"},
            "insecure": False})
        res = run(["show", "1", "--json"], self.env)
        self.assertEqual(res.rc, 0, res)
        doc = json.loads(res.out)
        self.assertEqual(doc["vendor_field"], {"a": 1})
        self.assertEqual(doc["credential"], {"type": "basic", "access_key": "k"})
        self.assertNotIn("leaked-if-printed", res.out + res.err)

    def test_show_unknown_registry_is_404_exit_1_with_code_and_request_id(self):
        res = run(["show", "999999"], self.env)
        self.assertEqual(res.rc, 1, res)
        self.assertIn("HTTP 404", res.err)
        self.assertIn("error_code:", res.err)
        self.assertRegex(res.err, r"request id:\s+[0-9a-f]{32}")

    def test_show_with_a_non_numeric_id_is_a_usage_error(self):
        res = run(["show", "seven"], self.env)
        self.assertEqual(res.rc, 2, res)
        self.assertIn('"seven" is not a registry ID', res.err)
        self.assertEqual(self.api_requests(), [])

    def test_a_2xx_with_an_html_body_is_reported_not_crashed(self):
        self.emu.fault(method="GET", status=200, body="<html><body>proxy login</body></html>",
                       headers={"Content-Type": "text/html"})
        res = run(["show", "1"], self.env)
        self.assertEqual(res.rc, 1, res)
        self.assertIn("the service answered 200 but the body is not a registry", res.err)


class TestApply(CliTestCase):
    def test_apply_makes_exactly_one_strict_json_put_matching_the_reference(self):
        path = self.write("body.json", BODY_7)
        res = run(["apply", "7", path], self.env)
        self.assertEqual(res.rc, 0, res)
        self.assertEqual(res.out.strip(), "updated registry 7")
        reqs = self.api_requests()
        self.assertEqual(len(reqs), 1, reqs)
        put = reqs[0]
        self.assertEqual(put["method"], "PUT")
        self.assertEqual(put["path"], f"/v2/{PROJECT}/instances/{INSTANCE}/registries/7")
        headers = {k.lower(): v for k, v in put["headers"].items()}
        self.assertEqual(headers["x-auth-token"], TOKEN)
        self.assertEqual(headers["content-type"], "application/json")
        # strict JSON, fields in the order of the API's request body, nothing hidden by the type sent
        expected = ('{"name":"harbor-mirror","description":"updated from the command line","type":"swr-pro",'
                    '"url":"https://harbor.example.com","credential":{"type":"basic","access_key":"robot$mirror",'
                    '"access_secret":"' + SECRET + '"},"dns_conf":{"hosts":{"harbor.example.com":"192.0.2.10"}},'
                    '"insecure":false}')
        self.assertEqual(put["body"], expected)
        self.assertEqual(json.loads(put["body"]), BODY_7)
        stored = next(r for r in self.emu.state()["registries"] if r["id"] == 7)
        self.assertEqual(stored["credential"]["access_secret"], SECRET)
        self.assertEqual(stored["url"], "https://harbor.example.com")
        self.assertNoSecrets(res)

    def test_apply_reads_standard_input(self):
        res = run(["apply", "7", "-"], self.env, stdin=json.dumps(BODY_7))
        self.assertEqual(res.rc, 0, res)
        self.assertEqual(len(self.api_requests()), 1)

    def test_apply_of_an_invalid_file_lists_every_problem_and_sends_nothing(self):
        bad = dict(BODY_7, name="bad name!", url="ftp://x", type="swr-pro-internal",
                   credential={"type": "basic", "access_key": "", "access_secret": SECRET})
        path = self.write("bad.json", bad)
        res = run(["apply", "7", path], self.env)
        self.assertEqual(res.rc, 2, res)
        for field in ("name", "url", "project_id", "region_id", "instance_id", "credential.access_key"):
            self.assertRegex(res.err, rf"bad\.json: {field}: ", field)
        self.assertIn("nothing was sent", res.err)
        self.assertEqual(self.api_requests(), [])

    def test_apply_refuses_a_file_without_insecure_because_put_replaces_everything(self):
        body = dict(BODY_7)
        del body["insecure"]
        res = run(["apply", "7", self.write("noinsecure.json", body)], self.env)
        self.assertEqual(res.rc, 2, res)
        self.assertIn("insecure: insecure is required (true or false)", res.err)
        self.assertEqual(self.api_requests(), [])

    def test_apply_refuses_a_masked_secret_placeholder(self):
        path = self.write("masked.json", dict(BODY_7, credential={"type": "basic", "access_key": "k",
                                                                   "access_secret": "*****"}))
        res = run(["apply", "7", path], self.env)
        self.assertEqual(res.rc, 2, res)
        self.assertIn("credential.access_secret", res.err)
        self.assertEqual(self.api_requests(), [])

    def test_apply_refuses_the_seed_example_with_its_trailing_comma(self):
        path = self.write("seed.json", '{"name": "test112", "type": "swr-pro-internal", "insecure": true,'
                                       ' "url": "https://x.example.com", "credential": {"type": "basic",'
                                       ' "access_key": "a", "access_secret": "b"},}')
        res = run(["apply", "7", path], self.env)
        self.assertEqual(res.rc, 2, res)
        self.assertIn("seed.json:", res.err)
        self.assertEqual(self.api_requests(), [])

    def test_apply_dry_run_prints_the_request_redacted_and_sends_nothing(self):
        path = self.write("body.json", BODY_7)
        res = run(["apply", "7", path, "--dry-run"], self.env)
        self.assertEqual(res.rc, 0, res)
        self.assertIn(f"PUT {self.emu.url}/v2/{PROJECT}/instances/{INSTANCE}/registries/7", res.out)
        self.assertIn("X-Auth-Token: <redacted>", res.out)
        self.assertIn('"access_secret":"<redacted>"', res.out)
        self.assertIn("Content-Type: application/json", res.out)
        self.assertNoSecrets(res)
        self.assertEqual(self.api_requests(), [])

    def test_apply_of_an_internal_registry_warns_about_insecure_false_but_sends(self):
        body = dict(BODY_7, type="swr-pro-internal", project_id="p1", region_id="cn-north-4",
                    instance_id="i1", insecure=False)
        del body["dns_conf"]
        res = run(["apply", "7", self.write("internal.json", body)], self.env)
        self.assertEqual(res.rc, 0, res)
        self.assertIn("warning: insecure", res.err)
        sent = json.loads(self.api_requests()[0]["body"])
        self.assertEqual(sent["project_id"], "p1")
        self.assertIs(sent["insecure"], False)

    def test_apply_to_an_unknown_registry_is_404_exit_1(self):
        res = run(["apply", "424242", self.write("body.json", BODY_7)], self.env)
        self.assertEqual(res.rc, 1, res)
        self.assertIn("HTTP 404", res.err)


class TestCreateDelete(CliTestCase):
    def test_create_posts_and_prints_the_new_id(self):
        body = dict(BODY_7, name="created-one")
        res = run(["create", self.write("new.json", body)], self.env)
        self.assertEqual(res.rc, 0, res)
        self.assertRegex(res.out, r"^created registry \d+$")
        new_id = int(res.out.split()[-1])
        self.assertTrue(any(r["id"] == new_id and r["name"] == "created-one"
                            for r in self.emu.state()["registries"]))
        reqs = self.api_requests()
        self.assertEqual([r["method"] for r in reqs], ["POST"])

    def test_a_create_answered_2xx_without_an_id_is_still_a_success(self):
        self.emu.fault(method="POST", status=201, json={"result": "ok"})
        res = run(["create", self.write("noid.json", dict(BODY_7, name="no-id"))], self.env)
        self.assertEqual(res.rc, 0, res)
        self.assertEqual(res.out.strip(), "created registry (ID not returned)")
        self.assertIn("did not say the new registry's ID", res.err)

    def test_dry_run_shows_every_header_that_is_sent(self):
        path = self.write("body.json", BODY_7)
        dry = run(["apply", "7", path, "--dry-run"], self.env)
        self.assertEqual(dry.rc, 0, dry)
        self.assertEqual(run(["apply", "7", path], self.env).rc, 0)
        sent = self.api_requests()[-1]["headers"]
        shown = {line.split(":", 1)[0].lower() for line in dry.out.split("\n\n")[0].splitlines()[1:]}
        self.assertEqual({k.lower() for k in sent}, shown)

    def test_create_dry_run_sends_nothing(self):
        res = run(["create", self.write("new.json", BODY_7), "--dry-run"], self.env)
        self.assertEqual(res.rc, 0, res)
        self.assertIn(f"POST {self.emu.url}/v2/{PROJECT}/instances/{INSTANCE}/registries\n", res.out)
        self.assertEqual(self.api_requests(), [])

    def test_delete_yes_deletes(self):
        res = run(["create", self.write("doomed.json", dict(BODY_7, name="doomed"))], self.env)
        new_id = res.out.split()[-1]
        self.emu.reset()
        res = run(["delete", new_id, "--yes"], self.env)
        self.assertEqual(res.rc, 0, res)
        self.assertEqual(res.out.strip(), f"deleted registry {new_id}")
        self.assertFalse(any(str(r["id"]) == new_id for r in self.emu.state()["registries"]))
        self.assertEqual([r["method"] for r in self.api_requests()], ["DELETE"])

    def test_delete_without_yes_off_a_terminal_refuses_and_sends_nothing(self):
        res = run(["delete", "1"], self.env, stdin="y\n")
        self.assertEqual(res.rc, 2, res)
        self.assertIn("pass --yes", res.err)
        self.assertEqual(self.api_requests(), [])

    def test_delete_dry_run_prints_the_delete(self):
        res = run(["delete", "3", "--dry-run"], self.env)
        self.assertEqual(res.rc, 0, res)
        self.assertIn(f"DELETE {self.emu.url}/v2/{PROJECT}/instances/{INSTANCE}/registries/3", res.out)
        self.assertEqual(self.api_requests(), [])


class TestServiceErrors(CliTestCase):
    def check_refusal(self, status, code, msg, hint_part):
        self.emu.fault(method="GET", status=status, json={"error_code": code, "error_msg": msg})
        res = run(["show", "1"], self.env)
        self.assertEqual(res.rc, 1, res)
        self.assertIn(f"HTTP {status}", res.err)
        self.assertIn(code, res.err)
        self.assertIn(msg, res.err)
        self.assertRegex(res.err, r"request id:\s+[0-9a-f]{32}")
        self.assertIn(hint_part, res.err)
        return res

    def test_400_invalid_parameters(self):
        self.check_refusal(400, "SVCSTG.SWR.4000014", "Invalid parameter: url", "fix the named field")

    def test_401_expired_token(self):
        self.check_refusal(401, "SVCSTG.SWR.4010000", "Authentication failed", "get a new token (swrtui login)")

    def test_403_insufficient_permissions(self):
        self.check_refusal(403, "SVCSTG.SWR.4030170", "Insufficient permissions", "grant the IAM action")

    def test_404_not_found(self):
        self.check_refusal(404, "SVCSTG.SWR.4040083", "URL not found", "check the project ID")

    def test_500_internal_error(self):
        self.check_refusal(500, "SVCSTG.SWR.5000007", "Internal error", "quote the request ID")

    def test_a_wrong_token_is_refused_by_the_emulator_with_401(self):
        env = dict(self.env, SWRTUI_TOKEN="not-the-token")
        res = run(["list"], env)
        self.assertEqual(res.rc, 1, res)
        self.assertIn("HTTP 401", res.err)
        self.assertIn("SVCSTG.SWR.4010000", res.err)
        self.assertNotIn("not-the-token", res.err + res.out)

    def test_403_with_encoded_authorization_message_shows_it_with_its_length(self):
        with Emulator("--sample", "--forbidden-token", "weak-token") as emu:
            env = base_env(emu, home=self.tmp.name, SWRTUI_TOKEN="weak-token")
            res = run(["list"], env)
        self.assertEqual(res.rc, 1, res)
        self.assertIn("HTTP 403", res.err)
        self.assertIn("SVCSTG.SWR.4030170", res.err)
        self.assertRegex(res.err, r"encoded authorization message: \(\d+ characters")

    def test_old_error_format_is_decoded(self):
        self.emu.fault(method="GET", status=403, action="old_format", code="SVCSTG.SWR.4039002",
                       message="No permission for this operation")
        res = run(["show", "1"], self.env)
        self.assertEqual(res.rc, 1, res)
        self.assertIn("SVCSTG.SWR.4039002", res.err)
        self.assertIn("No permission for this operation", res.err)

    def test_gateway_throttling_429_names_the_gateway_and_hints(self):
        # a Retry-After over the 30 s cap is not waited for: the answer is reported at once
        self.emu.fault(method="GET", status=429, headers={"Retry-After": "60"},
                       json={"error_code": "APIGW.0308", "error_msg": "The throttling threshold has been reached",
                             "request_id": "abc123"})
        res = run(["show", "1"], self.env)
        self.assertEqual(res.rc, 1, res)
        self.assertIn("APIGW.0308", res.err)
        self.assertIn("the API gateway answered", res.err)
        self.assertIn("throttled", res.err)
        self.assertEqual(len(self.api_requests()), 1)

    def test_an_html_error_body_is_shown_as_text_not_json(self):
        self.emu.fault(method="GET", status=502, body="<html><h1>502 Bad Gateway</h1></html>",
                       headers={"Content-Type": "text/html"})
        res = run(["show", "1"], self.env)
        self.assertEqual(res.rc, 1, res)
        self.assertIn("HTTP 502 Bad Gateway", res.err)
        self.assertIn("not an SWR error document", res.err)
        self.assertIn("<h1>502 Bad Gateway</h1>", res.err)

    def test_an_empty_error_body_is_reported(self):
        self.emu.fault(method="GET", status=500, body="")
        res = run(["show", "1"], self.env)
        self.assertEqual(res.rc, 1, res)
        self.assertIn("the response had no body", res.err)

    def test_control_characters_from_the_server_never_reach_the_terminal(self):
        self.emu.fault(method="GET", status=400, json={"error_code": "X", "error_msg": "evil\u001b[2Jtext"})
        res = run(["show", "1"], self.env)
        self.assertEqual(res.rc, 1, res)
        self.assertNotIn("\x1b", res.err)
        self.assertIn("evil\\x1b[2Jtext", res.err)

    def test_an_oversized_body_is_cut_off_with_a_clear_error(self):
        self.emu.fault(method="GET", action="oversize", size=50 * 1024 * 1024, valid_json=True)
        res = run(["list"], self.env)
        self.assertEqual(res.rc, 1, res)
        self.assertIn("larger than the 8388608-byte limit", res.err)

    def test_a_redirect_is_not_followed_and_the_other_host_gets_nothing(self):
        with Emulator() as other:
            self.emu.fault(method="GET", action="redirect", status=302,
                           location=other.url + self.emu.api_path("registries"))
            res = run(["list"], self.env)
            self.assertEqual(res.rc, 1, res)
            self.assertIn("redirect", res.err)
            self.assertIn("not followed", res.err)
            self.assertEqual(other.requests(), [])
            self.assertEqual(other.stats()["requests"], 0)


class TestTransport(CliTestCase):
    def test_connection_refused_is_exit_3_connect(self):
        env = dict(self.env, SWRTUI_ENDPOINT=f"http://127.0.0.1:{free_port()}")
        res = run(["list"], env)
        self.assertEqual(res.rc, 3, res)
        self.assertIn("connect failed", res.err)

    def test_plain_http_to_a_remote_host_is_refused_before_anything_is_sent(self):
        env = dict(self.env, SWRTUI_ENDPOINT="http://swr-api.cn-north-4.myhuaweicloud.com")
        res = run(["list"], env)
        self.assertEqual(res.rc, 2, res)
        self.assertIn("uses plain http://, which would send the token unencrypted", res.err)

    def test_name_resolution_failure_is_exit_3(self):
        env = dict(self.env, SWRTUI_ENDPOINT="https://no..such..host")
        res = run(["list"], env)
        self.assertEqual(res.rc, 3, res)
        self.assertIn("name resolution failed", res.err)

    def test_a_stall_past_the_timeout_is_exit_3_timeout(self):
        self.emu.fault(method="GET", delay=5)
        res = run(["list", "--timeout", "1"], self.env)
        self.assertEqual(res.rc, 3, res)
        self.assertIn("timeout failed", res.err)
        self.assertIn("within 1.0 s", res.err)

    def test_a_connection_reset_mid_body_is_exit_3(self):
        self.emu.fault(method="GET", action="reset_mid_body")
        res = run(["list", "--attempts", "1"], self.env)
        self.assertEqual(res.rc, 3, res)
        self.assertIn("cannot reach the service", res.err)

    def test_a_dropped_connection_is_exit_3(self):
        self.emu.fault(method="GET", action="drop")
        res = run(["show", "1", "--attempts", "1"], self.env)
        self.assertEqual(res.rc, 3, res)
        self.assertIn("cannot reach the service", res.err)
        self.assertIn("transfer failed", res.err)


class TestTLS(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.cert, cls.key = make_cert(cls.tmp.name, "server")
        cls.emu = Emulator("--sample", "--tls-cert", cls.cert, "--tls-key", cls.key)

    @classmethod
    def tearDownClass(cls):
        cls.emu.stop()
        cls.tmp.cleanup()

    def test_unknown_ca_is_a_clear_tls_error_never_a_downgrade(self):
        self.assertTrue(self.emu.url.startswith("https://"))
        res = run(["list"], base_env(self.emu, home=self.tmp.name))
        self.assertEqual(res.rc, 3, res)
        self.assertIn("TLS failed", res.err)
        self.assertIn("certificate", res.err)
        self.assertIn("--cacert", res.err)

    def test_cacert_makes_it_work(self):
        res = run(["list", "--cacert", self.cert], base_env(self.emu, home=self.tmp.name))
        self.assertEqual(res.rc, 0, res)
        self.assertIn("NAME", res.out)

    def test_a_missing_cacert_file_is_a_usage_error(self):
        res = run(["list", "--cacert", "/nonexistent/ca.pem"], base_env(self.emu, home=self.tmp.name))
        self.assertEqual(res.rc, 2, res)
        self.assertIn("/nonexistent/ca.pem", res.err)


class TestSettings(CliTestCase):
    def write_config(self, text):
        d = os.path.join(self.tmp.name, "cfg", "swrtui")
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "config"), "w") as f:
            f.write(text)
        return os.path.join(self.tmp.name, "cfg")

    def test_a_profile_supplies_endpoint_project_and_instance(self):
        cfg = self.write_config(f"[default]\nregion = cn-north-4\n\n[emu]\nendpoint = {self.emu.url}\n"
                                f"project_id = {PROJECT}\ninstance_id = {INSTANCE}\n")
        env = base_env(None, home=self.tmp.name, XDG_CONFIG_HOME=cfg, SWRTUI_TOKEN=TOKEN)
        res = run(["list", "--profile", "emu"], env)
        self.assertEqual(res.rc, 0, res)
        self.assertIn("NAME", res.out)

    def test_flag_wins_over_environment_which_wins_over_profile(self):
        cfg = self.write_config(f"[default]\nendpoint = http://127.0.0.1:{free_port()}\n"
                                f"project_id = {PROJECT}\ninstance_id = {INSTANCE}\n")
        dead = f"http://127.0.0.1:{free_port()}"
        env = base_env(None, home=self.tmp.name, XDG_CONFIG_HOME=cfg, SWRTUI_TOKEN=TOKEN,
                       SWRTUI_ENDPOINT=self.emu.url)
        self.assertEqual(run(["list"], env).rc, 0)  # environment over profile
        env["SWRTUI_ENDPOINT"] = dead
        res = run(["list", "--endpoint", self.emu.url], env)  # flag over environment
        self.assertEqual(res.rc, 0, res)
        res = run(["list"], env)
        self.assertEqual(res.rc, 3, res)
        self.assertIn(dead, res.err)

    def test_an_unknown_profile_is_a_usage_error(self):
        cfg = self.write_config("[default]\nregion = cn-north-4\n")
        env = base_env(self.emu, home=self.tmp.name, XDG_CONFIG_HOME=cfg)
        res = run(["list", "--profile", "nope"], env)
        self.assertEqual(res.rc, 2, res)
        self.assertIn('profile "nope" is not in', res.err)

    def test_a_token_in_the_config_file_is_refused(self):
        cfg = self.write_config("[default]\ntoken = abc\n")
        res = run(["list"], base_env(self.emu, home=self.tmp.name, XDG_CONFIG_HOME=cfg))
        self.assertEqual(res.rc, 2, res)
        self.assertIn("secrets are not kept in the config file", res.err)

    def test_region_maps_to_the_public_endpoint_in_a_dry_run(self):
        env = base_env(self.emu, home=self.tmp.name, SWRTUI_ENDPOINT=None)
        res = run(["delete", "5", "--dry-run", "--region", "cn-north-4"], env)
        self.assertEqual(res.rc, 0, res)
        self.assertIn("DELETE https://swr-api.cn-north-4.myhuaweicloud.com/v2/", res.out)
        res = run(["delete", "5", "--dry-run", "--region", "eu-west-101"], env)
        self.assertIn("DELETE https://swr-api.eu-west-101.myhuaweicloud.eu/v2/", res.out)

    def test_a_token_on_the_command_line_is_refused(self):
        res = run(["list", "--token", "abc"], self.env)
        self.assertEqual(res.rc, 2, res)
        self.assertIn("--token is not accepted", res.err)
        self.assertEqual(self.api_requests(), [])

    def test_token_file_is_read(self):
        path = self.write("token", TOKEN + "\n")
        os.chmod(path, 0o600)  # a token file must be private
        env = dict(self.env)
        del env["SWRTUI_TOKEN"]
        res = run(["list", "--token-file", path], env)
        self.assertEqual(res.rc, 0, res)

    def test_no_credential_is_a_usage_error(self):
        env = dict(self.env)
        del env["SWRTUI_TOKEN"]
        res = run(["list"], env)
        self.assertEqual(res.rc, 2, res)
        self.assertIn("no credential", res.err)

    def test_missing_token_file_is_a_usage_error(self):
        res = run(["list", "--token-file", "/nonexistent/token"], self.env)
        self.assertEqual(res.rc, 2, res)
        self.assertIn("/nonexistent/token", res.err)

    def test_help_and_version(self):
        res = run(["--help"], self.env)
        self.assertEqual(res.rc, 0)
        for word in ("list", "show", "apply", "create", "delete", "--dry-run", "--endpoint", "--region",
                     "--project-id", "--instance-id", "--cacert", "--timeout", "--profile", "--token-file",
                     "Exit status"):
            self.assertIn(word, res.out)
        res = run(["--version"], self.env)
        self.assertEqual(res.rc, 0)
        self.assertRegex(res.out, r"^swrtui \d+\.\d+\.\d+\n")

    def test_version_names_the_libraries_as_loaded(self):
        # the oracle: the same shared libraries asked through ctypes, not the program's own words
        import ctypes

        def text_of(lib, fn, *args):
            f = getattr(ctypes.CDLL(lib), fn)
            f.restype = ctypes.c_char_p
            return f(*args).decode()
        curl = text_of("libcurl.so.4", "curl_version")            # "libcurl/7.88.1 OpenSSL/3.0.17 …"
        curl_version = curl.split()[0].split("/")[1]
        tls = next(p for p in curl.split()[1:] if p.lower().startswith(("openssl", "gnutls", "wolfssl")))
        expected = ["swrtui ",
                    text_of("libncursesw.so.6", "curses_version"),    # "ncurses 6.4.20221231"
                    "libcurl %s (TLS: %s)" % (curl_version, tls),
                    text_of("libcrypto.so.3", "OpenSSL_version", 0),   # "OpenSSL 3.0.17 1 Jul 2025"
                    "cJSON " + text_of("libcjson.so.1", "cJSON_Version")]
        res = run(["--version"], self.env)
        self.assertEqual(res.rc, 0, res)
        lines = res.out.splitlines()
        self.assertEqual(len(lines), 5, res.out)
        self.assertTrue(lines[0].startswith(expected[0]), res.out)
        self.assertEqual(lines[1:], expected[1:])

    def test_help_command_and_command_help_print_that_commands_usage_and_options(self):
        for args in (["help", "delete"], ["delete", "--help"], ["--help", "delete"]):
            with self.subTest(args=args):
                res = run(args, self.env)
                self.assertEqual(res.rc, 0, res)
                self.assertTrue(res.out.startswith("Usage:\n  swrtui [options] delete ID [--yes]\n"), res.out)
                self.assertIn("Options of delete:", res.out)
                opts = re.findall(r"^  (--[a-z-]+)", res.out, re.M)
                self.assertEqual(opts, ["--dry-run", "--yes"], "the options whose help names delete")
                self.assertIn("\nDelete registry ID.\n", res.out)
                self.assertNotIn("Keys in the terminal UI", res.out, "not the whole usage")
        res = run(["help", "replicate"], self.env)
        self.assertEqual(re.findall(r"^  (--[a-z-]+)", res.out, re.M), ["--dry-run", "--wait"])
        self.assertIn("\nRun a policy, --wait: to its end.\n", res.out)
        res = run(["help", "rotate"], self.env)   # a command named after "; " in an option's help
        self.assertEqual(re.findall(r"^  (--[a-z-]+)", res.out, re.M),
                         ["--dry-run", "--access-key", "--new-access-key"])

    def test_help_alone_is_the_whole_usage(self):
        res = run(["help"], self.env)
        self.assertEqual((res.rc, res.out), (0, run(["--help"], self.env).out))

    def test_a_mistyped_command_or_option_is_answered_with_the_nearest(self):
        cases = {("shwo", "7"): 'unknown command "shwo": did you mean "show"?',
                 ("lsit",): 'unknown command "lsit": did you mean "list"?',
                 ("help", "replicat"): 'unknown command "replicat": did you mean "replicate"?',
                 ("list", "--endpont=https://a.example"): 'unknown option "--endpont": did you mean "--endpoint"?',
                 ("list", "--jsno"): 'unknown option "--jsno": did you mean "--json"?'}
        for args, message in cases.items():
            with self.subTest(args=args):
                res = run(list(args), self.env)
                self.assertEqual((res.rc, res.out), (2, ""), res)
                self.assertIn(message, res.err)
        res = run(["frobnicate"], self.env)
        self.assertNotIn("did you mean", res.err, "nothing near enough")

    def test_an_unknown_option_never_echoes_its_value(self):
        res = run(["list", "--secret-key=Zm9vYmFyU0VDUkVU"], self.env)
        self.assertEqual(res.rc, 2, res)
        self.assertIn('unknown option "--secret-key"', res.err)
        self.assertNotIn("Zm9vYmFyU0VDUkVU", res.err + res.out)

    def test_unknown_option_and_command_are_usage_errors(self):
        self.assertEqual(run(["list", "--frobnicate"], self.env).rc, 2)
        res = run(["frobnicate"], self.env)
        self.assertEqual(res.rc, 2)
        self.assertIn('unknown command "frobnicate"', res.err)


    def test_the_terminal_commands_refuse_a_bad_id_or_extra_arguments_before_taking_the_screen(self):
        # the same ID rule as the plain commands (registry_parse_id): digits only, 0..2147483647
        for bad in ("seven", "+1", "2147483648", "7x", "0x10"):
            res = run(["edit", bad], self.env)
            self.assertEqual(res.rc, 2, (bad, res))
            self.assertIn("usage: swrtui [options] edit ID", res.err)
        self.assertIn('unknown option "-1"', run(["edit", "-1"], self.env).err)
        self.assertEqual(run(["edit"], self.env).rc, 2)
        res = run(["new", "3"], self.env)
        self.assertEqual(res.rc, 2, res)
        self.assertIn("usage: swrtui [options] new", res.err)
        self.assertEqual(self.api_requests(), [])

if __name__ == "__main__":
    unittest.main()
