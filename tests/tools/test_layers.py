"""tools/layers.py (`make layers`) on small trees made for each case in a temporary folder: a clean tree
passes, and each check fires on the one fault put in its copy of that tree: an include arrow that points
up, a call that points up with a hand-written prototype and no include (seen only in the objects, with
nm), a dependency cycle between two units, curses included in src/, libcurl called from ui/, a loose .c
file in src/, and a function of 81 lines (80 pass). The .c files are compiled with `cc -c`."""
import contextlib
import io
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tools"))
import layers  # noqa: E402

CC = shutil.which("cc") or shutil.which("gcc") or shutil.which("clang")

# A clean tree: base at the bottom, http above it, a cli command above both, the entry point in ui/main.c.
CLEAN = {
    "include/swrtui/base/buf.h": "#ifndef BUF_H\n#define BUF_H\nint buf_len(const char *s);\n#endif\n",
    "include/swrtui/http/client.h": "#ifndef CLIENT_H\n#define CLIENT_H\nint http_get(const char *url);\n#endif\n",
    "include/swrtui/cli/cli.h": "#ifndef CLI_H\n#define CLI_H\nint cli_run(int argc);\n#endif\n",
    "src/base/buf.c": ('#include "swrtui/base/buf.h"\n\n'
                       "int buf_len(const char *s)\n{\n\tint n = 0;\n\twhile (s[n])\n\t\tn++;\n\treturn n;\n}\n"),
    "src/http/client.c": ('#include "swrtui/base/buf.h"\n#include "swrtui/http/client.h"\n\n'
                          "int http_get(const char *url)\n{\n\treturn buf_len(url);\n}\n"),
    "src/cli/cli.c": ('#include "swrtui/http/client.h"\n#include "swrtui/cli/cli.h"\n\n'
                      'int cli_run(int argc)\n{\n\treturn argc + http_get("https://example.com");\n}\n'),
    "ui/main.c": ('#include "swrtui/cli/cli.h"\n\nint main(int argc, char **argv)\n{\n\t(void)argv;\n'
                  "\treturn cli_run(argc);\n}\n"),
}


def function_of(name, lines):
    """A function whose body, from the "{" line to the "}" line, is `lines` lines long."""
    body = "".join(f"\tn += {i};\n" for i in range(lines - 3))
    return f"int {name}(int n)\n{{\n{body}\treturn n;\n}}\n"


@unittest.skipUnless(CC and shutil.which("nm"), "needs a C compiler and nm")
class LayersTest(unittest.TestCase):
    def setUp(self):
        self.saved_root = layers.ROOT
        self.addCleanup(setattr, layers, "ROOT", self.saved_root)

    def check(self, changes=None, remove=()):
        """Writes the clean tree with `changes` (path -> text) and without `remove`, compiles every .c
        file of src/ and ui/ into BUILD/, runs layers.py's main on it; returns (exit status, findings)."""
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        files = dict(CLEAN)
        files.update(changes or {})
        for path in remove:
            del files[path]
        tree = os.path.join(tmp.name, "tree")
        build = os.path.join(tmp.name, "build")
        for path, text in files.items():
            full = os.path.join(tree, path)
            os.makedirs(os.path.dirname(full), exist_ok=True)
            with open(full, "w") as f:
                f.write(text)
        for path in files:
            if path.endswith(".c") and path.startswith(("src/", "ui/")):
                obj = os.path.join(build, path[:-2] + ".o")
                os.makedirs(os.path.dirname(obj), exist_ok=True)
                p = subprocess.run([CC, "-std=c11", "-c", "-Wno-implicit-function-declaration",
                                    "-I" + os.path.join(tree, "include"), "-o", obj, os.path.join(tree, path)],
                                   capture_output=True, text=True)
                self.assertEqual(p.returncode, 0, f"cc -c {path}: {p.stderr}")
        layers.ROOT = tree
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            rc = layers.main(["layers.py", build])
        lines = out.getvalue().splitlines()
        findings = [l[len("layers: "):] for l in lines if l.startswith("layers: ") and " problem(s)" not in l
                    and not l.startswith("layers: ok")]
        return rc, findings, out.getvalue()

    def assertFinds(self, changes, expected, remove=()):
        """layers.py fails, and one of its findings is `expected`; returns all the findings."""
        rc, findings, out = self.check(changes, remove)
        self.assertEqual(rc, 1, out)
        self.assertIn(expected, findings, out)
        self.assertIn(f"layers: {len(findings)} problem(s)", out)
        return findings

    def test_a_clean_tree_passes(self):
        rc, findings, out = self.check()
        self.assertEqual((rc, findings), (0, []), out)
        self.assertIn("layers: ok (7 files; arrows one way, no cycles, no function over 80 lines)", out)

    def test_an_include_that_points_up_is_found(self):
        changes = {"src/base/buf.c": '#include "swrtui/http/client.h"\n' + CLEAN["src/base/buf.c"]}
        self.assertFinds(changes, "src/base/buf.c: layer base includes swrtui/http/client.h of layer http")

    def test_a_header_that_includes_upwards_is_found(self):
        changes = {"include/swrtui/base/buf.h": '#include "swrtui/cli/cli.h"\n' + CLEAN["include/swrtui/base/buf.h"]}
        self.assertFinds(changes, "include/swrtui/base/buf.h: layer base includes swrtui/cli/cli.h of layer cli")

    def test_a_call_that_points_up_without_an_include_is_found_in_the_objects(self):
        # base calls http through a prototype written by hand: no include betrays it, nm does
        changes = {"src/base/buf.c": CLEAN["src/base/buf.c"] +
                   "int http_get(const char *url);\n\nint buf_fetch(void)\n{\n\treturn http_get(\"x\");\n}\n"}
        findings = self.assertFinds(changes, "src/base/buf.c: layer base uses http_get from src/http/client.c "
                                             "(layer http)")
        self.assertFalse([f for f in findings if "includes" in f], findings)

    def test_a_call_that_points_down_is_allowed(self):
        # the same hand-written prototype the other way (cli calls base): no finding
        changes = {"src/cli/cli.c": CLEAN["src/cli/cli.c"] +
                   "int buf_len(const char *s);\n\nint cli_len(void)\n{\n\treturn buf_len(\"x\");\n}\n"}
        rc, findings, out = self.check(changes)
        self.assertEqual((rc, findings), (0, []), out)

    def test_a_cycle_between_two_units_is_found(self):
        # two units of one layer that call each other: no arrow between layers, but a cycle
        changes = {
            "src/base/ping.c": "int pong(int n);\n\nint ping(int n)\n{\n\treturn n ? pong(n - 1) : 0;\n}\n",
            "src/base/pong.c": "int ping(int n);\n\nint pong(int n)\n{\n\treturn n ? ping(n - 1) : 1;\n}\n",
        }
        findings = self.assertFinds(changes, "dependency cycle between units: {src/base/ping.c, src/base/pong.c}")
        self.assertEqual(len(findings), 1, findings)

    def test_a_cycle_through_three_units_is_found_once_with_all_three(self):
        changes = {
            "src/model/a.c": "int b(int n);\n\nint a(int n)\n{\n\treturn n ? b(n - 1) : 0;\n}\n",
            "src/model/b.c": "int c(int n);\n\nint b(int n)\n{\n\treturn n ? c(n - 1) : 0;\n}\n",
            "src/model/c.c": "int a(int n);\n\nint c(int n)\n{\n\treturn n ? a(n - 1) : 0;\n}\n",
        }
        findings = self.assertFinds(changes,
                                    "dependency cycle between units: {src/model/a.c, src/model/b.c, src/model/c.c}")
        self.assertEqual(len(findings), 1, findings)

    def test_curses_included_in_src_is_found(self):
        changes = {"src/base/buf.c": "#include <curses.h>\n" + CLEAN["src/base/buf.c"]}
        self.assertFinds(changes, "src/base/buf.c: includes <curses.h> (curses belongs to ui/ only)")

    def test_a_private_header_named_like_a_curses_one_is_not_curses(self):
        # src/model/form.h next to the file that includes it is the project's own header, not <form.h>
        changes = {"src/model/form.h": "int form_size(void);\n",
                   "src/model/form.c": '#include "form.h"\n\nint form_size(void)\n{\n\treturn 1;\n}\n'}
        rc, findings, out = self.check(changes)
        self.assertEqual((rc, findings), (0, []), out)
        changes["src/model/form.c"] = "#include <form.h>\n" + changes["src/model/form.c"]
        self.assertFinds(changes, "src/model/form.c: includes <form.h> (curses belongs to ui/ only)")

    def test_curses_included_in_include_is_found(self):
        changes = {"include/swrtui/base/buf.h": "#include <ncursesw/curses.h>\n" + CLEAN["include/swrtui/base/buf.h"]}
        self.assertFinds(changes, "include/swrtui/base/buf.h: includes <ncursesw/curses.h> (curses belongs to ui/ "
                                  "only)")

    def test_a_libcurl_call_in_ui_is_found_in_the_objects(self):
        # a hand-written prototype, no <curl/curl.h>: the object's undefined symbol gives it away
        changes = {"ui/main.c": ('#include "swrtui/cli/cli.h"\n\nvoid *curl_easy_init(void);\n\n'
                                 "int main(int argc, char **argv)\n{\n\t(void)argv;\n"
                                 "\treturn curl_easy_init() ? cli_run(argc) : 1;\n}\n")}
        findings = self.assertFinds(changes, "ui/main.c: calls curl_easy_init (ui/ never calls libcurl)")
        self.assertEqual(len(findings), 1, findings)

    def test_libcurl_included_in_ui_is_found(self):
        changes = {"ui/main.c": "#include <curl/curl.h>\n" + CLEAN["ui/main.c"]}
        self.assertFinds(changes, "ui/main.c: includes <curl/curl.h> (ui/ never calls libcurl)")

    def test_a_loose_c_file_in_src_is_found(self):
        changes = {"src/foo.c": "int foo(int n)\n{\n\treturn n;\n}\n"}
        self.assertFinds(changes, "src/foo.c: a loose .c file in src/ (put it in the folder of its layer)")

    def test_a_function_of_81_lines_is_found_and_one_of_80_passes(self):
        ok = {"src/base/sizes.c": function_of("eighty", 80)}
        rc, findings, out = self.check(ok)
        self.assertEqual((rc, findings), (0, []), out)
        self.assertEqual(layers.function_lengths("src/base/sizes.c"), [("eighty", 2, 80)])
        too_long = {"src/base/sizes.c": function_of("eighty", 80) + "\n" + function_of("eighty_one", 81)}
        findings = self.assertFinds(too_long, "src/base/sizes.c:84: eighty_one() is 81 lines (at most 80)")
        self.assertEqual(len(findings), 1, findings)

    def test_a_tree_without_objects_fails(self):
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        layers.ROOT = tmp.name
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            rc = layers.main(["layers.py", tmp.name])
        self.assertEqual(rc, 1)
        self.assertIn(f"layers: {tmp.name}: no objects found (build first)", out.getvalue())


class CommandLineTest(unittest.TestCase):
    """The interface `make layers` uses: python3 tools/layers.py BUILD_DIR, exit 1 with a count."""

    def test_the_script_runs_with_a_build_dir_and_fails_without_objects(self):
        with tempfile.TemporaryDirectory() as empty:
            p = subprocess.run([sys.executable, os.path.join(ROOT, "tools", "layers.py"), empty],
                               capture_output=True, text=True, timeout=120)
        self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
        self.assertIn(f"layers: {empty}: no objects found (build first)", p.stdout)
        self.assertRegex(p.stdout, r"layers: \d+ problem\(s\)\n$")


if __name__ == "__main__":
    unittest.main()
