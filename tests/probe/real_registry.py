"""A REAL registry server for the probe's tests: the CNCF distribution registry (Debian package
`docker-registry`, /usr/bin/docker-registry, v2.8) started on a free loopback port with its own config
file in a temporary directory, plus what it needs, all made here:

- Pki: certificates made with the `openssl` command: a private CA, server certificates it signs (for
  the right names, a wrong name, or already expired, through `openssl ca` with past dates), and a
  self-signed one.
- htpasswd files made with `htpasswd -Bbn` (Debian package `apache2-utils`).
- TokenService: a small token service (Python stdlib HTTP(S) server) that checks HTTP Basic and issues
  a JWT the registry accepts (RS256, signed with the `openssl` command, the signing certificate in the
  header's x5c chain and in the registry's auth.token.rootcertbundle).
- Registry: the registry process; start() waits (bounded) for its port, stop() kills it.

A missing registry binary or htpasswd is an error naming the package to install, never a skip: CI
installs them (tools/ensure-deps.sh)."""
import base64
import http.server
import json
import os
import shutil
import socket
import ssl
import subprocess
import threading
import time
import uuid

REGISTRY_BIN = os.environ.get("SWRTUI_DOCKER_REGISTRY", "/usr/bin/docker-registry")


class MissingTool(AssertionError):
    """A tool the real-registry tests need is not installed (a failure, not a skip)."""


def require_tools():
    if not os.access(REGISTRY_BIN, os.X_OK):
        raise MissingTool(f"{REGISTRY_BIN} is missing: install the Debian package docker-registry "
                          "(apt-get install -y --no-install-recommends docker-registry apache2-utils, "
                          "or sh tools/ensure-deps.sh as root)")
    if not shutil.which("htpasswd"):
        raise MissingTool("htpasswd is missing: install the Debian package apache2-utils")
    if not shutil.which("openssl"):
        raise MissingTool("openssl is missing: install the Debian package openssl")


def free_port(host="127.0.0.1"):
    s = socket.socket()
    s.bind((host, 0))
    port = s.getsockname()[1]
    s.close()
    return port


def wait_port(host, port, timeout, alive=None):
    """Until host:port accepts a TCP connection (True), the process dies or timeout passes (False)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if alive is not None and not alive():
            return False
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.05)
    return False


def _openssl(*args, cwd=None):
    p = subprocess.run(["openssl", *args], cwd=cwd, capture_output=True, text=True, timeout=120)
    if p.returncode != 0:
        raise RuntimeError(f"openssl {' '.join(args)} failed: {p.stderr}")
    return p.stdout


def _san(hosts):
    return ",".join(("IP:" if h[0].isdigit() else "DNS:") + h for h in hosts)


class Pki:
    """Certificates in directory: a private CA and what it signs, or self-signed ones."""

    def __init__(self, directory):
        self.dir = directory
        self.ca_cert = os.path.join(directory, "ca.pem")
        self.ca_key = os.path.join(directory, "ca.key")
        _openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                 "-keyout", self.ca_key, "-out", self.ca_cert, "-days", "365", "-subj", "/CN=swrtui test private CA",
                 "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign")
        self._serial = 4096

    def _key_and_csr(self, name, cn):
        key = os.path.join(self.dir, name + ".key")
        csr = os.path.join(self.dir, name + ".csr")
        _openssl("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                 "-keyout", key, "-out", csr, "-subj", "/CN=" + cn)
        return key, csr

    def _ext(self, name, hosts):
        ext = os.path.join(self.dir, name + ".ext")
        with open(ext, "w", encoding="ascii") as f:
            f.write("basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n"
                    "extendedKeyUsage=serverAuth\nsubjectAltName=" + _san(hosts) + "\n")
        return ext

    def signed(self, name, hosts):
        """A server certificate for hosts signed by the CA, valid now. Returns (cert, key)."""
        key, csr = self._key_and_csr(name, hosts[0])
        cert = os.path.join(self.dir, name + ".pem")
        self._serial += 1
        _openssl("x509", "-req", "-in", csr, "-CA", self.ca_cert, "-CAkey", self.ca_key, "-set_serial",
                 str(self._serial), "-days", "90", "-extfile", self._ext(name, hosts), "-out", cert)
        return cert, key

    def expired(self, name, hosts, start="20240101000000Z", end="20240201000000Z"):
        """A server certificate for hosts signed by the CA that expired at end (openssl ca with past
        dates: OpenSSL 3.0's x509 command cannot set them). Returns (cert, key)."""
        key, csr = self._key_and_csr(name, hosts[0])
        cert = os.path.join(self.dir, name + ".pem")
        db = os.path.join(self.dir, name + ".index")
        open(db, "w").close()
        self._serial += 1
        with open(os.path.join(self.dir, name + ".serial"), "w") as f:
            f.write("%X\n" % self._serial if self._serial > 255 else "%02X\n" % self._serial)
        cnf = os.path.join(self.dir, name + ".ca.cnf")
        with open(cnf, "w", encoding="ascii") as f:
            f.write("[ca]\ndefault_ca=c\n[c]\ndatabase=%s\nserial=%s\nnew_certs_dir=%s\ndefault_md=sha256\n"
                    "policy=p\nunique_subject=no\ncopy_extensions=none\n[p]\ncommonName=supplied\n"
                    % (db, os.path.join(self.dir, name + ".serial"), self.dir))
        _openssl("ca", "-batch", "-config", cnf, "-cert", self.ca_cert, "-keyfile", self.ca_key, "-in", csr,
                 "-out", cert, "-startdate", start, "-enddate", end, "-extfile", self._ext(name, hosts),
                 "-notext")
        return cert, key

    def self_signed(self, name, hosts):
        """A self-signed server certificate for hosts. Returns (cert, key)."""
        key = os.path.join(self.dir, name + ".key")
        cert = os.path.join(self.dir, name + ".pem")
        _openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                 "-keyout", key, "-out", cert, "-days", "90", "-subj", "/CN=" + hosts[0],
                 "-addext", "subjectAltName=" + _san(hosts), "-addext", "basicConstraints=critical,CA:FALSE")
        return cert, key


def htpasswd_file(path, user, password):
    """An htpasswd file (bcrypt) made by `htpasswd -Bbn`; the password goes through argv of a test tool
    only, never swrtui's."""
    p = subprocess.run(["htpasswd", "-Bbn", user, password], capture_output=True, text=True, timeout=60)
    if p.returncode != 0:
        raise RuntimeError(f"htpasswd failed: {p.stderr}")
    with open(path, "w", encoding="ascii") as f:
        f.write(p.stdout.strip() + "\n")
    return path


def _b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


class TokenService:
    """A token service: GET <path>?service=S with HTTP Basic user:password answers {"token": JWT,
    "expires_in": 300}; anything else 401. The JWT is RS256, signed by its own RSA key whose
    self-signed certificate (self.sign_cert) goes in the header's x5c and in the registry's
    rootcertbundle. tls=(cert, key) serves https. requests lists (path, query, had Basic)."""

    ISSUER = "swrtui-test-token-service"

    def __init__(self, directory, user, password, service, tls=None, host="127.0.0.1", path="/token"):
        self.user, self.password, self.service, self.path = user, password, service, path
        self.sign_key = os.path.join(directory, "token-sign.key")
        self.sign_cert = os.path.join(directory, "token-sign.pem")
        _openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", self.sign_key, "-out",
                 self.sign_cert, "-days", "10", "-subj", "/CN=swrtui test token signer")
        der = _openssl("x509", "-in", self.sign_cert, "-outform", "PEM")
        body = "".join(l for l in der.splitlines() if l and not l.startswith("-----"))
        self.x5c = [body]
        self.requests = []
        svc = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass

            def do_GET(self):
                path, _, query = self.path.partition("?")
                auth = self.headers.get("Authorization", "")
                svc.requests.append((path, query, auth.startswith("Basic ")))
                want = "Basic " + base64.b64encode(f"{svc.user}:{svc.password}".encode()).decode()
                if path != svc.path or auth != want:
                    self.send_response(401)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("WWW-Authenticate", 'Basic realm="token"')
                    data = b'{"details":"incorrect username or password"}\n'
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                    return
                data = json.dumps({"token": svc.make_token(), "expires_in": 300}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = http.server.ThreadingHTTPServer((host, 0), Handler)
        self.server.daemon_threads = True
        if tls:
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.load_cert_chain(*tls)
            self.server.socket = ctx.wrap_socket(self.server.socket, server_side=True)
        self.port = self.server.server_address[1]
        self.url = f"{'https' if tls else 'http'}://{host}:{self.port}{path}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.1},
                                       daemon=True)
        self.thread.start()

    def make_token(self):
        now = int(time.time())
        header = {"typ": "JWT", "alg": "RS256", "x5c": self.x5c}
        claims = {"iss": self.ISSUER, "sub": self.user, "aud": self.service, "exp": now + 300,
                  "nbf": now - 60, "iat": now, "jti": uuid.uuid4().hex, "access": []}
        signing_input = (_b64url(json.dumps(header).encode()) + "." + _b64url(json.dumps(claims).encode()))
        p = subprocess.run(["openssl", "dgst", "-sha256", "-sign", self.sign_key], input=signing_input.encode(),
                           capture_output=True, timeout=60)
        if p.returncode != 0:
            raise RuntimeError("openssl dgst -sign failed: " + p.stderr.decode(errors="replace"))
        return signing_input + "." + _b64url(p.stdout)

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


class Registry:
    """The distribution registry on 127.0.0.1:<free port> with a config file in directory.
    tls=(cert, key); htpasswd=path; token=TokenService (or token_realm=URL with a service that does
    not exist); nothing: an open registry."""

    def __init__(self, directory, name, tls=None, htpasswd=None, token=None, token_realm=None,
                 token_service="swrtui-test-registry", root_bundle=None):
        require_tools()
        self.dir = os.path.join(directory, name)
        os.makedirs(os.path.join(self.dir, "data"), exist_ok=True)
        self.tls = tls
        self.port = None
        self.proc = None
        self.log = os.path.join(self.dir, "registry.log")
        auth = ""
        if htpasswd:
            auth = f"auth:\n  htpasswd:\n    realm: swrtui-test\n    path: {htpasswd}\n"
        elif token or token_realm:
            realm = token.url if token else token_realm
            bundle = token.sign_cert if token else root_bundle
            auth = (f"auth:\n  token:\n    realm: {realm}\n    service: {token_service}\n"
                    f"    issuer: {TokenService.ISSUER}\n    rootcertbundle: {bundle}\n")
        self.auth = auth

    def _config(self):
        tls = ""
        if self.tls:
            tls = f"  tls:\n    certificate: {self.tls[0]}\n    key: {self.tls[1]}\n"
        cfg = os.path.join(self.dir, "config.yml")
        with open(cfg, "w", encoding="ascii") as f:
            f.write("version: 0.1\nlog:\n  level: warn\n  accesslog:\n    disabled: true\n"
                    f"storage:\n  filesystem:\n    rootdirectory: {os.path.join(self.dir, 'data')}\n"
                    "  delete:\n    enabled: true\n"
                    f"http:\n  addr: 127.0.0.1:{self.port}\n  secret: swrtui-test-http-secret\n{tls}"
                    f"{self.auth}")
        return cfg

    @property
    def url(self):
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}"

    def start(self, timeout=30.0, attempts=3):
        """Starts the registry on a free port and waits (bounded) for it to accept connections; a port
        taken meanwhile by someone else is retried on another one."""
        last = ""
        for _ in range(attempts):
            self.port = free_port()
            cfg = self._config()
            logf = open(self.log, "wb")
            try:
                self.proc = subprocess.Popen([REGISTRY_BIN, "serve", cfg], stdout=logf, stderr=subprocess.STDOUT,
                                             stdin=subprocess.DEVNULL, start_new_session=True)
            finally:
                logf.close()
            if wait_port("127.0.0.1", self.port, timeout, alive=lambda: self.proc.poll() is None):
                return self
            last = self.log_text()
            self.stop()
        raise RuntimeError(f"the registry did not start on 127.0.0.1 within {timeout} s:\n{last}")

    def log_text(self):
        try:
            with open(self.log, encoding="utf-8", errors="replace") as f:
                return f.read()[-4000:]
        except OSError:
            return ""

    def stop(self):
        p, self.proc = self.proc, None
        if p is None:
            return
        if p.poll() is None:
            p.terminate()
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait(timeout=10)
