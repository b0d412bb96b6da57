"""The README, --help and the man page say the same thing: every option, command and environment
variable that --help names is documented in the other two, so are the keys of the terminal UI and
the rules they follow, and the man page is mandoc-lint clean."""
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
        cls.help = run(["--help"], base_env()).out
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
                                    "decode", "policies", "replicate", "instances", "login"})
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
