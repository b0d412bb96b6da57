"""Strict input at the edges, plain commands: project and instance IDs that would change the request
path, registry answers that lack what every registry has, apply/create files with members swrtui does not
know, and a list whose pages never end or contradict each other (the emulator's fault injection plays
the hostile server). Each case asserts the exit code, the words the user reads and what the emulator
received."""
import json
import os
import tempfile
import time
import unittest
import urllib.parse

from harness import INSTANCE, PROJECT, Emulator, base_env, run

SECRET = "Strict-Input-S3cret-77"
REG_PATH = f"/v2/{PROJECT}/instances/{INSTANCE}/registries"


class StrictCase(unittest.TestCase):
    emu = None

    @classmethod
    def setUpClass(cls):
        cls.emu = Emulator("--sample")
        cls.tmp = tempfile.TemporaryDirectory()
        cls.sample = cls.emu.state()

    @classmethod
    def tearDownClass(cls):
        cls.emu.stop()
        cls.tmp.cleanup()

    def setUp(self):
        self.emu.reset()
        self.emu.control("PUT", "/_emu/state", self.sample)
        self.env = base_env(self.emu, home=self.tmp.name)

    def cli(self, *args, env=None, stdin=None, timeout=60):
        started = time.monotonic()
        res = run(list(args), env or self.env, stdin=stdin, timeout=timeout)
        res.took = time.monotonic() - started
        self.assertGreaterEqual(res.rc, 0, f"swrtui was killed by a signal: {res}")
        self.assertNotIn(SECRET, res.out + res.err)
        return res

    def sent(self, method=None):
        return [r for r in self.emu.requests() if method is None or r["method"] == method]


class TestIds(StrictCase):
    """Item: "." and ".." as project or instance IDs are sent unencoded and libcurl removes the dot
    segments; an ID is letters, digits and '-' (the real ones are hex or UUID-like), refused before
    sending with exit 2."""

    def test_dot_segments_and_path_characters_are_refused_before_anything_is_sent(self):
        for var, bad in (("SWRTUI_PROJECT_ID", ".."), ("SWRTUI_PROJECT_ID", "."), ("SWRTUI_INSTANCE_ID", ".."),
                         ("SWRTUI_INSTANCE_ID", "a/b"), ("SWRTUI_PROJECT_ID", "%2e%2e"),
                         ("SWRTUI_INSTANCE_ID", "x:y")):
            with self.subTest(var=var, value=bad):
                self.emu.clear_requests()
                env = base_env(self.emu, home=self.tmp.name, **{var: bad})
                for args in (["show", "7"], ["list"], ["delete", "7", "--yes"]):
                    res = self.cli(*args, env=env)
                    self.assertEqual(res.rc, 2, res)
                    what = "project" if "PROJECT" in var else "instance"
                    self.assertIn(f'{var}: "{bad}" is not a{"n" if what == "instance" else ""} {what} ID', res.err)
                    self.assertEqual(res.out, "")
                self.assertEqual(self.sent(), [], "nothing reaches the service")

    def test_a_flag_is_named_as_the_origin_of_a_bad_id(self):
        res = self.cli("--instance-id", "..", "show", "7")
        self.assertEqual(res.rc, 2, res)
        self.assertIn('--instance-id: ".." is not an instance ID', res.err)
        self.assertEqual(self.sent(), [])

    def test_a_long_value_is_refused_without_being_quoted(self):
        token_like = "MIIZ" + "Q" * 60 + "/x"
        res = self.cli("show", "7", env=base_env(self.emu, home=self.tmp.name, SWRTUI_PROJECT_ID=token_like))
        self.assertEqual(res.rc, 2, res)
        self.assertNotIn(token_like[:20], res.err)
        self.assertIn("is not a project ID", res.err)

    def test_real_ids_still_work(self):
        res = self.cli("show", "7")
        self.assertEqual(res.rc, 0, res)
        self.assertEqual([r["path"] for r in self.sent()], [f"{REG_PATH}/7"])


class TestIncompleteAnswers(StrictCase):
    """Item: show accepted {} as a registry (id 0, exit 0). A registry without an id, a name, a type or
    a url is a malformed answer: exit 1 with the reason, list items too."""

    def answer(self, body, method="GET", path=REG_PATH):
        self.emu.fault(method=method, path=path, status=200, json=body)

    def test_show_of_an_empty_object_is_exit_1_with_the_reason(self):
        for args in (["show", "7"], ["show", "7", "--json"]):
            with self.subTest(args=args):
                self.answer({})
                res = self.cli(*args)
                self.assertEqual(res.rc, 1, res)
                self.assertEqual(res.out, "")
                self.assertIn("the service answered 200 but the body is not a registry: the registry has no id",
                              res.err)

    def test_show_of_a_registry_missing_one_member_names_it(self):
        full = {"id": 7, "name": "harbor-mirror", "type": "swr-pro", "url": "https://h.example.com",
                "insecure": False}
        for member in ("id", "name", "type", "url"):
            with self.subTest(missing=member):
                body = {k: v for k, v in full.items() if k != member}
                self.answer(body)
                res = self.cli("show", "7")
                self.assertEqual(res.rc, 1, res)
                self.assertIn(f"the registry has no {member}", res.err)
        self.answer(dict(full, name=""))
        res = self.cli("show", "7")
        self.assertEqual(res.rc, 1, res)
        self.assertIn("the registry has no name", res.err)

    def test_a_list_item_without_a_url_is_exit_1_naming_the_item(self):
        items = [{"id": 1, "name": "a", "type": "swr-pro", "url": "https://a.example.com"},
                 {"id": 2, "name": "b", "type": "swr-pro"}]
        for args in (["list"], ["list", "--json"]):
            with self.subTest(args=args):
                self.answer({"registries": items, "total": 2})
                res = self.cli(*args)
                self.assertEqual(res.rc, 1, res)
                self.assertIn("registries[1]: the registry has no url", res.err)
                self.assertNotIn('"name": "a"', res.out)


BODY = {"name": "harbor-mirror", "description": "kept", "type": "swr-pro", "url": "https://harbor.example.com",
        "credential": {"type": "basic", "access_key": "robot$mirror", "access_secret": SECRET},
        "dns_conf": {"hosts": {}}, "insecure": False}


class TestUnknownMembers(StrictCase):
    """Item: apply and create silently dropped unknown keys ({"descripton": ...} sent "description": ""
    and wiped the description). An unknown member is refused with exit 2, naming it and the nearest
    known one, nothing sent; what show --json prints is accepted; an id that differs from the command
    line's is refused."""

    def write(self, name, doc):
        path = os.path.join(self.tmp.name, name)
        with open(path, "w") as f:
            f.write(doc if isinstance(doc, str) else json.dumps(doc))
        return path

    def test_a_typo_in_apply_is_refused_naming_the_nearest_member_and_nothing_is_sent(self):
        before = self.cli("show", "7", "--json")
        self.assertEqual(before.rc, 0, before)
        body = dict(BODY)
        del body["description"]
        body["descripton"] = "typo"
        path = self.write("typo.json", body)
        for extra in ([], ["--dry-run"]):
            with self.subTest(extra=extra):
                self.emu.clear_requests()
                res = self.cli("apply", "7", path, *extra)
                self.assertEqual(res.rc, 2, res)
                self.assertIn('unknown member "descripton": did you mean "description"?', res.err)
                self.assertEqual(res.out, "")
                self.assertEqual(self.sent(), [], "nothing reaches the service")
        after = self.cli("show", "7", "--json")
        self.assertEqual(json.loads(after.out)["description"], json.loads(before.out)["description"])

    def test_a_typo_in_a_nested_member_of_create_is_refused(self):
        cases = (
            (dict(BODY, credential={"type": "basic", "acces_key": "robot", "access_secret": SECRET}),
             'unknown member "credential.acces_key": did you mean "credential.access_key"?'),
            (dict(BODY, access_key="robot"), 'unknown member "access_key": did you mean "credential.access_key"?'),
            (dict(BODY, dns_conf={"hosts": {}, "host": {}}), 'unknown member "dns_conf.host": did you mean "dns_conf.hosts"?'),
            (dict(BODY, colour="blue"), 'unknown member "colour": a registry holds only id, name, description'),
        )
        for doc, words in cases:
            with self.subTest(words=words):
                self.emu.clear_requests()
                res = self.cli("create", "-", stdin=json.dumps(doc))
                self.assertEqual(res.rc, 2, res)
                self.assertIn(words, res.err)
                self.assertEqual(self.sent(), [])

    def test_a_member_name_that_may_be_a_secret_is_not_echoed(self):
        doc = dict(BODY)
        doc[SECRET * 2] = 1
        res = self.cli("create", "-", stdin=json.dumps(doc))
        self.assertEqual(res.rc, 2, res)
        self.assertIn("unknown member (its name, 44 bytes, is not shown)", res.err)
        self.assertEqual(self.sent(), [])

    def test_what_show_json_prints_can_be_applied_once_the_secret_is_added(self):
        for reg in self.sample["registries"]:
            with self.subTest(id=reg["id"], type=reg["type"]):
                shown = self.cli("show", str(reg["id"]), "--json")
                self.assertEqual(shown.rc, 0, shown)
                doc = json.loads(shown.out)
                for member in ("id", "status", "created_at", "updated_at"):
                    self.assertIn(member, doc)
                doc["credential"]["access_secret"] = SECRET
                self.emu.clear_requests()
                res = self.cli("apply", str(reg["id"]), "-", stdin=json.dumps(doc))
                self.assertEqual(res.rc, 0, res)
                puts = self.sent("PUT")
                self.assertEqual(len(puts), 1)
                sent = json.loads(puts[0]["body"])
                self.assertEqual(sent["description"], doc["description"])
                for member in ("id", "status", "created_at", "updated_at"):
                    self.assertNotIn(member, sent)

    def test_an_id_that_differs_from_the_command_line_is_refused(self):
        path = self.write("other-id.json", dict(BODY, id=3))
        for extra in ([], ["--dry-run"]):
            with self.subTest(extra=extra):
                self.emu.clear_requests()
                res = self.cli("apply", "7", path, *extra)
                self.assertEqual(res.rc, 2, res)
                self.assertIn("the file says id 3 but the command replaces registry 7; nothing was sent", res.err)
                self.assertEqual(self.sent(), [])
        res = self.cli("apply", "3", path)
        self.assertEqual(res.rc, 0, res)
        self.assertEqual([r["method"] for r in self.sent()], ["PUT"])


def items(first, n):
    return [{"id": i, "name": f"reg-{i}", "type": "swr-pro", "url": f"https://reg-{i}.example.com",
             "status": "healthy"} for i in range(first, first + n)]


class TestBoundedList(StrictCase):
    """Item: list paged without bound. A server answering every page with 100 items and "total": 1e15
    was never left (list --json grew to 1.7 GB). The whole listing is bounded by --timeout, stops at a
    short page or the total, refuses pages that contradict each other, and holds at most 10,000
    registries."""

    def page(self, body, times=1, **extra):
        self.emu.fault(method="GET", path=REG_PATH, status=200, json=body, times=times, **extra)

    def gets(self):
        return [r for r in self.sent("GET") if r["path"] == REG_PATH]

    def test_an_endless_list_with_an_absurd_total_is_refused_at_its_first_page(self):
        for args in (["list"], ["list", "--json"]):
            with self.subTest(args=args):
                self.emu.reset()
                self.page({"registries": items(0, 100), "total": 1e15}, times=-1)
                res = self.cli(*args, timeout=30)
                self.assertEqual(res.rc, 1, res)
                self.assertIn("its total is 1000000000000000 registries, more than the 10000 swrtui lists: "
                              "narrow the list with --name or --type", res.err)
                self.assertNotIn("reg-0", res.out)
                self.assertEqual(len(self.gets()), 1)

    def test_full_pages_without_a_total_stop_at_10000_registries(self):
        self.page({"registries": items(0, 100)}, times=-1)
        res = self.cli("list", "--json", timeout=60)
        self.assertEqual(res.rc, 1, res)
        self.assertIn("its pages hold more than 10000 registries: narrow the list", res.err)
        self.assertEqual(res.out, "")
        self.assertLessEqual(len(self.gets()), 101)

    def test_pages_that_contradict_each_other_are_refused(self):
        cases = (
            ([{"registries": items(0, 101), "total": 101}],
             "the page at offset 0 holds 101 registries, more than the 100 asked for"),
            ([{"registries": items(0, 100), "total": 300}, {"registries": items(100, 100), "total": 250}],
             "the total changed from 300 to 250 at page 2"),
            ([{"registries": items(0, 100), "total": 50}],
             "the pages hold more registries (100 so far) than their total of 50"),
            ([{"registries": items(0, 100), "total": 300}, {"registries": items(100, 40), "total": 300}],
             "the page at offset 100 holds 40 registries, but the total of 300 says more follow"),
            ([{"registries": items(0, 100), "total": 300}, {"registries": [], "total": 300}],
             "the page at offset 100 holds 0 registries, but the total of 300 says more follow"),
            ([{"registries": items(0, 100), "total": 300}, {"registries": items(100, 100)}],
             "its pages disagree: one says a total and another does not (page 2)"),
        )
        for pages, words in cases:
            for args in (["list"], ["list", "--json"]):
                with self.subTest(words=words, args=args):
                    self.emu.reset()
                    for body in pages:
                        self.page(body)
                    res = self.cli(*args, timeout=30)
                    self.assertEqual(res.rc, 1, res)
                    self.assertIn("the service answered 200 but " + words, res.err)
                    self.assertEqual(len(self.gets()), len(pages))
                    if "--json" in args:
                        self.assertEqual(res.out, "")

    def test_the_timeout_bounds_every_page_together(self):
        # consistent pages, each slow: 50 pages of 0.6 s; each within --timeout, all together far past it
        self.page({"registries": items(0, 100), "total": 5000}, times=-1, delay=0.6)
        res = self.cli("list", "--json", "--timeout", "2", timeout=60)
        self.assertEqual(res.rc, 3, res)
        self.assertIn("the listing did not end within the timeout of 2.0 s", res.err)
        self.assertEqual(res.out, "")
        self.assertLess(res.took, 12, "the whole listing stops near --timeout")
        self.assertLess(len(self.gets()), 10)

    def test_a_list_of_several_pages_is_listed_whole(self):
        state = dict(self.sample)
        state["registries"] = [dict(r, credential={"type": "basic", "access_key": "k", "access_secret": SECRET},
                                    description="", insecure=False, created_at="2024-03-01T00:00:00Z",
                                    updated_at="2024-03-01T00:00:00Z") for r in items(1, 250)]
        state["policies"] = []
        self.emu.control("PUT", "/_emu/state", state)
        res = self.cli("list", "--json")
        self.assertEqual(res.rc, 0, res)
        doc = json.loads(res.out)
        self.assertEqual(doc["total"], 250)
        self.assertEqual(sorted(r["id"] for r in doc["registries"]), list(range(1, 251)))
        offsets = [urllib.parse.parse_qs(r["query"]).get("offset") for r in self.gets()]
        self.assertEqual(offsets, [["0"], ["100"], ["200"]])
        res = self.cli("list")
        self.assertEqual(res.rc, 0, res)
        self.assertEqual(len([line for line in res.out.splitlines() if "reg-" in line]), 250)


if __name__ == "__main__":
    unittest.main()
