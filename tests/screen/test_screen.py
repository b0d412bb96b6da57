"""Screen tests: the real swrtui binary in a tmux pseudo-terminal against the local SWR emulator.
Each test waits for screen content with a bounded timeout and asserts what the user would see, what
the emulator received, and that the terminal is left sane."""
import json
import os
import re
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "integration"))
from harness import INSTANCE, PROJECT, TOKEN, Emulator  # noqa: E402
from screen import Screen  # noqa: E402
import memcheck  # noqa: E402

SECRET = "tui-S3cret-9f2a"
REG_PATH = f"/v2/{PROJECT}/instances/{INSTANCE}/registries"


def tui_env(emu, **extra):
    env = {"TERM": "screen-256color", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "HOME": tempfile.gettempdir(),
           "XDG_CONFIG_HOME": os.path.join(tempfile.gettempdir(), "swrtui-no-config"),
           "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
           "SWRTUI_ENDPOINT": emu.url, "SWRTUI_PROJECT_ID": PROJECT, "SWRTUI_INSTANCE_ID": INSTANCE,
           "SWRTUI_TOKEN": TOKEN}
    for k in ("ASAN_OPTIONS", "UBSAN_OPTIONS"):
        if k in os.environ:
            env[k] = os.environ[k]
    for k, v in extra.items():
        if v is None:
            env.pop(k, None)
        else:
            env[k] = v
    return env


SANE = {"icanon", "echo", "isig", "icrnl", "opost"}


class ScreenTest(unittest.TestCase):
    emu = None

    @classmethod
    def setUpClass(cls):
        cls.emu = Emulator("--sample")

    @classmethod
    def tearDownClass(cls):
        cls.emu.stop()

    def setUp(self):
        self.emu.reset()
        # each test starts from the sample state
        self.emu.control("PUT", "/_emu/state", self.sample_state)

    def start(self, *args, width=100, height=30, **env):
        s = Screen(list(args), tui_env(self.emu, **env), width=width, height=height)
        self.addCleanup(s.close)
        return s

    def assertSaneExit(self, s, rc=0):
        code, modes = s.wait_exit()
        self.assertEqual(code, rc, f"exit status; stderr: {s.stderr()}")
        self.assertEqual(set(modes), SANE, "the terminal modes after exit")
        self.assertFalse(s.alternate_on(), "the alternate screen is still on")

    def requests(self, method=None):
        return [r for r in self.emu.requests() if method is None or r["method"] == method]


def load_sample_state():
    with Emulator("--sample") as e:
        return e.state()


ScreenTest.sample_state = None


def setUpModule():
    ScreenTest.sample_state = load_sample_state()


class TestList(ScreenTest):
    def test_the_list_shows_id_name_type_status_and_url(self):
        s = self.start()
        # the last row's type, status and URL are drawn after its name; the key line after every row
        text = s.wait_for(lambda t: "harbor-backup" in t and "q quit" in t, "the list drawn whole")
        for r in self.sample_state["registries"]:
            line = s.line_with(r["name"])
            self.assertIsNotNone(line, r["name"])
            self.assertTrue(line.startswith(str(r["id"])), line)
            self.assertIn(r["type"], line)
            self.assertIn(r["status"][:7], line)
        self.assertIn("registries (6)", text)
        s.keys("q")
        self.assertSaneExit(s)

    def test_slash_filters_through_the_service_name_parameter(self):
        s = self.start()
        s.wait_text("harbor-backup")
        s.keys("/")
        s.wait_text("Filter by name:")
        s.type("harbor")
        s.keys("Enter")
        s.wait_text('matching "harbor"')
        s.wait_gone("swr-basic-shanghai")
        self.assertIn("harbor-lab", s.text())
        self.assertTrue(any("name=harbor" in r["query"] for r in self.requests("GET")))
        s.keys("q")
        self.assertSaneExit(s)

    def test_a_large_instance_shows_the_first_page_then_fetches_as_you_scroll(self):
        with Emulator("--generate", "1000") as big:
            s = Screen([], tui_env(big), width=100, height=30)
            self.addCleanup(s.close)
            s.wait_text("registries (1000)")
            first = [r for r in big.requests() if r["method"] == "GET"]
            self.assertEqual(len(first), 1, "only the first page is fetched at start")
            self.assertIn("offset=0", first[0]["query"])
            s.keys("End")
            s.wait_text("reg-00001")  # newest first: the last row is the first one generated
            offsets = sorted({p.split("=")[1] for r in big.requests() for p in r["query"].split("&")
                              if p.startswith("offset=")}, key=int)
            self.assertIn("900", offsets)
            self.assertLess(len(offsets), 10, "pages in between are not fetched")
            s.keys("q")
            self.assertSaneExit(s)

    def test_delete_names_the_registry_and_the_policies_that_use_it(self):
        s = self.start()
        s.wait_text("swr-ee-singapore")
        # registry 7 is the first row (newest first)
        s.keys("d")
        text = s.wait_text("Delete this registry?")
        self.assertIn('Registry 7 "swr-ee-singapore"', text)
        self.assertIn("replication polic", text)
        policies = [p for p in self.sample_state["policies"]
                    if 7 in (p["src_registry"]["id"], p["dest_registry"]["id"])]
        for p in policies:
            self.assertIn(p["name"], text)
        s.keys("n")
        s.wait_gone("Delete this registry?")
        self.assertEqual(self.requests("DELETE"), [])
        s.keys("d")
        s.wait_text("Delete this registry?")
        s.keys("y")
        s.wait_text("deleted registry 7")
        self.assertEqual(len(self.requests("DELETE")), 1)
        s.keys("q")
        self.assertSaneExit(s)


class TestEdit(ScreenTest):
    def open_edit(self, reg_id, **kw):
        s = self.start("edit", str(reg_id), **kw)
        s.wait_text("Access secret")
        return s

    def test_the_form_opens_on_name_with_the_cursor_at_the_end(self):
        s = self.open_edit(1)
        line = s.line_with("Name *")
        self.assertIn("harbor-backup", line)
        end = line.index("harbor-backup") + len("harbor-backup")
        s.wait_for(lambda t: s.cursor()[0] == end, f"the cursor at column {end}")  # it moves last
        x, y = s.cursor()
        self.assertEqual(s.lines()[y], line)
        self.assertIn("Credential type", s.text())
        s.keys("Escape")
        self.assertSaneExit(s)

    def test_edit_a_swr_pro_registry_and_save_it_sends_exactly_the_expected_body(self):
        s = self.open_edit(1)
        # Name -> Description -> Type -> URL -> Access key -> Access secret
        s.keys("Tab", "Tab", "Tab")
        s.keys("C-u")
        s.type("https://mirror.example.org")
        s.keys("Tab", "Tab")
        s.type(SECRET)
        s.wait_text("*" * len(SECRET))
        self.assertNotIn(SECRET, s.text())
        s.keys("F2")
        text = s.wait_text("Send these changes?")
        self.assertIn("URL: https://harbor.example.com → https://mirror.example.org", text)
        self.assertIn("Access secret: changed", text)
        self.assertNotIn(SECRET, text)
        s.keys("Enter")
        s.wait_text("saved registry 1")
        puts = self.requests("PUT")
        self.assertEqual(len(puts), 1)
        reg = next(r for r in self.sample_state["registries"] if r["id"] == 1)
        hosts = reg.get("dns_conf", {}).get("hosts", {})
        expected = {"name": reg["name"], "description": reg["description"], "type": "swr-pro",
                    "url": "https://mirror.example.org",
                    "credential": {"type": "basic", "access_key": reg["credential"]["access_key"],
                                   "access_secret": SECRET},
                    "dns_conf": {"hosts": hosts}, "insecure": reg["insecure"]}
        self.assertEqual(json.loads(puts[0]["body"]), expected)
        self.assertEqual(list(json.loads(puts[0]["body"]).keys()),
                         ["name", "description", "type", "url", "credential", "dns_conf", "insecure"])
        self.assertSaneExit(s)

    def test_switching_to_swr_pro_internal_shows_three_required_fields(self):
        s = self.open_edit(1)
        self.assertNotIn("Project ID", s.text())
        s.keys("Tab", "Tab")  # Type
        s.keys("Right")
        # the three fields are drawn below the Type line
        text = s.wait_for(lambda t: "swr-pro-internal" in t and "SWR Enterprise Edition" in t and "Instance ID *" in t,
                          "swr-pro-internal and its three fields")
        for label in ("Project ID *", "Region ID *", "Instance ID *"):
            line = s.line_with(label)
            self.assertIsNotNone(line, label)
            self.assertTrue(line.startswith("!"), f"{label} should be marked invalid: {line!r}")
        self.assertIn("SWR Enterprise Edition", text)
        s.keys("Tab")  # Project ID, empty and required
        s.wait_text("Project ID is required")
        s.type("p-123")
        s.wait_for(lambda t: not (s.line_with("Project ID *") or "!").startswith("!"), "Project ID valid")
        # back to swr-pro: the fields disappear, and come back with their values
        s.keys("BTab", "Right")  # swr-pro-internal -> huawei-SWR
        s.wait_text("huawei-SWR")
        s.wait_gone("Project ID")
        s.keys("Left")
        s.wait_text("swr-pro-internal")
        s.wait_for(lambda t: "p-123" in (s.line_with("Project ID *") or ""), "Project ID back with p-123")
        s.keys("Escape")
        s.wait_text("Leave and discard them?")
        s.keys("y")
        self.assertSaneExit(s)
        self.assertEqual(self.requests("PUT"), [])

    def test_add_and_remove_dns_hosts_with_malformed_and_duplicate_rows_marked(self):
        s = self.open_edit(1)
        for _ in range(6):  # Name, Description, Type, URL, Access key, Access secret, Skip -> DNS hosts
            s.keys("Tab")
        s.keys("Tab")
        s.keys("Enter")
        s.wait_text("DNS hosts (domain → IP address)")
        s.keys("a")
        s.wait_text("Add a host")
        s.type("registry.example.net")
        s.keys("Tab")
        s.type("198.51.100.7")
        s.keys("Enter")
        s.wait_text("198.51.100.7")
        s.keys("a")
        s.wait_text("Add a host")
        s.type("registry.example.net")
        s.keys("Tab")
        s.type("300.1.1.1")
        s.keys("Enter")
        # the reason is drawn below the rows
        text = s.wait_for(lambda t: "300.1.1.1" in t and re.search(r"row \d+: ", t), "the new row and its reason")
        bad = s.line_with("300.1.1.1")
        self.assertTrue(bad.startswith("!"), bad)
        s.keys("d")
        s.wait_gone("300.1.1.1")
        s.wait_for(lambda t: not (s.line_with("198.51.100.7") or "!").startswith("!"), "the first row valid again")
        s.keys("Escape")
        s.wait_text("registry.example.net=198.51.100.7")
        s.keys("BTab", "BTab")  # DNS hosts -> Skip certificate verification -> Access secret
        s.type(SECRET)
        s.keys("F2")
        s.wait_text("Send these changes?")
        s.keys("y")
        s.wait_text("saved registry 1")
        body = json.loads(self.requests("PUT")[0]["body"])
        self.assertEqual(body["dns_conf"]["hosts"].get("registry.example.net"), "198.51.100.7")
        self.assertSaneExit(s)

    def test_a_403_with_an_encoded_message_is_shown_in_the_panel(self):
        encoded = "Egpj" + "A1b2C3d4" * 40
        self.emu.fault(method="PUT", status=403,
                       json={"error_code": "SVCSTG.SWR.4030170", "error_msg": "Insufficient permissions",
                             "encoded_authorization_message": encoded})
        s = self.open_edit(1)
        for _ in range(5):
            s.keys("Tab")
        s.type(SECRET)
        s.keys("F2")
        s.wait_text("Send these changes?")
        s.keys("y")
        text = s.wait_panel("Request failed")
        self.assertIn("403 Forbidden", text)
        self.assertIn("SVCSTG.SWR.4030170", text)
        self.assertIn("Insufficient permissions", text)
        self.assertRegex(text, r"X-Request-Id: [0-9a-f]{32}")
        self.assertIn(f"Encoded authorization message ({len(encoded)} characters)", text)
        self.assertIn("grant the IAM action", text)
        self.assertNotIn(encoded, text.replace("\n", ""))  # shortened
        s.keys("m")
        s.wait_text("Encoded authorization message")
        s.wait_for(lambda t: encoded[:60] in t.replace("\n", "").replace(" ", "").replace("│", ""),
                   "the whole message")
        s.keys("Escape")
        s.wait_panel("Request failed")  # whole again: the message panel over it is closed
        out = os.path.join(tempfile.mkdtemp(), "msg.txt")
        s.keys("w")
        s.wait_text("Write the encoded message to file:")
        s.type(out)
        s.keys("Enter")
        s.wait_text("written to")
        with open(out) as f:
            self.assertEqual(f.read().strip(), encoded)
        self.assertEqual(os.stat(out).st_mode & 0o777, 0o600)
        s.keys("Escape")
        s.wait_text("your edits are kept")
        s.keys("C-c")
        self.assertSaneExit(s)

    def test_a_500_with_an_html_body_is_shown_as_text(self):
        self.emu.fault(method="PUT", status=500, body="<html><body><h1>Internal Server Error</h1></body></html>",
                       headers={"Content-Type": "text/html"})
        s = self.open_edit(1)
        for _ in range(5):
            s.keys("Tab")
        s.type(SECRET)
        s.keys("F2")
        s.wait_text("Send these changes?")
        s.keys("y")
        text = s.wait_panel("Request failed")
        self.assertIn("500 Internal Server Error", text)
        self.assertIn("not an SWR error document", text)
        self.assertIn("<h1>Internal Server Error</h1>", text)
        s.keys("Escape")
        s.wait_text("Access secret")
        s.keys("C-c")
        self.assertSaneExit(s)

    def test_a_failed_save_keeps_every_edit_and_a_retry_sends_them(self):
        self.emu.fault(method="PUT", status=400,
                       json={"error_code": "SVCSTG.SWR.4000014", "error_msg": "Invalid parameter: url"})
        s = self.open_edit(4)
        s.keys("C-u")
        s.type("harbor-lab-2")
        s.keys("Tab")
        s.keys("C-u")
        s.type("edited description")
        s.keys("Tab", "Tab")
        s.keys("End")
        s.type("/v2")
        s.keys("Tab", "Tab")
        s.type(SECRET)
        s.keys("F2")
        s.wait_text("Send these changes?")
        s.keys("y")
        s.wait_text("Invalid parameter: url")
        s.keys("Escape")
        text = s.wait_text("your edits are kept")
        self.assertIn("harbor-lab-2", s.line_with("Name *"))
        self.assertIn("edited description", s.line_with("Description"))
        self.assertIn("harbor.lab.example.net:8443/v2", s.line_with("URL *"))
        self.assertIn("*" * len(SECRET), s.line_with("Access secret"))
        self.assertIn("(modified)", text)
        s.keys("F2")
        s.wait_text("Send these changes?")
        s.keys("y")
        s.wait_text("saved registry 4")
        puts = self.requests("PUT")
        self.assertEqual(len(puts), 2)
        self.assertEqual(puts[0]["body"], puts[1]["body"])
        body = json.loads(puts[1]["body"])
        self.assertEqual(body["name"], "harbor-lab-2")
        self.assertEqual(body["credential"]["access_secret"], SECRET)
        self.assertSaneExit(s)

    def test_the_secret_is_required_on_edit_and_the_form_says_why(self):
        s = self.open_edit(1)
        self.assertTrue(s.line_with("Access secret").startswith("!"))
        s.keys("F2")
        text = s.wait_text("Not saved")
        self.assertIn("never returns", text)
        self.assertEqual(self.requests("PUT"), [])
        s.keys("C-c")
        self.assertSaneExit(s)

    def test_f3_reveals_and_hides_the_secret(self):
        s = self.open_edit(1)
        for _ in range(5):
            s.keys("Tab")
        s.type(SECRET)
        s.wait_text("*" * len(SECRET))
        s.keys("F3")
        s.wait_text(SECRET)
        s.keys("F3")
        s.wait_gone(SECRET)
        s.keys("C-c")
        self.assertSaneExit(s)

    def test_a_long_pasted_secret_is_kept_whole_and_a_pasted_newline_never_submits(self):
        s = self.open_edit(1)
        for _ in range(5):
            s.keys("Tab")
        long_secret = "P" * 3000 + "\n" + "Q" * 999
        s.paste(long_secret)
        s.keys("F3")
        s.wait_text("QQQQ")
        self.assertNotIn("Send these changes?", s.text())
        s.keys("F2")
        s.wait_text("Send these changes?")
        s.keys("y")
        s.wait_text("saved registry 1")
        body = json.loads(self.requests("PUT")[0]["body"])
        self.assertEqual(body["credential"]["access_secret"], "P" * 3000 + "Q" * 999)
        self.assertSaneExit(s)

    def test_cjk_input_keeps_the_cursor_in_place(self):
        s = self.open_edit(1)
        s.keys("C-u")
        s.type("镜像-a")
        s.wait_text("镜像-a")
        line = s.line_with("Name *")
        start = line.index("镜像-a")
        # two wide characters (2 columns each), "-" and "a" (the cursor moves last in a redraw: waited for)
        s.wait_for(lambda t: s.cursor()[0] == start + 2 + 2 + 2, f"the cursor at {start + 6}")
        s.keys("Left", "Left")
        s.wait_for(lambda t: s.cursor()[0] == start + 4, f"the cursor at {start + 4}")
        s.keys("C-c")
        self.assertSaneExit(s)

    def test_escape_on_an_unchanged_form_just_leaves(self):
        s = self.open_edit(1)
        s.keys("Escape")
        self.assertSaneExit(s)

    def test_escape_with_changes_asks_and_n_goes_back(self):
        s = self.open_edit(1)
        s.type("x")
        s.keys("Escape")
        s.wait_text("Leave and discard them?")
        s.keys("n")
        s.wait_gone("Leave and discard them?")
        self.assertIn("harbor-backupx", s.line_with("Name *"))
        s.keys("F10")
        s.wait_text("Leave and discard them?")
        s.keys("y")  # Enter alone answers No since discarding became a destructive question
        self.assertSaneExit(s)

    def test_f1_shows_help(self):
        s = self.open_edit(1)
        s.keys("F1")
        text = s.wait_panel("Help")
        self.assertIn("Shift-Tab", text)
        s.keys("Escape")
        s.wait_text("Access secret")
        s.keys("C-c")
        self.assertSaneExit(s)

    def test_no_color_keeps_invalid_fields_visible_with_a_sign(self):
        s = self.open_edit(1, NO_COLOR="1")
        line = s.line_with("Access secret")
        self.assertTrue(line.startswith("! "), line)
        s.keys("C-c")
        self.assertSaneExit(s)

    def test_new_creates_a_registry(self):
        s = self.start("new")
        s.wait_text("new registry")
        s.type("made-in-tui")
        s.keys("Tab", "Tab", "Tab")
        s.type("https://harbor.new.example")
        s.keys("Tab")
        s.type("robot")
        s.keys("Tab")
        s.type(SECRET)
        s.keys("F2")
        s.wait_text("Create this registry?")
        s.keys("y")
        s.wait_text("created registry")
        posts = self.requests("POST")
        self.assertEqual(len(posts), 1)
        body = json.loads(posts[0]["body"])
        self.assertEqual(body, {"name": "made-in-tui", "description": "", "type": "swr-pro",
                                "url": "https://harbor.new.example",
                                "credential": {"type": "basic", "access_key": "robot", "access_secret": SECRET},
                                "dns_conf": {"hosts": {}}, "insecure": False})
        self.assertSaneExit(s)


class TestTerminal(ScreenTest):
    def test_resize_to_40x12_and_back(self):
        s = self.start("edit", "1")
        s.wait_text("Access secret")
        s.resize(40, 12)
        s.wait_for(lambda t: max(len(l) for l in t.split("\n")) <= 40 and "Name" in t, "the form at 40x12")
        s.resize(30, 8)
        s.wait_text("terminal too small")
        s.resize(100, 30)
        s.wait_text("Skip certificate verification")
        s.wait_gone("terminal too small")
        s.keys("C-c")
        self.assertSaneExit(s)

    def test_ctrl_c_leaves_the_terminal_sane(self):
        s = self.start()
        s.wait_text("harbor-backup")
        self.assertTrue(s.alternate_on())
        s.keys("C-c")
        self.assertSaneExit(s)

    def test_sigterm_restores_the_terminal(self):
        s = self.start()
        s.wait_for(lambda t: "harbor-backup" in t and "q quit" in t, "the list drawn whole")
        # the pane runs the shell script; swrtui is its child
        os.kill(self.swrtui_pid(s), 15)
        code, modes = s.wait_exit()
        self.assertEqual(code, 128 + 15)
        self.assertEqual(set(modes), SANE)
        self.assertFalse(s.alternate_on())

    def wait_put_held(self):
        """ "Saving…" shows before the PUT is sent: waits until the emulator holds it (the fault's delay)."""
        self.emu.wait_requests(lambda got: any(r["method"] == "PUT" for r in got), "the PUT at the emulator",
                               timeout=10 * memcheck.SLOWDOWN)

    def swrtui_pid(self, s):
        pid = s.pid()
        self.assertTrue(pid, "swrtui process")
        return pid

    def test_sighup_restores_the_terminal(self):
        s = self.start("edit", "1")
        s.wait_for(lambda t: "Access secret" in t and "F1 help" in t, "the form drawn whole")
        os.kill(self.swrtui_pid(s), 1)
        code, modes = s.wait_exit()
        self.assertEqual(code, 128 + 1)
        self.assertEqual(set(modes), SANE)
        self.assertFalse(s.alternate_on())

    def test_a_crash_restores_the_terminal(self):
        s = self.start()
        s.wait_for(lambda t: "harbor-backup" in t and "q quit" in t, "the list drawn whole")
        # as a failed assertion would (SIGABRT: the sanitizer build leaves it to swrtui's handler, while
        # it reports a SIGSEGV itself)
        os.kill(self.swrtui_pid(s), 6)
        code, modes = s.wait_exit()
        self.assertEqual(code, 128 + 6)
        self.assertEqual(set(modes), SANE)
        self.assertFalse(s.alternate_on())

    def test_ctrl_c_cancels_a_running_request_without_quitting(self):
        # held 8 s, then dropped: a cancelled PUT is never applied later, in the middle of another test
        self.emu.fault(method="PUT", delay=8, action="drop")
        s = self.start("edit", "1")
        s.wait_text("Access secret")
        for _ in range(5):
            s.keys("Tab")
        s.type(SECRET)
        s.keys("F2")
        s.wait_text("Send these changes?")
        s.keys("y")
        s.wait_text("Saving…")
        self.wait_put_held()
        s.keys("C-c")
        s.wait_text("Cancelled")
        self.assertIn("*" * len(SECRET), s.line_with("Access secret"))
        s.keys("C-c")  # now nothing runs: Ctrl-C quits at once
        self.assertSaneExit(s)

    def test_resize_with_a_panel_open_leaves_no_stale_copy(self):
        s = self.start("edit", "1")
        s.wait_text("Access secret")
        s.type("x")
        s.keys("Escape")
        s.wait_text("Leave and discard them?")
        s.resize(70, 20)
        text = s.wait_for(lambda t: max(len(l) for l in t.split("\n")) <= 70 and "Leave and discard" in t,
                          "the panel at 70x20")
        self.assertEqual(text.count("Unsaved changes"), 1, text)
        s.keys("C-l")
        text = s.wait_text("Leave and discard them?")
        self.assertEqual(text.count("Unsaved changes"), 1, text)
        s.keys("n")
        s.wait_text("harbor-backupx")
        s.keys("C-c")
        self.assertSaneExit(s)

    def test_esc_cancels_a_slow_save_and_keeps_the_form(self):
        self.emu.fault(method="PUT", delay=8, action="drop")
        s = self.start("edit", "1")
        s.wait_text("Access secret")
        for _ in range(5):
            s.keys("Tab")
        s.type(SECRET)
        s.keys("F2")
        s.wait_text("Send these changes?")
        s.keys("y")
        s.wait_text("Saving…")
        self.wait_put_held()
        s.keys("Escape")
        s.wait_text("Cancelled")
        self.assertIn("*" * len(SECRET), s.line_with("Access secret"))
        s.keys("C-c")
        self.assertSaneExit(s)

    @unittest.skipIf(memcheck.ENABLED, "under valgrind /proc/PID/environ is memcheck's own copy")
    def test_the_token_leaves_the_process_environment(self):
        s = self.start()
        s.wait_text("harbor-backup")
        child = [self.swrtui_pid(s)]
        with open(f"/proc/{child[0]}/environ", "rb") as f:
            environ = f.read()
        self.assertNotIn(TOKEN.encode(), environ)
        with open(f"/proc/{child[0]}/limits") as f:
            core = [l for l in f if l.startswith("Max core file size")][0].split()
        self.assertEqual(core[4:6], ["0", "0"], "core dumps are disabled")
        s.keys("q")
        self.assertSaneExit(s)

    def test_term_dumb_is_a_clear_error(self):
        s = self.start(TERM="dumb")
        code, modes = s.wait_exit()
        self.assertEqual(code, 2)
        self.assertIn('TERM is "dumb"', s.stderr())

    def test_vt100_works_without_colour(self):
        s = self.start("edit", "1", TERM="vt100", width=80, height=24)
        s.wait_text("Access secret")
        self.assertTrue(s.line_with("Access secret").startswith("!"))
        s.keys("C-c")
        self.assertSaneExit(s)


if __name__ == "__main__":
    unittest.main()
