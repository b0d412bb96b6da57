"""Shared helpers for the integration and screen tests: start the local SWR emulator as a separate
process (the way a user runs it), talk to its control API, make TLS certificates, and run the swrtui
binary with a clean environment. Standard library only."""
import json
import os
import select
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
EMULATOR = os.path.join(ROOT, "tests", "emulator", "swr_emulator.py")
BIN = os.environ.get("SWRTUI_BIN", os.path.join(ROOT, "swrtui"))

PROJECT = "0a1b2c3d4e5f60718293a4b5c6d7e8f9"
INSTANCE = "8f3e2a1b-1234-4cde-9abc-0123456789ab"
TOKEN = "emulator-token"
SANITIZER_MARKS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:")


class Emulator:
    """A running emulator process. Use as a context manager or call stop()."""

    def __init__(self, *args, ready_timeout=15.0):
        self.proc = subprocess.Popen(
            ["python3", EMULATOR, "--port", "0", "--quiet", *args],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + ready_timeout
        line = ""
        while time.monotonic() < deadline:
            r, _, _ = select.select([self.proc.stdout], [], [], 0.2)
            if r:
                line = self.proc.stdout.readline()
                if line.startswith("SWR-EMULATOR LISTENING "):
                    break
                if line == "" and self.proc.poll() is not None:
                    break
        if not line.startswith("SWR-EMULATOR LISTENING "):
            err = ""
            if self.proc.poll() is not None:
                err = self.proc.stderr.read()
            self.stop()
            raise RuntimeError(f"the emulator did not start: {line!r} {err}")
        self.url = line.split()[-1].strip()
        # the control API is always reached over plain loopback HTTP or HTTPS without verification
        self.port = int(self.url.rsplit(":", 1)[1])

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        for f in (self.proc.stdout, self.proc.stderr):
            if f:
                f.close()

    def control(self, method, path, body=None):
        import ssl
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.url + path, data=data, method=method)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        ctx = ssl._create_unverified_context() if self.url.startswith("https") else None
        with urllib.request.urlopen(req, timeout=10, context=ctx) as r:
            text = r.read().decode()
        return json.loads(text) if text.strip() else None

    def requests(self):
        return self.control("GET", "/_emu/requests")

    def wait_requests(self, pred, what, timeout=10.0):
        """Polls the requests the emulator has received until pred(requests) holds; returns them, or fails
        after timeout seconds with what it had. A request is recorded once its body is read, before it is
        answered: a program that shows it is sending a request may not have sent it yet."""
        deadline = time.monotonic() + timeout
        while True:
            got = self.requests()
            if pred(got):
                return got
            if time.monotonic() >= deadline:
                seen = ", ".join(f"{r['method']} {r['path']}" for r in got) or "nothing"
                raise AssertionError(f"timed out after {timeout:g} s waiting for {what}; the emulator had "
                                     f"received: {seen}")
            time.sleep(0.05)

    def clear_requests(self):
        self.control("DELETE", "/_emu/requests")

    def fault(self, **fault):
        self.control("POST", "/_emu/faults", fault)

    def state(self):
        return self.control("GET", "/_emu/state")

    def stats(self):
        return self.control("GET", "/_emu/stats")

    def reset(self):
        self.control("POST", "/_emu/reset")

    def api_path(self, tail=""):
        return f"/v2/{PROJECT}/instances/{INSTANCE}/{tail}"


def base_env(emu=None, home=None, **extra):
    """A clean environment: no SWRTUI_* or cloud credentials leak in from the caller."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("SWRTUI_", "CLOUD_SDK_")) and k not in ("XDG_CONFIG_HOME",)}
    env["HOME"] = home or tempfile.gettempdir()
    env["XDG_CONFIG_HOME"] = os.path.join(env["HOME"], "no-config")
    env["LC_ALL"] = "C.UTF-8"
    if emu is not None:
        env.update({"SWRTUI_ENDPOINT": emu.url, "SWRTUI_PROJECT_ID": PROJECT,
                    "SWRTUI_INSTANCE_ID": INSTANCE, "SWRTUI_TOKEN": TOKEN})
    env.update({k: v for k, v in extra.items() if v is not None})
    for k, v in extra.items():
        if v is None:
            env.pop(k, None)
    return env


class Result:
    def __init__(self, rc, out, err):
        self.rc, self.out, self.err = rc, out, err

    def __repr__(self):
        return f"rc={self.rc}\n--- stdout\n{self.out}\n--- stderr\n{self.err}"


def run(args, env, stdin=None, timeout=60):
    """Runs swrtui; fails loudly on a sanitizer report."""
    p = subprocess.run([BIN, *args], env=env, input=stdin, capture_output=True, text=True, timeout=timeout)
    res = Result(p.returncode, p.stdout, p.stderr)
    for mark in SANITIZER_MARKS:
        if mark in p.stderr:
            raise AssertionError(f"sanitizer report from swrtui {args}:\n{p.stderr}")
    return res


def make_cert(directory, name="server", hosts=("127.0.0.1", "localhost"), days=30, expired=False, ca=None):
    """A self-signed certificate (or one signed by ca=(cert, key)) for the given hosts.
    Returns (cert_path, key_path). Needs the openssl command."""
    if not shutil.which("openssl"):
        raise unittest_skip("openssl is not installed")
    cert = os.path.join(directory, name + ".pem")
    key = os.path.join(directory, name + ".key")
    san = ",".join(("IP:" if h[0].isdigit() else "DNS:") + h for h in hosts)
    cfg = os.path.join(directory, name + ".cnf")
    with open(cfg, "w") as f:
        f.write("[req]\ndistinguished_name=dn\nprompt=no\n[dn]\nCN=" + hosts[0] + "\n"
                "[ext]\nsubjectAltName=" + san + "\nbasicConstraints=critical,CA:" +
                ("TRUE" if ca is None and name.startswith("ca") else "FALSE") + "\n")
    subprocess.run(["openssl", "req", "-x509" if ca is None else "-new", "-newkey", "rsa:2048", "-nodes",
                    "-keyout", key, "-out", cert + (".csr" if ca else ""), "-config", cfg,
                    *(["-days", str(days), "-extensions", "ext"] if ca is None else [])],
                   check=True, capture_output=True)
    if ca is not None:
        subprocess.run(["openssl", "x509", "-req", "-in", cert + ".csr", "-CA", ca[0], "-CAkey", ca[1],
                        "-CAcreateserial", "-out", cert, "-days", str(days), "-extfile", cfg,
                        "-extensions", "ext"], check=True, capture_output=True)
    return cert, key


def unittest_skip(reason):
    import unittest
    return unittest.SkipTest(reason)
