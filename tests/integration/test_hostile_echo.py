"""A hostile service: it echoes the secrets it was sent (escaped in JSON, in the reason phrase, in
X-Request-Id and other headers, in an HTML page) and writes terminal control sequences (a window title,
an OSC 52 clipboard write, a screen clear) and look-alike characters (C1 controls, DEL, bidi overrides)
into what swrtui prints. Nothing of it may reach stdout or stderr as it came: secrets are redacted in
every form, control sequences escaped, --json stays JSON with C1 and DEL as \\u escapes, and bidi or
invisible characters are shown as ‹U+202E›."""
import json
import os
import socket
import tempfile
import threading
import unittest

from harness import INSTANCE, PROJECT, base_env, run

TOKEN = "ECHO/tok+4f1e2d3c5b6a7980"
AK = "AKECHOEXAMPLE0000001"
SK = "ECHO-secret/key-5b2d8c41aa90"
SEC_TOKEN = "ECHO-security/token-77ab03"
REG_SECRET = "ECHO-registry-secret-c4d2"
HOSTILE = "\x1b]0;pwned\x07\x1b]52;c;ZXZpbA==\x07\x1b[2J"
RAW_MARKS = ("\x1b", "\x07", "\x9b", "\x7f", "\u202e")


def u_escaped(s):
    """Every character as a JSON \\u escape."""
    return "".join("\\u%04X" % ord(c) for c in s)


def slash_escaped(s):
    return s.replace("/", "\\/")


def registry(name="hostile", **over):
    r = {"id": 7, "name": name, "description": "d", "type": "swr-pro", "url": "https://harbor.example.com",
         "credential": {"type": "basic", "access_key": "robot"}, "dns_conf": {"hosts": {}},
         "insecure": False, "status": "healthy", "created_at": "2024-01-01T00:00:00Z",
         "updated_at": "2024-01-01T00:00:00Z"}
    r.update(over)
    return r


class Hostile:
    """A server that answers every request with the one prepared answer (raw bytes: any reason phrase,
    any header value, any body), and keeps the requests it read."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.url = "http://127.0.0.1:%d" % self.sock.getsockname()[1]
        self.answer = b""
        self.requests = []
        self.stopping = False
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def set_answer(self, status, reason, headers, body):
        if isinstance(body, str):
            body = body.encode("utf-8")
        head = "HTTP/1.1 %d " % status
        lines = [head.encode() + reason.encode("utf-8")]
        for name, value in headers:
            lines.append(name.encode() + b": " + value.encode("utf-8"))
        lines.append(b"Content-Length: %d" % len(body))
        lines.append(b"Connection: close")
        self.answer = b"\r\n".join(lines) + b"\r\n\r\n" + body

    def serve(self):
        while not self.stopping:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            if self.stopping:
                conn.close()
                return
            with conn:
                conn.settimeout(10)
                try:
                    self.requests.append(self.read_request(conn))
                    conn.sendall(self.answer)
                except OSError:
                    pass

    @staticmethod
    def read_request(conn):
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(65536)
            if not chunk:
                return data
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value.strip())
        while len(body) < length:
            chunk = conn.recv(65536)
            if not chunk:
                break
            body += chunk
        return head + b"\r\n\r\n" + body

    def stop(self):
        self.stopping = True
        try:     # wakes the accept() of serve, which closing the socket alone does not
            socket.create_connection(self.sock.getsockname(), timeout=5).close()
        except OSError:
            pass
        self.thread.join(timeout=10)
        self.sock.close()


class HostileTestCase(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Hostile()
        cls.dir = tempfile.TemporaryDirectory()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.dir.cleanup()

    def env(self, **extra):
        settings = dict(SWRTUI_ENDPOINT=self.server.url, SWRTUI_PROJECT_ID=PROJECT, SWRTUI_INSTANCE_ID=INSTANCE,
                        SWRTUI_TOKEN=TOKEN)
        settings.update(extra)
        return base_env(None, home=self.dir.name, **settings)

    def aksk_env(self):
        return self.env(SWRTUI_TOKEN=None, CLOUD_SDK_AK=AK, CLOUD_SDK_SK=SK, CLOUD_SDK_SECURITY_TOKEN=SEC_TOKEN)

    def assertNoEcho(self, res, *secrets):
        """No secret in the output, neither as it is nor in an escaped form a terminal user could decode."""
        text = res.out + res.err
        for s in secrets:
            for form in (s, u_escaped(s), u_escaped(s).lower(), slash_escaped(s), s.replace("/", "")):
                self.assertNotIn(form, text, "a secret is echoed (as %r)\n%r" % (form, res))

    def assertNoRaw(self, res):
        for stream, text in (("stdout", res.out), ("stderr", res.err)):
            for mark in RAW_MARKS:
                self.assertNotIn(mark, text, "%r reached %s raw\n%r" % (mark, stream, res))

    def write(self, name, obj):
        path = os.path.join(self.dir.name, name)
        with open(path, "w") as f:
            json.dump(obj, f)
        os.chmod(path, 0o600)
        return path


class TestSecretEchoes(HostileTestCase):
    """Item 4: the secrets swrtui sent come back from the server in every form; none is printed."""

    # 4xx answers: swrtui does not send them again, so each run makes one request
    def error_body(self, msg):
        return '{"error_code": "SVCSTG.SWR.4010001", "error_msg": "%s"}' % msg

    def test_token_echoed_with_json_unicode_escapes_is_redacted(self):
        self.server.set_answer(401, "Unauthorized", [("Content-Type", "application/json")],
                               self.error_body("bad token " + u_escaped(TOKEN)))
        for args in (["show", "7"], ["show", "7", "--verbose"], ["list", "--verbose"]):
            res = run(args, self.env())
            self.assertEqual(res.rc, 1, res)
            self.assertIn("bad token <redacted>", res.err, res)
            self.assertNoEcho(res, TOKEN)

    def test_token_echoed_with_escaped_slashes_is_redacted(self):
        self.server.set_answer(401, "Unauthorized", [("Content-Type", "application/json")],
                               self.error_body("bad token " + slash_escaped(TOKEN)))
        res = run(["show", "7", "--verbose"], self.env())
        self.assertEqual(res.rc, 1, res)
        self.assertIn("bad token <redacted>", res.err, res)
        self.assertNoEcho(res, TOKEN)

    def test_token_echoed_in_reason_phrase_request_id_and_headers_is_redacted(self):
        self.server.set_answer(403, "Forbidden " + TOKEN,
                               [("Content-Type", "application/json"), ("X-Request-Id", "rid-" + TOKEN),
                                ("X-Echo", "you sent " + TOKEN)],
                               self.error_body("denied"))
        for args in (["show", "7"], ["show", "7", "--verbose"]):
            res = run(args, self.env())
            self.assertEqual(res.rc, 1, res)
            self.assertIn("HTTP 403 Forbidden <redacted>", res.err, res)
            self.assertIn("rid-<redacted>", res.err, res)
            self.assertNoEcho(res, TOKEN)
        self.assertIn("X-Echo: you sent <redacted>", res.err, res)

    def test_access_secret_echoed_in_an_html_body_is_redacted(self):
        body = registry("echo-html", credential={"type": "basic", "access_key": "robot",
                                                 "access_secret": REG_SECRET})
        body.pop("id")
        for k in ("status", "created_at", "updated_at"):
            body.pop(k)
        path = self.write("create.json", body)
        html = ("<html><body><h1>400 Bad Request</h1><p>rejected %s</p><p>%s</p></body></html>"
                % (REG_SECRET, "".join("&#%d;" % ord(c) for c in REG_SECRET)))
        self.server.set_answer(400, "Bad Request", [("Content-Type", "text/html")], html)
        for args in (["create", path], ["create", path, "--verbose"]):
            res = run(args, self.env())
            self.assertEqual(res.rc, 1, res)
            self.assertIn("rejected <redacted>", res.err, res)
            self.assertNoEcho(res, REG_SECRET)
            self.assertNotIn("&#%d;&#%d;" % (ord(REG_SECRET[0]), ord(REG_SECRET[1])), res.err, res)

    def test_security_token_echoed_escaped_in_the_gateway_canonical_request_is_redacted(self):
        canonical = ("canonicalRequest: GET|/v2/%s/instances/%s/registries/7/||host:x|x-sdk-date:y|"
                     "x-security-token:%s||host;x-sdk-date;x-security-token|e3b0" % (PROJECT, INSTANCE,
                                                                                     u_escaped(SEC_TOKEN)))
        self.server.set_answer(401, "Unauthorized", [("Content-Type", "application/json")],
                               '{"error_code": "APIGW.0301", "error_msg": "Incorrect IAM authentication '
                               'information: verify aksk signature fail, %s", "request_id": "r1"}' % canonical)
        res = run(["show", "7", "--verbose"], self.aksk_env())
        self.assertEqual(res.rc, 1, res)
        self.assertIn("x-security-token:<redacted>", res.err, res)
        self.assertIn("signature mismatch", res.err, res)
        self.assertNoEcho(res, SEC_TOKEN, SK)


class TestNothingRaw(HostileTestCase):
    """Item 6: control sequences from the server reach stdout and stderr escaped."""

    def test_hostile_content_type_of_a_non_json_error_is_escaped(self):
        self.server.set_answer(400, "Bad Request", [("Content-Type", "text/html" + HOSTILE)],
                               "<html>proxy error</html>")
        res = run(["show", "7"], self.env())
        self.assertEqual(res.rc, 1, res)
        self.assertNoRaw(res)
        self.assertIn("text/html\\x1b]0;pwned\\x07\\x1b]52;c;ZXZpbA==\\x07\\x1b[2J", res.err, res)

    def test_hostile_reason_request_id_and_headers_are_escaped(self):
        self.server.set_answer(403, "Oops" + HOSTILE, [("Content-Type", "application/json"),
                                                      ("X-Request-Id", "rid" + HOSTILE), ("X-Evil", HOSTILE)],
                               '{"error_code": "E\u009b2J", "error_msg": "m\\u001b[2J\\u0007"}')
        for args in (["show", "7"], ["show", "7", "--verbose"], ["list", "--verbose"]):
            res = run(args, self.env())
            self.assertEqual(res.rc, 1, res)
            self.assertNoRaw(res)
            self.assertIn("Oops\\x1b]0;pwned", res.err, res)
            self.assertIn("rid\\x1b]0;pwned", res.err, res)
            self.assertIn("m\\x1b[2J\\x07", res.err, res)


class TestLookAlikes(HostileTestCase):
    """Item 7: --json escapes C1 and DEL; bidi and invisible characters are shown in plain output."""

    NAME = "prod\u202eabc\u200b\u0085x\u007fy\u009b2J"

    def test_json_escapes_c1_and_del_and_stays_the_same_value(self):
        self.server.set_answer(200, "OK", [("Content-Type", "application/json")], json.dumps(registry(self.NAME),
                                                                                           ensure_ascii=False))
        res = run(["show", "7", "--json"], self.env())
        self.assertEqual(res.rc, 0, res)
        self.assertNoRaw(res)
        for esc in ("\\u0085", "\\u007f", "\\u009b", "\\u202e", "\\u200b"):
            self.assertIn(esc, res.out.lower(), res)
        self.assertEqual(json.loads(res.out)["name"], self.NAME)

    def test_plain_show_and_list_show_bidi_and_invisible_characters_visibly(self):
        self.server.set_answer(200, "OK", [("Content-Type", "application/json")],
                               json.dumps(registry(self.NAME), ensure_ascii=False))
        res = run(["show", "7"], self.env())
        self.assertEqual(res.rc, 0, res)
        self.assertNoRaw(res)
        self.assertIn("prod‹U+202E›abc‹U+200B›\\x85x\\x7fy\\x9b2J", res.out, res)
        self.server.set_answer(200, "OK", [("Content-Type", "application/json")],
                               json.dumps({"registries": [registry("a\u2066b")], "total": 1}, ensure_ascii=False))
        res = run(["list"], self.env())
        self.assertEqual(res.rc, 0, res)
        self.assertNoRaw(res)
        self.assertIn("a‹U+2066›b", res.out, res)


if __name__ == "__main__":
    unittest.main()
