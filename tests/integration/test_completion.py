"""Shell completion: bash's completion function driven through COMP_WORDS/COMP_CWORD in a real bash, and
zsh's through a real interactive zsh in tmux (compinit, then Tab). The commands and options offered are
checked against `swrtui --help`, so a command or flag added to the program and not to the scripts fails
here."""
import os
import re
import shlex
import shutil
import socket
import subprocess
import tempfile
import time
import unittest

from harness import BIN, ROOT, Emulator, base_env, run

BASH_SCRIPT = os.path.join(ROOT, "completions", "swrtui.bash")
ZSH_DIR = os.path.join(ROOT, "completions")


def help_commands_and_options():
    out = subprocess.run([BIN, "--help"], capture_output=True, text=True, check=True).stdout
    commands = re.findall(r"^(?:Usage:|      ) swrtui \[options\] ([a-z]+)", out, re.M)
    options = set(re.findall(r"(?<![\w-])(--[a-z][a-z-]+)", out))
    return commands, options


def bash_complete(words, env, cwd=None):
    """COMPREPLY of _swrtui for words (the last one is the word being completed), one per line."""
    script = "source %s\nCOMP_WORDS=(%s)\nCOMP_CWORD=%d\n_swrtui\nprintf '%%s\\n' \"${COMPREPLY[@]}\"\n" % (
        shlex.quote(BASH_SCRIPT), " ".join(shlex.quote(w) for w in [BIN] + words), len(words))
    p = subprocess.run(["bash", "--norc", "--noprofile", "-c", script], capture_output=True, text=True,
                       env=env, cwd=cwd, timeout=30, stdin=subprocess.DEVNULL)
    assert p.stderr == "", p.stderr
    return [w for w in p.stdout.split("\n") if w]


class TestBashCompletion(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.env = base_env(home=cls.tmp.name)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_every_command_of_the_help_and_only_those(self):
        commands, _ = help_commands_and_options()
        self.assertGreaterEqual(len(commands), 12)
        self.assertEqual(sorted(bash_complete([""], self.env)), sorted(commands + ["help"]))
        self.assertEqual(bash_complete(["de"], self.env), ["delete", "decode"])
        self.assertEqual(sorted(bash_complete(["help", ""], self.env)), sorted(commands), "help COMMAND")

    def test_every_option_of_the_help_and_only_those(self):
        _, options = help_commands_and_options()
        self.assertEqual(set(bash_complete(["--"], self.env)), options)
        self.assertEqual(sorted(bash_complete(["list", "--or"], self.env)), ["--order", "--order-by"])

    def test_the_values_of_enumerated_options(self):
        cases = {"--order-by": ["created_at", "updated_at", "name"], "--order": ["asc", "desc"],
                 "--type": ["swr-pro", "swr-pro-internal", "huawei-SWR"], "--auth": ["token", "aksk"]}
        for opt, values in cases.items():
            with self.subTest(opt=opt):
                self.assertEqual(bash_complete(["list", opt, ""], self.env), values)
        self.assertEqual(bash_complete(["list", "--order-by", "up"], self.env), ["updated_at"])

    def test_profile_names_come_from_the_config_file(self):
        cfg = os.path.join(self.tmp.name, "xdg", "swrtui")
        os.makedirs(cfg, exist_ok=True)
        with open(os.path.join(cfg, "config"), "w", encoding="utf-8") as fh:
            fh.write("endpoint = https://a.example\n[prod]\nregion = ap-southeast-3\n  [staging]  \n")
        env = dict(self.env, XDG_CONFIG_HOME=os.path.join(self.tmp.name, "xdg"))
        self.assertEqual(bash_complete(["--profile", ""], env), ["default", "prod", "staging"])
        self.assertEqual(bash_complete(["show", "--profile", "st"], env), ["staging"])

    def test_file_names_where_a_file_goes_and_not_elsewhere(self):
        d = os.path.join(self.tmp.name, "files")
        os.makedirs(d, exist_ok=True)
        for name in ("sg.json", "sa-east.json"):
            open(os.path.join(d, name), "w").close()
        self.assertEqual(sorted(bash_complete(["create", "s"], self.env, cwd=d)), ["sa-east.json", "sg.json"])
        self.assertEqual(bash_complete(["apply", "7", "sg"], self.env, cwd=d), ["sg.json"])
        self.assertEqual(bash_complete(["--cacert", "sa"], self.env, cwd=d), ["sa-east.json"])
        self.assertEqual(bash_complete(["create", "sg.json", ""], self.env, cwd=d), [], "one FILE only")
        self.assertEqual(bash_complete(["check", "s"], self.env, cwd=d), [], "check takes no file")


class TestBashRegistryIds(unittest.TestCase):
    def test_registry_ids_come_from_the_list_of_the_configured_instance(self):
        with Emulator("--sample") as emu:
            ids = sorted(str(r["id"]) for r in emu.state()["registries"])
            env = base_env(emu)
            self.assertEqual(sorted(bash_complete(["show", ""], env)), ids)
            self.assertEqual(sorted(bash_complete(["apply", ""], env)), ids)
            self.assertEqual(bash_complete(["show", "7", ""], env), [], "one ID only")
            gets = [r for r in emu.requests() if r["method"] == "GET"]
            self.assertTrue(gets and all(r["path"].endswith("/registries") for r in gets))

    def test_a_service_that_does_not_answer_costs_the_shell_a_moment_and_offers_nothing(self):
        with socket.socket() as srv:   # accepts, never answers
            srv.bind(("127.0.0.1", 0))
            srv.listen(8)
            env = base_env(SWRTUI_ENDPOINT="http://127.0.0.1:%d" % srv.getsockname()[1],
                           SWRTUI_PROJECT_ID="p", SWRTUI_INSTANCE_ID="i", SWRTUI_TOKEN="t")
            started = time.monotonic()
            self.assertEqual(bash_complete(["show", ""], env), [])
            self.assertLess(time.monotonic() - started, 10, "bounded by the script's 1-second timeout")

    def test_without_a_configured_service_nothing_is_offered_and_nothing_is_asked(self):
        env = base_env()
        self.assertEqual(bash_complete(["delete", ""], env), [])


@unittest.skipUnless(shutil.which("zsh"), "zsh is not installed (tools/ensure-deps.sh installs it)")
class TestZshCompletion(unittest.TestCase):
    """A real interactive zsh in tmux: compinit with the project's completions first on fpath, then Tab."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.sock = os.path.join(self.tmp.name, "tmux.sock")
        env = base_env(home=self.tmp.name)
        env["PATH"] = os.path.dirname(os.path.abspath(BIN)) + os.pathsep + env.get("PATH", "")
        rc = os.path.join(self.tmp.name, ".zshrc")
        with open(rc, "w", encoding="utf-8") as fh:
            fh.write("fpath=(%s $fpath)\nautoload -U compinit\ncompinit -u -d %s/zcompdump\nPS1='%%%% '\n"
                     "alias swrtui=%s\n" % (shlex.quote(ZSH_DIR), self.tmp.name, shlex.quote(BIN)))
        env["ZDOTDIR"] = self.tmp.name
        self.env = env
        subprocess.run(["tmux", "-S", self.sock, "new-session", "-d", "-x", "150", "-y", "30", "zsh", "-i"],
                       env=env, check=True)
        self.wait_for(lambda t: t.rstrip().endswith("%"), "the prompt")

    def tearDown(self):
        subprocess.run(["tmux", "-S", self.sock, "kill-server"], capture_output=True)
        self.tmp.cleanup()

    def screen(self):
        return subprocess.run(["tmux", "-S", self.sock, "capture-pane", "-p"], capture_output=True,
                              text=True).stdout

    def wait_for(self, pred, what, timeout=15):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self.screen()
            if pred(text):
                return text
            time.sleep(0.05)
        self.fail("timed out waiting for %s; screen:\n%s" % (what, self.screen()))

    def complete(self, line):
        subprocess.run(["tmux", "-S", self.sock, "send-keys", "-l", line], check=True)
        subprocess.run(["tmux", "-S", self.sock, "send-keys", "Tab"], check=True)

    def test_commands_are_offered_with_their_descriptions(self):
        self.complete("swrtui ")
        text = self.wait_for(lambda t: "replicate" in t and "decode" in t, "the commands")
        self.assertIn("policies", text)
        self.assertIn("run a policy", text)

    def test_an_enumerated_value_is_completed(self):
        self.complete("swrtui list --order-by up")
        self.wait_for(lambda t: "--order-by updated_at" in t, "updated_at completed")

    def test_options_are_offered(self):
        self.complete("swrtui --cred")
        self.wait_for(lambda t: "--credentials-file" in t, "--credentials-file completed")
