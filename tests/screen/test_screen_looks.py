"""Screen tests of how the TUI looks, read with attributes (tmux capture-pane -e): no text on the
default background is blue or dim blue (it almost vanishes on a dark background), each colour role
(title, hints, secondary text, error, focus, selection, heading) is drawn one way on every screen, with
colours, on an 8-colour terminal and with NO_COLOR; panels are drawn over their screen, which stays
visible behind them; the F1 help is a two-column table, aligned at 80 and 120 columns; the error panel
says its keys once and fits 80x24."""
import base64
import json
import os
import re
import sys
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "integration"))
from harness import Emulator  # noqa: E402
import memcheck  # noqa: E402
from screen import Screen, _width  # noqa: E402
from test_probe import USER as DOUBLE_USER, Double  # noqa: E402
from test_screen import tui_env  # noqa: E402

SECRET = "looks-S3cret-42"
DENIED = {"error_code": "SVCSTG.SWR.4030170", "error_msg": "Insufficient permissions"}

# ---- the screen with attributes ----

_SGR = re.compile(r"\x1b\[([0-9;:]*)m")
_BASIC = {30: "0", 31: "1", 32: "2", 33: "3", 34: "4", 35: "5", 36: "6", 37: "7"}
BLUE = {"4", "12"}  # blue and bright blue in the palette


class Style:
    """The attributes of a cell: foreground and background (None: the default; else a palette index as a
    string), bold, dim, underline, reverse."""

    def __init__(self):
        self.fg = self.bg = None
        self.bold = self.dim = self.underline = self.reverse = False

    def key(self):
        return (self.fg, self.bg, self.bold, self.dim, self.underline, self.reverse)

    def copy(self):
        s = Style()
        s.fg, s.bg, s.bold, s.dim, s.underline, s.reverse = self.key()
        return s

    def apply(self, params):
        p = [int(x) if x else 0 for x in re.split("[;:]", params)] if params else [0]
        i = 0
        while i < len(p):
            n = p[i]
            if n == 0:
                self.__init__()
            elif n == 1:
                self.bold = True
            elif n == 2:
                self.dim = True
            elif n == 4:
                self.underline = True
            elif n == 7:
                self.reverse = True
            elif n == 22:
                self.bold = self.dim = False
            elif n == 24:
                self.underline = False
            elif n == 27:
                self.reverse = False
            elif 30 <= n <= 37:
                self.fg = _BASIC[n]
            elif 90 <= n <= 97:
                self.fg = str(n - 90 + 8)
            elif 40 <= n <= 47:
                self.bg = _BASIC[n - 10]
            elif 100 <= n <= 107:
                self.bg = str(n - 100 + 8)
            elif n == 39:
                self.fg = None
            elif n == 49:
                self.bg = None
            elif n in (38, 48) and i + 1 < len(p):
                if p[i + 1] == 5 and i + 2 < len(p):
                    val = str(p[i + 2])
                    i += 2
                else:
                    val = "rgb" + ",".join(str(x) for x in p[i + 2:i + 5])
                    i += 4
                if n == 38:
                    self.fg = val
                else:
                    self.bg = val
            i += 1


def cells(capture):
    """The screen as rows of {column: (char, style key)} (a wide character at its first column)."""
    rows = []
    style = Style()
    for line in capture.split("\n"):
        row, col, pos = {}, 0, 0
        for m in _SGR.finditer(line):
            for ch in line[pos:m.start()]:
                row[col] = (ch, style.key())
                col += _width(ch)
            style.apply(m.group(1))
            pos = m.end()
        for ch in line[pos:]:
            row[col] = (ch, style.key())
            col += _width(ch)
        rows.append(row)
    return rows


def plain(row):
    return "".join(ch for _, (ch, _) in sorted(row.items()))


def style_of(grid, needle, nth=0):
    """The style of the first character of the nth line holding needle."""
    seen = 0
    for row in grid:
        text = "".join(ch for _, (ch, _) in sorted(row.items()))
        k = text.find(needle)
        if k >= 0:
            if seen == nth:
                cols = sorted(row)
                return row[cols[k]][1]
            seen += 1
    raise AssertionError(f"{needle!r} is not on the screen:\n" + "\n".join(plain(r) for r in grid))


def first_text_style(row):
    for col in sorted(row):
        ch, st = row[col]
        if ch.strip():
            return st
    raise AssertionError("an empty row")


class LooksTest(unittest.TestCase):
    def emulator(self, *args):
        emu = Emulator("--sample", *args)
        self.addCleanup(emu.stop)
        return emu

    def start(self, emu, *args, width=100, height=30, **env):
        s = Screen(list(args), tui_env(emu, **env), width=width, height=height, timeout=20.0)
        self.addCleanup(s.close)
        return s

    def settled(self, s, timeout=20.0):
        """The screen with attributes once it holds text and stays the same for a moment: a frame caught
        while the program (slow under memcheck) is still writing it is read again."""
        deadline = time.monotonic() + timeout * memcheck.SLOWDOWN
        last = None
        while True:
            cap = s.tmux("capture-pane", "-e", "-p", "-t", "t").stdout
            grid = cells(cap)
            if cap == last and any(ch.strip() for row in grid for ch, _ in row.values()):
                return grid
            if time.monotonic() > deadline:
                self.fail("the screen never settled:\n" + "\n".join(plain(r) for r in grid))
            last = cap
            time.sleep(0.1 * memcheck.SLOWDOWN)

    def grab(self, s, name):
        """The screen with attributes; records it under name and checks that no text is blue on the
        default background."""
        grid = self.settled(s)
        for y, row in enumerate(grid):
            for x, (ch, st) in row.items():
                fg, bg, reverse = st[0], st[1], st[5]
                if ch.strip() and not reverse and bg is None and fg in BLUE:
                    self.fail(f"{name}: {ch!r} at row {y} column {x} is blue on the default background "
                              f"(dim: {st[3]}): {plain(row)!r}")
        return grid


class TestRoles(LooksTest):
    """Each screen read with attributes: never blue text on the default background, and each role drawn
    one way on every screen."""

    def collect(self, term, **env):
        emu = self.emulator()
        roles = {}

        def note(role, where, st):
            roles.setdefault(role, {}).setdefault(st, []).append(where)

        def frame(name, grid):
            note("title", name, first_text_style(grid[0]))
            note("hint", name, first_text_style(grid[-2] if not grid[-1] else grid[-1]))

        # the list, the request log, the inspector, the impact panel
        s = self.start(emu, TERM=term, **env)
        s.wait_text("harbor-backup")
        g = self.grab(s, "list")
        frame("list", g)
        note("selection", "list", style_of(g, "7      swr-ee-singapore"))
        note("heading", "list", style_of(g, "NAME"))
        s.keys("F4")
        s.wait_text("request log (newest")
        g = self.grab(s, "request log")
        frame("request log", g)
        note("selection", "request log", style_of(g, "GET"))
        s.keys("Enter")
        s.wait_text("Request inspector")
        self.grab(s, "inspector")
        s.keys("Escape")
        s.wait_gone("Request inspector")
        s.keys("Escape")
        s.wait_text("q quit")
        s.keys("p")
        s.wait_text("sync-to-singapore")
        g = self.grab(s, "impact panel")
        frame("impact panel", g)
        s.keys("q")
        s.wait_gone("replication impact of registry")
        s.keys("q")
        s.wait_exit()

        # the form, its help, the hosts editor, the error panel
        emu.fault(method="PUT", status=403, json=DENIED)
        s = self.start(emu, "edit", "7", TERM=term, **env)
        s.wait_text("Instance ID")
        g = self.grab(s, "form")
        frame("form", g)
        note("focus", "form", style_of(g, "swr-ee-singapore", 1))
        note("secondary", "form: the credential type", style_of(g, "basic"))
        note("secondary", "form: the secret's placeholder", style_of(g, "(enter it again"))
        note("error", "form: the ! of a field", style_of(g, "! Access secret"))
        note("error", "form: the status", style_of(g, "1 problem"))
        s.keys("F1")
        s.wait_text("Edit form")
        self.grab(s, "help")
        s.keys("Escape")
        s.wait_gone("Edit form")
        s.keys("BTab", "Enter")
        s.wait_text("DNS hosts (domain")
        g = self.grab(s, "hosts editor")
        frame("hosts editor", g)
        s.keys("Escape")
        s.wait_gone("DNS hosts (domain")
        for _ in range(2):
            s.keys("BTab")
        s.type(SECRET)
        s.keys("F2")
        s.wait_text("Send these changes?")
        g = self.grab(s, "confirmation")
        s.keys("y")
        s.wait_text("Request failed")
        self.grab(s, "error panel")
        s.keys("Escape")
        s.wait_gone("Request failed")
        s.keys("C-c")
        s.wait_exit()

        # the probe against a registry double: [skip] lines are secondary text
        double = Double("--auth", "basic").wait()
        self.addCleanup(double.stop)
        state = emu.state()
        reg = next(r for r in state["registries"] if r["id"] == 4)
        reg.update(url=double.url, dns_conf={"hosts": {}}, insecure=True)
        reg["credential"]["access_key"] = DOUBLE_USER
        emu.control("PUT", "/_emu/state", state)
        s = self.start(emu, "edit", "4", "--timeout", "3", TERM=term, **env)
        s.wait_text("Access secret")
        s.keys("F5")
        s.wait_text("credential not checked", timeout=30)
        g = self.grab(s, "probe")
        frame("probe", g)
        note("secondary", "probe: [skip]", style_of(g, "[skip]"))
        s.keys("Escape")
        s.wait_text("Access secret")
        for _ in range(5):  # Name -> Description, Type, URL, Access key, Access secret
            s.keys("Tab")
        s.type("a-wrong-secret")
        s.wait_text("*" * len("a-wrong-secret"))
        s.keys("F5")
        s.wait_text("Failed at", timeout=30)
        g = self.grab(s, "probe that failed")
        note("alert", "probe: the step that failed", style_of(g, "[FAIL]"))
        note("error", "probe: the verdict", style_of(g, "Failed at"))
        s.keys("Escape")
        s.keys("C-c")
        s.wait_exit()

        # the login screen
        s = self.start(emu, TERM=term, SWRTUI_TOKEN=None, SWRTUI_IAM_ENDPOINT=emu.url, SWRTUI_REGION="cn-north-4",
                       **env)
        s.wait_text("log in to IAM")
        g = self.grab(s, "login")
        frame("login", g)
        s.keys("C-c")
        s.wait_exit()
        return roles

    def assertOneWay(self, roles):
        for role, styles in roles.items():
            self.assertEqual(len(styles), 1, f"the role {role} is drawn {len(styles)} ways: {styles}")

    def test_256_colours(self):
        roles = self.collect("screen-256color")
        self.assertOneWay(roles)
        (secondary,) = roles["secondary"]
        self.assertEqual(secondary[0], "8", "secondary text is bright black")
        (error,) = roles["error"]
        self.assertEqual((error[0], error[2]), ("1", True), "an error is bold red")

    def test_8_colours(self):
        roles = self.collect("screen")
        self.assertOneWay(roles)
        (secondary,) = roles["secondary"]
        self.assertEqual((secondary[0], secondary[3]), (None, True), "secondary text is the default colour, dim")
        (focus,) = roles["focus"]
        self.assertTrue(focus[1] is not None or focus[5], "the focus shows")

    def test_no_color(self):
        roles = self.collect("screen-256color", NO_COLOR="1")
        self.assertOneWay(roles)
        for role, (st,) in roles.items():
            self.assertEqual((st[0], st[1]), (None, None), f"{role} has no colour with NO_COLOR")
        (focus,) = roles["focus"]
        self.assertTrue(focus[5], "the focus is reversed")
        (error,) = roles["error"]
        self.assertTrue(error[2], "an error is bold (and marked !)")
        (alert,) = roles["alert"]
        self.assertTrue(alert[5], "the step that failed is reversed")



# ---- panels over their screen ----

def panel_inner(text, title):
    """The rows inside the panel titled title (between its side borders, the footer included)."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        k = line.find(title)
        left = line.rfind("┌", 0, k) if k >= 0 else -1
        if left < 0:
            continue
        right = line.find("┐", k)
        out = []
        for row in lines[i + 1:]:
            if row[left:left + 1] == "└":
                return out
            out.append(row[left + 1:right])
        return out
    raise AssertionError(f"no panel {title!r} on the screen:\n{text}")


class TestPanels(LooksTest):
    def form_with_error(self, width=100, height=30):
        emu = self.emulator()
        emu.fault(method="PUT", status=403, json=DENIED)
        s = self.start(emu, "edit", "7", width=width, height=height)
        s.wait_text("Instance ID")
        s.keys("BTab", "BTab", "BTab")  # DNS hosts -> Skip -> Access secret
        s.type(SECRET)
        s.wait_text("*" * len(SECRET))
        s.keys("F2")
        s.wait_text("Send these changes?")
        return s

    @staticmethod
    def form_behind(text):
        name = next((l for l in text.split("\n") if "Name *" in l), "")
        return "swr-ee-singapore" in name and "registry 7: swr-ee-singapore" in text.split("\n")[0]

    def assertFormBehind(self, text, what):
        self.assertTrue(self.form_behind(text), f"the form's title and Name row are visible behind {what}:\n{text}")

    def test_the_form_stays_visible_behind_the_confirmation_and_the_error_panel(self):
        s = self.form_with_error()
        self.assertFormBehind(s.wait_text("y: yes"), "the confirmation")
        s.keys("y")
        self.assertFormBehind(s.wait_panel("Request failed"), "the error panel")
        self.assertIn("F2 save", s.lines()[-2] if not s.lines()[-1] else s.lines()[-1])

    def test_the_form_stays_visible_behind_the_help(self):
        emu = self.emulator()
        s = self.start(emu, "edit", "7")
        s.wait_text("Instance ID")
        s.keys("F1")
        text = s.wait_panel("Help")
        self.assertIn("registry 7: swr-ee-singapore", text.split("\n")[0], "the form's title behind the help")
        name = next(l for l in text.split("\n") if "Name *" in l)
        self.assertTrue(name.startswith("  Name *"), f"the label shows left of the help: {name!r}")

    def test_a_panel_over_a_panel_gives_back_the_one_below_and_resize_redraws_them_all(self):
        s = self.form_with_error()
        s.keys("y")
        s.wait_panel("Request failed")
        s.keys("F1")
        s.wait_panel("Help")
        s.keys("Escape")
        text = s.wait_gone("Help")
        self.assertNotIn("this help", text, "nothing of the help stays behind")
        self.assertIn("Request failed", text)
        self.assertFormBehind(text, "the error panel, once the help is closed")
        s.resize(120, 36)
        s.wait_for(lambda t: s.tmux("display-message", "-p", "-t", "t", "#{pane_width}").stdout.strip() == "120",
                   "the pane at 120 columns")
        s.wait_for(lambda t: "Request failed" in t and self.form_behind(t), "the form behind the error panel after a resize")
        s.keys("C-l")
        self.assertFormBehind(s.wait_panel("Request failed"), "the error panel after Ctrl-L")
        s.keys("Escape")
        s.wait_for(lambda t: "Request failed" not in t and "Access secret" in t, "the form, the panel closed")
        s.keys("C-c")
        s.wait_exit()


# ---- help tables ----

def check_tables(test, rows, where):
    """Rows of help text (the panel's inner rows, text from their second column): each table's descriptions
    start at one column, three after its widest keys, and lines that go on start at that column."""
    body = [r[1:].rstrip() for r in rows[:-1]]
    tables, cur = [], []
    for line in body + [""]:
        lead = len(line) - len(line.lstrip(" "))
        if line.strip() and lead >= 2:
            cur.append(line)
        elif cur:
            tables.append(cur)
            cur = []
    test.assertTrue(tables, f"{where}: no table")
    for t in tables:
        starts = set()
        for line in t:
            if line[2] != " ":
                m = re.search(r"\S {2,}(\S)", line[2:])
                if m:
                    starts.add(m.start(1) + 2)
        test.assertEqual(len(starts), 1, f"{where}: descriptions start at columns {sorted(starts)}:\n" + "\n".join(t))
        (dc,) = starts
        keys = [line[2:dc].rstrip() for line in t if line[2] != " "]
        test.assertEqual(max(len(k) for k in keys) + 5, dc,
                         f"{where}: the key column is as wide as its widest keys:\n" + "\n".join(t))
        for line in t:
            if line[2] == " ":
                test.assertEqual(len(line) - len(line.lstrip(" ")), dc,
                                 f"{where}: a description goes on at its column: {line!r}\n" + "\n".join(t))


class TestHelpTables(LooksTest):
    def help_at(self, width, args, ready, whole):
        emu = self.emulator()
        s = self.start(emu, *args, width=width, height=72)
        s.wait_text(ready)
        s.keys("F1")
        text = s.wait_panel("Help")
        rows = panel_inner(text, "Help")
        flat = " ".join(" ".join(r.replace("│", " ") for r in rows).split())
        for phrase in whole:
            self.assertIn(phrase, flat, f"the help says it whole at {width} columns")
        check_tables(self, rows, f"{args} at {width} columns")
        s.keys("Escape")
        s.wait_gone("Help")
        s.keys("C-c")
        s.wait_exit()

    def test_the_form_help_is_aligned_at_80_and_120_columns(self):
        for width in (80, 120):
            with self.subTest(width=width):
                self.help_at(width, ["edit", "7"], "Instance ID",
                             ["then the access key and secret (Basic or Bearer)",
                              "F3 or Ctrl-R on Access secret show or hide the secret"])

    def test_the_list_help_is_aligned_at_80_and_120_columns(self):
        for width in (80, 120):
            with self.subTest(width=width):
                self.help_at(width, [], "harbor-backup",
                             ["the policies that use the registry, their last runs (failed ones marked !)"])


# ---- the error panel's keys ----

class TestErrorPanelKeys(LooksTest):
    def test_at_80x24_the_keys_are_said_once_and_nothing_is_pushed_off(self):
        emu = self.emulator()
        encoded = base64.b64encode(json.dumps({"context": {"action": "swr:instance:updateRegistry"},
                                               "padding": "." * 300}).encode()).decode()
        emu.fault(method="PUT", status=403, json=dict(DENIED, encoded_authorization_message=encoded))
        s = self.start(emu, "edit", "7", width=80, height=24)
        s.wait_text("Instance ID")
        s.keys("BTab", "BTab", "BTab")
        s.type(SECRET)
        s.keys("F2")
        s.wait_text("Send these changes?")
        s.keys("y")
        text = s.wait_panel("Request failed")
        rows = panel_inner(text, "Request failed")
        flat = " ".join(" ".join(r.replace("│", " ") for r in rows).split())
        self.assertEqual(flat.count("d: decode"), 1, f"the keys are said once:\n{text}")
        for twice in ("decode it through STS", "show it whole", "write it to a file"):
            self.assertNotIn(twice, flat, f"the keys are said once, on the last lines:\n{text}")
        for needle in ("HTTP status: 403", "error_code: SVCSTG.SWR.4030170", "X-Request-Id:",
                       f"Encoded authorization message ({len(encoded)} characters)",
                       "d: decode", "m: whole message", "w: write to file", "i: inspect the request",
                       "Esc: close", "F1 help"):
            self.assertIn(needle, flat, f"{needle!r} is on the panel at 80x24:\n{text}")
        self.assertNotIn("Up/Down scroll", flat, f"the panel needs no scrolling at 80x24:\n{text}")
        s.keys("F1")
        help_text = s.wait_panel("Help")
        self.assertIn("decode it through STS (needs AK/SK)", " ".join(help_text.replace("│", " ").split()))
        s.keys("Escape")
        s.wait_gone("Help")
        s.keys("Escape")
        s.wait_gone("Request failed")
        s.keys("C-c")
        s.wait_exit()


if __name__ == "__main__":
    unittest.main()
