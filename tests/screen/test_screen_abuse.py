"""Terminal and input abuse: signals in the middle of a request, a storm of resizes, a 10x4 terminal,
the C locale, TERM=dumb and vt100, standard input that is not a terminal, a 64 KiB paste, control
characters and invalid UTF-8 typed and pasted, a registry with 1,000 DNS hosts, NUL bytes and invalid
UTF-8 in the service's answers, and CJK and emoji names. After each case the terminal is sane: the
exit status is the expected one, the stty modes are restored and the alternate screen is off."""
import base64
import json
import os
import random
import re
import signal
import subprocess
import sys
import unicodedata
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "integration"))
from harness import BIN, INSTANCE, PROJECT, Emulator  # noqa: E402
from screen import Screen  # noqa: E402
from test_screen import SANE, tui_env  # noqa: E402
import memcheck  # noqa: E402

SECRET = "abuse-S3cret-7c1d"
FIELDS = ["Name", "Description", "Type", "URL", "Access key", "Access secret", "Skip certificate verification",
          "DNS hosts"]
API = f"/v2/{PROJECT}/instances/{INSTANCE}"
SAMPLE = None


def setUpModule():
    global SAMPLE
    with Emulator("--sample") as e:
        SAMPLE = e.state()


def b64(data):
    return base64.b64encode(data).decode()


def flat(text):
    """Screen text without panel borders and with runs of white space as one space (wrapped lines read
    as one)."""
    return " ".join(text.replace("│", " ").split())


def cols(text):
    """Terminal columns of text as tmux lays it out (wide East Asian characters and emoji take two)."""
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
               for c in text)


COLOUR_SGR = re.compile(r"\x1b\[([0-9;]*)m")


def colours(escaped):
    """The colour parameters (30-38, 40-48, 90-107; not the default-colour resets 39 and 49) used in a
    capture-pane -e dump."""
    found = set()
    for params in COLOUR_SGR.findall(escaped):
        for p in params.split(";"):
            if p.isdigit() and (30 <= int(p) <= 38 or 40 <= int(p) <= 48 or 90 <= int(p) <= 107):
                found.add(int(p))
    return found


class AbuseTest(unittest.TestCase):
    emu = None

    @classmethod
    def setUpClass(cls):
        cls.emu = Emulator("--sample")

    @classmethod
    def tearDownClass(cls):
        cls.emu.stop()

    def setUp(self):
        self.emu.reset()
        self.emu.control("PUT", "/_emu/state", self.state())

    def state(self):
        """The emulator's state for this test (the sample unless a test says otherwise)."""
        return SAMPLE

    def start(self, *args, width=100, height=30, stdin=None, **env):
        s = Screen(list(args), tui_env(self.emu, **env), width=width, height=height, stdin=stdin)
        self.addCleanup(s.close)
        return s

    def assertSaneExit(self, s, rc=0):
        code, modes = s.wait_exit()
        self.assertEqual(code, rc, f"exit status; stderr: {s.stderr()}")
        self.assertEqual(set(modes), SANE, "the terminal modes after exit")
        self.assertFalse(s.alternate_on(), "the alternate screen is still on")

    def assertNothingDrawn(self, s):
        before = s.text().split("SWRTUI-EXIT=")[0]
        self.assertEqual(before.strip(), "", "nothing is drawn before the program ends")

    def puts(self):
        return [r for r in self.emu.requests() if r["method"] == "PUT"]

    def open_edit(self, reg_id, **kw):
        s = self.start("edit", str(reg_id), **kw)
        s.wait_text("Access secret")
        return s

    def save(self, s, reg_id):
        """From the form: F2, yes; returns the one PUT body the emulator received."""
        s.keys("F2")
        s.wait_text("Send these changes?")
        s.keys("y")
        s.wait_text(f"saved registry {reg_id}")
        puts = self.puts()
        self.assertEqual(len(puts), 1)
        return json.loads(puts[0]["body"])

    def wait_cursor(self, s, x, what, y=None):
        """Waits for the cursor to reach column x (and row y): the cursor moves last in a redraw."""
        s.wait_for(lambda t: s.cursor()[0] == x and (y is None or s.cursor()[1] == y),
                   f"the cursor at column {x} ({what})")

    def tab(self, s, frm, to):
        """Moves the focus from field frm to field to (the focusable fields of swr-pro and huawei-SWR)."""
        s.keys(*["Tab"] * (FIELDS.index(to) - FIELDS.index(frm)))

    def type_secret(self, s, frm):
        self.tab(s, frm, "Access secret")
        s.type(SECRET)
        s.wait_for(lambda t: "*" * len(SECRET) in (s.line_with("Access secret") or ""), "the masked secret")


# ---- signals in the middle of a request ----

class TestSignalsDuringARequest(AbuseTest):
    """The request hangs (a delay, then the connection dropped: a delayed PUT would otherwise be applied
    20 s later, in the middle of another test)."""

    def kill_during(self, s, busy, sig, method, path):
        s.wait_text(busy)
        # the screen says it is busy before the request is sent: the signal goes once the emulator holds it
        self.emu.wait_requests(lambda got: any(r["method"] == method and r["path"] == path for r in got),
                               f"the {method} {path} at the emulator", timeout=10 * memcheck.SLOWDOWN)
        pid = s.pid()
        self.assertTrue(pid, "the swrtui process")
        os.kill(pid, sig)
        self.assertSaneExit(s, 128 + sig)

    def test_sigint_while_the_list_loads_exits_130_and_restores_the_terminal(self):
        self.emu.fault(method="GET", delay=20, action="drop")
        s = self.start()
        self.kill_during(s, "Loading registries", signal.SIGINT, "GET", f"{API}/registries")

    def test_sigterm_while_a_save_is_sent_exits_143_and_restores_the_terminal(self):
        self.emu.fault(method="PUT", delay=20, action="drop")
        s = self.open_edit(1)
        self.type_secret(s, "Name")
        s.keys("F2")
        s.wait_text("Send these changes?")
        s.keys("y")
        self.kill_during(s, "Saving…", signal.SIGTERM, "PUT", f"{API}/registries/1")
        self.assertEqual(len(self.puts()), 1, "the save was in flight")

    def test_sighup_while_a_registry_loads_exits_129_and_restores_the_terminal(self):
        self.emu.fault(method="GET", path=f"{API}/registries/1", delay=20, action="drop")
        s = self.start("edit", "1")
        self.kill_during(s, "Loading the registry", signal.SIGHUP, "GET", f"{API}/registries/1")


# ---- the size of the terminal ----

class TestTerminalSize(AbuseTest):
    def test_a_storm_of_100_resizes_leaves_the_form_intact_and_the_process_alive(self):
        s = self.open_edit(1)
        s.type("-storm")
        s.keys("Tab", "End")
        s.type(" (edited)")
        s.wait_text("data centre (edited)")
        line = s.line_with("Description")
        cursor = (line.index("(edited)") + len("(edited)"), s.lines().index(line))
        self.wait_cursor(s, cursor[0], "after the description", cursor[1])
        before = s.text()
        rng = random.Random(100)
        small = 0
        for i in range(100):
            w, h = rng.randint(5, 160), rng.randint(3, 50)
            if i % 5 == 0:  # every fifth one below the minimum of 40x12
                w, h = rng.randint(5, 39), rng.randint(3, 11)
            small += w < 40 or h < 12
            s.resize(w, h)
        self.assertGreaterEqual(small, 20)
        s.resize(100, 30)
        # the screen comes back exactly as it was: the edits, the focus, the cursor, nothing stale
        s.wait_for(lambda t: t == before, "the form exactly as before the storm")
        self.wait_cursor(s, cursor[0], "where it was before the storm", cursor[1])
        self.assertTrue(s.pid(), "the process is alive")
        self.assertIn("harbor-backup-storm", s.line_with("Name *"))
        s.keys("C-l")
        s.wait_for(lambda t: t == before, "the same screen after Ctrl-L")
        self.type_secret(s, "Description")
        body = self.save(s, 1)
        self.assertEqual(body["name"], "harbor-backup-storm")
        self.assertEqual(body["description"], "Harbor in the backup data centre (edited)")
        self.assertSaneExit(s)

    def test_keys_typed_before_the_list_first_shows_are_dropped(self):
        # the first page is held: the list has never been on screen, so keys typed meanwhile are not
        # type-ahead for it (d then Enter would open a delete confirmation and look up its policies)
        self.emu.fault(method="GET", path=self.emu.api_path("registries"), delay=3)
        s = self.start()
        self.emu.wait_requests(lambda rs: len(rs) >= 1, "the list's GET, held")
        s.keys("j", "d", "Enter")
        s.wait_text("harbor-backup")
        s.keys("q")
        self.assertSaneExit(s)
        self.assertEqual([r["method"] for r in self.emu.requests()], ["GET"], "nothing but the list was sent")

    def test_a_10x4_terminal_shows_the_notice_and_growing_back_works(self):
        s = self.start(width=10, height=4)
        text = s.wait_for(lambda t: "40x12" in t, "the notice")
        lines = [l for l in text.split("\n") if l.strip()]
        self.assertEqual([l.strip() for l in lines], ["terminal", "too small:", "needs", "40x12"])
        self.assertTrue(all(len(l) <= 10 for l in text.split("\n")), text)
        s.keys("j", "d", "Enter")  # ignored while the notice shows
        s.resize(100, 30)
        text = s.wait_text("harbor-backup")
        self.assertIn("registries (6)", text)
        self.assertNotIn("too small", text)
        self.assertEqual([r["method"] for r in self.emu.requests()], ["GET"], "nothing but the list was sent")
        s.resize(10, 4)
        s.wait_text("needs")
        s.resize(100, 30)
        s.wait_text("harbor-backup")
        s.keys("q")
        self.assertSaneExit(s)

    def test_a_panel_survives_a_10x4_terminal(self):
        s = self.open_edit(1)
        s.type("x")
        s.keys("Escape")
        s.wait_text("Leave and discard them?")
        s.resize(10, 4)
        s.wait_text("needs")
        s.resize(100, 30)
        text = s.wait_text("Leave and discard them?")
        self.assertEqual(text.count("Unsaved changes"), 1, text)
        s.keys("n")
        s.wait_text("harbor-backupx")
        s.keys("C-c")
        self.assertSaneExit(s)


# ---- locale and terminal types ----

class TestLocaleAndTerminalType(AbuseTest):
    def test_the_c_locale_shows_ascii_stand_ins_with_aligned_columns_and_saves_text_intact(self):
        s = self.start(LANG="C", LC_ALL="C")
        text = s.wait_text("q quit")
        self.assertTrue(all(ord(c) < 128 for c in text), f"only ASCII on the screen:\n{text}")
        self.assertNotIn("M-", text)
        self.assertIn("swrtui - registries (6)", text)
        header = s.line_with("TYPE")
        rows = [l for l in text.split("\n") if re.match(r"\d+ ", l)]
        self.assertEqual(len(rows), 6)
        for line in rows:
            reg = next(r for r in SAMPLE["registries"] if str(r["id"]) == line.split()[0])
            self.assertEqual(line.index(reg["type"]), header.index("TYPE"), f"TYPE column of {line!r}")
            self.assertEqual(line.index("https://"), header.index("URL"), f"URL column of {line!r}")
        self.assertIn("????-?? ", s.line_with("5 "))  # 镜像仓库-广州: one "?" per character
        self.assertIn("x unhealthy", s.line_with("5 "))
        s.keys("Down", "Enter")  # newest first: 7, then 5
        s.wait_text("Access secret")
        name = s.line_with("Name *")
        self.wait_cursor(s, name.index("????-??") + 7, "after the name", s.lines().index(name))
        s.keys("Tab", "End")
        s.type("ab")
        s.type("é")  # not a character of the C locale: dropped
        s.type("cd")
        s.wait_text("????abcd")
        self.type_secret(s, "Description")
        s.keys("F2")
        s.wait_text("Description: ???? -> ????abcd")
        s.wait_text("Send these changes?")
        escaped = s.tmux("capture-pane", "-p", "-e", "-t", "t").stdout
        self.assertIn("\x0elq", escaped, "the panel's box uses the terminal's line-drawing set")
        self.assertTrue(all(ord(c) < 128 for c in s.text()))
        s.keys("y")
        s.wait_text("saved registry 5")
        body = json.loads(self.puts()[0]["body"])
        self.assertEqual(body["name"], "镜像仓库-广州")
        self.assertEqual(body["description"], "华南备份abcd")
        s.keys("q")
        self.assertSaneExit(s)

    def test_term_dumb_or_unset_is_a_clear_error_and_nothing_is_drawn(self):
        for term, said in (("dumb", 'TERM is "dumb"'), (None, "TERM is not set")):
            with self.subTest(TERM=term):
                s = self.start(TERM=term)
                self.assertSaneExit(s, 2)
                self.assertIn(said, s.stderr())
                self.assertIn("the plain commands work anywhere", s.stderr())
                self.assertNothingDrawn(s)
                self.assertEqual(self.emu.requests(), [])

    def test_vt100_works_without_colour_and_marks_invalid_fields(self):
        s = self.open_edit(1, TERM="screen-256color")
        self.assertTrue(colours(s.tmux("capture-pane", "-p", "-e", "-t", "t").stdout),
                        "the colour check sees colour where there is some")
        s.keys("C-c")
        self.assertSaneExit(s)
        s = self.open_edit(1, TERM="vt100", width=80, height=24)
        self.assertTrue(s.line_with("Access secret").startswith("! "))
        self.assertEqual(colours(s.tmux("capture-pane", "-p", "-e", "-t", "t").stdout), set())
        self.type_secret(s, "Name")
        s.wait_for(lambda t: not s.line_with("Access secret").startswith("!"), "the secret valid")
        self.assertEqual(colours(s.tmux("capture-pane", "-p", "-e", "-t", "t").stdout), set())
        body = self.save(s, 1)
        self.assertEqual(body["credential"]["access_secret"], SECRET)
        self.assertSaneExit(s)

    def test_standard_input_not_a_terminal_points_to_the_plain_commands(self):
        env = tui_env(self.emu)
        for args in ([], ["edit", "1"], ["new"]):
            with self.subTest(args=args):
                p = subprocess.run([BIN, *args], input="\n", capture_output=True, text=True, env=env, timeout=60)
                self.assertEqual(p.returncode, 2, p.stderr)
                self.assertIn("needs a terminal on standard input and output", p.stderr)
                self.assertIn("use the plain commands (list, show, apply, create, delete; see --help)", p.stderr)
                self.assertEqual(p.stdout, "")
        # in a terminal, with standard input from elsewhere: the same, and the terminal is untouched
        s = self.start(stdin="/dev/null")
        self.assertSaneExit(s, 2)
        self.assertIn("use the plain commands", s.stderr())
        self.assertNothingDrawn(s)
        self.assertEqual(self.emu.requests(), [])


# ---- input ----

class TestInput(AbuseTest):
    def test_a_64_kib_paste_is_kept_whole_and_sent_whole(self):
        parts, size, i = [], 0, 0
        while size < 65536 - 64:
            part = f"{i:05d}-镜像😀|"
            parts.append(part)
            size += len(part.encode())
            i += 1
        text = "".join(parts)
        text += "z" * (65536 - len(text.encode()))
        self.assertEqual(len(text.encode()), 65536)
        s = self.open_edit(1)
        s.keys("Tab", "C-u")
        s.paste(text)
        s.wait_for(lambda t: (s.line_with("Description") or "").rstrip().endswith("zzzzzzzz"),
                   "the end of the paste in the field")
        self.assertNotIn("larger than", s.text())
        self.type_secret(s, "Description")
        body = self.save(s, 1)
        self.assertEqual(len(body["description"]), len(text))
        self.assertEqual(body["description"], text)
        stored = next(r for r in self.emu.state()["registries"] if r["id"] == 1)
        self.assertEqual(stored["description"], text)
        self.assertSaneExit(s)

    def test_typed_control_characters_and_invalid_utf8_are_dropped_and_the_rest_kept(self):
        s = self.open_edit(1)
        s.keys("Tab", "C-u")
        # a ^O b, invalid: FF, C3 before an ASCII byte, E2 82 cut short, F0 9F 98 cut short, a surrogate
        # (ED A0 80); control: NUL, ^O, ^N, U+0085; valid: 日 and 😀 (^B moves left in a text field)
        raw = ("61 00 0f ff 62 c3 63 e2 82 64 f0 9f 98 65 0e 66 c2 85 67 ed a0 80 68 "
               "e6 97 a5 69 f0 9f 98 80 6a").split()
        s.tmux("send-keys", "-t", "t", "-H", *raw)
        want = "abcdefgh日i😀j"
        s.wait_for(lambda t: want in (s.line_with("Description") or ""), want)
        line = s.line_with("Description")
        self.assertEqual(line.split(None, 1)[1].rstrip(), want, "the field holds only the valid text")
        self.wait_cursor(s, cols(line[:line.index(want)]) + cols(want), "after the text")
        self.type_secret(s, "Description")
        self.assertEqual(self.save(s, 1)["description"], want)
        self.assertSaneExit(s)

    def test_pasted_control_characters_and_invalid_utf8_are_dropped_and_the_rest_kept(self):
        s = self.open_edit(1)
        s.keys("Tab", "C-u")
        s.paste(b"A\x00B\x01C\xffD\xc3(E\x1b[31mF\r\nG\tH\xe2\x82I\xe6\x97\xa5J\xf0\x9f\x98\x80K")
        want = "ABCD(E[31mF G HI日J😀K"  # a pasted run of line breaks, or a tab, is a space
        s.wait_for(lambda t: want in (s.line_with("Description") or ""), want)
        self.assertEqual(s.line_with("Description").split(None, 1)[1].rstrip(), want)
        self.assertNotIn("Send these changes?", s.text(), "a pasted newline never submits")
        self.type_secret(s, "Description")
        self.assertEqual(self.save(s, 1)["description"], want)
        self.assertSaneExit(s)


class TestThousandHosts(AbuseTest):
    HOSTS = {f"h{i:04d}.mirror.example.com": f"10.{i // 250}.{i % 250}.{i % 7 + 1}" for i in range(1000)}

    def state(self):
        st = json.loads(json.dumps(SAMPLE))
        reg = next(r for r in st["registries"] if r["id"] == 1)
        reg["dns_conf"] = {"hosts": self.HOSTS}
        return st

    def test_a_registry_with_1000_dns_hosts_opens_scrolls_to_the_end_and_saves_them_all(self):
        s = self.open_edit(1)
        # the DNS hosts line is drawn after the Access secret line open_edit waited for
        s.wait_for(lambda t: "h0000.mirror.example.com=10.0.0.1, h0001" in (s.line_with("DNS hosts") or ""),
                   "the hosts on the DNS hosts line")
        self.tab(s, "Name", "DNS hosts")
        s.keys("Enter")
        s.wait_for(lambda t: "1000 hosts" in t and "h0000.mirror.example.com" in t, "the hosts panel and its first row")
        s.keys("End")
        # a row that changes is rewritten left to right: the address shows after the name
        text = s.wait_for(lambda t: any("h0999.mirror.example.com" in l and self.HOSTS["h0999.mirror.example.com"] in l
                                        for l in t.split("\n")), "the last host with its address")
        self.assertNotIn("h0000.mirror.example.com", text)
        lines = text.split("\n")
        last = next(l for l in lines if "h0999.mirror.example.com" in l)
        self.assertEqual(lines[27], last, "the last host on the last row of the list (rows 2 to 27)")
        s.keys("PPage")
        s.wait_gone("h0999.mirror.example.com")
        s.keys("Home")
        s.wait_text("h0000.mirror.example.com")
        s.keys("NPage")
        s.wait_gone("h0000.mirror.example.com")
        s.keys("Escape")
        s.wait_text("Access secret")
        s.keys("BTab", "BTab")  # DNS hosts -> Skip certificate verification -> Access secret
        s.type(SECRET)
        body = self.save(s, 1)
        self.assertEqual(body["dns_conf"]["hosts"], self.HOSTS)
        self.assertSaneExit(s)


# ---- what the service sends ----

class TestServiceBytes(AbuseTest):
    def list_fault(self, raw):
        self.emu.fault(method="GET", path=f"{API}/registries", status=200, body_b64=b64(raw))

    def test_invalid_utf8_in_a_name_is_refused_with_a_clear_message(self):
        self.list_fault(b'{"total":1,"registries":[{"id":1,"name":"bad\xff\xfename\xc3(","type":"swr-pro",'
                        b'"url":"https://a.example","status":"healthy"}]}')
        s = self.start()
        text = s.wait_for(lambda t: 'member "name" is not valid UTF-8' in flat(t), "the reason")
        self.assertNotIn("\ufffd", text)
        s.keys("Escape")
        s.wait_text("registries (0)")
        s.keys("r")  # the fault is spent: the real list comes
        s.wait_text("harbor-backup")
        s.keys("q")
        self.assertSaneExit(s)

    def test_nul_bytes_in_a_list_are_refused_with_a_clear_message(self):
        for raw, said in ((b'{"total":1,"registries":[{"id":1,"name":"nul\x00name"}]}',
                           "the text contains a NUL byte at byte 44"),
                          (b'{"total":1,"registries":[{"id":1,"name":"nul\\u0000name"}]}',
                           "a string contains a NUL character (\\u0000)")):
            with self.subTest(said=said):
                self.emu.reset()
                self.list_fault(raw)
                s = self.start()
                s.wait_text("Request failed")
                s.wait_for(lambda t: said in flat(t), said)
                s.keys("Escape")
                s.wait_text("registries (0)")
                s.keys("q")
                self.assertSaneExit(s)

    def test_control_characters_in_a_name_are_shown_escaped(self):
        self.list_fault(b'{"total":1,"registries":[{"id":1,"name":"ctl\\u001b[31mred\\u0007","type":"swr-pro",'
                        b'"url":"https://a.example","status":"healthy"}]}')
        s = self.start()
        s.wait_text("ctl\\x1b[31mred\\x07")
        escaped = s.tmux("capture-pane", "-p", "-e", "-t", "t").stdout
        self.assertNotIn("\x1b[31m", escaped, "no escape sequence from the service reaches the terminal")
        s.keys("q")
        self.assertSaneExit(s)

    def test_error_messages_with_nul_control_and_invalid_bytes_are_shown_escaped(self):
        cases = (
            # an escaped NUL would cut the message: the body is shown raw instead
            (b'{"error_code":"SVCSTG.SWR.4000014","error_msg":"before \\u0000 after"}',
             ['"error_msg":"before \\u0000 after"', "not an SWR error document"]),
            (b'{"error_code":"SVCSTG.SWR.4000014","error_msg":"esc \\u001b[2J bell \\u0007 c1 \\u0085 end"}',
             ["error_msg:    esc \\x1b[2J bell \\x07 c1 \\x85 end"]),
            (b'{"error_code":"SVCSTG.SWR.4000014","error_msg":"raw \xff\xfe bad \xc3( end"}',
             ["error_msg:    raw \ufffd\ufffd bad \ufffd( end"]),
            (b"<html>\x00\x01\xff\x1b[2J\x1b]0;title\x07 \xc3(</html>",
             ["<html>\\x00\\x01\ufffd\\x1b[2J\\x1b]0;title\\x07 \ufffd(</html>"]),
        )
        s = self.open_edit(1)
        self.type_secret(s, "Name")
        for raw, wants in cases:
            with self.subTest(body=raw):
                self.emu.fault(method="PUT", status=400, body_b64=b64(raw))
                s.keys("F2")
                s.wait_text("Send these changes?")
                s.keys("y")
                s.wait_text("Request failed")
                s.wait_for(lambda t: all(flat(w) in flat(t) for w in wants), " and ".join(wants))
                escaped = s.tmux("capture-pane", "-p", "-e", "-t", "t").stdout
                self.assertNotIn("\x1b[2J", escaped)
                self.assertNotIn("\x1b]0;", escaped)
                s.keys("Escape")
                s.wait_text("your edits are kept")
                self.assertIn("*" * len(SECRET), s.line_with("Access secret"))
        self.assertTrue(s.pid(), "the process is alive")
        s.keys("C-c")
        self.assertSaneExit(s)

    def test_control_characters_in_a_shown_registry_are_said_and_saving_sends_it_without_them(self):
        self.emu.fault(method="GET", path=f"{API}/registries/1", status=200,
                       body_b64=b64(b'{"id":1,"name":"harbor-backup","type":"swr-pro","url":"https://a.example",'
                                    b'"status":"healthy","description":"two\\nlines\\u0007",'
                                    b'"credential":{"type":"basic","access_key":"a"}}'))
        s = self.open_edit(1)
        text = s.wait_text("Description from the service holds control characters")
        self.assertIn("twolines", s.line_with("Description"))
        self.assertIn("(modified)", text)
        self.type_secret(s, "Name")
        s.keys("F2")
        # the newline breaks the line in the panel; the bell is shown escaped
        s.wait_for(lambda t: "Description: two lines\\x07 → twolines" in flat(t), "the change")
        s.keys("y")
        s.wait_text("saved registry 1")
        self.assertEqual(json.loads(self.puts()[0]["body"])["description"], "twolines")
        self.assertSaneExit(s)


# ---- CJK and emoji ----

class TestWideNames(AbuseTest):
    NAMES = {1: "镜像仓库-华北-北京一区-主站点-备份", 2: "emoji-😀🚀-target", 3: "ｗｉｄｅ-全角"}

    def state(self):
        st = json.loads(json.dumps(SAMPLE))
        for r in st["registries"]:
            if r["id"] in self.NAMES:
                r["name"] = self.NAMES[r["id"]]
        next(r for r in st["registries"] if r["id"] == 4)["description"] = "说明 😀 emoji 🚀 description"
        return st

    def test_wide_names_keep_the_list_columns_aligned(self):
        s = self.start()
        text = s.wait_text("q quit")
        header = s.line_with("TYPE")
        for reg in self.state()["registries"]:
            line = next(l for l in text.split("\n") if l.startswith(f"{reg['id']} "))
            self.assertEqual(cols(line[:line.index(reg["type"])]), cols(header[:header.index("TYPE")]),
                             f"TYPE column of {line!r}")
            self.assertEqual(cols(line[:line.index("https://")]), cols(header[:header.index("URL")]),
                             f"URL column of {line!r}")
        long_line = s.line_with("1 ")
        self.assertIn("镜像仓库-华北-北京", long_line)  # cut to the column, on a whole character
        self.assertIn("emoji-😀🚀-target", s.line_with("2 "))
        self.assertIn("ｗｉｄｅ-全角", s.line_with("3 "))
        s.keys("q")
        self.assertSaneExit(s)

    def test_wide_text_in_the_form_keeps_the_cursor_in_place_and_is_sent_intact(self):
        s = self.open_edit(4)
        s.keys("C-u")
        s.type("镜像😀-x")
        s.wait_text("镜像😀-x")
        line = s.line_with("Name *")
        start = cols(line[:line.index("镜像😀-x")])
        self.wait_cursor(s, start + 2 + 2 + 2 + 1 + 1, "after 镜像😀-x")
        s.keys("Left", "Left", "Left")
        self.wait_cursor(s, start + 4, "between 像 and 😀")
        s.keys("C-u")  # deletes to the start: 😀-x is left, the cursor at its start
        s.wait_for(lambda t: "镜像" not in s.line_with("Name *"), "镜像 deleted")
        self.assertIn("😀-x", s.line_with("Name *"))
        self.wait_cursor(s, start, "at the start")
        s.keys("End", "C-u")
        s.type("镜像-宽")
        s.wait_text("镜像-宽")
        self.wait_cursor(s, start + cols("镜像-宽"), "after 镜像-宽")
        s.keys("Tab", "End")  # the description with emoji: the cursor after it
        desc = "说明 😀 emoji 🚀 description"
        line = s.line_with("Description")
        self.wait_cursor(s, cols(line[:line.index(desc)]) + cols(desc), "after the description")
        self.type_secret(s, "Description")
        body = self.save(s, 4)
        self.assertEqual(body["name"], "镜像-宽")
        self.assertEqual(body["description"], desc)
        self.assertSaneExit(s)

    def test_an_emoji_name_from_the_service_is_shown_whole_and_marked_invalid(self):
        s = self.open_edit(2)
        line = s.line_with("Name *")
        self.assertIn("emoji-😀🚀-target", line)
        self.assertTrue(line.startswith("! "), line)
        text = s.text()
        self.assertIn("registry 2: emoji-😀🚀-target", text)
        self.wait_cursor(s, cols(line[:line.index("emoji")]) + cols("emoji-😀🚀-target"), "after the name")
        s.keys("C-c")
        self.assertSaneExit(s)


if __name__ == "__main__":
    unittest.main()
