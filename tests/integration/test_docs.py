"""The README, --help and the man page say the same thing: every option, command and environment
variable that --help names is documented in the other two, so are the keys of the terminal UI and
the rules they follow, and the man page is mandoc-lint clean."""
import json
import os
import re
import shutil
import subprocess
import unittest

from harness import BIN, ROOT, base_env, run


def read(path):
    with open(os.path.join(ROOT, path), encoding="utf-8") as f:
        return f.read()


class TestDocs(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.help = run(["--help"], base_env(COLUMNS="100")).out   # the text; its wrapping: TestHelpWrapping
        cls.readme = read("README.md")
        cls.man = read("man/swrtui.1").replace("\\-", "-")

    def test_every_option_in_help_is_in_the_readme_and_the_man_page(self):
        options = set(re.findall(r"(--[a-z][a-z-]+)", self.help))
        self.assertGreater(len(options), 10)
        for opt in sorted(options):
            self.assertTrue(opt in self.readme, f"{opt} missing from README.md")
            name = opt[2:]
            self.assertRegex(self.man, rf"Fl -{re.escape(name)}\b", f"{opt} missing from the man page")

    def test_every_command_in_help_is_in_the_readme_and_the_man_page(self):
        commands = set(re.findall(r"swrtui \[options\] ([a-z]+)", self.help))
        self.assertEqual(commands, {"edit", "new", "list", "show", "apply", "create", "delete", "check", "probe",
                                    "decode", "policies", "replicate", "rotate", "export", "import", "instances", "login"})
        for c in commands:
            self.assertTrue(f"swrtui [options] {c}" in self.readme, f"{c} missing from README.md")
            self.assertRegex(self.man, rf"\.Cm {c}\b")

    def test_every_environment_variable_is_documented(self):
        names = set(re.findall(r"(?:SWRTUI|CLOUD_SDK)_[A-Z_]+", self.help)) | {"SWRTUI_TOKEN", "SWRTUI_TOKEN_FILE"}
        for n in names:
            self.assertTrue(n in self.readme, f"{n} missing from README.md")
            self.assertTrue(n in self.man, f"{n} missing from the man page")

    def test_the_keys_of_the_contract_are_in_all_three(self):
        keys = ("Shift-Tab", "Ctrl-U", "F2", "F10", "F1", "Ctrl-L", "Ctrl-C", "F3", "Ctrl-R", "F4", "F5",
                # the readline keys of a text field
                "Ctrl-A", "Ctrl-E", "Ctrl-B", "Ctrl-F", "Ctrl-W", "Ctrl-K", "Ctrl-D", "Alt-B", "Alt-F",
                "Ctrl-Left", "Ctrl-Right", "Alt-Backspace",
                # the keys of every scrolling view
                "Home", "End", "PgUp", "PgDn")
        for key in keys:
            # a whole key: "F1" is not found in "F10", nor "Alt-B" in "Alt-Backspace"
            pattern = rf"(?<![\w-]){re.escape(key)}(?![\w-])"
            for name, doc in (("--help", self.help), ("README.md", self.readme), ("man page", self.man)):
                self.assertRegex(doc, pattern, f"{key} missing from {name}")

    def test_the_key_rules_of_the_contract_are_in_all_three(self):
        rules = {
            "destructive confirmations default to No": r"Enter alone",
            "Esc on a filtered list clears the filter first":
                r"filtered list[:,]?\s+clears?\s+the\s+filter",
            "F1 on every screen, the request log and the inspector included":
                r"F1\b[^\n]*(?:\n[^\n]*){0,2}request log[^\n]*(?:\n[^\n]*){0,1}inspector",
            "an Alt chord is never taken for Esc": r"Alt chord",
        }
        for what, pattern in rules.items():
            for name, doc in (("--help", self.help), ("README.md", self.readme), ("man page", self.man)):
                self.assertRegex(doc, pattern, f"{name} does not say that {what}")

    def test_exit_codes_are_documented(self):
        for name, doc in (("--help", self.help), ("README.md", self.readme), ("man page", self.man)):
            for word in ("usage error", "could not be reached", "refused"):
                self.assertTrue(word in doc.lower(), f"{word!r} missing from {name}")

    @unittest.skipUnless(shutil.which("mandoc"), "mandoc is not installed")
    def test_the_man_page_is_lint_clean(self):
        p = subprocess.run(["mandoc", "-Tlint", os.path.join(ROOT, "man", "swrtui.1")],
                           capture_output=True, text=True)
        self.assertEqual(p.stdout + p.stderr, "")
        self.assertEqual(p.returncode, 0)


if __name__ == "__main__":
    unittest.main()


def rendered_man():
    """The man page as a reader sees it at 100 columns (mandoc, backspace overstrikes removed)."""
    p = subprocess.run(["mandoc", "-Tutf8", "-Owidth=100", os.path.join(ROOT, "man", "swrtui.1")],
                       capture_output=True, text=True, check=True)
    return re.sub(r".\x08", "", p.stdout)


def json_fragments(text):
    """Every outermost balanced {...} that starts with {" in text, the line breaks of rendering joined."""
    text = re.sub(r"\s*\n\s*", " ", text)
    out, i = [], text.find('{"')
    while i >= 0:
        depth, end = 0, len(text)
        for j in range(i, len(text)):
            depth += {"{": 1, "}": -1}.get(text[j], 0)
            if depth == 0:
                out.append(text[i:j + 1])
                end = j
                break
        i = text.find('{"', end + 1)
    return out


@unittest.skipUnless(shutil.which("mandoc"), "mandoc is not installed")
class TestRenderedManPage(unittest.TestCase):
    """What the man page renders to, not its source: mdoc quoting can turn JSON into nonsense while
    mandoc -Tlint stays clean."""

    @classmethod
    def setUpClass(cls):
        cls.page = rendered_man()
        cls.readme = read("README.md")
        cls.help = run(["--help"], base_env(COLUMNS="100")).out

    def test_every_json_example_renders_as_json_the_readme_also_shows(self):
        fragments = json_fragments(self.page)
        self.assertTrue(fragments, "the page shows the dns_conf member as JSON")
        for frag in fragments:
            try:
                doc = json.loads(frag)
            except ValueError as e:
                self.fail("the man page renders %r, which is not JSON: %s" % (frag, e))
            for key in doc:   # the members (the values are placeholders: "domain", "IP address")
                self.assertTrue('"%s"' % key in self.readme, "the README's examples use %r too" % key)

    def test_the_option_lines_agree_with_the_readme_and_help(self):
        man = dict(re.findall(r"^ {5}(--[a-z][a-z-]+)(?: ([A-Za-z|]+))?$", self.page, re.M))
        readme = dict(re.findall(r"^\| `(--[a-z][a-z-]+)(?: ([^`]+))?` \|", self.readme, re.M))
        readme = {k: (v or "").replace("\\|", "|") for k, v in readme.items()}
        helped = dict(re.findall(r"^  (?:-\w, )?(--[a-z][a-z-]+)(?: ([A-Za-z|]+))?(?:  |$)", self.help, re.M))
        self.assertGreater(len(readme), 10)
        for flag, arg in readme.items():
            self.assertIn(flag, man, "%s has an item in the man page" % flag)
            self.assertEqual(man[flag], arg, "the man page and the README name the argument of " + flag)
            self.assertEqual(helped.get(flag), arg, "--help and the README name the argument of " + flag)


class TestHelpWrapping(unittest.TestCase):
    """--help fits the terminal (COLUMNS, else 80 when not a terminal) and wraps with a hanging indent:
    an option's description goes on under itself, and no word is lost or added by wrapping."""

    def help_at(self, columns):
        env = base_env(COLUMNS=str(columns) if columns else None)
        res = run(["--help"], env)
        self.assertEqual(res.rc, 0, res)
        return res.out

    def test_every_line_fits_80_and_120_columns(self):
        for columns, limit in ((None, 80), (80, 80), (120, 100)):
            out = self.help_at(columns)
            wide = [ln for ln in out.splitlines() if len(ln) > limit]
            self.assertEqual(wide, [], "at COLUMNS=%s" % columns)

    def test_an_option_goes_on_under_its_description(self):
        lines = self.help_at(80).splitlines()
        checked = 0
        for i, ln in enumerate(lines):
            m = re.match(r"^  (-\w, )?--[a-z-]+( \S+)?( {2,})(\S)", ln)
            if not m:
                continue
            column = m.start(4)
            for nxt in lines[i + 1:]:
                if not nxt.strip() or re.match(r"^  -", nxt) or not nxt.startswith(" "):
                    break
                self.assertEqual(len(nxt) - len(nxt.lstrip(" ")), column, "under %r: %r" % (ln, nxt))
                checked += 1
        self.assertGreater(checked, 20)

    def test_wrapping_loses_and_adds_no_word(self):
        self.assertEqual(self.help_at(80).split(), self.help_at(100).split())
