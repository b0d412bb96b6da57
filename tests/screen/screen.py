"""Drives the real swrtui binary in a pseudo-terminal: a private tmux server per test, keys sent with
send-keys, pastes with bracketed paste, the screen read with capture-pane, and waits that poll the
screen with a bounded timeout (never a fixed sleep)."""
import os
import shlex
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "integration"))
from harness import BIN, SANITIZER_MARKS  # noqa: E402


class ScreenTimeout(AssertionError):
    pass


class Screen:
    """One swrtui process in its own tmux server. After the program ends, the pane's shell prints the
    exit status and the terminal modes (stty -a), so tests can check that the terminal is sane."""

    def __init__(self, args, env, width=100, height=30, timeout=10.0):
        self.dir = tempfile.TemporaryDirectory()
        self.sock = os.path.join(self.dir.name, "tmux.sock")
        self.errlog = os.path.join(self.dir.name, "stderr.log")
        self.timeout = timeout
        script = os.path.join(self.dir.name, "run.sh")
        envs = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        with open(script, "w") as f:
            f.write("#!/bin/sh\n"
                    f"env -i {envs} {shlex.quote(BIN)} {' '.join(shlex.quote(a) for a in args)} "
                    f"2>{shlex.quote(self.errlog)}\n"
                    "rc=$?\n"
                    "printf '\\nSWRTUI-EXIT=%s\\033[K\\n' $rc\n"
                    "stty -a | tr ' ' '\\n' | grep -E '^-?(icanon|echo|isig|icrnl|opost)$' | tr '\\n' ' '\n"
                    "printf '\\033[K\\nSTTY-DONE\\033[K\\n'\n"
                    "exec sleep 600\n")
        os.chmod(script, 0o755)
        self.tmux("new-session", "-d", "-s", "t", "-x", str(width), "-y", str(height), script)
        self.tmux("set-option", "-g", "window-size", "manual")

    def tmux(self, *args, check=True):
        env = {k: v for k, v in os.environ.items() if k != "TMUX"}
        return subprocess.run(["tmux", "-S", self.sock, *args], capture_output=True, text=True, check=check, env=env)

    def close(self):
        self.tmux("kill-server", check=False)
        self.dir.cleanup()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # ---- reading ----

    def text(self):
        return self.tmux("capture-pane", "-p", "-t", "t").stdout

    def lines(self):
        return self.text().split("\n")

    def wait_for(self, pred, what, timeout=None):
        """Polls the screen until pred(text) holds; fails with the last screen after the timeout."""
        deadline = time.monotonic() + (timeout or self.timeout)
        text = ""
        while time.monotonic() < deadline:
            text = self.text()
            if pred(text):
                return text
            time.sleep(0.03)
        raise ScreenTimeout(f"timed out waiting for {what}; the screen was:\n{text}")

    def wait_text(self, needle, timeout=None):
        return self.wait_for(lambda t: needle in t, repr(needle), timeout)

    def wait_gone(self, needle, timeout=None):
        return self.wait_for(lambda t: needle not in t, f"{needle!r} to go away", timeout)

    def line_with(self, needle):
        for line in self.lines():
            if needle in line:
                return line
        return None

    def cursor(self):
        out = self.tmux("display-message", "-p", "-t", "t", "#{cursor_x} #{cursor_y}").stdout.split()
        return int(out[0]), int(out[1])

    def alternate_on(self):
        return self.tmux("display-message", "-p", "-t", "t", "#{alternate_on}").stdout.strip() == "1"

    def stderr(self):
        try:
            with open(self.errlog) as f:
                return f.read()
        except FileNotFoundError:
            return ""

    def wait_exit(self, timeout=None):
        """Waits for the program to end; returns (exit status, stty modes). Fails on a sanitizer report."""
        text = self.wait_text("STTY-DONE", timeout)
        err = self.stderr()
        for mark in SANITIZER_MARKS:
            if mark in err:
                raise AssertionError(f"sanitizer report:\n{err}")
        rc = None
        modes = ""
        lines = text.split("\n")
        for i, line in enumerate(lines):
            if line.startswith("SWRTUI-EXIT="):
                rc = int(line.split("=", 1)[1])
                modes = lines[i + 1] if i + 1 < len(lines) else ""
        return rc, modes.split()

    # ---- writing ----

    def keys(self, *keys):
        self.tmux("send-keys", "-t", "t", *keys)

    def type(self, text):
        self.tmux("send-keys", "-t", "t", "-l", text)

    def paste(self, text):
        """Pastes with bracketed-paste markers (the program asked for them)."""
        self.tmux("set-buffer", "-b", "p", "--", text)
        self.tmux("paste-buffer", "-p", "-d", "-b", "p", "-t", "t")

    def resize(self, width, height):
        self.tmux("resize-window", "-t", "t", "-x", str(width), "-y", str(height))
