#!/usr/bin/env python3
"""`make bench`: swrtui measured side by side with dialog, whiptail and curl against the local SWR
emulator on loopback, checked against its budgets. Writes bench/RESULTS.md and exits 1 when a budget is
missed (2 when the benchmark itself could not run).

  1. start to first frame of the edit form (swrtui edit, dialog --mixedform, whiptail --menu with the
     same fields, curl GET of the same registry), in a pseudo-terminal of our own
  2. instructions per keystroke on the edit form (0 vs 1,000 DNS hosts) and per scroll step on the
     list (100 vs 10,000 registries), counted by callgrind, one dump per key; instructions and bytes
     per typed character on the form against dialog --form with the same six fields, measured the
     same way for both (a session typing 40 characters minus one typing none, divided by 40)
  3. peak resident size on the form and with 10,000 registries loaded, beside dialog and curl
  4. 10,000 registries over one reused connection, the first page on screen before the rest is asked for
  5. swrtui apply against curl making the same PUT
  6. idle: no CPU and no system call while waiting for a key
  7. bulk: swrtui rotate of 100 registries (200 requests, one connection) and the peak memory of
     swrtui export of 10,000 registries against the list's budget

Python 3 standard library only; see README.md ("Benchmarks")."""
import argparse
import glob
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tests", "emulator"))
from benchlib import COLS, KEY, ROOT, ROWS, TOKEN, Emulator, PtyProgram, base_env, realtime, summary  # noqa: E402
from swr_emulator import sample_document  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
INPUTS = os.path.join(HERE, "inputs")
MIB = 1024

# ---- budgets ----
STEP_TOLERANCE = 1.10     # per-key / per-step cost: larger instance at most +10 %
SCROLL_PER_KEY = 1.5      # a scroll step of the list of 10,000 at most 1.5x dialog's cost per typed character
TYPED = 40                # characters typed into Name, swrtui and dialog alike
TYPING_RUNS = 3
FORM_MEM_EXTRA = 4 * MIB  # KiB over curl's peak
LIST_MEM_EXTRA = 8 * MIB
APPLY_RATIO = 1.2


def log(*a):
    print("bench:", *a, file=sys.stderr, flush=True)


def fmt_ms(s):
    return "%.1f ms (IQR %.1f–%.1f, min %.1f, max %.1f; n=%d)" % (
        s["median"], s["q1"], s["q3"], s["min"], s["max"], s["n"])


def fmt_mib(s):
    return "%.1f MiB (IQR %.1f–%.1f, min %.1f, max %.1f; n=%d)" % (
        s["median"] / MIB, s["q1"] / MIB, s["q3"] / MIB, s["min"] / MIB, s["max"] / MIB, s["n"])


def fmt_ir(s):
    return "mean %s, median %s (IQR %s–%s, min %s, max %s; n=%d keys)" % (
        "{:,.0f}".format(s["mean"]), "{:,.0f}".format(s["median"]), "{:,.0f}".format(s["q1"]),
        "{:,.0f}".format(s["q3"]), "{:,.0f}".format(s["min"]), "{:,.0f}".format(s["max"]), s["n"])


def read_keys(name, repeat):
    """The key script bench/inputs/NAME, played `repeat` times: a list of byte strings."""
    seq = []
    with open(os.path.join(INPUTS, name)) as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            count, key = line.split(None, 1)
            keys = [c.encode() for c in key[5:]] if key.startswith("text:") else [KEY[key]]
            seq += keys * int(count)
    return seq * repeat


class Bench:
    def __init__(self, args):
        self.args = args
        self.swrtui = os.path.abspath(args.swrtui)
        self.tmp = tempfile.mkdtemp(prefix="swrtui-bench-")
        self.home = os.path.join(self.tmp, "home")
        os.makedirs(self.home)
        self.budgets = []   # (what, budget, measured, passed)
        self.sections = []  # markdown
        self.emulators = []

    # -- helpers --

    def budget(self, what, limit, measured, passed):
        self.budgets.append((what, limit, measured, passed))
        log("%s %s: %s (budget %s)" % ("PASS" if passed else "MISS", what, measured, limit))

    def emulator(self, *args):
        emu = Emulator(*args)
        self.emulators.append(emu)
        return emu

    def env(self, emu):
        env = base_env(self.home)
        env.update(emu.env())
        return env

    def stop(self):
        for emu in self.emulators:
            emu.stop()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def write_state(self):
        """The sample registries, plus two like registry 1 with 0 and 1,000 DNS hosts (ids 100, 101)."""
        doc = sample_document()
        base = dict(doc["registries"][0])
        reg0 = dict(base, id=100, name="bench-hosts-0000")
        reg0.pop("dns_conf", None)
        hosts = {"h%04d.mirror.example.com" % i: "192.0.2.%d" % (i % 250 + 1) for i in range(1000)}
        reg1000 = dict(base, id=101, name="bench-hosts-1000", dns_conf={"hosts": hosts})
        doc["registries"] += [reg0, reg1000]
        path = os.path.join(self.tmp, "state.json")
        with open(path, "w") as f:
            json.dump(doc, f)
        return path, doc["registries"][0]

    # -- 1 and 3: start to first frame, and peak memory on the form --

    def startup(self):
        runs = self.args.runs
        state, reg = self.write_state()
        emu = self.emulator("--state", state)
        env = self.env(emu)
        name = reg["name"]
        hosts = ", ".join("%s=%s" % kv for kv in reg["dns_conf"]["hosts"].items())
        insecure = "yes" if reg["insecure"] else "no"
        fields = [("Name *", name, 64, 0), ("Description", reg["description"], 255, 0),
                  ("Type *", reg["type"], 32, 0), ("URL *", reg["url"], 255, 0),
                  ("Access key *", reg["credential"]["access_key"], 255, 0), ("Access secret *", "", 255, 1),
                  ("Skip certificate verification", insecure, 3, 0), ("DNS hosts", hosts, 1024, 0)]
        dialog = ["/usr/bin/dialog", "--backtitle", "swrtui", "--title", "registry 1: " + name,
                  "--mixedform", "Edit the registry", "20", "90", "10"]
        for i, (label, value, ilen, itype) in enumerate(fields):
            dialog += [label, str(i + 1), "1", value, str(i + 1), "33", "50", str(ilen), str(itype)]
        whiptail = ["/usr/bin/whiptail", "--title", "registry 1: " + name, "--menu",
                    "Edit the registry (choose a field)", "20", "90", "10"]
        for label, value, _, itype in fields:
            whiptail += [label, "(enter it again)" if itype == 1 else value]
        curl = ["/usr/bin/curl", "-sS", "-o", "/dev/null", "-H", "X-Auth-Token: " + TOKEN,
                "-H", "Accept: application/json", emu.api("/1")]
        show = [self.swrtui, "show", "1"]
        gnu_time = ["/usr/bin/time", "-f", "%M", "-o"]

        t = {k: [] for k in ("sw_first", "sw_full", "dlg_first", "dlg_name", "wt_first", "curl", "show")}
        mem = {k: [] for k in ("sw_form", "dialog", "whiptail", "curl", "show")}

        def run_swrtui():
            p = PtyProgram([self.swrtui, "edit", "1"], env)
            try:
                t["sw_first"].append(p.wait_for("Loading the registry".encode()) / 1e6)
                t["sw_full"].append(p.wait_for(name.encode()) / 1e6)
                p.wait_ready()
                mem["sw_form"].append(p.vmhwm_kib())
            finally:
                p.close()

        def run_tui(argv, key_first, key_mem, extra=None):
            p = PtyProgram(argv, env, select_waits=argv[0].endswith("whiptail"))
            try:
                t[key_first].append(p.wait_for(b"Description") / 1e6)
                if extra:
                    t[extra].append(p.wait_for(name.encode()) / 1e6)
                p.wait_ready()
                mem[key_mem].append(p.vmhwm_kib())
            finally:
                p.close()

        def run_exit(argv, key):
            p = PtyProgram(argv, env)
            try:
                end = p.wait()
                if os.waitstatus_to_exitcode(p.status) != 0:
                    raise RuntimeError("%s failed: %r" % (argv[0], bytes(p.out[-300:])))
                t[key].append(end / 1e6)
            finally:
                p.close()

        def run_mem(argv, key):
            out = os.path.join(self.tmp, "maxrss")
            p = PtyProgram(gnu_time + [out] + argv, env)
            try:
                p.wait()
            finally:
                p.close()
            with open(out) as f:
                mem[key].append(int(f.read().split()[-1]))

        jobs = [run_swrtui, lambda: run_tui(dialog, "dlg_first", "dialog", "dlg_name"),
                lambda: run_tui(whiptail, "wt_first", "whiptail"), lambda: run_exit(curl, "curl"),
                lambda: run_exit(show, "show"), lambda: run_mem(curl, "curl"), lambda: run_mem(show, "show")]
        for _ in range(2):  # warm the page cache
            for job in jobs:
                job()
        for k in list(t) + list(mem):
            (t if k in t else mem)[k].clear()
        for i in range(runs):
            for job in jobs[i % len(jobs):] + jobs[:i % len(jobs)]:  # rotate the order every round
                job()
        s = {k: summary(v) for k, v in t.items()}
        m = {k: summary(v) for k, v in mem.items()}
        self.startup_stats, self.mem_stats = s, m
        self.curl_peak = m["curl"]["median"]

        limit = s["dlg_first"]["median"]
        self.budget("first frame of the edit form", "≤ dialog's first frame, %.1f ms" % limit,
                    "%.1f ms" % s["sw_first"]["median"], s["sw_first"]["median"] <= limit)
        limit2 = s["dlg_first"]["median"] + s["curl"]["median"]
        self.budget("first full frame with the values", "≤ dialog's first frame + curl's GET, %.1f ms" % limit2,
                    "%.1f ms" % s["sw_full"]["median"], s["sw_full"]["median"] <= limit2)
        limit3 = self.curl_peak + FORM_MEM_EXTRA
        self.budget("peak memory on the edit form", "≤ curl's peak + 4 MiB, %.1f MiB" % (limit3 / MIB),
                    "%.1f MiB" % (m["sw_form"]["median"] / MIB), m["sw_form"]["median"] <= limit3)

        self.sections.append("""## 1. Start to first frame of the edit form

Each program runs on a pseudo-terminal of %dx%d owned by the benchmark (TERM=xterm-256color,
C.UTF-8); the clock starts when the child calls execve() and every read of the terminal's output is
timestamped. "First frame" is the read that completes the form's text (swrtui: its notice "Loading the
registry…"; dialog and whiptail: the label "Description"); "full frame" is the read that completes the
registry's name (%s). dialog and whiptail show the same eight fields with the values given on their
command line (Name, Description, Type, URL, Access key, Access secret, Skip certificate verification,
DNS hosts): dialog in `--mixedform` (a text field each, the secret hidden), whiptail, which has no form,
in a `--menu` of the fields and their values. curl and `swrtui show` are timed from execve() to exit.
%d rounds, the order of the programs rotated every round, after 2 warm-up rounds.

| program | what | time |
|---|---|---|
| `swrtui edit 1` | first frame (loading notice) | %s |
| `swrtui edit 1` | full frame with the values | %s |
| `dialog --mixedform` (8 fields, values given) | first frame | %s |
| `dialog --mixedform` | registry name on screen | %s |
| `whiptail --menu` (8 fields with values) | first frame | %s |
| `curl` GET of registry 1 | exec to exit | %s |
| `swrtui show 1` (same GET, plain command) | exec to exit | %s |
""" % (COLS, ROWS, name, runs, fmt_ms(s["sw_first"]), fmt_ms(s["sw_full"]), fmt_ms(s["dlg_first"]),
            fmt_ms(s["dlg_name"]), fmt_ms(s["wt_first"]), fmt_ms(s["curl"]), fmt_ms(s["show"])))

    # -- 2: instructions per keystroke and per scroll step --

    def callgrind_session(self, argv, env, ready, keys, what):
        """Runs argv under callgrind with one dump before every term_read_key() call, plays keys, and
        returns the instructions of each key (from one call of term_read_key to the next: reading the key,
        handling it and drawing the screen)."""
        out = os.path.join(self.tmp, "cg-" + what)
        os.makedirs(out)
        p = PtyProgram(["/usr/bin/valgrind", "--tool=callgrind", "--callgrind-out-file=%s/cg" % out,
                        "--dump-before=term_read_key", "--dump-instr=no", "--compress-strings=no"] + argv, env)
        try:
            p.wait_for(ready, timeout=300)
            p.wait_ready(300)
            p.keys(keys, 120)
            p.send(b"\x03")  # Ctrl-C quits at once
            p.wait(120)
        finally:
            p.close()
        costs = {}
        for f in glob.glob(out + "/cg.*"):
            part = int(f.rsplit(".", 1)[1])
            with open(f) as fh:
                for line in fh:
                    if line.startswith("summary:") or line.startswith("totals:"):
                        costs[part] = int(line.split()[1])
                        break
        shutil.rmtree(out, ignore_errors=True)
        # part 1: start-up to the first key; part k+1: key k; the last key (Ctrl-C) ends in the final
        # file (cg, not numbered), so parts 2 .. len(keys)+1 are the keys played
        per_key = [costs[k] for k in sorted(costs) if 2 <= k <= len(keys) + 1]
        if len(per_key) != len(keys):
            raise RuntimeError("callgrind %s: %d dumps for %d keys" % (what, len(per_key), len(keys)))
        return per_key, costs.get(1, 0)

    def typing_session(self, argv, env, ready, nchars, quit_key, select_waits=False):
        """Runs argv under callgrind (no dumps: one count for the whole session), types nchars characters
        one at a time (each handled before the next), quits with quit_key; returns (instructions of the
        whole session, bytes it wrote while the characters were typed)."""
        out = os.path.join(self.tmp, "cg-typing")
        shutil.rmtree(out, ignore_errors=True)
        os.makedirs(out)
        p = PtyProgram(["/usr/bin/valgrind", "--tool=callgrind", "--callgrind-out-file=%s/cg" % out,
                        "--dump-instr=no", "--compress-strings=no"] + argv, env, select_waits=select_waits)
        try:
            p.wait_for(ready, timeout=300)
            p.wait_ready(300)
            mark = len(p.out)
            p.keys([b"x"] * nchars, 120)
            p.drain(0.2)
            written = len(p.out) - mark
            p.send(quit_key)
            p.wait(120)
        finally:
            p.close()
        total = None
        with open(os.path.join(out, "cg")) as fh:
            for line in fh:
                if line.startswith("summary:") or line.startswith("totals:"):
                    total = int(line.split()[1])
                    break
        shutil.rmtree(out, ignore_errors=True)
        if total is None:
            raise RuntimeError("callgrind wrote no total for %s" % argv[0])
        return total, written

    def typing_cost(self, argv, env, ready, quit_key, select_waits=False):
        """Instructions and bytes per typed character, as the issue measured them for swrtui and dialog
        alike: a session typing TYPED characters, minus the same session typing none, divided by TYPED.
        Each session runs TYPING_RUNS times; the medians are compared."""
        full, none, written = [], [], []
        for _ in range(TYPING_RUNS):
            t, w = self.typing_session(argv, env, ready, TYPED, quit_key, select_waits)
            full.append(t)
            written.append(w)
            none.append(self.typing_session(argv, env, ready, 0, quit_key, select_waits)[0])
        full.sort()
        none.sort()
        written.sort()
        mid = len(full) // 2
        return {"per_char": (full[mid] - none[mid]) / TYPED, "bytes": written[mid] / TYPED,
                "full": full, "none": none, "spread": (full[-1] - full[0] + none[-1] - none[0]) / TYPED}

    def typing(self, env, reg):
        """swrtui's form and dialog's --form with the same six fields, typing into Name."""
        fields = [("Name *", reg["name"]), ("Description", reg.get("description", "")), ("Type *", reg["type"]),
                  ("URL *", reg["url"]), ("Access key *", reg["credential"]["access_key"]), ("Access secret *", "")]
        dialog = ["/usr/bin/dialog", "--title", "registry %d: %s" % (reg["id"], reg["name"]), "--form",
                  "Edit the registry", "20", "90", "8"]
        for i, (label, value) in enumerate(fields):
            dialog += [label, str(i + 1), "1", value, str(i + 1), "33", "50", "255"]
        denv = dict(env, ESCDELAY="25")
        log("callgrind: typing %d characters into Name: swrtui and dialog --form, %d runs each" % (TYPED, TYPING_RUNS))
        sw = self.typing_cost([self.swrtui, "edit", str(reg["id"])], env, reg["name"].encode(), b"\x03")
        dl = self.typing_cost(dialog, denv, b"Access secret", b"\x1b", select_waits=True)
        self.typing_cg = (sw, dl)
        return sw, dl

    def keystrokes(self):
        state, _ = self.write_state()
        emu = self.emulator("--state", state)
        env = self.env(emu)
        with open(state) as f:
            reg100 = next(r for r in json.load(f)["registries"] if r["id"] == 100)
        sw, dl = self.typing(env, reg100)
        keys = read_keys("form-keys.txt", self.args.form_repeat)
        r = {}
        for hosts, rid, name in ((0, 100, "bench-hosts-0000"), (1000, 101, "bench-hosts-1000")):
            log("callgrind: edit form, %d DNS hosts, %d keys" % (hosts, len(keys)))
            per_key, start = self.callgrind_session([self.swrtui, "edit", str(rid)], env, name.encode(), keys,
                                                    "form%d" % hosts)
            r[hosts] = (summary(per_key), start)
        self.form_cg = r

        keys = read_keys("list-keys.txt", self.args.list_repeat)
        lst = {}
        for n in (100, 10000):
            e = self.emulator("--generate", str(n))
            log("callgrind: list of %d registries, %d steps" % (n, len(keys)))
            # the newest first: the first row of the list is the last one generated
            per_key, start = self.callgrind_session([self.swrtui], self.env(e), b"reg-%05d" % n, keys, "list%d" % n)
            lst[n] = (summary(per_key), start)
            e.stop()
        # paging through 10,000: every ~4th step fetches a page of 100
        e = self.emulator("--generate", "10000")
        pg = [KEY["pgdn"]] * self.args.pgdn_steps
        log("callgrind: list of 10000 registries, %d PgDn" % len(pg))
        per_pg, _ = self.callgrind_session([self.swrtui], self.env(e), b"reg-10000", pg, "pgdn")
        e.stop()
        pgs = summary(per_pg)
        self.list_cg = lst

        f0, f1 = r[0][0]["mean"], r[1000][0]["mean"]
        self.budget("keystroke cost with 1,000 DNS hosts", "≤ +%d%% of 0 hosts, %s" % (
            round((STEP_TOLERANCE - 1) * 100), "{:,.0f}".format(f0 * STEP_TOLERANCE)),
            "{:,.0f} instructions".format(f1), f1 <= f0 * STEP_TOLERANCE)
        l0, l1 = lst[100][0]["mean"], lst[10000][0]["mean"]
        self.budget("scroll step cost with 10,000 registries", "≤ +%d%% of 100 registries, %s" % (
            round((STEP_TOLERANCE - 1) * 100), "{:,.0f}".format(l0 * STEP_TOLERANCE)),
            "{:,.0f} instructions".format(l1), l1 <= l0 * STEP_TOLERANCE)
        self.budget("instructions per typed character on the form", "≤ dialog's, {:,.0f}".format(dl["per_char"]),
                    "{:,.0f} instructions".format(sw["per_char"]), sw["per_char"] <= dl["per_char"])
        self.budget("bytes written per typed character on the form", "≤ dialog's, %.1f" % dl["bytes"],
                    "%.1f bytes" % sw["bytes"], sw["bytes"] <= dl["bytes"])
        limit = dl["per_char"] * SCROLL_PER_KEY
        self.budget("scroll step cost with 10,000 registries against a typed character",
                    "≤ %.1f× dialog's per typed character, %s" % (SCROLL_PER_KEY, "{:,.0f}".format(limit)),
                    "{:,.0f} instructions".format(l1), l1 <= limit)

        self.sections.append("""## 2. Instructions per keystroke and per scroll step (callgrind)

swrtui runs under `valgrind --tool=callgrind --dump-before=term_read_key` on the same pseudo-terminal;
the benchmark sends one key at a time and waits until the program has read it and is blocked reading
the next one (so no key is ever pending while it draws). Each dump then holds exactly one key: reading
it, handling it and drawing the screen. Start-up (and the fetch) is the first dump and is left out.
The budget compares the mean (total instructions of the same key script / keys), which is
deterministic: the spread below is between different keys, not between runs.

| session | per key | start-up (not counted) |
|---|---|---|
| edit form, 0 DNS hosts: `bench/inputs/form-keys.txt` ×%d | %s | %s |
| edit form, 1,000 DNS hosts: the same keys | %s | %s |
| list of 100 registries: `bench/inputs/list-keys.txt` ×%d | %s | %s |
| list of 10,000 registries: the same keys | %s | %s |
| list of 10,000 registries: PgDn ×%d (a page of 100 fetched every ~4 steps) | %s | |

Tolerance: +%d%%. The instruction count of a key does not vary between runs; the only legitimate
differences between the two sizes are the few more digits drawn (title count, IDs) and the DNS hosts
row, whose text is cut at the screen's width either way — a few hundred to a few thousand
instructions, under 1%%. Anything that walks the whole list or all the hosts on every key costs at
least a few instructions per item, which at 1,000 hosts or 10,000 registries is well over 10%%.
""" % (self.args.form_repeat, fmt_ir(r[0][0]), "{:,}".format(r[0][1]), fmt_ir(r[1000][0]),
            "{:,}".format(r[1000][1]), self.args.list_repeat, fmt_ir(lst[100][0]), "{:,}".format(lst[100][1]),
            fmt_ir(lst[10000][0]), "{:,}".format(lst[10000][1]), self.args.pgdn_steps, fmt_ir(pgs),
            round((STEP_TOLERANCE - 1) * 100)))
        self.sections.append(self.typing_section(l1))

    def typing_section(self, step):
        sw, dl = self.typing_cg
        limit = dl["per_char"] * SCROLL_PER_KEY

        def row(name, r):
            return "| %s | %s | %s | %s | %s |" % (
                name, "{:,}".format(r["full"][len(r["full"]) // 2]), "{:,}".format(r["none"][len(r["none"]) // 2]),
                "{:,.0f}".format(r["per_char"]), "%.1f" % r["bytes"])
        return """## 2b. Instructions and bytes per typed character: swrtui against dialog (callgrind)

The same measure for both programs, in the same run: callgrind (no dumps) over a session that types %d
characters into the Name field, one at a time (each read and drawn before the next is sent), minus the
same session typing none, divided by %d; each session %d times, medians (the counts are deterministic:
the spread between runs is %.0f and %.0f instructions per character). swrtui: `swrtui edit 100` (the
form of a swr-pro registry without DNS hosts), Ctrl-C to quit. dialog: `dialog --form` with the same
six fields and values (Name, Description, Type, URL, Access key, Access secret; fields of 50 columns at
column 33), Esc to quit. Bytes: what the program wrote to the terminal while the characters were typed,
divided by %d.

| program | instructions, %d typed | instructions, none typed | per typed character | bytes per typed character |
|---|---|---|---|---|
%s
%s

A scroll step of the list of 10,000 (the mean of section 2) costs {:,.0f} instructions, %.2f× dialog's
per typed character (budget %.1f×, {:,.0f}). A step within the screen changes only the attributes of the
two rows whose highlight moves (the cheapest step: {:,.0f}); a step that moves the view has the terminal
scroll the rows (its scroll region) and draws the one that came in (the dearest: {:,.0f}).
""".format(step, limit, self.list_cg[10000][0]["min"], self.list_cg[10000][0]["max"]) % (TYPED, TYPED, TYPING_RUNS, sw["spread"], dl["spread"], TYPED, TYPED,
                           row("`swrtui edit 100`", sw), row("`dialog --form` (6 fields)", dl),
                           step / dl["per_char"], SCROLL_PER_KEY)

    # -- 3 and 4: 10,000 registries over one connection, and their memory --

    def scale(self):
        emu = self.emulator("--generate", "10000")
        env = self.env(emu)
        first, last, early, conns, reqs, peak, presses = [], [], [], [], [], [], []
        for i in range(self.args.scale_runs):
            emu.reset()
            p = PtyProgram([self.swrtui], env)
            try:
                first.append(p.wait_for(b"reg-10000") / 1e6)  # the newest first
                early.append(emu.stats()["requests"])  # asked for so far: the first page only
                p.wait_ready()
                # PgDn until the last page was fetched and drawn (curses redraws only the cells that
                # change, so the screen's text is not searched for; the emulator counts the requests)
                n = 0
                while emu.stats()["requests"] < 100:
                    p.keys([KEY["pgdn"]])
                    n += 1
                    if n > 1000:
                        raise RuntimeError("the list did not fetch 100 pages")
                last.append(p.chunks[-1][0] / 1e6)
                presses.append(n)
                p.wait_ready()
                peak.append(p.vmhwm_kib())
                if i == 0:
                    self.idle_check(p, "list of 10,000 registries, at the end")
                st = emu.stats()
                conns.append(st["connections"])
                reqs.append(st["requests"])
            finally:
                p.close()
        ok = all(c == 1 for c in conns) and all(r == 100 for r in reqs) and all(e == 1 for e in early)
        self.budget("10,000 registries over one connection, first page before the rest",
                    "1 connection, 100 requests, 1 request when the first page shows",
                    "connections %s, requests %s, at first page %s" % (sorted(set(conns)), sorted(set(reqs)),
                                                                       sorted(set(early))), ok)
        pk = summary(peak)
        limit = self.curl_peak + LIST_MEM_EXTRA
        self.budget("peak memory with 10,000 registries loaded", "≤ curl's peak + 8 MiB, %.1f MiB" % (limit / MIB),
                    "%.1f MiB" % (pk["median"] / MIB), pk["median"] <= limit)
        self.scale_peak = pk
        self.sections.append("""## 4. Scale: 10,000 registries (100 pages)

`swrtui` (the list, newest first) on an emulator with `--generate 10000`, then PgDn until the last of
the 100 pages was fetched and drawn (%s presses, each sent once the previous one was handled). The
emulator's `/_emu/stats` is reset before each run and read after it (the benchmark's own control
connections are subtracted). %d runs.

| what | figure |
|---|---|
| first page on screen (exec to `reg-10000`, its first row) | %s |
| API requests received when the first page was on screen | %s |
| last page on screen (exec to its drawing; paced by the keys) | %s |
| API requests / connections at the end | %s / %s |
""" % ("/".join(str(x) for x in sorted(set(presses))), self.args.scale_runs, fmt_ms(summary(first)),
            ", ".join(str(x) for x in sorted(set(early))), fmt_ms(summary(last)),
            ", ".join(str(x) for x in sorted(set(reqs))), ", ".join(str(x) for x in sorted(set(conns)))))

    def memory_section(self):
        m = self.mem_stats
        self.sections.append("""## 3. Memory: peak resident size

VmHWM of the process (`/proc/PID/status`) once it waits for a key, for the programs that stay; GNU
`time -f %%M` (maxrss of a child it forks, so not inflated by the benchmark's own memory) for those that
exit.

| program | peak resident size |
|---|---|
| `swrtui edit 1`, form drawn with the values | %s |
| `swrtui`, 10,000 registries loaded (all 100 pages) | %s |
| `dialog --mixedform` | %s |
| `whiptail --menu` | %s |
| `curl` GET of registry 1 | %s |
| `swrtui show 1` (same GET, plain command) | %s |
""" % (fmt_mib(m["sw_form"]), fmt_mib(self.scale_peak), fmt_mib(m["dialog"]), fmt_mib(m["whiptail"]),
            fmt_mib(m["curl"]), fmt_mib(m["show"])))

    # -- 5: swrtui apply against curl's PUT --

    def apply(self):
        emu = self.emulator("--sample")
        env = self.env(emu)
        body = os.path.join(INPUTS, "registry.json")
        sw = [self.swrtui, "apply", "1", body]
        curl = ["/usr/bin/curl", "-sS", "-f", "-o", "/dev/null", "-X", "PUT", "-H", "X-Auth-Token: " + TOKEN,
                "-H", "Accept: application/json", "-H", "Content-Type: application/json",
                "--data-binary", "@" + body, emu.api("/1")]
        # the same body on the wire
        emu.control("DELETE", "/_emu/requests")
        for argv in (sw, curl):
            subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL)
        bodies = [r["body"] for r in emu.control("GET", "/_emu/requests") if r["method"] == "PUT"]
        if len(bodies) != 2 or bodies[0] != bodies[1]:
            raise RuntimeError("swrtui apply and curl did not send the same body: %r" % bodies)
        # each a new process, exec to exit, alternating (so that a change in the machine's load touches
        # both alike), after warm-up runs
        times = {"swrtui apply": [], "curl PUT": []}
        jobs = [("swrtui apply", sw), ("curl PUT", curl)]
        for i in range(self.args.apply_runs + 3):
            for name, argv in jobs[i % 2:] + jobs[:i % 2]:
                p = PtyProgram(argv, env)
                try:
                    end = p.wait()
                finally:
                    p.close()
                if os.waitstatus_to_exitcode(p.status) != 0:
                    raise RuntimeError("%s failed: %r" % (name, bytes(p.out[-300:])))
                if i >= 3:
                    times[name].append(end / 1e6)
        res = {k: summary(v) for k, v in times.items()}
        s, c = res["swrtui apply"], res["curl PUT"]
        self.budget("swrtui apply against curl's PUT", "≤ %.1f× curl, %.1f ms" % (APPLY_RATIO, c["median"] * APPLY_RATIO),
                    "%.1f ms (%.2f×)" % (s["median"], s["median"] / c["median"]),
                    s["median"] <= c["median"] * APPLY_RATIO)
        self.sections.append("""## 5. Request overhead: `swrtui apply` against `curl`

`swrtui apply 1 bench/inputs/registry.json` and `curl -X PUT` with the same headers that matter
(token, JSON content type) and the same body (checked: the emulator received byte-identical bodies),
each a new process timed from execve() to exit, %d runs of each, alternating, after 3 warm-up rounds.

| command | wall time |
|---|---|
| `swrtui apply 1 bench/inputs/registry.json` | %s |
| `curl -X PUT --data-binary @bench/inputs/registry.json` | %s |
| ratio of the medians | %.2f× |
""" % (self.args.apply_runs, fmt_ms(s), fmt_ms(c), s["median"] / c["median"]))

    # -- 7: bulk changes --

    def gnu_time_peak(self, argv, env, stdin=None):
        """The peak resident size (KiB) of argv, from GNU time; its output is thrown away."""
        out = os.path.join(self.tmp, "maxrss-bulk")
        subprocess.run(["/usr/bin/time", "-f", "%M", "-o", out] + argv, env=env, input=stdin, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        with open(out) as f:
            return int(f.read().split()[-1])

    def bulk(self):
        emu = self.emulator("--generate", "100")
        env = self.env(emu)
        ids = [str(r["id"]) for r in emu.control("GET", "/_emu/state")["registries"]]
        conns, reqs, puts, times = [], [], [], []
        for _ in range(self.args.bulk_runs):
            emu.reset()
            t = time.monotonic()
            p = subprocess.run([self.swrtui, "rotate", *ids], env=env, input="bench-rotated-secret\n",
                               capture_output=True, text=True)
            times.append((time.monotonic() - t) * 1000)
            if p.returncode != 0:
                raise RuntimeError("swrtui rotate failed: %s" % p.stderr[-300:])
            st = emu.stats()
            conns.append(st["connections"])
            reqs.append(st["requests"])
            puts.append(sum(1 for r in emu.control("GET", "/_emu/requests") if r["method"] == "PUT"))
        ok = all(c == 1 for c in conns) and all(r == 200 for r in reqs) and all(n == 100 for n in puts)
        self.budget("rotating 100 registries", "200 requests (100 GET, 100 PUT) over 1 connection",
                    "connections %s, requests %s, PUTs %s" % (sorted(set(conns)), sorted(set(reqs)),
                                                              sorted(set(puts))), ok)
        big = self.emulator("--generate", "10000")
        benv = self.env(big)
        peaks = [self.gnu_time_peak([self.swrtui, "export"], benv) for _ in range(self.args.bulk_runs)]
        if not getattr(self, "curl_peak", None):
            self.curl_peak = summary([self.gnu_time_peak(
                ["/usr/bin/curl", "-sS", "-f", "-o", "/dev/null", "-H", "X-Auth-Token: " + TOKEN, big.api("/1")],
                benv) for _ in range(5)])["median"]
        pk = summary(peaks)
        limit = self.curl_peak + LIST_MEM_EXTRA
        self.budget("peak memory of export with 10,000 registries", "≤ curl's peak + 8 MiB, %.1f MiB" % (limit / MIB),
                    "%.1f MiB" % (pk["median"] / MIB), pk["median"] <= limit)
        self.sections.append("""## 7. Bulk changes: rotate and export

`swrtui rotate` of the 100 registries of an emulator with `--generate 100` (the new secret on standard
input): the emulator's `/_emu/stats` is reset before each run and read after it (the benchmark's own
control connections subtracted). `swrtui export` of `--generate 10000`, its peak resident size from GNU
`time -f %%M`. %d runs each.

| what | figure |
|---|---|
| rotate 100: wall time | %s |
| rotate 100: API requests / PUTs / connections | %s / %s / %s |
| export of 10,000 registries: peak resident size | %s |
""" % (self.args.bulk_runs, fmt_ms(summary(times)), ", ".join(str(x) for x in sorted(set(reqs))),
            ", ".join(str(x) for x in sorted(set(puts))), ", ".join(str(x) for x in sorted(set(conns))),
            fmt_mib(pk)))

    # -- 6: idle --

    def idle_check(self, p, what):
        """Over IDLE_SECONDS: the CPU ticks of the process do not move, then strace attached for as long
        sees no system call but the read() it is blocked in."""
        secs = self.args.idle_seconds
        before = p.cpu_ticks()
        time.sleep(secs)
        ticks = p.cpu_ticks() - before
        logf = os.path.join(self.tmp, "strace.log")
        subprocess.run(["timeout", "-s", "INT", str(secs), "strace", "-f", "-tt", "-p", str(p.pid), "-o", logf],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        with open(logf) as f:
            lines = [ln.strip() for ln in f if ln.strip()]
        calls = [ln for ln in lines if not re.search(r"\bread\(0, +<(detached|unfinished) \.\.\.>$", ln)]
        p.drain(0)
        self.idle.append((what, ticks, len(lines), calls))
        self.budget("idle: " + what, "0 CPU ticks, no system call in %d s" % secs,
                    "%d ticks, %d other calls" % (ticks, len(calls)), ticks == 0 and not calls)

    def idle_form(self):
        emu = self.emulator("--sample")
        p = PtyProgram([self.swrtui, "edit", "1"], self.env(emu))
        try:
            p.wait_for(b"harbor-backup")
            p.wait_ready()
            self.idle_check(p, "edit form")
        finally:
            p.close()

    def idle_section(self):
        rows = "\n".join("| %s | %d | %s |" % (what, ticks, "only the pending `read(0, …)`" if not calls and n else
                                               "none" if not calls else "; ".join(calls[:5]))
                         for what, ticks, n, calls in self.idle)
        self.sections.append("""## 6. Idle

While swrtui waits for a key: its CPU ticks (utime + stime in `/proc/PID/stat`) over %d s, then
`strace -f -tt -p PID` attached for another %d s.

| screen | CPU ticks | system calls seen |
|---|---|---|
%s
""" % (self.args.idle_seconds, self.args.idle_seconds, rows))

    # -- the report --

    def machine(self):
        def first(path, key):
            try:
                with open(path) as f:
                    for line in f:
                        if line.startswith(key):
                            return line.split(":", 1)[1].strip()
            except OSError:
                pass
            return "?"

        def cmd(argv, pattern=None):
            try:
                out = subprocess.run(argv, capture_output=True, text=True, timeout=30)
                text = (out.stdout + out.stderr).strip()
            except OSError:
                return "not found"
            if pattern:
                m = re.search(pattern, text)
                return m.group(1) if m else "?"
            return text.splitlines()[0] if text else "?"

        def deb(pkg):
            return cmd(["dpkg-query", "-W", "-f", "${Version}", pkg])

        mem = first("/proc/meminfo", "MemTotal")
        mem_gib = "%.1f GiB" % (int(mem.split()[0]) / 1024 / 1024) if mem != "?" else "?"
        try:
            with open("/proc/loadavg") as f:
                load = " ".join(f.read().split()[:3])
        except OSError:
            load = "?"
        rows = [
            ("CPU", first("/proc/cpuinfo", "model name")),
            ("cores", str(os.cpu_count())),
            ("memory", mem_gib),
            ("kernel", platform.release()),
            ("load average (1, 5, 15 min) at the end", load),
            ("swrtui", cmd([self.swrtui, "--version"])),
            ("ncurses", deb("libncursesw6")),
            ("libcurl", cmd(["curl", "--version"], r"libcurl/(\S+)") + " (" + deb("libcurl4") + ")"),
            ("dialog", cmd(["dialog", "--version"], r"Version:\s*(\S+)")),
            ("whiptail", cmd(["whiptail", "--version"], r"\(newt\):\s*(\S+)")),
            ("curl", cmd(["curl", "--version"], r"curl (\S+)")),
            ("valgrind", cmd(["valgrind", "--version"])),
            ("strace", cmd(["strace", "-V"], r"version (\S+)")),
            ("python", platform.python_version()),
        ]
        return "\n".join("| %s | %s |" % r for r in rows)

    def report(self, seconds):
        misses = [b for b in self.budgets if not b[3]]
        lines = ["# Benchmarks", "",
                 "Written by `make bench` (bench/run.py); rerun it to refresh. Every figure is a median with its",
                 "spread (interquartile range, min and max) over repeated runs; the emulator",
                 "(tests/emulator/swr_emulator.py) serves the API on 127.0.0.1. This run took %.0f s." % seconds, "",
                 ("The process that reads the programs' output ran under real-time scheduling (SCHED_FIFO), so "
                  "that each\nbyte is timestamped when the terminal delivers it; the programs and the emulator ran "
                  "normally." if self.realtime else
                  "Real-time scheduling was not allowed: the reading process shared the CPUs with everything "
                  "else."), "",
                 "| machine | |", "|---|---|", self.machine(), "",
                 "## Budgets", "", "| what | budget | measured | |", "|---|---|---|---|"]
        for what, limit, measured, passed in self.budgets:
            lines.append("| %s | %s | %s | %s |" % (what, limit, measured, "pass" if passed else "**MISSED**"))
        lines += ["", "%d of %d budgets met." % (len(self.budgets) - len(misses), len(self.budgets)), ""]
        lines += sorted(self.sections, key=lambda sec: (int(re.match(r"## (\d+)", sec).group(1)),
                                                         re.match(r"## \d+(\w?)", sec).group(1)))
        text = "\n".join(lines).rstrip() + "\n"
        with open(self.args.out, "w") as f:
            f.write(text)
        return not misses


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--swrtui", default=os.path.join(ROOT, "swrtui"), help="the binary to measure")
    ap.add_argument("--out", default=os.path.join(HERE, "RESULTS.md"))
    ap.add_argument("--runs", type=int, default=30, help="rounds of the start-up and memory measurements")
    ap.add_argument("--apply-runs", type=int, default=30)
    ap.add_argument("--scale-runs", type=int, default=5)
    ap.add_argument("--form-repeat", type=int, default=4, help="passes of bench/inputs/form-keys.txt")
    ap.add_argument("--list-repeat", type=int, default=2, help="passes of bench/inputs/list-keys.txt")
    ap.add_argument("--pgdn-steps", type=int, default=120)
    ap.add_argument("--idle-seconds", type=int, default=3)
    ap.add_argument("--bulk-runs", type=int, default=5)
    ap.add_argument("--only", help="run only these phases (comma-separated: startup, keystrokes, scale, "
                    "apply, idle, bulk); the report then holds only their budgets")
    args = ap.parse_args()
    for tool in ("dialog", "whiptail", "curl", "valgrind", "strace", "timeout"):
        if not shutil.which(tool):
            print("bench: %s is missing (sh tools/ensure-deps.sh dialog whiptail curl valgrind strace time)" % tool,
                  file=sys.stderr)
            return 2
    if not os.path.exists("/usr/bin/time"):
        print("bench: GNU time is missing (sh tools/ensure-deps.sh time)", file=sys.stderr)
        return 2
    start = time.monotonic()
    b = Bench(args)
    b.idle = []
    b.realtime = realtime(True) and realtime(False)
    if not b.realtime:
        log("real-time scheduling is not allowed here: the timings share the CPUs with everything else")
    try:
        # the timed phases run under real-time scheduling (see benchlib.realtime); callgrind counts
        # instructions, which no other load changes, and runs normally
        phases = ((b.startup, True), (b.keystrokes, False), (b.scale, True), (b.memory_section, False),
                  (b.apply, True), (b.idle_form, False), (b.idle_section, False), (b.bulk, True))
        if args.only:
            wanted = set(args.only.split(","))
            phases = [(f, rt) for f, rt in phases if f.__name__ in wanted or
                      (f.__name__ == "idle_form" and "idle" in wanted) or
                      (f.__name__ == "idle_section" and "idle" in wanted)]
        for phase, rt in phases:
            t = time.monotonic()
            if rt and b.realtime:
                realtime(True)
            try:
                phase()
            finally:
                realtime(False)
            log("%s: %.0f s" % (phase.__name__, time.monotonic() - t))
    except Exception:
        traceback.print_exc()
        log("the benchmark could not run to its end; %s was not written" % os.path.relpath(args.out))
        return 2
    finally:
        b.stop()
    ok = b.report(time.monotonic() - start)
    log("results in %s; %s" % (os.path.relpath(args.out), "all budgets met" if ok else "BUDGET MISSED"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
