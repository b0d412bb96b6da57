"""Drives the real swrtui binary in a pseudo-terminal: a private tmux server per test, keys sent with
send-keys, pastes with bracketed paste, the screen read with capture-pane, and waits that poll the
screen with a bounded timeout (never a fixed sleep). With SWRTUI_VALGRIND=1 the binary runs under
valgrind memcheck (see memcheck.py): every wait is stretched, and closing a screen fails when its
log shows an error or a definite leak."""
import os
import shlex
import subprocess
import sys
import tempfile
import time
import unicodedata

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "integration"))
from harness import BIN, SANITIZER_MARKS  # noqa: E402
import memcheck  # noqa: E402


def _test_id():
    """The id of the running unittest test (names the memcheck log)."""
    f = sys._getframe(1)
    while f is not None:
        obj = f.f_locals.get("self")
        if obj is not None and hasattr(obj, "id") and hasattr(obj, "assertEqual"):
            return obj.id().split(".", 1)[-1]
        f = f.f_back
    return "screen"


class ScreenTimeout(AssertionError):
    pass


def _width(ch):
    return 0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def column_of(line, index):
    """The terminal column of line[index] (wide characters take two columns)."""
    return sum(_width(ch) for ch in line[:index])


def char_at(line, column):
    """The character drawn at a terminal column of a captured line, or "" past its end."""
    col = 0
    for ch in line:
        if col == column:
            return ch
        col += _width(ch)
        if col > column:
            return ""
    return ""


def panel_whole(text, title):
    """Whether the panel titled `title` is drawn whole on the screen `text`: its top border with the title,
    every row framed by its two sides at the columns of the top corners, its bottom border, and the keys
    that close it on its last row. A box without line-drawing characters (the C locale) falls back to the
    title followed by "close"."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        k = line.find(title)
        if k < 0:
            continue
        left, right = line.rfind("┌", 0, k), line.find("┐", k)
        if left < 0:
            return "close" in "\n".join(lines[i:]).split(title, 1)[1]
        if right < 0:
            return False
        lc, rc = column_of(line, left), column_of(line, right)
        for j in range(i + 1, len(lines)):
            lo, hi = char_at(lines[j], lc), char_at(lines[j], rc)
            if lo == "└" and hi == "┘":
                return j > i + 1 and "close" in lines[j - 1]
            if lo != "│" or hi != "│":
                return False
        return False
    return False


class Screen:
    """One swrtui process in its own tmux server. After the program ends, the pane's shell prints the
    exit status and the terminal modes (stty -a), so tests can check that the terminal is sane."""

    def __init__(self, args, env, width=100, height=30, timeout=10.0, stdin=None):
        self.dir = tempfile.TemporaryDirectory()
        self.sock = os.path.join(self.dir.name, "tmux.sock")
        self.errlog = os.path.join(self.dir.name, "stderr.log")
        self.timeout = timeout
        self.vglog = None
        prefix = ""
        if memcheck.ENABLED:
            name = f"{_test_id()}.{os.getpid()}.{id(self):x}"
            self.vglog = os.path.join(memcheck.LOG_DIR, name)
            prefix = " ".join(shlex.quote(a) for a in memcheck.command(name)) + " "
        script = os.path.join(self.dir.name, "run.sh")
        envs = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        redirect = f" <{shlex.quote(stdin)}" if stdin else ""
        with open(script, "w") as f:
            f.write("#!/bin/sh\n"
                    f"env -i {envs} {prefix}{shlex.quote(BIN)} {' '.join(shlex.quote(a) for a in args)} "
                    f"2>{shlex.quote(self.errlog)}{redirect}\n"
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
        if self.vglog:
            log, self.vglog = self.vglog, None
            self.check_memcheck(log)

    def check_memcheck(self, log):
        """Waits (bounded) for memcheck to finish the run, then fails on an error or a definite leak."""
        import glob
        deadline = time.monotonic() + 120
        text = ""
        while time.monotonic() < deadline:
            paths = glob.glob(glob.escape(log) + ".*.log")
            text = ""
            if paths:
                with open(paths[0], errors="replace") as f:
                    text = f.read()
                if memcheck.finished(text):
                    break
            time.sleep(0.1)
        found = memcheck.problems(text)
        if found:
            raise AssertionError(f"memcheck ({log}.*.log): " + "; ".join(found))

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
        deadline = time.monotonic() + (timeout or self.timeout) * memcheck.SLOWDOWN
        text = ""
        while time.monotonic() < deadline:
            text = self.text()
            if pred(text):
                return text
            time.sleep(0.03)
        raise ScreenTimeout(f"timed out waiting for {what}; the screen was:\n{text}")

    def wait_text(self, needle, timeout=None):
        return self.wait_for(lambda t: needle in t, repr(needle), timeout)

    def wait_panel(self, title, timeout=None):
        """Waits for a panel drawn whole: its box from the title down to its bottom border, with the keys
        that close it on its last line. tmux can show a panel half drawn when a slow program (valgrind) is
        still writing it, over another panel whose last line would also say "close"."""
        return self.wait_for(lambda t: panel_whole(t, title), f"the whole {title!r} panel", timeout)

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

    def pid(self):
        """The process id of the program (a child of the pane's shell, whatever its name: under
        valgrind it is memcheck's), or None once it has ended."""
        pane = self.tmux("display-message", "-p", "-t", "t", "#{pane_pid}").stdout.strip()
        out = subprocess.run(["pgrep", "-P", pane], capture_output=True, text=True).stdout.split()
        return int(out[0]) if out else None

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
        self.tmux("send-keys", "-t", "t", "-l", "--", text)

    def paste(self, text):
        """Pastes with bracketed-paste markers (the program asked for them). text may be bytes (sent
        as they are) and of any size (it goes through a file, not the tmux command line)."""
        path = os.path.join(self.dir.name, "paste.buf")
        with open(path, "wb") as f:
            f.write(text if isinstance(text, bytes) else text.encode())
        self.tmux("load-buffer", "-b", "p", path)
        self.tmux("paste-buffer", "-p", "-d", "-b", "p", "-t", "t")

    def resize(self, width, height):
        self.tmux("resize-window", "-t", "t", "-x", str(width), "-y", str(height))
