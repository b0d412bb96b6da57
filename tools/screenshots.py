#!/usr/bin/env python3
"""make screenshots: PNG pictures of swrtui's main screens, taken from a real terminal.

xterm (dark background, DejaVu Sans Mono 11) runs under Xvfb and shows a tmux session in which
swrtui runs against the local SWR emulator's sample registries; tmux drives the keys and says when
the screen holds what is expected, xwd grabs the X screen and ImageMagick writes the PNG. The
pictures go to docs/screenshots/ (the README shows them). Debian packages: xvfb xterm x11-apps
imagemagick fonts-dejavu-core (tools/ensure-deps.sh installs them).

Usage: python3 tools/screenshots.py [--bin ./swrtui] [--out docs/screenshots]"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "integration"))
from harness import INSTANCE, PROJECT, TOKEN, Emulator  # noqa: E402

COLS, ROWS = 100, 30


class Terminal:
    """An xterm on its own Xvfb display, attached to a tmux session of its own."""

    def __init__(self, tmp, env):
        self.tmp, self.env = tmp, env
        self.sock = os.path.join(tmp, "tmux.sock")
        r, w = os.pipe()
        self.xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(w), "-screen", "0", "1280x900x24", "-nolisten",
                                      "tcp"], pass_fds=(w,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(w)
        with os.fdopen(r) as f:
            self.display = ":" + f.readline().strip()
        self.xterm = None

    def start(self, argv):
        subprocess.run(["tmux", "-S", self.sock, "new-session", "-d", "-x", str(COLS), "-y", str(ROWS)] + argv,
                       env=self.env, check=True)
        subprocess.run(["tmux", "-S", self.sock, "set", "-g", "status", "off"], check=True)
        xenv = dict(self.env, DISPLAY=self.display)
        self.xterm = subprocess.Popen(
            ["xterm", "-T", "swrtui-screenshot", "-geometry", "%dx%d+0+0" % (COLS, ROWS), "-bg", "black", "-fg", "white", "-fa",
             "DejaVu Sans Mono", "-fs", "11", "-b", "0", "-e", "tmux", "-S", self.sock, "attach"],
            env=xenv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def text(self):
        return subprocess.run(["tmux", "-S", self.sock, "capture-pane", "-p"], capture_output=True,
                              text=True).stdout

    def wait_for(self, needle, timeout=20):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if needle in self.text():
                time.sleep(0.5)   # xterm paints what tmux already holds
                return
            time.sleep(0.05)
        raise SystemExit("screenshots: %r never appeared; the screen:\n%s" % (needle, self.text()))

    def keys(self, *keys):
        for k in keys:
            subprocess.run(["tmux", "-S", self.sock, "send-keys", k], check=True)
            time.sleep(0.15)

    def type(self, text):
        subprocess.run(["tmux", "-S", self.sock, "send-keys", "-l", text], check=True)

    def shot(self, path):
        xwd = subprocess.run(["xwd", "-name", "swrtui-screenshot", "-silent", "-display", self.display],
                             capture_output=True, check=True).stdout
        subprocess.run(["convert", "xwd:-", "-strip", "png:" + path], input=xwd, check=True)
        print("screenshots: wrote", os.path.relpath(path, ROOT))

    def stop(self):
        subprocess.run(["tmux", "-S", self.sock, "kill-server"], capture_output=True)
        if self.xterm:
            self.xterm.wait(timeout=10)

    def close(self):
        self.stop()
        self.xvfb.terminate()
        self.xvfb.wait(timeout=10)


def shoot(binary, out, emu, name, argv, steps):
    """Runs swrtui argv in a fresh terminal, plays steps (("keys", ...), ("type", text) or ("wait", text)),
    then saves
    out/name.png."""
    with tempfile.TemporaryDirectory() as tmp:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SWRTUI_", "CLOUD_SDK_"))}
        env.update(HOME=tmp, XDG_CONFIG_HOME=os.path.join(tmp, "config"), LANG="C.UTF-8", LC_ALL="C.UTF-8",
                   TERM="screen-256color",  # swrtui runs inside tmux, which draws on the xterm
                   SWRTUI_ENDPOINT=emu.url, SWRTUI_PROJECT_ID=PROJECT,
                   SWRTUI_INSTANCE_ID=INSTANCE, SWRTUI_TOKEN=TOKEN)
        env.pop("NO_COLOR", None)
        term = Terminal(tmp, env)
        try:
            term.start([binary] + argv)
            for kind, *args in steps:
                if kind == "wait":
                    term.wait_for(args[0])
                elif kind == "type":
                    term.type(args[0])
                else:
                    term.keys(*args)
            term.shot(os.path.join(out, name + ".png"))
        finally:
            term.close()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bin", default=os.path.join(ROOT, "swrtui"))
    ap.add_argument("--out", default=os.path.join(ROOT, "docs", "screenshots"))
    a = ap.parse_args()
    for tool in ("Xvfb", "xterm", "xwd", "convert", "tmux"):
        if not shutil.which(tool):
            raise SystemExit("screenshots: %s is missing (sh tools/ensure-deps.sh xvfb xterm x11-apps "
                             "imagemagick fonts-dejavu-core)" % tool)
    os.makedirs(a.out, exist_ok=True)
    binary = os.path.abspath(a.bin)
    with Emulator("--sample") as emu:
        sample = emu.state()
        shoot(binary, a.out, emu, "list", [], [("wait", "swr-ee-singapore")])
        shoot(binary, a.out, emu, "form", ["edit", "7"], [("wait", "Instance ID"), ("keys", "Down", "Down")])
        emu.fault(method="PUT", path=emu.api_path("registries/7"), status=403,
                  json={"error_code": "SVCSTG.SWR.4030170", "error_msg": "Insufficient permissions: the "
                        "action swr:instance:updateRegistry is not allowed for this user."})
        shoot(binary, a.out, emu, "error-panel", ["edit", "7"],
              [("wait", "Instance ID")] + [("keys", "Tab")] * 8 +
              [("type", "rotated-secret"), ("keys", "F2"), ("wait", "Send"), ("keys", "y"),
               ("wait", "403")])
        emu.control("DELETE", "/_emu/faults")
        # the probe: registry 4 pointed at a registry double on loopback (Bearer token auth), probed with
        # a secret that the registry refuses
        double = subprocess.Popen([sys.executable, os.path.join(ROOT, "tests", "probe", "registry_double.py"),
                                   "--auth", "bearer", "--user", "robot$lab", "--password", "lab-secret",
                                   "--quiet"], stdout=subprocess.PIPE, text=True)
        try:
            url = double.stdout.readline().split()[-1]
            state = json.loads(json.dumps(sample))
            reg = next(r for r in state["registries"] if r["id"] == 4)
            reg.update(url=url, dns_conf={"hosts": {}}, insecure=False)
            reg["credential"]["access_key"] = "robot$lab"
            emu.control("PUT", "/_emu/state", state)
            shoot(binary, a.out, emu, "probe", ["edit", "4"],
                  [("wait", "harbor-lab")] + [("keys", "Tab")] * 5 +
                  [("type", "an-old-secret"), ("keys", "F5"), ("wait", "Failed at")])
        finally:
            double.terminate()
            double.wait(timeout=10)
            emu.control("PUT", "/_emu/state", sample)


if __name__ == "__main__":
    main()
