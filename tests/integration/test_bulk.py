"""Changes to many registries at once, against the local SWR emulator: `swrtui rotate` (by access key
over every page, or by IDs; GET, only the credential replaced, PUT; one line per registry, a summary;
partial failure; --dry-run reads only; Ctrl-C between registries), `swrtui export` (every registry, no
secret) and `swrtui import` into a second emulated instance (plan, --prune, secrets from a private
file, refusals before anything is sent). Every run shares one connection."""
import copy
import json
import os
import signal
import subprocess
import tempfile
import time
import unittest

from harness import BIN, PROJECT, SANITIZER_MARKS, Emulator, base_env, run
from test_scripts import run_pty

SHARED_KEY = "robot$shared"
NEW_SECRET = "n3w-S3cret-value-0042"
OTHER_INSTANCE = "1c2d3e4f-5555-4666-8777-999999999999"
WRITES = ("PUT", "POST", "DELETE")


def api_view(reg):
    """A stored registry without what a write may change by itself (timestamps, health)."""
    r = copy.deepcopy(reg)
    for k in ("updated_at",):
        r.pop(k, None)
    return r


class BulkTestCase(unittest.TestCase):
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
        state = copy.deepcopy(self.sample)
        # registries 1, 3 and 4 share one robot account
        for reg in state["registries"]:
            if reg["id"] in (1, 3, 4):
                reg["credential"]["access_key"] = SHARED_KEY
        self.emu.control("PUT", "/_emu/state", state)
        self.emu.reset()
        self.before = {r["id"]: r for r in self.emu.state()["registries"]}
        self.env = base_env(self.emu, home=self.tmp.name)

    def stored(self):
        return {r["id"]: r for r in self.emu.state()["registries"]}

    def shown(self, emu, rid, env):
        """The registry's own GET body as the service gives it."""
        res = run(["show", str(rid), "--json"], env)
        self.assertEqual(res.rc, 0, res)
        return json.loads(res.out)

    def run_counted(self, emu, args, env, stdin=None):
        """Runs swrtui and says how many connections emu accepted from it (the emulator counts every
        connection: the stats call's own is subtracted)."""
        before = emu.stats()["connections"]
        res = run(args, env, stdin=stdin)
        return res, emu.stats()["connections"] - before - 1

    def writes(self, emu=None):
        return [r for r in (emu or self.emu).requests() if r["method"] in WRITES]

    def assertNoSecret(self, res, *secrets):
        for s in secrets:
            self.assertNotIn(s, res.out, res)
            self.assertNotIn(s, res.err, res)


class TestRotate(BulkTestCase):

    def test_rotation_by_access_key_changes_only_the_secret_of_those_registries_over_one_connection(self):
        shown_before = {rid: self.shown(self.emu, rid, self.env) for rid in self.before}
        self.emu.reset()
        res, conns = self.run_counted(self.emu, ["rotate", "--access-key", SHARED_KEY], self.env,
                                      stdin=NEW_SECRET + "\n")
        self.assertEqual(res.rc, 0, res)
        self.assertEqual(conns, 1, "every request over one connection")
        lines = res.out.splitlines()
        self.assertEqual(lines[:3], ["ok      4 harbor-lab", "ok      3 swr-basic-shanghai",
                                     "ok      1 harbor-backup"], res)
        self.assertEqual(lines[3], "rotate: 3 done, 0 failed, 0 not tried", res)
        self.assertNoSecret(res, NEW_SECRET)
        reqs = self.emu.requests()
        self.assertEqual([(r["method"], r["path"].rsplit("/", 1)[-1]) for r in reqs],
                         [("GET", "registries"), ("GET", "4"), ("PUT", "4"), ("GET", "3"), ("PUT", "3"),
                          ("GET", "1"), ("PUT", "1")])
        after = self.stored()
        for rid, reg in after.items():
            want = copy.deepcopy(self.before[rid])
            if rid in (1, 3, 4):
                want["credential"]["access_secret"] = NEW_SECRET
            self.assertEqual(api_view(reg), api_view(want), "registry %d" % rid)
        self.emu.reset()
        for rid in self.before:
            got, was = self.shown(self.emu, rid, self.env), shown_before[rid]
            got.pop("updated_at"), was.pop("updated_at")
            self.assertEqual(got, was, "the GET body of registry %d changed" % rid)

    def test_rotation_by_ids_with_a_new_access_key(self):
        res = run(["rotate", "2", "7", "--new-access-key", "robot$new"], self.env, stdin=NEW_SECRET)
        self.assertEqual(res.rc, 0, res)
        self.assertIn("ok      2 swr-ee-beijing\nok      7 swr-ee-singapore\n", res.out)
        after = self.stored()
        for rid in (2, 7):
            self.assertEqual(after[rid]["credential"]["access_key"], "robot$new")
            self.assertEqual(after[rid]["credential"]["access_secret"], NEW_SECRET)
            want = copy.deepcopy(self.before[rid])
            want["credential"] = after[rid]["credential"]
            self.assertEqual(api_view(after[rid]), api_view(want))
        self.assertEqual(after[1], self.before[1])
        self.assertNoSecret(res, NEW_SECRET)

    def test_a_failed_put_in_the_middle_is_reported_and_the_rest_still_rotated(self):
        self.emu.fault(method="PUT", path=f"/v2/{PROJECT}/instances/{self.env['SWRTUI_INSTANCE_ID']}"
                       "/registries/3", status=500, times=1)
        res, conns = self.run_counted(self.emu, ["rotate", "--access-key", SHARED_KEY], self.env,
                                      stdin=NEW_SECRET + "\n")
        self.assertEqual(res.rc, 1, res)
        self.assertEqual(conns, 1, "the failure does not cost the connection")
        self.assertIn("ok      4 harbor-lab\n", res.out)
        self.assertIn("failed  3 swr-basic-shanghai: PUT: HTTP 500 SVCSTG.SWR.5000011", res.out)
        self.assertIn("ok      1 harbor-backup\n", res.out)
        self.assertIn("rotate: 2 done, 1 failed, 0 not tried", res.out)
        after = self.stored()
        self.assertEqual(after[3], self.before[3], "the failed registry is unchanged")
        self.assertEqual(after[1]["credential"]["access_secret"], NEW_SECRET)

    def test_dry_run_reads_and_sends_no_put(self):
        res = run(["rotate", "--access-key", SHARED_KEY, "--dry-run"], self.env)
        self.assertEqual(res.rc, 0, res)
        self.assertIn("would rotate 3 registries", res.out)
        self.assertIn("  4 harbor-lab\n  3 swr-basic-shanghai\n  1 harbor-backup\n", res.out)
        self.assertIn("dry run: nothing was changed", res.out)
        res = run(["rotate", "2", "5", "--dry-run"], self.env)
        self.assertEqual(res.rc, 0, res)
        self.assertIn("  2 swr-ee-beijing\n", res.out)
        self.assertEqual(self.writes(), [])
        self.assertEqual(self.stored(), self.before)

    def test_no_secret_on_standard_input_sends_nothing(self):
        res = run(["rotate", "1"], self.env, stdin="")
        self.assertEqual(res.rc, 2, res)
        self.assertIn("no new secret on standard input; nothing was sent", res.err)
        self.assertEqual(self.emu.requests(), [])

    def test_a_secret_longer_than_4096_bytes_is_refused_not_cut(self):
        long_secret = "S" * 5000
        res = run(["rotate", "--access-key", "robot$backup"], self.env, stdin=long_secret + "\n")
        self.assertEqual(res.rc, 2, res)
        self.assertIn("longer than 4096 bytes: refused, not cut", res.err)
        self.assertNotIn("SSSS", res.out + res.err)
        self.assertEqual([r for r in self.emu.requests() if r["method"] == "PUT"], [])

    def test_on_a_terminal_the_secret_is_prompted_without_echo(self):
        res = run_pty(["rotate", "1"], self.env, answers=[("New access secret: ", NEW_SECRET + "\n")])
        self.assertEqual(res.rc, 0, res.text)
        self.assertIn("ok      1 harbor-backup", res.text)
        self.assertNotIn(NEW_SECRET, res.text, "the secret was echoed")
        self.assertEqual(self.stored()[1]["credential"]["access_secret"], NEW_SECRET)

    def test_access_key_and_ids_together_are_a_usage_error(self):
        res = run(["rotate", "--access-key", SHARED_KEY, "1"], self.env, stdin=NEW_SECRET)
        self.assertEqual(res.rc, 2, res)
        res = run(["rotate"], self.env, stdin=NEW_SECRET)
        self.assertEqual(res.rc, 2, res)
        self.assertEqual(self.emu.requests(), [])

    def test_ctrl_c_between_registries_stops_and_reports_what_was_not_tried(self):
        inst = self.env["SWRTUI_INSTANCE_ID"]
        self.emu.fault(method="GET", path=f"/v2/{PROJECT}/instances/{inst}/registries/3", delay=1.5, times=1)
        p = subprocess.Popen([BIN, "rotate", "4", "3", "1"], env=self.env, stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        p.stdin.write(NEW_SECRET + "\n")
        p.stdin.close()
        p.stdin = None
        self.emu.wait_requests(lambda rs: any(r["path"].endswith("/registries/3") for r in rs),
                               "the GET of registry 3")
        p.send_signal(signal.SIGINT)
        out, err = p.communicate(timeout=30)
        for mark in SANITIZER_MARKS:
            self.assertNotIn(mark, err)
        self.assertEqual(p.returncode, 130, out + err)
        self.assertIn("ok      4 harbor-lab\n", out)
        self.assertIn("ok      3 swr-basic-shanghai\n", out, "the registry under way is finished")
        self.assertIn("rotate: 2 done, 0 failed, 1 not tried (interrupted)", out)
        self.assertFalse([r for r in self.emu.requests() if r["path"].endswith("/registries/1")])
        self.assertEqual(self.stored()[1], self.before[1])


class TestExportImport(BulkTestCase):

    def setUp(self):
        super().setUp()
        self.emu2 = Emulator("--instance-id", OTHER_INSTANCE)
        self.env2 = base_env(self.emu2, home=self.tmp.name, SWRTUI_INSTANCE_ID=OTHER_INSTANCE)
        self.secrets = {r["name"]: "secret-of-" + str(r["id"]) for r in self.before.values()}

    def tearDown(self):
        self.emu2.stop()

    def export(self):
        res = run(["export"], self.env)
        self.assertEqual(res.rc, 0, res)
        return res

    def write(self, name, text, mode=0o600):
        path = os.path.join(self.tmp.name, name)
        if os.path.lexists(path):
            os.unlink(path)
        with open(path, "w") as f:
            f.write(text)
        os.chmod(path, mode)
        return path

    def secrets_file(self, secrets=None, as_json=False):
        s = self.secrets if secrets is None else secrets
        text = json.dumps(s) if as_json else "".join(f"{k} = {v}\n" for k, v in s.items())
        return self.write("secrets", "# name = secret\n\n" + text if not as_json else text)

    def test_export_writes_every_registry_as_a_request_body_with_its_id_and_no_secret(self):
        res = self.export()
        doc = json.loads(res.out)
        self.assertIsInstance(doc, list)
        self.assertEqual(sorted(r["id"] for r in doc), sorted(self.before))
        for r in doc:
            self.assertEqual(r["name"], self.before[r["id"]]["name"])
            self.assertNotIn("access_secret", r["credential"])
            for k in ("status", "created_at", "updated_at"):
                self.assertNotIn(k, r)
        self.assertNotIn("access_secret", res.out)
        self.assertNotIn("*****", res.out)
        self.assertNoSecret(res, *[r["credential"]["access_secret"] for r in self.before.values()])

    def test_export_then_import_into_a_second_instance_gives_identical_registries(self):
        exported = self.write("export.json", self.export().out)
        res, conns = self.run_counted(self.emu2, ["import", exported, "--secrets", self.secrets_file(), "--yes"],
                                      self.env2)
        self.assertEqual(res.rc, 0, res)
        # one connection, and a fresh one for each create: a POST is never on a reused connection, which
        # libcurl could send twice (src/http/client.c); the requests after it go on over that one
        self.assertEqual(conns, 1 + 6, "the list's connection and one per create")
        self.assertIn("plan: 6 to create, 0 to update, 0 unchanged, 0 to delete", res.out)
        self.assertIn("import: 6 done, 0 failed, 0 not tried", res.out)
        self.assertNoSecret(res, *self.secrets.values())
        got = {r["name"]: r for r in self.emu2.state()["registries"]}
        self.assertEqual(sorted(got), sorted(self.secrets))
        for reg in self.before.values():
            mine, theirs = copy.deepcopy(reg), copy.deepcopy(got[reg["name"]])
            for r in (mine, theirs):
                for k in ("id", "status", "created_at", "updated_at"):
                    r.pop(k, None)
            mine["credential"]["access_secret"] = self.secrets[reg["name"]]
            self.assertEqual(theirs, mine, reg["name"])
        # once more: nothing left to change
        self.emu2.reset()
        res, conns = self.run_counted(self.emu2, ["import", exported, "--yes"], self.env2)
        self.assertEqual(res.rc, 0, res)
        self.assertEqual(conns, 1)
        self.assertIn("plan: 0 to create, 0 to update, 6 unchanged, 0 to delete", res.out)
        self.assertEqual(self.writes(self.emu2), [])

    def seed_second(self):
        """The second instance holds harbor-lab with another URL and a registry the file does not name."""
        state = self.emu.state()
        regs = []
        for reg in state["registries"]:
            if reg["name"] == "harbor-lab":
                reg = copy.deepcopy(reg)
                reg["url"] = "https://old.lab.example.net"
                regs.append(reg)
            elif reg["name"] == "harbor-backup":
                regs.append(copy.deepcopy(reg))
        regs.append({"id": 40, "name": "left-over", "type": "huawei-SWR", "url": "https://swr.example.org",
                     "credential": {"type": "basic", "access_key": "k", "access_secret": "s"},
                     "insecure": False})
        self.emu2.control("PUT", "/_emu/state", {"registries": regs, "next_id": 50})
        self.emu2.reset()

    def test_the_plan_names_creates_updates_with_their_fields_and_unchanged_and_keeps_others(self):
        self.seed_second()
        exported = self.write("export.json", self.export().out)
        res = run(["import", exported, "--dry-run"], self.env2)
        self.assertEqual(res.rc, 0, res)
        self.assertIn("~ update    harbor-lab (4): url\n", res.out)
        self.assertIn("= unchanged harbor-backup (1)\n", res.out)
        self.assertIn("+ create    swr-ee-beijing\n", res.out)
        self.assertNotIn("left-over", res.out)
        self.assertIn("plan: 4 to create, 1 to update, 1 unchanged, 0 to delete (registries not in the file "
                      "are kept; --prune deletes them)", res.out)
        self.assertIn("dry run: nothing was sent", res.out)
        self.assertEqual(self.writes(self.emu2), [])

    def test_prune_deletes_the_registries_the_file_does_not_name(self):
        self.seed_second()
        exported = self.write("export.json", self.export().out)
        res = run(["import", exported, "--prune", "--dry-run"], self.env2)
        self.assertIn("- delete    left-over (40)\n", res.out)
        res = run(["import", exported, "--prune", "--yes", "--secrets", self.secrets_file()], self.env2)
        self.assertEqual(res.rc, 0, res)
        self.assertIn("ok       delete left-over (40)\n", res.out)
        self.assertIn("ok       update harbor-lab (4)\n", res.out)
        names = sorted(r["name"] for r in self.emu2.state()["registries"])
        self.assertEqual(names, sorted(self.secrets))
        deletes = [r for r in self.emu2.requests() if r["method"] == "DELETE"]
        self.assertEqual([r["path"].rsplit("/", 1)[-1] for r in deletes], ["40"])

    def test_a_missing_secret_stops_before_anything_is_sent(self):
        exported = self.write("export.json", self.export().out)
        partial = dict(self.secrets)
        del partial["harbor-lab"]
        res = run(["import", exported, "--secrets", self.secrets_file(partial, as_json=True), "--yes"], self.env2)
        self.assertEqual(res.rc, 2, res)
        self.assertIn('no secret for registry "harbor-lab" (create)', res.err)
        self.assertIn("1 registry without a secret (give them in --secrets FILE); nothing was sent", res.err)
        self.assertEqual(self.writes(self.emu2), [])
        self.assertEqual(self.emu2.state()["registries"], [])

    def test_a_secrets_file_others_can_read_or_a_symbolic_link_is_refused(self):
        exported = self.write("export.json", self.export().out)
        path = self.secrets_file()
        os.chmod(path, 0o644)
        res = run(["import", exported, "--secrets", path, "--yes"], self.env2)
        self.assertEqual(res.rc, 2, res)
        self.assertIn("chmod 600", res.err)
        os.chmod(path, 0o600)
        link = os.path.join(self.tmp.name, "secrets-link")
        if os.path.lexists(link):
            os.unlink(link)
        os.symlink(path, link)
        res = run(["import", exported, "--secrets", link, "--yes"], self.env2)
        self.assertEqual(res.rc, 2, res)
        self.assertIn("symbolic link", res.err)
        self.assertEqual(self.emu2.requests(), [])
        self.assertNoSecret(res, *self.secrets.values())

    def test_not_a_terminal_and_no_yes_refuses_to_apply(self):
        exported = self.write("export.json", self.export().out)
        res = run(["import", exported, "--secrets", self.secrets_file()], self.env2)
        self.assertEqual(res.rc, 2, res)
        self.assertIn("import asks for confirmation on a terminal; pass --yes", res.err)
        self.assertIn("+ create", res.out, "the plan comes first")
        self.assertEqual(self.writes(self.emu2), [])

    def test_on_a_terminal_it_asks_then_prompts_each_secret_without_echo(self):
        exported = self.write("export.json", self.export().out)
        order = [r["name"] for r in json.loads(open(exported).read())]
        answers = [("Apply this plan? [y/N] ", "y\n")]
        answers += [(f'Access secret of "{name}": ', self.secrets[name] + "\n") for name in order]
        res = run_pty(["import", exported], self.env2, answers=answers)
        self.assertEqual(res.rc, 0, res.text)
        self.assertIn("import: 6 done, 0 failed, 0 not tried", res.text)
        for secret in self.secrets.values():
            self.assertNotIn(secret, res.text, "a secret was echoed")
        got = {r["name"]: r["credential"]["access_secret"] for r in self.emu2.state()["registries"]}
        self.assertEqual(got, self.secrets)

    def test_no_at_the_question_sends_nothing(self):
        exported = self.write("export.json", self.export().out)
        res = run_pty(["import", exported, "--secrets", self.secrets_file()], self.env2,
                      answers=[("Apply this plan? [y/N] ", "\n")])
        self.assertEqual(res.rc, 2, res.text)
        self.assertIn("not applied; nothing was sent", res.text)
        self.assertEqual(self.writes(self.emu2), [])

    def test_ctrl_c_stops_an_import_between_registries(self):
        exported = self.write("export.json", self.export().out)
        self.emu2.fault(method="POST", delay=0.01)
        self.emu2.fault(method="POST", delay=2.0)  # the second create is under way when Ctrl-C comes
        p = subprocess.Popen([BIN, "import", exported, "--secrets", self.secrets_file(), "--yes"], env=self.env2,
                             stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.emu2.wait_requests(lambda rs: sum(r["method"] == "POST" for r in rs) == 2, "the second create")
        p.send_signal(signal.SIGINT)
        out, err = p.communicate(timeout=30)
        for mark in SANITIZER_MARKS:
            self.assertNotIn(mark, err)
        self.assertEqual(p.returncode, 130, out + err)
        self.assertIn("import: 2 done, 0 failed, 4 not tried (interrupted)", out)
        self.assertEqual(len(self.emu2.state()["registries"]), 2)
        self.assertEqual(sum(r["method"] == "POST" for r in self.emu2.requests()), 2)

    def test_the_file_is_decoded_strictly_as_apply_does(self):
        doc = json.loads(self.export().out)
        doc[1]["descripton"] = doc[1].pop("description", "")
        exported = self.write("export.json", json.dumps(doc))
        res = run(["import", exported, "--secrets", self.secrets_file(), "--yes"], self.env2)
        self.assertEqual(res.rc, 2, res)
        self.assertIn('registry 2: unknown member "descripton": did you mean "description"?', res.err)
        self.assertEqual(self.emu2.requests(), [])

    def test_a_failure_in_the_middle_is_reported_and_the_rest_applied(self):
        exported = self.write("export.json", self.export().out)
        # the first create is answered normally (a fault with only a delay), the second refused
        self.emu2.fault(method="POST", delay=0.01)
        self.emu2.fault(method="POST", status=403)
        res = run(["import", exported, "--secrets", self.secrets_file(), "--yes"], self.env2)
        self.assertEqual(res.rc, 1, res)
        lines = [l for l in res.out.splitlines() if l.startswith(("ok ", "failed "))]
        self.assertEqual(len(lines), 6, res)
        self.assertTrue(lines[0].startswith("ok       create "), res)
        self.assertTrue(lines[1].startswith("failed   create ") and ": HTTP 403" in lines[1], res)
        self.assertTrue(all(l.startswith("ok       create ") for l in lines[2:]), res)
        self.assertIn("import: 5 done, 1 failed, 0 not tried", res.out)
        self.assertEqual(len(self.emu2.state()["registries"]), 5)


if __name__ == "__main__":
    unittest.main()
