#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Find undefined names in the exec'd case files of the packet suites.

siit.py and nat64.py exec cases_<area>.py in their own namespace, and some
case files exec shared helpers in turn, so pyflakes cannot see those names
when it checks one file.  A name that only a rarely taken branch uses (a
match lambda, an error path) then fails as a NameError inside the VM, half an
hour into CI.  This script builds, for every case file, the program the
runner really executes (runner + inlined execs + case file, the star import
of bytecase spelled out) and runs pyflakes over it.  Exit 1 on any undefined
name; prints "lint-cases: N passed, N failed".
"""
import ast
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = os.path.join(HERE, "../shell/testcases")
RUNNERS = {"siit": "siit.py", "nat64": "nat64.py"}

# exec(open(os.path.join(..., "NAME")).read()) or ....read().split("SEP")[0]
EXEC_RE = re.compile(r'^exec\(open\(os\.path\.join\(.*?"([\w.{}]+)"\)\)\.read\(\)'
                     r'(?:\.split\("([^"]*)"\)\[0\])?\)\s*$')


def public_names(path):
    """Everything `from MODULE import *` binds: module-level names without
    a leading underscore, imported modules included."""
    tree = ast.parse(open(path).read())
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            for t in node.targets:
                for n in ast.walk(t):
                    if isinstance(n, ast.Name):
                        names.add(n.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for a in node.names:
                names.add((a.asname or a.name).split(".")[0])
    return sorted(n for n in names if not n.startswith("_"))


def inline(path, depth=0):
    """PATH's text with every exec of a sibling file replaced by that file."""
    out = []
    for line in open(path).read().splitlines():
        m = EXEC_RE.match(line)
        if m and "{" not in m.group(1) and depth < 4:
            text = inline(os.path.join(os.path.dirname(path), m.group(1)), depth + 1)
            if m.group(2) is not None:
                text = text.split(m.group(2))[0]
            out.append(text)
        else:
            out.append(line)
    return "\n".join(out)


def program(suite, case):
    star = "from bytecase import (%s)  # noqa" % ", ".join(
        public_names(os.path.join(HERE, "bytecase.py")))
    runner = os.path.join(CASES, suite, RUNNERS[suite])
    lines = []
    for line in open(runner).read().splitlines():
        if line.startswith("from bytecase import *"):
            lines.append(star)
        elif EXEC_RE.match(line) and "{AREA}" in line:
            lines.append(inline(case))
        else:
            lines.append(line)
    return "\n".join(lines) + "\n"


def main():
    passed = failed = 0
    for suite in sorted(RUNNERS):
        d = os.path.join(CASES, suite)
        for name in sorted(os.listdir(d)):
            if not (name.startswith("cases_") and name.endswith(".py")):
                continue
            with tempfile.NamedTemporaryFile("w", suffix=".py") as f:
                f.write(program(suite, os.path.join(d, name)))
                f.flush()
                r = subprocess.run(["pyflakes3", f.name], capture_output=True, text=True)
            bad = [ln for ln in r.stdout.splitlines() if "undefined name" in ln]
            if bad:
                failed += 1
                print(f"FAIL: {suite}/{name}:")
                for ln in bad:
                    print("    " + ln.split(":", 1)[1])
            else:
                passed += 1
    print(f"lint-cases: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
