"""Discovery: starting from credentials and a region alone. The project of the region (from the token's
own scope, from GET /v3/auth/projects with a token, from GET /v3/projects?name= with AK/SK), `swrtui
instances` (table, --json, paging, a listing that never ends refused), `--instance NAME` (unique,
ambiguous, unknown), `swrtui login` (token file 0600, profile written with its other lines kept, no
secret on the command line, in the profile or in the output) and an expired token file."""
import json
import os
import stat
import tempfile
import unittest

from harness import INSTANCE, PROJECT, TOKEN, Emulator, base_env, run

AK, SK = "AKDISCOVERY000000001", "discovery-secret-key-0123456789"
USER, ACCOUNT, PASSWORD = "alice", "acme", "pa55-word-of-alice"
STAGING = "3c5d7e9f-3333-4bbb-8ccc-dddddddddddd"


def discovery_env(emu, home, **extra):
    """Credentials, an endpoint and a region; no project, no instance."""
    values = dict(SWRTUI_PROJECT_ID=None, SWRTUI_INSTANCE_ID=None, SWRTUI_REGION="cn-north-4",
                  SWRTUI_IAM_ENDPOINT=emu.url)
    values.update(extra)
    return base_env(emu, home=home, **values)


def paths(emu):
    return [r["path"] + ("?" + r["query"] if r["query"] else "") for r in emu.requests()]


class DiscoveryCase(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.emu = Emulator("--sample", "--aksk", f"{AK}:{SK}", "--iam-user", f"{USER}:{ACCOUNT}:{PASSWORD}")
        cls.tmp = tempfile.TemporaryDirectory()
        cls.sample = cls.emu.state()

    @classmethod
    def tearDownClass(cls):
        cls.emu.stop()
        cls.tmp.cleanup()

    def setUp(self):
        self.emu.control("PUT", "/_emu/state", self.sample)
        self.emu.reset()
        self.home = tempfile.mkdtemp(dir=self.tmp.name)


class TestProjectDiscovery(DiscoveryCase):
    def test_project_from_auth_projects_with_a_token(self):
        res = run(["--instance-id", INSTANCE, "list"], discovery_env(self.emu, self.home))
        self.assertEqual(res.rc, 0, res)
        self.assertIn("harbor-backup", res.out)
        got = paths(self.emu)
        self.assertEqual(got[0], "/v3/auth/projects", got)
        self.assertTrue(got[1].startswith(f"/v2/{PROJECT}/instances/{INSTANCE}/registries"), got)

    def test_project_by_name_with_access_keys(self):
        env = discovery_env(self.emu, self.home, SWRTUI_TOKEN=None, CLOUD_SDK_AK=AK, CLOUD_SDK_SK=SK)
        res = run(["--instance-id", INSTANCE, "list"], env)
        self.assertEqual(res.rc, 0, res)
        reqs = self.emu.requests()
        self.assertEqual((reqs[0]["path"], reqs[0]["query"]), ("/v3/projects", "name=cn-north-4"))
        self.assertTrue(any(k.lower() == "authorization" and v.startswith("SDK-HMAC-SHA256")
                            for k, v in reqs[0]["headers"].items()), "the IAM call is signed")
        self.assertEqual(reqs[1]["path"], f"/v2/{PROJECT}/instances/{INSTANCE}/registries")

    def test_project_from_the_token_files_own_scope_asks_nothing(self):
        tf = os.path.join(self.home, "token")
        fd = os.open(tf, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.write(fd, f"{TOKEN}\nexpires_at = 2999-01-01T00:00:00.000000Z\nproject_id = {PROJECT}\n".encode())
        os.close(fd)
        env = discovery_env(self.emu, self.home, SWRTUI_TOKEN=None, SWRTUI_TOKEN_FILE=tf)
        res = run(["--instance-id", INSTANCE, "list"], env)
        self.assertEqual(res.rc, 0, res)
        self.assertEqual([p for p in paths(self.emu) if p.startswith("/v3/")], [])

    def test_a_region_without_a_project_says_what_was_tried_and_what_to_configure(self):
        env = discovery_env(self.emu, self.home, SWRTUI_REGION="ap-southeast-3")
        res = run(["--instance-id", INSTANCE, "list"], env)
        self.assertEqual(res.rc, 1, res)
        self.assertIn("finding the one of region ap-southeast-3 failed (GET /v3/auth/projects with the token", res.err)
        self.assertIn("use --project-id ID", res.err)
        self.assertIn('no project is named "ap-southeast-3" (the projects: cn-north-4, cn-north-4_dev', res.err)
        self.assertNotIn("/registries", " ".join(paths(self.emu)))

    def test_no_region_and_no_project_is_a_usage_error(self):
        env = discovery_env(self.emu, self.home, SWRTUI_REGION=None)
        res = run(["--instance-id", INSTANCE, "list"], env)
        self.assertEqual(res.rc, 2, res)
        self.assertIn("no project ID, and no region to find it from", res.err)
        self.assertEqual(paths(self.emu), [])


class TestInstances(DiscoveryCase):
    def test_instances_table_names_every_column(self):
        res = run(["instances"], discovery_env(self.emu, self.home))
        self.assertEqual(res.rc, 0, res)
        lines = res.out.splitlines()
        self.assertEqual(lines[0].split("\t"), ["NAME", "ID", "STATUS", "SPEC", "VERSION", "ACCESS ADDRESS"])
        self.assertEqual(lines[1].split("\t"), ["swr-ee-prod", INSTANCE, "Running", "swr.ee.enterprise", "v3.2.0",
                                                "swr-ee-prod-8f3e2a1b.swr-pro.myhuaweicloud.com"])
        self.assertEqual([line.split("\t")[0] for line in lines[1:]], ["swr-ee-prod", "swr-ee-staging", "swr-ee-dr"])
        q = [r["query"] for r in self.emu.requests() if r["path"] == f"/v2/{PROJECT}/instances"]
        self.assertEqual(q, ["limit=100&offset=0"])

    def test_instances_json_gives_the_services_objects(self):
        res = run(["instances", "--json"], discovery_env(self.emu, self.home))
        self.assertEqual(res.rc, 0, res)
        doc = json.loads(res.out)
        self.assertEqual(doc["total"], 3)
        self.assertEqual(doc["instances"][2]["name"], "swr-ee-dr")
        self.assertEqual(doc["instances"][2]["expires_at"], "2025-06-01T08:00:00Z")
        self.assertEqual(doc["instances"][1]["vpc_name"], "vpc-default")

    def test_instances_are_listed_over_every_page(self):
        many = dict(self.sample)
        many["instances"] = self.sample["instances"] + [
            {"id": "00000000-0000-4000-8000-%012d" % i, "name": "gen-%03d" % i} for i in range(250)]
        self.emu.control("PUT", "/_emu/state", many)
        res = run(["instances", "--json"], discovery_env(self.emu, self.home))
        self.assertEqual(res.rc, 0, res)
        self.assertEqual(len(json.loads(res.out)["instances"]), 253)
        q = [r["query"] for r in self.emu.requests() if r["path"] == f"/v2/{PROJECT}/instances"]
        self.assertEqual(q, ["limit=100&offset=0", "limit=100&offset=100", "limit=100&offset=200"])

    def test_a_listing_that_never_ends_is_refused(self):
        page = {"instances": [{"id": "00000000-0000-4000-8000-%012d" % i, "name": "loop-%d" % i}
                              for i in range(100)]}
        self.emu.fault(path=f"/v2/{PROJECT}/instances", times=-1, status=200, json=page)
        res = run(["instances"], discovery_env(self.emu, self.home))
        self.emu.control("DELETE", "/_emu/faults")
        self.assertEqual(res.rc, 1, res)
        self.assertIn("more than 20 full pages of instances", res.err)
        self.assertEqual(res.out, "")
        self.assertEqual(len([r for r in self.emu.requests() if r["path"].endswith("/instances")]), 20)

    def test_instance_by_a_unique_name(self):
        res = run(["--instance", "swr-ee-staging", "list"], discovery_env(self.emu, self.home))
        self.assertEqual(res.rc, 0, res)
        self.assertIn("harbor-staging", res.out)
        self.assertNotIn("harbor-backup", res.out)
        self.assertTrue(paths(self.emu)[-1].startswith(f"/v2/{PROJECT}/instances/{STAGING}/registries"))

    def test_an_ambiguous_name_lists_the_ids(self):
        twice = dict(self.sample)
        twice["instances"] = self.sample["instances"] + [
            {"id": "5e7f9a1b-5555-4ddd-8eee-ffffffffffff", "name": "swr-ee-staging"}]
        self.emu.control("PUT", "/_emu/state", twice)
        res = run(["--instance", "swr-ee-staging", "list"], discovery_env(self.emu, self.home))
        self.assertEqual(res.rc, 2, res)
        self.assertIn('2 instances are named "swr-ee-staging" (ids 3c5d7e9f-3333-4bbb-8ccc-dddddddddddd, '
                      '5e7f9a1b-5555-4ddd-8eee-ffffffffffff)', res.err)
        self.assertNotIn("/registries", " ".join(paths(self.emu)))

    def test_an_unknown_name_lists_the_known_names(self):
        res = run(["--instance", "swr-ee-nope", "list"], discovery_env(self.emu, self.home))
        self.assertEqual(res.rc, 2, res)
        self.assertIn('no instance is named "swr-ee-nope" (the instances: swr-ee-prod, swr-ee-staging, swr-ee-dr)',
                      res.err)

    def test_no_instance_at_all_says_how_to_choose_one(self):
        res = run(["list"], discovery_env(self.emu, self.home))
        self.assertEqual(res.rc, 2, res)
        self.assertIn("no instance: use --instance-id ID or --instance NAME", res.err)
        self.assertIn("swrtui instances", res.err)


class TestLogin(DiscoveryCase):
    def login_env(self, **extra):
        values = dict(SWRTUI_TOKEN=None, SWRTUI_REGION=None)
        values.update(extra)
        env = discovery_env(self.emu, self.home, **values)
        env.pop("XDG_CONFIG_HOME")
        return env

    def write_profile(self, text):
        d = os.path.join(self.home, ".config", "swrtui")
        os.makedirs(d)
        path = os.path.join(d, "config")
        with open(path, "w") as f:
            f.write(text)
        os.chmod(path, 0o600)
        return path

    def test_login_writes_a_private_token_and_the_profile_keeping_its_other_lines(self):
        cfg = self.write_profile("# mine\n[default]\ntimeout = 20\n\n[other]\nregion = ap-southeast-1\n")
        answers = f"{USER}\n{ACCOUNT}\n{PASSWORD}\n\ncn-north-4\n2\n"
        res = run(["login"], self.login_env(), stdin=answers)
        self.assertEqual(res.rc, 0, res)
        token_path = os.path.join(self.home, ".local", "state", "swrtui", "token")
        st = os.lstat(token_path)
        self.assertTrue(stat.S_ISREG(st.st_mode))
        self.assertEqual(stat.S_IMODE(st.st_mode), 0o600)
        self.assertEqual(stat.S_IMODE(os.stat(os.path.dirname(token_path)).st_mode), 0o700)
        with open(token_path) as f:
            lines = f.read().splitlines()
        self.assertTrue(lines[0].startswith("emu-iam-"), "the token IAM issued")
        self.assertRegex(lines[1], r"^expires_at = \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z$")
        self.assertEqual(lines[2], f"project_id = {PROJECT}")
        with open(cfg) as f:
            profile = f.read()
        self.assertEqual(profile, "# mine\n[default]\ntimeout = 20\nregion = cn-north-4\n"
                                  f"project_id = {PROJECT}\ninstance_id = {STAGING}\ntoken_file = {token_path}\n"
                                  "\n[other]\nregion = ap-southeast-1\n")
        self.assertEqual(stat.S_IMODE(os.stat(cfg).st_mode), 0o600)
        self.assertRegex(res.out, r"it expires at \d{4}-\d\d-\d\dT[0-9:.]+Z \(in 2[34] h \d\d min\)")
        self.assertIn("the token's own project", res.out)
        # the project came with the token: IAM was asked for the token and nothing else
        self.assertEqual([p for p in paths(self.emu) if p.startswith("/v3/")], ["/v3/auth/tokens"])
        for secret in (PASSWORD, lines[0]):
            self.assertNotIn(secret, res.out + res.err)
            self.assertNotIn(secret, profile)
        # and the next run needs nothing else
        env = self.login_env()
        again = run(["list"], env)
        self.assertEqual(again.rc, 0, again)
        self.assertIn("harbor-staging", again.out)

    def test_the_password_is_never_taken_from_the_command_line(self):
        res = run(["login", "--password", PASSWORD], self.login_env(), stdin="")
        self.assertEqual(res.rc, 2, res)
        self.assertIn("is not accepted: a secret on the command line", res.err)
        self.assertNotIn(PASSWORD, res.out + res.err)
        self.assertFalse(os.path.exists(os.path.join(self.home, ".config")))

    def test_a_refused_password_writes_nothing(self):
        res = run(["login"], self.login_env(), stdin=f"{USER}\n{ACCOUNT}\nwrong\n\ncn-north-4\n")
        self.assertEqual(res.rc, 1, res)
        self.assertIn("The username or password is wrong", res.err)
        self.assertFalse(os.path.exists(os.path.join(self.home, ".config")))
        self.assertFalse(os.path.exists(os.path.join(self.home, ".local")))

    def test_login_with_access_keys_stores_nothing_secret(self):
        env = self.login_env(CLOUD_SDK_AK=AK, CLOUD_SDK_SK=SK, SWRTUI_REGION="cn-north-4")
        res = run(["login", "--aksk"], env, stdin="swr-ee-prod\n")
        self.assertEqual(res.rc, 0, res)
        with open(os.path.join(self.home, ".config", "swrtui", "config")) as f:
            profile = f.read()
        self.assertEqual(profile, f"[default]\nregion = cn-north-4\nproject_id = {PROJECT}\ninstance_id = {INSTANCE}\n")
        self.assertFalse(os.path.exists(os.path.join(self.home, ".local")))
        self.assertNotIn(SK, res.out + res.err)
        reqs = self.emu.requests()
        self.assertEqual((reqs[0]["path"], reqs[0]["query"]), ("/v3/projects", "name=cn-north-4"))

    def test_an_expired_token_file_is_reported_with_its_time_and_the_renewing_command(self):
        tf = os.path.join(self.home, "token")
        fd = os.open(tf, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.write(fd, f"{TOKEN}\nexpires_at = 2020-02-03T04:05:06.000000Z\n".encode())
        os.close(fd)
        env = base_env(self.emu, home=self.home, SWRTUI_TOKEN=None, SWRTUI_TOKEN_FILE=tf)
        res = run(["list"], env)
        self.assertEqual(res.rc, 2, res)
        self.assertIn(f"the token in {tf} expired at 2020-02-03T04:05:06.000000Z", res.err)
        self.assertIn('run "swrtui login" to get a new one', res.err)
        self.assertEqual(self.emu.requests(), [], "nothing is sent with an expired token")


if __name__ == "__main__":
    unittest.main()
