#!/usr/bin/env python3
"""layers.py — `make layers`: checks that the code keeps the shape the README's "How the code is laid out"
describes. It fails (exit 1, one line per finding) when
  - a .c file sits loose in src/ (every one belongs in the folder of its layer), or a source file is in no known layer;
  - a file includes a header of a layer it may not use (the table ALLOWED below), or a private header
    of another folder (in ui/, compiled with -Iui, "widget/widget.h" names the header of the ui layer
    widget and is checked against the table like a layer's header);
  - anything in src/ or include/ includes curses, or anything in ui/ includes libcurl;
  - an object calls a function defined in a layer it may not use (read from the objects with nm, so a
    hand-written prototype cannot hide an arrow that points up), or ui/ calls libcurl;
  - translation units form a dependency cycle (a strongly connected set of two or more objects);
  - a function is longer than MAX_FUNCTION_LINES lines.
Usage: layers.py BUILD_DIR  (the folder that holds src/ and ui/ objects, e.g. build/release)"""
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MAX_FUNCTION_LINES = 80

# Each layer and the layers it may use (besides itself). Arrows point one way: from base up to cli and ui.
ALLOWED = {
    "base": set(),
    "model": {"base"},
    "http": {"base"},
    "auth": {"base", "http"},
    "swr": {"base", "model", "http", "auth"},
    "config": {"base", "model", "http", "auth", "swr"},
    "probe": {"base", "model", "http"},
    "cli": {"base", "model", "http", "auth", "swr", "config", "probe"},
    "main": {"base", "model", "http", "auth", "swr", "config", "probe", "cli", "term", "widget", "screen"},
    "term": {"base"},
    "widget": {"base", "model", "term"},
    "screen": {"base", "model", "http", "auth", "swr", "config", "probe", "cli", "term", "widget"},
}
SRC_LAYERS = ["base", "model", "http", "auth", "swr", "config", "probe", "cli"]
UI_LAYERS = ["term", "widget", "screen"]


def layer_of(path):
    """The layer of a file by its place in the tree, or None."""
    parts = path.split("/")
    if path == "ui/main.c":
        return "main"
    if parts[0] == "src" and len(parts) >= 3 and parts[1] in SRC_LAYERS:
        return parts[1]
    if parts[0] == "ui" and len(parts) >= 3 and parts[1] in UI_LAYERS:
        return parts[1]
    if parts[:2] == ["include", "swrtui"] and len(parts) >= 4 and parts[2] in SRC_LAYERS:
        return parts[2]
    return None


def sources():
    out = []
    for top in ("src", "ui", "include"):
        for dirpath, _, files in os.walk(os.path.join(ROOT, top)):
            for f in files:
                if f.endswith((".c", ".h")):
                    out.append(os.path.relpath(os.path.join(dirpath, f), ROOT))
    return sorted(out)


INCLUDE_RE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.M)
CURSES_RE = re.compile(r"^(n?curses(w)?/)?(n?curses|curses|term|panel|form|menu)\.h$")


def check_includes(files, problems):
    for path in files:
        with open(os.path.join(ROOT, path), encoding="utf-8", errors="replace") as f:
            text = f.read()
        mine = layer_of(path)
        if path.startswith("src/") and path.endswith(".c") and path.count("/") == 1:
            problems.append(f"{path}: a loose .c file in src/ (put it in the folder of its layer)")
        if mine is None and path.endswith(".c"):
            problems.append(f"{path}: in no known layer")
            continue
        for kind, inc in INCLUDE_RE.findall(text):
            local = kind == '"' and os.path.exists(os.path.join(ROOT, os.path.dirname(path), inc))
            if CURSES_RE.match(inc) and not local and (path.startswith("src/") or path.startswith("include/")):
                problems.append(f"{path}: includes <{inc}> (curses belongs to ui/ only)")
            if inc.startswith("curl/") and path.startswith("ui/"):
                problems.append(f"{path}: includes <{inc}> (ui/ never calls libcurl)")
            if kind == '"' and inc.startswith("swrtui/"):
                target = layer_of("include/" + inc)
                if target is None:
                    problems.append(f"{path}: includes {inc}, which is in no layer")
                elif mine and target != mine and target not in ALLOWED[mine]:
                    problems.append(f"{path}: layer {mine} includes {inc} of layer {target}")
            elif kind == '"' and path.startswith("ui/") and inc.split("/")[0] in UI_LAYERS and "/" in inc:
                # ui/ is compiled with -Iui: "term/term.h" is the header of the ui layer term
                target = layer_of("ui/" + inc)
                if not os.path.exists(os.path.join(ROOT, "ui", inc)):
                    problems.append(f"{path}: includes {inc}, which is not under ui/")
                elif mine and target != mine and target not in ALLOWED[mine]:
                    problems.append(f"{path}: layer {mine} includes {inc} of layer {target}")
            elif kind == '"' and not inc.startswith("swrtui/"):
                resolved = os.path.normpath(os.path.join(os.path.dirname(path), inc))
                if os.path.dirname(resolved) != os.path.dirname(path):
                    problems.append(f"{path}: includes {inc}, a private header of another folder")


def nm_symbols(obj):
    out = subprocess.run(["nm", "-P", obj], capture_output=True, text=True, check=True).stdout
    defined, undefined = set(), set()
    for line in out.splitlines():
        f = line.split()
        if len(f) < 2:
            continue
        name, typ = f[0], f[1]
        if typ == "U":
            undefined.add(name)
        elif typ in "TDBRCVWGS" and typ.isupper():
            defined.add(name)
    return defined, undefined


def check_objects(build, problems):
    objs = {}
    for top in ("src", "ui"):
        for dirpath, _, files in os.walk(os.path.join(build, top)):
            for f in files:
                if f.endswith(".o"):
                    full = os.path.join(dirpath, f)
                    unit = os.path.relpath(full, build)[:-2] + ".c"
                    if os.path.exists(os.path.join(ROOT, unit)):
                        objs[unit] = nm_symbols(full)
    if not objs:
        problems.append(f"{build}: no objects found (build first)")
        return
    owner = {}
    for unit, (defined, _) in objs.items():
        for s in defined:
            owner[s] = unit
    graph = {u: set() for u in objs}
    for unit, (_, undefined) in objs.items():
        mine = layer_of(unit)
        for s in undefined:
            if unit.startswith("ui/") and s.startswith("curl_"):
                problems.append(f"{unit}: calls {s} (ui/ never calls libcurl)")
            dep = owner.get(s)
            if not dep or dep == unit:
                continue
            graph[unit].add(dep)
            theirs = layer_of(dep)
            if mine and theirs and theirs != mine and theirs not in ALLOWED[mine]:
                problems.append(f"{unit}: layer {mine} uses {s} from {dep} (layer {theirs})")
    for scc in strongly_connected(graph):
        if len(scc) > 1:
            problems.append("dependency cycle between units: {" + ", ".join(sorted(scc)) + "}")


def strongly_connected(graph):
    """Tarjan's algorithm, iterative."""
    index, low, on, stack, out = {}, {}, set(), [], []
    counter = [0]
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter[0]
        counter[0] += 1
        stack.append(root)
        on.add(root)
        while work:
            node, it = work[-1]
            advanced = False
            for nxt in it:
                if nxt not in index:
                    index[nxt] = low[nxt] = counter[0]
                    counter[0] += 1
                    stack.append(nxt)
                    on.add(nxt)
                    work.append((nxt, iter(sorted(graph[nxt]))))
                    advanced = True
                    break
                if nxt in on:
                    low[node] = min(low[node], index[nxt])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                comp = []
                while True:
                    w = stack.pop()
                    on.discard(w)
                    comp.append(w)
                    if w == node:
                        break
                out.append(comp)
    return out


NAME_RE = re.compile(r"(\w+)\s*\(")


def function_lengths(path):
    """(name, first line, length) of each function definition in the house style: the body opens with a
    "{" alone in column 0 and closes with a "}" in column 0; the name is read from the signature above."""
    with open(os.path.join(ROOT, path), encoding="utf-8", errors="replace") as f:
        lines = f.read().split("\n")
    out = []
    start, name = None, None
    for i, line in enumerate(lines):
        if start is None and line.rstrip() == "{":
            start, name = i, "?"
            for j in range(i - 1, max(i - 8, -1), -1):
                if lines[j][:1].strip() and not lines[j].startswith(("/*", " *", "#")):
                    m = NAME_RE.search(lines[j])
                    if m:
                        name = m.group(1)
                        break
        elif start is not None and line.startswith("}"):
            out.append((name, start + 1, i - start + 1))
            start = None
    return out


def check_function_sizes(files, problems):
    for path in files:
        if not path.endswith(".c"):
            continue
        for name, line, n in function_lengths(path):
            if n > MAX_FUNCTION_LINES:
                problems.append(f"{path}:{line}: {name}() is {n} lines (at most {MAX_FUNCTION_LINES})")


def main(argv):
    build = argv[1] if len(argv) > 1 else os.path.join(ROOT, "build", "release")
    files = sources()
    problems = []
    check_includes(files, problems)
    check_objects(build, problems)
    check_function_sizes(files, problems)
    for p in problems:
        print("layers: " + p)
    if problems:
        print(f"layers: {len(problems)} problem(s)")
        return 1
    print(f"layers: ok ({len(files)} files; arrows one way, no cycles, no function over {MAX_FUNCTION_LINES} lines)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
