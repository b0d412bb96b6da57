#!/usr/bin/env python3
"""The suite runner behind `make check`: the cmocka unit tests (one binary per core module), then the
Python suites (emulator, integration of the plain commands, tools: tools/layers.py on small made-up
trees, screen tests). It prints each suite's outcome and a closing line "N passed, N failed, N skipped",
and exits non-zero on any failure.

Environment: SWRTUI_BIN (the binary under test), SWRTUI_UNIT_DIR (the unit-test binaries),
SAN=1 when they were built with AddressSanitizer + UndefinedBehaviorSanitizer, SWRTUI_VALGRIND=1 to
run the screen tests' binary under valgrind memcheck (tests/screen/memcheck.py): every memcheck log
must then show no error and no definite leak.
Arguments: optional name filters (substrings) to run only some suites."""
import glob
import os
import re
import subprocess
import sys
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def sanitizer_env():
    env = dict(os.environ)
    env.setdefault("ASAN_OPTIONS", "detect_leaks=1:exitcode=99:abort_on_error=0")
    env.setdefault("UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1:exitcode=99")
    env["SWRTUI_EMULATOR"] = os.path.join(HERE, "emulator", "swr_emulator.py")
    return env


def run_unit(path, env):
    """One cmocka binary: returns (passed, failed, skipped, output)."""
    try:
        p = subprocess.run([path], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
        out = p.stdout + p.stderr
        rc = p.returncode
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b"").decode(errors="replace") + "\nTIMEOUT after 300 s"
        rc = -1
    passed = sum(int(n) for n in re.findall(r"\[  PASSED  \] (\d+) test", out))
    failed = sum(int(n) for n in re.findall(r"\[  FAILED  \] (\d+) test", out))
    skipped = sum(int(n) for n in re.findall(r"\[  SKIPPED \] (\d+) test", out))
    if rc != 0 and failed == 0:
        failed = 1  # crashed, sanitizer report, or timeout
    if "AddressSanitizer" in out or "runtime error:" in out or "LeakSanitizer" in out:
        failed = max(failed, 1)
    return passed, failed, skipped, out


def run_python_suite(directory, pattern):
    loader = unittest.TestLoader()
    suite = loader.discover(directory, pattern=pattern, top_level_dir=directory)
    runner = unittest.TextTestRunner(stream=sys.stdout, verbosity=1)
    res = runner.run(suite)
    failed = len(res.failures) + len(res.errors) + len(res.unexpectedSuccesses)
    skipped = len(res.skipped)
    return res.testsRun - failed - skipped, failed, skipped


def main(argv):
    filters = argv[1:]
    env = sanitizer_env()
    os.environ.update({k: env[k] for k in ("ASAN_OPTIONS", "UBSAN_OPTIONS", "SWRTUI_EMULATOR")})
    unit_dir = os.environ.get("SWRTUI_UNIT_DIR", os.path.join(ROOT, "build", "release", "tests"))
    total = [0, 0, 0]
    failures = []
    start = time.monotonic()

    def want(name):
        return not filters or any(f in name for f in filters)

    memcheck = None
    if os.environ.get("SWRTUI_VALGRIND") == "1":
        if os.environ.get("SAN") == "1":
            print("SWRTUI_VALGRIND=1 needs the release binary, not the sanitizer build")
            return 1
        sys.path.insert(0, os.path.join(HERE, "screen"))
        import memcheck
        memcheck.clear_logs()

    for path in sorted(glob.glob(os.path.join(unit_dir, "test_*"))):
        name = os.path.basename(path)
        if not want(name) or not os.access(path, os.X_OK):
            continue
        p, f, s, out = run_unit(path, env)
        print(f"unit {name}: {p} passed, {f} failed, {s} skipped")
        if f:
            failures.append(name)
            print(out)
        for i, v in enumerate((p, f, s)):
            total[i] += v

    for directory in ("emulator", "integration", "tools", "screen"):
        d = os.path.join(HERE, directory)
        if not os.path.isdir(d) or not want(directory) or not glob.glob(os.path.join(d, "test_*.py")):
            continue
        print(f"--- python suite: tests/{directory}")
        sys.stdout.flush()
        p, f, s = run_python_suite(d, "test_*.py")
        print(f"python {directory}: {p} passed, {f} failed, {s} skipped")
        if f:
            failures.append(directory)
        for i, v in enumerate((p, f, s)):
            total[i] += v

    if memcheck is not None:
        runs, bad, nsupp = memcheck.scan_logs()
        print(f"valgrind memcheck: {runs} runs, {len(bad)} with errors or definite leaks, {nsupp} errors "
              f"suppressed (tests/valgrind.supp); logs in {memcheck.LOG_DIR}")
        for path, found in bad.items():
            print(f"  {os.path.basename(path)}: {'; '.join(found)}")
        if bad or runs == 0:
            failures.append("valgrind" if runs else "valgrind (no run was logged)")
            total[1] += max(len(bad), 1)

    print(f"suite took {time.monotonic() - start:.1f} s")
    if failures:
        print("failing: " + ", ".join(failures))
    print(f"{total[0]} passed, {total[1]} failed, {total[2]} skipped")
    if total[0] + total[1] == 0:
        print("no test ran")
        return 1
    return 1 if total[1] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
