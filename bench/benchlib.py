"""Helpers of the benchmarks: programs run in a pseudo-terminal of our own (exec timestamped, every
byte of output timestamped), keys fed one at a time (each one consumed and the program blocked in
read() again before the next), the SWR emulator as a separate process, and robust statistics.
Python 3 standard library only."""
import fcntl
import json
import os
import platform
import select
import signal
import statistics
import struct
import subprocess
import sys
import termios
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
EMULATOR = os.path.join(ROOT, "tests", "emulator", "swr_emulator.py")
PROJECT = "0a1b2c3d4e5f60718293a4b5c6d7e8f9"
INSTANCE = "8f3e2a1b-1234-4cde-9abc-0123456789ab"
TOKEN = "emulator-token"
COLS, ROWS = 100, 30
# system call numbers of read() and of the waits (poll, select, pselect6, ppoll), for /proc/PID/syscall
SYSCALLS = {"x86_64": (0, {7, 23, 270, 271}), "aarch64": (63, {72, 73})}
READ_NR, WAIT_SYSCALLS = SYSCALLS.get(platform.machine(), SYSCALLS["x86_64"])


def now_ns():
    return time.monotonic_ns()


def realtime(on, priority=20):
    """Puts this process (the one that reads the programs' output) under SCHED_FIFO, or back to normal,
    so that it reads every byte the moment the terminal delivers it, whatever else the machine runs.
    The programs it starts are not real-time (SCHED_RESET_ON_FORK): they run as they would for a
    user, and the kernel's own terminal work (which moves their output to this side of the
    pseudo-terminal, on a normal-priority worker) is never starved by them. False when not allowed."""
    try:
        if on:
            os.sched_setscheduler(0, os.SCHED_FIFO | os.SCHED_RESET_ON_FORK, os.sched_param(priority))
        else:
            os.sched_setscheduler(0, os.SCHED_OTHER, os.sched_param(0))
        return True
    except (OSError, AttributeError):
        return False


# ---- statistics ----

def summary(values):
    """median, quartiles, min, max and count of a list of numbers."""
    v = sorted(values)
    if not v:
        return {"n": 0, "median": float("nan"), "q1": float("nan"), "q3": float("nan"),
                "min": float("nan"), "max": float("nan"), "mean": float("nan")}
    if len(v) >= 4:
        q1, _, q3 = statistics.quantiles(v, n=4, method="inclusive")
    else:
        q1, q3 = v[0], v[-1]
    return {"n": len(v), "median": statistics.median(v), "q1": q1, "q3": q3, "min": v[0], "max": v[-1],
            "mean": statistics.fmean(v)}


# ---- the emulator ----

class Emulator:
    """tests/emulator/swr_emulator.py in its own process (so that its threads never compete with the
    measuring process for the interpreter lock)."""

    def __init__(self, *args):
        self.proc = subprocess.Popen([sys.executable, EMULATOR, "--port", "0", "--quiet", *args],
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.proc.stdout.readline()
        if not line.startswith("SWR-EMULATOR LISTENING "):
            self.proc.kill()
            raise RuntimeError("the emulator did not start: %r" % line)
        self.url = line.split()[-1].rstrip("/")
        self.control_calls = 0

    def api(self, path=""):
        return "%s/v2/%s/instances/%s/registries%s" % (self.url, PROJECT, INSTANCE, path)

    def control(self, method, path, doc=None):
        self.control_calls += 1
        data = json.dumps(doc).encode() if doc is not None else None
        req = urllib.request.Request(self.url + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=30) as r:
            body = r.read()
        return json.loads(body) if body else None

    def reset(self):
        self.control("POST", "/_emu/reset")
        self.control_calls = 0

    def stats(self):
        """The counters, less the control connections made since the last reset (this one included)."""
        s = self.control("GET", "/_emu/stats")
        return {"connections": s["connections"] - self.control_calls, "requests": s["requests"]}

    def env(self):
        return {"SWRTUI_ENDPOINT": self.url, "SWRTUI_PROJECT_ID": PROJECT, "SWRTUI_INSTANCE_ID": INSTANCE,
                "SWRTUI_TOKEN": TOKEN}

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


# ---- programs in a pseudo-terminal ----

def base_env(home):
    return {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": home, "TERM": "xterm-256color",
            "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "XDG_CONFIG_HOME": os.path.join(home, ".config")}


class PtyProgram:
    """One program on a pseudo-terminal of COLS x ROWS that this process owns. `t0` is the monotonic
    clock read by the child right before execve; `chunks` holds (ns after t0, bytes) of every read
    of the output."""

    def __init__(self, argv, env, cols=COLS, rows=ROWS, select_waits=False):
        """select_waits: the program waits for keys in select/poll before read() (newt does), so being
        blocked in those counts as waiting for a key; otherwise only read() on standard input does
        (curses programs: swrtui waits in poll() while a request runs, and reads keys only to cancel)."""
        self.select_waits = select_waits
        self.master, self.slave = os.openpty()
        fcntl.ioctl(self.slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        rfd, wfd = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: a session of its own with the pty as controlling terminal
            try:
                os.close(rfd)
                os.close(self.master)
                os.setsid()
                fcntl.ioctl(self.slave, termios.TIOCSCTTY, 0)
                for fd in (0, 1, 2):
                    os.dup2(self.slave, fd)
                os.write(wfd, b"%d" % time.monotonic_ns())
                os.close(wfd)
                os.execve(argv[0], argv, env)
            finally:
                os._exit(127)
        os.close(wfd)
        data = b""
        while True:
            part = os.read(rfd, 64)
            if not part:
                break
            data += part
        os.close(rfd)
        self.pid = pid
        self.t0 = int(data)
        self.chunks = []
        self.out = bytearray()
        self.status = None
        self.rusage = None

    # -- output --

    def pump(self, timeout):
        """Reads what is there (waiting at most timeout seconds for the first bytes). False at EOF."""
        r, _, _ = select.select([self.master], [], [], max(timeout, 0))
        if not r:
            return True
        try:
            data = os.read(self.master, 65536)
        except OSError:
            return False
        if not data:
            return False
        self.chunks.append((now_ns() - self.t0, data))
        self.out += data
        return True

    def find(self, needle, start=0):
        """ns after exec of the read that completed the first occurrence of needle, or None."""
        i = self.out.find(needle, start)
        if i < 0:
            return None
        end = i + len(needle)
        pos = 0
        for t, data in self.chunks:
            pos += len(data)
            if pos >= end:
                return t
        return None

    def wait_for(self, needle, timeout=10.0, start=0):
        """ns after exec at which needle (bytes) was first written; raises on timeout."""
        deadline = time.monotonic() + timeout
        while True:
            t = self.find(needle, start)
            if t is not None:
                return t
            left = deadline - time.monotonic()
            if left <= 0 or not self.pump(min(left, 0.5)) and self.out.find(needle, start) < 0:
                raise TimeoutError("%r did not appear; the output ended with %r" % (needle, bytes(self.out[-300:])))

    def drain(self, quiet=0.0):
        """Reads until nothing comes for `quiet` seconds."""
        while True:
            r, _, _ = select.select([self.master], [], [], quiet)
            if not r or not self.pump(0):
                return

    # -- input --

    def pending_input(self):
        """Bytes written to the terminal that the program has not read yet."""
        return struct.unpack("i", fcntl.ioctl(self.slave, termios.FIONREAD, b"\0\0\0\0"))[0]

    def blocked_reading(self):
        """The program's main thread sleeps in read() on standard input."""
        try:
            with open("/proc/%d/syscall" % self.pid) as f:
                parts = f.read().split()
            with open("/proc/%d/stat" % self.pid) as f:
                state = f.read().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            return False
        if state != "S" or len(parts) < 2:
            return False
        nr = int(parts[0])
        # read(0, ...) as curses programs do; newt (whiptail) waits in select/poll first
        return (nr == READ_NR and int(parts[1], 16) == 0) or (self.select_waits and nr in WAIT_SYSCALLS)

    def wait_ready(self, timeout=60.0):
        """Waits until every key sent was read and the program is blocked reading the next one, while
        draining its output. Raises on timeout."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.drain(0)
            if self.pending_input() == 0 and self.blocked_reading():
                # the output of the last key may still be in flight between write() and our read
                self.drain(0.002)
                if self.pending_input() == 0 and self.blocked_reading():
                    return
            time.sleep(0.0005)
        raise TimeoutError("the program did not come back to reading keys")

    def send(self, data):
        os.write(self.master, data)

    def rchar(self):
        """Bytes the program has read so far (/proc/PID/io), its terminal input included."""
        with open("/proc/%d/io" % self.pid) as f:
            for line in f:
                if line.startswith("rchar:"):
                    return int(line.split()[1])
        return 0

    def keys(self, seq, timeout=60.0):
        """Sends each key of seq (a list of byte strings), waiting after each until the program has read
        it (the terminal hands input over asynchronously, so an empty input queue alone proves nothing)
        and is blocked waiting for the next one."""
        for k in seq:
            before = self.rchar()
            self.send(k)
            deadline = time.monotonic() + timeout
            while self.rchar() < before + len(k):
                if time.monotonic() > deadline:
                    raise TimeoutError("the program did not read the key %r" % k)
                self.drain(0)
                time.sleep(0.0002)
            self.wait_ready(timeout)

    # -- process --

    def vmhwm_kib(self):
        with open("/proc/%d/status" % self.pid) as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
        return None

    def cpu_ticks(self):
        with open("/proc/%d/stat" % self.pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime + stime

    def alive(self):
        if self.status is not None:
            return False
        pid, status, ru = os.wait4(self.pid, os.WNOHANG)
        if pid == 0:
            return True
        self.status, self.rusage = status, ru
        return False

    def wait(self, timeout=30.0):
        """Waits for the program to end (reading its output meanwhile); returns ns after exec at which
        its end was seen (a pidfd becomes readable at once)."""
        deadline = time.monotonic() + timeout
        pidfd = os.pidfd_open(self.pid)
        try:
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    self.kill()
                    raise TimeoutError("the program did not end")
                r, _, _ = select.select([self.master, pidfd], [], [], left)
                end = now_ns()
                if self.master in r:
                    self.pump(0)
                if pidfd in r:
                    self.drain(0)
                    _, self.status, self.rusage = os.wait4(self.pid, 0)
                    return end - self.t0
        finally:
            os.close(pidfd)

    def kill(self, sig=signal.SIGKILL):
        if self.status is None:
            try:
                os.kill(self.pid, sig)
            except ProcessLookupError:
                pass
            _, self.status, self.rusage = os.wait4(self.pid, 0)

    def close(self):
        self.kill()
        for fd in (self.master, self.slave):
            try:
                os.close(fd)
            except OSError:
                pass


# ---- keys ----

def _terminfo_keys():
    """The key sequences of TERM=xterm-256color (in keypad-transmit mode, as curses programs set)."""
    import curses
    curses.setupterm("xterm-256color", sys.__stdout__.fileno() if sys.__stdout__ else -1)
    caps = {"btab": "kcbt", "up": "kcuu1", "down": "kcud1", "right": "kcuf1", "left": "kcub1",
            "home": "khome", "end": "kend", "pgdn": "knp", "pgup": "kpp", "del": "kdch1", "f10": "kf10"}
    keys = {name: curses.tigetstr(cap) for name, cap in caps.items()}
    keys.update({"tab": b"\t", "bs": b"\x7f", "enter": b"\r", "esc": b"\x1b", "ctrl-u": b"\x15",
                 "space": b" "})
    return keys


KEY = _terminfo_keys()
