"""Plain commands that scripts can trust, against the local SWR emulator: `list` to a pipe prints whole
values separated by tabs, on a terminal an aligned table in which a cut value never touches the next
column; a failed `list` prints nothing on stdout; `delete` on a terminal names the replication policies
that use the registry before it asks. The "terminal" cases run swrtui on a pseudo-terminal (pty)."""
import copy
import errno
import json
import os
import pty
import select
import signal
import subprocess
import tempfile
import time
import unittest

from harness import BIN, SANITIZER_MARKS, Emulator, base_env, run

LONG_NAME = "harbor-mirror-of-the-backup-data-centre-frankfurt"  # 49 characters, over any column
CJK_NAME = "镜像仓库镜像仓库镜像仓库镜像仓库-华南"  # 19 characters, 37 columns


def registry(rid, name, rtype="swr-pro", status="healthy", url=None):
    return {"id": rid, "name": name, "description": "", "type": rtype,
            "url": url or f"https://r{rid}.example.com",
            "credential": {"type": "basic", "access_key": "robot", "access_secret": f"secret-{rid}"},
            "insecure": False, "status": status,
            "created_at": "2024-01-15T08:00:00Z", "updated_at": "2024-01-15T08:00:00Z"}


class PtyResult:
    def __init__(self, rc, text):
        self.rc, self.text = rc, text

    def __repr__(self):
        return f"rc={self.rc}\n--- terminal\n{self.text}"


def run_pty(args, env, answers=(), timeout=30.0):
    """Runs swrtui with stdin, stdout and stderr on one pseudo-terminal (as typed in a shell). answers is a
    list of (prompt, reply): when prompt appears in the output, reply is typed. Returns the exit status
    and everything the terminal showed (CR LF turned into LF). Every wait is bounded."""
    master, slave = pty.openpty()
    p = subprocess.Popen([BIN, *args], env=env, stdin=slave, stdout=slave, stderr=slave, close_fds=True,
                         start_new_session=True)
    os.close(slave)
    out = b""
    pending = list(answers)
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            r, _, _ = select.select([master], [], [], 0.1)
            if r:
                try:
                    chunk = os.read(master, 65536)
                except OSError as e:  # EIO: the program closed the terminal
                    if e.errno != errno.EIO:
                        raise
                    chunk = b""
                if not chunk:
                    break
                out += chunk
                if pending and pending[0][0].encode() in out:
                    os.write(master, pending.pop(0)[1].encode())
            elif p.poll() is not None:
                break
        else:
            raise AssertionError(f"swrtui {args} did not end within {timeout:g} s; the terminal showed:\n"
                                 f"{out.decode('utf-8', 'replace')}")
        rc = p.wait(timeout=max(1.0, deadline - time.monotonic()))
    finally:
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()
        os.close(master)
    text = out.decode("utf-8", "replace").replace("\r\n", "\n")
    for mark in SANITIZER_MARKS:
        if mark in text:
            raise AssertionError(f"sanitizer report from swrtui {args}:\n{text}")
    return PtyResult(rc, text)


class ScriptsTestCase(unittest.TestCase):
    emu = None

    @classmethod
    def setUpClass(cls):
        cls.emu = Emulator("--sample")
        cls.sample = cls.emu.state()
        cls.tmp = tempfile.TemporaryDirectory()

    @classmethod
    def tearDownClass(cls):
        cls.emu.stop()
        cls.tmp.cleanup()

    def setUp(self):
        self.emu.reset()
        self.emu.control("PUT", "/_emu/state", self.sample)
        self.env = base_env(self.emu, home=self.tmp.name)

    def set_registries(self, regs, policies=()):
        doc = copy.deepcopy(self.sample)
        doc["registries"] = regs
        doc["policies"] = list(policies)
        doc.pop("next_id", None)
        self.emu.control("PUT", "/_emu/state", doc)


class TestListForScripts(ScriptsTestCase):
    """Item: list output that a script can split, and a table whose cells never run together."""

    def setUp(self):
        super().setUp()
        self.set_registries([
            registry(1, LONG_NAME, "swr-pro", "healthy"),
            registry(2, CJK_NAME, "huawei-SWR", "unhealthy"),
            registry(3, "tab\there\nnewline", "swr-pro-internal", "healthy"),
            registry(4, "short", "swr-pro", "healthy"),
        ])

    def test_list_to_a_pipe_prints_a_header_then_one_line_of_five_tab_separated_whole_values(self):
        res = run(["list"], self.env)
        self.assertEqual(res.rc, 0, res)
        lines = res.out.split("\n")
        self.assertEqual(lines[-1], "", "the output ends with a newline")
        lines = lines[:-1]
        self.assertEqual(lines[0], "ID\tNAME\tTYPE\tSTATUS\tURL")
        rows = [line.split("\t") for line in lines[1:]]
        self.assertEqual(len(rows), 4, res)
        for row in rows:
            self.assertEqual(len(row), 5, f"a row is five fields separated by single tabs: {row!r}")
        by_id = {row[0]: row for row in rows}
        self.assertEqual(by_id["1"], ["1", LONG_NAME, "swr-pro", "healthy", "https://r1.example.com"])
        self.assertEqual(by_id["2"], ["2", CJK_NAME, "huawei-SWR", "unhealthy", "https://r2.example.com"])
        # a tab or newline inside a value is escaped, so it never splits a field or a row
        self.assertEqual(by_id["3"][1], "tab\\x09here\\x0anewline")
        self.assertEqual(by_id["3"][2], "swr-pro-internal")
        self.assertNotIn("…", res.out)

    def test_list_on_a_terminal_cuts_long_values_but_a_space_always_separates_the_columns(self):
        res = run_pty(["list"], self.env)
        self.assertEqual(res.rc, 0, res)
        lines = [line for line in res.text.split("\n") if line.strip()]
        self.assertEqual(lines[0].split(), ["ID", "NAME", "TYPE", "STATUS", "URL"], res)
        rows = {line.split()[0]: line.split() for line in lines[1:]}
        # awk '{print $3}' gives the type and $4 the status: a cut name never runs into the type
        for rid, rtype, status in (("1", "swr-pro", "healthy"), ("2", "huawei-SWR", "unhealthy"),
                                   ("4", "swr-pro", "healthy")):
            self.assertEqual(rows[rid][2:4], [rtype, status], res)
            self.assertEqual(rows[rid][4], f"https://r{rid}.example.com", res)
        self.assertTrue(rows["1"][1].endswith("…") and LONG_NAME.startswith(rows["1"][1][:-1]), res)
        self.assertTrue(rows["2"][1].endswith("…") and CJK_NAME.startswith(rows["2"][1][:-1]), res)
        self.assertEqual(rows["4"][1], "short")
        # the columns are aligned: TYPE starts at the same place on every line
        starts = {line.index(rows[line.split()[0]][2]) for line in lines[1:] if line.split()[0] in ("1", "4")}
        self.assertEqual(len(starts), 1, res)
        self.assertEqual(lines[0].index("TYPE"), starts.pop(), res)


class TestFailedListPrintsNothing(ScriptsTestCase):
    """Item: stdout carries only results, and nothing when list fails."""

    def test_a_list_refused_at_once_prints_nothing_on_stdout(self):
        self.emu.fault(method="GET", path=self.emu.api_path("registries"), status=500)
        res = run(["list"], self.env)
        self.assertEqual(res.rc, 1, res)
        self.assertEqual(res.out, "", res)
        self.assertIn("HTTP 500", res.err)

    def test_a_list_that_fails_on_its_second_page_prints_nothing_on_stdout(self):
        page = [{k: v for k, v in registry(i, f"reg-{i}").items() if k != "credential"} for i in range(1, 101)]
        path = self.emu.api_path("registries")
        self.emu.control("POST", "/_emu/faults", [
            {"method": "GET", "path": path, "status": 200, "json": {"registries": page, "total": 150}},
            {"method": "GET", "path": path, "status": 503, "times": -1}])
        for args in (["list"], ["list", "--json"]):
            with self.subTest(args=args):
                res = run(args + ["--attempts", "1"], self.env)
                self.assertEqual(res.rc, 1, res)
                self.assertEqual(res.out, "", res)
                self.assertIn("HTTP 503", res.err)

    def test_a_list_that_cannot_connect_prints_nothing_on_stdout(self):
        env = dict(self.env, SWRTUI_ENDPOINT="http://127.0.0.1:1")
        res = run(["list"], env)
        self.assertEqual(res.rc, 3, res)
        self.assertEqual(res.out, "", res)


class TestDeleteNamesThePolicies(ScriptsTestCase):
    """Item: `swrtui delete ID` on a terminal names the replication policies that use the registry before
    it asks, as the TUI's confirmation does; N deletes nothing."""

    def methods(self):
        return [(r["method"], r["path"].split("/instances/", 1)[-1]) for r in self.emu.requests()]

    def test_the_question_names_the_policy_that_uses_the_registry_and_n_deletes_nothing(self):
        res = run_pty(["delete", "7"], self.env, answers=[("[y/N]", "n\n")])
        self.assertEqual(res.rc, 2, res)
        before = res.text.split("[y/N]", 1)[0]
        self.assertIn('Registry 7 "swr-ee-singapore"', before, res)
        self.assertIn("Used by 1 replication policy:", before, res)
        self.assertIn("1 sync-to-singapore", before, res)
        self.assertIn('Delete registry 7 "swr-ee-singapore"?', before, res)
        self.assertIn("not deleted", res.text)
        self.assertIn(7, [r["id"] for r in self.emu.state()["registries"]])
        self.assertNotIn("DELETE", [m for m, _ in self.methods()])
        self.assertTrue(any(m == "GET" and "replication/policies" in p for m, p in self.methods()), self.methods())

    def test_a_disabled_policy_is_named_as_disabled_and_y_deletes(self):
        res = run_pty(["delete", "1"], self.env, answers=[("[y/N]", "y\n")])
        self.assertEqual(res.rc, 0, res)
        before = res.text.split("[y/N]", 1)[0]
        self.assertIn("Used by 1 replication policy:", before, res)
        self.assertIn("2 backup-to-harbor (disabled)", before, res)
        self.assertIn("deleted registry 1", res.text)
        self.assertNotIn(1, [r["id"] for r in self.emu.state()["registries"]])

    def test_a_registry_no_policy_uses_says_so(self):
        res = run_pty(["delete", "3"], self.env, answers=[("[y/N]", "\n")])
        self.assertEqual(res.rc, 2, res)
        self.assertIn("No replication policy uses it.", res.text.split("[y/N]", 1)[0], res)
        self.assertIn(3, [r["id"] for r in self.emu.state()["registries"]])

    def test_policies_that_cannot_be_listed_are_said_and_the_question_still_asked(self):
        self.emu.fault(method="GET", path=self.emu.api_path("replication/policies"), status=403)
        res = run_pty(["delete", "7", "--attempts", "1"], self.env, answers=[("[y/N]", "n\n")])
        self.assertEqual(res.rc, 2, res)
        self.assertIn("The replication policies could not be listed (HTTP 403", res.text.split("[y/N]", 1)[0], res)
        self.assertIn(7, [r["id"] for r in self.emu.state()["registries"]])


if __name__ == "__main__":
    unittest.main()
