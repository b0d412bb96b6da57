"""Screen tests of the redraw per widget (issue 14): a key that changes one field redraws that field's
row, and the title and the status lines only when their text changes; a resize or Ctrl-L still redraws
everything, and a scroll step in the list redraws the rows that moved. Whatever the keys, what is on
the screen must be what a full redraw (Ctrl-L) draws: no status line, field message, "!" mark,
"(modified)" or highlighted row left behind."""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_screen import ScreenTest, load_sample_state, tui_env  # noqa: E402
from harness import Emulator  # noqa: E402
from screen import Screen  # noqa: E402


def setUpModule():
    if ScreenTest.sample_state is None:
        ScreenTest.sample_state = load_sample_state()


def styled(s):
    """The screen as cells: each line a list of (character, attributes, foreground, background), read from
    tmux's capture with escape sequences (every cell to the end of the line), so that two screens
    compare equal when they look the same, however the escape sequences that made them were written.
    Trailing blank cells without a background are left out."""
    text = s.tmux("capture-pane", "-p", "-e", "-N", "-t", "t").stdout
    return [cells(line) for line in text.split("\n")]


def cells(line):
    attrs, fg, bg = set(), "", ""
    out = []
    i = 0
    while i < len(line):
        if line[i] == "\x1b" and line[i + 1:i + 2] == "[":
            j = line.index("m", i)
            codes = [c for c in line[i + 2:j].split(";")] or ["0"]
            k = 0
            while k < len(codes):
                c = int(codes[k] or "0")
                if c == 0:
                    attrs, fg, bg = set(), "", ""
                elif c in (38, 48):  # 38;5;n or 38;2;r;g;b
                    n = 3 if codes[k + 1] == "5" else 5
                    value = ";".join(codes[k:k + n])
                    fg, bg = (value, bg) if c == 38 else (fg, value)
                    k += n - 1
                elif 30 <= c <= 37 or 90 <= c <= 97:
                    fg = str(c)
                elif c == 39:
                    fg = ""
                elif 40 <= c <= 47 or 100 <= c <= 107:
                    bg = str(c)
                elif c == 49:
                    bg = ""
                elif 21 <= c <= 29:
                    attrs -= {c - 20, 2} if c == 22 else {c - 20}
                else:
                    attrs.add(c)
                k += 1
            i = j + 1
            continue
        out.append((line[i], frozenset(attrs), fg, bg))
        i += 1
    while out and out[-1][0] == " " and not out[-1][3] and not (out[-1][1] & {7}):
        out.pop()
    return out


def rchar(pid):
    with open(f"/proc/{pid}/io") as f:
        for line in f:
            if line.startswith("rchar:"):
                return int(line.split()[1])
    return 0


def waiting_for_a_key(pid):
    """The program is blocked reading its terminal (fd 0) again."""
    try:
        with open(f"/proc/{pid}/syscall") as f:
            fields = f.read().split()
    except OSError:
        return False
    return len(fields) > 1 and fields[0] in ("0", "7", "23", "270", "271") and (fields[0] != "0" or int(fields[1], 16) == 0)


class RedrawTest(ScreenTest):
    maxDiff = None
    def handled(self, s, send=None):
        """Sends keys (send(), if any) and waits until the program has read them and waits for the next
        one, so that what it drew for them is all on the screen; returns the screen with its attributes."""
        pid = s.pid()
        before = rchar(pid)
        if send:
            send()
        s.wait_for(lambda t: (not send or rchar(pid) > before) and waiting_for_a_key(pid), "the keys to be handled")
        last = [None]

        def same(_):  # and tmux has shown all of it
            now = styled(s)
            done = now == last[0]
            last[0] = now
            return done
        s.wait_for(same, "the screen to settle")
        return last[0]

    def cursor(self, s):
        """The cursor's place when it shows, else None (a hidden cursor is left anywhere)."""
        shown = s.tmux("display-message", "-p", "-t", "t", "#{cursor_flag}").stdout.strip() == "1"
        return s.cursor() if shown else None

    def assertFullRedrawSame(self, s, pred, what):
        """Once pred holds, the screen (text, attributes, the cursor when it shows) equals the one that
        Ctrl-L draws from nothing."""
        s.wait_for(pred, what)
        before = self.handled(s)
        cursor = self.cursor(s)
        after = self.handled(s, lambda: s.keys("C-l"))
        self.assertEqual(before, after, f"{what}: the screen differs from a full redraw")
        self.assertEqual(self.cursor(s), cursor, f"{what}: the cursor")


class TestFormRedraw(RedrawTest):
    def open_edit(self, reg_id, **kw):
        s = self.start("edit", str(reg_id), **kw)
        s.wait_text("Access secret")
        return s

    def test_a_field_message_goes_when_the_field_is_fixed(self):
        s = self.open_edit(1)
        s.type("!")
        self.assertFullRedrawSame(s, lambda t: (s.line_with("Name *") or "").startswith("!")
                                  and "Name may contain only" in t, "Name marked invalid with its message")
        s.keys("BSpace")
        self.assertFullRedrawSame(s, lambda t: "Name may contain only" not in t
                                  and not (s.line_with("Name *") or "!").startswith("!"), "Name fixed")
        s.keys("Escape")
        self.assertSaneExit(s)

    def test_the_modified_mark_comes_and_goes_with_the_typing(self):
        s = self.open_edit(1)
        s.type("x")
        self.assertFullRedrawSame(s, lambda t: "(modified)" in t.split("\n")[0], "(modified) in the title")
        s.keys("BSpace")
        self.assertFullRedrawSame(s, lambda t: "(modified)" not in t.split("\n")[0], "(modified) gone")
        s.keys("Escape")
        self.assertSaneExit(s)

    def test_a_note_on_the_status_line_goes_at_the_next_key(self):
        s = self.open_edit(1)
        s.keys("F2")  # the secret is required on edit: not saved, and the focus moves there
        s.wait_text("Not saved:")
        s.type("s3cret")
        # a long note on two lines replaced by nothing: both status lines cleared
        self.assertFullRedrawSame(s, lambda t: "Not saved" not in t and "******" in t, "the note gone")
        s.keys("C-u")
        self.assertFullRedrawSame(s, lambda t: "Access secret is required" in t, "the secret's message")
        s.keys("Escape")  # nothing changed any more: it leaves without asking
        self.assertSaneExit(s)

    def test_a_long_value_scrolls_in_its_field_and_back(self):
        s = self.open_edit(1)
        s.keys("Tab")  # Description
        s.type("d" * 150)
        self.assertFullRedrawSame(s, lambda t: "d" * 60 in t, "the long value scrolled")
        s.keys("Home")
        self.assertFullRedrawSame(s, lambda t: s.cursor()[0] == 34, "the cursor at the start of the value")
        s.keys("C-k")
        self.assertFullRedrawSame(s, lambda t: "d" * 10 not in t, "the value cut")
        s.keys("Escape")
        s.wait_text("Leave and discard them?")
        s.keys("y")
        self.assertSaneExit(s)

    def test_moving_the_focus_moves_the_highlight_and_the_status(self):
        s = self.open_edit(1)
        s.type("!")  # Name invalid: its message is on the status line until the focus leaves
        s.wait_text("Name may contain only")
        for n in range(1, 9):
            s.keys("Tab")
            self.assertFullRedrawSame(s, lambda t: n == 8 or "Name may contain only" not in t, f"after {n} Tab")
        s.keys("F3")  # the secret's row alone changes
        self.assertFullRedrawSame(s, lambda t: "(enter it again" in t, "after F3")
        for n in range(1, 9):
            s.keys("BTab")
            self.assertFullRedrawSame(s, lambda t: True, f"after {n} Shift-Tab")
        s.keys("Escape")
        s.wait_text("Leave and discard them?")
        s.keys("y")
        self.assertSaneExit(s)

    def test_moves_on_a_short_terminal_scroll_the_form(self):
        s = self.start("edit", "1", width=80, height=12)
        s.wait_text("Name *")
        for n in range(1, 10):  # down past the bottom: the form scrolls, then wraps to the top
            s.keys("Down")
            self.assertFullRedrawSame(s, lambda t: True, f"after {n} Down")
        for n in range(1, 10):
            s.keys("Up")
            self.assertFullRedrawSame(s, lambda t: True, f"after {n} Up")
        s.keys("Escape")
        self.assertSaneExit(s)

    def test_a_resize_in_the_middle_of_typing_redraws_everything(self):
        s = self.open_edit(1)
        s.type("-ab")
        s.wait_text("harbor-backup-ab")
        s.resize(80, 24)
        s.wait_for(lambda t: len(t.split("\n")[0].rstrip()) <= 80 and "F2 save" in t, "the form at 80x24")
        s.type("cd")
        self.assertFullRedrawSame(s, lambda t: "harbor-backup-abcd" in t and "F2 save" in t,
                                  "typing after the resize")
        # too small while typing, then large again: the whole form comes back with what was typed
        s.resize(50, 10)
        s.wait_text("terminal too small")
        s.type("e")  # ignored while the notice shows
        s.resize(100, 30)
        text = s.wait_for(lambda t: "harbor-backup-abcd" in t and "Access secret" in t, "the form back")
        self.assertNotIn("terminal too small", text)
        s.type("f")
        self.assertFullRedrawSame(s, lambda t: "harbor-backup-abcdf" in t, "typing after too small")
        s.keys("Escape")
        s.wait_text("Leave and discard them?")
        s.keys("y")
        self.assertSaneExit(s)


class TestListRedraw(RedrawTest):
    def test_scrolling_the_list_leaves_one_row_highlighted(self):
        big = Emulator("--generate", "300")
        self.addCleanup(big.stop)
        s = Screen([], tui_env(big), width=100, height=30)
        self.addCleanup(s.close)
        s.wait_text("registries (300)")
        for _ in range(40):  # past the bottom of the screen: the rows move up
            s.keys("Down")
        self.assertFullRedrawSame(s, lambda t: True, "after 40 Down")
        for _ in range(45):  # past the top again
            s.keys("Up")
        self.assertFullRedrawSame(s, lambda t: True, "after 45 Up")
        s.keys("NPage", "NPage", "Down", "PPage")
        self.assertFullRedrawSame(s, lambda t: True, "after paging")
        s.keys("q")
        self.assertSaneExit(s)


if __name__ == "__main__":
    unittest.main()
