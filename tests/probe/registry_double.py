#!/usr/bin/env python3
"""A small stand-in for a target registry's API v2, for testing `swrtui probe` (standard library only).

It answers GET /v2/ the way Docker Distribution and Harbor do: 200 with a good credential, else 401 with
a WWW-Authenticate challenge (Basic, or Bearer with a token service at /service/token that checks HTTP
basic auth and service=; also at /token), or 200 to anyone with --auth none. --hang accepts
connections and never answers; --redirect URL answers /v2/ with a 301. --realm URL names another token
service in the Bearer challenge; --token T issues and accepts the fixed token T (so that two doubles
can play registry and token service). Hostile: --echo-credential answers a refused Basic credential
with "credentials USER:SECRET rejected" and repeats the last one seen in the realm of later Basic
challenges; --slow-auth S answers requests that carry an Authorization header S seconds late.
GET /_double/requests lists the requests seen (path, query, authorization scheme), the tokens issued
and the connections accepted (that query's own included), for the tests. Prints one line
"REGISTRY-DOUBLE LISTENING <url>" on stdout when ready and serves until SIGTERM or SIGINT.
"""
import argparse
import base64
import json
import secrets
import signal
import socket
import socketserver
import ssl
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SERVICE = "registry-double"


class Handler(BaseHTTPRequestHandler):
    server_version = "registry-double/1.0"
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        if not self.server.opts.quiet:
            sys.stderr.write("registry-double: %s\n" % (fmt % args))

    # -- helpers ---------------------------------------------------------------

    def send(self, status, body=None, headers=()):
        data = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Docker-Distribution-Api-Version", "registry/2.0")
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def basic_ok(self):
        h = self.headers.get("Authorization", "")
        if not h[:6].lower() == "basic ":
            return False
        try:
            user, _, password = base64.b64decode(h[6:].strip()).decode().partition(":")
        except (ValueError, UnicodeDecodeError):
            return False
        if user == self.server.opts.user and password == self.server.opts.password:
            return True
        with self.server.lock:
            self.server.last_refused = "%s:%s" % (user, password)
        return False

    def bearer_ok(self):
        h = self.headers.get("Authorization", "")
        return h[:7].lower() == "bearer " and h[7:].strip() in self.server.tokens

    def refused_message(self, default):
        """With --echo-credential, the refused credential itself, as a careless server writes it."""
        if self.server.opts.echo_credential and self.server.last_refused:
            return "credentials %s rejected" % self.server.last_refused
        return default

    def basic_realm(self):
        return self.refused_message("registry-double, basic")

    def base_url(self):
        scheme = "https" if self.server.tls else "http"
        return "%s://%s" % (scheme, self.headers.get("Host", "127.0.0.1"))

    def errors(self, code, message):
        return {"errors": [{"code": code, "message": message, "detail": None}]}

    # -- routes ----------------------------------------------------------------

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        opts = self.server.opts
        if url.path == "/_double/requests":
            with self.server.lock:
                return self.send(200, {"requests": list(self.server.log), "tokens": sorted(self.server.tokens),
                                       "connections": self.server.connections})
        auth = self.headers.get("Authorization", "")
        with self.server.lock:
            self.server.log.append({"path": url.path, "query": url.query,
                                    "auth": auth.split(" ", 1)[0].lower() if auth else None})
        if auth and opts.slow_auth:
            time.sleep(opts.slow_auth)
        if url.path == "/v2/" or url.path == "/v2":
            if opts.redirect:
                return self.send(301, None, [("Location", opts.redirect)])
            if opts.auth == "none":
                return self.send(200, {})
            if opts.auth == "basic":
                if self.basic_ok():
                    return self.send(200, {})
                return self.send(401, self.errors("UNAUTHORIZED", self.refused_message("authentication required")),
                                 [("WWW-Authenticate", 'Basic realm="%s"' % self.basic_realm())])
            if self.bearer_ok():
                return self.send(200, {})
            realm = opts.realm or self.base_url() + "/service/token"
            return self.send(401, self.errors("UNAUTHORIZED", "authentication required"),
                             [("WWW-Authenticate", 'Bearer realm="%s",service="%s"' % (realm, SERVICE))])
        if url.path in ("/service/token", "/token") and opts.auth == "bearer":
            query = urllib.parse.parse_qs(url.query)
            if query.get("service") != [SERVICE]:
                return self.send(400, self.errors("INVALID_REQUEST", "service must be " + SERVICE))
            if not self.basic_ok():
                return self.send(401, self.errors("UNAUTHORIZED", "invalid username or password"),
                                 [("WWW-Authenticate", 'Basic realm="token service"')])
            token = opts.token or secrets.token_urlsafe(24)
            with self.server.lock:
                self.server.tokens.add(token)
            return self.send(200, {"token": token, "access_token": token, "expires_in": 1800})
        return self.send(404, self.errors("NOT_FOUND", "not found"))

    def do_HEAD(self):
        self.do_GET()


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address, opts, ssl_context):
        self.opts = opts
        self.tls = ssl_context
        self.tokens = {opts.token} if opts.token else set()
        self.connections = 0
        self.last_refused = None
        self.log = []  # {"path", "query", "auth": "basic" | "bearer" | None}, for the tests
        self.lock = threading.Lock()
        super().__init__(address, Handler)

    def server_bind(self):
        # HTTPServer.server_bind would look the address up in reverse DNS; not needed here
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

    def get_request(self):
        sock, addr = self.socket.accept()
        with self.lock:
            self.connections += 1
        if self.tls is not None:
            sock = self.tls.wrap_socket(sock, server_side=True, do_handshake_on_connect=False)
        return sock, addr

    def finish_request(self, request, client_address):
        if isinstance(request, ssl.SSLSocket):
            try:
                request.settimeout(10)
                request.do_handshake()
            except (OSError, ssl.SSLError, ValueError):
                return  # the client refused the certificate, or spoke plain HTTP
        super().finish_request(request, client_address)

    def handle_error(self, request, client_address):
        pass  # clients that go away mid-request are normal here


class HangingServer:
    """Accepts connections and never answers (nor reads, nor closes)."""

    def __init__(self, address):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(address)
        self.sock.listen(16)
        self.server_address = self.sock.getsockname()
        self.held = []
        self.stopping = False

    def serve_forever(self):
        self.sock.settimeout(0.2)
        while not self.stopping:
            try:
                conn, _ = self.sock.accept()
                self.held.append(conn)
            except socket.timeout:
                continue
            except OSError:
                break

    def shutdown(self):
        self.stopping = True

    def server_close(self):
        for c in self.held:
            c.close()
        self.sock.close()


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--auth", choices=("basic", "bearer", "none"), default="basic")
    p.add_argument("--user", default="admin", help="the good access key")
    p.add_argument("--password", default="", help="the good secret")
    p.add_argument("--tls-cert", help="serve HTTPS with this certificate")
    p.add_argument("--tls-key")
    p.add_argument("--hang", action="store_true", help="accept connections and never answer")
    p.add_argument("--redirect", metavar="URL", help="answer /v2/ with 301 to URL")
    p.add_argument("--realm", metavar="URL", help="the token service named in the Bearer challenge")
    p.add_argument("--token", help="issue and accept this fixed token")
    p.add_argument("--echo-credential", action="store_true",
                   help="echo a refused Basic credential in the answer and in later challenges")
    p.add_argument("--slow-auth", type=float, default=0.0, metavar="S",
                   help="answer requests with an Authorization header S seconds late")
    p.add_argument("--quiet", action="store_true")
    args = p.parse_args(argv)
    if bool(args.tls_cert) != bool(args.tls_key):
        p.error("--tls-cert and --tls-key go together")
    return args


def main(argv=None):
    opts = parse_args(sys.argv[1:] if argv is None else argv)
    ctx = None
    if opts.tls_cert:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(opts.tls_cert, opts.tls_key)
    if opts.hang:
        server = HangingServer((opts.host, opts.port))
    else:
        server = Server((opts.host, opts.port), opts, ctx)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    scheme = "https" if ctx else "http"
    sys.stdout.write("REGISTRY-DOUBLE LISTENING %s://%s:%d\n" % (scheme, opts.host, server.server_address[1]))
    sys.stdout.flush()
    while not stop.wait(0.2):
        pass
    server.shutdown()
    server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
