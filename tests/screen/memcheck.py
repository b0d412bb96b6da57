"""Valgrind memcheck for the screen tests: with SWRTUI_VALGRIND=1 the Screen driver runs the binary under
memcheck (one log per run), and this module reads the logs: a run is clean when memcheck finished it
with no error (invalid read or write, use of uninitialised memory, bad free) and no definite leak.
Standard library only; used by tests/screen/screen.py and by the suite runner."""
import glob
import os
import re
import shutil

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ENABLED = os.environ.get("SWRTUI_VALGRIND") == "1"
LOG_DIR = os.environ.get("SWRTUI_VALGRIND_LOGS", os.path.join(ROOT, "build", "valgrind"))
SUPPRESSIONS = os.path.join(ROOT, "tests", "valgrind.supp")
# everything runs many times slower under memcheck: every wait of a screen test is stretched this much
SLOWDOWN = float(os.environ.get("SWRTUI_SCREEN_SLOWDOWN", "8" if ENABLED else "1"))


def command(log_name):
    """The memcheck prefix for one run; its log goes to LOG_DIR/<log_name>.<pid>.log."""
    os.makedirs(LOG_DIR, exist_ok=True)
    return [shutil.which("valgrind") or "valgrind", "--tool=memcheck", "--error-exitcode=97",
            "--leak-check=full", "--errors-for-leak-kinds=definite", "--show-leak-kinds=definite",
            "--num-callers=40", f"--suppressions={SUPPRESSIONS}",
            f"--log-file={os.path.join(LOG_DIR, log_name)}.%p.log"]


def finished(text):
    """memcheck writes its ERROR SUMMARY last, when the process has ended (normally or by a signal)."""
    return "ERROR SUMMARY:" in text


def problems(text):
    """What is wrong in one log: [] when memcheck finished the run with no error and no definite leak."""
    out = []
    if not finished(text):
        return ["the log is incomplete (the process was still running or was killed with SIGKILL)"]
    m = re.search(r"ERROR SUMMARY: ([\d,]+) errors? from ([\d,]+) contexts?", text)
    errors = int(m.group(1).replace(",", "")) if m else -1
    if errors != 0:
        kinds = sorted(set(re.findall(r"^==\d+== (Invalid (?:read|write|free)[^\n]*|Conditional jump[^\n]*|"
                                      r"Use of uninitialised[^\n]*|Syscall param[^\n]*|Mismatched free[^\n]*|"
                                      r"[\d,]+ bytes in [\d,]+ blocks are definitely lost[^\n]*)", text, re.M)))
        out.append(f"{errors} error(s): " + ("; ".join(kinds[:8]) if kinds else "see the log"))
    m = re.search(r"definitely lost: ([\d,]+) bytes in ([\d,]+) blocks", text)
    if m and int(m.group(1).replace(",", "")) != 0:
        out.append(f"definitely lost: {m.group(1)} bytes in {m.group(2)} blocks")
    return out


def suppressed(text):
    m = re.search(r"ERROR SUMMARY: [\d,]+ errors? from [\d,]+ contexts? \(suppressed: ([\d,]+) from", text)
    return int(m.group(1).replace(",", "")) if m else 0


def clear_logs():
    for path in glob.glob(os.path.join(LOG_DIR, "*.log")):
        os.remove(path)


def scan_logs():
    """Every log in LOG_DIR: returns (number of runs, {log path: [problems]}, suppressed errors)."""
    paths = sorted(glob.glob(os.path.join(LOG_DIR, "*.log")))
    bad, nsupp = {}, 0
    for path in paths:
        with open(path, errors="replace") as f:
            text = f.read()
        nsupp += suppressed(text)
        p = problems(text)
        if p:
            bad[path] = p
    return len(paths), bad, nsupp
