#!/usr/bin/env python3
# SPDX-License-Identifier: BSL-1.0
"""Adds (or checks) the SPDX licence line of every source file of the project.

Usage:
    python3 tools/spdx.py [--check] [PROJECT_ROOT]

Source files are C++ (.hpp, .cpp, .h, .cc), CMake (CMakeLists.txt, .cmake,
.cmake.in), Python (.py), shell (.sh), JavaScript (.js, .mjs, .cjs),
Graphviz (.dot) and extension-less scripts whose first line is a #! line
naming sh, bash or python. Data is not: tests/data/ (vendored, Apache-2.0,
see its README), fuzz/corpus/, fuzz/regressions/, JSON, Markdown, fuzzer
dictionaries.

The files come from `git ls-files --cached --others --exclude-standard` when
PROJECT_ROOT is a git work tree (so build folders and node_modules, which are
git-ignored, never count), else from walking the folder.

Without --check, a file that lacks the line gets it: as the first line, or
the second after a #! line. Running it twice changes nothing. With --check
(the ctest `spdx_headers`), nothing is written: exit 1 listing every source
file whose first lines carry no `SPDX-License-Identifier: BSL-1.0`.
"""
import os
import subprocess
import sys

LICENSE = "BSL-1.0"
TAG = "SPDX-License-Identifier:"
EXCLUDED_PREFIXES = ("tests/data/", "fuzz/corpus/", "fuzz/regressions/", "build", ".git/")
EXCLUDED_PARTS = ("node_modules",)
SLASH = {".hpp", ".cpp", ".h", ".cc", ".js", ".mjs", ".cjs", ".dot"}
HASH = {".cmake", ".py", ".sh"}
# How far down the line may be (after a #! line, an encoding line, ...).
SEARCH_LINES = 5


def comment_style(rel, full):
    """'//' or '#' for a source file, None for anything else."""
    name = os.path.basename(rel)
    if name == "CMakeLists.txt" or name.endswith(".cmake.in"):
        return "#"
    ext = os.path.splitext(name)[1]
    if ext in SLASH:
        return "//"
    if ext in HASH:
        return "#"
    if ext == "":
        try:
            with open(full, "rb") as f:
                first = f.readline(200)
        except OSError:
            return None
        if first.startswith(b"#!") and any(w in first for w in (b"sh", b"bash", b"python")):
            return "#"
    return None


def candidates(root):
    try:
        out = subprocess.run(["git", "-C", root, "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                             check=True, capture_output=True).stdout
        rels = [p.decode() for p in out.split(b"\0") if p]
    except (OSError, subprocess.CalledProcessError):
        rels = []
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = [d for d in dirnames if d not in EXCLUDED_PARTS and d != ".git"]
            for n in filenames:
                rels.append(os.path.relpath(os.path.join(dirpath, n), root).replace(os.sep, "/"))
    for rel in sorted(set(rels)):
        if rel.startswith(EXCLUDED_PREFIXES) or any(p in rel.split("/") for p in EXCLUDED_PARTS):
            continue
        full = os.path.join(root, rel)
        if not os.path.isfile(full) or os.path.islink(full):
            continue  # deleted from the work tree but still in the index
        style = comment_style(rel, full)
        if style:
            yield rel, full, style


def has_line(lines):
    for line in lines[:SEARCH_LINES]:
        if TAG.encode() in line:
            return line.split(TAG.encode(), 1)[1].strip().startswith(LICENSE.encode())
    return None


def main(argv):
    args = [a for a in argv[1:] if a != "--check"]
    check = len(args) != len(argv) - 1
    root = os.path.abspath(args[0] if args else os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    missing, wrong, added, total = [], [], [], 0
    for rel, full, style in candidates(root):
        total += 1
        with open(full, "rb") as f:
            data = f.read()
        lines = data.splitlines(keepends=True)
        state = has_line(lines)
        if state is True:
            continue
        if state is False:
            wrong.append(rel)
            continue
        if check:
            missing.append(rel)
            continue
        newline = b"\r\n" if b"\r\n" in (lines[0] if lines else b"") else b"\n"
        spdx = f"{style} {TAG} {LICENSE}".encode() + newline
        at = 1 if lines and lines[0].startswith(b"#!") else 0
        lines.insert(at, spdx)
        with open(full, "wb") as f:
            f.write(b"".join(lines))
        added.append(rel)
    for rel in wrong:
        print(f"other licence identifier (not {LICENSE}): {rel}")
    for rel in missing:
        print(f"no '{TAG} {LICENSE}' in the first {SEARCH_LINES} lines: {rel}")
    for rel in added:
        print(f"added: {rel}")
    if check:
        bad = len(missing) + len(wrong)
        print(f"{total} source files, {bad} without the SPDX line"
              + ("; run python3 tools/spdx.py to add it" if missing else ""))
        return 1 if bad else 0
    print(f"{total} source files, {len(added)} given the SPDX line")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
